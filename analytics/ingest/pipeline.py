"""Import evaluation exports into DuckDB: detect shape, map headers, validate, load atomically.

Pipeline per file: :func:`readers.read_tables` (text columns, user row numbers) ->
:func:`detect` (which canonical fields, which shape, which tables) -> :func:`prepare` (pure
Polars: melt wide to long, normalise scores, collect row problems into a quarantine frame) ->
:func:`import_file` (one DuckDB transaction: upsert, log, quarantine, version bump).

Re-importing identical content (same SHA-256) with no import since is a no-op. A later file
replaces what it covers (:func:`replace_keys`): the stored ratings of each (cycle, employee, rater
role, dimension) it holds, so self and manager exports of one cycle add up and a corrected file
replaces its own ratings (a stored rating of a covered key whose rater the file lacks is removed,
with a warning); outcomes field by field; KPIs per (cycle, employee, period). Mode "add" replaces
only the very same rows. An earlier export imported again after a correction restores it,
unless it would change nothing. The sheets of one
workbook add up; replacement applies between files. Ids are normalised against the stored ones
(:mod:`analytics.ingest.ids`) before validation.
"""

from __future__ import annotations

import calendar
import copy
import hashlib
import json
import re
import tempfile
import tomllib
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest import cells, fastload, mappingcheck
from analytics.ingest.cycles import CycleInfo, parse_cycle
from analytics.ingest.headers import (
    GROUP_FIELDS,
    ROLE_SCORE_FIELDS,
    SYNONYMS,
    is_kpi_header,
    map_headers,
    normalise_header,
    role_lookup,
)
from analytics.ingest.ids import UNCLEAN, IdPlan, lost_digits, plan_ids
from analytics.ingest.readers import (
    FORMATS,
    ROW,
    RawTable,
    file_sha256,
    read_tables,
    sample_table,
    utf8_copy,
)
from analytics.ingest.scales import (
    ScaleBook,
    ScaleChoice,
    declared_scale,
    file_scales,
    grade_labels,
    normalise_scores,
    not_rated_expr,
    number_expr,
    placeholder_expr,
    resolve_scale,
    scale_name,
    time_order,
)
from analytics.stats.person_score import role_weights
from analytics.store import db
from analytics.store.batches import Batches, drop_unused, rows_of
from analytics.store.settings import write_role_weights
from analytics.text.messages import ImportRejected, render
from analytics.text.render import join_list
from analytics.text.render import render as words

__all__ = [
    "Detection",
    "ImportResult",
    "Mapping",
    "Prepared",
    "detect",
    "detect_file",
    "dimension_word",
    "import_file",
    "import_files",
    "load_mapping",
    "prepare",
    "read_scale_book",
    "read_source",
    "scale_lines",
    "scale_word",
    "set_cycle_order",
    "settle_ids",
]

ROSTER_FIELDS = (
    "name",
    "department",
    "team",
    "job_family",
    "level",
    "manager_id",
    "location",
    "hire_date",
)
APPEAL_FIELDS = (
    "filed_at",
    "reason",
    "status",
    "grade_before",
    "grade_after",
    "outcome",
    "resolver",
    "resolved_at",
)
#: how appeal sheets word an outcome (normalised: NFKC, lower case, no spaces) -> its code
#: (``schema.APPEAL_OUTCOMES``); a status that says nothing of the outcome (已受理) leaves it open
APPEAL_OUTCOME_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("维持", "维持原判", "维持原等级", "驳回", "已驳回", "不予支持", "upheld", "rejected"),
        "upheld",
    ),
    **dict.fromkeys(
        ("改判", "已改判", "已调整", "调整", "支持", "overturned", "changed"), "overturned"
    ),
    **dict.fromkeys(
        ("部分改判", "部分调整", "部分支持", "partially", "partial", "partiallyoverturned"),
        "partially",
    ),
}
APPEAL_OPEN_WORDS = frozenset(
    ("待处理", "处理中", "已受理", "受理中", "未处理", "open", "pending", "inprogress")
)
OUTCOME_FIELDS = ("final_score", "grade", "potential", "calibrated")
Progress = Callable[[float, str], None]


@dataclass
class Mapping:
    """User overrides: header -> field, per-dimension scales, extra role spellings."""

    columns: dict[str, str] = field(default_factory=dict)
    # dimension (or "*", or the final score's column) -> scale, or -> {cycle: scale}
    scales: dict[str, str | dict[str, str]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    dimensions: list[str] = field(default_factory=list)
    header_row: int | None = None  # 1-based row of the header (the top row of a merged one)
    encoding: str | None = None  # of a text file, when detection must not decide
    exclude: list[str] = field(default_factory=list)  # source columns never loaded
    # the person score's weight per rater role (analytics.stats.person_score): kept for the
    # dataset when the import is not refused
    role_weights: dict[str, float] | None = None
    # source columns kept as group attributes (adverse impact), any header: ``[groups] columns``
    groups: list[str] = field(default_factory=list)
    # source columns that are KPIs, one per column (the header is the KPI's name):
    # ``[kpi_columns] columns``
    kpi_columns: list[str] = field(default_factory=list)
    # what a later file replaces (:data:`MODES`): "replace" (the default) replaces what the
    # file covers; "add" replaces only the very same ratings and deletes nothing
    mode: str = "replace"


#: how a file's rows meet the stored ones (``--mode``, the mapping's ``mode``)
MODES = ("replace", "add")

_MAPPING_KEYS = {
    "groups",
    "kpi_columns",
    "columns",
    "scales",
    "roles",
    "dimensions",
    "header_row",
    "encoding",
    "exclude",
    "ignore",  # another spelling of exclude
    "role_weights",
    "mode",
}


def _mapping_role_weights(data: dict, file: str) -> dict[str, float] | None:
    """The mapping's ``role_weights`` checked, keyed by the canonical roles: a source may be
    named as the ratings name it (上级, 同事, 隔级, or the mapping's own ``roles`` spellings).
    None when the mapping sets none; refused (naming the file) when not a table of source =
    weight (>= 0, positive sum), a source is unknown or named twice."""
    weights = data.get("role_weights")
    if weights is None:
        return None
    spellings = role_lookup() | {
        normalise_header(k): v for k, v in data.get("roles", {}).items() if isinstance(v, str)
    }
    out: dict[str, object] = {}
    ok = isinstance(weights, dict) and len(weights) > 0
    for source, value in weights.items() if ok else ():
        role = source if source in S.RATER_ROLES else spellings.get(normalise_header(source))
        if role is None or role in out:
            ok = False
            break
        out[role] = value
    try:
        if ok:
            return role_weights(out)
    except ValueError:
        pass
    raise ImportRejected(
        "mapping_bad_role_weights", file=file, found=weights, roles=list(S.RATER_ROLES)
    )


def load_mapping(path: str | Path | None) -> Mapping:
    """Read a mapping file (JSON or TOML) with optional keys columns, scales, roles, dimensions,
    header_row, encoding."""
    if path is None:
        return Mapping()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (OSError, ValueError) as exc:
        raise mappingcheck.unreadable(path, exc) from exc
    mappingcheck.check(data, path.name)
    unknown = set(data) - _MAPPING_KEYS
    if unknown:
        raise ImportRejected(
            "mapping_unknown_keys",
            file=path.name,
            keys=sorted(unknown),
            known=sorted(_MAPPING_KEYS),
        )
    fields = set(SYNONYMS) | {""}
    bad = [v for v in data.get("columns", {}).values() if (v or "") not in fields]
    if bad:
        raise ImportRejected(
            "mapping_unknown_fields",
            file=path.name,
            fields=bad,
            known=sorted(SYNONYMS),
        )
    header_row = data.get("header_row")
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        raise ImportRejected(
            "bad_mapping", file=path.name, detail=f"header_row = {header_row!r}: 1, 2, 3 …"
        )
    encoding = data.get("encoding")
    if encoding is not None and not isinstance(encoding, str):
        raise ImportRejected("bad_mapping", file=path.name, detail=f"encoding = {encoding!r}")
    mode = data.get("mode", "replace")
    if mode not in MODES:
        raise ImportRejected("mapping_bad_mode", file=path.name, mode=mode, modes=list(MODES))
    weights = _mapping_role_weights(data, path.name)
    return Mapping(
        mode=mode,
        role_weights=weights,
        columns=dict(data.get("columns", {})),
        scales={
            k: (dict(v) if isinstance(v, dict) else v) for k, v in data.get("scales", {}).items()
        },
        roles=dict(data.get("roles", {})),
        dimensions=list(data.get("dimensions", [])),
        header_row=header_row,
        encoding=encoding or None,
        exclude=[*data.get("exclude", []), *data.get("ignore", [])],
        groups=list(data.get("groups", {}).get("columns", [])),
        kpi_columns=list(data.get("kpi_columns", {}).get("columns", [])),
    )


# --------------------------------------------------------------------------------------------
# detection
# --------------------------------------------------------------------------------------------
@dataclass
class Detection:
    """What a table holds and how it will be read: shown to the user before loading."""

    file: str
    sheet: str | None
    format: str
    encoding: str | None
    separator: str | None
    shape: str  # long | wide_dimension | wide_role | kpi | outcomes | appeals | roster
    mapping: dict[str, str]  # source column -> canonical field
    unmapped: list[str]
    dimension_columns: list[str]
    tables: list[str]
    n_rows: int
    header_rows: tuple[int, int] = (1, 1)  # the user's rows holding the header
    # (message code, parameters): header row used, sheets skipped, encoding guessed
    notes: list[tuple[str, dict]] = field(default_factory=list)
    # numeric columns that look like attributes (年龄, 工龄, 出勤天数 …), left out with a warning
    not_dimensions: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # left out by the user (mapping, CLI)
    # the scale each (cycle, dimension) is read on: set by ``prepare`` (full table, database)
    scales: list[ScaleChoice] = field(default_factory=list)
    # source column -> group name (gender, age_band, tenure, or the declared header): kept in
    # ``person_groups``
    group_columns: dict[str, str] = field(default_factory=dict)
    kpi_columns: list[str] = field(default_factory=list)  # one KPI a column, into kpi_results

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _looks_like_scores(series: pl.Series) -> bool:
    vals = series.drop_nulls()
    # NaN, N/A …, 未评, 缺考: missing
    vals = vals.filter(~(placeholder_expr(vals) | not_rated_expr(vals)).fill_null(False))
    if vals.len() == 0:
        return False
    num = vals.to_frame("v").select(number_expr(pl.col("v"))).to_series()  # '4分', '85%'
    grades = {g for labels in S.GRADE_SCALES.values() for g in labels}
    ok = num.is_not_null() | vals.str.to_uppercase().is_in(list(grades))
    # most cells are ratings: the others are quarantined one by one, never the whole column
    return ok.mean() > SCORE_COLUMN_SHARE  # type: ignore[operator]


SCORE_COLUMN_SHARE = 0.5


# numeric columns that are attributes of a person, not ratings: header words (normalised)
_NOT_RATING_ZH = (
    "年龄", "工龄", "司龄", "年资", "出勤", "缺勤", "请假", "加班", "天数", "工资", "薪", "奖金",
    "电话", "手机", "邮编", "序号", "排名", "名次", "人数", "身高", "体重", "工时", "时长",
)  # fmt: skip
_NOT_RATING_EN = frozenset(
    {"age", "tenure", "seniority", "attendance", "absence", "absences", "days", "salary",
     "bonus", "phone", "rank", "ranking", "no", "index", "headcount", "hours", "overtime"}
)  # fmt: skip


def not_a_rating(header: str) -> bool:
    """True for a header naming a person's attribute (年龄, 工龄, 出勤天数, Age …), not a rating."""
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    if any(w in text for w in _NOT_RATING_ZH):
        return True
    return bool(set(re.split(r"[^a-z0-9]+", text)) & _NOT_RATING_EN)


def _excluded(columns: list[str], mapping: Mapping) -> list[str]:
    wanted = {normalise_header(c) for c in mapping.exclude}
    return [c for c in columns if normalise_header(c) in wanted]


def detect(raw: RawTable, mapping: Mapping | None = None) -> Detection:
    """Decide the shape of one table and the tables it feeds; raise for structural problems."""
    mapping = mapping or Mapping()
    everything = [c for c in raw.frame.columns if c != ROW]
    excluded = _excluded(everything, mapping)
    columns = [c for c in everything if c not in excluded]
    col_map, unmapped = map_headers(columns, mapping.columns)
    # a column the user names a dimension is one, even when its header names a field (评分):
    # only the user's own field for it (``columns``) wins over that
    named = {normalise_header(d) for d in mapping.dimensions}
    fixed = {normalise_header(c) for c, f in mapping.columns.items() if f}
    made = [c for c in col_map if normalise_header(c) in named - fixed]
    if made:
        col_map = {c: f for c, f in col_map.items() if c not in made}
        unmapped = [c for c in columns if c in made or c in unmapped]
    fields = set(col_map.values())
    sheet_txt = f" [{raw.sheet}]" if raw.sheet else ""
    if "employee_id" not in fields:
        raise ImportRejected(
            "no_employee_column",
            file=raw.file,
            sheet=sheet_txt,
            expected=" / ".join(SYNONYMS["employee_id"][4:] + SYNONYMS["employee_id"][:1]),
            found=columns,
            row=raw.header_rows[0],
            example=columns[0] if columns else "",
        )
    # 指标名称 is both a KPI name and a rating dimension: with target/actual it is a KPI
    if (
        "dimension" in fields
        and "kpi" not in fields
        and fields & {"target", "actual"}
        and not fields & {"score", "rater_id", "rater_role"}
    ):
        src = next(c for c, f in col_map.items() if f == "dimension")
        col_map[src] = "kpi"
        fields = set(col_map.values())
    # a grade per person × rater × dimension (评价人 / 考核维度 / 考核结果, no score column) is a
    # rating on a grade scale, not the person's final grade repeated on every row
    notes = list(raw.notes)
    if (
        "grade" in fields
        and "score" not in fields
        and "dimension" in fields
        and fields & {"rater_id", "rater_role"}
    ):
        src = next(c for c, f in col_map.items() if f == "grade")
        col_map[src] = "score"
        fields = set(col_map.values())
        notes.append(("grades_as_ratings", {"file": raw.file, "sheet": sheet_txt, "column": src}))
    forced = [
        c
        for c in unmapped
        if normalise_header(c) in {normalise_header(d) for d in mapping.dimensions}
    ]
    groups, kpi_cols = _group_and_kpi_columns(raw, col_map, unmapped, forced, mapping)
    unmapped = [c for c in unmapped if c not in groups and c not in kpi_cols]
    dims: list[str] = []
    role_cols = sorted(fields & set(ROLE_SCORE_FIELDS))
    tables: list[str] = []
    shape = ""
    not_dims: list[str] = []
    if "score" in fields and fields & {"rater_id", "rater_role", "dimension"}:
        shape, tables = "long", ["reviews"]
    elif fields & {"rater_id", "rater_role"} and "score" not in fields:
        numeric = [c for c in unmapped if _looks_like_scores(raw.frame.get_column(c))]
        not_dims = [c for c in numeric if not_a_rating(c) and c not in forced]
        dims = forced or [c for c in numeric if c not in not_dims]
        if dims:
            shape, tables = "wide_dimension", ["reviews"]
    elif role_cols:
        shape, tables = "wide_role", ["reviews"]
    if "kpi" in fields or kpi_cols:
        tables.append("kpi_results")
        shape = shape or "kpi"
    if fields & set(APPEAL_FIELDS):
        tables.append("appeals")
        shape = shape or "appeals"
    if fields & set(OUTCOME_FIELDS) or ("score" in fields and not tables):
        tables.append("outcomes")
        shape = shape or "outcomes"
    if not shape and "cycle" in fields:
        # scores per cycle with nobody named as their rater: loading the people alone would
        # drop every score without a word
        scores = forced or [
            c
            for c in unmapped
            if _looks_like_scores(raw.frame.get_column(c)) and not not_a_rating(c)
        ]
        if scores:
            raise ImportRejected(
                "scores_without_rater", file=raw.file, sheet=sheet_txt, columns=scores
            )
    if fields & set(ROSTER_FIELDS):
        tables.append("employees")
        shape = shape or "roster"
    if groups:
        tables.append(S.PERSON_GROUPS.name)
        shape = shape or "roster"
    if not shape:
        raise ImportRejected("no_data_columns", file=raw.file, sheet=sheet_txt, found=columns)
    attrs = {"employees", S.PERSON_GROUPS.name}
    months_only = set(tables) - attrs == {"kpi_results"} and "period" in fields
    # a KPI file with months and no cycle: the months name the cycle (cycles_from_months)
    if set(tables) - {"employees"} and "cycle" not in fields and not months_only:
        raise ImportRejected(
            "no_cycle_column",
            file=raw.file,
            sheet=sheet_txt,
            expected=" / ".join(SYNONYMS["cycle"][4:] + SYNONYMS["cycle"][:1]),
        )
    return Detection(
        file=raw.file,
        sheet=raw.sheet,
        format=raw.format,
        encoding=raw.encoding,
        separator=raw.separator,
        shape=shape,
        mapping=col_map,
        unmapped=[c for c in unmapped if c not in dims and c not in not_dims],
        dimension_columns=dims,
        tables=tables,
        n_rows=raw.frame.height,
        header_rows=raw.header_rows,
        notes=notes,
        not_dimensions=not_dims,
        excluded=excluded,
        group_columns=groups,
        kpi_columns=kpi_cols,
    )


def _group_and_kpi_columns(
    raw: RawTable,
    col_map: dict[str, str],
    unmapped: list[str],
    forced: list[str],
    mapping: Mapping,
) -> tuple[dict[str, str], list[str]]:
    """The group columns (source -> group name) and the KPI columns of a table: group fields
    by header (性别, 年龄段, 司龄) or declared (``[groups] columns``, named by their header);
    KPIs one per column, declared (``[kpi_columns] columns``) or a numeric column whose header
    names a business result (销售额, new_customers), only in a table with a cycle column."""
    groups = {c: f for c, f in col_map.items() if f in GROUP_FIELDS}
    declared = {normalise_header(c) for c in mapping.groups}
    groups |= {c: c for c in unmapped if normalise_header(c) in declared}
    if "cycle" not in col_map.values():
        return groups, []
    named = {normalise_header(c) for c in mapping.kpi_columns}
    kpis = [
        c
        for c in unmapped
        if c not in groups
        and c not in forced
        and (
            normalise_header(c) in named
            or (is_kpi_header(c) and _mostly_numbers(raw.frame.get_column(c)))
        )
    ]
    return groups, kpis


def _mostly_numbers(series: pl.Series) -> bool:
    """Most filled cells are numbers as the import reads them (1,234.5 and 95% too)."""
    vals = series.cast(pl.String).str.strip_chars().drop_nulls()
    vals = vals.filter(~placeholder_expr(vals).fill_null(False) & (vals != ""))
    if vals.len() == 0:
        return False
    parsed = pl.DataFrame({"v": vals}).select(number_expr(pl.col("v")).is_not_null().mean())
    return bool(parsed.item() > SCORE_COLUMN_SHARE)


def detect_file(
    path: str | Path, mapping: Mapping | None = None, sheet: str | None = None
) -> list[tuple[Detection, pl.DataFrame]]:
    """Detections with a preview (first rows) for every table of a file: the UI's preview."""
    out = []
    for raw in _read(path, sheet, mapping or Mapping()):
        out.append((detect(raw, mapping), raw.frame.head(20).drop(ROW)))
    return out


def _read(path: str | Path, sheet: str | None, mapping: Mapping) -> list[RawTable]:
    return read_tables(path, sheet, mapping.columns, mapping.header_row, mapping.encoding)


def read_source(
    path: str | Path, mapping: Mapping, name: str | None = None, sheet: str | None = None
) -> list[RawTable]:
    """The file's tables as the mapping reads them (header row, encoding), named ``name`` in
    every message (an upload kept under another name on disk); raises ImportRejected."""
    tables = _read(path, sheet, mapping)
    name = name or Path(path).name
    for t in tables:
        t.file = name
        for _code, params in t.notes:
            params["file"] = name
    return tables


# --------------------------------------------------------------------------------------------
# preparation (pure)
# --------------------------------------------------------------------------------------------
Notice = tuple[str, dict]  # (message code, its parameters): a line of the import report


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


_Q_SCHEMA = {
    "row_number": pl.Int64,
    "column": pl.String,
    "raw_value": pl.String,
    "reason_code": pl.String,
    "reason": pl.String,
    "reason_params": pl.String,
}


def _problems(
    frame: pl.DataFrame,
    mask: pl.Expr,
    column: str | pl.Expr,
    value: pl.Expr,
    code: str | pl.Expr,
    lang: str,
    **params: object,
) -> pl.DataFrame:
    """Quarantine records for the rows of ``frame`` where ``mask`` holds."""
    col_expr = pl.lit(column) if isinstance(column, str) else column
    code_expr = pl.lit(code) if isinstance(code, str) else code
    sub = frame.filter(mask)
    if sub.height == 0:
        return pl.DataFrame(schema=_Q_SCHEMA)
    out = sub.select(
        pl.col(ROW).alias("row_number"),
        col_expr.cast(pl.String).alias("column"),
        value.cast(pl.String).alias("raw_value"),
        code_expr.alias("reason_code"),
    )
    codes = out.get_column("reason_code").unique().to_list()
    text = {c: render(c, lang, **params) for c in codes}
    return out.with_columns(
        pl.col("reason_code").replace_strict(text, return_dtype=pl.String).alias("reason"),
        pl.lit(json.dumps(params, ensure_ascii=False, default=str)).alias("reason_params"),
    )


_THOUSANDS_ONLY = r"^[+-]?[1-9]\d{0,2}(,\d{3})+$"  # 1,500: thousands, or 1.5 with a decimal comma
_DECIMAL_COMMA = r"^[+-]?\d*,\d+$"


def _numbers(
    frame: pl.DataFrame, col: str, src: str, lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Column ``col`` as numbers; a cell that is no number is quarantined and left empty (the
    row's other fields load). A decimal comma ('0,4') is read as one; in a column that uses
    decimal commas, '1,500' could be 1.5 or 1500 and is quarantined (``ambiguous_number``)."""
    txt = pl.col(col).cast(pl.String).str.strip_chars()
    thousands_only = txt.str.contains(_THOUSANDS_ONLY)
    decimal_col = bool(
        frame.select((txt.str.contains(_DECIMAL_COMMA) & ~thousands_only).any()).item()
    )
    num = number_expr(txt)
    ambiguous = thousands_only.fill_null(False) & pl.lit(decimal_col)
    bad = pl.col(col).is_not_null() & num.is_null()
    problems = [
        _problems(frame, ambiguous, src, pl.col(col), "ambiguous_number", lang),
        _problems(frame, bad & ~ambiguous, src, pl.col(col), "not_a_number", lang),
    ]
    frame = frame.with_columns(pl.when(ambiguous).then(None).otherwise(num).alias(col))
    return frame, problems


_EXCEL_EPOCH = date(1899, 12, 30)
_YEAR_LAST = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s.*)?$"


def _iso_date(expr: pl.Expr) -> pl.Expr:
    txt = expr.str.strip_chars().str.replace_all(r"[年月/\.]", "-").str.replace_all("日", "")
    return pl.coalesce(
        txt.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        txt.str.to_date("%Y-%m-%-d", strict=False),
        txt.str.to_date("%Y-%-m-%-d", strict=False),
        txt.str.to_date("%Y%m%d", strict=False),
    )


def _dates(
    frame: pl.DataFrame, col: str, src: str, lang: str, file: str
) -> tuple[pl.DataFrame, list[pl.DataFrame], list[Notice]]:
    """Column ``col`` as dates: ISO and Chinese spellings, Excel serial numbers (45123) and
    day/month/year or month/day/year with the year last. The order of the last is read from
    the column (a first part above 12 means day first, a second part above 12 month first);
    when no value tells, month first (US) with a warning. A cell that is no date is
    quarantined (``not_a_date``) and left empty; the row loads."""
    # parsed once per distinct text (a roster repeated on every rating row has few), then
    # mapped back onto the rows
    texts = frame.select(pl.col(col).cast(pl.String).unique().drop_nulls().alias(col))
    parsed_texts, warnings = _parse_dates(texts, col, src, file)
    parsed = (
        pl.col(col)
        .cast(pl.String)
        .replace_strict(
            texts.get_column(col), parsed_texts.get_column(col), default=None, return_dtype=pl.Date
        )
    )
    bad = pl.col(col).is_not_null() & parsed.is_null()
    problems = [_problems(frame, bad, src, pl.col(col), "not_a_date", lang)]
    return frame.with_columns(parsed.alias(col)), problems, warnings


def _parse_dates(
    frame: pl.DataFrame, col: str, src: str, file: str
) -> tuple[pl.DataFrame, list[Notice]]:
    """``frame`` with column ``col`` parsed as :func:`_dates` says (null: no date), and the
    warning when day and month could not be told apart."""
    txt = pl.col(col).cast(pl.String).str.strip_chars()
    serial = txt.cast(pl.Float64, strict=False)
    from_serial = (
        pl.when(serial.is_between(10_000, 80_000) & txt.str.contains(r"^\d{5}(\.\d+)?$"))
        .then(pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial.floor().cast(pl.Int64)))
        .cast(pl.Date)
    )
    a = txt.str.extract(_YEAR_LAST, 1).cast(pl.Int32, strict=False)
    b = txt.str.extract(_YEAR_LAST, 2).cast(pl.Int32, strict=False)
    y = txt.str.extract(_YEAR_LAST, 3).cast(pl.Int32, strict=False)
    day_first = bool(frame.select((a > 12).any()).item())
    month_first = bool(frame.select((b > 12).any()).item())
    warnings: list[Notice] = []
    if not day_first and not month_first and frame.select(a.is_not_null().any()).item():
        warnings.append(("dates_month_first", {"file": file, "column": src}))
    mon, day = (b, a) if day_first and not month_first else (a, b)
    ok_parts = mon.is_between(1, 12) & day.is_between(1, 31)
    parsed = pl.coalesce(
        _iso_date(txt),
        from_serial,
        pl.when(ok_parts & ~pl.lit(day_first and month_first)).then(
            pl.concat_str([y, mon, day], separator="-").str.to_date("%Y-%-m-%-d", strict=False)
        ),
    )
    return frame.with_columns(parsed.alias(col)), warnings


_SUMMARY_EXACT = frozenset(
    {"合计", "总计", "平均", "平均值", "平均分", "小计", "汇总", "总和", "均值",
     "total", "totals", "grandtotal", "subtotal", "average", "avg", "sum", "mean"}
)  # fmt: skip
_SUMMARY_END = ("合计", "总计", "小计", "平均", "平均值", "平均分", "汇总")


def _summary_key(expr: pl.Expr) -> pl.Expr:
    return (
        expr.cast(pl.String)
        .str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"[\s:：_\-\(\)（）]", "")
    )


def _summary_rows(base: pl.DataFrame) -> pl.Expr:
    """True for a totals/average row (合计, 总计, 平均, 小计, Total, Average, Sum) in the id or
    name column (or the department column of a row without id), e.g. 合计, Grand Total; 部门平均 / 华东区小计 too where the row has no id (a
    person named 王平均 has one)."""
    marks = []
    no_id = pl.col("employee_id").is_null()
    for col in ("employee_id", "name", "department"):
        if col in base.columns:
            # the rule runs on the distinct texts (cheap), the rows only test membership
            texts = base.select(pl.col(col).unique().drop_nulls())
            key = _summary_key(pl.col(col))
            ends = pl.any_horizontal([key.str.ends_with(w) for w in _SUMMARY_END])
            tags = texts.select(
                pl.col(col),
                key.is_in(list(_SUMMARY_EXACT)).alias("exact"),
                (ends & (key.str.len_chars() <= 8)).alias("near"),
            )
            exact = tags.filter("exact").get_column(col).implode()
            near = tags.filter("near").get_column(col).implode()
            by_suffix = pl.col(col).is_in(near) & (no_id | pl.lit(col == "employee_id"))
            if col == "department":  # a 合计 label in the department column of an id-less row
                marks.append(no_id & (pl.col(col).is_in(exact) | pl.col(col).is_in(near)))
                continue
            marks.append(pl.col(col).is_in(exact) | by_suffix)
    return pl.any_horizontal(marks).fill_null(False) if marks else pl.lit(False)


# ids, names and labels: never placeholders (a role "-" is an unknown role, not a missing one)
_KEEP_AS_IS = ("employee_id", "rater_id", "name", "rater_role", "dimension", "kpi", ROW)


def _drop_placeholders(
    base: pl.DataFrame, columns: list[str] | None = None, test=placeholder_expr
) -> tuple[pl.DataFrame, int]:
    """Placeholder cells (NaN, N/A, —, 无, -, #N/A, null; or what ``test`` marks) of the value
    columns (or ``columns``) made missing; how many there were. The texts are tested once each,
    the rows by membership."""
    found: dict[str, pl.Series] = {}
    if columns is None:
        columns = [c for c in base.columns if c not in _KEEP_AS_IS]
    for col in columns:
        texts = base.get_column(col).cast(pl.String).unique().drop_nulls()
        hits = texts.filter(test(texts).fill_null(False))
        if hits.len():
            found[col] = hits
    if not found:
        return base, 0
    marks = {c: pl.col(c).cast(pl.String).is_in(h.implode()) for c, h in found.items()}
    n = base.select(pl.sum_horizontal([m.cast(pl.Int64) for m in marks.values()]).sum()).item()
    base = base.with_columns(
        [pl.when(m).then(None).otherwise(pl.col(c)).alias(c) for c, m in marks.items()]
    )
    return base, int(n)


def prepare(
    raw: RawTable,
    det: Detection,
    mapping: Mapping | None = None,
    lang: str = "zh",
    book: ScaleBook | None = None,
) -> Prepared:
    """Validate and reshape one table into canonical frames plus a quarantine frame.

    ``book``: the scales the database keeps (:func:`read_scale_book`); without it every scale
    is detected from this table alone."""
    mapping = mapping or Mapping()
    src_of = {f: c for c, f in det.mapping.items()}  # canonical field -> source column
    base = raw.frame.select(
        [pl.col(ROW)]
        + [pl.col(c).alias(f) for c, f in det.mapping.items()]
        + [pl.col(c) for c in det.dimension_columns]
        + [pl.col(c).alias(f"{_GROUP}{g}") for c, g in det.group_columns.items()]
        + [pl.col(c).alias(f"{_KPI}{c}") for c in det.kpi_columns]
    )
    notes: list[Notice] = []
    warnings: list[Notice] = list(raw.warnings)  # the reader's guesses (an encoding)
    # --- repeated header lines, Excel error cells (analytics.ingest.cells) ------------------
    base, errors, repeats = cells.screen(base, _source_headers(det))
    if repeats:
        notes.append(("header_repeated_skipped", {"file": raw.file, "rows": repeats}))
    if errors.height:
        shown = [f"{r}:{c}={v}" for r, c, v in errors.head(5).iter_rows()]
        notes.append(
            ("excel_errors_quarantined", {"file": raw.file, "n": errors.height, "cells": shown})
        )
    # --- totals rows, placeholders ----------------------------------------------------------
    is_summary = _summary_rows(base)
    summary = base.filter(is_summary)
    if summary.height:
        label = pl.coalesce(
            [pl.col(c) for c in ("employee_id", "name", "department") if c in base.columns]
        )
        shown = [f"{r}:{v}" for r, v in summary.select(ROW, label).head(5).iter_rows()]
        notes.append(
            (
                "summary_rows_skipped",
                {"file": raw.file, "n": summary.height, "rows": shown},
            )
        )
        base = base.filter(~is_summary)
    base, n_placeholders = _drop_placeholders(base)
    if n_placeholders:
        notes.append(("placeholders_missing", {"file": raw.file, "n": n_placeholders}))
    rating_cols = [
        c for c in base.columns if c in det.dimension_columns or c in {"score", *ROLE_SCORE_FIELDS}
    ]
    before = base
    base, n_not_rated = _drop_placeholders(base, rating_cols, not_rated_expr)
    if n_not_rated:
        cols = [
            src_of.get(c, c) for c in rating_cols if before[c].null_count() != base[c].null_count()
        ]
        warnings.append(
            ("not_rated_missing", {"file": raw.file, "n": n_not_rated, "columns": cols})
        )
    problems = [
        _problems(errors, pl.lit(True), pl.col("column"), pl.col("raw"), "excel_error", lang)
    ]
    for f in ("weight", "attainment"):  # '40%' read as 0.4, as a plain 0.4 is
        base, mixed = cells.percent_fraction(base, f)
        if mixed:
            warnings.append(("percent_mixed", {"file": raw.file, "column": src_of[f]}))
    # --- row-level checks shared by every table --------------------------------------------
    problems.append(
        _problems(
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
            problems.append(_problems(base, bad, src_of[fld], pl.col(fld), "id_lost_digits", lang))
            ok = ok & ~bad.fill_null(False)
    cycles: list[CycleInfo] = []
    if "cycle" in src_of:
        problems.append(
            _problems(
                base,
                ok & pl.col("cycle").is_null(),
                src_of["cycle"],
                pl.col("cycle"),
                "empty_cycle",
                lang,
            )
        )
        ok = ok & pl.col("cycle").is_not_null()
    base = base.filter(ok)
    if "cycle" in src_of:
        labels = base.get_column("cycle").unique(maintain_order=True).to_list()
        infos = {lab: parse_cycle(lab) for lab in labels}
        seen: dict[str, CycleInfo] = {}
        for info in infos.values():
            seen.setdefault(info.cycle_id, info)
        cycles = list(seen.values())
        warnings.extend(_undated(cycles, raw.file))
        base = base.with_columns(
            pl.col("cycle")
            .replace_strict({k: v.cycle_id for k, v in infos.items()}, return_dtype=pl.String)
            .alias("cycle_id")
        )
    frames: dict[str, pl.DataFrame] = {}
    choices: list[ScaleChoice] = []
    ctx = _Context(raw.file, lang, book, warnings, choices)
    if "reviews" in det.tables:
        frames["reviews"], p = _reviews(base, det, src_of, mapping, ctx)
        problems.extend(p)
    covers: set[str] = set()
    if "outcomes" in det.tables:
        frames["outcomes"], p = _outcomes(base, src_of, mapping, ctx)
        problems.extend(p)
        covers = _outcome_columns(base)
        if "grade" in src_of:
            for notice in _grade_column_line(frames["outcomes"], src_of["grade"], raw.file):
                (warnings if notice[0] == "grade_column_no_scale" else notes).append(notice)
    if "kpi_results" in det.tables:
        parts = []
        if "kpi" in src_of:
            kpi, p = _kpis(base, src_of, lang)
            parts.append(kpi)
            problems.extend(p)
        if det.kpi_columns:
            kpi, p = _wide_kpis(base, det.kpi_columns, lang)
            parts.append(kpi)
            problems.extend(p)
            notes.append(("kpi_columns_kept", {"file": raw.file, "columns": det.kpi_columns}))
        frames["kpi_results"] = pl.concat(parts)
    if S.PERSON_GROUPS.name in det.tables:
        frames[S.PERSON_GROUPS.name] = _groups(base, det)
        kept = [*det.group_columns, *(c for c, f in det.mapping.items() if f in _ALSO_GROUPS)]
        notes.append(("group_columns_kept", {"file": raw.file, "columns": kept}))
    if "appeals" in det.tables:
        frames["appeals"], p = _appeals(base, src_of, ctx)
        problems.extend(p)
    if "employees" in det.tables:
        frames["employees"], p = _employees(base, src_of, ctx)
        problems.extend(p)
    for col in det.not_dimensions:
        warnings.append(("not_a_dimension", {"file": raw.file, "column": col}))
    warnings.extend(_odd_dimension_scales(det, choices, raw.file, lang))
    notes.extend(ctx.notes)
    det.scales = choices
    quarantine = pl.concat([p for p in problems if p.height] or [pl.DataFrame(schema=_Q_SCHEMA)])
    return Prepared(
        frames,
        cycles,
        quarantine.sort("row_number"),
        raw.frame.height,
        notes,
        warnings,
        choices,
        covers,
        ctx.origins if raw.sheet else {},  # kept for a workbook's sheets only
        src_of,
    )


def _outcome_columns(base: pl.DataFrame) -> set[str]:
    """The outcome columns a table carries (as ``_outcomes`` reads them): the final score
    (or a lone score with no rater), grade, potential, calibrated."""
    out = {f for f in ("grade", "potential", "calibrated") if f in base.columns}
    if "final_score" in base.columns or (
        "score" in base.columns and "rater_id" not in base.columns
    ):
        out |= {"final_score_raw", "final_score"}
    return out


def _grade_column_line(outcomes: pl.DataFrame, column: str, file: str) -> list[Notice]:
    """The grade scale a grade column's labels belong to, said like a score's scale: the one
    holding them all, or every one that does (the grades are stored as written; the scale is
    what the guideline check reads them on); a warning when no known scale holds them."""
    labels = {
        unicodedata.normalize("NFKC", g).strip().upper()
        for g in outcomes.get_column("grade").drop_nulls().unique().to_list()
    }
    fits = [n for n, labs in S.GRADE_SCALES.items() if labels and labels <= set(labs)]
    whole = [n for n in fits if len(S.GRADE_SCALES[n]) == len(labels)]
    fits = whole if len(whole) == 1 else fits
    if not fits:
        if not labels:
            return []
        shown = sorted(outcomes.get_column("grade").drop_nulls().unique().to_list())[:6]
        known = [grade_labels(n) for n in S.GRADE_SCALES]
        return [
            (
                "grade_column_no_scale",
                {"file": file, "column": column, "labels": shown, "known": known},
            )
        ]
    scales = [grade_labels(n) for n in fits]
    return [("grade_column_scale", {"file": file, "column": column, "scales": scales})]


def _undated(cycles: list[CycleInfo], file: str) -> list[Notice]:
    """A warning per cycle whose label gives no date (it sorts after the dated ones)."""
    return [("undated_cycle", {"file": file, "label": i.label}) for i in cycles if i.start is None]


@dataclass
class _Context:
    """What the stages of :func:`prepare` share besides the frame."""

    file: str
    lang: str
    book: ScaleBook | None
    warnings: list[Notice]
    scales: list[ScaleChoice]
    # table -> each row's source row (and, for ratings, source column), in the frame's order
    origins: dict[str, pl.DataFrame] = field(default_factory=dict)
    notes: list[Notice] = field(default_factory=list)


def _source_headers(det: Detection) -> dict[str, str]:
    """Each column of :func:`prepare`'s frame -> the header the file gave it."""
    out = {f: c for c, f in det.mapping.items()} | {c: c for c in det.dimension_columns}
    out |= {f"{_GROUP}{g}": c for c, g in det.group_columns.items()}
    return out | {f"{_KPI}{c}": c for c in det.kpi_columns}


def _odd_dimension_scales(
    det: Detection, choices: list[ScaleChoice], file: str, lang: str
) -> list[Notice]:
    """A warning per dimension column read on another scale than most of the file's dimension
    columns (an attribute such as 出勤天数 read as a competency looks like that), and one per
    dimension whose scale differs from its earlier cycles'."""
    out: list[Notice] = []
    by_dim: dict[str, set[str]] = {}
    for c in choices:
        if c.kind == "rating" and c.scale:
            by_dim.setdefault(c.dimension, set()).add(c.scale)
    if len(det.dimension_columns) > 2:
        counts: dict[str, int] = {}
        for d in det.dimension_columns:
            for sc in by_dim.get(d, ()):
                counts[sc] = counts.get(sc, 0) + 1
        if len(counts) > 1:
            common = max(counts, key=lambda k: counts[k])
            for d in det.dimension_columns:
                odd = sorted(by_dim.get(d, set()) - {common})
                if odd:
                    out.append(
                        (
                            "dimension_odd_scale",
                            {"file": file, "column": d, "scale": odd[0], "common": common},
                        )
                    )
    moved: dict[tuple, list[str]] = {}  # one line per (cycle, scale, other cycle, its scale)
    for c in choices:
        if c.source == "detected" and c.earlier:
            key = (c.cycle_id, c.scale or "", c.earlier_cycle or "", c.earlier)
            moved.setdefault(key, []).append(c.label or dimension_word(c, lang))
    for (cycle, scale, other, earlier), dims in moved.items():
        params = {"file": file, "dimension": dims, "cycle": cycle, "scale": scale}
        out.append(("scale_differs", params | {"other": other, "earlier": earlier}))
    return out


def _long_rows(base: pl.DataFrame, det: Detection, src_of: dict[str, str]) -> pl.DataFrame:
    """Stage 1 of :func:`_reviews`: one row per rating whatever the file's shape (long, one
    column per dimension, one column per rater role), with the source column of each score."""
    keep = [ROW, "cycle_id", "employee_id"] + [
        f
        for f in ("rater_id", "rater_role", "weight", "comment", "submitted_at", "manager_id")
        if f in base.columns
    ]
    if det.shape == "long":
        long = base.select(
            keep + ["score"] + (["dimension"] if "dimension" in base.columns else [])
        )
        long = long.rename({"score": "score_raw"}).with_columns(
            pl.lit(src_of["score"]).alias("_src_col")
        )
        if "dimension" not in long.columns:
            long = long.with_columns(pl.lit(S.OVERALL).alias("dimension"))
        # an empty score (or a placeholder such as NaN) is a missing rating, not a bad one
        long = long.with_columns(pl.col("dimension").fill_null(S.OVERALL)).filter(
            pl.col("score_raw").is_not_null()
        )
    elif det.shape == "wide_dimension":
        long = (
            base.select(keep + det.dimension_columns)
            .unpivot(
                index=keep,
                on=det.dimension_columns,
                variable_name="dimension",
                value_name="score_raw",
            )
            .filter(pl.col("score_raw").is_not_null())
            .with_columns(pl.col("dimension").alias("_src_col"))
        )
    else:  # wide_role
        role_fields = [f for f in ROLE_SCORE_FIELDS if f in base.columns]
        long = (
            base.select(keep + role_fields)
            .unpivot(index=keep, on=role_fields, variable_name="_field", value_name="score_raw")
            .filter(pl.col("score_raw").is_not_null())
        )
        long = long.with_columns(
            pl.col("_field")
            .replace_strict(ROLE_SCORE_FIELDS, return_dtype=pl.String)
            .alias("rater_role"),
            pl.col("_field")
            .replace_strict({f: src_of[f] for f in role_fields}, return_dtype=pl.String)
            .alias("_src_col"),
            pl.lit(S.OVERALL).alias("dimension"),
        )
        mgr = pl.col("manager_id") if "manager_id" in long.columns else pl.lit(None, pl.String)
        long = long.with_columns(
            pl.when(pl.col("rater_role") == "self")
            .then(pl.col("employee_id"))
            .when(pl.col("rater_role") == "manager")
            .then(mgr)
            .otherwise(pl.lit(None, pl.String))
            .alias("rater_id")
        ).drop("_field")
    for col in ("rater_id", "weight", "comment", "submitted_at"):
        if col not in long.columns:
            long = long.with_columns(pl.lit(None, pl.String).alias(col))
    return long


def _rater_roles(
    long: pl.DataFrame, det: Detection, src_of: dict[str, str], mapping: Mapping, lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame], dict[str, int]]:
    """Stage 2: rater roles mapped to the canonical ones (unknown ones quarantined), missing
    ones inferred: self (rater = employee), manager (rater = manager column), else peer; and
    how many ratings got each inferred role (a guess the user must see)."""
    problems: list[pl.DataFrame] = []
    roles = role_lookup() | {normalise_header(k): v for k, v in mapping.roles.items()}
    if "rater_role" in long.columns and det.shape != "wide_role":
        raw_role = pl.col("rater_role")
        keys = {v: normalise_header(v) for v in long.get_column("rater_role").drop_nulls().unique()}
        long = long.with_columns(
            raw_role.replace_strict(
                {k: roles.get(n) for k, n in keys.items()}, default=None, return_dtype=pl.String
            ).alias("_role"),
            raw_role.alias("_role_raw"),
        )
        bad = raw_role.is_not_null() & pl.col("_role").is_null()
        problems.append(_problems(long, bad, src_of["rater_role"], raw_role, "unknown_role", lang))
        long = long.filter(~bad).with_columns(pl.col("_role").alias("rater_role")).drop("_role")
    if "rater_role" not in long.columns:
        long = long.with_columns(pl.lit(None, pl.String).alias("rater_role"))
    # no role given: infer self (rater = employee), manager (rater = manager column) else peer
    mgr = pl.col("manager_id") if "manager_id" in long.columns else pl.lit(None, pl.String)
    guessed = long.get_column("rater_role").is_null()
    long = long.with_columns(
        pl.when(pl.col("rater_role").is_not_null())
        .then(pl.col("rater_role"))
        .when(pl.col("rater_id") == pl.col("employee_id"))
        .then(pl.lit("self"))
        .when(pl.col("rater_id") == mgr)
        .then(pl.lit("manager"))
        .otherwise(pl.lit("peer"))
        .alias("rater_role")
    )
    inferred = long.filter(guessed).get_column("rater_role").value_counts()
    return long, problems, dict(inferred.iter_rows())


def _rater_ids(
    long: pl.DataFrame, det: Detection, src_of: dict[str, str], lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Stage 3: a self rating's rater is the employee; a self rating by someone else, or (in
    files with rater ids) a rating without a rater, is quarantined."""
    problems: list[pl.DataFrame] = []
    long = long.with_columns(
        pl.when((pl.col("rater_role") == "self") & pl.col("rater_id").is_null())
        .then(pl.col("employee_id"))
        .otherwise(pl.col("rater_id"))
        .alias("rater_id")
    )
    rater_src = src_of.get("rater_id", src_of.get("rater_role", src_of["employee_id"]))
    mismatch = (pl.col("rater_role") == "self") & (pl.col("rater_id") != pl.col("employee_id"))
    problems.append(
        _problems(long, mismatch, rater_src, pl.col("rater_id"), "self_rater_mismatch", lang)
    )
    long = long.filter(~mismatch)
    if det.shape != "wide_role":
        # a rating by the employee under another role (上级 …) is no manager rating
        own = (pl.col("rater_role") != "self") & (pl.col("rater_id") == pl.col("employee_id"))
        role_src = src_of.get("rater_role", rater_src)
        said = pl.col("_role_raw") if "_role_raw" in long.columns else pl.col("rater_role")
        problems.append(_problems(long, own, role_src, said, "rater_is_employee", lang))
        long = long.filter(~own.fill_null(False))
        empty = pl.col("rater_id").is_null()
        problems.append(
            _problems(long, empty, rater_src, pl.col("rater_id"), "empty_rater_id", lang)
        )
        long = long.filter(~empty)
    return long, problems


def _scores_and_weights(
    long: pl.DataFrame, src_of: dict[str, str], mapping: Mapping, ctx: _Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Stage 4: scores normalised to 0-1 per cycle and dimension, weights as numbers; a score
    that is not a score or outside its scale is quarantined, that rating only."""
    problems: list[pl.DataFrame] = []
    long, choices = normalise_scores(
        long,
        "score_raw",
        ["cycle_id", "dimension"],
        mapping.scales or None,
        dimension_col="dimension",
        kind="rating",
        book=ctx.book,
        file=ctx.file,
    )
    ctx.scales.extend(choices)
    long = long.with_columns(
        pl.when(pl.col("score").is_null() & pl.col("score_problem").is_null())
        .then(pl.lit("not_a_score"))
        .otherwise(pl.col("score_problem"))
        .alias("score_problem")
    )
    problems.extend(_score_problems(long, pl.col("_src_col"), "score_raw", ctx.lang))
    long = long.filter(pl.col("score_problem").is_null())
    # --- weight ----------------------------------------------------------------------------
    long, p = _numbers(long, "weight", src_of.get("weight", "weight"), ctx.lang)
    problems.extend(p)
    return long, problems


def _score_problems(
    frame: pl.DataFrame, column: str | pl.Expr, raw_col: str, lang: str
) -> list[pl.DataFrame]:
    """Quarantine records of the rows with a ``score_problem``, each reason naming its scale."""
    bad = frame.filter(pl.col("score_problem").is_not_null())
    out = []
    for scale in bad.get_column("scale").unique().to_list():
        sel = pl.col("scale").is_null() if scale is None else pl.col("scale") == scale
        out.append(
            _problems(
                bad,
                sel,
                column,
                pl.col(raw_col),
                pl.col("score_problem"),
                lang,
                scale=scale or "1-5 / 1-10 / 0-100",
            )
        )
    return out


_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$"


def _time_of_day(text: pl.Expr) -> pl.Expr:
    """The time of day a date-and-time cell holds beyond its date: an Excel serial's fraction
    (45580.4375 = 10:30) or a clock at the end (10/13/2024 14:30, 2:30 PM); null when none."""
    t = text.cast(pl.String).str.strip_chars()
    frac = t.cast(pl.Float64, strict=False).mod(1)
    serial = pl.when(t.str.contains(r"^\d{5}\.\d+$")).then(
        pl.duration(seconds=(frac * 86400).round(0).cast(pl.Int64))
    )
    hour = t.str.extract(_CLOCK, 1).cast(pl.Int64, strict=False)
    half = t.str.extract(_CLOCK, 4).str.to_lowercase()
    hour = (
        pl.when(half == "pm")
        .then(hour % 12 + 12)
        .when(half == "am")
        .then(hour % 12)
        .otherwise(hour)
    )
    clock = pl.when(hour.is_between(0, 23)).then(
        pl.duration(
            hours=hour,
            minutes=t.str.extract(_CLOCK, 2).cast(pl.Int64, strict=False),
            seconds=t.str.extract(_CLOCK, 3).cast(pl.Int64, strict=False).fill_null(0),
        )
    )
    return pl.coalesce(serial, clock)


def _first_ratings(long: pl.DataFrame, lang: str) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Stage 5: of duplicated ratings (cycle, employee, rater, role, dimension) the first row
    wins; the others are quarantined, one reason per first row (for the first 200)."""
    problems: list[pl.DataFrame] = []
    key = [
        pl.col("cycle_id"),
        pl.col("employee_id"),
        pl.col("rater_id").fill_null(""),
        pl.col("rater_role"),
        pl.col("dimension"),
    ]
    long = long.with_columns(pl.col(ROW).min().over(key).alias("_first"))
    dup = pl.col(ROW) != pl.col("_first")
    dups = long.filter(dup)
    if dups.height:
        firsts = dups.get_column("_first").unique().to_list()
        # one message per distinct first row keeps the reason specific
        parts = [
            _problems(
                dups,
                pl.col("_first") == f,
                pl.col("_src_col"),
                pl.col("score_raw"),
                "duplicate_rating",
                lang,
                first=f,
            )
            for f in firsts[:200]
        ]
        rest = dups.filter(~pl.col("_first").is_in(firsts[:200]))
        if rest.height:
            parts.append(
                _problems(
                    rest,
                    pl.lit(True),
                    pl.col("_src_col"),
                    pl.col("score_raw"),
                    "duplicate_rating",
                    lang,
                    first="?",
                )
            )
        problems.extend(parts)
    long = long.filter(~dup)
    return long, problems


def _reviews(
    base: pl.DataFrame, det: Detection, src_of: dict[str, str], mapping: Mapping, ctx: _Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The reviews table of a file and its quarantined rows, in stages: long rows, roles,
    rater ids, scores and weights, duplicates."""
    lang = ctx.lang
    long = _long_rows(base, det, src_of)
    long, weighted = cells.split_dimension_weights(long)  # 业绩(60%): dimension 业绩, weight 0.6
    if weighted:
        ctx.notes.append(("dimension_weight_header", {"file": ctx.file, "headers": [*weighted]}))
    long, roles, inferred = _rater_roles(long, det, src_of, mapping, lang)
    if inferred:  # no role column (or blank roles): the roles were guessed, say how
        ctx.warnings.append(
            (
                "roles_inferred",
                {
                    "file": ctx.file,
                    "n": sum(inferred.values()),
                    "self": inferred.get("self", 0),
                    "manager": inferred.get("manager", 0),
                    "peer": inferred.get("peer", 0),
                },
            )
        )
    long, ids = _rater_ids(long, det, src_of, lang)
    long, scores = _scores_and_weights(long, src_of, mapping, ctx)
    long, dups = _first_ratings(long, lang)
    stamp = pl.col("submitted_at").cast(pl.String)
    long = long.with_columns(stamp.str.to_datetime(strict=False, time_unit="us").alias("_ts"))
    long, bad_dates, warns = _dates(
        long.with_columns(pl.when(pl.col("_ts").is_null()).then(stamp).alias("_day")),
        "_day",
        src_of.get("submitted_at", "submitted_at"),
        lang,
        ctx.file,
    )
    ctx.warnings.extend(warns)
    day = pl.col("_day").cast(pl.Datetime("us")) + _time_of_day(stamp).fill_null(pl.duration())
    long = long.with_columns(pl.coalesce(pl.col("_ts"), day).alias("submitted_at"))
    ctx.origins["reviews"] = long.select(
        pl.col(ROW).alias("_row"), pl.col("_src_col").alias("_col")
    )
    return S.REVIEWS.conform(long), [*roles, *ids, *scores, *dups, *bad_dates]


def _outcomes(
    base: pl.DataFrame, src_of: dict[str, str], mapping: Mapping, ctx: _Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Final scores, grades, potential: a bad final score is quarantined alone, the row's
    grade and potential still load."""
    lang = ctx.lang
    problems: list[pl.DataFrame] = []
    score_field = (
        "final_score"
        if "final_score" in base.columns
        else ("score" if "score" in base.columns and "rater_id" not in base.columns else None)
    )
    cols = {"cycle_id": pl.col("cycle_id"), "employee_id": pl.col("employee_id"), ROW: pl.col(ROW)}
    for f in ("grade", "potential", "calibrated"):
        cols[f] = pl.col(f) if f in base.columns else pl.lit(None, pl.String)
    cols["final_score_raw"] = pl.col(score_field) if score_field else pl.lit(None, pl.String)
    out = base.select([e.alias(k) for k, e in cols.items()])
    out = out.filter(
        pl.any_horizontal(pl.col("final_score_raw", "grade", "potential").is_not_null())
    )
    if score_field:
        # a final score's scale is declared under its column's name (never by "*")
        final = mapping.scales.get(src_of[score_field])
        out, choices = normalise_scores(
            out,
            "final_score_raw",
            ["cycle_id"],
            {S.OVERALL: final} if final is not None else None,
            kind="final",
            book=ctx.book,
            file=ctx.file,
            label=src_of[score_field],
        )
        ctx.scales.extend(choices)
        bad = pl.col("final_score_raw").is_not_null() & pl.col("score").is_null()
        out = out.with_columns(
            pl.when(bad)
            .then(pl.coalesce(pl.col("score_problem"), pl.lit("not_a_score")))
            .alias("score_problem")
        )
        problems.extend(_score_problems(out, src_of[score_field], "final_score_raw", lang))
        out = out.with_columns(
            pl.when(bad).then(None).otherwise(pl.col("final_score_raw")).alias("final_score_raw")
        ).rename({"score": "final_score"})
    truthy = ["是", "y", "yes", "true", "1", "已校准", "t"]
    out = out.with_columns(
        pl.when(pl.col("calibrated").is_null())
        .then(None)
        .otherwise(pl.col("calibrated").str.to_lowercase().is_in(truthy))
        .alias("calibrated")
    )
    # a file with one row per rater repeats the person's grade on each row: the same outcome
    # again is the same fact (kept once, nothing quarantined); a different one conflicts
    key = ("cycle_id", "employee_id")
    fields = [
        c for c in ("final_score_raw", "grade", "potential", "calibrated") if c in out.columns
    ]
    out = out.sort(ROW)
    dup = pl.col(ROW) != pl.col(ROW).min().over(key)
    differs = pl.any_horizontal([pl.col(c).ne_missing(pl.col(c).first().over(key)) for c in fields])
    label = next((src_of[f] for f in ("grade", "final_score", "potential") if f in src_of), None)
    problems.append(
        _problems(
            out,
            dup & differs,
            label or src_of["employee_id"],
            pl.concat_str(
                [pl.col(c).cast(pl.String) for c in fields], separator=" / ", ignore_nulls=True
            ),
            "conflicting_outcome",
            lang,
        )
    )
    ctx.origins["outcomes"] = out.filter(~dup).select(pl.col(ROW).alias("_row"))
    return S.OUTCOMES.conform(out.filter(~dup)), problems


def _kpis(
    base: pl.DataFrame, src_of: dict[str, str], lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    problems: list[pl.DataFrame] = []
    out = base.select(
        pl.col(ROW),
        pl.col("cycle_id"),
        pl.col("employee_id"),
        pl.col("kpi"),
        *[
            (pl.col(f) if f in base.columns else pl.lit(None, pl.String)).alias(f)
            for f in ("period", "target", "actual", "weight", "attainment")
        ],
    )
    problems.append(
        _problems(out, pl.col("kpi").is_null(), src_of["kpi"], pl.col("kpi"), "empty_kpi", lang)
    )
    out = out.filter(pl.col("kpi").is_not_null())
    for f in ("target", "actual", "weight", "attainment"):
        out, p = _numbers(out, f, src_of.get(f, f), lang)
        problems.extend(p)
    out = out.with_columns(
        pl.coalesce(
            pl.col("attainment"),
            pl.when(pl.col("target") != 0).then(pl.col("actual") / pl.col("target")),
        ).alias("attainment")
    )
    return S.KPI_RESULTS.conform(out), problems


#: tables of a person's attributes: not counted as the rows an import loaded
_ATTRIBUTES = ("employees", S.PERSON_GROUPS.name)
_GROUP, _KPI = "grp:", "kpi:"  # prefixes of the group and wide KPI columns in ``prepare``
_ALSO_GROUPS = ("location", "level")  # group columns kept in ``employees``


def _wide_kpis(
    base: pl.DataFrame, columns: list[str], lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """KPIs given one per column (销售额, 新客户数): one ``kpi_results`` row per person, cycle
    and column, the header as the KPI's name and the cell as its actual value (no target, so
    no attainment: the adverse-impact check compares actual values within the KPI). A cell
    that is no number is quarantined and left out; a person repeated on several rows (one per
    rater) gives the first row's value."""
    problems: list[pl.DataFrame] = []
    parts = []
    for c in columns:
        one = base.select(
            pl.col(ROW), "cycle_id", "employee_id", pl.col(f"{_KPI}{c}").alias("actual")
        )
        one, p = _numbers(one, "actual", c, lang)
        problems.extend(p)
        parts.append(one.with_columns(pl.lit(c).alias("kpi")))
    out = (
        pl.concat(parts)
        .filter(pl.col("actual").is_not_null())
        .unique(["cycle_id", "employee_id", "kpi"], keep="first", maintain_order=True)
    )
    return S.KPI_RESULTS.conform(out), problems


def _groups(base: pl.DataFrame, det: Detection) -> pl.DataFrame:
    """``person_groups`` rows of a table: one per person, cycle (null without a cycle column)
    and group column with a value; a person's last row wins."""
    cycle = pl.col("cycle_id") if "cycle_id" in base.columns else pl.lit(None, pl.String)
    parts = [
        base.select(
            pl.col(ROW),
            "employee_id",
            cycle.alias("cycle_id"),
            pl.lit(g).alias("group_column"),
            pl.col(f"{_GROUP}{g}").cast(pl.String).str.strip_chars().alias("value"),
        )
        for g in dict.fromkeys(det.group_columns.values())
    ]
    out = (
        pl.concat(parts)
        .filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
        .sort(ROW)
        .unique(["employee_id", "cycle_id", "group_column"], keep="last", maintain_order=True)
    )
    return S.PERSON_GROUPS.conform(out)


def _appeals(
    base: pl.DataFrame, src_of: dict[str, str], ctx: _Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    out = base.select(
        pl.col(ROW),
        pl.col("cycle_id"),
        pl.col("employee_id"),
        *[
            (pl.col(f) if f in base.columns else pl.lit(None, pl.String)).alias(f)
            for f in APPEAL_FIELDS
        ],
    )
    out, problems, warns = _dates(
        out, "filed_at", src_of.get("filed_at", "filed_at"), ctx.lang, ctx.file
    )
    ctx.warnings.extend(warns)
    if "resolved_at" in src_of:
        src = src_of.get("resolved_at", "resolved_at")
        out, p, warns = _dates(out, "resolved_at", src, ctx.lang, ctx.file)
        problems.extend(p)
        ctx.warnings.extend(warns)
        early = pl.col("resolved_at") < pl.col("filed_at")
        problems.append(
            _problems(
                out,
                early.fill_null(False),
                src,
                pl.col("resolved_at"),
                "resolved_before_filed",
                ctx.lang,
            )
        )
        out = out.with_columns(
            pl.when(early).then(None).otherwise(pl.col("resolved_at")).alias("resolved_at")
        )
    out, p = _appeal_outcomes(out, src_of, ctx.lang)
    problems.extend(p)
    return S.APPEALS.conform(out), problems


def _appeal_outcomes(
    out: pl.DataFrame, src_of: dict[str, str], lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """``outcome`` as a code of ``schema.APPEAL_OUTCOMES`` (:data:`APPEAL_OUTCOME_WORDS`); an
    empty cell or an open word (待处理) leaves the appeal open; any other word is quarantined
    (``appeal_outcome_unknown``) and the appeal loads open. Without an outcome column, a status
    that says the outcome (已驳回, 已调整) gives it."""
    words = {**APPEAL_OUTCOME_WORDS, **dict.fromkeys(APPEAL_OPEN_WORDS, "")}
    key = (
        pl.col("outcome")
        .cast(pl.String)
        .str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"[\s_\-]", "")
    )
    code = key.replace_strict(words, default=None, return_dtype=pl.String)
    if "outcome" not in src_of:
        status = pl.col("status").cast(pl.String).str.normalize("NFKC").str.to_lowercase()
        code = status.str.replace_all(r"[\s_\-]", "").replace_strict(
            APPEAL_OUTCOME_WORDS, default=None, return_dtype=pl.String
        )
        return out.with_columns(code.alias("outcome")), []
    unknown = (key.is_not_null() & (key != "") & code.is_null()).fill_null(False)
    allowed = ["维持", "改判", "部分改判", "upheld", "overturned", "partially"]
    problems = [
        _problems(
            out,
            unknown,
            src_of["outcome"],
            pl.col("outcome"),
            "appeal_outcome_unknown",
            lang,
            allowed=allowed,
        )
    ]
    return out.with_columns(
        pl.when(code == "").then(None).otherwise(code).alias("outcome")
    ), problems


def _employees(
    base: pl.DataFrame, src_of: dict[str, str], ctx: _Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The roster of a file (an employee's last row wins); a hire date that is no date is
    quarantined and left empty."""
    problems: list[pl.DataFrame] = []
    if "hire_date" in base.columns:
        base, problems, warns = _dates(
            base, "hire_date", src_of.get("hire_date", "hire_date"), ctx.lang, ctx.file
        )
        ctx.warnings.extend(warns)
        # one reason per (row, cell): a roster repeated on every rating row says it once
        problems = [p.unique(["row_number", "column"]) for p in problems]
    cols = [f for f in ROSTER_FIELDS if f in base.columns]
    order = ["cycle_id", ROW] if "cycle_id" in base.columns else [ROW]
    out = (
        base.sort(order)
        .select(["employee_id", *cols])
        .unique("employee_id", keep="last", maintain_order=True)
    )
    return S.EMPLOYEES.conform(out), problems


# --------------------------------------------------------------------------------------------
# loading (one transaction per file)
# --------------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    file: str
    import_id: str | None
    status: str  # loaded | duplicate | rejected
    rows_read: int = 0
    loaded: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0  # quarantined cells
    replaced: int = 0
    changed: int = 0
    detections: list[Detection] = field(default_factory=list)
    message_code: str = ""
    message_params: dict = field(default_factory=dict)
    # (message code, parameters) beyond the detections': ids mapped, sheets, restoring,
    # totals rows skipped, placeholders read as missing
    notes: list[Notice] = field(default_factory=list)
    quarantined_rows: int = 0  # distinct rows with a quarantined cell
    warnings: list[Notice] = field(default_factory=list)  # guesses the user must see

    @property
    def scales(self) -> list[ScaleChoice]:
        """The scale each (cycle, dimension) was read on, over every table of the file."""
        return file_scales(c for d in self.detections for c in d.scales)

    def message(self, lang: str = "zh") -> str:
        return render(self.message_code, lang, **self.message_params)

    def note_lines(self, lang: str = "zh") -> list[str]:
        """Every decision the import made that the user must see, in ``lang``."""
        notes = [n for d in self.detections for n in d.notes] + self.notes
        return [render(code, lang, **params) for code, params in notes]

    @property
    def rows_loaded(self) -> int:
        return sum(self.loaded.values())


# What a later file replaces: the rows of the stored table that share these columns with one
# of its rows (mode "replace"). A file covers the ratings of each (cycle, person, rater role,
# dimension) it holds: a manager-review file replaces the manager ratings of its people and
# dimensions, a self-review file of the same cycle then adds the self ratings. A KPI file covers
# each (cycle, person, period): monthly files add up. Outcomes hold one row per (cycle, person),
# and a file replaces only the fields it has a column for (:func:`_keep_uncovered`): a
# potential file leaves the stored grades alone. Mode "add" replaces only the very same rows
# (the table's natural key: the same rater, role and dimension) and deletes nothing else.
_REPLACE_KEYS: dict[str, tuple[str, ...]] = {
    "review_rows": ("cycle_id", "employee_id", "rater_role", "dimension"),
    "outcomes": ("cycle_id", "employee_id"),
    "kpi_results": ("cycle_id", "employee_id", "period"),
    "appeals": ("cycle_id", "employee_id"),
}


def replace_keys(table: str, mode: str = "replace") -> tuple[str, ...]:
    """The columns whose values say which stored rows of ``table`` a file's rows replace."""
    if mode == "add":
        return _TABLE_BY_NAME[table].key
    return _REPLACE_KEYS[table]


_TABLE_BY_NAME = {t.name: t for t in S.TABLES}
_TABLE_BY_NAME[S.REVIEWS.name] = S.REVIEW_ROWS  # a reviews frame is stored as review_rows


def _insert_frame(con: duckdb.DuckDBPyConnection, table: S.Table, frame: pl.DataFrame) -> None:
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
    _insert_frame(con, S.QUARANTINE, frame)


def _replace(
    con: duckdb.DuckDBPyConnection,
    table: S.Table,
    frame: pl.DataFrame,
    batches: Batches | None = None,
    said: _Said | None = None,
) -> tuple[int, int]:
    """Delete the rows the new frame supersedes, insert it; return (deleted, changed)."""
    con.register("_new", table.conform(frame).to_arrow())
    try:
        return _replace_from(con, table, "_new", frame.height, batches=batches, said=said)
    finally:
        con.unregister("_new")


@dataclass
class _Said:
    """Where a replacement says what it did: the file's name, its mode, the warnings (stored
    ratings deleted that the file has no counterpart for) and the notes (what was replaced)."""

    file: str
    mode: str = "replace"
    warnings: list[Notice] = field(default_factory=list)
    notes: list[Notice] = field(default_factory=list)


def _replace_from(
    con: duckdb.DuckDBPyConnection,
    table: S.Table,
    relation: str,
    n_rows: int,
    old: str | None = None,
    batches: Batches | None = None,
    said: _Said | None = None,
) -> tuple[int, int]:
    """Replace from a relation holding the table's columns; return (replaced, changed): the
    stored rows deleted that the new rows stand for (stored ratings the new rows have no
    counterpart for are deleted too, but counted in the ``ratings_dropped`` warning only).
    Which stored rows a new row replaces: :func:`replace_keys` (the file's coverage, or in
    mode "add" the very same rows).

    The change count (rows that differ between the old and the new version of the replaced
    keys) only runs where old rows exist: a first import skips it entirely. ``old`` (a
    condition on the table's rows) says the new rows are in the table already (the fast path
    loads and checks them in place): only rows matching it are old, and nothing is inserted.
    ``batches`` (the import's, for ``review_rows``): the batches whose rows were all replaced
    are dropped after the insert. ``said``: where the ``ratings_dropped`` warning and the
    ``ratings_replaced`` note go.
    """
    keys = replace_keys(table.name, said.mode if said is not None else "replace")
    t = db.q(table.name)
    olds = t if old is None else f"(SELECT * FROM {t} WHERE {old})"
    on = _same_keys(keys)
    keycols = ", ".join(db.q(k) for k in keys)
    # only the keys that already have rows: the replace and the change count touch nothing else
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _keys AS SELECT DISTINCT {keycols} FROM {relation} "
        f"INTERSECT SELECT DISTINCT {keycols} FROM {olds}"
    )
    overlapping = con.execute("SELECT count(*) FROM _keys").fetchone()[0]
    deleted = changed = 0
    if overlapping:
        compare = ", ".join("o." + db.q(c) for c in table.names if c not in ("import_id", "batch"))
        batch = ""
        if "batch" in table.columns:  # a rating's batch is its import's: compare its scale
            compare += ", b.scale"
            batch = f" LEFT JOIN {db.q(S.REVIEW_BATCHES.name)} b ON b.batch = o.batch"
        old_sql = f"SELECT {compare} FROM {olds} o JOIN _keys k ON {on}{batch}"
        new_sql = f"SELECT {compare} FROM {relation} o JOIN _keys k ON {on}{batch}"
        added = con.execute(
            f"SELECT count(*) FROM {relation} o WHERE NOT EXISTS (SELECT 1 FROM _keys k WHERE {on})"
        ).fetchone()[0]
        changed = (
            con.execute(
                f"SELECT (SELECT count(*) FROM ({old_sql} EXCEPT ALL {new_sql})) + "
                f"(SELECT count(*) FROM ({new_sql} EXCEPT ALL {old_sql}))"
            ).fetchone()[0]
            + added
        )
        gone = 0  # stored ratings with no counterpart in the new rows: deleted, not replaced
        if said is not None and table.name == S.REVIEW_ROWS.name:
            found = _dropped_ratings(con, relation, olds, said.file, on)
            said.warnings.extend(found)
            gone = sum(int(p["dropped"]) for _, p in found)
        deleted = (
            con.execute(
                f"DELETE FROM {t} o USING _keys k WHERE {on} AND ({old or 'TRUE'})"
            ).fetchone()[0]
            - gone
        )
        if said is not None and table.name == S.REVIEW_ROWS.name and deleted:
            said.notes.extend(_replaced_ratings(con, said.file))
    else:
        changed = n_rows
    if old is None:
        cols = ", ".join(db.q(c) for c in table.names)
        con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM {relation}")
    con.execute("DROP TABLE _keys")
    if deleted and batches is not None:  # after the insert: the new rows' batches are used
        drop_unused(con, batches)
    return int(deleted), int(changed)


def _same_keys(keys: tuple[str, ...]) -> str:
    """The join of a stored row ``o`` to a key row ``k`` (a missing value, such as a KPI
    without a period, matches a missing value)."""
    return " AND ".join(f"o.{db.q(k)} IS NOT DISTINCT FROM k.{db.q(k)}" for k in keys)


def _dropped_ratings(
    con: duckdb.DuckDBPyConnection, relation: str, olds: str, file: str, on: str
) -> list[Notice]:
    """The ``ratings_dropped`` warning when stored ratings of the keys in ``_keys`` (joined
    by ``on``) have no rating with the same key (rater, role, dimension) in ``relation``: a
    corrected file that leaves out a rater of a role and dimension it covers deletes that
    rater's rating."""
    same = " AND ".join(f"n.{db.q(k)} IS NOT DISTINCT FROM o.{db.q(k)}" for k in S.REVIEW_ROWS.key)
    n, people, cycles, cycle_list = con.execute(
        f"SELECT count(*), count(DISTINCT o.employee_id), count(DISTINCT o.cycle_id), "
        f"list(DISTINCT o.cycle_id ORDER BY o.cycle_id) FROM {olds} o JOIN _keys k ON {on} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {relation} n WHERE {same})"
    ).fetchall()[0]
    if not n:
        return []
    return [
        (
            "ratings_dropped",
            {
                "file": file,
                "people": int(people),
                "cycles": int(cycles),
                "cycle_list": list(cycle_list or []),  # joined in the reader's language
                "dropped": int(n),
            },
        )
    ]


def _replaced_ratings(con: duckdb.DuckDBPyConnection, file: str) -> list[Notice]:
    """The ``ratings_replaced`` note: whose ratings of which roles the file replaces (the keys
    in ``_keys``), and that every other stored rating stays."""
    people, cycle_list, roles, dims = con.execute(
        "SELECT count(DISTINCT employee_id), list(DISTINCT cycle_id ORDER BY cycle_id), "
        "list(DISTINCT rater_role ORDER BY rater_role), count(DISTINCT dimension) FROM _keys"
    ).fetchall()[0]
    order = {r: i for i, r in enumerate(S.RATER_ROLES)}
    return [
        (
            "ratings_replaced",
            {
                "file": file,
                "people": int(people),
                "cycle_list": list(cycle_list or []),
                "roles": sorted(roles or [], key=lambda r: order.get(r, len(order))),
                "dimensions": int(dims),
            },
        )
    ]


def _keep_uncovered(
    con: duckdb.DuckDBPyConnection,
    frame: pl.DataFrame,
    covers: set[str],
    notes: list[Notice] | None = None,
    file: str = "",
) -> pl.DataFrame:
    """Outcome rows with the fields the file has no column for taken from the stored row of
    the same (cycle, person): a potential file keeps the stored grades, a grade file the
    stored potential. ``notes`` gets the ``outcome_fields_kept`` line when a stored row was
    met."""
    fields = ["final_score_raw", "final_score", "grade", "potential", "calibrated"]
    keep = [f for f in fields if f not in covers]
    if not keep or not frame.height:
        return frame
    key = list(_REPLACE_KEYS[S.OUTCOMES.name])
    con.register("_outcome_keys", frame.select(key).unique().to_arrow())
    try:  # on the import's own connection: inside its transaction
        cols = ", ".join(f"o.{db.q(c)}" for c in [*key, *keep])
        stored = con.sql(
            f"SELECT {cols} FROM {db.q(S.OUTCOMES.name)} o "
            "JOIN _outcome_keys k USING (cycle_id, employee_id)"
        ).pl()
    finally:
        con.unregister("_outcome_keys")
    if not stored.height:
        return frame
    stored = stored.cast({c: S.OUTCOMES.columns[c] for c in stored.columns})
    kept = frame.drop(keep).join(stored, on=key, how="left")
    held = [f for f in OUTCOME_FIELDS if f not in covers and stored[f].null_count() < stored.height]
    if notes is not None and held:
        notes.append(
            (
                "outcome_fields_kept",
                {
                    "file": file,
                    "people": stored.height,
                    "fields": [f for f in OUTCOME_FIELDS if f in covers],
                    "kept": held,
                },
            )
        )
    return kept.select(frame.columns)


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
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, keep_text: bool = False
) -> tuple[int, int, int]:
    """Insert new employees; for known ones keep old values where the export leaves a blank.

    ``keep_text``: the file's text was decoded by a guess, so stored names, departments and
    teams are kept over the file's. Returns (rows, rows that changed, people whose stored
    text was kept over a different one)."""
    con.register("_emp", S.EMPLOYEES.conform(frame).to_arrow())
    try:
        t = db.q(S.EMPLOYEES.name)

        def merged_col(c: str) -> str:
            first, second = ("o", "n") if keep_text and c in _TEXT_FIELDS else ("n", "o")
            return f"coalesce({first}.{db.q(c)}, {second}.{db.q(c)}) AS {db.q(c)}"

        merged = ", ".join(merged_col(c) for c in S.EMPLOYEES.names if c != "employee_id")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _emp_merged AS SELECT n.employee_id, {merged} "
            f"FROM _emp n LEFT JOIN {t} o USING (employee_id)"
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
    return frame.height, int(changed), int(kept)


def _upsert_cycles(con: duckdb.DuckDBPyConnection, cycles: list[CycleInfo]) -> None:
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


def dimension_word(c: ScaleChoice, lang: str) -> str:
    """A scale choice's dimension as the user calls it: the final score's column word, the
    overall score of a file without dimensions (``dim.overall``), else the dimension's own
    name."""
    if c.kind == "final":
        return render("final_score_dimension", lang)
    return words(f"dim.{S.OVERALL}", lang) if c.dimension == S.OVERALL else c.dimension


def scale_lines(choices: list[ScaleChoice], lang: str = "zh", limit: int = 12) -> list[str]:
    """One line per (scale, how it was chosen) naming its dimensions: what the CLI prints for
    an import (``ImportResult.scales``; the Data page shows ``preview.scale_table``)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for c in choices:
        if not c.scale:
            continue
        name = dimension_word(c, lang)
        names = groups.setdefault((c.source, c.scale), [])
        if name not in names:
            names.append(name)
    lines = []
    for (source, scale), names in sorted(groups.items()):
        shown = join_list(names[:limit], lang)
        if len(names) > limit:
            shown += f" … (+{len(names) - limit})"
        lines.append(
            render(f"scale_line_{source}", lang, scale=scale_word(scale, lang), dimensions=shown)
        )
    return lines


def scale_word(scale: str, lang: str) -> str:
    """A scale as the user reads it: '1-5' as it is, 'grade:CN4' as its grades in order
    ('等级 优秀/良好/合格/待改进')."""
    if scale.startswith("grade:"):
        return render("grade_scale_word", lang, labels=grade_labels(scale))
    return scale


def read_scale_book(con: duckdb.DuckDBPyConnection) -> ScaleBook:
    """The scales the database keeps (``schema.DIMENSION_SCALES``): per (kind, cycle,
    dimension), in the order of the cycles."""
    rows = con.execute(
        f"SELECT s.kind, s.cycle_id, s.dimension, s.scale FROM "
        f"{db.q(S.DIMENSION_SCALES.name)} s LEFT JOIN {db.q(S.CYCLES.name)} c "
        "USING (cycle_id) ORDER BY c.ordering NULLS FIRST, s.cycle_id"
    ).fetchall()
    book = ScaleBook()
    for kind, cycle_id, dimension, scale in rows:
        book.add(kind, cycle_id, dimension, scale)
    return book


def _store_scales(
    con: duckdb.DuckDBPyConnection, choices: list[ScaleChoice], import_id: str
) -> None:
    """Keep each group's scale (inside the import's transaction): a declared one replaces
    what was kept, any other is kept only where none is yet."""
    rows = [
        (c.kind, c.cycle_id, c.dimension, c.scale, c.source, import_id) for c in choices if c.scale
    ]
    if not rows:
        return
    t = db.q(S.DIMENSION_SCALES.name)
    frame = pl.DataFrame(rows, schema=S.DIMENSION_SCALES.columns, orient="row").with_columns(
        pl.col("source").replace({"stored": "detected"})
    )
    con.register("_scales", frame.to_arrow())
    try:
        con.execute(
            f"DELETE FROM {t} o USING _scales n WHERE n.source = 'mapping' AND "
            "o.kind = n.kind AND o.cycle_id = n.cycle_id AND o.dimension = n.dimension"
        )
        con.execute(
            f"INSERT INTO {t} SELECT * FROM _scales n WHERE NOT EXISTS (SELECT 1 FROM {t} o "
            "WHERE o.kind = n.kind AND o.cycle_id = n.cycle_id AND o.dimension = n.dimension)"
        )
    finally:
        con.unregister("_scales")


def _params_json(params: dict) -> str:
    """A message's parameters as stored beside its code (worded again in the reader's
    language when shown)."""
    return json.dumps(params, ensure_ascii=False, default=str)


def _log(con: duckdb.DuckDBPyConnection, row: dict) -> None:
    _insert_frame(con, S.IMPORTS, pl.DataFrame([row], schema=S.IMPORTS.columns))


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


#: the values two sheets of one workbook must agree on for the same record (table -> fields,
#: each with the column holding what the file wrote)
_SHEET_VALUES: dict[str, dict[str, str]] = {
    S.REVIEWS.name: {"score": "score_raw"},
    S.OUTCOMES.name: {"final_score": "final_score_raw", "grade": "grade", "potential": "potential"},
}


def sheet_conflicts(
    tables: list[RawTable], prepared: list[Prepared], file: str, lang: str
) -> list[Notice]:
    """Records that two sheets of one workbook hold with different values (a summary sheet
    and a department sheet disagreeing on a person's score): neither is loaded; each version
    is quarantined (``sheet_conflict``) naming the other sheet, its row and value, and one
    warning per table gives the count and the first example. Mutates ``prepared`` (frames,
    origins and quarantine); returns the warnings."""
    warnings: list[Notice] = []
    for tname, values in _SHEET_VALUES.items():
        parts = [
            (raw.sheet or "", p)
            for raw, p in zip(tables, prepared)
            if tname in p.frames and tname in p.origins and p.frames[tname].height
        ]
        if len(parts) < 2:
            continue
        key = list(_TABLE_BY_NAME[tname].key)
        keyed = [pl.col(k).cast(pl.String).fill_null("").alias(f"_k{i}") for i, k in enumerate(key)]
        ks = [f"_k{i}" for i in range(len(key))]
        clash = _clashing_values(tname, values, [p for _, p in parts], keyed, ks)
        if not clash.height:
            continue
        bad_keys = clash.select(ks).unique()
        sheets = [sheet for sheet, _ in parts]
        for n, (_, p) in enumerate(parts):
            mine = clash.filter(pl.col("_sheet") == n).unique(["_row", "_col"], maintain_order=True)
            if mine.height:
                extra = _conflict_cells(mine, sheets, lang)
                p.quarantine = pl.concat([p.quarantine, extra]).sort("row_number")
            frame, origin = p.frames[tname], p.origins[tname]
            kept = (
                pl.concat([frame, origin], how="horizontal")
                .with_columns(keyed)
                .join(bad_keys, on=ks, how="anti", maintain_order="left")
            )
            p.frames[tname], p.origins[tname] = (
                kept.select(frame.columns),
                kept.select(origin.columns),
            )
        ex = clash.row(0, named=True)
        other = ex["_other"]
        warnings.append(
            (
                "sheets_conflict",
                {
                    "file": file,
                    "n": bad_keys.height,
                    "sheet": sheets[ex["_sheet"]],
                    "row": ex["_row"],
                    "column": ex["_col"],
                    "value": ex["_raw"],
                    "other_sheet": sheets[other["s"]],
                    "other_row": other["r"],
                    "other_value": other["v"],
                },
            )
        )
    return warnings


def _clashing_values(
    tname: str,
    values: dict[str, str],
    parts: list[Prepared],
    keyed: list[pl.Expr],
    ks: list[str],
) -> pl.DataFrame:
    """Every sheet's version of the records (keys ``ks``) whose field values differ between
    sheets: sheet number, source row and column, the value as written and the version of
    another sheet it differs from (``_other``: sheet, row, value)."""
    rows = []
    for n, p in enumerate(parts):
        frame, origin = p.frames[tname], p.origins[tname]
        for fld, raw_col in values.items():
            if fld not in frame.columns:
                continue
            col = (
                origin.get_column("_col")
                if "_col" in origin.columns
                else pl.Series("_col", [p.columns.get(fld, fld)] * frame.height)
            )
            rows.append(
                frame.select(
                    *keyed,
                    pl.lit(fld).alias("_field"),
                    pl.col(fld).cast(pl.String).alias("_value"),
                    pl.col(raw_col).cast(pl.String).alias("_raw"),
                ).with_columns(
                    pl.lit(n).alias("_sheet"),
                    origin.get_column("_row").alias("_row"),
                    col.alias("_col"),
                )
            )
    group = [*ks, "_field"]
    clash = (
        pl.concat(rows)
        .filter(pl.col("_value").is_not_null())
        .filter(
            (pl.col("_value").n_unique().over(group) > 1)
            & (pl.col("_sheet").n_unique().over(group) > 1)
        )
        .sort("_sheet", "_row")
    )
    if not clash.height:
        return clash
    # each version against the record's first version, the first against the first that differs
    first = clash.group_by(group, maintain_order=True).agg(
        pl.col("_sheet", "_row", "_raw", "_value").first().name.prefix("_a"),
        pl.col("_sheet", "_row", "_raw")
        .filter(pl.col("_value") != pl.col("_value").first())
        .first()
        .name.prefix("_b"),
    )
    return clash.join(first, on=group, how="left").with_columns(
        pl.when(pl.col("_value") == pl.col("_a_value"))
        .then(pl.struct(s=pl.col("_b_sheet"), r=pl.col("_b_row"), v=pl.col("_b_raw")))
        .otherwise(pl.struct(s=pl.col("_a_sheet"), r=pl.col("_a_row"), v=pl.col("_a_raw")))
        .alias("_other")
    )


def _conflict_cells(mine: pl.DataFrame, sheets: list[str], lang: str) -> pl.DataFrame:
    """Quarantine records of one sheet's conflicting cells, each naming the other version."""
    recs = []
    for row, col, raw_value, other in mine.select("_row", "_col", "_raw", "_other").iter_rows():
        params = {
            "other_sheet": sheets[other["s"]],
            "other_row": other["r"],
            "other_value": other["v"],
        }
        recs.append(
            {
                "row_number": row,
                "column": col,
                "raw_value": raw_value,
                "reason_code": "sheet_conflict",
                "reason": render("sheet_conflict", lang, **params),
                "reason_params": json.dumps(params, ensure_ascii=False),
            }
        )
    return pl.DataFrame(recs, schema=_Q_SCHEMA)


def _combined(prepared: list[Prepared]) -> tuple[dict[str, pl.DataFrame], int]:
    """The frames of every sheet of one file, table by table: the sheets add up (a rating or
    outcome in two sheets counts once, from the first), and the number of those repeats."""
    by_table: dict[str, list[pl.DataFrame]] = {}
    for prep in prepared:
        for tname, frame in prep.frames.items():
            by_table.setdefault(tname, []).append(frame)
    out: dict[str, pl.DataFrame] = {}
    repeats = 0
    for tname, frames in by_table.items():
        frame = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
        if len(frames) > 1:
            key = list(_TABLE_BY_NAME[tname].key)
            if tname == S.EMPLOYEES.name:
                frame = frame.unique(key, keep="last", maintain_order=True)
            else:
                n = frame.height
                frame = frame.unique(key, keep="first", maintain_order=True)
                repeats += n - frame.height
        out[tname] = frame
    return out, repeats


def _write_tables(
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
    said = _Said(name, mode, result.warnings, result.notes)
    if len(prepared) > 1:
        result.warnings.extend(sheet_conflicts(tables, prepared, name, lang))
    frames, repeats = _combined(prepared)
    if repeats:
        result.notes.append(("sheets_repeat", {"file": name, "n": repeats}))
    for prep in prepared:
        _upsert_cycles(con, prep.cycles)
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
            n, changed, kept = _upsert_employees(con, frame, keep_text=keep)
            result.loaded["employees"] = result.loaded.get("employees", 0) + n
            result.changed += changed
            if kept:
                result.notes.append(("names_kept", {"file": name, "n": kept}))
            continue
        mine = batches if tname == S.REVIEWS.name else None  # stored as review_rows
        if mine is not None:
            frame = rows_of(con, frame, mine)
        if tname == S.OUTCOMES.name:
            covers = {f for p in prepared for f in p.covers}
            frame = _keep_uncovered(con, frame, covers, result.notes, name)
        deleted, changed = _replace(con, _TABLE_BY_NAME[tname], frame, mine, said)
        result.loaded[tname] = result.loaded.get(tname, 0) + frame.height
        result.replaced += deleted
        result.changed += changed
    for raw, prep in zip(tables, prepared):
        if prep.quarantine.height:
            q = prep.quarantine.with_columns(
                pl.lit(import_id).alias("import_id"),
                pl.lit(f"{name}[{raw.sheet}]" if raw.sheet else name).alias("file"),
            )
            _store_quarantine(con, q)
        _store_scales(con, prep.scales, import_id)
        result.quarantined += prep.quarantine.height
        result.quarantined_rows += prep.quarantine.get_column("row_number").n_unique()
        result.rows_read += prep.rows_read
        result.notes.extend(prep.notes)
        result.warnings.extend(prep.warnings)


_MONTH_TEXT = [
    re.compile(r"^(\d{4})\s*[\-/\.年]\s*(\d{1,2})(?:\s*[\-/\.月]\s*(\d{1,2})?日?)?(?:[\sT].*)?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
]
_MONTH_ALONE = re.compile(r"^(\d{1,2})\s*(?:月份?)?$")


def _month_of(text: str) -> tuple[int | None, int] | None:
    """(year, month) of a month cell: 2025-07, 2025年7月, 2025/07/01, 202507; (None, 7) for
    a month without a year (7月, 07); None when it names no month."""
    t = unicodedata.normalize("NFKC", text).strip().removesuffix("份")
    for rx in _MONTH_TEXT:
        m = rx.match(t)
        if m and 1 <= int(m.group(2)) <= 12:
            return int(m.group(1)), int(m.group(2))
    m = _MONTH_ALONE.match(t)
    if m and 1 <= int(m.group(1)) <= 12:
        return None, int(m.group(1))
    return None


def _stored_cycles(con: duckdb.DuckDBPyConnection) -> list[tuple[str, date, date]]:
    """The dataset's dated cycles: (cycle id, start, end)."""
    return [
        (c, a, b)
        for c, a, b in con.execute(
            f'SELECT cycle_id, start, "end" FROM {db.q(S.CYCLES.name)} '
            'WHERE start IS NOT NULL AND "end" IS NOT NULL ORDER BY start, cycle_id'
        ).fetchall()
    ]


def _month_cycles(month: tuple[int | None, int] | None, stored: list) -> list[str]:
    """The stored cycles a month lies in (a month without a year: in any year)."""
    if month is None:
        return []
    year, mon = month
    out = []
    for cid, start, end in stored:
        years = [year] if year is not None else range(start.year, end.year + 1)
        for y in years:
            first = date(y, mon, 1)
            last = date(y, mon, calendar.monthrange(y, mon)[1])
            if start <= first and last <= end:
                out.append(cid)
                break
    return out


#: id lines that name a guess not made: an id kept as written though it may be a stored person
ID_DOUBTS = ("ids_zeros_ambiguous", "ids_case_ambiguous")


def split_id_doubts(notes: list[Notice]) -> tuple[list[Notice], list[Notice]]:
    """The id plan's lines: (what was done, the ambiguous ids kept as written: warnings)."""
    return [n for n in notes if n[0] not in ID_DOUBTS], [n for n in notes if n[0] in ID_DOUBTS]


def cycles_from_months(
    con: duckdb.DuckDBPyConnection,
    tables: list[RawTable],
    dets: list[Detection],
    lang: str,
) -> tuple[list[RawTable], list[Detection], list[Notice]]:
    """A KPI table with a month column (月份) and no cycle column: each month goes to the one
    stored cycle it lies in, said as a warning; a month in no stored cycle or in several, or
    no month at all, refuses the file naming the column and those months. Other tables pass
    as they are. Returns copies (the tables with a cycle column added) and the warnings."""
    out_t, out_d, warnings = [], [], []
    stored = None
    for raw, det in zip(tables, dets):
        fields = {f: c for c, f in det.mapping.items()}
        if "cycle" in fields or "period" not in fields or "kpi_results" not in det.tables:
            out_t.append(raw)
            out_d.append(det)
            continue
        stored = _stored_cycles(con) if stored is None else stored
        col = fields["period"]
        sheet = f" [{raw.sheet}]" if raw.sheet else ""
        months = raw.frame.get_column(col).cast(pl.String).str.strip_chars()
        labels = [m for m in months.drop_nulls().unique(maintain_order=True).to_list() if m]
        found = {m: _month_cycles(_month_of(m), stored) for m in labels}
        bad = [f"{m} → {' / '.join(c) or '—'}" for m, c in found.items() if len(c) != 1]
        if bad or not labels:
            raise ImportRejected(
                "kpi_months_no_cycle",
                file=raw.file,
                sheet=sheet,
                column=col,
                n=len(bad),
                months=bad[:8] or ["—"],
                cycles=[c for c, _, _ in stored] or ["—"],
                expected=" / ".join(SYNONYMS["cycle"][4:] + SYNONYMS["cycle"][:1]),
            )
        new_col = render("cycle_from_month_column", lang, column=col)
        mapped = {m: c[0] for m, c in found.items()}
        # a month with its year is stored as 2025-07 however the file spells it (the period
        # is part of what a later file replaces)
        spelt = {m: f"{ym[0]}-{ym[1]:02d}" for m in labels if (ym := _month_of(m))[0] is not None}
        new = copy.copy(raw)
        new.frame = raw.frame.with_columns(
            months.replace_strict(mapped, default=None, return_dtype=pl.String).alias(new_col),
            months.replace(spelt).alias(col),
        )
        new_det = copy.copy(det)
        new_det.mapping = {**det.mapping, new_col: "cycle"}
        by_cycle: dict[str, list[str]] = {}
        for m, c in mapped.items():
            by_cycle.setdefault(c, []).append(m)
        warnings.append(
            (
                "kpi_months_mapped",
                {
                    "file": raw.file,
                    "sheet": sheet,
                    "column": col,
                    "pairs": [
                        f"{' / '.join(ms[:4])}{' …' if len(ms) > 4 else ''} → {c}"
                        for c, ms in by_cycle.items()
                    ],
                },
            )
        )
        out_t.append(new)
        out_d.append(new_det)
    return out_t, out_d, warnings


_ID_FIELDS = ("employee_id", "rater_id", "manager_id")


def _known_sql(review_where: str = "TRUE") -> str:
    """Every stored id (with repeats): employees, their managers, outcome holders, rated people
    and raters (of the ratings matching ``review_where``), as one column ``id``."""
    rows, emp = db.q(S.REVIEW_ROWS.name), db.q(S.EMPLOYEES.name)
    return (
        f"SELECT employee_id AS id FROM {emp} UNION ALL SELECT manager_id FROM {emp} "
        f"UNION ALL SELECT employee_id FROM {db.q(S.OUTCOMES.name)} "
        f"UNION ALL SELECT employee_id FROM {rows} WHERE {review_where} "
        f"UNION ALL SELECT rater_id FROM {rows} WHERE {review_where}"
    )


def _known_ids(con: duckdb.DuckDBPyConnection, review_where: str = "TRUE") -> set[str]:
    """The distinct stored ids (see ``_known_sql``)."""
    sql = f"SELECT DISTINCT id FROM ({_known_sql(review_where)}) WHERE id IS NOT NULL"
    return {r[0] for r in con.execute(sql).fetchall()}


def _stored_any(con: duckdb.DuckDBPyConnection, review_where: str, cond: str) -> bool:
    """True when a stored id matches the SQL condition ``cond`` on ``id`` (stops at the first)."""
    return con.execute(
        f"SELECT EXISTS (SELECT 1 FROM ({_known_sql(review_where)}) WHERE {cond})"
    ).fetchall()[0][0]


# what the id rules need to know of the stored ids, kept in ``meta`` so that an import does
# not read every stored id: whether any has a lower-case letter, an upper-case letter, or is
# digits with leading zeros. Imports only add to them (an id replaced away leaves its fact
# set: the checks then plan the ids, never skip a rule)
_FACTS_KEY = "id_facts"
_FACTS = ("lower", "upper", "zero")


def _facts_of(ids: pl.Series) -> dict[str, bool]:
    ids = ids.drop_nulls()
    return {
        "lower": bool((ids != ids.str.to_uppercase()).any()),
        "upper": bool((ids != ids.str.to_lowercase()).any()),
        "zero": bool(ids.str.contains(r"^0[0-9]*$").any()),
    }


def _id_facts(con: duckdb.DuckDBPyConnection, review_where: str = "TRUE") -> dict[str, bool]:
    """The stored ids' facts: from ``meta``, or read from the ids once (an older database)."""
    meta = db.q(S.META.name)
    rows = con.execute(f"SELECT value FROM {meta} WHERE key = $k", {"k": _FACTS_KEY}).fetchall()
    if rows:
        return json.loads(rows[0][0])
    row = con.execute(
        "SELECT coalesce(bool_or(id <> upper(id)), false), "
        "coalesce(bool_or(id <> lower(id)), false), "
        "coalesce(bool_or(regexp_full_match(id, '0[0-9]*')), false) "
        f"FROM ({_known_sql(review_where)}) WHERE id IS NOT NULL"
    ).fetchall()[0]
    return dict(zip(_FACTS, map(bool, row)))


def _save_id_facts(con: duckdb.DuckDBPyConnection, before: dict[str, bool], ids: pl.Series) -> None:
    """Add an import's ids to the stored facts (inside the import's transaction)."""
    now = _facts_of(ids)
    facts = {k: bool(before.get(k, True) or now[k]) for k in _FACTS}
    meta = db.q(S.META.name)
    con.execute(f"DELETE FROM {meta} WHERE key = $k", {"k": _FACTS_KEY})
    con.execute(f"INSERT INTO {meta} VALUES ($k, $v)", {"k": _FACTS_KEY, "v": json.dumps(facts)})


def _ids_need_plan(
    con: duckdb.DuckDBPyConnection, ids: pl.Series, facts: dict[str, bool], review_where: str
) -> bool:
    """False when no id rule (``ids.plan_ids``) can change or list any of these ids, decided
    from the stored ids' ``facts`` without reading them: no id to clean; the file's ids with
    letters are in one case and no stored id has a letter of the other case; no digits-only
    id without leading zeros that a stored or file id with leading zeros could be (only this
    last check reads stored ids, and only when some have leading zeros). True: plan them."""
    ids = ids.drop_nulls().unique()
    if ids.len() == 0:
        return False
    if ids.str.contains(UNCLEAN).any():
        return True
    cased = ids.filter(ids.str.to_uppercase() != ids.str.to_lowercase())
    if cased.len():
        upper = bool((cased == cased.str.to_uppercase()).all())
        lower = bool((cased == cased.str.to_lowercase()).all())
        if not (upper or lower):
            return True  # the file mixes cases
        if facts["lower" if upper else "upper"]:
            return True  # stored ids all in the other case, or mixed: the plan decides
    digits = ids.filter(ids.str.contains(r"^[0-9]+$"))
    bare = digits.filter(~digits.str.starts_with("0"))
    if bare.len():
        padded = digits.filter(digits.str.starts_with("0")).str.strip_chars_start("0")
        if padded.is_in(bare.implode()).any():
            return True
        if facts["zero"]:
            con.register("_bare", pl.DataFrame({"v": bare}).to_arrow())
            try:
                hit = _stored_any(
                    con,
                    review_where,
                    "id LIKE '0%' AND regexp_full_match(id, '[0-9]+') "
                    "AND ltrim(id, '0') IN (SELECT v FROM _bare)",
                )
            finally:
                con.unregister("_bare")
            if hit:
                return True
    return False


def _id_plan(
    con: duckdb.DuckDBPyConnection, name: str, tables: list[RawTable], dets: list[Detection]
) -> tuple[IdPlan, pl.Series, dict[str, bool]]:
    """How the ids of every table of a file are spelt once stored (see ``ids.plan_ids``), the
    ids as they will be stored, and the stored ids' facts before the import."""
    values: set[str] = set()
    for raw, det in zip(tables, dets):
        # a totals row (合计, Total) is skipped by ``prepare``: its "id" is never repaired
        named = {f: c for c, f in det.mapping.items() if f in ("employee_id", "name")}
        frame = raw.frame
        if "employee_id" in named:
            keys = frame.select(pl.col(c).alias(f) for f, c in named.items())
            frame = frame.filter(~keys.select(_summary_rows(keys)).to_series())
        for src, fld in det.mapping.items():
            if fld in _ID_FIELDS:
                values.update(frame.get_column(src).drop_nulls().unique().to_list())
    ids = pl.Series(sorted(values), dtype=pl.String)
    facts = _id_facts(con)
    if not _ids_need_plan(con, ids, facts, "TRUE"):
        return IdPlan(), ids, facts
    columns = list(
        dict.fromkeys(
            src + (f" [{raw.sheet}]" if raw.sheet and len(tables) > 1 else "")
            for raw, det in zip(tables, dets)
            for src, fld in det.mapping.items()
            if fld in _ID_FIELDS
        )
    )
    plan = plan_ids(values, _known_ids(con), name, columns)
    stored = pl.Series([plan.mapping.get(v, v) for v in values], dtype=pl.String)
    return plan, stored, facts


def settle_ids(
    con: duckdb.DuckDBPyConnection, name: str, tables: list[RawTable], dets: list[Detection]
) -> tuple[IdPlan, pl.Series, dict[str, bool]]:
    """Spell the ids of a file's tables as they will be stored (width, invisible characters,
    case, leading zeros against the stored ids: ``ids.plan_ids``), rewriting the tables' id
    columns in place; the plan (its notes say each change), the ids as stored and the stored
    ids' facts. The import and the Data page's preview both call this, so they agree."""
    plan, stored, facts = _id_plan(con, name, tables, dets)
    _apply_ids(tables, dets, plan)
    return plan, stored, facts


def _apply_ids(tables: list[RawTable], dets: list[Detection], plan: IdPlan) -> None:
    """Rewrite the id columns of the tables as the plan says (before validation)."""
    if not plan.mapping:
        return
    for raw, det in zip(tables, dets):
        cols = [src for src, fld in det.mapping.items() if fld in _ID_FIELDS]
        raw.frame = raw.frame.with_columns(
            pl.col(c).replace_strict(plan.mapping, default=pl.col(c), return_dtype=pl.String)
            for c in cols
        )


class _NoChange(Exception):
    """A file imported before, imported again, would change nothing: roll back."""


def _changed_since(con: duckdb.DuckDBPyConnection, import_id: str) -> bool:
    """True when a file was loaded after this import (an earlier file may then restore)."""
    t = db.q(S.IMPORTS.name)
    return con.execute(
        f"SELECT EXISTS (SELECT 1 FROM {t} WHERE status = 'loaded' AND finished_at > "
        f"(SELECT max(finished_at) FROM {t} WHERE import_id = $id))",
        {"id": import_id},
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
        detections = [detect(t, mapping) for t in tables]
        tables, detections, month_warnings = cycles_from_months(con, tables, detections, lang)
        plan, stored_ids, facts = settle_ids(con, name, tables, detections)
        step(0.4, "validate")
        book = read_scale_book(con)
        prepared = []
        for t, d in zip(tables, detections):
            prepared.append(prepare(t, d, mapping, lang, book))
    except ImportRejected as exc:
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
        raise
    notes, doubts = split_id_doubts(plan.notes)
    result = ImportResult(name, import_id, "loaded", detections=detections, notes=notes)
    result.warnings.extend([*month_warnings, *doubts])
    step(0.7, "write")
    try:
        with db.transaction(con):
            _write_tables(con, import_id, name, tables, prepared, result, mapping.mode, lang)
            if prior is not None and result.changed == 0:
                raise _NoChange
            _save_id_facts(con, facts, stored_ids)
            _finish_general(con, result, name, sha, tables, detections, started, lang)
    except _NoChange:
        assert prior is not None
        return _unchanged(prior)
    loaded_rows = sum(v for k, v in result.loaded.items() if k not in _ATTRIBUTES)
    if prior is not None:
        result.notes.append(("restored", {"file": name, "when": prior.message_params["when"]}))
    result.message_code = "import_done"
    result.message_params = {
        "file": name,
        "loaded": loaded_rows,
        "replaced": result.replaced,
        "quarantined": result.quarantined_rows,
        "cells": result.quarantined,
    }
    step(1.0, "done")
    return result


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
    loaded_rows = sum(v for k, v in result.loaded.items() if k not in _ATTRIBUTES)
    done = {
        "file": name,
        "loaded": loaded_rows,
        "replaced": result.replaced,
        "quarantined": result.quarantined_rows,
        "cells": result.quarantined,
    }
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
            "rows_loaded": loaded_rows,
            "rows_quarantined": result.quarantined_rows,
            "cells_quarantined": result.quarantined,
            "rows_replaced": result.replaced,
            "status": "loaded",
            "message": render("import_done", lang, **done),
            "message_code": "import_done",
            "message_params": _params_json(done),
        },
    )
    db.bump_version(con)


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
    step(0.25, "validate")
    cycle_col = next(c for c, f in det.mapping.items() if f == "cycle")
    first_labels = (
        sample.frame.get_column(cycle_col).drop_nulls().unique(maintain_order=True).to_list()
    )
    roles = fastload.roles_with(mapping.roles)
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
    def said(self) -> _Said:
        """Where the replacement says what it did (the warnings and notes of this log)."""
        return _Said(self.name, self.mode, self.warnings, self.notes)


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
    log.warnings = _odd_dimension_scales(log.det, choices, log.name, log.lang)
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
    log.warnings.extend(_undated(loaded.cycles, log.name))
    _store_scales(con, log.det.scales, import_id)
    fastload.fix_loaded(con, loaded, batches)
    if fastload.has_duplicates(con, store, batches) or not _ids_settled(con, store, batches):
        raise _NotClean
    _upsert_cycles(con, loaded.cycles)
    mine = batches.mine()
    ids = [c.cycle_id for c in loaded.cycles]
    if _stored(con, ids, f"NOT ({mine})"):
        replaced, changed = _replace_from(
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
    _store_scales(con, log.det.scales, log.import_id)
    log.warnings.extend(_undated(plan.cycles, log.name))
    _upsert_cycles(con, plan.cycles)
    if _stored(con, [c.cycle_id for c in plan.cycles]):
        sql = fastload.select_sql(plan, fastload.scale_batches(con, plan, batches))
        con.execute(f"CREATE OR REPLACE TEMP TABLE _fast AS {sql}")
        if fastload.has_duplicates(con, "_fast") or not _ids_settled(con, "_fast"):
            raise _NotClean
        replaced, changed = _replace_from(
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
    text (``fastload.ids_are_clean``) that no id rule changes or lists (``_ids_need_plan``).
    One scan of the loaded ids serves both checks; the stored ids' facts then count them."""
    loaded = fastload.loaded_ids(con, relation, batches)
    if not fastload.ids_are_clean(con, relation, batches, ids=loaded):
        return False
    ids = pl.concat([loaded.get_column("employee_id"), loaded.get_column("rater_id")])
    where = "TRUE" if batches is None else f"NOT ({batches.mine()})"
    facts = _id_facts(con, where)
    if _ids_need_plan(con, ids, facts, where):
        return False
    _save_id_facts(con, facts, ids)
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
