"""A CSV of decisions (``calibrate apply``): one row per person, their final grade and why.

Headers in either language (``employee_id`` / 员工编号 / 工号, ``final_grade`` / 校准后等级 /
最终等级, ``reason_category`` / 理由类别, ``reason_text`` / 理由); a category as its code or
its words in either language. UTF-8 (with or without BOM) or GBK. Every refusal names the
file, the row (as a spreadsheet numbers it: the header is row 1) and the column.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from analytics.calibration.moves import REASON_CATEGORIES, Move, Refused
from analytics.text.render import render

__all__ = ["HEADERS", "read_decisions"]

#: the decision columns and the headers each is found by (case and spaces ignored)
HEADERS: dict[str, tuple[str, ...]] = {
    "employee_id": ("employee_id", "employee", "员工编号", "工号", "员工id"),
    "final_grade": ("final_grade", "final", "grade", "校准后等级", "最终等级", "等级"),
    "reason_category": ("reason_category", "category", "理由类别", "类别"),
    "reason_text": ("reason_text", "reason", "理由说明", "理由", "原因"),
}


def _category(value: str) -> str | None:
    v = value.strip()
    if v in REASON_CATEGORIES:
        return v
    for code in REASON_CATEGORIES:
        if v.lower() in {render(f"calib.reason.{code}", lang).lower() for lang in ("zh", "en")}:
            return code
    return None


def read_decisions(
    path: str | Path, versions: dict[str, int], grades: Sequence[str] | None = None
) -> list[Move]:
    """The moves of the file, each based on the person's version in ``versions`` (as the
    session was read before the write: a change by someone else meanwhile is then refused as
    stale). With ``grades`` (the session's guideline grades; ``versions`` then lists its
    people), a person outside the session, a grade outside the guideline or an empty reason
    is refused here, naming the file, the row and the column (the session's own check names
    only the person, and knows no file)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused("decisions_unreadable", file=str(path), detail=exc.strerror or "") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    found = {}
    for col in frame.columns:
        key = col.strip().lower().replace(" ", "_")
        for field, names in HEADERS.items():
            if key in names and field not in found:
                found[field] = col
    missing = [f for f in HEADERS if f not in found]
    if missing:
        raise Refused(
            "decisions_columns",
            file=path.name,
            missing=[render(f"column.{m}", "en") for m in missing],
        )
    moves = []
    for i, row in enumerate(frame.iter_rows(named=True), start=2):
        values = {f: (row[c] or "").strip() for f, c in found.items()}
        for field in ("employee_id", "final_grade"):
            if not values[field]:
                raise Refused("decisions_empty", file=path.name, row=i, column=found[field])
        category = _category(values["reason_category"])
        if category is None:
            raise Refused(
                "decisions_category",
                file=path.name,
                row=i,
                column=found["reason_category"],
                value=values["reason_category"],
                allowed=list(REASON_CATEGORIES),
            )
        person = values["employee_id"]
        if grades is not None:
            _check_row(path.name, i, found, values, versions, grades)
        moves.append(
            Move(
                person,
                values["final_grade"],
                category,
                values["reason_text"],
                versions.get(person, 0),
            )
        )
    return moves


def _check_row(
    file: str,
    row: int,
    found: dict[str, str],
    values: dict[str, str],
    versions: dict[str, int],
    grades: Sequence[str],
) -> None:
    """One row against the session: its person, its grade and its reason."""
    where = {"file": file, "row": row}
    if values["employee_id"] not in versions:
        raise Refused(
            "decisions_person", **where, column=found["employee_id"], value=values["employee_id"]
        )
    if values["final_grade"] not in grades:
        raise Refused(
            "decisions_grade",
            **where,
            column=found["final_grade"],
            value=values["final_grade"],
            allowed=list(grades),
        )
    if not values["reason_text"]:
        raise Refused("decisions_empty", **where, column=found["reason_text"])
