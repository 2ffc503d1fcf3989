"""Coverage of the intervals on a person's change parts (fast subset; the 20-seed run is
``python -m tests.sim.parts``, quoted in docs/methods.md)."""

from __future__ import annotations

from tests.sim.parts import parts_coverage


def test_individual_part_intervals_hold_the_truth_about_95_percent() -> None:
    r = parts_coverage(range(2))
    assert r["individual_estimable"] > 0.9, r
    assert 0.90 <= r["individual_covered"] <= 0.99, r
    assert r["department_covered"] >= 0.75, r
