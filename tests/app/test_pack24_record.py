"""The printable record of a signed-off calibration session (rev24a item 10: after sign-off
the moves were only in the write-back workbook): the meeting page's download, in both
languages, names who moved whom from what to what, the reason category and note, and who
signed off and when."""

from __future__ import annotations

import html
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from analytics.calibration import record, sessions
from analytics.calibration.moves import Move, Refused
from analytics.text import render
from tests.app.apptest import direct

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"zh": "中文", "en": "English"}


def _decided(path: Path, sid: str) -> tuple[dict, str]:
    """One person moved one grade down with a reason, then the session signed off."""
    s = sessions.load(path, sid)
    person = s.grades.row(0, named=True)
    grades = s.grades_allowed
    to = grades[(grades.index(person["final"]) + 1) % len(grades)]
    move = Move(person["employee_id"], to, "kpi_evidence", "KPI 完成率 62%", person["version"])
    sessions.apply(path, sid, [move], "hr")
    sessions.sign_off(path, sid, "lead")
    return person, to


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_signed_off_session_downloads_its_record(small_session, lang, monkeypatch):
    path, sid = small_session
    with pytest.raises(Refused):  # an open session has no record yet
        record.record_html(sessions.load(path, sid), pl.DataFrame(), lang)
    person, to = _decided(path, sid)
    cycle = sessions.load(path, sid).row["cycle_id"]
    con = duckdb.connect(str(path))  # the file named the cycle otherwise (issue 19 item 3)
    con.execute("UPDATE cycles SET label = '第三季度考核' WHERE cycle_id = ?", [cycle])
    con.close()
    got: dict[str, dict] = {}
    real = DeltaGenerator.download_button

    def download_button(self, label, data, **kw):  # what a click would fetch
        got[kw.get("key")] = {"label": label, "data": data, **kw}
        return real(self, label, data, **kw)

    monkeypatch.setattr(DeltaGenerator, "download_button", download_button)
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = LANGS[lang]
    at.switch_page(direct("pages/meeting.py")).run()
    at.selectbox(key="cs_open").set_value(sid).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "cs_record" in got, list(got)
    shown = got["cs_record"]
    assert shown["label"] == render("cs.download_record", lang)
    assert shown["file_name"].startswith("record_") and shown["file_name"].endswith(".html")
    page = shown["data"]
    s = sessions.load(path, sid)
    assert render("calib.record_title", lang) in page
    named = render("report.cycle_named", lang, cycle=cycle, label="第三季度考核")
    assert html.escape(named) in page  # the session's cycle as the file named it
    assert (
        render("calib.record_signed", lang, who="lead", at=record.when(s.row["signed_at"], lang))
        in page
    )
    row = page[page.index(f"<td>{person['employee_id']}</td>") :].split("</tr>")[0]
    for cell in (
        person["final"],
        to,
        render("calib.reason.kpi_evidence", lang),
        "KPI 完成率 62%",
        "hr",
    ):
        assert f"<td>{cell}</td>" in row, (cell, row)
    assert html.escape(render("calib.record_count", lang, n=1, people=s.grades.height)) in page
    assert "UTC" in row  # when, as people write it
