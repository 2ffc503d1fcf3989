"""What the last reviews left (left31), each on a small case worked by hand."""

from __future__ import annotations

import polars as pl

from analytics.export.report import to_csv
from analytics.findings.headlines import guideline_counts, unit_words
from analytics.findings.sections import with_excess_intervals
from analytics.findings.stories import blank_reasons, joint_pairs, shift_sentences
from analytics.findings.units import Unit
from analytics.ingest.ids import plan_ids
from analytics.stats.distributions import inflation_trend, recorded_top_grades
from analytics.text import render, render_column
from tests.frames import two_cycle_grades


def test_an_a_to_d_company_counts_its_own_top_grades_not_s_plus_a():
    """rev30b item 11: A/B/C/D grades were read on the S-D scale ("S+A share", counting A
    only). With the guideline A 15 / B 60 / C 20 / D 5 the top grade is A (before the largest
    share, as the guideline table counts it); without one, the scale's top bands A+B (as
    优秀+良好 of 优秀-待改进); S-D keeps S+A."""
    abcd = {"A": 0.15, "B": 0.60, "C": 0.20, "D": 0.05}
    assert recorded_top_grades(["B", "A", "C", "D"], abcd) == ["A"]
    assert recorded_top_grades(["B", "A", "C", "D", "ａ"], abcd) == ["A", "ａ"]
    assert recorded_top_grades(["B", "A", "C", "D"]) == ["A", "B"]
    assert recorded_top_grades(["S", "B", "C"]) == ["S", "A"]
    assert recorded_top_grades(["甲", "乙"], {"甲": 0.3, "乙": 0.7}) == ["甲"]
    # cycle 1: A, B, C, D -> 1 A of 4; cycle 2: A, A, B, C -> 2 of 4
    grades = ["A", "B", "C", "D", "A", "A", "B", "C"]
    kept = inflation_trend(two_cycle_grades(grades), guideline=abcd)
    assert kept["top_grades"].unique().to_list() == ["A"]
    assert kept["n_top"].to_list() == [1, 2]
    alone = inflation_trend(two_cycle_grades(grades))
    assert alone["top_grades"].unique().to_list() == ["A+B"]
    assert alone["n_top"].to_list() == [2, 3]


def test_ids_folded_to_the_files_case_are_counted_once_and_said_as_the_files():
    """rev30b item 12: 8 ids written "e0053 " and "e0053" in a new dataset were said as "16 ids
    written in upper case to match the existing ids", "e0053 → E0053" listed twice. Each
    cleaned id counts once; with nothing stored, the case is the file's other ids'."""
    file_ids = ["E0001", "E0002", "E0053", "e0053 ", "e0053", "E0054", "e0054"]
    notes = dict(plan_ids(file_ids, set(), file="p.csv", columns=["Employee ID"]).notes)
    said = notes["ids_case_folded_upper_file"]
    assert said["n"] == 2 and said["examples"] == ["e0053 → E0053", "e0054 → E0054"]
    assert "ids_case_folded_upper" not in notes
    en = render("import.ids_case_folded_upper_file", "en", **said)
    assert "2 ids written in upper case like the file's other ids" in en
    assert "按文件中其他工号统一为大写" in render("import.ids_case_folded_upper_file", "zh", **said)
    stored = dict(plan_ids(["e0053 ", "e0053"], {"E0001"}, file="p.csv").notes)
    assert stored["ids_case_folded_upper"]["n"] == 1


def test_the_reliability_sentences_say_when_the_icc_cannot_be_estimated():
    """rev30b item 15: a manager-only company's reliability said alpha cannot be estimated
    and nothing of the ICC, whose rows are missing where no one has its 3 raters."""
    frame = pl.DataFrame(
        {
            "cycle_id": ["2025H2", "2026H1", "2026H1", "2026H1"],
            "measure": [*["krippendorff_alpha_interval"] * 2, "ICC1", "ICC1k"],
            "value": [None, 0.4, 0.3, 0.5],
            "reason": [{"code": "one_identified_rater", "params": None}, None, None, None],
        }
    )
    said = blank_reasons(frame)
    icc = [b for b in said if b["measure"] == "ICC"]
    assert len(icc) == 1 and icc[0]["cycles"] == ["2025H2"]
    en = render("raters.reliability_blank", "en", **icc[0])
    assert en == (
        "ICC(1) and ICC(1,k) cannot be estimated in 2025H2: no one has 3 identified raters"
        " (the ICC's nested design takes 3 raters of each person)."
    )
    zh = render("raters.reliability_blank", "zh", **icc[0])
    assert zh.startswith("2025H2：ICC(1) 与 ICC(1,k)无法估计，没有人有 3 位可识别的评价人")


def test_a_filtered_scopes_split_names_its_individual_part_so_that_it_adds_up():
    """rev30b item 16: Sales + IC3 read "mean change -0.59 …, of which company -0.13,
    department -0.35, rater 0.00": the individual part was unsaid. It is said, as the rest of
    the change as written: -0.59 + 0.13 + 0.35 - 0.00 = -0.11 (rounded on its own, -0.100
    would read -0.10). On 1-5 a point is 0.25 of the 0-1 score."""
    shifts = pl.DataFrame(
        {"dept": ["Sales"], "from_cycle": ["2025H2"], "to_cycle": ["2026H1"], "n": [17]}
        | {"department": [-0.354 / 4], "ci95_low": [-0.59 / 4], "ci95_high": [-0.11 / 4]}
        | {"significant": [True]}
    )
    points = {"change": -0.588, "company": -0.134, "department": -0.354, "rater": 0.0}
    changes = pl.DataFrame(
        {"dept": ["Sales"], "from_cycle": ["2025H2"], "to_cycle": ["2026H1"]}
        | {k: [v / 4] for k, v in points.items()}
        | {"individual": [-0.100 / 4]}
    )
    out = shift_sentences(shifts, changes, None, Unit("1-5", 1.0, 5.0))
    en, zh = (render_column(out["story"], lang, "story")[0] for lang in ("en", "zh"))
    assert en.endswith(
        "mean change -0.59 points (1-5), of which company -0.13, department environment -0.35 "
        "(95% interval -0.59 to -0.11), change of rater 0.00, individual -0.11."
    ), en
    assert zh.endswith(
        "其中全公司 -0.13、部门环境 -0.35（95%区间 -0.59 至 -0.11）、评价人变化 0.00、个人因素 -0.11。"
    ), zh


def test_the_guideline_csv_writes_excesses_to_one_decimal_and_intervals_as_numbers():
    """rev30b item 17: the guideline table's CSV read "-5.0" beside "18.333" and its intervals
    "'-10.3% to +5.1%" (the apostrophe that keeps a spreadsheet from running a leading sign as
    a formula). Excesses to one decimal, as their intervals; each interval as two numbers."""
    frame = with_excess_intervals(
        pl.DataFrame(
            {
                "unit": ["Sales"],
                "top_excess": [-0.05],
                "top_excess_lo": [-0.103],
                "top_excess_hi": [0.051],
                "bottom_excess": [0.183333],
                "bottom_excess_lo": [0.066],
                "bottom_excess_hi": [0.309],
            }
        )
    ).select("unit", "top_excess", "top_excess_ci", "bottom_excess", "bottom_excess_ci")
    for lang, low in (
        ("en", "Top-grade excess 95% low (uncorrected) (%)"),
        ("zh", "高等级超出95%下限（未校正）（%）"),
    ):
        text = to_csv(frame, lang).decode("utf-8-sig")
        head, row = text.splitlines()
        assert low in head.split(",")
        assert row == "Sales,-5.0,-10.3,5.1,18.3,6.6,30.9" and "'" not in text


def test_the_guideline_lines_call_a_departments_teams_teams():
    """A department scope's guideline rows are its teams: its headline said "1 of 3
    departments" (部门). The word follows the unit column (teams in a leaf department, a team or
    a manager's reach; departments at the company)."""
    fit = pl.DataFrame(
        {
            "unit": ["Sales Team A", "Sales Team B", "Sales Team C", "Sales Team D"],
            "cycle_id": ["2026H1"] * 4,
            "n": [9, 8, 7, 2],
            "people_to_move": [3, 0, 0, 0],
            "significant": [True, False, False, False],
            "direction": ["deflated", "in_line", "in_line", None],
            "judged": [True, True, True, False],
        }
    )
    teams = guideline_counts(fit, "team")
    zh = render("overview.headline_guideline", "zh", **teams)
    en = render("overview.headline_guideline", "en", **teams)
    assert zh.startswith("2026H1 周期：3 个团队中 1 个偏离") and "（另有 1 个团队人数过少" in zh
    assert "部门" not in zh and "department" not in en
    assert "in 1 of 3 teams (Sales Team A)" in en and "the many teams compared" in en
    page = render("dist.off_units", "en", k=1, **teams)
    assert page.startswith("1 team off the guideline beyond chance (allowing for the many teams")
    assert render("dist.off_units", "zh", k=1, **teams).startswith("1 个团队偏离")
    whole = guideline_counts(fit)  # the company's units: departments, as before
    assert "in 1 of 3 departments" in render("overview.headline_guideline", "en", **whole)
    assert unit_words("your_team") == "team" and unit_words("department", 1) == "department_one"


def test_a_dominant_departments_pair_is_explained_once_and_each_line_is_short():
    """rev30a's 2026-09→2026-10: every department's line said again that 技术中心 holds more
    than half of the people. The pair's note names it once; the lines say only that company
    and department cannot be separated."""
    reason = [
        {"code": "department_shift_joint", "params": {"dominant": "技术中心"}},
        {"code": "department_shift_joint_other", "params": {"dominant": "技术中心"}},
    ]
    shifts = pl.DataFrame(
        {
            "dept": ["技术中心", "产品中心"],
            "from_cycle": ["2026-09"] * 2,
            "to_cycle": ["2026-10"] * 2,
            "environment_joint": [True, True],
            "flag_reason": reason,
        }
    )
    joint = joint_pairs(shifts)
    params = {"dept": "产品中心", "from_cycle": "2026-09", "to_cycle": "2026-10", "n": 56}
    params |= {"mean": 0.8, "lo": 0.01, "hi": 1.6, "dominant": "技术中心", "score_scale": "0-100"}
    for lang, why, apart in (
        ("zh", "技术中心 占一半以上人员", "公司与部门环境无法分开"),
        ("en", "技术中心 holds more than half of the people", "cannot be separated"),
    ):
        note = render("attr.environment_joint_pairs", lang, **joint)
        assert note.startswith(
            f"2026-09→2026-10（{why}）" if lang == "zh" else f"2026-09→2026-10 ({why})"
        )
        line = render("reason.department_shift_joint_other", lang, **params)
        assert apart in line and "技术中心" not in line and len(line) < 200, (
            line
        )  # was 290 in English
