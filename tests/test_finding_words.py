"""Issue 18 review D5/D8/D12: the sentences under the rater effects say what a flag does not
prove and do not over-reassure in sparse designs; the decision study says "reaches" only when
the interval's lower end does; the report's rater threshold is in points like the effects."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.findings.headlines import dstudy_lines, headlines, rater_status_lines
from analytics.findings.units import Unit, convert
from analytics.stats.agreement import decision_study, g_study
from analytics.text import render
from tests.sim.intervals import g_ratings


def _raters(status: list[str], flag: list[str | None]) -> pl.DataFrame:
    n = len(status)
    return pl.DataFrame(
        {
            "rater_id": [f"R{i}" for i in range(n)],
            "status": status,
            "flag": flag,
            "fdr_flag": [None] * n,
            "flags": [[f] if f else [] for f in flag],
            "mde80": [0.01] * n,
            "threshold": [0.03] * n,
            "interval_method": ["fixed_fallback"] * n,
        },
        schema_overrides={"fdr_flag": pl.String, "flag": pl.String, "flags": pl.List(pl.String)},
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_flag_says_what_it_does_not_prove(lang):
    lines = dict(
        rater_status_lines(_raters(["flagged", "clear", "clear"], ["lenient", None, None]))
    )
    assert "raters.flag_limits" in lines
    words = render("raters.flag_limits", lang)
    assert ("不证明" in words) if lang == "zh" else ("does not prove" in words)


def test_nothing_estimable_says_nothing_was_tested():
    codes = [c for c, _ in rater_status_lines(_raters(["not_estimable"] * 3, [None] * 3))]
    assert "raters.interval_none" in codes and "raters.interval_note" not in codes
    assert "raters.flag_limits" not in codes


def test_rater_headline_counts_raters_with_too_little_data():
    r = _raters(["insufficient_data"] * 4 + ["clear"], [None] * 5)
    (h,) = headlines({"raters": r})
    assert h.params["insufficient"] == 4 and h.params["all"] == 5
    assert "4 have too" in render(h.code, "en", **h.params)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gaps_put_down_to_scale_use_are_a_headline_for_a_human_look(lang):
    """rev22 item 4 / rev21 item 3: a manager whose large gap read "scale use differs" was in
    no headline (it said "1 lenient, 1 severe" and named the others). A gap that would have
    been a flag but is put down to scale use is counted in a headline of its own."""
    r = _raters(["flagged", "scale_use", "scale_use", "clear"], ["severe", None, None, None])
    found = {h.code: h for h in headlines({"raters": r})}
    h = found["overview.headline_raters_scale_use"]
    assert h.area == "raters" and h.params == {"n": 2}
    assert found["overview.headline_raters"].params["severe"] == 1
    words = render(h.code, lang, **h.params)
    if lang == "zh":
        assert words.startswith("2 位评价人") and "人工查看" in words
    else:
        assert words.startswith("Rater gaps that need a human look") and words.endswith(": 2")
    # scale use alone (nothing flagged, nobody unjudged) still makes the headline
    (only,) = headlines({"raters": _raters(["scale_use", "clear"], [None, None])})
    assert only.code == "overview.headline_raters_scale_use" and only.params == {"n": 1}
    assert headlines({"raters": _raters(["clear", "clear"], [None, None])}) == []


def _g_and_study(lo: float, sure_lo: float):
    g = g_study(g_ratings(np.random.default_rng(1), 60), "person", "rater", "score", "cycle")
    study = decision_study(g).with_columns(
        phi=pl.when((pl.col("n_raters") == 3) & (pl.col("n_cycles") == 1))
        .then(0.82)
        .when(pl.col("n_raters") * pl.col("n_cycles") > 3)
        .then(0.9)
        .otherwise(0.5),
        phi_ci95_low=pl.when((pl.col("n_raters") == 3) & (pl.col("n_cycles") == 1))
        .then(lo)
        .when(pl.col("n_raters") * pl.col("n_cycles") > 3)
        .then(sure_lo)
        .otherwise(0.3),
        phi_ci95_high=pl.lit(0.95),
    )
    return g.rename({"component": "facet"}), study


def test_dstudy_reaches_only_when_the_lower_end_does():
    g, study = _g_and_study(lo=0.70, sure_lo=0.85)
    codes = [c for c, _ in dstudy_lines(g, study, 0.8)]
    assert codes == ["raters.dstudy_may_reach", "raters.dstudy_sure"]
    g, study = _g_and_study(lo=0.70, sure_lo=0.75)
    assert [c for c, _ in dstudy_lines(g, study, 0.8)][-1] == "raters.dstudy_not_sure"
    g, study = _g_and_study(lo=0.81, sure_lo=0.85)
    assert [c for c, _ in dstudy_lines(g, study, 0.8)] == ["raters.dstudy_reaches"]


def test_rater_threshold_is_in_points_like_the_effects():
    unit = Unit("1-5", 1.0, 5.0)
    r = convert(pl.DataFrame({"effect": [0.1], "threshold": [0.03]}), unit)
    assert r["effect"][0] == pytest.approx(0.4) and r["threshold"][0] == pytest.approx(0.12)
    # a ratio's threshold (central tendency, halo) stays a ratio
    ct = convert(pl.DataFrame({"ratio": [0.5], "threshold": [0.6]}), unit)
    assert ct["threshold"][0] == pytest.approx(0.6)


def test_counts_of_nothing_are_not_headlines():
    """Review of issue 19, M3: "0 cases to re-check", "0 of 2 departments off" and "0 raters
    lenient" were listed as headlines; no flag reads as none, and only when some raters could
    not be judged; a guideline on derived grades (none recorded) is no headline."""
    clear = _raters(["clear"] * 3, [None] * 3)
    assert headlines({"raters": clear}) == []
    (h,) = headlines({"raters": _raters(["insufficient_data"] * 2 + ["clear"], [None] * 3)})
    assert h.code == "overview.headline_raters_none"
    assert render(h.code, "zh", **h.params).startswith("没有评价人")
    recheck = pl.DataFrame({"employee_id": []}, schema={"employee_id": pl.String})
    shifts = pl.DataFrame({"dept": ["a"], "significant": [False]})
    guide = pl.DataFrame(
        {
            "unit": ["a", "b"],
            "cycle_id": ["C1", "C1"],
            "n": [20, 20],
            "judged": [True, True],
            "significant": [True, False],
            "direction": ["inflated", "in_line"],
            "people_to_move": [6, 6],
            "grade_source": ["derived", "derived"],
        }
    )
    found = headlines({"recheck": recheck, "department_shifts": shifts, "guideline_units": guide})
    assert found == []
    recorded = guide.with_columns(grade_source=pl.lit("recorded"))
    (g,) = headlines({"guideline_units": recorded})
    assert g.params["n"] == 1 and g.params["moves"] == 6
