"""A table's "Download CSV" still gives its file after the page's next run began and another
session's run ended meanwhile (rev31b finding 11: "Deferred file … not found" in the server's
log, and the click downloaded nothing). Streamlit forgot a session's buttons when its next full
run started and dropped every file function no session named when any session's run ended;
the functions are now kept for a while (:func:`ui.stinternals.keep_deferred_downloads`).

The clicks go through the manager as the browser's do (``execute_deferred`` with the button's
``deferred_file_id``); AppTest gives each run a manager of its own, which is caught here."""

from __future__ import annotations

import io

import polars as pl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError

from tests.app.apptest import drawn_with_managers
from ui import stinternals


def _table() -> None:
    import polars as pl

    from ui import tables

    tables.show(pl.DataFrame({"employee_id": ["E1", "E2"], "n": [3, 4]}), key="kept")


@pytest.fixture()
def drawn(small_demo_db, tmp_path, monkeypatch):
    """The table drawn once in English: (the run's media manager, the session's id, the
    button's deferred file id)."""
    at, (mgr,) = drawn_with_managers(_table, small_demo_db, tmp_path, monkeypatch)
    (button,) = at.get("download_button")
    (session,) = mgr._files_by_session_and_coord
    return mgr, session, button.proto.deferred_file_id


def _clicked(mgr: MediaFileManager, file_id: str) -> pl.DataFrame:
    url = mgr.execute_deferred(file_id)  # what the browser's click asks of the server
    stored = mgr._storage.get_file(url.rsplit("/", 1)[-1])
    return pl.read_csv(io.BytesIO(stored.content))


def test_download_after_the_next_run_began_and_another_session_ran(drawn):
    mgr, session, file_id = drawn
    mgr.clear_session_refs(session)  # the page runs again (a filter changed): buttons forgotten
    mgr.remove_orphaned_files()  # another user's run ends before this page drew its buttons
    got = _clicked(mgr, file_id)  # raised MediaFileStorageError before the fix
    assert got.columns[0] == "Employee ID" and got["n"].to_list() == [3, 4]
    assert _clicked(mgr, file_id).height == 2  # and again: a second click


def test_a_forgotten_download_goes_after_the_grace(drawn, monkeypatch):
    mgr, session, file_id = drawn
    mgr.clear_session_refs(session)
    mgr.remove_orphaned_files()  # kept: unnamed from now on
    monkeypatch.setattr(stinternals, "DEFERRED_GRACE_S", -1.0)
    mgr.remove_orphaned_files()
    with pytest.raises(MediaFileStorageError):
        mgr.execute_deferred(file_id)


def test_a_named_download_stays_and_the_kept_are_bounded(drawn, monkeypatch):
    mgr, session, file_id = drawn
    monkeypatch.setattr(stinternals, "DEFERRED_GRACE_S", -1.0)
    mgr.remove_orphaned_files()  # still on the page: never dropped
    assert _clicked(mgr, file_id).height == 2
    monkeypatch.setattr(stinternals, "DEFERRED_GRACE_S", 900.0)
    monkeypatch.setattr(stinternals, "DEFERRED_KEPT_MAX", 0)
    mgr.clear_session_refs(session)
    mgr.remove_orphaned_files()  # over the bound: the oldest unnamed go first
    with pytest.raises(MediaFileStorageError):
        mgr.execute_deferred(file_id)
