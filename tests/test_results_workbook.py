"""A standard Chinese per-person results workbook (rev23a's shape: 工号 / 考核人工号 / KPI得分 /
价值观得分 / 总分 / 绩效等级, a two-row title, a 合计/平均 row, one sheet with the cycle only
in its name) imports into an analysable dataset: the 考核人 is the person's manager and rates
them in that cycle, 总分 is their score (the company's 70/30, not a mean of the dimensions),
the cycle comes from the sheet's name with a line that says so, and appeal outcomes written
调整为合格 / 维持原等级 are read."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from analytics.ingest import pipeline as ingest
from analytics.ingest.detect import detect_file
from analytics.ingest.mapping import Mapping
from analytics.ingest.preview import view_file
from analytics.stats.person_score import person_scores
from analytics.store import db
from analytics.text.messages import render

HDR = ["工号", "姓名", "一级部门", "二级部门", "岗位", "职级", "考核人", "考核人工号", "隔级考核人"]
HDR += ["KPI得分", "价值观得分", "总分", "绩效等级"]
# (id, manager id per cycle, KPI, 价值观) of the 2025H1, 2025H2, 2026H1 rows
PEOPLE = {
    111: ((106, 106, 108), (90.6, 80.0, 85.0), (88.5, 70.0, 75.0)),
    112: ((106, 106, 106), (70.0, 72.0, 74.0), (90.0, 90.0, 90.0)),
    113: ((108, 108, 108), (60.0, 65.0, 80.0), (80.0, 85.0, 60.0)),
    114: ((108, 108, 108), (88.0, 86.0, 84.0), (70.0, 72.0, 74.0)),
}
CYCLES = ("2025年上半年", "2025年下半年", "2026年上半年")


def total(k: float, v: float) -> float:
    return round(0.7 * k + 0.3 * v, 1)


def _row(pid: int, c: int, as_text: bool) -> list:
    mgrs, ks, vs = PEOPLE[pid]
    pid_cell = f"{pid:06d}" if as_text else pid
    mgr_cell = f"{mgrs[c]:06d}" if as_text else mgrs[c]
    t = None if (pid, c) == (113, 2) else total(ks[c], vs[c])
    grade = "合格" if t is None else "优秀" if t >= 86 else "良好" if t >= 78 else "合格"
    kpi = f"{ks[c]:g}分" if (pid, c) == (114, 1) else ks[c]  # "85分" as the export writes it
    person = [pid_cell, f"员工{pid}", "生产中心", "冲压车间", "操作工", "P2", f"经理{mgrs[c]}"]
    return [*person, mgr_cell, "总监", kpi, vs[c], t, grade]


def _sheet(wb: Workbook, title: str, cycles: list[int], as_text: bool, with_cycle: bool):
    ws = wb.create_sheet(title)
    ws.append([f"XX制造有限公司 {title}绩效考核结果"])
    ws.append(["导出日期：2026-07-01 09:32", None, None, None, None, None, None, "导出人：hr"])
    ws.append((["考核周期"] if with_cycle else []) + HDR)
    for c in cycles:
        for pid in PEOPLE:
            ws.append(([CYCLES[c]] if with_cycle else []) + _row(pid, c, as_text))
    ws.append(([""] if with_cycle else []) + ["合计/平均", "共8人"])


def results_workbook(path: Path, cycle_in_2026: bool = False) -> Path:
    """rev23a's workbook, small: 说明, 2025年度 (a cycle column, ids as numbers), 2026年上半年
    (ids as text, the cycle only in the sheet's name and title unless ``cycle_in_2026``)."""
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["总分 = KPI得分 × 70% + 价值观得分 × 30%"])
    _sheet(wb, "2025年度", [0, 1], as_text=False, with_cycle=True)
    _sheet(wb, "2026年上半年", [2], as_text=True, with_cycle=cycle_in_2026)
    wb.save(path)
    return path


def _ratings(con) -> pl.DataFrame:
    return db.query(con, "SELECT * FROM reviews ORDER BY cycle_id, employee_id, dimension")


def _memory():
    return db.connect(":memory:")


def test_results_sheet_loads_manager_ratings_with_the_total_as_score(tmp_path):
    con = _memory()
    path = results_workbook(tmp_path / "绩效考核结果.xlsx", cycle_in_2026=True)
    res = ingest.import_file(con, path)
    r = _ratings(con)
    # every row: the 考核人工号's rating of the person in that cycle, role manager
    assert set(r.get_column("rater_role").unique()) == {"manager"}
    assert set(r.get_column("dimension").unique()) == {"KPI得分", "价值观得分", "总分"}
    assert r.filter(pl.col("dimension") == "总分").height == 11  # one 总分 left blank
    (missing,) = [p for code, p in res.warnings if code == "total_missing"]
    assert (missing["n"], missing["examples"]) == (1, ["000113 (2026H1)"])
    # the dimensions are kept, with weight 0: the score is the company's 总分
    dims = r.filter(pl.col("dimension") != "总分")
    assert dims.get_column("weight").to_list() == [0.0] * dims.height
    scores = person_scores(db.ratings_frame(con))
    s111 = scores.filter((pl.col("employee_id") == "000111") & (pl.col("cycle_id") == "2025H1"))
    assert s111.get_column("score").item() == pytest.approx(total(90.6, 88.5) / 100)  # 90.0
    assert s111.get_column("score").item() != pytest.approx((90.6 + 88.5) / 200)  # not 89.55
    # the manager change is kept per cycle: 000111 rated by 000106, then by 000108
    raters = (
        r.filter(pl.col("employee_id") == "000111")
        .group_by("cycle_id")
        .agg(pl.col("rater_id").unique())
    )
    by_cycle = {c: sorted(v) for c, v in raters.iter_rows()}
    assert by_cycle == {"2025H1": ["000106"], "2025H2": ["000106"], "2026H1": ["000108"]}
    # the guesses are said: the 考核人 is the manager, the columns not imported, 85分
    codes = dict(res.warnings)
    assert codes["roles_one_rater_manager"]["column"] == "考核人工号"
    assert codes["columns_not_imported"]["columns"] == ["岗位", "考核人", "隔级考核人"]
    assert codes["total_is_score"]["total"] == "总分"
    said = [render(c, "zh", **p) for c, p in res.warnings]
    assert any("以下列不导入：岗位、考核人、隔级考核人" in line for line in said)
    # the outcomes are loaded too
    n_out = con.execute("SELECT count(*) FROM outcomes").fetchone()[0]
    assert n_out == 12


def test_cycle_from_the_sheet_name(tmp_path):
    con = _memory()
    path = results_workbook(tmp_path / "绩效考核结果.xlsx")
    dets = [d for d, _ in detect_file(path)]
    assert [d.sheet for d in dets] == ["2025年度", "2026年上半年"]
    res = ingest.import_file(con, path)
    cycles = con.execute("SELECT DISTINCT cycle_id FROM reviews ORDER BY 1").fetchall()
    assert [c for (c,) in cycles] == ["2025H1", "2025H2", "2026H1"]
    line = [p for code, p in res.warnings if code == "cycle_from_sheet"]
    assert line == [{"file": path.name, "sheet": "2026年上半年", "column": "考核周期"}]
    # a manager change is said as one, kept per cycle (rev23a item 12), and "85分" is read
    notes = dict(res.notes + [n for d in res.detections for n in d.notes])
    assert notes["managers_changed"]["n"] == 1
    said = render("managers_changed", "zh", **notes["managers_changed"])
    assert "工号 000111" in said and "2025H1 上级 " in said and " → 2026H1 上级 " in said, said
    assert not [w for w in res.warnings if w[0] == "sheets_roster_conflict"]
    assert notes["scores_unit_read"]["examples"] == ["86分"]
    # the numbers of the 2025 sheet matched text ids of this file, nothing was stored before
    assert "ids_zeros_restored_file" in notes and "ids_zeros_restored" not in notes
    assert "周期取自工作表名称「2026年上半年」" in render("cycle_from_sheet", "zh", **line[0])
    assert "the cycle is taken from the sheet's name" in render("cycle_from_sheet", "en", **line[0])


def test_results_without_a_rater_say_so_before_import(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "2025年度"
    ws.append(["考核周期", "工号", "姓名", "总分", "绩效等级"])
    ws.append(["2025年上半年", "000111", "甲", 90.0, "优秀"])
    ws.append(["2025年上半年", "000112", "乙", 80.0, "良好"])
    wb.save(tmp_path / "x.xlsx")
    det = detect_file(tmp_path / "x.xlsx")[0][0]
    assert "reviews" not in det.tables
    assert [c for c, _ in det.warnings] == ["no_rater_results_only"]
    # said before the import: the Data page's preview shows it
    view, _ = view_file(db.connect(":memory:"), tmp_path / "x.xlsx", Mapping(), {}, lang="zh")
    assert "no_rater_results_only" in [c for c, _ in view.warnings]
    # into an empty dataset the import says it too; into one that already holds ratings with
    # raters (the demo's results workbook after its 360-degree file) the analyses are there
    con = _memory()
    alone = ingest.import_file(con, tmp_path / "x.xlsx")
    assert "no_rater_results_only" in [c for c, _ in alone.warnings]
    con = _memory()
    ingest.import_file(con, results_workbook(tmp_path / "r.xlsx", cycle_in_2026=True))
    after = ingest.import_file(con, tmp_path / "x.xlsx")
    assert "no_rater_results_only" not in [c for c, _ in after.warnings], after.warnings


def test_manager_column_names_the_rater_of_a_results_sheet(tmp_path):
    con = _memory()
    wb = Workbook()
    ws = wb.active
    ws.append(["考核周期", "工号", "直属上级工号", "KPI得分", "价值观得分", "总分"])
    ws.append(["2025年上半年", "000111", "000106", 90.6, 88.5, 90.0])
    ws.append(["2025年上半年", "000112", "000106", 70.0, 90.0, 76.0])
    wb.save(tmp_path / "m.xlsx")
    res = ingest.import_file(con, tmp_path / "m.xlsx")
    r = _ratings(con)
    assert set(r.get_column("rater_id").unique()) == {"000106"}
    assert set(r.get_column("rater_role").unique()) == {"manager"}
    assert "manager_column_as_rater" in [c for c, _ in res.warnings]


def test_appeal_outcomes_that_name_the_new_grade(tmp_path):
    con = _memory()
    path = results_workbook(tmp_path / "绩效考核结果.xlsx", cycle_in_2026=True)
    ingest.import_file(con, path)
    rows = [
        "工号,姓名,考核周期,申诉日期,原绩效等级,申诉理由,处理结果",
        "000111,员工111,2026年上半年,2026/7/3,合格,理由,调整为良好",
        "000112,员工112,2026年上半年,2026年7月5日,合格,理由,维持原等级",
        "000113,员工113,2026年上半年,2026/7/4,合格,理由,改为 B",
        "000114,员工114,2026年上半年,2026/7/4,合格,理由,处理中",
    ]
    csv = tmp_path / "绩效申诉记录.csv"
    csv.write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    res = ingest.import_file(con, csv)
    assert res.quarantined == 0
    got = con.execute(
        "SELECT employee_id, outcome, grade_after FROM appeals ORDER BY employee_id"
    ).fetchall()
    assert got == [
        ("000111", "overturned", "良好"),
        ("000112", "upheld", None),
        ("000113", "overturned", "B"),
        ("000114", None, None),
    ]


def _unnamed_sheet_book(path: Path) -> Path:
    """The 2025 sheet with its cycle column, and a sheet named 第二页 with neither a cycle
    column nor a cycle in its name."""
    wb = Workbook()
    wb.active.title = "说明"
    _sheet(wb, "2025年度", [0, 1], as_text=False, with_cycle=True)
    _sheet(wb, "第二页", [2], as_text=True, with_cycle=False)
    wb.save(path)
    return path


def test_a_sheet_without_a_cycle_does_not_block_the_others(tmp_path):
    con = _memory()
    path = _unnamed_sheet_book(tmp_path / "两页.xlsx")
    view, final = view_file(con, path, Mapping(), {}, lang="zh")
    refused = [tv.sheet for tv in view.tables if tv.problem is not None]
    assert refused == ["第二页"] and view.importable  # the good sheet can still be imported
    res = ingest.import_file(con, path, final)
    cycles = con.execute("SELECT DISTINCT cycle_id FROM reviews ORDER BY 1").fetchall()
    assert [c for (c,) in cycles] == ["2025H1", "2025H2"]
    (left,) = [p for code, p in res.warnings if code == "sheet_not_imported"]
    assert left["sheet"] == "第二页" and "考核周期" in left["reason"]
    assert "工作表「第二页」未导入（其他工作表已导入）" in render(
        "sheet_not_imported", "zh", **left
    )


def test_the_user_types_a_sheets_cycle(tmp_path):
    con = _memory()
    path = _unnamed_sheet_book(tmp_path / "两页.xlsx")
    chosen = Mapping(sheet_cycles={"第二页": "2026年上半年"})
    view, final = view_file(con, path, chosen, {}, lang="zh")
    assert all(tv.problem is None for tv in view.tables)
    res = ingest.import_file(con, path, final)
    cycles = con.execute("SELECT DISTINCT cycle_id FROM reviews ORDER BY 1").fetchall()
    assert [c for (c,) in cycles] == ["2025H1", "2025H2", "2026H1"]
    notes = res.note_lines("zh")
    assert any("按所选周期「2026年上半年」导入" in line for line in notes)
    assert not [w for w in res.warnings if w[0] == "cycle_from_sheet"]  # the user's, no guess


def test_the_command_line_is_told_its_own_way_to_map_a_column():
    """rev24b item 10: the CLI's warnings about unloaded or guessed columns named the Data
    page's “Column mapping”; the command line's words name a mapping file and --mapping, the
    page keeps its control."""
    from analytics.text.messages import render_page

    params = {
        "columns_not_imported": {"file": "f.xlsx", "sheet": "", "columns": ["岗位"]},
        "roles_one_rater_manager": {"file": "f.xlsx", "column": "考核人工号", "n": 3},
        "manager_column_as_rater": {"file": "f.xlsx", "sheet": "", "column": "上级工号"},
        "no_rater_results_only": {"file": "f.xlsx", "sheet": ""},
    }
    for code, p in params.items():
        for lang, control in (("zh", "“列映射”"), ("en", "“Column mapping”")):
            cli, page = render(code, lang, **p), render_page(code, lang, **p)
            assert "--mapping" in cli and "columns = {" in cli and control not in cli, cli
            assert control in page and "--mapping" not in page, page
