"""Session 26 (lead) on the pages, both languages, catalogue words: the person page's adjusted
score says a rater estimated through the links only was estimated and not used (rev26a item 2),
on the reviewer's workbook (conftest's ``rev23a_db``)."""

from __future__ import annotations

import pytest

from analytics.text import render
from tests.app.apptest import open_page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_adjusted_box_says_the_linked_managers_standard_was_not_used(
    rev23a_db, monkeypatch, lang
):
    """000303 (rank 4) is rated by 000108 张博颖, lenient by +5.7 through the links (4 people
    who changed manager): the box under the adjusted score says so, named, with the number,
    and no longer that no rater's standard could be estimated."""
    monkeypatch.setenv("PERFLENS_DB", str(rev23a_db))
    at = open_page("pages/person.py", lang, employee="000303")
    captions = [c.value for c in at.caption]
    assert render("person.adjusted_none", lang) not in captions
    (line,) = [c for c in captions if "000108" in c and "5.7" in c]
    named = "张博颖（000108）" if lang == "zh" else "张博颖 (000108)"
    assert named in line
    assert ("跨周期联系" in line and "4 名" in line) if lang == "zh" else "from 4 people" in line
