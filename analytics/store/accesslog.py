"""The access log: who signed in, imported, deleted, exported or opened a person's page, when,
with which reach and scope, and which file. Append-only.

Where: a small DuckDB file of its own beside the default database
(``data/perflens.duckdb`` -> ``data/perflens.access.duckdb``), next to the datasets' registry,
not a table in a dataset's database. Why:

- a dataset's database is rewritten as a whole by every change (:mod:`analytics.store.access`
  copies it and renames the copy over it, about a second per GB) and removed when the dataset
  is deleted; the log must outlive the data it speaks of (a deletion is itself an entry), and a
  person-page view must not copy a database of 40M ratings;
- one log for every dataset: an administrator reads one table, whichever dataset was looked at.

Append-only: this module is the only code that touches the table, and it has no UPDATE, no
DELETE, no DROP and no way to replace the file (``tests/test_accesslog.py`` checks the source
and that deleting a dataset or an import keeps every entry). Writers take turns under an OS
lock (``<log>.lock``) with a short-lived connection each: DuckDB locks a file per process, so a
dashboard and a command-line import can both append. The file is created readable and writable
by its owner only (mode 0600).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from analytics.store import sidestore

__all__ = [
    "COLUMNS",
    "EVENTS",
    "TABLE",
    "VIA",
    "Entry",
    "append",
    "log_path",
    "read",
]

TABLE = "access_log"
#: what is logged (worded by the catalogue's ``accesslog.event.<code>``)
EVENTS = (
    "sign_in",
    "import",
    "delete_dataset",
    "delete_import",
    "export",
    "report",
    "person_view",
    "refused",
)
#: where it happened (worded by ``accesslog.via.<code>``)
VIA = ("dashboard", "cli")
#: the table's columns, in order: name -> DuckDB type
COLUMNS = {
    "at": "TIMESTAMP",  # UTC
    "event": "VARCHAR",
    "user": "VARCHAR",
    "role": "VARCHAR",
    "reach": "VARCHAR",  # the role's departments or employee id; empty: everyone
    "via": "VARCHAR",
    "dataset": "VARCHAR",
    "scope": "VARCHAR",  # the filters in words, as the user saw them
    "file": "VARCHAR",
    "detail": "VARCHAR",
}
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    + ", ".join(f'"{c}" {t}' for c, t in COLUMNS.items())
    + ")"
)
_INSERT = f"INSERT INTO {TABLE} VALUES (" + ", ".join("?" for _ in COLUMNS) + ")"


@dataclass(frozen=True)
class Entry:
    """One line of the log (``at`` is set when it is appended)."""

    event: str
    user: str
    role: str
    via: str = "dashboard"
    reach: str = ""
    dataset: str = ""
    scope: str = ""
    file: str = ""
    detail: str = ""

    def __post_init__(self) -> None:
        if self.event not in EVENTS:
            raise ValueError(f"unknown access-log event {self.event!r}")
        if self.via not in VIA:
            raise ValueError(f"unknown access-log origin {self.via!r}")


def log_path(default_db: str | Path) -> Path:
    """``data/perflens.duckdb`` -> ``data/perflens.access.duckdb``."""
    p = Path(default_db).absolute()
    return p.with_name(p.stem + ".access.duckdb")


@contextlib.contextmanager
def _open(default_db: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The log's database under its OS lock (created, mode 0600, when there is none)."""
    with sidestore.opened(log_path(default_db), attached=True) as con:  # no DuckDB instance
        con.execute(_DDL)
        yield con


def append(default_db: str | Path, entry: Entry) -> None:
    """Add ``entry`` to the log, stamped with the time now (UTC)."""
    at = datetime.now(UTC).replace(tzinfo=None)
    row = [at, *(getattr(entry, c) or "" for c in list(COLUMNS)[1:])]
    with _open(default_db) as con:
        con.execute(_INSERT, row)


def read(default_db: str | Path) -> pl.DataFrame:
    """Every entry, newest first (an empty frame with the columns when nothing was logged)."""
    if not log_path(default_db).exists():
        return pl.DataFrame(
            schema={c: pl.Datetime if t == "TIMESTAMP" else pl.String for c, t in COLUMNS.items()}
        )
    with _open(default_db) as con:
        return con.sql(f'SELECT * FROM {TABLE} ORDER BY "at" DESC').pl()
