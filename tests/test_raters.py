"""Tests of analytics.stats.raters: hand-worked designs, cross-checks against statsmodels / scipy /
pingouin, planted rater behaviour on synthetic data, and the demo's planted truth."""

from __future__ import annotations

import itertools

import numpy as np
import pingouin as pg
import polars as pl
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from analytics.stats import raters as R
from analytics.stats.multiplicity import group_weights, weighted_bh
from analytics.text import render_column

# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

DIMS = ("delivery", "quality", "collaboration", "growth")
DIM_SHIFT = np.array([-0.03, -0.01, 0.01, 0.03])


def frame(rows: list[tuple], dims: tuple[str, ...] = ("overall",)) -> pl.DataFrame:
    """rows: (cycle_id, employee_id, rater_id, rater_role, score-or-scores)."""
    out = []
    for cyc, emp, rater, role, score in rows:
        scores = score if isinstance(score, (list, tuple)) else [score] * len(dims)
        for d, s in zip(dims, scores):
            out.append((cyc, 1, emp, rater, role, d, float(s)))
    return pl.DataFrame(
        out,
        schema={
            "cycle_id": pl.String,
            "cycle_order": pl.Int32,
            "employee_id": pl.String,
            "rater_id": pl.String,
            "rater_role": pl.String,
            "dimension": pl.String,
            "score": pl.Float64,
        },
        orient="row",
    ).with_columns(
        weight=pl.lit(1.0),
        department=pl.lit("销售中心/华东区"),
        team=pl.lit("T1"),
        level=pl.lit("P5"),
        job_family=pl.lit("sales"),
        manager_id=pl.lit(None, dtype=pl.String),
    )


def synth(
    n_emp: int = 480,
    team: int = 8,
    n_peers: int = 3,
    n_cycles: int = 1,
    seed: int = 3,
    noise: float = 0.04,
    rater_sd: float = 0.0,
    planted: dict[str, float] | None = None,
    team_shift: dict[int, float] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Teams with a manager, a skip-level per 5 teams, random peers and a self review.

    Returns the ratings frame and the true ratee scores per (cycle, employee)."""
    rng = np.random.default_rng(seed)
    emp = np.array([f"E{i:05d}" for i in range(n_emp)])
    t_of = np.arange(n_emp) // team
    mgr = np.array([f"M{t:04d}" for t in range(t_of.max() + 1)])[t_of]
    skip = np.array([f"S{t // 5:03d}" for t in range(t_of.max() + 1)])[t_of]
    true = rng.normal(0.6, 0.1, (n_cycles, n_emp))
    for t, shift in (team_shift or {}).items():
        true[:, t_of == t] += shift
    raters = np.unique(np.concatenate([emp, mgr, skip]))
    b = dict(zip(raters, rng.normal(0, rater_sd, raters.size)))
    b.update(planted or {})
    parts = []
    idx = np.arange(n_emp)
    for c in range(n_cycles):
        blocks = [(mgr, "manager"), (skip, "skip_level"), (emp, "self")]
        for _ in range(n_peers):
            pe = rng.integers(0, n_emp, n_emp)
            pe = np.where(pe == idx, (pe + 1) % n_emp, pe)
            blocks.append((emp[pe], "peer"))
        for rid, role in blocks:
            parts.append(
                pl.DataFrame(
                    {
                        "cycle_id": f"2024H{c + 1}",
                        "cycle_order": np.full(n_emp, c, dtype=np.int32),
                        "employee_id": emp,
                        "rater_id": rid,
                        "rater_role": role,
                        "_t": true[c],
                    }
                )
            )
    df = pl.concat(parts)
    beff = pl.DataFrame({"rater_id": list(b), "_b": list(b.values())})
    dims = pl.DataFrame({"dimension": list(DIMS), "_d": DIM_SHIFT})
    df = df.join(beff, on="rater_id", how="left").join(dims, how="cross")
    df = df.with_columns(
        score=pl.col("_t")
        + pl.col("_b")
        + pl.col("_d")
        + pl.Series(rng.normal(0, noise, df.height)),
        weight=pl.lit(1.0),
        department=pl.lit("D"),
        team=pl.format("T{}", pl.col("employee_id")),
        level=pl.lit("P5"),
        job_family=pl.lit("eng"),
        manager_id=pl.lit(None, dtype=pl.String),
    )
    truth = pl.DataFrame(
        {
            "cycle_id": np.repeat([f"2024H{c + 1}" for c in range(n_cycles)], n_emp),
            "employee_id": np.tile(emp, n_cycles),
            "true": true.ravel(),
        }
    )
    return df.drop("_t", "_b", "_d"), truth


# --------------------------------------------------------------------------------------------
# rater_effects
# --------------------------------------------------------------------------------------------


def crossed_exact() -> tuple[pl.DataFrame, dict[str, float]]:
    """3 raters x 4 ratees, every rater rates everyone on 4 dimensions, no noise."""
    ratee = {"A": 0.40, "B": 0.55, "C": 0.60, "D": 0.75}
    rater = {"R1": -0.10, "R2": 0.02, "R3": 0.08}  # sums to 0
    rows = []
    for (e, a), (r, b) in itertools.product(ratee.items(), rater.items()):
        rows.append(("2024", e, r, "peer", list(a + b + DIM_SHIFT)))
    return frame(rows, DIMS), rater


@pytest.mark.parametrize("shrinkage", [False, True])
def test_crossed_design_recovers_exact_effects(shrinkage: bool) -> None:
    df, rater = crossed_exact()
    eff = R.rater_effects(df, shrinkage=shrinkage).sort("rater_id")
    assert eff["rater_id"].to_list() == ["R1", "R2", "R3"]
    np.testing.assert_allclose(eff["effect"].to_numpy(), list(rater.values()), atol=1e-9)
    np.testing.assert_allclose(eff["effect_fixed"].to_numpy(), list(rater.values()), atol=1e-9)
    assert eff["resid_sd"][0] == pytest.approx(0.0, abs=1e-9)
    assert eff["n"].to_list() == [16, 16, 16]  # 4 ratees x 4 dimensions
    assert eff["n_ratees"].to_list() == [4, 4, 4]
    # SD of the ratee means (0.40, 0.55, 0.60, 0.75) is the company spread
    sd = float(np.std([0.40, 0.55, 0.60, 0.75], ddof=1))
    assert eff["sd_employee"][0] == pytest.approx(sd)
    np.testing.assert_allclose(eff["effect_sd"].to_numpy(), np.array(list(rater.values())) / sd)


def test_rater_who_skips_a_hard_dimension_is_not_read_as_lenient() -> None:
    """R1 never rates 'delivery' (the hardest dimension, -0.03): its raw pair means are
    0.01 too high, but within-pair dimension effects from the complete pairs remove that."""
    df, rater = crossed_exact()
    df = df.filter(~((pl.col("rater_id") == "R1") & (pl.col("dimension") == "delivery")))
    naive = df.group_by("rater_id").agg(pl.col("score").mean()).sort("rater_id")["score"].to_numpy()
    # raw means differ from the true gaps: R1 - R2 = -0.12 + 0.01
    assert naive[0] - naive[1] == pytest.approx(-0.11)
    eff = R.rater_effects(df, shrinkage=False).sort("rater_id")
    np.testing.assert_allclose(eff["effect"].to_numpy(), list(rater.values()), atol=1e-9)
    assert eff["n"].to_list() == [12, 16, 16]


def test_fixed_effects_match_statsmodels_ols() -> None:
    """Unbalanced noisy crossed design: fixed rater effects and residual SD equal OLS."""
    rng = np.random.default_rng(11)
    rows = []
    raters = [f"R{j}" for j in range(6)]
    for i in range(15):
        for r in rng.choice(raters, size=rng.integers(2, 5), replace=False):
            rows.append(("2024", f"E{i:02d}", r, "peer", float(rng.uniform(0.2, 0.9))))
    df = frame(rows)
    eff = R.rater_effects(df, shrinkage=False).sort("rater_id")
    pdf = df.to_pandas()
    fit = smf.ols("score ~ C(employee_id) + C(rater_id, Sum)", data=pdf).fit()
    sum_coefs = [fit.params[f"C(rater_id, Sum)[S.R{j}]"] for j in range(5)]
    ref = np.array([*sum_coefs, -sum(sum_coefs)])  # sum-to-zero rater effects
    np.testing.assert_allclose(eff["effect"].to_numpy(), ref, atol=1e-8)
    assert eff["resid_sd"][0] == pytest.approx(np.sqrt(fit.scale), rel=1e-8)
    # single cycle, one pair per dyad: the fixed-effect SE equals the OLS SE of the
    # sum-to-zero contrast (checked for the five estimated coefficients)
    se_ref = [fit.bse[f"C(rater_id, Sum)[S.R{j}]"] for j in range(5)]
    np.testing.assert_allclose(eff["se"].to_numpy()[:5], se_ref, rtol=1e-6)


def test_blup_solves_mixed_model_equations() -> None:
    """BLUP = (Z'MZ + kI)^-1 Z'My with k = s2_e / s2_b (Henderson III), by dense algebra.
    One role of raters: no role levels (those: the next test)."""
    df, _ = synth(n_emp=160, rater_sd=0.04, seed=5)
    df = df.with_columns(
        rater_role=pl.when(pl.col("rater_role") == "self")
        .then(pl.lit("self"))
        .otherwise(pl.lit("peer"))
    )
    eff = R.rater_effects(df)
    pairs = (
        df.filter(pl.col("rater_role") != "self")
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg(y=pl.col("score").mean())
    )
    raters = sorted(pairs["rater_id"].unique().to_list())
    ratees = sorted(pairs["employee_id"].unique().to_list())
    z = np.zeros((pairs.height, len(raters)))
    a = np.zeros((pairs.height, len(ratees)))
    z[np.arange(pairs.height), [raters.index(r) for r in pairs["rater_id"]]] = 1
    a[np.arange(pairs.height), [ratees.index(e) for e in pairs["employee_id"]]] = 1
    y = pairs["y"].to_numpy()
    m = np.eye(len(y)) - a @ np.linalg.pinv(a)
    c = z.T @ m @ z
    # Henderson III by dense algebra
    r_b = y @ m @ z @ np.linalg.pinv(c) @ z.T @ m @ y
    rank_c = np.linalg.matrix_rank(c)
    df_e = len(y) - np.linalg.matrix_rank(np.hstack([a, z]))
    s2e = (y @ m @ y - r_b) / df_e
    s2b = (r_b - s2e * rank_c) / np.trace(c)
    k = s2e / s2b
    assert eff["shrinkage_k"][0] == pytest.approx(k, rel=1e-6)
    assert eff["resid_sd"][0] == pytest.approx(np.sqrt(s2e), rel=1e-6)
    inv = np.linalg.inv(c + k * np.eye(len(raters)))
    blup = inv @ z.T @ m @ y
    ours = eff.sort("rater_id")
    assert (ours["interval_method"] == "blup").all()
    np.testing.assert_allclose(ours["effect"].to_numpy(), blup, atol=1e-7)
    # one connected set of J raters: the effects sum to 0 over it and the SE is that of the
    # contrast b_j - mean(b), L'(C + kI)^-1 L with L = e_j - 1/J (single cycle: deff 1)
    assert ours["set_raters"].unique().to_list() == [len(raters)]
    assert abs(float(ours["effect"].sum())) < 1e-9
    ell = np.eye(len(raters)) - 1.0 / len(raters)
    pev = np.einsum("ij,jk,ik->i", ell, inv, ell)
    np.testing.assert_allclose(ours["se"].to_numpy(), np.sqrt(s2e * pev), rtol=1e-6)
    # the CI uses Student's t on the residual df
    tq = stats.t.ppf(0.975, df_e)
    np.testing.assert_allclose(ours["ci95_high"] - ours["effect"], tq * ours["se"], rtol=1e-9)


def test_role_levels_are_fixed_effects_and_each_rater_is_taken_against_its_role() -> None:
    """stat28 (rev28a item 4): managers 0.03 stricter than the other raters of the same
    people, one manager +0.05 and one -0.05 beyond that. Each effect is against the raters of
    its own role (the fixed effects sum to 0 within a role), the role gap is reported with a
    CI that covers it, and the rater variance is Henderson III with the roles fixed (dense
    algebra)."""
    planted = {f"M{t:04d}": -0.03 for t in range(20)} | {"M0003": 0.02, "M0008": -0.08}
    df, _ = synth(n_emp=160, rater_sd=0.01, seed=7, planted=planted)
    fixed = R.rater_effects(df, shrinkage=False)
    by_role = fixed.group_by("main_role").agg(pl.col("effect").sum(), pl.len())
    assert by_role["effect"].abs().max() < 1e-9, by_role
    m = fixed.filter(pl.col("main_role") == "manager")
    assert m["role_reference"].unique().to_list() == ["peer"]
    gap, lo, hi = m.select("role_gap", "role_gap_low", "role_gap_high").row(0)
    assert lo < -0.03 < hi and gap == pytest.approx(-0.03, abs=0.01)
    got = dict(zip(m["rater_id"], m["effect"], strict=True))
    assert got["M0003"] == pytest.approx(0.05, abs=0.015)
    assert got["M0008"] == pytest.approx(-0.05, abs=0.015)
    peers = fixed.filter(pl.col("main_role") == "peer")  # the reference role: no gap of its own
    assert peers.height > 100 and peers["role_gap"].null_count() == peers.height
    # Henderson III with the role levels fixed: R(u | a, g) = R(b | a) - R(g | a)
    pairs = (
        df.filter(pl.col("rater_role") != "self")
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg(y=pl.col("score").mean())
    )
    names = sorted(pairs["rater_id"].unique().to_list())
    ratees = sorted(pairs["employee_id"].unique().to_list())
    z = np.zeros((pairs.height, len(names)))
    a = np.zeros((pairs.height, len(ratees)))
    z[np.arange(pairs.height), [names.index(r) for r in pairs["rater_id"]]] = 1
    a[np.arange(pairs.height), [ratees.index(e) for e in pairs["employee_id"]]] = 1
    y = pairs["y"].to_numpy()
    mm = np.eye(len(y)) - a @ np.linalg.pinv(a)
    c = z.T @ mm @ z
    xg = np.array([[1.0 if n.startswith(p) else 0.0 for p in ("M", "S")] for n in names])
    zg = z @ xg
    r_b = y @ mm @ z @ np.linalg.pinv(c) @ z.T @ mm @ y
    r_g = y @ mm @ zg @ np.linalg.pinv(zg.T @ mm @ zg) @ zg.T @ mm @ y
    df_e = len(y) - np.linalg.matrix_rank(np.hstack([a, z]))
    s2e = (y @ mm @ y - r_b) / df_e
    rank_u = np.linalg.matrix_rank(c) - 2
    tr_u = np.trace(c) - np.trace(np.linalg.pinv(xg.T @ c @ xg) @ xg.T @ c @ c @ xg)
    s2b = (r_b - r_g - s2e * rank_u) / tr_u
    assert fixed["sd_rater"][0] == pytest.approx(np.sqrt(s2b), rel=1e-6)
    assert fixed["resid_sd"][0] == pytest.approx(np.sqrt(s2e), rel=1e-6)


def test_strong_team_manager_not_lenient_but_lenient_manager_is() -> None:
    df, _ = synth(n_emp=480, seed=7, team_shift={1: 0.25}, planted={"M0002": 0.15, "M0003": -0.15})
    eff = R.rater_effects(df)
    strong = eff.filter(pl.col("rater_id") == "M0001").row(0, named=True)
    # the raw manager mean is far above the company mean ...
    mgr_mean = df.filter(pl.col("rater_id") == "M0001")["score"].mean()
    company = df.filter(pl.col("rater_role") != "self")["score"].mean()
    assert mgr_mean - company > 0.2
    # ... but peers and the skip-level agree, so no leniency
    assert strong["flag"] is None
    assert abs(strong["effect"]) < 0.03
    assert strong["ci95_low"] < 0 < strong["ci95_high"]
    flagged = dict(eff.filter(pl.col("flag").is_not_null()).select("rater_id", "flag").iter_rows())
    assert flagged == {"M0002": "lenient", "M0003": "severe"}
    lenient = eff.filter(pl.col("rater_id") == "M0002").row(0, named=True)
    # the unshrunk estimate recovers the planted 0.15; the BLUP is pulled towards 0 because
    # almost every other rater is unbiased (small rater variance -> large k)
    assert lenient["effect_fixed"] == pytest.approx(0.15, abs=0.03)
    assert 0.05 < lenient["effect"] < lenient["effect_fixed"]
    assert lenient["effect_sd"] == pytest.approx(lenient["effect"] / lenient["sd_employee"])
    assert lenient["effect"] >= lenient["threshold"] == pytest.approx(0.3 * lenient["sd_employee"])


def test_shrinkage_pulls_a_one_rating_rater_towards_zero() -> None:
    df, _ = synth(n_emp=160, seed=9, rater_sd=0.04)
    # an outside rater gives a single rating (one row) 0.3 above the person's other raters
    target = df.filter((pl.col("employee_id") == "E00010") & (pl.col("rater_role") != "self"))
    one = target.head(1).with_columns(
        rater_id=pl.lit("X1"), rater_role=pl.lit("peer"), score=pl.col("score") + 0.3
    )
    eff = R.rater_effects(pl.concat([df, one]))
    x = eff.filter(pl.col("rater_id") == "X1").row(0, named=True)
    assert x["n"] == 1
    assert x["effect_fixed"] > 0.2
    # BLUP ~ C_jj / (C_jj + k) * fixed, C_jj = 1 - 1/m for one pair with m = 6 raters
    cjj = 1 - 1 / 6
    assert 0 < x["effect"] < x["effect_fixed"]
    assert x["effect"] == pytest.approx(x["effect_fixed"] * cjj / (cjj + x["shrinkage_k"]), rel=0.1)
    # one pair -> the widest interval in the table
    assert x["se"] > 1.5 * eff["se"].median()
    # min_ratings drops such raters entirely
    assert "X1" not in R.rater_effects(pl.concat([df, one]), min_ratings=2)["rater_id"].to_list()


def test_self_ratings_excluded_by_default() -> None:
    df, _ = synth(n_emp=160, seed=2)
    inflated = df.with_columns(
        score=pl.when(pl.col("rater_role") == "self")
        .then(pl.col("score") + 0.3)
        .otherwise(pl.col("score"))
    )
    a = R.rater_effects(df).sort("rater_id")
    b = R.rater_effects(inflated).sort("rater_id")
    np.testing.assert_allclose(a["effect"].to_numpy(), b["effect"].to_numpy())
    assert int(a["n"].sum()) == df.filter(pl.col("rater_role") != "self").height


def test_cycle_filter_and_design_effect_for_repeated_dyads() -> None:
    df, _ = synth(n_emp=160, n_cycles=3, seed=4, rater_sd=0.03)
    one = R.rater_effects(df, cycle="2024H2")
    assert one["n_cycles"].max() == 1
    assert one["design_effect"].max() == pytest.approx(1.0)
    allc = R.rater_effects(df)
    m = allc.filter(pl.col("rater_id") == "M0001").row(0, named=True)
    assert m["n_pairs"] == 24 and m["n_ratees"] == 8 and m["n_cycles"] == 3
    assert m["main_role"] == "manager"
    mix = allc.filter(pl.col("rater_id") == "M0001")["role_mix"]
    assert render_column(mix, "en", "mix").to_list() == [["Manager 100%"]]
    assert render_column(mix, "zh", "mix").to_list() == [["上级 100%"]]
    assert m["design_effect"] == pytest.approx(1 + 2 * m["icc_dyad"])


# --------------------------------------------------------------------------------------------
# what can be estimated, intervals at the boundary, the likely tier and power
# --------------------------------------------------------------------------------------------

#: Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges (rater F = 31.9, p = 1e-6)
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def shrout_fleiss() -> pl.DataFrame:
    rows = [
        ("1", f"T{i + 1}", f"J{j + 1}", "peer", s)
        for i, row in enumerate(SHROUT_FLEISS)
        for j, s in enumerate(row)
    ]
    return frame(rows)


def test_shrout_fleiss_judges_that_differ_are_flagged() -> None:
    """A small crossed panel: the effects are contrasts with the judges' mean, so the interval
    is not swamped by the judges' common level (which nothing identifies)."""
    eff = R.rater_effects(shrout_fleiss()).sort("rater_id")
    x = {r["rater_id"]: r for r in eff.iter_rows(named=True)}
    # fixed effects: judge mean - grand mean
    means = np.array(SHROUT_FLEISS, dtype=float).mean(axis=0)
    np.testing.assert_allclose(eff["effect_fixed"].to_numpy(), means - means.mean(), atol=1e-9)
    assert x["J1"]["rater_var_p_value"] == pytest.approx(stats.f.sf(31.87, 3, 15), rel=0.01)
    assert x["J1"]["interval_method"] == "blup"
    # BLUP contrast: effect = n / (n + k) * fixed and se^2 = s2e (1 - 1/J) / (n + k)
    k, s2e = x["J1"]["shrinkage_k"], x["J1"]["resid_sd"] ** 2
    assert s2e == pytest.approx(1.0194, abs=1e-3)  # Shrout & Fleiss' EMS
    assert x["J1"]["effect"] == pytest.approx(6 / (6 + k) * x["J1"]["effect_fixed"])
    assert x["J1"]["se"] == pytest.approx(np.sqrt(s2e * 0.75 / (6 + k)))
    assert {j: x[j]["flag"] for j in x} == {
        "J1": "lenient",
        "J2": "severe",
        "J3": None,
        "J4": "lenient",
    }
    assert x["J3"]["fdr_flag"] == "likely_severe" and x["J3"]["q_value"] < 0.05
    assert set(eff["status"]) == {"flagged"}
    assert x["J3"]["status_reason"]["code"] == "flag_likely"
    assert x["J1"]["status_reason"]["code"] == "flag_strict"


def test_boundary_variance_falls_back_to_fixed_intervals() -> None:
    """No rater effects: where the rater variance is not told from 0, every rater would be
    0.000 [0.000, 0.000] as a BLUP; the fixed estimates and intervals are shown instead."""
    fallback = None
    for seed in range(10):
        df, _ = synth(n_emp=160, seed=seed, rater_sd=0.0, noise=0.05)
        eff = R.rater_effects(df)
        if eff["interval_method"][0] == "fixed_fallback":
            fallback = eff
            break
    assert fallback is not None
    est = fallback.filter(pl.col("identified"))
    assert est.height > 100
    np.testing.assert_allclose(est["effect"].to_numpy(), est["effect_fixed"].to_numpy())
    assert ((est["ci95_high"] - est["ci95_low"]) > 0.01).all()
    assert fallback["shrinkage_k"][0] == 0.0
    assert fallback["rater_var_p_value"][0] >= 0.05
    # the fixed contrast's test: BH q-values weighted by the raters' main role (rev19)
    p = fallback["p_value"].fill_null(np.nan).to_numpy()
    role = fallback["main_role"].to_numpy()
    np.testing.assert_allclose(
        fallback["q_value"].fill_null(np.nan).to_numpy(),
        weighted_bh(p, group_weights(p, role)),
        equal_nan=True,
    )
    w = group_weights(p, role)
    assert (est["q_value"] >= est["p_value"] / (w.max() / w[~np.isnan(p)].mean()) - 1e-15).all()


def test_nested_manager_cannot_be_estimated_and_says_why() -> None:
    """Only the manager rates team A; a crossed panel elsewhere; a pair of raters who share
    ratees only with each other (a connected set of two)."""
    rng = np.random.default_rng(1)
    rows = [("1", f"A{i}", "MA", "manager", 0.6 + 0.1 * rng.standard_normal()) for i in range(6)]
    for i in range(8):  # a crossed panel of four raters
        base = 0.6 + 0.1 * rng.standard_normal()
        for r in ("P1", "P2", "P3", "P4"):
            rows.append(("1", f"B{i}", r, "peer", base + 0.03 * rng.standard_normal()))
    for i in range(5):  # two raters, only each other
        base = 0.6 + 0.1 * rng.standard_normal()
        rows += [("1", f"C{i}", r, "peer", base + 0.03 * rng.standard_normal()) for r in "XY"]
    rows.append(("1", "B0", "Z", "peer", 0.7))  # shares one ratee only
    tab = R.rater_table(frame(rows, DIMS))
    x = {r["rater_id"]: r for r in tab.iter_rows(named=True)}
    ma = x["MA"]
    assert ma["status"] == "not_estimable" and ma["identified"] is False
    assert ma["status_reason"]["code"] == "own_ratees_only"
    assert ma["effect"] is None and ma["ci95_low"] is None and ma["flag"] is None
    assert ma["flags"] == []
    for r in ("X", "Y"):
        assert x[r]["status"] == "not_estimable" and x[r]["effect"] is None
        assert x[r]["status_reason"]["code"] == "small_connected_set"
        assert x[r]["set_raters"] == 2
    assert x["Z"]["status"] == "insufficient_data" and x["Z"]["n_shared_ratees"] == 1
    assert x["Z"]["status_reason"]["code"] == "few_shared_ratees"
    assert {x[r]["status"] for r in ("P1", "P2", "P3", "P4")} <= {"clear", "flagged"}
    assert all(x[r]["mde80"] > x[r]["threshold"] for r in ("P1", "P2", "P3", "P4"))
    # every status and reason in words, in both languages
    for lang in ("zh", "en"):
        words = render_column(tab["status"], lang, "status").to_list()
        reasons = render_column(tab["status_reason"], lang, "reason").to_list()
        assert all(w and "_" not in w for w in words), words
        assert all(w and not w.startswith(("reason.", "own_", "small_")) for w in reasons)
    assert render_column(pl.Series(["not_estimable"]), "zh", "status")[0] == "无法估计"
    assert (
        "nobody else rates their 6 ratees"
        in render_column(tab.filter(pl.col("rater_id") == "MA")["status_reason"], "en", "reason")[0]
    )


def test_every_status_and_reason_has_words() -> None:
    from analytics.text import entries

    known = entries()
    assert all(f"status.{s}" in known for s in R.RATER_STATUSES)
    assert all(f"reason.{c}" in known for c in R.STATUS_REASONS)
    assert all(f"flag.likely_{d}" in known for d in ("lenient", "severe"))
    assert all(f"interval.{m}" in known for m in ("blup", "fixed", "fixed_fallback"))
    # an import's status is still worded through the same column family
    assert render_column(pl.Series(["loaded"]), "en", "status")[0] == "loaded"
    assert render_column(pl.Series(["已受理"]), "zh", "status")[0] == "已受理"  # a data value


def test_power_of_the_flag_grows_with_n() -> None:
    df, _ = synth(n_emp=480, seed=7, planted={"M0002": 0.15})
    eff = R.rater_effects(df).filter(pl.col("status").is_in(["clear", "flagged"]))
    mgr = eff.filter(pl.col("main_role") == "manager")
    peer = eff.filter(pl.col("main_role") == "peer")
    # a manager rates 8 people, a peer about 3: the manager's flag is the more sensitive
    assert mgr["mde80"].median() < peer["mde80"].median()
    assert (eff["mde80"] > eff["threshold"]).all()
    np.testing.assert_allclose(eff["mde80_sd"], eff["mde80"] / eff["sd_employee"])


# --------------------------------------------------------------------------------------------
# central tendency and halo
# --------------------------------------------------------------------------------------------


def plant_ct_halo(df: pl.DataFrame) -> pl.DataFrame:
    """M0003 squeezes everyone towards 0.6; M0004 gives one score per person on all dimensions."""
    key = ("cycle_id", "employee_id", "rater_id")
    return df.with_columns(
        score=pl.when(pl.col("rater_id") == "M0003")
        .then(0.6 + 0.2 * (pl.col("score") - 0.6))
        .when(pl.col("rater_id") == "M0004")
        .then(pl.col("score").mean().over(key))
        .otherwise(pl.col("score"))
    )


def test_central_tendency_and_halo_found_and_ordinary_raters_not() -> None:
    df, _ = synth(n_emp=480, seed=21)
    df = plant_ct_halo(df)
    ct = R.central_tendency(df)
    ha = R.halo(df)
    assert ct.filter(pl.col("flag").is_not_null())["rater_id"].to_list() == ["M0003"]
    assert ha.filter(pl.col("flag").is_not_null())["rater_id"].to_list() == ["M0004"]
    m3 = ct.filter(pl.col("rater_id") == "M0003").row(0, named=True)
    assert m3["ratio"] == pytest.approx(0.2, abs=0.05) and m3["n_ratees"] == 8
    assert m3["ci95_low"] < m3["ratio"] < m3["ci95_high"] < 0.5
    # ordinary raters: ratio near 1 (others' mean is less noisy, so slightly above)
    assert ct["ratio"].median() == pytest.approx(1.0, abs=0.1)
    # the squeezing manager has a small dimension spread too, but it is explained by squeezing
    m3h = ha.filter(pl.col("rater_id") == "M0003").row(0, named=True)
    assert m3h["ratio"] == pytest.approx(0.2, abs=0.05) and m3h["flag"] is None
    # (the guard reads the spread against the same people's other raters, not against the
    # role's typical spread, which central tendency's ratio is taken relative to)
    raw = m3["ratio"] * (m3["role_ratio"] or 1.0)
    assert m3h["relative"] == pytest.approx(m3h["ratio"] / raw) and m3h["relative"] > 0.5
    m4 = ha.filter(pl.col("rater_id") == "M0004").row(0, named=True)
    assert m4["index"] == pytest.approx(0.0, abs=1e-6) and m4["p_value"] < 1e-6
    # baseline = the pooled within-ratee SD of the other raters (not self) of M0004's people,
    # recomputed by hand; near sqrt(noise^2 + var(dims)) as they are honest
    others = df.filter(
        pl.col("employee_id").is_in(
            df.filter(pl.col("rater_id") == "M0004")["employee_id"].unique().implode()
        )
        & (pl.col("rater_id") != "M0004")
        & (pl.col("rater_role") != "self")
    )
    by = others.group_by("cycle_id", "employee_id", "rater_id").agg(
        ss=((pl.col("score") - pl.col("score").mean()) ** 2).sum(), df=pl.len() - 1
    )
    pooled = np.sqrt(by["ss"].sum() / by["df"].sum())
    assert m4["baseline"] == pytest.approx(pooled, rel=1e-9)
    assert m4["baseline_df"] == by["df"].sum()
    assert m4["baseline"] == pytest.approx(np.sqrt(0.04**2 + np.var(DIM_SHIFT, ddof=1)), rel=0.1)


def test_central_tendency_pitman_morgan_matches_scipy() -> None:
    df, _ = synth(n_emp=160, seed=8)
    df = plant_ct_halo(df)
    ct = R.central_tendency(df)
    # recompute the rater's dyads independently: own pair mean vs mean of other raters
    p = (
        df.filter(pl.col("rater_role") != "self")
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg(y=pl.col("score").mean())
    )
    mine = p.filter(pl.col("rater_id") == "M0003").sort("employee_id")
    others = (
        p.filter(pl.col("rater_id") != "M0003")
        .join(mine.select("employee_id"), on="employee_id")
        .group_by("employee_id")
        .agg(o=pl.col("y").mean())
        .sort("employee_id")
    )
    row = ct.filter(pl.col("rater_id") == "M0003").row(0, named=True)
    # judged against the managers' typical spread: the rater's scores divided by it
    assert row["role"] == "manager" and row["role_ratio"] is not None
    x, o = mine["y"].to_numpy() / row["role_ratio"], others["o"].to_numpy()
    _r, p_two = stats.pearsonr(x + o, x - o)
    assert row["ratio"] == pytest.approx(np.std(x, ddof=1) / np.std(o, ddof=1))
    assert row["p_value"] == pytest.approx(p_two / 2, rel=1e-6)  # one-sided, r < 0
    # the Pitman CI excludes 1 exactly when the two-sided test rejects at 5%
    rows = ct.filter(pl.col("n_ratees") >= 4).with_columns(
        excl=(pl.col("ci95_high") < 1) | (pl.col("ci95_low") > 1),
        p2=2 * pl.min_horizontal(pl.col("p_value"), 1 - pl.col("p_value")),
    )
    assert (rows["excl"] == (rows["p2"] < 0.05)).all()


def test_halo_icc_matches_pingouin_icc1() -> None:
    df, _ = synth(n_emp=160, seed=12)
    df = plant_ct_halo(df)
    rater = df.filter(pl.col("rater_id") == "S000")  # skip-level of 40 people, 4 dimensions
    ref = pg.intraclass_corr(
        rater.with_columns(t=pl.col("cycle_id") + pl.col("employee_id")).to_pandas(),
        targets="t",
        raters="dimension",
        ratings="score",
    ).set_index("Type")
    ha = R.halo(df).filter(pl.col("rater_id") == "S000").row(0, named=True)
    # one-way ICC(1,1) with ratees as targets and dimensions as "raters"
    assert ha["icc_dimensions"] == pytest.approx(ref.loc["ICC(1,1)", "ICC"], abs=1e-9)
    assert ha["n_ratees"] == 40 and ha["n_pairs"] == 40
    # the index is the root of the within-target mean square (MS_W = MS_B / F)
    pdf = rater.to_pandas()
    msw = pdf.groupby("employee_id")["score"].var(ddof=1).mean()  # balanced: 4 dims each
    assert ha["index"] == pytest.approx(np.sqrt(msw))
    # F p-value against the same people's other raters, df = 40 x (4 - 1) and theirs
    assert ha["p_value"] == pytest.approx(
        stats.f.cdf(msw / ha["baseline"] ** 2, 120, ha["baseline_df"]), rel=1e-9
    )


# --------------------------------------------------------------------------------------------
# recency
# --------------------------------------------------------------------------------------------


def recency_data(seed: int = 1) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_mgr, team = 6, 30
    emp = [f"E{i:03d}" for i in range(n_mgr * team)]
    periods = ["M1", "M2", "M10"]  # natural order: M10 is the last period
    att = rng.normal(1.0, 0.15, (len(emp), 3))
    whole = att.mean(1)
    rows, kpi = [], []
    for i, e in enumerate(emp):
        mgr = f"M{i // team}"
        basis = att[i, 2] if mgr == "M0" else whole[i]  # M0 rates on the last month only
        score = 0.5 + 0.8 * (basis - 1.0) + rng.normal(0, 0.03)
        rows.append(("2024Q1", e, mgr, "manager", score))
        for p, per in enumerate(periods):
            kpi.append(("2024Q1", e, "sales", per, 1.0, att[i, p], 1.0, att[i, p], "x"))
    kpi_df = pl.DataFrame(
        kpi,
        schema=[
            "cycle_id",
            "employee_id",
            "kpi",
            "period",
            "target",
            "actual",
            "weight",
            "attainment",
            "import_id",
        ],
        orient="row",
    )
    return frame(rows), kpi_df


def test_recency_flags_last_period_rater_only() -> None:
    ratings, kpi = recency_data()
    rec = R.recency(ratings, kpi)
    assert rec.filter(pl.col("flag").is_not_null())["rater_id"].to_list() == ["M0"]
    m0 = rec.filter(pl.col("rater_id") == "M0").row(0, named=True)
    # correlations recomputed directly with numpy
    k = kpi.to_pandas()
    wide = k.pivot(index="employee_id", columns="period", values="attainment")
    sc = ratings.filter(pl.col("rater_id") == "M0").to_pandas().set_index("employee_id")["score"]
    last, whole = wide.loc[sc.index, "M10"], wide.loc[sc.index].mean(axis=1)
    assert m0["n"] == 30
    assert m0["r_last"] == pytest.approx(np.corrcoef(sc, last)[0, 1])
    assert m0["r_whole"] == pytest.approx(np.corrcoef(sc, whole)[0, 1])
    assert m0["ci95_low"] > 0 and m0["diff"] >= 0.2 and m0["p_value"] < 0.05
    others = rec.filter(pl.col("rater_id") != "M0")
    assert (others["diff"] < 0.2).all()


def test_williams_t_agrees_with_hotelling_and_zou_ci() -> None:
    r12, r13, r23 = np.array([0.5]), np.array([0.3]), np.array([0.6])
    n = np.array([1000.0])
    t = R._williams(r12, r13, r23, n)[0]
    det = 1 - 0.25 - 0.09 - 0.36 + 2 * 0.5 * 0.3 * 0.6
    hotelling = (0.2) * np.sqrt((1000 - 3) * (1 + 0.6)) / np.sqrt(2 * det)
    assert t == pytest.approx(hotelling, rel=0.02)  # Williams ~ Hotelling for large n
    lo, hi = R._zou_ci(r12, r13, r23, n)
    # Zou's interval excludes 0 exactly when the large-sample test rejects (both ~ z = 7)
    assert lo[0] > 0 and hi[0] > 0.2
    lo_s, _ = R._zou_ci(r12, r13, r23, np.array([30.0]))
    p30 = stats.t.sf(R._williams(r12, r13, r23, np.array([30.0]))[0], 27)
    assert (lo_s[0] > 0) == (p30 < 0.025)


def test_recency_cannot_be_estimated_without_periods() -> None:
    """Without KPIs by period each manager's recency cannot be estimated (said, never
    "clear" nor dropped)."""
    ratings, kpi = recency_data()
    rec = R.recency(ratings, kpi.with_columns(period=pl.lit(None, dtype=pl.String)))
    assert rec.height == 6 and (rec["n"] == 0).all()
    assert (rec["status"] == "not_estimable").all()
    assert (rec["reason"] == "recency_no_kpi_periods").all()
    assert rec["flag"].is_null().all() and rec["diff"].is_null().all()


# --------------------------------------------------------------------------------------------
# combined table and adjusted scores
# --------------------------------------------------------------------------------------------


def test_rater_table_combines_flags() -> None:
    df, _ = synth(n_emp=480, seed=21, planted={"M0005": 0.15})
    df = plant_ct_halo(df)
    tab = R.rater_table(df)
    assert tab["rater_id"].n_unique() == tab.height
    got = {
        r: sorted(f)
        for r, f in tab.filter(pl.col("flags").list.len() > 0)
        .select("rater_id", "flags")
        .iter_rows()
    }
    assert got == {"M0003": ["central_tendency"], "M0004": ["halo"], "M0005": ["lenient"]}
    assert set(R.RATER_FLAGS) >= {f for fl in got.values() for f in fl}
    assert tab["rec_diff"].null_count() == tab.height  # no KPI periods given


def test_adjusted_scores_remove_planted_rater_effect() -> None:
    df, truth = synth(n_emp=480, seed=31, rater_sd=0.03, planted={"M0002": 0.2})
    eff = R.rater_effects(df)
    adj = R.adjusted_scores(df, eff).join(truth, on=["cycle_id", "employee_id"])
    team = adj.filter(pl.col("employee_id").is_in([f"E{i:05d}" for i in range(16, 24)]))
    raw_bias = float((team["raw"] - team["true"]).mean())
    adj_bias = float((team["adjusted"] - team["true"]).mean())
    # the person score weighs the manager 0.6 (manager, skip-level and 3 peers: 0.6/0.2/0.2)
    assert raw_bias == pytest.approx(0.6 * 0.2, abs=0.02)
    # what is left is the manager's weight times the part of the planted +0.2 the estimate
    # misses (shrunk towards 0)
    missed = 0.2 - float(eff.filter(pl.col("rater_id") == "M0002")["effect"].item())
    assert adj_bias == pytest.approx(0.6 * missed, abs=0.01)
    assert abs(adj_bias) < abs(raw_bias) / 4
    row = team.row(0, named=True)
    assert row["n_raters"] == 5 and row["n"] == 20 and row["n_adjusted_raters"] == 5
    # hand-propagated SE for this person from the effects table
    who = (
        df.filter((pl.col("employee_id") == row["employee_id"]) & (pl.col("rater_role") != "self"))
        .group_by("rater_id", "rater_role")
        .agg(n=pl.len())
        .join(eff, on="rater_id")
    )
    # rater j's weight: its role's weight (manager .6, skip-level .2, peer .2) times its share
    # of the role's rating rows
    role_w = who["rater_role"].replace_strict({"manager": 0.6, "skip_level": 0.2, "peer": 0.2})
    role_n = who.select(pl.col("n").sum().over("rater_role"))["n"]
    w = (role_w * who["n"] / role_n).to_numpy()
    assert w.sum() == pytest.approx(1.0)
    se = np.sqrt(np.sum(w**2 * (eff["resid_sd"][0] ** 2 + who["se"].to_numpy() ** 2)))
    assert row["se"] == pytest.approx(se)
    assert row["adjusted"] == pytest.approx(row["raw"] - np.sum(w * who["effect"].to_numpy()))
    assert row["ci95_low"] == pytest.approx(row["adjusted"] - 1.959964 * se, rel=1e-6)
    # coverage of the adjusted score's 95% CI for the true score (+ mean dimension shift 0)
    cover = ((adj["ci95_low"] <= adj["true"]) & (adj["true"] <= adj["ci95_high"])).mean()
    assert 0.85 < cover <= 1.0


# --------------------------------------------------------------------------------------------
# demo data with planted truth
# --------------------------------------------------------------------------------------------


def _pr(found: set[str], truth: set[str]) -> tuple[float, float]:
    tp = len(found & truth)
    return tp / max(len(found), 1), tp / max(len(truth), 1)


def test_demo_lenient_severe_precision_recall(planted) -> None:
    d, ratings = planted
    eff = R.rater_effects(ratings)
    found = set(eff.filter(pl.col("flag").is_not_null())["rater_id"].to_list())
    truth = set(d.truth["lenient_raters"]) | set(d.truth["severe_raters"])
    precision, recall = _pr(found, truth)
    assert precision >= 0.8 and recall >= 0.8, (precision, recall, len(found), len(truth))
    lenient = set(eff.filter(pl.col("flag") == "lenient")["rater_id"].to_list())
    assert lenient & set(d.truth["lenient_raters"]) == lenient & truth


def test_demo_central_tendency_and_halo_found(planted) -> None:
    d, ratings = planted
    ct = set(R.central_tendency(ratings).filter(pl.col("flag").is_not_null())["rater_id"])
    ha = set(R.halo(ratings).filter(pl.col("flag").is_not_null())["rater_id"])
    ct_truth, ha_truth = set(d.truth["central_tendency_raters"]), set(d.truth["halo_raters"])
    assert _pr(ct, ct_truth)[1] >= 0.8, (ct, ct_truth)
    assert _pr(ha, ha_truth)[1] >= 0.8, (ha, ha_truth)
    assert _pr(ct, ct_truth)[0] >= 0.8 and _pr(ha, ha_truth)[0] >= 0.8


def test_demo_recency_and_combined_table(planted) -> None:
    d, ratings = planted
    tab = R.rater_table(ratings, d.kpi_results)
    by_flag = {
        f: set(tab.filter(pl.col("flags").list.contains(f))["rater_id"]) for f in R.RATER_FLAGS
    }
    for flag, key in [
        ("recency", "recency_raters"),
        ("lenient", "lenient_raters"),
        ("severe", "severe_raters"),
        ("central_tendency", "central_tendency_raters"),
        ("halo", "halo_raters"),
    ]:
        precision, recall = _pr(by_flag[flag], set(d.truth[key]))
        assert precision >= 0.8 and recall >= 0.8, (flag, by_flag[flag], d.truth[key])
    # every flag is carried with its statistic and n
    rec = tab.filter(pl.col("flags").list.contains("recency"))
    assert (rec["rec_diff"] >= 0.2).all() and (rec["rec_n"] >= 8).all()


def test_demo_large_design_se_approximation(planted, monkeypatch) -> None:
    """Above the dense limit, SEs come from Neumann + cluster-level terms: compare with exact."""
    _, ratings = planted
    pairs, units = R._pairs_and_units(ratings)
    d = R._design(pairs)
    levels = R._home_levels(pairs, units, d["rj"], d["emp"], d["n_e"])
    y = pairs["y"].to_numpy()
    args = (d["ri"], d["rj"], y, d["n_i"], d["n_j"], True, levels)
    monkeypatch.setattr(R, "_EXACT_MAX_RATERS", 5000)
    exact = R._fit_additive(*args)
    monkeypatch.setattr(R, "_EXACT_MAX_RATERS", 500)
    approx = R._fit_additive(*args)
    assert d["n_j"] > 500
    np.testing.assert_allclose(approx["b"], exact["b"], atol=1e-8)
    ok = np.isfinite(exact["pev"])  # the identified raters
    assert ok.sum() > 500 and np.isfinite(approx["pev"][ok]).all()
    ratio = np.sqrt(approx["pev"][ok] / exact["pev"][ok])
    assert np.median(ratio) == pytest.approx(1.0, abs=0.03)
    assert ratio.min() > 0.9 and ratio.max() < 1.5
    fixed = np.sqrt(approx["pev_fixed"][ok] / exact["pev_fixed"][ok])
    assert np.median(fixed) == pytest.approx(1.0, abs=0.05)
    assert fixed.min() > 0.7 and fixed.max() < 1.5


@pytest.mark.parametrize("n_e", [50, 20_000_000])  # the table path and the ranked path
def test_dyad_codes_of_a_subset_are_the_ones_computed_on_it(n_e: int) -> None:
    """The rater model ranks the (rater, employee) codes of all pairs once and renumbers a
    subset (central tendency and halo read them): relabelling the subset's codes must give the
    codes the subset gets ranked on its own."""
    import numpy as np

    from analytics.stats.keys import combine_codes, relabel

    rng = np.random.default_rng(3)
    rj = rng.integers(0, 40, size=5_000)
    emp = rng.integers(0, n_e, size=5_000)
    full, n_full = combine_codes(rj, emp, n_e)
    ref_full = np.unique(rj * n_e + emp, return_inverse=True)[1]
    assert np.array_equal(full, ref_full) and n_full == ref_full.max() + 1 > 100
    for keep in (rng.random(5_000) < 0.4, np.zeros(5_000, dtype=bool)):
        sub, n_sub = relabel(full[keep])
        ref, n_ref = combine_codes(rj[keep], emp[keep], n_e)
        assert n_sub == n_ref and np.array_equal(sub, ref)


# --------------------------------------------------------------------------------------------
# scale use: discrimination, fit, the effect at the middle, the KPIs as a criterion
# --------------------------------------------------------------------------------------------


def _panel(slopes: dict[str, float], n: int = 60, seed: int = 3, noise: float = 0.03):
    """A crossed panel: every rater rates every one of ``n`` people (2 cycles), rater r gives
    ``0.6 + slopes[r] * (level - 0.6)`` plus noise; also the true levels."""
    rng = np.random.default_rng(seed)
    level = 0.6 + 0.1 * rng.standard_normal((2, n))
    rows = []
    for c in range(2):
        for i in range(n):
            for r, s in slopes.items():
                y = 0.6 + s * (level[c, i] - 0.6) + noise * rng.standard_normal()
                rows.append((str(c), f"E{i:03d}", r, r.rstrip("0123456789"), y))
    return frame(rows), level


def test_scale_use_slope_is_corrected_for_the_consensus_noise() -> None:
    # one rater stretches true differences twice as much as five who see them alike; each
    # role is a group of its own, so nothing is pooled across them
    slopes = {"stretch": 2.0, **{f"peer{k}": 1.0 for k in range(5)}}
    tab = R.rater_effects(_panel(slopes, noise=0.05)[0])
    x = {r["rater_id"]: r for r in tab.iter_rows(named=True)}
    s = x["stretch"]
    # the others' mean has error variance sigma2 / 5 (reliability about 0.9 here): the naive
    # OLS slope is attenuated by it, the corrected one recovers 2 within its interval
    assert s["discrimination_ci95_low"] < 2.0 < s["discrimination_ci95_high"]
    assert s["discrimination"] == pytest.approx(2.0, abs=0.15)
    assert 0.8 < s["consensus_reliability"] < 1.0
    # the peers' consensus contains the stretching rater: their slope on it is a bit below 1
    peers = [x[f"peer{k}"]["discrimination"] for k in range(5)]
    assert all(0.7 < p < 1.0 for p in peers), peers
    # the stretching rater's residuals are the large ones: material misfit (the residual
    # variance is pooled over all raters, so the peers sit below 1)
    assert s["infit"] > 1.5 and s["outfit"] == pytest.approx(s["infit"], rel=0.2)
    assert all(x[f"peer{k}"]["infit"] < 1.0 for k in range(5))
    # no level difference: nobody flagged, the stretch is no leniency
    assert set(tab["status"]) == {"clear"}


def test_scale_use_strong_team_manager_is_not_lenient_when_kpis_agree() -> None:
    from tests.sim.scale_use import scale_use_company

    c = scale_use_company(4)
    tab = R.rater_table(c.ratings, c.kpi_results)
    truth = c.truth.rename({"effect": "true_effect"})
    t = tab.join(truth, on="rater_id")
    strong_unbiased = t.filter(
        (pl.col("main_role") == "manager")
        & (pl.col("true_effect") == 0)
        & (pl.col("team_shift") != 0)
    )
    # the additive model alone reads the team's strength as leniency for several of them ...
    gap = strong_unbiased.filter(pl.col("effect").abs() >= pl.col("threshold"))
    assert gap.height >= 2
    # ... but none is called lenient or severe: their gap is put down to scale use
    assert strong_unbiased["flag"].null_count() == strong_unbiased.height
    assert strong_unbiased["fdr_flag"].null_count() == strong_unbiased.height
    said = t.filter(pl.col("status") == "scale_use")
    assert said.height >= 2
    assert set(said["flags"].explode().drop_nulls()) <= {"central_tendency", "halo", "recency"}
    # managers of teams the KPIs call strong show a KPI part of their gap with its sign
    kpi = said.filter(pl.col("status_reason").struct.field("code") == "scale_use_kpi")
    assert kpi.height > 0
    assert (kpi["effect_kpi"].sign() == kpi["effect"].sign()).all()
    for lang in ("zh", "en"):
        words = render_column(said["status_reason"], lang, "reason").to_list()
        assert all(w and "{" not in w and "reason." not in w for w in words), words
        status = render_column(said["status"], lang, "status").to_list()
        assert all("_" not in w for w in status)
    assert render_column(pl.Series(["scale_use"]), "en", "status")[0] == "Scale use differs"
    en = render_column(kpi["status_reason"], "en", "reason")[0]
    assert en.startswith("scale use differs, not claimed") and "KPI" in en


def test_scale_use_leaves_a_lenient_rater_on_the_same_scale_flagged() -> None:
    # the hand-made strong-team design of the additive test: every source sees the same
    # differences, so the planted lenient and severe managers stay flagged
    df, _ = synth(n_emp=480, seed=7, team_shift={1: 0.25}, planted={"M0002": 0.15, "M0003": -0.15})
    eff = R.rater_effects(df)
    assert "scale_use" not in set(eff["status"])
    m = eff.filter(pl.col("main_role") == "manager")
    assert m["discrimination"].median() == pytest.approx(1.0, abs=0.15)


def _midyear_new_manager(
    effect: float = -0.7, slope: float = 1.0, strong: float = 0.0, seed: int = 22, peer: float = 0.1
) -> pl.DataFrame:
    """rev22's design, small: 8 teams of 20 rated on 1-5 in halves by their lead, three peers
    of the same team and themselves, three cycles; peers rate in every cycle. In the last
    cycle team 0 gets a new lead, E101, until then a member of team 1 (rated, and rating, as
    a peer there), who rates his new people ``effect`` off and spreads them ``slope`` times
    as much as the others do; the old lead joins team 2. ``strong``: team 0's true shift;
    ``peer``: how much higher peers rate than leads (a role gap, taken out since stat28)."""
    rng = np.random.default_rng(seed)
    people = [f"E{t}{k:02d}" for t in range(8) for k in range(20)]
    home = {p: int(p[1]) for p in people}
    ability = {p: a + strong * (home[p] == 0) for p, a in zip(people, rng.normal(0, 0.45, 160))}
    dims = ("delivery", "skill", "teamwork", "growth")
    new, rows = "E101", []
    for c in range(3):
        team, lead = dict(home), {t: f"E{t}00" for t in range(8)}
        if c == 2:
            team[new], team["E000"], lead[0] = 0, 2, new
        for p in people:
            boss = lead[team[p]] if lead[team[p]] != p else "H"
            mates = [q for q in people if team[q] == team[p] and q != p]
            his = boss == new
            dim = rng.normal(0, 0.25, len(dims))
            for rid, role, eff, sd in [
                (p, "self", 0.35, 0.35),
                (boss, "manager", effect if his else 0.0, 0.35),
                *[(q, "peer", peer, 0.45) for q in rng.choice(mates, 3, replace=False)],
            ]:
                k = slope if rid == new and his else 1.0
                s = 3.3 + k * ability[p] + dim + eff + rng.normal(0, sd, len(dims))
                for d, v in zip(dims, np.clip(np.round(s * 2) / 2, 1, 5)):
                    rows.append((f"2026Q{c + 1}", c, p, str(rid), role, d, float(v)))
    cols = ["cycle_id", "cycle_order", "employee_id", "rater_id", "rater_role", "dimension"]
    return pl.DataFrame(rows, schema=[*cols, "score"], orient="row").with_columns(
        pl.col("cycle_order").cast(pl.Int32)
    )


def test_scale_use_a_midyear_new_manager_with_an_additive_effect_is_flagged() -> None:
    """rev22: a peer in Q1-Q2 who took over a team in Q3 and rated it 0.7 lower than its peers
    did (additive, his own slope 1) read "scale use differs" (misfit: infit 1.8 over the year,
    his Q3 residuals one way and his peer ratings the other). His fit is judged within each
    cycle and role, where it is about 1, so the severity he shows stands."""
    eff = R.rater_effects(_midyear_new_manager())
    x = eff.filter(pl.col("rater_id") == "E101").row(0, named=True)
    assert x["main_role"] == "manager" and x["n_cycles"] == 3
    assert x["discrimination"] == pytest.approx(1.0, abs=0.15)
    assert x["infit"] < 1.5
    assert x["status"] == "flagged" and x["flag"] == "severe", x["status_reason"]
    assert x["status_reason"]["code"] == "flag_strict"
    # nobody else is flagged or put down to scale use
    rest = eff.filter(pl.col("rater_id") != "E101")
    assert set(rest["status"]) <= {"clear", "insufficient_data", "not_estimable"}


def test_a_midyear_new_manager_who_stretches_a_weak_team_is_judged_against_the_leads() -> None:
    """The same design, but the new lead has no additive effect: he spreads his people 2.2
    times as much as their peers, and his team is weak (1.0 below). Until rev29b he read
    ``scale_use``: his gap extrapolated on his own slope to the middle of the scale. Since
    rev29b the gap is taken where his people are, against what the other leads (whose slope
    is about 1: the role does not spread people differently) give the same people: his people
    get 0.30 less, beyond the threshold, so he is flagged severe; his own slope is shown."""
    eff = R.rater_effects(_midyear_new_manager(effect=0.0, slope=2.2, strong=-1.0))
    x = eff.filter(pl.col("rater_id") == "E101").row(0, named=True)
    assert x["effect"] <= -x["threshold"]
    assert x["discrimination_ci95_low"] > 1.0 and abs(x["discrimination_role"] - 1.0) < 0.1
    assert x["effect_centre_high"] <= -x["threshold"]
    assert x["status"] == "flagged" and x["flag"] == "severe"


def test_scale_use_each_flag_is_judged_by_its_own_rule_at_the_middle() -> None:
    """Three managers with a strict and a likely flag (+0.058, threshold 0.025) whose role
    spreads people more than their other raters (judged at the middle of the scale): at the
    middle, A keeps 0.047 (0.020 to 0.074: clears 0, not the threshold), B keeps 0.040 (0.030
    to 0.050: clears the threshold), C keeps 0.010 (under the threshold). A keeps its likely
    flag (main put both down to scale use), B both flags, C is scale use by its slope."""
    n, thr = 3, 0.025
    ones, no = np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    b = np.full(n, 0.058)
    est = {
        "b": b,
        "se": np.full(n, 0.008),
        "crit": 1.96,
        "thr": thr,
        "bound": thr,
        "strict_up": ones.copy(),
        "strict_down": no.copy(),
        "likely": ones.copy(),
        "usable": ones.copy(),
        "material": ones.copy(),
        "p": np.full(n, 1e-6),
        "q": np.full(n, 1e-5),
        "role": np.zeros(n, dtype=np.int64),
    }
    centre = np.array([0.047, 0.040, 0.010])
    sc = {
        "kpi_part": np.full(n, np.nan),
        "kpi_se": np.full(n, np.nan),
        "departs": ones.copy(),
        "centre": centre,
        "centre_se": np.array([0.027, 0.010, 0.010]) / 1.96,
        "misfit": no.copy(),
        "slope": np.full(n, 1.6),
    }
    out = R._claims(est, sc, fdr=0.05)
    assert out["strict_up"].tolist() == [False, True, False]
    assert out["likely"].tolist() == [True, True, False]
    assert out["scale_use"].tolist() == [False, False, True]
    assert out["why"][2] == 1  # the slope


def test_kpi_of_pairs_is_each_pairs_ratee_kpi() -> None:
    """The KPI level is looked up once per ratee (the design's codes) and spread to the pairs:
    each pair gets its own (cycle, employee)'s level, NaN for a ratee without one, whatever
    order the pairs come in and whether the keys are Categorical or String."""
    rng = np.random.default_rng(3)
    n = 400
    cyc = rng.choice(["2024", "2025", "2026"], n)
    emp = [None] * 5 + list(rng.choice([f"E{k:02d}" for k in range(30)], n - 5))
    pairs = pl.DataFrame(
        {"cycle_id": cyc, "employee_id": emp, "rater_id": rng.choice(["a", "b", "c", "d"], n)},
        schema={"cycle_id": pl.String, "employee_id": pl.String, "rater_id": pl.String},
    )
    kpi = pl.DataFrame(
        {
            "cycle_id": ["2024", "2025", "2026"] * 20,
            "employee_id": [f"E{k:02d}" for k in range(20) for _ in range(3)],
            "kpi": rng.random(60),
        }
    ).unique(["cycle_id", "employee_id"])
    look = {(c, e): v for c, e, v in kpi.iter_rows()}
    for frame in (pairs, pairs.cast(dict.fromkeys(pairs.columns, pl.Categorical))):
        got = R._kpi_of_pairs(frame, kpi, R._design(frame))
        want = [look.get((c, e), np.nan) for c, e in zip(cyc, emp, strict=True)]
        np.testing.assert_array_equal(got, np.array(want, dtype=np.float64))
        assert np.isnan(got).sum() > 5  # ratees without KPIs, not only the null ids
    assert R._kpi_of_pairs(pairs, None, R._design(pairs)) is None


def _manager_design(peer_cycles: tuple[str, ...], cycles: tuple[str, ...], seed: int = 21):
    """20 managers with teams of 12 on a 0-1 scale; manager m00 is lenient (+0.12). In the
    ``peer_cycles`` every person also has 3 peers from their own team; in the others only their
    manager rates them (results imported before the peer module: rev21)."""
    rng = np.random.default_rng(seed)
    rows = []
    for m in range(20):
        team = [f"e{m:02d}{k:02d}" for k in range(12)]
        true = rng.normal(0.6, 0.1, len(team))
        for cyc in cycles:
            for k, emp in enumerate(team):
                lean = 0.12 if m == 0 else 0.0
                y = np.clip(true[k] + lean + rng.normal(0, 0.05), 0, 1)
                rows.append((cyc, emp, f"m{m:02d}", "manager", y))
                if cyc in peer_cycles:
                    for p in rng.choice([e for e in team if e != emp], 3, replace=False):
                        rows.append(
                            (cyc, emp, p, "peer", np.clip(true[k] + rng.normal(0, 0.05), 0, 1))
                        )
    # 6 departments of 1-4 teams, as an HR export has them (the solver's preconditioner
    # groups raters by them)
    unit = pl.col("employee_id").str.slice(1, 2).cast(pl.Int64)
    return frame(rows).with_columns(
        department=pl.format("D{}", unit % 6), team=pl.format("T{}", unit)
    )


def test_manager_only_design_is_not_estimable():
    """Each manager rates only their own team and nobody else rates it: no rater effect can be
    told from the team's level, so every one is not estimable (no number), never a guess."""
    out = R.rater_effects(_manager_design((), ("H1", "H2")))
    assert out.height == 20
    assert out["status"].unique().to_list() == ["not_estimable"]
    assert out["effect"].is_null().all()
    assert out["status_reason"].struct.field("code").unique().to_list() == ["own_ratees_only"]


def test_cycle_without_peers_keeps_effects_on_the_scale():
    """rev21: a cycle with peers plus a cycle of manager ratings only. The singular rater system
    made conjugate gradients drift (effects of +-50 on a 0-1 scale); the pinned solve gives
    effects within the scale, the same as the peer cycle alone, and finds the lenient manager."""
    data = _manager_design(("H2",), ("H1", "H2"))
    both = R.rater_effects(data)
    alone = R.rater_effects(data.filter(pl.col("cycle_id") == "H2"))
    for out in (both, alone):
        est = out.filter(pl.col("status") != "not_estimable")
        assert est.height == out.height
        for col in ("effect", "effect_fixed", "ci95_low", "ci95_high"):
            assert est[col].abs().max() < 1.0, col
        top = est.sort("effect", descending=True).row(0, named=True)
        assert top["rater_id"] == "m00" and top["status"] == "flagged"
    # the manager-only cycle adds no information on rater effects: same fixed effects
    j = both.join(alone, on="rater_id", suffix="_a")
    np.testing.assert_allclose(j["effect_fixed"], j["effect_fixed_a"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("direct", [True, False])
def test_unconverged_solve_is_not_estimable(monkeypatch, direct: bool):
    """A rater solve that does not reach its tolerance gives no effects, with the reason
    worded (not a number from a solver that stopped short): CG cut off after 2 iterations,
    and a residual no solve could pass."""
    if direct:
        monkeypatch.setattr(R, "_SOLVE_TOL", -1.0)
    else:
        monkeypatch.setattr(R, "_DIRECT_MAX_SET", 0)  # every set by CG
        monkeypatch.setattr(R, "_CG_MAXITER", 2)
    out = R.rater_effects(_manager_design(("H2",), ("H2",)))
    assert out["status"].unique().to_list() == ["not_estimable"]
    assert out["effect"].is_null().all()
    assert out["status_reason"].struct.field("code").unique().to_list() == ["ill_conditioned"]
    assert "cannot be estimated" in render_column(out["status_reason"], "en", "reason")[0]


def _system(data: pl.DataFrame):
    """The fixed rater system of ``data`` and the arguments of ``_fixed_fit``."""
    pairs, units = R._pairs_and_units(data)
    d = R._design(pairs)
    lv = R._home_levels(pairs, units, d["rj"], d["emp"], d["n_e"])
    sy = R._rater_system(d["ri"], d["rj"], pairs["y"].to_numpy(), d["n_i"], d["n_j"])
    return sy, (sy, d["ri"], d["rj"], d["n_i"], d["n_j"], lv)


@pytest.mark.parametrize("direct", [True, False])
def test_fixed_solve_reaches_its_tolerance_and_the_minimum_norm_solution(monkeypatch, direct):
    """rev21: most ratees of one cycle have a single rater. The fixed solve (sparse LU of the
    grounded sets, or CG on the pinned system with its own preconditioner) meets the normal
    equations C b = r to rounding and is the solution that sums to 0 in each set: the
    minimum-norm least-squares solution of the singular C (the old CG on C: |b| ~ 10^7)."""
    if not direct:
        monkeypatch.setattr(R, "_DIRECT_MAX_SET", 0)
    sy, args = _system(_manager_design(("H2",), ("H1", "H2")))
    b, n_comp, comp, ident, solved = R._fixed_fit(*args)
    assert solved and n_comp == 20 and ident.all() and ident.size > 200  # a set per team
    res = np.linalg.norm(sy.c_mv(b) - sy.rhs) / np.linalg.norm(sy.rhs)
    assert res < 1e-11
    c = np.diag(sy.pairs_j) - (sy.g.T @ sy.g).toarray()
    np.testing.assert_allclose(b, np.linalg.lstsq(c, sy.rhs, rcond=None)[0], rtol=0, atol=1e-12)
    assert np.abs(np.bincount(comp, weights=b)).max() < 1e-12


def _reordered(data: pl.DataFrame, seed: int) -> pl.DataFrame:
    """The same rows shuffled, every id renamed so that it is first seen in the new order: the
    rater and ratee codes (and so the order of the unknowns) differ, as between two imports."""
    return data.sample(fraction=1.0, shuffle=True, seed=seed).with_columns(
        pl.col("rater_id") + "~", pl.col("employee_id") + "~"
    )


def _large_sparse() -> pl.DataFrame:
    """6,000 people with a manager, a skip-level and 2 peers drawn from the whole company: one
    connected set of ~6,900 raters (above the direct solve's limit: CG), 3 planted managers."""
    planted = {"M0003": 0.15, "M0100": -0.15, "M0500": 0.15}
    return synth(n_emp=6000, n_peers=2, seed=11, rater_sd=0.005, planted=planted)[0]


@pytest.mark.parametrize(
    ("design", "cg"),
    [
        ("manager_only_cycle", False),
        ("manager_only_cycle", True),
        ("synth", False),
        ("synth", True),
        ("large_sparse", True),
    ],
)
def test_fit_of_shuffled_rows_equals_the_fit_of_the_rows(monkeypatch, design: str, cg: bool):
    """tests/test_materialise.py compares each cycle's stored rater table with one fitted on
    the same rows in another order; with CG stopping short of the pinned system's solution the
    p-values differed by up to 1e-8 (4 runs in 7). Two fits of the same rows in any order agree
    to rounding: the same statuses and reasons, effects and p-values to 1e-11 and 1e-9."""
    if cg:
        monkeypatch.setattr(R, "_DIRECT_MAX_SET", 0)
    data = {
        "manager_only_cycle": lambda: _manager_design(("H2",), ("H1", "H2")),
        "synth": lambda: synth(n_emp=480, planted={"M0003": 0.15, "M0010": -0.15})[0],
        "large_sparse": _large_sparse,
    }[design]()
    want = R.rater_effects(data).sort("rater_id")
    assert want["status"].is_in(["flagged"]).any()
    if design == "large_sparse":
        assert want["set_raters"].max() > R._DIRECT_MAX_SET
    for seed in (1, 2):
        got = (
            R.rater_effects(_reordered(data, seed))
            .with_columns(pl.col("rater_id").str.strip_suffix("~"))
            .sort("rater_id")
        )
        assert got["rater_id"].to_list() == want["rater_id"].to_list()
        assert got["status"].to_list() == want["status"].to_list()
        code = pl.col("status_reason").struct.field("code")
        assert got.select(code).equals(want.select(code))
        # to rounding (solved to 1e-12, the difference is ~1e-15): CG stopped at 1e-9 left
        # 1e-10 in the fixed effects and 1e-8 in the p-values (rat21)
        for col in ("effect", "effect_fixed", "ci95_low", "ci95_high"):
            np.testing.assert_allclose(got[col], want[col], rtol=0, atol=1e-11, err_msg=col)
        np.testing.assert_allclose(got["p_value"], want["p_value"], rtol=1e-9, atol=1e-12)


def _rev21_design() -> pl.DataFrame:
    """The shape of rev21's export on a 1-5 scale in half points: 6 departments of a head, 1-3
    team leads and their teams; in the first cycle each person is rated by their manager and
    3 teammates, in the second by their manager only (the peer import deleted). Team lead L0
    is lenient (+0.48 points), L3 severe (-0.42). No team column (the import had dropped it:
    the solver's preconditioner grouped raters by department alone)."""
    rng = np.random.default_rng(21)
    sizes = {"D0": (180, 3), "D1": (190, 3), "D2": (120, 2), "D3": (35, 1), "D4": (30, 1)}
    people: list[tuple[str, str, str | None, str]] = []  # id, department, manager, team
    leads: list[str] = []
    for dept, (n, n_teams) in sizes.items():
        head = f"{dept}H"
        people.append((head, dept, None, f"{dept}-"))
        for t in range(n_teams):
            lead = f"L{len(leads)}"
            leads.append(lead)
            people.append((lead, dept, head, f"{dept}T{t}"))
            people += [(f"{lead}E{k:02d}", dept, lead, f"{dept}T{t}") for k in range(n // n_teams)]
    lean = {"L0": 0.6 * 0.8, "L3": 0.6 * -0.7}
    ability = rng.normal(size=len(people))

    def score(x: np.ndarray) -> list[float]:
        return list(np.clip(np.round(x * 2) / 2, 1, 5))

    rows = []
    for cyc in ("C1", "C2"):
        for (pid, _dept, mgr, team), a in zip(people, ability):
            base = 3.2 + 0.6 * a
            if mgr is not None:
                y = base + lean.get(mgr, 0.0) + rng.normal(0, 0.35, 3)
                rows.append((cyc, pid, mgr, "manager", score(y)))
            mates = [q[0] for q in people if q[3] == team and q[0] != pid]
            if cyc == "C1" and mates:
                for q in rng.choice(mates, min(3, len(mates)), replace=False):
                    rows.append((cyc, pid, q, "peer", score(base + rng.normal(0, 0.5, 3))))
    dept_of = {p[0]: p[1] for p in people}
    data = frame(rows, dims=("业绩", "能力", "价值观"))
    return data.with_columns(
        department=pl.col("employee_id").replace_strict(dept_of),
        team=pl.lit(None, dtype=pl.String),
    )


def test_rev21_manager_only_cycle_flags_the_planted_leads_in_any_row_order():
    """rev21 items 1 and 3: with the peer import deleted (a cycle of manager ratings only),
    CG on the singular system gave effects of -50..+60 points on a 1-5 scale in some row
    orders, and in others put the planted severe lead (-0.42) down to scale use (infit from
    the drifted residuals). Fitted on the rows in 4 orders: the same effects, within the
    scale, and both planted leads flagged, in their direction, by the strict rule."""
    data = _rev21_design()
    fits = [R.rater_effects(data).sort("rater_id")] + [
        R.rater_effects(_reordered(data, seed))
        .with_columns(pl.col("rater_id").str.strip_suffix("~"))
        .sort("rater_id")
        for seed in (1, 2, 3)
    ]
    for out in fits:
        assert out["effect"].abs().max() < 1.0  # points on the 1-5 scale
        lead = {r["rater_id"]: r for r in out.filter(pl.col("flag").is_not_null()).to_dicts()}
        assert set(lead) == {"L0", "L3"}, lead.keys()
        assert (lead["L0"]["flag"], lead["L3"]["flag"]) == ("lenient", "severe")
        assert lead["L3"]["effect_fixed"] == pytest.approx(-0.42, abs=0.15)
        np.testing.assert_allclose(out["effect"], fits[0]["effect"], rtol=0, atol=1e-11)


def _one_diag_inv(a, levels: list[np.ndarray], singular: bool) -> np.ndarray:
    """The inverse diagonal of one matrix as R._diag_inv computed it before it took both
    matrices at once (session 22): the reference the shared computation must equal."""
    from scipy import sparse

    from analytics.stats.keys import relabel

    n = a.shape[0]
    if n <= R._EXACT_MAX_RATERS:
        return R._dense_diag_inv(a.toarray(), singular)
    d = a.diagonal()
    coo = a.tocoo()
    off = coo.row != coo.col
    second = np.bincount(coo.row[off], weights=coo.data[off] ** 2 / d[coo.col[off]], minlength=n)
    out = 1.0 / d + second / d**2
    if levels:
        lab, n_c = relabel(levels[0])
        if n_c < n:
            r = sparse.csr_matrix((np.ones(n), (np.arange(n), lab)), shape=(n, n_c))
            first = np.zeros(n_c, dtype=np.int64)
            first[lab] = np.arange(n)
            coarser = [lv[first] for lv in levels[1:]]
            out = out + _one_diag_inv((r.T @ a @ r).tocsr(), coarser, singular)[lab]
    return out


@pytest.mark.parametrize(
    "design", ["demo", "large_sparse", "manager_only_cycle", "rev21", "one_rater", "tiny"]
)
def test_both_inverse_diagonals_at_once_equal_each_computed_alone(planted, design) -> None:
    """The prediction variances take diag(C^+) and diag((C + kI)^-1) from one pass
    (R._diag_inv with ``k``: the off-diagonal entries squared and the coarse products built
    once): each equals the diagonal computed for its matrix alone, to 1e-12 relative, on the
    demo and the large sparse design (the Neumann and cluster-level path, three levels deep),
    a manager-only cycle, rev21's export and designs of one and two raters (the exact path)."""
    from scipy import sparse

    data = {
        "demo": lambda: planted[1],
        "large_sparse": _large_sparse,
        "manager_only_cycle": lambda: _manager_design(("H2",), ("H1", "H2")),
        "rev21": _rev21_design,
        "one_rater": lambda: frame(
            [("C1", f"e{i}", "r0", "manager", 0.5 + i / 100) for i in range(6)]
        ),
        "tiny": lambda: frame(
            [
                ("C1", "e1", "r0", "manager", 0.5),
                ("C1", "e1", "r1", "peer", 0.6),
                ("C1", "e2", "r1", "peer", 0.6),
            ]
        ),
    }[design]()
    sy, (_, _, _, _, _, lv) = _system(data)
    ident = np.flatnonzero(sy.cdiag > 1e-9)
    c = (sparse.diags(sy.pairs_j[ident]) - (sy.g[:, ident].T @ sy.g[:, ident])).tocsr()
    levels = [lab[ident] for lab in lv]
    assert (c.shape[0] > R._EXACT_MAX_RATERS) == (design in ("demo", "large_sparse"))
    for k in (0.05, 1.0, 30.0):
        fixed, shifted = R._diag_inv(c, levels, k)
        want_fixed = _one_diag_inv(c, levels, singular=True)
        want = _one_diag_inv((c + sparse.diags(np.full(ident.size, k))).tocsr(), levels, False)
        np.testing.assert_allclose(fixed, want_fixed, rtol=1e-12, atol=0)
        np.testing.assert_allclose(shifted, want, rtol=1e-12, atol=0)
        assert np.isfinite(shifted).all() and (shifted > 0).all()
    only, none = R._diag_inv(c, levels)
    assert none is None and np.array_equal(only, fixed)


@pytest.mark.parametrize("roles", ["plain", "null", "categorical"])
def test_main_role_reads_each_roles_name_once_and_equals_every_pairs_names(roles) -> None:
    """Each rater's most frequent role (central tendency and halo weight their corrections by
    it) from one pair per role, once per design: the same as reading the role of every pair
    (the session 22 way, written out here), with a null role and a Categorical one, and on a
    rater whose two roles tie."""
    from analytics.stats.keys import dense_codes

    data = synth(n_emp=300, seed=4)[0]
    tie = frame([("C1", "e1", "r0", "manager", 0.5), ("C1", "e2", "r0", "peer", 0.6)])
    data = pl.concat([data, tie.select(data.columns)])
    role = pl.col("rater_role")
    if roles == "null":
        data = data.with_columns(
            pl.when(role == "skip_level").then(None).otherwise(role).alias(role.meta.output_name())
        )
    elif roles == "categorical":
        data = data.with_columns(role.cast(pl.Categorical))
    pairs, _ = R._pairs_and_units(data)
    des = R._design(pairs)
    codes, n_r = dense_codes(pairs["rater_role"])
    names = np.empty(n_r, dtype=object)
    names[codes] = pairs["rater_role"].cast(pl.String).to_numpy()
    counts = np.bincount(des["rj"] * n_r + codes, minlength=des["n_j"] * n_r)
    # a tie goes to the first role by name, whatever the hash order (lead30: it followed the
    # rows' order and the column's type)
    order = np.argsort(np.array([n or "" for n in names], dtype=str), kind="stable")
    want = names[order][counts.reshape(des["n_j"], n_r)[:, order].argmax(axis=1)]
    got = R._main_role(pairs, des)
    assert got.dtype == object and list(got) == list(want)
    assert R._main_role(pairs, des) is got  # once per design
    found = dict(zip(des["rater_id"].to_list(), got))
    assert found["M0000"] == "manager" and found["r0"] == "manager"  # the tie: by name
    # a pair without a role is no pair of the model: the skip-levels, who rate in no other
    # role, are then absent rather than of role None
    assert found.get("S000") == (None if roles == "null" else "skip_level")
