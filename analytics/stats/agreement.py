"""Agreement on grades (kappa) and how many raters and cycles make a score dependable
(a generalisability study and its decision study).

Pure functions over Polars frames: frames in, frames out, no words, no I/O. Each estimate comes
with its n and, where the design allows one, a standard error and a 95% interval; what the data
cannot estimate is null with a reason code, never zero. See ``docs/methods.md`` (Agreement on
grades; Decision study) for the formulas, assumptions and sources.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import polars as pl

from analytics.stats.checks import require_columns
from analytics.stats.keys import int_codes, value_codes
from analytics.threadsafe import each

__all__ = [
    "D_DESIGNS",
    "G_BOOT",
    "G_BOOT_PEOPLE",
    "G_BOOT_SEED",
    "G_EFFECTS",
    "KAPPA_MEASURES",
    "KAPPA_WEIGHTS",
    "MAX_GRADE_POINTS",
    "MAX_KAPPA_PEOPLE",
    "NESTED_SHARE",
    "RESIDUAL",
    "cohen_kappa",
    "component_shares",
    "decision_study",
    "fleiss_kappa",
    "g_study",
    "gather_grades",
    "grade_agreement",
    "grade_agreement_of",
    "grade_points",
    "kappa_from_table",
    "one_rater_per_person",
    "raters_nested",
    "smallest_design",
    "variance_components",
]

KAPPA_WEIGHTS: tuple[str, ...] = ("none", "linear", "quadratic")
_Z95 = 1.959963984540054


# --------------------------------------------------------------------------------------------
# Cohen's kappa, weighted kappa
# --------------------------------------------------------------------------------------------


def _kappa_schema() -> dict[str, pl.DataType]:
    return {
        "kappa": pl.Float64,
        "se": pl.Float64,
        "ci95_low": pl.Float64,
        "ci95_high": pl.Float64,
        "se0": pl.Float64,
        "z": pl.Float64,
        "pval": pl.Float64,
        "n": pl.Int64,
        "n_categories": pl.Int64,
        "p_observed": pl.Float64,
        "p_expected": pl.Float64,
    }


def _kappa_row(**values: object) -> pl.DataFrame:
    schema = _kappa_schema()
    return pl.DataFrame({k: [values.get(k)] for k in schema}, schema=schema)


def _agreement_weights(points: np.ndarray, weights: str) -> np.ndarray:
    """Agreement weights w_ij in [0, 1], 1 on the diagonal: none (identity), linear
    1 - |x_i - x_j| / span, quadratic 1 - ((x_i - x_j) / span)^2, span = max - min of ``points``
    (Cohen 1968; Fleiss & Cohen 1973 for the quadratic weights)."""
    k = points.size
    if weights == "none" or k < 2:
        return np.eye(k)
    span = float(points.max() - points.min())
    dist = np.abs(np.subtract.outer(points, points)) / span
    return 1.0 - (dist if weights == "linear" else dist**2)


def kappa_from_table(table: np.ndarray, w: np.ndarray) -> dict[str, float | None]:
    """Kappa with agreement weights ``w`` from a k x k table of counts (rows: first rater,
    columns: second), with the large-sample standard errors of Fleiss, Cohen & Everitt (1969):
    ``se`` (for the interval) and ``se0`` (under kappa = 0, for the z test)."""
    from scipy import stats  # on first use: ~0.75 s a page of stored results skips

    n = float(table.sum())
    if n == 0:
        return {"n": 0}
    p = table / n
    r, c = p.sum(axis=1), p.sum(axis=0)
    po = float((w * p).sum())
    pe = float(r @ w @ c)
    out: dict[str, float | None] = {"n": n, "p_observed": po, "p_expected": pe}
    if not (1.0 - pe) > 1e-12:  # every rating in one category: chance agreement is total
        return out
    kappa = (po - pe) / (1.0 - pe)
    wr = w @ c  # wbar_i. = sum_j p_.j w_ij
    wc = r @ w  # wbar_.j = sum_i p_i. w_ij
    both = wr[:, None] + wc[None, :]
    var = ((p * (w - both * (1.0 - kappa)) ** 2).sum() - (kappa - pe * (1.0 - kappa)) ** 2) / (
        n * (1.0 - pe) ** 2
    )
    var0 = ((np.outer(r, c) * (w - both) ** 2).sum() - pe**2) / (n * (1.0 - pe) ** 2)
    se = float(np.sqrt(max(var, 0.0)))
    se0 = float(np.sqrt(max(var0, 0.0)))
    out.update(kappa=kappa, se=se, ci95_low=kappa - _Z95 * se, ci95_high=kappa + _Z95 * se)
    if se0 > 0:
        z = kappa / se0
        out.update(se0=se0, z=z, pval=float(2.0 * stats.norm.sf(abs(z))))
    return out


def cohen_kappa(
    data: pl.DataFrame,
    first: str,
    second: str,
    weights: str = "none",
    categories: Sequence[float] | None = None,
    clusters: str | None = None,
) -> pl.DataFrame:
    """Cohen's kappa (1960) or weighted kappa (Cohen 1968) of two ratings of the same subjects.

    Parameters
    ----------
    data : pl.DataFrame
        One row per subject; rows with a null in either column are left out.
    first, second : str
        The two raters' categories (e.g. the self grade and the manager's grade). For weighted
        kappa, numbers: the categories' positions on the scale (a normalised score or a grade's
        rank), so that the weights follow the distance on the scale.
    weights : {"none", "linear", "quadratic"}
        Agreement weights: none (exact agreement only), linear 1 - |i - j| / span, quadratic
        1 - ((i - j) / span)^2, with span the distance between the first and last category.
    categories : sequence, optional
        The scale's categories in order (unobserved ones included); default: the values seen.
        They matter for the weighted forms only through the span: weights by distance on the
        whole scale, not by the rank of the observed labels (as R's and scikit-learn's do).
    clusters : str, optional
        Column grouping subjects that are not independent (a person's several dimensions):
        ``se`` is then the jackknife deleting one cluster at a time, and ``z`` / ``pval`` the
        Wald test with it (``se0`` null); without it the subjects count as independent.

    Returns
    -------
    pl.DataFrame
        One row: ``kappa``, ``se`` (large-sample, Fleiss, Cohen & Everitt 1969), ``ci95_low``,
        ``ci95_high`` (kappa -/+ 1.96 se), ``se0`` (under kappa = 0), ``z`` = kappa / se0,
        ``pval`` (two-sided), ``n`` (subjects), ``n_categories``, ``p_observed``,
        ``p_expected``. ``kappa`` is null when it cannot be estimated: no subject, or every
        rating in one category (chance agreement is then total).

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
       Psychological Measurement, 20(1), 37-46.
    .. [2] Cohen, J. (1968). Weighted kappa. Psychological Bulletin, 70(4), 213-220.
    .. [3] Fleiss, J. L., Cohen, J., & Everitt, B. S. (1969). Large sample standard errors of
       kappa and weighted kappa. Psychological Bulletin, 72(5), 323-327.
    """
    if weights not in KAPPA_WEIGHTS:
        raise ValueError(f"weights must be one of {KAPPA_WEIGHTS}, got {weights!r}")
    require_columns(data, [first, second, *([clusters] if clusters else [])], "data")
    pairs = data.select(first, second, *([clusters] if clusters else [])).drop_nulls()
    numeric = all(pairs.schema[c].is_numeric() for c in (first, second))
    if weights != "none" and not numeric:
        raise ValueError("weighted kappa needs numeric categories (positions on the scale)")
    # one dtype for both columns (and the categories): numbers as floats, labels as text
    pairs = pairs.with_columns(pl.col(first, second).cast(pl.Float64 if numeric else pl.String))
    seen = pl.concat([pairs[first], pairs[second].alias(first)]).unique()
    if categories is not None:
        given = pl.Series(first, list(categories), dtype=seen.dtype, strict=False)
        extra = seen.filter(~seen.is_in(given.implode()))
        if extra.len():
            raise ValueError(f"values not among the categories: {extra.head(5).to_list()}")
        cats = given.unique()
    else:
        cats = seen
    cats = cats.sort()
    k = cats.len()
    code = pl.DataFrame({"__v": cats, "__c": np.arange(k)})
    idx = [
        pairs.select(pl.col(col).alias("__v"))
        .join(code, on="__v", how="left", maintain_order="left")["__c"]
        .to_numpy()
        for col in (first, second)
    ]
    table = np.bincount(idx[0] * k + idx[1], minlength=k * k).reshape(k, k).astype(np.float64)
    points = cats.cast(pl.Float64).to_numpy() if weights != "none" else np.arange(k, dtype=float)
    w = _agreement_weights(points, weights)
    res = kappa_from_table(table, w)
    if clusters is not None and res.get("kappa") is not None:
        codes = value_codes(pairs[clusters])
        res |= _cluster_jackknife(table, w, idx[0], idx[1], codes, float(res["kappa"]))
    return _kappa_row(**{**res, "n": pairs.height, "n_categories": k})


def _cluster_jackknife(
    table: np.ndarray, w: np.ndarray, i: np.ndarray, j: np.ndarray, g: np.ndarray, kappa: float
) -> dict[str, float | None]:
    """Se of kappa by the jackknife deleting one cluster at a time, in closed form: with the
    count vectors R (rows) and C (columns) of all subjects and r_g, c_g of cluster g,
    p_o(-g) = (sum w o - W_g) / (n - n_g), p_e(-g) = (R - r_g)' w (C - c_g) / (n - n_g)^2."""
    from scipy import stats

    n_g = np.bincount(g).astype(np.float64)
    big_g, k = n_g.size, w.shape[0]
    if big_g < 2:
        return {"se": None, "ci95_low": None, "ci95_high": None}
    r_all, c_all = table.sum(axis=1), table.sum(axis=0)
    rg = np.zeros((big_g, k))
    cg = np.zeros((big_g, k))
    np.add.at(rg, (g, i), 1.0)
    np.add.at(cg, (g, j), 1.0)
    w_g = np.bincount(g, weights=w[i, j], minlength=big_g)
    n_rest = table.sum() - n_g
    with np.errstate(divide="ignore", invalid="ignore"):
        po = ((w * table).sum() - w_g) / n_rest
        cross = r_all @ w @ c_all - rg @ (w @ c_all) - cg @ (w.T @ r_all)
        pe = (cross + ((rg @ w) * cg).sum(axis=1)) / n_rest**2
        kappas = (po - pe) / (1.0 - pe)
    kappas = kappas[np.isfinite(kappas)]
    if kappas.size < 2:
        return {"se": None, "ci95_low": None, "ci95_high": None}
    m = kappas.size
    se = float(np.sqrt((m - 1.0) / m * ((kappas - kappas.mean()) ** 2).sum()))
    out: dict[str, float | None] = {
        "se": se,
        "ci95_low": kappa - _Z95 * se,
        "ci95_high": kappa + _Z95 * se,
        "se0": None,
        "z": None,
        "pval": None,
    }
    if se > 0:
        out.update(z=kappa / se, pval=float(2.0 * stats.norm.sf(abs(kappa / se))))
    return out


# --------------------------------------------------------------------------------------------
# Fleiss' kappa
# --------------------------------------------------------------------------------------------


def fleiss_kappa(
    data: pl.DataFrame,
    subjects: str | Sequence[str],
    values: str,
    clusters: str | None = None,
    counts: str | None = None,
) -> pl.DataFrame:
    """Fleiss' kappa (1971) of any number of raters per subject, raters not identified.

    Parameters
    ----------
    data : pl.DataFrame
        Long data, one row per rating: the subject and the category it was given.
    subjects : str or sequence of str
        Column(s) identifying the rated subjects (e.g. employee and dimension).
    values : str
        The category of each rating (nominal: only equal / not equal matters).
    clusters : str, optional
        Column grouping subjects that are not independent (a person's dimensions; constant
        within a subject): the jackknife then deletes one cluster at a time.
    counts : str, optional
        Column of how many ratings a row stands for (rows already counted per subject and
        category); default: one rating a row.

    Returns
    -------
    pl.DataFrame
        One row: ``kappa``, ``se`` (jackknife over subjects, or over ``clusters``),
        ``ci95_low``, ``ci95_high``, ``se0`` (under kappa = 0, Fleiss, Nee & Landis 1979; only
        when every subject has the same number of ratings and no clusters), ``z``, ``pval``, ``n`` (subjects with at least 2 ratings),
        ``n_categories``, ``p_observed`` (mean P_i), ``p_expected`` (sum p_j^2), ``n_ratings``,
        ``raters_per_subject`` (mean m_i). ``kappa`` is null when it cannot be estimated.

    Notes
    -----
    With n_ij ratings of subject i in category j and m_i = sum_j n_ij >= 2:
    P_i = (sum_j n_ij^2 - m_i) / (m_i (m_i - 1)), P = mean_i P_i, p_j = sum_i n_ij / sum_i m_i,
    P_e = sum_j p_j^2, kappa = (P - P_e) / (1 - P_e). With the same m for every subject this is
    Fleiss (1971); with varying m_i it is the usual generalisation (each subject's agreement
    weighted equally, the category shares over all ratings). The standard error is the
    jackknife over subjects (leave-one-out in closed form, no loop), which needs no constant
    m; ``se0`` is the Fleiss, Nee & Landis (1979) null variance
    2 / (N m (m-1)) * ((sum p_j q_j)^2 - sum p_j q_j (q_j - p_j)) / (sum p_j q_j)^2.

    References
    ----------
    .. [1] Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
       Psychological Bulletin, 76(5), 378-382.
    .. [2] Fleiss, J. L., Nee, J. C. M., & Landis, J. R. (1979). Large sample variance of
       kappa in the case of different sets of raters. Psychological Bulletin, 86(5), 974-977.
    """
    keys = [subjects] if isinstance(subjects, str) else list(subjects)
    group = [clusters] if clusters and clusters not in keys else []
    weight = [counts] if counts else []
    require_columns(data, [*keys, values, *group, *weight], "data", distinct=True)
    n_ij = pl.col(counts).sum() if counts else pl.len()
    cells = (
        data.select(*keys, *group, values, *weight)
        .drop_nulls()
        .group_by(*keys, values)
        .agg(n_ij.cast(pl.Float64).alias("n_ij"), *(pl.col(c).first() for c in group))
        .with_columns(pl.col("n_ij").sum().over(keys).alias("m_i"))
        .filter(pl.col("m_i") >= 2)
    )
    n_cat = cells[values].n_unique()
    subj = cells.group_by(keys).agg(
        pl.col("m_i").first(),
        ((pl.col("n_ij") ** 2).sum() - pl.col("m_i").first()).alias("agree"),
    )
    n = subj.height
    m = subj["m_i"].to_numpy()
    out: dict[str, object] = {
        "n": n,
        "n_categories": n_cat,
        "n_ratings": int(m.sum()),
        "raters_per_subject": float(m.mean()) if n else None,
    }
    if n < 2:
        return _fleiss_row(out)
    p_i = subj["agree"].to_numpy() / (m * (m - 1.0))
    total = cells.group_by(values).agg(pl.col("n_ij").sum().alias("t_j"))
    t_j = total["t_j"].to_numpy()
    s_m = float(m.sum())
    p_j = t_j / s_m
    p_bar = float(p_i.mean())
    p_e = float((p_j**2).sum())
    out.update(p_observed=p_bar, p_expected=p_e)
    if not (1.0 - p_e) > 1e-12:
        return _fleiss_row(out)
    kappa = (p_bar - p_e) / (1.0 - p_e)
    se = _fleiss_jackknife_se(cells, subj, p_i, total, keys, values, clusters or None)
    if np.isfinite(se):
        out.update(se=se, ci95_low=kappa - _Z95 * se, ci95_high=kappa + _Z95 * se)
    out.update(kappa=kappa)
    if np.all(m == m[0]) and not clusters:
        out.update(_fleiss_null_test(kappa, p_j, n, float(m[0])))
    return _fleiss_row(out)


def _fleiss_jackknife_se(
    cells: pl.DataFrame,
    subj: pl.DataFrame,
    p_i: np.ndarray,
    total: pl.DataFrame,
    keys: list[str],
    values: str,
    cluster: str | None,
) -> float:
    """Stage 2 of :func:`fleiss_kappa`: the jackknife SE, leaving out one subject (or one
    cluster of subjects) at a time in closed form; NaN with fewer than 2 clusters."""
    # leave cluster g (a subject, or the subjects of a person) out: P_(-g) = (sum P - P_g) /
    # (N - N_g); p_j(-g) = (t_j - n_gj) / (S_m - m_g), so sum_j p_j(-g)^2 =
    # (sum t_j^2 - 2 sum_j t_j n_gj + sum_j n_gj^2) / (S_m - m_g)^2
    n = subj.height
    t_j = total["t_j"].to_numpy()
    s_m = float(t_j.sum())
    subj = subj.with_columns(pl.Series("__p", p_i))
    if cluster is None:
        cluster_of = subj.select(*keys, pl.int_range(pl.len()).alias("__g"))
    else:
        cluster_of = subj.select(keys)
        if cluster not in keys:
            firsts = cells.group_by(keys).agg(pl.col(cluster).first())
            cluster_of = cluster_of.join(firsts, on=keys, how="left", maintain_order="left")
        cluster_of = cluster_of.with_columns(pl.Series("__g", value_codes(cluster_of[cluster])))
        cluster_of = cluster_of.select(*keys, "__g")
    by_g = (
        cells.select(*keys, values, "n_ij")
        .join(cluster_of, on=keys, how="left")
        .group_by("__g", values)
        .agg(pl.col("n_ij").sum())
        .join(total, on=values, how="left")
        .group_by("__g")
        .agg(
            (pl.col("t_j") * pl.col("n_ij")).sum().alias("tn"),
            (pl.col("n_ij") ** 2).sum().alias("nn"),
            pl.col("n_ij").sum().alias("m_g"),
        )
    )
    sums = (
        subj.join(cluster_of, on=keys, how="left")
        .group_by("__g")
        .agg(pl.col("__p").sum().alias("p_g"), pl.len().alias("n_g"))
    )
    by_g = by_g.join(sums, on="__g", how="left")
    tn, nn, m_g = by_g["tn"].to_numpy(), by_g["nn"].to_numpy(), by_g["m_g"].to_numpy()
    p_g, n_g = by_g["p_g"].to_numpy(), by_g["n_g"].to_numpy().astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_loo = (p_i.sum() - p_g) / (n - n_g)
        pe_loo = ((t_j**2).sum() - 2.0 * tn + nn) / (s_m - m_g) ** 2
        k_loo = (p_loo - pe_loo) / (1.0 - pe_loo)
    k_loo = k_loo[np.isfinite(k_loo)]
    big_g = k_loo.size
    if big_g < 2:
        return float("nan")
    return float(np.sqrt((big_g - 1.0) / big_g * ((k_loo - k_loo.mean()) ** 2).sum()))


def _fleiss_null_test(kappa: float, p_j: np.ndarray, n: int, m: float) -> dict[str, float]:
    """Stage 3 of :func:`fleiss_kappa`: the test of kappa = 0 on the Fleiss, Nee & Landis
    (1979) null variance, which needs the same number m of ratings for every subject."""
    from scipy import stats

    q_j = 1.0 - p_j
    pq = float((p_j * q_j).sum())
    var0 = 2.0 / (n * m * (m - 1.0)) * (pq**2 - (p_j * q_j * (q_j - p_j)).sum()) / pq**2
    se0 = float(np.sqrt(var0))
    z = kappa / se0
    return {"se0": se0, "z": z, "pval": float(2.0 * stats.norm.sf(abs(z)))}


def _fleiss_row(values: Mapping[str, object]) -> pl.DataFrame:
    schema = {**_kappa_schema(), "n_ratings": pl.Int64, "raters_per_subject": pl.Float64}
    return pl.DataFrame({k: [values.get(k)] for k in schema}, schema=schema)


# --------------------------------------------------------------------------------------------
# Generalisability: variance components (Henderson's method 1) and the decision study
# --------------------------------------------------------------------------------------------

RESIDUAL = "residual"


def _level_index(codes: Mapping[str, np.ndarray], cols: Sequence[str], n: int) -> np.ndarray:
    """Dense level number (0..L-1) of every row for the combination of ``cols``."""
    if not cols or n == 0:
        return np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    for col in cols:  # mixed radix over the (dense) codes; then renumbered densely
        c = codes[col]
        key = int_codes(key * (int(c.max()) + 1) + c)[0]
    return key


def variance_components(
    data: pl.DataFrame, score: str, effects: Mapping[str, Sequence[str]]
) -> pl.DataFrame:
    """Random-effects variance components by Henderson's method 1 (the "analogous ANOVA" of
    Brennan 2001, ch. 7): exact ANOVA (expected mean squares) estimates for a balanced design,
    unbiased ones for an unbalanced design.

    Parameters
    ----------
    data : pl.DataFrame
        Long data, one row per observation.
    score : str
        The numeric observation.
    effects : mapping
        Effect name -> the columns whose combination makes its levels (``{"p": ["person"],
        "pr": ["person", "rater"], "i:h": ["h", "i"]}``); a nested effect lists its nest's
        columns too. The residual (``"residual"``) is every observation on its own.

    Returns
    -------
    pl.DataFrame
        One row per effect and the residual: ``component``, ``estimate`` (the method-1
        solution, may be negative), ``variance`` (negative estimates set to 0, Brennan's
        convention for a D study), ``n_levels``, ``estimable`` and ``reason`` (null, or
        ``confounded`` with ``confounded_with`` naming the effect it cannot be told apart from:
        both have the same levels in these data, and their sum is reported under the one
        listed first, or under the residual for an effect with a level per observation;
        ``one_level``: one level, no variance to see; ``design``: the system is singular).

    Notes
    -----
    T_f = sum over levels l of f of (sum of y in l)^2 / n_l, T_mu = (sum y)^2 / N,
    T_0 = sum y^2. E[T_f] = N mu^2 + sum_g k(f, g) sigma^2_g + L_f sigma^2_e with
    k(f, g) = sum_l (sum_m n_lm^2) / n_l over the levels l of f and m of g (n_lm the count in
    both); the square system (mu, the effects, the residual) is solved for the components.
    """
    needed = [score, *sorted({c for cols in effects.values() for c in cols} - {score})]
    require_columns(data, needed, "data")
    df = data.select(needed).drop_nulls()
    y = df[score].cast(pl.Float64).to_numpy()
    n = y.size
    cols = sorted({c for cs in effects.values() for c in cs})
    codes = {c: value_codes(df[c]) for c in cols}
    names = list(effects)
    levels = {e: _level_index(codes, effects[e], n) for e in names}
    n_levels = {e: int(levels[e].max()) + 1 if n else 0 for e in names}
    merged = _confounded_effects(names, levels, n_levels, n)
    single = {e for e in names if e not in merged and n_levels[e] < 2}
    kept = [e for e in names if e not in merged and e not in single]
    cells = _Levels(codes, n)  # the cells of two effects: the levels of their columns' union
    est = _method1_solution(y, [levels[e] for e in kept], kept, cells, effects)
    return _components_frame(names, merged, single, est, n_levels, n, len(kept))


def _confounded_effects(
    names: list[str], levels: dict[str, np.ndarray], n_levels: dict[str, int], n: int
) -> dict[str, str]:
    """Stage 1 of :func:`variance_components`: which effect cannot be told apart from which."""
    # an effect with one level is the grand mean's; an effect with the same levels as an earlier
    # one cannot be told apart from it (its variance goes to the earlier); an effect with a
    # level per observation goes to the residual
    merged: dict[str, str] = {}
    for i, e in enumerate(names):
        if e in merged:
            continue
        if n_levels[e] == n:
            merged[e] = RESIDUAL
            continue
        for later in names[i + 1 :]:
            if later in merged or n_levels[later] != n_levels[e]:
                continue
            pair = _level_index({"a": levels[e], "b": levels[later]}, ["a", "b"], n)
            if int(pair.max()) + 1 == n_levels[e]:
                merged[later] = e
    return merged


def _method1_solution(
    y: np.ndarray,
    kept_levels: list[np.ndarray],
    kept: list[str],
    cells: _Levels,
    effects: Mapping[str, Sequence[str]],
) -> dict[str, float]:
    """Stage 2 of :func:`variance_components`: Henderson's method-1 square system (mu, the
    kept effects, the residual) solved; empty when it is singular. The cells of effects f and
    g are the levels of the union of their columns (``cells``: each union grouped once, where
    hashing the pair of level codes for each of the 42 pairs was most of the G study's
    method 1); their squared counts are summed into f's levels as exact integers, so the
    sums are those of any grouping."""
    n = y.size
    if n > len(kept) + 1:
        f_levels = [np.zeros(n, dtype=np.int64), *kept_levels]
        f_cols = [frozenset(), *(frozenset(effects[e]) for e in kept)]
        counts = [np.bincount(lv).astype(np.float64) for lv in f_levels]
        t = [
            float((np.bincount(lv, weights=y) ** 2 / cnt).sum())
            for lv, cnt in zip(f_levels, counts)
        ]
        t.append(float((y**2).sum()))
        size = len(kept) + 2  # mu, the kept effects, the residual
        a = np.zeros((size, size))
        a[:, 0] = n
        for i, (lf, cf, fc) in enumerate(zip(f_levels, counts, f_cols)):
            for j, gc in enumerate(f_cols[1:], start=1):
                count = cells(fc | gc)[1]
                parent = lf[cells.first(fc | gc)]  # each cell's level of f
                sq = np.bincount(parent, weights=count**2, minlength=cf.size)
                a[i, j] = float((sq / cf).sum())
            a[i, -1] = cf.size
        a[-1, 1:] = n
        if np.linalg.matrix_rank(a) == size:
            sol = np.linalg.solve(a, np.array(t))
            return dict(zip([*kept, RESIDUAL], sol[1:].tolist()))
    return {}


def _components_frame(
    names: list[str],
    merged: dict[str, str],
    single: set[str],
    est: dict[str, float],
    n_levels: dict[str, int],
    n: int,
    n_kept: int,
) -> pl.DataFrame:
    """Stage 3 of :func:`variance_components`: one row per effect and the residual, with the
    reason an estimate is missing."""
    rows: list[dict[str, object]] = []
    order = [*names, RESIDUAL]
    for e in order:
        if e in merged:
            rows.append(
                {
                    "component": e,
                    "n_levels": n_levels.get(e),
                    "estimable": False,
                    "reason": "confounded",
                    "confounded_with": merged[e],
                }
            )
            continue
        value = est.get(e)
        reason = None
        if e in single:
            reason = "one_level"  # no variance between levels to see
        elif value is None:  # too few observations, or a design the system cannot separate
            reason = "too_few_observations" if n <= n_kept + 1 else "design"
        rows.append(
            {
                "component": e,
                "estimate": value,
                "variance": None if value is None else max(value, 0.0),
                "n_levels": n_levels.get(e, n),
                "estimable": value is not None,
                "reason": reason,
            }
        )
    schema = {
        "component": pl.String,
        "estimate": pl.Float64,
        "variance": pl.Float64,
        "n_levels": pl.Int64,
        "estimable": pl.Boolean,
        "reason": pl.String,
        "confounded_with": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


# --- the person bootstrap of the components (weighted method 1) -----------------------------

#: bootstrap replications of the G study over people (percentile intervals); fixed seed
G_BOOT = 200
G_BOOT_SEED = 20_261_204
#: people resampled at most (a fixed random subset of the fitted people; the spread is scaled
#: to the fitted number): bounds the bootstrap's cost at any scale
G_BOOT_PEOPLE = 1_000
_BLOCK = 50  # replications per block (bounds the memory of the B x levels arrays)


class _Sum:
    """``W @ M`` for sparse people x levels matrices M sharing their entries (person, level)
    with K value vectors (repeated entries add up), for a block of weight rows W (replications
    x people): one sparse matrix of K stacked blocks, one product, a (K, replications,
    levels) array."""

    def __init__(self, person: np.ndarray, level: np.ndarray, values: np.ndarray, n_levels: int):
        # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
        from scipy import sparse

        values = np.atleast_2d(np.asarray(values, dtype=np.float64))  # K x entries
        k, n_p = values.shape[0], int(person.max()) + 1 if person.size else 0
        rows = (np.arange(k)[:, None] * n_levels + level[None, :]).ravel()
        self.k, self.n_levels = k, n_levels
        self.mt = sparse.csr_matrix(
            (values.ravel(), (rows, np.tile(person, k))), shape=(k * n_levels, n_p)
        )

    def __call__(self, w: np.ndarray) -> np.ndarray:
        return np.asarray(self.mt @ w.T).T.reshape(w.shape[0], self.k, self.n_levels).swapaxes(0, 1)


class _Into:
    """Sums the columns of an array (replications x cells) into the cells' parent levels; the
    sort of the cells by parent done once."""

    def __init__(self, parent: np.ndarray, n_parent: int):
        self.order = np.argsort(parent, kind="stable")
        sorted_parent = parent[self.order]
        self.starts = np.flatnonzero(np.r_[True, sorted_parent[1:] != sorted_parent[:-1]])
        self.levels, self.n_parent = sorted_parent[self.starts], n_parent

    def __call__(self, x: np.ndarray) -> np.ndarray:
        out = np.zeros((x.shape[0], self.n_parent))
        out[:, self.levels] = np.add.reduceat(x[:, self.order], self.starts, axis=1)
        return out


def _interval95(x: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """The 2.5% and 97.5% percentiles of ``x`` along ``axis``, NaNs left out (NaN where all
    are NaN, without numpy's warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, hi = np.nanpercentile(x, [2.5, 97.5], axis=axis)
    return lo, hi


def _per_person(person: np.ndarray, values: np.ndarray, n_people: int) -> np.ndarray:
    return np.bincount(person, weights=values, minlength=n_people)


class _Levels:
    """Dense level codes of the rows for any set of the design's columns, each set computed
    once (the cells of two effects are the levels of the union of their columns, so the
    method-1 coefficients of seven effects need at most eight groupings)."""

    def __init__(self, codes: Mapping[str, np.ndarray], n: int):
        self.codes, self.n = codes, n
        self.memo: dict[frozenset, tuple[np.ndarray, np.ndarray]] = {}
        self.firsts: dict[frozenset, np.ndarray] = {}

    def __call__(self, cols: frozenset) -> tuple[np.ndarray, np.ndarray]:
        """(level of each row, rows per level)."""
        if cols not in self.memo:
            if len(cols) <= 1:
                lv = _level_index(self.codes, sorted(cols), self.n)
            else:  # the levels of all but one column, combined with that column's codes
                last = sorted(cols)[-1]
                a, b = self(cols - {last})[0], self.codes[last]
                lv = int_codes(a * (int(b.max()) + 1) + b)[0]
            self.memo[cols] = (lv, np.bincount(lv).astype(np.float64))
        return self.memo[cols]

    def first(self, cols: frozenset) -> np.ndarray:
        """A row of each level of ``cols``."""
        if cols not in self.firsts:
            self.firsts[cols] = _first_row(self(cols)[0])
        return self.firsts[cols]


def _first_row(level: np.ndarray) -> np.ndarray:
    """A row of each level (for the level's person or parent level)."""
    first = np.zeros(int(level.max()) + 1, dtype=np.int64)
    first[level] = np.arange(level.size)
    return first


def _weighted_components(
    y: np.ndarray, levels: _Levels, effects: Sequence[frozenset], weights: np.ndarray
) -> np.ndarray:
    """Henderson's method 1 (:func:`variance_components`) for each row of ``weights`` (people
    x replication counts: a person drawn k times enters as k distinct people with the same
    raters and cycles): the (replications x effects + residual) solutions, NaN where the
    replicate's system is singular. ``effects``: each effect's columns (``person`` is the
    resampled one).

    Every sum is linear in the person weights w or a function of linear ones. Over levels
    inside a person (an effect with ``person``) a T_f or a coefficient k(f, g) is
    w @ (a per-person value). Over levels across people (a rater, a cycle, the grand mean):
    T_f = sum_l S_l(w)^2 / n_l(w) and k(f, g) = sum_l Q_l(w) / n_l(w), with S, n and (g with
    ``person``) Q_l = sum of the squared cell counts of the people in l, all w @ (people x
    levels); for g across people too, the cell counts n_lm(w) are the counts of the union of
    the two effects' columns, squared and summed into l."""
    who = frozenset({"person"})
    person = levels(who)[0]
    n_p = int(person.max()) + 1
    on_person = [e for e in effects if "person" in e]
    across = [e for e in effects if "person" not in e]
    h = _HendersonSums(
        effects=list(effects),
        on_person=on_person,
        across=across,
        f_index={f: i for i, f in enumerate(effects, start=1)},
        lin=_inside_person_sums(y, levels, effects, on_person, person, n_p),
        plans=_across_plans(y, levels, on_person, across, person),
        # the cells of f x g summed into f's levels (none to sum where g's columns are in f's)
        parent={
            (f, g): _Into(levels(f)[0][levels.first(f | g)], levels(f)[1].size)
            for f in across
            for g in across
            if f | g != f
        },
        y_p=_per_person(person, y, n_p),
        n_rows_p=_per_person(person, np.ones(y.size), n_p),
        y2_p=_per_person(person, y**2, n_p),
    )
    out = np.full((weights.shape[0], len(effects) + 1), np.nan)
    for start in range(0, weights.shape[0], _BLOCK):  # blocks of replications
        w = np.asarray(weights[start : start + _BLOCK], dtype=np.float64)
        a, t = _henderson_system(h, w)
        try:
            out[start : start + w.shape[0]] = np.linalg.solve(a, t[..., None])[:, 1:, 0]
        except np.linalg.LinAlgError:  # a singular replicate: solve one by one, it stays NaN
            for r in range(w.shape[0]):  # replications only
                try:
                    out[start + r] = np.linalg.solve(a[r], t[r])[1:]
                except np.linalg.LinAlgError:
                    continue
    return out


class _HendersonSums(NamedTuple):
    """What :func:`_weighted_components` precomputes once for every replication: each sum of
    Henderson's method 1 as a vector per person (or a plan over people x levels)."""

    effects: list[frozenset]  # the effects, in the order of the system's rows
    on_person: list[frozenset]  # effects inside a person
    across: list[frozenset]  # effects across people
    f_index: dict[frozenset, int]  # each effect's row and column in the system
    lin: dict[tuple, np.ndarray]  # per-person T_f, level counts, k(f, g), k(mu, g)
    plans: dict[frozenset, _Sum]  # per effect across people (and pairs of them): S, n, Q
    parent: dict[tuple, _Into]  # f x g cells summed into f's levels
    y_p: np.ndarray  # per person: sum of y
    n_rows_p: np.ndarray  # per person: rows
    y2_p: np.ndarray  # per person: sum of y^2


def _inside_person_sums(
    y: np.ndarray,
    levels: _Levels,
    effects: Sequence[frozenset],
    on_person: list[frozenset],
    person: np.ndarray,
    n_p: int,
) -> dict[tuple, np.ndarray]:
    """Per person, the sums of the effects inside a person (T_f, level counts, k(f, g))."""

    def per_person_of(cols: frozenset, values: np.ndarray) -> np.ndarray:
        """Per person, the sum over their levels of ``cols`` (with person) of ``values``."""
        return _per_person(person[levels.first(cols)], values, n_p)

    lin: dict[tuple, np.ndarray] = {}
    for f in on_person:
        lf, cf = levels(f)
        lin["T", f] = per_person_of(f, np.bincount(lf, weights=y) ** 2 / cf)
        lin["L", f] = per_person_of(f, np.ones(cf.size))
        for g in effects:
            c = levels(f | g)[1]
            q = np.bincount(lf[levels.first(f | g)], weights=c**2, minlength=cf.size)
            lin["k", f, g] = per_person_of(f, q / cf)
    for g in on_person:  # k(mu, g) = sum of squared cell counts / N, per person
        c = levels(g)[1]
        lin["q", g] = per_person_of(g, c**2)
    return lin


def _across_plans(
    y: np.ndarray,
    levels: _Levels,
    on_person: list[frozenset],
    across: list[frozenset],
    person: np.ndarray,
) -> dict[frozenset, _Sum]:
    """Per effect across people (and union of two): the plan summing S_l, n_l and Q_l for w."""
    who = frozenset({"person"})

    def cell_sq(fc: frozenset, gc: frozenset) -> tuple[np.ndarray, np.ndarray]:
        """Cells of f x g (g with person): each cell's squared count and its (person, level
        of f) entry."""
        c = levels(fc | gc)[1]
        return c**2, levels(fc | who)[0][levels.first(fc | gc)]

    plans: dict[frozenset, _Sum] = {}
    for f in {*across, *(f | g for f in across for g in across)}:
        pl_key, pl_n = levels(f | who)
        first = levels.first(f | who)
        vals = [np.bincount(pl_key, weights=y), pl_n]
        if f in across:
            for g in on_person:
                sq, entry = cell_sq(f, g)
                vals.append(np.bincount(entry, weights=sq, minlength=pl_n.size))
        plans[f] = _Sum(person[first], levels(f)[0][first], np.array(vals), levels(f)[1].size)
    return plans


def _henderson_system(h: _HendersonSums, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The normal equations (a, t) of Henderson's method 1 for a block of replications."""
    b = w.shape[0]
    size = len(h.effects) + 2
    big_n = w @ h.n_rows_p
    a = np.zeros((b, size, size))
    t = np.zeros((b, size))
    a[:, :, 0] = big_n[:, None]
    a[:, -1, 1:] = big_n[:, None]
    t[:, -1] = w @ h.y2_p
    t[:, 0] = (w @ h.y_p) ** 2 / big_n
    a[:, 0, -1] = 1.0
    got = {f: plan(w) for f, plan in h.plans.items()}  # (K, b, levels) each
    lin, f_index = h.lin, h.f_index
    for f in h.on_person:
        i = f_index[f]
        t[:, i] = w @ lin["T", f]
        a[:, i, -1] = w @ lin["L", f]
        for g in h.effects:
            a[:, i, f_index[g]] = w @ lin["k", f, g]
    for g in h.on_person:
        a[:, 0, f_index[g]] = (w @ lin["q", g]) / big_n
    for g in h.across:
        a[:, 0, f_index[g]] = (got[g][1] ** 2).sum(axis=1) / big_n
    with np.errstate(divide="ignore", invalid="ignore"):
        for f in h.across:
            i, s_f, n_f = f_index[f], got[f][0], got[f][1]
            inv = np.where(n_f > 0, 1.0 / n_f, 0.0)
            t[:, i] = (s_f**2 * inv).sum(axis=1)
            a[:, i, -1] = (n_f > 0).sum(axis=1)
            for k, g in enumerate(h.on_person, start=2):
                a[:, i, f_index[g]] = (got[f][k] * inv).sum(axis=1)
            done: dict[frozenset, np.ndarray] = {}  # by f | g: (r, c) and (r, rc) share cells
            for g in h.across:
                if f | g not in done:
                    sq = got[f | g][1] ** 2
                    sq = h.parent[f, g](sq) if (f, g) in h.parent else sq
                    done[f | g] = (sq * inv).sum(axis=1)
                a[:, i, f_index[g]] = done[f | g]
    return a, t


def _with_boot(
    comps: pl.DataFrame, df: pl.DataFrame, effects: Mapping[str, Sequence[str]], b: int, seed: int
) -> pl.DataFrame:
    """``comps`` with the person bootstrap's replicates (``boot``, the variances clipped at 0)
    and percentile intervals of each estimable component (null for the others)."""
    est = comps.filter(pl.col("estimable"))["component"].to_list()
    kept = [e for e in est if e != RESIDUAL]
    schema = {"boot": pl.List(pl.Float64), "variance_ci95_low": pl.Float64}
    schema["variance_ci95_high"] = pl.Float64
    if not est or RESIDUAL not in est:
        return comps.with_columns(pl.lit(None, dtype=d).alias(c) for c, d in schema.items())
    cols = sorted({c for e in kept for c in effects[e]} | {"person"})
    person = value_codes(df["person"])
    n_p = int(person.max()) + 1
    rng = np.random.default_rng(seed)
    # at most G_BOOT_PEOPLE people resampled (a fixed random subset), the spread scaled back
    # by sqrt(m / n): a component's sampling spread shrinks as 1/sqrt(people)
    m = min(n_p, G_BOOT_PEOPLE)
    sub = df
    if m < n_p:
        sub = df.filter(pl.Series(np.isin(person, rng.choice(n_p, m, replace=False))))
    levels = _Levels({c: value_codes(sub[c]) for c in cols}, sub.height)
    w = rng.multinomial(m, np.full(m, 1.0 / m), size=b)
    reps = _weighted_components(
        sub["score"].cast(pl.Float64).to_numpy(),
        levels,
        [frozenset(effects[e]) for e in kept],
        w,
    )
    # centred on the estimate: resampling people moves the mean of some components (a person
    # drawn twice shares raters and cycles with their copy; Brennan 2001, 6.2, on boot-p's
    # bias), so the replicates give the spread, the estimate the centre
    point = np.array(
        [comps.filter(pl.col("component") == e)["estimate"][0] for e in [*kept, RESIDUAL]]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        spread = (reps - np.nanmean(reps, axis=0)) * np.sqrt(m / n_p)
    reps = (spread + point).clip(min=0.0)
    # the facets not resampled (raters, cycles and their interaction: people are): each
    # replicate's component scaled by chi2(L - 1) / (L - 1), the sampling spread of a variance
    # seen through L levels (a parametric step; L - 1 the Satterthwaite df of a one-way mean
    # square), so an interval of Phi carries the uncertainty of three cycles' variance
    rng = np.random.default_rng(seed + 1)
    for k, e in enumerate(kept):
        if "person" not in effects[e]:
            df_e = max(int(comps.filter(pl.col("component") == e)["n_levels"][0]) - 1, 1)
            reps[:, k] *= rng.chisquare(df_e, b) / df_e
    lo, hi = _interval95(reps, axis=0)
    boot = pl.DataFrame(
        {
            "component": [*kept, RESIDUAL],
            "boot": [r.tolist() for r in reps.T],
            "variance_ci95_low": lo,
            "variance_ci95_high": hi,
        },
        schema={"component": pl.String, **schema},
    )
    return comps.join(boot, on="component", how="left", maintain_order="left")


#: the facets of a rating design: person (the object of measurement), rater, cycle, and the
#: effects the decision study uses, in the order confounded effects are attributed
G_EFFECTS: dict[str, tuple[str, ...]] = {
    "p": ("person",),
    "r": ("rater",),
    "c": ("cycle",),
    "pr": ("person", "rater"),
    "pc": ("person", "cycle"),
    "rc": ("rater", "cycle"),
}
D_DESIGNS: tuple[str, ...] = ("nested", "crossed")


def g_study(
    data: pl.DataFrame,
    person: str,
    rater: str,
    score: str,
    cycle: str | None = None,
    max_people: int | None = 5_000,
    boot: int = G_BOOT,
    seed: int = G_BOOT_SEED,
) -> pl.DataFrame:
    """Variance components of a person x rater (x cycle) rating design (G study).

    Parameters
    ----------
    data : pl.DataFrame
        One row per rater's score of a person (in a cycle): e.g. each rater's mean over the
        rating dimensions, the dimensions being a fixed facet averaged over.
    person, rater, score : str
        Columns of the ratee, the rater and the score.
    cycle : str, optional
        Column of the cycle; without it (or with one cycle) the cycle facets are not estimated.
    max_people : int or None
        Fit on at most this many people (all their ratings), chosen by a hash of the id, so the
        cost is bounded at any scale; None: everyone. The components are averages over people,
        so a sample of thousands estimates them closely; ``n_people`` says how many were used.

    Returns
    -------
    pl.DataFrame
        :func:`variance_components` of the effects ``p``, ``r``, ``c``, ``pr``, ``pc``, ``rc``
        and ``residual`` (``prc`` with error), with ``n_people``, ``n_person_cycles``,
        ``n_raters``, ``n_cycles``, ``n_obs`` (so ``n_obs / n_person_cycles`` raters per person
        and cycle) and ``n_people_total``; with ``boot`` > 0, each estimable component's
        95% percentile interval ``variance_ci95_low`` / ``variance_ci95_high`` and its
        ``boot`` replicates (a list of the clipped variances, for :func:`decision_study`).
    boot, seed
        Bootstrap replications over people (:data:`G_BOOT`, 0: none) and their fixed seed.

    Notes
    -----
    The bootstrap resamples people with replacement (a person drawn twice enters as two
    people, with the same raters and cycles) and solves method 1 again for each replicate,
    from per-person sums (:func:`_weighted_components`; no rows are copied). Brennan (2001,
    ch. 6) calls this "boot-p"; it is the resampling that matches a person-level decision. Its
    coverage on simulated designs is in ``docs/methods.md``.

    References
    ----------
    .. [1] Brennan, R. L. (2001). Generalizability Theory. New York: Springer. Ch. 3-4, 7.
    .. [2] Shavelson, R. J., & Webb, N. M. (1991). Generalizability Theory: A Primer.
       Newbury Park, CA: Sage.
    """
    cols = [person, rater, score] + ([cycle] if cycle else [])
    require_columns(data, cols, "data", distinct=True)
    rename = {person: "person", rater: "rater", score: "score"} | (
        {cycle: "cycle"} if cycle else {}
    )
    people = data[person].unique().drop_nulls()
    df = (  # the chosen people's rows only
        data.lazy()
        .filter(_people_kept(people, max_people, person))
        .select(cols)
        .rename(rename)
        .drop_nulls()
        .filter(pl.col("score").is_finite())
        .collect()
    )
    people_total, score = people.len(), "score"
    effects = {k: v for k, v in G_EFFECTS.items() if cycle or "cycle" not in v}
    # raters nested in people (each person one rater): the rater effects are not fitted, and
    # their rows say they cannot be separated from the people's (mgr24, rev23a item 6)
    nested = raters_nested(df)
    fitted = {k: v for k, v in effects.items() if not (nested and "rater" in v)}
    comps = variance_components(df, score, fitted)
    if boot > 0:
        comps = _with_boot(comps, df, fitted, boot, seed)
    if nested:
        comps = _with_nested_rows(comps, df, effects)
    person_cycles = df.select("person", "cycle").n_unique() if cycle else df["person"].n_unique()
    return comps.with_columns(
        n_people=pl.lit(df["person"].n_unique(), pl.Int64),
        n_person_cycles=pl.lit(person_cycles, pl.Int64),
        n_raters=pl.lit(df["rater"].n_unique(), pl.Int64),
        n_cycles=pl.lit(df["cycle"].n_unique() if cycle else 1, pl.Int64),
        n_obs=pl.lit(df.height, pl.Int64),
        n_people_total=pl.lit(people_total, pl.Int64),
    )


#: raters count as nested in people (each person one rater) when fewer than this share of the
#: people have a second identified rater in any cycle: the few who change rater cannot separate
#: a rater's standard from their team's level in a variance component (the rater table uses
#: them as links, :func:`analytics.stats.raters.link_effects`)
NESTED_SHARE = 0.05


def raters_nested(df: pl.DataFrame) -> bool:
    """Whether the raters of ``df`` (columns ``person``, ``rater``) are nested in the people:
    fewer than :data:`NESTED_SHARE` of the people have more than one rater over all cycles.
    Then the rater component is told apart from the person's only by assuming that people
    were assigned to raters at random, which a manager's team is not (the reviewer's
    workbook: 5 of 900 people changed manager, and method 1 gave the raters 3.1 and the
    people 0)."""
    if not df.height:
        return False
    per = df.group_by("person").agg(pl.col("rater").n_unique().alias("k"))
    return float((per["k"] > 1).mean()) < NESTED_SHARE


def _with_nested_rows(
    comps: pl.DataFrame, df: pl.DataFrame, effects: Mapping[str, Sequence[str]]
) -> pl.DataFrame:
    """``comps`` (fitted without the rater effects) with a row for each rater effect: not
    estimable, reason ``nested_rater``, inside the person's component (``r``, ``pr``) or
    the person x cycle / residual one (``rc``), in :data:`G_EFFECTS`' order."""
    pc = comps.filter(pl.col("component") == "pc")
    into_pc = bool(pc.height) and bool(pc["estimable"][0])
    rows = [
        {
            "component": e,
            "n_levels": df.select(list(cols)).n_unique(),
            "estimable": False,
            "reason": "nested_rater",
            "confounded_with": "p" if "cycle" not in cols else ("pc" if into_pc else RESIDUAL),
        }
        for e, cols in effects.items()
        if "rater" in cols
    ]
    order = {e: i for i, e in enumerate([*effects, RESIDUAL])}
    added = pl.DataFrame(rows, schema={k: comps.schema[k] for k in rows[0]})
    return (
        pl.concat([comps, added], how="diagonal_relaxed")
        .with_columns(_order=pl.col("component").replace_strict(order, return_dtype=pl.Int64))
        .sort("_order")
        .drop("_order")
    )


def one_rater_per_person(components: pl.DataFrame) -> bool:
    """Whether the rater x person component is inside the person's (each person has one
    identified rater: a manager, with peers carrying no rater id). Then more raters per person
    cannot be projected (what a second rater would add is the part counted as the person's;
    rev23b item 4), and the raters' own component is not separated from the people's either
    (:func:`raters_nested`: ``nested_rater``)."""
    key = "component" if "component" in components.columns else "facet"
    if "confounded_with" not in components.columns:
        return False
    pr = components.filter(pl.col(key) == "pr")
    return bool(pr.height) and not pr["estimable"][0] and pr["confounded_with"][0] == "p"


def component_shares(g: pl.DataFrame) -> pl.DataFrame:
    """:func:`g_study`'s components with each one's ``share`` of the total variance and the
    share's 95% percentile interval over the person bootstrap (``share_ci95_low`` / ``_high``:
    each replicate's component over that replicate's total; null without replicates)."""
    total = g["variance"].sum()
    share = pl.col("variance") / total if total else pl.lit(None, pl.Float64)
    reps = g["boot"].to_list() if "boot" in g.columns else []
    width = max((len(r) for r in reps if r is not None), default=0)
    lo = hi = np.full(g.height, np.nan)
    if width:
        m = np.array([r if r is not None else [np.nan] * width for r in reps], dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = m / np.nansum(m, axis=0, keepdims=True)
        lo, hi = _interval95(shares, axis=1)
    return g.with_columns(
        share.alias("share"),
        share_ci95_low=pl.Series(lo, dtype=pl.Float64).fill_nan(None),
        share_ci95_high=pl.Series(hi, dtype=pl.Float64).fill_nan(None),
    )


def decision_study(
    components: pl.DataFrame,
    raters: Sequence[int] = tuple(range(1, 11)),
    cycles: Sequence[int] = (1, 2, 3, 4),
    design: str = "nested",
) -> pl.DataFrame:
    """Reliability of a person's score averaged over ``n_raters`` raters and ``n_cycles``
    cycles (D study), from :func:`g_study`'s components.

    Parameters
    ----------
    components : pl.DataFrame
        :func:`g_study` (or :func:`variance_components` with the effects ``p``, ``r``, ``c``,
        ``pr``, ``pc``, ``rc`` and ``residual``; absent ones count as not estimated).
    raters, cycles : sequences of numbers
        The numbers of raters per person (in each cycle) and of cycles to tabulate (a mean
        such as 3.4 raters gives that design's coefficients; the column shows its integer part).
    design : {"nested", "crossed"}
        ``nested`` (default, how people are rated at work): each person has raters of their
        own (a manager, their peers) who rate them in every cycle: (R:P) x C. ``crossed``: the
        same raters rate everyone in every cycle: P x R x C.

    Returns
    -------
    pl.DataFrame
        One row per (``n_raters``, ``n_cycles``): ``g_coef`` (E rho^2, generalisability, for
        ranking people), ``phi`` (dependability, for a score read against a fixed standard),
        each with its 95% interval (``g_coef_ci95_low`` / ``_high``, ``phi_ci95_low`` /
        ``_high``: percentiles over the person bootstrap of :func:`g_study`, null when the
        components carry no ``boot`` replicates),
        ``rel_error_var``, ``abs_error_var``, ``universe_var`` and ``reason``: null, or why
        the row cannot be estimated (``one_cycle``: the data have one cycle, so what more
        cycles add is unknown; ``one_rater``: more than one rater per person, when each person
        has one identified rater, so the rater x person component is inside the person's and
        a second rater's contribution is unknown: :func:`one_rater_per_person`;
        ``no_person_variance``: the person component is not estimable or is zero).

    Notes
    -----
    Components below zero count as zero; a component confounded with another is inside that
    one's estimate. With n_r raters and n_c cycles:

    * nested (R:P) x C: sigma2_delta = s_pc/n_c + (s_r + s_pr)/n_r + (s_rc + s_e)/(n_r n_c),
      sigma2_Delta = sigma2_delta + s_c/n_c
    * crossed P x R x C: sigma2_delta = s_pr/n_r + s_pc/n_c + s_e/(n_r n_c),
      sigma2_Delta = sigma2_delta + s_r/n_r + s_c/n_c + s_rc/(n_r n_c)

    E rho^2 = s_p / (s_p + sigma2_delta), Phi = s_p / (s_p + sigma2_Delta) (Brennan 2001,
    ch. 4; Shavelson & Webb 1991, ch. 6-7). With one cycle in the data, s_p holds the person x
    cycle part too, so the one-cycle rows are the reliability of one cycle's score.
    """
    if design not in D_DESIGNS:
        raise ValueError(f"design must be one of {D_DESIGNS}, got {design!r}")
    var = {
        row["component"]: row["variance"]
        for row in components.select("component", "variance", "estimable").iter_rows(named=True)
        if row["estimable"]
    }
    n_r = np.repeat(np.asarray(raters, dtype=np.float64), len(cycles))
    n_c = np.tile(np.asarray(cycles, dtype=np.float64), len(raters))
    s = {k: var.get(k, 0.0) for k in ("r", "c", "pr", "pc", "rc", RESIDUAL)}
    rel, ab = _error_vars(s, n_r, n_c, design)
    s_p = var.get("p")
    cycles_known = "c" in var or "pc" in var or "rc" in var
    reason = np.full(n_r.size, None, dtype=object)
    if not cycles_known:
        reason[n_c > 1] = "one_cycle"
    if one_rater_per_person(components):  # the rater x person part is inside s_p
        reason[n_r > 1] = "one_rater"
    if not s_p:
        reason[:] = "no_person_variance"
    ok = np.array([r is None for r in reason])
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(ok, (s_p or 0.0) / ((s_p or 0.0) + rel), np.nan)
        phi = np.where(ok, (s_p or 0.0) / ((s_p or 0.0) + ab), np.nan)
    lo_hi = _dstudy_intervals(components, n_r, n_c, design, ok)
    return pl.DataFrame(
        {
            "n_raters": n_r.astype(np.int64),
            "n_cycles": n_c.astype(np.int64),
            "g_coef": g,
            "g_coef_ci95_low": lo_hi["g_coef"][0],
            "g_coef_ci95_high": lo_hi["g_coef"][1],
            "phi": phi,
            "phi_ci95_low": lo_hi["phi"][0],
            "phi_ci95_high": lo_hi["phi"][1],
            "rel_error_var": np.where(ok, rel, np.nan),
            "abs_error_var": np.where(ok, ab, np.nan),
            "universe_var": np.where(ok, s_p or np.nan, np.nan),
            "reason": pl.Series(reason.tolist(), dtype=pl.String),
        }
    ).with_columns(
        pl.col(
            "g_coef",
            "g_coef_ci95_low",
            "g_coef_ci95_high",
            "phi",
            "phi_ci95_low",
            "phi_ci95_high",
            "rel_error_var",
            "abs_error_var",
            "universe_var",
        ).fill_nan(None)
    )


def _error_vars(s: Mapping[str, np.ndarray | float], n_r: np.ndarray, n_c: np.ndarray, design: str):
    """The relative and absolute error variances of :func:`decision_study` (``s``: the
    components, numbers or arrays that broadcast against ``n_r`` / ``n_c``)."""
    e = s[RESIDUAL]
    if design == "nested":
        rel = s["pc"] / n_c + (s["r"] + s["pr"]) / n_r + (s["rc"] + e) / (n_r * n_c)
        return rel, rel + s["c"] / n_c
    rel = s["pr"] / n_r + s["pc"] / n_c + e / (n_r * n_c)
    return rel, rel + s["r"] / n_r + s["c"] / n_c + s["rc"] / (n_r * n_c)


def _dstudy_intervals(
    components: pl.DataFrame, n_r: np.ndarray, n_c: np.ndarray, design: str, ok: np.ndarray
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """95% percentile intervals of E rho^2 and Phi over the G study's person bootstrap
    (``boot`` of :func:`g_study`): each replicate's components give each design's
    coefficients. NaN without replicates or where the row cannot be estimated."""
    none = np.full(n_r.size, np.nan)
    out = {"g_coef": (none, none), "phi": (none, none)}
    if "boot" not in components.columns:
        return out
    reps = {
        row["component"]: np.asarray(row["boot"], dtype=np.float64)
        for row in components.select("component", "boot", "estimable").iter_rows(named=True)
        if row["estimable"] and row["boot"] is not None
    }
    if "p" not in reps or RESIDUAL not in reps:
        return out
    b = reps["p"].size
    s = {k: reps.get(k, np.zeros(b))[:, None] for k in ("r", "c", "pr", "pc", "rc", RESIDUAL)}
    rel, ab = _error_vars(s, n_r[None, :], n_c[None, :], design)  # replications x designs
    s_p = reps["p"][:, None]
    for name, err in (("g_coef", rel), ("phi", ab)):
        with np.errstate(divide="ignore", invalid="ignore"):
            coef = s_p / (s_p + err)
        lo, hi = _interval95(coef, axis=0)
        out[name] = (np.where(ok, lo, np.nan), np.where(ok, hi, np.nan))
    return out


def smallest_design(study: pl.DataFrame, target: float = 0.8, coef: str = "phi") -> dict | None:
    """The row of :func:`decision_study` with the fewest ratings per person (n_raters x
    n_cycles; then fewer cycles) whose ``coef`` reaches ``target``; None when none does."""
    hit = study.filter(pl.col(coef) >= target)
    if hit.is_empty():
        return None
    return hit.sort(pl.col("n_raters") * pl.col("n_cycles"), "n_cycles").row(0, named=True)


# --------------------------------------------------------------------------------------------
# Kappa of the grades in a ratings frame
# --------------------------------------------------------------------------------------------

#: most points a rating scale may have for its ratings to count as grades (categories): a
#: 0-100 scale is a measurement, read with ICC and alpha, not with kappa
MAX_GRADE_POINTS = 11
#: kappa over at most this many people (chosen by a hash of the id; all their cycles)
MAX_KAPPA_PEOPLE = 5_000
#: the kappas of a cycle: (measure, design, weights); weighted by distance on the scale
KAPPA_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("cohen_kappa", "self_vs_manager", "none"),
    ("cohen_kappa_linear", "self_vs_manager", "linear"),
    ("cohen_kappa_quadratic", "self_vs_manager", "quadratic"),
    ("fleiss_kappa", "raters_of_person", "none"),
)


def grade_points(values: Sequence[float]) -> int | None:
    """The fewest points K (2..:data:`MAX_GRADE_POINTS`) of an evenly spaced scale on [0, 1]
    that hold every value (normalised scores: a 1-5 rating is k/4), or None: not grades."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return None
    for k in range(2, MAX_GRADE_POINTS + 1):
        scaled = v * (k - 1)
        if np.abs(scaled - np.rint(scaled)).max() < 1e-6:
            return k
    return None


def _people_kept(people: pl.Series, max_people: int | None, column: str) -> pl.Expr:
    """A filter on ``column`` keeping at most ``max_people`` of the distinct ``people``, chosen
    by a hash of the id (the same people every run); true for all when there are not more."""
    if max_people is None or people.len() <= max_people:
        return pl.lit(True)
    keep = (
        pl.DataFrame({"id": people})
        .with_columns(pl.col("id").cast(pl.String).hash(7).alias("__h"))
        .sort("__h", "id")
        .head(max_people)["id"]
    )
    return pl.col(column).is_in(keep.implode())


def grade_agreement(
    ratings: pl.DataFrame, min_n: int = 5, max_people: int | None = MAX_KAPPA_PEOPLE
) -> pl.DataFrame:
    """Kappa of the grades given in each cycle: self against manager (Cohen's kappa,
    unweighted, linear and quadratic weighted) and among all the raters of a person other than
    themself (Fleiss' kappa).

    Parameters
    ----------
    ratings : pl.DataFrame
        ``cycle_id``, ``employee_id``, ``rater_role``, ``dimension``, ``score`` (normalised to
        [0, 1]), one row per rating.
    min_n : int
        Fewest subjects (person x dimension) for a kappa; fewer: null, ``too_few_subjects``.
    max_people : int or None
        Kappa over at most this many people (:data:`MAX_KAPPA_PEOPLE`, chosen by a hash of
        the id, with all their cycles); the interval is then that of the sample, and ``n``
        says how many subjects were used.

    Returns
    -------
    pl.DataFrame
        Per cycle, one row per :data:`KAPPA_MEASURES`: ``cycle_id``, ``measure``, ``design``,
        ``kappa``, ``se``, ``ci95_low``, ``ci95_high``, ``n`` (subjects: person x dimension),
        ``n_categories``, ``p_observed``, ``p_expected`` and ``reason`` (why kappa is null:
        ``no_self_manager`` when no one has one self and one manager score in the cycle (for
        Cohen's), ``no_two_raters`` when no one has two scores by others (for Fleiss'),
        ``not_grades`` when they have but no dimension is rated on a scale of at most
        :data:`MAX_GRADE_POINTS` points, ``too_few_subjects``, ``one_category``).

    Notes
    -----
    A dimension of a cycle counts as graded when all its normalised scores lie on an evenly
    spaced scale of K <= 11 points (:func:`grade_points`); its scores are its categories, and
    the weights of the weighted kappas follow their distance on the normalised scale. A
    person's dimensions are not independent subjects: the standard errors are the jackknife
    deleting one person at a time (``clusters``). A
    subject is a person's dimension in the cycle: for Cohen's kappa with exactly one self and
    one manager rating, for Fleiss' kappa with at least two ratings by others (manager, peers,
    skip-level ...), raters not identified.
    """
    return grade_agreement_of(*gather_grades(ratings, max_people), min_n=min_n, max_people=None)


def gather_grades(
    ratings: pl.DataFrame | pl.LazyFrame, max_people: int | None = MAX_KAPPA_PEOPLE
) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    """The inputs of :func:`grade_agreement_of` from rating rows (a frame, or a lazy filter of
    a larger one, which is then not copied): at most ``max_people`` people's self and manager
    score per person x dimension, their non-self scores counted per person x dimension, and
    the cycles rated."""
    cols = ["cycle_id", "employee_id", "rater_role", "dimension", "score"]
    lazy = ratings.lazy()
    require_columns(pl.DataFrame(schema=lazy.collect_schema()), cols, "ratings")
    score = pl.col("score")
    ids = lazy.select(pl.col("employee_id").unique().drop_nulls()).collect().to_series()
    rows = (  # the sampled people's rows only: no copy of every rating
        lazy.filter(score.is_not_null() & score.is_finite())
        .filter(_people_kept(ids, max_people, "employee_id"))
        .select(cols)
    )
    subject = ["cycle_id", "employee_id", "dimension"]
    role = pl.col("rater_role")
    # each role's score as a column of its own (null on the other role's rows) before the
    # group-by: plain counts and maxima instead of a filter and a list per subject (0.26 ->
    # 0.20 CPU s at 8M ratings); with exactly one score of a role, its maximum is that score
    self_manager = (
        rows.filter(role.is_in(["self", "manager"]))
        .with_columns(
            _s=pl.when(role == "self").then(score), _m=pl.when(role == "manager").then(score)
        )
        .group_by(subject)
        .agg(
            pl.col("_s").count().alias("_ns"),
            pl.col("_m").count().alias("_nm"),
            pl.col("_s").max().alias("self"),
            pl.col("_m").max().alias("manager"),
        )
        .filter((pl.col("_ns") == 1) & (pl.col("_nm") == 1))
        .select(*subject, "self", "manager")
    )
    others = rows.filter(role != "self").group_by(*subject, "score").agg(pl.len().alias("n"))
    cycles = lazy.select(pl.col("cycle_id").unique().drop_nulls().cast(pl.String))
    sm, cells, rated = pl.collect_all([self_manager, others, cycles])
    return sm, cells, sorted(rated["cycle_id"].to_list())


def grade_agreement_of(
    self_manager: pl.DataFrame,
    others: pl.DataFrame,
    cycles: Sequence[str],
    min_n: int = 5,
    max_people: int | None = MAX_KAPPA_PEOPLE,
) -> pl.DataFrame:
    """:func:`grade_agreement` from the ratings already gathered per subject (as a database
    query gives them): ``self_manager`` (``cycle_id``, ``employee_id``, ``dimension``,
    ``self``, ``manager``: subjects with exactly one self and one manager score) and
    ``others`` (``cycle_id``, ``employee_id``, ``dimension``, ``score``, ``n``: how many
    non-self raters gave that score); ``cycles``: the cycles to report."""
    people = pl.concat(
        [self_manager.select("employee_id"), others.select("employee_id")],
        how="vertical_relaxed",
    )["employee_id"].unique()
    keep = _people_kept(people, max_people, "employee_id")
    sm_all = self_manager.filter(keep).with_columns(pl.col("cycle_id").cast(pl.String))
    cells_all = others.filter(keep).with_columns(pl.col("cycle_id").cast(pl.String))
    # the grid of each (cycle, dimension): the scores seen in either frame
    seen = pl.concat(
        [
            sm_all.select("cycle_id", "dimension", pl.col("self").alias("score")),
            sm_all.select("cycle_id", "dimension", pl.col("manager").alias("score")),
            cells_all.select("cycle_id", "dimension", "score"),
        ],
        how="vertical_relaxed",
    )
    grids = seen.group_by("cycle_id", "dimension").agg(pl.col("score").unique().alias("v"))
    graded = grids.with_columns(
        each(grids["v"], grade_points, pl.Int64).alias("k")  # on this thread: threadsafe.each
    ).filter(pl.col("k").is_not_null())
    on = ["cycle_id", "dimension"]

    def snapped(frame: pl.DataFrame, *cols: str) -> pl.DataFrame:
        step = pl.col("k") - 1
        return (
            frame.join(graded.select(*on, "k"), on=on)
            .with_columns(((pl.col(c) * step).round() / step).alias(c) for c in cols)
            .drop("k")
        )

    subject = ["employee_id", "dimension"]
    # the cycles with someone to compare, whatever the scale: a cycle of manager ratings only
    # said "no grades ... see the 0-100 table" for a 1-5 scale (rev23b item 5)
    paired = set(sm_all["cycle_id"].unique())
    panels = set(
        cells_all.group_by("cycle_id", *subject)
        .agg(pl.col("n").sum())
        .filter(pl.col("n") >= 2)["cycle_id"]
        .unique()
    )
    sm_all = snapped(sm_all, "self", "manager")
    cells_all = snapped(cells_all, "score")
    rows: list[dict[str, object]] = []
    for cycle in cycles:  # a handful of cycles
        sm = sm_all.filter(pl.col("cycle_id") == cycle)
        cells = cells_all.filter(pl.col("cycle_id") == cycle)
        grades = pl.concat([sm["self"], sm["manager"], cells["score"]]).unique().to_list()
        points = sorted({0.0, 1.0, *grades})
        for measure, design, weights in KAPPA_MEASURES:
            row: dict[str, object] = {"cycle_id": cycle, "measure": measure, "design": design}
            fleiss = measure == "fleiss_kappa"
            if cycle not in (panels if fleiss else paired):
                rows.append({**row, "reason": "no_two_raters" if fleiss else "no_self_manager"})
                continue
            if (cells if fleiss else sm).is_empty():
                rows.append({**row, "reason": "not_grades"})
                continue
            if measure == "fleiss_kappa":
                res = fleiss_kappa(cells, subject, "score", "employee_id", "n")
            else:
                cats = points if weights != "none" else None
                res = cohen_kappa(sm, "self", "manager", weights, cats, "employee_id")
            res = res.row(0, named=True)
            if res["n"] < min_n:
                res = {"n": res["n"], "reason": "too_few_subjects"}
            elif res["kappa"] is None:
                res = {**res, "reason": "one_category"}
            rows.append({**row, **res})
    schema = {
        "cycle_id": pl.String,
        "measure": pl.String,
        "design": pl.String,
        "kappa": pl.Float64,
        "se": pl.Float64,
        "ci95_low": pl.Float64,
        "ci95_high": pl.Float64,
        "n": pl.Int64,
        "n_categories": pl.Int64,
        "p_observed": pl.Float64,
        "p_expected": pl.Float64,
        "reason": pl.String,
    }
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)
