"""Coverage of the intervals of issue 18 point 9 on simulated data whose truth is known.

``python -m tests.sim.intervals [replications]`` (default 200) prints, per estimate and unit
size, the share of replications whose 95% interval covers the truth (``docs/methods.md``
quotes the table); ``tests/sim/test_interval_sim.py`` runs a fast subset.

* Change shares (:func:`analytics.stats.attribution.variance_decomposition`): two departments
  over two cycle pairs; per person a department mean ``mu_d``, a person effect shared by the
  pairs (so one person's two changes are correlated: the clustering the interval allows for),
  noise, and an independent change of rater effect. With the environment part the department
  mean of the adjusted change, the population shares are
  mu^2 / V, s_r^2 / V and (s_u^2 + s_e^2) / V with V = mu^2 + s_u^2 + s_e^2 + s_r^2.
"""

from __future__ import annotations

import sys

import numpy as np
import polars as pl

from analytics.stats.attribution import variance_decomposition

#: the change-share design: department means, person, noise and rater-change sds (0-1 scale)
SHARE_MU = (0.15, -0.05)
SHARE_SD = {"u": 0.10, "e": 0.08, "r": 0.08}
SHARES = ("environment", "rater", "individual")


def share_changes(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """A :func:`~analytics.stats.attribution.score_changes`-like frame: ``n`` people in each of
    two departments over two cycle pairs, split as the attribution splits it."""
    ids = np.arange(2 * n).astype(str)
    dept = np.repeat(["A", "B"], n)
    mu = np.repeat(SHARE_MU, n)
    u = rng.normal(0, SHARE_SD["u"], 2 * n)
    frames = []
    for order in (0, 1):
        d = mu + u + rng.normal(0, SHARE_SD["e"], 2 * n)
        r = rng.normal(0, SHARE_SD["r"], 2 * n)
        frames.append(
            pl.DataFrame(
                {"employee_id": ids, "dept": dept, "from_order": order, "_d": d, "rater": r}
            )
        )
    f = pl.concat(frames).with_columns(
        change=pl.col("_d") + pl.col("rater"), company=pl.col("_d").mean().over("from_order")
    )
    f = f.with_columns(
        department=pl.col("_d").mean().over(["from_order", "dept"]) - pl.col("company")
    )
    return f.with_columns(
        individual=pl.col("change") - pl.col("company") - pl.col("department") - pl.col("rater")
    ).drop("_d")


def share_truth() -> dict[str, float]:
    """Department A's population shares."""
    v = SHARE_MU[0] ** 2 + sum(s**2 for s in SHARE_SD.values())
    return {
        "environment": SHARE_MU[0] ** 2 / v,
        "rater": SHARE_SD["r"] ** 2 / v,
        "individual": (SHARE_SD["u"] ** 2 + SHARE_SD["e"] ** 2) / v,
    }


def share_coverage(n: int, reps: int, seed: int = 0) -> dict[str, float]:
    """Per share, the fraction of ``reps`` replications whose interval for department A (n
    people) covers the population share."""
    rng = np.random.default_rng(seed)
    truth = share_truth()
    hits = dict.fromkeys(SHARES, 0)
    for _ in range(reps):  # replications only
        row = (
            variance_decomposition(share_changes(rng, n))
            .filter(pl.col("dept") == "A")
            .row(0, named=True)
        )
        for k in SHARES:
            hits[k] += row[f"share_{k}_ci95_low"] <= truth[k] <= row[f"share_{k}_ci95_high"]
    return {k: hits[k] / reps for k in SHARES}


def main(argv: list[str]) -> None:
    reps = int(argv[0]) if argv else 200
    print(f"change shares, department A, {reps} replications: coverage of the 95% interval")
    print("| people | " + " | ".join(SHARES) + " |")
    print("| --- |" + " --- |" * len(SHARES))
    for n in (10, 30, 100):
        cov = share_coverage(n, reps)
        print(f"| {n} | " + " | ".join(f"{cov[k]:.3f}" for k in SHARES) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
