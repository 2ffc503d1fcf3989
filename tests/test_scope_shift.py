"""rev24a item 4: the calibration packet and meeting say the department's own shift against
the rest of the company beside the guideline's moves."""

from __future__ import annotations

import polars as pl

from analytics.export.packet import cover_lines, scope_shift_words
from analytics.export.report import to_json
from analytics.findings.report import Findings
from analytics.findings.scope import Scope
from analytics.findings.stories import scope_shift_lines
from analytics.findings.units import Unit
from analytics.stats.attribution import department_shifts, score_changes
from analytics.text import render_column
from tests.sim.company_part import shifted_company

P100 = Unit("0-100", 0.0, 100.0)


def _shifts(design: str) -> pl.DataFrame:
    return department_shifts(score_changes(shifted_company(design, 3)))


def test_a_department_wide_fall_is_said_beside_the_moves() -> None:
    sh = _shifts("one_down")
    d0 = sh.filter(pl.col("dept") == "D0").row(0, named=True)
    lines = scope_shift_lines(sh.filter(pl.col("dept") == "D0"), ("2026H1",), P100)
    assert lines.height == 1 and lines["significant"][0]
    zh, en = (render_column(lines["line"], g, "reason")[0] for g in ("zh", "en"))
    # the department part in points on 0-100, with its interval and both n
    shift = f"{d0['department'] * 100:+.1f}"
    assert shift.startswith("-5") or shift.startswith("-6")
    assert shift in zh and shift in en
    assert f"{d0['ci95_low'] * 100:+.1f}" in en and f"{d0['ci95_high'] * 100:+.1f}" in en
    assert f"n={d0['n']}" in en and f"{d0['n_rest']} others" in en
    assert "转嫁到个人" in zh and "pass it on to individuals" in en
    # a flat department: said, without the warning
    flat = scope_shift_lines(sh.filter(pl.col("dept") == "D1"), ("2026H1",), P100)
    words = render_column(flat["line"], "en", "reason")[0]
    assert not flat["significant"][0] and "no department-wide shift" in words


def test_the_one_cycle_packet_reads_the_shift_of_every_cycle() -> None:
    """A packet for 2026H1 / one department has no pair of cycles of its own: the shift comes
    from the same scope over every cycle (``Findings.scope_shifts``)."""
    sh = _shifts("one_down")
    scope = Scope(cycles=("2026H1",), department="D0")
    f = Findings(scope, sections={"department_shifts": pl.DataFrame()}, unit=P100)
    assert scope_shift_words(f, "en") == []  # nothing to read: nothing said
    f.scope_shifts = sh.filter(pl.col("dept") == "D0")
    words = scope_shift_words(f, "en")
    assert len(words) == 1 and "Department-wide shift: D0 moved -" in words[0]
    assert words[0] in cover_lines(f, "en")  # the cover and the workbook's summary
    assert to_json(f, "en")["distribution"]["department_shift"] == words
    # the company's packet says nothing of the kind
    whole = Findings(Scope(cycles=("2026H1",)), sections={}, unit=P100, scope_shifts=sh)
    assert scope_shift_words(whole, "en") == []
