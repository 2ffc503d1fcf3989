"""rev18b: per-person change intervals within the scale and on the parts' variance model (R1),
manager-change intervals of tiny teams (R4), the rater share of a manager-only design (R2), and
a likely flag held back where the rater's scale use could not be checked (R3)."""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl
import pytest
from scipy import stats

from analytics.stats import raters
from analytics.stats.attribution import manager_changes, score_changes, variance_decomposition


def test_demo_change_intervals_lie_within_the_scale(small_demo_db):
    with duckdb.connect(str(small_demo_db), read_only=True) as con:
        ch = con.sql(
            "SELECT change, change_se, change_ci95_low, change_ci95_high, individual, "
            "individual_se FROM mat_changes"
        ).pl()
    assert ch.height > 500
    width = ch["change_ci95_high"] - ch["change_ci95_low"]
    assert width.max() <= 1.0  # never wider than the 0-1 scale
    assert ch["change_ci95_low"].min() >= -1.0 and ch["change_ci95_high"].max() <= 1.0
    # one variance model: 1.96 SE, as the person page's parts (the change SE is part of theirs)
    ok = ch.filter(pl.col("change_ci95_high") < 1.0, pl.col("change_ci95_low") > -1.0)
    half = (ok["change_ci95_high"] - ok["change"]).to_numpy()
    assert half == pytest.approx(stats.norm.ppf(0.975) * ok["change_se"].to_numpy(), rel=1e-9)
    assert (ch["individual_se"] >= ch["change_se"] - 1e-12).all()


def _e001612_like() -> pl.DataFrame:
    """The E001612 case by hand: three raters in the first cycle (manager, two peers), five in
    the second (manager, four peers): the design whose t on df ~1.3 gave [-5.02, +5.63]."""
    rows = [
        ("c1", 1, "x", "m", "manager", 0.45),
        ("c1", 1, "x", "p1", "peer", 0.20),
        ("c1", 1, "x", "p2", "peer", 0.55),
        ("c2", 2, "x", "m", "manager", 0.80),
        ("c2", 2, "x", "p1", "peer", 0.55),
        ("c2", 2, "x", "p3", "peer", 0.70),
        ("c2", 2, "x", "p4", "peer", 0.45),
        ("c2", 2, "x", "p5", "peer", 0.75),
    ]
    return pl.DataFrame(
        rows,
        schema=["cycle_id", "cycle_order", "employee_id", "rater_id", "rater_role", "score"],
        orient="row",
    ).with_columns(department=pl.lit("D"))


def test_a_change_from_three_and_five_raters_by_hand():
    x = score_changes(_e001612_like()).row(0, named=True)
    # weights: manager .6 / peers .2 renormalised (no skip-level): .75 and .25 / n_peers
    w1 = np.array([0.75, 0.125, 0.125])
    w2 = np.array([0.75, 0.0625, 0.0625, 0.0625, 0.0625])
    s1, s2 = np.array([0.45, 0.20, 0.55]), np.array([0.80, 0.55, 0.70, 0.45, 0.75])
    assert x["change"] == pytest.approx(w2 @ s2 - w1 @ s1)
    se = np.sqrt(np.var(s1, ddof=1) * (w1**2).sum() + np.var(s2, ddof=1) * (w2**2).sum())
    assert x["change_se"] == pytest.approx(se)
    assert (x["change_ci95_low"], x["change_ci95_high"]) == pytest.approx(
        (x["change"] - 1.959964 * se, x["change"] + 1.959964 * se), rel=1e-6
    )
    # by hand: +0.322, se 0.178, [-0.026, +0.670]; the old t(1.33) = 7.24 gave [-0.96, +1.61]
    assert x["change"] == pytest.approx(0.321875)
    assert x["change_ci95_low"] == pytest.approx(-0.02644, abs=1e-5)
    assert x["change_ci95_high"] == pytest.approx(0.67019, abs=1e-5)


def test_a_team_of_two_gets_a_pooled_interval_within_the_scale():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(18):
        mgr0, mgr1 = ("m0", "n1") if i < 2 else ("m1", "m1")
        for c, m in ((1, mgr0), (2, mgr1)):
            s = 0.6 + rng.normal(0, 0.05) - (0.15 if (i < 2 and c == 2) else 0.0)
            rows.append((f"c{c}", c, f"e{i}", m, "manager", s, m))
    df = pl.DataFrame(
        rows,
        schema=[
            "cycle_id",
            "cycle_order",
            "employee_id",
            "rater_id",
            "rater_role",
            "score",
            "manager_id",
        ],
        orient="row",
    ).with_columns(department=pl.lit("D"))
    out = manager_changes(score_changes(df))
    r = out.filter(pl.col("manager_to") == "n1").row(0, named=True)
    assert r["n"] == 2 and r["n_stable"] == 16
    x = score_changes(df).with_columns(_x=pl.col("change") - pl.col("rater") - pl.col("company"))
    team = x.filter(pl.col("manager_to") == "n1")["_x"].to_numpy()
    stable = x.filter(pl.col("manager_to") != "n1")["_x"].to_numpy()
    ref = stats.ttest_ind(team, stable, equal_var=True).confidence_interval(0.95)
    assert (r["ci95_low"], r["ci95_high"]) == pytest.approx((ref.low, ref.high), rel=1e-7)
    assert r["ci95_high"] - r["ci95_low"] < 0.5


def test_manager_only_rater_share_cannot_be_estimated():
    rows = []
    rng = np.random.default_rng(1)
    for i in range(12):
        for c in (1, 2):
            m = f"m{i // 4}"
            rows.append((f"c{c}", c, f"e{i}", m, "manager", 0.5 + rng.normal(0, 0.1), m))
    df = pl.DataFrame(
        rows,
        schema=[
            "cycle_id",
            "cycle_order",
            "employee_id",
            "rater_id",
            "rater_role",
            "score",
            "manager_id",
        ],
        orient="row",
    ).with_columns(department=pl.lit("D"))
    df = df.with_columns(dimension=pl.lit("overall"))
    eff = raters.rater_effects(df)
    assert (eff["status"] == "not_estimable").all()
    v = variance_decomposition(score_changes(df, eff))
    assert v["share_rater"].is_null().all() and v["share_rater_ci95_low"].is_null().all()
    assert (v["share_rater_status"] == "not_estimable").all()
    assert (v["share_rater_reason"] == "rater_share_not_identified").all()
    assert v["share_individual"].is_not_null().all()


def _strong_team_company(seed: int) -> pl.DataFrame:
    """rev18b design B2 (its run_B2_detail.py with SIZES=2,4 PEERS=dept SIGN=severe, no KPIs):
    48 teams of 2-3 in 8 departments, 3 department peers and a skip-level who see 60% of true
    differences, 20% strong / 20% weak teams (+-0.12), 12 managers severe by 0.075."""
    rng = np.random.default_rng(seed)
    nt, tpd = 48, 6
    sizes = rng.integers(2, 4, nt)
    team = np.repeat(np.arange(nt), sizes)
    n, dept = team.size, team // tpd
    order = rng.permutation(nt)
    shift = np.zeros(nt)
    shift[order[:10]], shift[order[10:20]] = 0.12, -0.12
    bias = np.zeros(nt)
    bias[rng.choice(nt, 12, replace=False)] = -0.075
    recs = []
    for c in range(2):
        true = rng.normal(0, 0.10, n) + shift[team]
        for i in range(n):
            mates = np.flatnonzero((dept == dept[i]) & (np.arange(n) != i))
            peers = rng.choice(mates, min(3, mates.size), replace=False)
            rs = [
                (f"M{team[i]:02d}", "manager", 1.0, bias[team[i]]),
                (f"S{dept[i]}", "skip_level", 0.6, 0.0),
            ]
            rs += [(f"E{p:04d}", "peer", 0.6, 0.0) for p in peers]
            for rid, role, see, b in rs:
                pm = 0.55 + see * true[i] + b + rng.normal(0, 0.06)
                for dim in ("delivery", "quality", "collaboration", "ownership"):
                    recs.append(
                        (
                            f"2025H{c + 1}",
                            c,
                            f"E{i:04d}",
                            rid,
                            role,
                            dim,
                            pm + rng.normal(0, 0.05),
                            f"D{dept[i]}",
                            f"M{team[i]:02d}",
                        )
                    )
    cols = [
        "cycle_id",
        "cycle_order",
        "employee_id",
        "rater_id",
        "rater_role",
        "dimension",
        "score",
        "department",
        "manager_id",
    ]
    return pl.DataFrame(recs, schema=cols, orient="row").with_columns(
        pl.col("cycle_order").cast(pl.Int32)
    )


def test_a_likely_flag_whose_scale_use_could_not_be_checked_is_held_back():
    # seed 12: M43, unbiased manager of a strong team of 3, had read "likely lenient", q 0.004
    e = raters.rater_effects(_strong_team_company(12))
    m = e.filter(pl.col("rater_id") == "M43").row(0, named=True)
    assert m["discrimination"] is None or not np.isfinite(m["discrimination"])
    assert m["status"] == "insufficient_data" and m["fdr_flag"] is None
    assert m["status_reason"]["code"] == "scale_use_not_checked"
    held = e.filter(pl.col("status_reason").struct.field("code") == "scale_use_not_checked")
    assert held["fdr_flag"].is_null().all() and held["flag"].is_null().all()


def test_an_adjusted_score_interval_is_cut_at_the_scale_not_past_its_estimate():
    """Helper A (session 44): "98.9 (93.8 to 104.0)" on a 0-100 scale. A top mark from a
    severe rater: the estimate may pass the top (raw + adjustment, as applied), the interval
    ends at the top or at the estimate; one in the middle keeps its 1.96 SE both ways."""
    rows = []
    for c, order in (("c1", 1), ("c2", 2)):
        for i in range(8):
            rows.append((c, order, f"e{i}", "hard", "manager", 0.3 + 0.08 * i))
            rows.append((c, order, f"e{i}", "soft", "peer", min(0.5 + 0.08 * i, 1.0)))
        rows.append((c, order, "top", "hard", "manager", 1.0))
        rows.append((c, order, "top", "soft", "peer", 1.0))
    ratings = pl.DataFrame(
        rows,
        schema=["cycle_id", "cycle_order", "employee_id", "rater_id", "rater_role", "score"],
        orient="row",
    ).with_columns(department=pl.lit("D"), dimension=pl.lit("overall"), weight=pl.lit(1.0))
    # the model's table, its effects set: a severe manager, a lenient peer
    effects = raters.rater_effects(ratings).with_columns(
        effect=pl.when(pl.col("rater_id") == "hard").then(-0.1).otherwise(0.1), se=pl.lit(0.05)
    )
    adj = raters.adjusted_scores(ratings, effects)
    assert (adj["ci95_low"] >= 0).all() and (adj["ci95_high"] <= adj["adjusted"].clip(1.0)).all()
    assert (adj["ci95_low"] <= adj["adjusted"]).all() and (
        adj["ci95_high"] >= adj["adjusted"]
    ).all()
    top = adj.filter(pl.col("employee_id") == "top").row(0, named=True)
    assert top["ci95_high"] == pytest.approx(max(top["adjusted"], 1.0))
    mid = adj.filter(pl.col("employee_id") == "e3").row(0, named=True)
    assert mid["ci95_high"] - mid["adjusted"] == pytest.approx(1.959963984540054 * mid["se"])
