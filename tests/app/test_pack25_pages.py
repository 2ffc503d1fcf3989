"""pack25 (rev25a items 6-10) on the pages, in both languages (AppTest, catalogue words)."""

from __future__ import annotations

import html
import shutil

import pytest
from streamlit.delta_generator import DeltaGenerator

from analytics.calibration import impact, sessions
from analytics.calibration.adverse import warned_sentences
from analytics.store import db
from analytics.store.settings import write_guideline
from analytics.text import render
from tests.app.apptest import open_page
from tests.app.conftest import reader_copy
from tests.sim.guided import GUIDELINE


@pytest.fixture(scope="module")
def workbook_db(rev23a_db, tmp_path_factory):
    """A private copy of the reviewer's database (the dashboard opens its file for writing,
    and another worker's test may hold the shared one), read by both languages' D-study test:
    the second reads the rater page's sections the first computed, not a new copy's (this
    process's untouched copy: :func:`tests.app.conftest.reader_copy`)."""
    return reader_copy(rev23a_db, tmp_path_factory, "pack25_workbook")


@pytest.fixture(scope="module")
def guided_db(rev23a_db, tmp_path_factory):
    """A private copy of the reviewer's database with the guideline 20/40/30/10 saved, read
    by both languages' distributions test (a copy per test wrote the same guideline twice
    and computed the page's sections twice)."""
    path = tmp_path_factory.mktemp("pack25_guided") / "xx.duckdb"
    shutil.copyfile(rev23a_db, path)
    con = db.connect(path)
    write_guideline(con, GUIDELINE)
    con.close()
    return path


@pytest.fixture(scope="module")
def sales_session(rev23a_db, tmp_path_factory):
    """tests/test_pack25.py's ``sales_session`` (a copy of the reviewer's database with the
    销售中心 2026H1 meeting, guideline 20/40/30/10, signed off), once for both languages'
    record test: the page only reads it (the record's download is caught, not written)."""
    path = tmp_path_factory.mktemp("pack25_signed") / "xx.duckdb"
    shutil.copyfile(rev23a_db, path)
    sid = sessions.create(
        path, cycle="2026H1", department="销售中心", author="hr", guideline=GUIDELINE
    )
    sessions.sign_off(path, sid, "李静")
    return path, sessions.load(path, sid)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_appeals_rates_of_too_few_read_cannot_be_estimated(demo, lang):
    """rev25a item 8: the rater page's appeals table showed 0.0% / 50.0% and differences for
    raters the sentence above says cannot be estimated; those cells now read the words, the
    estimable raters keep their numbers and a name never reads them."""
    at = open_page("pages/raters.py", lang)
    (table,) = [d for d in at.dataframe if "overturn_diff" in d.value.columns]
    frame = table.value
    few = frame["signal"] == render("appeal_signal.too_few", lang)
    assert few.any() and (frame.loc[few, "n_decided"] > 0).any()  # rates there were 0%-100%
    for col in ("overturn_rate", "overturn_diff", "diff_ci95_low"):
        assert frame.loc[few, col].isna().all(), col
    assert table.proto.placeholder == render("appeals.not_estimable", lang)
    named = [c for c in frame.columns if c.endswith("_name")]
    assert named and frame[named].notna().all().all()
    said = "\n".join([*(m.value for m in at.markdown), *(c.value for c in at.caption)])
    # the demo: every rater of an appeal has too few decided ones, as the sentence says
    assert few.all()
    words = render("appeals.cannot_estimate_any", lang, n=987654, min=5)
    assert words[: words.index("987")] in said, said[-1500:]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_d_study_says_phi_is_stable_not_accurate(workbook_db, monkeypatch, lang):
    """rev25a item 9: on the reviewer's workbook the D study's box says Φ reaches the target
    with one rater and three cycles, and then that Φ counts each manager's standard as the
    people's differences: stable, not accurate (:func:`workbook_db`: a private copy)."""
    monkeypatch.setenv("PERFLENS_DB", str(workbook_db))
    at = open_page("pages/raters.py", lang)
    caveat = render("raters.dstudy_raters_in_person", lang)
    (box,) = [i.value for i in at.info if caveat in i.value]
    assert box.index("0.8") < box.index(caveat)  # after the Φ it qualifies


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_meetings_record_repeats_its_warnings(sales_session, monkeypatch, lang):
    """rev25a item 10 on the meeting page: the printable record downloaded after sign-off
    carries the adverse-impact reminders the signer ticked and the 销售中心 shift in the points
    of the page's warning (-5.3 on 0-100)."""
    path, s = sales_session
    got: dict[str, object] = {}
    real = DeltaGenerator.download_button

    def download_button(self, label, data, **kw):  # what a click would fetch
        got[kw.get("key")] = data
        return real(self, label, data, **kw)

    monkeypatch.setattr(DeltaGenerator, "download_button", download_button)
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = open_page("pages/meeting.py", lang)
    at.selectbox(key="cs_open").set_value(s.row["session_id"]).run()
    assert not at.exception, [e.value for e in at.exception]
    page = str(got["cs_record"])
    adverse = impact.for_session(path, sessions.load(path, s.row["session_id"]))
    shown = [w.value for w in at.warning if "销售中心" in w.value and "2026H1" in w.value]
    assert len(shown) == 1 and "-5.3" in shown[0]
    assert html.escape(shown[0]) in page
    ticked = render("calib.record_adverse", lang, n=len(warned_sentences(adverse, lang)))
    assert html.escape(ticked) in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_distributions_tell_policy_from_department(guided_db, monkeypatch, lang):
    """rev25a item 6 on the page: with the guideline 20/40/30/10 (:func:`guided_db`), beside
    "6 of 6 departments off", the page says the whole company is below the guideline (policy)
    and 销售中心 below the rest (department)."""
    monkeypatch.setenv("PERFLENS_DB", str(guided_db))
    at = open_page("pages/distributions.py", lang)
    company = render("unit.company", lang)
    (box,) = [i.value for i in at.info if i.value.startswith(company)]
    assert ("政策" if lang == "zh" else "policy") in box and "20%" in box
    one = {"kind_one": "department_one"}  # the company's units are departments (left31)
    lower = render("dist.whole_units_lower", lang, names=["销售中心"], grade="优秀", **one)
    assert lower in box
    # and its bottom grades, more common in 销售中心 than in the rest (rev30b item 1)
    higher = render("dist.whole_units_higher", lang, names=["销售中心"], grade="合格+待改进", **one)
    assert box.endswith(higher)
