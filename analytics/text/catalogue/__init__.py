"""The one catalogue: every word the product shows, keyed by code, in 中文 and English.

Each module here holds one area's entries as ``TEXT = {code: {"zh": template, "en": template}}``;
:func:`entries` merges them once. A code defined twice, or an entry missing a language, fails
loudly on first use, so a wording fix has exactly one place to go.

Code families (the part before the first dot): ``reason`` (why a person or unit is on a list),
``flag`` (rater diagnostics), ``role`` (rater roles), ``mix`` (a rater's role shares), ``box``
(nine-box cells), ``band``, ``design``, ``measure``, ``source``, ``direction``, ``component``
(parts of a score change), ``word`` (words put into other templates), ``section`` / ``column``
(export and table headers), ``import`` (ingest messages), ``fig`` / ``report`` (figures and the
printable report), and the page areas (``nav``, ``raters``, ``pot`` ...).
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["LANGS", "entries"]

LANGS = ("zh", "en")
_MERGED: dict[str, dict[str, str]] = {}


def entries() -> dict[str, dict[str, str]]:
    """Every entry of every area module, merged (loaded once)."""
    if not _MERGED:
        merged: dict[str, dict[str, str]] = {}
        for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            table = importlib.import_module(f"{__name__}.{mod.name}").TEXT
            dup = set(merged) & set(table)
            if dup:
                raise KeyError(
                    f"codes defined twice (again in catalogue/{mod.name}.py): {sorted(dup)}"
                )
            for code, entry in table.items():
                if set(entry) != set(LANGS):
                    raise ValueError(f"catalogue/{mod.name}.py: {code!r} needs exactly {LANGS}")
            merged.update(table)
        _MERGED.update(merged)
    return _MERGED
