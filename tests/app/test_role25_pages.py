"""A manager's and a department head's pages (rev25b items 1, 6, 7), in both languages: the
manager's rater page shows his own row and says how many raters his role is not shown, not
"0 flagged" and a false halo reason; the breadcrumb's root and the units name the reach ("your
team (…)", "研发中心"), not "Company"; a link to a department outside the manager's team says
so and shows his whole scope, as it does for a department head."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics.auth.roles import Viewer, ask_whom
from analytics.text import render
from tests.app.apptest import LANGS, open_page

ROOT = Path(__file__).resolve().parents[2]
ID = re.compile(r"E\d{6}")
HEAD = Viewer("li.na@example.com", "dept_head", ("研发中心",))


@pytest.fixture(scope="module")
def company(demo_db, tmp_path_factory):
    """The demo copied, and a manager whose people are one roster team outside 研发中心."""
    path = tmp_path_factory.mktemp("role25_pages") / "perflens.duckdb"
    shutil.copyfile(demo_db, path)
    con = duckdb.connect(str(path), read_only=True)
    manager, team = con.execute(
        """SELECT e.manager_id, any_value(e.team) FROM employees e
           WHERE e.manager_id IS NOT NULL AND e.team IS NOT NULL
             AND NOT starts_with(e.department, '研发中心')
           GROUP BY 1 HAVING count(*) BETWEEN 10 AND 40 AND count(DISTINCT e.team) = 1
              AND e.manager_id IN (SELECT rater_id FROM reviews WHERE rater_role = 'manager')
           ORDER BY 1 LIMIT 1"""
    ).fetchone()
    con.close()
    return {"db": path, "manager": Viewer("m@example.com", "manager", employee_id=manager)}, team


def start(company, monkeypatch, viewer: Viewer, lang: str, page: str, **params) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(company[0]["db"]))
    return open_page(page, lang, query=params, viewer=viewer)


def words(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "warning")
    return "\n".join(str(el.value) for kind in kinds for el in at.get(kind))


def root_crumb(at: AppTest) -> str:
    return next(b.label for b in at.button if b.key == "crumb_0").removesuffix(" ›")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_managers_rater_page_shows_his_row_and_says_what_it_leaves_out(
    company, monkeypatch, lang
):
    manager = company[0]["manager"]
    at = start(company, monkeypatch, manager, lang, "pages/raters.py")
    said = words(at)
    own = render("raters.left_out_own", lang)
    note = [i.value for i in at.info if own in i.value]
    assert len(note) == 1, [i.value for i in at.info]
    assert render("raters.halo_none", lang)[:12] not in said  # no false halo reason
    # the rater charts (leniency, consistency) hold his own row and no other rater
    charts = [c.proto.spec for c in at.get("plotly_chart") if manager.employee_id in c.proto.spec]
    assert charts, "his own row is on the leniency chart"  # his own standard
    assert all(set(ID.findall(c)) == {manager.employee_id} for c in charts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_breadcrumb_and_units_name_the_reach(company, monkeypatch, lang):
    _, team = company
    at = start(company, monkeypatch, company[0]["manager"], lang, "pages/distributions.py")
    named = render("auth.team_reach_named", lang, teams=team)
    assert root_crumb(at) == named
    assert named in words(at)  # "Your scope: your team (…)"
    assert render("crumb.company", lang) not in {b.label for b in at.button}
    at = start(company, monkeypatch, HEAD, lang, "pages/distributions.py")
    assert root_crumb(at) == "研发中心"
    at = start(
        company, monkeypatch, HEAD, lang, "pages/distributions.py", dept="研发中心/平台研发部"
    )
    crumbs = [b.label for b in at.button if (b.key or "").startswith("crumb_")]
    assert crumbs == ["研发中心 ›", "平台研发部"], crumbs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_managers_link_to_a_department_outside_is_said_and_shows_his_scope(
    company, monkeypatch, lang
):
    manager, team = company
    monkeypatch.setenv("PERFLENS_DB", str(manager["db"]))
    lock = ask_whom(render("filter.dept_dropped", lang, department="研发中心"), lang, None)
    # the lock is said on the entry run (as for a department head, tests/app/test_refusals.py)
    entry = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    entry.session_state["viewer"] = manager["manager"]
    entry.session_state["lang"] = LANGS[lang]
    entry.query_params["dept"] = "研发中心"
    entry.run()
    assert lock in [w.value for w in entry.warning]
    assert "研发中心" not in entry.sidebar.selectbox(key="dept").options
    # his whole scope is shown, named by his team: not "No data" nor "Company"
    named = render("auth.team_reach_named", lang, teams=team)
    scope = render("common.scope", lang, scope=f"{render('scope.all_cycles', lang)} / {named}")
    assert scope in [c.value for c in entry.caption]
    # the rater headlines say they are of the raters his role is shown
    said = render("overview.raters_left_out_role", lang, hidden=2).split("2")[0]
    assert any(c.value.startswith(said) for c in entry.caption), said
    entry.switch_page("pages/distributions.py").run()
    assert not entry.exception, [e.value for e in entry.exception]
    assert render("common.no_data", lang) not in words(entry)
    assert entry.get("plotly_chart"), "his team's distributions are drawn"
