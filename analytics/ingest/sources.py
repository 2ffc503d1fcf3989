"""Reading a source file as the mapping says (header row, encoding, sheet), named as the user
knows it: an upload kept under another name on disk keeps its own name in every message."""

from __future__ import annotations

from pathlib import Path

from analytics.ingest.mapping import Mapping
from analytics.ingest.readers import RawTable, read_tables


def read_mapped(path: str | Path, sheet: str | None, mapping: Mapping) -> list[RawTable]:
    return read_tables(path, sheet, mapping.columns, mapping.header_row, mapping.encoding)


def read_source(
    path: str | Path, mapping: Mapping, name: str | None = None, sheet: str | None = None
) -> list[RawTable]:
    """The file's tables as the mapping reads them (header row, encoding), named ``name`` in
    every message (an upload kept under another name on disk); raises ImportRejected."""
    tables = read_mapped(path, sheet, mapping)
    name = name or Path(path).name
    for t in tables:
        t.file = name
        for _code, params in t.notes:
            params["file"] = name
    return tables
