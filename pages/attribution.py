"""Trend attribution: stacked contributions per department and cycle, a waterfall per
employee, department shifts with tests, people against the trend, KPI drivers."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.export import figures
from analytics.findings import stories as story
from analytics.findings.fewnames import with_few_names
from analytics.findings.units import convert
from analytics.stats.attribution import AGAINST_COLUMNS, AGAINST_Z
from ui import cache, charts, personpicker, state, tables
from ui.i18n import choose, t
from ui.shell import latest_departments_note, no_data, page_start

PICK_MAX = 300  # people in the waterfall's list

lang, scope, version = page_start("attr.title")
if len(scope.cycles) == 1:  # a change needs two cycles: say so instead of an empty page
    st.info(t("attr.one_cycle", cycle=scope.cycles[0]))
    st.stop()
changes = cache.section_columns("attribution", scope, version, charts.CHANGE_COLUMNS)
if changes is None or changes.height == 0:
    no_data(scope, version)
st.caption(t("attr.note"))

cycle_units = cache.cycle_units(version)  # a pair of cycles on one scale: its points
# changes across a change of scale: said at the top, as /distributions says it (rev28b item 7)
breaks = story.scale_breaks(changes, cycle_units)
for b in breaks:
    st.warning(t("attr.scale_break", **b | {k: b[k].words(lang) for k in ("before", "after")}))
st.subheader(t("attr.stacked"))
st.caption(t("attr.n_changes", n=changes.height))
shifts = cache.section("department_shifts", scope, version)  # the bars' environment answer
ev = charts.plot(
    charts.figure(  # in the shift sentences' points: each pair of cycles on its shared scale
        ("attr_bars", scope, version, lang),
        lambda: figures.attribution_bars(changes, lang, tables.scope_unit(), cycle_units, shifts),
    ),
    on_select="rerun",
    key=state.drill_key("attr_bars", scope),
    selection_mode="points",
)
dept = charts.selected(ev)
if dept and dept != scope.department:
    state.drill(department=dept)

st.subheader(t("attr.stories"), anchor="shifts")  # the overview links here
latest_departments_note(version)  # departments as of the latest cycle (rev22)
unit, drivers = tables.scope_unit(), cache.section("kpi_drivers", scope, version)
stories = cache.derived(  # reads every change: once per scope and data version
    ("attr_stories", scope, version, unit),
    lambda: story.shift_sentences(shifts, changes, drivers, unit, cycle_units),
)
charts.sources_note(changes)  # the rater parts below hold a change of sources too (rev23b)
if stories.height:
    charts.bullets(stories["story"], lang, "story")
else:
    st.caption(t("attr.no_stories"))
limits = story.material_shift(unit, shifts)
team_moves = story.team_shift_sentences(
    cache.section("team_shifts", scope, version), unit, cycle_units
)
# Holm-significant, not listed (small, or in one team): table, tick and sentence agree (rev19c);
# the note points to the team section only when the page shows one (rev28a 10)
if "flag" in shifts.columns:
    shifts = shifts.with_columns(holm_significant="flag", listed_shift="significant")
    # a pair one department dominates says why in its sentences (fixattr31)
    quiet = shifts["flag"] & ~shifts["significant"] & ~shifts["environment_joint"].fill_null(False)
    if k := int(quiet.sum()):
        note = (
            "attr.significant_not_listed_teams"
            if team_moves.height
            else "attr.significant_not_listed"
        )
        st.caption(t(note, n=k, **limits))
st.caption(t("attr.shift_limits", **limits))
if team_moves.height:
    charts.bullets(team_moves["story"], lang, "story", t("attr.team_stories"))
if "environment_joint" in shifts.columns and shifts["environment_joint"].any():  # rev29a 1
    if joint_pairs := story.joint_pairs(shifts):  # why once per untold pair (left30 3, left32)
        st.markdown(f"**{t('attr.environment_joint')}**")
        st.caption(t("attr.environment_joint_in_pairs", **joint_pairs))
    joint = convert(shifts.filter(pl.col("environment_joint")), tables.scope_unit())  # points
    charts.bullets(joint["flag_reason"], lang, "reason")
rater_changes = story.rater_change_sentences(shifts, unit, cycle_units)
if rater_changes.height:
    charts.bullets(rater_changes["reason"], lang, "reason", t("attr.rater_changes"))

# both tables full width: at 1280 each shows its estimates with their intervals
st.subheader(t("attr.variance"))
st.caption(t("attr.variance_note"))
tables.show(
    cache.section("variance", scope, version).select(
        "dept",
        "scope",
        "n_employees",
        "mean_change",
        "share_environment",
        "share_environment_ci95_low",
        "share_environment_ci95_high",
        "share_rater",
        "share_rater_ci95_low",
        "share_rater_ci95_high",
        "share_rater_status",
        "share_rater_reason",
        "share_individual",
        "share_individual_ci95_low",
        "share_individual_ci95_high",
    ),
    key="attr_variance",
    person_col=None,
    first=("share_environment", "share_rater", "share_individual"),
)
# the department first, then the change with its interval and status (tables.PRIORITY)
st.subheader(t("attr.shifts"))
st.caption(t("attr.shifts_note"))
tables.show(
    shifts.select(
        c
        for c in (
            "dept",
            "from_cycle",
            "to_cycle",
            "n",
            "department",
            "ci95_low",
            "ci95_high",
            "p_holm",
            "company",
            "company_ci95_low",
            "company_ci95_high",
            "holm_significant",
            "listed_shift",
            "rater_change_share",
            "confounded_with_rater_change",
        )
        if c in shifts.columns
    ),
    key="attr_shifts",
    person_col=None,
)

st.subheader(t("attr.waterfall"))
# the largest movers to pick from, anyone else by id: ranked once per scope and data version
top, known = cache.derived(
    ("attr_movers", scope, version), lambda: cache.largest_movers(scope, version, PICK_MAX)
)
# the pickers side by side above, the chart across the page's width below: in a column a
# fraction of it wide, Streamlit gave the chart its width twice (rounded to 0.001 px, then
# exact) and the browser drew it twice
w1, w2 = st.columns([2, 1])  # room for "E000015 曹敏 · 销售中心/华东区"
# the person page's search and words ("1051 王伟 · 销售中心") among everyone with a change
emp = personpicker.pick_among(w1, known, top, version, PICK_MAX)
# a pseudonymised view finds by its hashed ids only (no names, no roster: rev27b item 5)
hint = "attr.pick_note_pseudonymised" if cache.view(version).pseudonymised else "attr.pick_note"
w1.caption(t(hint, n=min(PICK_MAX, len(known))))
rows = cache.section_rows("attribution", scope, version, emp).sort("to_order")
crossing = {(b["from_cycle"], b["cycle"]) for b in breaks}  # opens on one scale's change
on_one = [
    i for i, p in enumerate(rows.select("from_cycle", "to_cycle").rows()) if p not in crossing
]
pair = w2.selectbox(
    " ",
    rows["to_cycle"].to_list(),
    index=on_one[-1] if on_one else rows.height - 1,
    key="attr_pair",
    format_func=lambda c: f"→ {c}",
    placeholder=choose(),
    label_visibility="collapsed",
)
row = figures.with_environment_answer(rows.filter(pl.col("to_cycle") == pair), shifts)
row = with_few_names(row, cache.names(version)).row(0, named=True)  # as the bars (left32)
fig = charts.waterfall(row, lang, tables.scope_unit(), ("attr", scope, emp, pair, version))
charts.plot(fig, key="attr_waterfall", modebar=True)
charts.waterfall_notes(  # sources, manager change (and the rater page's linked estimate)
    st,
    row,
    tables.scope_unit(),
    manager=True,
    teams=cache.section("manager_changes", scope, version),
)
state.person_link(w2, emp, t("common.open_person"), pair=pair)  # opens on this change

st.subheader(t("attr.against"), anchor="against")  # the overview links here
against = cache.section("against_trend", scope, version)
tables.show(  # changes there, nobody far enough against the shift: said so (rev30b item 5)
    against.select([c for c in AGAINST_COLUMNS if c in against.columns]),
    key="attr_against",
    empty=t("attr.against_none", z=AGAINST_Z) if changes.height else None,
)

teams = cache.section("manager_changes", scope, version)
if teams is not None and teams.height:
    st.subheader(t("attr.manager_changes"))
    st.caption(t("attr.manager_changes_note"))
    tables.show(
        teams.select(
            *(["department_path"] if "department_path" in teams.columns else ["dept"]),
            "from_cycle",
            "to_cycle",
            "manager_from",
            "manager_new",  # and those still rating, not the sets "00902 → 00902,00907"
            "manager_kept",
            "n",
            "diff_vs_stable",
            "ci95_low",
            "ci95_high",
            # in words: from other sources, through the links (rev27a item 2), or not
            "scale_estimate" if "scale_estimate" in teams.columns else "estimated",
            "reason",
        ),
        key="attr_manager_changes",
        person_col=None,
    )

st.subheader(t("attr.kpi"))
drivers = cache.section("kpi_drivers", scope, version)
if drivers.height:
    st.caption(t("attr.kpi_note"))
    charts.plot(
        charts.figure(
            ("attr_kpi", scope, version, lang), lambda: figures.kpi_driver_bars(drivers, lang)
        ),
        key="attr_kpi",
    )
    tables.show(
        drivers.select(
            "dept",
            "from_cycle",
            "to_cycle",
            "kpi",
            "n",
            "contribution",
            "contribution_ci95_low",
            "contribution_ci95_high",
            "weight_from",
            "weight_to",
            "attainment_from",
            "attainment_to",
        ),
        key="attr_kpi_table",
        person_col=None,
    )
else:
    st.caption(t("attr.kpi_none"))
