"""A second header row under the header (field codes such as emp_no, dept_name, period, as
many HR systems export; or the column names in another language) is skipped by the reader with
a warning naming its row, in both languages; a data row never is (analytics.ingest.screen's
``field_code_row``, hooked in by analytics.ingest.readers)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from analytics.ingest.readers import ROW, read_tables, sample_table
from analytics.ingest.screen import field_code_row
from analytics.text import render

HEADER = "工号,姓名,部门,考核周期,评价人工号,评价关系,得分"
CODES = "emp_no,emp_name,dept_name,period,reviewer_no,relation,score"
DATA = [
    f"E11{i:02d},员工{i},工程部,2025Q4,{rater},{role},{3 + (i + k) % 3}"
    for i in range(1, 9)
    for k, (rater, role) in enumerate([(f"E11{i:02d}", "自评"), ("E1200", "上级")])
]


def _csv(tmp_path: Path, lines: list[str], name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_field_code_row_skipped_and_said(tmp_path):
    (raw,) = read_tables(_csv(tmp_path, [HEADER, CODES, *DATA]))
    assert raw.frame.height == 16
    assert raw.frame.get_column(ROW).to_list() == list(range(3, 19))
    assert "emp_no" not in raw.frame.get_column("工号").to_list()
    assert raw.frame.get_column("考核周期").unique().to_list() == ["2025Q4"]
    ((code, params),) = [w for w in raw.warnings if w[0] == "field_code_row_skipped"]
    assert params["row"] == 2
    en = render(f"import.{code}", "en", **params)
    assert en == (
        "File export.csv: row 2 (emp_no, emp_name, dept_name, period, reviewer_no, …) is a"
        " second header row under the header (field codes or column names) and was skipped,"
        " not read as an employee or a cycle."
    )
    zh = render(f"import.{code}", "zh", **params)
    assert zh.startswith("文件 export.csv：第 2 行（emp_no、emp_name、dept_name、period、")
    assert "是表头下的第二行表头（字段代码或列名），已跳过，不作为员工或周期导入" in zh
    # the fast path's sample leaves the file to the reader that skips and says it
    assert sample_table(tmp_path / "export.csv") is None


def test_header_names_in_another_language_under_the_header(tmp_path):
    english = "employee_id,name,department,cycle,rater_id,rater_role,score"
    (raw,) = read_tables(_csv(tmp_path, [english, HEADER, *DATA]))
    assert raw.frame.height == 16
    assert [w[1]["row"] for w in raw.warnings if w[0] == "field_code_row_skipped"] == [2]


def test_normal_file_keeps_every_row(tmp_path):
    path = _csv(tmp_path, [HEADER, *DATA])
    (raw,) = read_tables(path)
    assert raw.frame.height == 16 and raw.frame.item(0, "工号") == "E1101"
    assert not [w for w in raw.warnings if w[0] == "field_code_row_skipped"]
    assert sample_table(path) is not None  # the fast path still takes a clean file


@pytest.mark.parametrize(
    "first",
    [
        # ids that are user names: no id of the column has a digit, so this one is alike
        "zhangwei,ZhangWei,RD,period,liqiang,self,score",
        # an account without digits, but every other cell is data (a name, 2025Q4, a score)
        "admin,员工0,工程部,2025Q4,E1200,上级,3",
        # only the id is unlike its column: one cell is no second header row
        "admin,Admin,IT,FY,E1200,self,A",
    ],
)
def test_data_rows_are_never_skipped(tmp_path, first):
    others = DATA
    if first.startswith("zhangwei"):  # every id a user name
        others = [
            ",".join([f"wang{'abcdefgh'[i // 2]}", *r.split(",")[1:]]) for i, r in enumerate(DATA)
        ]
    (raw,) = read_tables(_csv(tmp_path, [HEADER, first, *others]))
    assert raw.frame.height == 17
    assert not [w for w in raw.warnings if w[0] == "field_code_row_skipped"]


def test_codes_row_only_directly_under_the_header():
    frame = pl.DataFrame(
        {
            ROW: [2, 3, 4],
            "工号": ["E1", "emp_no", "E2"],
            "考核周期": ["2025Q4", "period", "2025Q4"],
            "得分": ["3", "score", "4"],
        }
    )
    assert not field_code_row(frame, ["工号"], 2, row=ROW)
    assert field_code_row(frame.slice(1), ["工号"], 3, row=ROW)
    assert not field_code_row(frame.slice(1), ["工号"], 2, row=ROW)  # a blank row above it


def test_workbook_field_code_row_keeps_numeric_ids(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(CODES.split(","))
    for i in range(1, 9):
        sheet.append([1100 + i, f"员工{i}", "工程部", "2025Q4", 1200, "上级", 3 + i % 3])
    path = tmp_path / "export.xlsx"
    book.save(path)
    (raw,) = read_tables(path)
    assert raw.frame.height == 8
    assert raw.frame.get_column(ROW).to_list() == list(range(3, 11))
    ((_, params),) = [w for w in raw.warnings if w[0] == "field_code_row_skipped"]
    assert params["sheet"] == " [Sheet]" and params["row"] == 2
    assert "工号" in raw.numbers  # the ids are written back as the numbers the workbook held
