"""Sign-in end to end: a real browser, the dashboard, and a local OpenID provider.

The provider is ``oidc-provider-mock`` (PyPI) on a thread of this process, the dashboard a
``streamlit run`` with a secrets file whose ``[auth]`` points at it and a roles file
(``PERFLENS_ROLES``); both listen on localhost only and are stopped by the fixture. The mock's
authorisation page lists predefined users (subject and claims): the browser clicks one, as a
user would pick their account.

- li.na@example.com (roles file: ``dept_head`` of 研发中心): the sign-in screen, the provider,
  back signed in with the role and the subtree in the sidebar, the pages; signing out goes
  through the provider's end-session page back to the sign-in screen.
- stranger@example.com (in no roles entry, no group): nothing but whom to ask (``contact`` in
  the secrets' ``[perflens]``), no page menu.
- hr.lead@example.com (group ``perflens-hr`` in the token's ``groups`` claim -> ``hr_admin``),
  from a root link to a second dataset (``?dataset=acme-ltd&lang=English``), back on that
  dataset in English; its access log lists the sign-ins before. (A link to a page opened before
  signing in: back on that page, ``lang=`` in the address, li.na's test.)
"""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

# imported at collection, while the test process runs one thread: imported inside the module's
# fixture, werkzeug's own import once failed on a CI run ("dictionary changed size during
# iteration" in werkzeug.exceptions) with the process's background page work running beside it
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect

from analytics.store import datasets
from analytics.text import render
from bench.startup import DashboardServer, free_port
from tests.e2e.test_browser import assert_no_error, download, menu_to, wait_idle

pytestmark = pytest.mark.browser

CONTACT = "HR 信息组 hr-it@example.com"
#: a second dataset (a copy of the demo), opened by a link before signing in
DATASET = "ACME Ltd"
ROLES = """
[users."li.na@example.com"]
role = "dept_head"
departments = ["研发中心"]

[users."ana@example.com"]
role = "analyst"

[users."mgr@example.com"]
role = "manager"
employee_id = "E000807"

[groups]
"perflens-hr" = "hr_admin"
"""


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory, bundled_db):
    folder = tmp_path_factory.mktemp("signin")
    db = folder / "perflens.duckdb"
    shutil.copyfile(bundled_db, db)
    (folder / "roles.toml").write_text(ROLES, encoding="utf-8")
    second = datasets.create(DATASET, default_db=db).file
    second.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundled_db, second)
    users = [
        User(sub="li.na", claims={"email": "li.na@example.com", "name": "李娜"}),
        User(sub="stranger", claims={"email": "stranger@example.com", "groups": ["staff"]}),
        User(sub="hr.lead", claims={"email": "hr.lead@example.com", "groups": ["perflens-hr"]}),
        User(sub="ana", claims={"email": "ana@example.com"}),
        User(sub="mgr", claims={"email": "mgr@example.com"}),
    ]
    with run_server_in_thread(port=0, user_claims=users) as provider:
        port = free_port()
        (folder / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "perflens-test"\n'
            'client_secret = "perflens-test-secret"\n'
            "server_metadata_url = "
            f'"http://localhost:{provider.server_port}/.well-known/openid-configuration"\n'
            "[perflens]\n"
            f'contact = "{CONTACT}"\n',
            encoding="utf-8",
        )
        app = DashboardServer(
            db,
            port=port,
            args=("--secrets.files", str(folder / "secrets.toml")),
            env={"PERFLENS_ROLES": str(folder / "roles.toml")},
        )
        try:
            app.wait_healthy(timeout=90)
            yield {"base": app.base, "tmp": folder}
        finally:
            app.stop()


def _sign_in(page, base: str, who: str, start: str = "/?lang=English") -> None:
    """From the sign-in screen (at ``start``) through the provider's page (pick ``who``) back
    to the app."""
    page.goto(base + start)
    page.get_by_role("heading", name="Please sign in").wait_for(timeout=90_000)
    expect(page.locator('[data-testid="stSidebarNavLink"]')).to_have_count(0)
    # a deep link to any page (even one only some roles are offered): no "Page not found"
    # dialog over the sign-in screen
    wait_idle(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Authorize Client").wait_for(timeout=30_000)
    page.get_by_role("button", name=who, exact=True).click()
    page.wait_for_url(base + "/**", timeout=30_000)


def test_dept_head_signs_in_sees_scope_and_signs_out(signin_app, browser):
    base = signin_app["base"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, base, "li.na", "/raters?lang=English")
    sidebar = page.locator('[data-testid="stSidebar"]')
    # back from the provider (at the root URL) on the page and in the language it left from
    expect(sidebar.get_by_text("Signed in: li.na@example.com")).to_be_visible(timeout=90_000)
    page.get_by_role("heading", name=render("raters.title", "en")).first.wait_for(timeout=90_000)
    assert "/raters" in page.url
    wait_idle(page)
    assert "lang=English" in page.url  # a copied link opens in English too (fix34m)
    page.goto(base + "/")  # the address says where: the default language
    expect(sidebar.get_by_text("已登录：li.na@example.com")).to_be_visible(timeout=90_000)
    expect(sidebar.get_by_text("角色：部门负责人")).to_be_visible()
    expect(sidebar.get_by_text("可见范围：研发中心（含下级部门）")).to_be_visible()
    # the overview starts (its title comes first; its numbers, scoped by the role, are the
    # scope tests' business: not waited for here)
    page.get_by_role("heading", name="概览").first.wait_for(timeout=90_000)
    assert_no_error(page)
    assert "未配置登录" not in page.locator("body").inner_text()
    expect(page.locator('[data-testid="stSidebarNavLink"]').first).to_be_visible()

    # the calibration packet downloads signed in: Streamlit builds a download's data on a
    # thread outside the session, where the viewer was once nobody and the file never came
    # by the sidebar's menu (a click, as a reader goes on: not a load of the address)
    menu_to(page, "calibration", "zh")
    page.get_by_role("heading", name=render("cal.title", "zh")).first.wait_for(timeout=90_000)
    got = download(page, page.get_by_role("button", name=render("cal.download_json", "zh")))
    packet = json.loads(Path(got.path()).read_text(encoding="utf-8"))
    assert "研发中心" in json.dumps(packet, ensure_ascii=False)
    assert_no_error(page)

    sidebar.get_by_role("button", name="退出登录").click()
    # the provider's end-session page, then back to the app, signed out
    page.get_by_role("button", name="End session").click(timeout=30_000)
    page.get_by_role("heading", name="请登录").wait_for(timeout=90_000)
    assert "li.na@example.com" not in page.locator("body").inner_text()
    page.close()


def test_unknown_user_sees_whom_to_ask(signin_app, browser):
    base = signin_app["base"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, base, "stranger")  # back in English, the language it left with
    page.get_by_role("heading", name=render("signin.denied_title", "en")).wait_for(timeout=90_000)
    wait_idle(page)
    body = page.locator("body").inner_text()
    assert "stranger@example.com" in body and CONTACT in body
    expect(page.locator('[data-testid="stSidebarNavLink"]')).to_have_count(0)
    assert "Overview" not in page.locator('[data-testid="stMain"]').inner_text()
    assert page.locator('[data-testid="stDataFrame"], [data-testid="stMetric"]').count() == 0
    page.close()


def test_hr_admin_by_group_reads_the_access_log(signin_app, browser):
    """From a root link to a second dataset in English, signed in through a group: back on
    that dataset in English, the address saying so (fix34m: the dataset was lost, the
    default shown, and ``lang=`` left the address); then the Data page's access log."""
    base = signin_app["base"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, base, "hr.lead", "/?dataset=acme-ltd&lang=English")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Role: HR administrator")).to_be_visible(timeout=90_000)
    page.get_by_role("heading", name=render("overview.title", "en")).first.wait_for(timeout=90_000)
    picker = sidebar.get_by_role("combobox", name=render("dataset.pick", "en"), exact=True)
    expect(picker).to_have_value(DATASET, timeout=90_000)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("dataset") == ["acme-ltd"] and query.get("lang") == ["English"], page.url
    menu_to(page, "data", "en")  # by the sidebar's menu (the dataset and language kept)
    page.get_by_role("heading", name="Access log").wait_for(timeout=90_000)
    assert "/data" in page.url
    wait_idle(page)
    assert_no_error(page)
    log = page.locator('[data-testid="stDataFrame"]').last
    log.scroll_into_view_if_needed()
    # the grid draws on a canvas: its rows are read through the CSV the page offers
    got = download(page, page.get_by_role("button", name="Download the access log (CSV)"))
    text = Path(got.path()).read_text(encoding="utf-8-sig")
    for user in ("li.na@example.com", "stranger@example.com", "hr.lead@example.com"):
        assert user in text
    assert "sign-in" in text and "Department head" in text and "No role" in text
    page.close()


def test_analyst_sees_no_one_person_selection(signin_app, browser):
    """rev24b item 3: 财务部 has one M3, its head; the pseudonymised analyst opening the
    reviewer's link sees the sentence, not that person's changes."""
    base = signin_app["base"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, base, "ana", "/attribution?lang=English&dept=财务部&level=M3")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Role: Analyst (pseudonymised)")).to_be_visible(timeout=90_000)
    said = render("auth.scope_too_small", "en", n=1, k=5)
    page.get_by_text(said).wait_for(timeout=90_000)
    wait_idle(page)
    assert_no_error(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('[data-testid="stDataFrame"], [data-testid="stMetric"]').count() == 0
    assert main.locator('[data-testid="stPlotlyChart"]').count() == 0
    assert "employee changes" not in main.inner_text()
    page.close()


def manager_sees_his_own_rater_row_and_what_his_role_is_not_shown(page, base: str) -> None:
    """rev25b item 1: manager E000807 (team 财务核算一组, whose other raters are peers or
    outside his team) saw "0 flagged" and a false halo reason; now his own row, and a sentence
    saying how many raters his role is not shown. The breadcrumb names his team (item 6).
    ``page``: signed in as the manager (:func:`test_a_manager_following_a_link_to_a_page_not_his_is_told_why`,
    which opens the rater page's address after its own checks: it was a test of its own that
    signed in again, at that address)."""
    page.goto(base + "/raters?lang=English")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Role: Manager")).to_be_visible(timeout=90_000)
    own = render("raters.left_out_own", "en")
    said = render("raters.left_out_role", "en", own=own, hidden=0, total=0, shown=0)
    said = said.split(" skip-level")[0]  # "Your role sees … of you yourself and the raters …"
    page.get_by_text(said).first.wait_for(timeout=90_000)
    page.get_by_text(render("raters.ct_halo", "en")).first.wait_for(timeout=90_000)
    wait_idle(page)
    assert_no_error(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert render("raters.flagged", "en", n=0, flagged=0).split(":")[0] not in main
    assert render("raters.halo_none", "en", min=8, few=0).split(":")[0] not in main
    crumb = render("auth.team_reach_named", "en", teams="财务核算一组")
    expect(page.get_by_role("button", name=crumb)).to_be_visible()


def test_a_manager_following_a_link_to_a_page_not_his_is_told_why(signin_app, browser):
    """rev26b item 3: a manager who follows a link to the calibration session or the Data page
    gets the page's name and a sentence that it is not available to his role, in the chosen
    language, on the page he lands on: not Streamlit's English-only "Page not found" dialog
    over the overview.

    Then, signed in so, the rater page (:func:`manager_sees_his_own_rater_row_and_what_his_role_is_not_shown`,
    folded in: ``test_manager_sees_his_own_rater_row_and_what_his_role_is_not_shown`` signed
    the same manager in again; a sign-in is three loads, the provider's page among them).
    That a sign-in started at a page's link comes back on that page: li.na's test."""
    base = signin_app["base"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, base, "mgr", "/meeting?lang=English&session=1")
    for key, url, lang in (
        ("nav.calibration_session", "/meeting", "en"),
        ("nav.data", "/data?lang=中文", "zh"),
    ):
        if lang == "zh":
            page.goto(base + url)
        name = render(key, lang)
        said = render("auth.page_not_for_role", lang, page=name, role="manager")
        page.get_by_text(said).first.wait_for(timeout=90_000)
        expect(page.get_by_role("heading", name=name).first).to_be_visible()
        wait_idle(page)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        assert url.split("?")[0] in page.url
        assert_no_error(page)
    manager_sees_his_own_rater_row_and_what_his_role_is_not_shown(page, base)
    page.close()
