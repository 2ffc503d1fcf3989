"""Import errors and quarantine reasons: codes with parameters, words from the catalogue.

Analytics code raises and records *codes with parameters* (``import.<code>`` in the catalogue);
the words are chosen in the user's language, so the CLI and the UI say the same thing.
"""

from __future__ import annotations

from analytics.text.render import DEFAULT_LANG, entries
from analytics.text.render import render as render_code

__all__ = ["DEFAULT_LANG", "ImportRejected", "render"]


def render(code: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The message for import code ``code`` in ``lang`` (the code itself when unknown)."""
    key = f"import.{code}"
    return render_code(key, lang, **params) if key in entries() else code


class ImportRejected(Exception):
    """A file-level problem: the whole file is refused and nothing is written."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, "en", **params))

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return render(self.code, lang, **self.params)
