"""Calibration sessions (issue 21): moves with reasons, undo, sign-off, the audit trail,
optimistic concurrency, the live guideline fit, the what-if and the bonus pool, against
hand-worked examples."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from analytics import schema as S
from analytics.calibration import sessions
from analytics.calibration.moves import Move, Refused
from analytics.store import access, db
from analytics.text import render

T0 = datetime(2026, 12, 4, 9, 0, 0)


def _db(tmp_path):
    """Eight people in 研发中心 (two teams below it) and two in 销售中心, graded in 2025Q4."""
    path = tmp_path / "c.duckdb"
    people = [
        ("E1", "张三", "研发中心", "S"),
        ("E2", "李四", "研发中心/平台", "A"),
        ("E3", "王五", "研发中心/平台", "A"),
        ("E4", "赵六", "研发中心/平台", "B"),
        ("E5", "钱七", "研发中心/应用", "B"),
        ("E6", "孙八", "研发中心/应用", "B"),
        ("E7", "周九", "研发中心/应用", "C"),
        ("E8", "吴十", "研发中心/应用", None),
        ("E9", "郑一", "销售中心", "A"),
        ("E10", "冯二", "研发中心X", "D"),  # a sibling name: not in the subtree
    ]
    emp = pl.DataFrame(
        {
            "employee_id": [p[0] for p in people],
            "name": [p[1] for p in people],
            "department": [p[2] for p in people],
        }
    )
    out = pl.DataFrame(
        {
            "cycle_id": ["2025Q4"] * len(people),
            "employee_id": [p[0] for p in people],
            "grade": [p[3] for p in people],
        }
    )
    with access.writing(path) as con:
        for table, frame in ((S.EMPLOYEES, emp), (S.OUTCOMES, out)):
            rows = table.conform(frame)  # noqa: F841
            con.execute(f"INSERT INTO {db.q(table.name)} SELECT * FROM rows")
    return path


@pytest.fixture
def session(tmp_path):
    path = _db(tmp_path)
    sid = sessions.create(path, cycle="2025Q4", department="研发中心", author="hr", at=T0)
    return path, sid


def test_create_takes_the_subtree_and_the_imported_grades(session):
    path, sid = session
    s = sessions.load(path, sid)
    assert s.row["status"] == "draft" and s.row["start"] == "imported"
    assert s.grades["employee_id"].to_list() == [f"E{i}" for i in range(1, 9)]
    assert s.grades["final"].to_list() == ["S", "A", "A", "B", "B", "B", "C", None]
    assert s.grades["final"].to_list() == s.grades["proposed"].to_list()
    assert s.audit.select("seq", "action", "to_value").rows() == [(1, "create", "draft")]


def test_moves_need_a_reason_and_are_audited(session):
    path, sid = session
    with pytest.raises(Refused) as e:
        sessions.apply(path, sid, [Move("E2", "B", "kpi_evidence", "  ", 0)], "hr")
    assert e.value.code == "no_reason"
    with pytest.raises(Refused) as e:
        sessions.apply(path, sid, [Move("E2", "B", "gut_feeling", "x", 0)], "hr")
    assert e.value.code == "bad_category"
    with pytest.raises(Refused) as e:
        sessions.apply(path, sid, [Move("E2", "X", "other", "x", 0)], "hr")
    assert e.value.code == "bad_grade"
    assert len(sessions.load(path, sid).audit) == 1  # refusals write nothing
    at = datetime(2026, 12, 4, 9, 5)
    changed, same = sessions.apply(
        path,
        sid,
        [Move("E2", "B", "kpi_evidence", "KPI 62%", 0), Move("E4", "B", "other", "same", 0)],
        "hr",
        at,
    )
    assert (changed, same) == (1, 1)
    s = sessions.load(path, sid)
    assert s.row["status"] == "in_progress"
    e2 = s.grades.filter(pl.col("employee_id") == "E2").row(0, named=True)
    assert (e2["final"], e2["proposed"], e2["version"]) == ("B", "A", 1)
    last = s.audit.row(-1, named=True)
    assert (last["employee_id"], last["from_value"], last["to_value"], last["author"]) == (
        "E2",
        "A",
        "B",
        "hr",
    )
    assert (last["reason_category"], last["reason_text"], last["at"]) == (
        "kpi_evidence",
        "KPI 62%",
        at,
    )


def test_a_stale_move_is_refused_naming_the_other_change(session):
    path, sid = session
    # two people opened the session at version 0 of E3; the manager saves first
    sessions.apply(path, sid, [Move("E3", "S", "peer_evidence", "led the launch", 0)], "li", T0)
    with pytest.raises(Refused) as e:
        sessions.apply(path, sid, [Move("E3", "B", "rater_effect", "lenient rater", 0)], "hr")
    assert e.value.code == "stale"
    assert e.value.params == {
        "person": "E3",
        "who": "li",
        "when": "2026-12-04 09:00:00+00:00",  # with its zone (left30 item 4)
        "before": "A",
        "after": "S",
    }
    assert "li" in e.value.message("zh") and "E3" in e.value.message("en")
    s = sessions.load(path, sid)
    assert s.grades.filter(pl.col("employee_id") == "E3")["final"].item() == "S"
    # based on the version now current, it goes through
    sessions.apply(path, sid, [Move("E3", "A", "rater_effect", "lenient rater", 1)], "hr")
    assert (
        sessions.load(path, sid).grades.filter(pl.col("employee_id") == "E3")["version"].item() == 2
    )


def test_undo_takes_back_ones_own_last_move_only(session):
    path, sid = session
    sessions.apply(path, sid, [Move("E5", "A", "kpi_evidence", "a", 0)], "hr")
    sessions.apply(path, sid, [Move("E6", "C", "kpi_evidence", "b", 0)], "hr")
    sessions.apply(path, sid, [Move("E7", "B", "peer_evidence", "c", 0)], "li")
    (row,) = sessions.undo(path, sid, "hr")  # hr's last: E6 B -> C, taken back
    assert (row["employee_id"], row["from_value"], row["to_value"], row["undoes"]) == (
        "E6",
        "C",
        "B",
        3,
    )
    (row,) = sessions.undo(path, sid, "hr")  # then E5
    assert row["employee_id"] == "E5"
    with pytest.raises(Refused) as e:
        sessions.undo(path, sid, "hr")
    assert e.value.code == "nothing_to_undo"
    s = sessions.load(path, sid)
    assert s.grades["final"].to_list()[4:7] == ["B", "B", "B"]
    assert s.audit["action"].to_list() == ["create", "move", "move", "move", "undo", "undo"]
    # someone else changed the person since: undo would overwrite it
    sessions.apply(path, sid, [Move("E1", "A", "other", "x", 0)], "hr")
    sessions.apply(path, sid, [Move("E1", "B", "other", "y", 1)], "li")
    with pytest.raises(Refused) as e:
        sessions.undo(path, sid, "hr")
    assert e.value.code == "stale" and e.value.params["who"] == "li"


def test_sign_off_closes_and_reopen_needs_a_reason(session):
    path, sid = session
    sessions.apply(path, sid, [Move("E2", "B", "kpi_evidence", "k", 0)], "hr")
    sessions.sign_off(path, sid, "boss", datetime(2026, 12, 4, 10, 0))
    s = sessions.load(path, sid)
    assert (s.row["status"], s.row["signed_by"]) == ("closed", "boss")
    with pytest.raises(Refused) as e:
        sessions.apply(path, sid, [Move("E4", "A", "other", "x", 0)], "hr")
    assert e.value.code == "closed"
    with pytest.raises(Refused):
        sessions.reopen(path, sid, "boss", "other", "")
    sessions.reopen(path, sid, "boss", "other", "appeal upheld")
    s = sessions.load(path, sid)
    assert s.row["status"] == "in_progress" and s.row["signed_by"] is None
    assert s.audit["action"].to_list()[-2:] == ["signoff", "reopen"]
    assert s.grades.filter(pl.col("employee_id") == "E2")["final"].item() == "B"
    listed = sessions.list_sessions(path)
    assert listed.select("session_id", "headcount", "grades_changed").rows() == [(sid, 8, 1)]


def test_a_failed_write_loses_nothing_confirmed(session, monkeypatch):
    path, sid = session
    sessions.apply(path, sid, [Move("E2", "B", "kpi_evidence", "k", 0)], "hr")

    def boom(*a, **k):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(sessions, "_insert", boom)  # the audit insert fails mid-change
    with pytest.raises(RuntimeError):
        sessions.apply(path, sid, [Move("E4", "A", "other", "x", 0)], "hr")
    s = sessions.load(path, sid)
    assert s.grades.filter(pl.col("employee_id") == "E4")["final"].item() == "B"
    assert s.grades.filter(pl.col("employee_id") == "E2")["final"].item() == "B"
    assert len(s.audit) == 2


def test_grades_outside_the_guideline_are_refused(tmp_path):
    path = _db(tmp_path)
    with pytest.raises(Refused) as e:
        sessions.create(
            path, cycle="2025Q4", department="研发中心", author="hr", guideline={"A": 0.5, "B": 0.5}
        )
    assert e.value.code == "grades_outside" and e.value.params["grades"] == ["C", "S"]
    # the refusal names the cycle and who holds them, so a typo is fixed at its source (rev22)
    words = e.value.message("zh")
    assert "2025Q4" in words and e.value.params["n"] >= 1
    assert all(p.split()[0] in words for p in e.value.params["people"])
    assert e.value.params["people"][0].startswith("E") and "(" in e.value.params["people"][0]
    with pytest.raises(Refused) as e:
        sessions.create(path, cycle="2024Q4", department="研发中心", author="hr")
    assert e.value.code == "empty_scope"


# --------------------------------------------------------------------------------------------
# live fit, what-if, bonus: hand-worked
# --------------------------------------------------------------------------------------------
from analytics.calibration import bonus, fit  # noqa: E402


def test_live_fit_counts_the_final_grades_against_the_guideline():
    grades = pl.DataFrame({"final": ["S", "S", "A", "B", "B", "B", "B", "C", "C", "D", None]})
    out = fit.live_fit(grades, {"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05})
    # n = 10: targets S 1, A 2, B 5, C 2 (1.5 and D's 0.5 tie: the larger share), D 0
    assert out["target_count"].to_list() == [1, 2, 5, 2, 0]
    assert out["diff_count"].to_list() == [1, -1, -1, 0, 1]
    assert out["people_to_move"].unique().to_list() == [2]  # S -> A, D -> B


def test_what_if_on_a_hand_worked_unit():
    se = [0.05, 0.05, 0.05, 0.1, 0.05]
    adj = [0.9, 0.7, 0.6, 0.5, 0.2]
    adjusted = pl.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3", "E4", "E5"],
            "adjusted": adj,
            "se": se,
            "ci95_low": [a - 1.96 * s for a, s in zip(adj, se)],
            "ci95_high": [a + 1.96 * s for a, s in zip(adj, se)],
        }
    )
    current = pl.DataFrame(
        {"employee_id": ["E1", "E2", "E3", "E4", "E5"], "final": ["B", "A", "B", "C", "C"]}
    )
    out = fit.what_if(adjusted, current, {"A": 0.2, "B": 0.6, "C": 0.2})
    # targets A 1, B 3, C 1; boundaries (0.9+0.7)/2 = 0.8 and (0.5+0.2)/2 = 0.35
    # E4 (0.5, 95% interval 0.304..0.696) straddles 0.35: the one close call
    assert out.select("employee_id", "what_if_grade", "move_direction", "close_call").rows() == [
        ("E4", "B", "up", True),
        ("E1", "A", "up", False),
        ("E2", "B", "down", False),
        ("E5", "C", "same", False),
        ("E3", "B", "same", False),
    ]
    assert out["boundary_score"].to_list() == pytest.approx([0.35, 0.8, 0.8, 0.35, 0.8])
    assert out["z"].to_list() == pytest.approx([1.5, 2.0, -2.0, -3.0, -4.0])


def test_bonus_pool_is_spent_exactly_by_largest_remainder():
    people = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d"],
            "department": ["x", "x", "y", "y"],
            "grade": ["A", "B", "B", "D"],
        }
    )
    out = bonus.allocate(people, 100.0)
    # weights 1.5, 1, 1, 0 of 3.5: exact 42.857142..., 28.571428..., 28.571428..., 0
    # cents: floors 4285, 2857, 2857 = 9999; the cent left goes to the largest remainder
    # (.714 of a's 4285.714 against .142 of b and c)
    assert out["bonus_amount"].to_list() == [42.86, 28.57, 28.57, 0.0]
    assert sum(out["bonus_amount"]) == pytest.approx(100.0)
    # three equal weights of 100.00: 33.33 each + 1 cent, tie to the smallest id
    eq = bonus.allocate(people.head(3).with_columns(grade=pl.lit("B")), 100)
    assert eq["bonus_amount"].to_list() == [33.34, 33.33, 33.33]
    dept = bonus.department_totals(out)
    assert dept.rows() == [("x", 2, 71.43), ("y", 2, 28.57)]


def test_bonus_by_rank_with_a_base_column_and_the_change_of_moves():
    people = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c"],
            "department": ["x", "x", "y"],
            "score": [0.9, 0.5, 0.5],
            "base": [1000.0, 2000.0, 1000.0],
        }
    )
    out = bonus.allocate(people, 1000, scheme="rank", base="base")
    # ranks 1, 2.5, 2.5 -> weights 3, 1.5, 1.5; times base: 3000, 3000, 1500 of 7500
    assert out["weight"].to_list() == [3000.0, 3000.0, 1500.0]
    assert out["bonus_amount"].to_list() == [400.0, 400.0, 200.0]
    moved = people.with_columns(imported=pl.lit("B"), final=pl.Series(["A", "B", "C"]))
    before = bonus.allocate(moved.with_columns(grade=pl.col("imported")), 300)
    after = bonus.allocate(moved.with_columns(grade=pl.col("final")), 300)
    # weights 1.5, 1, 0.5 of 3: 150, 100, 50
    cols = ["employee_id", "bonus_before", "bonus_after", "bonus_change"]
    assert bonus.changed_amounts(before, after).select(cols).rows() == [
        ("a", 100.0, 150.0, 50.0),
        ("c", 100.0, 50.0, -50.0),
    ]
    with pytest.raises(Refused):
        bonus.allocate(people.with_columns(grade=pl.lit("D")), 10)
    assert bonus.parse_coefficients("S=2，A：1.5, B=1") == {"S": 2.0, "A": 1.5, "B": 1.0}
    with pytest.raises(Refused):
        bonus.parse_coefficients("S=two")


def test_writeback_of_a_signed_off_session(session):
    import io

    import openpyxl

    from analytics.calibration import writeback

    path, sid = session
    sessions.apply(path, sid, [Move("E2", "B", "kpi_evidence", "=KPI 62%", 0)], "hr", T0)
    sessions.apply(path, sid, [Move("E7", "B", "peer_evidence", "peers", 0)], "hr", T0)
    sessions.apply(path, sid, [Move("E5", "A", "other", "x", 0)], "hr", T0)
    sessions.undo(path, sid, "hr", T0)
    s = sessions.load(path, sid)
    rows = sessions.writeback_rows(path, s)
    with pytest.raises(Refused) as e:
        writeback.to_xlsx(s, rows, "en")
    assert e.value.code == "not_signed"
    sessions.sign_off(path, sid, "boss", T0)
    s = sessions.load(path, sid)
    summary = writeback.summary(s)
    assert summary.select("grade", "original_count", "calibrated_count", "change").rows() == [
        ("S", 1, 1, 0),
        ("A", 2, 1, -1),
        ("B", 3, 5, 2),
        ("C", 1, 0, -1),
        ("D", 0, 0, 0),
    ]
    assert summary["moved_down_from"].to_list() == [0, 1, 0, 0, 0]
    assert summary["moved_up_from"].to_list() == [0, 0, 0, 1, 0]
    for lang, header, reason in (
        ("en", "Final grade", "KPI evidence"),
        ("zh", "校准后等级", "KPI 证据"),
    ):
        book = openpyxl.load_workbook(io.BytesIO(writeback.to_xlsx(s, rows, lang)))
        sheet = book.worksheets[0]
        head = [c.value for c in sheet[1]]
        assert header in head
        got = {r[0]: dict(zip(head, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
        assert got["E2"][header] == "B"
        assert reason in got["E2"].values()
        assert "'=KPI 62%" in got["E2"].values()  # neutralised
        assert got["E5"][header] == "B"  # the undone move is not in the write-back
        assert len(book.worksheets[2]["A"]) == 7  # header + create, 3 moves, undo, sign-off
    csv = writeback.to_csv(s, rows, "en").decode("utf-8-sig")
    assert "Final grade" in csv and "A → B" in csv


def _roles(tmp_path) -> str:
    """alice, bob and carol administer; sales.head heads 销售中心, rd.head 研发中心."""
    path = tmp_path / "roles.toml"
    path.write_text(
        '[users.alice]\nrole = "hr_admin"\n[users.bob]\nrole = "hr_admin"\n'
        '[users.carol]\nrole = "hr_admin"\n'
        '[users."sales.head"]\nrole = "dept_head"\ndepartments = ["销售中心"]\n'
        '[users."rd.head"]\nrole = "dept_head"\ndepartments = ["研发中心"]\n'
        '[users.ana]\nrole = "analyst"\n',
        encoding="utf-8",
    )
    return str(path)


def test_the_calibrate_command_end_to_end(tmp_path, capsys):
    import openpyxl

    from analytics.cli import main

    path = _db(tmp_path)
    base = ["--db", str(path), "--roles", _roles(tmp_path)]
    assert main(["--lang", "en", "calibrate", "create", *base, "--cycle", "2025Q4",
                 "--department", "研发中心", "--as", "alice"]) == 0  # fmt: skip
    assert "Created calibration session 1" in capsys.readouterr().out
    decisions = tmp_path / "d.csv"
    decisions.write_text(
        "员工编号,校准后等级,理由类别,理由说明\n"
        "E2,B,KPI 证据,KPI 62%\n"
        "E7,B,peer_evidence,peers\n"
        "E4,B,Other,already B\n",
        encoding="utf-8-sig",
    )
    argv = ["calibrate", "apply", "1", *base, "--decisions", str(decisions), "--as", "bob"]
    assert main(["--lang", "zh", *argv]) == 0
    assert "已保存 2 项调整" in capsys.readouterr().out
    # the same file again, decided on versions read now: E2 and E7 are already B
    assert main(["--lang", "en", *argv]) == 0
    assert "0 changes saved, 3 already" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("employee_id,final_grade,reason_category,reason_text\nE1,A,gut,x\n")
    assert main(["--lang", "en", "calibrate", "apply", "1", *base, "--decisions", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv, row 2" in err and "gut" in err and "Traceback" not in err
    # the file was one save: both of its moves are taken back by one undo
    assert main(["--lang", "en", "calibrate", "undo", "1", *base, "--as", "bob"]) == 0
    undone = capsys.readouterr().out
    assert "E7" in undone and "E2" in undone, undone
    out = tmp_path / "w.xlsx"
    assert main(["--lang", "en", "calibrate", "export", "1", *base, "--out", str(out)]) == 2
    assert "not signed off" in capsys.readouterr().err
    assert main(["--lang", "en", "calibrate", "signoff", "1", *base, "--as", "carol"]) == 0
    assert main(["--lang", "zh", "calibrate", "export", "1", *base, "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    head = [c.value for c in sheet[1]]
    e2 = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "E2")
    assert dict(zip(head, e2))["校准后等级"] == "A" and dict(zip(head, e2))["理由说明"] is None
    assert main(["--lang", "en", "calibrate", "list", *base]) == 0
    assert "Signed off" in capsys.readouterr().out
    assert main(["--lang", "en", "calibrate", "reopen", "1", *base]) == 2  # no reason
    assert "Reopening calibration session 1 needs a reason." in capsys.readouterr().err
    argv = ["calibrate", "reopen", "1", *base, "--reason", "appeal upheld", "--as", "carol"]
    assert main(["--lang", "en", *argv]) == 0
    audit = sessions.load(path, "1").audit
    assert audit["action"].to_list() == [
        "create", "move", "move", "undo", "undo", "signoff", "reopen"
    ]  # fmt: skip
    assert audit["author"].to_list() == ["alice", "bob", "bob", "bob", "bob", "carol", "carol"]


def test_sessions_live_in_a_small_file_of_their_own(session):
    """A move writes the sessions' file, not the dataset's (which keeps its identity: no copy
    of every rating per move); both files and the lock are the owner's only."""
    import stat

    from analytics.store import calstore

    path, sid = session
    before = access.identity(path)
    sessions.apply(path, sid, [Move("E2", "B", "kpi_evidence", "k", 0)], "hr")
    sessions.undo(path, sid, "hr")
    assert access.identity(path) == before
    store = calstore.store_path(path)
    assert store.name == "c.calibration.duckdb" and store.parent == path.parent
    for f in (store, store.with_name(store.name + ".lock")):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    con, _ = access.connect_reader(path)  # new datasets carry no session tables
    try:
        names = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert not names & {t.name for t in S.CAL_TABLES}


def test_sessions_of_an_earlier_version_are_moved_once(tmp_path):
    """A database whose sessions an earlier version kept in the dataset's file: copied into
    the sessions' file the first time it is opened, once; the old tables are left as they
    were."""
    from analytics.store import calstore

    path = _db(tmp_path)
    row = {"session_id": "1", "dataset": "default", "cycle_id": "2025Q4",
           "scope_kind": "department", "scope": "研发中心", "guideline": '{"A": 0.5, "B": 0.5}',
           "start": "imported", "status": "in_progress", "created_by": "hr", "created_at": T0,
           "version": 2}  # fmt: skip
    grade = {"session_id": "1", "employee_id": "E2", "department": "研发中心/平台",
             "imported": "A", "proposed": "A", "final": "B", "version": 1}  # fmt: skip
    audit = [
        {"session_id": "1", "seq": 1, "action": "create", "field": "status", "author": "hr",
         "to_value": "draft", "at": T0},
        {"session_id": "1", "seq": 2, "employee_id": "E2", "action": "move", "field": "final_grade",
         "from_value": "A", "to_value": "B", "author": "hr", "at": T0,
         "reason_category": "other", "reason_text": "old"},
    ]  # fmt: skip
    with access.writing(path) as con:
        db.create_tables(con, S.CAL_TABLES)
        for table, rows in ((S.CAL_SESSIONS, [row]), (S.CAL_GRADES, [grade]), (S.CAL_AUDIT, audit)):
            frame = table.conform(pl.DataFrame(rows))  # noqa: F841
            con.execute(f"INSERT INTO {db.q(table.name)} SELECT * FROM frame")
    s = sessions.load(path, "1")
    assert s.row["version"] == 2 and s.grades.rows(named=True)[0]["final"] == "B"
    assert s.grades["name"].to_list() == ["李四"]
    assert s.audit["reason_text"].to_list() == [None, "old"]
    sessions.apply(path, "1", [Move("E2", "A", "other", "back", 1)], "hr")
    assert len(sessions.list_sessions(path)) == 1  # not copied a second time
    assert len(sessions.load(path, "1").audit) == 3
    with calstore.opened(path) as con:
        assert con.execute(
            "SELECT value FROM meta WHERE key = $k", {"k": calstore.MIGRATED}
        ).fetchone() == ("1",)


def test_a_sign_off_decided_on_an_older_version_is_refused(session):
    path, sid = session
    seen = sessions.load(path, sid).row["version"]
    sessions.apply(path, sid, [Move("E2", "B", "kpi_evidence", "k", 0)], "li", T0)
    with pytest.raises(Refused) as e:
        sessions.sign_off(path, sid, "boss", based_on=seen)
    assert e.value.code == "stale_session" and e.value.params["who"] == "li"
    assert "li" in e.value.message("zh") and "Moved" in e.value.message("en")
    assert sessions.load(path, sid).row["status"] == "in_progress"
    sessions.sign_off(path, sid, "boss", based_on=seen + 1)
    assert sessions.load(path, sid).row["status"] == "closed"


def test_a_process_killed_mid_change_loses_nothing_confirmed(session):
    """A writer killed inside its transaction (after the grade update, before the audit rows):
    the confirmed move stands, nothing of the killed one is kept, and the lock is free."""
    import subprocess
    import sys

    path, sid = session
    sessions.apply(path, sid, [Move("E2", "B", "kpi_evidence", "k", 0)], "hr")
    code = (
        "import os, sys\n"
        "from analytics.calibration import sessions\n"
        "from analytics.calibration.moves import Move\n"
        "real = sessions._insert\n"
        "def dying(con, table, frame):\n"
        "    if table.name == 'calibration_audit':\n"
        "        os._exit(9)\n"
        "    real(con, table, frame)\n"
        "sessions._insert = dying\n"
        "sessions.apply(sys.argv[1], sys.argv[2], [Move('E4', 'A', 'other', 'x', 0)], 'hr')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path), sid], timeout=120)
    assert done.returncode == 9
    s = sessions.load(path, sid)
    assert s.grades.filter(pl.col("employee_id") == "E4")["final"].item() == "B"
    assert s.grades.filter(pl.col("employee_id") == "E2")["final"].item() == "B"
    assert s.audit["action"].to_list() == ["create", "move"] and s.row["version"] == 2


def test_sessions_are_clipped_to_the_viewers_reach(session, tmp_path, capsys):
    """A department head opens, lists, creates and changes only sessions inside their subtree,
    in the data layer and through ``calibrate --as``; an analyst none."""
    from analytics.auth.roles import Viewer
    from analytics.cli import main

    path, rd = session  # 研发中心
    sales = sessions.create(path, cycle="2025Q4", department="销售中心", author="hr", at=T0)
    mixed = sessions.create(path, cycle="2025Q4", people=["E2", "E9"], author="hr", at=T0)
    rd_head = Viewer("rd.head", "dept_head", ("研发中心",))
    sales_head = Viewer("sales.head", "dept_head", ("销售中心",))
    assert sessions.list_sessions(path, rd_head)["session_id"].to_list() == [rd]
    assert sessions.list_sessions(path, Viewer("hr", "hr_admin"))["session_id"].to_list() == [
        mixed, sales, rd,
    ]  # fmt: skip
    for sid in (sales, mixed):
        with pytest.raises(Refused) as e:
            sessions.load(path, sid, rd_head)
        assert e.value.code == "session_outside"
    with pytest.raises(Refused) as e:  # the sales head moves a person of 研发中心
        sessions.apply(path, rd, [Move("E2", "B", "other", "x", 0)], sales_head)
    assert e.value.code == "session_outside"
    with pytest.raises(Refused) as e:
        sessions.create(path, cycle="2025Q4", department="研发中心X", author=rd_head)
    assert e.value.code == "scope_outside"
    # a list with an id outside the reach (E9, 销售中心) or not found (E99): refused as one,
    # naming the ids and no department (rev33b #1: "销售中心 lies outside" told E9's)
    outside = "1 listed person was not found or is not in your scope (E9)"
    for people, words in (
        (["E3", "E9"], outside),
        (["E3", "E99", "E9"], "2 listed people were not found or are not in your scope (E99, E9)"),
        (["E3 E9"], "1 listed person was not found or is not in your scope (E3 E9)"),  # rev24b
    ):
        with pytest.raises(Refused) as e:
            sessions.create(path, cycle="2025Q4", people=people, author=rd_head)
        assert e.value.code == "people_outside" and words in e.value.message("en")
        assert "销售中心" not in e.value.message("zh") + e.value.message("en")
    assert e.value.message("zh").startswith(
        "列出的人员中有 1 人找不到或不在你的查看范围内（E3 E9）"
    )
    for role in ("analyst", "manager"):
        who = Viewer("x", role, employee_id="E1")
        for call in (
            lambda w=who: sessions.load(path, rd, w),
            lambda w=who: sessions.list_sessions(path, w),
        ):
            with pytest.raises(Refused) as e:
                call()
            assert e.value.code == "role_no_sessions"
    sessions.apply(path, rd, [Move("E2", "B", "other", "x", 0)], rd_head)
    assert sessions.load(path, rd, rd_head).audit["author"].to_list()[-1] == "rd.head"
    # the command line: the same rule for --as
    base = ["--db", str(path), "--roles", _roles(tmp_path)]
    decisions = tmp_path / "d.csv"
    decisions.write_text("employee_id,final_grade,reason_category,reason_text\nE9,B,other,x\n")
    capsys.readouterr()
    argv = ["calibrate", "apply", sales, *base, "--decisions", str(decisions), "--as", "rd.head"]
    assert main(["--lang", "en", *argv]) == 2
    assert f"session {sales} lies outside your reach" in capsys.readouterr().err
    assert main(["--lang", "zh", "calibrate", "list", *base, "--as", "rd.head"]) == 0
    listed = capsys.readouterr().out
    assert "研发中心" in listed and "销售中心" not in listed
    argv = ["calibrate", "create", *base, "--cycle", "2025Q4", "--department", "销售中心"]
    assert main(["--lang", "en", *argv, "--as", "rd.head"]) == 2
    assert "销售中心 lies outside your reach" in capsys.readouterr().err
    assert main(["--lang", "en", "calibrate", "list", *base, "--as", "ana"]) == 2
    assert "does not take part" in capsys.readouterr().err
    out = tmp_path / "w.csv"
    argv = ["calibrate", "export", sales, *base, "--out", str(out), "--as", "rd.head"]
    assert main(["--lang", "en", *argv]) == 2 and not out.exists()
    err = capsys.readouterr().err
    assert f"Calibration session {sales} lies outside your reach" in err
    assert "To get access, ask " in err  # whom to ask, as the dashboard says (s45 A item 2)
    # each refusal of the reach or the role is logged (who, what), as the pages' are
    from analytics.store import accesslog

    refused = accesslog.read(path).filter(event="refused").sort("at")
    assert refused.select("user", "via", "detail").rows() == [
        ("rd.head", "cli", f"calibrate apply: session_outside session {sales}"),
        ("rd.head", "cli", "calibrate create: scope_outside 销售中心"),
        ("ana", "cli", "calibrate list: role_no_sessions"),
        ("rd.head", "cli", f"calibrate export: session_outside session {sales}"),
    ]
    argv = ["calibrate", "apply", sales, *base, "--decisions", str(decisions), "--as", "sales.head"]
    assert main(["--lang", "en", *argv]) == 0
    assert sessions.load(path, sales).grades["final"].to_list() == ["B"]


def test_the_meeting_tables_are_cached_on_the_session_version(session, monkeypatch):
    """The page's bonus tables are worked out once per session version and parameters: a
    rerun without a change reads them from the cache; a move or another pool recomputes."""
    from analytics.calibration import bonus as B
    from ui import calibration

    path, sid = session
    monkeypatch.setattr(calibration.cache, "db_path", lambda: str(path))
    calibration._bonus.clear()
    runs = []
    real = B.session_bonus
    monkeypatch.setattr(B, "session_bonus", lambda *a: runs.append(a[1]) or real(*a))
    coef = dict(B.DEFAULT_COEFFICIENTS)
    s = sessions.load(path, sid)
    first = calibration.bonus_tables(s, 1000.0, coef)
    assert calibration.bonus_tables(s, 1000.0, coef)[0].equals(first[0])
    assert runs == [1000.0]  # the rerun: from the cache
    calibration.bonus_tables(s, 2000.0, coef)
    assert runs == [1000.0, 2000.0]
    sessions.apply(path, sid, [Move("E4", "A", "kpi_evidence", "k", 0)], "hr")
    totals, changes = calibration.bonus_tables(sessions.load(path, sid), 1000.0, coef)
    assert runs == [1000.0, 2000.0, 1000.0]  # a move: the next version, worked out again
    assert changes["employee_id"].to_list()[0] == "E4"
    assert totals["bonus_after"].sum() == pytest.approx(1000.0)


def test_drift_by_manager_on_a_hand_worked_unit():
    """M1's people: moved down on balance in 2 of 3 sessions (a finding); M2's: down in 1 of 1
    (too few sessions); M3's: up. Steps are guideline steps, best grade first."""
    from analytics.calibration import drift

    gl = '{"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.2}'
    sessions_ = pl.DataFrame(
        {"session_id": ["1", "2", "3"], "cycle_id": ["Q1", "Q2", "Q3"], "guideline": [gl] * 3}
    )
    rows = [  # session, person, department, proposed, final, manager
        ("1", "a", "研发", "A", "C", "M1"),  # down 2 steps
        ("1", "b", "研发", "B", "B", "M1"),
        ("1", "c", "销售", "B", "A", "M3"),  # up
        ("2", "a", "研发", "B", "B", "M1"),
        ("2", "b", "研发", "B", "A", "M1"),  # up: 1 up, 0 down in session 2
        ("2", "d", "销售", "A", "B", "M2"),  # down
        ("3", "a", "研发", "B", "C", "M1"),  # down
        ("3", "b", "研发", "S", "A", "M1"),  # down
        ("3", "e", "研发", None, "B", "M1"),  # no proposed grade: same
    ]
    grades = pl.DataFrame(
        rows,
        schema=["session_id", "employee_id", "department", "proposed", "final", "rater_id"],
        orient="row",
    )
    moves = drift.moves_of(grades.drop("rater_id"), sessions_).join(
        grades.select("session_id", "employee_id", "rater_id"), on=["session_id", "employee_id"]
    )
    assert moves.sort("session_id", "employee_id")["move_steps"].to_list() == [
        -2, 0, 1, 0, 1, -1, -1, -1, 0,
    ]  # fmt: skip
    raters = drift.by_rater(moves)
    m1 = raters.row(0, named=True)
    assert (m1["rater_id"], m1["sessions"], m1["down_sessions"], m1["up_sessions"]) == (
        "M1", 3, 2, 1,
    )  # fmt: skip
    assert (m1["n"], m1["moved_down"], m1["moved_up"], m1["drift_down"]) == (7, 3, 1, True)
    assert raters.filter(pl.col("rater_id") == "M2")["drift_down"].item() is False  # 1 session
    assert [f["rater_id"] for f in drift.flagged(raters)] == ["M1"]
    depts = drift.by_department(moves)
    assert depts.select("dept", "n", "moved_down", "moved_up").rows() == [  # most down first
        ("销售", 2, 1, 1),
        ("研发", 7, 3, 1),
    ]
    assert depts["moved_down_share"].to_list() == pytest.approx([0.5, 3 / 7])


def test_drift_reads_the_signed_off_sessions_with_the_rosters_managers(session):
    from analytics.calibration import drift

    path, sid = session
    with access.writing(path) as con:
        con.execute("UPDATE employees SET manager_id = 'E1' WHERE employee_id IN ('E2', 'E3')")
    sessions.apply(path, sid, [Move("E2", "B", "rater_effect", "lenient", 0)], "hr", T0)
    assert drift.session_moves(path).is_empty()  # in progress: not counted
    sessions.sign_off(path, sid, "hr", T0)
    moves = drift.session_moves(path)
    assert moves.filter(pl.col("move_direction") == "down").select(
        "employee_id", "rater_id"
    ).rows() == [("E2", "E1")]
    (e1,) = drift.by_rater(moves).filter(pl.col("rater_id") == "E1").to_dicts()
    assert (e1["sessions"], e1["down_sessions"], e1["drift_down"]) == (1, 1, False)


def test_overlapping_sessions_are_named_and_only_one_is_signed_off(session):
    """Reviewer rev21 M5: a second session of 2025Q4 over 研发中心/平台 (E2, E3, E4) shares 3
    people with session 1. Creating it names session 1; while session 1 is signed off the
    second cannot be signed off (one signed-off grade per person and cycle); reopening session
    1 lets it. Drift counts each person-cycle once, from the latest signed-off session."""
    from analytics.calibration import drift
    from analytics.calibration.moves import Refused
    from analytics.store import calstore
    from analytics.text import render

    path, one = session
    two = sessions.create(path, cycle="2025Q4", department="研发中心/平台", author="hr", at=T0)
    assert sessions.overlapping(path, two).rows() == [(one, "draft", 3)]
    assert sessions.overlapping(path, one).rows() == [(two, "draft", 3)]
    sessions.sign_off(path, one, "hr", T0)
    sessions.apply(path, two, [Move("E2", "B", "rater_effect", "lenient", 0)], "hr", T0)
    with pytest.raises(Refused) as refused:
        sessions.sign_off(path, two, "hr", T0)
    assert refused.value.code == "overlap_signed"
    assert refused.value.params["others"] == [one] and refused.value.params["n"] == 3
    assert "signed-off session 1 already grades 3 of its people" in refused.value.message("en")
    assert "已签字的校准会 1 中定级" in refused.value.message("zh")
    assert render("calib.overlap_created", "zh", cycle="2025Q4", others=[one], n=3) in (
        "注意：2025Q4 周期中，本校准会与校准会 1 有 3 人重叠。重叠的人只能在一个校准会中签字（另一个需先重新打开）。"
    )
    sessions.reopen(path, one, "hr", "other", "the team's own session decides", T0)
    sessions.sign_off(path, two, "hr", datetime(2026, 12, 4, 10))
    with pytest.raises(Refused):
        sessions.sign_off(path, one, "hr", T0)  # now session 2 holds them
    # data from before the rule: both signed off; drift counts E2-E4 once (session 2, later)
    with calstore.opened(path) as con:
        con.execute(
            "UPDATE calibration_sessions SET status = 'closed' WHERE session_id = $s", {"s": one}
        )
    moves = drift.session_moves(path)
    assert moves.height == 8  # E1..E8 of 研发中心 once each, not 8 + 3
    assert moves.filter(pl.col("employee_id") == "E2")["session_id"].to_list() == [two]


def test_what_if_scores_and_boundaries_share_the_cycles_scale():
    """Reviewer rev21 M8: on a 1-5 cycle the what-if's adjusted score 0.655 is 1 + 4 x 0.655 =
    3.62 and its nearest boundary 0.657 is 3.628 (not 0.657 beside 3.62); the distance
    -0.002 is -0.008 points; z is unchanged (both parts scaled)."""
    from analytics.calibration.fit import what_if  # noqa: F401 (the columns it gives)
    from analytics.findings.units import Unit, convert

    calls = pl.DataFrame(
        {
            "employee_id": ["E1"],
            "adjusted": [0.655],
            "se": [0.05],
            "boundary_score": [0.657],
            "boundary_distance": [-0.002],
            "z": [-0.04],
        }
    )
    out = convert(calls, Unit("1-5", 1.0, 5.0)).row(0, named=True)
    assert out["adjusted"] == pytest.approx(3.62)
    assert out["boundary_score"] == pytest.approx(3.628)
    assert out["boundary_distance"] == pytest.approx(-0.008)
    assert out["z"] == pytest.approx(-0.04)


def test_a_what_if_start_records_its_proposals_and_keeps_decided_reasons(tmp_path):
    """Reviewer rev21 M3: the what-if proposes E2 A → B and E4 B → A; the facilitator moves E2
    back to A ("top code delivery"). The write-back gives E2 final A with that reason (no
    change against the import, but the decision and its reason are the record), E4 "B → A"
    proposed by the what-if with the rule as its reason, and nothing for E5 (untouched)."""
    from analytics.calibration import writeback

    path = _db(tmp_path)
    proposed = pl.DataFrame({"employee_id": ["E2", "E4"], "grade": ["B", "A"]})
    sid = sessions.create(
        path, cycle="2025Q4", department="研发中心", author="hr", at=T0, proposed=proposed
    )
    s = sessions.load(path, sid)
    props = s.audit.filter(pl.col("action") == "propose")
    assert props.select("employee_id", "from_value", "to_value", "reason_category").rows() == [
        ("E2", "A", "B", "what_if"),
        ("E4", "B", "A", "what_if"),
    ]
    assert props["reason_text"][0] == "S 10%, A 20%, B 50%, C 15%, D 5%"
    sessions.apply(path, sid, [Move("E2", "A", "kpi_evidence", "top code delivery", 0)], "hr")
    with pytest.raises(Refused):  # a proposal is not the facilitator's to undo
        sessions.undo(path, sid, "someone.else")
    sessions.sign_off(path, sid, "hr", T0)
    s = sessions.load(path, sid)
    rows = {r["employee_id"]: r for r in sessions.writeback_rows(path, s).iter_rows(named=True)}
    e2, e4, e5 = rows["E2"], rows["E4"], rows["E5"]
    assert (e2["final_grade"], e2["grade_change"]) == ("A", None)
    assert (e2["reason_category"], e2["reason_text"]) == ("kpi_evidence", "top code delivery")
    assert (e4["final_grade"], e4["grade_change"], e4["reason_category"]) == (
        "A",
        "B → A",
        "what_if",
    )
    assert e4["changed_by"] == "what_if"
    assert e5["reason_category"] is None and e5["grade_change"] is None
    worded = {
        lang: writeback.worded(sessions.writeback_rows(path, s), lang) for lang in ("zh", "en")
    }
    for lang in ("zh", "en"):  # the rule, and the system as its author (rev21 item 8)
        e4w = worded[lang].filter(pl.col("employee_id") == "E4").row(0, named=True)
        assert e4w["reason_category"] == render("calib.reason.what_if", lang)
        assert e4w["changed_by"] == render("calib.author.what_if", lang)
        audit = writeback.audit_frame(s, lang).filter(pl.col("employee_id") == "E4")
        assert audit["audit_action"][0] == render("calib.action.propose", lang)
        assert audit["changed_by"][0] == render("calib.author.what_if", lang)
        words = " ".join(map(str, [*e4w.values(), *audit.row(0)]))
        assert "what_if" not in words and "what-if" not in words


def test_kept_opens_the_store_once_and_a_change_waits_for_the_block(session, monkeypatch):
    """calstore.kept: the meeting page's reads in a row (the sessions list, the session, its
    overlaps) open the sessions' file once, not once each; a change from another thread
    waits for the block's end (the lock is held), and the next read sees it, not the state
    read inside the block."""
    import contextlib
    import threading

    from analytics.store import calstore, filelock

    path, sid = session
    opened = []
    real = filelock.held

    @contextlib.contextmanager
    def held(lock, *a, **k):  # an open of the store: its lock held (counted once taken)
        with real(lock, *a, **k):
            opened.append(lock)
            yield

    monkeypatch.setattr(filelock, "held", held)
    store = f"{calstore.store_path(path)}.lock"
    done = threading.Event()

    def other_tab() -> None:
        sessions.apply(path, sid, [Move("E1", "A", "kpi_evidence", "other tab", 0)], "hr", T0)
        done.set()

    with calstore.kept(path):
        sessions.list_sessions(path)
        before = sessions.load(path, sid)
        sessions.overlapping(path, sid)
        changer = threading.Thread(target=other_tab)
        changer.start()
        assert not done.wait(0.5)  # the change waits for the block
        assert sessions.load(path, sid).grades["final"].to_list() == (
            before.grades["final"].to_list()
        )
        assert [str(p) for p in opened].count(store) == 1  # (the change opens it after)
    changer.join(30)
    assert done.is_set()
    after = sessions.load(path, sid)
    assert after.grades.filter(pl.col("employee_id") == "E1")["final"].to_list() == ["A"]


def test_the_store_is_read_and_changed_without_a_duckdb_instance_of_its_own(session, monkeypatch):
    """The sessions' file is attached to the process's in-memory DuckDB instance for each
    read and change (about 2 ms), not opened with a connection of its own (a new instance,
    20-30 ms of CPU, several per meeting click); the cursors db.query takes read the store;
    when the block ends the file is closed and unlocked: another process opens it."""
    import duckdb

    from analytics.store import calstore
    from tests.readonly import first_elsewhere

    path, sid = session
    sessions.load(path, sid)  # the process's in-memory instance made (once per process)
    opens = []
    real = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: opens.append(a) or real(*a, **k))
    assert sessions.list_sessions(path)["session_id"].to_list() == [sid]
    sessions.apply(path, sid, [Move("E1", "A", "kpi_evidence", "no instance", 0)], "hr", T0)
    assert sessions.load(path, sid).grades.filter(pl.col("employee_id") == "E1")[
        "final"
    ].to_list() == ["A"]
    assert sessions.overlapping(path, sid).is_empty()
    store = calstore.store_path(path)
    assert [a for a in opens if str(store) in map(str, a)] == []
    assert first_elsewhere(store, "SELECT count(*) FROM calibration_sessions") == "1"
