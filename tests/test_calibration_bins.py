"""The meeting's grade bins and drift by group (issue 21): who sits in which bin with what
evidence, a selection in the bins saved through the grade table's path, and the shares of
people moved down and up per group with Wilson intervals, small groups suppressed and groups
without a session "cannot be estimated", against hand-worked examples."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from analytics.calibration import bins, drift, sessions
from analytics.calibration.moves import Refused
from tests.test_adverse import stored_session

T0 = datetime(2026, 12, 4, 10, 0, 0)


def test_bin_people_orders_by_grade_then_adjusted_score():
    grades = pl.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3", "E4", "E5"],
            "name": ["张三", "李四", None, "赵六", "钱七"],
            "final": ["B", "A", "B", None, "B"],
        }
    )
    adjusted = pl.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3"],
            "adjusted": [0.50, 0.80, 0.70],
            "se": [0.05, 0.05, 0.05],
            "ci95_low": [0.40, 0.70, 0.60],
            "ci95_high": [0.60, 0.90, 0.80],
        }
    )
    calls = pl.DataFrame({"employee_id": ["E1", "E3"], "close_call": [True, False]})
    potential = pl.DataFrame({"employee_id": ["E1", "E2", "E3"], "potential": ["高", " Low", "x"]})
    out = bins.bin_people(grades, ["S", "A", "B", "C", "D"], adjusted, calls, potential)
    assert out.columns == list(bins.BIN_COLUMNS)
    # A first; in B the best adjusted score first, no score last; no grade at the end
    assert out["employee_id"].to_list() == ["E2", "E3", "E1", "E5", "E4"]
    assert out["bin"].to_list() == ["A", "B", "B", "B", bins.NO_GRADE]
    assert out["close_call"].to_list() == [False, False, True, False, False]
    assert out["pot_band"].to_list() == ["low", "unrated", "high", "unrated", "unrated"]
    assert out["ci95_low"].to_list() == [0.70, 0.60, 0.40, None, None]
    bare = bins.bin_people(grades, ["S", "A", "B", "C", "D"])  # no ratings, no potential
    assert bare["adjusted"].null_count() == 5 and not bare["close_call"].any()


def test_a_selection_in_the_bins_moves_through_the_sessions_path(tmp_path):
    path, sid = stored_session(tmp_path)  # grades S A B B B C S A B B C D
    s = sessions.load(path, sid)
    seen = dict(zip(s.grades["employee_id"], s.grades["version"], strict=True))
    moves = bins.moves_for(["E2", "E3", "E2"], "A", "kpi_evidence", "超额完成", seen)
    assert [(m.employee_id, m.grade, m.based_on) for m in moves] == [("E2", "A", 0), ("E3", "A", 0)]
    assert sessions.apply(path, sid, moves, "hr", at=T0) == (2, 0)
    s = sessions.load(path, sid)
    audit = s.audit.filter(pl.col("action") == "move")
    assert audit.select("employee_id", "from_value", "to_value", "reason_text").rows() == [
        ("E2", "B", "A", "超额完成"),
        ("E3", "B", "A", "超额完成"),
    ]
    # the same rules as the table: a reason is required, and a stale view is refused
    with pytest.raises(Refused) as e:
        sessions.apply(path, sid, bins.moves_for(["E4"], "A", "other", " ", seen), "hr")
    assert e.value.code == "no_reason"
    with pytest.raises(Refused) as e:
        sessions.apply(path, sid, bins.moves_for(["E2"], "S", "other", "x", seen), "hr")
    assert e.value.code == "stale"


def _grouped() -> pl.DataFrame:
    """Two sessions; gender F: 5 person-sessions of 3 people, 2 down, 1 up; M: 4 of 3
    people, 1 down; X: 2 people (below k = 3); tenure 0-1: 3 people, nobody moved."""
    rows = [
        # session, person, direction, gender
        ("1", "a", "down", "F"),
        ("1", "b", "same", "F"),
        ("1", "c", "up", "F"),
        ("2", "a", "down", "F"),
        ("2", "b", "same", "F"),
        ("1", "d", "down", "M"),
        ("1", "e", "same", "M"),
        ("2", "d", "same", "M"),
        ("2", "f", "same", "M"),
        ("1", "g", "down", "X"),
        ("2", "h", "up", "X"),
    ]
    frame = pl.DataFrame(
        rows, schema=["session_id", "employee_id", "move_direction", "group"], orient="row"
    ).with_columns(cycle_id=pl.lit("2025Q4"), group_column=pl.lit("gender"))
    tenure = frame.filter(pl.col("employee_id").is_in(["a", "b", "c"])).with_columns(
        group_column=pl.lit("tenure"), group=pl.lit("0-1"), move_direction=pl.lit("same")
    )
    return pl.concat([frame, tenure])


def test_drift_by_group_on_a_hand_worked_unit():
    known = pl.DataFrame({"group_column": ["gender", "gender", "level"], "group": ["F", "Y", "P5"]})
    out = drift.by_group(_grouped(), k=3, known=known)
    assert out.columns == list(drift.GROUP_DRIFT_COLUMNS)
    key = out.select("group_column", "group").rows()
    # known group columns first in their order (gender, ..., tenure, level), rated groups
    # most moved down first, suppressed and then not estimable ones last
    assert key == [
        ("gender", "F"),
        ("gender", "M"),
        ("gender", "X"),
        ("gender", "Y"),
        ("tenure", "0-1"),
        ("level", "P5"),
    ]
    f = out.row(0, named=True)
    assert (f["people"], f["sessions"], f["n"], f["moved_down"], f["moved_up"]) == (3, 2, 5, 2, 1)
    assert f["moved_down_share"] == pytest.approx(0.4)
    # Wilson 95% interval of 2/5: 0.118 to 0.769 (Agresti & Coull 1998), of 1/5: 0.036-0.624
    assert (f["down_ci95_low"], f["down_ci95_high"]) == pytest.approx((0.1176, 0.7693), abs=1e-4)
    assert (f["up_ci95_low"], f["up_ci95_high"]) == pytest.approx((0.0362, 0.6245), abs=1e-4)
    m = out.row(1, named=True)
    assert (m["people"], m["n"], m["moved_down"]) == (3, 4, 1) and m["moved_down_share"] == 0.25
    x = out.row(2, named=True)  # 2 people < k: suppressed, every number empty
    assert x["suppressed"] and x["estimable"]
    assert all(x[c] is None for c in drift.GROUP_DRIFT_COLUMNS[2:-2])
    for row in (out.row(3, named=True), out.row(5, named=True)):  # in no session
        assert not row["estimable"] and not row["suppressed"]
        assert row["moved_down_share"] is None and row["n"] is None  # not 0
    tenure = out.row(4, named=True)  # nobody moved: a rate of 0 with its interval (0/5)
    assert tenure["moved_down_share"] == 0.0
    assert tenure["down_ci95_high"] == pytest.approx(0.4345, abs=1e-4)
    words = drift.readable_groups(out, 3, "en")
    assert words["group_column"].to_list()[:2] == ["Gender", "Gender"]
    assert (
        words["drift_note"].to_list()[3] == "cannot be estimated (nobody in a signed-off session)"
    )
    assert words["privacy"][2] is not None and words["privacy"][0] is None


def test_drift_groups_read_from_a_stored_session(tmp_path):
    """Group values of the session's cycle (over a cycle-less one), tenure in years banded,
    location and level from the roster; a signed-off session's moves counted per group."""
    path, sid = stored_session(tmp_path)
    s = sessions.load(path, sid)
    moved = [("E1", "B"), ("E3", "C")]  # A -> B, B -> C: two women moved down
    seen = dict(zip(s.grades["employee_id"], s.grades["version"], strict=True))
    sessions.apply(path, sid, bins.moves_for(["E1"], "B", "other", "x", seen), "hr", at=T0)
    sessions.apply(path, sid, bins.moves_for(["E3"], "C", "other", "x", seen), "hr", at=T0)
    sessions.sign_off(path, sid, "hr", at=T0)
    moves = drift.session_moves(path)
    assert moves.filter(pl.col("move_direction") == "down")["employee_id"].to_list() == [
        e for e, _ in moved
    ]
    grouped, known = drift.group_moves(path, moves)
    e0 = grouped.filter(pl.col("employee_id") == "E0")
    assert dict(e0.select("group_column", "group").rows()) == {
        "gender": "男",  # the cycle's value, not the cycle-less 女
        "tenure": "0-1",  # 0 years
        "location": "上海",
        "level": "P5",
    }
    assert set(known.filter(pl.col("group_column") == "tenure")["group"]) == {
        "0-1",
        "1-3",
        "3-5",
        "5-10",
        "10+",
    }
    out = drift.by_group(grouped, k=3, known=known)
    gender = out.filter(pl.col("group_column") == "gender")
    women = gender.filter(pl.col("group") == "女").row(0, named=True)
    assert (women["n"], women["moved_down"], women["moved_up"]) == (6, 2, 0)
    men = gender.filter(pl.col("group") == "男")
    assert men["moved_down"].to_list() == [0] and men["moved_down_share"].to_list() == [0.0]
