"""Halo on simulated companies where its old baseline fails: teams whose strengths are really
even (issue 18: an honest manager of such a team was flagged in 18 of 20 runs against the
company median).

Every person has a true profile across the four dimensions (``profile_sd``), except the people
of the *even* teams, whose profile is flat. Each person is rated by their manager, the
department's skip-level and ``n_peers`` colleagues of the same department; every score is

    true level + the person's profile on the dimension + the dimension's shift
    + a rater-by-person disagreement + a rating-row noise.

The *halo* managers (``n_halo``, never of an even team) give each person one score on every
dimension (their pair mean plus a small noise). ``python -m tests.sim.halo [seeds]`` prints
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
from tests.sim.frames import ratings_frame

__all__ = ["HaloCompany", "halo_company", "halo_counts", "halo_rates"]

_DIMENSIONS = ("delivery", "quality", "collaboration", "growth")
_DIM_SHIFT = np.array([-0.03, -0.01, 0.01, 0.03])


@dataclass(frozen=True)
class HaloCompany:
    """The ratings, the managers of the even teams and the planted halo managers."""

    ratings: pl.DataFrame
    even_managers: frozenset[str]
    halo_managers: frozenset[str]


def halo_company(
    seed: int,
    n_teams: int = 40,
    team_size: int = 8,
    teams_per_department: int = 5,
    n_peers: int = 3,
    even_share: float = 0.25,
    n_halo: int = 4,
    profile_sd: float = 0.09,
    pair_sd: float = 0.04,
    row_sd: float = 0.025,
    manager_only: bool = False,
) -> HaloCompany:
    """One company of ``n_teams * team_size`` people, one cycle (vectorised: one draw per
    term). ``manager_only``: only the managers rate (nothing to compare a manager with)."""
    rng = np.random.default_rng(seed)
    n_emp = n_teams * team_size
    everyone = np.arange(n_emp)
    team = everyone // team_size
    dept = team // teams_per_department
    emp_ids = np.array([f"E{i:05d}" for i in range(n_emp)])
    mgr_ids = np.array([f"M{t:03d}" for t in range(n_teams)])
    skip_ids = np.array([f"S{d:02d}" for d in range(int(dept.max()) + 1)])
    order = rng.permutation(n_teams)
    even = order[: round(even_share * n_teams)]
    halo = order[len(even) : len(even) + n_halo]
    is_even = np.isin(team, even)
    profile = rng.normal(0.0, profile_sd, (n_emp, len(_DIMENSIONS)))
    profile[is_even] = 0.0
    true = rng.normal(0.6, 0.1, n_emp)

    blocks = [(everyone, mgr_ids[team])]
    if not manager_only:
        blocks.append((everyone, skip_ids[dept]))
        dept_size = teams_per_department * team_size
        for _ in range(n_peers):
            offset = rng.integers(1, dept_size, n_emp)
            peer = dept * dept_size + (everyone - dept * dept_size + offset) % dept_size
            blocks.append((everyone, emp_ids[np.minimum(peer, n_emp - 1)]))
    ratee = np.concatenate([b[0] for b in blocks])
    rater = np.concatenate([b[1] for b in blocks])
    role = np.concatenate(
        [np.full(n_emp, r) for r in ["manager", "skip_level", *["peer"] * n_peers][: len(blocks)]]
    )
    n_dim = len(_DIMENSIONS)
    pair_mean = true[ratee] + rng.normal(0.0, pair_sd, ratee.size)
    score = (
        pair_mean[:, None]
        + profile[ratee]
        + _DIM_SHIFT[None, :]
        + rng.normal(0.0, row_sd, (ratee.size, n_dim))
    )
    haloed = np.isin(rater, mgr_ids[halo])
    score[haloed] = pair_mean[haloed, None] + rng.normal(0.0, 0.005, (int(haloed.sum()), n_dim))
    ratings = ratings_frame(
        "2025H1",
        0,
        emp_ids[ratee],
        rater,
        role,
        score,
        _DIMENSIONS,
        np.array([f"D{d:02d}" for d in range(skip_ids.size)])[dept[ratee]],
        np.array([f"T{t:03d}" for t in range(n_teams)])[team[ratee]],
    )
    return HaloCompany(ratings, frozenset(mgr_ids[even]), frozenset(mgr_ids[halo]))


def halo_counts(c: HaloCompany) -> dict[str, float]:
    """One company: the even teams' honest managers flagged for halo, the other honest raters
    flagged, the planted halo managers found, and the raters whose halo cannot be estimated."""
    h = raters.halo(c.ratings)
    flagged = set(h.filter(pl.col("flag") == "halo")["rater_id"])
    honest = set(h["rater_id"]) - c.halo_managers
    even = c.even_managers & honest
    return {
        "even_managers": float(len(even)),
        "even_flagged": float(len(even & flagged)),
        "other_honest_flagged": float(len((honest - even) & flagged)),
        "halo_found": float(len(c.halo_managers & flagged)),
        "halo_planted": float(len(c.halo_managers)),
        "not_estimable": float(h["reason"].is_not_null().sum()),
        "raters": float(h.height),
    }


def halo_rates(seeds: Iterable[int], **options) -> dict[str, float]:
    """Rates over ``seeds``: the share of the even teams' honest managers flagged, false
    flags among the other honest raters per company, the recall of the planted halo and the
    share of raters not estimable."""
    rows = [halo_counts(halo_company(s, **options)) for s in seeds]
    total = {k: sum(r[k] for r in rows) for k in rows[0]}
    return {
        "even_flagged_rate": total["even_flagged"] / total["even_managers"],
        "other_false_per_company": total["other_honest_flagged"] / len(rows),
        "halo_recall": total["halo_found"] / total["halo_planted"],
        "not_estimable_share": total["not_estimable"] / total["raters"],
        "seeds": float(len(rows)),
    }


def main(argv: list[str]) -> None:
    seeds = range(int(argv[0]) if argv else 20)
    start = time.perf_counter()
    print(f"halo on simulated companies with even-profile teams, {len(seeds)} seeds")
    print(
        "| design | even teams' honest managers flagged | other false flags / company "
        "| planted halo found | not estimable |"
    )
    print("| --- | --- | --- | --- | --- |")
    for label, opts in (
        ("360 (manager, skip-level, 3 peers)", {}),
        ("manager only", {"manager_only": True}),
    ):
        r = halo_rates(seeds, **opts)
        print(
            f"| {label} | {r['even_flagged_rate']:.1%} | {r['other_false_per_company']:.2f} "
            f"| {r['halo_recall']:.0%} | {r['not_estimable_share']:.0%} |"
        )
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
