"""Fixtures of the page tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture()
def demo(small_demo_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the small demo database, served to the pages (``PERFLENS_DB``): a
    test may write to it (sessions, appeals, the access log) without touching the others'."""
    path = tmp_path / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return path
