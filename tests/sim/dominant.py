"""One department over half of the people (rev31a item 2, fixattr31, left32 item 2): is its change
its own, a company-wide move, did nothing move, or cannot it be told? Two designs, each in four
scenarios, counted over
seeds (docs/methods.md, "One department over half of the people: its own change,
company-wide, or cannot be told"). Run: ``python -m tests.sim.dominant 20``.

- ``rev31a``: 王蕾's company (``/tmp/rev-rev31a/gen.py``) without the file: 838 people in 5
  departments (465 / 110 / 100 / 88 / 75), teams of 15 under a manager, true score N(3.35, 0.5)
  plus N(0, 0.15) per cycle on 1-5, a manager rating (true + the manager's N(0, 0.08) + N(0,
  0.25)) and two peers who compress (3.5 + 0.5 (true + N(0, 0.3) - 3.5)); the change is -0.4.
- ``rev30a``: 陈静's company (``tests/sim/rev30a.py``) without raters planted: 420 people in 4
  departments (252 / 60 / 56 / 52), true N(77, 6) plus N(0, 2) on 0-100, manager + N(0, 3),
  2 peers 80 + 0.35 (true - 77) + N(0, 1.5) clipped to 75-85; the change is -4.2.

Scenarios: ``own`` (the dominant department alone), ``company`` (every department the same),
``null`` (none: "nothing moved", no department named), ``half`` (the dominant one by the change, the others by half of it)."""

# ruff: noqa
# fmt: off
from __future__ import annotations

import numpy as np
import polars as pl

DESIGNS = {
    "rev31a": dict(sizes=(465, 110, 100, 88, 75), drop=-0.4, lo=1.0, hi=5.0, mu=3.35, sd=0.5,
                   cyc=0.15, mgr=0.25, mgr_eff=0.08, peer=lambda t, r: 3.5 + 0.5 * (t + r.normal(0, 0.3) - 3.5)),
    "rev30a": dict(sizes=(252, 60, 56, 52), drop=-4.2, lo=0.0, hi=100.0, mu=77.0, sd=6.0,
                   cyc=2.0, mgr=3.0, mgr_eff=0.0,
                   peer=lambda t, r: float(np.clip(80 + 0.35 * (t - 77) + r.normal(0, 1.5), 75, 85))),
}
SCENARIOS = ("own", "company", "null", "half")


def ratings(design: str, scenario: str, seed: int) -> pl.DataFrame:
    g = DESIGNS[design]
    rng = np.random.default_rng(seed)
    k = len(g["sizes"])
    share = {"own": [1.0] + [0.0] * (k - 1), "company": [1.0] * k, "null": [0.0] * k,
             "half": [1.0] + [0.5] * (k - 1)}[scenario]
    rows, e = [], 0
    for d, n in enumerate(g["sizes"]):
        eff = {m: float(rng.normal(0, g["mgr_eff"])) for m in range(n // 15 + 1)}
        ability = rng.normal(g["mu"], g["sd"], n)
        for i in range(n):
            team = i // 15
            for c in (1, 2):
                t = ability[i] + rng.normal(0, g["cyc"]) + (g["drop"] * share[d] if c == 2 else 0.0)
                raw = [(f"m{d}_{team}", "manager", t + eff[team] + rng.normal(0, g["mgr"]))]
                for j in (1, 2):
                    raw.append((f"p{d}_{team}_{(i + j) % 15}", "peer", g["peer"](t, rng)))
                for r, role, s in raw:
                    s = min(g["hi"], max(g["lo"], s))
                    rows.append((f"c{c}", c, f"e{e:04d}", r, role, (s - g["lo"]) / (g["hi"] - g["lo"]), f"D{d}"))
            e += 1
    schema = ["cycle_id", "cycle_order", "employee_id", "rater_id", "rater_role", "score", "department"]
    return pl.DataFrame(rows, schema=schema, orient="row")


def answers(design: str, scenario: str, seeds) -> dict[str, int]:
    """Over ``seeds``: how often the pair was answered own / company / nothing (``none``: nothing
    moved) / joint (or not at all: ``unanswered``), any department shift named
    (``significant``), and the dominant department named."""
    from analytics.findings.sections import identified_shifts
    from analytics.stats.attribution import department_shifts, score_changes

    out = dict(own=0, company=0, nothing=0, joint=0, unanswered=0, named_any=0, named_dominant=0)
    for s in seeds:
        sh = identified_shifts(department_shifts(score_changes(ratings(design, scenario, s))))
        a = sh["environment_answer"][0]
        out[{"none": "nothing", None: "unanswered"}.get(a, a)] += 1
        out["named_any"] += bool(sh["significant"].any())
        out["named_dominant"] += bool(sh.filter(pl.col("dept") == "D0")["significant"][0])
    return out


if __name__ == "__main__":
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for design in DESIGNS:
        for scenario in SCENARIOS:
            print(design, scenario, answers(design, scenario, range(n)), flush=True)
