"""Kappa (Cohen 1960, weighted Cohen 1968, Fleiss 1971) and the G and D studies, checked
against published examples (Fleiss 1971; SAS PROC FREQ's kappa printout; Brennan 2001's
synthetic data sets 1-4), statsmodels, closed-form identities and simulated data with known
variance components."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from statsmodels.stats import inter_rater as sm  # pinned in requirements.txt: never skipped

from analytics.stats import agreement as A
from analytics.stats.keys import value_codes

# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses
# (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other)
FLEISS_1971 = np.array(
    [
        [4, 4, 4, 4, 4, 4],
        [2, 2, 2, 5, 5, 5],
        [2, 3, 3, 3, 3, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3],
        [3, 3, 3, 3, 5, 5],
        [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4],
        [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4],
        [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3],
        [1, 4, 4, 4, 4, 4],
        [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5],
        [1, 1, 1, 1, 1, 2],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 4, 4, 4, 4, 4],
        [2, 2, 4, 5, 5, 5],
        [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4],
        [1, 1, 1, 1, 5, 5],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3],
        [5, 5, 5, 5, 5, 5],
    ]
)

# SAS PROC FREQ's kappa printout for this 3 x 3 table (as statsmodels' tests quote it):
# simple kappa 0.4842, ASE 0.1380, CI 0.2137-0.7547, ASE under H0 0.1484, Z 3.2626;
# weighted kappa (Cicchetti-Allison = linear) 0.4701, ASE 0.1457, CI 0.1845-0.7558,
# ASE under H0 0.1426, Z 3.2971
SAS_TABLE = np.array([[0, 4, 1], [0, 8, 0], [0, 1, 5]])


def _long(table: np.ndarray) -> pl.DataFrame:
    i, j = np.nonzero(table >= 0)
    reps = table[i, j]
    return pl.DataFrame({"a": np.repeat(i, reps), "b": np.repeat(j, reps)})


def _fleiss_long(matrix: np.ndarray) -> pl.DataFrame:
    n, m = matrix.shape
    return pl.DataFrame({"subject": np.repeat(np.arange(n), m), "grade": matrix.ravel()})


# ---- Fleiss' kappa ------------------------------------------------------------------------


def test_fleiss_1971_kappa_is_0_430():
    out = A.fleiss_kappa(_fleiss_long(FLEISS_1971), "subject", "grade").row(0, named=True)
    assert out["kappa"] == pytest.approx(0.430, abs=5e-4)  # Fleiss (1971): 0.430
    assert out["n"] == 30 and out["n_ratings"] == 180 and out["n_categories"] == 5
    assert out["raters_per_subject"] == 6
    # the null z of R's irr::kappam.fleiss on the same data: z = 17.7
    assert out["z"] == pytest.approx(17.7, abs=0.05)
    assert out["ci95_low"] < out["kappa"] < out["ci95_high"]


def test_fleiss_matches_statsmodels():
    rng = np.random.default_rng(3)
    for _ in range(5):
        truth = rng.integers(0, 4, size=40)
        mat = np.where(rng.random((40, 5)) < 0.6, truth[:, None], rng.integers(0, 4, (40, 5)))
        ours = A.fleiss_kappa(_fleiss_long(mat), "subject", "grade")["kappa"].item()
        assert ours == pytest.approx(sm.fleiss_kappa(sm.aggregate_raters(mat)[0]), abs=1e-12)


def _fleiss_brute(groups: list[list[int]]) -> float:
    cats = sorted({v for g in groups for v in g})
    counts = np.array([[g.count(c) for c in cats] for g in groups], dtype=float)
    m = counts.sum(axis=1)
    p_i = ((counts**2).sum(axis=1) - m) / (m * (m - 1))
    p_j = counts.sum(axis=0) / m.sum()
    pe = (p_j**2).sum()
    return (p_i.mean() - pe) / (1 - pe)


def test_fleiss_jackknife_and_varying_raters_match_a_loop():
    rng = np.random.default_rng(11)
    groups = [list(rng.integers(0, 3, size=int(rng.integers(2, 6))) + (i % 2)) for i in range(25)]
    df = pl.DataFrame(
        {
            "subject": [i for i, g in enumerate(groups) for _ in g],
            "grade": [int(v) for g in groups for v in g],
        }
    )
    out = A.fleiss_kappa(df, "subject", "grade").row(0, named=True)
    assert out["kappa"] == pytest.approx(_fleiss_brute(groups), abs=1e-12)
    loo = np.array([_fleiss_brute(groups[:i] + groups[i + 1 :]) for i in range(len(groups))])
    n = len(groups)
    se = np.sqrt((n - 1) / n * ((loo - loo.mean()) ** 2).sum())
    assert out["se"] == pytest.approx(se, rel=1e-10)
    assert out["se0"] is None  # the null variance needs the same number of raters everywhere


def test_fleiss_leaves_out_single_ratings_and_says_when_undefined():
    df = pl.DataFrame({"subject": [1, 1, 2, 2, 3], "grade": ["A", "A", "A", "A", "B"]})
    out = A.fleiss_kappa(df, "subject", "grade").row(0, named=True)
    assert out["n"] == 2  # subject 3 has one rating
    assert out["kappa"] is None  # one category only: chance agreement is total


# ---- Cohen's kappa ------------------------------------------------------------------------


def test_cohen_two_by_two_textbook_example():
    # 50 proposals read by two readers: yes/yes 20, yes/no 5, no/yes 10, no/no 15:
    # p_o = 0.70, p_e = 0.50, kappa = 0.40
    out = A.cohen_kappa(_long(np.array([[20, 5], [10, 15]])), "a", "b").row(0, named=True)
    assert out["p_observed"] == pytest.approx(0.70)
    assert out["p_expected"] == pytest.approx(0.50)
    assert out["kappa"] == pytest.approx(0.40)
    assert out["n"] == 50


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ("none", (0.4842, 0.1380, 0.2137, 0.7547, 0.1484, 3.2626)),
        ("linear", (0.4701, 0.1457, 0.1845, 0.7558, 0.1426, 3.2971)),
    ],
)
def test_cohen_matches_the_sas_printout(weights, expected):
    out = A.cohen_kappa(_long(SAS_TABLE), "a", "b", weights=weights).row(0, named=True)
    got = [out[k] for k in ("kappa", "se", "ci95_low", "ci95_high", "se0", "z")]
    assert got == pytest.approx(list(expected), abs=6e-5)


@pytest.mark.parametrize("wt", ["linear", "quadratic"])
def test_weighted_cohen_matches_statsmodels(wt):
    rng = np.random.default_rng(5)
    for _ in range(5):
        table = rng.integers(0, 12, size=(5, 5)) + 6 * np.eye(5, dtype=int)
        ref = sm.cohens_kappa(table, wt=wt)
        out = A.cohen_kappa(_long(table), "a", "b", weights=wt).row(0, named=True)
        assert out["kappa"] == pytest.approx(ref.kappa, abs=1e-12)
        assert out["se"] == pytest.approx(ref.std_kappa, abs=1e-12)
        assert out["se0"] == pytest.approx(ref.std_kappa0, abs=1e-12)


def test_quadratic_kappa_is_the_moment_identity_and_weights_follow_the_scale():
    # quadratic weighted kappa = 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2) (moments with
    # divisor n; Fleiss & Cohen 1973): it weights by distance on the scale, so positions
    # 0, 0.25, ..., 1 (a normalised 1-5 scale with 0.75 never used) give the same kappa as
    # 1..5, and not the kappa of the observed labels' ranks
    rng = np.random.default_rng(2)
    x = rng.choice([0.0, 0.25, 0.5, 1.0], size=300)
    y = np.clip(x + rng.choice([-0.25, 0.0, 0.25], size=300), 0, 1)
    y[y == 0.75] = 1.0
    df = pl.DataFrame({"a": x, "b": y})
    out = A.cohen_kappa(df, "a", "b", weights="quadratic").row(0, named=True)
    sxy = ((x - x.mean()) * (y - y.mean())).mean()
    identity = 2 * sxy / (x.var() + y.var() + (x.mean() - y.mean()) ** 2)
    assert out["kappa"] == pytest.approx(identity, abs=1e-12)
    scaled = df.select(pl.col("a", "b") * 4 + 1)
    assert A.cohen_kappa(scaled, "a", "b", weights="quadratic")["kappa"].item() == pytest.approx(
        out["kappa"], abs=1e-12
    )
    full = A.cohen_kappa(df, "a", "b", weights="linear", categories=[0, 0.25, 0.5, 0.75, 1])
    assert full["n_categories"].item() == 5
    assert full["kappa"].item() == pytest.approx(
        A.cohen_kappa(df, "a", "b", weights="linear")["kappa"].item(), abs=1e-12
    )


def test_cohen_cannot_estimate_rather_than_zero():
    same = pl.DataFrame({"a": [1, 1, 1], "b": [1, 1, 1]})
    assert A.cohen_kappa(same, "a", "b")["kappa"].item() is None
    empty = pl.DataFrame({"a": [None], "b": [2]}, schema={"a": pl.Int64, "b": pl.Int64})
    out = A.cohen_kappa(empty, "a", "b").row(0, named=True)
    assert out["n"] == 0 and out["kappa"] is None
    with pytest.raises(ValueError, match="numeric"):
        A.cohen_kappa(pl.DataFrame({"a": ["S"], "b": ["A"]}), "a", "b", weights="linear")
    with pytest.raises(ValueError, match="weights"):
        A.cohen_kappa(same, "a", "b", weights="cubic")


# ---- G study and D study -------------------------------------------------------------------

# Brennan (2001) synthetic data set No. 3: 10 persons x 4 items (here: raters) x 2 occasions
# (here: cycles); his estimates p .5528, i .4417, o .0074, pi .5750, po .1009, io .1565,
# pio,e .9352; for n_i = 4, n_o = 2: E rho^2 = .64, Phi = .55
BRENNAN_3 = {
    ("o1", "i1"): [2, 4, 5, 5, 4, 4, 2, 3, 0, 6],
    ("o1", "i2"): [6, 5, 5, 9, 3, 4, 6, 4, 5, 8],
    ("o1", "i3"): [7, 6, 4, 8, 5, 4, 6, 4, 4, 7],
    ("o1", "i4"): [5, 7, 6, 6, 6, 7, 5, 5, 5, 6],
    ("o2", "i1"): [2, 6, 5, 5, 4, 6, 2, 6, 5, 6],
    ("o2", "i2"): [5, 7, 4, 7, 5, 4, 7, 6, 5, 8],
    ("o2", "i3"): [5, 5, 5, 7, 6, 7, 7, 6, 5, 8],
    ("o2", "i4"): [5, 7, 5, 6, 4, 8, 5, 4, 3, 6],
}


def _brennan_3() -> pl.DataFrame:
    rows = [(p, i, o, float(x)) for (o, i), xs in BRENNAN_3.items() for p, x in enumerate(xs)]
    return pl.DataFrame(rows, schema=["p", "i", "o", "y"], orient="row")


def _components(g: pl.DataFrame) -> dict[str, float | None]:
    return dict(g.select("component", "estimate").iter_rows())


def test_g_study_reproduces_brennan_synthetic_data_3():
    g = A.g_study(_brennan_3(), "p", "i", "y", cycle="o")
    est = _components(g)
    expected = {
        "p": 0.5528,
        "r": 0.4417,
        "c": 0.0074,
        "pr": 0.5750,
        "pc": 0.1009,
        "rc": 0.1565,
        "residual": 0.9352,
    }
    assert est == pytest.approx(expected, abs=6e-5)
    assert g.row(0, named=True)["n_people"] == 10 and g["n_obs"][0] == 80
    d = A.decision_study(g, [4], [2], design="crossed").row(0, named=True)
    assert d["g_coef"] == pytest.approx(0.64, abs=5e-3)
    assert d["phi"] == pytest.approx(0.55, abs=5e-3)


def test_g_study_person_x_rater_brennan_synthetic_data_1():
    # Brennan's data set No. 1 (10 persons x 12 dichotomous items): p .0574, i .0754,
    # pi,e .1269; n_i = 12: E rho^2 = .844, Phi = .773
    rows = [
        [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0],
        [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
        [1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0],
        [1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0],
        [1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0],
        [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
        [1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ]
    df = pl.DataFrame(
        {
            "p": np.repeat(np.arange(10), 12),
            "i": np.tile(np.arange(12), 10),
            "y": np.array(rows, dtype=float).ravel(),
        }
    )
    g = A.g_study(df, "p", "i", "y")
    est = _components(g)
    assert est["p"] == pytest.approx(0.0574, abs=6e-5)
    assert est["r"] == pytest.approx(0.0754, abs=6e-5)
    assert est["residual"] == pytest.approx(0.1269, abs=6e-5)
    pr = g.filter(pl.col("component") == "pr").row(0, named=True)
    assert pr["estimable"] is False and pr["confounded_with"] == "residual"
    d = A.decision_study(g, [12], [1], design="crossed").row(0, named=True)
    assert d["g_coef"] == pytest.approx(0.844, abs=5e-4)
    assert d["phi"] == pytest.approx(0.773, abs=5e-4)
    assert A.decision_study(g, [12], [2], design="crossed")["reason"].item() == "one_cycle"


def test_g_study_raters_nested_in_people_brennan_synthetic_data_2():
    # Brennan's data set No. 2 (i:p, 10 persons x 8 items of their own): p .6108, i:p 2.025,
    # E rho^2 = Phi = .71 for 8 items
    items = [
        [2, 4, 5, 5, 4, 4, 2, 3, 0, 6],
        [6, 5, 5, 9, 3, 4, 6, 4, 5, 8],
        [7, 6, 4, 8, 5, 4, 6, 4, 4, 7],
        [5, 7, 6, 6, 6, 7, 5, 5, 5, 6],
        [2, 6, 5, 5, 4, 6, 2, 6, 5, 6],
        [5, 7, 4, 7, 5, 4, 7, 6, 5, 8],
        [5, 5, 5, 7, 6, 7, 7, 6, 5, 8],
        [5, 7, 5, 6, 4, 8, 5, 4, 3, 6],
    ]
    df = pl.DataFrame(
        [(p, f"{p}-{i}", float(x)) for i, xs in enumerate(items) for p, x in enumerate(xs)],
        schema=["p", "r", "y"],
        orient="row",
    )
    g = A.g_study(df, "p", "r", "y")
    est = _components(g)
    assert est["p"] == pytest.approx(0.6108, abs=6e-5)
    assert est["residual"] == pytest.approx(2.0250, abs=6e-5)  # r, pr and e are one here
    d = A.decision_study(g, [8], [1]).row(0, named=True)
    assert d["g_coef"] == pytest.approx(0.71, abs=5e-3) and d["phi"] == pytest.approx(
        0.71, abs=5e-3
    )


def test_variance_components_unbalanced_brennan_synthetic_data_4():
    # Brennan's unbalanced p x (i:h): 8 persons, 2, 4 and 2 items in the three categories;
    # p 1.2014, h 2.9161, i:h .2946, ph .9913, pi:h,e .8429 (the analogous-ANOVA estimates;
    # ours .99143 for ph: the published figure is 1.3e-4 lower, the others agree to 5e-5)
    cells = {
        ("h1", "i1"): [4, 2, 2, 1, 3, 1, 3, 0],
        ("h1", "i2"): [5, 1, 4, 3, 3, 2, 5, 1],
        ("h2", "i1"): [3, 2, 4, 5, 6, 5, 6, 1],
        ("h2", "i2"): [3, 3, 7, 4, 7, 6, 8, 2],
        ("h2", "i3"): [5, 1, 6, 5, 5, 4, 6, 0],
        ("h2", "i4"): [4, 4, 5, 5, 7, 4, 7, 4],
        ("h3", "i1"): [5, 4, 8, 4, 8, 5, 7, 7],
        ("h3", "i2"): [7, 6, 7, 5, 9, 6, 8, 8],
    }
    df = pl.DataFrame(
        [(p, h, i, float(x)) for (h, i), xs in cells.items() for p, x in enumerate(xs)],
        schema=["p", "h", "i", "y"],
        orient="row",
    )
    out = A.variance_components(
        df, "y", {"p": ["p"], "h": ["h"], "i:h": ["h", "i"], "ph": ["p", "h"]}
    )
    assert _components(out) == pytest.approx(
        {"p": 1.2014, "h": 2.9161, "i:h": 0.2946, "ph": 0.9913, "residual": 0.8429}, abs=1.5e-4
    )


def _simulate(seed: int, s: dict[str, float], teams: int = 300, size: int = 8) -> pl.DataFrame:
    """Teams of ``size`` people, each rated by its team's 4 raters in each of 6 cycles
    (raters nested in teams, crossed with the team's people and the cycles), with missing
    ratings (15%), so the design is unbalanced."""
    rng = np.random.default_rng(seed)
    n_c, n_r = 6, 4
    people = teams * size
    raters = teams * n_r
    p = np.repeat(np.arange(people), n_r * n_c)
    team = p // size
    r = team * n_r + np.tile(np.repeat(np.arange(n_r), n_c), people)
    c = np.tile(np.arange(n_c), people * n_r)

    def eff(name: str, *shape: int) -> np.ndarray:
        return rng.normal(0, np.sqrt(s[name]), shape)

    y = (
        eff("p", people)[p]
        + eff("r", raters)[r]
        + eff("c", n_c)[c]
        + eff("pr", people, raters)[p, r]
        + eff("pc", people, n_c)[p, c]
        + eff("rc", raters, n_c)[r, c]
        + eff("residual", p.size)
    )
    keep = rng.random(p.size) > 0.15
    return pl.DataFrame({"p": p[keep], "r": r[keep], "c": c[keep], "y": y[keep]})


def test_g_study_recovers_known_components_from_simulated_ratings():
    truth = {"p": 0.5, "r": 0.2, "c": 0.0, "pr": 0.15, "pc": 0.1, "rc": 0.05, "residual": 0.3}
    g = A.g_study(_simulate(1, truth), "p", "r", "y", cycle="c", max_people=None)
    est = _components(g)
    for name in ("p", "pr", "pc", "rc", "residual"):
        assert est[name] == pytest.approx(truth[name], abs=0.03), name
    assert est["r"] == pytest.approx(truth["r"], abs=0.05)  # 1,200 raters
    assert abs(est["c"]) < 0.02  # 6 cycles: the least precise component
    # the D study from the estimates is the D study from the truth, within 0.02
    truth_frame = pl.DataFrame(
        {"component": list(truth), "variance": list(truth.values()), "estimable": True}
    )
    d_est = A.decision_study(g)
    d_true = A.decision_study(truth_frame)
    assert d_est.height == 40 and d_est["reason"].null_count() == 40
    assert np.abs(d_est["phi"].to_numpy() - d_true["phi"].to_numpy()).max() < 0.02
    # more raters and more cycles never lower the reliability
    grid = d_true["phi"].to_numpy().reshape(10, 4)
    assert (np.diff(grid, axis=0) > 0).all() and (np.diff(grid, axis=1) > 0).all()
    # nested D study (each person's own raters): rater severity is error there
    one = d_true.filter((pl.col("n_raters") == 3) & (pl.col("n_cycles") == 2)).row(0, named=True)
    rel = 0.1 / 2 + (0.2 + 0.15) / 3 + (0.05 + 0.3) / 6
    assert one["g_coef"] == pytest.approx(0.5 / (0.5 + rel))
    best = A.smallest_design(d_true, target=0.8)
    assert best is not None and best["phi"] >= 0.8
    assert d_true.filter(
        (pl.col("phi") >= 0.8)
        & (pl.col("n_raters") * pl.col("n_cycles") < best["n_raters"] * best["n_cycles"])
    ).is_empty()


def test_g_study_sample_cap_and_what_cannot_be_estimated():
    truth = {"p": 0.5, "r": 0.2, "c": 0.0, "pr": 0.15, "pc": 0.1, "rc": 0.05, "residual": 0.3}
    data = _simulate(2, truth)
    g = A.g_study(data, "p", "r", "y", cycle="c", max_people=500)
    assert g["n_people"][0] == 500 and g["n_people_total"][0] == 2400
    # one cycle: the cycle facets cannot be estimated, only one cycle's reliability
    one = A.g_study(data.filter(pl.col("c") == 0), "p", "r", "y", cycle="c")
    rows = {r["component"]: r for r in one.iter_rows(named=True)}
    assert rows["c"]["reason"] == "one_level" and rows["c"]["estimate"] is None
    assert rows["pc"]["confounded_with"] == "p" and rows["rc"]["confounded_with"] == "r"
    d = A.decision_study(one)
    assert d.filter(pl.col("n_cycles") > 1)["phi"].null_count() == 30
    assert set(d.filter(pl.col("n_cycles") > 1)["reason"]) == {"one_cycle"}
    assert d.filter(pl.col("n_cycles") == 1)["phi"].null_count() == 0
    # each rater rates one person: rater and person x rater are one component
    solo = pl.DataFrame(
        {"p": [0, 0, 1, 1, 2, 2, 3, 3], "r": [0, 1, 2, 3, 4, 5, 6, 7], "c": [0] * 8}
    ).with_columns(y=pl.Series([1.0, 2.0, 2.5, 3.0, 0.5, 1.0, 2.0, 2.2]))
    rows = {r["component"]: r for r in A.g_study(solo, "p", "r", "y").iter_rows(named=True)}
    assert rows["r"]["confounded_with"] == "residual"
    assert rows["pr"]["confounded_with"] == "residual"
    # no variance between people: no reliability to speak of
    flat = pl.DataFrame({"component": ["p", "residual"], "variance": [0.0, 1.0], "estimable": True})
    assert set(A.decision_study(flat)["reason"]) == {"no_person_variance"}


# ---- the sections on the demo company ------------------------------------------------------


def test_demo_sections_say_what_is_estimated(demo_con):
    """On the imported demo (1-5 ratings in five cycles, 0-100 in the last): kappa per cycle
    with intervals where the ratings are grades, the reason where they are not; the G study's
    components and a D study of 10 x 4 designs whose reliability grows with raters and cycles."""
    from analytics.findings.scope import Scope, load_scope
    from analytics.findings.sections import compute_section

    data = load_scope(demo_con, Scope())
    kappa = compute_section("agreement", data)
    assert kappa is not None and kappa["cycle_id"].n_unique() == 6
    graded = kappa.filter(pl.col("reason").is_null())
    assert graded.height == 5 * len(A.KAPPA_MEASURES)
    assert (graded["ci95_low"] < graded["kappa"]).all()
    assert (graded["kappa"] < graded["ci95_high"]).all()
    assert (graded["n"] >= 5).all()
    assert set(kappa.filter(pl.col("reason").is_not_null())["reason"]) == {"not_grades"}
    g = compute_section("g_study", data)
    rows = {r["facet"]: r for r in g.iter_rows(named=True)}
    assert rows["p"]["estimable"] and rows["p"]["variance"] > 0
    assert g["share"].sum() == pytest.approx(1.0)
    d = compute_section("decision_study", data)
    assert d.height == 40 and d["phi"].null_count() == 0
    assert (d["g_coef"] >= d["phi"]).all()
    # one cycle: what more cycles add cannot be estimated
    one = load_scope(demo_con, Scope(cycles=(data.cycles["cycle_id"][0],)))
    d1 = compute_section("decision_study", one)
    assert set(d1.filter(pl.col("n_cycles") > 1)["reason"]) == {"one_cycle"}
    assert d1.filter(pl.col("n_cycles") == 1)["phi"].null_count() == 0


def test_cluster_jackknife_of_both_kappas_matches_a_loop():
    """A person's dimensions are clustered subjects: deleting one person at a time."""
    rng = np.random.default_rng(4)
    people, dims = 30, 4
    person = np.repeat(np.arange(people), dims)
    base = rng.integers(0, 5, size=people)[person]
    a = np.clip(base + rng.integers(-1, 2, size=person.size), 0, 4) / 4
    b = np.clip(base + rng.integers(-1, 2, size=person.size), 0, 4) / 4
    df = pl.DataFrame({"person": person, "dim": np.tile(np.arange(dims), people), "a": a, "b": b})
    for weights in A.KAPPA_WEIGHTS:
        out = A.cohen_kappa(df, "a", "b", weights, clusters="person").row(0, named=True)
        loo = [
            A.cohen_kappa(df.filter(pl.col("person") != g), "a", "b", weights)["kappa"].item()
            for g in range(people)
        ]
        se = np.sqrt((people - 1) / people * ((np.array(loo) - np.mean(loo)) ** 2).sum())
        assert out["se"] == pytest.approx(se, rel=1e-9), weights
        assert out["se0"] is None and out["z"] == pytest.approx(out["kappa"] / se)
    long = pl.DataFrame(
        {
            "person": np.repeat(person, 2),
            "dim": np.repeat(df["dim"].to_numpy(), 2),
            "grade": np.column_stack([a, b]).ravel(),
        }
    )
    out = A.fleiss_kappa(long, ["person", "dim"], "grade", clusters="person").row(0, named=True)
    loo = [
        A.fleiss_kappa(long.filter(pl.col("person") != g), ["person", "dim"], "grade")[
            "kappa"
        ].item()
        for g in range(people)
    ]
    se = np.sqrt((people - 1) / people * ((np.array(loo) - np.mean(loo)) ** 2).sum())
    assert out["se"] == pytest.approx(se, rel=1e-9)
    assert out["se0"] is None


def _g_levels(df: pl.DataFrame):
    levels = A._Levels({c: value_codes(df[c]) for c in ("person", "rater", "cycle")}, df.height)
    return levels, [frozenset(v) for v in A.G_EFFECTS.values()]


def test_weighted_method_1_is_method_1_on_the_resampled_people():
    """The bootstrap's weighted solution equals :func:`variance_components` on the data with
    each person copied as often as drawn (copies are distinct people), and on the data itself
    with unit weights."""
    from tests.sim.intervals import g_ratings

    rng = np.random.default_rng(5)
    df = g_ratings(rng, 120).with_columns(pl.col("person", "rater", "cycle").cast(pl.String))
    levels, effects = _g_levels(df)
    person = levels(frozenset({"person"}))[0]
    y = df["score"].to_numpy()
    ref = A.variance_components(df, "score", A.G_EFFECTS)["estimate"].to_numpy()
    one = A._weighted_components(y, levels, effects, np.ones((1, 120)))
    np.testing.assert_allclose(one[0], ref, rtol=1e-9, atol=1e-12)
    draws = rng.multinomial(120, np.full(120, 1 / 120), size=3)
    got = A._weighted_components(y, levels, effects, draws)
    for b in range(3):  # three resamples, each refitted from its copied rows
        copies = pl.DataFrame(
            {"_p": np.repeat(np.arange(120), draws[b]), "_copy": np.arange(draws[b].sum())}
        )
        big = copies.join(df.with_columns(_p=pl.Series(person)), on="_p").with_columns(
            person=pl.col("_copy").cast(pl.String)
        )
        want = A.variance_components(big, "score", A.G_EFFECTS)["estimate"].to_numpy()
        np.testing.assert_allclose(got[b], want, rtol=1e-9, atol=1e-12)


def test_g_study_intervals_hold_the_estimates_and_reach_the_d_study():
    from tests.sim.intervals import g_ratings

    g = A.g_study(g_ratings(np.random.default_rng(1), 200), "person", "rater", "score", "cycle")
    est = g.filter(pl.col("estimable"))
    assert est["boot"].list.len().unique().to_list() == [A.G_BOOT]
    assert (est["variance_ci95_low"] <= est["variance"] + 1e-12).all()
    assert (est["variance_ci95_high"] >= est["variance"] - 1e-12).all()
    shares = A.component_shares(g)
    assert shares["share"].sum() == pytest.approx(1.0)
    p = shares.filter(pl.col("component") == "p").row(0, named=True)
    assert 0 < p["share_ci95_low"] < p["share"] < p["share_ci95_high"] < 1
    d = A.decision_study(g)
    assert d.filter(pl.col("phi_ci95_low") > pl.col("phi")).is_empty()
    assert d.filter(pl.col("phi_ci95_high") < pl.col("phi")).is_empty()
    assert d["g_coef_ci95_low"].null_count() == 0
    # without replicates (a stored G study from before): the coefficients, no intervals
    bare = A.decision_study(g.drop("boot"))
    assert bare["phi"].to_list() == d["phi"].to_list() and bare["phi_ci95_low"].null_count() == 40
    # reproducible: the seed is fixed
    again = A.g_study(g_ratings(np.random.default_rng(1), 200), "person", "rater", "score", "cycle")
    assert again["variance_ci95_low"].to_list() == g["variance_ci95_low"].to_list()
