"""Reviews of session 24 on the high-potential page (rev24a item 5, rev24b items 6 and 10): the
sustained lists' slope test with an SE floor at the pooled noise, the mark of a rise that
coincides with a new manager whose standard is not estimated, and the high-potential count
said with the rule that sets it."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy.stats import norm

from analytics.findings.headlines import hipo_headline
from analytics.stats.potential import (
    LIST_SHARE,
    LIST_TOP_N,
    decliners,
    high_potential,
    performance_profile,
    risers,
)
from analytics.text import render, render_frame

NOISE = 0.04  # every person's cycle-to-cycle noise (0-1 score)


def _company(n: int = 200, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Three cycles; ``line`` rises 0.03 per cycle on an exact line (own SE 0, as rev24a's
    史豪英 and 孙晨); ``wobbly`` rises 0.08 per cycle with a wobble (as 秦飞敏: 75.2, 80.6,
    90.3), whose own 1-df test gave p of about 0.1."""
    rng = np.random.default_rng(seed)
    ids = [f"e{i:03d}" for i in range(n)]
    y = rng.normal(0.6, 0.08, n)[:, None] + rng.normal(0, NOISE, (n, 3))
    y[0] = [0.60, 0.63, 0.66]  # line: +0.03 per cycle, a perfect line
    y[1] = [0.752, 0.806, 0.903]  # wobbly: +0.0755 per cycle
    rows = [
        (f"C{c + 1}", c + 1, ids[i], float(y[i, c]), float(y[i, c]))
        for i in range(n)
        for c in range(3)
    ]
    scores = pl.DataFrame(
        rows, schema=["cycle_id", "cycle_order", "employee_id", "raw", "adjusted"], orient="row"
    )
    emps = pl.DataFrame(
        {"employee_id": ids, "job_family": "销售", "level": "P5", "department": "销售中心"}
    )
    return scores, emps


@pytest.fixture(scope="module")
def profile() -> pl.DataFrame:
    return performance_profile(*_company())


def test_a_perfect_three_point_line_is_not_sure_by_its_own_se(profile):
    """A line through 3 points has an SE of 0 and p = 0 by its own residuals; the list's SE is
    at least the one the noise pooled over everyone gives, so a +0.03 rise (below 1 noise SD
    a cycle) is not sure, while the steep rise with a wobble (p 0.1 on its 1 df) is."""
    line = profile.filter(pl.col("employee_id") == "e000").row(0, named=True)
    assert line["slope"] == pytest.approx(0.03) and line["slope_se"] == pytest.approx(0, abs=1e-9)
    pooled = line["slope_se_pooled"]
    # the pooled noise is that of the company (sd 0.04 a cycle; Sxx = 2 with 3 cycles)
    assert pooled == pytest.approx(NOISE / np.sqrt(2), rel=0.15)
    listed = risers(profile)
    ids = listed["employee_id"].to_list()
    assert "e000" not in ids
    assert ids[0] == "e001"  # ranked by the size of the slope, the steepest first
    row = listed.row(0, named=True)
    wob = profile.filter(pl.col("employee_id") == "e001").row(0, named=True)
    assert wob["slope_p"] > 0.05  # the old test left them out
    se = max(wob["slope_se"], wob["slope_se_pooled"])
    assert row["slope_se"] == pytest.approx(se)
    assert row["slope_p"] == pytest.approx(2 * norm.sf(wob["slope"] / se))
    assert row["slope_ci95_low"] == pytest.approx(wob["slope"] - 1.959964 * se)
    assert (listed["slope_ci95_low"] > 0).all() and (listed["slope_se"] >= pooled - 1e-12).all()
    # the decliners mirror it: nobody fell here on a material slope but by chance
    assert not set(decliners(profile)["employee_id"]) & {"e000", "e001"}


def _changes(estimated: bool) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "employee_id": ["e001", "e001", "e005"],
            "from_cycle": ["C1", "C2", "C1"],
            "to_cycle": ["C2", "C3", "C2"],
            "manager_changed": [False, True, False],
            "manager_change_estimated": [None, estimated, None],
            "manager_from": ["M1", "M1", "M2"],
            "manager_to": ["M1", "M9", "M2"],
        }
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_rise_with_a_new_manager_not_estimated_is_marked(profile, lang):
    listed = risers(profile, changes=_changes(estimated=False))
    row = listed.filter(pl.col("employee_id") == "e001")
    assert row["with_new_manager"].item() is True
    assert not listed.filter(pl.col("employee_id") != "e001")["with_new_manager"].any()
    first = row["reasons"].item()[0]
    assert first["code"] == "trend_new_manager"
    said = render_frame(row, lang)["reasons"].item().to_list()[0]
    assert said == render("reason.trend_new_manager", lang, old="M1", new="M9", cycle="C3")
    assert "M9" in said and "C3" in said
    # an estimated new standard is separated already: no mark
    clean = risers(profile, changes=_changes(estimated=True))
    assert not clean["with_new_manager"].any()
    assert "trend_new_manager" not in [r["code"] for r in clean["reasons"].explode()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_high_potential_count_says_it_is_the_lists_cap(profile, lang):
    """ "26 high-potential candidates" for a department was 20% of its people (rev24b 10)."""
    hp = high_potential(profile, top_n=LIST_TOP_N, top_share=LIST_SHARE)
    assert hp.height == 40  # 20% of 200, under the cap of 50
    h = hipo_headline(hp, None)
    assert h.params == {"n": 40, "ranked": 200, "share": 0.2, "cap": 50}
    said = render(h.code, lang, **h.params)
    assert all(s in said for s in ("40", "200", "20%", "50")), said
