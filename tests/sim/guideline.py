"""The guideline fit on simulated companies: ``units`` units of ``size`` people whose grades
are drawn from the guideline itself (every unit complies), optionally one unit that inflates
(``shift`` of the middle grade's share moved to the top grades). Counts per company: whether
any compliant unit is marked significant (the family-wise error the Holm correction bounds),
how many show more people to move than the 90th percentile of a compliant unit of their size,
and whether the inflated unit is found (inflated, significant)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl

from analytics.stats.distributions import DEFAULT_GUIDELINE, guideline_fit_units

__all__ = ["GUIDELINE_DESIGNS", "guideline_company", "guideline_counts", "guideline_rates"]

#: design -> (units, people per unit, shift of the last unit's grades to the top)
GUIDELINE_DESIGNS: dict[str, tuple[int, int, float]] = {
    "compliant_30x12": (30, 12, 0.0),
    "compliant_8x50": (8, 50, 0.0),
    "inflated_1_of_8x50": (8, 50, 0.2),
    "inflated_1_of_8x100": (8, 100, 0.2),
}


def guideline_company(
    seed: int, units: int, size: int, shift: float = 0.0, companies: int = 1
) -> pl.DataFrame:
    """``companies`` simulated companies (column ``company``) of ``units`` units of ``size``
    people each, grades drawn from :data:`DEFAULT_GUIDELINE`; with ``shift`` > 0 the last unit
    of each company draws from a guideline whose middle grade gave ``shift`` to the top grades
    (in proportion to their shares)."""
    grades = np.array(list(DEFAULT_GUIDELINE))
    p = np.array(list(DEFAULT_GUIDELINE.values()))
    q = p.copy()
    if shift:
        mode = int(np.argmax(p))
        q[:mode] += shift * p[:mode] / p[:mode].sum()
        q[mode] -= shift
    rng = np.random.default_rng(seed)
    n = companies * units * size
    unit = np.tile(np.repeat(np.arange(units), size), companies)
    u = rng.random(n)
    cum_p, cum_q = np.cumsum(p), np.cumsum(q)
    idx = np.where(
        unit == units - 1,
        np.searchsorted(cum_q, u * cum_q[-1]),
        np.searchsorted(cum_p, u * cum_p[-1]),
    )
    idx = np.minimum(idx, grades.size - 1)
    return pl.DataFrame(
        {
            "company": np.repeat(np.arange(companies), units * size),
            "department": np.char.add("U", unit.astype(str)),
            "grade": grades[idx],
            "score": np.full(n, 0.5),
        }
    )


def guideline_counts(fit: pl.DataFrame, shifted: bool) -> dict[str, float]:
    """One company's fit: any compliant unit significant, compliant units above their p90,
    the shifted unit found inflated."""
    last = f"U{fit.height - 1}"
    ok = fit.filter(pl.col("department") != last) if shifted else fit
    hit = fit.filter(pl.col("department") == last).row(0, named=True) if shifted else None
    return {
        "any_significant": float(ok["significant"].any()),
        "significant_units": float(ok["significant"].sum()),
        "above_p90": float(ok["moves_above_p90"].mean()),
        "w_mean": float(ok["w"].mean()),
        "found": float(hit["significant"] and hit["direction"] == "inflated") if hit else np.nan,
    }


def guideline_rates(design: str, seeds: Iterable[int], companies: int = 50) -> dict[str, float]:
    """The mean of :func:`guideline_counts` over ``companies`` companies per seed."""
    units, size, shift = GUIDELINE_DESIGNS[design]
    rows = []
    for seed in seeds:
        frame = guideline_company(seed, units, size, shift, companies)
        for _, one in frame.group_by("company", maintain_order=True):
            rows.append(guideline_counts(guideline_fit_units(one, "department"), shift > 0))
    out = {
        k: float(np.nanmean([r[k] for r in rows])) if shift or k != "found" else np.nan
        for k in rows[0]
    }
    return out | {"companies": float(len(rows))}
