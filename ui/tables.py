"""Tables: codes worded and headers translated (the same renderer as the exports), number
formats, CSV download, and row click → person page."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import streamlit as st

from analytics.export.cells import header
from analytics.export.report import to_csv
from analytics.findings.names import with_names
from analytics.findings.units import Unit, convert, converted
from analytics.text import render_frame
from analytics.text.labels import column_label, is_p_value, is_percent
from ui import audit, cache, state
from ui.i18n import get_lang, t

__all__ = ["EMPTY", "headers", "long_text", "scope_unit", "show"]

#: what an empty cell reads as in every table (Streamlit would print "None"); the renderer's own
#: word for a missing value
EMPTY = "—"
# a column of long sentences (a quarantine reason): its width in pixels, and Streamlit wraps
# a cell's text only when the rows are taller than 4rem (64 px)
_LONG_WIDTH = 560
_LINE_PX = 20
_WRAP_MIN_PX = 68


def scope_unit() -> Unit:
    """The scale of the scope the sidebar shows (its cycles; none chosen: every cycle)."""
    return cache.unit(state.current_scope().cycles, cache.version())


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
    px = texts.map_elements(
        lambda v: sum(14 if ord(ch) > 0x2E80 else 7 for ch in v), return_dtype=pl.Int64
    ).max()
    lines = -(-int(px) // (_LONG_WIDTH - 16))  # type: ignore[arg-type]
    return cfg, None if lines <= 1 else max(_WRAP_MIN_PX, lines * _LINE_PX + 12)


def _config(frame: pl.DataFrame, lang: str, unit: Unit | None = None) -> dict:
    cfg: dict = {}
    scored = set(converted(frame.schema))
    for col, dtype in frame.schema.items():
        label = header(col, dtype, lang, unit, scored)
        if col in scored and dtype.is_float() and unit is not None and not unit.mixed:
            # points: 2 decimals on 1-5 / grade steps, 1 on 0-100
            digits = 1 if unit.span >= 50 else 2
            cfg[col] = st.column_config.NumberColumn(label, format=f"%.{digits}f")
        elif is_percent(col):
            cfg[col] = st.column_config.NumberColumn(label, format="percent")
        elif is_p_value(col) and dtype.is_float():  # 3e-30, 0.012: never "0.000"
            cfg[col] = st.column_config.NumberColumn(label, format="%.2g")
        elif dtype.is_float():
            cfg[col] = st.column_config.NumberColumn(label, format="%.3f")
        elif _counted(col, dtype):
            cfg[col] = st.column_config.NumberColumn(label, format="localized")
        elif isinstance(dtype, pl.List):
            cfg[col] = st.column_config.ListColumn(label)
        else:
            cfg[col] = st.column_config.Column(label)
    return cfg


def show(
    frame: pl.DataFrame | None,
    key: str,
    csv_name: str | None = None,
    limit: int = 2000,
    person_col: str | None = "employee_id",
    unit: Unit | None = None,
) -> None:
    """Render a table; a click on a row with an employee id opens that person. Scores,
    effects and changes are shown in ``unit``'s points (default: the scale of the sidebar's
    cycles, :func:`scope_unit`), their headers saying the unit."""
    lang = get_lang()
    if frame is None or frame.height == 0:
        st.caption(t("common.no_data"))
        return
    version = cache.version()
    unit = unit if unit is not None else scope_unit()
    names = cache.names(version)
    frame = with_names(frame, names)  # names beside ids, on screen and in the CSV
    shown = render_frame(convert(frame.head(limit), unit), lang)
    clickable = person_col is not None and person_col in shown.columns
    event = st.dataframe(
        shown,
        hide_index=True,
        key=key,
        column_config=_config(shown, lang, unit),
        on_select="rerun" if clickable else "ignore",
        selection_mode="single-row",
        placeholder=EMPTY,
    )
    if clickable:
        rows = event.selection.rows if event is not None else []
        # a selected row stays selected while its table is drawn again (the person page's own
        # search table): open the person once per selection, not on every run after it
        opened = f"_opened_{key}"
        if not rows:
            st.session_state.pop(opened, None)
        elif st.session_state.get(opened) != (person := str(shown[person_col][rows[0]])):
            st.session_state[opened] = person
            state.open_person(person)
    if csv_name:
        st.download_button(
            t("common.download_csv"),
            # worded and written only when clicked; the access log notes the download
            audit.download(lambda: to_csv(frame, lang, unit), csv_name),
            file_name=csv_name,
            mime="text/csv",
            key=f"{key}_csv",
        )
