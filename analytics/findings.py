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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import polars as pl

from analytics import attribution, distributions, gaps, potential, raters, reliability
from analytics.scope import Scope, ScopeData, load_scope

__all__ = ["SECTIONS", "REPORT_SECTIONS", "Findings", "compute_section", "build_findings",
           "unit_column", "DEFAULT_GUIDELINE"]

DEFAULT_GUIDELINE = {"S": 0.10, "A": 0.20, "B": 0.50, "C": 0.15, "D": 0.05}
MIN_N = 5


def _memo(data: ScopeData, key: str, fn: Callable[[], object]):
    """Intermediate results shared by sections of one scope."""
    if key not in data.extras:
        data.extras[key] = fn()
    return data.extras[key]


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


def _in_scope(data: ScopeData, frame: pl.DataFrame, col: str = "employee_id") -> pl.DataFrame:
    ids = data.employees.select(pl.col("employee_id").alias(col))
    return frame.join(ids, on=col, how="semi")


# --- shared intermediates ---------------------------------------------------------------------
def _scores(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        scores = distributions.employee_scores(data.ratings, data.outcomes)
        depth, col = unit_column(data)
        if depth is not None:
            scores = distributions.department_level(scores, depth, column="department", alias="unit")
        else:
            scores = scores.with_columns(pl.col(col).alias("unit"))
        return scores.with_columns(pl.col("unit").fill_null("?"))
    return _memo(data, "scores", build)


def _effects(data: ScopeData) -> pl.DataFrame:
    return _memo(data, "effects", lambda: raters.rater_effects(data.company_ratings))


def _rater_table(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        table = raters.rater_table(data.company_ratings, data.kpi_results)
        in_scope = data.ratings.select("rater_id").drop_nulls().unique()
        return table.join(in_scope, on="rater_id", how="semi").sort("effect", descending=True)
    return _memo(data, "rater_table", build)


def _adjusted(data: ScopeData) -> pl.DataFrame:
    return _memo(data, "adjusted", lambda: raters.adjusted_scores(data.company_ratings, _effects(data)))


def _changes_company(data: ScopeData) -> pl.DataFrame:
    return _memo(data, "changes", lambda: attribution.score_changes(
        data.company_ratings, _effects(data), data.kpi_results))


def _profile(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        prof = potential.performance_profile(
            _adjusted(data), data.extras.get("company_employees", data.employees), data.outcomes,
            data.company_ratings, data.cycles, _effects(data))
        return _in_scope(data, prof)
    return _memo(data, "profile", build)


# --- sections -----------------------------------------------------------------------------------
def _summary(data: ScopeData) -> pl.DataFrame:
    r = data.ratings
    return pl.DataFrame({
        "scope": [data.scope.label()],
        "cycles": [", ".join(data.scope.cycles) or ", ".join(r["cycle_id"].unique().sort().to_list())],
        "department": [data.scope.department or ""],
        "employees": [r["employee_id"].n_unique()],
        "raters": [r["rater_id"].drop_nulls().n_unique()],
        "ratings": [r.height],
        "generated_at": [datetime.now().isoformat(timespec="seconds")],
    })


def _distribution(data: ScopeData) -> pl.DataFrame:
    return distributions.summary(_scores(data), ["unit", "cycle_id"], min_n=MIN_N).sort("unit", "cycle_id")


def _distribution_company(data: ScopeData) -> pl.DataFrame:
    return distributions.summary(_scores(data), ["cycle_id"], min_n=MIN_N).sort("cycle_id")


def _grade_shares(data: ScopeData) -> pl.DataFrame:
    return distributions.grade_shares(_scores(data), ["unit"])


def _guideline_grades(data: ScopeData) -> pl.DataFrame:
    return distributions.guideline_fit(_scores(data), "unit", DEFAULT_GUIDELINE, per="grade", min_n=MIN_N)


def _guideline_units(data: ScopeData) -> pl.DataFrame:
    fit = distributions.guideline_fit(_scores(data), "unit", DEFAULT_GUIDELINE, per="unit", min_n=MIN_N)
    p = pl.when(pl.col("low_expected")).then(pl.col("pval_mc")).otherwise(pl.col("pval"))
    return fit.with_columns(
        p.alias("p_used"),
        ((p < 0.05) & ~pl.col("small_n")).fill_null(False).alias("significant"),
    ).sort("people_to_move", descending=True)


def _compare(data: ScopeData, part: str) -> pl.DataFrame:
    res = _memo(data, "compare", lambda: distributions.compare_units(_scores(data), "unit", min_n=MIN_N,
                                                                    n_boot=200))
    return res[part]


def _inflation(data: ScopeData) -> pl.DataFrame:
    return distributions.inflation_trend(_scores(data))


def _heatmap(data: ScopeData) -> pl.DataFrame:
    return distributions.summary(_scores(data), ["unit", "cycle_id"], min_n=MIN_N).select(
        "unit", "cycle_id", "n", "mean", "mean_lo", "mean_hi", "small_n")


def _reliability(data: ScopeData) -> pl.DataFrame:
    """Krippendorff's alpha (interval) over sparse rater panels and one-way ICC for raters nested
    in employees, per cycle, on non-self ratings averaged over dimensions."""
    r = data.ratings.filter((pl.col("rater_role") != "self") & pl.col("rater_id").is_not_null())
    per = r.group_by("cycle_id", "employee_id", "rater_id").agg(pl.col("score").mean())
    rows = []
    for cycle in per["cycle_id"].unique().sort().to_list():  # a handful of cycles
        c = per.filter(pl.col("cycle_id") == cycle)
        if c["employee_id"].n_unique() < 3:
            continue
        a = reliability.krippendorff_alpha(c, "employee_id", "rater_id", "score", level="interval",
                                           n_boot=200, seed=1).row(0, named=True)
        rows.append({"cycle_id": cycle, "measure": "krippendorff_alpha_interval", "value": a["alpha"],
                     "ci95_low": a["ci95_low"], "ci95_high": a["ci95_high"], "n_targets": a["n_units"],
                     "n_raters": a["n_raters"], "design": "sparse panels (any raters per employee)"})
        # nested design: k rater slots per employee (employees with at least k raters)
        k = 3
        slots = (c.sort("employee_id", "rater_id")
                 .with_columns(pl.int_range(pl.len()).over("employee_id").alias("slot"))
                 .filter(pl.col("slot") < k))
        full = slots.filter(pl.len().over("employee_id") == k)
        if full["employee_id"].n_unique() >= 3:
            icc = reliability.icc(full, "employee_id", "slot", "score")
            for form in ("ICC1", "ICC1k"):
                f = icc.filter(pl.col("type") == form).row(0, named=True)
                rows.append({"cycle_id": cycle, "measure": form, "value": f["icc"],
                             "ci95_low": f["ci95_low"], "ci95_high": f["ci95_high"],
                             "n_targets": full["employee_id"].n_unique(), "n_raters": k,
                             "design": f"raters nested in employees (k={k} per employee)"})
    schema = {"cycle_id": pl.String, "measure": pl.String, "value": pl.Float64, "ci95_low": pl.Float64,
              "ci95_high": pl.Float64, "n_targets": pl.Int64, "n_raters": pl.Int64, "design": pl.String}
    return pl.DataFrame(rows, schema=schema)


def _raters(data: ScopeData) -> pl.DataFrame:
    return _rater_table(data)


def _recheck(data: ScopeData) -> pl.DataFrame:
    return gaps.recheck_list(data.ratings)


def _sources(data: ScopeData) -> pl.DataFrame:
    return gaps.source_means(data.ratings)


def _adjusted_section(data: ScopeData) -> pl.DataFrame:
    return _in_scope(data, _adjusted(data))


def _attribution(data: ScopeData) -> pl.DataFrame:
    return _in_scope(data, _changes_company(data))


def _variance(data: ScopeData) -> pl.DataFrame:
    return attribution.variance_decomposition(_attribution(data))


def _department_shifts(data: ScopeData) -> pl.DataFrame:
    shifts = _memo(data, "shifts", lambda: attribution.department_shifts(_changes_company(data)))
    return shifts.with_columns(pl.col("flag").is_not_null().alias("significant"))


def _against_trend(data: ScopeData) -> pl.DataFrame:
    return _in_scope(data, attribution.against_trend(_changes_company(data)))


def _kpi_drivers(data: ScopeData) -> pl.DataFrame:
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
REPORT_SECTIONS = ("summary", "distribution", "guideline_units", "guideline_grades", "unit_tests",
                   "unit_pairs", "inflation", "reliability", "raters", "recheck", "adjusted",
                   "attribution", "variance", "department_shifts", "against_trend", "kpi_drivers",
                   "nine_box_counts", "high_potential", "hidden_strengths", "decliners")


def compute_section(name: str, data: ScopeData) -> pl.DataFrame | None:
    """One section; None when the scope has no ratings."""
    if data.ratings.height == 0:
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
        data = load_scope(con, Scope(cycles=tuple(cycles or ()), department=department))
    out = Findings(data.scope)
    for name in sections:
        frame = compute_section(name, data)
        out.sections[name] = frame if frame is not None else pl.DataFrame()
    return out
