"""Cell values read as numbers, dates and times of day the way exports write them (decimal
commas, Excel serials, Chinese dates, day/month order read from the column). A cell that is
no value is quarantined and left empty, so the row's other fields still load."""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.ingest.problems import Notice, problem_rows
from analytics.ingest.readers import ROW
from analytics.ingest.scales import number_expr

_THOUSANDS_ONLY = r"^[+-]?[1-9]\d{0,2}(,\d{3})+$"  # 1,500: thousands, or 1.5 with a decimal comma


_DECIMAL_COMMA = r"^[+-]?\d*,\d+$"


def as_numbers(
    frame: pl.DataFrame, col: str, src: str, lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Column ``col`` as numbers; a cell that is no number is quarantined and left empty (the
    row's other fields load). A decimal comma ('0,4') is read as one; in a column that uses
    decimal commas, '1,500' could be 1.5 or 1500 and is quarantined (``ambiguous_number``)."""
    txt = pl.col(col).cast(pl.String).str.strip_chars()
    thousands_only = txt.str.contains(_THOUSANDS_ONLY)
    decimal_col = bool(
        frame.select((txt.str.contains(_DECIMAL_COMMA) & ~thousands_only).any()).item()
    )
    num = number_expr(txt)
    ambiguous = thousands_only.fill_null(False) & pl.lit(decimal_col)
    bad = pl.col(col).is_not_null() & num.is_null()
    problems = [
        problem_rows(frame, ambiguous, src, pl.col(col), "ambiguous_number", lang),
        problem_rows(frame, bad & ~ambiguous, src, pl.col(col), "not_a_number", lang),
    ]
    frame = frame.with_columns(pl.when(ambiguous).then(None).otherwise(num).alias(col))
    return frame, problems


_EXCEL_EPOCH = date(1899, 12, 30)


_YEAR_LAST = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s.*)?$"


def _iso_date(expr: pl.Expr) -> pl.Expr:
    txt = expr.str.strip_chars().str.replace_all(r"[年月/\.]", "-").str.replace_all("日", "")
    return pl.coalesce(
        txt.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        txt.str.to_date("%Y-%m-%-d", strict=False),
        txt.str.to_date("%Y-%-m-%-d", strict=False),
        txt.str.to_date("%Y%m%d", strict=False),
    )


def as_dates(
    frame: pl.DataFrame, col: str, src: str, lang: str, file: str
) -> tuple[pl.DataFrame, list[pl.DataFrame], list[Notice]]:
    """Column ``col`` as dates: ISO and Chinese spellings, Excel serial numbers (45123) and
    day/month/year or month/day/year with the year last. The order of the last is read from
    the column (a first part above 12 means day first, a second part above 12 month first);
    when no value tells, month first (US) with a warning quoting the file's own such dates
    (their rows, and the date each was read as). A cell that is no date is quarantined
    (``not_a_date``) and left empty; the row loads. ``frame`` holds the source row (ROW)."""
    # parsed once per distinct text (a roster repeated on every rating row has few), then
    # mapped back onto the rows
    texts = frame.select(pl.col(col).cast(pl.String).unique().drop_nulls().alias(col))
    parsed_texts, ambiguous = _parse_dates(texts, col)
    parsed = (
        pl.col(col)
        .cast(pl.String)
        .replace_strict(
            texts.get_column(col), parsed_texts.get_column(col), default=None, return_dtype=pl.Date
        )
    )
    bad = pl.col(col).is_not_null() & parsed.is_null()
    problems = [problem_rows(frame, bad, src, pl.col(col), "not_a_date", lang)]
    warnings = _month_first_notice(frame, col, parsed, ambiguous, src, file)
    return frame.with_columns(parsed.alias(col)), problems, warnings


def _month_first_notice(
    frame: pl.DataFrame, col: str, parsed: pl.Expr, ambiguous: list[str], src: str, file: str
) -> list[Notice]:
    """The warning for dates read month first though no value of the column told the order:
    how many rows hold one, and the first five such values (distinct) as "row: value → date
    read"; none when no date read depends on the order."""
    if not ambiguous:
        return []
    rows = (
        frame.select(pl.col(ROW), pl.col(col).cast(pl.String).alias("text"), parsed.alias("read"))
        .filter(pl.col("text").is_in(ambiguous) & pl.col("read").is_not_null())
        .sort(ROW)
    )
    if not rows.height:
        return []
    first = rows.unique("text", keep="first", maintain_order=True)
    shown = [f"{r}: {t} → {d.isoformat()}" for r, t, d in first.head(5).iter_rows()]
    shown += ["…"] if first.height > 5 else []
    n = rows.get_column(ROW).n_unique()
    return [("dates_month_first", {"file": file, "column": src, "n": n, "examples": shown})]


def _parse_dates(frame: pl.DataFrame, col: str) -> tuple[pl.DataFrame, list[str]]:
    """``frame`` (distinct texts) with column ``col`` parsed as :func:`as_dates` says (null:
    no date), and the texts read month first though day and month could not be told apart
    (both parts 12 or less, and not equal: 05/05/2018 reads the same either way)."""
    txt = pl.col(col).cast(pl.String).str.strip_chars()
    serial = txt.cast(pl.Float64, strict=False)
    from_serial = (
        pl.when(serial.is_between(10_000, 80_000) & txt.str.contains(r"^\d{5}(\.\d+)?$"))
        .then(pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial.floor().cast(pl.Int64)))
        .cast(pl.Date)
    )
    a = txt.str.extract(_YEAR_LAST, 1).cast(pl.Int32, strict=False)
    b = txt.str.extract(_YEAR_LAST, 2).cast(pl.Int32, strict=False)
    y = txt.str.extract(_YEAR_LAST, 3).cast(pl.Int32, strict=False)
    day_first = bool(frame.select((a > 12).any()).item())
    month_first = bool(frame.select((b > 12).any()).item())
    ambiguous: list[str] = []
    if not day_first and not month_first:
        ambiguous = frame.filter((a != b).fill_null(False)).get_column(col).to_list()
    mon, day = (b, a) if day_first and not month_first else (a, b)
    ok_parts = mon.is_between(1, 12) & day.is_between(1, 31)
    parsed = pl.coalesce(
        _iso_date(txt),
        from_serial,
        pl.when(ok_parts & ~pl.lit(day_first and month_first)).then(
            pl.concat_str([y, mon, day], separator="-").str.to_date("%Y-%-m-%-d", strict=False)
        ),
    )
    return frame.with_columns(parsed.alias(col)), ambiguous


_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$"


def time_of_day(text: pl.Expr) -> pl.Expr:
    """The time of day a date-and-time cell holds beyond its date: an Excel serial's fraction
    (45580.4375 = 10:30) or a clock at the end (10/13/2024 14:30, 2:30 PM); null when none."""
    t = text.cast(pl.String).str.strip_chars()
    frac = t.cast(pl.Float64, strict=False).mod(1)
    serial = pl.when(t.str.contains(r"^\d{5}\.\d+$")).then(
        pl.duration(seconds=(frac * 86400).round(0).cast(pl.Int64))
    )
    hour = t.str.extract(_CLOCK, 1).cast(pl.Int64, strict=False)
    half = t.str.extract(_CLOCK, 4).str.to_lowercase()
    hour = (
        pl.when(half == "pm")
        .then(hour % 12 + 12)
        .when(half == "am")
        .then(hour % 12)
        .otherwise(hour)
    )
    clock = pl.when(hour.is_between(0, 23)).then(
        pl.duration(
            hours=hour,
            minutes=t.str.extract(_CLOCK, 2).cast(pl.Int64, strict=False),
            seconds=t.str.extract(_CLOCK, 3).cast(pl.Int64, strict=False).fill_null(0),
        )
    )
    return pl.coalesce(serial, clock)
