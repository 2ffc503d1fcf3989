"""The company part against shifts confined to some departments (session 24, rev24a item 4):
``python -m tests.sim.company_part [seeds]`` prints the table ``docs/methods.md`` quotes; the
fast subset is ``tests/sim/test_company_part_sim.py``.

Each simulated company has departments of the reviewer's sizes (220, 222, 149, 135, 90, 84
people, rev24a), teams of 8 with one manager each who rates in both cycles (a nested,
manager-only company, no rater effects: the change of a person is their true change plus the
rating noise, SD about 0.037 on the 0-1 score, as in the reviewer's company). In cycle 2 the
departments named by the design move by ``shift`` (-0.06: 6 points on 0-100); everybody else
stays flat. The fit is the findings' own: ``score_changes`` then ``department_shifts``.

Designs: ``none`` (nothing moves), ``one_down`` (the first department, 220 of 900, falls),
``company_wide`` (every department falls), ``two_of_five`` (five departments, the first two
fall), ``three_depts`` and ``two_depts`` (one of three or of two departments falls: the few-
department case, where a median is weak).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import numpy as np
import polars as pl

__all__ = [
    "COMPANY_PART_DESIGNS",
    "company_part_counts",
    "company_part_rates",
    "manager_ratings",
    "shifted_company",
]

SIZES = (220, 222, 149, 135, 90, 84)
#: design -> (department sizes, indices of the departments that move)
COMPANY_PART_DESIGNS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "none": (SIZES, ()),
    "one_down": (SIZES, (0,)),
    "company_wide": (SIZES, tuple(range(len(SIZES)))),
    "two_of_five": ((180, 180, 180, 180, 180), (0, 1)),
    "three_depts": ((300, 300, 300), (0,)),
    "two_depts": ((450, 450), (0,)),
}


def shifted_company(design: str, seed: int, shift: float = -0.06) -> pl.DataFrame:
    """The ratings frame of one two-cycle company of ``design`` (see the module text)."""
    sizes, moved = COMPANY_PART_DESIGNS[design]
    rng = np.random.default_rng(seed)
    dept = np.repeat(np.arange(len(sizes)), sizes)
    n = dept.size
    # teams of 8 within each department
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    team = dept * 1000 + (np.arange(n) - first[dept]) // 8
    level = rng.normal(0.75, 0.08, n)
    true = np.stack([level, level + rng.normal(0.0, 0.02, n)])
    true[1] += np.where(np.isin(dept, moved), shift, 0.0)
    return manager_ratings(true, team, dept, ("2025H2", "2026H1"), rng)


def manager_ratings(
    true: np.ndarray, team: np.ndarray, dept: np.ndarray, cycles: tuple[str, ...], rng
) -> pl.DataFrame:
    """The ratings of a manager-only company: ``true`` (cycles x people) levels, each person's
    manager ``team`` and department ``dept``; a pair noise of SD 0.02 and one of 0.02 on each
    of four dimensions (the reviewer's rating noise, about 0.037 on the 0-1 score)."""
    k, n = true.shape
    dims = ("delivery", "quality", "collaboration", "growth")
    cyc, who = np.repeat(np.arange(k), n), np.tile(np.arange(n), k)
    pair = true[cyc, who] + rng.normal(0.0, 0.02, cyc.size)
    score = np.repeat(pair, len(dims)) + rng.normal(0.0, 0.02, cyc.size * len(dims))
    rows = np.repeat(np.arange(cyc.size), len(dims))
    c, e = cyc[rows], who[rows]
    return pl.DataFrame(
        {
            "cycle_id": np.array(cycles)[c],
            "cycle_order": c.astype(np.int32),
            "employee_id": np.char.add("E", np.arange(n).astype(str))[e],
            "rater_id": np.char.add("M", team.astype(str))[e],
            "rater_role": np.full(rows.size, "manager"),
            "dimension": np.tile(np.array(dims), cyc.size),
            "score": score,
            "weight": np.ones(rows.size),
            "department": np.char.add("D", dept.astype(str))[e],
        }
    )


def company_part_counts(design: str, seed: int, shift: float = -0.06) -> dict[str, float]:
    """One company: its company part, the moved and the flat departments' parts and flags."""
    from analytics.stats.attribution import department_shifts, score_changes

    sizes, moved = COMPANY_PART_DESIGNS[design]
    ch = score_changes(shifted_company(design, seed, shift))
    sh = department_shifts(ch)
    hit = pl.col("dept").is_in([f"D{i}" for i in moved])
    flat, down = sh.filter(~hit), sh.filter(hit)
    nan = float("nan")
    return {
        "company": float(sh["company"][0]),
        "flat_part": float(flat["department"].mean()) if flat.height else nan,
        "flat_part_abs_max": float(flat["department"].abs().max()) if flat.height else nan,
        "flat_flags": float(flat["flag"].sum()) if flat.height else nan,
        "flat_depts": float(flat.height),
        "any_flat_flag": float(flat["flag"].any()) if flat.height else nan,
        "moved_part": float(down["department"].mean()) if down.height else nan,
        "moved_found": float((down["flag"] & down["broad"]).mean()) if down.height else nan,
        "moved_flagged": float(down["flag"].mean()) if down.height else nan,
        "company_covered": float(
            (sh["company_ci95_low"][0] <= (shift if len(moved) == len(sizes) else 0.0))
            and ((shift if len(moved) == len(sizes) else 0.0) <= sh["company_ci95_high"][0])
        ),
    }


def company_part_rates(design: str, seeds: Iterable[int], **kw) -> dict[str, float]:
    """The mean of :func:`company_part_counts` over ``seeds`` (a rate for the 0/1 counts);
    ``flat_flag_rate`` is the flat departments' flags over all flat departments tested."""
    rows = [company_part_counts(design, s, **kw) for s in seeds]

    def mean(values: list[float]) -> float:
        kept = [v for v in values if not np.isnan(v)]
        return float(np.mean(kept)) if kept else float("nan")

    out = {k: mean([r[k] for r in rows]) for k in rows[0]}
    flat = sum(r["flat_depts"] for r in rows)
    out["flat_flag_rate"] = sum(r["flat_flags"] for r in rows) / flat if flat else float("nan")
    return out | {"seeds": len(rows)}


_COLUMNS = (
    ("company", "company part (mean)"),
    ("company_covered", "company interval holds the common shift"),
    ("flat_part", "flat departments' part (mean)"),
    ("flat_part_abs_max", "largest |flat part| (mean over companies)"),
    ("flat_flag_rate", "flat departments flagged (per department)"),
    ("any_flat_flag", "companies with any flat department flagged"),
    ("moved_part", "moved departments' part (mean)"),
    ("moved_flagged", "moved departments flagged"),
    ("moved_found", "moved departments headlined (flagged, material, broad)"),
)


def main(argv: list[str]) -> None:
    seeds = int(argv[0]) if argv else 200
    res = {d: company_part_rates(d, range(seeds)) for d in COMPANY_PART_DESIGNS}
    print(f"company part on simulated companies, {seeds} seeds per design, shift -0.06")
    print("| measure | " + " | ".join(res) + " |")
    print("| --- |" + " --- |" * len(res))
    for key, label in _COLUMNS:
        print(f"| {label} | " + " | ".join(f"{r[key]:.3g}" for r in res.values()) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
