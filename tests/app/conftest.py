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


@pytest.fixture()
def demo(small_demo_db, tmp_path_factory, monkeypatch) -> Path:
    """A private copy of the small demo database, served to the pages (``PERFLENS_DB``): a
    test may write to it (sessions, appeals, the access log) without touching the others'.

    The copy the previous test of this process had is handed on while nothing was written to
    it or beside it (:func:`_untouched`): its pages' caches, keyed on the file's path and
    identity, are then warm, as on a running server, instead of every section of the pages
    computed again for each test (the zh and en runs of one page above all). Anything written
    and the test gets a fresh copy in a new folder (a new path: no cache entry of the written
    one, a session's id and version among them, can be read for it)."""
    kept = _KEPT.get("demo")
    if kept is None or not _untouched(*kept):
        path = tmp_path_factory.mktemp("demo_page") / "perflens.duckdb"
        shutil.copyfile(small_demo_db, path)
        kept = _KEPT["demo"] = (path, access.identity(path))
    monkeypatch.setenv("PERFLENS_DB", str(kept[0]))
    return kept[0]


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
