"""The calibration session page (AppTest) on a copy of the demo data, in both languages:
create a session for a department, move three people with reasons, the guideline fit and the
bonus totals follow, undo one, sign off, the write-back downloads, reopen: the same state and
three audit entries of moves plus the undo."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics.calibration import sessions, writeback

ROOT = Path(__file__).resolve().parents[2]
WORDS = {
    "zh": {"title": "校准会", "save": "保存调整", "lang": "中文", "final": "校准后等级"},
    "en": {"title": "Calibration session", "save": "Save change", "lang": "English",
           "final": "Final grade"},
}  # fmt: skip


def _texts(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def _table(at: AppTest, key: str) -> pl.DataFrame:
    return pl.from_pandas(next(d for d in at.dataframe if d.proto.id and key in d.proto.id).value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_session_from_create_to_reopen(demo_db, tmp_path, monkeypatch, lang):
    db = tmp_path / "perflens.duckdb"
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("PERFLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.session_state["lang"] = WORDS[lang]["lang"]
    at.run()
    at.switch_page("pages/calibration_session.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == WORDS[lang]["title"]
    at.selectbox(key="cs_dept").set_value("研发中心").run()
    at.button(key="cs_create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    sid = sessions.list_sessions(db)["session_id"][0]
    s = sessions.load(db, sid)
    fit_before = _texts(at)
    # three people from the middle grade to the top one, each with a reason
    movers = s.grades.filter(pl.col("final") == "B")["employee_id"].head(3).to_list()
    for i, person in enumerate(movers):
        at.selectbox(key="cs_person").set_value(person)
        at.selectbox(key="cs_grade").set_value("S")
        at.selectbox(key="cs_category").set_value("kpi_evidence")
        at.text_input(key="cs_reason").input(f"KPI {i}")
        next(b for b in at.button if b.label == WORDS[lang]["save"]).click().run()
        assert not at.error, [e.value for e in at.error]
    s = sessions.load(db, sid)
    assert s.grades.filter(pl.col("employee_id").is_in(movers))["final"].to_list() == ["S"] * 3
    assert _texts(at) != fit_before  # people to move changed
    bonus = _table(at, "cs_bonus_people")
    assert bonus.height >= 3  # the movers' amounts went up, everyone else's down
    at.button(key="cs_undo").click().run()
    s = sessions.load(db, sid)
    assert s.grades.filter(pl.col("employee_id") == movers[2])["final"].item() == "B"
    at.button(key="cs_signoff").click().run()
    assert not at.error, [e.value for e in at.error]
    s = sessions.load(db, sid)
    assert s.row["status"] == "closed"
    assert at.get("download_button"), "the write-back downloads once signed off"
    book = openpyxl.load_workbook(
        io.BytesIO(writeback.to_xlsx(s, sessions.writeback_rows(db, s), lang))
    )
    head = [c.value for c in book.worksheets[0][1]]
    assert WORDS[lang]["final"] in head
    at.text_input(key="cs_reopen_reason").input("appeal")
    next(b for b in at.button if b.label in ("重新打开", "Reopen")).click().run()
    s = sessions.load(db, sid)
    assert s.row["status"] == "in_progress"
    assert s.grades.filter(pl.col("employee_id").is_in(movers))["final"].to_list() == [
        "S",
        "S",
        "B",
    ]
    assert s.audit["action"].to_list() == [
        "create", "move", "move", "move", "undo", "signoff", "reopen",
    ]  # fmt: skip
    assert not at.exception, [e.value for e in at.exception]
