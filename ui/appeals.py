"""The appeals' sections of the pages (:mod:`analytics.calibration.appeals`,
:mod:`analytics.calibration.appeal_findings`): the rater page's statistics, a person's appeals
with the forms to record and resolve one, and the appeals of a calibration session's people.

Every frame comes through the viewer's view (a department head sees their subtree); the forms
are drawn only for a viewer who may edit (``hr_admin``; ``hrbp`` / ``dept_head`` inside their
reach), and the store checks again. The statistics are cached per data version and per write
of the appeals file (its size and time), so a recorded appeal shows at once."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

import polars as pl
import streamlit as st

from analytics import schema as S
from analytics.calibration import appeals
from analytics.calibration.appeal_findings import (
    AppealFindings,
    appeal_findings,
    graded_people,
    sentences,
    stores_graded,
)
from analytics.calibration.moves import Refused
from analytics.findings.scope import Scope
from ui import cache, personpicker, tables
from ui.i18n import choose, get_lang, t

__all__ = ["appeal_rows", "findings_later", "person_section", "rater_section", "session_section"]


def _generation(path: str) -> tuple | None:
    try:
        st_ = os.stat(appeals.store_path(path))
    except OSError:
        return None
    return (st_.st_mtime_ns, st_.st_size)


@st.cache_resource(max_entries=2, show_spinner=False)
def _scanned(path: str, version: str) -> pl.DataFrame:
    """Who graded whom from the rating rows, once per data version, for a store without a
    current copy of it (written by other code: refreshed in the background meanwhile). A
    current store is read by one aggregate per scope instead (:func:`graded_counts`): these
    1.26M rows at 40M ratings are never read into Python (session 28)."""
    return graded_people(cache.reader(path))


@st.cache_data(max_entries=16, show_spinner=False)
def _findings(
    path: str, version: str, generation: tuple | None, _view, viewer, scope: Scope | None = None
) -> AppealFindings:
    con = cache.connection()
    graded = None if stores_graded(con) else _scanned(path, version)
    return appeal_findings(con, path, _view, as_of=date.today(), scope=scope, graded=graded)


def findings(version: str, scope: Scope | None = None) -> AppealFindings:
    """The dataset's appeal statistics as the session's viewer may see them; with ``scope``,
    within its cycles and people (the sidebar's)."""
    path = cache.db_path()
    view = cache.view(version)
    return _findings(path, version, _generation(path), view, view.viewer, scope)


def findings_later(version: str, scope: Scope) -> Callable[[], object]:
    """:func:`findings` of ``scope`` as the session's viewer may see them, to compute later
    on another thread (:func:`ui.cache.in_quiet`): the rater page's appeal statistics were
    0.22-0.25 CPU s of its first visit at 40M ratings (session 30)."""
    path = cache.db_path()
    view = cache.view(version)
    generation = _generation(path)
    return cache.on_dataset(
        path, lambda: _findings(path, version, generation, view, view.viewer, scope)
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _appeal_rows(path: str, version: str, generation: tuple | None, _view, viewer) -> pl.DataFrame:
    return appeals.all_appeals(cache.connection(), path, _view)


def appeal_rows(version: str) -> pl.DataFrame:
    """The dataset's appeals (imported and recorded) as the session's viewer may see them:
    :func:`findings`' rows without its statistics. Why: a person page (and a calibration
    session) shows a few of these rows, and computing the company's statistics for them (1.26M
    graded person-cycles at 40M ratings) was most of a person page's first visit once its
    team's view read by person (session 27)."""
    path = cache.db_path()
    view = cache.view(version)
    return _appeal_rows(path, version, _generation(path), view, view.viewer)


def _say(found: AppealFindings) -> None:
    for code, params in sentences(found):
        if code == "appeals.signal_high":
            st.warning(t(code, **params))
        elif code.split("_")[0] in ("appeals.company", "appeals.scope", "appeals.none"):
            st.markdown(t(code, **params))
        else:
            st.caption(t(code, **params))


def rater_section(scope: Scope, version: str) -> None:
    """The rater page's appeals in the sidebar's scope (rev19d minor 2: they were the
    company's over every cycle): the sentences, the raters (those with appeals), the
    departments and the time to resolve."""
    st.subheader(t("appeals.title"))
    found = findings(version, scope)
    _say(found)
    if found.company.is_empty() or not found.company["n_appealed"].sum():
        return
    tables.show(
        found.by_rater.filter(pl.col("n_appealed") > 0),
        key="appeals_by_rater",
        csv_name="perflens_appeals_raters.csv",
        person_col=None,
        missing=t("appeals.not_estimable"),
    )
    depts = found.by_department.filter(pl.col("n_appealed") > 0)
    if scope.department:
        top = scope.department.rstrip("/")
        inside = (pl.col("department") == top) | pl.col("department").str.starts_with(top + "/")
        depts = depts.filter(inside)
    with tables.lazy_expander(t("appeals.by_department"), key="appeals_by_dept_open") as opened:
        if opened:
            tables.show(depts, key="appeals_by_dept", person_col=None)
    with tables.lazy_expander(t("appeals.times_title"), key="appeals_times_open") as opened:
        if opened:
            tables.show(found.times, key="appeals_times", person_col=None)


def _list(frame: pl.DataFrame, key: str) -> None:
    days = frame.with_columns(
        pl.col(pl.Date).dt.strftime("%Y-%m-%d")  # a day, not a midnight
    )
    tables.show(days, key=key, person_col=None)


def _save(fn, typed: dict[str, object], **kwargs) -> None:
    """Save (a form's ``on_click``, run before the page): a refusal is said above the form
    (``appeals_error``) and what the user typed stays in it; a save clears ``typed`` (widget
    key -> its value when empty). Why not ``clear_on_submit``: it cleared a refused form too,
    losing the typed reason (session 45)."""
    try:
        fn(**kwargs)
    except Refused as exc:
        st.session_state["appeals_error"] = exc.message(get_lang())
        return
    st.session_state.update(typed)


def _record(key: str, path: str, view, grades: dict[str, str], session_id: str | None) -> None:
    """Record the appeal the form ``key`` holds (its values as submitted)."""
    from analytics.calibration.sessions import now

    got = st.session_state
    person = got[f"{key}_person"]
    _save(
        appeals.submit,
        {f"{key}_reason": "", f"{key}_filed": date.today()},
        dataset_db=path,
        view=view,
        cycle=got[f"{key}_cycle"],
        employee_id=person,
        filed_at=got[f"{key}_filed"],
        reason=got[f"{key}_reason"],
        at=now(),
        session_id=session_id,
        grade=grades.get(person),
    )


def _settle(key: str, path: str, view) -> None:
    """Resolve the appeal the form ``key`` names (its values as submitted)."""
    from analytics.calibration.sessions import now

    got = st.session_state
    _save(
        appeals.settle,
        {f"{key}_after": "", f"{key}_resolver": "", f"{key}_day": date.today()},
        dataset_db=path,
        view=view,
        appeal_id=got[f"{key}_which"],
        outcome=got[f"{key}_outcome"],
        resolved_at=got[f"{key}_day"],
        at=now(),
        resolver=got[f"{key}_resolver"],
        grade_after=got[f"{key}_after"].strip(),
    )


def _forms(
    people: list[str],
    cycles: dict[str, list[str]],
    open_rows: pl.DataFrame,
    key: str,
    grades: dict[str, str] | None = None,
    session_id: str | None = None,
) -> None:
    """Record an appeal (a person of ``people``, a cycle of theirs) and resolve an open one."""
    path, view = cache.db_path(), cache.view(cache.version())
    if err := st.session_state.pop("appeals_error", None):
        st.error(err)
    # keyed: a refusal shown above must not collapse the form (an unkeyed expander is drawn
    # anew, closed, when an element above it appears)
    record = st.expander(t("appeals.record"), key=f"{key}_record_open")
    with record, st.form(f"{key}_record"):
        shown = personpicker.labels(people, cache.version())  # as every picker words them
        person = st.selectbox(
            t("appeals.person"),
            people,
            key=f"{key}_person",
            format_func=shown.get,
            placeholder=choose(people),
        )
        options = cycles.get(person, [])
        st.selectbox(t("appeals.cycle"), options, key=f"{key}_cycle", placeholder=choose(options))
        st.date_input(t("appeals.filed"), value=date.today(), key=f"{key}_filed")
        st.text_area(t("appeals.reason"), key=f"{key}_reason")
        st.form_submit_button(
            t("appeals.save"),
            key=f"{key}_save",
            on_click=_record,
            args=(key, path, view, grades or {}, session_id),
        )
    mine = open_rows.filter((pl.col("appeal_source") == "recorded") & pl.col("outcome").is_null())
    if mine.is_empty():
        return
    resolve = st.expander(t("appeals.resolve"), key=f"{key}_resolve_open")
    with resolve, st.form(f"{key}_resolve"):
        labels = {
            r["appeal_id"]: f"{r['appeal_id']} {r['employee_id']} {r['cycle_id']}"
            for r in mine.iter_rows(named=True)
        }
        st.selectbox(
            t("appeals.which"),
            list(labels),
            format_func=labels.get,
            key=f"{key}_which",
            placeholder=choose(labels),
        )
        st.selectbox(
            t("appeals.outcome"),
            S.APPEAL_OUTCOMES,
            key=f"{key}_outcome",
            format_func=lambda o: t(f"appeal_outcome.{o}"),
            placeholder=choose(),
        )
        st.text_input(t("appeals.grade_after"), key=f"{key}_after")
        st.text_input(t("appeals.resolver"), key=f"{key}_resolver")
        st.date_input(t("appeals.resolved_at"), value=date.today(), key=f"{key}_day")
        st.form_submit_button(
            t("appeals.save_resolution"),
            key=f"{key}_settle",
            on_click=_settle,
            args=(key, path, view),
        )


def person_section(
    employee_id: str, outcomes: pl.DataFrame, version: str, cycles: tuple[str, ...] = ()
) -> None:
    """A person's appeals (imported and recorded) in ``cycles`` (none: every cycle) and, for a
    viewer who may, the forms."""
    rows = appeal_rows(version).filter(pl.col("employee_id") == employee_id)
    if cycles:
        rows = rows.filter(pl.col("cycle_id").cast(pl.String).is_in(list(cycles)))
    view = cache.view(version)
    editable = appeals.may_edit(view, employee_id) and outcomes.height > 0
    if rows.is_empty() and not editable:
        return
    st.subheader(t("person.appeals"))
    if rows.height:
        _list(rows.drop("employee_id"), "person_appeals")
    if editable:
        cycles = outcomes["cycle_id"].cast(pl.String).to_list()[::-1]
        _forms([employee_id], {employee_id: cycles}, rows, "person_appeal")


def session_section(session, version: str) -> None:
    """The appeals of a calibration session's people in its cycle, and the forms (the grade
    appealed is the session's final grade)."""
    cycle = session.row["cycle_id"]
    people = session.grades["employee_id"].to_list()
    rows = appeal_rows(version).filter(
        (pl.col("cycle_id") == cycle) & pl.col("employee_id").is_in(people)
    )
    st.subheader(t("appeals.session"))
    _list(rows, "cs_appeals")
    view = cache.view(version)
    allowed = [p for p in people if appeals.may_edit(view, p)]
    if allowed:
        finals = dict(zip(people, session.grades["final"].to_list()))
        _forms(
            allowed,
            {p: [cycle] for p in allowed},
            rows,
            "cs_appeal",
            grades=finals,
            session_id=session.row["session_id"],
        )
