"""The high-potential backtest (analytics.stats.backtest) against hand-worked numbers: a
design where last cycle's top three fall to the bottom (regression to the mean at its
extreme), one listed person who left, and the interval formulas worked by hand."""

from __future__ import annotations

import math

import polars as pl
import pytest

from analytics.stats.backtest import BACKTEST_COLUMNS, BACKTEST_GROUPS, list_backtest
from analytics.stats.potential import high_potential, performance_profile


def _scores(y: dict[str, list[float | None]]) -> pl.DataFrame:
    rows = [
        (f"C{c + 1}", c + 1, emp, v, v)
        for emp, ys in y.items()
        for c, v in enumerate(ys)
        if v is not None
    ]
    return pl.DataFrame(
        rows, schema=["cycle_id", "cycle_order", "employee_id", "raw", "adjusted"], orient="row"
    )


def _employees(ids: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"employee_id": ids, "job_family": "研发", "level": "P5", "department": "研发中心"}
    )


def _design(leaver: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ten people of one peer group over three cycles: e0 lowest ... e9 highest in C1 and C2,
    the order reversed in C3 (e9 lowest). With ``leaver``, e9 is not rated in C3."""
    ids = [f"e{i}" for i in range(10)]
    vals: dict[str, list[float | None]] = {
        e: [0.1 * i, 0.1 * i, 0.9 - 0.1 * i] for i, e in enumerate(ids)
    }
    if leaver:
        vals["e9"][2] = None
    emps = _employees(ids)
    scores = _scores(vals)
    before = performance_profile(
        scores.filter(pl.col("cycle_id") != "C3"), emps, min_group=5, top_band=0.2
    )
    after = performance_profile(scores, emps, min_group=5, top_band=0.2)
    return before, after


def _wilson(k: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_last_cycles_top_three_fall_to_the_bottom():
    before, after = _design(leaver=False)
    bt = list_backtest(before, after, ["C1", "C2", "C3"], top_n=3, top_band=0.2)
    assert bt.schema == pl.Schema(BACKTEST_COLUMNS)
    assert bt["backtest_group"].to_list() == list(BACKTEST_GROUPS)
    rows = {r["backtest_group"]: r for r in bt.iter_rows(named=True)}
    plain = rows["top_percentile"]
    assert (plain["cycle_before"], plain["cycle_after"]) == ("C2", "C3")
    # C2's top three are e7, e8, e9; in C3 they are ranks 3, 2, 1 of 10: (r - 0.5)/10
    assert plain["n_listed"] == 3 and plain["n_rated"] == 3
    assert plain["pct_mean"] == pytest.approx(0.15)
    # t interval on the logit scale: sd of (0.05, 0.15, 0.25) is 0.1, t(0.975, 2) = 4.302653,
    # logit(0.15) ± t·(0.1/√3)/(0.15·0.85), mapped back: 2.4% to 55.3%, where the plain t
    # interval, 0.15 ± 0.248, ran below 0 (rev19c: a percentile interval up to 124%)
    half = 4.302652729911275 * 0.1 / math.sqrt(3) / (0.15 * 0.85)
    centre = math.log(0.15 / 0.85)
    lo, hi = (1 / (1 + math.exp(-(centre + k * half))) for k in (-1, 1))
    assert plain["pct_ci95_low"] == pytest.approx(lo)
    assert plain["pct_ci95_high"] == pytest.approx(hi)
    assert 0 < plain["pct_ci95_low"] < 0.15 < plain["pct_ci95_high"] < 1
    # none in the top fifth (>= 0.8), all three below the median: Wilson for 0/3 and 3/3
    assert plain["top_band_share"] == 0 and plain["below_median_share"] == 1
    lo, hi = _wilson(0, 3)
    assert (plain["top_band_ci95_low"], plain["top_band_ci95_high"]) == pytest.approx((lo, hi))
    assert plain["below_median_ci95_low"] == pytest.approx(3 / (3 + 1.959963984540054**2))
    # everyone: the ten mid-rank percentiles average 0.5; two of ten >= 0.8, five below 0.5
    every = rows["everyone"]
    assert every["n_listed"] == 10 and every["n_rated"] == 10
    assert every["pct_mean"] == pytest.approx(0.5)
    assert every["top_band_share"] == pytest.approx(0.2)
    assert every["below_median_share"] == pytest.approx(0.5)
    lo, hi = _wilson(2, 10)
    assert (every["top_band_ci95_low"], every["top_band_ci95_high"]) == pytest.approx((lo, hi))
    # the list is high_potential's top three on the C1-C2 profile; in C3 e_i stands at
    # rank 10 - i, percentile (9.5 - i)/10
    ids = high_potential(before, top_n=3)["employee_id"].to_list()
    listed = rows["high_potential"]
    expected = sum((9.5 - int(e[1:])) / 10 for e in ids) / 3
    assert listed["n_listed"] == 3 and listed["pct_mean"] == pytest.approx(expected)


def test_a_listed_person_who_left_is_counted_listed_not_rated():
    before, after = _design(leaver=True)
    bt = list_backtest(before, after, ["C1", "C2", "C3"], top_n=3, top_band=0.2)
    plain = bt.filter(pl.col("backtest_group") == "top_percentile").row(0, named=True)
    # e9 left: e7 and e8 remain, ranks 2 and 1 of the nine rated in C3
    assert plain["n_listed"] == 3 and plain["n_rated"] == 2
    assert plain["pct_mean"] == pytest.approx(((2 - 0.5) / 9 + (1 - 0.5) / 9) / 2)


def test_no_earlier_cycle_gives_no_rows():
    before, after = _design(leaver=False)
    assert list_backtest(before.clear(), after, ["C1", "C2", "C3"]).is_empty()
    # the same latest cycle on both sides is not a backtest
    assert list_backtest(after, after, ["C1", "C2", "C3"]).is_empty()
