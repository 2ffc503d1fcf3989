"""The calibration meeting's adverse-impact section (ui/adverse.py, drawn by pages/meeting.py
before sign-off), in both languages, on a 12-person session where no woman has a top grade:
a warning in words of the catalogue, never a block; the groups in detail with "cannot be
estimated" where the regression could not give an odds ratio. The section alone is run
(AppTest.from_function), not the whole page: the page's wiring is walked in the browser
journey (tests/e2e/test_calibration_session.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analytics.text import render
from tests.test_adverse import stored_session

LANGS = {"zh": "中文", "en": "English"}


def _section() -> None:
    import streamlit as st

    from analytics.calibration import sessions
    from ui import adverse, cache

    path = cache.db_path()
    lang = {"中文": "zh", "English": "en"}[st.session_state["lang"]]
    adverse.section(path, sessions.load(path, st.session_state["sid"]), lang)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    # women (odd positions): B, B, C, B, C, D; men: S, A, S, A, B, B
    return stored_session(tmp_path_factory.mktemp("adverse"), grades="SBABSCABBCBD")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_section_warns_in_both_languages(dataset, lang, monkeypatch):
    path, sid = dataset
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = AppTest.from_function(_section, default_timeout=60)
    at.session_state["lang"] = LANGS[lang]
    at.session_state["sid"] = sid
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == render("adverse.title", lang)
    warned = "\n".join(w.value for w in at.warning)
    # men 4/6 top grades, women 0/6: each group's rate, and the ratio as a ratio (rev21 M1)
    want = {
        "zh": "性别：1 个组的高等级比例低于 男（66.7%）的五分之四，女 的高等级比例为 0.0%，是 男 的 0.00 倍",
        "en": "Gender: 1 group is below four-fifths of 男's top-grade rate (66.7%); 女 has 0.0% top grades, a ratio of 0.00 to 男's",
    }
    assert want[lang] in warned
    why = {"zh": "有组全是或全不是高等级", "en": "a group has no top grades or only top grades"}
    assert why[lang] in warned  # women have none: the real reason, not "too few people"
    # tenure: 10+ years (5 people, no top grade) against 5-10 years of 3 people was a warning;
    # a group of 3 is too few to judge (rev23a item 10): said with its n, nothing compared
    assert render("adverse.group.tenure", lang) not in warned
    told = "\n".join(i.value for i in at.info)
    assert render("adverse.group.tenure", lang) in told and "5-10 (n=3)" in told
    assert render("adverse.few_groups", lang, few=["5-10 (n=3)"], min_n=5) in told
    assert not at.error  # a warning, not a block
    shown = at.dataframe[0].value
    women = shown[shown["group"] == "女"].iloc[0]
    assert women["impact_ratio"] == 0 and women["top_rate"] == 0
    assert women["or_note"] == render("adverse.not_estimable", lang)
    # tenure bands of fewer than 3 people are not shown at all, as the caption says
    assert "privacy" not in shown.columns and (shown["n"] >= 3).all()
    # a band of 3 or 4 is listed with its n, too few to judge, and no rate
    few = shown[shown["group"] == "5-10"].iloc[0]
    assert few["n"] == 3 and few["or_note"] == render("adverse.too_few_to_judge", lang, min_n=5)
    assert few["top_rate"] != few["top_rate"] or few["top_rate"] is None
    # rev33a finding 8: the page's first download button, "with no label" and not clickable
    # to the reviewer's script, is this table's CSV inside the closed "groups in detail":
    # labelled, and a file once the section is opened (the browser gives
    # perflens_<dataset>_cs_adverse_<lang>.csv)
    (details,) = at.expander
    assert details.label == render("adverse.details", lang)
    (csv,) = details.get("download_button")
    assert csv.label == render("common.download_csv", lang) and csv.key == "cs_adverse_csv"


def test_the_section_follows_a_move(tmp_path, monkeypatch):
    """The section is computed again after a move, not served from before it: the dataset's
    side (groups, level, KPIs) is read once per session's people, the fit is remembered by its
    data (ui/adverse.py, analytics.calibration.adverse), so a key that missed the grades
    would show the old rates. A woman moved B -> A: women's top-grade rate 0 -> 1/6, and
    the section equals one computed afresh from the stored session."""
    from analytics.calibration import impact, sessions
    from analytics.calibration.moves import Move

    path, sid = stored_session(tmp_path, grades="SBABSCABBCBD")
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = AppTest.from_function(_section, default_timeout=60)
    at.session_state["lang"] = "English"
    at.session_state["sid"] = sid
    at.run()
    women = lambda: at.dataframe[0].value.set_index("group").loc["女"]  # noqa: E731
    assert women()["top_rate"] == 0
    s = sessions.load(path, sid)
    version = dict(zip(s.grades["employee_id"], s.grades["version"], strict=True))["E1"]
    sessions.apply(path, sid, [Move("E1", "A", "kpi_evidence", "moved up", version)], "hr")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert women()["top_rate"] == pytest.approx(1 / 6, abs=5e-4)  # shown to 3 places
    fresh = impact.for_session(path, sessions.load(path, sid), k=3).groups
    shown = at.dataframe[0].value.set_index("group")
    for r in fresh.filter(fresh["group_column"] == "gender").iter_rows(named=True):
        assert shown.loc[r["group"], "n"] == r["n"]
        assert shown.loc[r["group"], "top_rate"] == pytest.approx(r["top_rate"], abs=5e-4)


def test_the_section_is_fitted_once_for_the_same_grades(tmp_path, monkeypatch):
    """The section depends on the people's grades, the guideline and k, not on which session
    holds them (ui/adverse.py keys it on them): a second session of the same people with the
    same grades (a team's new session: its grades as imported) shows the first's section
    without fitting it again; a move fits it anew, and the move undone finds the first's
    again. Why: the odds ratios' Firth fits were most of a new session's first run.
    test_the_section_follows_a_move checks that the section after a move is the right one."""
    from analytics.calibration import impact, sessions
    from analytics.calibration.moves import Move

    path, first = stored_session(tmp_path, grades="SBABSCABBCBD")
    monkeypatch.setenv("PERFLENS_DB", str(path))
    fitted = []
    fit = impact.adverse_impact
    monkeypatch.setattr(
        impact, "adverse_impact", lambda *a, **kw: fitted.append(1) or fit(*a, **kw)
    )

    def shown(sid: str) -> list:
        at = AppTest.from_function(_section, default_timeout=60)
        at.session_state["lang"] = "English"
        at.session_state["sid"] = sid
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return [at.dataframe[0].value.to_csv(), *(w.value for w in at.warning)]

    before = shown(first)
    assert len(fitted) == 1
    second = sessions.create(path, cycle="2025Q4", department="研发中心", author="hr")
    assert second != first and shown(second) == before and len(fitted) == 1
    s = sessions.load(path, second)
    version = dict(zip(s.grades["employee_id"], s.grades["version"], strict=True))["E1"]
    sessions.apply(path, second, [Move("E1", "A", "kpi_evidence", "moved up", version)], "hr")
    assert shown(second) != before and len(fitted) == 2
    sessions.undo(path, second, "hr")
    assert shown(second) == before and len(fitted) == 2
