"""Calibration findings for a scope: every section the dashboard shows and the report exports.

Models that need the whole company (rater effects, the company component of a change,
percentiles within comparable peers) are fitted on every rating of the scope's cycles
(``ScopeData.company_ratings``) and then narrowed to the people in scope, so drilling into a
department never changes a rater's estimated effect. Distribution statistics are computed on
the scope itself.

:func:`compute_section` computes one section (the dashboard caches each); :func:`build_findings`
computes them all (the report CLI and the Calibration page), sharing intermediate results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import polars as pl

from analytics import text
from analytics.findings.scope import Scope, ScopeData, rows_about
from analytics.stats import attribution, distributions, gaps, potential, raters, reliability

__all__ = [
    "DEFAULT_GUIDELINE",
    "REPORT_SECTIONS",
    "SECTIONS",
    "Findings",
    "build_findings",
    "compute_section",
    "compute_sections",
    "fit_parts",
    "unit_column",
]

DEFAULT_GUIDELINE = {"S": 0.10, "A": 0.20, "B": 0.50, "C": 0.15, "D": 0.05}
MIN_N = 5
MIN_SHIFT = 0.05  # a material department shift: 0.2 points on a 5-point scale (as against_trend)


_LOCKS_GUARD = threading.Lock()


def _memo(data: ScopeData, key: str, fn: Callable[[], object]):
    """Intermediate results shared by sections of one scope. Computed once even when two
    threads ask at the same time (:func:`fit_parts`, :func:`build_findings`): the second waits
    for the first. (The per-key locks live on the scope object, not in ``extras``, whose
    values are frames only.)"""
    extras = data.extras
    if key in extras:
        return extras[key]
    with _LOCKS_GUARD:
        locks = data.__dict__.setdefault("_memo_locks", {})
        lock = locks.setdefault(key, threading.Lock())
    with lock:
        if key not in extras:
            extras[key] = fn()
    return extras[key]


def unit_column(data: ScopeData) -> tuple[int | None, str]:
    """The unit one level below the scope: top departments for the company, sub-departments
    inside a department, teams inside a leaf department or a team. Returns (depth, column)."""
    if data.scope.team:
        return None, "team"
    if not data.scope.department:
        return 1, "department"
    depth = data.scope.department.count("/") + 2
    deeper = data.employees["department"].drop_nulls().str.count_matches("/").max()
    if deeper is None or deeper + 1 < depth:
        return None, "team"
    return depth, "department"


def _part_in_scope(data: ScopeData, name: str) -> pl.DataFrame:
    """The in-scope rows of a company part. A lazily loaded scope reads only those rows of a
    part stored at import (the filter runs in DuckDB); otherwise the whole part is narrowed."""

    def build() -> pl.DataFrame:
        pushed = getattr(data, "part_in_scope", None)
        frame = pushed(name) if pushed is not None else None
        if frame is not None:
            return frame
        return rows_about(_co(data, name), data.employees, everyone=not data.scope.narrowed())

    return _memo(data, "in:" + name, build)


# --- shared intermediates ---------------------------------------------------------------------
# Company-level parts are fitted on every rating of the scope's cycles; for the all-cycles scope
# they are materialised at import time (analytics.findings.materialise) and arrive pre-filled in extras.
def _co(data: ScopeData, name: str) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        if name in CYCLE_SEPARABLE:  # a subset of cycles: the stored all-cycles part, restricted
            for_cycles = getattr(data, "company_part_for_cycles", None)
            frame = for_cycles(name) if for_cycles is not None else None
            if frame is not None:
                post = CYCLE_SEPARABLE[name]
                return post(frame) if post is not None else frame
        return COMPANY_PARTS[name](data)

    return _memo(data, "co:" + name, build)


def _rerank(recheck: pl.DataFrame) -> pl.DataFrame:
    """The re-check list's rank (1 = largest gap) renumbered after rows were left out (the
    rows keep their order: by max_gap, then cycle and employee)."""
    cols = recheck.columns
    return recheck.drop("rank").with_row_index("rank", offset=1).select(cols)


# Company parts computed per (cycle, person) or per cycle from that cycle's ratings alone: for a
# subset of cycles they equal the all-cycles part stored at import restricted to those cycles
# (then renumbered by the function given), so a cycle subset does not refit them.
# tests/test_lazyscope.py checks each against a fit on the subset.
CYCLE_SEPARABLE: dict[str, Callable[[pl.DataFrame], pl.DataFrame] | None] = {
    "reliability": None,  # alpha and ICC per cycle
    "reliability_units": None,  # the same per top-level department and cycle
    "scores": None,  # one score per person and cycle
    "sources": None,  # source means per person and cycle
    "recheck": _rerank,  # flags per person and cycle, ranked over the scope
}


# which parts read the rating rows themselves, and which parts each part is computed from
_READS_RATINGS = {
    "rater_table",
    "adjusted",
    "changes",
    "profile",
    "recheck",
    "sources",
    "reliability",
    "reliability_units",
    "scores",
}
_PART_INPUTS = {
    "effects": ("rater_table",),
    "recheck": ("sources",),
    "adjusted": ("effects",),
    "changes": ("effects",),
    "shifts": ("changes",),
    "against": ("changes", "shifts"),
    "profile": ("adjusted", "effects"),
}


def ratings_still_needed(data: ScopeData) -> bool:
    """Whether some company part can still only be had by reading the rating rows (it is neither
    memoised nor stored at import, and it or one of its inputs reads them)."""
    # (reliability_units: fitted at import only; a section never fits it on demand)
    return bool(parts_to_fit(data))


#: the order :func:`fit_parts` starts the parts in: the longest chain first (rating pairs, rater
#: model, adjusted scores, profile); the second thread meanwhile takes the parts that do not
#: wait for the rater model (the KPI drivers need no rating pairs; the scores and the
#: reliability bootstraps need only the pairs), and the parts that need the model's effects
#: come last, so neither thread sits waiting on the other's lock while work is left
FIT_ORDER = (
    "profile",
    "kpi_drivers",
    "scores",
    "reliability",
    "reliability_units",
    "sources",
    "recheck",
    "changes",
    "shifts",
    "against",
    "effects",
    "rater_table",
    "adjusted",
)


#: threads :func:`fit_parts` uses (1: one part after the other)
FIT_THREADS = 2


def parts_to_fit(data: ScopeData, names: Iterable[str] | None = None) -> list[str]:
    """The company parts among ``names`` (default: every part a section may read) that would
    be fitted from the rating rows: neither memoised nor stored at import."""
    stored_for_cycles = getattr(data, "stores_for_cycles", lambda name: False)
    wanted = set(names) if names is not None else set(COMPANY_PARTS) - {"reliability_units"}

    def needs(name: str) -> bool:
        if "co:" + name in data.extras or (name in CYCLE_SEPARABLE and stored_for_cycles(name)):
            return False
        return name in _READS_RATINGS or any(needs(i) for i in _PART_INPUTS.get(name, ()))

    return [name for name in FIT_ORDER if name in wanted and needs(name)]


def fit_parts(
    data: ScopeData, names: Iterable[str] | None = None, threads: int | None = None
) -> None:
    """Fit the company parts ``names`` that are not at hand, on ``threads`` threads.

    Why: the parts form two independent chains (the rater model and what follows from it; the
    reliability bootstrap, the scores and the KPI drivers), and one chain alone keeps about 1.5
    of 2 cores busy. Polars and NumPy release the GIL, so running them side by side cuts the
    wall time of fitting every model (docs/benchmarks.md). The memo's per-key locks make a part
    that both chains need fitted once. Results are the same as fitting them one by one."""
    todo = parts_to_fit(data, names)
    threads = FIT_THREADS if threads is None else threads
    if len(todo) < 2 or threads < 2:
        for name in todo:
            _co(data, name)
        return
    _ = data.company_ratings  # a lazily loaded scope reads its rows once, before the threads start
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="perflens-fit") as pool:
        for future in [pool.submit(_co, data, name) for name in todo]:
            future.result()  # re-raises a part's error here


def _co_effects(d: ScopeData) -> pl.DataFrame:
    # rater_table fits the same model (same defaults) on the way to its diagnostics: take its
    # effect columns rather than fit it twice. Its rows without ``n`` come from the other
    # diagnostics only (raters rateable there but absent from the fit).
    table = _co(d, "rater_table")
    cols = [c for c in raters._EFFECT_COLUMNS if c in table.columns]
    return table.filter(pl.col("n").is_not_null()).select(cols).sort("rater_id")


def _rating_pairs(d: ScopeData) -> pl.DataFrame:
    """The company's rating rows aggregated once per (cycle, ratee, rater, role)
    (keys.rating_pairs): the rater table, adjusted scores, score changes, profile and source
    means start from it instead of each grouping the rows again."""
    from analytics.stats.keys import rating_pairs

    return _memo(
        d,
        "rating_pairs",
        lambda: rating_pairs(d.company_ratings, potential.proxy_dimensions(d.company_ratings)),
    )


def _co_rater_table(d: ScopeData) -> pl.DataFrame:
    return raters.rater_table(
        d.company_ratings, d.extras.get("company_kpi"), pairs=_rating_pairs(d)
    )


def _co_adjusted(d: ScopeData) -> pl.DataFrame:
    return raters.adjusted_scores(d.company_ratings, _co(d, "effects"), pairs=_rating_pairs(d))


def _co_changes(d: ScopeData) -> pl.DataFrame:
    return attribution.score_changes(
        d.company_ratings, _co(d, "effects"), d.extras.get("company_kpi"), pairs=_rating_pairs(d)
    )


def _co_shifts(d: ScopeData) -> pl.DataFrame:
    return attribution.department_shifts(_co(d, "changes"))


def _co_against(d: ScopeData) -> pl.DataFrame:
    return attribution.against_trend(_co(d, "changes"), shifts=_co(d, "shifts"))


def _co_profile(d: ScopeData) -> pl.DataFrame:
    return potential.performance_profile(
        _co(d, "adjusted"),
        d.extras["company_employees"],
        d.extras.get("company_outcomes"),
        d.company_ratings,
        d.cycles,
        _co(d, "effects"),
        pairs=_rating_pairs(d),
    )


def _co_recheck(d: ScopeData) -> pl.DataFrame:
    # the source means are a part of their own: average the ratings once, not twice
    return gaps.recheck_list(d.company_ratings, source_means=_co(d, "sources"))


def _co_sources(d: ScopeData) -> pl.DataFrame:
    return gaps.source_means(d.company_ratings, pairs=_rating_pairs(d))


COMPANY_PARTS: dict[str, Callable[[ScopeData], pl.DataFrame]] = {
    "effects": _co_effects,
    "rater_table": _co_rater_table,
    "adjusted": _co_adjusted,
    "changes": _co_changes,
    "shifts": _co_shifts,
    "against": _co_against,
    "profile": _co_profile,
    "recheck": _co_recheck,
    "sources": _co_sources,
    "reliability": lambda d: _reliability_from_pairs(_company_pairs(d)),
    "reliability_units": lambda d: _co_reliability_units(d),
    "scores": lambda d: _co_scores(d),
    "kpi_drivers": lambda d: attribution.kpi_drivers(
        d.extras["company_kpi"], "department", d.extras["company_employees"], d.cycles
    ),
}


def _co_scores(d: ScopeData) -> pl.DataFrame:
    return distributions.employee_scores(
        d.company_ratings, d.extras.get("company_outcomes"), pairs=_rating_pairs(d)
    )


def _scores(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        if data.scope.rater_role:  # the role filter changes which ratings make the score
            scores = distributions.employee_scores(data.ratings, data.outcomes)
        else:  # one score per person and cycle, company-wide (materialised), narrowed to scope
            scores = _part_in_scope(data, "scores")
        depth, col = unit_column(data)
        if depth is not None:
            scores = distributions.department_level(
                scores, depth, column="department", alias="unit"
            )
        else:
            scores = scores.with_columns(pl.col(col).alias("unit"))
        return scores.with_columns(pl.col("unit").fill_null("?"))

    return _memo(data, "scores", build)


def _rater_table(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        table = _co(data, "rater_table")
        if data.scope.narrowed():  # the raters who rated someone in scope
            ids = getattr(data, "rater_ids", None)  # a lazily loaded scope asks DuckDB
            in_scope = (
                ids() if ids is not None else data.ratings.select("rater_id").drop_nulls().unique()
            )
            in_scope = in_scope.select(pl.col("rater_id").cast(table.schema["rater_id"]))
            table = table.join(in_scope, on="rater_id", how="semi")
        else:  # the parts were fitted on these very ratings: every rater with an id is in
            table = table.filter(pl.col("rater_id").is_not_null())
        # by effect (rounded: equal effects summed in another order differ in the last bits),
        # then id: the same order on every run
        return (
            table.with_columns(pl.col("effect").round(12).alias("_e"))
            .sort(["_e", "rater_id"], descending=[True, False], nulls_last=True)
            .drop("_e")
        )

    return _memo(data, "rater_table", build)


def _profile(data: ScopeData) -> pl.DataFrame:
    return _part_in_scope(data, "profile")


# --- sections -----------------------------------------------------------------------------------
def rating_counts(rows: pl.LazyFrame) -> dict:
    """The summary's counts of rating rows: sorted cycle ids, distinct ratees and raters, rows.
    Lazily, so the distinct counts run in parallel (a Series' n_unique hashes the tens of
    millions of text rater ids on one thread: 3 s against 0.4 s at 31.8M ratings)."""
    cycles, n = pl.collect_all(
        [
            rows.select(pl.col("cycle_id").unique().sort()),
            rows.select(
                employees=pl.col("employee_id").n_unique(),
                raters=pl.col("rater_id").drop_nulls().n_unique(),
                ratings=pl.len(),
            ),
        ]
    )
    return {
        "cycles": cycles["cycle_id"].cast(pl.String).to_list(),
        "employees": n["employees"].item(),
        "raters": n["raters"].item(),
        "ratings": n["ratings"].item(),
    }


def _summary(data: ScopeData) -> pl.DataFrame:
    counts = getattr(data, "summary_counts", None)  # a lazily loaded scope counts in DuckDB
    c = counts() if counts is not None else None
    if c is None:
        c = rating_counts(data.ratings.lazy())
    return pl.DataFrame(
        {
            "scope": [data.scope.label()],
            "cycles": [", ".join(data.scope.cycles) or ", ".join(c["cycles"])],
            "department": [data.scope.department or ""],
            "employees": [c["employees"]],
            "raters": [c["raters"]],
            "ratings": [c["ratings"]],
            "generated_at": [datetime.now().isoformat(timespec="seconds")],
        }
    )


def _distribution(data: ScopeData) -> pl.DataFrame:
    return distributions.summary(_scores(data), ["unit", "cycle_id"], min_n=MIN_N).sort(
        "unit", "cycle_id"
    )


def _distribution_company(data: ScopeData) -> pl.DataFrame:
    return distributions.summary(_scores(data), ["cycle_id"], min_n=MIN_N).sort("cycle_id")


def _grade_shares(data: ScopeData) -> pl.DataFrame:
    return distributions.grade_shares(_scores(data), ["unit"])


def _guideline_grades(data: ScopeData) -> pl.DataFrame:
    return distributions.guideline_fit(
        _scores(data), "unit", DEFAULT_GUIDELINE, per="grade", min_n=MIN_N
    )


def _guideline_units(data: ScopeData) -> pl.DataFrame:
    fit = distributions.guideline_fit(
        _scores(data), "unit", DEFAULT_GUIDELINE, per="unit", min_n=MIN_N
    )
    p = pl.when(pl.col("low_expected")).then(pl.col("pval_mc")).otherwise(pl.col("pval"))
    return fit.with_columns(
        p.alias("p_used"),
        ((p < 0.05) & ~pl.col("small_n")).fill_null(False).alias("significant"),
    ).sort("people_to_move", descending=True)


def _compare(data: ScopeData, part: str) -> pl.DataFrame:
    res = _memo(
        data, "compare", lambda: distributions.compare_units(_scores(data), "unit", min_n=MIN_N)
    )
    return res[part]


def _inflation(data: ScopeData) -> pl.DataFrame:
    return distributions.inflation_trend(_scores(data))


def _heatmap(data: ScopeData) -> pl.DataFrame:
    return distributions.summary(_scores(data), ["unit", "cycle_id"], min_n=MIN_N).select(
        "unit", "cycle_id", "n", "mean", "mean_lo", "mean_hi", "small_n"
    )


def _score_box(data: ScopeData) -> pl.DataFrame:
    """Box-plot statistics of the employee scores per unit, as Plotly draws them from the points
    (linear quartiles; whiskers at the most extreme score within 1.5 IQR of the box), so the page
    sends one box per unit rather than one point per person. Units by median, highest first."""
    scores = _scores(data).select("unit", "score")
    q = {
        name: pl.col("score").quantile(p, interpolation="linear")
        for name, p in (("q1", 0.25), ("median", 0.5), ("q3", 0.75))
    }
    stats = scores.group_by("unit").agg(
        pl.len().alias("n"),
        *(e.alias(k) for k, e in q.items()),
        pl.col("score").mean().alias("mean"),
    )
    iqr = pl.col("q3") - pl.col("q1")
    fences = (
        scores.join(stats.select("unit", "q1", "q3"), on="unit")
        .group_by("unit")
        .agg(
            pl.col("score")
            .filter(pl.col("score") >= pl.col("q1") - 1.5 * iqr)
            .min()
            .alias("lowerfence"),
            pl.col("score")
            .filter(pl.col("score") <= pl.col("q3") + 1.5 * iqr)
            .max()
            .alias("upperfence"),
        )
    )
    return (
        stats.join(fences, on="unit", how="left")
        .select("unit", "n", "q1", "median", "q3", "mean", "lowerfence", "upperfence")
        .sort(["median", "unit"], descending=[True, False], nulls_last=True)
    )


def _company_pairs(d: ScopeData) -> pl.DataFrame:
    """The company's pair means, sorted, with the rater slots (see _reliability_from_pairs)."""
    return _memo(d, "pairs", lambda: _sorted_pairs(_company_pair_means(d)))


def _company_pair_means(d: ScopeData) -> pl.DataFrame:
    """:func:`_pair_means` of the company's ratings, from the shared per-(cycle, ratee, rater,
    role) pass when every score is a finite number (its sums merged over the roles: the same
    means, one grouping of the rows fewer). The shared pass leaves out null, NaN and infinite
    scores, which the pair means keep (a pair of null scores still takes a rater slot), so
    ratings holding such scores are grouped again."""
    ratings = d.company_ratings
    score = pl.col("score")
    if ratings.select((score.is_null() | ~score.is_finite()).any()).item():
        return _pair_means(ratings)
    return (
        _rating_pairs(d)
        .lazy()
        .filter((pl.col("rater_role") != "self") & pl.col("rater_id").is_not_null())
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg((pl.col("s").sum() / pl.col("n").sum()).alias("score"))
        .collect()
    )


def _co_reliability_units(d: ScopeData) -> pl.DataFrame:
    """:func:`_reliability_from_pairs` per department (column ``unit``: every department path at
    every depth, a unit holding its whole subtree): what a department's scope computes, from the
    company's pair means. Why every depth: a sub-department's pairs are too many to bootstrap
    at page time at enterprise scale (1.2 s at 31.8M ratings)."""
    people = distributions.department_paths(
        d.extras["company_employees"].select("employee_id", "department")
    ).drop("department")
    pairs = _company_pairs(d)
    people = people.with_columns(pl.col("employee_id").cast(pairs.schema["employee_id"]))
    per = pairs.join(people, on="employee_id", how="inner", maintain_order="left")
    frames = [
        _reliability_from_pairs(p.drop("unit")).select(pl.lit(u, pl.String).alias("unit"), pl.all())
        for (u,), p in sorted(per.partition_by("unit", as_dict=True, maintain_order=True).items())
    ]
    empty = _reliability_from_pairs(per.clear().drop("unit"))
    return (
        pl.concat(frames)
        if frames
        else empty.select(pl.lit(None, pl.String).alias("unit"), pl.all())
    )


def _reliability(data: ScopeData) -> pl.DataFrame:
    """Company scope: the part materialised at import; a department (any depth, no other
    filter): its rows of the part per department when that is at hand without fitting (stored
    at import); any other narrowed scope: computed on it."""
    if not data.scope.narrowed():
        return _co(data, "reliability")
    s = data.scope
    stored_for_cycles = getattr(data, "stores_for_cycles", lambda name: False)
    if s.department_only() and (
        "co:reliability_units" in data.extras or stored_for_cycles("reliability_units")
    ):
        units = _co(data, "reliability_units")
        return units.filter(pl.col("unit") == s.department).drop("unit")
    pairs = getattr(data, "pair_means", None)  # a lazily loaded scope averages in DuckDB
    per = pairs() if pairs is not None else None
    return _reliability_of(data.ratings) if per is None else _reliability_from_pairs(per)


def _pair_means(ratings: pl.DataFrame) -> pl.DataFrame:
    """Non-self ratings averaged over dimensions per (cycle_id, employee_id, rater_id)."""
    return (
        ratings.lazy()
        .filter((pl.col("rater_role") != "self") & pl.col("rater_id").is_not_null())
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg(pl.col("score").mean())
        .collect()
    )


def _reliability_of(ratings: pl.DataFrame) -> pl.DataFrame:
    """Krippendorff's alpha (interval) over sparse rater panels and one-way ICC for raters nested
    in employees, per cycle, on non-self ratings averaged over dimensions."""
    return _reliability_from_pairs(_pair_means(ratings))


def _sorted_pairs(per: pl.DataFrame) -> pl.DataFrame:
    """Pair means sorted by (cycle_id, employee_id, rater_id), with ``slot`` (the rater's rank
    within the employee and cycle, from 0) and ``_m`` (raters of the employee in the cycle)."""
    # once sorted, each (cycle, employee) is a run of rows: its slots and size come from where
    # the runs start and end (linear scans, no hashing of the keys as a window over them did)
    idx = pl.int_range(pl.len(), dtype=pl.Int64)
    key = [
        pl.col(c).to_physical()
        if isinstance(per.schema[c], (pl.Categorical, pl.Enum))
        else pl.col(c)
        for c in ("cycle_id", "employee_id")
    ]
    starts = pl.any_horizontal([k.ne_missing(k.shift(1)) for k in key]).fill_null(True)
    ends = pl.any_horizontal([k.ne_missing(k.shift(-1)) for k in key]).fill_null(True)
    first = pl.when(starts).then(idx).forward_fill()
    last = pl.when(ends).then(idx).backward_fill()
    return (
        per.lazy()
        .sort("cycle_id", "employee_id", "rater_id")
        .with_columns((idx - first).alias("slot"), (last - first + 1).cast(pl.UInt32).alias("_m"))
        .collect()
    )


def _reliability_from_pairs(per: pl.DataFrame) -> pl.DataFrame:
    """:func:`_reliability_of` from the pair means (cycle_id, employee_id, rater_id, score)."""
    k = 3  # nested design: k rater slots per employee (employees with at least k raters)
    # one sort and one pass for every cycle: a fixed row order (the bootstrap draws units in
    # order of appearance, and group_by's order varies from run to run), the rater slots, and
    # the people per cycle
    if "slot" not in per.columns:  # (a lazily loaded scope's pair_means come sorted, with both)
        per = _sorted_pairs(per)
    people = dict(per.group_by("cycle_id").agg(pl.col("employee_id").n_unique()).iter_rows())
    rows = []
    by_cycle = per.partition_by("cycle_id", as_dict=True, include_key=True, maintain_order=True)
    for (cycle,), c in sorted(by_cycle.items(), key=lambda kv: kv[0]):  # a handful of cycles
        if people[cycle] < 3:
            continue
        a = reliability.krippendorff_alpha(
            c.select("employee_id", "rater_id", "score"),
            "employee_id",
            "rater_id",
            "score",
            level="interval",
            n_boot=200,
            seed=1,
        ).row(0, named=True)
        rows.append(
            {
                "cycle_id": cycle,
                "measure": "krippendorff_alpha_interval",
                "value": a["alpha"],
                "ci95_low": a["ci95_low"],
                "ci95_high": a["ci95_high"],
                "n_targets": a["n_units"],
                "n_raters": a["n_raters"],
                "design": text.phrase_value("sparse_panels"),
            }
        )
        full = c.filter((pl.col("slot") < k) & (pl.col("_m") >= k)).select(
            "employee_id", "slot", "score"
        )
        n_full = full.height // k
        if n_full >= 3:
            icc = reliability._icc_of_slots(full, k)
            for form in ("ICC1", "ICC1k"):
                f = icc.filter(pl.col("type") == form).row(0, named=True)
                rows.append(
                    {
                        "cycle_id": cycle,
                        "measure": form,
                        "value": f["icc"],
                        "ci95_low": f["ci95_low"],
                        "ci95_high": f["ci95_high"],
                        "n_targets": n_full,
                        "n_raters": k,
                        "design": text.phrase_value("raters_nested", k=k),
                    }
                )
    schema = {
        "cycle_id": pl.String,
        "measure": pl.String,
        "value": pl.Float64,
        "ci95_low": pl.Float64,
        "ci95_high": pl.Float64,
        "n_targets": pl.Int64,
        "n_raters": pl.Int64,
        "design": text.phrase_dtype(k=pl.Int64),  # the design the measure fits (analytics.text)
    }
    return pl.DataFrame(rows, schema=schema)


def _raters(data: ScopeData) -> pl.DataFrame:
    return _rater_table(data)


def _recheck(data: ScopeData) -> pl.DataFrame:
    if data.scope.rater_role:  # the role filter changes which sources exist: recompute
        return gaps.recheck_list(data.ratings, source_means=_sources(data))
    return _part_in_scope(data, "recheck")


def _sources(data: ScopeData) -> pl.DataFrame:
    if data.scope.rater_role:
        return gaps.source_means(data.ratings)
    return _part_in_scope(data, "sources")


#: sections that are exactly the in-scope rows of a company part (section -> part)
SECTION_PARTS = {
    "adjusted": "adjusted",
    "attribution": "changes",
    "profile": "profile",
    "sources": "sources",
}


def _adjusted_section(data: ScopeData) -> pl.DataFrame:
    return _part_in_scope(data, "adjusted")


def _attribution(data: ScopeData) -> pl.DataFrame:
    return _part_in_scope(data, "changes")


def _variance(data: ScopeData) -> pl.DataFrame:
    return attribution.variance_decomposition(_attribution(data))


def _department_shifts(data: ScopeData) -> pl.DataFrame:
    shifts = _co(data, "shifts")
    depts = _attribution(data)["dept"].unique()
    # significant after Holm AND material: with a handful of departments every other unit
    # moves a little against one shocked department, and with hundreds of people per unit
    # that counter-move is "significant" without being worth a calibration discussion
    return shifts.filter(pl.col("dept").is_in(depts.implode())).with_columns(
        (pl.col("flag").fill_null(False) & (pl.col("department").abs() >= MIN_SHIFT)).alias(
            "significant"
        )
    )


def _against_trend(data: ScopeData) -> pl.DataFrame:
    return _part_in_scope(data, "against")


def _top_department_only(data: ScopeData) -> bool:
    """A top-level department, no team, level or job family filter (a rater role may be set)."""
    s = data.scope
    return (
        bool(s.department) and "/" not in s.department and not (s.team or s.level or s.job_family)
    )


def _kpi_drivers(data: ScopeData) -> pl.DataFrame:
    s = data.scope
    if not (s.department or s.team or s.level or s.job_family):  # every person (KPIs have no role)
        return _co(data, "kpi_drivers")
    if _top_department_only(data) and "co:kpi_drivers" in data.extras:
        # the company's rows are per top-level department already (stored at import)
        return _co(data, "kpi_drivers").filter(pl.col("dept") == s.department)
    return attribution.kpi_drivers(data.kpi_results, "department", data.employees, data.cycles)


def _kpi_drivers_employee(data: ScopeData) -> pl.DataFrame:
    return attribution.kpi_drivers(data.kpi_results, "employee", data.employees, data.cycles)


def _nine_box(data: ScopeData) -> pl.DataFrame:
    return _memo(data, "nine_box", lambda: potential.nine_box(_profile(data)))


def _nine_box_counts(data: ScopeData) -> pl.DataFrame:
    return potential.nine_box_counts(_nine_box(data))


def _high_potential(data: ScopeData) -> pl.DataFrame:
    return potential.high_potential(_profile(data), top_n=50)


def _hidden(data: ScopeData) -> pl.DataFrame:
    return potential.hidden_strengths(_profile(data))


def _decliners(data: ScopeData) -> pl.DataFrame:
    return potential.decliners(_profile(data))


SECTIONS: dict[str, Callable[[ScopeData], pl.DataFrame]] = {
    "summary": _summary,
    "distribution": _distribution,
    "distribution_company": _distribution_company,
    "grade_shares": _grade_shares,
    "guideline_units": _guideline_units,
    "guideline_grades": _guideline_grades,
    "unit_tests": lambda d: _compare(d, "omnibus"),
    "unit_ranks": lambda d: _compare(d, "units"),
    "unit_pairs": lambda d: _compare(d, "pairs"),
    "inflation": _inflation,
    "heatmap": _heatmap,
    "scores": _scores,
    "score_box": _score_box,
    "reliability": _reliability,
    "raters": _raters,
    "recheck": _recheck,
    "sources": _sources,
    "adjusted": _adjusted_section,
    "attribution": _attribution,
    "variance": _variance,
    "department_shifts": _department_shifts,
    "against_trend": _against_trend,
    "kpi_drivers": _kpi_drivers,
    "kpi_drivers_employee": _kpi_drivers_employee,
    "profile": _profile,
    "nine_box": _nine_box,
    "nine_box_counts": _nine_box_counts,
    "high_potential": _high_potential,
    "hidden_strengths": _hidden,
    "decliners": _decliners,
}

# what the calibration report carries (the dashboard shows more)
REPORT_SECTIONS = (
    "summary",
    "distribution",
    "guideline_units",
    "guideline_grades",
    "unit_tests",
    "unit_pairs",
    "inflation",
    "reliability",
    "raters",
    "recheck",
    "adjusted",
    "attribution",
    "variance",
    "department_shifts",
    "against_trend",
    "kpi_drivers",
    "nine_box_counts",
    "high_potential",
    "hidden_strengths",
    "decliners",
)


def _has_ratings(data: ScopeData) -> bool:
    has = getattr(data, "has_ratings", None)  # a lazily loaded scope asks DuckDB
    return has() if has is not None else data.ratings.height > 0


def compute_section(name: str, data: ScopeData) -> pl.DataFrame | None:
    """One section; None when the scope has no ratings. The company scope of a lazily loaded
    scope (analytics.findings.lazyscope) reads the section stored at import when it is current."""
    stored = getattr(data, "materialised_section", None)
    if stored is not None:
        frame = stored(name)
        if frame is not None:
            return frame
    if not _has_ratings(data):
        return None
    return SECTIONS[name](data)


@dataclass
class Findings:
    scope: Scope
    sections: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.sections[name]


def build_findings(
    con: duckdb.DuckDBPyConnection | None = None,
    cycles: list[str] | tuple[str, ...] | None = None,
    department: str | None = None,
    data: ScopeData | None = None,
    sections: tuple[str, ...] = REPORT_SECTIONS,
) -> Findings:
    """All report sections for a scope (from a connection, or from already loaded scope data)."""
    if data is None:
        assert con is not None
        from analytics.findings.lazyscope import (
            load_scope_lazy,
        )  # reads only what the sections need

        data = load_scope_lazy(con, Scope(cycles=tuple(cycles or ()), department=department))
    out = Findings(data.scope)
    if set(sections) >= set(REPORT_SECTIONS):  # every section: every part, fitted side by side
        fit_parts(data)
    for name, frame in zip(sections, compute_sections(data, sections)):
        out.sections[name] = frame if frame is not None else pl.DataFrame()
    return out


def compute_sections(
    data: ScopeData, names: Iterable[str], threads: int | None = None
) -> list[pl.DataFrame | None]:
    """:func:`compute_section` of each name, in order, on ``threads`` threads (default
    :data:`FIT_THREADS`): sections share intermediate results through the memo's locks."""
    names = list(names)
    threads = FIT_THREADS if threads is None else threads
    if threads < 2 or len(names) < 2:
        return [compute_section(name, data) for name in names]
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="perflens-sec") as pool:
        return list(pool.map(lambda name: compute_section(name, data), names))
