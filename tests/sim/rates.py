"""What the rater model gets right on simulated companies: one company's counts
(:func:`rater_counts`) and their mean over seeds (:func:`rater_rates`)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl

from analytics.stats import attribution, raters
from tests.sim.simulate import Company, ShiftCompany, company, shift_company

__all__ = ["rater_counts", "rater_rates", "shift_counts", "shift_rates"]


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


def shift_counts(c: ShiftCompany) -> dict[str, float]:
    """One company through the trend attribution as the findings run it (rater effects, their
    shrunk values subtracted, score changes, department shifts, against the trend, manager
    changes): whether the hit department is headlined (significant, material and not
    confounded with a manager change), whether the old rule (significant and material) would
    have headlined it, its rater_change_share, how many of its people are listed against the
    trend, and whether its teams with a new manager are listed as a rater change."""
    eff = raters.rater_effects(c.ratings)
    eff = eff.with_columns(pl.col("effect_shrunk").alias("effect"))
    ch = attribution.score_changes(c.ratings, eff)
    sh = attribution.department_shifts(ch)  # the app's threshold (0.2 SD of the scores)
    material = pl.col("material")
    sh = sh.with_columns(
        old=pl.col("flag") & material,
        headlined=pl.col("flag")
        & material
        & ~pl.col("confounded_with_rater_change")
        & pl.col("broad"),  # as the findings' section headlines it
    )
    hit = sh.filter(pl.col("dept") == c.dept).row(0, named=True)
    in_dept = ch.filter(pl.col("dept") == c.dept)
    others = sh.filter(pl.col("dept") != c.dept)
    at = attribution.against_trend(ch, shifts=sh)
    mc = attribution.manager_changes(ch).filter(pl.col("dept") == c.dept)
    named = mc.filter(pl.col("manager_to") == "N000")
    return {
        "headlined": float(hit["headlined"]),
        "headlined_old_rule": float(hit["old"]),
        "confounded": float(hit["confounded_with_rater_change"]),
        "rater_change_share": float(hit["rater_change_share"])
        if hit["rater_change_share"] is not None
        else np.nan,
        "department": float(hit["department"]),
        "broad_shift": float(hit["broad_shift"]),
        # the sizes the headline sentence gives: the means of the department's parts
        "headline_department": float(in_dept["department"].mean()),
        "headline_rater": float(
            (
                in_dept["rater"] + in_dept.get_column("new_manager", default=0.0 * in_dept["rater"])
            ).mean()
        ),
        "other_headlined": float(others["headlined"].sum()),
        "against_in_dept": float((at["dept"] == c.dept).sum()),
        "against_manager_changed": float(
            at.join(ch.select("employee_id", "manager_changed"), on="employee_id")[
                "manager_changed"
            ]
            .fill_null(False)
            .sum()
        ),
        "new_manager_listed": float(named.height > 0),
        "new_manager_not_separable": float(named.height > 0 and not named["estimated"].any()),
        "new_manager_team_below_0": float(
            named.height > 0 and bool((named["ci95_high"] < 0).any())
        ),
        # the rule before manager changes were an explanation of their own: every flagged,
        # material shift was a department trend, and everybody was a candidate
        "against_in_dept_old_rule": float(
            (
                attribution.against_trend(
                    ch.drop("manager_changed"), shifts=sh.drop("confounded_with_rater_change")
                )["dept"]
                == c.dept
            ).sum()
        ),
    }


def shift_rates(design: str, seeds: Iterable[int], **options) -> dict[str, float]:
    """The mean of :func:`shift_counts` over ``seeds`` (a rate for the 0/1 counts)."""
    rows = [shift_counts(shift_company(design, s, **options)) for s in seeds]
    out = {k: float(np.nanmean([r[k] for r in rows])) for k in rows[0]}
    return out | {"seeds": len(rows)}
