"""``import analytics`` changes nothing in the host process; ``runtime.configure()`` (called by
the entry points) sets the allocator decay and BLAS on one thread, whether NumPy/SciPy were
loaded before it or after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, os, sys
{before}
{configure}
{imports}
import numpy, scipy.linalg
from threadpoolctl import threadpool_info
print(json.dumps({{
    "malloc": os.environ.get("_RJEM_MALLOC_CONF"),
    "openblas": os.environ.get("OPENBLAS_NUM_THREADS"),
    "threads": sorted({{i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}}),
}}))
"""


ANALYTICS = "import analytics, analytics.findings.report, analytics.cli"


def _probe(
    before: str = "", configure: str = "", imports: str = ANALYTICS, env: dict | None = None
) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("_RJEM_MALLOC_CONF", "OPENBLAS_NUM_THREADS", "PERFLENS_BLAS_THREADS")
    } | (env or {})
    env["PYTHONPATH"] = str(ROOT)
    code = PROBE.format(before=before, configure=configure, imports=imports)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_analytics_sets_nothing():
    from analytics.runtime import ALLOCATOR_CONF

    got = _probe()
    assert got["malloc"] != ALLOCATOR_CONF and got["openblas"] is None
    # the machine's default BLAS threads (one on a one-CPU runner), as without analytics
    assert got["threads"] and got["threads"] == _probe(imports="")["threads"]
    # a host's own setting stays as it was
    host = _probe(env={"OPENBLAS_NUM_THREADS": "2", "_RJEM_MALLOC_CONF": "narenas:1"})
    assert host["openblas"] == "2" and host["malloc"].endswith("narenas:1")
    assert host["threads"] == _probe(imports="", env={"OPENBLAS_NUM_THREADS": "2"})["threads"]


def test_configure_limits_blas_loaded_after_it():
    from analytics.runtime import ALLOCATOR_CONF

    got = _probe(configure="from analytics import runtime; runtime.configure()")
    # Polars puts its own defaults in front when it loads; jemalloc takes the last setting
    assert got["malloc"].endswith(ALLOCATOR_CONF)
    assert got["openblas"] == "1" and got["threads"] == [1]


def test_configure_limits_blas_loaded_before_it():
    got = _probe(
        before="import numpy, scipy.linalg",
        configure="from analytics import runtime; runtime.configure()",
    )
    assert got["threads"] == [1] and got["openblas"] == "1"


def test_preload_goes_on_to_the_statistics_libraries_on_their_own_thread() -> None:
    """``python -m ui.serve``: once the first page's libraries are in, the preload starts
    SciPy's import (:func:`warm_imports`) and the entry's wait is over (it waits for the
    first-page modules only). The wait the preload leaves a first page before SciPy
    (``QUIET_AFTER_START_S``, 10 s: most of this module's wall time, with no page to wait for)
    shortened: :func:`test_the_launchers_statistics_imports_leave_time_to_a_first_page` tests it.

    Folded in (one Python process importing the first page's libraries for the three, 1.3-1.8
    CPU s each): ``test_preload_imports_the_modules_it_is_also_given_before_the_entry_goes_on``
    (the modules ``preload(also=...)`` is given are in before ``wait_preload`` returns) and
    ``test_the_launchers_first_run_modules_import_no_ui_module`` (``ui.serve.FIRST_RUN_MODULES``
    are imported before Streamlit's runtime exists: none may import a ``ui`` module, their
    ``st.cache_data`` functions need the runtime; nothing else here imports one either)."""
    code = (
        "import ast, importlib, pathlib, sys, threading\n"
        "from analytics import runtime\n"
        "runtime.QUIET_AFTER_START_S = 0.2\n"
        "assert 'scipy.stats' not in sys.modules\n"
        "t = runtime.preload(also=('streamlit.emojis', 'analytics.export.figures'))\n"
        "runtime.wait_preload()\n"
        "assert not runtime.preloading()\n"
        "assert all(m in sys.modules for m in runtime.FIRST_PAGE_MODULES)\n"
        "assert 'streamlit.emojis' in sys.modules and 'analytics.export.figures' in sys.modules\n"
        "t.join()\n"
        "names = {th.name for th in threading.enumerate()}\n"
        "assert 'perflens-warm-imports' in names or 'scipy.stats' in sys.modules, names\n"
        "runtime.warm_imports().join()\n"
        "assert 'scipy.stats' in sys.modules and 'scipy.sparse.linalg' in sys.modules\n"
        "tree = ast.parse(pathlib.Path('ui/serve.py').read_text())\n"
        "names = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)"
        " and n.targets[0].id == 'FIRST_RUN_MODULES')\n"
        "assert 'streamlit.emojis' in names, names\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "assert not [m for m in sys.modules if m == 'ui' or m.startswith('ui.')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_statistics_imports_wait_while_a_page_runs_and_the_browser_draws() -> None:
    """Session 23: SciPy's background import had run beside the first page's run and the
    browser's drawing of it. Now it starts no step while a page runs, nor in the
    ``QUIET_AFTER_RUN_S`` after it; before any run, at once.

    Folded in (one Python process and one import of SciPy and Plotly, about 1.2 CPU s, for
    both): ``test_warm_imports_load_the_statistics_libraries_once_in_the_background``, the
    statistics libraries imported once, on a daemon thread, by ``warm_imports``."""
    _python(
        "import sys, time\n"
        "from analytics import runtime\n"
        "assert 'scipy.stats' not in sys.modules\n"
        "runtime.QUIET_AFTER_RUN_S = 0.5\n"
        "with runtime.page_run():\n"
        "    t = runtime.warm_imports()\n"
        "    assert runtime.warm_imports() is t and t.daemon\n"
        "    time.sleep(1.0)\n"
        "    assert 'scipy.special' not in sys.modules\n"
        "    ended = time.monotonic()\n"
        "time.sleep(0.2)\n"
        "assert 'scipy.special' not in sys.modules\n"
        "t.join()\n"
        "assert time.monotonic() - ended >= 0.5\n"
        "assert 'scipy.stats' in sys.modules and 'scipy.sparse.linalg' in sys.modules\n"
        "assert 'plotly.graph_objects' in sys.modules\n"
    )


def test_the_launchers_statistics_imports_leave_time_to_a_first_page() -> None:
    """The preload's SciPy import waits ``QUIET_AFTER_START_S`` for a first page requested
    with the server's start (session 23)."""
    _python(
        "import sys, time\n"
        "from analytics import runtime\n"
        "runtime.QUIET_AFTER_START_S = 1.5\n"
        "began = time.monotonic()\n"
        "runtime.preload().join()\n"
        "time.sleep(0.5)\n"
        "assert 'scipy.special' not in sys.modules\n"
        "runtime.warm_imports().join()\n"
        "assert time.monotonic() - began >= 1.5 and 'scipy.stats' in sys.modules\n"
    )


def _python(*parts: str) -> None:
    """Run the code ``parts`` make in a fresh Python process at the project's root."""
    subprocess.run([sys.executable, "-c", "".join(parts)], check=True, cwd=ROOT)


def test_a_value_warmed_in_the_quiet_waits_for_the_page_run_and_is_computed_once() -> None:
    """``when_quiet`` (session 24: the rater page's graded people after the first page): the
    target starts only once no page runs and ``QUIET_AFTER_RUN_S`` passed, runs once per name
    however often it is asked for, and a failing target leaves the process alone."""
    _python(
        "import time\n"
        "from analytics import runtime\n"
        "runtime.QUIET_AFTER_RUN_S = 0.5\n"
        "done = []\n"
        "with runtime.page_run():\n"
        "    t = runtime.when_quiet('w', lambda: done.append(time.monotonic()))\n"
        "    time.sleep(0.8)\n"
        "    assert not done\n"
        "    ended = time.monotonic()\n"
        "assert runtime.when_quiet('w', lambda: done.append(0.0)) is t\n"
        "t.join()\n"
        "assert len(done) == 1 and done[0] - ended >= 0.5, (done, ended)\n"
        "runtime.when_quiet('boom', lambda: 1 / 0).join()\n"
    )


def test_steps_in_the_quiet_leave_the_cores_to_a_page_that_begins_between_two() -> None:
    """``when_quiet_steps`` (session 31: a scope's rater and attribution reads after a page):
    a page that begins during one step is not shared with the next, which starts once it
    ended and ``READS_AFTER_RUN_S`` passed (not the imports' longer ``QUIET_AFTER_RUN_S``);
    a failing step leaves the next to run."""
    _python(
        "import threading, time\n"
        "from analytics import runtime\n"
        "runtime.QUIET_AFTER_RUN_S = 30.0\n"
        "runtime.READS_AFTER_RUN_S = 0.3\n"
        "done, begun = [], threading.Event()\n"
        "def page():\n"
        "    with runtime.page_run():\n"
        "        begun.set()\n"
        "        time.sleep(0.4)\n"
        "        done.append(('page', time.monotonic()))\n"
        "def first():\n"
        "    done.append(('first', time.monotonic()))\n"
        "    threading.Thread(target=page).start()\n"
        "    begun.wait()\n"
        "last = lambda: done.append(('last', time.monotonic()))\n"
        "runtime.when_quiet_steps('s', [first, lambda: 1 / 0, last]).join()\n"
        "assert [n for n, _t in done] == ['first', 'page', 'last'], done\n"
        "assert 0.3 <= done[2][1] - done[1][1] < 10, done\n"  # not the imports' 30 s
    )


def test_the_test_processes_run_blas_on_one_thread_as_the_programs_do():
    """tests/conftest.py limits BLAS as ``runtime.configure`` does for every entry point: the
    fixtures' imports refresh in this process, and OpenBLAS's spinning threads took CPU from the
    other test process (the small demo's rater model inverts 300 x 300 matrices: 0.53 CPU s of
    its refresh with them, 0.03 without)."""
    import numpy  # noqa: F401  (loaded, as by every refresh)
    from threadpoolctl import threadpool_info

    assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == {1}
