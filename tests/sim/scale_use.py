"""Strong teams with compressing peers: the rater model's scale-use check on simulated companies.

``python -m tests.sim.scale_use [seeds]`` prints the rates ``docs/methods.md`` quotes (20 seeds
by default); ``tests/sim/test_scale_use_sim.py`` runs a fast subset in the suite.

The company is the full 360 of :mod:`tests.sim.simulate` (manager, skip-level, four peers of
the same department, self) with two things real companies have:

- some teams are genuinely stronger or weaker (``strong_share`` of the teams ``+team_shift``,
  as many ``-team_shift``), so a manager's people can sit far from the company's middle;
- peers and skip-levels see only ``see`` (60%) of the true differences between people
  (they compress towards the middle); managers see all of it.

A quarter of the managers rate ``±effect`` off (true leniency / severity, as in
:mod:`tests.sim.simulate`), the other managers are unbiased. Optionally KPI attainment per
person and cycle follows the true level (``kpi_r``: its correlation with it), so the KPIs can
serve as the external criterion. Vectorised: one NumPy draw per term, no loop over rows.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.stats import raters

__all__ = [
    "ScaleUseCompany",
    "print_rates",
    "scale_use_company",
    "scale_use_counts",
    "scale_use_rates",
]

_DIMENSIONS = ("delivery", "quality", "collaboration", "growth")
_DIM_SHIFT = np.array([-0.03, -0.01, 0.01, 0.03])


@dataclass(frozen=True)
class ScaleUseCompany:
    """A simulated company: ``ratings``, ``kpi_results`` (None without KPIs) and ``truth``
    (``rater_id, role, effect, team_shift``: every rater's planted effect, 0 for the unbiased,
    and for managers the planted strength of their team)."""

    seed: int
    ratings: pl.DataFrame
    kpi_results: pl.DataFrame | None
    truth: pl.DataFrame


def scale_use_company(
    seed: int,
    n_teams: int = 40,
    team_size: int = 8,
    teams_per_department: int = 5,
    n_cycles: int = 2,
    n_peers: int = 4,
    true_sd: float = 0.10,
    pair_sd: float = 0.06,
    row_sd: float = 0.05,
    strong_share: float = 0.2,
    team_shift: float = 0.10,
    see: float = 0.6,
    biased_share: float = 0.25,
    effect: float = 0.075,
    kpi_r: float | None = 0.6,
) -> ScaleUseCompany:
    """One company of ``n_teams * team_size`` employees (see the module docstring)."""
    rng = np.random.default_rng(seed)
    n_emp = n_teams * team_size
    team = np.arange(n_emp) // team_size
    dept = team // teams_per_department
    emp_ids = np.array([f"E{i:05d}" for i in range(n_emp)])
    mgr_ids = np.array([f"M{t:03d}" for t in range(n_teams)])
    skip_ids = np.array([f"S{d:02d}" for d in range(int(dept.max()) + 1)])

    # team strength: strong_share of the teams up, as many down, the rest average
    k_strong = round(strong_share * n_teams)
    order = rng.permutation(n_teams)
    shift = np.zeros(n_teams)
    shift[order[:k_strong]] = team_shift
    shift[order[k_strong : 2 * k_strong]] = -team_shift
    # planted manager biases, independent of team strength
    b_mgr = np.zeros(n_teams)
    k = round(biased_share * n_teams)
    who = rng.choice(n_teams, size=k, replace=False)
    b_mgr[who] = effect * np.where(np.arange(k) % 2 == 0, 1.0, -1.0)

    mid = 0.6
    true = mid + shift[team][None, :] + rng.normal(0.0, true_sd, (n_cycles, n_emp))

    everyone = np.arange(n_emp)
    blocks = [(everyone, mgr_ids[team], b_mgr[team], 1.0, "manager")]
    blocks.append((everyone, skip_ids[dept], np.zeros(n_emp), see, "skip_level"))
    dept_size = teams_per_department * team_size
    for _ in range(n_peers):
        offset = rng.integers(1, dept_size, n_emp)
        peer = dept * dept_size + (everyone - dept * dept_size + offset) % dept_size
        peer = np.minimum(peer, n_emp - 1)
        peer = np.where(peer == everyone, (everyone + 1) % n_emp, peer)
        blocks.append((everyone, emp_ids[peer], np.zeros(n_emp), see, "peer"))
    blocks.append((everyone, emp_ids, np.zeros(n_emp), see, "self"))

    ratee = np.concatenate([b[0] for b in blocks])
    rater = np.concatenate([b[1] for b in blocks])
    bias = np.concatenate([b[2] for b in blocks])
    slope = np.concatenate([np.full(b[0].size, b[3]) for b in blocks])
    role = np.concatenate([np.full(b[0].size, b[4]) for b in blocks])
    n_dim = len(_DIMENSIONS)
    cyc = np.repeat(np.arange(n_cycles), ratee.size)
    ratee_c, rater_c = np.tile(ratee, n_cycles), np.tile(rater, n_cycles)
    bias_c, slope_c, role_c = (
        np.tile(bias, n_cycles),
        np.tile(slope, n_cycles),
        np.tile(role, n_cycles),
    )
    seen = mid + slope_c * (true[cyc, ratee_c] - mid)
    pair_mean = seen + bias_c + rng.normal(0.0, pair_sd, cyc.size)
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
            "dimension": np.tile(np.array(_DIMENSIONS), cyc.size),
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
    kpi = None
    if kpi_r is not None:
        # attainment = 1 + a standardised mix of the true level and noise, correlation kpi_r
        z = (true - mid) / np.sqrt(true_sd**2 + team_shift**2 * 2 * strong_share)
        noise = rng.normal(0.0, 1.0, z.shape)
        att = 1.0 + 0.15 * (kpi_r * z + np.sqrt(1 - kpi_r**2) * noise)
        kpi = pl.DataFrame(
            {
                "cycle_id": np.repeat(cycle_names, n_emp),
                "employee_id": np.tile(emp_ids, n_cycles),
                "kpi": np.full(n_cycles * n_emp, "revenue"),
                "period": pl.Series(values=[None] * (n_cycles * n_emp), dtype=pl.String),
                "weight": np.ones(n_cycles * n_emp),
                "attainment": att.ravel(),
            }
        )
    truth = pl.DataFrame(
        {
            "rater_id": np.concatenate([mgr_ids, skip_ids, emp_ids]),
            "role": ["manager"] * n_teams + ["skip_level"] * skip_ids.size + ["peer"] * n_emp,
            "effect": np.concatenate([b_mgr, np.zeros(skip_ids.size), np.zeros(n_emp)]),
            "team_shift": np.concatenate([shift, np.zeros(skip_ids.size + n_emp)]),
        }
    )
    used = ratings.filter(pl.col("rater_role") != "self")["rater_id"].unique()
    return ScaleUseCompany(
        seed, ratings, kpi, truth.filter(pl.col("rater_id").is_in(used.implode()))
    )


def scale_use_counts(c: ScaleUseCompany, use_kpi: bool = True) -> dict[str, float]:
    """One company: lenient/severe flags (strict or likely) and how many fall on raters with no
    planted bias; managers of strong or weak teams flagged although unbiased; recall of the
    planted biases; raters reported as 'scale use differs'."""
    table = raters.rater_table(c.ratings, c.kpi_results if use_kpi else None)
    t = table.join(c.truth.rename({"effect": "true_effect"}), on="rater_id", how="inner")
    truth = t["true_effect"].to_numpy()
    strict = t["flag"].fill_null("").to_numpy()
    likely = t["fdr_flag"].fill_null("").to_numpy()
    up = (strict == "lenient") | (likely == "likely_lenient")
    down = (strict == "severe") | (likely == "likely_severe")
    flagged = up | down
    unbiased = truth == 0
    planted = ~unbiased
    hit = (up & (truth > 0)) | (down & (truth < 0))
    team_off = t["team_shift"].to_numpy() != 0
    mgr = t["main_role"].to_numpy() == "manager"
    scale = t["status"].to_numpy() == "scale_use"
    strict_flag = (strict == "lenient") | (strict == "severe")
    return {
        "flags": float(flagged.sum()),
        "false_flags": float((flagged & unbiased).sum()),
        "strict_flags": float(strict_flag.sum()),
        "false_strict": float((strict_flag & unbiased).sum()),
        "strong_team_false": float((flagged & unbiased & team_off & mgr).sum()),
        "planted": float(planted.sum()),
        "recall": float(hit[planted].mean()) if planted.any() else np.nan,
        "scale_use": float(scale.sum()),
        "scale_use_planted": float((scale & planted).sum()),
    }


def scale_use_rates(seeds: Iterable[int], use_kpi: bool = True, **options) -> dict[str, float]:
    """:func:`scale_use_counts` summed over ``seeds``: ``false_share`` is the share of all flags
    that fall on unbiased raters (pooled over the companies), the others are per company."""
    rows = [scale_use_counts(scale_use_company(s, **options), use_kpi) for s in seeds]
    total = {k: float(np.nansum([r[k] for r in rows])) for k in rows[0]}
    n = len(rows)
    return {
        "false_share": total["false_flags"] / total["flags"] if total["flags"] else 0.0,
        "false_share_strict": (
            total["false_strict"] / total["strict_flags"] if total["strict_flags"] else 0.0
        ),
        "strict_flags": total["strict_flags"] / n,
        "flags": total["flags"] / n,
        "false_flags": total["false_flags"] / n,
        "strong_team_false": total["strong_team_false"] / n,
        "recall": float(np.nanmean([r["recall"] for r in rows])),
        "scale_use": total["scale_use"] / n,
        "scale_use_planted": total["scale_use_planted"] / n,
        "seeds": float(n),
    }


_COLUMNS = (
    ("false_share", "share of lenient/severe flags (strict or likely) on unbiased raters"),
    ("false_share_strict", "share of strict flags on unbiased raters"),
    ("strict_flags", "strict flags / company"),
    ("false_flags", "flags on unbiased raters / company"),
    ("strong_team_false", "unbiased managers of strong/weak teams flagged / company"),
    ("flags", "lenient/severe flags / company"),
    ("recall", "planted biases found"),
    ("scale_use", "raters reported 'scale use differs' / company"),
    ("scale_use_planted", "of them with a planted bias / company"),
)


def print_rates(
    title: str,
    designs: dict[str, tuple[dict, bool]],
    rates: Callable[..., dict[str, float]],
    columns: Sequence[tuple[str, str]],
    seeds: int,
) -> None:
    """A markdown table of ``rates(range(seeds), use_kpi, **options)`` per design
    (``{name: (options, use_kpi)}``), one row per ``(key, label)`` of ``columns``."""
    print(f"{title}, {seeds} seeds per design")
    print("| measure | " + " | ".join(designs) + " |")
    print("| --- |" + " --- |" * len(designs))
    start = time.perf_counter()
    res = {d: rates(range(seeds), kpi, **opt) for d, (opt, kpi) in designs.items()}
    for key, label in columns:
        print(f"| {label} | " + " | ".join(f"{res[d][key]:.3g}" for d in designs) + " |")
    print(f"({time.perf_counter() - start:.1f} s)")


def main(argv: list[str]) -> None:
    designs = {
        "compressing peers, KPIs": ({"see": 0.6}, True),
        "compressing peers, no KPIs": ({"see": 0.6}, False),
        "same scale (see 1.0), KPIs": ({"see": 1.0}, True),
    }
    seeds = int(argv[0]) if argv else 20
    print_rates("strong teams with compressing peers", designs, scale_use_rates, _COLUMNS, seeds)


if __name__ == "__main__":
    main(sys.argv[1:])
