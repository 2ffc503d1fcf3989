"""Batches: the import and the scale of stored ratings, numbered once per (import, scale).

Why: a rating's ``import_id`` and ``scale`` repeat for every row an import loads on that
scale. Stored per row they cost 14% of a Parquet import (``schema.REVIEWS``), so
``review_rows`` holds an integer ``batch`` and ``review_batches`` says what each number
means; the ``reviews`` view joins them back for the readers that ask.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from analytics import schema as S
from analytics.store import db

__all__ = ["Batches", "drop_unused", "rows_of"]


@dataclass
class Batches:
    """One import's batches: scale -> batch number, stored as they are first asked for."""

    import_id: str
    numbers: dict[str | None, int] = field(default_factory=dict)

    def number(self, con: duckdb.DuckDBPyConnection, scale: str | None) -> int:
        """This import's batch of ``scale``, numbered and stored (in the caller's
        transaction) on first use. The numbers come from a sequence, so two imports running
        at once never share one."""
        if scale not in self.numbers:
            n = con.execute(
                f"SELECT CAST(nextval('{S.REVIEW_BATCH_SEQUENCE}') AS INTEGER)"
            ).fetchone()[0]
            con.execute(
                f"INSERT INTO {db.q(S.REVIEW_BATCHES.name)} VALUES ($b, $i, $s)",
                {"b": n, "i": self.import_id, "s": scale},
            )
            self.numbers[scale] = n
        return self.numbers[scale]

    def mine(self) -> str:
        """SQL condition on ``review_rows``: the row was loaded by this import."""
        if not self.numbers:
            return "FALSE"
        return f"batch IN ({', '.join(str(n) for n in sorted(self.numbers.values()))})"

    def scales(self) -> dict[int, str | None]:
        """batch number -> scale, for reading the scale of grouped rows without a join."""
        return {n: s for s, n in self.numbers.items()}


def rows_of(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, batches: Batches) -> pl.DataFrame:
    """A ratings frame with the columns of ``schema.REVIEWS`` as ``review_rows`` rows: each
    row's scale (the frame's ``import_id`` is the import's) turned into its batch number."""
    scales = sorted(
        frame.get_column("scale").unique().to_list(), key=lambda s: (s is None, s or "")
    )
    numbers = {s: batches.number(con, s) for s in scales}
    return frame.with_columns(
        pl.col("scale").replace_strict(numbers, return_dtype=pl.Int32).alias("batch")
    ).select(S.REVIEW_ROWS.names)


def drop_unused(con: duckdb.DuckDBPyConnection, batches: Batches) -> int:
    """Forget the batches no stored rating points at any more (a re-export replaced all their
    rows, or a mend moved them to another scale), the running import's too (it numbers a scale
    anew if it meets it again); returns how many. One pass over an integer column, so it is
    cheap enough to run whenever rows were replaced or moved."""
    gone = {
        b
        for (b,) in con.execute(
            f"DELETE FROM {db.q(S.REVIEW_BATCHES.name)} WHERE batch NOT IN "
            f"(SELECT DISTINCT batch FROM {db.q(S.REVIEW_ROWS.name)} WHERE batch IS NOT NULL) "
            "RETURNING batch"
        ).fetchall()
    }
    batches.numbers = {s: n for s, n in batches.numbers.items() if n not in gone}
    return len(gone)
