"""The sustained-decline list net of an identified department shift (rev25a item 2):
``python -m tests.sim.trend_net [seeds]`` prints the table ``docs/methods.md`` quotes; the fast
subset is ``tests/sim/test_trend_net_sim.py``.

Each simulated company has the reviewer's department sizes (220, 222, 149, 135, 90, 84), teams
of 8 with one manager each (manager-only, no rater effects), three half-year cycles. People's
true level is N(0.75, 0.08) with a per-cycle wobble of SD 0.02 and rating noise as
``tests/sim/company_part.py`` has it. In the third cycle the first department (220 of 900,
"销售中心") falls by ``shift`` (-0.06, 6 points on 0-100). Three people of each department are
planted decliners (``-0.06`` per cycle of their own). The findings' own chain is fitted:
``score_changes``, ``department_shifts`` and the sections' rule (``identified_shifts``), the
profile, then ``decliners`` on the profile as it was (raw) and net of the shift
(``cautions.net_trend``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import numpy as np
import polars as pl

from tests.sim.company_part import manager_ratings

__all__ = ["trend_net_counts", "trend_net_rates"]

SIZES = (220, 222, 149, 135, 90, 84)
CYCLES = ("2025H1", "2025H2", "2026H1")
PLANTED_PER_DEPT = 3


def _company(seed: int, shift: float, slope: float) -> tuple[pl.DataFrame, np.ndarray]:
    """The ratings of one company and which people are planted decliners."""
    rng = np.random.default_rng(seed)
    dept = np.repeat(np.arange(len(SIZES)), SIZES)
    n = dept.size
    first = np.concatenate([[0], np.cumsum(SIZES)[:-1]])
    within = np.arange(n) - first[dept]
    team = dept * 1000 + within // 8
    planted = within < PLANTED_PER_DEPT
    level = rng.normal(0.75, 0.08, n)
    k = len(CYCLES)
    true = (
        level + rng.normal(0.0, 0.02, (k, n)) + np.outer(np.arange(k), np.where(planted, slope, 0))
    )
    true[k - 1] += np.where(dept == 0, shift, 0.0)
    ratings = manager_ratings(true, team, dept, CYCLES, rng)
    return ratings, planted


def trend_net_counts(seed: int, shift: float = -0.06, slope: float = -0.06) -> dict[str, float]:
    """One company: planted decliners found, and the shifted department's other people
    listed, raw and net of the shift; whether the shift was identified."""
    from analytics.findings.sections import identified_shifts
    from analytics.stats.attribution import department_shifts, score_changes
    from analytics.stats.cautions import net_trend
    from analytics.stats.potential import decliners, performance_profile

    ratings, planted = _company(seed, shift, slope)
    adjusted = (
        ratings.group_by("cycle_id", "cycle_order", "employee_id", "department")
        .agg(raw=pl.col("score").mean())
        .with_columns(adjusted=pl.col("raw"))
    )
    employees = (
        ratings.select("employee_id", "department")
        .unique()
        .with_columns(job_family=pl.lit("all"), level=pl.lit("P1"))
    )
    shifts = identified_shifts(department_shifts(score_changes(ratings)))
    prof = performance_profile(adjusted, employees)
    ids = np.char.add("E", np.arange(planted.size).astype(str))
    plant = set(ids[planted].tolist())
    in_d0 = set(ids[: SIZES[0]].tolist()) - plant
    others = set(ids[SIZES[0] :].tolist()) - plant
    out: dict[str, float] = {
        "identified": float(
            shifts.filter(pl.col("dept") == "D0")["significant"].fill_null(False).any()
        )
    }
    for name, p in (("raw", prof), ("net", net_trend(prof, adjusted, shifts))):
        listed = set(decliners(p)["employee_id"].to_list())
        out[f"{name}_recall"] = len(listed & plant) / len(plant)
        out[f"{name}_shifted_listed"] = len(listed & in_d0) / len(in_d0)
        out[f"{name}_others_listed"] = len(listed & others) / len(others)
        out[f"{name}_listed"] = float(len(listed))
    return out


def trend_net_rates(seeds: Iterable[int], **kw) -> dict[str, float]:
    """The mean of :func:`trend_net_counts` over ``seeds``."""
    rows = [trend_net_counts(s, **kw) for s in seeds]
    return {k: float(np.mean([r[k] for r in rows])) for k in rows[0]} | {"seeds": len(rows)}


def main(argv: list[str]) -> None:
    seeds = int(argv[0]) if argv else 50
    r = trend_net_rates(range(seeds))
    print(f"decliners net of an identified department shift, {seeds} seeds, shift -0.06")
    print("| measure | raw | net |")
    print("| --- | --- | --- |")
    for key, label in (
        ("recall", "planted decliners found"),
        ("shifted_listed", "shifted department's other people listed"),
        ("others_listed", "other departments' people listed"),
        ("listed", "people listed (mean)"),
    ):
        print(f"| {label} | {r['raw_' + key]:.3g} | {r['net_' + key]:.3g} |")
    print(f"shift identified in {r['identified']:.3g} of the companies")


if __name__ == "__main__":
    main(sys.argv[1:])
