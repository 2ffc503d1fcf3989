"""The frame around every page: the page list, the entry-run marker and the page prologue.

Why :func:`ensure_entry`: Streamlit treats an app with a ``pages/`` folder as a legacy multipage
app until the first ``st.navigation`` call of the process ("As soon as any session of your app
executes the st.navigation command, your app will ignore the pages/ directory (across all
sessions)", st.navigation's reference). So the very first request of a fresh server, if it is a
deep link such as ``/raters?lang=English``, runs ``pages/raters.py`` without the entry script:
no language switch, no sidebar filters. :func:`ensure_entry` notices that the entry did not run,
calls ``st.navigation`` (which ends the legacy mode for every session) and reruns, so the entry
script drives that run and every later one. Only public Streamlit API is used; the tests
(``tests/test_shell.py``, ``tests/e2e/test_deep_link.py``) fail if Streamlit changes this.

Nothing heavy is imported here at module level: ``dashboard.py`` imports this module before
:func:`analytics.runtime.configure` has set the allocator that Polars reads when it loads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

import streamlit as st

from analytics import runtime
from ui import carry
from ui.i18n import get_lang, t
from ui.pagelist import ADMIN_PAGES, HOME_URL, PAGES, ROLE_PAGES, ROOT
from ui.urlkeys import LANG_PARAM

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

    from analytics.findings.scope import Scope

__all__ = [
    "CAME_FROM",
    "HOME_URL",
    "PAGES",
    "REDIRECTS_KEY",
    "REDIRECT_KEY",
    "SECTION_PARAM",
    "database_empty",
    "dataset_picker",
    "draw_menu",
    "dropdown_words",
    "ensure_entry",
    "entry_run",
    "failed_downloads",
    "first_run",
    "in_entry_run",
    "land_at",
    "land_at_section",
    "landing_script",
    "navigation",
    "no_data",
    "offered",
    "page_start",
    "ratings_or_results",
    "refuse_page",
    "sidebar_filters",
    "take_section",
]

# a script run happens on one thread, start to finish (a page runs inside its entry's run)
_run = threading.local()
#: session-state key: the last run was a page without its entry, rerun to reach the entry
REDIRECT_KEY = "shell_redirect"
#: session-state key: how many such reruns this session needed (one per fresh-server deep link)
REDIRECTS_KEY = "shell_redirects"


@contextmanager
def entry_run() -> Iterator[None]:
    """Mark the current script run as driven by the entry script (``dashboard.py``)."""
    from ui import runmemo

    _run.entry = True
    runmemo.start()
    st.session_state.pop(REDIRECT_KEY, None)  # the entry runs: a redirect, if any, arrived
    try:
        with runtime.page_run():  # SciPy's background import waits meanwhile
            yield
    finally:
        _run.entry = False
        runmemo.end()
        carry.remember()  # the page shown and its sidebar's parameters, for the next run
        # at the run's end (a page's st.stop() too): a download that failed while it ran
        with suppress(Exception):  # a run stopped for another stops here too (not Exception)
            failed_downloads()


def in_entry_run() -> bool:
    """Whether the entry script is driving the current script run."""
    return getattr(_run, "entry", False)


#: session-state key: the url path of the last page other than the person page, where the
#: person page's breadcrumb leads back to (:func:`ui.state.person_breadcrumb`)
CAME_FROM = "_person_came_from"


#: session-state key: this session has drawn the sidebar's menu after its filters once
#: (:func:`draw_menu`); its later runs draw the menu at once
_MENU_DRAWN = "_menu_drawn"


def navigation(menu: bool = True) -> StreamlitPage:
    """``st.navigation`` over :data:`PAGES` (titles in the current language); returns the page
    to run. ``menu=False``: no page list in the sidebar and no page run (the sign-in screen,
    whom to ask); every page stays registered, so a deep link (``/data?lang=English`` before
    signing in) keeps its path for after the sign-in instead of Streamlit's "Page not found"
    dialog over the sign-in screen. With the menu: the pages :func:`offered` to the viewer.

    Why the hidden alias: Streamlit serves the default page at the root URL only (its
    ``url_path`` becomes ``""``), so ``/overview`` answered "Page not found". The first page is
    registered twice: as the default at ``/`` (the menu's entry) and, hidden from the menu, at
    its own path, so every page's path opens directly, with ``?lang=`` and the filters. (A
    redirect from ``/`` to ``/overview`` instead would push a browser-history entry that the
    Back button returns to, and be redirected again.)

    A session's first run registers the pages with the menu hidden: :func:`draw_menu` shows
    it once the sidebar's filters are drawn (why: see there)."""
    return _navigation(menu, shown=bool(st.session_state.get(_MENU_DRAWN)))


def draw_menu(menu: bool = True) -> None:
    """Show the sidebar's page menu, in a session's first run only after what the sidebar binds
    to the address (the language switch, the filters) is drawn; remember those parameters
    first (:mod:`ui.carry`).

    Why: Streamlit's frontend carries to the next page only the address parameters of widgets
    it has drawn. A menu shown before the filters (a fresh load: the menu at 2.7 s, the filters
    at 21 s under load, rev33a finding 2) took a click on it to the next page without
    ``?dept=`` and ``?cycle=``: the company-wide view, with nothing saying the filters were
    lost. Sent after the filters, the menu no longer shows before they arrive, but it can still
    show before a kind of widget whose code is loading is drawn (0.1-3.5 s on a browser's first
    load): :mod:`ui.carry` puts back what such a click lost. In later runs the filters stay
    drawn across pages, so the menu is shown at once (a hidden-then-shown menu in every run
    would blink at each click)."""
    carry.remember()
    if menu and not st.session_state.get(_MENU_DRAWN):
        _navigation(menu, shown=True)
        st.session_state[_MENU_DRAWN] = True


def _navigation(menu: bool, shown: bool) -> StreamlitPage:
    """:func:`navigation`'s ``st.navigation`` call; ``shown``: the menu in the sidebar."""
    shown_urls = offered() if menu else {url for _, _, url, _ in PAGES}
    pages = []
    for i, (path, key, url, icon) in enumerate(PAGES):
        if not (ROOT / path).exists():
            continue
        if url not in shown_urls:  # registered, hidden: a link to it lands on :func:`refuse_page`
            pages.append(
                st.Page(
                    str(ROOT / path), title=t(key), url_path=url, icon=icon, visibility="hidden"
                )
            )
            continue
        if i == 0:
            pages.append(
                st.Page(str(ROOT / path), title=t(key), url_path=HOME_URL, icon=icon, default=True)
            )
        pages.append(
            st.Page(
                str(ROOT / path),
                title=t(key),
                url_path=url,
                icon=icon,
                visibility="hidden" if i == 0 else "visible",
            )
        )
    nav = st.navigation(pages, position="sidebar" if menu and shown else "hidden")
    if nav.url_path != "person":  # where the person page's crumbs lead back to
        st.session_state[CAME_FROM] = PAGES[0][2] if nav.url_path == HOME_URL else nav.url_path
    return nav


def offered() -> set[str]:
    """The url paths of the pages the current viewer may open (the data page: an administrator;
    the calibration meeting: the roles that hold meetings)."""
    from ui.auth import current_viewer

    viewer = current_viewer()
    return {
        url
        for _, _, url, _ in PAGES
        if not (url in ADMIN_PAGES and not viewer.may_write)
        and not (url in ROLE_PAGES and (viewer.denied or viewer.role not in ROLE_PAGES[url]))
    }


def refuse_page(url_path: str) -> bool:
    """A page the viewer is not offered (:func:`offered`) but reached by its address (a link
    to ``/meeting?session=1`` or ``/data`` sent to a manager): its name and a sentence in the
    reader's language that it is not available to their role, on the page itself (it is
    registered, hidden: Streamlit's English-only "Page not found" dialog over the overview
    was all they got, rev26b item 3). True when refused: the entry runs no page then."""
    from ui.auth import current_viewer

    if url_path in offered():
        return False
    key = next((k for _, k, url, _ in PAGES if url == url_path), None)
    if key is None:
        return False
    from ui import audit

    viewer = current_viewer()
    st.title(t(key))
    # logged with the address asked ("meeting?session=1"), the language aside
    asked = "&".join(f"{k}={v}" for k, v in st.query_params.items() if k != LANG_PARAM)
    text = t("auth.page_not_for_role", page=t(key), role=viewer.role)
    audit.refuse("page", f"{url_path}?{asked}" if asked else url_path, text)
    return True


def no_reach(url_path: str) -> bool:
    """A department head, HRBP or manager whose reach holds nobody in the dataset open (roles
    apply by department name and employee id in every dataset: a second company): the page's
    name and a sentence saying so, in the reader's language, instead of the page (the Overview
    crashed on the empty summary, rev28b item 1). True when said: the entry runs no page then."""
    from ui import cache

    view = cache.view(cache.version())
    if view.viewer.denied or view.allowed is None or view.allowed:
        return False
    key = next((k for _, k, url, _ in PAGES if url == url_path), "nav.overview")
    role = t(f"auth.role.{view.viewer.role}")
    st.title(t(key))
    st.info(t("auth.no_reach_in_dataset", role=role), icon=":material/lock:")
    return True


def ensure_entry() -> None:
    """First thing on every page: if the entry script did not run (a deep link on a fresh
    server, see the module docstring), end Streamlit's legacy ``pages/`` mode and rerun.

    A page run as the main script itself (no entry to hand over to) reruns once and then
    renders as it is, instead of rerunning forever. (AppTest restarts the legacy mode for every
    run, so there every run after the first passes through here.)"""
    if in_entry_run() or st.session_state.pop(REDIRECT_KEY, False):
        return
    st.session_state[REDIRECT_KEY] = True
    st.session_state[REDIRECTS_KEY] = st.session_state.get(REDIRECTS_KEY, 0) + 1
    # documented: from now on the app ignores pages/ (across all sessions). Every page, hidden:
    # a first deep link to a page the viewer is not offered yet (the Data page before signing
    # in) must resolve, not answer "Page not found"; the entry's own list follows on the rerun
    navigation(menu=False)
    st.rerun()


def database_empty() -> bool:
    """No rating nor result loaded yet: the entry shows the first-run screen instead of a page.
    A dataset of results only opens its pages (Overview and Distributions read its results;
    the others say they need ratings: :func:`no_data`)."""
    from ui import cache

    version = cache.version()
    if cache.overview(version)["totals"]["ratings"][0] > 0:
        return False
    return cache.result_counts(version)[0] == 0


def no_data(scope, version: str) -> None:
    """Stop a page that has nothing for ``scope``: say that it needs ratings by rater when
    the scope holds results only, else that the scope has no data."""
    from ui import cache

    if cache.results_only(scope, version):  # the pages named as the menu names them
        st.info(t("common.needs_ratings", overview=t("nav.overview"), dist=t("nav.distributions")))
    else:
        st.info(t("common.no_data"))
    st.stop()


def ratings_or_results(scope, version: str) -> bool:
    """The gate of a page that reads ratings or, in a scope of results only, the results
    (Distributions): go on with a line saying which, else stop (:func:`no_data`). Whether
    the scope has scores (False: grades only, whose score sections are not drawn)."""
    from ui import cache

    if cache.has_data(scope, version):
        return True
    if not cache.results_only(scope, version):
        no_data(scope, version)
    scores = bool(cache.scope_data(scope, version).outcomes["final_score"].is_not_null().any())
    if scores:
        st.caption(t("common.results_only_note"))
    else:  # the sections of scores Distributions leaves out, by their headings
        names = [t(f"dist.{k}") for k in ("inflation", "tests", "summary")]
        st.caption(t("common.grades_only_note", sections=names))
    return scores


def first_run() -> None:
    from ui.auth import current_viewer
    from ui.firstrun import first_run as show
    from ui.firstrun import no_ratings

    if not current_viewer().may_write:  # loading data is the administrator's
        if not no_ratings(may_write=False):  # people, no ratings: said so (rev22)
            st.info(t("common.no_data"))
        return
    show()


def dataset_picker() -> None:
    """The sidebar's dataset choice (:mod:`ui.datasets`); stops on an unknown ``?dataset=``."""
    from ui import datasets

    datasets.picker()


def sidebar_filters() -> None:
    from ui import state

    st.sidebar.subheader(t("filter.header"))
    state.sidebar_filters()


#: ``?section=<anchor>``: the heading a link lands at (the overview's "Open" links)
SECTION_PARAM = "section"
#: session-state key: the section the current run's address names (:func:`take_section`)
_SECTION_ASKED = "_section_asked"
#: waits for the heading (up to 5 min: a long page under load), scrolls to it, and keeps it there
#: while the page is still drawn, unless the reader scrolls meanwhile: it scrolls again when the
#: heading moves (the charts above it drawn late push it down) and when a scroll fell short because
#: the page ended below the heading and the page has grown since (the list under the heading
#: drawn after it: the heading stayed low on the screen, rev19d minor 9 again under load; the
#: re-check landing test timed out at it in 2 of 24 CI runs). It stops once the heading is at its
#: place, has not moved for 10 s and the app's run has ended.
#: The place is a heading's anchor (``id``) or a keyed container (``.st-key-<key>``); a
#: container only while the page is at its top (opened, or come back to by Back), not when the
#: reader, further down, clicked what drew it (a rater's dot or row).
#: First it takes the section out of the address (no history entry): the page is at it now,
#: and a later view of this entry (Back, Forward, a copied address) opens at the top as what
#: it then shows; the session never writes the section back (:func:`take_section`)
_SCROLL_JS = """<script>
const want = %s, doc = window.parent.document, loc = window.parent.location;
const url = new URL(loc.href);
if (url.searchParams.get("section") === want) {
  url.searchParams.delete("section");
  window.parent.history.replaceState(window.parent.history.state, "", url);
}
const scroller = (el) => {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const y = window.parent.getComputedStyle(p).overflowY;
    if ((y === "auto" || y === "scroll") && p.scrollHeight > p.clientHeight) return p;
  }
  return doc.scrollingElement;
};
const running = () => {
  const app = doc.querySelector('[data-testid="stApp"]');
  return app !== null && app.getAttribute("data-test-script-state") === "running";
};
let tries = 0, still = 0, aim = null, short = null, stop = false;
for (const e of ["wheel", "touchstart", "keydown", "mousedown"])
  doc.addEventListener(e, () => { stop = true; }, {once: true, passive: true});
const timer = setInterval(() => {
  const el = doc.getElementById(want) ?? doc.querySelector(`.st-key-${want}`);
  if (stop || ++tries > 1200) { clearInterval(timer); return; }
  if (!el) return;
  const top = el.getBoundingClientRect().top;
  const sc = scroller(el);
  if (!el.id) {  // a container: below the app's header, and only on a page at its top
    if (aim === null && sc.scrollTop > 40) { clearInterval(timer); return; }
    el.style.scrollMarginTop = "4rem";
  }
  if (aim === null || Math.abs(top - aim) > 4 || (short !== null && sc.scrollHeight > short)) {
    el.scrollIntoView();
    aim = el.getBoundingClientRect().top;
    const end = sc.scrollTop + sc.clientHeight >= sc.scrollHeight - 2;
    short = aim > 4 && end ? sc.scrollHeight : null;  // the page ends before the heading's place
    still = 0;
  } else if (++still > 40 && short === null && !running()) clearInterval(timer);
}, 250);
</script>"""


def dropdown_words() -> None:
    """The line a select box shows when no option matches what was typed, in the reader's
    language from the catalogue (``common.no_results``): Streamlit writes "No results" in
    English only (rev21 item 6, on a Chinese page). A style sheet (it takes no room on the
    page) over the line's class in the installed frontend (:func:`ui.stinternals.
    empty_dropdown_class`); nothing when that is not found."""
    from ui.stinternals import empty_dropdown_class

    found = empty_dropdown_class()
    if found is None:
        return
    words = t("common.no_results").replace("\\", "\\\\").replace('"', '\\"')
    st.html(
        f"<style>.{found} {{ font-size: 0; }}"
        f'.{found}::after {{ content: "{words}"; font-size: 0.875rem; }}</style>'
    )


def failed_downloads() -> None:
    """Say each download of this session whose file could not be made and no run has said
    (:func:`ui.stinternals.failed_downloads`): which file, why, and what to do, in the
    reader's language, as a message that stays until closed (the button may be far down the
    page, and Streamlit's own word was English and went after five seconds, left32 item 1).
    At the end of each entry run (:func:`entry_run`): a failure while the run was under way
    is said by it."""
    from ui import stinternals  # Streamlit only

    for failure in stinternals.failed_downloads():
        name, kind, detail = failure
        st.toast(t(f"download.{kind}", file=name, detail=detail), icon="⚠️", duration="infinite")
        stinternals.said_failed_download(failure)  # said: not again (a stopped run: again)


def take_section() -> None:
    """First thing of every entry run, before anything can write the address (the language
    switch, the dataset, the filters): keep ``?section=`` for :func:`land_at_section` and drop
    it from the session's copy of the URL, so the session is the one owner of the parameter and
    never writes it back (rev19e nit 14: after Back, an address kept a ``section=`` that no
    longer matched what was shown). The browser's address loses it in the landing script.

    The browser's frontend sends the query string it last heard of with every rerun, so the
    runs after the landing one (a filter, a click) still name the section until the session
    writes a URL: they draw the landing script again, as before (the same element: the browser
    does not run it again), and drop the section again."""
    from ui.stinternals import forget_query_param

    asked = st.query_params.get(SECTION_PARAM)
    st.session_state[_SECTION_ASKED] = asked
    if asked is not None:
        forget_query_param(SECTION_PARAM)


def landing_script(anchor: str) -> str:
    """The landing script (:data:`_SCROLL_JS`) for the heading whose anchor is ``anchor``."""
    import json

    return _SCROLL_JS % json.dumps(anchor)


def land_at(key: str) -> None:
    """Scroll to the container ``key`` (``st.container(key=...)``) once it is drawn, as a link
    to a section lands (:data:`_SCROLL_JS`): drawn when the container appears, so the page
    lands there when it is opened or come back to (Back), not at each rerun."""
    st.iframe(landing_script(key), height=1)


def land_at_section() -> None:
    """Scroll to the heading ``?section=`` names once it is drawn (a link to a section of a
    long page opened at its top: rev19d minor 9). Only the headings the overview links to
    (:data:`ui.charts.ANCHOR_OF_HEADLINE`) are written into the script, nothing else from the
    address."""
    from ui.charts import ANCHOR_OF_HEADLINE

    if in_entry_run():  # the entry took it out of the session's URL (take_section)
        wanted = st.session_state.get(_SECTION_ASKED)
    else:  # a page run without its entry (AppTest's first run of a page)
        wanted = st.query_params.get(SECTION_PARAM)
    if wanted in set(ANCHOR_OF_HEADLINE.values()):
        st.iframe(landing_script(wanted), height=1)


def page_start(
    title_key: str, breadcrumb: bool = True, scale_caption: bool = True
) -> tuple[str, Scope, str]:
    """The prologue every analysis page shares: entry guard, language, scope, data version,
    title and breadcrumb, and the scale the scope's numbers are on (``scale_caption``: the
    calibration session page says its session cycle's own). Returns ``(lang, scope,
    version)``."""
    from ui import cache, state

    ensure_entry()
    scope = state.current_scope()
    st.title(t(title_key))
    version = cache.version()
    reach_guard(scope, version)
    if breadcrumb:
        state.breadcrumb(scope)
    if scale_caption:
        unit_caption(cache.unit(scope.cycles, version))
    land_at_section()
    return get_lang(), scope, version


#: an :class:`OutOfScope` code -> what it refused (:func:`ui.audit.refused`) and its parameter
REFUSED_PARAM = {
    "department_outside": ("department", "department"),
    "team_outside": ("team", "team"),
    "person_outside": ("person", "employee_id"),
}


def reach_guard(scope: Scope | None, version: str) -> None:
    """Stop the page with a message when the viewer has no role or ``scope`` (a sidebar value,
    a URL's ``?department=``) lies outside their reach; say the reach to anyone below the
    administrator."""
    from analytics.findings.visibility import OutOfScope
    from ui import cache

    view = cache.view(version)
    try:
        view.clip(scope if scope is not None else view.reach)
    except OutOfScope as problem:
        from ui import audit

        said = t(f"auth.{problem.code}", **problem.params)
        if problem.code in REFUSED_PARAM:  # outside the reach: logged, whom to ask
            what, param = REFUSED_PARAM[problem.code]
            audit.refuse(what, str(problem.params[param]), said)
        else:  # no role: the message says whom to ask already
            st.warning(said, icon=":material/lock:")
        st.stop()
    if view.is_everything:
        return
    viewer = view.viewer
    if not viewer.sees_everyone:
        reach = (
            view.reach.reach_words(get_lang())  # "your team (财务核算一组)"
            if viewer.role == "manager"
            else t("common.sep").join(viewer.departments)
        )
        st.caption(t("auth.scope_note", reach=reach, role=t(f"auth.role.{viewer.role}")))
    if view.pseudonymised:
        st.caption(t("auth.pseudonymised_note"))
        for code, params in view.privacy_notes(scope if scope is not None else view.reach):
            st.caption(t(code, **params))
    if not viewer.sees_rater_ids:
        st.caption(t("auth.anonymous_note", k=viewer.k))
    if scope is not None:
        small_scope_guard(scope, version)


def small_scope_guard(scope: Scope, version: str) -> None:
    """Stop the page with a sentence when ``scope``, after every filter, holds too few people
    for a viewer who may not see individuals (the analyst: ``View.small_scope``)."""
    from ui import cache

    problem = cache.small_scope(scope, version)
    if problem is not None:
        st.warning(t(f"auth.{problem.code}", **problem.params), icon=":material/lock:")
        from ui import audit

        audit.refused("selection", selection_words(scope))  # logged as others' (rev28b 13)
        st.stop()


def selection_words(scope: Scope) -> str:
    """A scope's filters as data values for the access log ("财务部 · M3 · 2026Q1")."""
    parts = [scope.department, scope.team, scope.level, scope.job_family, scope.rater_role]
    return " · ".join([p for p in parts if p] + list(scope.cycles))


def unit_caption(unit) -> None:
    """One line under the title: the scale scores, effects and changes are shown on (or why
    they are 0-1: the scope mixes scales); none where the scope has no score (grades only)."""
    lang = get_lang()
    if unit.scoreless:
        return
    if unit.mixed:
        st.caption(t("unit.caption_mixed"))
    else:
        st.caption(t("unit.caption", unit=unit.words(lang)))


def latest_departments_note(version: str) -> None:
    """One line where departments are shown by cycle (distributions by cycle, the heat map,
    department shifts): a person keeps one department, so when the imports found people in
    other departments in earlier cycles (or a rename), say that departments are as of the
    latest cycle (rev22). Nothing when nobody moved."""
    from ui import cache

    history = cache.department_history(version)
    if history is None:
        return
    pairs = [f"{old} → {new}" for old, new in history["renamed"]]
    renamed = t("common.latest_departments_renamed", pairs=pairs) if pairs else ""
    st.caption(
        t(
            "common.latest_departments",
            latest=history["latest"] or "-",
            n=history["movers"],
            renamed=renamed,
        )
    )


def one_rater_departments_note(scope, version: str) -> None:
    """One line per department whose people one manager alone rates (nobody else identified
    rates them, so that manager's standard cannot be estimated): the department's level on
    this page includes that rater's unknown leniency (rev29b item 3b)."""
    from analytics.stats.cautions import whole_department_raters
    from ui import cache

    raters = cache.section("raters", scope, version)
    if raters is None or "team_rest_n" not in raters.columns:
        return
    if not (raters["team_rest_n"] == 0).any():  # no rater alone in a department: the
        return  # people's managers (the attribution's rows) are not read
    changes = cache.section("attribution", scope, version)
    for row in whole_department_raters(raters, changes).iter_rows(named=True):
        st.caption(t("dist.one_rater_department", **row))
