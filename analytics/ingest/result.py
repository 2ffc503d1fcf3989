"""What an import of one file did: loaded, duplicate or rejected, the counts, the detections
and every line the user must see (notes and warnings kept as codes with parameters)."""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.ingest.detect import Detection
from analytics.ingest.problems import Notice
from analytics.ingest.scales import ScaleChoice, file_scales
from analytics.text.messages import distinct, render


@dataclass
class ImportResult:
    file: str
    import_id: str | None
    status: str  # loaded | duplicate | rejected
    rows_read: int = 0
    loaded: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0  # quarantined cells
    replaced: int = 0
    changed: int = 0
    detections: list[Detection] = field(default_factory=list)
    message_code: str = ""
    message_params: dict = field(default_factory=dict)
    # (message code, parameters) beyond the detections': ids mapped, sheets, restoring,
    # totals rows skipped, placeholders read as missing
    notes: list[Notice] = field(default_factory=list)
    quarantined_rows: int = 0  # distinct rows with a quarantined cell
    warnings: list[Notice] = field(default_factory=list)  # guesses the user must see
    # what the file's roster did (``ingest.people.roster_changes``): people, new, departments,
    # levels; empty without a roster
    roster: dict[str, int] = field(default_factory=dict)

    @property
    def scales(self) -> list[ScaleChoice]:
        """The scale each (cycle, dimension) was read on, over every table of the file."""
        return file_scales(c for d in self.detections for c in d.scales)

    def message(self, lang: str = "zh") -> str:
        return render(self.message_code, lang, **self.message_params)

    def note_lines(self, lang: str = "zh") -> list[str]:
        """Every decision the import made that the user must see, in ``lang``."""
        notes = distinct([n for d in self.detections for n in d.notes] + self.notes)
        return [render(code, lang, **params) for code, params in notes]

    @property
    def rows_loaded(self) -> int:
        return sum(self.loaded.values())
