"""One sheet writer for every workbook (analytics.export.xlsx.write_sheet): the report's and the
calibration write-back's cells are written alike, NaN and infinities left empty, text that could
run as a formula neutralised."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import polars as pl

from analytics.export.xlsx import workbook, write_sheet


def test_a_sheet_keeps_numbers_dates_and_text_and_drops_what_is_no_number():
    frame = pl.DataFrame(
        {
            "score": [0.5, float("nan"), float("inf"), None],
            "n": [1, 2, 3, 4],
            "ok": [True, False, None, True],
            "note": ['=HYPERLINK("x")', "+1", "plain", "'kept"],
            "day": [date(2026, 1, 2)] * 4,
            "at": [datetime(2026, 1, 2, 3, 4, 5)] * 4,
            "tags": [["a", "b"], [], None, ["c"]],
        }
    )
    buf = io.BytesIO()
    wb = workbook(buf)
    write_sheet(wb, "one", frame, autofilter=True)
    write_sheet(wb, "two", frame.head(1))  # a second sheet shares the workbook's formats
    wb.close()
    book = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    ws = book["one"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns)
    assert [r[0] for r in rows[1:]] == [0.5, None, None, None]
    assert [r[1] for r in rows[1:]] == [1, 2, 3, 4]
    assert [r[2] for r in rows[1:]] == [True, False, None, True]
    assert [r[3] for r in rows[1:]] == ['\'=HYPERLINK("x")', "'+1", "plain", "'kept"]
    assert rows[1][4] == datetime(2026, 1, 2) and rows[1][5] == datetime(2026, 1, 2, 3, 4, 5)
    assert [r[6] for r in rows[1:]] == ["a; b", "", None, "c"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:G5"
    assert book["two"].auto_filter.ref is None
