"""Shared plumbing of the benchmark workers: timers, an RSS sampler, result records.

Why: every worker (prepare, ours, analyst) writes the same kind of record, so the driver can
join them into one table without knowing how each number was produced.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "ANALYSES",
    "GUARD_EXIT",
    "N_CYCLES",
    "PAGE_SECTIONS",
    "QUICK_SCALE",
    "Recorder",
    "RssSampler",
    "Timing",
    "mem_available_bytes",
    "peak_rss_bytes",
    "read_json",
    "rss_bytes",
    "write_json",
]

N_CYCLES = 6
QUICK_SCALE = 1200  # 200 employees x 6 cycles: the demo's smallest company (MIN_EMPLOYEES)

#: the sections each dashboard page reads (overview reads scope.overview_counts)
PAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    "overview": ("overview_counts",),
    "distributions": (
        "distribution",
        "guideline_units",
        "guideline_grades",
        "heatmap",
        "inflation",
        "unit_tests",
    ),
    "raters": ("raters", "reliability", "recheck", "sources"),
    "attribution": ("attribution", "variance", "department_shifts", "against_trend", "kpi_drivers"),
    "potential": ("nine_box", "high_potential", "hidden_strengths", "decliners"),
}

#: analyses timed on both sides; value = what the analyst's way needs (sets the target)
ANALYSES: dict[str, str] = {
    "distributions": "vectorised pandas",
    "icc": "pingouin per group",
    "alpha": "krippendorff package",
    "rater_effects": "scipy.sparse lsqr (statsmodels OLS infeasible)",
    "gaps": "vectorised pandas",
    "attribution": "vectorised pandas",
    "potential": "pandas groupby-apply + scipy per employee",
}


def rss_bytes() -> int:
    """Current resident set size of this process."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int:
    """Peak RSS of this process since it started (kernel high-water mark)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def mem_available_bytes() -> int:
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


GUARD_EXIT = 86  # exit code of a worker stopped by its memory guard


class RssSampler:
    """Samples RSS every ``interval`` s in a thread and keeps the peak per named phase.

    A memory guard: past ``limit`` bytes (default: what the machine had available when the
    worker started, less 1.5 GiB, or ``BENCH_MEM_LIMIT_GB``) the worker writes ``guard_file``
    and exits, so a too-large scale stops itself instead of waking the kernel's OOM killer
    on a machine shared with other processes.
    """

    def __init__(
        self, interval: float = 0.02, limit: int | None = None, guard_file: Path | None = None
    ) -> None:
        self.interval = interval
        self.phase = "start"
        self.peaks: dict[str, int] = {}
        env = os.environ.get("BENCH_MEM_LIMIT_GB")
        self.limit = limit or (
            int(float(env) * 2**30) if env else max(mem_available_bytes() - int(1.5 * 2**30), 2**30)
        )
        self.guard_file = guard_file
        self.on_guard = None  # called before the guard stops the worker: save partial results
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._note()
            time.sleep(self.interval)

    def _note(self) -> None:
        cur = rss_bytes()
        if cur > self.peaks.get(self.phase, 0):
            self.peaks[self.phase] = cur
        if cur > self.limit:
            if self.guard_file is not None:
                write_json(
                    self.guard_file,
                    {"phase": self.phase, "rss": cur, "limit": self.limit, "peaks": self.peaks},
                )
            if self.on_guard is not None:
                with contextlib.suppress(Exception):
                    self.on_guard()
            os._exit(GUARD_EXIT)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def set_phase(self, name: str) -> None:
        self._note()
        self.phase = name
        self._note()

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join()
        self._note()
        return dict(self.peaks)


@dataclass
class Timing:
    """One measured item: wall and CPU seconds, optional rows and notes."""

    item: str
    side: str  # ours | analyst | native | prepare
    wall_s: float
    cpu_s: float
    rows: int | None = None
    note: str = ""
    extrapolated_s: float | None = None  # full-data estimate when only a sample was run
    lower_bound: bool = False  # stopped at its time budget before finishing


@dataclass
class Recorder:
    side: str
    timings: list[Timing] = field(default_factory=list)
    info: dict = field(default_factory=dict)

    @contextmanager
    def time(self, item: str, rows: int | None = None, note: str = ""):
        """Time a block; the yielded dict may set ``rows``, ``note`` or ``extrapolated_s``."""
        extra: dict = {"rows": rows, "note": note, "extrapolated_s": None}
        t0, c0 = time.perf_counter(), time.process_time()
        yield extra
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        self.timings.append(
            Timing(
                item, self.side, wall, cpu, extra["rows"], extra["note"], extra["extrapolated_s"]
            )
        )

    def run(
        self,
        item: str,
        fn,
        rows: int | None = None,
        note: str = "",
        repeat: int = 3,
        budget_s: float = 20.0,
    ):
        """Time ``fn()``; while runs are short (total under ``budget_s``) repeat it up to
        ``repeat`` times and keep the fastest (the machine may be shared). Returns the first
        result. ``fn`` may return (result, extra) where extra updates note/extrapolated_s."""
        best: Timing | None = None
        first = None
        spent = 0.0
        for k in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            res = fn()
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            spent += wall
            extra = {}
            if (
                isinstance(res, tuple)
                and len(res) == 2
                and isinstance(res[1], dict)
                and res[1].get("_extra")
            ):
                res, extra = res
            if k == 0:
                first = res
            t = Timing(
                item,
                self.side,
                wall,
                cpu,
                rows,
                note + extra.get("note", ""),
                extra.get("extrapolated_s"),
                bool(extra.get("lower_bound")),
            )
            if best is None or t.wall_s < best.wall_s:
                best = t
            del res
            if spent + wall > budget_s or extra.get("extrapolated_s") or t.lower_bound:
                break
        best.note += f" (best of {k + 1})" if k else ""
        self.timings.append(best)
        return first

    def as_dict(self) -> dict:
        return {"side": self.side, "timings": [asdict(t) for t in self.timings], "info": self.info}


def write_json(path: Path, obj: object) -> None:
    text = json.dumps(obj, indent=2, ensure_ascii=False, default=str)
    Path(path).write_text(text, encoding="utf-8")


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
