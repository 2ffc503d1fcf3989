"""Shared fixtures: a demo database built through the real import path."""

from __future__ import annotations

import functools
import os
import pickle
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import polars as pl
import pytest
from _pytest.nodeid import NodeId
from hypothesis import HealthCheck, settings

from analytics import runtime

# BLAS on one thread, as every entry point runs it (analytics.runtime.configure): the test
# processes refresh and fit in process (the fixtures' imports, AppTest pages), where OpenBLAS's
# spinning threads took CPU from the other test process (the small demo's refresh: 7.5-8.2 CPU
# s with them, 6.1 without; an inverse of 300 x 300 under load 37 ms against 3)
runtime.limit_blas()

from analytics.store import db  # noqa: E402

if TYPE_CHECKING:
    from analytics.findings.report import Findings

# property-based tests: the same examples on every run (a red CI is reproducible), and no
# health check that fails because the 2-core CI machine is busy generating other examples
settings.register_profile(
    "perflens",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("perflens")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Balance the two processes of `make test` (`-n 2 --dist loadgroup --no-loadscope-reorder`).

    Every test runs in its module's group, so one process builds a module's fixtures once (as
    with `--dist loadfile`), unless the test names a finer `xdist_group` (the long browser
    journey is split that way). The browser modules, the longest units, are handed out first:
    xdist's default order (most tests first) left them to the end, one process running them
    alone while the other sat idle.

    The group goes into the test's id (``...::test_x[zh]@group``: the scheduler groups by what
    follows the ``@``) here, not by xdist: xdist 3.8 writes ``item._nodeid``, which pytest 9
    no longer reads (a node's id is ``item._id``), so every test was its own unit and the
    modules' fixtures (browser servers, exports) were built again in both processes."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
        if getattr(config.option, "loadgroup", False) and "@" not in item.nodeid.rpartition("]")[2]:
            group = item.get_closest_marker("xdist_group").args[0]
            item._id = NodeId.parse(f"{item.nodeid}@{group}")
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)  # stable


def pytest_runtest_setup(item):
    """Every AppTest of a test process shares one registry of Streamlit's custom components:
    each AppTest scanned the metadata of every installed package for component manifests at its
    first run (0.12 CPU s, most of a warm page test's CPU; PerfLens has no custom components). A
    served dashboard scans once per process too (its Runtime). Patched once the tests have
    imported AppTest.

    An uncaught exception of a page is logged as Python prints it, not by ``rich``: Streamlit's
    rich traceback syntax-highlights the source of every file in the stack with Pygments,
    about 0.9 CPU s an exception (tests/app/test_page27_pages.py draws 19 pages that raise: its
    test took 25 CPU s, 9 without). The test reads the exception from ``AppTest.exception`` either way; the log keeps
    the whole traceback."""
    app_test = sys.modules.get("streamlit.testing.v1.app_test")
    if app_test is None or getattr(app_test.AppTest.__init__, "shared_components", False):
        return
    from streamlit import config

    config.set_option("logger.enableRich", False)
    init = app_test.AppTest.__init__
    shared = []

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if not shared:
            from streamlit.components.v2.component_manager import BidiComponentManager

            shared.append(BidiComponentManager())
            shared[0].discover_and_register_components(start_file_watching=False)
        self._bidi_component_manager = shared[0]

    __init__.shared_components = True
    app_test.AppTest.__init__ = __init__
    shared_script_cache()
    clientless_runtime(app_test)
    end_waited_not_polled()


def clientless_runtime(app_test) -> None:
    """Every AppTest run's mock ``Runtime`` has no client for its session (``get_client``
    answers None): ``st.context`` then reads as a browser that sent no headers and no cookies,
    which is what an AppTest is (Streamlit: "headers, cookies, and ip_address come from the
    session's client instead, so AppTest.context cannot seed them"). Why: the mock answered
    with mock objects built on demand, and :func:`ui.returnto.returning` reads the cookies on
    a session's first run: 15 ms of a 55 ms warm overview test run (session 38), paid by every
    AppTest's first run. Nothing else of PerfLens reads ``st.context``."""
    from unittest.mock import MagicMock

    from streamlit.runtime import Runtime

    def runtime_mock(*args, **kwargs):
        mock = MagicMock(*args, **kwargs)
        if kwargs.get("spec") is Runtime:
            mock.get_client.return_value = None
        return mock

    app_test.MagicMock = runtime_mock


def end_waited_not_polled() -> None:
    """Every AppTest run waits for its script thread's end on an event set when the thread
    says it has shut down, instead of Streamlit's poll. Why: ``require_widgets_deltas`` slept
    1 ms and then scanned every event of the run (each message the page sent: hundreds) for
    the shutdown, a thousand times a second, taking the GIL from the script thread it waited
    for each time (py-spy: a tenth of the app tests' samples in that loop, session 41). The
    same end (the runner's ``SHUTDOWN`` event), the same timeout and error."""
    import threading

    from streamlit.testing.v1 import local_script_runner as lsr

    init = lsr.LocalScriptRunner.__init__

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        ended = self.ended_event = threading.Event()

        def note(sender, event, **_kwargs) -> None:
            if event == lsr.ScriptRunnerEvent.SHUTDOWN:
                ended.set()

        self.on_event.connect(note, weak=False)

    def require_widgets_deltas(runner, timeout: float = 3) -> None:
        if not runner.ended_event.wait(timeout):  # Streamlit's own ending: stopped, an error
            runner.request_stop()
            runner.join()
            raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")

    # a Streamlit that renamed the poll would keep polling beside an unused name: said loudly
    assert callable(getattr(lsr, "require_widgets_deltas", None)), "Streamlit moved its poll"
    lsr.LocalScriptRunner.__init__ = __init__
    lsr.require_widgets_deltas = require_widgets_deltas


def shared_script_cache() -> None:
    """Every AppTest run of a test process reads its scripts' bytecode from one cache, as a
    served dashboard's runs do (its Runtime keeps one). Why: AppTest makes a new ``ScriptCache``
    for every run, so each run parsed ``dashboard.py`` and its page again and rewrote their
    syntax trees for Streamlit's "magic" (``magic.add_magic``: about a tenth of the meeting
    page tests' CPU). A script is compiled again when its file changes (its modification time
    or size): a test that writes a script of its own gets its own bytecode."""
    import os

    from streamlit.runtime.scriptrunner import script_cache
    from streamlit.testing.v1 import app_test, local_script_runner

    class Shared(script_cache.ScriptCache):
        def __init__(self) -> None:
            super().__init__()
            self.compiled: dict[tuple, object] = {}

        def get_bytecode(self, script_path: str):
            path = os.path.abspath(script_path)
            stat = os.stat(path)
            key = (path, stat.st_mtime_ns, stat.st_size)
            if (code := self.compiled.get(key)) is None:
                self.clear()  # the parent's cache is keyed by the path alone
                code = self.compiled[key] = super().get_bytecode(path)
            return code

    one = Shared()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: one


DEMO_EMPLOYEES = int(os.environ.get("PERFLENS_TEST_EMPLOYEES", "2000"))


def built_once(tmp_path_factory, name: str, build, meanwhile=None) -> Path:
    """A folder that ``build(folder)`` fills once per test run, whatever the number of test
    processes: the first process to ask builds it in the run's temporary folder (shared by the
    processes of ``-n 2``) while holding a lock, the others wait for it and reuse it. Why: each
    process used to build the same demo databases (about a minute each on the CI machine).

    ``meanwhile()``: called by a process that finds another building it, before it waits: the
    two processes of ``make test`` both start with the browser modules, which need the bundled
    demo; the one that does not build it builds the other demo databases the run needs, instead
    of sitting idle for the half minute."""
    import fcntl

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # popen-gw0, popen-gw1 share it
    folder = root / f"once_{name}"
    with open(root / f"once_{name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another process is building it
            if meanwhile is not None:
                meanwhile()
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / "done").touch()
    return folder


def built_copy(tmp_path_factory, name: str, build, file: str) -> Path:
    """A private copy (in a folder of its own) of ``file``, the database ``build(folder)``
    writes, built once per run (:func:`built_once`): for a module that writes to it or serves it
    to a page (the dashboard opens its file). Why: several modules test the same small company;
    each imported it again through the CLI (2.5-3.5 CPU s each, most of it the refresh)."""
    path = tmp_path_factory.mktemp(name) / file
    shutil.copyfile(built_once(tmp_path_factory, name, build) / file, path)
    return path


SHIPPED = Path(__file__).resolve().parents[1] / "data" / "demo"
SHIPPED_DEMO = (2000, 6)  # the shipped demo's people and cycles (seed 7): `make demo`'s defaults


def _copy_shipped(out: Path) -> list[Path]:
    """The shipped demo's exports, in the order :func:`write_exports` returns them (CSV,
    Parquet, xlsx), with their mapping and truth beside them. tests/test_demo.py checks that
    they are what the generator writes."""
    from analytics.demo.company import EXPORT_NAMES

    out.mkdir(parents=True)
    for f in SHIPPED.iterdir():
        shutil.copyfile(f, out / f.name)
    found = [next(out.glob(EXPORT_NAMES[k].format(last="*"))) for k in ("csv", "parquet", "xlsx")]
    return found


def _build_demo(folder: Path, n_employees: int = DEMO_EMPLOYEES, n_cycles: int = 6) -> None:
    from analytics.demo.company import MAPPING_NAME, generate, write_exports
    from analytics.findings.materialise import refresh
    from analytics.ingest.mapping import load_mapping
    from analytics.ingest.pipeline import import_files

    demo = generate(n_employees=n_employees, n_cycles=n_cycles, seed=7)
    if (n_employees, n_cycles) == SHIPPED_DEMO:  # the same files: copied, not written again
        paths = _copy_shipped(folder / "exports")  # (the xlsx alone takes half a minute)
    else:
        paths = write_exports(demo, folder / "exports")
    con = db.connect(folder / "perflens.duckdb")
    mapping = load_mapping(folder / "exports" / MAPPING_NAME)  # the last cycle's scale, declared
    results = import_files(con, paths, mapping, lang="en")
    refresh(con)  # as `make run` / the CLI do after an import
    con.close()
    (folder / "paths.pkl").write_bytes(pickle.dumps(paths))
    (folder / "results.pkl").write_bytes(pickle.dumps(results))


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """Generate the demo enterprise, write its export files and import them (as `make run` does).

    Built once per run (:func:`built_once`); each process gets its own copy of the database
    (tests write to it, and DuckDB lets one process open a file at a time) and the generated
    company (the same seed: the same frames, generated in under a second)."""
    from analytics.demo.company import generate

    shared = _full_demo(tmp_path_factory)
    path = tmp_path_factory.mktemp("demo") / "perflens.duckdb"
    shutil.copyfile(shared / "perflens.duckdb", path)
    demo = generate(n_employees=DEMO_EMPLOYEES, n_cycles=6, seed=7)
    paths = pickle.loads((shared / "paths.pkl").read_bytes())
    results = pickle.loads((shared / "results.pkl").read_bytes())
    return {"demo": demo, "paths": paths, "db": path, "results": results}


@pytest.fixture(scope="session")
def small_demo_db(tmp_path_factory) -> Path:
    """A small demo company (300 people, 3 cycles) imported and refreshed the same way, built
    once per run: for the tests of the store's mechanics (staleness, refresh, readers during a
    write), which need stored results, not the statistical power of 2,000 people. Copy it
    before writing to it."""
    return _small_demo(tmp_path_factory) / "perflens.duckdb"


SMALL_DEMO = (300, 3)  # the small demo's people and cycles


@pytest.fixture(scope="session")
def data_server_of_run(tmp_path_factory, small_demo_db):
    """The server of :func:`data_server`, started by the first test that asks for it."""
    from bench.startup import CHROMIUM, DashboardServer

    assert Path(CHROMIUM).exists(), "Debian chromium is required: `make test` installs it"
    folder = tmp_path_factory.mktemp("browser_data")
    path = folder / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)
    app = DashboardServer(path)
    try:
        app.wait_healthy(timeout=90)
        yield {"base": app.base, "tmp": folder, "db": path, "app": app}
    finally:
        app.stop()


@pytest.fixture()
def data_server(request, data_server_of_run):
    """A live dashboard on a copy of the small demo, shared by the browser tests that import
    into it or create and delete datasets beside it, each asserting what the page says about
    its own change, counted from what the page showed before it: tests/e2e/test_browser.py's
    ``browser_data`` tests, tests/e2e/test_datasets.py and tests/e2e/test_shared_dashboard.py
    (one ``xdist_group``, ``browser_data``: one process). Yields ``base`` (the URL), ``tmp`` (its
    folder, the database ``perflens.duckdb`` in it), ``db`` and ``app`` (the
    :class:`~bench.startup.DashboardServer`, its log). Why one: each of the three modules
    started a server of its own (its start, the first run of every page it opened: cold).

    Stopped after the process's last test that asks for it, as a module's server was after
    its module: left serving, it would go on with the background refresh of the last import
    while the process runs other tests."""
    yield data_server_of_run
    items = request.session.items
    later = items[items.index(request.node) + 1 :] if request.node in items else []
    if not any("data_server" in item.fixturenames for item in later):
        data_server_of_run["app"].stop()


@pytest.fixture(scope="session")
def small_demo_exports(tmp_path_factory) -> Path:
    """The folder of the small demo's export files (CSV, Parquet, xlsx, with their mapping),
    the files :func:`small_demo_db` imported: read them, never write beside them."""
    return _small_demo(tmp_path_factory) / "exports"


def _small_demo(tmp_path_factory) -> Path:
    people, cycles = SMALL_DEMO
    build = functools.partial(_build_demo, n_employees=people, n_cycles=cycles)
    return built_once(tmp_path_factory, "demo_small", build)


def _full_demo(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, f"demo_{DEMO_EMPLOYEES}", _build_demo)


@pytest.fixture(scope="session")
def sized_small(tmp_path_factory) -> dict:
    """The small demo refreshed once with two of the store's size rules set low
    (:func:`tests.test_lazyscope.build_sized`: sub-departments above the median stored, the
    analyst's sections stored), shared by tests/test_lazyscope.py and tests/test_analyst28.py
    and by the test processes (:func:`built_once`; a refresh of the small demo is 6-7 CPU s):
    open it read-only. ``db``, the refresh's output, the top-level departments and the
    sub-departments above and below the rule."""
    from tests.test_lazyscope import build_sized

    small = _small_demo(tmp_path_factory) / "perflens.duckdb"
    folder = built_once(tmp_path_factory, "sized_small", lambda d: build_sized(small, d))
    return {"db": folder / "sized.duckdb", **pickle.loads((folder / "sized.pkl").read_bytes())}


@pytest.fixture(scope="session")
def small_rd_findings(small_demo_db):
    """The small demo's findings for one department (研发中心), built once: what the
    exports' tests write into workbooks and packets (they never change it in place)."""
    from analytics.findings.report import build_findings

    con = db.connect(small_demo_db, read_only=True)
    try:
        yield build_findings(con, department="研发中心")
    finally:
        con.close()


@pytest.fixture()
def small_con(small_demo_db, tmp_path):
    """A read-write connection to a copy of the small demo (the last of its 3 cycles on 0-100,
    as in the full demo): for checks whose assertions do not depend on the company's size."""
    path = tmp_path / "small.duckdb"
    shutil.copyfile(small_demo_db, path)
    con = db.connect(path)
    yield con
    con.close()


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory) -> Path:
    """The bundled demo exports imported by the CLI (the ``make run`` path), once per run
    (:func:`built_once`): each browser server serves a copy of it."""
    from bench.startup import start_demo_db

    def meanwhile() -> None:  # the demo databases the other tests read
        _full_demo(tmp_path_factory)
        _small_demo(tmp_path_factory)

    return built_once(tmp_path_factory, "bundled", start_demo_db, meanwhile) / "perflens.duckdb"


@pytest.fixture(scope="session")
def rev23a_db(tmp_path_factory) -> Path:
    """rev23a's workbook (``tests/sim/rev23a.py``, the one rev24a and rev25a imported) imported
    by the CLI, the findings stored as a company's are; once per run (:func:`built_once`).
    Its planted truth (what the generator returns) is beside it, ``truth.pkl``. The one file is
    shared by the test processes of ``-n 2`` (one DuckDB writer locks every other process out):
    a test opens it read-only, or serves it to pages that write nothing (they read through a
    read-only connection), or copies it to write to it or beside it (a refresh, a guideline,
    a calibration session, the person page's access log)."""

    def build(folder: Path) -> None:
        from analytics.cli import main
        from tests.sim.rev23a import rev23a_workbook

        path = folder / "绩效考核结果_2025-2026.xlsx"
        (folder / "truth.pkl").write_bytes(pickle.dumps(rev23a_workbook(path)))
        assert main(["import", str(path), "--db", str(folder / "xx.duckdb"), "--quiet"]) == 0

    return built_once(tmp_path_factory, "rev23a", build) / "xx.duckdb"


def _wide_import(tmp_path_factory, name: str, rows, mapped: bool) -> Path:
    """``rows()`` (a wide export of tests/test_rev23b.py's columns) imported by the CLI as
    :func:`tests.test_rev23b.import_wide` does, once per run (:func:`built_once`; 5-6 CPU s)."""
    from tests.test_rev23b import import_wide

    return (
        built_once(tmp_path_factory, name, lambda d: import_wide(d, rows(), mapped)) / "acme.duckdb"
    )


@pytest.fixture(scope="session")
def wide_mapped_db(tmp_path_factory) -> Path:
    """rev23b's company300.csv (``wide_export()``) imported with the reviewer's mapping, once
    per run and shared by the test processes: open it read-only, or copy it to write to it or
    to serve it to a page."""
    from tests.test_rev23b import wide_export

    return _wide_import(tmp_path_factory, "wide_mapped", wide_export, mapped=True)


@pytest.fixture(scope="session")
def reviewer_raw_db(tmp_path_factory) -> Path:
    """The reviewer's company (``tests.test_raters_panel.reviewer_export()``: manager ratings
    with ids, peer ratings without) imported as it is (no mapping), once per run and shared by
    the test processes: open it read-only, or copy it to write to it or to serve it to a page."""
    from tests.test_raters_panel import reviewer_export

    return _wide_import(tmp_path_factory, "reviewer_raw", reviewer_export, mapped=False)


@pytest.fixture(scope="session")
def sales_packet_findings(rev23a_db, tmp_path_factory):
    """The 销售中心 2026H1 packet's findings of the reviewer's workbook with her guideline
    20/40/30/10 saved (tests/sim/guided.py): the packet rev25a and rev26a printed."""
    from analytics.findings.report import build_findings
    from tests.sim.guided import guided_copy

    con = guided_copy(rev23a_db, tmp_path_factory.mktemp("pack25_packet"))
    try:
        yield build_findings(con, cycles=["2026H1"], department="销售中心")
    finally:
        con.close()


class WholeCompany(NamedTuple):
    """A company's findings (``build_findings(con)``: every cycle, the administrator's view)
    and its packet's HTML in each language (``"zh"``, ``"en"``): read them, never change them
    (they are shared by the modules of a test process)."""

    findings: Findings
    packet: dict[str, str]


def _whole_company(tmp_path_factory, name: str, db_file: Path) -> WholeCompany:
    """:class:`WholeCompany` of ``db_file`` (opened read-only: a file built once per run that
    no test writes), built once per run (:func:`built_once`) and loaded by each process that
    asks. Why: several modules built the same findings and packets of the same database
    (tests/test_findings.py and tests/test_rev19d_packet.py the demo's, tests/test_pack26.py
    and tests/test_pack27.py the reviewer's), a packet 0.35 CPU s a language for the demo."""

    def build(folder: Path) -> None:
        from analytics.export.packet import to_packet_html
        from analytics.findings.report import build_findings

        con = db.connect(db_file, read_only=True)
        try:
            found = build_findings(con)
        finally:
            con.close()
        packet = {lang: to_packet_html(found, lang) for lang in ("zh", "en")}
        (folder / "company.pkl").write_bytes(pickle.dumps(WholeCompany(found, packet)))

    return pickle.loads((built_once(tmp_path_factory, name, build) / "company.pkl").read_bytes())


@pytest.fixture(scope="session")
def demo_company(tmp_path_factory) -> WholeCompany:
    """:class:`WholeCompany` of the demo as its import left it (the file :func:`demo_build`
    copies for each process; its refresh stored the company's results)."""
    return _whole_company(
        tmp_path_factory, "demo_company", _full_demo(tmp_path_factory) / "perflens.duckdb"
    )


@pytest.fixture(scope="session")
def rev23a_company(tmp_path_factory, rev23a_db) -> WholeCompany:
    """:class:`WholeCompany` of the reviewer's workbook (:func:`rev23a_db`): the packet she
    downloaded."""
    return _whole_company(tmp_path_factory, "rev23a_company", rev23a_db)


@pytest.fixture(scope="session")
def demo_db(demo_build) -> Path:
    return demo_build["db"]


@pytest.fixture()
def demo_con(demo_db):
    con = db.connect(demo_db)
    yield con
    con.close()


@pytest.fixture(scope="session")
def planted():
    """The demo company with its planted truth (2,000 people, 6 cycles, seed 7) and its ratings
    joined with each employee's units and the cycle order: what the planted-effect tests of
    several statistics read (generated once per session)."""
    from analytics.demo.company import generate

    d = generate(n_employees=2000, n_cycles=6, seed=7)
    cyc = d.cycles.select("cycle_id", pl.col("ordering").alias("cycle_order"))
    emp = d.employees.select(
        "employee_id", "department", "team", "level", "job_family", "manager_id"
    )
    ratings = d.reviews.join(emp, on="employee_id", how="left").join(cyc, on="cycle_id", how="left")
    return d, ratings


def skip_model_fit(mp: pytest.MonkeyPatch) -> None:
    """``materialise.refresh`` made to fit nothing (it stores no part, returns no counts) for
    as long as ``mp`` holds: a test's ``monkeypatch``, or a module fixture's
    ``pytest.MonkeyPatch.context()`` around the imports it makes once."""
    from analytics.findings import materialise

    mp.setattr(materialise, "refresh", lambda con, *a, **k: {})


@pytest.fixture()
def no_model_fit(monkeypatch):
    """The post-import refresh (``materialise.refresh``: every model fitted, one to two CPU
    seconds even for a handful of people) left out: for a test of what an import loads or
    says, not of the stored results (their tests: test_materialise, test_incremental,
    test_stored_parts). A page or a report then computes what it shows on demand (a page's
    background refresh, started on the stale store, fits nothing either: waited for here,
    before the refresh is put back)."""
    skip_model_fit(monkeypatch)
    yield
    wait_for_refreshes()


def wait_for_refreshes() -> None:
    """Wait for the pages' background refreshes still running in this process (``ui.cache``'s
    ``perflens-refresh`` threads), at most two minutes each."""
    import threading

    for thread in threading.enumerate():
        if thread.name == "perflens-refresh":
            thread.join(120)


@pytest.fixture()
def db_copy(tmp_path, small_demo_db, monkeypatch):
    """A copy of the small demo database (refreshed at import) that the dashboard's cache
    opens, every dashboard cache empty before and after. An earlier test's background refresh
    still running is waited for first: when it ends it empties every cache of the process
    (``ui.cache.clear``), which would forget what this test's pages had just computed."""
    wait_for_refreshes()
    path = tmp_path / "copy.duckdb"
    shutil.copy(small_demo_db, path)
    monkeypatch.setenv("PERFLENS_DB", str(path))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()
