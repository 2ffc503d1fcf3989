"""Materialise the expensive company-level model fits at import time.

Rater effects, adjusted scores, trend attribution, the performance profile and the re-check
list depend on every rating, so they are fitted once after each import (for the all-cycles
scope) and stored in DuckDB tables ``mat_<part>``; pages then only filter them. Every findings
section of the company scope (all cycles, no filter) is stored as well (``mat_sec_<section>``),
so a page's first render for the whole company reads small tables and never the rating rows.
The same sections of each top-level department's scope (all cycles, no other filter:
``研发中心``) are stored too, and of each second-level one (``研发中心/平台研发部``) above a size
(its rating rows, or the company's: ``store.STORED_SUB_DEPARTMENT_RATINGS``;
:func:`stored_departments`), in ``mat_dsec_<section>``, one table per section with the
department path in ``_top_department``: a department and its sub-departments are what users
drill into, and their pages would otherwise fit the rater table, source means and team shifts
on their own rows (at 40M ratings, the first visit of the largest sub-department's pages took
1.0-5.5 s; its calibration page builds every section). A smaller sub-department is computed on
demand in about half a CPU second; storing the demo's doubled its refresh. The reader takes the
departments stored from the store itself
(:meth:`analytics.findings.lazyscope.LazyScopeData.stored_department`).
Finally the company parts that a single cycle's scope must fit on that cycle's ratings alone
(rater effects, adjusted scores, profiles ...: ``mat_cyc_<part>``, the cycle in ``_cycle``) are
stored for each cycle, with every section of that cycle's company scope (``mat_csec_<section>``):
"this quarter" is the scope of a calibration meeting, and refitting them on a quarter of
200,000 people takes seconds per page. The raters of each department path
(``mat_dept_raters``) narrow the rater table of any department without scanning its ratings.
For the pseudonymised analyst, whose scopes leave the few people at a department's root out,
the company's and each stored department's sections are stored without them as well
(``mat_xsec_<section>``, ``mat_xdsec_<section>``, who was left out in ``mat_excluded``;
:func:`excluded_sections`), from ``store.STORED_EXCLUDED_COMPANY_RATINGS`` ratings.
Each stored frame is entered in the store's catalog with the data version and the fingerprint
of the code and parameters that computed it (:mod:`analytics.findings.methods`); a frame whose
entry does not match the running code or data is never shown (:mod:`analytics.findings.stored`):
it is computed on demand until the next refresh.

Each stored frame's Polars schema travels with it (``mat_schemas``, an empty Arrow IPC frame
per table), so a frame reads back with the dtypes it was computed with (Categorical, Enum,
List ...) even where DuckDB stores a plainer type.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import duckdb
import polars as pl

from analytics import schema as S
from analytics.findings.graded import graded_people
from analytics.findings.methods import MIN_N, fingerprints
from analytics.findings.parts import (
    COMPANY_PARTS,
    CYCLE_SEPARABLE,
    company_part,
    fit_parts,
    pair_means,
    sorted_pairs,
)
from analytics.findings.scope import (
    Scope,
    ScopeData,
    load_scope,
    overview_counts,
    person_filter,
    rating_counts,
    root_few,
)
from analytics.findings.sections import SECTIONS, TEAM_TESTS, compute_sections
from analytics.findings.stored import current_tables, expected_fingerprint
from analytics.stats import agreement
from analytics.stats.distributions import department_paths
from analytics.store import db
from analytics.store import parts as store
from analytics.store.settings import read_role_weights

__all__ = [
    "UNSTORED_SECTIONS",
    "cycle_pieces",
    "department_raters",
    "department_sections",
    "duckdb_memory",
    "excluded_sections",
    "rated_cycles",
    "refresh",
]

#: company sections not stored: the in-scope rows of a stored part (a lazily loaded scope reads
#: them from that part, filtered in DuckDB) or a large table no page shows
UNSTORED_SECTIONS = frozenset({"adjusted", "profile", "scores", "kpi_drivers_employee"})


def refresh(
    con: duckdb.DuckDBPyConnection,
    on_ready: Callable[[bool], None] | None = None,
    *,
    until_ready: bool = False,
) -> dict[str, int]:
    """Fit every company part on all cycles, compute every section of the company scope from
    them and store both; returns rows per part (sections as ``sec:<name>``; of the single
    cycles' pieces, the rows written by this refresh).

    Incremental: a cycle whose stored pieces were computed from the inputs it has now
    (``db.input_versions``) by the code running now keeps them, untouched; only the other
    cycles' are fitted (after the import of one new cycle: that cycle's). The all-cycles parts,
    the sections and the department sections read every cycle and are refitted each time.

    When some cycle is kept (the import of a new cycle), in two transactions, so the dashboard
    can show the new data before the all-cycles models are refitted:

    1. *ready*: the parts whose rows of a cycle come from that cycle alone (reliability, scores,
       source means: the kept cycles' rows read back, the others fitted on their own ratings)
       and the re-check list ranked from them; the single-cycle pieces and sections of the
       cycles not kept; the overview's counts. Committed, then ``on_ready(later)`` is called
       (``later``: whether this call goes on to the second transaction). From
       here every single cycle, the overview and every cycle subset's per-cycle parts are
       current in the catalog; the all-cycles rater model and what follows from it, the
       company and department sections keep their old catalog rows, which name the earlier
       data version: they are not current, so nothing shows them (a page computes them on
       demand, :mod:`analytics.findings.stored`).
    2. the all-cycles parts, the company and department sections (skipped with
       ``until_ready``: the dashboard leaves them to its background refresh, which finds the
       first transaction's tables current and does this step alone).

    Otherwise (the first refresh, a code change that touched the single cycles' methods) in
    one transaction, ``on_ready(False)`` after it.

    Written as it goes: each group of frames is stored and let go as soon as it is computed,
    and the company's rating rows are let go once the department tables are stored; each
    single cycle's rows are then read on their own. Why: holding every frame for one write at
    the end, with the rating rows, made this step's peak the largest of an import (2.7x the
    ratings' Arrow size at 40M ratings)."""
    rows = con.execute(f"SELECT count(*) FROM {db.q(S.REVIEW_ROWS.name)}").fetchone()[0]
    ready = on_ready or (lambda later: None)
    try:
        with db.memory_capped(con, duckdb_memory(rows)):
            return _refresh(con, ready, until_ready)
    except duckdb.OutOfMemoryException:
        # the cap saves memory; it is no limit the data must fit in. A step that cannot spill
        # within it (seen at 10M ratings of the demo's own exports: "144.8 MiB/144.9 MiB
        # used") rolled its transaction back; once more under the connection's own limit,
        # which finds current whatever an earlier transaction of this call committed
        return _refresh(con, ready, until_ready)


#: DuckDB's memory limit while the import materialises, per rating row and its bounds (MB).
#: Why: its buffer pool otherwise keeps the blocks of the rating rows read and of every table
#: written until the commit (1.3 GiB of 2.65 GiB written at 31.8M ratings), on top of the
#: frames being fitted; capped, it writes them to the database file and evicts them (0.2-0.4
#: GiB lower peak, same time). A fixed 512MB was most of what the step held beyond the frames
#: at 3.18M ratings; 128MB there gave 0.26-0.33 GiB less in the same time. But under the
#: 122-145MB this gave at 8-9.5M ratings, inserting a stored frame ran out of memory ("failed
#: to pin block", DuckDB could not evict enough), and the refresh ran a second time uncapped:
#: 184 CPU s instead of 90 at 8M (session 21). 512MB refreshes 8M and 40.1M ratings in one run.
DUCKDB_BYTES_PER_RATING = 16
DUCKDB_MEMORY_MB = (512, 512)


def duckdb_memory(rating_rows: int) -> str:
    """DuckDB's memory limit while ``rating_rows`` ratings are materialised: 16 bytes a row
    within :data:`DUCKDB_MEMORY_MB` (now 512MB at every size)."""
    lo, hi = DUCKDB_MEMORY_MB
    return f"{min(max(rating_rows * DUCKDB_BYTES_PER_RATING // 2**20, lo), hi)}MB"


def _refresh(
    con: duckdb.DuckDBPyConnection, on_ready: Callable[[bool], None], until_ready: bool
) -> dict[str, int]:
    version = db.data_version(con)
    catalog, earlier = store.read_catalog(con), store.read_schemas(con)
    cycles = _rated_cycles(con)
    rated = con.execute(f"SELECT EXISTS (FROM {db.q(S.REVIEW_ROWS.name)})").fetchone()[0]
    if not rated:  # nothing to store: nothing stale either
        with db.transaction(con):
            for table in store.stored_tables(con):
                con.execute(f"DROP TABLE {db.q(table)}")
            store.write_catalog(con, _catalog([], version))
        on_ready(False)
        return {}
    # a cycle whose inputs and code are those its stored pieces were made from keeps them:
    # after the import of one new cycle, only that cycle's are fitted
    versions = _with_settings(db.input_versions(con), read_role_weights(con))
    kept = _kept_cycles(catalog, earlier, cycles, versions) if len(cycles) > 1 else set()
    if kept and _reusable(catalog, earlier) == list(_PER_CYCLE_ROWS):
        return _refresh_in_two(
            con, version, catalog, earlier, cycles, versions, kept, on_ready, until_ready
        )
    out = _refresh_whole(con, version, catalog, earlier, cycles, versions, kept)
    on_ready(False)
    return out


def _with_settings(versions: dict[str, str], weights: dict[str, float] | None) -> dict[str, str]:
    """Each cycle's input version with the dataset's role weights (``store.settings``): the
    person score of every cycle's pieces is computed with them, so a cycle's stored pieces are
    kept only while the weights they were computed with are the dataset's (a change of the
    weights also moves the data version on, so nothing stored before is shown meanwhile)."""
    if weights is None:  # the default weights: the versions as they were before settings
        return versions
    token = json.dumps(weights, sort_keys=True)
    return {cycle: f"{v}|role_weights={token}" for cycle, v in versions.items()}


def _rated_cycles(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The cycles with ratings, in cycle order (:func:`rated_cycles`, asked of DuckDB)."""
    rows = con.execute(
        f"SELECT c.cycle_id FROM {db.q(S.CYCLES.name)} c WHERE EXISTS (SELECT 1 FROM "
        f"{db.q(S.REVIEW_ROWS.name)} r WHERE r.cycle_id = c.cycle_id) ORDER BY c.ordering"
    ).fetchall()
    return [r[0] for r in rows]


def _putter(
    con: duckdb.DuckDBPyConnection, schemas: dict[str, bytes], out: dict[str, int]
) -> Callable[[str, str, dict[str, pl.DataFrame]], None]:
    """``put(prefix, tag, frames)``: store each frame as ``prefix + name`` and count its rows
    in ``out`` under ``tag + name`` (what both ways of refreshing write through)."""

    def put(prefix: str, tag: str, frames: dict[str, pl.DataFrame]) -> None:
        for name, frame in frames.items():
            store.store_frame(con, prefix + name, frame, schemas)
            out[tag + name] = frame.height

    return put


def _written_entries(
    schemas: dict[str, bytes], version: str, versions: dict[str, str], todo: list[str]
) -> list[tuple[str, str, str]]:
    """Catalog entries of the tables written: the company's under the data version, the cycle
    stacks' once per fitted cycle under that cycle's input version."""
    entries = [(t, "", version) for t in schemas if not t.startswith(_CYCLE_STACKS)]
    return entries + [
        (t, c, versions[c]) for t in schemas if t.startswith(_CYCLE_STACKS) for c in todo
    ]


def _refresh_whole(
    con: duckdb.DuckDBPyConnection,
    version: str,
    catalog: pl.DataFrame,
    earlier: store.Schemas,
    cycles: list[str],
    versions: dict[str, str],
    kept: set[str],
) -> dict[str, int]:
    """The refresh in one transaction (see :func:`refresh`)."""
    data = load_scope(con, Scope(), materialised=False)  # never re-store stale parts
    out: dict[str, int] = {}
    schemas: dict[str, bytes] = {}

    put = _putter(con, schemas, out)

    with db.transaction(con):
        _reuse_cycle_rows(con, data, kept, catalog, earlier)
        # side by side; the memo shares parts between them. The units' reliability last and
        # alone: it needs only the pair means, so the rating pairs go first (fitted beside the
        # score changes it raised the peak by 0.7 GiB at 31.8M ratings)
        fit_parts(data, [name for name in COMPANY_PARTS if name != "reliability_units"])
        data.extras.pop("rating_pairs", None)
        data.extras.pop("rater_weights", None)
        data.extras.pop("rater_fit", None)  # (let go already once both its readers are fitted)
        fit_parts(data, ["reliability_units"])
        data.extras.pop("pairs", None)  # the parts' shared inputs: not needed past here
        put(store.PREFIX, "", {name: company_part(data, name) for name in COMPANY_PARTS})
        _put_all_cycles_sections(con, data, put, schemas, out)
        data = _parts_only(data)  # the rating rows go; each cycle's are read on their own
        todo = [c for c in cycles if c not in kept]
        _put_cycle_pieces(con, data, cycles, kept, todo, catalog, earlier, schemas, out)
        del data
        # the overview's counts scan every rating: store them too
        _put_overview(con, schemas)
        store.store_schemas(con, schemas)
        # tables of an earlier refresh that this one did not write (a section no longer stored)
        _drop_unwritten(con, set(schemas))
        entries = _written_entries(schemas, version, versions, todo)
        unchanged = catalog.filter(
            pl.col("scope_key").is_in(list(kept)) & pl.col("table_name").is_in(list(schemas))
        ).with_columns(pl.lit(version).alias("checked_version"))
        store.write_catalog(con, pl.concat([_catalog(entries, version), unchanged]))
    return out


def _refresh_in_two(
    con: duckdb.DuckDBPyConnection,
    version: str,
    catalog: pl.DataFrame,
    earlier: store.Schemas,
    cycles: list[str],
    versions: dict[str, str],
    kept: set[str],
    on_ready: Callable[[bool], None],
    until_ready: bool,
) -> dict[str, int]:
    """The refresh in two transactions (see :func:`refresh`): first what shows the cycles
    not ``kept`` (and the overview), then the all-cycles models."""
    out: dict[str, int] = {}
    todo = [c for c in cycles if c not in kept]
    fresh = load_scope(con, Scope(cycles=tuple(todo)), materialised=False) if todo else None
    per = _per_cycle_parts(con, fresh, kept, earlier)
    per["recheck"] = company_part(_memo_only(per), "recheck")  # ranked over every cycle

    # ---- 1. the new cycles, the parts computed cycle by cycle, the overview ----------------
    if todo or not _first_tables(per, earlier) <= current_tables(con):
        schemas: dict[str, bytes] = {}
        with db.transaction(con):
            for name, frame in per.items():
                store.store_frame(con, store.PREFIX + name, frame, schemas)
                out[name] = frame.height
            base, ratings = _new_cycles_base(per, fresh)
            del fresh

            def ratings_of(cycle: str) -> pl.DataFrame:
                if todo == [cycle] and ratings is not None:  # read for it above (one new cycle)
                    return ratings
                return db.ratings_frame(con, [cycle])

            _put_cycle_pieces(
                con, base, cycles, kept, todo, catalog, earlier, schemas, out, ratings_of
            )
            del base, ratings
            _put_overview(con, schemas)
            store.store_schemas(con, _blobs(earlier) | schemas)
            _write_first_catalog(con, catalog, schemas, version, versions, todo, kept)
    else:
        del fresh
    on_ready(not until_ready)
    if until_ready:
        return out
    return _refresh_all_cycles(con, version, per, out)


def _new_cycles_base(
    per: dict[str, pl.DataFrame], fresh: ScopeData | None
) -> tuple[ScopeData, pl.DataFrame | None]:
    """The new cycles' scope without its rows (fitted from) and those rows apart (read once)."""
    base = _memo_only(per)
    if fresh is None:
        return base, None
    ratings = fresh.company_ratings
    base = replace(
        fresh,
        ratings=ratings.clear(),
        company_ratings=ratings.clear(),
        extras={k: v for k, v in fresh.extras.items() if k.startswith("company_")} | base.extras,
    )
    return base, ratings


def _write_first_catalog(
    con: duckdb.DuckDBPyConnection,
    catalog: pl.DataFrame,
    schemas: dict[str, bytes],
    version: str,
    versions: dict[str, str],
    todo: list[str],
    kept: set[str],
) -> None:
    """The catalog after transaction 1: written tables current, all-cycles models as they were."""
    entries = _written_entries(schemas, version, versions, todo)
    stacks = [t for t in schemas if t.startswith(_CYCLE_STACKS)]
    unchanged = catalog.filter(
        pl.col("scope_key").is_in(list(kept)) & pl.col("table_name").is_in(stacks)
    ).with_columns(pl.lit(version).alias("checked_version"))
    # the all-cycles models' tables keep their entries: of the earlier data version,
    # not current, never shown until the second transaction writes them anew
    later = catalog.filter(~pl.col("table_name").is_in(list(schemas)))
    store.write_catalog(con, pl.concat([_catalog(entries, version), unchanged, later]))


def _refresh_all_cycles(
    con: duckdb.DuckDBPyConnection,
    version: str,
    per: dict[str, pl.DataFrame],
    out: dict[str, int],
) -> dict[str, int]:
    """Transaction 2 of the refresh: the all-cycles models and every cycle's sections."""
    catalog, earlier = store.read_catalog(con), store.read_schemas(con)
    first = _first_tables(per, earlier)
    schemas: dict[str, bytes] = {}
    put = _putter(con, schemas, out)

    with db.transaction(con):
        data = load_scope(con, Scope(), materialised=False)
        data.extras.update({"co:" + name: frame for name, frame in per.items()})
        del per
        fit_parts(data, [name for name in COMPANY_PARTS if name != "reliability_units"])
        data.extras.pop("rating_pairs", None)
        data.extras.pop("rater_weights", None)
        data.extras.pop("rater_fit", None)
        data.extras.pop("pairs", None)
        put(
            store.PREFIX,
            "",
            {
                name: company_part(data, name)
                for name in COMPANY_PARTS
                if store.PREFIX + name not in first
            },
        )
        _put_all_cycles_sections(con, data, put, schemas, out)
        del data
        written = {t: b for t, b in _blobs(earlier).items() if t in first} | schemas
        store.store_schemas(con, written)
        _drop_unwritten(con, set(written))
        store.write_catalog(
            con,
            pl.concat(
                [
                    _catalog([(t, "", version) for t in schemas], version),
                    catalog.filter(pl.col("table_name").is_in(list(first))),
                ]
            ),
        )
    return out


def _first_tables(per: dict[str, pl.DataFrame], schemas: store.Schemas) -> set[str]:
    """The tables the first of two transactions writes (see :func:`refresh`)."""
    tables = {store.PREFIX + name for name in per}
    first = (*_CYCLE_STACKS, store.OVERVIEW_PREFIX, store.GRADED)
    return tables | {t for t in schemas if t.startswith(first)}


def _reusable(catalog: pl.DataFrame, schemas: store.Schemas) -> list[str]:
    """The :data:`_PER_CYCLE_ROWS` parts stored by the code running now (their rows of a kept
    cycle may be read back)."""
    out = []
    for name in _PER_CYCLE_ROWS:
        table = store.PREFIX + name
        entry = catalog.filter(pl.col("table_name") == table)
        if (
            table in schemas
            and entry.height == 1
            and entry["fingerprint"][0] == expected_fingerprint(table)
        ):
            out.append(name)
    return out


def _per_cycle_parts(
    con: duckdb.DuckDBPyConnection,
    fresh: ScopeData | None,
    kept: set[str],
    schemas: store.Schemas,
    names: Iterable[str] | None = None,
) -> dict[str, pl.DataFrame]:
    """The :data:`_PER_CYCLE_ROWS` parts ``names`` of every cycle: their stored rows of the
    ``kept`` cycles and their rows of the others fitted on ``fresh`` (those cycles' scope), in
    the order a fit on every cycle gives (tests/test_incremental.py). Default: every one."""
    names = list(_PER_CYCLE_ROWS if names is None else names)
    if fresh is not None:
        fit_parts(fresh, names)
    out = {}
    for name in names:
        order, table = _PER_CYCLE_ROWS[name], store.PREFIX + name
        old = store.read_part(
            con,
            table,
            schemas[table],
            where="cycle_id IN (SELECT unnest($c))",
            params={"c": sorted(kept)},
        )
        new = company_part(fresh, name) if fresh is not None else old.clear()
        frame = pl.concat([old, new.cast(dict(old.schema))]) if new.height else old
        out[name] = frame.sort(list(order), nulls_last=True, maintain_order=True)
    return out


def _memo_only(parts: dict[str, pl.DataFrame]) -> ScopeData:
    """A scope that holds nothing but the company ``parts`` as fitted (to derive a part that
    reads no other input from them)."""
    none = pl.DataFrame()
    return ScopeData(
        scope=Scope(),
        ratings=none,
        company_ratings=none,
        employees=none,
        cycles=none,
        outcomes=none,
        kpi_results=none,
        appeals=none,
        extras={"co:" + name: frame for name, frame in parts.items()},
    )


def _blobs(schemas: store.Schemas) -> dict[str, bytes]:
    """``{table: IPC bytes}`` of stored schemas (as ``store.store_schemas`` writes them)."""
    out = {}
    for table in schemas:
        value = dict.__getitem__(schemas, table)
        out[table] = (
            value if isinstance(value, bytes) else store.schema_blob(pl.DataFrame(schema=value))
        )
    return out


def _put_all_cycles_sections(con, data: ScopeData, put, schemas: dict, out: dict) -> None:
    """The company's and each stored department's sections, the same without the people at a
    department's root (:func:`excluded_sections`; from
    :data:`~analytics.store.parts.STORED_EXCLUDED_COMPANY_RATINGS` ratings), and the department
    raters."""
    put(store.SECTION_PREFIX, "sec:", _stored_sections(data))  # from the parts just fitted
    departments = stored_departments(data.extras["company_employees"], data.company_ratings)
    put(store.DEPT_SECTION_PREFIX, "dsec:", department_sections(data, departments))
    if data.company_ratings.height >= store.STORED_EXCLUDED_COMPANY_RATINGS:
        left, company, per_department = excluded_sections(data, departments)
        store.store_frame(con, store.EXCLUDED, left, schemas)
        out["excluded"] = left.height
        put(store.EXCLUDED_SECTION_PREFIX, "xsec:", company)
        put(store.EXCLUDED_DEPT_SECTION_PREFIX, "xdsec:", per_department)
    dept_raters = department_raters(data)
    store.store_frame(con, store.DEPT_RATERS, dept_raters, schemas)
    out["dept_raters"] = dept_raters.height


def _put_cycle_pieces(
    con: duckdb.DuckDBPyConnection,
    data: ScopeData,
    cycles: list[str],
    kept: set[str],
    todo: list[str],
    catalog: pl.DataFrame,
    earlier: store.Schemas,
    schemas: dict,
    out: dict,
    ratings_of: Callable[[str], pl.DataFrame] | None = None,
) -> None:
    """The ``todo`` cycles' pieces added to the stacked per-cycle tables (those of the cycles
    neither kept nor to do deleted first)."""
    stacks = tuple(
        store.Appender(con, prefix, _stacked(earlier, prefix) if kept else None)
        for prefix in _CYCLE_STACKS
    )
    if kept:
        gone = sorted(set(catalog["scope_key"].to_list()) - kept - {""})
        for prefix, stack in zip(_CYCLE_STACKS, stacks):
            for name in stack.schemas:
                store.delete_rows(con, prefix + name, store.CYCLE_COLUMN, gone)
    if ratings_of is None:

        def ratings_of(cycle: str) -> pl.DataFrame:
            return db.ratings_frame(con, [cycle])

    for is_section, name, frame in cycle_pieces(data, cycles, ratings_of, only=todo):
        stacks[is_section].add(name, frame)
    for tag, stack in zip(("cyc:", "csec:"), stacks):
        out.update({tag + name: rows for name, rows in stack.finish(schemas).items()})


def _put_overview(con: duckdb.DuckDBPyConnection, schemas: dict) -> None:
    """The overview's counts and who graded whom (both scan every rating)."""
    for name, frame in overview_counts(con, use_materialised=False).items():
        store.store_frame(con, store.OVERVIEW_PREFIX + name, frame, schemas)
    store.store_frame(con, store.GRADED, graded_people(con), schemas)


def _drop_unwritten(con: duckdb.DuckDBPyConnection, written: set[str]) -> None:
    """Drop the stored tables of an earlier refresh that are not in ``written`` (a section no
    longer stored)."""
    keep = written | {store.SCHEMAS, store.CATALOG}
    for table in store.stored_tables(con):
        if table not in keep:
            con.execute(f"DROP TABLE {db.q(table)}")


_CYCLE_STACKS = (store.CYCLE_PART_PREFIX, store.CYCLE_SECTION_PREFIX)


def _catalog(entries: list[tuple[str, str, str]], version: str) -> pl.DataFrame:
    """Catalog rows for ``(table, scope key, input version)`` written at data ``version`` with
    the running code's fingerprints (analytics.findings.methods)."""
    tables = [t for t, _, _ in entries]
    known = fingerprints()
    return pl.DataFrame(
        {
            "table_name": tables,
            "scope_key": [k for _, k, _ in entries],
            "input_version": [v for _, _, v in entries],
            "fingerprint": [expected_fingerprint(t, known) for t in tables],
            "checked_version": [version] * len(entries),
            "written_version": [version] * len(entries),
        },
        schema=store.CATALOG_SCHEMA,
    )


#: all-cycles parts whose rows of a cycle come from that cycle's ratings (and side tables) alone,
#: with the columns a full fit orders its rows by (``parts.CYCLE_SEPARABLE``, less the re-check
#: list, ranked over every cycle and cheap from the source means): a kept cycle's rows are read
#: back, only the other cycles' are fitted
_PER_CYCLE_ROWS = {
    "reliability": ("cycle_id",),
    "reliability_units": ("unit", "cycle_id"),
    "scores": ("cycle_order", "cycle_id", "employee_id"),
    "sources": ("cycle_id", "employee_id"),
}


def _reuse_cycle_rows(
    con: duckdb.DuckDBPyConnection,
    data: ScopeData,
    kept: set[str],
    catalog: pl.DataFrame,
    schemas: store.Schemas,
) -> None:
    """Memoise in ``data`` the :data:`_PER_CYCLE_ROWS` parts as their stored rows of the
    ``kept`` cycles (their inputs unchanged since the last refresh wrote them, by the code
    running now) and their rows of the other cycles fitted now, on those cycles' ratings alone;
    the same frames a fit on every cycle gives (tests/test_incremental.py). Why the other
    cycles' ratings alone: fitted on the company's, the pair means of every cycle were grouped
    and sorted to bootstrap one cycle (most of this step's time)."""
    reusable = _reusable(catalog, schemas) if kept else []
    if not reusable:
        return
    fresh = _cycles_scope(data, sorted(set(rated_cycles(data)) - kept))
    parts = _per_cycle_parts(con, fresh, kept, schemas, reusable)
    data.extras.update({"co:" + name: frame for name, frame in parts.items()})


def _cycles_scope(data: ScopeData, cycles: list[str]) -> ScopeData | None:
    """The company scope of ``cycles`` (their rating rows and side tables, copied out of
    ``data``'s), nothing memoised; None without cycles."""
    if not cycles:
        return None

    def of_cycles(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col("cycle_id").cast(pl.String).is_in(cycles))

    ratings = of_cycles(data.company_ratings)
    outcomes, kpis = (
        of_cycles(data.company_table("company_outcomes")),
        of_cycles(data.company_table("company_kpi")),
    )
    return ScopeData(
        scope=Scope(cycles=tuple(cycles)),
        ratings=ratings,
        company_ratings=ratings,
        employees=data.employees,
        cycles=data.cycles,
        outcomes=outcomes,
        kpi_results=kpis,
        appeals=data.appeals,
        extras={
            "company_employees": data.extras["company_employees"],
            "company_outcomes": outcomes,
            "company_kpi": kpis,
            "company_role_weights": data.extras.get("company_role_weights"),
            "company_guideline": data.extras.get("company_guideline"),
            "company_cycle_scales": data.extras.get("company_cycle_scales"),
            "company_rater_names": data.extras.get("company_rater_names"),
        },
    )


def _stacked(schemas: store.Schemas, prefix: str) -> dict[str, pl.Schema]:
    """``{name: schema}`` of the stored per-cycle tables under ``prefix``."""
    return {t[len(prefix) :]: schemas[t] for t in schemas if t.startswith(prefix)}


def _kept_cycles(
    catalog: pl.DataFrame, schemas: store.Schemas, cycles: list[str], versions: dict[str, str]
) -> set[str]:
    """The rated cycles whose stored pieces (every per-cycle table has its rows) were computed
    from the inputs the cycle has now, by the code running now."""
    tables = {t for t in schemas if t.startswith(_CYCLE_STACKS)}
    if not tables:
        return set()
    known = fingerprints()
    expected = {t: expected_fingerprint(t, known) for t in tables}
    kept = set()
    for cycle in cycles:
        rows = catalog.filter(pl.col("scope_key") == cycle)
        ok = {
            t
            for t, v, f in rows.select("table_name", "input_version", "fingerprint").iter_rows()
            if t in tables and v == versions.get(cycle) and f is not None and f == expected[t]
        }
        if ok == tables and rows.height == len(tables):
            kept.add(cycle)
    return kept


def _parts_only(data: ScopeData) -> ScopeData:
    """``data`` without its rating rows (empty frames of the same schema) or anything memoised
    but the company tables and the parts the single cycles' scopes take from the company's
    (``findings.CYCLE_SEPARABLE``): what :func:`cycle_pieces` reads."""
    none = data.company_ratings.clear()
    extras = {
        k: v
        for k, v in data.extras.items()
        if k.startswith("company_") or (k.startswith("co:") and k[3:] in CYCLE_SEPARABLE)
    }
    return replace(data, ratings=none, company_ratings=none, extras=extras)


def _labelled(frame: pl.DataFrame, column: str, value: str) -> pl.DataFrame:
    return frame.select(pl.lit(value, pl.String).alias(column), pl.all())


def _stored_sections(data: ScopeData) -> dict[str, pl.DataFrame]:
    """Every stored section of a scope (not None), computed side by side."""
    names = [name for name in SECTIONS if name not in UNSTORED_SECTIONS]
    return {
        name: frame
        # stored with the sections' defaults (the code's guideline): a dataset's own guideline
        # is a parameter, computed on demand and cached on its value (sections.compute_section)
        for name, frame in zip(names, compute_sections(data, names, own=False))
        if frame is not None
    }


def _stack(per: dict[str, list[pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """One frame per name from its labelled pieces; a name whose pieces do not stack (dtypes
    no supertype reconciles) is left out: it is then computed on demand."""
    out = {}
    for name, frames in per.items():
        try:
            out[name] = pl.concat(frames, how="diagonal_relaxed", rechunk=False)  # no 2nd copy
        except (pl.exceptions.SchemaError, pl.exceptions.InvalidOperationError):
            continue
    return out


class _DepartmentScope(ScopeData):
    """A stored department's :class:`ScopeData` whose rating rows are filtered out of the
    company's only when a section reads them. Why: the stored sections need of them only their
    counts, raters and whether there are any, which lazy queries on the company frame answer
    (as a lazily loaded scope answers them in DuckDB) without a copy of up to a third of the
    rating rows per department: that copy made the departments' step the peak of the import's
    materialisation."""

    _keep: pl.Expr
    _rows: pl.DataFrame | None = None
    _has: bool | None = None

    @property
    def ratings(self) -> pl.DataFrame:  # type: ignore[override]
        if self._rows is None:
            self._rows = self.company_ratings.filter(self._keep)
        return self._rows

    @ratings.setter
    def ratings(self, value: pl.DataFrame | None) -> None:
        self._rows = value

    def _mine(self) -> pl.LazyFrame:
        return (
            self.ratings.lazy()
            if self._rows is not None
            else self.company_ratings.lazy().filter(self._keep)
        )

    def has_ratings(self) -> bool:  # asked by every section: counted once
        if self._has is None:
            self._has = self._mine().select(pl.len()).collect().item() > 0
        return self._has

    def rater_ids(self) -> pl.DataFrame:
        return self._mine().select("rater_id").drop_nulls().unique().collect()

    def summary_counts(self) -> dict:
        return rating_counts(self._mine())

    def pair_means(self) -> pl.DataFrame | None:  # the G study's: no copy of the rows
        return sorted_pairs(pair_means(self._mine()))

    def grade_inputs(self) -> tuple[pl.DataFrame, pl.DataFrame, list[str]] | None:
        return agreement.gather_grades(self._mine())


def _department_scope(
    data: ScopeData, department: str | None, excluded: tuple[str, ...] = ()
) -> ScopeData:
    """A stored department's scope (None: the company's; ``excluded``: without those people)
    over the company frames already in memory, as ``load_scope`` would build it, sharing the
    company parts fitted for the company scope (their memo) so only the scope's own work runs."""
    scope = Scope(department=department, excluded=excluded)
    keep = person_filter(scope)
    employees = data.company_table("company_employees").filter(keep)
    ids = employees.select("employee_id")

    def mine(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(
            ids.cast({"employee_id": frame.schema["employee_id"]}), on="employee_id", how="semi"
        )

    shared = {
        k: v
        for k, v in data.extras.items()
        if k.startswith(("co:", "company_")) or k in ("pairs", TEAM_TESTS)
    }
    out = _DepartmentScope(
        scope=scope,
        ratings=None,
        company_ratings=data.company_ratings,
        employees=employees,
        cycles=data.cycles,
        outcomes=mine(data.company_table("company_outcomes")),
        kpi_results=mine(data.company_table("company_kpi")),
        appeals=mine(data.appeals),
        extras=shared,
    )
    out._keep = keep
    return out


def stored_departments(employees: pl.DataFrame, ratings: pl.DataFrame | pl.LazyFrame) -> list[str]:
    """The department paths whose sections are stored, sorted: every top-level department that
    someone belongs to (``A`` for ``A/B/C``), and each deeper path down to level
    :data:`~analytics.store.parts.STORED_DEPARTMENT_LEVELS` (``A/B``) that has ratings and is
    large enough to be slow on demand: its people have at least
    :data:`~analytics.store.parts.STORED_SUB_DEPARTMENT_RATINGS` rating rows, or the company
    has :data:`~analytics.store.parts.STORED_SUB_DEPARTMENTS_COMPANY_RATINGS`. ``ratings``:
    the company's rating rows, each with the ratee's ``department`` (as the ratings frame)."""
    tops = employees.select(pl.col("department").str.split("/").list.first()).drop_nulls()
    counts = (
        ratings.lazy()
        .group_by("department")
        .agg(pl.len().alias("n"))
        .collect()
        .select(pl.col("department").cast(pl.String).str.split("/").alias("p"), "n")
    )
    every = counts["n"].sum() >= store.STORED_SUB_DEPARTMENTS_COMPANY_RATINGS
    deeper = [
        counts.drop_nulls("p")
        .filter(pl.col("p").list.len() >= level)
        .group_by(pl.col("p").list.head(level).list.join("/").alias("department"))
        .agg(pl.col("n").sum())
        .filter(pl.lit(every) | (pl.col("n") >= store.STORED_SUB_DEPARTMENT_RATINGS))
        .select("department")
        for level in range(2, store.STORED_DEPARTMENT_LEVELS + 1)
    ]
    return pl.concat([tops, *deeper]).unique().sort("department")["department"].to_list()


def department_sections(
    data: ScopeData, departments: list[str] | None = None, excluded: tuple[str, ...] = ()
) -> dict[str, pl.DataFrame]:
    """Every stored section of each stored department's scope (``departments``, default
    :func:`stored_departments`; all cycles, no other filter; without the people ``excluded``),
    one frame per section with the department path in
    :data:`~analytics.store.parts.DEPT_COLUMN`, from the company scope ``data`` whose company
    parts are fitted. A department without ratings has no rows (its sections are None); a
    section whose frames do not stack is left out (computed on demand)."""
    if departments is None:
        departments = stored_departments(data.extras["company_employees"], data.company_ratings)
    per: dict[str, list[pl.DataFrame]] = {}
    for department in departments:
        scope = _department_scope(data, department, excluded)
        if not scope.has_ratings():
            continue
        for name, frame in _stored_sections(scope).items():
            per.setdefault(name, []).append(_labelled(frame, store.DEPT_COLUMN, department))
        del scope
    return _stack(per)


def excluded_sections(
    data: ScopeData, departments: list[str]
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:
    """For a view that may not see individuals (the pseudonymised analyst): the people left out
    at a department's root (:func:`~analytics.findings.scope.root_few` of the roster with
    :data:`~analytics.findings.methods.MIN_N`, as ``visibility.view_for`` finds them;
    ``employee_id``, ``department``), the company scope's stored sections without them, and
    those of each of ``departments`` (the stored ones) as :func:`department_sections` stacks
    them (a department that holds none of them too: some sections take another path for a
    scope that leaves someone out, e.g. the reliability of a department is then computed on its
    pairs, so only its own computation is the number on demand). No sections when nobody is
    left out. Why: every scope of hers leaves them out (``Scope.excluded``), so no section
    stored for the others served her and each was computed on demand."""
    roster = data.extras["company_employees"]
    excluded = root_few(roster, MIN_N)
    left = (
        roster.select(pl.col("employee_id").cast(pl.String), pl.col("department").cast(pl.String))
        .filter(pl.col("employee_id").is_in(list(excluded)))
        .sort("employee_id")
    )
    if not excluded:
        return left, {}, {}
    company = _department_scope(data, None, excluded)
    sections = _stored_sections(company) if company.has_ratings() else {}
    del company
    return left, sections, department_sections(data, departments, excluded)


def _cycle_scope(data: ScopeData, cycle: str, ratings: pl.DataFrame) -> ScopeData:
    """One cycle's company scope over the company frames in memory and that cycle's rating
    rows, as ``load_scope`` builds it for ``Scope(cycles=(cycle,))`` (nothing memoised: its
    parts are fitted on that cycle)."""

    def of_cycle(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col("cycle_id") == cycle)

    outcomes, kpis = (
        of_cycle(data.company_table("company_outcomes")),
        of_cycle(data.company_table("company_kpi")),
    )
    appeals = (
        data.appeals.filter(pl.col("cycle_id") == cycle)
        if "cycle_id" in data.appeals.columns
        else data.appeals
    )
    return ScopeData(
        scope=Scope(cycles=(cycle,)),
        ratings=ratings,
        company_ratings=ratings,
        employees=data.employees,
        cycles=data.cycles,
        outcomes=outcomes,
        kpi_results=kpis,
        appeals=appeals,
        extras={
            "company_employees": data.extras["company_employees"],
            "company_outcomes": outcomes,
            "company_kpi": kpis,
            "company_role_weights": data.extras.get("company_role_weights"),
            "company_guideline": data.extras.get("company_guideline"),
            "company_cycle_scales": data.extras.get("company_cycle_scales"),
            "company_rater_names": data.extras.get("company_rater_names"),
        },
    )


def rated_cycles(data: ScopeData) -> list[str]:
    """The cycles with ratings, in cycle order."""
    rated = set(data.company_ratings["cycle_id"].unique().cast(pl.String).to_list())
    return [c for c in data.cycles["cycle_id"].to_list() if c in rated]


def cycle_pieces(
    data: ScopeData,
    cycles: list[str] | None = None,
    ratings_of: Callable[[str], pl.DataFrame] | None = None,
    only: Iterable[str] | None = None,
) -> Iterator[tuple[bool, str, pl.DataFrame]]:
    """``(is_section, name, frame)`` for each cycle in turn: the company parts its scope fits
    on that cycle's ratings (those not restricted from the all-cycles part:
    ``findings.CYCLE_SEPARABLE``) and every stored section of that cycle's company scope, each
    labelled with the cycle in :data:`~analytics.store.parts.CYCLE_COLUMN` (``refresh`` stacks them into one table per
    part and per section). The cycle-separable parts come from the company's, restricted (as a
    lazily loaded scope of the cycle does). With fewer than two cycles the one cycle is the
    all-cycles scope: nothing. ``cycles``: the rated cycles (default :func:`rated_cycles`); ``ratings_of(cycle)``: that
    cycle's rating rows (default: filtered from ``data.company_ratings``; the import reads them
    from DuckDB once it let the company's go); ``only``: these of the cycles alone (a refresh
    keeps the others' stored pieces)."""
    cycles = rated_cycles(data) if cycles is None else cycles
    if ratings_of is None:

        def ratings_of(cycle: str) -> pl.DataFrame:
            return data.company_ratings.filter(pl.col("cycle_id") == cycle)

    if len(cycles) < 2:
        return
    fitted = [name for name in COMPANY_PARTS if name not in CYCLE_SEPARABLE]
    wanted = set(cycles if only is None else only)
    for cycle in (c for c in cycles if c in wanted):
        scope = _cycle_scope(data, cycle, ratings_of(cycle))
        for name, post in CYCLE_SEPARABLE.items():
            company = company_part(data, name)
            mine = company.filter(pl.col("cycle_id").cast(pl.String) == cycle)
            scope.extras["co:" + name] = post(mine) if post is not None else mine
        fit_parts(scope, fitted)
        for name in fitted:
            yield False, name, _labelled(company_part(scope, name), store.CYCLE_COLUMN, cycle)
        for name, frame in _stored_sections(scope).items():
            yield True, name, _labelled(frame, store.CYCLE_COLUMN, cycle)
        del scope


def department_raters(data: ScopeData) -> pl.DataFrame:
    """``(unit, rater_id)``: who rated someone in each department path (every depth, a unit
    holding its subtree), over all cycles. A department's rater table is the company's narrowed
    to these raters; finding them in the ratings at page time costs 0.5-0.7 s at 31.8M."""
    pairs = (
        data.company_ratings.lazy()
        .filter(pl.col("rater_id").is_not_null())
        .select(pl.col("department").cast(pl.String), "rater_id")
        .unique()
        .collect()
    )
    return department_paths(pairs).select("unit", "rater_id").unique().sort("unit", "rater_id")
