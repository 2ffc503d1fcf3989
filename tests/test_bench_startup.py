"""The start-up benchmark (``bench/startup.py``): its importtime reading on canned lines, and one
real measurement (a server start and the overview in Chromium) so it cannot rot."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from bench.startup import markdown, package_ms, parse_importtime, run, top_imports

LOG = [
    (0.0, "import time: self [us] | cumulative | imported package\n"),
    (1.0, "import time:       900 |       1000 | streamlit\n"),
    (1.0, "import time:       100 |        100 |   streamlit.web\n"),
    (1.5, "2026-12-03 Uvicorn server started\n"),
    (3.0, "import time:       300 |        300 |     scipy.stats._stats_py\n"),
    (3.0, "import time:       200 |        200 |     scipy.stats.distributions\n"),
    (3.0, "import time:      1000 |       1500 |   analytics.stats.raters\n"),
    (3.0, "import time:        50 |       2000 | analytics.export.figures\n"),
    (3.1, "import time:       400 |        400 | pandas\n"),
]


def test_importtime_lines_are_split_at_the_page_request():
    imports = parse_importtime(LOG, page_requested=2.0)
    assert [(i.module, i.depth, i.phase) for i in imports] == [
        ("streamlit", 0, "start"),
        ("streamlit.web", 1, "start"),
        ("scipy.stats._stats_py", 2, "first page"),
        ("scipy.stats.distributions", 2, "first page"),
        ("analytics.stats.raters", 1, "first page"),
        ("analytics.export.figures", 0, "first page"),
        ("pandas", 0, "first page"),
    ]
    first = [i for i in imports if i.phase == "first page"]
    assert [i.module for i in top_imports(first)] == ["analytics.export.figures", "pandas"]
    # scipy.stats has no line of its own (SciPy loads it lazily): its modules' self times add up
    assert package_ms(first, ("scipy.stats", "pandas", "polars")) == {
        "scipy.stats": 0.5,
        "pandas": 0.4,
    }


def test_markdown_without_importtime_has_no_import_tables():
    row = {
        "server_ready_s": 1.0,
        "title_visible_s": 5.0,
        "first_page_s": 8.0,
        "first_page_after_request_s": 6.5,
        "server_cpu_s": 3.5,
    }
    result = {"runs": [row], "median": row, "load_avg": (1.0, 1.0, 1.0)}
    result |= {"imports_start": [], "imports_first_page": [], "packages_ms": {}}
    text = markdown(result)
    assert "first page finished: 8.00 s" in text and "3.50 s of CPU" in text
    assert "| import" not in text and "importtime" not in text


@pytest.mark.slow
@pytest.mark.browser
def test_one_real_start(demo_db, tmp_path):
    # a copy: the AppTest tests run in this process and their cached connection keeps the
    # session's database open, which DuckDB's per-process file lock refuses to the server
    db_copy = tmp_path / "startup_demo.duckdb"
    shutil.copyfile(demo_db, db_copy)
    result = run(tmp_path, db=db_copy, runs=1, importtime=True, log=lambda _m: None)
    (row,) = result["runs"]
    assert 0 < row["server_ready_s"] < row["title_visible_s"] <= row["first_page_s"]
    assert 0 < row["first_page_after_request_s"] < row["first_page_s"]
    assert 0 < row["server_cpu_s"] < row["first_page_s"] * (os.cpu_count() or 1)
    first = {i["module"] for i in result["imports_first_page"]}
    assert any(m.startswith(("ui.", "analytics.")) for m in first), first
    # Polars is measured where it was imported: the launcher (ui/serve.py) imports the first
    # page's libraries while the server starts, so its import is in the start, or split
    # between the two when the page was requested before that import was done
    polars_ms = [result["packages_ms"][phase].get("polars", 0) for phase in ("start", "first page")]
    assert sum(polars_ms) > 0, result["packages_ms"]
    assert result["packages_ms"]["start"]["streamlit"] > 0
    saved = json.loads((tmp_path / "startup.json").read_text(encoding="utf-8"))
    assert saved["median"] == pytest.approx(result["median"])
    assert "analytics" in (tmp_path / "startup_importtime.txt").read_text(encoding="utf-8")
    assert markdown(result) == (tmp_path / "startup.md").read_text(encoding="utf-8").rstrip("\n")


def test_compile_sources_writes_the_bytecode_a_server_start_reads(monkeypatch):
    """Even with ``PYTHONDONTWRITEBYTECODE`` set: the servers the benchmarks start then read
    the compiled modules instead of compiling them in the first page's run."""
    import importlib.util
    from pathlib import Path

    from bench import startup

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    source = startup.ROOT / "analytics" / "runtime.py"
    cached = Path(importlib.util.cache_from_source(str(source)))
    if cached.exists():
        cached.unlink()
    startup.compile_sources()
    assert cached.exists()
    assert os.stat(cached).st_mtime >= os.stat(source).st_mtime
