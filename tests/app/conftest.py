"""Fixtures of the page tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analytics.calibration import sessions
from analytics.store import access, db

_KEPT: dict[str, tuple[Path, tuple]] = {}


def _untouched(path: Path, ident: tuple) -> bool:
    """``path`` is the same file as when it was copied (its identity: inode, mtime, size; a
    write replaces the file) and nothing was written beside it (a calibration store, the access
    log, a dataset, a lock)."""
    return access.identity(path) == ident and [p.name for p in path.parent.iterdir()] == [path.name]


def reader_copy(source: Path, tmp_path_factory, name: str = "reader") -> Path:
    """A private copy of the database ``source`` for the pages (the dashboard opens its file
    for writing, and another worker's test may hold a shared one): the copy the previous
    asker of this process had is handed on while nothing was written to it or beside it
    (:func:`_untouched`), whichever module asked. Its pages' caches, keyed on the file's path
    and identity, are then warm, as on a running server, instead of every section of the pages
    computed again for each copy (the zh and en runs of one page above all, and the modules
    that draw the same pages of one company). Anything written and the next asker gets a
    fresh copy in a new folder (a new path: no cache entry of the written one, a session's id
    and version among them, can be read for it)."""
    kept = _KEPT.get(str(source))
    if kept is None or not _untouched(*kept):
        path = tmp_path_factory.mktemp(name) / source.name
        shutil.copyfile(source, path)
        kept = _KEPT[str(source)] = (path, access.identity(path))
    return kept[0]


@pytest.fixture()
def demo(small_demo_db, tmp_path_factory, monkeypatch) -> Path:
    """A private copy of the small demo database, served to the pages (``PERFLENS_DB``): a
    test may write to it (sessions, appeals, the access log) without touching the others'
    (:func:`reader_copy`: the previous test's copy while nothing was written to it)."""
    path = reader_copy(small_demo_db, tmp_path_factory, "demo_page")
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return path


def smallest_team_session(path: Path) -> str:
    """A new session over the smallest team of the last cycle in the database at ``path``."""
    con = db.connect(path)
    cycle, dept = con.execute(
        "SELECT o.cycle_id, e.department FROM outcomes o JOIN employees e USING (employee_id)"
        " WHERE o.grade = 'B' GROUP BY ALL ORDER BY o.cycle_id DESC, count(*), e.department"
        " LIMIT 1"
    ).fetchone()
    con.close()
    return sessions.create(path, cycle=cycle, department=dept, author="hr")


@pytest.fixture()
def small_session(small_demo_db, tmp_path):
    """A copy of the small demo with one session over its smallest team of the last cycle."""
    path = tmp_path / "m.duckdb"
    path.write_bytes(small_demo_db.read_bytes())
    return path, smallest_team_session(path)


@pytest.fixture(scope="module")
def meeting_db(small_demo_db, tmp_path_factory) -> Path:
    """A copy of the small demo for the meeting tests of one module: each test opens its own
    session (the newest, which the meeting page opens) beside the others'. Why shared: a
    session is written beside the database, not into it, so the pages' cached sections stay
    warm from one test to the next instead of computed again on a new copy for each."""
    path = tmp_path_factory.mktemp("meeting") / "m.duckdb"
    shutil.copyfile(small_demo_db, path)
    return path


@pytest.fixture()
def team_session(meeting_db, monkeypatch):
    """A new session over the smallest team of :func:`meeting_db`, served to the pages."""
    monkeypatch.setenv("PERFLENS_DB", str(meeting_db))
    return meeting_db, smallest_team_session(meeting_db)
