"""fiximp31 (rev31a 1, 4, 5, 7): a workbook whose sheets carry different fields for the same
records (最终结果: grade and score; 潜力: potential) is joined, each field from the sheet that
has it; a field two sheets give different values is quarantined or warned, never dropped; the
preview counts what the import writes. A totals row labelled in the first column is skipped,
not quarantined; a typo'd department is listed once per person and offered as a typo."""

from __future__ import annotations

import polars as pl
import xlsxwriter

from analytics import schema as S
from analytics.ingest.pipeline import import_file
from analytics.ingest.preview import view_file
from analytics.store import db
from analytics.text import render

GRADES = ["优秀", "良好", "合格", "待改进", "不合格"]


def two_sheet_workbook(path, people: int = 6, potential_clash: bool = False) -> None:
    """Her shape, small: 最终结果 (员工编号/考核周期/最终等级/总分) for ``people`` people in two
    cycles, 潜力 (员工编号/姓名/考核周期/潜力评级) for the latest cycle's first ``people - 1``
    and one person only 潜力 has (left before the score sheet was cut)."""
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet("最终结果")
        ws.write_row(0, 0, ["员工编号", "考核周期", "最终等级", "总分"])
        r = 1
        for cycle in ("2026Q1", "2026Q2"):
            for i in range(people):
                ws.write_row(r, 0, [str(1001 + i), cycle, GRADES[i % 5], 3.0 + 0.1 * i])
                r += 1
        ws = wb.add_worksheet("潜力")
        ws.write_row(0, 0, ["员工编号", "姓名", "考核周期", "潜力评级"])
        for i in range(people - 1):
            level = "高" if i % 2 else "中"
            if potential_clash and i == 0:
                level = "低"
            ws.write_row(i + 1, 0, [str(1001 + i), f"员工{i}", "2026Q2", level])
        ws.write_row(people, 0, ["1999", "离职者", "2026Q2", "低"])


def _outcomes(con) -> pl.DataFrame:
    return con.sql(
        f"SELECT employee_id, cycle_id, grade, final_score_raw, potential "
        f"FROM {S.OUTCOMES.name} ORDER BY cycle_id, employee_id"
    ).pl()


def test_sheets_with_different_fields_for_the_same_records_are_joined(tmp_path):
    path = tmp_path / "华峰.xlsx"
    two_sheet_workbook(path)
    con = db.connect(tmp_path / "a.duckdb")
    view, _ = view_file(con, path)
    assert view.problem is None
    # the import writes 12 + 1 records: 最终结果's 12, 潜力 its one new person; its 5 others
    # join 最终结果's records, said on the sheet with the column it adds
    assert [tv.rows_to_load for tv in view.tables] == [12, 1]
    joined = [p for c, p in view.tables[1].notes if c == "sheets_joined"]
    assert joined == [
        {"file": "华峰.xlsx [潜力]", "n": 5, "columns": ["潜力评级"], "sheets": ["最终结果"]}
    ]
    res = import_file(con, path)
    assert res.loaded["outcomes"] == 13
    codes = [c for c, _ in res.notes + res.warnings]
    assert "sheets_joined" in codes and "sheets_repeat" not in codes
    assert not res.quarantined
    out = _outcomes(con)
    q2 = out.filter(pl.col("cycle_id") == "2026Q2")
    # each field from the sheet that has it: grade and score from 最终结果, potential from 潜力
    assert q2.get_column("potential").to_list() == ["中", "高", "中", "高", "中", None, "低"]
    assert q2.get_column("grade").to_list()[:6] == [*GRADES, "优秀"]
    assert q2.get_column("final_score_raw").to_list()[1] == "3.1"
    assert q2.row(6) == ("1999", "2026Q2", None, None, "低")
    line = render("import.sheets_joined", "zh", **joined[0])
    assert "5 条记录" in line and "潜力评级" in line and "最终结果" in line
    assert "5 records" in render("import.sheets_joined", "en", **joined[0])


def test_a_potential_two_sheets_disagree_on_is_quarantined_with_both_named(tmp_path):
    path = tmp_path / "b.xlsx"
    two_sheet_workbook(path, potential_clash=True)
    # the clash: 1001 in 2026Q2 has no potential in 最终结果; a third sheet gives another
    with xlsxwriter.Workbook(path) as wb:
        for name, level in (("潜力", "中"), ("潜力复核", "低")):
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, ["员工编号", "考核周期", "潜力评级"])
            ws.write_row(1, 0, ["1001", "2026Q2", level])
            ws.write_row(2, 0, ["1002", "2026Q2", "高"])
    con = db.connect(tmp_path / "b.duckdb")
    res = import_file(con, path)
    warned = [p for c, p in res.warnings if c == "sheets_conflict"]
    assert warned and warned[0]["column"] == "潜力评级" and warned[0]["n"] == 1
    assert {warned[0]["sheet"], warned[0]["other_sheet"]} == {"潜力", "潜力复核"}
    assert _outcomes(con).select("employee_id", "potential").rows() == [("1002", "高")]
    assert res.quarantined == 2


def test_a_totals_row_labelled_in_the_first_column_is_skipped_and_said(tmp_path):
    path = tmp_path / "r.csv"
    lines = ["考核周期,员工编号,姓名,部门,评价人工号,评价关系,得分"]
    lines += [f"2026Q2,{1001 + i},员工{i},质量部,{1001 + i},自评,{3 + i % 2}" for i in range(4)]
    lines += ["合计,,,,,,14", "总计 4 人,,,,,,14"]
    path.write_bytes("\n".join(lines).encode("gb18030"))
    con = db.connect(tmp_path / "r.duckdb")
    view, _ = view_file(con, path)
    assert view.tables[0].data_rows == 4 and view.tables[0].held_back.height == 0
    res = import_file(con, path)
    assert res.quarantined == 0 and res.loaded["reviews"] == 4
    skipped = [p for c, p in res.notes if c == "summary_rows_skipped"]
    assert skipped == [{"file": "r.csv", "n": 2, "rows": ["6:合计", "7:总计 4 人"]}]


def test_a_typod_department_lists_each_person_once_and_is_said_as_a_typo(tmp_path):
    lines = ["考核周期,员工编号,姓名,部门,评价人工号,评价关系,得分"]
    for cycle in ("2025Q1", "2025Q2"):
        for i in range(6):
            for rater in range(3):
                # 1001 writes 质量郡 once in both cycles, 1002 and 1003 in 2025Q1, 1004 in 2025Q2
                typo = rater == 0 and (i == 0 or ((i in (1, 2)) == (cycle == "2025Q1") and i < 4))
                dept = "质量郡" if typo else "质量部"
                lines.append(f"{cycle},{1001 + i},员工{i},{dept},{2001 + rater},同事,3")
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    con = db.connect(tmp_path / "t.duckdb")
    res = import_file(con, path)
    two = dict(res.warnings)["department_two_in_cycle"]
    # four people, three shown, each once with every cycle of theirs
    assert two["n"] == 4
    assert two["people"] == [
        "1001 员工0: 2025Q1 质量郡 / 质量部; 2025Q2 质量郡 / 质量部 → 质量部",
        "1002 员工1: 2025Q1 质量郡 / 质量部 → 质量部",
        "1003 员工2: 2025Q1 质量郡 / 质量部 → 质量部",
        "…",
    ]
    typo = dict(res.warnings)["unit_near_duplicate_same_people"]
    assert (typo["value"], typo["like"], typo["n"], typo["n_like"]) == ("质量郡", "质量部", 4, 6)
    for lang, word in (("zh", "笔误"), ("en", "typo")):
        line = render("import.unit_near_duplicate_same_people", lang, **typo)
        assert word in line and "质量郡" in line and "质量部" in line


def test_a_potential_from_a_later_cycle_than_the_last_rating_is_not_called_earlier():
    from analytics.findings.headlines import potential_lines
    from analytics.stats.potential import potential_check

    # 汪静1542: rated until 2025Q3 (left), her potential only in the 2026Q2 sheet
    profile = pl.DataFrame(
        {
            "employee_id": ["1542", "1543"],
            "potential_source": ["outcome", "outcome"],
            "potential_score": [0.5, 1.0],
            "pct_adjusted": [0.4, 0.6],
            "latest_cycle": ["2025Q3", "2026Q2"],
            "potential_cycle": ["2026Q2", "2026Q2"],
        }
    )
    lines = dict(potential_lines(potential_check(profile)))
    params = lines["pot.check_outcome_earlier"]
    assert params == {"n": 1, "all": 2, "cycles": ["2026Q2"]}
    zh = render("pot.check_outcome_earlier", "zh", **params)
    en = render("pot.check_outcome_earlier", "en", **params)
    assert "另一期（2026Q2）" in zh and "较早" not in zh
    assert "another cycle (2026Q2)" in en and "earlier" not in en


def test_a_comment_two_sheets_give_differently_keeps_the_first_and_is_warned(tmp_path):
    path = tmp_path / "c.xlsx"
    head = ["工号", "考核周期", "评价人工号", "评价关系", "得分", "评语"]
    with xlsxwriter.Workbook(path) as wb:
        for name, note in (("汇总", "稳定"), ("生产中心", "需加强")):
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, head)
            ws.write_row(1, 0, ["1001", "2026Q2", "1009", "上级", 4, note])
            ws.write_row(2, 0, ["1002", "2026Q2", "1009", "上级", 3, "好"])
    con = db.connect(tmp_path / "c.duckdb")
    view, _ = view_file(con, path)
    res = import_file(con, path)
    warned = [p for c, p in res.warnings if c == "sheets_field_differs"]
    assert warned == [p for c, p in view.warnings if c == "sheets_field_differs"]
    assert len(warned) == 1
    w = warned[0]
    assert (w["n"], w["column"], w["sheet"], w["row"], w["value"]) == (1, "评语", "汇总", 2, "稳定")
    assert (w["other_sheet"], w["other_row"], w["other_value"]) == ("生产中心", 2, "需加强")
    assert w["record"] == "2026Q2 1001 1009"  # cycle, person, rater: no codes
    stored = con.sql("SELECT employee_id, comment FROM reviews ORDER BY 1").fetchall()
    assert stored == [("1001", "稳定"), ("1002", "好")]
    for lang in ("zh", "en"):
        assert "生产中心" in render("import.sheets_field_differs", lang, **w)
