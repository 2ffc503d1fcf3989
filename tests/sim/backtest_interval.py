"""Coverage of the backtest's interval of a mean percentile (rev19c M5).

``python -m tests.sim.backtest_interval [replications]`` (default 4000) prints, per true mean,
spread and group size, how often the plain t interval and the t interval on the logit scale
(:func:`analytics.stats.intervals.logit_mean_interval`) cover the true mean, and how often the
plain one leaves 0-100%; ``docs/methods.md`` quotes the table and
``tests/sim/test_interval_sim.py`` runs a fast subset.

A listed group's percentiles in the next cycle are drawn from a Beta distribution with the true
mean ``m`` and concentration ``k`` (Beta(m k, (1 - m) k): k = 2 is spread over the whole range,
k = 8 closer to the mean); percentiles live in (0, 1), and a list's sit near the top.
"""

from __future__ import annotations

import sys

import numpy as np

from analytics.stats.intervals import logit_mean_interval, mean_interval

#: (true mean, concentration) pairs and group sizes of the table
DESIGNS = ((0.5, 2), (0.75, 2), (0.75, 8), (0.9, 2), (0.9, 8), (0.95, 8))
SIZES = (3, 5, 10, 30)


def coverage(mean: float, conc: float, n: int, reps: int, seed: int = 1) -> dict[str, float]:
    """Shares of ``reps`` groups of ``n`` whose interval covers ``mean``, per method, and the
    share whose plain t interval leaves [0, 1]."""
    rng = np.random.default_rng(seed)
    hit_t = hit_logit = outside = 0
    for _ in range(reps):
        v = rng.beta(mean * conc, (1 - mean) * conc, n)
        _, lo, hi, _ = mean_interval(v)
        hit_t += lo <= mean <= hi
        outside += lo < 0 or hi > 1
        _, lo, hi, _ = logit_mean_interval(v)
        hit_logit += lo <= mean <= hi
    return {"t": hit_t / reps, "logit": hit_logit / reps, "t_outside": outside / reps}


def main(reps: int = 4000) -> None:
    print("| true mean | spread k | n | t covers | logit t covers | t leaves 0-100% |")
    print("| --- | --- | --- | --- | --- | --- |")
    for mean, conc in DESIGNS:
        for n in SIZES:
            c = coverage(mean, conc, n, reps)
            print(
                f"| {mean:.0%} | {conc} | {n} | {c['t']:.1%} | {c['logit']:.1%} "
                f"| {c['t_outside']:.0%} |"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
