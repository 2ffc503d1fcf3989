"""load_scope: the company scope shares the company's side tables instead of copying them, and
any scope still keeps only the rows about its people."""

from __future__ import annotations

import polars as pl

from analytics.scope import Scope, _about, load_scope


def test_rows_about_people_outside_the_roster_are_left_out() -> None:
    ids = pl.DataFrame({"employee_id": ["E1", "E2"]})
    kpis = pl.DataFrame({"employee_id": ["E1", "E2", "E2"], "kpi": ["a", "b", "c"]})
    assert _about(kpis, ids) is kpis  # every row is about the people: no copy
    stray = pl.concat([kpis, pl.DataFrame({"employee_id": ["E9"], "kpi": ["d"]})])
    assert _about(stray, ids)["employee_id"].to_list() == ["E1", "E2", "E2"]
    nulls = pl.DataFrame({"employee_id": ["E1", None], "kpi": ["a", "b"]})
    assert _about(nulls, ids)["kpi"].to_list() == ["a"]  # a row without an id is about no one
    assert _about(kpis, ids.clear()).is_empty()


def test_company_scope_shares_the_side_tables_a_department_narrows_them(demo_con) -> None:
    company = load_scope(demo_con, Scope(), materialised=False)
    assert company.kpi_results is company.extras["company_kpi"]
    assert company.outcomes is company.extras["company_outcomes"]
    dept = company.employees["department"].drop_nulls().str.split("/").list.first().mode()[0]
    narrowed = load_scope(demo_con, Scope(department=dept), materialised=False)
    people = set(narrowed.employees["employee_id"].to_list())
    assert 0 < narrowed.kpi_results.height < company.kpi_results.height
    assert set(narrowed.kpi_results["employee_id"].unique().to_list()) <= people
