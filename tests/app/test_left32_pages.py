"""What the last reviews left (left32) on the pages (AppTest), each on a small frame."""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.testing.v1 import AppTest

from tests.app.apptest import drawn_with_managers
from ui import stinternals


def _table() -> None:
    import polars as pl

    from ui import shell, tables

    shell.failed_downloads()  # as the entry does on every run
    tables.show(pl.DataFrame({"employee_id": ["E1", "E2"], "n": [3, 4]}), key="kept")


@pytest.fixture()
def drawn(small_demo_db, tmp_path, monkeypatch):
    """A table with its CSV button drawn in English: (the AppTest, the media managers of its
    runs, the session's id, the button's deferred file id)."""
    at, managers = drawn_with_managers(_table, small_demo_db, tmp_path, monkeypatch)
    (button,) = at.get("download_button")
    (session,) = managers[0]._files_by_session_and_coord
    return at, managers, session, button.proto.deferred_file_id


def _said(at: AppTest, lang: str) -> list[str]:
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [toast.value for toast in at.toast]


def test_a_download_whose_export_raises_is_said_in_the_readers_language(drawn, monkeypatch):
    """left32 item 1: the export raising gave a line in the server's log and Streamlit's
    English "Failed to generate file for download" for five seconds under the button."""
    at, managers, _session, file_id = drawn

    def broken(*_a, **_k) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr("ui.tables.to_csv", broken)
    for lang, words in (
        ("中文", ("未能生成", "请再点一次", "刷新页面")),
        ("English", ("could not be made", "Click its download button again", "reload the page")),
    ):
        with pytest.raises(MediaFileStorageError):
            managers[-1].execute_deferred(file_id)  # the browser's click
        (said,) = _said(at, lang)
        assert "_kept_" in said and "OSError: disk full" in said
        assert all(w in said for w in words), said
        assert _said(at, lang) == []  # said once
        # the renewed button (AppTest gives each run a manager of its own)
        file_id = at.get("download_button")[0].proto.deferred_file_id


def test_a_download_no_longer_kept_is_said(drawn, monkeypatch):
    """left32 item 1: a click on a button whose file function was dropped ("Deferred file …
    not found") is said to the session that drew it, with what to do."""
    at, (mgr,), session, file_id = drawn
    mgr.clear_session_refs(session)  # the page ran again
    monkeypatch.setattr(stinternals, "DEFERRED_GRACE_S", -1.0)
    mgr.remove_orphaned_files()  # and the old button's function went
    with pytest.raises(MediaFileStorageError):
        mgr.execute_deferred(file_id)
    (said,) = _said(at, "中文")
    assert "_kept_" in said and "已过期" in said and "刷新页面" in said
    assert _said(at, "English") == []


def test_a_failed_download_asks_its_session_to_run_again():
    """The page that says it runs at once: the failure asks the session that drew the button
    to run again (a manager of its own here, with two sessions' buttons)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    mgr = MediaFileManager(MemoryMediaFileStorage("/media"))
    asked: list[str] = []
    stinternals.note_failed_downloads(mgr, asked.append)
    with mgr._lock:  # two sessions' buttons, as add_deferred registers them
        for sid, fn in (("s1", lambda: b"ok"), ("s2", lambda: 1 / 0)):
            mgr._deferred_callables[sid + "f"] = {
                "callable": fn,
                "mimetype": "text/csv",
                "filename": f"{sid}.csv",
                "coordinates": "c",
                "session_id": sid,
                "element_id": "",
            }
    assert mgr.execute_deferred("s1f")
    with pytest.raises(MediaFileStorageError):
        mgr.execute_deferred("s2f")
    with pytest.raises(MediaFileStorageError):
        mgr.execute_deferred("never")  # nobody's: nobody told
    assert asked == ["s2"]
    assert stinternals._FAILED.pop("s2") == [
        ("s2.csv", "failed", "ZeroDivisionError: division by zero")
    ]
