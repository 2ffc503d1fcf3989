"""Coverage of the intervals on a person's change parts (issue 18, rev19): in the full 360 of
:mod:`tests.sim.simulate` (no shock, so the true environment is 0 and a person's true
individual change is their true level's change), how often each 95% interval holds the truth.

``python -m tests.sim.parts [seeds]`` prints the rates ``docs/methods.md`` quotes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable

import numpy as np
import polars as pl

from analytics.stats import attribution, raters
from tests.sim.simulate import company

__all__ = ["parts_coverage"]


def _counts(seed: int, design: str) -> dict[str, float]:
    c = company(design, seed)
    eff = raters.rater_effects(c.ratings).with_columns(pl.col("effect_shrunk").alias("effect"))
    p = attribution.person_parts(attribution.score_changes(c.ratings, eff))
    lv = c.levels
    assert lv is not None
    d = (
        lv.filter(pl.col("cycle_order") == 1)
        .join(lv.filter(pl.col("cycle_order") == 0), on="employee_id", suffix="_0")
        .select("employee_id", truth=pl.col("true") - pl.col("true_0"))
    )
    p = p.join(d, on="employee_id")
    out: dict[str, float] = {}
    # the true environment is 0: the company and department parts' intervals should hold 0
    for part, truth in (
        ("company", pl.lit(0.0)),
        ("department", pl.lit(0.0)),
        ("individual", pl.col("truth")),
    ):
        lo, hi = pl.col(f"{part}_ci95_low"), pl.col(f"{part}_ci95_high")
        got = p.filter(lo.is_not_null()).select(
            covered=((lo <= truth) & (truth <= hi)).mean(), n=pl.len()
        )
        out[f"{part}_covered"] = float(got["covered"][0]) if got["n"][0] else np.nan
        out[f"{part}_estimable"] = float(got["n"][0]) / p.height
    # one row per department for the department part (its people share one interval)
    dept = p.unique("dept").filter(pl.col("department_ci95_low").is_not_null())
    out["department_covered"] = float(
        ((dept["department_ci95_low"] <= 0) & (dept["department_ci95_high"] >= 0)).mean()
    )
    return out


def parts_coverage(seeds: Iterable[int], design: str = "full_360") -> dict[str, float]:
    rows = [_counts(s, design) for s in seeds]
    return {k: float(np.nanmean([r[k] for r in rows])) for k in rows[0]} | {
        "seeds": float(len(rows))
    }


def main(argv: list[str]) -> None:
    seeds = range(int(argv[0]) if argv else 20)
    start = time.perf_counter()
    print(f"coverage of the 95% intervals of the change parts, {len(seeds)} seeds")
    print("| design | part | intervals held the truth | people with an interval |")
    print("| --- | --- | --- | --- |")
    for design in ("full_360", "manager_skip"):
        r = parts_coverage(seeds, design)
        for part in ("company", "department", "individual"):
            print(
                f"| {design} | {part} | {r[f'{part}_covered']:.1%} | {r[f'{part}_estimable']:.0%} |"
            )
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
