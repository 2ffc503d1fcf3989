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
    sessions.apply(
        path, sid, [Move("E3", "S", "peer_evidence", "led the launch", 0)], "li", T0
    )
    with pytest.raises(Refused) as e:
        sessions.apply(path, sid, [Move("E3", "B", "rater_effect", "lenient rater", 0)], "hr")
    assert e.value.code == "stale"
    assert e.value.params == {
        "person": "E3",
        "who": "li",
        "when": "2026-12-04 09:00:00",
        "before": "A",
        "after": "S",
    }
    assert "li" in e.value.message("zh") and "E3" in e.value.message("en")
    s = sessions.load(path, sid)
    assert s.grades.filter(pl.col("employee_id") == "E3")["final"].item() == "S"
    # based on the version now current, it goes through
    sessions.apply(path, sid, [Move("E3", "A", "rater_effect", "lenient rater", 1)], "hr")
    assert sessions.load(path, sid).grades.filter(pl.col("employee_id") == "E3")[
        "version"
    ].item() == 2


def test_undo_takes_back_ones_own_last_move_only(session):
    path, sid = session
    sessions.apply(path, sid, [Move("E5", "A", "kpi_evidence", "a", 0)], "hr")
    sessions.apply(path, sid, [Move("E6", "C", "kpi_evidence", "b", 0)], "hr")
    sessions.apply(path, sid, [Move("E7", "B", "peer_evidence", "c", 0)], "li")
    row = sessions.undo(path, sid, "hr")  # hr's last: E6 B -> C, taken back
    assert (row["employee_id"], row["from_value"], row["to_value"], row["undoes"]) == (
        "E6",
        "C",
        "B",
        3,
    )
    row = sessions.undo(path, sid, "hr")  # then E5
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
    assert listed.select("session_id", "people", "changed").rows() == [(sid, 8, 1)]


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
    with pytest.raises(Refused) as e:
        sessions.create(path, cycle="2024Q4", department="研发中心", author="hr")
    assert e.value.code == "empty_scope"
