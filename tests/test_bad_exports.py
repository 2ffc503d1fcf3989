"""Real-world exports, one folder each under ``tests/data/bad/``: what each must load, refuse or
warn about, in both languages, and that nothing else in the database changes.

A case is a folder with its input files and a ``case.toml``::

    about = "what real export this imitates"
    setup = ["base.csv"]            # imported first (must load), then the database is snapshot
    files = ["export.xlsx"]         # then imported in order, in one CLI call
    args = ["--header-row", "3"]    # extra CLI arguments for that call (optional; an argument
                                    # naming a file of the case folder becomes its path)

    [expect]
    exit_code = 0                   # of the CLI call
    counts = { reviews = 120, employees = 30 }          # rows in these tables/views after
    quarantine_rows = 1             # distinct (file, row_number) in the quarantine
    quarantine_cells = 1            # quarantine rows (cells)
    reasons = ["out_of_scale"]      # quarantine reason codes that must be present
    output_zh = ["substring"]       # in stdout+stderr of the call with --lang zh
    output_en = ["substring"]       # ... with --lang en
    not_output = ["Traceback"]      # never in either (Traceback is always checked)
    sql = [["select count(*) from reviews where score_raw = '6'", 0]]   # [query, scalar]
    unchanged = ["employees"]       # tables equal to their state after setup

The CLI runs in this process (``analytics.cli.main``) with the post-import refresh left out:
it fits the models, which these cases do not test, and it would cost the suite minutes.

Each case imports once, in one language (chosen by the case's name, so both languages import
about half the cases), and the database is checked after that import. The CLI then runs again
in the other language on a fresh copy with the same import results replayed (what
``import_files`` returned or raised, call by call), so its words are checked in both languages
from the same result without importing the files twice.
"""

from __future__ import annotations

import contextlib
import shutil
import tomllib
import zlib
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics.store import db

CASES = Path(__file__).parent / "data" / "bad"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "case.toml").exists())


@pytest.fixture(autouse=True)
def _no_refresh(monkeypatch):
    """No model fit, and no stored result ever stale: so no second write after the import
    (the CLI's all-cycles refresh) that would copy the database again to fit nothing."""
    import analytics.findings.materialise as materialise
    import analytics.findings.stored as stored

    monkeypatch.setattr(materialise, "refresh", lambda con, *a, **k: None)
    monkeypatch.setattr(stored, "stale", lambda con, *a, **k: False)


@pytest.fixture(autouse=True)
def _no_access_log(monkeypatch):
    """The access log (tests/test_accesslog.py) is another database file per case, opened,
    created and written at every import: these cases test what the import loads."""
    from analytics.store import accesslog

    monkeypatch.setattr(accesslog, "append", lambda *a, **k: None)


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory) -> Path:
    """A database with every table and nothing in it, copied for each case: the tables are
    made once, not about 60 statements for each of the 500 runs."""
    path = tmp_path_factory.mktemp("bad_empty") / "empty.duckdb"
    db.connect(path).close()
    return path


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    from analytics.cli import main

    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


def _table(con, name: str) -> pl.DataFrame:
    """The table's rows in the case's database (:func:`_reading`), sorted."""
    frame = db.query(con, f"SELECT * FROM {CHECKED}.{db.q(name)}")
    return frame.sort(frame.columns) if frame.height else frame


def _languages(case: Path) -> tuple[str, str]:
    """The language the case imports in, and the one its results are replayed in."""
    return ("zh", "en") if zlib.crc32(case.name.encode()) % 2 == 0 else ("en", "zh")


#: the name a case's database is attached under (:func:`_reading`)
CHECKED = "checked"


@contextlib.contextmanager
def _reading(memory, path: str):
    """A cursor of ``memory`` reading the database file ``path`` (attached read-only as
    :data:`CHECKED`, the cursor's default catalog while the block runs). Why: a new DuckDB
    instance for each look at a case's database cost about 18 ms of CPU (its built-in
    catalog), an attach 2 ms; 250 looks."""
    cur = memory.cursor()
    quoted = path.replace("'", "''")
    cur.execute(f"ATTACH '{quoted}' AS {CHECKED} (READ_ONLY)")
    try:
        cur.execute(f"USE {CHECKED}")
        yield cur
    finally:
        cur.execute("USE memory")
        cur.execute(f"DETACH {CHECKED}")
        cur.close()


def _cli(capsys, case: Path, spec: dict, lang: str, dbfile: str, empty_db: Path, memory):
    """The case's setup imports, then its import call, in ``lang`` on a copy of ``empty_db``:
    (exit code, output, the ``unchanged`` tables as they were after setup)."""
    expect = spec.get("expect", {})
    shutil.copyfile(empty_db, dbfile)
    for name in spec.get("setup", []):
        code, out = _run(
            capsys, ["--lang", lang, "import", str(case / name), "--db", dbfile, "--quiet"]
        )
        assert code == 0, f"setup {name} failed: {out}"
    before = {}
    if spec.get("setup"):
        with _reading(memory, dbfile) as con:
            before = {t: _table(con, t) for t in expect.get("unchanged", [])}
    files = [str(case / f) for f in spec.get("files", [])]
    args = [str(case / a) if (case / a).is_file() else a for a in spec.get("args", [])]
    argv = ["--lang", lang, "import", *files, "--db", dbfile, "--quiet", *args]
    code, out = _run(capsys, argv)
    return code, out, before


@pytest.fixture(scope="module")
def memory():
    """One empty in-memory database for every replay's write: a new DuckDB instance per
    replay built DuckDB's catalogue each time (about 20 ms of CPU, 160 times)."""
    con = duckdb.connect()
    yield con
    con.close()


def _no_write(memory):
    """The replay's write: nothing to write (the results are the first run's), so no copy of
    the database is made, checked and swapped in; the CLI gets a cursor of ``memory``."""

    @contextlib.contextmanager
    def writing(path, *a, **k):
        cur = memory.cursor()
        try:
            yield cur
        finally:
            cur.close()

    return writing


def _check_output(expect: dict, lang: str, code: int, out: str) -> None:
    assert "Traceback" not in out, out
    for text in expect.get("not_output", []):
        assert text not in out, out
    if "exit_code" in expect:
        assert code == expect["exit_code"], out
    for text in expect.get(f"output_{lang}", []):
        assert text in out, f"{text!r} not in {lang} output:\n{out}"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path, capsys, empty_db, memory, monkeypatch):
    from analytics.findings import writes
    from analytics.ingest import pipeline

    spec = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))
    expect = spec.get("expect", {})
    lang, other = _languages(case)
    real = pipeline.import_files
    calls: list[tuple[bool, object]] = []  # (raised, what import_files returned or raised)

    def recorded(*a, **k):
        try:
            res = real(*a, **k)
        except BaseException as exc:
            calls.append((True, exc))
            raise
        calls.append((False, res))
        return res

    monkeypatch.setattr(pipeline, "import_files", recorded)
    dbfile = str(tmp_path / "t.duckdb")
    code, out, before = _cli(capsys, case, spec, lang, dbfile, empty_db, memory)
    _check_output(expect, lang, code, out)

    replay = iter(calls)

    def replayed(*a, **k):
        raised, what = next(replay)
        if raised:
            raise what
        return what

    monkeypatch.setattr(pipeline, "import_files", replayed)
    monkeypatch.setattr(writes, "writing", _no_write(memory))
    code_other, out_other, _ = _cli(
        capsys, case, spec, other, str(tmp_path / "o.duckdb"), empty_db, memory
    )
    assert next(replay, None) is None, "the replay made fewer import calls"
    assert code_other == code, (out, out_other)
    _check_output(expect, other, code_other, out_other)

    if not Path(dbfile).exists():
        assert not (expect.get("counts") or expect.get("sql")), "no database was written"
        return
    with _reading(memory, dbfile) as con:
        for table, n in expect.get("counts", {}).items():
            got = con.execute(f"SELECT count(*) FROM {db.q(table)}").fetchone()[0]
            assert got == n, f"{table}: {got} rows, expected {n}\n{out}"
        q = db.q("quarantine")
        if "quarantine_cells" in expect:
            got = con.execute(f"SELECT count(*) FROM {q}").fetchone()[0]
            assert got == expect["quarantine_cells"], out
        if "quarantine_rows" in expect:
            got = con.execute(f"SELECT count(DISTINCT (file, row_number)) FROM {q}").fetchone()[0]
            assert got == expect["quarantine_rows"], out
        if expect.get("reasons"):
            codes = {r[0] for r in con.execute(f"SELECT DISTINCT reason_code FROM {q}").fetchall()}
            assert set(expect["reasons"]) <= codes, (codes, out)
        for query, value in expect.get("sql", []):
            got = con.execute(query).fetchone()[0]
            assert got == pytest.approx(value) if isinstance(value, float) else got == value, (
                query,
                got,
                out,
            )
        for t, frame in before.items():
            after = _table(con, t)
            assert after.equals(frame), f"{t} changed:\n{frame}\n{after}"
