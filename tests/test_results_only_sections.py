"""A dataset of results only (final scores and grades, no rating by rater): its people-level
scores are the recorded ones (``distributions.outcome_scores``), and the distribution and
guideline sections read them; hand-worked shares and Wilson intervals (helper R, session 45:
before, every section was None without ratings and every page showed only a message)."""

from __future__ import annotations

import math

import polars as pl
import pytest

from analytics.cli import main
from analytics.findings.scope import Scope, load_scope
from analytics.findings.sections import compute_section
from analytics.findings.units import unit_of
from analytics.stats import distributions as D
from analytics.store import db

GUIDE = {"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05}


def _wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson's interval written out: (p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _frame() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    ids = [f"E{i}" for i in range(10)]
    outcomes = pl.DataFrame(
        {
            "cycle_id": ["C1"] * 10,
            "employee_id": ids,
            "final_score": [0.9, 0.9, 0.9, 0.8, 0.8, 0.6, 0.6, 0.6, 0.6, None],
            "grade": ["S", "S", "S", "A", "A", "B", "B", "B", "B", "C"],
        }
    )
    employees = pl.DataFrame({"employee_id": ids, "department": ["X"] * 10})
    return outcomes, employees, pl.DataFrame({"cycle_id": ["C1"], "ordering": [1]})


def test_outcome_scores_are_the_recorded_ones():
    s = D.outcome_scores(*_frame())
    assert s.height == 10  # the graded person without a score kept (the guideline reads grades)
    assert s["score_source"].unique().to_list() == ["outcome"]
    assert s["score"].null_count() == 1 and s["grade"].null_count() == 0
    assert s["department"].unique().to_list() == ["X"] and s["cycle_order"].to_list() == [1] * 10


def test_grade_shares_and_guideline_fit_by_hand():
    s = D.outcome_scores(*_frame()).with_columns(unit=pl.col("department"))
    shares = D.grade_shares(s, ["unit"], list(GUIDE)).sort("grade")
    s_row = shares.filter(pl.col("grade") == "S").row(0, named=True)
    assert (s_row["n"], s_row["count"]) == (10, 3) and s_row["share"] == pytest.approx(0.3)
    lo, hi = _wilson(3, 10)  # 0.1078, 0.6032
    assert s_row["share_lo"] == pytest.approx(lo, abs=1e-9)
    assert s_row["share_hi"] == pytest.approx(hi, abs=1e-9)
    fit = D.guideline_fit_units(s, ["unit", "cycle_id"], GUIDE, min_n=5).row(0, named=True)
    assert fit["n"] == 10 and fit["grade_source"] == "recorded"
    # S+A: 5 of 10 against the guideline's 30%: +20 points; C+D: 1 of 10 against 20%
    assert fit["top_excess"] == pytest.approx(0.5 - 0.3)
    assert fit["bottom_excess"] == pytest.approx(0.1 - 0.2)
    # the guideline's counts of 10 people, largest remainder (1, 2, 5, 1.5, 0.5: the tie of
    # remainders to the earlier grade): S 1, A 2, B 5, C 2, D 0; against 3, 2, 4, 1, 0 the
    # people to move are the 2 S above their 1
    grades = D.guideline_fit_grades(s, ["unit", "cycle_id"], GUIDE, min_n=5)
    assert grades["target_count"].to_list() == [1, 2, 5, 2, 0]
    assert fit["people_to_move"] == 2


def test_final_score_summary_by_hand():
    s = D.outcome_scores(*_frame()).with_columns(unit=pl.col("department"))
    row = D.summary(s, ["unit", "cycle_id"], min_n=5, grades=list(GUIDE)).row(0, named=True)
    scores = [0.9, 0.9, 0.9, 0.8, 0.8, 0.6, 0.6, 0.6, 0.6]  # the person without one left out
    mean = sum(scores) / 9
    sd = math.sqrt(sum((x - mean) ** 2 for x in scores) / 8)
    assert row["n"] == 9
    assert row["mean"] == pytest.approx(mean) and row["sd"] == pytest.approx(sd)
    half = 2.306004135204166 * sd / 3  # t(0.975, 8) s / √9
    assert row["mean_lo"] == pytest.approx(mean - half) and row["mean_hi"] == pytest.approx(
        mean + half
    )


@pytest.fixture(scope="module")
def results_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results_sections")
    rows = [
        f"E{9001 + i + 100 * d},{dept},2025Q4,{60 + 10 * (i % 4)},{'SABBBBCD'[i % 8]}"
        for d, dept in enumerate(("一部", "二部"))
        for i in range(16)
    ]
    src = folder / "results.csv"
    src.write_text("\n".join(["工号,部门,考核周期,最终得分,绩效等级", *rows]) + "\n", "utf-8")
    path = folder / "perflens.duckdb"
    assert main(["--lang", "en", "import", str(src), "--db", str(path)]) == 0
    return path


@pytest.mark.parametrize("department", [None, "一部"])
def test_sections_of_results_only(results_path, department):
    con = db.connect(results_path, read_only=True)
    try:
        data = load_scope(con, Scope(department=department))
        assert not data.has_ratings()
        fit = compute_section("guideline_units", data)
        dist = compute_section("distribution", data)
        check = compute_section("guideline_check", data).row(0, named=True)
        summary = compute_section("summary", data).row(0, named=True)
        assert compute_section("raters", data) is None  # a rater section: still none
        # on the final scores' own scale (it was said to mix scales: no rating batch)
        assert (unit_of(con).scale, unit_of(con, ("2025Q4",)).scale) == ("0-100", "0-100")
    finally:
        con.close()
    n = 16 if department else 32
    assert check["n_graded"] == n and check["n_top"] == n // 8
    assert dist["n"].sum() == n
    assert (summary["employees"], summary["ratings"], summary["cycles"]) == (n, 0, "2025Q4")
    if department is None:  # the company: one row per department, 16 people each
        assert sorted(fit["unit"].to_list()) == ["一部", "二部"]
        assert fit["n"].to_list() == [16, 16]
        assert fit["top_excess"].to_list() == pytest.approx([4 / 16 - 0.3] * 2)  # S, S, A, A of 16


@pytest.mark.parametrize("suffix", [".html", ".xlsx"])
def test_packet_of_results_only(results_path, tmp_path, suffix):
    """The calibration packet and workbook of a dataset of results only are written, with the
    guideline fit of its departments (the HTML packet stopped at the raters' chart: there is
    no ``effect`` column in a scope without ratings)."""
    from analytics.export.report import write_report
    from analytics.findings.report import build_findings

    con = db.connect(results_path, read_only=True)
    try:
        findings = build_findings(con)
    finally:
        con.close()
    assert sorted(findings.sections["guideline_units"]["unit"].to_list()) == ["一部", "二部"]
    for lang in ("zh", "en"):
        path = write_report(findings, tmp_path / f"packet_{lang}{suffix}", lang=lang)
        assert path.stat().st_size > 0


#: the packet's topics that read ratings by rater, in its order (``packet.PACKET``; the
#: managers against an anonymous peer panel apply to some data only and are not named)
PACKET_RATER_TOPICS = (
    "reliability",
    "raters",
    "recheck",
    "department_shifts",
    "manager_changes",
    "against_trend",
    "high_potential",
    "hidden_strengths",
    "decliners",
    "risers",
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_packet_says_once_what_results_only_cannot_have(results_path, lang):
    """The packet, workbook and JSON of a scope of results only say once that the rater-based
    sections need ratings by rater (session 45 G item 3: 22 blank sheets; the packet named
    them among the topics with "nothing to discuss", gave 评价人一致性 and 高潜名单 "本范围内没
    有此项", the department shifts their method text over nothing, and the cover "0 名高潜员工
    候选（名单取本范围 0 人中…）")."""
    import html
    import io
    import json

    import openpyxl

    from analytics.export.packet import cover_lines, to_packet_html
    from analytics.export.report import section_sheet_label, sheet_name, to_json, to_xlsx
    from analytics.findings.headlines import hipo_headline, section_title
    from analytics.findings.report import build_findings
    from analytics.findings.sections import RESULT_SECTIONS
    from analytics.text import entries, render

    con = db.connect(results_path, read_only=True)
    try:
        findings = build_findings(con)
    finally:
        con.close()
    s = findings.sections
    page = to_packet_html(findings, lang)
    topics = [section_title(n, s, lang) for n in PACKET_RATER_TOPICS]
    assert html.escape(render("packet.needs_ratings", lang, topics=topics)) in page
    assert html.escape(render("packet.none", lang)) not in page  # no "nothing of this kind"
    nothing = entries()["packet.nothing_here"][lang].split("{topics}")[0]
    assert html.escape(nothing) not in page  # not "nothing to discuss"
    assert html.escape(render("attr.shifts_note", lang)) not in page  # no shifts' page
    zero = hipo_headline(s["high_potential"], s.get("potential_check"))  # "0 of 0 people"
    assert render(zero.code, lang, **zero.params) not in cover_lines(findings, lang)

    assert set(findings.needs_ratings) == set(s) - RESULT_SECTIONS
    assert {"raters", "high_potential", "department_shifts"} <= set(findings.needs_ratings)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(findings, lang)))
    for ws in book.worksheets:  # no blank sheet
        assert ws["A1"].value, ws.title
    gone = {sheet_name(section_sheet_label(n, s, lang)) for n in findings.needs_ratings}
    assert not gone & set(book.sheetnames)
    said = render(
        "report.needs_ratings",
        lang,
        topics=[section_title(n, s, lang) for n in findings.needs_ratings],
    )
    first = book.worksheets[0]
    assert said in [c.value for row in first.iter_rows() for c in row]
    assert render(zero.code, lang, **zero.params) not in [c.value for c in first["A"]]

    report = json.loads(json.dumps(to_json(findings, lang)))
    assert report["needs_ratings"] == {"sections": list(findings.needs_ratings), "text": said}


def test_packet_of_a_department_without_teams(tmp_path):
    """A department with no teams is its own one unit (tester G, session 45, item 2): its
    packet does not explain a sum over "1 team below it off the guideline" (packet.moves_differ)."""
    from analytics.export.packet import moves_differ
    from analytics.findings.report import build_findings

    rows = [f"E{7001 + i},三部,2026Q1,{90 - i % 3},{'SSSA'[i % 4]}" for i in range(20)]
    src = tmp_path / "results.csv"
    src.write_text("\n".join(["工号,部门,考核周期,最终得分,绩效等级", *rows]) + "\n", "utf-8")
    path = tmp_path / "perflens.duckdb"
    assert main(["--lang", "en", "import", str(src), "--db", str(path)]) == 0
    con = db.connect(path, read_only=True)
    try:
        findings = build_findings(con, department="三部")
    finally:
        con.close()
    fit = findings.sections["guideline_units"]
    assert fit["unit"].to_list() == ["三部"] and fit["significant"].to_list() == [True]
    assert moves_differ(findings, fit, "zh") is None
