"""What a later file replaces among the stored rows, and the replacement itself (inside the
import's transaction): keys, change counts, the ratings a file drops or replaces, the
outcome fields a file has no column for kept from the stored row."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.detect import OUTCOME_FIELDS
from analytics.ingest.problems import Notice
from analytics.store import db
from analytics.store.batches import Batches, drop_unused

# What a later file replaces: the rows of the stored table that share these columns with one
# of its rows (mode "replace"). A file covers the ratings of each (cycle, person, rater role,
# dimension) it holds: a manager-review file replaces the manager ratings of its people and
# dimensions, a self-review file of the same cycle then adds the self ratings. A KPI file covers
# each (cycle, person, period): monthly files add up. Outcomes hold one row per (cycle, person),
# and a file replaces only the fields it has a column for (:func:`keep_uncovered`): a
# potential file leaves the stored grades alone. Mode "add" replaces only the very same rows
# (the table's natural key: the same rater, role and dimension) and deletes nothing else.
_REPLACE_KEYS: dict[str, tuple[str, ...]] = {
    "review_rows": ("cycle_id", "employee_id", "rater_role", "dimension"),
    "outcomes": ("cycle_id", "employee_id"),
    "kpi_results": ("cycle_id", "employee_id", "period"),
    "appeals": ("cycle_id", "employee_id"),
}


def replace_keys(table: str, mode: str = "replace") -> tuple[str, ...]:
    """The columns whose values say which stored rows of ``table`` a file's rows replace."""
    if mode == "add":
        return TABLE_BY_NAME[table].key
    return _REPLACE_KEYS[table]


TABLE_BY_NAME = {t.name: t for t in S.TABLES}


TABLE_BY_NAME[S.REVIEWS.name] = S.REVIEW_ROWS  # a reviews frame is stored as review_rows


def replace_frame(
    con: duckdb.DuckDBPyConnection,
    table: S.Table,
    frame: pl.DataFrame,
    batches: Batches | None = None,
    said: Said | None = None,
) -> tuple[int, int]:
    """Delete the rows the new frame supersedes, insert it; return (deleted, changed)."""
    con.register("_new", table.conform(frame).to_arrow())
    try:
        return replace_from(con, table, "_new", frame.height, batches=batches, said=said)
    finally:
        con.unregister("_new")


@dataclass
class Said:
    """Where a replacement says what it did: the file's name, its mode, the warnings (stored
    ratings deleted that the file has no counterpart for) and the notes (what was replaced)."""

    file: str
    mode: str = "replace"
    warnings: list[Notice] = field(default_factory=list)
    notes: list[Notice] = field(default_factory=list)


def replace_from(
    con: duckdb.DuckDBPyConnection,
    table: S.Table,
    relation: str,
    n_rows: int,
    old: str | None = None,
    batches: Batches | None = None,
    said: Said | None = None,
) -> tuple[int, int]:
    """Replace from a relation holding the table's columns; return (replaced, changed): the
    stored rows deleted that the new rows stand for (stored ratings the new rows have no
    counterpart for are deleted too, but counted in the ``ratings_dropped`` warning only).
    Which stored rows a new row replaces: :func:`replace_keys` (the file's coverage, or in
    mode "add" the very same rows).

    The change count (rows that differ between the old and the new version of the replaced
    keys) only runs where old rows exist: a first import skips it entirely. ``old`` (a
    condition on the table's rows) says the new rows are in the table already (the fast path
    loads and checks them in place): only rows matching it are old, and nothing is inserted.
    ``batches`` (the import's, for ``review_rows``): the batches whose rows were all replaced
    are dropped after the insert. ``said``: where the ``ratings_dropped`` warning and the
    ``ratings_replaced`` note go.
    """
    keys = replace_keys(table.name, said.mode if said is not None else "replace")
    t = db.q(table.name)
    olds = t if old is None else f"(SELECT * FROM {t} WHERE {old})"
    on = _same_keys(keys)
    keycols = ", ".join(db.q(k) for k in keys)
    # only the keys that already have rows: the replace and the change count touch nothing else
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _keys AS SELECT DISTINCT {keycols} FROM {relation} "
        f"INTERSECT SELECT DISTINCT {keycols} FROM {olds}"
    )
    overlapping = con.execute("SELECT count(*) FROM _keys").fetchone()[0]
    deleted = changed = 0
    if overlapping:
        compare = ", ".join("o." + db.q(c) for c in table.names if c not in ("import_id", "batch"))
        batch = ""
        if "batch" in table.columns:  # a rating's batch is its import's: compare its scale
            compare += ", b.scale"
            batch = f" LEFT JOIN {db.q(S.REVIEW_BATCHES.name)} b ON b.batch = o.batch"
        old_sql = f"SELECT {compare} FROM {olds} o JOIN _keys k ON {on}{batch}"
        new_sql = f"SELECT {compare} FROM {relation} o JOIN _keys k ON {on}{batch}"
        added = con.execute(
            f"SELECT count(*) FROM {relation} o WHERE NOT EXISTS (SELECT 1 FROM _keys k WHERE {on})"
        ).fetchone()[0]
        changed = (
            con.execute(
                f"SELECT (SELECT count(*) FROM ({old_sql} EXCEPT ALL {new_sql})) + "
                f"(SELECT count(*) FROM ({new_sql} EXCEPT ALL {old_sql}))"
            ).fetchone()[0]
            + added
        )
        gone = 0  # stored ratings with no counterpart in the new rows: deleted, not replaced
        if said is not None and table.name == S.REVIEW_ROWS.name:
            found = _dropped_ratings(con, relation, olds, said.file, on)
            said.warnings.extend(found)
            gone = sum(int(p["dropped"]) for _, p in found)
        deleted = (
            con.execute(
                f"DELETE FROM {t} o USING _keys k WHERE {on} AND ({old or 'TRUE'})"
            ).fetchone()[0]
            - gone
        )
        if said is not None and table.name == S.REVIEW_ROWS.name and deleted:
            said.notes.extend(_replaced_ratings(con, said.file))
    else:
        changed = n_rows
    if old is None:
        cols = ", ".join(db.q(c) for c in table.names)
        con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM {relation}")
    con.execute("DROP TABLE _keys")
    if deleted and batches is not None:  # after the insert: the new rows' batches are used
        drop_unused(con, batches)
    return int(deleted), int(changed)


def _same_keys(keys: tuple[str, ...]) -> str:
    """The join of a stored row ``o`` to a key row ``k`` (a missing value, such as a KPI
    without a period, matches a missing value)."""
    return " AND ".join(f"o.{db.q(k)} IS NOT DISTINCT FROM k.{db.q(k)}" for k in keys)


def _dropped_ratings(
    con: duckdb.DuckDBPyConnection, relation: str, olds: str, file: str, on: str
) -> list[Notice]:
    """The ``ratings_dropped`` warning when stored ratings of the keys in ``_keys`` (joined
    by ``on``) have no rating with the same key (rater, role, dimension) in ``relation``: a
    corrected file that leaves out a rater of a role and dimension it covers deletes that
    rater's rating."""
    same = " AND ".join(f"n.{db.q(k)} IS NOT DISTINCT FROM o.{db.q(k)}" for k in S.REVIEW_ROWS.key)
    n, people, cycles, cycle_list = con.execute(
        f"SELECT count(*), count(DISTINCT o.employee_id), count(DISTINCT o.cycle_id), "
        f"list(DISTINCT o.cycle_id ORDER BY o.cycle_id) FROM {olds} o JOIN _keys k ON {on} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {relation} n WHERE {same})"
    ).fetchall()[0]
    if not n:
        return []
    return [
        (
            "ratings_dropped",
            {
                "file": file,
                "people": int(people),
                "cycles": int(cycles),
                "cycle_list": list(cycle_list or []),  # joined in the reader's language
                "dropped": int(n),
            },
        )
    ]


def _replaced_ratings(con: duckdb.DuckDBPyConnection, file: str) -> list[Notice]:
    """The ``ratings_replaced`` note: whose ratings of which roles the file replaces (the keys
    in ``_keys``), and that every other stored rating stays."""
    people, cycle_list, roles, dims = con.execute(
        "SELECT count(DISTINCT employee_id), list(DISTINCT cycle_id ORDER BY cycle_id), "
        "list(DISTINCT rater_role ORDER BY rater_role), count(DISTINCT dimension) FROM _keys"
    ).fetchall()[0]
    order = {r: i for i, r in enumerate(S.RATER_ROLES)}
    return [
        (
            "ratings_replaced",
            {
                "file": file,
                "people": int(people),
                "cycle_list": list(cycle_list or []),
                "roles": sorted(roles or [], key=lambda r: order.get(r, len(order))),
                "dimensions": int(dims),
            },
        )
    ]


def keep_uncovered(
    con: duckdb.DuckDBPyConnection,
    frame: pl.DataFrame,
    covers: set[str],
    notes: list[Notice] | None = None,
    file: str = "",
) -> pl.DataFrame:
    """Outcome rows with the fields the file has no column for taken from the stored row of
    the same (cycle, person): a potential file keeps the stored grades, a grade file the
    stored potential. ``notes`` gets the ``outcome_fields_kept`` line when a stored row was
    met."""
    fields = ["final_score_raw", "final_score", "grade", "potential", "calibrated"]
    keep = [f for f in fields if f not in covers]
    if not keep or not frame.height:
        return frame
    key = list(_REPLACE_KEYS[S.OUTCOMES.name])
    con.register("_outcome_keys", frame.select(key).unique().to_arrow())
    try:  # on the import's own connection: inside its transaction
        cols = ", ".join(f"o.{db.q(c)}" for c in [*key, *keep])
        stored = con.sql(
            f"SELECT {cols} FROM {db.q(S.OUTCOMES.name)} o "
            "JOIN _outcome_keys k USING (cycle_id, employee_id)"
        ).pl()
    finally:
        con.unregister("_outcome_keys")
    if not stored.height:
        return frame
    stored = stored.cast({c: S.OUTCOMES.columns[c] for c in stored.columns})
    kept = frame.drop(keep).join(stored, on=key, how="left")
    held = [f for f in OUTCOME_FIELDS if f not in covers and stored[f].null_count() < stored.height]
    if notes is not None and held:
        notes.append(
            (
                "outcome_fields_kept",
                {
                    "file": file,
                    "people": stored.height,
                    "fields": [f for f in OUTCOME_FIELDS if f in covers],
                    "kept": held,
                },
            )
        )
    return kept.select(frame.columns)
