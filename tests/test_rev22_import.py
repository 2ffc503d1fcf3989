"""rev22: a messy real export imported honestly. A typo grade ("B+" among S/A/B/C/D) is
quarantined with its person and the rest read on the scale; people who moved between cycles
and a renamed department are said at import (preview and result) and kept for the pages."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.ingest import pipeline as ingest
from analytics.ingest.outcomes import odd_grade_labels
from analytics.ingest.preview import view_file
from analytics.store import db
from analytics.store.orgchart import department_history
from analytics.text import render
from tests.test_ingest import write_csv

HEADER = ["工号", "姓名", "部门", "团队", "考核周期", "评价人工号", "评价关系", "得分", "绩效等级"]
GRADES = "SABCD"


def _dept(i: int, cycle: str) -> str:
    if i <= 10:  # E001, E002 move from 甲部 to 乙部 in 2025Q2
        return "总部/乙部" if i <= 2 and cycle != "2025Q1" else "总部/甲部"
    if i <= 20:
        return "总部/乙部"
    return "总部/新部" if cycle == "2025Q3" else "总部/旧部"  # renamed in 2025Q3


def messy_rows(odd: dict[tuple[int, str], str] | None = None) -> list[tuple]:
    odd = odd or {}
    rows = []
    for cycle in ("2025Q1", "2025Q2", "2025Q3"):
        for i in range(1, 31):
            grade = odd.get((i, cycle), GRADES[(i + len(cycle)) % 5])
            team = "一组" if i % 2 else "二组"
            for rater, role in ((f"E{i:03d}", "自评"), ("M01", "上级")):
                rows.append(
                    (f"E{i:03d}", f"员工{i}", _dept(i, cycle), team, cycle, rater, role, "3", grade)
                )
    return rows


@pytest.fixture()
def con():
    c = db.connect(":memory:")
    yield c
    c.close()


def test_odd_grade_labels_are_the_few_off_scale_cells_only():
    many = pl.Series(["S", "A", "B", "C", "D"] * 8 + ["B+"])
    assert odd_grade_labels(many) == ["B+"]
    # a scale of the company's own (every cell off every scale), or many odd cells: no typo
    assert odd_grade_labels(pl.Series(["甲", "乙", "丙"] * 5)) == []
    assert odd_grade_labels(pl.Series(["S", "A", "B"] * 3 + ["B+"] * 4)) == []
    assert odd_grade_labels(pl.Series(["S", "A", "B", "C", "D"] * 4)) == []


def test_a_typo_grade_is_quarantined_with_its_person_and_the_rest_read_on_the_scale(tmp_path, con):
    path = write_csv(tmp_path / "messy.csv", HEADER, messy_rows({(5, "2025Q2"): "B+"}))
    view, _ = view_file(con, path)
    codes = [c for c, _ in view.warnings]
    assert "grade_cells_off_scale" in codes and "grade_column_no_scale" not in codes
    res = ingest.import_file(con, path)
    assert res.status == "loaded"
    codes = [c for c, _ in res.warnings]
    assert "grade_column_no_scale" not in codes
    (said,) = [p for c, p in res.warnings if c == "grade_cells_off_scale"]
    assert said["n"] == 1 and said["labels"] == ["B+"] and said["total"] == 90
    zh = render("import.grade_cells_off_scale", "zh", **said)
    en = render("import.grade_cells_off_scale", "en", **said)
    assert "E005 员工5 2025Q2 “B+”" in zh and "1 grade (B+) of the 90" in en
    # the grade scale of the other cells is said as detected
    assert any(c == "grade_column_scale" for c, _ in res.notes + res.detections[0].notes)
    q = con.sql('SELECT row_number, "column", raw_value, reason_code, reason FROM quarantine').pl()
    row = q.filter(pl.col("reason_code") == "grade_off_scale")
    assert row.height == 1 and row["raw_value"][0] == "B+" and row["column"][0] == "绩效等级"
    assert "E005" in row["reason"][0] and "员工5" in row["reason"][0]
    assert "2025Q2" in row["reason"][0]
    # the row number is that of the person's first row in the file (header = row 1)
    assert row["row_number"][0] == 2 + 2 * (30 + 4)
    grades = con.sql(
        "SELECT grade FROM outcomes WHERE employee_id = 'E005' ORDER BY cycle_id"
    ).fetchall()
    assert grades[1] == (None,) and grades[0][0] in GRADES
    # the rest read on the scale: every other cell kept as written
    (kept,) = con.sql("SELECT count(grade) FROM outcomes").fetchall()[0]
    assert kept == 89


def test_movers_and_a_renamed_department_are_said_at_import_and_kept(tmp_path, con):
    path = write_csv(tmp_path / "moves.csv", HEADER, messy_rows())
    view, _ = view_file(con, path)
    assert {"department_movers", "department_renamed"} <= {c for c, _ in view.warnings}
    res = ingest.import_file(con, path)
    said = dict(res.warnings)
    movers, renamed = said["department_movers"], said["department_renamed"]
    # the rename is not a move: only E001 and E002 moved
    assert movers["n"] == 2 and movers["latest"] == "2025Q3"
    assert movers["people"][0].startswith("E001 员工1: 总部/甲部 (2025Q1) → 总部/乙部 (2025Q2)")
    assert (renamed["old"], renamed["new"], renamed["n"], renamed["of"]) == (
        "总部/旧部",
        "总部/新部",
        10,
        10,
    )
    zh = render("import.department_movers", "zh", **movers)
    en = render("import.department_movers", "en", **movers)
    assert "2 人在不同周期的部门不同" in zh and "最新部门（2025Q3）" in zh
    assert "2 people are in different departments in different cycles" in en
    zh = render("import.department_renamed", "zh", **renamed)
    assert "「总部/旧部」看起来更名为「总部/新部」" in zh and "10 人中有 10 人" in zh
    # kept for the pages' notes; gone once the import is deleted
    history = department_history(con)
    assert history == {
        "movers": 2,
        "teams": 0,
        "latest": "2025Q3",
        "renamed": [("总部/旧部", "总部/新部")],
    }
    con.execute("UPDATE imports SET status = 'deleted'")
    assert department_history(con) is None


def test_one_cycle_or_nobody_moving_says_nothing(tmp_path, con):
    rows = [r for r in messy_rows() if r[4] == "2025Q1"]
    res = ingest.import_file(con, write_csv(tmp_path / "one.csv", HEADER, rows))
    assert not {"department_movers", "department_renamed"} & {c for c, _ in res.warnings}
    assert department_history(con) is None
