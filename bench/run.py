"""The benchmark driver: ``python -m bench [--scales ...] [--quick] [--out DIR]``.

For each scale (employee-cycles; 6 quarterly cycles, so n_employees = scale / 6) three worker
processes run in turn — prepare (generate + write files + DuckDB's native load), ours (import,
analyses, findings, page data, memory) and analyst (the pandas/pingouin/scipy way) — and the
driver compares their numbers. Then the dashboard's start-up is timed (:mod:`bench.startup`;
not with ``--quick`` or ``--no-startup``) and every page's load in the browser
(:mod:`bench.browser_pages`; not with ``--quick`` or ``--no-browser-pages``). Results go to ``<out>/results.json``, ``<out>/results.md`` and,
with two or more scales, ``<out>/bench_scaling.png``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analytics.runtime import ALLOCATOR_CONF
from bench import browser_pages
from bench import startup as startup_bench
from bench.common import GUARD_EXIT, QUICK_SCALE, read_json, write_json
from bench.report import TARGET_ROWS, check_scale, markdown_table, plot_scaling, project

__all__ = ["machine", "main", "run_scale"]

ROOT = Path(__file__).resolve().parent.parent
#: the issue's scales: 10k, 100k and 1M employee-cycles, then the largest whose run fits this
#: 2-core machine in about 10 minutes (1.26M: 210,000 employees, 40.1M ratings); about 24
#: minutes in all (docs/benchmarks.md)
DEFAULT_SCALES = (10_000, 100_000, 1_000_000, 1_260_000)


def machine() -> dict:
    mem_kb = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    import duckdb
    import pandas
    import polars

    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "polars": polars.__version__,
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "load_avg_start": os.getloadavg(),
    }


def _worker(role: str, folder: Path, scale: int, timeout: float, extra: list[str]) -> dict:
    env = dict(os.environ)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + old if old else "")
    env.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR_CONF)  # as the product's entry points set it
    cmd = [
        sys.executable,
        "-m",
        "bench.worker",
        role,
        "--dir",
        str(folder),
        "--scale",
        str(scale),
        *extra,
    ]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {
            "ok": False,
            "error": f"{role} timed out after {timeout:.0f} s",
            "seconds": time.perf_counter() - t0,
        }
    out = {
        "ok": proc.returncode == 0,
        "seconds": time.perf_counter() - t0,
        "returncode": proc.returncode,
    }
    if proc.returncode != 0:
        out["error"] = (proc.stderr or proc.stdout)[-3000:]
        if proc.returncode == -9:
            out["error"] = "killed (SIGKILL: out of memory?)\n" + out["error"]
        guard = folder / f"{role}_guard.json"
        if proc.returncode == GUARD_EXIT and guard.exists():
            g = read_json(guard)
            out["error"] = (
                f"stopped by its memory guard in phase {g['phase']!r}: RSS "
                f"{g['rss'] / 2**30:.1f} GiB > limit {g['limit'] / 2**30:.1f} GiB"
            )
            out["guard"] = g
    return out


def merge_ours(imp: dict, ana: dict) -> dict:
    """Our side's record from its two processes: the import worker's (import, materialisation)
    and the analyses worker's (load, analyses, findings). Peaks per phase are kept with each
    process's own baseline (``rss_baseline_analyses`` for the second)."""
    info = {
        **imp.get("info", {}),
        **{
            k: v
            for k, v in ana.get("info", {}).items()
            if k not in ("rss_baseline", "rss_peak_by_phase", "errors", "ru_maxrss")
        },
    }
    info["rss_peak_by_phase"] = {
        **imp.get("info", {}).get("rss_peak_by_phase", {}),
        **ana.get("info", {}).get("rss_peak_by_phase", {}),
    }
    info["rss_baseline_analyses"] = ana.get("info", {}).get("rss_baseline")
    info["errors"] = {
        **imp.get("info", {}).get("errors", {}),
        **ana.get("info", {}).get("errors", {}),
    }
    return {**imp, "timings": imp.get("timings", []) + ana.get("timings", []), "info": info}


def run_scale(
    scale: int, out: Path, timeout: float = 3600, pages: bool = True, keep: bool = False, log=print
) -> dict:
    """Run the three workers for one scale and compare their numbers."""
    folder = out / f"scale_{scale}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    result: dict = {"scale": scale, "runs": {}}
    extra = [] if pages else ["--no-pages"]
    roles = (
        ("prepare", "ours", "ours_analyses", "pages", "analyst")
        if pages
        else ("prepare", "ours", "ours_analyses", "analyst")
    )
    for role in roles:
        log(f"[bench] scale {scale:,}: {role} ...")
        run = _worker(role, folder, scale, timeout, extra if role == "ours" else [])
        result["runs"][role] = run
        log(
            f"[bench] scale {scale:,}: {role} {'ok' if run['ok'] else 'FAILED'} "
            f"in {run['seconds']:.1f} s"
        )
        if not run["ok"]:
            log(run.get("error", ""))
            if (folder / f"{role}.json").exists():  # measured before it stopped
                result[role] = read_json(folder / f"{role}.json")
            break
        result[role] = read_json(folder / f"{role}.json")
    if "ours_analyses" in result:  # one record of our side, whichever process measured it
        result["ours"] = merge_ours(
            result.get("ours") or {"timings": [], "info": {}}, result.pop("ours_analyses")
        )
    if result.get("analyst"):
        result["checks"] = check_scale(folder)
    if not keep:  # the data files are large; keep the JSON records
        for p in folder.iterdir():
            if p.suffix in (".csv", ".parquet", ".duckdb", ".wal"):
                p.unlink()
    write_json(folder / "scale.json", result)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--scales",
        default=",".join(str(s) for s in DEFAULT_SCALES),
        help="employee-cycles per run, comma separated (default %(default)s)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help=f"one tiny scale ({QUICK_SCALE} employee-cycles), seconds: the test",
    )
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"), type=Path)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per worker")
    ap.add_argument("--no-pages", action="store_true", help="skip the page-data timings")
    ap.add_argument("--keep", action="store_true", help="keep the generated data files")
    ap.add_argument("--plot", type=Path, help="also write the log-log plot here")
    ap.add_argument("--no-startup", action="store_true", help="skip the dashboard start-up timing")
    ap.add_argument(
        "--no-browser-pages", action="store_true", help="skip the page loads in the browser"
    )
    args = ap.parse_args(argv)
    scales = [QUICK_SCALE] if args.quick else [int(s) for s in args.scales.split(",") if s]
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"[bench] {info['cores']} cores, {info['memory_gib']} GiB; scales {scales}", flush=True)
    results = []
    for scale in scales:
        res = run_scale(
            scale,
            out,
            args.timeout,
            pages=not args.no_pages,
            keep=args.keep,
            log=lambda m: print(m, flush=True),
        )
        results.append(res)
        if not all(r["ok"] for r in res["runs"].values()):
            print(f"[bench] scale {scale:,} did not complete; larger scales skipped", flush=True)
            break
    startup = None
    if not (args.quick or args.no_startup):  # a browser and a server start: not in --quick
        print("[bench] dashboard start-up ...", flush=True)
        startup = startup_bench.run(out / "startup")
    pages_in_browser = None
    if not (args.quick or args.no_browser_pages):  # every page in Chromium, on the demo
        print("[bench] page loads in the browser ...", flush=True)
        pages_in_browser = browser_pages.run(out / "browser_pages")
    info["load_avg_end"] = os.getloadavg()
    items = [
        "materialise after import (model fits)",
        "new cycle: import + refresh to dashboard-ready",
        "new cycle: all-cycles models after dashboard-ready",
        "full findings build (fits every model)",
        "full findings build (materialised parts)",
    ] + [
        f"page data: {p}"
        for p in ("overview", "distributions", "raters", "attribution", "potential")
    ]
    projections = {i: project(results, i) for i in items}
    write_json(
        out / "results.json",
        {
            "machine": info,
            "results": results,
            "projected_at_40M_s": projections,
            "startup": startup,
            "browser_pages": pages_in_browser,
        },
    )
    table = markdown_table([r for r in results if r.get("prepare")])
    lines = [
        (
            f"Machine: {info['cores']} cores, {info['memory_gib']} GiB RAM; Python "
            f"{info['python']}, Polars {info['polars']}, DuckDB {info['duckdb']}, pandas "
            f"{info['pandas']}. Load average at start/end: {info['load_avg_start']} / "
            f"{info['load_avg_end']}."
        ),
        "",
        table,
        "",
        (
            f"Projected to {TARGET_ROWS / 1e6:.0f}M ratings (power law from the two largest "
            "scales, never better than linear):"
        ),
        "",
    ]
    lines += [f"- {k}: {v:.1f} s" for k, v in projections.items() if v is not None]
    failed = [
        (r["scale"], c)
        for r in results
        for c, v in r.get("checks", {}).items()
        if v.get("passed") is False
    ]
    n_checks = sum(len(r.get("checks", {})) for r in results)
    lines += [
        "",
        "Number checks: "
        + ("not run" if not n_checks else "all passed" if not failed else f"FAILED {failed}"),
    ]
    errors = {r["scale"]: r.get("ours", {}).get("info", {}).get("errors") for r in results}
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        lines += ["", f"Errors raised by analytics modules (recorded, bench went on): {errors}"]
    if startup is not None:
        lines += ["", "Dashboard start-up (bench/startup.py):", "", startup_bench.markdown(startup)]
    if pages_in_browser is not None:
        lines += ["", "Page loads in the browser (bench/browser_pages.py):", ""]
        lines += [browser_pages.markdown(pages_in_browser)]
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if plot_scaling(results, out / "bench_scaling.png") and args.plot:
        shutil.copyfile(out / "bench_scaling.png", args.plot)
    print("\n".join(lines), flush=True)
    incomplete = any(not all(r["ok"] for r in res["runs"].values()) for res in results)
    return 1 if (failed or incomplete or not n_checks) and args.quick else 0
