"""What the last reviews left (left32) on the pages (AppTest), each on a small frame."""

from __future__ import annotations

import json

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


def _bonus_view() -> None:
    import os

    import streamlit as st

    from analytics.calibration import sessions
    from ui import bonus
    from ui.i18n import get_lang

    path = os.environ["PERFLENS_DB"]
    bonus.section(sessions.load(path, st.session_state["sid"]), path, get_lang())


def test_the_bonus_after_calibration_moves_lists_who_moved_with_grades_and_amounts(
    small_session, monkeypatch
):
    """left32 item 6 (rev31b finding 7): after a move, the session's bonus view lists the
    people whose amount changed with their grade before and after and both amounts, the moved
    person first (B -> A: more; everyone else a smaller share of the fixed pool); its CSV
    button under the table."""
    import polars as pl

    from analytics.calibration import sessions
    from analytics.calibration.moves import Move

    path, sid = small_session
    s = sessions.load(path, sid)
    row = s.grades.filter(pl.col("final") == "B").row(0, named=True)
    sessions.apply(path, sid, [Move(row["employee_id"], "A", "kpi_evidence", "t", 0)], "hr")
    monkeypatch.setenv("PERFLENS_DB", str(path))
    for lang, words in (
        ("中文", ("奖金有变化的人", "等级被调整的 1 人")),
        ("English", ("Whose bonus changed", "the 1 whose grade")),
    ):
        at = AppTest.from_function(_bonus_view, default_timeout=60)
        at.session_state["lang"] = lang
        at.session_state["sid"] = sid
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(words[0] in m.value for m in at.markdown)
        assert any(words[1] in c.value for c in at.caption), [c.value for c in at.caption]
        people = at.dataframe[-1].value
        first = people.iloc[0]
        assert (first["imported_grade"], first["final_grade"]) == ("B", "A")
        assert row["employee_id"] in str(first.iloc[0])
        assert first["bonus_after"] > first["bonus_before"]
        # everyone else's share of the fixed pool moved too, but for the worst grade's (0)
        assert (people["bonus_change"] != 0).all()
        kept = s.grades.filter(~pl.col("employee_id").is_in(people["employee_id"].tolist()))
        assert kept.height and set(kept["final"]) == {s.grades_allowed[-1]}
        assert (people["imported_grade"].iloc[1:] == people["final_grade"].iloc[1:]).all()
        assert any(b.proto.id.endswith("cs_bonus_people_csv") for b in at.get("download_button"))


def test_the_rater_table_shows_the_raw_difference_beside_the_shrunk_effect(demo):
    """left32 item 5 (rev31a finding 3): the rater table gives the unshrunk estimate beside
    the shrunk effect and its interval (and so its CSV), and one sentence says why they
    differ, in both languages, with a sidebar filter set."""
    from analytics.text import render
    from tests.app.apptest import open_page
    from ui import tables

    for lang in ("zh", "en"):
        at = open_page("pages/raters.py", lang, query={"level": ["P5"]})
        assert render("raters.effect_shrunk_note", lang) in [c.value for c in at.caption]
        table = next(d for d in at.dataframe if "effect_fixed" in d.value.columns)
        cols = list(table.value.columns)
        assert cols.index("effect_fixed") == cols.index("ci95_high") + 1
        # labelled in the reader's language, with the unit as the effect's (its CSV is this
        # frame with these headers; at 1280 px it is behind the column menu, as the interval's
        # upper end is in English: the table holds more than the width)
        config = json.loads(table.proto.columns)
        label = config["effect_fixed"]["label"]
        assert label.startswith(render("column.effect_fixed", lang)), label
        assert label.removeprefix(render("column.effect_fixed", lang)) == config["effect"][
            "label"
        ].removeprefix(render("column.effect", lang))
        assert "effect_fixed" in tables.PRIORITY["raters_flagged"]
