"""A small DuckDB file beside a dataset (calibration sessions, appeals, the access log): opened
under its own OS lock, created readable by the service account only.

Why one place: three stores each created their file under a temporary umask and chmod-ed it
to 0600 (docs/security.md, data at rest); one forgotten copy would leave a world-readable file.

``attached``: ``duckdb.connect`` builds a new DuckDB instance per file, and with it DuckDB's
catalogue of built-in functions: about 30 ms of CPU, for a write of one row (an access-log line
at every import, sign-in and person page). Attaching the file to an in-memory instance the
process keeps costs about 3 ms; it is detached (its file closed and unlocked, for the other
processes) when the block ends. Only for a store that queries through the connection it is
given: a cursor taken from it (``con.cursor()``, as :func:`analytics.store.db.query` does)
starts in the in-memory database, not in the file.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from analytics.store import filelock

__all__ = ["opened"]

_host: list[duckdb.DuckDBPyConnection] = []  # the process's in-memory instance, made once
_host_lock = threading.Lock()
_aliases = itertools.count()


def _host_cursor() -> duckdb.DuckDBPyConnection:
    with _host_lock:
        if not _host:
            _host.append(duckdb.connect(":memory:"))
        return _host[0].cursor()


def _attached(path: Path, alias: str) -> duckdb.DuckDBPyConnection:
    """A connection whose tables are those of ``path`` (``ATTACH``, then ``USE``): a cursor of
    the process's in-memory instance, so no DuckDB instance is built for it."""
    cur = _host_cursor()
    try:
        cur.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {alias}")
        cur.execute(f"USE {alias}")
    except BaseException:
        _detach(cur, alias)  # attached before the USE failed: not left attached
        raise
    return cur


def _detach(con: duckdb.DuckDBPyConnection, alias: str) -> None:
    """Close what :func:`_attached` opened: the cursor first (which ends a transaction left
    open), then the file is written out and unlocked."""
    con.close()
    cur = _host_cursor()
    try:
        cur.execute(f"DETACH DATABASE IF EXISTS {alias}")
    finally:
        cur.close()


def _connect_private(
    path: Path,
    connect: Callable[[Path], duckdb.DuckDBPyConnection],
    close: Callable[[duckdb.DuckDBPyConnection], None],
) -> duckdb.DuckDBPyConnection:
    old = os.umask(0o077)  # DuckDB creates a missing file: with the owner's permissions only
    try:
        con = connect(path)
    finally:
        os.umask(old)
    try:
        os.chmod(path, 0o600)
    except OSError:
        close(con)
        raise
    return con


@contextlib.contextmanager
def opened(
    path: str | Path,
    *,
    connect: Callable[[Path], duckdb.DuckDBPyConnection] = lambda p: duckdb.connect(str(p)),
    on_wait: Callable[[], None] | None = None,
    attached: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``path`` opened read-write under ``<path>.lock`` (folder and file created if missing,
    mode 0600); the connection is closed and the lock released when the block ends.
    ``attached``: the file is attached to the process's in-memory DuckDB instead of opened
    with ``connect`` (see above)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.held(f"{path}.lock", on_wait=on_wait):
        close: Callable[[duckdb.DuckDBPyConnection], None] = lambda c: c.close()  # noqa: E731
        if attached:
            alias = f"side_{next(_aliases)}"
            connect = lambda p: _attached(p, alias)  # noqa: E731
            close = lambda c: _detach(c, alias)  # noqa: E731
        con = _connect_private(path, connect, close)
        try:
            yield con
        finally:
            close(con)
