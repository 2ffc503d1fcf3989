"""The department-shift threshold on simulated companies (session 28, rev28a item 1):
``python -m tests.sim.shift_threshold [seeds]`` prints the table ``docs/methods.md`` quotes
("Department shifts", the materiality); the fast subset is
``tests/sim/test_company_part_sim.py::test_the_shift_threshold_lists_a_real_fall_and_no_flat_department``.

The companies of :mod:`tests.sim.company_part` (departments of 220, 222, 149, 135, 90, 84
people, teams of 8, one manager each, person levels SD 0.08 on the 0-1 score, rating noise
about 0.037): nothing moves, or the first department (220 of 900) falls by ``shift``. A
department is *listed* as a shift as the app lists it (``department_shifts``: Holm-significant,
material, broad); the old rule needed |part| >= 0.05 (5 points on 0-100) instead.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import numpy as np
import polars as pl

from tests.sim.company_part import shifted_company

__all__ = ["SHIFTS", "threshold_counts", "threshold_rates"]

#: the planted falls (0-1 score): none, below the threshold, small, the reviewer's -5, the demo's
SHIFTS = (0.0, -0.01, -0.02, -0.03, -0.05, -0.10)
#: the threshold before session 28 (5 points on 0-100)
OLD = 0.05


def threshold_counts(shift: float, seed: int) -> dict[str, float]:
    """One company: whether the fallen department is listed (new rule, old rule), the flat
    departments listed, and the pair's threshold."""
    from analytics.stats.attribution import department_shifts, score_changes

    design = "one_down" if shift else "none"
    sh = department_shifts(score_changes(shifted_company(design, seed, shift)))
    listed = pl.col("flag") & pl.col("material") & pl.col("broad")
    old = pl.col("flag") & (pl.col("department").abs() >= OLD) & pl.col("broad")
    sh = sh.with_columns(listed=listed, old=old)
    hit = pl.col("dept") == "D0"
    flat = sh.filter(~hit) if shift else sh
    down = sh.filter(hit)
    return {
        "threshold": float(sh["min_shift"][0]),
        "moved_listed": float(down["listed"][0]) if shift else float("nan"),
        "moved_listed_old": float(down["old"][0]) if shift else float("nan"),
        "flat_listed": float(flat["listed"].sum()),
        "flat_depts": float(flat.height),
        "any_flat_listed": float(flat["listed"].any()),
        "any_flat_flagged": float(flat["flag"].any()),
    }


def threshold_rates(shift: float, seeds: Iterable[int]) -> dict[str, float]:
    """The mean of :func:`threshold_counts` over ``seeds``; ``flat_rate`` is per department."""
    rows = [threshold_counts(shift, s) for s in seeds]

    def mean(values: list[float]) -> float:
        kept = [v for v in values if not np.isnan(v)]
        return float(np.mean(kept)) if kept else float("nan")

    out = {k: mean([r[k] for r in rows]) for k in rows[0]}
    out["flat_rate"] = sum(r["flat_listed"] for r in rows) / sum(r["flat_depts"] for r in rows)
    return out | {"seeds": float(len(rows))}


def main(argv: list[str]) -> None:
    seeds = int(argv[0]) if argv else 200
    print(f"department-shift threshold, {seeds} companies per planted fall")
    print(
        "| planted fall (0-1) | threshold | fallen listed | (old rule) | flat listed, per dept |"
        " companies with a flat dept listed | (flagged by Holm alone) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for shift in SHIFTS:
        r = threshold_rates(shift, range(seeds))
        print(
            f"| {shift:+.2f} | {r['threshold']:.4f} | {r['moved_listed']:.3f} |"
            f" {r['moved_listed_old']:.3f} | {r['flat_rate']:.4f} | {r['any_flat_listed']:.3f} |"
            f" {r['any_flat_flagged']:.3f} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
