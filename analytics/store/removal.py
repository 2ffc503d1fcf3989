"""Removing one import's data from a dataset, keeping its line in the import log and its
quarantine.

What goes: the rating rows of the import's batches (and the batches), its KPI results,
outcomes and appeals, the rater names it gave; a cycle left with no data of any kind; a dimension's scale set by the
import when no rating (or final score) of that cycle and dimension is left. What stays: the
roster (``employees`` has no import of its own: a person may be named by several imports, and
a name shown beside a later import's data must not vanish), the quarantine, and the import's
line in the log, whose status becomes ``deleted`` (``rows_loaded`` keeps what it loaded).

Rows the import replaced in an earlier import are not brought back: they were overwritten when
it loaded (the log's ``rows_replaced`` counts them). The caller runs this inside a write
(:func:`analytics.store.access.writing`), so a failure at any point leaves the dataset as it
was; the stored results are refreshed by the findings layer in the same write.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import schema as S
from analytics.store import db

__all__ = ["DELETED", "ImportMissing", "Removed", "import_cycles", "remove_import"]

#: the import log's status of an import whose data was removed
DELETED = "deleted"

#: tables whose rows carry the import that loaded them
_OWNED = (S.KPI_RESULTS, S.OUTCOMES, S.APPEALS)


class ImportMissing(Exception):
    """No import of that id holds data in the dataset (unknown, or already deleted)."""

    def __init__(self, import_id: str) -> None:
        self.import_id = import_id
        super().__init__(import_id)


@dataclass(frozen=True)
class Removed:
    import_id: str
    file: str
    ratings: int
    #: KPI results, outcomes and appeals removed
    other_rows: int
    #: cycles left without data and removed
    cycles: tuple[str, ...]


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> int:
    return int(con.execute(sql, params or {}).fetchone()[0])


def import_cycles(con: duckdb.DuckDBPyConnection, import_id: str) -> list[str]:
    """The cycles ``import_id`` holds ratings or results of (what removing it takes away)."""
    batches = db.q(S.REVIEW_BATCHES.name)
    parts = [
        f"SELECT DISTINCT cycle_id FROM {db.q(S.REVIEW_ROWS.name)} "
        f"WHERE batch IN (SELECT batch FROM {batches} WHERE import_id = $id)",
        *(f"SELECT DISTINCT cycle_id FROM {db.q(t.name)} WHERE import_id = $id" for t in _OWNED),
    ]
    rows = con.execute(" UNION ".join(parts), {"id": import_id}).fetchall()
    return sorted(c for (c,) in rows if c is not None)


def remove_import(con: duckdb.DuckDBPyConnection, import_id: str) -> Removed:
    """Remove ``import_id``'s data (see the module's docstring) in one transaction on
    ``con``; raises :class:`ImportMissing` when there is no such loaded import."""
    imports = db.q(S.IMPORTS.name)
    row = con.execute(
        f"SELECT file, status FROM {imports} WHERE import_id = $id", {"id": import_id}
    ).fetchall()
    if not row or row[0][1] == DELETED:
        raise ImportMissing(import_id)
    file = row[0][0]
    p = {"id": import_id}
    rows, batches = db.q(S.REVIEW_ROWS.name), db.q(S.REVIEW_BATCHES.name)
    mine = f"SELECT batch FROM {batches} WHERE import_id = $id"
    with db.transaction(con):
        ratings = _count(con, f"SELECT count(*) FROM {rows} WHERE batch IN ({mine})", p)
        con.execute(f"DELETE FROM {rows} WHERE batch IN ({mine})", p)
        con.execute(f"DELETE FROM {batches} WHERE import_id = $id", p)
        other = 0
        for table in _OWNED:
            t = db.q(table.name)
            other += _count(con, f"SELECT count(*) FROM {t} WHERE import_id = $id", p)
            con.execute(f"DELETE FROM {t} WHERE import_id = $id", p)
        groups = db.q(S.PERSON_GROUPS.name)  # not in _OWNED: its cycle may be missing
        other += _count(con, f"SELECT count(*) FROM {groups} WHERE import_id = $id", p)
        con.execute(f"DELETE FROM {groups} WHERE import_id = $id", p)
        # the names it gave beside rater ids (an earlier import's name of the id comes back)
        con.execute(f"DELETE FROM {db.q(S.RATER_NAMES.name)} WHERE import_id = $id", p)
        # the original rows kept for the write-back go with their import
        con.execute(f"DELETE FROM {db.q(S.SOURCE_ROWS.name)} WHERE import_id = $id", p)
        # a scale the import set, for a (cycle, dimension) with nothing left on it
        scales = db.q(S.DIMENSION_SCALES.name)
        con.execute(
            f"DELETE FROM {scales} s WHERE s.import_id = $id AND NOT ("
            f"(s.kind = 'rating' AND EXISTS (SELECT 1 FROM {rows} r "
            f"WHERE r.cycle_id = s.cycle_id AND r.dimension = s.dimension)) OR "
            f"(s.kind = 'final' AND EXISTS (SELECT 1 FROM {db.q(S.OUTCOMES.name)} o "
            f"WHERE o.cycle_id = s.cycle_id)))",
            p,
        )
        used = " UNION ".join(
            f"SELECT DISTINCT cycle_id FROM {db.q(t.name)}" for t in (S.REVIEW_ROWS, *_OWNED)
        )
        cycles_t = db.q(S.CYCLES.name)
        empty = [
            c
            for (c,) in con.execute(
                f"SELECT cycle_id FROM {cycles_t} WHERE cycle_id NOT IN ({used}) ORDER BY ordering"
            ).fetchall()
        ]
        if empty:
            con.execute(f"DELETE FROM {cycles_t} WHERE cycle_id NOT IN ({used})")
            con.execute(
                f"DELETE FROM {scales} WHERE cycle_id NOT IN (SELECT cycle_id FROM {cycles_t})"
            )
        con.execute(f"UPDATE {imports} SET status = $s WHERE import_id = $id", p | {"s": DELETED})
        db.bump_version(con)
    return Removed(import_id, file, ratings, other, tuple(empty))
