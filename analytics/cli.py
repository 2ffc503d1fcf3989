"""Command line: ``python -m analytics import|demo|quarantine|report|refresh|datasets|imports|calibrate|appeals …``.

``--db`` names the default database; ``--dataset NAME`` one of the named datasets listed beside
it (:mod:`analytics.store.datasets`: each its own database file). ``import --dataset NAME``
creates a dataset that does not exist yet, and says so; the reading commands refuse an unknown
name, listing the datasets there are. Without ``--dataset`` a command works on the default
dataset, as before datasets existed; every command that reads or writes data says which
dataset it used (on stderr: stdout keeps only what scripts read, such as a report's path).

Exit code is non-zero only when a file is rejected (1) or the command cannot run as given (2:
a folder or a missing file as input, a database path that is a folder, missing or not a
database, a bad mapping file, an unsupported report type, demo sizes the generator refuses), so
scripts can chain imports; quarantined rows are reported, not fatal. Every refusal is one line
in the chosen language naming the file and what to do, never a traceback (``PERFLENS_DEBUG=1``
shows the traceback of an unexpected error).

Writes (import, demo, refresh) go through the one writer (:mod:`analytics.findings.writes`): a
second import waits for the first with a message, and a dashboard reading the same database
keeps serving meanwhile. Reads (report, quarantine) open the database read-only and never
create one.

Each command imports what it runs inside its function, for import cost: ``quarantine`` need not
load the statistics, nor ``report`` the ingest pipeline.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from analytics import schema as S
from analytics import threadsafe
from analytics.auth import roles
from analytics.calibration.moves import Refused
from analytics.store import access, datasets, db
from analytics.text.messages import ImportRejected, distinct, render
from analytics.text.render import render as words

__all__ = ["main"]


#: report types ``report --out`` writes
REPORT_TYPES = (".xlsx", ".json", ".html", ".htm", ".pdf")


class UsageProblem(Exception):
    """The command cannot run as given: a ``cli.`` catalogue code and its parameters (exit 2)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    def message(self, lang: str) -> str:
        return words(f"cli.{self.code}", lang, **self.params)


def _lang(args: argparse.Namespace) -> str:
    return args.lang or os.environ.get("PERFLENS_LANG", "zh")


def _waiting(db_path: str, lang: str):
    """What a writer that must wait for another says, once."""

    def say() -> None:
        print(words("db.waiting", lang, file=db_path), file=sys.stderr, flush=True)

    return say


def _progress(frac: float, stage: str) -> None:
    bar = "#" * int(frac * 20)
    print(
        f"\r[{bar:<20}] {frac:4.0%} {stage:<60}",
        end="" if frac < 1 else "\n",
        file=sys.stderr,
        flush=True,
    )


def _print_result(res, lang: str) -> None:
    from analytics.ingest.result import ImportResult
    from analytics.ingest.scalebook import scale_lines

    if isinstance(res, ImportRejected):
        print(res.message(lang), file=sys.stderr)
        return
    assert isinstance(res, ImportResult)
    print(res.message(lang))
    for line in res.note_lines(lang):
        print("  " + line)
    lines = []  # the sheets of one workbook often read alike: each line once
    for det in res.detections:
        if det.dimension_columns:
            lines.append(render("dimension_columns", lang, columns=det.dimension_columns))
        if det.unmapped:
            lines.append(render("unmapped_columns", lang, columns=det.unmapped))
    for line in dict.fromkeys(lines):
        print("  " + line)
    for line in scale_lines(res.scales, lang):
        print("  " + line)
    warned = distinct(res.warnings)
    if res.quarantined:  # in the warnings' block: 60% of a file held back read as a note
        rows, total = res.quarantined_rows, max(res.rows_read, res.quarantined_rows, 1)
        said = {"file": res.file, "rows": rows, "total": total, "share": rows / total}
        said |= {"cells": res.quarantined, "import_id": res.import_id}
        warned.append(("quarantine_summary", said))
    if warned:
        print("\n" + render("warnings_header", lang))
        for code, params in warned:
            print("  ! " + render(code, lang, **params))


def _materialise(con, results, quiet: bool, say) -> bool:
    """Fit the company-level models once after data changed, so pages only filter: the first
    of the refresh's transactions here (what the dashboard shows first: the overview and every
    single cycle), inside the import's write. Returns whether the all-cycles models are left
    for :func:`_materialise_rest`, after the write (the dashboard then reads the new data)."""
    from analytics.findings import stored
    from analytics.findings.materialise import refresh
    from analytics.ingest.result import ImportResult

    if not any(isinstance(r, ImportResult) and r.status == "loaded" for r in results):
        return False
    say("store.cli_materialising")
    refresh(con, until_ready=True)
    cur = con.cursor()
    try:
        return stored.stale(cur)  # a first import: everything stored in one go
    finally:
        cur.close()


def _materialise_rest(db_path: str, lang: str, say) -> bool:
    """The all-cycles models, in a write of their own (the dashboard keeps serving the data
    with the new cycle meanwhile); Ctrl-C throws that write away and leaves them to the
    dashboard's background refresh. Returns whether it was so interrupted."""
    import time

    from analytics.findings.writes import refresh_database

    say("store.cli_all_cycles")
    start = time.perf_counter()
    try:
        refresh_database(db_path, on_wait=_waiting(db_path, lang))
    except KeyboardInterrupt:
        say("store.cli_interrupted")
        return True
    say("store.cli_done", seconds=time.perf_counter() - start)
    return False


def _dataset(args: argparse.Namespace, create: bool = False, demo: bool = False):
    """The dataset a command works on (``--dataset``, else the default), said on stderr.
    ``create``: a name that is no dataset yet makes a new one (import, demo; ``args.created``
    says so); otherwise an unknown name is refused (:class:`datasets.DatasetProblem`, exit 2)."""
    lang = _lang(args)
    name = getattr(args, "dataset", None)
    ds = datasets.find(name, args.db) if name is not None else None
    args.created = False
    if name is not None and ds is None and create:
        ds = datasets.create(name, args.db)
        args.created = True
        print(words("dataset.created", lang, name=ds.label(lang), key=ds.key), file=sys.stderr)
    elif ds is None:
        ds = datasets.require(name, args.db)
    if create and ds.is_default:  # a write to a deleted default dataset lists it again
        datasets.revive_default(args.db, demo=demo)
    return ds


def _require_db(args: argparse.Namespace) -> None:
    """A command that reads a database given with ``--db``: a path holding neither a database
    nor a dataset registry is a typo, refused (exit 2) rather than read as an empty database
    (the default path on a fresh install is simply empty)."""
    given = Path(args.db)
    if str(args.db) == S.DEFAULT_DB or given.exists() or datasets.registry_path(given).exists():
        return
    raise access.DatabaseProblem("missing", file=str(args.db))


def _used(args: argparse.Namespace, ds) -> None:
    """Say which dataset the command used (after it ran: a refusal stays one line)."""
    lang = _lang(args)
    print(words("dataset.used", lang, name=ds.label(lang), key=ds.key), file=sys.stderr)


def _log(args: argparse.Namespace, event: str, viewer=None, **fields: str) -> None:
    """Append to the access log beside the default database (:mod:`analytics.store.accesslog`):
    the command's user is ``viewer`` (``report --as``), else the operating-system account that
    ran it, which holds the database files and so counts as an HR administrator. A log that
    cannot be written is said on stderr; the command's work stands."""
    import getpass

    from analytics.store import accesslog

    if viewer is None:
        user, role, reach = getpass.getuser(), "hr_admin", ""
    else:
        user, role = viewer.user, viewer.role
        reach = ", ".join(viewer.departments) or (viewer.employee_id or "")
    entry = accesslog.Entry(event=event, user=user, role=role, via="cli", reach=reach, **fields)
    try:
        accesslog.append(args.db, entry)
    except Exception as exc:  # noqa: BLE001 - said, the command's work stands
        detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]
        path = str(accesslog.log_path(args.db))
        print(words("accesslog.failed", _lang(args), file=path, detail=detail), file=sys.stderr)


def _check_inputs(files) -> None:
    """Every input is an existing file (a folder or a typo is a usage error: nothing runs)."""
    for name in files:
        path = Path(name)
        if path.is_dir():
            example = str(path / "*.csv")
            raise UsageProblem("path_is_directory", file=name, example=example)
        if not path.exists():
            raise UsageProblem("path_missing", file=name, folder=str(Path.cwd()))


def _import_and_report(
    db_path: str,
    files,
    mapping,
    sheet,
    lang: str,
    quiet: bool,
    new=None,
    default_db=None,
    log=None,
    refused: list[bool] | None = None,
) -> int:
    """Import, materialise the model fits, print each file's result; 1 if a file was rejected.
    One write: the dashboard keeps serving the data before it until the write is complete.
    ``new``: the dataset this import created, discarded again when no file was loaded.
    ``log(file=, detail=)``: each file's entry in the access log. ``refused`` gets one flag
    per file: True where the file was refused."""
    import time

    from analytics.findings.writes import writing
    from analytics.ingest.pipeline import import_files

    def refreshing() -> None:
        if not quiet:
            print(words("db.refreshing", lang), file=sys.stderr)

    def say(code: str, **params: object) -> None:
        if not quiet:
            print(words(code, lang, **params), file=sys.stderr, flush=True)

    start = time.perf_counter()
    with writing(db_path, on_wait=_waiting(db_path, lang), on_refresh=refreshing) as con:
        results = import_files(con, files, mapping, sheet, None if quiet else _progress, lang)
        more = _materialise(con, results, quiet, say)
    interrupted = False
    if more:  # written: the dashboard shows the new data from here
        say("store.cli_ready", seconds=time.perf_counter() - start)
        interrupted = _materialise_rest(db_path, lang, say)
    for res in results:
        _print_result(res, lang)
    if refused is not None:
        refused.extend(isinstance(r, ImportRejected) for r in results)
    for name, res in zip(files, results, strict=False) if log else ():
        status = "rejected" if isinstance(res, ImportRejected) else res.status
        log(file=Path(name).name, detail=status)
    if new is not None and all(isinstance(r, ImportRejected) for r in results):
        datasets.discard(new.key, default_db)
        print(words("dataset.discarded", lang, name=new.label(lang)), file=sys.stderr)
    if interrupted:
        return 130  # as a shell reports Ctrl-C
    return 1 if any(isinstance(r, ImportRejected) for r in results) else 0


def cmd_import(args: argparse.Namespace) -> int:
    from analytics.ingest.mapping import load_mapping

    lang = _lang(args)
    _check_inputs(args.files)
    try:
        mapping = load_mapping(args.mapping)
    except ImportRejected as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    mapping.exclude.extend(args.exclude or [])
    if args.header_row is not None:
        if args.header_row < 1:
            print(render("bad_header_row_arg", lang, row=args.header_row), file=sys.stderr)
            return 2
        mapping.header_row = args.header_row
    if args.encoding:
        mapping.encoding = args.encoding
    if args.mode:
        mapping.mode = args.mode
    given = Path(args.db)  # a mistyped --db makes a new database: said in one line
    fresh = str(args.db) != S.DEFAULT_DB and not (
        given.exists() or datasets.registry_path(given).exists()
    )
    before = _beside(given) if fresh else set()
    ds = _dataset(args, create=True, demo=args.as_demo)
    new = ds if args.created else None
    refused: list[bool] = []
    try:
        code = _import_and_report(
            str(ds.file),
            args.files,
            mapping,
            args.sheet,
            lang,
            args.quiet,
            new,
            args.db,
            log=lambda **f: _log(args, "import", dataset=ds.key, **f),
            refused=refused,
        )
    except BaseException:
        if new is not None:  # nothing was written into it
            datasets.discard(new.key, args.db)
        raise
    if fresh and refused and all(refused):
        _remove_new(given, before)  # nothing was loaded: no new database left behind
    elif fresh and given.exists():
        print(render("new_database", lang, file=str(given.resolve())), file=sys.stderr)
    _used(args, ds)
    return code


def _beside(db_path: Path) -> set[Path]:
    """The files a database at ``db_path`` may have beside it (its log, registry, WAL) that
    exist now: what an import that loads nothing must leave as it found."""
    stem = db_path.absolute().stem
    folder = db_path.absolute().parent
    return (
        {p for p in folder.iterdir() if p.name.startswith(stem + ".")} if folder.is_dir() else set()
    )


def _remove_new(db_path: Path, before: set[Path]) -> None:
    """Remove the database files a refused import created (none existed before it)."""
    for path in _beside(db_path) - before:
        if path.is_file():
            path.unlink()


def cmd_demo(args: argparse.Namespace) -> int:
    from analytics.demo.company import (
        MAPPING_NAME,
        MIN_EMPLOYEES,
        exports_folder,
        generate,
        write_exports,
    )
    from analytics.ingest.mapping import load_mapping

    lang = _lang(args)
    if args.employees < MIN_EMPLOYEES:
        raise UsageProblem("demo_employees", min=MIN_EMPLOYEES, given=args.employees)
    if args.cycles < 1:
        raise UsageProblem("demo_cycles", min=1, given=args.cycles)
    try:
        demo = generate(n_employees=args.employees, n_cycles=args.cycles, seed=args.seed)
    except ValueError as exc:  # a size the generator refuses beyond the checks above
        raise UsageProblem("demo_refused", detail=str(exc)) from exc
    ds = _dataset(args, create=True, demo=True)
    out = Path(args.out) if args.out else exports_folder(ds.file)
    paths = write_exports(demo, out)
    print(words("cli.demo_wrote", lang, files=[str(p) for p in paths]))
    # the last cycle's change of scale is declared in the mapping written beside the exports
    mapping = load_mapping(out / MAPPING_NAME)
    log = lambda **f: _log(args, "import", dataset=ds.key, **f)  # noqa: E731
    code = _import_and_report(str(ds.file), paths, mapping, None, lang, args.quiet, log=log)
    _used(args, ds)
    return code


def cmd_quarantine(args: argparse.Namespace) -> int:
    lang = _lang(args)
    ds = _dataset(args)
    con, _ = access.connect_reader(ds.file)
    try:
        sql = f"SELECT * FROM {db.q(S.QUARANTINE.name)}"
        params = {}
        if args.import_id:
            sql += " WHERE import_id = $id"
            params["id"] = args.import_id
        total = con.execute(sql.replace("*", "count(*)", 1), params).fetchone()[0]
        # the file gets every cell; the screen the first --limit
        limit = total if args.out else args.limit
        frame = db.query(con, sql + " ORDER BY file, row_number LIMIT $n", params | {"n": limit})
    finally:
        con.close()
    from analytics.export.cells import for_people
    from analytics.ingest.history import worded_quarantine

    # the reasons in the reader's language, with each cell's own parameters; headers in it too,
    # and the same formula neutralisation as every export (a raw value such as =HYPERLINK(...)
    # must not run when the file is opened in a spreadsheet): what the Data page downloads
    cells = worded_quarantine(frame, lang).select(QUARANTINE_SHOWN)
    shown = for_people(cells, lang)
    if args.out:
        shown.write_csv(args.out, include_bom=True)
        _log(args, "export", dataset=ds.key, file=str(Path(args.out).absolute()))
        print(args.out)
    elif total == 0 and args.import_id:
        print(words("cli.quarantine_empty_import", lang, import_id=args.import_id))
    elif total == 0:
        print(words("cli.quarantine_empty", lang))
    else:
        print(_table(_printable(for_people(cells, lang, spreadsheet=False))))
        if total > shown.height:
            print(words("cli.quarantine_more", lang, shown=shown.height, total=total))
    _used(args, ds)
    return 0


#: the quarantine's columns a reader sees (the reason worded, not its code)
QUARANTINE_SHOWN = ("file", "row_number", "column", "raw_value", "reason")


def _table(frame) -> str:
    """A frame as a plain text table: its (translated) headers and cells, without the frame's
    shape or column types."""
    import polars as pl

    with pl.Config(
        tbl_rows=frame.height,
        tbl_width_chars=160,
        fmt_str_lengths=300,  # a reason in full: "… (first at row N)" names the row
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
        tbl_hide_dtype_separator=True,
    ):
        return str(frame)


def _printable_text(text: str) -> str:
    """A name typed by a user without control characters (terminal escape sequences)."""
    import re

    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "\u00b7", text)


def _printable(frame):
    """Text columns without control characters (terminal escape sequences from a cell)."""
    import polars as pl

    return frame.with_columns(pl.col(pl.String).str.replace_all(r"[\x00-\x1f\x7f-\x9f]", "\u00b7"))


def _viewer(args: argparse.Namespace):
    """Whose report: ``--as USER`` (with ``--group``: the provider's group claim) resolved in
    the roles file; without ``--as`` the operator, who sees everything."""
    if not args.as_user:
        return roles.LOCAL_ADMIN
    table = roles.load_roles(args.roles) if args.roles else roles.load_roles()
    return roles.resolve(args.as_user, args.group or (), table)


def _refused(args: argparse.Namespace, viewer, ds, detail: str) -> None:
    """A refusal logged (who, what, when) before it is said, as the dashboard logs its own."""
    _log(args, "refused", viewer if args.as_user else None, dataset=ds.key, detail=detail)


def _no_role(viewer) -> NoReturn:
    """``--as`` a user with no role: refused in words, naming whom to ask when the dashboard
    names someone (``[perflens] contact``), else the HR administrator."""
    from analytics.findings.visibility import OutOfScope

    contact = roles.configured_contact()
    if contact:
        raise UsageProblem("no_role_contact", user=viewer.user, contact=contact)
    raise OutOfScope("no_role", user=viewer.user)


def cmd_report(args: argparse.Namespace) -> int:
    from analytics.auth.pseudonym import dataset_key
    from analytics.export.report import write_report
    from analytics.findings.report import build_findings
    from analytics.findings.visibility import OutOfScope, view_for

    out = Path(args.out)
    if out.suffix.lower() not in REPORT_TYPES:
        raise UsageProblem("report_type", file=args.out)
    if out.is_dir():
        raise UsageProblem("path_is_directory", file=args.out, example=str(out / "report.xlsx"))
    viewer = _viewer(args)
    ds = _dataset(args)
    pseudo = args.pseudonymise or viewer.pseudonymised
    con, _ = access.connect_reader(ds.file)
    try:
        view = view_for(
            viewer, con, key=dataset_key(ds.file) if pseudo else None, pseudonymised=pseudo
        )
        findings = build_findings(
            con, cycles=args.cycle or None, department=args.department, view=view
        )
    except OutOfScope as exc:  # refused: logged (who, what, when), then said
        what = f"department: {args.department}" if args.department else exc.code
        _refused(args, viewer, ds, what)
        if exc.code == "no_role":
            _no_role(viewer)
        raise
    finally:
        con.close()
    try:
        path = write_report(findings, out, lang=_lang(args), full=args.full)
    except FileNotFoundError:  # no browser to print the .pdf: worded by the packet, exit 1
        raise
    except OSError as exc:
        raise UsageProblem("out_not_writable", file=args.out, detail=exc.strerror or exc) from exc
    print(path)
    if findings.withheld is not None:  # the small-scope rule: the file says why it is empty
        from analytics.export.report import withheld_words

        print(withheld_words(findings, _lang(args)), file=sys.stderr)
    if view.allowed == frozenset() and not viewer.denied:  # nobody of the dataset in reach
        role = words(f"auth.role.{viewer.role}", _lang(args))
        print(words("auth.no_reach_in_dataset", _lang(args), role=role), file=sys.stderr)
    from analytics.findings.scope import Scope

    scope = Scope(cycles=tuple(args.cycle or ()), department=args.department).label(_lang(args))
    who = viewer if args.as_user else None  # without --as: the account that ran it
    _log(args, "report", who, dataset=ds.key, file=str(Path(path).absolute()), scope=scope)
    _used(args, ds)
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    """Finish what an interrupted write left: leftover files removed, stale stored results
    computed again."""
    from analytics.findings.writes import refresh_database

    lang = _lang(args)
    ds = _dataset(args)
    path = str(ds.file)
    refresh_database(
        path,
        on_wait=_waiting(path, lang),
        on_refresh=lambda: print(words("db.refreshing", lang), file=sys.stderr),
    )
    print(words("db.refreshed", lang, file=path))
    _used(args, ds)
    return 0


def _counts(path) -> tuple[int, int]:
    """Imports and rating rows of a dataset's file (0, 0 before its first import)."""
    if access.identity(path) is None:
        return 0, 0
    con, _ = access.connect_reader(path)
    try:
        if not db.schema_current(con):
            return 0, 0
        imports = con.execute(f"SELECT count(*) FROM {db.q(S.IMPORTS.name)}").fetchone()[0]
        ratings = con.execute(f"SELECT count(*) FROM {db.q(S.REVIEW_ROWS.name)}").fetchone()[0]
    finally:
        con.close()
    return int(imports), int(ratings)


def cmd_datasets(args: argparse.Namespace) -> int:
    """``datasets list``: every dataset with its imports, then the deleted ones;
    ``datasets delete NAME --yes``: delete one (without ``--yes`` it says what would go)."""
    lang = _lang(args)
    _require_db(args)
    if args.action == "list":
        print(words("dataset.list_header", lang))
        for ds in datasets.live(args.db):
            imports, _ = _counts(ds.file)
            created = ds.created or "-"
            print(
                f"  {ds.key} · {_printable_text(ds.label(lang))} · {created} · {imports} · {ds.file}"
            )
        gone = datasets.deleted(args.db)
        if gone:
            print(words("dataset.list_deleted_header", lang))
            for rec in gone:
                line = words(
                    "dataset.list_deleted_row",
                    lang,
                    key=rec.key,
                    name=_printable_text(rec.label(lang)),
                    deleted_at=rec.deleted_at,
                    archive=str(rec.archive),
                )
                print("  " + line)
        return 0
    if args.action == "rename":
        if not args.name or not args.new_name:
            raise UsageProblem("dataset_rename_needed")
        ds = datasets.require(args.name, args.db)
        old = ds.label(lang)
        new = datasets.rename(ds.key, args.new_name, args.db)
        print(
            words(
                "dataset.renamed",
                lang,
                old=_printable_text(old),
                name=_printable_text(new.label(lang)),
                dataset_key=new.key,
            )
        )
        return 0
    if not args.name:
        raise UsageProblem("dataset_name_needed")
    ds = datasets.require(args.name, args.db)
    if not args.yes:
        imports, _ = _counts(ds.file)
        print(
            words("dataset.confirm_needed", lang, name=ds.label(lang), key=ds.key, imports=imports),
            file=sys.stderr,
        )
        return 2
    rec = datasets.delete(ds.key, args.db)
    _log(args, "delete_dataset", dataset=rec.key, detail=rec.label(lang))
    print(words("dataset.deleted", lang, name=rec.label(lang), key=rec.key, archive=rec.archive))
    return 0


def _argv_lang(argv: list[str]) -> str:
    """The language the command line asks for, read before parsing (for ``--help``): the
    ``--lang`` argument, else ``$PERFLENS_LANG``, else zh (as :func:`_lang` decides)."""
    chosen = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    chosen = chosen or os.environ.get("PERFLENS_LANG", "zh")
    return chosen if chosen in ("zh", "en") else "zh"


def _loaded_imports(path) -> list[tuple]:
    """A dataset's imports, oldest first: (id, file, time, status, rows loaded, replaced)."""
    if access.identity(path) is None:
        return []
    con, _ = access.connect_reader(path)
    try:
        if not db.schema_current(con):
            return []
        return con.execute(
            f"SELECT import_id, file, strftime(started_at, '%Y-%m-%d %H:%M'), status, "
            f"rows_loaded, rows_replaced FROM {db.q(S.IMPORTS.name)} ORDER BY started_at"
        ).fetchall()
    finally:
        con.close()


def cmd_imports(args: argparse.Namespace) -> int:
    """``imports list``: a dataset's imports; ``imports delete ID --yes``: remove one import's
    data (the log line and the quarantine stay) and compute the findings again, in one write
    (without ``--yes`` it says what would go)."""
    from analytics.findings.writes import delete_import
    from analytics.store.removal import DELETED, ImportMissing

    lang = _lang(args)
    _require_db(args)
    ds = _dataset(args)
    name = _printable_text(ds.label(lang))
    rows = _loaded_imports(ds.file)
    if args.action == "list":
        if not rows:
            print(words("imports.list_empty", lang, name=name))
        else:
            print(words("imports.list_header", lang, name=name))
        for import_id, file, time, status, loaded, _ in rows:
            shown = words(f"status.{status}", lang)
            print(f"  {import_id} · {_printable_text(file)} · {time} · {shown} · {loaded or 0}")
        _used(args, ds)
        return 0
    if not args.import_id:
        raise UsageProblem("import_id_needed")
    live = {r[0]: r for r in rows if r[3] != DELETED}
    found = live.get(args.import_id)
    if found is None:
        known = ", ".join(f"{i} ({_printable_text(f)})" for i, f, *_ in live.values()) or "-"
        print(
            words("imports.unknown", lang, name=name, import_id=args.import_id, known=known),
            file=sys.stderr,
        )
        return 2
    import_id, file, time, _, loaded, replaced = found
    file = _printable_text(file)
    if not args.yes:
        print(
            words(
                "imports.confirm_needed",
                lang,
                name=name,
                import_id=import_id,
                file=file,
                time=time,
                rows=loaded or 0,
            ),
            file=sys.stderr,
        )
        if replaced:
            print(words("imports.replaced_note", lang, replaced=replaced), file=sys.stderr)
        return 2
    path = str(ds.file)
    try:
        removed = delete_import(
            path,
            import_id,
            on_wait=_waiting(path, lang),
            on_refresh=lambda: print(words("db.refreshing", lang), file=sys.stderr),
        )
    except ImportMissing:  # deleted by another process meanwhile
        print(
            words("imports.unknown", lang, name=name, import_id=import_id, known="-"),
            file=sys.stderr,
        )
        return 2
    _log(args, "delete_import", dataset=ds.key, file=file, detail=import_id)
    cycles = (
        words("imports.deleted_cycles", lang, cycles=", ".join(removed.cycles))
        if removed.cycles
        else ""
    )
    print(
        words(
            "imports.deleted",
            lang,
            import_id=import_id,
            file=file,
            ratings=removed.ratings,
            other=removed.other_rows,
            cycles=cycles,
        )
    )
    _used(args, ds)
    return 0


#: who a calibration change is recorded for without ``--as``: the local administrator
LOCAL_ADMIN = roles.LOCAL_ADMIN.user


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Calibration sessions: create, list, apply a CSV of decisions, undo, sign off, reopen,
    export the write-back file (:mod:`analytics.calibration`; the same rules and audit trail
    as the session page). ``--as USER`` acts as that user of the roles file: only the
    sessions within their reach are listed, opened or changed (:mod:`analytics.calibration.reach`);
    without it the operator, as the local administrator."""
    lang = _lang(args)
    _require_db(args)
    ds = _dataset(args)
    viewer = _viewer(args)
    if viewer.denied:  # whom to ask, logged, as report --as
        _refused(args, viewer, ds, "no_role")
        _no_role(viewer)
    try:
        _calibrate(args, str(ds.file), lang, viewer)
    except Refused as exc:
        if exc.code in REACH_REFUSALS:  # outside the reach: logged (who, what, when)
            asked = (args.department or args.people) if args.action == "create" else None
            what = asked or (f"session {args.session}" if args.session else "")
            _refused(args, viewer, ds, f"calibrate {args.action}: {exc.code} {what}".strip())
        raise
    _used(args, ds)
    return 0


def _session_scopes(frame, path: str, lang: str, viewer) -> list[str]:
    """Each listed session's scope in words (a list of people: how many, the first few with
    their names where ``viewer`` may see names), not the stored JSON list."""
    import json

    from analytics.calibration import sessions

    names: dict[str, str | None] = {}
    if viewer.sees_names:
        first = {
            str(p)
            for kind, scope in frame.select("scope_kind", "session_scope").iter_rows()
            if kind == "people"
            for p in json.loads(scope or "[]")[: sessions.SCOPE_NAMED]
        }
        if first:
            names = dict(sessions.roster_names(path, sorted(first)).iter_rows())
    return [
        sessions.scope_words(kind, scope, lang, names)
        for kind, scope in frame.select("scope_kind", "session_scope").iter_rows()
    ]


#: calibration refusals of the viewer's reach or role (logged as "refused"), as against a
#: change the session does not take (a stale version, a signed-off session ...)
REACH_REFUSALS = ("role_no_sessions", "scope_outside", "people_outside", "session_outside")
#: the refusals said with whom to ask, as the pages say them: those above, and report --as
#: outside the reach (OutOfScope; the appeals' refusals say who may already)
ASK_WHOM = (*REACH_REFUSALS, "department_outside", "team_outside", "person_outside")


def _calibrate(args: argparse.Namespace, path: str, lang: str, viewer) -> None:
    """The ``calibrate`` action asked, as ``viewer``."""
    from analytics.calibration import sessions

    if args.action == "list":
        frame = sessions.list_sessions(path, viewer)
        if frame.is_empty():
            print(words("calib.none", lang))
        else:
            import polars as pl

            from analytics.export.cells import for_people

            status = [words(f"calib.status.{v}", lang) for v in frame["status"]]
            scopes = _session_scopes(frame, path, lang, viewer)
            shown = frame.with_columns(
                pl.Series("status", status, dtype=pl.String),
                pl.Series("session_scope", scopes, dtype=pl.String),
                # an unsigned session: words, not "null" (rev21 minor 11)
                pl.col("signed_by").fill_null(words("calib.unsigned", lang)),
            ).select(
                "session_id",
                "cycle_id",
                "session_scope",
                "status",
                "headcount",
                "grades_changed",
                "created_by",
                "signed_by",
            )
            print(_table(_printable(for_people(shown, lang))))
        return
    if args.action == "create":
        _calibrate_create(args, path, lang, viewer)
        return
    if not args.session:
        raise UsageProblem("calibrate_session")
    sid = args.session
    if args.action == "apply":
        from analytics.calibration.decisions import read_decisions

        if not args.decisions:
            raise UsageProblem("calibrate_decisions")
        before = sessions.load(path, sid, viewer)
        versions = dict(zip(before.grades["employee_id"], before.grades["version"]))
        moves = read_decisions(args.decisions, versions, before.grades_allowed)
        changed, unchanged = sessions.apply(path, sid, moves, viewer)
        print(words("calib.applied", lang, session=sid, changed=changed, unchanged=unchanged))
    elif args.action == "undo":
        for row in sessions.undo(path, sid, viewer):  # every move of the last save
            print(
                words(
                    "calib.undone",
                    lang,
                    person=row["employee_id"],
                    before=row["from_value"],
                    after=row["to_value"],
                )
            )
    elif args.action == "signoff":
        sessions.sign_off(path, sid, viewer)
        print(words("calib.signed", lang, session=sid, who=viewer.user))
    elif args.action == "reopen":
        sessions.reopen(path, sid, viewer, args.category or "other", args.reason or "")
        print(words("calib.reopened", lang, session=sid))
    elif args.action == "bonus":
        _calibrate_bonus(args, path, sid, lang, viewer)
    else:  # export
        _calibrate_export(args, path, sid, lang, viewer)


def _calibrate_bonus(args: argparse.Namespace, path: str, sid: str, lang: str, viewer) -> None:
    """The bonus pool before and after the session's moves, per department, and the totals
    (the same computation as the page's)."""
    from analytics.calibration import bonus, original, pool, sessions

    if args.pool is None:
        raise UsageProblem("calibrate_pool")
    s = sessions.load(path, sid, viewer)
    coefficients = (
        bonus.parse_coefficients(args.coefficients)
        if args.coefficients
        else bonus.default_coefficients(s.grades_allowed)
    )
    bands = bonus.parse_coefficients(args.bands) if args.bands else None
    own = original.load(path, s) if args.base else None
    people = pool.bonus_people(path, s, own, args.base, bands)
    totals, _ = bonus.session_bonus(
        people,
        args.pool,
        coefficients,
        scheme=args.scheme,
        order=s.grades_allowed,
        base="base" if args.base else None,
    )
    if args.per_person:  # everyone's amount, to check each cent by hand (rev21b minor 2)
        amounts = bonus.person_amounts(
            people,
            args.pool,
            coefficients,
            scheme=args.scheme,
            order=s.grades_allowed,
            base="base" if args.base else None,
        )
        print(_table(_printable(_amounts(amounts, lang))))
    print(_table(_printable(_amounts(totals, lang))))
    base = words("calib.bonus_base", lang, column=args.base) if args.base else ""
    currency = (args.currency or "").strip()
    print(
        words(
            "calib.bonus_total",
            lang,
            currency=currency or words("calib.currency_default", lang),
            which="entered" if currency else "default",
            pool=args.pool,
            scheme=args.scheme,
            base=base,
            before=round(float(totals["bonus_before"].sum()), 2),
            after=round(float(totals["bonus_after"].sum()), 2),
            n=people.height,
        )
    )


def _amounts(frame, lang: str):
    """A bonus table for the console: amounts of money with two decimals and thousands
    separators (1,863.35, not 1863.35 or 1e6), shares as percentages, headers in ``lang``."""
    import polars as pl

    from analytics.export.cells import for_people, format_number, number_kind

    kinds = {c: number_kind(c, t) for c, t in frame.schema.items()}
    words = frame.with_columns(
        threadsafe.each(frame[c], lambda v, k=k: format_number(v, k), pl.String)
        for c, k in kinds.items()
        if k in ("money", "percent")
    )
    return for_people(words, lang, spreadsheet=False)


def _calibrate_create(args: argparse.Namespace, path: str, lang: str, viewer) -> None:
    from analytics.calibration import reach, sessions
    from analytics.calibration.fit import parse_guideline

    if not args.cycle:
        raise UsageProblem("calibrate_cycle")
    if bool(args.department) == bool(args.people):
        raise UsageProblem("calibrate_scope")
    # ids separated by commas, spaces or both, as the person search reads them (rev25b 12)
    people = args.people.replace(",", " ").split() if args.people else None
    guideline = parse_guideline(args.guideline) if args.guideline else None
    if args.department:  # refused before the what-if is worked out (a list: by create)
        reach.check_department(viewer, args.department)
    proposed = None
    if args.start in ("what_if", "stepwise"):
        from analytics.calibration.start import guideline_start

        proposed = guideline_start(path, args.cycle, args.department, people, guideline, args.start)
    sid = sessions.create(
        path,
        cycle=args.cycle,
        department=args.department,
        people=people,
        facilitator=args.facilitator,
        participants=args.participant or (),
        guideline=guideline,
        proposed=proposed,
        author=viewer,
        dataset=args.dataset or "default",
        start=args.start,
    )
    s = sessions.load(path, sid, viewer)
    print(
        words(
            "calib.created",
            lang,
            session=sid,
            cycle=args.cycle,
            scope=args.department or ", ".join(people or ()),
            n=s.grades.height,
            start=words(f"calib.start.{s.row['start']}", lang),
        )
    )
    other = sessions.overlapping(path, sid)
    if other.height:  # said, not refused: only one of them can be signed off
        print(
            words(
                "calib.overlap_created",
                lang,
                cycle=args.cycle,
                others=other["session_id"].to_list(),
                n=int(other["n"].max()),
            )
        )


def _calibrate_export(args: argparse.Namespace, path: str, sid: str, lang: str, viewer) -> None:
    from analytics.calibration import original, sessions, writeback

    if not args.out:
        raise UsageProblem("calibrate_out")
    out = Path(args.out)
    kind = out.suffix.lower()
    if kind not in (".xlsx", ".csv"):
        raise UsageProblem("calibrate_out")
    s = sessions.load(path, sid, viewer)
    rows = sessions.writeback_rows(path, s)
    own = original.load(path, s)  # the export's own rows and headers
    if kind == ".xlsx":  # with the adverse-impact check (k: the roles' default)
        from analytics.calibration import impact

        data = writeback.to_xlsx(s, rows, lang, impact.for_session(path, s), own)
    else:
        data = writeback.to_csv(s, rows, lang, own)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageProblem("out_not_writable", file=args.out, detail=exc.strerror or exc) from exc
    print(out)


def _appeal_viewer(args: argparse.Namespace):
    """Who records or resolves: ``--as USER`` in the roles file (the local administrator when
    not given, or named)."""
    if not args.as_user or args.as_user == LOCAL_ADMIN:
        return roles.LOCAL_ADMIN
    table = roles.load_roles(args.roles) if args.roles else roles.load_roles()
    return roles.resolve(args.as_user, args.group or (), table)


def _day(value: str | None, today):
    from datetime import date

    if not value:
        return today
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageProblem("appeals_bad_date", value=value) from None


def cmd_appeals(args: argparse.Namespace) -> int:
    """Appeals against final grades: record one, list them (or their audit trail), resolve one
    (:mod:`analytics.calibration.appeals`: the same rules, reach and audit as the pages).
    A user with no role is refused and logged; an analyst reads them pseudonymised."""
    from analytics.auth.pseudonym import dataset_key
    from analytics.calibration import appeals
    from analytics.findings.visibility import view_for

    lang = _lang(args)
    ds = _dataset(args)
    path = str(ds.file)
    viewer = _appeal_viewer(args)
    if viewer.denied:  # whom to ask, logged, as report --as
        _refused(args, viewer, ds, "no_role")
        _no_role(viewer)
    # the analyst's list is pseudonymised with the dataset's key (created as report does)
    key = dataset_key(path) if viewer.pseudonymised else None
    con, _ = access.connect_reader(path)
    try:
        view = view_for(viewer, con, key=key)
        withheld = _appeals_withheld(con, view) if args.action == "list" else None
        listed = appeals.all_appeals(con, path, view) if args.action == "list" else None
        # the rows about people k-anonymity keeps back from this view (said, not hidden silently)
        kept_back = view.rows_withheld(appeals.all_appeals(con, path)) if listed is not None else 0
    finally:
        con.close()
    if withheld is not None:  # the small-scope rule, as report --as keeps it: no row
        print(withheld.message(lang), file=sys.stderr)
        _used(args, ds)
        return 0
    try:
        _change_appeal(args, path, view, lang)
    except Refused as exc:
        if exc.code in ("appeal_read_only", "appeal_not_allowed"):  # out of reach: logged
            _refused(args, viewer, ds, f"appeals {args.action}: {exc.code}")
        raise
    if args.action == "list":
        _list_appeals(args, path, view, (listed, kept_back), lang)
    _used(args, ds)
    return 0


def _appeals_withheld(con, view):
    """The small-scope rule of ``view`` (:meth:`~analytics.findings.visibility.View.
    small_scope`) over the people it reaches, as ``report --as`` applies it: for a view that
    may not see individuals (the analyst), a reach of fewer than 5 people lists no appeal
    (left25 item 8): the problem to say; None otherwise."""
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope

    if view.sees_individuals:
        return None
    # the people on the roster it reaches: an appeal is about a person's grade, rated or not
    return view.small_scope(load_scope_lazy(con, view.clip(Scope())).employees.height)


def _change_appeal(args: argparse.Namespace, path: str, view, lang: str) -> None:
    """``appeals add`` / ``resolve`` (nothing for ``list``)."""
    import polars as pl

    from analytics.calibration import appeals
    from analytics.calibration.sessions import now
    from analytics.ingest.appeals import APPEAL_OUTCOME_WORDS

    at = now()
    if args.action == "add":
        if not (args.employee and args.cycle and args.reason):
            raise UsageProblem("appeals_needs", action="add", options="--employee --cycle --reason")
        aid = appeals.submit(
            path,
            view,
            cycle=args.cycle,
            employee_id=args.employee.strip(),
            filed_at=_day(args.filed, at.date()),
            reason=args.reason,
            at=at,
            session_id=args.session,
        )
        row = appeals.recorded(path).filter(pl.col("appeal_id") == aid).row(0, named=True)
        print(
            words(
                "appeals.recorded",
                lang,
                appeal=aid,
                person=row["employee_id"],
                cycle=row["cycle_id"],
                grade=row["grade_before"] or "-",
            )
        )
    elif args.action == "resolve":
        if not (args.appeal and args.outcome):
            raise UsageProblem("appeals_needs", action="resolve", options="A1 --outcome")
        key = re.sub(r"[\s_\-]", "", args.outcome.strip().lower())
        row = appeals.settle(
            path,
            view,
            args.appeal.strip(),
            outcome=APPEAL_OUTCOME_WORDS.get(key, args.outcome.strip()),
            resolved_at=_day(args.resolved, at.date()),
            at=at,
            resolver=args.resolver,
            grade_after=args.grade_after,
        )
        print(
            words(
                "appeals.resolved",
                lang,
                appeal=row["appeal_id"],
                outcome=words(f"appeal_outcome.{row['outcome']}", lang),
                before=row["grade_before"] or "-",
                after=row["grade_after"] or "-",
                who=row["resolver"],
                day=str(row["resolved_at"]),
            )
        )


def _list_appeals(args: argparse.Namespace, path: str, view, listed: tuple, lang: str) -> None:
    """``appeals list`` (``--audit``: the trail) as ``view`` may see it: no reason text, and
    for a pseudonymised view no one named (who recorded, resolved or changed it). ``listed``:
    the appeals as the view sees them and how many rows about people k-anonymity withheld
    (said after the table, with the pages' words for why, issue 19 item 1)."""
    import polars as pl

    from analytics.calibration import appeals
    from analytics.export.cells import for_people
    from analytics.findings.visibility import MIN_SCOPE_PEOPLE

    frame, kept_back = listed
    if args.audit:
        trail = appeals.audit_frame(appeals.audit(path), lang)
        frame, kept_back = view.frame(trail), view.rows_withheld(trail)
    if frame is not None and args.employee and "employee_id" in frame.columns:
        # one person's appeals, by the id the list shows (a P- id for a pseudonymised view: a
        # real id would tie the two together), as --help says (rev25b item 11: ignored); a
        # withheld row has no id shown, so none of them is that person's
        frame, kept_back = frame.filter(pl.col("employee_id") == args.employee.strip()), 0
    if frame is None or frame.is_empty():
        if not kept_back:
            print(words("appeals.none_listed", lang))
    else:
        if args.audit:
            hidden = ["from_value", "reason_text", *(["changed_by"] if view.pseudonymised else [])]
        else:
            hidden = ["appeal_reason", "recorded_by", "resolver"]
        print(_table(_printable(for_people(frame.drop(hidden, strict=False), lang))))
    if kept_back:
        print(words("appeals.rows_withheld", lang, n=kept_back))
        print(words("auth.rows_coarsened", lang, k=MIN_SCOPE_PEOPLE))


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            prefix = words("clihelp.usage", lang) if prefix is None else prefix
            return super().add_usage(usage, actions, groups, prefix)

    return Formatter


#: argparse's usage errors (English, formatted) -> catalogue code and the groups it names
_USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "err_required"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "err_unrecognized"),
    (
        re.compile(
            r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<names>.+)\)"
        ),
        "err_choice",
    ),
    (re.compile(r"argument (?P<arg>\S+): invalid int value: (?P<value>.+)"), "err_int"),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "err_one"),
)


def _parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose usage errors are said in ``lang`` (argparse words them in
    English): the known ones from the catalogue, any other as argparse says it."""

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            for pattern, code in _USAGE_ERRORS:
                if m := pattern.fullmatch(message):
                    params: dict[str, object] = dict(m.groupdict())
                    if code in ("err_required", "err_choice"):  # a list, joined per language
                        params["names"] = str(params["names"]).split(", ")
                    message = words(f"clihelp.{code}", lang, **params)
                    break
            self.print_usage(sys.stderr)
            self.exit(2, words("clihelp.error", lang, prog=self.prog, message=message) + "\n")

    return Parser


def _worded(parser: argparse.ArgumentParser, lang: str) -> argparse.ArgumentParser:
    """argparse's own headings and ``-h`` in ``lang`` (it prints them in English)."""
    parser._positionals.title = words("clihelp.positionals", lang)
    parser._optionals.title = words("clihelp.options", lang)
    parser.add_argument(
        "-h", "--help", action="help", default=argparse.SUPPRESS, help=words("clihelp.help", lang)
    )
    return parser


def cmd_users(args: argparse.Namespace) -> int:
    """``users list|add|remove``: the roles file's per-user assignments (groups and ``k`` are
    kept as they are; edit the file for those)."""
    from analytics.auth import roles

    lang = _lang(args)
    path = Path(args.roles) if args.roles else roles.roles_path()
    table = roles.load_roles(path)
    if args.action == "list":
        print(words("users.file", lang, file=str(path), k=table.k))
        if not table.users and not table.groups:
            print(words("users.none", lang))
        for user, a in sorted(table.users.items()):
            print("  " + _assignment_line(user, a, lang))
        for group, a in table.groups:
            print("  " + words("users.group", lang, line=_assignment_line(group, a, lang)))
        return 0
    if not args.user:
        raise UsageProblem("users_needs_user", action=args.action)
    if args.action == "remove":
        try:
            table = roles.without_user(table, args.user)
        except KeyError:
            raise UsageProblem("users_unknown", user=args.user, file=str(path)) from None
        roles.save_roles(table, path)
        print(words("users.removed", lang, user=args.user, file=str(path)))
        return 0
    if not args.role:
        raise UsageProblem("users_needs_role", roles=", ".join(roles.ROLES[:-1]))
    entry: dict = {"role": args.role}
    if args.department:
        entry["departments"] = list(args.department)
    if args.employee:
        entry["employee_id"] = args.employee
    try:
        checked = roles.parse_roles({"users": {args.user: entry}}, path)  # refuses in words
    except roles.RolesProblem as exc:  # named by the option the command takes, not the field
        if exc.code in ("roles_needs_employee", "roles_needs_departments"):
            raise UsageProblem(f"users_{exc.code[6:]}", user=args.user, role=args.role) from exc
        raise
    _check_departments(args, entry.get("departments", ()))
    roles.save_roles(
        roles.with_user(table, args.user, checked.users[args.user.strip().lower()]), path
    )
    print(
        words(
            "users.added",
            lang,
            line=_assignment_line(args.user, checked.users[args.user.strip().lower()], lang),
            file=str(path),
        )
    )
    return 0


def _check_departments(args: argparse.Namespace, wanted) -> None:
    """``users add --department``: a department the dataset (``--dataset``, else the default
    one) does not know (a typo) is refused, naming it and its known ones; with no dataset to
    ask yet, a warning on stderr. An unknown ``--dataset`` is refused, naming those there are
    (rev29a item 10: only the demo's departments were asked, 质量部 of 王磊制造 refused)."""
    if not wanted:
        return
    from analytics.calibration.reach import department_paths

    name = getattr(args, "dataset", None)
    ds = datasets.require(name, args.db) if name is not None else None
    try:
        ds = ds or datasets.require(None, args.db)
        con, _ = access.connect_reader(ds.file)
        try:
            rows = con.execute(f"SELECT DISTINCT department FROM {S.EMPLOYEES.name}").fetchall()
            known = department_paths(r[0] for r in rows)
        finally:
            con.close()
    except Exception:  # noqa: BLE001 - no dataset, or none readable: warned, saved
        known = set()
    if not known:
        print(words("cli.users_departments_unchecked", _lang(args)), file=sys.stderr)
        return
    unknown = [d for d in wanted if d not in known]
    if unknown:
        top = sorted(d for d in known if "/" not in d)
        raise UsageProblem(
            "users_department_unknown",
            departments=unknown,
            known=top,
            dataset=ds.label(_lang(args)),
        )


def _assignment_line(who: str, a, lang: str) -> str:
    parts = [who, words(f"auth.role.{a.role}", lang)]
    if a.departments:
        parts.append(words("common.sep", lang).join(a.departments))
    if a.employee_id:
        parts.append(a.employee_id)
    return " · ".join(parts)


@functools.cache
def _build_parser(lang: str) -> argparse.ArgumentParser:
    """The parser, its help in ``lang`` (``clihelp.*`` in the catalogue): one function a
    command adds its arguments. Built once per language and process (about 45 ms of CPU: 500
    arguments, their help words): parsing leaves it as it was, and a process that runs
    :func:`main` again (the tests: hundreds of imports) need not build it again."""
    fmt = _formatter(lang)
    parser = _worded(
        _parser_class(lang)(
            prog="python -m analytics",
            description=words("clihelp.description", lang),
            formatter_class=fmt,
            add_help=False,
        ),
        lang,
    )
    parser.add_argument("--lang", choices=["zh", "en"], help=words("clihelp.lang", lang))
    sub = parser.add_subparsers(
        dest="command", required=True, title=words("clihelp.commands", lang)
    )
    a = _Args(lang, sub, fmt)
    for add in (
        _import_args,
        _demo_args,
        _quarantine_args,
        _refresh_args,
        _report_args,
        _datasets_args,
        _imports_args,
        _calibrate_args,
        _appeals_args,
        _users_args,
    ):
        add(a)
    return parser


class _Args:
    """What a command's arguments are added with: help words in the parser's language, the
    sub-parser of a command, the ``--db`` option."""

    def __init__(self, lang: str, sub, fmt: type) -> None:
        self.lang, self._sub, self._fmt = lang, sub, fmt
        self.name = self.h("name_metavar")

    def h(self, code: str, **params: object) -> str:
        # argparse expands "%(default)s" in help: a share's "10%" is written "10%%" for it
        return words(f"clihelp.{code}", self.lang, **params).replace("%", "%%")

    def command(self, name: str) -> argparse.ArgumentParser:
        return _worded(
            self._sub.add_parser(
                name,
                help=self.h(name),
                description=self.h(name),
                formatter_class=self._fmt,
                add_help=False,
            ),
            self.lang,
        )

    def db(self, p: argparse.ArgumentParser, code: str = "db") -> None:
        p.add_argument("--db", default=S.DEFAULT_DB, help=self.h(code, default=S.DEFAULT_DB))

    def viewer(self, p: argparse.ArgumentParser, as_help: str) -> None:
        """``--as USER`` with ``--group`` and ``--roles``: who runs the command, so the same
        scope rules as the dashboard's sign-in apply to it."""
        p.add_argument("--as", dest="as_user", metavar=self.h("user_metavar"), help=as_help)
        p.add_argument(
            "--group", action="append", metavar=self.h("group_metavar"), help=self.h("report_group")
        )
        p.add_argument("--roles", metavar=self.h("file_metavar"), help=self.h("roles_file"))


def _import_args(a: _Args) -> None:
    """``import``'s arguments."""
    p = a.command("import")
    p.add_argument("files", nargs="+", metavar=a.h("files_metavar"), help=a.h("files"))
    a.db(p)
    p.add_argument("--mapping", help=a.h("mapping"))
    p.add_argument("--sheet", help=a.h("sheet"))
    p.add_argument("--exclude", action="append", metavar=a.h("column_metavar"), help=a.h("exclude"))
    p.add_argument("--header-row", type=int, help=a.h("header_row"))
    p.add_argument("--encoding", help=a.h("encoding"))
    p.add_argument("--mode", choices=["replace", "add"], help=a.h("import_mode"))
    p.add_argument("--quiet", action="store_true", help=a.h("quiet"))
    p.add_argument("--dataset", metavar=a.name, help=a.h("import_dataset"))
    p.add_argument("--as-demo", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_import)


def _demo_args(a: _Args) -> None:
    """``demo``'s arguments."""
    p = a.command("demo")
    a.db(p)
    p.add_argument("--out", help=a.h("demo_out"))
    for opt, default in (("employees", 2000), ("cycles", 6), ("seed", 7)):
        p.add_argument(
            f"--{opt}", type=int, default=default, help=a.h(f"demo_{opt}", default=default)
        )
    p.add_argument("--quiet", action="store_true", help=a.h("quiet"))
    p.add_argument("--dataset", metavar=a.name, help=a.h("demo_dataset"))
    p.set_defaults(func=cmd_demo)


def _quarantine_args(a: _Args) -> None:
    """``quarantine``'s arguments."""
    p = a.command("quarantine")
    a.db(p)
    p.add_argument("--import-id", help=a.h("import_id"))
    p.add_argument("--limit", type=int, default=50, help=a.h("limit", default=50))
    p.add_argument("--out", help=a.h("quarantine_out"))
    p.add_argument("--dataset", metavar=a.name, help=a.h("dataset"))
    p.set_defaults(func=cmd_quarantine)


def _refresh_args(a: _Args) -> None:
    """``refresh``'s arguments."""
    p = a.command("refresh")
    a.db(p)
    p.add_argument("--dataset", metavar=a.name, help=a.h("dataset"))
    p.set_defaults(func=cmd_refresh)


def _report_args(a: _Args) -> None:
    """``report``'s arguments."""
    p = a.command("report")
    a.db(p)
    p.add_argument("--out", required=True, help=a.h("report_out"))
    p.add_argument("--cycle", action="append", help=a.h("cycle"))
    p.add_argument("--department", help=a.h("department"))
    p.add_argument("--dataset", metavar=a.name, help=a.h("dataset"))
    a.viewer(p, a.h("report_as"))
    p.add_argument("--pseudonymise", action="store_true", help=a.h("pseudonymise"))
    p.add_argument("--full", action="store_true", help=a.h("report_full"))
    p.set_defaults(func=cmd_report)


def _datasets_args(a: _Args) -> None:
    """``datasets``'s arguments."""
    p = a.command("datasets")
    p.add_argument("action", choices=["list", "delete", "rename"], help=a.h("datasets_action"))
    p.add_argument("name", nargs="?", help=a.h("datasets_name"))
    p.add_argument("new_name", nargs="?", help=a.h("datasets_new_name"))
    a.db(p, "default_db")
    p.add_argument("--yes", action="store_true", help=a.h("yes"))
    p.set_defaults(func=cmd_datasets)


def _imports_args(a: _Args) -> None:
    """``imports``'s arguments."""
    p = a.command("imports")
    p.add_argument("action", choices=["list", "delete"], help=a.h("imports_action"))
    p.add_argument("import_id", nargs="?", help=a.h("imports_id"))
    a.db(p, "default_db")
    p.add_argument("--dataset", metavar=a.name, help=a.h("dataset"))
    p.add_argument("--yes", action="store_true", help=a.h("yes"))
    p.set_defaults(func=cmd_imports)


def _calibrate_args(a: _Args) -> None:
    """``calibrate``'s arguments."""
    p = a.command("calibrate")
    p.add_argument(
        "action",
        choices=["create", "list", "apply", "undo", "signoff", "reopen", "export", "bonus"],
        help=a.h("calibrate_action"),
    )
    p.add_argument("session", nargs="?", help=a.h("calibrate_session"))
    a.db(p, "default_db")
    p.add_argument("--dataset", metavar=a.name, help=a.h("dataset"))
    a.viewer(p, a.h("calibrate_as", default=LOCAL_ADMIN))
    p.add_argument("--cycle", help=a.h("calibrate_cycle"))
    p.add_argument("--department", help=a.h("calibrate_department"))
    p.add_argument("--people", help=a.h("calibrate_people"))
    p.add_argument("--facilitator", help=a.h("calibrate_facilitator"))
    p.add_argument("--participant", action="append", help=a.h("calibrate_participant"))
    p.add_argument("--guideline", help=a.h("calibrate_guideline"))
    p.add_argument(
        "--start",
        choices=["imported", "what_if", "stepwise"],
        default="imported",
        help=a.h("calibrate_start"),
    )
    p.add_argument("--decisions", help=a.h("calibrate_decisions"))
    p.add_argument("--category", help=a.h("calibrate_category"))
    p.add_argument("--reason", help=a.h("calibrate_reason"))
    p.add_argument("--out", help=a.h("calibrate_out"))
    p.add_argument("--pool", type=float, help=a.h("calibrate_pool"))
    p.add_argument("--currency", help=a.h("calibrate_currency"))
    p.add_argument("--coefficients", help=a.h("calibrate_coefficients"))
    p.add_argument(
        "--scheme", choices=["grade", "rank"], default="grade", help=a.h("calibrate_scheme")
    )
    p.add_argument("--base", metavar=a.h("column_metavar"), help=a.h("calibrate_base"))
    p.add_argument("--bands", help=a.h("calibrate_bands"))
    p.add_argument("--per-person", action="store_true", help=a.h("calibrate_per_person"))
    p.set_defaults(func=cmd_calibrate)


def _appeals_args(a: _Args) -> None:
    """``appeals``'s arguments."""
    p = a.command("appeals")
    p.add_argument("action", choices=["add", "list", "resolve"], help=a.h("appeals_action"))
    p.add_argument("appeal", nargs="?", help=a.h("appeals_id"))
    a.db(p, "default_db")
    p.add_argument("--dataset", metavar=a.name, help=a.h("dataset"))
    a.viewer(p, a.h("appeals_as", default=LOCAL_ADMIN))
    p.add_argument("--employee", metavar="ID", help=a.h("appeals_employee"))
    p.add_argument("--cycle", help=a.h("appeals_cycle"))
    p.add_argument("--filed", metavar="YYYY-MM-DD", help=a.h("appeals_filed"))
    p.add_argument("--reason", help=a.h("appeals_reason"))
    p.add_argument("--session", help=a.h("appeals_session"))
    p.add_argument("--outcome", help=a.h("appeals_outcome"))
    p.add_argument("--resolved", metavar="YYYY-MM-DD", help=a.h("appeals_resolved"))
    p.add_argument("--resolver", help=a.h("appeals_resolver"))
    p.add_argument("--grade-after", help=a.h("appeals_grade_after"))
    p.add_argument("--audit", action="store_true", help=a.h("appeals_audit"))
    p.set_defaults(func=cmd_appeals)


def _users_args(a: _Args) -> None:
    """``users``'s arguments."""
    p = a.command("users")
    p.add_argument("action", choices=["list", "add", "remove"], help=a.h("users_action"))
    p.add_argument("user", nargs="?", metavar=a.h("user_metavar"), help=a.h("users_user"))
    p.add_argument(
        "--role",
        choices=["hr_admin", "hrbp", "dept_head", "manager", "analyst"],
        help=a.h("users_role"),
    )
    p.add_argument(
        "--department", action="append", metavar=a.h("name_metavar"), help=a.h("users_department")
    )
    p.add_argument("--employee", metavar="ID", help=a.h("users_employee"))
    p.add_argument("--roles", metavar=a.h("file_metavar"), help=a.h("roles_file"))
    a.db(p)  # with ``--dataset``: the dataset whose departments ``--department`` is checked in
    p.add_argument("--dataset", metavar=a.name, help=a.h("users_dataset"))
    p.set_defaults(func=cmd_users)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _build_parser(_argv_lang(argv))
    args = parser.parse_args(argv)
    for attr in ("lang",):
        if getattr(args, attr, None) is None:
            setattr(args, attr, None)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run the command; a refusal is one line in the user's language, never a traceback."""
    from analytics.auth.roles import RolesProblem
    from analytics.findings.visibility import OutOfScope

    lang = _lang(args)
    try:
        return int(args.func(args))
    except (
        UsageProblem,
        access.DatabaseProblem,
        datasets.DatasetProblem,
        RolesProblem,
        OutOfScope,
        Refused,  # a calibration change the session does not take
    ) as exc:
        said = exc.message(lang)
        if getattr(exc, "code", None) in ASK_WHOM:  # whom to ask, as the dashboard says
            said = roles.ask_whom(said, lang, roles.configured_contact())
        print(said, file=sys.stderr)
        return 2
    except ImportRejected as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a user never sees a traceback
        if os.environ.get("PERFLENS_DEBUG"):
            raise
        detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        print(words("cli.failed", lang, file=args.db, detail=detail[:200]), file=sys.stderr)
        return 1
