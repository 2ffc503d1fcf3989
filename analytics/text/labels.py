"""Human labels for section names and column names in exports and tables.

The words are catalogue entries ``section.<name>`` and ``column.<name>``; headers follow the
chosen language, and an unknown column keeps its canonical name so nothing is ever hidden.
"""

from __future__ import annotations

from analytics.text.render import entries, render

__all__ = ["column_label", "section_label"]


def column_label(col: str, lang: str) -> str:
    """The header of column ``col`` in ``lang`` (the column's own name when it has none)."""
    code = f"column.{col}"
    return render(code, lang) if code in entries() else col


def section_label(name: str, lang: str) -> str:
    """The title of section ``name`` in ``lang`` (its own name when it has none)."""
    code = f"section.{name}"
    return render(code, lang) if code in entries() else name
