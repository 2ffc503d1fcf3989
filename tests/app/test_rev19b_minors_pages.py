"""rev19b minor 10 on the page: a department whose head sits at the department itself shows
no unit of one person in its comparisons, and a line names the units left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.text import render
from tests.app.apptest import open_page


def _lone_department(path: Path) -> tuple[str, list[str]]:
    """A top department with a unit of one person, and those units."""
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section
    from analytics.store import db

    con = db.connect(path, read_only=True)
    try:
        tops = con.execute(
            "SELECT DISTINCT department FROM employees WHERE department NOT LIKE '%/%' ORDER BY 1"
        ).fetchall()
        for (dept,) in tops:
            lone = compute_section("lone_units", load_scope_lazy(con, Scope(department=dept)))
            if lone is not None and lone.height:
                return dept, lone["unit"].unique(maintain_order=True).to_list()
    finally:
        con.close()
    raise AssertionError("no department of the small demo has its head at the department")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_distributions_leave_a_one_person_unit_out_and_say_so(demo, lang):
    dept, units = _lone_department(demo)
    at = open_page("pages/distributions.py", lang, dept=dept)
    assert render("dist.lone_units", lang, units=units) in [c.value for c in at.caption]
    for table in at.dataframe:
        if "unit" in table.value.columns:
            # the scope's own row (rev30b item 1: the whole department, above its units) may
            # carry the department's name; the lone unit of one person never shows
            lone = table.value[table.value["unit"].isin(units)]
            assert "n" in table.value.columns or lone.empty, list(table.value.columns)
            assert lone.empty or (lone["n"] > 1).all(), lone.to_dict("records")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_department_head_sees_rater_counts_of_the_roles_shown(demo, lang):
    """Issue 20's residual: below hr_admin the rater page's n is of the manager, skip-level
    and self ratings only (the peer share is hidden, so the total would give it away), and
    the page says so; the administrator sees neither the line nor smaller counts."""
    from analytics.auth.roles import Viewer

    dept, _ = _lone_department(demo)
    head = Viewer(user="head@example.com", role="dept_head", departments=(dept,))
    # the list of every rater draws only when its expander is open (ui.tables.lazy_expander)
    at = open_page("pages/raters.py", lang, viewer=head, raters_all_open=True)
    said = render("raters.counts_named_roles", lang)
    assert said in [c.value for c in at.caption]
    admin = open_page("pages/raters.py", lang, raters_all_open=True)
    assert said not in [c.value for c in admin.caption]

    def counts(page) -> dict[str, int]:
        tables = [d.value for d in page.dataframe if {"rater_id", "n"} <= set(d.value.columns)]
        table = max(tables, key=len)  # every rater (the flagged ones are a part)
        return dict(zip(table["rater_id"], table["n"], strict=True))

    mine, all_ = counts(at), counts(admin)
    assert mine and all(mine[r] <= all_[r] for r in mine)
    assert any(mine[r] < all_[r] for r in mine)  # a rater who also gave peer ratings
