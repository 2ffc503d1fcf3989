"""Names beside ids (issue 19): tables and exports show the roster's name next to every
person id, without changing rows, their order or the other columns."""

from __future__ import annotations

import io

import openpyxl
import polars as pl

from analytics.findings.names import roster_names, with_names

ROSTER = pl.DataFrame(
    {
        "employee_id": ["E1", "E2", "M1", "E3"],
        "name": ["张伟", "李娜", "王芳", None],
        "department": ["研发", "研发", "研发", "研发"],
    }
)


def test_names_follow_their_ids_and_keep_rows():
    frame = pl.DataFrame(
        {
            "rater_id": ["M1", "X9", "M1"],
            "employee_id": ["E2", "E1", "E3"],
            "score": [0.5, 0.7, 0.9],
            "manager_from": ["M1", None, "E1"],
        }
    )
    out = with_names(frame, roster_names(ROSTER))
    assert out.columns == [
        "rater_id",
        "rater_name",
        "employee_id",
        "name",
        "score",
        "manager_from",
        "manager_from_name",
    ]
    assert out["rater_name"].to_list() == ["王芳", None, "王芳"]  # X9 is not on the roster
    assert out["name"].to_list() == ["李娜", "张伟", None]  # E3 has no name: null, not ""
    assert out["manager_from_name"].to_list() == ["王芳", None, "张伟"]
    assert out.select(frame.columns).equals(frame)


def test_no_roster_or_a_name_column_already_there_changes_nothing():
    frame = pl.DataFrame({"employee_id": ["E1"], "name": ["自带姓名"]})
    assert with_names(frame, roster_names(ROSTER)).equals(frame)
    assert with_names(frame.drop("name"), None).equals(frame.drop("name"))
    assert roster_names(ROSTER.drop("name")).height == 0


def test_workbook_has_names_beside_ids(demo_con):
    from analytics.export.report import to_xlsx
    from analytics.findings.report import build_findings

    findings = build_findings(
        demo_con, department="研发中心", sections=("raters", "high_potential")
    )
    roster = dict(demo_con.execute("SELECT employee_id, name FROM employees").fetchall())
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(findings, "zh")), read_only=True)
    checked = 0
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        header = list(rows[0])
        for id_head, name_head in (("评价人工号", "评价人姓名"), ("工号", "姓名")):
            if id_head not in header:
                continue
            i = header.index(id_head)
            assert header[i + 1] == name_head, header
            for row in rows[1:]:
                assert row[i + 1] == roster.get(row[i]), row
                checked += 1
    assert checked > 50, checked


def test_hovers_and_axes_name_people_while_clicks_carry_ids():
    from analytics.export import figures

    raters = pl.DataFrame(
        {
            "rater_id": ["M1", "X9"],
            "n": [30, 12],
            "effect": [0.1, -0.2],
            "ci95_low": [0.0, -0.3],
            "ci95_high": [0.2, -0.1],
            "flag": [None, "severe"],
        }
    )
    fig = figures.rater_effects_chart(with_names(raters, roster_names(ROSTER)), "zh")
    shown = {(tuple(tr.customdata), tuple(tr.text)) for tr in fig.data}
    assert shown == {(("M1",), ("M1 王芳",)), (("X9",), ("X9",))}
    recheck = pl.DataFrame({"employee_id": ["E1", "E3"], "self": [0.8, 0.6], "manager": [0.5, 0.4]})
    fig = figures.dumbbell(with_names(recheck, roster_names(ROSTER)), "zh")
    assert list(fig.data[0].y) == ["E1 张伟", "E3"] and list(fig.data[0].customdata) == ["E1", "E3"]


def test_a_few_rows_are_named_as_against_the_whole_roster():
    """:func:`with_few_names` narrows a large roster to the frame's ids before the join (a
    chart's points, a table's page: session 30) and gives exactly :func:`with_names`' frame:
    names after their ids, a null name for an id the roster lacks (also when it lacks all of
    them), a name column already there kept, rows and their order unchanged."""
    from analytics.findings.fewnames import with_few_names

    roster = roster_names(
        pl.concat(
            [
                ROSTER,
                pl.DataFrame(
                    {
                        "employee_id": [f"P{i}" for i in range(100)],
                        "name": [f"名{i}" for i in range(100)],
                        "department": ["研发"] * 100,
                    }
                ),
            ]
        )
    )
    frames = [
        pl.DataFrame(
            {
                "rater_id": ["M1", "X9", "P7", None],
                "employee_id": ["E2", "P3", "E3", "P3"],
                "manager_from": ["P99", None, "E1", "M1"],
                "score": [0.5, 0.7, 0.9, 0.1],
            }
        ),
        pl.DataFrame({"rater_id": ["X1", "X2"], "n": [3, 4]}),  # nobody on the roster
        pl.DataFrame({"employee_id": ["P1"], "name": ["自带姓名"], "rater_id": ["P2"]}),
        pl.DataFrame({"employee_id": [1, 2]}),  # not a string id: left as it is
    ]
    for frame in frames:
        assert frame.height * 8 < roster.height  # the narrowed path
        assert with_few_names(frame, roster).equals(with_names(frame, roster)), frame
    named = with_few_names(frames[0], roster)
    assert named["rater_name"].to_list() == ["王芳", None, "名7", None]
    assert named["manager_from_name"].to_list() == ["名99", None, "张伟", "王芳"]
    assert with_few_names(frames[1], roster)["rater_name"].to_list() == [None, None]
    # a chart given the roster names the points it draws as a chart of a named frame does
    from analytics.export import figures

    raters = pl.DataFrame(
        {
            "rater_id": ["M1", "X9", "P5"],
            "n": [30, 12, 8],
            "effect": [0.1, -0.2, 0.0],
            "ci95_low": [0.0, -0.3, -0.1],
            "ci95_high": [0.2, -0.1, 0.1],
            "flag": [None, "severe", None],
        }
    )
    fig = figures.rater_effects_chart(raters, "zh", names=roster)
    assert fig.to_json() == figures.rater_effects_chart(with_names(raters, roster), "zh").to_json()
    assert {t for tr in fig.data for t in tr.text} == {"M1 王芳", "X9", "P5 名5"}
