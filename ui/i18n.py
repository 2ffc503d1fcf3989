"""The language of this session, and :func:`t`: the page strings, from the one catalogue.

The words live in :mod:`analytics.text.catalogue` with every other word of the product (reasons,
labels, import messages), so pages and exports render through the same function. Data values are
never translated.
"""

from __future__ import annotations

from analytics.text import LANGS, entries, render
from ui import runmemo

__all__ = ["LANGS", "LANG_LABELS", "catalog", "choose", "get_lang", "set_lang", "t"]

# the language switch shows (and puts in the URL) these labels: ?lang=English or ?lang=中文
LANG_LABELS = {"中文": "zh", "English": "en"}


def catalog() -> dict[str, dict[str, str]]:
    """The merged catalogue (duplicate codes fail loudly on first use)."""
    return entries()


def get_lang() -> str:
    """The session's language ("zh" or "en"), read once per entry run (:mod:`ui.runmemo`): the
    switch is drawn before the run's memo starts and nothing in the run changes it but
    :func:`set_lang`. Why: every :func:`t` asks, a thousand times in a meeting page's run, each
    a lookup in Streamlit's session state (about a twentieth of the run, session 38)."""
    return runmemo.get(("lang",), _session_lang)


def _session_lang() -> str:
    try:
        import streamlit as st

        lang = st.session_state.get("lang") or "中文"
    except Exception:  # noqa: BLE001 - outside a Streamlit run (pure tests)
        lang = "中文"
    lang = LANG_LABELS.get(lang, lang)
    return lang if lang in LANGS else "zh"


def set_lang(lang: str) -> None:
    import streamlit as st

    st.session_state["lang"] = {v: k for k, v in LANG_LABELS.items()}[lang]
    runmemo.clear()  # the language read this run (get_lang) and what was kept in it


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The string for ``key`` in the current language, formatted with ``params``."""
    return render(key, lang or get_lang(), **params)


def choose(options: object = (1,), many: bool = False) -> str:
    """A select box's ``placeholder`` from the catalogue: what it shows with nothing chosen
    ("请选择"), or with ``options`` empty ("没有可选项"). Streamlit's own ("Choose an option",
    "Choose options", "No options to select") are English whatever the page's language, and
    stand also in a box that has a value as soon as the reader clears its text (issue 19)."""
    if options is not None and len(options) == 0:  # type: ignore[arg-type]
        return t("common.no_options")
    return t("common.choose_many" if many else "common.choose")
