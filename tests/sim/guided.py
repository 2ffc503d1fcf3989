"""The reviewer's database (``rev23a_db``) with her guideline saved, as rev24a-rev26a entered
it on /distributions: a copy, so the session's shared database stays as imported."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from analytics.store import db
from analytics.store.settings import write_guideline

__all__ = ["GUIDELINE", "guided_copy"]

#: 优秀 20% / 良好 40% / 合格 30% / 待改进 10%
GUIDELINE = {"优秀": 0.2, "良好": 0.4, "合格": 0.3, "待改进": 0.1}


def guided_copy(source: Path, folder: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection to a copy of ``source`` in ``folder`` with :data:`GUIDELINE`
    saved; the caller closes it."""
    path = Path(folder) / "xx.duckdb"
    shutil.copyfile(source, path)
    con = db.connect(path)
    write_guideline(con, GUIDELINE)
    return con
