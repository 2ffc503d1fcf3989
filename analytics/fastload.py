"""DuckDB-native import of clean LONG rating exports: the path that keeps large files fast.

Why: the general path (:mod:`analytics.ingest`) reads a file into Polars as text, validates it
row by row and hands the result to DuckDB through Arrow. That is exact and reports every bad
row, but at tens of millions of ratings it costs several times DuckDB's own load and holds the
whole file in memory several times over. Most large exports are machine-written, long and
clean, so this module first *proves* a file clean with one streaming aggregate query inside
DuckDB (``profile``), then loads it with one streaming ``INSERT ... SELECT`` (``load``). Any
doubt (a value that would be quarantined, a grade label, a declared scale, a missing role, a
possible duplicate) returns ``None`` and the caller uses the general path, so the result of an
import never depends on which path ran: ``tests/test_fastload.py`` checks both paths give the
same tables.

Clean means, with the general path's rules (docs/methods.md, "Score normalisation"):
every row has an employee, a cycle, a known rater role and a rater (a missing self-rater is the
employee), self-raters are the employee, every score is a finite number inside the scale
detected for its (cycle, dimension), and no (cycle, employee, rater, role, dimension) repeats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from analytics import db
from analytics import schema as S
from analytics.cycles import CycleInfo, parse_cycle
from analytics.headers import normalise_header, role_lookup

__all__ = ["FIELDS", "FastPlan", "FastSource", "has_duplicates", "ids_are_clean", "load", "profile",
           "source_for"]

# the canonical fields a file may carry to take this path (others need the general path)
FIELDS = frozenset({"employee_id", "cycle", "rater_id", "rater_role", "dimension", "score"})
_REQUIRED = frozenset({"employee_id", "cycle", "rater_id", "rater_role", "score"})
_HIGHS = (5.0, 10.0, 100.0)
_Q = 0.995  # the scale rule's quantile, as in analytics.scales


def _lit(text: str) -> str:
    """A SQL string literal (values here come from headers and file paths, never run as SQL)."""
    return "'" + text.replace("'", "''") + "'"


@dataclass
class FastSource:
    """A file DuckDB reads directly: the columns by canonical field, and how to write them as
    the text the general path would have read (``readers._clean``)."""

    relation: str  # read_csv(...) / read_parquet(...)
    column: dict[str, str]  # canonical field -> quoted source column (or NULL)
    text: dict[str, str]  # canonical field -> SQL text of a value named by the placeholder {}


@dataclass
class FastPlan:
    """What ``profile`` proved about a clean file: enough to load it in one statement."""

    source: FastSource
    rows: int
    cycles: list[CycleInfo]
    cycle_of_label: dict[str, str]
    role_of_raw: dict[str, str]
    scales: dict[tuple[str, str], tuple[float, float]]  # (cycle_id, dimension) -> (lo, hi)
    score_text: dict[float, str]  # typed (Parquet) scores: each distinct value's text
    rater_complete: bool  # every row names its rater (no self-rater to fill in)


_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
                  "UBIGINT", "HUGEINT"}


def _text_of(dtype: str) -> str:
    """SQL (with ``{}`` for the value) giving the text ``readers._clean`` makes of a typed value."""
    upper = dtype.upper()
    if upper == "VARCHAR":
        return "{}"
    if upper in {"DOUBLE", "FLOAT", "REAL"}:
        return ("(CASE WHEN {0} = round({0}) AND abs({0}) < 9e18 THEN CAST(CAST({0} AS BIGINT) AS VARCHAR) "
                "ELSE CAST({0} AS VARCHAR) END)")
    if upper in _INTEGER_TYPES:
        return "CAST({} AS VARCHAR)"
    return ""  # dates, decimals, booleans, nested types: the general path formats them


def source_for(con: duckdb.DuckDBPyConnection, path: Path, fmt: str, separator: str | None,
               mapping: dict[str, str]) -> FastSource | None:
    """The DuckDB relation for ``path`` (``mapping``: source column -> canonical field)."""
    fields = set(mapping.values())
    if not fields <= FIELDS or not _REQUIRED <= fields or len(fields) != len(mapping):
        return None
    if fmt == "csv":
        try:
            header = pl.read_csv(path, separator=separator or ",", n_rows=0, infer_schema=False).columns
        except Exception:
            return None
        if len(set(header)) != len(header):
            return None
        cols = ", ".join(f"{_lit(h)}: 'VARCHAR'" for h in header)
        relation = (f"read_csv({_lit(str(path))}, header=true, auto_detect=false, columns={{{cols}}}, "
                    f"delim={_lit(separator or ',')}, quote='\"', escape='\"', strict_mode=true, "
                    "null_padding=false, encoding='utf-8')")
        types = dict.fromkeys(header, "VARCHAR")
    elif fmt == "parquet":
        relation = f"read_parquet({_lit(str(path))})"
        try:
            types = dict(con.execute(
                f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {relation})").fetchall())
        except duckdb.Error:
            return None
    else:
        return None
    column = {f: db.q(c) for c, f in mapping.items()}
    text = {f: _text_of(types.get(c, "")) for c, f in mapping.items()}
    if not all(text.values()) or any(text[f] != "{}" for f in fields - {"score"}):
        return None  # typed ids or labels: the general path formats them
    column.setdefault("dimension", "CAST(NULL AS VARCHAR)")
    text.setdefault("dimension", "{}")
    return FastSource(relation, column, text)


def _nearest_index(n: int) -> int:
    """Index of Polars' 'nearest' quantile in a sorted column of n values (round half away)."""
    return int(math.floor((n - 1) * _Q + 0.5))


def _is_clean_text(values: pl.Series) -> bool:
    """No blank or padded text: what the general path would trim or turn into a null."""
    vals = values.drop_nulls()
    return not ((vals.str.strip_chars() != vals).any() or (vals == "").any())


def profile(con: duckdb.DuckDBPyConnection, source: FastSource, roles: dict[str, str],
            first_labels: list[str]) -> FastPlan | None:
    """One streaming aggregate over the file: a plan when it is provably clean, else None.

    One scan groups the rows by (cycle, dimension, role, raw score), counting missing and
    other-than-the-employee raters. Every rule that looks at a value (trimming, number parsing,
    scale detection) then runs on those distinct values with the general path's own Polars
    expressions, so both paths agree by construction. The employee and rater ids are checked
    after the load instead (``ids_are_clean``): grouping the file by them here cost a third of
    this scan (0.25 of 0.95 CPU s on a 3.2M-row CSV), reading them back from the loaded columns
    about 0.06 s. ``first_labels`` are the cycle labels in the order they first
    appear in the file's first rows: that order names and orders cycles as the general path does.
    """
    c = source.column
    sql = f"""
        SELECT cyc, dim, role, raw, count(*) AS n,
               count(*) FILTER (WHERE emp IS NULL) AS n_emp_null,
               count(*) FILTER (WHERE rater IS NULL) AS n_rater_null,
               count(*) FILTER (WHERE rater <> emp) AS n_rater_other
        FROM (SELECT {c['cycle']} AS cyc, {c['dimension']} AS dim, {c['rater_role']} AS role,
                     {c['employee_id']} AS emp, {c['rater_id']} AS rater, {c['score']} AS raw
              FROM {source.relation})
        GROUP BY cyc, dim, role, raw
    """
    try:
        keys = con.sql(sql).pl()
    except duckdb.Error:  # malformed file: the general path words the rejection
        return None
    if keys.height == 0 or keys.select(pl.col("n_emp_null").sum()).item():
        return None
    for col in ("cyc", "dim", "role"):
        if not _is_clean_text(keys.get_column(col)):
            return None
    if keys.get_column("cyc").null_count() or keys.get_column("role").null_count() \
            or keys.get_column("raw").null_count():
        return None
    role_of_raw = {r: roles.get(normalise_header(r)) for r in keys.get_column("role").unique()}
    if any(v is None for v in role_of_raw.values()):
        return None
    infos = _cycles_in_file_order(keys.get_column("cyc").unique().to_list(), first_labels)
    if infos is None:
        return None
    cycle_of = {k: v.cycle_id for k, v in infos.items()}
    keys = keys.with_columns(
        pl.col("role").replace_strict(role_of_raw, return_dtype=pl.String).alias("canon"),
        pl.col("cyc").replace_strict(cycle_of, return_dtype=pl.String).alias("cycle_id"),
        pl.col("dim").fill_null(S.OVERALL).alias("dimension"),
    )
    is_self = pl.col("canon") == "self"
    if keys.filter((is_self & (pl.col("n_rater_other") > 0))
                   | (~is_self & (pl.col("n_rater_null") > 0))).height:
        return None
    values = _score_values(con, source, keys.get_column("raw").unique())
    if values is None:
        return None
    scores = keys.join(values, on="raw", how="left")
    scales: dict[tuple[str, str], tuple[float, float]] = {}
    dist = scores.group_by("cycle_id", "dimension", "v").agg(pl.col("n").sum()).sort("v")
    for (cid, dim), grp in dist.group_by("cycle_id", "dimension"):  # one per (cycle, dimension)
        vals = grp.get_column("v").to_numpy()
        cum = grp.get_column("n").cum_sum().to_numpy()
        p995 = float(vals[int((cum <= _nearest_index(int(cum[-1]))).sum())])
        high = next((h for h in _HIGHS if p995 <= h), None)
        if high is None:
            return None
        vmin, vmax = float(vals[0]), float(vals[-1])
        low = 0.0 if high == 100.0 or vmin < 1.0 else 1.0
        if vmin < low or vmax > high:
            return None  # out-of-range scores are quarantined by the general path
        scales[(str(cid), str(dim))] = (low, high)
    seen: dict[str, CycleInfo] = {}
    for info in infos.values():
        seen.setdefault(info.cycle_id, info)
    score_text = {} if source.text["score"] == "{}" else dict(values.select("raw", "text").iter_rows())
    if len(score_text) > 50_000:
        return None  # a continuous typed score: the general path formats it row by row
    return FastPlan(source, int(keys.get_column("n").sum()), list(seen.values()), cycle_of,
                    role_of_raw, scales, score_text,
                    rater_complete=not keys.get_column("n_rater_null").sum())


def _cycles_in_file_order(labels: list[str], first_labels: list[str]) -> dict[str, CycleInfo] | None:
    """Each label's cycle, in order of first appearance; None when that order matters (two
    spellings of one cycle, undated or same-start cycles) but is unknown (a label that first
    appears after the sampled rows)."""
    present = set(labels)
    order = [lab for lab in dict.fromkeys(first_labels) if lab in present]
    if len(order) == len(present):
        return {lab: parse_cycle(lab) for lab in order}
    infos = {lab: parse_cycle(lab) for lab in sorted(present)}
    ids = [i.cycle_id for i in infos.values()]
    starts = [i.start for i in infos.values()]
    if None in starts or len(set(ids)) != len(ids) or len(set(starts)) != len(starts):
        return None
    return infos


def _score_values(con: duckdb.DuckDBPyConnection, source: FastSource, raws: pl.Series
                  ) -> pl.DataFrame | None:
    """(raw, v) for each distinct raw score, or None when any would not load identically.

    v is the general path's number (``readers._clean`` text, then ``analytics.scales``'
    parsing); DuckDB's own text and number for the same value must match it, since the load
    writes DuckDB's.
    """
    from analytics.readers import _clean

    frame = pl.DataFrame({"raw": raws})
    text = _clean(frame.rename({"raw": "t"}), 1).get_column("t")
    if len(text) != len(raws) or not _is_clean_text(text):
        return None
    number = text.str.strip_suffix("%").cast(pl.Float64, strict=False)
    duck_text = source.text["score"].format("raw")
    duck = con.sql(f"SELECT {duck_text} AS t, TRY_CAST({duck_text} AS DOUBLE) AS v FROM frame").pl()
    ok = number.is_not_null() & number.is_finite() & (duck.get_column("t") == text) \
        & (duck.get_column("v") == number)
    if not ok.fill_null(False).all():
        return None  # grades, text, or a number the two parsers read differently
    return frame.with_columns(number.alias("v"), text.alias("text"))


def _case(expr: str, mapping: dict[str, str]) -> str:
    """Map labels through a small CASE, or leave them when the mapping is the identity."""
    if all(k == v for k, v in mapping.items()):
        return expr
    whens = " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in mapping.items())
    return f"(CASE {expr} {whens} END)"


def select_sql(plan: FastPlan, import_id: str) -> str:
    """SELECT producing the canonical reviews columns, in schema order, from the file."""
    c = plan.source.column
    cycle = _case(c["cycle"], plan.cycle_of_label)
    role = _case(c["rater_role"], plan.role_of_raw)
    dim = f"coalesce({c['dimension']}, {_lit(S.OVERALL)})"
    distinct_scales = set(plan.scales.values())
    joins = []
    with_k = ""
    if len(distinct_scales) == 1:  # the usual case: one scale for the whole file
        lo, hi = next(iter(distinct_scales))
        lo_e, hi_e, scale = repr(lo), repr(hi), _lit(f"{int(lo)}-{int(hi)}")
    else:  # each row's scale by number (_k), from its cycle (and dimension where it matters)
        order = sorted(distinct_scales)
        lo_e, hi_e, scale = (
            "(CASE _k " + " ".join(f"WHEN {i} THEN {part(s)}" for i, s in enumerate(order)) + " END)"
            for part in (lambda s: repr(s[0]), lambda s: repr(s[1]),
                         lambda s: _lit(f"{int(s[0])}-{int(s[1])}")))
        with_k = _scale_number(plan.scales, order)
    number = "CAST(_raw AS DOUBLE)"
    if plan.source.text["score"] == "{}":  # text scores: the raw text is what the user typed
        text = "_raw"
    else:  # typed scores: each distinct value's text comes from a small table
        rows = ", ".join(f"({v!r}, {_lit(t)})" for v, t in plan.score_text.items())
        joins.append(f"JOIN (VALUES {rows}) AS st(_sv, _st) ON _raw = _sv")
        text = "_st"
    rater = "_r" if plan.rater_complete else "coalesce(_r, CASE WHEN _role = 'self' THEN _e END)"
    cols = {
        "cycle_id": "_c",
        "employee_id": "_e",
        "rater_id": rater,
        "rater_role": "_role",
        "dimension": "_d",
        "score_raw": text,
        "score": f"({number} - {lo_e}) / ({hi_e} - {lo_e})",
        "scale": scale,
        "weight": "CAST(NULL AS DOUBLE)",
        "comment": "CAST(NULL AS VARCHAR)",
        "submitted_at": "CAST(NULL AS TIMESTAMP)",
        "import_id": _lit(import_id),
    }
    assert list(cols) == S.REVIEWS.names
    select = ", ".join(f"{e} AS {db.q(k)}" for k, e in cols.items())
    return f"""
        SELECT {select} FROM (SELECT *{with_k} FROM (
            SELECT {cycle} AS _c, {c['employee_id']} AS _e, {c['rater_id']} AS _r,
                   {role} AS _role, {dim} AS _d, {c['score']} AS _raw
            FROM {plan.source.relation})) {' '.join(joins)}
    """


def _scale_number(scales: dict[tuple[str, str], tuple[float, float]],
                  order: list[tuple[float, float]]) -> str:
    """``, (CASE ...) AS _k``: each row's scale as its index in ``order``, tested on the cycle
    alone when every dimension of that cycle has one scale.

    Why a CASE and not a join with a small table of scales: a join loses the scan's batch
    order, so DuckDB plans an order-keeping ``Insert`` whose sink does not run in parallel
    instead of a ``Batch Insert``. The CSV import at 3.2M rows took 1.94-2.05 s / 3.5-3.7 CPU s
    with the CASE against 2.11-2.22 s / 3.8-4.0 with the join (quiet runs of an A/B). A row of
    a (cycle, dimension) the profile did not see (the file changed between the two reads)
    fails the statement, so the import rolls back to the general path.
    """
    tests: dict[int, list[str]] = {}
    by_cycle: dict[str, dict[str, tuple[float, float]]] = {}
    for (cid, dim), sc in scales.items():
        by_cycle.setdefault(cid, {})[dim] = sc
    for cid, dims in by_cycle.items():
        if len(set(dims.values())) == 1:
            tests.setdefault(order.index(next(iter(dims.values()))), []).append(f"_c = {_lit(cid)}")
            continue
        for sc in sorted(set(dims.values())):
            names = ", ".join(_lit(d) for d, v in dims.items() if v == sc)
            tests.setdefault(order.index(sc), []).append(f"(_c = {_lit(cid)} AND _d IN ({names}))")
    whens = " ".join(f"WHEN {' OR '.join(t)} THEN {k}" for k, t in sorted(tests.items()))
    return f", (CASE {whens} ELSE error('a scale the profile did not see') END) AS _k"


def has_duplicates(con: duckdb.DuckDBPyConnection, relation: str, import_id: str | None = None
                   ) -> bool:
    """True when a rating key may repeat among ``relation``'s rows (of one import, if given);
    a hash collision only sends the file the exact way.

    Why the hashes go to Polars: DuckDB's ``count(DISTINCT hash(key))`` builds a parallel hash
    table that cost 0.3-0.4 CPU s at 3.2M rows, while hashing the keys costs 0.03 s and
    Polars counts the distinct values of the resulting u64 column in about a third of that.
    """
    keys = ", ".join(db.q(k) for k in S.REVIEWS.key)
    where = "TRUE" if import_id is None else f"import_id = {_lit(import_id)}"
    hashes = con.sql(f"SELECT hash({keys}) AS h FROM {relation} WHERE {where}").pl().get_column("h")
    return hashes.n_unique() != hashes.len()


def ids_are_clean(con: duckdb.DuckDBPyConnection, relation: str, import_id: str | None = None
                  ) -> bool:
    """True when every employee and rater id among ``relation``'s rows (of one import, if
    given) is text the general path keeps as is (no blank, no padding).

    Runs on the loaded rows, in the import's transaction, so an unclean id rolls the fast
    load back. The loaded raters are the file's raters plus, for a self-rating without one,
    the employee: ids checked here anyway, so the rule is the one the profile used to apply
    to the file.
    """
    where = "TRUE" if import_id is None else f"import_id = {_lit(import_id)}"
    ids = con.sql(f"SELECT employee_id, rater_id FROM {relation} WHERE {where} "
                  "GROUP BY GROUPING SETS ((employee_id), (rater_id))").pl()
    return all(_is_clean_text(ids.get_column(col)) for col in ("employee_id", "rater_id"))


def load(con: duckdb.DuckDBPyConnection, plan: FastPlan, import_id: str, into: str) -> None:
    """INSERT the file into ``into`` (the reviews table or a staging table) in one statement."""
    cols = ", ".join(db.q(c) for c in S.REVIEWS.names)
    con.execute(f"INSERT INTO {into} ({cols}) {select_sql(plan, import_id)}").fetchall()


def roles_with(extra: dict[str, str]) -> dict[str, str]:
    """The role spellings the general path knows, plus the user's own."""
    return role_lookup() | {normalise_header(k): v for k, v in extra.items()}
