"""rev30b's findings (Priya Nair, a manager-only A-D company), each on a small case worked by
hand: the meeting's participants are names, not words (item 2); ..."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from analytics.calibration import record, sessions
from analytics.stats.potential import nine_box, nine_box_counts
from analytics.text import render
from tests.test_writeback_original import imported_copy

T0 = datetime(2026, 12, 6, 9, 0, 0)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """tests/test_writeback_original.py's 8-person export imported (about 1.5 CPU s)."""
    return imported_copy(tmp_path_factory)


def test_participants_are_split_on_commas_and_new_lines_never_on_spaces():
    assert sessions.split_names("Priya Nair, Daniel Ong (Sales head)") == [
        "Priya Nair",
        "Daniel Ong (Sales head)",
    ]
    assert sessions.split_names("王 伟，赵敏、李娜;Ann Lee\n Bo Chen ,, ") == [
        "王 伟",
        "赵敏",
        "李娜",
        "Ann Lee",
        "Bo Chen",
    ]
    assert sessions.split_names("") == []


def test_the_signed_record_names_each_participant_whole(small):
    names = sessions.split_names("Priya Nair, Daniel Ong (Sales head)")
    sid = sessions.create(
        small, cycle="2025Q4", department="研发中心", author="hr", participants=names, at=T0
    )
    sessions.sign_off(small, sid, "boss", T0)
    s = sessions.load(small, sid)
    page = record.record_html(s, sessions.writeback_rows(small, s), "en")
    assert "Participants: Priya Nair, Daniel Ong (Sales head)" in page


def test_nine_box_counts_say_how_many_certainties_are_unknown():
    """One cycle of one manager rating each: no performance interval, so no box certainty;
    the count of "not estimable" is kept beside "near a boundary" (rev30b item 3)."""
    prof = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d"],
            "pct_adjusted": [0.90, 0.50, 0.10, 0.90],
            "pct_ci95_low": [None, None, None, 0.60],
            "pct_ci95_high": [None, None, None, 0.97],
            "potential_score": [0.9, 0.5, 0.1, 0.9],
            "potential_ci95_low": [None] * 4,
            "potential_ci95_high": [None] * 4,
            "potential_source": ["outcome"] * 4,
        }
    )
    cnt = nine_box_counts(nine_box(prof))
    assert cnt["n"].sum() == 4
    assert cnt["n_not_estimable"].sum() == 3 and cnt["n_near_boundary"].sum() == 1
    assert cnt.filter(pl.col("box") == 9)["n_not_estimable"].item() == 1
    for lang in ("zh", "en"):
        said = render("pot.certainty_unknown", lang, k=60, n=60)
        assert "60" in said and "{" not in said
    assert render("pot.certainty_unknown", "en", k=60, n=60).startswith(
        "Box certainty cannot be estimated for 60 of 60 people"
    )


def test_a_box_with_q1_equal_to_q3_draws_its_people_beyond_the_whiskers():
    """Product 2026H1: 19 x 3, 8 x 2 and 8 x 4 (n=35) has Q1 = Q3 = 3 and whiskers at 3: the
    box was a flat line hiding 16 of 35 people (rev30b item 4). They are drawn as points."""
    from analytics.export import figures

    stats = pl.DataFrame(
        {
            "unit": ["Product", "Sales"],
            "cycle_id": ["2026H1", "2026H1"],
            "n": [35, 3],
            "q1": [3.0, None],
            "median": [3.0, None],
            "q3": [3.0, None],
            "mean": [3.0, None],
            "lowerfence": [3.0, None],
            "upperfence": [3.0, None],
            "outliers": [[2.0] * 8 + [4.0] * 8, None],
        }
    )
    fig = figures.score_box(stats, "en", min_n=5)
    points = [t for t in fig.data if t.meta == "outliers"]
    assert len(points) == 1 and points[0].boxpoints == "all"
    assert sorted(points[0].y) == [2.0] * 8 + [4.0] * 8
    assert set(points[0].x) == {fig.data[0].x[0]}  # at Product's box
    assert fig.layout.yaxis.range is None or fig.layout.yaxis.range[0] <= 2.0


def test_the_whole_scope_sentence_weighs_the_bottom_grades_too():
    """Sales 2026H1 (A6 B28 C24 D2 of 60, guideline A15/B60/C20/D5): its 10% A (Wilson
    4.7-20.1%) holds 15%, but its 43.3% C+D does not hold 25%; the whole-scope sentence
    checked only the top grade and said nothing (rev30b item 1)."""
    from analytics.findings.headlines import guideline_whole_lines

    half = {"A": 3, "B": 14, "C": 12, "D": 1}
    shares = pl.DataFrame(
        [
            {"unit": u, "grade": g, "n": 30, "count": k}
            for u in ("Team 1", "Team 2")
            for g, k in half.items()
        ]
    )
    lines = guideline_whole_lines(shares, {"A": 0.15, "B": 0.60, "C": 0.20, "D": 0.05}, "Sales")
    assert [code for code, _ in lines] == ["dist.whole_above", "dist.whole_units_alike"]
    params = lines[0][1]
    assert params["grade"] == "C+D" and params["n"] == 60
    assert params["share"] == pytest.approx(26 / 60) and params["target"] == pytest.approx(0.25)
    assert params["lo"] > 0.25
    said = render(lines[0][0], "en", **params)
    assert said.startswith("Sales as a whole (60 people) gives C+D to 43.3%"), said


@pytest.mark.parametrize("lang", ["en"])
def test_a_department_packet_shows_the_department_against_the_guideline_first(
    sales_packet_findings, lang
):
    """The 销售中心 2026H1 packet (guideline 20/40/30/10): the department's own row, everyone
    in it, above its units' rows, with the people to move worked from its grade counts by
    largest remainders (rev30b item 1: the Sales packet listed only its small teams)."""
    import html
    import io

    import openpyxl

    from analytics.export.packet import to_packet_html
    from analytics.export.report import section_sheet_label, sheet_name, to_json, to_xlsx
    from analytics.findings.headlines import section_title
    from analytics.stats.distributions import guideline_targets
    from tests.sim.guided import GUIDELINE

    s = sales_packet_findings.sections
    (row,) = s["guideline_scope"].iter_rows(named=True)
    units = s["guideline_units"]
    assert (row["unit"], row["cycle_id"]) == ("销售中心", "2026H1")
    # everyone: its units' 217 and the head placed at the department itself (a unit of one)
    whole = (row["n"], row["top_count"], row["bottom_count"])
    assert whole == sales_packet_findings.whole_grades  # as "as a whole" counts them
    assert row["n"] == units["n"].sum() + 1
    counts = s["guideline_grades"].group_by("grade").agg(pl.col("count").sum())
    units_counts = dict(counts.iter_rows())  # 优秀 0, 良好 41, 合格 128, 待改进 48
    assert row["bottom_count"] == units_counts["合格"] + units_counts["待改进"] + 1  # the head
    # targets of 218 by largest remainders: 43.6/87.2/65.4/21.8 -> 44/87/65/22; the head at
    # 合格 or 待改进, 64 + 26 or 63 + 27 to move: 90 either way, the meeting's own count
    assert guideline_targets(218, GUIDELINE) == {"优秀": 44, "良好": 87, "合格": 65, "待改进": 22}
    for head in ("合格", "待改进"):
        observed = {**units_counts, head: units_counts[head] + 1}
        target = guideline_targets(row["n"], GUIDELINE)
        moves = sum(max(observed[g] - target[g], 0) for g in GUIDELINE)
        assert row["people_to_move"] == moves == 90
    assert row["top_excess"] == pytest.approx(-0.2) and row["direction"] == "deflated"
    assert row["bottom_excess"] == pytest.approx(177 / 218 - 0.4)
    page = to_packet_html(sales_packet_findings, lang)
    first = page.index(f"<h2>{html.escape(section_title('guideline_scope', s, lang))}</h2>")
    assert first < page.index(f"<h2>{html.escape(section_title('guideline_units', s, lang))}</h2>")
    assert to_json(sales_packet_findings, lang)["distribution"]["guideline_scope"][0]
    sheets = openpyxl.load_workbook(io.BytesIO(to_xlsx(sales_packet_findings, lang))).sheetnames
    scope_sheet = sheets.index(sheet_name(section_sheet_label("guideline_scope", s, lang)))
    assert scope_sheet < sheets.index(sheet_name(section_sheet_label("guideline_units", s, lang)))


def test_a_move_with_no_reason_category_is_refused(small):
    from analytics.calibration.moves import Move, Refused

    sid = sessions.create(small, cycle="2025Q4", department="研发中心", author="hr", at=T0)
    with pytest.raises(Refused) as refused:
        sessions.apply(small, sid, [Move("E003", "A", None, "KPI 130%", 0)], "hr", T0)
    assert refused.value.code == "no_category"
    assert refused.value.message("en") == "E003: every change needs a reason category: choose one."
    assert "move" not in sessions.load(small, sid).audit["action"].to_list()


def test_the_write_back_tells_its_final_grade_from_the_exports_own():
    """Priya's export had "Final Grade"; the write-back appended "Final grade": two headers
    equal but for case, which the import matches case-insensitively (rev30b item 9)."""
    from analytics.calibration.original import Original
    from analytics.calibration.writeback import on_original

    own = Original(
        headers=["Employee ID", "Name", "Final Grade"],
        rows={"E1": ["E1", "Ann Lee", "B"]},
        id_header="Employee ID",
        files=["perf.csv"],
    )
    rows = pl.DataFrame(
        {
            "employee_id": ["E1"],
            "final_grade": ["A"],
            "grade_change": ["B → A"],
            "reason_category": ["kpi_evidence"],
            "reason_text": ["KPI 130%"],
            "changed_by": ["hr"],
            "changed_at": [T0],
        }
    )
    headers, cells = on_original(own, rows, "en", typed=False)
    assert headers[:4] == ["Employee ID", "Name", "Final Grade", "Final grade (calibrated)"]
    assert len({h.casefold() for h in headers}) == len(headers)
    assert cells[0][:4] == ["E1", "Ann Lee", "B", "A"]
    zh, _ = on_original(own, rows, "zh", typed=False)
    assert zh[3] == "校准后等级"  # nothing of the export's to tell it from


def test_a_team_of_two_rated_by_its_manager_alone_gets_a_caution():
    """rev30b item 10: E0197's team of 2 (+1.24 [-2.83, +5.31], his manager's standard
    unknown) had its E0199 ranked #45 with no caution while the lenient team's people had one.
    A team of 8 whose interval holds 0 gets none; a team of 2 with a flag keeps the flag's."""
    from analytics.stats import cautions
    from analytics.text import render_column

    own = {"code": "own_ratees_only", "params": {"n": 2}}
    raters = pl.DataFrame(
        {
            "rater_id": ["E0197", "E0150", "E0002"],
            "status": ["not_estimable"] * 3,
            "status_reason": [own] * 3,
            "n_ratees": [2, 8, 2],
            "team_people": [2, 8, 2],
            "team_rest_n": [58, 52, 58],
            "team_diff": [1.24, 0.1, 0.9],
            "team_ci95_low": [-2.83, -0.2, 0.67],
            "team_ci95_high": [5.31, 0.4, 1.14],
            "threshold": [0.3] * 3,
        }
    )
    rows = pl.DataFrame({"rank": [45, 46, 1], "employee_id": ["E0199", "E0151", "E0003"]})
    changes = pl.DataFrame(
        {
            "employee_id": ["E0199", "E0151", "E0003"],
            "manager_from": ["E0197", "E0150", "E0002"],
            "manager_to": ["E0197", "E0150", "E0002"],
        }
    )
    out = cautions.with_rater_cautions(rows, changes, raters)
    codes = out["caution"].list.eval(pl.element().struct.field("code")).to_list()
    assert codes == [["caution_small_team"], [], ["caution_team_gap"]]
    (en,) = render_column(out["caution"], "en", "reason")[0].to_list()
    assert en.startswith("this team of 2 is rated by its manager, E0197, and by nobody else")
    assert "-2.83" in en and "+5.31" in en, en
    (zh,) = render_column(out["caution"], "zh", "reason")[0].to_list()
    assert zh.startswith("该团队只有 2 人") and "E0197" in zh


def test_the_adverse_impact_check_counts_the_guidelines_top_grade():
    """rev30b item 6: with A15/B60/C20/D5 the meeting's adverse-impact check counted "A, B"
    (75% of the guideline) where the guideline table's top grade is A. 10 women with 1 A and
    4 B, 10 men with 4 A and 1 B: by A the women's rate is 1/10 against 4/10 (ratio 0.25);
    by A+B both were 5/10 (ratio 1.0, nothing to see)."""
    from analytics.calibration import adverse

    guideline = {"A": 0.15, "B": 0.60, "C": 0.20, "D": 0.05}
    assert adverse.top_grades(guideline) == ["A"]
    assert adverse.top_grades(list(guideline)) == ["A", "B"]  # grades alone: top bands
    rows = []
    for g, grades in (("F", "A" + "B" * 4 + "C" * 5), ("M", "A" * 4 + "B" + "C" * 5)):
        rows += [(f"{g}{i}", x, x, g) for i, x in enumerate(grades)]
    people = pl.DataFrame(rows, schema=["employee_id", "proposed", "final", "gender"], orient="row")
    res = adverse.adverse_impact(people, ["gender"], guideline, k=3)
    assert res.top == ["A"]
    rates = {r["group"]: r for r in res.groups.iter_rows(named=True)}
    assert rates["F"]["top_rate"] == pytest.approx(0.1)
    assert rates["M"]["top_rate"] == pytest.approx(0.4)
    assert rates["F"]["impact_ratio"] == pytest.approx(0.25)


def test_the_workbook_keeps_teams_apart_from_the_rest_of_their_department():
    """rev30b item 8: a manager-only company's Raters sheet kept "0 of 12 rows" (only flagged
    raters); Sales Team F (E0122) -0.84 [-1.40, -0.27] against the rest of its department
    never reached the meeting. A team whose interval leaves out 0 is kept now."""
    from analytics.export.rows import report_rows
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope

    raters = pl.DataFrame(
        {
            "rater_id": ["E0122", "E0232", "E0197"],
            "status": ["not_estimable"] * 3,
            "flags": [[], [], []],
            "team_diff": [-0.84, -0.30, 1.24],
            "team_ci95_low": [-1.40, -0.71, -2.83],
            "team_ci95_high": [-0.27, 0.11, 5.31],
        }
    )
    findings = Findings(Scope(), sections={"raters": raters})
    out, kept = report_rows(findings)
    assert out["raters"]["rater_id"].to_list() == ["E0122"]
    (k,) = [k for k in kept if k.section == "raters"]
    assert (k.shown, k.total) == (1, 3)
    assert "leaves out 0" in render("report.kept_raters", "en")


def test_as_a_whole_counts_everyone_for_the_bottom_grades_too():
    """Priya's Sales: 59 in its teams and its head at the department itself; "Sales as a whole
    (59 people) gives C+D 42.4%" left the head out. ``whole`` (everyone graded, top, bottom)
    counts 60 on both sides (C+D 26 of 60, A 6 of 60)."""
    from analytics.findings.headlines import guideline_whole_lines

    teams = {"Team 1": {"A": 3, "B": 14, "C": 12, "D": 1}, "Team 2": {"A": 3, "B": 14, "C": 12}}
    shares = pl.DataFrame(
        [
            {"unit": u, "grade": g, "n": sum(c.values()), "count": k}
            for u, c in teams.items()
            for g, k in c.items()
        ]
    )
    guideline = {"A": 0.15, "B": 0.60, "C": 0.20, "D": 0.05}
    (below, _) = guideline_whole_lines(shares, guideline, "Sales", (60, 6, 26))
    assert (below[1]["n"], below[1]["share"]) == (60, pytest.approx(26 / 60))
    (alone, _) = guideline_whole_lines(shares, guideline, "Sales", (60, 6))  # stored before
    assert (alone[1]["n"], alone[1]["share"]) == (59, pytest.approx(25 / 59))


def test_the_person_chart_stays_within_the_scale():
    """rev30b item 13: one cycle's 5 on a 1-5 scale drew a y axis of 4-6."""
    from analytics.export import figures
    from analytics.findings.units import Unit

    ratings = pl.DataFrame(
        {
            "cycle_id": ["2026H1"],
            "cycle_order": [1],
            "rater_role": ["manager"],
            "rater_id": ["E0110"],
            "employee_id": ["E0133"],
            "score": [1.0],  # the 0-1 score of a 5
        }
    )
    fig = figures.person_history(ratings, "en", Unit("1-5", 1.0, 5.0))
    lo, hi = fig.layout.yaxis.range
    assert fig.data[0].y == (5.0,)
    assert 0.8 < lo < 1.0 and 5.0 < hi < 5.2, (lo, hi)


def test_the_scope_row_is_withheld_from_a_view_that_may_not_see_individuals(small_demo_db):
    """The department as a whole less its units shown is its units of one's grades (a head
    placed at the department itself): the analyst's view gets no scope row; HR gets it."""
    import duckdb

    from analytics.auth.pseudonym import dataset_key
    from analytics.auth.roles import Viewer
    from analytics.findings.report import build_findings
    from analytics.findings.visibility import view_for

    con = duckdb.connect(str(small_demo_db), read_only=True)
    try:
        (dept,) = con.execute(
            "SELECT department FROM employees GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        hr = build_findings(con, department=dept, sections=("guideline_scope",))
        view = view_for(Viewer("data@example.com", "analyst"), con, key=dataset_key(small_demo_db))
        assert not view.sees_individuals
        seen = build_findings(con, department=dept, sections=("guideline_scope",), view=view)
    finally:
        con.close()
    assert hr.sections["guideline_scope"].height == 1
    assert seen.sections["guideline_scope"].height == 0
