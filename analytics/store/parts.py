"""Stored frames of the findings layer: table names, writing, stacking, reading back, and the
catalog of what each stored frame is.

The findings layer decides *what* is stored (which parts and sections, for which scopes) and
when a stored frame may be shown; this module only knows *how*: every frame is a DuckDB table
``mat_<name>``, and its Polars schema travels with it (``mat_schemas``, an empty Arrow IPC frame
per table) so a frame reads back with the dtypes it was computed with (Categorical, Enum,
List ...) even where DuckDB stores a plainer type.

The catalog (``mat_catalog``) keys every stored frame: one row per (table, scope key) with the
version of the input data it was computed from, the fingerprint of the code and parameters that
computed it, the data version at which a refresh last confirmed it (``checked_version``) and the
one at which it was written (``written_version``). A table stacking several scopes (one cycle
each, one top-level department each) has a row per scope, so a refresh can keep one scope's
rows and rewrite another's.
"""

from __future__ import annotations

import io

import duckdb
import polars as pl

from analytics.store import db

__all__ = [
    "CATALOG",
    "CATALOG_SCHEMA",
    "CYCLE_COLUMN",
    "CYCLE_PART_PREFIX",
    "CYCLE_SECTION_PREFIX",
    "DEPT_COLUMN",
    "DEPT_RATERS",
    "DEPT_SECTION_PREFIX",
    "EXCLUDED",
    "EXCLUDED_DEPT_SECTION_PREFIX",
    "EXCLUDED_SECTION_PREFIX",
    "GRADED",
    "OVERVIEW_PREFIX",
    "PREFIX",
    "SCHEMAS",
    "SECTION_PREFIX",
    "STORED_DEPARTMENT_LEVELS",
    "STORED_EXCLUDED_COMPANY_RATINGS",
    "STORED_SUB_DEPARTMENTS_COMPANY_RATINGS",
    "STORED_SUB_DEPARTMENT_RATINGS",
    "Appender",
    "Schemas",
    "company_part_name",
    "delete_rows",
    "in_stored_order",
    "read_catalog",
    "read_part",
    "read_schemas",
    "schema_blob",
    "store_frame",
    "store_schemas",
    "stored_tables",
    "with_frame",
    "write_catalog",
]

PREFIX = "mat_"
SECTION_PREFIX = PREFIX + "sec_"
DEPT_SECTION_PREFIX = PREFIX + "dsec_"
#: company parts fitted on one cycle's ratings alone, per cycle (column ``_cycle``), and the
#: sections of each single cycle's company scope computed from them
CYCLE_PART_PREFIX = PREFIX + "cyc_"
CYCLE_SECTION_PREFIX = PREFIX + "csec_"
CYCLE_COLUMN = "_cycle"
#: for a view that may not see individuals (the pseudonymised analyst): the people left out at a
#: department's root (``employee_id``, ``department``: ``scope.root_few`` of the roster) and the
#: sections of the company's and each stored department's scope without them (``Scope.excluded``;
#: the department tables with :data:`DEPT_COLUMN`)
EXCLUDED = PREFIX + "excluded"
EXCLUDED_SECTION_PREFIX = PREFIX + "xsec_"
EXCLUDED_DEPT_SECTION_PREFIX = PREFIX + "xdsec_"
#: stored only from this many rating rows of the company. Why: on the demo (0.38M ratings) her
#: pages compute them on demand in 0.2-0.6 CPU s, and storing them added half to its refresh
#: (11 -> 16.5 CPU s: a scope that leaves someone out computes its reliability, kappa and G
#: study on its own pairs) and to every refresh of the test suite; at 40M a first visit computed
#: on demand took seconds (docs/benchmarks.md, session 28)
STORED_EXCLUDED_COMPANY_RATINGS = 1_000_000
#: the raters who rated someone in each department path (every depth; all cycles)
DEPT_RATERS = PREFIX + "dept_raters"
#: who was graded in each cycle and by whom (company-wide; analytics.findings.graded)
GRADED = PREFIX + "graded"
#: the department column of the department section tables (no section has a column so named;
#: it holds a department path of any stored level, its name kept from when only the top level was)
DEPT_COLUMN = "_top_department"
#: how many levels of the department tree have their sections stored at import (1: the
#: top-level departments; 2: their sub-departments too). Deeper paths are computed on demand.
STORED_DEPARTMENT_LEVELS = 2
#: the size rule below the top level (levels 2 .. STORED_DEPARTMENT_LEVELS; every top-level
#: department is stored whatever its size): a sub-department is stored when its people have
#: at least STORED_SUB_DEPARTMENT_RATINGS rating rows (as ratees, every cycle), or when the
#: company has at least STORED_SUB_DEPARTMENTS_COMPANY_RATINGS; any other is computed on
#: demand. Why both: a sub-department's every section computed on demand (its calibration
#: page) took about 0.37 CPU s + 0.13 s per million rating rows of the company (each of its
#: queries scans the company's rows) + 1.9 s per million of its own (session 22, size22:
#: 0.39-0.57 s for the demo's sub-departments of 10k-46k rows in a company of 0.38M; 1.8-3.4 s
#: for the 8M company's of 0.23M-1.0M; a team of 18k rows there 1.6 s). Either threshold puts
#: that above half a second. Storing the demo's sub-departments had doubled its refresh (and
#: added minutes to the test suite) for pages that took half a second anyway; at 40M ratings
#: the largest sub-department's first visit took 1.0-5.5 s per page.
STORED_SUB_DEPARTMENT_RATINGS = 100_000
STORED_SUB_DEPARTMENTS_COMPANY_RATINGS = 1_000_000
#: the overview's counts (they scan every rating)
OVERVIEW_PREFIX = PREFIX + "overview_"
SCHEMAS = PREFIX + "schemas"
CATALOG = PREFIX + "catalog"
CATALOG_SCHEMA = pl.Schema(
    {
        "table_name": pl.String,
        "scope_key": pl.String,  # "" for a table of one scope
        "input_version": pl.String,
        "fingerprint": pl.String,
        "checked_version": pl.String,
        "written_version": pl.String,
    }
)
_NOT_PARTS = (
    SECTION_PREFIX,
    DEPT_SECTION_PREFIX,
    EXCLUDED,
    EXCLUDED_SECTION_PREFIX,
    EXCLUDED_DEPT_SECTION_PREFIX,
    CYCLE_PART_PREFIX,
    CYCLE_SECTION_PREFIX,
    DEPT_RATERS,
    GRADED,
    OVERVIEW_PREFIX,
    SCHEMAS,
    PREFIX + "meta",
    CATALOG,
)


def company_part_name(table: str) -> str | None:
    """The company part an all-cycles part table holds (``mat_effects`` -> ``effects``); None
    for a table of another kind (sections, per-cycle stacks, the store's own tables)."""
    if not table.startswith(PREFIX) or table.startswith(_NOT_PARTS):
        return None
    return table[len(PREFIX) :]


#: :func:`schema_blob` of the schemas met in this process (at most :data:`_BLOBS_MAX`)
_BLOBS: dict[tuple, bytes] = {}
_BLOBS_MAX = 4096


def schema_blob(frame: pl.DataFrame) -> bytes:
    """``frame``'s Polars schema as an empty Arrow IPC frame: written once per schema (the same
    bytes each time). Why kept: writing one (Polars runs a sink for it) was 1.2 ms of a
    refresh's ~150, and a process refreshing again meets the same schemas (the dashboard after
    each import, the tests' many small companies). Keyed on every column's name, dtype
    (Polars compares them exactly: Enum categories, time units and zones) and its repr."""
    key = tuple((name, dtype, repr(dtype)) for name, dtype in frame.schema.items())
    blob = _BLOBS.get(key)
    if blob is None:
        buf = io.BytesIO()
        pl.DataFrame(schema=frame.schema).write_ipc(buf)
        blob = buf.getvalue()
        if len(_BLOBS) >= _BLOBS_MAX:
            _BLOBS.clear()
        _BLOBS[key] = blob
    return blob


def store_frame(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, schemas: dict[str, bytes]
) -> None:
    """Write ``frame`` as ``table`` (replacing it) and note its schema in ``schemas``."""
    schemas[table] = schema_blob(frame)
    if not frame.width:  # a frame without columns: only its (empty) schema is kept
        con.execute(f"DROP TABLE IF EXISTS {db.q(table)}")
        return
    with_frame(con, f"CREATE OR REPLACE TABLE {db.q(table)} AS SELECT * FROM _mat", frame)


def with_frame(con: duckdb.DuckDBPyConnection, sql: str, frame: pl.DataFrame) -> list[tuple]:
    """The rows of ``sql`` run with ``frame`` readable as ``_mat``: a local variable DuckDB's
    replacement scan finds (the same Arrow scan as a registered view). Why not registered: a
    refresh writes about 250 tables through here, and registering and unregistering the view
    in the transaction took 40% of the writes' CPU (0.40 CPU s against 0.23 for the 154
    tables of a 40-person company, session 33). Nothing is left to undo when ``sql`` fails,
    so its error is the one raised (an unregister in the aborted transaction once hid an
    OutOfMemoryException the refresh answers by running again without its memory cap)."""
    _mat = frame.to_arrow()  # read by name in ``sql``
    return con.execute(sql).fetchall()


def store_schemas(con: duckdb.DuckDBPyConnection, schemas: dict[str, bytes]) -> None:
    """Replace the schema table with ``schemas`` (``{table: IPC bytes}``)."""
    frame = pl.DataFrame(
        {"table_name": list(schemas), "ipc": list(schemas.values())},
        schema={"table_name": pl.String, "ipc": pl.Binary},
    )
    with_frame(con, f"CREATE OR REPLACE TABLE {db.q(SCHEMAS)} AS SELECT * FROM _mat", frame)


def stored_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table of the store (name under :data:`PREFIX`)."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, $p)",
        {"p": PREFIX},
    ).fetchall()
    return [name for (name,) in rows]


#: rows of pieces an :class:`Appender` holds before it writes them (see there)
APPEND_HELD_ROWS = 50_000


class Appender:
    """Stacks pieces into one stored table per name as they come (columns by name, missing ones
    null, dtypes widened to what the pieces share, as ``pl.concat(how="diagonal_relaxed")``),
    so a writer need not hold every piece until one write at the end. A name whose pieces do
    not stack is dropped again (its readers then compute it on demand). ``existing``: tables
    already stored (``{name: their Polars schema}``) that new pieces are added to.

    The pieces of a name not yet written are held until :data:`APPEND_HELD_ROWS` rows of
    pieces are held, then each name's are stacked in memory and written in one statement (the
    same table: ``diagonal_relaxed`` widens as the stacking below does); later pieces are
    added to the table. Why: a small company's refresh wrote every cycle's piece of each of
    about 50 names in statements of its own (an insert, and for a piece that widens the
    table a DESCRIBE and an ALTER per column), 3.5 ms a piece: 0.54 of the small demo's 6-8
    CPU s, 1.0 of the 2,000-person demo's 12 (session 38). A large company's pieces pass the
    limit at once, so it holds no more than it did."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        prefix: str,
        existing: dict[str, pl.Schema] | None = None,
    ) -> None:
        self.con, self.prefix = con, prefix
        self.schemas: dict[str, pl.Schema] = dict(existing or {})  # name -> stacked schema
        self.rows: dict[str, int] = dict.fromkeys(self.schemas, 0)
        self._dropped: set[str] = set()
        self._held: dict[str, list[pl.DataFrame]] = {}  # pieces of names not written yet
        self._held_rows = 0

    def add(self, name: str, frame: pl.DataFrame) -> None:
        if name in self._dropped:
            return
        if name in self.schemas:  # its table is written: the piece is added to it
            self._append(name, frame)
            return
        self._held.setdefault(name, []).append(frame)
        self._held_rows += frame.height
        if self._held_rows >= APPEND_HELD_ROWS:
            self._write_held()

    def _write_held(self) -> None:
        """Each held name's pieces stacked and written (a name whose pieces do not stack is
        dropped, as when its pieces came one by one)."""
        held, self._held, self._held_rows = self._held, {}, 0
        for name, pieces in held.items():
            try:
                frame = pl.concat(pieces, how="diagonal_relaxed") if len(pieces) > 1 else pieces[0]
            except (pl.exceptions.SchemaError, pl.exceptions.InvalidOperationError):
                self._dropped.add(name)
                continue
            self._append(name, frame)

    def _append(self, name: str, frame: pl.DataFrame) -> None:
        """``frame`` written as the table of ``name``, or added to it (widened first)."""
        table = db.q(self.prefix + name)
        if name not in self.schemas:
            with_frame(self.con, f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _mat", frame)
            self.schemas[name], self.rows[name] = frame.schema, frame.height
            return
        old = self.schemas[name]
        try:
            new = pl.concat(
                [pl.DataFrame(schema=old), frame.clear()], how="diagonal_relaxed"
            ).schema
        except (pl.exceptions.SchemaError, pl.exceptions.InvalidOperationError):
            self.con.execute(f"DROP TABLE {table}")
            self._dropped.add(name)
            del self.schemas[name], self.rows[name]
            return
        if new != old:  # new columns at the end, changed ones to the widened type
            types = dict(
                with_frame(
                    self.con,
                    "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM _mat)",
                    pl.DataFrame(schema=new),
                )
            )
            for col, dtype in new.items():
                if col not in old:
                    self.con.execute(f"ALTER TABLE {table} ADD COLUMN {db.q(col)} {types[col]}")
                elif dtype != old[col]:
                    self.con.execute(f"ALTER TABLE {table} ALTER {db.q(col)} TYPE {types[col]}")
            self.schemas[name] = new
        with_frame(self.con, f"INSERT INTO {table} BY NAME SELECT * FROM _mat", frame)
        self.rows[name] += frame.height

    def dropped(self) -> set[str]:
        """The names whose pieces did not stack (their tables are gone)."""
        return set(self._dropped)

    def finish(self, schemas: dict[str, bytes]) -> dict[str, int]:
        """Record each table's stacked schema in ``schemas``; rows added per name."""
        self._write_held()
        for name, schema in self.schemas.items():
            schemas[self.prefix + name] = schema_blob(pl.DataFrame(schema=schema))
        return self.rows


class Schemas(dict):
    """``{table: Polars schema}``, each parsed from its stored IPC bytes on first access (the
    schema alone: reading the bytes as a frame ran Polars' engine for every table, 2x the
    CPU; the same schema for each of the full demo's 152 tables)."""

    def __getitem__(self, key: str) -> pl.Schema | None:
        value = dict.__getitem__(self, key)
        if isinstance(value, bytes):
            value = pl.Schema(pl.read_ipc_schema(io.BytesIO(value)))
            dict.__setitem__(self, key, value)
        return value

    def get(self, key: str, default=None):
        return self[key] if key in self else default  # noqa: SIM401 (get is this method)

    def items(self):  # type: ignore[override]
        return [(k, self[k]) for k in self]

    def values(self):  # type: ignore[override]
        return [self[k] for k in self]


def read_schemas(con: duckdb.DuckDBPyConnection) -> Schemas:
    """``{table: Polars schema}`` of every stored table the schema table lists (empty when the
    store was never written)."""
    cur = con.cursor()
    try:
        rows = cur.execute(f"SELECT table_name, ipc FROM {db.q(SCHEMAS)}").fetchall()
    except duckdb.CatalogException:
        return Schemas()
    finally:
        cur.close()
    return Schemas((name, bytes(blob)) for name, blob in rows)


def read_part(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: pl.Schema | None,
    where: str = "",
    params: dict | None = None,
    plain: bool = False,
) -> pl.DataFrame:
    """A stored frame (optionally only the rows matching ``where``, in stored order), cast back to
    the dtypes it was computed with. ``plain``: ``where`` compares this table's own columns
    only (no subquery, no join), so the scan gives the rows in stored order without a sort
    (:func:`in_stored_order`)."""
    if schema is not None and not schema:  # stored without columns
        return pl.DataFrame()
    try:
        sql = f"SELECT * FROM {db.q(table)}"
        if where:
            sql += f" WHERE {where}" + in_stored_order(plain)
        frame = db.query(con, sql, params)
    except duckdb.CatalogException:
        if schema is None:
            raise
        return pl.DataFrame(schema=schema)
    if schema is None:
        return frame
    have = frame.schema  # built once: a frame builds its schema anew on each ``.schema``
    casts = {c: t for c, t in schema.items() if c in have and have[c] != t}
    if casts:
        frame = frame.cast(casts)
    return frame.select(list(schema)) if frame.columns != list(schema) else frame


def in_stored_order(plain: bool) -> str:
    """The ``ORDER BY`` that keeps a filtered read of a stored table in stored order: none for
    a ``plain`` filter (on the table's own columns: DuckDB's scan and filter keep the insertion
    order under ``preserve_insertion_order``, its default, which no connection here turns off;
    a join or subquery may not), else by ``rowid``. Why: sorting the rows read cost more than
    reading them (a cycle's 39,892 raters of 79 columns at 8M ratings: 0.13-0.29 CPU s with the
    sort, 0.05-0.08 without; session 26)."""
    return "" if plain else " ORDER BY rowid"


def read_catalog(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The catalog (:data:`CATALOG_SCHEMA`); empty when the store was never written."""
    cur = con.cursor()
    try:
        frame = db.query(cur, f"SELECT * FROM {db.q(CATALOG)} ORDER BY table_name, scope_key")
    except duckdb.CatalogException:
        return pl.DataFrame(schema=CATALOG_SCHEMA)
    finally:
        cur.close()
    return frame.select(list(CATALOG_SCHEMA)).cast(dict(CATALOG_SCHEMA))


def write_catalog(con: duckdb.DuckDBPyConnection, catalog: pl.DataFrame) -> None:
    """Replace the catalog with ``catalog`` (:data:`CATALOG_SCHEMA` columns)."""
    frame = catalog.select(list(CATALOG_SCHEMA)).cast(dict(CATALOG_SCHEMA))
    with_frame(con, f"CREATE OR REPLACE TABLE {db.q(CATALOG)} AS SELECT * FROM _mat", frame)


def delete_rows(con: duckdb.DuckDBPyConnection, table: str, column: str, values: list[str]) -> None:
    """Delete the rows of a stacked table whose ``column`` is one of ``values`` (one scope's
    rows, before they are written anew)."""
    if values:
        con.execute(
            f"DELETE FROM {db.q(table)} WHERE {db.q(column)} IN (SELECT unnest($v))", {"v": values}
        )
