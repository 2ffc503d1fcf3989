"""Chart glue for the pages: the overview's headline list, reading a chart selection, drawing
a figure, and the figures built once per data version. The figures themselves are built in
:mod:`analytics.export.figures`."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import streamlit as st

from ui.i18n import get_lang, t
from ui.memo import Memo

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "CHANGE_COLUMNS",
    "SCREEN_CONTEXT_POINTS",
    "SELECTION_MODES",
    "figure",
    "frozen",
    "headlines",
    "plot",
    "selectable",
    "selected",
    "sources_note",
    "waterfall",
    "waterfall_notes",
]

#: figures kept (the largest, a rater chart of 3,000 points, is a few MB)
MAX_FIGURES = 96
#: most unflagged raters a rater chart on screen draws (every flagged one is drawn; the legend
#: says "shown of total"; the rater table lists all). Why: the browser draws each point as its
#: own SVG element (with its error bar, three): the demo's 1,984 unflagged raters made the
#: rater page's two scatter charts 8,400 of its 10,700 DOM nodes and about 0.65 CPU s of
#: Chromium's drawing per load; at 600 (about 500 drawn, evenly spaced in the number of
#: ratings, so the cloud keeps its shape) 0.22 s (session 19, docs/benchmarks.md). The
#: printed report keeps its own larger cap (analytics.export.figures.MAX_CONTEXT_POINTS).
SCREEN_CONTEXT_POINTS = 600

#: the columns of the attribution section (each person's change and its parts, 42 columns)
#: that the attribution page's summaries of every change read: the bars
#: (``figures.attribution_bars``), the shift sentences, the scale breaks, the sources note and
#: the largest movers; the picked person's waterfall reads that person's rows whole
#: (``cache.section_rows``). Why: at 40M ratings the section is 1M rows, and reading all of
#: its columns was most of the page's first visit.
CHANGE_COLUMNS = (
    "employee_id",
    "dept",
    "from_cycle",
    "to_cycle",
    "from_order",
    "to_order",
    "change",
    "company",
    "department",
    "rater",
    "new_manager",
    "individual",
    "sources_changed",
    # the environment bar where company and department cannot be separated (fixattr31: the
    # page did not read it, so its legend said "部门环境", rev31a item 2)
    "environment_joint",
)

#: the page that shows each headline's evidence
_PAGE_OF_AREA = {
    "raters": "pages/raters.py",
    "distributions": "pages/distributions.py",
    "attribution": "pages/attribution.py",
    "potential": "pages/potential.py",
}


#: the section of its page a headline's evidence is in: the heading's anchor (``st.subheader``'s
#: ``anchor=``), where the overview's link lands (rev19d minor 9: it landed at the page's top)
ANCHOR_OF_HEADLINE = {
    "overview.headline_raters": "leniency",
    "overview.headline_raters_none": "leniency",
    "overview.headline_raters_scale_use": "leniency",
    "overview.headline_raters_ct": "ct_halo",  # it landed on leniency (session 44)
    "overview.headline_raters_ct_other": "ct_halo",
    "overview.headline_recheck": "recheck",
    "overview.headline_recheck_self": "recheck",
    "overview.headline_recheck_peer": "recheck",
    "overview.headline_guideline": "guideline",
    "overview.headline_guideline_one": "guideline",
    "overview.headline_policy": "guideline",
    "overview.headline_guideline_unset": "guideline",
    "overview.headline_shift": "shifts",
    "overview.headline_rater_change": "shifts",
    "overview.headline_team_shift": "shifts",
    "overview.headline_against": "against",
}


def headlines(scope, version: str) -> tuple[tuple[str, str, str | None], ...]:
    """(text, page, anchor) for the overview: :func:`analytics.findings.headlines.headlines`
    worded, with the heading its evidence is under (:data:`ANCHOR_OF_HEADLINE`); found once
    per scope, version (every write changes it), language and viewer for every session of the
    process (``cache.derived``). Why: found on every run of the overview, from the same cached
    sections, they were about 0.2 CPU s of each run (session 37)."""
    from ui import cache

    key = ("overview_headlines", scope, version, get_lang())
    return cache.derived(key, lambda: tuple(_headlines(scope, version)))


def _headlines(scope, version: str) -> list[tuple[str, str, str | None]]:
    from analytics.findings.fewnames import with_few_names
    from analytics.findings.headlines import HEADLINE_SECTIONS, RATER_COLUMNS
    from analytics.findings.headlines import headlines as find
    from analytics.findings.sections import unit_column
    from ui import cache
    from ui.guideline import current

    sections = {
        name: cache.section_columns(name, scope, version, RATER_COLUMNS)
        if name == "raters"  # the columns the headlines count (the table is 72 wide)
        else cache.section(name, scope, version)
        for name in HEADLINE_SECTIONS
    }
    # one cycle: the change into it, as the packet and the workbook carry it (rev28a 1)
    sections |= cache.carried(scope, version, HEADLINE_SECTIONS)
    if (against := sections.get("against_trend")) is not None and against.height:
        sections["against_trend"] = with_few_names(against, cache.names(version))  # as the table
    grades = sections["guideline_grades"]  # "as a whole": everyone, as /distributions counts
    whole = None
    if grades is not None and grades.height and {"cycle_id", "grade"} <= set(grades.columns):
        whole = cache.whole_grades(scope, version, grades["cycle_id"][0], grades["grade"][0])
    unit, name = cache.unit(scope.cycles, version), cache.whole_name(scope, version)
    own, grades = current(version)  # no guideline for the dataset's grades: said (rev29a 3)
    unset = grades if own is None else []
    _, kind = unit_column(cache.scope_data(scope, version))  # a department's teams: teams
    return [
        (t(h.code, **h.params), _PAGE_OF_AREA[h.area], ANCHOR_OF_HEADLINE.get(h.code))
        # shifts in points; the guideline's policy line names the scope as /distributions does
        # the raters by name beside their ids where the reader may read names (rev28b item 10)
        for h in find(
            sections,
            unit,
            name,
            whole,
            names=cache.names(version),
            unset=unset,
            units=kind,
            cycle_units=cache.cycle_units(version),  # a pair on one scale: its points (s44 A 14)
        )
    ]


def selected(event) -> object | None:
    """The ``customdata`` of the first selected point of a ``st.plotly_chart`` selection, or None."""
    try:
        points = event.selection.points  # type: ignore[union-attr]
    except AttributeError:
        try:
            points = event["selection"]["points"]
        except (KeyError, TypeError):
            return None
    if not points:
        return None
    point = points[0]
    data = point.get("customdata") if isinstance(point, dict) else None
    if isinstance(data, list) and len(data) == 1:
        return data[0]
    return data


def plot(fig: go.Figure, key: str, *, where=None, modebar: bool = False, **kwargs):
    """``st.plotly_chart`` (in ``where``, a column or container; default: the page) of ``fig``
    as :func:`frozen` sends it, in the figures' own template (``theme=None``: Streamlit's chart
    theme made the browser draw every chart once more, session 22), without the mode bar (it
    covers titles) unless ``modebar``; selection kwargs pass through."""
    if "to_dict" not in vars(fig):  # not built by :func:`figure`: sent as it would be
        fig = frozen(fig)
    if kwargs.get("on_select", "ignore") != "ignore":
        selectable(fig.to_dict()["layout"], kwargs.get("selection_mode", SELECTION_MODES))
    config = {} if modebar else {"displayModeBar": False}
    return (where or st).plotly_chart(fig, key=key, config=config, theme=None, **kwargs)


@st.cache_resource(show_spinner=False)
def _figures() -> Memo[go.Figure]:
    return Memo(MAX_FIGURES)


def figure(key: tuple, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure ``build()`` makes, built once per ``key`` for every session of the process.

    Why: building a Plotly figure validates every property, and a page's figures cost more than
    its data (the rater page: 1.3 s of its 1.9 s run). The key must name everything the figure
    shows: the chart, the scope, the data version (:func:`ui.cache.version`: an import or a
    refresh makes a new key) and the language. ``st.plotly_chart`` does not change a figure
    (it serialises a copy), so one object serves every session. Who is looking is added to the
    key here: a figure drawn for one viewer (the administrator's, with every rater id) is never
    served to another (a department head, an analyst) whose scope happens to be the same."""
    from ui.auth import current_viewer

    return _figures().get((*key, current_viewer()), lambda: frozen(build()))


#: ``st.plotly_chart``'s selection modes unless told
SELECTION_MODES = ("points", "box", "lasso")


def selectable(layout: dict, modes) -> None:
    """The click, hover and drag modes Streamlit's chart element gives a chart that reports
    selections (``on_select``), set in ``layout`` (a frozen figure's: the same every run) where
    the figure has none. Why: the element sets them after the first draw otherwise, and a new
    click mode makes Plotly.js draw the chart again (session 22)."""
    modes = (modes,) if isinstance(modes, str) else tuple(modes)
    points = "points" in modes
    layout.setdefault("clickmode", "event+select" if points else "none")
    layout.setdefault("hovermode", "closest")
    drag = "select" if "box" in modes else "lasso" if "lasso" in modes else "pan"
    layout.setdefault("dragmode", "pan" if points else drag)


#: the ``layout.datarevision`` of each figure :func:`frozen` sends: a new number per figure
_revisions = itertools.count(1)


def frozen(fig: go.Figure) -> go.Figure:
    """``fig`` whose ``to_dict`` is computed once: ``st.plotly_chart`` calls it on every run
    (a deep copy of every property and the arrays written as base64: 0.2 s of the rater page's
    run for its three charts) and only reads the result, so a built figure keeps its own. Only
    for figures that are not changed after they are built (:func:`figure`'s).

    What it returns is what the browser is sent: the template written into the figure
    (:func:`analytics.export.figures.written_in`) and a ``layout.datarevision`` of its own.
    Why: Streamlit's chart element hands Plotly.js a copy of the figure once more after it has
    drawn it; with no template object to compare by identity and the data's revision unchanged,
    Plotly.js finds nothing changed and does not draw the chart again (session 22)."""
    from analytics.export.figures import written_in

    spec = written_in(fig.to_dict())
    spec["layout"]["datarevision"] = next(_revisions)
    object.__setattr__(fig, "to_dict", lambda: spec)
    return fig


def waterfall(row: dict, lang: str, unit, key: tuple) -> go.Figure:
    """One change's waterfall (:func:`analytics.export.figures.waterfall` of ``row``), built
    once per ``key`` (where it is shown, the person or scope, the cycle pair, the data
    version), language and scale (:func:`figure`)."""
    from analytics.export import figures

    return figure(("waterfall", *key, lang, unit), lambda: figures.waterfall(row, lang, unit))


def with_answer(rows: pl.DataFrame, cycles: tuple[str, ...], version: str) -> pl.DataFrame:
    """``rows`` (a person's changes of the company over ``cycles``, every cycle when empty)
    with their cycle pair's ``environment_answer`` (:func:`analytics.export.figures.
    with_environment_answer`), so the person page's waterfall names its environment bar as
    the attribution page does (left32 item 3); none where the viewer may not read the shifts."""
    from analytics.export import figures
    from analytics.findings.scope import Scope
    from ui import cache

    try:
        shifts = cache.section("department_shifts", Scope(cycles=tuple(cycles)), version)
    except cache.OutOfScope:
        shifts = None
    return figures.with_environment_answer(rows, shifts)


def scale_break_note(where, from_cycle: str | None, to_cycle: str | None) -> bool:
    """The warning under a change ``from_cycle`` -> ``to_cycle`` across a change of scale
    (``attr.waterfall_scale_break``: it cannot tell a real rise or fall from the change of scale
    itself), in ``where``; whether it was drawn. Shared by the waterfalls (rev28b item 7) and
    the meeting's changes (its person evidence, its department shift: s44 A 9)."""
    from analytics.findings.units import scale_break_words
    from ui import cache

    words = scale_break_words(cache.cycle_units(cache.version()), from_cycle, to_cycle, get_lang())
    if words is not None:
        where.warning(t("attr.waterfall_scale_break", **words))
    return words is not None


def waterfall_notes(
    where, row: dict, unit, note: str | None = None, manager: bool = False, teams=None
) -> None:
    """The captions under a change's waterfall, in ``where``: ``note`` (the person page's
    parts note), the sources' part when the sources that rated the person differ between the
    two cycles (rev23b: not the person's own change), and with ``manager`` the manager change
    the attribution page names (``teams``: the scope's ``manager_changes``, whose row says
    when the rater page estimates the new manager through the links)."""
    from analytics.findings.stories import linked_manager_params, sources_params

    if note is not None:
        where.caption(note)
    scale_break_note(where, row.get("from_cycle"), row.get("to_cycle"))  # rev28b 7
    if row.get("sources_changed"):
        where.caption(t("attr.waterfall_sources", **sources_params(row, unit)))
    if manager and row.get("manager_changed"):  # the change coincides with a change of rater
        estimated = bool(row.get("manager_change_estimated"))
        linked = None if estimated else linked_manager_params(row, teams, unit)
        if linked is not None:  # the rater page's estimate, and why it cannot split this change
            where.caption(t("attr.waterfall_new_manager_linked", **linked))
            return
        key = "attr.waterfall_new_manager_estimated" if estimated else "attr.waterfall_new_manager"
        where.caption(t(key, old=row.get("manager_from"), new=row.get("manager_to")))


def bullets(phrases, lang: str, kind: str, title: str | None = None) -> None:
    """A phrase column (``kind``: "story", "reason") as a bulleted list, each sentence in
    ``lang``; under ``title`` in bold when given."""
    from analytics.text import render_column

    if title:
        st.markdown(f"**{title}**")
    for sentence in render_column(phrases, lang, kind).to_list():
        st.markdown(f"- {sentence}")


def sources_note(changes) -> None:
    """Above the shift sentences: the cycle pairs where the sources that rated people differ,
    whose rater parts then hold that change too (rev23b)."""
    from analytics.findings.stories import sources_changed_pairs

    mixed = sources_changed_pairs(changes)
    if mixed:
        st.caption(t("attr.sources_changed", **mixed))
