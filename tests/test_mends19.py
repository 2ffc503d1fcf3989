"""Session 19 mends (code): one rounding of points for the department and team sentences, one
tuple of the KPI drivers' fraction columns for the attribution module and the labels, one
"start once" for the runtime's background imports."""

from __future__ import annotations

import polars as pl

from analytics.findings import stories
from analytics.findings.units import Unit
from analytics.text import render_column
from tests.test_review19c import _team_drop_ratings


def test_points_round_by_the_pairs_scale():
    frame = pl.DataFrame({"_span": [100.0, 4.0, 1.0], "x": [-0.03216] * 3})
    assert frame.select(stories._points("x"))["x"].to_list() == [-3.2, -0.13, -0.032]


def test_a_part_that_rounds_to_zero_is_worded_zero_not_minus_zero():
    """Two rows (Polars keeps -0.0 + 0.0 as -0.0 in a frame of more than one row): the
    sentence says "change of rater 0", never "-0"."""
    shifts = pl.DataFrame(
        {"dept": ["销售", "研发"], "from_cycle": ["Q1"] * 2, "to_cycle": ["Q2"] * 2, "n": [2, 2]}
        | {"department": [-0.08, -0.07], "ci95_low": [-0.09] * 2, "ci95_high": [-0.07, -0.06]}
        | {"significant": [True, True]}
    )
    parts = {c: [-0.04] * 4 for c in ("change", "company", "department", "individual")}
    changes = pl.DataFrame(
        {"dept": ["销售"] * 2 + ["研发"] * 2, "from_cycle": ["Q1"] * 4, "to_cycle": ["Q2"] * 4}
        | parts
        | {"rater": [-0.0001] * 4}
    )
    out = stories.shift_sentences(shifts, changes, None, Unit("0-100", 0.0, 100.0))
    for lang in ("zh", "en"):
        words = render_column(out["story"], lang, "story").to_list()
        assert len(words) == 2 and not any("-0 " in w or "-0，" in w or "-0。" in w for w in words)


def test_department_and_team_sentences_both_speak_through_one_rounding(monkeypatch):
    """Both sentence builders take their points from ``stories._points``: a change of the
    rounding lands in both (they carried a copy each)."""
    from analytics.stats.attribution import score_changes

    seen: list[str] = []
    real = stories._points

    def spy(col: str) -> pl.Expr:
        seen.append(col)
        return real(col) * 0 + 123.0

    monkeypatch.setattr(stories, "_points", spy)
    changes = score_changes(_team_drop_ratings())
    table = stories.team_shift_table(changes, changes)
    team = stories.team_shift_sentences(table, Unit("0-100", 0.0, 100.0))
    assert {"shift", "change", "ci95_low", "individual"} <= set(seen)
    assert "123.0" in str(team["story"][0])
    seen.clear()
    shifts = pl.DataFrame(
        {"dept": ["销售"], "from_cycle": ["Q1"], "to_cycle": ["Q2"], "n": [2]}
        | {"department": [-0.08], "ci95_low": [-0.09], "ci95_high": [-0.07]}
        | {"significant": [True]}
    )
    parts = {c: [-0.04, -0.04] for c in ("change", "company", "department", "rater", "individual")}
    dept = stories.shift_sentences(
        shifts,
        pl.DataFrame(
            {"dept": ["销售"] * 2, "from_cycle": ["Q1"] * 2, "to_cycle": ["Q2"] * 2} | parts
        ),
        None,
    )
    assert {"_change", "_department", "ci95_low", "_individual"} <= set(seen)
    assert "123.0" in str(dept["story"][0])
