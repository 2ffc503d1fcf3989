"""The sign-in gate, run by ``dashboard.py`` before any page is drawn.

- **No provider configured** (no ``[auth]`` in ``.streamlit/secrets.toml``): today's behaviour,
  one user, the local administrator (:data:`~analytics.auth.roles.LOCAL_ADMIN`), with a badge in
  the sidebar saying so. ``make run`` then binds the server to ``localhost``; a server that
  listens on another address says in red that anyone who reaches the port sees everything.
  (A viewer the program itself put in the session state, as the page tests do for a department
  head, is kept: a browser cannot set session state.)
- **A provider configured**: Streamlit's own OpenID Connect sign-in (``st.login`` /
  ``st.user`` / ``st.logout``, through Authlib). Until ``st.user.is_logged_in`` only the sign-in
  screen is drawn (one button per provider). Then the identity (the ``email`` claim, else
  ``preferred_username``, else ``sub``) and the provider's group claim are resolved against the
  roles file (:func:`analytics.auth.roles.resolve`); the viewer is stored for the pages
  (:func:`ui.auth.set_viewer`), the sign-in is logged once per sign-in at the provider (not
  per page load), and the sidebar shows who
  is signed in, the role, what it reaches, and a sign-out button. An unknown user (role
  ``none``) sees nothing but whom to ask.

Two optional settings of the sign-in live beside the provider's, in a ``[perflens]`` section of
``.streamlit/secrets.toml``: ``contact`` (whom an unknown user is told to ask, e.g.
``"HR 信息组 hr-it@example.com"``) and ``groups_claim`` (the ID token's claim that lists the
user's groups; default ``groups``). Not in the roles file: ``python -m analytics users``
rewrites that file from the roles it knows.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from analytics.auth.roles import LOCAL_ADMIN, RolesProblem, Viewer, load_roles, resolve
from analytics.text.render import render
from ui import returnto
from ui.auth import VIEWER_KEY, provider_configured, set_viewer
from ui.i18n import get_lang, t

__all__ = [
    "DEFAULT_GROUPS_CLAIM",
    "LOCAL_ADDRESSES",
    "Gate",
    "check",
    "contact",
    "first_sign_in",
    "identity",
    "providers",
    "show",
    "sign_in_key",
]

DEFAULT_GROUPS_CLAIM = "groups"
#: server addresses that only this machine can reach
LOCAL_ADDRESSES = ("localhost", "127.0.0.1", "::1")
#: session-state key: the user whose sign-in this session has logged
_LOGGED = "signin_logged"
#: the sign-ins (user and identity-token issue time) this server has logged: every page load
#: or opened link is a new Streamlit session on the same cookie, not another sign-in
_SIGN_INS: set[str] = set()
_SIGN_INS_LOCK = threading.Lock()


def sign_in_key(claims: Mapping[str, object], user: str) -> str | None:
    """One sign-in at the provider: the user and the identity token's issue time (``iat``,
    else ``auth_time``, else the provider's session id ``sid``); None when the token has
    none of them."""
    for claim in ("iat", "auth_time", "sid"):
        value = claims.get(claim)
        if isinstance(value, int | float | str) and str(value).strip():
            return f"{user}|{claim}={value}"
    return None


def first_sign_in(key: str) -> bool:
    """Whether ``key`` (:func:`sign_in_key`) is seen for the first time by this server."""
    with _SIGN_INS_LOCK:
        if key in _SIGN_INS:
            return False
        _SIGN_INS.add(key)
        return True


def providers() -> list[str | None]:
    """The providers ``[auth]`` configures: ``[None]`` for the one written directly in
    ``[auth]``, else the names of its ``[auth.<name>]`` sections, in file order."""
    auth = st.secrets["auth"]
    if "client_id" in auth or "server_metadata_url" in auth:
        return [None]
    return [name for name, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]


def _sign_in_settings() -> tuple[str | None, str]:
    """``contact`` and ``groups_claim`` of the secrets' ``[perflens]`` (see the module
    docstring)."""
    try:
        data = st.secrets.get("perflens", {}) if st.secrets.load_if_toml_exists() else {}
    except Exception:  # noqa: BLE001 - an unreadable secrets file: the defaults
        data = {}
    if not isinstance(data, Mapping):
        return None, DEFAULT_GROUPS_CLAIM
    contact = data.get("contact")
    claim = data.get("groups_claim")
    return (
        contact if isinstance(contact, str) and contact.strip() else None,
        claim if isinstance(claim, str) and claim.strip() else DEFAULT_GROUPS_CLAIM,
    )


def contact() -> str | None:
    """Whom a refused user is told to ask (``[perflens] contact``), shown as written (an
    address is no Markdown); None: none configured."""
    named = _sign_in_settings()[0]
    return _md(named) if named else None


def identity(claims: Mapping[str, object], groups_claim: str) -> tuple[str, list[str]]:
    """The user name the roles file knows (email, else preferred_username, else sub) and the
    groups the token lists (a claim holding one name or a list of names)."""
    user = next(
        (
            str(claims[k]).strip()
            for k in ("email", "preferred_username", "sub")
            if isinstance(claims.get(k), str) and str(claims[k]).strip()
        ),
        "",
    )
    raw = claims.get(groups_claim)
    if isinstance(raw, str):
        groups = [raw]
    elif isinstance(raw, list | tuple):
        groups = [str(g) for g in raw]
    else:
        groups = []
    return user, groups


def _md(text: str) -> str:
    """``text`` shown as it is in Markdown (an address such as ``li_na@x.com`` is no italics)."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+-.!|~$" else c for c in text)


def _local() -> None:
    # plain words that wrap in a narrow sidebar (a badge is one line, cut with "…")
    st.sidebar.markdown(":material/person: **" + _md(t("signin.local_badge")) + "**")
    st.sidebar.caption(t("signin.local_help"))
    address = st.get_option("server.address")
    if address not in LOCAL_ADDRESSES:
        shown = address or "0.0.0.0"
        st.sidebar.markdown(":red-background[" + t("signin.exposed", address=shown) + "]")


def _sign_in_screen(here: str) -> None:
    st.title(t("signin.title"))
    st.write(t("signin.body"))
    names = providers()
    for name in names or [None]:
        label = t("signin.button") if name is None else t("signin.button_with", provider=name)
        if st.button(label, type="primary", key=f"signin_{name or 'default'}"):
            returnto.leaving(here)  # the provider sends the browser back to the root address
            try:
                st.login() if name is None else st.login(name)
            except Exception as exc:  # noqa: BLE001 - a configuration error, said in words
                st.error(t("signin.failed", detail=str(exc).splitlines()[0][:300]))


def _reach(viewer: Viewer) -> str:
    if viewer.departments:
        return t("signin.reach_departments", departments=list(viewer.departments))
    if viewer.role == "manager" and viewer.employee_id:
        return t("signin.reach_team", employee=viewer.employee_id)
    if viewer.pseudonymised:
        return t("signin.reach_pseudonymised")
    return t("signin.reach_all")


def _sidebar(viewer: Viewer, here: str, sign_out: bool = True) -> None:
    box = st.sidebar.container(border=True, key="signin_identity")
    box.markdown(t("signin.as", user=_md(viewer.user)))
    box.caption(t("signin.role", role=t(f"auth.role.{viewer.role}")))
    if not viewer.denied:
        box.caption(_reach(viewer))
    if sign_out and box.button(t("signin.logout"), icon=":material/logout:", key="signin_logout"):
        st.session_state.pop(_LOGGED, None)
        returnto.leaving(here)  # back on the sign-in screen in the same language
        st.logout()


def _denied(viewer: Viewer, contact: str | None) -> None:
    st.title(t("signin.denied_title"))
    contact = _md(contact) if contact else t("signin.contact_default")
    st.info(t("signin.denied", user=_md(viewer.user), contact=contact))


@dataclass(frozen=True)
class Gate:
    """Who is looking and what the gate draws: ``local`` (no provider), ``sign_in`` (not signed
    in yet), ``roles_problem`` (the roles file cannot be read), ``denied`` (no role), ``in``."""

    viewer: Viewer
    screen: str
    problem: str | None = None
    contact: str | None = None
    groups: tuple[str, ...] = ()
    #: signed in through the provider (False: the local administrator, or a viewer the program
    #: itself put in the session)
    signed_in: bool = True
    #: this sign-in at the provider (:func:`sign_in_key`); None: once per browser session
    sign_in: str | None = None

    @property
    def allowed(self) -> bool:
        """The pages may be drawn."""
        return self.screen in ("local", "in")


def check() -> Gate:
    """Decide who is looking (stored with :func:`ui.auth.set_viewer`); draws nothing, so the
    entry can call it before ``st.navigation`` and :func:`show` after it. (A button drawn
    before ``st.navigation`` on a fresh server never reported its click: Streamlit 1.67.)"""
    if not provider_configured():
        # no provider: the local administrator, unless the program itself put another viewer
        # in the session (AppTest as a department head; the browser cannot set session state)
        preset = st.session_state.get(VIEWER_KEY)
        if isinstance(preset, Viewer) and preset != LOCAL_ADMIN:
            screen = "denied" if preset.denied else "in"
            gate = Gate(preset, screen, contact=_sign_in_settings()[0], signed_in=False)
        else:
            gate = Gate(LOCAL_ADMIN, "local", signed_in=False)
    elif not st.user.is_logged_in:
        gate = Gate(Viewer(user="", role="none"), "sign_in")
    else:
        contact, groups_claim = _sign_in_settings()
        claims = st.user.to_dict()
        user, groups = identity(claims, groups_claim)
        key = sign_in_key(claims, user)
        try:
            roles = load_roles()
        except RolesProblem as exc:
            problem = render(f"auth.{exc.code}", get_lang(), **exc.params)
            gate = Gate(Viewer(user=user, role="none"), "roles_problem", problem=problem)
        else:
            viewer = resolve(user, groups, roles)
            screen = "denied" if viewer.denied else "in"
            gate = Gate(viewer, screen, contact=contact, groups=tuple(groups), sign_in=key)
    set_viewer(gate.viewer)
    return gate


def show(gate: Gate, here: str = "") -> None:
    """Draw what :func:`check` decided: the badge of the local administrator, the sign-in
    screen, or the signed-in identity in the sidebar (and, for a user without a role, whom to
    ask). ``here``: the page's url path, kept for the way back from the provider. Logs each sign-in at the provider once (:func:`sign_in_key`)."""
    if gate.screen == "local":
        _local()
        return
    if gate.screen == "sign_in":
        _sign_in_screen(here)
        return
    viewer = gate.viewer
    if (
        gate.signed_in
        and gate.screen != "roles_problem"
        and st.session_state.get(_LOGGED) != viewer.user
    ):
        st.session_state[_LOGGED] = viewer.user
        # once per sign-in at the provider, not per page load (a new session, the same cookie)
        if gate.sign_in is None or first_sign_in(gate.sign_in):
            from ui import audit

            audit.log("sign_in", detail=", ".join(gate.groups), dataset="")
    _sidebar(viewer, here, sign_out=gate.signed_in)
    if gate.screen == "roles_problem":
        st.error(t("signin.roles_problem", problem=gate.problem))
    elif gate.screen == "denied":
        _denied(viewer, gate.contact)
