"""Readers and writers share one database file (analytics.store.access, analytics.findings.writes).

What broke before: the dashboard held a read-write DuckDB connection for its lifetime, and DuckDB
locks a file per process, so a CLI import, a report or a second import died with a lock
traceback; a refresh lowered the memory limit of every reader; a crash during the post-import
computation left stale stored results and spill folders. Here: readers never block a writer and
see the old data or the new; writers take turns with a message; a write killed at any point
leaves the database as before, and the next writer (or ``refresh``) removes what it left.
The dashboard side with a real ``streamlit run``: tests/e2e/test_shared_dashboard.py.
"""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from analytics.findings import stored, writes
from analytics.store import access, db

ROOT = Path(__file__).resolve().parents[1]
CLEAN = ROOT / "tests" / "data" / "bad" / "clean_long_csv" / "ratings.csv"


def _count(path: Path) -> tuple[int, str]:
    con, _ = access.connect_reader(path)
    try:
        n = con.execute("SELECT count(*) FROM review_rows").fetchone()[0]
        return n, db.data_version(con)
    finally:
        con.close()


def _write_rows(path: Path, n: int) -> None:
    """A write that adds ``n`` rows to a table of its own (no refresh involved)."""
    with access.writing(path) as con:
        con.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        con.execute("INSERT INTO t SELECT range FROM range($n)", {"n": n})


def _rows(con) -> int:
    return con.execute("SELECT count(*) FROM t").fetchone()[0]


def _cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "analytics", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# ------------------------------------------------------------------------------------------
# the writer and the readers, in one process
# ------------------------------------------------------------------------------------------
def test_a_reader_sees_old_or_new_and_reopens_on_a_new_file(tmp_path):
    path = tmp_path / "a.duckdb"
    _write_rows(path, 3)
    old, ident = access.connect_reader(path)
    assert ident == access.identity(path)
    _write_rows(path, 4)
    assert access.identity(path) != ident
    assert _rows(old) == 3  # the open reader keeps the file it opened, whole
    new, _ = access.connect_reader(path)  # the old connection is still open in this process
    assert _rows(new) == 7
    assert _rows(old) == 3
    old.close()
    new.close()
    assert access.leftovers(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.duckdb", "a.duckdb.lock"]


def test_read_once_answers_again_until_a_write_replaces_the_file(tmp_path, monkeypatch):
    """:func:`access.read_once` opens the file once per file and question: asked again, the
    answer is the remembered one without a reader opened; after a write (a new file), the
    new rows. A key that missed the file's identity would answer 3 after the write."""
    path = tmp_path / "a.duckdb"
    _write_rows(path, 3)
    opened = []
    real = access.connect_reader
    monkeypatch.setattr(access, "connect_reader", lambda p: opened.append(p) or real(p))
    assert access.read_once(path, "rows", _rows) == 3
    assert access.read_once(path, "rows", _rows) == 3
    assert len(opened) == 1  # the second answer opened nothing
    assert access.read_once(path, "other", lambda con: _rows(con) * 2) == 6  # its own key
    _write_rows(path, 4)
    before = len(opened)
    assert access.read_once(path, "rows", _rows) == 7
    assert len(opened) == before + 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.duckdb", "a.duckdb.lock"]


def test_a_failed_write_changes_nothing_and_leaves_nothing(tmp_path):
    path = tmp_path / "a.duckdb"
    _write_rows(path, 3)
    ident = access.identity(path)
    with pytest.raises(RuntimeError), access.writing(path) as con:
        con.execute("INSERT INTO t VALUES (1)")
        raise RuntimeError("interrupted")
    assert access.identity(path) == ident
    reader, _ = access.connect_reader(path)
    assert _rows(reader) == 3
    reader.close()
    assert access.leftovers(path) == []


@pytest.mark.parametrize("step", ["_fsync", "replace"])
def test_a_write_interrupted_before_its_rename_leaves_no_copy(tmp_path, monkeypatch, step):
    """Ctrl-C (or a full disk) after the work is done but before the copy is renamed over the
    database: the database is as it was and the copy is removed at once, not left for the
    next writer."""
    path = tmp_path / "a.duckdb"
    _write_rows(path, 3)
    ident = access.identity(path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    if step == "replace":
        monkeypatch.setattr(access.os, "replace", interrupted)
    else:
        monkeypatch.setattr(access, step, interrupted)
    with pytest.raises(KeyboardInterrupt), access.writing(path) as con:
        con.execute("INSERT INTO t VALUES (1)")
    monkeypatch.undo()
    assert access.identity(path) == ident
    assert not list(tmp_path.glob(f"a.duckdb{access.WORK_MARK}*"))
    reader, _ = access.connect_reader(path)
    assert _rows(reader) == 3
    reader.close()


def test_writers_take_turns_and_the_second_is_told(tmp_path):
    path = tmp_path / "a.duckdb"
    _write_rows(path, 1)
    told: list[str] = []
    inside = threading.Event()
    release = threading.Event()

    def first() -> None:
        with access.writing(path) as con:
            con.execute("INSERT INTO t VALUES (2)")
            inside.set()
            release.wait(30)

    thread = threading.Thread(target=first)
    thread.start()
    assert inside.wait(30)

    def second() -> None:
        with access.writing(path, on_wait=lambda: told.append("waiting")) as con:
            con.execute("INSERT INTO t VALUES (3)")

    other = threading.Thread(target=second)
    other.start()
    time.sleep(0.5)
    assert told == ["waiting"] and other.is_alive()
    release.set()
    thread.join(30)
    other.join(30)
    reader, _ = access.connect_reader(path)
    assert _rows(reader) == 3  # neither write lost
    reader.close()


def test_leftovers_of_killed_writers_and_readers_are_removed(tmp_path):
    path = tmp_path / "a.duckdb"
    _write_rows(path, 1)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    planted = [
        Path(f"{path}.tmp"),  # DuckDB's spill folder of an earlier version's writer
        Path(f"{path}{access.WORK_MARK}{dead.pid}-0"),
        Path(f"{path}{access.WORK_MARK}{dead.pid}-0.tmp"),
        Path(f"{path}{access.READ_MARK}{dead.pid}-3.tmp"),
        Path(f"{path}{access.READ_MARK}{dead.pid}-4"),
    ]
    for p in planted:
        if p.suffix == ".tmp":
            p.mkdir()
            (p / "duckdb_temp_storage-0.tmp").write_bytes(b"x" * 10)
        else:
            shutil.copyfile(path, p)
    mine = Path(f"{path}{access.READ_MARK}{os.getpid()}-9.tmp")  # a live reader's: kept
    mine.mkdir()
    assert set(access.leftovers(path)) == set(planted)
    _write_rows(path, 1)
    assert access.leftovers(path) == [] and all(not p.exists() for p in planted)
    assert mine.exists()


def test_readers_refuse_a_missing_folder_or_damaged_database_and_create_nothing(tmp_path):
    with pytest.raises(access.DatabaseProblem) as missing:
        access.connect_reader(tmp_path / "typo.duckdb")
    assert missing.value.code == "missing" and not (tmp_path / "typo.duckdb").exists()
    with pytest.raises(access.DatabaseProblem) as folder:
        access.connect_reader(tmp_path)
    assert folder.value.code == "is_directory"
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database at all" * 100)
    for attempt in (lambda: access.connect_reader(bad), lambda: _write_rows(bad, 1)):
        with pytest.raises(access.DatabaseProblem) as damaged:
            attempt()
        assert damaged.value.code == "not_a_database"
        for lang in ("zh", "en"):
            named = damaged.value.message(lang)
            assert str(bad) in named and access.READ_MARK not in named, named
    assert bad.read_bytes() == b"not a database at all" * 100
    assert access.leftovers(bad) == []


def test_the_write_memory_cap_is_not_the_readers(tmp_path):
    """The post-import computation lowers DuckDB's memory limit (materialise.refresh,
    db.memory_capped); it is an instance setting, and the writer's instance is its own (another
    file), so a reader in the same process keeps its limit meanwhile."""
    path = tmp_path / "a.duckdb"
    _write_rows(path, 1)
    reader, _ = access.connect_reader(path, memory_limit="2GB")
    shown = reader.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    with access.writing(path) as con, db.memory_capped(con, "128MB"):
        capped = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        assert db.size_bytes(capped) <= 128 * 2**20
        assert reader.execute("SELECT current_setting('memory_limit')").fetchone()[0] == shown
    assert db.size_bytes(shown) > 1.5 * 2**30
    reader.close()


def test_a_database_written_in_place_by_an_earlier_version_keeps_its_log(tmp_path):
    """A ``.wal`` beside the file (an earlier version wrote in place and was killed): readers
    and the writer read it, and the writer folds it into the new file."""
    path = tmp_path / "a.duckdb"
    _write_rows(path, 2)
    shutil.copyfile(path, tmp_path / "b.duckdb")  # written in place, its log not checkpointed
    raw = duckdb.connect(str(tmp_path / "b.duckdb"), config={"checkpoint_threshold": "1TB"})
    raw.execute("INSERT INTO t VALUES (5)")
    wal = tmp_path / "b.duckdb.wal"
    shutil.copyfile(wal, tmp_path / "keep.wal")
    shutil.copyfile(tmp_path / "b.duckdb", tmp_path / "keep.duckdb")
    raw.close()
    legacy = tmp_path / "c.duckdb"
    shutil.copyfile(tmp_path / "keep.duckdb", legacy)
    shutil.copyfile(tmp_path / "keep.wal", f"{legacy}.wal")
    reader, _ = access.connect_reader(legacy)
    assert _rows(reader) == 3
    reader.close()
    _write_rows(legacy, 1)
    assert not Path(f"{legacy}.wal").exists()
    reader, _ = access.connect_reader(legacy)
    assert _rows(reader) == 4
    reader.close()


# ------------------------------------------------------------------------------------------
# stored results after an interrupted write; refresh on demand
# ------------------------------------------------------------------------------------------
def _stale(path: Path) -> bool:
    con, _ = access.connect_reader(path)
    try:
        return stored.stale(con)
    finally:
        con.close()


def test_a_write_that_opens_stale_stored_results_leaves_them_current(tmp_path):
    from analytics.ingest.pipeline import import_files

    path = tmp_path / "a.duckdb"
    con = db.connect(path)  # an earlier version's import killed before its refresh
    import_files(con, [CLEAN], lang="en")
    con.close()
    assert _stale(path)
    with writes.writing(path) as con:
        import_files(con, [CLEAN], lang="en")  # identical content: nothing loaded
    assert not _stale(path)


def test_refresh_command_refreshes_stale_results_and_removes_leftovers(tmp_path, capsys):
    from analytics.cli import main
    from analytics.ingest.pipeline import import_files

    path = tmp_path / "a.duckdb"
    con = db.connect(path)
    import_files(con, [CLEAN], lang="en")
    con.close()
    Path(f"{path}.tmp").mkdir()  # the spill folder of the killed refresh
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    shutil.copyfile(path, f"{path}{access.WORK_MARK}{dead.pid}-0")  # its copy of the database
    assert len(access.leftovers(path)) == 2
    assert _stale(path)
    assert main(["--lang", "en", "refresh", "--db", str(path)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert not _stale(path) and access.leftovers(path) == []
    ident = access.identity(path)
    assert main(["--lang", "zh", "refresh", "--db", str(path)]) == 0  # nothing to do
    assert access.identity(path) == ident  # the file was left alone
    assert "已是最新" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------
# the command line: one line naming the file and what to do, never a traceback
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_refusals_are_one_line_with_exit_code_2(tmp_path, capsys, lang, monkeypatch):
    from analytics.cli import main

    monkeypatch.chdir(tmp_path)
    good = tmp_path / "good.duckdb"
    _write_rows(good, 1)
    (tmp_path / "folder.duckdb").mkdir()
    (tmp_path / "bad.duckdb").write_bytes(b"PK\x03\x04 not duckdb")
    cases = {
        "report_missing_db": (["report", "--db", "typo.duckdb", "--out", "r.xlsx"], "typo.duckdb"),
        "quarantine_missing_db": (["quarantine", "--db", "typo.duckdb"], "typo.duckdb"),
        "refresh_missing_db": (["refresh", "--db", "typo.duckdb"], "typo.duckdb"),
        "report_folder_db": (["report", "--db", "folder.duckdb", "--out", "r.xlsx"], "folder"),
        "quarantine_bad_db": (["quarantine", "--db", "bad.duckdb"], "bad.duckdb"),
        "report_csv": (["report", "--db", str(good), "--out", "x.csv"], "x.csv"),
        "demo_small": (["demo", "--employees", "150", "--db", "d.duckdb"], "150"),
        "demo_no_cycles": (["demo", "--cycles", "0", "--db", "d.duckdb"], "--cycles"),
        "import_bad_db": (["import", str(CLEAN), "--db", "bad.duckdb"], "bad.duckdb"),
        "import_folder_db": (["import", str(CLEAN), "--db", "folder.duckdb"], "folder"),
    }
    for name, (argv, named) in cases.items():
        code = main(["--lang", lang, *argv])
        out = capsys.readouterr()
        text = out.out + out.err
        assert code == 2, (name, text)
        assert "Traceback" not in text and named in text, (name, text)
        assert len(text.strip().splitlines()) == 1, (name, text)
        assert ("：" in text) if lang == "zh" else (":" in text), (name, text)  # what to do
    assert not (tmp_path / "typo.duckdb").exists()  # a typo creates no database
    assert not (tmp_path / "d.duckdb").exists()
    assert (tmp_path / "bad.duckdb").read_bytes() == b"PK\x03\x04 not duckdb"


def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path, capsys, monkeypatch):
    from analytics import cli

    def boom(*a, **k):
        raise MemoryError("out of memory")

    monkeypatch.setattr(cli, "_import_and_report", boom)
    code = cli.main(["--lang", "en", "import", str(CLEAN), "--db", str(tmp_path / "a.duckdb")])
    text = capsys.readouterr().err
    assert code == 1 and "Traceback" not in text and "unchanged" in text and "MemoryError" in text


# ------------------------------------------------------------------------------------------
# separate processes: two imports at once, a reader during an import, kill -9 at any point
# ------------------------------------------------------------------------------------------
def _second_file(tmp_path: Path) -> Path:
    """The clean export for other people (another cycle), so an import of it loads rows."""
    text = CLEAN.read_text(encoding="utf-8").replace("2025Q1", "2025Q2").replace("E0", "F0")
    out = tmp_path / "second.csv"
    out.write_text(text, encoding="utf-8")
    return out


def _wait_until_blocked_on_a_lock(procs: list, timeout: float = 300.0) -> None:
    """Until every process waits for a ``flock`` (Linux lists waiters in /proc/locks with
    ``->``): a fixed sleep was too short when CI's two cores are busy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert all(p.poll() is None for p in procs), "an import ended while the lock was held"
        waiting = {
            line.split()[5]
            for line in Path("/proc/locks").read_text().splitlines()
            if "->" in line and "FLOCK" in line
        }
        if all(str(p.pid) in waiting for p in procs):
            return
        time.sleep(0.2)
    raise AssertionError("the imports never waited for the lock")


def test_two_cli_imports_at_once_both_succeed_one_waits_with_a_message(tmp_path):
    path = tmp_path / "a.duckdb"
    lock = os.open(f"{path}{access.LOCK_SUFFIX}", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # a writer at work: both must wait for it
    procs = [
        _cli("--lang", "en", "import", str(CLEAN), "--db", str(path)),
        _cli("--lang", "en", "import", str(_second_file(tmp_path)), "--db", str(path)),
    ]
    _wait_until_blocked_on_a_lock(procs)  # both started and waiting
    os.close(lock)  # the writer is done
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "being written by another import: waiting" in err
        assert "Traceback" not in out + err
    assert _count(path)[0] == 80
    assert not _stale(path) and access.leftovers(path) == []


def test_a_reader_during_an_import_sees_old_or_new(tmp_path, small_demo_db):
    path = tmp_path / "a.duckdb"
    shutil.copyfile(small_demo_db, path)
    before = _count(path)
    proc = _cli("--lang", "en", "import", str(_second_file(tmp_path)), "--db", str(path))
    seen = set()
    while proc.poll() is None:
        seen.add(_count(path))  # (each look opens the file: about 30 ms of CPU)
        time.sleep(0.4)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    after = _count(path)
    assert after[0] == before[0] + 40 and after[1] != before[1]
    assert seen <= {before, after} and before in seen  # never a half-written state
    assert not _stale(path)


def _wait_for(pred, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


@pytest.mark.parametrize("when", ["write", "post_import"])
def test_kill_9_during_an_import_leaves_the_data_before_and_refresh_cleans_up(
    tmp_path, small_demo_db, when, capsys, monkeypatch
):
    """(The small demo: each import refits its company's models, the 2,000-person demo's took
    eight CPU seconds a test. The retry fits none: that an import leaves its stored results
    current is :func:`test_two_cli_imports_at_once_both_succeed_one_waits_with_a_message`'s.)"""
    path = tmp_path / "a.duckdb"
    shutil.copyfile(small_demo_db, path)
    before = _count(path)
    assert not _stale(path)
    proc = _cli("--lang", "en", "import", str(_second_file(tmp_path)), "--db", str(path))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
    reader.start()
    if when == "write":  # the work copy exists: the import is writing it
        _wait_for(lambda: any(tmp_path.glob(f"a.duckdb{access.WORK_MARK}*")))
    else:  # the rows are in the copy and the models are being fitted
        _wait_for(lambda: any("Pre-computing" in x or "100%" in x for x in lines))
        time.sleep(0.5)
    assert proc.poll() is None, "the import ended before the kill"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _count(path) == before  # the data before, whole
    assert not _stale(path)  # and its stored results current
    assert access.leftovers(path)  # the killed writer's copy is still there
    # the refresh and the retry in this process (the killed import was the other process;
    # starting Python and the analytics for each took 2.5 CPU seconds)
    from analytics.cli import main

    capsys.readouterr()
    assert main(["--lang", "en", "refresh", "--db", str(path)]) == 0, capsys.readouterr().err
    assert access.leftovers(path) == []
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob("*.wal"))
    from analytics.findings import materialise

    monkeypatch.setattr(materialise, "refresh", lambda con, *a, **k: {})
    code = main(["--lang", "en", "import", str(_second_file(tmp_path)), "--db", str(path)])
    out = capsys.readouterr()  # the retry loads (nothing half-imported)
    assert code == 0 and "40 rows" in out.out, out.out + out.err
    assert _count(path)[0] == before[0] + 40


def test_a_program_holding_the_file_for_writing_is_named_not_a_traceback(
    tmp_path, capsys, monkeypatch
):
    """An earlier version's dashboard (or any program) that opened the file read-write: DuckDB
    refuses every other process; readers and the writer say so in one line (exit 2). The
    writer asks the OS on Linux (``F_GETLK``) and DuckDB elsewhere (macOS lays the lock's
    record out differently): both refuse."""
    from analytics.cli import main

    path = tmp_path / "a.duckdb"
    _write_rows(path, 1)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('held', flush=True); time.sleep(120)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        ident = access.identity(path)
        for argv in (
            ["quarantine", "--db", str(path)],
            ["report", "--db", str(path), "--out", str(tmp_path / "r.json")],
            ["import", str(CLEAN), "--db", str(path)],
            ["refresh", "--db", str(path)],
        ):
            for lang, words in (("zh", "正被另一个程序独占打开"), ("en", "held open exclusively")):
                assert main(["--lang", lang, *argv]) == 2, argv
                err = capsys.readouterr().err
                assert words in err and str(path) in err and "Traceback" not in err, err
        with monkeypatch.context() as off_linux:
            off_linux.setattr(sys, "platform", "darwin")
            assert main(["--lang", "en", "import", str(CLEAN), "--db", str(path)]) == 2
        assert "held open exclusively" in capsys.readouterr().err
        assert access.identity(path) == ident and access.leftovers(path) == []
    finally:
        holder.kill()
        holder.wait()


def test_readers_of_one_file_share_a_spill_folder_removed_when_the_file_is_let_go(tmp_path):
    """Readers of the same, unchanged file are cursors of one kept instance: one spill folder,
    still there after they close (the instance is kept), removed when a write replaced the
    file and the instance was let go."""
    path = tmp_path / "a.duckdb"
    with access.writing(path) as con:
        # 1M rows: a sort spills 30 MB past the 50 MB limit (1.5M spilled 65 MB, for 0.8 CPU s
        # more; 700k still spilled 15 MB, 400k nothing): no spill, no folder, the test fails
        con.execute("CREATE TABLE big AS SELECT range x, md5(range::VARCHAR) s FROM range(1000000)")
    spills = lambda: sorted(tmp_path.glob("*.tmp"))  # noqa: E731
    for _ in range(2):  # one after the other: they share the instance's memory limit too
        con, _ = access.connect_reader(path, memory_limit="50MB")
        con.execute("SELECT s, x FROM big ORDER BY s").fetchmany(3)  # spills
        con.close()
    assert len(spills()) == 1
    con, _ = access.connect_reader(path, memory_limit="50MB")
    con.execute("SELECT s, x FROM big ORDER BY s DESC").fetchmany(3)  # still can
    con.close()
    _write_rows(path, 1)
    gc.collect()
    assert spills() == [] and access.leftovers(path) == []


def test_a_reader_of_an_unchanged_file_opens_no_new_instance(tmp_path, monkeypatch):
    """Each DuckDB instance costs 20-50 ms of CPU to open: a second reader of the same file,
    unchanged, is a cursor of the kept one (closing the first leaves it usable); a write (a new
    file) opens anew; a deleted file is not held once its removal's lock is let go."""
    path = tmp_path / "a.duckdb"
    _write_rows(path, 3)
    opened = []
    real = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: opened.append(a) or real(*a, **k))
    first, ident = access.connect_reader(path)
    first.close()
    second, again = access.connect_reader(path)
    assert (len(opened), again, _rows(second)) == (1, ident, 3)
    second.close()
    _write_rows(path, 4)
    third, new = access.connect_reader(path)
    assert new != ident and _rows(third) == 7
    third.close()
    assert len(opened) == 3  # the write's own copy, then the new file's reader

    inode = path.stat().st_ino

    def held() -> bool:  # the database file open in this process (deleted or not)
        fds = list(Path("/proc/self/fd").iterdir())
        return inode in {f.stat().st_ino for f in fds if f.exists()}

    if sys.platform == "linux":
        assert held()  # kept for the next reader
        with access.exclusive(path):
            path.unlink()
        gc.collect()
        assert not held()


def test_a_large_file_is_opened_anew_for_each_reader(tmp_path, monkeypatch):
    """A file above ``KEEP_MAX_BYTES`` is not kept (a kept instance keeps what its queries
    read cached: gigabytes at 40M ratings): each reader opens its own instance, as before."""
    path = tmp_path / "big.duckdb"
    _write_rows(path, 3)
    monkeypatch.setattr(access, "KEEP_MAX_BYTES", path.stat().st_size - 1)
    opened = []
    real = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: opened.append(a) or real(*a, **k))
    for _ in range(2):
        con, _ident = access.connect_reader(path)
        assert _rows(con) == 3
        con.close()
    assert len(opened) == 2


def test_the_dashboard_cache_reads_the_new_file_after_a_write(tmp_path, small_demo_db, monkeypatch):
    import streamlit as st

    from analytics.findings.scope import Scope
    from ui import cache

    path = tmp_path / "dash.duckdb"
    shutil.copyfile(small_demo_db, path)
    monkeypatch.setenv("PERFLENS_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:

        def count() -> int:
            return cache.connection().execute("SELECT count(*) FROM review_rows").fetchone()[0]

        before, v0 = count(), cache.version()
        assert cache.scope_data(Scope(), v0).has_ratings()  # a scope on the connection before
        with access.writing(path) as con:  # another process's import, as far as DuckDB knows
            con.execute(
                "DELETE FROM review_rows WHERE cycle_id = (SELECT min(cycle_id) FROM cycles)"
            )
        v1 = cache.version()
        assert v1 != v0 and count() < before
        assert cache.version() == v1  # stable while the file is
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
