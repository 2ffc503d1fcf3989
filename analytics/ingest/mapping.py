"""The mapping file (JSON or TOML): the user's overrides of what detection decides (headers ->
fields, scales, role spellings, dimensions, header row, encoding, excluded, group and KPI
columns, the person score's role weights, the mode). Checked when read, so a bad key or value
refuses the import naming the file before anything is read."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from analytics import schema as S
from analytics.ingest import mappingcheck
from analytics.ingest.headers import SYNONYMS, normalise_header, role_lookup
from analytics.stats.person_score import role_weights
from analytics.text.messages import ImportRejected


@dataclass
class Mapping:
    """User overrides: header -> field, per-dimension scales, extra role spellings."""

    columns: dict[str, str] = field(default_factory=dict)
    # dimension (or "*", or the final score's column) -> scale, or -> {cycle: scale}
    scales: dict[str, str | dict[str, str]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    dimensions: list[str] = field(default_factory=list)
    header_row: int | None = None  # 1-based row of the header (the top row of a merged one)
    encoding: str | None = None  # of a text file, when detection must not decide
    exclude: list[str] = field(default_factory=list)  # source columns never loaded
    # the person score's weight per rater role (analytics.stats.person_score): kept for the
    # dataset when the import is not refused
    role_weights: dict[str, float] | None = None
    # source columns kept as group attributes (adverse impact), any header: ``[groups] columns``
    groups: list[str] = field(default_factory=list)
    # source columns that are KPIs, one per column (the header is the KPI's name):
    # ``[kpi_columns] columns``
    kpi_columns: list[str] = field(default_factory=list)
    # what a later file replaces (:data:`MODES`): "replace" (the default) replaces what the
    # file covers; "add" replaces only the very same ratings and deletes nothing
    mode: str = "replace"
    # file id -> stored id declared the same person (``[same_ids]``): a join the id rules
    # refused because the names differ (``ids.plan_ids``)
    same_ids: dict[str, str] = field(default_factory=dict)
    # sheet name -> its cycle (2026年上半年), for a sheet with no cycle column whose name does
    # not say it: typed on the Data page, or ``[sheet_cycles]`` in a mapping file
    sheet_cycles: dict[str, str] = field(default_factory=dict)


#: how a file's rows meet the stored ones (``--mode``, the mapping's ``mode``)
MODES = ("replace", "add")


_MAPPING_KEYS = {
    "groups",
    "kpi_columns",
    "columns",
    "scales",
    "roles",
    "dimensions",
    "header_row",
    "encoding",
    "exclude",
    "ignore",  # another spelling of exclude
    "role_weights",
    "mode",
    "same_ids",
    "sheet_cycles",
}


def _mapping_role_weights(data: dict, file: str) -> dict[str, float] | None:
    """The mapping's ``role_weights`` checked, keyed by the canonical roles: a source may be
    named as the ratings name it (上级, 同事, 隔级, or the mapping's own ``roles`` spellings).
    None when the mapping sets none; refused (naming the file) when not a table of source =
    weight (>= 0, positive sum), a source is unknown or named twice."""
    weights = data.get("role_weights")
    if weights is None:
        return None
    spellings = role_lookup() | {
        normalise_header(k): v for k, v in data.get("roles", {}).items() if isinstance(v, str)
    }
    out: dict[str, object] = {}
    ok = isinstance(weights, dict) and len(weights) > 0
    for source, value in weights.items() if ok else ():
        role = source if source in S.RATER_ROLES else spellings.get(normalise_header(source))
        if role is None or role in out:
            ok = False
            break
        out[role] = value
    try:
        if ok:
            return role_weights(out)
    except ValueError:
        pass
    raise ImportRejected(
        "mapping_bad_role_weights", file=file, found=weights, roles=list(S.RATER_ROLES)
    )


def load_mapping(path: str | Path | None) -> Mapping:
    """Read a mapping file (JSON or TOML) with optional keys columns, scales, roles, dimensions,
    header_row, encoding."""
    if path is None:
        return Mapping()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (OSError, ValueError) as exc:
        raise mappingcheck.unreadable(path, exc) from exc
    mappingcheck.check(data, path.name)
    unknown = set(data) - _MAPPING_KEYS
    if unknown:
        raise ImportRejected(
            "mapping_unknown_keys",
            file=path.name,
            keys=sorted(unknown),
            known=sorted(_MAPPING_KEYS),
        )
    fields = set(SYNONYMS) | {""}
    bad = [v for v in data.get("columns", {}).values() if (v or "") not in fields]
    if bad:
        raise ImportRejected(
            "mapping_unknown_fields",
            file=path.name,
            fields=bad,
            known=sorted(SYNONYMS),
        )
    header_row = data.get("header_row")
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        raise ImportRejected(
            "bad_mapping", file=path.name, detail=f"header_row = {header_row!r}: 1, 2, 3 …"
        )
    encoding = data.get("encoding")
    if encoding is not None and not isinstance(encoding, str):
        raise ImportRejected("bad_mapping", file=path.name, detail=f"encoding = {encoding!r}")
    mode = data.get("mode", "replace")
    if mode not in MODES:
        raise ImportRejected("mapping_bad_mode", file=path.name, mode=mode, modes=list(MODES))
    weights = _mapping_role_weights(data, path.name)
    return Mapping(
        mode=mode,
        role_weights=weights,
        columns=dict(data.get("columns", {})),
        scales={
            k: (dict(v) if isinstance(v, dict) else v) for k, v in data.get("scales", {}).items()
        },
        roles=dict(data.get("roles", {})),
        dimensions=list(data.get("dimensions", [])),
        header_row=header_row,
        encoding=encoding or None,
        exclude=[*data.get("exclude", []), *data.get("ignore", [])],
        groups=list(data.get("groups", {}).get("columns", [])),
        kpi_columns=list(data.get("kpi_columns", {}).get("columns", [])),
        same_ids=dict(data.get("same_ids", {})),
        sheet_cycles={str(k): str(v) for k, v in data.get("sheet_cycles", {}).items()},
    )
