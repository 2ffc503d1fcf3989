"""The write-back file of a signed-off session: what the HR system re-imports.

Each person's original row of the export their grade came from (kept at import:
:mod:`analytics.calibration.original`), every header as the export wrote it and in its order,
cells as written (numbers stay numbers, ids text), the export's own grade column untouched;
then the appended columns in the user's language: the final grade (the column the HR system
re-imports as the grade), the change (``A → B``) and its reason (category and text, who and
when). A dataset imported before the original rows were kept gets the canonical columns of
the result table instead (``OUTCOMES`` under ``column.*`` headers). Text that a spreadsheet
would run as a formula is neutralised. The workbook adds the "original vs calibrated" summary
and the audit trail.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

import polars as pl

from analytics.auth.roles import LOCAL_ADMIN, user_words
from analytics.calibration.adverse import Adverse, readable, sentences
from analytics.calibration.fit import live_fit
from analytics.calibration.moves import WHAT_IF, Refused
from analytics.calibration.original import Original, typed_cell
from analytics.calibration.sessions import Session
from analytics.export.cells import for_people, neutralise
from analytics.export.xlsx import reading_formats, workbook, write_rows, write_sheet
from analytics.ingest.headers import field_of
from analytics.text.labels import column_label
from analytics.text.render import format_when, iso_when, render, sheet_when
from analytics.threadsafe import each

__all__ = [
    "APPENDED",
    "audit_frame",
    "on_original",
    "signed",
    "summary",
    "to_csv",
    "to_xlsx",
    "worded",
]

#: the columns appended to the export's own (headers in the user's language)
APPENDED = (
    "final_grade",
    "grade_change",
    "reason_category",
    "reason_text",
    "changed_by",
    "changed_at",
)


def _word(frame: pl.DataFrame, column: str, family: str, lang: str) -> pl.Series:
    return each(frame[column], lambda c: render(f"calib.{family}.{c}", lang), pl.String)


def _author(column: str, lang: str) -> pl.Expr:
    """Who made a change as people read it: the local administrator by name, not its key
    (rev19d); the grades the guideline what-if proposed at creation as the system's proposal,
    not the internal author ``what_if`` (rev21 item 8); anyone else as signed in."""
    words = {
        LOCAL_ADMIN.user: user_words(LOCAL_ADMIN.user, lang),
        WHAT_IF: render("calib.author.what_if", lang),
    }
    return pl.col(column).replace(words)


def _stamped(frame: pl.DataFrame, column: str) -> pl.Series:
    """A stored time as the files say it: in the zone the screen says it in, with its offset
    (:func:`~analytics.text.render.iso_when`)."""
    return each(frame[column], iso_when, pl.String)


def written(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The write-back rows as the files hold them: :func:`worded`, the time of each change in
    the reader's zone with its offset ("2026-12-05 23:02:28+08:00"), not the stored UTC time
    without a zone (left29 item 3)."""
    out = worded(rows, lang)
    return out.with_columns(_stamped(out, "changed_at"))


def worded(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The write-back rows with their reason category and author in words."""
    out: list = [_word(rows, "reason_category", "reason", lang)]
    if "changed_by" in rows.columns:
        out.append(_author("changed_by", lang))
    return rows.with_columns(out)


def summary(session: Session) -> pl.DataFrame:
    """Original vs calibrated: per guideline grade, the imported count, the final count, the
    difference and the guideline's target for the session's size; ``moved_up_from`` /
    ``moved_down_from`` count the people of the row's imported grade whose final grade is
    better / worse (counted on the grade they left, and headed so: "优秀 变动 1, 上调人数 0"
    beside "合格 上调人数 2" read as a contradiction, rev26a item 8)."""
    guideline: Mapping[str, float] = session.guideline
    order = {g: i for i, g in enumerate(guideline)}
    g = session.grades
    before = live_fit(g, guideline, "imported").select(
        "grade", pl.col("count").alias("original_count")
    )
    after = live_fit(g, guideline, "final").select(
        "grade", pl.col("count").alias("calibrated_count"), "target_count"
    )
    imp = pl.col("imported").replace_strict(order, default=None, return_dtype=pl.Int64)
    fin = pl.col("final").replace_strict(order, default=None, return_dtype=pl.Int64)
    moved = (
        g.filter(imp.is_not_null() & fin.is_not_null())
        .group_by(pl.col("imported").alias("grade"))
        .agg(moved_up_from=(fin < imp).sum(), moved_down_from=(fin > imp).sum())
    )
    return (
        before.join(after, on="grade", maintain_order="left")
        .with_columns(change=pl.col("calibrated_count") - pl.col("original_count"))
        .join(moved, on="grade", how="left", maintain_order="left")
        .with_columns(pl.col("moved_up_from", "moved_down_from").fill_null(0).cast(pl.Int64))
    )


def audit_frame(session: Session, lang: str, screen: bool = False) -> pl.DataFrame:
    """The audit trail as people read it: action, status and reason worded; ``screen``: each
    time as the page's other times say it ("2026年12月6日 14:38（UTC）", rev32a finding 6),
    else as the files say it (:func:`_stamped`: ISO 8601 with its offset, for programs)."""
    a = session.audit
    when = (
        each(a["at"], lambda v: format_when(iso_when(v), lang), pl.String)
        if screen
        else _stamped(a, "at")
    )
    status = a["field"] == "status"
    return a.select(
        pl.col("seq").alias("audit_seq"),
        _word(a, "action", "action", lang).alias("audit_action"),
        "employee_id",
        pl.when(status)
        .then(_word(a, "from_value", "status", lang))
        .otherwise(pl.col("from_value"))
        .alias("from_value"),
        pl.when(status)
        .then(_word(a, "to_value", "status", lang))
        .otherwise(pl.col("to_value"))
        .alias("to_value"),
        _author("author", lang).alias("changed_by"),
        when.alias("changed_at"),
        _word(a, "reason_category", "reason", lang).alias("reason_category"),
        "reason_text",
        pl.col("undoes").alias("audit_undoes"),
    )


def _named_audit(session: Session, lang: str) -> pl.DataFrame:
    """:func:`audit_frame` with each person's name after their id, as the page's audit table
    and its CSV have it (rev33a finding 5: the workbook's 修改记录 had no 姓名)."""
    audit = audit_frame(session, lang)
    names = session.grades.select(pl.col("employee_id").cast(pl.String), "name").unique(
        "employee_id", keep="first"
    )
    cols = audit.columns
    at = cols.index("employee_id") + 1
    named = audit.with_columns(pl.col("employee_id").cast(pl.String)).join(
        names, on="employee_id", how="left", maintain_order="left"
    )
    return named.select(*cols[:at], "name", *cols[at:])


def signed(session: Session) -> None:
    """Refuse (``Refused("not_signed")``) a session not signed off: its files are records."""
    if session.row["status"] != "closed":
        raise Refused("not_signed", session=session.row["session_id"])


def on_original(
    original: Original, rows: pl.DataFrame, lang: str, typed: bool = True
) -> tuple[list[str], list[list[Any]]]:
    """The write-back on the export's own rows: the original headers untranslated, then
    :data:`APPENDED` under ``lang`` headers; one row per person of ``rows`` (in its order), a
    person without an original row with only the id filled in. ``typed``: numbers as numbers
    (a spreadsheet), else the cells' text as read (a CSV). Text cells neutralised."""
    # the person's name after the export's columns when the export had none (rev28a item 6)
    appended = APPENDED if _has_name(original) else ("name", *APPENDED)
    extra = neutralise(written(rows, lang).select("employee_id", *appended))
    headers = [*original.headers, *_apart(original.headers, appended, lang)]
    at = original.headers.index(original.id_header) if original.id_header in headers else None
    out = []
    for emp, *added in extra.iter_rows():
        cells = original.typed(emp) if typed else original.rows.get(emp)
        if cells is None:
            cells = [None] * len(original.headers)
            if at is not None:
                cells[at] = emp
        out.append([_safe(v) for v in cells] + added)
    return headers, out


def _apart(own: list[str], appended: tuple[str, ...], lang: str) -> list[str]:
    """The appended columns' headers, each told apart from the export's own where they match
    but for case and spaces: "Final grade" beside an imported "Final Grade" made a file that
    re-imports ambiguously (headers are matched case-insensitively, rev30b item 9)."""
    taken = {"".join(h.split()).casefold() for h in own}
    out = []
    for c in appended:
        label = column_label(c, lang)
        if "".join(label.split()).casefold() in taken:
            label = render("calib.header_calibrated", lang, header=label)
        out.append(label)
    return out


def _has_name(original: Original) -> bool:
    """Whether one of the export's own headers is the person's name (姓名, 员工姓名 …)."""
    return any(field_of(h) == "name" for h in original.headers)


def _safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, neutralised."""
    if (
        isinstance(value, str)
        and value[:1] in ("=", "+", "-", "@", "\t", "\r")
        and (typed_cell(value) == value)
    ):
        return "'" + value
    return value


def to_csv(
    session: Session, rows: pl.DataFrame, lang: str = "zh", original: Original | None = None
) -> bytes:
    """The write-back rows as CSV (UTF-8 with BOM); on the export's own rows and headers when
    ``original`` is given (:func:`on_original`), else canonical headers in ``lang``;
    signed-off only."""
    signed(session)
    if original is None:
        return for_people(written(rows, lang), lang).write_csv(include_bom=True).encode("utf-8")
    headers, body = on_original(original, rows, lang, typed=False)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    w.writerows([_csv_cell(v) for v in row] for row in body)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="seconds")
    return value


def _times(wb: Any, ws: Any, col: int, stored: pl.Series, lang: str) -> None:
    """The sheet's column ``col`` (a row per value of ``stored``, below the header) as real
    times, each shown in the page's words by its number format (:func:`sheet_when`:
    "2026年12月4日 17:00（UTC+08:00）"), not the ISO text the CSV keeps for programs."""
    formats: dict[str, Any] = {}
    for i, value in enumerate(stored.to_list(), start=1):
        if value is None:
            continue
        when, shown = sheet_when(value, lang)
        if shown not in formats:
            formats[shown] = wb.add_format({"num_format": shown})
        ws.write_datetime(i, col, when, formats[shown])
    ws.set_column(col, col, 30)  # the whole words, not "####"


def to_xlsx(
    session: Session,
    rows: pl.DataFrame,
    lang: str = "zh",
    adverse: Adverse | None = None,
    original: Original | None = None,
) -> bytes:
    """Three sheets: the write-back rows (on the export's own rows and headers when
    ``original`` is given, :func:`on_original`), original vs calibrated, the audit trail;
    with ``adverse`` (:func:`analytics.calibration.impact.for_session`) two more, its
    verdicts in words and its groups; signed-off only."""
    signed(session)
    buf = io.BytesIO()
    wb = workbook(buf)
    sheets: tuple[tuple[str, pl.DataFrame, pl.Series | None], ...] = ()
    title = render("calib.sheet_writeback", lang)[:31]
    if original is None:
        sheets = (("calib.sheet_writeback", written(rows, lang), rows["changed_at"]),)
    else:
        headers, body = on_original(original, rows, lang)
        ws = write_rows(wb, title, headers, body)
        _times(wb, ws, len(headers) - 1, rows["changed_at"], lang)  # APPENDED's last
    sheets += (
        ("calib.sheet_summary", summary(session), None),
        ("calib.sheet_audit", _named_audit(session, lang), session.audit["at"]),
    )
    if adverse is not None and not adverse.verdicts.is_empty():
        sheets += (
            ("calib.sheet_adverse", sentences(adverse, lang).drop("verdict"), None),
            ("calib.sheet_adverse_groups", readable(adverse, lang), None),
        )
    for code, frame, stored in sheets:
        out = for_people(frame, lang)
        ws = write_sheet(wb, render(code, lang)[:31], out, reading_formats(wb, frame.schema))
        if stored is not None:
            _times(wb, ws, out.columns.index(render("column.changed_at", lang)), stored, lang)
    wb.close()
    return buf.getvalue()
