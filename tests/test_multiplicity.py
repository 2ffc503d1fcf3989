"""multiplicity.holm / holm_by / bh: Holm's step-down correction and Benjamini-Hochberg q-values,
checked against statsmodels."""

from __future__ import annotations

import numpy as np
import polars as pl
from statsmodels.stats.multitest import multipletests

from analytics.stats.multiplicity import bh, holm, holm_by


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
