"""rev28b items 1 and 13 on the pages. A department head, HRBP or manager whose reach holds
nobody in the dataset open (a second company: roles apply by department name and employee id
in every dataset) is told so on every page in the reader's language, not a traceback (the
Overview crashed on an empty summary); the analyst's refusals are logged like other roles'."""

from __future__ import annotations

import shutil

import pytest

from analytics.auth.roles import Viewer
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
