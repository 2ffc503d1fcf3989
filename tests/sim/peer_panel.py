"""Managers against an anonymous peer panel (analytics.stats.raters_panel) on simulated
companies: power for planted leniency, false flags on null designs, and what a peer panel with
a team-level bias does. ``python -m tests.sim.peer_panel [seeds]`` prints the table
docs/methods.md quotes ("Managers against an anonymous peer panel").

One company: 40 teams of 5-10 people (uniform), 4 cycles, one manager per team; each person
rated by the manager and by 3 team-mates whose rows carry no rater id (a wide export's peer
column), one dimension; on the 0-1 scale a person's level (SD 0.10) persists across cycles,
each rating adds a persistent rater-source-by-person part (SD 0.03, the same person judged a
little differently by manager and peers in every cycle) and noise (SD 0.05 a rating).
``plant``: a quarter of the managers rate ±plant SD of employee scores off (half each way);
``peer_bias``: each team's peers rate their own team ±peer_bias SD off in every cycle (normal);
``offset``: every manager rates 0.05 above the peers (a general offset the centring removes);
-1: no offset, but a quarter of the managers rate with twice the noise (SD 0.10).
"""

from __future__ import annotations

import sys

import numpy as np
import polars as pl

from analytics.stats.raters_panel import panel_leniency
from tests.sim.frames import ratings_frame, stack_blocks

__all__ = ["PANEL_DESIGNS", "SD_EMP", "panel_company", "panel_rates"]

#: the SD of employee scores of this design (person level 0.10, its rating noise): the unit of
#: ``plant`` and ``peer_bias`` (measured: the fitted threshold / 0.3 is 0.104-0.106)
SD_EMP = 0.105

#: name -> (plant, peer_bias, offset) in SD of employee scores (offset in score units)
PANEL_DESIGNS: dict[str, tuple[float, float, float]] = {
    "null": (0.0, 0.0, 0.0),
    "null, managers 0.05 above peers": (0.0, 0.0, 0.05),
    "null, a quarter of managers twice as noisy": (0.0, 0.0, -1.0),
    "null, team peer bias 0.15 SD": (0.0, 0.15, 0.0),
    "null, team peer bias 0.3 SD": (0.0, 0.3, 0.0),
    "planted 0.3 SD": (0.3, 0.0, 0.0),
    "planted 0.5 SD": (0.5, 0.0, 0.0),
    "planted 0.8 SD": (0.8, 0.0, 0.0),
    "planted 0.5 SD, team peer bias 0.3 SD": (0.5, 0.3, 0.0),
}


def panel_company(
    seed: int,
    plant: float = 0.0,
    peer_bias: float = 0.0,
    offset: float = 0.0,
    n_teams: int = 40,
    n_cycles: int = 4,
    peers: int = 3,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ratings of one company and its truth (``rater_id``, ``planted``: the manager's
    leniency, ``bias``: the peers' bias on the team, both in score units)."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(5, 11, n_teams)
    team = np.repeat(np.arange(n_teams), sizes)
    n = team.size
    level = rng.normal(0.6, 0.10, n)
    mgr_part, peer_part = rng.normal(0, 0.03, n), rng.normal(0, 0.03, n)
    lenient = np.zeros(n_teams)
    k = n_teams // 4
    lenient[:k] = plant * SD_EMP * np.where(np.arange(k) % 2 == 0, 1, -1)
    bias = rng.normal(0, peer_bias * SD_EMP, n_teams) if peer_bias else np.zeros(n_teams)
    emp = np.array([f"E{i:04d}" for i in range(n)])
    # offset -1: no offset, but the last quarter of the managers rate with twice the noise
    noise = np.where((team >= n_teams - k) & (offset < 0), 0.10, 0.05)
    mgr = np.array([f"M{t:02d}" for t in range(n_teams)])
    frames = []
    for c in range(n_cycles):
        m_score = level + lenient[team] + max(offset, 0) + mgr_part + rng.normal(0, 1, n) * noise
        idx = np.repeat(np.arange(n), peers)
        p_score = (level + bias[team] + peer_part)[idx] + rng.normal(0, 0.05, idx.size)
        e, r, role, s = stack_blocks(
            [
                (np.arange(n), mgr[team], "manager", m_score),
                (idx, "", "peer", p_score),
            ]
        )
        frames.append(
            ratings_frame(
                f"C{c + 1}",
                c + 1,
                emp[e],
                r,
                role,
                s[:, None],
                ["overall"],
                np.full(e.size, "Dept"),
                np.array([f"T{t:02d}" for t in team])[e],
            )
        )
    ratings = pl.concat(frames).with_columns(
        pl.when(pl.col("rater_role") == "peer")
        .then(None)
        .otherwise(pl.col("rater_id"))
        .alias("rater_id")
    )
    truth = pl.DataFrame({"rater_id": mgr, "planted": lenient, "bias": bias})
    return ratings, truth


def _company_rates(seed: int, plant: float, peer_bias: float, offset: float) -> dict:
    ratings, truth = panel_company(seed, plant, peer_bias, offset)
    out = panel_leniency(ratings).join(truth, on="rater_id")
    # the centred truth the method estimates (planted less the company's mean, ratee-weighted)
    w = out["n_ratees"].cast(pl.Float64)
    centre = float((out["planted"] * w).sum() / w.sum())
    target = pl.col("planted") - centre
    flagged = pl.col("flag").is_not_null()
    planted = pl.col("planted") != 0
    right = ((pl.col("effect") > 0) == (pl.col("planted") > 0)) & flagged & planted
    row = out.select(
        false=(flagged & ~planted).sum(),
        found=right.sum(),
        n_planted=planted.sum(),
        wrong=(flagged & planted & ~right).sum(),
        p05=((pl.col("p_value") < 0.05) & ~planted).sum(),
        nulls=(~planted).sum(),
        covered=((pl.col("ci95_low") <= target) & (target <= pl.col("ci95_high"))).sum(),
        n=pl.len(),
        thr_sd=pl.col("threshold").first() / 0.3,
    ).row(0, named=True)
    return row


def panel_rates(seeds: int = 20, designs: dict | None = None) -> pl.DataFrame:
    """Per design, over ``seeds`` companies: false flags per company (managers without a
    planted effect) and the share of companies with any, uncorrected p < 0.05 among them (the
    test's calibration), planted managers found with the right sign, wrong signs, and the 95%
    interval's coverage of the centred planted effect."""
    rows = []
    for name, (plant, bias, offset) in (designs or PANEL_DESIGNS).items():
        per = pl.DataFrame([_company_rates(s, plant, bias, offset) for s in range(seeds)])
        rows.append(
            {
                "design": name,
                "false_flags_per_company": per["false"].mean(),
                "companies_with_false_flag": (per["false"] > 0).mean(),
                "p05_among_null": per["p05"].sum() / per["nulls"].sum(),
                "found": per["found"].sum() / per["n_planted"].sum()
                if per["n_planted"].sum()
                else None,
                "wrong_sign": per["wrong"].sum(),
                "coverage": per["covered"].sum() / per["n"].sum(),
                "sd_emp": per["thr_sd"].mean(),
            }
        )
    return pl.DataFrame(rows)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200, fmt_str_lengths=60):
        print(panel_rates(n))
