"""Command line: ``python -m analytics import|demo|quarantine|report …``.

Exit code is non-zero only when a file is rejected (or the arguments are wrong), so scripts
can chain imports; quarantined rows are reported, not fatal.

Each command imports what it runs inside its function, for import cost: ``quarantine`` need not
load the statistics, nor ``report`` the ingest pipeline.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analytics import schema as S
from analytics.store import db
from analytics.text.messages import ImportRejected, render

__all__ = ["main"]


def _lang(args: argparse.Namespace) -> str:
    return args.lang or os.environ.get("PERFLENS_LANG", "zh")


def _progress(frac: float, stage: str) -> None:
    bar = "#" * int(frac * 20)
    print(
        f"\r[{bar:<20}] {frac:4.0%} {stage:<60}",
        end="" if frac < 1 else "\n",
        file=sys.stderr,
        flush=True,
    )


def _print_result(res, lang: str) -> None:
    from analytics.ingest.pipeline import ImportResult

    if isinstance(res, ImportRejected):
        print(res.message(lang), file=sys.stderr)
        return
    assert isinstance(res, ImportResult)
    print(res.message(lang))
    for det in res.detections:
        if det.dimension_columns:
            print(
                "  " + render("dimension_columns", lang, columns=", ".join(det.dimension_columns))
            )
        if det.unmapped:
            print("  " + render("unmapped_columns", lang, columns=", ".join(det.unmapped)))
    if res.quarantined:
        print("  " + render("see_quarantine", lang, import_id=res.import_id))


def _materialise(con, results, lang: str, quiet: bool) -> bool:
    """Fit the company-level models once after data changed, so pages only filter. After the
    import of a new cycle this says when what the dashboard shows first is stored (the first of
    the refresh's two transactions), then refits the all-cycles models; Ctrl-C during those
    keeps what is stored (the dashboard refits the rest in the background). Returns whether it
    was so interrupted."""
    import time

    from analytics.findings.materialise import refresh
    from analytics.ingest.pipeline import ImportResult
    from analytics.text import render as words

    if not any(isinstance(r, ImportResult) and r.status == "loaded" for r in results):
        return False

    def say(code: str, **params: object) -> None:
        if not quiet:
            print(words(code, lang, **params), file=sys.stderr, flush=True)

    start, ready = time.perf_counter(), []

    def on_ready(later: bool) -> None:
        if later:
            ready.append(time.perf_counter())
            say("store.cli_ready", seconds=ready[0] - start)
            say("store.cli_all_cycles")

    say("store.cli_materialising")
    try:
        refresh(con, on_ready)
    except KeyboardInterrupt:
        if not ready:  # nothing stored yet: an ordinary interrupt
            raise
        say("store.cli_interrupted")
        return True
    if ready:
        say("store.cli_done", seconds=time.perf_counter() - ready[0])
    return False


def _import_and_report(db_path: str, files, mapping, sheet, lang: str, quiet: bool) -> int:
    """Import, materialise the model fits, print each file's result; 1 if a file was rejected."""
    from analytics.ingest.pipeline import import_files

    con = db.connect(db_path)
    try:
        results = import_files(con, files, mapping, sheet, None if quiet else _progress, lang)
        interrupted = _materialise(con, results, lang, quiet)
    finally:
        con.close()
    for res in results:
        _print_result(res, lang)
    if interrupted:
        return 130  # as a shell reports Ctrl-C
    return 1 if any(isinstance(r, ImportRejected) for r in results) else 0


def cmd_import(args: argparse.Namespace) -> int:
    from analytics.ingest.pipeline import load_mapping

    lang = _lang(args)
    try:
        mapping = load_mapping(args.mapping)
    except ImportRejected as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    return _import_and_report(args.db, args.files, mapping, args.sheet, lang, args.quiet)


def cmd_demo(args: argparse.Namespace) -> int:
    from analytics.demo.company import generate, write_exports

    lang = _lang(args)
    demo = generate(n_employees=args.employees, n_cycles=args.cycles, seed=args.seed)
    paths = write_exports(demo, Path(args.out))
    print(
        ("写出演示导出文件：" if lang == "zh" else "Wrote demo exports: ")
        + ", ".join(str(p) for p in paths)
    )
    return _import_and_report(args.db, paths, None, None, lang, args.quiet)


def cmd_quarantine(args: argparse.Namespace) -> int:
    con = db.connect(args.db)
    try:
        sql = f'SELECT file, row_number, "column", raw_value, reason_code, reason FROM {db.q(S.QUARANTINE.name)}'
        params = {}
        if args.import_id:
            sql += " WHERE import_id = $id"
            params["id"] = args.import_id
        frame = db.query(
            con, sql + " ORDER BY file, row_number LIMIT $n", params | {"n": args.limit}
        )
    finally:
        con.close()
    if args.out:
        frame.write_csv(args.out, include_bom=True)
        print(args.out)
    else:
        import polars as pl

        with pl.Config(tbl_rows=args.limit, tbl_width_chars=160, fmt_str_lengths=60):
            print(frame)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from analytics.export.report import write_report
    from analytics.findings.report import build_findings

    con = db.connect(args.db)
    try:
        findings = build_findings(con, cycles=args.cycle or None, department=args.department)
    finally:
        con.close()
    path = write_report(findings, Path(args.out), lang=_lang(args))
    print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics", description="PerfLens 绩效透视")
    parser.add_argument(
        "--lang", choices=["zh", "en"], help="message language (default zh or $PERFLENS_LANG)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("import", help="import evaluation exports (CSV/XLSX/Parquet)")
    p.add_argument("files", nargs="+")
    p.add_argument("--db", default=S.DEFAULT_DB)
    p.add_argument("--mapping", help="JSON/TOML file: columns, scales, roles, dimensions")
    p.add_argument("--sheet", help="only this XLSX sheet")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("demo", help="generate the demo enterprise and import it")
    p.add_argument("--db", default=S.DEFAULT_DB)
    p.add_argument("--out", default="data/demo")
    p.add_argument("--employees", type=int, default=2000)
    p.add_argument("--cycles", type=int, default=6)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("quarantine", help="show (or --out CSV) quarantined rows with reasons")
    p.add_argument("--db", default=S.DEFAULT_DB)
    p.add_argument("--import-id")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--out")
    p.set_defaults(func=cmd_quarantine)

    p = sub.add_parser("report", help="write calibration findings (.json, .xlsx or .html)")
    p.add_argument("--db", default=S.DEFAULT_DB)
    p.add_argument("--out", required=True)
    p.add_argument("--cycle", action="append", help="cycle id (repeatable); default all")
    p.add_argument("--department", help="department subtree, e.g. 销售中心")
    p.set_defaults(func=cmd_report)

    args = parser.parse_args(argv)
    for attr in ("lang",):
        if getattr(args, attr, None) is None:
            setattr(args, attr, None)
    return int(args.func(args))
