"""rev26b (words26): the top grades' share trend said beside the mean's, in the scale's words."""

from __future__ import annotations

import math

import polars as pl
import pytest
from scipy import stats

from analytics.findings.stories import inflation_paired_note, inflation_sentences
from analytics.findings.units import Unit
from analytics.stats import distributions as D
from analytics.text import render


def _two_cycles(pairs: list[tuple[str, str]]) -> pl.DataFrame:
    """One score per person and cycle (C1, C2), its grade as given; the score follows the
    grade (S 0.9, A 0.7, B 0.5) so the mean's trend is there too."""
    value = {"S": 0.9, "A": 0.7, "B": 0.5}
    rows = [
        {
            "employee_id": f"E{i}",
            "cycle_id": cycle,
            "cycle_order": order,
            "score": value[grade],
            "grade": grade,
        }
        for i, pair in enumerate(pairs)
        for order, (cycle, grade) in enumerate(zip(("C1", "C2"), pair, strict=True), start=1)
    ]
    return pl.DataFrame(rows)


#: ten people graded in both cycles: 4 stay in S+A, 3 leave it, 1 enters it, 2 stay out
DESIGN = [("S", "A")] * 4 + [("A", "B")] * 3 + [("B", "A")] + [("B", "B")] * 2


def test_two_cycle_share_trend_by_hand():
    """The CR1 slope of "top grade" on the cycle, worked by hand. Shares 7/10 then 5/10: slope
    -0.2 per cycle. With two cycles (t - tbar = -1/2, +1/2; Stt = 20 * 1/4 = 5) each person's
    sum of (t - tbar) * residual is (e2 - e1) / 2 with fitted 0.7 and 0.5: stayers in
    (0.5 - 0.3) / 2 = +0.1, leavers (-0.5 - 0.3) / 2 = -0.4, the entrant (0.5 + 0.7) / 2 = +0.6,
    outs (-0.5 + 0.7) / 2 = +0.1. Meat = 4 * 0.01 + 3 * 0.16 + 0.36 + 2 * 0.01 = 0.90; CR1 factor G/(G-1) (N-1)/(N-2) =
    10/9 * 19/18; SE = sqrt(factor * 0.90) / 5; t on G - 1 = 9 df."""
    row = D.inflation_trend(_two_cycles(DESIGN)).row(0, named=True)
    se = math.sqrt(10 / 9 * 19 / 18 * 0.90) / 5
    assert row["top_slope"] == pytest.approx(-0.2)
    assert row["top_slope_se"] == pytest.approx(se)
    assert row["top_slope_t"] == pytest.approx(-0.2 / se)
    p = 2 * stats.t.sf(0.2 / se, 9)
    assert row["top_slope_pval"] == pytest.approx(p)
    assert (row["top_trend_n"], row["top_trend_people"], row["top_grades"]) == (20, 10, "S+A")
    assert "ca_z" not in row and "ca_pval" not in row  # no longer the Cochran-Armitage test's
    half = stats.t.ppf(0.975, 9) * se
    lo, hi = 100 * (-0.2 - half), 100 * (-0.2 + half)
    assert (lo, hi) == pytest.approx((-66.5, 26.5), abs=0.05)  # -20.0 +- 2.262 * 20.55
    en, zh = (
        inflation_sentences(D.inflation_trend(_two_cycles(DESIGN)), Unit("1-5"), x)
        for x in ("en", "zh")
    )
    assert len(en) == 2 and en[0].startswith("Mean changes by")
    assert en[1] == (
        f"The S+A share changes by -20.0 percentage points per cycle (95% CI {lo:+.1f} to "
        f"{hi:+.1f}), p={p:.3f}, n=20 grades of 10 people (one person's grades across cycles "
        "are not independent: standard error clustered by person)"
    )
    assert zh[1].startswith("S+A 占比每周期变化 -20.0 个百分点（95% CI -66.5 至 +26.5）")
    assert "来自 10 人" in zh[1] and "按人聚类" in zh[1]


def test_share_trend_that_cannot_be_estimated_is_said_not_zero():
    """Grades in one cycle only (the other graded nobody): no slope, and the sentence says the
    trend cannot be estimated rather than "+0.0 points". One person in two cycles: a slope, but
    no clustered interval: "cannot be estimated", not "— to —"."""
    df = _two_cycles(DESIGN).with_columns(
        pl.when(pl.col("cycle_order") == 2).then(None).otherwise(pl.col("grade")).alias("grade")
    )
    words = inflation_sentences(D.inflation_trend(df), Unit("1-5"), "en")
    assert words[1] == (
        "The S+A share's trend cannot be estimated: only one cycle records grades (n=10 grades)."
    )
    one = inflation_sentences(D.inflation_trend(_two_cycles([("S", "B")])), Unit("1-5"), "en")
    # named by the grades recorded (fixrev31b): only S and B are, so "S", not "S+A"
    assert one[1].startswith("The S share changes by -100.0 percentage points per cycle, n=2")
    assert "the 95% CI and p cannot be estimated" in one[1] and "— to —" not in one[1]
    zh = inflation_sentences(D.inflation_trend(df), Unit("1-5"), "zh")
    assert zh[1].startswith("S+A 占比的趋势无法估计")


def test_no_share_sentence_without_a_known_top():
    """Without grades (or on no known grade scale) only the mean's sentence: the page says
    why no share is drawn."""
    df = _two_cycles(DESIGN).drop("grade")
    trend = D.inflation_trend(df)
    assert len(inflation_sentences(trend, Unit("1-5"), "en")) == 1
    assert inflation_paired_note(trend, "en") is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_paired_note_under_the_chart(lang):
    """Two cycles with a top share drawn: the note that overlapping bars are not "no change"
    for the same people; one cycle: none (there is no trend)."""
    trend = D.inflation_trend(_two_cycles(DESIGN))
    note = inflation_paired_note(trend, lang)
    assert note == render("dist.inflation_paired_note", lang, grades="S+A")
    assert ("do not mean “no change” for the same people" in note) or ("并不表示同一批人" in note)
    one = D.inflation_trend(_two_cycles(DESIGN).filter(pl.col("cycle_order") == 1))
    assert inflation_paired_note(one, lang) is None


def test_share_columns_are_labelled_as_the_clustered_test():
    """rev26b item 2 (NIT): ``ca_z``/``ca_pval`` named the Cochran-Armitage test for what is the
    clustered t: renamed, and their labels say so."""
    from analytics.text.labels import P_COLUMNS

    assert "top_slope_pval" in P_COLUMNS and "ca_pval" not in P_COLUMNS
    assert render("column.top_slope_pval", "en") == "Top-grade trend p (clustered by person)"
    assert render("column.top_slope_t", "zh") == "高等级趋势t值（按人聚类）"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_team_download_names_its_team_and_level(lang):
    """rev26b item 5: the analyst's download of team 平台研发一组 was named after its department
    only (``…_all_研发中心-平台研发部_en.json``), as the department's own download is."""
    from types import SimpleNamespace

    from analytics.export.report import report_filename

    def named(**scope: object) -> str:
        base = {"cycles": (), "department": "研发中心/平台研发部", "team": None, "level": None}
        return report_filename(
            SimpleNamespace(scope=SimpleNamespace(**base | scope)), "json", None, lang
        )

    dept = named()
    team = named(team="平台研发一组")
    assert dept == f"perflens_calibration_all_研发中心-平台研发部_{lang}.json"
    assert team == f"perflens_calibration_all_研发中心-平台研发部_平台研发一组_{lang}.json"
    assert named(team="平台研发一组", level="P7") == (
        f"perflens_calibration_all_研发中心-平台研发部_平台研发一组_P7_{lang}.json"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mean_bars_start_at_the_scales_lowest_score(lang):
    """rev26b item 5: the mean-score bars started at 0 on a 1-5 scale, where no score is 0:
    each bar was a point longer than the mean's distance from the scale's bottom. On 1-5 they
    start at 1 (the axis too) and end at the mean; the hover says the mean, not the bar's
    length; on the 0-1 score (mixed scales) they start at 0 as before."""
    from analytics.export.figures import unit_means
    from analytics.findings.units import Unit, unit_of_scales

    dist = pl.DataFrame(
        {
            "unit": ["销售中心", "研发中心"],
            "cycle_id": ["2026Q1"] * 2,
            "mean": [0.6, 0.7],  # 0-1 scores: 3.4 and 3.8 on 1-5
            "mean_lo": [0.55, 0.66],
            "mean_hi": [0.65, 0.74],
            "n": [40, 60],
            "small_n": [False, False],
        }
    )
    bars = unit_means(dist, lang, None, unit_of_scales(["1-5"]))
    (trace,) = bars.data
    assert trace.base == 1.0 and bars.layout.yaxis.range[0] == 1.0
    assert [trace.base + y for y in trace.y] == pytest.approx([3.8, 3.4])
    assert list(trace.hovertext) == ["3.80", "3.40"] and "%{hovertext}" in trace.hovertemplate
    assert list(trace.error_y.array) == pytest.approx([0.16, 0.2])  # from the bar's top
    mixed = unit_means(dist, lang, None, Unit("mixed")).data[0]
    assert not mixed.base and list(mixed.y) == pytest.approx([0.7, 0.6])
