"""rev35 finding 1: agreement on grades (kappa, its observed and chance agreement) and the G and
D studies pool every rating of a scope's people. A department head who narrowed the rater page
to one person (team + level) and the peer role read on which of 6 dimensions that person's two
peers agreed and how many of their ratings fell in each grade. Below hr_admin, over fewer than k
people, they are withheld with the reason; the administrator and larger scopes keep them."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.auth.roles import LOCAL_ADMIN, Viewer
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.visibility import FEW_PEOPLE_POOLED, View, view_for
from analytics.store import db
from analytics.text import render

HEAD = Viewer("head@example.com", "dept_head", ("研发中心",))
SECTIONS = ("agreement", "g_study", "decision_study")


@pytest.fixture(scope="module")
def con(small_demo_db):
    c = db.connect(small_demo_db, read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def one_person(con) -> Scope:
    """A team x level of 研发中心 holding one rated person (the reviewer's kind of selection)."""
    found = db.query(
        con,
        """SELECT department, team, level FROM employees
           WHERE department LIKE '研发中心%' AND team IS NOT NULL
           GROUP BY ALL HAVING count(*) = 1 ORDER BY ALL LIMIT 1""",
    ).row(0, named=True)
    return Scope(department=found["department"], team=found["team"], level=found["level"])


def test_below_hr_admin_one_persons_kappa_and_g_study_are_withheld(con, one_person):
    data = load_scope_lazy(con, one_person)
    assert data.summary_counts()["employees"] == 1
    head = build_findings(con, data=data, sections=SECTIONS, view=view_for(HEAD, con))
    kappa = head.sections["agreement"]
    assert kappa.height > 0 and (kappa["reason"] == FEW_PEOPLE_POOLED).all()
    assert (
        kappa.select(pl.col("kappa", "p_observed", "p_expected", "n").null_count().sum()).row(0)
        == (kappa.height,) * 4
    )
    assert head.sections["g_study"].is_empty() and head.sections["decision_study"].is_empty()
    admin = build_findings(
        con,
        data=load_scope_lazy(con, one_person),
        sections=SECTIONS,
        view=view_for(LOCAL_ADMIN, con),
    )
    assert (admin.sections["agreement"]["reason"] != FEW_PEOPLE_POOLED).fill_null(True).all()
    assert admin.sections["g_study"].height > 0  # the administrator keeps the numbers


def test_the_rule_keeps_k_people_and_other_sections():
    view = View(viewer=HEAD, reach=Scope(), allowed=None)
    frame = pl.DataFrame(
        {
            "cycle_id": ["c"],
            "measure": ["fleiss_kappa"],
            "design": ["x"],
            "kappa": [0.2],
            "p_observed": [0.5],
            "n": [6],
            "reason": pl.Series([None], dtype=pl.String),
        }
    )
    assert view.pooled("agreement", frame, lambda: 3).equals(frame)  # k = 3 people: shown
    assert view.pooled("scores", frame, lambda: 1).equals(frame)  # not a pooled section
    hidden = view.pooled("agreement", frame, lambda: 2)
    assert hidden["kappa"].to_list() == [None] and hidden["reason"].to_list() == [FEW_PEOPLE_POOLED]
    assert view.pooled("g_study", frame, lambda: 2).is_empty()
    assert (
        View(viewer=LOCAL_ADMIN, reach=Scope(), allowed=None)
        .pooled("agreement", frame, lambda: 1)
        .equals(frame)
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reason_is_worded(lang):
    said = render(f"reason.{FEW_PEOPLE_POOLED}", lang)
    assert said and "reason." not in said and ("privacy" in said or "隐私" in said)
