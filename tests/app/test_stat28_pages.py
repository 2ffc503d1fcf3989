"""stat28 on the rater page: each role's gap to the reference role, said in a sentence from
the catalogue (rev28a item 4: the effects are taken against raters of the same role, so the
gap between roles is said here or nowhere)."""

from __future__ import annotations

import duckdb
import pytest

from analytics.text import render
from tests.app.apptest import open_page


@pytest.mark.parametrize("lang", ["en"])
def test_the_rater_page_says_each_roles_gap_with_its_interval(demo_db, monkeypatch, lang):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        stored = con.execute(
            "SELECT DISTINCT main_role, role_reference FROM mat_sec_raters"
            " WHERE role_gap IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    assert stored, "the demo has managers and skip-levels beside peers: gaps to say"
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = open_page("pages/raters.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    head = render("raters.role_gap", lang).split(":")[0]
    said = [c.value for c in at.caption if c.value.startswith(head)]
    assert len(said) == len({role for role, _ in stored}), said
    for role, reference in stored:
        (line,) = [
            s for s in said if s.split(":")[1].strip().startswith(render(f"role.{role}", lang))
        ]
        assert render(f"role.{reference}", lang) in line and "95% CI" in line
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in line)
