"""The page list, and the first ``st.navigation`` of a fresh server, with nothing heavy imported.

Why :func:`hide_file_names`: until the first ``st.navigation`` call of the process, Streamlit
treats the app as a legacy multipage app and the sidebar lists the ``pages/`` files by their file
names ("dashboard, attribution, calibration, data, ..."). The entry's real navigation
(:func:`ui.shell.navigation`) needs the catalogue's titles, which load Polars: on a fresh server
the raw names stayed in the sidebar for about 2 s while it loaded (review of issue 19). This
module imports Streamlit only, so the entry can register the pages, hidden, before anything slow.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

__all__ = ["ADMIN_PAGES", "HOME_URL", "PAGES", "ROLE_PAGES", "ROOT", "hide_file_names"]

ROOT = Path(__file__).resolve().parent.parent

#: (script, title key, url path, icon) of every page, in navigation order; the first is the default
PAGES = (
    ("pages/overview.py", "nav.overview", "overview", ":material/dashboard:"),
    ("pages/distributions.py", "nav.distributions", "distributions", ":material/bar_chart:"),
    ("pages/raters.py", "nav.raters", "raters", ":material/balance:"),
    ("pages/attribution.py", "nav.attribution", "attribution", ":material/trending_up:"),
    ("pages/potential.py", "nav.potential", "potential", ":material/star:"),
    ("pages/calibration.py", "nav.calibration", "calibration", ":material/fact_check:"),
    (
        "pages/meeting.py",
        "nav.calibration_session",
        "meeting",
        ":material/how_to_vote:",
    ),
    ("pages/person.py", "nav.person", "person", ":material/person:"),
    ("pages/data.py", "nav.data", "data", ":material/upload_file:"),
)

#: pages only the administrator is offered: import and delete
ADMIN_PAGES = ("data",)
#: pages offered to some roles only: the calibration meeting to those who hold meetings
#: (``analytics.calibration.reach.MEETING_ROLES``; each session is clipped to the reach)
ROLE_PAGES = {"meeting": ("hr_admin", "hrbp", "dept_head")}

#: url path under which the default page (served at the app's root) is registered: Streamlit
#: serves a ``default=True`` page at ``/`` only, so its own path is taken by a hidden alias
HOME_URL = "home"


def hide_file_names() -> None:
    """Register every page with the sidebar's page list hidden (ends the legacy ``pages/`` mode
    at once); the entry's :func:`ui.shell.navigation` then shows the titles. The url paths are
    the real ones, so a deep link resolves to its page in both calls."""
    pages = [st.Page(str(ROOT / PAGES[0][0]), url_path=HOME_URL, default=True)]
    pages += [st.Page(str(ROOT / path), url_path=url) for path, _, url, _ in PAGES]
    st.navigation(pages, position="hidden")
