"""Where a browser was when it left for the sign-in provider (to sign in or out): its page and
its query parameters (``?lang=``, ``?employee=`` ...), so that it comes back there.

Why on the server: the provider sends the browser back to the app's root URL (Streamlit's
``/oauth2callback`` redirects to ``/``), a new Streamlit session that knows nothing of the
page it left. The one thing the browser carries across is its cookies; Streamlit's own
anti-forgery cookie (``_streamlit_xsrf``) holds a token that stays the same for the browser
(its cookie value is masked afresh on each page load: the token inside is the key). Entries
are kept for :data:`TTL` seconds, taken once, and never hold more than :data:`MAX` browsers.
"""

from __future__ import annotations

import threading
import time

import streamlit as st

__all__ = [
    "COOKIE",
    "MAX",
    "TTL",
    "browser_key",
    "go_back",
    "leaving",
    "recall",
    "remember",
    "returning",
    "xsrf_token",
]

COOKIE = "_streamlit_xsrf"
#: seconds a remembered place waits for the browser to come back
TTL = 900.0
#: browsers remembered at once (the oldest is dropped)
MAX = 1000

#: session-state keys: whether this session looked for a remembered place; the place found
_CHECKED = "returnto_checked"
_BACK = "returnto_back"
_DONE = "returnto_done"

_PLACES: dict[str, tuple[float, str, dict[str, list[str]]]] = {}
_LOCK = threading.Lock()


def remember(
    browser: str, path: str, params: dict[str, list[str]], now: float | None = None
) -> None:
    """Keep ``browser``'s page (its url path, ``""`` for the root) and query parameters."""
    now = time.monotonic() if now is None else now
    with _LOCK:
        for key in [k for k, (at, _, _) in _PLACES.items() if now - at > TTL]:
            del _PLACES[key]
        while len(_PLACES) >= MAX:
            del _PLACES[next(iter(_PLACES))]
        _PLACES[browser] = (now, path, params)


def recall(browser: str, now: float | None = None) -> tuple[str, dict[str, list[str]]] | None:
    """``browser``'s remembered page and parameters, taken (a second call gives None); None
    when nothing is remembered or it is older than :data:`TTL`."""
    now = time.monotonic() if now is None else now
    with _LOCK:
        found = _PLACES.pop(browser, None)
    if found is None or now - found[0] > TTL:
        return None
    return found[1], found[2]


def browser_key() -> str | None:
    """The browser's steady token (see the module docstring); None without the cookie."""
    try:
        raw = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser (a test run)
        return None
    if not raw:
        return None
    token = xsrf_token(raw)
    return token.hex() if token else raw


def xsrf_token(cookie: str) -> bytes | None:
    """The token inside an anti-forgery cookie in Tornado's format, which Streamlit keeps:
    version 2 ``2|<mask hex>|<masked token hex>|<timestamp>`` (each byte of the token XOR-ed
    with the 4-byte mask, repeated) or version 1, the token's hex alone. None for anything
    else. Read here rather than through Streamlit's internal decoder (not public API);
    ``tests/test_stinternals.py`` checks it against the cookies the installed Streamlit makes."""
    value = cookie.strip("\"'")
    try:
        if value.startswith("2|"):
            _, mask_hex, masked_hex, _stamp = value.split("|")
            mask, masked = bytes.fromhex(mask_hex), bytes.fromhex(masked_hex)
            if len(mask) != 4:
                return None
            return bytes(b ^ mask[i % 4] for i, b in enumerate(masked))
        return bytes.fromhex(value) or None
    except ValueError:
        return None


def leaving(here: str) -> None:
    """Before the browser goes to the provider: remember the page ``here`` (its url path) and
    the address's parameters."""
    key = browser_key()
    if key is None:
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    remember(key, here, params)


def returning() -> tuple[str, dict[str, list[str]]] | None:
    """On a session's first run at the bare root address (where the provider sends the
    browser back): the place this browser left from, if any; later runs: None."""
    if st.session_state.get(_CHECKED):
        return st.session_state.get(_BACK)
    st.session_state[_CHECKED] = True
    if len(st.query_params):  # an address that says where to go: it wins
        return None
    key = browser_key()
    back = recall(key) if key else None
    st.session_state[_BACK] = back
    if back:
        _address_back(*back)
    return back


def _address_back(path: str, params: dict[str, list[str]]) -> None:
    """Write into the address, before any widget bound to it is drawn, the language the
    browser left with (the switch then reads it there: as its default it made the address
    drop ``lang=``, a copied link then opening in 中文) and, when it left from the root
    address, every parameter it had there (``?dataset=``, the filters): the root is no page
    :func:`go_back` switches to, and the dataset asked for was dropped (fix34m)."""
    from ui.stinternals import restore_query_params

    kept = {k: v if len(v) > 1 else v[0] for k, v in params.items() if v}
    wanted = kept if path == "" else {k: v for k, v in kept.items() if k == "lang"}
    if wanted:
        restore_query_params(wanted)


def go_back(here: str) -> None:
    """Once the pages may be drawn: open the page the browser left from, with its address's
    parameters (the language too: the address keeps it), unless it is already there. Before the
    sidebar's filters are drawn, so their parameters are read from the address."""
    # kept in the session (the language switch's default must not change between runs: a new
    # default is a new widget, back in 中文); taken once
    back = st.session_state.get(_BACK)
    if not back or st.session_state.get(_DONE):
        return
    st.session_state[_DONE] = True
    from ui.shell import PAGES

    path, params = back
    rest = {k: v if len(v) > 1 else v[0] for k, v in params.items() if v}
    # a page the role is not offered (a link to the data page, signed in as a department
    # head): that page too, where the entry says it is not available to the role
    # (``shell.refuse_page``), not the main page with nothing said (rev26b item 3)
    script = next((p for p, _, url, _ in PAGES if url == path), None)
    if script is None or (path == here and not rest):
        return
    from ui.stinternals import release_query_bindings

    release_query_bindings(set(st.query_params) | set(rest))  # the language carried too
    st.switch_page(script, query_params=rest)
