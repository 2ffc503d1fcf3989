"""Session 26 (lead) on the pages, both languages, catalogue words: the person page's adjusted
score says a rater estimated through the links only was estimated and not used (rev26a item 2),
on the reviewer's workbook (conftest's ``rev23a_db``)."""

from __future__ import annotations

import pytest

from analytics.text import render
from tests.app.apptest import open_page
from tests.app.conftest import reader_copy


@pytest.fixture(scope="module")
def workbook_db(rev23a_db, tmp_path_factory):
    """A private copy of the reviewer's database: the dashboard opens its file for writing
    (its stored parts), and another worker's test may hold the shared one; this process's
    untouched one (:func:`tests.app.conftest.reader_copy`: the tests here only read it)."""
    return reader_copy(rev23a_db, tmp_path_factory, "lead26")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_adjusted_box_says_the_linked_managers_standard_was_not_used(
    workbook_db, monkeypatch, lang
):
    """000303 (rank 4) is rated by 000108 张博颖, lenient by +5.7 through the links (4 people
    who changed manager): the box under the adjusted score says so, named, with the number,
    and no longer that no rater's standard could be estimated."""
    monkeypatch.setenv("PERFLENS_DB", str(workbook_db))
    at = open_page("pages/person.py", lang, employee="000303")
    captions = [c.value for c in at.caption]
    assert render("person.adjusted_none", lang) not in captions
    (line,) = [c for c in captions if "000108" in c and "5.7" in c]
    named = "张博颖（000108）" if lang == "zh" else "张博颖 (000108)"
    assert named in line
    assert ("跨周期联系" in line and "4 名" in line) if lang == "zh" else "from 4 people" in line
    # linked with 000106 alone: their difference, not a flag (rev29a item 4)
    assert ("不知是谁偏了" in line) if lang == "zh" else "which one is off is unknown" in line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_waterfall_of_a_moved_person_gives_the_rater_pages_linked_estimate(
    workbook_db, monkeypatch, lang
):
    """rev26a item 3: 000299 moved from 000106 (severe) to 000108 (lenient) in 2026H1; the
    rater page estimates them at -5.7 and +5.7 from the 4 people who moved. The waterfall's
    note gives those numbers and their difference (+11.5, from unrounded effects, of the "individual + new manager"
    part, if the people did not change themselves), not "cannot be estimated"."""
    monkeypatch.setenv("PERFLENS_DB", str(workbook_db))
    at = open_page("pages/attribution.py", lang)
    at.text_input(key="attr_find").set_value("000299").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    unestimable = render("attr.waterfall_new_manager", lang, old="000106", new="000108")
    assert unestimable not in captions
    (note,) = [
        c for c in captions if c.startswith(render("attr.waterfall_new_manager_linked", lang)[:6])
    ]
    assert "000108 +5.7" in note and "000106 -5.7" in note and "+11.5" in note
