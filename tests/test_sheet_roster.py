"""A workbook whose results sheet carries 团队 and 直属上级 and whose 360 sheet does not: the
roster keeps the results sheet's team and manager (rev21 item 2), and two sheets that give a
person different details are said in a warning naming the sheets and rows."""

from __future__ import annotations

import pytest

from analytics.ingest import pipeline as ingest
from analytics.store import db
from analytics.text.render import render

RESULTS_HEADER = ("工号", "姓名", "部门", "团队", "直属上级", "考核周期", "最终得分", "绩效等级")
DETAIL_HEADER = ("工号", "姓名", "部门", "考核周期", "评价人工号", "评价关系", "考核维度", "得分")
PEOPLE = [  # id, name, department, team, manager
    (1001.0, "梁丹", "销售中心", None, None),
    (1002.0, "龚丹", "销售中心", "华东区", 1001.0),
    (1003.0, "王伟", "销售中心", "华东区", 1002.0),
    (1004.0, "李娜", "销售中心", "华南区", 1001.0),
]


def _book(path, detail_dept=None):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    res = wb.add_worksheet("考核结果")
    res.write(0, 0, "2026上半年绩效考核结果导出")  # a title row above the header
    res.write_row(1, 0, RESULTS_HEADER)
    for i, (eid, name, dept, team, mgr) in enumerate(PEOPLE, start=2):
        res.write_row(i, 0, (eid, name, dept, team, mgr, "2026上半年", 60.0 + i * 5, "B"))
    res.write_row(len(PEOPLE) + 2, 0, ("合计", None, None, None, None, None, 330.0))
    det = wb.add_worksheet("360评价明细")
    det.write(0, 0, "360度评价明细")
    det.write_row(1, 0, DETAIL_HEADER)
    r = 2
    for eid, name, dept, _, _ in PEOPLE:
        if detail_dept and eid == 1003.0:
            dept = detail_dept
        for dim, score in (("业绩", 4.0), ("能力", 3.5)):
            det.write_row(r, 0, (eid, name, dept, "2026上半年", eid, "自评", dim, score))
            r += 1
    det.write_row(r, 0, ("合计", None, None, None, None, None, None, 30.0))
    wb.close()


def test_results_sheet_team_and_manager_reach_the_roster(tmp_path):
    path = tmp_path / "导出.xlsx"
    _book(path)
    con = db.connect(":memory:")
    res = ingest.import_file(con, path)
    roster = db.query(
        con, "SELECT employee_id, department, team, manager_id FROM employees ORDER BY 1"
    )
    assert roster.rows() == [
        ("1001", "销售中心", None, None),
        ("1002", "销售中心", "华东区", "1001"),
        ("1003", "销售中心", "华东区", "1002"),
        ("1004", "销售中心", "华南区", "1001"),
    ]
    assert not [w for w in res.warnings if w[0] == "sheets_roster_conflict"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sheets_disagreeing_on_a_person_are_named(tmp_path, lang):
    path = tmp_path / "导出.xlsx"
    _book(path, detail_dept="研发中心")
    con = db.connect(":memory:")
    res = ingest.import_file(con, path, lang=lang)
    found = [p for code, p in res.warnings if code == "sheets_roster_conflict"]
    assert len(found) == 1
    w = found[0]
    assert (w["employee"], w["column"], w["n"]) == ("1003", "部门", 1)
    assert {w["sheet"], w["other_sheet"]} == {"考核结果", "360评价明细"}
    assert {w["value"], w["other_value"]} == {"销售中心", "研发中心"}
    # results sheet: row 4 (title, header, 1001, 1002 above); detail sheet: its rows 7-8
    rows = {w["sheet"]: w["row"], w["other_sheet"]: w["other_row"]}
    assert rows["考核结果"] == 5
    assert rows["360评价明细"] in (7, 8)
    text = render("import.sheets_roster_conflict", lang, **w)
    assert "1003" in text and "360评价明细" in text
    team = db.query(con, "SELECT team, manager_id FROM employees WHERE employee_id = '1003'")
    assert team.rows() == [("华东区", "1002")]


def test_person_outcome_names_the_final_scores_own_scale(tmp_path):
    """The results sheet's 0-100 final score beside 1-5 ratings: the person's outcome row says
    0-100 (rev21 item 5: it said 1-5, the ratings' scale)."""
    from analytics.findings.person import outcomes_shown, person_frames

    path = tmp_path / "导出.xlsx"
    _book(path)
    con = db.connect(":memory:")
    ingest.import_file(con, path)
    rec = person_frames(con, "1003")
    assert rec["ratings"]["scale"].unique().to_list() == ["1-5"]
    shown = outcomes_shown(rec["outcomes"], rec["ratings"])
    # one scale: the score as imported is its points, no 0-1 column beside it (rev24a item 7)
    assert shown.select("final_score_raw", "scale").rows() == [("80", "0-100")]
    assert "final_score_01" not in shown.columns
    assert "final_scale" not in shown.columns
