"""Sidebar filters mirrored in the URL (``bind="query-params"``), drill-down and breadcrumb.

A copied URL reopens the same view: every filter widget's key is its query-parameter name.
Drill-down requests are parked in ``_pending`` and applied before the widgets are built on the
next run, because a bound widget's value can only change through session state.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from analytics.findings.scope import Scope
from analytics.text import LANGS, render
from ui import cache
from ui.i18n import get_lang, t
from ui.pagelist import PAGES, ROOT
from ui.shell import CAME_FROM, SECTION_PARAM
from ui.stinternals import (
    bound_params,
    forget_query_param,
    release_query_bindings,
    shown_page_path,
    write_bound_params,
)
from ui.urlkeys import DRILLED_KEY, FILTER_KEYS, FILTER_PARAMS, LAST_PERSON_KEY, PERSON_KEY

__all__ = [
    "BOX_PARAM",
    "KEYS",
    "LAST_PERSON_KEY",
    "PAIR_PARAM",
    "PERSON_KEY",
    "RATER_PARAM",
    "breadcrumb",
    "clear_box",
    "current_scope",
    "drill",
    "follow_script",
    "forget_other_pages_clicks",
    "no_filters",
    "open_person",
    "open_rater",
    "person_breadcrumb",
    "person_link",
    "picked_box",
    "picked_rater",
    "role_in_either_language",
    "sidebar_filters",
]

#: each filter's field of the scope -> its widget's key and query parameter
KEYS = FILTER_KEYS
#: session-state key: the unit a person page's crumb was clicked for (:func:`person_breadcrumb`)
_CRUMB_ASKED = "_person_crumb"
#: the person page's change to show first (its later cycle): the one the attribution page showed
PAIR_PARAM = "pair"
#: the 9-box cell whose people the potential page lists, in the URL (``?box=9``) as every
#: other drill is, so a copied link reopens it (rev19d minor 8)
BOX_PARAM = "box"
_BOX_CLICK = "_box_click"  # the chart's last selection applied: a lingering one is not again
#: the rater detailed on the rater page (a point of its leniency chart), ``?rater=E000091``
RATER_PARAM = "rater"
_RATER_CLICK = "_rater_click"


def _apply_pending() -> None:
    pending = st.session_state.pop("_pending", None)
    if pending:
        for field, value in pending.items():
            st.session_state[KEYS.get(field, field)] = value
        # a drill's filters reach the URL in one change (one Back step), not one per widget
        filters = {KEYS[f]: v for f, v in pending.items() if f in KEYS and f != "rater_role"}
        if len(filters) > 1 and not _url_holds(filters):  # held: a link brought them
            write_bound_params(filters)


def _url_holds(values: dict[str, object]) -> bool:
    """Whether the URL holds ``values`` already (None or an empty list: the parameter absent):
    a message writing them again would be an entry of its own in the browser's history, of
    the page still shown (the person's crumb's link: a ``/person?dept=…`` without the person)."""
    for key, value in values.items():
        if value is None or (isinstance(value, list | tuple) and not value):
            if key in st.query_params:
                return False
        elif isinstance(value, list | tuple):
            if st.query_params.get_all(key) != [str(v) for v in value]:
                return False
        elif st.query_params.get_all(key) != [str(value)]:
            return False
    return True


def _request(changes: dict) -> None:
    st.session_state["_pending"] = changes
    st.rerun()


def drill_key(name: str, scope: Scope) -> str:
    """The widget key of a chart whose click drills: one per scope. Why: a chart's selection
    lives as long as its key is drawn, so with one key for every scope the click that drilled
    down was still selected when the breadcrumb went back, and drilled down again."""
    return f"{name}_{hash(scope) & 0xFFFFFFFF:08x}"


def drill(**changes: object) -> None:
    """Narrow (or widen) the scope, e.g. ``drill(department="销售中心/华东区")``, then rerun.

    A drill that also picks cycles (a heat-map cell: a unit in one cycle) remembers the cycles
    chosen before it and the unit it drilled to: the breadcrumb's way back above that unit
    restores those cycles instead of keeping the drilled one (:func:`breadcrumb`)."""
    ss = st.session_state
    if "cycles" in changes:
        ss[DRILLED_KEY] = {
            "before": list(ss.get(KEYS["cycles"]) or ()),
            "cycles": list(changes["cycles"]),  # type: ignore[arg-type]
            "unit": [
                changes.get("department", ss.get(KEYS["department"])),
                changes.get("team", ss.get(KEYS["team"])),
            ],
        }
    _request(changes)


def open_person(employee_id: str, pair: str | None = None) -> None:
    """Open the person page for ``employee_id`` (a table's row click, a chart's point) at the
    same URL as :func:`person_link`'s (the page's parameters, the language and the filters,
    plus ``?employee=``), one history entry: Back returns to the page as it was.

    From another page it is a link the browser follows (:func:`_follow_link`), as a click on
    "Open person" is. Why not ``st.switch_page``: it sends the new query string as a message
    for the page still shown, which the browser adds as an entry of that page
    (``/potential?employee=…``, without the page's own ``?box=9``), and then the person page
    as another: Back went first to the 9-box page without the cell's list, a second Back to
    it (session 44's tester; each row route had that extra entry). The link's query string
    is the page's parameters no widget is bound to (``?dataset=``) and the person's; the
    browser adds the bound ones (language, filters) from its own address, as for any link.

    On the person page itself (its own tables) the switch stays: ``?employee=`` is bound to
    no widget there (the picker follows the URL), so the switch to the same page only puts the
    new person into the URL, one history entry. The bound parameters are unbound for the
    switch (``st.switch_page`` raised "Cannot clear query parameters" with the language bound;
    the next run binds them again, to the same values). Not carried: the change shown for
    the person before (``?pair=``), the section the page before was opened at
    (``?section=``), the other pages' clicks (``?box=``, ``?rater=``). ``pair``: the change
    the row clicked was (its later cycle), which the person page opens on (rev32b item 5:
    Tim Hill's 2024→2025 row opened on 2025→2026)."""
    dropped = {PERSON_KEY, PAIR_PARAM, SECTION_PARAM, *OTHER_PAGES_CLICKS}
    params = {k: st.query_params.get_all(k) for k in st.query_params if k not in dropped}
    params[PERSON_KEY] = [employee_id]
    if pair:
        params[PAIR_PARAM] = [pair]
    shown = shown_page_path()
    if shown is None or Path(shown).resolve() == (ROOT / PERSON_PAGE).resolve():
        release_query_bindings(params)
        st.switch_page(PERSON_PAGE, query_params=params)
    _follow_link(PERSON_PAGE, {k: v for k, v in params.items() if k not in bound_params(params)})


#: the person page's script
PERSON_PAGE = "pages/person.py"
#: session-state key: how many links :func:`_follow_link` drew (each its own element's key)
_LINKS_FOLLOWED = "_person_links_followed"


def _follow_link(
    page: str, params: dict[str, list[str]], bound: dict[str, list[str]] | None = None
) -> None:
    """Draw a hidden link to ``page`` with ``params`` and have the browser click it (a script:
    the frontend's own page change, one history entry, the bound parameters of its address
    kept), as a reader's click on :func:`person_link`'s does. ``bound``: new values of bound
    parameters (an empty list: none), which the link cannot carry (the browser adds the bound
    ones of its address to it: :func:`follow_script` gives the address these first)."""
    n = st.session_state.get(_LINKS_FOLLOWED, 0) + 1
    st.session_state[_LINKS_FOLLOWED] = n
    key = f"perflens_open_person_{n}"
    with st.container(key=key):
        st.page_link(
            page, label=key, query_params={k: params[k] for k in params if k not in (bound or {})}
        )
    st.html(follow_script(key, bound or {}), unsafe_allow_javascript=True)


def _in_script(value: object) -> str:
    """``value`` as a JavaScript literal safe inside a ``<script>`` element: JSON with ``<``,
    ``>`` and ``&`` escaped. Why: ``bound`` holds values of the address (``?dept=…``), which
    anyone can write into a link; a ``</script>`` in one would have ended the script and run
    what followed (the script is drawn with ``unsafe_allow_javascript``)."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def follow_script(key: str, bound: dict[str, list[str]]) -> str:
    """The HTML that hides the link in the container ``key`` (and itself) and clicks the link
    once it is drawn (once: a later draw of the same element clicks no more). ``bound``: for
    the click, the address of the page shown holds these values of the bound parameters (the
    frontend adds the address's bound parameters to the link's, which does not replace one:
    the person's crumb kept the team it widens from); the address is given back right after
    the click, before the new page's entry is added, so Back finds the page as it was."""
    return (
        f"<style>.st-key-{key}, [data-testid='stElementContainer']:has(.{key}_script)"
        " { display: none; }</style>"
        f"<span class='{key}_script'></span>"
        "<script>(() => {"
        f"const key = {_in_script(key)}, done = (window.perflensFollowed ??= new Set());"
        f"const bound = {_in_script(bound)};"
        "if (done.has(key)) return;"
        "let tries = 0;"
        "const follow = () => {"
        "const link = document.querySelector("
        "`.st-key-${key} a[data-testid='stPageLink-NavLink']`);"
        "const app = document.querySelector('[data-testid=\"stApp\"]');"
        "const busy = app?.getAttribute('data-test-script-state') === 'running';"
        "if (!link || (busy && Object.keys(bound).length)) {"
        "if (++tries < 2400) setTimeout(follow, 25); return; }"
        "done.add(key);"
        "const was = location.href, url = new URL(was);"
        "for (const [k, vs] of Object.entries(bound)) {"
        "url.searchParams.delete(k); for (const v of vs) url.searchParams.append(k, v); }"
        "if (url.href !== was) history.replaceState(history.state, '', url);"
        "link.click();"
        "if (url.href !== was) history.replaceState(history.state, '', was);"
        "};"
        "follow();"
        "})();</script>"
    )


#: the clicks other pages keep in the URL (a 9-box cell, a rater): no part of the person page
OTHER_PAGES_CLICKS = (BOX_PARAM, RATER_PARAM)


def forget_other_pages_clicks() -> None:
    """Take the other pages' clicks (:data:`OTHER_PAGES_CLICKS`) out of the person page's URL:
    a ``?box=9`` stayed there, stale, whichever way the person page was reached (a link keeps
    the page's parameters; rev30a item 11)."""
    for param in OTHER_PAGES_CLICKS:
        if param in st.query_params:
            st.query_params.pop(param, None)


def person_link(container, employee_id: str, label: str, pair: str | None = None) -> None:
    """A link to the person page for ``employee_id`` carrying the whole query string (language,
    filters, ``?employee=``), for a button a page draws (not a table's row click); ``pair``:
    the change shown (its later cycle, ``?pair=``), which the person page opens on.

    A link and :func:`open_person` give the same URL (the page's parameters and the person's),
    one history entry: Back returns to the page before, with its filters."""
    container.page_link(  # the link keeps the page's own parameters and adds the person's
        PERSON_PAGE,
        label=label,
        query_params={PERSON_KEY: employee_id} | ({PAIR_PARAM: pair} if pair else {}),
        icon=":material/person:",
    )


def _kept_click(param: str, memo: str, clicked: object | None) -> str | None:
    """The value a chart's click keeps in ``?param=`` (a new click replaces the URL's). A
    chart's selection outlives the run that drew it, so a click is applied once: a value
    cleared from the URL stays cleared while the old click lingers (``memo``: the last click
    applied, in session state)."""
    ss, qp = st.session_state, st.query_params
    if clicked and str(clicked) != ss.get(memo):
        ss[memo] = str(clicked)
        qp[param] = str(clicked)
    elif not clicked:
        ss.pop(memo, None)
    return qp.get(param)


def picked_box(clicked: object | None) -> int | None:
    """The 9-box cell listed (1-9, None: the list of high potentials), kept in ``?box=``.

    ``clicked``: the grid's selected cell this run (a new click replaces the URL's cell); the
    list cleared (:func:`clear_box`) stays cleared while the old click lingers."""
    wanted = _kept_click(BOX_PARAM, _BOX_CLICK, clicked)
    return int(wanted) if wanted in {str(b) for b in range(1, 10)} else None


def picked_rater(clicked: object | None) -> str | None:
    """The rater the rater page details (a point clicked on its leniency chart), kept in
    ``?rater=`` so a copied link reopens it (rev19e minor 7); None: no rater picked."""
    return _kept_click(RATER_PARAM, _RATER_CLICK, clicked) or None


def open_rater(rater_id: str) -> None:
    """Open a rater on the rater page as a click on its chart's dot does (``?rater=``): a
    click on a row of its table of raters (rev28a item 13)."""
    st.query_params[RATER_PARAM] = rater_id  # the dot's click memo untouched: it lingers
    st.rerun()


def clear_box() -> None:
    """Back from a 9-box cell to the list: the button's callback, run before the page is."""
    st.query_params.pop(BOX_PARAM, None)


def dropped_filter(asked: str | None, departments: list[str], what: str = "department") -> None:
    """A ``?dept=`` (``what``: ``team``, a ``?team=``) the viewer may not pick (another
    department's or team's, or none) is dropped by the sidebar's picker: say so, rather than
    show the whole reach without a word, and log it."""
    if asked and asked not in departments:
        from ui import audit

        key = "filter.team_dropped" if what == "team" else "filter.dept_dropped"
        text = t(key, **{what: asked})
        audit.refuse(what, asked, text)


def role_in_either_language(roles: list[str]) -> str | None:
    """A ``?role=`` in the other language's words (an English link, ``role=Peer``, opened in
    中文) or as its code (``role=peer``) selects that role; one that names no role is said
    and dropped. Returns the role it selected (the address is then reworded once the picker is
    drawn: Streamlit drops an address value it cannot match). Why: the role picker's options
    are worded in the reader's language and Streamlit matches the address against those
    words, so it dropped ``role=Peer`` in 中文 without a word (rev35b)."""
    key = KEYS["rater_role"]
    asked = st.query_params.get(key)
    if not asked or asked in {t(f"role.{r}") for r in roles}:
        return None
    for role in roles:
        if asked in (role, *(render(f"role.{role}", lang) for lang in LANGS)):
            st.session_state[key] = role
            return role
    st.warning(t("filter.role_dropped", role=asked), icon=":material/filter_alt_off:")
    return None


def sidebar_filters() -> Scope:
    """Draw the global filters in the sidebar and return the scope they describe."""
    _apply_pending()
    opts = cache.options(cache.version())
    sb = st.sidebar
    status = cache.store_status()
    if status != "current":  # the numbers shown are computed on demand meanwhile
        sb.info(t(f"store.{status}"), icon=":material/sync:")
    sb.multiselect(
        t("filter.cycles"),
        opts["cycles"],
        key=KEYS["cycles"],
        bind="query-params",
        placeholder=t("filter.all"),
        # Streamlit's "Select all" option is English text its front end cannot word (1.67);
        # an empty choice already means every cycle (rev19c minor 3)
        select_all=False,
    )
    # the files' own names of the codes (rev26a item 9: 2026年上半年 read as 2026H1), under
    # the choice: not as its options' words (a formatted option is what Streamlit 1.67 matches
    # the address's ?cycle= against, so a link's cycles were dropped)
    if named := opts.get("cycle_labels"):
        pairs = [t("filter.cycle_named", cycle=c, label=v) for c, v in named.items()]
        sb.caption(t("filter.cycle_names", names=pairs))
    dropped_filter(st.query_params.get(KEYS["department"]), opts["departments"])
    sb.selectbox(
        t("filter.department"),
        opts["departments"],
        index=None,
        key=KEYS["department"],
        bind="query-params",
        placeholder=t("filter.all"),
    )
    dept = st.session_state.get(KEYS["department"])
    dropped_filter(st.query_params.get(KEYS["team"]), opts["teams"], "team")  # the reach's
    teams = opts["teams"] if not dept else opts.get("teams_by_dept", {}).get(dept, opts["teams"])
    sb.selectbox(
        t("filter.team"),
        teams,
        index=None,
        key=KEYS["team"],
        bind="query-params",
        placeholder=t("filter.all"),
    )
    sb.selectbox(
        t("filter.level"),
        opts["levels"],
        index=None,
        key=KEYS["level"],
        bind="query-params",
        placeholder=t("filter.all"),
    )
    sb.selectbox(
        t("filter.job_family"),
        opts["job_families"],
        index=None,
        key=KEYS["job_family"],
        bind="query-params",
        placeholder=t("filter.all"),
    )
    reworded = role_in_either_language(opts["roles"])
    sb.selectbox(
        t("filter.rater_role"),
        opts["roles"],
        index=None,
        format_func=lambda role: t(f"role.{role}"),
        key=KEYS["rater_role"],
        bind="query-params",
        placeholder=t("filter.all"),
    )
    if reworded:  # the address as the picker words it: a copied link keeps the role
        write_bound_params({KEYS["rater_role"]: t(f"role.{reworded}")})
    return current_scope()


#: the class of :func:`no_filters`' script's element, which its style hides
_NO_FILTERS_MARKER = "perflens-no-filters"


def _no_filters_script() -> str:
    """The HTML whose script takes the filters' parameters out of the browser's address in
    place (``history.replaceState``: no history entry), if it has any."""
    return (
        f"<style>[data-testid='stElementContainer']:has(.{_NO_FILTERS_MARKER})"
        " { display: none; }</style>"
        f"<span class='{_NO_FILTERS_MARKER}'></span>"
        "<script>(() => {"
        "const url = new URL(location.href);"
        f"const found = {json.dumps(list(FILTER_PARAMS))}.filter((k) => url.searchParams.has(k));"
        "if (!found.length) return;"
        "for (const key of found) url.searchParams.delete(key);"
        "history.replaceState(history.state, '', url);"
        "})();</script>"
    )


def no_filters() -> None:
    """For a run of the entry that draws no filters (the Data page; the first-run, refused and
    no-reach screens): the filters' parameters leave the session's copy of the address without
    a message and the browser's address in place, so a click that opened it is one history
    entry, without filters the page does not have.

    Why (rev34b minor): Streamlit's frontend opens the next page at an address with the
    parameters of the widgets drawn on the page before (``/data?dept=…&level=M2``), and at the
    end of a run that did not draw them Streamlit took them out with a message, which the
    browser adds as another entry (``/data?lang=English``): Back went first to the Data page
    with the filters. The frontend keeps sending its own copy of the address with the page's
    later runs: each run takes them out again, with no message.

    The filters are left with the page, as its address says: the next page opens without them
    (one entry). Kept in the session, they came back there with one more entry (a message
    putting them into the address, :mod:`ui.carry`, or each widget writing its own)."""
    for key in FILTER_PARAMS:  # the widgets' values too: drawn again, they would write them
        st.session_state.pop(key, None)  # back, one history entry each (the next page)
    found = [key for key in FILTER_PARAMS if key in st.query_params]
    if not found:
        return
    for key in found:
        forget_query_param(key)
    st.sidebar.html(_no_filters_script(), unsafe_allow_javascript=True)


def current_scope() -> Scope:
    _apply_pending()  # no-op after sidebar_filters; needed when only the page script runs
    values = {field: st.session_state.get(key) for field, key in KEYS.items()}
    return Scope(**values | {"cycles": tuple(values["cycles"] or ())})


def reach_root(department: str | None) -> tuple[str, int]:
    """The breadcrumb's root, the whole of what the viewer may see, and how many parts of
    ``department``'s path it stands for: 全公司 / Company for a viewer who sees everyone; a
    department head's subtree ("研发中心", its parts none of their own); several subtrees
    joined ("销售中心 + 市场部", each still a crumb); a manager's team ("your team
    (财务核算一组)"). Below the administrator "Company" above 研发中心's units read as if
    the page showed the company (rev25b item 6)."""
    v = cache.view(cache.version())
    viewer = v.viewer
    if viewer.sees_everyone or viewer.denied:
        return t("crumb.company"), 0
    if viewer.role == "manager":
        return v.reach.reach_words(get_lang()), 0
    subtrees = viewer.departments
    if len(subtrees) == 1:
        root = subtrees[0]
        inside = bool(department) and (department == root or department.startswith(root + "/"))
        return root, root.count("/") + 1 if inside else 0
    return " + ".join(subtrees), 0


def _crumbs(scope: Scope) -> list[tuple[str, dict]]:
    """The crumbs of ``scope``: each crumb's label and the department and team it widens to."""
    root, below = reach_root(scope.department)
    crumbs: list[tuple[str, dict]] = [(root, {"department": None, "team": None})]
    if scope.department:
        parts = scope.department.split("/")
        for i, part in enumerate(parts):
            if i >= below:  # the reach's own path is the root crumb, not crumbs above it
                crumbs.append((part, {"department": "/".join(parts[: i + 1]), "team": None}))
    if scope.team:
        crumbs.append((scope.team, {"department": scope.department, "team": scope.team}))
    return crumbs


def breadcrumb(scope: Scope) -> None:
    """公司 › 销售中心 › 华东区 › team: each crumb widens the scope back to that level; above
    a unit drilled to in one cycle (a heat-map cell) it also gives back the cycles chosen
    before that drill."""
    crumbs = _crumbs(scope)
    drilled = st.session_state.get(DRILLED_KEY)
    if drilled and list(scope.cycles) != drilled["cycles"]:  # the cycles were changed since
        st.session_state.pop(DRILLED_KEY)
        drilled = None
    bar = st.container(horizontal=True, gap="small", key="crumbs")
    for i, (label, change) in enumerate(crumbs):
        last = i == len(crumbs) - 1
        if bar.button(
            label + ("" if last else " ›"), key=f"crumb_{i}", disabled=last, type="tertiary"
        ):
            target = [change.get("department"), change.get("team")]
            if drilled and target != drilled["unit"]:  # back above the drilled cell's unit
                st.session_state.pop(DRILLED_KEY)
                change = {**change, "cycles": drilled["before"]}
            _request(change)


def person_breadcrumb(scope: Scope, person: str) -> None:
    """The unit the person was opened in (公司 › 财务部 › 财务核算部 › 财务核算二组 › the person):
    each crumb goes back to the page the person was opened from (:data:`CAME_FROM`; the
    distributions when not known) at that unit, with the language and the other filters
    (rev28b item 9: only the browser's Back led up). The click is kept by its callback and
    acted on here: a click's own value lasts one run, which a page's rerun would lose."""
    if (change := st.session_state.pop(_CRUMB_ASKED, None)) is not None:
        came = st.session_state.get(CAME_FROM)
        dropped = {PERSON_KEY, PAIR_PARAM, SECTION_PARAM, BOX_PARAM, KEYS["department"]}
        params = {k: st.query_params.get_all(k) for k in st.query_params if k not in dropped}
        params.pop(KEYS["team"], None)
        params |= {KEYS[k]: [v] for k, v in change.items() if v}
        st.session_state["_pending"] = change  # the bound filter widgets take the unit too
        target = next((p for p, _, url, _ in PAGES if url == came), "pages/distributions.py")
        bound = {k: params.get(k, []) for k in bound_params(set(st.query_params) | set(params))}
        # the session's URL as the link's, no message: the next run puts back no filter the
        # crumb drops (ui/carry.py: it put the team back)
        write_bound_params(bound, send=False)
        _follow_link(target, params, bound)
        st.stop()  # the rest of this page would take the unit for the person (_pending)
    bar = st.container(horizontal=True, gap="small", key="crumbs")
    for i, (label, change) in enumerate(_crumbs(scope)):
        bar.button(
            label + " ›",
            key=f"crumb_{i}",
            type="tertiary",
            on_click=st.session_state.__setitem__,
            args=(_CRUMB_ASKED, change),
        )
    bar.button(person, key="crumb_person", disabled=True, type="tertiary")
