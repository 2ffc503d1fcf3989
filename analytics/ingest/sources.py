"""Reading a source file as the mapping says (header row, encoding, sheet), named as the user
knows it: an upload kept under another name on disk keeps its own name in every message."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics.ingest.cycles import parse_cycle
from analytics.ingest.headers import SYNONYMS, map_headers
from analytics.ingest.mapping import Mapping
from analytics.ingest.readers import ROW, RawTable, read_tables

#: the column a sheet's cycle is written into when only its name gives it (2026年上半年)
SHEET_CYCLE_COLUMN = SYNONYMS["cycle"][4]


def read_mapped(path: str | Path, sheet: str | None, mapping: Mapping) -> list[RawTable]:
    tables = read_tables(path, sheet, mapping.columns, mapping.header_row, mapping.encoding)
    for t in tables:
        _cycle_from_sheet(t, mapping)
    return tables


def _cycle_from_sheet(table: RawTable, mapping: Mapping) -> None:
    """A sheet of people without a cycle column, whose name is a cycle (2026年上半年): the
    cycle is the sheet's name, written as a column of its own and said in a warning (a guess
    the user did not make). Other sheets are left as they are (the detection refuses them)."""
    if not table.sheet:
        return
    columns = [c for c in table.frame.columns if c != ROW]
    fields = set(map_headers(columns, mapping.columns)[0].values())
    if "cycle" in fields or "employee_id" not in fields or SHEET_CYCLE_COLUMN in columns:
        return
    said = {"file": table.file, "sheet": table.sheet, "column": SHEET_CYCLE_COLUMN}
    chosen = (mapping.sheet_cycles.get(table.sheet) or "").strip()
    if chosen:  # the user's own choice (the Data page, a mapping file): a note
        table.notes.append(("cycle_chosen_for_sheet", said | {"cycle": chosen}))
    elif parse_cycle(table.sheet).cadence != "other":  # a guess: a warning
        chosen = table.sheet
        table.warnings.append(("cycle_from_sheet", said))
    else:
        return
    table.frame = table.frame.with_columns(pl.lit(chosen).alias(SHEET_CYCLE_COLUMN))


def read_source(
    path: str | Path, mapping: Mapping, name: str | None = None, sheet: str | None = None
) -> list[RawTable]:
    """The file's tables as the mapping reads them (header row, encoding), named ``name`` in
    every message (an upload kept under another name on disk); raises ImportRejected."""
    tables = read_mapped(path, sheet, mapping)
    name = name or Path(path).name
    for t in tables:
        t.file = name
        for _code, params in [*t.notes, *t.warnings]:
            if "file" in params:
                params["file"] = name
    return tables
