"""DuckDB connection, DDL from the canonical schema, transactions and parameterised reads.

Identifiers come only from :mod:`analytics.schema`; user values only travel as parameters.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from analytics import schema as S

__all__ = [
    "SCHEMA_FINGERPRINT_KEY",
    "bump_version",
    "connect",
    "create_tables",
    "data_version",
    "ensure_schema",
    "input_versions",
    "q",
    "query",
    "ratings_frame",
    "read_table",
    "schema_current",
    "transaction",
]

_DUCK_TYPES: dict[type, str] = {
    pl.String: "VARCHAR",
    pl.Float64: "DOUBLE",
    pl.Int32: "INTEGER",
    pl.Int64: "BIGINT",
    pl.Boolean: "BOOLEAN",
    pl.Date: "DATE",
}


def q(identifier: str) -> str:
    """Quote an identifier that comes from the schema module (never from user text)."""
    return '"' + identifier.replace('"', '""') + '"'


def _duck_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Datetime) or dtype == pl.Datetime:
        return "TIMESTAMP"
    for base, name in _DUCK_TYPES.items():
        if dtype == base:
            return name
    raise TypeError(f"no DuckDB type for {dtype}")


def connect(path: str | Path = S.DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database (creating folder and tables when writable)."""
    path = str(path)
    if path != ":memory:" and not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(path, read_only=read_only)
    if not read_only:
        ensure_schema(con)
    return con


#: the ``meta`` key of the schema fingerprint a database was last written with (an earlier
#: version wrote none, so its tables are checked and completed)
SCHEMA_FINGERPRINT_KEY = "schema_fingerprint"


@functools.cache
def _schema_fingerprint() -> str:
    """A hash of every table, column type, view and sequence this version defines: a database
    stamped with it needs no DDL (about 60 statements, a fifth of a second per write)."""
    parts = [S.REVIEW_BATCH_SEQUENCE]
    parts += [f"{t.name}:{c}:{_duck_type(d)}" for t in S.TABLES for c, d in t.columns.items()]
    parts += [f"{name}={sql}" for name, sql in S.VIEWS.items()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables (not views) of the current schema."""
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = current_schema()"
        ).fetchall()
    }


def _stamped(con: duckdb.DuckDBPyConnection, fingerprint: str) -> bool:
    """Read directly, not after a look at the catalogue: DuckDB's first catalogue-wide read
    (duckdb_tables(), or the error of a missing table, which searches for a near name) costs
    about 13 ms of CPU per instance, against 1 ms for this read of a stamped database."""
    try:
        rows = con.execute(  # fetchall: a result left unfinished blocks the connection
            f"SELECT value FROM {q(S.META.name)} WHERE key = $k", {"k": SCHEMA_FINGERPRINT_KEY}
        ).fetchall()
    except duckdb.CatalogException:  # a new file: no meta table yet
        return False
    return rows == [(fingerprint,)]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every canonical table, view and sequence that does not exist yet (idempotent),
    and move the ratings of a database written before ``review_rows`` into it. A database
    stamped with this version's schema fingerprint is left as it is (one read)."""
    fingerprint = _schema_fingerprint()
    if _stamped(con, fingerprint):
        return
    tables = _table_names(con)
    earlier = S.REVIEWS.name in tables  # a database of an earlier version
    # one transaction, also for a new file: DuckDB commits each DDL statement on its own
    # otherwise, about 60 ms of CPU for a new database's tables against 2 ms in one commit
    with transaction(con):
        _create(con, tables, views=not earlier)
        if earlier:
            _move_reviews_table(con)
        con.execute(f"DELETE FROM {q(S.META.name)} WHERE key = $k", {"k": SCHEMA_FINGERPRINT_KEY})
        con.execute(
            f"INSERT INTO {q(S.META.name)} VALUES ($k, $v)",
            {"k": SCHEMA_FINGERPRINT_KEY, "v": fingerprint},
        )


def _create(con: duckdb.DuckDBPyConnection, tables: set[str], views: bool = True) -> None:
    have = _columns(con) if tables else set()  # a new file: no columns (a 14 ms catalog read)
    con.execute(f"CREATE SEQUENCE IF NOT EXISTS {q(S.REVIEW_BATCH_SEQUENCE)}")
    create_tables(con, S.TABLES)
    _add_new_columns(con, have)
    for name, sql in S.VIEWS.items() if views else ():
        con.execute(f"CREATE VIEW IF NOT EXISTS {q(name)} AS {sql}")
    con.execute(
        f"INSERT INTO {q(S.META.name)} SELECT 'data_version', '0' "
        f"WHERE NOT EXISTS (SELECT 1 FROM {q(S.META.name)} WHERE key = 'data_version')"
    )
    if S.DIMENSION_SCALES.name not in tables and S.REVIEW_ROWS.name in tables:
        _seed_dimension_scales(con)


def create_tables(con: duckdb.DuckDBPyConnection, tables) -> None:
    """``CREATE TABLE IF NOT EXISTS`` each of ``tables`` (of :mod:`analytics.schema`), in one
    call (DuckDB runs the statements in order; one call instead of one per table)."""
    con.execute(
        ";\n".join(
            "CREATE TABLE IF NOT EXISTS {} ({})".format(
                q(table.name),
                ", ".join(f"{q(c)} {_duck_type(t)}" for c, t in table.columns.items()),
            )
            for table in tables
        )
    )


def _columns(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return {
        (t, c)
        for t, c in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = "
            "current_database() AND schema_name = current_schema()"
        ).fetchall()
    }


def _add_new_columns(con: duckdb.DuckDBPyConnection, have: set[tuple[str, str]]) -> None:
    """Add the columns a later version appended to a table (a database written before them
    gets them as nulls): an ALTER only where one is missing from an existing table."""
    tables = {t for t, _ in have}
    for table in S.TABLES:
        if table.name not in tables:
            continue
        for col, dtype in table.columns.items():
            if (table.name, col) not in have:
                con.execute(
                    f"ALTER TABLE {q(table.name)} ADD COLUMN IF NOT EXISTS {q(col)} "
                    f"{_duck_type(dtype)}"
                )


def _seed_dimension_scales(con: duckdb.DuckDBPyConnection) -> None:
    """A database written before ``dimension_scales``: keep the numeric scale its ratings of
    each (cycle, dimension) were read on (the commonest, should several files disagree), so
    the next file of a stored cycle is read on it. Runs once, when the table is created.
    Scales as common as each other (a 1-5 file and a 1-10 correction of as many ratings): the
    one read last, whose batch was stored last (batches are numbered as stored; left29 item 8:
    ``arg_max`` picked either, by the order DuckDB's threads met the rows)."""
    con.execute(
        f"INSERT INTO {q(S.DIMENSION_SCALES.name)} "
        "SELECT 'rating', cycle_id, dimension, scale, 'detected', NULL FROM ("
        "SELECT r.cycle_id, r.dimension, b.scale, count(*) AS n, max(r.batch) AS last "
        f"FROM {q(S.REVIEW_ROWS.name)} r JOIN {q(S.REVIEW_BATCHES.name)} b USING (batch) "
        "WHERE b.scale IS NOT NULL AND b.scale NOT LIKE 'grade:%' GROUP BY ALL) "
        "QUALIFY row_number() OVER (PARTITION BY cycle_id, dimension "
        "ORDER BY n DESC, last DESC, scale) = 1"
    )


def schema_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every canonical table and view exists in the form :func:`ensure_schema` makes
    (a read-only reader of a database written by an earlier version needs a writer first)."""
    names = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = current_schema() UNION ALL SELECT view_name FROM duckdb_views() "
            "WHERE database_name = current_database() AND schema_name = current_schema()"
        ).fetchall()
    }
    return not _has_reviews_table(con) and {t.name for t in S.TABLES} | set(S.VIEWS) <= names


def _has_reviews_table(con: duckdb.DuckDBPyConnection) -> bool:
    """True for a database of an earlier version, whose ``reviews`` is a table."""
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = current_schema() AND table_name = $t",
            {"t": S.REVIEWS.name},
        ).fetchone()[0]
    )


def _move_reviews_table(con: duckdb.DuckDBPyConnection) -> None:
    """Store an earlier ``reviews`` table as batches and rows, then replace it by the view."""
    old = q(S.REVIEWS.name)
    con.execute(
        f"INSERT INTO {q(S.REVIEW_BATCHES.name)} SELECT CAST(nextval('{S.REVIEW_BATCH_SEQUENCE}') "
        f"AS INTEGER), import_id, scale FROM (SELECT DISTINCT import_id, scale FROM {old} "
        "ORDER BY ALL)"
    )
    rows = ", ".join(f"o.{q(c)}" if c != "batch" else "b.batch" for c in S.REVIEW_ROWS.names)
    con.execute(
        f"INSERT INTO {q(S.REVIEW_ROWS.name)} SELECT {rows} FROM {old} o "
        f"JOIN {q(S.REVIEW_BATCHES.name)} b "
        "ON b.import_id IS NOT DISTINCT FROM o.import_id AND b.scale IS NOT DISTINCT FROM o.scale"
    )
    con.execute(f"DROP TABLE {old}")
    con.execute(f"CREATE VIEW {old} AS {S.VIEWS[S.REVIEWS.name]}")


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, or ROLLBACK on any exception so the database is exactly as before."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")


def query(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None
) -> pl.DataFrame:
    """Run a parameterised query and return a Polars frame."""
    cur = con.cursor()
    try:
        return cur.sql(sql, params=params or None).pl()
    finally:
        cur.close()


_SIZE_UNITS = {
    "b": 1,
    "bytes": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}
_SIZE = re.compile(r"\s*([0-9]+(?:\.([0-9]+))?)\s*([A-Za-z]*)\s*")


def size_bytes(setting: str) -> int:
    """Bytes of a DuckDB size such as ``'5.6 GiB'`` or ``'512MB'``."""
    m = _SIZE.fullmatch(setting)
    if not m:
        raise ValueError(f"not a size: {setting!r}")
    return int(float(m.group(1)) * _SIZE_UNITS[(m.group(3) or "b").lower()])


@contextlib.contextmanager
def memory_capped(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """DuckDB's ``memory_limit`` lowered to ``limit`` for the block (never raised), then set
    back. It is the database instance's setting: other connections to it share the cap.

    DuckDB shows the limit truncated to one decimal ('5.6 GiB' for 6026MB), so it is set back
    to the middle of the shown step: within half a step of the original, and the same again
    however often it is capped and set back."""
    before = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    if size_bytes(before) <= size_bytes(limit):
        yield
        return
    m = _SIZE.fullmatch(before)  # a size: size_bytes read it
    places = len(m.group(2) or "")
    restore = f"{float(m.group(1)) + 0.5 * 10**-places:.{places + 1}f} {m.group(3)}".strip()
    con.execute(f"SET memory_limit = '{limit}'")
    try:
        yield
    finally:
        con.execute(f"SET memory_limit = '{restore}'")


def read_table(
    con: duckdb.DuckDBPyConnection, table: S.Table, categorical: tuple[str, ...] = ()
) -> pl.DataFrame:
    """The whole table as a frame with the canonical dtypes (empty tables keep their schema).

    ``categorical``: text columns returned as ``pl.Categorical``, the frame streamed into
    Polars-owned memory (as the ratings frame). Why: a frame converted from DuckDB's Arrow
    result keeps DuckDB's buffers alive; for the millions of KPI results that held 1.1 GiB of
    resident memory at 6M rows (0.38 GiB estimated), streamed with Categorical ids 0.43 GiB."""
    sql = f"SELECT * FROM {q(table.name)}"
    if not categorical:
        return conform(table, query(con, sql))
    cat = [c for c in categorical if c in table.columns]
    return conform(table, _streamed(con, sql, {}, cat), cat)


def conform(
    table: S.Table, frame: pl.DataFrame, categorical: tuple[str, ...] | list[str] = ()
) -> pl.DataFrame:
    """``table.conform(frame)`` (its empty frame when ``frame`` has no rows), with the
    ``categorical`` text columns as ``pl.Categorical`` (kept as they are when they already
    are: a streamed frame's)."""
    if not frame.height:
        frame = table.empty()
    return frame.select(
        (pl.col(c) if c in frame.columns else pl.lit(None, dtype=t).alias(c)).cast(
            pl.Categorical if c in categorical else t, strict=False
        )
        for c, t in table.columns.items()
    )


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A token that changes on every import; caches key on it."""
    try:
        rows = (
            con.cursor()
            .execute(f"SELECT value FROM {q(S.META.name)} WHERE key = 'data_version'")
            .fetchall()
        )
    except duckdb.CatalogException:
        return "none"
    return rows[0][0] if rows else "none"


def input_versions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """A version per cycle of everything a single cycle's models read: its rating rows, its
    outcomes, KPI results and appeals, its row of the cycles table and the roster rows of the
    people in them (a content hash of each, counted and summed per cycle). The rating rows are
    versioned by how many rows of each import batch the cycle holds: rows are never updated in
    place once loaded (a re-export or a mend writes them anew under a new batch), and hashing
    tens of millions of rows would cost seconds.

    Why beside :func:`data_version`: that token changes with every import, so keyed on it alone
    the import of one new cycle made every other cycle's stored models stale; keyed on these,
    a refresh keeps the cycles whose inputs did not change. One scan of the rating rows (the
    import's refresh reads them anyway)."""
    rows = q(S.REVIEW_ROWS.name)
    per_table = " UNION ALL ".join(
        f"SELECT cycle_id, '{t.name}' AS src, count(*) AS n, sum(hash(x)) AS h "
        f"FROM {q(t.name)} x GROUP BY cycle_id"
        for t in (S.OUTCOMES, S.KPI_RESULTS, S.APPEALS, S.CYCLES)
    )
    people = " UNION ".join(
        f"SELECT DISTINCT cycle_id, employee_id FROM {q(t)}"
        for t in (S.REVIEW_ROWS.name, S.OUTCOMES.name, S.KPI_RESULTS.name)
    )
    sql = f"""
        WITH parts AS (
            SELECT cycle_id, 'ratings' AS src, sum(n) AS n, sum(hash(batch, n)) AS h FROM (
                SELECT cycle_id, batch, count(*) AS n FROM {rows} GROUP BY ALL) GROUP BY cycle_id
            UNION ALL {per_table}
            UNION ALL
            SELECT p.cycle_id, 'employees', count(*), sum(hash(e))
            FROM ({people}) p JOIN {q(S.EMPLOYEES.name)} e USING (employee_id)
            GROUP BY p.cycle_id)
        SELECT cycle_id, md5(string_agg(src || ':' || n || ':' || h, ',' ORDER BY src))
        FROM parts WHERE cycle_id IN (SELECT cycle_id FROM {rows}) GROUP BY cycle_id"""
    return dict(con.execute(sql).fetchall())


def bump_version(con: duckdb.DuckDBPyConnection) -> str:
    """Give the data a new version token (call inside the import transaction)."""
    token = uuid.uuid4().hex
    con.execute(f"UPDATE {q(S.META.name)} SET value = $v WHERE key = 'data_version'", {"v": token})
    return token


def ratings_frame(
    con: duckdb.DuckDBPyConnection,
    cycles: list[str] | None = None,
    department: str | None = None,
    categorical: bool | tuple[str, ...] = True,
) -> pl.DataFrame:
    """Reviews joined with the ratee's attributes and the cycle order: the analytics' input.

    ``department`` selects a subtree: the unit itself and every path below it.

    ``categorical``: text columns returned as ``pl.Categorical`` (Polars' global string cache),
    whose integer codes group faster than strings and take less memory. True (the default)
    means the ids (cycle, employee, rater), the role, the dimension and the ratee's attributes;
    False none; a tuple names them. Frames aggregated from the ratings are joined on the ids
    with String tables read from DuckDB (employees, stored parts, rater ids in scope), and
    Polars joins no Categorical with String, so each such join casts one side first
    (``keys.align_keys``). Categorical rater ids save 12 bytes a row and the cast per analysis
    that grouped on them (docs/benchmarks.md). Whatever the input, the analyses return String
    text columns.

    With every attribute Categorical (the default), DuckDB sends the review columns only and
    the ratee's attributes are gathered per batch from the people table read once, by the
    employee id's integer code (:func:`_people_gather`): the same frame without DuckDB joining
    and Polars hashing five text columns of every rating row.
    """
    where = ["1=1"]
    params: dict = {}
    if cycles:
        where.append("r.cycle_id IN (SELECT unnest($cycles))")
        params["cycles"] = list(cycles)
    dept = "(e.department = $dept OR starts_with(e.department, $dept_prefix))"
    if department:
        params["dept"] = department
        params["dept_prefix"] = department.rstrip("/") + "/"
    if categorical is True:
        categorical = (*_RATING_TEXT, *RATEE_ATTRIBUTES)
    if categorical and set(RATEE_ATTRIBUTES) <= set(categorical):
        people = _people(con, dept if department else None, params)
        if people is not None:  # ids unique: one attribute row per rating, as the join gives
            if department:
                where.append(
                    f"r.employee_id IN (SELECT employee_id FROM {q(S.EMPLOYEES.name)} e "
                    f"WHERE {dept})"
                )
            sql = f"""
                SELECT r.cycle_id, c.ordering AS cycle_order, r.employee_id, r.rater_id,
                       r.rater_role, r.dimension, r.score, r.weight
                FROM {q(S.REVIEW_ROWS.name)} r
                LEFT JOIN {q(S.CYCLES.name)} c USING (cycle_id)
                WHERE {" AND ".join(where)}
            """
            cat = [c for c in categorical if c not in RATEE_ATTRIBUTES]
            return _streamed(con, sql, params, cat, _people_gather(people))
    if department:
        where.append(dept)
    sql = f"""
        SELECT r.cycle_id, c.ordering AS cycle_order, r.employee_id, r.rater_id, r.rater_role,
               r.dimension, r.score, r.weight, {", ".join("e." + a for a in RATEE_ATTRIBUTES)}
        FROM {q(S.REVIEW_ROWS.name)} r
        LEFT JOIN {q(S.EMPLOYEES.name)} e USING (employee_id)
        LEFT JOIN {q(S.CYCLES.name)} c USING (cycle_id)
        WHERE {" AND ".join(where)}
    """
    if not categorical:
        return query(con, sql, params)
    return _streamed(con, sql, params, list(categorical))


#: the ratings frame's own text columns and the ratee's attributes it carries
_RATING_TEXT = ("cycle_id", "employee_id", "rater_id", "rater_role", "dimension")
RATEE_ATTRIBUTES = ("department", "team", "level", "job_family", "manager_id")


def _people(con: duckdb.DuckDBPyConnection, dept: str | None, params: dict) -> pl.DataFrame | None:
    """The people table's ids and :data:`RATEE_ATTRIBUTES`, Categorical (only the department
    subtree's with ``dept``); None when an id is on two rows (the join would repeat ratings)."""
    cols = ("employee_id", *RATEE_ATTRIBUTES)
    sql = f"SELECT {', '.join(cols)} FROM {q(S.EMPLOYEES.name)} e"
    if dept:
        sql += f" WHERE {dept}"
        params = {k: params[k] for k in ("dept", "dept_prefix")}
    else:
        params = {}
    frame = query(con, sql, params).select(
        pl.col(c).cast(pl.String).cast(pl.Categorical) for c in cols
    )
    if frame["employee_id"].is_duplicated().any():
        return None
    return frame


def _people_gather(people: pl.DataFrame):
    """A batch -> batch with :data:`RATEE_ATTRIBUTES` appended: each row's person looked up by
    the employee id's Categorical code in a table of ``people``'s codes (null for a rating
    about no one on the table, as the left join)."""
    codes = people["employee_id"].to_physical().to_numpy().astype(np.int64)
    size = int(codes.max()) + 1 if codes.size else 0
    lut = np.full(size + 1, len(people), dtype=np.int64)  # last: the null row
    lut[codes] = np.arange(len(people))
    attrs = people.select(RATEE_ATTRIBUTES)
    attrs = pl.concat([attrs, attrs.clear(1)])

    def gather(part: pl.DataFrame) -> pl.DataFrame:
        ids = part["employee_id"].to_physical()
        ids = ids.fill_null(size).to_numpy().astype(np.int64)
        idx = lut[np.minimum(ids, size)]
        return pl.concat([part, attrs[idx]], how="horizontal")

    return gather


#: rows per Arrow batch when a ratings frame is streamed out of DuckDB
_BATCH_ROWS = 1 << 18


def _streamed(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: dict,
    categorical: list[str],
    extend: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """The query's rows, batch by batch, each turned into Polars-owned memory at once: the
    ``categorical`` text columns cast (integer codes), the other columns copied, then
    ``extend`` applied (columns added to each batch). Why: a frame
    converted from Arrow shares DuckDB's batch buffers, and keeping any column of a batch keeps
    the whole batch's memory; the one-shot ``.pl()`` also holds every string before the cast.
    Measured at 3.18M ratings: peak 1.18 GiB -> 0.67 GiB over the libraries, 1.2 s -> 0.9 s."""
    cur = con.cursor()
    try:
        rel = cur.sql(sql, params=params or None)
        schema = pl.DataFrame(schema=pl.from_arrow(rel.limit(0).to_arrow_table()).schema)
        parts = []
        for batch in rel.to_arrow_reader(_BATCH_ROWS):
            part = pl.from_arrow(batch)
            own = pl.int_range(pl.len(), dtype=pl.UInt32)
            part = part.with_columns(
                pl.col(categorical).cast(pl.Categorical),
                pl.col([c for c in part.columns if c not in categorical]).gather(own),
            )
            parts.append(part if extend is None else extend(part))
            del batch, part
    finally:
        cur.close()
    if not parts:
        schema = schema.with_columns(pl.col(categorical).cast(pl.Categorical))
        return schema if extend is None else extend(schema)
    return pl.concat(parts, rechunk=False)
