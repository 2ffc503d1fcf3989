"""Complementary suppression (rev26b item 1): a view that may not see individuals (the
pseudonymised analyst) gets no unit breakdown whose units, subtracted from the scope's totals,
leave fewer than k people (财务部: 130 people, its sub-departments of 66 and 63 shown and the
head alone left out gave his score by subtraction). Hand-worked cases of the rule, the demo's
财务部 and 研发中心 P7 scopes, and the administrator unchanged."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from analytics.auth.pseudonym import dataset_key
from analytics.auth.roles import LOCAL_ADMIN, Viewer
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.visibility import (
    View,
    hidden_by_subtraction,
    unit_sizes,
    view_for,
    withheld_units,
)
from analytics.text import render, render_frame
from tests.readonly import reading

ANALYST = Viewer("data@example.com", "analyst")
UNIT_SECTIONS = ("distribution", "score_box", "heatmap", "guideline_units", "grade_shares")


def sizes(*rows: tuple[str, str, int]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["unit", "cycle_id", "n"], orient="row")


def withheld(*rows: tuple[str, str, int]) -> list[tuple[str, str]]:
    out = withheld_units(sizes(*rows), 5).sort("cycle_id", "unit")
    return list(out.iter_rows())


def test_a_lone_head_hides_the_smaller_of_the_units_shown():
    # 130 = 1 + 66 + 63: hiding 63 leaves 64 hidden people, more than k
    assert withheld(("财务部", "Q1", 1), ("财务核算部", "Q1", 66), ("资金管理部", "Q1", 63)) == [
        ("资金管理部", "Q1")
    ]


def test_four_hidden_people_hide_the_other_unit_and_each_cycle_is_its_own():
    # 9 = 4 + 5 in Q1: 9 - 5 would give the 4; in Q2 nobody is hidden (5 + 6)
    rows = (("平台", "Q1", 4), ("应用", "Q1", 5), ("平台", "Q2", 5), ("应用", "Q2", 6))
    assert withheld(*rows) == [("应用", "Q1")]


def test_hidden_units_holding_k_people_already_hide_nothing_more():
    assert withheld(("a", "Q1", 2), ("b", "Q1", 3), ("c", "Q1", 40), ("d", "Q1", 50)) == []
    assert withheld(("c", "Q1", 40), ("d", "Q1", 50)) == []  # none hidden at all


def test_equal_sizes_are_taken_by_name():
    assert withheld(("z", "Q1", 1), ("b", "Q1", 7), ("a", "Q1", 7)) == [("a", "Q1")]


def test_unit_sizes_count_people_per_unit_and_cycle_in_cycle_order():
    scores = pl.DataFrame(
        {
            "unit": ["x", "x", "y", "x"],
            "cycle_id": ["B", "B", "B", "A"],
            "cycle_order": [2, 2, 2, 1],
        }
    )
    assert unit_sizes(scores).rows() == [("x", "A", 1), ("x", "B", 2), ("y", "B", 1)]


def test_pairs_and_frames_without_cycles_follow_the_withheld_units():
    view = View(ANALYST, Scope(), frozenset(), key=b"k" * 32, pseudonymised=True)
    s = sizes(("head", "Q1", 2), ("head", "Q2", 1), ("a", "Q2", 9), ("b", "Q2", 8))
    pairs = pl.DataFrame({"cycle_id": ["Q2"], "unit_a": ["a"], "unit_b": ["b"], "pval": [0.2]})
    shown = view.frame(pairs, s)
    assert shown["pval"].to_list() == [None]
    latest = pl.DataFrame({"unit": ["a", "b"], "n": [9, 8], "share": [0.1, 0.2]})
    shown = view.frame(latest, s)  # no cycle: the scope's latest cycle, Q2
    assert shown["share"].to_list() == [0.1, None] and shown["n"].to_list() == [9, None]
    assert hidden_by_subtraction(shown).to_list() == ["b"]
    said = render_frame(shown, "en")["privacy"].to_list()
    assert said[0] is None and "cannot be worked out by subtraction" in said[1]
    assert "相减" in render_frame(shown, "zh")["privacy"].to_list()[1]


@pytest.fixture(scope="module")
def db_file(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("priv26") / "perflens.duckdb"
    shutil.copyfile(demo_db, path)
    return path


@pytest.fixture(scope="module")
def con(db_file):
    with reading(db_file) as c:
        yield c


def analyst_findings(con, db_file, scope: Scope):
    view = view_for(ANALYST, con, key=dataset_key(db_file))
    data = load_scope_lazy(con, view.clip(scope))
    return build_findings(con, view=view, data=data, sections=("inflation", *UNIT_SECTIONS))


def test_the_reviewers_finance_case_no_longer_gives_the_heads_score(con, db_file):
    # the head at 财务部's root is left out of the analyst's scopes now (rev27b item 2): the
    # two sub-departments are the whole, nobody is left to subtract, so none is hidden
    scope = Scope(department="财务部", cycles=("2026Q1",))
    found = analyst_findings(con, db_file, scope)
    total = found.sections["inflation"].row(0, named=True)
    dist = found.sections["distribution"]
    assert total["n"] == 129 and dist.height == 2  # 66 + 63, the head left out
    assert dist["n"].sum() == total["n"] and dist["mean"].null_count() == 0
    for name in UNIT_SECTIONS:  # no unit breakdown hides a unit for it any more
        assert not hidden_by_subtraction(found.sections[name]).len(), name
    admin = build_findings(con, data=load_scope_lazy(con, scope), sections=UNIT_SECTIONS)
    assert admin.sections["distribution"]["mean"].null_count() == 0  # as it was
    assert "privacy" not in admin.sections["distribution"].columns
    assert (
        build_findings(con, data=load_scope_lazy(con, scope), sections=("inflation",))["inflation"][
            "n"
        ][0]
        == 130
    )  # the administrator's whole is the whole


def test_four_people_beside_five_hide_the_five_too(con, db_file):
    found = analyst_findings(con, db_file, Scope(department="研发中心", level="P7"))
    dist = found.sections["distribution"]
    assert dist["mean"].null_count() == dist.height  # 4 + 5 people: nothing by subtraction
    fives = dist.filter(pl.col("privacy").struct.field("code") == "suppressed_by_subtraction")
    assert fives.height == dist["cycle_id"].n_unique()  # one unit per cycle


def test_a_department_head_sees_her_units_as_before(con):
    head = Viewer("li.na@example.com", "dept_head", ("研发中心",))
    view = view_for(head, con)
    data = load_scope_lazy(con, view.clip(Scope(level="P7")))
    found = build_findings(con, view=view, data=data, sections=("distribution",))
    assert not hidden_by_subtraction(found.sections["distribution"]).len()
    assert render("reason.suppressed_by_subtraction", "en", k=5)  # in the catalogue
    assert LOCAL_ADMIN.is_admin
