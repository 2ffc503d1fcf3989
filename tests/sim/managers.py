"""Manager-only companies (the design most Chinese companies have: only the direct manager
rates, teams of 3-8, half-year cycles) for the rater findings of session 24 (rev23a item 6):
leniency through people who change manager between cycles, and central tendency on a
manager's ratings pooled over cycles.

Each company has ``n_depts`` departments of ``teams`` teams of 3-8 people, 3 cycles, one
score per person and cycle (points 0-100, stored 0-1): ``79 + a + b_manager + i_(person,
manager) + shift_(department, cycle) + e`` with the person's level ``a`` (SD 4.5), a manager x
person interaction ``i`` (SD 1.0), noise ``e`` (SD 2.5). Between cycles a team is taken over
by another manager of its department (who keeps their own team) with probability
``p_takeover`` per cycle, and a person moves to another team of the department with
``p_move``; department 0 falls by ``downturn`` points in the last cycle, when two of its teams
are taken over too (a downturn read as the new managers' severity would be a false flag).

``plant``: a tenth of the managers rate ``effect`` points up or down (half each), and one
manager per department squeezes everyone to 79 +- 1, the company's mean (central
tendency as the reviewer's 000184, who gave 88-90, without a shift of the mean); otherwise nobody is biased (the null). ``python -m tests.sim.managers [seeds]``
prints the rates ``docs/methods.md`` quotes.
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
from tests.sim.report import print_table

__all__ = ["ManagerCompany", "manager_company", "manager_counts", "manager_rates"]


@dataclass(frozen=True)
class ManagerCompany:
    """The ratings, each planted manager's effect in points (``biased``), the managers who
    squeeze (``central``) and the materiality threshold's scale (SD of the scores, 0-1)."""

    ratings: pl.DataFrame
    biased: dict[str, float]
    central: frozenset[str]


def manager_company(
    seed: int,
    plant: bool = False,
    n_depts: int = 6,
    teams: int = 20,
    effect: float = 6.0,
    p_takeover: float = 0.08,
    p_move: float = 0.03,
    downturn: float = -6.0,
    n_cycles: int = 3,
    one_department: bool = False,
) -> ManagerCompany:
    """``one_department``: the ratings carry one department for all (the model's shifts are
    then the company's per cycle: what a department's downturn does without its own term)."""
    rng = np.random.default_rng(seed)
    n_teams = n_depts * teams
    size = rng.integers(3, 9, n_teams)
    team_of = np.repeat(np.arange(n_teams), size)  # each person's first team
    n_p = team_of.size
    dept_of_team = np.arange(n_teams) // teams
    level = rng.normal(0.0, 4.5, n_p)
    lead = np.zeros(n_teams)
    central: set[int] = set()
    if plant:
        picked = rng.choice(n_teams, n_teams // 10, replace=False)
        lead[picked] = np.where(np.arange(picked.size) % 2 == 0, effect, -effect)
        for d in range(n_depts):  # one squeezing manager per department, not a biased one
            free = [t for t in range(d * teams, (d + 1) * teams) if lead[t] == 0.0]
            central.add(int(rng.choice(free)))
    inter = rng.normal(0.0, 1.0, (n_p, n_teams))  # person x manager, the same every cycle
    manager = np.arange(n_teams)  # who rates each team now
    team = team_of.copy()
    blocks = []
    for c in range(n_cycles):
        if c:
            takeover = rng.random(n_teams) < p_takeover
            if c == n_cycles - 1:  # two teams of the downturn department change manager
                takeover[rng.choice(teams, 2, replace=False)] = True
            for t in np.flatnonzero(takeover):  # few per cycle: a loop over teams, not rows
                d = dept_of_team[t]
                manager[t] = rng.choice([m for m in range(d * teams, (d + 1) * teams) if m != t])
            move = rng.random(n_p) < p_move
            team[move] = dept_of_team[team[move]] * teams + rng.integers(0, teams, move.sum())
        m = manager[team]
        shift = np.where((dept_of_team[team] == 0) & (c == n_cycles - 1), downturn, 0.0)
        y = 79 + level + lead[m] + inter[np.arange(n_p), m] + shift + rng.normal(0.0, 2.5, n_p)
        squeeze = np.isin(m, list(central))
        y[squeeze] = 79 + rng.uniform(-1.0, 1.0, squeeze.sum())  # the company's mean: no shift
        blocks.append(
            ratings_frame(
                f"{2025 + c // 2}H{c % 2 + 1}",
                c + 1,
                np.array([f"E{p:04d}" for p in range(n_p)]),
                np.array([f"M{t:03d}" for t in m]),
                np.full(n_p, "manager"),
                np.clip(y, 0, 100)[:, None] / 100,
                ("总分",),
                np.array([f"D{0 if one_department else d}" for d in dept_of_team[team_of]]),
                np.array([f"T{t:03d}" for t in team]),
            )
        )
    biased = {f"M{t:03d}": float(lead[t]) for t in np.flatnonzero(lead)}
    return ManagerCompany(pl.concat(blocks), biased, frozenset(f"M{t:03d}" for t in central))


def manager_counts(c: ManagerCompany) -> dict[str, float]:
    """One company's counts: link estimates, false and true flags, central tendency."""
    tab = raters.rater_table(c.ratings)
    link = tab.filter(pl.col("interval_method") == "links")
    flagged = link.filter(pl.col("status") == "flagged")
    planted = pl.col("rater_id").is_in(list(c.biased))
    truth = pl.col("rater_id").replace_strict(c.biased, default=0.0, return_dtype=pl.Float64)
    right = flagged.filter(planted & (pl.col("effect") * truth > 0))
    # planted managers that the links reach, with at least one linking person
    reached = link.filter(planted & pl.col("effect").is_not_null())
    ct = tab.filter(pl.col("ct_basis") == "pooled_cycles")
    ct_flag = ct.filter(pl.col("ct_status") == "flagged")
    central = pl.col("rater_id").is_in(list(c.central))
    partners = _partners(c)
    unlinked = tab.filter(pl.col("interval_method") != "links")
    return {
        "raters": tab.height,
        "estimated": link.filter(pl.col("effect").is_not_null()).height,
        "false_flags": flagged.filter(~planted).height,
        # unplanted managers linked with a planted one: the set's mean moves by its effect
        "partner_flags": flagged.filter(~planted & pl.col("rater_id").is_in(partners)).height,
        "false_strict": flagged.filter(~planted & pl.col("flag").is_not_null()).height,
        "wrong_sign": flagged.filter(planted & (pl.col("effect") * truth < 0)).height,
        "planted": len(c.biased),
        "planted_reached": reached.height,
        "found": right.height,
        "unlinked_with_effect": unlinked.filter(pl.col("effect").is_not_null()).height,
        "ct_tested": ct.filter(pl.col("ct_q_value").is_not_null()).height,
        "ct_false": ct_flag.filter(~pl.col("rater_id").is_in(list(c.central))).height,
        "ct_found": ct_flag.filter(central).height,
        "ct_planted": len(c.central),
        # the planted ones with enough ratings to be judged (8 of 4 people)
        "ct_judged": ct.filter(central & pl.col("ct_q_value").is_not_null()).height,
    }


def _partners(c: ManagerCompany) -> list[str]:
    """The unplanted managers in a linked set (people rated by two managers link them) with a
    planted one."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    pairs = c.ratings.select("employee_id", "rater_id").unique()
    m_codes = pairs["rater_id"].cast(pl.Categorical).to_physical().to_numpy()
    p_codes = pairs["employee_id"].cast(pl.Categorical).to_physical().to_numpy()
    inc = sparse.csr_matrix((np.ones(m_codes.size), (m_codes, p_codes)))
    _n, comp = connected_components(inc @ inc.T, directed=False)
    names = pairs["rater_id"].to_numpy()
    of = dict(zip(names, comp[m_codes]))
    hit = {of[m] for m in c.biased if m in of}
    return [m for m, k in of.items() if k in hit and m not in c.biased]


def manager_rates(seeds: Iterable[int], plant: bool, **options) -> dict[str, float]:
    """Counts summed over companies, with the rates ``docs/methods.md`` quotes."""
    tot: dict[str, float] = {}
    n = 0
    for s in seeds:
        n += 1
        for k, v in manager_counts(manager_company(s, plant, **options)).items():
            tot[k] = tot.get(k, 0.0) + v
    est = max(tot["estimated"], 1.0)
    return tot | {
        "companies": n,
        "false_per_company": tot["false_flags"] / n,
        "false_per_estimated": tot["false_flags"] / est,
        "estimated_per_company": tot["estimated"] / n,
        "recall_reached": tot["found"] / max(tot["planted_reached"], 1.0),
        "recall_all": tot["found"] / max(tot["planted"], 1.0),
        "ct_false_per_company": tot["ct_false"] / n,
        "ct_false_per_tested": tot["ct_false"] / max(tot["ct_tested"], 1.0),
        "partner_per_company": tot["partner_flags"] / n,
        "other_false_per_company": (tot["false_flags"] - tot["partner_flags"]) / n,
        "ct_recall": tot["ct_found"] / max(tot["ct_planted"], 1.0),
        "ct_recall_judged": tot["ct_found"] / max(tot["ct_judged"], 1.0),
    }


_COLUMNS = (
    ("estimated_per_company", "managers estimated through links / company"),
    ("false_per_company", "false leniency flags / company"),
    ("partner_per_company", "... of them linked with a planted manager / company"),
    ("other_false_per_company", "... other false flags / company"),
    ("wrong_sign", "flags of the wrong sign (all companies)"),
    ("recall_reached", "planted found, of those the links reach"),
    ("recall_all", "planted found, of all planted"),
    ("unlinked_with_effect", "managers without links given an effect"),
    ("ct_false_per_company", "false central-tendency labels / company"),
    ("ct_false_per_tested", "false labels / manager tested"),
    ("ct_recall_judged", "central tendency found, of those judged (8 ratings of 4 people)"),
    ("ct_recall", "central tendency found, of all planted"),
)


def main(argv: list[str]) -> None:
    seeds = range(int(argv[0]) if argv else 20)
    rows = []
    for label, plant, opts in (
        ("null: takeovers 8%, moves 3%, downturn -6", False, {}),
        ("null, no downturn", False, {"downturn": 0.0}),
        ("null, downturn, no department column", False, {"one_department": True}),
        ("planted +-6 points", True, {}),
        ("planted +-3 points", True, {"effect": 3.0}),
        ("no takeovers or moves (no links)", True, {"p_takeover": 0.0, "p_move": 0.0}),
    ):
        t = time.process_time()
        rows.append((label, manager_rates(seeds, plant, **opts)))
        print(f"{label}: {time.process_time() - t:.1f} CPU s", file=sys.stderr)
    print_table(_COLUMNS, rows, lambda k: k.startswith(("recall", "ct_recall")))


if __name__ == "__main__":
    main(sys.argv[1:])
