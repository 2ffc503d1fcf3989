"""The pseudonymised analyst cannot re-identify anyone (rev27b items 1 and 2): rows about
people keep their quasi-identifiers only as fine as k people of the company share them, and the
few people at a department's root (its head) are left out of that view's scopes, so a
department less its sub-departments is nobody."""

from __future__ import annotations

import polars as pl
import pytest

from analytics import schema as S
from analytics.auth.pseudonym import dataset_key
from analytics.auth.roles import Viewer
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import REPORT_SECTIONS, build_findings
from analytics.findings.scope import Scope
from analytics.findings.visibility import (
    ALWAYS_DROPPED,
    MIN_SCOPE_PEOPLE,
    QUASI_IDENTIFIERS,
    generalised_roster,
    root_few,
    view_for,
)
from analytics.store import db
from tests.readonly import reading

ANALYST = Viewer("data@example.com", "analyst")
K = MIN_SCOPE_PEOPLE


def roster(*rows: tuple[str, str, str | None, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [(*r, "职能") for r in rows],
        schema=["employee_id", "department", "team", "level", "job_family"],
        orient="row",
    )


def test_the_few_at_a_departments_root_are_left_out_not_a_leaf_department():
    people = roster(
        ("head", "财务部", None, "M3"),
        *((f"a{i}", "财务部/核算", "一组", "P5") for i in range(6)),
        ("solo", "法务部", None, "P6"),  # a leaf department: everyone is at its root
    )
    assert root_few(people, K) == ("head",)
    five_heads = pl.concat([people, roster(*((f"h{i}", "财务部", None, "M1") for i in range(4)))])
    assert root_few(five_heads, K) == ()  # five at the root: a unit of k, not one person


def test_coarsening_keeps_what_k_people_share_and_drops_a_top_department_under_k():
    people = roster(
        *((f"p{i}", "销售/华东", "一组", "P5") for i in range(5)),
        *((f"q{i}", "销售/华东", "一组", "P6") for i in range(4)),  # 4 P6: level too fine
        *((f"r{i}", "销售/华南", "二组", "P6") for i in range(6)),
        *((f"s{i}", "法务", None, "P5") for i in range(3)),  # 3 people: nothing reaches k
    )
    out = generalised_roster(people, K).sort("employee_id")
    assert set(out["employee_id"]) == set(people["employee_id"]) - {"s0", "s1", "s2"}
    sales = out.filter(pl.col("employee_id").str.starts_with("p"))
    # team 一组 holds 9, level P6 in 华东 only 4: the department and team stay, level goes
    assert sales.row(0, named=True) == {
        "employee_id": "p0",
        "department": "销售/华东",
        "team": "一组",
        "level": None,
        "job_family": "职能",
        "_cut": False,
    }
    assert out.filter(pl.col("employee_id") == "r0")["level"].item() is None  # one choice each top


@pytest.fixture(scope="module")
def con(demo_db):
    with reading(demo_db) as c:
        yield c


@pytest.fixture(scope="module")
def db_file(demo_db):
    return demo_db


def findings(con, view, scope: Scope, sections=REPORT_SECTIONS):
    data = load_scope_lazy(con, view.clip(scope))
    return build_findings(con, view=view, data=data, sections=sections)


def test_every_row_level_frame_of_the_analyst_is_k_anonymous_over_the_company(con, db_file):
    view = view_for(ANALYST, con, key=dataset_key(db_file))
    company = db.read_table(con, S.EMPLOYEES).filter(
        ~pl.col("employee_id").is_in(list(view.excluded))
    )
    coarse = generalised_roster(company, K)  # every person's kept identifiers
    checked, walked = 0, set()
    scopes = (
        Scope(department="财务部", cycles=("2025Q4", "2026Q1")),  # attribution's rows too
        Scope(cycles=("2026Q1",)),
    )
    for scope in scopes:
        found = findings(con, view, scope)
        for name, frame in found.sections.items():
            if "employee_id" not in frame.columns or frame.is_empty():
                continue
            assert not frame["employee_id"].cast(pl.String).str.starts_with("E").any(), name
            for col in ALWAYS_DROPPED:
                if col in frame.columns:
                    assert frame[col].null_count() == frame.height, (name, col)
            texts = [c for c, t in frame.schema.items() if t in (pl.String, pl.Categorical)]
            frame = frame.select(texts)  # attribution's "department" is a number (a part)
            path = next((c for c in ("department", "department_path", "dept") if c in texts), None)
            if path is not None and path != "department":
                frame = frame.drop("department", strict=False).rename({path: "department"})
            kept = [c for c in QUASI_IDENTIFIERS if c in frame.columns]
            if not kept:
                continue
            combos = frame.select(kept).unique()
            # how many people of the company match each kept combination (null: any value)
            for combo in combos.iter_rows(named=True):
                match = pl.lit(True)
                for col, value in combo.items():
                    if value is None:
                        continue
                    if col == "department":  # a path cut short stands for its subtree
                        match &= (pl.col(col) == value) | pl.col(col).str.starts_with(value + "/")
                    else:
                        match &= pl.col(col) == value
                people = company.filter(match).height
                assert people >= K, (name, combo, people)
                checked += 1
            # the kept values are the generalised roster's, never finer
            if "department" in kept:
                assert frame["department"].is_in(coarse["department"].implode()).all(), name
            walked.add(name)
    assert checked > 20
    assert {"adjusted", "attribution"} <= walked, walked


def test_the_reviewers_unique_p7_is_no_longer_told_by_its_row(con, db_file):
    view = view_for(ANALYST, con, key=dataset_key(db_file))
    found = findings(con, view, Scope(department="财务部", cycles=("2026Q1",)), ("adjusted",))
    rows = found.sections["adjusted"]
    assert rows.height >= 100
    cells = rows.group_by([c for c in ("department", "team", "level") if c in rows.columns]).len()
    assert cells["len"].min() >= K
    assert "manager_id" not in rows.columns or rows["manager_id"].null_count() == rows.height


def test_finance_less_its_sub_departments_is_nobody_for_the_analyst(con, db_file):
    """rev27b item 2: 130·3.164 − 66·3.158 − 63·3.168 gave the head's 3.31 (recorded 3.36)
    and 27 − 12 − 15 = 0 that he is not S/A; now 财务部 holds its sub-departments only."""
    view = view_for(ANALYST, con, key=dataset_key(db_file))
    head = db.read_table(con, S.EMPLOYEES).filter(pl.col("department") == "财务部")
    assert head["employee_id"].to_list() == ["E000004"]
    assert "E000004" in view.excluded

    def totals(dept: str) -> dict:
        found = findings(con, view, Scope(department=dept, cycles=("2026Q1",)), ("inflation",))
        return found.sections["inflation"].row(0, named=True)

    whole, a, b = (totals(d) for d in ("财务部", "财务部/财务核算部", "财务部/资金管理部"))
    assert (whole["n"], a["n"], b["n"]) == (129, 66, 63)
    assert whole["n"] - a["n"] - b["n"] == 0  # nobody left to subtract
    rest = whole["n"] * whole["mean"] - a["n"] * a["mean"] - b["n"] * b["mean"]
    assert abs(rest) < 1e-6  # no score by subtraction (it was 3.31)
    found = findings(con, view, Scope(department="财务部", cycles=("2026Q1",)), ("distribution",))
    dist = found.sections["distribution"]
    assert dist["mean"].null_count() == 0 and dist.height == 2  # no unit hidden now
    company = findings(con, view, Scope(cycles=("2026Q1",)), ("adjusted",))
    ids = company.sections["adjusted"]["employee_id"]
    from analytics.auth.pseudonym import pseudonymise

    hashed = pseudonymise(pl.Series(["E000004"]), dataset_key(db_file))[0]
    assert hashed not in ids.to_list()  # nor in the company's rows


@pytest.mark.parametrize(
    "viewer",
    [
        Viewer("admin@example.com", "hr_admin"),
        Viewer("li.na@example.com", "dept_head", ("研发中心",)),
        Viewer("mgr@example.com", "manager", employee_id="E000807"),
    ],
)
def test_other_roles_see_what_they_saw(con, viewer):
    view = view_for(viewer, con)
    assert view.excluded == () and view.coarse is None
    scope = view.clip(Scope(cycles=("2026Q1",)))
    assert scope.excluded == ()


def test_as_a_whole_counts_the_units_of_one_too():
    """rev27b item 4: "市场部 as a whole (167 people)" where the scope holds 168 (its head, a
    unit of one, is left out of the unit comparisons): the whole is the whole."""
    from analytics.findings.headlines import guideline_whole_lines

    shares = pl.DataFrame(
        {
            "unit": ["a", "a", "b", "b"],
            "grade": ["S", "B", "S", "B"],
            "n": [100, 100, 67, 67],
            "count": [2, 98, 1, 66],
        }
    )
    guideline = {"S": 0.2, "B": 0.8}
    (code, units), *_ = guideline_whole_lines(shares, guideline, "x")
    assert code == "dist.whole_below" and units["n"] == 167
    (code, whole), *_ = guideline_whole_lines(shares, guideline, "x", whole=(168, 3))
    assert whole["n"] == 168 and whole["share"] == pytest.approx(3 / 168)
    assert whole["lo"] == pytest.approx(0.0061, abs=1e-4)  # Wilson, as the reviewer's 0.61%
