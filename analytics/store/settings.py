"""A dataset's analysis settings kept in its database (``schema.META``): the role weights of the
person score (:mod:`analytics.stats.person_score`).

Why in the database: a dataset is one file, so its settings travel with it, and every reader
(the dashboard, the report CLI, the import's materialisation) computes the same person score.
The import mapping's ``role_weights`` sets them; without any, the default weights apply.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import duckdb

from analytics import schema as S
from analytics.stats.person_score import DEFAULT_ROLE_WEIGHTS, role_weights
from analytics.store import db

__all__ = ["ROLE_WEIGHTS_KEY", "read_role_weights", "write_role_weights"]

#: the ``meta`` key of the role weights (JSON: role -> weight)
ROLE_WEIGHTS_KEY = "role_weights"


def read_role_weights(con: duckdb.DuckDBPyConnection) -> dict[str, float] | None:
    """The dataset's role weights, or None when it keeps none (the default weights apply)."""
    try:
        rows = con.execute(
            f"SELECT value FROM {db.q(S.META.name)} WHERE key = $k", {"k": ROLE_WEIGHTS_KEY}
        ).fetchall()
    except duckdb.CatalogException:
        return None
    if not rows:
        return None
    weights = role_weights(json.loads(rows[0][0]))
    return None if weights == DEFAULT_ROLE_WEIGHTS else weights


def write_role_weights(con: duckdb.DuckDBPyConnection, weights: Mapping[str, float]) -> bool:
    """Keep ``weights`` (checked: :func:`analytics.stats.person_score.role_weights`) as the
    dataset's; True when they differ from what it kept (then the data version moves on, so every
    cache and stored result of the old weights is refreshed), False when unchanged."""
    new = role_weights(weights)
    old = read_role_weights(con) or DEFAULT_ROLE_WEIGHTS
    if new == old:
        return False
    meta = db.q(S.META.name)
    with db.transaction(con):
        con.execute(f"DELETE FROM {meta} WHERE key = $k", {"k": ROLE_WEIGHTS_KEY})
        if new != DEFAULT_ROLE_WEIGHTS:
            con.execute(
                f"INSERT INTO {meta} VALUES ($k, $v)",
                {"k": ROLE_WEIGHTS_KEY, "v": json.dumps(new, sort_keys=True)},
            )
        db.bump_version(con)
    return True
