"""Which frames stored at import are current, and reading the company parts among them.

The storage mechanics are :mod:`analytics.store.parts`; this module is the findings layer's
rule for when a stored frame may be shown.
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics.store import db
from analytics.store import parts as store

__all__ = ["available", "is_current", "load_company_parts"]

_META = store.PREFIX + "meta"


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the stored parts belong to the current data version."""
    try:
        stored = con.cursor().execute(f"SELECT data_version FROM {db.q(_META)}").fetchall()
    except duckdb.CatalogException:
        return False
    return bool(stored) and stored[0][0] == db.data_version(con)


def available(con: duckdb.DuckDBPyConnection) -> dict[str, pl.Schema | None]:
    """``{table name: Polars schema}`` of every current stored frame (those the last refresh
    wrote); empty when stale."""
    if not is_current(con):
        return {}
    return store.read_schemas(con)


def load_company_parts(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """Current stored all-cycles company parts as ``{"co:<part>": frame}``; empty when stale."""
    out = {}
    for table, schema in available(con).items():
        name = store.company_part_name(table)
        if name is None:
            continue
        try:
            out["co:" + name] = store.read_part(con, table, schema)
        except duckdb.CatalogException:
            continue
    return out
