"""The shared pass over the rating rows (keys.rating_pairs) gives the same frames as each model
grouping the rows itself: rater table, adjusted scores, score changes, source means,
performance profile."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.findings.scope import Scope, load_scope
from analytics.stats import attribution, gaps, potential, raters
from analytics.stats.keys import rating_pairs


def _same(a: pl.DataFrame, b: pl.DataFrame, by: list[str]) -> None:
    assert a.columns == b.columns
    assert_frame_equal(
        a.sort(by, nulls_last=True), b.sort(by, nulls_last=True), rel_tol=1e-9, abs_tol=1e-9
    )


@pytest.fixture(scope="module")
def data(demo_db):
    from analytics.store import db

    con = db.connect(demo_db)
    try:
        d = load_scope(con, Scope())
    finally:
        con.close()
    r = d.company_ratings
    i = pl.int_range(pl.len())
    # the awkward rows the shared pass must treat as the rows did: aggregated sources (no
    # rater id), zero and missing dimension weights, missing and non-finite scores
    r = r.with_columns(
        rater_id=pl.when(i % 997 == 0).then(None).otherwise(pl.col("rater_id")),
        weight=pl.when(i % 89 == 0)
        .then(0.0)
        .when(i % 61 == 0)
        .then(None)
        .otherwise(pl.col("weight")),
        score=pl.when(i % 1009 == 0)
        .then(float("nan"))
        .when(i % 1013 == 0)
        .then(None)
        .otherwise(pl.col("score")),
    )
    return d, r


def test_shared_pairs_give_the_same_frames(data) -> None:
    d, r = data
    pairs = rating_pairs(r, potential.proxy_dimensions(r))
    kpi = d.extras.get("company_kpi")

    table = raters.rater_table(r, kpi)
    _same(raters.rater_table_from_pairs(r, pairs, kpi), table, ["rater_id"])
    eff = table.filter(pl.col("n").is_not_null()).select(
        [c for c in raters.EFFECT_COLUMNS if c in table.columns]
    )

    adjusted = raters.adjusted_scores(r, eff)
    _same(raters.adjusted_scores_from_pairs(r, eff, pairs), adjusted, ["cycle_id", "employee_id"])

    kpi_args = (r, eff, kpi)
    _same(
        attribution.score_changes_from_pairs(r, pairs, eff, attribution.KpiCells(kpi)),
        attribution.score_changes(*kpi_args),
        ["employee_id", "from_cycle"],
    )

    _same(gaps.source_means_from_pairs(r, pairs), gaps.source_means(r), ["cycle_id", "employee_id"])

    emp, oc = d.extras["company_employees"], d.extras.get("company_outcomes")
    _same(
        potential.performance_profile_from_pairs(adjusted, emp, oc, r, pairs, d.cycles, eff),
        potential.performance_profile(adjusted, emp, oc, r, d.cycles, eff),
        ["employee_id"],
    )


def test_employee_scores_from_the_shared_pairs(data) -> None:
    from analytics.stats import distributions

    d, r = data
    # negative weights count 0 in both ways of computing the score
    r = r.with_columns(
        weight=pl.when(pl.int_range(pl.len()) % 71 == 0).then(-1.0).otherwise(pl.col("weight"))
    )
    pairs = rating_pairs(r, potential.proxy_dimensions(r))
    outcomes = d.extras.get("company_outcomes")
    for oc in (outcomes, None):
        direct = distributions.employee_scores(r, oc)
        shared = distributions.employee_scores_from_pairs(r, pairs, oc)
        _same(shared, direct, ["cycle_id", "employee_id"])
        assert shared.height > 1000 and shared["rating_score"].is_not_null().sum() > 1000
    # the public fast path of the person score: the same scores as grouping the rows
    from analytics.stats import person_score

    _same(
        person_score.person_scores_from_pairs(r, pairs, None, {"manager": 1.0, "peer": 0.5}),
        person_score.person_scores(r, None, {"manager": 1.0, "peer": 0.5}),
        ["cycle_id", "employee_id"],
    )


def test_employee_scores_with_a_nan_weight_group_the_rows(data) -> None:
    """A NaN weight counts 1 in the score but is left out of the pairs' weight sums: the
    score must not come from the pairs then."""
    from analytics.stats import distributions, person_score

    _d, r = data
    r = r.with_columns(
        weight=pl.when(pl.int_range(pl.len()) == 5).then(float("nan")).otherwise(pl.col("weight"))
    )
    pairs = rating_pairs(r, potential.proxy_dimensions(r))
    _same(
        distributions.employee_scores_from_pairs(r, pairs),
        distributions.employee_scores(r),
        ["cycle_id", "employee_id"],
    )
    assert not person_score._pairs_weighted_alike(r, pairs)
