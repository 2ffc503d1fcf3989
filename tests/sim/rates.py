"""What the rater model gets right on simulated companies: one company's counts
(:func:`rater_counts`) and their mean over seeds (:func:`rater_rates`)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl

from analytics.stats import raters
from tests.sim.simulate import Company, company

__all__ = ["rater_counts", "rater_rates"]


def rater_counts(c: Company) -> dict[str, float]:
    """One company: false flags (strict, likely tier) among unbiased raters, recall of the
    planted effects of at least twice the fitted materiality threshold, the managers' statuses
    and the intervals' widths."""
    eff = raters.rater_effects(c.ratings)
    t = eff.join(c.truth, on="rater_id", how="left").with_columns(
        pl.col("effect_right").fill_null(0.0).alias("true")
    )
    thr = float(eff["threshold"][0])
    sign = np.sign(t["true"].to_numpy())
    strict = t["flag"].to_numpy()
    likely = t["fdr_flag"].to_numpy()
    up = np.array([f == "lenient" for f in strict])
    down = np.array([f == "severe" for f in strict])
    lup = np.array([f == "likely_lenient" for f in likely])
    ldown = np.array([f == "likely_severe" for f in likely])
    unbiased = sign == 0
    big = np.abs(t["true"].to_numpy()) >= 2 * thr
    hit_strict = (up & (sign > 0)) | (down & (sign < 0))
    hit_any = hit_strict | (lup & (sign > 0)) | (ldown & (sign < 0))
    width = (t["ci95_high"] - t["ci95_low"]).drop_nulls().to_numpy()
    mgr = t.filter(pl.col("main_role") == "manager")
    return {
        "raters": float(t.height),
        "threshold": thr,
        "false_strict": float(((up | down) & unbiased).sum()),
        "false_any": float(((up | down | lup | ldown) & unbiased).sum()),
        "wrong_sign": float((((up | lup) & (sign < 0)) | ((down | ldown) & (sign > 0))).sum()),
        "big_effects": float(big.sum()),
        "recall_strict": float(hit_strict[big].mean()) if big.any() else np.nan,
        "recall_any": float(hit_any[big].mean()) if big.any() else np.nan,
        "zero_width": float((width <= 1e-12).sum()),
        "managers": float(mgr.height),
        "managers_not_estimable": float((mgr["status"] == "not_estimable").sum()),
        "managers_clear": float((mgr["status"] == "clear").sum()),
        "blup": float(eff["interval_method"][0] == "blup"),
        "low_power_clear": float(
            ((t["status"] == "clear") & (t["mde80"] > 2 * t["threshold"])).sum()
        ),
    }


def rater_rates(design: str, seeds: Iterable[int], **options) -> dict[str, float]:
    """The mean of :func:`rater_counts` over ``seeds`` (NaN recalls, when a company planted
    no big effect, are left out)."""
    rows = [rater_counts(company(design, s, **options)) for s in seeds]

    def mean(values: list[float]) -> float:
        kept = [v for v in values if not np.isnan(v)]
        return float(np.mean(kept)) if kept else np.nan

    return {k: mean([r[k] for r in rows]) for k in rows[0]} | {"seeds": len(rows)}
