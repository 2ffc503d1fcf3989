"""left29 on the pages: leftovers of session 28 (issues 16, 19)."""

from __future__ import annotations

from analytics.findings import report
from tests.app.apptest import open_page


def test_a_warm_overview_rerun_does_not_carry_the_change_again(demo, monkeypatch):
    """A one-cycle overview names the change into the cycle (``ui.cache.carried``): built once
    per scope and data version (``cache.derived``), not again on every rerun of the page (it
    was: 4 of a warm rerun's 50 CPU ms on the demo); the rerun shows the same headlines."""
    calls: list[str] = []
    carry = report.carried_sections
    monkeypatch.setattr(
        report, "carried_sections", lambda *a, **k: calls.append(a[1]) or carry(*a, **k)
    )
    at = open_page("pages/overview.py", "en", cycle=["2025Q3"])
    before = [m.value for m in at.markdown]
    assert calls == ["2025Q3"]  # the first run carried the change into the cycle
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls == ["2025Q3"]  # the rerun did not
    assert [m.value for m in at.markdown] == before
