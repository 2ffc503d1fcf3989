"""Pure Plotly figure builders: tidy frame in, figure out; used by the pages and the HTML report.

Every statistical figure carries n and its interval (error bars or hover), and clickable marks
carry ``customdata`` with the id to drill into (unit, rater, employee, box). A figure that plots
a score, an effect or a change takes the scope's :class:`~analytics.findings.units.Unit` and
draws points on the company's own scale (the axis says which); without one, or where the scope
mixes scales, it draws the 0-1 score and says so.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence

import plotly.graph_objects as go
import polars as pl

from analytics import schema as S
from analytics.export.fontwidths import em
from analytics.export.relayout import relaid, relaid_axes
from analytics.findings.fewnames import with_few_names
from analytics.findings.names import NAME_COLUMNS
from analytics.findings.report import Findings
from analytics.findings.units import Unit, convert, converted, pair_unit, unit_of_scales
from analytics.findings.visibility import SPREAD_WITHHELD
from analytics.stats.apportion import rounded_parts
from analytics.stats.distributions import DEFAULT_GUIDELINE, recorded_grade_shares
from analytics.stats.person_score import dimension_weighted_means
from analytics.text import render
from analytics.text.render import render_column

__all__ = [
    "CONSISTENCY_COLUMNS",
    "FONT",
    "LEGEND_ROW_PX",
    "OWN_ANSWERS",
    "RATER_EFFECTS_COLUMNS",
    "TEMPLATE",
    "TITLE_FONT",
    "attribution_bars",
    "auto_ticks",
    "consistency_chart",
    "cycle_counts",
    "dumbbell",
    "empty",
    "guideline_bars",
    "has_top_share",
    "heatmap",
    "inflation_chart",
    "is_grid",
    "kpi_driver_bars",
    "log_range",
    "log_ticks",
    "nine_box_grid",
    "person_history",
    "rater_effects_chart",
    "report_figures",
    "score_box",
    "text_px",
    "unit_means",
    "waterfall",
    "with_environment_answer",
    "written_in",
]

COLORS = {
    "self": "#9aa5b1",
    "manager": "#1f77b4",
    "peer": "#2ca02c",
    "skip_level": "#9467bd",
    "subordinate": "#8c564b",
    "lenient": "#d62728",
    "severe": "#1f3a93",
    "likely_lenient": "#f1948a",
    "likely_severe": "#7f9cd6",
    "central_tendency": "#ff7f0e",
    "halo": "#e377c2",
    "recency": "#17becf",
    "none": "#b8b8b8",
    "company": "#7f7f7f",
    "department": "#ff7f0e",
    "environment": "#bcbd22",  # company or department, not separable (fixattr30)
    "rater": "#9467bd",
    "individual": "#2ca02c",
}


#: most unflagged raters drawn in a rater chart: with 200,000 raters every point (and its error
#: bar) would make a figure of tens of MB that the browser cannot draw; flagged raters are
#: always all drawn
MAX_CONTEXT_POINTS = 3000
#: points of a rater chart above which it is drawn with WebGL (``go.Scattergl``): every flagged
#: rater is drawn, thousands where the company is large, and as SVG each is a DOM node with
#: another for its error bar (at 10M ratings, 3,000 unflagged raters a chart, the rater page had
#: 5,987 SVG points and 14,459 DOM nodes; WebGL: 2,656 nodes)
GL_POINTS = MAX_CONTEXT_POINTS


#: the charts' text: the CJK font first (its Latin is the axes' too), where it is missing the
#: one Windows has
FONT = "Noto Sans CJK SC, Microsoft YaHei, sans-serif"
#: titles and hover labels: Streamlit's own face (the page's), then :data:`FONT`'s
TITLE_FONT = '"Source Sans", ' + FONT
_GREY, _GRID, _INK = "#808495", "#e6eaf1", "#262730"
#: the template of every chart, on the screen and printed: Plotly's ``plotly_white`` with what
#: Streamlit's chart theme (``st.plotly_chart(theme="streamlit")``, the light theme of
#: Streamlit 1.67) put over it until session 22: its greys, grid, white background, hover
#: label, legend, the axes' title sizes and stand-offs, no vertical grid lines, the margins'
#: padding, bold titles. The pages now draw with ``theme=None`` (the theme
#: made the browser draw every chart once more, docs/benchmarks.md session 22), so it is ours.
#: Left out of the theme's: the axis line and minor grid colours (neither is drawn; written
#: into a figure, :func:`written_in`, Plotly.js would draw both) and its colour scales (no
#: chart uses a default one).
TEMPLATE = go.layout.Template(
    layout=dict(
        annotationdefaults=dict(arrowcolor="#2a3f5f", arrowhead=0, arrowwidth=1),
        autotypenumbers="strict",
        colorway=[
            "#636efa",
            "#EF553B",
            "#00cc96",
            "#ab63fa",
            "#FFA15A",
            "#19d3f3",
            "#FF6692",
            "#B6E880",
            "#FF97FF",
            "#FECB52",
        ],
        font=dict(color=_GREY, family=FONT, size=12, weight=400),
        hoverlabel=dict(
            align="left",
            bgcolor="#FFFFFF",
            bordercolor="#DCD8D4",
            font=dict(color=_GREY, family=TITLE_FONT, size=12),
        ),
        hovermode="closest",
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        shapedefaults=dict(line=dict(color="#2a3f5f")),
        # bold, as Streamlit's chart theme drew every title (it wrapped the text in <b>)
        title=dict(
            x=0,
            xanchor="left",
            pad=dict(l=4),
            font=dict(family=TITLE_FONT, size=16, color="#2F2D2B", weight="bold"),
        ),
        xaxis=dict(
            automargin=True,
            gridcolor=_GRID,
            showgrid=False,
            tickcolor=_GRID,
            tickfont=dict(color=_GREY, size=12),
            ticks="",
            title=dict(standoff=20, font=dict(color=_GREY, size=14)),
            zeroline=False,
            zerolinecolor=_GRID,
            zerolinewidth=2,
        ),
        yaxis=dict(
            automargin=True,
            gridcolor=_GRID,
            tickcolor=_GRID,
            tickfont=dict(color=_GREY, size=12),
            ticklabelposition="outside",
            ticks="",
            title=dict(standoff=24, font=dict(color=_GREY, size=14)),
            zerolinecolor=_GRID,
            zerolinewidth=2,
        ),
        legend=dict(
            bordercolor="rgba(0,0,0,0)",
            borderwidth=0,
            font=dict(size=12, color=_INK),
            title=dict(font=dict(size=12, color=_GREY), side="top"),
            valign="top",
        ),
        margin=dict(pad=8),
    ),
    data=dict(
        bar=[
            dict(
                error_x=dict(color="#2a3f5f"),
                error_y=dict(color="#2a3f5f"),
                marker=dict(
                    line=dict(color="white", width=0.5),
                    pattern=dict(fillmode="overlay", size=10, solidity=0.2),
                ),
            )
        ],
        scatter=[dict(fillpattern=dict(fillmode="overlay", size=10, solidity=0.2))],
        scattergl=[dict(marker=dict(colorbar=dict(outlinewidth=0, ticks="")))],
    ),
)


#: the other characters that are not 1 em wide: Plotly's minus sign
_EM = {"−": 555}
_TAG = re.compile(r"<(?!br)[^>]*>")


def text_px(text: str, size: float) -> float:
    """The width in px of ``text`` (Plotly's markup: the widest of its ``<br>`` lines) in the
    charts' font at ``size`` px."""
    lines = _TAG.sub("", text).split("<br>")
    return max(em(line, other=_EM) for line in lines) * size


#: layout parts of a template for what the charts never have (maps, 3-D scenes, polar and
#: ternary plots, shared colour axes): Plotly.js applies them only to such a part, so
#: :func:`written_in` leaves them out
_NOT_CARTESIAN = ("coloraxis", "geo", "map", "mapbox", "polar", "scene", "smith", "ternary")
#: the item lists of a layout and the template entry that gives each item its defaults
_ITEM_DEFAULTS = (("annotations", "annotationdefaults"), ("shapes", "shapedefaults"))


def _under(base: dict, top: dict) -> dict:
    """``top`` laid over ``base``: ``top``'s values win, dicts present in both are merged."""
    out = dict(base)
    for key, value in top.items():
        below = out.get(key)
        out[key] = (
            _under(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
        )
    return out


def written_in(spec: dict) -> dict:
    """``spec`` (a figure's ``to_dict()``) with its template written into the figure and no
    ``layout.template``: what Plotly.js makes of the template, each value where the figure sets
    none (the template's axes on every axis of their letter, its annotation and shape defaults
    on each item, its trace entries on the traces of their type in turn).

    Why: Streamlit's chart element copies the figure it draws once more after mounting, and
    Plotly.js recalculates and draws a chart again whenever ``layout.template`` is not the
    same object (it is compared by identity), however equal its content: a figure without one
    is compared value by value and, with ``layout.datarevision`` set, not drawn again
    (session 22, docs/benchmarks.md)."""
    layout = dict(spec.get("layout") or {})
    template = layout.pop("template", None) or {}
    styles = template.get("layout") or {}
    for key, value in styles.items():
        if key in _NOT_CARTESIAN or key.endswith("defaults"):
            continue
        if key in ("xaxis", "yaxis"):
            axes = {key, *(k for k in layout if k[:5] == key and k[5:].isdigit())}
            for axis in axes:
                layout[axis] = _under(value, layout.get(axis) or {})
        elif isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = _under(value, layout[key])
        else:
            layout.setdefault(key, value)
    for items, defaults in _ITEM_DEFAULTS:
        if styles.get(defaults) and layout.get(items):
            layout[items] = [_under(styles[defaults], item) for item in layout[items]]
    per_type = template.get("data") or {}
    seen: dict[str, int] = {}
    data = []
    for trace in spec.get("data") or []:
        kind = trace.get("type", "scatter")
        entries = per_type.get(kind) or []
        if entries:
            entry = {
                k: v for k, v in entries[seen.get(kind, 0) % len(entries)].items() if k != "type"
            }
            trace = _under(entry, trace)
        seen[kind] = seen.get(kind, 0) + 1
        data.append(trace)
    return {**spec, "data": data, "layout": layout}


def _who(frame: pl.DataFrame, id_col: str) -> list[str]:
    """What a hover or an axis calls each row's person: "E000123 张伟" when the frame carries
    the name (:func:`~analytics.findings.names.with_names`), else the id."""
    name_col = NAME_COLUMNS.get(id_col)
    if name_col is None or name_col not in frame.columns:
        return frame[id_col].cast(pl.String).to_list()
    return (
        frame.select(
            pl.concat_str(
                [pl.col(id_col).cast(pl.String), pl.col(name_col).fill_null("")], separator=" "
            ).str.strip_chars()
        )
        .to_series()
        .to_list()
    )


def _wrap(label: str, width: int = 12) -> str:
    """A label broken into lines of about ``width`` characters at spaces (English box names
    overlap their neighbours at 1280 px otherwise); text without spaces is left whole."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _digits(unit: Unit | None) -> int:
    """Decimals a score is read with: 3 on 0-1, 2 on 1-5 or grade steps, 1 on 0-100."""
    if unit is None or unit.mixed:
        return 3
    return 1 if unit.span >= 50 else 2


def _scored(label_code: str, lang: str, unit: Unit | None) -> str:
    """An axis or colour-bar title that names its unit: "平均分（1-5 分）", "mean score (0-1
    score)" (short where scales mix: the page's caption says why, and the long words ran past
    the axis of a chart 480 px high)."""
    mixed = unit is None or unit.mixed
    words = render("unit.score01", lang) if mixed else unit.words(lang)
    return render("unit.header", lang, label=render(label_code, lang), unit=words)


def _ink(values: list[float], lo: float | None = None, hi: float | None = None) -> list[str]:
    """Text colour per cell of a red-blue scale running ``lo``..``hi`` (default: the values'
    own range): white on the dark ends, dark in the pale middle (dark text on the darkest
    blues and reds could not be read)."""
    lo = min(values, default=0.0) if lo is None else lo
    hi = max(values, default=0.0) if hi is None else hi
    span = (hi - lo) or 1.0
    return ["white" if abs((v - lo) / span - 0.5) > 0.3 else "#222" for v in values]


def _thin(frame: pl.DataFrame, by: str, cap: int = MAX_CONTEXT_POINTS) -> pl.DataFrame:
    """At most about ``cap`` rows, evenly spaced in the order of ``by`` (then rater id), so the
    points keep the shape of the whole cloud; the same rows every time."""
    if frame.height <= cap:
        return frame
    step = -(-frame.height // cap)
    # the order of the two keys alone, then only the rows kept gathered: sorting every column
    # of the unflagged cloud (208,000 raters at 40M ratings, in no order) cost each rater chart
    # 0.135-0.20 CPU s, this 0.07-0.09 (session 30); the same rows in the same order
    order = frame.select(pl.arg_sort_by(by, "rater_id", nulls_last=True)).to_series()
    return frame[order.gather_every(step)]


def _columns(
    frame: pl.DataFrame, columns: tuple[str, ...], unit: Unit | None = None
) -> pl.DataFrame:
    """``columns`` of ``frame`` (those it has, and the name beside an id:
    :data:`~analytics.findings.names.NAME_COLUMNS`), on ``unit``'s points as :func:`convert`
    puts them in the whole frame. Why: a rater chart filters and sorts its frame, and the
    company's rater table at 40M ratings is 210,001 rows of 72 columns (sentences, lists):
    the whole of it cost each chart about 0.5 CPU s, the columns drawn a tenth of that."""
    keep = [c for c in columns if c in frame.columns]
    keep += [n for c in keep if (n := NAME_COLUMNS.get(c)) in frame.columns and n not in keep]
    narrow = frame.select(keep)
    if unit is None:
        return narrow
    whole = converted(frame.schema)  # an interval's end is converted as what it bounds
    if "measure" in frame.columns or converted(narrow.schema) != {
        c: k for c, k in whole.items() if c in keep
    }:
        return convert(frame, unit).select(keep)  # what bounds an interval was left out
    return convert(narrow, unit)


def _legend(lang: str, name: str, shown: int, total: int) -> str:
    if shown == total:
        return f"{name} ({total})"
    return render("fig.legend_thinned", lang, name=name, shown=shown, total=total)


def _flag_points(
    frame: pl.DataFrame,
    flags: tuple[str, ...],
    thin_by: str,
    lang: str,
    cap: int = MAX_CONTEXT_POINTS,
    names: pl.DataFrame | None = None,
) -> Iterator[tuple[str, pl.DataFrame, str]]:
    """Per flag of the ``_f`` column (in the order given, absent ones left out): its rows and
    legend name. The unflagged cloud is thinned by ``thin_by`` to about ``cap`` points; every
    flagged rater is shown. ``names`` (``employee_id, name``): joined to the rows drawn only
    (:func:`~analytics.findings.fewnames.with_few_names`; a frame already named keeps them)."""
    for flag in flags:
        g = frame.filter(pl.col("_f") == flag)
        if g.height == 0:
            continue
        total = g.height
        if flag == "none":
            g = _thin(g, thin_by, cap)
        yield (
            flag,
            with_few_names(g, names),
            _legend(lang, render(f"flag.{flag}", lang), g.height, total),
        )


def _scatter(drawn: int, webgl: bool) -> str:
    """The trace type of a chart of ``drawn`` points (:func:`_flag_points`): SVG up to
    :data:`GL_POINTS`, WebGL beyond (clicks and hovers work the same) unless not ``webgl`` (a
    printed chart: Chromium's PDF may leave a WebGL canvas blank)."""
    return "scattergl" if webgl and drawn > GL_POINTS else "scatter"


def _rule(axis: str, at: float, line: dict) -> dict:
    """The line across the plot at ``at`` on ``axis`` ("y": horizontal) that ``add_hline`` /
    ``add_vline`` add, as a shape to give with the figure's others in one update. Why: each
    of those calls found the subplots and replayed the layout (about 3 ms a line)."""
    across = "y" if axis == "x" else "x"
    return {
        "type": "line",
        f"{axis}0": at,
        f"{axis}1": at,
        f"{axis}ref": axis,
        f"{across}0": 0,
        f"{across}1": 1,
        f"{across}ref": f"{across} domain",
        "line": line,
    }


def _flag_marker(flag: str, flagged_size: int) -> dict[str, object]:
    """Unflagged points small and faint, flagged ones large and solid, in the flag's colour."""
    unflagged = flag == "none"
    return dict(
        color=COLORS[flag],
        size=7 if unflagged else flagged_size,
        opacity=0.45 if unflagged else 0.95,
    )


def _title(title: str, room: int = 40) -> tuple[str, bool]:
    """A long title's parenthesis on a second, smaller line (a chart half a 1280 px window wide
    cut "click a bar to drill down" off); whether it now has two lines. A CJK character counts
    as two. The space before an English parenthesis ends the first line (invisible, the title
    is left-aligned), so the title read as text (the SVG's, a screen reader's) is the title:
    "Mean score per unit (2026Q2, …", not "unit(2026Q2" (session 45)."""
    width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in title)
    for mark in (" (", "（", "("):
        at = title.find(mark)
        if width > room and at > 0:
            head = title[: at + len(mark) - 1]  # with the space of " ("
            rest = title[len(head) :].strip()
            return f"{head}<br><span style='font-size:12px'>{rest}</span>", True
    return title, False


#: the room Plotly's auto-margin gives an axis or a legend, in px, as measured in Chromium
#: (session 22: ``_fullLayout._size`` of every chart page in both languages, company-wide and
#: for a department, 1280 and 1920 px wide): a y axis' tick labels end this far beyond their
#: width from the plot (the margins' padding, 8, Plotly's own 0.66 and the 0.3 by which
#: Chromium's digits are wider than :func:`text_px` counts); a line of x tick labels
#: takes this much below it, each further line its line height more; an axis title adds its
#: stand-off and seven tenths of its 14 px font, each further line 1.3 of it; each push gets
#: the smallest margin (10 px) on top; a legend row is 19 px high and the legend 10 px more
_Y_LABEL_GAP, _X_LABELS, _LABEL_LINE = 9.0, 24.0, 1.3 * 12
_Y_TITLE, _X_TITLE, _TITLE_LINE = 24 + 0.7 * 14, 20 + 0.7 * 14, 1.3 * 14
_PUSH_PAD, _LEGEND_ROW, _LEGEND_PAD = 10, 19.0, 10.0
#: the plot area's width (px) a legend's rows are counted at: a full-width chart's on a window
#: 1920 px wide. Python does not know the chart's width; at this width or wider the margins
#: fit, narrower ones that wrap the legend into more rows make Plotly push the margin (and draw
#: the chart once more), never the other way round (no white space that was not there before)
LEGEND_ROW_PX = 1300


def _lines(text: str | None) -> int:
    return (text or "").count("<br>") + 1


def _title_room(title: str | None, first: float) -> float:
    """The room an axis title takes beyond the tick labels (none without a title)."""
    return first + _TITLE_LINE * (_lines(title) - 1) if title else 0.0


def _y_room(labels: list[str], title: str | None = None) -> int:
    """The left (or right) margin a y axis with ``labels`` and ``title`` needs."""
    widest = max((text_px(label, 12) for label in labels), default=0.0)
    return round(widest + _Y_LABEL_GAP + _title_room(title, _Y_TITLE) + _PUSH_PAD)


def _x_room(labels: list[str], title: str | None = None) -> int:
    """The bottom margin an x axis with ``labels`` (unturned) and ``title`` needs."""
    lines = max((_lines(label) for label in labels), default=1)
    below = _X_LABELS + _LABEL_LINE * (lines - 1)
    return round(below + _title_room(title, _X_TITLE) + _PUSH_PAD)


def _legend_rows(names: list[str], width: float = LEGEND_ROW_PX) -> int:
    """Rows of a horizontal legend of ``names`` in a plot ``width`` px wide (Plotly's: all in
    one row if they fit side by side, else in columns as wide as the widest entry)."""
    entries = [text_px(name, 12) + 40 for name in names]
    if not entries or sum(entries) + 5 * (len(entries) - 1) < width:
        return 1
    per_row = max(1, int((width + 5) // (max(entries) + 5)))
    return -(-len(entries) // per_row)


def _legend_room(fig: go.Figure, names: list[str]) -> int:
    """The bottom margin the legend below the plot (``y=-0.18``, :func:`_layout`) needs: its
    top is 18% of the plot's height below the plot. Nothing for fewer than two entries (Plotly
    shows no legend then)."""
    if len(names) < 2:
        return 0
    height, top = fig.layout.height, fig.layout.margin.t
    legend = _LEGEND_PAD + _LEGEND_ROW * _legend_rows(names) + _PUSH_PAD
    return round((legend + 0.18 * (height - top)) / 1.18)


def _legend_names(fig: go.Figure) -> list[str]:
    return [t.name for t in fig.data if t.showlegend is not False and t.visible is not False]


def auto_ticks(lo: float, hi: float, length: float, fmt: str = "", nticks: int = 0) -> list[str]:
    """The labels Plotly's automatic ticks put on a linear y axis ``length`` px long showing
    ``lo`` to ``hi`` (about one tick per 40 px, steps of 1, 2 or 5 times a power of ten,
    trailing zeros dropped, "−" for minus; ``fmt``: ``".0%"``, ``"+.0f"`` or ``",d"``; about
    ``nticks`` ticks if given)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return ["0"]
    step = tick_step(lo, hi, length, nticks)
    decimals = step_decimals(step)
    first, out = math.ceil(lo / step - 1e-9), []
    for i in range(first, math.floor(hi / step + 1e-9) + 1):
        v = i * step
        if fmt == ".0%":
            text = f"{v * 100:.{max(0, decimals - 2)}f}%"
        elif fmt.startswith("+.") and fmt.endswith("f"):  # "+.0f", "+.1f", ...
            text = f"{v:{fmt}}"
        elif fmt == ",d":
            text = f"{v:,.0f}"
        else:
            text = f"{v:.{decimals}f}"
            text = text.rstrip("0").rstrip(".") if "." in text else text
        out.append(text.replace("-", "−").replace("−0%", "0%"))
    return [("0" if t in ("−0", "+0") and not fmt.startswith("+") else t) for t in out] or ["0"]


def tick_step(lo: float, hi: float, length: float, nticks: int = 0) -> float:
    """The step of Plotly's automatic ticks on an axis ``length`` px long showing ``lo`` to
    ``hi`` (about one tick per 40 px, or ``nticks``; 1, 2 or 5 times a power of ten)."""
    rough = (hi - lo) / (nticks or min(max(length / 40, 4), 9) + 1)
    base = 10 ** math.floor(math.log10(rough))
    return base * next(m for m in (2, 5, 10) if rough / base < m)  # Plotly: the next one up


def step_decimals(step: float) -> int:
    """Decimals a tick ``step`` needs to be read (0.5 -> 1, 0.05 -> 2, 2 -> 0)."""
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _span(values: list[float], pad: float = 0.05, zero: bool = False) -> tuple[float, float]:
    """The range Plotly shows ``values`` in: theirs, ``pad`` of it more on each side (from 0
    on the side of the bars' base, ``zero``)."""
    vals = [v for v in values if v is not None and math.isfinite(v)]
    if not vals:
        return 0.0, 1.0
    lo, hi = min(vals), max(vals)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    extra = (hi - lo) * pad or abs(hi) * 0.1 or 1.0
    return (lo if zero and lo == 0 else lo - extra), (hi if zero and hi == 0 else hi + extra)


#: Plotly's text padding (px) around a bar's text and its line spacing (``TEXTPAD``,
#: ``LINE_SPACING``): bars with their text outside widen their axis by that much
_TEXT_PAD, _LINE_SPACING = 3.0, 1.3
#: the depth (px) of a two-level category axis' labels below the plot by the labels' font
#: size: unturned, and beyond the inner labels' width when Plotly turns them upright; read
#: from Plotly's auto-margin push in Chromium (each push adds :data:`_PUSH_PAD`), other
#: sizes in proportion to 12's
_TWO_LEVEL_DEPTH = {8: 23.5, 10: 30.5, 12: 34.5, 14: 40.5}
_TWO_LEVEL_TURNED = {10: 29.0, 12: 33.5}
#: Plotly turns a two-level axis' inner labels upright where a category is narrower than
#: about 1.2 times the widest label (measured: 42.2 px labels turn below 50.1-51.4 px)
_TURN_AT = 1.2


def _two_level_room(size: int, inner: list[str], width: float = LEGEND_ROW_PX) -> int:
    """The bottom margin a two-level category axis (cycle above, department below: Plotly's
    multicategory axis) with ``inner`` labels (one per category) of ``size`` px needs in a
    plot ``width`` px wide: turned upright where they do not fit side by side there. As with
    the legend's rows, a narrower chart that turns labels this does not makes Plotly push."""
    widest = max((text_px(label, size) for label in inner), default=0.0)
    if len(inner) * widest * _TURN_AT > width:
        turned = _TWO_LEVEL_TURNED.get(size, _TWO_LEVEL_TURNED[12] * size / 12)
        return math.ceil(widest + turned + _PUSH_PAD)
    depth = _TWO_LEVEL_DEPTH.get(size, _TWO_LEVEL_DEPTH[12] * size / 12)
    return math.ceil(depth + _PUSH_PAD)


def _bar_range(
    ends: list[float], length: float, text_lines: int = 0, text_size: float = 12
) -> tuple[float, float]:
    """The range Plotly's autorange gives bars from 0 ending at ``ends`` on an axis ``length``
    px long: 5% of the length as padding on each side away from 0, and where the bars write
    ``text_lines`` lines of ``text_size`` px outside their ends, the text's height more on the
    side of the positive ends (if any) and of the negative ones (if any)."""
    vals = [v for v in ends if v is not None and math.isfinite(v)]
    if not vals or length <= 0:
        return _span(vals, zero=True)
    text = text_size * _LINE_SPACING * text_lines + _TEXT_PAD if text_lines else 0.0
    lo_pad = 0.05 * length + (text if any(v < 0 for v in vals) else 0.0)
    hi_pad = 0.05 * length + (text if any(v >= 0 for v in vals) else 0.0)
    lo, hi = min(vals), max(vals)
    if lo >= 0:  # bars from 0: no padding below 0
        lo, lo_pad = 0.0, 0.0
    if hi <= 0:
        hi, hi_pad = 0.0, 0.0
    if hi <= lo or lo_pad + hi_pad >= length:
        return _span(vals, zero=True)
    per_px = (hi - lo) / (length - lo_pad - hi_pad)
    return lo - lo_pad * per_px, hi + hi_pad * per_px


def _stack_ends(x: list, y: list[float | None]) -> list[float]:
    """Where stacked (relative) bars at categories ``x`` with values ``y`` end: each category's
    sum of positive values and of negative ones."""
    up: dict = {}
    down: dict = {}
    for key, v in zip(x, y):
        if v is None or not math.isfinite(v):
            continue
        side = up if v >= 0 else down
        side[key] = side.get(key, 0.0) + v
    return [*up.values(), *down.values()]


def _fit(fig: go.Figure, **margins: int) -> go.Figure:
    """``fig``'s margins at least ``margins`` (``l``, ``r``, ``t``, ``b``): the room its axes
    and legend need, given up front so Plotly does not push them out and draw the chart again
    (session 22). Auto-margin stays on: where more is needed (a narrower chart that wraps the
    legend, an estimate short of Plotly's own) it still pushes."""
    now = fig.layout.margin
    old = {k: getattr(now, k) or 0 for k in "lrtb"}
    new = {k: max(margins.get(k) or 0, old[k]) for k in "lrtb"}
    # Plotly puts the smallest margin, at most 12 px, on top of every push (:data:`_PUSH_PAD`
    # counts 10): once every margin is wider, the estimates need that much more
    pad = min(12, *new.values())
    if pad > _PUSH_PAD:
        earlier = pad - max(_PUSH_PAD, min(12, *old.values()))
        for k in "lrb":
            if margins.get(k):
                new[k] = max(margins[k] + pad - _PUSH_PAD, old[k])
            elif new[k] > _PUSH_PAD:
                new[k] += earlier
    relaid(fig, margin=new)
    return fig


def _values(trace, axis: str) -> list[float]:
    """The numbers ``trace`` puts on its ``axis`` ("x" or "y"), with its error bars' ends."""
    raw = list(getattr(trace, axis) or ())
    vals = [v for v in raw if _number(v)]
    err = getattr(trace, f"error_{axis}", None)
    if err is not None and err.array is not None and len(err.array) == len(raw):
        minus = err.arrayminus if err.arrayminus is not None else err.array
        # a point without a value or an interval (one person's share: rev24b) has no ends
        vals += [v + e for v, e in zip(raw, err.array) if _number(v) and _number(e)]
        vals += [v - e for v, e in zip(raw, minus) if _number(v) and _number(e)]
    return vals


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _room(
    fig: go.Figure,
    left: list[str] | None = None,
    bottom: list[str] | None = None,
    y: list[float] | None = None,
    zero: bool = False,
    fmt: str = "",
    pad: float = 0.05,
    span: tuple[float, float] | None = None,
) -> go.Figure:
    """Fit ``fig``'s margins (:func:`_fit`) to its x axis below (tick labels ``bottom``, one
    line unless given; its title), its y axis on the left (tick labels ``left``, else the
    automatic ones of the range ``span``, or of the values ``y`` or of its traces' y, from 0
    for bars when ``zero``, in ``fmt``, ``pad`` of their span more on each side; its title)
    and its legend below."""
    ax, ay = fig.layout.xaxis, fig.layout.yaxis
    xtitle = ax.title.text if ax.visible is not False else None
    bottom_room = _x_room(bottom or ["0"], xtitle) if ax.visible is not False else 0
    b = max(bottom_room, _legend_room(fig, _legend_names(fig)))
    if left is None:
        on_y = [t for t in fig.data if getattr(t, "yaxis", None) in (None, "y")]
        values = y if y is not None else [v for t in on_y for v in _values(t, "y")]
        length = fig.layout.height - fig.layout.margin.t - max(b, fig.layout.margin.b or 0)
        left = auto_ticks(*(span or _span(values, pad, zero)), length, fmt)
    room = _y_room(left, ay.title.text) if ay.visible is not False else None
    return _fit(fig, l=room, b=b)


def _right_room(fig: go.Figure, top: float, fmt: str) -> go.Figure:
    """Fit ``fig``'s right margin to its second y axis, from 0 to ``top`` in ``fmt``."""
    m = fig.layout.margin
    labels = auto_ticks(0.0, top, fig.layout.height - m.t - m.b, fmt, fig.layout.yaxis2.nticks or 0)
    return _fit(fig, r=_y_room(labels, fig.layout.yaxis2.title.text))


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    title, two_lines = _title(title)
    relaid(
        fig,
        title=dict(text=title, x=0, font=dict(size=15)),
        height=height,
        margin=dict(l=10, r=10, t=64 if two_lines else 46, b=10),
        template=TEMPLATE,
        legend=dict(orientation="h", y=-0.18),
    )
    return fig


def empty(text: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    relaid_axes(fig, "x", visible=False)
    relaid_axes(fig, "y", visible=False)
    return _layout(fig, "", 200)


_MONTH_CODE = re.compile(r"^(\d{4})-(\d{2})$")


def cycle_ticks(cycles: list[str], lang: str) -> list[str]:
    """The cycles as a chart's axis names them: a monthly code (2026-05) as a month in the
    reader's language (2026年5月), any other code as it is."""
    out = []
    for c in cycles:
        m = _MONTH_CODE.match(str(c))
        mo = int(m.group(2)) if m else 0
        ok = m is not None and 1 <= mo <= 12
        # the year and month as text: a number would be written 2,026
        said = render("fig.cycle_month", lang, year=m.group(1), month=str(mo), code=c) if ok else ""
        out.append(said or str(c))
    return out


def cycle_axis(fig: go.Figure, cycles: list[str], lang: str) -> go.Figure:
    """An x axis of cycles: categories in ``cycles``' order, each tick named by
    :func:`cycle_ticks` (Plotly read 2026-05 … as dates and wrote "May 2026" in a Chinese
    page: rev30a item 11)."""
    cycles = list(dict.fromkeys(cycles))
    relaid_axes(
        fig,
        "x",
        type="category",
        categoryorder="array",
        categoryarray=cycles,
        tickmode="array",
        tickvals=cycles,
        ticktext=cycle_ticks(cycles, lang),
    )
    return fig


def cycle_counts(per_cycle: pl.DataFrame, lang: str) -> go.Figure:
    """Ratings (bars) and employees (line, right axis) per cycle."""
    x = per_cycle["cycle_id"].to_list()
    fig = go.Figure(
        dict(
            type="bar",
            x=x,
            y=per_cycle["ratings"].to_list(),
            name=render("fig.ratings", lang),
            customdata=x,
        )
    )
    fig.add_trace(
        dict(
            type="scatter",
            x=x,
            y=per_cycle["employees"].to_list(),
            name=render("fig.employees", lang),
            yaxis="y2",
            mode="lines+markers",
        )
    )
    # counts from zero, whole numbers: a constant 2,000 people is a flat line at 2,000, not an
    # axis zoomed to 1,999.298 ... 2,000.786
    top = max(per_cycle["employees"].max() or 0, 1)
    relaid(
        fig,
        yaxis=dict(rangemode="tozero", tickformat=",d"),
        yaxis2=dict(
            overlaying="y",
            side="right",
            showgrid=False,
            range=[0, top * 1.15],
            tickformat=",d",
            # round steps (500, 1,000 ...), not ticks synced to the left axis' grid (342, 684 ...)
            tickmode="auto",
            nticks=6,
        ),
    )
    cycle_axis(fig, x, lang)
    fig = _room(_layout(fig, "", 360), bottom=cycle_ticks(x, lang), zero=True, fmt=",d")
    return _right_room(fig, top * 1.15, ",d")


def unit_names(units: pl.Series, lang: str) -> list[str]:
    """Units as the reader sees them: a department or team as named, the people with none as
    the catalogue's "未分配" / "Unassigned" (``unit.unassigned``), never the code."""
    return render_column(units.cast(pl.String), lang, "unit").to_list()


#: the order of the units in the distribution page's two charts: highest mean first
UNIT_ORDER = ("mean", "unit")


def unit_means(
    dist: pl.DataFrame,
    lang: str,
    cycle: str | None = None,
    unit: Unit | None = None,
    drills: bool = True,
) -> go.Figure:
    """Mean score per unit with 95% CI in ``cycle`` (default: the latest cycle id in scope),
    in ``unit``'s points; bars carry the unit for drill-down. ``drills``: the title invites a
    click (not for a team, with nothing below it: rev19e nit)."""
    cycle = cycle if cycle is not None else dist["cycle_id"].max()
    last = convert(dist.filter(pl.col("cycle_id") == cycle), unit)
    d = _digits(unit)
    last = last.sort(UNIT_ORDER, descending=[True, False], nulls_last=True)
    ok = last.filter(~pl.col("small_n"))
    # bars from the scale's lowest score (1 on 1-5), not from 0, which is no score there: a bar
    # from 0 stretched every mean by 1 point (rev26b item 5); its top is still the mean
    floor = unit.lo if unit is not None else 0.0
    fig = go.Figure(
        dict(
            type="bar",
            x=unit_names(ok["unit"], lang),
            y=(ok["mean"] - floor).to_list(),
            base=floor,
            hovertext=[f"{m:.{d}f}" for m in ok["mean"].to_list()],
            customdata=ok["unit"].to_list(),
            error_y=dict(
                type="data",
                array=(ok["mean_hi"] - ok["mean"]).to_list(),
                arrayminus=(ok["mean"] - ok["mean_lo"]).to_list(),
            ),
            text=[f"n={n}" for n in ok["n"].to_list()],
            # level at the foot of the bar: rotated to fit, the labels ran into the CI whiskers
            textposition="inside",
            textangle=0,
            insidetextanchor="start",
            textfont=dict(size=10, color="white"),
            hovertemplate=f"%{{x}}<br>{render('fig.mean', lang)} %{{hovertext}}<br>%{{text}}"
            "<extra></extra>",
            marker_color="#1f77b4",
        )
    )
    relaid_axes(fig, "y", title=_scored("fig.mean_score", lang, unit))
    title = "fig.unit_means" if drills else "fig.unit_means_no_drill"
    fig = _layout(fig, render(title, lang, cycle=cycle or ""))
    if floor and ok.height:  # the axis from the bars' base, the scale's lowest score
        top = _span([floor, *ok["mean_hi"].fill_null(ok["mean"]).to_list()])[1]
        relaid_axes(fig, "y", range=[floor, top])
        return _room(fig, bottom=unit_names(ok["unit"], lang), span=(floor, top))
    return _room(fig, bottom=unit_names(ok["unit"], lang), zero=True)


def score_box(
    stats: pl.DataFrame, lang: str, min_n: int = 5, unit: Unit | None = None
) -> go.Figure:
    """Box per unit of employee scores (in ``unit``'s points) from precomputed statistics (the ``score_box``
    section: quartiles, mean, whiskers), n in the label. Plotly draws the same boxes as from
    every person's score, but no score is sent to the browser (outlier points are not drawn):
    at 200,000 people that is the difference between a page and a wait. A unit of fewer than
    ``min_n`` people gets no box, only its label saying so: the page's own rule, and a box of
    3 people has single people's scores for whiskers (rev23b item 13)."""
    fig = go.Figure()
    # the units in the bar chart's order (rev19e nit: the two charts side by side differed)
    stats = convert(stats, unit).sort(UNIT_ORDER, descending=[True, False], nulls_last=True)
    # a unit under min_n has no quartiles (the section empties them): its label only
    stats = stats.filter(pl.col("median").is_not_null() | (pl.col("n") < min_n))
    for row in stats.iter_rows(named=True):
        n = row["n"]
        name = unit_names(pl.Series([row["unit"]]), lang)[0]
        if n < min_n:  # the unit on the axis, no box: its label says why
            label = f"{name}<br>{render('fig.box_too_few', lang, n=n, min=min_n)}"
            fig.add_trace(
                dict(
                    type="scatter",
                    x=[label],
                    y=[None],
                    name=label,
                    mode="markers",
                    customdata=[row["unit"]],
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
            continue
        label = f"{name}<br>n={n}"  # shorter when tilted
        fig.add_trace(
            dict(
                type="box",
                x=[label],
                name=label,
                q1=[row["q1"]],
                median=[row["median"]],
                q3=[row["q3"]],
                mean=[row["mean"]],
                lowerfence=[row["lowerfence"]],
                upperfence=[row["upperfence"]],
                boxmean=True,
                customdata=[row["unit"]],
                showlegend=False,
                marker=dict(color="#1f77b4"),
            )
        )
    for row in stats.filter(pl.col("n") >= min_n).iter_rows(named=True):
        if beyond := row.get("outliers"):  # after every box: the boxes stay data[0..]
            fig.add_trace(_outlier_points(row, beyond, lang, unit))
    relaid_axes(fig, "y", title=_scored("fig.score_axis", lang, unit))
    cycles = stats["cycle_id"].drop_nulls() if "cycle_id" in stats.columns else pl.Series([])
    cycle = cycles[0] if cycles.len() else None
    fig = _layout(fig, render("fig.score_box", lang, cycle=cycle))
    drawn = stats.filter(pl.col("n") >= min_n)
    ends = [v for c in ("lowerfence", "upperfence") for v in drawn[c].to_list()]
    ends += [v for t in fig.data if t.meta == "outliers" for v in t.y]
    return _room(fig, bottom=[t.x[0] for t in fig.data if t.meta != "outliers"], y=ends)


def _outlier_points(row: dict, beyond: list[float], lang: str, unit: Unit | None) -> dict:
    """The scores of a unit beyond its whiskers, one point per person, jittered at the box's
    place (an invisible box of its own: Plotly draws sample points only from one): Q1 = Q3
    drew Product as a flat line that hid 16 of its 35 people (rev30b item 4)."""
    name = unit_names(pl.Series([row["unit"]]), lang)[0]
    values = [unit.level(v) if unit is not None and not unit.mixed else v for v in beyond]
    return dict(
        type="box",
        x=[f"{name}<br>n={row['n']}"] * len(values),
        y=values,
        name=render("fig.box_outliers", lang),
        boxpoints="all",
        jitter=0.5,
        pointpos=0,
        fillcolor="rgba(0,0,0,0)",
        line={"width": 0},
        marker={"color": "#1f77b4", "size": 5, "opacity": 0.6},
        customdata=[row["unit"]] * len(values),
        hoveron="points",
        showlegend=False,
        meta="outliers",
    )


def guideline_bars(
    grades: pl.DataFrame, lang: str, guideline: dict[str, float] | None = None
) -> go.Figure:
    """Actual grade shares per unit (bars with 95% CI) against the guideline (markers). When
    the recorded grades are not the guideline's (优秀/良好/合格/待改进), the bars are those
    grades in scale order, with no guideline markers (there is nothing to compare)."""
    guideline = guideline or DEFAULT_GUIDELINE
    fig = go.Figure()
    order = list(guideline)
    recorded = recorded_grade_shares(grades)
    own = recorded.filter(~pl.col("grade").is_in(order)).height > 0
    if own:
        grades = recorded
        order = recorded.get_column("grade").unique(maintain_order=True).to_list()
    for unit in grades["unit"].unique(maintain_order=True).to_list():
        g = grades.filter(pl.col("unit") == unit)
        g = g.with_columns(pl.col("grade").cast(pl.Enum(order), strict=False)).sort("grade")
        n = int(g["n"][0]) if g.height else 0
        err_hi = (g["share_hi"] - g["share"]).to_list() if "share_hi" in g.columns else None
        err_lo = (g["share"] - g["share_lo"]).to_list() if "share_lo" in g.columns else None
        fig.add_trace(
            dict(
                type="bar",
                x=g["grade"].cast(pl.String).to_list(),
                y=g["share"].to_list(),
                name=f"{unit_names(pl.Series([unit]), lang)[0]} (n={n})",
                customdata=[unit] * g.height,
                error_y=dict(
                    type="data", array=err_hi, arrayminus=err_lo, visible=err_hi is not None
                ),
            )
        )
    fig.add_trace(
        dict(
            type="scatter",
            x=order,
            y=[guideline.get(k) for k in order],
            visible=not own,
            mode="markers+lines",
            name=render("fig.guideline", lang),
            marker=dict(symbol="diamond", size=12, color="black"),
            line=dict(dash="dot", color="black"),
        )
    )
    relaid_axes(fig, "y", tickformat=".0%", title=render("fig.share", lang))
    relaid(fig, barmode="group")
    # the title promises error bars only where they are drawn: the meeting's shares (the
    # session's people, counted) have none (rev21 item 9)
    ci = {"share_lo", "share_hi"} <= set(grades.columns)
    fig = _layout(fig, render("fig.guideline_bars" if ci else "fig.guideline_bars_counted", lang))
    return _room(fig, bottom=order, zero=True, fmt=".0%")


#: the heat map's colour range at least this share of the scale either side of the mean (±0.4
#: on 1-5, ±10 on 0-100): a range of the data's own minimum to maximum (3.33-3.47) coloured two
#: cells that both read 3.4 light blue and salmon, and 3.5 against 3.3 dark blue against dark
#: red (rev21 item 9)
HEAT_MIN_HALF = 0.10
#: the heat map's x axis at least this many cycles wide: two cycles sat at the far left and
#: right edges with the whole middle empty (rev21 item 9); fewer are drawn side by side, centred
HEAT_MIN_COLUMNS = 6


def heat_range(cells: pl.DataFrame, unit: Unit | None = None) -> tuple[float, float]:
    """The heat map's colour centre and half-width (in ``unit``'s points, ``cells`` already
    converted): the mean of everyone shown (the cells' means weighted by their people), and
    at least :data:`HEAT_MIN_HALF` of the scale, wider when a cell lies further from it, so
    the range is symmetric and a colour always means the same distance from the mean."""
    ok = cells.filter(pl.col("mean").is_not_null() & pl.col("n").gt(0))
    if not ok.height:
        return 0.0, 1.0
    centre = float((ok["mean"] * ok["n"]).sum() / ok["n"].sum())
    span = unit.span if unit is not None and not unit.mixed else 1.0
    far = float((ok["mean"] - centre).abs().max())
    return centre, max(HEAT_MIN_HALF * span, far)


def heatmap(
    cells: pl.DataFrame, lang: str, unit: Unit | None = None, part: Sequence | None = None
) -> go.Figure:
    """Mean score per unit × cycle (in ``unit``'s points) as a grid of square markers
    (selectable, unlike a Plotly heatmap trace); cells with too few people are grey and show
    no mean. The colours centre on the mean of everyone shown, over a symmetric range of at
    least a tenth of the scale (:func:`heat_range`), said on the colour bar and in the hover.

    With a ``company_mean`` column (the company's mean of the cell's cycle), each cell is
    coloured and labelled by its distance from it, centred on 0: a department of one cycle's
    packet shows every cycle against the company, so a fall of the whole department in one
    cycle stands out (rev26a item 5: one column centred on its own mean hid the -5.3).

    ``part``: the units to draw (a printed page's rows of a long grid), on the colours of the
    whole grid (:func:`is_grid` tells a printer the figure is one)."""
    cells = convert(cells, unit)
    d = _digits(unit)
    # in natural order: 技术2组 before 技术10组
    order = sorted(cells["unit"].unique().drop_nulls().to_list(), key=S.natural_key)
    if cells["unit"].null_count():  # the unassigned first, as before
        order.insert(0, None)
    units = unit_names(pl.Series(order, dtype=pl.String), lang)
    ok = cells.filter(~pl.col("small_n") & pl.col("mean").is_not_null())
    small = cells.filter(pl.col("small_n") | pl.col("mean").is_null())
    against = "company_mean" in ok.columns
    shown = ok["mean"].to_list()  # the cells' own means, in the hover
    if against:  # the distance from the company is what is drawn, 0 in the middle
        ok = ok.with_columns(mean=pl.col("mean") - pl.col("company_mean"))
    centre, half = heat_range(ok.with_columns(mean=pl.lit(0.0)) if against else ok, unit)
    half = max(half, float(ok["mean"].abs().max() or 0.0)) if against else half
    if part is not None:  # a page's rows of a long grid, on the whole grid's colours
        keep = [u in part for u in ok["unit"].to_list()]
        shown = [m for m, k in zip(shown, keep, strict=True) if k]
        ok, small = ok.filter(pl.Series(keep)), small.filter(pl.col("unit").is_in(list(part)))
        units = unit_names(pl.Series([u for u in order if u in part], dtype=pl.String), lang)
    means = ok["mean"].to_list()
    legend = "fig.heat_company" if against else "fig.heat_centre"
    tick = "fig.heat_company_tick" if against else "fig.heat_centre_tick"
    hover = "fig.heat_company_diff" if against else "fig.heat_diff"
    size = 24  # marker size *1.6 ≈ 38 px: fits the 44 px row pitch below
    fig = go.Figure(
        dict(
            type="scatter",
            x=ok["cycle_id"].to_list(),
            y=unit_names(ok["unit"], lang),
            mode="markers+text",
            marker=dict(
                symbol="square",
                size=size * 1.6,
                color=means,
                colorscale="RdBu",
                cmin=centre - half,
                cmax=centre + half,
                showscale=True,
                colorbar=dict(
                    title=_scored("fig.mean", lang, unit)
                    + "<br>"
                    + render(legend, lang, mean=f"{centre:.{d}f}", half=f"{half:.{d}f}"),
                    tickvals=[centre - half, centre, centre + half],
                    ticktext=[
                        f"{centre - half:+.{d}f}" if against else f"{centre - half:.{d}f}",
                        render(tick, lang, mean=f"{centre:.{d}f}"),
                        f"{centre + half:+.{d}f}" if against else f"{centre + half:.{d}f}",
                    ],
                ),
            ),
            text=[f"{m:{'+' if against else ''}.{max(d - 1, 1)}f}" for m in means],
            textfont=dict(size=10, color=_ink(means, centre - half, centre + half)),
            customdata=list(
                zip(
                    ok["unit"].to_list(),
                    ok["cycle_id"].to_list(),
                    ok["n"].to_list(),
                    [m - centre for m in means],
                    shown,
                )
            ),
            hovertemplate=f"%{{y}} · %{{x}}<br>{render('fig.mean', lang)} %{{customdata[4]:.{d}f}}"
            f"<br>{render(hover, lang, mean=f'{centre:.{d}f}')} "
            f"%{{customdata[3]:+.{d}f}}<br>n=%{{customdata[2]}}<extra></extra>",
            name=render("fig.mean_score", lang),
            showlegend=False,  # the colour bar says what the colours are
        )
    )
    if small.height:
        _small_cells(fig, small, lang, size)
    # few cycles side by side in the middle, not at the far edges of a wide chart
    pad = max(0.5, (HEAT_MIN_COLUMNS - cells["cycle_id"].n_unique()) / 2)
    relaid_axes(
        fig,
        "x",
        type="category",
        categoryorder="category ascending",
        range=[-pad, cells["cycle_id"].n_unique() - 1 + pad],
    )
    relaid_axes(fig, "y", type="category", categoryorder="array", categoryarray=units[::-1])
    title = render("fig.heatmap_company" if against else "fig.heatmap", lang)
    fig = _layout(fig, title, 110 + 44 * max(len(units), 4))
    return _room(fig, left=units, bottom=cells["cycle_id"].unique().to_list())


def is_grid(fig: go.Figure) -> bool:
    """Whether ``fig`` is a :func:`heatmap` grid (its cells are square markers). Not marked in
    ``layout.meta``: a figure with a layout ``meta`` was drawn twice by the dashboard's
    browser (tests/e2e/test_draw_passes.py)."""
    return any(getattr(t.marker, "symbol", None) == "square" for t in fig.data)


def _small_cells(fig: go.Figure, small: pl.DataFrame, lang: str, size: int) -> None:
    """The heat map's cells of too few people: grey, a warning sign, no mean."""
    fig.add_trace(
        dict(
            type="scatter",
            x=small["cycle_id"].to_list(),
            y=unit_names(small["unit"], lang),
            mode="markers+text",
            marker=dict(symbol="square", size=size * 1.6, color="#dddddd"),
            text=["⚠"] * small.height,
            customdata=list(
                zip(small["unit"].to_list(), small["cycle_id"].to_list(), small["n"].to_list())
            ),
            hovertemplate=f"%{{y}} · %{{x}}<br>n=%{{customdata[2]}} ({render('fig.too_few', lang)})"
            "<extra></extra>",
            name=render("fig.too_few", lang),
            showlegend=False,
        )
    )


def has_top_share(trend: pl.DataFrame) -> bool:
    """Whether the inflation trend has a top-grade share to draw (a scope without grades has
    none: the chart then draws no second axis, and the page says why)."""
    if "top_share" not in trend.columns:
        return False
    shares = trend["top_share"].cast(pl.Float64).fill_nan(None)
    return shares.null_count() < shares.len()


def top_label(trend: pl.DataFrame) -> str:
    """The grades the trend counts as top ("S+A", "优秀+良好"), as its rows say."""
    named = trend["top_grades"].drop_nulls() if "top_grades" in trend.columns else None
    return named[0] if named is not None and named.len() else "S+A"


def _bars(frame: pl.DataFrame, col: str) -> dict | None:
    """Error bars of ``col`` from its ``_lo`` and ``_hi`` columns (None without them)."""
    if not {f"{col}_lo", f"{col}_hi"} <= set(frame.columns):
        return None
    return dict(
        type="data",
        array=(frame[f"{col}_hi"] - frame[col]).to_list(),
        arrayminus=(frame[col] - frame[f"{col}_lo"]).to_list(),
    )


def inflation_chart(trend: pl.DataFrame, lang: str, unit: Unit | None = None) -> go.Figure:
    """Mean per cycle with 95% CI (in ``unit``'s points), and the top-grade share on a second
    axis."""
    t = convert(trend.sort("cycle_order"), unit)
    d = _digits(unit)
    # a change of scale breaks the line: one piece per run of cycles on one scale, a dashed
    # line at each change (rev23b item 9); the x axis keeps every cycle in order
    runs = t.partition_by("segment", maintain_order=True) if "segment" in t.columns else [t]
    fig = go.Figure()
    for i, run in enumerate(runs):
        fig.add_trace(
            dict(
                type="scatter",
                x=run["cycle_id"].to_list(),
                y=run["mean"].to_list(),
                mode="lines+markers",
                name=render("fig.mean_score", lang),
                legendgroup="mean",
                showlegend=i == 0,
                line=dict(color="#636efa"),  # the theme's first colour, on every run
                error_y=_bars(run, "mean"),
                customdata=run["n"].to_list(),
                hovertemplate=f"%{{x}}: %{{y:.{d}f}} (n=%{{customdata}})<extra></extra>",
            )
        )
    cycle_axis(fig, t["cycle_id"].to_list(), lang)
    start = 0
    for before, after in itertools.pairwise(runs):
        start += before.height
        fig.add_vline(
            x=start - 0.5,
            line=dict(dash="dash", color="grey", width=1),
            annotation_text=render(
                "fig.scale_break",
                lang,
                before=unit_of_scales([before["segment_scale"][0]]).words(lang),
                after=unit_of_scales([after["segment_scale"][0]]).words(lang),
            ),
            annotation_position="top",
        )
    relaid_axes(fig, "y", title=_scored("fig.mean_score", lang, unit))
    if has_top_share(t):  # no grades recorded: no second axis drawn empty (rev19d)
        # named by the scale's own top grades (S+A, 优秀+良好), with its Wilson interval as
        # the title promises (rev23b: the share had no error bars)
        label = render("fig.top_share", lang, grades=top_label(t))
        for i, run in enumerate(runs):
            fig.add_trace(
                dict(
                    type="scatter",
                    x=run["cycle_id"].to_list(),
                    y=run["top_share"].to_list(),
                    yaxis="y2",
                    mode="lines+markers",
                    name=label,
                    legendgroup="top",
                    showlegend=i == 0,
                    line=dict(dash="dot", color="#EF553B"),
                    error_y=_bars(run, "top_share"),
                    hovertemplate="%{x}: %{y:.1%}<extra></extra>",
                )
            )
        # a share lives in [0, 100%]: the axis starts at 0 (not at -19%) and ends a little
        # above the largest share's upper bound
        high = t["top_share_hi"].max() if "top_share_hi" in t.columns else None
        top = min(1.0, max(high or t["top_share"].max() or 0.0, 0.05) * 1.15)
        relaid(
            fig,
            yaxis2=dict(
                overlaying="y",
                side="right",
                tickformat=".0%",
                showgrid=False,
                range=[0, top],
                title=label,
                # round steps from 0% (0%, 10%, 20% ...), not ticks synced to the left axis'
                # grid (4%, 11%, 17% ... with one cycle selected: rev19c)
                tickmode="auto",
                nticks=6,
            ),
        )
    # the cycles are categories: one selected cycle is one tick with its name, not an axis
    # that guesses a type from a single value
    relaid_axes(fig, "x", type="category")
    fig = _room(_layout(fig, render("fig.inflation", lang)))
    return _right_room(fig, top, ".0%") if has_top_share(t) else fig


#: at most this many raters drawn: each named beside its dot (a printed chart has no hover;
#: the company packet's two dots read as nobody, rev33b nit 8)
LABELLED_POINTS = 12
#: the columns of the rater table :func:`rater_effects_chart` draws (and the rater's name
#: beside ``rater_id`` where the table has it)
RATER_EFFECTS_COLUMNS = ("rater_id", "n", "effect", "ci95_low", "ci95_high", "flag", "fdr_flag")
#: the columns of the rater table :func:`consistency_chart` draws (and the name, as above)
CONSISTENCY_COLUMNS = ("rater_id", "ct_ratio", "halo_ratio", "flags")


def rater_effects_chart(
    raters: pl.DataFrame,
    lang: str,
    unit: Unit | None = None,
    context: int = MAX_CONTEXT_POINTS,
    webgl: bool = True,
    names: pl.DataFrame | None = None,
) -> go.Figure:
    """Effect with 95% CI (in ``unit``'s points) against the number of ratings; flagged raters
    highlighted, the likely tier (FDR) in lighter colours, the unflagged ones thinned to about
    ``context`` points (the legend says how many are shown). Raters whose effect cannot be
    estimated have no effect to plot (their status says why, in the table). More points than
    :data:`GL_POINTS` are WebGL, unless not ``webgl`` (printed: SVG). ``names``: the roster's
    names for the hovers of the points drawn (:func:`_flag_points`), for an unnamed frame."""
    fig = go.Figure()
    raters = _columns(raters, RATER_EFFECTS_COLUMNS, unit)
    banded = raters.schema.get("n") == pl.String  # a pseudonymised view's bands ("500-999")
    if banded:  # placed at the band's lower end; the hover says the band
        raters = raters.with_columns(
            pl.col("n").alias("_band"), pl.col("n").str.extract(r"^(\d+)").cast(pl.Int64)
        )
    d = _digits(unit)
    likely = pl.col("fdr_flag") if "fdr_flag" in raters.columns else pl.lit(None, pl.String)
    r = raters.filter(pl.col("effect").is_not_null()).with_columns(
        pl.coalesce(pl.col("flag"), likely, pl.lit("none")).alias("_f")
    )
    order = ("none", "likely_lenient", "likely_severe", "lenient", "severe")
    groups = list(_flag_points(r, order, "n", lang, context, names))
    drawn = sum(g.height for _f, g, _l in groups)
    scatter = _scatter(drawn, webgl)
    # each dot named beside it (a printed chart has no hover); a band of ratings is no name
    few = drawn <= LABELLED_POINTS and not banded
    for flag, g, legend in groups:
        fig.add_trace(
            dict(
                type=scatter,
                x=g["n"].to_list(),
                y=g["effect"].to_list(),
                mode="markers+text" if few else "markers",
                textposition="middle right",
                name=legend,
                marker=_flag_marker(flag, 10),
                error_y=dict(
                    type="data",
                    array=(g["ci95_high"] - g["effect"]).to_list(),
                    arrayminus=(g["effect"] - g["ci95_low"]).to_list(),
                    thickness=1,
                    color=COLORS[flag],
                ),
                customdata=g["rater_id"].to_list(),
                text=_banded_who(g) if banded else _who(g, "rater_id"),
                hovertemplate=f"%{{text}}<br>{'' if banded else 'n=%{x}<br>'}"
                f"{render('column.effect', lang)} %{{y:+.{d}f}}<extra></extra>",
            )
        )
    fig.update_layout(shapes=[_rule("y", 0, dict(color="#444", width=1))])
    # clean log ticks (1, 2, 5, 10, 20, 50, ...): Plotly's own minor labels read
    # "... 8 9 100 2 3 4", where "2 3 4" meant 200-400 (review rev19c minor 2)
    ticks = log_ticks(raters["n"])
    relaid_axes(
        fig,
        "x",
        title=render("fig.ratings_log", lang),
        type="log",
        tickvals=ticks,
        tickformat=",d",
        range=log_range(r["n"], ticks),  # ticks on the axis where the points lie close
    )
    relaid_axes(fig, "y", title=_scored("fig.rater_effect_axis", lang, unit))
    fig = _layout(fig, render("fig.rater_effects", lang), 420)
    relaid(fig, showlegend=True)  # one group too: what its dots are (rev33b nit 8)
    # the room its axes and the legend below take, given up front: Plotly pushed the margins
    # there itself (auto-margin) and then drew all the chart's markers and error bars again
    # (sessions 21 and 22, docs/benchmarks.md); where more room is needed it still pushes
    return _room(fig)


def _banded_who(g: pl.DataFrame) -> list[str]:
    """A rater's hover words with their band of ratings ("R-… <br>n=500-999")."""
    return [f"{w}<br>n={b}" for w, b in zip(_who(g, "rater_id"), g["_band"], strict=True)]


def consistency_chart(
    raters: pl.DataFrame,
    lang: str,
    context: int = MAX_CONTEXT_POINTS,
    names: pl.DataFrame | None = None,
) -> go.Figure:
    """Central tendency (spread ratio) against halo (dimension-spread ratio); flags coloured,
    the unflagged raters thinned to about ``context`` points; ``names`` as
    :func:`rater_effects_chart`'s."""
    raters = _columns(raters, CONSISTENCY_COLUMNS)
    r = raters.filter(pl.col("ct_ratio").is_not_null() & pl.col("halo_ratio").is_not_null())
    r = r.with_columns(
        pl.when(pl.col("flags").list.contains("halo"))
        .then(pl.lit("halo"))
        .when(pl.col("flags").list.contains("central_tendency"))
        .then(pl.lit("central_tendency"))
        .otherwise(pl.lit("none"))
        .alias("_f")
    )
    fig = go.Figure()
    flags = ("none", "central_tendency", "halo")
    groups = list(_flag_points(r, flags, "ct_ratio", lang, context, names))
    scatter = _scatter(sum(g.height for _f, g, _l in groups), True)
    for flag, g, legend in groups:
        fig.add_trace(
            dict(
                type=scatter,
                x=g["ct_ratio"].to_list(),
                y=g["halo_ratio"].to_list(),
                mode="markers",
                name=legend,
                customdata=g["rater_id"].to_list(),
                text=_who(g, "rater_id"),
                marker=_flag_marker(flag, 11),
                hovertemplate=f"%{{text}}<br>{render('column.ct_ratio', lang)} %{{x:.2f}}"
                f"<br>{render('column.halo_ratio', lang)} %{{y:.2f}}<extra></extra>",
            )
        )
    fig.update_layout(
        shapes=[
            _rule("x", 0.5, dict(dash="dot", color="#ff7f0e")),
            _rule("y", 0.5, dict(dash="dot", color="#e377c2")),
        ]
    )
    relaid_axes(fig, "x", title=render("fig.spread_ratio", lang))
    relaid_axes(fig, "y", title=render("fig.halo_ratio", lang))
    return _room(_layout(fig, render("fig.consistency", lang), 420))


def dumbbell(
    sources: pl.DataFrame, lang: str, limit: int = 30, unit: Unit | None = None
) -> go.Figure:
    """Self / manager / peer (/ skip-level) means per employee (in ``unit``'s points), largest
    manager-peer gaps first, titled by the roles drawn (a view below hr_admin without the peer
    means of fewer than k peers drew self / manager / skip-level under "self / manager / peer
    gaps": rev34a finding 6), each row naming its cycle when the rows carry one (a person
    flagged in two cycles is two rows)."""
    s = convert(sources.head(limit), unit)
    d = _digits(unit)
    ids = s["employee_id"].to_list()
    who = _who(s, "employee_id")  # the axis names people; clicks carry the id (customdata)
    if "cycle_id" in s.columns:
        who = [f"{w} · {c}" for w, c in zip(who, s["cycle_id"].cast(pl.String).to_list())]
    fig = go.Figure()
    # a role no one shown has a score from gets no legend entry ("隔级" with no skip-level
    # ratings, rev22) and no place in the title
    drawn = [
        r
        for r in ("self", "manager", "peer", "skip_level")
        if r in s.columns and s[r].is_not_null().any()
    ]
    for role in drawn:
        fig.add_trace(
            dict(
                type="scatter",
                x=s[role].to_list(),
                y=who,
                mode="markers",
                name=render(f"role.{role}", lang),
                marker=dict(color=COLORS[role], size=10),
                customdata=ids,
                hovertemplate=f"%{{y}}<br>{render(f'role.{role}', lang)} %{{x:.{d}f}}"
                "<extra></extra>",
            )
        )
    lo = s.select(pl.min_horizontal([c for c in ("self", "manager", "peer") if c in s.columns]))
    hi = s.select(pl.max_horizontal([c for c in ("self", "manager", "peer") if c in s.columns]))
    # the lines as one list: add_shape per line copies the layout's shapes each time (0.6 s)
    fig.update_layout(
        shapes=[
            dict(
                type="line",
                x0=a,
                x1=b,
                y0=y,
                y1=y,
                line=dict(color="#ccc", width=3),
                layer="below",
            )
            for y, a, b in zip(who, lo.to_series().to_list(), hi.to_series().to_list())
        ]
    )
    relaid_axes(fig, "y", autorange="reversed", type="category")
    relaid_axes(fig, "x", title=_scored("fig.mean_score", lang, unit))
    roles = " / ".join(render(f"role.{r}", lang) for r in drawn)
    title = render("fig.dumbbell", lang, roles=roles)
    return _room(_layout(fig, title, 120 + 22 * len(ids)), left=who)


def _pair_groups(
    agg: pl.DataFrame, unit: Unit | None, cycle_units: dict[str, Unit] | None
) -> list[tuple[Unit | None, pl.DataFrame]]:
    """``agg``'s rows by the unit their pair of cycles is read in: the scope's, or where it
    mixes scales each pair's shared scale (0-1 for a pair across scales), in axis order."""
    if not (unit is not None and unit.mixed and cycle_units):
        return [(unit, agg)]
    pairs = agg.select("from_cycle", "to_cycle").unique().rows()
    scale = {(a, b): pair_unit(cycle_units, a, b) for a, b in pairs}
    groups: dict[str | None, tuple[Unit, list[tuple[str, str]]]] = {}
    for pair in sorted(pairs, key=lambda p: (scale[p].mixed, str(scale[p].scale))):
        u = scale[pair]
        groups.setdefault(None if u.mixed else u.scale, (u, []))[1].append(pair)
    out = []
    for u, members in groups.values():
        keep = pl.struct("from_cycle", "to_cycle").is_in(
            [{"from_cycle": a, "to_cycle": b} for a, b in members]
        )
        out.append((u, agg.filter(keep)))
    return out


#: the height of one panel of :func:`attribution_bars` (a chart of two is twice as tall)
PANEL_HEIGHT = 480


#: the parts of a change, in the order the attribution's bars stack them
_COMPONENTS = ("company", "department", "environment", "rater", "individual")


def _component_names(lang: str) -> dict[str, str]:
    """Each part of a change (:data:`_COMPONENTS`) by its name in ``lang``."""
    return {c: render(f"component.{c}", lang) for c in _COMPONENTS}


def attribution_bars(
    changes: pl.DataFrame,
    lang: str,
    unit: Unit | None = None,
    cycle_units: dict[str, Unit] | None = None,
    shifts: pl.DataFrame | None = None,
) -> go.Figure:
    """Mean contributions (company, department, rater, individual) per department and cycle
    pair, in ``unit``'s points; the rater bar holds the new managers' part that cannot be
    separated from a real change (``new_manager`` of ``score_changes``), so the bars add up.
    Where company and department cannot be separated, the one environment bar is labelled as
    ``shifts``' ``environment_answer`` of its pair says (:func:`_environment_bars`).

    Where ``unit`` mixes scales and ``cycle_units`` says each cycle's, the pairs on one scale
    are drawn in its points and the pairs across scales in 0-1, one panel each with its unit on
    its axis: the bars read in the same points as the shift sentences beside them (rev19d)."""
    if "new_manager" in changes.columns:  # a new manager not estimated: a change of rater too
        changes = changes.with_columns(pl.col("rater") + pl.col("new_manager").fill_null(0.0))
    paired = "from_cycle" in changes.columns
    keys = ["dept", "from_cycle", "to_cycle"] if paired else ["dept", "to_cycle"]
    has_joint = "environment_joint" in changes.columns
    joint = pl.col("environment_joint").fill_null(False).any() if has_joint else pl.lit(False)
    agg = (
        changes.group_by(keys)
        .agg(
            pl.len().alias("n"),
            *[pl.col(c).mean() for c in ("company", "department", "rater", "individual")],
            joint.alias("_joint"),
        )
        .sort("dept", "to_cycle")
    )
    agg = _environment_bars(agg, _answers(shifts, keys))
    groups = _pair_groups(agg, unit, cycle_units) if paired else [(unit, agg)]
    if len(groups) > 1:
        from plotly.subplots import make_subplots

        # each panel titled with its unit, far enough apart that the department names under
        # one panel's bars do not run into the next (rev19e minor 10)
        titles = [
            render("fig.shift_panel_mixed", lang)
            if u is None or u.mixed
            else render("fig.shift_panel_points", lang, unit=u.words(lang))
            for u, _ in groups
        ]
        fig = make_subplots(rows=len(groups), cols=1, vertical_spacing=0.24, subplot_titles=titles)
    else:
        fig = go.Figure()
    names = _component_names(lang)
    # the environment bar only where some pair has it; company and department where not
    shown = [c for c in _COMPONENTS if c in ("rater", "individual") or agg[c].is_not_null().any()]
    for row, (u, part) in enumerate(groups, start=1):
        part = convert(part, u)
        d = _digits(u)
        x = [part["dept"].to_list(), part["to_cycle"].to_list()]
        where = dict(row=row, col=1) if len(groups) > 1 else {}
        for comp in shown:
            fig.add_trace(
                dict(
                    type="bar",
                    x=x,
                    y=part[comp].to_list(),
                    name=names[comp],
                    legendgroup=comp,
                    showlegend=row == 1,
                    marker=dict(color=COLORS[comp]),
                    customdata=part["dept"].to_list(),
                    hovertext=[f"n={n}" for n in part["n"].to_list()],
                    hovertemplate=f"%{{x}}<br>{names[comp]} %{{y:+.{d}f}}<br>%{{hovertext}}"
                    "<extra></extra>",
                ),
                **where,
            )
        fig.update_yaxes(title=_scored("fig.mean_change", lang, u), **where)
    fig = _layout(fig, render("fig.attribution", lang), PANEL_HEIGHT * len(groups))
    # the two-level category axis needs the room below it: legend goes above the plot
    relaid(
        fig,
        barmode="relative",
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
        margin=dict(t=70, b=20),
    )
    relaid_axes(fig, "x", tickfont=dict(size=10))
    if len(groups) > 1:  # the panel titles above their plots, smaller than the chart's
        fig.update_annotations(font=dict(size=12), xanchor="left", x=0)
    # the room of the bottom panel's labels, and of the widest panel's y axis, up front (each
    # panel's range as Plotly's autorange makes it of its stacked bars)
    bottom = "" if len(groups) == 1 else str(len(groups))  # the last panel's x axis
    inner = {c for t in fig.data if (t.xaxis or "x") == f"x{bottom}" for c in zip(*t.x)}
    b = _two_level_room(10, [cycle for _dept, cycle in inner])
    plot = fig.layout.height - fig.layout.margin.t - b
    left = 0
    for row in range(1, len(groups) + 1):
        suffix = "" if row == 1 else str(row)
        ay = fig.layout[f"yaxis{suffix}"]
        on = [t for t in fig.data if (t.yaxis or "y") == f"y{suffix}"]
        ends = _stack_ends([c for t in on for c in zip(*t.x)], [v for t in on for v in t.y])
        length = plot * (ay.domain[1] - ay.domain[0] if ay.domain else 1.0)
        labels = auto_ticks(*_bar_range(ends, length), length)
        left = max(left, _y_room(labels, ay.title.text))
    return _fit(fig, l=left, b=b)


def _answers(shifts: pl.DataFrame | None, keys: list[str]) -> pl.DataFrame | None:
    """Per cycle pair, the ``environment_answer`` of :func:`~analytics.stats.attribution.
    department_shifts` (own / company / joint), or None where there is none to read."""
    need = {"to_cycle", "environment_answer", *keys} - {"dept"}
    if shifts is None or not need <= set(shifts.columns):
        return None
    pair = [k for k in keys if k != "dept"]
    return (
        shifts.filter(pl.col("environment_answer").is_not_null())
        .group_by(pair)
        .agg(_answer=pl.col("environment_answer").first())
    )


def _environment_bars(agg: pl.DataFrame, answers: pl.DataFrame | None = None) -> pl.DataFrame:
    """The pairs whose company and department cannot be separated (``_joint``): their company
    and department bars as one bar, the department's own mean change (the company part is 0
    there, :func:`~analytics.stats.attribution.score_changes`), so a flat department beside
    one holding most of the people is not drawn rising (rev30a item 1). The bar is named as
    the pair's answer says (fixattr31, rev31a item 2: the legend said "部门环境" beside a text
    saying company or department could not be told): the department's own change
    (``department``), a company-wide move (``company``), or, where that cannot be told,
    ``environment`` ("company or department")."""
    if answers is not None:
        agg = agg.join(answers, on=[c for c in answers.columns if c != "_answer"], how="left")
    answer = pl.col("_answer") if "_answer" in agg.columns else pl.lit(None, pl.String)
    j = pl.col("_joint")
    env = pl.col("company").fill_null(0.0) + pl.col("department").fill_null(0.0)
    own = answer.is_in(OWN_ANSWERS).fill_null(False)
    return agg.with_columns(
        environment=pl.when(j & ~own & (answer != "company").fill_null(True)).then(env),
        company=pl.when(j & (answer == "company")).then(env).when(~j).then(pl.col("company")),
        department=pl.when(j & own).then(env).when(~j).then(pl.col("department")),
    )


#: the answers (``environment_answer``) under which a pair's one environment bar is each
#: department's own change: its own, or nothing moved (left32 item 2: the rest stayed, and so
#: did the department, within the material shift)
OWN_ANSWERS = ("own", "none")


def with_environment_answer(rows: pl.DataFrame, shifts: pl.DataFrame | None) -> pl.DataFrame:
    """``rows`` (changes of :func:`~analytics.stats.attribution.score_changes`, one person's
    or more) with ``environment_answer``, their cycle pair's (own / company / none / joint;
    null where there is none): the waterfall labels its environment bar as the attribution
    bars do (left32 item 3)."""
    answers = _answers(shifts, ["dept", "from_cycle", "to_cycle"])
    rows = rows.drop("environment_answer", strict=False)
    if answers is None or not {"from_cycle", "to_cycle"} <= set(rows.columns):
        return rows.with_columns(environment_answer=pl.lit(None, pl.String))
    answers = answers.rename({"_answer": "environment_answer"})
    return rows.join(answers, on=["from_cycle", "to_cycle"], how="left")


def _no_interval(row: dict, lang: str, individual: bool) -> str:
    """Why a waterfall part has no interval: the individual part's withheld for a view below
    hr_admin where fewer than k peers rated (its SE is the raters' spread: rev34a finding 2),
    else that it cannot be estimated."""
    why = row.get("privacy") if individual else None
    if isinstance(why, dict) and why.get("code") == SPREAD_WITHHELD:
        said = render("component.no_interval_few_peers", lang, **(why.get("params") or {}))
    else:
        said = render("component.no_interval", lang)
    # in short lines: a bar's outside text is drawn at the bar's width (rev34b: one line of it
    # was shrunk to ~5 px at 1280x800)
    head, colon, tail = said.partition("：" if "：" in said else ": ")
    return _wrap(head + colon.strip(), 22) + ("<br>" + _wrap(tail, 22) if colon else "")


def waterfall(row: dict, lang: str, unit: Unit | None = None) -> go.Figure:
    """One employee's change split into company, department, rater and individual parts (in
    ``unit``'s points when the scope shares one scale; its axis says the unit). Where the new
    manager's standard could not be estimated (a row of
    :func:`~analytics.stats.attribution.person_parts`, or ``manager_changed`` without
    ``manager_change_estimated``), the rater bar reads "cannot be estimated" and the last part
    is "individual + new manager": no measured rater +0 beside a measured individual part."""
    unsep = bool(row.get("manager_changed")) and not bool(row.get("manager_change_estimated"))
    merged = row.get("individual_new_manager")
    if unsep and merged is None:
        merged = (row.get("individual") or 0.0) + (row.get("new_manager") or 0.0)
    # the sources that rated the person changed: their part is in the rater bar (rev23b)
    rater_label = "component.rater_sources" if row.get("sources_changed") else "component.rater"
    joint = bool(row.get("environment_joint"))  # company and department: one environment
    # ... named as its pair's answer names it on the attribution bars (left32 item 3): the
    # department's own change, a company-wide move, or, not told, "company or department"
    answer = row.get("environment_answer") if joint else None
    told = answer in OWN_ANSWERS or answer == "company"
    labels = [
        render("component.company_joint" if joint and not told else "component.company", lang),
        render("component.environment" if joint and not told else "component.department", lang),
        render(rater_label, lang),
        render("component.individual_new_manager" if unsep else "component.individual", lang),
        render("component.change", lang),
    ]
    rater = 0.0 if unsep else row["rater"]
    last = merged if unsep else row["individual"]
    vals = [row["company"], row["department"], rater, last, row["change"]]
    # not separable: one environment bar, the department's own mean change (with fewer than
    # three departments the company part is the panel's mean: added in, its interval not kept)
    pooled = joint and not row["company"]
    if joint:
        env = (row["company"] or 0.0) + (row["department"] or 0.0)
        vals[:2] = [env, 0.0] if answer == "company" else [0.0, env]
    points = unit is not None and not unit.mixed
    if points:
        vals = [unit.diff(v) for v in vals]
    digits = _digits(unit)
    # rounded so the bars and their numbers add up to the change as shown (rev28b item 6)
    shown, total = rounded_parts([vals[:4]], [vals[4]], 10.0**-digits)
    vals = [*(float(v) for v in shown[0]), float(total[0])]
    text = [f"{v:+.{digits}f}" for v in vals]
    # each part's 95% interval under its value (person_parts' <part>_ci95_*), or that it
    # cannot be estimated; rows stored before the intervals show the value alone
    names = ["company", "department", "rater", "individual_new_manager" if unsep else "individual"]
    env_at = 0 if answer == "company" else 1  # the environment bar, when one
    for i, name in enumerate(names):
        if joint and i < 2:  # the environment's interval: the department part's, when pooled
            if i != env_at or not pooled:
                continue
            name = "department"
        if f"{name}_ci95_low" not in row:
            continue
        lo, hi = row.get(f"{name}_ci95_low"), row.get(f"{name}_ci95_high")
        if lo is None or hi is None:
            text[i] += "<br>" + _no_interval(row, lang, i == 3)
            continue
        if points:
            lo, hi = unit.diff(lo), unit.diff(hi)
        text[i] += f"<br>[{lo:+.{digits}f}, {hi:+.{digits}f}]"
    if unsep:
        text[2] = render("component.not_estimable", lang)
    fig = go.Figure(
        dict(
            type="waterfall",
            x=labels,
            y=vals,
            measure=["relative"] * 4 + ["total"],
            text=text,
            textposition="outside",
            constraintext="none",  # kept at the layout's size, not shrunk to the bar's width
        )
    )
    if unit is not None:
        relaid_axes(fig, "y", title=unit.words(lang))
    who = str(row["employee_id"])  # named as everywhere else: 宋睿（E000194）(rev35 nit)
    if row.get("name"):
        who = render("common.person_named", lang, name=row["name"], id=who)
    title = render(
        "attr.waterfall_title", lang, who=who, start=row["from_cycle"], end=row["to_cycle"]
    )
    ends = [*(sum(vals[: i + 1]) for i in range(4)), vals[4]]  # where each bar ends
    fig = _layout(fig, title, 340)
    # the range Plotly gives it, widened for the values and intervals written outside the
    # bars by their text's height: its tick labels decide the left margin
    length = fig.layout.height - fig.layout.margin.t - _x_room(labels)
    span = _bar_range(ends, length, max(_lines(t) for t in text))
    return _room(fig, bottom=labels, span=span)


def nine_box_grid(counts: pl.DataFrame, lang: str, printed: bool = False) -> go.Figure:
    """3×3 grid of performance × potential with counts. Cells are layout rectangles shaded by
    count; a transparent marker at each centre makes the cell clickable (Plotly heatmap traces
    do not report selections). ``printed``: a title that does not ask to click (rev19c)."""
    import plotly.colors as pc

    names = [render(f"band.{b}", lang) for b in ("low", "medium", "high")]
    c = counts.sort("box")
    top = max(int(c["n"].max() or 0), 1)
    fig = go.Figure()
    # the cells and their labels each as one list: add_shape and add_annotation per cell
    # validate the layout's whole list again each time (a third of the chart's building)
    shapes = [
        dict(
            type="rect",
            x0=p - 0.48,
            x1=p + 0.48,
            y0=q - 0.48,
            y1=q + 0.48,
            fillcolor=pc.sample_colorscale("Blues", [0.08 + 0.8 * n / top])[0],
            line=dict(width=0),
            layer="below",
        )
        for p, q, n in c.select("perf_band", "pot_band", "n").iter_rows()
    ]
    labels = [
        f"<b>{lab}</b><br>n={n}" + ("" if sh is None or sh != sh else f" ({sh:.0%})")
        for lab, n, sh in zip(
            [_wrap(render(f"box.{code}", lang)) for code in c["box_label"].to_list()],
            c["n"].to_list(),
            c["share"].to_list(),
        )
    ]
    # white on the dark cells (the fullest): dark text there could not be read
    inks = ["white" if n / top > 0.55 else "#111" for n in c["n"].to_list()]
    # the labels are annotations, not the markers' text: a click selects a cell, and Plotly
    # fades the text of every unselected point to near-invisible (rev19b minor 12)
    notes = [
        dict(x=x, y=y, text=label, showarrow=False, font=dict(size=11, color=ink), opacity=1)
        for x, y, label, ink in zip(c["perf_band"].to_list(), c["pot_band"].to_list(), labels, inks)
    ]
    fig.update_layout(shapes=shapes, annotations=notes)
    fig.add_trace(
        dict(
            type="scatter",
            x=c["perf_band"].to_list(),
            y=c["pot_band"].to_list(),
            mode="markers",
            marker=dict(symbol="square", size=60, color="rgba(0,0,0,0)"),
            # a selection changes nothing drawn (the markers are transparent)
            selected=dict(marker=dict(opacity=1)),
            unselected=dict(marker=dict(opacity=1)),
            hovertext=labels,
            customdata=c["box"].to_list(),
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    )
    axis = dict(
        tickvals=[0, 1, 2], ticktext=names, range=[-0.5, 2.5], showgrid=False, zeroline=False
    )
    # the axis title's parenthesis on a second line: at 1280 px it ran past the chart's edge
    perf = _title(render("fig.performance_axis", lang), room=20)[0]
    relaid_axes(fig, "x", **axis, title=perf)
    relaid_axes(fig, "y", **axis, title=render("fig.potential_axis", lang))
    fig = _layout(fig, render("fig.nine_box_print" if printed else "fig.nine_box", lang), 440)
    return _room(fig, left=names, bottom=names)


def person_history(ratings: pl.DataFrame, lang: str, unit: Unit | None = None) -> go.Figure:
    """One person's mean score per cycle and source (in ``unit``'s points when the scores
    share one scale, :mod:`analytics.findings.units`), its dimensions weighted as the score
    weighs them (a dimension of weight 0 is no part of it: rev24a item 3)."""
    ratings = convert(ratings, unit)
    d = _digits(unit)
    agg = (
        dimension_weighted_means(ratings, ["cycle_id", "cycle_order", "rater_role"])
        .rename({"score": "mean"})
        .sort("cycle_order")
    )
    # every cycle in its order: Plotly orders categories as the traces first name them, so a
    # cycle without self ratings went to the end and the manager's line doubled back (rev23b)
    order = agg.sort("cycle_order", "cycle_id")["cycle_id"].unique(maintain_order=True)
    every = order.to_frame()
    fig = go.Figure()
    for role in ("self", "manager", "peer", "skip_level", "subordinate"):
        g = agg.filter(pl.col("rater_role") == role)
        if g.height:
            # a cycle without this source (or hidden: fewer than k peers) is a gap in its line,
            # not a straight line across it that read as values there (rev35 finding 3)
            g = every.join(g, on="cycle_id", how="left", maintain_order="left")
            fig.add_trace(
                dict(
                    type="scatter",
                    x=g["cycle_id"].to_list(),
                    y=g["mean"].to_list(),
                    name=render(f"role.{role}", lang),
                    mode="lines+markers",
                    marker=dict(color=COLORS[role]),
                    customdata=g["n"].to_list(),
                    hovertemplate=f"%{{x}}: %{{y:.{d}f}} (n=%{{customdata}})<extra></extra>",
                    connectgaps=False,
                )
            )
    relaid_axes(fig, "y", title=_scored("fig.mean_score", lang, unit))
    if unit is None or not unit.mixed:  # the scale's own range: one 5 drew 4-6 (rev30b 13)
        lo, hi = (unit.lo, unit.hi) if unit is not None else (0.0, 1.0)
        relaid_axes(fig, "y", range=[lo - 0.04 * (hi - lo), hi + 0.04 * (hi - lo)])
    cycle_axis(fig, order.to_list(), lang)
    return _room(_layout(fig, render("fig.person_history", lang)))


def log_range(values: pl.Series, ticks: list[int]) -> list[float] | None:
    """A log axis' range (log10 ends) from the tick at or below the smallest of ``values`` to
    the one at or above the largest, a little beyond, where fewer than two of ``ticks`` lie
    among the values; None (Plotly's own) otherwise. Why (rev33b nit 8): two raters of 12 and
    17 ratings drew an axis from 11.6 to 17.5 with none of the ticks 5, 10, 20, 50 on it."""
    v = values.drop_nulls().cast(pl.Float64)
    v = v.filter(v > 0)
    if v.len() == 0:
        return None
    lo, hi = float(v.min()), float(v.max())
    if sum(lo <= x <= hi for x in ticks) >= 2:
        return None
    below = max((x for x in ticks if x <= lo), default=lo)
    above = min((x for x in ticks if x >= hi), default=hi)
    return [math.log10(below) - 0.05, math.log10(above) + 0.05]


def log_ticks(values: pl.Series) -> list[int]:
    """Tick values 1, 2, 5 x 10^k covering ``values`` (counts on a log axis), each printed in
    full; at most about ten of them."""
    v = values.drop_nulls().cast(pl.Float64)
    v = v.filter(v > 0)
    if v.len() == 0:
        return [1, 10, 100]
    lo, hi = float(v.min()), float(v.max())
    ticks = [m * 10**k for k in range(0, 10) for m in (1, 2, 5)]
    inside = [x for x in ticks if lo / 2 <= x <= hi * 2]
    if len(inside) > 10:  # a wide range: the powers of ten only
        inside = [x for x in inside if str(x).startswith("1")]
    return inside or [x for x in ticks if x <= hi * 10][-2:]


def kpi_driver_bars(drivers: pl.DataFrame, lang: str) -> go.Figure:
    """Contribution of each weighted KPI to the change of weighted attainment."""
    d = drivers.sort("to_cycle")
    fig = go.Figure()
    for kpi in d["kpi"].unique().sort().to_list():
        g = d.filter(pl.col("kpi") == kpi)
        fig.add_trace(
            dict(
                type="bar",
                x=[g["dept"].to_list(), g["to_cycle"].to_list()],
                # percentage points of weighted attainment (the axis says so), not -0.077
                y=(g["contribution"] * 100).to_list(),
                name=kpi,
                hovertemplate="%{y:+.1f}<extra>%{fullData.name}</extra>",
            )
        )
    relaid_axes(fig, "y", title=render("fig.kpi_axis", lang))
    _layout(fig, render("fig.kpi_drivers", lang), 460)
    # the department / cycle labels take the space under the bars: the legend goes right
    relaid(fig, barmode="relative", legend=dict(orientation="v", x=1.01, y=1))
    # the labels' room up front, unturned (a chart too narrow for them turns them and pushes),
    # the y axis' by the range Plotly's autorange makes of the stacked bars
    ends = _stack_ends([c for t in fig.data for c in zip(*t.x)], [v for t in fig.data for v in t.y])
    b = _two_level_room(12, [cycle for _dept, cycle in {c for t in fig.data for c in zip(*t.x)}])
    length = fig.layout.height - fig.layout.margin.t - b
    span = _bar_range(ends, length)
    # signed ticks with the decimals their step needs: "+.0f" on a range of 1.5 points read
    # "−1, −1, −0, −0, +0" (rev24b)
    fmt = f"+.{step_decimals(tick_step(*span, length))}f" if span[1] > span[0] else "+.0f"
    relaid_axes(fig, "y", tickformat=fmt)
    labels = auto_ticks(*span, length, fmt)
    return _fit(fig, l=_y_room(labels, fig.layout.yaxis.title.text), b=b)


def report_figures(findings: Findings, lang: str) -> list[go.Figure]:
    """The key charts of the printable report."""
    s, unit = findings.sections, findings.unit
    figs = []
    if "distribution" in s and s["distribution"].height:
        cells = s["distribution"].select("unit", "cycle_id", "n", "mean", "small_n")
        figs.append(heatmap(cells, lang, unit))
    if "raters" in s and s["raters"]["effect"].is_not_null().any():  # no effect: no empty chart
        figs.append(rater_effects_chart(s["raters"], lang, unit, webgl=False))  # printable
    if "nine_box_counts" in s and s["nine_box_counts"].height:
        figs.append(nine_box_grid(s["nine_box_counts"], lang, printed=True))
    if "attribution" in s and s["attribution"].height:
        figs.append(
            attribution_bars(
                s["attribution"], lang, unit, findings.cycle_units, s.get("department_shifts")
            )
        )
    return figs
