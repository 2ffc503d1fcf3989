"""Cached database access for the pages.

One DuckDB connection per process (``st.cache_resource``); each query runs on its own cursor.
Results are cached with ``st.cache_data`` keyed on the scope and the data version, which every
import changes, so moving between pages is instant and a new import is never shown stale.
"""

from __future__ import annotations

import os
import threading

import duckdb
import polars as pl
import streamlit as st

from analytics import db
from analytics import schema as S
from analytics.scope import Scope, ScopeData, filter_options, load_scope, overview_counts

__all__ = ["db_path", "connection", "write_lock", "version", "scope_data", "options", "overview",
           "section", "table", "findings", "report_bytes", "person"]


def db_path() -> str:
    return os.environ.get("PERFLENS_DB", S.DEFAULT_DB)


@st.cache_resource
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return db.connect(path)


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on the process-wide connection (a connection is not thread-safe; cursors are)."""
    return _connection(db_path()).cursor()


@st.cache_resource
def write_lock() -> threading.Lock:
    """Imports from several browser sessions go one at a time."""
    return threading.Lock()


def version() -> str:
    return db.data_version(connection())


@st.cache_data(max_entries=32, show_spinner=False)
def scope_data(scope: Scope, data_version: str) -> ScopeData:
    return load_scope(connection(), scope)


@st.cache_data(max_entries=8, show_spinner=False)
def options(data_version: str) -> dict[str, list[str]]:
    return filter_options(connection())


@st.cache_data(max_entries=8, show_spinner=False)
def overview(data_version: str) -> dict[str, pl.DataFrame]:
    return overview_counts(connection())


@st.cache_data(max_entries=64, show_spinner=False)
def section(name: str, scope: Scope, data_version: str):
    """One findings section for a scope (see analytics.findings.SECTIONS)."""
    from analytics.findings import compute_section

    return compute_section(name, scope_data(scope, data_version))


@st.cache_data(max_entries=16, show_spinner=False)
def table(name: str, data_version: str) -> pl.DataFrame:
    """A whole canonical table (imports log, quarantine)."""
    tables = {t.name: t for t in S.TABLES}
    return db.read_table(connection(), tables[name])


@st.cache_data(max_entries=8, show_spinner=False)
def findings(scope: Scope, data_version: str):
    """Every report section for a scope (what the report CLI writes)."""
    from analytics.findings import build_findings

    return build_findings(data=scope_data(scope, data_version))


@st.cache_data(max_entries=16, show_spinner=False)
def report_bytes(scope: Scope, data_version: str, kind: str, lang: str) -> bytes:
    """The downloadable report for a scope: xlsx, json or html."""
    import json

    from analytics import export

    f = findings(scope, data_version)
    if kind == "xlsx":
        return export.to_xlsx(f, lang)
    if kind == "json":
        return json.dumps(export.to_json(f), ensure_ascii=False, indent=2).encode("utf-8")
    return export.to_html(f, lang).encode("utf-8")


@st.cache_data(max_entries=64, show_spinner=False)
def person(employee_id: str, data_version: str) -> dict:
    """One employee's ratings (all cycles), outcomes and appeals."""
    from analytics.person import person_frames

    return person_frames(connection(), employee_id)
