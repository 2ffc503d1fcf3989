"""The company parts: models fitted on every rating of a scope's cycles, and how they are shared.

A *part* (rater effects, adjusted scores, score changes, profiles, reliability ...) is fitted on
``ScopeData.company_ratings`` once per scope object and memoised in ``ScopeData.extras`` under
``co:<name>``; the sections (:mod:`analytics.findings.sections`) narrow it to the people in
scope. :data:`COMPANY_PARTS` is the graph's nodes, ``_PART_INPUTS`` its edges;
:func:`fit_parts` fits the parts a scope still lacks on two threads. A scope that can serve a
part without fitting it (the parts stored at import, :mod:`analytics.findings.lazyscope`) says
so through the :class:`~analytics.findings.scope.ScopeData` capability methods.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np
import polars as pl

from analytics import text, threadsafe
from analytics.findings.methods import MIN_N, PART_METHODS, SHIFT_FLOOR, SHIFT_SD
from analytics.findings.scope import ScopeData, role_weights_of, rows_about
from analytics.stats import (
    agreement,
    attribution,
    distributions,
    gaps,
    person_score,
    potential,
    raters,
    raters_panel,
    reliability,
)
from analytics.stats.keys import SortOrder, rating_pairs, sort_order, sorted_by

__all__ = [
    "BESIDE_THE_REPORT",
    "COMPANY_PARTS",
    "CYCLE_SEPARABLE",
    "FIT_ORDER",
    "FIT_THREADS",
    "RELIABILITY_REASONS",
    "company_pair_means",
    "company_pairs",
    "company_part",
    "fit_parts",
    "g_study_of",
    "kpi_cells_of",
    "memo",
    "pair_means",
    "part_in_scope",
    "parts_to_fit",
    "ratings_still_needed",
    "reliability_from_pairs",
    "reliability_of",
    "reliability_units",
    "sorted_pairs",
]


_LOCKS_GUARD = threading.Lock()


def memo(data: ScopeData, key: str, fn: Callable[[], object]):
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


def part_in_scope(data: ScopeData, name: str) -> pl.DataFrame:
    """The in-scope rows of a company part. A lazily loaded scope reads only those rows of a
    part stored at import (the filter runs in DuckDB); otherwise the whole part is narrowed."""

    def build() -> pl.DataFrame:
        frame = data.part_in_scope(name)
        if frame is not None:
            return frame
        return rows_about(
            company_part(data, name), data.employees, everyone=not data.scope.narrowed()
        )

    return memo(data, "in:" + name, build)


# --- shared intermediates ---------------------------------------------------------------------
# Company-level parts are fitted on every rating of the scope's cycles; for the all-cycles scope
# they are materialised at import time (analytics.findings.materialise) and arrive pre-filled in extras.
def company_part(data: ScopeData, name: str) -> pl.DataFrame:
    """The company part ``name`` of ``data``: memoised, else served by the scope without
    fitting (a cycle subset's rows of a stored part), else fitted."""

    def build() -> pl.DataFrame:
        if name in CYCLE_SEPARABLE:  # a subset of cycles: the stored all-cycles part, restricted
            frame = data.company_part_for_cycles(name)
            if frame is not None:
                post = CYCLE_SEPARABLE[name]
                return post(frame) if post is not None else frame
        return COMPANY_PARTS[name](data)

    return memo(data, "co:" + name, build)


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
    "agreement",
    "g_study",
    "rater_table",
    "rater_panel",
    "adjusted",
    "changes",
    "profile",
    "recheck",
    "sources",
    "reliability",
    "reliability_units",
    "scores",
}
_PART_INPUTS = {name: m.inputs for name, m in PART_METHODS.items() if m.inputs}


def ratings_still_needed(data: ScopeData) -> bool:
    """Whether some company part can still only be had by reading the rating rows (it is neither
    memoised nor stored at import, and it or one of its inputs reads them)."""
    # (reliability_units: fitted at import only; a section never fits it on demand)
    return bool(parts_to_fit(data))


#: the order :func:`fit_parts` starts the parts in: the longest chain first (rating pairs, rater
#: model, adjusted scores, profile); the second thread meanwhile takes the parts that do not
#: wait for the rater model (the KPI drivers need no rating pairs; the scores and the
#: reliability bootstraps need only the pairs), then the rater table's other diagnostics
#: (central tendency, halo, recency: they wait for the model's stage, not for the effects
#: part, so the first thread goes on to the adjusted scores meanwhile), and the parts that
#: need the model's effects come last, so neither thread sits waiting on the other's lock
#: while work is left
FIT_ORDER = (
    "profile",
    "kpi_drivers",
    "scores",
    "reliability",
    "reliability_units",
    "g_study",
    "agreement",
    "sources",
    "recheck",
    "rater_table",
    "rater_panel",
    "changes",
    "shifts",
    "against",
    "profile_before",
    "effects",
    "adjusted",
)


#: the company parts no report section reads: :func:`fit_parts` fits them only when named
#: (the import names them; the units' reliability is read stored only, and the backtest's
#: profile is fitted by its section when it was not stored)
BESIDE_THE_REPORT = frozenset({"reliability_units", "profile_before"})

#: threads :func:`fit_parts` uses (1: one part after the other)
FIT_THREADS = 2


def parts_to_fit(data: ScopeData, names: Iterable[str] | None = None) -> list[str]:
    """The company parts among ``names`` (default: every part a section may read) that would
    be fitted from the rating rows: neither memoised nor stored at import."""
    wanted = set(names) if names is not None else set(COMPANY_PARTS) - BESIDE_THE_REPORT

    def needs(name: str) -> bool:
        if data.has_company_part(name) or (
            name in CYCLE_SEPARABLE and data.stores_for_cycles(name)
        ):
            return False
        return name in _READS_RATINGS or any(needs(i) for i in _PART_INPUTS.get(name, ()))

    return [name for name in FIT_ORDER if name in wanted and needs(name)]


def fit_parts(
    data: ScopeData,
    names: Iterable[str] | None = None,
    threads: int | None = None,
    meanwhile: Sequence[tuple[str, Callable[[], object]]] = (),
) -> list[object]:
    """Fit the company parts ``names`` that are not at hand, on ``threads`` threads.

    Why: the parts form two independent chains (the rater model and what follows from it; the
    reliability bootstrap, the scores and the KPI drivers), and one chain alone keeps about 1.5
    of 2 cores busy. Polars and NumPy release the GIL, so running them side by side cuts the
    wall time of fitting every model (docs/benchmarks.md). The memo's per-key locks make a part
    that both chains need fitted once. Results are the same as fitting them one by one.

    ``meanwhile``: other work on the same scope as ``(part, task)``, each task queued on the
    same threads just after ``part``'s place in :data:`FIT_ORDER` (fitted here or not); their
    results in the order given. Why: at 40M ratings the second thread is through the parts
    that need no rater model (scores, reliability, G study, kappas, source means) seconds
    before the first has fitted the model, and waited for it; the report's sections that read
    none of the model's parts (:func:`~analytics.findings.report.build_findings`) fill that
    wait instead of running after every part."""
    todo = parts_to_fit(data, names)
    threads = FIT_THREADS if threads is None else threads
    unknown = {after for after, _ in meanwhile} - set(FIT_ORDER)
    if unknown:
        raise ValueError(f"fit_parts: no part {sorted(unknown)} to queue work after")
    queue: list[tuple[int | None, Callable[[], object]]] = []  # (place in meanwhile, task)
    for name in FIT_ORDER:
        if name in todo:
            queue.append((None, partial(company_part, data, name)))
        queue += [(i, task) for i, (after, task) in enumerate(meanwhile) if after == name]
    data.__dict__["_fitting"] = frozenset(todo)  # what this call fits (see _co_effects)
    try:
        if threads < 2 or len(queue) < 2:
            results = [task() for _, task in queue]
        else:
            if todo:  # a lazy scope reads its rows once, before the threads start
                _ = data.company_ratings
            threadsafe.import_scipy()  # not by two threads at once
            with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="perflens-fit") as pool:
                futures = [pool.submit(task) for _, task in queue]
                results = [future.result() for future in futures]  # re-raises a task's error
    finally:
        data.__dict__.pop("_fitting", None)
    done = {i: r for (i, _), r in zip(queue, results) if i is not None}
    return [done[i] for i in range(len(meanwhile))]


def _co_effects(d: ScopeData) -> pl.DataFrame:
    # rater_table fits the same model (same defaults) on the way to its diagnostics: take its
    # effect columns rather than fit it twice. While fit_parts fits the table in the same call:
    # from the model's stage of it (:func:`_rater_fit`), so the models that subtract the
    # effects need not wait for the table's other diagnostics (central tendency, halo,
    # recency: 5 CPU s at 40M ratings); otherwise from the table (stored at import, or fitted
    # now), so the stage's pairs and design are never held for a table nobody asked for. The
    # table's rows without ``n`` come from the other diagnostics only (raters rateable there
    # but absent from the fit). The adjustments (adjusted scores, score changes, profile)
    # subtract the shrunk effect: where the raters' spread is not told from 0 the table shows
    # the unshrunk estimate with its interval, and subtracting that would add its noise to
    # every adjusted score.
    fitting = d.__dict__.get("_fitting", ())
    staged = "rater_table" in fitting and not d.has_company_part("rater_table")
    table = _rater_fit(d).effects if staged else company_part(d, "rater_table")
    _done_with_fit(d, "effects")
    cols = [c for c in raters.EFFECT_COLUMNS if c in table.columns]
    out = table.filter(pl.col("n").is_not_null()).select(cols).sort("rater_id")
    if "effect_shrunk" in out.columns:
        out = out.with_columns(pl.col("effect_shrunk").alias("effect"))
    return out


def _rater_fit(d: ScopeData) -> raters.RaterFit:
    """The rater table's first stage (raters.rater_fit_from_pairs of the company's ratings),
    once: the effects part takes its effects, the rater table adds the other diagnostics."""
    return memo(
        d,
        "rater_fit",
        lambda: raters.rater_fit_from_pairs(
            d.company_ratings, _rating_pairs(d), d.company_table("company_kpi")
        ),
    )


def _done_with_fit(d: ScopeData, reader: str) -> None:
    """The rater model's stage let go once both its readers (``effects``, ``rater_table``)
    have what they need from it, so the scope does not hold its pairs and design while the
    rest of its parts are fitted. (Counted under the lock: the two readers may finish at the
    same time on two threads.)"""
    with _LOCKS_GUARD:
        done = d.__dict__.setdefault("_fit_readers", set())
        done.add(reader)
        if {"effects", "rater_table"} <= done:
            d.extras.pop("rater_fit", None)


def _rating_pairs(d: ScopeData) -> pl.DataFrame:
    """The company's rating rows aggregated once per (cycle, ratee, rater, role)
    (keys.rating_pairs): the rater table, adjusted scores, score changes, profile and source
    means start from it instead of each grouping the rows again."""
    return memo(
        d,
        "rating_pairs",
        lambda: rating_pairs(d.company_ratings, potential.proxy_dimensions(d.company_ratings)),
    )


#: the company parts that read the raters' weights in the person score (:func:`_rater_weights`)
_WEIGHT_READERS = ("scores", "adjusted", "changes")


def _rater_weights(d: ScopeData) -> person_score.RaterViews:
    """Each rater's weight in the company's person scores, grouped once to (cycle, person)
    (person_score.rater_views_from_pairs): the scores, the adjusted scores
    and the score changes read it. Why: each summed the same views per (cycle, person) with a
    group-by of its own on two text keys; one grouping, and each part's sums are bincounts."""
    return memo(
        d,
        "rater_weights",
        lambda: person_score.rater_views_from_pairs(
            d.company_ratings, _rating_pairs(d), role_weights_of(d)
        ),
    )


def _weighted_part(d: ScopeData, name: str, part: pl.DataFrame) -> pl.DataFrame:
    """``part`` (one of :data:`_WEIGHT_READERS`, just fitted); the shared weights are let go
    once the other readers are fitted too, so the scope does not hold them (a million pairs
    at 8M ratings) while the rest of its parts are fitted."""
    if all("co:" + other in d.extras for other in _WEIGHT_READERS if other != name):
        d.extras.pop("rater_weights", None)
    return part


def _co_rater_table(d: ScopeData) -> pl.DataFrame:
    table = raters.rater_table_of(_rater_fit(d))
    _done_with_fit(d, "rater_table")
    return table


def _co_rater_panel(d: ScopeData) -> pl.DataFrame:
    """Managers the rater model cannot estimate, against their ratees' peer panel
    (raters_panel.panel_leniency), on the model's materiality scale."""
    table = company_part(d, "rater_table")
    sd = table["sd_employee"].drop_nulls() if "sd_employee" in table.columns else None
    return raters_panel.panel_leniency(
        d.company_ratings,
        table,
        sd_employee=sd[0] if sd is not None and sd.len() else None,
        pairs=_rating_pairs(d),
    )


def _co_adjusted(d: ScopeData) -> pl.DataFrame:
    return _weighted_part(
        d,
        "adjusted",
        raters.adjusted_scores_from_pairs(
            d.company_ratings,
            company_part(d, "effects"),
            _rating_pairs(d),
            role_weights_of(d),
            _rater_weights(d),
        ),
    )


def _kpi_cells(d: ScopeData) -> attribution.KpiCells | None:
    """The company's KPI results as cells, built once: the score changes, the KPI drivers and
    the team shifts' drivers read them. None without KPI results."""
    kpi = d.company_table("company_kpi")
    return None if kpi is None else memo(d, "kpi_cells", lambda: attribution.KpiCells(kpi))


def kpi_cells_of(d: ScopeData, kpi_results: pl.DataFrame) -> pl.DataFrame | attribution.KpiCells:
    """What to pass for ``kpi_results`` where the KPI statistics take results or cells: the
    company's cells built once (:func:`_kpi_cells`) when ``kpi_results`` is the company's
    table itself (the company scope holds that one copy), the scope's own cells built once
    when it is the scope's ``kpi_results`` (the team shifts' drivers and the KPI drivers of a
    department both read them), else ``kpi_results`` as given. The company's table is compared
    only when the scope holds it: a lazily loaded team's scope would otherwise read every KPI
    result of the company to find that its own rows are not them (1.1 s of a sub-department's
    attribution page at 40M ratings)."""
    if d.holds_company_table("company_kpi") and kpi_results is d.company_table("company_kpi"):
        return _kpi_cells(d)
    if kpi_results is d.kpi_results:
        return memo(d, "kpi_cells_in_scope", lambda: attribution.KpiCells(kpi_results))
    return kpi_results


def _co_changes(d: ScopeData) -> pl.DataFrame:
    return _weighted_part(
        d,
        "changes",
        attribution.score_changes_from_pairs(
            d.company_ratings,
            _rating_pairs(d),
            company_part(d, "effects"),
            _kpi_cells(d),
            role_weights=role_weights_of(d),
            weighted=_rater_weights(d),
        ),
    )


def _co_shifts(d: ScopeData) -> pl.DataFrame:
    return attribution.department_shifts(
        company_part(d, "changes"), min_shift=SHIFT_FLOOR, sd_share=SHIFT_SD
    )


def _co_against(d: ScopeData) -> pl.DataFrame:
    return attribution.against_trend(company_part(d, "changes"), shifts=company_part(d, "shifts"))


def _co_profile(d: ScopeData) -> pl.DataFrame:
    return potential.performance_profile_from_pairs(
        company_part(d, "adjusted"),
        d.company_table("company_employees"),
        d.company_table("company_outcomes"),
        d.company_ratings,
        _rating_pairs(d),
        d.cycles,
        company_part(d, "effects"),
    )


def _co_profile_before(d: ScopeData) -> pl.DataFrame:
    """The profile on every cycle but the latest rated one: the high-potential list as the
    previous cycle would have ranked it (the backtest's input, analytics.stats.backtest). The
    potential proxy and the potential rating come from those cycles too (the proxy's rows join
    the earlier cycles' scores only). One cycle: no rows."""
    adjusted = company_part(d, "adjusted")
    if adjusted.select(pl.col("cycle_id").n_unique()).item() < 2:
        return company_part(d, "profile").clear()
    cycle = pl.col("cycle_id").cast(pl.String)
    latest = adjusted.sort("cycle_order").select(cycle.last()).item()
    outcomes = d.company_table("company_outcomes")
    return potential.performance_profile_from_pairs(
        adjusted.filter(cycle != latest),
        d.company_table("company_employees"),
        None if outcomes is None else outcomes.filter(cycle != latest),
        d.company_ratings,
        _rating_pairs(d),
        d.cycles,
        company_part(d, "effects"),
    )


def _co_recheck(d: ScopeData) -> pl.DataFrame:
    # the source means are a part of their own: average the ratings once, not twice
    return gaps.recheck_from_means(company_part(d, "sources"))


def _co_sources(d: ScopeData) -> pl.DataFrame:
    return gaps.source_means_from_pairs(d.company_ratings, _rating_pairs(d))


COMPANY_PARTS: dict[str, Callable[[ScopeData], pl.DataFrame]] = {
    "effects": _co_effects,
    "rater_table": _co_rater_table,
    "rater_panel": _co_rater_panel,
    "adjusted": _co_adjusted,
    "changes": _co_changes,
    "shifts": _co_shifts,
    "against": _co_against,
    "profile": _co_profile,
    "profile_before": _co_profile_before,
    "recheck": _co_recheck,
    "sources": _co_sources,
    "reliability": lambda d: reliability_from_pairs(company_pairs(d)),
    "agreement": lambda d: agreement.grade_agreement(d.company_ratings, min_n=MIN_N),
    "g_study": lambda d: g_study_of(company_pairs(d)),
    "reliability_units": lambda d: _co_reliability_units(d),
    "scores": lambda d: _co_scores(d),
    "kpi_drivers": lambda d: attribution.kpi_drivers_by_department(
        _kpi_cells(d),
        d.company_table("company_employees"),
        d.cycles,
    ),
}


def g_study_of(pairs: pl.DataFrame) -> pl.DataFrame:
    """The G study (person x rater x cycle variance components) of non-self pair means
    (cycle_id, employee_id, rater_id, score), with each component (``facet``) and its share of
    the total, the share's 95% percentile interval over the G study's person bootstrap
    (``share_ci95_low`` / ``_high``: each replicate's component over its total) and the
    replicates themselves (``boot``, for the decision study; not a column to show)."""
    g = agreement.g_study(pairs, "employee_id", "rater_id", "score", cycle="cycle_id")
    return agreement.component_shares(g).rename({"component": "facet"})


def _co_scores(d: ScopeData) -> pl.DataFrame:
    return _weighted_part(
        d,
        "scores",
        distributions.employee_scores_from_pairs(
            d.company_ratings,
            _rating_pairs(d),
            d.company_table("company_outcomes"),
            role_weights_of(d),
            _rater_weights(d),
        ),
    )


def company_pairs(d: ScopeData) -> pl.DataFrame:
    """The company's pair means, sorted, with the rater slots (see reliability_from_pairs):
    :func:`sorted_pairs` of :func:`company_pair_means`, the shared pass's non-self pairs sorted
    once (:func:`~analytics.stats.keys.sort_order`) and each pair's roles summed as a run of
    rows. Why: one sort of the pairs instead of a group-by on three text keys and then the
    sort (the same means: 3.6 CPU s at 40M), and the runs, means and slots read off the sorted
    keys in NumPy instead of gathering every column of the sorted rows first."""

    def build() -> pl.DataFrame:
        if not _pairs_are_shared(d):
            return sorted_pairs(company_pair_means(d))
        rows = _non_self_pairs(d).select(*_PAIR_MEAN_KEYS, "s", "n").collect()
        order = sort_order(rows, _PAIR_MEAN_KEYS) if rows.height else None
        if order is None:
            return sorted_pairs(company_pair_means(d))
        return _pairs_from_runs(rows, order)

    return memo(d, "pairs", build)


def _pairs_from_runs(rows: pl.DataFrame, order: SortOrder) -> pl.DataFrame:
    """:func:`company_pairs` from the non-self pair rows and their order by (cycle, ratee,
    rater): a run of equal keys is one rater's pair (their roles' sums added in row order,
    as a group-by would), a run of equal (cycle, ratee) one person's raters (``slot``, ``_m``)."""
    key = order.key
    starts = np.empty(key.size, dtype=bool)
    starts[0] = True
    np.not_equal(key[1:], key[:-1], out=starts[1:])
    first = np.flatnonzero(starts)
    s = np.add.reduceat(rows["s"].to_numpy()[order.rows], first)
    # the counts summed as float64 as they are read (exact): no float copy of every row first
    n = np.add.reduceat(rows["n"].to_numpy()[order.rows], first, dtype=np.float64)
    person = key[first] // order.steps[1]  # (cycle, ratee) of each pair
    new = np.empty(first.size, dtype=bool)
    new[0] = True
    np.not_equal(person[1:], person[:-1], out=new[1:])
    begin = np.flatnonzero(new)
    run = np.cumsum(new) - 1
    size = np.diff(np.append(begin, first.size))
    return rows.select(*_PAIR_MEAN_KEYS)[order.rows[first]].with_columns(
        score=pl.Series(s / n),
        slot=pl.Series(np.arange(first.size) - begin[run]),
        _m=pl.Series(size[run], dtype=pl.UInt32),
    )


#: the keys of the pair means (one rater's view of one person in one cycle)
_PAIR_MEAN_KEYS = ("cycle_id", "employee_id", "rater_id")


def _pairs_are_shared(d: ScopeData) -> bool:
    """Whether the pair means come from the shared pass: every score is a finite number."""
    score = pl.col("score")
    return not d.company_ratings.select((score.is_null() | ~score.is_finite()).any()).item()


def _non_self_pairs(d: ScopeData) -> pl.LazyFrame:
    """The shared pass's pairs (:func:`_rating_pairs`) of identified non-self raters, lazily:
    the caller's columns are the ones filtered (five of the pass's fourteen)."""
    keep = (pl.col("rater_role") != "self") & pl.col("rater_id").is_not_null()
    return _rating_pairs(d).lazy().filter(keep)


def company_pair_means(d: ScopeData) -> pl.DataFrame:
    """:func:`_pair_means` of the company's ratings, from the shared per-(cycle, ratee, rater,
    role) pass when every score is a finite number (its sums merged over the roles: the same
    means, one grouping of the rows fewer). The shared pass leaves out null, NaN and infinite
    scores, which the pair means keep (a pair of null scores still takes a rater slot), so
    ratings holding such scores are grouped again."""
    if not _pairs_are_shared(d):
        return pair_means(d.company_ratings)
    return (
        _non_self_pairs(d)
        .group_by(*_PAIR_MEAN_KEYS)
        .agg((pl.col("s").sum() / pl.col("n").sum()).alias("score"))
        .collect()
    )


def _co_reliability_units(d: ScopeData) -> pl.DataFrame:
    """:func:`reliability_units` of the company's pair means."""
    return reliability_units(company_pairs(d), d.company_table("company_employees"))


def reliability_units(pairs: pl.DataFrame, employees: pl.DataFrame) -> pl.DataFrame:
    """:func:`reliability_from_pairs` per department (column ``unit``: every department path at
    every depth, a unit holding its whole subtree), from sorted pair means (:func:`sorted_pairs`)
    and the roster: what a department's scope computes. Why every depth: a sub-department's
    pairs are too many to bootstrap at page time at enterprise scale (1.2 s at 31.8M ratings).
    Units in order, each unit's rows by cycle."""
    people = distributions.department_paths(employees.select("employee_id", "department")).drop(
        "department"
    )
    people = people.with_columns(pl.col("employee_id").cast(pairs.schema["employee_id"]))
    per = pairs.join(people, on="employee_id", how="inner", maintain_order="left")
    frames = [
        reliability_from_pairs(p.drop("unit")).select(pl.lit(u, pl.String).alias("unit"), pl.all())
        for (u,), p in sorted(per.partition_by("unit", as_dict=True, maintain_order=True).items())
    ]
    empty = reliability_from_pairs(per.clear().drop("unit"))
    return (
        pl.concat(frames)
        if frames
        else empty.select(pl.lit(None, pl.String).alias("unit"), pl.all())
    )


def pair_means(ratings: pl.DataFrame) -> pl.DataFrame:
    """Non-self ratings averaged over dimensions per (cycle_id, employee_id, rater_id)."""
    return (
        ratings.lazy()
        .filter((pl.col("rater_role") != "self") & pl.col("rater_id").is_not_null())
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg(pl.col("score").mean())
        .collect()
    )


def reliability_of(ratings: pl.DataFrame) -> pl.DataFrame:
    """Krippendorff's alpha (interval) over sparse rater panels and one-way ICC for raters nested
    in employees, per cycle, on non-self ratings averaged over dimensions."""
    return reliability_from_pairs(pair_means(ratings))


def sorted_pairs(per: pl.DataFrame) -> pl.DataFrame:
    """Pair means sorted by (cycle_id, employee_id, rater_id), with ``slot`` (the rater's rank
    within the employee and cycle, from 0) and ``_m`` (raters of the employee in the cycle)."""
    return _with_slots(sorted_by(per, list(_PAIR_MEAN_KEYS)))


def _runs(keys: Sequence[str], side: str) -> pl.Expr:
    """Whether each row of a frame sorted by ``keys`` starts (``side="starts"``) or ends
    (``"ends"``) a run of equal keys: compared on the keys' integer codes, no hashing."""
    step = 1 if side == "starts" else -1
    key = [pl.col(c).to_physical() for c in keys]  # (the integers of a Categorical, else as is)
    return pl.any_horizontal([k.ne_missing(k.shift(step)) for k in key]).fill_null(True)


def _with_slots(per: pl.DataFrame) -> pl.DataFrame:
    """Sorted pair means with ``slot`` and ``_m`` (see :func:`sorted_pairs`)."""
    # once sorted, each (cycle, employee) is a run of rows: its slots and size come from where
    # the runs start and end (linear scans, no hashing of the keys as a window over them did)
    idx = pl.int_range(pl.len(), dtype=pl.Int64)
    person = ("cycle_id", "employee_id")
    first = pl.when(_runs(person, "starts")).then(idx).forward_fill()
    last = pl.when(_runs(person, "ends")).then(idx).backward_fill()
    return (
        per.lazy()
        .with_columns((idx - first).alias("slot"), (last - first + 1).cast(pl.UInt32).alias("_m"))
        .collect()
    )


#: why a value of the reliability table is blank (its ``reason``, catalogue family ``reason``)
RELIABILITY_REASONS: tuple[str, ...] = (
    "one_identified_rater",  # no one with two identified raters
    "too_few_ratees",  # alpha: fewer than reliability.MIN_RATEES such people (n, min)
    "too_few_nested",  # the ICC: fewer than MIN_RATEES people with k raters (n, min, k)
    "no_variation",  # no disagreement to expect
)


def _blank(code: str, **params: object) -> dict[str, object]:
    """A ``reason`` of the reliability table (:data:`RELIABILITY_REASONS`) as a phrase value."""
    if code not in RELIABILITY_REASONS:
        raise ValueError(f"not a reliability reason: {code}")
    return text.phrase_value(code, **params)


def _by_cycle(per: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """The rows of each cycle of the sorted pairs, in cycle order: slices of the frame where
    each cycle is one run of rows (sorted pairs are), else ``partition_by``'s copies. Why:
    the copies of every column cost 0.2 CPU s at 40M ratings; the slices none."""
    cycle = per["cycle_id"]
    if per.height and not cycle.has_nulls() and isinstance(cycle.dtype, pl.Categorical):
        code = cycle.to_physical().to_numpy()
        start = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
        if np.unique(code[start]).size == start.size:  # one run a cycle
            end = np.r_[start[1:], per.height]
            runs = [(cycle[int(a)], per.slice(int(a), int(b - a))) for a, b in zip(start, end)]
            return sorted(runs, key=lambda run: run[0])
    parts = per.partition_by("cycle_id", as_dict=True, include_key=True, maintain_order=True)
    return [(key, c) for (key,), c in sorted(parts.items(), key=lambda kv: kv[0])]


def reliability_from_pairs(per: pl.DataFrame) -> pl.DataFrame:
    """:func:`reliability_of` from the pair means (cycle_id, employee_id, rater_id, score):
    cycle_id, measure, value, ci95_low, ci95_high, n_targets (people), n_raters (the distinct
    raters the measure counts, in every row), raters_per_person (the k raters of each person
    in the nested design of the ICC rows; null for alpha's sparse panels), design, reason (a
    phrase: why the value is blank, null where it is not). A measure on fewer than
    ``reliability.MIN_RATEES`` people has no value, and ``too_few_ratees`` with their n."""
    k = reliability.NESTED_K  # nested design: k rater slots per employee (those with k or more)
    least = reliability.MIN_RATEES
    # one sort and one pass for every cycle: a fixed row order (the bootstrap draws units in
    # order of appearance, and group_by's order varies from run to run) and the rater slots;
    # a cycle of one or two ratees has its row too, saying so (it was left out below 3 people)
    if "slot" not in per.columns:  # (a lazily loaded scope's pair_means come sorted, with both)
        per = sorted_pairs(per)
    rows = []
    for cycle, c in _by_cycle(per):  # a handful of cycles
        a = reliability.krippendorff_alpha(
            c.select("employee_id", "rater_id", "score"),
            "employee_id",
            "rater_id",
            "score",
            level="interval",
            n_boot=200,
            seed=1,
        ).row(0, named=True)
        units = a["n_units"] or 0
        shown = units >= least  # one ratee: alpha is 0 by construction (rev23a item 14)
        rows.append(
            {
                "cycle_id": cycle,
                "measure": "krippendorff_alpha_interval",
                "value": a["alpha"] if shown else None,
                "ci95_low": a["ci95_low"] if shown else None,
                "ci95_high": a["ci95_high"] if shown else None,
                "n_targets": units,
                "n_raters": a["n_raters"],
                "raters_per_person": None,  # sparse panels: as many as each person has
                "design": text.phrase_value("sparse_panels"),
                # why alpha is blank: no one with two identified raters (a wide export's peer
                # ratings carry no rater id), too few who have, or no disagreement to expect
                # (rev23b item 5)
                "reason": _blank("one_identified_rater")
                if not units
                else _blank("too_few_ratees", n=units, min=least)
                if not shown
                else None
                if a["alpha"] is not None
                else _blank("no_variation"),
            }
        )
        full = c.filter((pl.col("slot") < k) & (pl.col("_m") >= k)).select(
            "employee_id", "slot", "score", "rater_id"
        )
        n_full = full.height // k
        if not n_full:  # no one with k raters: the nested design does not apply
            continue
        icc = reliability.icc_of_slots(full.drop("rater_id"), k) if n_full >= least else None
        distinct = full["rater_id"].n_unique()
        for form in ("ICC1", "ICC1k"):
            f = (
                icc.filter(pl.col("type") == form).row(0, named=True)
                if icc is not None
                else {"icc": None, "ci95_low": None, "ci95_high": None}
            )
            rows.append(
                {
                    "cycle_id": cycle,
                    "measure": form,
                    "value": f["icc"],
                    "ci95_low": f["ci95_low"],
                    "ci95_high": f["ci95_high"],
                    "n_targets": n_full,
                    # the raters counted as in the alpha row (distinct people); the k of
                    # the nested design has its own column (one "raters" column read 3 in
                    # these rows and 1,913 in the alpha row: rev19c)
                    "n_raters": distinct,
                    "raters_per_person": k,
                    "design": text.phrase_value("raters_nested", k=k),
                    "reason": _blank("too_few_nested", n=n_full, min=least, k=k)
                    if icc is None
                    else None
                    if f["icc"] is not None
                    else _blank("no_variation"),
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
        "raters_per_person": pl.Int64,
        "design": text.phrase_dtype(k=pl.Int64),  # the design the measure fits (analytics.text)
        # why the value is blank (reason.*), null where it is not
        "reason": text.phrase_dtype(n=pl.Int64, min=pl.Int64, k=pl.Int64),
    }
    return pl.DataFrame(rows, schema=schema)
