"""Cached database access for the pages.

One read-only DuckDB connection per process and database file (``st.cache_resource``), with a
memory limit (see :func:`memory_limit`); each query runs on its own cursor. The dashboard never
holds the database for writing: a CLI import, another dashboard or the Data page write through
the one writer (:mod:`analytics.findings.writes`: a private copy renamed over the file), and
:func:`connection` opens the new file when a writer replaced it (its identity changed), so the
next page run shows the new data; a query in flight finishes on the file it started on. A scope's frames are read lazily
(:mod:`analytics.findings.lazyscope`): the company scope's sections come from the tables stored at import
(no rating row is read), a department's rows are filtered in DuckDB. The scope objects are shared
by every session (``st.cache_resource``, keyed on the scope and the data version) so their memo
of intermediate results is reused across sections; section results (and the whole report's
findings, the roster's names) are kept keyed on the scope and the data version, which every
import changes, so moving between pages is instant and a new import is never shown stale. They
are kept as objects shared by every session (``st.cache_resource``), not as ``st.cache_data``'s
pickles: a ``cache_data`` hit unpickles its value, a copy of every row, on every page run
(session 20 at 10M ratings: 0.2-0.45 CPU s of a warm load, the Calibration page's whole report
93% of its run; at 40M four times that). Polars frames are not changed in place here, and a
``Findings`` is only read once built.

Stored parts that no longer match the running code (a method's version, its parameters or its
source changed: :mod:`analytics.findings.methods`) are never shown: the cache key
(:func:`version`) carries a code version beside the data version, so every section is computed
anew, and :func:`store_status` refreshes the store in the background (one thread per database,
through the one writer), while the sidebar shows a notice.

Who is looking (:func:`ui.auth.current_viewer`) bounds every answer here: each function that
returns data goes through the viewer's :class:`~analytics.findings.visibility.View` (:func:`view`):
a scope is clipped to the viewer's reach before it is read (a department outside it raises
:class:`~analytics.findings.visibility.OutOfScope`), rows about people outside it are dropped,
peer raters stay anonymous, and an analyst's ids are hashed. The pages cannot ask around it.

The findings modules are imported inside the functions that use them, for import cost: they
load SciPy and the statistics, which the server's start and the first page need not wait for.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import os
import re
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from analytics import runtime
from analytics import schema as S
from analytics.findings import methods, stored
from analytics.findings.names import known_names
from analytics.findings.scope import Scope, ScopeData, filter_options, overview_counts
from analytics.findings.visibility import (
    OutOfScope,
    View,
    off_roster_pairs,
    unit_sizes,
    view_for,
)
from analytics.store import access, db
from ui import runmemo
from ui.auth import current_viewer
from ui.memo import Memo

__all__ = [
    "MEMORY_ENV",
    "OutOfScope",
    "clear",
    "connection",
    "dataset_log",
    "db_path",
    "derived",
    "findings",
    "has_data",
    "in_quiet",
    "in_run",
    "largest_movers",
    "later_reads",
    "memory_limit",
    "names",
    "on_dataset",
    "options",
    "overview",
    "people",
    "person",
    "person_rows",
    "quarantined",
    "reader",
    "report_bytes",
    "scope_data",
    "section",
    "section_columns",
    "section_rows",
    "signed_grades",
    "small_scope",
    "store_status",
    "table",
    "version",
    "view",
    "wait_for_refresh",
    "warm",
    "writing",
]

#: DuckDB memory limit of the dashboard's connection: a share of RAM ("25%" or "0.25"), a DuckDB
#: size ("4GB", "512MiB"), or "default" for DuckDB's own default (80% of RAM)
MEMORY_ENV = "PERFLENS_DUCKDB_MEMORY"
DEFAULT_MEMORY_SHARE = 0.25
_SIZE = re.compile(r"^\s*(\d+(\.\d+)?)\s*([KMGT]i?B|B)\s*$", re.IGNORECASE)


#: the dataset file of work run outside a session (:func:`on_dataset`), per thread
_outside = threading.local()


def db_path() -> str:
    """The database file of the session's dataset (:mod:`ui.datasets`): every read of the
    pages goes through it, so a page never mixes two datasets. On a thread of
    :func:`on_dataset`'s work: the file it was given."""
    path = getattr(_outside, "path", None)
    if path is not None:
        return path
    from ui import datasets

    return str(datasets.current().file)


def on_dataset(path: str, work: Callable[[], object]) -> Callable[[], object]:
    """``work`` to run on another thread, reading the dataset file ``path`` wherever it would
    read the session's (:func:`db_path`). Why: a background thread has no session, and its
    dataset would be the default one, cached under the keys of the one given."""

    def run() -> object:
        _outside.path = path
        try:
            return work()
        finally:
            _outside.path = None

    return run


def _total_memory() -> int:
    """Physical RAM, or the cgroup's memory limit when that is lower (containers)."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as fh:
                raw = fh.read().strip()
        except OSError:
            continue
        if raw.isdigit() and 0 < int(raw) < total:
            total = int(raw)
    return total


def memory_limit(setting: str | None = None) -> str | None:
    """The DuckDB ``memory_limit`` for ``setting`` (default: the ``PERFLENS_DUCKDB_MEMORY``
    environment variable, else 25% of RAM); None keeps DuckDB's default. A share is at least
    512 MB. Raises ValueError on anything else."""
    raw = (os.environ.get(MEMORY_ENV, "") if setting is None else setting).strip()
    if not raw:
        share = DEFAULT_MEMORY_SHARE
    elif raw.lower() in ("default", "none"):
        return None
    elif _SIZE.match(raw):
        return raw.replace(" ", "")
    else:
        try:
            share = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
        except ValueError:
            raise ValueError(
                f"{MEMORY_ENV}={raw!r}: use a share of RAM (25% or 0.25), a size (4GB) or 'default'"
            ) from None
        if not 0 < share <= 1:
            raise ValueError(f"{MEMORY_ENV}={raw!r}: a share must lie in (0, 1]")
    return f"{max(512, int(_total_memory() * share / 2**20))}MB"


class _Reader:
    """The process's read-only connection to one database file, opened again (and the caches
    keyed anew, :func:`version`) when a writer replaced the file. A missing database, or one
    written by an earlier version whose tables are not all there, is first written once (an
    empty schema) through the writer."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.ident: tuple | None = None
        #: a connection was replaced since :func:`version` last looked
        self.replaced = False
        #: (file identity, data version) of the last file read: a read-only connection's data
        #: never changes (a writer replaces the file), so the query runs once per file
        self.versioned: tuple[tuple | None, str] | None = None
        _READERS.add(self)

    def get(self) -> duckdb.DuckDBPyConnection:
        if self.con is not None and access.identity(self.path) == self.ident:
            return self.con
        with self.lock:
            if self.con is None or access.identity(self.path) != self.ident:
                self._open()
        return self.con

    def data_version(self) -> str:
        """The data version of the file the connection reads (:func:`db.data_version`), read
        once per file: every page run asks for it a few dozen times (:func:`version`)."""
        self.get()
        with self.lock:
            con, ident, memo = self.con, self.ident, self.versioned
        if memo is not None and memo[0] == ident:
            return memo[1]
        value = db.data_version(con.cursor())
        self.versioned = (ident, value)
        return value

    def generation(self) -> str:
        """A short token of the file the connection reads."""
        self.get()
        return format(hash(self.ident) & 0xFFFFFFFF, "08x")

    def _open(self) -> None:
        if access.identity(self.path) is None:
            from ui import datasets

            here = Path(self.path).absolute()
            if here != Path(datasets.default_db()).absolute() and here not in {
                d.file for d in datasets.listing()
            }:  # a dataset deleted meanwhile is not written again
                raise access.DatabaseProblem("missing", file=self.path)
            with access.writing(self.path):
                pass
        con, ident = access.connect_reader(self.path, memory_limit())
        if not db.schema_current(con):
            con.close()
            with access.writing(self.path):  # an earlier version's database: tables added
                pass
            con, ident = access.connect_reader(self.path, memory_limit())
        # the connection before is left to the queries still using it (closed when unused)
        self.replaced = self.con is not None
        self.con, self.ident = con, ident


@st.cache_resource
def _reader(path: str) -> _Reader:
    return _Reader(path)


#: how long the end of the process waits for a background refresh it interrupted
END_WAIT_S = 10.0


def _end_refreshes() -> None:
    """Stop the background refreshes still running: their writes interrupted until their
    threads end (at most :data:`END_WAIT_S`); a refresh left running at the end of the process
    kept its connection past DuckDB's bindings (and may have ended it with "terminate called
    recursively", left30 item 7). What it had written is thrown away (access.writing)."""
    deadline = time.monotonic() + END_WAIT_S
    for r in list(_REFRESHERS):
        while r.running() and time.monotonic() < deadline:
            access.interrupt_writers()
            r.thread.join(0.05)


#: the process's readers, closed at its end (:func:`_close_readers`)
_READERS: weakref.WeakSet[_Reader] = weakref.WeakSet()


@atexit.register
def _close_readers() -> None:
    """Close the process's read-only connections and let the cache drop them before the
    interpreter ends: kept by ``st.cache_resource`` they outlived DuckDB's bindings, which
    said "nanobind: leaked 28 instances ... DuckDBPyConnection" at the end of a test run that
    opened a page (left30 item 7)."""
    _end_refreshes()
    if not runtime.end_background(END_WAIT_S):
        return  # a thread still reads through them: closing them under it would abort
    for r in list(_READERS):
        with r.lock:
            con, r.con = r.con, None
        if con is not None:
            con.close()
    # the scopes and sections kept for every session hold cursors of those connections
    with contextlib.suppress(Exception):  # the process is ending: nobody to tell
        st.cache_resource.clear()
    gc.collect()  # cursors in reference cycles (closures) too


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on the process's read-only connection to the database as last written (a
    connection is not thread-safe; cursors are)."""
    return _reader(db_path()).get().cursor()


def writing(on_wait=None, path: str | Path | None = None):
    """A write of the dashboard's database (or of the dataset file ``path``) through the one
    writer (waits for another writer, calling ``on_wait`` first), with the dashboard's DuckDB
    memory limit. Call :func:`clear` after it."""
    from analytics.findings.writes import writing as write  # import cost: the model fits

    return write(path or db_path(), on_wait=on_wait, memory_limit=memory_limit())


def reader(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A cursor on the process's read-only connection to the dataset file ``path`` (the Data
    page's list of every dataset's imports)."""
    return _reader(str(path)).get().cursor()


@st.cache_data(max_entries=32, show_spinner=False)
def dataset_log(path: str, generation: tuple | None) -> tuple[pl.DataFrame, int, int]:
    """A dataset's import log, its number of rating rows and of results (a person's final
    score or grade in a cycle: what a dataset of results only holds; ``generation``: the
    file's identity, so a write is shown at once)."""
    if generation is None:
        return S.IMPORTS.empty(), 0, 0
    con = reader(path)
    ratings = con.execute(f"SELECT count(*) FROM {db.q(S.REVIEW_ROWS.name)}").fetchone()[0]
    results = con.execute(f"SELECT count(*) FROM {db.q(S.OUTCOMES.name)}").fetchone()[0]
    return db.read_table(con, S.IMPORTS), int(ratings), int(results)


def version() -> str:
    """The cache key of everything shown: the data version (every import changes it), the
    code version (every change of a stored part's method, parameters or source changes it) and
    the database file's generation (every write replaces the file: a refresh of the stored
    results changes no data version but what may be read from the store)."""
    from ui import datasets, runmemo

    path = db_path()

    def build() -> str:
        reader = _reader(path)
        return (
            f"{datasets.current().key}:{reader.data_version()}:"
            f"{methods.code_version()}:{reader.generation()}"
        )

    return runmemo.get(("version", path), build)  # asked a few dozen times a run


class _Refresher:
    """The background refresh of one database's stored parts: at most one thread, and one
    attempt per (data, code) version, so a refresh that fails is not retried on every rerun."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.tried: set[str] = set()
        #: (data, code) versions whose store was found current: the check reads the catalog,
        #: and the sidebar asks on every page run
        self.current: set[str] = set()
        self.error: str | None = None
        #: what the running refresh refits: ``"refreshing"`` (stale parts of any kind) or
        #: ``"refreshing_all_cycles"`` (only the all-cycles models: the overview and every
        #: single cycle are current, materialise.refresh's second transaction)
        self.kind = "refreshing"
        _REFRESHERS.add(self)

    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, token: str, kind: str = "refreshing") -> None:
        with self.lock:
            if self.running() or token in self.tried:
                return
            self.tried.add(token)
            self.kind = kind
            self.thread = threading.Thread(target=self._run, name="perflens-refresh", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        from analytics.findings.writes import refresh_database  # import cost: fits every model

        try:
            refresh_database(self.path, memory_limit=memory_limit())
            self.error = None
        except Exception as exc:  # noqa: BLE001 -- the pages keep computing on demand
            self.error = f"{type(exc).__name__}: {exc}"
        clear()  # new scope objects read the refreshed store


@st.cache_resource
def _refresher(path: str) -> _Refresher:
    return _Refresher(path)


#: the process's refreshers, stopped at its end (:func:`_end_refreshes`)
_REFRESHERS: weakref.WeakSet[_Refresher] = weakref.WeakSet()


def store_status() -> str:
    """``"current"`` when every stored part may be shown; ``"refreshing"`` while a background
    refresh runs (started here when some stored part is stale), ``"refreshing_all_cycles"``
    when that refresh has only the all-cycles models left (after a new cycle's import: the
    overview and every single cycle are current); ``"stale"`` when a refresh for this data and
    code version already ran and the store is still not current. Whatever it says, the pages
    show numbers of the running code (stale parts are computed on demand)."""
    refresher = _refresher(db_path())
    if refresher.running():
        return refresher.kind
    token = version()
    if token in refresher.current:  # only new data or new code can make the store stale
        return "current"
    if not stored.stale(connection()):
        refresher.current.add(token)
        return "current"
    if token in refresher.tried:
        return "stale"
    kind = "refreshing_all_cycles" if stored.only_all_cycles_stale(connection()) else "refreshing"
    refresher.start(token, kind)
    return kind


def wait_for_refresh(timeout: float | None = None) -> bool:
    """Wait for a background refresh to end; whether none is running any more."""
    thread = _refresher(db_path()).thread
    if thread is not None:
        thread.join(timeout)
    return not _refresher(db_path()).running()


@st.cache_resource(max_entries=64, show_spinner=False)
def _view(viewer, data_version: str, path: str, pseudonymised: bool) -> View:
    from analytics.auth.pseudonym import dataset_key

    pseudo = pseudonymised or viewer.pseudonymised
    key = dataset_key(path) if pseudo else None
    bounded = not (viewer.sees_everyone or viewer.denied)  # a reach the raters widen
    off = _off_roster(data_version, path) if bounded else None
    con = _reader(path).get().cursor()
    return view_for(viewer, con, key=key, pseudonymised=pseudo, off_roster=off)


@st.cache_resource(max_entries=4, show_spinner=False)
def _off_roster(data_version: str, path: str) -> pl.DataFrame:
    """Whom each rater without a roster row rated (``visibility.off_roster_pairs``): once per
    data version, not per viewer (each viewer's view filters it)."""
    return off_roster_pairs(_reader(path).get().cursor())


def view(data_version: str, pseudonymised: bool = False) -> View:
    """The session's viewer's view of the dataset (their reach on its roster); with
    ``pseudonymised`` ids hashed and names and comments left out whatever the role (an
    export's option)."""
    viewer, path = current_viewer(), db_path()
    return in_run(
        ("view", viewer, data_version, path, pseudonymised),
        lambda: _view(viewer, data_version, path, pseudonymised),
    )


def in_run(key: tuple, build: Callable[[], object]):
    """``build()`` (a cached lookup of this module) once per entry run and ``key``
    (:mod:`ui.runmemo`); every time when a part of ``key`` is unhashable (a section's
    guideline). Why: each Streamlit cache lookup hashes its arguments with Streamlit's own
    hasher (a viewer or a scope, a dataclass, field by field) and inspects the function's
    signature: a warm distributions page asked 72 of them, 36 for the same view, about a third
    of its run (session 38). The key names everything the value depends on, as the cache's
    own arguments do (the session's viewer and dataset file among them)."""
    try:
        hash(key)
    except TypeError:
        return build()
    return runmemo.get(key, build)


@st.cache_resource(max_entries=8, show_spinner=False)
def _scope_data(scope: Scope, data_version: str, path: str) -> ScopeData:
    from analytics.findings.lazyscope import load_scope_lazy

    return load_scope_lazy(_reader(path).get(), scope)


#: what pages derive from cached sections (:func:`derived`), kept for every session
MAX_DERIVED = 64


@st.cache_resource(show_spinner=False)
def _derived() -> Memo[object]:
    return Memo(MAX_DERIVED)


def derived(key: tuple, build: Callable[[], object]):
    """What a page computes from cached sections on every run (sentences from a section, a
    ranking of its rows), built once per ``key`` for every session of the process. The key
    must name everything the value depends on: what it is, the scope, the data version
    (:func:`version`), the unit; who is looking is added here. Why: at 10M ratings the
    Attribution page's sentences and its list of the largest movers read the 262,500 changes on
    every run (0.1 CPU s; at 40M four times that), for the same answer until the next import."""
    return _derived().get((*key, current_viewer()), build)


def clear() -> None:
    """Forget every cached result and scope (after an import)."""
    runmemo.clear()
    st.cache_data.clear()
    kept_memos = (_scope_data, _section, _section_columns, _findings, _names, _people, _derived)
    for kept in (*kept_memos, _section_rows, _ranked_movers, _scope_people):
        kept.clear()


def scope_data(scope: Scope, data_version: str) -> ScopeData:
    """The frames of the scope clipped to the viewer's reach, read on first use and shared by
    every session (not copied: a ``ScopeData`` here is read-only except for its memo of
    intermediate results)."""
    return _scope_data(view(data_version).clip(scope), data_version, db_path())


def has_data(scope: Scope, data_version: str) -> bool:
    """Whether the scope holds any rating (without reading them)."""
    return scope_data(scope, data_version).has_ratings()


def results_only(scope: Scope, data_version: str) -> bool:
    """Whether the scope holds results (final scores or grades) and no rating: the
    distribution and guideline sections read the results there, no other section has data."""
    data = scope_data(scope, data_version)
    return not data.has_ratings() and data.outcomes.height > 0


@st.cache_data(max_entries=8, show_spinner=False)
def _options(data_version: str) -> dict[str, list[str]]:
    return filter_options(connection())


def options(data_version: str) -> dict[str, list[str]]:
    """The sidebar's values: the departments and teams inside the viewer's reach."""
    opts = _options(data_version)
    v = view(data_version)
    if v.allowed is None:
        return opts
    depts = [d for d in opts["departments"] if _reachable(v, d)]
    teams = sorted({t for d in depts for t in opts["teams_by_dept"].get(d, ())})
    mine = set(v.reach.teams) if v.reach.people else set(teams)  # a manager: their team's
    return {
        **opts,
        "departments": depts,
        "teams": [t for t in teams if t in mine],
        "teams_by_dept": {
            d: [t for t in ts if t in mine] for d, ts in opts["teams_by_dept"].items() if d in depts
        },
    }


def _reachable(v: View, department: str) -> bool:
    try:
        v.clip(Scope(department=department))
    except OutOfScope:
        return False
    return True


@st.cache_data(max_entries=8, show_spinner=False)
def overview(data_version: str) -> dict[str, pl.DataFrame]:
    return overview_counts(connection())


@st.cache_data(max_entries=4, show_spinner=False)
def result_counts(data_version: str) -> tuple[int, int]:
    """The people and cycles with a result loaded (analytics.findings.scope.result_counts)."""
    from analytics.findings.scope import result_counts as counts

    return counts(connection())


@st.cache_data(max_entries=32, show_spinner=False)
def _overview_in(scope: Scope, data_version: str, path: str) -> dict[str, pl.DataFrame]:
    return _scope_data(scope, data_version, path).overview_counts()


def overview_in_reach(data_version: str) -> tuple[dict[str, pl.DataFrame], Scope] | None:
    """The overview's tables over the viewer's whole reach and that reach, for a viewer whose
    view clips or hides anything (a department head, an HRBP, a manager, the analyst); None
    for the administrator, whose overview counts the whole dataset (:func:`overview`). Why:
    a department head read every department's completion and the company's counts (rev35
    finding 2)."""
    v = view(data_version)
    if v.is_everything:
        return None
    reach = v.clip(Scope())
    return _overview_in(reach, data_version, db_path()), reach


@st.cache_resource(max_entries=64, show_spinner=False)
def _section(name: str, scope: Scope, data_version: str, **params: object):
    from analytics.findings.sections import compute_section

    data = _scope_data(scope, data_version, db_path())
    frame = compute_section(name, data, **params)
    data.release_if_fitted()  # every model fitted: the rating rows need not stay in memory
    return frame


@st.cache_data(max_entries=64, show_spinner=False)
def _scope_people(scope: Scope, data_version: str, path: str) -> int:
    return int(_scope_data(scope, data_version, path).summary_counts()["employees"])


def small_scope(scope: Scope, data_version: str) -> OutOfScope | None:
    """The small-scope rule (``View.small_scope``) for the viewer and ``scope`` clipped to
    their reach: the problem to say when the scope is too small for a viewer who may not see
    individuals, else None (never counted for anyone else)."""
    v = view(data_version)
    if v.sees_individuals:
        return None
    key = ("small_scope", scope, data_version, v.viewer, db_path())
    return in_run(key, lambda: _small_scope(v, scope, data_version))


def _small_scope(v: View, scope: Scope, data_version: str) -> OutOfScope | None:
    clipped = v.clip(scope)
    people = _scope_people(clipped, data_version, db_path())
    if not people and clipped.excluded:  # only people left out at a department's root:
        # refused in words as before (財务部 M3: "holds 1 person"), not an empty page
        people = _scope_people(replace(clipped, excluded=()), data_version, db_path())
    return v.small_scope(people)


@st.cache_data(max_entries=32, show_spinner=False)
def _quarantined(scope: Scope | None, data_version: str, path: str) -> int:
    from analytics.findings.lazyscope import quarantined_rows

    return quarantined_rows(connection(), scope)


def quarantined(scope: Scope, data_version: str) -> int:
    """The overview's quarantined rows as the viewer may count them: the whole dataset's for
    the administrator with no person filter, else those of the people of ``scope`` clipped to
    the viewer's reach (rev30a item 10: a department head counted another's row)."""
    v = view(data_version)
    whole = v.is_everything and not scope.narrowed()
    return _quarantined(None if whole else v.clip(scope), data_version, db_path())


def section(name: str, scope: Scope, data_version: str, **params: object):
    """One findings section for a scope clipped to the viewer's reach (see
    analytics.findings.sections.SECTIONS), as the viewer may see it, with the section's
    parameters if it takes any (``guideline=...``): cached keyed on their values too, computed
    on demand unless they are the defaults (then stored at import). A scope too small for the
    viewer (:func:`small_scope`) raises :class:`OutOfScope`."""
    key = ("section", name, scope, data_version, current_viewer(), db_path(), *params.items())
    return in_run(key, lambda: _viewed_section(name, scope, data_version, params))


def _viewed_section(name: str, scope: Scope, data_version: str, params: dict):
    """:func:`section`, looked up."""
    v = view(data_version)
    problem = small_scope(scope, data_version)
    if problem is not None:
        raise problem
    clipped = v.clip(scope)
    frame = _section(name, clipped, data_version, **params)
    from analytics.findings.sections import WHOLE_ROWS

    if name in WHOLE_ROWS and not v.sees_individuals:  # the whole less its units: a head's
        return frame.head(0)
    # a handful of peers' ratings pooled (rev35 finding 1)
    frame = v.pooled(name, frame, lambda: _scope_people(clipped, data_version, db_path()))
    if v.is_everything or params:
        return v.frame(frame, None if v.sees_individuals else _unit_sizes(clipped, data_version))
    # a restricted view's frame (k-anonymous rows, hashed ids) built once per viewer, not on
    # every run: the analyst's warm attribution page spent 0.73 of its 0.80 CPU s here at 40M
    return derived(
        ("viewed", name, clipped, data_version),
        lambda: v.frame(frame, None if v.sees_individuals else _unit_sizes(clipped, data_version)),
    )


def carried(scope: Scope, data_version: str, names: tuple[str, ...]) -> dict[str, pl.DataFrame]:
    """The attribution sections ``names`` of a one-cycle scope as the packet and the workbook
    carry them (:func:`analytics.findings.report.carried_sections`): the change into the
    cycle, from the same scope over every cycle. Empty for another scope, or when no change
    leads into the cycle. The overview then names the shift the packet names (rev28a 1).
    Built once per scope, data version and viewer (:func:`derived`): it filters the whole
    company's changes over every cycle, which a warm overview rerun did again each time."""
    from analytics.findings.report import CARRIED, carried_sections

    wanted = tuple(n for n in names if n in CARRIED and n != "variance")
    if len(scope.cycles) != 1 or not wanted:
        return {}

    def build() -> dict[str, pl.DataFrame]:
        every = replace(scope, cycles=())
        frames = {n: section(n, every, data_version) for n in {*wanted, "attribution"}}
        frames = {k: v for k, v in frames.items() if v is not None}
        into = carried_sections(frames, scope.cycles[0], variance=False)
        return {n: into[n] for n in wanted if n in into}

    return derived(("carried", scope, data_version, wanted), build)


def whole_name(scope: Scope, data_version: str) -> str:
    """How the lines on a scope "as a whole" name it for this viewer: the scope clipped to
    their reach (an HRBP's unfiltered overview is her department, not the company: rev35b)."""
    from analytics.findings.headlines import whole_scope_name

    return whole_scope_name(view(data_version).clip(scope))


def whole_grades(
    scope: Scope, data_version: str, cycle: str | None, top: str | None
) -> tuple[int, ...] | None:
    """(people graded, of them with ``top``) in ``cycle``, everyone of the scope, the units of
    one person too: "as a whole" is the whole (rev27b item 4: 167 of 168 people), counted as
    the overview, the packet and the workbook count it (the ``guideline_check`` section:
    :func:`analytics.findings.headlines.whole_graded`). None for a view that may not see
    individuals: the whole less its units would be the grade of a unit of one person."""
    from analytics.findings.headlines import whole_graded

    if top is None or not view(data_version).sees_individuals:
        return None
    return whole_graded(section("guideline_check", scope, data_version), cycle, top)


def _unit_sizes(clipped: Scope, data_version: str) -> pl.DataFrame:
    """The people per unit and cycle of a clipped scope (``View.complement`` reads them)."""
    return derived(
        ("unit_sizes", clipped, data_version),
        lambda: unit_sizes(_section("scores", clipped, data_version)),
    )


def left_out(name: str, scope: Scope, data_version: str) -> int:
    """How many rows of the rater section ``name`` (one per rater) the viewer's role is not
    shown (:meth:`~analytics.findings.visibility.View.left_out`): the page says so beside the
    rows shown (0 for the administrator, or a scope refused as too small)."""
    v = view(data_version)
    if v.is_everything or small_scope(scope, data_version) is not None:
        return 0
    return derived(
        ("left_out", name, scope, data_version),
        lambda: v.left_out(_section(name, v.clip(scope), data_version)),
    )


def _select(frame: pl.DataFrame | None, columns: tuple[str, ...]) -> pl.DataFrame | None:
    """``columns`` of a whole section (those it has), in the section's order."""
    if frame is None:
        return None
    wanted = set(columns)
    return frame.select([c for c in frame.columns if c in wanted])


@st.cache_resource(max_entries=32, show_spinner=False)
def _section_columns(name: str, scope: Scope, data_version: str, path: str, columns: tuple):
    frame = _scope_data(scope, data_version, path).stored_section(name, columns=columns)
    if frame is None:  # not stored (or stale): computed whole
        return _select(_section(name, scope, data_version), columns)
    return frame


def section_columns(name: str, scope: Scope, data_version: str, columns: tuple[str, ...]):
    """``columns`` of :func:`section` (those it has, in its order), read alone where the
    section is stored and the viewer sees everything (every row and column as stored). Why:
    the overview's headlines count 8 of the rater table's 78 columns, the rater page draws 28
    (:data:`ui.consistency.PAGE_COLUMNS`), and reading the whole table (210,001 rows at 40M
    ratings) was most of a scope's first overview and much of its first rater page. A viewer
    whose view rewrites rows gets the columns of the whole section as they see it."""
    v = view(data_version)
    if not v.is_everything:
        return _select(section(name, scope, data_version), tuple(columns))
    return _section_columns(name, v.clip(scope), data_version, db_path(), tuple(columns))


@st.cache_resource(max_entries=64, show_spinner=False)
def _section_rows(name: str, scope: Scope, data_version: str, path: str, employee_id: str):
    frame = _scope_data(scope, data_version, path).stored_section(name, employee_id=employee_id)
    if frame is None:  # not stored (or stale): the whole section's rows of the person
        return _rows_of(_section(name, scope, data_version), employee_id)
    return frame


def _rows_of(frame: pl.DataFrame | None, employee_id: str) -> pl.DataFrame | None:
    return None if frame is None else frame.filter(pl.col("employee_id") == employee_id)


def section_rows(name: str, scope: Scope, data_version: str, employee_id: str):
    """``employee_id``'s rows of :func:`section` (in its order), read alone where the section
    is stored and the viewer sees everything, as :func:`section_columns`. Why: the
    attribution page draws one person's waterfall from the scope's changes, and reading all
    42 columns of them (1M rows at 40M ratings) for it was most of its first visit."""
    v = view(data_version)
    if not v.is_everything:
        return _rows_of(section(name, scope, data_version), employee_id)
    return _section_rows(name, v.clip(scope), data_version, db_path(), employee_id)


@st.cache_resource(max_entries=16, show_spinner=False)
def _ranked_movers(scope: Scope, data_version: str, path: str) -> list[str] | None:
    return _scope_data(scope, data_version, path).stored_largest(
        "attribution", "employee_id", "change"
    )


def largest_movers(scope: Scope, data_version: str, n: int) -> tuple[list[str], frozenset[str]]:
    """The attribution page's waterfall list: the ``n`` people of the scope whose largest
    change is largest and everyone with a change
    (:func:`analytics.stats.attribution.largest_movers`), ranked in DuckDB over the stored
    changes where they are stored and the viewer sees everything (at 40M ratings the ranking
    of 1M changes in Polars was a third of the page's first visit), else from the section."""
    from analytics.stats.attribution import largest_movers as ranked_from

    v = view(data_version)
    if v.is_everything:
        ranked = _ranked_movers(v.clip(scope), data_version, db_path())
        if ranked is not None:
            return ranked[:n], frozenset(ranked)
    changes = section_columns("attribution", scope, data_version, ("employee_id", "change"))
    return ranked_from(changes, n)


def later_reads(
    scope: Scope, data_version: str, columns: dict[str, tuple[str, ...]], movers: bool
) -> list[Callable[[], object]]:
    """The reads of a first visit of the pages in ``scope`` that no language or session
    changes, as the session's viewer would make them, to run later on another thread
    (:func:`in_quiet`): the ``columns`` of each section (:func:`section_columns`) and, with
    ``movers``, the attribution page's ranked movers (:func:`largest_movers`), where they are
    read from the store. None for a section the scope computes on demand (a team's, a
    level's: fitting its models in the background would take seconds beside the pages asked
    for) or a viewer whose view rewrites rows (their frames are derived per viewer)."""
    v = view(data_version)
    if not v.is_everything:
        return []
    clipped, path = v.clip(scope), db_path()
    data = _scope_data(clipped, data_version, path)
    stored = [name for name in columns if data.stores_section(name)]
    reads: list[Callable[[], object]] = [
        functools.partial(_section_columns, n, clipped, data_version, path, tuple(columns[n]))
        for n in stored
    ]
    if movers and "attribution" in stored:
        reads.append(functools.partial(_ranked_movers, clipped, data_version, path))
    return [on_dataset(path, read) for read in reads]


def in_quiet(what: str, scope: Scope, data_version: str, work: list[Callable[[], object]]):
    """Run ``work`` (:func:`later_reads`' and the like) one step at a time in the quiet after
    this run (:func:`analytics.runtime.when_quiet_steps`), once per ``what``, dataset, data
    version, scope and viewer in the process."""
    if work:
        name = f"perflens-{what}:{db_path()}:{data_version}:{scope!r}:{current_viewer()!r}"
        runtime.when_quiet_steps(name, work)


@st.cache_data(max_entries=256, show_spinner=False)
def _person_rows(name: str, employee_id: str, data_version: str) -> pl.DataFrame | None:
    from analytics.findings.sections import SECTION_PARTS

    data = _scope_data(Scope(), data_version, db_path())
    frame = data.stored_section(name, employee_id=employee_id)
    if frame is None and name in SECTION_PARTS:
        frame = data.part_rows(SECTION_PARTS[name], employee_id)
    if frame is not None:
        return frame
    frame = _section(name, Scope(), data_version)
    return None if frame is None else frame.filter(pl.col("employee_id") == employee_id)


def person_rows(name: str, employee_id: str, data_version: str) -> pl.DataFrame | None:
    """One employee's rows of a company-wide section (adjusted, attribution, profile ...): read
    from the stored section when current, so the person page never holds the whole table.
    Someone outside the viewer's reach raises :class:`OutOfScope`."""
    v = view(data_version)
    if v.pseudonymised or not v.sees(employee_id):
        raise OutOfScope("person_outside", employee_id=employee_id)
    return v.frame(_person_rows(name, employee_id, data_version))


def person_fit(
    name: str, employee_id: str, cycles: tuple[str, ...], data_version: str
) -> pl.DataFrame | None:
    """One employee's rows of a company section fitted on the selected ``cycles``' ratings,
    as every other page of those cycles has them (the attribution's changes, the adjusted
    scores: the calibration meeting's of its cycle); the whole history's stored rows
    (:func:`person_rows`) when no cycle is selected. Why: the person page's adjusted score of
    2026Q2 came from the all-cycles fit (98.9) while the meeting and the other pages of 2026Q2
    fit that cycle (98.8; s44 A 7a)."""
    if not cycles:
        return person_rows(name, employee_id, data_version)
    frame = section(name, Scope(cycles=tuple(cycles)), data_version)
    return None if frame is None else frame.filter(pl.col("employee_id") == employee_id)


@st.cache_resource(max_entries=8, show_spinner=False)
def _people(data_version: str, path: str) -> pl.DataFrame:
    from analytics.findings.person import search_people

    return search_people(reader(path))


def people(data_version: str) -> pl.DataFrame:
    """id + name + department of everyone the viewer may look up, for the person picker (no
    one for a pseudonymised view)."""
    v = view(data_version)
    frame = _people(data_version, db_path())
    if v.pseudonymised or v.viewer.denied:
        return frame.clear()
    return frame if v.allowed is None else v.frame(frame)


@st.cache_data(max_entries=16, show_spinner=False)
def _table(name: str, data_version: str) -> pl.DataFrame:
    tables = {t.name: t for t in S.TABLES}
    return db.read_table(connection(), tables[name])


def table(name: str, data_version: str) -> pl.DataFrame:
    """A whole canonical table (imports log, quarantine): the administrator's (the quarantine
    holds raw rows: names, comments)."""
    v = view(data_version)
    if not v.viewer.may_write:
        raise OutOfScope("admin_only")
    return _table(name, data_version)


@st.cache_resource(max_entries=4, show_spinner=False)
def _names(data_version: str) -> pl.DataFrame:
    from analytics.store.raternames import read_rater_names

    con = connection()
    return known_names(db.read_table(con, S.EMPLOYEES), read_rater_names(con))


def names(data_version: str) -> pl.DataFrame:
    """``employee_id, name`` of the roster (and of the raters the imports named beside their
    ids) the viewer may read: what tables show beside ids (nobody's in a pseudonymised
    view)."""
    return view(data_version).names(_names(data_version))


@st.cache_data(max_entries=32, show_spinner=False)
def unit(cycles: tuple[str, ...], data_version: str):
    """The scale the scores of ``cycles`` (none: all) are shown on: points on the one scale
    they were imported on, or 0-1 labelled when they mix scales (analytics.findings.units)."""
    from analytics.findings.units import unit_of

    return unit_of(connection(), cycles)


@st.cache_data(max_entries=4, show_spinner=False)
def department_history(data_version: str) -> dict | None:
    """What the imports said of people in other departments in earlier cycles and of
    apparent renames (analytics.store.orgchart), or None."""
    from analytics.store.orgchart import department_history as history

    return history(connection())


@st.cache_data(max_entries=4, show_spinner=False)
def _cycle_units(path: str, data_version: str) -> dict:
    from analytics.findings.units import cycle_units as units

    return units(reader(path))


def cycle_units(data_version: str) -> dict:
    """Each cycle's scale where the dataset mixes scales (empty when it does not): a sentence
    about two cycles on one scale speaks in its points (analytics.findings.units)."""
    return _cycle_units(db_path(), data_version)


def warm(data_version: str) -> None:
    """What every scope's pages share at ``data_version``, computed on background threads in
    the quiet after this run (:func:`analytics.runtime.when_quiet`), once per dataset and data
    version: :func:`cycle_units` and the person pickers' roster (:func:`people`). Why: where
    the dataset mixes scales the first is a DISTINCT over every rating row's cycle and batch
    (0.2 CPU s of the page thread and more of DuckDB's at 40M ratings, session 28), which the
    first attribution or calibration page paid; the roster (210,000 people sorted by id at 40M
    ratings: 0.07 CPU s, session 29's ledger) the first attribution or person page paid. A
    page opened before one is done waits for it (the cache's lock)."""
    path = db_path()
    runtime.when_quiet(
        f"perflens-cycle-units:{path}:{data_version}", lambda: _cycle_units(path, data_version)
    )
    runtime.when_quiet(
        f"perflens-people:{path}:{data_version}", lambda: _people(data_version, path)
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def _findings(
    scope: Scope, data_version: str, _view: View, view_key: tuple, path: str, _unit, _cycles=None
):
    """``path``, ``_unit`` and ``_cycles`` (:func:`cycle_units`) given, not read from the
    session: a download builds its report on a thread outside the session
    (:func:`report_bytes`)."""
    from analytics.findings.report import build_findings

    # a department scope of some cycles: the same scope over every cycle, for the scope's own
    # department shift beside the guideline's moves in the packet (stored at import)
    whole = (
        _scope_data(replace(scope, cycles=()), data_version, path)
        if scope.department and scope.cycles
        else None
    )
    return build_findings(
        data=_scope_data(scope, data_version, path),
        unit=_unit,
        view=_view,
        cycle_units=_cycles,
        all_cycles=whole,
    )


def findings(scope: Scope, data_version: str, pseudonymised: bool = False):
    """Every report section for a scope clipped to the viewer's reach, as the viewer may see
    them (what the report CLI writes); ``pseudonymised``: ids hashed, no names, no comments."""
    v = view(data_version, pseudonymised)
    key = (v.viewer, v.pseudonymised)
    return _findings(
        v.clip(scope),
        data_version,
        v,
        key,
        db_path(),
        unit(scope.cycles, data_version),
        cycle_units(data_version),
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _report_bytes(
    scope, data_version, kind, lang, _view, view_key, path, _unit, _cycles=None
) -> bytes:
    import json

    from analytics.export import report as export

    f = _findings(scope, data_version, _view, view_key, path, _unit, _cycles)
    if kind == "xlsx":
        return export.to_xlsx(f, lang)
    if kind == "json":
        return json.dumps(
            export.to_json(f, lang), ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
    if kind == "pdf":
        from analytics.export.packet import pdf_bytes

        return pdf_bytes(export.to_html(f, lang), lang)
    return export.to_html(f, lang).encode("utf-8")


def report_bytes(
    scope: Scope, data_version: str, kind: str, lang: str, pseudonymised: bool = False
) -> Callable[[], bytes]:
    """The downloadable report for a scope as the viewer may see it: xlsx, json, html or pdf
    (the printed packet); ``pseudonymised``: ids hashed, no names, no comments.

    Returned as a function for ``st.download_button``, which calls it on a thread outside the
    session when the button is clicked: the viewer, the dataset and the scale are taken now,
    while the page is drawn (read there, a signed-in viewer was nobody and the download
    failed; a switched dataset would have been the default one)."""
    v = view(data_version, pseudonymised)
    args = (v.clip(scope), data_version, kind, lang, v, (v.viewer, v.pseudonymised))
    path, scale, cycles = db_path(), unit(scope.cycles, data_version), cycle_units(data_version)
    return lambda: _report_bytes(*args, path, scale, cycles)


@st.cache_data(max_entries=64, show_spinner=False)
def _person(employee_id: str, data_version: str) -> dict:
    from analytics.findings.person import person_frames

    return person_frames(connection(), employee_id)


@st.cache_data(max_entries=64, show_spinner=False)
def _signed(path: str, store: tuple | None, employee_id: str) -> pl.DataFrame:
    from analytics.calibration.signed import signed_grades

    return signed_grades(path, employee_id)


def signed_grades(employee_id: str) -> pl.DataFrame:
    """The grades signed-off calibration sessions gave ``employee_id``, per cycle
    (:func:`analytics.calibration.signed.signed_grades`), read again when the sessions' store
    changes (a sign-off, a reopening)."""
    from analytics.store import calstore

    path = db_path()
    store = calstore.store_path(path)
    return _signed(path, access.identity(store) if store.exists() else None, str(employee_id))


def person(employee_id: str, data_version: str) -> dict:
    """One employee's ratings (all cycles), outcomes and appeals, as the viewer may see them;
    someone outside their reach raises :class:`OutOfScope`."""
    from analytics.calibration.signed import with_signed_grades

    rec = view(data_version).person(employee_id, _person(employee_id, data_version))
    # the grade a signed-off session gave, beside the imported one (rev32b item 2)
    return {**rec, "outcomes": with_signed_grades(rec["outcomes"], signed_grades(employee_id))}
