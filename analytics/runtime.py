"""Process-wide settings for the programs that run PerfLens (dashboard, CLI, benchmark).

Nothing happens on import: an entry point calls :func:`configure` first thing, before Polars,
NumPy or SciPy are loaded. A notebook that imports ``analytics`` keeps its own allocator and
BLAS threads.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence

from analytics import threadsafe

__all__ = [
    "ALLOCATOR_CONF",
    "FIRST_PAGE_MODULES",
    "QUIET_AFTER_RUN_S",
    "QUIET_AFTER_START_S",
    "READS_AFTER_RUN_S",
    "configure",
    "end_background",
    "limit_blas",
    "page_run",
    "preload",
    "preloading",
    "wait_preload",
    "warm_imports",
    "when_quiet",
    "when_quiet_steps",
]

# Polars' allocator (jemalloc) hands freed pages back to the system one second after they are
# freed, from a background thread. Why: by default it keeps them, so a long step (the import's
# materialisation) ends holding the peak of every earlier step. Fitting every model churns
# about 1.6 GiB of intermediate frames a second, and the pages freed within the decay time stay
# resident: at 31.8M ratings its peak was 7.74-7.93 GiB with a ten-second decay and
# 7.25-7.31 GiB with one second, in 20.1-21.8 s against 20.4-24.0 s (interleaved runs; the
# extra page faults, 3.1M against 2.0M, did not show in the time).
# jemalloc reads this once, when Polars is first imported.
ALLOCATOR_CONF = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"

_configured = False


def configure() -> None:
    """Private files, allocator decay and BLAS on one thread for this process (idempotent).

    BLAS on one thread: our linear algebra is small (coarse-level factorisations of the rater
    model, a bootstrap's matrix-vector products) and the parts of a scope are already fitted on
    two threads (``findings`` fit_parts); OpenBLAS's own spinning threads only took CPU from
    them (fitting every model at 9.5M ratings: about 13.4 CPU s with BLAS threads, 12 without).
    The variable covers the libraries not loaded yet; threadpoolctl those already loaded (NumPy
    and SciPy each bundle an OpenBLAS). ``PERFLENS_BLAS_THREADS`` overrides it."""
    global _configured
    if _configured:
        return
    _configured = True
    # files this program writes (databases, their work copies and spill folders, uploads,
    # reports, the registry, the access log) readable by its own account only: 0600 / 0700
    # (docs/security.md, "Data at rest"); PERFLENS_UMASK (octal) overrides it
    os.umask(int(os.environ.get("PERFLENS_UMASK", "077"), 8))
    os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR_CONF)
    limit_blas()


def limit_blas() -> None:
    """BLAS on ``PERFLENS_BLAS_THREADS`` (default one) thread in this process and the programs
    it starts (see :func:`configure`, which calls it); the test processes call it too, so
    their in-process refreshes and fits run as the entry points' do (the small demo's refresh
    took 7.5-8.2 CPU s with OpenBLAS's threads, 6.1 without: session 38)."""
    threads = os.environ.get("PERFLENS_BLAS_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", threads)
    # OpenBLAS reads the variable when it loads; only builds already loaded need threadpoolctl
    # (loading NumPy and SciPy here just to limit them cost the dashboard's start about 0.4 CPU s)
    if {"numpy", "scipy"} & set(sys.modules):
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=int(threads), user_api="blas")


#: the libraries a page may need that cost most to import (SciPy's statistics about 0.75 s),
#: in steps: between two, the import waits while a page runs (:func:`page_run`)
HEAVY_MODULES = ("scipy.special", "scipy.linalg", "scipy.stats", "scipy.sparse.linalg")
#: how long after a page's run the background imports still wait: the browser is drawing what
#: the run sent (the first page after a start: about 1.2 s from the run's end to the charts
#: drawn on a quiet machine, session 22), and on 2 cores an import beside it takes one
QUIET_AFTER_RUN_S = 2.0
#: how long after a page's run the reads made ahead for the next pages wait
#: (:func:`when_quiet_steps`, ``ui.scopewarm``): a fraction of :data:`QUIET_AFTER_RUN_S`.
#: Why: those reads are what a reader's next page would make (the rater page's columns, the
#: appeal statistics, the changes), each a short DuckDB read that leaves the GIL; waiting two
#: seconds left them undone when the next page came sooner, as it does for a reader who knows
#: where to click. At 40M ratings, the company's pages loaded back to back (``bench.browser_pages
#: --think 0``, session 43): the rater page's first visit in Chinese took 2.25 s (1.57 server
#: CPU s) with this wait at 2 s, 1.42 s (0.61) at 0.3 s, the attribution page's 2.20 (1.74)
#: against 1.87 (1.27); the price is paid by the loads right after the page that started them
#: (the overview's reloads at once: median 0.77 s, at most 1.14, against 0.50)
READS_AFTER_RUN_S = 0.3
#: how long after the first page's libraries are in (the server starting) the statistics
#: imports wait for a first page: ``make run`` opens the browser at the overview as the server
#: starts, whose first run began about a second after the health check answered on a quiet
#: machine and 5-20 s later under a load of 30 (session 23); a browser that comes later finds
#: SciPy imported
QUIET_AFTER_START_S = 10.0
_quiet = threading.Condition()
_running = 0  # page runs in progress (every session of the process)
_last_run_end: float | None = None  # time.monotonic() of the last run's end
_started: dict[str, threading.Thread] = {}  # by name: the background imports started
_start_lock = threading.Lock()
_ending = False  # the process is ending: no background work begins (end_background)
_WARM, _PRELOAD = "perflens-warm-imports", "perflens-preload"  # their threads' names


def _start_once(name: str, target: Callable[[], None]) -> threading.Thread:
    """The daemon thread ``name`` running ``target``: started on the first call, the same
    thread on every later one (from any thread), never a second run."""
    with _start_lock:
        thread = _started.get(name)
        if thread is None:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            _started[name] = thread
        return thread


def warm_imports(settle: float = 0.0) -> threading.Thread:
    """Import :data:`HEAVY_MODULES` (after a first figure, :func:`_warm_figures`) on a
    background thread, once per process; returns it.

    Why: the modules are imported where they are used, so the dashboard's first page does not
    wait for them; the dashboard calls this once that page is drawn, so the first page that
    computes a statistic (a sub-department's guideline fit: 0.75 s of SciPy's import in its
    first 1.3 s at 40M ratings) does not pay the import either. A page that needs a module
    while the thread imports it waits for that import, never imports it twice.

    The imports wait while a page runs and the browser draws it (:func:`page_run`), and,
    with ``settle``, that many seconds from the call: the launcher's, made while the server
    starts, leaves the time to a first page requested at once (:data:`QUIET_AFTER_START_S`)."""
    return _start_once(_WARM, lambda: _import_heavy(settle))


def when_quiet(name: str, target: Callable[[], object]) -> threading.Thread:
    """Run ``target`` on the daemon thread ``name`` once no page runs and none ended in the
    last :data:`QUIET_AFTER_RUN_S` (:func:`page_run`), once per name and process; returns the
    thread. A failure is left for the page that needs the value to raise.

    Why: a value the same for every scope and session of a data version that a page computes
    on its first run (the rater page's graded people: a scan of every manager rating, 2-2.7
    CPU s at 40M ratings, session 23) is computed in the quiet after the first page instead,
    so no scope's first visit pays it; a page that needs it meanwhile waits for it (the
    cache's lock), never computes it twice."""

    def run() -> None:
        _wait_quiet()
        if _ending:  # the process is ending (end_background)
            return
        try:
            target()
        except Exception:  # noqa: BLE001 - the page that needs it computes it and says so
            return

    return _start_once(name, run)


#: one step of :func:`when_quiet_steps` at a time, whichever thread's
_step_lock = threading.Lock()


def when_quiet_steps(name: str, steps: Sequence[Callable[[], object]]) -> threading.Thread:
    """As :func:`when_quiet`, for reads in ``steps``: each step once no page runs and none
    ended in the last :data:`READS_AFTER_RUN_S`, one step at a time in the process (whichever
    thread's), a failed step left for the page that needs it. Why: a page asked for while
    the work is under way waits for one step at most (or finds its value computed), not for
    the whole of it, and two scopes' work started by one quiet moment do not share the two
    cores with each other and a page."""

    def run() -> None:
        for step in steps:
            while True:
                _wait_quiet(after=READS_AFTER_RUN_S)
                if _ending:
                    return
                with _step_lock:
                    if not _quiet_now(READS_AFTER_RUN_S):  # a page ran while this thread waited
                        continue
                    # a failure is left for the page that needs the value: it says so
                    with contextlib.suppress(Exception):
                        step()
                    break

    return _start_once(name, run)


@contextlib.contextmanager
def page_run() -> Iterator[None]:
    """Mark a page's script run (the dashboard's entry wraps its runs in it): the background
    imports (:func:`warm_imports`) do not start a step while one runs, nor in the
    :data:`QUIET_AFTER_RUN_S` after it.

    Why: SciPy's import (0.75 CPU s, holding the GIL most of it) had started with the server
    and ran beside the first page's run, which it slowed, and beside the browser's drawing
    of it, whose 2 cores it shared (session 23: about half of the server's CPU during the
    first overview after a start). A page that needs SciPy imports it itself meanwhile."""
    global _running, _last_run_end
    with _quiet:
        _running += 1
    try:
        yield
    finally:
        with _quiet:
            _running -= 1
            _last_run_end = time.monotonic()
            _quiet.notify_all()


def end_background(timeout: float) -> bool:
    """The end of the process: background work that has not begun is not begun, and the
    threads at work are waited for (at most ``timeout`` seconds in all); whether none is left.
    Why: a daemon thread still querying DuckDB while the interpreter ended kept a connection
    past DuckDB's bindings ("nanobind: leaked ...") or aborted ("terminate called", left30
    item 7)."""
    global _ending
    with _quiet:
        _ending = True
        _quiet.notify_all()
    deadline = time.monotonic() + timeout
    with _start_lock:
        threads = list(_started.values())
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(t.is_alive() for t in threads)


def _quiet_now(after: float | None = None) -> bool:
    """Whether no page runs, none ended in the last ``after`` seconds (default
    :data:`QUIET_AFTER_RUN_S`) and the process is not ending."""
    after = QUIET_AFTER_RUN_S if after is None else after
    with _quiet:
        ended = -float("inf") if _last_run_end is None else _last_run_end
        return not (_ending or _running) and time.monotonic() - ended >= after


def _wait_quiet(not_before: float = 0.0, after: float | None = None) -> None:
    """Return once no page runs, none ended in the last ``after`` seconds (default
    :data:`QUIET_AFTER_RUN_S`) and the ``time.monotonic()`` clock has reached ``not_before``
    (at once when the process ends)."""
    after = QUIET_AFTER_RUN_S if after is None else after
    with _quiet:
        while not _ending:
            if _running:
                _quiet.wait()
                continue
            ended = -float("inf") if _last_run_end is None else _last_run_end
            left = max(not_before, ended + after) - time.monotonic()
            if left <= 0:
                return
            _quiet.wait(left)


def _import_heavy(settle: float = 0.0) -> None:
    _warm_figures()
    start = time.monotonic()
    for name in HEAVY_MODULES:
        _wait_quiet(start + settle)
        if _ending:  # the process is ending: nothing more to warm (end_background)
            return
        threadsafe.import_one(name)  # not beside a pool's threadsafe.import_scipy


#: the parts of the charts' template (:data:`analytics.export.figures.TEMPLATE`, which this
#: bottom layer cannot import) whose Plotly classes a first figure loads
FIGURE_PARTS = {
    "layout": {"xaxis": {}, "yaxis": {}, "legend": {}, "hoverlabel": {}, "title": {}},
    "data": {"bar": [{}], "scatter": [{}]},
}


def _warm_figures() -> None:
    """Build one empty figure with a template of the charts' parts. Why: Plotly loads its
    classes and validators on their first use, about 0.1-0.15 CPU s that the first chart of a
    server's first page paid (session 19); later figures reuse them (0.01 s). First, before
    SciPy: nearly every page has a chart. A failure is left for the page's own figure to
    report."""
    try:
        import plotly.graph_objects as go

        go.Figure(layout={"template": FIGURE_PARTS})
    except Exception:  # noqa: BLE001 - the page's own figure reports it
        return


#: the libraries the dashboard's first page run imports that cost most (about 0.6 CPU s with a
#: warm file cache, seconds from a cold disk). Third-party only: none imports PerfLens code, so
#: a page importing them meanwhile just waits for the import in progress. The ``ui`` modules
#: stay out: their ``st.cache_data`` functions must be made once Streamlit's runtime exists
#: (made before, they keep a memory-only cache manager: "No runtime found").
FIRST_PAGE_MODULES = ("polars", "duckdb", "pyarrow", "pandas")
#: set once :data:`FIRST_PAGE_MODULES` are imported (or failed): what the entry waits for
_first_page_ready = threading.Event()


def preload(also: tuple[str, ...] = ()) -> threading.Thread:
    """Import :data:`FIRST_PAGE_MODULES`, then the modules ``also`` names (the launcher's: the
    PerfLens and Streamlit modules the first page's run imports, none of which the entry
    imports before it waits), on a background thread, once per process; returns it.
    Then it starts :func:`warm_imports` (SciPy's statistics), which the entry does not wait for.

    Only the dashboard's launcher (``python -m ui.serve``) calls this, after :func:`configure`
    and Streamlit's own import, while Streamlit starts its server: the first page's run then
    finds them imported, or waits only for what is left. A module that fails to import here is
    left for the page to import (and report) itself.

    Why SciPy too, and not only once the first page is drawn: the rater, attribution and person
    pages compute with it on their first run (the rater page's appeal rates: Wilson intervals
    and Fisher tests), and the first of them after a server start paid its import (about
    0.75 CPU s) inside the page's run (session 19). Since session 23 it waits while a page
    runs and the browser draws it (:func:`page_run`) and, for :data:`QUIET_AFTER_START_S`,
    for a first page requested with the server's start: it had run beside the first
    overview's run and drawing and slowed both (the overview needs no SciPy; a rater page
    requested first now imports it inside its run)."""
    return _start_once(_PRELOAD, lambda: _import_first_page(FIRST_PAGE_MODULES + also))


def preloading() -> bool:
    """Whether :func:`preload`'s first-page imports are still running (the entry then hides the
    page files' names itself, as on a server started without the launcher)."""
    return _PRELOAD in _started and not _first_page_ready.is_set()


def wait_preload() -> None:
    """Wait for :func:`preload`'s first-page imports, if any are running (not for SciPy's,
    which follow on their own thread). The entry calls this before its own imports: two
    threads importing overlapping modules in different orders can deadlock, and Python breaks
    such a cycle by handing one of them a half-initialised module (seen: Plotly given pandas
    without ``Series`` while the launcher still imported it). SciPy's import does not overlap
    that way: no module the entry or a page imports at module level imports SciPy (they
    import it inside the functions that compute), and SciPy imports none of them."""
    if _PRELOAD in _started:
        _first_page_ready.wait()


def _import_first_page(names: tuple[str, ...]) -> None:
    import importlib

    try:
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the page's own import reports it
                return
    finally:
        _first_page_ready.set()
    warm_imports(settle=QUIET_AFTER_START_S)
