"""left30 item 3: a company of two departments cannot tell its own move from a department's;
the attribution page says why once per cycle pair (a note listing the pairs), and each
department's line only that the two are not separated (each line said why at length, once
per department and pair)."""

from __future__ import annotations

import pytest

from analytics.text import render
from tests.app.apptest import open_page
from tests.app.test_fixstat29_pages import two_dept_db  # noqa: F401 (a fixture)

#: the why, in the note only
WHY = {"zh": "一个部门占一半以上人员", "en": "more than half of"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_attribution_page_says_why_once_per_pair(two_dept_db, monkeypatch, lang):  # noqa: F811
    monkeypatch.setenv("PERFLENS_DB", str(two_dept_db))
    at = open_page("pages/attribution.py", lang)
    md = [m.value for m in at.markdown]
    said = [*md, *(c.value for c in at.caption)]
    # why: once, in the heading; the pairs: once, in the note under it
    head = render("attr.environment_joint", lang)
    assert sum(WHY[lang] in x for x in said) == 1 and any(head in m for m in md)
    pair = render("attr.joint_pair", lang, from_cycle="2026Q2", to_cycle="2026Q3", n_depts=2)
    notes = [x for x in said if pair in x]
    assert len(notes) == 1 and notes[0].count("→") == 2, notes
    lines = [m for m in md if "制造中心" in m and "2026Q2→2026Q3" in m]
    assert all(("无法分开" if lang == "zh" else "cannot be separated") in m for m in lines)
