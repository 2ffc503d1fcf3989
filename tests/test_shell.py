"""The entry script drives every run, also a deep link on a fresh server, and its imports leave
the allocator set-up to :func:`analytics.runtime.configure`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.shell import REDIRECTS_KEY

ROOT = Path(__file__).resolve().parents[1]
FILTERS = ["Cycles", "Department (subtree)", "Team", "Level", "Job family", "Rater role"]


def test_deep_link_on_fresh_app_runs_the_entry(demo_db, monkeypatch):
    """A first request for /raters?lang=English shows the language switch and the filters.

    AppTest starts like a fresh server: Streamlit's legacy ``pages/`` mode is on until the first
    ``st.navigation``, so the first run executes the page alone and ``ensure_entry`` must hand
    over to the entry script."""
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = "English"
    at.switch_page(str(ROOT / "pages" / "raters.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Rater consistency"
    assert at.get("button_group")[0].key == "lang"
    labels = [w.label for w in at.sidebar if hasattr(w, "label")]
    assert labels[0] == "语言 / Language" and labels[1:] == FILTERS
    assert at.session_state[REDIRECTS_KEY] == 1, (
        "Streamlit no longer runs a pages/ script without the entry script on a fresh app: "
        "ui.shell.ensure_entry and its rerun may be removed"
    )


def test_page_run_as_main_script_does_not_loop(tmp_path):
    """Without an entry script to hand over to, the guard reruns once and the page renders."""
    script = tmp_path / "lone_page.py"
    script.write_text(
        "import streamlit as st\n"
        "from ui.shell import ensure_entry\n"
        "ensure_entry()\n"
        "st.markdown('page body')\n"
    )
    at = AppTest.from_file(str(script), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.markdown] == ["page body"]
    assert at.session_state[REDIRECTS_KEY] == 1


def test_entry_configures_the_runtime_before_polars_loads():
    """dashboard.py calls ``runtime.configure()`` before anything loads Polars (jemalloc reads
    its settings once, when Polars loads) or the BLAS libraries: the statements before that call
    must load none of them, and the call must come before the first import of ``ui``."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    body = [
        n for n in tree.body if not isinstance(n, ast.Expr) or not isinstance(n.value, ast.Constant)
    ]
    calls = [
        i
        for i, n in enumerate(body)
        if isinstance(n, ast.Expr) and ast.unparse(n) == "runtime.configure()"
    ]
    assert calls, "dashboard.py must call runtime.configure()"
    before = body[: calls[0]]
    assert not any(
        isinstance(n, ast.ImportFrom) and (n.module or "").startswith("ui") for n in before
    )
    code = ast.unparse(ast.Module(body=before, type_ignores=[]))
    probe = code + "\nimport sys\nprint(sorted({m.split('.')[0] for m in sys.modules}))\n"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    loaded = set(ast.literal_eval(out.strip().splitlines()[-1]))
    assert "analytics" in loaded
    assert not loaded & {"polars", "numpy", "scipy", "duckdb", "pyarrow"}


def test_entry_hides_the_file_names_before_the_words_load():
    """On a fresh server the sidebar listed the raw file names ("dashboard, attribution, ...")
    for about 2 s while the entry loaded the catalogue (review of issue 19): the entry registers
    the pages, hidden, before its first import that loads Polars, from a module that loads none."""
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert source.index("pagelist.hide_file_names()") < source.index(
        "from ui import carry, returnto, shell"
    )
    probe = "import ui.pagelist, sys; print('polars' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_launcher_preloads_the_libraries_after_configure_and_streamlit():
    """``python -m ui.serve`` (``make run``): the allocator is configured before Polars loads,
    Streamlit is imported before the preload thread starts (Plotly's theme, made on Streamlit's
    import, would otherwise meet a half-imported pandas), and the entry waits for the preload.
    Checked in a subprocess with the command line replaced by one that only prints."""
    probe = (
        "import runpy, sys, os\n"
        "from analytics import runtime\n"
        "calls = []\n"
        "runpy.run_module = lambda name, **kw: calls.append((name, list(sys.argv)))\n"
        "from ui import serve\n"
        "serve.main(['--server.port', '1'])\n"
        "runtime.wait_preload()\n"
        "print(calls, os.environ.get('_RJEM_MALLOC_CONF') is not None,\n"
        "      all(m in sys.modules for m in runtime.FIRST_PAGE_MODULES), runtime.preloading())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == (
        "[('streamlit', ['streamlit', 'run', 'dashboard.py', '--server.port', '1'])] "
        "True True False"
    )
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert source.index("runtime.wait_preload()") < source.index(
        "from ui import carry, returnto, shell"
    )
