"""load_scope: the company scope shares the company's side tables instead of copying them, and
any scope still keeps only the rows about its people."""

from __future__ import annotations

import polars as pl

from analytics.findings.scope import Scope, load_scope, rows_about


def test_rows_about_people_outside_the_roster_are_left_out() -> None:
    ids = pl.DataFrame({"employee_id": ["E1", "E2"]})
    kpis = pl.DataFrame({"employee_id": ["E1", "E2", "E2"], "kpi": ["a", "b", "c"]})
    assert rows_about(kpis, ids, everyone=True) is kpis  # every row is about the people: no copy
    assert rows_about(kpis, ids) is not kpis and rows_about(kpis, ids).equals(kpis)
    stray = pl.concat([kpis, pl.DataFrame({"employee_id": ["E9"], "kpi": ["d"]})])
    assert rows_about(stray, ids, everyone=True)["employee_id"].to_list() == ["E1", "E2", "E2"]
    nulls = pl.DataFrame({"employee_id": ["E1", None], "kpi": ["a", "b"]})
    assert rows_about(nulls, ids, everyone=True)["kpi"].to_list() == ["a"]  # no id: about no one
    assert rows_about(kpis, ids.clear(), everyone=True).is_empty()
    cat = kpis.with_columns(pl.col("employee_id").cast(pl.Categorical))  # ids cast to its dtype
    assert rows_about(cat, pl.DataFrame({"employee_id": ["E2"]}))["kpi"].to_list() == ["b", "c"]


def test_company_scope_shares_the_side_tables_a_department_narrows_them(demo_con) -> None:
    company = load_scope(demo_con, Scope(), materialised=False)
    assert company.kpi_results is company.extras["company_kpi"]
    assert company.outcomes is company.extras["company_outcomes"]
    dept = company.employees["department"].drop_nulls().str.split("/").list.first().mode()[0]
    narrowed = load_scope(demo_con, Scope(department=dept), materialised=False)
    people = set(narrowed.employees["employee_id"].to_list())
    assert 0 < narrowed.kpi_results.height < company.kpi_results.height
    assert set(narrowed.kpi_results["employee_id"].unique().to_list()) <= people
