"""pack25: rev25a items 6-10 (the guideline's company row, the appeals table, the D study's
caveat, the meeting record, the packet), on hand-made frames and the reviewer's workbook."""

from __future__ import annotations

import html
import shutil

import duckdb
import numpy as np
import polars as pl
import pytest

from analytics.calibration import impact, record, sessions
from analytics.calibration.adverse import warned_sentences
from analytics.export.packet import to_packet_html
from analytics.findings.headlines import (
    dstudy_lines,
    guideline_counts,
    guideline_whole_lines,
    raters_in_person,
    section_title,
    unit_words,
    whole_scope_name,
)
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.stories import scope_shift_lines
from analytics.stats import agreement
from analytics.text import render, render_column
from tests.sim.guided import GUIDELINE


def _sections(dbp, *names: str, scope: Scope | None = None) -> list[pl.DataFrame]:
    con = duckdb.connect(str(dbp), read_only=True)
    try:
        data = load_scope_lazy(con, scope or Scope())
        return [compute_section(n, data) for n in names]
    finally:
        con.close()


# --- item 9: the D study's Φ with manager-only ratings ---------------------------------------


def _teams(crossed: bool) -> pl.DataFrame:
    """60 people in 12 teams of 5 over 3 cycles, each rated by their manager (a rater
    variance of 0.5 beside the people's 1); ``crossed``: a peer rates each of them too."""
    rng = np.random.default_rng(9)
    lead = rng.normal(0, np.sqrt(0.5), 12)
    rows = []
    for p in range(60):
        level = rng.normal(0, 1)
        for c in range(3):
            rows.append((f"E{p}", f"M{p // 5}", f"c{c}", level + lead[p // 5] + rng.normal()))
            if crossed:
                rows.append((f"E{p}", f"P{p}", f"c{c}", level + rng.normal()))
    return pl.DataFrame(rows, schema=["person", "rater", "cycle", "score"], orient="row")


def test_phi_with_each_persons_manager_says_stable_not_accurate():
    """rev25a item 9: "Φ 0.86" with manager-only ratings counts each manager's standard as the
    people's real differences; the D study's sentences now say so right after the Φ, and only then."""

    def study(crossed: bool) -> tuple[pl.DataFrame, list[str]]:
        raw = agreement.g_study(_teams(crossed), "person", "rater", "score", "cycle", boot=0)
        g = agreement.component_shares(raw).rename({"component": "facet"})  # the section's
        return g, dstudy_lines(g, agreement.decision_study(raw))

    g, lines = study(False)
    assert raters_in_person(g) and lines[0][0] != "raters.dstudy_unknown"
    assert lines[1] == ("raters.dstudy_raters_in_person", {})  # right after the Φ
    g, lines = study(True)
    assert not raters_in_person(g) and lines[0][0] != "raters.dstudy_unknown"
    assert "raters.dstudy_raters_in_person" not in [c for c, _ in lines]


def test_the_reviewers_phi_carries_its_caveat(rev23a_db):
    """On the reviewer's workbook: Φ reaches the target with 1 rater and 3 cycles, and the
    caveat follows it in both languages."""
    g, study = _sections(rev23a_db, "g_study", "decision_study")
    lines = dstudy_lines(g, study)
    assert lines[0][0] == "raters.dstudy_reaches" and lines[0][1]["cycles"] == 3
    codes = [c for c, _ in lines]
    assert codes.index("raters.dstudy_raters_in_person") == 1, codes
    assert "不说明分数准确" in render(codes[1], "zh")
    assert "not that they are accurate" in render(codes[1], "en")


# --- item 10: the signed record states the warnings on the page at sign-off ------------------


@pytest.fixture()
def sales_session(rev23a_db, tmp_path):
    """A copy of the reviewer's database with the 销售中心 2026H1 meeting (guideline
    20/40/30/10), signed off."""
    path = tmp_path / "xx.duckdb"
    shutil.copyfile(rev23a_db, path)
    sid = sessions.create(
        path, cycle="2026H1", department="销售中心", author="hr", guideline=GUIDELINE
    )
    sessions.sign_off(path, sid, "李静")
    return path, sessions.load(path, sid)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_signed_record_states_the_warnings_on_the_page(sales_session, lang):
    """rev25a item 10: the record listed the moves but not what the sign-off confirmed: the
    adverse-impact reminders (the reviewer's 1, on level, which is now a control: 0) and the
    销售中心 shift shown beside "需调整 90 人"."""
    path, s = sales_session
    found = impact.for_session(path, s)
    assert not found.verdicts.is_empty()  # the check ran: its count is what was ticked
    (shifts,) = _sections(path, "department_shifts", scope=Scope(department="销售中心"))
    lines = scope_shift_lines(shifts, ("2026H1",))
    assert lines["significant"].to_list() == [True]
    rows = sessions.writeback_rows(path, s)
    page = record.record_html(s, rows, lang, found, lines)
    warned = warned_sentences(found, lang)
    head = html.escape(render("calib.record_warnings", lang))
    ticked = html.escape(render("calib.record_adverse", lang, n=len(warned)))
    shift = render_column(lines["line"], lang, "reason")[0]
    assert "销售中心" in shift and "2026H1" in shift
    said = (head, ticked, *(html.escape(w) for w in warned), html.escape(shift))
    at = [page.index(x) for x in said]
    assert at == sorted(at) and at[0] < page.index(render("calib.sheet_summary", lang))
    # without them (a session of named people, no adverse section) the record has no heading
    assert head not in record.record_html(s, rows, lang)
    lone = record.warning_lines(found, lines.with_columns(significant=False), lang)
    assert [hot for _, hot in lone] == [False] + [True] * len(warned)  # no shift line
    assert record.warning_lines(None, lines, lang) == [(shift, True)]


# --- item 6: the whole company below the guideline (policy) or one department (department) ---


def _shares(units: dict[str, tuple[int, int]]) -> pl.DataFrame:
    """``grade_shares`` of units given as (people, top grades); the rest 良好, but for the
    bottom grades at their guideline shares (合格 30%, 待改进 10%: in line, rev30b item 1)."""
    rows = []
    for unit, (n, k) in units.items():
        low = [(unit, "合格", n, round(n * 0.3)), (unit, "待改进", n, round(n * 0.1))]
        rows += [(unit, "优秀", n, k), (unit, "良好", n, n - k - round(n * 0.4)), *low]
    return pl.DataFrame(rows, schema=["unit", "grade", "n", "count"], orient="row")


def test_policy_or_department_by_hand():
    # 4 units of 100 with 8 top grades each: the whole 8% against 20%; Wilson by hand: centre
    # (0.08 + 1.96²/800) / (1 + 1.96²/400) = 0.083995, half-width 0.026760
    alike = guideline_whole_lines(_shares(dict.fromkeys("ABCD", (100, 8))), GUIDELINE)
    assert [c for c, _ in alike] == ["dist.whole_below", "dist.whole_units_alike"]
    p = alike[0][1]
    assert (p["scope"], p["grade"], p["n"], p["target"]) == ("company", "优秀", 400, 0.2)
    assert p["share"] == pytest.approx(0.08)
    assert (p["lo"], p["hi"]) == pytest.approx((0.057235, 0.110755), abs=1e-5)
    # one unit gives none: Fisher 0/100 against 36/300, p = 2.6e-5, Holm x4: lower
    one = guideline_whole_lines(_shares({"A": (100, 0), "B": (100, 12), "C": (100, 12), "D": (100, 12)}), GUIDELINE)  # fmt: skip
    words = {"kind": "department", "kind_one": "department_one"}  # the units' word (left31)
    assert one[1] == ("dist.whole_units_lower", words | {"names": ["A"], "grade": "优秀"})
    assert len(one) == 2
    # the whole within the guideline: no policy gap to tell apart
    assert guideline_whole_lines(_shares({"A": (100, 20), "B": (100, 22)}), GUIDELINE) == []
    assert guideline_whole_lines(_shares({}), GUIDELINE) == []
    assert whole_scope_name(Scope()) == "company"
    assert whole_scope_name(Scope(department="销售中心/华东销售部")) == "华东销售部"
    assert whole_scope_name(Scope(department="销售中心", level="P3")) == "this_scope"


def test_the_reviewers_company_is_below_and_sales_below_the_rest(rev23a_db):
    """rev25a item 6: "6 of 6 departments off" hid that the company gives about 7.5% 优秀
    against 20%; the lines say the whole is below (policy) and 销售中心 below the rest."""
    (shares,) = _sections(rev23a_db, "grade_shares")
    lines = guideline_whole_lines(shares, GUIDELINE)
    # then its bottom grades (rev30b item 1): more 合格+待改进 than 40%, most in 销售中心
    assert [c for c, _ in lines] == [
        "dist.whole_below",
        "dist.whole_units_lower",
        "dist.whole_above",
        "dist.whole_units_lower",
        "dist.whole_units_higher",
    ]
    assert lines[2][1]["grade"] == "合格+待改进" and lines[2][1]["lo"] > 0.4  # 47.4% of 896
    assert lines[4][1]["names"] == ["销售中心"]
    assert 0.06 < lines[0][1]["share"] < 0.09 and lines[0][1]["hi"] < 0.2
    assert lines[1][1]["names"] == ["销售中心"]
    said = {lang: render(lines[0][0], lang, **lines[0][1]) for lang in ("zh", "en")}
    assert said["zh"].startswith("全公司整体") and "政策" in said["zh"]
    assert said["en"].startswith("Company as a whole") and "policy" in said["en"]
    (sales,) = _sections(rev23a_db, "grade_shares", scope=Scope(department="销售中心"))
    inside = guideline_whole_lines(sales, GUIDELINE, "销售中心")
    assert [c for c, _ in inside][:2] == ["dist.whole_below", "dist.whole_units_alike"]
    assert inside[2][0] == "dist.whole_above" and inside[2][1]["grade"] == "合格+待改进"


# --- item 7: the 销售中心 packet refers to its shift, and says why its count is not the meeting's


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sales_packet_refers_to_its_shift_and_explains_its_count(sales_packet_findings, lang):
    """rev25a item 7: under 部门整体变动 the packet said "本范围内没有此项" two paragraphs after
    page 1 named the 销售中心 shift, and its "需调整 87 人" met the meeting's 90 unexplained."""
    findings = sales_packet_findings
    # the one-cycle packet carries the change into 2026H1 (rev27a item 1): its own shift is
    # the section's row now, not a line pointing back at page 1
    (row,) = findings.sections["department_shifts"].iter_rows(named=True)
    assert (row["dept"], row["from_cycle"], row["to_cycle"]) == ("销售中心", "2025H2", "2026H1")
    page = to_packet_html(findings, lang)
    title = html.escape(section_title("department_shifts", findings.sections, lang))
    shifts = page[page.index(f"<h2>{title}</h2>") :].split("</section>")[0]
    assert html.escape(render("packet.none", lang)) not in shifts
    where = section_title("guideline_units", findings.sections, lang)
    assert "销售中心" in shifts and "-5.3" in shifts
    off = guideline_counts(findings.sections["guideline_units"])
    assert (off["moves"], off["n"], off["people"]) == (87, 4, 217)
    differ = render(
        "packet.moves_differ",
        lang,
        moves=87,
        units=4,
        people=217,
        dept="销售中心",
        kind=unit_words(findings.unit_kind),  # its units' word: teams or departments (left31)
    )
    fit = page[page.index(f"<h2>{html.escape(where)}</h2>") :].split("</section>")[0]
    assert html.escape(differ) in fit
