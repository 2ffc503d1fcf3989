"""rev25b (words25) on the pages: what a sentence says where its statistic cannot be had."""

from __future__ import annotations

from tests.app.conftest import reader_copy
from tests.app.test_small_scope_pages import ADMIN, HEAD_ONLY, shown, start


def test_one_person_scope_says_cannot_be_estimated_and_one_person(demo, monkeypatch):
    """rev25b item 5: an administrator's one-person scope printed "95% CI — to —" and
    "1 people" under the inflation chart, and "1 of 1 people" on the potential page."""
    at = start(demo, monkeypatch, ADMIN, lang="English", **HEAD_ONLY)
    at.switch_page("pages/distributions.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(at)
    assert "— to —" not in text and "1 people" not in text
    assert "scores of 1 person; the 95% CI and p cannot be estimated" in text
    at.switch_page("pages/potential.py").run()
    assert "1 people" not in shown(at) and "1 of 1 person" in shown(at)
    zh = start(demo, monkeypatch, ADMIN, lang="中文", **HEAD_ONLY)
    zh.switch_page("pages/distributions.py").run()
    text = shown(zh)
    assert "— 至 —" not in text and "95% CI 与 p 值无法估计" in text


def _page(db, monkeypatch, lang: str, **query: str):
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(db))
    return open_page("pages/raters.py", lang, query=query or None)


def test_rater_page_says_what_cannot_be_estimated_once(
    tmp_path_factory, reviewer_raw_db, monkeypatch
):
    """rev25b items 10 and 13 on the reviewer's company (manager + anonymous peers; 2025Q3
    manager ratings only): the Reliability table was six rows of "—" with Targets 0 and Raters
    0 above the sentence that explains them, which said "本周期" of six cycles; in 2025Q3 the
    page said nothing of how central tendency is judged when nobody else rates a rater's
    people, and "0 raters have too few ratings" where nine had."""
    # reviewer_export(), as it is: a private copy, this process's untouched one
    db = reader_copy(reviewer_raw_db, tmp_path_factory, "words25")
    at = _page(db, monkeypatch, "zh")
    blank = [c.value for c in at.caption if "Krippendorff α" in c.value and "无法估计" in c.value]
    assert blank and "本周期" not in blank[0] and "每人在每个周期" in blank[0], blank
    assert not any("Krippendorff" in el.value.to_csv() for el in at.dataframe)
    q3 = _page(db, monkeypatch, "en", cycle="2025Q3")
    said = shown(q3)
    assert "so their central tendency cannot be set against the same people's other raters" in (
        said
    )
    assert "(9 raters have too few ratings to tell)" in said and "(0 raters have" not in said


def test_no_sentence_of_zero_raters(demo, monkeypatch):
    """rev25b item 13: "0 of 180 raters cannot be estimated: nobody else scored their people
    on several dimensions" (nothing to say is said as nothing)."""
    at = _page(demo, monkeypatch, "en")
    said = shown(at)
    assert "Halo is judged against the same people's other raters" in said
    assert "Halo cannot be estimated for 0" not in said and "0 of " not in said.split("Halo")[1]
