"""First visits of the pages in one process, with the server's CPU:
``python -m bench.first_visits --db PATH [--scopes '-;cycle=2026Q2;dept=销售中心']
[--pages raters,overview] [--langs zh,en] [--think 3] [--no-ledger] [--role analyst]``.

Each visit is a new session (Streamlit's ``AppTest``) whose entry run is the overview in the
scope, then, ``--think`` seconds later (a reader; the quiet work of ``runtime.when_quiet`` runs
then), the page: its first visit in that scope and language, then once more (warm). Printed per
visit: the process's CPU seconds of the page's run (``getrusage``: every thread, the harness's
own reading of the page's elements too), and, with the ledger, the page thread's CPU
(``time.thread_time``) in the functions a page calls, inclusive and exclusive of the others,
and the process's CPU while each ran (inclusive: DuckDB's and Polars' worker threads, which the
page thread's time leaves out, and whatever else ran meanwhile).
``--role`` signs each visit's session in with that role (``--departments`` for an HRBP's or a
department head's subtrees) as the page tests do (the session's viewer,
``ui.auth.VIEWER_KEY``); without it the session is the local administrator's.

Why a ledger, not cProfile: cProfile with a CPU timer (``time.thread_time``) calls the timer in
Python at every call and return, and charged Plotly's many small calls five to ten times their
cost (session 25: the demo's rater page thread 1.93 CPU s under it, 0.38 without). One timer
read per wrapped call is cheap. Run it under ``flock /tmp/lead/40m.lock`` at 40M ratings
(docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import collections
import functools
import importlib
import os
import resource
import threading
import time
from pathlib import Path

__all__ = ["LEDGER", "Ledger", "main"]

#: (module, functions) wrapped by the ledger: what the pages call, public names only, and
#: Streamlit's script run (the page thread's whole run)
LEDGER = (
    (
        "ui.cache",
        (
            "section",
            "section_columns",
            "section_rows",
            "largest_movers",
            "derived",
            "names",
            "view",
            "findings",
            "unit",
            "cycle_units",
            "left_out",
            "people",
            "person",
            "person_rows",
        ),
    ),
    # the person page's (session 30)
    ("ui.appeals", ("person_section", "appeal_rows")),
    ("ui.audit", ("person_view",)),
    ("analytics.calibration.evidence", ("raters_of",)),
    (
        "analytics.findings.person",
        (
            "adjusted_lines",
            "as_rater_lines",
            "by_dimension",
            "outcomes_shown",
            "potential_line",
            "rank_caution_line",
            "rater_view",
            "scales_of",
            "zero_weight_dimensions",
        ),
    ),
    (
        "ui.charts",
        ("figure", "plot", "frozen", "headlines", "waterfall", "waterfall_notes", "sources_note"),
    ),
    ("ui.tables", ("show", "fingerprint", "fit", "column_config", "scope_unit")),
    ("ui.appeals", ("rater_section", "findings")),
    ("analytics.calibration.appeal_findings", ("appeal_findings", "graded_counts", "sentences")),
    ("analytics.calibration.appeals", ("all_appeals",)),
    ("analytics.stats.appeals", ("appeal_rates", "overturn_signal", "resolution_times")),
    # the rater page's own parts (session 30): its sentences, tables and the drift section's
    (
        "ui.consistency",
        ("show_reliability", "show_role_gaps", "pattern_notes", "ct_too_few"),
    ),
    ("analytics.stats.links", ("team_gap_order",)),
    (
        "analytics.calibration.drift",
        ("session_moves", "group_moves", "by_rater", "by_department", "by_group", "flagged"),
    ),
    ("analytics.findings.fewnames", ("with_few_names",)),
    # the attribution page's (session 28)
    (
        "analytics.findings.stories",
        (
            "shift_sentences",
            "team_shift_sentences",
            "rater_change_sentences",
            "material_shift",
            "scale_breaks",
            "sources_changed_pairs",
            "gaps_unestimable",
            "recheck_gap",
        ),
    ),
    ("analytics.stats.attribution", ("largest_movers",)),
    ("ui.personpicker", ("pick_among", "labels")),
    ("ui.agreement", ("show_agreement",)),
    ("ui.raters_panel", ("show_panel", "model_note")),
    ("ui.calibration", ("drift_section",)),
    ("ui.shell", ("page_start", "latest_departments_note")),
    ("analytics.findings.names", ("with_names",)),
    ("analytics.findings.headlines", ("rater_status_lines", "nested_lines", "ct_rule_lines")),
    (
        "analytics.export.figures",
        (
            "rater_effects_chart",
            "consistency_chart",
            "dumbbell",
            "written_in",
            "attribution_bars",
            "kpi_driver_bars",
            "person_history",
        ),
    ),
    ("analytics.text", ("render_frame", "render_column")),
)
_LANGS = {"zh": "中文", "en": "English"}


class Ledger:
    """The page thread's CPU per wrapped function: calls, inclusive and exclusive seconds."""

    def __init__(self) -> None:
        self.stats: dict[str, list] = collections.defaultdict(lambda: [0, 0.0, 0.0, 0.0])
        self.local = threading.local()

    def wrap(self, owner, attr: str, label: str) -> None:
        fn = getattr(owner, attr)
        if getattr(fn, "ledger", False):
            return

        @functools.wraps(fn)
        def counted(*args, **kwargs):
            stack = self.local.__dict__.setdefault("stack", [])
            start, process = time.thread_time(), _cpu()
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                spent, inner = time.thread_time() - start, stack.pop()
                if stack:
                    stack[-1] += spent
                row = self.stats[label]
                row[0] += 1
                row[1] += spent
                row[2] += spent - inner
                row[3] += _cpu() - process

        counted.ledger = True  # type: ignore[attr-defined]
        setattr(owner, attr, counted)

    def install(self) -> None:
        from streamlit.runtime.scriptrunner import script_runner

        self.wrap(script_runner.ScriptRunner, "_run_script", "page thread (whole run)")
        for name, attrs in LEDGER:
            module = importlib.import_module(name)
            for attr in attrs:
                if hasattr(module, attr):  # (a function since removed: ui.raters_panel.model_note)
                    self.wrap(module, attr, f"{name.rsplit('.', 1)[-1]}.{attr}")

    def report(self, title: str, least: float) -> None:
        print(f"--- {title}")
        for label, (n, inc, exc, proc) in sorted(self.stats.items(), key=lambda kv: -kv[1][3]):
            if max(inc, proc) >= least:
                print(f"  {label:45s} n={n:4d} incl {inc:7.3f} excl {exc:7.3f} process {proc:7.3f}")
        self.stats.clear()


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--scopes", default="-;cycle=2026Q2;dept=销售中心")
    parser.add_argument("--pages", default="raters")
    parser.add_argument("--langs", default="zh,en")
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument("--no-ledger", action="store_true")
    parser.add_argument("--role", default=None, help="hr_admin, analyst, hrbp, dept_head")
    parser.add_argument("--departments", default="", help="comma-separated subtrees")
    args = parser.parse_args(argv)
    os.environ["PERFLENS_DB"] = args.db
    from streamlit.testing.v1 import AppTest

    from analytics.auth.roles import Viewer
    from ui.auth import VIEWER_KEY

    viewer = None
    if args.role:
        depts = tuple(d for d in args.departments.split(",") if d)
        viewer = Viewer(f"bench-{args.role}@example.com", args.role, departments=depts)
    ledger = Ledger()
    if not args.no_ledger:
        ledger.install()
    app = str(Path(__file__).resolve().parent.parent / "dashboard.py")

    def session(lang: str, params: dict[str, str]):
        at = AppTest.from_file(app, default_timeout=1800)
        at.query_params["lang"] = _LANGS[lang]
        if viewer is not None:
            at.session_state[VIEWER_KEY] = viewer
        for key, value in params.items():
            at.query_params[key] = value
        return at

    start = _cpu()
    session("zh", {}).run().switch_page("pages/data.py").run()  # the server's first runs
    print(
        f"start + data page {_cpu() - start:.2f} CPU s, load {os.getloadavg()[0]:.1f}, "
        f"role {viewer.role if viewer else 'local administrator'}"
    )
    ledger.stats.clear()
    for scope in args.scopes.split(";"):
        params = dict(kv.split("=", 1) for kv in scope.split("&")) if scope not in "-" else {}
        for page in args.pages.split(","):
            for lang in args.langs.split(","):
                for kind in ("first", "warm"):
                    at = session(
                        lang, params | ({"employee": "E000001"} if page == "person" else {})
                    )
                    entry = _cpu()
                    at.run()
                    entry = _cpu() - entry
                    ledger.stats.clear()
                    time.sleep(args.think)
                    used = _cpu()
                    at.switch_page(f"pages/{page}.py").run()
                    used = _cpu() - used
                    errors = [str(e.value)[:200] for e in at.exception]
                    print(
                        f"{scope}\t{page}\t{lang}\t{kind}\t{used:.2f} CPU s\t"
                        f"entry (overview) {entry:.2f}\tload {os.getloadavg()[0]:.1f}"
                        + (f"\tERRORS {errors}" if errors else ""),
                        flush=True,
                    )
                    if not args.no_ledger:
                        ledger.report(f"{scope} {page} {lang} {kind}", 0.005)


if __name__ == "__main__":
    main()
