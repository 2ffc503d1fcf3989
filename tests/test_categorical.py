"""The ratings frame with Categorical text columns (``db.ratings_frame``'s default, and with
the ids Categorical too) gives the same numbers, and the same String-typed outputs, as the
plain String frame."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import schema as S
from analytics.findings.scope import Scope, load_scope
from analytics.stats import attribution, distributions, gaps, potential, raters, reliability
from analytics.store import db

TOL = {"check_exact": False, "rel_tol": 1e-9, "abs_tol": 1e-12}


@pytest.fixture()
def frames(demo_con):
    text = db.ratings_frame(demo_con, categorical=False)
    # every text column Categorical, ids included: what the analyses must also accept
    cat = text.with_columns(pl.col(pl.String).cast(pl.Categorical))
    tables = {
        t.name: db.read_table(demo_con, t)
        for t in (S.OUTCOMES, S.EMPLOYEES, S.CYCLES, S.KPI_RESULTS)
    }
    return text, cat, tables


def test_ratings_frame_is_categorical_and_smaller(small_con) -> None:
    text = db.ratings_frame(small_con, categorical=False)
    cat = db.ratings_frame(small_con)
    labels = {
        "rater_role",
        "dimension",
        "department",
        "team",
        "level",
        "job_family",
        "manager_id",
        "cycle_id",
        "employee_id",
        "rater_id",
    }
    for c, dtype in cat.schema.items():
        assert (dtype == pl.Categorical) == (c in labels), c
    assert cat.estimated_size() < 0.8 * text.estimated_size()
    cols = text.columns  # DuckDB returns the rows in any order
    assert_frame_equal(
        cat.with_columns(pl.col(pl.Categorical).cast(pl.String)).sort(cols), text.sort(cols)
    )
    ids = db.ratings_frame(small_con, categorical=("cycle_id", "employee_id"))
    assert ids.schema["employee_id"] == pl.Categorical and ids.schema["rater_role"] == pl.String


def _same(a: pl.DataFrame, b: pl.DataFrame, sort: list[str] | None = None) -> None:
    if sort:
        a, b = a.sort(sort, nulls_last=True), b.sort(sort, nulls_last=True)
    assert not any(isinstance(t, pl.Categorical) for t in b.schema.values()), b.schema
    assert_frame_equal(a, b, **TOL)


def test_analyses_equal_on_categorical_and_string_frames(frames) -> None:
    text, cat, t = frames
    outcomes, employees, cycles, kpis = (
        t["outcomes"],
        t["employees"],
        t["cycles"],
        t["kpi_results"],
    )
    _same(
        distributions.employee_scores(text, outcomes), distributions.employee_scores(cat, outcomes)
    )
    _same(distributions.employee_scores(text), distributions.employee_scores(cat))
    _same(gaps.source_means(text), gaps.source_means(cat))
    _same(gaps.recheck_list(text), gaps.recheck_list(cat))
    eff_t, eff_c = raters.rater_effects(text), raters.rater_effects(cat)
    _same(eff_t, eff_c, ["rater_id"])
    _same(raters.rater_table(text, kpis), raters.rater_table(cat, kpis), ["rater_id"])
    adj_t, adj_c = raters.adjusted_scores(text, eff_t), raters.adjusted_scores(cat, eff_t)
    _same(adj_t, adj_c)
    keys = ["employee_id", "from_order"]
    _same(
        attribution.score_changes(text, eff_t, kpis),
        attribution.score_changes(cat, eff_t, kpis),
        keys,
    )
    prof_t = potential.performance_profile(adj_t, employees, outcomes, text, cycles, eff_t)
    prof_c = potential.performance_profile(adj_t, employees, outcomes, cat, cycles, eff_t)
    # tied percentiles (equal adjusted scores) follow float summation order: not compared
    drop = [c for c in prof_t.columns if c.startswith("pct") or c in ("consistency",)]
    _same(prof_t.drop(drop), prof_c.drop(drop), ["employee_id"])


def test_scope_filters_work_on_categorical_frames(small_con) -> None:
    emp = db.read_table(small_con, S.EMPLOYEES)
    dept = emp["department"].drop_nulls().sort()[0].split("/")[0]
    data = load_scope(small_con, Scope(department=dept, level="P5"))
    assert data.ratings.height > 0
    assert data.ratings["department"].cast(pl.String).str.starts_with(dept).all()
    assert (data.ratings["level"] == "P5").all()
    assert data.employees.height > 0
    assert data.employees["department"].str.starts_with(dept).all()


def test_bench_icc_input_matches_a_plain_reference(frames) -> None:
    """The packed-key pair aggregation of the benchmark equals the obvious one: pair means,
    sorted by id, the first three raters of people with at least three."""
    from bench.ours import ICC_K, icc_input

    text, cat, _ = frames
    ref = (
        text.filter((pl.col("rater_role") != "self") & pl.col("rater_id").is_not_null())
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg(pl.col("score").mean(), pl.col("department").first())
        .sort("cycle_id", "employee_id", "rater_id")
        .with_columns(slot=pl.int_range(pl.len()).over("cycle_id", "employee_id"))
        .filter(pl.col("slot") < ICC_K)
        .filter(pl.len().over("cycle_id", "employee_id") == ICC_K)
        .with_columns(
            group=pl.col("cycle_id") + "|" + pl.col("department").str.split("/").list.first()
        )
    )
    a = reliability.icc_by_group(ref, "group", "employee_id", "slot", "score")
    for frame in (cat, text):
        got = icc_input(frame)
        assert got.height == ref.height
        b = reliability.icc_by_group(got, "group", "employee_id", "slot", "score")
        j = a.join(b.with_columns(pl.col("group").cast(pl.String)), on=["group", "type"])
        assert j.height == a.height == b.height
        for c in ("icc", "f", "pval", "ci95_low", "ci95_high"):
            assert (j[c] - j[c + "_right"]).abs().max() < 1e-9, c


def test_streamed_frame_spans_batches_and_keeps_schema_when_empty(small_con, monkeypatch):
    """The frame is streamed in batches (small ones here, so there are many): the same rows as
    one read; an empty selection keeps the dtypes."""
    from analytics.store import db as D

    whole = db.ratings_frame(small_con)
    monkeypatch.setattr(D, "_BATCH_ROWS", 1000)
    small = db.ratings_frame(small_con)
    assert small.height == whole.height > 10_000 and small.schema == whole.schema
    cols = whole.columns
    assert_frame_equal(
        small.with_columns(pl.col(pl.Categorical).cast(pl.String)).sort(cols),
        whole.with_columns(pl.col(pl.Categorical).cast(pl.String)).sort(cols),
    )
    empty = db.ratings_frame(small_con, cycles=["no such cycle"])
    assert empty.height == 0 and empty.schema == whole.schema


def test_ratee_attributes_gathered_by_code_equal_the_join() -> None:
    """The default frame gathers the ratee's attributes from the people table by the id's code
    (``db.ratings_frame``): the same rows as DuckDB's join, for the whole company, a department
    subtree and a cycle; a rating about someone not on the people table gets null attributes,
    as the left join gives; a department filter leaves such ratings out, as the join's filter."""
    con = db.connect(":memory:")
    con.execute(
        "INSERT INTO employees (employee_id, department, team, level, job_family, manager_id) "
        "VALUES ('a', 'D', 'D/t1', 'P5', 'eng', 'm'), ('b', 'D/x', NULL, 'P6', 'eng', 'a'), "
        "('c', 'E', 'E/t', 'P5', NULL, NULL), ('m', 'D', NULL, 'M1', 'mgmt', NULL)"
    )
    con.execute("INSERT INTO cycles (cycle_id, ordering) VALUES ('c1', 1), ('c2', 2)")
    con.execute("INSERT INTO review_batches VALUES (1, 'i', '1-5')")
    rows = [
        (cyc, emp, rater, role, dim, score)
        for cyc in ("c1", "c2")
        for emp, rater, role in (
            ("a", "m", "manager"),
            ("b", "a", "manager"),
            ("c", "c", "self"),
            ("zz", "a", "peer"),  # not on the people table
            ("b", None, "peer"),
        )
        for dim, score in (("q", 0.5), ("growth", 0.25))
    ]
    con.executemany(
        "INSERT INTO review_rows (cycle_id, employee_id, rater_id, rater_role, dimension, "
        "score, batch) VALUES (?, ?, ?, ?, ?, ?, 1)",
        rows,
    )
    # every text column Categorical but the manager id: the path through DuckDB's join
    by_join_cats = ("cycle_id", "employee_id", "rater_id", "rater_role", "dimension")
    by_join_cats += ("department", "team", "level", "job_family")
    text = pl.col(pl.Categorical).cast(pl.String)
    for cycles, dept, n in (
        (None, None, 20),
        (["c2"], None, 10),
        (None, "D", 12),
        (["c1"], "E", 2),
    ):
        gathered = db.ratings_frame(con, cycles, dept)
        by_join = db.ratings_frame(con, cycles, dept, categorical=by_join_cats)
        by_join = by_join.with_columns(pl.col("manager_id").cast(pl.Categorical))
        assert gathered.schema == by_join.schema and gathered.height == n
        cols = gathered.columns
        assert_frame_equal(
            gathered.with_columns(text).sort(cols, nulls_last=True),
            by_join.with_columns(text).sort(cols, nulls_last=True),
        )
        unknown = gathered.filter(pl.col("employee_id") == "zz")
        assert unknown.height == (0 if dept else 2 * len(cycles or "12"))
        attrs = unknown.select(db.RATEE_ATTRIBUTES)
        assert attrs.null_count().row(0) == (unknown.height,) * 5
    con.close()
