"""Fixtures of the page tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analytics.calibration import sessions
from analytics.store import db


@pytest.fixture()
def demo(small_demo_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the small demo database, served to the pages (``PERFLENS_DB``): a
    test may write to it (sessions, appeals, the access log) without touching the others'."""
    path = tmp_path / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return path


@pytest.fixture()
def small_session(small_demo_db, tmp_path):
    """A copy of the small demo with one session over its smallest team of the last cycle."""
    path = tmp_path / "m.duckdb"
    path.write_bytes(small_demo_db.read_bytes())
    con = db.connect(path)
    cycle, dept = con.execute(
        "SELECT o.cycle_id, e.department FROM outcomes o JOIN employees e USING (employee_id)"
        " WHERE o.grade = 'B' GROUP BY ALL ORDER BY o.cycle_id DESC, count(*), e.department"
        " LIMIT 1"
    ).fetchone()
    con.close()
    sid = sessions.create(path, cycle=cycle, department=dept, author="hr")
    return path, sid
