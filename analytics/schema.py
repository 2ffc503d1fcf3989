"""The one place that names PerfLens tables, columns, dtypes and enumerations.

Every other module imports names from here, so a rename happens once and SQL identifiers
never come from user text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import polars as pl

__all__ = [
    "APPEALS",
    "APPEAL_AUDIT",
    "APPEAL_OUTCOMES",
    "APPEAL_RECORDS",
    "CADENCES",
    "CAL_AUDIT",
    "CAL_GRADES",
    "CAL_SESSIONS",
    "CAL_TABLES",
    "COMPANY_UNIT",
    "CYCLES",
    "DEFAULT_DB",
    "DIMENSION_SCALES",
    "EMPLOYEES",
    "GRADE_KEYS",
    "GRADE_SCALES",
    "IMPORTS",
    "KPI_DRIVER_FRACTIONS",
    "KPI_RESULTS",
    "META",
    "OUTCOMES",
    "OVERALL",
    "PERSON_GROUPS",
    "QUARANTINE",
    "RATER_NAMES",
    "RATER_ROLES",
    "REVIEWS",
    "REVIEW_BATCHES",
    "REVIEW_BATCH_SEQUENCE",
    "REVIEW_ROWS",
    "SOURCE_ROWS",
    "TABLES",
    "VIEWS",
    "Table",
    "grade_key",
    "natural_key",
]

DEFAULT_DB = "data/perflens.duckdb"
OVERALL = "overall"  # dimension name used when an export only carries a total score
#: the unit (peer group, department column) that stands for the whole company: a code the text
#: layer words (``unit.company``: 全公司 / Company), never a department's name
COMPANY_UNIT = "company"

#: the KPI drivers' columns that are fractions of attainment (a contribution of -0.077 is -7.7
#: percentage points), in the order the drivers' tables give them
#: (:func:`analytics.stats.attribution.kpi_drivers_by_department`; the employees' table has all
#: but the contribution's standard error and interval). Spelt here, not in the attribution
#: module that exports it, because the labels (``analytics.text``, a layer below the
#: statistics) show them as percentages too.
KPI_DRIVER_FRACTIONS: tuple[str, ...] = (
    "weight_from",
    "weight_to",
    "attainment_from",
    "attainment_to",
    "contribution",
    "contribution_se",
    "contribution_ci95_low",
    "contribution_ci95_high",
    "from_attainment",
    "from_weight",
    "total_change",
    "share_of_change",
)
RATER_ROLES: tuple[str, ...] = ("self", "manager", "peer", "skip_level", "subordinate")
CADENCES: tuple[str, ...] = ("monthly", "quarterly", "semiannual", "annual", "other")

# Ordinal grade scales, best grade first. The normalised score of a grade is its rank mapped
# evenly onto [0, 1] (worst = 0, best = 1); see docs/methods.md "Score normalisation".
GRADE_SCALES: dict[str, tuple[str, ...]] = {
    "SABCD": ("S", "A", "B", "C", "D"),
    "ABCDE": ("A", "B", "C", "D", "E"),
    "CN5": ("优秀", "良好", "合格", "待改进", "不合格"),
    "CN4": ("优秀", "良好", "合格", "待改进"),
    # the civil service's and state-owned companies' four grades (公务员考核规定: 优秀 at most
    # about 15% of those assessed, no share set for the others: no default guideline)
    "CNGOV": ("优秀", "称职", "基本称职", "不称职"),
    # Workday's standard five-point rating (its short forms 'Partially Meets' / 'Does Not Meet'
    # read the same: see grade_key)
    "WD5": (
        "Outstanding",
        "Exceeds Expectations",
        "Meets Expectations",
        "Partially Meets Expectations",
        "Does Not Meet Expectations",
    ),
}


def grade_key(label: str) -> str:
    """A grade label as compared with the scales: NFKC (full-width Ｓ is S), upper case, spaces
    collapsed, a trailing 'Expectations' dropped ('Partially Meets' = 'Partially Meets
    Expectations')."""
    key = " ".join(unicodedata.normalize("NFKC", str(label)).upper().split())
    return key.removesuffix(" EXPECTATIONS") if " " in key else key


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """A name as people sort it: its numbers by value (技术1组, 技术2组 … 技术10组, not 技术10组
    before 技术1组: rev30a item 11)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _DIGITS.split(str(text))
        if part
    )


#: each grade scale's labels as :func:`grade_key` compares them, best first
GRADE_KEYS: dict[str, tuple[str, ...]] = {
    n: tuple(grade_key(g) for g in labs) for n, labs in GRADE_SCALES.items()
}


@dataclass(frozen=True)
class Table:
    """A canonical table: its name, ordered columns with Polars dtypes, and natural key."""

    name: str
    columns: dict[str, pl.DataType]
    key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    def empty(self) -> pl.DataFrame:
        """An empty frame with exactly this table's columns and dtypes."""
        return pl.DataFrame(schema=self.columns)

    def conform(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Select/cast ``frame`` to this table's columns, adding missing ones as nulls."""
        exprs = []
        for col, dtype in self.columns.items():
            if col in frame.columns:
                exprs.append(pl.col(col).cast(dtype, strict=False))
            else:
                exprs.append(pl.lit(None, dtype=dtype).alias(col))
        return frame.select(exprs)


EMPLOYEES = Table(
    "employees",
    {
        "employee_id": pl.String,
        "name": pl.String,
        "department": pl.String,  # a path such as 销售中心/华东区; drill-down works by prefix
        "team": pl.String,
        "job_family": pl.String,
        "level": pl.String,
        "manager_id": pl.String,
        "location": pl.String,
        "hire_date": pl.Date,
    },
    key=("employee_id",),
)

CYCLES = Table(
    "cycles",
    {
        "cycle_id": pl.String,
        "label": pl.String,
        "cadence": pl.String,
        "start": pl.Date,
        "end": pl.Date,
        "ordering": pl.Int32,
    },
    key=("cycle_id",),
)

REVIEWS = Table(
    "reviews",
    {
        "cycle_id": pl.String,
        "employee_id": pl.String,
        "rater_id": pl.String,  # null only for aggregated sources in role-wide exports
        "rater_role": pl.String,
        "dimension": pl.String,
        "score_raw": pl.String,
        "score": pl.Float64,  # normalised to [0, 1]
        "scale": pl.String,  # e.g. "1-5", "0-100", "grade:SABCD"
        "weight": pl.Float64,
        "comment": pl.String,
        "submitted_at": pl.Datetime("us"),
        "import_id": pl.String,
    },
    key=("cycle_id", "employee_id", "rater_id", "rater_role", "dimension"),
)
"""The ratings as every frame and reader sees them: in the database a view (``VIEWS``) of
``review_rows`` joined with ``review_batches``.

Why two tables behind it: ``scale`` and ``import_id`` hold one value per (import, scale), yet
stored per row they cost 14% of a Parquet import at 31.8M ratings (10.1-10.3 s against
8.6-8.9 s with one integer ``batch`` per row: DuckDB analyses every stored string, while an
integer constant compresses for free). Readers that need neither (the analyses, the overview)
read ``review_rows`` and skip the join."""

REVIEW_ROWS = Table(
    "review_rows",
    {
        **{c: t for c, t in REVIEWS.columns.items() if c not in ("scale", "import_id")},
        "batch": pl.Int32,  # -> review_batches: the import that loaded the row and its scale
    },
    key=REVIEWS.key,
)

REVIEW_BATCHES = Table(
    "review_batches",
    {"batch": pl.Int32, "import_id": pl.String, "scale": pl.String},
    key=("batch",),
)
REVIEW_BATCH_SEQUENCE = "review_batch_numbers"  # unique batch numbers, also across connections

KPI_RESULTS = Table(
    "kpi_results",
    {
        "cycle_id": pl.String,
        "employee_id": pl.String,
        "kpi": pl.String,
        "period": pl.String,  # sub-period inside the cycle (e.g. month), null when not given
        "target": pl.Float64,
        "actual": pl.Float64,
        "weight": pl.Float64,
        "attainment": pl.Float64,  # actual / target
        "import_id": pl.String,
    },
    key=("cycle_id", "employee_id", "kpi", "period"),
)

OUTCOMES = Table(
    "outcomes",
    {
        "cycle_id": pl.String,
        "employee_id": pl.String,
        "final_score_raw": pl.String,
        "final_score": pl.Float64,  # normalised to [0, 1]
        "grade": pl.String,
        "potential": pl.String,
        "calibrated": pl.Boolean,
        "import_id": pl.String,
    },
    key=("cycle_id", "employee_id"),
)

APPEALS = Table(
    "appeals",
    {
        "cycle_id": pl.String,
        "employee_id": pl.String,
        "filed_at": pl.Date,
        "reason": pl.String,
        "status": pl.String,
        "grade_before": pl.String,
        "grade_after": pl.String,
        "import_id": pl.String,
        "outcome": pl.String,  # upheld (the grade stands) | overturned | partially; null: open
        "resolver": pl.String,  # who decided it
        "resolved_at": pl.Date,
    },
    key=("cycle_id", "employee_id", "filed_at"),
)
"""An appeal (申诉) against a cycle's final grade, as an appeal sheet gives it: the sheet's own
status words stay in ``status``; ``outcome`` is the code read from 处理结果 (维持/改判/部分改判)
or, without that column, from a status that says it (已驳回 -> upheld, 已调整 -> overturned)."""

#: an appeal's outcome (catalogue family ``appeal.outcome``); null: not resolved yet
APPEAL_OUTCOMES: tuple[str, ...] = ("upheld", "overturned", "partially")

PERSON_GROUPS = Table(
    "person_groups",
    {
        "employee_id": pl.String,
        "cycle_id": pl.String,  # null when the file gave no cycle: the person's value for any
        "group_column": pl.String,  # gender | age_band | tenure, or a header the mapping declares
        "value": pl.String,  # as written in the export (男, 30-39岁, 3-5年)
        "import_id": pl.String,
    },
    key=("employee_id", "cycle_id", "group_column"),
)
"""Group attributes kept at import for the adverse-impact check
(:mod:`analytics.calibration.adverse`): one row per person, cycle and group column. Location and
level stay in ``employees``; a later import's value replaces the stored one of the same key."""

SOURCE_ROWS = Table(
    "source_rows",
    {
        "cycle_id": pl.String,
        "employee_id": pl.String,
        "file": pl.String,
        "sheet": pl.String,  # null for a CSV or a one-sheet file read whole
        "row_number": pl.Int64,  # the row the user sees
        "headers": pl.String,  # JSON list: the file's headers, in the file's order
        "cells": pl.String,  # JSON list: the row's cells as read (text; null: empty)
        "id_header": pl.String,  # the header of the employee-id column
        "text_headers": pl.String,  # JSON list: id columns, kept as text even when digits
        "has_grade": pl.Boolean,  # the file carries the grade (a result file, not a rating one)
        "import_id": pl.String,
    },
    key=("cycle_id", "employee_id", "file", "sheet"),
)
"""The original row of each person's result (``OUTCOMES``) as the export wrote it, kept at
import because uploads are removed afterwards: the calibration write-back
(:mod:`analytics.calibration.original`) gives the HR system its own columns back."""

IMPORTS = Table(
    "imports",
    {
        "import_id": pl.String,
        "file": pl.String,
        "sha256": pl.String,
        "format": pl.String,
        "shape": pl.String,
        "started_at": pl.Datetime("us"),
        "finished_at": pl.Datetime("us"),
        "rows_read": pl.Int64,
        "rows_loaded": pl.Int64,
        "rows_quarantined": pl.Int64,  # distinct rows with a quarantined cell
        "rows_replaced": pl.Int64,
        "status": pl.String,  # loaded | duplicate | rejected
        "message": pl.String,  # in the language of the import (older rows: only this)
        "cells_quarantined": pl.Int64,  # quarantined cells (one row can have several)
        "message_code": pl.String,  # the message as a code (``import.<code>``) ...
        "message_params": pl.String,  # ... and its parameters (JSON): worded when shown
    },
    key=("import_id",),
)

QUARANTINE = Table(
    "quarantine",
    {
        "import_id": pl.String,
        "file": pl.String,
        "row_number": pl.Int64,  # 1-based data row as the user sees it (header = row 1 in CSV)
        "column": pl.String,
        "raw_value": pl.String,
        "reason": pl.String,  # in the language of the import (older rows: only this)
        "reason_code": pl.String,
        "reason_params": pl.String,  # the reason's parameters (JSON): worded when shown
        # the person of the row (null: none known, or stored before): whose department may
        # see it (the overview's count, findings.lazyscope.quarantined_rows)
        "employee_id": pl.String,
    },
)

DIMENSION_SCALES = Table(
    "dimension_scales",
    {
        "kind": pl.String,  # rating (a dimension's ratings) | final (the final score)
        "cycle_id": pl.String,
        "dimension": pl.String,
        "scale": pl.String,  # e.g. "1-5", "0-100"
        "source": pl.String,  # detected | mapping (declared in the mapping's ``scales``)
        "import_id": pl.String,  # the import that set it
    },
    key=("kind", "cycle_id", "dimension"),
)
"""The numeric scale each (cycle, dimension) was read on, kept so that a later file of the
same cycle (a correction, a restore, a few rows) is read on it and not re-detected from its
own few values, and a new cycle starts from the dimension's latest scale. Changed only by a
declared scale (mapping ``scales``)."""

CAL_SESSIONS = Table(
    "calibration_sessions",
    {
        "session_id": pl.String,
        "dataset": pl.String,
        "cycle_id": pl.String,
        "scope_kind": pl.String,  # department (a subtree) | people (a list)
        "scope": pl.String,  # the department path, or the people's ids as a JSON list
        "facilitator": pl.String,
        "participants": pl.String,  # JSON list of names
        "guideline": pl.String,  # JSON {grade: share}, best grade first
        "start": pl.String,  # imported | what_if (the guideline what-if) | stepwise (step-wise moves)
        "status": pl.String,  # draft | in_progress | closed
        "signed_by": pl.String,
        "signed_at": pl.Datetime("us"),
        "created_by": pl.String,
        "created_at": pl.Datetime("us"),
        "version": pl.Int64,  # one more with every change, sign-off and reopening
    },
    key=("session_id",),
)
"""A calibration meeting (``analytics.calibration``): what it covers and where it stands."""

CAL_GRADES = Table(
    "calibration_grades",
    {
        "session_id": pl.String,
        "employee_id": pl.String,
        "department": pl.String,
        "imported": pl.String,  # the grade of the import (outcomes), null when none
        "proposed": pl.String,  # where the meeting started: imported, or the what-if's grade
        "final": pl.String,
        "version": pl.Int64,  # changes of this person's final grade so far (concurrency)
    },
    key=("session_id", "employee_id"),
)

CAL_AUDIT = Table(
    "calibration_audit",
    {
        "session_id": pl.String,
        "seq": pl.Int64,  # 1, 2, ... within the session: the order of the changes
        "employee_id": pl.String,  # null for the session's own events
        "action": pl.String,  # create | move | undo | signoff | reopen
        "field": pl.String,  # final_grade | status
        "from_value": pl.String,
        "to_value": pl.String,
        "author": pl.String,
        "at": pl.Datetime("us"),
        "reason_category": pl.String,  # kpi_evidence | rater_effect | peer_evidence | other
        "reason_text": pl.String,
        "undoes": pl.Int64,  # the seq an undo takes back
        # the first seq of the change the row was saved with: the rows of one save (a grade
        # table's pending moves, a bins move of several people, a decisions file) share it,
        # and undo takes the whole change back (files written before it: filled by calstore)
        "change_seq": pl.Int64,
    },
    key=("session_id", "seq"),
)
"""Append-only: rows are inserted, never updated or deleted (``analytics.calibration``); the
one exception, once per file, is :mod:`analytics.store.calstore` filling ``change_seq`` of the
rows written before that column existed."""

APPEAL_RECORDS = Table(
    "appeal_records",
    {
        "appeal_id": pl.String,  # A1, A2, ... within the dataset
        "cycle_id": pl.String,
        "employee_id": pl.String,
        "grade_before": pl.String,  # the final grade appealed against
        "session_id": pl.String,  # the calibration session it was recorded in, if any
        "filed_at": pl.Date,
        "reason": pl.String,
        "outcome": pl.String,  # APPEAL_OUTCOMES; null while open
        "resolver": pl.String,
        "resolved_at": pl.Date,
        "grade_after": pl.String,
        "recorded_by": pl.String,
        "recorded_at": pl.Datetime("us"),
    },
    key=("appeal_id",),
)
"""An appeal recorded in the product (``analytics.calibration.appeals``): kept beside the
dataset's database in a small file of its own, not in it (``<db>.appeals.duckdb``)."""

APPEAL_AUDIT = Table(
    "appeal_audit",
    {
        "appeal_id": pl.String,
        "seq": pl.Int64,  # 1, 2, ... over the whole file: the order of the changes
        "employee_id": pl.String,
        "action": pl.String,  # record | resolve
        "field": pl.String,  # appeal | outcome
        "from_value": pl.String,
        "to_value": pl.String,
        "author": pl.String,
        "at": pl.Datetime("us"),
        "reason_text": pl.String,  # the appeal's reason (record)
        "outcome": pl.String,  # the decision (resolve)
        "session_id": pl.String,
    },
    key=("appeal_id", "seq"),
)
"""Append-only: rows are inserted, never updated or deleted."""

RATER_NAMES = Table(
    "rater_names",
    {
        "rater_id": pl.String,  # a rater's (or a manager's) id as the ratings store it
        "name": pl.String,  # as the file's rater-name column wrote it
        "import_id": pl.String,  # the import that named them
    },
    key=("rater_id", "import_id"),
)
"""The names a file gave beside its rater (or manager) ids (评价人姓名, Reviewer Name, 上级姓名):
one row per id and import, so that deleting an import brings back the name an earlier one
gave. Read with the roster (:func:`analytics.store.raternames.read_rater_names`): the latest
import's name of an id, and the roster's name wins over it."""

META = Table("meta", {"key": pl.String, "value": pl.String}, key=("key",))

TABLES: tuple[Table, ...] = (  # the stored tables (``reviews`` is a view, see VIEWS)
    EMPLOYEES,
    CYCLES,
    REVIEW_ROWS,
    REVIEW_BATCHES,
    KPI_RESULTS,
    OUTCOMES,
    APPEALS,
    PERSON_GROUPS,
    SOURCE_ROWS,
    IMPORTS,
    QUARANTINE,
    DIMENSION_SCALES,
    RATER_NAMES,
    META,
)

#: the calibration sessions' tables: kept in a file of their own beside the dataset's database
#: (``analytics.store.calstore``), not in ``TABLES``
CAL_TABLES: tuple[Table, ...] = (CAL_SESSIONS, CAL_GRADES, CAL_AUDIT)


def _reviews_view() -> str:
    """``reviews``: each stored rating with its batch's scale and import, columns in order."""
    cols = ", ".join(
        f'b."{c}"' if c in REVIEW_BATCHES.columns else f'r."{c}"' for c in REVIEWS.names
    )
    return (
        f'SELECT {cols} FROM "{REVIEW_ROWS.name}" r '
        f'LEFT JOIN "{REVIEW_BATCHES.name}" b ON b.batch = r.batch'
    )


VIEWS: dict[str, str] = {REVIEWS.name: _reviews_view()}
