"""pack27 on the pages, both languages, catalogue words (rev27a items 2, 4, 6), on the
reviewer's workbook (conftest's ``rev23a_db``)."""

from __future__ import annotations

import pytest

from analytics.text import render
from tests.app.apptest import open_page


@pytest.fixture(scope="module")
def workbook_db(rev23a_db, tmp_path_factory):
    """A private copy of the reviewer's database with her guideline 20/40/30/10 (the dashboard
    opens it for writing)."""
    from tests.sim.guided import guided_copy

    folder = tmp_path_factory.mktemp("pack27")
    guided_copy(rev23a_db, folder).close()  # her guideline saved: a meeting can be opened
    return folder / "xx.duckdb"


@pytest.fixture(scope="module")
def sales_meeting(workbook_db) -> int:
    """The 2026H1 销售中心 meeting, opened once for both languages: the evidence test reads it
    (choosing whose evidence to show is the session's state, not a write). Why: a session of
    its own per language had the meeting page's sections computed again for each."""
    from analytics.calibration import sessions

    return sessions.create(workbook_db, cycle="2026H1", department="销售中心", author="hr")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_meeting_evidence_gives_the_against_trend_change(
    workbook_db, sales_meeting, monkeypatch, lang
):
    """rev27a item 6: 000639 马思 in the 2026H1 销售中心 meeting: the evidence says he rose
    +5.1 while the department moved -5.3 (individual +10.3), against the trend; the adjusted
    score on one decimal."""
    monkeypatch.setenv("PERFLENS_DB", str(workbook_db))
    sid = sales_meeting
    at = open_page("pages/meeting.py", lang, query={"session": str(sid)})
    at.selectbox(key=f"cs_evidence_{sid}").set_value("000639").run()
    assert not at.exception, [e.value for e in at.exception]
    said = [m.value for m in at.markdown]
    head = render("cs.evidence_attribution_against", lang)[:4]
    (line,) = [m for m in said if m.startswith(head) and "2025H2→2026H1" in m]
    assert "+5.1" in line and "-5.3" in line and "+10.3" in line
    (score,) = [m for m in said if m.startswith("2026H1 ") and "**" in m]
    assert ".30**" not in score and "77.3" in score


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_team_gaps_say_their_order_and_lead_with_the_flat_manager(
    workbook_db, monkeypatch, lang
):
    """rev27a item 4: 000184 (+10.0, lower bound +9.0, flagged) was last of 156."""
    monkeypatch.setenv("PERFLENS_DB", str(workbook_db))
    at = open_page("pages/raters.py", lang)
    assert render("raters.team_means_order", lang) in [c.value for c in at.caption]
    firsts = [str(d.value.iloc[0, 0]) for d in at.dataframe if len(d.value)]
    assert "000184" in firsts  # the team-gap table opens with the flat manager


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_manager_changes_word_the_link_estimate(workbook_db, monkeypatch, lang):
    """rev27a item 2: 更换上级的团队's 000106 -> 000108 row read "尺度可估计 ☐"."""
    monkeypatch.setenv("PERFLENS_DB", str(workbook_db))
    at = open_page("pages/attribution.py", lang)
    links = render("reason.scale_by_links", lang)
    tables = [d.value for d in at.dataframe]
    assert any((t.astype(str) == links).any().any() for t in tables)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_one_cycle_calibration_tab_shows_the_change_into_it(workbook_db, monkeypatch, lang):
    """rev27a item 1 on the page: the 2026H1 销售中心 calibration page's 逆势 tab lists what its
    downloads list (the change 2025H2 -> 2026H1, 000639 马思 first), with the line saying which
    change it is; before, the tab was empty while the packet carried the rows."""
    monkeypatch.setenv("PERFLENS_DB", str(workbook_db))
    at = open_page("pages/calibration.py", lang, cycle=["2026H1"], dept="销售中心")
    (tab,) = [i for i, x in enumerate(at.tabs) if x.label == render("section.against_trend", lang)]
    at.session_state["cal_section"] = at.tabs[tab].label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    words = render("packet.carried", lang, from_cycle="2025H2", to_cycle="2026H1")
    assert words in [c.value for c in at.caption]
    ids = {str(v) for d in at.dataframe for v in d.value.iloc[:, 0].tolist()}
    assert "000639" in ids
