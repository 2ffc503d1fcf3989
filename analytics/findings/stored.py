"""Which stored frames may be shown: those whose catalog entry matches the running code.

The storage mechanics are :mod:`analytics.store.parts`; this module is the findings layer's
rule. A stored frame is *current* when the last refresh confirmed it for the current data
version and the fingerprint it was computed with (:mod:`analytics.findings.methods`) is the one
the running code and parameters give. Anything else is never shown: a scope computes it on
demand, and the dashboard refreshes the store in the background.
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics.findings import methods
from analytics.store import db
from analytics.store import parts as store

__all__ = [
    "available",
    "current_tables",
    "expected_fingerprint",
    "is_current",
    "load_company_parts",
    "only_all_cycles_stale",
    "stale",
    "stores_department",
]

_SECTION_KINDS = (
    store.SECTION_PREFIX,
    store.DEPT_SECTION_PREFIX,
    store.CYCLE_SECTION_PREFIX,
    store.EXCLUDED_SECTION_PREFIX,
    store.EXCLUDED_DEPT_SECTION_PREFIX,
)
#: the stored tables of :data:`methods.STORE_METHODS` by their own name
_STORE_KINDS = {
    store.DEPT_RATERS: "dept_raters",
    store.EXCLUDED: "excluded",
    store.GRADED: "graded",
}
#: each stored department has the one row of its summary section in this table (its prefix's)
_SUMMARY = "summary"


def expected_fingerprint(table: str, known: dict[str, str] | None = None) -> str | None:
    """The fingerprint a stored table must carry to be shown; None for a table no current
    method computes (a part or section since removed). ``known``: :func:`methods.fingerprints`
    when the caller asks for many tables (the same answers, the declared state read once)."""
    fps = methods.fingerprints() if known is None else known
    if table.startswith(_SECTION_KINDS):
        key = "section:" + table.removeprefix(store.PREFIX).split("_", 1)[1]
    elif table.startswith(store.CYCLE_PART_PREFIX):
        key = "part:" + table.removeprefix(store.CYCLE_PART_PREFIX)
    elif table in _STORE_KINDS:
        key = "store:" + _STORE_KINDS[table]
    elif table.startswith(store.OVERVIEW_PREFIX):
        key = "store:overview"
    else:
        name = store.company_part_name(table)
        key = None if name is None else "part:" + name
    return None if key is None else fps.get(key)


def _verdicts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per stored table: whether every one of its catalog rows is current."""
    catalog = store.read_catalog(con)
    if catalog.is_empty():
        return pl.DataFrame(schema={"table_name": pl.String, "current": pl.Boolean})
    version = db.data_version(con)
    known = methods.fingerprints()
    expected = {t: expected_fingerprint(t, known) for t in catalog["table_name"].unique().to_list()}
    return (
        catalog.with_columns(
            (
                (pl.col("checked_version") == version)
                & (pl.col("fingerprint") == pl.col("table_name").replace_strict(expected))
            )
            .fill_null(False)
            .alias("current")
        )
        .group_by("table_name")
        .agg(pl.col("current").all())
        .sort("table_name")
    )


def current_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The stored tables that may be shown."""
    verdicts = _verdicts(con)
    return set(verdicts.filter("current")["table_name"].to_list())


def stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a refresh would change what is stored: some stored table is not current, or
    ratings exist and nothing is stored (a database from before the catalog)."""
    verdicts = _verdicts(con)
    if verdicts.is_empty():
        try:
            return bool(con.execute(f"SELECT EXISTS (FROM {db.q('review_rows')})").fetchone()[0])
        except duckdb.CatalogException:
            return False
    return not verdicts["current"].all()


#: the stored tables the first transaction of a refresh writes besides the parts computed
#: cycle by cycle (materialise.refresh): what the dashboard shows first
_FIRST = (
    store.OVERVIEW_PREFIX,
    store.GRADED,
    store.CYCLE_PART_PREFIX,
    store.CYCLE_SECTION_PREFIX,
)


def only_all_cycles_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the overview and every single cycle's stored pieces are current while some
    other stored table is not: between the two transactions of a refresh after a new cycle's
    import, when only the all-cycles models and sections are left to refit."""
    verdicts = _verdicts(con)
    first = verdicts.filter(pl.col("table_name").str.starts_with(_FIRST[0]))
    for prefix in _FIRST[1:]:
        first = pl.concat([first, verdicts.filter(pl.col("table_name").str.starts_with(prefix))])
    return first.height > 0 and first["current"].all() and not verdicts["current"].all()


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the stored overview counts may be shown (they are stored with every refresh)."""
    return any(t.startswith(store.OVERVIEW_PREFIX) for t in current_tables(con))


def available(con: duckdb.DuckDBPyConnection) -> dict[str, pl.Schema | None]:
    """``{table name: Polars schema}`` of every stored frame that may be shown."""
    current = current_tables(con)
    if not current:
        return {}
    schemas = store.read_schemas(con)
    return store.Schemas((t, dict.__getitem__(schemas, t)) for t in schemas if t in current)


def load_company_parts(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """The current stored all-cycles company parts as ``{"co:<part>": frame}``."""
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


def stores_department(
    con: duckdb.DuckDBPyConnection, department: str, prefix: str = store.DEPT_SECTION_PREFIX
) -> bool:
    """Whether the last refresh stored the sections of ``department`` (a path): every top-level
    department's and the larger second-level ones' (``materialise.stored_departments``).
    Read from what is stored (the department has its summary row), not worked out again from
    the size rule: a department not stored is computed on demand, where reading its sections
    would give empty frames (an empty page). Whether each section may be shown is then its own
    table's catalog entry (:func:`available`). ``prefix``: of the department sections without
    the people at a department's root (``store.EXCLUDED_DEPT_SECTION_PREFIX``)."""
    try:
        (found,) = con.execute(
            f"SELECT EXISTS (FROM {db.q(prefix + _SUMMARY)} WHERE {db.q(store.DEPT_COLUMN)} = ?)",
            [department],
        ).fetchone()
    except duckdb.CatalogException:  # no department stored (a store from before them)
        return False
    return bool(found)
