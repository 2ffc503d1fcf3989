"""Drift of calibration moves on the rater page (issue 21), in both languages (AppTest, the small
demo; tests/app/test_scope_pages.py reads the manager finding as a department head in Chinese):
two signed-off sessions of 研发中心 in which one manager's person is moved down both times make
that manager a finding; by group, each gender's shares moved down and up with Wilson 95%
intervals and counts, a group of fewer than k people without numbers (the reason said), and a
group nobody of which sat in a signed-off session "cannot be estimated", not 0."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics import schema as S
from analytics.calibration import drift, sessions
from analytics.calibration.adverse import wilson
from analytics.calibration.moves import Move
from analytics.store import access, db
from analytics.text import render
from tests.app.apptest import direct

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"zh": "中文", "en": "English"}
DEPT = "研发中心"
CYCLES = ("2025Q2", "2025Q3")


@pytest.fixture(scope="module")
def drifted(small_demo_db, tmp_path_factory):
    """The small demo with two signed-off sessions of 研发中心 (2025Q2, 2025Q3) in each of
    which one person of one manager is moved down; two people of the department have a tenure
    band no one else has (a group of 2 < k), and someone outside it a gender no one in a
    session has. Returns (path, manager, person, gender counts of the sessions' people)."""
    path = tmp_path_factory.mktemp("drift") / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)
    con = duckdb.connect(str(path), read_only=True)
    inside = [
        r[0]
        for r in con.execute(
            "SELECT employee_id FROM employees WHERE department LIKE '研发中心/%' ORDER BY 1"
        ).fetchall()
    ]
    outsider = con.execute(
        "SELECT employee_id FROM employees WHERE department LIKE '销售中心/%' ORDER BY 1 LIMIT 1"
    ).fetchone()[0]
    con.close()
    extra = pl.DataFrame(
        {
            "employee_id": [*inside[:2], outsider],
            "cycle_id": [None, None, None],
            "group_column": ["tenure", "tenure", "gender"],
            "value": ["0-1", "0-1", "未披露"],
        }
    )
    with access.writing(path) as con:
        rows = S.PERSON_GROUPS.conform(extra)  # noqa: F841 (read by name in the SQL)
        con.execute(f"INSERT INTO {db.q(S.PERSON_GROUPS.name)} SELECT * FROM rows")
    ids = [sessions.create(path, cycle=c, department=DEPT, author="hr") for c in CYCLES]
    loaded = [sessions.load(path, sid) for sid in ids]
    above = [set(s.grades.filter(pl.col("final") != "D")["employee_id"]) for s in loaded]
    con = duckdb.connect(str(path), read_only=True)
    person, manager = con.execute(  # someone with a manager, above the lowest grade twice
        "SELECT employee_id, manager_id FROM employees WHERE list_contains($ids, employee_id) "
        "AND manager_id IS NOT NULL ORDER BY 1 LIMIT 1",
        {"ids": sorted(above[0] & above[1])},
    ).fetchone()
    con.close()
    for sid, s in zip(ids, loaded, strict=True):
        row = s.grades.filter(pl.col("employee_id") == person).row(0, named=True)
        down = s.grades_allowed[s.grades_allowed.index(row["final"]) + 1]
        sessions.apply(path, sid, [Move(person, down, "rater_effect", "x", row["version"])], "hr")
        sessions.sign_off(path, sid, "hr")
    return path, manager, person


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_drift_by_manager_and_by_group(drifted, lang, monkeypatch):
    path, manager, person = drifted
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.query_params["lang"] = LANGS[lang]
    at.switch_page(direct("pages/raters.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert render("cs.drift", lang) in [s.value for s in at.subheader]
    flags = [w.value for w in at.warning if manager in w.value]
    assert len(flags) == 1
    n = drift.session_moves(path).filter(pl.col("rater_id") == manager).height
    words = render("cs.drift_flag", lang, rater="@", down=2, sessions=2, moved_down=2,
                   moved_up=0, n=n).split("@")[1]  # fmt: skip
    assert words in flags[0]
    assert f"**{render('cs.drift_groups', lang)}**" in [m.value for m in at.markdown]
    assert render("cs.drift_groups_note", lang, k=3) in [c.value for c in at.caption]
    (groups,) = [d.value for d in at.dataframe if "drift_note" in d.value.columns]
    gender = groups[groups["group_column"] == render("adverse.group.gender", lang)]
    shown = gender[gender["n"].notna()]
    assert set(shown["group"]) == {"男", "女"}
    # counts, shares and Wilson intervals: the moved person, down in both sessions
    assert (shown["n"] >= shown["people"]).all() and (shown["sessions"] == 2).all()
    con = duckdb.connect(str(path), read_only=True)
    (his,) = con.execute(
        "SELECT value FROM person_groups WHERE employee_id = $e AND group_column = 'gender' "
        "ORDER BY cycle_id DESC NULLS LAST LIMIT 1",
        {"e": person},
    ).fetchone()
    con.close()
    assert dict(zip(shown["group"], shown["moved_down"], strict=True))[his] == 2
    assert shown["moved_down"].sum() == 2 and shown["moved_up"].sum() == 0
    # (the table's shares are rounded to the 0.1% it shows: ui.tables.rounded_percents)
    near = dict(abs=5e-4)
    for r in shown.itertuples():
        lo, hi = wilson(int(r.moved_down), int(r.n))
        assert r.down_ci95_low == pytest.approx(lo, **near)
        assert r.down_ci95_high == pytest.approx(hi, **near)
        assert r.moved_down_share == pytest.approx(r.moved_down / r.n, **near)
    # a gender nobody in a session has: "cannot be estimated", no 0
    (absent,) = gender[gender["group"] == "未披露"].itertuples()
    assert absent.drift_note == render("cs.drift_not_estimable", lang)
    assert pd.isna(absent.moved_down_share) and pd.isna(absent.n)
    # a tenure band of 2 people (k = 3): no number, the reason said
    tenure = groups[groups["group_column"] == render("adverse.group.tenure", lang)]
    (few,) = tenure[tenure["group"] == "0-1"].itertuples()
    assert pd.isna(few.n) and pd.isna(few.moved_down_share) and pd.isna(few.people)
    assert few.privacy == render("reason.suppressed_fewer_than_k", lang, k=3)
