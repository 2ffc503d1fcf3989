"""left29: leftovers of session 28 (issues 16, 19) that need no page."""

from __future__ import annotations

from analytics.text import render


def test_the_rater_effects_note_says_rows_open_the_rater_too():
    """The rater page's note said "点击点查看该评价人" (click a point) while a row of the
    flagged-raters table below opens the rater too (import28): it names both."""
    zh, en = render("raters.effects_note", "zh"), render("raters.effects_note", "en")
    assert zh.endswith("点击图中的点或下方表格中的一行，查看该评价人。"), zh[-40:]
    assert en.endswith("Click a point on the chart or a row of the table below to see the rater.")
