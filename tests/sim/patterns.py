"""Central tendency and halo on simulated companies with no such rater (rev21 item 4: peers
with 5-7 ratees were labelled "halo" and "central tendency" though none was planted), and the
power on planted ones.

Designs (every company has 2 cycles, 3 dimensions, teams of ``team_size`` people and their
manager; ``a`` is the person's true level, the same on every dimension):

* ``peer_half_steps``: the reviewer's export. Manager and 3 peers from the same team rate
  each person; scores ``3.2 + 0.6 a + noise`` (manager 0.35, peer 0.5 per dimension), rounded
  to half points on 1-5. A peer rates about 3 people a cycle: 5-7 ratees in all.
* ``compressing``: the same raters on whole points, ``3.5 + 0.35 a + noise 0.45``: most
  scores are 3 or 4.
* ``manager_only``: only the managers rate (and the people themselves, which the diagnostics
  leave out), both cycles.
* ``mixed``: the first cycle manager-only, the second as ``peer_half_steps``.

``plant=True`` makes ``n_plant`` managers compress (every score ``centre + 0.25 (x -
centre)``, rounded to the scale: on whole points nearly everyone gets a 3) and ``n_plant`` other managers give one score on every dimension (their mean for
the person, rounded); the peers stay honest. ``python -m tests.sim.patterns [seeds]`` prints
the rates ``docs/methods.md`` quotes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.stats import raters
from tests.sim.frames import ratings_frame, stack_blocks
from tests.sim.report import print_table

__all__ = [
    "PATTERN_DESIGNS",
    "PatternCompany",
    "pattern_company",
    "pattern_counts",
    "pattern_rates",
]

PATTERN_DESIGNS = ("peer_half_steps", "compressing", "manager_only", "mixed")
_DIMENSIONS = ("业绩", "能力", "价值观")


@dataclass(frozen=True)
class PatternCompany:
    """The ratings and the planted central-tendency and halo managers (empty without plant)."""

    ratings: pl.DataFrame
    central: frozenset[str]
    halo: frozenset[str]


def _scores(design: str, level: np.ndarray, sd: np.ndarray, rng) -> np.ndarray:
    """One score per (pair, dimension) on the design's scale, before any planted pattern."""
    if design == "compressing":
        x = 3.5 + 0.35 * level[:, None] + rng.normal(0.0, 1.0, (level.size, 3)) * sd[:, None]
        return np.clip(np.round(x), 1, 5)
    x = 3.2 + 0.6 * level[:, None] + rng.normal(0.0, 1.0, (level.size, 3)) * sd[:, None]
    return np.clip(np.round(x * 2) / 2, 1, 5)


def _round(design: str, x: np.ndarray) -> np.ndarray:
    step = 1.0 if design == "compressing" else 0.5
    return np.clip(np.round(x / step) * step, 1, 5)


def pattern_company(
    design: str,
    seed: int,
    n_teams: int = 10,
    team_size: int = 60,
    n_peers: int = 3,
    plant: bool = False,
    n_plant: int = 2,
) -> PatternCompany:
    """One company of ``n_teams * team_size`` people (vectorised: one draw per term)."""
    rng = np.random.default_rng(seed)
    n_emp = n_teams * team_size
    everyone = np.arange(n_emp)
    team = everyone // team_size
    emp_ids = np.array([f"E{i:05d}" for i in range(n_emp)])
    mgr_ids = np.array([f"M{t:03d}" for t in range(n_teams)])
    order = rng.permutation(n_teams)
    central = mgr_ids[order[:n_plant]] if plant else mgr_ids[:0]
    haloed = mgr_ids[order[n_plant : 2 * n_plant]] if plant else mgr_ids[:0]
    ability = rng.normal(0.0, 1.0, n_emp)
    frames = []
    for c, cycle in enumerate(("2025H2", "2026H1")):
        level = ability + np.where(rng.random(n_emp) < 0.3, 0.2 * c, 0.0)
        peers = design in ("peer_half_steps", "compressing") or (design == "mixed" and c == 1)
        blocks = [(everyone, mgr_ids[team], "manager", 0.35)]
        if peers:
            for _ in range(n_peers):
                offset = rng.integers(1, team_size, n_emp)
                mate = team * team_size + (everyone - team * team_size + offset) % team_size
                blocks.append((everyone, emp_ids[mate], "peer", 0.5))
        ratee, rater, role, sd = stack_blocks(blocks)
        if design == "compressing":
            sd = np.full(sd.size, 0.45)
        score = _scores(design, level[ratee], sd, rng)
        centre = 3.0 if design == "compressing" else 3.2  # the compressing one gives 3s
        squeeze = np.isin(rater, central)
        score[squeeze] = _round(design, centre + 0.25 * (score[squeeze] - centre))
        flat = np.isin(rater, haloed)
        score[flat] = _round(design, score[flat].mean(axis=1))[:, None].repeat(3, axis=1)
        own = _scores(design, level + 0.5, np.full(n_emp, 0.4), rng)  # the self-ratings
        ratee = np.concatenate([ratee, everyone])
        rater = np.concatenate([rater, emp_ids])
        role = np.concatenate([role, np.full(n_emp, "self")])
        score = np.vstack([score, own])
        frames.append(
            ratings_frame(
                cycle,
                c,
                emp_ids[ratee],
                rater,
                role,
                score,
                _DIMENSIONS,
                np.full(ratee.size, "D"),
                np.array([f"T{t:02d}" for t in range(n_teams)])[team[ratee]],
            )
        )
    return PatternCompany(pl.concat(frames), frozenset(central), frozenset(haloed))


def _before(frame: pl.DataFrame, relative: bool) -> pl.Series:
    """The rule before session 22: ratio < 0.5, uncorrected p < 0.05 and 4 or more ratees."""
    rule = (pl.col("ratio") < 0.5) & (pl.col("p_value") < 0.05) & (pl.col("n_ratees") >= 4)
    if relative:
        rule = rule & (pl.col("relative") < 0.5)
    return frame.select(rule.fill_null(False))[:, 0]


def pattern_counts(c: PatternCompany) -> dict[str, float]:
    """One company: honest raters flagged for each pattern (now and by the rule before, and
    the honest peers among them), the planted raters found, the raters whose status is "too
    few ratings to tell" and those who cannot be estimated."""
    ct, ha = raters.central_tendency(c.ratings), raters.halo(c.ratings)
    out: dict[str, float] = {"raters": float(ct.height)}
    peers = set(c.ratings.filter(pl.col("rater_role") == "peer")["rater_id"].unique())
    for name, frame, planted, relative in (
        ("ct", ct, c.central, False),
        ("halo", ha, c.halo, True),
    ):
        honest = ~frame["rater_id"].is_in(list(planted))
        flagged = frame["flag"].is_not_null()
        before = _before(frame, relative)
        is_peer = frame["rater_id"].is_in(list(peers))
        out |= {
            f"{name}_false": float((flagged & honest).sum()),
            f"{name}_false_peer": float((flagged & honest & is_peer).sum()),
            f"{name}_false_before": float((before & honest).sum()),
            f"{name}_false_before_peer": float((before & honest & is_peer).sum()),
            f"{name}_found": float((flagged & ~honest).sum()),
            f"{name}_found_before": float((before & ~honest).sum()),
            f"{name}_planted": float(len(planted)),
            f"{name}_too_few": float((frame["status"] == "too_few").sum()),
            f"{name}_not_estimable": float((frame["status"] == "not_estimable").sum()),
            f"{name}_tested": float(frame["status"].is_in(["flagged", "clear"]).sum()),
        }
    return out


def pattern_rates(design: str, seeds: Iterable[int], **options) -> dict[str, float]:
    """Per company over ``seeds``: false flags (now and before), the recall of planted raters
    (when ``plant``), and the shares of raters too few to tell and not estimable."""
    rows = [pattern_counts(pattern_company(design, s, **options)) for s in seeds]
    total = {k: sum(r[k] for r in rows) for k in rows[0]}
    n = len(rows)
    out = {k: v / n for k, v in total.items()}
    for name in ("ct", "halo"):
        planted = total[f"{name}_planted"]
        out[f"{name}_recall"] = total[f"{name}_found"] / planted if planted else float("nan")
        out[f"{name}_recall_before"] = (
            total[f"{name}_found_before"] / planted if planted else float("nan")
        )
    out["companies"] = float(n)
    return out


_COLUMNS = (
    ("false", "false flags / company"),
    ("false_peer", "of them peers"),
    ("false_before", "false flags / company, rule before"),
    ("recall", "planted found"),
    ("recall_before", "planted found, rule before"),
    ("too_few", "too few to tell / company"),
    ("not_estimable", "cannot be estimated / company"),
    ("tested", "tested / company"),
)


#: the companies ``main`` prints: the designs with teams of 60 (a manager rates 60 people, a
#: peer 5-7) and the reviewer's design with teams of 10 (a manager rates 10)
CONFIGS: tuple[tuple[str, str, dict], ...] = (
    *((d, d, {}) for d in PATTERN_DESIGNS),
    ("peer_half_steps, teams of 10", "peer_half_steps", {"n_teams": 60, "team_size": 10}),
)


def main(argv: list[str]) -> None:
    seeds = range(int(argv[0]) if argv else 20)
    start = time.perf_counter()
    print(f"central tendency and halo on simulated companies, {len(seeds)} seeds, 600 people")
    for name, label in (("ct", "central tendency"), ("halo", "halo")):
        print(f"\n{label}\n")
        rows = (
            (
                f"{design_label}{' + planted' if plant else ''}",
                {key: r[f"{name}_{key}"] for key, _ in _COLUMNS},
            )
            for design_label, design, opts in CONFIGS
            for plant in (False, True)
            for r in (pattern_rates(design, seeds, plant=plant, **opts),)
        )
        print_table(_COLUMNS, rows, lambda key: key.startswith("recall"))
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
