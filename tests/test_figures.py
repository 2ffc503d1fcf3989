"""Figure builders at enterprise scale: a rater chart keeps every flagged rater and thins the
unflagged cloud, so the figure stays small enough for a browser to draw."""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.export import figures


def _raters(n: int, flagged: int) -> pl.DataFrame:
    rng = np.random.default_rng(3)
    effect = rng.normal(0, 0.05, n)
    flag = [None] * n
    flags = [[] for _ in range(n)]
    for i in range(flagged):
        flag[i] = "lenient" if i % 2 else "severe"
        flags[i] = ["halo"] if i % 2 else ["central_tendency"]
    return pl.DataFrame(
        {
            "rater_id": [f"R{i:06d}" for i in range(n)],
            "n": rng.integers(6, 400, n),
            "effect": effect,
            "ci95_low": effect - 0.02,
            "ci95_high": effect + 0.02,
            "flag": flag,
            "flags": flags,
            "ct_ratio": rng.uniform(0.2, 1.5, n),
            "halo_ratio": rng.uniform(0.2, 1.5, n),
        }
    )


def test_small_rater_charts_draw_every_rater() -> None:
    r = _raters(500, 20)
    fig = figures.rater_effects_chart(r, "en")
    assert sum(len(t.x) for t in fig.data) == 500
    assert fig.data[0].name == "not flagged (480)"


def test_large_rater_charts_keep_flagged_and_thin_the_rest() -> None:
    n, flagged = 50_000, 120
    r = _raters(n, flagged)
    for fig, label in (
        (figures.rater_effects_chart(r, "en"), "effects"),
        (figures.consistency_chart(r, "zh"), "consistency"),
    ):
        by_name = {t.name: t for t in fig.data}
        none = fig.data[0]
        shown = len(none.x)
        assert shown <= figures.MAX_CONTEXT_POINTS, label
        assert sum(len(t.x) for t in fig.data[1:]) == flagged, label  # every flagged rater
        total = n - flagged
        assert (
            f"{shown:,} of {total:,} shown" in none.name
            or f"显示 {shown:,} / {total:,}" in none.name
        ), (label, list(by_name))
        assert len(fig.to_json()) < 2_000_000, label
    # the thinned cloud spans the whole range of ratings (evenly spaced in n, not the first rows)
    xs = np.array(figures.rater_effects_chart(r, "en").data[0].x)
    none = r.filter(pl.col("flag").is_null())
    assert xs.min() == none["n"].min() and xs.max() >= np.quantile(none["n"], 0.99)
    # the same points every time
    again = figures.rater_effects_chart(r, "en").data[0].customdata
    assert list(again) == list(figures.rater_effects_chart(r, "en").data[0].customdata)
