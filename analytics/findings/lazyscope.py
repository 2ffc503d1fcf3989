"""A scope whose frames are read from DuckDB only when a section needs them.

:func:`analytics.findings.scope.load_scope` reads every rating of the scope's cycles into Polars up front
(the models' input). The pages and the report mostly need far less: for the company scope
(all cycles, no filter) every section is stored at import time (:mod:`analytics.findings.materialise`),
and a department or a team only needs its own rows of the stored company parts. A
:class:`LazyScopeData` is a :class:`~analytics.findings.scope.ScopeData` whose frames are properties
filled on first access:

- ``ratings`` of a narrowed scope is read with the department and cycles pushed into DuckDB
  (``db.ratings_frame``), the other person filters and the rater role then applied as
  ``load_scope`` does; ``company_ratings`` (every rating of the cycles) only when a model has
  to be fitted because no current materialised part exists;
- ``employees``, ``outcomes``, ``kpi_results``, ``appeals`` and the ``company_*`` extras when
  first read;
- materialised company parts (``extras["co:<part>"]``) when first read, and their in-scope
  rows alone through :meth:`LazyScopeData.part_in_scope`;
- the company scope's stored sections through :meth:`LazyScopeData.stored_section`.

The frames equal what ``load_scope`` gives for the same scope (``tests/test_lazyscope.py``).
Loads are serialised per object (a lock), so sessions sharing a cached scope read each frame
once. Every read runs on its own cursor of the connection it was given.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime

import duckdb
import polars as pl

from analytics import schema as S
from analytics.findings import stored
from analytics.findings.parts import ratings_still_needed
from analytics.findings.scope import (
    COMPACT_TEXT,
    COMPANY_TABLES,
    Scope,
    ScopeData,
    guideline_frame,
    overview_counts,
    person_filter,
    read_side_table,
    role_weights_frame,
)
from analytics.findings.units import cycle_scales_frame
from analytics.store import db
from analytics.store import parts as store
from analytics.store.raternames import read_rater_names
from analytics.store.settings import read_guideline, read_role_weights

__all__ = [
    "LazyExtras",
    "LazyScopeData",
    "load_scope_lazy",
    "person_filter_sql",
    "quarantined_rows",
]

_UNSET = object()

#: at most this many scopes of a process hold every rating of their cycles at once (to fit the
#: models of a cycle subset); the least recently loaded one lets go of its rows first
MAX_RATING_HOLDERS = 2
_HOLDERS: OrderedDict[int, weakref.ref] = OrderedDict()
_HOLDERS_LOCK = threading.Lock()


def _hold(obj: LazyScopeData) -> None:
    evict = []
    with _HOLDERS_LOCK:
        _HOLDERS[id(obj)] = weakref.ref(obj)
        _HOLDERS.move_to_end(id(obj))
        while len(_HOLDERS) > MAX_RATING_HOLDERS:
            _, ref = _HOLDERS.popitem(last=False)
            evict.append(ref())
    for other in evict:
        if other is not None and other is not obj:
            other.release_ratings()


def _unhold(obj: LazyScopeData) -> None:
    with _HOLDERS_LOCK:
        ref = _HOLDERS.get(id(obj))
        if ref is not None and ref() is obj:
            del _HOLDERS[id(obj)]


class LazyExtras(dict):
    """A dict whose missing keys may have a loader: ``extras[key]``, ``key in extras`` and
    ``extras.get(key)`` load on first access and keep the value; iteration lists loaded and
    loadable keys (without loading)."""

    def __init__(self, loaders: dict[str, Callable[[], object]], lock: threading.RLock) -> None:
        super().__init__()
        self._loaders = dict(loaders)
        self._lock = lock

    def _load(self, key: str):
        with self._lock:
            if dict.__contains__(self, key):
                return dict.__getitem__(self, key)
            value = self._loaders[key]()
            dict.__setitem__(self, key, value)
            return value

    def __getitem__(self, key):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if key in self._loaders:
            return self._load(key)
        raise KeyError(key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self._loaders

    def __delitem__(self, key) -> None:
        found = self._loaders.pop(key, None) is not None
        if dict.__contains__(self, key):
            dict.__delitem__(self, key)
        elif not found:
            raise KeyError(key)

    def pop(self, key, default=_UNSET):
        try:
            value = self[key]
        except KeyError:
            if default is _UNSET:
                raise
            return default
        del self[key]
        return value

    def __iter__(self) -> Iterator:
        yield from dict.keys(self)
        yield from (k for k in list(self._loaders) if not dict.__contains__(self, k))

    def keys(self):  # type: ignore[override]
        return list(iter(self))

    def __len__(self) -> int:
        return len(self.keys())

    def is_loaded(self, key: str) -> bool:
        return dict.__contains__(self, key)

    def __reduce__(self):  # never pickle loaders (they hold a connection): the loaded values
        return (dict, (dict(dict.items(self)),))


def person_filter_sql(scope: Scope, alias: str = "e") -> tuple[str, dict]:
    """SQL for ``scope.person_filter`` on the employees table (``alias``): department subtree,
    team, level, job family. Returns (condition, parameters)."""
    conds, params = ["TRUE"], {}
    if scope.department:
        conds.append(
            f"({alias}.department = $dept OR starts_with({alias}.department, $dept_prefix))"
        )
        params["dept"] = scope.department
        params["dept_prefix"] = scope.department.rstrip("/") + "/"
    for col in ("team", "level", "job_family"):
        val = getattr(scope, col)
        if val:
            conds.append(f"{alias}.{col} = ${col}")
            params[col] = val
    if scope.within:  # the viewer's subtrees
        conds.append(
            f"(list_contains($within, {alias}.department) OR "
            f"len(list_filter($within_prefix, lambda p: starts_with({alias}.department, p))) > 0)"
        )
        params["within"] = list(scope.within)
        params["within_prefix"] = [d.rstrip("/") + "/" for d in scope.within]
    if scope.people:  # a manager's team
        conds.append(f"list_contains($people, {alias}.employee_id)")
        params["people"] = list(scope.people)
    if scope.excluded:  # the few people at a department's root, for a pseudonymised view
        conds.append(f"NOT list_contains($excluded, {alias}.employee_id)")
        params["excluded"] = list(scope.excluded)
    return " AND ".join(conds), params


def quarantined_rows(con: duckdb.DuckDBPyConnection, scope: Scope | None) -> int:
    """Quarantined source rows (one row may hold several cells). ``scope`` None: every row,
    those of no known person too (the administrator's whole dataset); else the rows of the
    scope's people, whose department is known: a department head does not count another
    department's row, and a row of no known department is the administrator's alone (rev30a
    item 10)."""
    q, e = db.q(S.QUARANTINE.name), db.q(S.EMPLOYEES.name)
    if scope is None:
        return int(con.execute(f"SELECT count(DISTINCT (file, row_number)) FROM {q}").fetchone()[0])  # type: ignore[index]
    cond, params = person_filter_sql(scope, "e")
    sql = (
        f"SELECT count(DISTINCT (q.file, q.row_number)) FROM {q} q "
        f"JOIN {e} e ON e.employee_id = q.employee_id WHERE e.department IS NOT NULL AND {cond}"
    )
    return int(con.execute(sql, params).fetchone()[0])  # type: ignore[index]


class LazyScopeData(ScopeData):
    """See the module docstring. Construct with :func:`load_scope_lazy`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, scope: Scope) -> None:
        # not the dataclass __init__: the frames are properties
        self.scope = scope
        self._con = con
        self._lock = threading.RLock()
        self._frames: dict[str, pl.DataFrame] = {}
        self._has_ratings: bool | None = None
        self._department_stored: bool | None = None
        self._without_root: bool | None = None
        self.rating_reads = 0  # how many times rating rows were read (tests, benchmark)
        self.version = db.data_version(con)
        cycles = self.cycles
        self.all_cycles = not scope.cycles or set(scope.cycles) >= set(cycles["cycle_id"].to_list())
        self._stored_all = stored.available(con)  # the company parts of every cycle
        self._stored = self._stored_all if self.all_cycles else {}
        loaders: dict[str, Callable[[], object]] = {
            "company_employees": lambda: self._frame("company_employees", self._read_employees),
            "company_outcomes": lambda: self._company_table(S.OUTCOMES),
            "company_kpi": lambda: self._company_table(S.KPI_RESULTS),
            "company_role_weights": lambda: role_weights_frame(self._read(read_role_weights)),
            "company_guideline": lambda: guideline_frame(self._read(read_guideline)),
            "company_cycle_scales": lambda: self._read(cycle_scales_frame),
            "company_rater_names": lambda: self._read(read_rater_names),
        }
        for table in self._stored:
            name = store.company_part_name(table)
            if name is None:
                continue
            loaders["co:" + name] = lambda t=table: self._read(
                lambda c: store.read_part(c, t, self._stored[t])
            )
        if not self.all_cycles and len(scope.cycles) == 1:  # one cycle's parts, fitted at import
            for table in self._stored_all:
                if table.startswith(store.CYCLE_PART_PREFIX):
                    name = table[len(store.CYCLE_PART_PREFIX) :]
                    loaders["co:" + name] = lambda t=table: self._cycle_part(t, scope.cycles[0])
        self.extras = LazyExtras(loaders, self._lock)

    # --- plumbing ---------------------------------------------------------------------------
    def _cycle_part(self, table: str, cycle: str) -> pl.DataFrame:
        """One cycle's rows of a part stored per cycle, without the cycle column."""
        return self._read(
            lambda c: store.read_part(
                c,
                table,
                self._stored_all[table],
                where=f"{store.CYCLE_COLUMN} = $cycle",
                params={"cycle": cycle},
                plain=True,
            )
        ).drop(store.CYCLE_COLUMN)

    def _read(self, fn: Callable[[duckdb.DuckDBPyConnection], object]):
        """``fn`` on a cursor of its own (a connection is not thread-safe; cursors are)."""
        cur = self._con.cursor()
        try:
            return fn(cur)
        finally:
            cur.close()

    def _frame(self, name: str, load: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        frame = self._frames.get(name)
        if frame is None:
            with self._lock:
                frame = self._frames.get(name)
                if frame is None:
                    frame = load()
                    self._frames[name] = frame
        return frame

    def is_loaded(self, name: str) -> bool:
        """Whether a frame (``ratings``, ``company_ratings``, ``employees`` ...) has been read."""
        return name in self._frames

    def holds_company_table(self, name: str) -> bool:
        if name not in COMPANY_TABLES:
            raise KeyError(f"no company table {name!r}")
        return self.extras.is_loaded(name)

    def __repr__(self) -> str:
        return f"LazyScopeData({self.scope!r}, loaded={sorted(self._frames)})"

    def _read_employees(self) -> pl.DataFrame:
        return self._read(lambda c: db.read_table(c, S.EMPLOYEES))

    def _company_table(self, table: S.Table) -> pl.DataFrame:
        def load() -> pl.DataFrame:
            frame = self._read(lambda c: read_side_table(c, table))
            if self.scope.cycles:
                frame = frame.filter(pl.col("cycle_id").is_in(list(self.scope.cycles)))
            return frame

        return self._frame("company_" + table.name, load)

    def _in_scope_ids(self, frame: pl.DataFrame) -> pl.DataFrame:
        ids = self.employees.select(pl.col("employee_id").cast(frame.schema["employee_id"]))
        return frame.join(ids, on="employee_id", how="semi")

    def _scoped_table(self, table: S.Table) -> pl.DataFrame:
        """Rows of ``table`` for the people (and cycles) in scope: narrowed from the company
        table when that is loaded, else filtered in DuckDB (in stored order, as read_table)."""
        if self.is_loaded("company_" + table.name):
            return self._in_scope_ids(self._company_table(table))
        person, params = person_filter_sql(self.scope)
        sql = (
            f"SELECT * FROM {db.q(table.name)} WHERE employee_id IN "
            f"(SELECT e.employee_id FROM {db.q(S.EMPLOYEES.name)} e WHERE {person})"
        )
        if self.scope.cycles:
            sql += " AND cycle_id IN (SELECT unnest($cycles))"
            params["cycles"] = list(self.scope.cycles)
        frame = self._read(lambda c: db.query(c, sql + " ORDER BY rowid", params))
        return db.conform(table, frame, COMPACT_TEXT.get(table.name, ()))

    def _ratings_sql(self) -> tuple[str, dict]:
        """FROM/WHERE over the reviews in scope (alias r; e for the ratee's attributes)."""
        person, params = person_filter_sql(self.scope)
        where = [person]
        if self.scope.cycles:
            where.append("r.cycle_id IN (SELECT unnest($cycles))")
            params["cycles"] = list(self.scope.cycles)
        if self.scope.rater_role:
            where.append("r.rater_role = $role")
            params["role"] = self.scope.rater_role
        join = "" if person == "TRUE" else f"JOIN {db.q(S.EMPLOYEES.name)} e USING (employee_id)"
        return f"FROM {db.q(S.REVIEW_ROWS.name)} r {join} WHERE {' AND '.join(where)}", params

    # --- the ScopeData frames -----------------------------------------------------------------
    @property
    def company_ratings(self) -> pl.DataFrame:  # type: ignore[override]
        def load() -> pl.DataFrame:
            self.rating_reads += 1
            return self._read(lambda c: db.ratings_frame(c, list(self.scope.cycles) or None))

        frame = self._frame("company_ratings", load)
        _hold(self)  # outside the lock: it may release another scope's rows
        return frame

    @property
    def ratings(self) -> pl.DataFrame:  # type: ignore[override]
        scope = self.scope
        if not scope.narrowed():
            return self.company_ratings

        def load() -> pl.DataFrame:
            if self.is_loaded("company_ratings"):
                company = self.company_ratings
            else:  # only the department's rows leave DuckDB
                self.rating_reads += 1
                company = self._read(
                    lambda c: db.ratings_frame(
                        c, list(scope.cycles) or None, department=scope.department
                    )
                )
            ratings = company.filter(person_filter(scope))
            if scope.rater_role:
                ratings = ratings.filter(pl.col("rater_role") == scope.rater_role)
            return ratings

        return self._frame("ratings", load)

    @property
    def employees(self) -> pl.DataFrame:  # type: ignore[override]
        return self._frame(
            "employees", lambda: self.extras["company_employees"].filter(person_filter(self.scope))
        )

    @property
    def cycles(self) -> pl.DataFrame:  # type: ignore[override]
        return self._frame(
            "cycles", lambda: self._read(lambda c: db.read_table(c, S.CYCLES)).sort("ordering")
        )

    @property
    def outcomes(self) -> pl.DataFrame:  # type: ignore[override]
        return self._frame("outcomes", lambda: self._scoped_table(S.OUTCOMES))

    @property
    def kpi_results(self) -> pl.DataFrame:  # type: ignore[override]
        return self._frame("kpi_results", lambda: self._scoped_table(S.KPI_RESULTS))

    @property
    def appeals(self) -> pl.DataFrame:  # type: ignore[override]
        return self._frame("appeals", lambda: self._scoped_table(S.APPEALS))

    def release_ratings(self) -> None:
        """Let go of every rating of the cycles (read again if a model still needs them)."""
        with self._lock:
            self._frames.pop("company_ratings", None)
        _unhold(self)

    def release_if_fitted(self) -> bool:
        """Release the rating rows once no company part needs them any more (every part is
        fitted or stored): the sections then only read the parts (and a narrowed scope its own
        ``ratings``)."""
        if self.is_loaded("company_ratings") and not ratings_still_needed(self):
            self.release_ratings()
            return True
        return False

    # --- what the findings ask without reading rating rows --------------------------------------
    def has_ratings(self) -> bool:
        """Whether the scope holds any rating (an EXISTS query unless the rows are loaded)."""
        if self._has_ratings is None:
            if self.is_loaded("ratings") or (
                self.is_loaded("company_ratings") and not self.scope.narrowed()
            ):
                self._has_ratings = self.ratings.height > 0
                return self._has_ratings
            frm, params = self._ratings_sql()
            sql = f"SELECT EXISTS (SELECT 1 {frm})"
            self._has_ratings = bool(
                self._read(lambda c: c.execute(sql, params or None).fetchone()[0])
            )
        return self._has_ratings

    def _ratings_loaded(self) -> bool:
        return self.is_loaded("ratings") or (
            not self.scope.narrowed() and self.is_loaded("company_ratings")
        )

    def rater_ids(self) -> pl.DataFrame:
        """The distinct non-null ``rater_id`` of the ratings in scope (one column), computed in
        DuckDB unless the rows are loaded."""
        if self._ratings_loaded():
            return self.ratings.select("rater_id").drop_nulls().unique()
        s = self.scope
        if (
            self.all_cycles and s.department_only() and store.DEPT_RATERS in self._stored
        ):  # stored per department at import
            return self._read(
                lambda c: db.query(
                    c,
                    f"SELECT rater_id FROM {db.q(store.DEPT_RATERS)} WHERE unit = $d",
                    {"d": s.department},
                )
            )
        frm, params = self._ratings_sql()
        return self._read(
            lambda c: db.query(
                c, f"SELECT DISTINCT r.rater_id {frm} AND r.rater_id IS NOT NULL", params
            )
        )

    def overview_counts(self) -> dict[str, pl.DataFrame]:
        """The overview's tables (:func:`~analytics.findings.scope.overview_counts`) over this
        scope's rating rows, counted in DuckDB: a scoped viewer's overview counts their reach,
        not the company (rev35 finding 2)."""
        rows = self._ratings_sql()
        return self._read(lambda c: overview_counts(c, rows_sql=rows))

    def summary_counts(self) -> dict:
        """Ratings, distinct ratees and raters, and the sorted cycle ids in scope, counted in
        DuckDB unless the rows are loaded."""
        if self._ratings_loaded():
            return super().summary_counts()
        frm, params = self._ratings_sql()
        row = self._read(
            lambda c: c.execute(
                f"SELECT count(*), count(DISTINCT r.employee_id), count(DISTINCT r.rater_id), "
                f"list(DISTINCT r.cycle_id ORDER BY r.cycle_id) {frm}",
                params or None,
            ).fetchone()
        )
        return {
            "ratings": row[0],
            "employees": row[1],
            "raters": row[2],
            "cycles": [c for c in (row[3] or []) if c is not None],
        }

    def pair_means(self) -> pl.DataFrame | None:
        """Non-self ratings averaged per (cycle_id, employee_id, rater_id) as ``score``, sorted by
        those keys, with ``slot`` (0-based rank of the rater within the employee and cycle) and
        ``_m`` (raters of the employee in the cycle), computed in DuckDB; None when the rows are
        loaded (then aggregate those)."""
        if self._ratings_loaded():
            return None
        frm, params = self._ratings_sql()
        sql = f"""
            WITH p AS (SELECT r.cycle_id, r.employee_id, r.rater_id, avg(r.score) AS score {frm}
                       AND r.rater_role <> 'self' AND r.rater_id IS NOT NULL GROUP BY ALL)
            SELECT *, (row_number() OVER w - 1)::BIGINT AS slot, (count(*) OVER w)::UINT32 AS _m
            FROM p WINDOW w AS (PARTITION BY cycle_id, employee_id ORDER BY rater_id
                                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            ORDER BY cycle_id, employee_id, rater_id"""
        return self._read(lambda c: db.query(c, sql, params))

    def grade_inputs(self) -> tuple[pl.DataFrame, pl.DataFrame, list[str]] | None:
        """What kappa needs of the scope's ratings, gathered in DuckDB (see
        :meth:`ScopeData.grade_inputs`); None when the rows are loaded."""
        if self._ratings_loaded():
            return None
        frm, params = self._ratings_sql()
        role = "r.rater_role"
        one = "count(*) FILTER (WHERE {r} = '{v}') = 1"
        sm = f"""
            SELECT r.cycle_id, r.employee_id, r.dimension,
                   any_value(r.score) FILTER (WHERE {role} = 'self') AS self,
                   any_value(r.score) FILTER (WHERE {role} = 'manager') AS manager
            {frm} AND {role} IN ('self', 'manager') AND isfinite(r.score)
            GROUP BY ALL
            HAVING {one.format(r=role, v="self")} AND {one.format(r=role, v="manager")}"""
        others = f"""
            SELECT r.cycle_id, r.employee_id, r.dimension, r.score, count(*) AS n
            {frm} AND {role} <> 'self' AND isfinite(r.score) GROUP BY ALL"""
        cycles = f"SELECT DISTINCT r.cycle_id {frm} AND r.cycle_id IS NOT NULL ORDER BY 1"
        a = self._read(lambda c: db.query(c, sm, params))
        b = self._read(lambda c: db.query(c, others, params))
        ids = self._read(lambda c: db.query(c, cycles, params))
        return a, b, [str(x) for x in ids[ids.columns[0]].to_list()]

    def is_company(self) -> bool:
        """All cycles (none chosen) and no person or role filter."""
        return not self.scope.cycles and not self.scope.narrowed()

    def single_cycle(self) -> str | None:
        """The cycle when the scope is exactly one cycle of several, with no person or role
        filter: its model fits and sections are stored at import."""
        s = self.scope
        if self.all_cycles or len(s.cycles) != 1 or s.narrowed():
            return None
        return s.cycles[0]

    def stored_department(self) -> str | None:
        """The department when the scope is exactly one whose sections the last refresh stored
        (all cycles, none chosen; no team, level, job family or role filter): a top-level
        department, or a second-level one above the size rule
        (:func:`analytics.findings.materialise.stored_departments`), as the store says
        (:func:`analytics.findings.stored.stores_department`, asked once per scope). None for
        any other scope: its sections are computed on demand."""
        s = self.scope
        if s.cycles or not s.department_only():
            return None
        if s.department.count("/") >= store.STORED_DEPARTMENT_LEVELS:
            return None
        if self._department_stored is None:
            self._department_stored = self._read(
                lambda c: stored.stores_department(c, s.department)
            )
        return s.department if self._department_stored else None

    def stored_without_root(self) -> bool:
        """Whether the scope's sections were stored at import without the people at a
        department's root (``Scope.excluded``, a pseudonymised view's scopes): the company's or
        a stored department's (all cycles, none chosen; no other filter), leaving out exactly
        the people the last refresh left out (``store.EXCLUDED``, current); asked of the store
        once per scope (:func:`analytics.findings.materialise.excluded_sections`)."""
        s = self.scope
        if not s.excluded or replace(s, department=None, excluded=()) != Scope():
            return False
        if self._without_root is None:
            self._without_root = self._read(self._left_out_stored)
        return self._without_root

    def _left_out_stored(self, con: duckdb.DuckDBPyConnection) -> bool:
        if store.EXCLUDED not in self._stored_all:
            return False
        rows = con.execute(f"SELECT employee_id FROM {db.q(store.EXCLUDED)}").fetchall()
        if tuple(sorted(r[0] for r in rows)) != tuple(sorted(self.scope.excluded)):
            return False
        department = self.scope.department
        if department is None:
            return True
        if department.count("/") >= store.STORED_DEPARTMENT_LEVELS:
            return False
        return stored.stores_department(con, department, store.EXCLUDED_DEPT_SECTION_PREFIX)

    def _stored_where(self, name: str) -> tuple[str, str | None, list[str], dict] | None:
        """(table, the scope's column in it or None, conditions, parameters) of the scope's
        rows of the stored section ``name``; None when not stored or stale."""
        department, cycle = self.stored_department(), self.single_cycle()
        if self.is_company():
            table, label = store.SECTION_PREFIX + name, None
            conds, params = [], {}
        elif department is not None:
            table, label = store.DEPT_SECTION_PREFIX + name, store.DEPT_COLUMN
            conds, params = [f"{label} = $dept"], {"dept": department}
        elif cycle is not None:
            table, label = store.CYCLE_SECTION_PREFIX + name, store.CYCLE_COLUMN
            conds, params = [f"{label} = $cycle"], {"cycle": cycle}
        elif self.stored_without_root():
            if self.scope.department is None:
                table, label = store.EXCLUDED_SECTION_PREFIX + name, None
                conds, params = [], {}
            else:
                table, label = store.EXCLUDED_DEPT_SECTION_PREFIX + name, store.DEPT_COLUMN
                conds, params = [f"{label} = $dept"], {"dept": self.scope.department}
        else:
            return None
        if table not in self._stored_all:  # (stored for every cycle: a cycle reads its rows)
            return None
        return table, label, conds, params

    def stores_section(self, name: str) -> bool:
        """Whether the stored section ``name`` is current and holds this scope's rows (read
        from it, not computed: :meth:`stored_section` answers)."""
        return self._stored_where(name) is not None

    def stored_largest(self, name: str, key: str, value: str) -> list[str] | None:
        """Every ``key`` of the stored section ``name``'s rows in the scope, ranked by the
        largest absolute ``value`` of its rows (largest first, a key without one last, ties by
        key), counted in DuckDB; None when the section is not stored (or stale), lacks either
        column, or the scope holds no ratings. As
        :func:`analytics.stats.attribution.largest_movers` ranks the people of the changes.
        Why: at 40M ratings that ranking of 1M changes in Polars was a third of the
        attribution page's first visit."""
        where = self._stored_where(name)
        if where is None:
            return None
        table, label, conds, params = where
        schema = self._stored_all[table]
        if schema is not None and not {key, value} <= set(schema):
            return None
        if label is not None and not self.has_ratings():
            return None  # as compute_section: no section without ratings
        sql = (
            f"SELECT {db.q(key)} FROM {db.q(table)}"
            + (f" WHERE {' AND '.join(conds)}" if conds else "")
            + f" GROUP BY {db.q(key)}"
            + f" ORDER BY max(abs({db.q(value)})) DESC NULLS LAST, {db.q(key)}"
        )
        return self._read(lambda c: [r[0] for r in c.execute(sql, params or None).fetchall()])

    def stored_section(
        self, name: str, employee_id: str | None = None, columns: tuple[str, ...] | None = None
    ) -> pl.DataFrame | None:
        """The company scope's or a stored department's section as stored at import (only one
        employee's rows with ``employee_id``; only those of ``columns`` it has, with
        ``columns``), also without the people at a department's root
        (:meth:`stored_without_root`); None when not stored or stale."""
        where = self._stored_where(name)
        if where is None:
            return None
        table, label, conds, params = where
        schema = self._stored_all[table]
        if employee_id is not None:
            if schema is not None and "employee_id" not in schema:
                return None
            conds.append("employee_id = $e")
            params["e"] = employee_id
        if label is not None and not self.has_ratings():
            return None  # as compute_section: no section without ratings
        where = " AND ".join(conds)
        # the conditions compare the table's own columns: read in stored order without a sort
        if columns is not None and schema:
            return self._read(lambda c: _read_columns(c, table, schema, columns, where, params))
        frame = self._read(
            lambda c: store.read_part(c, table, schema, where, params or None, plain=True)
        )
        if columns is not None:  # in the table's order, as :func:`_read_columns`
            return frame.select([c for c in frame.columns if c in columns])
        if label is not None:
            frame = frame.drop(label)
        if name == "summary" and "generated_at" in frame.columns:
            frame = frame.with_columns(
                pl.lit(datetime.now().astimezone().isoformat(timespec="seconds")).alias(
                    "generated_at"
                )
            )
        return frame

    def stores_for_cycles(self, name: str) -> bool:
        """Whether :meth:`company_part_for_cycles` can give ``name``."""
        table = store.PREFIX + name
        if self.all_cycles or table not in self._stored_all:
            return False
        schema = self._stored_all[table]
        return schema is None or "cycle_id" in schema

    def company_part_for_cycles(self, name: str) -> pl.DataFrame | None:
        """For a subset of cycles: the stored all-cycles company part restricted to them (read in
        DuckDB), for parts computed per cycle from that cycle's ratings alone (the caller knows
        which); None for the all-cycles scope (its parts load whole) or when not stored."""
        if not self.stores_for_cycles(name):
            return None
        table = store.PREFIX + name
        schema = self._stored_all[table]
        return self._read(
            lambda c: store.read_part(
                c,
                table,
                schema,
                where="cycle_id IN (SELECT unnest($cycles))",
                params={"cycles": list(self.scope.cycles)},
            )
        )

    def part_rows(self, name: str, employee_id: str) -> pl.DataFrame | None:
        """One employee's rows of a stored all-cycles company part (when on the roster, as the
        sections narrow them); None when not stored."""
        table = store.PREFIX + name
        schema = self._stored.get(table, False)
        if schema is False or (schema is not None and "employee_id" not in schema):
            return None
        where = (
            f"employee_id = $e AND employee_id IN "
            f"(SELECT employee_id FROM {db.q(S.EMPLOYEES.name)})"
        )
        return self._read(lambda c: store.read_part(c, table, schema, where, {"e": employee_id}))

    def part_in_scope(self, name: str) -> pl.DataFrame | None:
        """The in-scope rows (by employee_id) of a stored company part, filtered in DuckDB;
        None when the part is not stored (then fit it) or is already loaded whole."""
        table = store.PREFIX + name
        if table not in self._stored or self.extras.is_loaded("co:" + name):
            return None
        schema = self._stored[table]
        if schema is not None and "employee_id" not in schema:
            return None
        if not self.scope.narrowed():  # every person: a plain read, narrowed to the roster here
            whole = self._read(lambda c: store.read_part(c, table, schema))  # (not kept)
            return self._in_scope_ids(whole)
        where, params = person_filter_sql(self.scope)
        sub = f"SELECT e.employee_id FROM {db.q(S.EMPLOYEES.name)} e WHERE {where}"
        return self._read(
            lambda c: store.read_part(
                c, table, schema, where=f"employee_id IN ({sub})", params=params
            )
        )


def load_scope_lazy(con: duckdb.DuckDBPyConnection, scope: Scope) -> LazyScopeData:
    """A scope whose frames are read on first use (see the module docstring); ``con`` must stay
    open while the object is used."""
    return LazyScopeData(con, scope)


def _read_columns(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: pl.Schema,
    columns: tuple[str, ...],
    where: str,
    params: dict,
) -> pl.DataFrame:
    """``columns`` (those in ``schema``, in its order: as the whole frame's) of a stored
    section's rows matching ``where`` (a plain filter on the table's own columns), in stored
    order, with the dtypes :func:`analytics.store.parts.read_part` gives them. Why: the
    overview counts the rater table's statuses, 8 of its 78 columns (210,001 rows at 40M
    ratings); reading all of them was most of a scope's first overview."""
    wanted = set(columns)
    cols = [c for c in schema if c in wanted]
    if not cols:  # as the whole frame's select of none of its columns
        return pl.DataFrame()
    sql = f"SELECT {', '.join(db.q(c) for c in cols)} FROM {db.q(table)}"
    if where:
        sql += f" WHERE {where}" + store.in_stored_order(plain=True)
    frame = db.query(con, sql, params or None)
    have = frame.schema  # built once: a frame builds its schema anew on each ``.schema``
    casts = {c: schema[c] for c in cols if have[c] != schema[c]}
    return frame.cast(casts) if casts else frame
