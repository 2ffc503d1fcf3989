"""rev35b: an HRBP of 客户服务中心 opening the overview unfiltered read "Company as a whole
(314 people) gives S to 3.8%" for her own department: the line on the scope as a whole named
the unclipped scope (the company), while its numbers were her reach's. Now the lines name the
scope as the viewer may see it: her department; a manager's teams; an HRBP of two
departments both."""

from __future__ import annotations

import shutil

import pytest

from analytics.auth.roles import Viewer
from analytics.findings.headlines import whole_scope_name
from analytics.findings.scope import Scope
from analytics.text import render
from tests.app.apptest import open_page

HRBP = Viewer("wang.lei@example.com", "hrbp", ("客户服务中心",))


@pytest.fixture(scope="module")
def company(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("rev35b_reach") / "perflens.duckdb"
    shutil.copyfile(demo_db, path)  # the page writes the access log beside it
    return path


def _opening(scope: str, lang: str) -> str:
    """The words before the count of "{scope} as a whole ({n} people) ..."."""
    line = render(
        "dist.whole_below",
        lang,
        scope=scope,
        n=7,
        grade="S",
        share=0.1,
        lo=0.1,
        hi=0.1,
        target=0.2,
        kind_one="department",
    )
    return line.split("7")[0]


def test_a_reach_is_named_by_its_departments_or_teams():
    assert (
        whole_scope_name(Scope(within=("研发中心", "销售中心/华东销售部")))
        == "研发中心 + 华东销售部"
    )
    team = Scope(people=("E000001", "E000002"), teams=("财务核算一组",))
    assert whole_scope_name(team) == "财务核算一组"
    assert whole_scope_name(Scope(people=("E000001",))) == "this_scope"
    assert whole_scope_name(Scope()) == "company"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_hrbps_overview_names_her_department_as_a_whole(company, monkeypatch, lang):
    monkeypatch.setenv("PERFLENS_DB", str(company))
    at = open_page("pages/overview.py", lang, viewer=HRBP)
    said = " ".join(str(m.value) for m in at.markdown)
    assert _opening("客户服务中心", lang) in said  # the demo's 客户服务中心 is below the guideline
    assert _opening("company", lang) not in said
