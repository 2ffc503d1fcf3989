"""The workbook's first sheet says what was found (review of issue 19, minor 11): below the
counts, the same headline sentences that open the printed packet."""

from __future__ import annotations

import io

import openpyxl
import pytest

from analytics.export.packet import cover_lines
from analytics.export.report import to_xlsx
from analytics.text import render
from analytics.text.labels import section_label


@pytest.fixture()
def findings(small_rd_findings):
    return small_rd_findings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_sheet_has_the_headline_sentences(findings, lang):
    lines = cover_lines(findings, lang)
    assert lines, "the scope has no headline to check"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(findings, lang)), read_only=True)
    first = book.worksheets[0]
    assert first.title == section_label("summary", lang)[:31]
    cells = [c for row in first.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert render("overview.headlines", lang) in cells
    for line in lines:
        assert line in cells, line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sheet_names_end_on_a_whole_word(findings, lang):
    """Excel's 31 characters cut "Sources of score variance (G st": a long name drops its
    parenthesis instead."""
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(findings, lang)), read_only=True)
    for title in book.sheetnames:
        assert title.count("(") == title.count(")"), title
        assert title.count("（") == title.count("）"), title
