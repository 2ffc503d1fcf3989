"""Distributions: scores per unit with the guideline overlaid, department × cycle heat map,
inflation trend and between-unit tests, all with n and intervals; bars and cells drill down."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.calibration.fit import guideline_text
from analytics.export import figures
from analytics.findings.headlines import guideline_counts, guideline_whole_lines
from analytics.findings.sections import (
    GUIDELINE_READ_COLUMNS,
    MIN_N,
    UNASSIGNED,
    YOUR_TEAM,
    scope_first,
    unit_column,
    with_excess_intervals,
)
from analytics.findings.stories import inflation_paired_note, inflation_sentences
from analytics.findings.visibility import hidden_by_subtraction
from analytics.stats.distributions import recorded_grade_shares, tail_grades
from ui import cache, charts, guideline, shell, state, tables
from ui.i18n import t
from ui.shell import latest_departments_note, one_rater_departments_note, page_start

lang, scope, version = page_start("dist.title")
scores = shell.ratings_or_results(scope, version)  # results only: said so; grades only: no scores
_, unit_kind = unit_column(cache.scope_data(scope, version))


def drill_to(unit: object, **also: object) -> None:
    """Narrow the page to the clicked ``unit`` (``also``: the heat map cell's cycle). The
    people with no team or department ("未分配") are no unit to narrow to: a click on them
    says so instead of opening an empty page (imp21)."""
    if unit == UNASSIGNED:
        st.info(t("dist.unassigned_no_drill"))
    elif unit_kind == "team" and unit is not None and unit == scope.department:
        # a leaf department without teams is its own unit (a drill to it re-ran the page forever)
        st.info(t("dist.no_teams_no_drill", unit=figures.unit_names(pl.Series([unit]), lang)[0]))
    elif unit is not None and unit == scope.department:  # its head, at the department itself
        st.info(t("dist.own_department_no_drill", unit=unit))
    elif unit and unit_kind != YOUR_TEAM:  # a manager's one unit: their people, nothing below
        state.drill(**({"team": unit} if unit_kind == "team" else {"department": unit}), **also)


dist = cache.section("distribution", scope, version)
unit = tables.scope_unit()  # the charts in points on the company's own scale
box = cache.section("score_box", scope, version)  # quartiles per unit, not every score
# charts and the small-unit rule count people in the scope's latest cycle (rev23b item 8)
check = cache.section("guideline_check", scope, version).row(0, named=True)
cycle = check.get("cycle_id")
now = dist.filter(pl.col("cycle_id") == cycle)
small = figures.unit_names(now.filter(pl.col("small_n"))["unit"].unique(maintain_order=True), lang)
if cycle is not None:
    st.caption(t("dist.n_counts", cycle=cycle, min_n=MIN_N))
    latest_departments_note(version)
if small and scores:
    st.caption(t("dist.small_units", min_n=MIN_N, cycle=cycle, units=small))
withheld = figures.unit_names(hidden_by_subtraction(now), lang)  # no one's score by subtraction
if withheld:
    st.caption(t("auth.hidden_by_subtraction", units=withheld, k=MIN_N))
lone = cache.section("lone_units", scope, version)  # a head on the department itself, alone
if lone is not None and lone.height:
    lone_names = figures.unit_names(lone["unit"].unique(maintain_order=True), lang)
    st.caption(t("dist.lone_units", units=lone_names))
one_rater_departments_note(scope, version)  # a department rated by one manager alone

if scores and now.filter(~pl.col("small_n")).is_empty():  # every unit too small: a sentence
    st.info(t("dist.no_unit_means", cycle=cycle, min_n=MIN_N))
elif scores:
    # a team, or a leaf department without teams (its one unit is itself), has nothing below
    whole = bool(scope.team) or now["unit"].unique().to_list() == [scope.department]
    left, right = st.columns(2)
    with left:
        ev = charts.plot(
            charts.figure(
                ("dist_units", scope, version, lang),
                # a team has nothing below it: no drill, and no title inviting one
                lambda: figures.unit_means(dist, lang, cycle, unit, drills=not whole),
            ),
            on_select="rerun",
            key=state.drill_key("dist_units", scope),
            selection_mode="points",
        )
        if not scope.team:
            drill_to(charts.selected(ev))
    with right:  # a unit under MIN_N: its label, no box (rev23b item 13)
        charts.plot(
            charts.figure(
                ("dist_box", scope, version, lang),
                lambda: figures.score_box(box, lang, MIN_N, unit),
            ),
            key="dist_box",
        )

st.subheader(t("dist.guideline"), anchor="guideline")  # the overview links here
# the dataset's own guideline, edited here (rev23a item 4); the sections below use it
own, own_grades = guideline.editor(version)
if own is None:  # a scale of its own and no shares yet: asked for, nothing compared
    st.info(t("dist.guideline_missing", grades=own_grades))
else:
    top, bottom = tail_grades(own)
    st.caption(
        t(
            "dist.guideline_note",
            guideline=guideline_text(own).replace(", ", " / "),
            top="+".join(top),
            bottom="+".join(bottom),
        )
    )
fit = cache.section("guideline_units", scope, version)
if check["grades_outside"] and own is not None:  # grades the guideline does not name
    st.warning(
        t(
            "dist.grades_outside",
            grades=list(check["grades_outside"]),
            guideline=list(check["guideline_grades"]),
        )
    )
if fit.height:
    st.caption(t("dist.guideline_cycle", cycle=fit["cycle_id"][0]))
shares = cache.section("grade_shares", scope, version)
shown = shares.filter(pl.col("n") >= MIN_N)
graded = shares.filter(pl.col("n") > 0).height > 0  # any grade to compare with the guideline
if shown.height:
    charts.plot(
        charts.figure(
            ("dist_guideline", scope, version, lang),
            lambda: figures.guideline_bars(shown, lang, own),
        ),
        key="dist_guideline",
    )
elif graded or check.get("n_graded"):  # grades, but no unit with enough of them (of one
    st.info(t("dist.no_grade_units", cycle=cycle, min_n=MIN_N))  # person each: rev23b 8)
else:  # a scope (a filter, a file of ratings only) whose latest cycle records no grade
    st.info(t("dist.no_grades", cycle=cycle))
if check["grades_outside"]:  # no fit: the table shows the company's own grades instead
    tables.show(
        recorded_grade_shares(shown).select("unit", "grade", "count", "share"),
        key="dist_grade_table",
    )
elif graded:  # no grades: no one to move, no basis for a count
    # full width, which way and how many first (tables.PRIORITY)
    whole_row = cache.section("guideline_scope", scope, version)  # the scope's own, first
    tables.show(
        with_excess_intervals(scope_first(whole_row, fit)).select(
            *GUIDELINE_READ_COLUMNS, "significant"
        ),
        key="dist_guideline_table",
    )
    # the largest: which way, how many would move beyond a compliant unit of its size; first every
    # unit off the guideline, named (up to ALL_NAMED), counted: not three of six (rev24a 13)
    readings = fit.filter(pl.col("move_p90").is_not_null()).head(3)
    off = guideline_counts(fit, unit_kind)  # teams called teams (left31)
    everyone = cache.whole_grades(scope, version, cycle, next(iter(own or {}), None))
    name = cache.whole_name(scope, version)  # the viewer's reach, not the company (rev35b)
    whole = guideline_whole_lines(shares, own or {}, name, everyone, unit_kind)
    if whole:  # the whole scope off the guideline, and which units differ from the rest of it
        st.info(" ".join(t(code, **params) for code, params in whole))
    if off["n"]:  # one unit judged (no teams below): no "teams", no "many compared"
        one = off["units"] == 1
        st.caption(t("dist.off_one_unit" if one else "dist.off_units", k=readings.height, **off))
    for r in readings.iter_rows(named=True):
        st.caption(
            t(
                "dist.moves_reading",
                unit=r["unit"],
                n=r["n"],
                direction=t(f"direction.{r['direction'] or 'too_small'}"),
                moves=r["people_to_move"],
                median=r["move_median"],
                p90=r["move_p90"],
            )
        )

if not scores:  # grades only: the sections of scores below are said to need them (the note)
    st.stop()
st.subheader(t("dist.heatmap"))
latest_departments_note(version)  # a person's one department, in every cycle (rev22)
heat = cache.section("heatmap", scope, version)
ev = None
if heat.filter(~pl.col("small_n") & pl.col("mean").is_not_null()).is_empty():  # rev23b item 8
    st.info(t("dist.no_heat_cells", min_n=MIN_N))  # a sentence, not a grid of grey or nothing
else:
    ev = charts.plot(
        charts.figure(
            ("dist_heatmap", scope, version, lang), lambda: figures.heatmap(heat, lang, unit)
        ),
        on_select="rerun",
        key=state.drill_key("dist_heatmap", scope),
        selection_mode="points",
    )
cell = charts.selected(ev)
if isinstance(cell, list) and len(cell) >= 2:  # [unit, cycle, n]: narrow to that unit and cycle
    drill_to(cell[0], cycles=[cell[1]])

st.subheader(t("dist.inflation"))
trend = cache.section("inflation", scope, version)
charts.plot(
    charts.figure(
        ("dist_inflation", scope, version, lang), lambda: figures.inflation_chart(trend, lang, unit)
    ),
    key="dist_inflation",
)
if trend.height == 1:  # one cycle: a level, no trend (rev19d)
    st.caption(t("dist.inflation_one_cycle", cycle=trend["cycle_id"][0]))
if trend.height and not figures.has_top_share(trend):  # no second axis drawn: say why
    if trend["n_graded"].sum():  # grades recorded, on a scale whose top is not known
        recorded = recorded_grade_shares(shares)["grade"].unique(maintain_order=True)
        st.caption(t("dist.inflation_unknown_grades", grades=" / ".join(recorded.to_list())))
    else:
        st.caption(t("dist.inflation_no_grades"))
if paired := inflation_paired_note(trend, lang):  # overlapping bars are not "no change"
    st.caption(paired)
for words in inflation_sentences(trend, unit, lang):  # one per run of cycles on one scale
    st.markdown(words)

st.subheader(t("dist.tests"))
kw = cache.section("unit_tests", scope, version)
if now.filter(~pl.col("small_n")).height < 2:  # nothing to compare: said, no empty table
    code = "dist.no_tests_withheld" if withheld else "dist.no_tests"  # hidden: not too small
    st.info(t(code, cycle=cycle, min_n=MIN_N, units=withheld))
    kw = kw.clear()
elif kw.height and kw["H"][0] is not None:
    r = kw.row(0, named=True)
    st.markdown(
        t(
            "dist.kw",
            H=r["H"],
            df=r["df"],
            p=r["pval"],
            eps=r["epsilon_sq"],
            lo=r["epsilon_sq_lo"],  # a lower end of 0 is 0.000, not "—" (rev21 item 11)
            hi=r["epsilon_sq_hi"],
            n=r["n"],
            k=r["k"],
            cycle=r["cycle_id"],  # the latest cycle: one score per person (rev23b item 1)
        )
    )
if kw.height:
    st.caption(t("dist.pairs", cycle=kw["cycle_id"][0]))
    tables.show(cache.section("unit_pairs", scope, version), key="dist_pairs")

st.subheader(t("dist.summary"))
if dist.is_empty() and lone is not None and lone.height:  # "no data" would be untrue
    st.caption(t("dist.lone_only"))
else:
    tables.show(dist, key="dist_summary", csv_name="perflens_distribution.csv")
