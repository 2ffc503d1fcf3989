"""``python -m tests.sim [seeds]``: the rater model's error rates over many simulated companies
per design (default 20 seeds), and the guideline fit's (50 companies per seed), printed as the
tables ``docs/methods.md`` quotes."""

from __future__ import annotations

import sys
import time

from tests.sim.guideline import GUIDELINE_DESIGNS, guideline_rates
from tests.sim.rates import rater_rates
from tests.sim.simulate import DESIGNS

_GUIDELINE_COLUMNS = (
    ("any_significant", "companies with any compliant unit marked significant"),
    ("above_p90", "compliant units with more to move than their 90th percentile"),
    ("w_mean", "mean Cohen's w of compliant units"),
    ("found", "inflated unit found (significant, inflated)"),
    ("companies", "companies"),
)

_COLUMNS = (
    ("false_strict", "false strict flags / company"),
    ("false_any", "false flags incl. likely tier / company"),
    ("wrong_sign", "flags of the wrong sign / company"),
    ("recall_strict", "recall strict (effects >= 2x threshold)"),
    ("recall_any", "recall strict or likely"),
    ("managers_not_estimable", "managers not estimable / company"),
    ("managers_clear", "managers clear / company"),
    ("zero_width", "zero-width intervals / company"),
    ("blup", "share of companies fitted with BLUP"),
    ("low_power_clear", "clear raters with low power / company"),
    ("raters", "raters / company"),
)


def _table(title: str, designs, rates, columns) -> None:
    """Print one markdown table: a row per measure, a column per design, and the time taken."""
    print(title)
    print("| measure | " + " | ".join(designs) + " |")
    print("| --- |" + " --- |" * len(designs))
    start = time.perf_counter()
    res = {d: rates(d) for d in designs}
    for key, label in columns:
        print(f"| {label} | " + " | ".join(f"{res[d][key]:.3g}" for d in designs) + " |")
    print(f"({time.perf_counter() - start:.1f} s)")


def main(argv: list[str]) -> None:
    seeds = int(argv[0]) if argv else 20
    _table(
        f"rater model on simulated companies, {seeds} seeds per design",
        DESIGNS,
        lambda d: rater_rates(d, range(seeds)),
        _COLUMNS,
    )
    _table(
        f"\nguideline fit on simulated companies, {seeds} seeds x 50 companies per design",
        tuple(GUIDELINE_DESIGNS),
        lambda d: guideline_rates(d, range(seeds)),
        _GUIDELINE_COLUMNS,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
