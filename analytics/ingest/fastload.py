"""DuckDB-native import of clean LONG rating exports: the path that keeps large files fast.

Why: the general path (:mod:`analytics.ingest.pipeline`) reads a file into Polars as text, validates it
row by row and hands the result to DuckDB through Arrow. That is exact and reports every bad
row, but at tens of millions of ratings it costs several times DuckDB's own load and holds the
whole file in memory several times over. Most large exports are machine-written, long and
clean, so this module first *proves* a file clean with one streaming aggregate query inside
DuckDB (``profile``), then loads it with one streaming ``INSERT ... SELECT`` (``load``). Any
doubt (a value that would be quarantined, a grade label, a declared scale, a missing role, a
possible duplicate) returns ``None`` and the caller uses the general path, so the result of an
import never depends on which path ran: ``tests/test_fastload.py`` checks both paths give the
same tables.

A CSV is parsed once instead: ``guess`` plans the load from sampled rows, ``load`` inserts it
inside the import's transaction, ``check_loaded`` applies ``profile``'s rules to the loaded rows
(a columnar aggregate, about a sixth of a second parse) and ``fix_loaded`` mends the few
(cycle, dimension)s whose label or scale the sample got wrong; anything else rolls back.

Clean means, with the general path's rules (docs/methods.md, "Score normalisation"):
every row has an employee, a cycle, a known rater role and a rater (a missing self-rater is the
employee), self-raters are the employee, every score is a finite number inside the scale
detected for its (cycle, dimension), and no (cycle, employee, rater, role, dimension) repeats.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.cycles import CycleInfo, parse_cycle
from analytics.ingest.headers import normalise_header, role_lookup
from analytics.ingest.readers import clean_text
from analytics.ingest.scales import detect_numeric, inside_share, scale_name
from analytics.store import db
from analytics.store.batches import Batches, drop_unused

__all__ = [
    "EXACT",
    "FIELDS",
    "GENERAL",
    "FastPlan",
    "FastSource",
    "Loaded",
    "check_loaded",
    "csv_spots",
    "fix_loaded",
    "guess",
    "has_duplicates",
    "ids_are_clean",
    "load",
    "loaded_ids",
    "profile",
    "scale_batches",
    "select_sql",
    "source_for",
]

# the canonical fields a file may carry to take this path (others need the general path)
FIELDS = frozenset({"employee_id", "cycle", "rater_id", "rater_role", "dimension", "score"})
_REQUIRED = frozenset({"employee_id", "cycle", "rater_id", "rater_role", "score"})
_MARK = "\x01"  # prefixes a cycle id that was also read as a label (see _cycle_guess)
# what a guessed load found when it is not clean as loaded: the general path's rules refuse
# the file (GENERAL), or the loaded rows cannot tell (EXACT: profile the file, then load it)
GENERAL, EXACT = "general", "exact"


def _lit(text: str) -> str:
    """A SQL string literal (values here come from headers and file paths, never run as SQL)."""
    return "'" + text.replace("'", "''") + "'"


@dataclass
class FastSource:
    """A file DuckDB reads directly: the columns by canonical field, and how to write them as
    the text the general path would have read (``readers.clean_text``)."""

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
    # built by ``guess`` from sampled rows only: labels, roles and scales it did not see load
    # as they are (or with ``default_scale``) and ``check_loaded`` settles them after the load
    guessed: bool = False
    default_scale: tuple[float, float] = (1.0, 5.0)
    # (cycle_id, dimension) -> its distinct numbers with counts: what the stored scales are
    # checked against (``analytics.ingest.scales.resolve_scale``), as on the general path
    dists: dict[tuple[str, str], list[tuple[float, int]]] = field(default_factory=dict)


@dataclass
class Loaded:
    """What ``check_loaded`` proved about a guessed load, and the loaded rows to mend."""

    rows: int
    cycles: list[CycleInfo]
    # (stored cycle value, its cycle id, right scale) -> the dimensions whose rows need them:
    # a label the guess did not map, or a scale the sampled rows guessed wrong
    mend: dict[tuple[str, str, tuple[float, float]], list[str]]
    fill_self: bool  # self-ratings loaded without a rater: the rater is the employee
    scales: dict[tuple[str, str], tuple[float, float]]  # (cycle_id, dimension) -> (lo, hi)
    dists: dict[tuple[str, str], list[tuple[float, int]]]  # as ``FastPlan.dists``


_INTEGER_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "HUGEINT",
}


def _text_of(dtype: str) -> str:
    """SQL (with ``{}`` for the value) giving the text ``readers.clean_text`` makes of a typed value."""
    upper = dtype.upper()
    if upper == "VARCHAR":
        return "{}"
    if upper in {"DOUBLE", "FLOAT", "REAL"}:
        return (
            "(CASE WHEN {0} = round({0}) AND abs({0}) < 9e18 THEN CAST(CAST({0} AS BIGINT) AS VARCHAR) "
            "ELSE CAST({0} AS VARCHAR) END)"
        )
    if upper in _INTEGER_TYPES:
        return "CAST({} AS VARCHAR)"
    return ""  # dates, decimals, booleans, nested types: the general path formats them


def source_for(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: str,
    separator: str | None,
    mapping: dict[str, str],
) -> FastSource | None:
    """The DuckDB relation for ``path`` (``mapping``: source column -> canonical field)."""
    fields = set(mapping.values())
    if not fields <= FIELDS or not fields >= _REQUIRED or len(fields) != len(mapping):
        return None
    if fmt == "csv":
        try:
            header = pl.read_csv(
                path, separator=separator or ",", n_rows=0, infer_schema=False
            ).columns
        except (pl.exceptions.PolarsError, OSError):  # not UTF-8, or unreadable: the slow path
            return None
        if len(set(header)) != len(header):
            return None
        cols = ", ".join(f"{_lit(h)}: 'VARCHAR'" for h in header)
        relation = (
            f"read_csv({_lit(str(path))}, header=true, auto_detect=false, columns={{{cols}}}, "
            f"delim={_lit(separator or ',')}, quote='\"', escape='\"', strict_mode=true, "
            "null_padding=false, encoding='utf-8')"
        )
        types = dict.fromkeys(header, "VARCHAR")
    elif fmt == "parquet":
        relation = f"read_parquet({_lit(str(path))})"
        try:
            types = dict(
                con.execute(
                    f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {relation})"
                ).fetchall()
            )
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


def _is_clean_text(values: pl.Series) -> bool:
    """No blank or padded text: what the general path would trim or turn into a null."""
    vals = values.drop_nulls()
    return not ((vals.str.strip_chars() != vals).any() or (vals == "").any())


def profile(
    con: duckdb.DuckDBPyConnection,
    source: FastSource,
    roles: dict[str, str],
    first_labels: list[str],
) -> FastPlan | None:
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
        FROM (SELECT {c["cycle"]} AS cyc, {c["dimension"]} AS dim, {c["rater_role"]} AS role,
                     {c["employee_id"]} AS emp, {c["rater_id"]} AS rater, {c["score"]} AS raw
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
    if (
        keys.get_column("cyc").null_count()
        or keys.get_column("role").null_count()
        or keys.get_column("raw").null_count()
    ):
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
    verified = _verified(con, source, keys)
    if verified is None:
        return None
    scales, values, dists = verified
    score_text = (
        {} if source.text["score"] == "{}" else dict(values.select("raw", "text").iter_rows())
    )
    if len(score_text) > 50_000:
        return None  # a continuous typed score: the general path formats it row by row
    return FastPlan(
        source,
        int(keys.get_column("n").sum()),
        _distinct_cycles(infos),
        cycle_of,
        role_of_raw,
        scales,
        score_text,
        rater_complete=not keys.get_column("n_rater_null").sum(),
        dists=dists,
    )


def _distinct_cycles(infos: dict[str, CycleInfo]) -> list[CycleInfo]:
    """One cycle per id, named by its first label in ``infos``' order (as the general path)."""
    seen: dict[str, CycleInfo] = {}
    for info in infos.values():
        seen.setdefault(info.cycle_id, info)
    return list(seen.values())


def _verified(
    con: duckdb.DuckDBPyConnection, source: FastSource, keys: pl.DataFrame
) -> (
    tuple[
        dict[tuple[str, str], tuple[float, float]],
        pl.DataFrame,
        dict[tuple[str, str], list[tuple[float, int]]],
    ]
    | None
):
    """(scale per (cycle, dimension), each raw score's number, the numbers with counts per
    (cycle, dimension)) when the grouped rows obey the general path's rater and score rules,
    else None.

    ``keys`` groups rows by canonical role (``canon``), ``cycle_id``, ``dimension`` and raw
    score with their counts (``n``, ``n_rater_null``, ``n_rater_other``): the file's rows
    before a load (``profile``) or the loaded rows after one (``check_loaded``).
    """
    is_self = pl.col("canon") == "self"
    if keys.filter(
        (is_self & (pl.col("n_rater_other") > 0)) | (~is_self & (pl.col("n_rater_null") > 0))
    ).height:
        return None
    values = _score_values(con, source, keys.get_column("raw").unique())
    if values is None:
        return None
    dist = (
        keys.join(values, on="raw", how="left")
        .group_by("cycle_id", "dimension", "v")
        .agg(pl.col("n").sum())
        .sort("v")
    )
    scales = _scales(dist)
    if None in scales.values():
        return None
    return scales, values, _per_group(dist)  # type: ignore[return-value]


def _per_group(dist: pl.DataFrame) -> dict[tuple[str, str], list[tuple[float, int]]]:
    per: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for cid, dim, v, n in dist.select("cycle_id", "dimension", "v", "n").iter_rows():
        per.setdefault((str(cid), str(dim)), []).append((v, n))
    return per


def _scales(dist: pl.DataFrame) -> dict[tuple[str, str], tuple[float, float] | None]:
    """The scale rule (``analytics.ingest.scales.detect_numeric``, on the same distinct values
    and counts) per (cycle_id, dimension) of a distribution of numbers ``v`` with counts ``n``;
    None where the general path would quarantine or refuse scores (no scale fits, a score
    outside the detected one, values that fit two scales)."""
    per = _per_group(dist)
    scales: dict[tuple[str, str], tuple[float, float] | None] = {}
    for key, values in per.items():  # one per (cycle, dimension)
        sc = detect_numeric(values).scale
        fits = sc is not None and inside_share(values, sc) == 1.0
        scales[key] = sc if fits else None
    return scales


def _cycles_in_file_order(
    labels: list[str], first_labels: list[str]
) -> dict[str, CycleInfo] | None:
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


def _score_values(
    con: duckdb.DuckDBPyConnection, source: FastSource, raws: pl.Series
) -> pl.DataFrame | None:
    """(raw, v) for each distinct raw score, or None when any would not load identically.

    v is the general path's number (``readers.clean_text`` text, then ``analytics.ingest.scales``'
    parsing); DuckDB's own text and number for the same value must match it, since the load
    writes DuckDB's.
    """
    frame = pl.DataFrame({"raw": raws})
    text = clean_text(frame.rename({"raw": "t"}), 1).get_column("t")
    if len(text) != len(raws) or not _is_clean_text(text):
        return None
    number = text.str.strip_suffix("%").cast(pl.Float64, strict=False)
    duck_text = source.text["score"].format("raw")
    duck = con.sql(f"SELECT {duck_text} AS t, TRY_CAST({duck_text} AS DOUBLE) AS v FROM frame").pl()
    ok = (
        number.is_not_null()
        & number.is_finite()
        & (duck.get_column("t") == text)
        & (duck.get_column("v") == number)
    )
    if not ok.fill_null(False).all():
        return None  # grades, text, or a number the two parsers read differently
    return frame.with_columns(number.alias("v"), text.alias("text"))


def _case(expr: str, mapping: dict[str, str], keep: bool = False) -> str:
    """Map labels through a small CASE, or leave them when the mapping is the identity;
    ``keep`` leaves labels the mapping lacks as they are (else they become NULL)."""
    if keep:
        mapping = {k: v for k, v in mapping.items() if k != v}
    if all(k == v for k, v in mapping.items()):
        return expr
    whens = " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in mapping.items())
    return f"(CASE {expr} {whens}{' ELSE ' + expr if keep else ''} END)"


def _cycle_guess(expr: str, cycle_of_label: dict[str, str]) -> str:
    """The guessed load's cycle: sampled labels mapped to their ids, other labels as read.

    Why the mark: ``check_loaded`` works out which labels the file holds from the stored
    values alone. An id that is the target of a sampled label but was never sampled as a label
    itself would be stored the same either way, so read as a label it is stored marked, and
    the mark sends the file to the exact path.
    """
    moved = {k: v for k, v in cycle_of_label.items() if k != v}
    if not moved:
        return expr
    whens = [f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in moved.items()]
    whens += [
        f"WHEN {_lit(t)} THEN {_lit(_MARK + t)}"
        for t in sorted(set(moved.values()) - set(cycle_of_label))
    ]
    return f"(CASE {expr} {' '.join(whens)} ELSE {expr} END)"


def _scale_order(plan: FastPlan) -> list[tuple[float, float]]:
    """Every scale the plan can store, in the order of ``select_sql``'s scale number ``_k``."""
    return sorted(set(plan.scales.values()) | ({plan.default_scale} if plan.guessed else set()))


def scale_batches(
    con: duckdb.DuckDBPyConnection, plan: FastPlan, batches: Batches
) -> dict[tuple[float, float], int]:
    """The import's batch of every scale the plan can store (numbered now if new)."""
    return {s: batches.number(con, scale_name(s)) for s in _scale_order(plan)}


def select_sql(plan: FastPlan, batch_of: dict[tuple[float, float], int]) -> str:
    """SELECT producing the ``review_rows`` columns, in schema order, from the file; each
    row's batch is ``batch_of`` its scale (``scale_batches``)."""
    c = plan.source.column
    if plan.guessed:
        cycle = _cycle_guess(c["cycle"], plan.cycle_of_label)
    else:
        cycle = _case(c["cycle"], plan.cycle_of_label)
    role = _case(c["rater_role"], plan.role_of_raw, keep=plan.guessed)
    dim = f"coalesce({c['dimension']}, {_lit(S.OVERALL)})"
    order = _scale_order(plan)
    joins = []
    with_k = ""
    if len(order) == 1:  # the usual case: one scale for the whole file
        lo, hi = order[0]
        lo_e, hi_e, batch = repr(lo), repr(hi), str(batch_of[order[0]])
    else:  # each row's scale by number (_k), from its cycle (and dimension where it matters)
        lo_e, hi_e, batch = (
            "(CASE _k "
            + " ".join(f"WHEN {i} THEN {part(s)}" for i, s in enumerate(order))
            + " END)"
            for part in (lambda s: repr(s[0]), lambda s: repr(s[1]), lambda s: str(batch_of[s]))
        )
        with_k = _scale_number(
            plan.scales, order, order.index(plan.default_scale) if plan.guessed else None
        )
    # a guessed load may meet a score that is no number: stored NULL, check_loaded refuses it
    number = f"{'TRY_CAST' if plan.guessed else 'CAST'}(_raw AS DOUBLE)"
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
        "weight": "CAST(NULL AS DOUBLE)",
        "comment": "CAST(NULL AS VARCHAR)",
        "submitted_at": "CAST(NULL AS TIMESTAMP)",
        "batch": f"CAST({batch} AS INTEGER)",
    }
    assert list(cols) == S.REVIEW_ROWS.names
    select = ", ".join(f"{e} AS {db.q(k)}" for k, e in cols.items())
    return f"""
        SELECT {select} FROM (SELECT *{with_k} FROM (
            SELECT {cycle} AS _c, {c["employee_id"]} AS _e, {c["rater_id"]} AS _r,
                   {role} AS _role, {dim} AS _d, {c["score"]} AS _raw
            FROM {plan.source.relation})) {" ".join(joins)}
    """


def _scale_number(
    scales: dict[tuple[str, str], tuple[float, float]],
    order: list[tuple[float, float]],
    default: int | None = None,
) -> str:
    """``, (CASE ...) AS _k``: each row's scale as its index in ``order``, tested on the cycle
    alone when every dimension of that cycle has one scale.

    Why a CASE and not a join with a small table of scales: a join loses the scan's batch
    order, so DuckDB plans an order-keeping ``Insert`` whose sink does not run in parallel
    instead of a ``Batch Insert``. The CSV import at 3.2M rows took 1.94-2.05 s / 3.5-3.7 CPU s
    with the CASE against 2.11-2.22 s / 3.8-4.0 with the join (quiet runs of an A/B). A row of
    a (cycle, dimension) the profile did not see (the file changed between the two reads)
    fails the statement, so the import rolls back to the general path; a guessed load gives
    it the ``default`` scale instead, and ``check_loaded`` mends it if that was wrong.
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
    other = "error('a scale the profile did not see')" if default is None else str(default)
    if not whens:
        return f", {other} AS _k"
    return f", (CASE {whens} ELSE {other} END) AS _k"


def has_duplicates(
    con: duckdb.DuckDBPyConnection, relation: str, batches: Batches | None = None
) -> bool:
    """True when a rating key may repeat among ``relation``'s rows (of one import, if given);
    a hash collision only sends the file the exact way.

    Why the hashes go to Polars: DuckDB's ``count(DISTINCT hash(key))`` builds a parallel hash
    table that cost 0.3-0.4 CPU s at 3.2M rows, while hashing the keys costs 0.03 s and
    Polars counts the distinct values of the resulting u64 column in about a third of that.
    """
    keys = ", ".join(db.q(k) for k in S.REVIEWS.key)
    where = "TRUE" if batches is None else batches.mine()
    hashes = con.sql(f"SELECT hash({keys}) AS h FROM {relation} WHERE {where}").pl().get_column("h")
    return hashes.n_unique() != hashes.len()


def loaded_ids(
    con: duckdb.DuckDBPyConnection, relation: str, batches: Batches | None = None
) -> pl.DataFrame:
    """The distinct employee and rater ids among ``relation``'s rows (of one import, if given):
    one scan, two columns (``employee_id``, ``rater_id``; the other is null on each row)."""
    where = "TRUE" if batches is None else batches.mine()
    return con.sql(
        f"SELECT employee_id, rater_id FROM {relation} WHERE {where} "
        "GROUP BY GROUPING SETS ((employee_id), (rater_id))"
    ).pl()


def ids_are_clean(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    batches: Batches | None = None,
    ids: pl.DataFrame | None = None,
) -> bool:
    """True when every employee and rater id among ``relation``'s rows (of one import, if
    given) is text the general path keeps as is (no blank, no padding).

    Runs on the loaded rows, in the import's transaction, so an unclean id rolls the fast
    load back. The loaded raters are the file's raters plus, for a self-rating without one,
    the employee: ids checked here anyway, so the rule is the one the profile used to apply
    to the file. ``ids``: :func:`loaded_ids` when the caller has it already.
    """
    if ids is None:
        ids = loaded_ids(con, relation, batches)
    return all(_is_clean_text(ids.get_column(col)) for col in ("employee_id", "rater_id"))


def load(con: duckdb.DuckDBPyConnection, plan: FastPlan, batches: Batches, into: str) -> None:
    """INSERT the file into ``into`` (``review_rows`` or a staging table) in one statement."""
    cols = ", ".join(db.q(c) for c in S.REVIEW_ROWS.names)
    sql = select_sql(plan, scale_batches(con, plan, batches))
    con.execute(f"INSERT INTO {into} ({cols}) {sql}").fetchall()


def roles_with(extra: dict[str, str]) -> dict[str, str]:
    """The role spellings the general path knows, plus the user's own."""
    return role_lookup() | {normalise_header(k): v for k, v in extra.items()}


def csv_spots(
    path: Path, separator: str, header: list[str], n: int = 12, size: int = 1 << 14
) -> list[pl.DataFrame]:
    """Rows read at ``n`` places spread over a UTF-8 CSV, as ``readers.clean_text`` text.

    Why: exports are often sorted by cycle, so the first rows show one cycle and its scale
    only. These rows only feed ``guess`` (a guess is checked after the load whatever it
    says), so a place cut inside a quoted line break that parses wrongly or not at all costs
    at most a mend or a second read, never a wrong table. ``n`` reads of 16 KiB cost a few ms.
    """
    total = path.stat().st_size
    pieces = []
    with open(path, "rb") as fh:
        for i in range(1, n + 1):
            fh.seek(total * i // (n + 1))
            chunk = fh.read(size)
            start, end = chunk.find(b"\n") + 1, chunk.rfind(b"\n") + 1
            if 0 < start < end:
                pieces.append(chunk[start:end])
    whole = _csv_rows(b"".join(pieces), separator, header) if pieces else None
    frames = [whole] if whole is not None else [_csv_rows(p, separator, header) for p in pieces]
    return [clean_text(f, 0) for f in frames if f is not None]


def _csv_rows(body: bytes, separator: str, header: list[str]) -> pl.DataFrame | None:
    """Headerless CSV lines as text columns named ``header``; None when they do not parse so."""
    try:
        frame = pl.read_csv(
            io.BytesIO(body),
            has_header=False,
            new_columns=header,
            separator=separator,
            infer_schema=False,
            encoding="utf8-lossy",
        )
    except Exception:  # noqa: BLE001 - a place cut inside a quoted field
        return None
    return frame if frame.width == len(header) else None


def guess(
    source: FastSource, frames: list[pl.DataFrame], mapping: dict[str, str], roles: dict[str, str]
) -> FastPlan:
    """A plan for loading the file before reading it whole, from sampled rows (``readers.clean_text``
    text, source column names; ``mapping``: source column -> canonical field).

    Why: profiling a CSV before the load parses it twice (0.72 of 3.7 CPU s at 3.2M rows).
    Labels and roles map by pure functions of their text, so a sampled one maps right wherever
    it was seen; scales depend on all of a (cycle, dimension)'s scores, so they are guesses
    (unsampled ones get the commonest sampled scale) that ``check_loaded`` verifies.
    """
    rows = pl.concat(
        [f.select([pl.col(c).alias(fd) for c, fd in mapping.items()]) for f in frames],
        how="vertical_relaxed",
    )
    labels = rows.get_column("cycle").drop_nulls().unique().to_list()
    cycle_of = {lab: parse_cycle(lab).cycle_id for lab in labels}
    role_of = {
        r: canon
        for r in rows.get_column("rater_role").drop_nulls().unique()
        if (canon := roles.get(normalise_header(r))) is not None
    }
    dim = (
        pl.col("dimension").fill_null(S.OVERALL)
        if "dimension" in rows.columns
        else pl.lit(S.OVERALL)
    )
    v = pl.col("score").str.strip_suffix("%").cast(pl.Float64, strict=False)
    dist = (
        rows.select(
            pl.col("cycle").replace_strict(cycle_of, default=None).alias("cycle_id"),
            dim.alias("dimension"),
            v.alias("v"),
        )
        .drop_nulls()
        .filter(pl.col("v").is_finite())
        .group_by("cycle_id", "dimension", "v")
        .agg(pl.len().alias("n"))
        .sort("v")
    )
    scales = {k: sc for k, sc in _scales(dist).items() if sc is not None}
    common = Counter(scales.values()).most_common(1)
    return FastPlan(
        source,
        0,
        [],
        cycle_of,
        role_of,
        scales,
        {},
        rater_complete=not rows.get_column("rater_id").null_count(),
        guessed=True,
        default_scale=common[0][0] if common else (1.0, 5.0),
    )


def check_loaded(
    con: duckdb.DuckDBPyConnection,
    plan: FastPlan,
    batches: Batches,
    roles: dict[str, str],
    first_labels: list[str],
) -> Loaded | str:
    """What a guessed load (``plan`` from ``guess``) stored, checked as ``profile`` checks the
    file: the mends that make it what the exact path stores, or GENERAL / EXACT.

    Why on the loaded rows: a columnar aggregate over the import's rows costs about a sixth of
    parsing the CSV again. It groups by the stored cycle, dimension, role and raw score (and
    the guessed scale), then runs ``profile``'s rules on what the stored values say of the file.
    """
    keys = (
        con.sql(f"""
        SELECT cycle_id AS cyc, dimension, rater_role AS role, score_raw AS raw, batch,
               count(*) AS n,
               count(*) FILTER (WHERE employee_id IS NULL) AS n_emp_null,
               count(*) FILTER (WHERE rater_id IS NULL) AS n_rater_null,
               count(*) FILTER (WHERE rater_id <> employee_id) AS n_rater_other
        FROM {db.q(S.REVIEW_ROWS.name)} WHERE {batches.mine()}
        GROUP BY ALL
    """)
        .pl()
        .with_columns(
            pl.col("batch").replace_strict(batches.scales(), return_dtype=pl.String).alias("scale")
        )
    )
    if (
        keys.height == 0
        or keys.select(pl.col("n_emp_null").sum()).item()
        or any(keys.get_column(c).null_count() for c in ("cyc", "role", "raw"))
        or not all(_is_clean_text(keys.get_column(c)) for c in ("dimension", "role"))
    ):
        return GENERAL
    verdict = _loaded_roles(keys.get_column("role").unique().to_list(), plan.role_of_raw, roles)
    if verdict is not None:
        return verdict
    cycles = _loaded_cycles(
        keys.get_column("cyc").unique().to_list(), plan.cycle_of_label, first_labels
    )
    if isinstance(cycles, str):
        return cycles
    infos, id_of = cycles
    keys = keys.with_columns(
        pl.col("role").alias("canon"),
        pl.col("cyc").replace_strict(id_of, return_dtype=pl.String).alias("cycle_id"),
    )
    verified = _verified(con, plan.source, keys)
    if verified is None:
        return GENERAL
    scales = verified[0]
    mend: dict[tuple[str, str, tuple[float, float]], list[str]] = {}
    for cyc, dim, cid, name in (
        keys.select("cyc", "dimension", "cycle_id", "scale").unique().iter_rows()
    ):
        right = scales[(cid, dim)]
        if cyc != cid or name != scale_name(right):
            mend.setdefault((cyc, cid, right), []).append(dim)
    fill = keys.filter((pl.col("canon") == "self") & (pl.col("n_rater_null") > 0)).height > 0
    return Loaded(
        int(keys.get_column("n").sum()), _distinct_cycles(infos), mend, fill, scales, verified[2]
    )


def _loaded_roles(
    stored: list[str], role_of_raw: dict[str, str], roles: dict[str, str]
) -> str | None:
    """None when every stored role is the canonical role of what the file said; else GENERAL
    (a role the general path does not know) or EXACT (the stored value cannot tell)."""
    targets = set(role_of_raw.values())
    for value in stored:
        canon = roles.get(normalise_header(value))
        if canon == value:
            continue  # mapped from a sampled spelling, or read as it is: the same role
        # a target also read as text that maps elsewhere, or a spelling the sample missed
        return EXACT if value in targets or canon is not None else GENERAL
    return None


def _loaded_cycles(
    stored: list[str], cycle_of_label: dict[str, str], first_labels: list[str]
) -> tuple[dict[str, CycleInfo], dict[str, str]] | str:
    """(each label the file holds -> its cycle, in ``profile``'s order; stored value -> cycle
    id), worked out from the stored values of a guessed load (``_cycle_guess``).

    A stored value is a sampled label's id or a label as read. When it can come from several
    labels, all must be among the file's first rows (so all are in the file), else EXACT.
    """
    moved = {k: v for k, v in cycle_of_label.items() if k != v}
    marked = set(moved.values()) - set(cycle_of_label)
    head = set(first_labels)
    sources: dict[str, list[str]] = {}
    for value in stored:
        from_labels = [k for k, v in moved.items() if v == value]
        as_read = value not in moved and value not in marked
        sources[value] = from_labels + ([value] if as_read else [])
        if (
            value.startswith(_MARK)
            or not sources[value]
            or (len(sources[value]) > 1 and not set(sources[value]) <= head)
        ):
            return EXACT
    labels = [lab for labs in sources.values() for lab in labs]
    if not _is_clean_text(pl.Series(labels, dtype=pl.String)):
        return GENERAL
    infos = _cycles_in_file_order(labels, first_labels)
    if infos is None:
        return GENERAL
    return infos, {value: infos[labs[0]].cycle_id for value, labs in sources.items()}


def fix_loaded(con: duckdb.DuckDBPyConnection, loaded: Loaded, batches: Batches) -> None:
    """Mend a guessed load's rows ``check_loaded`` found: only the (cycle, dimension)s whose
    label or scale the guess got wrong (rare), then self-ratings without a rater.

    The score is the same expression ``select_sql`` writes, so a mended row is bit for bit
    what the exact path stores.
    """
    t = db.q(S.REVIEW_ROWS.name)  # (a mend may number a new batch: ``mine`` is read after it)
    for (cyc, cid, (lo, hi)), dims in loaded.mend.items():
        con.execute(
            f"UPDATE {t} SET cycle_id = {_lit(cid)}, "
            f"score = (CAST(score_raw AS DOUBLE) - {lo!r}) / ({hi!r} - {lo!r}), "
            f"batch = {batches.number(con, scale_name((lo, hi)))} "
            f"WHERE {batches.mine()} AND cycle_id = {_lit(cyc)} "
            f"AND dimension IN ({', '.join(_lit(d) for d in dims)})"
        )
    if loaded.mend:
        drop_unused(con, batches)
    if loaded.fill_self:
        con.execute(
            f"UPDATE {t} SET rater_id = employee_id WHERE {batches.mine()} "
            "AND rater_role = 'self' AND rater_id IS NULL"
        )
