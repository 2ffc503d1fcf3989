"""Importing the findings layer (what the dashboard's first page loads to read stored
results) must not import scipy: scipy.stats alone costs ~0.75 s. The statistics import it
inside the functions that compute."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_findings_import_without_scipy() -> None:
    code = (
        "import sys, analytics.findings.sections, analytics.stats.raters, "
        "analytics.stats.reliability, analytics.stats.gaps, analytics.stats.quantiles; "
        "print(sorted(m for m in sys.modules if m == 'scipy' or m.startswith('scipy.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout[:500]


def test_the_statistics_still_compute_after_a_lazy_import() -> None:
    import numpy as np
    from scipy import stats

    from analytics.stats.quantiles import t_quantile

    assert t_quantile(np.array([10.0]))[0] == stats.t.ppf(0.975, 10)


#: run in a process of its own: the dashboard's first page (the overview) once, as a server's
#: first session runs it; prints each thread that imported SciPy (any of its modules)
FIRST_RUN = """
import sys, threading
seen = []
def spy(event, args):
    name = str(args[0])
    if event == "import" and (name == "scipy" or name.startswith("scipy.")):  # audited
        seen.append(threading.current_thread().name)
sys.addaudithook(spy)
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
assert not at.exception, at.exception
assert at.title and at.metric, "the overview was not drawn"
print(seen)
"""


def test_the_overviews_first_run_imports_no_scipy(small_demo_db, tmp_path) -> None:
    """The first page after a server start imports no SciPy in its run: the overview's
    guideline headline computes a Wilson interval, which took scipy.stats (0.75 s: 3.3 s for
    the first overview at 40M ratings, session 39), then scipy.special (0.17 s of the 0.45 s
    its script thread held the GIL at 40M, session 43) for one normal quantile; only the
    background warm-up imports them."""
    db = tmp_path / "perflens.duckdb"
    db.write_bytes(small_demo_db.read_bytes())
    out = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, str(ROOT / "dashboard.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PERFLENS_DB": str(db)},
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    threads = ast.literal_eval(out.stdout.strip().splitlines()[-1])
    assert set(threads) <= {"perflens-warm-imports"}, threads
