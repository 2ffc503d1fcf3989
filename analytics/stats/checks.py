"""Input checks shared by the statistics modules.

Why: every public function starts by checking that it was given a Polars frame with the
columns it reads; one helper gives the same error type and wording everywhere, so a caller
(or a test) can rely on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

__all__ = ["require_columns"]


def require_columns(
    frame: object, columns: Sequence[str], what: str = "data", distinct: bool = False
) -> None:
    """Raise ``TypeError`` unless ``frame`` is a ``pl.DataFrame``, ``ValueError`` if it lacks
    any of ``columns`` (``what`` names the argument in the message) or, with ``distinct``,
    if the same column is named twice (e.g. targets and raters both given as one column)."""
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(f"{what} must be a polars DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"column(s) not in {what}: {missing}")
    if distinct and len(set(columns)) != len(columns):
        raise ValueError(f"column arguments must be distinct, got {list(columns)}")
