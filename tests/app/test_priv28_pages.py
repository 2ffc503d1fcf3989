"""rev28b items 1 and 13 on the pages. A department head, HRBP or manager whose reach holds
nobody in the dataset open (a second company: roles apply by department name and employee id
in every dataset) is told so on every page in the reader's language, not a traceback (the
Overview crashed on an empty summary); the analyst's refusals are logged like other roles'."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from analytics.auth.roles import Viewer, ask_whom
from analytics.text import render
from tests.app.apptest import open_page

PAGES = ("overview", "distributions", "raters", "attribution", "potential", "calibration", "person")
#: a head of a department, and a manager, the demo company has not
NOBODY = {
    "dept_head": Viewer("h@example.com", "dept_head", ("西南分公司",)),
    "hrbp": Viewer("b@example.com", "hrbp", ("西南分公司/成都",)),
    "manager": Viewer("m@example.com", "manager", employee_id="A0050"),
}


@pytest.fixture(scope="module")
def company(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("priv28_pages") / "perflens.duckdb"
    shutil.copyfile(demo_db, path)
    return path


@pytest.mark.parametrize(("role", "lang"), [("dept_head", "en"), ("hrbp", "zh"), ("manager", "en")])
def test_a_role_with_nobody_in_the_dataset_is_told_so_on_every_page(
    company, monkeypatch, role, lang
):
    monkeypatch.setenv("PERFLENS_DB", str(company))
    at = open_page("pages/overview.py", lang, viewer=NOBODY[role])
    said = render("auth.no_reach_in_dataset", lang, role=render(f"auth.role.{role}", lang))
    for page in PAGES:
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert said in [i.value for i in at.info], (page, [i.value for i in at.info])
        assert not at.dataframe and not at.get("plotly_chart"), page
        assert not at.get("download_button"), page


def test_the_analysts_refusals_are_logged_as_other_roles_are(company, monkeypatch):
    """rev28b item 13: the analyst's ``?employee=`` ("person records are not shown") and a
    selection too small for her (财务部 at M3: one person) leave "refused" rows in the log."""
    from analytics.store import accesslog

    monkeypatch.setenv("PERFLENS_DB", str(company))
    analyst = Viewer("ana@example.com", "analyst")
    at = open_page("pages/person.py", "en", viewer=analyst, employee="E000001")
    assert ask_whom(render("auth.person_pseudonymised", "en"), "en", None) in [
        i.value for i in at.info
    ]
    query = {"dept": "财务部", "level": "M3"}
    at = open_page("pages/distributions.py", "en", viewer=analyst, query=query)
    assert any("1 person" in w.value for w in at.warning), [w.value for w in at.warning]
    log = accesslog.read(company).filter(pl.col("event") == "refused")
    rows = set(zip(log["user"].to_list(), log["detail"].to_list(), strict=True))
    assert ("ana@example.com", "person: E000001") in rows, rows
    assert ("ana@example.com", "selection: 财务部 · M3") in rows, rows


def test_the_analysts_overview_says_who_is_left_out_of_its_counts(company, monkeypatch):
    """rev29b item 4: the analyst's overview read 1,992 employees beside the administrator's
    2,000 with no word; it now says who k-anonymity leaves out (the people at a department's
    root), as the other pages do, and the count is the administrator's less them."""
    import re

    monkeypatch.setenv("PERFLENS_DB", str(company))
    admin = open_page("pages/overview.py", "en")
    ana = open_page("pages/overview.py", "en", viewer=Viewer("ana@example.com", "analyst"))
    assert not ana.exception, [e.value for e in ana.exception]

    def employees(at) -> int:
        return int(str(at.metric[0].value).replace(",", ""))

    said = [c.value for c in ana.caption if c.value.startswith("Left out for your role")]
    assert len(said) == 1, [c.value for c in ana.caption]
    n = int(re.search(r"(\d+) (?:person|people) placed", said[0]).group(1))
    assert n > 0 and employees(ana) == employees(admin) - n
