"""How readers and writers share one database file, across processes.

DuckDB locks a database file per process: while one process holds it read-write, no other
process can open it at all, not even read-only. So nothing writes the database file in place:

- **One writer at a time** (:func:`writing`): it takes an OS lock on ``<db>.lock`` (``flock``:
  a second writer, in this process or another, waits, and is told so through ``on_wait``),
  copies the database to a work file beside it (``<db>.writing-<pid>-<n>``), opens the copy
  read-write, lets the caller do the work, checkpoints, closes it and renames it over the
  database. The rename is atomic: a reader opens the old file or the new one, never half of
  either, and a writer killed at any point leaves the database as it was. Opening the lock also
  removes what a killed writer or reader left behind (work files, DuckDB spill folders).
- **Readers** (:func:`connect_reader`) open read-only connections, which never block a writer
  (it writes another file). A reader sees the file as it was when it opened it; to see a later
  write it opens again when :func:`identity` of the path changed. It opens through a hard link
  with a name of its own, so that DuckDB's per-process cache of open databases (keyed by path)
  hands it the new file and not the one still open from before. The instance is kept while
  the file is the same one (a DuckDB instance costs 20-50 ms of CPU to open) and each reader
  gets a cursor of it.

The copy costs about a second per GB (the page cache usually holds the file): measured in
docs/architecture.md.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import fcntl
import itertools
import os
import shutil
import struct
import sys
import threading
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import TypeVar

import duckdb

from analytics.store import db, filelock
from analytics.text.render import render

__all__ = [
    "DatabaseProblem",
    "clean",
    "connect_reader",
    "exclusive",
    "identity",
    "interrupt_writers",
    "leftovers",
    "open_checked",
    "problem",
    "read_once",
    "remove_leftovers",
    "writing",
]

T = TypeVar("T")

LOCK_SUFFIX = ".lock"
WORK_MARK = ".writing-"
READ_MARK = ".read-"

_counter = itertools.count()
_counter_lock = threading.Lock()


class DatabaseProblem(Exception):
    """The database file cannot be used as asked: a code of the ``db.`` catalogue family with
    its parameters, worded in the user's language by :meth:`message`."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(f"db.{code}", "en", **params))

    def message(self, lang: str) -> str:
        return render(f"db.{self.code}", lang, **self.params)


def _next() -> int:
    with _counter_lock:
        return next(_counter)


def identity(path: str | Path) -> tuple[int, int, int, int] | None:
    """What changes whenever a writer replaced the file (device, inode, mtime, size); None
    when there is no file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


def problem(path: Path, exc: BaseException) -> DatabaseProblem:
    """The user's words for DuckDB's (or the OS's) refusal to open ``path`` (by a connect or
    an ATTACH: the calibration store's, :mod:`analytics.store.calstore`)."""
    text = str(exc)
    if path.is_dir():
        return DatabaseProblem("is_directory", file=str(path))
    if "Could not set lock" in text or "Conflicting lock" in text:
        return DatabaseProblem("locked", file=str(path))
    if "newer" in text.lower() and "version" in text.lower():
        return DatabaseProblem("newer_format", file=str(path))
    if isinstance(exc, PermissionError) or "Permission denied" in text:
        return DatabaseProblem("no_access", file=str(path), detail=_os_words(exc))
    return DatabaseProblem("not_a_database", file=str(path))


def _os_words(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).splitlines()[0][:120]


def open_checked(path: str | Path, read_only: bool, config: dict | None = None):
    """``duckdb.connect`` with DuckDB's and the OS's errors turned into a
    :class:`DatabaseProblem` that names the file and what to do."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseProblem("is_directory", file=str(path))
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config or {})
    except (duckdb.Error, OSError) as exc:
        raise problem(path, exc) from exc


# --------------------------------------------------------------------------------------------
# readers
# --------------------------------------------------------------------------------------------
def _spill(path: Path, n: int) -> str:
    """A reader's DuckDB spill folder: one per connection (DuckDB removes the folder it made
    when that connection's database closes, which must not take another's files with it),
    named with the process id so that :func:`remove_leftovers` removes only those of
    processes that are gone."""
    return f"{path}{READ_MARK}{os.getpid()}-{n}.tmp"


#: read-only connections kept for :func:`connect_reader`, newest last:
#: (pid, path, file identity, memory limit) -> connection
_KEPT: collections.OrderedDict[tuple, duckdb.DuckDBPyConnection] = collections.OrderedDict()
_kept_lock = threading.Lock()
#: how many files' connections :func:`connect_reader` keeps (the dashboard's dataset, the
#: calibration store's, a CLI's): each holds its DuckDB instance and the file open
READERS_KEPT = 4
#: a file larger than this is opened anew for each read, as before: a kept instance keeps the
#: blocks its queries read cached (up to its memory limit) until it is let go, which at 40M
#: ratings would be gigabytes beside the dashboard's own reader, to save 20-50 ms against
#: queries of seconds; the small files (a dataset of thousands of people, the calibration
#: store) are the ones read again and again for quick answers
KEEP_MAX_BYTES = 512 * 2**20


def connect_reader(
    path: str | Path, memory_limit: str | None = None
) -> tuple[duckdb.DuckDBPyConnection, tuple | None]:
    """A read-only connection to the database as it is now, and the file's :func:`identity`
    at that moment. Never creates a file: a missing database is a :class:`DatabaseProblem`.

    The connection is a cursor of one kept per file while the file is the same one (its
    :func:`identity`): each new DuckDB instance costs 20-50 ms of CPU (its built-in catalog,
    then the file's), paid before on every read of an unchanged file (the calibration pages
    and functions, the CLI read several times per click or step). Closing the cursor leaves
    the kept connection open; a write replaces the file (a new identity), so the next call
    opens the new file, and the old one is let go (:func:`_prune`): its cursors still in use
    keep reading the file as it was until they close. A file above :data:`KEEP_MAX_BYTES` is
    opened anew for each read, as before."""
    path = Path(path).absolute()
    if Path(f"{path}.wal").exists():  # read every time: its identity need not change
        return _open_reader(path, memory_limit, keep=False)
    ident = identity(path)
    if ident is not None and ident[3] > KEEP_MAX_BYTES:
        return _open_reader(path, memory_limit, keep=False)
    with _kept_lock:
        _prune_locked()
        kept = _KEPT.get((os.getpid(), str(path), ident, memory_limit))
        if kept is not None:
            _KEPT.move_to_end((os.getpid(), str(path), ident, memory_limit))
            return kept.cursor(), ident
    con, opened = _open_reader(path, memory_limit, keep=True)
    if opened is None:  # opened in place (no link): not kept, see _open_reader
        return con, identity(path)
    with _kept_lock:
        wanted = (os.getpid(), str(path), opened, memory_limit)
        if wanted in _KEPT:  # another thread opened it meanwhile: its own is let go
            con.close()
        else:
            _KEPT[wanted] = con
            while len(_KEPT) > READERS_KEPT:
                _KEPT.popitem(last=False)  # dropped, not closed: cursors may be in use
        _KEPT.move_to_end(wanted)
        return _KEPT[wanted].cursor(), opened


def _prune_locked() -> None:
    """Let go of kept connections whose file was replaced or removed since (a write, a
    deleted dataset) or that a forked parent opened: dropped, not closed (a cursor in use
    keeps its instance, and the file, until it closes), so that no file is held for long."""
    pid = os.getpid()
    for key in [k for k in _KEPT if k[0] != pid or identity(k[1]) != k[2]]:
        del _KEPT[key]


def _prune() -> None:
    with _kept_lock:
        _prune_locked()


@atexit.register
def _drop_kept() -> None:
    """Drop the kept connections at the process's end: left to the interpreter's end, they
    outlived DuckDB's bindings ("nanobind: leaked ... DuckDBPyConnection", left30 item 7).
    Dropped rather than closed: a background thread's cursor may still read through one."""
    with _kept_lock:
        _KEPT.clear()


def _open_reader(
    path: Path, memory_limit: str | None, keep: bool
) -> tuple[duckdb.DuckDBPyConnection, tuple | None]:
    """A new DuckDB instance reading ``path`` (absolute), and the identity of the file it
    opened. Opened through a hard link of its own (removed at once; the connection keeps the
    file open), so that a later call after a writer replaced the file opens the new file even
    while connections to the old one are still in use in this process. With ``keep``, a
    connection opened through the path itself answers None for its identity: DuckDB's
    per-process cache of instances (keyed by path) would hand that same instance to a later
    open of the path, so it must not be kept past its use."""
    if path.is_dir():
        raise DatabaseProblem("is_directory", file=str(path))
    if not path.exists():
        raise DatabaseProblem("missing", file=str(path))
    n = _next()
    config = {"temp_directory": _spill(path, n)}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if Path(f"{path}.wal").exists():  # written in place by an earlier version: DuckDB reads
        ident = identity(path)  # its log on open, which a link of another name would miss
        return open_checked(path, True, config), None if keep else ident
    link = path.with_name(f"{path.name}{READ_MARK}{os.getpid()}-{n}")
    try:
        os.link(path, link)
    except OSError:  # a folder the reader may not write: the path itself (no pick-up of
        ident = identity(path)  # a later write while this process keeps it open)
        return open_checked(path, True, config), None if keep else ident
    try:
        ident = identity(link)
        con = open_checked(link, True, config)
    except DatabaseProblem as exc:  # named by the database's own path, not the link's
        raise DatabaseProblem(exc.code, **(exc.params | {"file": str(path)})) from exc
    finally:
        link.unlink(missing_ok=True)
    return con, ident


#: :func:`read_once`'s answers, newest last: (path, file identity, key) -> value
_READ: collections.OrderedDict[tuple, object] = collections.OrderedDict()
_read_lock = threading.Lock()
#: how many answers :func:`read_once` keeps (small frames of one session's people each)
READ_KEPT = 64


def read_once(path: str | Path, key: Hashable, read: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """``read(con)`` on a reader of the database at ``path`` (:func:`connect_reader`),
    answered again without opening the file while the file is the same one (its
    :func:`identity`) and ``key`` names the same question. Why: every write replaces the
    file (a new inode), so an answer read from it holds until then; and each reader opened
    costs 20-50 ms of CPU (DuckDB's catalog), paid on every run of the meeting page for
    the same session's names, scores and original rows. A file with a write-ahead log
    beside it (written in place by an earlier version) is read every time: its identity
    need not change with a write. ``read`` must return a value nobody changes (a frame)."""
    path = Path(path).absolute()
    ident = None if Path(f"{path}.wal").exists() else identity(path)
    wanted = (str(path), ident, key)
    if ident is not None:
        with _read_lock:
            if wanted in _READ:
                _READ.move_to_end(wanted)
                return _READ[wanted]  # type: ignore[return-value]
    con, opened = connect_reader(path)
    try:
        value = read(con)
    finally:
        con.close()
    if ident is not None and opened == ident:  # the file read is the one the key names
        with _read_lock:
            _READ[wanted] = value
            while len(_READ) > READ_KEPT:
                _READ.popitem(last=False)
    return value


# --------------------------------------------------------------------------------------------
# the writer
# --------------------------------------------------------------------------------------------
#: ``struct flock`` of Linux (x86-64, arm64): l_type, l_whence, l_start, l_len, l_pid
_FLOCK = "hhqqi4x"


def _held_for_writing(path: Path) -> bool:
    """Whether another process holds ``path`` open read-write with DuckDB (which then refuses
    every other process, even a reader). Asked of the OS (``F_GETLK``: is there a lock that a
    reader's shared lock would conflict with; DuckDB locks its file with ``fcntl``), not by
    opening the file read-only with DuckDB, which answered the same by failing and cost a
    DuckDB instance, about 30 ms of CPU, at every write. A file this process cannot open is
    left to the copy, which says what is wrong with it. Off Linux (``struct flock`` is laid
    out differently on macOS) DuckDB is asked, as before: a held file refuses the reader."""
    if sys.platform != "linux":
        # DatabaseProblem("locked") when another holds it (a new instance: a kept one says
        _open_reader(path, None, keep=False)[0].close()  # nothing of what happened since)
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        asked = struct.pack(_FLOCK, fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0)
        return struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, asked))[0] != fcntl.F_UNLCK
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftovers(path: str | Path) -> list[Path]:
    """What killed writers and readers of ``path`` left beside it: work copies with their
    logs and spill folders, DuckDB's spill folder of a writer of an earlier version
    (``<db>.tmp``), and read links and spill folders of processes that are gone. Only
    meaningful while holding the write lock (a live writer's work file looks the same)."""
    path = Path(path).absolute()
    out = []
    legacy = Path(f"{path}.tmp")
    if legacy.exists():
        out.append(legacy)
    for p in path.parent.glob(f"{glob_escape(path.name)}.*"):
        rest = p.name[len(path.name) :]
        if rest.startswith(WORK_MARK):
            out.append(p)
        elif rest.startswith(READ_MARK):
            pid = rest[len(READ_MARK) :].split("-", 1)[0].split(".", 1)[0]
            if pid.isdigit() and not _pid_alive(int(pid)):
                out.append(p)
    return sorted(out)


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def remove_leftovers(path: str | Path) -> list[Path]:
    """Remove :func:`leftovers` (call under the write lock); returns what was removed."""
    gone = leftovers(path)
    for p in gone:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    return gone


@contextlib.contextmanager
def _exclusive(path: Path, on_wait: Callable[[], None] | None) -> Iterator[None]:
    lock = Path(f"{path}{LOCK_SUFFIX}")
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(filelock.held(lock, mode=0o666, on_wait=on_wait))
        except OSError as exc:
            raise DatabaseProblem("no_access", file=str(path), detail=_os_words(exc)) from exc
        try:
            yield
        finally:  # the file written or removed: its kept reader let go now, not at the next
            _prune()  # read (a deleted dataset's file would stay held until then)


def exclusive(
    path: str | Path, on_wait: Callable[[], None] | None = None
) -> contextlib.AbstractContextManager[None]:
    """The database's write lock for a block that changes the file without writing it (the
    removal of a deleted dataset): no writer is at work meanwhile."""
    return _exclusive(Path(path).absolute(), on_wait)


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_work(work: Path) -> None:
    for p in (work, Path(f"{work}.wal")):
        p.unlink(missing_ok=True)
    shutil.rmtree(f"{work}.tmp", ignore_errors=True)


def clean(path: str | Path, on_wait: Callable[[], None] | None = None) -> list[Path]:
    """Take the write lock (waiting for a writer at work) and remove :func:`leftovers`."""
    path = Path(path).absolute()
    if path.is_dir():
        raise DatabaseProblem("is_directory", file=str(path))
    if not path.parent.is_dir():
        return []
    with _exclusive(path, on_wait):
        return remove_leftovers(path)


#: the read-write connections open in this process (:func:`writing`)
_WRITERS: set[duckdb.DuckDBPyConnection] = set()


def interrupt_writers() -> int:
    """Interrupt the query each open write is running (its block then raises and its copy is
    thrown away: the file keeps what it had); the number of writes open. For the end of a
    process whose background refresh is still writing: left running, its connection outlived
    DuckDB's bindings ("nanobind: leaked ... DuckDBPyConnection", left30 item 7)."""
    open_now = list(_WRITERS)
    for con in open_now:
        with contextlib.suppress(Exception):  # closed meanwhile
            con.interrupt()
    return len(open_now)


@contextlib.contextmanager
def writing(
    path: str | Path,
    on_wait: Callable[[], None] | None = None,
    memory_limit: str | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one way to change a database file: a read-write connection to a private copy,
    which replaces the file atomically when the block ends without an exception (and is
    thrown away when it raises). Writers take turns (``on_wait`` is called once when this one
    must wait for another); readers are never blocked. Creates the file (and its folder) when
    there is none, with every canonical table."""
    path = Path(path).absolute()
    if path.is_dir():
        raise DatabaseProblem("is_directory", file=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseProblem("no_access", file=str(path), detail=_os_words(exc)) from exc
    with _exclusive(path, on_wait):
        remove_leftovers(path)
        if path.exists() and _held_for_writing(path):  # a program that opened the file
            # directly (an earlier version's dashboard) would keep writing the old file:
            raise DatabaseProblem("locked", file=str(path))  # refused with a message instead
        work = path.with_name(f"{path.name}{WORK_MARK}{os.getpid()}-{_next()}")
        wal = Path(f"{path}.wal")
        try:
            if path.exists():  # the copy (the next database) is the service account's only,
                # whatever the process's umask: created 0600 before a byte is copied into it
                os.close(os.open(work, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
                shutil.copyfile(path, work)
            if wal.exists():  # written in place by an earlier version: fold its log in
                shutil.copyfile(wal, f"{work}.wal")
        except OSError as exc:
            _remove_work(work)
            raise DatabaseProblem("no_access", file=str(path), detail=_os_words(exc)) from exc
        config = {"memory_limit": memory_limit} if memory_limit else {}
        try:
            con = open_checked(work, False, config)
            os.chmod(work, 0o600)  # a new database: DuckDB created the file
            db.ensure_schema(con)
        except DatabaseProblem as exc:
            _remove_work(work)
            raise DatabaseProblem(exc.code, **(exc.params | {"file": str(path)})) from exc
        except BaseException:
            _remove_work(work)
            raise
        done = False
        _WRITERS.add(con)
        try:
            yield con
            con.execute("CHECKPOINT")
            done = True
        finally:
            _WRITERS.discard(con)
            con.close()
            if not done:
                _remove_work(work)
        try:  # interrupted before the rename (Ctrl-C, a full disk): the copy goes too
            _fsync(work)
            os.replace(work, path)
        except BaseException:
            _remove_work(work)
            raise
        wal.unlink(missing_ok=True)
        _fsync(path.parent, directory=True)
        _remove_work(work)
