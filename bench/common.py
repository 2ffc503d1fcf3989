"""Shared plumbing of the benchmark workers: timers, an RSS sampler, result records.

Why: every worker (prepare, ours, analyst) writes the same kind of record, so the driver can
join them into one table without knowing how each number was produced.
"""

from __future__ import annotations

import json
import os
import resource
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Timing", "Recorder", "RssSampler", "rss_bytes", "peak_rss_bytes", "write_json",
           "read_json", "PAGE_SECTIONS", "ANALYSES", "QUICK_SCALE", "N_CYCLES"]

N_CYCLES = 6
QUICK_SCALE = 1200  # 200 employees x 6 cycles: the demo's smallest company (MIN_EMPLOYEES)

#: the sections each dashboard page reads (overview reads scope.overview_counts)
PAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    "overview": ("overview_counts",),
    "distributions": ("distribution", "guideline_units", "guideline_grades", "heatmap",
                      "inflation", "unit_tests"),
    "raters": ("raters", "reliability", "recheck", "sources"),
    "attribution": ("attribution", "variance", "department_shifts", "against_trend",
                    "kpi_drivers"),
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


class RssSampler:
    """Samples RSS every ``interval`` s in a thread and keeps the peak per named phase."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.phase = "start"
        self.peaks: dict[str, int] = {}
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
        self.timings.append(Timing(item, self.side, wall, cpu, extra["rows"], extra["note"],
                                   extra["extrapolated_s"]))

    def as_dict(self) -> dict:
        return {"side": self.side, "timings": [asdict(t) for t in self.timings], "info": self.info}


def write_json(path: Path, obj: object) -> None:
    Path(path).write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=str), encoding="utf-8")


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
