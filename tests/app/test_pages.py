"""Every page renders on the demo data (AppTest), filters change the numbers, language switches,
and an empty database shows the first-run screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.store import db
from analytics.text import render
from tests.app.apptest import direct

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "pages/overview.py",
    "pages/distributions.py",
    "pages/raters.py",
    "pages/attribution.py",
    "pages/potential.py",
    "pages/calibration.py",
    "pages/meeting.py",
    "pages/person.py",
    "pages/data.py",
]


@pytest.fixture()
def app(demo_db, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = (
        [m.value for m in at.markdown]
        + [t.value for t in at.title]
        + [s.value for s in at.subheader]
        + [c.value for c in at.caption]
        + [i.value for i in at.info]
    )
    return "\n".join(str(p) for p in parts)


def test_overview_counts_match_database(app, demo_db):
    con = db.connect(demo_db)
    ratings = con.execute("SELECT count(*) FROM reviews").fetchone()[0]
    employees = con.execute("SELECT count(*) FROM employees").fetchone()[0]
    con.close()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["评分记录"] == f"{ratings:,}"
    assert metrics["员工"] == f"{employees:,}"
    assert app.title[0].value == "概览"
    assert "位偏宽松" in texts(app)  # "评价人中 8 位偏宽松，8 位偏严格…"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app, page):
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title, page


def test_distributions_key_elements(app):
    app.switch_page("pages/distributions.py").run()
    body = texts(app)
    assert "Kruskal-Wallis" in body and "ε²" in body and "n=" in body
    assert len(app.dataframe) >= 3


def test_filter_changes_numbers(app):
    # the sidebar widget is in the tree on the first run (AppTest drops it after switch_page)
    app.sidebar.selectbox(key="dept").set_value("销售中心").run()
    assert app.session_state["dept"] == "销售中心"
    app.switch_page("pages/calibration.py").run()
    after = next(m.value for m in app.markdown if "名员工" in m.value)
    app.session_state["dept"] = None
    app.run()
    before = next(m.value for m in app.markdown if "名员工" in m.value)
    app.session_state["dept"] = "销售中心"
    app.run()
    assert not app.exception
    after = next(m.value for m in app.markdown if "名员工" in m.value)
    assert before != after
    n_before = int(before.split("名员工")[0].strip().replace(",", ""))
    n_after = int(after.split("名员工")[0].strip().replace(",", ""))
    assert 0 < n_after < n_before
    # the breadcrumb offers the way back up; clicking it is exercised in the browser journey
    # (AppTest re-applies the URL-bound value, a real browser follows the session state)
    app.session_state["dept"] = "销售中心/华东区"
    app.run()
    labels = [b.label for b in app.button]
    assert labels[:3] == ["全公司 ›", "销售中心 ›", "华东区"]


def test_rater_role_filter_changes_recheck(app):
    before = [m.value for m in app.markdown if "需复核" in m.value]
    app.sidebar.selectbox(key="role").set_value("manager").run()
    assert not app.exception
    after = [m.value for m in app.markdown if "需复核" in m.value]
    # with manager ratings only there is no manager/peer or self/manager gap left to re-check,
    # and a count of 0 is no headline
    assert before and after == []


def test_language_from_url_english(demo_db, monkeypatch):
    """?lang=English (a shared URL) renders every label in English; clicking the switch is
    exercised in the browser journey."""
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = "English"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert " lenient raters, " in texts(at)  # "8 lenient raters, 8 severe raters …"
    at.switch_page("pages/raters.py").run()
    assert at.title[0].value == "Rater consistency"
    assert not at.exception


def test_every_page_renders_in_english_with_english_reasons(demo_db, monkeypatch):
    """The same pages in English: no error, and the words a statistic returns as codes
    (reasons, nine-box cells, flags) are worded in English by the shared renderer."""
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = "English"
    at.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title, page
    at.switch_page("pages/potential.py").run()
    hipo = at.dataframe(key="pot_hipo").value
    reasons = [r for rs in hipo["reasons"] for r in rs]
    assert reasons and all(not any("\u4e00" <= ch <= "\u9fff" for ch in r[:4]) for r in reasons)
    assert any(r.startswith(("top ", "rising ", "peers and manager")) for r in reasons)
    assert "Star" in set(hipo["box_label"]) and "明星" not in set(hipo["box_label"])
    # the backtest: last cycle's list followed into the latest cycle, worded in English
    assert "Backtest: how last cycle's list did this cycle" in [s.value for s in at.subheader]
    caps = "\n".join(c.value for c in at.caption)
    assert "people the list ranked on data up to" in caps and "does not prove" in caps
    bt = _backtest_table(at)
    assert bt.iloc[:, 0].tolist()[-1] == "Everyone"


def test_potential_reasons_in_chinese(app):
    app.switch_page("pages/potential.py").run()
    hipo = app.dataframe(key="pot_hipo").value
    reasons = [r for rs in hipo["reasons"] for r in rs]
    assert reasons and all(any("\u4e00" <= ch <= "\u9fff" for ch in r) for r in reasons)
    assert "明星" in set(hipo["box_label"])
    caps = "\n".join(c.value for c in app.caption)
    assert "按截至" in caps and "不能证明名单中的人具有潜力" in caps
    bt = _backtest_table(app)
    assert bt.iloc[:, 0].tolist() == ["上期高潜名单", "上期百分位最高的同样人数", "全员"]


def _backtest_table(at: AppTest):
    """The backtest table (a read-only table: found by its rows, it has no widget key)."""
    groups = {"Everyone", "全员"}
    found = [d.value for d in at.dataframe if groups & set(map(str, d.value.iloc[:, 0]))]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def test_person_page_shows_history(app, demo_build):
    app.switch_page("pages/person.py").run()
    first = app.selectbox(key="employee").options
    assert len(first) == 200  # the first 200 ids only (of 2,000), until searched
    first = [o.split(" ")[0] for o in first]  # an option reads "id name" (rev19e minor 3)
    star = next(s for s in demo_build["demo"].truth["rising_stars"] if s not in first)
    app.text_input(key="person_search").set_value(star).run()
    (option,) = app.selectbox(key="employee").options
    assert option.startswith(f"{star} ") and len(option) > len(star) + 1
    app.selectbox(key="employee").set_value(star).run()
    assert not app.exception
    heads = [s.value for s in app.subheader]
    assert "各周期评分" in heads and "变动归因" in heads
    # search by department finds people, in a table whose rows open the person
    app.text_input(key="person_search").set_value("销售中心/华东区").run()
    assert not app.exception
    # a grid of its own for each search's rows (its key ends in the search's hash)
    hits = next(d for d in app.dataframe if (d.key or "").startswith("person_hits_")).value
    assert len(hits) > 10 and hits["department"].str.startswith("销售中心/华东区").all()


def test_attribution_picker_lists_largest_movers_and_finds_anyone(app, demo_db):
    """The waterfall's list holds the largest movers (not every person); typing an id shows
    that person's change, and an unknown id says so."""
    app.switch_page("pages/attribution.py").run()
    assert not app.exception
    box = app.selectbox[0]
    con = db.connect(demo_db)
    people = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT employee_id FROM reviews ORDER BY employee_id"
        ).fetchall()
    ]
    con.close()
    con = db.connect(demo_db)
    names = dict(con.execute("SELECT employee_id, name FROM employees").fetchall())
    depts = dict(con.execute("SELECT employee_id, department FROM employees").fetchall())
    con.close()
    ids = [o.split(" ")[0] for o in box.options]  # shown as "E000123 张伟 · 销售中心"
    # as the person page's picker words a person (ui22): id, name, department (issue 19)
    assert box.options[0] == f"{ids[0]} {names[ids[0]]} · {depts[ids[0]]}"
    assert len(ids) == 300 < len(people)
    quiet = [e for e in people if e not in ids]  # a small mover, typed in
    app.text_input(key="attr_find").set_value(quiet[0]).run()
    assert not app.exception
    box = app.selectbox[0]
    ids = [o.split(" ")[0] for o in box.options]
    assert box.value == quiet[0] and ids[0] == quiet[0]
    # found as on the person page: by name and a word of the department
    words = f"{names[quiet[1]]} {depts[quiet[1]].split('/')[-1]}"
    app.text_input(key="attr_find").set_value(words).run()
    assert not app.exception
    assert quiet[1] in [o.split(" ")[0] for o in app.selectbox[0].options]
    app.text_input(key="attr_find").set_value("NO-SUCH-ID").run()
    assert not app.exception and any("NO-SUCH-ID" in w.value for w in app.warning)


def test_empty_database_first_run(tmp_path, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(tmp_path / "empty.duckdb"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "欢迎使用绩效透视"
    assert [b.label for b in at.button][:2] == ["载入演示数据", "上传我的数据"]


def test_overview_counts_follow_the_filters(app, demo_db):
    """The top row counts the filtered scope, not the whole database (the quarantine stays
    whole: it belongs to the imports)."""
    app.sidebar.selectbox(key="dept").set_value("销售中心").run()
    assert not app.exception
    con = db.connect(demo_db)
    people, ratings = con.execute(
        "SELECT count(DISTINCT r.employee_id), count(*) FROM reviews r JOIN employees e "
        "USING (employee_id) WHERE e.department = '销售中心' OR e.department LIKE '销售中心/%'"
    ).fetchone()
    total = con.execute("SELECT count(*) FROM reviews").fetchone()[0]
    con.close()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["员工"] == f"{people:,}" and metrics["评分记录"] == f"{ratings:,}"
    assert ratings < total


def test_attribution_with_one_cycle_says_why_it_is_empty(app):
    from analytics.text import render

    app.session_state["cycle"] = ["2025Q4"]
    app.switch_page("pages/attribution.py").run()
    assert not app.exception
    assert render("attr.one_cycle", "zh", cycle="2025Q4") in [i.value for i in app.info]


@pytest.mark.parametrize("lang", ["中文", "English"])
def test_raters_page_shows_kappa_and_the_decision_study(demo_db, monkeypatch, lang):
    """Below the reliability table: the kappa table, the decision study's sentence (raters and
    cycles for a dependable score, the present design), its note and table, in the language."""
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = lang
    at.switch_page(direct("pages/raters.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    words = texts(at)
    if lang == "English":
        assert "Agreement on grades (kappa)" in words
        assert "raters and" in words and "cycles" in words and "Φ" in words
    else:
        assert "等级一致性（Kappa）" in words
        assert "位评价人" in words and "个周期" in words and "Φ" in words
    sizes = [len(frame.value) for frame in at.dataframe]
    # kappa: of its 4 measures in each of the 6 cycles, the rows with a value (those of none are
    # sentences: tests/app/test_left25_pages.py checks which)
    kappas = [frame.value for frame in at.dataframe if "kappa" in frame.value.columns]
    assert len(kappas) == 1 and 0 < len(kappas[0]) < 6 * 4
    assert 10 * 4 in sizes  # the decision study: 1-10 raters x 1-4 cycles
    # the appeals section (ui/appeals.py), on the same page run: the company's counts as the
    # database has them, what it does not prove, the raters' table
    con = db.connect(demo_db, read_only=True)
    graded, appealed = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE (cycle_id, employee_id) IN "
        "(SELECT (cycle_id, employee_id) FROM appeals)) FROM outcomes WHERE grade IS NOT NULL"
    ).fetchone()
    (decided,) = con.execute(  # the demo's 已驳回 / 已调整: upheld / overturned
        "SELECT count(*) FROM appeals a JOIN outcomes o USING (cycle_id, employee_id) "
        "WHERE a.outcome IS NOT NULL AND o.grade IS NOT NULL"
    ).fetchone()
    con.close()
    assert appealed > 0 and decided > 0
    code = "zh" if lang == "中文" else "en"
    assert render("appeals.title", code) in [h.value for h in at.subheader]
    said = texts(at)
    assert render("appeals.not_proof", code) in said
    company = {
        "zh": f"全公司 {graded:,} 人次获得最终等级，其中 {appealed:,} 人次申诉",
        "en": f"{graded:,} final grades, {appealed:,} appealed",
    }
    decisions = {"zh": f"已处理 {decided:,} 件", "en": f"of {decided:,} decided appeals"}
    assert decisions[code] in said, said[-2000:]
    assert company[code] in said, said[-2000:]
    (raters,) = [d.value for d in at.dataframe if "overturn_diff" in d.value.columns]
    assert len(raters) > 0 and raters["rater_id"].notna().all()
    signals = {render(f"appeal_signal.{s}", code) for s in ("high", "not_high", "too_few")}
    assert set(raters["signal"]) <= signals  # worded in the page's language


def test_raters_page_computes_kappa_of_a_sub_department_on_request(demo_db, monkeypatch):
    """A top-level department has its kappa and G study stored: shown at once. A sub-department
    of the demo (below the size rule, ``store.STORED_SUB_DEPARTMENT_RATINGS``) stores none: the
    page shows everything else at once and a button; the click computes them for that unit
    and they stay for the session."""
    from analytics.text import render

    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/raters.py")
    at.session_state["dept"] = "销售中心"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert render("raters.agreement_on_demand", "zh") not in texts(at)
    assert 10 * 4 in [len(frame.value) for frame in at.dataframe]  # the decision study, stored
    at.session_state["dept"] = "销售中心/华东区"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert render("raters.agreement_on_demand", "zh") in texts(at)
    sizes = [len(frame.value) for frame in at.dataframe]
    assert 10 * 4 not in sizes  # no decision study yet
    at.button(key="raters_agreement_compute").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert render("raters.agreement_on_demand", "zh") not in texts(at)
    assert 10 * 4 in [len(frame.value) for frame in at.dataframe]  # the decision study
    at.run()  # asked once: it stays
    assert 10 * 4 in [len(frame.value) for frame in at.dataframe]


def test_potential_page_lists_the_risers_beside_the_decliners(app, demo_build):
    """The sustained risers (rev23a item 8) under their heading, before the decliners, with
    the planted rising stars among them and each row's rise worded in the page's language."""
    app.switch_page("pages/potential.py").run()
    heads = [s.value for s in app.subheader]
    assert heads.index(render("pot.risers", "zh")) < heads.index(render("pot.decliners", "zh"))
    rise = app.dataframe(key="pot_risers").value
    stars = set(demo_build["demo"].truth["rising_stars"])
    ids = {str(v).split(" ")[0] for v in rise.iloc[:, 0]}
    assert len(rise) and len(stars & ids) / len(stars) >= 0.7, (len(rise), ids)
    reasons = [r for rs in rise["reasons"] for r in rs]
    assert any("升至" in r for r in reasons), reasons[:3]
