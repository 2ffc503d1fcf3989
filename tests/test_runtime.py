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


def test_warm_imports_load_the_statistics_libraries_once_in_the_background() -> None:
    code = (
        "import sys\n"
        "from analytics import runtime\n"
        "assert 'scipy.stats' not in sys.modules\n"
        "t = runtime.warm_imports()\n"
        "assert runtime.warm_imports() is t and t.daemon\n"
        "t.join()\n"
        "assert 'scipy.stats' in sys.modules and 'scipy.sparse.linalg' in sys.modules\n"
        "assert 'plotly.graph_objects' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_preload_goes_on_to_the_statistics_libraries_on_their_own_thread() -> None:
    """``python -m ui.serve``: once the first page's libraries are in, the preload starts
    SciPy's import (:func:`warm_imports`) and the entry's wait is over (it waits for the
    first-page modules only)."""
    code = (
        "import sys, threading\n"
        "from analytics import runtime\n"
        "assert 'scipy.stats' not in sys.modules\n"
        "t = runtime.preload()\n"
        "runtime.wait_preload()\n"
        "assert not runtime.preloading()\n"
        "assert all(m in sys.modules for m in runtime.FIRST_PAGE_MODULES)\n"
        "t.join()\n"
        "names = {th.name for th in threading.enumerate()}\n"
        "assert 'perflens-warm-imports' in names or 'scipy.stats' in sys.modules, names\n"
        "runtime.warm_imports().join()\n"
        "assert 'scipy.stats' in sys.modules and 'scipy.sparse.linalg' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
