"""What an import said about departments over cycles that the one department a person keeps
(``employees``) loses: people who moved between cycles and departments that look renamed
(:func:`analytics.ingest.people.department_moves`). Kept in ``meta`` under the import's id, so
a page showing departments by cycle can say that they are as of the latest cycle; an import
deleted since says nothing."""

from __future__ import annotations

import json

import duckdb

from analytics import schema as S
from analytics.store import db

__all__ = ["MOVE_CODES", "department_history", "save_department_moves"]

#: the import warnings this keeps
MOVE_CODES = ("department_movers", "team_movers", "department_renamed")
_PREFIX = "department_moves/"


def save_department_moves(
    con: duckdb.DuckDBPyConnection, import_id: str, warnings: list[tuple[str, dict]]
) -> None:
    """Keep the import's warnings about departments over cycles (inside its transaction)."""
    kept = [[c, p] for c, p in warnings if c in MOVE_CODES]
    if not kept:
        return
    con.execute(
        f"INSERT INTO {db.q(S.META.name)} VALUES ($k, $v)",
        {"k": _PREFIX + import_id, "v": json.dumps(kept, ensure_ascii=False, default=str)},
    )


def department_history(con: duckdb.DuckDBPyConnection) -> dict | None:
    """``{"movers": n, "teams": n, "latest": cycle, "renamed": [(old, new), ...]}`` over the
    loaded imports that said so (the largest counts, the latest cycle), or None when no
    loaded import found people in different departments or teams in different cycles, nor a
    rename."""
    rows = (
        con.cursor()
        .execute(
            f"SELECT m.value FROM {db.q(S.META.name)} m JOIN {db.q(S.IMPORTS.name)} i "
            f"ON m.key = '{_PREFIX}' || i.import_id WHERE i.status = 'loaded' ORDER BY m.key"
        )
        .fetchall()
    )
    out = {"movers": 0, "teams": 0, "latest": "", "renamed": []}
    for (value,) in rows:
        for code, params in json.loads(value):
            if code == "department_renamed":
                out["renamed"].append((params["old"], params["new"]))
                continue
            key = "movers" if code == "department_movers" else "teams"
            out[key] = max(out[key], int(params["n"]))
            out["latest"] = max(out["latest"], str(params["latest"]))
    if not (out["movers"] or out["teams"] or out["renamed"]):
        return None
    return out
