"""Pure Plotly figure builders (frame in, figure out) and the overview's headline list.

Figures carry ``customdata`` ids so a click can drill down; tests read their trace data.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from ui.i18n import t

__all__ = ["cycle_counts", "headlines", "empty_figure", "selected", "unit_means", "plot"]

PALETTE = {"self": "#9aa5b1", "manager": "#1f77b4", "peer": "#2ca02c", "skip_level": "#9467bd",
           "subordinate": "#8c564b", "lenient": "#d62728", "severe": "#1f3a93", "none": "#b0b0b0"}


def _layout(fig: go.Figure, title: str = "", height: int = 360) -> go.Figure:
    fig.update_layout(title=title, height=height, margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                      legend=dict(orientation="h", y=-0.2), template="plotly_white")
    return fig


def empty_figure(text: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return _layout(fig)


def cycle_counts(per_cycle: pl.DataFrame) -> go.Figure:
    """Ratings and employees per cycle."""
    fig = go.Figure(go.Bar(x=per_cycle["cycle_id"].to_list(), y=per_cycle["ratings"].to_list(),
                           name=t("col.ratings"), customdata=per_cycle["cycle_id"].to_list()))
    fig.add_trace(go.Scatter(x=per_cycle["cycle_id"].to_list(), y=per_cycle["employees"].to_list(),
                             name=t("col.employees"), yaxis="y2", mode="lines+markers"))
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", showgrid=False))
    return _layout(fig)


def headlines(scope, version: str) -> list[tuple[str, str]]:
    """(text, page) for the overview: the counts that matter for the calibration meeting."""
    from ui import cache

    out: list[tuple[str, str]] = []
    raters = cache.section("raters", scope, version)
    if raters is not None and raters.height:
        flags = raters.explode("flags")["flags"]
        out.append((t("overview.headline_raters", lenient=int((flags == "lenient").sum()),
                      severe=int((flags == "severe").sum())), "pages/raters.py"))
    recheck = cache.section("recheck", scope, version)
    if recheck is not None:
        out.append((t("overview.headline_recheck", n=recheck.height), "pages/raters.py"))
    guide = cache.section("guideline_units", scope, version)
    if guide is not None and guide.height:
        dev = guide.filter(pl.col("significant"))
        out.append((t("overview.headline_guideline", n=dev.height,
                      moves=int(dev["people_to_move"].sum() or 0)), "pages/distributions.py"))
    shifts = cache.section("department_shifts", scope, version)
    if shifts is not None and shifts.height:
        out.append((t("overview.headline_shift", n=int(shifts["significant"].sum())),
                    "pages/attribution.py"))
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


def unit_means(dist: pl.DataFrame, lang: str) -> go.Figure:
    """Mean score per unit with 95% CI (latest cycle in scope); bars carry the unit for drill-down."""
    last = dist.filter(pl.col("cycle_id") == dist["cycle_id"].max())
    last = last.sort("mean", descending=True, nulls_last=True)
    ok = last.filter(~pl.col("small_n"))
    fig = go.Figure(go.Bar(
        x=ok["unit"].to_list(), y=ok["mean"].to_list(), customdata=ok["unit"].to_list(),
        error_y=dict(type="data", array=(ok["mean_hi"] - ok["mean"]).to_list(),
                     arrayminus=(ok["mean"] - ok["mean_lo"]).to_list()),
        text=[f"n={n}" for n in ok["n"].to_list()], textposition="inside",
        hovertemplate="%{x}<br>mean %{y:.3f}<br>%{text}<extra></extra>", marker_color="#1f77b4"))
    title = t("dist.unit_means", cycle=last["cycle_id"][0] if last.height else "")
    return _layout(fig, title)


def plot(fig: go.Figure, key: str, **kwargs):
    """``st.plotly_chart`` without the mode bar (it covers titles); selection kwargs pass through."""
    import streamlit as st

    return st.plotly_chart(fig, key=key, config={"displayModeBar": False}, **kwargs)
