"""The worksheets of an .xlsx read as XML parts, for what the sheet reader does not return:
merged ranges (filled down by :mod:`analytics.ingest.readers`) and error cells such as
``#DIV/0!`` (quarantined by :mod:`analytics.ingest.screen`). One walk of the workbook's
relations, so both see the same sheets with the same origin."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

__all__ = ["UNREADABLE", "Worksheet", "cell_position", "chart_sheets", "worksheets"]

#: what reading a damaged workbook's parts raises (callers answer {}: the reader words it)
UNREADABLE = (OSError, KeyError, ValueError, zipfile.BadZipFile)

_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
_FILLED = re.compile(r'<c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*?(?<!/)>')


def cell_position(ref: str) -> tuple[int, int]:
    """'B12' -> (12, 2): 1-based row and column."""
    m = _CELL_REF.fullmatch(ref)
    if m is None:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


@dataclass(frozen=True)
class Worksheet:
    """One sheet: its name as Excel shows it and its XML."""

    name: str
    xml: str

    @cached_property
    def origin(self) -> tuple[int, int]:
        """The first row and column holding something: the reader's (1, 1)."""
        filled = [cell_position(ref) for ref in _FILLED.findall(self.xml)]
        return min((r for r, _ in filled), default=1), min((c for _, c in filled), default=1)

    def relative(self, row: int, col: int) -> tuple[int, int]:
        """A sheet position as the reader numbers it (from :attr:`origin`)."""
        top, left = self.origin
        return row - top + 1, col - left + 1


def _sheets(z: zipfile.ZipFile) -> Iterator[tuple[str, str | None, bool]]:
    """Every sheet of the workbook as (name as Excel shows it, its part, whether it is a chart
    sheet), in workbook order."""
    book = z.read("xl/workbook.xml").decode("utf-8", errors="replace")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    targets: dict[str, tuple[str, bool]] = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'Id="([^"]+)"', rel.group(0))
        target = re.search(r'Target="([^"]+)"', rel.group(0))
        if rid and target:
            t = target.group(1).lstrip("/")
            part = t if t.startswith("xl/") else f"xl/{t}"
            targets[rid.group(1)] = (part, "/chartsheet" in rel.group(0))
    for tag in re.finditer(r"<sheet\b[^>]*>", book):
        name = re.search(r'name="([^"]*)"', tag.group(0))
        rid = re.search(r'r:id="([^"]+)"', tag.group(0))
        if name:
            part, chart = targets.get(rid.group(1), (None, False)) if rid else (None, False)
            yield html.unescape(name.group(1)), part, chart


def chart_sheets(path: Path) -> set[str]:
    """Names of a workbook's chart sheets (they hold no cells; the reader would complain);
    none when its parts cannot be read."""
    try:
        with zipfile.ZipFile(path) as z:
            return {name for name, _, chart in _sheets(z) if chart}
    except UNREADABLE:
        return set()


def worksheets(path: Path, holding: str) -> Iterator[Worksheet]:
    """The sheets of the workbook at ``path`` whose XML contains ``holding`` (a cheap test
    before any parsing), in workbook order. Raises one of :data:`UNREADABLE`."""
    with zipfile.ZipFile(path) as z:
        parts = set(z.namelist())
        for name, part, _ in list(_sheets(z)):
            if part is None or part not in parts:
                continue
            xml = z.read(part).decode("utf-8", errors="replace")
            if holding in xml:
                yield Worksheet(name, xml)
