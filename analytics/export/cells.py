"""Cells as people read them, shared by every export: codes worded, headers translated, text
that a spreadsheet would run as a formula neutralised (OWASP CSV injection guidance: a leading
apostrophe before ``=``, ``+``, ``-``, ``@``, tab or CR), and numbers formatted for reading
(percentages, p-values never "0.000", thousands separators)."""

from __future__ import annotations

import html
import math
import re

import polars as pl

from analytics.export.fontwidths import em
from analytics.findings.units import SQUARES, Unit, convert, converted
from analytics.text import render, render_frame
from analytics.text.labels import (
    column_label,
    is_count_statistic,
    is_money,
    is_p_value,
    is_percent,
)

__all__ = [
    "CYCLE_COLUMNS",
    "cycle_names_line",
    "for_people",
    "format_number",
    "format_p_cell",
    "header",
    "html_table",
    "named_cycles",
    "neutralise",
    "number_kind",
    "unsigned_zero",
    "without_empty_columns",
    "yes_no",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with '; ', and text that could run as a formula prefixed with an apostrophe."""
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            col = col.cast(pl.List(pl.String)).list.join("; ")
            dtype = pl.String
        if dtype == pl.String:
            col = pl.when(col.str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + col).otherwise(col)
        exprs.append(col.alias(name))
    return frame.select(exprs)


def without_empty_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` without the columns that are empty (null) in every row: a table that stacks
    departments or units carries a column for every grade any unit uses (``share_优秀`` beside
    ``share_S``), and a scope whose units use none of it showed it empty from top to bottom
    (issue 19). A column of zeros stays: zero is a value. An empty frame is kept whole (its
    headers say what it would hold). A list column counts as empty where its lists are (the
    rater table's central-tendency and halo evidence, printed as an empty column)."""
    if frame.height == 0:
        return frame
    blank = frame.select(
        (pl.col(c).list.len().fill_null(0) == 0).sum()
        if isinstance(dtype, pl.List)
        else pl.col(c).null_count()
        for c, dtype in frame.schema.items()
    ).row(0)
    return frame.drop([c for c, n in zip(frame.columns, blank) if n == frame.height])


def for_people(
    frame: pl.DataFrame, lang: str, unit: Unit | None = None, spreadsheet: bool = True
) -> pl.DataFrame:
    """Codes worded, text neutralised, headers translated: what a spreadsheet or page shows.
    ``unit``: the scope's scale (:mod:`analytics.findings.units`): scores, effects and changes
    in its points, and their headers saying so (or that they are 0-1, for mixed scales).
    ``spreadsheet=False``: for a console, which runs no formula: text as written ('-5', not
    the apostrophe a spreadsheet needs)."""
    worded = yes_no(render_frame(convert(frame, unit), lang), lang)
    return _headers(neutralise(worded) if spreadsheet else worded, lang, unit)


def yes_no(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Boolean columns as the words 是 / 否, Yes / No (``common.yes`` / ``common.no``). Why: a
    workbook showed them as Excel's TRUE / FALSE, English in the Chinese export (review of
    issue 19, minor 6)."""
    yes, no = render("common.yes", lang), render("common.no", lang)
    return frame.with_columns(
        pl.when(pl.col(c)).then(pl.lit(yes)).when(pl.col(c).not_()).then(pl.lit(no)).alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.Boolean
    )


def header(col: str, dtype: pl.DataType, lang: str, unit: Unit | None, scored: set[str]) -> str:
    """A column's header in ``lang``; a score column's with its unit (``scored``: the columns
    :func:`analytics.findings.units.converted` names)."""
    label = column_label(col, lang, numeric=dtype.is_numeric())
    if unit is not None and col in scored and dtype.is_float():
        # a sum of squares or a variance: the unit squared (a G study's estimate is one)
        squared = col in SQUARES or col == "estimate"
        return render("unit.header", lang, label=label, unit=unit.words(lang, squared))
    return label


def _headers(frame: pl.DataFrame, lang: str, unit: Unit | None = None) -> pl.DataFrame:
    seen: set[str] = set()
    mapping = {}
    scored = set(converted(frame.schema))
    for col, dtype in frame.schema.items():
        label = header(col, dtype, lang, unit, scored)
        if label in seen:
            label = f"{label} ({col})"
        seen.add(label)
        mapping[col] = label
    return frame.rename(mapping)


def number_kind(col: str, dtype: pl.DataType) -> str | None:
    """How a spreadsheet column's numbers are formatted (None: not a number column)."""
    if dtype.is_float():
        if is_money(col):
            return "money"
        if is_count_statistic(col):
            return "int"
        return "percent" if is_percent(col) else "p" if is_p_value(col) else "float"
    if dtype.is_integer():
        return "int"
    return None


def format_number(v: float, kind: str | None) -> str:
    """The same reading format as the spreadsheet's: 12.5%, <0.001, 0.123, 1,863.35; a
    negative number that rounds to zero without its sign ("0.000", not "-0.000": rev21)."""
    if kind == "percent":
        return unsigned_zero(f"{v:.1%}")
    if kind == "p":
        return "<0.001" if v < 0.001 else f"{v:.3f}"
    if kind == "money":
        return unsigned_zero(f"{v:,.2f}")
    if kind == "int":
        return unsigned_zero(f"{v:,.0f}")
    return unsigned_zero(f"{v:,.3f}")


#: a number written as zero with a sign: "-0", "-0.000", "+0.0%"
_SIGNED_ZERO = re.compile(r"[+-]0(\.0*)?%?")


def unsigned_zero(text: str) -> str:
    """``text`` without the sign of a number that rounds to zero: a share of "-0.000" read
    as a negative share (rev21 item 11)."""
    return text[1:] if _SIGNED_ZERO.fullmatch(text) else text


def format_p_cell(v: float | None) -> str | None:
    """A p-value in a table cell as the sentences and the exports write it: "<0.001" below one
    in a thousand, else three decimals (never "4e-31" beside "0.0000011", rev19d)."""
    if v is None or math.isnan(v):
        return None
    return format_number(v, "p")


def html_table(
    frame: pl.DataFrame,
    lang: str,
    limit: int = 50,
    more: bool = True,
    unit: Unit | None = None,
    width: int | None = None,
) -> str:
    """The first ``limit`` rows as an HTML table: worded, headers translated, numbers formatted
    as in the workbook; ``more`` adds a line counting the rows left out. ``width``: the
    printed width in CSS px the columns are laid out against (default :data:`PRINT_WIDTH`,
    the packet's A4 landscape; the meeting record prints on A4 portrait, and its ids laid out
    for landscape broke over two lines, "0006/39": rev26a item 8)."""
    if frame.height == 0:
        return "<p><em>—</em></p>"
    # a page runs no formula: text as written ("+18.1% to +31.8%", not the apostrophe a
    # spreadsheet needs before a leading sign), lists joined
    out = for_people(frame.head(limit), lang, unit, spreadsheet=False)
    out = out.with_columns(
        pl.col(c).cast(pl.List(pl.String)).list.join("; ")
        for c, dtype in out.schema.items()
        if isinstance(dtype, pl.List)
    )
    head = "".join(f"<th>{html.escape(c)}</th>" for c in out.columns)
    kinds = [number_kind(name, dtype) for name, dtype in frame.schema.items()]
    # a score in points to its scale's decimals (one on 0-100: "-44.0", not "-44.042", rev19e)
    scored = set(converted(frame.schema)) if unit is not None else set()
    digits = [
        unit.digits if unit is not None and name in scored and kind == "float" else None
        for name, kind in zip(frame.columns, kinds)
    ]
    texts: list[list[tuple[str, bool]]] = []
    for row in out.iter_rows():
        cells = []
        for v, kind, d in zip(row, kinds, digits):
            if isinstance(v, float) and d is not None:
                txt = "" if math.isnan(v) else unsigned_zero(f"{v:,.{d}f}")
            elif isinstance(v, float):
                txt = "" if math.isnan(v) else format_number(v, kind)
            elif isinstance(v, int) and not isinstance(v, bool):
                txt = f"{v:,}"
            else:
                txt = "" if v is None else str(v)
            cells.append((txt, isinstance(v, (int, float)) and not isinstance(v, bool)))
        texts.append(cells)
    rows = [
        "<tr>"
        + "".join(f"<td{NUM if num else ''}>{html.escape(txt)}</td>" for txt, num in r)
        + "</tr>"
        for r in texts
    ]
    left = render("report.more", lang, n=frame.height - limit) if frame.height > limit else ""
    left = f"<p class='more'>{html.escape(left)}</p>" if left and more else ""
    body = f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
    cols, font = _colgroup(out.columns, texts, width or PRINT_WIDTH)
    size = "" if font == FONT_PX else f" style='font-size:{font}px'"
    return f"<table{size}>{cols}{body}</table>{left}"


NUM = " class='num'"

#: the printed page inside the packet's margins (A4 landscape, 12 mm left and right), CSS px,
#: and the text's size there: what a table's columns are laid out against
PRINT_WIDTH = round((297 - 2 * 12) / 25.4 * 96)
FONT_PX = 10.5
#: a cell's padding (4 px a side) and borders (half of each 1 px line, collapsed), and a pixel
#: of slack for rounding
_CELL_PX = 2 * 4 + 1 + 1
#: smaller text for a table whose columns' minimums do not fit at :data:`FONT_PX`
_SMALLER = (10.0, 9.5, 9.0, 8.5, 8.0)
#: a cell this short and without a space is printed on one line (a cycle, an id, a unit's name)
_SHORT = 12
#: where a line may break: at spaces, and before and after an East Asian character
_PIECES = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+")


def _em(text: str, bold: bool = False) -> float:
    """``text``'s printed width in ems (:func:`analytics.export.fontwidths.em`)."""
    return em(text, bold)


def _two_lines(text: str) -> float:
    """The narrowest width, in ems, at which a header (bold) wraps onto at most two lines with
    at least two characters on each: one line when it cannot ("样本量", not "样本/量")."""
    pieces = [(m.start(), m.end()) for m in _PIECES.finditer(text)]
    splits = sorted(
        max(_em(text[: at[0]].strip(), True), _em(text[at[0] :].strip(), True)) for at in pieces[1:]
    )
    return next(
        (w for w in splits if len(_wrap(text, w)) <= 2 and _whole(text, w)), _em(text, True)
    )


def _whole(text: str, width: float) -> bool:
    """Whether ``text`` wrapped at ``width`` ems leaves no line of a single character."""
    return all(len(x.replace(" ", "")) >= 2 for x in _wrap(text, width)) or len(text) < 2


def _wrap(text: str, width: float) -> list[str]:
    """The lines a browser fills, greedily, with the header ``text`` at ``width`` ems."""
    lines, start = [], 0
    for m in _PIECES.finditer(text):
        if m.start() > start and _em(text[start : m.end()].strip(), True) > width + 1e-9:
            lines.append(text[start : m.start()].strip())
            start = m.start()
    return [*lines, text[start:].strip()]


def _columns(columns: list[str], texts: list[list[tuple[str, bool]]]) -> list[tuple[float, ...]]:
    """Each column's widths in ems at three levels: its minimum (a number, or a short cell,
    whole; another cell in at most three lines, or 24 ems, and its longest word unbroken; the
    header on two lines), its cells on one line, and its header on one line too. Why three
    lines: the direction of a unit off the guideline, squeezed by eleven columns of numbers,
    took eight lines a row in English."""
    out = []
    for j, col in enumerate(columns):
        cells = [r[j] for r in texts]
        whole = [_em(t) for t, _ in cells]
        least = [
            w if num or (len(t) <= _SHORT and " " not in t) else max(_longest(t), min(w / 3, 24))
            for (t, num), w in zip(cells, whole)
        ]
        low = max([_two_lines(col), *least])
        one = max([low, *whole])
        out.append((low, one, max(one, _em(col, bold=True))))
    return out


def _longest(text: str) -> float:
    """The widest piece of ``text`` a line cannot break (a word, a number), in ems."""
    return max((_em(m.group()) for m in _PIECES.finditer(text)), default=0)


def _layout(columns: list[str], texts: list[list[tuple[str, bool]]], width: float):
    """Column widths in px for a table ``width`` px wide, and its font size: every column gets
    its minimum (:func:`_columns`), the wrapping text columns share what is left by how much
    wider their text is; when the minimums do not fit, the table's text is smaller
    (:data:`_SMALLER`), and below the smallest the minimums are shared out (a word may
    break)."""
    ems = _columns(columns, texts)
    for font in (FONT_PX, *_SMALLER):
        levels = [[_CELL_PX + e * font for e in col] for col in ems]
        if sum(c[0] for c in levels) <= width:
            break
    lo = [c[0] for c in levels]
    if sum(lo) > width:
        return [width * x / sum(lo) for x in lo], font
    for k in (1, 2):  # grow towards one-line cells, then one-line headers
        hi = [c[k] for c in levels]
        if sum(hi) > width:
            share = (width - sum(lo)) / (sum(hi) - sum(lo))
            return _settle(columns, [a + (b - a) * share for a, b in zip(lo, hi)], lo, font)
        lo = hi
    # all on one line: the rest shared
    return _settle(columns, [width * x / sum(lo) for x in lo], lo, font)


def _settled(col: str, width: float, font: float) -> bool:
    """Whether the header ``col`` leaves no character alone on a line in a column ``width`` px
    wide, give or take a pixel of rounding (the browser's text measures to a fraction)."""
    return all(_whole(col, (width - _CELL_PX + d) / font) for d in (0, 1.5))


def _settle(columns: list[str], widths: list[float], lo: list[float], font: float):
    """``widths`` changed where a header would leave one character on a line of its own
    ("首个周/期": a column a little wider than two lines' worth): narrowed to the widest width
    below that does not (not below ``lo``), else widened to the narrowest above; the widest
    column, a text column that wraps, gives or takes the difference."""
    out = list(widths)
    for j, col in enumerate(columns):
        down = out[j]
        while down - 0.5 >= lo[j] and not _settled(col, down, font):
            down -= 0.5
        while not _settled(col, down, font):  # one line is whole
            down += 0.5
        out[j] = down
    donor = max(range(len(out)), key=lambda i: out[i] if out[i] == widths[i] else 0)
    out[donor] += sum(widths) - sum(out)
    return (out if out[donor] >= lo[donor] else widths), font


def _colgroup(
    columns: list[str], texts: list[list[tuple[str, bool]]], width: int = PRINT_WIDTH
) -> tuple[str, float]:
    """The ``<colgroup>`` of :func:`_layout` at the printed ``width`` (as shares of the
    table's width) and the table's font size."""
    widths, font = _layout(columns, texts, width)
    cols = "".join(f"<col style='width:{100 * w / width:.2f}%'>" for w in widths)
    return f"<colgroup>{cols}</colgroup>", font


#: the columns that hold one cycle's code: in the workbook each such cell names the cycle as
#: the imported file did beside its code (:func:`named_cycles`)
CYCLE_COLUMNS = (
    "cycle_id",
    "from_cycle",
    "to_cycle",
    "first_cycle",
    "latest_cycle",
    "cycle_before",
    "cycle_after",
)


def named_cycles(frame: pl.DataFrame, labels: dict[str, str], lang: str) -> pl.DataFrame:
    """``frame`` with each cycle code in :data:`CYCLE_COLUMNS` (and in the summary's list of
    ``cycles``) followed by the imported file's name of the cycle (``2026H1（2026年上半年）``)
    where ``labels`` (``Findings.cycle_labels``) has one (issue 19 item 3: the packet's cover
    named them, the workbook did not)."""
    cols = [c for c in CYCLE_COLUMNS if frame.schema.get(c) == pl.String]
    listed = frame.schema.get("cycles") == pl.String
    if not labels or not (cols or listed):
        return frame
    named = {c: render("report.cycle_named", lang, cycle=c, label=v) for c, v in labels.items()}
    out = [pl.col(c).replace(named) for c in cols]
    if listed:  # "2025H2, 2026H1": each code named
        each = pl.col("cycles").str.split(", ").list.eval(pl.element().replace(named))
        out.append(each.list.join(", ").alias("cycles"))
    return frame.with_columns(out)


def cycle_names_line(named: dict[str, str], lang: str, code: str) -> list[str]:
    """The sentence ``code`` naming the codes' cycles as the imported files did (``named``:
    ``Findings.cycle_labels``; ``packet.cycle_names``, ``report.cycle_names``); [] when every
    name is its code."""
    if not named:
        return []
    pairs = [render("packet.cycle_name", lang, cycle=c, label=v) for c, v in named.items()]
    return [render(code, lang, names=pairs)]
