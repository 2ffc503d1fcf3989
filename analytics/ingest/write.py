"""Writing a file's prepared frames into DuckDB inside the caller's transaction: frames
appended, quarantine cells stored once, employees, group attributes and cycles upserted, the
sheets of one workbook combined, then each table replaced by key."""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.cycles import CycleInfo
from analytics.ingest.people import roster_changes
from analytics.ingest.prepare import Prepared
from analytics.ingest.problems import Notice
from analytics.ingest.raternames import roster_differs
from analytics.ingest.readers import RawTable
from analytics.ingest.replace import TABLE_BY_NAME, Said, keep_uncovered, replace_frame
from analytics.ingest.result import ImportResult
from analytics.ingest.scalebook import store_scales
from analytics.ingest.sheetjoin import join_sheets, share_notices
from analytics.ingest.sheets import combined_roster, manager_changes, sheet_conflicts
from analytics.ingest.sourcerows import source_rows, store_source_rows
from analytics.store import db
from analytics.store.batches import Batches, rows_of
from analytics.store.raternames import store_rater_names


def insert_frame(con: duckdb.DuckDBPyConnection, table: S.Table, frame: pl.DataFrame) -> None:
    """Append a canonical frame (column order from the schema) to its table."""
    arrow = table.conform(frame).to_arrow()
    con.register("_incoming", arrow)
    try:
        cols = ", ".join(db.q(c) for c in table.names)
        con.execute(f"INSERT INTO {db.q(table.name)} ({cols}) SELECT {cols} FROM _incoming")
    finally:
        con.unregister("_incoming")


#: a quarantined cell: stored once however often its file is imported again
_QUARANTINE_CELL = ("file", "row_number", "column", "raw_value", "reason_code")


def _store_quarantine(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Quarantine cells of an import, replacing the same cells (file, row, column, value,
    reason) stored by an earlier import of the file: a re-import or a restore keeps one row per
    cell, under the latest import (the history keeps every attempt)."""
    con.register("_cells", S.QUARANTINE.conform(frame).select(_QUARANTINE_CELL).to_arrow())
    try:
        same = " AND ".join(
            f"q.{db.q(c)} IS NOT DISTINCT FROM n.{db.q(c)}" for c in _QUARANTINE_CELL
        )
        con.execute(f"DELETE FROM {db.q(S.QUARANTINE.name)} q USING _cells n WHERE {same}")
    finally:
        con.unregister("_cells")
    insert_frame(con, S.QUARANTINE, frame)


_TEXT_FIELDS = ("name", "department", "team")  # kept when a decoding is a guess


def _upsert_groups(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> tuple[int, int]:
    """Store group attributes, replacing the stored value of the same person, cycle (a missing
    cycle is a key of its own) and group column; returns (rows, rows that changed)."""
    con.register("_grp", S.PERSON_GROUPS.conform(frame).to_arrow())
    try:
        t = db.q(S.PERSON_GROUPS.name)
        same = " AND ".join(
            f"o.{db.q(c)} IS NOT DISTINCT FROM n.{db.q(c)}" for c in S.PERSON_GROUPS.key
        )
        cols = ", ".join(db.q(c) for c in S.PERSON_GROUPS.names)
        values = ", ".join(db.q(c) for c in S.PERSON_GROUPS.names if c != "import_id")
        changed = con.execute(
            f"SELECT count(*) FROM (SELECT {values} FROM _grp EXCEPT SELECT {values} FROM {t})"
        ).fetchall()[0][0]
        con.execute(f"DELETE FROM {t} o USING _grp n WHERE {same}")
        con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM _grp")
    finally:
        con.unregister("_grp")
    return frame.height, int(changed)


def _upsert_employees(
    con: duckdb.DuckDBPyConnection,
    frame: pl.DataFrame,
    keep_text: bool = False,
    older: list[str] | None = None,
) -> tuple[int, int, int]:
    """Insert new employees; for known ones keep old values where the export leaves a blank.

    ``keep_text``: the file's text was decoded by a guess, so stored names, departments and
    teams are kept over the file's. ``older``: people whose stored data has a later cycle
    than this file gives them: their stored attributes stay current (the file's fill the
    blanks only). Returns (rows, rows that changed, people whose stored text was kept over a
    different one)."""
    con.register("_emp", S.EMPLOYEES.conform(frame).to_arrow())
    con.register("_older", pl.DataFrame({"v": older or []}, schema={"v": pl.String}).to_arrow())
    try:
        t = db.q(S.EMPLOYEES.name)

        def merged_col(c: str) -> str:
            first, second = ("o", "n") if keep_text and c in _TEXT_FIELDS else ("n", "o")
            new_first = f"coalesce({first}.{db.q(c)}, {second}.{db.q(c)})"
            return (
                f"CASE WHEN n._is_older THEN coalesce(o.{db.q(c)}, n.{db.q(c)}) "
                f"ELSE {new_first} END AS {db.q(c)}"
            )

        merged = ", ".join(merged_col(c) for c in S.EMPLOYEES.names if c != "employee_id")
        # whether a person is older: asked once a row, not once a column (a subquery each:
        # 7 ms of the 10 of a small roster's upsert)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _emp_merged AS "
            f"WITH f AS (SELECT *, employee_id IN (SELECT v FROM _older) AS _is_older FROM _emp) "
            f"SELECT n.employee_id, {merged} FROM f n LEFT JOIN {t} o USING (employee_id)"
        )
        kept = 0
        if keep_text:
            differs = " OR ".join(
                f"(o.{db.q(c)} IS NOT NULL AND n.{db.q(c)} IS DISTINCT FROM o.{db.q(c)})"
                for c in _TEXT_FIELDS
            )
            kept = con.execute(
                f"SELECT count(*) FROM _emp n JOIN {t} o USING (employee_id) WHERE {differs}"
            ).fetchall()[0][0]
        cols = ", ".join(db.q(c) for c in S.EMPLOYEES.names)
        changed = con.execute(
            f"SELECT count(*) FROM (SELECT {cols} FROM _emp_merged EXCEPT SELECT {cols} FROM {t})"
        ).fetchall()[0][0]
        con.execute(f"DELETE FROM {t} WHERE employee_id IN (SELECT employee_id FROM _emp)")
        con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM _emp_merged")
        con.execute("DROP TABLE _emp_merged")
    finally:
        con.unregister("_emp")
        con.unregister("_older")
    return frame.height, int(changed), int(kept)


def _older_people(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> list[str]:
    """The file's people whose latest cycle in it comes before their latest stored cycle (an
    older cycle imported after a newer one): their stored name and department are the
    current ones. Read before the file's ratings are written; the cycles are upserted."""
    parts = [
        frames[t].select("employee_id", "cycle_id")
        for t in (S.REVIEWS.name, S.OUTCOMES.name)
        if t in frames and frames[t].height
    ]
    if not parts:
        return []
    con.register("_file_cycles", pl.concat(parts).unique().to_arrow())
    try:
        cyc = db.q(S.CYCLES.name)
        rows = con.execute(
            f"WITH f AS (SELECT employee_id, max(c.ordering) AS o FROM _file_cycles "
            f"JOIN {cyc} c USING (cycle_id) GROUP BY ALL), "
            f"s AS (SELECT employee_id, max(c.ordering) AS o FROM ("
            f"SELECT employee_id, cycle_id FROM {db.q(S.REVIEW_ROWS.name)} "
            f"UNION ALL SELECT employee_id, cycle_id FROM {db.q(S.OUTCOMES.name)}) x "
            f"JOIN {cyc} c USING (cycle_id) "
            f"WHERE employee_id IN (SELECT employee_id FROM f) GROUP BY ALL) "
            "SELECT employee_id FROM f JOIN s USING (employee_id) WHERE f.o < s.o "
            "ORDER BY employee_id"
        ).fetchall()
    finally:
        con.unregister("_file_cycles")
    return [r[0] for r in rows]


def upsert_cycles(con: duckdb.DuckDBPyConnection, cycles: list[CycleInfo]) -> None:
    t = db.q(S.CYCLES.name)
    for info in cycles:  # a handful per file
        con.execute(
            f"INSERT INTO {t} SELECT $id, $label, $cadence, $start, $end, "
            f"(SELECT coalesce(max(ordering), 0) + 1 FROM {t}) "
            f"WHERE NOT EXISTS (SELECT 1 FROM {t} WHERE cycle_id = $id)",
            {
                "id": info.cycle_id,
                "label": info.label,
                "cadence": info.cadence,
                "start": info.start,
                "end": info.end,
            },
        )
    # dated cycles sort by start; undated ones keep their order of first appearance
    con.execute(
        f"UPDATE {t} SET ordering = r.rn FROM (SELECT cycle_id, CAST(row_number() OVER "
        f"(ORDER BY start NULLS LAST, ordering, cycle_id) AS INTEGER) AS rn FROM {t}) r "
        f"WHERE {t}.cycle_id = r.cycle_id"
    )


def set_cycle_order(con: duckdb.DuckDBPyConnection, ordered_ids: list[str]) -> None:
    """Set the order of cycles by hand (e.g. undated labels such as '春季评估')."""
    with db.transaction(con):
        for pos, cid in enumerate(ordered_ids, start=1):
            con.execute(
                f"UPDATE {db.q(S.CYCLES.name)} SET ordering = $o WHERE cycle_id = $c",
                {"o": pos, "c": cid},
            )
        db.bump_version(con)


# parameters that make a line one sheet's own (its rows, its counts): said with the sheet
_SHEET_OWN = frozenset({"n", "row", "rows", "examples", "cells"})


def _of_sheet(notices: list[Notice], raw: RawTable, tables: list[RawTable]) -> list[Notice]:
    """A table's lines as the user must read them when the file has several sheets: a line
    with the sheet's own rows or counts names its sheet (``file [sheet]``); a line that is the
    same for every sheet (the grade scale of a column) stays the file's, said once."""
    if sum(1 for t in tables if t.sheet) < 2 or not raw.sheet:
        return notices
    out: list[Notice] = []
    for code, params in notices:
        if params.get("file") == raw.file and _SHEET_OWN & params.keys():
            params = params | {"file": f"{raw.file} [{raw.sheet}]"}
        out.append((code, params))
    return out


def write_tables(
    con: duckdb.DuckDBPyConnection,
    import_id: str,
    name: str,
    tables: list[RawTable],
    prepared: list[Prepared],
    result: ImportResult,
    mode: str = "replace",
    lang: str = "zh",
) -> None:
    """Write the file's prepared frames (inside the caller's transaction): employees and
    cycles upserted, reviews as batches of rows, the rest replaced by key; quarantined rows
    with their sheet. The sheets of one file are written together: they add up, never replace
    each other. Counts go into ``result``."""
    batches = Batches(import_id)
    said = Said(name, mode, result.warnings, result.notes)
    if len(prepared) > 1:
        result.warnings.extend(sheet_conflicts(tables, prepared, name, lang))
    # kept per cycle: said, not a clash; people named from the file's roster or the stored one
    known = dict(con.execute(f"SELECT employee_id, name FROM {S.EMPLOYEES.name}").fetchall())
    result.notes.extend(manager_changes(prepared, name, known))
    sheets = [raw.sheet or "" for raw in tables]
    frames, shares, differs = join_sheets(prepared, sheets, name)
    result.warnings.extend(differs)
    if len(prepared) > 1:
        roster, roster_warnings = combined_roster(tables, prepared, name)
        if roster is not None:
            frames[S.EMPLOYEES.name] = roster
        result.warnings.extend(roster_warnings)
    if len(prepared) > 1:  # records in several sheets: joined or counted once, said
        result.notes.extend(share_notices(shares, sheets, name))
    for prep in prepared:
        upsert_cycles(con, prep.cycles)
    older = _older_people(con, frames) if S.EMPLOYEES.name in frames else []
    rater_names = frames.pop(S.RATER_NAMES.name, None)
    for tname, frame in frames.items():
        frame = (
            frame.with_columns(pl.lit(import_id).alias("import_id"))
            if "import_id" in frame.columns
            else frame
        )
        if tname == S.PERSON_GROUPS.name:
            n, changed = _upsert_groups(con, frame)
            result.loaded[tname] = result.loaded.get(tname, 0) + n
            result.changed += changed
            continue
        if tname == "employees":
            keep = any(t.doubtful_text for t in tables)
            for k, v in roster_changes(con, frame).items():  # what the roster did (rev22)
                result.roster[k] = result.roster.get(k, 0) + v
            n, changed, kept = _upsert_employees(con, frame, keep_text=keep, older=older)
            result.loaded["employees"] = result.loaded.get("employees", 0) + n
            result.changed += changed
            if kept:
                result.notes.append(("names_kept", {"file": name, "n": kept}))
            if older:
                shown = older[:5] + (["…"] if len(older) > 5 else [])
                params = {"file": name, "n": len(older), "examples": shown}
                result.notes.append(("roster_kept_newer", params))
            continue
        mine = batches if tname == S.REVIEWS.name else None  # stored as review_rows
        if mine is not None:
            frame = rows_of(con, frame, mine)
        if tname == S.OUTCOMES.name:
            covers = {f for p in prepared for f in p.covers}
            frame = keep_uncovered(con, frame, covers, result.notes, name)
        deleted, changed = replace_frame(con, TABLE_BY_NAME[tname], frame, mine, said)
        result.loaded[tname] = result.loaded.get(tname, 0) + frame.height
        result.replaced += deleted
        result.changed += changed
    if rater_names is not None:  # after the roster: its names win, said (brief names30)
        result.warnings.extend(roster_differs(con, rater_names, name))
        store_rater_names(con, rater_names, import_id)
    for raw, prep in zip(tables, prepared):
        if prep.quarantine.height:
            q = prep.quarantine.with_columns(
                pl.lit(import_id).alias("import_id"),
                pl.lit(f"{name}[{raw.sheet}]" if raw.sheet else name).alias("file"),
            )
            _store_quarantine(con, q)
        store_scales(con, prep.scales, import_id)
        store_source_rows(con, source_rows(raw, prep, import_id))
        result.quarantined += prep.quarantine.height
        result.quarantined_rows += prep.quarantine.get_column("row_number").n_unique()
        result.rows_read += prep.rows_read
        result.notes.extend(_of_sheet(prep.notes, raw, tables))
        result.warnings.extend(_of_sheet(prep.warnings, raw, tables))
