"""rev26b (words26) on the pages: the top grades' share trend said beside the mean's."""

from __future__ import annotations

import pytest

from tests.app.apptest import open_page
from tests.app.conftest import reader_copy
from tests.app.test_small_scope_pages import shown

#: the reviewer's 市场部 over 2025Q4-2026Q1 on the demo (rev26b item 2): 168 people, S+A 35
#: then 26 of 168 (4 entered, 13 left), the CR1 slope -0.0536 per cycle, SE 0.0243, 95% CI
#: -0.1015 to -0.0056, t(167) -2.205, p 0.029: a significant fall the page did not say
SAID = {
    "en": "The S+A share changes by -5.4 percentage points per cycle (95% CI -10.2 to -0.6), "
    "p=0.029, n=336 grades of 168 people (one person's grades across cycles are not "
    "independent: standard error clustered by person)",
    "zh": "S+A 占比每周期变化 -5.4 个百分点（95% CI -10.2 至 -0.6），p=0.029，n=336 个等级，"
    "来自 168 人（同一人各周期的等级不独立：标准误按人聚类）",
}
NOTE = {"en": "do not mean “no change” for the same people", "zh": "并不表示同一批人“没有变化”"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_market_share_trend_said_beside_the_mean(demo_db, monkeypatch, lang):
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = open_page("pages/distributions.py", lang, cycle=["2025Q4", "2026Q1"], dept="市场部")
    said = [m.value for m in at.markdown]
    mean = next(i for i, x in enumerate(said) if "per cycle" in x or "每周期变化" in x)
    assert said[mean + 1] == SAID[lang], said[mean : mean + 2]
    assert any(NOTE[lang] in c.value for c in at.caption), [c.value for c in at.caption]
    assert "— to —" not in shown(at) and "— 至 —" not in shown(at)


@pytest.mark.parametrize("lang", ["English", "中文"])
def test_a_heads_own_unit_is_named_as_the_department(demo, monkeypatch, lang):
    """rev26b item 5: the administrator's ``dept=财务部&level=M3`` (the head alone, placed at
    财务部 itself) named the head's one unit "Unassigned"; the department's own view names the
    same person's unit "财务部". Now both do."""
    from analytics.text import render
    from tests.app.test_small_scope_pages import ADMIN, HEAD_ONLY, start

    code = "en" if lang == "English" else "zh"
    at = start(demo, monkeypatch, ADMIN, lang=lang, **HEAD_ONLY)
    at.switch_page("pages/distributions.py").run()
    assert not at.exception, [e.value for e in at.exception]
    lone = [c.value for c in at.caption if c.value.startswith(render("dist.lone_units", code)[:12])]
    assert lone == [render("dist.lone_units", code, units=["财务部"])], lone
    assert render("unit.unassigned", code) not in shown(at)


def _raters_page(db, monkeypatch, lang: str):
    monkeypatch.setenv("PERFLENS_DB", str(db))
    return open_page("pages/raters.py", lang)


def test_company300_rater_page_agrees_with_itself(tmp_path_factory, reviewer_raw_db, monkeypatch):
    """rev26b item 4 on the reviewer's company (manager ratings with ids, peer ratings
    without): one line said the managers' people "do have peer ratings, but with no rater id",
    another that "30 of 30 raters rate people nobody else rates", the D study that "each
    person is rated by their own manager only". Now each says "identified"; and item 5: the D
    study counts with their nouns ("1 rater", not "1 raters" or "cycle(s)")."""
    from analytics.text import render

    # reviewer_export(), as it is: a private copy, this process's untouched one
    db = reader_copy(reviewer_raw_db, tmp_path_factory, "words26")
    for lang, ident, caveat in (
        ("en", "nobody else identified rates", "Note: of the identified raters, each person"),
        ("zh", "没有其他可识别的评价人评分", "注意：在可识别的评价人中，每人只由自己的上级评分"),
    ):
        at = _raters_page(db, monkeypatch, lang)
        said = shown(at)
        assert render("raters.not_estimable_panel", lang, n=30) in said
        pooled = [c.value for c in at.caption if c.value.startswith(("30 of 30", "30 位评价人中"))]
        assert pooled and all(ident in c for c in pooled), pooled
        assert "nobody else rates" not in said and "没有其他人评分" not in said
        assert caveat in said
        assert "each person is rated by their own manager only, so" not in said
        assert "cycle(s)" not in said and "1 raters" not in said
