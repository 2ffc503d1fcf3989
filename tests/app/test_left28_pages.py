"""left28 on the pages: the overview's "as a whole" counts everyone, as /distributions does
(issue 19 item 2); its count tables offer our CSV, not only the grid's (item 5)."""

from __future__ import annotations

from tests.app.apptest import open_page


def test_the_overview_counts_the_whole_department(demo):
    """The small demo's 研发中心: 49 people in its units, 50 graded (its head at the department
    itself, a unit of one). The overview's policy line said 49; it says 50, as /distributions.
    Its three count tables (drawn without tables.show) have our CSV (the headers as shown),
    the grid's own (column codes) hidden on them."""
    at = open_page("pages/overview.py", "en", dept="研发中心")
    shown = " ".join(str(m.value) for m in [*at.markdown, *at.info, *at.caption])
    assert "研发中心 as a whole (50 people)" in shown, shown
    assert "(49 people)" not in shown
    buttons = [b.key for b in at.get("download_button")]
    styles = " ".join(h.proto.body for h in at.get("html"))
    for key in ("overview_per_cycle", "overview_per_role", "overview_completion"):
        assert f"{key}_csv" in buttons, buttons
        assert f"st-key-{key}']" in styles
