"""A small DuckDB file beside a dataset (calibration sessions, appeals, the access log): opened
under its own OS lock, created readable by the service account only.

Why one place: three stores each created their file under a temporary umask and chmod-ed it
to 0600 (docs/security.md, data at rest); one forgotten copy would leave a world-readable file.

``attached``: ``duckdb.connect`` builds a new DuckDB instance per file, and with it DuckDB's
catalogue of built-in functions: about 20-30 ms of CPU, for a write of one row (an access-log
line at every import, sign-in and person page) or a read of a meeting's session (the
calibration and appeals stores: several per click). Attaching the file to an in-memory instance
the process keeps costs about 2 ms; it is detached (its file written out, closed and unlocked,
for the other processes) when the block ends, as a connection's close does. A cursor of that
instance starts in its in-memory database, so the connection handed out hands out cursors
already switched to the file (``USE``): :func:`analytics.store.db.query` reads the store
through ``con.cursor()``. Those cursors are closed with the connection, before the detach.
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


def _switched(alias: str) -> duckdb.DuckDBPyConnection:
    """A cursor of the process's in-memory instance whose tables are those of ``alias``."""
    cur = _host_cursor()
    try:
        cur.execute(f"USE {alias}")
    except BaseException:
        cur.close()
        raise
    return cur


class _Attached:
    """The connection of an attached store: a cursor switched to the file, whose own
    ``cursor()`` is switched too (a plain cursor of it would start in the in-memory database
    and find none of the store's tables). Everything else is the cursor's own (``execute``
    called on it directly, so DuckDB still finds the caller's frames by name)."""

    def __init__(self, alias: str) -> None:
        self._alias = alias
        self._con = _switched(alias)
        self._cursors: list[duckdb.DuckDBPyConnection] = []

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = _switched(self._alias)
        self._cursors.append(cur)
        return cur

    def close(self) -> None:
        """Close the cursors handed out, then the connection (ending a transaction left
        open)."""
        for cur in self._cursors:
            cur.close()
        self._con.close()

    def __getattr__(self, name: str):
        return getattr(self._con, name)


def _attached(path: Path, alias: str) -> duckdb.DuckDBPyConnection:
    """A connection whose tables are those of ``path`` (``ATTACH``, then ``USE``): cursors of
    the process's in-memory instance, so no DuckDB instance is built for it."""
    cur = _host_cursor()
    try:
        cur.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {alias}")
    finally:
        cur.close()
    try:
        return _Attached(alias)  # type: ignore[return-value] (a connection's interface)
    except BaseException:
        _detach(None, alias)  # attached before the USE failed: not left attached
        raise


def _detach(con: _Attached | None, alias: str) -> None:
    """Close what :func:`_attached` opened: its cursors first (which ends a transaction left
    open), then the file is written out and unlocked."""
    if con is not None:
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
    refused: Callable[[Path, BaseException], BaseException] | None = None,
) -> duckdb.DuckDBPyConnection:
    old = os.umask(0o077)  # DuckDB creates a missing file: with the owner's permissions only
    try:
        con = connect(path)
    except (duckdb.Error, OSError) as exc:
        if refused is None:
            raise
        raise refused(path, exc) from exc
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
    refused: Callable[[Path, BaseException], BaseException] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``path`` opened read-write under ``<path>.lock`` (folder and file created if missing,
    mode 0600); the connection is closed and the lock released when the block ends.
    ``attached``: the file is attached to the process's in-memory DuckDB instead of opened
    with ``connect`` (see above). ``refused``: the exception to raise instead of DuckDB's (or
    the OS's) when the file cannot be opened (the user's words for it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.held(f"{path}.lock", on_wait=on_wait):
        close: Callable[[duckdb.DuckDBPyConnection], None] = lambda c: c.close()  # noqa: E731
        if attached:
            alias = f"side_{next(_aliases)}"
            connect = lambda p: _attached(p, alias)  # noqa: E731
            close = lambda c: _detach(c, alias)  # noqa: E731
        con = _connect_private(path, connect, close, refused)
        try:
            yield con
        finally:
            close(con)
