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


# --- item 10: headlines name the raters beside their ids where names may be read ------------


def _flagged_raters() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rater_id": ["E001204", "E000683", "E000889"],
            "flags": [["central_tendency"], ["central_tendency"], ["severe"]],
            "effect": [0.01, -0.02, -0.11],
            "status": ["clear", "clear", "flagged"],
            "fdr_flag": [False, False, True],
            "flag": [None, None, "severe"],
            "mde80": [0.2, 0.2, 0.2],
            "threshold": [0.3, 0.3, 0.3],
            "interval_method": ["wald"] * 3,
        }
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headlines_name_raters_beside_their_ids(lang):
    from analytics.findings.headlines import headlines

    names = pl.DataFrame({"employee_id": ["E001204", "E000889"], "name": ["韩欣", "王霞"]})
    said = {}
    for who, roster in (("named", names), ("ids", None)):
        found = headlines({"raters": _flagged_raters()}, names=roster)
        said[who] = " | ".join(render(h.code, lang, **h.params) for h in found)
    named = lambda n, i: render("common.person_named", lang, name=n, id=i)  # noqa: E731
    # E000683 has no name in the roster: its id alone
    assert named("韩欣", "E001204") in said["named"] and "E000683" in said["named"]
    assert named("王霞", "E000889") in said["named"]  # the severe rater too
    assert "韩欣" not in said["ids"] and "王霞" not in said["ids"]  # pseudonymised: ids only
    assert "E001204" in said["ids"] and "E000889" in said["ids"]
