"""Unit names that look like a typo of another: "销售布" used by one person where "销售部" is
used by forty. Imported as written (we never guess a correction), but said as a warning
naming both values, their head counts and the rows, so the user can fix the source.

Why: a fresh-user review of issue 19 found a misspelt department absorbed without a word; in
the latest cycle it would have become a department of one that every page shows."""

from __future__ import annotations

import polars as pl

from analytics.ingest.problems import Notice
from analytics.ingest.readers import ROW
from analytics.text.render import phrase_value

__all__ = ["near_duplicate_units", "one_edit_apart"]

#: the unit columns checked (canonical names)
UNIT_FIELDS = ("department", "team")
#: a value is suspect when at most this many people carry it ...
RARE_PEOPLE = 2
#: ... and a value one edit away is carried by at least this many people
COMMON_PEOPLE = 5
#: rows named in the warning
_ROWS_SHOWN = 5
#: characters that number units apart (一组 / 二组, Team A / Team B, 1部 / 2部): two values that
#: differ in one of these only are siblings, not a typo
ORDINALS = frozenset("0123456789一二三四五六七八九十甲乙丙丁ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def one_edit_apart(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by exactly one substituted, inserted or deleted character, and
    not by one numbering character for another (:data:`ORDINALS`) nor by a digit added to a
    number or at the end (ENG-1 / ENG-10)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        pairs = [(x, y) for x, y in zip(a, b) if x != y]
        return len(pairs) == 1 and not (pairs[0][0] in ORDINALS and pairs[0][1] in ORDINALS)
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    if short[i:] != long_[i + 1 :]:
        return False
    # a digit more in a number, or at the end (ENG-1 / ENG-10, Team / Team 2): another unit's
    # number, not a typo (rev31b item 9)
    near = long_[max(i - 1, 0) : i + 2]
    return not (long_[i].isdigit() and (i == len(short) or sum(c.isdigit() for c in near) > 1))


def near_duplicate_units(base: pl.DataFrame, src_of: dict[str, str], file: str) -> list[Notice]:
    """A warning per rare unit value one edit away from a common one (``base``: the file's
    canonical rows with ``ROW``; people counted by ``employee_id`` when the file has it)."""
    out: list[Notice] = []
    who = "employee_id" if "employee_id" in base.columns else ROW
    for field in (f for f in UNIT_FIELDS if f in base.columns):
        counts = (
            base.filter(pl.col(field).is_not_null())
            .group_by(field)
            .agg(pl.col(who).n_unique().alias("people"), pl.col(ROW).sort().alias("rows"))
        )
        common = counts.filter(pl.col("people") >= COMMON_PEOPLE)
        if not common.height:
            continue
        # distinct values only (a few hundred at most), never the rows
        popular = dict(zip(common[field].to_list(), common["people"].to_list()))
        for value, people, rows in counts.iter_rows():
            like = [c for c in popular if len(c) >= 2 and one_edit_apart(value, c)]
            like = [c for c in like if popular[c] > people]
            if not like:
                continue
            best = max(like, key=lambda c: popular[c])
            also = people > RARE_PEOPLE and _all_also(base, field, who, value, best)
            if people > RARE_PEOPLE and not also:
                continue
            out.append(
                (
                    "unit_near_duplicate_same_people" if also else "unit_near_duplicate",
                    {
                        "file": file,
                        "column": src_of.get(field, field),
                        "value": value,
                        "n": people,
                        "like": best,
                        "n_like": popular[best],
                        "rows": ", ".join(str(r) for r in rows[:_ROWS_SHOWN]),
                        # the rows not named, said: 5 of 6 read as all of them (rev32a 5)
                        "more": [phrase_value("import.rows_more", n=len(rows) - _ROWS_SHOWN)]
                        if len(rows) > _ROWS_SHOWN
                        else [],
                    },
                )
            )
    return out


def _all_also(base: pl.DataFrame, field: str, who: str, value: str, common: str) -> bool:
    """Every person with ``value`` also has ``common`` in the same cycle (质量郡 on one rating
    row of people whose other rows that cycle say 质量部): a typo, not a unit of its own."""
    if who == ROW or "cycle_id" not in base.columns:
        return False
    pairs = base.filter(pl.col(field).is_in([value, common])).select(who, "cycle_id", field)
    per = pairs.group_by(who, "cycle_id").agg(pl.col(field).n_unique().alias("k"))
    mine = pairs.filter(pl.col(field) == value).select(who, "cycle_id").unique()
    return bool(
        mine.join(per.filter(pl.col("k") == 2), on=[who, "cycle_id"], how="anti").is_empty()
    )
