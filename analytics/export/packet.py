"""The calibration packet: a printable A4-landscape document per scope.

A cover with the scope, its counts and the headline findings in sentences, then one section
per topic, each from a new page but the first, which follows a short cover on its page (a
cover of five lines alone on page 1 read as a blank page: rev22 nit 15): a static chart where one says more than a table, and a table of the rows the
meeting discusses (the flagged raters, the departments off the guideline, the first of each
list) with the columns that fit the page. Everything else is in the workbook, and each table
says how many rows it leaves out.

``to_packet_html`` writes the HTML (self-contained: Plotly inlined once); ``to_pdf`` prints it
with headless Chromium (Playwright), as a browser would.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from analytics import schema as S
from analytics.export.cells import cycle_names_line, html_table, without_empty_columns
from analytics.export.pdftext import unified_text_layer
from analytics.export.rows import kept_words, left_out_for_role
from analytics.findings.headlines import (
    guideline_counts,
    headlines,
    last_part,
    potential_lines,
    rater_status_lines,
    section_title,
    whole_scope_name,
)
from analytics.findings.names import with_names
from analytics.findings.report import Findings
from analytics.findings.sections import GUIDELINE_READ_COLUMNS, with_excess_intervals
from analytics.findings.stories import (
    blank_reasons,
    joint_pairs,
    material_shift,
    rater_change_sentences,
    scope_shift_lines,
    shift_sentences,
    team_shift_sentences,
)
from analytics.findings.units import Unit, convert, scale_break_words
from analytics.stats.attribution import AGAINST_COLUMNS
from analytics.stats.links import team_gap_order
from analytics.text import render, render_column

__all__ = [
    "CHROMIUM_ENV",
    "FEW_BARS",
    "HEAT_PAGE_HEIGHT",
    "HEAT_PAGE_ROWS",
    "LONG_ROWS",
    "PACKET",
    "PRINT_SECONDS",
    "PRINT_SECONDS_PER_MB",
    "SMALL_CHART",
    "TEAM_COLUMNS",
    "PrintFailed",
    "Topic",
    "bar_groups",
    "chart_size",
    "cover_lines",
    "heat_pages",
    "moves_differ",
    "pdf_bytes",
    "print_timeout_s",
    "rater_teams",
    "scope_shift_words",
    "to_packet_html",
    "to_pdf",
]

#: the Chromium the PDF is printed with (Debian's by default; Playwright's own download does
#: not work everywhere)
CHROMIUM_ENV = "PERFLENS_CHROMIUM"
_CHROMIUM_DEFAULT = "/usr/bin/chromium"


@dataclass(frozen=True)
class Topic:
    """One section of the packet: which findings section, its columns, which rows first, and
    how many fit."""

    section: str
    columns: tuple[str, ...]
    rows: int = 15
    keep: str | tuple[str, ...] | None = None  # the columns that keep a row, see _rows
    sort: str | None = None
    descending: bool = True
    by_size: bool = False  # sort by the absolute value of ``sort``
    #: a list column of cautions (the ranking's "rank not reliable", rev26a item 1): its rows
    #: printed below the first ``rows`` too, each marked, the sentences under the table
    mark: str | None = None


PACKET: tuple[Topic, ...] = (
    # the department or team as a whole above its units (rev30b item 1)
    Topic("guideline_scope", GUIDELINE_READ_COLUMNS),
    Topic(
        "guideline_units",
        GUIDELINE_READ_COLUMNS,  # each excess with its interval in words
        sort="people_to_move",
    ),
    Topic(
        "reliability",
        (
            "cycle_id",
            "measure",
            "value",
            "ci95_low",
            "ci95_high",
            "n_targets",
            "n_raters",
            "raters_per_person",
            "reason",  # why a value is blank: too few ratees (n=1), rev23a item 14
        ),
        rows=12,
    ),
    Topic(
        "raters",
        (
            "rater_id",
            "rater_name",
            "main_role",
            "n",
            "effect",
            "ci95_low",
            "ci95_high",
            "status",
            "flags",
            "fdr_flag",
            "pattern_reason",  # a central-tendency, halo or recency label's evidence (rev21 item 4)
        ),
        rows=20,
        keep=("flags", "fdr_flag"),
        sort="effect",
        by_size=True,
    ),
    Topic(  # managers against the anonymous peer panel: the flagged ones (stats.raters_panel)
        "rater_panel",
        ("rater_id", "rater_name", "n_ratees", "effect", "ci95_low", "ci95_high", "reason"),
        rows=20,
        keep="flag",
        sort="effect",
        by_size=True,
    ),
    Topic(
        "recheck",
        (
            "cycle_id",
            "employee_id",
            "name",
            "self",
            "manager",
            "peer",
            "gap_manager_peer",
            "gap_self_manager",
            "reasons",
        ),
        sort="max_gap",
    ),
    Topic(
        "department_shifts",
        (
            "from_cycle",
            "to_cycle",
            "dept",
            "n",
            "department",
            "ci95_low",
            "ci95_high",
            "p_holm",
            "rater_change_share",
        ),
        keep="significant",
        sort="department",
        by_size=True,
    ),
    Topic(  # a team whose manager changed against its department's others (rev32b item 1)
        "manager_changes",
        (
            "from_cycle",
            "to_cycle",
            "dept",
            "department_path",
            "manager_from",
            "manager_to",
            "n",
            "mean_change",
            "diff_vs_stable",
            "ci95_low",
            "ci95_high",
            "reason",
        ),
        rows=10,
        keep="apart",  # the interval leaves out 0 (:func:`_apart`), as the teams' table
        sort="diff_vs_stable",
        by_size=True,
    ),
    Topic(  # who rose or fell against their department's shift (rev27a item 1)
        "against_trend",
        ("employee_id", "name", *AGAINST_COLUMNS[1:]),  # the page's, named
        rows=20,
        sort="individual",
        by_size=True,
    ),
    Topic(
        "high_potential",
        ("rank", "employee_id", "name", "box_label", "composite", "n_cycles", "caution", "reasons"),
        rows=20,
        sort="rank",
        descending=False,
        mark="caution",
    ),
    Topic(
        "hidden_strengths",
        ("employee_id", "name", "latest_cycle", "latest_raw", "latest_adjusted", "reasons"),
        rows=10,
    ),
    Topic(
        "decliners",
        ("employee_id", "name", "first_cycle", "latest_cycle", "slope", "net_change", "reasons"),
        rows=10,
        sort="slope",
        descending=False,
    ),
    Topic(
        "risers",
        ("employee_id", "name", "first_cycle", "latest_cycle", "slope", "net_change", "reasons"),
        rows=10,
        sort="slope",
        descending=True,
    ),
)

_STYLE = """
@page { size: A4 landscape; margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; color: #222;
       font-size: 10.5px; margin: 0; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 16px; margin: 0 0 6px; border-bottom: 2px solid #1f77b4; padding-bottom: 2px; }
section { margin-top: 18px; }
section, .lead { break-inside: avoid; }
section.long { break-inside: auto; }
.lead { break-after: avoid; }
.lead.free { break-after: auto; }
h2 { break-after: avoid; }
.cover .scope { font-size: 15px; color: #444; margin: 4px 0 6px; }
.cover ul { font-size: 13px; line-height: 1.45; margin: 6px 0; }
.counts { display: flex; gap: 28px; margin: 10px 0 16px; }
.counts div { font-size: 11px; color: #555; } .counts b { display: block; font-size: 20px; color: #222; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 4px 0 6px; }
th, td { border: 1px solid #ccc; padding: 2px 4px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #e8eef7; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
.more, .note { color: #777; font-size: 10px; }
.chart { width: 1000px; height: 330px; break-inside: avoid; }
.story { font-size: 11.5px; line-height: 1.6; }
"""


def _rows(frame: pl.DataFrame, topic: Topic) -> pl.DataFrame:
    """The rows the meeting discusses first: kept by the topic's filter columns (any of them
    true, a non-empty list, or another value that is not null), sorted, cut to the topic's
    length by the caller."""
    keep = (topic.keep,) if isinstance(topic.keep, str) else topic.keep or ()
    conds = []
    for name in (c for c in keep if c in frame.columns):
        col, dtype = pl.col(name), frame.schema[name]
        if isinstance(dtype, pl.List):
            conds.append(col.list.len() > 0)
        elif dtype == pl.Boolean:
            conds.append(col.fill_null(False))
        else:
            conds.append(col.is_not_null())
    if conds:
        frame = frame.filter(pl.any_horizontal(conds))
    if topic.sort and topic.sort in frame.columns:
        key = pl.col(topic.sort).abs() if topic.by_size else pl.col(topic.sort)
        frame = frame.sort(key, descending=topic.descending, nulls_last=True)
    return frame


def _table(
    frame: pl.DataFrame,
    topic: Topic,
    lang: str,
    names: pl.DataFrame | None,
    unit: Unit | None = None,
) -> str:
    if frame.height == 0:
        return f"<p class='note'>{html.escape(render('packet.none', lang))}</p>"
    named = with_excess_intervals(with_names(frame, names))  # no bounds: unchanged
    shown = _rows(named, topic)
    if shown.height == 0:  # not an empty table ("—") over a note on rows not there (rev19c M2)
        return (
            f"<p class='note'>{html.escape(render('packet.none_kept', lang, n=frame.height))}</p>"
        )
    cols = [c for c in topic.columns if c in shown.columns]
    rows, notes = _marked(shown, topic, lang, unit)
    # the rows printed: a column empty in all of them (a grade no unit uses) left out
    printed = without_empty_columns(rows.select(cols))
    table = html_table(printed, lang, limit=printed.height, more=False, unit=unit)
    table += "".join(f"<p class='note'>{html.escape(x)}</p>" for x in notes)
    left = shown.height - printed.height
    kept = (
        "" if shown.height == frame.height else " " + render("packet.of_all", lang, n=frame.height)
    )
    beyond = printed.height - min(shown.height, topic.rows)
    note = render("packet.more", lang, n=left) if left > 0 else ""
    if beyond > 0:
        # (the English sentence ends in a space before the next one)
        note = (render("packet.marked_beyond", lang, rows=topic.rows, n=beyond) + note).rstrip()
    return table + (f"<p class='more'>{html.escape(note + kept)}</p>" if note or kept else "")


def _marked(
    shown: pl.DataFrame, topic: Topic, lang: str, unit: Unit | None
) -> tuple[pl.DataFrame, list[str]]:
    """The rows printed of ``shown`` (sorted) and the notes under them. Of a topic with a
    :attr:`Topic.mark` column (the ranking's cautions): the first rows and every row further
    down with a caution, as the page marks them (the packet printed ranks 4, 14, 20 without the
    "名次不可靠" the page, its CSV and the workbook carry: rev26a item 1), the column a short
    mark ("名次不可靠，见注1") and each distinct sentence once, numbered, under the table."""
    col = topic.mark
    if col is None or col not in shown.columns:
        return shown.head(topic.rows), []
    flagged = pl.col(col).list.len().fill_null(0) > 0
    rows = shown.with_row_index("_at").filter((pl.col("_at") < topic.rows) | flagged).drop("_at")
    sep = render("common.sep", lang)
    said = [
        sep.join(w) if w is not None and len(w) else None
        for w in render_column(convert(rows, unit)[col], lang, "reason").to_list()
    ]
    sentences = list(dict.fromkeys(x for x in said if x))
    marks = [
        render("packet.caution_mark", lang, k=sentences.index(x) + 1) if x else None for x in said
    ]
    notes = [
        render("packet.caution_note", lang, k=k, text=x) for k, x in enumerate(sentences, start=1)
    ]
    return rows.with_columns(pl.Series(col, marks, pl.String)), notes


#: the printed height of a chart, CSS px; of each panel of a chart of several (they share
#: one title and legend), so that two fit on a page under the section's heading
CHART_HEIGHT = 330
PANEL_HEIGHT = 290


#: the tallest a heat map is printed, CSS px (a page's height under a section heading), and
#: the rows of units that fit in it (:func:`analytics.export.figures.heatmap`: 110 px and 44 a
#: row); a longer grid is printed in parts of that many rows, each kept whole on a page.
#: Why (rev32b item 4): Engineering's 13 teams were squeezed into the 330 px of 4 rows, every
#: other label skipped and values hidden under their neighbours
HEAT_PAGE_HEIGHT = 640
HEAT_PAGE_ROWS = (HEAT_PAGE_HEIGHT - 110) // 44


def _panels(fig) -> int:
    """How many panels stacked in ``fig`` (y axes that overlay no other)."""
    layout = fig.layout.to_plotly_json()
    return max(
        1, sum(1 for k, v in layout.items() if k.startswith("yaxis") and not v.get("overlaying"))
    )


def _height(fig) -> int:
    """The printed height of ``fig``: :data:`CHART_HEIGHT`, or :data:`PANEL_HEIGHT` a panel;
    a chart that asks for less keeps its own (a heat map of a department's two teams: the
    table under it then follows the cover on page 1, rev22 nit 15)."""
    from analytics.export.figures import is_grid

    panels = _panels(fig)
    own = fig.layout.height or CHART_HEIGHT
    if is_grid(fig):  # a heat map: as tall as its rows
        return min(own, HEAT_PAGE_HEIGHT)
    return min(CHART_HEIGHT, own) if panels == 1 else PANEL_HEIGHT * panels


#: a bar chart of at most this many groups of bars is printed at :data:`SMALL_CHART`
FEW_BARS = 2
#: the printed width and height of a chart of :data:`FEW_BARS` groups, CSS px: the 销售中心
#: packet of one cycle drew its one department's one change as one bar 1000 px wide and
#: 330 px high, which did not fit under its table (the page before it half empty, issue 19
#: item 4); this one fits beside the rest on the page
SMALL_CHART = (560, 230)


def bar_groups(fig) -> int | None:
    """How many groups of bars a one-panel bar chart draws (the categories of its x axis);
    None for any other chart."""
    if _panels(fig) != 1 or not fig.data or any(t.type != "bar" for t in fig.data):
        return None
    groups: set = set()
    for trace in fig.data:
        x = trace.x if trace.x is not None else ()
        groups |= set(zip(*x)) if x and isinstance(x[0], (list, tuple)) else set(x)
    return len(groups)


def chart_size(fig) -> tuple[int, int]:
    """The printed (width, height) of ``fig``: :data:`SMALL_CHART` for a bar chart of
    :data:`FEW_BARS` groups or fewer, else the page's width and :func:`_height`."""
    few = bar_groups(fig)
    return SMALL_CHART if few is not None and few <= FEW_BARS else (1000, _height(fig))


def _chart(fig, first: bool) -> str:
    """``fig`` as a static chart (:func:`chart_size`): two panels squeezed into one panel's
    height ran the department names into the bars below them (rev19e minor 10)."""
    import plotly.io as pio

    width, height = chart_size(fig)
    fig.update_layout(width=width, height=height, margin=dict(l=10, r=10, t=40, b=10))
    if width < 1000:  # narrow: the legend beside the bars, not over the title
        fig.update_layout(legend=dict(orientation="v", x=1.02, y=1, xanchor="left", yanchor="top"))
    return pio.to_html(
        fig,
        include_plotlyjs=first,
        full_html=False,
        config={"displayModeBar": False, "staticPlot": True},
        default_width=f"{width}px",
        default_height=f"{height}px",
    )


def _charts(findings: Findings, lang: str) -> dict[str, object]:
    """The static charts by the packet section they illustrate."""
    from analytics.export import figures

    s = findings.sections
    out: dict[str, object] = {}
    if (heat := _heat_company(findings)) is not None:  # every cycle against the company
        out["guideline_units"] = heat_pages(heat, lang, findings.unit)
    elif _heat_cycles(findings) > 1:  # one column of cells all one colour says nothing
        cells = s["distribution"].select("unit", "cycle_id", "n", "mean", "small_n")
        out["guideline_units"] = heat_pages(cells, lang, findings.unit)
    raters = s.get("raters")  # none of a dataset of results only: no column either
    if raters is not None and "effect" in raters.columns and raters["effect"].is_not_null().any():
        out["raters"] = figures.rater_effects_chart(
            with_names(s["raters"], findings.names), lang, findings.unit, webgl=False
        )  # printed: SVG, whatever the number of raters
    if "attribution" in s and s["attribution"].height:
        out["department_shifts"] = figures.attribution_bars(
            s["attribution"], lang, findings.unit, findings.cycle_units, s.get("department_shifts")
        )
    boxes = s.get("nine_box_counts")
    if boxes is not None and boxes.height and int(boxes["n"].sum() or 0):  # nobody: no grid
        out["high_potential"] = figures.nine_box_grid(boxes, lang, printed=True)
    return out


def heat_pages(cells: pl.DataFrame, lang: str, unit: Unit | None) -> list:
    """The heat map of ``cells`` as printed: one figure, or one per :data:`HEAT_PAGE_ROWS`
    units of a longer grid (in the grid's order, on the whole grid's colours)."""
    from analytics.export import figures

    units = sorted(cells["unit"].unique().drop_nulls().to_list(), key=S.natural_key)
    if cells["unit"].null_count():
        units.insert(0, None)
    if len(units) <= HEAT_PAGE_ROWS:
        return [figures.heatmap(cells, lang, unit)]
    k = -(-len(units) // HEAT_PAGE_ROWS)  # parts of even size: 13 rows as 7 + 6, not 12 + 1
    size = -(-len(units) // k)
    parts = [units[i : i + size] for i in range(0, len(units), size)]
    return [figures.heatmap(cells, lang, unit, part=p) for p in parts]


def _apart(frame: pl.DataFrame | None) -> pl.DataFrame | None:
    """``frame`` with ``apart`` (its 95% interval leaves out 0) where it has an interval of a
    difference and no such column: the manager changes the meeting discusses."""
    if frame is None or "apart" in frame.columns or "diff_vs_stable" not in frame.columns:
        return frame
    return frame.with_columns(apart=(pl.col("ci95_low") > 0) | (pl.col("ci95_high") < 0))


def _figs(chart) -> list:
    """A section's chart as a list of figures (a long heat map is several, :func:`heat_pages`)."""
    return list(chart) if isinstance(chart, list) else [chart]


def _heat_company(findings: Findings) -> pl.DataFrame | None:
    """A department's packet of one cycle: its units and itself in every cycle against the
    company's mean of the cycle (``Findings.heat_company``), when that spans two cycles or
    more (rev26a item 5: the one cycle's column, centred on its own mean, hid the -5.3)."""
    heat = findings.heat_company
    if _heat_cycles(findings) != 1 or heat is None or heat["cycle_id"].n_unique() < 2:
        return None
    return heat


def _heat_cycles(findings: Findings) -> int:
    """The cycles of the unit x cycle heat map. The 销售中心 packet of one cycle drew one
    column of cells all near the colour of their own mean ("颜色以平均 73.2 为中心"): the
    department's -5.3 invisible (rev26a item 5); with one cycle the packet says so instead."""
    dist = findings.sections.get("distribution")
    if dist is None or not dist.height or "cycle_id" not in dist.columns:
        return 0
    return dist["cycle_id"].n_unique()


def _stories(findings: Findings) -> pl.DataFrame:
    """The department-shift sentences of the cover and the shifts' section."""
    s = findings.sections
    return shift_sentences(
        s.get("department_shifts", pl.DataFrame()),
        s.get("attribution", pl.DataFrame()),
        s.get("kpi_drivers"),
        findings.unit,
        findings.cycle_units,
    )


def cover_lines(
    findings: Findings, lang: str = "zh", stories: pl.DataFrame | None = None
) -> list[str]:
    """The headline sentences that open the packet (the overview's headlines, then the three
    largest department shifts): one list, so the workbook's summary sheet says the same."""
    stories = _stories(findings) if stories is None else stories
    name = whole_scope_name(findings.scope)
    # a scope of results only: no headline of a section it cannot have ("0 名高潜员工候选（名单
    # 取本范围 0 人中…）", session 45 G item 3)
    sections = {k: v for k, v in findings.sections.items() if k not in findings.needs_ratings}
    if (against := sections.get("against_trend")) is not None and against.height:
        sections["against_trend"] = with_names(against, findings.names)  # by name, as the page
    found = headlines(
        sections,
        findings.unit,
        name,
        findings.whole_grades,
        names=findings.names,
        unset=findings.guideline_unset,
        units=findings.unit_kind,
        cycle_units=findings.cycle_units,  # a pair on one scale: its points (s44 A 14)
    )
    lines = [render(h.code, lang, **h.params) for h in found]
    lines += scope_shift_words(findings, lang)  # beside the guideline's moves (rev24a item 4)
    if stories.height:
        lines += render_column(stories["story"].head(3), lang, "story").to_list()
    lines += _team_lines(findings, lang)[:2]  # two: the cover fits one page with the 逆势 line
    # a pseudonymised view: who is left out and what its rows carry coarser (rev27b 1, 2)
    return lines + [render(code, lang, **params) for code, params in findings.privacy_notes]


def scope_shift_words(findings: Findings, lang: str) -> list[str]:
    """A department scope's own shift against the rest of the company in the scope's cycle
    (``stories.scope_shift_lines``), read from ``findings.scope_shifts`` (every cycle's fit)
    or, for a scope of every cycle, its own ``department_shifts``; nothing for the company."""
    if not findings.scope.department:
        return []
    lines = _scope_shift_rows(findings)
    if not lines.height:
        return []
    out = []
    for said, (a, b) in zip(
        render_column(lines["line"], lang, "reason").to_list(),
        lines.select("from_cycle", "to_cycle").rows(),
        strict=True,
    ):  # a shift across a change of scale: its caveat, as the meeting and attribution say it
        words = scale_break_words(findings.cycle_units, a, b, lang)
        out += (
            [said] if words is None else [said, render("attr.waterfall_scale_break", lang, **words)]
        )
    return out


def _scope_shift_rows(findings: Findings) -> pl.DataFrame:
    """:func:`scope_shift_words`' rows (``stories.scope_shift_lines``) of a department scope."""
    shifts = findings.scope_shifts
    if shifts is None:
        shifts = findings.sections.get("department_shifts")
    return scope_shift_lines(shifts, findings.scope.cycles, findings.unit, findings.cycle_units)


def _shift_notes(findings: Findings, shifts: pl.DataFrame, lang: str) -> list[str]:
    """The department shifts' notes: what counts as material, and the cycle pairs whose company
    and department environment cannot be separated, once per pair (left30 item 3)."""
    said = [render("attr.shift_limits", lang, **material_shift(findings.unit, shifts))]
    if joint := joint_pairs(shifts):
        said.append(render("attr.environment_joint_pairs", lang, **joint))
    return said


def _beside_moves(guideline: pl.DataFrame | None) -> bool:
    """Whether the scope's own shift is said in the guideline's section, beside its moves
    (rev24a item 4): where that section has rows to move. Without (no guideline saved yet:
    "Nothing of this kind in this scope"), the shift is said under the department shifts, not
    as the guideline fit's only paragraph (rev33b nit 5)."""
    return guideline is not None and guideline.height > 0


def _shift_own(
    findings: Findings, shifts: pl.DataFrame, guideline: pl.DataFrame | None, lang: str
) -> list[str]:
    """The department-shift section's lines on the scope's own shift: where the guideline's
    section says it (:func:`_beside_moves`), a reference to it when no unit of the scope moved
    (:func:`_shift_see_above`); else the shift's own words (:func:`scope_shift_words`)."""
    if not _beside_moves(guideline):
        return scope_shift_words(findings, lang)
    above = _shift_see_above(findings, lang) if shifts.height == 0 else None
    return [above] if above else []


def _shift_see_above(findings: Findings, lang: str) -> str | None:
    """Under the department shifts of a department scope with none of its own units moving:
    the department's own shift, stated above beside the guideline's moves, referred to, not
    "nothing of this kind" two paragraphs after it (rev25a item 7)."""
    if not findings.scope.department:
        return None
    rows = _scope_shift_rows(findings)
    if not rows.height or "significant" not in rows.columns:
        return None
    moved = rows.filter(pl.col("significant"))
    if not moved.height:
        return None
    r = moved.row(0, named=True)
    where = section_title("guideline_units", findings.sections, lang)
    return render(
        "packet.shift_see_above",
        lang,
        dept=r["dept"],
        from_cycle=r["from_cycle"],
        to_cycle=r["to_cycle"],
        where=where,
    )


def moves_differ(findings: Findings, fit: pl.DataFrame, lang: str) -> str | None:
    """Why a department's packet says "N to move" and its meeting another number (rev25a
    item 7: 销售中心 87 here, 90 at the meeting): here the sum of what each of its units would
    move on its own, counting their people with a score and a grade; the meeting takes every
    graded person of the department as one group. Nothing for the company or no units off."""
    if not findings.scope.department or fit.is_empty() or "significant" not in fit.columns:
        return None
    if set(fit["unit"].to_list()) == {findings.scope.department}:  # no teams: it is its unit
        return None  # (it said "1 个偏离的下级团队", the department called a team below it)
    off = guideline_counts(fit, findings.unit_kind)
    if not off["n"]:
        return None
    return render(
        "packet.moves_differ",
        lang,
        moves=off["moves"],
        units=off["n"],
        people=off["people"],
        dept=last_part(findings.scope.department),
        kind=off["kind"],
    )


def _team_lines(findings: Findings, lang: str) -> list[str]:
    """One sentence per sub-department that moved as a team (rev19c M2: a team's -9.5 points
    had no sentence on the cover nor in the shifts' section)."""
    teams = team_shift_sentences(
        findings.sections.get("team_shifts"), findings.unit, findings.cycle_units
    )
    return render_column(teams["story"], lang, "story").to_list() if teams.height else []


def _now() -> str:
    """The export's time, as the summary's ``generated_at`` is written (local, with offset)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _cycle_names(findings: Findings, lang: str) -> str:
    """A note under the cover's scope naming the cycles as the imported files did, where the
    packet's codes differ (rev26a item 9: 2026H1 for her 2026年上半年); nothing otherwise."""
    return "".join(
        f"<p class='note'>{html.escape(words)}</p>"
        for words in cycle_names_line(findings.cycle_labels, lang, "packet.cycle_names")
    )


def _cover(
    findings: Findings, stories: pl.DataFrame, lang: str, empty: list[str] | None = None
) -> str:
    """The cover page: scope, counts, what a scope of results only leaves out and why
    (:func:`_needs_ratings`), headline sentences, and the topics with nothing to discuss in
    this scope (named in one line rather than each given a page of its own)."""
    s = findings.sections
    summary = s.get("summary")
    row = summary.row(0, named=True) if summary is not None and summary.height else {}
    scope = render_column(summary["scope"], lang, "unit")[0] if row else findings.scope.label(lang)
    counts = "".join(
        f"<div>{html.escape(render(f'overview.{k}', lang))}<b>{row.get(k, 0):,}</b></div>"
        for k in ("employees", "raters", "ratings")
        if k in row
    )
    lines = cover_lines(findings, lang, stories)
    items = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
    generated = row.get("generated_at", "")
    return (
        "<div class='cover'>"
        f"<h1>{html.escape(render('report.title', lang))} · PerfLens</h1>"
        f"<div class='scope'>{html.escape(scope)}</div>{_cycle_names(findings, lang)}"
        # when it was made and what it holds, under the scope: a line left after the
        # headlines went to a page of its own in English (rev19d)
        # when the numbers were computed and when this file was made: "生成于 06:09" on a
        # file downloaded at 06:16 read as stale (rev21 item 11)
        f"<p class='note'>{html.escape(render('packet.cover_note', lang, at=generated, now=_now()))}</p>"
        f"<div class='counts'>{counts}</div>{_needs_ratings(findings, lang)}"
        f"<h2>{html.escape(render('overview.headlines', lang))}</h2><ul>{items}</ul>"
        + (
            f"<p class='note'>{html.escape(render('packet.nothing_here', lang, topics=empty))}</p>"
            if empty
            else ""
        )
        + "</div>"
    )


def _needs_ratings(findings: Findings, lang: str) -> str:
    """Under the cover's counts of a scope of results only: the packet's topics that need
    ratings by rater, named once with why (``packet.needs_ratings``); they get no page and are
    not among the topics with "nothing to discuss", which read as checked and clean."""
    topics = [
        section_title(t.section, findings.sections, lang)
        for t in PACKET
        if t.section in findings.needs_ratings and t.section not in _WHERE_IT_APPLIES
    ]
    if not topics:
        return ""
    words = render("packet.needs_ratings", lang, topics=topics)
    return f"<p class='story'>{html.escape(words)}</p>"


#: sections whose page says more than its table (sentences, status lines): kept when empty
_SAY_MORE = frozenset({"department_shifts", "high_potential", "raters"})
#: topics that apply to some data only (managers against an anonymous peer panel: where peers
#: are named, or absent, there is nothing to compare): without rows, not named on the cover
_WHERE_IT_APPLIES = frozenset({"rater_panel", "guideline_scope"})  # (a department or team only)


def _guideline_lines(findings: Findings, frame: pl.DataFrame, lang: str) -> list[str]:
    """The guideline section's sentences above its table: the scope's own shift beside the
    moves, where the meeting counts differently, and what the heat map's colours are (or why
    there is none)."""
    own = scope_shift_words(findings, lang) if _beside_moves(frame) else []
    body = [f"<p class='story'>{html.escape(x)}</p>" for x in own]
    if (words := _no_grades(frame, lang)) is not None:  # no grade recorded: as the page says
        body.append(f"<p class='story'>{html.escape(words)}</p>")
    if differ := moves_differ(findings, frame, lang):  # not the meeting's count
        body.append(f"<p class='note'>{html.escape(differ)}</p>")
    if _heat_company(findings) is not None:  # what its colours are
        words = render(
            "packet.heatmap_company",
            lang,
            cycle=findings.scope.cycles[0],
            dept=findings.scope.department,
        )
        body.append(f"<p class='note'>{html.escape(words)}</p>")
    elif _heat_cycles(findings) == 1:  # no heat map of one column: why, in a line
        cycle = findings.sections["distribution"]["cycle_id"][0]
        words = render("packet.heatmap_one_cycle", lang, cycle=cycle)
        body.append(f"<p class='note'>{html.escape(words)}</p>")
    return body


#: the raters who cannot be estimated named in the packet, each with why (the rest counted)
NAMED_NOT_ESTIMABLE = 12


def _rater_notes(findings: Findings, frame: pl.DataFrame, lang: str) -> list[str]:
    """The rater section's notes above its table: the raters the viewer's role is not shown,
    the status counts, and the raters who cannot be estimated by name with the reason. Why
    the names (rev29b item 3): the note says those raters "are listed with the reason", but
    the table keeps flagged rows only, so MF1, who alone rates all of Finance, was in no line
    of the packet while his standard is in every Finance score."""
    out = []
    role = left_out_for_role(findings, "raters")  # raters the role is not shown
    if role is not None:
        out.append(kept_words(role, lang, findings.sections)[2])
    out += [render(code, lang, **params) for code, params in rater_status_lines(frame)]
    if {"status", "status_reason"} <= set(frame.columns):
        rows = with_names(frame.filter(pl.col("status") == "not_estimable"), findings.names)
        shown = rows.head(NAMED_NOT_ESTIMABLE)
        why = render_column(shown["status_reason"], lang, "reason").to_list()
        names = shown["rater_name"] if "rater_name" in shown.columns else [None] * shown.height
        left, right, sep = ("（", "）", "；") if lang == "zh" else (" (", ")", "; ")
        items = [
            f"{rid}{f' {name}' if name else ''}{left}{reason}{right}"
            for rid, name, reason in zip(shown["rater_id"], names, why)
        ]
        if rows.height > shown.height:
            items.append(render("packet.not_estimable_more", lang, n=rows.height - shown.height))
        if items:
            out.append(render("packet.not_estimable_named", lang, raters=sep.join(items)))
    return [f"<p class='note'>{html.escape(x)}</p>" for x in out]


def _no_grades(fit: pl.DataFrame, lang: str) -> str | None:
    """The Distributions page's sentence where the guideline's cycle records no grade, and so
    the fit's grades are derived from the scores (``grade_source``); None where grades are
    recorded. Why (rev29b item 2): the packet showed a chi-square fit, "Finance top-grade
    excess 11.7%", on grades derived from scores while the page said there was nothing to
    compare; derived by the guideline's own shares, the company's fit is zero by construction
    and a unit's excess is its score level, which the heat map and the box plots show."""
    if fit.is_empty() or "grade_source" not in fit.columns:
        return None
    if not (fit.get_column("grade_source") == "derived").all():
        return None
    return render("dist.no_grades", lang, cycle=fit.get_column("cycle_id")[0])


def to_packet_html(findings: Findings, lang: str = "zh") -> str:
    """The packet as one self-contained HTML document that prints on A4 landscape."""
    if findings.withheld is not None:  # the small-scope rule: the scope and why, nothing else
        code, params = findings.withheld
        lines = (findings.scope.label(lang), render(code, lang, **params))
        return _document(
            [f"<section>{''.join(f'<p>{html.escape(x)}</p>' for x in lines)}</section>"], lang
        )
    charts = _charts(findings, lang)
    s = findings.sections
    stories = _stories(findings)  # on the cover and in the shifts' section
    empty = [  # a table with no rows and nothing else to say: named on the cover, no page
        topic.section
        for topic in PACKET
        if (frame := s.get(topic.section)) is not None
        and frame.height == 0
        and topic.section not in charts
        and topic.section not in _SAY_MORE
        and topic.section not in _WHERE_IT_APPLIES
        and topic.section not in findings.needs_ratings  # said apart, with why
    ]
    parts = [_cover(findings, stories, lang, [section_title(x, s, lang) for x in empty])]
    first_chart = True
    for topic in PACKET:
        frame = _apart(findings.sections.get(topic.section))
        if topic.section in _WHERE_IT_APPLIES and (frame is None or frame.height == 0):
            continue  # the comparison does not apply here: no page, no line on the cover
        if frame is None or topic.section in empty or topic.section in findings.needs_ratings:
            continue
        body = [f"<h2>{html.escape(section_title(topic.section, s, lang))}</h2>"]
        if topic.section == "department_shifts":
            body += (
                [
                    f"<p class='story'>{html.escape(x)}</p>"
                    for x in render_column(stories["story"].head(4), lang, "story").to_list()
                ]
                if stories.height
                else []
            )
            body += [f"<p class='story'>{html.escape(x)}</p>" for x in _team_lines(findings, lang)]
            moved = rater_change_sentences(frame, findings.unit, findings.cycle_units)
            body += (
                [
                    f"<p class='story'>{html.escape(x)}</p>"
                    for x in render_column(moved["reason"].head(4), lang, "reason").to_list()
                ]
                if moved.height
                else []
            )
            if findings.carried is not None:  # the change into the one cycle (rev27a 1)
                body.append(f"<p class='note'>{html.escape(_carried_words(findings, lang))}</p>")
            body += [
                f"<p class='note'>{html.escape(x)}</p>" for x in _shift_notes(findings, frame, lang)
            ]
            if own := _shift_own(findings, frame, s.get("guideline_units"), lang):
                body += [f"<p class='story'>{html.escape(x)}</p>" for x in own]
                if frame.height == 0:
                    parts.append(_section(body, False))  # not "nothing of this kind" below it
                    continue
            # what the table's company column is: the page's note (rev25b item 2)
            body.append(f"<p class='note'>{html.escape(render('attr.shifts_note', lang))}</p>")
        chart = ""
        if topic.section in charts:  # under the table: the rows to discuss first, and a
            chart = ""  # chart that does not fit under the cover does not leave page 1 half
            for fig in _figs(charts[topic.section]):  # empty (rev24a 12)
                wide, high = chart_size(fig)
                tall = f" style='width:{wide}px;height:{high}px'"
                chart += f"<div class='chart'{tall}>{_chart(fig, first_chart)}</div>"
                first_chart = False
        if topic.section == "against_trend" and findings.carried is not None:
            body.append(f"<p class='note'>{html.escape(_carried_words(findings, lang))}</p>")
        if topic.section == "high_potential":  # where potential comes from, or that it is not
            body += [
                f"<p class='note'>{html.escape(render(code, lang, **params))}</p>"
                for code, params in potential_lines(s.get("potential_check"))
            ]
        if topic.section == "guideline_units":  # the scope's own shift beside the moves
            body += _guideline_lines(findings, frame, lang)
            if _no_grades(frame, lang) is not None:  # as the page: no fit, a sentence says why
                parts.append(_section([*body, chart], bool(chart)))
                continue
        if topic.section == "reliability":  # a blank value said once, as /raters says it
            blank = blank_reasons(frame)  # (rev26a item 5: "α 0 0 没有人有两位…" as a row)
            body += [
                f"<p class='note'>{html.escape(render('raters.reliability_blank', lang, **b))}</p>"
                for b in blank
            ]
            frame = frame.filter(pl.col("value").is_not_null()) if blank else frame
            if not frame.height:  # every value blank: the sentences alone
                parts.append(_section(body, False))
                continue
        if topic.section == "raters":  # what can and cannot be said about the raters
            body += _rater_body(findings, frame, topic, lang)
        else:
            body.append(_table(frame, topic, lang, findings.names, findings.unit))
        body += [chart] if chart else []
        long = topic.section in charts or _rows(frame, topic).height > LONG_ROWS
        parts.append(_section(body, long))
    return _document(parts, lang)


#: the columns of the packet's table of teams against the rest of their department
TEAM_COLUMNS = (
    "rater_id",
    "rater_name",
    "team_diff",
    "team_ci95_low",
    "team_ci95_high",
    "team_people",
    "team_cycles",
)


def rater_teams(raters: pl.DataFrame) -> pl.DataFrame:
    """The managers whose team stands apart from the rest of its department (the interval of
    ``team_diff`` leaves out 0), in :func:`~analytics.stats.links.team_gap_order`: a
    manager-only design's rater finding, the rows the workbook keeps for it. Why (rev32b item
    1): the packet said "No row in this scope needs discussing" while the workbook kept Chris
    Thompson's team at +9.3 (3.9 to 14.6) and three others."""
    if not {"team_diff", "team_ci95_low", "team_ci95_high"} <= set(raters.columns):
        return raters.head(0)
    apart = (pl.col("team_ci95_low") > 0) | (pl.col("team_ci95_high") < 0)
    return team_gap_order(raters).filter(apart.fill_null(False))


def _rater_body(findings: Findings, frame: pl.DataFrame, topic: Topic, lang: str) -> list[str]:
    """The rater section under its heading: the notes, the flagged raters' table (or, where
    none is flagged but teams stand apart, a line saying so), the teams' table."""
    body = _rater_notes(findings, frame, lang)
    teams = rater_teams(frame)
    if teams.height and not _rows(frame, topic).height:  # not "nothing to discuss"
        words = render("packet.teams_below", lang, n=frame.height, k=teams.height)
        body.append(f"<p class='note'>{html.escape(words)}</p>")
    else:
        body.append(_table(frame, topic, lang, findings.names, findings.unit))
    return body + _team_table(teams, lang, findings)


def _team_table(teams: pl.DataFrame, lang: str, findings: Findings) -> list[str]:
    """The heading, note and table of :func:`rater_teams` (nothing when none stands apart)."""
    if not teams.height:
        return []
    topic = Topic("rater_teams", TEAM_COLUMNS, rows=20)
    return [
        f"<h3>{html.escape(render('raters.team_means', lang))}</h3>",
        f"<p class='note'>{html.escape(render('raters.team_means_note', lang))}</p>",
        _table(teams, topic, lang, findings.names, findings.unit),
    ]


def _carried_words(findings: Findings, lang: str) -> str:
    """Which change a one-cycle packet's attribution is (``findings.carried``)."""
    assert findings.carried is not None
    start, end = findings.carried
    return render("packet.carried", lang, from_cycle=start, to_cycle=end)


def _document(parts: list[str], lang: str) -> str:
    """The packet's HTML document around its ``parts`` (the cover, the sections)."""
    title = html.escape(render("report.title", lang))
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
        f"<meta charset='utf-8'><title>{title}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


#: a topic of more printed rows than this may break across pages (its rows do not)
LONG_ROWS = 8


def _section(body: list[str], long: bool) -> str:
    """One topic: its heading and what follows. Topics flow one after another, none forced
    onto a page of its own (pages 2 and 3 of a department's packet held three table rows and
    one line, rev24a item 12); a short topic is kept whole on one page, a long one (a chart, a
    table of more than :data:`LONG_ROWS` rows) may break, its heading kept with the first
    block under it and that block with what follows."""
    if not long:
        return f"<section>{''.join(body)}</section>"
    # a chart right after the lead need not follow it onto the next page: the heading and its
    # table flow on under the cover, the chart (kept whole) goes where it fits (the company
    # packet's first page was two-thirds empty, rev27a item 7)
    free = len(body) > 2 and body[2].startswith("<div class='chart'")
    lead = f"<div class='lead{' free' if free else ''}'>{''.join(body[:2])}</div>"
    return f"<section class='long'>{lead}{''.join(body[2:])}</section>"


#: the print's time limit: this many seconds for any packet, plus
#: :data:`PRINT_SECONDS_PER_MB` per MB of its HTML (Plotly, about 4.8 MB, is in every one)
PRINT_SECONDS = 120
PRINT_SECONDS_PER_MB = 30


class PrintFailed(RuntimeError):
    """The packet could not be printed to PDF; the message says why and what to do, in the
    packet's language (the download's failure note shows its first line)."""


def print_timeout_s(html_text: str) -> float:
    """Seconds allowed to start Chromium and to load the packet's HTML (each): Playwright's
    fixed 30 s failed the 4.9 MB company packet of a 900-person company on a busy machine
    (rev32a finding 1; it loads in 3-15 s at a load average of 1-20)."""
    return PRINT_SECONDS + PRINT_SECONDS_PER_MB * len(html_text.encode("utf-8")) / 1e6


def pdf_bytes(html_text: str, lang: str = "en") -> bytes:
    """The packet printed to PDF by headless Chromium (``$PERFLENS_CHROMIUM``, default Debian's
    ``/usr/bin/chromium``): A4 landscape, backgrounds kept, the CSS page size honoured. Start
    and load each have :func:`print_timeout_s`; a failure raises :class:`PrintFailed` worded
    in ``lang``. Its text layer reads 心 and 门, not the radicals ⼼ and ⻔ Chromium names the
    glyphs by (:func:`~analytics.export.pdftext.unified_text_layer`), so a search finds them."""
    import tempfile

    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    exe = os.environ.get(CHROMIUM_ENV, _CHROMIUM_DEFAULT)
    if not Path(exe).exists():
        raise FileNotFoundError(render("packet.no_chromium", "en", path=exe))
    limit = print_timeout_s(html_text)
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "packet.html"
        page_file.write_text(html_text, encoding="utf-8")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=exe,
                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                    timeout=limit * 1000,
                )
                try:
                    page = browser.new_page()
                    page.set_default_timeout(limit * 1000)
                    page.goto(page_file.as_uri(), wait_until="load", timeout=limit * 1000)
                    page.emulate_media(media="print")
                    printed = page.pdf(
                        format="A4",
                        landscape=True,
                        print_background=True,
                        prefer_css_page_size=True,
                    )
                finally:
                    browser.close()
        except PlaywrightTimeout as exc:
            raise PrintFailed(render("packet.print_timeout", lang, seconds=round(limit))) from exc
        except PlaywrightError as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise PrintFailed(render("packet.print_failed", lang, reason=reason)) from exc
    return unified_text_layer(printed)


def to_pdf(html_text: str, path: Path, lang: str = "en") -> Path:
    """Write :func:`pdf_bytes` of the packet to ``path``."""
    path = Path(path)
    path.write_bytes(pdf_bytes(html_text, lang))
    return path
