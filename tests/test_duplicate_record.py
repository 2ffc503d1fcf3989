"""A person listed twice in one cycle of a results workbook (rev24a item 2: 000317 in 2025H2,
the second row by another manager, 白涛建 000103, 3 points lower) is quarantined "keeping the
first row": then the second row is nowhere. Not in the ratings (000317 had three 2025H2
scores: 78.5 as imported, 77.0 = the mean of both rows as the adjusted table's raw score, and
about 77.6 on the chart), not among 000103's people, not as a manager change on /attribution
("000110 → 000103,000110"). The numbers are the reviewer's workbook's (/tmp/rev-rev23a/gen.py):
000317 is rated by 000110 in every cycle, KPI/价值观/总分 79.5/79.1/79.4, 78.1/79.6/78.5 and
82.9/81.3/82.4; the duplicate says 74.1/79.6/75.5 合格. Also its 101 (rev24a item 6): one
quarantine record and a line saying it is out of 0-100, not "总分为空"."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from analytics.calibration import evidence
from analytics.export import figures
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.person import outcomes_shown, person_frames, zero_weight_dimensions
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.units import unit_of
from analytics.ingest import pipeline as ingest
from analytics.ingest.managers import known_managers
from analytics.stats.person_score import person_scores
from analytics.store import db
from analytics.text import render as words
from analytics.text.messages import render

HDR = ["考核周期", "工号", "姓名", "一级部门", "二级部门", "岗位", "职级", "考核人", "考核人工号"]
HDR += ["隔级考核人", "KPI得分", "价值观得分", "总分", "绩效等级"]
CYCLES = ("2025年上半年", "2025年下半年", "2026年上半年")
# the reviewer's 000317 (曹红颖, rated by 陈怡桂 000110): KPI, 价值观, 总分 per cycle
P317 = ((79.5, 79.1, 79.4), (78.1, 79.6, 78.5), (82.9, 81.3, 82.4))
DUPLICATE = ("000317", "000103", (74.1, 79.6, 75.5), "合格")  # 2025H2, listed second
TEAMS = {"000110": ["000317", "000318", "000319", "000320"], "000103": ["000321", "000322"]}
TEAMS["000103"] += ["000323", "000324"]


def grade(t: float | None) -> str:
    return "合格" if t is None else "优秀" if t >= 86 else "良好" if t >= 78 else "合格"


def _scores(pid: str, c: int) -> tuple[float, float, float]:
    if pid == "000317":
        return P317[c]
    n = int(pid) - 317
    k, v = 70.0 + 3 * n + 2 * c, 75.0 + n - c
    return k, v, round(0.7 * k + 0.3 * v, 1)


def workbook(path: Path) -> Path:
    """One sheet, three cycles, two teams of four; 000317 twice in 2025H2 (the second row by
    000103, lower), and 000324's 2026H1 总分 written 101."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2025-2026"
    ws.append(HDR)
    for c, label in enumerate(CYCLES):
        for mgr, team in TEAMS.items():
            for pid in team:
                k, v, t = _scores(pid, c)
                if (pid, c) == ("000324", 2):
                    t = 101
                row = [label, pid, f"员工{pid[-3:]}", "生产中心", "冲压车间", "操作工", "P4"]
                ws.append([*row, f"经理{mgr[-3:]}", mgr, "总监", k, v, t, grade(t)])
                if (pid, c) == ("000317", 1):  # the reviewer's duplicate, right after
                    _, other, (k2, v2, t2), g2 = DUPLICATE
                    ws.append([*row, "白涛建", other, "总监", k2, v2, t2, g2])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    con = db.connect(":memory:")
    res = ingest.import_file(con, workbook(tmp_path_factory.mktemp("dup") / "结果.xlsx"))
    return con, res


def test_the_second_record_is_quarantined_whole_with_a_line(imported):
    con, res = imported
    q = db.query(con, "SELECT row_number, reason_code, reason_params FROM quarantine")
    dup = q.filter(pl.col("reason_code") == "conflicting_record")
    # the duplicate is row 11 (the header, 2025H1's 8 rows, then 000317 2025H2 twice)
    assert dup.select("row_number").to_series().to_list() == [11]
    said = render("conflicting_record", "zh", first="10")
    assert "保留第 10 行，本行整行不导入" in said
    warn = dict(res.warnings)["records_repeated"]
    assert (warn["n"], warn["examples"]) == (1, ["000317 (2025H2)"])
    # 8 people x 3 cycles x 3 columns: the duplicate's three are not the manager's (75 before)
    assert dict(res.warnings)["roles_one_rater_manager"]["n"] == 8 * 3 * 3


def test_the_duplicate_is_nowhere_in_the_data(imported):
    con, _ = imported
    r = db.query(
        con,
        "SELECT cycle_id, rater_id, dimension, score_raw FROM reviews "
        "WHERE employee_id = '000317' AND cycle_id = '2025H2' ORDER BY dimension",
    )
    assert r.rows() == [
        ("2025H2", "000110", "KPI得分", "78.1"),
        ("2025H2", "000110", "价值观得分", "79.6"),
        ("2025H2", "000110", "总分", "78.5"),
    ]
    out = db.query(
        con,
        "SELECT final_score_raw, grade FROM outcomes WHERE employee_id = '000317'"
        " AND cycle_id = '2025H2'",
    )
    assert out.rows() == [("78.5", "良好")]
    # 000103 never rated 000317: not as a known manager, not among their people
    pairs = known_managers(con).filter(pl.col("employee_id") == "000317")
    assert pairs.get_column("rater_id").unique().to_list() == ["000110"]
    theirs = person_frames(con, "000103")["rated_by_them"]
    assert "000317" not in theirs.get_column("employee_id").to_list()
    assert sorted(theirs.get_column("employee_id").unique()) == TEAMS["000103"]


def test_one_2025h2_score_for_000317_everywhere(imported):
    con, _ = imported
    scores = person_scores(db.ratings_frame(con))
    mine = scores.filter(pl.col("employee_id") == "000317").sort("cycle_id")
    assert mine.get_column("score").to_list() == pytest.approx([0.794, 0.785, 0.824])
    data = load_scope_lazy(con, Scope())
    adjusted = compute_section("adjusted", data).filter(pl.col("employee_id") == "000317")
    h2 = adjusted.filter(pl.col("cycle_id") == "2025H2").row(0, named=True)
    assert h2["raw"] == pytest.approx(0.785)  # was 0.770: the mean of both rows
    assert h2["n_raters"] == 1
    # the change into 2025H2 and out of it: from 79.4 to 78.5 to 82.4, by one manager
    att = compute_section("attribution", data).filter(pl.col("employee_id") == "000317")
    changes = dict(zip(att["to_cycle"], att["change"], strict=True))
    assert changes == pytest.approx({"2025H2": 0.785 - 0.794, "2026H1": 0.824 - 0.785})
    assert not att.get_column("manager_changed").fill_null(False).any()
    # no team "changed" to 000103 and back (/attribution read "000110 → 000103,000110")
    moved = compute_section("manager_changes", data)
    named = pl.concat_str(pl.col("manager_from", "manager_to").cast(pl.String), separator=" ")
    assert not moved.select(named.str.contains("000103").any()).item()


def test_101_is_quarantined_once_and_said_out_of_range(imported):
    con, res = imported
    q = db.query(con, "SELECT row_number, raw_value, reason_code FROM quarantine")
    assert q.filter(pl.col("raw_value") == "101").rows() == [(26, "101", "out_of_scale")]
    codes = [c for c, _ in res.warnings]
    assert "total_missing" not in codes  # no 总分 is empty
    (line,) = [p for c, p in res.warnings if c == "total_out_of_scale"]
    assert (line["n"], line["examples"], line["scale"]) == (1, ["000324 (2026H1) 101"], "0-100")
    assert "超出 0-100 的范围" in render("total_out_of_scale", "zh", **line)
    assert "outside the range 0-100" in render("total_out_of_scale", "en", **line)


def test_the_person_page_shows_the_score_the_analyses_use(imported):
    """rev24a items 3, 7, 8: the chart's manager line is the 总分 (82.4 in 2026H1, not the
    mean 82.2 of KPI 82.9, 价值观 81.3 and 总分), the raters' table and the meeting's
    evidence say the same, the outcome is in points only, the header names the manager."""
    con, _ = imported
    rec = person_frames(con, "000317")
    ratings = rec["ratings"]
    assert zero_weight_dimensions(ratings) == ["KPI得分", "价值观得分"]
    fig = figures.person_history(ratings, "zh", unit_of(con, ()))
    (line,) = fig.data
    assert list(line.x) == ["2025H1", "2025H2", "2026H1"]
    assert list(line.y) == pytest.approx([79.4, 78.5, 82.4])  # not 79.33, 78.73, 82.2
    assert list(line.customdata) == [1, 1, 1]  # the one 总分 a cycle counts
    who = evidence.raters_of(ratings.filter(pl.col("cycle_id") == "2026H1"), None, "000317")
    assert who.select("rater_id", "n_given").rows() == [("000110", 3)]
    assert who["mean_given"].item() == pytest.approx(0.824)
    src = evidence.sources(ratings.filter(pl.col("cycle_id") == "2026H1"))
    assert src["mean_given"].item() == pytest.approx(0.824)
    # 000110's view of their people: the 总分, as everyone's score
    theirs = person_frames(con, "000110")["rated_by_them"]
    mine = theirs.filter((pl.col("employee_id") == "000317") & (pl.col("cycle_id") == "2026H1"))
    assert mine["mean_score"].item() == pytest.approx(0.824)
    # one 0-100 scale: the final score in its points, no 0-1 column; the manager is named
    shown = outcomes_shown(rec["outcomes"], ratings)
    assert "final_score_01" not in shown.columns
    assert shown.select("final_score_raw", "scale").row(0) == ("79.4", "0-100")
    assert rec["employee"]["manager_id"].to_list() == ["000110"]
    for lang in ("zh", "en"):
        said = words("person.zero_weight", lang, dims=["KPI得分", "价值观得分"])
        assert said.startswith("KPI得分") and ("权重为 0" in said or "weigh 0" in said)


def test_a_results_only_table_drops_the_second_record_whole(tmp_path):
    """No rater column: the later row's grade is not loaded, nor its department (the roster
    takes a person's last row, which was the quarantined one)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["考核周期", "工号", "姓名", "部门", "总分", "绩效等级"])
    ws.append(["2025年上半年", "000111", "甲", "生产中心", 90.0, "优秀"])
    ws.append(["2025年上半年", "000112", "乙", "生产中心", 80.0, "良好"])
    ws.append(["2025年上半年", "000111", "甲", "销售中心", 70.0, "合格"])
    wb.save(tmp_path / "r.xlsx")
    con = db.connect(":memory:")
    res = ingest.import_file(con, tmp_path / "r.xlsx")
    out = db.query(con, "SELECT employee_id, grade FROM outcomes ORDER BY 1")
    assert out.rows() == [("000111", "优秀"), ("000112", "良好")]
    dept = con.execute("SELECT department FROM employees WHERE employee_id = '000111'")
    assert dept.fetchone() == ("生产中心",)
    q = db.query(con, "SELECT row_number, reason_code FROM quarantine")
    assert q.rows() == [(4, "conflicting_record")]
    assert dict(res.warnings)["records_repeated"]["n"] == 1
