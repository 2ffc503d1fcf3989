"""Two ways of computing that stay safe when the dashboard computes on several threads.

Kept apart from :mod:`analytics.runtime` (the process settings and the background warm-up) on
purpose: the statistics import this module, so its source is hashed into the fingerprints of
the stored parts (:func:`analytics.findings.methods.code_hash`). An edit to the process
settings must not move every stored part's fingerprint and force a refit of every dataset.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

__all__ = ["SCIPY_MODULES", "each", "import_one", "import_scipy"]

#: every SciPy module the statistics import inside their functions (:func:`import_scipy`)
SCIPY_MODULES = (
    "scipy.special",
    "scipy.linalg",
    "scipy.stats",
    "scipy.sparse.linalg",
    "scipy.sparse",
    "scipy.sparse.csgraph",
    "scipy.optimize",
)
_scipy_lock = threading.Lock()


def import_one(name: str) -> None:
    """Import the module ``name`` while no other thread imports SciPy through this module."""
    with _scipy_lock:
        importlib.import_module(name)


def import_scipy() -> None:
    """Import :data:`SCIPY_MODULES` (at once when they are in), one thread at a time. Callers
    that start threads which compute (the parts' and sections' pools) call it first.

    Why: SciPy's modules import each other lazily (``scipy.sparse`` loads ``csgraph`` on first
    attribute use, which loads ``scipy.linalg``...), and two threads importing two of them at
    once can each hold a module lock the other needs: Python then breaks the cycle with
    ``_DeadlockError`` (seen under load: ``_ModuleLock('scipy.linalg.cython_lapack')`` while
    fitting the parts on two threads)."""
    with _scipy_lock:
        for name in SCIPY_MODULES:
            importlib.import_module(name)


def each(values, fn: Callable[[object], object], dtype, *, skip_nulls: bool = True):
    """``fn`` of every value of the Polars Series ``values`` (a null left null with
    ``skip_nulls``), as a Series of ``dtype`` with its name: computed on the calling thread.

    Why not ``map_elements``: Polars runs that function on its thread pool, each call taking
    the GIL, and a thread that holds the GIL while it waits for the same pool
    (``pl.from_arrow``, under every DuckDB read into Polars) then waits for those calls for
    ever, and every thread of the process with it. With two sessions at once, one page's
    table being worded while another read the database, the dashboard froze: its health
    check unanswered at 3% CPU (rev31b finding 12; reproduced in 20 s with two such
    threads). ``tests/test_hang31.py`` fails on a ``map_elements`` in the product."""
    import polars as pl

    out = [None if skip_nulls and v is None else fn(v) for v in values.to_list()]
    return pl.Series(values.name, out, dtype=dtype)
