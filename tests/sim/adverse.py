"""The adverse-impact verdicts on simulated calibration sessions: how often a session with no
rating bias is flagged (false positives), how often a biased one is (power), and how often the
four-fifths ratio alone falls below 0.8. ``python -m tests.sim.adverse [seeds]`` prints the
table ``docs/methods.md`` quotes (200 sessions per design by default)."""

from __future__ import annotations

import sys
import time

import numpy as np
import polars as pl

from analytics.calibration import adverse as A

GRADES = ["S", "A", "B", "C", "D"]

#: name -> (people, KPI gap of 女 in SD, rating bias against 女 at equal KPIs in logits)
DESIGNS: dict[str, tuple[int, float, float]] = {
    "null, n=200": (200, 0.0, 0.0),
    "null, n=60": (60, 0.0, 0.0),
    "KPI gap 1 SD, no bias, n=200": (200, 1.0, 0.0),
    "KPI gap 1 SD, no bias, n=60": (60, 1.0, 0.0),
    "bias 1.0 logit, n=200": (200, 0.0, 1.0),
    "bias 1.0 logit, n=60": (60, 0.0, 1.0),
    "bias 1.5 logit, n=200": (200, 0.0, 1.5),
}


def simulated_session(seed: int, n: int = 200, kpi_gap: float = 0.0, bias: float = 0.0):
    """One session: group 女 (40%) and 男; the grade follows KPI and level through a logistic
    latent score cut at the guideline's shares (S 10%, A 20%, B 50%, C 15%, D 5%); ``kpi_gap``
    lowers 女's KPI results (in SD), ``bias`` lowers 女's rating at equal KPIs (in logits)."""
    rng = np.random.default_rng(seed)
    g = np.where(rng.random(n) < 0.4, "女", "男")
    kpi = rng.normal(0, 1, n) - kpi_gap * (g == "女")
    level = rng.integers(3, 7, n)
    latent = 1.5 * kpi + 0.2 * (level - 4.5) + rng.logistic(0, 1, n) - bias * (g == "女")
    cuts = np.quantile(latent, [0.9, 0.7, 0.2, 0.05])
    grade = np.select([latent >= c for c in cuts], GRADES[:4], "D")
    return pl.DataFrame(
        {
            "employee_id": [f"E{i}" for i in range(n)],
            "proposed": grade,
            "final": grade,
            "gender": g,
            "level": [f"P{v}" for v in level],
            "kpi_score": kpi,
        }
    )


def adverse_rates(seeds: int = 200) -> pl.DataFrame:
    """Per design: the share of sessions with each verdict, and with the raw ratio below 0.8."""
    rows = []
    for name, (n, gap, bias) in DESIGNS.items():
        verdicts, below = [], 0
        for seed in range(seeds):
            res = A.adverse_impact(
                simulated_session(10_000 + seed, n, gap, bias), ["gender"], GRADES
            )
            verdicts.append(res.verdicts["verdict"][0])
            ratio = res.groups.filter(~pl.col("reference"))["impact_ratio"][0]
            below += ratio is not None and ratio < A.FOUR_FIFTHS
        row = {"design": name, "sessions": seeds, "raw_below_0.8": below / seeds}
        row |= {v: verdicts.count(v) / seeds for v in A.VERDICTS[:5]}
        rows.append(row)
    return pl.DataFrame(rows)


if __name__ == "__main__":
    started = time.time()
    with pl.Config(tbl_rows=20, tbl_cols=20, tbl_width_chars=200, float_precision=3):
        print(adverse_rates(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
    print(f"{time.time() - started:.0f} s")
