"""pack27: the Chinese reviewer's items of rev27a (逆势 people in every packet and the one-cycle
workbook, the manager-change wording, the team-gap order, the meeting's evidence, the names in
主要发现), on the reviewer's workbook (``rev23a_db``) and hand-made frames."""

from __future__ import annotations

import html

import polars as pl
import pytest

from analytics.export.packet import to_packet_html
from analytics.export.report import to_xlsx
from analytics.findings.headlines import section_title
from analytics.findings.report import carried_sections
from analytics.store import db
from analytics.text import render, render_column

# --- item 1: the 逆势 people in every packet; a one-cycle packet carries the change into it ----

#: the six 销售中心 people who rose against the department's -5.3 (2025H2 -> 2026H1)
AGAINST = {"000639", "000574", "000538", "000550", "000484", "000604"}


def test_the_one_cycle_packet_carries_the_change_into_its_cycle(sales_packet_findings):
    """rev27a item 1: the 2026H1 销售中心 packet had empty 逆势/变动归因 sheets and a variance
    row of zeros; it now holds the 2025H2 -> 2026H1 rows of every cycle's comparison."""
    f = sales_packet_findings
    assert f.carried == ("2025H2", "2026H1")
    against = f.sections["against_trend"]
    assert set(against["employee_id"]) == AGAINST
    ma = against.filter(pl.col("employee_id") == "000639").row(0, named=True)
    assert (ma["from_cycle"], ma["to_cycle"]) == ("2025H2", "2026H1")
    changes = f.sections["attribution"]
    assert changes.height > 100 and set(changes["to_cycle"]) == {"2026H1"}
    variance = f.sections["variance"]
    assert variance.height and (variance["ss_total"] > 0).all()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_packet_prints_the_against_list_and_says_which_change(sales_packet_findings, lang):
    f = sales_packet_findings
    page = to_packet_html(f, lang)
    title = html.escape(section_title("against_trend", f.sections, lang))
    assert f"<h2>{title}</h2>" in page
    section = page[page.index(f"<h2>{title}</h2>") :].split("</section>")[0]
    assert all(e in section for e in AGAINST)
    words = render("packet.carried", lang, from_cycle="2025H2", to_cycle="2026H1")
    assert html.escape(words) in section


def test_the_workbook_holds_the_against_rows_and_the_line(sales_packet_findings):
    from fastexcel import read_excel

    f = sales_packet_findings
    book = read_excel(to_xlsx(f, "zh"))
    sheet = section_title("against_trend", f.sections, "zh")
    frame = book.load_sheet_by_name(sheet, header_row=None).to_polars()
    assert set(frame[frame.columns[0]].cast(pl.String).to_list()) >= AGAINST
    words = render("packet.carried", "zh", from_cycle="2025H2", to_cycle="2026H1")
    assert words in set(frame[frame.columns[0]].cast(pl.String).to_list())


def test_carried_sections_keep_the_pair_into_the_cycle_only():
    changes = pl.DataFrame(
        {
            "employee_id": ["a", "b", "a", "b"],
            "dept": ["D"] * 4,
            "from_cycle": ["c1", "c1", "c2", "c2"],
            "to_cycle": ["c2", "c2", "c3", "c3"],
        }
    )
    assert carried_sections({"attribution": changes}, "c1") == {}  # the first cycle: no change
    out = carried_sections({"against_trend": changes, "attribution": changes.head(0)}, "c3")
    assert out == {}  # no attribution row into c3: nothing carried


def test_every_packet_names_the_against_list(rev23a_db):
    """The all-cycles company packet prints it (it has rows); a scope without rows names it
    among the sections with nothing to discuss."""
    from analytics.findings.report import build_findings

    con = db.connect(rev23a_db, read_only=True)
    try:
        first = build_findings(con, cycles=["2025H1"], department="销售中心")
    finally:
        con.close()
    assert first.carried is None and first.sections["against_trend"].height == 0
    page = to_packet_html(first, "zh")
    title = section_title("against_trend", first.sections, "zh")
    assert html.escape(title) in page and f"<h2>{html.escape(title)}</h2>" not in page


# --- item 2: 持续上升 words the new manager as the waterfall does ----------------------------


@pytest.fixture(scope="module")
def company(rev23a_company):
    """The reviewer's whole company, every cycle (built once per run: tests/conftest.py
    ``rev23a_company``, with its packet in each language)."""
    return rev23a_company.findings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_risers_give_the_link_estimate_of_the_two_managers(company, rev23a_company, lang):
    """rev27a item 2: 000301/000300 read "新上级的尺度无法估计" while /raters gave 000108 +5.7
    and 000106 -5.7 (about +11.5 between them, from 4 people)."""
    from analytics.text import render_column

    risers = company.sections["risers"].filter(pl.col("employee_id").is_in(["000301", "000300"]))
    assert risers.height == 2
    words = render_column(_converted(risers, company), lang, "reason").to_list()
    for reasons in words:
        first = reasons[0]
        assert "+5.7" in first and "-5.7" in first and "+11.5" in first and "000108" in first
        assert "无法估计" not in first and "cannot be estimated" not in first
    assert "+11.5" in rev23a_company.packet[lang]


def _converted(frame: pl.DataFrame, findings) -> pl.Series:
    from analytics.findings.units import convert

    return convert(frame.select("reasons"), findings.unit)["reasons"]


def test_the_manager_change_row_words_the_link_estimate(company):
    teams = company.sections["manager_changes"]
    row = teams.filter(
        (pl.col("manager_from") == "000106") & (pl.col("manager_to") == "000108")
    ).row(0, named=True)
    assert row["estimated"] is False  # not taken out of the change ...
    assert row["scale_estimate"]["code"] == "scale_by_links"  # ... but estimated, in words
    from analytics.stats.cautions import with_scale_estimate

    frame = pl.DataFrame(
        {"estimated": [True, False, False]},
    ).with_columns(
        reason=pl.Series(
            [
                {"code": "x", "params": {"a": 1}},
                {"code": "manager_change_linked", "params": {"a": 1}},
                {"code": "y", "params": {"a": 1}},
            ]
        )
    )
    codes = with_scale_estimate(frame)["scale_estimate"].struct.field("code").to_list()
    assert codes == ["scale_by_sources", "scale_by_links", "scale_not_estimated"]


# --- item 3: the team gaps, flagged and away from 0 first -------------------------------------


def test_the_flat_manager_leads_the_team_gaps(company):
    """rev27a item 4: sorted by signed gap, 000184 (+10.0, lower bound +9.0, the one flagged)
    was row 156 of 156; now row 1, then the intervals that exclude 0."""
    from analytics.stats.links import team_gap_order

    raters = company.sections["raters"]
    order = team_gap_order(raters)
    assert order.height == raters["team_diff"].is_not_null().sum() == 156
    assert order["rater_id"][0] == "000184"
    away = (order["team_ci95_low"] > 0) | (order["team_ci95_high"] < 0)
    k = int(away.sum())
    assert k >= 2 and away.head(k).all()  # every interval excluding 0 before any crossing it


def test_team_gap_order_on_a_hand_made_frame():
    from analytics.stats.links import team_gap_order

    frame = pl.DataFrame(
        {
            "rater_id": ["wide", "near", "far", "flag", "none"],
            "flags": [[], [], [], ["central_tendency"], []],
            "team_diff": [-7.0, 2.0, -4.0, 1.0, None],
            "team_ci95_low": [-14.0, 0.5, -6.0, -1.0, None],
            "team_ci95_high": [0.5, 3.5, -2.0, 3.0, None],
        }
    )
    assert team_gap_order(frame)["rater_id"].to_list() == ["flag", "far", "near", "wide"]


# --- item 6: 主要发现 names the lenient and severe raters; which ends; the first page flows --


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_headline_does_not_name_a_linked_pair_lenient_or_severe(company, lang):
    from analytics.export.packet import cover_lines

    lines = cover_lines(company, lang)
    # named beside their ids, as the reader's roster has them (rev28b item 10)
    names = dict(company.names.iter_rows())
    assert names["000108"] and names["000106"]
    lenient = render("overview.n_lenient_named", lang, n=1, ids=[{"id": "000108", "name": names["000108"]}])  # fmt: skip
    severe = render("overview.n_severe_named", lang, n=1, ids=[{"id": "000106", "name": names["000106"]}])  # fmt: skip
    # linked with each other alone: their difference, not which one is off, so neither is
    # named lenient or severe (rev29a item 4)
    assert not any(lenient in x or severe in x for x in lines), lines[:2]


def test_more_flagged_raters_than_named_are_counted(company):
    """Four lenient raters (more than NAMED_RATERS): counted, not named; the severe one named."""
    from analytics.findings.headlines import NAMED_RATERS, headlines

    raters = company.sections["raters"]
    ids = raters["rater_id"].head(5).to_list()
    flags = [["lenient"]] * 4 + [["severe"]] + [[]] * (raters.height - 5)
    raters = raters.with_columns(flags=pl.Series(flags, dtype=pl.List(pl.String)))
    (head,) = [h for h in headlines({"raters": raters}) if h.code == "overview.headline_raters"]
    text = render(head.code, "zh", **head.params)
    assert NAMED_RATERS < 4
    assert render("overview.n_lenient", "zh", n=4) in text  # four: counted, not named
    assert render("overview.n_severe_named", "zh", n=1, ids=[ids[4]]) in text


@pytest.fixture(scope="module")
def guided(rev23a_db, tmp_path_factory):
    """The company with her guideline 20/40/30/10 saved, as her packet was printed."""
    from analytics.findings.report import build_findings
    from tests.sim.guided import guided_copy

    con = guided_copy(rev23a_db, tmp_path_factory.mktemp("pack27_guided"))
    try:
        yield build_findings(con, sections=("guideline_units", "summary"))
    finally:
        con.close()


def test_both_ends_short_is_said_as_the_middle(guided):
    """rev27a item 7: 职能中心 (-10.5% 优秀, -12.6% 合格+待改进) read "偏离但方向不一";
    now "both ends thin", and the headline says so."""
    company = guided
    guide = company.sections["guideline_units"]
    row = guide.filter((pl.col("unit") == "职能中心") & pl.col("significant")).row(0, named=True)
    assert row["direction"] == "mixed_middle"
    from analytics.export.packet import cover_lines

    for lang in ("zh", "en"):
        lines = cover_lines(company, lang)
        assert any(render("direction.mixed_middle", lang) in x for x in lines)
        assert not any(render("direction.mixed", lang) in x for x in lines)


def test_the_company_guideline_flows_under_the_cover(company, rev23a_company):
    """rev27a item 7: the company packet's 强制分布偏离 started a new page, leaving page 1
    two-thirds empty: its heading and table no longer hold on to the chart below them."""
    page = rev23a_company.packet["zh"]
    title = html.escape(section_title("guideline_units", company.sections, "zh"))
    at = page.index(f"<h2>{title}</h2>")
    assert page[:at].endswith("<div class='lead free'>")


# --- item 5: the meeting's evidence gives the change into the cycle, on the scale's decimals ---


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_evidence_line_of_an_against_trend_person(company, lang):
    """rev27a item 6: 000639 马思's evidence said only "校正分 77.30 …"; it now gives the
    2025H2 -> 2026H1 change (+5.1: department -5.3, individual +10.3) and that it went
    against the department, on the 0-100 scale's one decimal."""
    from analytics.calibration.evidence import attribution_line

    mine = pl.col("employee_id") == "000639"
    changes = company.sections["attribution"].filter(mine)
    against = company.sections["against_trend"].filter(mine)
    code, params = attribution_line(changes, against, "2026H1", company.unit)
    assert code == "cs.evidence_attribution_against"
    text = render(code, lang, **params)
    assert "+5.1" in text and "-5.3" in text and "+10.3" in text and "2025H2→2026H1" in text
    # someone with a change but not against the trend: the plain line; no change: nothing
    other = company.sections["attribution"].filter(pl.col("to_cycle") == "2026H1")
    other = other.filter(~pl.col("employee_id").is_in(list(AGAINST))).head(1)
    assert attribution_line(other, against.head(0), "2026H1", company.unit)[0] == (
        "cs.evidence_attribution"
    )
    assert attribution_line(changes, against, "2025H1", company.unit) is None


def test_the_adjusted_score_has_the_scales_decimals():
    words = render(
        "cs.evidence_adjusted",
        "zh",
        cycle="2026H1",
        adjusted=77.3012,
        lo=72.72,
        hi=81.88,
        raw=77.3,
        n=1,
        score_scale="0-100",
    )
    assert "**77.3**" in words and "72.7–81.9" in words and "77.30" not in words


# --- item 4: a click on any cell of a person table opens the person ---------------------------


def test_a_selected_cell_picks_its_row():
    """rev27a item 5: clicking 毛涛's name cell only outlined it; the tables now take a cell
    selection too, and the cell's row opens the person as the row checkbox does."""
    from types import SimpleNamespace

    from ui.tables import picked_rows

    assert picked_rows(None) == []
    assert picked_rows(SimpleNamespace(rows=[3], cells=[])) == [3]
    assert picked_rows(SimpleNamespace(rows=[], cells=[(1, "name")])) == [1]
    assert picked_rows(SimpleNamespace(rows=[], cells=[])) == []


# --- rev29b item 2: no guideline fit in the packet on grades derived from the scores ----------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_packet_shows_no_fit_on_derived_grades_as_the_page(sales_packet_findings, lang):
    """rev29b item 2: a file of ratings only (no grade recorded) got a chi-square fit and
    "Top-grade excess 11.7%" in the PDF/HTML while the Distributions page said there was
    nothing to compare. On derived grades the packet now says the page's sentence instead;
    on recorded grades (this workbook's) its table stands."""
    from dataclasses import replace

    f = sales_packet_findings
    title = f"<h2>{html.escape(section_title('guideline_units', f.sections, lang))}</h2>"

    def section(findings) -> str:
        page = to_packet_html(findings, lang)
        return page[page.index(title) :].split("</section>")[0]

    fit = f.sections["guideline_units"]
    assert set(fit["grade_source"]) == {"recorded"} and fit.height
    cycle = fit["cycle_id"][0]
    words = html.escape(render("dist.no_grades", lang, cycle=cycle))
    top = html.escape(render("column.top_excess", lang))
    recorded = section(f)
    assert words not in recorded and top in recorded
    derived = fit.with_columns(grade_source=pl.lit("derived"))
    shown = section(replace(f, sections=f.sections | {"guideline_units": derived}))
    assert words in shown and top not in shown and "<table" not in shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_packet_names_the_raters_who_cannot_be_estimated(sales_packet_findings, lang):
    """rev29b item 3: MF1 rates all of Finance alone; the packet's note said such raters "are
    listed with the reason", but its table keeps flagged rows only, so he was named nowhere.
    A rater made not estimable (nobody else rates his people) is now named with the reason."""
    from dataclasses import replace

    f = sales_packet_findings
    raters = f.sections["raters"]
    who = raters.filter(pl.col("flags").list.len() == 0)["rater_id"][0]
    alone = pl.struct(
        code=pl.lit("own_ratees_only"), params=pl.col("status_reason").struct.field("params")
    )
    made = raters.with_columns(
        status=pl.when(pl.col("rater_id") == who).then(pl.lit("not_estimable")).otherwise("status"),
        status_reason=pl.when(pl.col("rater_id") == who).then(alone).otherwise("status_reason"),
    )
    row = made.filter(pl.col("rater_id") == who)
    reason = render_column(row["status_reason"], lang, "reason")[0]
    assert str(row["n_ratees"][0]) in reason
    page = to_packet_html(replace(f, sections=f.sections | {"raters": made}), lang)
    title = f"<h2>{html.escape(section_title('raters', f.sections, lang))}</h2>"
    section = page[page.index(title) :].split("</section>")[0]
    lead = html.escape(render("packet.not_estimable_named", lang, raters="")).rstrip()
    assert lead in section and who in section and html.escape(reason) in section
