"""The session's people as the HR system exported them: the original row of each person's
result (``SOURCE_ROWS``, kept at import), under the export's own headers in its order.

Which file: the one that carries the grade (the result file, not a self- or manager-rating
file), the latest import of it when there are several. People of the session from files with
different headers share one table: the headers of the file holding the most people first,
then the other files' further headers, each person's cells under their own headers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analytics import schema as S
from analytics.calibration.sessions import Session
from analytics.store import access, db

__all__ = ["Original", "load", "typed_cell"]

#: a number as a spreadsheet holds it: no leading zero (``007`` is an id, kept as text)
_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")


def typed_cell(value: str | None, as_text: bool = False) -> str | int | float | None:
    """A cell as a spreadsheet held it: a plain number as a number, anything else (and every
    cell of an id column, ``as_text``) as the text read."""
    if value is None or as_text or not _NUMBER.fullmatch(value):
        return value
    return float(value) if "." in value else int(value)


@dataclass(frozen=True)
class Original:
    """The original headers and, per person, the cells under them as read (None: empty or
    no such column); ``text_columns``: the id columns, never made numbers."""

    headers: list[str]
    rows: dict[str, list[str | None]]
    id_header: str | None
    files: list[str]
    text_columns: frozenset[str] = frozenset()
    #: per person, their row's id columns held as text (an id column of numbers and text
    #: cells: 123 a number, "E124" text); a person not here takes ``text_columns``
    text_cells: dict[str, frozenset[str]] = field(default_factory=dict)

    def typed(self, employee_id: str) -> list[Any] | None:
        """The person's cells as a spreadsheet holds them (:func:`typed_cell`)."""
        cells = self.rows.get(employee_id)
        if cells is None:
            return None
        text = self.text_cells.get(employee_id, self.text_columns)
        return [typed_cell(v, h in text) for h, v in zip(self.headers, cells)]


def load(path: str | Path, session: Session) -> Original | None:
    """The session's people's original rows; None when the import kept none (a dataset
    imported before the rows were kept: the write-back then uses the canonical columns).
    Read once per file, cycle and people (:func:`~analytics.store.access.read_once`: the
    meeting page's bonus section asks on every run)."""
    people = session.grades["employee_id"].to_list()
    cycle = session.row["cycle_id"]

    def read(con) -> pl.DataFrame | None:
        if not _has_table(con):
            return None
        return db.query(
            con,
            f"SELECT s.employee_id, s.file, s.sheet, s.headers, s.cells, s.id_header, "
            f"s.text_headers FROM {db.q(S.SOURCE_ROWS.name)} s "
            f"LEFT JOIN {db.q(S.IMPORTS.name)} i USING (import_id) "
            "WHERE s.cycle_id = $c AND list_contains($ids, s.employee_id) "
            "QUALIFY row_number() OVER (PARTITION BY s.employee_id ORDER BY "
            "s.has_grade DESC NULLS LAST, i.started_at DESC NULLS LAST, s.row_number) = 1",
            {"c": cycle, "ids": people},
        )

    found = access.read_once(path, ("original_rows", cycle, tuple(people)), read)
    if found is None or found.is_empty():
        return None
    return _combined(found)  # built again each time: an Original's dicts are its caller's


def _has_table(con) -> bool:
    rows = con.execute(  # fetchall: a result left unfinished blocks the connection
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = $t", {"t": S.SOURCE_ROWS.name}
    ).fetchall()
    return bool(rows[0][0])


def _combined(found: pl.DataFrame) -> Original:
    """One table from the chosen rows: headers of the most common header set first."""
    sets = found.group_by("headers").len().sort("len", descending=True)["headers"].to_list()
    headers: list[str] = []
    for h in sets:
        headers += [c for c in json.loads(h) if c not in headers]
    at = {h: i for i, h in enumerate(headers)}
    rows: dict[str, list[str | None]] = {}
    text: dict[str, frozenset[str]] = {}
    for emp, hs, cells, th in found.select(
        "employee_id", "headers", "cells", "text_headers"
    ).iter_rows():
        row: list[str | None] = [None] * len(headers)
        for h, v in zip(json.loads(hs), json.loads(cells)):
            row[at[h]] = v
        rows[emp] = row
        if th is not None:
            text[emp] = frozenset(json.loads(th))
    top = found.filter(pl.col("headers") == sets[0])
    files = found.select(
        pl.concat_str(
            [pl.col("file"), pl.lit(" ["), pl.col("sheet"), pl.lit("]")], ignore_nulls=False
        ).fill_null(pl.col("file"))
    )
    return Original(
        headers,
        rows,
        top["id_header"][0],
        sorted(set(files.to_series().to_list())),
        frozenset(c for t in found["text_headers"].drop_nulls().unique() for c in json.loads(t)),
        text,
    )
