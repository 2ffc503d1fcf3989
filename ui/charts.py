"""Chart glue for the pages: the overview's headline list, reading a chart selection, and
drawing a figure. The figures themselves are built in :mod:`analytics.export.figures`."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from ui.i18n import t

__all__ = ["headlines", "plot", "selected"]


def headlines(scope, version: str) -> list[tuple[str, str]]:
    """(text, page) for the overview: the counts that matter for the calibration meeting."""
    from ui import cache

    out: list[tuple[str, str]] = []
    raters = cache.section("raters", scope, version)
    if raters is not None and raters.height:
        flags = raters.explode("flags")["flags"]
        out.append(
            (
                t(
                    "overview.headline_raters",
                    lenient=int((flags == "lenient").sum()),
                    severe=int((flags == "severe").sum()),
                ),
                "pages/raters.py",
            )
        )
    recheck = cache.section("recheck", scope, version)
    if recheck is not None:
        out.append((t("overview.headline_recheck", n=recheck.height), "pages/raters.py"))
    guide = cache.section("guideline_units", scope, version)
    if guide is not None and guide.height:
        dev = guide.filter(pl.col("significant"))
        out.append(
            (
                t(
                    "overview.headline_guideline",
                    n=dev.height,
                    moves=int(dev["people_to_move"].sum() or 0),
                    inflated=guide.filter(pl.col("direction") == "inflated").height,
                    deflated=guide.filter(pl.col("direction") == "deflated").height,
                ),
                "pages/distributions.py",
            )
        )
    shifts = cache.section("department_shifts", scope, version)
    if shifts is not None and shifts.height:
        out.append(
            (
                t("overview.headline_shift", n=int(shifts["significant"].sum())),
                "pages/attribution.py",
            )
        )
    hipo = cache.section("high_potential", scope, version)
    if hipo is not None:
        out.append((t("overview.headline_hipo", n=hipo.height), "pages/potential.py"))
    return out


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
