"""``python -m tests.sim [seeds]``: the rater model's error rates over many simulated companies
per design (default 20 seeds), and the trend attribution's on the manager-change and
market-shock designs, printed as the tables ``docs/methods.md`` quotes."""

from __future__ import annotations

import sys
import time

from tests.sim.rates import rater_rates, shift_rates
from tests.sim.simulate import DESIGNS, SHIFT_DESIGNS

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
    ("other_headlined", "other departments headlined / company"),
    ("against_in_dept", "people of the hit department against the trend / company"),
    ("against_in_dept_old_rule", "... by the rule before / company"),
    ("against_manager_changed", "people with a new manager against the trend / company"),
    ("new_manager_not_separable", "new manager's teams listed as not separable"),
)


def main(argv: list[str]) -> None:
    seeds = int(argv[0]) if argv else 20
    print(f"rater model on simulated companies, {seeds} seeds per design")
    print("| measure | " + " | ".join(DESIGNS) + " |")
    print("| --- |" + " --- |" * len(DESIGNS))
    start = time.perf_counter()
    res = {d: rater_rates(d, range(seeds)) for d in DESIGNS}
    for key, label in _COLUMNS:
        print(f"| {label} | " + " | ".join(f"{res[d][key]:.3g}" for d in DESIGNS) + " |")
    print(f"({time.perf_counter() - start:.1f} s)")
    print()
    print(f"trend attribution, manager change vs market shock, {seeds} seeds per design")
    print("| measure | " + " | ".join(SHIFT_DESIGNS) + " |")
    print("| --- |" + " --- |" * len(SHIFT_DESIGNS))
    start = time.perf_counter()
    res = {d: shift_rates(d, range(seeds)) for d in SHIFT_DESIGNS}
    for key, label in _SHIFT_COLUMNS:
        print(f"| {label} | " + " | ".join(f"{res[d][key]:.3g}" for d in SHIFT_DESIGNS) + " |")
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
