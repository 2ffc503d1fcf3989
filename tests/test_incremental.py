"""After the import of one new cycle, the refresh fits only that cycle's models: the other
cycles' stored pieces are kept as they were (not rewritten), the all-cycles parts and sections
are refitted, and the store equals a full refresh of the same data. It does so in two
transactions: first what the dashboard shows first (the overview, every single cycle), current
in the catalog while the all-cycles models are not; then those."""

from __future__ import annotations

import pickle
import shutil

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.findings import materialise, parts, stored
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope, overview_counts
from analytics.findings.stored import available
from analytics.ingest.mapping import load_mapping
from analytics.ingest.pipeline import import_files
from analytics.stats import distributions, gaps
from analytics.store import db
from analytics.store import parts as store

TOL = {"check_exact": False, "rel_tol": 1e-9, "abs_tol": 1e-9}
STACKS = (store.CYCLE_PART_PREFIX, store.CYCLE_SECTION_PREFIX)


@pytest.fixture(scope="module")
def exports(small_demo_db, tmp_path_factory):
    """The small demo's exports (:func:`tests.conftest.small_demo_db`, 300 people in 3 cycles:
    the mechanics, not the power): a CSV of every cycle but the last, a Parquet of the last, an
    xlsx of the side tables."""
    from analytics.demo.company import MAPPING_NAME

    folder = small_demo_db.parent
    csv, parquet, xlsx = pickle.loads((folder / "paths.pkl").read_bytes())
    return {
        "dir": tmp_path_factory.mktemp("incremental"),
        "earlier": [csv, xlsx],
        "last": [parquet],
        # the last cycle moved to 0-100: declared, as a new cycle on another scale needs
        "mapping": load_mapping(folder / "exports" / MAPPING_NAME),
        "mapping_file": str(folder / "exports" / MAPPING_NAME),
        "full": small_demo_db,
    }


@pytest.fixture(scope="module")
def full_db(exports):
    """Every cycle imported at once and fully refreshed: the small demo itself, built once per
    run (:func:`tests.conftest.small_demo_db`, its three exports imported in one call, then
    refreshed): copy it to write to it. Why: this module imported and refreshed a company of
    its own the same way (5-6 CPU s)."""
    return exports["full"]


@pytest.fixture(scope="module")
def full_store(full_db):
    """Every stored frame of a full refresh of every cycle at once, and its overview counts."""
    full = db.connect(full_db, read_only=True)
    out = _stored(full), overview_counts(full)
    full.close()
    return out


@pytest.fixture(scope="module")
def earlier_db(exports):
    """Every cycle but the last imported and refreshed: the state before the new cycle's
    import, built once (each test writes to a copy: :func:`_copy`)."""
    path = exports["dir"] / "earlier.duckdb"
    con = db.connect(path)
    import_files(con, exports["earlier"], exports["mapping"], lang="en")
    materialise.refresh(con)
    con.close()
    return path


@pytest.fixture(scope="module")
def ready_db(earlier_db, exports):
    """Then the last cycle imported and the refresh's first transaction alone (``until_ready``,
    what pages/data.py does): the new cycle and the overview current, the all-cycles models
    stale. Returns the file and the new cycle."""
    path = _copy(earlier_db, exports["dir"] / "ready.duckdb")
    con = db.connect(path)
    earlier = set(db.input_versions(con))
    import_files(con, exports["last"], exports["mapping"], lang="en")
    (new,) = set(db.input_versions(con)) - earlier
    calls: list[bool] = []
    materialise.refresh(con, calls.append, until_ready=True)
    con.close()
    return path, new, calls


def _copy(path, to):
    shutil.copyfile(path, to)
    return to


def _assert_equal_stores(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    for key, frame in want.items():
        # the reasons are sentences with rounded numbers in them: two fits whose sums ran in
        # another order (threads) may round a last digit apart; their numbers are compared
        words = [c for c in frame.columns if "reason" in c]
        mine = got[key]
        if key[0] == store.GRADED:  # a GROUP BY's rows: their order means nothing
            mine, frame = mine.sort(mine.columns), frame.sort(frame.columns)
        try:
            assert_frame_equal(mine.drop(words), frame.drop(words), **TOL)
        except AssertionError as exc:
            raise AssertionError(f"{key}: {exc}") from None


def _stored(con) -> dict[tuple[str, str], pl.DataFrame]:
    """Every current stored frame, the per-cycle tables one frame per cycle."""
    out = {}
    schemas = available(con)
    for table, schema in schemas.items():
        frame = store.read_part(con, table, schema)
        if "generated_at" in frame.columns:  # when it was computed
            frame = frame.drop("generated_at")
        if table.startswith(STACKS):
            for (cycle,), rows in frame.partition_by(
                store.CYCLE_COLUMN, as_dict=True, maintain_order=True
            ).items():
                out[table, cycle] = rows
        else:
            out[table, ""] = frame
    return out


def test_a_new_cycle_refits_only_its_own_models(exports, earlier_db, full_store, monkeypatch):
    con = db.connect(_copy(earlier_db, exports["dir"] / "incremental.duckdb"))
    first = db.data_version(con)
    earlier_cycles = set(db.input_versions(con))
    assert len(earlier_cycles) >= 2
    before = _stored(con)
    assert any(t.startswith(STACKS) for t, _ in before)

    import_files(con, exports["last"], exports["mapping"], lang="en")
    fitted: list[str] = []
    real = materialise._cycle_scope
    monkeypatch.setattr(
        materialise,
        "_cycle_scope",
        lambda data, cycle, ratings: fitted.append(cycle) or real(data, cycle, ratings),
    )
    bootstrapped: set[str] = set()  # the cycles whose reliability was bootstrapped
    real_reliability = parts.reliability_from_pairs

    def reliability(per: pl.DataFrame) -> pl.DataFrame:
        bootstrapped.update(per["cycle_id"].cast(pl.String).unique().to_list())
        return real_reliability(per)

    monkeypatch.setattr(parts, "reliability_from_pairs", reliability)
    scored: set[str] = set()  # the cycles whose scores and source means were fitted
    for module, name in (
        (distributions, "employee_scores_from_pairs"),
        (gaps, "source_means_from_pairs"),
    ):
        real_fit = getattr(module, name)

        def fit(ratings, *args, real_fit=real_fit, **kwargs):
            scored.update(ratings["cycle_id"].cast(pl.String).unique().to_list())
            return real_fit(ratings, *args, **kwargs)

        monkeypatch.setattr(module, name, fit)
    ready: list[bool] = []  # the CLI's cue: what the dashboard shows first is stored, more follows
    materialise.refresh(con, ready.append)
    assert ready == [True]
    new = set(db.input_versions(con)) - earlier_cycles
    assert len(new) == 1 and fitted == sorted(new)  # only the new cycle's models were fitted
    assert bootstrapped == new  # and only its reliability bootstrapped
    assert scored == new  # its scores and source means alone: the others' are read back
    monkeypatch.undo()

    # the other cycles' stored pieces: the same rows, their catalog entries written before
    catalog = store.read_catalog(con)
    old = catalog.filter(pl.col("scope_key").is_in(list(earlier_cycles)))
    assert old.height > 0 and (old["written_version"] == first).all()
    assert (catalog["checked_version"] == db.data_version(con)).all()
    after = _stored(con)
    for (table, cycle), frame in before.items():
        if cycle:
            assert_frame_equal(after[table, cycle], frame)
    # the all-cycles parts were refitted on every cycle
    assert after["mat_sec_summary", ""]["cycles"][0] != before["mat_sec_summary", ""]["cycles"][0]
    con.close()

    # and the store equals a full refresh of the same data
    _assert_equal_stores(after, full_store[0])


#: the stored tables the first of the refresh's two transactions writes: the overview, who
#: graded whom, the single cycles' pieces and sections, the parts computed cycle by cycle
FIRST = (
    store.OVERVIEW_PREFIX,
    *STACKS,
    *(store.PREFIX + n for n in ("reliability", "reliability_units", "scores", "sources")),
    store.PREFIX + "recheck",
    store.GRADED,
)


def _first(table: str) -> bool:
    return table.startswith(FIRST[:3]) or table in FIRST[3:]


def test_the_new_cycle_is_current_before_the_all_cycles_models(ready_db, full_store):
    """Between the refresh's two transactions: the new cycle's single-cycle scope and the
    overview are current in the catalog (and read from the store), every all-cycles model and
    section is not (never shown). The dashboard's import stops after the first
    (``until_ready``) and its background refresh then does the second alone: after it,
    everything is current and equal to a full refresh
    (:func:`test_the_dashboard_between_the_two_transactions`)."""
    path, new, calls = ready_db
    assert calls == [False]  # ready, and nothing more from this call
    con = db.connect(path, read_only=True)  # (the module's: written to by no test)
    version = db.data_version(con)

    catalog = store.read_catalog(con)
    current = stored.current_tables(con)
    tables = set(catalog["table_name"].to_list())
    first = {t for t in tables if _first(t)}
    assert first and first <= current  # the overview, every single cycle, the per-cycle parts
    later = tables - first
    assert {"mat_rater_table", "mat_effects", "mat_sec_raters", "mat_dsec_raters"} <= later
    assert not later & current  # the all-cycles models: not current, so never shown
    stale_rows = catalog.filter(pl.col("table_name").is_in(list(later)))
    assert (stale_rows["checked_version"] != version).all()
    new_rows = catalog.filter(pl.col("scope_key") == new)
    assert set(new_rows["table_name"].to_list()) == {t for t in first if t.startswith(STACKS)}
    assert (new_rows["checked_version"] == version).all()
    assert stored.stale(con) and stored.only_all_cycles_stale(con)

    # what a page reads meanwhile: the new cycle and the overview from the store, equal to a
    # full refresh's; the company scope's stored sections not at all (computed on demand)
    want, want_overview = full_store
    cycle = load_scope_lazy(con, Scope(cycles=(new,)))
    got = cycle.stored_section("raters")
    assert got is not None
    assert_frame_equal(
        got.drop("reasons", strict=False),
        want["mat_csec_raters", new].drop(store.CYCLE_COLUMN, "reasons", strict=False),
        **TOL,
    )
    assert load_scope_lazy(con, Scope()).stored_section("raters") is None
    assert stored.is_current(con)
    for name, frame in overview_counts(con).items():
        assert_frame_equal(frame, want_overview[name], check_dtypes=False)
    con.close()


def test_a_changed_cycle_or_code_refits_every_cycle(exports, full_db, monkeypatch):
    """Nothing is kept when the code changed (another fingerprint) or when the refresh has no
    catalog to go by."""
    from dataclasses import replace

    from analytics.findings import methods

    con = db.connect(_copy(full_db, exports["dir"] / "code.duckdb"))
    cycles = sorted(db.input_versions(con))
    fitted: list[str] = []
    real = materialise._cycle_scope
    monkeypatch.setattr(
        materialise,
        "_cycle_scope",
        lambda data, cycle, ratings: fitted.append(cycle) or real(data, cycle, ratings),
    )
    # nothing changed: every cycle kept (decided before either transaction; the first alone
    # runs here, the all-cycles refit of the second is the same with or without a change)
    materialise.refresh(con, until_ready=True)
    assert fitted == []
    method = replace(methods.PART_METHODS["effects"], version=9)
    monkeypatch.setitem(methods.PART_METHODS, "effects", method)
    # the company's and departments' sections read every cycle and are computed again by
    # every refresh, changed code or not: left out here (half of this refresh's CPU), the
    # cycles it refits are what is asked
    monkeypatch.setattr(materialise, "_put_all_cycles_sections", lambda *a, **k: None)
    materialise.refresh(con)
    assert sorted(fitted) == cycles
    con.close()


def test_the_cli_says_when_the_dashboard_is_ready_and_may_be_interrupted_after(
    exports, earlier_db, ready_db, monkeypatch, capsys
):
    """The import command says (in the user's language) when what the dashboard shows first is
    stored, then refits the all-cycles models; Ctrl-C during those keeps what is stored (exit
    130) and leaves them stale for the dashboard's background refresh: the store is as after
    the dashboard's own import (``ready_db``), whose background refresh
    :func:`test_the_dashboard_between_the_two_transactions` runs."""
    from analytics.cli import main
    from analytics.text import render

    path = _copy(earlier_db, exports["dir"] / "cli.duckdb")  # every cycle but the last, stored
    declared = ["--mapping", exports["mapping_file"]]  # the last cycle's scale

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(materialise, "department_sections", interrupt)
    capsys.readouterr()
    code = main(["--lang", "zh", "import", str(exports["last"][0]), "--db", str(path), *declared])
    err = capsys.readouterr().err
    assert code == 130
    ready = render("store.cli_ready", "zh", seconds=1.0)
    assert ready.split("（")[0] in err and "秒）" in err
    for key in ("store.cli_materialising", "store.cli_all_cycles", "store.cli_interrupted"):
        assert render(key, "zh") in err
    assert "Traceback" not in err
    assert render("store.cli_ready", "en", seconds=3.0).startswith("Stored what the dashboard")
    monkeypatch.undo()

    ready = db.connect(ready_db[0], read_only=True)
    try:
        want = stored.current_tables(ready)
    finally:
        ready.close()
    con = db.connect(path)
    try:
        assert stored.only_all_cycles_stale(con)  # the first transaction kept, the rest rolled back
        assert stored.current_tables(con) == want  # what the dashboard's import leaves
    finally:
        con.close()


def test_the_dashboard_between_the_two_transactions(ready_db, full_store, tmp_path, monkeypatch):
    """After the dashboard's import (the first transaction only) its background refresh fits
    the all-cycles models. Meanwhile the sidebar says that only they are being refreshed, the
    overview at all cycles says its headlines are (in both languages) instead of fitting those
    models beside the refresh, and the new cycle alone shows its headlines from the store; once
    the refresh is done, no notice. That refresh is the second transaction alone: no cycle
    fitted again, then everything current and equal to a full refresh."""
    import threading
    from pathlib import Path

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui import cache
    from ui.i18n import t

    ready, new, _ = ready_db  # after the dashboard's import (its refresh's first transaction)
    path = _copy(ready, tmp_path / "dashboard.duckdb")
    monkeypatch.setenv("PERFLENS_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    gate = threading.Event()  # the refresh waits until the pages were looked at
    real_run = cache._Refresher._run
    monkeypatch.setattr(cache._Refresher, "_run", lambda self: (gate.wait(120), real_run(self)))
    fitted: list[str] = []  # the cycles the background refresh fits
    real_cycle = materialise._cycle_scope
    monkeypatch.setattr(
        materialise,
        "_cycle_scope",
        lambda data, c, ratings: fitted.append(c) or real_cycle(data, c, ratings),
    )
    calls: list[bool] = []  # its on_ready cue
    real_refresh = materialise.refresh
    monkeypatch.setattr(
        materialise, "refresh", lambda con, *a, **k: real_refresh(con, calls.append, **k)
    )
    root = Path(__file__).resolve().parents[1]
    try:
        for label, lang in (("中文", "zh"), ("English", "en")):
            at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=180)
            at.query_params["lang"] = label
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            assert t("store.refreshing_all_cycles", lang=lang) in [i.value for i in at.sidebar.info]
            assert t("store.headlines_refreshing", lang=lang) in [i.value for i in at.main.info]
        at.sidebar.multiselect(key="cycle").set_value([new]).run()
        assert not at.exception, [e.value for e in at.exception]
        assert t("store.headlines_refreshing", lang="en") not in [i.value for i in at.main.info]
        assert any(" lenient" in m.value for m in at.markdown)  # the new cycle's headlines
        gate.set()
        for thread in [th for th in threading.enumerate() if th.name == "perflens-refresh"]:
            thread.join(600)
        at.sidebar.multiselect(key="cycle").set_value([]).run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.sidebar.info and not at.main.info
        assert any(" lenient" in m.value for m in at.markdown)  # all cycles, from the store
        assert fitted == [] and calls == [True]
        con = db.connect(path)
        try:
            assert not stored.stale(con)
            catalog = store.read_catalog(con)
            assert stored.current_tables(con) == set(catalog["table_name"].to_list())
            _assert_equal_stores(_stored(con), full_store[0])
        finally:
            con.close()
    finally:
        gate.set()
        st.cache_data.clear()
        st.cache_resource.clear()
