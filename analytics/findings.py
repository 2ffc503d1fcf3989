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
MIN_SHIFT = 0.05  # a material department shift: 0.2 points on a 5-point scale (as against_trend)


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
# Company-level parts are fitted on every rating of the scope's cycles; for the all-cycles scope
# they are materialised at import time (analytics.materialise) and arrive pre-filled in extras.
def _co(data: ScopeData, name: str) -> pl.DataFrame:
    return _memo(data, "co:" + name, lambda: COMPANY_PARTS[name](data))


def _co_effects(d: ScopeData) -> pl.DataFrame:
    return raters.rater_effects(d.company_ratings)


def _co_rater_table(d: ScopeData) -> pl.DataFrame:
    return raters.rater_table(d.company_ratings, d.extras.get("company_kpi"))


def _co_adjusted(d: ScopeData) -> pl.DataFrame:
    return raters.adjusted_scores(d.company_ratings, _co(d, "effects"))


def _co_changes(d: ScopeData) -> pl.DataFrame:
    return attribution.score_changes(d.company_ratings, _co(d, "effects"), d.extras.get("company_kpi"))


def _co_shifts(d: ScopeData) -> pl.DataFrame:
    return attribution.department_shifts(_co(d, "changes"))


def _co_against(d: ScopeData) -> pl.DataFrame:
    return attribution.against_trend(_co(d, "changes"), shifts=_co(d, "shifts"))


def _co_profile(d: ScopeData) -> pl.DataFrame:
    return potential.performance_profile(
        _co(d, "adjusted"), d.extras["company_employees"], d.extras.get("company_outcomes"),
        d.company_ratings, d.cycles, _co(d, "effects"))


def _co_recheck(d: ScopeData) -> pl.DataFrame:
    return gaps.recheck_list(d.company_ratings)


def _co_sources(d: ScopeData) -> pl.DataFrame:
    return gaps.source_means(d.company_ratings)


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
    "reliability": lambda d: _reliability_of(d.company_ratings),
    "scores": lambda d: _co_scores(d),
    "kpi_drivers": lambda d: attribution.kpi_drivers(
        d.extras["company_kpi"], "department", d.extras["company_employees"], d.cycles),
}


def _co_scores(d: ScopeData) -> pl.DataFrame:
    return distributions.employee_scores(d.company_ratings, d.extras.get("company_outcomes"))


def _scores(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        if data.scope.rater_role:  # the role filter changes which ratings make the score
            scores = distributions.employee_scores(data.ratings, data.outcomes)
        else:  # one score per person and cycle, company-wide (materialised), narrowed to scope
            scores = _in_scope(data, _co(data, "scores"))
        depth, col = unit_column(data)
        if depth is not None:
            scores = distributions.department_level(scores, depth, column="department", alias="unit")
        else:
            scores = scores.with_columns(pl.col(col).alias("unit"))
        return scores.with_columns(pl.col("unit").fill_null("?"))
    return _memo(data, "scores", build)


def _rater_table(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        in_scope = data.ratings.select("rater_id").drop_nulls().unique()
        table = _co(data, "rater_table").join(in_scope, on="rater_id", how="semi")
        return table.sort("effect", descending=True)
    return _memo(data, "rater_table", build)


def _profile(data: ScopeData) -> pl.DataFrame:
    return _memo(data, "profile", lambda: _in_scope(data, _co(data, "profile")))


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
    res = _memo(data, "compare", lambda: distributions.compare_units(_scores(data), "unit", min_n=MIN_N))
    return res[part]


def _inflation(data: ScopeData) -> pl.DataFrame:
    return distributions.inflation_trend(_scores(data))


def _heatmap(data: ScopeData) -> pl.DataFrame:
    return distributions.summary(_scores(data), ["unit", "cycle_id"], min_n=MIN_N).select(
        "unit", "cycle_id", "n", "mean", "mean_lo", "mean_hi", "small_n")


def _narrowed(data: ScopeData) -> bool:
    s = data.scope
    return any((s.department, s.team, s.level, s.job_family, s.rater_role))


def _reliability(data: ScopeData) -> pl.DataFrame:
    """Company scope: the part materialised at import; a narrowed scope: computed on it."""
    return _reliability_of(data.ratings) if _narrowed(data) else _co(data, "reliability")


def _reliability_of(ratings: pl.DataFrame) -> pl.DataFrame:
    """Krippendorff's alpha (interval) over sparse rater panels and one-way ICC for raters nested
    in employees, per cycle, on non-self ratings averaged over dimensions."""
    r = ratings.filter((pl.col("rater_role") != "self") & pl.col("rater_id").is_not_null())
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
                     "n_raters": a["n_raters"], "design": "sparse panels (any raters per employee)",
                     "design_zh": "稀疏评价小组（每人评价人不同）"})
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
                             "design": f"raters nested in employees (k={k} per employee)",
                             "design_zh": f"评价人嵌套于员工（每人 k={k} 位）"})
    schema = {"cycle_id": pl.String, "measure": pl.String, "value": pl.Float64, "ci95_low": pl.Float64,
              "ci95_high": pl.Float64, "n_targets": pl.Int64, "n_raters": pl.Int64, "design": pl.String,
              "design_zh": pl.String}
    return pl.DataFrame(rows, schema=schema)


def _raters(data: ScopeData) -> pl.DataFrame:
    return _rater_table(data)


def _recheck(data: ScopeData) -> pl.DataFrame:
    if data.scope.rater_role:  # the role filter changes which sources exist: recompute
        return gaps.recheck_list(data.ratings)
    return _in_scope(data, _co(data, "recheck"))


def _sources(data: ScopeData) -> pl.DataFrame:
    if data.scope.rater_role:
        return gaps.source_means(data.ratings)
    return _in_scope(data, _co(data, "sources"))


def _adjusted_section(data: ScopeData) -> pl.DataFrame:
    return _in_scope(data, _co(data, "adjusted"))


def _attribution(data: ScopeData) -> pl.DataFrame:
    return _in_scope(data, _co(data, "changes"))


def _variance(data: ScopeData) -> pl.DataFrame:
    return attribution.variance_decomposition(_attribution(data))


def _department_shifts(data: ScopeData) -> pl.DataFrame:
    shifts = _co(data, "shifts")
    depts = _attribution(data)["dept"].unique()
    # significant after Holm AND material: with a handful of departments every other unit
    # moves a little against one shocked department, and with hundreds of people per unit
    # that counter-move is "significant" without being worth a calibration discussion
    return shifts.filter(pl.col("dept").is_in(depts.implode())).with_columns(
        (pl.col("flag").fill_null(False) & (pl.col("department").abs() >= MIN_SHIFT))
        .alias("significant"))


def _against_trend(data: ScopeData) -> pl.DataFrame:
    return _in_scope(data, _co(data, "against"))


def _kpi_drivers(data: ScopeData) -> pl.DataFrame:
    if _narrowed(data):
        return attribution.kpi_drivers(data.kpi_results, "department", data.employees, data.cycles)
    return _co(data, "kpi_drivers")


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
