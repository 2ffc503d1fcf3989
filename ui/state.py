"""Sidebar filters mirrored in the URL (``bind="query-params"``), drill-down and breadcrumb.

A copied URL reopens the same view: every filter widget's key is its query-parameter name.
Drill-down requests are parked in ``_pending`` and applied before the widgets are built on the
next run, because a bound widget's value can only change through session state.
"""

from __future__ import annotations

import streamlit as st

from analytics.findings.scope import Scope
from ui import cache
from ui.i18n import t

__all__ = ["KEYS", "breadcrumb", "current_scope", "drill", "open_person", "sidebar_filters"]

KEYS = {
    "cycles": "cycle",
    "department": "dept",
    "team": "team",
    "level": "level",
    "job_family": "family",
    "rater_role": "role",
}


def _apply_pending() -> None:
    pending = st.session_state.pop("_pending", None)
    if pending:
        for field, value in pending.items():
            st.session_state[KEYS.get(field, field)] = value


def drill(**changes: object) -> None:
    """Narrow (or widen) the scope, e.g. ``drill(department="销售中心/华东区")``, then rerun."""
    st.session_state["_pending"] = changes
    st.rerun()


def open_person(employee_id: str) -> None:
    """Switch to the person page for ``employee_id``, keeping the language and filters.

    Why ``query_params={}``: ``st.switch_page`` otherwise clears the query parameters with a
    check that raises while widgets are bound to them (the language switch, the sidebar filters:
    "Cannot clear query parameters"), and it refuses to set a bound one. An empty mapping clears
    them without that check; the bound widgets keep their values in the session and write them
    back on the next run, and the person page's picker (bound to ``emp``) adds the person."""
    st.session_state["_pending"] = {"emp": employee_id}
    st.switch_page("pages/person.py", query_params={})


def sidebar_filters() -> Scope:
    """Draw the global filters in the sidebar and return the scope they describe."""
    _apply_pending()
    opts = cache.options(cache.version())
    sb = st.sidebar
    status = cache.store_status()
    if status != "current":  # the numbers shown are computed on demand meanwhile
        sb.info(t(f"store.{status}"), icon=":material/sync:")
    sb.multiselect(
        t("filter.cycles"),
        opts["cycles"],
        key="cycle",
        bind="query-params",
        placeholder=t("filter.all"),
    )
    sb.selectbox(
        t("filter.department"),
        opts["departments"],
        index=None,
        key="dept",
        bind="query-params",
        placeholder=t("filter.all"),
    )
    dept = st.session_state.get("dept")
    teams = opts["teams"] if not dept else opts.get("teams_by_dept", {}).get(dept, opts["teams"])
    sb.selectbox(
        t("filter.team"),
        teams,
        index=None,
        key="team",
        bind="query-params",
        placeholder=t("filter.all"),
    )
    sb.selectbox(
        t("filter.level"),
        opts["levels"],
        index=None,
        key="level",
        bind="query-params",
        placeholder=t("filter.all"),
    )
    sb.selectbox(
        t("filter.job_family"),
        opts["job_families"],
        index=None,
        key="family",
        bind="query-params",
        placeholder=t("filter.all"),
    )
    sb.selectbox(
        t("filter.rater_role"),
        opts["roles"],
        index=None,
        format_func=lambda role: t(f"role.{role}"),
        key="role",
        bind="query-params",
        placeholder=t("filter.all"),
    )
    return current_scope()


def current_scope() -> Scope:
    _apply_pending()  # no-op after sidebar_filters; needed when only the page script runs
    ss = st.session_state
    return Scope(
        cycles=tuple(ss.get("cycle") or ()),
        department=ss.get("dept"),
        team=ss.get("team"),
        level=ss.get("level"),
        job_family=ss.get("family"),
        rater_role=ss.get("role"),
    )


def breadcrumb(scope: Scope) -> None:
    """公司 › 销售中心 › 华东区 › team: each crumb widens the scope back to that level."""
    crumbs: list[tuple[str, dict]] = [(t("crumb.company"), {"department": None, "team": None})]
    if scope.department:
        parts = scope.department.split("/")
        for i, part in enumerate(parts):
            crumbs.append((part, {"department": "/".join(parts[: i + 1]), "team": None}))
    if scope.team:
        crumbs.append((scope.team, {}))
    bar = st.container(horizontal=True, gap="small", key="crumbs")
    for i, (label, change) in enumerate(crumbs):
        last = i == len(crumbs) - 1
        if bar.button(
            label + ("" if last else " ›"), key=f"crumb_{i}", disabled=last, type="tertiary"
        ):
            drill(**change)
