"""Open one dashboard page in AppTest the way a user arrives: language and session state set,
the entry run, then the page. Shared so the page tests do not each carry a copy."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"zh": "中文", "en": "English"}


def open_page(
    page: str, lang: str, timeout: float = 240, query: dict | None = None, **state: object
) -> AppTest:
    """``page`` (e.g. ``pages/person.py``) in ``lang`` with ``state`` set and the URL's
    ``query`` parameters, without an error. ``employee=`` goes into the URL: the person page
    shows the person ``?employee=`` names (its picker follows the URL, rev19e minor 3), as
    every route into a person opens them."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    at.session_state["lang"] = LANGS[lang]
    if "employee" in state:
        query = {**(query or {}), "employee": state.pop("employee")}
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
