"""Real HR exports as a fresh-eyes import test wrote them (helper B, session 44): grades and
rater roles as HR systems spell them, a results file's repeated rows, and the original file
restoring what a deleted correction had replaced.

- A rare S among S/A/B/C/D grades is a grade, not an A-E typo: 3 S of 100 were quarantined and
  the guideline comparison switched off for want of an S.
- 'a' beside 'A' (or a full-width Ｂ) is the grade A, said in a warning: it was stored as a grade
  of its own, and its share column clashed with A's in DuckDB (whose names ignore case), so the
  distributions page, the calibration page's tab and every report stopped with an error.
- The relation words 直接上级 / 平级 / 间接上级 name the manager, a peer, the skip level: 60% of a
  360 file's cells were quarantined as unknown roles.
- Identical rows of a results file are said, not read once without a word.
- The original file imported again after its correction was deleted restores the rows the
  correction had replaced.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from analytics import cli
from analytics.ingest import pipeline as ingest
from analytics.ingest.headers import normalise_role
from analytics.ingest.outcomes import grade_spellings, odd_grade_labels
from analytics.store import db
from analytics.text import render


@pytest.fixture()
def con():
    c = db.connect(":memory:")
    yield c
    c.close()


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_rare_s_is_a_grade_of_the_scale_that_holds_every_label():
    grades = pl.Series(["S"] * 3 + ["A"] * 20 + ["B"] * 55 + ["C"] * 17 + ["D"] * 5)
    assert odd_grade_labels(grades) == []
    # a real typo among them is still one
    assert odd_grade_labels(pl.concat([grades, pl.Series(["B+"])])) == ["B+"]


def test_a_results_file_with_three_s_loads_every_grade(tmp_path, con):
    grades = ["S"] * 3 + ["A"] * 20 + ["B"] * 55 + ["C"] * 17 + ["D"] * 5
    rows = [f"E{8001 + i},一部,2025Q4,{g}" for i, g in enumerate(grades)]
    path = _csv(tmp_path / "results.csv", ["工号,部门,考核周期,绩效等级", *rows])
    res = ingest.import_file(con, path, lang="zh")
    assert res.quarantined == 0
    assert "grade_cells_off_scale" not in dict(res.warnings)
    got = dict(con.execute("SELECT grade, count(*) FROM outcomes GROUP BY 1").fetchall())
    assert got == {"S": 3, "A": 20, "B": 55, "C": 17, "D": 5}


def test_other_spellings_of_a_grade_are_that_grade():
    series = pl.Series(["A", "A", "a", "B", "b", "Ｂ", "C", "c ", "良 好", "优秀"])
    assert grade_spellings(series) == {"a": "A", "b": "B", "Ｂ": "B", "c ": "C", "良 好": "良好"}
    # a scale of the company's own: the column's most frequent spelling
    assert grade_spellings(pl.Series(["Good", "Good", "good", "Fair"])) == {"good": "Good"}
    # a short form of a grade stays as written (Workday's 'Partially Meets')
    assert grade_spellings(pl.Series(["Partially Meets", "Meets Expectations"])) == {}


HEAD = "工号,姓名,部门,考核周期,评价人工号,评价关系,得分,绩效等级"
# (grade, self score, manager score) per person: 'a', 'b', 'c' among S/A/B/C/D as written
PEOPLE = ["S", "A", "a", "B", "b", "B", "C", "c", "D", "A", "B", "B"]


def _case_file(path: Path) -> Path:
    lines = [HEAD]
    for i, grade in enumerate(PEOPLE):
        emp, score = f"E{2001 + i}", 2 + (i % 4) * 0.5
        lines += [
            f"{emp},员工{i},市场部,2025Q4,E2100,上级,{score},{grade}",
            f"{emp},员工{i},市场部,2025Q4,{emp},自评,{score + 0.5},{grade}",
        ]
    return _csv(path, lines)


def test_mixed_case_grades_load_as_one_grade_with_a_warning(tmp_path, con):
    res = ingest.import_file(con, _case_file(tmp_path / "case.csv"), lang="zh")
    got = dict(con.execute("SELECT grade, count(*) FROM outcomes GROUP BY 1").fetchall())
    assert got == {"S": 1, "A": 3, "B": 5, "C": 2, "D": 1}
    said = dict(res.warnings)["grade_respelled"]
    assert said["n"] == 6 and said["column"] == "绩效等级"  # cells: two rows a person
    zh = render("import.grade_respelled", "zh", **said)
    en = render("import.grade_respelled", "en", **said)
    assert "E2003 员工2 2025Q4 “a” → “A”" in zh and "大小写" in zh
    assert "6 grades are another spelling of a grade" in en


def test_a_report_of_mixed_case_grades_is_written(tmp_path):
    """The report (as the distributions page) counts the grade shares: it stopped with
    "unable to find column share_a" before."""
    path = tmp_path / "p.duckdb"
    assert (
        cli.main(["--lang", "en", "import", str(_case_file(tmp_path / "c.csv")), "--db", str(path)])
        == 0
    )
    out = tmp_path / "r.json"
    assert cli.main(["--lang", "en", "report", "--db", str(path), "--out", str(out)]) == 0
    assert out.exists() and json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("本人", "self"),
        ("直接上级", "manager"),
        ("直属主管", "manager"),
        ("平级", "peer"),
        ("间接上级", "skip_level"),
        ("上上级", "skip_level"),
        ("下级", "subordinate"),
    ],
)
def test_relation_words_of_hr_exports_name_their_role(word, role):
    assert normalise_role(word) == role


def test_a_360_file_with_those_words_loads_every_rating(tmp_path, con):
    lines = ["员工工号,姓名,所属部门,评估周期,评估人编号,评价类型,分数"]
    for i in range(6):
        emp = f"E{4001 + i}"
        lines += [
            f"{emp},员工{i},运营部,2025Q4,{emp},本人,4",
            f"{emp},员工{i},运营部,2025Q4,E4100,直接上级,3",
            f"{emp},员工{i},运营部,2025Q4,E4101,平级,4",
            f"{emp},员工{i},运营部,2025Q4,E4102,间接上级,3",
        ]
    res = ingest.import_file(con, _csv(tmp_path / "360.csv", lines), lang="zh")
    assert res.quarantined == 0
    got = dict(con.execute("SELECT rater_role, count(*) FROM reviews GROUP BY 1").fetchall())
    assert got == {"self": 6, "manager": 6, "peer": 6, "skip_level": 6}


def test_identical_rows_of_a_results_file_are_read_once_and_said(tmp_path, con):
    rows = [f"E{5001 + i},一部,2025Q4,{g}" for i, g in enumerate("SABBCBABCD")]
    lines = ["工号,部门,考核周期,绩效等级", *rows[:4], rows[2], *rows[4:], rows[5]]
    res = ingest.import_file(con, _csv(tmp_path / "dups.csv", lines), lang="zh")
    assert con.execute("SELECT count(*) FROM outcomes").fetchone()[0] == 10
    said = dict(res.warnings)["records_repeated_same"]
    assert said["n"] == 2 and said["rows"] == ["6 = 4 (E5003 2025Q4)", "13 = 8 (E5006 2025Q4)"]
    zh = render("import.records_repeated_same", "zh", **said)
    en = render("import.records_repeated_same", "en", **said)
    assert "2 行与同一人同一周期的前一行完全相同" in zh and "6 = 4 (E5003 2025Q4)" in zh
    assert "2 rows repeat an earlier row" in en


def test_the_original_restores_what_a_deleted_correction_replaced(tmp_path, con):
    """A correction import replaced 3 manager rows and was deleted (its rows went, the
    replaced ones did not come back): the original file imported again restores them; it
    was answered "identical content already imported, nothing changed"."""
    from analytics.store.removal import remove_import

    head = "工号,部门,考核周期,评价人工号,评价关系,得分"
    rows = [
        f"E{7001 + i},一部,2025Q4,{r},{role},{s}"
        for i in range(10)
        for r, role, s in ((f"E{7001 + i}", "自评", 4), ("M1", "上级", 3))
    ]
    base = ingest.import_file(con, _csv(tmp_path / "base.csv", [head, *rows]), lang="zh")
    fix = [f"E{7001 + i},一部,2025Q4,M1,上级,5" for i in range(3)]
    corr = ingest.import_file(con, _csv(tmp_path / "fix.csv", [head, *fix]), lang="zh")
    assert base.status == corr.status == "loaded"
    remove_import(con, corr.import_id)
    assert con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 17
    again = ingest.import_file(con, tmp_path / "base.csv", lang="zh")
    assert again.status == "loaded"
    assert con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 20
    assert (
        con.execute("SELECT max(score_raw) FROM reviews WHERE rater_id = 'M1'").fetchone()[0] == "3"
    )
