"""Tests of analytics.stats.distributions: hand-worked cases and scipy/statsmodels cross-checks."""

from __future__ import annotations

import itertools
import math

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from analytics.stats import distributions as D
from analytics.stats.apportion import largest_remainder

T975_DF4 = 2.7764451051977987  # t(0.975, 4) from tables


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def frame(values, unit="u", cycle="c1", order=1, grades=None, **extra):
    data = {
        "cycle_id": [cycle] * len(values),
        "cycle_order": [order] * len(values),
        "employee_id": [f"{unit}-{i}" for i in range(len(values))],
        "department": [unit] * len(values),
        "score": [float(v) for v in values],
    }
    if grades is not None:
        data["grade"] = list(grades)
    data.update(extra)
    return pl.DataFrame(data)


def exact_multinomial_p(counts, p=(0.1, 0.2, 0.5, 0.15, 0.05)):
    """P(chi2 >= observed) under multinomial(n, p), by enumerating every outcome."""
    p, counts = np.asarray(p), np.asarray(counts)
    n = int(counts.sum())
    obs_x2 = ((counts - n * p) ** 2 / (n * p)).sum()
    total = 0.0
    for c in itertools.product(range(n + 1), repeat=len(p) - 1):
        if sum(c) <= n:
            o = np.array([*c, n - sum(c)])
            if ((o - n * p) ** 2 / (n * p)).sum() >= obs_x2 - 1e-9:
                total += stats.multinomial.pmf(o, n, p)
    return total


def random_scores(seed=3, sizes=(12, 30, 7, 45), rounding=0.25, shift=(0.0, 0.1, -0.05, 0.2)):
    rng = np.random.default_rng(seed)
    parts = []
    for i, (n, s) in enumerate(zip(sizes, shift)):
        x = np.clip(rng.normal(0.55 + s, 0.2, n), 0, 1)
        if rounding:
            x = np.round(x / rounding) * rounding
        parts.append(frame(x, unit=f"d{i}"))
    return pl.concat(parts)


# --------------------------------------------------------------------------------------------
# employee_scores
# --------------------------------------------------------------------------------------------


def _ratings():
    rows = [
        # e1: manager two dimensions weighted 2:1, two peers (null weights), one self
        ("c1", 1, "e1", "m1", "manager", "d1", 0.5, 2.0),
        ("c1", 1, "e1", "m1", "manager", "d2", 0.8, 1.0),
        ("c1", 1, "e1", "p1", "peer", "d1", 0.4, None),
        ("c1", 1, "e1", "p2", "peer", "d1", 0.6, None),
        ("c1", 1, "e1", "e1", "self", "d1", 1.0, 1.0),
        # e2: self only -> no weighted source -> dropped
        ("c1", 1, "e2", "e2", "self", "d1", 0.9, 1.0),
        # e3: manager only
        ("c1", 1, "e3", "m1", "manager", "d1", 0.25, 1.0),
        ("c1", 1, "e3", "m1", "manager", "d2", None, 1.0),
    ]
    cols = [
        "cycle_id",
        "cycle_order",
        "employee_id",
        "rater_id",
        "rater_role",
        "dimension",
        "score",
        "weight",
    ]
    df = pl.DataFrame(rows, schema=cols, orient="row")
    return df.with_columns(
        pl.lit("销售中心/华东区").alias("department"),
        pl.lit("t1").alias("team"),
        pl.lit("P5").alias("level"),
        pl.lit("sales").alias("job_family"),
        pl.lit("m1").alias("manager_id"),
    )


def test_employee_scores_hand_worked_weighted_sources():
    out = D.employee_scores(_ratings())
    assert out.get_column("employee_id").to_list() == ["e1", "e3"]
    e1 = out.row(0, named=True)
    # manager (0.5*2 + 0.8*1)/3 = 0.6; peer (0.4+0.6)/2 = 0.5; skip absent -> renormalise
    assert e1["score"] == pytest.approx((0.6 * 0.6 + 0.2 * 0.5) / 0.8)  # 0.575
    assert e1["score_source"] == "ratings"
    assert e1["n_ratings"] == 5 and e1["n_sources"] == 2
    assert e1["department"] == "销售中心/华东区" and e1["cycle_order"] == 1
    assert e1["grade"] is None
    assert out.row(1, named=True)["score"] == pytest.approx(0.25)


def test_employee_scores_custom_weights_and_outcomes():
    out = D.employee_scores(_ratings(), by_role_weights={"manager": 1.0})
    assert out.filter(pl.col("employee_id") == "e1").item(0, "score") == pytest.approx(0.6)
    outcomes = pl.DataFrame(
        {
            "cycle_id": ["c1", "c1"],
            "employee_id": ["e1", "e3"],
            "final_score": [0.7, None],
            "grade": ["A", "B"],
        }
    )
    out = D.employee_scores(_ratings(), outcomes=outcomes)
    e1, e3 = out.rows(named=True)
    assert (e1["score"], e1["score_source"], e1["grade"]) == (0.7, "outcome", "A")
    assert e1["rating_score"] == pytest.approx(0.575)
    assert (e3["score"], e3["score_source"], e3["grade"]) == (0.25, "ratings", "B")
    with pytest.raises(ValueError):
        D.employee_scores(_ratings(), by_role_weights={"manager": -1.0})


def test_department_level_rolls_up_subtrees():
    paths = ["销售中心/华东区/一组", "销售中心", "/研发中心/平台/", None]
    df = pl.DataFrame({"department": paths})
    one = D.department_level(df, 1).get_column("department").to_list()
    two = D.department_level(df, 2, alias="d2").get_column("d2").to_list()
    assert one == ["销售中心", "销售中心", "研发中心", None]
    assert two == ["销售中心/华东区", "销售中心", "研发中心/平台", None]
    with pytest.raises(ValueError):
        D.department_level(df, 0)


def test_department_paths_lists_every_ancestor_once():
    df = pl.DataFrame({"id": [1, 2, 3], "department": ["销售中心/华东区/一组", "研发中心", None]})
    got = D.department_paths(df).sort("id", "unit")
    assert got.columns == ["id", "department", "unit"]
    assert got.select("id", "unit").rows() == [
        (1, "销售中心"),
        (1, "销售中心/华东区"),
        (1, "销售中心/华东区/一组"),
        (2, "研发中心"),
    ]
    empty = D.department_paths(df.filter(pl.col("department").is_null()))
    assert empty.height == 0 and empty.schema["unit"] == pl.String


# --------------------------------------------------------------------------------------------
# summary, grade shares
# --------------------------------------------------------------------------------------------


def test_summary_hand_worked():
    df = pl.concat(
        [
            frame([0.25, 0.5, 0.5, 0.75, 1.0], unit="a", grades=["B", "B", "A", "S", "S"]),
            frame([0.5, 0.75, 1.0, 1.0], unit="b", grades=["B", "A", "S", None]),
        ]
    )
    out = D.summary(df, ["department"])
    a = out.row(0, named=True)
    sd = math.sqrt(0.325 / 4)  # squared deviations from 0.6 sum to 0.325
    assert a["n"] == 5 and a["mean"] == pytest.approx(0.6) and a["sd"] == pytest.approx(sd)
    assert (a["median"], a["q1"], a["q3"], a["iqr"]) == pytest.approx((0.5, 0.5, 0.75, 0.25))
    half = T975_DF4 * sd / math.sqrt(5)
    assert (a["mean_lo"], a["mean_hi"]) == pytest.approx((0.6 - half, 0.6 + half))
    assert a["small_n"] is False and a["min_n"] == 5
    assert a["n_graded"] == 5
    assert (a["share_S"], a["share_A"], a["share_B"]) == pytest.approx((0.4, 0.2, 0.4))
    b = out.row(1, named=True)
    assert b["small_n"] is True and b["n"] == 4 and b["n_graded"] == 3
    assert b["share_S"] == pytest.approx(1 / 3)
    assert [c for c in out.columns if c.startswith("share_")] == ["share_S", "share_A", "share_B"]
    whole = D.summary(df, [])
    assert whole.height == 1 and whole.item(0, "n") == 9


def test_summary_matches_scipy_numpy():
    df = random_scores(rounding=0, sizes=(40, 25, 3, 9))
    out = D.summary(df, "department", min_n=10)
    for row in out.iter_rows(named=True):
        x = df.filter(pl.col("department") == row["department"]).get_column("score").to_numpy()
        assert row["n"] == x.size
        assert row["sd"] == pytest.approx(np.std(x, ddof=1))
        assert row["q1"] == pytest.approx(np.quantile(x, 0.25))
        assert row["q3"] == pytest.approx(np.quantile(x, 0.75))
        assert row["skewness"] == pytest.approx(stats.skew(x, bias=False))
        if x.size >= 4:
            assert row["kurtosis"] == pytest.approx(stats.kurtosis(x, bias=False))
        else:
            assert row["kurtosis"] is None
        lo, hi = stats.t.interval(0.95, x.size - 1, loc=x.mean(), scale=stats.sem(x))
        assert (row["mean_lo"], row["mean_hi"]) == pytest.approx((lo, hi))
        assert row["small_n"] == (x.size < 10)


def test_grade_shares_long_with_zero_rows_and_wilson():
    df = frame(range(8), grades=["S", "A", "A", "B", "B", "B", "B", "X"])
    out = D.grade_shares(df, ["department"])
    assert out.get_column("grade").to_list() == ["S", "A", "B", "C", "D", "X"]
    assert out.get_column("count").to_list() == [1, 2, 4, 0, 0, 1]
    assert out.get_column("n").unique().to_list() == [8]
    lo, hi = proportion_confint(4, 8, method="wilson")
    b = out.filter(pl.col("grade") == "B").row(0, named=True)
    assert (b["share"], b["share_lo"], b["share_hi"]) == pytest.approx((0.5, lo, hi))


# --------------------------------------------------------------------------------------------
# guideline fit
# --------------------------------------------------------------------------------------------


def test_guideline_fit_hand_worked():
    # n = 10, observed S3 A2 B4 C1 D0, expected 1, 2, 5, 1.5, 0.5
    df = frame(range(10), grades=list("SSSAABBBBC"))
    out = D.guideline_fit_grades(df, ["department"], n_sim=4000, seed=1)
    chi2 = 4 + 0 + 1 / 5 + 0.25 / 1.5 + 0.25 / 0.5
    row = out.row(0, named=True)
    assert row["chi2"] == pytest.approx(chi2) and row["df"] == 4 and row["n"] == 10
    ref = stats.chisquare([3, 2, 4, 1, 0], [1, 2, 5, 1.5, 0.5])
    assert row["pval"] == pytest.approx(ref.pvalue)
    g = stats.power_divergence([3, 2, 4, 1, 0], [1, 2, 5, 1.5, 0.5], lambda_="log-likelihood")
    assert (row["g_stat"], row["g_pval"]) == pytest.approx((g.statistic, g.pvalue))
    assert row["low_expected"] is True and row["min_expected_count"] == pytest.approx(0.5)
    # largest remainder: quotas 1, 2, 5, 1.5, 0.5 -> tie on .5 goes to C (larger share)
    assert out.get_column("target_count").to_list() == [1, 2, 5, 2, 0]
    assert out.get_column("diff_count").to_list() == [2, 0, -1, -1, 0]
    assert row["people_to_move"] == 2  # |O - T| = 2,0,1,1,0 -> L1 4 -> 2 moves
    assert row["w"] == pytest.approx(math.sqrt(chi2 / 10))
    # exact multinomial p-value by enumeration of all 1001 outcomes
    assert row["pval_mc"] == pytest.approx(exact_multinomial_p([3, 2, 4, 1, 0]), abs=0.03)
    # noncentral CI: lower bound 0 because chi2.cdf(4.87, 4) < 0.975; upper solves cdf = .025
    assert row["w_lo"] == 0.0
    lam_hi = row["w_hi"] ** 2 * 10
    assert stats.ncx2.cdf(chi2, 4, lam_hi) == pytest.approx(0.025, abs=1e-6)


def test_guideline_fit_perfect_match_derived_grades_and_ci():
    # 20 people in guideline proportions -> chi2 0, nobody to move
    df = frame(range(20), grades=["S"] * 2 + ["A"] * 4 + ["B"] * 10 + ["C"] * 3 + ["D"])
    row = D.guideline_fit_units(df, ["department"]).row(0, named=True)
    assert (row["chi2"], row["people_to_move"], row["w"]) == (0.0, 0, 0.0)
    assert row["grade_source"] == "recorded" and row["pval"] == pytest.approx(1.0)
    # without grades: top 10 % of scores -> S, next 20 % -> A, ... (company-wide per cycle)
    derived = D.guideline_fit_grades(frame(range(20)), [])
    assert derived.get_column("count").to_list() == [2, 4, 10, 3, 1]
    assert derived.item(0, "grade_source") == "derived" and derived.item(0, "chi2") == 0.0
    # a large, clearly deviating unit: CI limits invert the noncentral chi-square
    counts = {"S": 100, "A": 100, "B": 150, "C": 40, "D": 10}
    big = frame(range(400), grades=[g for g, c in counts.items() for _ in range(c)])
    r = D.guideline_fit_units(big, ["department"]).row(0, named=True)
    assert r["low_expected"] is False and r["pval_mc"] is None
    assert stats.ncx2.cdf(r["chi2"], 4, r["w_lo"] ** 2 * 400) == pytest.approx(0.975, abs=1e-6)
    assert stats.ncx2.cdf(r["chi2"], 4, r["w_hi"] ** 2 * 400) == pytest.approx(0.025, abs=1e-6)
    assert r["w_lo"] < r["w"] < r["w_hi"]
    # 100 S vs target 40, 100 A vs 80 -> 60 + 20 = 80 moves
    assert r["people_to_move"] == 80


def test_largest_remainder_hand_worked():
    shares = np.array([0.1, 0.2, 0.5, 0.15, 0.05])
    # n = 7: quotas .7 1.4 3.5 1.05 .35 -> floors 0 1 3 1 0, two seats to S (.7) and B (.5)
    got = largest_remainder(np.array([7.0, 10.0, 0.0]), shares)
    assert got.tolist() == [[1, 1, 4, 1, 0], [1, 2, 5, 2, 0], [0, 0, 0, 0, 0]]
    # equal remainders (.5, .5): the larger share first, or the one listed first
    shares = np.array([0.1, 0.3, 0.6])
    assert largest_remainder(np.array([5.0]), shares).tolist() == [[0, 2, 3]]
    assert largest_remainder(np.array([5.0]), shares, ties="position").tolist() == [[1, 1, 3]]


def test_guideline_fit_rejects_bad_input():
    with pytest.raises(ValueError):
        D.guideline_fit_units(frame(range(5), grades=list("SABCE")), ["department"])
    with pytest.raises(ValueError):
        D.guideline_fit_grades(
            frame(range(5), grades=list("SABCD")), [], guideline={"S": 0.5, "A": 0.2}
        )


# --------------------------------------------------------------------------------------------
# compare_units
# --------------------------------------------------------------------------------------------


def test_compare_units_hand_worked():
    df = pl.concat([frame([1, 2, 3], unit="a"), frame([4, 5, 6], unit="b")])
    res = D.compare_units(df, "department")
    om = res["omnibus"].row(0, named=True)
    # ranks 1..6: R_a = 6, R_b = 15; H = 12/42 * (36/3 + 225/3) - 21 = 3.857143
    assert om["H"] == pytest.approx(12 / 42 * (12 + 75) - 21)
    assert om["epsilon_sq"] == pytest.approx(om["H"] / 5) and om["n"] == 6 and om["df"] == 1
    pr = res["pairs"].row(0, named=True)
    assert (pr["U"], pr["auc"], pr["r_rb"]) == (0.0, 0.0, -1.0)
    # Hanley-McNeil: a = [3,4,7,8] vs b = [1,2,5,6] -> U = 12, AUC = .75
    df2 = pl.concat([frame([3, 4, 7, 8], unit="a"), frame([1, 2, 5, 6], unit="b")])
    pr = D.compare_units(df2, "department")["pairs"].row(0, named=True)
    var = (0.1875 + 3 * (0.6 - 0.5625) + 3 * (2 * 0.5625 / 1.75 - 0.5625)) / 16
    assert pr["U"] == 12 and pr["auc_se"] == pytest.approx(math.sqrt(var))
    assert pr["r_rb"] == pytest.approx(0.5)
    assert pr["r_rb_lo"] == pytest.approx(2 * (0.75 - 1.959963984540054 * math.sqrt(var)) - 1)
    assert pr["r_rb_hi"] == 1.0
    assert pr["small_n"] is True


def test_compare_units_matches_scipy_and_statsmodels():
    df = random_scores()  # ties from rounding to quarter points
    res = D.compare_units(df, "department")
    groups = {
        k[0]: g.get_column("score").to_numpy()
        for k, g in df.sort("department").group_by("department", maintain_order=True)
    }
    kw = stats.kruskal(*groups.values())
    om = res["omnibus"].row(0, named=True)
    assert (om["H"], om["pval"]) == pytest.approx((kw.statistic, kw.pvalue))
    assert om["n"] == df.height and om["k"] == 4
    assert om["epsilon_sq"] == pytest.approx(kw.statistic / (df.height - 1))
    assert res["units"].get_column("n").to_list() == [len(v) for v in groups.values()]
    pairs = res["pairs"]
    assert pairs.height == 6
    for row in pairs.iter_rows(named=True):
        a, b = groups[row["unit_a"]], groups[row["unit_b"]]
        mw = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")
        assert (row["U"], row["pval"]) == pytest.approx((mw.statistic, mw.pvalue))
        cliff = (np.sign(a[:, None] - b[None, :])).mean()
        assert row["r_rb"] == pytest.approx(cliff)
    holm = multipletests(pairs.get_column("pval").to_numpy(), method="holm")[1]
    np.testing.assert_allclose(pairs.get_column("pval_holm").to_numpy(), holm)


def test_epsilon_sq_ci_inverts_noncentral_chi2_and_covers():
    df = random_scores(rounding=0)
    om = D.compare_units(df, "department")["omnibus"].row(0, named=True)
    N, h, k = om["n"], om["H"], om["df"]
    assert stats.ncx2.cdf(h, k, om["epsilon_sq_lo"] * (N - 1)) == pytest.approx(0.975, abs=1e-6)
    assert stats.ncx2.cdf(h, k, om["epsilon_sq_hi"] * (N - 1)) == pytest.approx(0.025, abs=1e-6)
    assert om["epsilon_sq_adj"] == pytest.approx(max(0.0, (h - k) / (N - 1)))
    assert om["epsilon_sq_lo"] <= om["epsilon_sq_adj"] <= om["epsilon_sq_hi"]
    # coverage of the population value (eps^2 of 20 teams x 6 people, shifts 0..0.8 sd)
    rng = np.random.default_rng(0)
    shifts = np.linspace(0, 0.8, 20)
    big = np.concatenate([rng.normal(s, 1, 20000) for s in shifts])
    gbig = np.repeat(np.arange(20), 20000)
    true = stats.kruskal(*[big[gbig == j] for j in range(20)]).statistic / (big.size - 1)
    hits = 0
    g = np.repeat(np.arange(20), 6)
    for _ in range(200):
        x = np.concatenate([rng.normal(s, 1, 6) for s in shifts])
        o = D._compare_one(x, g, 20, 0.95, max_pair_units=0)[0]
        hits += o["epsilon_sq_lo"] <= true <= o["epsilon_sq_hi"]
    assert hits / 200 >= 0.9


def test_guideline_fit_monte_carlo_shared_by_unit_size():
    df = pl.concat(
        [
            frame(range(6), unit="a", grades=list("SSABBC")),
            frame(range(6), unit="b", grades=list("SSABBC")),
            frame(range(4), unit="c", grades=list("SSSS")),
        ]
    )
    out = D.guideline_fit_units(df, ["department"], n_sim=3000, seed=4)
    pa, pb, pc = out.get_column("pval_mc").to_list()
    assert pa == pb and 0 < pc < 0.02
    assert pa == pytest.approx(exact_multinomial_p([2, 1, 2, 1, 0]), abs=0.03)
    assert pc == pytest.approx(exact_multinomial_p([4, 0, 0, 0, 0]), abs=0.005)


def test_compare_units_within_cycles():
    df = pl.concat(
        [
            random_scores(seed=1).with_columns(pl.lit("c1").alias("cycle_id")),
            random_scores(seed=2, sizes=(5, 5, 5, 5)).with_columns(pl.lit("c2").alias("cycle_id")),
        ]
    )
    res = D.compare_units(df, "department", within="cycle_id")
    assert res["omnibus"].get_column("cycle_id").to_list() == ["c1", "c2"]
    assert res["omnibus"].get_column("n").to_list() == [94, 20]
    assert res["pairs"].height == 12


# --------------------------------------------------------------------------------------------
# inflation trend
# --------------------------------------------------------------------------------------------


def test_inflation_trend_hand_worked():
    df = pl.concat(
        [
            frame([0.4, 0.6], cycle="c1", order=1, grades=["B", "A"]),
            frame([0.6, 0.8], cycle="c2", order=2, grades=["A", "S"]),
            frame([0.8, 1.0], cycle="c3", order=3, grades=["S", "S"]),
        ]
    )
    out = D.inflation_trend(df)
    assert out.get_column("mean").to_list() == pytest.approx([0.5, 0.7, 0.9])
    assert out.get_column("top_share").to_list() == pytest.approx([0.5, 1.0, 1.0])
    r = out.row(0, named=True)
    assert r["slope"] == pytest.approx(0.2) and r["trend_n"] == 6 and r["n_cycles"] == 3
    assert r["top_slope"] == pytest.approx(0.25)
    # the same two people (u-0: B A S, u-1: A S S) in the three cycles: the share's slope is
    # the linear-probability slope, its SE clustered by person (rev25b item 3). Residuals of
    # top = 5/6 + 0.25 (t - 2): u-0 -7/12, 1/6, -1/12; u-1 5/12, 1/6, -1/12. Per person
    # sum (t - 2) e = +0.5 and -0.5, meat 0.5; CR1 factor G/(G-1) (N-1)/(N-2) = 2 * 5/4;
    # V = 2.5 * 0.5 / Stt^2 (Stt = 4) -> SE = sqrt(1.25) / 4, t = 0.25 / SE on 1 df
    assert r["top_slope_se"] == pytest.approx(math.sqrt(1.25) / 4)
    assert r["top_slope_t"] == pytest.approx(1 / math.sqrt(1.25))
    assert r["top_slope_pval"] == pytest.approx(2 * stats.t.sf(1 / math.sqrt(1.25), 1))
    # without person ids, Cochran-Armitage as before: x = 1,2,2; n = 2 each; t = 1,2,3;
    # tbar = 2; T = -1 + 0 + 2 = 1; pbar = 5/6, Stt = 4, Var0 = 5/36 * 4 -> z = 1 / sqrt(20/36)
    r = D.inflation_trend(df.drop("employee_id")).row(0, named=True)
    assert r["top_slope_t"] == pytest.approx(1 / math.sqrt(20 / 36))
    assert r["top_slope"] == pytest.approx(0.25)
    # slope CI from the per-cycle binomial variances: only cycle 1 varies: 2*1*0.25 / 16
    assert r["top_slope_se"] == pytest.approx(math.sqrt(0.5) / 4)


def test_inflation_trend_matches_linregress_and_statsmodels():
    rng = np.random.default_rng(9)
    parts = []
    for dept, drift in (("x", 0.03), ("y", -0.01)):
        for c in range(1, 6):
            s = np.clip(rng.normal(0.5 + drift * c, 0.15, 40 + 3 * c), 0, 1)
            gr = np.where(s > 0.6, "A", "B")
            parts.append(frame(s, unit=dept, cycle=f"c{c}", order=c, grades=gr))
    df = pl.concat(parts)
    out = D.inflation_trend(df, by="department")
    for dept in ("x", "y"):
        sub = df.filter(pl.col("department") == dept)
        row = out.filter(pl.col("department") == dept).row(0, named=True)
        lr = stats.linregress(
            sub.get_column("cycle_order").to_numpy(), sub.get_column("score").to_numpy()
        )
        assert row["slope"] == pytest.approx(lr.slope)
        # the SE clustered by person (rev24b), as statsmodels' CR1 sandwich computes it, with
        # t on people - 1 df
        people = sub.get_column("employee_id").to_numpy()
        fit = sm.OLS(
            sub.get_column("score").to_numpy(),
            sm.add_constant(sub.get_column("cycle_order").to_numpy().astype(float)),
        ).fit(cov_type="cluster", cov_kwds={"groups": np.unique(people, return_inverse=True)[1]})
        g = len(set(people))
        assert row["trend_people"] == g and row["trend_n"] == sub.height
        assert row["slope_se"] == pytest.approx(fit.bse[1], rel=1e-9)
        tc = stats.t.ppf(0.975, g - 1)
        assert row["slope_lo"] == pytest.approx(lr.slope - tc * fit.bse[1])
        p = 2 * stats.t.sf(abs(lr.slope / fit.bse[1]), g - 1)
        assert row["slope_pval"] == pytest.approx(p)
        # the top share's slope: the same sandwich on "top grade" 1/0 (rev25b item 3)
        top01 = (sub.get_column("grade") == "A").cast(pl.Float64).to_numpy()
        fit = sm.OLS(
            top01, sm.add_constant(sub.get_column("cycle_order").to_numpy().astype(float))
        ).fit(cov_type="cluster", cov_kwds={"groups": np.unique(people, return_inverse=True)[1]})
        assert row["top_slope"] == pytest.approx(fit.params[1])
        assert row["top_slope_se"] == pytest.approx(fit.bse[1], rel=1e-9)
        assert row["top_slope_t"] == pytest.approx(fit.params[1] / fit.bse[1])
        assert row["top_slope_pval"] == pytest.approx(
            2 * stats.t.sf(abs(row["top_slope_t"]), g - 1)
        )
        # without person ids: Cochran-Armitage = linear-by-linear z * sqrt(N / (N - 1))
        # (statsmodels, default scores)
        row = (
            D.inflation_trend(df.drop("employee_id"), by="department")
            .filter(pl.col("department") == dept)
            .row(0, named=True)
        )
        counts = (
            sub.group_by("cycle_order")
            .agg((pl.col("grade") == "A").sum().alias("top"), pl.len())
            .sort("cycle_order")
        )
        top = counts.get_column("top").to_numpy()
        tab = np.column_stack([counts.get_column("len").to_numpy() - top, top])  # col score 1 = top
        lbl = Table(tab).test_ordinal_association()
        N = sub.height
        assert row["top_slope_t"] == pytest.approx(lbl.zscore * math.sqrt(N / (N - 1)))
        cyc = out.filter(pl.col("department") == dept).row(2, named=True)
        lo, hi = proportion_confint(cyc["n_top"], cyc["n_graded"], method="wilson")
        assert (cyc["top_share_lo"], cyc["top_share_hi"]) == pytest.approx((lo, hi))


def test_cochran_armitage_agresti_alcohol_malformation():
    # Agresti, Categorical Data Analysis, infant malformation by mother's alcohol consumption,
    # scores 0, 0.5, 1.5, 4, 7: published M^2 = (n-1) r^2 = 6.57, P = 0.01.
    present = [48, 38, 5, 1, 1]
    absent = [17066, 14464, 788, 126, 37]
    scores = [0.0, 0.5, 1.5, 4.0, 7.0]
    x = np.repeat(scores, np.add(present, absent))
    grade = np.concatenate([np.repeat(["S", "B"], [p, a]) for p, a in zip(present, absent)])
    df = pl.DataFrame(
        {"cycle_id": [f"c{v}" for v in x], "cycle_order": x, "score": 0.5, "grade": grade}
    )
    row = D.inflation_trend(df, top_grades=("S",)).row(0, named=True)
    n = x.size
    m2 = row["top_slope_t"] ** 2 * (n - 1) / n
    assert round(m2, 2) == 6.57
    assert round(row["top_slope_pval"], 2) == 0.01
    assert row["top_trend_n"] == 32574


def test_inflation_trend_without_grades():
    df = pl.concat([frame([0.4, 0.5], cycle="c1", order=1), frame([0.6, 0.7], cycle="c2", order=2)])
    out = D.inflation_trend(df)
    assert out.get_column("top_share").null_count() == 2
    assert out.item(0, "slope") == pytest.approx(0.2)


# --------------------------------------------------------------------------------------------
# demo data (planted truth)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_scores(planted):
    data, ratings = planted
    return data, D.employee_scores(ratings), D.employee_scores(ratings, data.outcomes)


@pytest.mark.parametrize("which", [1, 2], ids=["ratings", "outcomes"])
def test_demo_department_shock_shows(demo_scores, which):
    data, scores = demo_scores[0], demo_scores[which]
    shock = data.truth["department_shock"]
    dept, cycle, shift = shock["department"], shock["cycle_id"], shock["shift"]
    depth = dept.strip("/").count("/") + 1
    rolled = D.department_level(scores, depth)
    s = D.summary(rolled.filter(pl.col("department") == dept), ["cycle_id"])
    assert s.height == data.cycles.height
    ranked = s.sort("mean", descending=shift > 0)
    assert ranked.item(0, "cycle_id") == cycle
    # the shock (-0.10) stands far outside the other cycles' CIs
    others = ranked.slice(1)
    assert ranked.item(0, "mean_hi") < others.get_column("mean_lo").min()


def test_demo_rating_score_reproduces_final_score(demo_scores):
    # the demo's final score is the role-weighted mean (manager .6, peer .2, skip .2) rounded
    # to 0.01 on the 1-5 scale, i.e. to within 0.01 / 4 / 2 = 0.00125 on [0, 1]
    data, _, scores = demo_scores
    assert data.truth["params"]["role_weights"] == {
        k: v for k, v in D.DEFAULT_ROLE_WEIGHTS.items() if k in data.truth["params"]["role_weights"]
    }
    assert scores.height == data.outcomes.height
    diff = (scores.get_column("score") - scores.get_column("rating_score")).abs()
    assert diff.max() <= 0.00125 + 1e-9


def test_demo_company_grades_follow_guideline(demo_scores):
    data, _, scores = demo_scores
    fit = D.guideline_fit_units(scores, ["cycle_id"])
    assert fit.get_column("n").to_list() == [2000] * data.cycles.height
    assert fit.get_column("people_to_move").max() <= 1
    # departments deviate (the calibration is company-wide), the sales shock cycle most
    shock = data.truth["department_shock"]
    dept = D.department_level(scores, 1)
    sales = D.guideline_fit_grades(
        dept.filter(pl.col("department") == shock["department"]), ["cycle_id"]
    )
    low = (
        sales.filter(pl.col("grade").is_in(["C", "D"]))
        .group_by("cycle_id")
        .agg(pl.col("diff_share").sum())
    )
    assert low.sort("diff_share", descending=True).item(0, "cycle_id") == shock["cycle_id"]


def test_demo_kruskal_top_level_departments(demo_scores):
    _, scores, _ = demo_scores
    top = D.department_level(scores, 1)
    res = D.compare_units(top, "department", within="cycle_id")
    for cycle in top.get_column("cycle_id").unique().sort().to_list()[:2]:
        one = top.filter(pl.col("cycle_id") == cycle)
        om = res["omnibus"].filter(pl.col("cycle_id") == cycle).row(0, named=True)
        units = res["units"].filter(pl.col("cycle_id") == cycle)
        assert om["n"] == one.height == units.get_column("n").sum()
        # scores ranked as compare_units ranks them: equal but for the 16th digit is a tie
        groups = {
            k[0]: g.get_column("score").round(D.TIE_DECIMALS).to_numpy()
            for k, g in one.group_by("department")
        }
        kw = stats.kruskal(*groups.values())
        assert om["H"] == pytest.approx(kw.statistic) and om["k"] == len(groups)
        assert dict(units.select("unit", "n").iter_rows()) == {k: len(v) for k, v in groups.items()}


def test_guideline_fit_says_which_way_a_unit_departs():
    """The chi-square is undirected; the top-grade excess says inflated or deflated, with the
    Wilson interval of the top share and the exact binomial test (doubled smaller tail)."""
    from scipy import stats
    from statsmodels.stats.proportion import proportion_confint

    counts = {"X": [15, 30, 35, 15, 5], "Y": [5, 10, 45, 25, 15]}
    grades = ["S", "A", "B", "C", "D"]
    df = pl.DataFrame(
        {
            "department": [
                u for u, c in counts.items() for g, k in zip(grades, c) for _ in range(k)
            ],
            "grade": [g for c in counts.values() for g, k in zip(grades, c) for _ in range(k)],
            "score": 0.5,
        }
    )
    fit = {
        r["department"]: r for r in D.guideline_fit_units(df, ["department"]).iter_rows(named=True)
    }
    x, y = fit["X"], fit["Y"]
    assert (
        x["top_grades"] == "S+A"
        and x["top_count"] == 45
        and x["top_expected_share"] == pytest.approx(0.3)
    )
    assert x["top_excess"] == pytest.approx(0.15) and y["top_excess"] == pytest.approx(-0.15)
    lo, hi = proportion_confint(45, 100, method="wilson")
    assert (x["top_excess_lo"], x["top_excess_hi"]) == pytest.approx((lo - 0.3, hi - 0.3))
    assert x["top_p"] == pytest.approx(2 * stats.binom.sf(44, 100, 0.3))
    assert y["top_p"] == pytest.approx(2 * stats.binom.cdf(15, 100, 0.3))
    assert x["top_p"] < 0.01 and y["top_p"] < 0.01


# --------------------------------------------------------------------------------------------
# guideline fit: direction, reference range, Holm, units too small to judge (issue 18)
# --------------------------------------------------------------------------------------------


def grade_units(counts: dict[str, list[int]]) -> pl.DataFrame:
    """One department per entry, with the given numbers of S, A, B, C, D."""
    rows = [(u, g) for u, c in counts.items() for g, k in zip("SABCD", c) for _ in range(k)]
    return pl.DataFrame(
        {
            "department": [u for u, _ in rows],
            "grade": [g for _, g in rows],
            "score": [0.5] * len(rows),
            "employee_id": [f"{u}-{i}" for i, (u, _) in enumerate(rows)],
        }
    )


def test_guideline_excess_of_a_unit_of_ten_by_hand():
    """n = 10 graded S3 A2 B4 C1 D0 against S 10 / A 20 / B 50 / C 15 / D 5 %.

    Top (S+A): 5/10 = 0.5 against 0.3 -> excess +0.20. Wilson 95 % (z = 1.959964, z^2 =
    3.841459): centre = (0.5 + z^2/20) / (1 + z^2/10) = 0.5; half = z/(1 + z^2/10) *
    sqrt(0.5*0.5/10 + z^2/400) = 1.416001 * 0.186021 = 0.263407 -> [0.236593, 0.763407],
    minus 0.3 -> [-0.063407, +0.463407]. Exact binomial: 2 P(X >= 5 | 10, 0.3) = 2 * 0.150268.
    Bottom (C+D): 1/10 = 0.1 against 0.2 -> excess -0.10. Wilson: centre = (0.1 + 0.192073) /
    1.384146 = 0.211013; half = 1.416001 * sqrt(0.009 + 0.009604) = 0.193137 ->
    [0.017876, 0.404150], minus 0.2 -> [-0.182124, +0.204150]. Binomial: 2 P(X <= 1 | 10, 0.2)
    = 2 (0.8^10 + 10 * 0.2 * 0.8^9) = 2 * 0.375810."""
    r = D.guideline_fit_units(grade_units({"x": [3, 2, 4, 1, 0]}), ["department"]).row(
        0, named=True
    )
    assert (r["top_grades"], r["bottom_grades"]) == ("S+A", "C+D")
    assert (r["top_count"], r["bottom_count"]) == (5, 1)
    assert r["top_expected_share"] == pytest.approx(0.3)
    assert r["bottom_expected_share"] == pytest.approx(0.2)
    assert r["top_excess"] == pytest.approx(0.2)
    assert (r["top_excess_lo"], r["top_excess_hi"]) == pytest.approx(
        (-0.063407, 0.463407), abs=1e-6
    )
    assert r["top_p"] == pytest.approx(2 * 0.150268, abs=1e-6)
    assert r["bottom_excess"] == pytest.approx(-0.1)
    assert (r["bottom_excess_lo"], r["bottom_excess_hi"]) == pytest.approx(
        (-0.182124, 0.204150), abs=1e-6
    )
    assert r["bottom_p"] == pytest.approx(2 * (0.8**10 + 2 * 0.8**9), abs=1e-9)
    # one unit, nothing extreme: judged, within chance; 2 to move, as a compliant unit of 10
    assert r["judged"] and not r["significant"] and r["direction"] == "in_line"
    assert r["p_holm"] == r["p_used"] == r["pval_mc"]
    assert (r["people_to_move"], r["move_median"], r["move_p90"]) == (2, 2, 3)
    assert r["moves_above_p90"] is False


def exact_moves_quantiles(n, p=(0.1, 0.2, 0.5, 0.15, 0.05)):
    """Median and 90th percentile (inverted cdf) of people to move in multinomial(n, p), by
    enumerating every outcome (exact integer multinomial coefficients)."""
    p = np.asarray(p)
    target = largest_remainder(np.array([n]), p)[0]
    dist: dict[int, float] = {}
    for c in itertools.product(range(n + 1), repeat=len(p) - 1):
        if sum(c) <= n:
            o = np.array([*c, n - sum(c)])
            coef, left = 1, n
            for k in o:
                coef *= math.comb(left, int(k))
                left -= int(k)
            moves = int(np.maximum(o - target, 0).sum())
            dist[moves] = dist.get(moves, 0.0) + coef * float(np.prod(p**o))
    ms = sorted(dist)
    cdf = np.cumsum([dist[m] for m in ms])
    return tuple(ms[int(np.searchsorted(cdf, q - 1e-12))] for q in (0.5, 0.9))


@pytest.mark.parametrize(("n", "expected"), [(10, (2, 3)), (12, (2, 4)), (20, (3, 5))])
def test_reference_range_of_people_to_move_is_exact(n, expected):
    # a unit of 12 that follows the guideline shows 2 to move at the median and 4 or fewer
    # in 9 of 10 cases (P(<= 3) = 0.8595, P(<= 4) = 0.9701): 2 to move is not a finding
    assert exact_moves_quantiles(n) == expected
    df = grade_units({"x": [0, 0, n, 0, 0]})
    r = D.guideline_fit_units(df, ["department"]).row(0, named=True)
    assert (r["move_median"], r["move_p90"]) == expected


def test_reference_range_is_cached_and_independent_of_other_units():
    df = grade_units({"a": [2, 2, 6, 2, 0], "b": [1, 1, 1, 1, 8], "c": [10, 20, 40, 20, 10]})
    alone = D.guideline_fit_units(df.filter(pl.col("department") == "b"), ["department"])
    together = D.guideline_fit_units(df, ["department"]).filter(pl.col("department") == "b")
    cols = ["pval_mc", "move_median", "move_p90"]
    assert alone.select(cols).rows() == together.select(cols).rows()
    D._REF_CACHE.clear()
    fresh = D.guideline_fit_units(df, ["department"]).filter(pl.col("department") == "b")
    assert fresh.select(cols).rows() == together.select(cols).rows()
    key = (12, (0.1, 0.2, 0.5, 0.15, 0.05), 2000, 0)
    assert key in D._REF_CACHE  # one entry per (size, guideline, draws, seed)


def test_guideline_direction_holm_and_units_too_small():
    counts = {
        "up": [30, 30, 30, 8, 2],  # too many top grades
        "down": [2, 8, 40, 30, 20],  # too few top, too many bottom
        "ends": [25, 15, 20, 25, 15],  # both ends crowded: mixed, named (pack27)
        "tiny": [1, 1, 1, 0, 0],  # 3 people: not judged
        **{f"ok{i}": [10, 20, 50, 15, 5] for i in range(5)},  # exactly the guideline
    }
    fit = {
        r["department"]: r
        for r in D.guideline_fit_units(grade_units(counts), ["department"]).iter_rows(named=True)
    }
    assert fit["up"]["direction"] == "inflated" and fit["up"]["significant"]
    assert fit["down"]["direction"] == "deflated" and fit["down"]["significant"]
    assert fit["ends"]["direction"] == "mixed_ends" and fit["ends"]["significant"]
    tiny = fit["tiny"]
    assert tiny["direction"] == "too_small" and not tiny["judged"]
    assert tiny["p_used"] is None and tiny["p_holm"] is None and not tiny["significant"]
    assert all(fit[f"ok{i}"]["direction"] == "in_line" for i in range(5))
    # Holm over the 8 judged units (the unit of 3 is no member of the family)
    judged = [r for r in fit.values() if r["judged"]]
    adj = multipletests([r["p_used"] for r in judged], method="holm")[1]
    assert [r["p_holm"] for r in judged] == pytest.approx(list(adj))


def test_guideline_small_unit_rule_follows_expected_counts():
    # top 5 %: a unit of 12 expects 0.6 people at the top: not judged, whatever it shows
    guide = {"S": 0.05, "B": 0.8, "C": 0.15}
    grades = ["S"] * 6 + ["B"] * 4 + ["C"] * 2
    df = pl.DataFrame({"department": ["x"] * 12, "grade": grades, "score": [0.5] * 12})
    r = D.guideline_fit_units(df, ["department"], guideline=guide).row(0, named=True)
    assert (r["top_grades"], r["bottom_grades"]) == ("S", "C")
    assert not r["judged"] and r["direction"] == "too_small" and r["p_used"] is None
    r = D.guideline_fit_units(df, ["department"], guideline=guide, min_expected_tail=0.5).row(
        0, named=True
    )
    assert r["judged"] and r["direction"] == "inflated"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_guideline_direction_is_worded(lang):
    from analytics.text import render
    from analytics.text.labels import column_label

    for code in D.GUIDELINE_DIRECTIONS:
        assert render(f"direction.{code}", lang) != f"direction.{code}"
    fit = D.guideline_fit_units(grade_units({"x": [3, 2, 4, 1, 0]}), ["department"])
    for col in fit.columns:
        assert "_" not in column_label(col, lang), col  # no identifier shown as a header


def test_grades_outside_the_guideline_are_named_not_raised():
    """Issue 17 review: grades 优秀/良好/合格/待改进 against the default S-D guideline failed the
    import's refresh; the fit now has nothing to fit and the check names the grades."""
    from analytics.stats.distributions import DEFAULT_GUIDELINE, grades_outside

    s = pl.DataFrame({"grade": ["优秀", "良好", None, "合格", "待改进", "良好"]})
    # in scale order, as the page lists them (rev17 M6), not code-point order
    assert grades_outside(s, DEFAULT_GUIDELINE) == ["优秀", "良好", "合格", "待改进"]
    assert grades_outside(s.with_columns(grade=pl.lit("A")), DEFAULT_GUIDELINE) == []
    assert grades_outside(pl.DataFrame({"score": [0.5]}), DEFAULT_GUIDELINE) == []


def _panel(
    rng,
    people: int,
    cycles: int,
    level_sd: float,
    slope_sd: float,
    drift: float = 0.0,
    noise: float = 0.05,
    top_above: float | None = None,
) -> pl.DataFrame:
    """Every person scored in every cycle: a person level (sd ``level_sd``), a person's own
    slope (sd ``slope_sd``, mean ``drift``) and noise (sd ``noise``), on 0-1; with
    ``top_above``, a grade too: "A" above it, else "B"."""
    t = np.tile(np.arange(1, cycles + 1, dtype=float), people)
    who = np.repeat(np.arange(people), cycles)
    level = rng.normal(0.6, level_sd, people)[who]
    own = rng.normal(drift, slope_sd, people)[who]
    y = level + own * (t - t.mean()) + rng.normal(0, noise, t.size)
    out = pl.DataFrame(
        {
            "cycle_id": [f"c{int(c)}" for c in t],
            "cycle_order": t.astype(int),
            "employee_id": [f"p{i}" for i in who],
            "score": y,
        }
    )
    return out if top_above is None else out.with_columns(grade=np.where(y > top_above, "A", "B"))


def _graded_panel(rng, people, cycles, level_sd, slope_sd, drift=0.0) -> pl.DataFrame:
    """:func:`_panel` graded: noise sd 0.5, top grade "A" 0.8 above the mean level (about a
    fifth of the grades with no drift)."""
    return _panel(rng, people, cycles, level_sd, slope_sd, drift, noise=0.5, top_above=1.4)


@pytest.mark.parametrize(
    ("level_sd", "slope_sd", "naive_lo", "naive_hi"),
    [(0.10, 0.0, 0.0, 0.02), (0.02, 0.06, 0.15, 1.0)],
    ids=["stable_people", "own_slopes"],
)
def test_inflation_trend_se_clustered_by_person_holds_its_level(
    level_sd, slope_sd, naive_lo, naive_hi
):
    """rev24b item 5, simulated where the old SE's assumption (scores independent) fails: the
    same 150 people in 4 cycles, no drift. Stable people (their level differs, their scores
    correlate across cycles): the independent SE was far too wide (about 0% flagged: no power,
    the reviewer's interval 3x too wide); people with their own slopes: far too narrow (about
    26% flagged). Clustered by person both hold about 5% (measured over 300 companies each:
    4.7% and 5.7%), and a drift of 0.02 per cycle is still found."""
    rng = np.random.default_rng(24)
    flags, naive = [], []
    for _ in range(200):
        df = _panel(rng, 150, 4, level_sd, slope_sd)
        flags.append(D.inflation_trend(df).row(0, named=True)["slope_pval"] < 0.05)
        lr = stats.linregress(df["cycle_order"].to_numpy(), df["score"].to_numpy())
        naive.append(lr.pvalue < 0.05)
    assert 0.015 <= np.mean(flags) <= 0.095, np.mean(flags)
    assert naive_lo <= np.mean(naive) <= naive_hi, np.mean(naive)  # what the old SE did
    drift = [_panel(rng, 150, 4, level_sd, slope_sd, drift=0.02) for _ in range(50)]
    found = [D.inflation_trend(df).row(0, named=True)["slope_pval"] < 0.05 for df in drift]
    assert np.mean(found) > 0.9, np.mean(found)


@pytest.mark.parametrize(
    ("people", "cycles", "level_sd", "slope_sd", "naive_lo", "naive_hi"),
    [(150, 4, 1.0, 0.0, 0.0, 0.02), (150, 4, 0.3, 0.5, 0.08, 1.0), (168, 2, 1.0, 0.0, 0.0, 0.035)],
    ids=["stable_people", "own_slopes", "two_cycles"],
)
def test_top_share_trend_clustered_by_person_holds_its_level(
    people, cycles, level_sd, slope_sd, naive_lo, naive_hi
):
    """rev25b item 3: the top-grade share's trend was tested on independent counts
    (Cochran-Armitage) although the same people are graded in every cycle. Simulated with no
    drift (200 companies each): the independent test flags stable people almost never (no
    power: the reviewer's 168 people in two cycles) and people with their own slopes far too
    often; clustered by person it holds about 5% in each, and a drift is still found."""
    rng = np.random.default_rng(25)
    flags, naive = [], []
    for _ in range(200):
        df = _graded_panel(rng, people, cycles, level_sd, slope_sd)
        flags.append(D.inflation_trend(df).row(0, named=True)["top_slope_pval"] < 0.05)
        unpaired = D.inflation_trend(df.drop("employee_id")).row(0, named=True)
        naive.append(unpaired["top_slope_pval"] < 0.05)  # what the share's test did before
    assert 0.015 <= np.mean(flags) <= 0.095, np.mean(flags)
    assert naive_lo <= np.mean(naive) <= naive_hi, np.mean(naive)
    step = 0.15 if cycles > 2 else 0.4  # a latent drift of 0.3 (0.8) of the noise sd per cycle
    drift = [_graded_panel(rng, people, cycles, level_sd, 0.0, drift=step) for _ in range(40)]
    found = [D.inflation_trend(df).row(0, named=True)["top_slope_pval"] < 0.05 for df in drift]
    assert np.mean(found) > 0.75, np.mean(found)
