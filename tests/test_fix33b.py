"""fix33b: the smaller findings of the reviews rev33a and rev33b, on hand-made frames."""

from __future__ import annotations

import re

import polars as pl
import pytest

from analytics import text
from analytics.calibration.evidence import attribution_line
from analytics.findings.units import unit_of_scales


def _change(answer: str | None) -> pl.DataFrame:
    """1261's change 2026Q1→2026Q2 on 1-5 (spans 4): +0.50 of which the pooled environment
    +0.35 (company 0, department +0.0875 × 4), rater +0.05, individual +0.10; company and
    department not separable, the pair answered ``answer``."""
    return pl.DataFrame(
        {
            "employee_id": ["1261"],
            "from_cycle": ["2026Q1"],
            "to_cycle": ["2026Q2"],
            "change": [0.125],
            "company": [0.0],
            "department": [0.0875],
            "rater": [0.0125],
            "individual": [0.025],
            "environment_joint": [True],
            "environment_answer": [answer],
        }
    )


@pytest.mark.parametrize(
    ("answer", "code", "zh", "en"),
    [  # the department's own change, as the person page's waterfall and the warning say
        (
            "own",
            "cs.evidence_attribution",
            "公司整体 0.00、部门 +0.35",
            "company 0.00, department +0.35",
        ),
        (
            "none",
            "cs.evidence_attribution",
            "公司整体 0.00、部门 +0.35",
            "company 0.00, department +0.35",
        ),
        (
            "company",
            "cs.evidence_attribution",
            "公司整体 +0.35、部门 0.00",
            "company +0.35, department 0.00",
        ),
        # not told: one environment, "cannot be separated"
        (
            "joint",
            "cs.evidence_attribution_joint",
            "公司或部门环境 +0.35",
            "company or department +0.35",
        ),
        (
            None,
            "cs.evidence_attribution_joint",
            "公司或部门环境 +0.35",
            "company or department +0.35",
        ),
    ],
)
def test_the_meetings_evidence_follows_the_pairs_answer(answer, code, zh, en):
    """rev33a finding 4: the meeting's 人员证据 of 1261 said "公司或部门环境 +0.35（…无法分开…）"
    where the pair is answered as the department's own change (the person page: 部门环境)."""
    got, params = attribution_line(_change(answer), None, "2026Q2", unit_of_scales(["1-5"]))
    assert got == code
    words = {lang: text.render(got, lang, **params) for lang in ("zh", "en")}
    assert zh in words["zh"] and en in words["en"], words
    assert "变动 +0.50" in words["zh"] and "评价人 +0.05、个人 +0.10" in words["zh"], words
    assert ("无法分开" in words["zh"]) == code.endswith("_joint"), words


def test_the_person_pages_signer_and_time_are_the_meetings_words():
    """rev33a finding 5 / rev33b nit 6: the person page's 考核结果 said 签字人 "local-admin"
    (the meeting: 本机管理员) and its CSV 签字时间 "2026-12-06T17:59:18.193149", no zone."""
    from datetime import datetime

    from analytics.calibration import record
    from analytics.calibration.signed import worded

    outcomes = pl.DataFrame(
        {
            "cycle_id": ["2026Q2", "2026Q1"],
            "signed_by": ["local-admin", "wang.lei@example.com"],
            "signed_at": [datetime(2026, 12, 6, 17, 59, 18, 193149), None],
        }
    )
    zh, en = worded(outcomes, "zh"), worded(outcomes, "en")
    assert zh["signed_by"].to_list() == ["本机管理员", "wang.lei@example.com"]
    assert en["signed_by"][0] == "local administrator"
    at = outcomes["signed_at"][0]  # as the meeting's sign-off line and record say it
    assert zh["signed_at"].to_list() == [record.when(at, "zh"), None]
    assert en["signed_at"][0] == record.when(at, "en")
    assert re.fullmatch(r"2026年12月6日 \d\d:\d\d（UTC[^）]*）", zh["signed_at"][0])
    assert re.fullmatch(r"6 Dec 2026, \d\d:\d\d UTC\S*", en["signed_at"][0])
    assert worded(outcomes.drop("signed_by", "signed_at"), "zh").columns == ["cycle_id"]


def test_the_write_backs_audit_sheet_names_each_person(small_demo_db, tmp_path):
    """rev33a finding 5: the write-back workbook's 修改记录 had no 姓名 column, the page's audit
    table and its CSV have."""
    import io

    from analytics.calibration import sessions, writeback
    from tests.app.conftest import smallest_team_session
    from tests.app.test_pack24_record import _decided

    path = tmp_path / "m.duckdb"
    path.write_bytes(small_demo_db.read_bytes())
    sid = smallest_team_session(path)
    person, _to = _decided(path, sid)
    s = sessions.load(path, sid)
    book = writeback.to_xlsx(s, sessions.writeback_rows(path, s), "zh")
    audit = pl.read_excel(io.BytesIO(book), sheet_name="修改记录")
    assert audit.columns[2:4] == ["工号", "姓名"], audit.columns
    moved = audit.filter(pl.col("操作") == "调整")
    assert moved.select("工号", "姓名").rows() == [(person["employee_id"], person["name"])]
    assert audit.filter(pl.col("工号").is_null())["姓名"].null_count() == audit.height - 1


def test_a_department_shifting_in_two_cycles_is_one_department():
    """rev33a finding 6: "2 个部门在某周期出现显著整体变动…：生产中心 2026Q1 整体 -0.37，生产中心
    2026Q2 整体 +0.35" was one department in two cycles."""
    from analytics.findings.headlines import headlines

    shifts = pl.DataFrame(
        {  # on 1-5 (span 4): -0.37 = -0.0925, +0.35 = 0.0875, +0.20 = 0.05
            "dept": ["生产中心", "销售中心", "生产中心", "研发中心"],
            "from_cycle": ["2026Q1", "2026Q1", "2025Q4", "2026Q1"],
            "to_cycle": ["2026Q2", "2026Q2", "2026Q1", "2026Q2"],
            "to_order": [3, 3, 2, 3],
            "department": [0.0875, 0.05, -0.0925, 0.3],
            "significant": [True, True, True, False],
        }
    )
    (h,) = headlines({"department_shifts": shifts}, unit_of_scales(["1-5"]))
    assert h.code == "overview.headline_shift"
    assert text.render(h.code, "zh", **h.params) == (
        "2 个部门在某周期出现显著整体变动（环境因素，不是个人表现）："
        "生产中心 2026Q1 整体 -0.37（1-5 分制），2026Q2 整体 +0.35（1-5 分制），"
        "销售中心 2026Q2 整体 +0.20（1-5 分制）"
    )
    en = text.render(h.code, "en", **h.params)
    assert en.startswith("Significant department shifts: 2 ") and en.count("生产中心") == 1, en


@pytest.mark.parametrize("lang", ["en"])
def test_the_scopes_own_shift_is_under_the_shifts_without_a_guideline_to_fit(
    sales_packet_findings, lang
):
    """rev33b nit 5: the Engineering packet (before a guideline was saved) had its "Department-
    wide shift" paragraph under "Guideline fit", then "Nothing of this kind in this scope".
    With rows to move it stays beside them (rev24a item 4); without, under the shifts."""
    import dataclasses
    import html

    from analytics.export.packet import scope_shift_words, to_packet_html
    from analytics.findings.headlines import section_title

    findings = sales_packet_findings

    def sections(f) -> tuple[str, str]:
        page = to_packet_html(f, lang)
        said = []
        for name in ("guideline_units", "department_shifts"):
            title = html.escape(section_title(name, f.sections, lang))
            said.append(page[page.index(f"<h2>{title}</h2>") :].split("</section>")[0])
        return said[0], said[1]

    (own,) = scope_shift_words(findings, lang)
    assert own.startswith("Department-wide shift: 销售中心"), own
    fit, shifts = sections(findings)  # her guideline saved: 87 moves beside the shift
    assert html.escape(own) in fit and html.escape(own) not in shifts
    unfit = findings.sections["guideline_units"].head(0)
    bare = dataclasses.replace(findings, sections={**findings.sections, "guideline_units": unfit})
    fit, shifts = sections(bare)
    assert html.escape(own) not in fit and html.escape(own) in shifts
    assert html.escape(render_none := text.render("packet.none", lang)) in fit, render_none


def test_the_leniency_chart_of_two_raters_has_ticks_and_names():
    """rev33b nit 8: the company packet's leniency chart (2 estimable managers, 17 and 12
    ratings) had 2 unlabelled dots and an x axis "ratings (log)" with no tick on it: Plotly
    drew it from 11.6 to 17.5, the ticks were 5, 10, 20, 50."""
    import math

    from analytics.export.figures import log_range, rater_effects_chart

    raters = pl.DataFrame(
        {
            "rater_id": ["9014", "9100", "9001"],
            "n": [17, 12, 30],
            "effect": [0.0223, -0.0223, None],  # 9001: cannot be estimated, not drawn
            "ci95_low": [0.0039, -0.0408, None],
            "ci95_high": [0.0408, -0.0039, None],
            "flag": [None, None, None],
            "fdr_flag": [None, None, None],
        },
        schema_overrides={"flag": pl.String, "fdr_flag": pl.String},
    )
    fig = rater_effects_chart(raters, "en", unit_of_scales(["0-100"]), webgl=False)
    axis = fig.layout.xaxis
    lo, hi = (10**x for x in axis.range)
    shown = [x for x in axis.tickvals if lo <= x <= hi]
    assert shown == [10, 20], (lo, hi, axis.tickvals)
    (dots,) = fig.data
    assert dots.mode == "markers+text" and list(dots.text) == ["9014", "9100"]
    assert fig.layout.showlegend is True and dots.name.startswith("not flagged")
    # ticks enough among the values: Plotly's own range
    assert log_range(pl.Series([3, 40, 700]), [2, 5, 10, 20, 50, 100, 200, 500, 1000]) is None
    assert log_range(pl.Series([12, 17]), [5, 10, 20, 50]) == pytest.approx(
        [math.log10(10) - 0.05, math.log10(20) + 0.05]
    )
