"""left28 on the pages: the overview's "as a whole" counts everyone, as /distributions does
(issue 19 item 2)."""

from __future__ import annotations

from tests.app.apptest import open_page


def test_the_overview_counts_the_whole_department(demo):
    """The small demo's 研发中心: 49 people in its units, 50 graded (its head at the department
    itself, a unit of one). The overview's policy line said 49; it says 50, as /distributions."""
    at = open_page("pages/overview.py", "en", dept="研发中心")
    shown = " ".join(str(m.value) for m in [*at.markdown, *at.info, *at.caption])
    assert "研发中心 as a whole (50 people)" in shown, shown
    assert "(49 people)" not in shown
