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


def _imported(folder: Path, rows: list[str]) -> Path:
    """A database in ``folder`` of the results ``rows`` (id, department, cycle, score, grade)."""
    src = folder / "results.csv"
    src.write_text(
        "\n".join(["工号,部门,考核周期,最终得分,绩效等级", *rows]) + "\n", encoding="utf-8"
    )
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
    assert render("common.needs_ratings", lang) not in said
    return at, said


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


@pytest.mark.parametrize("page", ["raters", "attribution", "potential"])
def test_pages_on_ratings_say_they_need_them(results_db, page, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(results_db))
    at = open_page(f"pages/{page}.py", "en")
    assert render("common.needs_ratings", "en") in [i.value for i in at.info]


def test_grades_only_say_so(tmp_path, monkeypatch):
    """A file of grades alone (no final score): the guideline fit of its grades, and a line
    saying the score's distribution needs final scores (not only "no unit has 5 people")."""
    rows = [
        f"E{7001 + i},{'甲部' if i % 2 else '乙部'},2026Q1,{'SABBBBCD'[i % 8]}" for i in range(30)
    ]
    src = tmp_path / "grades.csv"
    src.write_text("\n".join(["工号,部门,考核周期,绩效等级", *rows]) + "\n", encoding="utf-8")
    path = tmp_path / "perflens.duckdb"
    assert main(["--lang", "en", "import", str(src), "--db", str(path)]) == 0
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = open_page("pages/distributions.py", "en")
    said = [c.value for c in at.caption] + [s.value for s in at.subheader]
    assert render("common.grades_only_note", "en") in said, said
    assert render("dist.guideline", "en") in said
    assert len(at.dataframe) >= 1  # the departments against the guideline


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
