"""The lazily loaded scope (analytics.findings.lazyscope) and the sections stored at import: the same
numbers as the eager ``load_scope`` path, without reading rating rows where none are needed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.findings import lazyscope, parts, report
from analytics.findings import sections as findings
from analytics.findings.lazyscope import LazyExtras, load_scope_lazy
from analytics.findings.scope import Scope, load_scope
from analytics.findings.stored import available
from analytics.store import db
from analytics.store import parts as store

ROOT = Path(__file__).resolve().parents[1]
TOL = {"check_exact": False, "rel_tol": 1e-9, "abs_tol": 1e-9}


def _equal(a: pl.DataFrame | None, b: pl.DataFrame | None, label: str) -> None:
    assert (a is None) == (b is None), label
    if a is None:
        return
    if "generated_at" in a.columns:
        a, b = a.drop("generated_at"), b.drop("generated_at")
    try:
        assert_frame_equal(a, b, **TOL)
    except AssertionError as exc:
        raise AssertionError(f"{label}: {exc}") from None


@pytest.fixture()
def spy(monkeypatch):
    """Counts every read of rating rows into Polars (db.ratings_frame, used by load_scope too)."""
    calls: list[tuple] = []
    real = db.ratings_frame

    def counting(con, cycles=None, department=None):
        calls.append((cycles, department))
        return real(con, cycles, department)

    monkeypatch.setattr(db, "ratings_frame", counting)
    return calls


@pytest.fixture()
def con(small_demo_db):
    """The small demo (300 people, 3 cycles), read-only: the lazy scope's numbers equal the
    eager path's at any size, and the 2,000-person demo's scopes took three times the CPU."""
    con = db.connect(small_demo_db, read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def scopes(small_demo_db):
    con = db.connect(small_demo_db, read_only=True)
    dept = con.execute(
        "SELECT split_part(department, '/', 1) FROM employees "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchone()[0]
    sub = con.execute(
        "SELECT department FROM employees WHERE department LIKE '%/%' ORDER BY department LIMIT 1"
    ).fetchone()[0]
    team = con.execute(
        "SELECT team FROM employees WHERE team IS NOT NULL ORDER BY team LIMIT 1"
    ).fetchone()[0]
    level = con.execute(
        "SELECT level FROM employees WHERE level IS NOT NULL ORDER BY level LIMIT 1"
    ).fetchone()[0]
    cycles = [r[0] for r in con.execute("SELECT cycle_id FROM cycles ORDER BY ordering").fetchall()]
    con.close()
    return {"dept": dept, "sub": sub, "team": team, "level": level, "cycles": cycles}


def test_company_sections_read_no_ratings_and_equal_the_parts(con, spy):
    """Every section of the company scope comes from the tables stored at import, and equals
    the section computed from the materialised parts through the eager path."""
    lazy = load_scope_lazy(con, Scope())
    got = {name: findings.compute_section(name, lazy) for name in findings.SECTIONS}
    assert spy == [] and lazy.rating_reads == 0
    assert not lazy.is_loaded("ratings") and not lazy.is_loaded("company_ratings")
    eager = load_scope(con, Scope())
    assert {k for k in eager.extras if k.startswith("co:")} >= {
        "co:" + p for p in parts.COMPANY_PARTS
    }
    for name in findings.SECTIONS:
        _equal(got[name], findings.compute_section(name, eager), name)


def test_materialised_sections_equal_fresh_fits(con):
    """Sections stored at import equal the ones computed by fitting every model again (the
    sections whose numbers are deterministic; rater SEs and tied percentiles are not)."""
    lazy = load_scope_lazy(con, Scope())
    fresh = load_scope(con, Scope())
    for key in [k for k in fresh.extras if k.startswith("co:")]:
        del fresh.extras[key]
    for name in (
        "summary",
        "distribution",
        "distribution_company",
        "grade_shares",
        "guideline_units",
        "guideline_grades",
        "unit_tests",
        "unit_ranks",
        "unit_pairs",
        "inflation",
        "heatmap",
        "score_box",
        "reliability",
        "sources",
        "kpi_drivers",
        "variance",
    ):
        _equal(findings.compute_section(name, lazy), findings.compute_section(name, fresh), name)


@pytest.mark.parametrize("kind", ["dept", "sub", "team", "level", "role", "dept_role"])
def test_narrowed_scope_equals_load_scope(con, scopes, spy, kind):
    scope = {
        "dept": Scope(department=scopes["dept"]),
        "sub": Scope(department=scopes["sub"]),
        "team": Scope(team=scopes["team"]),
        "level": Scope(level=scopes["level"]),
        "role": Scope(rater_role="manager"),
        "dept_role": Scope(department=scopes["dept"], rater_role="peer"),
    }[kind]
    lazy = load_scope_lazy(con, scope)
    # the sections that read ratings first: they must work from DuckDB alone
    first = {n: findings.compute_section(n, lazy) for n in ("summary", "reliability", "raters")}
    assert lazy.rating_reads == 0 and spy == [], "summary/reliability/raters read rating rows"
    assert not lazy.is_loaded("company_ratings")
    eager = load_scope(con, scope)
    for name in findings.SECTIONS:
        got = first[name] if name in first else findings.compute_section(name, lazy)
        _equal(got, findings.compute_section(name, eager), f"{kind} {name}")
    assert not lazy.is_loaded("company_ratings")  # the department's own rows at most
    # the frames themselves
    for col in ("employees", "cycles", "outcomes", "kpi_results", "appeals"):
        assert_frame_equal(getattr(lazy, col), getattr(eager, col))
    cols = lazy.ratings.columns
    assert_frame_equal(lazy.ratings.sort(cols), eager.ratings.sort(cols))
    if kind == "dept":
        assert spy[-1][1] == scopes["dept"]  # the department was pushed into DuckDB


def test_cycle_subset_reuses_per_cycle_parts(con, scopes):
    """For a subset of cycles the per-cycle parts come from the stored all-cycles parts, equal
    to a fit on the subset's ratings; the distributions read no rating row at all."""
    cyc = tuple(scopes["cycles"][1:3])
    for scope in (Scope(cycles=cyc), Scope(cycles=cyc, department=scopes["dept"])):
        lazy = load_scope_lazy(con, scope)
        eager = load_scope(con, scope)
        for name in (
            "reliability",
            "scores",
            "sources",
            "distribution",
            "guideline_units",
            "inflation",
            "unit_tests",
            "score_box",
            "summary",
        ):
            _equal(
                findings.compute_section(name, lazy),
                findings.compute_section(name, eager),
                f"{scope.cycles} {scope.department} {name}",
            )
        # the re-check list: same rows, ranked within the subset (near-ties may swap places)
        a, b = (findings.compute_section("recheck", d) for d in (lazy, eager))
        keys = ["cycle_id", "employee_id"]
        _equal(a.drop("rank").sort(keys), b.drop("rank").sort(keys), "recheck")
        if not scope.department:  # (a department keeps its rows' ranks among the company's)
            assert a["rank"].to_list() == list(range(1, a.height + 1))
        assert lazy.rating_reads == 0


def test_cycle_subset_fits_then_releases_ratings(con, scopes):
    scope = Scope(cycles=tuple(scopes["cycles"][:2]))
    lazy = load_scope_lazy(con, scope)
    eager = load_scope(con, scope)
    assert lazy.has_ratings()
    a = findings.compute_section("attribution", lazy)
    assert lazy.is_loaded("company_ratings")  # the models are fitted on the subset's ratings
    b = findings.compute_section("attribution", eager)
    keys = ["employee_id", "from_cycle", "to_cycle"]
    _equal(
        a.sort(keys).select("change", "company", "department"),
        b.sort(keys).select("change", "company", "department"),
        "attribution",
    )
    assert not lazy.release_if_fitted()  # some parts are still to fit
    # (recheck: from the stored all-cycles part; agreement and g_study: parts of their own)
    for name in ("raters", "recheck", "nine_box", "agreement", "g_study"):
        findings.compute_section(name, lazy)
    assert lazy.release_if_fitted() and not lazy.is_loaded("company_ratings")
    assert not parts.ratings_still_needed(lazy)
    for name in findings.REPORT_SECTIONS:
        findings.compute_section(name, lazy)
    findings.compute_section("adjusted", lazy)  # from the memo: no second read
    assert lazy.rating_reads == 1


def test_at_most_two_scopes_hold_rating_rows(con, scopes):
    held = [load_scope_lazy(con, Scope(cycles=(c,))) for c in scopes["cycles"][:3]]
    for d in held:
        assert d.company_ratings.height > 0
    assert lazyscope.MAX_RATING_HOLDERS == 2
    assert [d.is_loaded("company_ratings") for d in held] == [False, True, True]


def test_empty_scope_has_no_sections(con):
    lazy = load_scope_lazy(con, Scope(department="no such department"))
    assert not lazy.has_ratings()
    assert findings.compute_section("distribution", lazy) is None
    assert lazy.rating_reads == 0


def test_build_findings_from_connection_is_lazy(con, spy):
    f = report.build_findings(con)
    assert spy == [] and f["raters"].height and f["summary"]["ratings"][0] > 0
    f = report.build_findings(con, department="销售中心")
    assert spy == [] and f["summary"]["department"][0] == "销售中心"


def test_score_box_matches_numpy(con):
    lazy = load_scope_lazy(con, Scope())
    box = findings.compute_section("score_box", lazy)
    scores = findings.compute_section("scores", load_scope(con, Scope()))
    # the latest cycle's people, one score each (as the unit means and the small-unit rule)
    scores = scores.filter(pl.col("cycle_order") == pl.col("cycle_order").max())
    assert box["cycle_id"].unique().to_list() == scores["cycle_id"].unique().to_list()
    for row in box.iter_rows(named=True):
        assert row["n"] == scores.filter(pl.col("unit") == row["unit"]).height
        v = scores.filter(pl.col("unit") == row["unit"])["score"].drop_nulls().to_numpy()
        q1, med, q3 = np.percentile(v, [25, 50, 75])
        assert np.allclose(
            [row["q1"], row["median"], row["q3"], row["mean"]], [q1, med, q3, v.mean()]
        )
        iqr = q3 - q1
        assert row["lowerfence"] == v[v >= q1 - 1.5 * iqr].min()
        assert row["upperfence"] == v[v <= q3 + 1.5 * iqr].max()
    assert box["median"].is_sorted(descending=True)
    # the figure draws one box per unit from these statistics, no score points; a unit under
    # min_n is on the axis with no box, its label saying why (rev23b item 13)
    from analytics.export.figures import score_box

    small = box.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(2).otherwise(pl.col("n")).alias("n")
    )
    fig = score_box(small, "en", min_n=5)
    boxes = [t for t in fig.data if t.meta != "outliers"]  # the points beyond: rev30b item 4
    assert len(boxes) == box.height
    by_unit = {t.customdata[0]: t for t in boxes}
    first = by_unit[box["unit"][0]]
    assert first.type == "scatter" and first.y == (None,) and "n=2: under 5" in first.name
    box1 = by_unit[box["unit"][1]]
    assert box1.type == "box" and box1.q1 == (box["q1"][1],) and box1.y is None
    assert box1.upperfence == (box["upperfence"][1],) and box1.marker.color == "#1f77b4"


def test_lazy_extras_dict_semantics():
    import threading

    loads = []
    ex = LazyExtras({"a": lambda: loads.append("a") or 1}, threading.RLock())
    ex["b"] = 2
    assert "a" in ex and not ex.is_loaded("a") and loads == []
    assert sorted(ex) == ["a", "b"] and len(ex) == 2
    assert ex.get("a") == 1 and ex["a"] == 1 and loads == ["a"]
    assert ex.get("zz", 5) == 5
    del ex["a"]
    assert "a" not in ex and ex.pop("b") == 2 and len(ex) == 0
    with pytest.raises(KeyError):
        ex["a"]


def test_memory_limit_setting(monkeypatch, tmp_path):
    from ui import cache

    total = cache._total_memory()
    assert cache.memory_limit("default") is None
    assert cache.memory_limit("4GB") == "4GB"
    assert cache.memory_limit("512 MiB") == "512MiB"
    assert (
        cache.memory_limit("50%")
        == cache.memory_limit("0.5")
        == f"{max(512, int(total * 0.5 / 2**20))}MB"
    )
    monkeypatch.delenv(cache.MEMORY_ENV, raising=False)
    assert cache.memory_limit() == f"{max(512, int(total * cache.DEFAULT_MEMORY_SHARE / 2**20))}MB"
    for bad in ("lots", "150%", "0", "1GB; DROP TABLE reviews"):
        with pytest.raises(ValueError):
            cache.memory_limit(bad)
    # the dashboard's connection applies it
    monkeypatch.setenv(cache.MEMORY_ENV, "1GB")
    path = tmp_path / "limit.duckdb"
    db.connect(path).close()  # a database that exists (a missing one is refused: datasets)
    con = cache._Reader(str(path)).get()
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    con.close()
    assert limit.replace(" ", "").lower() in ("1.0gib", "953.6mib", "1gb", "1.0gb", "953.7mib")


def test_pages_company_scope_read_no_ratings(db_copy, spy):
    """Every analysis page's first render for the whole company (empty caches) reads no rating
    row into Polars: the pages show what the import stored."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for page in ("distributions", "raters", "attribution", "potential", "calibration", "person"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
    assert spy == [], spy


def test_person_rows_equal_the_section_rows(con):
    """The person page reads one employee's rows of the stored parts; they equal that
    employee's rows of the company sections."""
    from analytics.demo.company import generate

    lazy = load_scope_lazy(con, Scope())
    eager = load_scope(con, Scope())
    emp = generate(n_employees=300, n_cycles=3, seed=7).truth["rising_stars"][0]  # small demo
    for name, part in findings.SECTION_PARTS.items():
        rows = lazy.part_rows(part, emp)
        want = findings.compute_section(name, eager).filter(pl.col("employee_id") == emp)
        assert rows.height == want.height > 0, name
        _equal(rows, want, name)
    assert lazy.part_rows("adjusted", "nobody").height == 0
    assert lazy.rating_reads == 0


def test_refresh_drops_tables_it_no_longer_writes(sized):
    """A table an old refresh wrote (``mat_sec_old_section``, made before :func:`build_sized`'s
    refresh: one refresh of the small demo for both) is dropped by the next refresh."""
    con = db.connect(sized["db"], read_only=True)
    try:
        assert "mat_sec_old_section" not in available(con)
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert "mat_sec_old_section" not in tables and "mat_sec_raters" in tables
    finally:
        con.close()


def test_department_reliability_is_stored_per_unit(con, scopes, spy):
    """A department's reliability, at any depth, comes from the per-department part stored at
    import (no pair means computed at page time) and equals the computation on the department's
    own ratings; a team (not a department) still computes."""
    for scope in (
        Scope(department=scopes["dept"]),
        Scope(department=scopes["dept"], cycles=tuple(scopes["cycles"][1:3])),
        Scope(department=scopes["sub"]),
        Scope(department=scopes["sub"], cycles=tuple(scopes["cycles"][-1:])),
    ):
        lazy = load_scope_lazy(con, scope)
        asked = []
        lazy.pair_means = lambda asked=asked: asked.append(1)  # must not be needed
        got = findings.compute_section("reliability", lazy)
        if scope.cycles or lazy.stored_department() is None:
            assert lazy.extras.is_loaded("co:reliability_units"), scope
        assert asked == [] and lazy.rating_reads == 0 and spy == [], scope
        want = parts.reliability_of(load_scope(con, scope).ratings)
        spy.clear()
        assert got.height == want.height > 0
        _equal(got, want, str(scope))
    team = load_scope_lazy(con, Scope(team=scopes["team"]))
    assert not team.extras.is_loaded("co:reliability_units")
    _equal(
        findings.compute_section("reliability", team),
        parts.reliability_of(load_scope(con, Scope(team=scopes["team"])).ratings),
        "team",
    )


@pytest.mark.parametrize("kind", ["dept", "dept_role", "sub", "role", "team"])
def test_kpi_drivers_from_the_stored_part_equal_the_computation(con, scopes, kind):
    from analytics.stats import attribution

    scope = {
        "dept": Scope(department=scopes["dept"]),
        "sub": Scope(department=scopes["sub"]),
        "dept_role": Scope(department=scopes["dept"], rater_role="peer"),
        "role": Scope(rater_role="manager"),
        "team": Scope(team=scopes["team"]),
    }[kind]
    lazy = load_scope_lazy(con, scope)
    got = findings.compute_section("kpi_drivers", lazy)
    eager = load_scope(con, scope)
    want = attribution.kpi_drivers_by_department(eager.kpi_results, eager.employees, eager.cycles)
    assert want.height > 0
    _equal(got, want, kind)
    if kind in ("dept", "dept_role", "role"):  # read from the stored company part
        assert not lazy.is_loaded("kpi_results")
    else:  # its own rows, filtered in DuckDB: the company's KPI results are never read
        # (a sub-department of the demo: below the size rule, not stored)
        assert lazy.stored_department() is None
        assert lazy.is_loaded("kpi_results")
        assert not lazy.holds_company_table("company_kpi")
        assert eager.holds_company_table("company_kpi")


def test_kpi_cells_of_the_company_table_only_when_held(con, scopes):
    """kpi_cells_of gives the company's cells for the company's own table and the scope's for
    its rows, and asking does not read the company's table into a lazily loaded scope."""
    from analytics.stats.attribution import KpiCells

    eager = load_scope(con, Scope())
    company = eager.company_table("company_kpi")
    assert parts.kpi_cells_of(eager, company) is parts.kpi_cells_of(eager, company)
    assert isinstance(parts.kpi_cells_of(eager, company), KpiCells)
    lazy = load_scope_lazy(con, Scope(department=scopes["sub"]))
    cells = parts.kpi_cells_of(lazy, lazy.kpi_results)
    assert isinstance(cells, KpiCells)
    assert cells is parts.kpi_cells_of(lazy, lazy.kpi_results)  # built once per scope
    assert not lazy.holds_company_table("company_kpi")
    with pytest.raises(KeyError):
        lazy.holds_company_table("company_kpis")


#: a sub-department's rating rows (head of its path), as the size rule counts them
_SUB_SIZES = """
    SELECT array_to_string(string_split(e.department, '/')[1:2], '/') AS sub, count(*) AS n
    FROM review_rows r JOIN employees e USING (employee_id)
    WHERE e.department LIKE '%/%' GROUP BY 1 ORDER BY n DESC, sub"""


def build_sized(small_db: Path, folder: Path) -> None:
    """The small demo refreshed with the size rule set between its sub-departments: those with
    more rating rows than the median one stored, the others not (the demo's are all below the
    rule: :func:`test_the_demo_stores_its_top_level_departments_alone`). The same refresh
    stores the analyst's sections (``STORED_EXCLUDED_COMPANY_RATINGS`` 0, as for a company above
    that rule: tests/test_analyst28.py): one refresh of the small demo for both modules
    (``sized_small`` in tests/conftest.py), each rule touching only its own tables. Its
    output, the sub-departments' sizes and the rule go beside it (``sized.pkl``)."""
    import pickle
    import shutil

    from analytics.findings import materialise

    path = folder / "sized.duckdb"
    shutil.copyfile(small_db, path)
    con = db.connect(path)
    sizes = con.execute(_SUB_SIZES).fetchall()
    rule = sizes[len(sizes) // 2][1] + 1
    # an old refresh's table: the refresh drops it (test_refresh_drops_tables_it_no_longer_writes)
    con.execute("CREATE TABLE mat_sec_old_section AS SELECT 1 AS employee_id")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "STORED_SUB_DEPARTMENT_RATINGS", rule)
        mp.setattr(store, "STORED_EXCLUDED_COMPANY_RATINGS", 0)
        out = materialise.refresh(con)
    tops = con.execute("SELECT DISTINCT split_part(department, '/', 1) FROM employees ORDER BY 1")
    tops = [top for (top,) in tops.fetchall()]
    con.close()
    meta = {
        "refresh": out,
        "tops": tops,
        "big": [sub for sub, n in sizes if n >= rule],
        "small": [sub for sub, n in sizes if n < rule],
    }
    (folder / "sized.pkl").write_bytes(pickle.dumps(meta))


@pytest.fixture(scope="module")
def sized(sized_small):
    """:func:`build_sized`'s store (shared: open it read-only) and its departments by size."""
    return {"db": sized_small["db"], **{k: sized_small[k] for k in ("tops", "big", "small")}}


def test_departments_stored_by_size_read_their_sections_and_the_others_compute(
    sized, spy, monkeypatch
):
    """Each top-level department and each sub-department above the size rule has its sections
    stored at refresh: a fresh scope of it reads them (and no rating row), and every section
    equals the eager computation on its own ratings. A sub-department below the rule is not
    stored: its scope says so and computes every section on demand (it reads no department
    section table, so no empty frame from the store), equal to the eager computation."""
    from analytics.findings import materialise

    assert len(sized["tops"]) >= 3 and sized["big"] and sized["small"]
    read: list[str] = []  # the stored tables read
    real = store.read_part
    monkeypatch.setattr(
        store, "read_part", lambda c, t, *a, **k: read.append(t) or real(c, t, *a, **k)
    )
    con = db.connect(sized["db"], read_only=True)
    try:
        stored = available(con)
        for name in findings.SECTIONS:  # stored unless a large per-person part serves it
            assert (store.DEPT_SECTION_PREFIX + name in stored) != (
                name in materialise.UNSTORED_SECTIONS
            ), name
        names = [n for n in findings.SECTIONS if n not in materialise.UNSTORED_SECTIONS]
        for dept in sized["tops"] + sized["big"]:  # every one stored
            assert load_scope_lazy(con, Scope(department=dept)).stored_department() == dept
        read.clear()
        # every section of a few of them (the first top-level one, 产品中心, has no S) equals
        # the eager computation: 17 departments' took ten CPU seconds, the same code for each
        for dept in sized["tops"][:2] + sized["big"][:2] + sized["small"][:1]:
            lazy = load_scope_lazy(con, Scope(department=dept))
            got = {n: findings.compute_section(n, lazy) for n in names}
            sections = {t for t in read if t.startswith(store.DEPT_SECTION_PREFIX)}
            if dept in sized["small"]:
                assert lazy.stored_department() is None
                assert sections == set(), dept  # computed on demand
            else:
                assert lazy.stored_department() == dept
                assert sections == {store.DEPT_SECTION_PREFIX + n for n in names}, dept
                assert lazy.rating_reads == 0 and spy == [], dept
            eager = load_scope(con, Scope(department=dept))
            for name, frame in got.items():
                assert frame is not None and store.DEPT_COLUMN not in frame.columns
                want = findings.compute_section(name, eager)
                # a stacked table has every department's columns: a department without a grade
                # another has reads that grade's share column back, all null (the small demo's
                # 产品中心 has no S), and after the others (found here; left as it is)
                extra = [c for c in frame.columns if c not in want.columns]
                assert frame.select(extra).null_count().row(0) == (frame.height,) * len(extra)
                _equal(frame.select(want.columns), want, f"{dept} {name}")
            spy.clear()
            read.clear()
        # the smaller ones are not stored: no row of theirs in any department table
        for sub in sized["small"]:
            assert not load_scope_lazy(con, Scope(department=sub)).stored_department()
            assert load_scope_lazy(con, Scope(department=sub)).stored_section("summary") is None
        # a department with a filter on top, or deeper than two levels, is not a stored scope
        big = sized["big"][0]
        assert load_scope_lazy(con, Scope(department=big, level="M1")).stored_department() is None
        assert load_scope_lazy(con, Scope(department=big + "/x")).stored_department() is None
        empty = load_scope_lazy(con, Scope(department="无此部门"))
        assert empty.stored_department() is None
        assert findings.compute_section("raters", empty) is None
    finally:
        con.close()


def test_the_demo_stores_its_top_level_departments_alone(demo_con):
    """At the demo's size (2,000 people, 0.38M rating rows) every sub-department is below the
    size rule: its sections are computed on demand (about half a CPU second for all of them),
    not stored at refresh."""
    stored = {
        r[0]
        for r in demo_con.execute(
            f"SELECT DISTINCT {store.DEPT_COLUMN} FROM {store.DEPT_SECTION_PREFIX}summary"
        ).fetchall()
    }
    tops = {
        r[0]
        for r in demo_con.execute(
            "SELECT DISTINCT split_part(department, '/', 1) FROM employees"
        ).fetchall()
    }
    assert stored == tops
    (largest,) = demo_con.execute(_SUB_SIZES + " LIMIT 1").fetchall()
    assert 0 < largest[1] < store.STORED_SUB_DEPARTMENT_RATINGS
    (company,) = demo_con.execute("SELECT count(*) FROM review_rows").fetchone()
    assert company < store.STORED_SUB_DEPARTMENTS_COMPANY_RATINGS


def test_stored_departments_are_the_top_level_and_the_large_second_level(monkeypatch):
    from analytics.findings.materialise import stored_departments

    monkeypatch.setattr(store, "STORED_SUB_DEPARTMENT_RATINGS", 3)
    employees = pl.DataFrame({"department": ["A/B/C", "A/B", "A", "D/E", None, "F", "G/H"]})
    ratings = pl.DataFrame(  # A/B's 3 rows (two of A/B/C), D/E's 2, G/H's none
        {"department": ["A/B/C", "A/B/C", "A/B", "A", "D/E", "D/E", "F", None]},
        schema={"department": pl.Categorical},
    )
    assert stored_departments(employees, ratings) == ["A", "A/B", "D", "F", "G"]
    monkeypatch.setattr(store, "STORED_SUB_DEPARTMENT_RATINGS", 2)
    assert stored_departments(employees, ratings.lazy()) == ["A", "A/B", "D", "D/E", "F", "G"]
    # a company this large: every sub-department with ratings (its queries scan the company's)
    monkeypatch.setattr(store, "STORED_SUB_DEPARTMENT_RATINGS", 100)
    assert stored_departments(employees, ratings) == ["A", "D", "F", "G"]
    monkeypatch.setattr(store, "STORED_SUB_DEPARTMENTS_COMPANY_RATINGS", 8)
    assert stored_departments(employees, ratings) == ["A", "A/B", "D", "D/E", "F", "G"]


@pytest.mark.parametrize("which", [0, -1])
def test_single_cycle_scope_reads_its_stored_parts(con, scopes, spy, which):
    """The company parts of a one-cycle scope are fitted per cycle at import: a fresh scope of
    the first or the latest cycle reads no rating row for the model sections, and every section
    (company-wide and for a department) equals the eager fit on that cycle's ratings."""
    cycle = scopes["cycles"][which]
    for scope in (Scope(cycles=(cycle,)), Scope(cycles=(cycle,), department=scopes["dept"])):
        lazy = load_scope_lazy(con, scope)
        models = {
            n: findings.compute_section(n, lazy)
            for n in (
                "raters",
                "attribution",
                "nine_box",
                "high_potential",
                "adjusted",
                "department_shifts",
                "against_trend",
                "kpi_drivers",
                "recheck",
            )
        }
        assert lazy.rating_reads == 0 and spy == [], scope
        # the cycle's company scope reads its stored sections; a department in it narrows the
        # cycle's stored parts
        assert lazy.extras.is_loaded("co:rater_table") == bool(scope.department)
        got = {
            **models,
            **{n: findings.compute_section(n, lazy) for n in findings.SECTIONS if n not in models},
        }
        assert lazy.rating_reads == 0 and spy == [], scope  # every section stored or narrowed
        if not scope.department:
            assert lazy.single_cycle() == cycle
        eager = load_scope(con, scope)
        for name in findings.SECTIONS:
            _equal(got[name], findings.compute_section(name, eager), f"{scope} {name}")
        assert got["raters"].height > 40 and got["adjusted"].height > 40  # (the small demo)
        assert not lazy.is_loaded("company_ratings")
        spy.clear()
    # the per-cycle effects differ from the all-cycles ones: they are that cycle's own fit
    one = findings.compute_section("raters", load_scope_lazy(con, Scope(cycles=(cycle,))))
    every = findings.compute_section("raters", load_scope_lazy(con, Scope()))
    both = one.join(every, on="rater_id", suffix="_all").filter(pl.col("n").is_not_null())
    assert (both["effect"] - both["effect_all"]).abs().max() > 1e-3


def test_department_rater_ids_are_stored_per_path(con, scopes):
    """A department's raters (any depth) come from the table stored at import and equal the
    distinct raters of its ratings; with a cycle subset they are still found in the ratings."""

    assert store.DEPT_RATERS in available(con)
    for dept in (scopes["dept"], scopes["sub"]):
        lazy = load_scope_lazy(con, Scope(department=dept))
        calls = []
        real = lazy._ratings_sql
        lazy._ratings_sql = lambda calls=calls, real=real: calls.append(1) or real()
        got = sorted(lazy.rater_ids()["rater_id"].to_list())
        assert calls == [], dept  # not computed from the ratings
        want = sorted(
            load_scope(con, Scope(department=dept))
            .ratings["rater_id"]
            .drop_nulls()
            .unique()
            .to_list()
        )
        assert got == want and len(got) > 20
    sub = load_scope_lazy(con, Scope(department=scopes["sub"], cycles=tuple(scopes["cycles"][:2])))
    want = load_scope(con, sub.scope).ratings["rater_id"].drop_nulls().unique().sort().to_list()
    assert sorted(sub.rater_ids()["rater_id"].to_list()) == want
