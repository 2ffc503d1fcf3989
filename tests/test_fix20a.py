"""Review of issue 19 (rev19e): the re-check list's gaps in the unit of the means beside them
(major 1), a peer group without level or job family worded (major 2), the no-potential
ranking titled as the overview words it (minor 12)."""

from __future__ import annotations

import io
import json
import re

import polars as pl
import pytest

from analytics.export.packet import to_packet_html
from analytics.export.report import to_csv, to_json, to_xlsx
from analytics.findings.report import build_findings
from analytics.findings.units import unit_of
from analytics.text import render
from analytics.text.labels import column_label


def _cycles(con) -> list[str]:
    return [
        c for (c,) in con.execute("SELECT DISTINCT cycle_id FROM reviews ORDER BY 1").fetchall()
    ]


def _gap_rows(findings) -> list[dict]:
    rows = to_json(findings, "en", full=True)["recheck"]
    assert rows, "the scope flags somebody"
    return rows


@pytest.mark.parametrize("which", ["first", "last", "all"])
def test_recheck_gap_in_the_unit_of_the_means_beside_it(small_con, which):
    cycles = _cycles(small_con)
    scope = {"first": cycles[:1], "last": cycles[-1:], "all": cycles}[which]
    unit = unit_of(small_con, scope)
    assert (unit.scale, unit.mixed) == {
        "first": ("1-5", False),
        "last": ("0-100", False),
        "all": ("mixed", True),
    }[which]
    f = build_findings(small_con, cycles=scope)
    rows = _gap_rows(f)
    lo, hi = {"first": (1, 5), "last": (0, 100), "all": (0, 1)}[which]
    mp = [r for r in rows if r["manager"] is not None and r["peer"] is not None]
    assert mp
    for r in mp:
        assert lo <= r["manager"] <= hi and lo <= r["peer"] <= hi
        # the gap is the difference of the two columns beside it (JSON keeps 4 significant digits)
        assert r["gap_manager_peer"] == pytest.approx(r["manager"] - r["peer"], abs=0.002 * hi)
        assert "gap_manager_peer_points" not in r
    # a flag is a quarter of the scale's range: 1 point on 1-5, 25 on 0-100, 0.25 on 0-1
    biggest = max(abs(r["gap_manager_peer"]) for r in mp)
    assert biggest > 0.25 * (hi - lo)
    # the workbook's sheet: the same numbers, the header naming the unit
    label = column_label("gap_manager_peer", "zh")
    head = render("unit.header", "zh", label=label, unit=unit.words("zh"))
    book = pl.read_excel(io.BytesIO(to_xlsx(f, "zh", full=True)), sheet_id=0)
    manager = render(
        "unit.header", "zh", label=column_label("manager", "zh"), unit=unit.words("zh")
    )
    peer = render("unit.header", "zh", label=column_label("peer", "zh"), unit=unit.words("zh"))
    # the re-check sheet (the managers-vs-peer-panel sheet, peer24, has a gap column too)
    sheet = next(s for s in book.values() if {head, manager, peer} <= set(s.columns))
    both = sheet.drop_nulls([manager, peer, head])
    assert both.height == len(mp)
    diff = (both[manager] - both[peer] - both[head]).abs().max()
    assert diff < 0.002 * (hi - lo)
    assert "上级-同事差(分)" not in "".join(sheet.columns)
    # the CSV of the section and the packet: the same header
    csv = to_csv(f.sections["recheck"], "zh", f.unit).decode("utf-8-sig")
    assert head in csv.splitlines()[0]
    page = to_packet_html(f, "zh")
    assert head in page
    # the packet's scores to the scale's decimals: one on 0-100, two on 1-5, three on 0-1
    section = page.split(f"<h2>{render('section.recheck', 'zh')}</h2>")[1].split("</section>")[0]
    cells = re.findall(r"<td class='num'>([^<]*)</td>", section)
    assert cells and all(re.fullmatch(rf"-?[\d,]+\.\d{{{unit.digits}}}", c) for c in cells), cells
    assert render(
        "unit.header", "en", label=column_label("gap_manager_peer", "en"), unit=unit.words("en")
    ) in to_packet_html(f, "en")
    json.dumps(to_json(f, "zh"))  # still serialisable


def _profile(drop: tuple[str, ...]):
    from analytics.stats import potential, raters
    from tests.sim.simulate import company

    r = company("null", seed=3, n_teams=4, team_size=6, n_cycles=2, n_peers=2).ratings
    eff = raters.rater_effects(r)
    emp = r.select("employee_id", "department", "team", "level", "job_family").unique("employee_id")
    emp = emp.with_columns(pl.lit(None, pl.String).alias(c) for c in drop)
    return potential.performance_profile(raters.adjusted_scores(r, eff), emp, min_group=5)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_peer_group_without_level_or_job_family_is_worded(lang):
    from analytics.stats import potential
    from analytics.text.render import render_frame

    prof = _profile(("level", "job_family"))
    assert prof["peer_group"].unique().to_list() == ["company_no_groups"]
    assert (prof["peer_group_n"] == 24).all()
    words = render("unit.company_no_groups", lang)
    assert (
        words
        == {
            "zh": "全公司（未导入职级/岗位序列）",
            "en": "whole company (no level or job family imported)",
        }[lang]
    )
    hp = potential.high_potential(prof, top_n=5)
    shown = render_frame(hp, lang)
    assert set(shown["peer_group"].to_list()) == {words}
    text = " ".join(str(x) for x in shown["reasons"].explode().to_list())
    assert words in text and "unknown" not in text
    assert prof["job_family"].is_null().all() and prof["level"].is_null().all()
    dec = render_frame(potential.decliners(prof), lang)
    assert "unknown" not in " ".join(str(x) for x in dec.rows())


def test_a_group_with_a_job_family_but_no_level_is_named_by_its_job_family():
    prof = _profile(("level",))
    groups = set(prof["peer_group"].to_list())
    assert groups and not any("unknown" in g for g in groups)
    assert groups == set(prof["job_family"].to_list())  # e.g. "eng", not "eng (unknown)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_words_a_coded_peer_group_beside_its_code(lang):
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope
    from analytics.stats import potential

    hp = potential.high_potential(_profile(("level", "job_family")), top_n=5)
    rows = to_json(Findings(Scope(), {"high_potential": hp}), lang)["high_potential"]
    assert rows and rows[0]["peer_group"] == "company_no_groups"
    assert rows[0]["peer_group_text"] == render("unit.company_no_groups", lang)
    assert "unknown" not in json.dumps(rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_potential_ranking_is_titled_as_the_overview_words_it(lang):
    from analytics.findings.headlines import hipo_headline, section_title
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope
    from analytics.stats import potential

    prof = _profile(())
    hp = potential.high_potential(prof, top_n=10)
    sections = {"potential_check": potential.potential_check(prof), "high_potential": hp}
    assert hipo_headline(hp, sections["potential_check"]).code == (
        "overview.headline_hipo_no_potential"
    )
    title = render("section.high_potential_no_potential", lang)
    assert (
        title
        == {
            "zh": "绩效排名（潜力未记录，不是高潜名单）",
            "en": "Performance ranking (potential not recorded: not a high-potential list)",
        }[lang]
    )
    assert section_title("high_potential", sections, lang) == title
    old = render("section.high_potential", lang)
    f = Findings(Scope(), sections)
    page = to_packet_html(f, lang)
    assert f"<h2>{title}</h2>" in page and f"<h2>{old}</h2>" not in page
    sheets = pl.read_excel(io.BytesIO(to_xlsx(f, lang)), sheet_id=0)
    assert (
        "绩效排名（潜力未记录，不是高潜名单）" if lang == "zh" else "Performance ranking"
    ) in sheets
    assert old not in sheets
    # with potential recorded the list keeps its title
    recorded = {"high_potential": hp.with_columns(potential_score=pl.lit(0.7))}
    assert section_title("high_potential", recorded, lang) == old


def test_person_outcomes_name_the_scale_and_the_0_1_score():
    from analytics.findings.person import outcomes_shown, scales_of
    from analytics.findings.units import unit_of_scales

    ratings = pl.DataFrame(
        {
            "cycle_id": ["2025H2", "2025H2", "2026Q2", "2026Q2"],
            "scale": ["1-5", "1-5", "0-100", "0-100"],
        }
    )
    outcomes = pl.DataFrame(
        {
            "cycle_id": ["2025H2", "2026Q2"],
            "final_score_raw": ["3.4", "43.9"],
            "final_score": [0.6, 0.439],
            "grade": ["B", "C"],
        }
    )
    shown = outcomes_shown(outcomes, ratings)
    assert shown.columns == ["cycle_id", "final_score_raw", "scale", "final_score_01", "grade"]
    assert shown["scale"].to_list() == ["1-5", "0-100"]
    assert shown["final_score_01"].to_list() == [0.6, 0.439]
    for lang in ("zh", "en"):
        assert column_label("final_score_01", lang) == render("column.final_score_01", lang)
    assert column_label("final_score_01", "zh") == "最终得分（0-1 标准分）"
    # the person's cycles on one scale: the profile's slope in its points; mixed: 0-1
    one = scales_of(ratings.filter(pl.col("cycle_id") == "2026Q2"))["scale"].to_list()
    assert unit_of_scales(one).scale == "0-100"
    assert unit_of_scales(scales_of(ratings)["scale"].to_list()).mixed


def test_kpi_weight_and_attainment_as_percentages_target_without_trailing_zeros():
    from analytics.text.labels import is_percent
    from ui.tables import column_config

    assert is_percent("weight") and is_percent("attainment")
    kpis = pl.DataFrame(
        {"target": [24.0], "actual": [31.0], "weight": [0.4], "attainment": [1.292]}
    )
    cfg = column_config(kpis, "zh")
    assert cfg["target"]["type_config"]["format"] == "localized"
    assert cfg["actual"]["type_config"]["format"] == "localized"
    assert cfg["weight"]["type_config"]["format"] == "percent"
    assert cfg["attainment"]["type_config"]["format"] == "percent"


@pytest.mark.parametrize(
    ("unit", "lang", "want"),
    [
        (("0-100", 0.0, 100.0), "zh", "评分低 2.4 分（0-100 分制，95% 区间 -5.0 至 +0.2"),
        (("0-100", 0.0, 100.0), "en", "score 2.4 points lower than everyone else"),
        (("1-5", 1.0, 5.0), "zh", "评分低 0.09 分（1-5 分制，95% 区间 -0.20 至 +0.01"),
        (("mixed", 0.0, 1.0), "en", "score 0.024 points lower than"),
    ],
)
def test_rater_view_worded_lower_with_the_scales_decimals(unit, lang, want):
    from analytics.findings.person import rater_view_line
    from analytics.findings.units import Unit

    view = {"diff": -0.02352, "lo": -0.0495, "hi": 0.00247, "n": 3}
    text = rater_view_line(view, Unit(*unit), lang)
    assert want in text, text
    assert "-2.352" not in text and "-2.4" not in text.split("区间")[0]
    up = rater_view_line({**view, "diff": 0.02352}, Unit(*unit), lang)
    u = Unit(*unit)
    assert render("person.rater_higher", lang, mag=f"{0.02352 * u.span:.{u.digits}f}") in up


@pytest.mark.parametrize(
    ("lang", "shift", "want"),
    [
        ("zh", -0.34, "比全公司低 0.34（"),
        ("zh", 0.5, "比全公司高 0.50（"),  # to the scale's decimals (rev19e minor 9)
        ("en", -0.34, "0.34 lower than"),
    ],
)
def test_team_shift_story_words_the_difference_as_higher_or_lower(lang, shift, want):
    params = dict(
        dept="研发中心/平台组", from_cycle="2025H2", to_cycle="2026H1", n=12, change=-0.4,
        score_scale="1-5", shift=shift, lo=-0.6, hi=-0.1, company=-0.06, department=-0.1,
        rater=0.0, individual=-0.24,
    )  # fmt: skip
    text = render("story.team_shift_story_no_kpi", lang, **params)
    assert want in text, text
    assert "多 -" not in text and "+-" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shift_chart_panels_titled_with_their_unit_and_printed_tall_enough(lang):
    from analytics.export.figures import attribution_bars
    from analytics.export.packet import CHART_HEIGHT, PANEL_HEIGHT
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope
    from analytics.findings.units import Unit

    parts = dict(company=[0.01] * 4, department=[-0.02] * 4, rater=[0.0] * 4, individual=[0.0] * 4)
    changes = pl.DataFrame(
        dict(dept=["财务部", "研发中心"] * 2, from_cycle=["A", "A", "B", "B"]) | parts
    ).with_columns(to_cycle=pl.col("from_cycle").replace({"A": "B", "B": "C"}))
    units = {"A": Unit("1-5", 1, 5), "B": Unit("1-5", 1, 5), "C": Unit("0-100", 0, 100)}
    fig = attribution_bars(changes, lang, Unit("mixed"), units)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == [
        render("fig.shift_panel_points", lang, unit=units["A"].words(lang)),
        render("fig.shift_panel_mixed", lang),
    ]
    # the 1-5 panel in points (-0.02 * 4), the cross-scale one in 0-1
    bars = [t for t in fig.data if t.legendgroup == "department"]
    assert [list(b.y) for b in bars] == [[-0.08, -0.08], [-0.02, -0.02]]
    findings = Findings(
        Scope(),
        {"attribution": changes, "department_shifts": pl.DataFrame()},
        unit=Unit("mixed"),
        cycle_units=units,
    )
    page = to_packet_html(findings, lang)
    assert f"height:{2 * PANEL_HEIGHT}px" in page and 2 * PANEL_HEIGHT > CHART_HEIGHT
