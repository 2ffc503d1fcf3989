"""The write-back file of a signed-off session: what the HR system re-imports.

The import keeps canonical tables, not the export's original rows or header names, so the
write-back carries the canonical columns of the result table (``OUTCOMES``: id, name,
department, cycle, the final score as written, potential, the imported grade) under the same
headers as every other export (``column.*`` of the catalogue, in the user's language), then
the final grade, the change (``A → B``) and its reason (category and text, who and when).
Cells go through :func:`analytics.export.cells.for_people` (formulas neutralised, headers
translated). The workbook adds the "original vs calibrated" summary and the audit trail.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import polars as pl

from analytics.calibration.adverse import Adverse, readable, sentences
from analytics.calibration.fit import live_fit
from analytics.calibration.moves import Refused
from analytics.calibration.sessions import Session
from analytics.export.cells import for_people
from analytics.export.xlsx import workbook, write_sheet
from analytics.text.render import render

__all__ = ["audit_frame", "summary", "to_csv", "to_xlsx", "worded"]


def _word(column: str, family: str, lang: str) -> pl.Expr:
    return pl.col(column).map_elements(
        lambda c: render(f"calib.{family}.{c}", lang), return_dtype=pl.String, skip_nulls=True
    )


def worded(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The write-back rows with their reason category in words."""
    return rows.with_columns(_word("reason_category", "reason", lang))


def summary(session: Session) -> pl.DataFrame:
    """Original vs calibrated: per guideline grade, the imported count, the final count, the
    difference and the guideline's target for the session's size; ``moved_up`` /
    ``moved_down`` count the people whose final grade is better / worse than the imported."""
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
        .agg(moved_up=(fin < imp).sum(), moved_down=(fin > imp).sum())
    )
    return (
        before.join(after, on="grade", maintain_order="left")
        .with_columns(change=pl.col("calibrated_count") - pl.col("original_count"))
        .join(moved, on="grade", how="left", maintain_order="left")
        .with_columns(pl.col("moved_up", "moved_down").fill_null(0).cast(pl.Int64))
    )


def audit_frame(session: Session, lang: str) -> pl.DataFrame:
    """The audit trail as people read it: action, status and reason worded."""
    a = session.audit
    status = a["field"] == "status"
    return a.select(
        pl.col("seq").alias("audit_seq"),
        _word("action", "action", lang).alias("audit_action"),
        "employee_id",
        pl.when(status)
        .then(_word("from_value", "status", lang))
        .otherwise(pl.col("from_value"))
        .alias("from_value"),
        pl.when(status)
        .then(_word("to_value", "status", lang))
        .otherwise(pl.col("to_value"))
        .alias("to_value"),
        pl.col("author").alias("changed_by"),
        pl.col("at").alias("changed_at"),
        _word("reason_category", "reason", lang).alias("reason_category"),
        "reason_text",
        pl.col("undoes").alias("audit_undoes"),
    )


def _signed(session: Session) -> None:
    if session.row["status"] != "closed":
        raise Refused("not_signed", session=session.row["session_id"])


def to_csv(session: Session, rows: pl.DataFrame, lang: str = "zh") -> bytes:
    """The write-back rows as CSV (UTF-8 with BOM, headers in ``lang``); signed-off only."""
    _signed(session)
    return for_people(worded(rows, lang), lang).write_csv(include_bom=True).encode("utf-8")


def to_xlsx(
    session: Session,
    rows: pl.DataFrame,
    lang: str = "zh",
    adverse: Adverse | None = None,
) -> bytes:
    """Three sheets: the write-back rows, original vs calibrated, the audit trail; with
    ``adverse`` (:func:`analytics.calibration.impact.for_session`) two more, its verdicts in
    words and its groups; signed-off only."""
    _signed(session)
    buf = io.BytesIO()
    wb = workbook(buf)
    sheets = (
        ("calib.sheet_writeback", worded(rows, lang)),
        ("calib.sheet_summary", summary(session)),
        ("calib.sheet_audit", audit_frame(session, lang)),
    )
    if adverse is not None and not adverse.verdicts.is_empty():
        sheets += (
            ("calib.sheet_adverse", sentences(adverse, lang).drop("verdict")),
            ("calib.sheet_adverse_groups", readable(adverse, lang)),
        )
    for code, frame in sheets:
        write_sheet(wb, render(code, lang)[:31], for_people(frame, lang))
    wb.close()
    return buf.getvalue()
