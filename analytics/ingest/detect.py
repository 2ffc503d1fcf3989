"""Detection: which canonical fields a table's columns hold, its shape (long, one column per
dimension or rater role, KPIs, outcomes, appeals, roster) and the tables it feeds. Shown to
the user before loading (:func:`detect_file`); structural problems refuse the file here."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analytics import schema as S
from analytics.ingest.headers import (
    GROUP_FIELDS,
    ROLE_SCORE_FIELDS,
    SYNONYMS,
    is_attainment_header,
    is_kpi_header,
    map_headers,
    normalise_header,
)
from analytics.ingest.mapping import Mapping
from analytics.ingest.readers import ROW, RawTable
from analytics.ingest.scales import ScaleChoice, not_rated_expr, number_expr, placeholder_expr
from analytics.ingest.screen import (
    number_examples,
    numeric_grades_as_scores,
    percent_over_hundred,
)
from analytics.ingest.sources import read_mapped
from analytics.text.messages import ImportRejected

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


OUTCOME_FIELDS = ("final_score", "grade", "potential", "calibrated")
#: the warnings that say a table's scores load as results only (no rater analyses from it):
#: dropped when the dataset or another sheet carries ratings
RESULTS_ONLY_WARNINGS = ("no_rater_results_only", "rater_without_scores")


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
    # those of them whose cell is the attainment itself (目标完成率 '120%', or percentages past
    # 100% under any header): never a rating dimension, said in a warning
    attainment_columns: list[str] = field(default_factory=list)
    # guesses about the table the user must see (a rater read as the manager, the columns not
    # imported …): warnings of the preview and of the import (``prepare`` passes them on)
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    # a per-person results table (one rater a person and cycle, no role column): the rater
    # column, whose people are read as the persons' managers (said in a warning)
    rater_is_manager: str | None = None
    # the total (总分) of a table with dimension columns: the rater's score of the person,
    # the dimensions kept beside it with weight 0 (said in a note)
    total_column: str | None = None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _looks_like_scores(series: pl.Series) -> bool:
    # NaN, N/A …, 未评, 缺考: missing (tested in one pass: a Series' string steps each run on
    # their own, about ten per column)
    v = pl.col("v")
    missing = (placeholder_expr(v) | not_rated_expr(v)).fill_null(False)
    vals = series.to_frame("v").select(v.filter(v.is_not_null() & ~missing)).to_series()
    if vals.len() == 0:
        return False
    num = vals.to_frame("v").select(number_expr(pl.col("v"))).to_series()  # '4分', '85%'
    grades = {g for labels in S.GRADE_KEYS.values() for g in labels}
    # 'Meets Expectations' too; each distinct cell read once (a column repeats a few labels)
    labels = [v for v in vals.unique().to_list() if S.grade_key(v) in grades]
    ok = num.is_not_null() | vals.is_in(pl.Series(labels, dtype=vals.dtype))
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
    """True for a header naming a person's attribute (年龄, 工龄, 出勤天数, Age …) or a KPI's
    attainment (目标完成率), not a rating."""
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    if any(w in text for w in _NOT_RATING_ZH) or is_attainment_header(text):
        return True
    return bool(set(re.split(r"[^a-z0-9]+", text)) & _NOT_RATING_EN)


#: headers of a column that numbers the export's lines (序号 1, 2, 3 …), no fact about anyone
_ROW_NUMBER_HEADERS = frozenset({"序号", "行号", "no", "no.", "#", "nr.", "s/n", "sn"})


def row_number_column(header: str) -> bool:
    """True for a header naming the export's line numbers (序号, No., #): ignored, not read as
    an attribute or a rating."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(header))).lower()
    return text in _ROW_NUMBER_HEADERS


def _excluded(columns: list[str], mapping: Mapping) -> list[str]:
    wanted = {normalise_header(c) for c in mapping.exclude}
    return [c for c in columns if normalise_header(c) in wanted]


def detect(raw: RawTable, mapping: Mapping | None = None) -> Detection:
    """Decide the shape of one table and the tables it feeds; raise for structural problems.
    The steps: fields from headers, fields read again from what else the table holds, group
    and KPI columns, then the shape and its tables."""
    mapping = mapping or Mapping()
    everything = [c for c in raw.frame.columns if c != ROW]
    excluded = _excluded(everything, mapping)
    columns = [c for c in everything if c not in excluded]
    col_map, unmapped = _header_fields(columns, mapping)
    sheet_txt = f" [{raw.sheet}]" if raw.sheet else ""
    if "employee_id" not in set(col_map.values()):
        raise ImportRejected(
            "no_employee_column",
            file=raw.file,
            sheet=sheet_txt,
            # header words people write ("employee id"), not the field's identifier
            expected=" / ".join(SYNONYMS["employee_id"][4:] + SYNONYMS["employee_id"][1:2]),
            found=columns,
            row=raw.header_rows[0],
            example=columns[0] if columns else "",
        )
    notes = list(raw.notes)
    col_map = _fields_read_again(col_map, raw.file, sheet_txt, notes)
    fixed = {normalise_header(c) for c in mapping.columns}
    col_map, numeric = numeric_grades_as_scores(raw.frame, col_map, fixed)  # 1-5 Overall Rating
    if numeric:
        values = number_examples(raw.frame.get_column(numeric))
        notes.append(
            ("grade_numbers_as_score", {"file": raw.file, "column": numeric, "values": values})
        )
    forced = [
        c
        for c in unmapped
        if normalise_header(c) in {normalise_header(d) for d in mapping.dimensions}
    ]
    warnings: list[tuple[str, dict]] = []
    col_map = _score_beside_roles(raw, col_map, unmapped, sheet_txt, warnings)
    col_map = _score_by_manager(raw, col_map, unmapped, fixed, sheet_txt, warnings)
    col_map = _manager_as_rater(raw, col_map, unmapped, forced, fixed, sheet_txt, warnings)
    col_map = _total_per_rater(raw, col_map, unmapped, fixed, sheet_txt, warnings)
    fields = set(col_map.values())
    row_numbers = [c for c in unmapped if row_number_column(c) and c not in forced]
    if row_numbers:  # 序号 / No. / #: the export's line numbers, said in one line
        unmapped = [c for c in unmapped if c not in row_numbers]
        notes.append(
            ("row_number_ignored", {"file": raw.file, "sheet": sheet_txt, "columns": row_numbers})
        )
    groups, kpi_cols = _group_and_kpi_columns(raw, col_map, unmapped, forced, mapping)
    unmapped = [c for c in unmapped if c not in groups and c not in kpi_cols]
    shape, tables, dims, not_dims = _shape(raw, col_map, unmapped, forced)
    if shape != "wide_role":  # role columns only a wide-by-role table reads: listed, not lost
        unused = [c for c, f in col_map.items() if f in ROLE_SCORE_FIELDS]
        col_map = {c: f for c, f in col_map.items() if c not in unused}
        unmapped = unmapped + [c for c in unused if c not in unmapped]
    if "kpi" in fields or kpi_cols:
        tables.append("kpi_results")
        shape = shape or "kpi"
    shape = _attribute_tables(raw, fields, unmapped, forced, sheet_txt, shape, tables, groups)
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
    dets = Detection(
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
        attainment_columns=[c for c in kpi_cols if _attainment(raw.frame.get_column(c))],
        warnings=warnings,
    )
    _results_file(raw, dets, col_map, sheet_txt)
    return dets


def _results_file(raw: RawTable, det: Detection, col_map: dict[str, str], sheet_txt: str) -> None:
    """What the detection guessed about a per-person results table, said before the import:
    its one rater a person read as their manager, its total as the score, the columns not
    imported, and (without a rater) that the rater analyses will be unavailable."""
    src_of = {f: c for c, f in col_map.items()}
    where = {"file": raw.file, "sheet": sheet_txt}
    one_each = det.shape == "wide_dimension" and _one_rater_each(raw.frame, src_of)
    if one_each and "rater_id" in src_of and "rater_role" not in src_of:
        det.rater_is_manager = src_of["rater_id"]
    # a total beside one rater's dimensions is that rater's total; beside several raters'
    # rows it is the person's final score, repeated on each (an outcome only)
    if one_each and "final_score" in src_of:
        det.total_column = src_of["final_score"]
        if det.dimension_columns:
            det.warnings.append(
                (
                    "total_is_score",
                    where | {"total": det.total_column, "columns": det.dimension_columns},
                )
            )
    if "outcomes" in det.tables and "reviews" not in det.tables:
        # never ask to map a rater column that is mapped already (rev30a item 5)
        rater = src_of.get("rater_id", src_of.get("rater_role"))
        if rater:
            det.warnings.append(("rater_without_scores", where | {"rater": rater}))
        elif {"final_score", "grade", "score"} & src_of.keys():  # not a 潜力 sheet (rev32a 4)
            det.warnings.append(("no_rater_results_only", where))
    # a column of ratings not imported is data lost from every analysis: a warning of its own
    scored = [c for c in det.unmapped if _score_like(raw.frame.get_column(c), c)]
    if scored:
        det.warnings.append(("score_columns_not_imported", where | {"columns": scored}))
    rest = [c for c in det.unmapped if c not in scored]
    if rest:
        det.warnings.append(("columns_not_imported", where | {"columns": rest}))


def _score_like(series: pl.Series, header: str) -> bool:
    """A column that holds ratings: mostly numbers of a rating scale (0-100 at most) or grades,
    under a header that names no personal attribute (年龄, 工龄 …)."""
    if not_a_rating(header) or not _looks_like_scores(series):
        return False
    num = series.cast(pl.String).to_frame("v").select(number_expr(pl.col("v"))).to_series()
    num = num.drop_nulls()
    return num.is_empty() or bool(num.is_between(0, 100).mean() > SCORE_COLUMN_SHARE)  # type: ignore[operator]


#: share of (person, cycle) rows allowed a second rater in a "one rater each" results table
#: (a person listed twice, say): those duplicates are quarantined one by one
ONE_RATER_SHARE = 0.05


def _one_rater_each(frame: pl.DataFrame, src_of: dict[str, str]) -> bool:
    """Whether nearly every person has one rater in each cycle (the sheet when it has no cycle
    column): a per-person results table, whose rater is the person's manager."""
    key = [src_of["employee_id"]] + ([src_of["cycle"]] if "cycle" in src_of else [])
    rater = [src_of[f] for f in ("rater_id", "rater_role") if f in src_of]
    per = frame.group_by(key).agg(pl.struct(rater).n_unique().alias("n"))
    return bool(per.height) and float((per.get_column("n") > 1).mean()) <= ONE_RATER_SHARE  # type: ignore[arg-type]


def _score_beside_roles(
    raw: RawTable,
    col_map: dict[str, str],
    unmapped: list[str],
    sheet_txt: str,
    warnings: list[tuple[str, dict]],
) -> dict[str, str]:
    """A generic score column (rating, score, 得分, 评分) beside one column per rater role
    (self_rating, 同事评分 …) and no role or dimension column: the manager's rating when the
    table has no manager column of scores, rated by the rater column (考核人工号) or else the
    manager column (manager_id, 直属上级工号); the final score when the manager's is there;
    else not imported (listed). Said in ``warnings``: never dropped without a word. A rater
    column naming several raters a person and cycle is a long table's: left alone."""
    fields = set(col_map.values())
    if (
        "score" not in fields
        or not fields & set(ROLE_SCORE_FIELDS)
        or fields & {"rater_role", "dimension"}
    ):
        return col_map
    src_of = {f: c for c, f in col_map.items()}
    if "rater_id" in fields and not _one_rater_each(raw.frame, src_of):
        return col_map
    src = src_of["score"]
    where = {"file": raw.file, "sheet": sheet_txt, "column": src}
    if "manager_score" not in fields:
        rater = src_of.get("rater_id", src_of.get("manager_id"))
        if rater:
            warnings.append(("score_as_manager_rating", where | {"rater": rater}))
        else:
            warnings.append(("score_as_manager_no_rater", where))
        return {c: ("manager_score" if c == src else f) for c, f in col_map.items()}
    if "final_score" not in fields:
        warnings.append(("score_as_final_score", where))
        return {c: ("final_score" if c == src else f) for c, f in col_map.items()}
    unmapped.append(src)  # a third score beside the manager's and the final: listed
    return {c: f for c, f in col_map.items() if c != src}


def _total_per_rater(
    raw: RawTable,
    col_map: dict[str, str],
    unmapped: list[str],
    fixed: set[str],
    sheet_txt: str,
    warnings: list[tuple[str, dict]],
) -> dict[str, str]:
    """A long 360 table (评价人工号 / 评价关系 / 总分, several raters a person and cycle) whose
    total the headers read as the final score: when that column differs between the rows of
    one person and cycle it is each rater's score, not the person's result repeated on every
    row (rev30a item 5). Said in ``warnings`` with how to change it; a column the user set
    stays as set, and a table with other score columns (dimensions) is left alone."""
    fields = set(col_map.values())
    if (
        "final_score" not in fields
        or "score" in fields
        or not fields & {"rater_id", "rater_role"}
        or fields & set(ROLE_SCORE_FIELDS)
    ):
        return col_map
    src_of = {f: c for c, f in col_map.items()}
    src = src_of["final_score"]
    others = [c for c in unmapped if _looks_like_scores(raw.frame.get_column(c))]
    if normalise_header(src) in fixed or others or not _varies_per_person(raw.frame, src_of, src):
        return col_map
    rater = src_of.get("rater_id", src_of.get("rater_role"))
    warnings.append(
        ("total_as_rating", {"file": raw.file, "sheet": sheet_txt, "column": src, "rater": rater})
    )
    return {c: ("score" if c == src else f) for c, f in col_map.items()}


def _varies_per_person(frame: pl.DataFrame, src_of: dict[str, str], column: str) -> bool:
    """Whether ``column`` holds different values on the rows of one person and cycle in more
    than :data:`ONE_RATER_SHARE` of those with several rows (a result repeated on each rater's
    row is the same on all of them)."""
    key = [src_of["employee_id"]] + ([src_of["cycle"]] if "cycle" in src_of else [])
    per = (
        frame.group_by(key)
        .agg(n=pl.len(), k=pl.col(column).drop_nulls().n_unique())
        .filter(pl.col("n") > 1)
    )
    return bool(per.height) and float((per.get_column("k") > 1).mean()) > ONE_RATER_SHARE  # type: ignore[arg-type]


def _score_by_manager(
    raw: RawTable,
    col_map: dict[str, str],
    unmapped: list[str],
    fixed: set[str],
    sheet_txt: str,
    warnings: list[tuple[str, dict]],
) -> dict[str, str]:
    """A manager-only export (Employee ID / Manager ID / Score, one row a person and cycle, no
    rater, role or dimension column): the score is the manager's rating of the person, rated by
    the manager column (rev31b item 2: it loaded as results only, and the page's hint to set the
    manager column to the rater id made every rating a peer's). Said in ``warnings``; a score
    or manager column the user set stays as set."""
    fields = set(col_map.values())
    if (
        not {"score", "manager_id"} <= fields
        or fields & ({"rater_id", "rater_role", "dimension"} | set(ROLE_SCORE_FIELDS))
        or any(_looks_like_scores(raw.frame.get_column(c)) for c in unmapped)
    ):
        return col_map
    src_of = {f: c for c, f in col_map.items()}
    src, manager = src_of["score"], src_of["manager_id"]
    if {normalise_header(src), normalise_header(manager)} & fixed:
        return col_map
    key = [src_of["employee_id"]] + ([src_of["cycle"]] if "cycle" in src_of else [])
    per = raw.frame.group_by(key).len()
    if not per.height or float((per.get_column("len") > 1).mean()) > ONE_RATER_SHARE:  # type: ignore[arg-type]
        return col_map
    where = {"file": raw.file, "sheet": sheet_txt, "column": src, "rater": manager}
    warnings.append(("score_by_manager", where))
    return {c: ("manager_score" if c == src else f) for c, f in col_map.items()}


def _manager_as_rater(
    raw: RawTable,
    col_map: dict[str, str],
    unmapped: list[str],
    forced: list[str],
    fixed: set[str],
    sheet_txt: str,
    warnings: list[tuple[str, dict]],
) -> dict[str, str]:
    """A results table with scores, a manager column (直属上级工号) and nobody else named as the
    rater: the manager column names the rater of the scores (said in ``warnings``). A manager
    column the user set as such stays one."""
    fields = set(col_map.values())
    if "manager_id" not in fields or fields & {"rater_id", "rater_role", "score"}:
        return col_map
    if fields & set(ROLE_SCORE_FIELDS):  # 上级评分 beside the manager column: wide by role
        return col_map
    src = next(c for c, f in col_map.items() if f == "manager_id")
    if normalise_header(src) in fixed:
        return col_map
    scores = forced or [
        c for c in unmapped if _looks_like_scores(raw.frame.get_column(c)) and not not_a_rating(c)
    ]
    if not scores:  # a final score alone beside a manager column: results, not ratings
        return col_map
    said = {"file": raw.file, "sheet": sheet_txt, "column": src}
    warnings.append(("manager_column_as_rater", said))
    return {c: ("rater_id" if c == src else f) for c, f in col_map.items()}


def _header_fields(columns: list[str], mapping: Mapping) -> tuple[dict[str, str], list[str]]:
    """Source column -> canonical field by header (and the mapping's ``columns``), and the
    columns left unmapped."""
    col_map, unmapped = map_headers(columns, mapping.columns)
    # a column the user names a dimension is one, even when its header names a field (评分):
    # only the user's own field for it (``columns``) wins over that
    named = {normalise_header(d) for d in mapping.dimensions}
    fixed = {normalise_header(c) for c, f in mapping.columns.items() if f}
    made = [c for c in col_map if normalise_header(c) in named - fixed]
    if made:
        col_map = {c: f for c, f in col_map.items() if c not in made}
        unmapped = [c for c in columns if c in made or c in unmapped]
    return _bare_outcome(col_map, unmapped)


#: a header that names an appeal's outcome only beside other appeal columns (申诉日期 …): alone
#: 结果 could be any result (a grade, a KPI's)
_BARE_OUTCOME = frozenset(("结果", "result", "审核结果", "审批结果", "结论"))


def _bare_outcome(col_map: dict[str, str], unmapped: list[str]) -> tuple[dict[str, str], list[str]]:
    """A 结果 column of an appeal sheet (one with 申诉日期, 申诉原因 …) is its outcome."""
    fields = set(col_map.values())
    if "outcome" in fields or not fields & (set(APPEAL_FIELDS) - {"outcome"}):
        return col_map, unmapped
    bare = next((c for c in unmapped if normalise_header(c) in _BARE_OUTCOME), None)
    if bare is None:
        return col_map, unmapped
    return {**col_map, bare: "outcome"}, [c for c in unmapped if c != bare]


def _fields_read_again(
    col_map: dict[str, str], file: str, sheet_txt: str, notes: list[tuple[str, dict]]
) -> dict[str, str]:
    """Fields whose meaning the other fields decide: a dimension beside target/actual is a
    KPI; a grade per rater and dimension is a rating (said in ``notes``)."""
    fields = set(col_map.values())
    # 月份 is a KPI's month inside its cycle; in a table of ratings or results with no cycle
    # column it is the cycle (a monthly review, rev30a item 6)
    if (
        "period" in fields
        and "cycle" not in fields
        and fields & ({"score", "rater_id", "rater_role", "grade"} | set(OUTCOME_FIELDS))
        and not fields & {"kpi", "target", "actual", "attainment"}
    ):
        col_map = {c: ("cycle" if f == "period" else f) for c, f in col_map.items()}
        fields = set(col_map.values())
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
    # 指标 is both too: rated by a rater with a score and no target/actual, it is the rating's
    # dimension (rev29a item 7: 评估人编号 / 评估类型 / 指标 / 分值 loaded as a KPI table)
    if (
        "kpi" in fields
        and "dimension" not in fields
        and "score" in fields
        and fields & {"rater_id", "rater_role"}
        and not fields & {"target", "actual", "attainment"}
    ):
        src = next(c for c, f in col_map.items() if f == "kpi")
        col_map[src] = "dimension"
        fields = set(col_map.values())
    # a grade per person × rater × dimension (评价人 / 考核维度 / 考核结果, no score column) is a
    # rating on a grade scale, not the person's final grade repeated on every row
    if (
        "grade" in fields
        and "score" not in fields
        and "dimension" in fields
        and fields & {"rater_id", "rater_role"}
    ):
        src = next(c for c, f in col_map.items() if f == "grade")
        col_map[src] = "score"
        notes.append(("grades_as_ratings", {"file": file, "sheet": sheet_txt, "column": src}))
    return col_map


def _shape(
    raw: RawTable, col_map: dict[str, str], unmapped: list[str], forced: list[str]
) -> tuple[str, list[str], list[str], list[str]]:
    """The ratings' shape (long, one column per dimension, one per rater role, or none yet),
    its tables, the dimension columns and the numeric columns that are no dimension."""
    fields = set(col_map.values())
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
        # a total (总分) with one rater a person and cycle is that rater's rating
        src_of = {f: c for c, f in col_map.items()}
        if not dims and role_cols and "rater_role" not in fields:
            shape, tables = "wide_role", ["reviews"]  # 考核人工号 beside 上级评分: its rater
        elif dims or ("final_score" in fields and _one_rater_each(raw.frame, src_of)):
            shape, tables = "wide_dimension", ["reviews"]
    elif role_cols:
        shape, tables = "wide_role", ["reviews"]
    return shape, tables, dims, not_dims


def _attribute_tables(
    raw: RawTable,
    fields: set[str],
    unmapped: list[str],
    forced: list[str],
    sheet_txt: str,
    shape: str,
    tables: list[str],
    groups: dict[str, str],
) -> str:
    """Add the appeals, outcomes, roster and group tables the fields call for to ``tables``;
    the shape then (the first table's, unless ratings or KPIs gave one). Scores per cycle with
    nobody named as their rater refuse the file."""
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
    return shape


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
            or (_kpi_like(raw.frame.get_column(c)) and _mostly_numbers(raw.frame.get_column(c)))
        )
    ]
    return groups, kpis


def _kpi_like(series: pl.Series) -> bool:
    """A header of business results (销售额) or an attainment: a KPI, never a rating
    dimension (whose 120% would be quarantined)."""
    return is_kpi_header(str(series.name)) or _attainment(series)


def _attainment(series: pl.Series) -> bool:
    """A header of attainment (目标完成率) or percentages past 100% ('120%'): the share of a
    target reached."""
    return is_attainment_header(str(series.name)) or percent_over_hundred(series)


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
    for raw in read_mapped(path, sheet, mapping or Mapping()):
        out.append((detect(raw, mapping), raw.frame.head(20).drop(ROW)))
    return out


def rater_warning_once(detections: list[Detection]) -> None:
    """Drop the "no rater column: rater analyses unavailable" warning of a results sheet when
    another table of the same file carries ratings (the 考核明细 beside the 最终等级 sheet of
    one workbook): the analyses come from those (rev28a item 8)."""
    if any("reviews" in d.tables for d in detections):
        for d in detections:
            d.warnings[:] = [w for w in d.warnings if w[0] not in RESULTS_ONLY_WARNINGS]
