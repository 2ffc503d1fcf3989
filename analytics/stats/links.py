"""Rater leniency identified through people who change rater between cycles (manager-only
designs: one rater per person and cycle, teams of 3-8, half-year cycles).

In a manager-only export each person has one rater in a cycle, so within a cycle a manager's
standard and their team's real level are the same number (:mod:`analytics.stats.raters`
says "cannot be estimated"). Across cycles they are not: when a person moves from manager A to
manager B, the person is the same, so the change of their score, net of what happened to
everyone in their department that cycle, is B's standard minus A's. This is the two-way
fixed-effects model of Abowd, Kramarz & Margolis (1999), workers and firms there, people and
raters here:

    y_pct = theta_p + psi_r(p, t) + delta_d(p), t + e_pct

on pair means (dimension effects removed, as the rater model does), with ``theta_p`` a
person's level over all cycles, ``psi_r`` the rater's standard and ``delta`` a
department-by-cycle shift, so that a department's downturn in the cycle its manager changed
is not read as the new manager's severity. Only differences of ``psi`` inside a connected set
of the rater-person graph over the cycles are identified (Abowd, Creecy & Kramarz 2002); each
rater is reported as the difference from the mean of their set, with the number of people who
link them.

Estimated in two stages, both exact least squares on sparse sums (no loop over rows):

1. ``delta`` from the *stayers* (people with one rater over all cycles: their rater's standard
   drops out of their own changes): within-person centring, normal equations over the
   department x cycle cells, minimum-norm solution (only changes within a department are
   identified, and only they are used);
2. ``psi`` from the *movers* (two raters or more), their scores less ``delta``: within-person
   centring, normal equations ``(Z'MZ + P) psi = Z'My`` with ``P`` the sum-to-zero constraint
   of each set, solved and inverted exactly per set.

Pure NumPy/SciPy/Polars; no words (the reasons are codes, worded by the catalogue).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import polars as pl
import polars.selectors as cs

from analytics.stats.keys import combine_codes, dense_codes
from analytics.stats.multiplicity import bh
from analytics.stats.quantiles import t_quantile

__all__ = [
    "LINK_MAX_SET",
    "LINK_REASONS",
    "link_effects",
    "team_contrasts",
    "team_gap_order",
]

#: the reasons of a link estimate (``link_reason``)
LINK_REASONS: tuple[str, ...] = ("link_none", "link_few", "link_large_set", "link_no_df")
#: linked sets of more raters are not inverted (dense): their raters say so
LINK_MAX_SET = 3000
_DENSE_ALL = 4000  # up to this many linked raters, one dense inverse of the block diagonal


def _person_sums(person: np.ndarray, n_p: int, *values: np.ndarray) -> list[np.ndarray]:
    return [np.bincount(person, weights=v, minlength=n_p) for v in values]


def _centred_normal(
    person: np.ndarray, col: np.ndarray, y: np.ndarray, n_p: int, n_col: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The normal equations of ``y = theta_person + beta_col + e`` with the person effects
    absorbed (within-person centring): ``A = D - G'G`` (``G[i, c] = n_ic / sqrt(n_i)``) as a
    sparse matrix, ``b = X'y - G'(s_i / sqrt(n_i))``, and ``n_i``."""
    from scipy import sparse

    n_i = np.bincount(person, minlength=n_p).astype(np.float64)
    s_i = np.bincount(person, weights=y, minlength=n_p)
    root = np.sqrt(np.maximum(n_i, 1.0))
    g = sparse.csr_matrix(
        (np.ones(person.size) / root[person], (person, col)), shape=(n_p, n_col)
    )  # repeated entries add up: n_ic / sqrt(n_i)
    d = sparse.diags(np.bincount(col, minlength=n_col).astype(np.float64))
    a = (d - (g.T @ g)).tocsr()
    b = np.bincount(col, weights=y, minlength=n_col) - g.T @ (s_i / root)
    return a, b, n_i


def _cell_shifts(
    person: np.ndarray, cell: np.ndarray, y: np.ndarray, n_p: int, n_cell: int
) -> tuple[np.ndarray, float, float]:
    """Stage 1: the department x cycle shifts from the stayers (minimum-norm least squares,
    dense: the cells are departments x cycles), their residual variance and its df."""
    a, b, n_i = _centred_normal(person, cell, y, n_p, n_cell)
    dense = a.toarray()
    delta, _res, rank, _sv = np.linalg.lstsq(dense, b, rcond=1e-10)
    theta = np.bincount(person, weights=y - delta[cell], minlength=n_p) / np.maximum(n_i, 1)
    e = y - delta[cell] - theta[person]
    df = float(y.size - np.count_nonzero(n_i) - rank)
    return delta, float(e @ e), df


def _set_inverse(a, comp: np.ndarray, n_comp: int, size: np.ndarray):
    """``(A + P)^-1`` restricted to each set (``P = 1 1' / |set|`` per set), as a function
    ``solve(rhs) -> (x, diag)``: one dense inverse of the block diagonal when the linked
    raters are few (:data:`_DENSE_ALL`), else one per set (sets above
    :data:`LINK_MAX_SET` are left out: NaN)."""
    n = comp.size
    if n <= _DENSE_ALL:
        m = a.toarray()
        same = comp[:, None] == comp[None, :]
        m = m + np.where(same, 1.0 / size[comp][:, None], 0.0)
        inv = np.linalg.inv(m)
        return lambda rhs: (inv @ rhs, np.diag(inv).copy())
    order = np.argsort(comp, kind="stable")
    starts = np.searchsorted(comp[order], np.arange(n_comp))
    a = a.tocsr()

    def solve(rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, dg = np.full(n, np.nan), np.full(n, np.nan)
        for c in range(n_comp):  # a loop over sets (few at this size), never over rows
            idx = order[starts[c] : starts[c] + size[c]]
            if idx.size > LINK_MAX_SET:
                continue
            blk = a[idx][:, idx].toarray() + 1.0 / idx.size
            inv = np.linalg.inv(blk)
            x[idx], dg[idx] = inv @ rhs[idx], np.diag(inv)
        return x, dg

    return solve


def _icc(e: np.ndarray, g: np.ndarray, n_g: int) -> float:
    """ANOVA intraclass correlation of residuals within groups, clipped to [0, 0.99]."""
    c = np.bincount(g, minlength=n_g).astype(np.float64)
    if e.size <= n_g or n_g < 2 or c.max() <= 1:
        return 0.0
    gm = np.bincount(g, weights=e, minlength=n_g) / np.maximum(c, 1)
    msb = float(np.sum(c * (gm - e.mean()) ** 2)) / (n_g - 1)
    msw = float(np.sum((e - gm[g]) ** 2)) / (e.size - n_g)
    n0 = (e.size - float(np.sum(c**2)) / e.size) / (n_g - 1)
    den = msb + (n0 - 1) * msw
    return float(min(max((msb - msw) / den if den > 0 else 0.0, 0.0), 0.99))


def link_effects(
    pairs: pl.DataFrame,
    department: pl.DataFrame | None,
    threshold: float,
    min_links: int = 3,
    fdr: float = 0.05,
) -> pl.DataFrame:
    """Each rater's standard relative to the raters they are linked with across cycles.

    Parameters
    ----------
    pairs : one row per (cycle, ratee, rater) pair mean: ``cycle_id, employee_id, rater_id,
        y`` (the rater model's pairs, the raters to estimate).
    department : ``employee_id, department`` (the first level of the path is used), or None
        (one department: then the shifts are the company's per cycle).
    threshold : the materiality threshold in ``y``'s units (the rater model's).
    min_links : a rater is estimated when at least this many distinct people link them
        with another rater of their set (people they rated who were rated by another rater
        too, in any cycle); fewer: ``link_few`` (as the same-ratee model's
        ``min_shared_ratees``).
    fdr : false discovery rate of the likely tier (Benjamini-Hochberg over the raters
        estimated here).

    Returns
    -------
    One row per rater: ``rater_id``, ``link_effect`` (difference from the mean of the set),
    ``link_se``, ``link_ci95_low``, ``link_ci95_high``, ``link_df``, ``link_p_value``,
    ``link_q_value``, ``link_flag`` (null / 'lenient' / 'severe': the whole interval beyond
    the threshold and the q-value below ``fdr``; never in a set of two raters, whose effects
    are plus and minus half their difference), ``link_fdr_flag`` (null / 'likely_lenient' /
    'likely_severe', likewise),
    ``link_set_raters``, ``link_ratees`` (people linking this rater with another of the set),
    ``link_set_ratees`` (people linking the set), ``link_reason`` (null when estimated, else
    :data:`LINK_REASONS`: ``link_none``, no ratee rated by another rater; ``link_few``, fewer
    than ``min_links`` people link this rater; ``link_large_set``, a set above
    :data:`LINK_MAX_SET` raters; ``link_no_df``, no residual degrees of freedom),
    ``link_resid_sd`` and ``link_design_effect``.

    Notes
    -----
    Stage 2's residual variance is the larger of the movers' own (pairs less people less
    raters less sets) and the stayers' of stage 1 (their df with it): conservative where a
    rater x person interaction makes the movers noisier. The SE is
    ``sqrt(sigma2 ([(A + P)^-1]_jj - 1/|set|) deff_j)``, ``deff_j = 1 + (c_j - 1) rho`` with
    ``c_j`` the pairs per (rater, person) dyad and ``rho`` the movers' residual ICC within
    dyads (Kish 1965); Student's t on the residual df. The shifts' own uncertainty (stage 1,
    from all the stayers) is left out. Assumptions: additive, one standard per rater over the
    cycles; a person's level constant but for the department's shifts (a real change of a
    mover coinciding with the change of rater is read as the raters' difference); moves not
    chosen on the person's change in that cycle (AKM's exogenous mobility).

    References
    ----------
    Abowd, J. M., Kramarz, F. & Margolis, D. N. (1999). High wage workers and high wage
    firms. Econometrica 67, 251-333.
    Abowd, J. M., Creecy, R. H. & Kramarz, F. (2002). Computing person and firm effects using
    linked longitudinal employer-employee data. U.S. Census Bureau TP-2002-06 (connectedness).
    Kish, L. (1965). Survey Sampling. Wiley (design effect).
    """
    rater, n_r, ids, person, n_p, _cyc, _n_c, y, cell, n_cell = _coded(pairs, department)
    # people's distinct raters: stayers have one, movers two or more
    dyad, n_dy = combine_codes(person, rater, n_r)
    mover = np.bincount(_first_owner(dyad, person, n_dy), minlength=n_p)[person] >= 2
    stay = ~mover
    sp, n_sp = _recode(person[stay])
    delta, rss_s, df_s = (
        _cell_shifts(sp, cell[stay], y[stay], n_sp, n_cell)
        if stay.any()
        else (np.zeros(n_cell), 0.0, 0.0)
    )
    # which cells the stayers identify: a mover in a cell no stayer shares is not adjusted
    keep = mover & (np.bincount(cell[stay], minlength=n_cell) > 0)[cell]
    out = _empty(ids)
    if not keep.any():
        return out
    fit = _movers_fit(person[keep], rater[keep], y[keep] - delta[cell[keep]])
    s2_s = rss_s / df_s if df_s > 0 else np.nan
    # the larger residual variance of the two stages (conservative), with its df
    use_m = np.isfinite(fit["s2"]) and not (np.isfinite(s2_s) and s2_s > fit["s2"])
    sigma2, df = (fit["s2"], fit["df"]) if use_m else (s2_s, df_s)
    est = _link_tests(fit, sigma2, df, threshold, min_links, fdr)
    return (
        out.select("rater_id")
        .with_row_index("_r")
        .with_columns(pl.col("_r").cast(pl.Int64))
        .join(est, on="_r", how="left")
        .drop("_r")
        .with_columns(
            pl.col("link_reason").fill_null(
                pl.when(pl.col("link_effect").is_null()).then(pl.lit("link_none"))
            ),
            pl.col("link_set_raters").fill_null(1),
            pl.col("link_ratees").fill_null(0),
            pl.col("link_set_ratees").fill_null(0),
        )
    )


def _movers_fit(person: np.ndarray, rater: np.ndarray, ys: np.ndarray) -> dict:
    """Stage 2 on the movers' pairs (scores less the shifts): the linked sets, each rater's
    linking people, the rater effects (sum 0 per set), the inverse's diagonal, the residual
    variance and df, the dyads' design effect."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    mp, n_mp = _recode(person)
    mr, n_mr = _recode(rater)
    r_ids = np.zeros(n_mr, dtype=np.int64)
    r_ids[mr] = rater
    # sets: raters linked through shared movers
    inc = sparse.csr_matrix((np.ones(mr.size), (mr, mp)), shape=(n_mr, n_mp))
    n_comp, comp = connected_components(inc @ inc.T, directed=False)
    size = np.bincount(comp, minlength=n_comp)
    # linking people: movers rated by this rater and by another of the set
    mdy, n_mdy = combine_codes(mp, mr, n_mr)
    md_p, md_r = _first_owner(mdy, mp, n_mdy), _first_owner(mdy, mr, n_mdy)
    k_m = np.bincount(md_p, minlength=n_mp)
    links = np.bincount(md_r, weights=k_m[md_p] >= 2, minlength=n_mr)
    p_comp = np.zeros(n_mp, dtype=np.int64)
    p_comp[mp] = comp[mr]
    set_people = np.bincount(p_comp, weights=k_m >= 2, minlength=n_comp)
    a, b, n_i = _centred_normal(mp, mr, ys, n_mp, n_mr)
    psi, dg = _set_inverse(a, comp, n_comp, size.astype(np.float64))(b)
    psi = psi - (np.bincount(comp, weights=np.nan_to_num(psi), minlength=n_comp) / size)[comp]
    theta = np.bincount(mp, weights=ys - np.nan_to_num(psi)[mr], minlength=n_mp) / n_i
    e = ys - np.nan_to_num(psi)[mr] - theta[mp]
    df = float(ys.size - n_mp - (n_mr - n_comp))
    per_dyad = np.bincount(mr, minlength=n_mr) / np.maximum(np.bincount(md_r, minlength=n_mr), 1)
    return {
        "r_ids": r_ids,
        "psi": psi,
        "var": np.clip(dg - 1.0 / size[comp], 0.0, None),
        "size": size[comp],
        "links": links,
        "set_people": set_people[comp],
        "s2": float(e @ e) / df if df > 0 else np.nan,
        "df": df,
        "deff": 1.0 + (per_dyad - 1.0) * _icc(e, mdy, n_mdy),
    }


def _link_tests(
    fit: dict, sigma2: float, df: float, threshold: float, min_links: int, fdr: float
) -> pl.DataFrame:
    """The effects' SEs, intervals, tests, flags and reasons (:func:`link_effects`'s rows,
    keyed by the rater's code ``_r``)."""
    from scipy import stats

    psi, size, links = fit["psi"], fit["size"], fit["links"]
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(sigma2 * fit["var"] * fit["deff"])
        tq = float(t_quantile(np.array([max(df, 1.0)]))[0])
        p = 2 * stats.t.sf(np.abs(psi / se), max(df, 1.0))
    reason = np.full(psi.size, None, dtype=object)
    reason[size < 2] = "link_none"
    reason[(size >= 2) & (links < min_links)] = "link_few"
    reason[(size > LINK_MAX_SET) & (reason == None)] = "link_large_set"  # noqa: E711
    if not (np.isfinite(sigma2) and df > 0):
        reason[reason == None] = "link_no_df"  # noqa: E711
    ok = np.array([r is None for r in reason]) & np.isfinite(se) & (se > 0)
    q = np.full(psi.size, np.nan)
    if ok.any():
        q[ok] = bh(p[ok])
    lo, hi = psi - tq * se, psi + tq * se
    # the strict flag also needs the corrected test: without it, the uncorrected interval of
    # ~60 managers per company, many linked by a few people, flagged 0.6 of a null company
    # two linked raters (a manager change, A -> B): the effect is half their difference,
    # which says how far apart they are, not which one is off: no flag (rev29a item 4)
    flaggable = ok & (size >= 3)
    up = flaggable & (psi >= threshold) & (lo > threshold) & (q < fdr)
    down = flaggable & (psi <= -threshold) & (hi < -threshold) & (q < fdr)
    likely = flaggable & (q < fdr) & (np.abs(psi) >= threshold)
    sign = np.where(psi > 0, "lenient", "severe")
    return pl.DataFrame(
        {
            "_r": fit["r_ids"],
            "link_effect": np.where(ok, psi, np.nan),
            "link_se": np.where(ok, se, np.nan),
            "link_ci95_low": np.where(ok, lo, np.nan),
            "link_ci95_high": np.where(ok, hi, np.nan),
            "link_df": np.where(ok, df, np.nan),
            "link_p_value": np.where(ok, p, np.nan),
            "link_q_value": q,
            "link_flag": pl.Series(np.where(up | down, sign, None).tolist(), dtype=pl.String),
            "link_fdr_flag": pl.Series(
                np.where(likely, np.char.add("likely_", sign.astype(str)), None).tolist(),
                dtype=pl.String,
            ),
            "link_set_raters": size.astype(np.int64),
            "link_ratees": links.astype(np.int64),
            "link_set_ratees": fit["set_people"].astype(np.int64),
            "link_reason": pl.Series(reason.tolist(), dtype=pl.String),
            "link_resid_sd": np.full(psi.size, np.sqrt(sigma2) if np.isfinite(sigma2) else np.nan),
            "link_design_effect": fit["deff"],
        }
    ).with_columns(cs.float().fill_nan(None))


_FLOATS = (
    "link_effect",
    "link_se",
    "link_ci95_low",
    "link_ci95_high",
    "link_df",
    "link_p_value",
    "link_q_value",
)


def _empty(ids: pl.Series) -> pl.DataFrame:
    """Every rater with no estimate: ``link_none`` (the columns of :func:`link_effects`)."""
    return pl.DataFrame({"rater_id": ids}).with_columns(
        *[pl.lit(None, pl.Float64).alias(c) for c in _FLOATS],
        link_flag=pl.lit(None, pl.String),
        link_fdr_flag=pl.lit(None, pl.String),
        link_set_raters=pl.lit(1, pl.Int64),
        link_ratees=pl.lit(0, pl.Int64),
        link_set_ratees=pl.lit(0, pl.Int64),
        link_reason=pl.lit("link_none"),
        link_resid_sd=pl.lit(None, pl.Float64),
        link_design_effect=pl.lit(None, pl.Float64),
    )


def _first_owner(code: np.ndarray, owner: np.ndarray, n_code: int) -> np.ndarray:
    out = np.zeros(n_code, dtype=np.int64)
    out[code] = owner
    return out


def _first_values(s: pl.Series, code: np.ndarray, n: int) -> pl.Series:
    at = np.zeros(n, dtype=np.int64)
    at[code] = np.arange(code.size)
    return s.gather(at).cast(pl.String)


def _recode(code: np.ndarray) -> tuple[np.ndarray, int]:
    uniq, inv = np.unique(code, return_inverse=True)
    return inv.astype(np.int64), int(uniq.size)


def _departments(pairs: pl.DataFrame, department: pl.DataFrame | None) -> np.ndarray:
    """Each pair's department code (the first level of the ratee's department path; one
    department for all without it)."""
    if department is None or "department" not in department.columns:
        return np.zeros(pairs.height, dtype=np.int64)
    dep = (
        pairs.select(pl.col("employee_id").cast(pl.String))
        .join(
            department.select(
                pl.col("employee_id").cast(pl.String),
                pl.col("department").cast(pl.String).str.split("/").list.first(),
            ),
            on="employee_id",
            how="left",
            maintain_order="left",
        )["department"]
        .fill_null("")
    )
    return dense_codes(dep)[0]


class _Coded(NamedTuple):
    """The pairs as dense codes: raters (and their ids), people, cycles, the scores and the
    department x cycle cells both models compare within."""

    rater: np.ndarray
    n_r: int
    ids: pl.Series
    person: np.ndarray
    n_p: int
    cyc: np.ndarray
    n_c: int
    y: np.ndarray
    cell: np.ndarray
    n_cell: int


def _coded(pairs: pl.DataFrame, department: pl.DataFrame | None) -> _Coded:
    rater, n_r = dense_codes(pairs["rater_id"])
    person, n_p = dense_codes(pairs["employee_id"])
    cyc, n_c = dense_codes(pairs["cycle_id"])
    cell, n_cell = combine_codes(_departments(pairs, department), cyc, n_c)
    y = pairs["y"].to_numpy().astype(np.float64)
    ids = _first_values(pairs["rater_id"], rater, n_r)
    return _Coded(rater, n_r, ids, person, n_p, cyc, n_c, y, cell, n_cell)


def team_contrasts(pairs: pl.DataFrame, department: pl.DataFrame | None) -> pl.DataFrame:
    """Each rater's team against the rest of its department: what a manager-only design
    *can* show, and not leniency (the team's real level and the manager's standard together).

    For every pair, the mean of the other raters' pairs of the same department (first level of
    the path) and cycle is subtracted; a rater's ``team_diff`` is the mean of these
    differences over their people (each person's cycles averaged first: a person counted once),
    with a t interval over the people (``team_people`` - 1 df) whose variance adds the rest's
    mean's (the department's pooled variance over its pairs outside the team, ``team_rest_n``).
    Null interval below 2 people, without a rest of the department, or where it would be wider
    than the whole scale (too few people to tell).

    Returns ``rater_id, team_diff, team_ci95_low, team_ci95_high, team_people, team_rest_n,
    team_cycles``.
    """
    rater, n_r, ids, person, _n_p, cyc, n_c, y, cell, n_cell = _coded(pairs, department)
    s_cell = np.bincount(cell, weights=y, minlength=n_cell)
    q_cell = np.bincount(cell, weights=y**2, minlength=n_cell)
    n_cell_ = np.bincount(cell, minlength=n_cell).astype(np.float64)
    rc, n_rc = combine_codes(rater, cell, n_cell)
    s_rc = np.bincount(rc, weights=y, minlength=n_rc)
    q_rc = np.bincount(rc, weights=y**2, minlength=n_rc)
    n_rc_ = np.bincount(rc, minlength=n_rc).astype(np.float64)
    c_of = _first_owner(rc, cell, n_rc)
    rest_n = n_cell_[c_of] - n_rc_
    with np.errstate(invalid="ignore", divide="ignore"):
        rest_mean = (s_cell[c_of] - s_rc) / rest_n
        rest_var = ((q_cell[c_of] - q_rc) - rest_n * rest_mean**2) / (rest_n - 1)
        d = y - rest_mean[rc]
        dy, n_dy = combine_codes(rater, person, int(person.max()) + 1 if person.size else 1)
        per = np.bincount(dy, weights=d, minlength=n_dy) / np.bincount(dy, minlength=n_dy)
        owner = _first_owner(dy, rater, n_dy)
        ok_d = np.isfinite(per)
        k = np.bincount(owner[ok_d], minlength=n_r).astype(np.float64)
        m = np.bincount(owner[ok_d], weights=per[ok_d], minlength=n_r) / k
        v = (np.bincount(owner[ok_d], weights=per[ok_d] ** 2, minlength=n_r) - k * m**2) / (k - 1)
        # the rest's mean: its variance over its pairs, averaged over the rater's cells
        r_owner = _first_owner(rc, rater, n_rc)
        ok_c = np.isfinite(rest_var) & (rest_n > 1)
        w = np.bincount(r_owner[ok_c], weights=n_rc_[ok_c], minlength=n_r)
        vr = np.bincount(
            r_owner[ok_c], weights=(n_rc_ * rest_var / rest_n)[ok_c], minlength=n_r
        ) / np.maximum(w, 1)
        se = np.sqrt(np.clip(v, 0.0, None) / k + vr)
        tq = t_quantile(np.maximum(k - 1, 1))
    # an interval wider than the whole scale (0-1) says nothing: none, "too few to tell"
    # (rev31b item 8: a team of 2 had -103.3…92.6 on 0-100)
    has = (k >= 2) & np.isfinite(se) & (2 * tq * se <= 1.0)
    rest_total = np.bincount(r_owner, weights=np.nan_to_num(rest_n), minlength=n_r)
    rcy, n_rcy = combine_codes(rater, cyc, n_c)
    cycles = np.bincount(_first_owner(rcy, rater, n_rcy), minlength=n_r)
    return pl.DataFrame(
        {
            "rater_id": ids,
            "team_diff": np.where(k >= 1, m, np.nan),
            "team_ci95_low": np.where(has, m - tq * se, np.nan),
            "team_ci95_high": np.where(has, m + tq * se, np.nan),
            "team_people": k.astype(np.int64),
            "team_rest_n": rest_total.astype(np.int64),
            "team_cycles": cycles.astype(np.int64),
        }
    ).with_columns(cs.float().fill_nan(None))


def team_gap_order(raters: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``raters`` with a team gap (``team_diff``, :func:`team_contrasts`) in the
    order a reader acts on: flagged managers (any flag) first, then those whose interval
    excludes 0, each group by the interval's distance from 0 (its nearer end), then by the size
    of the gap. Why: sorted by the signed gap, the flat manager (000184, +10.0, lower bound
    +9.0, the one flagged) came last of 156, below gaps of -3.1 whose interval reached -14.8
    (rev27a item 4)."""
    if "team_diff" not in raters.columns:
        return raters.head(0)
    teams = raters.filter(pl.col("team_diff").is_not_null())
    lo, hi = pl.col("team_ci95_low"), pl.col("team_ci95_high")
    flagged = (
        (pl.col("flags").list.len() > 0).fill_null(False)
        if "flags" in teams.columns
        else pl.lit(False)
    )
    # how far the interval stays from 0: 0 when it crosses 0 (or has no ends)
    distance = pl.max_horizontal(lo, -hi, pl.lit(0.0)).fill_null(0.0)
    return (
        teams.with_columns(_f=flagged, _d=distance, _g=pl.col("team_diff").abs())
        .sort(["_f", "_d", "_g"], descending=True, nulls_last=True, maintain_order=True)
        .drop("_f", "_d", "_g")
    )
