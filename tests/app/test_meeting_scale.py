"""The calibration session page says the scale of its session's cycle, not of the sidebar's
cycles (helper A, session 44: a session of the demo's 0-100 cycle said "1-5 points" with a
1-5 cycle chosen in the sidebar, while its scores, bins and what-if were on 0-100)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.calibration import sessions
from analytics.findings.units import cycle_units
from analytics.store import db
from analytics.text import render
from tests.app.apptest import LANGS, direct

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scale_caption_is_the_session_cycles(meeting_db, monkeypatch, lang):
    monkeypatch.setenv("PERFLENS_DB", str(meeting_db))
    con = db.connect(meeting_db, read_only=True)
    try:
        units = cycle_units(con)
    finally:
        con.close()
    # the session's cycle on one scale, the sidebar's on another
    session_cycle = max(units)
    other = next(c for c, u in units.items() if u.words(lang) != units[session_cycle].words(lang))
    dept = "研发中心"
    sessions.create(meeting_db, cycle=session_cycle, department=dept, author="local")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.query_params["lang"] = LANGS[lang]
    at.query_params["cycle"] = other
    at.switch_page(direct("pages/meeting.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    said = render("unit.caption", lang, unit=units[session_cycle].words(lang))
    wrong = render("unit.caption", lang, unit=units[other].words(lang))
    assert said in captions and wrong not in captions
