"""The ratings frame of one simulated cycle, shared by the simulations that build their rating
pairs with NumPy (:mod:`tests.sim.halo`, :mod:`tests.sim.patterns`, :mod:`tests.sim.recency`).

Why one builder: each simulation draws who rates whom and the scores its own way, but the rows
the statistics read (one per pair and dimension, in the columns and types of an import) must be
laid out the same everywhere; two copies had started to differ only in their department names.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

__all__ = ["ratings_frame", "stack_blocks"]


def stack_blocks(blocks: Sequence[tuple]) -> tuple[np.ndarray, ...]:
    """Blocks of rating pairs (one block per kind of rater: the first item each ratee's index,
    the others one array of the same length or one value for the whole block, e.g. the role)
    stacked column by column into one array per item."""
    return tuple(
        np.concatenate([np.broadcast_to(np.asarray(b[k]), b[0].shape) for b in blocks])
        for k in range(len(blocks[0]))
    )


def ratings_frame(
    cycle_id: str,
    cycle_order: int,
    employee: np.ndarray,
    rater: np.ndarray,
    role: np.ndarray,
    score: np.ndarray,
    dimensions: Sequence[str],
    department: np.ndarray,
    team: np.ndarray,
) -> pl.DataFrame:
    """One row per (pair, dimension) of one cycle: ``employee``, ``rater``, ``role``,
    ``department`` and ``team`` hold one value per rating pair, ``score`` one row per pair and
    one column per dimension (in ``dimensions``' order); weight 1 everywhere."""
    n_dim = len(dimensions)
    rows = np.repeat(np.arange(employee.size), n_dim)
    return pl.DataFrame(
        {
            "cycle_id": np.full(rows.size, cycle_id),
            "cycle_order": np.full(rows.size, cycle_order, dtype=np.int32),
            "employee_id": employee[rows],
            "rater_id": rater[rows],
            "rater_role": role[rows],
            "dimension": np.tile(np.array(dimensions), employee.size),
            "score": np.asarray(score, dtype=np.float64).ravel(),
            "weight": np.ones(rows.size),
            "department": department[rows],
            "team": team[rows],
        }
    )
