"""A reading library's refusal, in the user's terms: which file, which row where it can be
found, and what to do. Never the library's own text (Polars' hints such as
``truncate_ragged_lines``, calamine's error chains, Arrow's ``PAR1``) shown to a user.

A CSV that Polars refuses is read again with Python's ``csv`` module to find the first row
that breaks the table (a row with more cells than the header, a quote that never closes), and
its row number as the user's spreadsheet shows it (the header is row 1, a line break inside
quotes does not start a row).
"""

from __future__ import annotations

import csv
import io

from analytics.text.messages import ImportRejected

__all__ = ["csv_refusal", "parquet_refusal", "xlsx_refusal"]

csv.field_size_limit(1 << 30)


def _csv_rows(text: str, sep: str, skip_lines: int = 0) -> tuple[str, dict] | None:
    """The first row that breaks the table: ``("csv_ragged", {row, found, expected})`` or
    ``("csv_open_quote", {row})``; None when every row fits. The table starts after
    ``skip_lines`` lines (title rows, or those and the header, as Polars was asked to skip);
    its first row sets the number of cells, and rows are numbered as in the file."""
    if skip_lines:
        text = text.split("\n", skip_lines)[-1]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    row = skip_lines + 1  # the row being read
    try:
        first = next(reader, None)
        if first is None:
            return None
        width = len(first)
        row += 1
        for record in reader:
            if len(record) > width:
                return "csv_ragged", {"row": row, "found": len(record), "expected": width}
            row += 1
    except csv.Error:
        return "csv_open_quote", {"row": row}
    return None


def csv_refusal(name: str, text: str | None, sep: str, skip_lines: int = 0) -> ImportRejected:
    """Why Polars could not read the CSV ``name`` whose decoded ``text`` it was given (after
    ``skip_lines`` lines)."""
    found = _csv_rows(text, sep, skip_lines) if text is not None else None
    if found is not None:
        code, params = found
        return ImportRejected(code, file=name, sep=_sep_words(sep), **params)
    return ImportRejected("csv_unreadable", file=name)


def _sep_words(sep: str) -> str:
    return {"\t": "Tab", ",": ",", ";": ";", "|": "|"}.get(sep, sep)


def xlsx_refusal(name: str, sheet: str | None = None) -> ImportRejected:
    """A workbook (or one of its sheets) that the Excel reader refused."""
    if sheet is None:
        return ImportRejected("xlsx_unreadable", file=name)
    return ImportRejected("xlsx_sheet_unreadable", file=name, sheet=sheet)


def parquet_refusal(name: str) -> ImportRejected:
    return ImportRejected("parquet_unreadable", file=name)
