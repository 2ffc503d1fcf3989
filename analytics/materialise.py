"""Materialise the expensive company-level model fits at import time.

Rater effects, adjusted scores, trend attribution, the performance profile and the re-check
list depend on every rating, so they are fitted once after each import (for the all-cycles
scope) and stored in DuckDB tables ``mat_<part>``; pages then only filter them. The stored
data version tells whether they are current; stale or missing parts are computed on demand.
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import db

__all__ = ["refresh", "load_materialised", "is_current", "PREFIX"]

PREFIX = "mat_"


def _store(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.register("_mat", frame.to_arrow())
    try:
        con.execute(f"CREATE OR REPLACE TABLE {db.q(PREFIX + name)} AS SELECT * FROM _mat")
    finally:
        con.unregister("_mat")


def refresh(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Fit every company part on all cycles and store it; returns rows per part."""
    from analytics.findings import COMPANY_PARTS
    from analytics.scope import Scope, load_scope

    version = db.data_version(con)
    data = load_scope(con, Scope())
    for key in [k for k in data.extras if k.startswith("co:")]:
        del data.extras[key]  # never re-store stale parts
    if data.company_ratings.height == 0:
        return {}
    from analytics.findings import _co  # shared memo: parts reuse each other

    out: dict[str, int] = {}
    frames = {name: _co(data, name) for name in COMPANY_PARTS}
    from analytics.scope import overview_counts

    with db.transaction(con):
        for name, frame in frames.items():
            _store(con, name, frame)
            out[name] = frame.height
        # the overview's counts scan every rating: store them too
        for name, frame in overview_counts(con, use_materialised=False).items():
            _store(con, "overview_" + name, frame)
        con.execute(f"CREATE OR REPLACE TABLE {db.q(PREFIX + 'meta')} AS SELECT $v AS data_version",
                    {"v": version})
    return out


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the stored parts belong to the current data version."""
    try:
        stored = con.cursor().execute(f"SELECT data_version FROM {db.q(PREFIX + 'meta')}").fetchall()
    except duckdb.CatalogException:
        return False
    return bool(stored) and stored[0][0] == db.data_version(con)


def load_materialised(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """Current materialised parts as ``{"co:<part>": frame}``; empty when stale or missing."""
    from analytics.findings import COMPANY_PARTS

    if not is_current(con):
        return {}
    out = {}
    for name in COMPANY_PARTS:
        try:
            out["co:" + name] = db.query(con, f"SELECT * FROM {db.q(PREFIX + name)}")
        except duckdb.CatalogException:
            continue
    return out
