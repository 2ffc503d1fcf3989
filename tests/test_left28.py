"""Leftovers of the last reviews (issue 19, session 28): "as a whole" counts everyone on
every page and export; the cycles' own names in the workbook, the JSON and the calibration
record; the grid's CSV headers."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from analytics.findings.headlines import guideline_policy_lines, headlines, whole_scope_name
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.text import render


@pytest.fixture(scope="module")
def rd_whole(small_demo_db):
    """The small demo's 研发中心 (its head at the department itself: a unit of one in the
    last cycle) with only the guideline's grades: 49 people in its units, 50 in all."""
    con = duckdb.connect(str(small_demo_db), read_only=True)
    try:
        data = load_scope_lazy(con, Scope(department="研发中心"))
        scores = compute_section("scores", data)
        findings = build_findings(data=data, sections=("guideline_grades",))
    finally:
        con.close()
    return findings, scores


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_as_a_whole_counts_the_head_on_the_overview_the_packet_and_the_workbook(rd_whole, lang):
    """Issue 19 item 2: priv27 counted the units of one in "as a whole" on /distributions only;
    the overview, the packet's cover and the workbook's summary (one list of headlines) said
    "研发中心 as a whole (49 people)" where 50 were graded. Counted by hand from the scores."""
    from analytics.export.packet import cover_lines

    findings, scores = rd_whole
    last = scores.filter(pl.col("cycle_id") == scores["cycle_id"].max())
    graded = last.filter(pl.col("grade").is_not_null())
    top = graded.filter(pl.col("grade") == "S").height
    units = findings["guideline_grades"].filter(pl.col("grade") == "S")
    assert graded.height == 50 and units["n"].sum() == 49  # the head: a unit of one
    assert findings.whole_grades[:2] == (50, top)  # then its bottom grades' (rev30b)
    found = {h.code for h in headlines(findings.sections, None, "研发中心", findings.whole_grades)}
    assert "overview.headline_policy" in found  # the overview's headline, from these lines
    grades = findings["guideline_grades"]
    (code, params), *_ = guideline_policy_lines(grades, "研发中心", findings.whole_grades)
    assert code == "dist.whole_above" and params["n"] == 50
    assert params["share"] == pytest.approx(top / 50)
    said = render(code, lang, **params)
    assert any(said in line for line in cover_lines(findings, lang))
    assert ("（50 人）" if lang == "zh" else "(50 people)") in said
    assert whole_scope_name(findings.scope) == "研发中心"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_and_the_json_name_the_cycles_as_the_file_did(sales_packet_findings, lang):
    """Issue 19 item 3: her file names its cycles 2025年下半年 and 2026年上半年 (stored as 2025H2
    and 2026H1). The packet's cover said so; the workbook's summary now says it too, each cycle
    cell carries the name beside the code (the change carried into the one cycle: 2025H2 to
    2026H1), and the JSON's scope maps the codes to the names."""
    import io

    import openpyxl

    from analytics.export.report import to_json, to_xlsx

    findings = sales_packet_findings
    labels = {"2025H2": "2025年下半年", "2026H1": "2026年上半年"}
    assert findings.cycle_labels == labels
    assert to_json(findings, lang)["scope"]["cycle_labels"] == labels
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(findings, lang)), read_only=True)
    cells = {
        ws.title: [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
        for ws in book.worksheets
    }
    pairs = [render("packet.cycle_name", lang, cycle=c, label=v) for c, v in labels.items()]
    summary = cells[book.worksheets[0].title]
    assert render("report.cycle_names", lang, names=pairs) in summary
    named = {c: render("report.cycle_named", lang, cycle=c, label=v) for c, v in labels.items()}
    everything = [v for values in cells.values() for v in values]
    assert everything.count(named["2026H1"]) >= 5  # the distribution, guideline, tests, ...
    assert named["2025H2"] in everything  # the attribution's from_cycle
    assert "2026H1" not in everything  # no cycle cell left as its bare code


def test_the_one_cycle_packets_shift_chart_is_small_enough_to_follow_its_table(
    sales_packet_findings,
):
    """Issue 19 item 4: the 销售中心 2026H1 packet drew its one department's one change into the
    cycle as one bar 1000 x 330 px, which did not fit under the shifts' table: printed, the
    chart went to the next page and left that page half empty (en: page 3 of 5). A bar chart
    of one or two groups is printed 560 x 230, its legend beside the bars (checked printed:
    the chart under its table, and the zh packet 4 pages instead of 5). A chart of more bars
    keeps the page's width."""
    from analytics.export import figures
    from analytics.export.packet import SMALL_CHART, bar_groups, chart_size, to_packet_html

    findings = sales_packet_findings
    attribution = findings["attribution"]
    fig = figures.attribution_bars(attribution, "zh", findings.unit, findings.cycle_units)
    assert bar_groups(fig) == 1 and chart_size(fig) == SMALL_CHART == (560, 230)
    page = to_packet_html(findings, "en")
    shifts = page[page.index("<h2>Department shifts</h2>") :].split("</section>")[0]
    assert "<div class='chart' style='width:560px;height:230px'>" in shifts
    # three departments over two changes: six groups, the page's width
    wider = pl.concat(
        [
            attribution.with_columns(dept=pl.lit(d), to_cycle=pl.lit(c))
            for d in ("a", "b", "c")
            for c in ("2025H2", "2026H1")
        ]
    )
    fig = figures.attribution_bars(wider, "zh", findings.unit, findings.cycle_units)
    assert bar_groups(fig) == 6 and chart_size(fig)[0] == 1000
