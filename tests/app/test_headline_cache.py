"""The overview's headline sentences are found once per scope, data version, language and viewer
(``ui.charts.headlines`` through ``cache.derived``), not on every run of the overview (about 0.2
CPU s a run, session 37): a rerun reads them; the other language finds them again, in its words;
a write to the database (a new version) finds them again."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analytics.findings import headlines as found
from analytics.store import db

ROOT = Path(__file__).resolve().parents[2]


def _headline_lines(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if str(m.value).startswith("- ")]


def test_the_overview_finds_its_headlines_once_per_language_and_version(db_copy, monkeypatch):
    calls: list[int] = []
    real = found.headlines
    monkeypatch.setattr(found, "headlines", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.session_state["lang"] = "中文"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    zh = _headline_lines(at)
    assert zh and len(calls) == 1
    at.run()  # a rerun (a click elsewhere on the page): the same sentences, not found again
    assert _headline_lines(at) == zh and len(calls) == 1
    at.session_state["lang"] = "English"
    at.run()
    en = _headline_lines(at)
    assert en and en != zh and len(calls) == 2
    con = db.connect(db_copy)  # a write replaces the file: a new version
    con.execute("CREATE TABLE scratch AS SELECT 1 AS x")
    con.close()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _headline_lines(at) == en and len(calls) == 3
