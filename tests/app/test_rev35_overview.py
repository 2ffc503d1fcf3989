"""rev35 finding 2: the overview's tables (per cycle, per rater role, review completion per
department) counted the whole company for every viewer: a department head read 2,000 people,
every department's completion and the company's peer ratings beside his own 423-person tiles.
Now a viewer with a reach reads that reach's counts, said in a caption; the administrator
reads the dataset's."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics.auth.roles import LOCAL_ADMIN, Viewer
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope, overview_counts
from analytics.text import render

ROOT = Path(__file__).resolve().parents[2]
HEAD = Viewer("li.na@example.com", "dept_head", ("研发中心",))


@pytest.fixture(scope="module")
def db_path(small_demo_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rev35_overview") / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)
    return path


@pytest.fixture(scope="module")
def counts(db_path) -> dict:
    """The 研发中心 subtree's and the company's counts, from DuckDB by hand."""
    con = duckdb.connect(str(db_path), read_only=True)
    mine = """FROM review_rows r JOIN employees e USING (employee_id)
              WHERE e.department = '研发中心' OR starts_with(e.department, '研发中心/')"""
    head = con.execute(f"SELECT count(*), count(DISTINCT employee_id) {mine}").fetchone()
    company = con.execute("SELECT count(*) FROM review_rows").fetchone()[0]
    departments = con.execute(
        "SELECT count(DISTINCT split_part(department, '/', 1)) FROM employees"
    ).fetchone()[0]
    con.close()
    return {"ratings": head[0], "people": head[1], "company": company, "depts": departments}


def test_a_scopes_overview_counts_only_its_rows(db_path, counts):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        mine = load_scope_lazy(con, Scope(department="研发中心")).overview_counts()
        every = overview_counts(con)
    finally:
        con.close()
    assert counts["depts"] > 1 and counts["ratings"] < counts["company"]
    assert mine["completion"]["department"].to_list() == ["研发中心"]
    assert mine["per_cycle"]["ratings"].sum() == counts["ratings"]
    assert mine["per_role"]["ratings"].sum() == counts["ratings"]
    assert mine["totals"].row(0, named=True)["employees"] == counts["people"]
    assert every["per_cycle"]["ratings"].sum() == counts["company"]
    assert every["completion"].height == counts["depts"]


def _overview(db_path, monkeypatch, viewer: Viewer, lang: str) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.session_state["viewer"] = viewer
    at.query_params["lang"] = "English" if lang == "en" else "中文"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_department_heads_overview_tables_are_his_department(
    db_path, monkeypatch, counts, lang
):
    at = _overview(db_path, monkeypatch, HEAD, lang)
    frames = [df.value for df in at.dataframe]
    shown = {c for f in frames for c in f.columns}
    per_cycle = next(
        f for f in frames if f.shape[0] and f.iloc[:, 0].astype(str).str.match(r"\d{4}").all()
    )
    assert int(per_cycle.select_dtypes("number").iloc[:, 0].sum()) == counts["ratings"], shown
    department_rows = [
        f for f in frames if f.shape[0] and f.iloc[:, 0].astype(str).eq("研发中心").any()
    ]
    assert department_rows and all(f.shape[0] == 1 for f in department_rows)  # completion: his only
    captions = [c.value for c in at.caption]
    assert render("overview.reach_wide", lang, scope="研发中心") in captions, captions


def test_the_administrators_overview_is_the_datasets(db_path, monkeypatch, counts):
    at = _overview(db_path, monkeypatch, LOCAL_ADMIN, "en")
    frames = [df.value for df in at.dataframe]
    per_cycle = next(
        f for f in frames if f.shape[0] and f.iloc[:, 0].astype(str).str.match(r"\d{4}").all()
    )
    assert int(per_cycle.select_dtypes("number").iloc[:, 0].sum()) == counts["company"]
