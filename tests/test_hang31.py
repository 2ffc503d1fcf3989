"""No Python function of the product runs on Polars' thread pool (rev31b finding 12: the
dashboard froze, its health check unanswered at 3% CPU).

``map_elements`` ran each call on Polars' pool, taking the GIL; a thread holding the GIL
while it waited for that pool (``pl.from_arrow``, under every DuckDB read into Polars) then
waited for ever, and every thread of the process with it (two sessions at once: one page's
table worded, another reading the database; reproduced in 20 s with two such threads). The
product words values with :func:`analytics.threadsafe.each`, on the calling thread."""

from __future__ import annotations

import re
import threading
from datetime import datetime
from pathlib import Path

import polars as pl

from analytics.threadsafe import each

ROOT = Path(__file__).resolve().parents[1]
#: the Polars calls that run a Python function on the pool
POOL_UDF = re.compile(r"\.(map_elements|map_batches|map_groups|map_rows)\(")


def test_no_python_function_runs_on_the_polars_pool():
    files = [ROOT / "dashboard.py"]
    for folder in ("analytics", "ui", "pages"):
        files += sorted((ROOT / folder).rglob("*.py"))
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if POOL_UDF.search(line)
    ]
    assert not found, found


def test_each_runs_on_the_calling_thread_and_keeps_nulls():
    threads: set[int] = set()

    def words(v: int) -> str:
        threads.add(threading.get_ident())
        return f"<{v * 2}>"

    got = each(pl.Series("n", [1, None, 3]), words, pl.String)
    assert got.name == "n" and got.dtype == pl.String
    assert got.to_list() == ["<2>", None, "<6>"]
    assert threads == {threading.get_ident()}  # map_elements called it on Polars' threads
    # a struct's rows (nulls given to the function), and datetimes, as the pages word them
    rows = pl.DataFrame({"a": [1, None], "b": [2.5, 4.0]}).select(pl.struct("a", "b"))
    both = each(rows.to_series(), lambda r: f"{r['a']}/{r['b']}", pl.String, skip_nulls=False)
    assert both.to_list() == ["1/2.5", "None/4.0"]
    when = each(pl.Series("at", [datetime(2026, 12, 6, 11, 20)]), lambda d: d.hour, pl.Int64)
    assert when.to_list() == [11]
