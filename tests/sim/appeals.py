"""Overturns as a rater signal on simulated companies: ``raters`` raters, each with a number of
graded people drawn between ``size`` bounds, every person appealing with probability
``appeal_rate`` and every decided appeal overturned with the same probability ``p_overturn``
(the null: no rater differs), optionally one rater whose appeals are overturned with
``p_bad``. Per design: the share of companies where any null rater is flagged (the
family-wise error Holm bounds), the mean number of raters tested and too few to test, and
whether the planted rater is flagged."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl

from analytics.stats.appeals import appeal_rates, overturn_signal

__all__ = ["APPEAL_DESIGNS", "appeal_company", "appeal_null_rates"]

#: design -> (raters, (min, max) graded people per rater, appeal rate, overturn p, bad rater p)
APPEAL_DESIGNS: dict[str, tuple[int, tuple[int, int], float, float, float | None]] = {
    "null_40_small": (40, (10, 60), 0.10, 0.30, None),
    "null_15_large": (15, (100, 200), 0.15, 0.30, None),
    "null_15_large_rare": (15, (100, 200), 0.15, 0.05, None),
    "bad_1_of_15_large": (15, (100, 200), 0.15, 0.30, 0.70),
}


def appeal_company(
    seed: int,
    raters: int,
    size: tuple[int, int],
    appeal_rate: float,
    p_overturn: float,
    p_bad: float | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(graded, appeals)`` of one simulated company; rater ``R0`` is the planted one."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(size[0], size[1] + 1, raters)
    rater = np.repeat([f"R{i}" for i in range(raters)], sizes)
    ids = np.array([f"E{i}" for i in range(len(rater))])
    graded = pl.DataFrame({"cycle_id": "C", "employee_id": ids, "rater_id": rater})
    appealed = rng.random(len(ids)) < appeal_rate
    p = np.where((rater == "R0") & (p_bad is not None), p_bad or 0.0, p_overturn)
    changed = rng.random(len(ids)) < p
    appeals = pl.DataFrame(
        {
            "cycle_id": "C",
            "employee_id": ids[appealed],
            "outcome": np.where(changed[appealed], "overturned", "upheld"),
        }
    )
    return graded, appeals


def appeal_null_rates(design: str, seeds: Iterable[int]) -> dict[str, float]:
    """Rates over the companies ``seeds`` of ``design`` (see the module's docstring)."""
    raters, size, rate, p, bad = APPEAL_DESIGNS[design]
    any_false = tested = too_few = found = 0
    n = 0
    for seed in seeds:
        out = overturn_signal(
            appeal_rates(*appeal_company(seed, raters, size, rate, p, bad), "rater_id")
        )
        null = out.filter(pl.col("rater_id") != "R0") if bad is not None else out
        any_false += int((null["signal"] == "high").any())
        tested += int((out["signal"] != "too_few").sum())
        too_few += int((out["signal"] == "too_few").sum())
        if bad is not None:
            found += int(out.filter(pl.col("rater_id") == "R0")["signal"][0] == "high")
        n += 1
    return {
        "companies": n,
        "any_false": any_false / n,
        "tested": tested / n,
        "too_few": too_few / n,
        "found": found / n if bad is not None else float("nan"),
    }


if __name__ == "__main__":
    for name in APPEAL_DESIGNS:
        print(name, appeal_null_rates(name, range(200)))
