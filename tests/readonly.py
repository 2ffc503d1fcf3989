"""A test's read-only look at a database file: open it read-only, query, close (DuckDB lets one
process hold a file open for writing, so a test closes its look before the code under test
writes or a page opens the file)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from analytics.store import db


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``path``, closed on leaving the block."""
    con = db.connect(path, read_only=True)
    try:
        yield con
    finally:
        con.close()


def rows(path: str | Path, sql: str, params: list | dict | None = None) -> list[tuple]:
    """Every row of one query on the database at ``path``, read-only."""
    with reading(path) as con:
        return con.execute(sql, params).fetchall()


def first_elsewhere(path: str | Path, sql: str) -> str:
    """The first value of ``sql`` on ``path`` as another process reads it (opened read-write,
    as a second dashboard or the command line would: fails while this process holds the file),
    printed; or its error."""
    import subprocess
    import sys

    code = (
        "import duckdb, sys; print(duckdb.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), sql], capture_output=True, text=True
    )
    return done.stdout.strip() or done.stderr
