"""Session 25's reviewer items (issue 19, task left25), as pure functions: a change of scale
breaks the inflation trend into runs (rev23b item 9), ... Hand-worked numbers."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import distributions


def _scores(values: dict[str, list[float]]) -> pl.DataFrame:
    """People's 0-1 scores in cycles C1..C4 (orders 1..4)."""
    rows = [
        (f"C{t}", t, person, v)
        for person, series in values.items()
        for t, v in enumerate(series, start=1)
    ]
    return pl.DataFrame(
        rows, schema=["cycle_id", "cycle_order", "employee_id", "score"], orient="row"
    )


SCALES = pl.DataFrame(
    {"cycle_id": ["C1", "C2", "C3", "C4"], "scale": ["1-5", "1-5", "0-100", "0-100"]}
)


def test_a_change_of_scale_breaks_the_inflation_trend():
    """rev23b item 9. Two people, C1-C2 on 1-5 and C3-C4 on 0-100, on the 0-1 score: A 0.50,
    0.60 | 0.20, 0.30; B 0.40, 0.50 | 0.30, 0.40. Cycle means 0.45, 0.55 | 0.25, 0.35: each
    run rises by 0.10 a cycle. Across the change the OLS slope is
    sum (t - 2.5)(m - 0.4) / sum (t - 2.5)^2 = (-0.075 * 4) / 5 = -0.06, a fall that is the
    scale's: the trend is tested within each run only."""
    scores = _scores({"A": [0.5, 0.6, 0.2, 0.3], "B": [0.4, 0.5, 0.3, 0.4]})
    pooled = distributions.inflation_trend(scores)
    assert pooled["slope"][0] == pytest.approx(-0.06)
    out = distributions.inflation_within_scales(scores, SCALES)
    assert out["segment"].to_list() == [1, 1, 2, 2]
    assert out["segment_scale"].to_list() == ["1-5", "1-5", "0-100", "0-100"]
    assert out["slope"].to_list() == pytest.approx([0.1, 0.1, 0.1, 0.1])
    assert out["trend_n"].to_list() == [4, 4, 4, 4]
    assert out["mean"].to_list() == pytest.approx([0.45, 0.55, 0.25, 0.35])


def test_one_scale_is_one_run_and_the_same_trend():
    """On one scale (no rows of scales, or one scale throughout) nothing is split: the frame is
    :func:`inflation_trend`'s with ``segment`` 1."""
    scores = _scores({"A": [0.5, 0.6, 0.2, 0.3], "B": [0.4, 0.5, 0.3, 0.4]})
    same = SCALES.with_columns(pl.lit("1-5").alias("scale"))
    for scales in (None, same.clear(), same):
        out = distributions.inflation_within_scales(scores, scales)
        assert out["segment"].unique().to_list() == [1]
        assert out["slope"][0] == pytest.approx(-0.06)
    assert distributions.inflation_within_scales(scores, same)["segment_scale"][0] == "1-5"


def test_a_run_of_one_cycle_has_no_trend():
    """C1-C3 on 1-5, C4 on 0-100: the last run is one cycle, its slope empty."""
    scores = _scores({"A": [0.5, 0.6, 0.7, 0.3], "B": [0.4, 0.5, 0.6, 0.4]})
    scales = SCALES.with_columns(pl.Series("scale", ["1-5", "1-5", "1-5", "0-100"]))
    out = distributions.inflation_within_scales(scores, scales)
    assert out["segment"].to_list() == [1, 1, 1, 2]
    assert out["slope"].to_list()[:3] == pytest.approx([0.1] * 3)
    assert out["slope"][3] is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_trend_in_words_is_per_scale_in_its_points(lang):
    """The two runs of the first test: the change of scale said, then each run's slope in its
    own points: 0.10 on the 0-1 score is 0.1 x 4 = +0.40 points on 1-5 and 0.1 x 100 = +10.00
    points on 0-100 (two decimals on 1-5, one on 0-100)."""
    from analytics.findings.stories import inflation_sentences
    from analytics.findings.units import Unit, unit_of_scales
    from analytics.text import render

    scores = _scores({"A": [0.5, 0.6, 0.2, 0.3], "B": [0.4, 0.5, 0.3, 0.4]})
    trend = distributions.inflation_within_scales(scores, SCALES)
    words = inflation_sentences(trend, Unit("mixed"), lang)
    one, hundred = (unit_of_scales([s]).words(lang) for s in ("1-5", "0-100"))
    assert words[0] == render(
        "dist.inflation_scale_break", lang, before=one, after=hundred, cycle="C3"
    )
    assert len(words) == 3
    assert words[1].startswith(
        render("dist.inflation_segment", lang, first="C1", last="C2", unit=one)
    )
    assert words[2].startswith(
        render("dist.inflation_segment", lang, first="C3", last="C4", unit=hundred)
    )
    assert "+0.40" in words[1] and "+10.0" in words[2]
