"""The company part against shifts confined to some departments (fast subset: 20 seeds per
design; the 200-seed run is ``python -m tests.sim.company_part``, quoted in docs/methods.md)."""

from __future__ import annotations

import pytest

from tests.sim.company_part import company_part_rates


@pytest.fixture(scope="module")
def rates() -> dict[str, dict[str, float]]:
    return {d: company_part_rates(d, range(20)) for d in ("one_down", "company_wide", "two_depts")}


def test_one_department_down_stays_its_own(rates) -> None:
    """rev24a: 销售中心 -6 points, the others flat. Against the panel's mean the flat
    departments read +1.5 and were flagged in 199 of 200 companies; against the weighted
    median they read about 0 and are flagged about as often as chance allows."""
    r = rates["one_down"]
    assert abs(r["company"]) < 0.005 and abs(r["flat_part"]) < 0.005
    assert r["flat_part_abs_max"] < 0.012
    assert r["flat_flag_rate"] < 0.05
    assert r["moved_part"] == pytest.approx(-0.06, abs=0.005)
    assert r["moved_found"] == 1.0


def test_a_company_wide_shift_is_the_company_part(rates) -> None:
    r = rates["company_wide"]
    assert r["company"] == pytest.approx(-0.06, abs=0.003)
    assert abs(r["moved_part"]) < 0.003  # every department's part: about 0
    assert r["moved_found"] == 0.0


def test_two_departments_cannot_say_which_moved(rates) -> None:
    """With two departments the company part is their mean (a median would pick the larger
    one): the fall is split between them and both read as moved, against each other."""
    r = rates["two_depts"]
    assert r["company"] == pytest.approx(-0.03, abs=0.003)
    assert r["moved_part"] == pytest.approx(-0.03, abs=0.003)
    assert r["flat_part"] == pytest.approx(0.03, abs=0.003)


def test_the_shift_threshold_lists_a_real_fall_and_no_flat_department() -> None:
    """rev28a: a fall of 5 points on 0-100 (0.6 SD of the person scores) in the largest
    department is listed in every company (the old 5-point rule: in 41% of 200); with nothing
    planted no department is listed (0 of 200 companies, Holm alone flags 3%). Fast subset of
    ``python -m tests.sim.shift_threshold``: 4 companies each."""
    from tests.sim.shift_threshold import threshold_rates

    fall, none = threshold_rates(-0.05, range(4)), threshold_rates(0.0, range(4))
    assert 0.015 < fall["threshold"] < 0.02  # 0.2 x the person scores' SD (about 0.085)
    assert fall["moved_listed"] == 1.0 and fall["moved_listed_old"] < 1.0
    assert fall["flat_listed"] == 0.0 and none["flat_listed"] == 0.0
