"""Rater effects: leniency/severity, central tendency, halo, recency, and a rater-adjusted score.

Calibration meetings argue about *people*; these functions first ask whether the *raters* differ.
A manager's high average is not leniency when peers and skip-levels rate the same team equally
high, so leniency is estimated in an additive model whose ratee effects absorb team strength.
Every estimate carries n and a 95% interval; flags always travel with their statistic, threshold
and n. Pure, vectorised Polars/NumPy/SciPy; see ``docs/methods.md`` for the methods note.

The unit of analysis is the (cycle, ratee, rater) *pair mean*: the six dimension scores a rater
gives one person are not independent evidence, so n, standard errors and tests count pairs or
distinct ratees, never dimension rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import polars as pl

from analytics.stats.checks import require_columns
from analytics.stats.keys import (
    PAIR_KEYS,
    ROW,
    align_keys,
    as_string,
    combine_codes,
    dense_codes,
    gather_rows,
    relabel,
    value_codes,
)
from analytics.stats.person_score import (
    RaterViews,
    rater_means,
    rater_means_from_pairs,
    views_of,
    with_rater_weights,
)
from analytics.stats.quantiles import t_quantile
from analytics.text import phrase, phrase_dtype

if TYPE_CHECKING:  # annotations only: scipy is imported where it is used
    from collections.abc import Callable

    from scipy import sparse

__all__ = [
    "CT_POOLED_MIN_PEOPLE",
    "CT_POOLED_MIN_RATINGS",
    "EFFECT_COLUMNS",
    "MIN_SHARED_RATEES",
    "PATTERN_MIN_RATEES",
    "PATTERN_STATUSES",
    "RATER_FLAGS",
    "RATER_STATUSES",
    "RECENCY_MIN_N",
    "RECENCY_MIN_RATEES",
    "RECENCY_REASONS",
    "STATUS_REASONS",
    "RaterFit",
    "adjusted_scores",
    "adjusted_scores_from_pairs",
    "central_tendency",
    "halo",
    "rater_effects",
    "rater_fit_from_pairs",
    "rater_table",
    "rater_table_from_pairs",
    "rater_table_of",
    "recency",
]

RATER_FLAGS: tuple[str, ...] = ("lenient", "severe", "central_tendency", "halo", "recency")

_Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975), written out: no scipy at import
#: largest effect first; effects that differ only in the last bits (sums taken in another
#: order by other threads) tie, and ties go by rater id, so the order is the same on every run
SORT_EFFECT = pl.col("effect").round(9)
_REQUIRED = ("cycle_id", "employee_id", "rater_id", "rater_role", "dimension", "score")
_CG_RTOL = 1e-9
_CG_MAXITER = 5000
_SOLVE_TOL = 1e-6  # relative residual above which the fixed rater solve is not trusted
_PIN_RTOL = 1e-12  # CG tolerance of the pinned fixed solve (two fits in another row order agree)
_DIRECT_MAX_SET = 1500  # connected sets up to this many raters: a direct (sparse LU) solve
_EXACT_MAX_RATERS = 1500  # dense inverse up to this many raters (or clusters)
_COARSE_MAX = 2000  # largest cluster level factorised for the CG preconditioner
_F_ALPHA = 0.05  # the raters must differ (F test of the rater variance) before effects shrink
_Z80 = 0.8416212335729143  # scipy.stats.norm.ppf(0.80): 80% power

# --------------------------------------------------------------------------------------------
# shared plumbing
# --------------------------------------------------------------------------------------------


def _filtered(ratings: pl.DataFrame, cycle: str | None, include_self: bool) -> pl.LazyFrame:
    require_columns(ratings, _REQUIRED, "ratings")
    lf = ratings.lazy().filter(
        pl.col("rater_id").is_not_null()
        & pl.col("score").is_not_null()
        & pl.col("score").is_finite()
    )
    if cycle is not None:
        lf = lf.filter(pl.col("cycle_id") == cycle)
    if not include_self:
        lf = lf.filter(pl.col("rater_role") != "self")
    return lf


def _pair_raw_lazy(lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.group_by(*PAIR_KEYS).agg(
        n=pl.len(),
        raw=pl.col("score").sum(),
        ss_raw=(pl.col("score") ** 2).sum(),
    )


def _dims_lazy(lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.group_by("cycle_id", "dimension").agg(_sum=pl.col("score").sum(), _cnt=pl.len())


def _finish_pairs(lf: pl.LazyFrame, raw: pl.DataFrame, dims: pl.DataFrame) -> pl.DataFrame:
    """Attach ``y``, the pair mean net of dimension effects, and ``ss_within``.

    A pair is complete when it has one row per dimension of its cycle. Dimension effects
    ``d_cd`` (centred within the cycle) are the within-pair estimates from complete pairs,
    ``mean(score of dimension d) - mean(pair mean)``, so who skipped what cannot bias them;
    complete pairs get ``y = raw mean`` (their ``d`` sum to 0), incomplete pairs
    ``y = (raw - sum of their dimensions' d) / n``: a pair that skipped a hard dimension is not
    read as lenient. Only the rows of incomplete pairs (usually none) are read a second time.
    ``ss_within`` is the within-pair sum of squares of the *raw* scores: differentiating
    dimensions that are harder for everyone is still differentiation (the halo index needs it).
    """
    n_dims = dims.group_by("cycle_id").agg(_dn=pl.len())
    pairs = raw.join(n_dims, on="cycle_id", how="left").with_columns(
        _complete=pl.col("n") == pl.col("_dn"),
        raw_mean=pl.col("raw") / pl.col("n"),
    )
    y = pl.col("raw_mean")
    if not pairs["_complete"].all():
        keys = list(PAIR_KEYS)
        rows = (
            lf.join(
                pairs.lazy().filter(~pl.col("_complete")).select(keys),
                on=keys,
                how="semi",
                nulls_equal=True,
            )
            .select(*keys, "dimension", "score")
            .collect()
        )
        inc = rows.group_by("cycle_id", "dimension").agg(
            _isum=pl.col("score").sum(), _icnt=pl.len()
        )
        pm = (
            pairs.filter(pl.col("_complete"))
            .group_by("cycle_id")
            .agg(_pm=pl.col("raw_mean").mean())
        )
        d = (
            dims.join(inc, on=["cycle_id", "dimension"], how="left")
            .join(pm, on="cycle_id", how="left")
            .with_columns(
                _csum=pl.col("_sum") - pl.col("_isum").fill_null(0.0),
                _ccnt=pl.col("_cnt") - pl.col("_icnt").fill_null(0),
            )
            .with_columns(
                d=pl.when(pl.col("_ccnt") > 0)
                .then(pl.col("_csum") / pl.col("_ccnt") - pl.col("_pm"))
                .otherwise(pl.col("_sum") / pl.col("_cnt"))  # no complete pair: marginal
            )
            .with_columns(pl.col("d") - pl.col("d").mean().over("cycle_id"))
            .select("cycle_id", "dimension", "d")
        )
        dsum = (
            rows.join(d, on=["cycle_id", "dimension"], how="left")
            .group_by(keys)
            .agg(_dsum=pl.col("d").fill_null(0.0).sum())
        )
        pairs = pairs.join(dsum, on=keys, how="left", nulls_equal=True)
        y = (
            pl.when(pl.col("_complete"))
            .then(y)
            .otherwise((pl.col("raw") - pl.col("_dsum")) / pl.col("n"))
        )
    return pairs.with_columns(
        y=y,
        ss_within=(pl.col("ss_raw") - pl.col("raw") ** 2 / pl.col("n")).clip(lower_bound=0.0),
    ).drop([c for c in ("_dn", "_complete", "_dsum") if c in pairs.columns])


def _units_lazy(lf: pl.LazyFrame, columns: list[str]) -> pl.LazyFrame:
    """Ratee organisational unit (department, team) per employee, for the rater clusters."""
    cols = [c for c in ("department", "team") if c in columns]
    return lf.group_by("employee_id").agg(*[pl.col(c).first() for c in cols])


def _pair_frame(
    ratings: pl.DataFrame, cycle: str | None = None, include_self: bool = False
) -> pl.DataFrame:
    """Aggregate rating rows to one row per (cycle, ratee, rater, role) pair (see
    :func:`_finish_pairs`). Rows without rater_id (aggregated sources) are dropped: they cannot
    carry a rater effect."""
    return _pairs_and_units(ratings, cycle, include_self, units=False)[0]


def _pairs_and_units(
    ratings: pl.DataFrame,
    cycle: str | None = None,
    include_self: bool = False,
    units: bool = True,
    lf: pl.LazyFrame | None = None,
    shared: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Pairs (and the ratees' units) from one parallel pass over the rating rows. ``shared``:
    :func:`analytics.stats.keys.rating_pairs` of ``ratings`` (all cycles): the pairs and units are
    taken from it and only the per-dimension sums read the rows."""
    if lf is None:
        lf = _filtered(ratings, cycle, include_self)
    want_units = units and "department" in ratings.columns
    if shared is not None and cycle is None:
        keep = pl.col("rater_id").is_not_null()
        if not include_self:
            keep = keep & (pl.col("rater_role") != "self")
        own = shared.filter(keep)
        raw = own.select(*PAIR_KEYS, "n", raw=pl.col("s"), ss_raw=pl.col("ss"))
        unit_rows = None
        if want_units:  # the first row of each ratee, as first() over the rows gives
            cols = [c for c in ("department", "team") if c in ratings.columns]
            first = own.group_by("employee_id").agg(pl.col(ROW).min())
            unit_rows = first.select("employee_id").with_columns(
                gather_rows(ratings, first[ROW], cols)
            )
        return _finish_pairs(lf, raw, _dims_lazy(lf).collect()), unit_rows
    plans = [_pair_raw_lazy(lf), _dims_lazy(lf)]
    if want_units:
        plans.append(_units_lazy(lf, ratings.columns))
    out = pl.collect_all(plans)
    pairs = _finish_pairs(lf, out[0], out[1])
    return pairs, (out[2] if want_units else None)


def _design(pairs: pl.DataFrame) -> dict:
    """Integer codes of a pair frame: rater j, ratee i = (cycle, employee), employee, cycle."""
    rj, n_j = dense_codes(pairs["rater_id"])
    cyc, n_c = dense_codes(pairs["cycle_id"])
    emp, n_e = dense_codes(pairs["employee_id"])
    ri, n_i = combine_codes(cyc, emp, n_e)
    first = np.zeros(n_j, dtype=np.int64)
    first[rj] = np.arange(rj.size)
    return {
        "rj": rj,
        "n_j": n_j,
        "cyc": cyc,
        "n_c": n_c,
        "emp": emp,
        "n_e": n_e,
        "ri": ri,
        "n_i": n_i,
        "rater_id": pairs["rater_id"].gather(first).cast(pl.String),
    }


def _dyads(des: dict, rows: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Dense codes of the (rater, employee) dyads of the design's pairs (or of the pairs
    selected by the boolean mask ``rows``), in key order as :func:`analytics.stats.keys.combine_codes` gives them.
    Why: the rater effects, central tendency and halo each need them; the codes of all pairs
    are ranked once (a parallel sort at millions of pairs) and a subset is renumbered in O(n)."""
    if "dyad" not in des:
        des["dyad"], des["n_d"] = combine_codes(des["rj"], des["emp"], des["n_e"])
    if rows is None or rows.all():  # every pair: its codes are already dense
        return des["dyad"], des["n_d"]
    sub = des["dyad"][rows]
    return relabel(sub) if sub.size else (sub, 0)


def _shared(des: dict) -> dict:
    """The pairs whose ratee has another rater in that cycle (``m_i >= 2``): their mask ``v``,
    ratee and rater codes ``ri``, ``rj`` and their dyads' codes ``dyad`` (``n_d`` of them), once
    per design. Why: the evidence, the scale use and central tendency each judge a rater on
    these pairs; selecting them and renumbering their dyads three times cost about 0.6 CPU s
    at 40M ratings."""
    if "shared" not in des:
        ri = des["ri"]
        v = np.bincount(ri, minlength=des["n_i"])[ri] >= 2
        dyad, n_d = _dyads(des, v)
        sel = slice(None) if v.all() else v  # (the codes read, never written: views will do)
        des["shared"] = {"v": v, "ri": ri[sel], "rj": des["rj"][sel], "dyad": dyad, "n_d": n_d}
    return des["shared"]


def _per_rater(values: np.ndarray, owner: np.ndarray, n_j: int) -> np.ndarray:
    return np.bincount(owner, weights=values, minlength=n_j)


def _cg(matvec, rhs: np.ndarray, precond) -> np.ndarray:
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy.sparse.linalg import LinearOperator, cg

    n = rhs.size
    if n == 0 or not np.any(rhs):
        return np.zeros(n)
    op = LinearOperator((n, n), matvec=matvec, dtype=np.float64)
    pre = LinearOperator((n, n), matvec=precond, dtype=np.float64)
    sol, _info = cg(op, rhs, rtol=_CG_RTOL, atol=0.0, maxiter=_CG_MAXITER, M=pre)
    return sol


def _two_level(
    g: sparse.csr_matrix,
    pairs_j: np.ndarray,
    diag: np.ndarray,
    k: float,
    levels: list[np.ndarray],
):
    """Additive two-level preconditioner ``D^-1 + R (R'AR)^-1 R'`` (Jacobi plus an exact solve
    on the finest cluster level small enough to factorise), so whole teams/departments move
    together and CG needs few iterations on clustered rating designs."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import linalg, sparse

    n_j = diag.size
    inv_d = np.where(diag > 1e-12, 1.0 / np.where(diag > 1e-12, diag, 1.0), 0.0)
    for raw in levels:
        lab, n_c = relabel(raw)
        if 1 < n_c <= _COARSE_MAX:
            r = sparse.csr_matrix((np.ones(n_j), (np.arange(n_j), lab)), shape=(n_j, n_c))
            gr = g @ r
            ac = (
                np.diag(np.bincount(lab, weights=pairs_j + k, minlength=n_c))
                - (gr.T @ gr).toarray()
            )
            ridge = (1e-3 if k == 0 else 1e-10) * max(float(np.mean(np.diag(ac))), 1e-12)
            try:
                cho = linalg.cho_factor(ac + ridge * np.eye(n_c))
            except linalg.LinAlgError:
                break
            rt = r.T.tocsr()
            return lambda v: inv_d * v + r @ linalg.cho_solve(cho, rt @ v)
    return lambda v: inv_d * v


def _dense_diag_inv(a: np.ndarray, singular: bool) -> np.ndarray:
    """diag(a^-1); for a singular Laplacian-like ``a`` the Moore-Penrose inverse, whose null
    space is spanned by the indicators of the connected blocks: diag((a + UU')^-1) - 1/n_c."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import sparse
    from scipy.sparse import csgraph

    if not singular:
        return np.diag(np.linalg.inv(a))
    _, lab = csgraph.connected_components(sparse.csr_matrix(np.abs(a) > 1e-12), directed=False)
    size = np.bincount(lab).astype(np.float64)
    uu = (lab[:, None] == lab[None, :]) / size[lab][None, :]
    return np.diag(np.linalg.inv(a + uu)) - 1.0 / size[lab]


def _diag_inv(
    a: sparse.csr_matrix,
    levels: list[np.ndarray],
    k: float | None = None,
    w: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Diagonal of the Moore-Penrose inverse of the sparse, singular, Laplacian-like rater
    matrix ``a`` (exact when small); with ``k``, also the diagonal of the inverse of the
    positive definite ``a + k diag(w)`` (``w``: ones), else None.

    Large systems: second-order Neumann expansion around the diagonal (local couplings) plus
    the exact-or-recursive inverse of the aggregated matrix ``R'aR`` over the next coarser
    level of rater clusters (the uncertainty of a whole team's or department's level, which
    no local expansion sees). The two terms overlap a little, so the sum is slightly
    conservative (demo, 2,001 raters: BLUP SE ratio to exact 0.97-1.30, median 1.01).

    Why both at once: the shifted matrix has the same off-diagonal entries and, on every
    coarser level, the aggregate ``R'(a + k diag(w))R = R'aR + k diag(R'w)``, so the entries
    are squared and the coarse products built once, not once per matrix (the BLUP's and the
    fixed fit's prediction variances at 40M ratings: one sparse sum and one triple product
    of tens of millions of entries fewer).
    """
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import sparse

    n = a.shape[0]
    w = np.ones(n) if w is None else w
    if n <= _EXACT_MAX_RATERS:
        dense = a.toarray()
        fixed = _dense_diag_inv(dense, singular=True)
        if k is None:
            return fixed, None
        dense[np.diag_indices(n)] += k * w
        return fixed, _dense_diag_inv(dense, singular=False)
    d = a.diagonal()
    # the off-diagonal entries squared in place (the diagonal's set to 0) and each Neumann sum
    # a sparse product with 1/d (and 1/(d + kw)), both in one pass over the entries. Why: at
    # 40M ratings ``a`` has tens of millions of entries, and the copy to coordinates, the
    # selection of the off-diagonal ones and a gather and a scatter per matrix took about
    # 2 CPU s, most of it in fresh pair-length arrays
    row = np.repeat(np.arange(n, dtype=a.indices.dtype), np.diff(a.indptr))
    sq = np.where(a.indices == row, 0.0, a.data**2)
    del row
    diags = [d] if k is None else [d, d + k * w]
    sq_a = sparse.csr_matrix((sq, a.indices, a.indptr), shape=(n, n))
    sums = sq_a @ np.column_stack([1.0 / x for x in diags])
    del sq, sq_a
    out = [1.0 / x + s / x**2 for x, s in zip(diags, sums.T, strict=True)]
    fixed, shifted = out[0], (out[1] if k is not None else None)
    if levels:
        lab, n_c = relabel(levels[0])
        if n_c < n:
            r = sparse.csr_matrix((np.ones(n), (np.arange(n), lab)), shape=(n, n_c))
            ac = (r.T @ a @ r).tocsr()
            first = np.zeros(n_c, dtype=np.int64)
            first[lab] = np.arange(n)
            coarser = [lv[first] for lv in levels[1:]]
            wc = None if k is None else np.bincount(lab, weights=w, minlength=n_c)
            cf, cs = _diag_inv(ac, coarser, k, wc)
            fixed = fixed + cf[lab]
            if shifted is not None and cs is not None:
                shifted = shifted + cs[lab]
    return fixed, shifted


class _RaterSystem(NamedTuple):
    """The rater equations of :func:`_fit_additive` with the ratee effects absorbed:
    ``C = Z'MZ = diag(pairs_j) - G'G`` (``G[i, j] = n_ij / sqrt(m_i)``) and ``r = Z'M y``."""

    m: np.ndarray  # pairs per ratee
    ybar: np.ndarray  # ratee means
    dev: np.ndarray  # y less its ratee's mean
    rhs: np.ndarray  # r
    g: sparse.csr_matrix
    gt: sparse.csr_matrix
    pairs_j: np.ndarray  # pairs per rater
    cdiag: np.ndarray  # diag(C)
    identified: np.ndarray  # raters whose effect the fixed fit identifies

    def c_mv(self, b: np.ndarray, k: float = 0.0) -> np.ndarray:
        """(C + k I) b."""
        return (self.pairs_j + k) * b - self.gt @ (self.g @ b)


def _rater_system(
    ri: np.ndarray, rj: np.ndarray, y: np.ndarray, n_i: int, n_j: int
) -> _RaterSystem:
    """Stage 1 of :func:`_fit_additive`: within-ratee centring and the rater equations."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import sparse

    m = np.bincount(ri, minlength=n_i).astype(np.float64)
    ybar = np.bincount(ri, weights=y, minlength=n_i) / np.maximum(m, 1)
    dev = y - ybar[ri]
    rhs = np.bincount(rj, weights=dev, minlength=n_j)
    # C = Z'MZ = diag(pairs_j) - G'G with G[i, j] = n_ij / sqrt(m_i) (duplicates summed)
    g = sparse.csr_matrix((1.0 / np.sqrt(m[ri]), (ri, rj)), shape=(n_i, n_j))
    pairs_j = np.bincount(rj, minlength=n_j).astype(np.float64)
    # G's column sums of squares, in the row order scipy's column sum takes them (the same
    # sums, without a squared copy of G)
    sq = np.bincount(g.indices, weights=g.data**2, minlength=n_j)
    cdiag = np.clip(pairs_j - sq, 0.0, None)
    return _RaterSystem(m, ybar, dev, rhs, g, g.T.tocsr(), pairs_j, cdiag, cdiag > 1e-9)


def _grounded_solve(sy: _RaterSystem, comp_j: np.ndarray, sel: np.ndarray) -> np.ndarray:
    """The fixed rater solution on the raters ``sel`` (whole connected sets) by a direct
    solve: ``C`` restricted to them, with the first rater of each set held at 0 (its row and
    column left out: a grounded Laplacian, positive definite), factorised by sparse LU. One
    factorisation for all the sets (block diagonal: no fill between sets)."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import sparse
    from scipy.sparse.linalg import splu

    idx = np.flatnonzero(sel)
    _, first = np.unique(comp_j[idx], return_index=True)
    keep = np.delete(idx, first)
    b = np.zeros(sy.pairs_j.size)
    if keep.size:
        gk = sy.g[:, keep]
        c_red = (sparse.diags(sy.pairs_j[keep]) - (gk.T @ gk)).tocsc()
        lu = splu(
            c_red,
            permc_spec="MMD_AT_PLUS_A",
            diag_pivot_thresh=0.0,
            options={"SymmetricMode": True},
        )
        b[keep] = lu.solve(sy.rhs[keep])
    return b


def _pinned_precond(
    sy: _RaterSystem,
    comp_j: np.ndarray,
    mf: np.ndarray,
    inv_set: np.ndarray,
    levels: list[np.ndarray],
):
    """Two-level preconditioner ``D^-1 + R (R'AR)^-1 R'`` (as :func:`_two_level`) built for the
    pinned operator ``A = MCM + P + (I - M)`` of :func:`_pinned_cg`: its diagonal and its
    coarse matrix include the pinning ``P`` (positive definite: no ridge), so the set's
    common level, which ``C`` leaves free, is damped rather than amplified."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import linalg, sparse

    n_j = mf.size
    inv_d = 1.0 / (mf * (sy.cdiag + inv_set[comp_j]) + (1.0 - mf))
    big = np.flatnonzero(mf)
    for raw in levels:
        lab, n_c = relabel(raw)
        if 1 < n_c <= _COARSE_MAX:
            r = sparse.csr_matrix((np.ones(n_j), (np.arange(n_j), lab)), shape=(n_j, n_c))
            rm = sparse.csr_matrix((mf, (np.arange(n_j), lab)), shape=(n_j, n_c))
            gr = sy.g @ rm
            s = sparse.csr_matrix(
                (np.ones(big.size), (lab[big], comp_j[big])), shape=(n_c, inv_set.size)
            )
            ac = (
                np.diag(np.bincount(lab, weights=sy.pairs_j * mf + (1.0 - mf), minlength=n_c))
                - (gr.T @ gr).toarray()
                + (s @ sparse.diags(inv_set) @ s.T).toarray()
            )
            try:
                cho = linalg.cho_factor(ac)
            except linalg.LinAlgError:
                break
            rt = r.T.tocsr()
            return lambda v: inv_d * v + r @ linalg.cho_solve(cho, rt @ v)
    return lambda v: inv_d * v


def _pinned_cg(
    sy: _RaterSystem, comp_j: np.ndarray, n_comp: int, big: np.ndarray, lv: list[np.ndarray]
) -> tuple[np.ndarray, int]:
    """The fixed rater solution on the raters ``big`` (whole connected sets) by preconditioned
    CG on the pinned system ``(MCM + P + I - M) b = M r``: ``M`` the raters of ``big``,
    ``P = sum_c 1_c 1_c' / |c|`` over their sets, the identity elsewhere. Positive definite,
    and ``r`` sums to 0 over each set, so the solution sums to 0 within each set (Searle
    1987, 5.3). With CG's iterations."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy.sparse.linalg import LinearOperator, cg

    mf = big.astype(np.float64)
    set_n = np.bincount(comp_j, weights=mf, minlength=n_comp)
    inv_set = np.where(set_n > 0, 1.0 / np.maximum(set_n, 1.0), 0.0)

    def pinned(v: np.ndarray) -> np.ndarray:
        level = np.bincount(comp_j, weights=v * mf, minlength=n_comp) * inv_set
        return mf * (sy.c_mv(mf * v) + level[comp_j]) + (1.0 - mf) * v

    n = mf.size
    rhs = sy.rhs * mf
    if not np.any(rhs):
        return np.zeros(n), 0
    op = LinearOperator((n, n), matvec=pinned, dtype=np.float64)
    pre = LinearOperator(
        (n, n), matvec=_pinned_precond(sy, comp_j, mf, inv_set, lv), dtype=np.float64
    )
    its = [0]

    def count(_xk: np.ndarray) -> None:
        its[0] += 1

    sol, _info = cg(op, rhs, rtol=_PIN_RTOL, atol=0.0, maxiter=_CG_MAXITER, M=pre, callback=count)
    return sol * mf, its[0]


def _fixed_fit(
    sy: _RaterSystem, ri: np.ndarray, rj: np.ndarray, n_i: int, n_j: int, lv: list[np.ndarray]
) -> tuple[np.ndarray, int, np.ndarray, np.ndarray, bool]:
    """Stage 2 of :func:`_fit_additive`: the fixed-effects solution (rater effects identified
    up to one constant per connected set of the ratee-rater graph), centred within each set
    over its identified raters; with the number of sets, each rater's set and which raters
    are identified (none when the solve does not converge: no effect rather than a wrong one)."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import sparse
    from scipy.sparse import csgraph

    identified = sy.identified
    # connected components of the bipartite ratee-rater graph
    adj = sparse.coo_matrix(
        (np.ones(ri.size, dtype=np.int8), (ri, n_i + rj)), shape=(n_i + n_j, n_i + n_j)
    )
    n_comp, labels = csgraph.connected_components(adj, directed=False)
    comp_j = labels[n_i:]
    w = identified.astype(np.float64)
    # C is singular: one null vector (the set's indicator) per connected set, and a zero row
    # for every rater no one else shares a ratee with. CG on the singular system drifted
    # along the null space (its preconditioner amplifies the sets' common level) and, where
    # many ratees have a single rater (a cycle of manager ratings only), stopped far from
    # the solution (rev21: effects of +-200 points on a 1-5 scale). Each connected set is
    # solved with its level pinned (Searle 1987, 5.3: sum_c b_j = 0): up to _DIRECT_MAX_SET
    # raters directly (one rater held at 0, the rest by sparse LU), larger sets by CG on
    # the pinned system with a preconditioner built for it, to _PIN_RTOL. Both are exact
    # to rounding, so two fits of the same rows in another order agree.
    set_n = np.bincount(comp_j, weights=w, minlength=n_comp)
    small = identified & (set_n[comp_j] <= _DIRECT_MAX_SET)
    b0 = np.zeros(n_j)
    if small.any():
        b0 += _grounded_solve(sy, comp_j, small)
    if (identified & ~small).any():
        b0 += _pinned_cg(sy, comp_j, n_comp, identified & ~small, lv)[0]
    cm = np.bincount(comp_j, weights=b0 * w, minlength=n_comp) / np.maximum(set_n, 1)
    b0 = np.where(identified, b0 - cm[comp_j], 0.0)
    # the normal equations C b = r hold whichever way a set was solved: no trustworthy
    # solution (CG stopped short, or rounding swamped it) and no rater is given an effect
    solved = True
    if sy.rhs.size and np.any(sy.rhs):
        res = np.linalg.norm(sy.c_mv(b0) - sy.rhs) / np.linalg.norm(sy.rhs)
        if not np.isfinite(res) or res > _SOLVE_TOL:
            identified = np.zeros_like(identified)
            b0 = np.zeros_like(b0)
            solved = False
    return b0, n_comp, comp_j, identified, solved


def _method3(sy: _RaterSystem, b0: np.ndarray, n_pairs: int, n_comp: int) -> dict:
    """Stage 3 of :func:`_fit_additive`: the residual variance from the fixed fit, the rater
    variance by Henderson's method III and the F test of sigma2_b = 0 that goes with it
    (Searle et al. 1992, 5.5): ``sigma2_e``, ``sigma2_b``, ``f_p``, ``df_e``."""
    n_i, n_j = sy.m.size, sy.pairs_j.size
    syy = float(sy.dev @ sy.dev)
    reduction = float(b0 @ sy.rhs)  # R(b | a), invariant to the generalised inverse
    rank_b = int(n_j - n_comp)
    df_e = n_pairs - n_i - rank_b
    rss = max(syy - reduction, 0.0)
    sigma2_e = rss / df_e if df_e > 0 else np.nan
    tr_c = float(sy.cdiag.sum())
    sigma2_b = (reduction - sigma2_e * rank_b) / tr_c if tr_c > 0 and df_e > 0 else np.nan
    # do the raters differ at all? F = (R(b|a) / rank) / sigma2_e on (rank, df_e) df
    f_p = np.nan
    if rank_b > 0 and df_e > 0 and sigma2_e > 0:
        from scipy import stats

        f_p = float(stats.f.sf((reduction / rank_b) / sigma2_e, rank_b, df_e))
    return {
        "sigma2_e": sigma2_e,
        "sigma2_b": sigma2_b,
        "f_p": f_p,
        "df_e": df_e,
        "rank_b": rank_b,
        "reduction": reduction,
    }


def _prediction_variances(
    sy: _RaterSystem, set_size: np.ndarray, k: float, blup: bool, lv: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Stage 5 of :func:`_fit_additive`: the prediction-error variance factors (pev, pev of the
    fixed fit). diag(C^+) of the fixed contrasts, and for the BLUP diag((C + kI)^-1) less the
    common level of the set. 1_c is an eigenvector of C + kI with eigenvalue k, so the
    variance of b_j - mean_c(b) is [(C + kI)^-1]_jj - 1 / (n_c k): the level every rater of
    the set shares is not identified and is no part of an effect that sums to 0 over the set
    (Shrout & Fleiss' 4 judges: without this the common level's prior variance sigma2_b / 4
    swamps the interval)."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import sparse

    n_j = sy.pairs_j.size
    pev_fixed = np.full(n_j, np.nan)
    pev = np.full(n_j, np.nan)
    ident = np.flatnonzero(sy.identified)
    if not ident.size:
        return pev, pev_fixed
    # C of the identified raters from their columns of G: the same matrix as indexing the
    # whole product, without copying its tens of millions of entries
    gk, gkt = (sy.g, sy.gt) if ident.size == n_j else (sy.g[:, ident], None)
    gkt = gk.T.tocsr() if gkt is None else gkt
    c_id = (sparse.diags(sy.pairs_j[ident]) - (gkt @ gk)).tocsr()
    lv_id = [lab[ident] for lab in lv]
    pev_fixed[ident], raw = _diag_inv(c_id, lv_id, k if blup else None)
    if raw is not None:
        contrast = raw - 1.0 / (set_size[ident] * k)
        # the large-design approximation of the diagonal could undercut the set's level
        # term; the contrast of a rater with n_c - 1 others is never below its own share
        floor = (1.0 - 1.0 / set_size[ident]) / (sy.pairs_j[ident] + k)
        pev[ident] = np.maximum(contrast, floor) if ident.size > _EXACT_MAX_RATERS else contrast
    else:
        pev[ident] = pev_fixed[ident]
    return pev, pev_fixed


_ROLE_MIN_RATERS = 3  # a role gets its own level from this many identified raters


class _RoleReference(NamedTuple):
    """The fixed role levels of the rater effects (stat28): per rater its reference ``level``
    (the fitted value of its set and main role), the leverage ``h`` of its own estimate on
    it, the role design ``x`` (role indicators less their set's mean), ``a = (x'x)^-1``, the
    roles' ``gap`` to the reference role (the main role with most raters, code ``ref``), and
    ``extra`` (the role parameters)."""

    level: np.ndarray
    h: np.ndarray
    x: np.ndarray
    a: np.ndarray
    gap: np.ndarray
    roles: np.ndarray
    ref: int
    extra: int


def _role_reference(
    b0: np.ndarray, comp_j: np.ndarray, ident: np.ndarray, group: np.ndarray | None
) -> _RoleReference:
    """:class:`_RoleReference` of the fixed effects ``b0`` (centred within each set). Why:
    ``b0`` is each rater's difference from the mean of its set, mostly peers; a systematic gap
    between roles (managers a point stricter than peers, rev28a) moved every manager's effect
    by the gap. The effects are regressed on set and role (least squares, unweighted: the
    typical rater of a role; Searle et al. 1992, 3.3; by Frisch-Waugh on the role indicators
    centred within sets, ``b0`` being centred there already) and each effect is its residual:
    the rater against raters of the same role, one gap per role over all sets. A role with
    fewer than ``_ROLE_MIN_RATERS`` identified raters gets no level of its own: its raters are
    taken against the reference role, as against their set before."""
    n_j = b0.size
    none = _RoleReference(
        np.zeros(n_j),
        np.zeros(n_j),
        np.zeros((n_j, 0)),
        np.zeros((0, 0)),
        np.zeros(0),
        np.zeros(0, dtype=np.int64),
        -1,
        0,
    )
    if group is None or not n_j or not ident.any():
        return none
    cnt = np.bincount(group[ident], minlength=int(group.max()) + 1)
    ref = int(np.argmax(cnt))
    roles = np.flatnonzero((cnt >= _ROLE_MIN_RATERS) & (np.arange(cnt.size) != ref))
    if not roles.size:
        return none
    w = ident.astype(np.float64)
    n_set = np.maximum(np.bincount(comp_j, weights=w), 1.0)
    x = np.zeros((n_j, roles.size))
    for c, r in enumerate(roles):
        d = (group == r) * w
        x[:, c] = np.where(ident, d - (np.bincount(comp_j, weights=d) / n_set)[comp_j], 0.0)
    keep = np.sum(x**2, axis=0) > 1e-9  # a role met only in sets of its own: no gap to see
    roles, x = roles[keep], x[:, keep]
    if not roles.size:
        return none
    a = np.linalg.pinv(x.T @ x)
    gap = a @ (x.T @ np.where(ident, b0, 0.0))
    h = np.einsum("ij,jk,ik->i", x, a, x)
    return _RoleReference(x @ gap, h, x, a, gap, roles, ref, int(roles.size))


def _within_roles(sy: _RaterSystem, ref: _RoleReference, vc: dict) -> dict:
    """Henderson's method III for the rater variance within roles (the role levels fixed):
    ``R(u | a, g) = R(b | a) - r'X (X'CX)^+ X'r`` on ``rank(C) - rank(X'CX)`` df, its
    expectation's rater part ``tr(C) - tr((X'CX)^+ X'C^2 X)`` (Searle et al. 1992, 5.5),
    with the F test of the rater variance. The residual variance is the full model's."""
    if not ref.extra:
        return vc
    cx = np.column_stack([sy.c_mv(ref.x[:, c]) for c in range(ref.extra)])
    xcx_inv = np.linalg.pinv(ref.x.T @ cx)
    xr = ref.x.T @ sy.rhs
    reduction = vc["reduction"] - float(xr @ xcx_inv @ xr)
    rank = vc["rank_b"] - int(np.linalg.matrix_rank(ref.x.T @ cx))
    tr_c = float(sy.cdiag.sum()) - float(np.trace(xcx_inv @ (cx.T @ cx)))
    s2e, df_e = vc["sigma2_e"], vc["df_e"]
    if rank <= 0 or not (np.isfinite(s2e) and s2e > 0 and df_e > 0 and tr_c > 0):
        return vc
    from scipy import stats

    f_p = float(stats.f.sf((reduction / rank) / s2e, rank, df_e))
    return vc | {"sigma2_b": (reduction - s2e * rank) / tr_c, "f_p": f_p}


def _role_mean_variance(
    pev: np.ndarray, pev_fixed: np.ndarray, ref: _RoleReference, u: float, blup: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The prediction-error factors (units of sigma2_e) with the role levels' own uncertainty
    (stat28), and the variance factors of the role gaps. Fixed: the residual of the rater's
    estimate on set and role, ``v_j (1 - 2 h_j) + x_j A x'Vx A x_j'`` (``V`` the estimates'
    variances, taken as independent). BLUP: the role level is a fixed effect estimated from
    the raters, whose own rater variance ``u = sigma2_b / sigma2_e`` adds to ``V``, entering the shrunk effect
    with the shrinkage ``lam = pev / pev_fixed`` squared. The gaps' factors are those of
    ``A x'Vx A`` with the rater variance (raters as a sample of their role)."""
    if not ref.extra:
        return pev, pev_fixed, np.zeros(0)
    v = np.where(np.isfinite(pev_fixed), pev_fixed, 0.0)
    m_fixed = ref.a @ ((ref.x.T * v) @ ref.x) @ ref.a
    m_rand = ref.a @ ((ref.x.T * (v + u)) @ ref.x) @ ref.a
    var_fixed = np.einsum("ij,jk,ik->i", ref.x, m_fixed, ref.x)
    fixed = pev_fixed * (1.0 - 2.0 * ref.h) + var_fixed
    if not blup:
        return fixed, fixed, np.diag(m_rand)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.clip(np.where(pev_fixed > 0, pev / pev_fixed, 1.0), 0.0, 1.0)
    shrunk = pev + lam**2 * np.einsum("ij,jk,ik->i", ref.x, m_rand, ref.x)
    return shrunk, fixed, np.diag(m_rand)


def _fit_additive(
    ri: np.ndarray,
    rj: np.ndarray,
    y: np.ndarray,
    n_i: int,
    n_j: int,
    shrinkage: bool,
    levels: list[np.ndarray] | None = None,
    group: np.ndarray | None = None,
) -> dict:
    """Fit y_p = a_i + g_r(j) + b_j + e_p (ratee fixed, role ``group`` fixed, rater fixed or
    random) on pair means: each rater's effect is taken against the raters of its main role
    in its connected set (:func:`_role_reference`; without ``group``, against the set).

    Ratee effects are absorbed exactly (within-ratee centring); the rater equations
    ``(C + k I) b = r`` with ``C = Z'MZ`` are solved by preconditioned conjugate gradients
    (``k = 0``: pinned per connected set, :func:`_fixed_fit`), which is the fixed point that
    backfitting ``b_j = sum(y - a_i) / (n_j + k)`` iterates to.
    Stages: the equations (:func:`_rater_system`), the fixed fit (:func:`_fixed_fit`), the
    variance components (:func:`_method3`), the shrunk fit, the prediction-error variances
    (:func:`_prediction_variances`).
    """
    lv = levels or []
    sy = _rater_system(ri, rj, y, n_i, n_j)
    b0, n_comp, comp_j, ident, solved = _fixed_fit(sy, ri, rj, n_i, n_j, lv)
    sy = sy._replace(identified=ident)
    vc = _method3(sy, b0, y.size, n_comp)
    bbar = np.bincount(ri, weights=b0[rj], minlength=n_i) / np.maximum(sy.m, 1)
    resid = sy.dev + bbar[ri] - b0[rj]
    # the role levels are fixed effects: the effects, their variance and the shrunk fit are
    # taken net of them (the residuals above are the full model's)
    ref = _role_reference(b0, comp_j, ident, group)
    vc = _within_roles(sy, ref, vc)
    b0 = np.where(ident, b0 - ref.level, 0.0)
    sy = sy._replace(rhs=sy.rhs - sy.c_mv(ref.level))
    sigma2_e, sigma2_b, f_p = vc["sigma2_e"], vc["sigma2_b"], vc["f_p"]

    # random effects are shown only where the data show a rater variance; otherwise (an
    # estimate <= 0, or one the F test cannot tell from 0) every BLUP would be (nearly) 0 with
    # a (nearly) zero-width interval: the fixed estimates and their intervals are shown
    # instead. The shrunk estimate is solved whenever sigma2_b > 0 (else it is 0): it is what
    # a rater-adjusted score subtracts, shown or not
    positive = bool(np.isfinite(sigma2_b) and sigma2_b > 0)
    blup = bool(shrinkage and positive and np.isfinite(f_p) and f_p < _F_ALPHA)
    b_shrunk = b0 if not shrinkage else np.zeros(n_j)
    if shrinkage and positive:
        k_s = sigma2_e / sigma2_b
        b_shrunk = _cg(
            lambda v: sy.c_mv(v, k_s),
            sy.rhs,
            _two_level(sy.g, sy.pairs_j, sy.cdiag + k_s, k_s, lv),
        )
    k, b = (sigma2_e / sigma2_b, b_shrunk) if blup else (0.0, b0)

    # raters per connected set (a rater nobody shares a ratee with is a set of one)
    set_size = np.bincount(comp_j, minlength=n_comp)[comp_j]
    pev, pev_fixed = _prediction_variances(sy, set_size, k, blup, lv)
    u = sigma2_b / sigma2_e if positive and sigma2_e > 0 else 0.0
    pev, pev_fixed, gap_var = _role_mean_variance(pev, pev_fixed, ref, u, blup)
    return {
        "b": b,
        "b_shrunk": b_shrunk,
        "b_fixed": np.where(sy.identified, b0, np.nan),
        "pev": pev,
        "pev_fixed": pev_fixed,
        "identified": sy.identified,
        "solved": solved,
        "sigma2_e": sigma2_e,
        "sigma2_b": sigma2_b,
        "f_p": f_p,
        "blup": blup,
        "k": k,
        "ybar": sy.ybar,
        "m": sy.m,
        "resid": resid,
        "n_comp": n_comp,
        "comp": comp_j,
        "set_size": set_size,
        "df_e": vc["df_e"],
        "roles": ref,
        "role_gap_var": gap_var,
    }


def _icc_oneway(e: np.ndarray, g: np.ndarray, n_g: int) -> float:
    """ANOVA intraclass correlation of residuals within groups (Searle 1971), clipped to [0, 1)."""
    c = np.bincount(g, minlength=n_g).astype(np.float64)
    if c.size == 0 or c.max() <= 1 or n_g < 2:
        return 0.0
    n = e.size
    gm = np.bincount(g, weights=e, minlength=n_g) / np.maximum(c, 1)
    grand = e.mean()
    ssb = float(np.sum(c * (gm - grand) ** 2))
    ssw = float(np.sum((e - gm[g]) ** 2))
    if n - n_g <= 0:
        return 0.0
    msb, msw = ssb / (n_g - 1), ssw / (n - n_g)
    n0 = (n - float(np.sum(c**2)) / n) / (n_g - 1)
    den = msb + (n0 - 1) * msw
    rho = (msb - msw) / den if den > 0 else 0.0
    return float(min(max(rho, 0.0), 0.99))


def _home_levels(
    pairs: pl.DataFrame, units: pl.DataFrame | None, rj: np.ndarray, emp: np.ndarray, n_e: int
) -> list[np.ndarray]:
    """Rater clusters, fine to coarse: the team, department and top-level department of the
    people each rater rates most (nested by construction). Used for the CG preconditioner and
    the standard errors only."""
    if units is None or "department" not in units.columns or rj.size == 0:
        return []
    first = np.zeros(n_e, dtype=np.int64)
    first[emp] = np.arange(emp.size)
    team = pl.col("team") if "team" in units.columns else pl.lit("")
    units = (
        pairs.select(pl.col("employee_id").gather(first))
        .join(units, on="employee_id", how="left", maintain_order="left")
        .select(
            _dept=pl.col("department").cast(pl.String).fill_null(""),
            _team=team.cast(pl.String).fill_null(""),
        )
    )
    # codes in label order (not hash order, which depends on what the process cast before):
    # a rater's home team on tied counts must not depend on the history of the string cache
    levels_e = [
        value_codes(units.select(k).to_series())
        for k in (
            pl.concat_str(pl.col("_dept"), pl.lit("\x1f"), pl.col("_team")),
            pl.col("_dept"),
            pl.col("_dept").str.split("/").list.first(),
        )
    ]
    # home team of a rater = the team (of the ratee) they rate most often
    t_e = levels_e[0]
    n_t = int(t_e.max()) + 1
    key, n_key = combine_codes(rj, t_e[emp], n_t)
    cnt = np.bincount(key, minlength=n_key)
    key_rater = np.zeros(n_key, dtype=np.int64)
    key_team = np.zeros(n_key, dtype=np.int64)
    key_rater[key] = rj
    key_team[key] = t_e[emp]
    order = np.lexsort((-cnt, key_rater))  # by rater, most frequent team first
    starts = np.r_[True, key_rater[order][1:] != key_rater[order][:-1]]
    home_team = np.zeros(int(rj.max()) + 1, dtype=np.int64)
    home_team[key_rater[order][starts]] = key_team[order][starts]
    team_first = np.zeros(n_t, dtype=np.int64)
    team_first[t_e] = np.arange(n_e)
    return [home_team] + [lv[team_first[home_team]] for lv in levels_e[1:]]


def _role_mix(pairs: pl.DataFrame, key: str = "rater_id") -> pl.DataFrame:
    """Per rater: main role and the role shares of their pairs, as phrases ``role_share`` with
    parameters role and share (worded "manager 80%" / "上级 80%" by :mod:`analytics.text`),
    and each role's own counts: ``ratings`` (rating rows, from the pairs' ``n``), ``pairs`` and
    ``ratees`` (distinct ``_emp``). Why the counts: a viewer who may not see peer and
    subordinate ratings is shown the rater's counts in the other roles only, not a total that
    gives away how many peer ratings they gave (:mod:`analytics.findings.visibility`)."""
    ratings = pl.col("n").sum() if "n" in pairs.columns else pl.len()
    ratees = pl.col("_emp").n_unique() if "_emp" in pairs.columns else pl.len()
    return (
        pairs.group_by(key, "rater_role")
        .agg(c=pl.len(), r=ratings.cast(pl.Int64), e=ratees.cast(pl.Int64))
        .with_columns(share=pl.col("c") / pl.col("c").sum().over(key))
        .sort([key, "c", "rater_role"], descending=[False, True, False])
        .group_by(key, maintain_order=True)
        .agg(
            main_role=pl.col("rater_role").first(),
            role_mix=phrase(
                "role_share",
                role=pl.col("rater_role"),
                share=pl.col("share"),
                ratings=pl.col("r"),
                pairs=pl.col("c").cast(pl.Int64),
                ratees=pl.col("e"),
            ),
        )
    )


# --------------------------------------------------------------------------------------------
# 1. leniency / severity
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# 1b. scale use: each rater's slope on the consensus, fit, and the KPIs as a criterion
# --------------------------------------------------------------------------------------------

_MIN_RELIABILITY = 0.3  # below it the rater's people differ too little to judge their slope
_MISFIT = 1.5  # infit mean-square above it is material misfit (Linacre: "unproductive")
_MISFIT_P = 0.01


def _kpi_level(kpi_results: pl.DataFrame) -> pl.DataFrame:
    """Per (cycle, employee): the KPI-weighted mean attainment over the cycle's KPIs and
    periods (``attainment``, else ``actual / target``)."""
    require_columns(kpi_results, ("cycle_id", "employee_id"), "kpi_results")
    att = pl.col("attainment") if "attainment" in kpi_results.columns else pl.lit(None)
    if {"actual", "target"} <= set(kpi_results.columns):
        att = pl.coalesce(
            att.cast(pl.Float64),
            pl.when(pl.col("target") != 0).then(pl.col("actual") / pl.col("target")),
        )
    w = pl.col("weight").fill_null(1.0) if "weight" in kpi_results.columns else pl.lit(1.0)
    return (
        kpi_results.lazy()
        .select("cycle_id", "employee_id", _a=att.cast(pl.Float64), _w=w.cast(pl.Float64))
        .filter(pl.col("_a").is_not_null() & pl.col("_a").is_finite() & (pl.col("_w") > 0))
        .group_by("cycle_id", "employee_id")
        .agg(kpi=(pl.col("_a") * pl.col("_w")).sum() / pl.col("_w").sum())
        .collect()
    )


def _group_mean_slope(
    est: np.ndarray, var: np.ndarray, group: np.ndarray, n_g: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Empirical-Bayes estimates of per-rater values ``est`` (sampling variance ``var``;
    NaN = not estimated) partially pooled towards their group's mean: DerSimonian-Laird
    between-rater variance per group, posterior mean and variance (the group mean's own
    uncertainty included), and per group its mean and that mean's variance (NaN for a group
    with no estimate). Vectorised over groups with bincount."""
    ok = np.isfinite(est) & np.isfinite(var) & (var > 0)
    g = np.where(ok, group, 0)
    w = np.where(ok, 1.0 / np.where(ok, var, 1.0), 0.0)
    sw = np.bincount(g, weights=w, minlength=n_g)
    sw2 = np.bincount(g, weights=w**2, minlength=n_g)
    k = np.bincount(g, weights=ok.astype(np.float64), minlength=n_g)
    e0 = np.where(ok, est, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = np.bincount(g, weights=w * e0, minlength=n_g) / sw
        q = np.bincount(g, weights=w * (e0 - mu[g]) ** 2 * ok, minlength=n_g)
        tau2 = np.clip((q - (k - 1)) / (sw - sw2 / sw), 0.0, None)
        tau2 = np.where(k >= 2, tau2, np.inf)  # a group of one is not pooled
        ws = np.where(ok, 1.0 / (np.where(ok, var, 1.0) + tau2[g]), 0.0)
        mu = np.where(
            np.isfinite(tau2),
            np.bincount(g, weights=ws * e0, minlength=n_g)
            / np.bincount(g, weights=ws, minlength=n_g),
            mu,
        )
        var_mu = 1.0 / np.bincount(g, weights=ws, minlength=n_g)
        t2 = tau2[g]
        shrink = np.where(np.isfinite(t2), var / (var + t2), 0.0)  # weight on the group mean
        pooled = shrink > 0  # a group of one keeps its own estimate and variance
        post = np.where(pooled, (1 - shrink) * est + shrink * mu[g], est)
        pvar = np.where(pooled, var * t2 / (var + t2) + shrink**2 * var_mu[g], var)
    has = k > 0
    return (
        np.where(ok, post, np.nan),
        np.where(ok, pvar, np.nan),
        np.where(has, mu, np.nan),
        np.where(has, var_mu, np.nan),
    )


def _scale_use(
    fit: dict,
    des: dict,
    y: np.ndarray,
    role: np.ndarray,
    n_roles: int,
    b: np.ndarray,
    se: np.ndarray,
    kpi: np.ndarray | None,
    pair_role: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Each rater's slope on the consensus of the same ratees' other raters, their fit to the
    additive model, the effect at the middle of the scale, and the part of the effect the
    KPIs explain (see :func:`rater_effects`, Notes, *Scale use*). Each from the pairs whose
    ratee has other raters too (a consensus to compare with). ``pair_role``: codes of each
    pair's rater role (the fit is judged within the rater's cycle and role)."""
    sh = _shared(des)
    return (
        _consensus_slope(fit, des, y, sh, role, n_roles, b, se)
        | _fit_to_model(fit, des, sh, pair_role)
        | _kpi_criterion(des, sh, role, n_roles, b, se, kpi)
    )


def _sum_per_rater(rv: np.ndarray, n_j: int) -> Callable[[np.ndarray], np.ndarray]:
    """``per(a)``: the sum of ``a`` (one value per pair, whose raters are ``rv``) per rater."""

    def per(a: np.ndarray) -> np.ndarray:
        return np.bincount(rv, weights=a, minlength=n_j)

    return per


def _consensus_slope(
    fit: dict,
    des: dict,
    y: np.ndarray,
    sh: dict,
    role: np.ndarray,
    n_roles: int,
    b: np.ndarray,
    se: np.ndarray,
) -> dict[str, np.ndarray]:
    """Each rater's slope on the others' mean (corrected for its noise), whether it departs
    from 1, the consensus' reliability, and the effect at the middle of the scale; on the
    pairs ``sh`` (:func:`_shared`)."""
    ri, n_i, cyc = des["ri"], des["n_i"], des["cyc"]
    m, ybar = fit["m"], fit["ybar"]
    s2e = fit["sigma2_e"]
    # the middle of the scale: the mean ratee (cycle by cycle)
    cyc_i = np.zeros(n_i, dtype=np.int64)
    cyc_i[ri] = cyc
    n_c = des["n_c"]
    centre = np.bincount(cyc_i, weights=ybar, minlength=n_c) / np.maximum(
        np.bincount(cyc_i, minlength=n_c), 1
    )
    # per-ratee values formed per ratee, gathered for the pairs of v once, and the pair-length
    # arrays reused in place. Why: at 40M ratings each pair-length temporary is a new 50 MB
    # block that glibc maps afresh (above its 32 MB ceiling) and the kernel zero-fills, which
    # cost more than the arithmetic (3-4 CPU s for about 25 of them). The values are those of
    # the pair-by-pair formulas: the same operations on the same operands.
    v, riv, rv = sh["v"], sh["ri"], sh["rj"]
    per = _sum_per_rater(rv, des["n_j"])
    # the others' mean (leave this rater out), net of the others' own effects: a manager's
    # people share one skip-level, whose standard is no noise across them; counting the
    # between-rater variance as noise (as before) over-corrected the attenuation and made
    # managers of a manager + skip-level design spread people 1.2 times as much as they do
    b0v = np.nan_to_num(b)[rv]
    # (v holds every pair of its ratees, in order: the sums over all pairs)
    b_sum = np.bincount(riv, weights=b0v, minlength=n_i).astype(np.float64, copy=False)
    den = (m - 1.0)[riv]
    cons = (m * ybar)[riv]  # (m ybar - y) / (m - 1) - (b_sum - b_own) / (m - 1)
    z = y[v]
    cons -= z
    cons /= den
    buf = b_sum[riv]
    buf -= b0v
    buf /= den
    others = per(buf)  # the others' own effects in the consensus, summed per rater
    cons -= buf
    mid = centre[cyc_i][riv]
    x = np.subtract(cons, mid, out=cons)
    z -= mid
    del mid, b0v
    sv = per(np.divide(s2e, den, out=den))  # error variance of the others' mean
    n = np.bincount(rv, minlength=des["n_j"]).astype(np.float64)
    sx, sz = per(x), per(z)
    sxx, sxz, szz = (per(np.multiply(a, c, out=buf)) for a, c in ((x, x), (x, z), (z, z)))
    with np.errstate(divide="ignore", invalid="ignore"):
        x_raw = (sx + others) / n  # in the other raters' own scores (not net of their effects)
        cxx = sxx - sx**2 / n
        cxz = sxz - sx * sz / n
        czz = szz - sz**2 / n
        # reliability of the consensus across this rater's people: the slope on a noisy
        # consensus is attenuated by it (errors in variables), so it is divided back out
        rel = np.clip((cxx - sv * (1 - 1 / n)) / cxx, 0.0, 1.0)
        ols = cxz / cxx
        s2 = np.clip(czz - ols * cxz, 0.0, None) / (n - 2)
        judged = (n >= 5) & (rel >= _MIN_RELIABILITY) & (cxx > 0) & np.isfinite(s2)
        slope_raw = np.where(judged, ols / rel, np.nan)
        var_raw = np.where(judged, s2 / cxx / rel**2, np.nan)
    slope, var, mu, var_mu = _group_mean_slope(slope_raw, var_raw, role, n_roles)
    sd = np.sqrt(var)
    lo, hi = slope - _Z95 * sd, slope + _Z95 * sd
    departs = (lo > 1.0) | (hi < 1.0)
    # the role as a whole spreads people more (or less) than their other raters: then every
    # rater of the role is judged at the middle of the scale, not only those whose own slope,
    # from 8-16 pairs, departs on its own
    with np.errstate(invalid="ignore"):
        role_departs = np.abs(mu - 1.0) > _Z95 * np.sqrt(var_mu)
    departs = departs | role_departs[role]
    # the effect at the middle against the rater's role: the additive effect less (the role's
    # slope - 1) x how far the rater's people sit from the people their role rates, both in
    # the other raters' own scores (rev29b item 1, see _role_middle)
    away = _role_middle(x_raw, n, np.isfinite(slope), role, n_roles)
    with np.errstate(invalid="ignore"):  # a rater with no shared pair: NaN, not a warning
        centre_var = se**2 + away**2 * var_mu[role]
    return {
        "slope": slope,
        "slope_lo": lo,
        "slope_hi": hi,
        "role_slope": mu[role],
        "departs": departs & np.isfinite(slope),
        "reliability": np.where(n >= 5, rel, np.nan),
        "centre": b - (mu[role] - 1.0) * away,
        "centre_se": np.sqrt(centre_var),
    }


def _role_middle(
    x: np.ndarray, n: np.ndarray, judged: np.ndarray, role: np.ndarray, n_roles: int
) -> np.ndarray:
    """How far each rater's people sit (``x``: the mean over the rater's ``n`` pairs of the
    other raters' scores, centred on the cycle's mean ratee) from the people their role's
    raters rate: ``x`` less its pair-weighted mean over the role's ``judged`` raters.

    Why (rev29b item 1): the effect at the middle was ``b - (s_j - 1) x_j`` on the rater's own
    slope ``s_j``, with ``x_j`` net of the other raters' effects and measured from the mean
    ratee. Where peers rate their own team only, their effects take the team's level in,
    so ``x_j`` was the team's level undone of the peers' compression while ``s_j`` (from the
    spread within the team) measured against that compression: the two scales multiplied
    to 2-5 times the team's gap. In the reviewer's company (peers at 0.2 of the true
    differences, managers 2.9-5.1 times as spread) unbiased managers read -0.111 and +0.103
    at the middle, and a manager planted +8 (ME2) -0.025, "scale use differs". The other
    raters' own scores (their compression kept) and the role's pooled slope (managers
    against managers) read ME2 +0.044 (likely lenient) and the unbiased ones -0.04..+0.06."""
    ok = judged & np.isfinite(x) & (n > 0)
    g = np.where(ok, role, 0)
    w = np.where(ok, n, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mid = np.bincount(g, weights=w * np.where(ok, x, 0.0), minlength=n_roles) / np.bincount(
            g, weights=w, minlength=n_roles
        )
    return x - mid[role]


def _fit_to_model(
    fit: dict, des: dict, sh: dict, pair_role: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Each rater's infit and outfit: mean squares of the pair residuals standardised by their
    expected variance (the residual variance less the leverage of the ratee's and the rater's
    own effects), and whether the rater misfits. The residuals are taken within each of the
    rater's blocks (cycle x rater role): a rater whose level differs between cycles or roles
    (a peer who becomes a severe manager mid-year) is not misfitting, only not one number
    over the whole year; the misfit that scale use means is within a block. On the pairs
    ``sh`` (:func:`_shared`)."""
    from scipy import stats

    n_j, n_c = des["n_j"], des["n_c"]
    v, rv, dyad, n_d = sh["v"], sh["rj"], sh["dyad"], sh["n_d"]
    s2e = fit["sigma2_e"]
    per = _sum_per_rater(rv, n_j)
    n = per(np.ones(rv.size))
    # rev22: a peer in Q1-Q2 who took over a team in Q3 with a -0.7 standard had infit 1.8
    # over the year (his Q3 residuals one way, his peer ratings the other) and lost his flag
    # as "scale use"; net of his level per block his infit is about 1. (The blocks coded on
    # the pairs of v alone: dense codes keep the keys' order, so the codes are those of all
    # pairs' blocks renumbered over v)
    blk, _ = combine_codes(rv, des["cyc"][v], n_c)
    if pair_role is not None and pair_role.size:
        blk, _ = combine_codes(blk, pair_role[v], int(pair_role.max()) + 1)
    blk, n_b = relabel(blk)
    n_blk = np.bincount(blk, minlength=n_b).astype(np.float64)
    r = fit["resid"][v]
    with np.errstate(divide="ignore", invalid="ignore"):
        r -= (np.bincount(blk, weights=r, minlength=n_b) / np.maximum(n_blk, 1))[blk]
    ev = s2e * (1.0 - 1.0 / fit["m"])[sh["ri"]]
    ev *= (1.0 - 1.0 / np.maximum(n_blk, 2.0))[blk]
    r2 = np.square(r, out=r)
    blk_rater = np.zeros(n_b, dtype=np.int64)
    blk_rater[blk] = rv
    n_blocks = np.bincount(blk_rater, minlength=n_j).astype(np.float64)
    owner = np.zeros(n_d, dtype=np.int64)
    owner[dyad] = rv
    n_dy = np.bincount(owner, minlength=n_j).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        infit = per(r2) / per(ev)
        outfit = per(np.divide(r2, ev, out=r2)) / n
        # repeated cycles of a dyad are not independent: the distinct people are the df,
        # less one for each block level beyond the first
        df = np.maximum(n_dy - np.maximum(n_blocks - 1.0, 0.0), 1.0)
        fit_p = stats.chi2.sf(infit * df, df)
    good = (n >= 3) & np.isfinite(s2e) & (s2e > 0)
    infit, outfit = np.where(good, infit, np.nan), np.where(good, outfit, np.nan)
    return {
        "infit": infit,
        "outfit": outfit,
        "misfit": good & (infit >= _MISFIT) & (fit_p < _MISFIT_P),
    }


def _kpi_criterion(
    des: dict,
    sh: dict,
    role: np.ndarray,
    n_roles: int,
    b: np.ndarray,
    se: np.ndarray,
    kpi: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """The KPIs as an external criterion: across the raters of a role, how far effects follow
    the KPI attainment of the people rated (under the additive model they do not). Per rater
    the part of its effect the KPIs explain and its standard error (NaN where they do not)."""
    from scipy import stats

    n_j, cyc, n_c = des["n_j"], des["cyc"], des["n_c"]
    if kpi is None:
        return {"kpi_part": np.full(n_j, np.nan), "kpi_se": np.full(n_j, np.nan)}
    v = sh["v"]
    per = _sum_per_rater(sh["rj"], n_j)
    kv = kpi[v]
    has = np.isfinite(kv)
    kc = np.bincount(cyc[v][has], weights=kv[has], minlength=n_c) / np.maximum(
        np.bincount(cyc[v][has], minlength=n_c), 1
    )
    dev = np.where(has, kv - kc[cyc[v]], 0.0)
    nk = per(has.astype(np.float64))
    kbar = np.where(nk >= 3, per(dev) / np.maximum(nk, 1), np.nan)
    ok = np.isfinite(kbar) & np.isfinite(b) & np.isfinite(se) & (se > 0)
    g = np.where(ok, role, 0)
    w = np.where(ok, 1.0 / np.where(ok, se, 1.0) ** 2, 0.0)
    kb, bb = np.where(ok, kbar, 0.0), np.where(ok, b, 0.0)
    sw = np.bincount(g, weights=w, minlength=n_roles)
    cnt = np.bincount(g, weights=ok.astype(np.float64), minlength=n_roles)
    with np.errstate(divide="ignore", invalid="ignore"):
        km = np.bincount(g, weights=w * kb, minlength=n_roles) / sw
        bm = np.bincount(g, weights=w * bb, minlength=n_roles) / sw
        skk = np.bincount(g, weights=w * (kb - km[g]) ** 2 * ok, minlength=n_roles)
        skb = np.bincount(g, weights=w * (kb - km[g]) * (bb - bm[g]) * ok, minlength=n_roles)
        gamma = skb / skk
        res = np.bincount(
            g, weights=w * (bb - bm[g] - gamma[g] * (kb - km[g])) ** 2 * ok, minlength=n_roles
        )
        # weighted least squares with the residual scale estimated (over-dispersion kept)
        phi = np.maximum(res / (cnt - 2), 1.0)
        se_g = np.sqrt(phi / skk)
        p_g = stats.t.sf(gamma / se_g, np.maximum(cnt - 2, 1))  # effects rise with KPIs
    follows = (cnt >= 8) & np.isfinite(gamma) & (p_g < 0.05)
    return {
        "kpi_part": np.where(ok & follows[g], gamma[g] * (kbar - km[g]), np.nan),
        "kpi_se": np.where(ok & follows[g], np.abs(kbar - km[g]) * se_g[g], np.nan),
    }


def _effects_from_pairs(
    pairs: pl.DataFrame,
    shrinkage: bool,
    material_sd: float,
    min_ratings: int,
    ci_beyond_threshold: bool = True,
    units: pl.DataFrame | None = None,
    des: dict | None = None,
    min_set_raters: int = 3,
    min_shared_ratees: int = 3,
    fdr: float = 0.05,
    kpi: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """:func:`rater_effects` on pair means; ``kpi``: :func:`_kpi_level` of the KPI results.

    In steps: the raters with enough ratings; the additive model's fit; the evidence behind
    each rater's estimate (:func:`_evidence`); intervals, tests and the flags they allow
    (:func:`_tests`); the flags that scale use explains (:func:`_claims`); the table with
    each rater's status and its reason (:func:`_effect_rows`, :func:`_with_statuses`)."""
    pairs, des = _with_enough_ratings(pairs, min_ratings, des)
    if pairs.height == 0:
        return _empty_effects()
    des = des or _design(pairs)
    rj, emp, n_e = des["rj"], des["emp"], des["n_e"]
    pair_role, _ = _role_codes(pairs, des)
    y = _on_main_role_scale(np.asarray(pairs["y"].to_numpy(), dtype=np.float64), des, pair_role)
    home = _home_levels(pairs, units, rj, emp, n_e)
    counted = pairs.select("rater_role", *(["n"] if "n" in pairs.columns else []))
    mix = _role_mix(counted.with_columns(_rj=pl.Series(rj), _emp=pl.Series(emp)), key="_rj")
    role, n_roles = dense_codes(mix["main_role"])
    fit = _fit_additive(des["ri"], rj, y, des["n_i"], des["n_j"], shrinkage, home, role)
    ev = _evidence(fit, des)
    est = _tests(
        fit, ev, material_sd, ci_beyond_threshold, min_set_raters, min_shared_ratees, fdr, role
    )

    # scale use: a flag is claimed only where the rater uses the scale like the same people's
    # other raters, or where the leniency survives their own slope and the KPIs
    sc = _scale_use(
        fit, des, y, role, n_roles, est["b"], est["se"], _kpi_of_pairs(pairs, kpi, des), pair_role
    )
    est = _claims(est, sc, fdr)
    per = _effect_rows(pairs, des, ev, est, sc).with_columns(
        **{k: pl.Series(v) for k, v in _role_gap_columns(fit, role, mix["main_role"]).items()}
    )
    return _with_statuses(
        per, mix, fit, est, ev["rho"], material_sd, shrinkage, min_set_raters, min_shared_ratees
    )


def _on_main_role_scale(y: np.ndarray, des: dict, pair_role: np.ndarray) -> np.ndarray:
    """``y`` with each pair a rater gave *outside their main role* moved onto that role's
    scale: ``y - g[pair role] + g[main role]``, ``g`` the roles' levels against the same
    people (least squares of the pair means on a ratee effect and a level per pair role, by
    Frisch-Waugh: the role indicators centred within ratees). Why (fixrater30, rev30a item 2):
    the model gives each rater one level, their main role's; in a 360 where leaders rate their
    members as managers and other leaders as peers, and peers rate 3 points above managers,
    the leaders' peer ratings carried the manager level, and each department head, compared
    with them on the leaders, read 3 points severe (孟国 00101 -3.1 [-4.0, -2.2], strictly
    flagged, generated like every other manager). ``des`` caches the levels (``role_levels``)."""
    n_r = int(pair_role.max()) + 1 if pair_role.size else 0
    rj, n_j, ri, n_i = des["rj"], des["n_j"], des["ri"], des["n_i"]
    if n_r < 2:
        return y
    main = np.bincount(rj * n_r + pair_role, minlength=n_j * n_r).reshape(n_j, n_r).argmax(axis=1)
    off = pair_role != main[rj]
    if not off.any():
        return y
    m = np.maximum(np.bincount(ri, minlength=n_i), 1).astype(np.float64)
    yc = y - y.mean()
    gram, rhs = np.zeros((n_r, n_r)), np.zeros(n_r)
    for a in range(n_r):
        is_a = pair_role == a
        share = (np.bincount(ri, weights=is_a, minlength=n_i) / m)[ri]
        tilde = is_a - share  # the indicator centred within the ratee (0 for a lone rater)
        gram[a] = np.bincount(pair_role, weights=tilde, minlength=n_r)
        rhs[a] = float(tilde @ yc)
    # differences identified; a role met alone gets 0. The centred indicators of a ratee met by
    # every role sum to 0, so the gram is singular up to rounding (condition ~4e13 on the demo):
    # without a cut-off pinv inverted that rounding, a huge constant in g whose cancellation in
    # the line below left the effects 1e-6 apart between two orders of the same rows
    g = np.linalg.pinv(gram, rcond=1e-9, hermitian=True) @ rhs
    des["role_levels"] = g
    return y - g[pair_role] + g[main[rj]]


def _role_gap_columns(fit: dict, role: np.ndarray, names: pl.Series) -> dict[str, Any]:
    """Per rater: its main role's gap to the reference role (``role_gap``, score units, with
    its 95% CI on Student's t with the role's raters less one as df; null for the reference
    role and a role without a level of its own) and the reference role (``role_reference``).
    The gap is a finding in itself: "managers rate 1.0 points below peers of the same
    people"."""
    ref, n = fit["roles"], role.size
    gap = np.full(n, np.nan)
    half = np.full(n, np.nan)
    s2e = fit["sigma2_e"]
    for c, r in enumerate(ref.roles):
        mine = role == r
        crit = float(t_quantile(np.array([max(float(mine.sum()) - 1.0, 1.0)]))[0])
        gap[mine] = ref.gap[c]
        half[mine] = crit * np.sqrt(s2e * fit["role_gap_var"][c])
    first = np.flatnonzero(role == ref.ref)
    return {
        "role_gap": gap,
        "role_gap_low": gap - half,
        "role_gap_high": gap + half,
        "role_reference": [names[int(first[0])] if first.size and ref.extra else None] * n,
    }


def _with_enough_ratings(
    pairs: pl.DataFrame, min_ratings: int, des: dict | None
) -> tuple[pl.DataFrame, dict | None]:
    """The pairs of the raters with at least ``min_ratings`` ratings, and ``des`` (None when
    some raters were left out: the design of every pair no longer fits)."""
    if min_ratings > 1:
        per_rater = pairs.group_by("rater_id").agg(nr=pl.col("n").sum())
        keep = per_rater.filter(pl.col("nr") >= min_ratings)
        if keep.height < per_rater.height:
            pairs = pairs.join(keep.select("rater_id"), on="rater_id", how="semi")
            des = None
    return pairs, des


def _evidence(fit: dict, des: dict) -> dict[str, Any]:
    """Per rater: the design effect of repeated (rater, employee) dyads across cycles (Kish
    1965, with the dyads' intraclass correlation ``rho``), and the counts behind the estimate:
    pairs, distinct ratees, cycles, and the ratees whom someone else also rated in that cycle
    (the evidence)."""
    rj, n_j, cyc, n_c = des["rj"], des["n_j"], des["cyc"], des["n_c"]
    dyad, n_d = _dyads(des)
    rho = _icc_oneway(fit["resid"], dyad, n_d)
    pairs_j = np.bincount(rj, minlength=n_j).astype(np.float64)
    dyad_rater = np.zeros(n_d, dtype=np.int64)
    dyad_rater[dyad] = rj
    dyads_j = np.bincount(dyad_rater, minlength=n_j).astype(np.float64)
    deff = 1.0 + (pairs_j / np.maximum(dyads_j, 1) - 1.0) * rho
    rc, n_rc = combine_codes(rj, cyc, n_c)
    rc_rater = np.zeros(n_rc, dtype=np.int64)
    rc_rater[rc] = rj
    cycles_j = np.bincount(rc_rater, minlength=n_j)
    sh = _shared(des)
    sd_owner = np.zeros(sh["n_d"], dtype=np.int64)
    sd_owner[sh["dyad"]] = sh["rj"]
    shared_j = np.bincount(sd_owner, minlength=n_j)
    return {
        "rho": rho,
        "deff": deff,
        "pairs_j": pairs_j,
        "dyads_j": dyads_j,
        "cycles_j": cycles_j,
        "shared_j": shared_j,
    }


def _tests(
    fit: dict,
    ev: dict,
    material_sd: float,
    ci_beyond_threshold: bool,
    min_set_raters: int,
    min_shared_ratees: int,
    fdr: float,
    role: np.ndarray,
) -> dict[str, Any]:
    """Per rater: what can be said (identified, estimable, usable), the effect's interval, its
    test and q-value (BH weighted by main role, :func:`_role_q`), the effect 80% power
    detects, and the flags before scale use: strict (the interval beyond the material
    threshold ``bound``) and likely (FDR ``fdr``)."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    deff, shared_j = ev["deff"], ev["shared_j"]
    sigma2_e, df_e = fit["sigma2_e"], fit["df_e"]
    with np.errstate(invalid="ignore"):
        se = np.sqrt(sigma2_e * fit["pev"] * deff)  # NaN without residual df or identification
        se_fixed = np.sqrt(sigma2_e * fit["pev_fixed"] * deff)
    crit = float(t_quantile(np.array([float(df_e)]))[0]) if df_e > 0 else np.nan
    b = fit["b"].copy()
    b_fixed = fit["b_fixed"]
    ybar = fit["ybar"]
    sd_emp = float(np.std(ybar, ddof=1)) if ybar.size > 1 else np.nan
    thr = material_sd * sd_emp
    bound = thr if ci_beyond_threshold else 0.0  # what the CI must exclude

    # what can be said about each rater
    identified = fit["identified"]
    set_size = fit["set_size"]
    small = identified & (set_size < min_set_raters)
    estimable = identified & ~small
    usable = estimable & np.isfinite(se) & np.isfinite(se_fixed) & (shared_j >= min_shared_ratees)
    b = np.where(estimable, b, np.nan)
    b_fixed = np.where(estimable, b_fixed, np.nan)
    b_shrunk = np.where(estimable, fit["b_shrunk"], np.nan)
    lo, hi = b - crit * se, b + crit * se
    with np.errstate(divide="ignore", invalid="ignore"):
        tstat = np.where(se_fixed > 0, b_fixed / se_fixed, np.where(b_fixed == 0, 0.0, np.inf))
        p = np.where(usable, 2.0 * stats.t.sf(np.abs(tstat), max(df_e, 1)), np.nan)
        # 80% power of the strict flag at this rater's n: the displayed effect is about
        # lam * the fixed one (lam = shrinkage, 1 without), so the flag fires when the fixed
        # estimate exceeds (threshold + crit * se) / lam
        lam = np.clip(np.where(fit["pev_fixed"] > 0, fit["pev"] / fit["pev_fixed"], 1.0), 1e-9, 1)
        mde = np.where(usable, (thr + crit * se) / lam + _Z80 * se_fixed, np.nan)
    q = _role_q(p, role)
    material = np.abs(b) >= thr
    return {
        "role": role,
        "se": se,
        "crit": crit,
        "b": b,
        "b_fixed": b_fixed,
        "b_shrunk": b_shrunk,
        "lo": lo,
        "hi": hi,
        "sd_emp": sd_emp,
        "thr": thr,
        "bound": bound,
        "identified": identified,
        "unsolved": np.full(identified.size, not fit.get("solved", True)),
        "set_size": set_size,
        "small": small,
        "estimable": estimable,
        "usable": usable,
        "p": p,
        "q": q,
        "mde": mde,
        "material": material,
        "strict_up": usable & (lo > bound) & (b >= thr),
        "strict_down": usable & (hi < -bound) & (b <= -thr),
        "likely": usable & (q < fdr) & material,
        "blup": bool(fit["blup"]),
    }


def _role_q(p: np.ndarray, role: np.ndarray) -> np.ndarray:
    """The likely tier's q-values: Benjamini-Hochberg weighted by the rater's main role
    (:func:`analytics.stats.multiplicity.group_weights`, Hu, Zhao & Zhou 2010). Why: in a 360
    most raters are peers who rate 3-8 people, and they are rarely materially biased; with one
    family for all, their hundreds of null tests produced most of the tier's false flags (the
    strong-team design: 6 of 7 false flags in 50 companies were peers), while the managers,
    where the real effects were, needed the evidence of a family of 360. Roles whose p-values
    show no sign of real effects get little weight; with no signal anywhere it is plain BH."""
    from analytics.stats.multiplicity import group_weights, weighted_bh

    return weighted_bh(p, group_weights(p, role))


def _kpi_of_pairs(pairs: pl.DataFrame, kpi: pl.DataFrame | None, des: dict) -> np.ndarray | None:
    """The ratee's KPI level (:func:`_kpi_level`) of each pair, NaN where none; None without
    KPI results. Looked up once per ratee (the design's ``ri``: one (cycle, employee) each)
    and spread to the pairs by that code. Why: joining every pair on the two text keys cost
    0.19 CPU s at 1.3M pairs; one row per ratee is a fifth of them."""
    if kpi is None or not kpi.height:
        return None
    keys = ["cycle_id", "employee_id"]
    ri = des["ri"]
    first = np.zeros(des["n_i"], dtype=np.int64)
    first[ri] = np.arange(ri.size)
    per_ratee = (
        gather_rows(pairs, pl.Series(first), keys)
        .join(align_keys(kpi, pairs.schema, keys), on=keys, how="left", maintain_order="left")[
            "kpi"
        ]
        .fill_null(np.nan)
        .to_numpy()
        .astype(np.float64)
    )
    return per_ratee[ri]


def _claims(est: dict, sc: dict, fdr: float) -> dict[str, Any]:
    """``est`` with the flags scale use explains taken back (``scale_use`` and ``why``: 0 the
    KPIs, 1 the rater's own slope, 2 misfit) and the likely tier's q-values taken over the
    other raters."""
    b, se, crit, thr, bound = est["b"], est["se"], est["crit"], est["thr"], est["bound"]
    strict = est["strict_up"] | est["strict_down"]
    sign = np.sign(b)

    def survives(value: np.ndarray, value_se: np.ndarray, level: np.ndarray) -> np.ndarray:
        """The flag's rule on another estimate of the same effect, its interval beyond
        ``level`` (NaN: does not survive)."""
        with np.errstate(invalid="ignore"):
            same = (np.sign(value) == sign) & (np.abs(value) >= thr)
            margin = np.abs(value) - crit * value_se
            return same & (margin > level)

    def explains(level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether the KPIs, and the rater's own slope, explain the gap at ``level``."""
        with np.errstate(invalid="ignore"):
            kpi_left = b - sc["kpi_part"]
            kpi = (
                np.isfinite(sc["kpi_part"])
                & (np.sign(sc["kpi_part"]) == sign)
                & ~survives(kpi_left, np.sqrt(se**2 + np.nan_to_num(sc["kpi_se"]) ** 2), level)
            )
        # the claim must hold at the middle of the scale on the rater's own (pooled) slope
        # where that slope, or their role's, departs from 1: a manager of a strong team whose
        # slope is 1.4 (0.8 to 1.9) among compressing peers had kept a "likely lenient" that
        # vanished there
        return kpi, sc["departs"] & ~survives(sc["centre"], sc["centre_se"], level)

    # each flag is judged by its own rule: a strict flag whose interval no longer clears the
    # threshold at the middle of the scale (or net of the KPIs) but still clears 0 there
    # keeps the likely flag it also has, instead of both being put down to scale use (a new
    # manager of an average team, additive +0.1 among compressing peers: centre 0.047,
    # 0.020 to 0.074, threshold 0.025, had read "scale use differs")
    kpi_s, slope_s = explains(np.where(strict, bound, 0.0))
    kpi_0, slope_0 = explains(np.zeros(b.size))
    explained_s = kpi_s | slope_s | sc["misfit"]
    explained = kpi_0 | slope_0 | sc["misfit"]  # at the likely tier's rule
    keeps_likely = est["likely"] & ~explained
    scale_use = (strict | est["likely"]) & explained_s & ~keeps_likely
    at_0 = est["likely"] & explained  # the reason is the rule the last flag failed
    kpi_explains, slope_explains = np.where(at_0, kpi_0, kpi_s), np.where(at_0, slope_0, slope_s)
    # the likely tier controls the false discovery rate among the claims made: a gap put down
    # to scale use is no claim, so the q-values are taken over the other raters
    q, p = est["q"], est["p"]
    if scale_use.any():
        q = np.full(b.size, np.nan)
        rest = ~scale_use
        q[rest] = _role_q(p[rest], est["role"][rest])
    # with fixed (unshrunk) intervals the strict flag also needs the false discovery rate the
    # likely tier controls (rev30a item 4: a peer with 3 ratees read "lenient" at q 0.999 in a
    # one-cycle packet whose raters could not be told apart, F p 0.64: an interval beyond the
    # threshold among hundreds of raters is a multiplicity problem); the BLUP's shrinkage,
    # used only when the F test finds that raters differ, already pulls such noise in
    fdr_ok = (np.nan_to_num(q, nan=1.0) < fdr) | est.get("blup", True)
    strict_up = est["strict_up"] & ~explained_s & fdr_ok
    strict_down = est["strict_down"] & ~explained_s & fdr_ok
    likely = est["usable"] & ~explained & (q < fdr) & est["material"]
    # the likely tier on a rater whose scale use could not be checked at all (no slope: fewer
    # than 5 ratees with other raters or an unreliable consensus; no KPIs) is held back as
    # insufficient data: a manager of a strong team of 3 among compressing peers had read
    # "likely lenient" at q 0.004 (rev18b R3). The strict flag, whose interval clears the
    # materiality bound, stands.
    unchecked = ~np.isfinite(sc["slope"]) & ~np.isfinite(sc["kpi_part"])
    held = likely & unchecked & ~(strict_up | strict_down)
    likely = likely & ~held
    # a strict flag taken back whose likely flag does not stand either (q over the others)
    scale_use = scale_use | ((strict | est["likely"]) & explained_s & ~likely & ~held)
    return est | {
        "held": held,
        "scale_use": scale_use,
        "why": np.where(kpi_explains, 0, np.where(slope_explains, 1, 2)),
        "strict_up": strict_up,
        "strict_down": strict_down,
        "q": q,
        "likely": likely,
        "flagged": strict_up | strict_down | likely,
    }


def _effect_rows(pairs: pl.DataFrame, des: dict, ev: dict, est: dict, sc: dict) -> pl.DataFrame:
    """One row per rater (``_rj``: its code) with its numbers and the flags as columns."""
    rj, n_j, estimable, crit = des["rj"], des["n_j"], est["estimable"], est["crit"]
    return pl.DataFrame(
        {
            "rater_id": des["rater_id"],
            "_rj": np.arange(n_j),
            "effect": est["b"],
            "se": np.where(estimable, est["se"], np.nan),
            "ci95_low": est["lo"],
            "ci95_high": est["hi"],
            "effect_fixed": est["b_fixed"],
            "effect_shrunk": est["b_shrunk"],
            "identified": estimable,
            "design_effect": ev["deff"],
            "n": np.bincount(rj, weights=pairs["n"].to_numpy(), minlength=n_j).astype(np.uint32),
            "n_pairs": ev["pairs_j"].astype(np.uint32),
            "n_ratees": ev["dyads_j"].astype(np.uint32),
            "n_cycles": ev["cycles_j"].astype(np.uint32),
            "n_shared_ratees": ev["shared_j"].astype(np.uint32),
            "set_raters": est["set_size"].astype(np.uint32),
            "p_value": est["p"],
            "q_value": est["q"],
            "mde80": est["mde"],
            "_up": est["strict_up"],
            "_down": est["strict_down"],
            "_likely": est["likely"],
            "_held": est["held"],
            "_flagged": est["flagged"],
            "_ident": est["identified"],
            "_unsolved": est["unsolved"],
            "_small": est["small"],
            "_usable": est["usable"],
            "_scale": est["scale_use"],
            "_why": est["why"],
            "discrimination": sc["slope"],
            "discrimination_ci95_low": sc["slope_lo"],
            "discrimination_ci95_high": sc["slope_hi"],
            "consensus_reliability": sc["reliability"],
            "discrimination_role": sc["role_slope"],
            "infit": sc["infit"],
            "outfit": sc["outfit"],
            "effect_centre": np.where(estimable, sc["centre"], np.nan),
            "effect_centre_low": np.where(estimable, sc["centre"] - crit * sc["centre_se"], np.nan),
            "effect_centre_high": np.where(
                estimable, sc["centre"] + crit * sc["centre_se"], np.nan
            ),
            "effect_kpi": np.where(estimable, sc["kpi_part"], np.nan),
        }
    ).with_columns(pl.col(c).fill_nan(None) for c in ("effect", "se", "ci95_low", "ci95_high"))


def _status_exprs(
    residual_df: bool, min_set_raters: int, min_shared_ratees: int
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """``(direction, status, status_reason)`` of a rater from the columns of
    :func:`_effect_rows` (and its threshold, sd_employee); ``residual_df``: whether the model
    left residual degrees of freedom."""
    direction = pl.when(pl.col("effect") > 0).then(pl.lit("lenient")).otherwise(pl.lit("severe"))
    status = (
        pl.when(~pl.col("_ident") | pl.col("_small"))
        .then(pl.lit("not_estimable"))
        .when(~pl.col("_usable") | pl.col("_held"))
        .then(pl.lit("insufficient_data"))
        .when(pl.col("_scale"))
        .then(pl.lit("scale_use"))
        .when(pl.col("_flagged"))
        .then(pl.lit("flagged"))
        .otherwise(pl.lit("clear"))
    )
    params = {  # one params struct for every reason (a code uses its own fields)
        "n": pl.col("n_ratees").cast(pl.Int64),
        "shared": pl.col("n_shared_ratees").cast(pl.Int64),
        "raters": pl.col("set_raters").cast(pl.Int64),
        "min": pl.lit(None, dtype=pl.Int64),
        "dir": direction,
        "q": pl.col("q_value"),
        "thr": pl.col("threshold"),
        "mde": pl.col("mde80"),
        "mde_sd": pl.col("mde80") / pl.col("sd_employee"),
        "effect": pl.col("effect"),
        "slope": pl.col("discrimination"),
        "slope_lo": pl.col("discrimination_ci95_low"),
        "slope_hi": pl.col("discrimination_ci95_high"),
        "role_slope": pl.col("discrimination_role"),
        "centre": pl.col("effect_centre"),
        "centre_lo": pl.col("effect_centre_low"),
        "centre_hi": pl.col("effect_centre_high"),
        "fit": pl.col("infit"),
        "kpi": pl.col("effect_kpi"),
    }

    def reason(code: str, **over: pl.Expr | int) -> pl.Expr:
        args = {**params, **{k: pl.lit(v, dtype=pl.Int64) for k, v in over.items()}}
        return phrase(code, **args)

    status_reason = (
        pl.when(pl.col("_unsolved"))
        .then(reason("ill_conditioned"))
        .when(~pl.col("_ident"))
        .then(reason("own_ratees_only"))
        .when(pl.col("_small"))
        .then(reason("small_connected_set", min=min_set_raters))
        .when(~pl.lit(residual_df))
        .then(reason("no_residual_df"))
        .when(~pl.col("_usable"))
        .then(reason("few_shared_ratees", min=min_shared_ratees))
        .when(pl.col("_held"))
        .then(reason("scale_use_not_checked"))
        .when(pl.col("_scale") & (pl.col("_why") == 0))
        .then(reason("scale_use_kpi"))
        .when(pl.col("_scale") & (pl.col("_why") == 1))
        .then(reason("scale_use_slope"))
        .when(pl.col("_scale"))
        .then(reason("scale_use_fit"))
        .when(pl.col("_up") | pl.col("_down"))
        .then(reason("flag_strict"))
        .when(pl.col("_likely"))
        .then(reason("flag_likely"))
        .when(pl.col("mde80") > 2 * pl.col("threshold"))
        .then(reason("clear_low_power"))
        .otherwise(reason("clear_power"))
    )
    return direction, status, status_reason


def _with_statuses(
    per: pl.DataFrame,
    mix: pl.DataFrame,
    fit: dict,
    est: dict,
    rho: float,
    material_sd: float,
    shrinkage: bool,
    min_set_raters: int,
    min_shared_ratees: int,
) -> pl.DataFrame:
    """The rater table: :func:`_effect_rows`'s rows with their role mix, the model's constants,
    flags, statuses and reasons, in the columns of ``_EFFECT_SCHEMA``, largest effect first."""
    sigma2_e, sd_emp = fit["sigma2_e"], est["sd_emp"]
    direction, status, status_reason = _status_exprs(
        bool(np.isfinite(sigma2_e)), min_set_raters, min_shared_ratees
    )
    return (
        per.join(mix, on="_rj", how="left")
        .with_columns(
            effect_sd=pl.col("effect") / sd_emp,
            mde80_sd=pl.col("mde80") / sd_emp,
            threshold=pl.lit(est["thr"]),
            material_sd=pl.lit(material_sd),
            sd_employee=pl.lit(sd_emp),
            resid_sd=pl.lit(float(np.sqrt(sigma2_e)) if np.isfinite(sigma2_e) else None),
            sd_rater=pl.lit(
                float(np.sqrt(max(fit["sigma2_b"], 0.0))) if np.isfinite(fit["sigma2_b"]) else None
            ),
            rater_var_p_value=pl.lit(fit["f_p"] if np.isfinite(fit["f_p"]) else None),
            shrinkage_k=pl.lit(float(fit["k"])),
            interval_method=pl.lit(
                "blup" if fit["blup"] else "fixed_fallback" if shrinkage else "fixed"
            ),
            icc_dyad=pl.lit(rho),
        )
        .with_columns(
            flag=pl.when(pl.col("_up"))
            .then(pl.lit("lenient"))
            .when(pl.col("_down"))
            .then(pl.lit("severe"))
            .otherwise(pl.lit(None, dtype=pl.String)),
            fdr_flag=pl.when(pl.col("_likely"))
            .then(pl.lit("likely_") + direction)
            .otherwise(pl.lit(None, dtype=pl.String)),
            status=status,
            status_reason=status_reason,
        )
        .select([pl.col(c).cast(t) for c, t in _EFFECT_SCHEMA.items()])
        .with_columns(
            pl.col(c).fill_nan(None) for c, t in _EFFECT_SCHEMA.items() if t == pl.Float64
        )
        .sort(SORT_EFFECT, "rater_id", descending=[True, False], nulls_last=True)
    )


#: the params of a rater's status reason (:func:`rater_effects`, ``status_reason``)
_REASON_PARAMS = {
    "n": pl.Int64,
    "shared": pl.Int64,
    "raters": pl.Int64,
    "min": pl.Int64,
    "dir": pl.String,
    "q": pl.Float64,
    "thr": pl.Float64,
    "mde": pl.Float64,
    "mde_sd": pl.Float64,
    "effect": pl.Float64,
    "slope": pl.Float64,
    "slope_lo": pl.Float64,
    "slope_hi": pl.Float64,
    "role_slope": pl.Float64,
    "centre": pl.Float64,
    "centre_lo": pl.Float64,
    "centre_hi": pl.Float64,
    "fit": pl.Float64,
    "kpi": pl.Float64,
}
#: what can be said about a rater's leniency (``status``), see :func:`rater_effects`
RATER_STATUSES: tuple[str, ...] = (
    "flagged",
    "clear",
    "scale_use",
    "not_estimable",
    "insufficient_data",
    # estimated through the links across cycles, but only two raters are linked: their
    # difference, not which one is off (rev29a item 4)
    "pair_only",
)
#: the codes of ``status_reason`` (catalogue family ``reason``)
STATUS_REASONS: tuple[str, ...] = (
    "own_ratees_only",
    "ill_conditioned",
    "small_connected_set",
    "no_residual_df",
    "few_shared_ratees",
    "flag_strict",
    "flag_likely",
    "clear_low_power",
    "clear_power",
    "too_few_ratings",
    "scale_use_kpi",
    "scale_use_slope",
    "scale_use_fit",
    "scale_use_not_checked",
    # the links across cycles (analytics.stats.links; mgr24)
    "link_flag_strict",
    "link_flag_likely",
    "link_clear",
    "link_pair",
    "link_none",
    "link_few",
    "link_large_set",
    "link_no_df",
)

_EFFECT_SCHEMA: dict[str, pl.DataType] = {
    "rater_id": pl.String,
    "n": pl.UInt32,
    "n_pairs": pl.UInt32,
    "n_ratees": pl.UInt32,
    "n_cycles": pl.UInt32,
    "main_role": pl.String,
    "role_mix": pl.List(
        phrase_dtype(
            role=pl.String, share=pl.Float64, ratings=pl.Int64, pairs=pl.Int64, ratees=pl.Int64
        )
    ),
    "effect": pl.Float64,
    "se": pl.Float64,
    "ci95_low": pl.Float64,
    "ci95_high": pl.Float64,
    "effect_sd": pl.Float64,
    "effect_fixed": pl.Float64,
    "effect_shrunk": pl.Float64,
    "identified": pl.Boolean,
    "status": pl.String,
    "status_reason": phrase_dtype(**_REASON_PARAMS),
    "flag": pl.String,
    "fdr_flag": pl.String,
    "p_value": pl.Float64,
    "q_value": pl.Float64,
    "mde80": pl.Float64,
    "mde80_sd": pl.Float64,
    "discrimination": pl.Float64,
    "discrimination_ci95_low": pl.Float64,
    "discrimination_ci95_high": pl.Float64,
    "consensus_reliability": pl.Float64,
    "discrimination_role": pl.Float64,
    "infit": pl.Float64,
    "outfit": pl.Float64,
    "effect_centre": pl.Float64,
    "effect_centre_low": pl.Float64,
    "effect_centre_high": pl.Float64,
    "effect_kpi": pl.Float64,
    "role_gap": pl.Float64,
    "role_gap_low": pl.Float64,
    "role_gap_high": pl.Float64,
    "role_reference": pl.String,
    "interval_method": pl.String,
    "n_shared_ratees": pl.UInt32,
    "set_raters": pl.UInt32,
    "threshold": pl.Float64,
    "material_sd": pl.Float64,
    "sd_employee": pl.Float64,
    "resid_sd": pl.Float64,
    "sd_rater": pl.Float64,
    "rater_var_p_value": pl.Float64,
    "shrinkage_k": pl.Float64,
    "design_effect": pl.Float64,
    "icc_dyad": pl.Float64,
}
EFFECT_COLUMNS: list[str] = list(_EFFECT_SCHEMA)
"""The columns of :func:`rater_effects`, in order (the effect part of :func:`rater_table`)."""


def _empty_effects() -> pl.DataFrame:
    return pl.DataFrame(schema=_EFFECT_SCHEMA)


#: fewer distinct ratees whom someone else also rated and a rater's effect is
#: ``insufficient_data`` (the rater page's estimates; the person page's raw difference from
#: the other raters of their people uses the same floor, session 45)
MIN_SHARED_RATEES = 3


def rater_effects(
    ratings: pl.DataFrame,
    cycle: str | None = None,
    shrinkage: bool = True,
    material_sd: float = 0.3,
    min_ratings: int = 1,
    include_self: bool = False,
    ci_beyond_threshold: bool = True,
    min_set_raters: int = 3,
    min_shared_ratees: int = MIN_SHARED_RATEES,
    fdr: float = 0.05,
    kpi_results: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Each rater's leniency (+) or severity (-) net of who they rated.

    A raw rater mean confounds leniency with team strength. Here every rating enters an
    additive model with a ratee effect per (cycle, employee), so a manager is only called
    lenient when people who rate the *same* ratees (peers, skip-levels, other managers,
    subordinates) rate them lower.

    Parameters
    ----------
    ratings : the analytics ratings frame (one row per rating).
    cycle : restrict to one cycle_id; ``None`` pools all cycles (ratee effect per cycle).
    shrinkage : random rater effects (BLUP, shrunk towards 0) when True; fixed effects when False.
    material_sd : a flag needs ``|effect| >= material_sd * SD(employee scores)`` (threshold).
    ci_beyond_threshold : when True (default) a flag also needs the 95% CI to lie beyond the
        threshold ("confidently material"); when False only to exclude zero.
    min_ratings : drop raters with fewer rating rows before fitting.
    include_self : pool self ratings under the rater's own id (not recommended, see Notes).
    min_set_raters : a connected set of fewer raters cannot say which of them differs:
        its raters are ``not_estimable``.
    min_shared_ratees : fewer distinct ratees whom someone else also rated is
        ``insufficient_data``.
    fdr : false discovery rate of the "likely lenient / severe" tier (Benjamini-Hochberg,
        weighted by the raters' main role).
    kpi_results : the KPI results (``cycle_id, employee_id`` and ``attainment`` or
        ``actual``/``target``, optional ``weight``), the external criterion of scale use.

    Returns
    -------
    One row per rater: rater_id, n (rating rows), n_pairs, n_ratees (distinct employees),
    n_cycles, main_role, role_mix, effect, se, ci95_low, ci95_high, effect_sd (effect / SD of
    employee scores), effect_fixed (unshrunk estimate), effect_shrunk (the BLUP whenever the
    rater variance estimate is > 0, else 0: what a rater-adjusted score should subtract; the
    fixed estimate when ``shrinkage`` is False), identified (the effect can be
    estimated: ``status`` is not ``not_estimable``), status (:data:`RATER_STATUSES`),
    status_reason (a phrase, codes :data:`STATUS_REASONS`), flag (null / 'lenient' /
    'severe': the strict flag), fdr_flag (null / 'likely_lenient' / 'likely_severe'),
    p_value and q_value (BH weighted by main role, :func:`_role_q`) of the fixed-effect contrast, mde80 / mde80_sd (the smallest
    effect the strict flag finds with 80% power at this rater's n), discrimination with
    discrimination_ci95_low/high (slope on the same people's other raters),
    consensus_reliability, discrimination_role (the role's pooled mean slope), infit, outfit,
    effect_centre with effect_centre_low/high (the effect against the role's slope at the
    people the rater's role rates), effect_kpi (the part of the
    effect the KPIs account for; null without KPIs or where effects do not follow them),
    interval_method ('blup',
    'fixed', or 'fixed_fallback' when shrinkage was asked for but the rater variance is not
    told from 0), n_shared_ratees, set_raters (raters in the rater's connected set), threshold
    (score units), material_sd, sd_employee, resid_sd, sd_rater, rater_var_p_value (F test of
    the rater variance), shrinkage_k, design_effect, icc_dyad. Effect, SE and CI are null for
    a rater whose effect cannot be estimated: never 0.

    Notes
    -----
    Dimension effects are removed, then the model ``y_p = a_i + b_j + e_p`` is fitted on pair
    means (one per cycle x ratee x rater): ratee effects are absorbed exactly, the rater system
    ``(Z'MZ + kI) b = Z'M y`` is solved by preconditioned conjugate gradients. ``sigma2_e`` is
    the residual mean square of the fixed fit, ``sigma2_b`` by Henderson's method III,
    ``k = sigma2_e / sigma2_b``.

    *What is identified.* Ratee effects are free, so rater effects are identified only as
    contrasts inside a connected set of the rater-ratee graph (raters linked through shared
    ratees; ``scipy.sparse.csgraph``); each effect is the rater's difference from the mean of
    their set. A rater whose ratees nobody else rates (a manager-only team) is a set of one:
    ``not_estimable`` / ``own_ratees_only``; a set of fewer than ``min_set_raters`` cannot say
    which rater differs: ``not_estimable`` / ``small_connected_set``.

    *Intervals.* Random effects (BLUP, interval_method 'blup') only when ``sigma2_b > 0`` and
    the F test of the rater variance ``(R(b|a)/rank) / sigma2_e`` has p < 0.05; otherwise the
    fixed (unshrunk) estimates and their intervals ('fixed'): a variance estimate at the
    boundary would shrink every rater to 0.000 [0.000, 0.000]. BLUP:
    ``se^2 = sigma2_e * ([(Z'MZ + kI)^-1]_jj - 1 / (n_c k)) * deff_j``, the prediction error of
    the contrast with the set's mean (the set's common level, not identified, is left out);
    fixed: ``sigma2_e * [(Z'MZ)^+]_jj * deff_j``. The inverse diagonal is exact up to 1,500
    raters, beyond that a second-order Neumann expansion plus the inverse of the matrix
    aggregated over rater clusters (team / department of the people they rate most), slightly
    conservative. ``deff_j = 1 + (c_j - 1) rho`` for ``c_j`` cycles per (rater, employee) dyad
    and ``rho`` the residual ICC within dyads (Kish 1965). CIs use Student's t on the residual
    df.

    *Flags.* Strict: 'lenient' when ``effect >= threshold`` and ``ci95_low > threshold``
    ('severe' mirrored); with ``ci_beyond_threshold=False`` the CI only has to exclude 0. The
    default is stricter because effects just under the threshold cross it by noise: on the demo
    (true non-planted effects within +-0.2 SD) the weak rule flags 15 such raters, the strict
    one none. Likely tier: the fixed-effect contrast's two-sided t test, BH q-value (weighted
    by main role) < ``fdr``
    over the raters that can be judged, and ``|effect| >= threshold``. ``mde80`` =
    ``(threshold + t * se) / lam + z_0.8 * se_fixed`` with ``lam = pev / pev_fixed`` (the
    shrinkage; 1 for fixed effects). Status: ``flagged`` (either flag), ``scale_use``,
    ``clear``,
    ``not_estimable``, ``insufficient_data`` (fewer than ``min_shared_ratees`` shared ratees,
    or no residual df). Self ratings are excluded by default: self-assessment measures
    self-view, not rater leniency, and a self "rater" rates a single ratee, so it cannot
    identify anything.

    *Scale use.* The additive model assumes one slope for every rater. Per rater, the pair
    means are regressed on the consensus (the other raters' mean for the same person and
    cycle), both centred on the cycle's mean ratee; the OLS slope is divided by the
    consensus's reliability over the rater's people,
    ``(S_xx - (1 - 1/n) sum v_p) / S_xx`` with ``v_p = (sigma2_e + sigma2_b) / (m_i - 1)``
    (errors in variables; null below 0.3 or with fewer than 5 pairs), then pooled within the
    main role (DerSimonian-Laird, empirical Bayes). infit / outfit: mean-squares of the pair
    residuals net of the rater's mean residual in each block (cycle x rater role) over
    ``sigma2_e (1 - 1/m_i)(1 - 1/n_b)`` (``n_b`` the block's pairs): a level that differs
    between cycles or roles (a peer who becomes a severe manager mid-year) is no misfit;
    material misfit is infit >= 1.5 with chi-square p < 0.01 on the distinct people (less
    one per further block). ``discrimination_role`` is the role's pooled mean slope and
    ``effect_centre = effect - (discrimination_role - 1) * (x_j - x_role)``, ``x_j`` the mean
    of the other raters' scores of the rater's people and ``x_role`` its mean over the role's
    raters: the gap against what a typical rater of the role gives the same people. With KPIs, the effects of each role's raters (8 or more)
    are regressed on their people's mean KPI attainment (centred per cycle, weights 1/se^2);
    where they rise with it (one-sided p < 0.05) ``effect_kpi`` is the fitted part. A rater
    who would be flagged is ``scale_use`` (reason ``scale_use_kpi``, ``scale_use_slope`` or
    ``scale_use_fit``) when the effect less ``effect_kpi`` fails the flag's rule, or the
    slope's interval excludes 1 and ``effect_centre`` fails it, or the misfit is material;
    the likely tier's q-values are then taken over the other raters.

    References
    ----------
    Henderson, C. R. (1953). Estimation of variance and covariance components. Biometrics 9.
    Searle, Casella & McCulloch (1992). Variance Components. Wiley (BLUP, method III).
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57.
    Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations. Psychological Bulletin 86.
    Hoffman, Lance, Bynum & Gentry (2010). Rater source effects are alive and well after all.
    Personnel Psychology 63, 119-151.
    Kish, L. (1965). Survey Sampling. Wiley (design effect).
    Linacre, J. M. (1989). Many-Facet Rasch Measurement. MESA Press (infit / outfit).
    Fuller, W. A. (1987). Measurement Error Models. Wiley (attenuation).
    DerSimonian, R. & Laird, N. (1986). Meta-analysis in clinical trials. Controlled Clinical
    Trials 7, 177-188.
    """
    pairs, units = _pairs_and_units(ratings, cycle=cycle, include_self=include_self)
    return _effects_from_pairs(
        pairs,
        shrinkage,
        material_sd,
        min_ratings,
        ci_beyond_threshold,
        units,
        min_set_raters=min_set_raters,
        min_shared_ratees=min_shared_ratees,
        fdr=fdr,
        kpi=None if kpi_results is None else _kpi_level(kpi_results),
    )


# --------------------------------------------------------------------------------------------
# 2. central tendency
# --------------------------------------------------------------------------------------------


def _ct_dyads(
    y: np.ndarray, des: dict, block: np.ndarray, n_b: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Central tendency's units: per (block, employee) dyad over the pairs whose ratee has
    another rater that cycle, the block's mean ``x_d`` and the mean ``o_d`` of the same
    person's other raters (every other rater of the person-cycle, any role), averaged over
    cycles, and each dyad's block. ``block``: the pairs' rater (or rater x role) code."""
    ri, n_i = des["ri"], des["n_i"]
    m = np.bincount(ri, minlength=n_i)
    tot = np.bincount(ri, weights=y, minlength=n_i).astype(np.float64, copy=False)
    if block is des["rj"]:  # per rater: the design's shared pairs and dyads, computed once
        sh = _shared(des)
        v, bv, dyad, n_d = sh["v"], sh["rj"], sh["dyad"], sh["n_d"]
    else:
        v = m[ri] >= 2
        bv = block[v]
        dyad, n_d = relabel(combine_codes(bv, des["emp"][v], des["n_e"])[0]) if bv.size else (bv, 0)
    yv, riv = y[v], ri[v]
    o = (tot[riv] - yv) / (m - 1)[riv]
    cnt = np.maximum(np.bincount(dyad, minlength=n_d), 1)
    owner = np.zeros(n_d, dtype=np.int64)
    owner[dyad] = bv
    x_d = np.bincount(dyad, weights=yv, minlength=n_d) / cnt
    return x_d, np.bincount(dyad, weights=o, minlength=n_d) / cnt, owner


def _ct_test(x_d: np.ndarray, o_d: np.ndarray, owner: np.ndarray, n_b: int) -> dict:
    """Per block: the SDs of its dyad means and of the others' means, their ratio with the
    Pitman-Morgan 95% interval, t and one-sided p (own spread smaller than the others')."""
    from scipy import stats

    n = np.bincount(owner, minlength=n_b).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        mx, mo = _per_rater(x_d, owner, n_b) / n, _per_rater(o_d, owner, n_b) / n
        vx = (_per_rater(x_d**2, owner, n_b) - n * mx**2) / (n - 1)
        vo = (_per_rater(o_d**2, owner, n_b) - n * mo**2) / (n - 1)
        cxo = (_per_rater(x_d * o_d, owner, n_b) - n * mx * mo) / (n - 1)
        vx, vo = np.clip(vx, 0.0, None), np.clip(vo, 0.0, None)
        sx, so = np.sqrt(vx), np.sqrt(vo)
        r = np.clip(np.nan_to_num(cxo / (sx * so)), -0.999999, 0.999999)
        f = vx / vo
        # Pitman-Morgan: corr(x + o, x - o) = 0  <=>  var(x) = var(o)
        r_pm = (vx - vo) / np.sqrt((vx + vo) ** 2 - 4 * (r * sx * so) ** 2)
        df = n - 2
        t_pm = r_pm * np.sqrt(df / (1 - r_pm**2))
        p = stats.t.cdf(t_pm, df)
        tc = t_quantile(df)
        kk = 1 + 2 * (1 - r**2) * tc**2 / df
        lo = np.sqrt(f * (kk - np.sqrt(kk**2 - 1)))
        hi = np.sqrt(f * (kk + np.sqrt(kk**2 - 1)))
    valid = (n >= 3) & (so > 0) & np.isfinite(f)
    return {
        "n": n,
        "sx": sx,
        "so": so,
        "ratio": np.sqrt(f),
        "lo": lo,
        "hi": hi,
        "t": t_pm,
        "p": p,
        "valid": valid,
    }


def _ct_frame(ids: pl.Series, te: dict, roles: np.ndarray, min_ratees: int) -> pl.DataFrame:
    """The central-tendency rows of :func:`_ct_test`'s blocks (``ids`` their rater ids,
    ``roles`` the role each block is judged in), q-values over the blocks tested."""
    valid, n = te["valid"], te["n"]

    def col(a: np.ndarray) -> pl.Series:
        return pl.Series(np.where(valid, a, np.nan).astype(np.float64)).fill_nan(None)

    return pl.DataFrame(
        {
            "rater_id": ids,
            "n_ratees": n.astype(np.uint32),
            "sd_own": pl.Series(np.where(n >= 2, te["sx"], np.nan)).fill_nan(None),
            "sd_others": pl.Series(np.where(n >= 2, te["so"], np.nan)).fill_nan(None),
            "ratio": col(te["ratio"]),
            "ci95_low": col(te["lo"]),
            "ci95_high": col(te["hi"]),
            "t": col(te["t"]),
            "p_value": col(te["p"]),
            "q_value": _pattern_q(np.where(valid, te["p"], np.nan), n, min_ratees, roles),
        }
    )


def _ct_finish(out: pl.DataFrame, threshold: float, alpha: float, min_ratees: int) -> pl.DataFrame:
    """Flag and status of central-tendency rows, raters with a shared ratee only."""
    out = out.filter(pl.col("n_ratees") > 0).with_columns(
        threshold=pl.lit(threshold),
        flag=pl.when(_pattern_evidence(threshold, alpha, min_ratees, strict=False))
        .then(pl.lit("central_tendency"))
        .otherwise(pl.lit(None, dtype=pl.String)),
    )
    status = _pattern_status(pl.col("n_ratees") < min_ratees, pl.col("ratio").is_null())
    return out.with_columns(status=status, min_ratees=pl.lit(min_ratees, dtype=pl.UInt32))


def _central_from_pairs(
    pairs: pl.DataFrame,
    threshold: float,
    alpha: float,
    min_ratees: int,
    des: dict | None = None,
    by_role: bool = False,
) -> pl.DataFrame:
    """:func:`central_tendency` of each rater over all their pairs, whatever the role (the
    halo's compression guard reads this); with ``by_role`` judged in each role they rate in
    (:func:`_central_by_role`, the product's rule)."""
    des = des or _design(pairs)
    if by_role and "rater_role" in pairs.columns and pairs.height:
        return _central_by_role(pairs, des, threshold, (alpha, min_ratees))
    y = np.asarray(pairs["y"].to_numpy(), dtype=np.float64)
    y = y - (y.mean() if y.size else 0.0)  # centred: sums of squares stay accurate
    x_d, o_d, owner = _ct_dyads(y, des, des["rj"], des["n_j"])
    te = _ct_test(x_d, o_d, owner, des["n_j"])
    out = _ct_frame(des["rater_id"], te, _main_role(pairs, des), min_ratees)
    if by_role:  # no roles to judge in
        out = out.with_columns(role=pl.lit(None, pl.String), role_ratio=pl.lit(None, pl.Float64))
    return _ct_finish(out, threshold, alpha, min_ratees).sort("ratio", nulls_last=True)


#: the fewest raters of a role (with enough ratees) whose median spread ratio is the role's
#: typical one for central tendency judged per role (:func:`_central_by_role`)
CT_ROLE_MIN_RATERS = 3


def _central_by_role(
    pairs: pl.DataFrame, des: dict, threshold: float, rule: tuple[float, int]
) -> pl.DataFrame:
    """Central tendency judged **within each role a rater rates in** (fixrater30, rev30a item
    3): a manager who gives all her people 80 and rates a few other managers as a peer was not
    flagged with both pooled (ratio 0.81). Blocks are (rater, role): each block's dyads are
    compared with the same people's other raters, and the ratio is taken relative to the
    role's typical ratio (``role_ratio``, the median over the role's blocks with at least
    ``min_ratees`` ratees, from :data:`CT_ROLE_MIN_RATERS` of them): among compressing peers
    every manager spreads people about 3 times as widely as the peers, so a manager is judged
    against other managers, and a compressing peer against other peers (in rev30a's data
    leaders rating other leaders as peers read 0.25-0.37 against the department head's wide
    spread, as every peer there does). One row per rater: a flagged block
    (most ratees first), else a tested block (their main role first), else the block with most
    ratees; ``role`` names it."""
    alpha, min_ratees = rule
    role, n_r = _role_codes(pairs, des)
    block, n_b = relabel(combine_codes(des["rj"], role, n_r)[0])
    first = np.zeros(n_b, dtype=np.int64)
    first[block] = np.arange(block.size)
    y = np.asarray(pairs["y"].to_numpy(), dtype=np.float64)
    y = y - (y.mean() if y.size else 0.0)
    x_d, o_d, owner = _ct_dyads(y, des, block, n_b)
    te = _ct_test(x_d, o_d, owner, n_b)
    b_role = role[first]
    ok = te["valid"] & (te["n"] >= min_ratees)
    typical = np.ones(n_r)
    for k in range(n_r):
        sel = ok & (b_role == k)
        if sel.sum() >= CT_ROLE_MIN_RATERS:
            typical[k] = float(np.median(te["ratio"][sel]))
    scale = typical[b_role]
    if (scale != 1).any():
        te = _ct_test(x_d / scale[owner], o_d, owner, n_b)
    names = pairs["rater_role"].gather(first).cast(pl.String)
    out = _ct_frame(des["rater_id"].gather(des["rj"][first]), te, names.to_numpy(), min_ratees)
    out = _ct_finish(
        out.with_columns(
            role=names,
            role_ratio=pl.Series(np.where(scale != 1, scale, np.nan)).fill_nan(None),
            _main=pl.Series(names.to_numpy() == _main_role(pairs, des)[des["rj"][first]]),
        ),
        threshold,
        alpha,
        min_ratees,
    )
    return (
        out.sort(
            pl.col("flag").is_null(),
            pl.col("status") == "too_few",
            ~pl.col("_main"),
            pl.col("n_ratees"),
            descending=[False, False, False, True],
        )
        .drop("_main")
        .unique("rater_id", keep="first", maintain_order=True)
        .sort("ratio", nulls_last=True)
    )


#: central tendency of a rater nobody else shares a ratee with (a manager-only team of 3-8):
#: judged on the ratings pooled over cycles once there are this many ratings ...
CT_POOLED_MIN_RATINGS = 8
#: ... of at least this many people (a person counted once per cycle)
CT_POOLED_MIN_PEOPLE = 4
#: the department's other raters give the baseline spread when their degrees of freedom
#: reach this; otherwise every other such rater of the company does
_CT_POOL_MIN_DF = 20


def _central_pooled(
    pairs: pl.DataFrame,
    units: pl.DataFrame | None,
    judged: pl.Series,
    threshold: float,
    alpha: float,
    des: dict | None = None,
) -> pl.DataFrame:
    """Central tendency of the raters not in ``judged`` (the raters the same-ratee comparison
    judges: enough of their people rated by someone else) and mostly nested (fewer than half
    of their pairs have a ratee whom someone else rated too), on their ratings pooled over
    cycles. A peer in a 360 with 5 ratees stays "too few" as before.

    ``sd_own``: the SD of the rater's pair means centred within each of their cycles (a
    person counted once per cycle; centring removes their level and the cycle's), against the
    same spread pooled over the *other* such raters of their main department (of the company
    when the department's degrees of freedom are fewer than 20). ``ratio = sd_own / sd_base``;
    the variance ratio is an F with ``(n - c) / deff`` and ``df_base / deff_base`` degrees of
    freedom, ``deff = 1 + (m - 1) rho`` (Kish) for ``m`` cycles per person and ``rho`` the
    within-person ICC of the centred scores: the same person's ratings in two cycles are not
    two people. One-sided p, weighted BH q over the raters with at least
    :data:`CT_POOLED_MIN_RATINGS` ratings of :data:`CT_POOLED_MIN_PEOPLE` people, flag at
    ``ratio < threshold`` and ``q < alpha`` (the same-ratee rule). Caution, said beside the
    label: a genuinely homogeneous team looks the same as a squeezing rater here."""
    from scipy import stats

    des = des or _design(pairs)
    rj, n_j = des["rj"], des["n_j"]
    ids = des["rater_id"]
    # mostly nested: fewer than half of the rater's pairs have a ratee someone else rated too
    shared = np.bincount(des["ri"], minlength=des["n_i"])[des["ri"]] >= 2
    share = np.bincount(rj, weights=shared, minlength=n_j) / np.bincount(rj, minlength=n_j)
    pool = ~ids.is_in(judged.implode()).to_numpy() & (share < 0.5)
    keep = pool[rj]
    if not keep.any():
        return pl.DataFrame()
    y = np.asarray(pairs["y"].to_numpy(), dtype=np.float64)[keep]
    r, cyc, emp = rj[keep], des["cyc"][keep], des["emp"][keep]
    rc, n_rc = combine_codes(r, cyc, des["n_c"])
    cnt_rc = np.bincount(rc, minlength=n_rc)
    e = y - (np.bincount(rc, weights=y, minlength=n_rc) / cnt_rc)[rc]
    n = np.bincount(r, minlength=n_j).astype(np.float64)
    c = np.bincount(_first_owner(rc, r, n_rc), minlength=n_j)  # cycles per rater
    ss = np.bincount(r, weights=e**2, minlength=n_j)
    dyad, n_d = combine_codes(r, emp, des["n_e"])
    people = np.bincount(_first_owner(dyad, r, n_d), minlength=n_j)
    rho = _icc_oneway(e, dyad, n_d)
    df_own = n - c
    # the rater's main department: that of most of their pairs (company when no units)
    dept = _rater_departments(pairs, units, keep, r, n_j)
    n_dep = int(dept.max()) + 1 if dept.size else 1
    owners = np.flatnonzero(pool)
    ss_d = np.bincount(dept[owners], weights=ss[owners], minlength=n_dep)
    df_d = np.bincount(dept[owners], weights=df_own[owners], minlength=n_dep)
    n_d_pairs = np.bincount(dept[owners], weights=n[owners], minlength=n_dep)
    p_d = np.bincount(dept[owners], weights=people[owners], minlength=n_dep)
    base_ss, base_df = ss_d[dept] - ss, df_d[dept] - df_own
    base_n, base_p = n_d_pairs[dept] - n, p_d[dept] - people
    small = base_df < _CT_POOL_MIN_DF
    base_ss = np.where(small, ss[owners].sum() - ss, base_ss)
    base_df = np.where(small, df_own[owners].sum() - df_own, base_df)
    base_n = np.where(small, n[owners].sum() - n, base_n)
    base_p = np.where(small, people[owners].sum() - people, base_p)
    with np.errstate(divide="ignore", invalid="ignore"):
        deff = 1 + (n / np.maximum(people, 1) - 1) * rho
        deff_b = 1 + (base_n / np.maximum(base_p, 1) - 1) * rho
        d1, d2 = df_own / deff, base_df / deff_b
        v_own, v_base = ss / df_own, base_ss / base_df
        f = v_own / v_base
        p = stats.f.cdf(f, d1, d2)
        lo = np.sqrt(f / stats.f.ppf(0.975, d1, d2))
        hi = np.sqrt(f / stats.f.ppf(0.025, d1, d2))
    valid = pool & (df_own >= 1) & (base_df >= 1) & (v_base > 0) & np.isfinite(f)
    enough = (n >= CT_POOLED_MIN_RATINGS) & (people >= CT_POOLED_MIN_PEOPLE)
    tested = valid & enough
    q = np.full(n_j, np.nan)
    if tested.any():
        q[tested] = _role_q(p[tested], _main_role(pairs, des)[tested])

    def col(a: np.ndarray) -> pl.Series:
        return pl.Series(np.where(valid, a, np.nan).astype(np.float64)).fill_nan(None)

    out = pl.DataFrame(
        {
            "rater_id": ids,
            "n_ratees": people.astype(np.uint32),
            "n_ratings": n.astype(np.uint32),
            "ratio": col(np.sqrt(f)),
            "ci95_low": col(lo),
            "ci95_high": col(hi),
            "p_value": col(p),
            "q_value": pl.Series(q).fill_nan(None),
            "_enough": enough,
            "_tested": tested,
        }
    ).filter(pl.Series(pool))
    flagged = pl.col("_tested") & (pl.col("ratio") < threshold) & (pl.col("q_value") < alpha)
    return (
        out.with_columns(
            flag=pl.when(flagged.fill_null(False))
            .then(pl.lit("central_tendency"))
            .otherwise(pl.lit(None, dtype=pl.String)),
            basis=pl.lit("pooled_cycles"),
        )
        .with_columns(status=_pattern_status(~pl.col("_enough"), ~pl.col("_tested")))
        .drop("_enough", "_tested")
    )


def _first_owner(code: np.ndarray, owner: np.ndarray, n_code: int) -> np.ndarray:
    """The owner (rater) of each code 0..n_code-1, from any row of it."""
    out = np.zeros(n_code, dtype=np.int64)
    out[code] = owner
    return out


def _rater_departments(
    pairs: pl.DataFrame, units: pl.DataFrame | None, keep: np.ndarray, r: np.ndarray, n_j: int
) -> np.ndarray:
    """Each rater's main department (a dense code; the department of most of their kept
    pairs' ratees), all 0 without units."""
    if units is None or "department" not in units.columns:
        return np.zeros(n_j, dtype=np.int64)
    dep = (
        pairs.select("employee_id")
        .filter(pl.Series(keep))
        .join(units.select("employee_id", "department"), on="employee_id", how="left")
    )["department"]
    code, n_dep = dense_codes(dep.cast(pl.String).fill_null(""))
    counts = np.bincount(r * n_dep + code, minlength=n_j * n_dep).reshape(n_j, n_dep)
    return counts.argmax(axis=1).astype(np.int64)


#: what can be said about a rater's central tendency or halo (``ct_status``, ``halo_status``)
PATTERN_STATUSES: tuple[str, ...] = ("flagged", "clear", "too_few", "not_estimable")
#: the fewest ratees on which central tendency and halo are judged: below it the status is
#: ``too_few`` ("too few ratings to tell"), never a flag. Why 8: with 5-7 ratees (a peer in
#: a 360) an honest rater's spread falls below half of the others' by chance often enough
#: that hundreds of peers gave a few false labels per company (rev21 item 4); from 8 on, the
#: corrected test keeps them near zero and still finds a planted rater (docs/methods.md)
PATTERN_MIN_RATEES = 8


def _role_codes(pairs: pl.DataFrame, des: dict) -> tuple[np.ndarray, int]:
    """Dense codes of the pairs' rater roles (:func:`analytics.stats.keys.dense_codes`) in the
    roles' name order, once per design: the scale use and each rater's main role both read
    them (6.7M pairs at 40M ratings); each code's name (None for a pair without a role) kept as
    ``des["role_names"]``. Why name order, not the hash's: a rater's main role is the first of
    their most frequent roles in code order, and the hash order followed the rows' order and
    the column's type (a tie went to one role on a string column and to the other on a
    categorical one: 2e-6 apart in the effects, test_categorical)."""
    if "role_codes" not in des:
        codes, k = dense_codes(pairs["rater_role"])
        at = np.zeros(k, dtype=np.int64)
        at[codes] = np.arange(codes.size)  # a pair of each role
        names = pairs["rater_role"].gather(at).cast(pl.String).to_numpy().astype(object)
        order = np.argsort(np.array([n or "" for n in names], dtype=str), kind="stable")
        rank = np.empty(k, dtype=np.int64)
        rank[order] = np.arange(k)
        des["role_codes"], des["role_names"] = (rank[codes], k), names[order]
    return des["role_codes"]


def _main_role(pairs: pl.DataFrame, des: dict) -> np.ndarray:
    """Each rater's most frequent role (ties: the first by name), by the design's rater code;
    ``"-"`` for all when the pairs carry no role. Once per design (central tendency and halo
    both ask), from the roles' names read once (:func:`_role_codes`): the names of every pair
    as Python strings were 6.7 million objects at 40M ratings, twice."""
    if "rater_role" not in pairs.columns or not pairs.height:
        return np.full(des["n_j"], "-", dtype=object)
    if "main_role" not in des:
        role, n_r = _role_codes(pairs, des)
        counts = np.bincount(des["rj"] * n_r + role, minlength=des["n_j"] * n_r)
        des["main_role"] = des["role_names"][counts.reshape(des["n_j"], n_r).argmax(axis=1)]
    return des["main_role"]


def _pattern_q(p: np.ndarray, n: np.ndarray, min_ratees: int, role: np.ndarray) -> pl.Series:
    """The q-values of a pattern's one-sided tests (central tendency, halo): Benjamini-Hochberg
    weighted by the rater's main role, as the leniency's likely tier (:func:`_role_q`), over
    the raters with at least ``min_ratees`` ratees (the others are not tested: too few to
    tell). Why: the uncorrected p < 0.05 over hundreds of peers labelled a few honest ones in
    every company (rev21 item 4)."""
    tested = np.isfinite(p) & (n >= min_ratees)
    q = np.full(p.size, np.nan)
    if tested.any():
        q[tested] = _role_q(p[tested], role[tested])
    return pl.Series(q).fill_nan(None)


def _pattern_evidence(threshold: float, alpha: float, min_ratees: int, strict: bool) -> pl.Expr:
    """What a central-tendency or halo label needs, as the leniency's flags ask of an effect:
    enough ratees, the one-sided test significant after the correction for the raters tested
    (``q_value < alpha``) and the ratio beyond ``threshold`` (the likely tier's rule); with
    ``strict``, the whole 95% interval of the ratio below it (the strict flag's rule). Why
    strict for halo: a rater who is simply less noisy than the same people's other raters has
    a smaller spread across dimensions when people's true profiles are flat, and the test
    cannot tell that from halo: managers of 10 among noisier peers (ratio 0.42, interval to
    0.62) were labelled halo at q < 0.001 in 5 of 20 simulated companies; central tendency
    compares the spread between people, where a less noisy rater does not look squeezed
    (docs/methods.md)."""
    beyond = pl.col("ci95_high" if strict else "ratio") < threshold
    return ((pl.col("n_ratees") >= min_ratees) & beyond & (pl.col("q_value") < alpha)).fill_null(
        False
    )


def _pattern_status(too_few: pl.Expr, missing: pl.Expr) -> pl.Expr:
    """A pattern's status (:data:`PATTERN_STATUSES`) from its ``flag``: too few ratees comes
    first (a missing ratio on 2 ratees is "too few", not "cannot be estimated")."""
    return (
        pl.when(too_few)
        .then(pl.lit("too_few"))
        .when(missing)
        .then(pl.lit("not_estimable"))
        .when(pl.col("flag").is_not_null())
        .then(pl.lit("flagged"))
        .otherwise(pl.lit("clear"))
    )


def central_tendency(
    ratings: pl.DataFrame,
    cycle: str | None = None,
    threshold: float = 0.5,
    alpha: float = 0.05,
    min_ratees: int = PATTERN_MIN_RATEES,
) -> pl.DataFrame:
    """Raters who squeeze everyone towards the middle, compared with the same ratees' other raters.

    A small spread is only central tendency when *other* raters of the same people see a wide
    spread; a manager of a genuinely homogeneous team is not flagged.

    Returns
    -------
    One row per rater: rater_id, n_ratees (distinct employees with at least one other rater),
    sd_own (SD of the rater's per-employee mean scores), sd_others (SD of the other raters' mean
    for the same employees), ratio = sd_own / sd_others with 95% CI, t and one-sided p_value of
    the Pitman-Morgan test, q_value (the p-values of the raters with at least ``min_ratees``
    ratees corrected for their number: Benjamini-Hochberg weighted by main role, as the
    leniency's likely tier), threshold, min_ratees, flag (null / 'central_tendency') and
    status (:data:`PATTERN_STATUSES`: 'too_few' below ``min_ratees``, never a flag), role (the
    role the row judges the rater in) and role_ratio (that role's typical ratio the ratio is
    taken against, null when 1): judged per role, :func:`_central_by_role`.

    Notes
    -----
    Units are (rater, employee) dyads averaged over cycles, so repeated cycles do not inflate n.
    For dyad scores x (rater) and o (others' mean), Pitman-Morgan tests var(x) = var(o) via
    ``corr(x + o, x - o)`` with ``t = r sqrt((n-2)/(1-r^2))``, df = n - 2; the CI of the variance
    ratio F is ``F (K -/+ sqrt(K^2 - 1))``, ``K = 1 + 2 (1 - r_xo^2) t_crit^2 / (n - 2)``. Because
    ``o`` averages several raters its noise is smaller, so the ratio of an ordinary rater is a
    little above 1 and the test is conservative. Flag: ratio < threshold, q < alpha and
    n_ratees >= min_ratees (:data:`PATTERN_MIN_RATEES`; the error rates measured on simulated
    companies are in docs/methods.md, ``tests/sim/patterns.py``).

    References
    ----------
    Pitman, E. J. G. (1939). A note on normal correlation. Biometrika 31, 9-12.
    Morgan, W. A. (1939). A test for the significance of the difference between two variances in
    a sample from a normal bivariate population. Biometrika 31, 13-19.
    Saal, Downey & Lahey (1980). Rating the ratings. Psychological Bulletin 88, 413-428.
    """
    pairs = _pair_frame(ratings, cycle=cycle)
    return _central_from_pairs(pairs, threshold, alpha, min_ratees, by_role=True)


# --------------------------------------------------------------------------------------------
# 3. halo
# --------------------------------------------------------------------------------------------


def _halo_from_pairs(
    pairs: pl.DataFrame,
    threshold: float,
    alpha: float,
    min_ratees: int,
    scale: pl.DataFrame | None = None,
    des: dict | None = None,
) -> pl.DataFrame:
    """:func:`halo` from the rating pairs: each rater's sums (:func:`_halo_sums`), their
    within-ratee spread against the same people's other raters (:func:`_halo_spread`), the
    flags (:func:`_halo_flagged`)."""
    des = des or _design(pairs)
    per = _halo_sums(pairs, des)
    if scale is None:
        scale = _central_from_pairs(pairs, 0.5, 0.05, 1, des)
    per = per.join(
        scale.select("rater_id", pl.col("ratio").alias("scale_ratio")), on="rater_id", how="left"
    ).join(
        pl.DataFrame({"rater_id": des["rater_id"], "_role": _main_role(pairs, des)}),
        on="rater_id",
        how="left",
    )
    return _halo_flagged(_halo_spread(per, threshold), threshold, alpha, min_ratees)


def _halo_sums(pairs: pl.DataFrame, des: dict) -> pl.DataFrame:
    """Stage 1 of :func:`_halo_from_pairs`: per rater (with a pair of two or more dimensions),
    the sums of their centred pair means, of their pairs' within-pair squares, and of the same
    people's other raters' within-pair squares and degrees of freedom."""
    rj, n_j, n_i = des["rj"], des["n_j"], des["n_i"]
    nrow = pairs["n"].to_numpy().astype(np.float64)
    v = nrow >= 2  # a single dimension carries no within-ratee spread
    # every pair has two dimensions or more in the usual design: then the columns are read
    # as they are, and the pair-length arrays below are reused in place (at 40M ratings each
    # new one is a fresh 50 MB mapping the kernel zero-fills)
    sel = slice(None) if v.all() else v
    raw = pairs["raw"].to_numpy()[sel]
    nv, rv, ri = nrow[sel], rj[sel], des["ri"][sel]
    ss_v = pairs["ss_within"].to_numpy()[sel]
    grand = raw.sum() / nv.sum() if nv.size else 0.0
    mean_p = raw / nv
    mean_p -= grand  # centred pair means
    dyad, n_d = _dyads(des, v)
    owner = np.zeros(n_d, dtype=np.int64)
    owner[dyad] = rv
    out = {
        "rater_id": des["rater_id"],
        "n_ratees": np.bincount(owner, minlength=n_j).astype(np.uint32),
        "n_pairs": np.bincount(rv, minlength=n_j).astype(np.uint32),
        "_nn": _per_rater(nv, rv, n_j),
        "_ssw": _per_rater(ss_v, rv, n_j),
    }
    buf = np.square(nv)
    out["_n2"] = _per_rater(buf, rv, n_j)
    out["_s"] = _per_rater(np.multiply(nv, mean_p, out=buf), rv, n_j)
    np.square(mean_p, out=buf)
    buf *= nv
    out["_sm2"] = _per_rater(buf, rv, n_j)
    # the same person-cycles' other raters: their pooled dimension spread is this rater's
    # baseline (a team with genuinely even strengths shows it to every rater alike)
    df = np.subtract(nv, 1, out=mean_p)
    out["_dfw"] = _per_rater(df, rv, n_j)
    other = _per_rater(df, ri, n_i).astype(np.float64, copy=False)[ri]  # (float when empty)
    other -= df
    out["_odf"] = _per_rater(other, rv, n_j)
    np.take(_per_rater(ss_v, ri, n_i).astype(np.float64, copy=False), ri, out=other)
    other -= ss_v
    out["_oss"] = _per_rater(np.clip(other, 0.0, None, out=other), rv, n_j)
    cols = ("rater_id", "n_ratees", "n_pairs", "_nn", "_n2", "_s", "_sm2", "_ssw", "_dfw")
    return pl.DataFrame({c: out[c] for c in (*cols, "_oss", "_odf")}).filter(pl.col("n_pairs") > 0)


def _halo_spread(per: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """Stage 2 of :func:`_halo_from_pairs`: each rater's pooled within-ratee SD (Saal et al.),
    the baseline (the same people's other raters' SD), their ratio with its F interval and
    lower-tail p, and the dimensions' ICC, from the sums of :func:`_halo_sums` (with
    ``scale_ratio``)."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    nn = per["_nn"].to_numpy().astype(np.float64)
    n2 = per["_n2"].to_numpy().astype(np.float64)
    dfb = per["n_pairs"].to_numpy().astype(np.float64) - 1
    ssw = per["_ssw"].to_numpy()
    dfw = per["_dfw"].to_numpy().astype(np.float64)
    odf = per["_odf"].to_numpy().astype(np.float64)
    ssb = np.clip(per["_sm2"].to_numpy() - per["_s"].to_numpy() ** 2 / nn, 0.0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        msw = ssw / dfw
        n0 = (nn - n2 / nn) / dfb
        s2b = np.clip((ssb / dfb - msw) / n0, 0.0, None)
        icc = np.where((dfb >= 1) & (msw + s2b > 0), s2b / (msw + s2b), np.nan)
        baseline = np.sqrt(per["_oss"].to_numpy() / odf)  # others' SD on the same people
    within = np.sqrt(msw)  # Saal et al.: pooled within-ratee SD across dimensions
    ok = (odf > 0) & (dfw > 0) & np.isfinite(baseline) & (baseline > 0)
    dfo = np.where(ok, odf, 1.0)  # (placeholders where not estimable; masked below)
    dfr = np.where(ok, dfw, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = (within / baseline) ** 2
    ok &= np.isfinite(f)
    f = np.where(ok, f, 1.0)  # scipy warns on NaN input: placeholders, masked below
    p = stats.f.cdf(f, dfr, dfo)  # lower tail: less spread than the same people's others
    lo = np.sqrt(f / stats.f.ppf(0.975, dfr, dfo))
    hi = np.sqrt(f / stats.f.ppf(0.025, dfr, dfo))

    def col(x: np.ndarray) -> pl.Series:
        return pl.Series(np.where(ok, x, np.nan).astype(np.float64)).fill_nan(None)

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = within / baseline
    return per.select("rater_id", "n_ratees", "n_pairs", "scale_ratio", "_role").with_columns(
        index=pl.Series(within).fill_nan(None),
        baseline=col(baseline),
        baseline_df=pl.Series(odf),
        ratio=col(ratio),
        ci95_low=col(lo),
        ci95_high=col(hi),
        p_value=col(p),
        icc_dimensions=pl.Series(icc).fill_nan(None),
        threshold=pl.lit(threshold),
    )


def _halo_flagged(
    out: pl.DataFrame, threshold: float, alpha: float, min_ratees: int
) -> pl.DataFrame:
    """Stage 3 of :func:`_halo_from_pairs`: the ratio relative to the rater's scale use, the
    halo flag and why a ratio is missing, in the output's columns and order."""
    p = out["p_value"].fill_null(np.nan).to_numpy().astype(np.float64)
    n = out["n_ratees"].to_numpy().astype(np.float64)
    out = out.with_columns(
        relative=pl.col("ratio") / pl.col("scale_ratio").fill_null(1.0).clip(lower_bound=1e-9),
        q_value=_pattern_q(p, n, min_ratees, out["_role"].to_numpy()),
    )
    return (
        out.with_columns(
            flag=pl.when(
                _pattern_evidence(threshold, alpha, min_ratees, strict=True)
                & (pl.col("relative") < threshold)
            )
            .then(pl.lit("halo"))
            .otherwise(pl.lit(None, dtype=pl.String)),
            reason=pl.when(pl.col("ratio").is_null())
            .then(pl.lit("halo_no_other_raters"))
            .otherwise(pl.lit(None, dtype=pl.String)),
            min_ratees=pl.lit(min_ratees, dtype=pl.UInt32),
        )
        .with_columns(
            status=_pattern_status(pl.col("n_ratees") < min_ratees, pl.col("ratio").is_null())
        )
        .select(
            "rater_id",
            "n_ratees",
            "n_pairs",
            "index",
            "baseline",
            "baseline_df",
            "ratio",
            "ci95_low",
            "ci95_high",
            "p_value",
            "q_value",
            "scale_ratio",
            "relative",
            "icc_dimensions",
            "threshold",
            "min_ratees",
            "flag",
            "status",
            "reason",
        )
        .sort("ratio", nulls_last=True)
    )


def halo(
    ratings: pl.DataFrame,
    cycle: str | None = None,
    threshold: float = 0.5,
    alpha: float = 0.05,
    min_ratees: int = PATTERN_MIN_RATEES,
) -> pl.DataFrame:
    """Raters who give each person (nearly) the same score on every dimension.

    Halo hides real strengths and weaknesses: the dimension profile that development
    conversations need collapses into one overall impression. A rater who squeezes
    *everything* towards the middle (central tendency) also has a small spread across
    dimensions; that is not called halo unless the dimension spread is squeezed much more than
    the spread between people.

    Returns
    -------
    One row per rater: rater_id, n_ratees (distinct employees), n_pairs, index (pooled
    within-ratee SD across dimensions, Saal et al. 1980), baseline (the same person-cycles'
    other raters' pooled within-ratee SD) with its degrees of freedom baseline_df,
    ratio = index / baseline with 95% CI, one-sided p_value, scale_ratio (the rater's spread
    between people relative to the same people's other raters, see :func:`central_tendency`),
    relative = ratio / scale_ratio, icc_dimensions (share of the rater's score variance due to
    ratees; the mean inter-dimension correlation for exchangeable dimensions, Cooper 1981),
    q_value (corrected as :func:`central_tendency`'s), threshold, min_ratees, flag (null /
    'halo'), status (:data:`PATTERN_STATUSES`), reason ('halo_no_other_raters' where no other
    rater scored the same people on two or more dimensions: the ratio cannot be estimated).

    Notes
    -----
    For each (cycle, ratee) pair of the rater ``SS_p = sum_d (x_pd - xbar_p)^2`` on raw scores
    (differentiating dimensions that are harder for everyone is still differentiation);
    ``index = sqrt(sum SS_p / sum (n_p - 1))``. The baseline pools the same SS of every other
    rater of the same (cycle, ratee) pairs: a team whose strengths are genuinely even shows
    little spread to all its raters, so its honest manager is not charged with halo (the
    company median did that). Under H0 (the rater's spread equals the others' on the same
    people) ``F = index^2 / baseline^2 ~ F(sum(n_p - 1), baseline_df)``: p is its lower tail,
    and the CI of the ratio comes from the same pivot. Flag: ratio < threshold (default 0.5)
    AND relative < threshold AND q < alpha AND n_ratees >= min_ratees. Pairs with a single
    dimension carry no information and are skipped. Where nobody else rated the rater's
    people (a manager-only design), halo cannot be told from an even team: not estimated.

    References
    ----------
    Saal, Downey & Lahey (1980). Rating the ratings. Psychological Bulletin 88, 413-428.
    Cooper, W. H. (1981). Ubiquitous halo. Psychological Bulletin 90, 218-244.
    """
    pairs = _pair_frame(ratings, cycle=cycle)
    return _halo_from_pairs(pairs, threshold, alpha, min_ratees)


# --------------------------------------------------------------------------------------------
# 4. recency
# --------------------------------------------------------------------------------------------


def _kpi_attainment(kpi_results: pl.DataFrame) -> pl.DataFrame:
    """Per (cycle, employee): attainment in the cycle's last period and over the whole cycle."""
    require_columns(kpi_results, ("cycle_id", "employee_id", "period", "attainment"), "kpi_results")
    w = pl.col("weight").fill_null(1.0) if "weight" in kpi_results.columns else pl.lit(1.0)
    rows = (
        kpi_results.lazy()
        .filter(
            pl.col("period").is_not_null()
            & pl.col("attainment").is_not_null()
            & pl.col("attainment").is_finite()
        )
        .with_columns(_w=w.cast(pl.Float64))
        .filter(pl.col("_w") > 0)
    )
    # natural order inside a cycle: shorter label first, then lexicographic (M2 < M10, Q1 < Q4)
    last = (
        rows.select("cycle_id", "period")
        .unique()
        .collect()
        .with_columns(_plen=pl.col("period").str.len_chars())
        .sort("cycle_id", "_plen", "period")
        .group_by("cycle_id", maintain_order=True)
        .agg(last_period=pl.col("period").last(), _np=pl.len())
        .filter(pl.col("_np") >= 2)
        .select("cycle_id", "last_period")
    )
    return (
        rows.join(last.lazy(), on="cycle_id", how="inner")
        .with_columns(
            _wa=pl.col("attainment") * pl.col("_w"),
            _l=(pl.col("period") == pl.col("last_period")).cast(pl.Float64),
        )
        .group_by("cycle_id", "employee_id")
        .agg(
            att_whole=pl.col("_wa").sum() / pl.col("_w").sum(),
            att_last=(pl.col("_wa") * pl.col("_l")).sum() / (pl.col("_w") * pl.col("_l")).sum(),
        )
        .filter(pl.col("att_last").is_not_null() & pl.col("att_last").is_finite())
        .collect()
    )


def _williams(r12: np.ndarray, r13: np.ndarray, r23: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Williams' T2 for H0: rho12 = rho13 with a shared variable 1 (Steiger 1980, eq. 7)."""
    det = 1 - r12**2 - r13**2 - r23**2 + 2 * r12 * r13 * r23
    rbar = (r12 + r13) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return (
            (r12 - r13)
            * np.sqrt((n - 1) * (1 + r23))
            / np.sqrt(2 * (n - 1) / (n - 3) * det + rbar**2 * (1 - r23) ** 3)
        )


def _zou_ci(
    r12: np.ndarray, r13: np.ndarray, r23: np.ndarray, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Zou (2007) 95% CI for rho12 - rho13 (overlapping dependent correlations)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        se = 1 / np.sqrt(n - 3)
        z12, z13 = np.arctanh(r12), np.arctanh(r13)
        l1, u1 = np.tanh(z12 - _Z95 * se), np.tanh(z12 + _Z95 * se)
        l2, u2 = np.tanh(z13 - _Z95 * se), np.tanh(z13 + _Z95 * se)
        c = ((r23 - r12 * r13 / 2) * (1 - r12**2 - r13**2 - r23**2) + r23**3) / (
            (1 - r12**2) * (1 - r13**2)
        )
        a1, a2 = r12 - l1, u2 - r13
        b1, b2 = u1 - r12, r13 - l2
        lo = r12 - r13 - np.sqrt(a1**2 + a2**2 - 2 * c * a1 * a2)
        hi = r12 - r13 + np.sqrt(b1**2 + b2**2 - 2 * c * b1 * b2)
    return lo, hi


#: the fewest (cycle, ratee) ratings with period KPIs, and distinct ratees, on which recency
#: is judged: below either the status is ``too_few``, never a flag. Why 12 ratings: on
#: simulated companies (tests/sim/recency.py) the corrected test found a manager who rates on
#: the last month alone in 0-6% of cases with 8 ratings, 18-31% with 10-11 and 47-68% from 12
#: on (71-93% from 14): below 12 a "clear" would mostly say the test could not see. Why 4
#: ratees: not for the error rate (the test kept p < 0.05 to 5-7% of honest managers even with
#: 2-3 people over 4 cycles), but so that a label about a manager rests on more than the 3
#: people it would name (docs/methods.md)
RECENCY_MIN_RATEES = 4
RECENCY_MIN_N = 12
#: why a manager's recency cannot be estimated (``reason``; catalogue family ``reason``)
RECENCY_REASONS: tuple[str, ...] = ("recency_no_kpi_periods", "recency_no_spread")


def _recency_from_pairs(
    pairs: pl.DataFrame,
    kpi_results: pl.DataFrame,
    margin: float,
    alpha: float,
    min_n: int,
    roles: tuple[str, ...],
    min_ratees: int = RECENCY_MIN_RATEES,
) -> pl.DataFrame:
    """:func:`recency` from the rating pairs: each rater's correlations (:func:`_recency_sums`),
    the test and its interval, then the flag judged as central tendency's
    (:func:`_recency_flagged`)."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    per = _recency_sums(pairs, kpi_results, roles)
    n = per["n"].to_numpy().astype(np.float64)
    lim = 0.999999

    def arr(c: str) -> np.ndarray:
        return np.clip(per[c].fill_null(np.nan).to_numpy().astype(np.float64), -lim, lim)

    r12, r13, r23 = arr("r_last"), arr("r_whole"), arr("r_last_whole")
    t = _williams(r12, r13, r23, n)
    with np.errstate(invalid="ignore"):
        p = stats.t.sf(t, n - 3)  # one-sided: last-period correlation is the larger
    lo, hi = _zou_ci(r12, r13, r23, n)
    ok = (n > 3) & np.isfinite(t)

    def col(a: np.ndarray) -> pl.Series:
        return pl.Series(np.where(ok, a, np.nan)).fill_nan(None)

    enough = (n >= min_n) & (per["n_ratees"].to_numpy() >= min_ratees)
    out = per.with_columns(
        pl.col("r_last", "r_whole", "r_last_whole").fill_nan(None),
        diff=col(r12 - r13),
        ci95_low=col(lo),
        ci95_high=col(hi),
        t=col(t),
        p_value=col(p),
        # one family: the raters tested (all of ``roles``), BH as central tendency's
        q_value=_pattern_q(np.where(ok & enough, p, np.nan), n, min_n, np.full(n.size, "-")),
        margin=pl.lit(margin),
        min_ratees=pl.lit(min_ratees, dtype=pl.UInt32),
        min_n=pl.lit(min_n, dtype=pl.UInt32),
    )
    return _recency_flagged(out, alpha)


def _recency_sums(
    pairs: pl.DataFrame, kpi_results: pl.DataFrame, roles: tuple[str, ...]
) -> pl.DataFrame:
    """Per rater of ``roles``: the (cycle, ratee) units with period KPIs (``n``), their distinct
    ratees and cycles, and the three correlations of the ratings with the last period's and
    the whole cycle's attainment. A rater none of whose ratees has period KPIs has ``n`` 0."""
    att = align_keys(_kpi_attainment(kpi_results), pairs.schema, ["cycle_id", "employee_id"])
    own = pairs.filter(pl.col("rater_role").is_in(list(roles))).select(
        pl.col("rater_id").cast(pl.String), "cycle_id", "employee_id", "y"
    )
    per = (
        # in the pairs' order: a correlation sums its rows in their order, and a join's own
        # order changes from call to call (left30 item 6)
        own.join(att, on=["cycle_id", "employee_id"], how="inner", maintain_order="left")
        .group_by("rater_id")
        .agg(
            n=pl.len().cast(pl.UInt32),
            n_ratees=pl.col("employee_id").n_unique().cast(pl.UInt32),
            n_cycles=pl.col("cycle_id").n_unique().cast(pl.UInt32),
            r_last=pl.corr("y", "att_last"),
            r_whole=pl.corr("y", "att_whole"),
            r_last_whole=pl.corr("att_last", "att_whole"),
        )
    )
    every = own.select("rater_id").unique()
    return every.join(per, on="rater_id", how="left").with_columns(
        pl.col("n", "n_ratees", "n_cycles").fill_null(0)
    )


def _recency_flagged(out: pl.DataFrame, alpha: float) -> pl.DataFrame:
    """The recency flag, status and reason of :func:`_recency_from_pairs`' rows (with
    ``q_value``), in the output's columns and order. A label needs enough ratees and ratings,
    ``q < alpha`` over the managers tested, ``diff >= margin`` and the whole 95% interval above
    0 (so the evidence printed beside it never shows an interval that reaches 0)."""
    enough = (pl.col("n") >= pl.col("min_n")) & (pl.col("n_ratees") >= pl.col("min_ratees"))
    evidence = (
        enough
        & (pl.col("q_value") < alpha)
        & (pl.col("diff") >= pl.col("margin"))
        & (pl.col("ci95_low") > 0)
    ).fill_null(False)
    no_kpi = pl.col("n") == 0
    return (
        out.with_columns(
            flag=pl.when(evidence).then(pl.lit("recency")).otherwise(pl.lit(None, pl.String))
        )
        .with_columns(
            status=pl.when(no_kpi)
            .then(pl.lit("not_estimable"))
            .otherwise(_pattern_status(~enough, pl.col("diff").is_null())),
            reason=pl.when(no_kpi)
            .then(pl.lit("recency_no_kpi_periods"))
            .when(enough & pl.col("diff").is_null())
            .then(pl.lit("recency_no_spread"))
            .otherwise(pl.lit(None, pl.String)),
        )
        .select(
            "rater_id",
            "n",
            "n_ratees",
            "n_cycles",
            "r_last",
            "r_whole",
            "r_last_whole",
            "diff",
            "ci95_low",
            "ci95_high",
            "t",
            "p_value",
            "q_value",
            "margin",
            "min_ratees",
            "min_n",
            "flag",
            "status",
            "reason",
        )
        .sort(pl.col("diff").round(9), "rater_id", descending=[True, False], nulls_last=True)
    )


def recency(
    ratings: pl.DataFrame,
    kpi_results: pl.DataFrame,
    cycle: str | None = None,
    margin: float = 0.2,
    alpha: float = 0.05,
    min_n: int = RECENCY_MIN_N,
    roles: tuple[str, ...] = ("manager",),
    min_ratees: int = RECENCY_MIN_RATEES,
) -> pl.DataFrame:
    """Managers whose ratings track the last period's KPIs more than the whole cycle's.

    A review should judge the whole cycle; a rating that follows only the final period rewards
    a strong finish and forgets early work. The test shows that the ratings follow the last
    period more closely than the whole cycle, not why (a role whose latest results rightly
    weigh more looks the same).

    Returns
    -------
    One row per rater with the given role(s): rater_id, n ((cycle, employee) units with KPI
    periods), n_ratees (distinct employees among them), n_cycles, r_last = corr(rating,
    last-period attainment), r_whole = corr(rating, whole-cycle attainment), r_last_whole,
    diff = r_last - r_whole with Zou's 95% CI, Williams' t and one-sided p_value, q_value
    (the p-values of the raters with at least ``min_ratees`` ratees and ``min_n`` units,
    corrected for their number: Benjamini-Hochberg, as central tendency's), margin,
    min_ratees, min_n, flag (null / 'recency'), status (:data:`PATTERN_STATUSES`: 'too_few'
    below either minimum, never a flag; 'not_estimable' without period KPIs or when the
    ratings or the attainment do not vary) and reason (:data:`RECENCY_REASONS`, for
    'not_estimable'). A rater none of whose ratees has KPIs in two or more periods of a cycle
    has n = 0 and status 'not_estimable'.

    Notes
    -----
    Attainment per (cycle, employee, period) is the KPI-weight-weighted mean of ``attainment``;
    whole-cycle = weighted mean over all periods; last = the cycle's latest period (periods
    ordered by label length then text, so M2 < M10). Williams' T2:
    ``t = (r12 - r13) sqrt((n-1)(1+r23)) / sqrt(2 (n-1)/(n-3) |R| + rbar^2 (1-r23)^3)``,
    df = n - 3. Flag: n_ratees >= min_ratees, n >= min_n, q < alpha, diff >= margin and
    ci95_low > 0 (:data:`RECENCY_MIN_RATEES`, :data:`RECENCY_MIN_N`; the error rates measured
    on simulated companies are in docs/methods.md, ``tests/sim/recency.py``).

    References
    ----------
    Williams, E. J. (1959). Regression Analysis. Wiley.
    Steiger, J. H. (1980). Tests for comparing elements of a correlation matrix.
    Psychological Bulletin 87, 245-251.
    Zou, G. Y. (2007). Toward using confidence intervals to compare correlations.
    Psychological Methods 12, 399-413.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57.
    """
    lf = _filtered(ratings, cycle, include_self=False).filter(
        pl.col("rater_role").is_in(list(roles))
    )
    pairs = _pairs_and_units(ratings, units=False, lf=lf)[0]
    return _recency_from_pairs(pairs, kpi_results, margin, alpha, min_n, roles, min_ratees)


# --------------------------------------------------------------------------------------------
# 5. combined table
# --------------------------------------------------------------------------------------------


def rater_table(
    ratings: pl.DataFrame,
    kpi_results: pl.DataFrame | None = None,
    cycle: str | None = None,
    **options: Any,
) -> pl.DataFrame:
    """One row per rater with every rater diagnostic and a ``flags`` list column.

    The calibration meeting needs one place to see, for each rater, whether their scores should
    be read with a correction; the rating rows are aggregated once and shared.

    Parameters
    ----------
    options
        ``shrinkage``, ``material_sd``, ``min_ratings``, ``ci_beyond_threshold``,
        ``min_set_raters``, ``min_shared_ratees``, ``fdr`` (as :func:`rater_effects`), ``ct_threshold``, ``halo_threshold``, ``recency_margin``,
        ``recency_min_n``, ``recency_min_ratees`` (:func:`recency`'s ``min_n`` and
        ``min_ratees``), ``alpha``, ``min_ratees`` (as the individual diagnostics).

    Returns
    -------
    The :func:`rater_effects` columns (``kpi_results``, when given, is also the criterion of
    scale use), then ``ct_*`` (central tendency: ratio, ci95_low,
    ci95_high, p_value, q_value, n_ratees, status), ``halo_*`` (index, ratio, ci95_low,
    ci95_high, p_value, q_value, relative, n_ratees, status, reason), ``rec_*`` (the
    managers' recency, :func:`recency`: r_last, r_whole, diff, ci95_low, ci95_high, p_value,
    q_value, n, n_ratees, n_cycles, status, reason; absent rows without period-level KPIs),
    ``flags``: list of values among :data:`RATER_FLAGS`, and ``pattern_reason`` (phrases: the
    evidence of a central-tendency, halo or recency label, or that there were too few ratings
    to tell).

    Notes
    -----
    See the individual functions. Raters appear when present in any diagnostic.
    """
    return _rater_table(ratings, kpi_results, cycle, None, **options)


def rater_table_from_pairs(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    kpi_results: pl.DataFrame | None = None,
    **options: Any,
) -> pl.DataFrame:
    """:func:`rater_table` over every cycle of ``ratings``, starting from ``pairs`` =
    :func:`analytics.stats.keys.rating_pairs` of these ratings (the rows are then read only
    for the dimension effects). Why: several company models start from the same pairs."""
    return rater_table_of(rater_fit_from_pairs(ratings, pairs, kpi_results, **options))


class RaterFit(NamedTuple):
    """The rater table in two stages (:func:`rater_fit_from_pairs`, then
    :func:`rater_table_of`): the rater model's pairs and design, its ``effects`` (the rows of
    :func:`rater_effects`), and what the other diagnostics take. Why: whatever subtracts the
    raters' effects (adjusted scores, score changes, profile) needs only the effects, and the
    central tendency, halo and recency columns (5 CPU s at 40M ratings) can be computed beside
    those models instead of before them."""

    pairs: pl.DataFrame
    des: dict | None
    effects: pl.DataFrame
    kpi_results: pl.DataFrame | None
    diagnostics: dict[str, Any]  # the options of the other diagnostics
    units: pl.DataFrame | None = None  # the ratees' department and team (pooled central tendency)


def rater_fit_from_pairs(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    kpi_results: pl.DataFrame | None = None,
    **options: Any,
) -> RaterFit:
    """The first stage of :func:`rater_table_from_pairs` (same arguments): the rater model's
    effects, with what :func:`rater_table_of` adds the other diagnostics from."""
    return _rater_fit(ratings, kpi_results, None, pairs, **options)


def rater_table_of(fit: RaterFit) -> pl.DataFrame:
    """The second stage of :func:`rater_table_from_pairs`: ``fit``'s effects joined with the
    central tendency, halo and recency columns, one row per rater of any of them."""
    o = fit.diagnostics
    ct, ha = _pattern_columns(
        fit.pairs,
        o["ct_threshold"],
        o["halo_threshold"],
        o["alpha"],
        o["min_ratees"],
        fit.des,
        fit.units,
    )
    rec_min = (o["recency_min_ratees"], o["recency_min_n"])
    rec = _recency_columns(
        fit.pairs, fit.kpi_results, o["recency_margin"], o["alpha"], rec_min[1], rec_min[0]
    )
    return _rater_rows(fit.effects, ct, ha, rec, o["min_ratees"], rec_min)


def _rater_table(
    ratings: pl.DataFrame,
    kpi_results: pl.DataFrame | None,
    cycle: str | None,
    shared: pl.DataFrame | None,
    **options: Any,
) -> pl.DataFrame:
    """:func:`rater_table`; ``shared``: the pairs of :func:`rater_table_from_pairs` or None."""
    return rater_table_of(_rater_fit(ratings, kpi_results, cycle, shared, **options))


def _rater_fit(
    ratings: pl.DataFrame,
    kpi_results: pl.DataFrame | None,
    cycle: str | None,
    shared: pl.DataFrame | None,
    shrinkage: bool = True,
    material_sd: float = 0.3,
    min_ratings: int = 1,
    ci_beyond_threshold: bool = True,
    ct_threshold: float = 0.5,
    halo_threshold: float = 0.5,
    recency_margin: float = 0.2,
    recency_min_n: int = RECENCY_MIN_N,
    recency_min_ratees: int = RECENCY_MIN_RATEES,
    alpha: float = 0.05,
    min_ratees: int = PATTERN_MIN_RATEES,
    min_set_raters: int = 3,
    min_shared_ratees: int = 3,
    fdr: float = 0.05,
) -> RaterFit:
    """:func:`rater_fit_from_pairs`, and for one ``cycle`` or without ``shared`` pairs."""
    pairs, units = _pairs_and_units(ratings, cycle=cycle, shared=shared)
    des = _design(pairs) if pairs.height else None
    eff = _effects_from_pairs(
        pairs,
        shrinkage,
        material_sd,
        min_ratings,
        ci_beyond_threshold,
        units,
        des,
        min_set_raters=min_set_raters,
        min_shared_ratees=min_shared_ratees,
        fdr=fdr,
        kpi=None if kpi_results is None else _kpi_level(kpi_results),
    )
    eff = _with_team_contrasts(_with_link_effects(eff, pairs, units, fdr), pairs, units)
    diagnostics = {
        "ct_threshold": ct_threshold,
        "halo_threshold": halo_threshold,
        "recency_margin": recency_margin,
        "recency_min_n": recency_min_n,
        "recency_min_ratees": recency_min_ratees,
        "alpha": alpha,
        "min_ratees": min_ratees,
    }
    return RaterFit(pairs, des, eff, kpi_results, diagnostics, units)


#: the raters the same-ratee model cannot estimate whom the links across cycles may
_LINK_TARGETS = ("own_ratees_only",)


def _with_link_effects(
    eff: pl.DataFrame, pairs: pl.DataFrame, units: pl.DataFrame | None, fdr: float
) -> pl.DataFrame:
    """``eff`` with the raters it cannot estimate (a set of one or two: a manager-only team)
    estimated through people who changed rater between cycles
    (:func:`analytics.stats.links.link_effects`, fitted on those raters' pairs alone):
    ``effect``, its interval, ``flag`` / ``fdr_flag`` and ``status`` from the links,
    ``interval_method`` = ``links``, ``effect_shrunk`` null (an effect relative to its linked
    set is not subtracted from anyone's score), ``set_raters`` and ``n_shared_ratees`` the
    linked set's raters and this rater's linking people; the reason says on what it rests.
    A rater the links do not reach keeps "cannot be estimated" (``own_ratees_only``: nobody
    else rates their ratees, in any cycle). Only raters of a set of one are estimated here: a
    set of two in one cycle stays ``small_connected_set`` as the same-ratee model says. The
    other raters' rows are unchanged."""
    from analytics.stats.links import link_effects

    if not eff.height or "status_reason" not in eff.columns:
        return eff
    code = pl.col("status_reason").struct.field("code")
    targets = eff.filter((pl.col("status") == "not_estimable") & code.is_in(_LINK_TARGETS))
    if not targets.height:
        return eff
    mine = pairs.filter(pl.col("rater_id").cast(pl.String).is_in(targets["rater_id"].implode()))
    thr = float(eff["threshold"].drop_nulls()[0]) if eff["threshold"].drop_nulls().len() else 0.0
    links = link_effects(mine, units, thr, fdr=fdr)
    new = _link_rows(targets.select("rater_id").join(links, on="rater_id", how="left"), thr)
    return _replaced_by_links(eff, new)


def _link_rows(got: pl.DataFrame, thr: float) -> pl.DataFrame:
    """The rater table's columns of the raters :func:`_with_link_effects` estimates (``got``:
    their rows of :func:`analytics.stats.links.link_effects`): effect, interval, flags,
    status and its reason."""
    est = pl.col("link_effect").is_not_null()
    strict, likely = pl.col("link_flag").is_not_null(), pl.col("link_fdr_flag").is_not_null()
    lr = pl.col("link_reason")
    none = {k: pl.lit(None, dtype=t) for k, t in _REASON_PARAMS.items()}

    def said(c: str) -> pl.Expr:
        return phrase(
            c,
            **none
            | {
                "n": pl.col("link_ratees"),
                "raters": pl.col("link_set_raters"),
                "shared": pl.col("link_set_ratees"),
                "min": pl.lit(3, pl.Int64),
                "dir": pl.when(pl.col("link_effect") > 0)
                .then(pl.lit("lenient"))
                .otherwise(pl.lit("severe")),
                "q": pl.col("link_q_value"),
                "thr": pl.lit(thr),
                "effect": pl.col("link_effect"),
            },
        )

    return got.with_columns(
        effect=pl.col("link_effect"),
        se=pl.col("link_se"),
        ci95_low=pl.col("link_ci95_low"),
        ci95_high=pl.col("link_ci95_high"),
        effect_fixed=pl.col("link_effect"),
        effect_shrunk=pl.lit(None, pl.Float64),
        identified=est,
        flag=pl.col("link_flag"),
        fdr_flag=pl.col("link_fdr_flag"),
        p_value=pl.col("link_p_value"),
        q_value=pl.col("link_q_value"),
        status=pl.when(est & (strict | likely))
        .then(pl.lit("flagged"))
        .when(est & (pl.col("link_set_raters") == 2))
        .then(pl.lit("pair_only"))  # only two linked raters: their difference (rev29a 4)
        .when(est)
        .then(pl.lit("clear"))
        .when(lr == "link_few")
        .then(pl.lit("insufficient_data"))
        .otherwise(pl.lit("not_estimable")),
        status_reason=pl.when(est & strict)
        .then(said("link_flag_strict"))
        .when(est & likely)
        .then(said("link_flag_likely"))
        .when(est & (pl.col("link_set_raters") == 2))
        .then(said("link_pair"))
        .when(est)
        .then(said("link_clear"))
        .when(lr == "link_few")
        .then(said("link_few"))
        .when(lr == "link_large_set")
        .then(said("link_large_set"))
        .when(lr == "link_no_df")
        .then(said("link_no_df"))
        .otherwise(said("link_none")),
        interval_method=pl.when(est).then(pl.lit("links")),
        set_raters=pl.col("link_set_raters").cast(pl.UInt32),
        n_shared_ratees=pl.col("link_ratees").cast(pl.UInt32),
        resid_sd=pl.col("link_resid_sd"),
        design_effect=pl.col("link_design_effect"),
    )


def _replaced_by_links(eff: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """``eff`` with the columns of ``new`` (:func:`_link_rows`) for the raters the links
    reach; a rater they do not reach keeps its row (``own_ratees_only``: nobody else rates
    their n ratees, in any cycle)."""
    cols = [
        "effect", "se", "ci95_low", "ci95_high", "effect_fixed", "effect_shrunk", "identified",
        "flag", "fdr_flag", "p_value", "q_value", "status", "status_reason", "interval_method",
        "set_raters", "n_shared_ratees", "resid_sd", "design_effect",
    ]  # fmt: skip
    upd = new.select("rater_id", *[pl.col(c).alias(f"_new_{c}") for c in cols])
    out = eff.join(upd, on="rater_id", how="left", maintain_order="left")
    # a rater the links do not reach keeps its reason ("nobody else rates their n ratees")
    hit = pl.col("_new_status").is_not_null() & (
        pl.col("_new_status_reason").struct.field("code") != "link_none"
    )
    return (
        out.with_columns(
            [
                (
                    pl.coalesce(pl.col(f"_new_{c}"), pl.col(c))
                    if c == "interval_method"
                    else pl.when(hit).then(pl.col(f"_new_{c}")).otherwise(pl.col(c))
                )
                .cast(eff.schema[c])
                .alias(c)
                for c in cols
            ]
        )
        .with_columns(
            effect_sd=pl.when(hit)
            .then(pl.col("effect") / pl.col("sd_employee"))
            .otherwise(pl.col("effect_sd"))
        )
        .drop([f"_new_{c}" for c in cols])
        .sort(SORT_EFFECT, "rater_id", descending=[True, False], nulls_last=True)
    )


def _with_team_contrasts(
    eff: pl.DataFrame, pairs: pl.DataFrame, units: pl.DataFrame | None
) -> pl.DataFrame:
    """``eff`` with each rater's team against the rest of its department (``team_*``,
    :func:`analytics.stats.links.team_contrasts`) where the rater's standard cannot be
    estimated because nobody else rates their people (``own_ratees_only``): what such a
    design can show, which is the team's level and the manager's standard together, never
    called leniency. Null for every other rater."""
    from analytics.stats.links import team_contrasts

    code = pl.col("status_reason").struct.field("code")
    if not eff.height or "status_reason" not in eff.columns:
        return eff
    nested = eff.filter(code == "own_ratees_only")
    if not nested.height:
        return eff
    # the rest of the department is every other rater of the same main role (the other
    # managers), not only the other nested ones: a manager estimated through the links, or
    # one whose people someone else rated too, left the rest (rev29a item 6: 56 of the 96
    # other ratings of 制造中心, the gap +0.81 where the whole rest gives +0.64)
    roles = nested["main_role"].unique() if "main_role" in eff.columns else None
    peers = eff if roles is None else eff.filter(pl.col("main_role").is_in(roles.implode()))
    mine = pairs.filter(pl.col("rater_id").cast(pl.String).is_in(peers["rater_id"].implode()))
    tc = team_contrasts(mine, units).filter(pl.col("rater_id").is_in(nested["rater_id"].implode()))
    return eff.join(tc, on="rater_id", how="left", maintain_order="left")


def _prefixed(frame: pl.DataFrame, prefix: str, columns: Sequence[str]) -> pl.DataFrame:
    """``rater_id`` and one diagnostic's ``columns``, named with its prefix for the join."""
    return frame.select("rater_id", *[pl.col(c).alias(f"{prefix}_{c}") for c in columns])


def _pattern_columns(
    pairs: pl.DataFrame,
    ct_threshold: float,
    halo_threshold: float,
    alpha: float,
    min_ratees: int,
    des: dict | None,
    units: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Central tendency (``ct_``) and halo (``halo_``) columns: halo needs the former's frame.
    A rater none of whose people anyone else rated gets central tendency on their ratings
    pooled over cycles (:func:`_central_pooled`, ``ct_basis`` = ``pooled_cycles``; the
    others ``same_ratees``)."""
    ct_full = _central_from_pairs(pairs, ct_threshold, alpha, min_ratees, des)
    ct_role = _central_from_pairs(pairs, ct_threshold, alpha, min_ratees, des, by_role=True)
    cols = ("ratio", "ci95_low", "ci95_high", "p_value", "q_value", "n_ratees", "flag", "status")
    ct = _prefixed(ct_role, "ct", (*cols, "role", "role_ratio")).with_columns(
        ct_basis=pl.lit("same_ratees"), ct_n_ratings=pl.lit(None, pl.UInt32)
    )
    if pairs.height:
        judged = ct_role.filter(pl.col("n_ratees") >= min_ratees)["rater_id"]
        pooled = _central_pooled(pairs, units, judged, ct_threshold, alpha, des)
        if pooled.height:
            ct = pl.concat(
                [
                    ct.join(pooled.select("rater_id"), on="rater_id", how="anti"),
                    _prefixed(pooled, "ct", (*cols, "basis", "n_ratings")),
                ],
                how="diagonal_relaxed",
            )
    ha = _prefixed(
        _halo_from_pairs(pairs, halo_threshold, alpha, min_ratees, ct_full, des),
        "halo",
        (
            "index",
            "ratio",
            "ci95_low",
            "ci95_high",
            "p_value",
            "q_value",
            "relative",
            "n_ratees",
            "flag",
            "status",
            "reason",
        ),
    )
    return ct, ha


def _recency_columns(
    pairs: pl.DataFrame,
    kpi_results: pl.DataFrame | None,
    recency_margin: float,
    alpha: float,
    recency_min_n: int,
    recency_min_ratees: int = RECENCY_MIN_RATEES,
) -> pl.DataFrame:
    """The managers' recency columns (``rec_``); none of their rows without KPI periods."""
    if kpi_results is not None and "period" in kpi_results.columns:
        rec = _recency_from_pairs(
            pairs,
            kpi_results,
            recency_margin,
            alpha,
            recency_min_n,
            ("manager",),
            recency_min_ratees,
        )
        return _prefixed(rec, "rec", _REC_COLUMNS)
    return pl.DataFrame(
        schema={"rater_id": pl.String, **{f"rec_{c}": t for c, t in _REC_COLUMNS.items()}}
    )


#: the recency columns of the rater table (``rec_`` + name) and their types
_REC_COLUMNS: dict[str, pl.DataType] = {
    "r_last": pl.Float64,
    "r_whole": pl.Float64,
    "diff": pl.Float64,
    "ci95_low": pl.Float64,
    "ci95_high": pl.Float64,
    "p_value": pl.Float64,
    "q_value": pl.Float64,
    "n": pl.UInt32,
    "n_ratees": pl.UInt32,
    "n_cycles": pl.UInt32,
    "flag": pl.String,
    "status": pl.String,
    "reason": pl.String,
}


def _flag_code(columns: Sequence[str], prefix: str) -> tuple[pl.Expr | None, pl.Expr, pl.Expr]:
    """A pattern label's role, its role's typical spread and its phrase code: central tendency
    judged in one role says the role (and, when taken against the role's typical spread,
    that spread: fixrater30)."""
    ct = prefix == "ct"
    role = pl.col("ct_role") if ct and "ct_role" in columns else None
    typical = (
        pl.col("ct_role_ratio") if ct and "ct_role_ratio" in columns else pl.lit(None, pl.Float64)
    )
    flagged = pl.lit(f"{prefix}_flagged")
    if role is not None:
        flagged = (
            pl.when(typical.is_not_null())
            .then(pl.lit("ct_role_typical_flagged"))
            .when(role.is_not_null())
            .then(pl.lit("ct_role_flagged"))
            .otherwise(flagged)
        )
    return role, typical, flagged


def _with_pattern_reasons(
    frame: pl.DataFrame,
    min_ratees: int,
    rec_min: tuple[int, int] = (RECENCY_MIN_RATEES, RECENCY_MIN_N),
) -> pl.DataFrame:
    """``frame`` with ``pattern_reason``: the evidence beside a central-tendency, halo or
    recency label (the ratio or the difference of correlations, its 95% interval, the ratees
    and the corrected q), or why there is no label on too few ratees; a list of phrases
    (family ``reason``), empty for a clear or inestimable pattern. Built from the rows that
    have a phrase and gathered per rater: the same list written as ``concat_list`` of
    conditional structs took 7 CPU s for the ~200,000 raters of 40M ratings (Polars evaluates
    every branch of every row), this takes 0.1 s. ``rec_min``: recency's fewest ratees and
    (cycle, ratee) ratings."""
    rows = frame.with_row_index("_row")
    none = pl.lit(None, dtype=pl.Float64)
    parts = []
    for prefix, kind in (("ct", "central_tendency"), ("halo", "halo"), ("rec", "recency")):
        if f"{prefix}_status" not in rows.columns:
            continue
        status = pl.col(f"{prefix}_status")
        # central tendency on ratings pooled over cycles says so, with its caution (mgr24)
        pooled = (
            (pl.col("ct_basis") == "pooled_cycles").fill_null(False)
            if prefix == "ct" and "ct_basis" in rows.columns
            else pl.lit(False)
        )
        role, typical, flagged = _flag_code(rows.columns, prefix)
        code = (
            pl.when(status == "flagged")
            .then(pl.when(pooled).then(pl.lit("ct_pooled_flagged")).otherwise(flagged))
            .when(status == "too_few")
            .then(
                pl.when(pooled)
                .then(pl.lit("ct_pooled_too_few"))
                .otherwise(pl.lit("rec_too_few" if prefix == "rec" else "pattern_too_few"))
            )
        )
        rec = prefix == "rec"
        n_units = (
            pl.col("rec_n").cast(pl.Int64)
            if rec
            else pl.when(pooled).then(pl.col("ct_n_ratings").cast(pl.Int64))
            if prefix == "ct" and "ct_n_ratings" in rows.columns
            else pl.lit(None, pl.Int64)
        )
        min_units = (
            pl.lit(rec_min[1], dtype=pl.Int64)
            if rec
            else pl.when(pooled).then(pl.lit(CT_POOLED_MIN_RATINGS, dtype=pl.Int64))
        )
        min_n = pl.lit(rec_min[0] if rec else min_ratees, dtype=pl.Int64)
        if prefix == "ct":
            min_n = (
                pl.when(pooled).then(pl.lit(CT_POOLED_MIN_PEOPLE, dtype=pl.Int64)).otherwise(min_n)
            )
        said = rows.filter(code.is_not_null())
        parts.append(
            said.select(
                "_row",
                pl.struct(
                    code.alias("code"),
                    pl.struct(
                        pl.lit(kind).alias("kind"),
                        (none if rec else pl.col(f"{prefix}_ratio")).alias("ratio"),
                        pl.col(f"{prefix}_ci95_low").alias("lo"),
                        pl.col(f"{prefix}_ci95_high").alias("hi"),
                        pl.col(f"{prefix}_q_value").alias("q"),
                        pl.col(f"{prefix}_n_ratees").cast(pl.Int64).alias("n"),
                        min_n.alias("min"),
                        # recency: the difference of the two correlations and its units
                        (pl.col("rec_diff") if rec else none).alias("diff"),
                        (pl.col("rec_r_last") if rec else none).alias("r_last"),
                        (pl.col("rec_r_whole") if rec else none).alias("r_whole"),
                        n_units.alias("units"),
                        min_units.alias("min_units"),
                        (pl.lit(None, dtype=pl.String) if role is None else role).alias("role"),
                        typical.alias("typical"),
                    ).alias("params"),
                ).alias("pattern_reason"),
            )
        )
    # central tendency's phrase before halo's (and recency's) in each list, as stacked
    listed = (
        pl.concat(parts)
        .sort("_row", maintain_order=True)
        .group_by("_row", maintain_order=True)
        .agg("pattern_reason")
    )
    empty = pl.lit([], dtype=listed.schema["pattern_reason"])
    return (
        rows.join(listed, on="_row", how="left", maintain_order="left")
        .with_columns(pl.col("pattern_reason").fill_null(empty))
        .drop("_row")
    )


def _rater_rows(
    eff: pl.DataFrame,
    ct: pl.DataFrame,
    ha: pl.DataFrame,
    rec: pl.DataFrame,
    min_ratees: int = PATTERN_MIN_RATEES,
    rec_min: tuple[int, int] = (RECENCY_MIN_RATEES, RECENCY_MIN_N),
) -> pl.DataFrame:
    """One row per rater of any diagnostic: joined, flags listed, unfitted raters' status,
    the evidence of a central-tendency, halo or recency label (:func:`_with_pattern_reasons`;
    ``rec_min``: recency's fewest ratees and ratings)."""
    out = eff
    for other in (ct, ha, rec):
        out = out.join(other, on="rater_id", how="full", coalesce=True)
    flags = pl.concat_list(
        pl.col("flag"), pl.col("ct_flag"), pl.col("halo_flag"), pl.col("rec_flag")
    ).list.drop_nulls()
    # a rater of the other diagnostics whom the effect model did not fit (min_ratings)
    unfitted = phrase(
        "too_few_ratings", **{k: pl.lit(None, dtype=t) for k, t in _REASON_PARAMS.items()}
    )
    return (
        out.with_columns(
            flags=flags,
            status=pl.col("status").fill_null(pl.lit("insufficient_data")),
            status_reason=pl.when(pl.col("status").is_null())
            .then(unfitted)
            .otherwise(pl.col("status_reason")),
            # a rater none of whose people anyone else rated has no central-tendency row
            ct_status=pl.col("ct_status").fill_null(pl.lit("not_estimable")),
            halo_status=pl.col("halo_status").fill_null(pl.lit("not_estimable")),
        )
        .pipe(_with_pattern_reasons, min_ratees, rec_min)
        .drop("ct_flag", "halo_flag", "rec_flag")
        .sort(SORT_EFFECT, "rater_id", descending=[True, False], nulls_last=True)
    )


def between_cycle_noise(scores: pl.DataFrame) -> float:
    """The residual variance of one rater's view, estimated from how each person's score
    moves between cycles, for designs whose model has no residual (each person rated by one
    rater: the rater and the person cannot be told apart within a cycle).

    ``scores``: ``cycle_id, employee_id, raw, _w2`` (``_w2`` = sum of the squared rater
    weights of the person's score). The company mean of each cycle is removed, then the
    pooled within-person variance (n_i - 1 degrees of freedom per person) is divided by the
    mean ``_w2`` of the rows used. A real change of a person (or of their rater) between
    cycles counts as noise, so the estimate errs wide. NaN when nobody has two cycles.
    """
    d = scores.select(
        "employee_id",
        "_w2",
        dev=pl.col("raw") - pl.col("raw").mean().over("cycle_id"),
    ).with_columns(n_i=pl.len().over("employee_id"))
    d = d.filter(pl.col("n_i") >= 2).with_columns(
        dev=pl.col("dev") - pl.col("dev").mean().over("employee_id")
    )
    df = d.height - d["employee_id"].n_unique()
    if df < 1:
        return float("nan")
    return float((d["dev"] ** 2).sum() / df / d["_w2"].mean())


def adjusted_scores(
    ratings: pl.DataFrame,
    effects: pl.DataFrame,
    role_weights: Mapping[str, float] | None = None,
) -> pl.DataFrame:
    """A calibration proposal: each person's score with their raters' leniency taken out.

    Returns
    -------
    One row per (cycle_id, employee_id) with ratings of a weighted role: cycle_order and the
    employee attributes present, raw (the person score, :mod:`analytics.stats.person_score`),
    adjustment (minus the score-weighted mean effect of the raters: signed as applied),
    adjusted = raw + adjustment, se, ci95_low, ci95_high, n_raters, n (rating rows),
    n_adjusted_raters (raters with an estimated effect).

    Notes
    -----
    With ``w_j`` rater j's weight in the person score (role weight W_r renormalised over the
    roles present, times the rater's share D_j / D_r of the role's dimension weights),
    ``raw = sum w_j s_j``, ``adjusted = raw - sum w_j b_j`` and ``se^2 = sum w_j^2 (sigma_e^2 +
    se_j^2)``: the pair residual noise of each rater's view plus the uncertainty of each rater
    effect, treated as independent. Raters absent from ``effects`` (too few ratings,
    aggregated sources) or whose effect cannot be estimated get effect 0 and are not counted
    in n_adjusted_raters. Where the model has no residual (each person rated by one rater,
    e.g. a manager-only company) or its estimate is 0, ``sigma_e^2`` comes from how people's
    scores move between cycles (:func:`between_cycle_noise`); with a single cycle it cannot be
    estimated and se / ci95 are null, never a zero width. ``role_weights``: default manager 0.6, peer 0.2,
    skip_level 0.2, self and upward 0.

    References
    ----------
    Raymond, M. R. & Viswesvaran, C. (1993). Least squares models to correct for rater effects
    in performance assessment. Journal of Educational Measurement 30, 253-268.
    """
    return _adjusted_scores(ratings, effects, None, role_weights)


def adjusted_scores_from_pairs(
    ratings: pl.DataFrame,
    effects: pl.DataFrame,
    pairs: pl.DataFrame,
    role_weights: Mapping[str, float] | None = None,
    weighted: pl.DataFrame | RaterViews | None = None,
) -> pl.DataFrame:
    """:func:`adjusted_scores` starting from ``pairs`` =
    :func:`analytics.stats.keys.rating_pairs` of these ratings (the rows are then not grouped
    again). Why: several company models start from the same pairs. ``weighted``: the raters'
    weights in the person score when already at hand
    (:func:`analytics.stats.person_score.rater_weights_from_pairs` of the same inputs, or
    its :func:`~analytics.stats.person_score.rater_views_from_pairs`, grouped once for all)."""
    return _adjusted_scores(ratings, effects, pairs, role_weights, weighted)


def _adjusted_scores(
    ratings: pl.DataFrame,
    effects: pl.DataFrame,
    pairs: pl.DataFrame | None,
    role_weights: Mapping[str, float] | None,
    weighted: pl.DataFrame | RaterViews | None = None,
) -> pl.DataFrame:
    """:func:`adjusted_scores` in its stages; ``pairs`` / ``weighted``: the shared pass."""
    require_columns(ratings, _REQUIRED, "ratings")
    require_columns(effects, ("rater_id", "effect", "se", "resid_sd"), "effects")
    sig = effects["resid_sd"].drop_nulls()
    # the model's pair residual variance; NaN when the design leaves it no residual (every
    # ratee seen by one rater only): then the between-cycle fallback below
    sigma2 = float(sig[0]) ** 2 if sig.len() else float("nan")
    attrs = [
        c
        for c in ("cycle_order", "department", "team", "level", "job_family", "manager_id")
        if c in ratings.columns
    ]
    # each rater's view and their weight w_j in the person score (analytics.stats.person_score)
    if weighted is None:
        per_rater = (
            rater_means(ratings, role_weights)
            if pairs is None
            else rater_means_from_pairs(ratings, pairs, role_weights)
        )
        weighted = with_rater_weights(per_rater, role_weights).collect()
    scores = _person_adjustments(views_of(weighted), _rater_offsets(effects, ratings))
    if not sigma2 > 0:  # no residual (NaN) or a boundary estimate of 0: never a zero width
        sigma2 = between_cycle_noise(scores)
    # the groups come in (cycle_id, employee_id) order: the sorted order, with no sort
    scores = _with_score_interval(scores, sigma2)
    pairs = as_string(scores.with_columns(gather_rows(ratings, scores["_r"], attrs)).drop("_r"))
    order = [
        "cycle_id",
        "employee_id",
        *attrs,
        "raw",
        "adjustment",
        "adjusted",
        "se",
        "ci95_low",
        "ci95_high",
        "n_raters",
        "n",
        "n_adjusted_raters",
    ]
    return pairs.select(order)


def _rater_offsets(effects: pl.DataFrame, ratings: pl.DataFrame) -> pl.DataFrame:
    """Each rater's effect (0 when not estimated), its SE and whether it was estimated."""
    return align_keys(
        effects.select(
            "rater_id",
            pl.col("effect").is_not_null().alias("_has"),
            pl.col("effect").fill_null(0.0).alias("_b"),
            pl.col("se").fill_null(0.0).alias("_se"),
        ).filter(pl.col("rater_id").is_not_null()),
        ratings.schema,
        ["rater_id"],
    )


def _person_adjustments(views: RaterViews, eff: pl.DataFrame) -> pl.DataFrame:
    """Per (cycle, person), in that order: raw score, adjustment for raters' effects, SE sums,
    counts (sums over the shared grouping of the raters' views, :class:`RaterViews`)."""
    # a rater absent from ``effects`` or whose effect cannot be estimated is not adjusted for
    # (effect 0) and not counted as adjusted
    per = views.per_row(eff.unique("rater_id", keep="first"), ["rater_id"]).select(
        pl.col("_has").fill_null(False), pl.col("_b").fill_null(0.0), pl.col("_se").fill_null(0.0)
    )
    frame = views.frame
    w, b, se = frame["w"].to_numpy(), per["_b"].to_numpy(), per["_se"].to_numpy()
    w2 = w * w
    n = views.sum(frame["n"].to_numpy().astype(np.float64))
    return views.key_frame(["cycle_id", "employee_id"]).with_columns(
        raw=views.sum(w * frame["s"].to_numpy()),
        # signed as applied: raw + adjustment = adjusted (a lenient rater's effect is taken
        # off, so their ratees' adjustment is negative)
        adjustment=-views.sum(w * b),
        _w2=views.sum(w2),
        _vb=views.sum(w2 * se * se),
        n_raters=pl.Series(views.count(), dtype=pl.UInt32),
        n=pl.Series(n).cast(frame.schema["n"]),
        n_adjusted_raters=pl.Series(views.sum(per["_has"].to_numpy()), dtype=pl.UInt32),
        _r=pl.Series(views.min(frame[ROW].to_numpy()), dtype=frame.schema[ROW]),
    )


def _with_score_interval(scores: pl.DataFrame, sigma2: float) -> pl.DataFrame:
    """Adjusted score with its SE (pair noise and effects' uncertainty) and 95% interval."""
    return (
        scores.with_columns(
            adjusted=pl.col("raw") + pl.col("adjustment"),
            # null (the interval cannot be estimated) rather than a zero width
            se=(pl.col("_w2") * sigma2 + pl.col("_vb")).sqrt()
            if sigma2 > 0
            else pl.lit(None, dtype=pl.Float64),
        )
        .with_columns(
            # within the scale (0-1): the score an average rater would give lies on it, and an
            # interval cut to where the value can be keeps its coverage; "93.8 to 104.0" on a
            # 0-100 scale read as an error (helper A, session 44). Never cut past the estimate
            # itself (raw + adjustment, which a severe rater's top mark can put beyond 1)
            ci95_low=pl.when(pl.col("se").is_not_null()).then(
                pl.min_horizontal(
                    (pl.col("adjusted") - _Z95 * pl.col("se")).clip(lower_bound=0.0), "adjusted"
                )
            ),
            ci95_high=pl.when(pl.col("se").is_not_null()).then(
                pl.max_horizontal(
                    (pl.col("adjusted") + _Z95 * pl.col("se")).clip(upper_bound=1.0), "adjusted"
                )
            ),
        )
        .drop("_w2", "_vb")
    )
