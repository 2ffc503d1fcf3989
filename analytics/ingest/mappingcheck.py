"""A mapping file's refusals in the user's words: a file that does not parse (with its line),
a key of the wrong kind (``columns`` must map headers to fields, ``dimensions`` list headers),
a scale that is neither ``lo-hi`` nor a known grade scale. Checked when the file is read, so a
mistake is one line naming the file and the key, never a traceback during the import."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from analytics import schema as S
from analytics.ingest.scales import parse_scale
from analytics.text.messages import ImportRejected

__all__ = ["check", "unreadable"]

#: key -> the kind of value it takes: a table of text, or a list of text
_TABLES = ("columns", "scales", "roles", "same_ids", "sheet_cycles")
_LISTS = ("dimensions",)
#: tables holding one list of headers: ``[groups] columns = [...]``, ``[kpi_columns] columns``
_COLUMN_LISTS = ("groups", "kpi_columns")
_AT_LINE = re.compile(r"line (\d+)")


def unreadable(path: Path, exc: BaseException) -> ImportRejected:
    """A mapping file that cannot be read or parsed, with the line of the mistake when the
    parser names it."""
    if isinstance(exc, OSError):
        return ImportRejected("mapping_missing", file=str(path))
    line = getattr(exc, "lineno", None)
    if line is None and isinstance(exc, tomllib.TOMLDecodeError | json.JSONDecodeError):
        m = _AT_LINE.search(str(exc))
        line = int(m.group(1)) if m else None
    kind = "TOML" if path.suffix.lower() == ".toml" else "JSON"
    if line is None:
        return ImportRejected("mapping_syntax", file=path.name, kind=kind)
    return ImportRejected("mapping_syntax_at", file=path.name, kind=kind, line=line)


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    return repr(value)[:40]


def check(data: object, name: str) -> None:
    """Raise :class:`ImportRejected` for the first key of the wrong kind or a bad scale."""
    if not isinstance(data, dict):
        raise ImportRejected("mapping_not_table", file=name, key="", found=_kind(data))
    for key in _TABLES:
        value = data.get(key, {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str)
            and (
                isinstance(v, str)
                or (key == "columns" and v is None)
                or (key == "scales" and _per_cycle(v))
            )
            for k, v in value.items()
        ):
            raise ImportRejected("mapping_not_table", file=name, key=key, found=_kind(value))
    for key in _LISTS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ImportRejected("mapping_not_list", file=name, key=key, found=_kind(value))
    for key in _COLUMN_LISTS:
        value = data.get(key, {})
        if not isinstance(value, dict) or set(value) - {"columns"}:
            raise ImportRejected("mapping_columns_table", file=name, key=key, found=_kind(value))
        listed = value.get("columns", [])
        if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
            raise ImportRejected(
                "mapping_not_list", file=name, key=f"{key}.columns", found=_kind(listed)
            )
    for dimension, value in data.get("scales", {}).items():
        per_cycle = value if isinstance(value, dict) else {"": value}
        for cycle, scale in per_cycle.items():
            try:
                lo, hi = parse_scale(scale)
            except ValueError:
                lo = hi = None
            if lo is None or (hi is not None and not lo < hi):
                raise ImportRejected(
                    "mapping_bad_scale",
                    file=name,
                    dimension=f"{dimension} / {cycle}" if cycle else dimension,
                    value=scale,
                    grades=[f"grade:{g}" for g in S.GRADE_SCALES],
                )


def _per_cycle(value: object) -> bool:
    """A scale given per cycle: a table of cycle -> scale text."""
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )
