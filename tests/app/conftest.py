"""Fixtures of the page tests (AppTest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture()
def demo(small_demo_db, tmp_path, monkeypatch) -> Path:
    """A copy of the small demo (300 people, 3 cycles) that the dashboard serves
    (``PERFLENS_DB``): a test may write to it."""
    path = tmp_path / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return path
