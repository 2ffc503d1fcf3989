"""names30 on the pages: a rater who is no ratee (a director, an external reviewer) is shown by
the name the import gave beside their id, on the rater page and in a ratee's raters view; the
pseudonymised analyst sees no rater's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.auth.roles import Viewer
from analytics.text import render
from tests.app.apptest import open_page
from tests.test_names30 import EN, imported

NAMES = ("王总监", "李外聘")


@pytest.fixture(scope="module")
def company_db(tmp_path_factory) -> Path:
    """The company of tests/test_names30.py, imported with English headers this time."""
    return imported(tmp_path_factory.mktemp("names30_pages"), EN)


def _shown(at) -> str:
    """Every text and table cell the page drew."""
    parts = [e.value for kind in ("info", "markdown", "caption", "warning") for e in at.get(kind)]
    parts += [df.value.to_string() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(("lang", "said"), [("zh", "王总监（D900）"), ("en", "王总监 (D900)")])
def test_the_rater_page_names_a_rater_who_is_no_ratee(company_db, monkeypatch, lang, said):
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/raters.py", lang, query={"rater": "D900"})
    assert any(said in i.value for i in at.info), [i.value for i in at.info]
    # the table of every rater: the external reviewer by name beside the id
    at.session_state["raters_all_open"] = True
    at.run()
    rows = [df.value for df in at.dataframe if "X901" in df.value.to_string()]
    assert rows and any("李外聘" in df.to_string() for df in rows)


def test_a_ratees_raters_view_names_them(company_db, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/person.py", "en", employee="E001")
    raters = [df.value for df in at.dataframe if "D900" in df.value.to_string()]
    assert raters and all(n in raters[0].to_string() for n in NAMES), raters


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_person_page_says_who_a_rater_rated_by_no_one_is(company_db, monkeypatch, lang):
    """The rater page's "open person" of the director led to "D900 was not found"."""
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/person.py", lang, employee="D900")
    who = render("person.named", lang, name="王总监", id="D900")
    assert [i.value for i in at.info if who in i.value] == [
        render("person.rater_only", lang, who=who)
    ]
    assert not at.warning or "D900" not in " ".join(w.value for w in at.warning)


def test_the_analyst_sees_no_raters_name(company_db, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/raters.py", "en", viewer=Viewer("ana@example.com", "analyst"))
    at.session_state["raters_all_open"] = True
    at.run()
    shown = _shown(at)
    assert at.dataframe and "D900" not in shown  # pseudonyms in the rows the analyst sees
    assert not any(n in shown for n in NAMES)
