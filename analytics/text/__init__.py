"""Text layer: codes and parameters rendered as words in 中文 or English, from one catalogue.

Analyses return codes (and phrases: a code with its parameters, see :mod:`analytics.text.render`);
pages, the XLSX/CSV/JSON/HTML report and the figures all turn them into words with
:func:`render` / :func:`render_frame`, so a wording fix lands everywhere at once. The words live
in :mod:`analytics.text.catalogue`. Imports nothing else of the project: every layer may use it.
"""

from analytics.text.render import (
    CODED_COLUMNS,
    DEFAULT_LANG,
    LANGS,
    codes_in,
    entries,
    format_p,
    is_phrase,
    phrase,
    phrase_dtype,
    phrase_value,
    phrases,
    render,
    render_column,
    render_frame,
    render_strict,
)

__all__ = [
    "CODED_COLUMNS",
    "DEFAULT_LANG",
    "LANGS",
    "codes_in",
    "entries",
    "format_p",
    "is_phrase",
    "phrase",
    "phrase_dtype",
    "phrase_value",
    "phrases",
    "render",
    "render_column",
    "render_frame",
    "render_strict",
]
