"""Importing the findings layer (what the dashboard's first page loads to read stored
results) must not import scipy: scipy.stats alone costs ~0.75 s. The statistics import it
inside the functions that compute."""

from __future__ import annotations

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
