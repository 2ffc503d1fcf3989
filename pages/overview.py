"""Overview: what is loaded, completion of reviews, and the headline findings with links."""

from __future__ import annotations

import streamlit as st

from analytics.export import figures
from analytics.text import render_frame
from ui import cache, charts, state
from ui.i18n import get_lang, t
from ui.shell import ensure_entry

ensure_entry()  # a deep link on a fresh server: run through the entry script first

st.title(t("overview.title"))
version = cache.version()
ov = cache.overview(version)
tot = ov["totals"].row(0, named=True)
cols = st.columns(5)
for col, key, value in zip(
    cols,
    ("employees", "cycles", "ratings", "raters", "quarantined"),
    (tot["employees"], tot["cycles"], tot["ratings"], tot["raters"], tot["quarantined"]),
):
    col.metric(t(f"overview.{key}"), f"{value:,}")

scope = state.current_scope()
st.subheader(t("overview.headlines"))
st.caption(t("common.scope", scope=scope.label(get_lang())))
for text, page in charts.headlines(scope, version):
    c1, c2 = st.columns([5, 1], vertical_alignment="center")
    c1.markdown(f"- {text}")
    c2.page_link(page, label=t("overview.go"))

left, right = st.columns(2)
with left:
    st.subheader(t("overview.per_cycle"))
    charts.plot(figures.cycle_counts(ov["per_cycle"], get_lang()), key="overview_cycles")
    st.dataframe(
        ov["per_cycle"].drop("ordering"),
        hide_index=True,
        column_config={
            "cycle_id": t("col.cycle"),
            "ratings": t("col.ratings"),
            "employees": t("col.employees"),
            "raters": t("col.raters"),
        },
    )
with right:
    st.subheader(t("overview.per_role"))
    st.dataframe(
        render_frame(ov["per_role"], get_lang()),
        hide_index=True,
        column_config={
            "rater_role": t("col.role"),
            "ratings": t("col.ratings"),
            "employees": t("col.employees"),
        },
    )
    st.subheader(t("overview.completion"))
    pct = st.column_config.ProgressColumn
    st.dataframe(
        ov["completion"],
        hide_index=True,
        column_config={
            "department": t("col.department"),
            "employee_cycles": t("col.employee_cycles"),
            "self_done": pct(t("col.self_done"), format="percent", min_value=0, max_value=1),
            "manager_done": pct(t("col.manager_done"), format="percent", min_value=0, max_value=1),
            "peer_done": pct(t("col.peer_done"), format="percent", min_value=0, max_value=1),
        },
    )
