"""Messy HR exports left from session 44's import test (helper B, items 5, 8 and 10):

- a KPI attainment column (目标完成率 '85%', '120%') beside 1-5 competencies is a KPI's
  attainment, not a rating dimension on 0-100 whose 120% were quarantined as out of scale;
- the grades 优秀 / 称职 / 基本称职 / 不称职 of state-owned companies and the civil service are a
  known scale, ranked like the others.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.ingest import pipeline as ingest
from analytics.ingest.headers import is_attainment_header
from analytics.ingest.mapping import Mapping
from analytics.ingest.screen import percent_over_hundred
from analytics.store import db
from analytics.text import render
from analytics.text.messages import render_page
from tests.test_hr_export_imports import _csv
from tests.test_ingest import write_csv

RATES = ["120%", "95%", "85%", "101%", "72%"]


def _attainment_file(tmp_path: Path, header: str = "目标完成率") -> Path:
    rows = [
        f"E60{i:02d},员工{i},产品部,2025Q4,{rater},{role},{3 + i % 3},{4 - i % 2},{RATES[i]}"
        for i in range(5)
        for rater, role in ((f"E60{i:02d}", "自评"), ("E6100", "上级"))
    ]
    head = f"工号,姓名,部门,考核周期,评价人工号,评价关系,业绩,能力,{header}"
    return _csv(tmp_path / "attainment.csv", [head, *rows])


def test_an_attainment_column_is_a_kpi_not_a_rating(tmp_path):
    memory_con = db.connect(":memory:")
    res = ingest.import_file(memory_con, _attainment_file(tmp_path), lang="zh")
    assert res.quarantined == 0  # 120% and 101% were quarantined as out of scale
    dims = {d for (d,) in memory_con.execute("SELECT DISTINCT dimension FROM reviews").fetchall()}
    assert dims == {"业绩", "能力"}
    got = memory_con.execute(
        "SELECT employee_id, attainment FROM kpi_results WHERE kpi = '目标完成率' ORDER BY 1"
    ).fetchall()
    assert got == [(f"E60{i:02d}", pytest.approx(float(r[:-1]) / 100)) for i, r in enumerate(RATES)]
    ((code, params),) = [w for w in res.warnings if w[0] == "kpi_attainment_kept"]
    zh = render(f"import.{code}", "zh", **params)
    assert "目标完成率" in zh and "超过 100% 的值照常导入" in zh and "（评价维度）" in zh
    en = render(f"import.{code}", "en", **params)
    assert "hold target attainment and were loaded as KPIs" in en
    assert "list it under dimensions in a mapping file and import with --mapping" in en
    page = render_page(code, "en", **params)  # the Data page names its own control
    assert "set it to “(rating dimension)” in “Column mapping” above" in page
    assert "--mapping" not in page and "“（评价维度）”" in render_page(code, "zh", **params)
    assert "dimension_odd_scale" not in dict(res.warnings)


def test_percentages_past_100_under_another_header_are_no_rating(tmp_path):
    memory_con = db.connect(":memory:")
    res = ingest.import_file(memory_con, _attainment_file(tmp_path, "Q4 result"), lang="en")
    assert res.quarantined == 0
    dims = {d for (d,) in memory_con.execute("SELECT DISTINCT dimension FROM reviews").fetchall()}
    assert dims == {"业绩", "能力"}
    got = memory_con.execute("SELECT max(attainment) FROM kpi_results").fetchone()[0]
    assert got == pytest.approx(1.2)
    # a guess from the values alone: a warning, as for the header
    assert ("kpi_attainment_kept", {"file": "attainment.csv", "columns": ["Q4 result"]}) in (
        res.warnings
    )


def test_a_dimension_declared_in_the_mapping_stays_one(tmp_path):
    memory_con = db.connect(":memory:")
    path = _attainment_file(tmp_path)
    ingest.import_file(memory_con, path, Mapping(dimensions=["目标完成率"]), lang="en")
    dims = {d for (d,) in memory_con.execute("SELECT DISTINCT dimension FROM reviews").fetchall()}
    assert "目标完成率" in dims


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("目标完成率", True),
        ("KPI达成率(%)", True),
        ("Attainment", True),
        ("Achievement rate", True),
        ("% of target achieved", True),
        ("Achievement", False),  # a competency (achievement orientation)
        ("业绩", False),
        ("Completion", False),
    ],
)
def test_attainment_headers(header, expected):
    assert is_attainment_header(header) is expected


def test_percent_over_hundred():
    assert percent_over_hundred(pl.Series(["85%", "120%", None, ""]))
    assert not percent_over_hundred(pl.Series(["85%", "95%"]))  # 0-100 scores written with %
    assert not percent_over_hundred(pl.Series(["85", "120"]))


CIVIL = ["优秀", "称职", "称职", "基本称职", "不称职", "称职"]


def test_civil_service_grades_are_a_known_scale(tmp_path):
    memory_con = db.connect(":memory:")
    rows = [f"E50{i:02d},办公室,2025年度,{g}" for i, g in enumerate(CIVIL)]
    path = _csv(tmp_path / "results.csv", ["工号,部门,考核年度,考核结果", *rows])
    res = ingest.import_file(memory_con, path, lang="zh")
    said = dict(res.warnings + res.notes)
    assert "grade_column_no_scale" not in said  # "不属于任何已知等级制"
    zh = render("import.grade_column_scale", "zh", **said["grade_column_scale"])
    assert "优秀/称职/基本称职/不称职" in zh
    en = render("import.grade_column_scale", "en", **said["grade_column_scale"])
    assert "on the grade scale 优秀/称职/基本称职/不称职" in en
    # no default guideline (the rules cap 优秀 and set no other share): said, as for CN4
    assert "grade_column_no_guideline" in said


def test_civil_service_grades_rank_as_ratings(tmp_path):
    memory_con = db.connect(":memory:")
    rows = [
        f"E50{i:02d},2025年度,{rater},{role},{g}"
        for i, g in enumerate(CIVIL)
        for rater, role in ((f"E50{i:02d}", "自评"), ("E5100", "上级"))
    ]
    path = _csv(tmp_path / "ratings.csv", ["工号,考核年度,评价人工号,评价关系,总体评价", *rows])
    res = ingest.import_file(memory_con, path, lang="en")
    assert res.quarantined == 0
    got = dict(
        memory_con.execute(
            "SELECT DISTINCT score_raw, score FROM reviews WHERE rater_role = 'manager'"
        ).fetchall()
    )
    assert got == pytest.approx({"优秀": 1.0, "称职": 2 / 3, "基本称职": 1 / 3, "不称职": 0.0})
    scales = {s for (s,) in memory_con.execute("SELECT DISTINCT scale FROM reviews").fetchall()}
    assert scales == {"grade:CNGOV"}


@pytest.mark.parametrize(
    "code", ["scale_ambiguous", "grade_scale_ambiguous", "scale_conflict", "scales_changed"]
)
def test_the_page_refusals_point_up_to_the_scales(code):
    """The Data page shows a scale refusal under the Scales picker (and at the Import button,
    lower still): it said "under “Scales” below" (session 44, item 10)."""
    from analytics.text.catalogue import imports_page

    entry = imports_page.TEXT[f"import_page.{code}"]
    assert "上方“分制”" in entry["zh"] and "下方“分制”" not in entry["zh"]
    assert "“Scales” above" in entry["en"] and "“Scales” below" not in entry["en"]


RELATIONS = (("self", "自评"), ("M", "上级领导"), ("P1", "项目同事"), ("P2", "跨部门协作"))


def roles_file(path: Path) -> Path:
    """Six people rated by themselves, a 上级领导, a 项目同事 and a 跨部门协作 colleague, on
    two competencies: 36 of the 48 ratings under role words no known one names."""
    rows = []
    for i in range(1, 7):
        raters = {"self": f"E70{i:02d}", "M": "E7100", "P1": f"E70{i % 6 + 1:02d}", "P2": "E7200"}
        scores = (str(3 + i % 3), str(4 - i % 2))
        rows += [
            (f"E70{i:02d}", f"员工{i}", "研发部", "2025Q4", raters[r], rel, *scores)
            for r, rel in RELATIONS
        ]
    header = ["工号", "姓名", "部门", "考核周期", "评价人工号", "评价关系", "业绩", "能力"]
    return write_csv(path, header, rows)


def test_unknown_role_values_are_named_with_the_mapping_fix(tmp_path):
    con = db.connect(":memory:")
    path = roles_file(tmp_path / "roles.csv")
    res = ingest.import_file(con, path, lang="en")
    ((code, params),) = [w for w in res.warnings if w[0] == "roles_unknown"]
    assert params["values"] == ["上级领导", "项目同事", "跨部门协作"] and params["n"] == 36
    en = render(f"import.{code}", "en", **params)
    assert "the rater roles 上级领导, 项目同事, 跨部门协作 of column '评价关系'" in en
    assert 'roles = { "上级领导" = "manager" }' in en and "--mapping" in en
    zh = render(f"import.{code}", "zh", **params)
    assert "评价关系 上级领导、项目同事、跨部门协作 无法识别" in zh
    assert "这 36 条评分进入隔离区" in zh and "roles = {" in zh
    # the fix it names works
    con = db.connect(":memory:")
    roles = {"上级领导": "manager", "项目同事": "peer", "跨部门协作": "peer"}
    res = ingest.import_file(con, path, Mapping(roles=roles), lang="en")
    assert res.quarantined == 0 and "roles_unknown" not in dict(res.warnings)


def test_the_page_s_id_refusal_names_the_header_row(tmp_path):
    """The Data page's refusal of a file with no id column named no header row (the command
    line's did: "表头（第 1 行）的列：…"), so a user could not tell which row was read."""
    from analytics.ingest.preview import view_file

    path = _csv(tmp_path / "e.csv", ["Personnel no.,Name,Cycle,Score", "P1,Anna,2025Q4,4"])
    con = db.connect(":memory:")
    view, _ = view_file(con, path, lang="zh")
    (tv,) = view.tables
    assert "表头（第 1 行）的列：Personnel no.、Name、Cycle、Score" in tv.problem.message(
        "zh", page=True
    )
    en = tv.problem.message("en", page=True)
    assert "Columns of the header (row 1): Personnel no., Name, Cycle, Score." in en
    assert "“Column mapping” below" in en and "--mapping" not in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_line_warns_of_a_file_mostly_quarantined(tmp_path, capsys, lang):
    """75% of the rows held back printed as a note line under the counts, no warnings' block
    (session 44: exit 0 with 60% of a 360 file quarantined and not a warning). The exit code
    stays 0, as for every warning (README: 'warnings ... print in a block, exit code 0')."""
    from analytics import cli

    path = roles_file(tmp_path / "roles.csv")
    dbp = str(tmp_path / "p.duckdb")
    assert cli.main(["--lang", lang, "import", str(path), "--db", dbp]) == 0
    out = capsys.readouterr().out
    block = out.split(render("import.warnings_header", lang), 1)[1]
    said = {"file": "roles.csv", "rows": 18, "total": 24, "share": 0.75, "cells": 18}
    summary = render("import.quarantine_summary", lang, **said, import_id="X")
    assert summary.split("X")[0].rsplit(" ", 1)[0] in block
    assert ("75%" in block) and ("roles = {" in block)


def test_a_kpi_column_giving_one_person_two_values_is_said(tmp_path):
    """session 44's file: the self row says 120%, the manager row 95%; the first row's value
    was kept without a word."""
    path = _attainment_file(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0] + ",95%"  # E6000's manager row (row 3)
    _csv(path, lines)
    memory_con = db.connect(":memory:")
    res = ingest.import_file(memory_con, path, lang="en")
    ((code, params),) = [w for w in res.warnings if w[0] == "kpi_values_differ"]
    assert params["n"] == 1 and params["examples"] == ["E6000 2025Q4: 1.2 (2) / 0.95 (3)"]
    en = render(f"import.{code}", "en", **params)
    assert "gives 1 person different values on different rows of one cycle" in en
    assert "每人只导入第一行的值" in render(f"import.{code}", "zh", **params)
    got = memory_con.execute("SELECT attainment FROM kpi_results WHERE employee_id = 'E6000'")
    assert got.fetchone()[0] == pytest.approx(1.2)
