"""The import history and the quarantine in the reader's language.

An import stores its message and each quarantined cell its reason as a code with parameters
(``imports.message_code`` / ``message_params``, ``quarantine.reason_code`` /
``reason_params``), beside the words of the import's own language. Shown, they are worded
again in the language of whoever reads them, with the numbers of that import or cell (the
scale of *that* dimension, the row of *that* first rating). Rows written before the codes were
kept, or whose code needs parameters that were not kept, show their stored words.
"""

from __future__ import annotations

import json
import string

import polars as pl

from analytics.text.messages import render
from analytics.text.render import entries, render_strict

__all__ = ["worded_imports", "worded_quarantine"]


def _needs_params(code: str) -> bool:
    """True when the code's words take parameters (so they cannot be worded without them)."""
    entry = entries().get(f"import.{code}")
    if entry is None:
        return True
    return any(name for _, name, _, _ in string.Formatter().parse(entry["en"]) if name)


def _worded(frame: pl.DataFrame, code: str, params: str, text: str, lang: str) -> pl.DataFrame:
    """``frame`` with column ``text`` worded from ``code`` + ``params`` in ``lang`` where it
    can be (each distinct code and parameters once), else kept as stored."""
    if frame.height == 0 or code not in frame.columns or text not in frame.columns:
        return frame
    cols = [code, params] if params in frame.columns else [code]
    words: list[tuple] = []
    for row in frame.select(cols).unique().iter_rows():
        c, p = row[0], (row[1] if len(row) > 1 else None)
        if c is None:
            continue
        if p is not None:
            try:
                args = json.loads(p)
            except ValueError:
                continue
            try:  # words whose parameters were not all kept (an older import): as stored
                words.append((*row, render_strict(f"import.{c}", lang, **args)))
            except (KeyError, IndexError, ValueError, TypeError):
                continue
        elif not _needs_params(c):
            words.append((*row, render(c, lang)))
    if not words:
        return frame
    schema = {c: frame.schema[c] for c in cols} | {"_words": pl.String}
    table = pl.DataFrame(words, schema=schema, orient="row")
    return (
        frame.join(table, on=cols, how="left", nulls_equal=True, maintain_order="left")
        .with_columns(pl.coalesce("_words", text).alias(text))
        .drop("_words")
    )


def worded_imports(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The ``imports`` rows with ``message`` in ``lang``."""
    return _worded(frame, "message_code", "message_params", "message", lang)


def worded_quarantine(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The ``quarantine`` rows with ``reason`` in ``lang``."""
    return _worded(frame, "reason_code", "reason_params", "reason", lang)
