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

__all__ = ["CycleInfo", "cycle_date", "parse_cycle"]


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
    re.compile(r"^(?:fy)?(\d{4}|\d{2})[\s\-/]*q([1-4])$"),
    re.compile(r"^q([1-4])[\s\-/]*(?:fy)?(\d{4})$"),
    re.compile(r"^(\d{4})年?(?:第)?([1-4一二三四])季度?$"),
    re.compile(r"^(\d{2})年(?:第)?([1-4一二三四])季度?$"),
    re.compile(r"^(\d{4}|\d{2})年q([1-4])$"),
]
# a span of months: 2025年7-9月, 2025年7月-9月, 2025年7月至9月, 2025.07-2025.09
_SPAN = [
    re.compile(r"^(\d{4})年(\d{1,2})月?[\-~～至到](\d{1,2})月(?:份)?$"),
    re.compile(r"^(\d{4})[\-/\.](\d{1,2})[\-~～至到](?:\d{4}[\-/\.])?(\d{1,2})$"),
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


def _year(text: str) -> int:
    """A four-digit year, or a two-digit one read as 20xx (25Q3 = 2025Q3)."""
    year = int(text)
    year = 2000 + year if len(text) == 2 else year
    if not 1900 <= year <= 2199:
        raise ValueError(f"year {year}")
    return year


def parse_cycle(label: str) -> CycleInfo:
    """Canonical cycle for one label; cadence 'other' with no dates when not recognised.
    Never raises."""
    raw = str(label).strip()
    try:
        return _parse(raw)
    except (ValueError, KeyError):  # an impossible year or month: not a dated cycle
        return CycleInfo(raw, raw, "other", None, None)


def _span(raw: str, year: int, first: int, last: int) -> CycleInfo:
    """A span of months of one year: the quarter, half or year it is, else a dated 'other'."""
    if not 1 <= first <= last <= 12:
        raise ValueError("months")
    n = last - first + 1
    if n == 3 and first % 3 == 1:
        q = (first + 2) // 3
        return CycleInfo(
            f"{year}Q{q}", raw, "quarterly", date(year, first, 1), _month_end(year, last)
        )
    if n == 6 and first in (1, 7):
        h = 1 if first == 1 else 2
        return CycleInfo(
            f"{year}H{h}", raw, "semiannual", date(year, first, 1), _month_end(year, last)
        )
    if n == 12:
        return CycleInfo(f"{year}", raw, "annual", date(year, 1, 1), date(year, 12, 31))
    if n == 1:
        return CycleInfo(
            f"{year}-{first:02d}", raw, "monthly", date(year, first, 1), _month_end(year, first)
        )
    return CycleInfo(raw, raw, "other", date(year, first, 1), _month_end(year, last))


#: a day written as a date (2026-03-31, 2026/3/31 00:00:00, 2026年3月31日): Excel's date cells
_DATE = re.compile(
    r"^(\d{4})[\-/\.年](\d{1,2})[\-/\.月](\d{1,2})日?(?:t?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")  # an Excel date serial (46112 = 2026-03-31)
_SERIALS = (36526, 73050)  # 2000-01-01 .. 2099-12-31: the serials taken as dates
_QUARTER_ENDS = {(3, 31), (6, 30), (9, 30), (12, 31)}


def cycle_date(label: str) -> date | None:
    """The day a cycle label writes as a date or an Excel date serial, else None."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(label)).lower())
    m = _SERIAL.match(text)
    if m and _SERIALS[0] <= int(m.group(1)) <= _SERIALS[1]:
        return date.fromordinal(date(1899, 12, 30).toordinal() + int(m.group(1)))
    m = _DATE.match(text)
    if not m or (_SPAN[1].match(text) and _month_span(text)):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _month_span(text: str) -> bool:
    """'2025.07-09' is the months 7 to 9, not a day."""
    m = _SPAN[1].match(text)
    return bool(m) and 1 <= int(m.group(2)) <= int(m.group(3)) <= 12


def _from_date(raw: str, day: date) -> CycleInfo:
    """A quarter's last day is that quarter (a period written as its end date); another day is
    the month holding it."""
    if (day.month, day.day) in _QUARTER_ENDS:
        return _span(raw, day.year, day.month - 2, day.month)
    return _span(raw, day.year, day.month, day.month)


def _parse(raw: str) -> CycleInfo:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw).lower())
    day = cycle_date(raw)
    if day is not None:
        return _from_date(raw, day)
    for pat in _SPAN:
        m = pat.match(text)
        if m:
            return _span(raw, _year(m.group(1)), int(m.group(2)), int(m.group(3)))
    for pat in _QUARTER:
        m = pat.match(text)
        if m:
            a, b = m.groups()
            if pat is _QUARTER[1]:
                year, quarter = _year(b), int(a)
            else:
                year, quarter = _year(a), _CN_NUM[b]
            start = date(year, 3 * quarter - 2, 1)
            return CycleInfo(
                f"{year}Q{quarter}", raw, "quarterly", start, _month_end(year, 3 * quarter)
            )
    for pat in _HALF:
        m = pat.match(text)
        if m:
            year = _year(m.group(1))
            half = 1 if m.group(2) in ("1", "上") else 2
            start = date(year, 1 if half == 1 else 7, 1)
            return CycleInfo(
                f"{year}H{half}", raw, "semiannual", start, _month_end(year, 6 if half == 1 else 12)
            )
    for pat in _MONTH:
        m = pat.match(text)
        if m:
            year, month = _year(m.group(1)), int(m.group(2))
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
            year = _year(m.group(1))
            return CycleInfo(f"{year}", raw, "annual", date(year, 1, 1), date(year, 12, 31))
    return CycleInfo(raw, raw, "other", None, None)
