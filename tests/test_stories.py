"""One sentence per significant department shift: the parts add up to the change, the KPI that
moved most is named, and a shift without KPI data says nothing about KPIs."""

from __future__ import annotations

import re

import polars as pl

from analytics.findings.stories import shift_sentences
from analytics.findings.units import unit_of_scales
from analytics.text import render, render_column

KEY = {"from_cycle": "Q1", "to_cycle": "Q2"}


def test_sentence_per_significant_shift_with_parts_and_kpi():
    shifts = pl.DataFrame(
        {
            "dept": ["销售", "研发"],
            **{k: [v, v] for k, v in KEY.items()},
            "n": [3, 2],
            "department": [-0.08, 0.001],
            "ci95_low": [-0.09, -0.01],
            "ci95_high": [-0.07, 0.012],
            "significant": [True, False],
        }
    )
    changes = pl.DataFrame(
        {
            "dept": ["销售"] * 3 + ["研发"] * 2,
            **{k: [v] * 5 for k, v in KEY.items()},
            "change": [-0.10, -0.12, -0.08, 0.0, 0.01],
            "company": [-0.02] * 5,
            "department": [-0.08] * 3 + [0.001] * 2,
            "rater": [0.0, -0.01, 0.01, 0.0, 0.0],
            "individual": [0.0, -0.01, 0.01, 0.019, 0.029],
        }
    )
    drivers = pl.DataFrame(
        {
            "dept": ["销售", "销售"],
            **{k: [v, v] for k, v in KEY.items()},
            "kpi": ["回款率", "销售额"],
            "contribution": [0.02, -0.09],
        }
    )
    out = shift_sentences(shifts, changes, drivers)
    assert out["dept"].to_list() == ["销售"]  # only the significant shift
    en = render_column(out["story"], "en", "story")[0]
    # no scale known (or mixed): the 0-1 score the page shows then, said so (issue 19, M4),
    # every score to its three decimals (rev19e minor 9: "-0.1" beside "-0.02")
    assert en == (
        "销售 (Q1→Q2, 3 people): mean change -0.100 (0-1 score: the chosen cycles mix scales), "
        "of which company -0.020, department environment -0.080 (95% interval -0.090 to "
        "-0.070), change of rater 0.000, individual 0.000. KPI that moved most: 销售额 (-9.0 points of "
        "attainment)."
    )
    zh = render_column(shift_sentences(shifts, changes, None)["story"], "zh", "story")[0]
    assert zh.startswith("销售（Q1→Q2，3 人）：平均变动 -0.100（0-1 标准分：所选周期量表不一）")
    assert "KPI" not in zh
    # on a company's 1-5 scale: points on it (0-1 x 4), 2 decimals, "-0.40" as "-0.08"
    five = shift_sentences(shifts, changes, drivers, unit_of_scales(["1-5"]))
    en = render_column(five["story"], "en", "story")[0]
    assert en.startswith(
        "销售 (Q1→Q2, 3 people): mean change -0.40 points (1-5), of which company -0.08, "
    )
    assert "(95% interval -0.36 to -0.28)" in en
    zh = render_column(five["story"], "zh", "story")[0]
    assert "平均变动 -0.40 分（1-5 分制）" in zh
    # mixed scales: the 0-1 score, as without a unit
    mixed = shift_sentences(shifts, changes, drivers, unit_of_scales(["1-5", "0-100"]))
    assert (
        render_column(mixed["story"], "en", "story")[0]
        == render_column(out["story"], "en", "story")[0]
    )


def test_no_significant_shift_gives_no_sentence():
    shifts = pl.DataFrame({"dept": ["a"], "significant": [False]})
    assert shift_sentences(shifts, pl.DataFrame(), None).height == 0


def test_box_members_strongest_first_with_their_reason():
    from analytics.findings.stories import box_members

    nine = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d"],
            "performance": [0.70, 0.95, 0.70, 0.99],
            "potential": [0.9, 0.8, 0.95, 0.5],
            "box": [9, 9, 9, 6],
            "box_label": ["star"] * 3 + ["high_performer"],
        }
    )
    nine = nine.with_columns(
        box_certainty=pl.Series(["certain", "near_boundary", "certain", "certain"])
    )
    members = box_members(nine, 9)
    assert members["employee_id"].to_list() == ["b", "c", "a"]
    assert members["rank"].to_list() == [1, 2, 3]
    assert members.columns[:3] == ["rank", "employee_id", "reasons"]  # ranked, with reasons
    for lang in ("zh", "en"):
        reasons = render_column(members["reasons"], lang, "reason")
        assert reasons[0].to_list() == [
            render("reason.box_performance", lang, perf=0.95),
            render("reason.box_potential", lang, pot=0.8),
            render("reason.box_near_boundary", lang),
        ]
        assert reasons[1].to_list() == [
            render("reason.box_performance", lang, perf=0.70),
            render("reason.box_potential", lang, pot=0.95),
        ]


def test_a_part_that_rounds_to_nothing_reads_zero_not_minus_zero():
    """A part of -0.001 (0-1) is -0.004 points on 1-5: rounded to 2 decimals it is 0, and the
    sentence said "individual -0"."""
    from analytics.findings.units import unit_of_scales
    from analytics.text import render_column

    key = {"dept": ["D"], "from_cycle": ["A"], "to_cycle": ["B"]}
    shifts = pl.DataFrame(
        {**key, "n": [10], "significant": [True], "ci95_low": [-0.1], "ci95_high": [-0.05]}
    )
    changes = pl.DataFrame(
        {
            **key,
            "change": [-0.081],
            "company": [0.0],
            "department": [-0.08],
            "rater": [0.0],
            "individual": [-0.001],
        }
    )
    story = shift_sentences(shifts, changes, None, unit_of_scales(["1-5"]))
    for lang in ("zh", "en"):
        text = render_column(story["story"], lang, "story")[0]
        assert not re.search(r"[+-]0\.00(?!\d)", text), text
        assert re.search(r"(?<![+\-\d.])0\.00(?!\d)", text), text  # a plain 0.00, no sign


def test_box_members_read_as_percentile_and_band_in_both_languages():
    """The member list of a 9-box cell: headers from the catalogue (no ``performance``), the
    percentile as a percent, the potential as the band word of the 9-box axis (review of
    issue 19, M2)."""
    from analytics.findings.stories import box_members
    from analytics.findings.units import converted
    from analytics.text import render_frame
    from analytics.text.labels import column_label, is_percent

    nine = pl.DataFrame(
        {
            "employee_id": ["a", "b"],
            "performance": [0.995, 0.70],
            "potential": [1.0, 0.9],
            "box": [9, 9],
            "box_label": ["star", "star"],
        }
    )
    members = box_members(nine, 9)
    assert "performance" not in members.columns and "potential" not in members.columns
    assert is_percent("performance_pct")
    assert not converted(members.schema)  # not a score: no scale conversion
    zh, en = render_frame(members, "zh"), render_frame(members, "en")
    assert zh["potential_band"].to_list() == ["高", "高"]
    assert en["potential_band"].to_list() == [render("band.high", "en")] * 2
    assert column_label("performance_pct", "zh") == "绩效百分位"
    assert column_label("potential_band", "en") == "Potential band"


def test_packet_cover_gives_the_shift_in_the_scale_of_its_tables():
    """All cycles of a company that moved from 1-5 to 0-100: the packet's tables are on 0-1,
    and so is the shift sentence on its cover, saying so (review of issue 19, M4)."""
    from analytics.export.packet import to_packet_html
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope

    shifts = pl.DataFrame(
        {
            "dept": ["销售"],
            **{k: [v] for k, v in KEY.items()},
            "n": [2],
            "department": [-0.08],
            "ci95_low": [-0.09],
            "ci95_high": [-0.07],
            "significant": [True],
        }
    )
    changes = pl.DataFrame(
        {
            "dept": ["销售"] * 2,
            **{k: [v] * 2 for k, v in KEY.items()},
            "change": [-0.10, -0.12],
            "company": [-0.02] * 2,
            "department": [-0.08] * 2,
            "rater": [0.0, 0.0],
            "individual": [0.0, -0.02],
        }
    )
    sections = {"department_shifts": shifts, "attribution": changes}
    mixed = Findings(Scope(), sections, unit=unit_of_scales(["1-5", "0-100"]))
    page = to_packet_html(mixed, "zh")
    assert "平均变动 -0.110（0-1 标准分：所选周期量表不一）" in page
    assert "0-100 分制" not in page


def test_a_pair_of_cycles_on_one_scale_speaks_in_its_points_when_the_scope_mixes_scales():
    """All cycles of a company that moved from 1-5 to 0-100: the shift between two 1-5 cycles
    is said in points on 1-5, the one across the change of scale on the 0-1 score, said so
    (rev19b minor 2), on the page's sentences and on the packet's cover."""
    from analytics.export.packet import to_packet_html
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope

    pairs = {"from_cycle": ["Q1", "Q2"], "to_cycle": ["Q2", "Q3"]}
    shifts = pl.DataFrame(
        {
            "dept": ["销售", "销售"],
            **pairs,
            "n": [2, 2],
            "department": [-0.1, 0.08],
            "ci95_low": [-0.11, 0.07],
            "ci95_high": [-0.09, 0.09],
            "significant": [True, True],
        }
    )
    changes = pl.DataFrame(
        {
            "dept": ["销售"] * 4,
            "from_cycle": ["Q1", "Q1", "Q2", "Q2"],
            "to_cycle": ["Q2", "Q2", "Q3", "Q3"],
            "change": [-0.12, -0.12, 0.1, 0.1],
            "company": [-0.02] * 2 + [0.02] * 2,
            "department": [-0.1] * 2 + [0.08] * 2,
            "rater": [0.0] * 4,
            "individual": [0.0] * 4,
        }
    )
    mixed = unit_of_scales(["1-5", "0-100"])
    cycles = {c: unit_of_scales([s]) for c, s in (("Q1", "1-5"), ("Q2", "1-5"), ("Q3", "0-100"))}
    out = shift_sentences(shifts, changes, None, mixed, cycles)
    en = render_column(out["story"], "en", "story").to_list()
    assert en[0].startswith("销售 (Q1→Q2, 2 people): mean change -0.48 points (1-5), ")
    assert "department environment -0.40 (95% interval -0.44 to -0.36)" in en[0]
    assert en[1].startswith("销售 (Q2→Q3, 2 people): mean change +0.100 (0-1 score: the chosen")
    zh = render_column(out["story"], "zh", "story").to_list()
    assert "平均变动 -0.48 分（1-5 分制）" in zh[0] and "0-1 标准分" in zh[1]
    # without the cycles' scales: the 0-1 score for both, as before
    assert all(
        "0-1" in s
        for s in render_column(
            shift_sentences(shifts, changes, None, mixed)["story"], "en", "story"
        )
    )
    sections = {"department_shifts": shifts, "attribution": changes}
    page = to_packet_html(Findings(Scope(), sections, unit=mixed, cycle_units=cycles), "zh")
    assert "平均变动 -0.48 分（1-5 分制）" in page
