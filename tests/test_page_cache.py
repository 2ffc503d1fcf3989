"""What a page run reads from the dashboard's caches: the objects computed once for every
session, not a copy of every row per run."""

from __future__ import annotations

import json
import threading

import polars as pl
import streamlit as st
from polars.testing import assert_frame_equal

from analytics.export.report import to_json
from analytics.findings.scope import Scope
from tests.app.apptest import open_page


def test_sections_the_report_and_the_roster_are_shared_not_copied(db_copy):
    """A section, the whole report's findings and the roster's names are the objects computed
    first, on every later run (``st.cache_resource``), not an unpickled copy of every row
    (``st.cache_data``: 0.2-0.45 CPU s of a warm page load at 10M ratings, 93% of the
    Calibration page's run, session 20); ``cache.clear()`` (after an import) forgets them."""
    from ui import cache

    v = cache.version()
    raters = cache.section("raters", Scope(), v)
    assert raters is not None and raters.height > 0
    assert cache.section("raters", Scope(), v) is raters
    report = cache.findings(Scope(), v)
    assert cache.findings(Scope(), v) is report
    assert report["raters"].height == raters.height
    # a download builds the report from the same findings, on a thread outside the session
    got: list[bytes] = []
    worker = threading.Thread(
        target=lambda: got.append(cache.report_bytes(Scope(), v, "json", "zh")())
    )
    worker.start()
    worker.join()
    assert json.loads(got[0]) == json.loads(json.dumps(to_json(report, "zh"), ensure_ascii=False))
    names = cache.names(v)
    assert names.height > 0 and cache.names(v) is names
    people = cache.people(v)
    assert people.height > 0 and cache.people(v) is people
    cache.clear()
    again = cache.section("raters", Scope(), v)
    assert again is not raters  # computed anew after an import
    assert_frame_equal(again, raters)
    assert cache.findings(Scope(), v) is not report
    assert cache.names(v) is not names


def test_derived_values_are_built_once_per_key_and_viewer(monkeypatch):
    from ui import cache

    st.cache_resource.clear()
    built: list[str] = []
    try:
        make = lambda: built.append("x") or ["ranked"]  # noqa: E731
        first = cache.derived(("ranking", "v1"), make)
        assert cache.derived(("ranking", "v1"), make) is first and built == ["x"]
        cache.derived(("ranking", "v2"), make)  # another data version: built anew
        assert built == ["x", "x"]
        monkeypatch.setattr(cache, "current_viewer", lambda: "someone else")
        cache.derived(("ranking", "v1"), make)  # another viewer's value is their own
        assert built == ["x", "x", "x"]
        cache.clear()
        cache.derived(("ranking", "v1"), make)
        assert len(built) == 4
    finally:
        st.cache_resource.clear()


def test_attribution_page_reads_the_changes_once_per_data_version(db_copy, monkeypatch):
    """The shift sentences and the list of the largest movers are built on the first run and
    read on the next (each reads every change: 0.1 CPU s a run at 10M ratings)."""
    from analytics.findings import stories
    from analytics.text import render

    calls: list[int] = []
    real = stories.shift_sentences
    monkeypatch.setattr(
        stories, "shift_sentences", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    at = open_page("pages/attribution.py", "zh", timeout=180)  # (straight to the page: no overview)
    assert calls == [1]
    heading = render("attr.waterfall", "zh")
    assert heading in [h.value for h in at.subheader]
    box = at.selectbox[0]
    options = list(box.options)
    assert 0 < len(options) <= 300
    at.run()  # the next run (a reload): nothing read again, the same list
    assert not at.exception and calls == [1]
    assert list(at.selectbox[0].options) == options


def test_rater_page_names_what_it_draws_and_counts_its_raters_once(db_copy, monkeypatch):
    """The rater page joins the roster's names to what it draws only (the charts' points: at
    40M ratings naming the company's ~210,000 raters was 0.12-0.14 CPU s of a first visit,
    session 30), and its hovers still name the raters; its status sentences and flagged rows
    are derived on the first run and read on the next (~0.6 s of every run at 40M, session
    21)."""
    from analytics.findings import fewnames, headlines, names
    from ui import cache

    joined: list[int] = []
    counted: list[int] = []
    real_names, real_lines = names.with_names, headlines.rater_status_lines

    def counting_names(frame, roster):
        if "effect" in frame.columns:  # rows of the rater table
            joined.append(frame.height)
        return real_names(frame, roster)

    for module in (names, fewnames):
        monkeypatch.setattr(module, "with_names", counting_names)
    monkeypatch.setattr(
        headlines, "rater_status_lines", lambda r: counted.append(1) or real_lines(r)
    )
    at = open_page("pages/raters.py", "zh", timeout=180)  # (straight to the page: no overview)
    raters = cache.section("raters", Scope(), cache.version())
    # the effects chart's groups of points and the flagged table's page: never the whole table
    assert counted == [1] and joined and max(joined) < raters.height, (joined, raters.height)
    roster = dict(cache.names(cache.version()).iter_rows())
    effects = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    hovers = [(i, w) for tr in effects for i, w in zip(tr["customdata"], tr["text"], strict=True)]
    assert sum(i in roster for i, _w in hovers) > 100  # names beside ids, as before
    assert all(w == f"{i} {roster.get(i) or ''}".strip() for i, w in hovers)
    captions = [c.value for c in at.caption]
    at.run()  # the next run (a reload): nothing derived again, the same sentences
    assert not at.exception
    assert counted == [1]
    assert [c.value for c in at.caption] == captions


def test_attribution_page_reads_the_columns_of_its_summaries_and_one_persons_rows(
    db_copy, monkeypatch
):
    """The attribution page reads 14 of the changes' 42 columns for its summaries (bars and
    their environment bar, shift sentences, scale breaks, sources note), the picked person's
    rows alone and its list of the largest movers ranked in DuckDB (ties by id) where the
    changes are stored (at 40M ratings the section is 1M rows: reading it whole and ranking it
    was most of the first visit).
    Every summary from those columns is the one from the whole section, and one person's rows
    are theirs of the whole section, read from the store (nothing computed) where it is stored:
    the company, a stored department; a level's scope computes the section and filters it."""
    from analytics.export import figures
    from analytics.findings import sections, stories
    from analytics.stats.attribution import largest_movers
    from ui import cache, charts

    computed: list[str] = []
    real = sections.compute_section
    monkeypatch.setattr(
        sections,
        "compute_section",
        lambda name, *a, **k: computed.append(name) or real(name, *a, **k),
    )
    v = cache.version()
    units = cache.cycle_units(v)
    for scope in (Scope(), Scope(department="销售中心"), Scope(level="P3")):
        part = cache.section_columns("attribution", scope, v, charts.CHANGE_COLUMNS)
        everyone = cache.largest_movers(scope, v, 10**6)  # ranked in DuckDB where stored
        movers = cache.largest_movers(scope, v, 5)[0]
        rows = {e: cache.section_rows("attribution", scope, v, e) for e in movers}
        assert ("attribution" in computed) == (scope.level is not None)
        whole = cache.section("attribution", scope, v)
        assert part.columns == [c for c in whole.columns if c in charts.CHANGE_COLUMNS]
        assert len(part.columns) == len(charts.CHANGE_COLUMNS) < len(whole.columns)
        assert_frame_equal(part, whole.select(part.columns))
        assert everyone == largest_movers(whole, 10**6) and movers == everyone[0][:5]
        for e, got in rows.items():
            assert got.height > 0
            assert_frame_equal(got, whole.filter(whole["employee_id"] == e))
        # every summary from those columns alone, with parts the small demo leaves at zero
        # (a new manager's part, a change of sources) set, and every shift named
        n = pl.int_range(pl.len())
        whole = whole.with_columns(
            new_manager=pl.when(n % 3 == 0).then(pl.col("change") / 4).otherwise(0.0),
            sources_changed=n % 5 == 0,
        )
        part = whole.select(charts.CHANGE_COLUMNS)
        assert largest_movers(part, 300) == largest_movers(whole, 300)
        assert stories.scale_breaks(part, units) == stories.scale_breaks(whole, units)
        assert stories.sources_changed_pairs(part) == stories.sources_changed_pairs(whole)
        bars = (figures.attribution_bars(f, "en", None, units).to_json() for f in (part, whole))
        assert next(bars) == next(bars)
        shifts = cache.section("department_shifts", scope, v).with_columns(significant=True)
        drivers = cache.section("kpi_drivers", scope, v)
        said = [stories.shift_sentences(shifts, f, drivers, None, units) for f in (part, whole)]
        assert said[0].height > 0
        assert_frame_equal(*said)
        computed.clear()


def test_the_person_pickers_roster_is_read_in_the_quiet_after_the_first_page(db_copy, monkeypatch):
    """The roster the person pickers list (id, name, department: 210,000 people sorted by id
    at 40M ratings, 0.07 CPU s) is read once on a background thread in the quiet after a page
    (``cache.warm``, which the dashboard calls after each run; session 30), not by the first
    attribution or person page."""
    from analytics import runtime
    from analytics.findings import person
    from ui import cache

    v, path = cache.version(), cache.db_path()
    name = f"perflens-people:{path}:{v}"
    calls: list[str] = []

    def mine() -> list[str]:
        """The reads by this test's threads (the warm-up's and the page's): an earlier test's
        quiet-time thread (another database's, named for it) may read in the same quiet."""
        return [c for c in calls if c in (name, "MainThread", "again")]

    real = person.search_people
    monkeypatch.setattr(
        person,
        "search_people",
        lambda con: calls.append(threading.current_thread().name) or real(con),
    )
    cache.warm(v)
    quiet = runtime.when_quiet(name, lambda: calls.append("again"))
    quiet.join(timeout=60)
    assert not quiet.is_alive() and mine() == [name]  # read once, in the quiet
    people = cache.people(v)
    assert people.height > 100 and mine() == [name]  # the page finds it read


def test_a_scopes_heavy_reads_are_made_in_the_quiet_after_a_page_and_found_by_its_pages(
    db_copy, monkeypatch
):
    """After a page of a scope (``scopewarm.after_page``, which the dashboard calls after
    each run; session 31), the rater and attribution pages' reads that no language changes
    (the rater and change columns, the ranked movers, the appeal statistics, the calibration
    drift: ~0.6 CPU s of each page's first visit at 40M ratings) are made on a background
    thread in the quiet, under the pages' own cache keys: the pages then read nothing."""
    from analytics.calibration import appeal_findings, drift
    from analytics.findings.lazyscope import LazyScopeData
    from ui import appeals, cache, calibration, scopewarm
    from ui.charts import CHANGE_COLUMNS
    from ui.consistency import PAGE_COLUMNS

    reads: list[str] = []

    def counted(owner, name):
        real = getattr(owner, name)
        monkeypatch.setattr(owner, name, lambda *a, **k: reads.append(name) or real(*a, **k))

    for owner, name in (
        (LazyScopeData, "stored_section"),
        (LazyScopeData, "stored_largest"),
        (appeal_findings, "graded_counts"),
        (drift, "group_moves"),
    ):
        counted(owner, name)
    v = cache.version()
    scopewarm.after_page(v)  # a small dataset: not worth it
    assert not [t for t in threading.enumerate() if t.name.startswith("perflens-scope-pages:")]
    monkeypatch.setattr(scopewarm, "MIN_PEOPLE", 1)
    scopewarm.after_page(v)
    (warm,) = [t for t in threading.enumerate() if t.name.startswith("perflens-scope-pages:")]
    warm.join(timeout=60)
    assert not warm.is_alive()
    assert sorted(set(reads)) == [
        "graded_counts",
        "group_moves",
        "stored_largest",
        "stored_section",
    ]
    reads.clear()
    raters = cache.section_columns("raters", Scope(), v, PAGE_COLUMNS)
    changes = cache.section_columns("attribution", Scope(), v, CHANGE_COLUMNS)
    assert raters.height > 100 and changes.height > 100
    assert cache.largest_movers(Scope(), v, 300)[0]
    assert appeals.findings(v, Scope()).company.height
    calibration.drift_section(v)
    assert reads == []  # every read found done
    # a scope computed on demand (a level's) is not read ahead: its models would be fitted
    assert cache.later_reads(Scope(level="P5"), v, {"raters": PAGE_COLUMNS}, movers=True) == []
    # the background thread read the session's dataset file, and only its own thread did
    assert cache.on_dataset("/elsewhere.duckdb", cache.db_path)() == "/elsewhere.duckdb"
    assert cache.db_path() == str(db_copy)
