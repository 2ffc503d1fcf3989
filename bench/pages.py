"""Worker 4: each page's data on its first render, in a process of its own.

Why its own process: the ``ours`` worker has held the whole ratings frame and every analysis,
so its RSS says nothing about what serving a page costs. This worker is what the dashboard
process does after an import: open the database, build a lazily loaded scope
(:mod:`analytics.findings.lazyscope`) and compute the sections a page reads. Its peak RSS over the
libraries is the dashboard's memory for the data.
"""

from __future__ import annotations

from pathlib import Path

from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope, overview_counts
from analytics.findings.sections import compute_section
from analytics.store import db
from bench.common import Recorder, RssSampler, Timing, rss_bytes, write_json
from bench.ours import PAGE_READS
from ui import cache

__all__ = ["ON_CLICK", "run_pages"]

#: sections the rater page computes only when asked, for a scope that does not store them
ON_CLICK = ("agreement", "g_study", "decision_study")


def run_pages(folder: Path) -> dict:
    """Time every page's first render (the company, the largest department, the latest cycle,
    the largest sub-department)."""
    import analytics.findings.materialise  # noqa: F401 -- the libraries a dashboard process has loaded
    from analytics import runtime

    # what the dashboard imports in the background once its first page is drawn
    # (runtime.warm_imports): a page's first render does not pay SciPy's import
    runtime.warm_imports().join()

    rec = Recorder("pages")
    mem = RssSampler(guard_file=folder / "pages_guard.json").start()
    rec.info["rss_baseline"] = rss_bytes()
    info = rec.info
    # ---- first render of each page's data -------------------------------------------------
    # What the dashboard does on a page's first render after the import: a fresh connection
    # (DuckDB's buffers cold), a fresh lazily loaded scope (analytics.findings.lazyscope: nothing memoised
    # but what is stored in DuckDB), then every section the page script reads (PAGE_READS: the
    # page's list in PAGE_SECTIONS plus what the page and its headlines also read). Timed from
    # the scope's creation; the company scope, the largest top-level department, the latest
    # cycle alone, and the largest sub-department (its sections are computed, not stored).
    mem.set_phase("pages")
    con = db.connect(folder / "ours_parquet.duckdb")
    limit = cache.memory_limit()  # the dashboard connection's DuckDB memory limit
    if limit:
        con.execute(f"SET memory_limit = '{limit}'")
    info["duckdb_memory_limit"] = limit
    n = con.execute("SELECT count(*) FROM reviews").fetchone()[0]
    errors: dict[str, str] = info.setdefault("errors", {})
    dept = con.execute(
        "SELECT split_part(department, '/', 1) AS d FROM employees "
        "GROUP BY d ORDER BY count(*) DESC, d LIMIT 1"
    ).fetchone()
    reads: dict[str, int] = {}
    latest = con.execute(
        "SELECT cycle_id FROM cycles WHERE cycle_id IN (SELECT DISTINCT cycle_id "
        "FROM reviews) ORDER BY ordering DESC LIMIT 1"
    ).fetchone()
    sub = con.execute(
        "SELECT department FROM employees WHERE contains(department, '/') "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchone()
    for prefix, scope in (
        ("", Scope()),
        ("dept_", Scope(department=dept[0] if dept else None)),
        ("cycle_", Scope(cycles=(latest[0],) if latest else ())),
        ("sub_", Scope(department=sub[0] if sub else None)),
    ):
        if prefix and not (scope.department or scope.cycles):
            continue
        for page, sections in PAGE_READS.items():
            page_wall = page_cpu = 0.0
            failed = []
            with rec.time(f"{prefix}scope:{page}", rows=n) as x:
                fresh = load_scope_lazy(con, scope)
                x["note"] = f"load_scope_lazy({scope.department or 'company'})"
            page_wall += rec.timings[-1].wall_s
            page_cpu += rec.timings[-1].cpu_s
            # the rater page's kappa and G/D study wait for a click where they are not stored
            # (ui/agreement.py): timed, but not part of the page's first render there
            waits = fresh.stored_section("agreement") is None
            for name in sections:
                kind = "on_click" if waits and name in ON_CLICK else "section"
                try:
                    with rec.time(f"{prefix}{kind}:{page}:{name}", rows=n):
                        if name == "overview_counts":
                            overview_counts(con)
                        else:
                            compute_section(name, fresh)
                except Exception as exc:  # noqa: BLE001 -- record, go on
                    errors[f"{prefix}section:{page}:{name}"] = f"{type(exc).__name__}: {exc}"[:500]
                    failed.append(name)
                    continue
                t = rec.timings[-1]
                if kind == "section":
                    page_wall += t.wall_s
                    page_cpu += t.cpu_s
            reads[prefix + page] = fresh.rating_reads
            note = (
                "first render, fresh lazy scope"
                + (f" of {scope.department or scope.cycles[0]}" if prefix else "")
                + ": "
                + "+".join(sections)
                + (f" (FAILED: {', '.join(failed)})" if failed else "")
            )
            rec.timings.append(Timing(f"{prefix}page:{page}", "ours", page_wall, page_cpu, n, note))
            del fresh
    info["page_rating_reads"] = reads  # reads of rating rows per page (0: none left DuckDB)
    con.close()
    info["rss_peak_by_phase"] = mem.stop()
    result = rec.as_dict()
    write_json(folder / "pages.json", result)
    return result
