"""Who graded whom stored at fit time (``mat_graded``, analytics/findings/graded.py): the refresh
stores it under its own fingerprint, the appeal statistics read it instead of scanning every
rating, and a store without a current copy answers with the scan, as before (session 26). And
the stored sections' rows read by a plain filter come in stored order without a sort."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import polars as pl
import pytest

from analytics import schema as S
from analytics.findings import graded, stored
from analytics.store import db
from analytics.store import parts as store

_KEYS = ["cycle_id", "employee_id", "rater_id", "department"]


@pytest.fixture()
def copy(tmp_path, small_demo_db):
    """A read-write copy of the small demo (refreshed by the running code at its import)."""
    path = tmp_path / "graded.duckdb"
    shutil.copyfile(small_demo_db, path)
    con = db.connect(path)
    yield path, con
    con.close()


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(_KEYS, nulls_last=True)


def test_refresh_stores_who_graded_whom_equal_to_the_scan(copy):
    _, con = copy
    assert store.GRADED in stored.current_tables(con)
    kept = graded.stored_graded(con)
    scanned = graded.graded_people(con)
    assert kept is not None and kept.height == scanned.height > 0
    assert kept.schema == scanned.schema
    assert _sorted(kept).equals(_sorted(scanned))
    assert kept["rater_id"].null_count() < kept.height  # managers found, not a frame of nulls


def test_appeal_statistics_read_the_stored_copy(copy, monkeypatch):
    from analytics.auth.roles import Viewer
    from analytics.calibration.appeal_findings import appeal_findings
    from analytics.findings.scope import Scope
    from analytics.findings.visibility import view_for

    path, con = copy
    admin = view_for(Viewer("root", "hr_admin"), con)
    scanned = graded.graded_people(con)
    last = scanned["cycle_id"].max()
    scopes = (None, Scope(department="研发中心"), Scope(cycles=(last,)))
    given = [
        appeal_findings(con, path, admin, as_of=date(2026, 1, 10), scope=s, graded=scanned)
        for s in scopes
    ]

    def no_scan(con):
        raise AssertionError("scanned every rating although the store holds who graded whom")

    monkeypatch.setattr(graded, "graded_people", no_scan)
    for scope, want in zip(scopes, given):
        got = appeal_findings(con, path, admin, as_of=date(2026, 1, 10), scope=scope)
        for name in ("by_rater", "by_department", "company", "appeals"):
            assert getattr(got, name).equals(getattr(want, name)), (scope, name)


def _forget(con, fingerprint: str | None) -> None:
    """The catalog without ``mat_graded`` (None: and the table dropped), or with its row's
    fingerprint replaced: a store written before it, or by other code."""
    catalog = store.read_catalog(con)
    if fingerprint is None:
        con.execute(f"DROP TABLE {db.q(store.GRADED)}")
        catalog = catalog.filter(pl.col("table_name") != store.GRADED)
    else:
        catalog = catalog.with_columns(
            pl.when(pl.col("table_name") == store.GRADED)
            .then(pl.lit(fingerprint))
            .otherwise(pl.col("fingerprint"))
            .alias("fingerprint")
        )
    store.write_catalog(con, catalog)


@pytest.mark.parametrize("fingerprint", [None, "other code"])
def test_a_store_without_a_current_copy_answers_with_the_scan(copy, fingerprint):
    _, con = copy
    scanned = graded.graded_people(con)
    _forget(con, fingerprint)
    assert store.GRADED not in stored.current_tables(con)
    assert graded.stored_graded(con) is None
    assert _sorted(graded.who_graded(con)).equals(_sorted(scanned))
    # the other stored frames are untouched: still current, nothing else to refit
    assert stored.is_current(con)


def test_a_plain_filter_reads_stored_order_without_a_sort(copy):
    """A stacked table whose rows of one cycle were deleted and appended again (a kept cycle's
    rows rewritten): the plain read equals the read sorted by rowid, row for row."""
    _, con = copy
    table = store.CYCLE_SECTION_PREFIX + "raters"
    schema = store.read_schemas(con)[table]
    cycles = [r[0] for r in con.execute(f"SELECT DISTINCT _cycle FROM {db.q(table)}").fetchall()]
    assert len(cycles) > 1
    first = cycles[0]
    rows = store.read_part(con, table, schema, "_cycle = $c", {"c": first})
    store.delete_rows(con, table, store.CYCLE_COLUMN, [first])
    shuffled = rows.sample(fraction=1.0, shuffle=True, seed=7)
    store.with_frame(con, f"INSERT INTO {db.q(table)} SELECT * FROM _mat", shuffled)
    for cycle in cycles:
        where, params = "_cycle = $c", {"c": cycle}
        plain = store.read_part(con, table, schema, where, params, plain=True)
        ordered = store.read_part(con, table, schema, where, params)
        assert plain.height > 0 and plain.equals(ordered), cycle
    again = store.read_part(con, table, schema, "_cycle = $c", {"c": first}, plain=True)
    assert again.equals(shuffled)  # the order appended, not the order first stored


def test_who_graded_whom_is_the_same_rows_in_the_same_order_whatever_the_row_order():
    """Issue 19 item 6: two managers with as many rating rows for a person: the smaller id is
    their rater, and the rows come ordered by cycle and person, whatever order the rating
    rows were written in (so two builds of the same data store identical rows)."""
    people = [f"e{i:02d}" for i in range(40)]
    rows = [(c, p, r) for c in ("2026H1", "2025H2") for p in people for r in ("m2", "m1")]
    rows += [("2026H1", "e00", "m3")] * 3  # most rows: m3, tied or not
    built = []
    for order in (rows, rows[::-1]):
        con = duckdb.connect()
        con.execute(
            f"CREATE TABLE {db.q(S.REVIEW_ROWS.name)} (cycle_id VARCHAR, "
            "employee_id VARCHAR, rater_id VARCHAR, rater_role VARCHAR)"
        )
        con.executemany(
            f"INSERT INTO {db.q(S.REVIEW_ROWS.name)} VALUES (?, ?, ?, 'manager')", order
        )
        con.execute(
            f"CREATE TABLE {db.q(S.OUTCOMES.name)} AS SELECT DISTINCT cycle_id, "
            f"employee_id, 'A' AS grade FROM {db.q(S.REVIEW_ROWS.name)}"
        )
        con.execute(
            f"CREATE TABLE {db.q(S.EMPLOYEES.name)} AS SELECT DISTINCT employee_id, "
            f"'m9' AS manager_id, 'D' AS department FROM {db.q(S.REVIEW_ROWS.name)}"
        )
        built.append(graded.graded_people(con))
    first, second = built
    assert first.equals(second) and first.height == 80
    assert first.select("cycle_id", "employee_id").rows() == sorted(
        (c, p) for c in ("2025H2", "2026H1") for p in people
    )
    raters = dict(zip(zip(first["cycle_id"], first["employee_id"]), first["rater_id"]))
    assert raters.pop(("2026H1", "e00")) == "m3"
    assert set(raters.values()) == {"m1"}
