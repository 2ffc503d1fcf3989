"""pack24: the exports and the calibration packet as a 绩效经理 read them (rev24a items 9-13):
a grade no one in the scope holds keeps its share column at 0, every department named when
there are few, a table whose every row is blank for one reason said in a sentence, and a
signed-off session's printable record."""

from __future__ import annotations

import io
import random
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from analytics.cli import main
from analytics.export.packet import LONG_ROWS, to_packet_html
from analytics.export.report import to_csv, to_xlsx
from analytics.findings.headlines import ALL_NAMED, blank_row_lines, guideline_counts
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.stats.distributions import summary
from analytics.text import render
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


def sales_copy(tmp_path_factory, name: str) -> Path:
    """A private copy of :func:`_sales_csv` imported by the CLI, imported once per test run
    (:func:`tests.conftest.built_once`) for this module and the page tests."""
    from tests.conftest import built_once

    def build(folder: Path) -> None:
        dbp = str(folder / "s.duckdb")
        assert main(["import", str(_sales_csv(folder / "s.csv")), "--db", dbp, "--quiet"]) == 0

    path = tmp_path_factory.mktemp(name) / "s.duckdb"
    shutil.copyfile(built_once(tmp_path_factory, "sales24", build) / "s.duckdb", path)
    return path


@pytest.fixture(scope="module")
def sales_db(tmp_path_factory) -> Path:
    return sales_copy(tmp_path_factory, "sales")


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
def test_a_scope_without_one_top_grade_keeps_its_share_column(sales_findings, lang):
    """rev24a item 9: the calibration XLSX of 销售中心 had 良好/合格/待改进占比 and no 优秀占比.
    (The findings of 销售中心 the packet's test reads too, built once: :func:`sales_findings`;
    each language built them again.)"""
    findings = sales_findings
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


def _fit(n: int) -> pl.DataFrame:
    """A guideline fit of ``n`` units, every one off the guideline (fewer to move down the list)."""
    return pl.DataFrame(
        {
            "unit": [f"部门{i}" for i in range(n)],
            "cycle_id": ["2026H1"] * n,
            "n": [50] * n,
            "people_to_move": list(range(n, 0, -1)),
            "significant": [True] * n,
            "direction": ["deflated"] * n,
            "judged": [True] * n,
        }
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_up_to_eight_departments_off_the_guideline_are_all_named(lang):
    """rev24a item 12: "4 个部门中 4 个（华北销售部、华东销售部、大客户部、…）" hid the 4th."""
    four = guideline_counts(_fit(4))
    assert four["names"] == ["部门0", "部门1", "部门2", "部门3"]
    assert guideline_counts(_fit(ALL_NAMED))["names"] == [f"部门{i}" for i in range(ALL_NAMED)]
    many = guideline_counts(_fit(ALL_NAMED + 4))
    assert many["names"] == ["部门0", "部门1", "部门2", "…"] and many["n"] == ALL_NAMED + 4
    line = render("overview.headline_guideline", lang, **four)
    assert "…" not in line and all(f"部门{i}" in line for i in range(4))
    page = render("dist.off_units", lang, k=3, **guideline_counts(_fit(6)))
    assert all(f"部门{i}" in page for i in range(6)) and "6" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_kappa_table_blank_in_every_row_is_a_sentence_per_reason(sales_db, lang):
    """rev24a item 11: manager-only data gave 12 rows of "—" (no self rating, no second rater)."""
    con = duckdb.connect(str(sales_db), read_only=True)
    try:
        kappa = compute_section("agreement", load_scope_lazy(con, Scope()))
    finally:
        con.close()
    table, lines = blank_row_lines(kappa)
    assert table is not None and table.is_empty()
    assert [p["reason"] for _, p in lines] == ["no_self_manager", "no_two_raters"]
    assert sum(len(p["measures"]) for _, p in lines) == kappa["measure"].n_unique()
    for code, params in lines:
        text = render(code, lang, **params)
        assert "2025H2" in text and "2026H1" in text
        assert render(f"reason.{params['reason']}", lang) in text
    one_value = kappa.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(0.4).otherwise(pl.col("kappa")).alias("kappa")
    )
    # a value: that row stays a table, the others are still said (left25 item 7)
    table, rest = blank_row_lines(one_value)
    assert table.height == 1 and table["kappa"].to_list() == [0.4]
    assert sum(len(p["cycles"]) * len(p["measures"]) for _, p in rest) >= kappa.height - 1


@pytest.fixture(scope="module")
def sales_findings(sales_db):
    """The findings of 销售中心 (every cycle, the administrator's view): read them, never
    change them."""
    con = duckdb.connect(str(sales_db), read_only=True)
    try:
        yield build_findings(con, department="销售中心")
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_packet_flows_its_topics_and_names_every_department(sales_findings, lang):
    """rev24a item 12: pages 2 and 3 held three table rows and one line (each topic forced onto
    a page); no topic starts a page now, a short one is kept whole (``<section>``), one with a
    chart may break (``<section class='long'>``, its heading kept with what follows)."""
    page = to_packet_html(sales_findings, lang)
    assert "break-before: page" not in page
    assert "section, .lead { break-inside: avoid; }" in page
    parts = re.findall(r"<section( class='long')?>(.*?)</section>", page, flags=re.S)
    assert len(parts) >= 4
    for long, body in parts:  # long: a chart, or more rows than LONG_ROWS
        rows = len(re.findall(r"<tr[ >]", body)) - 1
        assert bool(long) == ("class='chart'" in body or rows > LONG_ROWS), body[:80]
        # its heading leads (``lead free``: a chart right after it may go where it fits)
        assert not long or re.match(r"<div class='lead( free)?'><h2>", body), body[:80]
    assert any(long for long, _ in parts) and any(not long for long, _ in parts)
    counts = guideline_counts(sales_findings.sections["guideline_units"])
    assert "…" not in counts["names"]
