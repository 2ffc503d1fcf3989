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


@pytest.mark.parametrize(("units", "said"), [(2, "2 departments"), (3, "3 departments")])
def test_the_alike_line_counts_departments_in_the_singular_for_one(units, said):
    # each unit 8 of 100 top grades: the whole 8% (Wilson 5.7%-11.1% for 400) below 20%
    lines = guideline_whole_lines(_shares({f"U{i}": (100, 8) for i in range(units)}), GUIDELINE)
    code, params = lines[-1]
    assert code == "dist.whole_units_alike" and params["units"] == units
    en = render(code, "en", **params)
    assert said in en and "1 departments" not in en
    zh = render(code, "zh", **params)
    assert f"{units} 个部门" in zh and "#" not in zh and "|" not in zh


def test_one_unit_is_not_compared_with_the_rest():
    """One unit (a department with no teams; tester G, session 45, item 2): the whole's gap
    alone, no "none of the 1 department compared" (there is no rest to compare it with)."""
    lines = guideline_whole_lines(_shares({"U0": (100, 8)}), GUIDELINE)
    assert lines[0][0] == "dist.whole_below_alone"  # the top grade's; the bottom's alone too
    assert all(code.endswith("_alone") for code, _ in lines), lines
    assert lines[0][1]["n"] == 100 and lines[0][1]["share"] == pytest.approx(0.08)


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


# --- item 6: a change's parts add up to the change as shown ---------------------------------

#: E000639 2026Q1 -> 2026Q2 as the reviewer read it: +0.002 + 0.000 - 0.002 - 0.033 != -0.034,
#: and the 2025Q1 -> Q2 company part of -0.00041 that the workbook wrote as 0
_ROWS = {
    "employee_id": ["E000639", "E000073"],
    "from_cycle": ["2026Q1", "2025Q1"],
    "to_cycle": ["2026Q2", "2025Q2"],
    "company": [0.0016, -0.00041],
    "department": [0.0004, -0.000944],
    "rater": [-0.0024, 0.0],
    "new_manager": [0.0, 0.0],
    "individual": [-0.0334, 0.095104],
}
_PARTS = ("company", "department", "rater", "new_manager", "individual")


def _changes() -> pl.DataFrame:
    return pl.DataFrame(_ROWS).with_columns(change=pl.sum_horizontal(*_PARTS))


def test_rounded_parts_add_up_to_the_rounded_change_by_hand():
    from analytics.stats.apportion import rounded_parts

    parts, total = rounded_parts(_changes().select(_PARTS).to_numpy(), _changes()["change"].to_numpy(), 0.001)  # fmt: skip
    # -0.0338 -> -0.034: floors +1, 0, -3, 0, -34 (sum -36); two steps to the largest
    # remainders (0.6 each, first listed first): +0.002, -0.002, and -0.034 stays
    assert parts[0] == pytest.approx([0.002, 0.0, -0.002, 0.0, -0.034])
    # 0.093750 -> 0.094: floors -1, -1, 0, 0, 95 (sum 93); one step to -0.00041 (0.59)
    assert parts[1] == pytest.approx([0.0, -0.001, 0.0, 0.0, 0.095])
    assert total == pytest.approx([-0.034, 0.094])
    assert parts.sum(axis=1) == pytest.approx(total, abs=1e-12)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_csv_parts_add_up_to_the_change_as_written(lang):
    import io

    from analytics.export.report import to_csv

    out = pl.read_csv(io.BytesIO(to_csv(_changes(), lang)))
    nums = out.select(pl.selectors.float())
    assert nums.width == 6  # the change and its five parts
    # the last column is the change: the parts written add up to it, to the digit
    assert nums.columns[-1] == render("column.change", lang)
    values = nums.to_numpy()
    assert values[:, :5].sum(axis=1) == pytest.approx(values[:, 5], abs=1e-9)
    assert values[:, 5] == pytest.approx([-0.034, 0.094])
    assert values[1, 0] == 0.0  # the company part -0.00041 shows as 0, and the sum still holds


def test_the_waterfall_bars_add_up_to_the_change_as_labelled():
    from analytics.export.figures import waterfall

    row = _changes().row(0, named=True)
    fig = waterfall(row, "en", None)
    y, text = list(fig.data[0].y), list(fig.data[0].text)
    assert [t.split("<br>")[0] for t in text] == ["+0.002", "+0.000", "-0.002", "-0.034", "-0.034"]
    assert sum(y[:4]) == pytest.approx(y[4], abs=1e-12)
