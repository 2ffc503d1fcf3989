"""A dataset's analysis settings kept in its database (``schema.META``): the role weights of the
person score (:mod:`analytics.stats.person_score`) and the forced-distribution guideline
(grade -> share, best first: :func:`read_guideline`, rev23a item 4).

Why in the database: a dataset is one file, so its settings travel with it, and every reader
(the dashboard, the report CLI, the import's materialisation) computes the same person score.
The import mapping's ``role_weights`` sets them; without any, the default weights apply.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import duckdb

from analytics import schema as S
from analytics.stats.distributions import check_guideline, dataset_guideline
from analytics.stats.person_score import DEFAULT_ROLE_WEIGHTS, role_weights
from analytics.store import db

__all__ = [
    "GUIDELINE_KEY",
    "ROLE_WEIGHTS_KEY",
    "read_guideline",
    "read_role_weights",
    "recorded_grades",
    "write_guideline",
    "write_role_weights",
]

#: the ``meta`` key of the role weights (JSON: role -> weight)
ROLE_WEIGHTS_KEY = "role_weights"
#: the ``meta`` key of the dataset's guideline (JSON object: grade -> share, best first)
GUIDELINE_KEY = "guideline"


def _meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    try:
        rows = con.execute(
            f"SELECT value FROM {db.q(S.META.name)} WHERE key = $k", {"k": key}
        ).fetchall()
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None


def _write_meta(con: duckdb.DuckDBPyConnection, key: str, value: str | None) -> None:
    """Replace ``key``'s value (None: remove it) and move the data version on, so that every
    cache and stored result computed with the old value is refreshed."""
    meta = db.q(S.META.name)
    with db.transaction(con):
        con.execute(f"DELETE FROM {meta} WHERE key = $k", {"k": key})
        if value is not None:
            con.execute(f"INSERT INTO {meta} VALUES ($k, $v)", {"k": key, "v": value})
        db.bump_version(con)


def read_guideline(con: duckdb.DuckDBPyConnection) -> dict[str, float] | None:
    """The guideline the dataset keeps (grade -> share, best first), or None when none was
    set (:func:`analytics.stats.distributions.dataset_guideline` says what applies then)."""
    value = _meta_value(con, GUIDELINE_KEY)
    return None if value is None else dict(json.loads(value))


def write_guideline(con: duckdb.DuckDBPyConnection, guideline: Mapping[str, float]) -> bool:
    """Keep ``guideline`` (checked: :func:`~analytics.stats.distributions.check_guideline`) as
    the dataset's; True when it differs from what it kept (the data version then moves on:
    the guideline sections, the overview, the exports and the caches are computed anew),
    False when unchanged. The code default is kept as no row where it applies without one
    (S-D grades: :func:`~analytics.stats.distributions.dataset_guideline`); elsewhere (A/B/C/D,
    rev29a item 3) S-D's shares entered are kept, or the dataset would stay without any."""
    new = check_guideline(guideline)
    applies, _ = dataset_guideline(None, recorded_grades(con))
    if new == (read_guideline(con) or applies):
        return False
    value = None if new == applies else json.dumps(new, ensure_ascii=False)
    _write_meta(con, GUIDELINE_KEY, value)
    return True


def recorded_grades(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every grade recorded in the dataset's outcomes (any cycle), unordered."""
    try:
        rows = con.execute(
            f"SELECT DISTINCT grade FROM {db.q(S.OUTCOMES.name)} WHERE grade IS NOT NULL"
        ).fetchall()
    except duckdb.CatalogException:
        return []
    return [r[0] for r in rows]


def read_role_weights(con: duckdb.DuckDBPyConnection) -> dict[str, float] | None:
    """The dataset's role weights, or None when it keeps none (the default weights apply)."""
    value = _meta_value(con, ROLE_WEIGHTS_KEY)
    if value is None:
        return None
    weights = role_weights(json.loads(value))
    return None if weights == DEFAULT_ROLE_WEIGHTS else weights


def write_role_weights(con: duckdb.DuckDBPyConnection, weights: Mapping[str, float]) -> bool:
    """Keep ``weights`` (checked: :func:`analytics.stats.person_score.role_weights`) as the
    dataset's; True when they differ from what it kept (then the data version moves on, so every
    cache and stored result of the old weights is refreshed), False when unchanged."""
    new = role_weights(weights)
    old = read_role_weights(con) or DEFAULT_ROLE_WEIGHTS
    if new == old:
        return False
    value = None if new == DEFAULT_ROLE_WEIGHTS else json.dumps(new, sort_keys=True)
    _write_meta(con, ROLE_WEIGHTS_KEY, value)
    return True
