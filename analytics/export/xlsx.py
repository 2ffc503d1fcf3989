"""A frame as an XLSX sheet, written once: the findings report and the calibration write-back
both use :func:`write_sheet`, so a cell is written the same way in every workbook we hand out.
"""

from __future__ import annotations

import io
import math
import re
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from analytics.export.cells import neutralise, number_kind
from analytics.findings.units import Unit, converted

__all__ = [
    "OPTIONS",
    "reading_formats",
    "shown_digits",
    "unsigned",
    "workbook",
    "write_rows",
    "write_sheet",
]

#: every workbook's options: no cell text is read as a formula or a link, a stray NaN or
#: infinity becomes an error cell rather than a broken file
OPTIONS = {
    "in_memory": True,
    "nan_inf_to_errors": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}

# the header and date formats, one pair per workbook (a format belongs to its workbook)
_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def workbook(buf: io.BytesIO) -> Any:
    """An ``xlsxwriter.Workbook`` writing into ``buf`` with :data:`OPTIONS`."""
    import xlsxwriter  # on first use: only the exports need it

    return xlsxwriter.Workbook(buf, OPTIONS)


def _styles(wb: Any) -> tuple[Any, Any, Any]:
    if wb not in _STYLES:
        _STYLES[wb] = (
            wb.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True}),
            wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
            wb.add_format({"num_format": "yyyy-mm-dd"}),
        )
    return _STYLES[wb]


def reading_formats(wb: Any, schema: pl.Schema, unit: Unit | None = None) -> list[Any]:
    """Each column's number format for reading (:func:`analytics.export.cells.number_kind`:
    12.5%, <0.001, 0.123, 1,863.35), None for a column that holds no numbers. The cell keeps
    its value; the format rounds what is shown (never "0.3627450980392157", rev22). With
    ``unit`` (the scope's scale), a score column in its points shows the scale's decimals, as
    the pages and the packet do: 85.2, not 85.200 (rev25a item 12, rev26a item 7)."""
    if wb not in _FORMATS:
        _FORMATS[wb] = {
            "percent": wb.add_format({"num_format": "0.0%"}),
            "p": wb.add_format({"num_format": '[<0.001]"<0.001";0.000'}),
            "float": wb.add_format({"num_format": "0.000"}),
            "money": wb.add_format({"num_format": "#,##0.00"}),
            "int": wb.add_format({"num_format": "#,##0"}),
        }
    formats = [_FORMATS[wb].get(number_kind(c, t)) for c, t in schema.items()]
    if unit is None or unit.mixed:
        return formats
    scored = set(converted(schema))
    points = _points_format(wb, unit.digits)
    return [
        points if c in scored and number_kind(c, t) == "float" else f
        for (c, t), f in zip(schema.items(), formats)
    ]


def _points_format(wb: Any, digits: int) -> Any:
    """The workbook's format of a score in points to ``digits`` decimals (0.0 on 0-100)."""
    key = f"points{digits}"
    if key not in _FORMATS[wb]:
        _FORMATS[wb][key] = wb.add_format({"num_format": "0." + "0" * digits if digits else "0"})
    return _FORMATS[wb][key]


_FORMATS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

#: a number format's quoted text and conditions ("<0.001", [<0.001]), which show no digits
_NOT_DIGITS = re.compile(r'"[^"]*"|\[[^\]]*\]')


def shown_digits(num_format: str | None) -> int | None:
    """How many decimals of a cell's value the number format ``num_format`` shows ("0.000": 3,
    "0.0%": 3, "#,##0": 0; its last section, which shows most values); None for no format or
    one that shows no number."""
    if not num_format:
        return None
    section = _NOT_DIGITS.sub("", num_format.split(";")[-1])
    if "0" not in section and "#" not in section:
        return None
    decimals = section.partition(".")[2]
    digits = len(decimals) - len(decimals.lstrip("0#"))
    return digits + 2 if "%" in section else digits


def unsigned(value: float, digits: int | None) -> float:
    """``value`` as the cell stores it: a negative number that its format shows as zero
    (``digits`` decimals: -0.0003 under "0.000") is written as 0, and -0.0 as 0: Excel
    showed "-0.000" (issue 19). Other values are kept whole: the format rounds them."""
    if (
        isinstance(value, float)
        and value <= 0
        and (value == 0 or (digits is not None and round(value, digits) == 0))
    ):
        return 0.0
    return value


def write_sheet(
    wb: Any,
    title: str,
    out: pl.DataFrame,
    column_formats: Sequence[Any] | None = None,
    autofilter: bool = False,
) -> Any:
    """Sheet ``title`` (at most 31 characters, unique in ``wb``) holding ``out``, a frame as
    people read it (:func:`analytics.export.cells.for_people`): a bold header row, frozen;
    column widths from the headers, each column in its ``column_formats`` entry (None: plain);
    numbers as numbers (NaN and infinities left empty), booleans, dates and times as Excel
    dates, everything else as text, neutralised (text that could run as a formula gets an
    apostrophe, lists are joined); ``autofilter``: a filter on the header row. Returns the
    worksheet."""
    out = neutralise(out)  # for_people did it already: a second pass changes nothing
    ws = write_rows(wb, title, out.columns, out.iter_rows(), column_formats)
    if autofilter and out.width:
        ws.autofilter(0, 0, max(out.height, 1), out.width - 1)
    return ws


def write_rows(
    wb: Any,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    column_formats: Sequence[Any] | None = None,
) -> Any:
    """Sheet ``title`` holding ``headers`` and ``rows`` cell by cell, each cell by its own type
    (a column may mix numbers and text, as an HR export does): numbers as numbers (NaN and
    infinities left empty), booleans, dates and times as Excel dates, the rest as text, which
    the caller has neutralised. Returns the worksheet, its header row frozen."""
    head, when, day = _styles(wb)
    ws = wb.add_worksheet(title)
    digits = []
    for j, col in enumerate(headers):
        ws.write_string(0, j, col, head)
        fmt = column_formats[j] if column_formats is not None else None
        ws.set_column(j, j, max(10, min(40, len(col) * 2)), fmt)
        digits.append(shown_digits(getattr(fmt, "num_format", None)))
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_boolean(i, j, value)
            elif isinstance(value, (int, float)):
                if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                    continue
                ws.write_number(i, j, unsigned(value, digits[j] if j < len(digits) else None))
            elif hasattr(value, "year"):
                ws.write_datetime(i, j, value, when if hasattr(value, "hour") else day)
            else:
                ws.write_string(i, j, str(value))
    ws.freeze_panes(1, 0)
    return ws
