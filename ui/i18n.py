"""zh/en catalog: every UI string goes through :func:`t`.

Strings live in ``ui/strings/<area>.py`` as ``STRINGS = {key: (中文, English)}`` so each page
owns its words; this module merges them. Data values are never translated.
"""

from __future__ import annotations

import importlib
import pkgutil

from ui import strings as _strings_pkg

__all__ = ["LANGS", "LANG_LABELS", "catalog", "get_lang", "set_lang", "t"]

LANGS = ("zh", "en")
# the language switch shows (and puts in the URL) these labels: ?lang=English or ?lang=中文
LANG_LABELS = {"中文": "zh", "English": "en"}
_CATALOG: dict[str, tuple[str, str]] = {}


def catalog() -> dict[str, tuple[str, str]]:
    """The merged catalog (loaded once)."""
    if not _CATALOG:
        for mod in pkgutil.iter_modules(_strings_pkg.__path__):
            module = importlib.import_module(f"ui.strings.{mod.name}")
            dup = set(_CATALOG) & set(module.STRINGS)
            if dup:
                raise KeyError(f"duplicate i18n keys in ui/strings/{mod.name}.py: {sorted(dup)}")
            _CATALOG.update(module.STRINGS)
    return _CATALOG


def get_lang() -> str:
    try:
        import streamlit as st

        lang = st.session_state.get("lang") or "中文"
    except Exception:  # outside a Streamlit run (pure tests)
        lang = "中文"
    lang = LANG_LABELS.get(lang, lang)
    return lang if lang in LANGS else "zh"


def set_lang(lang: str) -> None:
    import streamlit as st

    st.session_state["lang"] = {v: k for k, v in LANG_LABELS.items()}[lang]


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The string for ``key`` in the current language, formatted with ``params``."""
    entry = catalog().get(key)
    if entry is None:
        return key
    text = entry[0] if (lang or get_lang()) == "zh" else entry[1]
    return text.format(**params) if params else text
