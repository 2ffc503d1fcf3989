"""multiplicity.holm / holm_by / bh: Holm's step-down correction and Benjamini-Hochberg q-values,
checked against statsmodels."""

from __future__ import annotations

import numpy as np
import polars as pl
from statsmodels.stats.multitest import multipletests

from analytics.stats.multiplicity import bh, group_weights, holm, holm_by, weighted_bh


def test_holm_matches_statsmodels_with_ties_and_nan() -> None:
    p = np.array([0.01, 0.04, 0.04, 0.03, 0.5, np.nan, 0.001])
    ref = multipletests(p[~np.isnan(p)], method="holm")[1]
    got = holm(p)
    np.testing.assert_allclose(got[~np.isnan(p)], ref)
    assert np.isnan(got[5]) and got.shape == p.shape
    assert holm(np.array([])).shape == (0,)
    assert np.isnan(holm(np.array([np.nan, np.nan]))).all()


def test_holm_by_corrects_each_group_on_its_own_and_keeps_the_row_order() -> None:
    rng = np.random.default_rng(5)
    g = rng.integers(0, 4, size=60)
    p = rng.random(60) ** 3
    p[[3, 17]] = np.nan
    frame = pl.DataFrame({"g": g, "p": p}).with_columns(pl.col("p").fill_nan(None))
    got = holm_by(frame, "p", ["g"], out="adj")
    assert got.columns == ["g", "p", "adj"] and got["g"].to_list() == g.tolist()
    adj = got["adj"].to_numpy()
    for k in range(4):
        rows = np.flatnonzero((g == k) & ~np.isnan(p))
        ref = multipletests(p[rows], method="holm")[1]
        np.testing.assert_allclose(adj[rows], ref)
    assert got["adj"][3] is None and got["adj"][17] is None
    # no groups: one family, the array form
    np.testing.assert_array_equal(
        holm_by(frame, "p", [])["p_holm"].fill_null(np.nan).to_numpy(), holm(p)
    )


def test_bh_matches_statsmodels_with_ties_and_nan() -> None:
    rng = np.random.default_rng(2)
    p = np.concatenate([rng.random(40) ** 4, [0.04, 0.04, np.nan, 1.0]])
    ok = ~np.isnan(p)
    np.testing.assert_allclose(bh(p)[ok], multipletests(p[ok], method="fdr_bh")[1])
    assert np.isnan(bh(p)[~ok]).all() and bh(p).shape == p.shape
    assert bh(np.array([])).shape == (0,)


def test_weighted_bh_by_hand_and_equal_weights_are_plain_bh() -> None:
    p = np.array([0.001, 0.02, 0.03, 0.5, np.nan])
    np.testing.assert_allclose(weighted_bh(p, np.ones(5)), bh(p), equal_nan=True)
    # weights 2, 2, 0.5, 0.5 (mean 1.25 over the four tested -> 1.6, 1.6, 0.4, 0.4):
    # p / w = .000625, .0125, .075, 1.25 -> BH x 4/rank: .0025, .025, .1, 1 (capped)
    w = np.array([2.0, 2.0, 0.5, 0.5, 1.0])
    np.testing.assert_allclose(weighted_bh(p, w), [0.0025, 0.025, 0.1, 1.0, np.nan], equal_nan=True)


def test_group_weights_follow_the_share_of_real_effects() -> None:
    rng = np.random.default_rng(0)
    null = rng.uniform(size=300)  # a role with no real effect
    real = np.r_[rng.uniform(size=30), np.full(10, 1e-6)]  # a quarter non-null
    p = np.r_[null, real]
    group = np.r_[np.zeros(300, int), np.ones(40, int)]
    w = group_weights(p, group)
    assert w[-1] > 20 * w[0]  # the role with effects carries the weight
    assert (w[group == 0] > 0).all()  # the other is not switched off
    # no sign of real effects anywhere (or one group): plain BH
    assert (group_weights(null, np.arange(300) % 2) == 1).all()
    assert (group_weights(real, np.zeros(40, int)) == 1).all()
