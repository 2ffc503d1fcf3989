"""The import's materialisation writes as it goes (analytics.findings.materialise): the cycles' pieces
appended table by table equal the frames stacked in memory, the departments' sections are had
without copying their rating rows, and DuckDB's memory limit is capped meanwhile and set back."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.findings import materialise
from analytics.findings import parts as graph
from analytics.findings import sections as findings
from analytics.findings.scope import Scope, load_scope
from analytics.findings.stored import available
from analytics.store import db
from analytics.store import parts as store

TOL = {"check_exact": False, "rel_tol": 1e-9, "abs_tol": 1e-9}


def _read_back(
    con: duckdb.DuckDBPyConnection, table: str, schemas: dict[str, bytes]
) -> pl.DataFrame:
    import io

    schema = pl.read_ipc(io.BytesIO(schemas[table])).schema
    return store.read_part(con, table, schema)


@pytest.fixture(params=["held", "one_by_one"])
def held(request, monkeypatch):
    """The Appender's two ways: a small refresh's pieces held and written once per name, a
    large one's (past ``APPEND_HELD_ROWS``) added to the table one by one, widened as they
    come. Both must give the same table."""
    if request.param == "one_by_one":
        monkeypatch.setattr(store, "APPEND_HELD_ROWS", 1)
    return request.param


def test_appender_stacks_pieces_as_stack_does(held):
    """Pieces whose columns differ (one missing, one only null at first, an integer widened,
    Categorical beside String) give the table that one diagonal concat gives, with the DuckDB
    types of the one-by-one way (tables widened by ALTER)."""
    pieces = [
        pl.DataFrame(
            {
                "_cycle": ["A", "A"],
                "x": pl.Series([1, 2], dtype=pl.Int32),
                "v": pl.Series([None, None], dtype=pl.Null),
                "t": pl.Series(["p", "q"], dtype=pl.Categorical),
            }
        ),
        pl.DataFrame(
            {
                "_cycle": ["B"],
                "x": pl.Series([3_000_000_000], dtype=pl.Int64),
                "v": [0.25],
                "t": ["r"],
                "extra": [True],
            }
        ),
        pl.DataFrame({"_cycle": ["C"], "x": pl.Series([4], dtype=pl.Int32), "t": ["s"]}),
    ]
    con = duckdb.connect()
    stack = store.Appender(con, "mat_cyc_")
    for piece in pieces:
        stack.add("demo", piece)
    schemas: dict[str, bytes] = {}
    rows = stack.finish(schemas)
    assert rows == {"demo": 4}
    want = materialise._stack({"demo": pieces})["demo"]
    got = _read_back(con, "mat_cyc_demo", schemas)
    assert got.schema == want.schema
    assert_frame_equal(got, want)
    assert want["x"].to_list() == [1, 2, 3_000_000_000, 4]
    assert want["v"].to_list() == [None, None, 0.25, None]
    types = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'mat_cyc_demo' ORDER BY ordinal_position"
    ).fetchall()
    assert types == [
        ("_cycle", "VARCHAR"),
        ("x", "BIGINT"),
        ("v", "DOUBLE"),
        ("t", "VARCHAR"),
        ("extra", "BOOLEAN"),
    ]


def test_appender_drops_a_name_whose_pieces_do_not_stack(held):
    con = duckdb.connect()
    stack = store.Appender(con, "mat_cyc_")
    stack.add("bad", pl.DataFrame({"_cycle": ["A"], "x": [[1, 2]]}))
    stack.add("bad", pl.DataFrame({"_cycle": ["B"], "x": [dt.date(2024, 1, 1)]}))
    stack.add("bad", pl.DataFrame({"_cycle": ["C"], "x": [[3]]}))  # ignored once dropped
    stack.add("good", pl.DataFrame({"_cycle": ["A"], "y": [1.0]}))
    schemas: dict[str, bytes] = {}
    assert stack.finish(schemas) == {"good": 1}
    assert "bad" not in materialise._stack(
        {"bad": [pl.DataFrame({"x": [[1, 2]]}), pl.DataFrame({"x": [dt.date(2024, 1, 1)]})]}
    )
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {"mat_cyc_good"}


@pytest.fixture(scope="module")
def fitted(small_demo_db):
    """A read-only connection to the small demo and its company scope loaded in memory with
    every company part fitted (no stored part read), once for the module: each test takes
    its own memo (:func:`_own`), the frames are shared (the fit cost two CPU s a test)."""
    con = db.connect(small_demo_db, read_only=True)
    try:
        data = load_scope(con, Scope(), materialised=False)
        graph.fit_parts(data, graph.COMPANY_PARTS)
        yield con, data
    finally:
        con.close()


def _own(data):
    """``data`` with a memo (``extras``) of its own: what a test adds or drops stays there."""
    from dataclasses import replace

    return replace(data, extras=dict(data.extras))


def test_stored_cycle_tables_equal_the_frames_stacked_in_memory(fitted):
    """refresh appends each cycle's pieces, fitted on that cycle's rows read from DuckDB; the
    same pieces fitted on the company frame filtered per cycle and stacked in memory (as
    department_sections stacks) are equal."""
    small_con, data = fitted[0], _own(fitted[1])
    per: tuple[dict, dict] = ({}, {})
    for is_section, name, frame in materialise.cycle_pieces(data):
        per[is_section].setdefault(name, []).append(frame)
    parts, sections = (materialise._stack(p) for p in per)
    stored = available(small_con)
    assert parts and sections
    for prefix, frames in (
        (store.CYCLE_PART_PREFIX, parts),
        (store.CYCLE_SECTION_PREFIX, sections),
    ):
        for name, frame in frames.items():
            table = prefix + name
            got = store.read_part(small_con, table, stored[table])
            if "generated_at" in frame.columns:  # when the section was computed
                got, frame = got.drop("generated_at"), frame.drop("generated_at")
            assert_frame_equal(got, frame, **TOL, check_row_order=False)


def test_department_sections_do_not_copy_the_departments_rows(fitted, monkeypatch):
    """Every stored section of a top-level department is computed without filtering its rating
    rows out of the company frame (they are counted lazily), with the numbers of a scope that
    holds them."""
    small_con, data = fitted[0], _own(fitted[1])
    for key in ("rating_pairs", "pairs"):
        data.extras.pop(key, None)
    filtered: list[str] = []
    getter = materialise._DepartmentScope.ratings.fget

    def spying(self):
        if self._rows is None:
            filtered.append(self.scope.department)
        return getter(self)

    monkeypatch.setattr(
        materialise._DepartmentScope,
        "ratings",
        property(spying, materialise._DepartmentScope.ratings.fset),
    )
    got = materialise.department_sections(data)
    assert filtered == [] and got
    summary = got["summary"]
    first = summary["_top_department"][0]
    eager = findings.compute_section("summary", load_scope(small_con, Scope(department=first)))
    assert_frame_equal(
        summary.filter(pl.col("_top_department") == first).drop(
            "_top_department", "generated_at", strict=False
        ),
        eager.drop("generated_at", strict=False),
    )


def test_size_bytes():
    assert db.size_bytes("512MB") == 512_000_000
    assert db.size_bytes("5.6 GiB") == int(5.6 * 2**30)
    assert db.size_bytes("100 bytes") == 100
    with pytest.raises(ValueError):
        db.size_bytes("lots")


def test_memory_capped_lowers_then_sets_back_stably():
    con = duckdb.connect()
    con.execute("SET memory_limit = '6026MB'")  # shown as '5.6 GiB'
    shown = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    for _ in range(3):
        with db.memory_capped(con, "512MB"):
            inside = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
            assert db.size_bytes(inside) <= 512_000_000
        after = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        assert after == shown  # set back, and no drift however often
    con.execute("SET memory_limit = '100MB'")
    with db.memory_capped(con, "512MB"):  # never raised
        assert (
            db.size_bytes(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
            < 110_000_000
        )
    con.execute("SET memory_limit = '2GB'")
    shown = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    with pytest.raises(RuntimeError), db.memory_capped(con, "512MB"):
        raise RuntimeError("set back on errors too")
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == shown


def test_duckdb_memory_is_enough_for_a_refresh_in_one_run():
    # 122MB at 8M ratings ran out of memory inserting a frame, and the refresh ran twice
    assert materialise.duckdb_memory(0) == "512MB"
    assert materialise.duckdb_memory(8_015_112) == "512MB"
    assert materialise.duckdb_memory(40_063_272) == "512MB"


def test_refresh_runs_again_without_the_cap_when_duckdb_runs_out_under_it(demo_con, monkeypatch):
    """The cap is a saving: a step DuckDB cannot fit in it (an OutOfMemoryException at 10M
    ratings) must not fail the import; the refresh runs once more under the usual limit."""
    seen: list[str] = []

    def spy(con: duckdb.DuckDBPyConnection, *args: object) -> dict[str, int]:
        seen.append(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        if len(seen) == 1:
            raise duckdb.OutOfMemoryException("could not allocate block (144.8 MiB/144.9 MiB)")
        return {"done": 1}

    monkeypatch.setattr(materialise, "_refresh", spy)
    before = demo_con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert materialise.refresh(demo_con) == {"done": 1}
    assert len(seen) == 2 and db.size_bytes(seen[0]) <= 512 * 2**20
    assert seen[1] == before  # the second run is not capped
    assert demo_con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == before


def test_a_write_that_fails_in_a_transaction_raises_its_own_error():
    """A stored frame's statement that fails inside the refresh's transaction raises its own
    error: the clean-up (unregistering the frame) in the aborted transaction had raised
    "transaction is aborted" instead, so an OutOfMemoryException under the import's cap
    never reached the refresh's second run (the 8M-rating company's import failed)."""
    con = duckdb.connect()
    con.execute("BEGIN")
    with pytest.raises(duckdb.ConversionException):
        store.with_frame(con, "SELECT CAST(s AS INTEGER) FROM _mat", pl.DataFrame({"s": ["x"]}))
    con.execute("ROLLBACK")
    assert store.with_frame(con, "SELECT count(*) FROM _mat", pl.DataFrame({"s": ["x"]})) == [(1,)]


def test_refresh_caps_duckdb_for_its_ratings_and_sets_it_back(demo_con, monkeypatch):
    seen: list[str] = []

    def spy(
        con: duckdb.DuckDBPyConnection, *args: object
    ) -> dict[str, int]:  # the limit the work runs under
        seen.append(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        return {}

    monkeypatch.setattr(materialise, "_refresh", spy)
    before = demo_con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    materialise.refresh(demo_con)
    assert len(seen) == 1 and db.size_bytes(seen[0]) <= 512 * 2**20
    assert demo_con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == before


def test_with_frame_raises_the_statement_error_not_the_aborted_transaction(tmp_path):
    """A real OutOfMemoryException while a stored frame is inserted: in the transaction it
    aborted, unregistering the frame failed too, and that "transaction is aborted" error hid
    the OOM, so the refresh failed instead of running again without its memory cap
    (refreshing 8M ratings under the 122MB cap, session 21)."""
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    con.execute("SET memory_limit = '2MB'")
    con.execute("CREATE TABLE t (a VARCHAR)")
    frame = pl.DataFrame({"a": [f"row {i} " * 20 for i in range(200_000)]})
    con.execute("BEGIN")
    with pytest.raises(duckdb.OutOfMemoryException):
        store.with_frame(con, "INSERT INTO t SELECT * FROM _mat", frame)
    con.execute("ROLLBACK")
    con.execute("SET memory_limit = '1GB'")
    assert store.with_frame(con, "SELECT count(*) FROM _mat", frame.head(3)) == [(3,)]
    con.close()
