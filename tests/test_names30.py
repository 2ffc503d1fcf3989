"""names30 (issue 19, rev29a "no rater-name column"): the name a file gives beside the rater id
(评价人姓名, Reviewer Name; a bare 评价人 beside 评价人工号) is kept per import in
``rater_names`` (the roster's name first), said when one id has two names, and goes with its
import. Where it is shown, and to whom: tests/app/test_names30_pages.py."""

from __future__ import annotations

import polars as pl
import pytest

from analytics import schema as S
from analytics.findings.names import known_names
from analytics.ingest.headers import map_headers
from analytics.ingest.mapping import load_mapping
from analytics.ingest.pipeline import import_file
from analytics.ingest.preview import view_file
from analytics.store import db
from analytics.store.raternames import read_rater_names
from analytics.store.removal import remove_import
from analytics.text import render
from tests.test_ingest import write_csv

ZH = ["工号", "姓名", "部门", "考核周期", "评价人工号", "评价人姓名", "评价关系", "得分"]
EN = ["Employee ID", "Name", "Department", "Review Period", "Reviewer ID", "Reviewer Name",
      "Rater Role", "Score"]  # fmt: skip
#: raters who are no ratee: a director (every ratee's manager) and an external skip-level
DIRECTOR, EXTERNAL = ("D900", "王总监"), ("X901", "李外聘")


def company_rows(n: int = 20) -> list[tuple[str, ...]]:
    """``n`` people of two departments over two cycles, each rated by the director (manager),
    the external reviewer (skip-level) and the next person (peer); scores vary by person."""
    rows = []
    for c, cycle in enumerate(("2025Q3", "2025Q4")):
        for i in range(n):
            emp, dept = f"E{i + 1:03d}", "销售中心" if i < n // 2 else "研发中心"
            peer = f"E{(i + 1) % n + 1:03d}"
            for (rid, rname), role, bump in (
                (DIRECTOR, "上级", 1),
                (EXTERNAL, "隔级", 0),
                ((peer, f"员工{peer}"), "同事", 0),
            ):
                score = 2 + (i * 7 + c * 3 + bump) % 3 + bump
                rows.append((emp, f"员工{emp}", dept, cycle, rid, rname, role, str(min(score, 5))))
    return rows


def test_rater_name_headers_are_recognised_in_both_languages():
    mapping, unmapped = map_headers(ZH)
    assert unmapped == []
    assert mapping["评价人姓名"] == "rater_name" and mapping["评价人工号"] == "rater_id"
    mapping, _ = map_headers(EN)
    assert mapping["Reviewer Name"] == "rater_name" and mapping["Reviewer ID"] == "rater_id"
    # a bare 评价人 is the rater's id alone, the name beside an id column of its own
    assert map_headers(["工号", "考核周期", "评价人", "得分"])[0]["评价人"] == "rater_id"
    both, _ = map_headers(["工号", "考核周期", "评估人", "评估人编号", "得分"])
    assert both["评估人"] == "rater_name" and both["评估人编号"] == "rater_id"
    assert list(both) == ["工号", "考核周期", "评估人", "评估人编号", "得分"]  # file order
    # the user's mapping decides over the rule
    mine, _ = map_headers(["评价人", "评价人工号"], {"评价人": "rater_id", "评价人工号": ""})
    assert mine == {"评价人": "rater_id"}
    assert map_headers(["上级工号", "上级姓名"])[0]["上级姓名"] == "manager_name"


@pytest.mark.parametrize("header", [ZH, EN])
def test_an_import_keeps_the_names_beside_the_rater_ids(tmp_path, header):
    path = write_csv(tmp_path / "r.csv", header, company_rows(6))
    con = db.connect(tmp_path / "r.duckdb")
    result = import_file(con, path, lang="en")
    names = dict(read_rater_names(con).iter_rows())
    assert names["D900"] == "王总监" and names["X901"] == "李外聘"
    assert names["E002"] == "员工E002"  # a ratee's too (the roster gives the same)
    stored = con.execute(f"SELECT DISTINCT import_id FROM {S.RATER_NAMES.name}").fetchall()
    assert stored == [(result.import_id,)]
    assert not [w for w in result.warnings if w[0].startswith("rater_")]  # nothing to say
    # the roster's names first, then the raters only files named
    known = known_names(db.read_table(con, S.EMPLOYEES), read_rater_names(con))
    assert known.filter(pl.col("employee_id") == "D900")["name"].to_list() == ["王总监"]
    assert known["employee_id"].n_unique() == known.height == 8


def test_a_mapping_names_the_rater_name_column(tmp_path):
    header = [*ZH[:4], "审核者编号", "审核者", *ZH[6:]]
    path = write_csv(tmp_path / "r.csv", header, company_rows(4))
    toml = tmp_path / "map.toml"
    toml.write_text('[columns]\n"审核者编号" = "rater_id"\n"审核者" = "rater_name"\n', "utf-8")
    con = db.connect(tmp_path / "r.duckdb")
    import_file(con, path, mapping=load_mapping(toml))
    assert dict(read_rater_names(con).iter_rows())["X901"] == "李外聘"


def test_a_workbooks_sheets_add_up_their_names_in_the_preview_and_the_import(tmp_path):
    import xlsxwriter

    rows = company_rows(4)
    path = tmp_path / "r.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        for sheet, part in (("2025Q3", rows[:12]), ("2025Q4", rows[12:])):
            ws = wb.add_worksheet(sheet)
            for r, values in enumerate([ZH, *part]):
                ws.write_row(r, 0, values)
    con = db.connect(tmp_path / "r.duckdb")
    view, _ = view_file(con, path)
    assert view.problem is None
    # the Data page's column editor reads the column as the rater's name, and offers it
    first = view.tables[0]
    assert first.roles["评价人姓名"] == "rater_name" and "rater_name" in first.options["评价人工号"]
    # the ratings each sheet loads, not the names beside them
    assert [tv.rows_to_load for tv in view.tables] == [12, 12]
    import_file(con, path)
    assert dict(read_rater_names(con).iter_rows())["D900"] == "王总监"


def test_two_names_for_one_rater_and_a_name_against_the_roster_are_warned(tmp_path):
    rows = company_rows(4)
    # row 2 (the first data row) names the director 王总监; two later rows another way
    rows[3] = (*rows[3][:5], "王总", *rows[3][6:])
    rows[21] = (*rows[21][:5], "王总", *rows[21][6:])
    # the peer E002 as a rater written otherwise than the roster's 员工E002 (in every row)
    rows = [(*r[:5], "张三" if r[4] == "E002" else r[5], *r[6:]) for r in rows]
    path = write_csv(tmp_path / "r.csv", ZH, rows)
    con = db.connect(tmp_path / "r.duckdb")
    before = dict(view_file(con, path)[0].warnings)  # the Data page, before the import
    result = import_file(con, path, lang="en")
    said = dict(result.warnings)
    assert {k: before[k] for k in ("rater_two_names", "rater_name_not_roster")} == {
        k: said[k] for k in ("rater_two_names", "rater_name_not_roster")
    }
    two = said["rater_two_names"]
    # rows of the file as the user counts them (header = row 1): each name with its rows (five
    # at most); the latest row (2025Q4, row 23) says 王总, which is kept
    assert two["file"] == "r.csv" and two["n"] == 1
    assert two["people"] == ["D900: 王总监 (2, 8, 11, 14, 17, …) / 王总 (5, 23) → 王总"]
    assert dict(read_rater_names(con).iter_rows())["D900"] == "王总"
    roster = said["rater_name_not_roster"]
    assert roster["n"] == 1 and roster["people"] == ["E002: 张三 → 员工E002"]
    # the roster wins where names are shown
    known = dict(known_names(db.read_table(con, S.EMPLOYEES), read_rater_names(con)).iter_rows())
    assert known["E002"] == "员工E002" and known["D900"] == "王总"
    words = render("import.rater_two_names", "zh", **two)
    assert "D900: 王总监 (2, 8, 11, 14, 17, …) / 王总 (5, 23) → 王总" in words
    assert "最新一行" in words


def test_deleting_the_import_brings_back_the_earlier_name(tmp_path):
    con = db.connect(tmp_path / "r.duckdb")
    first = import_file(con, write_csv(tmp_path / "a.csv", ZH, company_rows(4)))
    renamed = [(*r[:5], "王建国" if r[4] == "D900" else r[5], *r[6:]) for r in company_rows(4)]
    second = import_file(con, write_csv(tmp_path / "b.csv", ZH, renamed))
    assert dict(read_rater_names(con).iter_rows())["D900"] == "王建国"  # the latest import's
    remove_import(con, second.import_id)
    assert dict(read_rater_names(con).iter_rows())["D900"] == "王总监"
    remove_import(con, first.import_id)
    assert read_rater_names(con).height == 0
