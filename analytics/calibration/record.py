"""The printable record of a signed-off calibration session: what the meeting decided, as a
page that prints (A4), beside the write-back file the HR system re-imports. Why: after
sign-off the moves were only in the write-back workbook, and the packet downloaded afterwards
did not hold them (rev24a item 10). It says which session (cycle, scope, facilitator,
participants, guideline), who signed it off and when, the grades before and after, and every
person whose grade was decided: from what to what, the reason category and note, who and
when; and the warnings on screen when it was signed off (rev25a item 10): the adverse-impact
reminders the signer confirmed having checked, and the department's own shift shown beside
"N to move"."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime

import polars as pl

from analytics.auth.roles import signer_words, user_words
from analytics.calibration.adverse import Adverse, warned_sentences
from analytics.calibration.fit import guideline_text
from analytics.calibration.sessions import Session, scope_words
from analytics.calibration.writeback import signed, summary, worded
from analytics.export.cells import html_table
from analytics.text.render import format_when, join_list, render, render_column
from analytics.threadsafe import each

__all__ = ["RECORD_COLUMNS", "RECORD_WIDTH", "decisions", "record_html", "warning_lines", "when"]

#: the printed width inside the record's margins (A4 portrait, 12 mm left and right), CSS px:
#: what its tables' columns are laid out against (ids and names whole, the reason wrapping)
RECORD_WIDTH = round((210 - 2 * 12) / 25.4 * 96)

#: the columns of the decisions table, in order
RECORD_COLUMNS = (
    "employee_id",
    "name",
    "department",
    "imported_grade",
    "final_grade",
    "reason_category",
    "reason_text",
    "changed_by",
    "changed_at",
)

_STYLE = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; color: #222;
       font-size: 10.5px; margin: 0; }
h1 { font-size: 20px; margin: 0 0 6px; }
h2 { font-size: 14px; margin: 14px 0 6px; border-bottom: 2px solid #1f77b4; break-after: avoid; }
p { margin: 3px 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 4px 0 6px; }
th, td { border: 1px solid #ccc; padding: 2px 4px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #e8eef7; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
.note { color: #666; }
.warn { border-left: 3px solid #d62728; padding-left: 6px; }
"""


def decisions(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The people whose grade the session decided (``sessions.writeback_rows``: a standing
    move or the what-if's proposal, kept also where the grade came back to the imported one),
    their grade before and after, the reason in words, who decided and when; oldest first."""
    decided = rows.filter(
        pl.col("reason_category").is_not_null() | pl.col("grade_change").is_not_null()
    )
    out = (
        worded(decided, lang)
        .rename({"grade": "imported_grade"})
        .sort("changed_at", "employee_id", nulls_last=True)
    )
    stamps = each(out["changed_at"], lambda v: when(v, lang), pl.String)
    return out.with_columns(stamps).select(RECORD_COLUMNS)


def when(value: datetime | None, lang: str) -> str:
    """A session's time stamp (stored in UTC without a zone) as people write it, saying UTC:
    "2026年12月5日 15:02 UTC", not "2026-12-05 15:02:28.107150"."""
    if value is None:
        return "-"
    return format_when(value.replace(tzinfo=UTC) if value.tzinfo is None else value, lang)


def _lines(session: Session, lang: str, cycle_label: str | None = None) -> list[str]:
    row = session.row
    names = json.loads(row["participants"] or "[]")
    cycle = row["cycle_id"]
    if cycle_label and cycle_label != cycle:  # as the imported file named it (issue 19 item 3)
        cycle = render("report.cycle_named", lang, cycle=cycle, label=cycle_label)
    return [
        render(
            "calib.record_scope",
            lang,
            session=row["session_id"],
            cycle=cycle,
            scope=scope_words(row["scope_kind"], row["scope"], lang),
        ),
        render(
            "calib.record_people",
            lang,
            facilitator=user_words(row["facilitator"], lang) or "-",
            participants=join_list(names, lang) if names else "-",
            guideline=guideline_text(session.guideline),
        ),
        render(
            "calib.record_signed",
            lang,
            who=signer_words(row["signed_by"], row["facilitator"], lang) or "-",
            at=when(row["signed_at"], lang),
        ),
    ]


def warning_lines(
    impact: Adverse | None, shifts: pl.DataFrame | None, lang: str
) -> list[tuple[str, bool]]:
    """The warnings the meeting page showed at sign-off, as ``(words, is_warning)``: the
    confirmation's count of adverse-impact reminders (what the signer ticked) and each
    reminder; the department's own shift where it is significant (``shifts``:
    :func:`analytics.findings.stories.scope_shift_lines`, the page's warning beside "N to
    move"). [] when neither was on the page."""
    out: list[tuple[str, bool]] = []
    if impact is not None and not impact.verdicts.is_empty():
        said = warned_sentences(impact, lang)
        out.append((render("calib.record_adverse", lang, n=len(said)), False))
        out += [(words, True) for words in said]
    if shifts is not None and shifts.height and "significant" in shifts.columns:
        lines = shifts.filter(pl.col("significant"))["line"]
        out += [(words, True) for words in render_column(lines, lang, "reason").to_list()]
    return out


def record_html(
    session: Session,
    rows: pl.DataFrame,
    lang: str = "zh",
    impact: Adverse | None = None,
    shifts: pl.DataFrame | None = None,
    cycle_label: str | None = None,
) -> str:
    """The record as one self-contained HTML page that prints on A4 (the browser's print, or
    ``analytics.export.packet.pdf_bytes``); ``rows``: ``sessions.writeback_rows``; ``impact``
    and ``shifts``: the adverse-impact section and the department's shift lines the page
    showed (:func:`warning_lines`); ``cycle_label``: the session's cycle as the imported file
    named it (said beside its code). Signed-off sessions only: an open one has no record yet
    (``Refused("not_signed")``)."""
    signed(session)
    warned = warning_lines(impact, shifts, lang)
    notes = "".join(
        f"<p class='{'warn' if hot else 'note'}'>{html.escape(words)}</p>" for words, hot in warned
    )
    moved = decisions(rows, lang)
    title = html.escape(render("calib.record_title", lang))
    lines = "".join(f"<p>{html.escape(x)}</p>" for x in _lines(session, lang, cycle_label))
    count = render("calib.record_count", lang, n=moved.height, people=session.grades.height)
    parts = [
        f"<h1>{title}</h1>{lines}",
        f"<h2>{html.escape(render('calib.record_warnings', lang))}</h2>{notes}" if notes else "",
        f"<h2>{html.escape(render('calib.sheet_summary', lang))}</h2>",
        html_table(summary(session), lang, more=False, width=RECORD_WIDTH),
        f"<h2>{html.escape(render('calib.record_moves', lang))}</h2>",
        f"<p class='note'>{html.escape(count)}</p>",
        html_table(moved, lang, limit=max(moved.height, 1), more=False, width=RECORD_WIDTH)
        if moved.height
        else "",
    ]
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
        f"<meta charset='utf-8'><title>{title}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )
