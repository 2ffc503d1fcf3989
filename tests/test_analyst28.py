"""The pseudonymised analyst's sections stored at import (session 28): her scopes leave the few
people at a department's root out (``Scope.excluded``), so the sections stored for everyone
else never served her and each was computed on demand. The refresh stores the company's and
each stored department's sections without those people (``store.EXCLUDED*``, from
``store.STORED_EXCLUDED_COMPANY_RATINGS`` ratings); her scopes read them, with the numbers the
on-demand computation gives."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import schema as S
from analytics.findings import stored
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.materialise import UNSTORED_SECTIONS
from analytics.findings.scope import Scope, root_few
from analytics.findings.sections import SECTIONS, compute_section
from analytics.findings.visibility import MIN_SCOPE_PEOPLE
from analytics.store import db
from analytics.store import parts as store
from tests.readonly import reading

TOL = {"check_exact": False, "rel_tol": 1e-9, "abs_tol": 1e-9}
NAMES = [n for n in SECTIONS if n not in UNSTORED_SECTIONS]


@pytest.fixture(scope="module")
def stored_db(sized_small):
    """The small demo refreshed as a company above the size rule: its analyst's sections stored
    (the refresh tests/test_lazyscope.py's size tests read too: ``sized_small``)."""
    out = sized_small["refresh"]
    assert out["excluded"] > 0 and out["xsec:summary"] == 1
    return sized_small["db"]


def _left_out(con) -> tuple[str, ...]:
    return root_few(db.read_table(con, S.EMPLOYEES), MIN_SCOPE_PEOPLE)


def _department_of_a_left_out_person(con, left: tuple[str, ...]) -> str:
    roots = db.read_table(con, S.EMPLOYEES).filter(pl.col("employee_id").is_in(list(left)))
    return roots["department"].sort()[0].split("/")[0]


def test_below_the_size_rule_nothing_is_stored_and_her_scopes_compute(small_demo_db):
    with reading(small_demo_db) as con:
        left = _left_out(con)
        assert left and not stored.stale(con)
        assert not any(t.startswith(("mat_x", store.EXCLUDED)) for t in stored.available(con))
        assert not load_scope_lazy(con, Scope(excluded=left)).stored_without_root()


def test_her_company_and_department_sections_are_stored_with_the_numbers_on_demand(stored_db):
    """Every stored section of her company scope and of a top-level department holding one of
    the people left out: read from the store, equal to the computation on demand (the path
    every scope of hers took before) to 1e-9, and never a row of the people left out."""
    with reading(stored_db) as con:
        assert not stored.stale(con)
        left = _left_out(con)
        dept = _department_of_a_left_out_person(con, left)
        for scope in (Scope(excluded=left), Scope(department=dept, excluded=left)):
            read = load_scope_lazy(con, scope)
            demand = load_scope_lazy(con, scope)
            demand._without_root = False  # as before: nothing stored serves her
            assert read.stored_without_root()
            for name in NAMES:
                got, want = compute_section(name, read), compute_section(name, demand)
                assert (got is None) == (want is None), (scope, name)
                if got is None:
                    continue
                assert read.stored_section(name) is not None, (scope, name)  # read, not computed
                if "generated_at" in got.columns:
                    got, want = got.drop("generated_at"), want.drop("generated_at")
                assert_frame_equal(got, want, **TOL, check_dtypes=False)
                if "employee_id" in got.columns:
                    assert not got["employee_id"].cast(pl.String).is_in(list(left)).any(), name
            assert read.rating_reads == 0 and not read.is_loaded("ratings")


def test_another_left_out_set_or_any_other_filter_is_computed_on_demand(stored_db):
    with reading(stored_db) as con:
        left = _left_out(con)
        assert load_scope_lazy(con, Scope(excluded=left)).stored_without_root()
        paths = db.read_table(con, S.EMPLOYEES)["department"].drop_nulls().unique().sort()
        kept = con.execute(
            f"SELECT DISTINCT {store.DEPT_COLUMN} FROM {store.EXCLUDED_DEPT_SECTION_PREFIX}summary"
        ).fetchall()
        deep = next(
            p for p in paths if "/" in p and (p,) not in kept
        )  # a sub-department not stored
        for scope in (
            Scope(excluded=left[1:]),  # not the set the refresh left out
            Scope(excluded=left, cycles=("2025Q3",)),
            Scope(excluded=left, level="P5"),
            Scope(department=deep, excluded=left),
        ):
            data = load_scope_lazy(con, scope)
            assert not data.stored_without_root(), scope
            assert data.stored_section("summary") is None, scope
            assert compute_section("summary", data) is not None, scope
