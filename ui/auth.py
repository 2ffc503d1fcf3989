"""Who is looking in this session: the :class:`~analytics.auth.roles.Viewer` pages pass down.

The sign-in gate stores the signed-in viewer with :func:`set_viewer`; pages and ``ui.cache``
read it with :func:`current_viewer`. With no sign-in provider configured the dashboard has one
user, the local administrator (:data:`~analytics.auth.roles.LOCAL_ADMIN`), as before roles
existed; with one configured, a session the gate has not resolved sees nothing.
"""

from __future__ import annotations

import streamlit as st

from analytics.auth.roles import LOCAL_ADMIN, Viewer

__all__ = ["VIEWER_KEY", "current_viewer", "provider_configured", "set_viewer"]

#: session-state key of the signed-in viewer
VIEWER_KEY = "viewer"


def provider_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` configures a sign-in provider (an ``[auth]``
    section)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all: no provider
        return False


def set_viewer(viewer: Viewer) -> None:
    st.session_state[VIEWER_KEY] = viewer


def current_viewer() -> Viewer:
    """The viewer of this session: the one the sign-in gate set; else the local administrator
    when no provider is configured, and nobody (role ``none``) when one is."""
    viewer = st.session_state.get(VIEWER_KEY)
    if isinstance(viewer, Viewer):
        return viewer
    if provider_configured():
        return Viewer(user="", role="none")
    return LOCAL_ADMIN
