"""The small-scope rule on the pages (rev24b item 3): signed in as the pseudonymised analyst,
``?dept=财务部&level=M3`` (财务部 has one M3, its head) shows every page one sentence and
nothing of that person (no table, chart, count, box or backtest); the administrator, who sees
names, keeps the scope's results, without a high-potential "list" of one or an interval of
"— to —"."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analytics.auth.roles import Viewer
from tests.app.test_pages import PAGES as ALL_PAGES
from tests.app.test_scope_pages import start as signed_in

ANALYST = Viewer("ana@example.com", "analyst")
ADMIN = Viewer("hr@example.com", "hr_admin")
HEAD_ONLY = {"dept": "财务部", "level": "M3"}
#: every page a scope's results are shown on, as the analyst is offered them (the meeting is
#: not offered to an analyst: tests/app/test_scope_pages.py; the person page is below)
PAGES = [p for p in ALL_PAGES if p not in ("pages/meeting.py", "pages/person.py", "pages/data.py")]
SENTENCE = {
    "English": "This selection holds 1 person; results for fewer than 5 people are not shown "
    "to your role",
    "中文": "当前筛选范围只有 1 人；少于 5 人的范围不向你的角色显示结果",
}


def _small_warnings(at: AppTest) -> list[str]:
    """The page's warnings that a selection is too small for the role (the attribution page
    also warns where a change crosses the demo's change of scale: minor28)."""
    return [w.value for w in at.warning if w.value.startswith(tuple(SENTENCE.values()))]


def start(demo: Path, monkeypatch, viewer: Viewer, **params: str) -> AppTest:
    """The dashboard on the small demo (``demo`` serves it), signed in as ``viewer``."""
    return signed_in({"db": demo}, monkeypatch, viewer, **params)


def shown(at: AppTest) -> str:
    """The page's words, table cells and chart data."""
    parts = [
        str(el.value) for kind in ("markdown", "caption", "info", "metric") for el in at.get(kind)
    ]
    parts += [el.value.to_csv() for el in at.dataframe]
    parts += [json.dumps(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]
    return "\n".join(parts)


def test_the_analyst_sees_the_sentence_and_nothing_of_the_person(demo, monkeypatch):
    at = start(demo, monkeypatch, ANALYST, lang="English", **HEAD_ONLY)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        warnings = [w.value for w in at.warning]
        assert any(w.startswith(SENTENCE["English"]) for w in warnings), (page, warnings)
        assert not at.dataframe and not at.get("plotly_chart") and not at.metric, page
        assert not at.get("download_button"), page
        text = shown(at)
        for leak in ("P-", "employee change", "Core player", "n=1", "1 of 1", "fell below"):
            assert leak not in text, (page, leak)
    at.switch_page("pages/person.py").run()  # person search: no one, for a pseudonymised view
    assert "person records are not shown" in " ".join(i.value for i in at.info)
    assert not at.dataframe and "P-" not in shown(at)


def test_the_sentence_in_chinese_and_a_wider_scope_shown(demo, monkeypatch):
    at = start(demo, monkeypatch, ANALYST, lang="中文", **HEAD_ONLY)
    at.switch_page("pages/attribution.py").run()
    assert any(w.value.startswith(SENTENCE["中文"]) for w in at.warning)
    assert not at.dataframe
    wide = start(
        demo, monkeypatch, ANALYST, lang="English", dept="财务部"
    )  # 28 people: shown, pseudonymised
    wide.switch_page("pages/attribution.py").run()
    assert not at.exception and not _small_warnings(wide)
    assert wide.dataframe and "P-" in shown(wide)


def test_the_administrator_keeps_the_scope_without_a_list_of_one(demo, monkeypatch):
    at = start(demo, monkeypatch, ADMIN, lang="English", **HEAD_ONLY)
    at.switch_page("pages/attribution.py").run()
    assert not at.exception and not _small_warnings(at)
    assert at.dataframe  # names are theirs to see: the head's changes are shown
    at.switch_page("pages/potential.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(at)
    assert "No high-potential list for a scope of fewer than 5 people" in text
    assert "the list ranked" not in text  # no backtest of a "list" of one
    assert "No high-potential list could be ranked" in text
    assert "cannot be estimated" in text and "— to —" not in text
    at.switch_page("pages/distributions.py").run()  # one person's missing interval: no crash
    assert not at.exception, [e.value for e in at.exception]
