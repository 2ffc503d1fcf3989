"""Tests for analytics.stats.attribution: hand-worked decomposition, scipy cross-checks, demo truth."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analytics import text
from analytics.stats.attribution import (
    against_trend,
    department_shifts,
    kpi_drivers_by_department,
    kpi_drivers_by_employee,
    largest_movers,
    manager_changes,
    score_changes,
    variance_decomposition,
    weighted_attainment,
)

# --------------------------------------------------------------------------------------------
# hand-worked 2 departments x 2 cycles
# --------------------------------------------------------------------------------------------
# (cycle, employee, rater, role, dimension, score); departments: a* in 甲部/一组, b* in 乙部
_ROWS = [
    # cycle c1
    ("c1", "a1", "m1", "manager", "d1", 0.40),
    ("c1", "a1", "m1", "manager", "d2", 0.60),  # m1's mean for a1 = 0.50
    ("c1", "a1", "p1", "peer", "d1", 0.60),
    ("c1", "a1", "p1", "peer", "d2", 0.60),
    ("c1", "a1", "a1", "self", "d1", 1.00),  # ignored
    ("c1", "a2", "m1", "manager", "d1", 0.70),
    ("c1", "a2", "p1", "peer", "d1", 0.70),
    ("c1", "b1", "mB", "manager", "d1", 0.40),
    ("c1", "b1", "p2", "peer", "d1", 0.50),
    ("c1", "b2", "mB", "manager", "d1", 0.60),
    ("c1", "b2", "p2", "peer", "d1", 0.60),
    ("c1", "b2", "s9", "subordinate", "d1", 0.00),  # ignored
    # cycle c2: a1 gets a new, lenient manager m2
    ("c2", "a1", "m2", "manager", "d1", 0.75),
    ("c2", "a1", "p1", "peer", "d1", 0.65),
    ("c2", "a2", "m1", "manager", "d1", 0.70),
    ("c2", "a2", "p1", "peer", "d1", 0.80),
    ("c2", "b1", "mB", "manager", "d1", 0.30),
    ("c2", "b1", "p2", "peer", "d1", 0.40),
    ("c2", "b2", "mB", "manager", "d1", 0.50),
    ("c2", "b2", "p2", "peer", "d1", 0.50),
    ("c2", "n1", "mB", "manager", "d1", 0.90),  # new hire: only in c2, not in the panel
]
_EFFECTS = pl.DataFrame(
    {"rater_id": ["m1", "m2", "mB", "p1", "p2"], "effect": [0.0, 0.10, -0.05, 0.0, 0.02]}
)


def _toy() -> pl.DataFrame:
    df = pl.DataFrame(
        _ROWS,
        schema=["cycle_id", "employee_id", "rater_id", "rater_role", "dimension", "score"],
        orient="row",
    )
    dept = {"a1": "甲部/一组", "a2": "甲部/二组", "b1": "乙部", "b2": "乙部", "n1": "乙部"}
    return df.with_columns(
        cycle_order=pl.col("cycle_id").replace_strict({"c1": 1, "c2": 2}, return_dtype=pl.Int32),
        department=pl.col("employee_id").replace_strict(dept),
        weight=pl.lit(1.0),
    )


def _rated(rows: list[tuple]) -> pl.DataFrame:
    """Ratings from (cycle, order, employee, rater, role, score) rows."""
    return pl.DataFrame(
        rows,
        schema=["cycle_id", "cycle_order", "employee_id", "rater_id", "rater_role", "score"],
        orient="row",
    )


def _row(df: pl.DataFrame, emp: str) -> dict:
    return df.filter(pl.col("employee_id") == emp).row(0, named=True)


def _median_of_departments(x: np.ndarray, dept: np.ndarray) -> float:
    """The company part by hand: the median of the department means, each weighted by its
    people; where the cumulative weight is exactly half, the mean of that value and the next."""
    names = np.unique(dept)
    m = np.array([x[dept == d].mean() for d in names])
    w = np.array([(dept == d).sum() for d in names])
    order = np.argsort(m)
    m, cw = m[order], np.cumsum(w[order])
    return float((m[np.argmax(2 * cw >= cw[-1])] + m[np.argmax(2 * cw > cw[-1])]) / 2)


def _median_test(x: np.ndarray, dept: np.ndarray, d: str) -> tuple[float, float, float]:
    """The department part against the weighted median by hand: (m_D - c) over
    sqrt(s_D^2/n_D + (pi/2) s_W^2/N), s_W^2 the pooled within-department variance on N - K df,
    and the Welch-Satterthwaite df of the two terms. Returns (t, df, se)."""
    names = np.unique(dept)
    n, k = x.size, names.size
    ssw = sum(((x[dept == g] - x[dept == g].mean()) ** 2).sum() for g in names)
    vc = np.pi / 2 * ssw / (n - k) / n
    xd = x[dept == d]
    a = xd.var(ddof=1) / xd.size
    df = (a + vc) ** 2 / (a**2 / (xd.size - 1) + vc**2 / (n - k))
    return float(xd.mean() / np.sqrt(a + vc)), float(df), float(np.sqrt(a + vc))


def test_hand_worked_decomposition():
    ch = score_changes(_toy(), _EFFECTS)
    assert ch.height == 4  # n1 has no c1 ratings
    # the person score: manager 0.6 and peer 0.2, renormalised to .75/.25 (no skip-level;
    # self and subordinate ratings weigh 0)
    # scores y: a1 .75*.5+.25*.6 = .525 -> .75*.75+.25*.65 = .725; a2 .70 -> .725;
    # b1 .425 -> .325; b2 .60 -> .50
    # rater means r: a1 0 -> .75*.10 = .075, a2 0 -> 0, b* .75*-.05+.25*.02 = -.0325 both sides
    # adjusted deltas: a1 .125, a2 .025, b1 -.10, b2 -.10 -> company = -0.0125
    # dept 甲部 mean .075 -> department +0.0875; 乙部 mean -.10 -> department -0.0875
    expected = {
        "a1": dict(change=0.20, company=-0.0125, department=0.0875, rater=0.075, individual=0.05),
        "a2": dict(change=0.025, company=-0.0125, department=0.0875, rater=0.0, individual=-0.05),
        "b1": dict(change=-0.10, company=-0.0125, department=-0.0875, rater=0.0, individual=0.0),
        "b2": dict(change=-0.10, company=-0.0125, department=-0.0875, rater=0.0, individual=0.0),
    }
    for emp, exp in expected.items():
        r = _row(ch, emp)
        for k, v in exp.items():
            assert r[k] == pytest.approx(v, abs=1e-12), (emp, k)
        assert r["company"] + r["department"] + r["rater"] + r["individual"] == pytest.approx(
            r["change"], abs=1e-15
        )
    a1 = _row(ch, "a1")
    assert a1["dept"] == "甲部" and a1["department_path"] == "甲部/一组"
    assert a1["score_from"] == pytest.approx(0.525) and a1["score_to"] == pytest.approx(0.725)
    assert a1["n_ratings_from"] == 4 and a1["n_raters_from"] == 2 and a1["n_ratings_to"] == 2
    assert a1["manager_from"] == "m1" and a1["manager_to"] == "m2" and a1["manager_changed"] is True
    assert _row(ch, "a2")["manager_changed"] is False
    assert a1["n_pair"] == 4 and a1["n_dept"] == 2
    # change CI: rater means .5/.6 and .75/.65, variance .005 each side, weights .75/.25:
    # sum w^2 = .625, se = sqrt(2 * .005 * .625)
    assert a1["change_se"] == pytest.approx(np.sqrt(0.00625), rel=1e-9)
    # the parts' variance model and quantile (rev18b R1: no t on the effective k as df)
    assert a1["change_ci95_high"] == pytest.approx(0.20 + 1.959964 * a1["change_se"], rel=1e-6)


def test_full_path_departments_and_no_effects():
    ch = score_changes(_toy(), None, dept_depth=None)
    assert (ch["rater"] == 0).all()
    a1, a2 = _row(ch, "a1"), _row(ch, "a2")
    # raw deltas .20 .025 -.10 -.10; three departments, so the company part is the weighted
    # median of their means (weights = people): 乙部 -.10 (2 people), 甲部/二组 .025 (1),
    # 甲部/一组 .20 (1); the cumulative weight reaches exactly half (2 of 4) at 乙部, so the
    # median is the mean of 乙部 and the next, (-.10 + .025) / 2 = -.0375 (the panel's mean
    # .00625 before). 甲部/一组 alone: department = .20 + .0375 = .2375
    assert a1["company"] == pytest.approx(-0.0375, abs=1e-12)
    assert a1["department"] == pytest.approx(0.2375) and a1["individual"] == pytest.approx(
        0.0, abs=1e-12
    )
    assert a2["dept"] == "甲部/二组" and a2["department"] == pytest.approx(0.0625)


def test_variance_decomposition_hand_worked():
    vd = variance_decomposition(score_changes(_toy(), _EFFECTS))
    a = vd.filter(pl.col("dept") == "甲部").row(0, named=True)
    # changes .20,.025; env .075 each; rater .075,0; individual .05,-.05;
    # ss_total .04 + .000625 = .040625; share_k = sum(c_k * change) / ss_total:
    # env .075 * .225 = .016875, rater .075 * .2 = .015, individual .05 * .175 = .00875
    assert a["n"] == 2 and a["ss_total"] == pytest.approx(0.040625)
    assert a["share_environment"] == pytest.approx(0.016875 / 0.040625)
    assert a["share_rater"] == pytest.approx(0.015 / 0.040625)
    assert a["share_individual"] == pytest.approx(0.00875 / 0.040625)
    assert a["ss_environment"] == pytest.approx(2 * 0.075**2)
    assert a["ss_rater"] == pytest.approx(0.075**2)
    assert a["ss_individual"] == pytest.approx(2 * 0.05**2)
    comp = vd.filter(pl.col("scope") == "company").row(0, named=True)
    assert comp["dept"] == "company"  # a code the text layer words (全公司 / Company)
    assert comp["n"] == 4 and comp["ss_total"] == pytest.approx(0.04 + 0.000625 + 0.01 + 0.01)
    assert comp["share_environment"] + comp["share_rater"] + comp[
        "share_individual"
    ] == pytest.approx(1.0)
    # 乙部: everything is environment
    b = vd.filter(pl.col("dept") == "乙部").row(0, named=True)
    assert b["share_environment"] == pytest.approx(1.0) and b["share_individual"] == pytest.approx(
        0.0
    )


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_department_shifts_hand_worked_vs_scipy():
    sh = department_shifts(score_changes(_toy(), _EFFECTS))
    a = sh.filter(pl.col("dept") == "甲部").row(0, named=True)
    # adjusted deltas 甲部 [.125,.025] vs 乙部 [-.10,-.10]: Welch diff .175, se .05, t 3.5, df 1
    ref = stats.ttest_ind([0.125, 0.025], [-0.10, -0.10], equal_var=False)
    assert a["diff_vs_rest"] == pytest.approx(0.175)
    assert a["t"] == pytest.approx(3.5) and a["t"] == pytest.approx(ref.statistic)
    assert a["df"] == pytest.approx(1.0)
    assert a["p_value"] == pytest.approx(ref.pvalue)
    assert a["department"] == pytest.approx(0.0875)  # = (n_rest/N) * diff
    half = stats.t.ppf(0.975, 1) * 0.05 * 0.5
    assert a["ci95_low"] == pytest.approx(0.0875 - half) and a["ci95_high"] == pytest.approx(
        0.0875 + half
    )
    assert a["n"] == 2 and a["n_rest"] == 2
    # two departments, same p -> Holm multiplies the smaller by 2
    assert a["p_holm"] == pytest.approx(min(1.0, 2 * ref.pvalue))
    why = text.render_column(pl.Series([a["flag_reason"]]), "en", "reason")[0]
    # two departments: company and department cannot be separated (rev29a item 1): the
    # department against the rest (+0.175) is said, no department shift is claimed
    # (fixattr30: the Welch interval of the difference, no p-value in the sentence)
    lo, hi = 0.175 - stats.t.ppf(0.975, 1) * 0.05, 0.175 + stats.t.ppf(0.975, 1) * 0.05
    assert "a difference of +0.175" in why and f"(95% CI {lo:+.3f}…{hi:+.3f})" in why
    assert "Holm" not in why
    assert "cannot be separated" in why and a["environment_joint"] and not a["broad"]
    # a ratings frame is accepted too (score_changes is run on it first)
    direct = department_shifts(_toy(), rater_effects=_EFFECTS)
    assert direct.equals(sh)


def test_department_shifts_random_vs_scipy_and_statsmodels():
    rng = np.random.default_rng(3)
    n = 300
    dept = rng.choice(["A", "B", "C", "D"], n, p=[0.4, 0.3, 0.2, 0.1])
    shift = pl.Series(dept).replace_strict({"A": 0.0, "B": -0.05, "C": 0.02, "D": 0.0}).to_numpy()
    da = rng.normal(0, 0.08, n) + shift
    rater = rng.normal(0, 0.02, n)
    ch = pl.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(n)],
            "dept": dept,
            "from_cycle": "c1",
            "to_cycle": "c2",
            "from_order": 1,
            "change": da + rater,
            "rater": rater,
        }
    ).with_columns(company=pl.lit(_median_of_departments(da, dept)))
    ch = ch.with_columns(
        department=(pl.col("change") - pl.col("rater")).mean().over("dept") - pl.col("company"),
    ).with_columns(
        individual=pl.col("change") - pl.col("company") - pl.col("department") - pl.col("rater")
    )
    sh = department_shifts(ch).sort("dept")
    # four departments: each is tested against the weighted median of the departments (the
    # company part), not against the rest of the company, which holds B's fall
    x = da - _median_of_departments(da, dept)
    ps = []
    for d in ["A", "B", "C", "D"]:
        t, df, se = _median_test(x, dept, d)
        p = 2 * stats.t.sf(abs(t), df)
        r = sh.filter(pl.col("dept") == d).row(0, named=True)
        assert r["t"] == pytest.approx(t, rel=1e-9) and r["df"] == pytest.approx(df, rel=1e-9)
        assert r["p_value"] == pytest.approx(p, rel=1e-7)
        assert r["department"] == pytest.approx(x[dept == d].mean(), abs=1e-12)
        half = stats.t.ppf(0.975, df) * se
        assert r["ci95_low"] == pytest.approx(x[dept == d].mean() - half, rel=1e-7)
        assert r["ci95_high"] == pytest.approx(x[dept == d].mean() + half, rel=1e-7)
        ps.append(p)
    holm = multipletests(ps, method="holm")[1]
    np.testing.assert_allclose(sh["p_holm"].to_numpy(), holm, rtol=1e-7)
    assert sh.filter(pl.col("dept") == "B")["flag"].item() is True
    # the flat departments are not flagged beside B's fall
    assert not sh.filter(pl.col("dept").is_in(["A", "D"]))["flag"].any()


def test_against_trend_finds_the_riser_in_a_falling_department():
    rng = np.random.default_rng(11)
    n = 200
    # four departments, none more than half: company and department can be separated
    dept = np.select(
        [np.arange(n) < 60, np.arange(n) < 107, np.arange(n) < 154],
        ["跌部", "稳部", "平部"],
        "静部",
    )
    da = rng.normal(0, 0.03, n) + np.where(dept == "跌部", -0.10, 0.0)
    da[5] = 0.15  # rose strongly while the department fell
    ch = pl.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(n)],
            "dept": dept,
            "from_cycle": "c3",
            "to_cycle": "c4",
            "from_order": 3,
            "change": da,
            "rater": 0.0,
        }
    ).with_columns(company=pl.col("change").mean(), n_pair=pl.len(), n_dept=pl.len().over("dept"))
    ch = ch.with_columns(
        department=pl.col("change").mean().over("dept") - pl.col("company")
    ).with_columns(individual=pl.col("change") - pl.col("company") - pl.col("department"))
    at = against_trend(ch, z=2.0)
    assert "e5" in at["employee_id"].to_list()
    r = at.filter(pl.col("employee_id") == "e5").row(0, named=True)
    sd = ch["individual"].std()
    assert r["individual_z"] == pytest.approx(
        ch.filter(pl.col("employee_id") == "e5")["individual"].item() / sd
    )
    assert r["individual_z"] >= 2.0 and r["department"] < 0 and r["direction"] == "up"
    assert r["reason"]["code"] == "against_department_trend"
    en, zh = (text.render_column(pl.Series([r["reason"]]), g, "reason")[0] for g in ("en", "zh"))
    assert "跌部 fell" in en and "threshold 2" in en and "跌部整体下降" in zh
    # everyone returned is opposite in sign and beyond z
    # (against the department's trend, or the company's material move: rev29a item 2)
    for r in at.iter_rows(named=True):
        assert r["individual"] * r["department" if r["trend"] == "department" else "company"] < 0
    assert (at["individual_z"].abs() >= 2).all()
    # the unit's shift is -0.07: a materiality threshold above it empties the list
    assert against_trend(ch, z=2.0, min_shift=0.08).height == 0


# --------------------------------------------------------------------------------------------
# manager changes: a rater change is not a department shift
# --------------------------------------------------------------------------------------------


def _manager_change_frame(seed: int, new_team_drop: float, dept_drop: float) -> pl.DataFrame:
    """A changes frame of 4 departments x 60 people; in department A the first 30 people got
    a new manager (their adjusted change drops by ``new_team_drop``) and all of A drops by
    ``dept_drop``."""
    rng = np.random.default_rng(seed)
    n = 240
    dept = np.repeat(np.array(["A", "B", "C", "D"]), 60)
    changed = np.zeros(n, bool)
    changed[:30] = True
    da = rng.normal(0, 0.05, n) + np.where(changed, new_team_drop, 0.0)
    da += np.where(dept == "A", dept_drop, 0.0)
    ch = pl.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(n)],
            "dept": dept,
            "from_cycle": "c1",
            "to_cycle": "c2",
            "from_order": 1,
            "change": da,
            "rater": 0.0,
            "manager_from": np.where(changed, np.where(np.arange(n) < 15, "m0", "m1"), "m9"),
            "manager_to": np.where(changed, "new", "m9"),
            "manager_changed": changed,
        }
    ).with_columns(manager_change_estimated=pl.when(pl.col("manager_changed")).then(False))
    return _with_parts(ch, da, dept)


def _with_parts(ch: pl.DataFrame, da: np.ndarray, dept: np.ndarray) -> pl.DataFrame:
    """``ch`` (one change ``da`` a person of ``dept``) with the parts ``score_changes`` gives:
    company (the departments' weighted median), department, individual, and the counts."""
    ch = ch.with_columns(
        company=pl.lit(_median_of_departments(da, dept)),
        n_pair=pl.len(),
        n_dept=pl.len().over("dept"),
    )
    return ch.with_columns(
        department=pl.col("change").mean().over("dept") - pl.col("company")
    ).with_columns(individual=pl.col("change") - pl.col("company") - pl.col("department"))


def test_department_shift_split_into_broad_and_rater_change_parts():
    ch = _manager_change_frame(5, -0.20, 0.0)
    sh = department_shifts(ch).sort("dept")
    a = sh.filter(pl.col("dept") == "A").row(0, named=True)
    x = (ch["change"] - ch["rater"] - ch["company"]).to_numpy()
    dept, mc = ch["dept"].to_numpy(), ch["manager_changed"].to_numpy()
    stable_a, rest = x[(dept == "A") & ~mc], x[dept != "A"]
    ref = stats.ttest_ind(stable_a, rest, equal_var=False)
    scale = rest.size / x.size
    assert a["n_manager_changed"] == 30 and a["n_manager_changed_estimated"] == 0
    # rev18: the broad part is the stable teams' mean against the company, the department
    # part score_changes gives them (it had been scaled by n_R/N like the whole component)
    assert a["broad_shift"] == pytest.approx(stable_a.mean(), abs=1e-12)
    changed_a = x[(dept == "A") & mc]
    # four departments, so the company part is their weighted median (here the mean of the
    # second and third department means: 120 of 240 people up to the second); its interval:
    # m_S - company with var s_S^2/n_S + (pi/2) s_W^2/N (s_W^2 pooled within departments, on
    # N - K df), Welch-Satterthwaite df of the two terms
    n = x.size
    ssw = sum(((x[dept == g] - x[dept == g].mean()) ** 2).sum() for g in "ABCD")
    terms = [stable_a.var(ddof=1) / stable_a.size, np.pi / 2 * ssw / (n - 4) / n]
    df = sum(terms) ** 2 / (terms[0] ** 2 / (stable_a.size - 1) + terms[1] ** 2 / (n - 4))
    half = stats.t.ppf(0.975, df) * np.sqrt(sum(terms))
    assert a["broad_ci95_low"] == pytest.approx(stable_a.mean() - half, rel=1e-7)
    assert a["broad_ci95_high"] == pytest.approx(stable_a.mean() + half, rel=1e-7)
    # the broad part is tested on the same interval: t = (m_S - c) / its se
    p = 2 * stats.t.sf(abs(stable_a.mean()) / np.sqrt(sum(terms)), df)
    assert a["broad_p_holm"] >= p - 1e-12 and ref.pvalue < 1 and scale < 1
    # the two parts add up to the department component exactly
    assert a["broad_shift"] + a["rater_change_shift"] == pytest.approx(a["department"], abs=1e-12)
    assert a["rater_change_shift"] == pytest.approx(
        30 / 60 * (changed_a.mean() - stable_a.mean()), abs=1e-12
    )
    assert a["rater_change_share"] > 0.8
    # flagged and material, but not broad: a rater change
    assert a["flag"] and a["department"] < -0.05 and not a["broad"]
    assert a["confounded_with_rater_change"] is True
    assert a["flag_reason"]["code"] == "department_shift_rater_change_not_separable"
    en = text.render_column(pl.Series([a["flag_reason"]]), "en", "reason")[0]
    zh = text.render_column(pl.Series([a["flag_reason"]]), "zh", "reason")[0]
    assert "cannot be separated from a real change in the team" in en and "30 of 60" in en
    assert "无法与团队的真实变化区分开" in zh
    # departments without a manager change: broad part = the component, share 0
    b = sh.filter(pl.col("dept") == "B").row(0, named=True)
    assert b["broad_shift"] == pytest.approx(b["department"], abs=1e-12)
    assert (b["broad_ci95_low"], b["broad_ci95_high"]) == pytest.approx(
        (b["ci95_low"], b["ci95_high"]), abs=1e-12
    )
    assert b["rater_change_share"] == 0
    assert not sh["confounded_with_rater_change"].filter(sh["dept"] != "A").any()


def test_a_broad_shock_with_a_manager_change_stays_a_department_shift():
    sh = department_shifts(_manager_change_frame(5, -0.02, -0.12))
    a = sh.filter(pl.col("dept") == "A").row(0, named=True)
    assert a["flag"] and a["broad"] and not a["confounded_with_rater_change"]
    assert a["flag_reason"]["code"] == "department_shift_significant"
    assert 0 < a["rater_change_share"] < 0.3


def test_estimated_rater_change_says_so():
    ch = _manager_change_frame(5, -0.20, 0.0).with_columns(
        manager_change_estimated=pl.when(pl.col("manager_changed")).then(True)
    )
    a = department_shifts(ch).filter(pl.col("dept") == "A").row(0, named=True)
    assert a["confounded_with_rater_change"] and a["n_manager_changed_estimated"] == 30
    assert a["flag_reason"]["code"] == "department_shift_rater_change_estimated"


def test_against_trend_leaves_out_new_managers_teams_and_rater_changes():
    ch = _manager_change_frame(5, -0.20, 0.0)
    # the colleagues of the new manager's teams rose against a "falling department" before
    old = against_trend(
        ch.drop("manager_changed"),
        shifts=department_shifts(ch).drop("confounded_with_rater_change"),
        z=1.5,
    )
    assert (old["dept"] == "A").sum() > 0
    assert against_trend(ch, z=1.5).filter(pl.col("dept") == "A").height == 0
    # in a broad shock, people with a new manager are still not listed against the trend
    broad = _manager_change_frame(7, 0.0, -0.12).with_columns(
        change=pl.when(pl.col("employee_id") == "e3").then(0.4).otherwise(pl.col("change"))
    )
    broad = (
        broad.with_columns(company=pl.col("change").mean())
        .with_columns(department=pl.col("change").mean().over("dept") - pl.col("company"))
        .with_columns(individual=pl.col("change") - pl.col("company") - pl.col("department"))
    )
    at = against_trend(broad)
    assert "e3" not in at["employee_id"].to_list()
    assert against_trend(broad.drop("manager_changed"))["employee_id"].to_list().count("e3") == 1


def test_manager_changes_per_team_against_the_stable_colleagues():
    ch = _manager_change_frame(9, -0.20, 0.0)
    out = manager_changes(ch)
    assert out.height == 2 and set(out["manager_from"]) == {"m0", "m1"}
    x = ch.with_columns(_x=pl.col("change") - pl.col("rater") - pl.col("company"))
    stable = x.filter((pl.col("dept") == "A") & ~pl.col("manager_changed"))["_x"].to_numpy()
    team = x.filter(pl.col("manager_from") == "m0")["_x"].to_numpy()
    ref = stats.ttest_ind(team, stable, equal_var=False)
    r = out.filter(pl.col("manager_from") == "m0").row(0, named=True)
    assert r["n"] == 15 and r["n_stable"] == 30 and r["estimated"] is False
    assert r["diff_vs_stable"] == pytest.approx(team.mean() - stable.mean(), abs=1e-12)
    ci = ref.confidence_interval(0.95)
    assert (r["ci95_low"], r["ci95_high"]) == pytest.approx((ci.low, ci.high), rel=1e-7)
    assert r["reason"]["code"] == "manager_change_not_separable"
    for lang in ("en", "zh"):
        worded = text.render_column(out["reason"], lang, "reason").to_list()
        assert all("m0" in w or "m1" in w for w in worded)


def test_manager_changes_name_the_teams_own_unit():
    """Reviewer rev22 minor 13: every row of 更换上级的团队 said only "研发中心" (the level the
    team is compared within); each team's row now names its own unit, the most common
    department path of its people (m0's 15 people: 14 in A/x and 1 in A/y)."""
    ch = _manager_change_frame(9, -0.20, 0.0)
    path = np.where(
        np.arange(ch.height) < 14, "A/x", np.where(np.arange(ch.height) < 30, "A/y", "B/z")
    )
    out = manager_changes(ch.with_columns(department_path=pl.Series(path)))
    units = dict(zip(out["manager_from"], out["department_path"]))
    assert units == {"m0": "A/x", "m1": "A/y"}
    assert manager_changes(ch).columns == [c for c in out.columns if c != "department_path"]


def test_score_changes_say_whether_a_new_managers_standard_was_estimated():
    from analytics.stats import raters

    ratings = _lenient_manager_panel()  # crossed with peers: the managers are identified
    eff = raters.rater_effects(ratings)
    x = _row(score_changes(ratings, eff), "t1e0")
    assert x["manager_changed"] and x["manager_change_estimated"] is True
    others = score_changes(ratings, eff).filter(pl.col("employee_id") != "t1e0")
    assert others["manager_change_estimated"].is_null().all()
    # without effects nothing is estimated; with effects of unidentified raters neither
    assert _row(score_changes(ratings, None), "t1e0")["manager_change_estimated"] is False
    unident = eff.with_columns(identified=pl.lit(False))
    assert _row(score_changes(ratings, unident), "t1e0")["manager_change_estimated"] is False


# --------------------------------------------------------------------------------------------
# KPI drivers
# --------------------------------------------------------------------------------------------


def _kpis() -> pl.DataFrame:
    rows = [
        # cycle, emp, kpi, period, target, actual, weight, attainment
        ("c1", "e1", "revenue", "m1", 100.0, 80.0, 60.0, None),
        ("c1", "e1", "revenue", "m2", 100.0, 100.0, 60.0, None),  # mean attainment 0.9
        ("c1", "e1", "nps", None, None, None, 40.0, 1.0),
        ("c2", "e1", "revenue", None, None, None, 3.0, 0.5),
        ("c2", "e1", "nps", None, None, None, 1.0, 1.2),
        ("c2", "e1", "churn", None, None, None, 1.0, 1.0),  # new KPI in c2
        ("c1", "e2", "revenue", None, None, None, None, 1.0),
        ("c1", "e2", "nps", None, None, None, None, 0.8),  # no weights -> equal
        ("c2", "e2", "revenue", None, None, None, None, 1.2),
        ("c2", "e2", "nps", None, None, None, None, 0.8),
    ]
    return pl.DataFrame(
        rows,
        schema={
            "cycle_id": pl.String,
            "employee_id": pl.String,
            "kpi": pl.String,
            "period": pl.String,
            "target": pl.Float64,
            "actual": pl.Float64,
            "weight": pl.Float64,
            "attainment": pl.Float64,
        },
        orient="row",
    )


def test_kpi_drivers_hand_worked():
    cycles = pl.DataFrame({"cycle_id": ["c1", "c2"], "ordering": [1, 2]})
    wa = weighted_attainment(_kpis())
    e1c1 = wa.filter((pl.col("employee_id") == "e1") & (pl.col("cycle_id") == "c1"))
    assert e1c1["weighted"].sum() == pytest.approx(0.6 * 0.9 + 0.4 * 1.0)  # 0.94
    kd = kpi_drivers_by_employee(_kpis(), cycles=cycles)
    e1 = {r["kpi"]: r for r in kd.filter(pl.col("employee_id") == "e1").iter_rows(named=True)}
    # c2 weights .6/.2/.2: A = .3 + .24 + .2 = .74; change = -0.20
    assert e1["revenue"]["contribution"] == pytest.approx(0.6 * 0.5 - 0.6 * 0.9)
    assert e1["nps"]["contribution"] == pytest.approx(0.2 * 1.2 - 0.4 * 1.0)
    assert e1["churn"]["contribution"] == pytest.approx(0.2)
    assert e1["revenue"]["total_change"] == pytest.approx(-0.20)
    assert sum(r["contribution"] for r in e1.values()) == pytest.approx(-0.20)
    assert e1["revenue"]["rank"] == 1
    for r in e1.values():
        assert r["from_attainment"] + r["from_weight"] == pytest.approx(r["contribution"])
    # nps: mean weight .3 * (1.2-1.0) = .06; mean att 1.1 * (.2-.4) = -.22
    assert e1["nps"]["from_attainment"] == pytest.approx(0.06) and e1["nps"][
        "from_weight"
    ] == pytest.approx(-0.22)
    e2 = kd.filter(pl.col("employee_id") == "e2")
    assert e2["total_change"][0] == pytest.approx(0.1)  # equal weights: (1.2+.8)/2 - (1+.8)/2
    employees = pl.DataFrame(
        {"employee_id": ["e1", "e2"], "department": ["销售中心/华东区", "销售中心/华南区"]}
    )
    dd = kpi_drivers_by_department(_kpis(), employees, cycles=cycles)
    rev = dd.filter(pl.col("kpi") == "revenue").row(0, named=True)
    assert rev["dept"] == "销售中心" and rev["n"] == 2
    c = [0.6 * 0.5 - 0.6 * 0.9, 0.1]
    assert rev["contribution"] == pytest.approx(np.mean(c))
    assert rev["contribution_ci95_high"] - rev["contribution"] == pytest.approx(
        stats.t.ppf(0.975, 1) * stats.sem(c)
    )
    assert dd["contribution"].sum() == pytest.approx((-0.20 + 0.1) / 2)


def test_kpi_department_drivers_give_levels_and_no_share_of_mixed_signs():
    """rev19c M3: the workbook showed the contribution's split under "attainment (from)" and
    "weight (from)" (a negative attainment, a weight of 0) and shares of 137% / -37%. The
    department rows now carry the KPI's mean weight and attainment on each side, and no share
    where the contributions have mixed signs."""
    cycles = pl.DataFrame({"cycle_id": ["c1", "c2"], "ordering": [1, 2]})
    employees = pl.DataFrame(
        {"employee_id": ["e1", "e2"], "department": ["销售中心/华东区", "销售中心/华南区"]}
    )
    dd = kpi_drivers_by_department(_kpis(), employees, cycles=cycles)
    rev = dd.filter(pl.col("kpi") == "revenue").row(0, named=True)
    # e1: weight .6 both sides, attainment .9 -> .5; e2: equal weights .5, 1.0 -> 1.2
    assert rev["weight_from"] == pytest.approx((0.6 + 0.5) / 2)
    assert rev["weight_to"] == pytest.approx((0.6 + 0.5) / 2)
    assert rev["attainment_from"] == pytest.approx((0.9 + 1.0) / 2)
    assert rev["attainment_to"] == pytest.approx((0.5 + 1.2) / 2)
    assert rev["attainment_from"] != pytest.approx(rev["contribution"])
    signs = dd["contribution"]
    assert (signs > 0).any() and (signs < 0).any()  # mixed signs: no share
    assert dd["share_of_change"].is_null().all()
    kd = kpi_drivers_by_employee(_kpis(), cycles=cycles)
    for _, g in kd.group_by("employee_id"):
        mixed = (g["contribution"] > 0).any() and (g["contribution"] < 0).any()
        assert g["share_of_change"].is_null().all() == mixed


def test_kpi_cells_stand_in_for_the_kpi_results():
    """KpiCells built once give the drivers and attainment of the frame they came from,
    whichever way the cycle order is given (the findings layer builds them once)."""
    from analytics.stats.attribution import KpiCells

    employees = pl.DataFrame({"employee_id": ["e1", "e2"], "department": ["甲/x", "乙/y"]})
    cycles = pl.DataFrame({"cycle_id": ["c1", "c2"], "ordering": [2, 1]})  # c2 comes first
    ordered = _kpis().with_columns(
        cycle_order=pl.when(pl.col("cycle_id") == "c1").then(2).otherwise(1)
    )
    for kpi, cyc in ((_kpis(), None), (_kpis(), cycles), (ordered, None)):
        cells = KpiCells(kpi)
        for fn in (kpi_drivers_by_employee, kpi_drivers_by_department):
            assert fn(cells, employees, cyc).equals(fn(kpi, employees, cyc))
        assert weighted_attainment(cells).equals(weighted_attainment(kpi))
        first = kpi_drivers_by_employee(cells, cycles=cyc)["from_cycle"].unique().to_list()
        assert first == (["c1"] if cyc is None and kpi is not ordered else ["c2"])
    with pytest.raises(ValueError, match="employees"):
        kpi_drivers_by_department(_kpis(), None)


def test_the_drivers_of_some_departments_are_their_rows_of_everyones():
    """kpi_drivers_of_departments (the team shifts' KPI, fit26b) reads only the named teams'
    people's cells and gives their rows of kpi_drivers_by_department (to 1e-12); a team that is
    not named has no row, and one with nobody in it none either."""
    from analytics.stats.attribution import KpiCells, kpi_drivers_of_departments

    kpi = pl.concat(
        [
            _kpis(),
            _kpis().with_columns(pl.col("employee_id") + "b", pl.col("attainment") * 0.7),
            _kpis().with_columns(pl.col("employee_id") + "c", pl.col("weight") * 2),
        ]
    )
    employees = pl.DataFrame(
        {
            "employee_id": ["e1", "e2", "e1b", "e2b", "e1c", "e2c"],
            "department": ["甲/x", "甲/x", "甲/y", "乙/z", "乙/z", "乙/z/q"],
        }
    )
    cycles = pl.DataFrame({"cycle_id": ["c1", "c2"], "ordering": [1, 2]})
    everyone = kpi_drivers_by_department(kpi, employees, cycles, dept_depth=2)
    for cells in (kpi, KpiCells(kpi)):
        got = kpi_drivers_of_departments(
            cells, employees, pl.Series(["甲/x", "乙/z", "丙/w"]), cycles, dept_depth=2
        )
        want = everyone.filter(pl.col("dept").is_in(["甲/x", "乙/z"]))
        # the same rows and columns; sums over fewer rows may differ in the last bit
        assert_frame_equal(got, want, rel_tol=1e-12, abs_tol=1e-12)
        assert set(got["dept"]) == {"甲/x", "乙/z"}
    sub = KpiCells(kpi).of_employees(pl.Series(["e2b"]))
    assert sorted(sub.employees.gather(np.unique(sub.ek_e)).to_list()) == ["e2b"]
    assert sub.A.shape == (np.sum(KpiCells(kpi).ek_e == sub.ek_e[0]), 2)


def test_score_changes_with_kpis():
    kp = _kpis().with_columns(pl.col("employee_id").replace({"e1": "a1", "e2": "b1"}))
    ch = score_changes(_toy(), _EFFECTS, kpi_results=kp)
    a1 = _row(ch, "a1")
    assert a1["kpi_from"] == pytest.approx(0.94) and a1["kpi_change"] == pytest.approx(-0.20)
    assert _row(ch, "a2")["kpi_change"] is None


# --------------------------------------------------------------------------------------------
# demo data (planted truth)
# --------------------------------------------------------------------------------------------


def test_demo_department_shock_is_environment(planted):
    d, ratings = planted
    shock = d.truth["department_shock"]
    from analytics.stats import raters

    full_eff = raters.rater_effects(ratings)
    eff = full_eff.select("rater_id", "effect")
    depth = len(shock["department"].split("/"))
    ch = score_changes(ratings, eff, dept_depth=depth)
    # same scores as raters.adjusted_scores (same roles here: the demo has no upward ratings)
    adj = raters.adjusted_scores(ratings, full_eff).select(
        pl.col("cycle_id").alias("from_cycle"), "employee_id", "raw", "adjusted"
    )
    both = ch.join(adj, on=["from_cycle", "employee_id"])
    assert both.height == ch.height
    np.testing.assert_allclose(both["score_from"], both["raw"], atol=1e-12)
    np.testing.assert_allclose(both["adjusted_from"], both["adjusted"], atol=1e-12)
    to_cycle, dept, shift = shock["cycle_id"], shock["department"], shock["shift"]
    sub = ch.filter((pl.col("to_cycle") == to_cycle) & (pl.col("dept") == dept))
    assert sub.height > 100
    # mainly environment: |department| beats |individual| and |rater| on average
    assert sub["department"].abs().mean() > sub["individual"].abs().mean()
    assert sub["department"].abs().mean() > 5 * sub["rater"].abs().mean()
    # the component is measured against the weighted median of the departments, which the
    # shocked unit (about a fifth of the company) does not move: the whole shift (it was
    # shift * (1 - n_dept / N), about -0.08, against the company mean that contained it)
    comp = sub["department"][0]
    assert comp == pytest.approx(shift, abs=0.02)
    assert comp == pytest.approx(shift, abs=0.03)
    sh = department_shifts(ch)
    row = sh.filter((pl.col("to_cycle") == to_cycle) & (pl.col("dept") == dept)).row(0, named=True)
    assert (
        row["flag"] is True and row["ci95_high"] < 0 and row["ci95_low"] < comp < row["ci95_high"]
    )
    assert row["diff_vs_rest"] == pytest.approx(shift, abs=0.02)
    # it is the only department-pair whose shift is both significant and material (>= 0.05)
    big = sh.filter(pl.col("flag") & (pl.col("department").abs() >= 0.05))
    assert set(zip(big["to_cycle"], big["dept"], strict=True)) <= {
        (to_cycle, dept),
        (ch.filter(pl.col("from_cycle") == to_cycle)["to_cycle"][0], dept),
    }  # the recovery one cycle later
    vd = variance_decomposition(ch, by=["dept", "to_cycle"])
    v = vd.filter((pl.col("dept") == dept) & (pl.col("to_cycle") == to_cycle)).row(0, named=True)
    assert v["share_environment"] > 0.5 and v["share_environment"] > v["share_individual"]
    # people who rose while the unit fell are listed with the unit's numbers
    at = against_trend(ch)
    assert at.height > 0 and (at["dept"] == dept).all() and (at["department"].abs() >= 0.05).all()


def _lenient_manager_panel(seed: int = 2) -> pl.DataFrame:
    """20 teams x 8 people, 2 cycles; manager m0 is lenient (+0.15); x moves from m1 to m0."""
    rng = np.random.default_rng(seed)
    rows = []
    teams = {t: [f"t{t}e{i}" for i in range(8)] for t in range(20)}
    true = {e: rng.normal(0.6, 0.08) for mem in teams.values() for e in mem}
    lenient = {f"m{t}": (0.15 if t == 0 else rng.normal(0, 0.02)) for t in range(20)}
    for c, order in (("c1", 1), ("c2", 2)):
        for t, mem in teams.items():
            for i, e in enumerate(mem):
                mgr = "m0" if (e == "t1e0" and c == "c2") else f"m{t}"
                rows.append(
                    (c, order, e, mgr, "manager", true[e] + lenient[mgr] + rng.normal(0, 0.03))
                )
                for k in (1, 2, 3):
                    peer = mem[(i + k) % 8]
                    rows.append((c, order, e, peer, "peer", true[e] + rng.normal(0, 0.03)))
    return _rated(rows).with_columns(
        dimension=pl.lit("overall"),
        weight=pl.lit(1.0),
        department=pl.when(pl.col("employee_id").str.starts_with("t1e"))
        .then(pl.lit("销售中心/华东区"))
        .otherwise(pl.lit("研发中心")),
        team=pl.lit(None, dtype=pl.String),
        level=pl.lit("P5"),
        job_family=pl.lit("研发"),
        manager_id=pl.lit(None, dtype=pl.String),
    )


def test_new_lenient_manager_gives_positive_rater_component():
    from analytics.stats import raters

    ratings = _lenient_manager_panel()
    eff = raters.rater_effects(ratings)
    m0 = eff.filter(pl.col("rater_id") == "m0")["effect"].item()
    assert m0 > 0.08  # the estimator sees the planted leniency (shrunk towards 0)
    ch = score_changes(ratings, eff.select("rater_id", "effect"))
    x = _row(ch, "t1e0")
    assert x["manager_changed"] is True and x["manager_from"] == "m1" and x["manager_to"] == "m0"
    # the manager (weight .6 of manager .6 + peer .2: .75 of the score) changed to a +m0
    # rater: rater part = .75 (m0 - m1)
    m1 = eff.filter(pl.col("rater_id") == "m1")["effect"].item()
    assert x["rater"] == pytest.approx(0.75 * (m0 - m1), abs=1e-9)
    assert x["rater"] > 0.02
    assert x["company"] + x["department"] + x["rater"] + x["individual"] == pytest.approx(
        x["change"], abs=1e-12
    )
    # everyone else kept their raters: rater part exactly 0
    others = ch.filter(pl.col("employee_id") != "t1e0")
    assert (others["rater"].abs() < 1e-12).all() and not others["manager_changed"].any()
    # without the adjustment the new manager's standard is not estimated: the leniency is the
    # new-manager part (not separable from a real change), with the adjustment it is the rater's
    raw = _row(score_changes(ratings, None), "t1e0")
    assert raw["manager_change_estimated"] is False and x["new_manager"] == 0
    assert raw["new_manager"] + raw["individual"] > x["individual"] + 0.02


def test_rating_weighted_score_and_se():
    # a manager and a peer: weights .75 and .25 (manager .6 and peer .2, renormalised: no
    # skip-level), whatever the number of dimensions each rated (as raters.adjusted_scores)
    rows = [
        ("c1", 1, "x", "m", "manager", 0.40),
        ("c1", 1, "x", "m", "manager", 0.50),
        ("c1", 1, "x", "m", "manager", 0.60),
        ("c1", 1, "x", "p", "peer", 0.90),
        ("c2", 2, "x", "m", "manager", 0.50),
        ("c2", 2, "x", "p", "peer", 0.70),
    ]
    df = _rated(rows).with_columns(department=pl.lit("甲部"))
    eff = pl.DataFrame({"rater_id": ["m", "p"], "effect": [0.04, -0.04]})
    x = score_changes(df, eff).row(0, named=True)
    assert x["score_from"] == pytest.approx((0.4 + 0.5 + 0.6 + 0.9) / 4)  # 0.6
    assert x["rater_effect_from"] == pytest.approx(0.75 * 0.04 + 0.25 * -0.04)  # 0.02
    # the same weights in c2: the rater part is unchanged
    assert x["rater_effect_to"] == pytest.approx(0.02) and x["rater"] == pytest.approx(0.0)
    assert x["score_to"] == pytest.approx(0.75 * 0.5 + 0.25 * 0.7)
    # se^2 = sd(.5,.9)^2 * (9/16 + 1/16) + sd(.5,.7)^2 * (9/16 + 1/16)
    v1 = np.var([0.5, 0.9], ddof=1) * 10 / 16
    v2 = np.var([0.5, 0.7], ddof=1) * 10 / 16
    assert x["change_se"] == pytest.approx(np.sqrt(v1 + v2))
    assert x["change_ci95_high"] - x["change"] == pytest.approx(
        stats.norm.ppf(0.975) * np.sqrt(v1 + v2)
    )


# every weight and attainment given: KpiCells' path without masked copies; some missing: masked
@pytest.mark.parametrize("missing", [0.0, 0.2])
def test_weighted_attainment_matches_plain_group_by_on_random_data(missing: float):
    rng = np.random.default_rng(9)
    n = 4000
    df = pl.DataFrame(
        {
            "cycle_id": rng.choice(["c1", "c2", "c3"], n),
            "employee_id": rng.choice([f"e{i}" for i in range(300)], n),
            "kpi": rng.choice(["rev", "nps", "cost", "churn"], n),
            "period": rng.choice(["m1", "m2", "m3"], n),
            "target": rng.uniform(50, 150, n),
            "actual": rng.uniform(0, 200, n),
            "weight": np.where(rng.random(n) < missing, np.nan, rng.uniform(0, 5, n)),
            "attainment": np.where(rng.random(n) < 1.5 * missing, np.nan, rng.uniform(0, 2, n)),
        }
    ).with_columns(pl.col("weight", "attainment").fill_nan(None))
    df = df.unique(["cycle_id", "employee_id", "kpi", "period"])
    got = weighted_attainment(df).sort(["cycle_id", "employee_id", "kpi"])
    # reference: the same rules written as a plain Polars group-by
    ce = ["cycle_id", "employee_id"]
    ref = (
        df.with_columns(_a=pl.coalesce("attainment", pl.col("actual") / pl.col("target")))
        .group_by(["cycle_id", "employee_id", "kpi"])
        .agg(attainment=pl.col("_a").mean(), _w=pl.col("weight").mean(), n_periods=pl.len())
        .with_columns(
            _w=pl.when(pl.col("_w").is_null().all().over(ce))
            .then(1.0)
            .otherwise(pl.col("_w").fill_null(0.0))
        )
        .with_columns(weight=pl.col("_w") / pl.col("_w").sum().over(ce))
        .sort(["cycle_id", "employee_id", "kpi"])
    )
    assert got.height == ref.height
    np.testing.assert_allclose(
        got["attainment"].to_numpy(), ref["attainment"].to_numpy(), rtol=1e-12
    )
    np.testing.assert_allclose(got["weight"].to_numpy(), ref["weight"].to_numpy(), rtol=1e-12)
    assert got["n_periods"].to_list() == ref["n_periods"].to_list()
    sums = got.group_by(ce).agg(pl.col("weight").sum())["weight"].to_numpy()
    np.testing.assert_allclose(sums, 1.0)
    # per-employee KPI contributions add up to the change in weighted attainment
    kd = kpi_drivers_by_employee(df)
    tot = got.group_by(ce).agg(A=pl.col("weighted").sum())
    e = kd.group_by(["employee_id", "from_cycle", "to_cycle"]).agg(
        pl.col("contribution").sum(), pl.col("total_change").first()
    )
    chk = e.join(
        tot.rename({"cycle_id": "from_cycle", "A": "A0"}), on=["employee_id", "from_cycle"]
    ).join(tot.rename({"cycle_id": "to_cycle", "A": "A1"}), on=["employee_id", "to_cycle"])
    assert chk.height == e.height > 100
    np.testing.assert_allclose(
        chk["contribution"].to_numpy(), (chk["A1"] - chk["A0"]).to_numpy(), atol=1e-12
    )
    np.testing.assert_allclose(
        chk["total_change"].to_numpy(), chk["contribution"].to_numpy(), atol=1e-12
    )


def test_demo_planted_manager_changes_show_in_rater_component(planted):
    from analytics.stats import raters

    d, ratings = planted
    ch = score_changes(ratings, raters.rater_effects(ratings).select("rater_id", "effect"))
    signs = {"lenient": 1.0, "severe": -1.0}
    checked = 0
    for mc in d.truth["manager_changes"]:  # a handful of planted events
        if mc["new_manager_bias"] not in signs:
            continue
        moved = ch.filter(
            (pl.col("to_cycle") == mc["cycle_id"])
            & (pl.col("manager_to") == mc["new_manager_id"])
            & (pl.col("manager_from") == mc["old_manager_id"])
        )
        assert moved.height >= 3 and moved["manager_changed"].all()
        # the new manager's leniency (severity) moves the rater part up (down) for everyone
        assert (moved["rater"] * signs[mc["new_manager_bias"]] > 0).all()
        assert abs(moved["rater"].mean()) > 0.01
        checked += 1
    assert checked >= 1


def test_variance_share_interval_matches_the_employee_jackknife():
    """The shares' delta-method SE (clustered by employee, the environment part re-estimated)
    against the delete-one-employee jackknife, which recomputes the whole split."""
    from tests.sim.intervals import SHARES, share_changes

    f = share_changes(np.random.default_rng(7), 80)
    full = variance_decomposition(f).filter(pl.col("dept") == "A").row(0, named=True)
    assert full["n_employees"] == 80
    tq = stats.t.ppf(0.975, 79)
    a_ids = f.filter(pl.col("dept") == "A")["employee_id"].unique().to_list()
    jack = {k: [] for k in SHARES}
    for e in a_ids:  # a test-only loop over the 80 leave-one-out refits
        g = f.filter(pl.col("employee_id") != e).with_columns(_d=pl.col("change") - pl.col("rater"))
        g = g.with_columns(company=pl.col("_d").mean().over("from_order"))
        g = g.with_columns(
            department=pl.col("_d").mean().over(["from_order", "dept"]) - pl.col("company")
        ).with_columns(
            individual=pl.col("change") - pl.col("company") - pl.col("department") - pl.col("rater")
        )
        row = variance_decomposition(g).filter(pl.col("dept") == "A").row(0, named=True)
        for k in SHARES:
            jack[k].append(row[f"share_{k}"])
    for k in SHARES:
        s = np.asarray(jack[k])
        se_jack = np.sqrt((s.size - 1) / s.size * ((s - s.mean()) ** 2).sum())
        se = (full[f"share_{k}_ci95_high"] - full[f"share_{k}_ci95_low"]) / (2 * tq)
        assert se == pytest.approx(se_jack, rel=0.1), k
    comp = variance_decomposition(f).filter(pl.col("scope") == "company").row(0, named=True)
    assert comp["share_rater_ci95_low"] < comp["share_rater"] < comp["share_rater_ci95_high"]


def test_variance_share_interval_cannot_be_estimated_for_one_employee():
    f = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c"],
            "dept": ["X", "Y", "Y"],
            "from_order": [0, 0, 0],
            "change": [0.1, 0.2, -0.1],
            "company": [0.0667] * 3,
            "department": [0.0333, -0.0167, -0.0167],
            "rater": [0.0, 0.05, 0.0],
        }
    ).with_columns(
        individual=pl.col("change") - pl.col("company") - pl.col("department") - pl.col("rater")
    )
    x = variance_decomposition(f).filter(pl.col("dept") == "X").row(0, named=True)
    assert x["share_environment"] is not None and x["share_environment_ci95_low"] is None


def test_company_part_interval_is_the_t_interval_of_the_mean():
    from tests.sim.intervals import share_changes

    f = share_changes(np.random.default_rng(2), 25).with_columns(
        from_cycle=pl.format("c{}", pl.col("from_order")),
        to_cycle=pl.format("c{}", pl.col("from_order") + 1),
    )
    first = department_shifts(f).filter(pl.col("from_cycle") == "c0").row(0, named=True)
    x = f.filter(pl.col("from_order") == 0).select(pl.col("change") - pl.col("rater"))
    x = x.to_series().to_numpy()
    lo, hi = stats.t.interval(0.95, x.size - 1, loc=x.mean(), scale=stats.sem(x))
    assert first["company"] == pytest.approx(x.mean())
    assert first["company_ci95_low"] == pytest.approx(lo) and first[
        "company_ci95_high"
    ] == pytest.approx(hi)


def test_largest_movers_rank_by_the_largest_absolute_change_ties_by_id():
    changes = pl.DataFrame(
        {
            "employee_id": ["E3", "E3", "E1", "E2", "E4", "E5"],
            "change": [0.1, -0.9, 0.5, -0.5, None, 0.2],
        }
    )
    top, everyone = largest_movers(changes, 3)
    # E3's largest is -0.9 (not its later 0.1); E1 and E2 tie at 0.5, by id; no change: last
    assert top == ["E3", "E1", "E2"]
    assert everyone == frozenset({"E1", "E2", "E3", "E4", "E5"})
    assert largest_movers(changes, 10)[0] == ["E3", "E1", "E2", "E5", "E4"]


def test_a_large_department_falling_is_judged_against_the_rest_of_the_company():
    """rev23a item 7: a sales organisation of 300 in a company of 900 falls 0.052 (5.2 points on
    0-100) and every other department stays flat. Its component against the company mean was
    diluted by its own weight, (600/900) x -0.052 = -0.035, which stayed under the 0.05 bar while
    the flat departments read +0.017. Against the weighted median of the departments (session
    24) the component is the whole fall, it is listed as a department-wide shift, and the flat
    departments read about 0 and are not flagged."""
    ch = _falling_sales(-0.052, 0.07, seed=11, size=300)
    da, dept = ch["change"].to_numpy(), ch["dept"].to_numpy()
    sh = department_shifts(ch)
    sales = sh.filter(pl.col("dept") == "销售中心").row(0, named=True)
    rest = da[dept != "销售中心"].mean()
    assert sales["diff_vs_rest"] == pytest.approx(da[dept == "销售中心"].mean() - rest, abs=1e-12)
    # session 24: the company part is the weighted median of the three departments (300 each:
    # the middle one, a flat department), so the fall is not diluted: the component is the
    # sales mean less that flat department's mean, about -0.052, not (600/900) x -0.052
    middle = sorted(da[dept == d].mean() for d in ("销售中心", "生产中心", "研发中心"))[1]
    assert sales["company"] == pytest.approx(middle, abs=1e-12)
    assert sales["department"] == pytest.approx(da[dept == "销售中心"].mean() - middle, abs=1e-12)
    assert sales["department"] <= -0.05 and sales["diff_vs_rest"] <= -0.05
    assert sales["flag"] and sales["broad"]
    flat = sh.filter(pl.col("dept") != "销售中心")
    # the flat departments read within noise of 0 (+0.017 against the mean before), unflagged
    assert (flat["department"].abs() < 0.005).all() and not flat["flag"].any()
    assert not flat["broad"].any(), flat.select("dept", "department", "diff_vs_rest", "flag")


def _falling_sales(fall: float, level_sd: float, seed: int = 28, size: int = 200) -> pl.DataFrame:
    """Three departments of ``size``, 销售中心 falls ``fall`` (0-1 score, noise SD 0.02); the
    people's later scores spread ``level_sd``: the changes as :func:`score_changes` gives them."""
    rng = np.random.default_rng(seed)
    dept = np.repeat(np.array(["销售中心", "生产中心", "研发中心"]), size)
    da = rng.normal(0, 0.02, dept.size) + np.where(dept == "销售中心", fall, 0.0)
    ch = pl.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(dept.size)],
            "dept": dept,
            "from_cycle": "2025H2",
            "to_cycle": "2026H1",
            "from_order": 1,
            "score_to": rng.normal(0.75, level_sd, dept.size),
            "change": da,
            "rater": 0.0,
            "manager_changed": False,
        }
    )
    return _with_parts(ch, da, dept)


def test_a_department_shift_is_material_at_a_fifth_of_the_spread_of_person_scores():
    """rev28a item 1: 销售中心 fell 3.8 points on 0-100 (0.6 SD of the person scores), Holm
    p < 1e-20, and was not listed because it was under a fixed 5 points. The threshold is
    0.2 SD of the pair's later scores (Cohen's small effect), at least 0.01 (1 point): here
    0.2 x 0.07 = 0.014, so the fall is listed and its riser is against the trend; the same fall
    in a company whose people spread 0.25 (threshold 0.05) is not; nor is a significant move
    of under a point, below the 1-point floor where the scores hardly spread."""
    ch = _falling_sales(-0.038, 0.07)
    sd = float(ch["score_to"].std())
    sh = department_shifts(ch)
    assert sh["min_shift"].to_list() == pytest.approx([0.2 * sd] * 3, abs=1e-12)
    assert sh["sd_scores"][0] == pytest.approx(sd, abs=1e-12)
    sales = sh.filter(pl.col("dept") == "销售中心").row(0, named=True)
    assert sales["flag"] and sales["material"] and sales["broad"]
    assert abs(sales["department"]) < 0.05  # the old rule (5 points) left it out
    assert not sh.filter(pl.col("dept") != "销售中心")["material"].any()
    riser = ch.with_columns(
        change=pl.when(pl.col("employee_id") == "e7").then(0.1).otherwise(pl.col("change"))
    )
    riser = riser.with_columns(
        individual=pl.col("change") - pl.col("company") - pl.col("department")
    )
    at = against_trend(riser, shifts=department_shifts(riser))
    assert at["employee_id"][0] == "e7" and (at["dept"] == "销售中心").all()
    assert at["min_shift"].to_list() == pytest.approx([0.2 * sd] * at.height, abs=1e-12)
    wide = department_shifts(_falling_sales(-0.038, 0.25))
    assert wide["min_shift"][0] == pytest.approx(0.05, abs=0.005)
    assert not wide.filter(pl.col("dept") == "销售中心")["material"][0]
    small = department_shifts(_falling_sales(-0.009, 0.02)).filter(pl.col("dept") == "销售中心")
    assert small["flag"][0] and small["min_shift"][0] == 0.01 and not small["material"][0]


def test_the_rater_change_share_is_at_most_all_of_the_change():
    """rev29a: the teams that kept their manager rose (+0.10) while the new managers' teams
    fell (-0.30): the rater-change part is twice the department's change; the share is 1, as
    the words say it ("100% of the change"), not the 1.667 the CSV showed beside them."""
    sh = department_shifts(_manager_change_frame(5, -0.40, 0.10))
    a = sh.filter(pl.col("dept") == "A").row(0, named=True)
    assert a["rater_change_shift"] / a["department"] > 1.5
    assert a["rater_change_share"] == 1.0


def test_two_departments_book_company_and_department_together_and_list_risers_against_it():
    """rev29a items 1-2: with two departments the company part (their mean) holds either's
    own move, so no department shift is claimed (``environment_joint``, not ``broad``), and
    a person rising strongly while the company as a whole fell materially is listed."""
    # hand-worked: 30 people in 大部, 29 fell 0.10 and one rose 0.20, 10 in 小部 flat:
    # company = (29 * -0.10 + 0.20 + 0) / 40 = -0.0675 (jitter of at most 0.002 aside)
    change = [-0.10] * 29 + [0.20] + [0.0] * 10
    dept = ["大部"] * 30 + ["小部"] * 10
    ch = pl.DataFrame(
        {
            "employee_id": [f"p{i}" for i in range(40)],
            "dept": dept,
            "from_cycle": "c1",
            "to_cycle": "c2",
            "from_order": 1,
            "change": [c + 0.001 * (i % 3) for i, c in enumerate(change)],
            "rater": 0.0,
        }
    ).with_columns(company=pl.col("change").mean(), n_pair=pl.len(), n_dept=pl.len().over("dept"))
    ch = ch.with_columns(
        department=pl.col("change").mean().over("dept") - pl.col("company")
    ).with_columns(individual=pl.col("change") - pl.col("company") - pl.col("department"))
    assert ch["company"][0] == pytest.approx(-0.0675, abs=0.002)
    sh = department_shifts(ch)
    assert sh["environment_joint"].all() and not sh["broad"].any()
    assert not sh["confounded_with_rater_change"].any()
    at = against_trend(ch, z=2.0, shifts=sh)
    assert at["employee_id"].to_list() == ["p29"] and at["trend"].to_list() == ["environment"]
    r = at.row(0, named=True)
    assert r["reason"]["code"] == "against_joint_trend"
    en, zh = (text.render_column(pl.Series([r["reason"]]), g, "reason")[0] for g in ("en", "zh"))
    assert "to tell a company-wide move" in en and "fell 0.067" in en and "无法分开" in zh


def test_a_rater_effect_that_cannot_be_estimated_is_null_not_zero():
    """rev29b item 3d: MF1 rates all of Finance alone (not_estimable); the JSON's
    rater_effect_from/to read 0.0 for his people. The rater part stays 0 (the convention),
    the effect itself is null; an estimated rater's stays its number."""
    rows = [
        ("c1", 1, "x", "mf", "manager", 0.70),
        ("c2", 2, "x", "mf", "manager", 0.80),
        ("c1", 1, "y", "m", "manager", 0.50),
        ("c2", 2, "y", "m", "manager", 0.60),
    ]
    df = _rated(rows).with_columns(department=pl.lit("甲部"))
    eff = pl.DataFrame(
        {"rater_id": ["mf", "m"], "effect": [None, 0.03], "identified": [False, True]},
        schema={"rater_id": pl.String, "effect": pl.Float64, "identified": pl.Boolean},
    )
    ch = score_changes(df, eff)
    x, y = _row(ch, "x"), _row(ch, "y")
    assert x["rater_effect_from"] is None and x["rater_effect_to"] is None
    assert x["rater"] == 0.0 and x["rater_se"] is None
    assert y["rater_effect_from"] == pytest.approx(0.03) and y["rater"] == pytest.approx(0.0)
