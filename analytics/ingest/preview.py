"""What an import of a file would do, before it runs: the Data page's preview.

The page lets the user fix a file in place, so the preview works on files the import refuses:
a table whose id column is not recognised still shows its columns and what each is read as,
with the refusal beside it; a file refused for its scale still names the dimension whose
scale the user can declare. The user's choices per column (:func:`mapping_with`) become a
:class:`~analytics.ingest.mapping.Mapping`, the same one the import then runs with, so the
preview and the import agree. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.cycles import parse_cycle
from analytics.ingest.detect import Detection, detect, rater_warning_once
from analytics.ingest.headers import SYNONYMS, map_headers, normalise_header
from analytics.ingest.ids import settle_ids, split_id_doubts
from analytics.ingest.managers import known_managers, roles_may_be_inferred
from analytics.ingest.mapping import Mapping
from analytics.ingest.months import cycles_from_months
from analytics.ingest.people import roster_changes
from analytics.ingest.prepare import Prepared, prepare
from analytics.ingest.problems import Notice
from analytics.ingest.raternames import roster_differs
from analytics.ingest.readers import ROW, RawTable
from analytics.ingest.replace import replace_keys
from analytics.ingest.scalebook import dimension_word, read_scale_book, scale_word
from analytics.ingest.scales import ScaleChoice, file_scales
from analytics.ingest.sheetjoin import join_sheets, sheet_notices
from analytics.ingest.sheets import sheet_conflicts
from analytics.ingest.sources import read_source
from analytics.store import db
from analytics.text.messages import ImportRejected, render

__all__ = [
    "DIMENSION",
    "ENCODINGS",
    "FIELDS",
    "GROUP_COLUMN",
    "KPI_COLUMN",
    "SCALES",
    "FileView",
    "TableView",
    "held_back",
    "mapping_with",
    "scale_table",
    "view_file",
]

DIMENSION = "__dimension__"  # a column read as a rating dimension (one score column each)
KPI_COLUMN = "__kpi__"  # a KPI given one per column (the mapping's ``kpi_columns``)
GROUP_COLUMN = "__group__"  # a group column under any header (the mapping's ``groups``)
#: what a column can be read as on the page: not loaded, a rating dimension, a KPI of its own,
#: a group column, or a field
FIELDS: tuple[str, ...] = ("", DIMENSION, KPI_COLUMN, GROUP_COLUMN, *SYNONYMS)
#: the choices that are no field of ``Mapping.columns``
_NOT_FIELDS = ("", DIMENSION, KPI_COLUMN, GROUP_COLUMN)
#: encodings offered for a text file (automatic detection first, on the page)
ENCODINGS: tuple[str, ...] = (
    "utf-8",
    "gb18030",
    "big5",
    "utf-16",
    "cp1252",
    "latin-1",
    "cp1250",
    "shift_jis",
    "euc-kr",
)
#: scales a dimension can be declared on
SCALES: tuple[str, ...] = (
    "1-5",
    "1-10",
    "0-100",
    "0-5",
    "0-10",
    *(f"grade:{g}" for g in S.GRADE_SCALES),
)
#: a column can be made a dimension (one score column of a wide table) when the table's other
#: columns name a rater and no score or dimension column: the shape a dimension column feeds
_WIDE_NEEDS = frozenset({"rater_id", "rater_role"})
_WIDE_EXCLUDES = frozenset({"score", "dimension"})
#: the refusals whose ``dimension`` parameter names a dimension the user can declare a scale for
SCALE_REFUSALS = ("scale_changed", "scale_conflict", "scale_ambiguous")
#: ... and the refusal whose ``dimensions`` parameter lists several
SCALES_REFUSAL = "scales_changed"
GRADES_REFUSAL = "grade_scale_ambiguous"  # grades of several scales: the page chooses one
#: warnings of data the import would delete: the page imports only once the user confirms
MUST_CONFIRM = ("ratings_will_drop",)


@dataclass
class TableView:
    """One table of the file (a sheet, or the whole CSV) as the page shows it."""

    file: str
    sheet: str | None
    format: str
    encoding: str | None
    header_rows: tuple[int, int]
    notes: list[Notice]
    columns: list[str]  # the source columns, in order
    roles: dict[str, str]  # source column -> field code, DIMENSION, or "" (not loaded)
    options: dict[str, tuple[str, ...]]  # source column -> what it may be read as (FIELDS)
    attributes: list[str]  # numeric columns left out as personal attributes (年龄, 工龄 …)
    detection: Detection | None  # None when the table is refused as it is read now
    problem: ImportRejected | None  # why (no id column, no cycle column …)
    preview: pl.DataFrame  # the first rows
    # what the import will count, known once the table is prepared: data rows (totals rows
    # left out) and the rows it writes (ratings, outcomes …, as "导入 N 行" counts them)
    data_rows: int | None = None
    rows_to_load: int | None = None
    # records of earlier sheets this sheet completes (a 潜力 sheet's potentials): not in
    # ``rows_to_load``, which counts new rows as the import does, but said beside it
    rows_joined: int = 0
    # a table of roster only: what it will do to the stored roster (people, new,
    # departments, levels: ``ingest.people.roster_changes``), said instead of "0 rows"
    roster: dict[str, int] | None = None
    # the cells the import will hold back (file, row_number, column, raw_value, reason: the
    # quarantine's lines, said before the import: rev28a item 9); None before preparing
    held_back: pl.DataFrame | None = None


@dataclass
class FileView:
    """Everything the page shows before an import: the tables, the scales each (cycle,
    dimension) would be read on, the warnings, and how many stored ratings it would drop."""

    tables: list[TableView] = field(default_factory=list)
    problem: ImportRejected | None = None  # the file is refused as it is read now
    scales: list[ScaleChoice] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)  # whose scale the user may declare
    cycles: dict[str, list[str]] = field(default_factory=dict)  # dimension -> the file's cycles
    notes: list[Notice] = field(default_factory=list)  # how the ids will be spelt once stored
    # rater-role values no known word or mapping entry names (上级领导): the user maps them
    unknown_roles: list[str] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        """Nothing refuses the file and one table at least loads: a workbook's refused sheet
        is left out (said on the page and in the import's warnings), never blocking the
        others (``pipeline.detect_sheets``)."""
        if self.problem is not None or not self.tables:
            return False
        fine = [t for t in self.tables if t.problem is None]
        return bool(fine)


def _roles(det: Detection) -> dict[str, str]:
    roles = dict(det.mapping)
    roles |= dict.fromkeys(det.dimension_columns, DIMENSION)
    roles |= dict.fromkeys(det.kpi_columns, KPI_COLUMN)
    roles |= {c: GROUP_COLUMN for c, g in det.group_columns.items() if c == g}  # declared
    roles |= dict.fromkeys([*det.not_dimensions, *det.unmapped, *det.excluded], "")
    return roles


def _options(roles: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """What each column may be read as: every field and "not loaded"; a rating dimension only
    where the import can read the column as one (see ``_WIDE_NEEDS``), or where it is one."""
    out = {}
    for col, role in roles.items():
        others = {r for c, r in roles.items() if c != col and r not in _NOT_FIELDS}
        wide = others & _WIDE_NEEDS and not others & _WIDE_EXCLUDES
        out[col] = FIELDS if wide or role == DIMENSION else _NOT_DIMENSION
    return out


_NOT_DIMENSION = tuple(f for f in FIELDS if f != DIMENSION)


#: tables of a person's attributes (and the names beside rater ids): not counted as rows the
#: import loads
_ATTRIBUTE_TABLES = ("employees", "person_groups", S.RATER_NAMES.name)


def _table_view(raw: RawTable, mapping: Mapping) -> TableView:
    columns = [c for c in raw.frame.columns if c != ROW]
    problem = det = None
    try:
        det = detect(raw, mapping)
        roles = _roles(det)
        attributes = list(det.not_dimensions)
    except ImportRejected as exc:
        problem = exc
        named = {normalise_header(d) for d in mapping.dimensions}
        found, _ = map_headers(columns, mapping.columns)
        roles = {c: found.get(c, "") for c in columns}
        roles |= {c: DIMENSION for c in columns if normalise_header(c) in named}
        roles |= dict.fromkeys(mapping.exclude, "")
        attributes = []
    roles = {c: roles.get(c, "") for c in columns}
    return TableView(
        raw.file,
        raw.sheet,
        raw.format,
        raw.encoding,
        raw.header_rows,
        list(raw.notes),
        columns,
        roles,
        _options(roles),
        attributes,
        det,
        problem,
        raw.frame.head(20).drop(ROW),
    )


def mapping_with(mapping: Mapping, choices: dict[str, str], auto: dict[str, str]) -> Mapping:
    """``mapping`` with the user's choices per source column: a field code is mapped; a
    dimension (:data:`DIMENSION`) or "" (not loaded) where it differs from what the detection
    made of the column once the chosen fields are mapped (``auto``): a field or dimension left
    out, a column made a dimension (also one whose header names a field: 评分). A field chosen
    for a column is taken from the column the detection gave it to (that one is not loaded)."""
    columns = dict(mapping.columns)
    exclude = list(mapping.exclude)
    chosen_dims: list[str] = []
    kpis, groups = list(mapping.kpi_columns), list(mapping.groups)
    for col, role in choices.items():
        was = auto.get(col, "")
        if role in (KPI_COLUMN, GROUP_COLUMN):
            if role != was:  # a KPI or group of its own, whatever its header names
                columns.pop(col, None)
                (kpis if role == KPI_COLUMN else groups).append(col)
        elif role not in ("", DIMENSION):
            columns[col] = role
            for other, had in auto.items():
                if had == role and other != col and other not in choices:
                    columns[other] = ""
        elif role == was:
            continue
        elif role == DIMENSION:
            columns.pop(col, None)  # the column's header may name a field: named, it is not one
            chosen_dims.append(col)
        elif was in (DIMENSION, KPI_COLUMN, GROUP_COLUMN):
            exclude.append(col)
        else:
            columns[col] = ""
    dims = list(mapping.dimensions)
    if chosen_dims:  # named dimensions replace the detected ones: keep those still wanted
        kept = [c for c, r in auto.items() if r == DIMENSION and choices.get(c, r) == DIMENSION]
        dims = list(dict.fromkeys([*dims, *kept, *chosen_dims]))
    return Mapping(
        columns=columns,
        scales=dict(mapping.scales),
        roles=dict(mapping.roles),
        dimensions=dims,
        header_row=mapping.header_row,
        encoding=mapping.encoding,
        exclude=list(dict.fromkeys(exclude)),
        groups=list(dict.fromkeys(groups)),
        kpi_columns=list(dict.fromkeys(kpis)),
        role_weights=mapping.role_weights,
        mode=mapping.mode,
        same_ids=dict(mapping.same_ids),
        sheet_cycles=dict(mapping.sheet_cycles),
    )


def view_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    mapping: Mapping | None = None,
    choices: dict[str, str] | None = None,
    name: str | None = None,
    lang: str = "zh",
) -> tuple[FileView, Mapping]:
    """The preview of importing ``path`` with ``mapping`` (header row, encoding, scales) and the
    user's ``choices`` per column, and the mapping the import must run with to do just that.

    ``con`` may be read-only. A refusal is kept in the view (``problem``), never raised: the page
    shows it beside the controls that fix it."""
    mapping = mapping or Mapping()
    name = name or Path(path).name
    view = FileView()
    try:
        tables = read_source(path, mapping, name)
    except ImportRejected as exc:
        view.problem = exc
        return view, mapping
    # what the detection makes of each column once the user's fields are mapped ...
    fields = {c: r for c, r in (choices or {}).items() if r not in _NOT_FIELDS}
    first = Mapping(**{**mapping.__dict__, "columns": {**mapping.columns, **fields}})
    drafts = [_table_view(raw, first) for raw in tables]
    auto: dict[str, str] = {}
    for tv in drafts:
        auto |= tv.roles
    # ... and with every choice applied: detected again only when that changes the mapping
    # (no choice, or choices the first mapping holds already: the same detection, which
    # reads the table and the mapping alone)
    final = mapping_with(mapping, choices or {}, auto)
    view.tables = drafts if final == first else [_table_view(raw, final) for raw in tables]
    ready = [(raw, tv.detection) for raw, tv in zip(tables, view.tables) if tv.detection]
    rater_warning_once([d for _, d in ready])
    file_cycles = _cycles(ready)
    if ready:  # the ids as the import will spell them (one function for both)
        cur = con.cursor()  # the plan may register a frame: on a cursor of its own
        try:
            plan, _, _ = settle_ids(
                cur, name, [r for r, _ in ready], [d for _, d in ready], final.same_ids
            )
        finally:
            cur.close()
        done, doubts = split_id_doubts(plan.notes)
        view.notes.extend(done)
        view.warnings.extend(doubts)
    book = read_scale_book(con)
    dets = [tv.detection for tv in view.tables if tv.detection]
    managers = known_managers(con) if roles_may_be_inferred(dets) else None
    prepared: list[tuple[RawTable, Prepared]] = []
    views: list[TableView] = []
    for raw, tv in zip(tables, view.tables):
        if tv.detection is None:
            continue
        try:
            (raw,), (det,), months = cycles_from_months(con, [raw], [tv.detection], lang)
            prep = prepare(raw, det, final, lang, book, managers)
            prep.warnings[:0] = months
        except ImportRejected as exc:
            view.problem = exc
            break
        view.scales.extend(prep.scales)
        view.warnings.extend(prep.warnings)
        # the same counts and lines as the import's report: totals rows skipped, placeholders
        tv.notes.extend(prep.notes)
        skipped = sum(p["n"] for c, p in prep.notes if c == "summary_rows_skipped")
        tv.data_rows = tv.detection.n_rows - skipped
        tv.rows_to_load = sum(
            f.height for t, f in prep.frames.items() if t not in _ATTRIBUTE_TABLES
        )
        if tv.rows_to_load == 0 and "employees" in prep.frames:
            tv.roster = roster_changes(con, prep.frames["employees"])
        prepared.append((raw, prep))
        views.append(tv)
    if len(prepared) > 1 and view.problem is None:  # sheets that disagree: said before
        view.warnings.extend(
            sheet_conflicts([r for r, _ in prepared], [p for _, p in prepared], name, lang)
        )
    view.warnings.extend(_names_against_roster(con, [p for _, p in prepared], name))
    for tv, (raw, prep) in zip(views, prepared, strict=True):  # after the sheets' conflicts
        tv.held_back = held_back(prep.quarantine, name, raw.sheet)
    view.unknown_roles = unknown_roles([p for _, p in prepared])
    if len(prepared) > 1:  # each sheet's records the import adds, as the import counts them
        view.warnings.extend(_sheet_shares(views, prepared, name))
    reviews = [p.frames["reviews"] for _, p in prepared if "reviews" in p.frames]
    view.scales = file_scales(view.scales)  # a group of several sheets: listed once
    dims = [c.dimension for c in view.scales if c.kind == "rating"]
    if view.problem is not None and view.problem.code in SCALE_REFUSALS:
        dims.append(str(view.problem.params.get("dimension")))
    if view.problem is not None and view.problem.code in (SCALES_REFUSAL, GRADES_REFUSAL):
        dims.extend(map(str, view.problem.params.get("dimensions", [])))
    view.dimensions = list(dict.fromkeys([*dims, *final.scales]))
    for c in view.scales:
        if c.kind == "rating":
            view.cycles.setdefault(c.dimension, [])
            if c.cycle_id not in view.cycles[c.dimension]:
                view.cycles[c.dimension].append(c.cycle_id)
    for dim in view.dimensions:  # a dimension the file was refused for: the file's cycles
        view.cycles.setdefault(dim, list(file_cycles))
    if view.problem is None and reviews:
        view.warnings.extend(
            _dropped(con, pl.concat(reviews, how="diagonal_relaxed"), name, final.mode)
        )
    return view, final


def _sheet_shares(
    views: list[TableView], prepared: list[tuple[RawTable, Prepared]], name: str
) -> list[Notice]:
    """Each sheet's rows to load as the import counts them (records of an earlier sheet are
    joined, not loaded again) and its lines saying so; returns the warnings of fields two
    sheets give different values."""
    sheets = [raw.sheet or "" for raw, _ in prepared]
    _, shares, differs = join_sheets([p for _, p in prepared], sheets, name)
    for n, (tv, share) in enumerate(zip(views, shares, strict=True)):
        tv.rows_to_load, tv.rows_joined = share.new, share.joined
        tv.notes.extend(sheet_notices(share, n, sheets, name))
        if share.repeated:  # why a sheet adds fewer rows than it has
            tv.notes.append(("sheets_repeat", {"file": name, "n": share.repeated}))
    return differs


def _names_against_roster(
    con: duckdb.DuckDBPyConnection, prepared: list[Prepared], file: str
) -> list[Notice]:
    """The import's warning for rater names the roster spells otherwise, said before it: the
    file's own roster first, then the stored one (``raternames.roster_differs``)."""
    frames = [p.frames for p in prepared]
    names = [f[S.RATER_NAMES.name] for f in frames if S.RATER_NAMES.name in f]
    if not names:
        return []
    roster = [f["employees"].select("employee_id", "name") for f in frames if "employees" in f]
    cur = con.cursor()  # frames are registered: on a cursor of its own (``con`` may be shared)
    try:
        return roster_differs(
            cur,
            pl.concat(names).unique("rater_id", keep="last", maintain_order=True),
            file,
            pl.concat(roster) if roster else None,
        )
    finally:
        cur.close()


def unknown_roles(prepared: list[Prepared]) -> list[str]:
    """The rater-role values of the tables that no known word or mapping entry names
    (上级领导, 跨部门协作), in the order the file holds them: the page maps each in place."""
    values = [
        v
        for prep in prepared
        for v in prep.quarantine.filter(pl.col("reason_code") == "unknown_role")
        .get_column("raw_value")
        .to_list()
    ]
    return list(dict.fromkeys(values))


def held_back(quarantine: pl.DataFrame, file: str, sheet: str | None) -> pl.DataFrame:
    """The quarantine lines of a prepared table as the quarantine shows them after the
    import (the file with its sheet, the row, the column, the value, the reason), in row
    order."""
    where = f"{file}[{sheet}]" if sheet else file
    return quarantine.sort("row_number", maintain_order=True).select(
        pl.lit(where).alias("file"), "row_number", "column", "raw_value", "reason"
    )


def _cycles(tables: list[tuple[RawTable, Detection]]) -> list[str]:
    """The cycle ids of the tables' cycle columns, in the order the file holds them."""
    out: dict[str, None] = {}
    for raw, det in tables:
        for col, fld in det.mapping.items():
            if fld == "cycle":
                labels = raw.frame.get_column(col).drop_nulls().unique(maintain_order=True)
                out |= dict.fromkeys(parse_cycle(lab).cycle_id for lab in labels.to_list())
    return list(out)


def _dropped(
    con: duckdb.DuckDBPyConnection, reviews: pl.DataFrame, file: str, mode: str = "replace"
) -> list[Notice]:
    """The ``ratings_will_drop`` warning: stored ratings of the keys the file covers
    (:func:`~analytics.ingest.replace.replace_keys`: its people × rater roles × dimensions)
    that the file does not hold (the import replaces all of them)."""
    keys = reviews.select(S.REVIEWS.key).unique()
    cover = replace_keys(S.REVIEW_ROWS.name, mode)
    con = con.cursor()  # a registered frame stays on this cursor
    try:
        con.register("_file_ratings", keys.to_arrow())
        rows = db.q(S.REVIEW_ROWS.name)
        same = " AND ".join(f"n.{db.q(k)} IS NOT DISTINCT FROM o.{db.q(k)}" for k in S.REVIEWS.key)
        on = " AND ".join(f"o.{db.q(k)} IS NOT DISTINCT FROM k.{db.q(k)}" for k in cover)
        cols = ", ".join(db.q(k) for k in cover)
        n, people, cycles, names = con.execute(
            f"WITH k AS (SELECT DISTINCT {cols} FROM _file_ratings), "
            f"o AS (SELECT o.* FROM {rows} o JOIN k ON {on} "
            f"WHERE NOT EXISTS (SELECT 1 FROM _file_ratings n WHERE {same})) "
            "SELECT count(*), count(DISTINCT employee_id), count(DISTINCT cycle_id), "
            "list(DISTINCT cycle_id ORDER BY cycle_id) FROM o"
        ).fetchall()[0]
    finally:
        con.close()
    if not n:
        return []
    params = {"file": file, "people": people, "cycles": cycles, "cycle_list": list(names or [])}
    params["dropped"] = n
    return [("ratings_will_drop", params)]


def scale_table(choices: list[ScaleChoice], lang: str) -> pl.DataFrame:
    """One row per (dimension, cycle): the scale it would be read on and how it was chosen,
    worded in ``lang`` (the page's preview of the detected scales)."""
    rows = []
    for c in choices:
        if not c.scale:
            continue
        rows.append(
            (
                dimension_word(c, lang),
                c.cycle_id,
                scale_word(c.scale, lang),
                render(f"scale_source_{c.source}", lang),
            )
        )
    # the final score read from a rating's column (总分) is that column's row once
    rows = list(dict.fromkeys(rows))
    return pl.DataFrame(
        rows, schema=["dimension", "cycle_id", "scale", "scale_source"], orient="row"
    )
