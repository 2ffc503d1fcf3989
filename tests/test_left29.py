"""left29: leftovers of session 28 (issues 16, 19) that need no page."""

from __future__ import annotations

from analytics.text import render


def test_the_rater_effects_note_says_rows_open_the_rater_too():
    """The rater page's note said "点击点查看该评价人" (click a point) while a row of the
    flagged-raters table below opens the rater too (import28): it names both."""
    zh, en = render("raters.effects_note", "zh"), render("raters.effects_note", "en")
    assert zh.endswith("点击图中的点或下方表格中的一行，查看该评价人。"), zh[-40:]
    assert en.endswith("Click a point on the chart or a row of the table below to see the rater.")


def test_a_pseudonymised_rater_rows_reasons_say_banded_counts():
    """left29 item 6: the analyst's rater rows had their counts banded (rev28b), but their
    reasons still said the exact counts ("5 ratees, 15 ratings"; the peer panel's "12 ratees,
    31 pairs"), which tell a team's size as well. They say the bands now."""
    import polars as pl

    from analytics.findings.visibility import banded_counts
    from analytics.text import render_column

    def said(code: str, **params) -> dict:
        return {"code": code, "params": params}

    rec = said("rec_flagged", diff=0.3, r_last=0.98, r_whole=0.68, lo=0.11, hi=0.72, q=0.0001)
    rows = pl.DataFrame(
        {
            "rater_id": ["R-1", "R-2"],
            "n_ratees": [5, 23],
            "pattern_reason": [[rec | {"params": rec["params"] | {"n": 5, "units": 15}}], []],
            "status_reason": [said("few_shared_ratees", shared=3, min=5), None],
            "reason": [
                None,
                said("panel_clear", n=12, pairs=31, effect=0.1, lo=0.0, hi=0.2, q=0.2, thr=0.3),
            ],
        }
    )
    out = banded_counts(rows)
    assert out["n_ratees"].to_list() == ["5-9", "20-49"]
    words = {
        c: render_column(out[c], "en", "reason").to_list()
        for c in ("pattern_reason", "status_reason", "reason")
    }
    assert "5-9 ratees, 10-19 ratings;" in words["pattern_reason"][0][0]
    assert words["pattern_reason"][1] == []
    assert "only 1-4 of their ratees" in words["status_reason"][0]
    assert words["status_reason"][1] is None and words["reason"][0] is None
    assert "10-19 ratees, 20-49 pairs of ratings" in words["reason"][1]
    zh = render_column(out["reason"], "zh", "reason").to_list()[1]
    assert "10-19 位被评人、20-49 对评分" in zh


def test_a_shift_with_new_managers_is_said_with_one_interval():
    """left29 item 9: 销售中心's shift with new managers in some teams: its story said the
    department part of the teams without a new manager with their interval (-4.7 to -3.1),
    the department's own line the whole shift's (-4.5…-3.1). Both say the one part and its
    interval now, the line naming the teams it is of; without a manager change, the whole."""
    import polars as pl

    from analytics.findings import stories
    from analytics.findings.units import Unit
    from analytics.text import render_column

    key = {"dept": ["销售中心", "研发中心"], "from_cycle": ["Q1"] * 2, "to_cycle": ["Q2"] * 2}
    shifts = pl.DataFrame(
        key
        | {"n": [100, 80], "n_rest": [900, 920], "n_manager_changed": [30, 0]}
        | {"department": [-0.038, 0.05], "ci95_low": [-0.045, 0.04], "ci95_high": [-0.031, 0.06]}
        | {"broad_shift": [-0.039, 0.05], "broad_ci95_low": [-0.047, 0.04]}
        | {"broad_ci95_high": [-0.031, 0.06], "significant": [True, True]}
    )
    rows = [(d, -0.039 if d == "销售中心" else 0.05) for d in key["dept"] for _ in range(3)]
    changes = pl.DataFrame(
        {
            "dept": [d for d, _ in rows],
            "from_cycle": ["Q1"] * 6,
            "to_cycle": ["Q2"] * 6,
            "change": [p for _, p in rows],
            "department": [p for _, p in rows],
        }
        | {c: [0.0] * 6 for c in ("company", "rater", "individual")}
    )
    unit = Unit("0-100", 0.0, 100.0)
    story = render_column(
        stories.shift_sentences(shifts, changes, None, unit)["story"], "en", "story"
    ).to_list()
    line = render_column(stories.scope_shift_lines(shifts, ("Q2",), unit)["line"], "en", "reason")
    sales, rd = (next(s for s in story if s.startswith(d)) for d in ("销售中心", "研发中心"))
    assert "department environment -3.9 (95% interval -4.7 to -3.1)" in sales
    assert "95% interval +4.0 to +6.0" in rd
    assert "销售中心's teams without a new manager moved -3.9 " in line[0]
    assert "(95% CI -4.7…-3.1)" in line[0] and "of whom 30 under a new manager" in line[0]
    assert "研发中心 moved +5.0 points on 0-100 as a whole" in line[1]
    assert "(95% CI +4.0…+6.0)" in line[1]
    zh = render_column(stories.scope_shift_lines(shifts, ("Q2",), unit)["line"], "zh", "reason")
    assert "未换上级的团队变动 -3.9" in zh[0] and "95% CI -4.7…-3.1" in zh[0]
