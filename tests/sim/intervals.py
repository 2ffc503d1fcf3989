"""Coverage of the intervals of issue 18 point 9 on simulated data whose truth is known.

``python -m tests.sim.intervals [replications]`` (default 200) prints, per estimate and unit
size, the share of replications whose 95% interval covers the truth (``docs/methods.md``
quotes the table); ``tests/sim/test_interval_sim.py`` runs a fast subset.

* Change shares (:func:`analytics.stats.attribution.variance_decomposition`): two departments
  over two cycle pairs; per person a department mean ``mu_d``, a person effect shared by the
  pairs (so one person's two changes are correlated: the clustering the interval allows for),
  noise, and an independent change of rater effect. With the environment part the department
  mean of the adjusted change, the population shares are
  mu^2 / V, s_r^2 / V and (s_u^2 + s_e^2) / V with V = mu^2 + s_u^2 + s_e^2 + s_r^2.
* G and D study (:func:`analytics.stats.agreement.g_study`, ``decision_study``): people rated
  in every cycle by raters of their own drawn from a shared pool (each rater rates several
  people: the design of a company), y = p + r + c + pr + pc + rc + e with known variances
  :data:`G_TRUTH`; the truth of a coefficient is the D-study formula on the true components.
* Nine-box performance band (:func:`analytics.stats.potential.nine_box`): the stable people
  of ``tests.sim.hipo`` (a true level, each cycle's score the level plus noise, the score's
  interval +/- 1.96 noise sd); among people whose band is called certain, how often the band
  of their true level (its percentile among the true levels) is the band shown.
* Adjusted score in a manager-only company (:func:`analytics.stats.raters.adjusted_scores`,
  review D1): teams rated by their manager only, so no rater effect is identified and the
  model has no residual; the interval falls back on the between-cycle spread. A person has a
  lasting level, a real change each cycle and the rating noise of :data:`NESTED_SD`; a quarter
  of the managers rate +/- 0.075 off. Coverage of the score the same rater would give again
  (true level + the rater's effect: what the interval is for) and of the rater-free level
  (which it cannot promise: the rater's standard is not estimable).
"""

from __future__ import annotations

import sys

import numpy as np
import polars as pl

from analytics.stats import potential, raters
from analytics.stats.agreement import RESIDUAL, component_shares, decision_study, g_study
from analytics.stats.attribution import variance_decomposition
from tests.sim.hipo import hipo_scores

#: the change-share design: department means, person, noise and rater-change sds (0-1 scale)
SHARE_MU = (0.15, -0.05)
SHARE_SD = {"u": 0.10, "e": 0.08, "r": 0.08}
SHARES = ("environment", "rater", "individual")


def share_changes(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """A :func:`~analytics.stats.attribution.score_changes`-like frame: ``n`` people in each of
    two departments over two cycle pairs, split as the attribution splits it."""
    ids = np.arange(2 * n).astype(str)
    dept = np.repeat(["A", "B"], n)
    mu = np.repeat(SHARE_MU, n)
    u = rng.normal(0, SHARE_SD["u"], 2 * n)
    frames = []
    for order in (0, 1):
        d = mu + u + rng.normal(0, SHARE_SD["e"], 2 * n)
        r = rng.normal(0, SHARE_SD["r"], 2 * n)
        frames.append(
            pl.DataFrame(
                {"employee_id": ids, "dept": dept, "from_order": order, "_d": d, "rater": r}
            )
        )
    f = pl.concat(frames).with_columns(
        change=pl.col("_d") + pl.col("rater"), company=pl.col("_d").mean().over("from_order")
    )
    f = f.with_columns(
        department=pl.col("_d").mean().over(["from_order", "dept"]) - pl.col("company")
    )
    return f.with_columns(
        individual=pl.col("change") - pl.col("company") - pl.col("department") - pl.col("rater")
    ).drop("_d")


def share_truth() -> dict[str, float]:
    """Department A's population shares."""
    v = SHARE_MU[0] ** 2 + sum(s**2 for s in SHARE_SD.values())
    return {
        "environment": SHARE_MU[0] ** 2 / v,
        "rater": SHARE_SD["r"] ** 2 / v,
        "individual": (SHARE_SD["u"] ** 2 + SHARE_SD["e"] ** 2) / v,
    }


def share_coverage(n: int, reps: int, seed: int = 0) -> dict[str, float]:
    """Per share, the fraction of ``reps`` replications whose interval for department A (n
    people) covers the population share."""
    rng = np.random.default_rng(seed)
    truth = share_truth()
    hits = dict.fromkeys(SHARES, 0)
    for _ in range(reps):  # replications only
        row = (
            variance_decomposition(share_changes(rng, n))
            .filter(pl.col("dept") == "A")
            .row(0, named=True)
        )
        for k in SHARES:
            hits[k] += row[f"share_{k}_ci95_low"] <= truth[k] <= row[f"share_{k}_ci95_high"]
    return {k: hits[k] / reps for k in SHARES}


#: true variance components of the G-study design (0-1 scale)
G_TRUTH = {"p": 0.02, "r": 0.01, "c": 0.002, "pr": 0.01, "pc": 0.005, "rc": 0.002, RESIDUAL: 0.02}
#: the D-study designs checked (raters per cycle, cycles)
G_DESIGNS = ((1, 1), (3, 1), (5, 2), (10, 4))


def g_ratings(rng: np.random.Generator, people: int, raters: int = 3, cycles: int = 3):
    """Pair means (person, rater, cycle, score): each person has ``raters`` raters of their
    own from a pool of people/3 raters, the same in every cycle."""
    pool = max(people // 3, raters + 1)
    t = G_TRUTH
    who = np.argsort(rng.random((people, pool)), axis=1)[:, :raters]  # distinct raters per person
    p_i = np.repeat(np.arange(people), raters * cycles)
    r_i = np.tile(who, cycles).ravel()
    c_i = np.tile(np.repeat(np.arange(cycles), raters), people)
    eff = {
        "p": rng.normal(0, np.sqrt(t["p"]), people)[p_i],
        "r": rng.normal(0, np.sqrt(t["r"]), pool)[r_i],
        "c": rng.normal(0, np.sqrt(t["c"]), cycles)[c_i],
        "pr": rng.normal(0, np.sqrt(t["pr"]), (people, pool))[p_i, r_i],
        "pc": rng.normal(0, np.sqrt(t["pc"]), (people, cycles))[p_i, c_i],
        "rc": rng.normal(0, np.sqrt(t["rc"]), (pool, cycles))[r_i, c_i],
        "e": rng.normal(0, np.sqrt(t[RESIDUAL]), p_i.size),
    }
    return pl.DataFrame(
        {"person": p_i, "rater": r_i, "cycle": c_i, "score": 0.6 + sum(eff.values())}
    )


def g_coverage(people: int, reps: int, seed: int = 0) -> dict[str, float]:
    """Fraction of ``reps`` replications whose 95% interval covers the truth: the person
    component, its share, and Phi / E rho^2 at each of :data:`G_DESIGNS`."""
    rng = np.random.default_rng(seed)
    nr, nc = [d[0] for d in G_DESIGNS], [d[1] for d in G_DESIGNS]
    total = sum(G_TRUTH.values())
    truth_d = decision_study(
        pl.DataFrame(
            {
                "component": list(G_TRUTH),
                "variance": list(G_TRUTH.values()),
                "estimable": [True] * len(G_TRUTH),
            }
        ),
        nr,
        nc,
    )
    want = {(a, b) for a, b in G_DESIGNS}
    truth_d = truth_d.filter(
        pl.struct("n_raters", "n_cycles").map_elements(
            lambda x: (x["n_raters"], x["n_cycles"]) in want, return_dtype=pl.Boolean
        )
    )
    hits: dict[str, int] = {}
    for _ in range(reps):  # replications only
        g = component_shares(g_study(g_ratings(rng, people), "person", "rater", "score", "cycle"))
        p = g.filter(pl.col("component") == "p").row(0, named=True)
        found = {
            "variance p": p["variance_ci95_low"] <= G_TRUTH["p"] <= p["variance_ci95_high"],
            "share p": p["share_ci95_low"] <= G_TRUTH["p"] / total <= p["share_ci95_high"],
        }
        d = decision_study(g, nr, nc).join(truth_d, on=["n_raters", "n_cycles"], suffix="_true")
        for row in d.iter_rows(named=True):  # the four designs
            key = f"{row['n_raters']}x{row['n_cycles']}"
            for coef in ("phi", "g_coef"):
                lo, hi, true = (
                    row[f"{coef}_ci95_low"],
                    row[f"{coef}_ci95_high"],
                    row[f"{coef}_true"],
                )
                found[f"{coef} {key}"] = lo <= true <= hi
        for k, v in found.items():
            hits[k] = hits.get(k, 0) + bool(v)
    return {k: v / reps for k, v in hits.items()}


def band_rates(seeds: range, noise_sd: float = 0.06) -> dict[str, float]:
    """Over companies (seeds): the share of people whose performance band is certain, and of
    those, how often the true band is the band shown (and the same for all people)."""
    certain = right_certain = right_all = people = 0
    cuts = (1 / 3, 2 / 3)
    for seed in seeds:  # companies only
        scores, employees, truth = hipo_scores(seed, unlucky_share=0.0, noise_sd=noise_sd)
        scores = scores.with_columns(
            ci95_low=pl.col("adjusted") - 1.96 * noise_sd,
            ci95_high=pl.col("adjusted") + 1.96 * noise_sd,
        )
        prof = potential.performance_profile(scores, employees, min_group=1)
        t = truth.with_columns(_true=(pl.col("level").rank("average") - 0.5) / pl.len())
        d = prof.join(t, on="employee_id").with_columns(
            shown=potential.band(pl.col("pct_adjusted"), cuts),
            lo=potential.band(pl.col("pct_ci95_low"), cuts),
            hi=potential.band(pl.col("pct_ci95_high"), cuts),
            true=potential.band(pl.col("_true"), cuts),
        )
        sure = (pl.col("lo") == pl.col("shown")) & (pl.col("hi") == pl.col("shown"))
        people += d.height
        certain += d.filter(sure).height
        right_certain += d.filter(sure & (pl.col("true") == pl.col("shown"))).height
        right_all += d.filter(pl.col("true") == pl.col("shown")).height
    return {
        "certain_share": certain / people,
        "true_band_if_certain": right_certain / max(certain, 1),
        "true_band_all": right_all / people,
    }


def composite_coverage(draws: int = 40, seed: int = 0, n: int = 500) -> dict[str, float]:
    """One company's true levels (``tests.sim.hipo``, stable people, no potential rating),
    ``draws`` independent sets of cycle noise: per person the truth is the mean composite over
    the draws (what the statistic estimates); the share of (draw, person) intervals that cover
    it, overall and for the listed top 50 of each draw."""
    rng = np.random.default_rng(seed)
    _, employees, truth = hipo_scores(seed, n=n, unlucky_share=0.0)
    level = truth["level"].to_numpy()
    ids = truth["employee_id"].to_numpy()
    runs = []
    for d in range(draws):  # noise draws only
        y = level[None, :] + rng.normal(0.0, 0.06, (6, n))
        cyc = np.repeat(np.arange(6), n)
        scores = pl.DataFrame(
            {
                "cycle_id": [f"C{c + 1}" for c in cyc],
                "cycle_order": cyc + 1,
                "employee_id": np.tile(ids, 6),
                "raw": y.ravel(),
                "adjusted": y.ravel(),
            }
        )
        prof = potential.performance_profile(scores, employees, min_group=1)
        hp = potential.high_potential(prof, top_n=None).with_columns(draw=pl.lit(d))
        runs.append(
            hp.select(
                "draw",
                "employee_id",
                "rank",
                "composite",
                "composite_ci95_low",
                "composite_ci95_high",
            )
        )
    allr = pl.concat(runs).with_columns(_truth=pl.col("composite").mean().over("employee_id"))
    cover = (pl.col("composite_ci95_low") <= pl.col("_truth")) & (
        pl.col("_truth") <= pl.col("composite_ci95_high")
    )
    return {
        "covered": float(allr.select(cover.mean()).item()),
        "covered_top50": float(allr.filter(pl.col("rank") <= 50).select(cover.mean()).item()),
        "mean_width": float(
            allr.select(
                (pl.col("composite_ci95_high") - pl.col("composite_ci95_low")).mean()
            ).item()
        ),
    }


#: the manager-only design of :func:`nested_coverage` (0-1 scale): lasting level, change per
#: cycle, pair noise, per-dimension row noise, and the planted manager effect
NESTED_SD = {"level": 0.10, "change": 0.03, "pair": 0.06, "row": 0.05, "bias": 0.075}


def nested_ratings(
    rng: np.random.Generator, teams: int, size: int, cycles: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Manager-only ratings (4 dimensions) and the truth per (cycle_id, employee_id):
    ``level`` (rater-free) and ``repeat`` (level + the manager's effect)."""
    sd, n = NESTED_SD, teams * size
    team = np.arange(n) // size
    bias = np.zeros(teams)
    k = max(1, teams // 4)
    bias[rng.choice(teams, k, replace=False)] = sd["bias"] * np.where(np.arange(k) % 2, -1, 1)
    level = 0.6 + rng.normal(0, sd["level"], n)[None, :] + rng.normal(0, sd["change"], (cycles, n))
    pair = level + bias[team][None, :] + rng.normal(0, sd["pair"], (cycles, n))
    dims = 4
    cyc, emp = np.repeat(np.arange(cycles), n), np.tile(np.arange(n), cycles)
    rows = np.repeat(np.arange(cycles * n), dims)
    ids = np.array([f"E{i:04d}" for i in range(n)])
    cid = np.array([f"C{c + 1}" for c in range(cycles)])
    ratings = pl.DataFrame(
        {
            "cycle_id": cid[cyc[rows]],
            "cycle_order": cyc[rows].astype(np.int32),
            "employee_id": ids[emp[rows]],
            "rater_id": np.array([f"M{t:03d}" for t in range(teams)])[team[emp[rows]]],
            "rater_role": "manager",
            "dimension": np.tile(np.array(["a", "b", "c", "d"]), cycles * n),
            "score": pair.ravel()[rows] + rng.normal(0, sd["row"], rows.size),
            "weight": 1.0,
            "department": "D",
            "team": np.array([f"T{t:03d}" for t in range(teams)])[team[emp[rows]]],
        }
    )
    truth = pl.DataFrame(
        {
            "cycle_id": cid[cyc],
            "employee_id": ids[emp],
            "level": level.ravel(),
            "repeat": (level + bias[team][None, :]).ravel(),
        }
    )
    return ratings, truth


def nested_coverage(
    reps: int, teams: int = 12, size: int = 6, cycles: int = 4, seed: int = 0
) -> dict[str, float]:
    """Over ``reps`` manager-only companies: the share of adjusted-score intervals covering
    the repeat score and the rater-free level, the share of zero-width ones, and the mean
    width (0-1 scale)."""
    rng = np.random.default_rng(seed)
    got = []
    for _ in range(reps):  # companies only
        r, truth = nested_ratings(rng, teams, size, cycles)
        adj = raters.adjusted_scores(r, raters.rater_effects(r))
        got.append(adj.join(truth, on=["cycle_id", "employee_id"]))
    a = pl.concat(got)
    lo, hi = pl.col("ci95_low"), pl.col("ci95_high")
    return {
        "covers_repeat": float(
            a.select(((lo <= pl.col("repeat")) & (pl.col("repeat") <= hi)).mean()).item()
        ),
        "covers_level": float(
            a.select(((lo <= pl.col("level")) & (pl.col("level") <= hi)).mean()).item()
        ),
        "zero_width": float(a.select((hi - lo <= 0).mean()).item()),
        "mean_width": float(a.select((hi - lo).mean()).item()),
    }


def main(argv: list[str]) -> None:
    reps = int(argv[0]) if argv else 200
    print(f"change shares, department A, {reps} replications: coverage of the 95% interval")
    print("| people | " + " | ".join(SHARES) + " |")
    print("| --- |" + " --- |" * len(SHARES))
    for n in (10, 30, 100):
        cov = share_coverage(n, reps)
        print(f"| {n} | " + " | ".join(f"{cov[k]:.3f}" for k in SHARES) + " |")
    print(f"\nG and D study, person bootstrap, {reps} replications: coverage of the 95% interval")
    rows = {n: g_coverage(n, reps) for n in (100, 300, 1000, 3000)}  # people (3000: subsampled)
    keys = list(rows[100])
    print("| people | " + " | ".join(keys) + " |")
    print("| --- |" + " --- |" * len(keys))
    for n, cov in rows.items():
        print(f"| {n} | " + " | ".join(f"{cov[k]:.3f}" for k in keys) + " |")

    print("\nhigh-potential composite, one company of 500, 40 noise draws")
    for k, v in composite_coverage().items():
        print(f"| {k} | {v:.3f} |")
    print(f"\nadjusted score, manager-only company (12 teams of 6, 4 cycles), {reps} companies")
    for k, v in nested_coverage(reps).items():
        print(f"| {k} | {v:.3f} |")
    print("\nnine-box performance band, stable people (tests.sim.hipo), 20 companies of 1000")
    for k, v in band_rates(range(20)).items():
        print(f"| {k} | {v:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
