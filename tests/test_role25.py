"""What a manager and a department head see of raters and how their scope is named (rev25b
items 1, 6, 7): a manager's own rater row is shown and the rows his role is not shown are
said in the report, never an empty "raters" with no word; the scope, the units and the
guideline are named by his team, not "Company" and "财务部"; a department outside his team's
is refused as it is for a department head."""

from __future__ import annotations

import io
import json
import shutil

import openpyxl
import polars as pl
import pytest

from analytics import cli
from analytics.auth.roles import LOCAL_ADMIN, Viewer
from analytics.export import report as export
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.visibility import OutOfScope, view_for
from analytics.text import render, render_column
from tests.readonly import reading


@pytest.fixture(scope="module")
def demo(demo_db, tmp_path_factory):
    """The demo copied (the report command reads the file) and a reader of it."""
    path = tmp_path_factory.mktemp("role25") / "perflens.duckdb"
    shutil.copyfile(demo_db, path)
    with reading(path) as c:
        yield path, c


@pytest.fixture(scope="module")
def con(demo):
    return demo[1]


@pytest.fixture(scope="module")
def boss(con) -> dict:
    """A manager whose people are one roster team, and who rates them as manager: the team,
    its department and the manager's own department (outside which lies another)."""
    found = con.execute(
        """SELECT e.manager_id, any_value(e.team), any_value(e.department)
           FROM employees e
           WHERE e.manager_id IS NOT NULL AND e.team IS NOT NULL
           GROUP BY 1 HAVING count(*) BETWEEN 10 AND 40 AND count(DISTINCT e.team) = 1
              AND count(DISTINCT e.department) = 1
              AND e.manager_id IN (SELECT rater_id FROM reviews WHERE rater_role = 'manager')
           ORDER BY 1 LIMIT 1"""
    ).fetchone()
    manager, team, department = found
    other = con.execute(
        "SELECT DISTINCT split_part(department, '/', 1) FROM employees "
        "WHERE split_part(department, '/', 1) <> split_part($d, '/', 1) ORDER BY 1 LIMIT 1",
        {"d": department},
    ).fetchone()[0]
    return {"id": manager, "team": team, "department": department, "other": other}


def test_a_manager_sees_his_own_rater_row_and_how_many_are_not_shown(con, boss):
    view = view_for(Viewer("m@example.com", "manager", employee_id=boss["id"]), con)
    assert boss["id"] not in view.allowed  # not in his own team, yet his own standard
    data = load_scope_lazy(con, view.clip(Scope()))
    every = compute_section("raters", data)
    shown = view.frame(every)
    assert boss["id"] in every["rater_id"].to_list()
    assert shown["rater_id"].to_list() == [boss["id"]]  # the others: peers or outsiders
    assert view.left_out(every) == every.height - 1 > 0
    # his own row is no key to anyone else's: a colleague's row stays out
    others = every.filter(pl.col("rater_id") != boss["id"])
    assert view.frame(others).is_empty()
    # the administrator is shown every row, so nothing is left out for him
    assert view_for(LOCAL_ADMIN, con).left_out(every) == 0


def test_a_department_heads_rater_rows_are_her_subtrees_and_the_rest_counted(con):
    view = view_for(Viewer("li.na@example.com", "dept_head", ("研发中心",)), con)
    data = load_scope_lazy(con, view.clip(Scope()))
    every = compute_section("raters", data)
    shown = view.frame(every)
    assert shown.height and set(shown["rater_id"].to_list()) <= view.allowed
    assert view.left_out(every) == every.height - shown.height > 0


def test_a_department_outside_a_managers_team_is_refused(con, boss):
    view = view_for(Viewer("m@example.com", "manager", employee_id=boss["id"]), con)
    with pytest.raises(OutOfScope) as exc:
        view.clip(Scope(department=boss["other"]))
    assert exc.value.code == "department_outside"
    assert "is not in your scope" in exc.value.message("en")
    with pytest.raises(OutOfScope) as exc:
        view.clip(Scope(team=boss["team"] + "-other"))
    assert exc.value.code == "team_outside"
    # the department his people are in, and any above it, hold his team: narrowed, not refused
    top = boss["department"].split("/")[0]
    for dept in (boss["department"], top):
        clipped = view.clip(Scope(department=dept))
        assert clipped.people == view.reach.people and clipped.department == dept
    assert view.clip(Scope(team=boss["team"])).team == boss["team"]


def test_a_managers_scope_and_units_are_named_by_his_team(con, boss):
    view = view_for(Viewer("m@example.com", "manager", employee_id=boss["id"]), con)
    clipped = view.clip(Scope())
    assert clipped.teams == (boss["team"],)
    assert clipped.label("en") == f"all cycles / your team ({boss['team']})"
    assert clipped.label("zh") == f"全部周期 / 你的团队（{boss['team']}）"
    data = load_scope_lazy(con, clipped)
    summary = compute_section("summary", data)
    assert render_column(summary["scope"], "en", "unit").to_list() == [
        f"all cycles / your team ({boss['team']})"
    ]
    assert render_column(summary["scope"], "zh", "unit").to_list() == [
        f"全部周期 / 你的团队（{boss['team']}）"
    ]
    # his units: one, "your team" (left25, rev23b item 11: tests/test_left25.py)


def test_several_subtrees_are_named_as_the_scope_not_the_company(con):
    depts = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT department FROM employees WHERE department LIKE '%/%' ORDER BY 1"
        ).fetchall()
    ]
    deep = depts[0]
    other = next(d for d in depts if d.split("/")[0] != deep.split("/")[0]).split("/")[0]
    view = view_for(Viewer("bp@example.com", "hrbp", (deep, other)), con)
    clipped = view.clip(Scope())
    summary = compute_section("summary", load_scope_lazy(con, clipped))
    for lang, cycles in (("en", "all cycles"), ("zh", "全部周期")):
        said = render_column(summary["scope"], lang, "unit")[0]
        assert said == f"{cycles} / {deep} + {other}", said  # not "Company" / "全公司"
        assert said == clipped.label(lang)


@pytest.fixture()
def roles_file(tmp_path, boss):
    roles = tmp_path / "roles.toml"
    roles.write_text(
        f'k = 3\n[users."mgr@example.com"]\nrole = "manager"\nemployee_id = "{boss["id"]}"\n',
        encoding="utf-8",
    )
    return roles


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_as_a_manager_says_which_rater_rows_it_leaves_out(
    demo,
    con,
    boss,
    roles_file,
    tmp_path,
    lang,
):
    out = tmp_path / "m.json"
    base = ["--lang", lang, "report", "--db", str(demo[0]), "--roles", str(roles_file)]
    assert cli.main([*base, "--out", str(out), "--as", "mgr@example.com"]) == 0
    report = json.loads(out.read_text("utf-8"))
    assert [r["rater_id"] for r in report["raters"]] == [boss["id"]]
    view = view_for(Viewer("m", "manager", employee_id=boss["id"]), con)
    total = compute_section("raters", load_scope_lazy(con, view.clip(Scope()))).height
    role = [k for k in report["rows_left_out"] if k["rule"]["code"] == "report.role_rule_raters"]
    assert [(k["section"], k["shown"], k["total"]) for k in role] == [("raters", 1, total)]
    words = render("report.role_rule_raters", lang)
    assert words in role[0]["text"] and str(total) in role[0]["text"]
    named = render("auth.team_reach_named", lang, teams=boss["team"])
    assert report["scope"]["label"].endswith(named)
    assert report["scope"]["scope"]["text"].endswith(named)
    # the workbook says it too, on its sheet of rows left out
    findings = build_findings(con, view=view)
    assert findings.left_out["raters"] == total - 1
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(findings, lang)), read_only=True)
    sheet = book[render("report.kept_sheet", lang)]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any(words in c for c in cells), cells


def test_report_as_a_manager_for_a_department_outside_is_refused(
    demo,
    boss,
    roles_file,
    tmp_path,
    capsys,
):
    out = tmp_path / "m.json"
    base = ["--lang", "en", "report", "--db", str(demo[0]), "--roles", str(roles_file)]
    args = [*base, "--out", str(out), "--as", "mgr@example.com", "--department", boss["other"]]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "is not in your scope" in err
    assert "To get access, ask " in err  # as the dashboard says it (s45 A item 2)
    assert not out.exists()
