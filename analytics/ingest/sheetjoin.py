"""The sheets of one workbook add up: a record (the same keys, e.g. 员工编号 + 考核周期) in two
sheets is one record, each field from the sheet that gives it (a 最终结果 sheet's grade and
score with a 潜力 sheet's potential). What each sheet adds is counted for the preview and the
import's lines alike.

Why: sheets with different fields for the same people were read as repeats, the first sheet
kept, and the potential of 142 of 143 people was lost without a word (rev31a 1)."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from analytics import schema as S
from analytics.ingest.prepare import Prepared
from analytics.ingest.problems import Notice
from analytics.ingest.replace import TABLE_BY_NAME

__all__ = ["SheetShare", "join_sheets", "share_notices", "sheet_notices"]

#: a person's attributes: the latest row wins (``combined_roster`` settles the roster)
_LATEST = (S.EMPLOYEES.name, S.RATER_NAMES.name)
#: key fields held as codes (manager, overall): not shown in a record's name
_CODED = ("rater_role", "dimension")
#: tables of attributes: not counted as records the import loads
_NOT_COUNTED = (*_LATEST, S.PERSON_GROUPS.name)


@dataclass
class SheetShare:
    """What one sheet adds to the import: records no earlier sheet has (``new``, the rows the
    import reports), earlier records it gives more fields to (``joined``, the fields' source
    columns in ``fields``) and earlier records it only repeats (``repeated``)."""

    new: int = 0
    joined: int = 0
    repeated: int = 0
    fields: list[str] = field(default_factory=list)


def join_sheets(
    prepared: list[Prepared], sheets: list[str], file: str
) -> tuple[dict[str, pl.DataFrame], list[SheetShare], list[Notice]]:
    """The frames of every sheet of one file, table by table, each record once with each field
    from the first sheet that gives it; each sheet's share; and the differences left (a field
    that is not a score, grade or potential, such as a comment, given two values by two sheets:
    the first sheet's is kept, said with both sheets, rows and values). Values of scores,
    grades and potentials that differ were quarantined before (``sheet_conflicts``)."""
    shares = [SheetShare() for _ in prepared]
    by_table: dict[str, list[int]] = {}
    for n, prep in enumerate(prepared):
        for tname in prep.frames:
            by_table.setdefault(tname, []).append(n)
    out: dict[str, pl.DataFrame] = {}
    differs: list[Notice] = []
    for tname, ns in by_table.items():
        frames = [prepared[n].frames[tname] for n in ns]
        if len(frames) == 1 and tname in _NOT_COUNTED:
            out[tname] = frames[0]
            continue
        whole = pl.concat(frames, how="diagonal_relaxed")
        key = [k for k in TABLE_BY_NAME[tname].key if k in whole.columns]
        if tname in _LATEST:
            out[tname] = whole.unique(key, keep="last", maintain_order=True)
            continue
        tagged = _tagged(prepared, ns, tname, whole)
        values = [c for c in whole.columns if c not in key]
        if tname not in _NOT_COUNTED:
            _count(tagged, key, prepared, shares)
        if len(frames) == 1:  # one sheet's table: as it was read
            out[tname] = whole
            continue
        out[tname] = (
            tagged.group_by(key, maintain_order=True)
            .agg(pl.col(c).drop_nulls().first() for c in values)
            .select(whole.columns)
            if tagged.select(key).is_duplicated().any()
            else whole
        )
        differs.extend(_differs(tagged, key, values, prepared, sheets, file))
    return out, shares, differs


def _tagged(
    prepared: list[Prepared], ns: list[int], tname: str, whole: pl.DataFrame
) -> pl.DataFrame:
    """``whole`` with each row's sheet (``_sheet``) and source row (``_row``, or null)."""
    rows = [
        prepared[n].origins[tname].get_column("_row").cast(pl.Int64)
        if tname in prepared[n].origins
        and prepared[n].origins[tname].height == prepared[n].frames[tname].height
        else pl.repeat(None, prepared[n].frames[tname].height, dtype=pl.Int64, eager=True)
        for n in ns
    ]
    sheet = [pl.repeat(n, prepared[n].frames[tname].height, dtype=pl.Int64, eager=True) for n in ns]
    return whole.with_columns(pl.concat(sheet).alias("_sheet"), pl.concat(rows).alias("_row"))


def _mapped(prepared: list[Prepared], values: list[str]) -> list[str]:
    """The value fields some sheet has a source column for (a score, a grade, a potential, a
    comment): not the ones the reading derives (the normalised score, the scale)."""
    return [c for c in values if any(c in p.columns for p in prepared)]


def _count(
    tagged: pl.DataFrame, key: list[str], prepared: list[Prepared], shares: list[SheetShare]
) -> None:
    """Each sheet's new, joined and repeated records, and the fields it adds (source columns)."""
    values = _mapped(prepared, [c for c in tagged.columns if c not in (*key, "_sheet", "_row")])
    adds = {
        c: pl.col(c).is_not_null()
        & ~pl.col(c).is_not_null().cum_max().shift(1).over(key).fill_null(False)
        for c in values
    }
    marked = tagged.select(
        "_sheet",
        (pl.int_range(pl.len()).over(key) == 0).alias("_new"),
        *(e.alias(f"_adds_{c}") for c, e in adds.items()),
    )
    for n, share in enumerate(shares):
        mine = marked.filter(pl.col("_sheet") == n)
        if not mine.height:
            continue
        later = mine.filter(~pl.col("_new"))
        flags = [f"_adds_{c}" for c in values]
        joined = later.filter(pl.any_horizontal(flags)) if flags else later.clear()
        share.new += int(mine.get_column("_new").sum())
        share.joined += joined.height
        share.repeated += later.height - joined.height
        for c in values:
            col = prepared[n].columns.get(c, c)
            if joined.height and joined.get_column(f"_adds_{c}").any() and col not in share.fields:
                share.fields.append(col)


def _differs(
    tagged: pl.DataFrame,
    key: list[str],
    values: list[str],
    prepared: list[Prepared],
    sheets: list[str],
    file: str,
) -> list[Notice]:
    """A warning per field that two sheets give different values for one record."""
    out: list[Notice] = []
    for c in _mapped(prepared, values):
        both = tagged.filter(pl.col(c).is_not_null()).filter(
            (pl.col(c).cast(pl.String).n_unique().over(key) > 1)
            & (pl.col("_sheet").n_unique().over(key) > 1)
        )
        if not both.height:
            continue
        first = both.row(0, named=True)
        same = [pl.col(k).eq_missing(first[k]) for k in key]
        other = both.filter(*same, pl.col(c).cast(pl.String) != str(first[c])).row(0, named=True)
        out.append(
            (
                "sheets_field_differs",
                {
                    "file": file,
                    "n": both.select(key).n_unique(),
                    "column": prepared[first["_sheet"]].columns.get(c, c),
                    "record": " ".join(
                        str(first[k]) for k in key if first[k] is not None and k not in _CODED
                    ),
                    "sheet": sheets[first["_sheet"]],
                    "row": first["_row"],
                    "value": str(first[c]),
                    "other_sheet": sheets[other["_sheet"]],
                    "other_row": other["_row"],
                    "other_value": str(other[c]),
                },
            )
        )
    return out


def sheet_notices(share: SheetShare, n: int, sheets: list[str], file: str) -> list[Notice]:
    """One sheet's line when it gives more fields to records of earlier sheets."""
    if not share.joined:
        return []
    params = {
        "file": f"{file} [{sheets[n]}]",
        "n": share.joined,
        "columns": share.fields,
        "sheets": [s for s in sheets[:n] if s],
    }
    return [("sheets_joined", params)]


def share_notices(shares: list[SheetShare], sheets: list[str], file: str) -> list[Notice]:
    """The lines of a workbook's sheets that add up: per later sheet the records it joins
    (with the fields it adds), and the records repeated with nothing to add, counted once."""
    out = [x for n, share in enumerate(shares) for x in sheet_notices(share, n, sheets, file)]
    repeated = sum(s.repeated for s in shares)
    if repeated:
        out.append(("sheets_repeat", {"file": file, "n": repeated}))
    return out
