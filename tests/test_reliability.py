"""Tests of analytics.stats.reliability against published worked examples and reference packages."""

from __future__ import annotations

import krippendorff as kd
import numpy as np
import pandas as pd
import pingouin as pg
import polars as pl
import pytest
from scipy import stats

from analytics.stats import reliability as R
from analytics.stats.reliability import ICC_TYPES, icc, icc_by_group, krippendorff_alpha
from analytics.text import render_frame

# --------------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------------

# Shrout & Fleiss (1979), Table 1: 6 targets rated by 4 judges.
SF_DATA = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
# Published in Shrout & Fleiss (1979), Table 2 / text (two decimals).
SF_PUBLISHED = {
    "ICC1": 0.17,
    "ICC2": 0.29,
    "ICC3": 0.71,
    "ICC1k": 0.44,
    "ICC2k": 0.62,
    "ICC3k": 0.91,
}
SF_3DP = {
    "ICC1": 0.166,
    "ICC2": 0.290,
    "ICC3": 0.715,
    "ICC1k": 0.443,
    "ICC2k": 0.620,
    "ICC3k": 0.909,
}
# Table 2 ANOVA mean squares: between targets, within targets, between judges, residual.
SF_MEAN_SQUARES = {"msr": 11.24, "msw": 6.26, "msc": 32.49, "mse": 1.02}

# Krippendorff (2011), section C: 4 observers x 12 units, nan = missing.
NAN = np.nan
K2011_MATRIX = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
)
K2011_PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
PINGOUIN_TYPES = ["ICC(1,1)", "ICC(A,1)", "ICC(C,1)", "ICC(1,k)", "ICC(A,k)", "ICC(C,k)"]


def wide_to_long(matrix: np.ndarray) -> pl.DataFrame:
    """targets x raters matrix (nan = missing) -> long frame t, r, y."""
    matrix = np.asarray(matrix, dtype=float)
    t, r = np.nonzero(~np.isnan(matrix))
    return pl.DataFrame({"t": t, "r": [f"rater{j}" for j in r], "y": matrix[t, r]})


def reliability_to_long(matrix: np.ndarray) -> pl.DataFrame:
    """raters x units reliability data matrix (nan = missing) -> long frame u, r, v."""
    matrix = np.asarray(matrix, dtype=float)
    r, u = np.nonzero(~np.isnan(matrix))
    order = np.lexsort((r, u))
    r, u = r[order], u[order]
    return pl.DataFrame({"u": u + 1, "r": [chr(65 + j) for j in r], "v": matrix[r, u]})


def to_pandas(df: pl.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(df.to_dict(as_series=False))


def pingouin_icc(df: pl.DataFrame, nan_policy: str = "raise") -> pd.DataFrame:
    return pg.intraclass_corr(to_pandas(df), "t", "r", "y", nan_policy=nan_policy).set_index("Type")


@pytest.fixture
def unrounded_pingouin(monkeypatch: pytest.MonkeyPatch) -> None:
    """pingouin rounds CI95 to 2 decimals by default; compare at full precision."""
    monkeypatch.setitem(pg.options, "round.column.CI95", None)
    monkeypatch.setitem(pg.options, "round", None)


def assert_matches_pingouin(ours: pl.DataFrame, ref: pd.DataFrame, tol: float = 1e-6) -> None:
    assert ours["type"].to_list() == list(ICC_TYPES)
    for row, ptype in zip(ours.iter_rows(named=True), PINGOUIN_TYPES):
        p = ref.loc[ptype]
        assert row["icc"] == pytest.approx(p["ICC"], abs=tol)
        assert row["f"] == pytest.approx(p["F"], rel=tol, abs=tol)
        assert row["df1"] == p["df1"]
        assert row["df2"] == p["df2"]
        assert row["pval"] == pytest.approx(p["pval"], abs=tol)
        assert row["ci95_low"] == pytest.approx(p["CI95"][0], abs=tol)
        assert row["ci95_high"] == pytest.approx(p["CI95"][1], abs=tol)


def random_ratings(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """Targets x raters with a target effect, rater bias and noise."""
    return (
        rng.normal(3, 1, size=(n, 1))
        + rng.normal(0, 0.5, size=(1, k))
        + rng.normal(0, rng.uniform(0.3, 1.5), size=(n, k))
    )


# --------------------------------------------------------------------------------------------
# ICC
# --------------------------------------------------------------------------------------------


def test_icc_shrout_fleiss_published_values() -> None:
    out = icc(wide_to_long(SF_DATA), "t", "r", "y")
    got = dict(zip(out["type"], out["icc"]))
    for form, published in SF_PUBLISHED.items():
        assert round(got[form], 2) == pytest.approx(published, abs=1e-9), form


def test_icc_shrout_fleiss_three_decimals(unrounded_pingouin: None) -> None:
    df = wide_to_long(SF_DATA)
    out = icc(df, "t", "r", "y")
    got = dict(zip(out["type"], out["icc"]))
    ref = pingouin_icc(df)
    for (form, expected), ptype in zip(SF_3DP.items(), PINGOUIN_TYPES):
        assert got[form] == pytest.approx(expected, abs=5e-4), form
        assert round(got[form], 3) == round(ref.loc[ptype, "ICC"], 3)
    assert_matches_pingouin(out, ref)


def test_icc_shrout_fleiss_mean_squares() -> None:
    df = wide_to_long(SF_DATA).with_columns(pl.lit(0).alias(R._GROUP))
    complete = R._complete_icc_frame(df, R._GROUP, "t", "r", "y", "raise")
    ms = R._mean_squares(R._anova_sums(complete, R._GROUP, "t", "r", "y"))
    for name, published in SF_MEAN_SQUARES.items():
        assert ms[name][0] == pytest.approx(published, abs=5e-3), name


def test_icc2k_ci_equals_mcgraw_wong_direct_formula() -> None:
    # McGraw & Wong's ICC(A,k) interval, with v written in terms of ICC(A,k), equals the
    # Spearman-Brown step-up of the ICC(A,1) bounds that icc() (and pingouin) report.
    n, k = 6, 4
    msr, msc, mse = 1349 / 24 / 5, 2339 / 24 / 3, 367 / 24 / 15  # SS of Table 1 / df
    rho = (msr - mse) / (msr + (msc - mse) / n)
    c = rho / (n * (1 - rho))
    d = 1 + rho * (n - 1) / (n * (1 - rho))
    v = (c * msc + d * mse) ** 2 / ((c * msc) ** 2 / (k - 1) + (d * mse) ** 2 / ((n - 1) * (k - 1)))
    fl, fu = stats.f.ppf(0.975, n - 1, v), stats.f.ppf(0.975, v, n - 1)
    low = n * (msr - fl * mse) / (fl * (msc - mse) + n * msr)
    high = n * (fu * msr - mse) / (msc - mse + n * fu * msr)
    row = icc(wide_to_long(SF_DATA), "t", "r", "y").filter(pl.col("type") == "ICC2k")
    assert row["icc"][0] == pytest.approx(rho, abs=1e-6)
    assert row["ci95_low"][0] == pytest.approx(low, abs=1e-6)
    assert row["ci95_high"][0] == pytest.approx(high, abs=1e-6)


def test_icc_output_schema() -> None:
    out = icc(wide_to_long(SF_DATA), "t", "r", "y")
    assert out.columns == [
        "type",
        "icc_form",
        "icc",
        "f",
        "df1",
        "df2",
        "pval",
        "ci95_low",
        "ci95_high",
    ]
    assert out["type"].to_list() == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    # the design is a code, worded at display in either language (no English in the data)
    assert out["icc_form"].to_list() == list(R.ICC_FORMS)
    en = render_frame(out, "en")["icc_form"].to_list()
    zh = render_frame(out, "zh")["icc_form"].to_list()
    assert en[0] == "single rater, one-way random (raters nested in targets)"
    assert zh[4] == "k 位评价人的均值，双向随机，绝对一致性"
    assert out.schema["df1"] == pl.Int64 and out.schema["df2"] == pl.Int64


@pytest.mark.parametrize("seed, n, k", [(0, 30, 4), (1, 8, 2), (2, 50, 7), (3, 3, 3), (4, 120, 5)])
def test_icc_matches_pingouin_random(unrounded_pingouin: None, seed: int, n: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    df = wide_to_long(random_ratings(rng, n, k))
    df = df.sample(fraction=1.0, shuffle=True, seed=seed)  # row order must not matter
    assert_matches_pingouin(icc(df, "t", "r", "y"), pingouin_icc(df))


def test_icc_matches_pingouin_omit(unrounded_pingouin: None) -> None:
    rng = np.random.default_rng(11)
    matrix = random_ratings(rng, 40, 5)
    matrix[rng.random(matrix.shape) < 0.04] = np.nan
    df = wide_to_long(matrix)
    # one explicit null rating row as well as absent rows
    df = pl.concat(
        [df, pl.DataFrame({"t": [0], "r": ["rater_null"], "y": [None]})], how="vertical_relaxed"
    )
    assert_matches_pingouin(icc(df, "t", "r", "y", nan_policy="omit"), pingouin_icc(df, "omit"))


def test_icc_raise_names_missing_cells() -> None:
    matrix = np.array(SF_DATA, dtype=float)
    matrix[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"1 rating\(s\) missing.*t=2, r='rater1'"):
        icc(wide_to_long(matrix), "t", "r", "y")
    df = wide_to_long(SF_DATA).with_columns(
        pl.when((pl.col("t") == 4) & (pl.col("r") == "rater3"))
        .then(None)
        .otherwise(pl.col("y"))
        .alias("y")
    )
    with pytest.raises(ValueError, match=r"t=4, r='rater3'"):
        icc(df, "t", "r", "y")
    nan_df = df.with_columns(pl.col("y").fill_null(float("nan")))
    with pytest.raises(ValueError, match="missing"):
        icc(nan_df, "t", "r", "y")


def test_icc_single_rater_raises() -> None:
    df = wide_to_long(np.array(SF_DATA)[:, :1])
    with pytest.raises(ValueError, match="2 raters"):
        icc(df, "t", "r", "y")


def test_icc_other_input_errors() -> None:
    df = wide_to_long(SF_DATA)
    with pytest.raises(ValueError, match="one rating per target x rater"):
        icc(pl.concat([df, df.head(1)]), "t", "r", "y")
    with pytest.raises(ValueError, match="nan_policy"):
        icc(df, "t", "r", "y", nan_policy="drop")
    with pytest.raises(ValueError, match="must be numeric"):
        icc(df.with_columns(pl.col("y").cast(pl.String)), "t", "r", "y")
    with pytest.raises(ValueError, match="not in data"):
        icc(df, "t", "judge", "y")
    with pytest.raises(ValueError, match="2 targets"):
        icc(df.filter(pl.col("t") == 0), "t", "r", "y")


def test_icc_by_group_matches_icc(unrounded_pingouin: None) -> None:
    rng = np.random.default_rng(5)
    frames = []
    for dept, (n, k) in {"sales": (12, 3), "ops": (25, 4), "eng": (6, 2)}.items():
        long = wide_to_long(random_ratings(rng, n, k))
        frames.append(
            long.with_columns(pl.lit(dept).alias("dept"), pl.col("t") + 1000 * len(frames))
        )
    df = pl.concat(frames)
    out = icc_by_group(df, "dept", "t", "r", "y")
    assert out.columns == ["dept", *icc(frames[0], "t", "r", "y").columns, "n_targets", "n_raters"]
    assert out["dept"].unique(maintain_order=True).to_list() == ["sales", "ops", "eng"]
    for frame, (n, k) in zip(frames, [(12, 3), (25, 4), (6, 2)]):
        dept = frame["dept"][0]
        part = out.filter(pl.col("dept") == dept)
        assert part["n_targets"].unique().to_list() == [n]
        assert part["n_raters"].unique().to_list() == [k]
        assert_matches_pingouin(
            part.drop("dept", "n_targets", "n_raters"), pingouin_icc(frame), tol=1e-9
        )


def test_icc_by_group_omit_and_raise() -> None:
    rng = np.random.default_rng(8)
    a = wide_to_long(random_ratings(rng, 10, 3)).with_columns(pl.lit("a").alias("g"))
    b = wide_to_long(random_ratings(rng, 10, 3)).with_columns(
        pl.lit("b").alias("g"), pl.col("t") + 100
    )
    b_missing = b.filter(~((pl.col("t") == 103) & (pl.col("r") == "rater0")))
    df = pl.concat([a, b_missing])
    with pytest.raises(ValueError, match=r"g='b', t=103, r='rater0'"):
        icc_by_group(df, "g", "t", "r", "y")
    out = icc_by_group(df, "g", "t", "r", "y", nan_policy="omit")
    expected_b = icc(b_missing, "t", "r", "y", nan_policy="omit")
    got_b = out.filter(pl.col("g") == "b")
    assert got_b["n_targets"][0] == 9
    np.testing.assert_allclose(got_b["icc"].to_numpy(), expected_b["icc"].to_numpy(), atol=1e-12)


def test_icc_by_group_small_group_raises() -> None:
    df = wide_to_long(SF_DATA).with_columns(
        pl.when(pl.col("t") == 0).then(pl.lit("solo")).otherwise(pl.lit("rest")).alias("g")
    )
    with pytest.raises(ValueError, match="g='solo'"):
        icc_by_group(df, "g", "t", "r", "y")


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------------------------


def test_alpha_krippendorff2011_binary_two_observers() -> None:
    obs_a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    obs_b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    out = krippendorff_alpha(
        reliability_to_long(np.array([obs_a, obs_b])), "u", "r", "v", "nominal", n_boot=0
    )
    assert round(out["alpha"][0], 3) == 0.095
    assert out["alpha"][0] == pytest.approx(
        1 - 19 * 4 / (14 * 6), abs=1e-12
    )  # 1 - (n-1) o_01 / (n_0 n_1)
    assert out.row(0, named=True) | {"alpha": None} == {
        "alpha": None,
        "level": "nominal",
        "n_units": 10,
        "n_raters": 2,
        "n_pairable_values": 20,
        "ci95_low": None,
        "ci95_high": None,
    }


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_krippendorff2011_four_observers(level: str) -> None:
    out = krippendorff_alpha(reliability_to_long(K2011_MATRIX), "u", "r", "v", level)
    assert round(out["alpha"][0], 3) == pytest.approx(K2011_PUBLISHED[level], abs=1e-9)
    # unit 12 has a single value: not pairable
    assert (out["n_units"][0], out["n_raters"][0], out["n_pairable_values"][0]) == (11, 4, 40)


def naive_alpha(matrix: np.ndarray, level: str) -> tuple[float, np.ndarray, np.ndarray]:
    """Textbook reference (Krippendorff 2011), with explicit loops over units and pairs."""
    domain = np.unique(matrix[~np.isnan(matrix)])
    index = {v: i for i, v in enumerate(domain)}
    o = np.zeros((domain.size, domain.size))
    for unit in matrix.T:
        vals = unit[~np.isnan(unit)]
        if vals.size < 2:
            continue
        for i in range(vals.size):
            for j in range(vals.size):
                if i != j:
                    o[index[vals[i]], index[vals[j]]] += 1 / (vals.size - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d = np.zeros_like(o)
    for c in range(domain.size):
        for k in range(domain.size):
            x, y = domain[c], domain[k]
            if level == "nominal":
                d[c, k] = float(c != k)
            elif level == "ordinal":
                lo, hi = min(c, k), max(c, k)
                d[c, k] = (n_c[lo : hi + 1].sum() - (n_c[c] + n_c[k]) / 2) ** 2
            elif level == "interval":
                d[c, k] = (x - y) ** 2
            else:
                d[c, k] = ((x - y) / (x + y)) ** 2 if x + y else 0.0
    alpha = 1 - (n - 1) * (o * d).sum() / (np.outer(n_c, n_c) * d).sum()
    return alpha, o, n_c


def test_alpha_krippendorff2011_coincidence_matrix() -> None:
    # Marginals n_c of the paper's coincidence matrix for values 1..5, n = 40.
    _, o, n_c = naive_alpha(K2011_MATRIX, "nominal")
    np.testing.assert_allclose(n_c, [9, 13, 10, 5, 3])
    np.testing.assert_allclose(o, o.T)
    # Paper's nominal computation: alpha = 1 - (n-1) sum_{c!=k} o_ck / (n^2 - sum n_c^2)
    off = o.sum() - np.trace(o)
    expected = 1 - 39 * off / (40**2 - (n_c**2).sum())
    out = krippendorff_alpha(reliability_to_long(K2011_MATRIX), "u", "r", "v", "nominal")
    assert out["alpha"][0] == pytest.approx(expected, abs=1e-12)
    assert out["n_pairable_values"][0] == 40


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_matches_naive_reference(level: str) -> None:
    rng = np.random.default_rng(21)
    for data in (K2011_MATRIX, random_reliability_data(rng, 5, 30, 0.35)):
        expected, _, _ = naive_alpha(data, level)
        got = krippendorff_alpha(reliability_to_long(data), "u", "r", "v", level)["alpha"][0]
        assert got == pytest.approx(expected, abs=1e-12)


def random_reliability_data(
    rng: np.random.Generator, n_raters: int, n_units: int, missing: float
) -> np.ndarray:
    truth = rng.integers(0, 7, size=n_units)
    noise = rng.integers(-1, 2, size=(n_raters, n_units)) * (rng.random((n_raters, n_units)) < 0.4)
    data = np.clip(truth + noise, 0, 7).astype(float)
    data[rng.random(data.shape) < missing] = np.nan
    return data


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_alpha_matches_krippendorff_package(level: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = random_reliability_data(rng, n_raters=3 + seed, n_units=60, missing=0.3)
    ours = krippendorff_alpha(reliability_to_long(data), "u", "r", "v", level)["alpha"][0]
    ref = kd.alpha(reliability_data=data, level_of_measurement=level)
    assert ours == pytest.approx(float(ref), abs=1e-9)


def test_alpha_ordinal_depends_only_on_order() -> None:
    # The paper's ordinal metric uses only the order and pairable frequencies n_g, so any
    # monotone recoding leaves it unchanged (the krippendorff package agrees: it indexes the
    # sorted value domain). Interval alpha does change.
    df = reliability_to_long(K2011_MATRIX)
    recoded = df.with_columns((pl.col("v") ** 3 + 10).alias("v"))
    for level, same in (("ordinal", True), ("interval", False)):
        a = krippendorff_alpha(df, "u", "r", "v", level)["alpha"][0]
        b = krippendorff_alpha(recoded, "u", "r", "v", level)["alpha"][0]
        assert (a == pytest.approx(b, abs=1e-12)) is same


def test_alpha_unpairable_units_and_nulls_are_ignored() -> None:
    df = reliability_to_long(K2011_MATRIX)
    extra = pl.DataFrame({"u": [50, 51, 51], "r": ["A", "B", "C"], "v": [9.0, None, float("nan")]})
    a = krippendorff_alpha(df, "u", "r", "v", "interval")
    b = krippendorff_alpha(pl.concat([df, extra]), "u", "r", "v", "interval")
    assert a.equals(b)


def test_alpha_nominal_strings() -> None:
    labels = {1: "poor", 2: "fair", 3: "good", 4: "great", 5: "top"}
    df = reliability_to_long(K2011_MATRIX).with_columns(
        pl.col("v").replace_strict(labels, return_dtype=pl.String)
    )
    out = krippendorff_alpha(df, "u", "r", "v", "nominal")
    assert round(out["alpha"][0], 3) == 0.743
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha(df, "u", "r", "v", "ordinal")


def test_alpha_all_values_identical_is_null() -> None:
    df = pl.DataFrame({"u": [1, 1, 2, 2, 3], "r": ["a", "b", "a", "b", "a"], "v": [3, 3, 3, 3, 3]})
    for level in ("nominal", "ordinal", "interval", "ratio"):
        out = krippendorff_alpha(df, "u", "r", "v", level, n_boot=50, seed=0)
        assert out["alpha"][0] is None
        assert out["ci95_low"][0] is None
        assert out["n_units"][0] == 2


def test_alpha_no_pairable_units_is_null() -> None:
    df = pl.DataFrame({"u": [1, 2, 3], "r": ["a", "b", "a"], "v": [1.0, 2.0, 3.0]})
    out = krippendorff_alpha(df, "u", "r", "v")
    assert out["alpha"][0] is None and out["n_units"][0] == 0


def test_alpha_perfect_agreement_is_one() -> None:
    data = np.tile(np.arange(1, 9, dtype=float), (3, 1))
    data[0, 2] = np.nan
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert krippendorff_alpha(reliability_to_long(data), "u", "r", "v", level)["alpha"][
            0
        ] == pytest.approx(1.0)


def test_alpha_input_errors() -> None:
    df = reliability_to_long(K2011_MATRIX)
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(df, "u", "r", "v", "continuous")
    with pytest.raises(ValueError, match="one value"):
        krippendorff_alpha(pl.concat([df, df.head(1)]), "u", "r", "v")
    with pytest.raises(ValueError, match="non-negative"):
        krippendorff_alpha(df.with_columns(pl.col("v") - 3), "u", "r", "v", "ratio")
    with pytest.raises(ValueError, match="n_boot"):
        krippendorff_alpha(df, "u", "r", "v", n_boot=-1)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_bootstrap_matches_naive_resampling(level: str) -> None:
    # The vectorised bootstrap must equal recomputing alpha on each resample of units.
    rng = np.random.default_rng(3)
    df = reliability_to_long(random_reliability_data(rng, 4, 25, 0.25))
    n_boot, seed = 40, 123
    out = krippendorff_alpha(df, "u", "r", "v", level, n_boot=n_boot, seed=seed)
    pairable = df.filter(pl.len().over("u") >= 2)
    units = pairable["u"].unique(maintain_order=True).to_numpy()
    draws = np.random.default_rng(seed).integers(0, units.size, size=(n_boot, units.size))
    alphas = []
    for row in draws:  # naive reference: relabel each drawn unit as a new unit
        picked = pl.DataFrame({"u": units[row], "new_u": np.arange(units.size)})
        resample = picked.join(pairable, on="u").drop("u").rename({"new_u": "u"})
        a = krippendorff_alpha(resample, "u", "r", "v", level)["alpha"][0]
        if a is not None:
            alphas.append(a)
    low, high = np.percentile(alphas, [2.5, 97.5])
    assert out["ci95_low"][0] == pytest.approx(low, abs=1e-9)
    assert out["ci95_high"][0] == pytest.approx(high, abs=1e-9)
    assert out["ci95_low"][0] <= out["alpha"][0] <= out["ci95_high"][0]


def test_alpha_bootstrap_is_seeded() -> None:
    df = reliability_to_long(K2011_MATRIX)
    a = krippendorff_alpha(df, "u", "r", "v", "interval", n_boot=200, seed=7)
    b = krippendorff_alpha(df, "u", "r", "v", "interval", n_boot=200, seed=7)
    assert a.equals(b)
    assert a["ci95_low"][0] < a["alpha"][0] <= a["ci95_high"][0] <= 1.0


def test_icc_fast_sums_equal_the_general_path() -> None:
    """A complete design takes the integer-code shortcut; its sums of squares equal the
    window-expression sums of the validated rows, whatever the key dtypes."""
    rng = np.random.default_rng(11)
    frames = []
    for g, (n, k) in enumerate([(30, 3), (12, 4), (7, 2)]):
        long = wide_to_long(random_ratings(rng, n, k))
        frames.append(long.with_columns(pl.lit(f"g{g}").alias("g"), pl.col("t") + 100 * g))
    df = pl.concat(frames).sample(fraction=1.0, shuffle=True, seed=3)
    complete = R._complete_icc_frame(df, "g", "t", "r", "y", "raise")
    slow = R._anova_sums(complete, "g", "t", "r", "y")
    variants = {
        "ints and strings": df,
        "categorical": df.with_columns(
            pl.col("g", "r").cast(pl.Categorical), pl.col("t").cast(pl.String).cast(pl.Categorical)
        ),
        "strings": df.with_columns(pl.col("t").cast(pl.String)),
    }
    for label, frame in variants.items():
        fast = R._fast_sums(frame, "g", "t", "r", "y")
        assert fast is not None, label
        assert fast["g"].cast(pl.String).to_list() == slow["g"].to_list(), label
        for col in ("n_targets", "n_raters"):
            assert fast[col].to_list() == slow[col].to_list(), label
        for col in ("sst", "ssr", "ssc"):
            np.testing.assert_allclose(fast[col].to_numpy(), slow[col].to_numpy(), rtol=1e-12)
        out = icc_by_group(frame, "g", "t", "r", "y")
        assert out.schema["g"] == frame.schema["g"], label
    # anything short of a complete design goes the general way (which checks and names)
    assert R._fast_sums(df.head(df.height - 1), "g", "t", "r", "y") is None
    assert R._fast_sums(pl.concat([df, df.head(1)]), "g", "t", "r", "y") is None
    with_null = df.with_columns(
        pl.when(pl.col("t") == 3).then(None).otherwise(pl.col("y")).alias("y")
    )
    assert R._fast_sums(with_null, "g", "t", "r", "y") is None


def test_alpha_interval_is_on_by_default() -> None:
    out = krippendorff_alpha(reliability_to_long(K2011_MATRIX), "u", "r", "v", "interval")
    assert out["ci95_low"][0] < out["alpha"][0] < out["ci95_high"][0]
    again = krippendorff_alpha(reliability_to_long(K2011_MATRIX), "u", "r", "v", "interval")
    assert out.equals(again)  # seeded by default
    none = krippendorff_alpha(reliability_to_long(K2011_MATRIX), "u", "r", "v", n_boot=0)
    assert none["ci95_low"][0] is None


def test_alpha_interval_does_not_depend_on_the_bootstrap_chunks(monkeypatch) -> None:
    """The resamples are drawn chunk by chunk into one reused buffer; a last, shorter chunk
    must see only its own rows: the interval is the same as from one chunk of every draw."""
    rng = np.random.default_rng(5)
    data = rng.integers(1, 6, size=(4, 40)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    long = reliability_to_long(data)
    for level in ("interval", "nominal", "ordinal"):
        monkeypatch.setattr(R, "_BOOT_CHUNK_CELLS", 10**9)  # one chunk of 200 resamples
        whole = krippendorff_alpha(long, "u", "r", "v", level)
        # chunks of 7 resamples (200 = 28 x 7 + 4) over the 40 units (25 values at most)
        monkeypatch.setattr(R, "_BOOT_CHUNK_CELLS", 7 * 40)
        chunked = krippendorff_alpha(long, "u", "r", "v", level)
        assert whole["ci95_low"][0] is not None
        assert chunked.equals(whole), level


def test_alpha_interval_same_on_rows_not_grouped_by_unit() -> None:
    """The interval metric's unit moments sort the rows by unit when they are not grouped, and
    the units are numbered by first appearance either way: rows interleaved (the units first
    seen in the same order) give the alpha and interval of the grouped rows, and both the
    interval alpha of the naive coincidence matrix."""
    rng = np.random.default_rng(8)
    data = rng.normal(3.0, 1.0, size=(5, 60)).round(2)
    data[rng.random(data.shape) < 0.3] = np.nan
    grouped = reliability_to_long(data)
    first = grouped.with_row_index("i").group_by("u").agg(pl.col("i").min())
    rank = pl.int_range(pl.len()).over("u", order_by="i")
    interleaved = (  # each unit's first row in the grouped order, then its second rows ...
        grouped.with_row_index("i")
        .join(first.rename({"i": "i0"}), on="u")
        .with_columns(rank.alias("k"))
        .sort("k", "i0")
        .drop("i", "i0", "k")
    )
    assert not interleaved["u"].equals(grouped["u"])
    a = krippendorff_alpha(grouped, "u", "r", "v", "interval", n_boot=60, seed=4)
    b = krippendorff_alpha(interleaved, "u", "r", "v", "interval", n_boot=60, seed=4)
    for col in ("alpha", "ci95_low", "ci95_high"):
        assert b[col][0] == pytest.approx(a[col][0], abs=1e-12), col
    assert a.drop("alpha", "ci95_low", "ci95_high").equals(b.drop("alpha", "ci95_low", "ci95_high"))
    expected, _, _ = naive_alpha(data, "interval")
    assert a["alpha"][0] == pytest.approx(expected, abs=1e-12)


def test_alpha_bootstrap_counts_a_unit_drawn_past_a_byte() -> None:
    """The resamples' counts are kept in a byte a unit; a unit drawn more than 255 times (only
    possible, not likely, above 255 units) is counted in full all the same."""
    drawn = np.r_[np.zeros(300, dtype=np.int64), np.arange(100)]
    row, scratch = np.empty(400), np.empty(400, dtype=np.uint8)
    R._count_into(row, drawn, scratch)
    np.testing.assert_array_equal(row, np.bincount(drawn, minlength=400))
    assert row[0] == 301
    R._count_into(row, np.arange(400)[::-1], scratch)  # the usual case: in the byte
    np.testing.assert_array_equal(row, np.ones(400))
