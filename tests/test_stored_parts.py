"""Stored parts know the code that made them (analytics.findings.methods, .stored).

The bug this guards against: parts stored at import were keyed on the data version alone, so
after a statistic was fixed the pages kept showing the numbers of the old code until the next
import. Here a method's version is raised (monkeypatch) together with a changed computation,
and the page-level API (ui.cache) shows the new numbers at once, without a new import; the
dashboard then refreshes the store in the background.
"""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.findings import materialise, methods, parts, sections, stored
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.store import db
from analytics.store import parts as store

ROOT = Path(__file__).resolve().parents[1]


def _fix_shifts(monkeypatch, raised: bool) -> None:
    """A 'fixed' department-shift statistic (every shift 0.5 higher); ``raised``: its method
    version raised by one, as a deliberate change should be."""
    real = parts.COMPANY_PARTS["shifts"]
    monkeypatch.setitem(
        parts.COMPANY_PARTS,
        "shifts",
        lambda d: real(d).with_columns(pl.col("department") + 0.5),
    )
    if raised:
        method = methods.PART_METHODS["shifts"]
        method = replace(method, version=method.version + 1)
        monkeypatch.setitem(methods.PART_METHODS, "shifts", method)


def test_every_part_and_section_declares_its_method():
    assert set(methods.PART_METHODS) == set(parts.COMPANY_PARTS)
    assert set(methods.SECTION_METHODS) == set(sections.SECTIONS)
    for method in methods.PART_METHODS.values():
        assert set(method.inputs) <= set(methods.PART_METHODS)


def test_a_raised_method_version_shows_fresh_numbers_on_the_page(db_copy, monkeypatch):
    from ui import cache

    scope = Scope()
    v0 = cache.version()
    assert cache.store_status() == "current"
    before = cache.section("department_shifts", scope, v0)
    assert before is not None and before.height > 0

    _fix_shifts(monkeypatch, raised=True)
    v1 = cache.version()
    assert v1 != v0 and v1.split(":")[0] == v0.split(":")[0]  # same data, other code
    # the stored part and every stored section (they read every part) no longer match
    con = db.connect(db_copy)
    current = stored.current_tables(con)
    con.close()
    assert "mat_shifts" not in current and "mat_sec_department_shifts" not in current
    assert "mat_changes" in current  # not computed from the shifts: still shown

    monkeypatch.setattr(cache._Refresher, "start", lambda self, token: None)  # on demand only
    after = cache.section("department_shifts", scope, v1)
    key = ["dept", "from_cycle", "to_cycle"]
    joined = before.join(after, on=key, suffix="_new")
    assert joined.height == before.height == after.height
    assert (joined["department_new"] - joined["department"] - 0.5).abs().max() < 1e-12


@pytest.fixture()
def source_tree(tmp_path, monkeypatch):
    """A copy of ``analytics/`` whose source the fingerprints hash: ``edit(path)`` appends a
    line to one of its modules, as a code fix would."""
    tree = tmp_path / "analytics"
    shutil.copytree(ROOT / "analytics", tree, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(methods, "SOURCE", tree)
    forget = methods.forget_code

    def edit(relative: str) -> None:
        path = tree / relative
        path.write_text(path.read_text(encoding="utf-8") + "\n# a fix\n", encoding="utf-8")
        forget()

    forget()
    yield edit
    forget()


def _every_fingerprint() -> dict[str, str]:
    out = {"part:" + n: methods.part_fingerprint(n) for n in methods.PART_METHODS}
    out |= {"section:" + n: methods.section_fingerprint(n) for n in methods.SECTION_METHODS}
    out |= {"store:" + n: methods.store_fingerprint(n) for n in methods.STORE_METHODS}
    out["section:guideline_units(param)"] = methods.section_fingerprint(
        "guideline_units", {"guideline": {"A": 0.2}}
    )
    return out


def test_a_changed_computation_without_a_version_is_still_caught_by_its_source(source_tree):
    """Forgetting to raise the version cannot leave stale numbers: the fingerprint hashes the
    source of the modules that compute a part and of what they import."""
    before = _every_fingerprint()
    source_tree("stats/raters.py")
    after = _every_fingerprint()
    assert all(after[n] != before[n] for n in before)  # parts.py imports raters


@pytest.mark.parametrize(
    "module", ["findings/materialise.py", "findings/sections.py", "findings/stored.py"]
)
def test_an_edit_to_the_builder_changes_every_fingerprint(source_tree, module):
    """The materialisation decides stored numbers too (the department and single-cycle
    scopes, the rows an incremental refresh keeps), and it stores the sections beside the
    parts: an edit to it, to the sections or to the store rule makes every stored frame stale."""
    before = _every_fingerprint()
    source_tree(module)
    after = _every_fingerprint()
    assert [n for n in before if after[n] == before[n]] == []


def test_an_edit_outside_the_builders_import_graph_changes_no_fingerprint(source_tree):
    before = _every_fingerprint()
    source_tree("findings/lazyscope.py")  # reads stored frames back, computes none
    source_tree("export/report.py")
    assert _every_fingerprint() == before


def _a_stale_section_or_part_is_never_shown(con, monkeypatch) -> None:
    """A section whose method changed is no longer available (never shown), a part whose
    threshold changed is no longer current, the others are."""
    method = replace(methods.SECTION_METHODS["raters"], version=7)
    monkeypatch.setitem(methods.SECTION_METHODS, "raters", method)
    available = stored.available(con)
    for prefix in (store.SECTION_PREFIX, store.DEPT_SECTION_PREFIX, store.CYCLE_SECTION_PREFIX):
        assert prefix + "raters" not in available
    assert store.SECTION_PREFIX + "inflation" in available  # its method did not change
    assert stored.stale(con)
    lazy = load_scope_lazy(con, Scope())
    assert lazy.stored_section("raters") is None
    assert lazy.stored_section("inflation") is not None
    # a changed threshold: the parts that use it are stale, the others current
    monkeypatch.setattr(methods, "SHIFT_FLOOR", 0.12)  # as an edit of methods.py would
    monkeypatch.setattr(parts, "SHIFT_FLOOR", 0.12)
    current = stored.current_tables(con)
    assert "mat_shifts" not in current and "mat_against" not in current
    assert "mat_changes" in current and stored.stale(con)


def test_an_upgraded_library_makes_every_stored_frame_stale(db_copy, monkeypatch):
    """A new NumPy, SciPy, Polars, DuckDB or PyArrow can change a number without a line of
    ours changing: the installed versions are in every fingerprint."""
    con = db.connect(db_copy)
    try:
        assert not stored.stale(con)
        before = _every_fingerprint()
        upgraded = tuple(
            (name, version + ".post1" if name == "scipy" else version)
            for name, version in methods.library_versions()
        )
        monkeypatch.setattr(methods, "library_versions", lambda: upgraded)
        after = _every_fingerprint()
        assert [n for n in before if after[n] == before[n]] == []
        assert stored.stale(con) and stored.current_tables(con) == set()
    finally:
        con.close()


def test_every_library_analytics_computes_with_is_in_the_fingerprint():
    """A numeric library imported anywhere in ``analytics`` is listed in ``LIBRARIES``."""
    numeric = {"duckdb", "numpy", "pandas", "polars", "pyarrow", "scipy", "sklearn", "statsmodels"}
    statement = re.compile(r"^[ \t]*(?:import|from)[ \t]+(\w+)", re.MULTILINE)
    imported = {
        name
        for path in (ROOT / "analytics").rglob("*.py")
        for name in statement.findall(path.read_text(encoding="utf-8"))
    }
    assert imported & numeric <= set(methods.LIBRARIES)
    assert {"numpy", "polars", "scipy", "duckdb"} <= imported  # the scan sees them


def test_every_threshold_of_methods_is_declared():
    constants = {
        k
        for k, v in vars(methods).items()
        if k.isupper() and not k.startswith("_") and isinstance(v, (int, float, str))
    }
    assert constants == set(methods.THRESHOLDS)
    for method in (*methods.PART_METHODS.values(), *methods.SECTION_METHODS.values()):
        assert set(method.thresholds) <= set(methods.THRESHOLDS)
    assert all(m.thresholds == methods.THRESHOLDS for m in methods.SECTION_METHODS.values())


def test_each_part_declares_the_thresholds_its_code_reads():
    """Read off parts.py: the thresholds named in a part's function, or in the functions of
    parts.py it calls, are declared in its method (so their values are in its fingerprint)."""
    tree = ast.parse((ROOT / "analytics" / "findings" / "parts.py").read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    table = next(
        n.value
        for n in tree.body
        if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "COMPANY_PARTS"
    )

    def names(node: ast.AST, seen: set[str]) -> set[str]:
        out = set()
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                out.add(sub.id)
                if sub.id in functions and sub.id not in seen:
                    seen.add(sub.id)
                    out |= names(functions[sub.id], seen)
        return out

    used = {}
    for key, value in zip(table.keys, table.values):
        used[key.value] = names(value, set()) & set(methods.THRESHOLDS)
        assert used[key.value] <= set(methods.PART_METHODS[key.value].thresholds), key.value
    assert used["shifts"] == {"SHIFT_FLOOR", "SHIFT_SD"} and used["agreement"] == {"MIN_N"}


def test_a_changed_threshold_changes_the_fingerprints_of_what_uses_it(monkeypatch):
    before = _every_fingerprint()
    monkeypatch.setattr(methods, "SHIFT_SD", methods.SHIFT_SD * 2)
    after = _every_fingerprint()
    changed = {n for n in before if after[n] != before[n]}
    assert {"part:shifts", "part:against"} <= changed  # against is computed from the shifts
    assert not {"part:changes", "part:effects", "part:agreement"} & changed
    assert {"section:" + n for n in methods.SECTION_METHODS} <= changed
    monkeypatch.undo()
    assert _every_fingerprint() == before
    monkeypatch.setattr(methods, "MIN_N", methods.MIN_N + 1)
    changed = {n for n, fp in _every_fingerprint().items() if fp != before[n]}
    assert "part:agreement" in changed and "part:shifts" not in changed


def test_a_new_import_makes_every_stored_part_stale_until_refreshed(db_copy):
    con = db.connect(db_copy)
    try:
        db.bump_version(con)
        assert stored.available(con) == {} and stored.stale(con)
        assert load_scope_lazy(con, Scope()).stored_section("raters") is None
    finally:
        con.close()


def test_a_fix_in_the_builder_is_stale_and_the_refresh_stores_the_fixed_numbers(
    db_copy, source_tree, monkeypatch
):
    """The reported bug: a fix in materialise.py left the stored numbers in place, even
    through ``python -m analytics refresh``. Here the builder of the department raters is
    'fixed' (its source edited, its output changed) and the department shifts too (their
    method version raised): every stored frame is stale, no cycle's pieces are kept, and the
    dashboard refreshes them in the background (``refresh_database``, what the command runs):
    the sidebar says so meanwhile and not after; the store then holds what the fixed code
    computes and the page shows it.

    Before those fixes, a section whose method changed is no longer available (never shown)
    and a part whose threshold changed is no longer current, the others still are; the same
    refresh stores both again. (One refresh for every change: each refits the company, about
    six CPU seconds.)"""
    import threading

    from streamlit.testing.v1 import AppTest

    from analytics.findings import writes
    from analytics.stats import attribution
    from ui import cache
    from ui.i18n import t

    con = db.connect(db_copy)
    try:
        catalog, schemas = store.read_catalog(con), store.read_schemas(con)
        cycles, versions = materialise._rated_cycles(con), db.input_versions(con)
        assert materialise._kept_cycles(catalog, schemas, cycles, versions) == set(cycles)
        assert not stored.stale(con)
        _a_stale_section_or_part_is_never_shown(con, monkeypatch)
    finally:
        con.close()
    _fix_shifts(monkeypatch, raised=True)
    real = materialise.department_raters
    monkeypatch.setattr(
        materialise,
        "department_raters",
        lambda data: real(data).filter(pl.col("unit") != "研发中心"),
    )
    source_tree("findings/materialise.py")
    con = db.connect(db_copy)
    try:
        assert stored.stale(con) and stored.current_tables(con) == set()
        assert materialise._kept_cycles(catalog, schemas, cycles, versions) == set()
        units = con.execute(f"SELECT DISTINCT unit FROM {store.DEPT_RATERS}").fetchall()
        assert ("研发中心",) in units  # the old code's rows, not shown any more
    finally:
        con.close()

    refresh_database = writes.refresh_database
    refreshed: list[bool] = []  # what the background refresh's refresh_database returned
    monkeypatch.setattr(
        writes, "refresh_database", lambda *a, **k: refreshed.append(refresh_database(*a, **k))
    )
    gate = threading.Event()  # the refresh waits until the page was looked at
    real_run = cache._Refresher._run
    monkeypatch.setattr(cache._Refresher, "_run", lambda self: (gate.wait(120), real_run(self)))
    notice = t("store.refreshing", lang="zh")
    assert notice.startswith("预计算结果正在后台更新")  # a worded notice, not its code
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert notice in [i.value for i in at.sidebar.info]
    assert cache.store_status() == "refreshing"
    gate.set()
    for thread in [th for th in threading.enumerate() if th.name == "perflens-refresh"]:
        thread.join(600)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert notice not in [i.value for i in at.sidebar.info]
    assert cache._refresher(str(db_copy)).error is None and refreshed == [True]
    assert cache.store_status() == "current"
    con = db.connect(db_copy)
    try:
        assert not stored.stale(con)
        catalog = store.read_catalog(con)
        expected = catalog["table_name"].map_elements(
            stored.expected_fingerprint, return_dtype=pl.String
        )
        assert (catalog["fingerprint"] == expected).all()
        units = con.execute(f"SELECT DISTINCT unit FROM {store.DEPT_RATERS}").fetchall()
        assert units and ("研发中心",) not in units
        # the changed section and the parts of the changed threshold, stored again
        assert store.SECTION_PREFIX + "raters" in stored.available(con)
        schemas = store.read_schemas(con)
        changes = store.read_part(con, "mat_changes", schemas["mat_changes"])
        shifts = store.read_part(con, "mat_shifts", schemas["mat_shifts"])
        fixed = attribution.department_shifts(changes, min_shift=0.12)
        assert_frame_equal(shifts, fixed.with_columns(pl.col("department") + 0.5))
        lazy = load_scope_lazy(con, Scope())
        got = lazy.stored_section("department_shifts")  # stored again, by the fixed code
        assert got is not None
        fresh = sections.compute_section("department_shifts", load_scope_lazy(con, Scope()))
        assert_frame_equal(got, fresh, check_exact=False, rel_tol=1e-9, abs_tol=1e-12)
    finally:
        con.close()
    # the page shows the stored numbers of the fixed code (the refresh cleared the caches)
    page = cache.section("department_shifts", Scope(), cache.version())
    assert_frame_equal(page, got)
    assert refresh_database(db_copy) is False  # current now: nothing to do


def test_a_database_without_ratings_stores_nothing_and_is_not_stale(tmp_path):
    con = db.connect(tmp_path / "empty.duckdb")
    try:
        assert not stored.stale(con)
        con.execute("CREATE TABLE mat_sec_raters AS SELECT 1 AS x")  # left from earlier data
        assert materialise.refresh(con) == {}
        assert store.stored_tables(con) == [store.CATALOG]
        assert not stored.stale(con) and stored.available(con) == {}
    finally:
        con.close()


def test_the_attribution_sections_are_listed_once():
    """The six attribution names are one tuple (methods.py), spliced into the method table and
    the report's sections: no other literal in analytics/ lists them all (issue 19 item 7)."""
    names = set(methods.ATTRIBUTION_SECTIONS)
    assert len(names) == 6 and names <= set(methods.SECTION_METHODS)
    assert all(n in sections.REPORT_SECTIONS for n in names)
    lists = []
    for path in sorted((ROOT / "analytics").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not all(f'"{n}"' in source for n in names):  # parsed only where all six are written
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                words = {e.value for e in node.elts if isinstance(e, ast.Constant)}
                if names <= words:
                    lists.append(path.relative_to(ROOT).as_posix())
    assert lists == ["analytics/findings/methods.py"], lists


def test_an_edit_to_the_process_settings_moves_no_fingerprint(source_tree):
    """``analytics/runtime.py`` holds the process settings and the background warm-up, which
    compute no number: the statistics take their thread-safe helpers from
    ``analytics/threadsafe.py`` instead, so an edit to the settings does not make every stored
    part of every dataset stale (a refit of 40M ratings takes 35 minutes)."""
    before = _every_fingerprint()
    source_tree("runtime.py")
    assert _every_fingerprint() == before
    source_tree("threadsafe.py")  # the helpers themselves are hashed: they compute
    assert _every_fingerprint()["part:profile"] != before["part:profile"]


def test_a_schema_is_written_once_and_each_schema_reads_back_as_itself():
    """:func:`store.schema_blob` keeps the bytes of each schema it wrote: the same bytes for
    the same schema, and none of a schema that differs in a dtype's detail alone (an Enum's
    categories, a time zone, a list's inner type) handed for another."""
    import io

    variants = [
        {"g": pl.Enum(["A", "B"]), "t": pl.Datetime("us"), "v": pl.List(pl.Int64)},
        {"g": pl.Enum(["A", "C"]), "t": pl.Datetime("us"), "v": pl.List(pl.Int64)},
        {"g": pl.Enum(["A", "B"]), "t": pl.Datetime("us", "UTC"), "v": pl.List(pl.Int64)},
        {"g": pl.Enum(["A", "B"]), "t": pl.Datetime("us"), "v": pl.List(pl.Int32)},
        {"h": pl.Enum(["A", "B"]), "t": pl.Datetime("us"), "v": pl.List(pl.Int64)},
    ]
    blobs = []
    for schema in variants:
        frame = pl.DataFrame(schema=schema)
        first = store.schema_blob(frame)
        assert store.schema_blob(pl.DataFrame(schema=schema)) is first  # kept, not written again
        buf = io.BytesIO()
        frame.write_ipc(buf)
        assert first == buf.getvalue()  # the bytes Polars writes for it
        assert pl.read_ipc(io.BytesIO(first)).schema == frame.schema
        blobs.append(first)
    assert len(set(blobs)) == len(variants)
