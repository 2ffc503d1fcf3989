"""Tables: codes worded and headers translated (the same renderer as the exports), number
formats, CSV download, and row click → person page."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import polars as pl
import streamlit as st

from analytics.export.cells import format_p_cell, header
from analytics.export.report import file_part, to_csv
from analytics.findings.fewnames import with_few_names
from analytics.findings.names import NAME_COLUMNS, with_names
from analytics.findings.units import Unit, convert, converted
from analytics.text import render_frame
from analytics.text.labels import (
    column_label,
    is_count_statistic,
    is_money,
    is_p_value,
    is_percent,
)
from analytics.threadsafe import each
from ui import audit, cache, datasets, state, stinternals
from ui.i18n import get_lang, t
from ui.memo import Memo
from ui.urlkeys import PERSON_KEY

__all__ = [
    "EMPTY",
    "GRID_CSV",
    "PAGE_ROWS",
    "PERCENT_DIGITS",
    "PLAIN_NUMBERS",
    "PRIORITY",
    "column_config",
    "default_csv_name",
    "fingerprint",
    "fit",
    "grid_data",
    "headers",
    "lazy_expander",
    "long_text",
    "more_columns",
    "our_csv",
    "own_csv_only",
    "p_texts",
    "pages",
    "percent_column",
    "picked_rows",
    "plain",
    "reasons_table",
    "rounded_percents",
    "scope_unit",
    "show",
    "unsigned_zeros",
]

#: what an empty cell reads as in every table (Streamlit would print "None"); the renderer's own
#: word for a missing value
EMPTY = "—"
# a column of long sentences (a quarantine reason): its width in pixels, and Streamlit wraps
# a cell's text only when the rows are taller than 4rem (64 px)
_LONG_WIDTH = 400
_LINE_PX = 20
_WRAP_MIN_PX = 68
#: the width of a full-width table at a 1280x800 window with the sidebar open (measured), and
#: the gap between ``st.columns``: a table gets ``share`` of it and shows the columns that fit,
#: the others hidden (the table's own column menu shows them), so no table scrolls sideways
ROOM_PX = 818
_GAP_PX = 16
_MARKER_PX = 40  # the row-selection column of a clickable table
_EDGE_PX = 36  # borders, and a vertical scrollbar where the browser draws one (34 px)
_PAD_PX = 18  # a cell's padding
_HEAD_PAD_PX = 30  # a header's padding and its sort arrow
_MIN_PX, _MAX_PX, _HEAD_MAX_PX = 48, 240, 120
_SHRINK_PX = 120  # the least a wanted column narrowed to fit is given
_SAMPLE = 300  # rows read to size a column
_INTERVAL = ("ci95_low", "ci95_high", "_se", "_lo", "_hi")
#: worded tables kept for every session (:func:`show`), each a page of rows at most
MAX_TABLES = 256
#: rows of a table sent to the browser at a time (:func:`show`): at 40M ratings a list of every
#: rater or person is 100,000-200,000 rows, which the browser would take seconds to receive and
#: mount; the rest is a page away (the page chooser under the table) and whole in the CSV
PAGE_ROWS = 500
#: a share's decimals as a fraction: every percentage in a table with one decimal (12.0%, 0.4%),
#: as the intervals beside them in words ("-25.3% to -3.4%"); Streamlit's own "percent" format
#: gave up to two, trailing zeros dropped: 12% beside -18.24% and 4.8% (rev19c)
PERCENT_DIGITS = 3


#: per table (its key): the columns that answer the table's question, kept first when not every
#: column fits at a 1280 px window (after the first column and the names): which way a unit is
#: off and how many people would move, the reasons of a ranked list, an effect with its interval
#: and status. The rest stays behind the table's column menu.
#: the rater tables' first columns: a central-tendency or halo label with its evidence
#: beside it (rev21 item 4)
_RATER_FIRST = (
    "status",
    "flags",
    "effect",
    "ci95_low",
    "ci95_high",
    "effect_fixed",  # the raw (unshrunk) difference beside it (left32 item 5)
    "pattern_reason",
    "fdr_flag",
    "n",
)
_TREND_FIRST = ("net_change", "dept_net", "reasons", "first_adjusted", "latest_adjusted")
PRIORITY: dict[str, tuple[str, ...]] = {
    "dist_guideline_table": (
        "direction",
        "top_excess",
        "top_excess_ci",
        "people_to_move",
        "move_median",
        "move_p90",
        "p_holm",
        "bottom_excess",
        "bottom_excess_ci",
        "n",
    ),
    # the meeting's what-if: how close each listed person is to the boundary, in words,
    # beside the grades (rev21b: the numbers sat beyond the table's right edge)
    "cs_what_if": ("current_grade", "what_if_grade", "move_direction", "how_close"),
    "pot_hipo": ("caution", "reasons", "box_label", "composite"),
    "pot_members": ("reasons", "performance_pct", "potential_band", "box_certainty"),
    # the trend lists: the change net of the department shift, the shift and why (the first
    # and latest scores are in the reasons' words), visible at 1280 px in both languages
    # (rev26a item 4: the reasons were behind the column menu)
    "pot_risers": _TREND_FIRST,
    "pot_decliners": _TREND_FIRST,
    "raters_flagged": _RATER_FIRST,
    "raters_all": _RATER_FIRST,
    "attr_shifts": (
        "to_cycle",
        "department",
        "ci95_low",
        "ci95_high",
        "holm_significant",
        "listed_shift",
        "confounded_with_rater_change",
        "p_holm",
    ),
}


def scope_unit() -> Unit:
    """The scale of the scope the sidebar shows (its cycles; none chosen: every cycle)."""
    return cache.unit(state.current_scope().cycles, cache.version())


#: numbers as the company wrote them (a KPI's target and actual value): no trailing zeros
PLAIN_NUMBERS = frozenset({"target", "actual"})


def _counted(col: str, dtype: pl.DataType) -> bool:
    """An integer column read as a count (thousands separated), not an order, rank or year."""
    skip = ("order", "rank", "year", "_id", "row_number")
    return dtype.is_integer() and not any(w in col for w in skip)


def headers(columns: Iterable[str] | pl.DataFrame, lang: str) -> dict:
    """``column_config`` headers for a plain ``st.dataframe``: the same ``column.<name>``
    words as :func:`show` and the exports use; given the frame, its counts are written with
    thousands separators (318,450, not 318450)."""
    if not isinstance(columns, pl.DataFrame):
        return {c: column_label(c, lang) for c in columns}
    return {
        c: st.column_config.NumberColumn(column_label(c, lang), format="localized")
        if _counted(c, dtype)
        else column_label(c, lang)
        for c, dtype in columns.schema.items()
    }


def long_text(frame: pl.DataFrame, column: str, lang: str) -> tuple[dict, int | None]:
    """``column_config`` and ``row_height`` that show every sentence of ``column`` whole: a wide
    column, and rows tall enough for the longest one to wrap (None: one line fits)."""
    cfg = {column: st.column_config.TextColumn(column_label(column, lang), width=_LONG_WIDTH)}
    texts = frame.get_column(column).cast(pl.String).drop_nulls().unique()
    if not texts.len():
        return cfg, None
    # an ideographic character is about twice as wide as a Latin one (7 px)
    px = each(texts, lambda v: sum(14 if ord(ch) > 0x2E80 else 7 for ch in v), pl.Int64).max()
    lines = -(-int(px) // (_LONG_WIDTH - 16))  # type: ignore[arg-type]
    return cfg, None if lines <= 1 else max(_WRAP_MIN_PX, lines * _LINE_PX + 12)


def _text_px(text: str) -> int:
    """Pixels a line of table text takes: an ideographic character about 14, another 7.5."""
    return int(sum(14 if ord(ch) > 0x2E80 else 7.5 for ch in text))


def _content_px(column: pl.Series, config: dict) -> int:
    """The widest cell of ``column`` as the grid draws it (a sample of its rows)."""
    values = column.head(_SAMPLE).drop_nulls()
    if not values.len():
        return _text_px(EMPTY)
    dtype = column.dtype
    fmt = str((config.get("type_config") or {}).get("format") or "")
    if dtype == pl.Boolean:
        return 24
    if dtype.is_numeric():
        big = max(abs(values.min()), abs(values.max()))  # type: ignore[arg-type]
        if fmt == "percent":
            text = f"{big:.1%}"
        elif fmt.startswith(("%.", "%,.")) and fmt.endswith("f"):
            text = f"{big:,.{int(fmt.split('.')[1][:-1])}f}"
        elif fmt.startswith("%."):
            text = "-0.00e-00"
        elif dtype.is_float():
            text = f"{big:,.4f}"
        else:
            text = f"{int(big):,}"
        return _text_px(text) + (8 if values.min() < 0 else 0)  # type: ignore[operator]
    if isinstance(dtype, pl.List):  # chips: each item with its own padding
        items = values.explode().drop_nulls().cast(pl.String)
        per_row = values.list.len().max() or 1
        return int((_texts_px(items).max() or 0) + 22) * int(per_row)  # type: ignore[operator]
    try:
        texts = values.cast(pl.String)
    except pl.exceptions.PolarsError:  # a structure with no text form: the grid's default
        return _MAX_PX // 2
    return int(_texts_px(texts).max() or 0)  # type: ignore[arg-type]


def _texts_px(texts: pl.Series) -> pl.Series:
    """:func:`_text_px` of every text at once."""
    wide = texts.str.count_matches(r"[\u2e81-\U0010ffff]")
    return texts.str.len_chars() * 7.5 + wide * 6.5


def fit(
    frame: pl.DataFrame,
    config: dict,
    share: float = 1.0,
    first: Iterable[str] = (),
    clickable: bool = False,
) -> tuple[dict, int]:
    """``config`` (a ``column_config``) with a width for every column and, where they do not
    all fit in ``share`` of the page at a 1280 px window, the rest hidden: the first column,
    then ``first`` (ids and names, the reasons), then the others in order (intervals and
    standard errors after the estimates), while they fit; one of ``first`` that does not fit
    whole gets the room left when that is at least 120 px.
    Returns the config and how many columns it hides (the table's column menu shows them)."""
    room = int(share * (ROOM_PX + _GAP_PX) - _GAP_PX) - _EDGE_PX - (_MARKER_PX if clickable else 0)
    out: dict = {}
    widths: dict[str, int] = {}
    heads: dict[str, int] = {}  # a cut header's whole width
    for col in frame.columns:
        cfg = config.get(col, col)
        cfg = dict(cfg) if isinstance(cfg, dict) else {"label": cfg}
        label = str(cfg.get("label") or col)
        head = _text_px(label) + _HEAD_PAD_PX
        if head > _HEAD_MAX_PX:  # a long header is cut short: its whole text on hover
            heads[col] = min(head, _MAX_PX)
            head = _HEAD_MAX_PX
            cfg.setdefault("help", label)
        if isinstance(cfg.get("width"), int):  # a width the page chose (a long sentence)
            widths[col] = min(cfg["width"], room)
        else:
            body = _content_px(frame.get_column(col), cfg) + _PAD_PX
            if (cfg.get("type_config") or {}).get("type") == "progress":  # a bar and its number
                body = max(body, 120)
            widths[col] = max(_MIN_PX, min(max(head, body), _MAX_PX))
        out[col] = cfg
    # the first column and ``first``, then estimates before their intervals and errors
    lead = list(dict.fromkeys([frame.columns[0], *(c for c in first if c in out)]))
    rest = [c for c in out if c not in lead]
    later = [c for c in rest if c == "se" or c.endswith(_INTERVAL)]
    order = lead + [c for c in rest if c not in later] + later
    used, hidden = 0, 0
    for i, col in enumerate(order):
        width = min(widths[col], room) if i == 0 else widths[col]
        if col in lead and used + width > room and room - used >= _SHRINK_PX:
            width = room - used  # a wanted column (the reasons) narrower, cut, whole on hover
        if used + width <= room:
            used += width
            out[col]["width"] = width
        else:
            out[col]["hidden"] = True
            out[col]["width"] = widths[col]
            hidden += 1
    _whole_headers(out, order, heads, room - used)
    return out, hidden


def _whole_headers(out: dict, order: list[str], heads: dict[str, int], spare: int) -> None:
    """The shown columns whose header was cut (:data:`_HEAD_MAX_PX`) widened, in ``order``, by
    the room the table leaves unused: "校正分（95%区间" and "可靠性 Φ（对照标准" were cut at
    1280 px beside empty room (session 44's tester)."""
    for col in order:
        if spare <= 0:
            return
        if col in heads and not out[col].get("hidden") and out[col]["width"] < heads[col]:
            grow = min(heads[col] - out[col]["width"], spare)
            out[col]["width"] += grow
            spare -= grow


def reasons_table(frame: pl.DataFrame, lang: str, key: str, first: Iterable[str] = ()) -> None:
    """A table of rows with a long ``reason`` (the quarantine, a dataset's kept quarantine, the
    cells an import will hold back): every reason whole, the columns fitted with ``first`` kept,
    and the line naming the columns that did not fit."""
    reason_cfg, row_height = long_text(frame, "reason", lang)  # never cut short
    config, hidden = fit(frame, headers(frame, lang) | reason_cfg, first=first)
    st.dataframe(
        frame,
        hide_index=True,
        column_config=config,
        row_height=row_height,
        placeholder=EMPTY,
        key=key,
    )
    more_columns(hidden)


def more_columns(hidden: int) -> None:
    """The line under a table that hides columns: how many, and where to show them."""
    if hidden:
        st.caption(t("common.more_columns", n=hidden))


def percent_column(label: str, progress: bool = False) -> dict:
    """The ``column_config`` of a share (0-1) shown as a percentage with one decimal: the
    grid shows ``step``'s decimals less two (Streamlit 1.67), cutting the rest off, so the
    frame's values are rounded first (:func:`rounded_percents`). ``progress``: a bar with it."""
    step = 10.0**-PERCENT_DIGITS
    if progress:
        return st.column_config.ProgressColumn(
            label, format="percent", min_value=0, max_value=1, step=step
        )
    return st.column_config.NumberColumn(label, format="percent", step=step)


def rounded_percents(frame: pl.DataFrame, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """``frame`` with its shares (``columns``, default: every percentage column) rounded to
    what :func:`percent_column` shows: the grid cuts the digits beyond its ``step`` off (0.1239
    would read 12.3%, not 12.4%)."""
    have = frame.schema  # built once: a frame builds its schema anew on each ``.schema``
    names = [
        c
        for c in (columns if columns is not None else frame.columns)
        if have[c].is_float() and (columns is not None or is_percent(c))
    ]
    return frame.with_columns(pl.col(names).round(PERCENT_DIGITS)) if names else frame


def p_texts(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its p-values as the sentences and exports write them, "<0.001" or three
    decimals (the grid's "%.2g" showed "4e-31" beside "0.0000011", rev19d)."""
    names = [c for c, dtype in frame.schema.items() if dtype.is_float() and is_p_value(c)]
    return frame.with_columns(each(frame[c], format_p_cell, pl.String) for c in names)


#: a grid number format's decimals: "%.3f" 3, "%,.2f" 2, "%,.0f" 0
_DECIMALS = re.compile(r"%,?\.(\d+)f")


def unsigned_zeros(frame: pl.DataFrame, config: dict) -> pl.DataFrame:
    """``frame`` with each number that its column's format (``config``) shows as zero stored as
    zero: the grid wrote -0.0003 under "%.3f" as "-0.000" and a share of -0.00003 as "-0.0%"
    (issue 19), read as a negative value. Other numbers keep their value."""
    exprs = []
    for col, dtype in frame.schema.items():
        if not dtype.is_float():
            continue
        fmt = ((config.get(col) or {}).get("type_config") or {}).get("format") or ""
        found = _DECIMALS.fullmatch(fmt)
        digits = PERCENT_DIGITS if fmt == "percent" else int(found[1]) if found else None
        zero = pl.col(col) == 0
        if digits is not None:
            zero = zero | ((pl.col(col) < 0) & (pl.col(col).round(digits) == 0))
        exprs.append(pl.when(zero).then(pl.lit(0.0, dtype)).otherwise(pl.col(col)).alias(col))
    return frame.with_columns(exprs) if exprs else frame


def column_config(frame: pl.DataFrame, lang: str, unit: Unit | None = None) -> dict:
    """Headers in ``lang`` (scores saying their unit) and number formats of a worded frame."""
    cfg: dict = {}
    scored = set(converted(frame.schema))
    for col, dtype in frame.schema.items():
        label = header(col, dtype, lang, unit, scored)
        if col in scored and dtype.is_float() and unit is not None and not unit.mixed:
            # points: 2 decimals on 1-5 / grade steps, 1 on 0-100
            cfg[col] = st.column_config.NumberColumn(label, format=f"%.{unit.digits}f")
        elif is_money(col) and dtype.is_float():  # 1,863.35, not 1863.350
            cfg[col] = st.column_config.NumberColumn(label, format="%,.2f")
        elif is_percent(col):
            cfg[col] = percent_column(label)
        elif is_p_value(col):  # text from :func:`p_texts`: "<0.001", "0.012"
            cfg[col] = st.column_config.TextColumn(label)
        elif col in PLAIN_NUMBERS and dtype.is_float():  # 24, not 24.000 (rev19e minor 9)
            cfg[col] = st.column_config.NumberColumn(label, format="localized")
        elif is_count_statistic(col) and dtype.is_float():  # 443,729, not 443728.500
            cfg[col] = st.column_config.NumberColumn(label, format="%,.0f")
        elif dtype.is_float():
            cfg[col] = st.column_config.NumberColumn(label, format="%.3f")
        elif _counted(col, dtype):
            cfg[col] = st.column_config.NumberColumn(label, format="localized")
        elif isinstance(dtype, pl.List):
            cfg[col] = st.column_config.ListColumn(label)
        else:
            cfg[col] = st.column_config.Column(label)
    return cfg


def picked_rows(selection: object) -> list[int]:
    """The rows a table's selection picks: its selected rows, else the rows of its selected
    cells (a click on a name cell opens the person as the row's checkbox does; rev27a item 5)."""
    if selection is None:
        return []
    rows = list(getattr(selection, "rows", None) or [])
    if rows:
        return rows
    cells = getattr(selection, "cells", None) or []
    return [int(c[0]) for c in cells]


def show(
    frame: pl.DataFrame | None,
    key: str,
    csv_name: str | None = None,
    limit: int = PAGE_ROWS,
    person_col: str | None = "employee_id",
    unit: Unit | None = None,
    share: float = 1.0,
    first: Iterable[str] = (),
    missing: str | None = None,
    pick: tuple[str, Callable[[str], None]] | None = None,
    empty: str | None = None,
    rows_of: str | None = None,
) -> None:
    """Render a table (``empty``: what an empty one says, else "no data in the scope"); a click on a row with an employee id opens that person (``pick``:
    (column, action): a click on a row calls the action with that column's value instead, as
    the rater page's table opens the rater its chart's dot opens, rev28a item 13). Scores,
    effects and changes are shown in ``unit``'s points (default: the scale of the sidebar's
    cycles, :func:`scope_unit`), their headers saying the unit. ``share``: the part of the
    page's width the table has (its ``st.columns``); the columns that do not fit there at a
    1280 px window are hidden, the first column, names and ``first`` (default: the table's
    :data:`PRIORITY`) kept (:func:`fit`). At most ``limit`` rows are sent to the browser: a
    longer table shows one page of them, says which rows of how many and offers the other
    pages; every table offers the whole of it as CSV with the headers as shown (``csv_name``,
    or one named after ``key``), the grid's own CSV (column codes) hidden. ``missing``: the
    words of its empty numbers and p values when each means "cannot be estimated" (the
    appeals' rates of raters with too few decided appeals, rev25a item 8); its other empty
    text cells (a name not in the roster) still read "—". ``rows_of``: what chose the rows
    (the person page's search): a table of other rows is a new grid, where a row selected on
    the last one opens no one."""
    lang = get_lang()
    if frame is None or frame.height == 0:
        st.caption(empty or t("common.no_data"))
        return
    first = tuple(first) or PRIORITY.get(key, ())
    version = cache.version()
    unit = unit if unit is not None else scope_unit()
    start = _page_start(key, frame.height, limit)
    shown, config, hidden, clickable, names, grid_data = _worded(
        frame, key, lang, unit, version, (start, limit), person_col, share, first, missing
    )
    grid = key if start == 0 else f"{key}_from{start}"
    if rows_of:  # a search's rows: the row selected among the last search's stayed selected
        # and opened whoever the new rows held there (a person never clicked, session 36)
        grid = f"{grid}_{hashlib.md5(rows_of.encode()).hexdigest()[:8]}"
    event = st.dataframe(
        grid_data,  # ``shown`` as Streamlit sends it, converted once (_worded)
        hide_index=True,
        # a page of its own: a row selected on one page never opens the same row of another
        key=grid,
        column_config=config,
        on_select="rerun" if clickable or pick else "ignore",
        # a click on any cell opens the person too, not only the row's checkbox (rev27a 5)
        selection_mode=["single-row", "single-cell"],
        placeholder=missing or EMPTY,
    )
    more_columns(hidden)
    if frame.height > limit:
        st.caption(
            t("common.rows_shown", first=start + 1, last=start + shown.height, total=frame.height)
        )
    if clickable or pick:
        column, action = pick or (person_col, state.open_person)
        rows = picked_rows(event.selection if event is not None else None)
        # a selected row stays selected while its table is drawn again (the person page's own
        # search table): open the person once per selection, not on every run after it
        opened = f"_opened_{key}"
        if not rows:
            st.session_state.pop(opened, None)
        elif st.session_state.get(opened) != (value := str(shown[column][rows[0]])):
            st.session_state[opened] = value
            if pick is None and "to_cycle" in frame.columns:  # a change: opened on it
                action(value, pair=str(frame["to_cycle"][start + rows[0]]))  # (rev32b 5)
            else:
                action(value)
    # every table's CSV is ours (the headers as shown, names beside ids): the grid's own wrote
    # the column codes, which Streamlit 1.67 takes from the frame's names, not column_config's
    # labels (issue 19 item 5)
    our_csv(key, lambda: to_csv(with_names(frame, names), lang, unit), csv_name)


#: the person page's tables that are not one person's (the search's hits)
_NOT_ONE_PERSON = ("person_hits",)


def default_csv_name(key: str, person: str | None) -> str:
    """The CSV of the table ``key``: ``perflens_<key>.csv``; one of the person page's tables
    (``person_<what>``) with the person shown (``person``, ``?employee=``) in it,
    ``perflens_person_E000014_raters.csv``: two people's downloads were the same name (s45 F 6)."""
    what = key.removeprefix("person_")
    if not person or what == key or key in _NOT_ONE_PERSON:
        return f"perflens_{key}.csv"
    what = what.removesuffix(f"_{person}")  # a key of its own per person (as_rater)
    return f"perflens_person_{file_part(person)}_{what}.csv"


def our_csv(key: str, csv: Callable[[], bytes], name: str | None = None) -> None:
    """Our CSV button under the table ``key`` (``csv``: its bytes, worded and written only when
    clicked; the access log notes the download), and the grid's own hidden on it
    (:func:`own_csv_only`). ``name``: the file's (default: after ``key``), the dataset in it."""
    own_csv_only(key)
    name = datasets.export_name(name or default_csv_name(key, st.query_params.get(PERSON_KEY)))
    st.download_button(
        t("common.download_csv"),
        audit.download(csv, name),
        file_name=name,
        mime="text/csv",
        key=f"{key}_csv",
    )


def plain(frame: pl.DataFrame, key: str, config: dict, placeholder: str = EMPTY) -> None:
    """``frame`` drawn as it is with its own ``column_config`` (a table :func:`show` does not
    draw: the overview's counts, the Data page's import log, scales and file preview), our CSV
    under it: the grid's own wrote the column codes (issue 19 item 5). ``placeholder``: the
    words of an empty cell ("" where an empty cell is the file's own)."""
    lang = get_lang()
    data = grid_data(frame)
    st.dataframe(data, hide_index=True, column_config=config, placeholder=placeholder, key=key)
    our_csv(key, lambda: to_csv(frame, lang))


@st.cache_resource(show_spinner=False)
def _grids() -> Memo[object]:
    return Memo(MAX_TABLES)


def grid_data(frame: pl.DataFrame):
    """``frame`` as ``st.dataframe`` sends it (:func:`ui.stinternals.grid_table`), converted
    once per content (:func:`fingerprint`) for every session of the process, for a table drawn
    without :func:`show` (the overview's counts, a meeting's bins). Why: Streamlit converted a
    Polars frame through pandas on every run of every page (session 38)."""
    return _grids().get(fingerprint(frame), lambda: stinternals.grid_table(frame))


#: the grid's own CSV button (Streamlit 1.67 labels it so in every language)
GRID_CSV = "Download as CSV"


def own_csv_only(key: str) -> None:
    """Hide the grid's own "Download as CSV" on the table ``key`` (and its other pages), which
    has ours beside it: the grid's wrote the column codes (employee_id, slope_p…) from the
    Chinese page (rev26a item 9), ours the headers as shown and the names. A style sheet; it
    takes no room on the page. The key is spelled as the browser's class spells it (every
    character but ``[A-Za-z0-9_-]`` a ``-``): a key naming an upload (``data_scales_评分.csv``)
    matched no element."""
    spelled = re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())
    st.html(
        f"<style>[class*='st-key-{spelled}'] button[aria-label='{GRID_CSV}']"
        " { display: none; }</style>"
    )


def pages(total: int, limit: int = PAGE_ROWS) -> int:
    """How many pages of ``limit`` rows a table of ``total`` rows has (at least one)."""
    return max(1, -(-total // max(limit, 1)))


def _page_start(key: str, total: int, limit: int) -> int:
    """The first row of the page a table of ``total`` rows shows: the page chosen in the
    number box above it (drawn only when there is more than one page; a page beyond a now
    shorter table reads as its last)."""
    n = pages(total, limit)
    if n == 1:
        return 0
    page = st.number_input(
        t("common.table_page", pages=n), min_value=1, value=1, step=1, key=f"{key}_page"
    )
    return (min(int(page), n) - 1) * limit


def fingerprint(frame: pl.DataFrame) -> tuple:
    """What ``frame`` holds, as a memo key: its columns and types, its height and a digest of
    its rows in order (a frame read from ``st.cache_data`` is a new object on every run)."""
    digest = hashlib.blake2b(digest_size=16)
    for seed in (0, 1):  # two 64-bit hashes a row
        digest.update(frame.hash_rows(seed=seed).to_numpy().tobytes())
    schema = tuple((c, str(d)) for c, d in frame.schema.items())
    return schema, frame.height, digest.digest()


_Worded = tuple[pl.DataFrame, dict, int, bool, pl.DataFrame, object]


@st.cache_resource(show_spinner=False)
def _tables() -> Memo[_Worded]:
    return Memo(MAX_TABLES)


def _worded(
    frame: pl.DataFrame,
    key: str,
    lang: str,
    unit: Unit,
    version: str,
    rows: tuple[int, int],
    person_col: str | None,
    share: float,
    first: tuple[str, ...],
    missing: str | None = None,
) -> _Worded:
    """The table as :func:`show` draws it: names beside ids, scores on ``unit``, codes worded,
    widths fitted, empty text cells worded as ``missing`` (when given); built once per content,
    language, scale, data version and viewer for every session of the process (wording and
    fitting cost more than the rest of a page's run); ``rows``: the (first row, count) shown.
    Returns the worded frame, its column config (a copy: the caller's to keep), how many
    columns it hides, whether a row click opens a person, the names the viewer may read
    (:func:`ui.cache.names`, for the CSV) and the frame as the grid receives it
    (:func:`ui.stinternals.grid_table`: Streamlit converted the frame through pandas on every
    run, a fifth of a warm rater or meeting page's run, session 38)."""
    from ui.auth import current_viewer

    def build() -> _Worded:
        names = cache.names(version)
        # names beside ids, on screen and in the CSV; the page's rows only
        named = with_few_names(frame.slice(*rows), names)
        shown = p_texts(rounded_percents(render_frame(convert(named, unit), lang)))
        clickable = person_col is not None and person_col in shown.columns
        ids = [c for c in ([person_col] if clickable else []) + shown.columns if c in NAME_COLUMNS]
        keep = [*ids[:1], *(NAME_COLUMNS[c] for c in ids[:1]), *first]
        config, hidden = fit(shown, column_config(shown, lang, unit), share, keep, clickable)
        shown = unsigned_zeros(shown, config)
        if missing is not None:
            shown = shown.with_columns(
                pl.col(c).fill_null(EMPTY)
                for c, dtype in shown.schema.items()
                if dtype == pl.String and not is_p_value(c)
            )
        return shown, config, hidden, clickable, names, stinternals.grid_table(shown)

    memo_key = (
        key,
        lang,
        unit,
        version,
        rows,
        person_col,
        share,
        first,
        missing,
        current_viewer(),
        fingerprint(frame),
    )
    shown, config, hidden, clickable, names, grid_data = _tables().get(memo_key, build)
    return shown, copy.deepcopy(config), hidden, clickable, names, grid_data


@contextmanager
def lazy_expander(label: str, key: str) -> Iterator[bool]:
    """``st.expander`` whose content runs only while it is open; yields whether it is.

    Why: a closed expander's tables were still computed, sent and mounted by the browser on
    every page load (the rater page's list of every rater: 3,000 rows). With
    ``on_change="rerun"`` (Streamlit 1.67) opening it reruns the page and draws its content."""
    box = st.expander(label, key=key, on_change="rerun")
    with box:
        yield bool(box.open)
