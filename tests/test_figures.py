"""Figure builders at enterprise scale: a rater chart keeps every flagged rater and thins the
unflagged cloud, so the figure stays small enough for a browser to draw."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import polars as pl
import pytest

from analytics.export import figures
from analytics.findings.units import convert, unit_of_scales
from analytics.text import render


def _raters(n: int, flagged: int) -> pl.DataFrame:
    rng = np.random.default_rng(3)
    effect = rng.normal(0, 0.05, n)
    flag = [None] * n
    flags = [[] for _ in range(n)]
    for i in range(flagged):
        flag[i] = "lenient" if i % 2 else "severe"
        flags[i] = ["halo"] if i % 2 else ["central_tendency"]
    return pl.DataFrame(
        {
            "rater_id": [f"R{i:06d}" for i in range(n)],
            "n": rng.integers(6, 400, n),
            "effect": effect,
            "ci95_low": effect - 0.02,
            "ci95_high": effect + 0.02,
            "flag": flag,
            "flags": flags,
            "ct_ratio": rng.uniform(0.2, 1.5, n),
            "halo_ratio": rng.uniform(0.2, 1.5, n),
        }
    )


def test_small_rater_charts_draw_every_rater() -> None:
    r = _raters(500, 20)
    fig = figures.rater_effects_chart(r, "en")
    assert sum(len(t.x) for t in fig.data) == 500
    assert fig.data[0].name == "not flagged (480)"


def test_large_rater_charts_keep_flagged_and_thin_the_rest() -> None:
    n, flagged = 50_000, 120
    r = _raters(n, flagged)
    for fig, label in (
        (figures.rater_effects_chart(r, "en"), "effects"),
        (figures.consistency_chart(r, "zh"), "consistency"),
    ):
        by_name = {t.name: t for t in fig.data}
        none = fig.data[0]
        shown = len(none.x)
        assert shown <= figures.MAX_CONTEXT_POINTS, label
        assert sum(len(t.x) for t in fig.data[1:]) == flagged, label  # every flagged rater
        total = n - flagged
        assert (
            f"{shown:,} of {total:,} shown" in none.name
            or f"显示 {shown:,} / {total:,}" in none.name
        ), (label, list(by_name))
        assert len(fig.to_json()) < 2_000_000, label
    # the thinned cloud spans the whole range of ratings (evenly spaced in n, not the first rows)
    xs = np.array(figures.rater_effects_chart(r, "en").data[0].x)
    none = r.filter(pl.col("flag").is_null())
    assert xs.min() == none["n"].min() and xs.max() >= np.quantile(none["n"], 0.99)
    # the same points every time
    again = figures.rater_effects_chart(r, "en").data[0].customdata
    assert list(again) == list(figures.rater_effects_chart(r, "en").data[0].customdata)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_200k_raters_draw_the_budget_and_every_flagged_rater_with_webgl(lang) -> None:
    """At 40M ratings (about 200,000 raters, thousands of them flagged): the unflagged cloud is
    at most the budget, every flagged rater is drawn (by id), the legend says how many of how
    many, and so many points are WebGL (no SVG node per marker and error bar)."""
    n, flagged = 200_000, 6_000
    r = _raters(n, flagged)
    want = set(r["rater_id"].head(flagged).to_list())
    for fig in (figures.rater_effects_chart(r, lang), figures.consistency_chart(r, lang)):
        none, rest = fig.data[0], fig.data[1:]
        assert len(none.x) <= figures.MAX_CONTEXT_POINTS
        assert (
            render(
                "fig.legend_thinned",
                lang,
                name=render("flag.none", lang),
                shown=len(none.x),
                total=n - flagged,
            )
            == none.name
        )
        drawn = {i for t in rest for i in t.customdata}
        assert drawn == want  # every flagged rater, none twice, no unflagged one among them
        assert sum(len(t.x) for t in rest) == flagged
        assert {t.type for t in fig.data} == {"scattergl"}
        assert len(fig.to_json()) < 3_000_000
    # ... but not where it is printed (the packet, the report: a WebGL canvas can print blank)
    printed = figures.rater_effects_chart(r, lang, webgl=False)
    assert {t.type for t in printed.data} == {"scatter"}
    # the page's budget (ui.charts) at 10M ratings, few flagged: a few hundred points, SVG
    from ui.charts import SCREEN_CONTEXT_POINTS

    few = _raters(52_000, 50)
    for build in (figures.rater_effects_chart, figures.consistency_chart):
        fig = build(few, lang, context=SCREEN_CONTEXT_POINTS)
        assert sum(len(t.x) for t in fig.data) <= SCREEN_CONTEXT_POINTS + 50
        assert {t.type for t in fig.data} == {"scatter"}


def test_rater_charts_on_screen_draw_fewer_unflagged_raters_and_every_flagged_one() -> None:
    """The page's cap (``context``): the unflagged cloud thinned below it, the legend counting
    what is shown of the total, every flagged rater drawn; below the cap every rater."""
    from ui.charts import SCREEN_CONTEXT_POINTS

    n, flagged = 2_000, 40
    r = _raters(n, flagged)
    for build in (figures.rater_effects_chart, figures.consistency_chart):
        fig = build(r, "en", context=SCREEN_CONTEXT_POINTS)
        none = fig.data[0]
        assert 0 < len(none.x) <= SCREEN_CONTEXT_POINTS < n - flagged, build.__name__
        assert f"{len(none.x):,} of {n - flagged:,} shown" in none.name, none.name
        assert sum(len(t.x) for t in fig.data[1:]) == flagged, build.__name__
        assert len(build(r, "en").data[0].x) == n - flagged  # the report's cap: all 1,960
        small = build(_raters(300, 10), "en", context=SCREEN_CONTEXT_POINTS)
        assert sum(len(t.x) for t in small.data) == 300, build.__name__


# -- the company's own scale -------------------------------------------------------------------

FIVE = unit_of_scales(["1-5"])
HUNDRED = unit_of_scales(["0-100"])
MIXED = unit_of_scales(["1-5", "0-100"])


@pytest.mark.parametrize("scales", [None, ["1-5"], ["0-100"], ["1-5", "0-100"]])
def test_rater_charts_of_the_whole_rater_table_draw_what_its_conversion_gives(scales) -> None:
    """The charts read only the columns they draw (session 24: the 40M table's 72 columns
    cost each chart 0.5 CPU s), yet draw them as the whole table converts them: an interval's
    ends are a level where the table has a level they bound (``adjusted``), a difference
    beside ``effect`` alone; names and sentences in other columns change nothing drawn."""
    unit = None if scales is None else unit_of_scales(scales)
    base = _raters(4_000, 30).with_columns(
        rater_name=pl.format("name {}", pl.col("rater_id")),
        status_reason=pl.lit("a sentence"),
        effect_sd=pl.col("effect") * 2,
    )
    bounded = base.with_columns(adjusted=pl.col("effect") + 0.5)  # the ends now bound it
    drawn = {}
    for label, frame in (("base", base), ("bounded", bounded)):
        whole = convert(frame, unit)
        fig = figures.rater_effects_chart(frame, "en", unit, context=600)
        for trace in fig.data[1:]:  # the flagged raters: every one drawn, in the table's order
            rows = whole.filter(pl.col("rater_id").is_in(list(trace.customdata)))
            assert list(trace.customdata) == rows["rater_id"].to_list()
            assert list(trace.y) == rows["effect"].to_list()
            assert list(trace.error_y.array) == (rows["ci95_high"] - rows["effect"]).to_list()
            assert list(trace.error_y.arrayminus) == (rows["effect"] - rows["ci95_low"]).to_list()
            assert list(trace.text) == [f"{i} name {i}" for i in trace.customdata]
        drawn[label] = fig.to_json()
        narrow = frame.select(
            "rater_id",
            "n",
            "effect",
            "ci95_low",
            "ci95_high",
            "flag",
            "flags",
            "ct_ratio",
            "halo_ratio",
            "rater_name",
        )
        assert (
            figures.consistency_chart(frame, "zh").to_json()
            == figures.consistency_chart(narrow, "zh").to_json()
        )
    # on a scale that starts above 0 the bound column moves the intervals' ends by it (a level,
    # not a difference): the test sees both paths
    moved = unit is not None and not unit.mixed and unit.lo != 0
    assert (drawn["base"] != drawn["bounded"]) == moved


def _title(axis) -> str:
    return axis.title.text or ""


def _text(fig: go.Figure) -> str:
    """Everything a figure says, readable (not JSON's escaped Chinese)."""
    return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)


def _score_figures(unit, lang: str) -> dict[str, tuple[go.Figure, str, list[float]]]:
    """Each figure that plots a score, effect or change, the axis title that must name the
    unit, and the values it draws (converted)."""
    dist = pl.DataFrame(
        {
            "unit": ["A", "B"],
            "cycle_id": ["2025H2", "2025H2"],
            "n": [30, 40],
            "mean": [0.5, 0.75],
            "mean_lo": [0.45, 0.7],
            "mean_hi": [0.55, 0.8],
            "small_n": [False, False],
        }
    )
    box = pl.DataFrame(
        {
            "unit": ["A"],
            "cycle_id": ["2025H2"],
            "n": [30],
            "q1": [0.25],
            "median": [0.5],
            "q3": [0.75],
            "mean": [0.5],
            "lowerfence": [0.0],
            "upperfence": [1.0],
        }
    )
    trend = pl.DataFrame(
        {
            "cycle_id": ["2025H1", "2025H2"],
            "cycle_order": [1, 2],
            "n": [30, 30],
            "mean": [0.5, 0.75],
            "mean_lo": [0.45, 0.7],
            "mean_hi": [0.55, 0.8],
            "top_share": [0.2, 0.3],
        }
    )
    raters = _raters(20, 2).with_columns(
        effect=pl.Series([0.25] * 20), ci95_low=pl.lit(0.2), ci95_high=pl.lit(0.3)
    )
    sources = pl.DataFrame(
        {"employee_id": ["E1"], "self": [0.75], "manager": [0.5], "peer": [0.25]}
    )
    changes = pl.DataFrame(
        {
            "dept": ["D"],
            "to_cycle": ["2025H2"],
            "company": [0.25],
            "department": [-0.5],
            "rater": [0.0],
            "individual": [0.0],
        }
    )
    return {
        "unit_means": (figures.unit_means(dist, lang, None, unit), "y", [4.0, 3.0]),
        "score_box": (figures.score_box(box, lang, 5, unit), "y", [2.0, 3.0, 4.0]),
        "heatmap": (figures.heatmap(dist, lang, unit), "colorbar", [3.0, 4.0]),
        "inflation": (figures.inflation_chart(trend, lang, unit), "y", [3.0, 4.0]),
        "rater_effects": (figures.rater_effects_chart(raters, lang, unit), "y", [1.0]),
        "dumbbell": (figures.dumbbell(sources, lang, unit=unit), "x", [4.0, 3.0, 2.0]),
        "attribution": (figures.attribution_bars(changes, lang, unit), "y", [1.0, -2.0, 0.0]),
    }


def _drawn(name: str, fig: go.Figure) -> list[float]:
    t = fig.data
    if name == "unit_means":  # bars from the scale's lowest score (base): their tops
        return [(t[0].base or 0.0) + y for y in t[0].y]
    if name == "score_box":
        return [t[0].q1[0], t[0].median[0], t[0].q3[0]]
    if name == "heatmap":
        return list(t[0].marker.color)
    if name == "inflation":
        return list(t[0].y)
    if name == "rater_effects":
        return sorted({round(v, 6) for tr in t for v in tr.y})
    if name == "dumbbell":
        return [tr.x[0] for tr in t]
    return [tr.y[0] for tr in t[:3]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_score_charts_draw_points_on_the_company_scale(lang):
    for name, (fig, axis, want) in _score_figures(FIVE, lang).items():
        assert _drawn(name, fig) == pytest.approx(want), name
        title = (
            fig.data[0].marker.colorbar.title.text
            if axis == "colorbar"
            else _title(fig.layout.xaxis if axis == "x" else fig.layout.yaxis)
        )
        assert FIVE.words(lang) in title, (name, title)
        # hover: 2 decimals on 1-5 (not 0.5858414634146342, not 3 decimals of 0-1)
        hover = fig.data[0].hovertemplate or ""
        assert ":.3f" not in hover, (name, hover)
    # 0-100: one decimal, the scale named
    for name, (fig, _, _) in _score_figures(HUNDRED, lang).items():
        assert ":.3f" not in (fig.data[0].hovertemplate or ""), name
        assert HUNDRED.words(lang) in _text(fig), name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_score_charts_on_mixed_scales_keep_0_1_and_say_so(lang):
    for name, (fig, _axis, _) in _score_figures(MIXED, lang).items():
        drawn = _drawn(name, fig)
        assert all(-1.0 <= v <= 1.0 for v in drawn), name  # 0-1, unconverted
        assert render("unit.score01", lang) in _text(fig), name
    # without a unit (callers that know none): the 0-1 score, said
    for name, (fig, _axis, _) in _score_figures(None, lang).items():
        assert render("unit.score01", lang) in _text(fig), name


def test_kpi_contributions_are_attainment_not_scores():
    """A KPI's contribution to the change of weighted attainment is not on the rating scale:
    the tables and charts do not convert it."""
    drivers = pl.DataFrame(
        {
            "dept": ["D"],
            "kpi": ["revenue"],
            "contribution": [-0.2],
            "ci95_low": [-0.3],
            "ci95_high": [-0.1],
            "total_change": [-0.2],
        }
    )
    assert convert(drivers, FIVE).equals(drivers)


def test_labels_are_white_on_the_dark_cells():
    """The heat map and the 9-box write their labels white on the darkest cells."""
    cells = pl.DataFrame(
        {
            "unit": ["A", "B", "C"],
            "cycle_id": ["1", "1", "1"],
            "n": [30, 30, 30],
            "mean": [0.4, 0.5, 0.6],
            "small_n": [False] * 3,
        }
    )
    assert list(figures.heatmap(cells, "en").data[0].textfont.color) == ["white", "#222", "white"]
    counts = pl.DataFrame(
        {
            "box": [1, 5],
            "perf_band": [0, 1],
            "pot_band": [0, 1],
            "n": [10, 400],
            "share": [0.02, 0.8],
            "box_label": ["talent_risk", "core_player"],
        }
    )
    grid = figures.nine_box_grid(counts, "en")
    assert [a.font.color for a in grid.layout.annotations] == ["#111", "white"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dumbbell_has_no_legend_entry_for_a_role_with_no_scores(lang):
    """Reviewer rev22 nit 14: "隔级" stood in the legend with no skip-level ratings."""
    sources = pl.DataFrame(
        {
            "employee_id": ["E1", "E2"],
            "self": [4.5, 4.0],
            "manager": [3.0, 3.5],
            "peer": [4.0, None],
            "skip_level": [None, None],
        },
        schema_overrides={"skip_level": pl.Float64},
    )
    names = [tr.name for tr in figures.dumbbell(sources, lang).data]
    assert names == [render(f"role.{r}", lang) for r in ("self", "manager", "peer")]


def test_auto_ticks_are_the_labels_plotly_drew():
    """The tick labels Plotly's automatic ticks drew in Chromium on the demo (session 22:
    ``_fullLayout.yaxis._vals`` of the final range and plot height), which the margins given up
    front are computed from."""
    drawn = [
        ((-0.133, 0.131, 284), "", ["−0.1", "−0.05", "0", "0.05", "0.1"]),
        ((0.143, 1.443, 284), "", ["0.2", "0.4", "0.6", "0.8", "1", "1.2", "1.4"]),
        ((0.654, 0.846, 250), "", ["0.7", "0.75", "0.8"]),
        ((-0.703, 0.098, 260), "", ["−0.6", "−0.4", "−0.2", "0"]),
        ((0, 67206, 233), ",d", ["0", "10,000", "20,000", "30,000", "40,000", "50,000", "60,000"]),
        ((-17.405, 17.497, 328), "+.0f", ["−15", "−10", "−5", "+0", "+5", "+10", "+15"]),
        ((-0.009, 0.667, 203), ".0%", ["0%", "20%", "40%", "60%"]),
    ]
    for (lo, hi, length), fmt, labels in drawn:
        assert figures.auto_ticks(lo, hi, length, fmt) == labels, (lo, hi, fmt)
    # a fixed number of ticks (the second axes' ``nticks=6``)
    assert figures.auto_ticks(0, 2300, 233, ",d", 6) == ["0", "500", "1,000", "1,500", "2,000"]
    assert figures.auto_ticks(0, 0.375, 250, ".0%", 6) == ["0%", "10%", "20%", "30%"]


def test_template_written_into_the_figure_as_plotly_applies_it():
    """Every axis of a letter gets the template's axis, each trace its type's entry, the
    figure's own values win, and nothing is written that Plotly.js reads as switched on by its
    presence (an axis line colour draws the axis line, a minor grid colour the minor grid)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=1)
    fig.add_trace(go.Bar(x=["a"], y=[1]), row=1, col=1)
    fig.add_trace(go.Scatter(x=[1], y=[2], marker_color="red"), row=2, col=1)
    fig.add_annotation(text="n", x=0, y=0)
    fig.update_layout(template=figures.TEMPLATE, font=dict(size=13))
    sent = figures.written_in(fig.to_dict())
    layout = sent["layout"]
    assert "template" not in layout
    for axis in ("xaxis", "xaxis2", "yaxis", "yaxis2"):
        assert layout[axis]["automargin"] is True and layout[axis]["ticks"] == ""
        assert "linecolor" not in layout[axis] and "minor" not in layout[axis]
    assert layout["xaxis"]["showgrid"] is False and layout["yaxis"]["title"]["standoff"] == 24
    assert layout["font"] == {**figures.TEMPLATE.layout.font.to_plotly_json(), "size": 13}
    assert layout["annotations"][0]["arrowcolor"] == "#2a3f5f"
    bar, scatter = sent["data"]
    assert bar["marker"]["line"] == {"color": "white", "width": 0.5}
    assert scatter["marker"]["color"] == "red" and "fillpattern" in scatter
    assert sent["data"] is not fig.to_dict()["data"]  # a new figure: the built one unchanged


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_come_with_the_room_plotly_would_push_them_to(lang):
    """The dumbbell's left margin holds its longest name, its bottom the legend 18% of the plot
    below it; the leniency chart's is what Plotly's auto-margin made on the demo (83 / 90 px,
    both languages, company-wide and for a department)."""
    sources = pl.DataFrame(
        {
            "employee_id": ["E000350", "E000438"],
            "name": ["蒋丽刚", "郑斌"],
            "self": [0.7, 0.5],
            "manager": [0.4, 0.6],
            "peer": [0.5, 0.55],
        }
    )
    fig = figures.dumbbell(sources, lang)
    m = fig.layout.margin
    assert m.l == 105  # measured in Chromium for "E000350 蒋丽刚": 104.7
    assert m.b == 101 if fig.layout.height == 494 else m.b >= 64
    raters = pl.DataFrame(
        {
            "rater_id": [f"R{i}" for i in range(40)],
            "n": list(range(50, 4050, 100)),
            "effect": [(-1) ** i * 0.0025 * i for i in range(40)],
            "ci95_low": [(-1) ** i * 0.0025 * i - 0.03 for i in range(40)],
            "ci95_high": [(-1) ** i * 0.0025 * i + 0.03 for i in range(40)],
            "flag": [None] * 38 + ["lenient", "severe"],
        }
    )
    effects = figures.rater_effects_chart(raters, lang)
    assert (effects.layout.margin.l, effects.layout.margin.b) == (83, 90)


def test_bar_ranges_are_the_ones_plotly_drew():
    """The ranges Plotly's autorange gave the person page's waterfall in Chromium (session 23,
    the demo's E000001 and E000002, ``_fullLayout.yaxis.range`` at a 260 px plot): 5% of the
    length beyond the bars' ends away from 0 and the two lines of value and interval written
    outside them (12 px text, 1.3 line spacing, 3 px padding), on each side with bars there."""
    both = [0.000294, -0.000940, -0.005529, 0.076146, 0.076146]
    lo, hi = figures._bar_range(both, 260, 2)
    assert lo == pytest.approx(-0.028808, abs=2e-6) and hi == pytest.approx(0.099425, abs=2e-6)
    up = [0.000294, 0.002993, 0.001869, 0.058542, 0.058542]
    lo, hi = figures._bar_range(up, 260, 2)
    assert lo == 0 and hi == pytest.approx(0.071526, abs=2e-6)  # from 0: no padding below
    # without text only the 5%: the tick labels then miss the "−0.02" Plotly drew
    assert figures.auto_ticks(*figures._bar_range(both, 260, 2), 260)[0] == "−0.02"
    assert figures.auto_ticks(*figures._bar_range(both, 260), 260)[0] == "0"


def test_two_level_axis_room_is_what_plotly_pushed():
    """A department-under-cycle axis' room below the plot as Plotly's auto-margin pushed it in
    Chromium (session 23): unturned 40.5 / 44.5 px at 10 / 12 px labels; turned upright where
    the categories are too many for the labels side by side (40 of "2025Q2": 85.6 px at 12)."""
    assert figures._two_level_room(10, ["2026Q2"] * 8) == 41
    assert figures._two_level_room(12, ["2025Q2"] * 5) == 45
    assert figures._two_level_room(12, ["2025Q2"] * 40) == 86
    assert figures._two_level_room(10, ["2025年第二季0"] * 40) == 107  # measured 106.7
    # a stacked bar's ends: each category's positive sum and negative sum
    ends = figures._stack_ends(["a", "a", "b", "a"], [1.0, -2.0, 0.5, 3.0])
    assert sorted(ends) == [-2.0, 0.5, 4.0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shift_charts_come_with_their_axes_room(lang):
    """The attribution bars, KPI drivers and waterfall give the margins Plotly's auto-margin
    would push them to, so the browser draws them once (their final margins in Chromium on
    the demo before this was given: attribution bars 89 / 41 px, KPI drivers 73 / 45 and,
    company-wide with 40 categories turned upright, 73 / 86; waterfall 83 on the left)."""
    kpi = pl.DataFrame(
        {
            "dept": ["销售中心"] * 10,
            "to_cycle": [f"2025Q{i}" for i in (1, 2, 3, 4)] * 2 + ["2026Q1", "2026Q1"],
            "kpi": ["revenue"] * 5 + ["margin"] * 5,
            "contribution": [0.15, -0.12, 0.05, 0.0, 0.1, -0.05, 0.02, 0.03, 0.01, -0.16],
        }
    )
    fig = figures.kpi_driver_bars(kpi, lang)
    assert (fig.layout.margin.l, fig.layout.margin.b) == (73, 45)
    row = {
        "employee_id": "E000001",
        "name": "x",
        "from_cycle": "2026Q1",
        "to_cycle": "2026Q2",
        "company": 0.000294,
        "department": -0.001234,
        "rater": -0.004589,
        "individual": 0.081675,
        "change": 0.076146,
        **{f"{p}_ci95_low": -0.003 for p in ("company", "department", "rater", "individual")},
        **{f"{p}_ci95_high": 0.003 for p in ("company", "department", "rater", "individual")},
    }
    # the y axis says "0-1 score: scales mixed" and "−0.02" is among its labels
    assert figures.waterfall(row, lang, MIXED).layout.margin.l == 83


def test_person_history_keeps_the_cycles_in_order_when_a_source_skips_one():
    """rev23b item 7: the self line had no 2025Q3, so Plotly put 2025Q3 after 2026Q2 and the
    manager's line doubled back; the axis lists every cycle in the cycles' order."""
    from analytics.export.figures import person_history

    cycles = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    rows = [(c, i, "manager", 0.8) for i, c in enumerate(cycles, 1)]
    rows += [(c, i, "self", 0.9) for i, c in enumerate(cycles, 1) if c != "2025Q3"]
    ratings = pl.DataFrame(
        rows, schema=["cycle_id", "cycle_order", "rater_role", "score"], orient="row"
    )
    fig = person_history(ratings.sample(fraction=1.0, shuffle=True, seed=3), "en")
    assert list(fig.layout.xaxis.categoryarray) == cycles
    assert fig.layout.xaxis.categoryorder == "array"
    # rev35 finding 3: the skipped cycle is a gap in the self line, not a line across it
    own = next(trace for trace in fig.data if trace.name == "Self")
    assert list(own.x) == cycles and own.y[2] is None and own.connectgaps is False
    assert None not in next(trace for trace in fig.data if trace.name != "Self").y


def test_inflation_chart_of_one_person_has_no_interval_and_no_crash():
    """rev24b item 2: /distributions?dept=财务部&level=M3 (one person) crashed with "float +
    NoneType": a cycle's mean with no interval (n=1) next to a cycle with one. The chart is
    drawn, the point without an interval keeps none, and the axis covers the other's ends."""
    trend = pl.DataFrame(
        {
            "cycle_id": ["2026Q1", "2026Q2"],
            "cycle_order": [1, 2],
            "mean": [0.6, 0.7],
            "mean_lo": [None, 0.5],
            "mean_hi": [None, 0.9],
            "n": [1, 2],
        }
    )
    fig = figures.inflation_chart(trend, "en")
    err = fig.data[0].error_y
    assert err.array[0] is None and err.array[1] == pytest.approx(0.2)
    lo, hi = fig.layout.yaxis.range or (None, None)
    if lo is not None:  # a range written up front covers the interval's ends
        assert lo <= 0.5 and hi >= 0.9


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("scales", [["1-5"], ["1-5", "0-100"], []])
def test_charts_laid_out_by_relaid_are_those_update_layout_made(lang, scales, monkeypatch):
    """The builders set their layouts through :func:`analytics.export.relayout.relaid` (no
    relayout pass, session 38): every figure is the one Plotly's own ``update_layout`` and
    ``update_*axes`` made, byte for byte."""
    unit = unit_of_scales(scales) if scales else None
    fast = {name: json.dumps(f.to_dict()) for name, (f, *_) in _score_figures(unit, lang).items()}

    def own(fig, **update):
        return fig.update_layout(**update)

    def own_axes(fig, letter, **update):
        return getattr(fig, f"update_{letter}axes")(**update)

    monkeypatch.setattr(figures, "relaid", own)
    monkeypatch.setattr(figures, "relaid_axes", own_axes)
    slow = {name: json.dumps(f.to_dict()) for name, (f, *_) in _score_figures(unit, lang).items()}
    assert fast == slow


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_title_split_in_two_lines_reads_as_the_title(lang) -> None:
    """The second line of a long title starts at its parenthesis; read as text (the SVG's, a
    screen reader's) the title is still the title: "unit (2026Q2", not "unit(2026Q2"."""
    import re

    title = render("fig.unit_means", lang, cycle="2026Q2")
    shown, two_lines = figures._title(title)
    assert two_lines and "<br>" in shown
    assert re.sub(r"<[^>]+>", "", shown) == title
