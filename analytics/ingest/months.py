"""KPI tables with months and no cycle column: each month goes to the one stored cycle it lies
in (2025-07 -> 2025Q3); a month in no stored cycle or in several refuses the file.

Why not in :mod:`cycles`: this reads the stored cycles and rewrites detected tables, while
``cycles`` parses labels for the scales and the fast path below them."""

from __future__ import annotations

import calendar
import copy
import re
import unicodedata
from datetime import date

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.detect import Detection
from analytics.ingest.headers import SYNONYMS
from analytics.ingest.problems import Notice
from analytics.ingest.readers import RawTable
from analytics.store import db
from analytics.text.messages import ImportRejected, render

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
