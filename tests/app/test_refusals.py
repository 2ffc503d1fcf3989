"""A department head's refused attempts (AppTest, the viewer set in the session as the sign-in
gate sets it, on the small demo): each is said on the page, in both languages, and logged as
"refused" with who and what; the Overview names their reach, not the company. And the sign-in
log's key: one row per sign-in at the provider, not per page load."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics.auth.roles import Viewer, ask_whom
from analytics.calibration import sessions
from analytics.store import accesslog
from analytics.text import render

ROOT = Path(__file__).resolve().parents[2]
HEAD = Viewer("li.na@example.com", "dept_head", ("研发中心",))
LANGS = {"zh": "中文", "en": "English"}


def start(lang: str, page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.session_state["viewer"] = HEAD
    at.session_state["lang"] = LANGS[lang]
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def refused(path: Path) -> list[tuple[str, str]]:
    log = accesslog.read(path).filter(event="refused")
    return list(zip(log["user"].to_list(), log["detail"].to_list()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_out_of_scope_link_is_said_and_logged(demo, lang):
    at = start(lang, dept="市场部")
    said = [w.value for w in at.warning]
    assert ask_whom(render("filter.dept_dropped", lang, department="市场部"), lang, None) in said
    # the Overview's scope line names the head's subtree, not the company
    scope = render("common.scope", lang, scope="").strip()
    lines = [c.value for c in at.caption if c.value.startswith(scope)]
    assert lines and all("研发中心" in c for c in lines), lines
    assert all(render("unit.company", lang) not in c for c in lines)
    assert refused(demo) == [(HEAD.user, "department: 市场部")]
    at.run()  # a rerun of the same session: not logged again
    assert len(refused(demo)) == 1


def test_an_outsider_and_another_departments_session_are_refused_and_logged(demo):
    con = duckdb.connect(str(demo), read_only=True)
    (outsider,) = con.execute(
        "SELECT min(employee_id) FROM employees WHERE NOT starts_with(department, '研发中心')"
    ).fetchone()
    (cycle,) = con.execute("SELECT max(cycle_id) FROM outcomes").fetchone()
    con.close()
    at = start("en", "pages/person.py", employee=outsider)
    assert ask_whom(render("auth.person_outside", "en", employee_id=outsider), "en", None) in [
        w.value for w in at.warning
    ]
    # another department's session, the head having none of their own yet: the same lock
    # message an HRBP with sessions gets (no "no session yet" alone)
    other = sessions.create(demo, cycle=cycle, department="市场部", author="hr")
    at = start("en", "pages/meeting.py", session=other)
    assert [e.value for e in at.error] == [
        ask_whom(
            render("calib.session_outside", "en", session=other, reach=["研发中心"]), "en", None
        )
    ]
    assert refused(demo) == [(HEAD.user, f"session: {other}"), (HEAD.user, f"person: {outsider}")]


def test_a_sign_in_is_logged_once_per_token_not_per_page_load():
    from ui.signin import first_sign_in, sign_in_key

    claims = {"sub": "u1", "email": "a@x.cn", "iat": 1764800000, "exp": 1764803600}
    key = sign_in_key(claims, "a@x.cn")
    assert key == "a@x.cn|iat=1764800000"
    assert first_sign_in(key) and not first_sign_in(key)  # the next page load: not again
    again = sign_in_key({**claims, "iat": 1764809999}, "a@x.cn")  # signed in once more
    assert again != key and first_sign_in(again)
    assert sign_in_key({"sub": "u1"}, "u1") is None  # no issue time: once per session


def test_the_place_left_for_the_provider_is_given_back_once():
    from ui import returnto

    params = {"lang": ["English"], "employee": ["E000001"]}
    returnto.remember("browser-1", "person", params, now=100.0)
    assert returnto.recall("browser-2", now=101.0) is None  # another browser
    assert returnto.recall("browser-1", now=101.0) == ("person", params)
    assert returnto.recall("browser-1", now=102.0) is None  # taken once
    returnto.remember("browser-1", "person", params, now=100.0)
    assert returnto.recall("browser-1", now=100.0 + returnto.TTL + 1) is None  # too old


def _nav_script() -> None:
    """A page list as the entry draws it for a viewer with no pages yet (not signed in):
    without the menu; the page it would run written out."""
    import streamlit as st

    from analytics.auth.roles import Viewer
    from ui import shell

    st.session_state["viewer"] = Viewer(user="", role="none")
    nav = shell.navigation(menu=False)
    st.write(f"page={nav.url_path}")


@pytest.mark.parametrize("page", ["pages/data.py", "pages/meeting.py", "pages/person.py"])
def test_a_deep_link_before_sign_in_keeps_its_page(page, monkeypatch):
    """Before signing in every page stays registered (hidden): a link to the Data page or the
    meeting (offered to some roles only) resolves to its page, so Streamlit shows no "Page not
    found" over the sign-in screen and the page is remembered for after it; once signed in,
    the menu and the way back offer only the role's pages."""
    import ui.auth
    from ui import shell

    at = AppTest.from_function(_nav_script, default_timeout=60)
    at.run()
    at.switch_page(str(ROOT / page)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"page={Path(page).stem}" in [m.value for m in at.markdown], at.markdown
    monkeypatch.setattr(ui.auth, "current_viewer", lambda: HEAD)
    assert {"data", "meeting"} & shell.offered() == {"meeting"}
    monkeypatch.setattr(ui.auth, "current_viewer", lambda: Viewer("x", "none"))
    assert {"data", "meeting", "overview"} & shell.offered() == {"overview"}


def _outside(demo: Path, sql: str) -> str:
    con = duckdb.connect(str(demo), read_only=True)
    (value,) = con.execute(sql).fetchone()
    con.close()
    return value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_page_the_role_is_not_offered_is_logged_and_names_the_contact(demo, lang):
    """s45 A items 1a and 2: a manager following a link to the meeting (``?session=1``) was
    told the page is not for his role, with nobody named to ask and no row in the access log
    (an HRBP's out-of-reach session was logged)."""
    boss = _outside(demo, "SELECT min(manager_id) FROM employees WHERE manager_id IS NOT NULL")
    mgr = Viewer("mgr@example.com", "manager", employee_id=boss)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.secrets["perflens"] = {"contact": "HR-IT hr-it@x.cn"}
    at.session_state["viewer"] = mgr
    at.session_state["lang"] = LANGS[lang]
    at.query_params["session"] = "1"
    at.run()
    at.switch_page("pages/meeting.py").run()
    assert not at.exception, [e.value for e in at.exception]
    name = render("nav.calibration_session", lang)
    text = render("auth.page_not_for_role", lang, page=name, role="manager")
    # the contact as the no-role screen shows it (Markdown-escaped: "hr\-it@x\.cn")
    said = ask_whom(text, lang, r"HR\-IT hr\-it@x\.cn")
    assert said in [w.value for w in at.warning], [w.value for w in at.warning]
    assert refused(demo) == [(mgr.user, "page: meeting?session=1")]


def _new_session(cycle: str) -> None:
    """The meeting page's new-session form, its refusal and its "no session yet"."""
    import streamlit as st

    from ui import cache, calibration, newsession

    options = {"cycles": [cycle], "departments": ["研发中心"]}
    newsession.form(cache.db_path(), calibration.author(), options, lambda: None, open_=True)
    if err := st.session_state.pop("cs_error", None):
        st.error(err)
    st.info(newsession.none_yet())


def test_a_session_for_people_outside_the_reach_is_logged_and_says_whom_to_ask(demo):
    """s45 A item 1b: a department head's new session for a list of people some of whom are
    outside the reach was refused on the page, but not logged; item 4: with "a list of
    people" chosen, "no session yet" said "create one for a department"."""
    outsider = _outside(
        demo, "SELECT min(employee_id) FROM employees WHERE NOT starts_with(department, '研发中心')"
    )
    own = _outside(
        demo, "SELECT min(employee_id) FROM employees WHERE starts_with(department, '研发中心')"
    )
    cycle = _outside(demo, "SELECT max(cycle_id) FROM outcomes")
    at = AppTest.from_function(_new_session, kwargs={"cycle": cycle}, default_timeout=60)
    at.session_state["viewer"] = HEAD
    at.session_state["lang"] = "English"
    at.run()
    assert [i.value for i in at.info] == [render("cs.none", "en")]
    at.radio(key="cs_scope_kind").set_value("people").run()
    assert [i.value for i in at.info] == [render("cs.none_people", "en")]
    at.text_area(key="cs_people").input(f"{own}, {outsider}")
    at.button(key="cs_create").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = render("calib.people_outside", "en", n=1, ids=outsider)
    assert [e.value for e in at.error] == [ask_whom(text, "en", None)]
    assert refused(demo) == [(HEAD.user, f"people: {outsider}")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_link_to_a_team_outside_the_scope_is_said_and_logged(demo, lang):
    """s45 A item 3: ``?team=`` of another department's team showed the reach without a word
    (Streamlit drops a value its picker does not offer), where ``?dept=`` says so."""
    team = _outside(
        demo,
        "SELECT min(team) FROM employees WHERE team IS NOT NULL"
        " AND NOT starts_with(department, '研发中心')",
    )
    at = start(lang, team=team)
    text = render("filter.team_dropped", lang, team=team)
    assert ask_whom(text, lang, None) in [w.value for w in at.warning]
    assert refused(demo) == [(HEAD.user, f"team: {team}")]


def test_a_link_to_a_rater_outside_the_scope_is_logged(demo):
    """s45 A items 1 and 3: ``?rater=`` outside the scope was said (low on the page) but not
    logged, and named nobody to ask."""
    outsider = _outside(
        demo,
        "SELECT max(employee_id) FROM employees WHERE NOT starts_with(department, '研发中心')",
    )
    at = start("en", "pages/raters.py", rater=outsider)
    text = render("auth.rater_outside", "en", rater_id=outsider)
    assert ask_whom(text, "en", None) in [w.value for w in at.warning]
    assert refused(demo) == [(HEAD.user, f"rater: {outsider}")]


def test_whom_to_ask_is_the_contact_else_an_hr_administrator():
    assert ask_whom("Nope.", "en", None) == "Nope. To get access, ask an HR administrator."
    assert ask_whom("不行。", "zh", "HR 信息组") == "不行。如需查看，请联系 HR 信息组。"
