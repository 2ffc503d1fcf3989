"""Preparation (pure Polars): one read table and its detection -> canonical frames plus a
quarantine frame. :func:`prepare` runs the steps shared by every table (totals rows,
placeholders, empty ids and cycles, cycle labels) and hands the rows to one module per table
(:mod:`reviews`, :mod:`outcomes`, :mod:`kpis`, :mod:`people`, :mod:`appeals`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from analytics import schema as S
from analytics.ingest.appeals import appeals_frame
from analytics.ingest.clean import drop_placeholders, summary_rows
from analytics.ingest.cycles import CycleInfo, cycle_date, parse_cycle
from analytics.ingest.detect import Detection
from analytics.ingest.firstlook import first_look
from analytics.ingest.headers import ROLE_SCORE_FIELDS
from analytics.ingest.ids import lost_digits
from analytics.ingest.kpis import (
    GROUP_PREFIX,
    KPI_PREFIX,
    kpis_frame,
    wide_kpis_differ,
    wide_kpis_frame,
)
from analytics.ingest.mapping import Mapping
from analytics.ingest.outcomes import (
    grade_column_line,
    outcome_columns,
    outcomes_frame,
    repeated_records,
)
from analytics.ingest.people import employees_frame, groups_frame
from analytics.ingest.problems import QUARANTINE_SCHEMA, Context, Notice, problem_rows
from analytics.ingest.raternames import rater_names_frame
from analytics.ingest.readers import ROW, RawTable
from analytics.ingest.reviews import reviews_frame
from analytics.ingest.scalebook import odd_dimension_scales
from analytics.ingest.scales import ScaleBook, ScaleChoice, not_rated_expr
from analytics.ingest.typos import near_duplicate_units


@dataclass
class Prepared:
    frames: dict[str, pl.DataFrame]  # table name -> canonical frame (import_id filled later)
    cycles: list[CycleInfo]
    quarantine: pl.DataFrame  # row_number, column, raw_value, reason_code, reason, reason_params
    rows_read: int
    notes: list[Notice] = field(default_factory=list)  # what was read, said once
    warnings: list[Notice] = field(default_factory=list)  # guesses the user must see
    scales: list[ScaleChoice] = field(default_factory=list)
    # the outcome fields the table has a column for: a later file replaces only those
    covers: set[str] = field(default_factory=set)
    # table -> each row's source row (``_row``) and column (``_col``), as the frame's rows
    origins: dict[str, pl.DataFrame] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # canonical field -> source column
    # each loaded outcome's cycle, person and source row (ROW): its original row is kept
    outcome_rows: pl.DataFrame | None = None


def prepare(
    raw: RawTable,
    det: Detection,
    mapping: Mapping | None = None,
    lang: str = "zh",
    book: ScaleBook | None = None,
    managers: pl.DataFrame | None = None,
) -> Prepared:
    """Validate and reshape one table into canonical frames plus a quarantine frame.

    ``book``: the scales the database keeps (:func:`read_scale_book`); without it every scale
    is detected from this table alone. ``managers``: who is known to manage whom
    (:func:`known_managers`), so that a rating without a role by a known manager is one. The steps: canonical columns, rows and cells with no
    data, the fields every row needs, cycle ids, then one frame per table."""
    mapping = mapping or Mapping()
    src_of = {f: c for c, f in det.mapping.items()}  # canonical field -> source column
    notes: list[Notice] = []
    # the reader's guesses (an encoding) and the detection's (a rater read as the manager …)
    warnings: list[Notice] = [*raw.warnings, *det.warnings]
    base = _canonical(raw, det)
    base, screened = first_look(base, det, raw.file, lang, notes, warnings)
    base = _skip_no_data(base, det, src_of, raw.file, notes, warnings)
    base, problems = _required_fields(base, src_of, lang)
    problems.extend(screened)  # Excel error cells
    base, cycles = _cycle_ids(base, src_of, raw.file, warnings)
    warnings.extend(near_duplicate_units(base, src_of, raw.file))  # imported as written
    choices: list[ScaleChoice] = []
    ctx = Context(raw.file, lang, book, warnings, choices, managers=managers)
    frames, covers = _table_frames(base, det, src_of, mapping, ctx, notes, problems)
    for col in det.not_dimensions:
        warnings.append(("not_a_dimension", {"file": raw.file, "column": col}))
    warnings.extend(odd_dimension_scales(det, choices, raw.file, lang))
    notes.extend(ctx.notes)
    det.scales = choices
    # one cell with one reason once: a total (总分) is both the rater's score and the final
    # score, and its 101 was listed twice (rev24a item 6)
    quarantine = pl.concat(
        [p for p in problems if p.height] or [pl.DataFrame(schema=QUARANTINE_SCHEMA)]
    ).unique(["row_number", "column", "raw_value", "reason_code"], maintain_order=True)
    return Prepared(
        frames,
        cycles,
        _with_people(quarantine, base).sort("row_number"),
        raw.frame.height,
        notes,
        warnings,
        choices,
        covers,
        ctx.origins if raw.sheet else {},  # kept for a workbook's sheets only
        src_of,
        _outcome_rows(frames, ctx),
    )


def _outcome_rows(frames: dict[str, pl.DataFrame], ctx: Context) -> pl.DataFrame | None:
    """Each loaded outcome's cycle and person beside its source row (``ROW``)."""
    if "outcomes" not in frames or "outcomes" not in ctx.origins:
        return None
    return pl.concat(
        [
            frames["outcomes"].select("cycle_id", "employee_id"),
            ctx.origins["outcomes"].select(pl.col("_row").alias(ROW)),
        ],
        how="horizontal",
    )


def _canonical(raw: RawTable, det: Detection) -> pl.DataFrame:
    """The table's columns under their canonical names (dimension columns as they are; group
    and wide KPI columns under their prefixes), with the source row number."""
    return raw.frame.select(
        [pl.col(ROW)]
        + [pl.col(c).alias(f) for c, f in det.mapping.items()]
        + [pl.col(c) for c in det.dimension_columns]
        + [pl.col(c).alias(f"{GROUP_PREFIX}{g}") for c, g in det.group_columns.items()]
        + [pl.col(c).alias(f"{KPI_PREFIX}{c}") for c in det.kpi_columns]
    )


def _skip_no_data(
    base: pl.DataFrame,
    det: Detection,
    src_of: dict[str, str],
    file: str,
    notes: list[Notice],
    warnings: list[Notice],
) -> pl.DataFrame:
    """Totals rows dropped and placeholder cells made missing (each said in ``notes``); a
    rating cell that says it was not rated (未评) made missing with a warning."""
    is_summary = summary_rows(base)
    summary = base.filter(is_summary)
    if summary.height:
        first = ("employee_id", "name", "department")  # else the row's first text (合计)
        texts = [c for c, t in base.schema.items() if t == pl.String and c not in first]
        label = pl.coalesce([pl.col(c) for c in (*first, *texts) if c in base.columns])
        shown = [f"{r}:{v}" for r, v in summary.select(ROW, label).head(5).iter_rows()]
        notes.append(
            (
                "summary_rows_skipped",
                {"file": file, "n": summary.height, "rows": shown},
            )
        )
        base = base.filter(~is_summary)
    base, n_placeholders = drop_placeholders(base)
    if n_placeholders:
        notes.append(("placeholders_missing", {"file": file, "n": n_placeholders}))
    rating_cols = [
        c for c in base.columns if c in det.dimension_columns or c in {"score", *ROLE_SCORE_FIELDS}
    ]
    before = base
    base, n_not_rated = drop_placeholders(base, rating_cols, not_rated_expr)
    if n_not_rated:
        cols = [
            src_of.get(c, c) for c in rating_cols if before[c].null_count() != base[c].null_count()
        ]
        warnings.append(("not_rated_missing", {"file": file, "n": n_not_rated, "columns": cols}))
    return base


def _required_fields(
    base: pl.DataFrame, src_of: dict[str, str], lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The rows every table needs: an employee id (one whose digits scientific notation lost
    names nobody, so neither does such a rater id) and, with a cycle column, a cycle; the
    other rows quarantined and dropped."""
    problems: list[pl.DataFrame] = []
    problems.append(
        problem_rows(
            base,
            pl.col("employee_id").is_null(),
            src_of["employee_id"],
            pl.col("employee_id"),
            "empty_employee_id",
            lang,
        )
    )
    ok = pl.col("employee_id").is_not_null()
    # an id whose digits scientific notation lost names nobody: never a made-up employee
    for fld in ("employee_id", "rater_id"):
        if fld not in src_of:
            continue
        texts = base.get_column(fld).cast(pl.String).unique().drop_nulls().to_list()
        lossy = [t for t in texts if lost_digits(t)]
        if lossy:
            bad = ok & pl.col(fld).cast(pl.String).is_in(lossy)
            problems.append(
                problem_rows(base, bad, src_of[fld], pl.col(fld), "id_lost_digits", lang)
            )
            ok = ok & ~bad.fill_null(False)
    if "cycle" in src_of:
        problems.append(
            problem_rows(
                base,
                ok & pl.col("cycle").is_null(),
                src_of["cycle"],
                pl.col("cycle"),
                "empty_cycle",
                lang,
            )
        )
        ok = ok & pl.col("cycle").is_not_null()
    return base.filter(ok), problems


def _cycle_ids(
    base: pl.DataFrame, src_of: dict[str, str], file: str, warnings: list[Notice]
) -> tuple[pl.DataFrame, list[CycleInfo]]:
    """The cycles the labels name (each once, in order of appearance) and the rows with their
    ``cycle_id``; a warning per label that gives no date. No cycle column: none."""
    if "cycle" not in src_of:
        return base, []
    labels = base.get_column("cycle").unique(maintain_order=True).to_list()
    infos = {lab: parse_cycle(lab) for lab in labels}
    seen: dict[str, CycleInfo] = {}
    for info in infos.values():
        seen.setdefault(info.cycle_id, info)
    cycles = list(seen.values())
    warnings.extend(undated(cycles, file))
    for lab, info in infos.items():  # an Excel date in the cycle column: the cycle it was read as
        day = cycle_date(lab) if lab is not None else None
        if day is not None:
            warnings.append(
                (
                    "cycle_from_date",
                    {"file": file, "label": lab, "day": str(day), "cycle": info.cycle_id},
                )
            )
    base = base.with_columns(
        pl.col("cycle")
        .replace_strict({k: v.cycle_id for k, v in infos.items()}, return_dtype=pl.String)
        .alias("cycle_id")
    )
    return base, cycles


def _table_frames(
    base: pl.DataFrame,
    det: Detection,
    src_of: dict[str, str],
    mapping: Mapping,
    ctx: Context,
    notes: list[Notice],
    problems: list[pl.DataFrame],
) -> tuple[dict[str, pl.DataFrame], set[str]]:
    """One canonical frame per table the detection names, from its own module; their
    quarantine records go into ``problems``. Returns the frames and the outcome fields the
    table covers."""
    frames: dict[str, pl.DataFrame] = {}
    # a second record of a person and cycle that differs: out of every table, not only one
    base, repeated = repeated_records(base, det, src_of, ctx)
    problems.extend(repeated)
    if "reviews" in det.tables:
        frames["reviews"], p = reviews_frame(base, det, src_of, mapping, ctx)
        problems.extend(p)
    covers: set[str] = set()
    if "outcomes" in det.tables:
        frames["outcomes"], p = outcomes_frame(base, src_of, mapping, ctx)
        problems.extend(p)
        covers = outcome_columns(base)
        if "grade" in src_of:
            for notice in grade_column_line(frames["outcomes"], src_of["grade"], ctx.file):
                (ctx.warnings if notice[0] == "grade_column_no_scale" else notes).append(notice)
    if "kpi_results" in det.tables:
        parts = []
        if "kpi" in src_of:
            kpi, p = kpis_frame(base, src_of, ctx.lang)
            parts.append(kpi)
            problems.extend(p)
        if det.kpi_columns:
            rates = det.attainment_columns
            kpi, p = wide_kpis_frame(base, det.kpi_columns, ctx.lang, rates)
            ctx.warnings.extend(wide_kpis_differ(base, det.kpi_columns, ctx.file))
            parts.append(kpi)
            problems.extend(p)
            plain = [c for c in det.kpi_columns if c not in rates]
            if plain:
                notes.append(("kpi_columns_kept", {"file": ctx.file, "columns": plain}))
            if rates:  # read otherwise than a rating column would be: a warning
                ctx.warnings.append(("kpi_attainment_kept", {"file": ctx.file, "columns": rates}))
        frames["kpi_results"] = pl.concat(parts)
    if S.PERSON_GROUPS.name in det.tables:
        frames[S.PERSON_GROUPS.name] = groups_frame(base, det)
        kept = [*det.group_columns, *(c for c, f in det.mapping.items() if f in _ALSO_GROUPS)]
        notes.append(("group_columns_kept", {"file": ctx.file, "columns": kept}))
    if "appeals" in det.tables:
        frames["appeals"], p = appeals_frame(base, src_of, ctx)
        problems.extend(p)
    if "employees" in det.tables:
        frames["employees"], p = employees_frame(base, src_of, ctx)
        problems.extend(p)
    names, said = rater_names_frame(base, ctx.file)  # 评价人姓名 beside 评价人工号
    if names.height:
        frames[S.RATER_NAMES.name] = names
    ctx.warnings.extend(said)
    return frames, covers


def undated(cycles: list[CycleInfo], file: str) -> list[Notice]:
    """A warning per cycle whose label gives no date (it sorts after the dated ones)."""
    return [
        (
            "undated_cycle_has_year" if _YEAR_IN.search(i.label) else "undated_cycle",
            {"file": file, "label": i.label},
        )
        for i in cycles
        if i.start is None
    ]


_YEAR_IN = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")  # a label naming its year: other advice


_ALSO_GROUPS = ("location", "level")  # group columns kept in ``employees``


def _with_people(quarantine: pl.DataFrame, base: pl.DataFrame) -> pl.DataFrame:
    """The quarantine records with the person of their row (``employee_id``, null for a row
    with none): who may see a record goes by the person's department (rev30a item 10)."""
    if "employee_id" not in base.columns:
        return quarantine.with_columns(pl.lit(None, pl.String).alias("employee_id"))
    people = base.select(
        pl.col(ROW).alias("row_number"), pl.col("employee_id").cast(pl.String)
    ).unique("row_number")
    return quarantine.join(people, on="row_number", how="left")
