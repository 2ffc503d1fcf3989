"""pack24: the exports and the calibration packet as a 绩效经理 read them (rev24a items 9-13):
a grade no one in the scope holds keeps its share column at 0, every department named when
there are few, a table whose every row is blank for one reason said in a sentence, and a
signed-off session's printable record."""

from __future__ import annotations

import io
import random
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from analytics.cli import main
from analytics.export.report import to_csv, to_xlsx
from analytics.findings.report import build_findings
from analytics.stats.distributions import summary
from analytics.text.labels import column_label, section_label

GRADES = ("优秀", "良好", "合格", "待改进")


def _sales_csv(path: Path, seed: int = 24) -> Path:
    """Two centres of two departments, graded 优秀-待改进 by their managers over two cycles;
    no one in 销售中心 is 优秀 (rev24a's sales units)."""
    rng = random.Random(seed)
    lines = ["工号,姓名,部门,考核周期,评价人工号,评价关系,考核维度,得分,绩效等级\n"]
    depts = ("销售中心/华东销售部", "销售中心/华北销售部", "生产中心/冲压车间", "生产中心/总装车间")
    for cycle in ("2025H2", "2026H1"):
        for i in range(80):
            dept = depts[i % 4]
            grades = GRADES[1:] if dept.startswith("销售") else GRADES
            g = grades[int(rng.random() * len(grades))]
            score = rng.randint(60, 95)
            lines.append(f"E{i:04d},员工{i},{dept},{cycle},M{i % 4:03d},上级,总分,{score},{g}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sales_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("sales")
    dbp = tmp / "s.duckdb"
    assert main(["import", str(_sales_csv(tmp / "s.csv")), "--db", str(dbp), "--quiet"]) == 0
    return dbp


def test_summary_lists_every_grade_of_the_scale_at_zero():
    scores = pl.DataFrame(
        {"unit": ["a", "a", "b", "b"], "score": [70.0, 80.0, 75.0, 90.0]}
    ).with_columns(pl.Series("grade", ["良好", "合格", "优秀", "合格"]))
    only_a = scores.filter(pl.col("unit") == "a")
    assert "share_优秀" not in summary(only_a, ["unit"]).columns  # the grades present only
    out = summary(only_a, ["unit"], grades=list(GRADES))
    assert [c for c in out.columns if c.startswith("share_")] == [f"share_{g}" for g in GRADES]
    assert out.row(0, named=True)["share_优秀"] == 0.0
    assert out.row(0, named=True)["share_待改进"] == 0.0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_scope_without_one_top_grade_keeps_its_share_column(sales_db, lang):
    """rev24a item 9: the calibration XLSX of 销售中心 had 良好/合格/待改进占比 and no 优秀占比."""
    con = duckdb.connect(str(sales_db), read_only=True)
    try:
        findings = build_findings(con, department="销售中心")
    finally:
        con.close()
    dist = findings.sections["distribution"]
    assert dist.height > 0 and dist["share_优秀"].to_list() == [0.0] * dist.height
    head = column_label("share_优秀", lang, numeric=True)
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(findings, lang)))
    sheet = wb[section_label("distribution", lang)[:31]]
    heads = [c.value for c in sheet[1]]
    assert head in heads
    column = heads.index(head)
    assert {row[column].value for row in sheet.iter_rows(min_row=2)} == {0}
    csv = to_csv(dist, lang).decode("utf-8-sig")
    assert head in csv.splitlines()[0]
