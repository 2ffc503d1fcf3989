"""Dashboard start-up cost: ``python -m bench.startup [--db PATH] [--runs 3] [--out DIR]``.

Starts ``streamlit run dashboard.py`` on a demo database (the bundled exports imported as
``make run`` does, unless ``--db`` names one), opens the overview in headless Chromium and
times server start -> health check answered -> overview title visible -> the first run finished
(every element of the page drawn). One more start under ``python -X importtime`` lists the
imports of the dashboard process that cost most, split into those of the server's start and
those of the first page's run.

Why: the first page after a server start took 5.6 s, ``scipy.stats`` alone 0.75 s of it; the
imports are the part of that a code change can move. ``make bench`` runs it after the scale
runs (``bench/run.py``); docs/benchmarks.md keeps the numbers.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.common import write_json

__all__ = [
    "CHROMIUM",
    "LAUNCH_ARGS",
    "DashboardServer",
    "Import",
    "compile_sources",
    "free_port",
    "main",
    "markdown",
    "measure",
    "package_ms",
    "parse_importtime",
    "run",
    "start_demo_db",
    "top_imports",
]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: what the overview shows first: its title (language 中文, the default)
OVERVIEW_TITLE = "概览"
#: packages whose cost is reported whatever their rank (the issue names scipy.stats)
WATCH = ("streamlit", "polars", "duckdb", "numpy", "scipy.stats", "plotly", "pyarrow", "pandas")
#: the overview is drawn: its metrics, chart and three tables are there and the run has ended
DRAWN = """() => document.querySelectorAll('[data-testid="stMetric"]').length >= 5
    && document.querySelector('[data-testid="stPlotlyChart"] .main-svg')
    && document.querySelectorAll('[data-testid="stDataFrame"]').length >= 3
    && !document.querySelector('[data-testid="stStatusWidget"]')"""
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")


@dataclass(frozen=True)
class Import:
    """One line of ``-X importtime``: a module imported for the first time in the process."""

    module: str
    self_us: int
    cumulative_us: int
    depth: int  # 0: imported by the program itself, 1: by a depth-0 import, ...
    phase: str  # "start": before the first page was requested; "first page": during its run


def parse_importtime(lines: list[tuple[float, str]], page_requested: float) -> list[Import]:
    """The imports in ``(arrival time, stderr line)`` pairs; a line that arrived after
    ``page_requested`` belongs to the first page's run."""
    out = []
    for at, line in lines:
        m = _LINE.match(line.rstrip("\n"))
        if m is None:
            continue
        self_us, cum_us, indent, module = m.groups()
        phase = "start" if at < page_requested else "first page"
        out.append(Import(module, int(self_us), int(cum_us), len(indent) // 2, phase))
    return out


def top_imports(imports: list[Import], n: int = 12) -> list[Import]:
    """The ``n`` costliest imports at depth 0: each includes what it imported first."""
    return sorted((i for i in imports if i.depth == 0), key=lambda i: -i.cumulative_us)[:n]


def package_ms(imports: list[Import], names: tuple[str, ...] = WATCH) -> dict[str, float]:
    """Self time (ms) of each package's own modules (``scipy.stats`` and ``scipy.stats.*``).

    Why not the package's own line: SciPy loads ``scipy.stats`` through its module
    ``__getattr__``, and that import prints no line of its own, only its submodules do."""
    out = {}
    for name in names:
        own = [i.self_us for i in imports if i.module == name or i.module.startswith(name + ".")]
        if own:
            out[name] = sum(own) / 1000
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def compile_sources() -> None:
    """Write the bytecode of PerfLens's own modules (``__pycache__``), as any run of the
    dashboard does on a machine that lets Python write it.

    Why: with ``PYTHONDONTWRITEBYTECODE`` set (the development machines here set it) every
    server start compiled ``analytics`` and ``ui`` from source inside the first page's run:
    about a quarter of the rater page's first run (session 19, py-spy). A deployed dashboard
    compiles them once; a benchmark of "the first page after a server start" should not pay it
    on every start. The server still only reads the files (the variable forbids writing)."""
    import compileall

    for package in ("analytics", "ui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    compileall.compile_file(ROOT / "dashboard.py", quiet=1)


def start_demo_db(folder: Path) -> Path:
    """The bundled demo exports imported into a fresh database (the ``make run`` path, with the
    mapping that declares the last cycle's change of scale)."""
    db = folder / "perflens.duckdb"
    demo = sorted(
        p for p in (ROOT / "data" / "demo").iterdir() if p.suffix in (".csv", ".xlsx", ".parquet")
    )
    mapping = ROOT / "data" / "demo" / "mapping.toml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "import",
            *map(str, demo),
            "--db",
            str(db),
            "--mapping",
            str(mapping),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        timeout=900,
    )
    return db


class DashboardServer:
    """``streamlit run dashboard.py`` on a free local port with its stderr lines collected with
    their arrival time: the benchmark and the browser tests start the app the same way."""

    def __init__(
        self,
        db: Path,
        importtime: bool = False,
        port: int | None = None,
        args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        launcher: str = "ui.serve",
    ) -> None:
        """``port``: one chosen beforehand (a sign-in test writes it into the provider's
        redirect URI first); ``args``: more ``streamlit run`` options (``--secrets.files``);
        ``env``: more environment variables (``PERFLENS_ROLES``); ``launcher``: the module
        run with ``python -m`` (a test's own, which wraps ``ui.serve``)."""
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.lines: list[tuple[float, str]] = []
        # the launcher ``make run`` uses: ``streamlit run dashboard.py`` with the first page's
        # libraries imported while the server starts (ui/serve.py)
        cmd = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", launcher]
        cmd += ["--server.headless", "true"]
        cmd += ["--server.port", str(self.port), "--server.address", "127.0.0.1"]
        cmd += ["--browser.gatherUsageStats", "false", *args]
        env = {**os.environ, "PERFLENS_DB": str(db), **(env or {})}
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append((time.perf_counter(), line))

    def wait_healthy(self, timeout: float = 120) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return time.perf_counter()
            except OSError:
                time.sleep(0.05)
        tail = "".join(line for _t, line in self.lines[-40:])
        raise RuntimeError(f"streamlit did not start:\n{tail}")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (all its threads). Why: on a
        busy machine the wall times above wait for CPU; this is what the start itself costs."""
        with open(f"/proc/{self.proc.pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=20)
        self._reader.join(timeout=5)


def _open_overview(browser, base: str, timeout_ms: float = 120_000) -> tuple[float, float, float]:
    """(requested, title visible, run finished) for the overview, perf_counter seconds."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        requested = time.perf_counter()
        page.goto(base + "/", wait_until="commit")
        page.get_by_role("heading", name=OVERVIEW_TITLE).first.wait_for(timeout=timeout_ms)
        title = time.perf_counter()
        page.wait_for_function(DRAWN, timeout=timeout_ms, polling=50)
        done = time.perf_counter()
        errors = page.locator('[data-testid="stException"]').count()
        if errors:
            raise RuntimeError("the overview raised: " + page.locator("body").inner_text()[:800])
    finally:
        page.close()
    return requested, title, done


def measure(db: Path, runs: int = 3, importtime: bool = True, log=print) -> dict:
    """Time ``runs`` fresh server starts and, with ``importtime``, one more for the imports."""
    from playwright.sync_api import sync_playwright

    if runs < 1:
        raise ValueError("runs must be at least 1")
    timings = []
    imports: list[Import] = []
    raw = ""
    compile_sources()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for i in range(runs + (1 if importtime else 0)):
                traced = importtime and i == runs
                server = DashboardServer(db, importtime=traced)
                try:
                    healthy = server.wait_healthy()
                    requested, title, done = _open_overview(browser, server.base)
                    cpu = server.cpu_seconds()
                finally:
                    server.stop()
                if traced:
                    raw = "".join(line for _t, line in server.lines)
                    imports = parse_importtime(server.lines, requested)
                    log(f"[startup] importtime run: {len(imports)} imports")
                    continue
                t0 = server.started
                row = {
                    "server_ready_s": healthy - t0,
                    "title_visible_s": title - t0,
                    "first_page_s": done - t0,
                    "first_page_after_request_s": done - requested,
                    "server_cpu_s": cpu,
                }
                timings.append(row)
                log(
                    f"[startup] run {i + 1}: server ready {row['server_ready_s']:.2f} s, title "
                    f"{row['title_visible_s']:.2f} s, first page done {row['first_page_s']:.2f} s, "
                    f"server CPU {cpu:.2f} s"
                )
        finally:
            browser.close()
    summary = {k: statistics.median(r[k] for r in timings) for k in timings[0]}
    start = [i for i in imports if i.phase == "start"]
    first = [i for i in imports if i.phase == "first page"]
    return {
        "runs": timings,
        "median": summary,
        "load_avg": os.getloadavg(),
        "imports_start": [i.__dict__ for i in top_imports(start)],
        "imports_first_page": [i.__dict__ for i in top_imports(first)],
        "packages_ms": {"start": package_ms(start), "first page": package_ms(first)},
        "import_total_ms": {
            "start": sum(i.self_us for i in start) / 1000,
            "first page": sum(i.self_us for i in first) / 1000,
        },
        "importtime_log": raw,
    }


def markdown(result: dict) -> str:
    """The numbers as docs/benchmarks.md shows them."""
    med = result["median"]
    lines = [
        f"Server start -> health check answered: {med['server_ready_s']:.2f} s; -> overview title "
        f"visible: {med['title_visible_s']:.2f} s; -> first page finished: "
        f"{med['first_page_s']:.2f} s (of which {med['first_page_after_request_s']:.2f} s after "
        f"the browser asked for it); the server process used {med['server_cpu_s']:.2f} s of "
        f"CPU by then; median of {len(result['runs'])} starts.",
    ]
    load = f"Load average after the runs: {tuple(round(x, 2) for x in result['load_avg'])}."
    if not (result["imports_start"] or result["imports_first_page"]):  # --no-importtime
        return "\n".join([*lines, "", load])
    lines += [
        "",
        f"Imports (`-X importtime`, sum of self times): {result['import_total_ms']['start']:.0f} ms "
        f"while the server starts, {result['import_total_ms']['first page']:.0f} ms during the "
        "first page's run.",
    ]
    for phase, key in (("server start", "imports_start"), ("first page", "imports_first_page")):
        lines += ["", f"| import ({phase}) | cumulative ms |", "| --- | --- |"]
        lines += [f"| `{i['module']}` | {i['cumulative_us'] / 1000:.0f} |" for i in result[key]]
    packages = result["packages_ms"]
    lines += ["", "| package (own modules' self time) | server start ms | first page ms |"]
    lines += ["| --- | --- | --- |"]
    for name in WATCH:
        start, first = packages["start"].get(name), packages["first page"].get(name)
        if start is not None or first is not None:
            lines.append(f"| `{name}` | {start or 0:.0f} | {first or 0:.0f} |")
    return "\n".join([*lines, "", load])


def run(
    out: Path, db: Path | None = None, runs: int = 3, importtime: bool = True, log=print
) -> dict:
    """Measure (on ``db``, or on the demo imported into a temporary folder) and write
    ``startup.json``, ``startup.md`` and the raw ``startup_importtime.txt`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="perflens_startup_") as tmp:
        result = measure(db or start_demo_db(Path(tmp)), runs, importtime, log)
    (out / "startup_importtime.txt").write_text(result.pop("importtime_log"), encoding="utf-8")
    write_json(out / "startup.json", result)
    (out / "startup.md").write_text(markdown(result) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.startup", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--db", type=Path, help="a database to serve (default: import the demo)")
    ap.add_argument("--runs", type=int, default=3, help="timed server starts (median reported)")
    ap.add_argument("--no-importtime", action="store_true", help="skip the -X importtime start")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args(argv)
    result = run(args.out, args.db, args.runs, not args.no_importtime)
    print(markdown(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
