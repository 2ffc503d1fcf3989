"""A dataset of results only (a final score and grade per person, the commonest HR export):
its Overview and Distributions read the recorded scores and grades (the grade shares against
the guideline, the final score's distribution per department), the pages built on ratings by
rater say that they need them (helper R, session 45; before, every page showed only
"firstrun.results_only", helper B, session 44)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.cli import main
from analytics.text import render
from tests.app.apptest import open_page

ROOT = Path(__file__).resolve().parents[2]


def _imported(
    folder: Path, rows: list[str], header: str = "工号,部门,考核周期,最终得分,绩效等级"
) -> Path:
    """A database in ``folder`` of the results ``rows`` under ``header`` (id, department,
    cycle, score, grade)."""
    src = folder / "results.csv"
    src.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    path = folder / "perflens.duckdb"
    assert main(["--lang", "en", "import", str(src), "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def results_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("results_only")
    rows = [
        f"E{9001 + i + 100 * d},{dept},{c},{3 + i % 3},{'SABBBBCD'[i % 8]}"
        for d, dept in enumerate(("一部", "二部"))
        for c in ("2025Q4", "2026Q1")
        for i in range(12)
    ]
    return _imported(folder, rows)


def _opened(results_db, page: str, lang: str, dept: str | None, monkeypatch):
    """``page`` of the results-only dataset in ``lang`` (``dept``: the department filter),
    and what it says (infos, captions, text, headings, warnings)."""
    monkeypatch.setenv("PERFLENS_DB", str(results_db))
    at = open_page(f"pages/{page}.py", lang, query={"dept": dept} if dept else None)
    kinds = ("info", "caption", "markdown", "subheader", "warning")
    said = [e.value for kind in kinds for e in getattr(at, kind)]
    assert render("common.results_only_note", lang) in said, said
    assert _needs_ratings(lang) not in said
    return at, said


def _needs_ratings(lang: str) -> str:
    """``common.needs_ratings`` with the pages named as the menu names them."""
    pages = {"overview": render("nav.overview", lang), "dist": render("nav.distributions", lang)}
    return render("common.needs_ratings", lang, **pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("dept", [None, "一部"])
def test_distributions_of_results_only(results_db, lang, dept, monkeypatch):
    _, said = _opened(results_db, "distributions", lang, dept, monkeypatch)
    assert render("dist.guideline", lang) in said, said


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("dept", [None, "一部"])
def test_overview_of_results_only(results_db, lang, dept, monkeypatch):
    at, said = _opened(results_db, "overview", lang, dept, monkeypatch)
    assert render("overview.headlines", lang) in said, said
    people = {m.label: m.value for m in at.metric}[render("overview.employees", lang)]
    assert people == ("12" if dept else "24")  # the people with a result in the scope


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_calibration_page_of_results_only(results_db, lang, monkeypatch):
    """The calibration page counts the people with a result and offers the downloads (the
    packet's guideline fit of the results: test_results_only_sections)."""
    at, said = _opened(results_db, "calibration", lang, None, monkeypatch)
    assert render("cal.sections", lang) in said, said
    counts = render("cal.summary", lang, employees=24, raters=0, ratings="0")
    assert counts in [m.value for m in at.markdown]
    # a tab of a section that needs ratings by rater says so, not an empty table (session 45
    # L2's note); a tab of the results' own sections draws its table
    from analytics.findings.headlines import section_title

    for name, says in (("raters", True), ("guideline_units", False)):
        at.session_state["cal_section"] = section_title(name, {}, lang)
        at.run()
        assert not at.exception
        infos = [i.value for i in at.info]
        assert (render("cal.tab_needs_ratings", lang) in infos) is says, (name, infos)
        assert (len(at.dataframe) == 0) is says, name


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["raters", "attribution", "potential"])
def test_pages_on_ratings_say_they_need_them(results_db, page, lang, monkeypatch):
    """Said with the other pages' names as the menu has them (session 45 G item 6: the zh
    line said “总览” for the page the menu calls 概览)."""
    monkeypatch.setenv("PERFLENS_DB", str(results_db))
    at = open_page(f"pages/{page}.py", lang)
    said = [i.value for i in at.info]
    assert _needs_ratings(lang) in said, said
    assert render("nav.overview", lang) in said[0] and render("nav.distributions", lang) in said[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dataset_list_counts_the_results(results_db, lang, monkeypatch):
    """The Data page's list of datasets counts the results of a dataset of results only, not
    "0 ratings" (session 45 G item 5: "G测试一 · 1 次导入 · 0 条评分" for 600 results)."""
    monkeypatch.setenv("PERFLENS_DB", str(results_db))
    at = open_page("pages/data.py", lang)
    titles = [e.label for e in at.expander]
    name = [
        x
        for x in titles
        if render("dataset.imports_title_results", lang, name="", imports=1, results=48) in x
    ]
    assert name, titles
    zero = render("dataset.imports_title", lang, name="", imports=1, ratings=0)
    assert not [x for x in titles if zero in x], titles


@pytest.fixture(scope="module")
def grades_db(tmp_path_factory) -> Path:
    """Grades alone (no final score): 2 departments of 16 people, 2 cycles (the tester's
    g2_grades_only.csv in small)."""
    folder = tmp_path_factory.mktemp("grades_only")
    rows = [
        f"E{7001 + i + 100 * d},{dept},{c},{'SABBBBCD'[i % 8]}"
        for d, dept in enumerate(("甲部", "乙部"))
        for c in ("2025Q4", "2026Q1")
        for i in range(16)
    ]
    return _imported(folder, rows, header="工号,部门,考核周期,绩效等级")


def _said(at) -> list[str]:
    kinds = ("info", "caption", "markdown", "subheader", "warning")
    return [e.value for kind in kinds for e in getattr(at, kind)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_grades_only_say_so(grades_db, lang, monkeypatch):
    """A file of grades alone (no final score): the guideline fit of its grades, and one line
    saying the sections of scores need final scores; none of them drawn with a wrong reason
    ("no unit has 5 people … widen the filters" with 16 a department, "No data", an empty
    inflation chart on 0-1), and no banner saying the scope mixes scales (there is no scale):
    session 45 G item 1."""
    monkeypatch.setenv("PERFLENS_DB", str(grades_db))
    at = open_page("pages/distributions.py", lang)
    said = _said(at)
    names = [render(f"dist.{k}", lang) for k in ("inflation", "tests", "summary")]
    assert render("common.grades_only_note", lang, sections=names) in said, said
    assert render("dist.guideline", lang) in said
    assert len(at.dataframe) >= 1  # the departments against the guideline
    assert render("unit.caption_mixed", lang) not in said
    for k in ("heatmap", "inflation", "tests", "summary"):  # the sections of scores: not drawn
        assert render(f"dist.{k}", lang) not in said, k
    wrong = [render("common.no_data", lang)] + [
        render(f"dist.{k}", lang, cycle="2026Q1", min_n=5, units=[])
        for k in ("no_unit_means", "no_heat_cells", "no_tests")
    ]
    assert not set(wrong) & set(said), said
    assert not at.exception


@pytest.mark.parametrize("page", ["calibration", "overview"])
def test_grades_only_is_no_mix_of_scales(grades_db, page, monkeypatch):
    """No scale banner where there is no score (it said 1-5 and 0-100 were mixed)."""
    monkeypatch.setenv("PERFLENS_DB", str(grades_db))
    at = open_page(f"pages/{page}.py", "en")
    assert render("unit.caption_mixed", "en") not in _said(at)
    assert not at.exception
    from analytics.findings.units import NO_SCALE, unit_of
    from analytics.store import db

    with db.connect(grades_db, read_only=True) as con:
        assert unit_of(con).scale == NO_SCALE and unit_of(con).mixed  # nothing converted


def test_kpi_note_before_the_import_says_no_past():
    """The Data page's note before anything is imported: the attainment columns "are read as
    KPIs", not "were loaded" (session 45 G item 7; the zh words were neutral already)."""
    en = render("import_page.kpi_attainment_kept", "en", file="f.csv", columns=["目标完成率"])
    assert "are read as KPIs" in en and "were loaded" not in en


@pytest.fixture(scope="module")
def inflated_db(tmp_path_factory) -> Path:
    """Results only, one department of 20 people (no teams: no team column), mostly S."""
    folder = tmp_path_factory.mktemp("results_inflated")
    rows = [f"E{7001 + i},三部,2026Q1,{90 - i % 3},{'SSSA'[i % 4]}" for i in range(20)]
    return _imported(folder, rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_department_without_teams_is_one_unit(inflated_db, lang, monkeypatch):
    """A department with no teams below it (tester G, session 45, item 2): its whole is off
    the guideline, said without comparing "1 team" with everyone else, nor calling the
    department a team off the guideline "allowing for the many teams compared"."""
    _, said = _opened(inflated_db, "distributions", lang, "三部", monkeypatch)
    text = " ".join(said)
    params = {"scope": "三部", "n": 20, "grade": "S", "share": 0.75, "lo": 0, "hi": 1}
    params |= {"target": 0.1, "units": 1, "names": ["三部"], "k": 1, "kind": "team"}
    params |= {"kind_one": "team", "kind_n": "team"}

    def tail(code: str) -> str:  # the sentence's end, after its numbers
        return render(code, lang, **params)[-12:]

    assert tail("dist.whole_above_alone") in text, said
    for code in ("dist.whole_units_alike", "dist.off_units", "dist.whole_above"):
        assert tail(code) not in text, (code, said)
    assert render("dist.off_one_unit", lang, names=["三部"]) in said, said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_names_a_lone_unit_off_the_guideline(inflated_db, lang, monkeypatch):
    """The overview's headline of the same department (item 2): "1 of 1 teams off ...
    (allowing for the many teams compared)" before; the department named alone now."""
    _, said = _opened(inflated_db, "overview", lang, "三部", monkeypatch)
    params = {"cycle": "2026Q1", "names": ["三部"], "ways": [], "people": 0, "moves": 0}
    line = render("overview.headline_guideline_one", lang, small=[], **params)
    head = line.split("；" if lang == "zh" else ";")[0]  # before the directions and counts
    assert any(head in s for s in said), said
