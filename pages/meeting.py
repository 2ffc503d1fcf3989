"""Calibration session: the meeting itself. Open or create a session for a department, move
people between grades with a reason, undo, watch the guideline fit and the bonus pool, read the
what-if's close calls, sign off, download the write-back file, reopen."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.auth.roles import signer_words
from analytics.calibration import fit, original, reach, record, sessions, writeback
from analytics.calibration.moves import Move, Refused
from analytics.store import calstore
from analytics.threadsafe import each
from ui import adverse, appeals, bins, bonus, cache, calibration, charts, newsession, tables
from ui.audit import refuse
from ui.i18n import t
from ui.shell import page_start, unit_caption

# the scale caption is the session cycle's (drawn below), not the sidebar's cycles': a session
# of a 0-100 cycle said "1-5" when the sidebar had a 1-5 cycle chosen (session 44)
lang, scope, version = page_start("cs.title", breadcrumb=False, scale_caption=False)
path, who = cache.db_path(), calibration.author()
if not reach.may_meet(who):  # a manager or analyst reaching /meeting by its address
    text = t("calib.role_no_sessions", user=who.user or "-", role=who.role)
    refuse("page", "meeting", text)
    st.stop()


def waiting() -> None:
    st.info(t("db.waiting", file=path))


def act(fn, *args, slot: str = "cs_error", **kwargs) -> None:
    """Run one change; a refusal is said in the user's words (where ``slot`` is shown: the
    top of the page, or beside the control) and nothing is saved."""
    try:
        fn(path, *args, on_wait=waiting, **kwargs)
        calibration.seen_versions(sessions.load(path, sid), refresh=True)  # own change seen
    except Refused as exc:
        st.session_state[slot] = exc.message(lang)
    st.rerun()


# the sessions' file opened once for these reads (each open is a DuckDB instance, 20-50 ms)
with calstore.kept(path, on_wait=waiting):
    listed = sessions.list_sessions(path, who)  # the sessions within the viewer's reach
    options = cache.options(version)  # the departments within it
    calibration.refuse_unreachable(listed["session_id"].to_list(), path, who, lang)
    newsession.form(path, who, options, waiting, open_=listed.is_empty())  # ui/newsession.py
    if err := st.session_state.pop("cs_error", None):
        st.error(err)
    if listed.is_empty():
        st.info(newsession.none_yet())  # the words fit the form's scope kind
        st.stop()
    labels = {
        r["session_id"]: t(
            "cs.label",
            session=r["session_id"],
            cycle=r["cycle_id"],
            scope=sessions.scope_words(r["scope_kind"], r["session_scope"], lang),
            status=t(f"calib.status.{r['status']}"),
        )
        for r in listed.iter_rows(named=True)
    }
    ids = list(labels)
    sid = calibration.pick_session(ids, labels, path, who, lang)
    s = sessions.load(path, sid, who)
    closed = s.row["status"] == "closed"
    # drawn fresh on every run (the picker's label can lag behind a change until a reload)
    st.caption(t("cs.status_now", status=t(f"calib.status.{s.row['status']}")))
    unit_caption(cache.unit((s.row["cycle_id"],), version))
    if note := calibration.overlap_note(path, sid, s.row["cycle_id"]):  # rev21 M5
        st.warning(note)
st.caption(newsession.people_line(s))
seen = calibration.seen_versions(s)
grades = s.grades.select(
    "employee_id",
    "name",
    "department",
    pl.col("imported").alias("imported_grade"),
    pl.col("proposed").alias("proposed_grade"),
    pl.col("final").alias("final_grade"),
)
allowed = s.grades_allowed


def save(moves: list[Move], where: str = "cs_error", on_saved=None) -> None:
    """Save moves decided on the versions this browser saw; then it has seen the new state
    (``on_saved()``, when given, is called then: the bins' confirmation). A refusal is said
    at ``where`` (each control's own place: beside its inputs). A stale refusal (someone
    else changed a person meanwhile) also takes in the state it names: this browser has now
    seen it, so the grade table's and the bins' unsaved edits and the reasons are cleared and
    the next save is a fresh decision on the current grades, never the refused edit saved
    again over the other change."""
    try:
        sessions.apply(path, sid, moves, who, on_wait=waiting)
        calibration.seen_versions(sessions.load(path, sid), refresh=True)
        st.session_state.pop("cs_reason", None)  # saved: the form's reason starts empty again
        st.session_state.pop("cs_pending_reason", None)
        if on_saved is not None:
            on_saved()
    except Refused as exc:
        message = exc.message(lang)
        if exc.code == "stale":
            calibration.seen_versions(sessions.load(path, sid), refresh=True)
            st.session_state.pop("cs_reason", None)
            st.session_state.pop("cs_pending_reason", None)
            message = f"{message} {t('cs.stale_cleared')}"
        st.session_state[where] = message
    st.rerun()


impact = adverse.section(path, s, lang)  # before sign-off: a warning, never a block

if closed:
    signed = signer_words(s.row["signed_by"], s.row["facilitator"], lang)  # and the host
    st.success(t("cs.closed", who=signed, at=record.when(s.row["signed_at"], lang)))
    # the write-back files and the reopen under the sign-off line, filled at the end (the
    # record repeats the shift note drawn below): they were under the audit table (rev32a 3)
    top = st.container()
else:
    calibration.move_form(s, allowed, seen, save, lang)  # grade opens on the current
    b1, b2 = st.columns([1, 2])  # the sign-off confirmation has room for its words
    b1.button(
        t("cs.undo"),
        key="cs_undo",
        on_click=st.session_state.__setitem__,
        args=("cs_undo_go", True),
    )
    b1.caption(t("cs.undo_help"))  # a whole save (not a tooltip: fiximp30's rule)
    if st.session_state.pop("cs_undo_go", False):  # set before the run the click starts
        act(calibration.undo, s, who)  # the whole last save, its people named after
    # a confirm step, repeating how many adverse-impact warnings stand (rev21 minor 3)
    warned = sum(v in adverse.WARN for v in impact.verdicts["verdict"].to_list())
    # wrapped: in a column a checkbox's label is cut with "…" (issue 19, at 1280 px wide)
    sure = b2.checkbox(t("cs.signoff_confirm", n=warned), key=f"cs_signoff_ok_{sid}", wrap=True)
    why = None if sure else t("cs.signoff_why")  # a disabled button says why (rev31b item 6)
    if b2.button(t("cs.signoff"), key="cs_signoff", type="primary", disabled=not sure):
        act(sessions.sign_off, sid, who, based_on=s.row["version"])  # on what was shown
    if why:
        b2.caption(why)
    if done := st.session_state.pop("cs_undone", None):  # who the undo took back, named
        st.success(done, icon=":material/undo:")

# keyed: an unkeyed tab bar is drawn anew, on its first tab, when an element above it appears
# or goes between runs (the waiting notice, a warning after a move): a facilitator moving
# people from the bins was sent back to the table and missed the move's confirmation
tab_table, tab_bins = st.tabs([t("cs.tab_table"), t("cs.tab_bins")], key="cs_tabs")
with tab_table:
    if closed:
        tables.show(grades, key="cs_grades", person_col=None)
    else:
        # keyed on what this browser saw, not on the stored version: another tab's change
        # does not wipe an edit here, it is refused as stale on save, naming it (rev21 M4)
        ed_key = calibration.editor_key(s, seen)
        pending = calibration.grade_editor(grades, allowed, ed_key, lang)
        if err := st.session_state.pop("cs_pending_error", None):  # beside the table
            st.error(err)
        if done := st.session_state.pop("cs_pending_done", None):  # the moves saved, named
            st.success(done, icon=":material/check:")
        if pending:  # plain widgets, not a form: the save's click reaches AppTest too
            st.warning(t("cs.pending", moves=[f"{e} {a or '-'} → {b}" for e, a, b in pending]))
            c1, c2 = st.columns([1, 2])
            category = calibration.reason_category(c1, "cs_pending_category", lang)
            text = c2.text_input(t("cs.reason"), key="cs_pending_reason")
            st.button(
                t("cs.save_pending"),
                key="cs_pending_save",
                type="primary",
                on_click=st.session_state.__setitem__,
                args=("cs_pending_go", True),
            )
            if st.session_state.pop("cs_pending_go", False):  # set before the run it starts
                moves = calibration.pending_moves(pending, category, text, seen)
                done = calibration.confirm(moves, s.grades, "cs_pending_done")
                save(moves, "cs_pending_error", done)
with tab_bins:  # the same people in one column per grade (or potential x grade)
    unit = cache.unit((s.row["cycle_id"],), version)
    bins.section(s, bins.people_of(s, version), unit, lang, seen, save)
calibration.evidence_panel(s, version)  # one click from the grade table
live = fit.live_fit(s.grades, s.guideline)
st.subheader(t("cs.fit"))
charts.plot(calibration.fit_bars(s, lang), key="cs_bars", modebar=True)
move = live.row(0, named=True)
st.markdown(
    t("cs.to_move", n=move["people_to_move"], med=move["move_median"], p90=move["move_p90"])
)
shift = calibration.scope_shift_note(s, version)  # the department's own shift by the moves
tables.show(live.drop("people_to_move", "move_median", "move_p90"), key="cs_fit", person_col=None)

bonus.section(s, path, lang)  # ui/bonus.py: scheme, pool, base column

st.subheader(t("cs.what_if"))
st.caption(t("cs.what_if_note"))
calls = calibration.close_calls(s)  # cached per session version
if calls.height:
    # worded on this thread (a Polars pool thread has no session: the language was lost,
    # and the pool waiting for the GIL froze the server, analytics.threadsafe.each)
    calls = calls.with_columns(
        each(calls["move_direction"], lambda d: t(f"calib.direction.{d}", lang), pl.String)
    )
# on the session cycle's scale, whatever the sidebar's cycles: scores and boundaries alike
cycle_unit = cache.unit((s.row["cycle_id"],), version)
if calls.height:
    calls = calibration.how_close(calls, cycle_unit, lang)
    if tied := calls.filter(pl.col("tied").is_not_null()).height:  # the order chose (rev32b 3)
        st.warning(t("cs.what_if_ties", n=tied))
tables.show(calls, key="cs_what_if", unit=cycle_unit)

appeals.session_section(s, version)  # the session's people's appeals (ui/appeals.py)
st.subheader(t("cs.audit"))
st.caption(t("cs.audit_order"))  # the change just saved is the first row (rev21 item 8)
audit_rows = writeback.audit_frame(s, lang, screen=True).sort("audit_seq", descending=True)
tables.show(audit_rows, key="cs_audit", person_col=None)
if closed:
    rows, own = sessions.writeback_rows(path, s), original.load(path, s)
    named = options.get("cycle_labels") or {}
    c1, c2, c3 = top.columns(3)
    c1.download_button(
        t("cs.download_xlsx"),
        writeback.to_xlsx(s, rows, lang, impact, own),
        file_name=calibration.download_name(path, s, "xlsx"),
        key="cs_xlsx",
        on_click="ignore",  # a file, not a change: no rerun of the page
        type="primary",
    )
    c2.download_button(
        t("cs.download_csv"),
        writeback.to_csv(s, rows, lang, own),
        file_name=calibration.download_name(path, s, "csv"),
        key="cs_csv",
        on_click="ignore",  # a file, not a change: no rerun of the page
    )
    c2.download_button(  # what the meeting decided, on paper (rev24a item 10)
        t("cs.download_record"),
        # with the warnings on the page, the cycle as the file named it
        record.record_html(s, rows, lang, impact, shift, named.get(s.row["cycle_id"])),
        file_name=calibration.download_name(path, s, "html").replace("calibration_", "record_", 1),
        mime="text/html",
        key="cs_record",
        on_click="ignore",  # a file, not a change: no rerun of the page
    )
    with c3.form("cs_reopen_form"):
        why = st.text_input(t("cs.reopen_reason"), key="cs_reopen_reason")
        if st.form_submit_button(t("cs.reopen")):  # a refusal beside it (rev32b item 7)
            act(sessions.reopen, sid, who, "other", why, slot="cs_reopen_error")
        if err := st.session_state.pop("cs_reopen_error", None):
            st.error(err)
