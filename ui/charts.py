"""Chart glue for the pages: the overview's headline list, reading a chart selection, and
drawing a figure. The figures themselves are built in :mod:`analytics.export.figures`."""

from __future__ import annotations

import plotly.graph_objects as go

from ui.i18n import t

__all__ = ["headlines", "plot", "selected"]


#: the page that shows each headline's evidence
_PAGE_OF_AREA = {
    "raters": "pages/raters.py",
    "distributions": "pages/distributions.py",
    "attribution": "pages/attribution.py",
    "potential": "pages/potential.py",
}


def headlines(scope, version: str) -> list[tuple[str, str]]:
    """(text, page) for the overview: :func:`analytics.findings.headlines.headlines` worded."""
    from analytics.findings.headlines import HEADLINE_SECTIONS
    from analytics.findings.headlines import headlines as find
    from ui import cache

    sections = {name: cache.section(name, scope, version) for name in HEADLINE_SECTIONS}
    return [(t(h.code, **h.params), _PAGE_OF_AREA[h.area]) for h in find(sections)]


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


def plot(fig: go.Figure, key: str, **kwargs):
    """``st.plotly_chart`` without the mode bar (it covers titles); selection kwargs pass through."""
    import streamlit as st

    return st.plotly_chart(fig, key=key, config={"displayModeBar": False}, **kwargs)
