"""rev29a's import findings (fiximp29): a 评估期 / 评估人编号 / 评估类型 / 指标 / 分值 export
and a 最终等级 sheet load with no mapping."""

from __future__ import annotations

from pathlib import Path

from analytics.ingest.detect import detect_file


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_reviewers_headers_are_known(tmp_path):
    """rev29a item 7: refused ("no cycle column"), then read as a KPI table with 评估人编号,
    评估类型 and 分值 not loaded; 最终等级 refused as no result."""
    head = "员工编号,员工姓名,一级部门,二级部门,岗位职级,评估期,评估人编号,评估类型,指标,权重,分值"
    rows = _csv(
        tmp_path / "r.csv",
        [head, "00412,罗秀英,制造中心,机加车间,P4,2025Q4,00903,上级评价,产量达成,40%,2.5"],
    )
    (det, _), *_ = detect_file(rows)
    assert det.shape == "long" and "kpi_results" not in det.tables
    assert det.mapping == {
        "员工编号": "employee_id",
        "员工姓名": "name",
        "一级部门": "department",
        "二级部门": "team",
        "岗位职级": "level",
        "评估期": "cycle",
        "评估人编号": "rater_id",
        "评估类型": "rater_role",
        "指标": "dimension",
        "权重": "weight",
        "分值": "score",
    }
    grades = _csv(tmp_path / "g.csv", ["员工编号,评估期,最终等级", "00412,2025Q4,B"])
    (det, _), *_ = detect_file(grades)
    assert det.mapping["最终等级"] == "grade" and "outcomes" in det.tables
    # a KPI sheet keeps 指标 as its KPI: target and actual beside it, no rater
    kpis = _csv(tmp_path / "k.csv", ["工号,评估期,指标,目标值,实际值", "1,2025Q4,产量,10,9"])
    (det, _), *_ = detect_file(kpis)
    assert det.mapping["指标"] == "kpi" and "kpi_results" in det.tables


def test_users_add_checks_the_department_in_the_named_dataset(tmp_path, capsys, no_model_fit):
    """rev29a item 10: ``users add --department 质量部`` asked only the default (demo) dataset
    and refused; ``--dataset 王磊制造`` checks it there. (The imports fit no model: the
    departments are the roster's.)"""
    from analytics import cli
    from analytics.text import render

    db = str(tmp_path / "perflens.duckdb")
    head = "工号,姓名,部门,考核周期,评价人工号,评价关系,考核维度,得分"
    demo = _csv(tmp_path / "d.csv", [head, "1,甲,产品中心,2025H1,9,上级,业绩,3"])
    mine = _csv(tmp_path / "m.csv", [head, "2,乙,质量部,2025H1,8,上级,业绩,4"])
    assert cli.main(["import", str(demo), "--db", db, "--quiet"]) == 0
    assert cli.main(["import", str(mine), "--db", db, "--dataset", "王磊制造", "--quiet"]) == 0
    capsys.readouterr()
    roles = str(tmp_path / "roles.toml")
    add = ["--lang", "en", "users", "add", "w@x.cn", "--role", "dept_head", "--roles", roles]
    add += ["--department", "质量部", "--db", db]
    assert cli.main(add) == 2  # the default dataset has no 质量部: named, with the way out
    err = capsys.readouterr().err
    assert "质量部" in err and "产品中心" in err and "--dataset" in err
    assert cli.main([*add, "--dataset", "王磊制造"]) == 0
    assert "质量部" in capsys.readouterr().out
    assert cli.main([*add, "--dataset", "没有"]) == 2  # an unknown dataset: refused
    assert render("cli.users_department_unknown", "zh", departments=["x"], known=[], dataset="d")


def test_a_decimal_comma_and_two_departments_in_a_cycle_are_said(tmp_path):
    """rev29a items 9 and 11: "4,5" became 4.5 with no line saying so; 00409, in 制造中心 and
    质量部 in 2026Q2 and in 制造中心 in 2026Q3, was said as moving 制造中心 → 质量部."""
    from analytics.ingest.pipeline import import_file
    from analytics.store import db
    from analytics.text import render

    head = "工号,姓名,部门,考核周期,评价人工号,评价关系,考核维度,得分"
    lines = [head]
    for cycle in ("2026Q2", "2026Q3"):
        for i in range(1, 6):
            lines.append(f"0040{i},员工{i},制造中心,{cycle},00901,上级,产量,{i % 5 + 1}")
    lines[3] = '00403,员工3,制造中心,2026Q2,00901,上级,产量,"4,5"'  # the file's row 4
    lines.append("00409,徐涛,制造中心,2026Q2,00901,上级,产量,3")
    lines.append("00409,徐涛,质量部,2026Q2,00902,上级,质量,4")
    lines.append("00409,徐涛,制造中心,2026Q3,00901,上级,产量,3")
    path = _csv(tmp_path / "r.csv", lines)
    con = db.connect(str(tmp_path / "t.duckdb"))
    result = import_file(con, path)
    said = dict(result.warnings)
    assert said["scores_decimal_comma"]["n"] == 1
    assert said["scores_decimal_comma"]["examples"] == ["4:得分 “4,5” → 4.5"]
    score = con.execute(
        "SELECT score FROM reviews WHERE employee_id = '00403' AND cycle_id = '2026Q2'"
    )
    assert score.fetchall() == [(0.875,)]  # 4.5 on 1-5
    two = said["department_two_in_cycle"]
    assert two["n"] == 1 and two["people"] == ["00409 徐涛: 2026Q2 制造中心 / 质量部 → 制造中心"]
    assert "department_movers" not in said  # not a move: both in one cycle
    dept = con.execute("SELECT department FROM employees WHERE employee_id = '00409'")
    assert dept.fetchall() == [("制造中心",)]
    for lang in ("zh", "en"):
        assert "4,5" in render("import.scores_decimal_comma", lang, **said["scores_decimal_comma"])
        assert "质量部" in render("import.department_two_in_cycle", lang, **two)


def test_recheck_headline_names_the_sources_held_and_counts_agree():
    """rev29a item 12: "manager and peer/self disagree" in a dataset with no peers; "1
    department changes sit"."""
    import polars as pl

    from analytics.findings.headlines import headlines
    from analytics.text import render

    def said(**cols) -> str:
        (h,) = headlines({"recheck": pl.DataFrame(cols)})
        return render(h.code, "en", **h.params)

    both = said(self=[3.0, None], peer=[None, 4.0])
    assert both == "2 cases where manager and peer/self disagree enough to re-check"
    assert said(self=[3.0, 2.0], peer=[None, None]) == (
        "2 cases where manager and self disagree enough to re-check"
    )
    assert (
        said(self=[None], peer=[4.0])
        == "1 case where manager and peers disagree enough to re-check"
    )
    (h,) = headlines({"recheck": pl.DataFrame({"self": [1.0], "peer": [None]})})
    assert render(h.code, "zh", **h.params) == "1 个案例上级与自评分歧过大，需复核"
    one = render("overview.headline_rater_change", "en", n=1)
    assert one.startswith("1 department change sits in")
    assert render("overview.headline_rater_change", "en", n=2).startswith(
        "2 department changes sit"
    )
