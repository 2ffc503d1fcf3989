"""Key and attribute plumbing shared by the rating-level analyses.

Why: the ratings frame has millions of rows and a handful of person attributes (department,
team, level, ...) that are constant per (cycle, employee). Carrying them through rating-level
group-bys with ``first()`` costs more than the aggregation itself, so the analyses aggregate on
the keys alone, keep the index of one source row per group, and gather the attributes at
those rows once. The ratings' id columns may be String or Categorical (``db.ratings_frame``
returns Categorical); side tables read from DuckDB (outcomes, effects, KPIs) have String keys,
and Polars does not join Categorical with String, so their keys are cast to the ratings' dtype
first (the side table is the small one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import polars as pl

__all__ = [
    "KEY",
    "PAIR_KEYS",
    "ROW",
    "SortOrder",
    "align_keys",
    "as_string",
    "combine_codes",
    "cycle_order_map",
    "dense_codes",
    "gather_rows",
    "group_codes",
    "group_key",
    "int_codes",
    "is_text",
    "rating_pairs",
    "relabel",
    "sort_order",
    "sorted_by",
    "sorted_codes",
    "value_codes",
]

#: name of the row-index column the analyses carry through their aggregations
ROW = "_row"
#: name of the key column :func:`group_key` makes
KEY = "_key"


def gather_rows(ratings: pl.DataFrame, rows: pl.Series, columns: Sequence[str]) -> pl.DataFrame:
    """``columns`` of ``ratings`` at the row indices ``rows`` (one row per index, in order)."""
    cols = [c for c in columns if c in ratings.columns]
    return ratings.select(pl.col(cols).gather(rows))


def is_text(dtype: pl.DataType) -> bool:
    """String, Categorical or Enum: a text key whose dtypes must agree before a join."""
    return dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum))


def align_keys(
    frame: pl.DataFrame | pl.LazyFrame, like: pl.Schema | dict, keys: Sequence[str]
) -> pl.DataFrame | pl.LazyFrame:
    """``frame`` with each text key cast to its dtype in ``like`` (the ratings' schema), so a
    join of a side table with rating aggregates works whether the ratings are String or
    Categorical. Non-text keys and keys absent from ``like`` are left alone."""
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    casts = []
    for k in keys:
        want, have = like.get(k), schema.get(k)
        if want is None or have is None or want == have:
            continue
        if is_text(want) and is_text(have):
            casts.append(pl.col(k).cast(want))
    return frame.with_columns(casts) if casts else frame


def as_string(frame: pl.DataFrame | pl.LazyFrame, columns: Sequence[str] | None = None):
    """``frame`` with its Categorical/Enum columns (or those among ``columns``) cast to String:
    for outputs whose consumers compare or join them with plain text."""
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    cols = [
        c
        for c, t in schema.items()
        if isinstance(t, (pl.Categorical, pl.Enum)) and (columns is None or c in columns)
    ]
    return frame.with_columns(pl.col(cols).cast(pl.String)) if cols else frame


def group_key(frame: pl.DataFrame, columns: Sequence[str]) -> list[pl.Expr]:
    """Group-by keys for ``frame`` (or a filtered lazy view of it) by ``columns``: one UInt64
    named :data:`KEY` packing their integer codes when every column is Categorical/Enum or
    integer and the codes fit in 64 bits (one integer key groups faster than several), else
    the columns themselves. A packed key means nothing outside this frame: callers keep a row
    index, drop :data:`KEY` and gather the key columns back from the rows.

    Each column takes ``bit_length(largest code)`` bits, codes start at 1 and 0 stands for
    null, so nulls stay a group of their own as in a plain group-by.
    """
    plain = [pl.col(c) for c in columns]
    stats: list[pl.Expr] = []
    for c in columns:
        dtype = frame.schema[c]
        if isinstance(dtype, (pl.Categorical, pl.Enum)):
            stats += [
                pl.lit(0, dtype=pl.Int64).alias(f"lo{c}"),
                pl.col(c).to_physical().max().cast(pl.Int64).alias(f"hi{c}"),
            ]
        elif dtype.is_integer():
            stats += [
                pl.col(c).min().cast(pl.Int64).alias(f"lo{c}"),
                pl.col(c).max().cast(pl.Int64).alias(f"hi{c}"),
            ]
        else:
            return plain
    if not columns:
        return plain
    bounds = frame.select(stats).row(0, named=True)
    key: pl.Expr = pl.lit(0, dtype=pl.UInt64)
    used = 0
    for c in columns:
        lo, hi = bounds[f"lo{c}"], bounds[f"hi{c}"]
        if lo is None or hi is None:  # an all-null column: one code
            lo = hi = 0
        width = max(int(hi - lo + 1).bit_length(), 1)
        used += width
        if used > 64:
            return plain
        col = pl.col(c)
        if isinstance(frame.schema[c], (pl.Categorical, pl.Enum)):
            col = col.to_physical()
        code = ((col.cast(pl.Int64) - lo).cast(pl.UInt64) + 1).fill_null(0)
        key = key * (1 << width) + code
    return [key.alias(KEY)]


#: the keys of :func:`rating_pairs` (a null id or role is a group of its own)
PAIR_KEYS = ("cycle_id", "employee_id", "rater_id", "rater_role")


def rating_pairs(ratings: pl.DataFrame, growth_dims: Sequence[str] | None = None) -> pl.DataFrame:
    """The rating rows with a finite score aggregated once per (cycle, ratee, rater, role), with
    what the per-pair steps of several company models need, so they share one pass over the
    rows instead of each grouping them again (findings' company parts):

    ``n`` rows, ``s`` sum and ``ss`` sum of squares of the score, ``_row`` first row; over the
    rows with a positive dimension weight (null weight = 1; all rows when the column is
    absent): ``_nw`` rows, ``_sw`` weight sum, ``_sws`` weighted score sum, ``_roww`` first row;
    over the rows of ``growth_dims``: ``_ng`` rows and ``_sg`` score sum.
    """
    score = pl.col("score")
    w = (
        pl.col("weight").cast(pl.Float64).fill_null(1.0)
        if "weight" in ratings.columns
        else pl.lit(1.0)
    )
    pos = w > 0
    dims = pl.Series(list(growth_dims or []), dtype=pl.String)
    # conditional values as columns first (null where the condition fails), so every
    # aggregation below is a plain sum/min/count that the group-by runs on its fast path
    return (
        ratings.lazy()
        .with_row_index(ROW)
        .filter(score.is_not_null() & score.is_finite())
        .select(
            *PAIR_KEYS,
            ROW,
            score,
            _ss=score**2,
            _wp=pl.when(pos).then(w),
            _wsp=pl.when(pos).then(score * w),
            _rowp=pl.when(pos).then(pl.col(ROW)),
            _g=pl.when(pl.col("dimension").is_in(dims.implode())).then(score),
        )
        .group_by(*PAIR_KEYS)
        .agg(
            n=pl.len(),
            s=score.sum(),
            ss=pl.col("_ss").sum(),
            _row=pl.col(ROW).min(),
            _nw=pl.col("_wp").count(),
            _sw=pl.col("_wp").sum(),
            _sws=pl.col("_wsp").sum(),
            _roww=pl.col("_rowp").min(),
            _ng=pl.col("_g").count(),
            _sg=pl.col("_g").sum(),
        )
        # in the order of each pair's first row: a hash group-by gives its groups in an order
        # that changes from call to call, and every model summing over the pairs then rounded
        # differently (1e-16, grown to 1e-12 in the rater table's ct_ci95_high: left30 item 6)
        .sort(ROW)
        .collect()
    )


# --------------------------------------------------------------------------------------------
# dense integer codes (the NumPy models index their matrices with them)
# --------------------------------------------------------------------------------------------


def relabel(codes: np.ndarray) -> tuple[np.ndarray, int]:
    """Non-negative integer codes renumbered 0..k-1 in their order, and k: a table of the
    codes present (O(n), no sort), so keep the codes small (see :func:`int_codes`)."""
    codes = np.asarray(codes, dtype=np.int64)
    if codes.size == 0:
        return codes, 0
    top = int(codes.max()) + 1
    present = np.zeros(top, dtype=bool)
    present[codes] = True
    # the new code of each present value written at its place (k writes), not a running sum
    # over the whole table: np.cumsum of a bool table casts it in chunks and wrote two int64
    # tables (the sum and the sum - 1); the table as int32 when the codes fit, so the gather
    # reads half the memory (6.7M codes, as at 40M ratings: 0.09 -> 0.06 CPU s on a table of
    # 1.5M, 0.9-2.4 -> 0.3-0.5 s on one of 26M; the 40M fit calls it about 30 times)
    seen = np.flatnonzero(present)
    lut = np.empty(top, dtype=np.int32 if seen.size < 2**31 else np.int64)
    lut[seen] = np.arange(seen.size, dtype=lut.dtype)
    return lut[codes].astype(np.int64, copy=False), int(seen.size)


def int_codes(key: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense codes 0..k-1 of non-negative integer keys in key order (``np.unique``'s inverse),
    and k. A table of the keys when they are dense enough for one, else Polars' parallel
    rank (2-3x faster than ``np.unique`` on the million-pair (rater, employee) keys)."""
    key = np.asarray(key, dtype=np.int64)
    if key.size == 0:
        return key, 0
    if key.max() < max(4 * key.size, 1_000_000):
        return relabel(key)
    dense = pl.Series(key).rank("dense").to_numpy().astype(np.int64) - 1
    return dense, int(dense.max()) + 1


def combine_codes(a: np.ndarray, b: np.ndarray, nb: int) -> tuple[np.ndarray, int]:
    """Dense codes of the pair (a, b) (``b`` in 0..nb-1), in (a, b) order, and their count."""
    return int_codes(np.asarray(a, dtype=np.int64) * max(nb, 1) + b)  # (no copy of a first)


def dense_codes(s: pl.Series) -> tuple[np.ndarray, int]:
    """Integer codes 0..k-1 of a key column (hash-based, no sort; equal values, equal codes;
    null is a value of its own) and k. A Categorical column already holds codes; any other
    column is hashed once as text."""
    if isinstance(s.dtype, (pl.Categorical, pl.Enum)):
        phys = s.to_physical()
        top = int(phys.max() or 0) + 1 if phys.len() else 0
        phys = phys.fill_null(top).to_numpy().astype(np.int64)
    else:
        s = s.cast(pl.String).fill_null("\x00null")
        phys = s.cast(pl.Categorical).to_physical().to_numpy().astype(np.int64)
    return relabel(phys)


def value_codes(s: pl.Series, ordered: bool = True) -> np.ndarray:
    """Dense integer codes 0..k-1 of a key column without nulls (equal values, equal codes).

    ``ordered``: the codes follow the values' order (text as text, numbers as numbers: a dense
    rank), so whatever is ordered by code comes out the same on every run. Otherwise a text
    column is hashed once (:func:`dense_codes`: faster, codes in no particular order) and a
    numeric one still ranked."""
    if not ordered and is_text(s.dtype):
        return dense_codes(s)[0]
    if is_text(s.dtype) and not s.has_nulls():  # the distinct values ranked, not every row
        cat = s.cast(pl.String) if isinstance(s.dtype, pl.Enum) else s
        return _text_ranks(
            cat if isinstance(cat.dtype, pl.Categorical) else cat.cast(pl.Categorical)
        )[0]
    if not s.dtype.is_numeric():
        s = s.cast(pl.String)
    return s.rank("dense").to_numpy().astype(np.int64) - 1


def sorted_codes(col: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """Dense integer codes 0..n-1 of a text column in the text order of its values, and the
    value (String) of each code (null and "" share one code).

    Hashing happens once (categorical cast); everything after that runs on integers. Codes
    follow the text order of the values, not the string cache's (which depends on what the
    process cast before), so outputs ordered by code come out the same on every run.
    """
    if isinstance(col.dtype, (pl.Categorical, pl.Enum)):  # codes at hand (a compact KPI frame)
        phys = col.cast(pl.Categorical).fill_null("").to_physical().to_numpy()
    else:
        phys = col.cast(pl.String).fill_null("").cast(pl.Categorical).to_physical().to_numpy()
    # the codes np.unique(phys, return_inverse=True) gives, without its sort: the physical codes
    # present, renumbered in their order
    idx, n = relabel(phys)
    first = np.empty(n, dtype=np.int64)
    first[idx[::-1]] = np.arange(len(idx) - 1, -1, -1)  # first row of each code
    values = col.gather(first).cast(pl.String)  # text order and String out, whatever came in
    order = values.arg_sort(nulls_last=False).to_numpy()
    recode = np.empty(n, dtype=np.int64)
    recode[order] = np.arange(n)
    return recode[idx.ravel()], values.gather(order)


def _text_ranks(cat: pl.Series, phys: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Each row's rank 0..k-1 among the distinct values of a Categorical column in text order
    (a dense rank of the text), and k: the distinct physical codes renumbered, their values
    sorted, so the text is compared k log k times, not n log n. ``phys``: the physical codes
    with nulls already given a code of their own (default: the column's, without nulls)."""
    if phys is None:
        phys = cat.to_physical().to_numpy()
    idx, n = relabel(phys)
    first = np.empty(n, dtype=np.int64)
    first[idx[::-1]] = np.arange(idx.size - 1, -1, -1)  # a row of each value
    order = cat.gather(first).cast(pl.String).arg_sort(nulls_last=False).to_numpy()
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank[idx], n


def _rank_codes(s: pl.Series, nulls_last: bool = False) -> tuple[np.ndarray, int] | None:
    """Codes 1..k of a key column in the order Polars sorts it (text as text, an Enum in its
    categories' order, integers by value), 0 for null (k + 1 with ``nulls_last``), and k + 2;
    None for a column this does not rank (floats: NaN's place)."""
    if is_text(s.dtype):
        return _text_rank_codes(s, nulls_last)
    if s.dtype.is_integer() or s.dtype == pl.Boolean:
        nulls = s.is_null().to_numpy()
        ranked = s.rank("dense").fill_null(1)
        codes, k = ranked.to_numpy().astype(np.int64) - 1, int(ranked.max() or 0)
        return np.where(nulls, k + 1 if nulls_last else 0, codes + 1), k + 2
    return None


def _text_rank_codes(s: pl.Series, nulls_last: bool) -> tuple[np.ndarray, int]:
    """:func:`_rank_codes` of a text column through a table from physical code to rank: the
    distinct values are ranked (k log k comparisons of text, an Enum by its physical codes)
    and every row is one look-up in the table. Why: the rows are touched twice (the codes
    present, a row of each) and once for the look-up, not renumbered, scattered and gathered
    again as whole arrays (5.4M pair rows at 40M ratings)."""
    cat = s if isinstance(s.dtype, (pl.Categorical, pl.Enum)) else s.cast(pl.Categorical)
    phys = cat.to_physical()
    top = int(phys.max() or 0) + 1  # a null's code: above every value's
    codes = (phys.fill_null(top) if phys.has_nulls() else phys).to_numpy()
    row = np.zeros(top + 1, dtype=np.int64)  # a row holding each code (any one)
    row[codes] = np.arange(codes.size)
    present = np.zeros(top + 1, dtype=bool)
    present[codes] = True
    present[top] = False
    values = np.flatnonzero(present)
    if isinstance(s.dtype, pl.Enum):  # sorted by the categories' order: the physical codes
        order = np.arange(values.size)
    else:
        order = cat.gather(row[values]).cast(pl.String).arg_sort().to_numpy()
    k = int(values.size)
    table = np.empty(top + 1, dtype=np.int64)
    table[values[order]] = np.arange(1, k + 1)
    table[top] = k + 1 if nulls_last else 0
    return table[codes], k + 2


class SortOrder(NamedTuple):
    """The rows of a frame in the order of some keys (:func:`sort_order`)."""

    #: the row indices in sorted order (stable: rows with equal keys keep their order)
    rows: np.ndarray
    #: each sorted row's key: its columns' rank codes packed (equal keys, equal values)
    key: np.ndarray
    #: the packed key is ``sum(code_i * step_i)``: the step of each column of ``by``
    steps: tuple[int, ...]


def sort_order(
    frame: pl.DataFrame, by: Sequence[str], nulls_last: bool = False
) -> SortOrder | None:
    """The stable ascending order of ``frame``'s rows by ``by`` (nulls first, or last with
    ``nulls_last``), as :meth:`polars.DataFrame.sort` with ``maintain_order``: the columns'
    rank codes packed into one integer, shifted left past the row number and the row number
    added, so one sort of plain integers orders the rows and breaks ties by position (a sort
    of values, not an arg-sort: 0.16 against 0.43 CPU s for 5.4M keys). None when a key is
    not ranked here (floats) or the packed key and row number overflow 63 bits."""
    n = frame.height
    packed_key = _packed_key(frame, by, nulls_last)
    if packed_key is None:
        return None
    key, sizes = packed_key
    room = int(np.prod(sizes, dtype=np.int64))
    bits = max(n - 1, 1).bit_length()
    if room << bits >= 2**63:
        return None
    key <<= bits
    key += np.arange(n, dtype=np.int64)
    packed = pl.Series(key).sort().to_numpy()
    steps = tuple(int(np.prod(sizes[i + 1 :], dtype=np.int64)) for i in range(len(sizes)))
    return SortOrder(packed & ((1 << bits) - 1), packed >> bits, steps)


def _packed_key(
    frame: pl.DataFrame, by: Sequence[str], nulls_last: bool
) -> tuple[np.ndarray, list[int]] | None:
    """Each row's rank codes of ``by`` packed into one integer (equal keys, equal integers; in
    the keys' sort order), and each column's number of codes; None when a column is not ranked
    here (floats) or the codes overflow 62 bits."""
    key = np.zeros(frame.height, dtype=np.int64)
    sizes: list[int] = []
    room = 1
    for col in by:
        ranked = _rank_codes(frame[col], nulls_last)
        if ranked is None or room * ranked[1] >= 2**62:
            return None
        codes, k = ranked
        key *= k
        key += codes
        room *= k
        sizes.append(k)
    return key, sizes


def group_codes(frame: pl.DataFrame, by: Sequence[str]) -> tuple[np.ndarray, int] | None:
    """Each row's group 0..k-1 by the keys ``by`` (null a key of its own), the groups numbered
    in the order :func:`sorted_by` sorts the keys, and k; None where :func:`sort_order` is.
    Why: sums per group then run as ``np.bincount`` over the codes and come out in the sorted
    order, with no hash group-by and no sort of the rows (the rank codes and one table of the
    packed keys: O(rows))."""
    packed_key = _packed_key(frame, by, False)
    return None if packed_key is None else int_codes(packed_key[0])


def sorted_by(frame: pl.DataFrame, by: Sequence[str], nulls_last: bool = False) -> pl.DataFrame:
    """``frame.sort(by, nulls_last=nulls_last)`` (ascending, ties in their order) through one
    packed integer key (:func:`sort_order`). Why: Polars compares a Categorical key as text at
    every comparison; the pair means' three id keys at 8M ratings (a million rows) sorted in
    0.55 CPU s that way, 0.2 s through the integer key. Keys this does not rank (floats) or
    whose levels overflow sort as before."""
    order = sort_order(frame, by, nulls_last)
    if order is None:
        return frame.sort(by, nulls_last=nulls_last)
    return frame[order.rows]


def cycle_order_map(frame: pl.DataFrame, cycles: pl.DataFrame | None = None) -> pl.DataFrame:
    """``cycle_id, cycle_order`` (Int64) of the cycles: from ``frame``'s own ``cycle_order``
    when it has one, else from ``cycles`` (``cycle_order`` or the stored ``ordering``), else
    ``frame``'s cycle ids in text order numbered from 0. One row per cycle_id, which keeps
    ``frame``'s dtype unless it comes from ``cycles``."""
    if "cycle_order" in frame.columns:
        return frame.select("cycle_id", "cycle_order").unique("cycle_id")
    if cycles is not None:
        col = "cycle_order" if "cycle_order" in cycles.columns else "ordering"
        return cycles.select("cycle_id", pl.col(col).cast(pl.Int64).alias("cycle_order")).unique(
            "cycle_id"
        )
    ids = frame.select(pl.col("cycle_id").unique())
    return ids.sort(pl.col("cycle_id").cast(pl.String)).with_columns(
        cycle_order=pl.int_range(pl.len()).cast(pl.Int64)
    )
