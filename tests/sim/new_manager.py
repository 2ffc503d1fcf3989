"""A new manager in the last cycle: is a plainly severe (lenient) one called severe (lenient)?

``python -m tests.sim.new_manager [seeds]`` prints the rates ``docs/methods.md`` quotes (20
seeds by default); ``tests/test_raters.py`` holds the rev22 case itself.

The company is :func:`tests.sim.scale_use.scale_use_company` over 3 cycles (manager,
skip-level, four peers of the same department, self; optionally strong and weak teams and
compressing peers) where a quarter of the old managers rate ``±effect`` off (as there). In the last cycle
``new_teams`` teams get a new manager with an *additive* effect ``±effect`` (alternating
sign), who rates the team the way managers do (all of the true differences) plus that effect:

- half are promoted from within (rev22: 谢昊睿 rated as a peer of the same department in the
  earlier cycles, unbiased, and took over 前端二组 in 2026Q3 with -0.7);
- half are hired from outside and rate only the last cycle.

The old manager of such a team rates the earlier cycles only. Vectorised, like the module it
builds on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.stats import raters
from tests.sim.scale_use import print_rates, scale_use_company

__all__ = ["NewManagerCompany", "new_manager_company", "new_manager_rates"]


@dataclass(frozen=True)
class NewManagerCompany:
    """``ratings``, ``kpi_results`` (None without KPIs) and ``new`` (``rater_id, effect,
    promoted``: the new managers and their planted additive effect)."""

    seed: int
    ratings: pl.DataFrame
    kpi_results: pl.DataFrame | None
    new: pl.DataFrame
    biased: pl.Series  # the old raters with a planted bias


def new_manager_company(
    seed: int,
    new_teams: int = 4,
    effect: float = 0.1,
    team_size: int = 16,
    see: float = 1.0,
    strong_share: float = 0.0,
    kpi_r: float | None = None,
    n_cycles: int = 3,
    biased_share: float = 0.25,
    **options,
) -> NewManagerCompany:
    """One company (see the module docstring); ``options`` go to ``scale_use_company``."""
    base = scale_use_company(
        seed,
        n_cycles=n_cycles,
        team_size=team_size,
        see=see,
        strong_share=strong_share,
        biased_share=biased_share,
        effect=effect,
        kpi_r=kpi_r,
        **options,
    )
    rng = np.random.default_rng(10_000 + seed)
    r = base.ratings
    n_teams = r["team"].n_unique()
    teams = rng.choice(n_teams, size=new_teams, replace=False)
    last = f"2025H{n_cycles}"
    old_bias = dict(base.truth.select("rater_id", "effect").iter_rows())
    ids, effects, promoted = [], [], []
    ratings = r
    for k, t in enumerate(teams):
        old = f"M{t:03d}"
        sign = 1.0 if k % 2 else -1.0
        if k < new_teams / 2:  # promoted: an employee of another team of the department
            dept = r.filter(pl.col("manager_id") == old)["department"][0]
            others = (
                r.filter((pl.col("department") == dept) & (pl.col("manager_id") != old))[
                    "employee_id"
                ]
                .unique()
                .sort()
            )
            new = others[int(rng.integers(others.len()))]
        else:
            new = f"H{t:03d}"
        mine = (pl.col("rater_id") == old) & (pl.col("cycle_id") == last)
        shift = sign * effect - old_bias.get(old, 0.0)  # the old manager's bias leaves with him
        ratings = ratings.with_columns(
            rater_id=pl.when(mine).then(pl.lit(new)).otherwise(pl.col("rater_id")),
            score=pl.when(mine).then(pl.col("score") + shift).otherwise(pl.col("score")),
        )
        ids.append(new)
        effects.append(sign * effect)
        promoted.append(k < new_teams / 2)
    new = pl.DataFrame({"rater_id": ids, "effect": effects, "promoted": promoted})
    biased = base.truth.filter(pl.col("effect") != 0)["rater_id"]
    return NewManagerCompany(seed, ratings, base.kpi_results, new, biased)


def new_manager_counts(c: NewManagerCompany, use_kpi: bool = True) -> dict[str, float]:
    """One company: new managers found in their planted direction (strict or likely flag),
    called ``scale_use`` instead, and flags on the raters with no planted effect."""
    table = raters.rater_table(c.ratings, c.kpi_results if use_kpi else None)
    flagged = table.filter(pl.col("flag").is_not_null() | pl.col("fdr_flag").is_not_null())
    t = c.new.join(table, on="rater_id", how="left")
    word = pl.when(pl.col("effect") > 0).then(pl.lit("lenient")).otherwise(pl.lit("severe"))
    hit = (pl.col("flag") == word) | (pl.col("fdr_flag") == pl.lit("likely_") + word)
    t = t.with_columns(hit=hit.fill_null(False), scale=pl.col("status") == "scale_use")
    out: dict[str, float] = {
        "new": float(t.height),
        "found": float(t["hit"].sum()),
        "scale_use": float(t["scale"].fill_null(False).sum()),
        "false_flags": float(
            flagged.filter(
                ~pl.col("rater_id").is_in(pl.concat([c.new["rater_id"], c.biased]).implode())
            ).height
        ),
    }
    for promoted, key in ((True, "promoted"), (False, "hired")):
        part = t.filter(pl.col("promoted") == promoted)
        out[f"{key}_new"] = float(part.height)
        out[f"{key}_found"] = float(part["hit"].sum())
    return out


def new_manager_rates(seeds: Iterable[int], use_kpi: bool = True, **options) -> dict[str, float]:
    """:func:`new_manager_counts` over ``seeds``: the share of new managers found (all,
    promoted, hired), put down to scale use, and false flags per company."""
    rows = [new_manager_counts(new_manager_company(s, **options), use_kpi) for s in seeds]
    tot = {k: float(sum(r[k] for r in rows)) for k in rows[0]}
    return {
        "found": tot["found"] / tot["new"],
        "promoted_found": tot["promoted_found"] / max(tot["promoted_new"], 1.0),
        "hired_found": tot["hired_found"] / max(tot["hired_new"], 1.0),
        "scale_use": tot["scale_use"] / tot["new"],
        "false_flags": tot["false_flags"] / len(rows),
        "seeds": float(len(rows)),
    }


_COLUMNS = (
    ("found", "new managers found in their direction"),
    ("promoted_found", "of them promoted from peer"),
    ("hired_found", "of them hired, last cycle only"),
    ("scale_use", "new managers reported 'scale use differs'"),
    ("false_flags", "flags on raters with no planted effect / company"),
)


def main(argv: list[str]) -> None:
    designs = {
        "same scale": ({"see": 1.0}, False),
        "compressing peers, strong teams, no KPIs": ({"see": 0.6, "strong_share": 0.2}, False),
        "compressing peers, strong teams, KPIs": (
            {"see": 0.6, "strong_share": 0.2, "kpi_r": 0.6},
            True,
        ),
    }
    seeds = int(argv[0]) if argv else 20
    title = "4 new managers (±0.1, additive) in the last of 3 cycles"
    print_rates(title, designs, new_manager_rates, _COLUMNS, seeds)


if __name__ == "__main__":
    main(sys.argv[1:])
