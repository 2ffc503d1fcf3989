"""Recency on simulated companies where its assumptions fail, and the power on planted recency
managers (session 23: the recency flag was the last rater label on an uncorrected p-value).

Every person has a level ``a`` and a slope ``s`` (true performance *trends* inside each cycle:
``a + s (m - 1)`` in month m = 0, 1, 2, plus a monthly wobble the manager also sees). The KPI
attainment of a month is ``1 + 0.15 x (that month's performance) + noise 0.1``. An honest
manager rates the cycle's mean performance; a planted *recency* manager rates the last month's
KPI attainment read as performance, ``(attainment - 1) / 0.15`` (what the demo plants). Scores:
``3.2 + 0.6 x level + noise`` on half points 1-5, three dimensions; three team-mates rate each
person too (honestly), except where said.

Designs (``RECENCY_DESIGNS``; 2 cycles of 3 months, teams of 4-12 unless said):

* ``trend``: as above (the slope's SD 0.5: strong finishers and fading ones).
* ``small_teams``: teams of 3-5.
* ``manager_only``: no team-mates rate.
* ``compressing``: whole points, ``3.5 + 0.35 x level + noise 0.45`` (most scores 3 or 4),
  and one manager in ten gives everybody a 3.
* ``one_cycle``: a single cycle.
* ``kpi_unrelated``: the KPIs measure nothing the ratings see (attainment is the person's own
  persistent level plus noise): last month and whole cycle correlate with the ratings equally,
  the null at its boundary, with the same people in both cycles.

``python -m tests.sim.recency [seeds]`` prints the rates ``docs/methods.md`` quotes, and the
power by a manager's number of ratings (:func:`recency_power`).
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
    "RECENCY_DESIGNS",
    "RecencyCompany",
    "recency_before",
    "recency_company",
    "recency_counts",
    "recency_power",
    "recency_rates",
]

RECENCY_DESIGNS = (
    "trend",
    "small_teams",
    "manager_only",
    "compressing",
    "one_cycle",
    "kpi_unrelated",
)
_DIMENSIONS = ("业绩", "能力", "价值观")
_MONTHS = 3


@dataclass(frozen=True)
class RecencyCompany:
    """The ratings, the KPI results (one KPI, three months a cycle) and the planted recency
    managers (empty without ``plant``)."""

    ratings: pl.DataFrame
    kpi_results: pl.DataFrame
    recency: frozenset[str]


def _team_sizes(design: str, n_teams: int, rng, sizes: tuple[int, int] | None) -> np.ndarray:
    low, high = sizes or ((3, 5) if design == "small_teams" else (4, 12))
    return rng.integers(low, high + 1, n_teams)


def _scores(design: str, level: np.ndarray, sd: np.ndarray, rng) -> np.ndarray:
    """One score per (pair, dimension) on the design's scale (``sd``: each pair's noise; the
    compressing scale has its own)."""
    noise = rng.normal(0.0, 1.0, (level.size, len(_DIMENSIONS)))
    if design == "compressing":
        return np.clip(np.round(3.5 + 0.35 * level[:, None] + 0.45 * noise), 1, 5)
    x = 3.2 + 0.6 * level[:, None] + noise * sd[:, None]
    return np.clip(np.round(x * 2) / 2, 1, 5)


def recency_company(
    design: str,
    seed: int,
    n_teams: int = 150,
    plant: bool = False,
    n_plant: int = 4,
    wobble: float = 0.6,
    n_cycles: int = 2,
    team_sizes: tuple[int, int] | None = None,
) -> RecencyCompany:
    """One company of ``n_teams`` teams over ``n_cycles`` cycles (one for ``one_cycle``;
    vectorised: one draw per term and cycle). ``wobble``: the SD of the monthly wobble;
    ``team_sizes``: the smallest and largest team (the design's by default)."""
    rng = np.random.default_rng(seed)
    sizes = _team_sizes(design, n_teams, rng, team_sizes)
    team = np.repeat(np.arange(n_teams), sizes)
    n_emp = team.size
    start = np.r_[0, np.cumsum(sizes)[:-1]]
    emp_ids = np.array([f"E{i:05d}" for i in range(n_emp)])
    mgr_ids = np.array([f"M{t:03d}" for t in range(n_teams)])
    team_ids = np.array([f"T{t:03d}" for t in range(n_teams)])
    planted = mgr_ids[rng.permutation(n_teams)[:n_plant]] if plant else mgr_ids[:0]
    constant = mgr_ids[rng.permutation(n_teams)[: n_teams // 10]] if design == "compressing" else []
    ability = rng.normal(0.0, 0.5, n_emp)
    slope = rng.normal(0.0, 0.5, n_emp)
    own_kpi = rng.normal(0.0, 1.0, n_emp)  # kpi_unrelated: what the KPIs measure instead
    cycles = [f"C{c + 1}" for c in range(1 if design == "one_cycle" else n_cycles)]
    frames, kpis = [], []
    for c, cycle in enumerate(cycles):
        month = np.arange(_MONTHS) - 1.0
        perf = (
            ability[:, None]
            + slope[:, None] * month[None, :]
            + rng.normal(0.0, wobble, (n_emp, _MONTHS))
        )
        kpi_level = own_kpi[:, None] if design == "kpi_unrelated" else perf
        att = 1.0 + 0.15 * kpi_level + rng.normal(0.0, 0.1, (n_emp, _MONTHS))
        seen = np.where(
            np.isin(mgr_ids[team], planted), (att[:, -1] - 1.0) / 0.15, perf.mean(axis=1)
        )
        blocks = [(np.arange(n_emp), mgr_ids[team], "manager", seen, 0.35)]
        if design != "manager_only":
            for _ in range(3):
                # a team-mate: another member of the same team
                shift = rng.integers(1, np.maximum(sizes[team], 2))
                mate = start[team] + (np.arange(n_emp) - start[team] + shift) % sizes[team]
                who = np.arange(n_emp)
                blocks.append((who, emp_ids[mate], "peer", perf.mean(axis=1), 0.5))
        ratee, rater, role, level, sd = stack_blocks(blocks)
        score = _scores(design, level, sd, rng)
        score[np.isin(rater, constant)] = 3.0
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
                team_ids[team[ratee]],
            )
        )
        kpis.append(
            pl.DataFrame(
                {
                    "cycle_id": np.full(n_emp * _MONTHS, cycle),
                    "employee_id": np.repeat(emp_ids, _MONTHS),
                    "kpi": np.full(n_emp * _MONTHS, "sales"),
                    "period": np.tile(np.array([f"M{m + 1}" for m in range(_MONTHS)]), n_emp),
                    "weight": np.ones(n_emp * _MONTHS),
                    "attainment": att.ravel(),
                }
            )
        )
    return RecencyCompany(pl.concat(frames), pl.concat(kpis), frozenset(planted))


def recency_before(rec: pl.DataFrame) -> pl.Series:
    """The rule before session 23: diff >= 0.2, uncorrected one-sided p < 0.05 and 8 or more
    (cycle, employee) units."""
    rule = (pl.col("diff") >= 0.2) & (pl.col("p_value") < 0.05) & (pl.col("n") >= 8)
    return rec.select(rule.fill_null(False))[:, 0]


def recency_counts(c: RecencyCompany) -> dict[str, float]:
    """One company: honest managers flagged now and by the rule before, planted ones found,
    and the managers tested, too few to tell and not estimable."""
    rec = raters.recency(c.ratings, c.kpi_results)
    honest = ~rec["rater_id"].is_in(list(c.recency))
    flagged = rec["flag"].is_not_null()
    before = recency_before(rec)
    status = rec["status"]
    return {
        "managers": float(rec.height),
        "false": float((flagged & honest).sum()),
        "false_before": float((before & honest).sum()),
        "found": float((flagged & ~honest).sum()),
        "found_before": float((before & ~honest).sum()),
        "planted": float(len(c.recency)),
        "tested": float(status.is_in(["flagged", "clear"]).sum()),
        "too_few": float((status == "too_few").sum()),
        "not_estimable": float((status == "not_estimable").sum()),
    }


def recency_rates(design: str, seeds: Iterable[int], **options) -> dict[str, float]:
    """Per company over ``seeds``: false flags now and before, the share of planted recency
    managers found now and before (with ``plant``), and the statuses."""
    rows = [recency_counts(recency_company(design, s, **options)) for s in seeds]
    total = {k: sum(r[k] for r in rows) for k in rows[0]}
    out = {k: v / len(rows) for k, v in total.items()}
    planted = total["planted"]
    out["recall"] = total["found"] / planted if planted else float("nan")
    out["recall_before"] = total["found_before"] / planted if planted else float("nan")
    out["companies_with_false"] = float(sum(r["false"] > 0 for r in rows)) / len(rows)
    out["companies_with_false_before"] = float(sum(r["false_before"] > 0 for r in rows)) / len(rows)
    return out


def recency_power(design: str, seeds: Iterable[int], **options) -> pl.DataFrame:
    """The share of planted recency managers found, by their number of ratings with period
    KPIs (``n``), with the rule and with the corrected test alone (no minimum), over
    ``seeds`` companies of 15 planted managers each."""
    rows = []
    for seed in seeds:
        c = recency_company(design, seed, plant=True, n_plant=15, **options)
        rec = raters.recency(c.ratings, c.kpi_results)
        bare = raters.recency(c.ratings, c.kpi_results, min_n=4, min_ratees=1)
        rows.append(
            rec.join(bare.select("rater_id", bare=pl.col("flag")), on="rater_id").filter(
                pl.col("rater_id").is_in(list(c.recency))
            )
        )
    return (
        pl.concat(rows)
        .group_by("n")
        .agg(
            managers=pl.len(),
            found=pl.col("flag").is_not_null().mean(),
            found_without_minimum=pl.col("bare").is_not_null().mean(),
        )
        .sort("n")
    )


_COLUMNS = (
    ("false", "false flags / company"),
    ("false_before", "false flags / company, rule before"),
    ("companies_with_false", "companies with a false flag"),
    ("companies_with_false_before", "companies with a false flag, rule before"),
    ("recall", "planted found"),
    ("recall_before", "planted found, rule before"),
    ("tested", "managers tested / company"),
    ("too_few", "too few to tell / company"),
    ("not_estimable", "cannot be estimated / company"),
)


#: the companies ``main`` prints: every design, and the small teams over four cycles (12-20
#: ratings a manager, where the two cycles give 6-10)
CONFIGS: tuple[tuple[str, str, dict], ...] = (
    *((d, d, {}) for d in RECENCY_DESIGNS),
    ("small_teams, 4 cycles", "small_teams", {"n_cycles": 4}),
)


def main(argv: list[str]) -> None:
    seeds = range(int(argv[0]) if argv else 20)
    start = time.perf_counter()
    print(f"recency on simulated companies, {len(seeds)} seeds, 150 teams")
    rows = (
        (f"{label}{' + planted' if plant else ''}", recency_rates(design, seeds, plant=plant, **o))
        for label, design, o in CONFIGS
        for plant in (False, True)
    )
    print_table(_COLUMNS, rows, lambda key: key.startswith(("recall", "companies")))
    print("\nplanted managers found, by their ratings with period KPIs (15 a company)")
    print("| design | ratings | managers | found | found by the corrected test alone |")
    print("| --- | --- | --- | --- | --- |")
    for label, design, opts in (
        ("trend", "trend", {}),
        ("one_cycle", "one_cycle", {}),
        ("small_teams, 4 cycles", "small_teams", {"n_cycles": 4}),
    ):
        for r in recency_power(design, seeds, **opts).iter_rows(named=True):
            print(
                f"| {label} | {r['n']} | {r['managers']} | {r['found']:.0%} "
                f"| {r['found_without_minimum']:.0%} |"
            )
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
