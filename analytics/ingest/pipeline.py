"""Import evaluation exports into DuckDB: the drivers.

Per file: :func:`~analytics.ingest.sources.read_source` (text columns, user row numbers) ->
:func:`~analytics.ingest.detect.detect` (which canonical fields, which shape, which tables) ->
:func:`~analytics.ingest.months.cycles_from_months` and :func:`~analytics.ingest.ids.settle_ids`
-> :func:`~analytics.ingest.prepare.prepare` (pure Polars: melt wide to long, normalise scores,
collect row problems into a quarantine frame) -> :func:`~analytics.ingest.write.write_tables`
(one DuckDB transaction: upsert, log, quarantine, version bump). A clean long CSV/Parquet
export takes the DuckDB-native fast path (:mod:`analytics.ingest.fastload`) instead.

Re-importing identical content (same SHA-256) with no import since is a no-op. A later file
replaces what it covers (:func:`~analytics.ingest.replace.replace_keys`): the stored ratings of
each (cycle, employee, rater role, dimension) it holds, so self and manager exports of one cycle
add up and a corrected file replaces its own ratings (a stored rating of a covered key whose
rater the file lacks is removed, with a warning); outcomes field by field; KPIs per (cycle,
employee, period). Mode "add" replaces only the very same rows. An earlier export imported
again after a correction restores it, unless it would change nothing. The sheets of one
workbook add up; replacement applies between files. Ids are normalised against the stored ones
(:mod:`analytics.ingest.ids`) before validation.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest import fastload
from analytics.ingest.detect import RESULTS_ONLY_WARNINGS, Detection, detect, rater_warning_once
from analytics.ingest.ids import id_facts, ids_need_plan, save_id_facts, settle_ids, split_id_doubts
from analytics.ingest.managers import known_managers, roles_may_be_inferred
from analytics.ingest.mapping import Mapping
from analytics.ingest.months import cycles_from_months
from analytics.ingest.prepare import prepare, undated
from analytics.ingest.problems import Notice
from analytics.ingest.readers import FORMATS, ROW, RawTable, file_sha256, sample_table, utf8_copy
from analytics.ingest.replace import Said, replace_from
from analytics.ingest.result import ImportResult
from analytics.ingest.scalebook import odd_dimension_scales, read_scale_book, store_scales
from analytics.ingest.scales import ScaleBook, declared_scale, resolve_scale, scale_name, time_order
from analytics.ingest.sources import read_source
from analytics.ingest.write import insert_frame, upsert_cycles, write_tables
from analytics.store import db
from analytics.store.batches import Batches
from analytics.store.orgchart import save_department_moves
from analytics.store.removal import DELETED
from analytics.store.settings import write_role_weights
from analytics.text.messages import ImportRejected, render

__all__ = ["Progress", "import_file", "import_files"]


Progress = Callable[[float, str], None]


#: tables of a person's attributes: not counted as the rows an import loaded
_ATTRIBUTES = ("employees", S.PERSON_GROUPS.name)


def _params_json(params: dict) -> str:
    """A message's parameters as stored beside its code (worded again in the reader's
    language when shown)."""
    return json.dumps(params, ensure_ascii=False, default=str)


def _log(con: duckdb.DuckDBPyConnection, row: dict) -> None:
    insert_frame(con, S.IMPORTS, pl.DataFrame([row], schema=S.IMPORTS.columns))


def _import_sha(path: Path, sheet: str | None, mapping: Mapping | None) -> str:
    """The file's content hash; the same bytes read with another sheet or mapping are a
    different import, so those are hashed in too. Empty for a file that does not exist."""
    sha = file_sha256(path) if path.exists() else ""
    if sha and (sheet or (mapping and mapping != Mapping())):
        extra = json.dumps(
            [sheet, mapping.__dict__ if mapping else None], sort_keys=True, ensure_ascii=False
        )
        sha += "#" + hashlib.sha256(extra.encode()).hexdigest()[:16]
    return sha


def _duplicate_of(con: duckdb.DuckDBPyConnection, sha: str, name: str) -> ImportResult | None:
    """The result of a file already loaded with these bytes (and sheet and mapping), or None."""
    if not sha:
        return None
    prior = (
        con.cursor()
        .execute(
            f"SELECT import_id, finished_at FROM {db.q(S.IMPORTS.name)} "
            "WHERE sha256 = $h AND status = 'loaded' ORDER BY finished_at DESC LIMIT 1",
            {"h": sha},
        )
        .fetchall()
    )
    if not prior:
        return None
    return ImportResult(
        name,
        prior[0][0],
        "duplicate",
        message_code="duplicate_import",
        message_params={"file": name, "import_id": prior[0][0], "when": str(prior[0][1])[:19]},
    )


class _NoChange(Exception):
    """A file imported before, imported again, would change nothing: roll back."""


def _changed_since(con: duckdb.DuckDBPyConnection, import_id: str) -> bool:
    """True when a file was loaded after this import (an earlier file may then restore), also
    one deleted since: its rows went, and the rows of this import it had replaced did not
    come back (helper B, session 44: the original file, imported again to restore them, was
    answered "already imported, nothing changed")."""
    t = db.q(S.IMPORTS.name)
    return con.execute(
        f"SELECT EXISTS (SELECT 1 FROM {t} WHERE status IN ('loaded', $deleted) AND "
        f"finished_at > (SELECT max(finished_at) FROM {t} WHERE import_id = $id))",
        {"id": import_id, "deleted": DELETED},
    ).fetchall()[0][0]


def _unchanged(prior: ImportResult) -> ImportResult:
    prior.message_code = "unchanged_import"
    return prior


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    mapping: Mapping | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    lang: str = "zh",
    display_name: str | None = None,
) -> ImportResult:
    """Import one file atomically. Raises :class:`ImportRejected` for a refused file (after
    logging it); returns the result for loaded and duplicate files. The mapping's
    ``role_weights`` become the dataset's (a note says so when they change)."""
    result = _import_file(con, path, mapping, sheet, progress, lang, display_name)
    weights = mapping.role_weights if mapping is not None else None
    if weights is not None and write_role_weights(con, weights):
        result.notes.append(
            (
                "role_weights_set",
                {
                    "file": result.file,
                    **{
                        ("self_weight" if role == "self" else role): w
                        for role, w in weights.items()
                    },
                },
            )
        )
    return result


def detect_sheets(
    tables: list[RawTable], mapping: Mapping, lang: str
) -> tuple[list[RawTable], list[Detection], list[Notice]]:
    """Each table's detection; in a workbook, a sheet refused as it is read (no cycle column,
    say) is left out with a warning naming it and why, and the other sheets still load. A
    file whose every table is refused is refused (the first table's reason)."""
    kept: list[tuple[RawTable, Detection]] = []
    refused: list[tuple[RawTable, ImportRejected]] = []
    for t in tables:
        try:
            kept.append((t, detect(t, mapping)))
        except ImportRejected as exc:
            refused.append((t, exc))
    if refused and (not kept or len(tables) == 1):
        raise refused[0][1]
    rater_warning_once([d for _, d in kept])
    said = [
        ("sheet_not_imported", {"file": t.file, "sheet": t.sheet, "reason": exc.message(lang)})
        for t, exc in refused
    ]
    return [t for t, _ in kept], [d for _, d in kept], said


def _import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    mapping: Mapping | None,
    sheet: str | None,
    progress: Progress | None,
    lang: str,
    display_name: str | None,
) -> ImportResult:
    """:func:`import_file` without the settings."""
    path = Path(path)
    name = display_name or path.name
    step = progress or (lambda _f, _s: None)
    started = datetime.now()
    step(0.0, "read")
    sha = _import_sha(path, sheet, mapping)
    prior = _duplicate_of(con, sha, name)
    if prior is not None and not _changed_since(con, prior.import_id):
        step(1.0, "done")
        return prior
    import_id = uuid.uuid4().hex[:12]
    try:
        fast = _import_fast(
            con, path, name, sha, import_id, mapping, sheet, started, lang, step, replay=prior
        )
    except _NoChange:
        assert prior is not None
        return _unchanged(prior)
    if fast is not None:
        return fast
    mapping = mapping or Mapping()
    try:
        tables = read_source(path, mapping, name, sheet)
        step(0.25, "detect")
        tables, detections, skipped = detect_sheets(tables, mapping, lang)
        _rater_warning_if_no_ratings(con, detections)
        tables, detections, month_warnings = cycles_from_months(con, tables, detections, lang)
        plan, stored_ids, facts = settle_ids(con, name, tables, detections, mapping.same_ids)
        step(0.4, "validate")
        book = read_scale_book(con)
        managers = known_managers(con) if roles_may_be_inferred(detections) else None
        prepared = []
        for t, d in zip(tables, detections):
            prepared.append(prepare(t, d, mapping, lang, book, managers))
    except ImportRejected as exc:
        _log_rejected(con, exc, import_id, name, sha, path, started, lang)
        raise
    notes, doubts = split_id_doubts(plan.notes)
    result = ImportResult(name, import_id, "loaded", detections=detections, notes=notes)
    result.warnings.extend([*skipped, *month_warnings, *doubts])
    step(0.7, "write")
    try:
        with db.transaction(con):
            write_tables(con, import_id, name, tables, prepared, result, mapping.mode, lang)
            if prior is not None and result.changed == 0:
                raise _NoChange
            save_id_facts(con, facts, stored_ids)
            _finish_general(con, result, name, sha, tables, detections, started, lang)
    except _NoChange:
        assert prior is not None
        return _unchanged(prior)
    if prior is not None:
        result.notes.append(("restored", {"file": name, "when": prior.message_params["when"]}))
    result.message_code, result.message_params = _done(result, name)
    step(1.0, "done")
    return result


def _done(result: ImportResult, name: str) -> tuple[str, dict]:
    """What the import did, as a message code and its parameters: the rows it loaded,
    replaced and quarantined; for a file of roster only, the people it updated (how many new,
    how many changed department or level)."""
    loaded_rows = sum(v for k, v in result.loaded.items() if k not in _ATTRIBUTES)
    quarantine = {"quarantined": result.quarantined_rows, "cells": result.quarantined}
    if loaded_rows == 0 and result.roster:
        return "roster_done", {"file": name, **result.roster, **quarantine}
    return "import_done", {
        "file": name,
        "loaded": loaded_rows,
        "replaced": result.replaced,
        **quarantine,
    }


def _log_rejected(
    con: duckdb.DuckDBPyConnection,
    exc: ImportRejected,
    import_id: str,
    name: str,
    sha: str,
    path: Path,
    started: datetime,
    lang: str,
) -> None:
    """Log a file the general path refused, with the reason in its code and parameters."""
    _log(
        con,
        {
            "import_id": import_id,
            "file": name,
            "sha256": sha,
            "format": path.suffix.lstrip("."),
            "started_at": started,
            "finished_at": datetime.now(),
            "status": "rejected",
            "message": exc.message(lang),
            "message_code": exc.code,
            "message_params": _params_json(exc.params),
            "rows_read": 0,
            "rows_loaded": 0,
            "rows_quarantined": 0,
            "rows_replaced": 0,
        },
    )


def _finish_general(
    con: duckdb.DuckDBPyConnection,
    result: ImportResult,
    name: str,
    sha: str,
    tables: list[RawTable],
    detections: list[Detection],
    started: datetime,
    lang: str,
) -> None:
    """Log the general path's import and bump the data version (inside its transaction)."""
    import_id = result.import_id
    save_department_moves(con, import_id, result.warnings)  # for the pages' notes (rev22)
    code, done = _done(result, name)
    _log(
        con,
        {
            "import_id": import_id,
            "file": name,
            "sha256": sha,
            "format": tables[0].format,
            "shape": ",".join(dict.fromkeys(d.shape for d in detections)),  # each once
            "started_at": started,
            "finished_at": datetime.now(),
            "rows_read": result.rows_read,
            # a roster alone: the people it wrote (rev22: "0 rows" said nothing)
            "rows_loaded": done.get("loaded", done.get("people")),
            "rows_quarantined": result.quarantined_rows,
            "cells_quarantined": result.quarantined,
            "rows_replaced": result.replaced,
            "status": "loaded",
            "message": render(code, lang, **done),
            "message_code": code,
            "message_params": _params_json(done),
        },
    )
    db.bump_version(con)


def _rater_warning_if_no_ratings(
    con: duckdb.DuckDBPyConnection, detections: list[Detection]
) -> None:
    """Drop the "no rater column: rater analyses will be unavailable" warning of a results
    table when the dataset already holds ratings with raters (the demo's results workbook after
    its 360-degree file): the analyses are available from those, and a warning on every demo
    import would teach users to ignore warnings."""
    if not any(w[0] in RESULTS_ONLY_WARNINGS for d in detections for w in d.warnings):
        return
    has = con.execute(
        f"SELECT EXISTS (SELECT 1 FROM {db.q(S.REVIEWS.name)} WHERE rater_id IS NOT NULL)"
    ).fetchone()
    if has and has[0]:
        for d in detections:
            d.warnings[:] = [w for w in d.warnings if w[0] not in RESULTS_ONLY_WARNINGS]


def _import_fast(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    sha: str,
    import_id: str,
    mapping: Mapping | None,
    sheet: str | None,
    started: datetime,
    lang: str,
    step: Progress,
    encoding: str | None = None,
    replay: ImportResult | None = None,
) -> ImportResult | None:
    """Import a clean long CSV/Parquet export inside DuckDB (:mod:`analytics.ingest.fastload`).

    Returns None (and changes nothing) whenever the file needs the general path: another
    shape or format, a declared scale, or any row the general path would quarantine. A GBK or
    BOM CSV is first copied to UTF-8 in chunks, since DuckDB reads UTF-8 only. A CSV is loaded
    first with what sampled rows say and checked on the loaded rows (``_load_guessed``: one
    parse); when those cannot tell, the file is profiled, then loaded (``_load_profiled``).
    """
    mapping = mapping or Mapping()
    if (
        sheet is not None
        or _declares_grades(mapping)
        or mapping.dimensions
        or mapping.header_row
        or mapping.encoding
        or mapping.same_ids
        or not path.exists()
    ):
        return None
    if encoding is None and FORMATS.get(path.suffix.lower()) == "csv":
        with tempfile.TemporaryDirectory(prefix="perflens-") as tmp:
            copy = utf8_copy(path, Path(tmp))
            if copy is not None:
                return _import_fast(
                    con,
                    copy[0],
                    name,
                    sha,
                    import_id,
                    mapping,
                    sheet,
                    started,
                    lang,
                    step,
                    encoding=copy[1],
                    replay=replay,
                )
    found = _fast_sample(con, path, name, mapping, encoding)
    if found is None:
        return None
    sample, det, source = found
    step(0.25, "validate")
    log = _FastLog(
        name,
        sha,
        import_id,
        started,
        lang,
        sample.format,
        det,
        read_scale_book(con),
        replay,
        declared=mapping.scales,
        mode=mapping.mode,
    )
    return _fast_load(con, path, sample, source, mapping, log, step)


def _fast_sample(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, mapping: Mapping, encoding: str | None
) -> tuple[RawTable, Detection, fastload.FastSource] | None:
    """The sampled rows of a file the fast path may take, their detection and the DuckDB
    source reading it; None when the file needs the general path (not a long reviews table,
    or detection refuses it: the general path then says why with the full file)."""
    sample = sample_table(path)
    if sample is None or sample.frame.height == 0:
        return None
    sample.file = name
    sample.encoding = encoding or sample.encoding
    try:
        det = detect(sample, mapping)
    except ImportRejected:
        return None  # the general path rejects it with the full file's context
    if det.shape != "long" or det.tables != ["reviews"]:
        return None
    source = fastload.source_for(con, path, sample.format, sample.separator, det.mapping)
    if source is None:
        return None
    return sample, det, source


def _fast_load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    sample: RawTable,
    source: fastload.FastSource,
    mapping: Mapping,
    log: _FastLog,
    step: Progress,
) -> ImportResult | None:
    """Load a file the fast path took: a CSV first as its sampled rows say (``_load_guessed``),
    then, when those cannot tell, profiled and loaded (``_load_profiled``); None when the file
    needs the general path after all (nothing changed)."""
    det = log.det
    cycle_col = next(c for c, f in det.mapping.items() if f == "cycle")
    first_labels = (
        sample.frame.get_column(cycle_col).drop_nulls().unique(maintain_order=True).to_list()
    )
    roles = fastload.roles_with(mapping.roles)
    if sample.format == "csv":
        frames = [
            sample.frame,
            *fastload.csv_spots(
                path, sample.separator or ",", [c for c in sample.frame.columns if c != ROW]
            ),
        ]
        plan = fastload.guess(source, frames, det.mapping, roles)
        step(0.3, "write")
        done = _commit_fast(con, log, lambda: _load_guessed(con, plan, log, roles, first_labels))
        if done != fastload.EXACT:
            return done if isinstance(done, ImportResult) else None
    plan = fastload.profile(con, source, roles, first_labels)
    if plan is None or not _book_agrees(log, plan.scales, plan.dists):
        return None
    step(0.6, "write")
    done = _commit_fast(con, log, lambda: _load_profiled(con, plan, log))
    return done if isinstance(done, ImportResult) else None
    plan = fastload.profile(con, source, roles, first_labels)
    if plan is None or not _book_agrees(log, plan.scales, plan.dists):
        return None
    step(0.6, "write")
    done = _commit_fast(con, log, lambda: _load_profiled(con, plan, log))
    return done if isinstance(done, ImportResult) else None


@dataclass
class _FastLog:
    """What the fast path's import log and result say besides the counts."""

    name: str
    sha: str
    import_id: str
    started: datetime
    lang: str
    format: str
    det: Detection
    book: ScaleBook
    replay: ImportResult | None = None  # the same file's earlier import, when imported again
    warnings: list[Notice] = field(default_factory=list)
    declared: dict = field(default_factory=dict)  # the mapping's ``scales``
    mode: str = "replace"  # the mapping's ``mode``
    notes: list[Notice] = field(default_factory=list)  # what the import replaced

    @property
    def said(self) -> Said:
        """Where the replacement says what it did (the warnings and notes of this log)."""
        return Said(self.name, self.mode, self.warnings, self.notes)


def _declares_grades(mapping: Mapping) -> bool:
    """True when the mapping declares a grade scale (only the general path reads grades)."""
    texts = [
        v for s in mapping.scales.values() for v in (s.values() if isinstance(s, dict) else [s])
    ]
    return any(t.startswith("grade:") for t in texts)


def _book_agrees(
    log: _FastLog,
    scales: dict[tuple[str, str], tuple[float, float]],
    dists: dict[tuple[str, str], list[tuple[float, int]]],
) -> bool:
    """True when the general path would read every (cycle, dimension) on the scale the fast
    path detected (the same rule, ``resolve_scale``, on the same numbers and counts, with the
    scales the database keeps): then the fast path may load the file. Records the choices and
    their warnings for the report."""
    choices = []
    book = copy.deepcopy(log.book)  # this file's own cycles are added as they are resolved
    for (cid, dim), sc in sorted(scales.items(), key=lambda kv: time_order(*kv[0])):
        declared = declared_scale(log.declared, dim, cid)
        try:
            choice = resolve_scale("rating", cid, dim, dists[(cid, dim)], book, declared, log.name)
        except ImportRejected:
            return False
        if choice.scale != scale_name(sc):
            return False
        book.add("rating", cid, dim, choice.scale, stored=False)
        choices.append(choice)
    log.det.scales = choices
    # the detection's warnings (columns not imported) as the general path says them
    odd = odd_dimension_scales(log.det, choices, log.name, log.lang)
    log.warnings = [*log.det.warnings, *odd]
    return True


class _NotClean(Exception):
    """The DuckDB-native path met something only the general path (or its exact load) handles."""

    def __init__(self, verdict: str = fastload.GENERAL) -> None:
        super().__init__(verdict)
        self.verdict = verdict


def _commit_fast(
    con: duckdb.DuckDBPyConnection, log: _FastLog, write: Callable[[], tuple[int, int, int]]
) -> ImportResult | str:
    """Run ``write`` (-> rows, replaced, changed) with the log and version bump in one
    transaction: the result, or the verdict (``fastload.GENERAL``/``EXACT``) after a rollback.
    A statement DuckDB refuses sends the file the general way: the guessed load neither casts
    strictly nor fails on unseen values, so only reading the file can fail (a malformed CSV),
    and profiling it would fail the same way."""
    log.notes.clear()  # of an attempt rolled back
    try:
        with db.transaction(con):
            rows, replaced, changed = write()
            if log.replay is not None and changed == 0:
                raise _NoChange
            done = {
                "file": log.name,
                "loaded": rows,
                "replaced": replaced,
                "quarantined": 0,
                "cells": 0,
            }
            _log(
                con,
                {
                    "import_id": log.import_id,
                    "file": log.name,
                    "sha256": log.sha,
                    "format": log.format,
                    "shape": log.det.shape,
                    "started_at": log.started,
                    "finished_at": datetime.now(),
                    "rows_read": rows,
                    "rows_loaded": rows,
                    "rows_quarantined": 0,
                    "cells_quarantined": 0,
                    "rows_replaced": replaced,
                    "status": "loaded",
                    "message": render("import_done", log.lang, **done),
                    "message_code": "import_done",
                    "message_params": _params_json(done),
                },
            )
            db.bump_version(con)
    except _NotClean as exc:
        con.execute("DROP TABLE IF EXISTS _fast")
        return exc.verdict
    except duckdb.Error:
        con.execute("DROP TABLE IF EXISTS _fast")
        return fastload.GENERAL
    log.det.n_rows = rows
    notes = list(log.notes)
    if log.replay is not None:
        notes.append(("restored", {"file": log.name, "when": log.replay.message_params["when"]}))
    return ImportResult(
        log.name,
        log.import_id,
        "loaded",
        rows_read=rows,
        loaded={"reviews": rows},
        replaced=replaced,
        changed=changed,
        detections=[log.det],
        warnings=list(log.warnings),
        message_code="import_done",
        message_params={
            "file": log.name,
            "loaded": rows,
            "replaced": replaced,
            "quarantined": 0,
            "cells": 0,
        },
        notes=notes,
    )


def _load_guessed(
    con: duckdb.DuckDBPyConnection,
    plan: fastload.FastPlan,
    log: _FastLog,
    roles: dict[str, str],
    first_labels: list[str],
) -> tuple[int, int, int]:
    """Load the file into ``review_rows`` as ``fastload.guess`` planned, check and mend the loaded
    rows, then replace what they supersede: (rows, replaced, changed).

    Why in place: the rows are read from the file once, and the checks (profile, duplicates,
    ids) read only the loaded columns of this import's rows. Rows of stored cycles are only
    looked for once the loaded cycles are known; they are replaced key by key as before.
    """
    import_id = log.import_id
    store, batches = db.q(S.REVIEW_ROWS.name), Batches(import_id)
    fastload.load(con, plan, batches, store)
    loaded = fastload.check_loaded(con, plan, batches, roles, first_labels)
    if isinstance(loaded, str):
        raise _NotClean(loaded)
    if not _book_agrees(log, loaded.scales, loaded.dists):
        raise _NotClean
    log.warnings.extend(undated(loaded.cycles, log.name))
    store_scales(con, log.det.scales, import_id)
    fastload.fix_loaded(con, loaded, batches)
    if fastload.has_duplicates(con, store, batches) or not _ids_settled(con, store, batches):
        raise _NotClean
    upsert_cycles(con, loaded.cycles)
    mine = batches.mine()
    ids = [c.cycle_id for c in loaded.cycles]
    if _stored(con, ids, f"NOT ({mine})"):
        replaced, changed = replace_from(
            con,
            S.REVIEW_ROWS,
            f"(SELECT * FROM {store} WHERE {mine})",
            loaded.rows,
            old=f"NOT ({mine})",
            batches=batches,
            said=log.said,
        )
        return loaded.rows, replaced, changed
    return loaded.rows, 0, loaded.rows


def _stored(con: duckdb.DuckDBPyConnection, cycle_ids: list[str], where: str = "TRUE") -> bool:
    """True when ``review_rows`` holds rows (matching ``where``) of any of these cycles."""
    return con.execute(
        f"SELECT EXISTS (SELECT 1 FROM {db.q(S.REVIEW_ROWS.name)} WHERE ({where}) AND "
        "cycle_id IN (SELECT unnest($ids)))",
        {"ids": cycle_ids},
    ).fetchall()[0][0]


def _load_profiled(
    con: duckdb.DuckDBPyConnection, plan: fastload.FastPlan, log: _FastLog
) -> tuple[int, int, int]:
    """Load a file ``fastload.profile`` proved clean: (rows, replaced, changed). A re-export of
    stored cycles is staged, checked, then replaces key by key."""
    store, batches = db.q(S.REVIEW_ROWS.name), Batches(log.import_id)
    store_scales(con, log.det.scales, log.import_id)
    log.warnings.extend(undated(plan.cycles, log.name))
    upsert_cycles(con, plan.cycles)
    if _stored(con, [c.cycle_id for c in plan.cycles]):
        sql = fastload.select_sql(plan, fastload.scale_batches(con, plan, batches))
        con.execute(f"CREATE OR REPLACE TEMP TABLE _fast AS {sql}")
        if fastload.has_duplicates(con, "_fast") or not _ids_settled(con, "_fast"):
            raise _NotClean
        replaced, changed = replace_from(
            con,
            S.REVIEW_ROWS,
            "_fast",
            plan.rows,
            batches=batches,
            said=log.said,
        )
        con.execute("DROP TABLE _fast")
        return plan.rows, replaced, changed
    fastload.load(con, plan, batches, store)
    if fastload.has_duplicates(con, store, batches) or not _ids_settled(con, store, batches):
        raise _NotClean
    return plan.rows, 0, plan.rows


def _ids_settled(
    con: duckdb.DuckDBPyConnection, relation: str, batches: Batches | None = None
) -> bool:
    """True when the fast load's ids are stored as the general path would store them: clean
    text (``fastload.ids_are_clean``) that no id rule changes or lists (``ids_need_plan``).
    One scan of the loaded ids serves both checks; the stored ids' facts then count them."""
    loaded = fastload.loaded_ids(con, relation, batches)
    if not fastload.ids_are_clean(con, relation, batches, ids=loaded):
        return False
    ids = pl.concat([loaded.get_column("employee_id"), loaded.get_column("rater_id")])
    where = "TRUE" if batches is None else f"NOT ({batches.mine()})"
    facts = id_facts(con, where)
    if ids_need_plan(con, ids, facts, where):
        return False
    save_id_facts(con, facts, ids)
    return True


def import_files(
    con: duckdb.DuckDBPyConnection,
    paths: list[str | Path],
    mapping: Mapping | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    lang: str = "zh",
) -> list[ImportResult | ImportRejected]:
    """Import several files, each in its own transaction; a rejected file does not stop the rest."""
    out: list[ImportResult | ImportRejected] = []
    for i, p in enumerate(paths):

        def sub(frac: float, stage: str, i: int = i, name: str = Path(p).name) -> None:
            if progress:
                words = render(f"stage_{stage}", lang)  # read, detect, validate, write, done
                progress((i + frac) / len(paths), render("progress", lang, file=name, stage=words))

        try:
            out.append(import_file(con, p, mapping, sheet, sub, lang))
        except ImportRejected as exc:
            out.append(exc)
    return out
