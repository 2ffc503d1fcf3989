"""Inter-rater reliability: intraclass correlations (ICC) and Krippendorff's alpha.

Pure, vectorised functions over long Polars frames (one row per rating). Nothing here reads
the database or imports the UI; see ``docs/methods.md`` for the methods note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import polars as pl

from analytics.stats.checks import require_columns
from analytics.stats.keys import KEY, group_key, value_codes

__all__ = [
    "ALPHA_BOOT",
    "ALPHA_LEVELS",
    "ICC_FORMS",
    "ICC_TYPES",
    "MIN_RATEES",
    "NESTED_K",
    "icc",
    "icc_by_group",
    "icc_of_slots",
    "krippendorff_alpha",
]

ICC_TYPES: tuple[str, ...] = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")
#: the design of each ICC form, as a code (catalogue ``icc_form.<code>``, worded at display)
ICC_FORMS: tuple[str, ...] = (
    "single_one_way",  # single rater, one-way random (raters nested in targets)
    "single_two_way_random",  # single rater, two-way random, absolute agreement
    "single_two_way_mixed",  # single rater, two-way mixed, consistency
    "mean_one_way",  # mean of k raters, one-way random
    "mean_two_way_random",  # mean of k raters, two-way random, absolute agreement
    "mean_two_way_mixed",  # mean of k raters, two-way mixed, consistency
)
ALPHA_LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

_GROUP = "__reliability_group__"  # internal constant group for the ungrouped ICC
_MAX_MISSING_SHOWN = 10
_BOOT_CHUNK_CELLS = 4_000_000  # bound on the floats held per bootstrap chunk
#: units up to which a chunk of bootstrap resamples is drawn and counted at once
#: (:func:`_boot_weights`: the counts' b * n cells stay in cache)
_BOOT_BLOCK_UNITS = 4096
#: bootstrap draws of alpha by default (the findings' reliability table shows its interval)
ALPHA_BOOT = 200
#: the fewest ratees (people with two or more identified raters; for the nested ICC, with k)
#: the reliability table reports a value for. With one, alpha is 0 whatever the scores (every
#: pairable value lies in that one unit, so the observed and the expected disagreement are the
#: same sum) and its bootstrap interval [0, 0]: rev23a read "0.000 [0.000, 0.000]" off one
#: person. With two, the cluster bootstrap has three distinct resamples, so its 2.5 and 97.5
#: percentiles are two of three numbers, and the ICC's F interval rests on one numerator degree
#: of freedom. docs/methods.md, "Too few ratees".
MIN_RATEES = 3
#: the ICC's nested design: each person's k raters (those with at least k identified raters)
NESTED_K = 3


# --------------------------------------------------------------------------------------------
# ICC
# --------------------------------------------------------------------------------------------


def _numeric_values(data: pl.DataFrame, col: str, what: str) -> pl.Expr:
    dtype = data.schema[col]
    if not dtype.is_numeric():
        raise ValueError(f"{what} column {col!r} must be numeric, got {dtype}")
    expr = pl.col(col).cast(pl.Float64)
    return expr.fill_nan(None)


def _describe_cells(frame: pl.DataFrame, cols: list[str]) -> str:
    shown = frame.head(_MAX_MISSING_SHOWN).rows()
    parts = [", ".join(f"{c}={v!r}" for c, v in zip(cols, row)) for row in shown]
    more = "" if frame.height <= _MAX_MISSING_SHOWN else f" and {frame.height - len(shown)} more"
    return "; ".join(f"({p})" for p in parts) + more


def _complete_icc_frame(
    data: pl.DataFrame, group: str, targets: str, raters: str, ratings: str, nan_policy: str
) -> pl.DataFrame:
    """Validate and return the long frame of a complete targets x raters matrix per group."""
    if nan_policy not in ("raise", "omit"):
        raise ValueError(f"nan_policy must be 'raise' or 'omit', got {nan_policy!r}")
    df = data.select(
        pl.col(group), pl.col(targets), pl.col(raters), _numeric_values(data, ratings, "ratings")
    )
    keys = [group, targets, raters]

    dup = df.group_by(keys).len().filter(pl.col("len") > 1)
    if dup.height:
        raise ValueError(
            "ICC needs exactly one rating per target x rater; duplicated cells: "
            + _describe_cells(dup.drop(_GROUP, strict=False), [k for k in keys if k != _GROUP])
        )

    observed = df.drop_nulls(ratings)
    # Targets that lack a rating from a rater who rated someone else in the same group.
    observed = observed.with_columns(
        pl.col(raters).n_unique().over(group).alias("__k"),
        pl.col(raters).n_unique().over([group, targets]).alias("__kt"),
    )
    has_nulls = observed.height < df.height
    incomplete = observed.filter(pl.col("__kt") < pl.col("__k"))

    if nan_policy == "raise" and (has_nulls or incomplete.height):
        # Name the missing cells: every (target, rater) of a group's grid that is not observed.
        grid = (
            df.select(group, targets)
            .unique()
            .join(df.select(group, raters).unique(), on=group, how="inner")
        )
        missing = grid.join(observed.select(keys), on=keys, how="anti").sort(keys)
        shown_cols = [k for k in keys if k != _GROUP]
        raise ValueError(
            f"ICC needs a complete targets x raters matrix: {missing.height} rating(s) missing "
            f"({_describe_cells(missing.select(shown_cols), shown_cols)}). "
            "Use nan_policy='omit' to drop targets with any missing rating, or Krippendorff's "
            "alpha for incomplete designs."
        )

    complete = observed.filter(pl.col("__kt") == pl.col("__k")).drop("__k", "__kt")
    sizes = complete.group_by(group, maintain_order=True).agg(
        pl.col(targets).n_unique().alias("n"), pl.col(raters).n_unique().alias("k")
    )
    empty_groups = df.select(group).unique().join(sizes.select(group), on=group, how="anti")
    bad = sizes.filter((pl.col("n") < 2) | (pl.col("k") < 2))
    if bad.height or empty_groups.height:
        where = (
            ""
            if group == _GROUP
            else " in group(s) "
            + _describe_cells(pl.concat([bad.select(group), empty_groups]), [group])
        )
        detail = bad.select("n", "k").row(0) if bad.height else (0, 0)
        raise ValueError(
            "ICC needs at least 2 targets and 2 raters with complete ratings"
            f"{where}; got n_targets={detail[0]}, n_raters={detail[1]}"
        )
    return complete


def _anova_sums(
    complete: pl.DataFrame, group: str, targets: str, raters: str, ratings: str
) -> pl.DataFrame:
    """Two-way ANOVA sums of squares per group in one aggregation.

    With a complete n x k matrix, summing the squared deviation of each row's target mean
    from the grand mean over all n*k rows gives k * sum_i (mean_i - grand)^2 = SSR, and the
    same with rater means gives SSC.
    """
    y = pl.col(ratings)
    gm = y.mean().over(group)
    return (
        complete.with_columns(
            (y - gm).alias("__dev"),
            (y.mean().over([group, targets]) - gm).alias("__tdev"),
            (y.mean().over([group, raters]) - gm).alias("__rdev"),
        )
        .group_by(group, maintain_order=True)
        .agg(
            pl.col(targets).n_unique().alias("n_targets"),
            pl.col(raters).n_unique().alias("n_raters"),
            (pl.col("__dev") ** 2).sum().alias("sst"),
            (pl.col("__tdev") ** 2).sum().alias("ssr"),
            (pl.col("__rdev") ** 2).sum().alias("ssc"),
        )
    )


def _key_codes(data: pl.DataFrame, col: str) -> pl.Expr:
    """Integer codes of a key column: a text key's categorical codes (hashed once), any other
    key as it is. Grouping and counting distinct values on integers is what makes the checks
    and sums below cheap on hundreds of thousands of rows."""
    dtype = data.schema[col]
    if dtype == pl.String:
        return pl.col(col).cast(pl.Categorical).to_physical()
    if isinstance(dtype, (pl.Categorical, pl.Enum)):
        return pl.col(col).to_physical()
    return pl.col(col)


def _fast_sums(
    data: pl.DataFrame, group: str, targets: str, raters: str, ratings: str
) -> pl.DataFrame | None:
    """The sums of :func:`_anova_sums` straight from ``data`` when it is already a valid
    design: every rating present, one per target x rater, every target rated by all raters of
    its group, at least 2 targets and 2 raters per group. That is the usual input, and the
    checks then cost three small group-bys on integer codes instead of the window expressions
    of the general path. Returns None for any other input: the caller then takes the general
    path, which drops or names what is missing.

    Sums per group, with per-target means m_t, variances v_t (ddof 0) and counts n_t, rater
    means m_r with counts n_r, and the grand mean gm: SSR = sum_t n_t (m_t - gm)^2,
    SSC = sum_r n_r (m_r - gm)^2, SST = sum_t n_t v_t + SSR (within plus between targets),
    which equal the row-wise sums of :func:`_anova_sums` for a complete matrix.
    """
    g, t, r = "__g", "__t", "__r"
    y = _numeric_values(data, ratings, "ratings")
    gkey = pl.col(group).cast(pl.Categorical) if data.schema[group] == pl.String else pl.col(group)
    coded = data.select(
        gkey.alias(g),
        _key_codes(data, targets).alias(t),
        _key_codes(data, raters).alias(r),
        y.alias("__y"),
    )
    if coded.height == 0 or coded["__y"].null_count():
        return None
    lf = coded.lazy()
    per_group = lf.group_by(g, maintain_order=True).agg(__gm=pl.col("__y").mean())

    # (group, target) and (group, rater) as single integer keys where possible (group_key)
    def by(*cols: str) -> tuple[list[pl.Expr], list[pl.Expr]]:
        keys = group_key(coded, cols)  # a packed key must bring the group along
        return keys, ([pl.col(g).first()] if keys[0].meta.output_name() == KEY else [])

    t_keys, t_group = by(g, t)
    r_keys, r_group = by(g, r)
    per_target = lf.group_by(*t_keys).agg(
        *t_group,
        __n=pl.len(),
        __k=pl.col(r).n_unique(),
        __m=pl.col("__y").mean(),
        __v=pl.col("__y").var(ddof=0),
    )
    per_rater = lf.group_by(*r_keys).agg(*r_group, __n=pl.len(), __m=pl.col("__y").mean())
    gs, ts, rs = pl.collect_all([per_group, per_target, per_rater])
    sizes = [
        ts.group_by(g).agg(n_targets=pl.len().cast(pl.UInt32)),
        rs.group_by(g).agg(n_raters=pl.len().cast(pl.UInt32)),
    ]
    for size in sizes:
        gs = gs.join(size, on=g, how="left", maintain_order="left")
    if not bool(((gs["n_targets"] >= 2) & (gs["n_raters"] >= 2)).all()):
        return None
    gm = gs.select(g, "__gm", "n_raters")
    ts = ts.join(gm, on=g, how="left")
    if not bool(((ts["__n"] == ts["__k"]) & (ts["__k"] == ts["n_raters"])).all()):
        return None  # duplicated cells or a target without every rater: the general path
    between = (pl.col("__n") * (pl.col("__m") - pl.col("__gm")) ** 2).sum()
    ssr = ts.group_by(g).agg(ssr=between, __ssw=(pl.col("__n") * pl.col("__v")).sum())
    ssc = rs.join(gm.select(g, "__gm"), on=g, how="left").group_by(g).agg(ssc=between)
    out = (
        gs.select(g, "n_targets", "n_raters")
        .join(ssr, on=g, how="left", maintain_order="left")
        .join(ssc, on=g, how="left", maintain_order="left")
        .with_columns(sst=pl.col("__ssw") + pl.col("ssr"))
    )
    return out.select(
        pl.col(g).cast(data.schema[group]).alias(group),
        "n_targets",
        "n_raters",
        "sst",
        "ssr",
        "ssc",
    )


def _mean_squares(sums: pl.DataFrame) -> dict[str, np.ndarray]:
    """MSR, MSC, MSE, MSW (arrays over groups) from the sums of squares."""
    n = sums["n_targets"].to_numpy().astype(np.float64)
    k = sums["n_raters"].to_numpy().astype(np.float64)
    sst = sums["sst"].to_numpy()
    ssr = sums["ssr"].to_numpy()
    ssc = sums["ssc"].to_numpy()
    ssw = np.maximum(sst - ssr, 0.0)  # within targets = raters + residual
    sse = np.maximum(ssw - ssc, 0.0)
    return {
        "n": n,
        "k": k,
        "msr": ssr / (n - 1),
        "msc": ssc / (k - 1),
        "mse": sse / ((n - 1) * (k - 1)),
        "msw": ssw / (n * (k - 1)),
    }


def _icc_forms(ms: dict[str, np.ndarray], alpha: float = 0.05) -> dict[str, np.ndarray]:
    """The six ICCs, F tests and CIs; every array has shape (groups, 6)."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    n, k = ms["n"], ms["k"]
    msr, msc, mse, msw = ms["msr"], ms["msc"], ms["mse"], ms["msw"]
    fdist = stats.f
    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (msr - msw) / (msr + (k - 1) * msw)
        icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
        icc3 = (msr - mse) / (msr + (k - 1) * mse)
        icc1k = (msr - msw) / msr
        icc2k = (msr - mse) / (msr + (msc - mse) / n)
        icc3k = (msr - mse) / msr

        df1 = n - 1
        df2_1 = n * (k - 1)
        df2_23 = (n - 1) * (k - 1)
        f1 = msr / msw
        f3 = msr / mse
        p1 = fdist.sf(f1, df1, df2_1)
        p3 = fdist.sf(f3, df1, df2_23)

        q = 1 - alpha / 2
        # One-way (ICC1, ICC1k) and consistency (ICC3, ICC3k): exact F-based bounds.
        f1l = f1 / fdist.ppf(q, df1, df2_1)
        f1u = f1 * fdist.ppf(q, df2_1, df1)
        f3l = f3 / fdist.ppf(q, df1, df2_23)
        f3u = f3 * fdist.ppf(q, df2_23, df1)
        l1, u1 = (f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)
        l3, u3 = (f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)
        # Absolute agreement (ICC2): approximate F with Satterthwaite-style df v (McGraw & Wong).
        fj = msc / mse
        a = k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2
        b = n * (1 + (k - 1) * icc2) - k * icc2
        v = (df2_23 * a**2) / (df1 * k**2 * icc2**2 * fj**2 + b**2)
        f2u = fdist.ppf(q, df1, v)
        f2l = fdist.ppf(q, v, df1)
        l2 = n * (msr - f2u * mse) / (f2u * (k * msc + (k * n - k - n) * mse) + n * msr)
        u2 = n * (f2l * msr - mse) / (k * msc + (k * n - k - n) * mse + n * f2l * msr)
        l2k = l2 * k / (1 + l2 * (k - 1))
        u2k = u2 * k / (1 + u2 * (k - 1))

    col = np.column_stack
    with np.errstate(divide="ignore", invalid="ignore"):  # F = 0 or inf: the bound is ±inf
        low1k, low3k, high1k, high3k = 1 - 1 / f1l, 1 - 1 / f3l, 1 - 1 / f1u, 1 - 1 / f3u
    return {
        "icc": col([icc1, icc2, icc3, icc1k, icc2k, icc3k]),
        "f": col([f1, f3, f3, f1, f3, f3]),
        "df1": col([df1] * 6),
        "df2": col([df2_1, df2_23, df2_23, df2_1, df2_23, df2_23]),
        "pval": col([p1, p3, p3, p1, p3, p3]),
        "ci95_low": col([l1, l2, l3, low1k, l2k, low3k]),
        "ci95_high": col([u1, u2, u3, high1k, u2k, high3k]),
    }


def _icc_frame(forms: dict[str, np.ndarray]) -> pl.DataFrame:
    g = forms["icc"].shape[0]
    out: dict[str, Any] = {
        "type": list(ICC_TYPES) * g,
        "icc_form": list(ICC_FORMS) * g,
    }
    for name in ("icc", "f"):
        out[name] = forms[name].ravel()
    out["df1"] = np.rint(forms["df1"].ravel()).astype(np.int64)
    out["df2"] = np.rint(forms["df2"].ravel()).astype(np.int64)
    for name in ("pval", "ci95_low", "ci95_high"):
        out[name] = forms[name].ravel()
    return pl.DataFrame(out)


def _group_sums(
    data: pl.DataFrame, group: str, targets: str, raters: str, ratings: str, nan_policy: str
) -> pl.DataFrame:
    """The two-way ANOVA sums of every group: the fast path on integer key codes for a valid
    complete design, else the checked path that names missing or duplicated cells (and with
    ``nan_policy="omit"`` drops incomplete targets)."""
    if nan_policy not in ("raise", "omit"):
        raise ValueError(f"nan_policy must be 'raise' or 'omit', got {nan_policy!r}")
    sums = _fast_sums(data, group, targets, raters, ratings)
    if sums is None:  # missing or duplicated cells, or too small a group: check and name them
        complete = _complete_icc_frame(data, group, targets, raters, ratings, nan_policy)
        sums = _anova_sums(complete, group, targets, raters, ratings)
    return sums


def _icc_complete(y: np.ndarray) -> pl.DataFrame:
    """:func:`icc` of a complete n x k matrix of finite ratings (rows targets, columns raters,
    n, k >= 2), straight from the array: the same sums as the frame path, without its
    group-bys and checks (the caller guarantees the design)."""
    n, k = y.shape
    gm = y.mean()
    mt = y.mean(axis=1)
    ssr = k * float(((mt - gm) ** 2).sum())
    ssw = float(((y - mt[:, None]) ** 2).sum())
    ssc = n * float(((y.mean(axis=0) - gm) ** 2).sum())
    sums = pl.DataFrame(
        {"n_targets": [n], "n_raters": [k], "sst": [ssw + ssr], "ssr": [ssr], "ssc": [ssc]}
    )
    return _icc_frame(_icc_forms(_mean_squares(sums)))


def icc(
    data: pl.DataFrame,
    targets: str,
    raters: str,
    ratings: str,
    nan_policy: str = "raise",
) -> pl.DataFrame:
    """Intraclass correlations (six Shrout & Fleiss / McGraw & Wong forms) from long data.

    Parameters
    ----------
    data : pl.DataFrame
        Long data, one row per rating.
    targets : str
        Column identifying the rated objects (e.g. employees), the n rows of the matrix.
    raters : str
        Column identifying the raters (judges), the k columns of the matrix.
    ratings : str
        Numeric column with the scores; null and NaN count as missing.
    nan_policy : {"raise", "omit"}
        ``"raise"`` (default): a ``ValueError`` names the missing target x rater cells.
        ``"omit"``: listwise deletion of every target with a missing rating (as pingouin).

    Returns
    -------
    pl.DataFrame
        Six rows, ``type`` in order ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k, with columns
        ``type``, ``icc_form`` (the design, a code of :data:`ICC_FORMS`), ``icc``, ``f``,
        ``df1``, ``df2``, ``pval``, ``ci95_low``, ``ci95_high``.

    Raises
    ------
    ValueError
        Missing cells (with ``nan_policy="raise"``), duplicated target x rater cells,
        non-numeric ratings, or fewer than 2 targets or 2 raters (a single rater has no
        reliability to estimate).

    Notes
    -----
    From the two-way ANOVA of the complete n x k matrix: MSR (between targets), MSC
    (between raters), MSE (residual) and MSW = (SSC + SSE) / (n(k-1)) (within targets):

    * ICC1 = (MSR - MSW) / (MSR + (k-1) MSW);  ICC1k = (MSR - MSW) / MSR
    * ICC2 = (MSR - MSE) / (MSR + (k-1) MSE + k (MSC - MSE) / n);
      ICC2k = (MSR - MSE) / (MSR + (MSC - MSE) / n)
    * ICC3 = (MSR - MSE) / (MSR + (k-1) MSE);  ICC3k = (MSR - MSE) / MSR

    F tests: ICC1/ICC1k use F = MSR/MSW on (n-1, n(k-1)) df; the others F = MSR/MSE on
    (n-1, (n-1)(k-1)) df. The 95% CIs are McGraw & Wong's (1996, Tables 7-8): exact F bounds
    for the one-way and consistency forms, and for ICC2 the approximate bounds with the
    Satterthwaite-style df ``v``; the ICC2k bounds are the Spearman-Brown step-up of the ICC2
    bounds, which is algebraically McGraw & Wong's ICC(A,k) formula. ICC2 and ICC3 are
    McGraw & Wong's ICC(A,1) and ICC(C,1). Results equal ``pingouin.intraclass_corr``.

    References
    ----------
    .. [1] Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing
       rater reliability. Psychological Bulletin, 86(2), 420-428.
    .. [2] McGraw, K. O., & Wong, S. P. (1996). Forming inferences about some intraclass
       correlation coefficients. Psychological Methods, 1(1), 30-46.
    """
    require_columns(data, [targets, raters, ratings], "data", distinct=True)
    frame = data.with_columns(pl.lit(0, dtype=pl.Int8).alias(_GROUP))
    sums = _group_sums(frame, _GROUP, targets, raters, ratings, nan_policy)
    return _icc_frame(_icc_forms(_mean_squares(sums)))


def icc_of_slots(full: pl.DataFrame, k: int) -> pl.DataFrame:
    """``icc(full, "employee_id", "slot", "score")`` of complete k-slot employees. Rows in
    blocks of k per employee with slots 0..k-1 in order (as findings._sorted_pairs leaves them)
    are a complete n x k matrix: the ICC comes from the array; any other input takes icc()."""
    n_full = full.height // k
    y = full["score"].to_numpy()
    emp = full["employee_id"]
    blocks = np.repeat(np.arange(0, full.height, k), k)
    if (
        full.height == n_full * k
        and np.isfinite(y).all()
        and np.array_equal(full["slot"].to_numpy(), np.tile(np.arange(k), n_full))
        and emp.null_count() == 0
        and emp.gather(blocks).equals(emp)
        and emp.gather(blocks[::k]).n_unique() == n_full
    ):
        return _icc_complete(y.reshape(n_full, k))
    return icc(full, "employee_id", "slot", "score")


def icc_by_group(
    data: pl.DataFrame,
    group: str,
    targets: str,
    raters: str,
    ratings: str,
    nan_policy: str = "raise",
) -> pl.DataFrame:
    """The six ICCs of :func:`icc` for every group (e.g. department) in one pass.

    Parameters
    ----------
    data : pl.DataFrame
        Long data, one row per rating.
    group : str
        Column defining the groups; each group needs its own complete targets x raters
        matrix (raters of a group are those who rated anyone in it).
    targets, raters, ratings : str
        As in :func:`icc`.
    nan_policy : {"raise", "omit"}
        As in :func:`icc`, applied within each group.

    Returns
    -------
    pl.DataFrame
        Six rows per group (groups in order of first appearance, types in the order of
        :data:`ICC_TYPES`): the ``group`` column, the columns of :func:`icc`, then
        ``n_targets`` and ``n_raters``.

    Raises
    ------
    ValueError
        As :func:`icc`; the message names the offending groups.

    Notes
    -----
    The sums of squares SST, SSR and SSC of all groups come from per-target, per-rater and
    per-group aggregations on integer key codes (a valid complete design, the usual input),
    or else from window expressions over the validated rows; then the formulas of :func:`icc`
    are evaluated as numpy arrays over groups. No loop over groups or targets.

    References
    ----------
    .. [1] Shrout, P. E., & Fleiss, J. L. (1979). Psychological Bulletin, 86(2), 420-428.
    .. [2] McGraw, K. O., & Wong, S. P. (1996). Psychological Methods, 1(1), 30-46.
    """
    require_columns(data, [group, targets, raters, ratings], "data", distinct=True)
    if data.schema[group] == pl.Null or data[group].null_count():
        raise ValueError(f"group column {group!r} contains nulls")
    sums = _group_sums(data, group, targets, raters, ratings, nan_policy)
    table = _icc_frame(_icc_forms(_mean_squares(sums)))
    rep = np.repeat(np.arange(sums.height), len(ICC_TYPES))
    keys = sums.select(group, "n_targets", "n_raters")[rep]
    return pl.concat(
        [keys.select(group), table, keys.select(pl.col("n_targets", "n_raters").cast(pl.Int64))],
        how="horizontal",
    )


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------------------------


def _delta2(level: str, domain: np.ndarray | None, n_v: np.ndarray) -> np.ndarray:
    """Squared difference functions delta^2_ck on the (sorted) value domain.

    ``n_v`` may be (V,) or batched (B, V); only the ordinal metric depends on it, so the
    result is (V, V) except for batched ordinal, (B, V, V).
    """
    v = n_v.shape[-1]
    if level == "nominal":
        return 1.0 - np.eye(v)
    if level == "ordinal":
        idx = np.arange(v)
        lo, hi = np.minimum.outer(idx, idx), np.maximum.outer(idx, idx)
        cum = np.cumsum(n_v, axis=-1)
        below = cum - n_v  # sum of n_g for g < c
        between = cum[..., hi] - below[..., lo]  # sum_{g=lo..hi} n_g
        return (between - (n_v[..., lo] + n_v[..., hi]) / 2.0) ** 2
    assert domain is not None
    diff = np.subtract.outer(domain, domain)
    if level == "interval":
        return diff**2
    total = np.add.outer(domain, domain)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total == 0, 0.0, (diff / total) ** 2)  # ratio


def _alpha_from(num: np.ndarray, nv: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """alpha = 1 - (n-1) sum_ck o_ck d_ck / sum_ck n_c n_k d_ck (NaN where D_e = 0)."""
    n = nv.sum(axis=-1)
    if delta.ndim == 3:
        den = np.einsum("bc,bck,bk->b", nv, delta, nv)
    else:
        den = ((nv @ delta) * nv).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1.0 - (n - 1.0) * num / den
    return np.where(den > 0, out, np.nan)


def _alpha_interval_moments(
    num: np.ndarray, n: np.ndarray, s1: np.ndarray, s2: np.ndarray, defined: np.ndarray
) -> np.ndarray:
    """:func:`_alpha_from` for the interval metric, batched: with delta_ck = (x_c - x_k)^2,
    sum_ck n_c n_k delta_ck = 2 (n sum_c n_c x_c^2 - (sum_c n_c x_c)^2), from the values'
    count ``n``, sum ``s1`` and sum of squares ``s2`` instead of a (V, V) product (the 0-100
    cycles have thousands of distinct pair means). NaN where ``defined`` is false: fewer than
    two distinct values, exactly where the matrix form gives D_e = 0."""
    den = 2.0 * (n * s2 - s1 * s1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1.0 - (n - 1.0) * num / den
    return np.where(defined & (den > 0), out, np.nan)


def _boot_weights(
    rng: np.random.Generator, n_units: int, b: int, out: np.ndarray | None = None
) -> np.ndarray:
    """``b`` bootstrap resamples of ``n_units`` units as counts, shape (b, n_units).

    One draw and one histogram per resample (a loop over resamples, not units): the
    histogram stays in cache, where one ``bincount`` over all b * n cells missed it and was
    2-4x slower at 200,000 units. The draws are the same as one (b, n) draw, so the
    interval is unchanged; up to :data:`_BOOT_BLOCK_UNITS` units they are one (b, n) draw,
    counted by one ``bincount`` (the same counts): the loop's 200 draws and histograms per
    department and cycle were 40% of the import's departments' reliability (72 of them in a
    300-person demo), where each draw is a few hundred numbers. ``out``: a (>= b, n_units)
    buffer to fill (its first b rows are returned) instead of a fresh array. Why: a chunk is up to 32 MB, which the C allocator
    maps afresh for every chunk, and faulting its pages in cost more than the draws."""
    out = np.empty((b, n_units)) if out is None else out[:b]
    if n_units <= _BOOT_BLOCK_UNITS:  # every resample in one draw and one count
        drawn = rng.integers(0, n_units, size=(b, n_units))
        drawn += (np.arange(b) * n_units)[:, None]
        out[:] = np.bincount(drawn.ravel(), minlength=b * n_units).reshape(b, n_units)
        return out
    scratch = np.empty(n_units, dtype=np.uint8)
    for i in range(b):
        _count_into(out[i], rng.integers(0, n_units, size=n_units), scratch)
    return out


def _count_into(row: np.ndarray, drawn: np.ndarray, scratch: np.ndarray) -> None:
    """``row[j]`` = how often unit j was drawn. Counted in one byte a unit (``scratch``:
    0.2 MB at 200,000 units, in cache) and then widened into the float row: a third of
    ``bincount``'s CPU there, which counts into a fresh 1.7 MB int64 array to be copied. A
    unit drawn over 255 times wraps the byte and the counts no longer add up to the draws:
    then ``bincount`` (in a resample of n units each is drawn about Poisson(1) times)."""
    scratch.fill(0)
    np.add.at(scratch, drawn, np.uint8(1))
    if int(scratch.sum(dtype=np.int64)) == drawn.size:
        row[:] = scratch
    else:
        row[:] = np.bincount(drawn, minlength=row.size)


class _UnitMoments(NamedTuple):
    """Per pairable unit, what a resample's interval alpha is linear in: the disagreement, the
    count, sum and sum of squares of the (centred) values, and whether the unit holds two
    distinct values; ``low`` is the unit's least value (its only one where it holds one)."""

    columns: np.ndarray  # (n_units, 5)
    low: np.ndarray


def _unit_moments(uc: np.ndarray, x: np.ndarray, n_units: int) -> _UnitMoments:
    """:class:`_UnitMoments` of the values ``x`` of units ``uc`` (0..n_units-1, each holding
    two or more values), without the pairs of values: for the interval metric a unit's
    disagreement sum_ck o_u(c,k) (c - k)^2 is 2 m_u SS_u / (m_u - 1), SS_u its values' sum of
    squared deviations from their mean (two passes, no cancellation). Why: the pairs within
    units (four to five raters: about 20 pairs a unit) and their sparse (unit x V^2) matrix were
    half of alpha's CPU at 40M ratings. The values are centred on their mean ((c - k)^2 is
    shift invariant): the resamples' D_e = 2 (n s2 - s1^2) then cancels least."""
    if uc.size > 1 and not (uc[1:] >= uc[:-1]).all():  # one run of rows per unit
        order = np.argsort(uc, kind="stable")
        uc, x = uc[order], x[order]
    m = np.bincount(uc, minlength=n_units).astype(np.float64)
    start = np.flatnonzero(np.r_[True, uc[1:] != uc[:-1]])
    low, high = np.minimum.reduceat(x, start), np.maximum.reduceat(x, start)
    two = high > low
    centred = x - x.mean()
    s1 = np.add.reduceat(centred, start)
    dev = centred - (s1 / m)[uc]
    ss = np.where(two, np.add.reduceat(dev * dev, start), 0.0)  # one value: no disagreement
    columns = np.column_stack(
        [2.0 * m * ss / (m - 1.0), m, s1, np.add.reduceat(centred * centred, start), two]
    )
    return _UnitMoments(columns, low)


def _alpha_interval_resamples(weights: np.ndarray, moments: _UnitMoments) -> np.ndarray:
    """The interval alpha of each resample (rows of ``weights``) from the units' moments: one
    (b, n) x (n, 5) product instead of the (b, V) value counts. A resample has two distinct
    values if it holds a unit with two, else if its one-value units differ (checked only for
    those rare resamples)."""
    m = weights @ moments.columns
    defined = m[:, 4] > 0
    check = np.flatnonzero(~defined)
    if check.size:
        picked = weights[check] > 0
        low = np.where(picked, moments.low, np.inf).min(axis=1)
        high = np.where(picked, moments.low, -np.inf).max(axis=1)
        defined[check] = high > low
    return _alpha_interval_moments(m[:, 0], m[:, 1], m[:, 2], m[:, 3], defined)


def _interval_alpha(
    uc: np.ndarray, x: np.ndarray, n_units: int, n_boot: int, seed: int | None
) -> tuple[float | None, int, tuple[float | None, float | None]]:
    """Interval alpha, the count of pairable values and the bootstrap interval, from the units'
    moments (:func:`_unit_moments`): the same sums as the coincidence matrix's (D_o: the units'
    disagreements; D_e: 2 n SS of every value), to the last bits, with no value domain, pairs
    or (V, V) matrices."""
    moments = _unit_moments(uc, x, n_units)
    n = float(x.size)
    den = 2.0 * n * float(((x - x.mean()) ** 2).sum())
    defined = bool(moments.columns[:, 4].any()) or bool(x.min() < x.max())
    est = 1.0 - (n - 1.0) * float(moments.columns[:, 0].sum()) / den if defined else None
    ci: tuple[float | None, float | None] = (None, None)
    if n_boot:
        ci = _percentile_ci(
            n_units, n_boot, seed, n_units, lambda w: _alpha_interval_resamples(w, moments)
        )
    return est, x.size, ci


def _percentile_ci(
    n_units: int,
    n_boot: int,
    seed: int | None,
    width: int,
    alphas_of: Callable[[np.ndarray], np.ndarray],
) -> tuple[float | None, float | None]:
    """The 2.5 and 97.5 percentiles of the defined alphas of ``n_boot`` resamples of units,
    ``alphas_of`` a chunk of their weights (:func:`_boot_weights`); chunks of at most
    ``_BOOT_CHUNK_CELLS`` floats (``width``: the floats a resample's own arrays hold), drawn
    in order from one generator: the draws do not depend on the chunks."""
    rng = np.random.default_rng(seed)
    chunk = max(1, _BOOT_CHUNK_CELLS // max(n_units, width, 1))
    boot: list[np.ndarray] = []
    buffer = np.empty((min(chunk, n_boot), n_units))  # one for every chunk: see _boot_weights
    for start in range(0, n_boot, chunk):  # loop over bootstrap chunks, not units
        boot.append(alphas_of(_boot_weights(rng, n_units, min(chunk, n_boot - start), buffer)))
    draws_alpha = np.concatenate(boot)
    draws_alpha = draws_alpha[~np.isnan(draws_alpha)]
    if not draws_alpha.size:
        return (None, None)
    low, high = np.percentile(draws_alpha, [2.5, 97.5])
    return (float(low), float(high))


def _alpha_result(
    alpha: float | None,
    level: str,
    n_units: int,
    n_raters: int,
    n_values: int,
    ci: tuple[float | None, float | None] = (None, None),
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "alpha": [alpha],
            "level": [level],
            "n_units": [n_units],
            "n_raters": [n_raters],
            "n_pairable_values": [n_values],
            "ci95_low": [ci[0]],
            "ci95_high": [ci[1]],
        },
        schema={
            "alpha": pl.Float64,
            "level": pl.String,
            "n_units": pl.Int64,
            "n_raters": pl.Int64,
            "n_pairable_values": pl.Int64,
            "ci95_low": pl.Float64,
            "ci95_high": pl.Float64,
        },
    )


class _ValuePairs(NamedTuple):
    """The (unit, value) cells with their counts and the ordered value pairs within units
    with their coincidence weights, as NumPy arrays."""

    cnt: np.ndarray  # count of each cell
    cu: np.ndarray  # unit of each cell
    cv: np.ndarray  # value code of each cell
    u: np.ndarray  # unit of each pair
    w: np.ndarray  # o_u(c, k) of each pair
    flat: np.ndarray  # c * V + k of each pair


def _cells(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_counts=True)`` through a stable sort of ``key`` (in place).
    Why: the pair means arrive sorted by unit (findings' sorted pairs), so the keys are runs
    of one unit's few values in a rising order of units, which a merge sort takes as runs
    (0.0015 against 0.0075 CPU s for one cycle's 180,000 values at 8M); any order gives the
    same cells and counts."""
    key.sort(kind="stable")
    new = np.empty(key.size, dtype=bool)
    new[:1] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    first = np.flatnonzero(new)
    return key[first], np.diff(np.append(first, key.size))


def _value_pairs(uc: np.ndarray, vc: np.ndarray, n_units: int, n_dom: int) -> _ValuePairs:
    """Stage 2 of :func:`krippendorff_alpha`: cells and within-unit value pairs from the unit
    and value codes of the pairable values."""
    # cells (unit, value) with their counts, sorted by unit then value; m_u values per unit
    cell, cnt = _cells(uc * n_dom + vc)
    cu, cv = cell // n_dom, cell % n_dom
    cnt = cnt.astype(np.float64)
    m = np.bincount(uc, minlength=n_units).astype(np.float64)
    # ordered value pairs within units: o_u(c,k) = n_uc (n_uk - [c == k]) / (m_u - 1)
    per = np.bincount(cu, minlength=n_units)  # cells per unit
    start = np.cumsum(per) - per
    rep = per[cu]
    left = np.repeat(np.arange(cell.size), rep)
    right = start[cu][left] + (np.arange(left.size) - np.repeat(np.cumsum(rep) - rep, rep))
    u = cu[left]
    w = cnt[left] * (cnt[right] - (cv[left] == cv[right])) / (m[u] - 1)
    pos = w > 0
    u, w = u[pos], w[pos]
    flat = cv[left[pos]] * n_dom + cv[right[pos]]
    return _ValuePairs(cnt, cu, cv, u, w, flat)


def _alpha_bootstrap_ci(
    pairs: _ValuePairs,
    level: str,
    delta: np.ndarray,
    n_units: int,
    n_dom: int,
    n_boot: int,
    seed: int | None,
) -> tuple[float | None, float | None]:
    """Stage 3 of :func:`krippendorff_alpha` for the nominal, ordinal and ratio metrics (the
    interval one: :func:`_interval_alpha`): the percentile interval of alpha over bootstrap
    resamples of units: resample weights W (B x N); everything is linear in W."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import sparse

    cnt, cu, cv, u, w, flat = pairs
    per_unit = sparse.csr_array((w, (u, flat)), shape=(n_units, n_dom * n_dom))
    if level == "ordinal":

        def alphas_of(weights: np.ndarray) -> np.ndarray:
            o_b = (per_unit.T @ weights.T).T  # (b, V*V)
            nv_b = o_b.reshape(weights.shape[0], n_dom, n_dom).sum(axis=2)
            d_b = _delta2(level, None, nv_b)
            num = (o_b * d_b.reshape(weights.shape[0], -1)).sum(axis=1)
            return _alpha_from(num, nv_b, d_b)

        return _percentile_ci(n_units, n_boot, seed, n_dom * n_dom, alphas_of)
    unit_disagreement = per_unit @ delta.ravel()  # sum_ck o_u(c,k) delta_ck
    counts = sparse.csr_array((cnt, (cu, cv)), shape=(n_units, n_dom))

    def alphas_of_counts(weights: np.ndarray) -> np.ndarray:
        nv_b = (counts.T @ weights.T).T  # (b, V)
        return _alpha_from(weights @ unit_disagreement, nv_b, delta)

    return _percentile_ci(n_units, n_boot, seed, n_dom, alphas_of_counts)


def _in_order_of_appearance(uc: np.ndarray) -> tuple[np.ndarray, int]:
    """The unit codes ``uc`` (small non-negative integers) renumbered 0..n-1 in order of first
    appearance, and n: the bootstrap draws the units in that order. Rows grouped by unit (the
    findings' sorted pairs) are numbered by their runs; others by one hashing pass (no sort)."""
    new = np.empty(uc.size, dtype=bool)
    new[:1] = True
    np.not_equal(uc[1:], uc[:-1], out=new[1:])
    runs = np.cumsum(new) - 1
    n_units = int(runs[-1]) + 1 if uc.size else 0
    if n_units == np.count_nonzero(np.bincount(uc)):  # one run a unit
        return runs, n_units
    seen = pl.Series(uc).unique(maintain_order=True).to_numpy()
    renum = np.empty(int(uc.max()) + 1, dtype=np.int64)
    renum[seen] = np.arange(seen.size)
    return renum[uc], seen.size


def krippendorff_alpha(
    data: pl.DataFrame,
    units: str,
    raters: str,
    values: str,
    level: str = "interval",
    n_boot: int = ALPHA_BOOT,
    seed: int | None = 0,
) -> pl.DataFrame:
    """Krippendorff's alpha for long data with any pattern of missing ratings.

    Parameters
    ----------
    data : pl.DataFrame
        Long data, one row per rater x unit value; absent rows or null/NaN values are
        missing ratings.
    units : str
        Column identifying the units being coded (e.g. employees).
    raters : str
        Column identifying the raters (coders, observers).
    values : str
        Column with the values; numeric for ``ordinal``, ``interval`` and ``ratio``
        (non-negative for ``ratio``), any sortable type for ``nominal``.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement, selecting the difference function delta^2.
    n_boot : int
        Number of bootstrap resamples of units for the percentile CI (default
        :data:`ALPHA_BOOT`, 200); 0 leaves ``ci95_low`` / ``ci95_high`` null.
    seed : int, optional
        Seed of the bootstrap's random generator (default 0: the same interval every run;
        None: fresh entropy).

    Returns
    -------
    pl.DataFrame
        One row: ``alpha``, ``level``, ``n_units`` (pairable units, those with at least two
        values), ``n_raters`` (raters with at least one pairable value),
        ``n_pairable_values`` (n, the total of values in pairable units), ``ci95_low``,
        ``ci95_high``. ``alpha`` is null when it is undefined: no pairable unit, or no
        expected disagreement (D_e = 0, e.g. all values identical).

    Raises
    ------
    ValueError
        Unknown level, a rater giving a unit two values, null unit or rater ids,
        non-numeric values for a non-nominal level, or negative values for ``ratio``.

    Notes
    -----
    Following Krippendorff (2011): units with m_u >= 2 values are pairable; the coincidence
    matrix is o_ck = sum_u (number of ordered pairs (c, k) of values from different raters in
    u) / (m_u - 1), with marginals n_c = sum_k o_ck and n = sum_c n_c. Then

    alpha = 1 - D_o / D_e = 1 - (n - 1) sum_ck o_ck delta^2_ck / sum_ck n_c n_k delta^2_ck

    with delta^2_ck = [c != k] (nominal); (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 (ordinal,
    ranks given by the observed pairable frequencies n_g); (c - k)^2 (interval);
    ((c - k)/(c + k))^2 (ratio). The pairs are formed with one self-join of the
    (unit, value, count) table on the unit and summed with ``numpy.bincount``: no loop over
    units. Memory is O(V^2) in the number V of distinct values, meant for rating scales.

    The bootstrap resamples pairable units with replacement (n_boot times; a cluster
    bootstrap that keeps each unit's raters together) and reports the 2.5 and 97.5
    percentiles of the defined resampled alphas. This follows the spirit of Hayes &
    Krippendorff (2007) but is not their exact algorithm (which resamples pairable values),
    so limits differ slightly from their KALPHA macro.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg
       School for Communication Departmental Papers, University of Pennsylvania.
    .. [2] Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard
       reliability measure for coding data. Communication Methods and Measures, 1(1), 77-89.
    """
    if level not in ALPHA_LEVELS:
        raise ValueError(f"level must be one of {ALPHA_LEVELS}, got {level!r}")
    if n_boot < 0:
        raise ValueError(f"n_boot must be >= 0, got {n_boot}")
    require_columns(data, [units, raters, values], "data", distinct=True)
    vtype = data.schema[values]
    if level != "nominal" and not vtype.is_numeric():
        raise ValueError(f"level {level!r} needs numeric values; column {values!r} is {vtype}")
    val = pl.col(values).fill_nan(None) if vtype.is_float() else pl.col(values)
    df = data.select(pl.col(units), pl.col(raters), val).drop_nulls(values)
    if df[units].null_count() or df[raters].null_count():
        raise ValueError("unit and rater ids must not be null")
    # integer codes of the units and raters (a text key hashed once); the checks, the cells and
    # the within-unit value pairs below run on NumPy arrays, with no joins or window expressions
    # the order of the codes is of no consequence here: text keys hashed (the faster way)
    uc, rc = value_codes(df[units], ordered=False), value_codes(df[raters], ordered=False)
    n_r_all = int(rc.max()) + 1 if rc.size else 1
    # (counting the distinct keys: a fifth of is_duplicated's CPU, which marks every row)
    if uc.size and pl.Series(uc * n_r_all + rc).n_unique() < uc.size:
        dup = df.group_by([units, raters]).len().filter(pl.col("len") > 1)
        raise ValueError(
            "each rater may give a unit one value; duplicated: "
            + _describe_cells(dup.select(units, raters), [units, raters])
        )
    if level == "ratio" and df.height and df[values].min() < 0:  # type: ignore[operator]
        raise ValueError("ratio level needs non-negative values")

    # Pairable values only: units with m_u >= 2.
    keep = np.bincount(uc)[uc] >= 2 if uc.size else np.zeros(0, dtype=bool)
    if not keep.any():
        return _alpha_result(None, level, 0, 0, 0)
    if not keep.all():
        df = df.filter(pl.Series(keep))
        uc, rc = uc[keep], rc[keep]
    n_raters = int(np.count_nonzero(np.bincount(rc)))  # rc: codes 0..k-1 (_dense)
    uc, n_units = _in_order_of_appearance(uc)
    if level == "interval":
        x = df[values].cast(pl.Float64).to_numpy()
        alpha, n_values, ci = _interval_alpha(uc, x, n_units, n_boot, seed)
        return _alpha_result(alpha, level, n_units, n_raters, n_values, ci)
    domain_df = df.select(values).unique().sort(values).with_row_index("__v")
    vc = (
        df.select(values)
        .join(domain_df, on=values, how="left", maintain_order="left")["__v"]
        .to_numpy()
        .astype(np.int64)
    )
    n_dom = domain_df.height

    pairs = _value_pairs(uc, vc, n_units, n_dom)
    coincidence = np.bincount(pairs.flat, weights=pairs.w, minlength=n_dom * n_dom).reshape(
        n_dom, n_dom
    )
    n_v = coincidence.sum(axis=1)
    n_values = int(np.rint(n_v.sum()))

    domain = None
    if level == "ratio":
        domain = domain_df[values].cast(pl.Float64).to_numpy()
    delta = _delta2(level, domain, n_v)
    est = float(_alpha_from(np.array([(coincidence * delta).sum()]), n_v[None, :], delta)[0])
    alpha = None if np.isnan(est) else est
    if n_boot == 0:
        return _alpha_result(alpha, level, n_units, n_raters, n_values)

    ci = _alpha_bootstrap_ci(pairs, level, delta, n_units, n_dom, n_boot, seed)
    return _alpha_result(alpha, level, n_units, n_raters, n_values, ci)
