"""Where calibration sessions are kept: a small DuckDB file of their own beside the dataset's
database (``data/perflens.duckdb`` -> ``data/perflens.calibration.duckdb``,
``datasets/acme.duckdb`` -> ``datasets/acme.calibration.duckdb``), with the tables
``CAL_SESSIONS``, ``CAL_GRADES`` and ``CAL_AUDIT`` of :mod:`analytics.schema`.

Why not in the dataset's database: that file is only ever replaced as a whole
(:mod:`analytics.store.access` copies it, changes the copy and renames it over the file, about a
second per GB), so a move in a meeting paid a copy of every rating of the dataset (0.4-0.6 s on
the 58 MB demo file when the machine is quiet, 2-5 s when it is loaded). Here a move is one
transaction in a file of a few hundred kilobytes.

How it is shared: the same way as the access log (:mod:`analytics.store.accesslog`). DuckDB
locks a file per process, so nobody keeps it open: every read and every change takes an OS
lock (``<file>.lock``, ``flock``; a second user waits, and is told so through ``on_wait``),
attaches the file to the process's in-memory DuckDB instance and detaches it (written out,
closed, unlocked) when done (:func:`analytics.store.sidestore.opened`, ``attached``: about 2 ms
of CPU, where a connection of its own built a DuckDB instance, 20-30 ms, per read). A change is one DuckDB transaction: committed to
DuckDB's write-ahead log before :func:`opened` returns, rolled back on any exception, so a crash
at any point leaves every confirmed change and nothing of an unconfirmed one. The file and its
lock are created readable and writable by their owner only (mode 0600).

Sessions written by an earlier version, inside the dataset's database: copied here, in one
transaction, the first time the store is opened (``meta`` row ``legacy_sessions``: how many
were copied, so it happens once). The old tables stay in the dataset's file as they were (a
read-only copy of the past; nothing reads them again).

A store written before the audit's ``change_seq`` (which rows were saved together, so that
undo takes a whole save back: two people moved at once were undone one at a time): the
column is added and filled, in one transaction, the first time the store is opened (``meta``
row ``audit_change_seq``: how many rows were filled, so it happens once). The rows of one save
were written with the same author, action and time and consecutive seqs, so each run of such
rows is one change (:data:`CHANGE_RUNS`); no recorded value is changed.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from analytics import schema as S
from analytics.store import access, db, filelock, sidestore

__all__ = [
    "ARCHIVED",
    "CHANGE_SEQ",
    "MIGRATED",
    "TABLES",
    "archive",
    "kept",
    "opened",
    "store_path",
]

#: the tables of the store
TABLES: tuple[S.Table, ...] = S.CAL_TABLES
#: the ``meta`` key saying the sessions of the dataset's database were copied (and how many)
MIGRATED = "legacy_sessions"
#: the ``meta`` key saying the audit's ``change_seq`` was added and filled (how many rows)
CHANGE_SEQ = "audit_change_seq"
#: the rows of the audit written before ``change_seq`` with the first seq of their change: a
#: change is a run of rows (by seq, within a session) of the same action, author and time
CHANGE_RUNS = """
SELECT session_id, seq, first_value(seq) OVER (PARTITION BY session_id, run ORDER BY seq) AS first
FROM (
    SELECT session_id, seq, sum(new) OVER (PARTITION BY session_id ORDER BY seq) AS run
    FROM (
        SELECT session_id, seq, CASE WHEN lag(action) OVER w IS NOT DISTINCT FROM action
            AND lag(author) OVER w IS NOT DISTINCT FROM author
            AND lag("at") OVER w IS NOT DISTINCT FROM "at" THEN 0 ELSE 1 END AS new
        FROM {audit} WINDOW w AS (PARTITION BY session_id ORDER BY seq)
    )
)
"""
#: the store's name in a deleted dataset's archive folder
ARCHIVED = "calibration.duckdb"


def store_path(dataset_db: str | Path) -> Path:
    """``data/perflens.duckdb`` -> ``data/perflens.calibration.duckdb`` (a dataset's key has
    no dot, so no dataset's own file can be called that)."""
    p = Path(dataset_db).absolute()
    return p.with_name(p.stem + ".calibration.duckdb")


#: the connection :func:`kept` holds on this thread: (store path, connection)
_held = threading.local()


@contextlib.contextmanager
def opened(
    dataset_db: str | Path, on_wait: Callable[[], None] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The sessions' database of ``dataset_db`` under its lock (created with its tables when
    there is none; the sessions of an earlier version copied in once). The caller wraps a
    change in :func:`analytics.store.db.transaction`. Inside :func:`kept` on this thread,
    the connection it holds."""
    path = store_path(dataset_db)
    held = getattr(_held, "store", None)
    if held is not None and held[0] == path:
        yield held[1]
        return
    with sidestore.opened(path, on_wait=on_wait, attached=True, refused=access.problem) as con:
        db.create_tables(con, (*TABLES, S.META))
        _migrate(con, Path(dataset_db).absolute())
        _change_seq(con)
        yield con


@contextlib.contextmanager
def kept(dataset_db: str | Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """One connection (and one hold of the lock) for every :func:`opened` of this thread in
    the block: a page's few reads in a row (the meeting's sessions list, the session, its
    overlaps) open the store once instead of once each (an attach and a detach, which writes
    the file out, each); the lock is held for the block, so keep it to reads that
    follow each other (other users' changes wait that long)."""
    if getattr(_held, "store", None) is not None:  # nested: the outer block's connection
        yield
        return
    with opened(dataset_db, on_wait) as con:
        _held.store = (store_path(dataset_db), con)
        try:
            yield
        finally:
            _held.store = None


def _migrate(con: duckdb.DuckDBPyConnection, dataset_db: Path) -> None:
    """Copy the sessions an earlier version kept in the dataset's database (once)."""
    meta = db.q(S.META.name)
    if con.execute(f"SELECT 1 FROM {meta} WHERE key = $k", {"k": MIGRATED}).fetchone():
        return
    frames: list = []
    if dataset_db.exists():
        reader, _ = access.connect_reader(dataset_db)
        try:
            have = {
                r[0] for r in reader.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            }
            for table in TABLES:
                if table.name in have:
                    frames.append((table, db.read_table(reader, table)))
        finally:
            reader.close()
    n = 0
    with db.transaction(con):
        for table, frame in frames:
            if frame.is_empty():
                continue
            rows = table.conform(frame)  # noqa: F841 (read by name in the SQL below)
            cols = ", ".join(db.q(c) for c in table.names)
            con.execute(f"INSERT INTO {db.q(table.name)} ({cols}) SELECT {cols} FROM rows")
            n += frame.height if table is S.CAL_SESSIONS else 0
        con.execute(f"INSERT INTO {meta} VALUES ($k, $v)", {"k": MIGRATED, "v": str(n)})


def _change_seq(con: duckdb.DuckDBPyConnection) -> None:
    """Add the audit's ``change_seq`` to a store written before it and fill it (once): each
    row gets the first seq of its run (:data:`CHANGE_RUNS`). A new store has the column from
    :func:`~analytics.store.db.create_tables` and nothing to fill."""
    meta, audit = db.q(S.META.name), db.q(S.CAL_AUDIT.name)
    if con.execute(f"SELECT 1 FROM {meta} WHERE key = $k", {"k": CHANGE_SEQ}).fetchone():
        return
    with db.transaction(con):
        con.execute(f"ALTER TABLE {audit} ADD COLUMN IF NOT EXISTS change_seq BIGINT")
        (n,) = con.execute(
            f"UPDATE {audit} a SET change_seq = r.first FROM ({CHANGE_RUNS.format(audit=audit)}) r "
            "WHERE a.session_id = r.session_id AND a.seq = r.seq AND a.change_seq IS NULL"
        ).fetchone()
        con.execute(f"INSERT INTO {meta} VALUES ($k, $v)", {"k": CHANGE_SEQ, "v": str(n)})


def archive(dataset_db: str | Path, folder: Path) -> Path | None:
    """Move the sessions' file of a dataset being deleted into ``folder`` (its archive), under
    the store's lock; None when it had none."""
    path = store_path(dataset_db)
    path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.held(f"{path}.lock"):
        if not path.exists():
            return None
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / ARCHIVED
        wal = Path(f"{path}.wal")  # left by a process killed with the file open: moved along
        if wal.exists():
            os.replace(wal, f"{target}.wal")
        os.replace(path, target)
        return target
