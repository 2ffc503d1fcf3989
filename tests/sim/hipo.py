"""Regression to the mean in the high-potential list (issue 18, point 6): one unlucky first
cycle doubled a person's chance of making the top 50 (15.0% vs 6.9%), and the top 50 fell
from the 93rd to the 82nd percentile in the next cycle. With 3 or 4 cycles the plain slope
still rewarded the recovery from it (3.0 and 2.4 times as likely, rev18), so it is run at
3, 4 and 6 cycles, against a plain mean of the ranked cycles.

People keep a true level over ``n_cycles`` (no true growth); every cycle's adjusted score is
the level plus noise; the *unlucky* share has one first cycle ``dip`` SDs below their level.
The list is ranked on the cycles before the last, and the last cycle is the backtest.
``python -m tests.sim.hipo [seeds]`` prints the rates ``docs/methods.md`` quotes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable

import numpy as np
import polars as pl

from analytics.stats import potential

__all__ = ["hipo_counts", "hipo_rates", "hipo_scores", "ninebox_counts", "ninebox_rates"]


def hipo_scores(
    seed: int,
    n: int = 1000,
    n_cycles: int = 6,
    true_sd: float = 0.10,
    noise_sd: float = 0.06,
    unlucky_share: float = 0.2,
    dip: float = 2.5,
    dip_cycle: int = 0,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The adjusted scores (``cycle_id, cycle_order, employee_id, raw, adjusted``), the
    employees (one peer group) and the truth (``employee_id, level, unlucky``); the unlucky
    cycle is ``dip_cycle`` (0 the first, -1 the last)."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"E{i:05d}" for i in range(n)])
    level = rng.normal(0.6, true_sd, n)
    unlucky = rng.random(n) < unlucky_share
    y = level[None, :] + rng.normal(0.0, noise_sd, (n_cycles, n))
    y[dip_cycle, unlucky] -= dip * noise_sd
    cyc = np.repeat(np.arange(n_cycles), n)
    scores = pl.DataFrame(
        {
            "cycle_id": [f"C{c + 1}" for c in cyc],
            "cycle_order": cyc + 1,
            "employee_id": np.tile(ids, n_cycles),
            "raw": y.ravel(),
            "adjusted": y.ravel(),
        }
    )
    employees = pl.DataFrame(
        {"employee_id": ids, "job_family": "eng", "level": "P5", "department": "D"}
    )
    truth = pl.DataFrame({"employee_id": ids, "level": level, "unlucky": unlucky})
    return scores, employees, truth


def hipo_counts(seed: int, top_n: int = 50, **options) -> dict[str, float]:
    """One company: top-``top_n`` rates of the unlucky and the stable, the list's percentile
    in its last ranked cycle and in the next (backtest), and how many of the true top
    ``top_n`` it holds."""
    scores, employees, truth = hipo_scores(seed, **options)
    last = scores["cycle_order"].max()
    before = scores.filter(pl.col("cycle_order") < last)
    prof = potential.performance_profile(before, employees, min_group=1)
    listed = potential.high_potential(prof, top_n=top_n)["employee_id"]
    t = truth.with_columns(listed=pl.col("employee_id").is_in(listed.implode()))
    nxt = potential.performance_profile(scores, employees, min_group=1).select(
        "employee_id", pl.col("pct_adjusted").alias("next_pct")
    )
    on_list = prof.filter(pl.col("employee_id").is_in(listed.implode())).join(nxt, on="employee_id")
    true_top = set(truth.sort("level", descending=True).head(top_n)["employee_id"])
    # the comparison: a plain mean of the ranked cycles
    mean_top = set(
        before.group_by("employee_id")
        .agg(pl.col("adjusted").mean())
        .sort(["adjusted", "employee_id"], descending=[True, False])
        .head(top_n)["employee_id"]
    )
    return {
        "unlucky_rate": float(t.filter(pl.col("unlucky"))["listed"].mean()),
        "stable_rate": float(t.filter(~pl.col("unlucky"))["listed"].mean()),
        "pct_then": float(on_list["pct_adjusted"].mean()),
        "pct_next": float(on_list["next_pct"].mean()),
        "true_top_found": float(len(true_top & set(listed))),
        "mean_top_found": float(len(true_top & mean_top)),
    }


def hipo_rates(seeds: Iterable[int], **options) -> dict[str, float]:
    rows = [hipo_counts(s, **options) for s in seeds]
    out = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    out["ratio"] = out["unlucky_rate"] / out["stable_rate"]
    return out | {"seeds": float(len(rows))}


def ninebox_counts(seed: int, n_cycles: int = 4, **options) -> dict[str, float]:
    """The nine-box's performance axis (issue 18, rev19) when the unlucky cycle is the latest:
    the share of the unlucky and of the stable people placed in a lower performance band
    (thirds) than their true level's, and the share of everyone in their true band, for the
    axis as it is (``nine_box``'s ``performance``, the shrunk level) and for the latest
    percentile it used before (``performance_latest``)."""
    scores, employees, truth = hipo_scores(seed, n_cycles=n_cycles, dip_cycle=-1, **options)
    prof = potential.performance_profile(scores, employees, min_group=1)
    boxes = potential.nine_box(prof.with_columns(potential_score=pl.lit(0.5)))
    t = truth.with_columns(
        true_band=potential.band((pl.col("level").rank("average") - 0.5) / pl.len(), (1 / 3, 2 / 3))
    ).join(boxes, on="employee_id")
    out: dict[str, float] = {}
    for name, col in (("shrunk", "performance"), ("latest", "performance_latest")):
        b = t.with_columns(_b=potential.band(pl.col(col), (1 / 3, 2 / 3)))
        lower = b["_b"] < b["true_band"]
        unl = b["unlucky"]
        out[f"{name}_unlucky_lower"] = float(lower.filter(unl).mean())
        out[f"{name}_stable_lower"] = float(lower.filter(~unl).mean())
        out[f"{name}_right"] = float((b["_b"] == b["true_band"]).mean())
    return out


def ninebox_rates(seeds: Iterable[int], **options) -> dict[str, float]:
    rows = [ninebox_counts(s, **options) for s in seeds]
    out = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    return out | {"seeds": float(len(rows))}


def main(argv: list[str]) -> None:
    seeds = range(int(argv[0]) if argv else 20)
    start = time.perf_counter()
    print(f"high-potential top 50 of 1,000 people, no true growth, {len(seeds)} seeds")
    print(
        "| cycles (ranked + backtest) | unlucky first cycle: listed | stable: listed | ratio "
        "| list's percentile then | next cycle | true top 50 found | plain mean of cycles |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for n_cycles in (3, 4, 6):
        r = hipo_rates(seeds, n_cycles=n_cycles)
        print(
            f"| {n_cycles} | {r['unlucky_rate']:.1%} | {r['stable_rate']:.1%} | {r['ratio']:.2f} "
            f"| {r['pct_then']:.0%} | {r['pct_next']:.0%} | {r['true_top_found']:.1f} / 50 "
            f"| {r['mean_top_found']:.1f} / 50 |"
        )
    print()
    print(f"nine-box performance axis, unlucky latest cycle, {len(seeds)} seeds")
    print(
        "| cycles | axis | unlucky: band below their true band | stable: below | "
        "everyone in their true band |"
    )
    print("| --- | --- | --- | --- | --- |")
    for n_cycles in (3, 4, 6):
        r = ninebox_rates(seeds, n_cycles=n_cycles)
        for name, label in (("latest", "latest percentile (before)"), ("shrunk", "shrunk level")):
            print(
                f"| {n_cycles} | {label} | {r[f'{name}_unlucky_lower']:.1%} "
                f"| {r[f'{name}_stable_lower']:.1%} | {r[f'{name}_right']:.1%} |"
            )
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
