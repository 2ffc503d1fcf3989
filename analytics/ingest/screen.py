"""Rules for odd cells of HR exports that the import hooks in at one point each: Excel error
values (the reader returns them empty), a header line repeated inside the data, a second header
row of field codes under the header, percentages as fractions, and weights written into
dimension headers (``业绩(60%)``).

Why a module of its own: each rule is a small pure function (frame -> frame, or text -> value),
testable alone; it imports nothing of the pipeline (the reader uses it too), and
:mod:`analytics.ingest.firstlook` and :mod:`analytics.ingest.reviews` call it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import polars as pl

from analytics.ingest.headers import field_of, normalise_header
from analytics.ingest.xlsxparts import UNREADABLE, cell_position, worksheets

__all__ = [
    "CELL",
    "EXCEL_ERRORS",
    "REF",
    "dimension_weight",
    "excel_error_expr",
    "field_code_row",
    "header_repeat_rows",
    "hidden_rows",
    "number_examples",
    "numeric_grades_as_scores",
    "percent_fraction",
    "put_sheet_errors",
    "screen",
    "sheet_errors",
    "shown_error",
    "split_dimension_weights",
]

#: Excel's error values: a formula that failed, never a score or a missing value chosen by a
#: person. ``#N/A`` is also written by hand as a placeholder in text exports; it counts as an
#: error only where the workbook stored it as one (see :func:`sheet_errors`).
EXCEL_ERRORS = frozenset(
    {"#div/0!", "#ref!", "#value!", "#name?", "#num!", "#null!", "#spill!", "#calc!",
     "#getting_data", "#field!", "#blocked!", "#connect!", "#busy!", "#unknown!"}
)  # fmt: skip
ERROR_NA = "#N/A"  # how an error cell #N/A is written into the frame, told apart from text


def excel_error_expr(text: pl.Expr) -> pl.Expr:
    """True where a cell holds an Excel error value (#DIV/0!, #REF!, #VALUE!, #NAME? …)."""
    t = text.cast(pl.String).str.strip_chars()
    return t.str.to_lowercase().is_in(list(EXCEL_ERRORS)) | (t == f"{ERROR_NA}\u2060")


#: a filled cell of a sheet's XML: its attributes and its content
CELL = re.compile(r"<c\b([^>]*?)(?<!/)>(.*?)</c>", re.S)
#: a cell's reference (``B12``) among its attributes
REF = re.compile(r'\br="([A-Z]+[0-9]+)"')


_HIDDEN_ROW = re.compile(r'<row\b(?=[^>]*\bhidden="(?:1|true)")[^>]*\br="(\d+)"')


def hidden_rows(path: Path) -> dict[str, list[int]]:
    """Per sheet name, the rows Excel hides (filtered out or hidden by hand), numbered as the
    reader numbers them (from the first filled cell); {} when the parts cannot be read. They
    are loaded like any row, and said."""
    out: dict[str, list[int]] = {}
    try:
        for sheet in worksheets(path, holding="hidden="):
            rows = [sheet.relative(int(r), 1)[0] for r in _HIDDEN_ROW.findall(sheet.xml)]
            if rows:
                out[sheet.name] = rows
    except UNREADABLE:
        return {}
    return out


def sheet_errors(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Per sheet name, its error cells as (row, column, value), 1-based and moved so that
    (1, 1) is the first filled cell (as the reader returns the sheet); {} when the parts cannot
    be read. The reader returns these cells empty, so without this they vanish silently."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    try:
        for sheet in worksheets(path, holding='t="e"'):
            found = []
            for m in CELL.finditer(sheet.xml):
                attrs, inner = m.group(1), m.group(2)
                ref = REF.search(attrs)
                value = re.search(r"<v>(.*?)</v>", inner, re.S)
                if ref and value and re.search(r'\bt="e"', attrs):
                    row, col = sheet.relative(*cell_position(ref.group(1)))
                    found.append((row, col, html.unescape(value.group(1))))
            if found:
                out[sheet.name] = found
    except UNREADABLE:
        return {}
    return out


def put_sheet_errors(frame: pl.DataFrame, errors: list[tuple[int, int, str]]) -> pl.DataFrame:
    """``frame`` (a sheet read without header, as text) with each error cell holding its
    error text, so validation quarantines it instead of reading an empty cell. ``#N/A`` is
    marked (a word joiner) so that it is not taken for the hand-written placeholder."""
    cols = frame.columns
    for r, c, value in errors:
        if not (1 <= r <= frame.height and 1 <= c <= len(cols)):
            continue
        text = f"{ERROR_NA}\u2060" if value.strip().upper() == ERROR_NA else value
        idx = pl.int_range(pl.len())
        frame = frame.with_columns(
            pl.when(idx == r - 1)
            .then(pl.lit(text))
            .otherwise(pl.col(cols[c - 1]))
            .alias(cols[c - 1])
        )
    return frame


def shown_error(text: pl.Expr) -> pl.Expr:
    """The error text as the user's spreadsheet shows it (the #N/A mark removed)."""
    return text.cast(pl.String).str.replace_all("\u2060", "")


def _key(expr: pl.Expr) -> pl.Expr:
    return (
        expr.cast(pl.String)
        .str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"[\s\u3000_:：]", "")
    )


def header_repeat_rows(frame: pl.DataFrame, headers: dict[str, str]) -> pl.Expr:
    """True for a row that repeats the header line (exports stitched together from department
    exports repeat it part way down): at least two of its cells, and at least half of its
    filled cells, equal their own column's header. ``headers``: frame column -> the header
    text the file gave it."""
    cols = [c for c in headers if c in frame.columns]
    if len(cols) < 2:
        return pl.lit(False)
    hits = pl.sum_horizontal(
        [
            (_key(pl.col(c)) == _key(pl.lit(headers[c]))).fill_null(False).cast(pl.Int32)
            for c in cols
        ]
    )
    filled = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Int32) for c in cols])
    return (hits >= 2) & (hits * 2 >= filled)


#: a field code as HR systems write one under the header: emp_no, dept_name, period, score
_FIELD_CODE = re.compile(r"^[A-Za-z]+(?:[_.][A-Za-z]+)*$")
#: share of a column's other cells holding a digit for a cell without one to be unlike them
_DIGIT_SHARE = 0.9


def _header_like(cell: str, overrides: dict[str, str]) -> bool:
    """A header PerfLens knows (工号, score, period) or a field code (emp_no): no digit."""
    code = _FIELD_CODE.match(unicodedata.normalize("NFKC", cell)) is not None
    return code or field_of(cell, overrides) is not None


def _unlike_column(frame: pl.DataFrame, col: str, cell: str) -> bool:
    """True when ``cell`` (the first row's) holds no digit while at least 90% of the column's
    other filled cells do (ids like E1101, cycles like 2025Q4, scores)."""
    rest = frame.get_column(col).slice(1).drop_nulls()
    if re.search(r"\d", cell) or not rest.len():
        return False
    return rest.str.contains(r"\d").mean() >= _DIGIT_SHARE  # type: ignore[operator]


def field_code_row(
    frame: pl.DataFrame,
    ids: list[str],
    first_row: int,
    overrides: dict[str, str] | None = None,
    row: str = "__row",
) -> bool:
    """True when the row directly under the header (the user's row ``first_row``, the first
    of ``frame``: text columns under their headers) is a second header row, as many HR systems
    export one (工号 … over emp_no, emp_name, period, score). Every filled cell, in at least
    half the columns and two at least, is a known header or a field code (no digit); and
    either half of them are known headers, or the id column's cell (``ids``: the employee id
    columns) and another column's are unlike their columns (no digit where 90% of the others
    have one). A row repeating the header itself is left to :func:`header_repeat_rows`.
    ``overrides``: the user's header mapping, normalised."""
    if not frame.height or frame.item(0, row) != first_row:
        return False
    overrides = overrides or {}
    cols = [c for c in frame.columns if c != row]
    cells = {c: v for c, v in frame.row(0, named=True).items() if c != row and v is not None}
    if len(cells) < 2 or 2 * len(cells) < len(cols):
        return False
    if not all(_header_like(v, overrides) for v in cells.values()):
        return False
    if frame.head(1).select(header_repeat_rows(frame, {c: c for c in cols})).item():
        return False
    known = sum(field_of(v, overrides) is not None for v in cells.values())
    if 2 * known >= len(cells):
        return True
    unlike = [c for c, v in cells.items() if _unlike_column(frame, c, v)]
    return len(unlike) >= 2 and any(c in ids for c in unlike)


_PERCENT = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*[%％]\s*$"


def percent_over_hundred(series: pl.Series) -> bool:
    """Most filled cells are percentages and one is over 100% ('120%'): a share of a target
    (attainment), not a rating on 0-100, whose top is 100."""
    txt = series.cast(pl.String).str.normalize("NFKC").str.strip_chars().drop_nulls()
    txt = txt.filter(txt != "")
    is_pct = txt.str.contains(_PERCENT)
    if txt.len() == 0 or is_pct.mean() <= 0.5:  # type: ignore[operator]
        return False
    value = txt.filter(is_pct).str.replace_all(r"[%\s]", "").cast(pl.Float64, strict=False)
    return bool((value > 100).any())


def percent_fraction(frame: pl.DataFrame, col: str) -> tuple[pl.DataFrame, bool]:
    """Column ``col`` (text) with '40%' written as the fraction '0.4', as a plain 0.4 is read;
    and whether the column mixes percentages with plain numbers (units the user should check).
    For weights and attainment rates, where a plain number is already a fraction."""
    if col not in frame.columns:
        return frame, False
    txt = pl.col(col).cast(pl.String).str.normalize("NFKC").str.strip_chars()
    is_pct = txt.str.contains(_PERCENT).fill_null(False)
    n_pct, n_plain = frame.select(
        is_pct.sum().alias("pct"),
        (~is_pct & txt.str.contains(r"\d").fill_null(False)).sum().alias("plain"),
    ).row(0)
    if not n_pct:
        return frame, False
    value = (txt.str.replace_all(r"[%\s]", "").cast(pl.Float64, strict=False) / 100).round(12)
    fixed = pl.when(is_pct).then(value.cast(pl.String)).otherwise(pl.col(col).cast(pl.String))
    return frame.with_columns(fixed.alias(col)), bool(n_plain)


_HEADER_WEIGHT = re.compile(
    r"^(?P<name>.+?)\s*[(（\[【]\s*(?:权重|weight|wt\.?)?\s*[:：]?\s*"
    r"(?P<w>\d+(?:\.\d+)?)\s*[%％]\s*[)）\]】]\s*$",
    re.I,
)


def dimension_weight(header: str) -> tuple[str, float | None]:
    """'业绩(60%)' -> ('业绩', 0.6); '能力（权重30%）' -> ('能力', 0.3); else (header, None)."""
    m = _HEADER_WEIGHT.match(header)
    if not m or not m.group("name").strip():
        return header, None
    return m.group("name").strip(), float(m.group("w")) / 100


def split_dimension_weights(long: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, str]]:
    """Long rating rows whose dimension header carries a weight (``业绩(60%)``): the dimension
    is the name alone, so cycles with other weights share it, and the weight fills the rating's
    empty weight; the headers changed (header -> dimension) for the report."""
    if "dimension" not in long.columns or not long.height:
        return long, {}
    names = long.get_column("dimension").unique(maintain_order=True).drop_nulls().to_list()
    split = {h: dimension_weight(h) for h in names}
    split = {h: nw for h, nw in split.items() if nw[1] is not None}
    if not split:
        return long, {}
    dim = pl.col("dimension")
    weight = (
        pl.col("weight").cast(pl.String) if "weight" in long.columns else pl.lit(None, pl.String)
    )
    from_header = dim.replace_strict(
        {h: str(w) for h, (_, w) in split.items()}, default=None, return_dtype=pl.String
    )
    long = long.with_columns(
        dim.replace({h: n for h, (n, _) in split.items()}).alias("dimension"),
        pl.coalesce(weight, from_header).alias("weight"),
    )
    return long, {h: n for h, (n, _) in split.items()}


def screen(
    base: pl.DataFrame, headers: dict[str, str], row: str = "__row"
) -> tuple[pl.DataFrame, pl.DataFrame, list[int]]:
    """First look at a table's cells: rows repeating the header line dropped (their user row
    numbers returned), and Excel error cells made empty, each returned as a record (``row``,
    column header, raw text as shown) for the quarantine, so none vanishes without a reason."""
    repeat = header_repeat_rows(base, headers)
    repeats = base.filter(repeat).get_column(row).to_list()
    if repeats:
        base = base.filter(~repeat)
    parts = []
    cols = [c for c in base.columns if c != row]
    # which columns hold an error at all, in one pass: a column's cells are tested once, and
    # the rest of the loop (a filter and a select each) runs only for those (rare); each
    # column's test reads that column alone, so the result is the loop's over every column
    if cols:
        anywhere = base.select(excel_error_expr(pl.col(c)).fill_null(False).any() for c in cols)
        cols = [c for c, hit in zip(cols, anywhere.row(0)) if hit]
    for c in cols:
        hit = excel_error_expr(pl.col(c))
        part = base.filter(hit.fill_null(False)).select(
            pl.col(row),
            pl.lit(headers.get(c, c)).alias("column"),
            shown_error(pl.col(c)).alias("raw"),
        )
        if part.height:
            parts.append(part)
            base = base.with_columns(pl.when(hit).then(None).otherwise(pl.col(c)).alias(c))
    schema = {row: base.schema[row], "column": pl.String, "raw": pl.String}
    errors = pl.concat(parts).sort(row) if parts else pl.DataFrame(schema=schema)
    return base, errors, [int(r) for r in repeats]


def number_examples(column: pl.Series, limit: int = 5) -> list[str]:
    """A numeric column's distinct values as written, in numeric order (the first few, then
    "…"): what a line quotes from the file itself."""
    vals = column.cast(pl.String).str.strip_chars().drop_nulls().unique()
    vals = vals.filter(vals != "")
    order = vals.str.normalize("NFKC").cast(pl.Float64, strict=False)
    shown = pl.DataFrame({"v": vals, "k": order}).sort("k", "v").get_column("v").to_list()
    return shown[:limit] + (["…"] if len(shown) > limit else [])


def numeric_grades_as_scores(
    frame: pl.DataFrame, col_map: dict[str, str], fixed: set[str]
) -> tuple[dict[str, str], str | None]:
    """A grade column (Workday's 'Overall Rating') whose filled cells are all numbers (3, 4,
    4.5) is a final score on a scale, not grade labels; ``col_map`` with it read so, and its
    header (None when nothing changed). ``fixed``: normalised headers the user mapped (kept)."""
    fields = set(col_map.values())
    if "final_score" in fields or "score" in fields:
        return col_map, None
    src = next((c for c, f in col_map.items() if f == "grade"), None)
    if src is None or src not in frame.columns or normalise_header(src) in fixed:
        return col_map, None
    vals = frame.get_column(src).cast(pl.String).str.strip_chars().drop_nulls()
    vals = vals.filter(vals != "")
    if vals.len() == 0:
        return col_map, None
    num = vals.str.normalize("NFKC").cast(pl.Float64, strict=False)
    if num.null_count() or not num.is_finite().all():
        return col_map, None
    return {c: ("final_score" if c == src else f) for c, f in col_map.items()}, src
