"""Tests for analytics.stats.potential: slope vs scipy, percentiles, nine-box, lists, demo truth."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats

from analytics.stats.potential import (
    BOX_CODES,
    composite_interval,
    decliners,
    hidden_strengths,
    high_potential,
    nine_box,
    nine_box_counts,
    performance_profile,
    potential_check,
    proxy_interval,
    risers,
    shares_below,
)
from analytics.text import render, render_frame


def _scores(y: dict[str, list[float]], raw: dict[str, list[float]] | None = None) -> pl.DataFrame:
    rows = []
    for emp, ys in y.items():
        for c, v in enumerate(ys):
            if v is None:
                continue
            r = raw[emp][c] if raw and emp in raw else v
            rows.append((f"C{c + 1}", c + 1, emp, r, v))
    return pl.DataFrame(
        rows, schema=["cycle_id", "cycle_order", "employee_id", "raw", "adjusted"], orient="row"
    )


def _employees(ids: list[str], family: str = "研发", level: str = "P5") -> pl.DataFrame:
    return pl.DataFrame(
        {"employee_id": ids, "job_family": family, "level": level, "department": "研发中心/平台部"}
    )


def test_slope_and_se_match_linregress():
    y = {
        "a": [0.50, 0.55, 0.61, 0.64, 0.72, 0.74],
        "b": [0.80, 0.70, 0.72, 0.60],
        "c": [0.40, None, 0.45, 0.47, 0.41],  # a missing cycle: x = 1, 3, 4, 5
        "d": [0.60, 0.62],  # two points: slope but no SE
    }
    prof = performance_profile(_scores(y), _employees(list(y)))
    for emp, ys in y.items():
        x = np.array([i + 1 for i, v in enumerate(ys) if v is not None], dtype=float)
        v = np.array([v for v in ys if v is not None])
        r = prof.filter(pl.col("employee_id") == emp).row(0, named=True)
        assert r["n_cycles"] == len(v)
        if len(v) < 3:
            assert (
                r["slope"] == pytest.approx(v[1] - v[0])
                and r["slope_se"] is None
                and r["slope_p"] is None
            )
            continue
        ref = stats.linregress(x, v)
        assert r["slope"] == pytest.approx(ref.slope, rel=1e-10)
        assert r["slope_se"] == pytest.approx(ref.stderr, rel=1e-10)
        assert r["slope_p"] == pytest.approx(ref.pvalue, rel=1e-8)
        half = stats.t.ppf(0.975, len(v) - 2) * ref.stderr
        assert r["slope_ci95_low"] == pytest.approx(ref.slope - half, rel=1e-10)
        assert r["slope_ci95_high"] == pytest.approx(ref.slope + half, rel=1e-10)
    a = prof.filter(pl.col("employee_id") == "a").row(0, named=True)
    assert a["first_cycle"] == "C1" and a["latest_cycle"] == "C6"
    assert a["latest_adjusted"] == pytest.approx(0.74) and a["first_adjusted"] == pytest.approx(
        0.50
    )


def test_percentiles_peer_group_fallback_and_consistency():
    # 10 研发 P5 (own group), 3 研发 P6 (fall back to 研发, n=13),
    # 2 销售 P5 (fall back to the company, n=15)
    p5 = [f"p5_{i}" for i in range(10)]
    p6 = [f"p6_{i}" for i in range(3)]
    s5 = ["s5_0", "s5_1"]
    emps = pl.concat([_employees(p5), _employees(p6, level="P6"), _employees(s5, family="销售")])
    vals = {e: [0.1 * i, 0.1 * i] for i, e in enumerate(p5)}  # p5_9 best in both cycles
    vals |= {
        "p6_0": [0.05, 0.05],
        "p6_1": [0.95, 0.95],
        "p6_2": [0.5, 0.5],
        "s5_0": [0.0, 0.99],
        "s5_1": [0.3, 0.3],
    }
    prof = performance_profile(_scores(vals), emps, min_group=10, top_band=0.2)
    get = {r["employee_id"]: r for r in prof.iter_rows(named=True)}
    assert get["p5_9"]["peer_group"] == "研发 P5" and get["p5_9"]["peer_group_n"] == 10
    assert get["p5_9"]["pct_adjusted"] == pytest.approx((10 - 0.5) / 10)
    assert get["p5_0"]["pct_adjusted"] == pytest.approx(0.5 / 10)
    assert (
        get["p5_9"]["consistency"] == 2
        and get["p5_8"]["consistency"] == 2
        and get["p5_7"]["consistency"] == 0
    )
    # p6_1 = 0.95 is the best of the 13 研发 scores (p5 max is 0.9)
    assert get["p6_1"]["peer_group"] == "研发" and get["p6_1"]["peer_group_n"] == 13
    assert get["p6_1"]["pct_adjusted"] == pytest.approx(12.5 / 13)
    # 销售 has 2 people: whole company of 15 in the cycle; s5_0 = 0.99 is the top in C2
    assert get["s5_0"]["peer_group_n"] == 15 and get["s5_0"]["pct_adjusted"] == pytest.approx(
        14.5 / 15
    )
    # ties get the average rank: p5_0 (0.0) and s5_0 (0.0) in C1 -> (1.5 - 0.5)/15
    assert get["s5_0"]["pct_adjusted_mean"] == pytest.approx((1.0 / 15 + 14.5 / 15) / 2)


def test_potential_from_outcomes_and_proxy_and_agreement():
    ids = ["e1", "e2", "e3"]
    adj = _scores({e: [0.5, 0.6] for e in ids})
    outcomes = pl.DataFrame(
        {
            "cycle_id": ["C1", "C2", "C1"],
            "employee_id": ["e1", "e1", "e2"],
            "potential": ["低", " High ", "中"],
        }
    )
    rows = []
    for c in ("C1", "C2"):
        o = 1 if c == "C1" else 2
        # per employee: manager on 学习成长 (growth) and 业绩 (perf); peer on Leadership and 业绩
        for emp, growth, perf, peer in (
            ("e1", 0.2, 0.5, 0.3),
            ("e2", 0.4, 0.5, 0.5),
            ("e3", 0.9, 0.5, 0.8),
        ):
            rows += [
                (c, o, emp, "m", "manager", "学习成长", growth),
                (c, o, emp, "m", "manager", "业绩", perf),
                (c, o, emp, "p", "peer", "Leadership", peer),
                (c, o, emp, "p", "peer", "业绩", peer),
                (c, o, emp, emp, "self", "学习成长", 1.0),
            ]
    ratings = pl.DataFrame(
        rows,
        schema=[
            "cycle_id",
            "cycle_order",
            "employee_id",
            "rater_id",
            "rater_role",
            "dimension",
            "score",
        ],
        orient="row",
    )
    prof = performance_profile(
        adj, _employees(ids), outcomes=outcomes, ratings=ratings, min_group=1
    )
    get = {r["employee_id"]: r for r in prof.iter_rows(named=True)}
    # e1: latest outcome 'High' (C2) wins over 低 in C1
    assert get["e1"]["potential_score"] == 1.0 and get["e1"]["potential_source"] == "outcome"
    assert get["e1"]["potential_band"] == 2 and get["e1"]["potential_cycle"] == "C2"
    assert get["e2"]["potential_score"] == 0.5 and get["e2"]["potential_band"] == 1
    # e3 via proxy: growth dims (non-self) = mean(.9 学习成长 by manager, .8 Leadership by peer)
    # = .85 -> top of 3;
    # peer mean .8 -> top of 3; pct = 2.5/3 for both in both cycles
    assert get["e3"]["potential_source"] == "proxy"
    assert get["e3"]["potential_score"] == pytest.approx(2.5 / 3)
    assert get["e3"]["potential_band"] == 2
    # agreement: |manager - peer| per cycle: e3 manager mean (.9+.5)/2 = .7 vs peer .8 -> .1
    assert get["e3"]["mgr_peer_gap"] == pytest.approx(0.1) and get["e3"]["n_gap_cycles"] == 2
    assert get["e3"]["sources_agree"] is True and get["e3"]["n_sources"] == 2
    # e1: manager (.2+.5)/2 = .35 vs peer .3 -> .05
    assert get["e1"]["mgr_peer_gap"] == pytest.approx(0.05)


def test_nine_box_placement_and_counts():
    prof = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d", "e", "f", "g", "h"],
            "pct_adjusted": [0.10, 0.50, 0.90, 0.10, 0.90, 1 / 3, 0.70, None],
            "potential_score": [0.10, 0.10, 0.10, 0.90, 0.90, 0.50, 2 / 3, 0.5],
        }
    )
    nb = nine_box(prof)
    box = dict(zip(nb["employee_id"], nb["box"], strict=True))
    assert box == {"a": 1, "b": 2, "c": 3, "d": 7, "e": 9, "f": 5, "g": 9, "h": None}
    e = nb.filter(pl.col("employee_id") == "e").row(0, named=True)
    assert e["box_label"] == "star" and e["box_n"] == 2
    assert render("box.star", "en") == "Star" and render("box.star", "zh") == "明星"
    assert e["n"] == 7 and e["box_share"] == pytest.approx(2 / 7)
    cnt = nine_box_counts(nb)
    assert cnt["n"].to_list() == [1, 1, 1, 0, 1, 0, 1, 0, 2]
    assert cnt.filter(pl.col("box") == 3)["box_label"].item() == BOX_CODES[3]
    # custom cuts: with perf cuts (0.5, 0.95), c (0.9) is medium performance -> box 2
    nb2 = nine_box(prof, perf_cuts=(0.5, 0.95))
    assert dict(zip(nb2["employee_id"], nb2["box"], strict=True))["c"] == 2


def _panel(n: int = 60, cycles: int = 5, seed: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    ids = [f"e{i:02d}" for i in range(n)]
    base = rng.normal(0.55, 0.08, n)
    slope = np.zeros(n)
    slope[0] = 0.06  # riser
    slope[1] = -0.06  # decliner
    y = {
        ids[i]: list(base[i] + slope[i] * np.arange(cycles) + rng.normal(0, 0.01, cycles))
        for i in range(n)
    }
    raw = {k: list(v) for k, v in y.items()}
    raw["e02"] = [v - 0.2 for v in y["e02"]]  # severe raters pull e02 down in raw scores
    return _scores(y, raw), _employees(ids)


def test_lists_riser_decliner_hidden_strength():
    adj, emps = _panel()
    prof = performance_profile(adj, emps)
    hp = high_potential(prof, top_n=10)
    assert hp["rank"].to_list() == list(range(1, 11)) and hp["n"][0] == 60
    assert hp["composite"].is_sorted(descending=True)
    r0 = hp.filter(pl.col("employee_id") == "e00")
    assert r0.height == 1
    # reasons are codes with parameters, worded once per language by the text layer
    assert "rising" in [r["code"] for r in r0["reasons"].item().to_list()]
    reasons = render_frame(r0, "en")["reasons"].item().to_list()
    slope = prof.filter(pl.col("employee_id") == "e00")["slope"].item()
    # the 0-1 score's decimals, the same for the slope and its half-width (rev21 item 11)
    assert any(s.startswith(f"rising {slope:.3f} per cycle (±") for s in reasons), (slope, reasons)
    zh = render_frame(r0, "zh")["reasons"].item().to_list()
    assert any(s.startswith(f"每周期上升 {slope:.3f}") for s in zh)
    assert len(reasons) == len(zh)
    # the robust slope by hand: the leave-one-cycle-out OLS slope nearest 0 (all positive here)
    ys = adj.filter(pl.col("employee_id") == "e00").sort("cycle_order")
    x, yv = ys["cycle_order"].to_numpy(), ys["adjusted"].to_numpy()
    loo = [np.polyfit(np.delete(x, k), np.delete(yv, k), 1)[0] for k in range(x.size)]
    assert min(loo) > 0
    assert prof.filter(pl.col("employee_id") == "e00")["slope_robust"].item() == pytest.approx(
        min(loo)
    )
    # composite by its documented formula
    # the trajectory part: Phi(sqrt(reliability) * z of the plain slope), by hand
    from scipy.stats import norm

    pe = prof.filter(pl.col("employee_id") == "e00").row(0, named=True)
    slopes = prof["slope"].to_numpy()
    noise_sd = (pe["slope_shrunk_ci95_high"] - pe["slope_shrunk"]) / 1.959963984540054
    noise_sd /= pe["slope_reliability"]  # the half-width is rel * z95 * sd(plain slope)
    z = (pe["slope"] - slopes.mean()) / noise_sd
    pe["tp"] = norm.cdf(np.sqrt(pe["slope_reliability"]) * z)
    assert pe["trajectory_prob"] == pytest.approx(pe["tp"])
    assert pe["slope_shrunk"] == pytest.approx(
        slopes.mean() + pe["slope_reliability"] * (pe["slope"] - slopes.mean())
    )
    # nobody has a potential here: its weight left out, the others rescaled (rev21 item 7)
    exp = (
        0.40 * pe["pct_shrunk"] + 0.15 * pe["tp"] + 0.10 * pe["consistency"] / pe["n_cycles"]
    ) / 0.65
    assert r0["composite"].item() == pytest.approx(exp)
    dec = decliners(prof)
    assert "e01" in dec["employee_id"].to_list() and "e00" not in dec["employee_id"].to_list()
    assert (dec["slope_ci95_high"] < 0).all() and (dec["slope_p"] < 0.05).all()
    assert (dec["slope"] <= -0.02).all()
    # materiality: with min_decline 0.1 per cycle the -0.06 decliner is no longer listed
    assert "e01" not in decliners(prof, min_decline=0.1)["employee_id"].to_list()
    d1 = render_frame(dec.filter(pl.col("employee_id") == "e01"), "en").row(0, named=True)
    d1_zh = render_frame(dec.filter(pl.col("employee_id") == "e01"), "zh").row(0, named=True)
    assert d1["reasons"][0].startswith("falling ") and d1_zh["reasons"][0].startswith("每周期下降")
    hs = hidden_strengths(prof, min_gap=0.2)
    assert hs["employee_id"][0] == "e02"
    h = hs.row(0, named=True)
    assert h["rater_effect"] == pytest.approx(-0.2) and h["pct_gap"] >= 0.2
    en, zh = (render_frame(hs.head(1), lang)["reasons"][0].to_list() for lang in ("en", "zh"))
    assert any("raw →" in s for s in en) and any("调整后" in s for s in zh)
    assert (
        "raters' mean effect -0.200 on the 0-1 score in C5; percentile gap 48 points (≥ 20), mean gap 47 over 5 cycles"
        in en
    )


# --------------------------------------------------------------------------------------------
# demo data (planted truth)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_profile(planted):
    from analytics.stats import raters

    d, ratings = planted
    eff = raters.rater_effects(ratings)
    adj = raters.adjusted_scores(ratings, eff)
    prof = performance_profile(
        adj, d.employees, outcomes=d.outcomes, ratings=ratings, rater_effects=eff
    )
    return d, prof


def test_demo_rising_stars_and_decliners(demo_profile):
    d, prof = demo_profile
    hp = high_potential(prof, top_n=50)
    stars = set(d.truth["rising_stars"])
    assert len(stars) > 0
    hit = len(stars & set(hp["employee_id"].to_list())) / len(stars)
    assert hit >= 0.7, hit
    dec = set(decliners(prof)["employee_id"].to_list())
    planted = set(d.truth["decliners"])
    assert len(planted & dec) / len(planted) >= 0.7
    # hidden strengths are people rated by the planted severe raters
    hs = hidden_strengths(prof)
    assert hs.height >= 1
    severe = set(d.truth["severe_raters"])
    last = d.cycles.sort("ordering")["cycle_id"][-1]
    by_severe = set(
        d.reviews.filter(
            (pl.col("cycle_id") == last)
            & pl.col("rater_id").is_in(list(severe))
            & (pl.col("rater_role") != "self")
        )["employee_id"].to_list()
    )
    assert len(set(hs["employee_id"].to_list()) & by_severe) / hs.height >= 0.6


def _independent_potential(seed: int, n: int = 400, growth_signal: float = 0.0):
    """People rated by a manager and two peers on two growth dimensions and two others, two
    cycles. Every dimension carries the person's level (performance); ``growth_signal`` adds
    their true potential, independent of the level, to the growth dimensions only."""
    rng = np.random.default_rng(seed)
    ids = [f"e{i:03d}" for i in range(n)]
    level, pot = rng.normal(0.6, 0.1, n), rng.normal(0.0, 1.0, n)
    dims = [("学习成长", True), ("领导力", True), ("业绩", False), ("质量", False)]
    rows, adj = [], []
    for c, o in (("C1", 1), ("C2", 2)):
        for i, emp in enumerate(ids):
            for rater, role in (("m" + emp, "manager"), ("p1" + emp, "peer"), ("p2" + emp, "peer")):
                for dim, growth in dims:
                    x = level[i] + growth * growth_signal * pot[i] + rng.normal(0, 0.04)
                    rows.append((c, o, emp, rater, role, dim, x))
            adj.append((c, o, emp, level[i], level[i] + rng.normal(0, 0.02)))
    ratings = pl.DataFrame(
        rows,
        schema=[
            "cycle_id",
            "cycle_order",
            "employee_id",
            "rater_id",
            "rater_role",
            "dimension",
            "score",
        ],
        orient="row",
    )
    scores = pl.DataFrame(
        adj, schema=["cycle_id", "cycle_order", "employee_id", "raw", "adjusted"], orient="row"
    )
    prof = performance_profile(scores, _employees(ids), ratings=ratings, min_group=1)
    truth = pl.DataFrame({"employee_id": ids, "true_potential": pot, "level": level})
    return prof.join(truth, on="employee_id"), potential_check(prof)


def test_the_proxy_does_not_restate_performance_when_potential_is_independent():
    """Issue 18: with no potential rating the old proxy (growth and peer percentiles)
    correlated 0.78 with performance although true potential was independent, and boxes 3
    and 7 came out empty. The contrast proxy does not follow performance, and says so."""
    prof, check = _independent_potential(5)
    c = check.row(0, named=True)
    assert c["n_proxy"] == 400 and c["n_outcome"] == 0 and c["n_not_recorded"] == 0
    assert abs(c["r"]) < 0.15 and c["r_ci95_low"] < 0 < c["r_ci95_high"] and not c["restates"]
    boxes = nine_box_counts(nine_box(prof))
    assert boxes.filter(pl.col("box").is_in([3, 7]))["n"].min() > 0


def test_the_proxy_follows_a_real_growth_signal():
    prof, check = _independent_potential(6, growth_signal=0.03)
    assert np.corrcoef(prof["potential_score"], prof["true_potential"])[0, 1] > 0.5
    assert abs(check["r"][0]) < 0.15


def test_potential_check_restates_and_not_recorded():
    prof = pl.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(8)],
            "pct_adjusted": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, None, 0.8],
            "potential_score": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, None],
            "potential_source": ["proxy"] * 6 + ["proxy", None],
        }
    )
    c = potential_check(prof).row(0, named=True)
    assert (c["n_people"], c["n_proxy"], c["n_not_recorded"], c["n_r"]) == (8, 7, 1, 6)
    # r = 1 on six people: Fisher z interval clipped at r = 0.999999
    assert c["r"] == pytest.approx(1.0) and c["restates"]
    few = potential_check(prof.head(3)).row(0, named=True)
    assert few["r"] is None and not few["restates"] and few["n_r"] == 3


def test_percentile_interval_from_the_score_interval():
    """The ends of a score's 95% interval placed among the peer group's scores (the share of
    them at or below the end): 0.30 ± 0.15 among 0.1 ... 0.5 is the 20th to 80th percentile."""
    ids = ["a", "b", "c", "d", "e"]
    adj = pl.DataFrame(
        {
            "cycle_id": "C1",
            "cycle_order": 1,
            "employee_id": ids,
            "raw": [0.1, 0.2, 0.3, 0.4, 0.5],
            "adjusted": [0.1, 0.2, 0.3, 0.4, 0.5],
            "ci95_low": [v - 0.15 for v in (0.1, 0.2, 0.3, 0.4, 0.5)],
            "ci95_high": [v + 0.15 for v in (0.1, 0.2, 0.3, 0.4, 0.5)],
        }
    )
    prof = performance_profile(adj, _employees(ids), min_group=1)
    get = {r["employee_id"]: r for r in prof.iter_rows(named=True)}
    assert get["c"]["pct_adjusted"] == pytest.approx(0.5)
    assert (get["c"]["pct_ci95_low"], get["c"]["pct_ci95_high"]) == pytest.approx((0.2, 0.8))
    assert (get["a"]["pct_ci95_low"], get["a"]["pct_ci95_high"]) == pytest.approx((0.0, 0.4))
    assert (get["e"]["pct_ci95_low"], get["e"]["pct_ci95_high"]) == pytest.approx((0.6, 1.0))
    # without a score interval there is none
    plain = performance_profile(adj.drop("ci95_low", "ci95_high"), _employees(ids), min_group=1)
    assert plain["pct_ci95_low"].is_null().all()


def test_nine_box_certainty_from_the_axes_intervals():
    """Certain when both intervals stay in the person's band (a recorded potential counts as
    inside); near a boundary when one crosses a cut; not estimable without an interval."""
    prof = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d", "e"],
            "pct_adjusted": [0.90, 0.90, 0.50, 0.50, 0.10],
            "pct_ci95_low": [0.80, 0.60, 0.40, 0.40, None],
            "pct_ci95_high": [0.95, 0.97, 0.60, 0.60, None],
            "potential_score": [0.9, 0.9, 0.5, 1.0, 0.1],
            "potential_ci95_low": [0.7, 0.7, 0.2, None, 0.0],
            "potential_ci95_high": [1.0, 1.0, 0.6, None, 0.2],
            "potential_source": ["proxy", "proxy", "proxy", "outcome", "proxy"],
        }
    )
    nb = nine_box(prof)
    got = dict(zip(nb["employee_id"], nb["box_certainty"], strict=True))
    assert got == {
        "a": "certain",
        "b": "near_boundary",  # performance 0.60-0.97 crosses 2/3
        "c": "near_boundary",  # potential 0.2-0.6 crosses 1/3
        "d": "certain",  # a recorded rating
        "e": "not_estimable",  # no performance interval
    }
    cnt = nine_box_counts(nb)
    assert cnt["n_near_boundary"].sum() == 2
    assert cnt.filter(pl.col("box") == 9)["n_near_boundary"].item() == 1
    assert render("certainty.near_boundary", "zh") and render("certainty.near_boundary", "en")


def test_potential_proxy_interval_pools_the_cycle_to_cycle_spread():
    agg = pl.DataFrame({"_proxy": [0.5, 0.8, 0.2], "_pk": [2, 3, 1], "_pss": [0.02, 0.04, 0.0]})
    out = proxy_interval(agg)
    pooled = 0.06 / 3  # (2 - 1) + (3 - 1) + 0 degrees of freedom
    half = stats.t.ppf(0.975, 3) * np.sqrt(pooled / np.array([2, 3, 1]))
    mean = np.array([0.5, 0.8, 0.2])
    np.testing.assert_allclose(out["_proxy_lo"], np.clip(mean - half, 0, 1))
    np.testing.assert_allclose(out["_proxy_hi"], np.clip(mean + half, 0, 1))


def test_shares_below_matches_a_count_per_group():
    rng = np.random.default_rng(3)
    group = pl.Series(rng.choice(["甲", "乙", "丙"], 200))
    values = rng.normal(size=200)
    values[:5] = np.nan  # not in any reference
    ends = [values - 0.3, rng.normal(size=200) * 3]
    got = shares_below(group, values, ends)
    g = group.to_numpy()
    for end, share in zip(ends, got, strict=True):
        for i in range(0, 200, 7):  # a test-only loop over sampled rows
            ref = values[(g == g[i]) & np.isfinite(values)]
            if not np.isfinite(end[i]):
                assert np.isnan(share[i])
            else:
                assert share[i] == pytest.approx((ref < end[i]).mean())


def test_composite_interval_adds_the_parts_in_quadrature():
    p = pl.DataFrame(
        {
            "composite": [0.6, 0.5],
            "potential_score": [0.8, None],
            "potential_ci95_low": [0.6, None],
            "potential_ci95_high": [0.9, None],
            "pct_shrunk": [0.7, None],
            "pct_shrunk_ci95_low": [0.5, None],
            "pct_shrunk_ci95_high": [0.8, None],
            "trajectory_pct": [0.75, 0.25],
            "slope_robust": [1.0, -1.0],
            "slope_robust_ci95_low": [-2.0, -2.0],  # the share of slopes below: 0
            "slope_robust_ci95_high": [2.0, 2.0],  # all below: 1
        }
    )
    lo, hi = composite_interval(p, (0.35, 0.40, 0.15, 0.10))
    down = np.sqrt((0.35 * 0.2) ** 2 + (0.40 * 0.2) ** 2 + (0.15 * 0.75) ** 2)
    up = np.sqrt((0.35 * 0.1) ** 2 + (0.40 * 0.1) ** 2 + (0.15 * 0.25) ** 2)
    assert lo[0] == pytest.approx(0.6 - down) and hi[0] == pytest.approx(0.6 + up)
    assert lo[1] is None and hi[1] is None  # no performance level: cannot be estimated


def test_high_potential_composite_interval_on_a_panel():
    scores, employees = _panel()
    hp = high_potential(performance_profile(scores, employees), top_n=None)
    ok = hp.drop_nulls("composite_ci95_low")
    assert ok.height > 0.9 * hp.height
    assert (ok["composite_ci95_low"] <= ok["composite"] + 1e-12).all()
    assert (ok["composite_ci95_high"] >= ok["composite"] - 1e-12).all()


def test_a_decline_of_exactly_the_threshold_counts_whichever_way_its_last_bit_fell():
    """The stored profile and the refitted one can differ by 1e-16 in a slope: a person whose
    decline is the threshold itself must be listed by both (the review found E000082 listed
    from the store, slope -0.020000000000000018, and not when refitted, -0.019999999999999962)."""
    adj, emps = _panel()
    prof = performance_profile(adj, emps)
    who = prof["employee_id"][0]
    for slope in (-0.020000000000000018, -0.02, -0.019999999999999962):
        p = prof.with_columns(
            slope=pl.when(pl.col("employee_id") == who).then(slope).otherwise(0.5),
            slope_p=pl.when(pl.col("employee_id") == who).then(1e-4).otherwise(0.5),
        )
        listed = decliners(p, min_decline=0.02)["employee_id"].to_list()
        assert listed == [who], (slope, listed)
    # a real shortfall is still not a decline
    p = prof.with_columns(
        slope=pl.when(pl.col("employee_id") == who).then(-0.0199).otherwise(0.5),
        slope_p=pl.lit(1e-4),
    )
    assert decliners(p, min_decline=0.02).is_empty()


def test_demo_risers_mirror_the_decliners(demo_profile):
    """The planted rising stars are listed as sustained risers whether or not a potential
    rating exists (rev23a item 8: two risers 合格 -> 良好 -> 优秀 appeared in no list), by the
    decliners' own test turned round: no decliner among them, every row a material rise."""
    d, prof = demo_profile
    rise = risers(prof)
    stars = set(d.truth["rising_stars"])
    found = len(stars & set(rise["employee_id"].to_list())) / len(stars)
    assert found >= 0.7, found
    assert not set(rise["employee_id"].to_list()) & set(decliners(prof)["employee_id"].to_list())
    assert (rise["slope"] >= 0.02 - 1e-12).all() and (rise["slope_p"] < 0.05).all()
    assert (rise["slope_ci95_low"] > 0).all()
    assert rise["slope"].to_list() == sorted(rise["slope"].to_list(), reverse=True)
    # the same people as the mirror image: every slope negated makes them the decliners
    flipped = prof.with_columns(
        (-pl.col("slope")).alias("slope"),
        (-pl.col("slope_ci95_high")).alias("slope_ci95_low"),
        (-pl.col("slope_ci95_low")).alias("slope_ci95_high"),
    )
    assert set(decliners(flipped)["employee_id"]) == set(rise["employee_id"])
    en = render_frame(rise.head(1), "en")["reasons"][0].to_list()
    zh = render_frame(rise.head(1), "zh")["reasons"][0].to_list()
    assert any(s.startswith("from ") and " to " in s for s in en), en
    assert any(s.startswith("从 ") and "升至" in s for s in zh), zh
