"""Cells as people read them, shared by every export: codes worded, headers translated, text
that a spreadsheet would run as a formula neutralised (OWASP CSV injection guidance: a leading
apostrophe before ``=``, ``+``, ``-``, ``@``, tab or CR), and numbers formatted for reading
(percentages, p-values never "0.000", thousands separators)."""

from __future__ import annotations

import html
import math
import re

import polars as pl

from analytics.findings.units import SQUARES, Unit, convert, converted
from analytics.text import render, render_frame
from analytics.text.labels import (
    column_label,
    is_count_statistic,
    is_money,
    is_p_value,
    is_percent,
)

__all__ = [
    "for_people",
    "format_number",
    "format_p_cell",
    "header",
    "html_table",
    "neutralise",
    "number_kind",
    "unsigned_zero",
    "yes_no",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with '; ', and text that could run as a formula prefixed with an apostrophe."""
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            col = col.cast(pl.List(pl.String)).list.join("; ")
            dtype = pl.String
        if dtype == pl.String:
            col = pl.when(col.str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + col).otherwise(col)
        exprs.append(col.alias(name))
    return frame.select(exprs)


def for_people(
    frame: pl.DataFrame, lang: str, unit: Unit | None = None, spreadsheet: bool = True
) -> pl.DataFrame:
    """Codes worded, text neutralised, headers translated: what a spreadsheet or page shows.
    ``unit``: the scope's scale (:mod:`analytics.findings.units`): scores, effects and changes
    in its points, and their headers saying so (or that they are 0-1, for mixed scales).
    ``spreadsheet=False``: for a console, which runs no formula: text as written ('-5', not
    the apostrophe a spreadsheet needs)."""
    worded = yes_no(render_frame(convert(frame, unit), lang), lang)
    return _headers(neutralise(worded) if spreadsheet else worded, lang, unit)


def yes_no(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Boolean columns as the words 是 / 否, Yes / No (``common.yes`` / ``common.no``). Why: a
    workbook showed them as Excel's TRUE / FALSE, English in the Chinese export (review of
    issue 19, minor 6)."""
    yes, no = render("common.yes", lang), render("common.no", lang)
    return frame.with_columns(
        pl.when(pl.col(c)).then(pl.lit(yes)).when(pl.col(c).not_()).then(pl.lit(no)).alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.Boolean
    )


def header(col: str, dtype: pl.DataType, lang: str, unit: Unit | None, scored: set[str]) -> str:
    """A column's header in ``lang``; a score column's with its unit (``scored``: the columns
    :func:`analytics.findings.units.converted` names)."""
    label = column_label(col, lang, numeric=dtype.is_numeric())
    if unit is not None and col in scored and dtype.is_float():
        # a sum of squares or a variance: the unit squared (a G study's estimate is one)
        squared = col in SQUARES or col == "estimate"
        return render("unit.header", lang, label=label, unit=unit.words(lang, squared))
    return label


def _headers(frame: pl.DataFrame, lang: str, unit: Unit | None = None) -> pl.DataFrame:
    seen: set[str] = set()
    mapping = {}
    scored = set(converted(frame.schema))
    for col, dtype in frame.schema.items():
        label = header(col, dtype, lang, unit, scored)
        if label in seen:
            label = f"{label} ({col})"
        seen.add(label)
        mapping[col] = label
    return frame.rename(mapping)


def number_kind(col: str, dtype: pl.DataType) -> str | None:
    """How a spreadsheet column's numbers are formatted (None: not a number column)."""
    if dtype.is_float():
        if is_money(col):
            return "money"
        if is_count_statistic(col):
            return "int"
        return "percent" if is_percent(col) else "p" if is_p_value(col) else "float"
    if dtype.is_integer():
        return "int"
    return None


def format_number(v: float, kind: str | None) -> str:
    """The same reading format as the spreadsheet's: 12.5%, <0.001, 0.123, 1,863.35; a
    negative number that rounds to zero without its sign ("0.000", not "-0.000": rev21)."""
    if kind == "percent":
        return unsigned_zero(f"{v:.1%}")
    if kind == "p":
        return "<0.001" if v < 0.001 else f"{v:.3f}"
    if kind == "money":
        return unsigned_zero(f"{v:,.2f}")
    if kind == "int":
        return unsigned_zero(f"{v:,.0f}")
    return unsigned_zero(f"{v:,.3f}")


#: a number written as zero with a sign: "-0", "-0.000", "+0.0%"
_SIGNED_ZERO = re.compile(r"[+-]0(\.0*)?%?")


def unsigned_zero(text: str) -> str:
    """``text`` without the sign of a number that rounds to zero: a share of "-0.000" read
    as a negative share (rev21 item 11)."""
    return text[1:] if _SIGNED_ZERO.fullmatch(text) else text


def format_p_cell(v: float | None) -> str | None:
    """A p-value in a table cell as the sentences and the exports write it: "<0.001" below one
    in a thousand, else three decimals (never "4e-31" beside "0.0000011", rev19d)."""
    if v is None or math.isnan(v):
        return None
    return format_number(v, "p")


def html_table(
    frame: pl.DataFrame, lang: str, limit: int = 50, more: bool = True, unit: Unit | None = None
) -> str:
    """The first ``limit`` rows as an HTML table: worded, headers translated, numbers formatted
    as in the workbook; ``more`` adds a line counting the rows left out."""
    if frame.height == 0:
        return "<p><em>—</em></p>"
    # a page runs no formula: text as written ("+18.1% to +31.8%", not the apostrophe a
    # spreadsheet needs before a leading sign), lists joined
    out = for_people(frame.head(limit), lang, unit, spreadsheet=False)
    out = out.with_columns(
        pl.col(c).cast(pl.List(pl.String)).list.join("; ")
        for c, dtype in out.schema.items()
        if isinstance(dtype, pl.List)
    )
    head = "".join(f"<th>{html.escape(c)}</th>" for c in out.columns)
    kinds = [number_kind(name, dtype) for name, dtype in frame.schema.items()]
    # a score in points to its scale's decimals (one on 0-100: "-44.0", not "-44.042", rev19e)
    scored = set(converted(frame.schema)) if unit is not None else set()
    digits = [
        unit.digits if unit is not None and name in scored and kind == "float" else None
        for name, kind in zip(frame.columns, kinds)
    ]
    texts: list[list[tuple[str, bool]]] = []
    for row in out.iter_rows():
        cells = []
        for v, kind, d in zip(row, kinds, digits):
            if isinstance(v, float) and d is not None:
                txt = "" if math.isnan(v) else unsigned_zero(f"{v:,.{d}f}")
            elif isinstance(v, float):
                txt = "" if math.isnan(v) else format_number(v, kind)
            elif isinstance(v, int) and not isinstance(v, bool):
                txt = f"{v:,}"
            else:
                txt = "" if v is None else str(v)
            cells.append((txt, isinstance(v, (int, float)) and not isinstance(v, bool)))
        texts.append(cells)
    rows = [
        "<tr>"
        + "".join(f"<td{NUM if num else ''}>{html.escape(txt)}</td>" for txt, num in r)
        + "</tr>"
        for r in texts
    ]
    left = render("report.more", lang, n=frame.height - limit) if frame.height > limit else ""
    left = f"<p class='more'>{html.escape(left)}</p>" if left and more else ""
    body = f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
    return f"<table>{_colgroup(out.columns, texts)}{body}</table>{left}"


NUM = " class='num'"


def _width(text: str) -> int:
    """Characters as wide as Latin ones: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _colgroup(columns: list[str], texts: list[list[tuple[str, bool]]]) -> str:
    """Column widths by the text a column shows (its widest cell as printed, capped; a CJK
    character counts two) and the longest word of its header (a header wraps between words;
    a Chinese one onto two lines), so a reasons column is wide, and an id, a unit's name or a
    number is never squeezed below its own width when the table is laid out to the page."""
    weights = []
    for j, col in enumerate(columns):
        cell = max((_width(r[j][0]) for r in texts), default=0)
        words = col.split()
        head = max(_width(w) for w in words) if len(words) > 1 else -(-_width(col) // 2)
        weights.append(min(max(cell, head, 3) + 2, 60))
    total = sum(weights) or 1
    return (
        "<colgroup>"
        + "".join(f"<col style='width:{100 * w / total:.1f}%'>" for w in weights)
        + "</colgroup>"
    )
