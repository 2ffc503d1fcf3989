"""Chart glue for the pages: the overview's headline list, reading a chart selection, and
drawing a figure. The figures themselves are built in :mod:`analytics.figures`."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from ui.i18n import t

__all__ = ["headlines", "selected", "plot", "score_box"]

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


def plot(fig: go.Figure, key: str, **kwargs):
    """``st.plotly_chart`` without the mode bar (it covers titles); selection kwargs pass through."""
    import streamlit as st

    return st.plotly_chart(fig, key=key, config={"displayModeBar": False}, **kwargs)


def score_box(stats: pl.DataFrame, lang: str, min_n: int = 5) -> go.Figure:
    """Box per unit of employee scores (0-1) from precomputed statistics (the ``score_box``
    section: quartiles, mean, whiskers), n in the label; small units marked. The same boxes as
    ``figures.distribution_box`` draws from every person's score, without sending each score to
    the browser (outlier points are not drawn)."""
    from analytics.figures import _layout, _zh

    fig = go.Figure()
    for row in stats.filter(pl.col("median").is_not_null()).iter_rows(named=True):
        n = row["n"]
        label = f"{row['unit']} (n={n}{'⚠' if n < min_n else ''})"
        fig.add_trace(go.Box(
            x=[label], name=label, q1=[row["q1"]], median=[row["median"]], q3=[row["q3"]],
            mean=[row["mean"]], lowerfence=[row["lowerfence"]], upperfence=[row["upperfence"]],
            boxmean=True, customdata=[row["unit"]], showlegend=False,
            marker_color="#1f77b4" if n >= min_n else "#bbbbbb"))
    fig.update_yaxes(title=_zh(lang, "分数（0-1 标准化）", "score (0-1 normalised)"))
    return _layout(fig, _zh(lang, "各单元员工分数分布（框内 × 为均值）", "Employee scores per unit (× = mean)"))
