"""Calibration findings for a scope: every section the dashboard shows and the report exports.

Models that need the whole company (rater effects, the company component of a change,
percentiles within comparable peers) are company parts (:mod:`analytics.findings.parts`),
fitted on every rating of the scope's cycles and then narrowed to the people in scope, so
drilling into a department never changes a rater's estimated effect. Distribution statistics
are computed on the scope itself.

:func:`compute_section` computes one section (the dashboard caches each);
:func:`compute_sections` several side by side, sharing intermediate results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import polars as pl

from analytics import schema as S
from analytics import text, threadsafe
from analytics.findings.methods import ATTRIBUTION_SECTIONS, MIN_N, MIN_SHIFT
from analytics.findings.names import known_names
from analytics.findings.parts import (
    FIT_ORDER,
    FIT_THREADS,
    company_part,
    g_study_of,
    kpi_cells_of,
    memo,
    pair_means,
    part_in_scope,
    reliability_from_pairs,
    reliability_of,
)
from analytics.findings.scope import ScopeData, guideline_of, rating_counts, role_weights_of
from analytics.findings.stories import team_shift_table, with_team_drivers
from analytics.stats import (
    agreement,
    attribution,
    backtest,
    cautions,
    distributions,
    gaps,
    potential,
)
from analytics.stats.distributions import DEFAULT_GUIDELINE
from analytics.stats.raters_panel import with_panel_reasons

#: how a unit departs from the guideline, as the meeting reads it (page and packet)
GUIDELINE_DIRECTION_COLUMNS = (
    "unit",
    "cycle_id",
    "n",
    "direction",
    "top_grades",
    "top_excess",
    "top_excess_lo",
    "top_excess_hi",
    "bottom_grades",
    "bottom_excess",
    "bottom_excess_lo",
    "bottom_excess_hi",
    "people_to_move",
    "move_median",
    "move_p90",
    "p_holm",
)

#: the guideline table as the page and the packet show it: each excess beside its 95% interval
#: in words (:func:`with_excess_intervals`), which way and how many first
GUIDELINE_READ_COLUMNS = (
    "unit",
    "cycle_id",
    "n",
    "direction",
    "top_excess",
    "top_excess_ci",
    "bottom_excess",
    "bottom_excess_ci",
    "people_to_move",
    "move_median",
    "move_p90",
    "p_holm",
)


def with_excess_intervals(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``top_excess_ci`` / ``bottom_excess_ci``: the 95% interval of each excess
    as one phrase ("+12.0% to +38.2%"). Why: the interval was two columns that a 1280 px table
    hid and the packet left out, so "signed excess with intervals" showed no interval (review
    of issue 19, minor 1). A frame without the bounds comes back unchanged."""
    out = []
    for side in ("top", "bottom"):
        lo, hi = pl.col(f"{side}_excess_lo"), pl.col(f"{side}_excess_hi")
        if f"{side}_excess_lo" in frame.columns and f"{side}_excess_hi" in frame.columns:
            out.append(
                pl.when(lo.is_not_null() & hi.is_not_null())
                .then(text.phrase("pct_range", lo=lo, hi=hi))
                .alias(f"{side}_excess_ci")
            )
    return frame.with_columns(out) if out else frame


#: sections of the scope as a whole beside its units: withheld from a view that may not see
#: individuals (the whole less its units shown is a unit of one's, a head's, grades)
WHOLE_ROWS = ("guideline_scope",)


def scope_first(whole: pl.DataFrame | None, units: pl.DataFrame) -> pl.DataFrame:
    """The guideline table as read: the scope's own row (``guideline_scope``: a department
    or team as a whole) above its units' rows (rev30b item 1); ``units`` alone without it."""
    if whole is None or whole.is_empty():
        return units
    return pl.concat([whole, units], how="diagonal_relaxed")


#: the unit of people with no department or team on the roster (worded "未分配" / "Unassigned")
UNASSIGNED = "unassigned"
#: the unit of a manager's reach: their people, named "your team" (``unit.your_team``)
YOUR_TEAM = "your_team"

__all__ = [
    "GUIDELINE_DIRECTION_COLUMNS",
    "GUIDELINE_READ_COLUMNS",
    "MIN_N",
    "MIN_SHIFT",
    "REPORT_SECTIONS",
    "SECTIONS",
    "SECTION_PARAMS",
    "SECTION_PARTS",
    "SECTION_QUEUE",
    "TEAM_TESTS",
    "WHOLE_ROWS",
    "YOUR_TEAM",
    "compute_section",
    "compute_sections",
    "dataset_params",
    "identified_shifts",
    "needs_ratings",
    "queued_after",
    "scope_first",
    "section_params",
    "unit_column",
    "with_excess_intervals",
]


def unit_column(data: ScopeData) -> tuple[int | None, str]:
    """The unit one level below the scope: top departments for the company, sub-departments
    inside a department, teams inside a leaf department or a team; a manager's reach (their
    people, no department or team chosen) is one unit, :data:`YOUR_TEAM` (rev23b item 11: their
    30 people were labelled with their whole department's name). Returns (depth, column)."""
    if data.scope.team:
        return None, "team"
    if data.scope.people and not data.scope.department:
        return None, YOUR_TEAM
    if not data.scope.department:
        return 1, "department"
    depth = data.scope.department.count("/") + 2
    deeper = data.employees["department"].drop_nulls().str.count_matches("/").max()
    if deeper is None or deeper + 1 < depth:
        return None, "team"
    return depth, "department"


def _scores(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        if not data.has_ratings():  # results only: the recorded final scores and grades
            scores = distributions.outcome_scores(data.outcomes, data.employees, data.cycles)
        elif data.scope.rater_role:  # the role filter changes which ratings make the score
            scores = distributions.employee_scores(
                data.ratings, data.outcomes, role_weights_of(data)
            )
        else:  # one score per person and cycle, company-wide (materialised), narrowed to scope
            scores = part_in_scope(data, "scores")
        depth, col = unit_column(data)
        if depth is not None:
            scores = distributions.department_level(
                scores, depth, column="department", alias="unit"
            )
        elif col == YOUR_TEAM:  # a manager's people: one unit, named as theirs
            scores = scores.with_columns(pl.lit(YOUR_TEAM, pl.String).alias("unit"))
        elif col == "team" and scores["team"].null_count() == scores.height:
            # a leaf department with no teams is one unit, named as itself ("Legal", not
            # "Unassigned": rev23b item 13); the distribution page does not drill into it
            scores = scores.with_columns(pl.col("department").alias("unit"))
        else:
            scores = scores.with_columns(pl.col(col).alias("unit"))
            if col == "team" and _head_at_root(data):  # its head: named as the department
                own = pl.col("department") == data.scope.department
                scores = scores.with_columns(
                    pl.when(pl.col("unit").is_null() & own)
                    .then(pl.col("department"))
                    .otherwise(pl.col("unit"))
                    .alias("unit")
                )
        return scores.with_columns(pl.col("unit").fill_null(UNASSIGNED))  # "unit.unassigned"

    return memo(data, "scores", build)


def _head_at_root(data: ScopeData) -> bool:
    """Whether the scope is a department that has sub-departments on the company's roster
    while nobody in scope sits in one (``?dept=财务部&level=M3``: its head alone, placed at the
    department itself): that person's unit is the department, as it is in the department's own
    view (its lone unit "财务部"), not "Unassigned" (rev26b item 5). A leaf department's people
    without a team stay "Unassigned" (taken back in session 25: a click on a unit named as the
    scope's own department re-ran the page without end; the page no longer drills into it)."""
    dept = data.scope.department
    if not dept or data.scope.team or "department" not in data.employees.columns:
        return False
    roster = data.company_table("company_employees")
    if roster is None or "department" not in roster.columns:
        return False
    return bool(roster["department"].str.starts_with(f"{dept}/").any())


def _rater_table(data: ScopeData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        table = company_part(data, "rater_table")
        if data.scope.narrowed():  # the raters who rated someone in scope
            in_scope = data.rater_ids().select(pl.col("rater_id").cast(table.schema["rater_id"]))
            table = table.join(in_scope, on="rater_id", how="semi")
        else:  # the parts were fitted on these very ratings: every rater with an id is in
            table = table.filter(pl.col("rater_id").is_not_null())
        # a manager the model cannot estimate but the anonymous peers rated: the true reason
        table = with_panel_reasons(table, company_part(data, "rater_panel"))
        # by effect (rounded: equal effects summed in another order differ in the last bits),
        # then id: the same order on every run
        return (
            table.with_columns(pl.col("effect").round(12).alias("_e"))
            .sort(["_e", "rater_id"], descending=[True, False], nulls_last=True)
            .drop("_e")
        )

    return memo(data, "rater_table", build)


def _profile(data: ScopeData) -> pl.DataFrame:
    return part_in_scope(data, "profile")


# --- sections -----------------------------------------------------------------------------------
def _summary(data: ScopeData) -> pl.DataFrame:
    if data.has_ratings():
        c = data.summary_counts()
    else:  # results only: the people and cycles with a result, no rating nor rater
        rows = data.outcomes.lazy().with_columns(rater_id=pl.lit(None, pl.String))
        c = rating_counts(rows) | {"ratings": 0}
    sc = data.scope
    extra = " / ".join(v for v in (sc.team, sc.level, sc.job_family, sc.rater_role) if v)
    scope = text.phrase_value(  # worded in the reader's language ("unit.scope")
        "scope",
        cycles=", ".join(sc.cycles) or "all_cycles",
        # a manager's reach is their team, not the company (rev23b item 11)
        department=sc.department or (YOUR_TEAM if sc.people else S.COMPANY_UNIT),
        extra=f" / {extra}" if extra else "",
    )
    if not sc.department and (sc.within or sc.teams):  # the reach's words, not "Company":
        scope = text.phrase_value(  # "your team (财务核算一组)", "销售中心 + 市场部"
            "scope_team" if sc.teams else "scope",
            **{**scope["params"], "department": " + ".join(sc.teams or sc.within)},
        )
    return pl.DataFrame(
        {
            "scope": pl.Series(
                [scope],
                dtype=text.phrase_dtype(cycles=pl.String, department=pl.String, extra=pl.String),
            ),
            "cycles": [", ".join(data.scope.cycles) or ", ".join(c["cycles"])],
            "department": [data.scope.department or ""],
            "employees": [c["employees"]],
            "raters": [c["raters"]],
            "ratings": [c["ratings"]],
            "generated_at": [datetime.now().astimezone().isoformat(timespec="seconds")],
        }
    )


def _lone_units(data: ScopeData) -> pl.DataFrame:
    """``unit, cycle_id, n`` of the units with one person in a cycle: left out of that
    cycle's comparisons between units. Why: a department's head, on the roster at the
    department itself and not in any of its sub-departments, made a "unit" of one beside
    them (销售中心 n=1 among 销售中心/华东区 ...: rev19b minor 10); one person's score is no
    unit's level, and its row showed that person's score as a unit mean. The person stays in
    the scope's totals and in every table about people."""

    def build() -> pl.DataFrame:
        scores = _scores(data)
        if scores.is_empty():
            return pl.DataFrame(schema={"unit": pl.String, "cycle_id": pl.String, "n": pl.UInt32})
        return (
            scores.group_by("unit", "cycle_id")
            .agg(pl.len().alias("n"))
            .filter(pl.col("n") == 1)
            .sort("unit", "cycle_id")
        )

    return memo(data, "lone_units", build)


def _unit_scores(data: ScopeData) -> pl.DataFrame:
    """:func:`_scores` without the units of one person (:func:`_lone_units`): what the
    comparisons between units (means, boxes, the guideline, the heat map, the tests) read."""

    def build() -> pl.DataFrame:
        lone = _lone_units(data)
        scores = _scores(data)
        if lone.is_empty():
            return scores
        return scores.join(lone.select("unit", "cycle_id"), on=["unit", "cycle_id"], how="anti")

    return memo(data, "unit_scores", build)


def _distribution(data: ScopeData) -> pl.DataFrame:
    """Per unit and cycle, a share column for every grade of the dataset's scale: a scope
    whose units have no 优秀 keeps its 优秀 share, at 0 (rev24a item 9)."""
    _, grades = guideline_of(data)
    return distributions.summary(
        _unit_scores(data), ["unit", "cycle_id"], min_n=MIN_N, grades=grades
    ).sort("unit", "cycle_id")


def _distribution_company(data: ScopeData) -> pl.DataFrame:
    _, grades = guideline_of(data)
    return distributions.summary(_scores(data), ["cycle_id"], min_n=MIN_N, grades=grades).sort(
        "cycle_id"
    )


def _grade_shares(data: ScopeData) -> pl.DataFrame:
    """Grade shares per unit in the scope's latest cycle (as the guideline fit beside them),
    every grade of the dataset's scale listed (:func:`guideline_of`: S-D only for an S-D
    dataset, not beside 优秀/良好/合格/待改进)."""
    _, grades = guideline_of(data)
    return distributions.grade_shares(_guideline_scores(data, units=True), ["unit"], grades)


def _guideline_scores(data: ScopeData, units: bool = False) -> pl.DataFrame:
    """The scope's scores in its latest cycle: one row per person. The guideline applies to one
    cycle's grades, and pooling cycles would count each person once per cycle (person-cycles
    are not people, and one person's grades in two cycles are not independent). ``units``:
    without the units of one person (:func:`_unit_scores`), for the comparisons of units."""

    def build() -> pl.DataFrame:
        scores = _scores(data)
        if scores.is_empty():
            return scores
        order = "cycle_order" if "cycle_order" in scores.columns else "cycle_id"
        latest = pl.col(order) == pl.col(order).max()
        if not units:
            return scores.filter(latest)
        # the latest cycle of the whole scope, even where it holds only one-person units
        last = scores.select(pl.col(order).max()).item()
        return _unit_scores(data).filter(pl.col(order) == last)

    return memo(data, "unit_guideline_scores" if units else "guideline_scores", build)


def _applied(data: ScopeData, guideline: dict[str, float] | None) -> dict[str, float] | None:
    """The guideline a guideline section applies: the one given, else the dataset's own
    (:func:`guideline_of`: kept, or S-D's default for S-D grades); None when the dataset's
    grades are of another scale and it keeps none (rev29a item 3: A/B/C/D was fitted against
    S-D). The stored sections (no parameter) are thus the dataset's own, as of its version."""
    return guideline if guideline is not None else guideline_of(data)[0]


def _fit_scores(data: ScopeData, guideline: dict[str, float] | None) -> pl.DataFrame:
    """The scores the guideline is fitted on: none when there is no guideline or the recorded
    grades are not the guideline's (no fit can be estimated; ``guideline_check`` says why)."""
    scores = _guideline_scores(data, units=True)
    if guideline is None or distributions.grades_outside(scores, guideline):
        return scores.head(0)
    return scores


def _guideline_check(data: ScopeData, guideline: dict[str, float] | None = None) -> pl.DataFrame:
    """One row: the recorded grades the guideline does not name, the guideline's grades, the
    scope's latest cycle, how many people have a grade in it and how many of them the
    guideline's first (top) grade, the units of one person included. Why the counts: when
    every unit holds one person (a level filter, rev23b item 8), the unit sections are empty,
    and the page named the cycle "—" and said no grades were recorded where every person had
    one; and "as a whole" counts everyone (rev27b item 4, issue 19 item 2: 167 of 168 people
    where a head at the department itself is a unit of one). No guideline (:func:`_applied`):
    no guideline grades, every recorded grade outside."""
    g = _applied(data, guideline) or {}
    latest = _guideline_scores(data)
    outside = distributions.grades_outside(latest, g)
    graded = top = bottom = 0
    if "grade" in latest.columns:
        graded = latest["grade"].is_not_null().sum()
        top = (latest["grade"].cast(pl.String) == next(iter(g), "")).sum() if g else None
        # the bottom grades too: "as a whole" of them counts everyone as well (rev30b item 1)
        low = distributions.tail_grades(g)[1] if g else []
        bottom = latest["grade"].cast(pl.String).is_in(low).sum() if g else None
    return pl.DataFrame(
        {
            "grades_outside": [outside],
            "guideline_grades": [list(g)],
            "cycle_id": [latest["cycle_id"][0] if latest.height else None],
            "n_graded": [graded],
            "n_top": [top],
            "n_bottom": [bottom],
        },
        schema={
            "grades_outside": pl.List(pl.String),
            "guideline_grades": pl.List(pl.String),
            "cycle_id": pl.String,
            "n_graded": pl.Int64,
            "n_top": pl.Int64,
            "n_bottom": pl.Int64,
        },
    )


def _guideline_grades(data: ScopeData, guideline: dict[str, float] | None = None) -> pl.DataFrame:
    g = _applied(data, guideline)
    return distributions.guideline_fit_grades(
        _fit_scores(data, g), ["unit", "cycle_id"], g or DEFAULT_GUIDELINE, min_n=MIN_N
    )


def _guideline_units(data: ScopeData, guideline: dict[str, float] | None = None) -> pl.DataFrame:
    """Per unit in the scope's latest cycle: which way it departs, Holm over the units, people
    to move against what a compliant unit of its size shows (stats.distributions)."""
    g = _applied(data, guideline)
    fit = distributions.guideline_fit_units(
        _fit_scores(data, g), ["unit", "cycle_id"], g or DEFAULT_GUIDELINE, min_n=MIN_N
    )
    return fit.sort(["people_to_move", "unit"], descending=[True, False], nulls_last=True)


def _guideline_scope(data: ScopeData, guideline: dict[str, float] | None = None) -> pl.DataFrame:
    """A department's or team's scope as a whole against the guideline, one row as
    :func:`_guideline_units` (its own test: no Holm family), everyone in its latest cycle: the
    Sales packet listed only its teams of 3-9 people, "too small to judge", and never said
    that Sales (60 people) gives 43% C+D against 25% (rev30b item 1). No row for the company
    (its departments are the table) or a scope of another filter."""
    g = _applied(data, guideline)
    own = data.scope.team or data.scope.department
    scores = _guideline_scores(data)
    if g is None or not own or distributions.grades_outside(scores, g):
        scores = scores.head(0)
    return distributions.guideline_fit_units(
        scores.with_columns(unit=pl.lit(own, pl.String)),
        ["unit", "cycle_id"],
        g or DEFAULT_GUIDELINE,
        min_n=MIN_N,
    )


def _compare(data: ScopeData, part: str) -> pl.DataFrame:
    """Kruskal-Wallis and the pairwise tests between units on one score per person: the
    scope's latest cycle (its ``cycle_id`` on every row), as the box plots and the guideline
    beside them. All cycles pooled counted each person once per cycle (n=12,000 for 2,000
    people in 6 cycles, rev23b item 1): a person's scores correlate about 0.8 from one cycle
    to the next, so the intervals and p-values were about sqrt(6) too narrow."""
    res = memo(
        data,
        "compare",
        lambda: distributions.compare_units(
            _guideline_scores(data, units=True), "unit", within="cycle_id", min_n=MIN_N
        ),
    )
    return res[part]


def _inflation(data: ScopeData) -> pl.DataFrame:
    """The inflation trend within each run of cycles on one scale (``segment``): a change of
    scale is a break in the series, not a trend (rev23b item 9). Its top grades are the
    dataset's guideline's (A of A 15 / B 60 / C 20 / D 5, not "S+A": rev30b item 11)."""
    return distributions.inflation_within_scales(
        _scores(data), data.company_table("company_cycle_scales"), guideline=guideline_of(data)[0]
    )


def _heatmap(data: ScopeData) -> pl.DataFrame:
    return distributions.summary(_unit_scores(data), ["unit", "cycle_id"], min_n=MIN_N).select(
        "unit", "cycle_id", "n", "mean", "mean_lo", "mean_hi", "small_n"
    )


def _score_box(data: ScopeData) -> pl.DataFrame:
    """Box-plot statistics of the employee scores per unit in the scope's latest cycle, as Plotly
    draws them from the points (linear quartiles; whiskers at the most extreme score within
    1.5 IQR of the box), so the page sends one box per unit rather than one point per person.
    Units by median, highest first. ``n`` counts people in that cycle, as the unit means and
    the small-unit rule beside it do (all cycles pooled counted a person once per cycle: 16
    person-cycles of 4 people looked like a unit large enough to read)."""
    latest = _guideline_scores(data, units=True)
    cycle = latest["cycle_id"][0] if latest.height else None
    scores = latest.select("unit", "score")
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
    # the scores beyond the whiskers, drawn as points: Q1 = Q3 = 3 drew a flat line that hid
    # the 16 of 35 people at 2 and 4 (rev30b item 4); only these, not every score, are sent
    beyond = (pl.col("score") < pl.col("lowerfence")) | (pl.col("score") > pl.col("upperfence"))
    fences = fences.join(
        scores.join(fences, on="unit")
        .filter(beyond)
        .group_by("unit")
        .agg(pl.col("score").sort().alias("outliers")),
        on="unit",
        how="left",
    )
    # a unit under MIN_N has no box: its quartiles and whiskers would be single people's
    # scores (rev23b item 13); its n stays, for the label saying why
    few = pl.col("n") < MIN_N
    return (
        stats.join(fences, on="unit", how="left")
        .with_columns(
            pl.when(~few).then(pl.col(c)).alias(c)
            for c in ("q1", "median", "q3", "mean", "lowerfence", "upperfence", "outliers")
        )
        .with_columns(pl.lit(cycle, pl.String).alias("cycle_id"))
        .select(
            "unit",
            "cycle_id",
            "n",
            "q1",
            "median",
            "q3",
            "mean",
            "lowerfence",
            "upperfence",
            "outliers",
        )
        .sort(["median", "unit"], descending=[True, False], nulls_last=True)
    )


def _reliability(data: ScopeData) -> pl.DataFrame:
    """Company scope: the part materialised at import; a department (any depth, no other
    filter): its rows of the part per department when that is at hand without fitting (stored
    at import); any other narrowed scope: computed on it."""
    if not data.scope.narrowed():
        return company_part(data, "reliability")
    s = data.scope
    if s.department_only() and (
        data.has_company_part("reliability_units") or data.stores_for_cycles("reliability_units")
    ):
        units = company_part(data, "reliability_units")
        return units.filter(pl.col("unit") == s.department).drop("unit")
    per = data.pair_means()
    return reliability_of(data.ratings) if per is None else reliability_from_pairs(per)


def _agreement(data: ScopeData) -> pl.DataFrame:
    """Kappa of the grades per cycle: self against manager, and among a person's raters (the
    company part, fitted with the models, when the scope is every person of its cycles)."""
    if not data.scope.narrowed():
        return company_part(data, "agreement")
    gathered = data.grade_inputs()  # in the database, when the scope's rows are not loaded
    if gathered is None:
        return agreement.grade_agreement(data.ratings, min_n=MIN_N)
    return agreement.grade_agreement_of(*gathered, min_n=MIN_N)


def _g_study_boot(data: ScopeData) -> pl.DataFrame:
    """The G study with its bootstrap replicates (``boot``)."""
    if not data.scope.narrowed():
        return company_part(data, "g_study")

    def build() -> pl.DataFrame:
        per = data.pair_means()
        return g_study_of(pair_means(data.ratings) if per is None else per)

    return memo(data, "g_study", build)


def _g_study(data: ScopeData) -> pl.DataFrame:
    """Variance components of person x rater x cycle (each rater's mean over the dimensions),
    with each component's share of the total and their 95% intervals."""
    g = _g_study_boot(data)
    return g.drop("boot") if "boot" in g.columns else g


def _decision_study(data: ScopeData) -> pl.DataFrame:
    """Reliability of a person's score for 1-10 raters and 1-4 cycles (raters of their own),
    with intervals from the G study's bootstrap."""
    return agreement.decision_study(_g_study_boot(data).rename({"facet": "component"}))


def _raters(data: ScopeData) -> pl.DataFrame:
    return _rater_table(data)


def _rater_panel(data: ScopeData) -> pl.DataFrame:
    """The managers compared with their ratees' anonymous peer panel (a company part: the
    company's mean gap and the correction for many managers do not move with the scope),
    those who rated someone in scope."""
    panel = company_part(data, "rater_panel")
    if data.scope.narrowed():
        in_scope = data.rater_ids().select(pl.col("rater_id").cast(panel.schema["rater_id"]))
        panel = panel.join(in_scope, on="rater_id", how="semi")
    return panel


def _recheck(data: ScopeData) -> pl.DataFrame:
    if data.scope.rater_role:  # the role filter changes which sources exist: recompute
        return gaps.recheck_from_means(_sources(data))
    return part_in_scope(data, "recheck")


def _source_summary(data: ScopeData) -> pl.DataFrame:
    """Per cycle, each source's mean over people and the mean self - manager and manager -
    peer gaps, with n and a t interval."""
    return gaps.source_summary(_sources(data))


def _sources(data: ScopeData) -> pl.DataFrame:
    if data.scope.rater_role:
        return gaps.source_means(data.ratings)
    return part_in_scope(data, "sources")


#: sections that are exactly the in-scope rows of a company part (section -> part)
SECTION_PARTS = {
    "adjusted": "adjusted",
    "attribution": "changes",
    "profile": "profile",
    "sources": "sources",
}


def _adjusted_section(data: ScopeData) -> pl.DataFrame:
    return part_in_scope(data, "adjusted")


def _attribution(data: ScopeData) -> pl.DataFrame:
    return part_in_scope(data, "changes")


def _variance(data: ScopeData) -> pl.DataFrame:
    return attribution.variance_decomposition(_attribution(data))


def _department_shifts(data: ScopeData) -> pl.DataFrame:
    shifts = company_part(data, "shifts")
    depts = _attribution(data)["dept"].unique()
    return identified_shifts(shifts.filter(pl.col("dept").is_in(depts.implode())))


def identified_shifts(shifts: pl.DataFrame) -> pl.DataFrame:
    """``shifts`` (:func:`analytics.stats.attribution.department_shifts`) with ``significant``:
    the shifts the app names (headlines, meeting, packet) and the trend lists net out. Why one
    function: the trend lists and the attribution must name the same shift (rev25a item 2)."""
    # significant after Holm AND material: with a handful of departments every other unit
    # moves a little against one shocked department, and with hundreds of people per unit
    # that counter-move is "significant" without being worth a calibration discussion;
    # AND broad across the department's teams: a shift that sits in the teams whose manager
    # changed is a rater change (confounded_with_rater_change), not a department shift
    return shifts.with_columns(
        (
            pl.col("flag").fill_null(False)
            & pl.col("material").fill_null(False)  # department_shifts' pair threshold
            & ~pl.col("confounded_with_rater_change").fill_null(False)
            # where some teams got a new manager: the teams without one moved materially
            # by themselves (the headline gives their part, not the new managers')
            & pl.col("broad").fill_null(False)
        ).alias("significant")
    )


#: memo key of the test of every team of the company (:func:`_team_shifts`): a scope built
#: over the company's parts takes it with them (the import's department scopes)
TEAM_TESTS = "team_tests"


def _team_shifts(data: ScopeData) -> pl.DataFrame:
    # the sub-departments that moved as a unit (stories.team_shift_table): the department
    # part stops at the top level, so a team's own shift is otherwise only in the individual
    # parts (review rev19c M2); the KPI drivers per team only when one moved. Every team of
    # the company is tested once per set of company parts (memoised): the import's company
    # scope and each department's ran the same test of the same frame, 9 times in the demo
    table = team_shift_table(
        company_part(data, "changes"),
        _attribution(data),
        tested=lambda keyed: memo(data, TEAM_TESTS, lambda: attribution.department_shifts(keyed)),
    )
    if table.height == 0:
        return table
    kpi = data.kpi_results
    if kpi is None or kpi.height == 0:
        return table
    drivers = attribution.kpi_drivers_of_departments(
        kpi_cells_of(data, kpi), data.employees, table["dept"], data.cycles, dept_depth=2
    )
    return with_team_drivers(table, drivers)


def _against_trend(data: ScopeData) -> pl.DataFrame:
    return part_in_scope(data, "against")


def _manager_changes(data: ScopeData) -> pl.DataFrame:
    # each team with a new manager against the scope's people of its department whose
    # manager did not change (the whole department in a company or department scope)
    teams = attribution.manager_changes(_attribution(data))
    # where the rater page estimates the two managers through these very people, the row says
    # so (one answer across the pages, rev25a item 3)
    linked = cautions.with_linked_managers(teams, _rater_table(data))
    # how the new manager's standard is known, in words (rev27a item 2)
    return cautions.with_scale_estimate(linked)


def _top_department_only(data: ScopeData) -> bool:
    """A top-level department, no team, level or job family filter (a rater role may be set):
    the company's KPI drivers have its rows (one per top-level department). A deeper
    department computes its own from its own KPI rows, unless its sections were stored (a
    second-level department above the size rule, ``store.STORED_SUB_DEPARTMENT_RATINGS``:
    :func:`compute_section` reads its stored section and never comes here)."""
    s = data.scope
    return (
        bool(s.department) and "/" not in s.department and not (s.team or s.level or s.job_family)
    )


def _kpi_drivers(data: ScopeData) -> pl.DataFrame:
    s = data.scope
    if not (s.department or s.team or s.level or s.job_family):  # every person (KPIs have no role)
        return company_part(data, "kpi_drivers")
    if _top_department_only(data) and data.has_company_part("kpi_drivers"):
        # the company's rows are per top-level department already (fitted with the models)
        return company_part(data, "kpi_drivers").filter(pl.col("dept") == s.department)
    # a sub-department not stored, a team, a level ...: its own KPI rows (kpi_cells_of reads
    # no company table a lazily loaded scope does not hold)
    return attribution.kpi_drivers_by_department(
        kpi_cells_of(data, data.kpi_results), data.employees, data.cycles
    )


def _kpi_drivers_employee(data: ScopeData) -> pl.DataFrame:
    return attribution.kpi_drivers_by_employee(
        kpi_cells_of(data, data.kpi_results), data.employees, data.cycles
    )


def _nine_box(data: ScopeData) -> pl.DataFrame:
    return memo(data, "nine_box", lambda: potential.nine_box(_profile(data)))


def _nine_box_counts(data: ScopeData) -> pl.DataFrame:
    return potential.nine_box_counts(_nine_box(data))


def _potential_check(data: ScopeData) -> pl.DataFrame:
    return potential.potential_check(_profile(data))


def _high_potential(data: ScopeData) -> pl.DataFrame:
    ranked = potential.high_potential(
        _profile(data),
        top_n=potential.LIST_TOP_N,
        top_share=potential.LIST_SHARE,
        min_people=MIN_N,
    )
    # a rating manager flagged, or a team far from its department: said on the row (rev25a 1)
    out = cautions.with_rater_cautions(
        ranked,
        _attribution(data),
        _rater_table(data),
        known_names(data.employees, data.company_table("company_rater_names")),
    )
    return out.select(c for c in potential.HIGH_POTENTIAL_COLUMNS if c in out.columns)


def _hipo_backtest(data: ScopeData) -> pl.DataFrame:
    order = data.cycles.sort("ordering") if "ordering" in data.cycles.columns else data.cycles
    return backtest.list_backtest(
        part_in_scope(data, "profile_before"),
        _profile(data),
        order["cycle_id"].cast(pl.String).to_list(),
        top_n=potential.LIST_TOP_N,
        top_share=potential.LIST_SHARE,
        min_people=MIN_N,
    )


def _hidden(data: ScopeData) -> pl.DataFrame:
    return potential.hidden_strengths(_profile(data))


def _netted_profile(data: ScopeData) -> pl.DataFrame:
    """The profile with the trend's slope net of the department shifts the attribution
    identifies (:func:`_department_shifts`, significant; rev25a item 2)."""
    return memo(
        data,
        "netted_profile",
        lambda: cautions.net_trend(
            _profile(data), _adjusted_section(data), _department_shifts(data)
        ),
    )


def _decliners(data: ScopeData) -> pl.DataFrame:
    # a move with a new manager whose standard is not estimated is marked (rev24a item 5)
    netted = _netted_profile(data)
    out = potential.decliners(netted, changes=_attribution(data))
    out = cautions.with_linked_trend_reasons(out, _manager_changes(data))  # rev27a item 2
    return cautions.with_net_tags(out, netted)


def _risers(data: ScopeData) -> pl.DataFrame:
    netted = _netted_profile(data)
    out = potential.risers(netted, changes=_attribution(data))
    out = cautions.with_linked_trend_reasons(out, _manager_changes(data))  # rev27a item 2
    return cautions.with_net_tags(out, netted)


#: the sections a scope of results only (final scores and grades, no rating) has: they read
#: one score and grade per person and cycle (:func:`_scores`), the recorded ones there
RESULT_SECTIONS = frozenset(
    {
        "distribution",
        "distribution_company",
        "grade_shares",
        "guideline_check",
        "guideline_grades",
        "guideline_scope",
        "guideline_units",
        "heatmap",
        "inflation",
        "lone_units",
        "score_box",
        "summary",
        "unit_pairs",
        "unit_tests",
    }
)


def needs_ratings(data: ScopeData, names: Iterable[str]) -> tuple[str, ...]:
    """Of ``names``, the sections a scope of results only (final scores and grades, no rating
    by rater) cannot have: those outside :data:`RESULT_SECTIONS`. Empty for a scope with
    ratings, and for one with neither ratings nor results (that has no data, not a need)."""
    if data.has_ratings() or data.outcomes.is_empty():
        return ()
    return tuple(n for n in names if n not in RESULT_SECTIONS)


SECTIONS: dict[str, Callable[..., pl.DataFrame]] = {
    "summary": _summary,
    "distribution": _distribution,
    "distribution_company": _distribution_company,
    "grade_shares": _grade_shares,
    "guideline_units": _guideline_units,
    "guideline_scope": _guideline_scope,
    "guideline_grades": _guideline_grades,
    "unit_tests": lambda d: _compare(d, "omnibus"),
    "unit_ranks": lambda d: _compare(d, "units"),
    "unit_pairs": lambda d: _compare(d, "pairs"),
    "inflation": _inflation,
    "heatmap": _heatmap,
    "scores": _scores,
    "score_box": _score_box,
    "lone_units": _lone_units,
    "reliability": _reliability,
    "agreement": _agreement,
    "g_study": _g_study,
    "decision_study": _decision_study,
    "raters": _raters,
    "rater_panel": _rater_panel,
    "recheck": _recheck,
    "sources": _sources,
    "source_summary": _source_summary,
    "adjusted": _adjusted_section,
    "attribution": _attribution,
    "variance": _variance,
    "department_shifts": _department_shifts,
    "team_shifts": _team_shifts,
    "against_trend": _against_trend,
    "manager_changes": _manager_changes,
    "kpi_drivers": _kpi_drivers,
    "kpi_drivers_employee": _kpi_drivers_employee,
    "profile": _profile,
    "nine_box": _nine_box,
    "nine_box_counts": _nine_box_counts,
    "guideline_check": _guideline_check,
    "potential_check": _potential_check,
    "high_potential": _high_potential,
    "hipo_backtest": _hipo_backtest,
    "hidden_strengths": _hidden,
    "decliners": _decliners,
    "risers": _risers,
}

# what the calibration report carries (the dashboard shows more)
REPORT_SECTIONS = (
    "summary",
    "distribution",
    "guideline_scope",
    "guideline_units",
    "guideline_grades",
    "unit_tests",
    "unit_pairs",
    "inflation",
    "reliability",
    "agreement",
    "g_study",
    "decision_study",
    "raters",
    "rater_panel",
    "recheck",
    "source_summary",
    "adjusted",
    *ATTRIBUTION_SECTIONS,
    "kpi_drivers",
    "potential_check",
    "nine_box_counts",
    "high_potential",
    "hidden_strengths",
    "decliners",
    "risers",
)


#: where each report section waits while every company part is fitted (the part it is queued
#: after on the fitting threads, :func:`~analytics.findings.parts.fit_parts`' ``meanwhile``):
#: the sections that read none of the rater model's parts after the last part that needs no
#: model, those that read the score changes after them, the rest (adjusted scores, profile,
#: rater table) after every part. tests/test_fit_parts.py checks what each group reads.
SECTION_QUEUE: dict[str, str] = {
    name: part
    for part, names in (
        ("recheck", ("summary", "distribution", "guideline_units", "guideline_grades")),
        ("recheck", ("guideline_scope",)),
        ("recheck", ("unit_tests", "unit_pairs", "inflation", "reliability", "agreement")),
        ("recheck", ("g_study", "decision_study", "recheck", "source_summary", "kpi_drivers")),
        ("against", ("attribution", "variance", "department_shifts", "team_shifts")),
        ("against", ("against_trend", "manager_changes")),
    )
    for name in names
}


def queued_after(name: str) -> str:
    """The company part section ``name`` is queued after while every part is fitted
    (:data:`SECTION_QUEUE`; the last part of :data:`~analytics.findings.parts.FIT_ORDER`
    for a section not listed there)."""
    return SECTION_QUEUE.get(name, FIT_ORDER[-1])


#: the parameters a section takes (keyword arguments of :func:`compute_section`) and their
#: defaults: only the defaults are stored at import; any other value is computed on demand
SECTION_PARAMS: dict[str, dict[str, object]] = {
    "guideline_units": {"guideline": DEFAULT_GUIDELINE},
    "guideline_scope": {"guideline": DEFAULT_GUIDELINE},
    "guideline_grades": {"guideline": DEFAULT_GUIDELINE},
    "guideline_check": {"guideline": DEFAULT_GUIDELINE},
}


def section_params(name: str, **params: object) -> dict[str, object]:
    """``params`` of section ``name`` without those equal to their defaults (so a call with the
    defaults spelled out is the stored section); raises TypeError on a parameter the section
    does not take."""
    defaults = SECTION_PARAMS.get(name, {})
    unknown = set(params) - set(defaults)
    if unknown:
        raise TypeError(f"section {name!r} takes no parameter {sorted(unknown)}")
    return {k: v for k, v in params.items() if v is not None and v != defaults[k]}


def dataset_params(name: str, data: ScopeData) -> dict[str, object]:
    """The parameters of section ``name`` the dataset sets: its own guideline
    (:func:`~analytics.findings.scope.guideline_of`, kept in its database) for the guideline
    sections; none where it sets none (the defaults apply)."""
    if "guideline" not in SECTION_PARAMS.get(name, {}):
        return {}
    guideline, _ = guideline_of(data)
    return {} if guideline is None else {"guideline": guideline}


def compute_section(
    name: str, data: ScopeData, *, own: bool = True, **params: object
) -> pl.DataFrame | None:
    """One section; None when the scope has no ratings. ``params``: the section's parameters
    (:data:`SECTION_PARAMS`, e.g. ``guideline={"S": 0.2, ...}``); ``own``: those the dataset
    sets (:func:`dataset_params`, its guideline) apply where ``params`` does not give them
    (the import stores the sections with the defaults: ``own=False``). With the defaults, a
    scope whose section was stored at import reads it (analytics.findings.lazyscope) when it
    is current; other values are computed here (the dashboard caches them keyed on the values)."""
    if own:
        params = {**dataset_params(name, data), **params}
    params = section_params(name, **params)
    if not params:
        frame = data.stored_section(name)
        if frame is not None:
            return frame
    if not data.has_ratings() and (name not in RESULT_SECTIONS or data.outcomes.is_empty()):
        return None
    return SECTIONS[name](data, **params)


def compute_sections(
    data: ScopeData, names: Iterable[str], threads: int | None = None, own: bool = True
) -> list[pl.DataFrame | None]:
    """:func:`compute_section` of each name (``own``: with the dataset's own parameters), in
    order, on ``threads`` threads (default :data:`FIT_THREADS`): sections share intermediate
    results through the memo's locks."""
    names = list(names)
    threads = FIT_THREADS if threads is None else threads
    if threads < 2 or len(names) < 2:
        return [compute_section(name, data, own=own) for name in names]
    threadsafe.import_scipy()  # not by two threads at once
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="perflens-sec") as pool:
        return list(pool.map(lambda name: compute_section(name, data, own=own), names))
