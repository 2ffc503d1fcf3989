"""A small company simulator: teams with a manager, departments with a skip-level, peers from
the same department, a self review; every score is

    true level of the person in the cycle + the rater's effect + the dimension's shift
    + a rater-by-person disagreement (per cycle) + a rating-row noise,

on the product's 0-1 scale (1 point of a 5-point scale = 0.25). The planted rater effects are
the truth the rater model is scored against. Vectorised: one NumPy draw per term, no loop over
rows.

Designs (who rates whom):

- ``null``: the full 360 with no rater effects at all;
- ``manager_only``: only each team's manager (purely nested: nothing identifies a manager);
- ``manager_skip``: the manager and the department's skip-level;
- ``full_360``: manager, skip-level, ``n_peers`` colleagues of the same department and self;
- ``peer_gap`` (stat28, not in :data:`DESIGNS`): the full 360 where peers rate ``peer_gap``
  higher than the other roles and compress (their ratings follow the true level with slope
  ``peer_slope``): the rater-source effect of 360s (Scullen, Mount & Goff 2000). The truth
  is each rater's effect against raters of its own role (the planted one: the peers' gap is
  their role's, not a rater's).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

__all__ = ["DESIGNS", "SHIFT_DESIGNS", "Company", "ShiftCompany", "company", "shift_company"]

DESIGNS: tuple[str, ...] = ("null", "manager_only", "manager_skip", "full_360")
DIMENSIONS: tuple[str, ...] = ("delivery", "quality", "collaboration", "growth")
_DIM_SHIFT = np.array([-0.03, -0.01, 0.01, 0.03])


@dataclass(frozen=True)
class Company:
    """A simulated company: its ``ratings`` (the analytics ratings frame), ``truth``
    (``rater_id, role, effect``: every rater's planted effect, 0 for the unbiased) and
    ``levels`` (``cycle_order, employee_id, true``: each person's true level per cycle)."""

    design: str
    seed: int
    ratings: pl.DataFrame
    truth: pl.DataFrame
    levels: pl.DataFrame | None = None


def company(
    design: str,
    seed: int,
    n_teams: int = 40,
    team_size: int = 8,
    teams_per_department: int = 5,
    n_cycles: int = 2,
    n_peers: int = 4,
    true_sd: float = 0.10,
    pair_sd: float = 0.06,
    row_sd: float = 0.05,
    biased_share: float = 0.25,
    effect: float = 0.075,
    peer_gap: float = 0.05,
    peer_slope: float = 0.5,
) -> Company:
    """One simulated company of ``n_teams * team_size`` employees.

    ``biased_share`` of the managers (and of the skip-levels) rate ``±effect`` off (signs
    alternate); in the ``null`` design nobody does. The default ``effect`` is about 2.5 times
    the model's materiality threshold (0.3 SD of the employees' scores, about 0.03 here).
    """
    if design not in (*DESIGNS, "peer_gap"):
        raise ValueError(f"unknown design {design!r}; one of {DESIGNS}")
    rng = np.random.default_rng(seed)
    n_emp = n_teams * team_size
    team = np.arange(n_emp) // team_size
    dept = team // teams_per_department
    emp_ids = np.array([f"E{i:05d}" for i in range(n_emp)])
    mgr_ids = np.array([f"M{t:03d}" for t in range(n_teams)])
    skip_ids = np.array([f"S{d:02d}" for d in range(int(dept.max()) + 1)])

    # planted effects: managers and skip-levels only (peers are unbiased)
    def planted(n: int) -> np.ndarray:
        b = np.zeros(n)
        if design == "null" or biased_share <= 0:
            return b
        k = max(1, round(biased_share * n))
        who = rng.choice(n, size=k, replace=False)
        b[who] = effect * np.where(np.arange(k) % 2 == 0, 1.0, -1.0)
        return b

    b_mgr, b_skip = planted(n_teams), planted(skip_ids.size)
    true = rng.normal(0.6, true_sd, (n_cycles, n_emp))

    roles = ["manager"]
    if design in ("manager_skip", "full_360", "null", "peer_gap"):
        roles.append("skip_level")
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, str]] = []  # ratee, rater, b, role
    everyone = np.arange(n_emp)
    blocks.append((everyone, mgr_ids[team], b_mgr[team], "manager"))
    if "skip_level" in roles:
        blocks.append((everyone, skip_ids[dept], b_skip[dept], "skip_level"))
    if design in ("full_360", "null", "peer_gap"):
        dept_size = teams_per_department * team_size
        for _ in range(n_peers):
            # a colleague of the same department, never the person themself
            offset = rng.integers(1, dept_size, n_emp)
            peer = dept * dept_size + (everyone - dept * dept_size + offset) % dept_size
            peer = np.minimum(peer, n_emp - 1)
            peer = np.where(peer == everyone, (everyone + 1) % n_emp, peer)
            blocks.append((everyone, emp_ids[peer], np.zeros(n_emp), "peer"))
        blocks.append((everyone, emp_ids, np.zeros(n_emp), "self"))

    ratee = np.concatenate([blk[0] for blk in blocks])
    rater = np.concatenate([blk[1] for blk in blocks])
    bias = np.concatenate([blk[2] for blk in blocks])
    role = np.concatenate([np.full(blk[0].size, blk[3]) for blk in blocks])
    n_pair = ratee.size
    n_dim = len(DIMENSIONS)
    cyc = np.repeat(np.arange(n_cycles), n_pair)
    ratee_c, rater_c = np.tile(ratee, n_cycles), np.tile(rater, n_cycles)
    bias_c, role_c = np.tile(bias, n_cycles), np.tile(role, n_cycles)
    level = true[cyc, ratee_c]
    if design == "peer_gap":  # peers: higher and compressed towards the company's mean
        peer = role_c == "peer"
        level = np.where(peer, 0.6 + peer_slope * (level - 0.6) + peer_gap, level)
    pair_mean = level + bias_c + rng.normal(0.0, pair_sd, cyc.size)
    score = (
        np.repeat(pair_mean, n_dim)
        + np.tile(_DIM_SHIFT, cyc.size)
        + rng.normal(0.0, row_sd, cyc.size * n_dim)
    )
    rows = np.repeat(np.arange(cyc.size), n_dim)
    cycle_names = np.array([f"2025H{c + 1}" for c in range(n_cycles)])
    ratings = pl.DataFrame(
        {
            "cycle_id": cycle_names[cyc[rows]],
            "cycle_order": cyc[rows].astype(np.int32),
            "employee_id": emp_ids[ratee_c[rows]],
            "rater_id": rater_c[rows],
            "rater_role": role_c[rows],
            "dimension": np.tile(np.array(DIMENSIONS), cyc.size),
            "score": score,
            "weight": np.ones(rows.size),
            "department": np.array([f"D{d:02d}" for d in range(int(dept.max()) + 1)])[
                dept[ratee_c[rows]]
            ],
            "team": np.array([f"T{t:03d}" for t in range(n_teams)])[team[ratee_c[rows]]],
            "level": np.full(rows.size, "P5"),
            "job_family": np.full(rows.size, "eng"),
            "manager_id": mgr_ids[team[ratee_c[rows]]],
        }
    )
    truth = pl.DataFrame(
        {
            "rater_id": np.concatenate([mgr_ids, skip_ids, emp_ids]),
            "role": ["manager"] * n_teams + ["skip_level"] * skip_ids.size + ["peer"] * n_emp,
            "effect": np.concatenate([b_mgr, b_skip, np.zeros(n_emp)]),
        }
    )
    raters_used = ratings.filter(pl.col("rater_role") != "self")["rater_id"].unique()
    truth = truth.filter(pl.col("rater_id").is_in(raters_used.implode()))
    levels = pl.DataFrame(
        {
            "cycle_order": np.repeat(np.arange(n_cycles), n_emp).astype(np.int32),
            "employee_id": np.tile(emp_ids, n_cycles),
            "true": true.ravel(),
        }
    )
    return Company(design, seed, ratings, truth, levels)


#: the trend-attribution designs (manager change vs market shock), manager-only and nested
SHIFT_DESIGNS: tuple[str, ...] = (
    "manager_change",
    "market_shock",
    "shock_and_new_managers",
    "shock_and_neutral_managers",
)


@dataclass(frozen=True)
class ShiftCompany:
    """A simulated company for the trend attribution: ``ratings`` over two cycles, the
    department the design hits (``dept``), the teams whose manager changed in it
    (``changed_teams``) and the planted sizes (``new_manager_effect``, ``shock``)."""

    design: str
    seed: int
    ratings: pl.DataFrame
    dept: str
    changed_teams: tuple[str, ...]
    new_manager_effect: float
    shock: float


def shift_company(
    design: str,
    seed: int,
    n_teams: int = 48,
    team_size: int = 8,
    teams_per_department: int = 6,
    true_sd: float = 0.10,
    growth_sd: float = 0.05,
    pair_sd: float = 0.06,
    row_sd: float = 0.05,
    new_manager_effect: float = -0.20,
    shock: float = -0.10,
) -> ShiftCompany:
    """Two cycles of a nested, manager-only company (one manager per team, nobody else rates).

    - ``manager_change``: in cycle 2 one severe new manager (``new_manager_effect``, 0.8 points
      of a 5-point scale at -0.20) takes over half of department D00's teams; nothing else
      changes for anybody.
    - ``market_shock``: in cycle 2 every true level in D00 falls by ``shock``; one of its teams
      also gets a new manager of ordinary standard (turnover that coincides with the shock).

    - ``shock_and_new_managers``: the shock hits every D00 person and, in the same cycle, two
      of D00's six teams get two different new managers, severe by ``0.6 * new_manager_effect``
      (-0.12, about 0.5 points of a 5-point scale); ``shock_and_neutral_managers``: the same
      with new managers of ordinary standard (the comparison: what the shock alone gives).

    A person's true level moves between cycles by ``growth_sd``; a quarter of the other
    managers keep a fixed leniency or severity of 0.075 in both cycles (it cancels in a change).
    """
    if design not in SHIFT_DESIGNS:
        raise ValueError(f"unknown design {design!r}; one of {SHIFT_DESIGNS}")
    rng = np.random.default_rng(seed)
    n_emp = n_teams * team_size
    team = np.arange(n_emp) // team_size
    dept = team // teams_per_department
    emp_ids = np.array([f"E{i:05d}" for i in range(n_emp)])
    team_names = np.array([f"T{t:03d}" for t in range(n_teams)])
    dept_names = np.array([f"D{d:02d}" for d in range(int(dept.max()) + 1)])
    b = np.zeros(n_teams)
    k = round(0.25 * n_teams)
    b[rng.choice(n_teams, size=k, replace=False)] = 0.075 * np.where(np.arange(k) % 2 == 0, 1, -1)
    level = rng.normal(0.6, true_sd, n_emp)
    true = np.stack([level, level + rng.normal(0.0, growth_sd, n_emp)])
    mgr = np.stack([np.array([f"M{t:03d}" for t in range(n_teams)])] * 2)
    eff = np.stack([b, b.copy()])
    in_d0 = np.arange(n_teams) < teams_per_department  # the teams of D00
    if design == "manager_change":
        changed = np.flatnonzero(in_d0)[: teams_per_department // 2]
        mgr[1, changed] = "N000"  # one new manager takes over half of D00's teams
        eff[1, changed] = new_manager_effect
    elif design.startswith("shock_and_"):
        true[1, dept == 0] += shock
        changed = np.flatnonzero(in_d0)[:2]
        mgr[1, changed] = ["N000", "N001"]  # two new managers, one team each
        severe = design == "shock_and_new_managers"
        eff[1, changed] = 0.6 * new_manager_effect if severe else 0.0
    else:
        true[1, dept == 0] += shock
        changed = np.flatnonzero(in_d0)[-1:]
        mgr[1, changed] = "N000"  # ordinary turnover in the shocked department
        eff[1, changed] = 0.0
    n_dim = len(DIMENSIONS)
    cyc = np.repeat(np.arange(2), n_emp)
    who = np.tile(np.arange(n_emp), 2)
    pair_mean = true[cyc, who] + eff[cyc, team[who]] + rng.normal(0.0, pair_sd, cyc.size)
    score = (
        np.repeat(pair_mean, n_dim)
        + np.tile(_DIM_SHIFT, cyc.size)
        + rng.normal(0.0, row_sd, cyc.size * n_dim)
    )
    rows = np.repeat(np.arange(cyc.size), n_dim)
    c, e = cyc[rows], who[rows]
    ratings = pl.DataFrame(
        {
            "cycle_id": np.array(["2025H1", "2025H2"])[c],
            "cycle_order": c.astype(np.int32),
            "employee_id": emp_ids[e],
            "rater_id": mgr[c, team[e]],
            "rater_role": np.full(rows.size, "manager"),
            "dimension": np.tile(np.array(DIMENSIONS), cyc.size),
            "score": score,
            "weight": np.ones(rows.size),
            "department": dept_names[dept[e]],
            "team": team_names[team[e]],
            "level": np.full(rows.size, "P5"),
            "job_family": np.full(rows.size, "eng"),
            "manager_id": mgr[c, team[e]],
        }
    )
    return ShiftCompany(
        design,
        seed,
        ratings,
        str(dept_names[0]),
        tuple(team_names[changed].tolist()),
        {
            "manager_change": new_manager_effect,
            "shock_and_new_managers": 0.6 * new_manager_effect,
        }.get(design, 0.0),
        0.0 if design == "manager_change" else shock,
    )
