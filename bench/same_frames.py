"""``python -m bench.same_frames A.duckdb B.duckdb``: are two databases' stored results the same?

Why: a change meant to make the fitting faster must leave every stored frame as it was. Build
the same data twice, once with the old code and once with the new (e.g. the demo company:
``analytics.demo.company.generate`` and ``write_exports`` with a fixed seed, imported and
materialised into a new database each time), and compare every table of the two files: numbers
to a relative and absolute 1e-9, everything else exactly. What differs between two builds of the
same data by design is left out: import ids and file hashes, data versions, the code
fingerprints of the stored parts (they change with the code, which is their purpose), and
timestamps. A table whose rows come in another order but are otherwise the same is reported as
such (a sort with ties). Exit status 0 when every table is the same, 1 otherwise.
"""

from __future__ import annotations

import sys

import duckdb
import polars as pl
from polars.testing import assert_frame_equal

#: columns that differ between two builds of the same data by design
BY_DESIGN = frozenset(
    {
        "import_id",
        "sha256",
        "input_version",
        "checked_version",
        "written_version",
        "fingerprint",
    }
)
#: tables that hold only such values
SKIPPED = frozenset({"meta"})
TOLERANCE = 1e-9


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.sql("select table_name from duckdb_tables()").fetchall()}


def _comparable(frame: pl.DataFrame) -> pl.DataFrame:
    drop = [
        c for c in frame.columns if c in BY_DESIGN or c.endswith("_at") or c.endswith("seconds")
    ]
    return frame.drop(drop)


def _same(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    try:
        assert_frame_equal(a, b, check_exact=False, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    except AssertionError:
        return False
    return True


def compare(path_a: str, path_b: str) -> tuple[list[str], list[str], list[str]]:
    """(tables the same, the same but for their row order, different or missing in one)."""
    con_a = duckdb.connect(path_a, read_only=True)
    con_b = duckdb.connect(path_b, read_only=True)
    try:
        names_a, names_b = _tables(con_a), _tables(con_b)
        same, reordered, differ = [], [], sorted(names_a ^ names_b)
        for name in sorted((names_a & names_b) - SKIPPED):
            a = _comparable(con_a.sql(f'select * from "{name}"').pl())
            b = _comparable(con_b.sql(f'select * from "{name}"').pl())
            if a.columns == b.columns and _same(a, b):
                same.append(name)
                continue
            keys = [c for c, t in a.schema.items() if not t.is_float() and not t.is_nested()]
            if a.columns == b.columns and _same(
                a.sort(keys, nulls_last=True), b.sort(keys, nulls_last=True)
            ):
                reordered.append(name)
            else:
                differ.append(name)
        return same, reordered, differ
    finally:
        con_a.close()
        con_b.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.splitlines()[0])
        return 2
    same, reordered, differ = compare(args[0], args[1])
    for name in reordered:
        print(f"same rows, another order: {name}")
    for name in differ:
        print(f"DIFFERENT: {name}")
    total = len(same) + len(reordered) + len(differ)
    print(f"{len(same) + len(reordered)}/{total} tables the same (to {TOLERANCE:g})")
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
