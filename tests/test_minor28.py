"""Session 28's English review (rev28b), minors 6-10 and 14: each against hand-worked values."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.findings.headlines import guideline_whole_lines
from analytics.text import render
from tests.sim.guided import GUIDELINE

# --- item 14: "none of the 1 departments" -> the count's singular ---------------------------


def _shares(units: dict[str, tuple[int, int]]) -> pl.DataFrame:
    """``grade_shares`` of units given as (people, top grades); the rest 良好."""
    rows = []
    for unit, (n, k) in units.items():
        rows += [(unit, "优秀", n, k), (unit, "良好", n, n - k)]
    return pl.DataFrame(rows, schema=["unit", "grade", "n", "count"], orient="row")


@pytest.mark.parametrize(("units", "said"), [(1, "1 department compared"), (3, "3 departments")])
def test_the_alike_line_counts_departments_in_the_singular_for_one(units, said):
    # each unit 8 of 100 top grades: the whole 8% (Wilson 5.7%-11.1% for 400) below 20%
    lines = guideline_whole_lines(_shares({f"U{i}": (100, 8) for i in range(units)}), GUIDELINE)
    code, params = lines[-1]
    assert code == "dist.whole_units_alike" and params["units"] == units
    en = render(code, "en", **params)
    assert said in en and "1 departments" not in en
    zh = render(code, "zh", **params)
    assert f"{units} 个部门" in zh and "#" not in zh and "|" not in zh
