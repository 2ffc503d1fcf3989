"""Open one dashboard page in AppTest the way a user arrives: language and session state set,
the entry run, then the page. Shared so the page tests do not each carry a copy."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.pagelist import PAGES

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"zh": "中文", "en": "English"}


def direct(page: str) -> str:
    """``page`` for :meth:`AppTest.switch_page` before the first run: the entry script then
    draws that page on its first run, not the overview first (a whole page run, cold on a new
    copy of the database, that the test never reads). AppTest knows a page by its file's name
    until a run has registered the pages, which is the page's path for every page
    (:data:`ui.pagelist.PAGES`): checked here, so no test is silently shown the overview."""
    assert page in {f"pages/{url}.py" for _, _, url, _ in PAGES}, page
    return page


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
    at.switch_page(direct(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def drawn_with_managers(app, source, tmp_path, monkeypatch) -> tuple[AppTest, list]:
    """``app`` (a function) run once in English over a copy in ``tmp_path`` of the database
    ``source`` (a download writes the access log beside it): the AppTest and the media managers its runs
    had, in order (AppTest gives each run a manager of its own; a click goes through the
    manager as the browser's does, ``execute_deferred`` with the button's deferred file id)."""
    import shutil

    from streamlit.runtime.media_file_manager import MediaFileManager

    copy = tmp_path / "perflens.duckdb"
    shutil.copy(source, copy)
    monkeypatch.setenv("PERFLENS_DB", str(copy))
    managers: list[MediaFileManager] = []

    class Caught(MediaFileManager):
        def __init__(self, *args, **kw) -> None:
            super().__init__(*args, **kw)
            managers.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", Caught)
    at = AppTest.from_function(app, default_timeout=60)
    at.session_state["lang"] = "English"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, managers
