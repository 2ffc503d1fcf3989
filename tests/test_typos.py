"""A rare unit name one character away from a common one is imported as written and warned
about, naming both values, head counts and rows (review of issue 19, rev19e item 5)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.ingest import pipeline as ingest
from analytics.ingest.readers import ROW
from analytics.ingest.typos import near_duplicate_units, one_edit_apart
from analytics.store import db
from analytics.text import render
from tests.test_ingest import write_csv


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("销售部", "销售布", True),  # one substituted
        ("销售部", "销售部门", True),  # one inserted
        ("研发中心", "研发心", True),  # one deleted
        ("销售部", "销售部", False),  # the same
        ("销售部", "市场部", False),  # two apart
        ("研发中心", "研发", False),  # two deleted
        ("Sales", "Saels", False),  # a swap is two edits
        ("华东一组", "华东二组", False),  # numbered siblings
        ("Team A", "Team B", False),
        ("研发1部", "研发2部", False),
    ],
)
def test_one_edit_apart(a, b, apart):
    assert one_edit_apart(a, b) is apart and one_edit_apart(b, a) is apart


def _rows(units: dict[str, int]) -> pl.DataFrame:
    people = [(u, f"{u}-{i}") for u, n in units.items() for i in range(n)]
    return pl.DataFrame(
        {
            ROW: list(range(2, len(people) + 2)),
            "employee_id": [p for _, p in people],
            "department": [u for u, _ in people],
        }
    )


def test_a_rare_near_duplicate_is_named_with_its_common_twin_and_rows():
    base = _rows({"销售部": 40, "销售布": 1, "市场部": 8, "市场": 1, "财务部": 2})
    found = near_duplicate_units(base, {"department": "部门"}, "f.csv")
    by_value = {p["value"]: p for code, p in found if code == "unit_near_duplicate"}
    # 市场 is one deletion from 市场部 (8 people); 财务部 has no common twin
    assert set(by_value) == {"销售布", "市场"}
    typo = by_value["销售布"]
    assert (typo["like"], typo["n"], typo["n_like"], typo["column"]) == ("销售部", 1, 40, "部门")
    assert typo["rows"] == "42"  # the one row after the 40 销售部 rows (rows start at 2)


def test_no_warning_when_both_values_are_common_or_both_rare():
    assert near_duplicate_units(_rows({"一部": 6, "二部": 6}), {}, "f.csv") == []
    assert near_duplicate_units(_rows({"销售部": 4, "销售布": 1}), {}, "f.csv") == []


def test_an_import_keeps_the_typo_as_written_and_says_so_in_both_languages(tmp_path):
    header = ["工号", "姓名", "部门", "考核周期", "评价人工号", "评价关系", "得分"]
    rows = [
        (f"E{i:03d}", f"员工{i}", "销售部", "2025Q1", "M1", "上级", "3") for i in range(1, 7)
    ] + [("E007", "员工7", "销售布", "2025Q1", "M1", "上级", "4")]
    con = db.connect(":memory:")
    try:
        res = ingest.import_file(con, write_csv(tmp_path / "typo.csv", header, rows))
        found = [p for c, p in res.warnings if c == "unit_near_duplicate"]
        assert [(p["value"], p["like"], p["n"], p["n_like"]) for p in found] == [
            ("销售布", "销售部", 1, 6)
        ]
        zh = render("import.unit_near_duplicate", "zh", **found[0])
        en = render("import.unit_near_duplicate", "en", **found[0])
        assert "「销售布」只有 1 人使用" in zh and "6 人使用的「销售部」" in zh
        assert "used by 1 person only" in en and "used by 6 people" in en
        # never corrected silently: the value stays as written
        depts = con.sql("SELECT DISTINCT department FROM employees ORDER BY 1").fetchall()
        assert ("销售布",) in depts
    finally:
        con.close()
