"""One guideline per dataset (rev23a item 4): kept in the dataset's database, the code default
only for S-D grades, another scale's grades asking for shares; a saved guideline is what the
guideline sections, the grade shares and the XLSX report use."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import openpyxl
import pytest

from analytics.cli import main
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope, guideline_of
from analytics.findings.sections import compute_section
from analytics.findings.writes import writing
from analytics.stats.distributions import (
    DEFAULT_GUIDELINE,
    GuidelineError,
    check_guideline,
    dataset_guideline,
    scale_of,
    tail_grades,
)
from analytics.store import db, settings
from analytics.text import render
from ui.guideline import parse_rows

OWN = {"优秀": 0.2, "良好": 0.4, "合格": 0.3, "待改进": 0.1}


def graded_csv(path: Path, n: int = 60, seed: int = 5, grades: tuple[str, ...] = ()) -> Path:
    """``n`` people in three departments over two cycles, graded 优秀/良好/合格/待改进 (or
    ``grades``, four of them; the grade column 绩效等级), two dimensions rated by their manager
    on 0-100."""
    rng = random.Random(seed)
    grades = list(grades or OWN)
    lines = ["工号,姓名,部门,考核周期,评价人工号,评价关系,考核维度,得分,绩效等级\n"]
    for cycle in ("2025H1", "2025H2"):
        for i in range(n):
            dept = ("研发中心", "市场部", "生产部")[i % 3]
            g = grades[min(3, int(rng.random() * 4))]
            for dim in ("业绩", "能力"):
                score = rng.randint(60, 95)
                lines.append(
                    f"E{i:04d},员工{i},{dept},{cycle},M{i % 3:03d},上级,{dim},{score},{g}\n"
                )
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _import_graded(folder: Path) -> None:
    dbp = str(folder / "g.duckdb")
    assert main(["import", str(graded_csv(folder / "g.csv")), "--db", dbp, "--quiet"]) == 0


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """A private copy of :func:`graded_csv` imported by the CLI, imported once per test run for
    this module and tests/app/test_guideline_page.py."""
    from tests.conftest import built_copy

    return built_copy(tmp_path_factory, "graded", _import_graded, "g.duckdb")


def test_the_default_only_for_s_to_d_and_another_scale_asks_for_shares():
    assert dataset_guideline(None, ["S", "B", None]) == (DEFAULT_GUIDELINE, list("SABCD"))
    assert dataset_guideline(None, []) == (DEFAULT_GUIDELINE, list("SABCD"))  # derived grades
    assert dataset_guideline(None, ["合格", "良好"]) == (None, list(OWN))
    assert dataset_guideline(OWN, ["合格"]) == (OWN, list(OWN))
    # A/B/C/D fits inside S-D, but no S: not S-D's default, asked for as recorded (rev29a 3)
    assert dataset_guideline(None, ["D", "B", "A", "C"]) == (None, list("ABCD"))
    assert dataset_guideline(None, ["S", "B"]) == (DEFAULT_GUIDELINE, list("SABCD"))
    assert scale_of(["合格", "不合格"]) == ["优秀", "良好", "合格", "待改进", "不合格"]
    assert set(scale_of(["金", "银", None])) == {"金", "银"}  # no known scale: as recorded
    # the fit's top and bottom grades: around the largest share
    assert tail_grades(DEFAULT_GUIDELINE) == (["S", "A"], ["C", "D"])
    assert tail_grades(OWN) == (["优秀"], ["合格", "待改进"])


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([("优秀", 20), ("良好", 40), ("合格", 30), ("待改进", 5)], "sum"),
        ([("优秀", 20), ("优秀", 80)], "duplicate"),
        ([("优秀", None), ("良好", 100)], "negative"),
        ([("", 100)], "empty"),
    ],
)
def test_the_editor_rows_are_checked_in_words(rows, code):
    with pytest.raises(GuidelineError) as exc:
        parse_rows(rows)
    assert exc.value.code == code
    for lang in ("zh", "en"):
        assert render(f"guideline.{code}", lang, **exc.value.params)
    assert parse_rows([("优秀", 20), ("良好", 40), ("合格", 30), ("待改进", 10)]) == OWN
    with pytest.raises(GuidelineError):
        check_guideline({"S": -0.1, "A": 1.1})


def test_a_saved_guideline_is_what_the_guideline_sections_use(graded, tmp_path, no_model_fit):
    """Before: the S-D default against 优秀-待改进 (the fit is empty, the grades "outside");
    saved: the dataset's guideline, the data version moved on, every unit fitted; the grade
    shares list the dataset's grades, not S-D with zero rows."""
    path = tmp_path / "g.duckdb"
    path.write_bytes(graded.read_bytes())
    con = duckdb.connect(str(path), read_only=True)
    data = load_scope_lazy(con, Scope())
    assert guideline_of(data) == (None, list(OWN))
    assert compute_section("guideline_check", data)["grades_outside"][0].to_list() == list(OWN)
    assert compute_section("guideline_units", data).is_empty()
    shares = compute_section("grade_shares", data)
    assert set(shares["grade"]) == set(OWN)  # no S-D rows of zero
    before = db.data_version(con)
    con.close()

    with writing(path) as w:
        assert settings.write_guideline(w, OWN) is True
        assert settings.write_guideline(w, OWN) is False  # unchanged: nothing written
    con = duckdb.connect(str(path), read_only=True)
    assert settings.read_guideline(con) == OWN and db.data_version(con) != before
    data = load_scope_lazy(con, Scope())
    assert guideline_of(data) == (OWN, list(OWN))
    assert compute_section("guideline_check", data)["grades_outside"][0].to_list() == []
    fit = compute_section("guideline_units", data)
    assert sorted(fit["unit"].to_list()) == ["市场部", "生产部", "研发中心"]
    grades = compute_section("guideline_grades", data)
    assert set(grades["grade"]) == set(OWN)
    con.close()

    # the report's XLSX: the guideline sheets hold rows (they were headers only)
    out = tmp_path / "r.xlsx"
    assert main(["--lang", "zh", "report", "--db", str(path), "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    for sheet in ("强制分布偏离", "等级占比对比"):
        assert sheet in book.sheetnames
        assert book[sheet].max_row > 2, sheet

    # S-D's shares entered for grades that are not S-D: kept (as no row the dataset would
    # again have no guideline at all)
    with writing(path) as w:
        assert settings.write_guideline(w, DEFAULT_GUIDELINE) is True
    con = duckdb.connect(str(path), read_only=True)
    assert settings.read_guideline(con) == DEFAULT_GUIDELINE
    con.close()


ABCD = {"A": 0.2, "B": 0.5, "C": 0.25, "D": 0.05}


def test_a_to_d_grades_ask_for_a_guideline_not_s_to_d(tmp_path):
    """rev29a item 3: a company grading A/B/C/D (20/50/25/5) was fitted against S 10% / A 20%
    / B 50% / C 15% / D 5% (an "S" row, people to move, Holm p against the wrong guideline).
    Now: no fit and a cover line naming the grades until the dataset's own is saved; then the
    fit is against it, and the line is gone."""
    from analytics.export.packet import cover_lines
    from analytics.findings.report import build_findings

    path = tmp_path / "abcd.duckdb"
    csv = graded_csv(tmp_path / "abcd.csv", n=30, grades=tuple(ABCD))
    assert main(["import", str(csv), "--db", str(path), "--quiet"]) == 0
    sections = ("guideline_units", "guideline_grades")
    with duckdb.connect(str(path), read_only=True) as con:
        data = load_scope_lazy(con, Scope())
        assert guideline_of(data) == (None, list(ABCD))
        check = compute_section("guideline_check", data).row(0, named=True)
        assert check["guideline_grades"] == [] and check["grades_outside"] == list(ABCD)
        assert compute_section("guideline_units", data).is_empty()
        assert compute_section("guideline_grades", data).is_empty()
        found = build_findings(con, sections=sections)
    assert found.guideline_unset == list(ABCD)
    for lang in ("zh", "en"):
        line = render("overview.headline_guideline_unset", lang, grades=list(ABCD))
        assert line in cover_lines(found, lang)
    assert "A、B、C、D" in render("overview.headline_guideline_unset", "zh", grades=list(ABCD))

    with writing(path) as w:
        assert settings.write_guideline(w, ABCD) is True
    with duckdb.connect(str(path), read_only=True) as con:
        data = load_scope_lazy(con, Scope())
        grades = compute_section("guideline_grades", data)
        assert dict(grades.select("grade", "expected_share").unique().iter_rows()) == ABCD
        assert sorted(compute_section("guideline_units", data)["unit"]) == [
            "市场部",
            "生产部",
            "研发中心",
        ]
        found = build_findings(con, sections=sections)
    assert found.guideline_unset == []
    assert not [x for x in cover_lines(found, "zh") if "尚未为等级" in x]


def test_a_new_session_starts_from_the_datasets_guideline(graded, tmp_path):
    """``calibrate create`` without a guideline: the dataset's (not S-D, which refused every
    优秀-待改进 grade as "not in the guideline")."""
    from analytics.calibration import sessions

    path = tmp_path / "g.duckdb"
    path.write_bytes(graded.read_bytes())
    with writing(path) as w:
        settings.write_guideline(w, OWN)
    sid = sessions.create(path, cycle="2025H2", department="市场部", author="hr")
    assert sessions.load(path, sid).guideline == OWN
