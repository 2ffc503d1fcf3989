"""What the last reviews left (left31) on the pages (AppTest), each on a small frame."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _card() -> None:
    import polars as pl
    import streamlit as st

    from analytics.findings.units import unit_of_scales
    from ui.consistency import rater_card

    reason = {"code": "own_ratees_only", "params": {"n": 6}}
    row = {
        "rater_id": ["E0232"],
        "n": [30],
        "n_ratees": [6],
        "flags": [["central_tendency"]],
        "effect": [None],
        "ci95_low": [None],
        "ci95_high": [None],
        "status_reason": [reason],
        "team_diff": [-0.075],
        "team_ci95_low": [-0.178],
        "team_ci95_high": [0.028],
        "team_people": [6],
    }
    frame = pl.DataFrame(row, schema_overrides={"effect": pl.Float64})
    unit = unit_of_scales(["1-5"])
    st.info(rater_card(frame, "Siti Teo (E0232)", unit))
    st.info(rater_card(frame.drop("team_diff"), "E0232", unit))
    known = frame.with_columns(effect=pl.lit(0.05), ci95_low=pl.lit(0.01), ci95_high=pl.lit(0.09))
    st.info(rater_card(known, "E0232", unit))


def test_a_rater_whose_effect_cannot_be_estimated_says_why_and_their_teams_gap():
    """rev30b item 14: a manager-only rater's card read "effect — (95% CI — to —)"; it says
    why there is no effect and gives the team against the rest of the department, in the
    scale's points (0-1 times 4 on 1-5: -0.075 -> -0.30, -0.178 -> -0.71, 0.028 -> +0.11)."""
    for lang, words in (
        ("English", ("effect cannot be estimated: nobody else rates their 6 ratees", "—")),
        ("中文", ("效应无法估计：其 6 名被评人没有其他评价人", "—")),
    ):
        at = AppTest.from_function(_card, default_timeout=60)
        at.session_state["lang"] = lang
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        team, alone, known = (i.value for i in at.info)
        assert words[0] in team and words[1] not in team
        assert "-0.30" in team and "-0.71" in team and "+0.11" in team and "6 " in team
        assert words[0] in alone and "-0.30" not in alone
        assert "+0.20" in known and "+0.04" in known and "+0.36" in known
