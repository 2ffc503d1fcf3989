"""Central tendency and halo as labels next to a person's name (rev21 item 4): peers with 5-7
ratees were labelled "光环效应" / "趋中倾向" though none was planted, with no interval. Now a
label needs a minimum of ratees (below it: "too few ratings to tell"), a test corrected for
the number of raters tested (as the leniency's likely tier), and carries its evidence."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.stats import raters as R
from analytics.stats.multiplicity import group_weights, weighted_bh
from analytics.text import render_column
from tests.sim.patterns import _before, pattern_company, pattern_counts


@pytest.fixture(scope="module")
def reviewer_like() -> list:
    """Three companies like the reviewer's export: manager and 3 peers a person, half points."""
    return [pattern_company("peer_half_steps", s) for s in range(3)]


def test_honest_small_peer_raters_are_not_labelled(reviewer_like) -> None:
    before = now = 0
    for c in reviewer_like:
        counts = pattern_counts(c)
        before += counts["ct_false_before"] + counts["halo_false_before"]
        now += counts["ct_false"] + counts["halo_false"]
    assert before >= 3  # the rule before labelled honest raters in these companies
    assert now == 0


def test_a_peer_with_five_ratees_is_too_few_to_tell_not_a_label() -> None:
    """A peer who gives 5 people one score on every dimension: the old rule called it halo
    (p < 0.05 on 10 degrees of freedom); 5 ratees are too few to tell."""
    c = pattern_company("peer_half_steps", 0)
    peer = (
        c.ratings.filter(pl.col("rater_role") == "peer")
        .group_by("rater_id")
        .agg(n=pl.col("employee_id").n_unique())
        .filter(pl.col("n") == 5)
        .sort("rater_id")["rater_id"][0]
    )
    key = ("cycle_id", "employee_id", "rater_id")
    flat = c.ratings.with_columns(
        score=pl.when(pl.col("rater_id") == peer)
        .then(pl.col("score").mean().over(key))
        .otherwise(pl.col("score"))
    )
    h = R.halo(flat).filter(pl.col("rater_id") == peer).row(0, named=True)
    assert h["n_ratees"] == 5 and h["ratio"] < 0.1 and h["p_value"] < 0.05
    assert _before(R.halo(flat).filter(pl.col("rater_id") == peer), True)[0]  # labelled before
    assert h["flag"] is None and h["status"] == "too_few" and h["q_value"] is None
    tab = R.rater_table(flat).filter(pl.col("rater_id") == peer)
    assert tab["halo_status"][0] == "too_few" and "halo" not in tab["flags"][0]
    words = render_column(tab["pattern_reason"], "zh", "reason")[0].to_list()
    assert any("只有 5 位被评人" in w and "无法判断" in w for w in words), words
    en = render_column(tab["pattern_reason"], "en", "reason")[0].to_list()
    assert any("only 5 ratees" in w and "too few ratings to tell" in w for w in en), en


def test_planted_central_tendency_and_halo_managers_are_found() -> None:
    for seed in range(2):
        c = pattern_company("peer_half_steps", seed, plant=True)
        ct, ha = R.central_tendency(c.ratings), R.halo(c.ratings)
        assert set(ct.filter(pl.col("flag").is_not_null())["rater_id"]) == set(c.central)
        assert set(ha.filter(pl.col("flag").is_not_null())["rater_id"]) == set(c.halo)


def test_q_values_are_bh_weighted_by_role_over_the_raters_tested() -> None:
    c = pattern_company("peer_half_steps", 1, plant=True)
    for frame in (R.central_tendency(c.ratings), R.halo(c.ratings)):
        tested = frame.filter(
            pl.col("p_value").is_not_null() & (pl.col("n_ratees") >= R.PATTERN_MIN_RATEES)
        )
        assert frame.filter(pl.col("n_ratees") < R.PATTERN_MIN_RATEES)["q_value"].is_null().all()
        role = np.where(tested["rater_id"].str.starts_with("M").to_numpy(), "manager", "peer")
        p = tested["p_value"].to_numpy()
        np.testing.assert_allclose(
            tested["q_value"].to_numpy(), weighted_bh(p, group_weights(p, role))
        )
        assert (tested["q_value"] >= tested["p_value"] - 1e-15).all()
        # the statuses: a flag only on the tested, flagged rows
        assert set(frame["status"]) <= set(R.PATTERN_STATUSES)
        assert (frame.filter(pl.col("status") == "flagged")["flag"].is_not_null()).all()
        assert frame.filter(pl.col("status") != "flagged")["flag"].is_null().all()


def test_a_manager_only_design_labels_nobody() -> None:
    c = pattern_company("manager_only", 0)
    ct, ha = R.central_tendency(c.ratings), R.halo(c.ratings)
    assert ct.height == 0 or ct["flag"].is_null().all()  # nobody else rates their people
    assert (ha["status"] == "not_estimable").all() and ha["flag"].is_null().all()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_label_carries_its_interval_and_corrected_q(lang: str) -> None:
    c = pattern_company("peer_half_steps", 0, plant=True)
    tab = R.rater_table(c.ratings)
    flagged = tab.filter(pl.col("flags").list.contains("halo"))
    assert flagged.height == len(c.halo)
    r = flagged.row(0, named=True)
    assert r["halo_status"] == "flagged" and r["halo_q_value"] < 0.05
    assert r["halo_ci95_low"] <= r["halo_ratio"] <= r["halo_ci95_high"] < 0.5
    text = "；".join(render_column(flagged.head(1)["pattern_reason"], lang, "reason")[0].to_list())
    assert f"{r['halo_ratio']:.2f}" in text
    assert f"{r['halo_ci95_low']:.2f}–{r['halo_ci95_high']:.2f}" in text
    assert ("q<0.001" if r["halo_q_value"] < 0.001 else f"q={r['halo_q_value']:.3f}") in text
    assert str(r["halo_n_ratees"]) in text
