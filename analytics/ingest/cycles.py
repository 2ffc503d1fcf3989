"""Parse review-cycle labels (2025Q3, 2025-03, 2025年第3季度, 2025年上半年, FY2025 H1 …).

A label becomes a canonical ``cycle_id`` with cadence, start and end dates, so cycles sort by
time whatever spelling each export used. Unknown labels keep their order of first appearance.
Fiscal-year labels (FY2025) are read as calendar years; a company with another fiscal start
sets the order by hand (:func:`set_order`).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = ["CycleInfo", "parse_cycle"]


@dataclass(frozen=True)
class CycleInfo:
    cycle_id: str
    label: str
    cadence: str
    start: date | None
    end: date | None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_QUARTER = [
    re.compile(r"^(?:fy)?(\d{4})[\s\-/]*q([1-4])$"),
    re.compile(r"^q([1-4])[\s\-/]*(?:fy)?(\d{4})$"),
    re.compile(r"^(\d{4})年?(?:第)?([1-4一二三四])季度?$"),
    re.compile(r"^(\d{4})年q([1-4])$"),
]
_HALF = [
    re.compile(r"^(?:fy)?(\d{4})[\s\-/]*h([12])$"),
    re.compile(r"^(\d{4})年?(上|下)半年(?:度)?$"),
]
_MONTH = [
    re.compile(r"^(\d{4})[\-/\.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(?:份)?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
]
_YEAR = [re.compile(r"^(?:fy)?(\d{4})(?:年度?|年)?$")]


def parse_cycle(label: str) -> CycleInfo:
    """Canonical cycle for one label; cadence 'other' with no dates when not recognised."""
    raw = str(label).strip()
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw).lower())
    for pat in _QUARTER:
        m = pat.match(text)
        if m:
            a, b = m.groups()
            year, quarter = (int(a), _CN_NUM[b]) if len(a) == 4 else (int(b), int(a))
            start = date(year, 3 * quarter - 2, 1)
            return CycleInfo(
                f"{year}Q{quarter}", raw, "quarterly", start, _month_end(year, 3 * quarter)
            )
    for pat in _HALF:
        m = pat.match(text)
        if m:
            year = int(m.group(1))
            half = 1 if m.group(2) in ("1", "上") else 2
            start = date(year, 1 if half == 1 else 7, 1)
            return CycleInfo(
                f"{year}H{half}", raw, "semiannual", start, _month_end(year, 6 if half == 1 else 12)
            )
    for pat in _MONTH:
        m = pat.match(text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12:
                return CycleInfo(
                    f"{year}-{month:02d}",
                    raw,
                    "monthly",
                    date(year, month, 1),
                    _month_end(year, month),
                )
    for pat in _YEAR:
        m = pat.match(text)
        if m:
            year = int(m.group(1))
            return CycleInfo(f"{year}", raw, "annual", date(year, 1, 1), date(year, 12, 31))
    return CycleInfo(raw, raw, "other", None, None)
