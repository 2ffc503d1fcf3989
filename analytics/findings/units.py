"""Scores shown on the company's own scale: the one helper every page, table and export uses
to turn the internal 0-1 scores into points.

The analyses run on 0-1 (``reviews.score``: each (cycle, dimension) normalised from the scale it
was imported on, :mod:`analytics.ingest.scales`). People read points: a scope whose ratings were
all imported on one scale is shown on it:

- a numeric scale ``lo-hi`` (1-5, 1-10, 0-100): a *level* (a mean, a raw or adjusted score, a
  quartile, an interval around a level) is ``lo + x * (hi - lo)``; a *difference* (an effect, an
  adjustment, a change or its parts, a gap, an SD, an interval around a difference) is
  ``x * (hi - lo)``, so that raw + adjustment = adjusted holds in points as in 0-1;
- a grade scale of k grades (S/A/B/C/D): steps of one grade, the lowest grade 0 and the best
  k - 1 (a difference of 1.0 is one grade);
- a scope whose ratings come from several scales (the demo's last cycle moved from 1-5 to
  0-100) keeps 0-1, and the header says so (``unit.mixed``).

Which columns are levels and which differences is listed here (:data:`LEVELS`,
:data:`DIFFERENCES`); an interval's ends (``ci95_low``/``ci95_high``) follow the column they
bound (:data:`_INTERVALS`). Percentiles, shares, p values, counts, correlations and ratios are
not scores and are never converted; neither is a KPI's ``contribution`` to the change of
weighted attainment (attainment, not a rating).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl

from analytics import schema as S
from analytics.stats.apportion import rounded_parts
from analytics.store import db
from analytics.text.render import CODED_COLUMNS, SCORE_SCALE, is_phrase, render, scale_digits

__all__ = [
    "DIFFERENCES",
    "LEVELS",
    "MIXED",
    "NO_SCALE",
    "PHRASE_SCORES",
    "SQUARES",
    "Unit",
    "convert",
    "cycle_scales_frame",
    "cycle_units",
    "pair_points",
    "pair_unit",
    "scale_break_words",
    "shown_parts",
    "unit_of",
    "unit_of_scales",
]

#: columns holding a score level (0-1 inside)
LEVELS = frozenset(
    {
        "mean",
        "company_mean",  # the company's mean of a cycle beside a unit's (the packet's heat map)
        "median",
        "q1",
        "q3",
        "mean_lo",
        "mean_hi",
        "self",
        "manager",
        "peer",
        "skip_level",
        "subordinate",
        "raw",
        "adjusted",
        "first_adjusted",
        "adjusted_from",
        "adjusted_to",
        "latest_raw",
        "latest_adjusted",
        "score",
        "score_from",
        "score_to",
        "mean_score",
        "others_mean",
        "mean_given",
        "lowerfence",
        "upperfence",
        "boundary_score",  # the calibration what-if's nearest grade boundary
    }
)
#: columns holding a difference of scores (an effect, a change and its parts, a gap, a spread)
DIFFERENCES = frozenset(
    {
        "effect",
        "effect_fixed",
        "effect_shrunk",
        "effect_centre",
        "effect_centre_low",
        "effect_centre_high",
        "effect_kpi",
        "rater_effect",
        "rater_effect_from",
        "rater_effect_to",
        "adjustment",
        "dept_net",  # the department shift taken out of a trend (analytics.stats.cautions)
        "net_change",  # a trend list's change with that shift taken out
        "boundary_distance",  # the what-if's adjusted score less the boundary
        "change",
        "change_ci95_low",
        "change_ci95_high",
        "change_se",
        "company",
        "company_ci95_low",
        "company_ci95_high",
        "company_se",
        "department_se",
        "department_ci95_low",
        "department_ci95_high",
        "rater_se",
        "rater_ci95_low",
        "rater_ci95_high",
        "new_manager_se",
        "new_manager_ci95_low",
        "new_manager_ci95_high",
        "individual_se",
        "individual_ci95_low",
        "individual_ci95_high",
        "individual_new_manager_se",
        "individual_new_manager_ci95_low",
        "individual_new_manager_ci95_high",
        "department",
        "rater",
        "sources",  # the part of the rater change from the sources that rated (rev23b)
        "individual",
        "new_manager",
        "individual_new_manager",
        "mean_change",
        "mean_adjusted_change",
        "adjusted_change",
        "stable_change",
        "diff_vs_stable",
        "diff_vs_others",
        "diff_vs_rest",
        "diff_vs_rest_ci95_low",  # its Welch interval (department_shifts, fixattr30)
        "diff_vs_rest_ci95_high",
        "rest_change",  # the other departments' own change and interval (fixattr31)
        "rest_ci95_low",
        "rest_ci95_high",
        "team_diff",  # a manager's team against the rest of its department (mgr24)
        "team_ci95_low",
        "team_ci95_high",
        "gap_manager_peer",
        "gap_centre",  # the company's mean manager - peer gap (stats.raters_panel)
        "gap_self_manager",
        "mp_ci95_low",
        "mp_ci95_high",
        "mp_se",
        "max_gap",
        "min_gap",
        "sd",
        "iqr",
        "sd_employee",
        "sd_individual",
        "sd_rater",
        "peer_sd",
        "resid_sd",
        "mde80",
        "broad_shift",
        "shift",  # a sub-department's shift against the company (stories.team_shift_table)
        "broad_ci95_low",
        "broad_ci95_high",
        "rater_change_shift",
        "slope",
        "slope_ci95_low",
        "slope_ci95_high",
        "slope_lo",
        "slope_hi",
        "slope_se",
        "slope_se_pooled",
        "slope_robust",
        "slope_shrunk",
        # the sustained lists' materiality, a rise per cycle like the slope (rev24a item 5)
        "min_rise",
        "min_decline",
        # the department shifts' materiality (0.2 SD of the pair's person scores, rev28a 1)
        "min_shift",
        "sd_scores",
    }
)
#: columns holding a squared score (a sum of squares, a variance component, an error
#: variance): on 0-100 a 0.0442 read as a score beside a "0-100 points" column (rev19c M4);
#: shown in the unit's points squared (x * span^2), their headers saying so
SQUARES = frozenset(
    {
        "ss_total",
        "ss_environment",
        "ss_rater",
        "ss_individual",
        "ss_cross",
        "variance",
        "variance_ci95_low",
        "variance_ci95_high",
        "rel_error_var",
        "abs_error_var",
        "universe_var",
    }
)
#: thresholds on a score difference (the rater table's materiality, the source gaps'): in
#: points like the effects they bound. Not in a table of ratios (central tendency, halo),
#: whose ``threshold`` is a ratio
_SCORE_THRESHOLDS = frozenset({"threshold", "self_threshold"})
#: interval ends (and a standard error) named for no column: they bound the first of these
#: columns the frame has; a standard error is a spread, so a difference even of a level
_BOUNDED = ("adjusted", "effect", "diff_vs_stable", "change", "department", "mean")
_INTERVALS = {"ci95_low": _BOUNDED, "ci95_high": _BOUNDED, "se": _BOUNDED}
#: rows whose ``mean`` is a gap between two sources, not a level (``gaps.source_summary``)
_GAP_MEASURES = ("gap_self_manager", "gap_manager_peer")
#: the scale name of a scope whose ratings come from several scales
MIXED = "mixed"
#: the scale name of a scope with no score at all (no rating, no final score: a file of grades
#: only): nothing is converted, as with :data:`MIXED`, but no header calls the scales mixed
#: (session 45 G item 1: a grades-only dataset was said to mix 1-5 and 0-100)
NO_SCALE = "none"

_D, _L = "diff", "level"
#: the sentences (phrase codes of the reasons, flags and statuses) whose parameters are scores:
#: ``{code: {param: "level" | "diff"}}``. :func:`convert` puts them on the unit's points and
#: adds the scale (``score_scale``) the sentence names them in (``{score_scale:unit}``); the
#: other parameters (percentiles, ratios, counts) stay.
PHRASE_SCORES: dict[str, dict[str, str]] = {
    "rising": {"slope": _D, "hw": _D},
    "falling": {"slope": _D, "hw": _D},
    "sources_agree": {"gap": _D, "tol": _D},
    "severe_raters": {"effect": _D},
    "declined": {"first": _L, "latest": _L},
    "rose": {"first": _L, "latest": _L},
    "declined_company_pct": {"first": _L, "latest": _L},
    "rose_company_pct": {"first": _L, "latest": _L},
    "caution_linked_rater": {"effect": _D},
    "caution_linked_pair": {"effect": _D},
    "trend_new_manager_linked": {"to_effect": _D, "from_effect": _D, "gap": _D},
    "adjusted_linked_rater": {"effect": _D},
    "adjusted_linked_pair": {"effect": _D},
    "caution_flat_team": {"gap": _D, "lo": _D, "hi": _D},
    "caution_team_gap": {"gap": _D, "lo": _D, "hi": _D},
    "caution_small_team": {"gap": _D, "lo": _D, "hi": _D},
    "trend_net_department": {"shift": _D},
    "department_shift_significant": {"shift": _D, "lo": _D, "hi": _D},
    "department_shift_not_significant": {"shift": _D, "lo": _D, "hi": _D},
    "department_shift_rater_change_estimated": {"shift": _D, "broad": _D},
    "department_shift_rater_change_not_separable": {"shift": _D, "broad": _D},
    "manager_change_estimated": {"rater": _D, "diff": _D, "lo": _D, "hi": _D},
    "manager_change_not_separable": {"diff": _D, "lo": _D, "hi": _D},
    "manager_change_linked": {
        "diff": _D,
        "lo": _D,
        "hi": _D,
        "to_effect": _D,
        "from_effect": _D,
    },
    "against_department_trend": {"shift": _D, "individual": _D},
    # fixattr30 (rev30a item 8): these had kept 0-1 numbers in sentences naming 0-100 points
    "against_company_trend": {"company": _D, "individual": _D},
    "against_joint_trend": {"company": _D, "individual": _D},
    **{
        code: {"mean": _D, "rest_mean": _D, "diff": _D, "diff_lo": _D, "diff_hi": _D}
        for code in ("department_shift_joint", "department_shift_joint_few")
    },
    **{
        code: {
            "mean": _D,
            "rest_mean": _D,
            "rest_lo": _D,
            "rest_hi": _D,
            "diff": _D,
            "diff_lo": _D,
            "diff_hi": _D,
        }
        for code in ("department_shift_joint_own", "department_shift_joint_company")
    },
    **{
        code: {"mean": _D, "lo": _D, "hi": _D}
        for code in (
            "department_shift_joint_other",
            "department_shift_joint_other_moved",
            # each line as its pair's answer says (left32 item 4)
            *(f"department_shift_joint_other_{w}" for w in ("own", "company", "none")),
            *(f"department_shift_joint_other_moved_{w}" for w in ("own", "company", "none")),
        )
    },
    "department_shift_joint_none": {
        "mean": _D,
        "lo": _D,
        "hi": _D,
        "rest_mean": _D,
        "rest_lo": _D,
        "rest_hi": _D,
        "thr": _D,
    },
    "flag_strict": {"thr": _D},
    "flag_likely": {"thr": _D},
    "clear_power": {"mde": _D, "thr": _D},
    "clear_low_power": {"mde": _D},
    "scale_use_kpi": {"kpi": _D, "effect": _D},
    "scale_use_slope": {"centre": _D, "centre_lo": _D, "centre_hi": _D},
    "scale_use_not_checked": {"effect": _D},
    # managers against the anonymous peer panel (analytics.stats.raters_panel)
    **{
        code: {"effect": _D, "lo": _D, "hi": _D, "thr": _D}
        for code in ("panel_flagged", "panel_clear")
    },
    "own_ratees_peer_panel": {"effect": _D, "lo": _D, "hi": _D},  # its verdict words the rule
    "panel_flagged_likely": {"effect": _D, "lo": _D, "hi": _D, "thr": _D},
    # the links across cycles (fixrev31b, rev31b item 4: "the effect 0.0 points on 0-100 is half
    # their difference" beside an effect of +2.2: these kept the 0-1 numbers)
    "link_flag_strict": {"thr": _D},
    "link_flag_likely": {"thr": _D},
    "link_clear": {"thr": _D},
    "link_pair": {"effect": _D},
    # a manager change where an earlier manager still rates the team, or one stopped
    **{
        f"manager_change_estimated{end}": {"rater": _D, "diff": _D, "lo": _D, "hi": _D}
        for end in ("_kept", "_dropped")
    },
    **{  # no rater part: the new manager's standard cannot be estimated
        f"manager_change_not_separable{end}": {"diff": _D, "lo": _D, "hi": _D}
        for end in ("_kept", "_dropped")
    },
}
_PHRASE_PARAMS = frozenset(p for m in PHRASE_SCORES.values() for p in m)


@dataclass(frozen=True)
class Unit:
    """How a scope's scores are shown: ``scale`` as imported (``1-5``, ``0-100``,
    ``grade:SABCD``) or :data:`MIXED`; ``lo``/``hi`` the points of 0 and 1."""

    scale: str
    lo: float = 0.0
    hi: float = 1.0

    @property
    def mixed(self) -> bool:
        """0-1, nothing converted: the scales differ, or there is no score (:data:`NO_SCALE`)."""
        return self.scale in (MIXED, NO_SCALE)

    @property
    def scoreless(self) -> bool:
        """No score on any scale in the scope (grades only): no scale to name at all."""
        return self.scale == NO_SCALE

    @property
    def span(self) -> float:
        return self.hi - self.lo

    @property
    def digits(self) -> int:
        """Decimals a score or a change is shown with: 3 on the 0-1 score (mixed scales), 1 on a
        0-100 scale, 2 on 1-5 and grade steps (tables, CSV and sentences alike: the renderer's
        ``pt`` spec follows the same rule, :func:`~analytics.text.render.scale_digits`)."""
        return scale_digits(self.scale)

    def level(self, x: float | None) -> float | None:
        return None if x is None else self.lo + x * self.span

    def diff(self, x: float | None) -> float | None:
        return None if x is None else x * self.span

    def words(self, lang: str, squared: bool = False) -> str:
        """What a converted column's header adds: ``1-5 分`` / ``points on 1-5``; for a grade
        scale the grade steps; for mixed scales the 0-1 value, said to be one. ``squared``:
        a sum of squares or a variance, in those units squared."""
        if squared:
            return render("unit.squared", lang, unit=self.words(lang))
        if self.mixed:
            return render("unit.mixed", lang)
        if self.scale.startswith("grade:"):
            grades = S.GRADE_SCALES[self.scale.split(":", 1)[1]]
            return render(
                "unit.grade_steps", lang, low=grades[-1], high=grades[0], top=len(grades) - 1
            )
        return render("unit.points", lang, scale=self.scale)


def unit_of_scales(scales: list[str]) -> Unit:
    """The unit of a scope whose ratings were imported on ``scales`` (distinct names)."""
    names = sorted({s for s in scales if s})
    if len(names) != 1:
        return Unit(MIXED)
    name = names[0]
    if name.startswith("grade:"):
        grades = S.GRADE_SCALES.get(name.split(":", 1)[1])
        return Unit(name, 0.0, float(len(grades) - 1)) if grades else Unit(MIXED)
    try:
        lo, hi = (float(v) for v in name.split("-", 1))
    except ValueError:
        return Unit(MIXED)
    return Unit(name, lo, hi)


def unit_of(con: duckdb.DuckDBPyConnection, cycles: tuple[str, ...] | list[str] = ()) -> Unit:
    """The unit of the ratings of ``cycles`` (none: every cycle): the scale their rating
    batches were imported on (one scale: points on it; several: 0-1, :data:`MIXED`). A
    dataset whose batches all share one scale is answered from the batches alone (a handful
    of rows); only one that mixes scales scans the rating rows' batch numbers. No rating and
    no final score (grades only, or nothing loaded): :data:`NO_SCALE`."""
    batches = db.q(S.REVIEW_BATCHES.name)
    cur = con.cursor()
    try:
        scales = [s for (s,) in cur.execute(f"SELECT DISTINCT scale FROM {batches}").fetchall()]
        if len(scales) > 1:
            sql = (
                f"SELECT DISTINCT b.scale FROM {batches} b WHERE b.batch IN "
                f"(SELECT DISTINCT batch FROM {db.q(S.REVIEW_ROWS.name)}"
            )
            params: dict = {}
            if cycles:
                sql += " WHERE cycle_id IN (SELECT unnest($c))"
                params["c"] = list(cycles)
            scales = [s for (s,) in cur.execute(sql + ")", params).fetchall()]
        if not scales:  # no rating: a dataset of results only is on its final scores' scale
            scales = _final_scales(cur, cycles)
    except duckdb.CatalogException:
        scales = []
    finally:
        cur.close()
    return unit_of_scales(scales) if scales else Unit(NO_SCALE)


def _final_scales(cur: duckdb.DuckDBPyConnection, cycles: tuple[str, ...] | list[str]) -> list:
    """The scales the final scores of ``cycles`` (none: every cycle) were read on (the
    import's ``dimension_scales`` of kind ``final``): the unit of a dataset of results only,
    whose scores are the recorded final scores (helper R, session 45: it was said to mix
    scales and shown on 0-1)."""
    sql = f"SELECT DISTINCT scale FROM {db.q(S.DIMENSION_SCALES.name)} WHERE kind = 'final'"
    params: dict = {}
    if cycles:
        sql += " AND cycle_id IN (SELECT unnest($c))"
        params["c"] = list(cycles)
    return [s for (s,) in cur.execute(sql, params).fetchall()]


def cycle_units(con: duckdb.DuckDBPyConnection) -> dict[str, Unit]:
    """Each cycle's unit (the scale its ratings were imported on; :data:`MIXED` for a cycle
    whose dimensions use several). Why: a scope that mixes scales is shown on 0-1, but a
    comparison of two cycles on one scale (a department shift 2025Q3 -> 2025Q4, both 1-5)
    reads better in that scale's points (review of issue 19, rev19b minor 2). Empty for a
    dataset on one scale (:func:`unit_of` answers for every pair then)."""
    batches = db.q(S.REVIEW_BATCHES.name)
    cur = con.cursor()
    try:
        if len(cur.execute(f"SELECT DISTINCT scale FROM {batches}").fetchall()) < 2:
            return {}
        rows = cur.execute(
            f"SELECT r.cycle_id, b.scale FROM {batches} b JOIN "
            f"(SELECT DISTINCT cycle_id, batch FROM {db.q(S.REVIEW_ROWS.name)}) r "
            "ON b.batch = r.batch GROUP BY ALL"
        ).fetchall()
    except duckdb.CatalogException:
        return {}
    finally:
        cur.close()
    scales: dict[str, list[str]] = {}
    for cycle, scale in rows:
        scales.setdefault(cycle, []).append(scale)
    return {cycle: unit_of_scales(names) for cycle, names in scales.items()}


def cycle_scales_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """``cycle_id, scale``: each cycle's scale (:func:`cycle_units`; :data:`MIXED` for a cycle
    whose dimensions use several), for ``ScopeData``'s ``company_cycle_scales``. No rows for a
    dataset on one scale."""
    units = cycle_units(con)
    return pl.DataFrame(
        {"cycle_id": list(units), "scale": [u.scale for u in units.values()]},
        schema={"cycle_id": pl.String, "scale": pl.String},
    )


def pair_unit(units: dict[str, Unit], *cycles: str) -> Unit:
    """The unit of the ratings of ``cycles`` from :func:`cycle_units`: their one scale, or
    :data:`MIXED` when they differ or one is unknown."""
    found = [units.get(c) for c in cycles]
    if any(u is None for u in found):
        return Unit(MIXED)
    return unit_of_scales([u.scale for u in found if u is not None])


def pair_points(
    unit: Unit | None, cycle_units: dict[str, Unit] | None, a: str, b: str
) -> Unit | None:
    """The unit a sentence about the change ``a`` -> ``b`` speaks in: the scope's ``unit``, or
    where that mixes scales the one the two cycles share (when known); a pair across a change
    of scale (both cycles' scales known and different) on the 0-1 score, said to be one,
    whatever the scope's unit, as the attribution page has it. Why: the meeting (one cycle on
    0-100) said a change 2026Q1 -> 2026Q2 across the demo's 1-5 -> 0-100 as "+3.1 (0-100)"
    (s44 A 9)."""
    if not cycle_units:
        return unit
    both = pair_unit(cycle_units, a, b)
    crossed = a in cycle_units and b in cycle_units and both.mixed
    return both if crossed or (unit is not None and unit.mixed) else unit


def scale_break_words(
    cycle_units: dict[str, Unit] | None, a: str | None, b: str | None, lang: str
) -> dict[str, str] | None:
    """``before, after`` (the two scales in words) of ``attr.waterfall_scale_break`` when the
    change ``a`` -> ``b`` crosses a change of scale (both cycles' scales known and different),
    else None: the caveat every change across it carries (the waterfalls, the meeting, the
    packet's department shift: s44 A 9)."""
    before, after = (cycle_units or {}).get(a or ""), (cycle_units or {}).get(b or "")
    if before is None or after is None or before.scale == after.scale:
        return None
    return {"before": before.words(lang), "after": after.words(lang)}


def _bound(col: str, schema: pl.Schema) -> str | None:
    """The score column an interval end bounds (the first of its candidates holding floats:
    ``department`` is a name in most frames and a change's part in a few)."""
    for target in _INTERVALS.get(col, ()):
        if target in schema and schema[target].is_float():
            return target
    return None


def converted(schema: pl.Schema) -> dict[str, str]:
    """``{column: "level" | "diff" | "square"}`` of the float columns :func:`convert`
    changes (a G study's ``estimate`` beside its ``facet`` or ``component`` is a variance)."""
    out = {}
    for col, dtype in schema.items():
        if not dtype.is_float():
            continue
        variance_table = "variance" in schema and ("facet" in schema or "component" in schema)
        if col in SQUARES or (col == "estimate" and variance_table):
            out[col] = "square"
        elif col in LEVELS:
            out[col] = "level"
        elif col in DIFFERENCES or (col in _SCORE_THRESHOLDS and "ratio" not in schema):
            out[col] = "diff"
        elif (target := _bound(col, schema)) is not None:
            out[col] = "level" if target in LEVELS and col != "se" else "diff"
    return out


def _phrase_params(dtype: pl.DataType) -> pl.Struct | None:
    """The params struct of a phrase dtype whose sentences may state scores (else None)."""
    if not is_phrase(dtype):
        return None
    params = dict(dtype.to_schema())["params"]  # type: ignore[union-attr]
    if not isinstance(params, pl.Struct) or SCORE_SCALE in params.to_schema():
        return None
    return params if _PHRASE_PARAMS & set(params.to_schema()) else None


def _phrase(e: pl.Expr, params: pl.Struct, unit: Unit) -> pl.Expr:
    """One phrase with its score parameters on ``unit``'s points (per code: a ``gap`` is a
    score in one sentence and a percentile in another) and ``score_scale`` added; a null
    phrase stays null."""
    code = e.struct.field("code")
    fields = []
    for name, dtype in params.to_schema().items():
        f = e.struct.field("params").struct.field(name)
        if name in _PHRASE_PARAMS and dtype.is_float() and not unit.mixed:
            diffs = [c for c, m in PHRASE_SCORES.items() if m.get(name) == _D]
            levels = [c for c, m in PHRASE_SCORES.items() if m.get(name) == _L]
            f = (
                pl.when(code.is_in(diffs))
                .then(f * unit.span)
                .when(code.is_in(levels))
                .then(f * unit.span + unit.lo)
                .otherwise(f)
            )
        fields.append(f.alias(name))
    fields.append(pl.lit(unit.scale, pl.String).alias(SCORE_SCALE))
    new = pl.struct(code.alias("code"), pl.struct(fields).alias("params"))
    return pl.when(e.is_null()).then(None).otherwise(new)


def convert(frame: pl.DataFrame, unit: Unit | None) -> pl.DataFrame:
    """``frame`` with its score columns (float) on ``unit``'s points, and the sentences of its
    phrase columns stating scores (:data:`PHRASE_SCORES`) in points with the scale named;
    unchanged when the unit is None (0-1, said so by the sentence); where the unit is mixed
    the sentences keep 0-1 and say so."""
    if unit is None or frame.width == 0:
        return frame
    exprs = []
    for col, dtype in frame.schema.items():
        inner = dtype.inner if isinstance(dtype, pl.List) else dtype
        params = _phrase_params(inner) if col in CODED_COLUMNS else None
        if params is None:
            continue
        if isinstance(dtype, pl.List):
            exprs.append(pl.col(col).list.eval(_phrase(pl.element(), params, unit)).alias(col))
        else:
            exprs.append(_phrase(pl.col(col), params, unit).alias(col))
    if not unit.mixed:
        # a table of measures (a source's mean, a gap between two) mixes levels and gaps
        gap = (
            pl.col("measure").is_in(_GAP_MEASURES)
            if frame.schema.get("measure") == pl.String
            else pl.lit(False)
        )
        for col, kind in converted(frame.schema).items():
            x = pl.col(col) * unit.span
            level = pl.when(gap).then(x).otherwise(x + unit.lo)
            if kind == "square":
                exprs.append((x * unit.span).alias(col))
            else:
                exprs.append((level if kind == "level" else x).alias(col))
    return frame.with_columns(exprs) if exprs else frame


#: a change's additive parts (analytics.stats.attribution): they add up to ``change``
CHANGE_PARTS = ("company", "department", "rater", "new_manager", "individual")


def shown_parts(frame: pl.DataFrame, unit: Unit | None) -> pl.DataFrame:
    """``frame`` with ``change`` and its parts (:data:`CHANGE_PARTS`) rounded to the decimals
    they are shown with (``unit``'s in its points, three on the 0-1 score) so that the parts
    add up to the change as shown (:func:`~analytics.stats.apportion.rounded_parts`); a frame
    without them unchanged. Values stay on the 0-1 score: the step is the shown decimal over
    the scale's span. Why: rounded one by one, 536 of 2,636 workbook rows did not add up, a
    company part of -0.0004 shown as 0 (rev28b item 6)."""
    if not {"change", *CHANGE_PARTS} <= set(frame.columns) or frame.height == 0:
        return frame
    on = unit if unit is not None and not unit.mixed else None
    step = 10.0 ** -(on.digits if on else 3) / (on.span if on else 1.0)
    cols = list(CHANGE_PARTS)
    parts, total = rounded_parts(
        frame.select(cols).cast(pl.Float64).fill_null(np.nan).to_numpy(),
        frame["change"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        step,
    )
    return frame.with_columns(
        *(pl.Series(c, parts[:, i]).fill_nan(None) for i, c in enumerate(cols)),
        pl.Series("change", total).fill_nan(None),
    )
