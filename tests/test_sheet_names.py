"""Every section's sheet in the workbook is named by whole words: its title when it fits
Excel's 31 characters (or its title before a parenthesis), else a short form from the
catalogue (``sheet.<name>``). "Guideline fit of the scope as a" was cut mid-phrase (helper A,
session 44)."""

from __future__ import annotations

import pytest

from analytics.export.report import section_sheet_label, sheet_name
from analytics.findings.headlines import section_title
from analytics.findings.sections import REPORT_SECTIONS
from analytics.text import render


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_name_is_whole_words(lang):
    for name in REPORT_SECTIONS:
        title = section_title(name, {}, lang)
        whole = [title, title.split(" (")[0].split("（")[0], render(f"sheet.{name}", lang)]
        got = sheet_name(section_sheet_label(name, {}, lang))
        assert len(got) <= 31 and got in whole, (name, got)
