"""Review rev19c (trend attribution, KPI drivers, wording): a whole team's fall gets a
sentence and a headline, KPI contributions in percentage points with the KPI's levels, sums of
squares on the company's scale, the re-check threshold in the company's points, clean log
ticks, no "delta 法" in Chinese."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.export.cells import header
from analytics.export.figures import kpi_driver_bars, log_ticks
from analytics.findings.headlines import headlines
from analytics.findings.stories import recheck_gap, team_shift_sentences, team_shift_table
from analytics.findings.units import Unit, convert, converted
from analytics.stats.attribution import score_changes
from analytics.text import render, render_column
from analytics.text.render import entries

P100 = Unit("0-100", 0.0, 100.0)


def _team_drop_ratings(drop: float = -0.095) -> pl.DataFrame:
    """Three departments of two teams of 20, same managers both cycles; one team (乙/南)
    falls by ``drop`` in the second cycle (the review's 华南区, -9.5 points on 0-100)."""
    rng = np.random.default_rng(1)
    rows = []
    for d in ("甲", "乙", "丙"):
        for team in ("东", "南"):
            for i in range(20):
                e = f"{d}{team}{i}"
                base = rng.normal(0.7, 0.05)
                for c, (cyc, order) in enumerate((("c1", 1), ("c2", 2))):
                    moved = drop if (d, team, c) == ("乙", "南", 1) else 0.0
                    for r, role in (
                        (f"m{d}{team}", "manager"),
                        (f"{e}a", "peer"),
                        (f"{e}b", "peer"),
                    ):
                        score = base + moved + rng.normal(0, 0.03)
                        rows.append((cyc, order, e, r, role, score, f"{d}/{team}"))
    cols = ["cycle_id", "cycle_order", "employee_id", "rater_id", "rater_role", "score"]
    return pl.DataFrame(rows, schema=[*cols, "department"], orient="row")


def test_a_whole_team_fall_gets_a_sentence_that_says_where_it_is_counted():
    changes = score_changes(_team_drop_ratings())
    table = team_shift_table(changes, changes)
    assert table["dept"].to_list() == ["乙/南"]
    row = table.row(0, named=True)
    # the team's mean less the company part, the weighted median of the three departments'
    # means (40 people each): 乙's mean is about -9.5 / 2 (half of it fell), 甲's and 丙's
    # about 0, so the median is a flat department's, ~0, and the shift is the whole fall,
    # about -9.5 (against the panel's mean, -9.5 / 6 = -1.6 lower, it had read about -8)
    assert row["shift"] * 100 == pytest.approx(-9.5, abs=1.5)
    assert abs(row["company"]) * 100 < 1.0
    assert row["ci95_high"] < 0 and row["p_holm"] < 0.05
    # the top-level department part takes only part of it: the rest is in "individual"
    assert row["individual"] < -0.03
    zh = render_column(team_shift_sentences(table, P100)["story"], "zh", "story")[0]
    en = render_column(team_shift_sentences(table, P100)["story"], "en", "story")[0]
    assert (
        "乙/南" in zh and "0-100 分制" in zh and "个人" in zh and "同时比较多个团队后仍显著" in zh
    )
    assert "moved as a team" in en and "individual part" in en
    # signed as worded (fix20a, rev19e minor 9): "8.9 lower than the company", not "-8.9"
    assert row["shift"] < 0 and f"{abs(row['shift'] * 100):.1f} lower than the company" in en
    # the overview (and the packet cover) count it
    codes = [h.code for h in headlines({"team_shifts": table})]
    assert "overview.headline_team_shift" in codes


def test_no_team_shift_without_one():
    changes = score_changes(_team_drop_ratings(drop=0.0))
    assert team_shift_table(changes, changes).height == 0
    assert team_shift_sentences(pl.DataFrame(), P100).height == 0


def test_sums_of_squares_and_variances_on_the_company_scale():
    frame = pl.DataFrame({"dept": ["a"], "ss_total": [0.0442], "mean_change": [-0.00108]})
    out = convert(frame, P100)
    assert out["ss_total"][0] == pytest.approx(442.0)  # points squared
    assert out["mean_change"][0] == pytest.approx(-0.108)
    scored = set(converted(frame.schema))
    assert "²" in header("ss_total", pl.Float64, "zh", P100, scored) or "平方" in header(
        "ss_total", pl.Float64, "zh", P100, scored
    )
    assert "squared" in header("ss_total", pl.Float64, "en", P100, scored)
    for facet in ("component", "facet"):  # a G study's table names its sources either way
        g = pl.DataFrame({facet: ["p"], "estimate": [0.0033], "variance": [0.0033]})
        assert convert(g, P100)["estimate"][0] == pytest.approx(33.0)
    # an estimate that is not a variance (a reliability coefficient) stays
    assert convert(pl.DataFrame({"estimate": [0.8]}), P100)["estimate"][0] == 0.8


def test_recheck_threshold_in_company_points():
    zh = render("raters.recheck_note", "zh", **recheck_gap(P100))
    en = render("raters.recheck_note", "en", **recheck_gap(P100))
    assert "25" in zh and "0-100" in zh and "0.25" not in zh and "5 分制" not in zh
    assert "25" in en and "0-100" in en and "5-point" not in en
    assert "1" in render("raters.recheck_note", "en", **recheck_gap(Unit("1-5", 1.0, 5.0)))


def test_kpi_bars_in_percentage_points():
    drivers = pl.DataFrame(
        {"dept": ["a", "a"], "to_cycle": ["c2", "c2"], "kpi": ["rev", "nps"]}
        | {"contribution": [-0.077, 0.012]}
    )
    fig = kpi_driver_bars(drivers, "en")
    ys = sorted(y for tr in fig.data for y in tr.y)
    assert ys == pytest.approx([-7.7, 1.2])
    assert "percentage points" in fig.layout.yaxis.title.text
    assert "百分点" in render("column.contribution", "zh")
    assert render("column.from_attainment", "zh") != "起始达成率"


def test_clean_log_ticks():
    ticks = log_ticks(pl.Series([60, 90, 150, 400]))
    assert ticks == [50, 100, 200, 500]
    assert all(str(t)[0] in "125" for t in log_ticks(pl.Series([1, 30000])))


def test_no_delta_fa_in_chinese():
    bad = [k for k, v in entries().items() if "delta 法" in str(v.get("zh", ""))]
    assert not bad


def test_a_team_sentence_speaks_in_the_scale_its_two_cycles_share_when_the_scope_mixes():
    """Where the scope mixes scales (the demo: 1-5 and 0-100), a team's sentence about two
    cycles on 1-5 speaks in points on 1-5, as the department sentences do; a pair across
    scales keeps the 0-1 score and says so."""
    from analytics.findings.units import MIXED

    changes = score_changes(_team_drop_ratings())
    table = team_shift_table(changes, changes)
    shift = table["shift"][0]
    mixed = Unit(MIXED)
    on_five = {"c1": Unit("1-5", 1.0, 5.0), "c2": Unit("1-5", 1.0, 5.0)}
    en = render_column(team_shift_sentences(table, mixed, on_five)["story"], "en", "story")[0]
    assert shift < 0 and "points on 1-5" in en and f"{abs(shift * 4):.2f} lower" in en
    across = {"c1": Unit("1-5", 1.0, 5.0), "c2": P100}
    en = render_column(team_shift_sentences(table, mixed, across)["story"], "en", "story")[0]
    assert "points on" not in en and f"{abs(shift):.3f} lower" in en


def figures_ticks(fig, fmt: str) -> list[str]:
    """The y tick labels of ``fig`` at ``fmt``, as :func:`auto_ticks` computes Plotly's."""
    from analytics.export.figures import auto_ticks

    ys = [y for tr in fig.data for y in tr.y]
    length = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    lo, hi = min(min(ys), 0.0, sum(y for y in ys if y < 0)), max(max(ys), 0.0)
    pad = (hi - lo) * 0.05
    return auto_ticks(lo - pad, hi + pad, length, fmt)


def test_kpi_bars_ticks_keep_the_decimals_a_small_range_needs():
    """rev24b nit: on a range of about 1.5 percentage points the ticks read "−1, −1, −0, −0,
    +0" ("+.0f" on steps of 0.5 or 0.2); the format follows the step: distinct labels."""
    drivers = pl.DataFrame(
        {"dept": ["a", "a"], "to_cycle": ["c2", "c2"], "kpi": ["rev", "nps"]}
        | {"contribution": [-0.013, 0.002]}
    )
    fig = kpi_driver_bars(drivers, "en")
    fmt = fig.layout.yaxis.tickformat
    assert fmt in ("+.1f", "+.2f"), fmt
    # the labels Plotly shows at that format are all different (auto_ticks: Plotly's own)
    labels = figures_ticks(fig, fmt)
    assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
    big = pl.DataFrame(
        {"dept": ["a", "a"], "to_cycle": ["c2", "c2"], "kpi": ["rev", "nps"]}
        | {"contribution": [-0.077, 0.12]}
    )
    assert kpi_driver_bars(big, "en").layout.yaxis.tickformat == "+.0f"  # whole points
