"""``python -m tests.sim [seeds]``: the rater model's error rates over many simulated companies
per design (default 20 seeds), printed as the table ``docs/methods.md`` quotes."""

from __future__ import annotations

import sys
import time

from tests.sim.rates import rater_rates
from tests.sim.simulate import DESIGNS

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


if __name__ == "__main__":
    main(sys.argv[1:])
