"""Undo takes back a whole save (tester's defect of session 44: two people moved from the D bin
to C in one click, "撤销我的上一次调整" took back one of them only, and the write-back and the
record listed the other as moved): every move saved together shares the audit's ``change_seq``,
one undo takes all of them back (one ``undo`` row each), a later undo the save before; a store
written before the column gets it, filled from the runs its saves left, once; a refusal names
the local administrator as the screen does, never by its key."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import polars as pl
import pytest

from analytics import schema as S
from analytics.auth.roles import LOCAL_ADMIN
from analytics.calibration import sessions
from analytics.calibration.moves import Move, Refused
from analytics.store import calstore, db
from analytics.text import render
from tests.test_calibration import T0, _db, _roles


@pytest.fixture
def session(tmp_path):
    path = _db(tmp_path)  # 研发中心: E1 S, E2 A, E3 A, E4 B, E5 B, E6 B, E7 C, E8 none
    sid = sessions.create(path, cycle="2025Q4", department="研发中心", author="hr", at=T0)
    return path, sid


def _final(path, sid) -> dict[str, str | None]:
    s = sessions.load(path, sid)
    return dict(zip(s.grades["employee_id"], s.grades["final"], strict=True))


def test_one_undo_takes_back_both_people_of_one_save(session):
    path, sid = session
    before = _final(path, sid)
    two = [
        Move("E5", "C", "kpi_evidence", "KPI 40%", 0),
        Move("E6", "C", "kpi_evidence", "KPI 40%", 0),
    ]
    assert sessions.apply(path, sid, two, "hr", T0) == (2, 0)
    rows = sessions.undo(path, sid, "hr")
    assert _final(path, sid) == before  # both back, not one of them
    s = sessions.load(path, sid)
    assert s.audit["action"].to_list() == ["create", "move", "move", "undo", "undo"]
    moved, undo = (s.audit.filter(pl.col("action") == a) for a in ("move", "undo"))
    assert sorted(undo["undoes"].to_list()) == sorted(moved["seq"].to_list())
    assert [(r["employee_id"], r["from_value"], r["to_value"], r["undoes"]) for r in rows] == [
        ("E6", "C", "B", 3),
        ("E5", "C", "B", 2),
    ]
    assert moved["change_seq"].to_list() == [2, 2]  # saved together: one change
    assert undo["change_seq"].to_list() == [4, 4] and set(undo["author"]) == {"hr"}
    versions = dict(zip(s.grades["employee_id"], s.grades["version"], strict=True))
    assert (versions["E5"], versions["E6"]) == (2, 2)
    # the write-back no longer names either as moved
    rows = sessions.writeback_rows(path, s).filter(pl.col("employee_id").is_in(["E5", "E6"]))
    assert rows["grade_change"].to_list() == [None, None]
    assert rows["reason_text"].to_list() == [None, None]
    with pytest.raises(Refused) as e:
        sessions.undo(path, sid, "hr")
    assert e.value.code == "nothing_to_undo"


def test_a_later_undo_takes_back_the_last_save_only(session):
    path, sid = session
    first = [Move("E2", "B", "other", "one", 0), Move("E3", "B", "other", "one", 0)]
    sessions.apply(path, sid, first, "hr", T0)
    second = [Move("E4", "C", "other", "two", 0), Move("E5", "C", "other", "two", 0)]
    sessions.apply(path, sid, second, "hr", T0)  # the same second: still its own save
    sessions.apply(path, sid, [Move("E7", "B", "other", "li's", 0)], "li", T0)
    rows = sessions.undo(path, sid, "hr")
    final = _final(path, sid)  # the second save back, the first one still standing
    assert [final[e] for e in ("E2", "E3", "E4", "E5", "E7")] == ["B", "B", "B", "B", "B"]
    assert sorted(r["employee_id"] for r in rows) == ["E4", "E5"]
    rows = sessions.undo(path, sid, "hr")  # then the save before it
    final = _final(path, sid)
    assert [final[e] for e in ("E2", "E3", "E4", "E5", "E7")] == ["A", "A", "B", "B", "B"]
    assert sorted(r["employee_id"] for r in rows) == ["E2", "E3"]
    assert final["E7"] == "B"  # another author's move is not theirs to undo


def test_a_save_one_of_whose_people_someone_changed_since_is_not_undone_at_all(session):
    path, sid = session
    two = [Move("E5", "A", "other", "x", 0), Move("E6", "A", "other", "x", 0)]
    sessions.apply(path, sid, two, "hr", T0)
    sessions.apply(path, sid, [Move("E6", "S", "peer_evidence", "led it", 1)], "li", T0)
    n = len(sessions.load(path, sid).audit)
    with pytest.raises(Refused) as e:
        sessions.undo(path, sid, "hr")
    assert e.value.code == "stale" and e.value.params["person"] == "E6"
    assert len(sessions.load(path, sid).audit) == n  # all or none: E5 stays moved too
    assert _final(path, sid)["E5"] == "A"


def test_the_calibrate_command_undoes_a_decisions_file_as_one(tmp_path, capsys):
    from analytics.cli import main

    path = _db(tmp_path)
    base = ["--db", str(path), "--roles", _roles(tmp_path)]
    assert main(["calibrate", "create", *base, "--cycle", "2025Q4", "--department", "研发中心",
                 "--as", "alice"]) == 0  # fmt: skip
    decisions = tmp_path / "d.csv"
    decisions.write_text(
        "employee_id,final_grade,reason_category,reason_text\nE2,B,other,x\nE7,B,other,y\n",
        encoding="utf-8",
    )
    argv = ["calibrate", "apply", "1", *base, "--decisions", str(decisions), "--as", "bob"]
    assert main(["--lang", "en", *argv]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "calibrate", "undo", "1", *base, "--as", "bob"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sorted(out) == [
        render("calib.undone", "en", person="E2", before="B", after="A"),
        render("calib.undone", "en", person="E7", before="B", after="C"),
    ]
    final = _final(path, "1")
    assert (final["E2"], final["E7"]) == ("A", "C")


def _old_store(path) -> None:
    """The sessions' file as the version before ``change_seq`` left it: the tester's session
    (E5 and E6 moved in one save, the old undo took back E6 only) and a second session of two
    saves a minute apart."""
    audit = S.Table(
        S.CAL_AUDIT.name,
        {c: t for c, t in S.CAL_AUDIT.columns.items() if c != "change_seq"},
        key=S.CAL_AUDIT.key,
    )
    store = calstore.store_path(path)
    con = duckdb.connect(str(store))
    try:
        db.create_tables(con, (S.CAL_SESSIONS, S.CAL_GRADES, audit, S.META))
        con.execute("INSERT INTO meta VALUES ($k, '0')", {"k": calstore.MIGRATED})
        t1, t2 = T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)
        # after the old undo: session 1's E6 back, E5 still moved; session 2 all moved
        finals = {("1", "E5"): ("C", 1), ("1", "E6"): ("B", 2), ("2", "E4"): ("C", 1),
                  ("2", "E5"): ("C", 1), ("2", "E6"): ("C", 1)}  # fmt: skip
        grades, audits, sess = [], [], []
        for sid in ("1", "2"):
            sess.append({"session_id": sid, "dataset": "default", "cycle_id": "2025Q4",
                         "scope_kind": "department", "scope": "研发中心", "facilitator": "hr",
                         "guideline": '{"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05}',
                         "start": "imported", "status": "in_progress", "created_by": "hr",
                         "created_at": T0, "version": 4})  # fmt: skip
            for e in ("E4", "E5", "E6"):
                final, version = finals.get((sid, e), ("B", 0))
                grades.append({"session_id": sid, "employee_id": e, "department": "研发中心/应用",
                               "imported": "B", "proposed": "B", "final": final,
                               "version": version})  # fmt: skip
            audits.append({"session_id": sid, "seq": 1, "action": "create", "field": "status",
                           "to_value": "draft", "author": "hr", "at": T0})  # fmt: skip
        move = {"action": "move", "field": "final_grade", "from_value": "B", "to_value": "C",
                "author": "hr", "reason_category": "other", "reason_text": "r"}  # fmt: skip
        undo = {"action": "undo", "from_value": "C", "to_value": "B", "undoes": 3}
        audits += [
            {"session_id": "1", "seq": 2, "employee_id": "E5", "at": t1} | move,
            {"session_id": "1", "seq": 3, "employee_id": "E6", "at": t1} | move,
            {"session_id": "1", "seq": 4, "employee_id": "E6", "at": t2} | move | undo,
            {"session_id": "2", "seq": 2, "employee_id": "E4", "at": t1} | move,
            {"session_id": "2", "seq": 3, "employee_id": "E5", "at": t2} | move,
            {"session_id": "2", "seq": 4, "employee_id": "E6", "at": t2} | move,
        ]
        for table, rows in ((S.CAL_SESSIONS, sess), (S.CAL_GRADES, grades), (audit, audits)):
            frame = table.conform(pl.DataFrame(rows, infer_schema_length=None))  # noqa: F841
            con.execute(f"INSERT INTO {db.q(table.name)} SELECT * FROM frame")
    finally:
        con.close()
    store.chmod(0o600)


def test_a_store_of_the_version_before_gets_its_saves_once(tmp_path):
    path = _db(tmp_path)
    _old_store(path)
    s1, s2 = sessions.load(path, "1"), sessions.load(path, "2")
    # each run of rows of one author, action and time is one save
    assert s1.audit["change_seq"].to_list() == [1, 2, 2, 4]
    assert s2.audit["change_seq"].to_list() == [1, 2, 3, 3]
    with calstore.opened(path) as con:
        assert con.execute(
            "SELECT value FROM meta WHERE key = $k", {"k": calstore.CHANGE_SEQ}
        ).fetchall() == [("8",)]
    # the tester's session: the one still moved of the half-undone save is taken back now
    (row,) = sessions.undo(path, "1", "hr")
    assert (row["employee_id"], row["undoes"]) == ("E5", 2)
    assert _final(path, "1") == {"E4": "B", "E5": "B", "E6": "B"}
    # the other: the last save (E5 and E6, the same minute), then the one before (E4)
    assert sorted(r["employee_id"] for r in sessions.undo(path, "2", "hr")) == ["E5", "E6"]
    assert _final(path, "2") == {"E4": "C", "E5": "B", "E6": "B"}
    assert [r["employee_id"] for r in sessions.undo(path, "2", "hr")] == ["E4"]
    with calstore.opened(path) as con:  # filled once: the rows written since keep theirs
        assert con.execute(
            "SELECT count(*) FROM meta WHERE key = $k", {"k": calstore.CHANGE_SEQ}
        ).fetchone() == (1,)
    assert sessions.load(path, "2").audit["change_seq"].to_list() == [1, 2, 3, 3, 5, 5, 7]


def test_nothing_to_undo_names_the_local_administrator_as_the_screen_does(session):
    path, sid = session
    with pytest.raises(Refused) as e:
        sessions.undo(path, sid, LOCAL_ADMIN.user)
    for lang in ("zh", "en"):
        message = e.value.message(lang)
        assert render("signin.local_user", lang) in message and "local-admin" not in message
    assert "本机管理员" in e.value.message("zh")
    assert e.value.message("en").startswith("Nothing to undo")
    sessions.apply(path, sid, [Move("E2", "B", "other", "x", 0)], "li", datetime(2026, 12, 4))
    with pytest.raises(Refused) as e:  # anyone else by the name they signed in with
        sessions.undo(path, sid, "wang.lei@example.com")
    assert "wang.lei@example.com" in e.value.message("zh")


def test_the_undo_button_says_it_takes_back_a_whole_save():
    for lang in ("zh", "en"):
        label, help_ = render("cs.undo", lang), render("cs.undo_help", lang)
        assert label and help_
    assert "保存" in render("cs.undo", "zh") and "save" in render("cs.undo", "en")
