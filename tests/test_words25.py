"""rev25b items 2-5, 9-13: sentences that say what the statistic does (session 25, words25)."""

from __future__ import annotations

import html

import polars as pl

from analytics.export.packet import to_packet_html
from analytics.text import render


# --- item 2: the company part of the department shifts is a weighted median -----------------
def test_shifts_note_says_weighted_median_in_both_languages():
    en, zh = render("attr.shifts_note", "en"), render("attr.shifts_note", "zh")
    assert "people-weighted median of the departments' mean adjusted changes" in en
    assert "√(π/2" in en and "fewer than three departments" in en
    assert "按人数加权中位数" in zh and "√(π/2" in zh and "少于三个部门" in zh
    # the old sentence called the median a mean of all employees, with a t interval
    assert not en.startswith("Company is the mean adjusted change")
    assert not zh.startswith("公司因素为该对周期全体员工校正后变动的均值")


def test_packet_says_what_the_company_column_is(small_rd_findings):
    shifts = small_rd_findings.sections.get("department_shifts")
    assert shifts is not None and shifts.height, "the scope has department shifts"
    for lang in ("en", "zh"):
        page = to_packet_html(small_rd_findings, lang)
        title = f"<h2>{html.escape(render('section.department_shifts', lang))}</h2>"
        section = page.split(title)[1].split("</section>")[0]
        assert html.escape(render("attr.shifts_note", lang)) in section, lang
    assert isinstance(shifts, pl.DataFrame)


# --- item 9: the packet's department shift only between the chosen cycles -----------------
def test_scope_shift_only_between_the_chosen_cycles():
    """rev25b item 9: 市场部 with 2025Q4 and 2026Q1 chosen cited 2025Q3→2025Q4 too (a pair
    that ends in a chosen cycle but starts before the selection). Of two cycles or more, only
    the pairs between them; of one (the meeting's cycle), the entry into it, as before."""
    from analytics.export.packet import scope_shift_words
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope
    from analytics.findings.stories import scope_shift_lines
    from tests.test_scope_shift import P100, _shifts

    one = _shifts("one_down").filter(pl.col("dept") == "D0")
    pairs = (("2025Q3", "2025Q4"), ("2025Q4", "2026Q1"), ("2026Q1", "2026Q2"))
    shifts = pl.concat(one.with_columns(from_cycle=pl.lit(a), to_cycle=pl.lit(b)) for a, b in pairs)
    chosen = scope_shift_lines(shifts, ("2025Q4", "2026Q1"), P100)
    assert chosen.select("from_cycle", "to_cycle").rows() == [("2025Q4", "2026Q1")]
    assert scope_shift_lines(shifts, ("2025Q4",), P100)["from_cycle"].to_list() == ["2025Q3"]
    assert scope_shift_lines(shifts, ("2025Q3", "2026Q1"), P100).height == 0  # not adjacent
    f = Findings(Scope(cycles=("2025Q4", "2026Q1"), department="D0"), sections={}, unit=P100)
    f.scope_shifts = shifts
    words = scope_shift_words(f, "en")
    assert len(words) == 1 and "2025Q4→2026Q1" in words[0] and "2025Q3" not in words[0]
