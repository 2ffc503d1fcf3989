"""Overview: what is loaded, completion of reviews, and the headline findings with links."""

from __future__ import annotations

import streamlit as st

from analytics.export import figures
from analytics.findings.scope import completion_roles
from analytics.text import render_frame
from analytics.text.labels import column_label
from ui import cache, charts, state, tables
from ui.i18n import get_lang, t
from ui.shell import SECTION_PARAM, ensure_entry, reach_guard

ensure_entry()  # a deep link on a fresh server: run through the entry script first
lang = get_lang()

st.title(t("overview.title"))
version = cache.version()
ov = cache.overview(version)
tot = ov["totals"].row(0, named=True)
scope = state.current_scope()
view = cache.view(version)
# the reach, and for a view that may not see individuals who is left out of every count (the
# people at a department's root): an analyst's 1,992 beside the administrator's 2,000 had no
# word (rev29b item 4); then no counts nor headlines of a handful of people (analyst)
reach_guard(scope, version)
# the scope in words as this viewer's reach narrows it (a department head's subtree, a
# manager's team), not "Company"
label = (scope if view.is_everything else view.clip(scope)).label(lang)
results = cache.results_only(scope, version)  # final scores and grades, no rating: counted
if results or scope.narrowed() or scope.cycles or not view.is_everything:  # filters, reach
    summary = cache.section("summary", scope, version).row(0, named=True)
    tot = (
        tot
        | {k: summary[k] for k in ("employees", "ratings", "raters")}
        | {"cycles": len([c for c in summary["cycles"].split(", ") if c])}
    )
    st.caption(t("common.scope", scope=label))
# the quarantined rows of the people this viewer may see (of the filter's people)
tot = tot | {"quarantined": cache.quarantined(scope, version)}
cols = st.columns(5)
for col, key, value in zip(
    cols,
    ("employees", "cycles", "ratings", "raters", "quarantined"),
    (tot["employees"], tot["cycles"], tot["ratings"], tot["raters"], tot["quarantined"]),
):
    col.metric(t(f"overview.{key}"), f"{value:,}")
# the raters' tile counts self-ratings too, and says so (a line, not a tooltip: its button
# reads "Help for …" in English); the headline counts raters of others
st.caption(t("common.results_only_note" if results else "overview.raters_help"))

st.subheader(t("overview.headlines"))
st.caption(t("common.scope", scope=label))
if not scope.cycles and cache.store_status() == "refreshing_all_cycles":
    # fitted on demand here, the all-cycles models would take as long as the refresh that is
    # fitting them, beside it: say so instead (single cycles are stored and current)
    st.info(t("store.headlines_refreshing"), icon=":material/sync:")
else:
    for text, page, anchor in charts.headlines(scope, version):
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        c1.markdown(f"- {text}")
        # the page's filters kept, and the section to land at (ui.shell.land_at_section)
        to = {SECTION_PARAM: anchor} if anchor else None
        c2.page_link(page, label=t("overview.go"), query_params=to)
    hidden = cache.left_out("raters", scope, version)  # the rater headlines: of those shown
    if hidden:
        st.caption(t("overview.raters_left_out_role", hidden=hidden))
if results:  # no rating: no ratings per cycle, role or source to count
    st.stop()

# these count every rating loaded: with a filter set, say so rather than let them read as the
# filtered scope (review of issue 19, minor 3: 2,000 people beside a 424-person KPI); a viewer
# with a reach, every rating of it, said always (rev35 finding 2: a department head read every
# department's completion and the company's counts)
reach = cache.overview_in_reach(version)
filtered = scope.narrowed() or bool(scope.cycles)
if reach is not None:
    ov = ov | {k: reach[0][k] for k in ("per_cycle", "per_role", "completion")}
    whole = t("overview.reach_wide", scope=reach[1].where(lang))
else:
    whole = t("overview.company_wide") if filtered else None
left, right = st.columns(2)
with left:
    st.subheader(t("overview.per_cycle"))
    if whole:
        st.caption(whole)
    charts.plot(
        charts.figure(
            ("overview_cycles", version, lang, reach and reach[1]),
            lambda: figures.cycle_counts(ov["per_cycle"], lang),
        ),
        key="overview_cycles",
    )
    per_cycle = ov["per_cycle"].drop("ordering")
    config, hidden = tables.fit(per_cycle, tables.headers(per_cycle, lang), share=0.5)
    tables.plain(per_cycle, "overview_per_cycle", config)  # our CSV: the headers as shown
    tables.more_columns(hidden)
with right:
    st.subheader(t("overview.per_role"))
    if whole:
        st.caption(whole)
    per_role = render_frame(ov["per_role"], lang)
    config, hidden = tables.fit(per_role, tables.headers(per_role, lang), share=0.5)
    tables.plain(per_role, "overview_per_role", config)
    tables.more_columns(hidden)
# the whole width: three completion bars (about 120 px each) beside the department and the count
# do not fit in half the page at 1280 px, and the manager and peer columns were hidden (rev19)
# the sources the dataset holds, each a column (skip-level too); one it never uses is said
# once, not shown as 0% done in every department (rev23a item 13)
held, unused = completion_roles(ov["completion"])
if held:  # some rating loaded: its sources, each a column
    st.subheader(t("overview.completion", roles=held))
    if whole:
        st.caption(whole)
    if unused:
        st.caption(t("overview.completion_unused", roles=unused))
    done = tuple(f"{r}_done" for r in held)
    completion = ov["completion"].select("department", "employee_cycles", *done)
    completion = tables.rounded_percents(completion, done)  # one decimal, as every table
    config, hidden = tables.fit(
        completion,
        {
            **tables.headers(completion, lang),
            **{c: tables.percent_column(column_label(c, lang), progress=True) for c in done},
        },
    )
    tables.plain(completion, "overview_completion", config)
    tables.more_columns(hidden)
