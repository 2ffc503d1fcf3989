"""The exports' last rough edges (issue 19, session 23), in both languages: a stacked table's
column that is empty in every row (a grade no unit of the scope uses) is left out of the
workbook and the printed packet, a column of zeros is kept; no cell of the workbook reads
"-0.000" (a negative value its format rounds to zero, or -0.0), and no sentence "-0.0%"."""

from __future__ import annotations

import dataclasses
import io
import math

import openpyxl
import polars as pl
import pytest

from analytics.export.cells import for_people, without_empty_columns
from analytics.export.packet import to_packet_html
from analytics.export.report import to_csv, to_xlsx
from analytics.export.xlsx import shown_digits, unsigned
from analytics.text import render
from analytics.text.labels import section_label


@pytest.fixture()
def findings(small_rd_findings):
    return small_rd_findings


def _header(frame: pl.DataFrame, column: str, lang: str, unit) -> str:
    return for_people(frame.select(column), lang, unit).columns[0]


def test_only_columns_empty_in_every_row_are_left_out():
    frame = pl.DataFrame(
        {
            "unit": ["研发中心", "销售中心"],
            "share_S": [0.1, None],  # empty in one row: kept
            "share_D": [0.0, 0.0],  # zero is a value: kept
            "share_优秀": pl.Series([None, None], dtype=pl.Float64),  # another scale's grade
            "evidence": [[], None],  # lists with nothing in them: printed as an empty column
            "flags": [["lenient"], []],
        }
    )
    assert without_empty_columns(frame).columns == ["unit", "share_S", "share_D", "flags"]
    assert without_empty_columns(frame.clear()).columns == frame.columns  # headers of nothing


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_grade_no_unit_uses_is_not_a_column_of_the_workbook(findings, lang):
    dist = findings.sections["distribution"]
    grades = [c for c in dist.columns if c.startswith("share_")]
    assert grades and dist.height > 1, "the scope's distribution has no grade shares"
    stacked = dist.with_columns(
        pl.lit(None, pl.Float64).alias("share_优秀"),  # another scale's grade: empty everywhere
        pl.lit(0.0).alias(grades[-1]),  # a grade nobody got: zero, a value
    )
    changed = dataclasses.replace(findings, sections={**findings.sections, "distribution": stacked})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(changed, lang)), read_only=True)
    sheet = book[section_label("distribution", lang)[:31]]
    heads = next(sheet.iter_rows(values_only=True))
    assert _header(stacked, "share_优秀", lang, findings.unit) not in heads
    assert _header(stacked, grades[-1], lang, findings.unit) in heads
    assert len(heads) == stacked.width - 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_column_empty_in_every_printed_row_is_not_printed(findings, lang):
    units = findings.sections["guideline_units"]
    assert units.height, "the scope has no guideline rows"
    moved = units.with_columns(
        pl.lit(None, pl.Float64).alias("move_p90"), pl.lit(0.0).alias("move_median")
    )
    # the department's own row above (rev30b item 1) prints the column as well: emptied too
    whole = findings.sections.get("guideline_scope", pl.DataFrame())
    if whole.height:
        whole = whole.with_columns(pl.lit(None, pl.Float64).alias("move_p90"))
    changed = dataclasses.replace(
        findings,
        sections={**findings.sections, "guideline_units": moved, "guideline_scope": whole},
    )
    page = to_packet_html(changed, lang)
    before = to_packet_html(findings, lang)
    p90 = f"<th>{_header(moved, 'move_p90', lang, findings.unit)}</th>"
    median = f"<th>{_header(moved, 'move_median', lang, findings.unit)}</th>"
    assert p90 in before and p90 not in page
    assert median in page


def test_a_value_its_format_shows_as_zero_is_written_unsigned():
    assert [shown_digits(f) for f in ("0.000", "0.0%", "#,##0.00", "#,##0")] == [3, 3, 2, 0]
    assert shown_digits('[<0.001]"<0.001";0.000') == 3 and shown_digits(None) is None
    assert unsigned(-0.0003, 3) == 0 and str(unsigned(-0.0003, 3)) == "0.0"
    assert str(unsigned(-0.0, None)) == "0.0"
    assert unsigned(-0.0006, 3) == -0.0006  # shown as -0.001: kept whole
    assert unsigned(0.0004, 3) == 0.0004  # a p-value below 0.001 keeps its value
    assert unsigned(-0.00004, 3) == 0  # 0.0% of a share


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_cell_of_the_workbook_reads_minus_zero(findings, lang):
    """Every number cell as its format shows it: none is "-0.000" / "-0.0%" / "-0" (the demo's
    workbook had 500 such cells: a score change of -0.0003 under 0.000)."""
    tiny = findings.sections["attribution"].with_columns(
        pl.lit(-0.0003).alias("change"), pl.lit(-0.0).alias("individual")
    )
    changed = dataclasses.replace(findings, sections={**findings.sections, "attribution": tiny})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(changed, lang, full=True)))
    shown = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                v = cell.value
                if isinstance(v, bool) or not isinstance(v, (int, float)) or v > 0:
                    continue
                digits = shown_digits(cell.number_format)
                if v == 0 or (digits is not None and round(v, digits) == 0):
                    shown += 1  # shown as zero: stored as zero, without a sign
                    assert v == 0 and str(float(v)) == "0.0", (sheet.title, cell.coordinate, v)
    assert shown > 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_share_that_rounds_to_zero_is_said_without_its_sign(lang):
    """A sentence's share: "0.0%", not "-0.0%" (nor "+0.0%": it is no change at all)."""
    said = render("interval.pct_range", lang, lo=-0.00001, hi=0.25)
    assert said.startswith("0.0% ") and said.endswith("+25.0%"), said


def test_a_page_table_and_its_csv_show_no_minus_zero():
    """The grid formats a number itself ("%.3f", a share as "percent"): -0.0003 read "-0.000"
    and a share of -0.00003 "-0.0%"; the page's CSV wrote "-0.0"."""
    from ui.tables import column_config, unsigned_zeros

    frame = pl.DataFrame(
        {"change": [-0.0003, -0.0006, -0.0, 0.2], "share": [-0.00003, 0.1, 0.2, -0.0]}
    )
    config = column_config(frame, "en")
    shown = unsigned_zeros(frame, config)
    assert [math.copysign(1, v) for v in shown["change"]] == [1, -1, 1, 1]
    assert shown["change"].to_list()[1:] == [-0.0006, 0.0, 0.2]  # what is not zero: kept
    assert [math.copysign(1, v) for v in shown["share"]] == [1, 1, 1, 1]
    csv = to_csv(frame, "en").decode("utf-8-sig").splitlines()
    assert csv[1:] == ["0.0,-0.003", "-0.001,10.0", "0.0,20.0", "0.2,0.0"]  # % to 3 decimals
