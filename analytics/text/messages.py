"""Import errors and quarantine reasons: codes with parameters, words from the catalogue.

Analytics code raises and records *codes with parameters* (``import.<code>`` in the catalogue);
the words are chosen in the user's language, so the CLI and the UI say the same thing. Where
the command line's words name an option or a mapping file (``--header-row``, ``scales`` in a
mapping file), the Data page says what to do with its own controls instead:
``import_page.<code>`` (``page=True``).
"""

from __future__ import annotations

import json

from analytics.text.render import DEFAULT_LANG, entries
from analytics.text.render import render as render_code

__all__ = ["DEFAULT_LANG", "ImportRejected", "distinct", "render", "render_page"]


def render(code: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The message for import code ``code`` in ``lang`` (the code itself when unknown)."""
    key = f"import.{code}"
    return render_code(key, lang, **params) if key in entries() else code


def render_page(code: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The message as the Data page says it: ``import_page.<code>`` where the command line's
    words name an option or a mapping file, else the same words as :func:`render`."""
    key = f"import_page.{code}"
    return render_code(key, lang, **params) if key in entries() else render(code, lang, **params)


def distinct(notices: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Each (code, parameters) once, in order (a warning of two sheets is said once); a list
    parameter (names the renderer joins) compares by its items, a phrase value (a dict: the
    examples of ``managers_changed``) by its content."""
    seen: dict[tuple, tuple[str, dict]] = {}
    for code, params in notices:
        key = (code, json.dumps(params, sort_keys=True, ensure_ascii=False, default=str))
        seen.setdefault(key, (code, params))
    return list(seen.values())


class ImportRejected(Exception):
    """A file-level problem: the whole file is refused and nothing is written."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, "en", **params))

    def message(self, lang: str = DEFAULT_LANG, page: bool = False) -> str:
        """The refusal in ``lang``; ``page``: as the Data page says it (:func:`render_page`)."""
        return (render_page if page else render)(self.code, lang, **self.params)
