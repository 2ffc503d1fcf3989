"""The Distributions page's guideline editor (rev23a item 4), in both languages, on a dataset
graded 优秀/良好/合格/待改进: asked for shares (no S-D default), a sum other than 100% refused
in words, the saved guideline in the caption and the fit; the meeting's new-session form starts
from it. Assertions use catalogue words."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from analytics.text import render
from tests.app.test_data_page import _click
from tests.app.test_no_grades_page import _page, _text
from tests.test_dataset_guideline import graded  # noqa: F401 -- the module's dataset fixture

SHARES = (20.0, 40.0, 30.0, 10.0)


def _enter(at: AppTest, shares) -> AppTest:
    for i, share in enumerate(shares, start=1):
        at.number_input(key=f"gl_share_{i}").set_value(share)
    _click(at, "gl_save")
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_set_the_companys_guideline_on_the_distributions_page(graded, tmp_path, monkeypatch, lang):  # noqa: F811
    db = tmp_path / "g.duckdb"
    shutil.copy(graded, db)
    grades = ["优秀", "良好", "合格", "待改进"]
    at = _page(db, monkeypatch, lang, None)  # the overview says so, linking to the editor
    unset = render("overview.headline_guideline_unset", lang, grades=grades)
    assert f"- {unset}" in _text(at)
    at.switch_page("pages/distributions.py").run()
    assert not at.exception, [e.value for e in at.exception]
    # asked for shares: no S-D guideline, no "set a guideline" without a control
    assert render("dist.guideline_missing", lang, grades=grades) in _text(at)
    assert [at.text_input(key=f"gl_grade_{i}").value for i in range(1, 5)] == grades
    # 20 + 40 + 30 + 5 = 95%: refused in words, nothing saved
    _enter(at, (20.0, 40.0, 30.0, 5.0))
    assert render("guideline.sum", lang, total=0.95) in [e.value for e in at.error]
    assert render("dist.guideline_missing", lang, grades=grades) in _text(at)
    # 100%: saved, said, and the caption and the fit use it
    _enter(at, SHARES)
    words = "优秀 20%, 良好 40%, 合格 30%, 待改进 10%"
    assert render("guideline.saved", lang, guideline=words) in [s.value for s in at.success]
    note = render(
        "dist.guideline_note",
        lang,
        guideline=words.replace(", ", " / "),
        top="优秀",
        bottom="合格+待改进",
    )
    body = _text(at)
    assert note in body and "S 10%" not in body
    assert render("dist.guideline_missing", lang, grades=grades) not in body
    assert not [w for w in at.warning if "S、A" in w.value or "(S, A" in w.value]
    at.switch_page("pages/overview.py").run()  # saved: no longer said
    assert unset not in _text(at)
    # the meeting's new-session form starts from the dataset's guideline
    at.switch_page("pages/meeting.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input(key="cs_gl").value == words
