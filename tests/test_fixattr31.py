"""rev31a item 2: one of four departments holds 60% of the people. Where it falls and the
other three stay flat, the data say it is its own change (flagged, with p and Holm p); where
all four fall alike, a company-wide move (no department flag); the words, the bars' label, the
overview and the meeting line follow the answer, and no interval stands beside an empty p."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats

from analytics import text
from analytics.export import figures
from analytics.findings.headlines import headlines
from analytics.findings.sections import identified_shifts
from analytics.findings.stories import scope_shift_lines
from analytics.findings.units import convert, unit_of_scales
from analytics.stats.attribution import against_trend, department_shifts, score_changes
from tests.test_fixattr30 import SIZES, _people, _ratings

UNIT = unit_of_scales(["0-100"])


def _case(drop: dict[str, float]):
    people = _people(SIZES, drop)
    ch = score_changes(_ratings(people))
    sh = identified_shifts(department_shifts(ch))
    change = {e: after - before for e, _d, before, after in people}
    own = {d: [change[e] for e, dd, *_ in people if dd == d] for d in SIZES}
    return ch, sh, own


@pytest.fixture(scope="module")
def own_case():  # D0 falls 0.05 (e000 rises 0.12), D1-D3 flat
    return _case({"D0": -0.05, "D1": 0.0, "D2": 0.0, "D3": 0.0})


@pytest.fixture(scope="module")
def company_case():  # all four fall 0.05
    return _case(dict.fromkeys(SIZES, -0.05))


def _holm(p: list[float]) -> list[float]:
    """Holm's step-down adjusted p-values, by hand."""
    order = np.argsort(p)
    out, run = [0.0] * len(p), 0.0
    for k, i in enumerate(order):
        run = max(run, min(1.0, (len(p) - k) * p[i]))
        out[i] = run
    return out


def test_the_dominant_departments_own_change_is_flagged_with_its_p_and_holm_p(own_case):
    _ch, sh, own = own_case
    assert sh["environment_answer"].to_list() == ["own"] * 4
    by = {r["dept"]: r for r in sh.iter_rows(named=True)}
    rest = own["D1"] + own["D2"] + own["D3"]
    # the dominant against the rest: Welch, Holm across the pair's four departments
    others = {d: [x for o in SIZES if o != d for x in own[o]] for d in SIZES}
    welch = {d: stats.ttest_ind(own[d], others[d], equal_var=False) for d in SIZES}
    holm = dict(zip(SIZES, _holm([welch[d].pvalue for d in SIZES])))
    d0 = by["D0"]
    assert d0["diff_p_value"] == pytest.approx(welch["D0"].pvalue, rel=1e-6)
    assert d0["diff_p_holm"] == pytest.approx(holm["D0"], rel=1e-6) and d0["diff_p_holm"] < 1e-10
    # the rest's own change and its one-sample interval hold 0: (+0.02 + 0.02 + 0) / 40
    assert d0["rest_change"] == pytest.approx(0.04 / 40)
    lo, hi = stats.ttest_1samp(rest, 0.0).confidence_interval()
    assert (d0["rest_ci95_low"], d0["rest_ci95_high"]) == pytest.approx((lo, hi))
    assert lo < 0 < hi
    # each interval beside its own p: the department's own change against 0
    for d, r in by.items():
        one = stats.ttest_1samp(own[d], 0.0)
        assert r["p_value"] == pytest.approx(one.pvalue, rel=1e-6)
    assert d0["flag"] and d0["broad"] and d0["significant"]
    assert not any(by[d]["significant"] for d in ("D1", "D2", "D3"))
    assert d0["flag_reason"]["code"] == "department_shift_joint_own"


def test_the_own_change_is_said_with_the_rests_interval_in_points(own_case):
    _ch, sh, own = own_case
    on = convert(sh.filter(pl.col("dept") == "D0"), UNIT)
    zh = text.render_column(on["flag_reason"], "zh", "reason")[0]
    en = text.render_column(on["flag_reason"], "en", "reason")[0]
    lo, hi = stats.ttest_1samp(own["D1"] + own["D2"] + own["D3"], 0.0).confidence_interval()
    rest = f"（n=40）没有变动（+0.1，95% CI {100 * lo:+.1f}…{100 * hi:+.1f}）"
    assert rest in zh and "这是 D0 自己的变动" in zh and "Holm p<0.001" in zh, zh
    assert "校正后平均变动 -4.7" in zh and "无法判断" not in zh, zh
    assert "the other departments (n=40) did not move (+0.1" in en and "D0's own change" in en


def test_the_overview_meeting_bars_and_riser_say_its_own_change(own_case):
    ch, sh, _own = own_case
    codes = [h.code for h in headlines({"department_shifts": sh}, UNIT)]
    assert "overview.headline_shift" in codes
    assert not {"overview.headline_joint", "overview.headline_joint_dominant"} & set(codes)
    line = scope_shift_lines(sh.filter(pl.col("dept") == "D0"), ("c2",), UNIT)
    assert line["line"][0]["code"] == "scope_shift_joint_own" and line["significant"][0]
    zh = text.render_column(line["line"], "zh", "reason")[0]
    assert "公司其余部门没有变动（+0.1" in zh and "本部门自己的变动" in zh, zh
    names = {t.name for t in figures.attribution_bars(ch, "zh", None, None, sh).data}
    assert text.render("component.department", "zh") in names
    assert text.render("component.environment", "zh") not in names
    # the riser against its department's own fall: a department trend
    riser = against_trend(ch, shifts=sh).filter(pl.col("employee_id") == "e000")
    assert riser["trend"].to_list() == ["department"]


def test_a_company_wide_fall_is_company_wide_and_no_department_is_flagged(company_case):
    ch, sh, own = company_case
    assert sh["environment_answer"].to_list() == ["company"] * 4
    assert not sh["significant"].any() and not sh["broad"].any()
    d0 = sh.filter(pl.col("dept") == "D0").row(0, named=True)
    assert d0["flag_reason"]["code"] == "department_shift_joint_company"
    rest = own["D1"] + own["D2"] + own["D3"]
    assert d0["rest_change"] == pytest.approx(np.mean(rest)) and d0["rest_ci95_high"] < 0
    # every interval shown has its p (no empty Holm p beside an interval, rev31a item 2)
    assert sh.filter(pl.col("ci95_low").is_not_null() & pl.col("p_holm").is_null()).height == 0
    en = text.render_column(convert(sh.head(1), UNIT)["flag_reason"], "en", "reason")[0]
    assert "a company-wide move" in en and "no department shift" in en, en
    heads = headlines({"department_shifts": sh}, UNIT)
    codes = [h.code for h in heads]
    assert "overview.headline_shift" not in codes and "overview.headline_joint" not in codes
    h = next(h for h in heads if h.code == "overview.headline_joint_company")
    assert "同向变动" in text.render(h.code, "zh", **h.params)
    line = scope_shift_lines(sh.filter(pl.col("dept") == "D0"), ("c2",), UNIT)
    assert line["line"][0]["code"] == "scope_shift_joint_company"
    names = {t.name for t in figures.attribution_bars(ch, "en", None, None, sh).data}
    assert text.render("component.company", "en") in names
    assert text.render("component.environment", "en") not in names
    # the riser against a company-wide fall, of the whole pair's people; the answer in words
    riser = against_trend(ch, shifts=sh).filter(pl.col("employee_id") == "e000")
    assert riser["trend"].to_list() == ["company"]
    assert riser["reason"][0]["code"] == "against_company_trend"
    assert riser["reason"][0]["params"]["n"] == 100
    words = text.render_column(sh["environment_answer"], "zh", "answer").to_list()
    assert words == ["全公司的变动"] * 4
