"""``python -m tests.sim [seeds]``: the rater model's error rates over many simulated companies
per design (default 20 seeds), the guideline fit's (50 companies per seed), and the trend
attribution's on the manager-change and market-shock designs, printed as the tables
``docs/methods.md`` quotes."""

from __future__ import annotations

import sys
import time

from tests.sim.guideline import GUIDELINE_DESIGNS, guideline_rates
from tests.sim.rates import rater_rates, shift_rates
from tests.sim.simulate import DESIGNS, SHIFT_DESIGNS

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

_SHIFT_COLUMNS = (
    ("headlined", "hit department headlined as a department shift"),
    ("headlined_old_rule", "... by the rule before (significant and material)"),
    ("confounded", "shift marked confounded with a manager change"),
    ("rater_change_share", "rater_change_share of the hit department (mean)"),
    ("department", "department component of the hit department (mean)"),
    ("broad_shift", "shift of its teams without a manager change (mean)"),
    ("headline_department", "department part the headline gives (mean)"),
    ("headline_rater", "change-of-rater part the headline gives (mean)"),
    ("other_headlined", "other departments headlined / company"),
    ("against_in_dept", "people of the hit department against the trend / company"),
    ("against_in_dept_old_rule", "... by the rule before / company"),
    ("against_manager_changed", "people with a new manager against the trend / company"),
    ("new_manager_not_separable", "new manager's teams listed as not separable"),
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
    _table(
        f"\ntrend attribution, manager change vs market shock, {seeds} seeds per design",
        SHIFT_DESIGNS,
        lambda d: shift_rates(d, range(seeds)),
        _SHIFT_COLUMNS,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
