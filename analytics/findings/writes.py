"""Every change of a database goes through :func:`writing`: the store's one writer
(:func:`analytics.store.access.writing`: a lock, a private copy, an atomic rename) plus the
findings layer's rule that a write leaves the stored results current.

Why here and not in the store: only the findings layer knows whether stored results are stale
(:mod:`analytics.findings.stored`) and how to compute them (:mod:`analytics.findings.materialise`).

What an interrupted write leaves: nothing in the database (the copy it worked on is thrown
away, and the next writer removes it with any spill folder). What may still be stale on open:
stored results of a database written by an earlier version that was killed during its
post-import computation, or of a database whose results the running code computes differently.
A write that opens such a database refreshes them before it ends, unless its own work already
did; :func:`refresh_database` does it on demand (``python -m analytics refresh``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from analytics.findings import materialise, stored
from analytics.store import access, removal

__all__ = ["delete_import", "refresh_database", "writing"]


def _stale(con: duckdb.DuckDBPyConnection) -> bool:
    """:func:`stored.stale` on a cursor of its own (a result it leaves unread would otherwise
    block the next statement on ``con``)."""
    cur = con.cursor()
    try:
        return stored.stale(cur)
    finally:
        cur.close()


class _Unchanged(Exception):
    """Raised inside a write that found nothing to do: the copy is thrown away."""


@contextlib.contextmanager
def writing(
    path: str | Path,
    on_wait: Callable[[], None] | None = None,
    memory_limit: str | None = None,
    on_refresh: Callable[[], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one write (see :func:`analytics.store.access.writing`);
    when the stored results were stale as opened and the block did not refresh them, they are
    refreshed before the write is committed (``on_refresh`` is called first, for a message)."""
    with access.writing(path, on_wait=on_wait, memory_limit=memory_limit) as con:
        was_stale = _stale(con)
        yield con
        if was_stale and _stale(con):
            if on_refresh is not None:
                on_refresh()
            materialise.refresh(con)


def refresh_database(
    path: str | Path,
    on_wait: Callable[[], None] | None = None,
    on_refresh: Callable[[], None] | None = None,
    memory_limit: str | None = None,
) -> bool:
    """Finish what an interrupted write left: remove leftover work files and spill folders
    and refresh stale stored results. Returns whether a refresh ran; when none was needed the
    database file is left untouched (no copy, no new file for the readers to reopen)."""
    path = Path(path).absolute()
    if not path.is_dir() and not path.exists():
        raise access.DatabaseProblem("missing", file=str(path))
    access.clean(path, on_wait=on_wait)
    con, _ = access.connect_reader(path)
    try:
        if not _stale(con):
            return False
    finally:
        con.close()
    try:
        with access.writing(path, on_wait=on_wait, memory_limit=memory_limit) as con:
            if not _stale(con):  # another writer refreshed it meanwhile
                raise _Unchanged
            if on_refresh is not None:
                on_refresh()
            materialise.refresh(con)
    except _Unchanged:
        return False
    return True


def delete_import(
    path: str | Path,
    import_id: str,
    on_wait: Callable[[], None] | None = None,
    on_refresh: Callable[[], None] | None = None,
) -> removal.Removed:
    """Remove one import's data from the database at ``path``
    (:func:`analytics.store.removal.remove_import`: the log line and the quarantine stay) and
    refresh the stored results, in one write: a failure anywhere (the removal, the refresh)
    leaves the database as it was, and readers see the old file or the new one, never a half.
    Raises :class:`analytics.store.removal.ImportMissing` for an unknown or deleted import."""
    path = Path(path).absolute()
    if not path.exists():
        raise access.DatabaseProblem("missing", file=str(path))
    with access.writing(path, on_wait=on_wait) as con:
        removed = removal.remove_import(con, import_id)
        if on_refresh is not None:
            on_refresh()
        materialise.refresh(con)
    return removed
