"""The Data page's read of the access log (:func:`ui.audit.read_log`): kept while the log's
file is unchanged, read again after an append, never kept while the file is fresh from a
write (a second append in the same clock tick could leave its identity as it was)."""

from __future__ import annotations

import os
import time

from analytics.store import accesslog
from ui import audit


def _append(db, detail: str) -> None:
    accesslog.append(db, accesslog.Entry("import", "hr@example.com", "hr_admin", detail=detail))


def _settle(db) -> None:
    """The log's file dated back past :data:`ui.audit.SETTLED_SECONDS`."""
    path = accesslog.log_path(db)
    then = time.time() - 10 * audit.SETTLED_SECONDS
    os.utime(path, (then, then))


def test_the_log_is_kept_until_an_append_changes_its_file(tmp_path):
    db = tmp_path / "perflens.duckdb"
    assert audit.read_log(str(db)).height == 0  # no log yet: the columns, nothing kept
    _append(db, "first")
    fresh = audit.read_log(str(db))
    assert fresh["detail"].to_list() == ["first"]
    assert audit.read_log(str(db)) is not fresh  # just written: read again, not kept
    _settle(db)
    kept = audit.read_log(str(db))
    assert audit.read_log(str(db)) is kept  # unchanged: the same entries, not read again
    _append(db, "second")
    assert audit.read_log(str(db))["detail"].to_list() == ["second", "first"]  # newest first
    _settle(db)
    assert audit.read_log(str(db))["detail"].to_list() == ["second", "first"]
