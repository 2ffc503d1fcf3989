"""Start the dashboard: ``python -m ui.serve [streamlit run options]`` (``make run`` does).

The same as ``python -m streamlit run dashboard.py [options]`` (Streamlit's documented command
line, run in this process through :mod:`runpy`), plus the libraries and modules that the first
page's run needs imported on a background thread while Streamlit starts
(:func:`analytics.runtime.preload`). Why: the first page after a server start spent about 2 CPU s
importing Polars, DuckDB, pyarrow, pandas, Plotly and the page modules before it drew anything
(session 18, docs/benchmarks.md); started with the server, that work overlaps Streamlit's own
start and the browser's loading of the frontend, and a first request that arrives before it is
done waits only for what is left (an import in progress is finished once, never repeated).
"""

from __future__ import annotations

import runpy
import sys

from analytics import runtime

__all__ = ["FIRST_RUN_MODULES", "main"]

#: what the first page's run imported beyond the libraries (session 23, ``-X importtime`` and
#: py-spy of the first overview after a start): Streamlit's emoji table, which the language
#: switch's first render loads (0.11 CPU s, a fifth of that run's samples under load), and the
#: PerfLens modules under the pages (the findings, export and store layers: 0.05 CPU s). None
#: of them is imported by the entry before it waits for the preload, and none imports ``ui``.
FIRST_RUN_MODULES = (
    "streamlit.emojis",
    "analytics.export.report",
    "analytics.export.figures",
    "analytics.store.datasets",
    "analytics.store.accesslog",
    "analytics.findings.visibility",
)


def main(argv: list[str] | None = None) -> None:
    """``streamlit run dashboard.py *argv`` with the first page's imports started beforehand."""
    runtime.configure()  # first: the allocator settings must be in place when Polars loads
    # Streamlit's own import (Plotly's theme) peeks at sys.modules for pandas: finish it before
    # another thread may hold pandas half-imported
    import streamlit  # noqa: F401

    from ui.stinternals import end_legacy_pages, skip_direct_run_check

    skip_direct_run_check()  # run by ``streamlit run``: no shell check on the first element
    end_legacy_pages()  # the first session's ``?lang=`` belongs to the app, not to a "dashboard" page
    runtime.preload(also=FIRST_RUN_MODULES)
    sys.argv = ["streamlit", "run", "dashboard.py", *(sys.argv[1:] if argv is None else argv)]
    runpy.run_module("streamlit", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
