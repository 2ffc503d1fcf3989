"""A small DuckDB file beside a dataset (calibration sessions, appeals, the access log): opened
under its own OS lock, created readable by the service account only.

Why one place: three stores each created their file under a temporary umask and chmod-ed it
to 0600 (docs/security.md, data at rest); one forgotten copy would leave a world-readable file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from analytics.store import filelock

__all__ = ["opened"]


def _connect_private(
    path: Path, connect: Callable[[Path], duckdb.DuckDBPyConnection]
) -> duckdb.DuckDBPyConnection:
    old = os.umask(0o077)  # DuckDB creates a missing file: with the owner's permissions only
    try:
        con = connect(path)
    finally:
        os.umask(old)
    try:
        os.chmod(path, 0o600)
    except OSError:
        con.close()
        raise
    return con


@contextlib.contextmanager
def opened(
    path: str | Path,
    *,
    connect: Callable[[Path], duckdb.DuckDBPyConnection] = lambda p: duckdb.connect(str(p)),
    on_wait: Callable[[], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``path`` opened read-write under ``<path>.lock`` (folder and file created if missing,
    mode 0600); the connection is closed and the lock released when the block ends."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.held(f"{path}.lock", on_wait=on_wait):
        con = _connect_private(path, connect)
        try:
            yield con
        finally:
            con.close()
