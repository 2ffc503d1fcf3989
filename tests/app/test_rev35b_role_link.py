"""rev35b: an English link's ``&role=Peer`` opened in 中文 was dropped from the address without
a word (the role picker's options are worded in the reader's language, and Streamlit matches
the address against those words): the page showed every role. Now either language's word or
the role's code selects the role, the address is reworded as the picker words it (a copied
link keeps it), and a value that names no role is said."""

from __future__ import annotations

import shutil

import pytest

from analytics.text import render
from tests.app.apptest import open_page


@pytest.fixture(scope="module")
def company(small_demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("rev35b_role") / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)  # the page writes the access log beside it
    return path


@pytest.mark.parametrize(
    ("lang", "asked"), [("zh", render("role.peer", "en")), ("en", render("role.peer", "zh"))]
)
def test_the_other_languages_role_selects_it_and_the_address_is_reworded(
    company, monkeypatch, lang, asked
):
    monkeypatch.setenv("PERFLENS_DB", str(company))
    at = open_page("pages/overview.py", lang, query={"role": asked})
    assert at.session_state["role"] == "peer"
    assert at.query_params["role"] == render("role.peer", lang)
    dropped = render("filter.role_dropped", lang, role=asked)
    assert dropped not in [str(w.value) for w in at.warning]


def test_a_role_code_selects_it_and_an_unknown_role_is_said(company, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(company))
    at = open_page("pages/overview.py", "zh", query={"role": "skip_level"})
    assert at.session_state["role"] == "skip_level"
    assert at.query_params["role"] == render("role.skip_level", "zh")
    at = open_page("pages/overview.py", "zh", query={"role": "Boss"})
    assert at.session_state["role"] is None
    assert render("filter.role_dropped", "zh", role="Boss") in [str(w.value) for w in at.warning]
