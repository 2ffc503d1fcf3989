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
