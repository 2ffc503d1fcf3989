"""Workers 2 and 2b: PerfLens's own path — import and materialisation, then one new cycle imported
on top of the others and the store refreshed incrementally (``run_ours``); each analysis
and full findings (``run_ours_analyses``, in a process of its own); memory of each.

Each runs in its own process so its peak memory is its own. They write ``ours.json`` and
``ours_analyses.json`` (timings, memory, sizes; ``bench.run.merge_ours`` makes one record of
them) and, for the number checks, the results of each analysis as Parquet (``ours_*.parquet``)
plus the inputs the analyst worker shares (``ratings.parquet``, ``effects.parquet``,
``adjusted.parquet``).
"""

from __future__ import annotations

import math
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow  # noqa: F401  (loaded with the other libraries before any phase is timed: the

from analytics import schema as S

# dashboard's process has it from Streamlit; its first import, about 30 ms, is not the import's)
from analytics.findings import materialise
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope, ScopeData, load_scope
from analytics.findings.stored import load_company_parts
from analytics.ingest import pipeline as ingest
from analytics.ingest.mapping import load_mapping
from analytics.stats import attribution, distributions, gaps, potential, raters, reliability
from analytics.store import db
from analytics.store import parts as store
from analytics.text.render import render as words
from bench.common import (
    PAGE_SECTIONS,
    Recorder,
    RssSampler,
    Timing,
    peak_rss_bytes,
    read_json,
    rss_bytes,
    write_json,
)
from bench.prepare import SIDE_TABLES, native_load

ROOT = Path(__file__).resolve().parent.parent

__all__ = [
    "ALPHA_MAX_UNITS",
    "ICC_K",
    "PAGE_READS",
    "alpha_input",
    "alpha_sample",
    "cold_copy",
    "icc_input",
    "run_ours",
]

ICC_K = 3  # rater slots per employee in the nested ICC design (as findings.parts.reliability_from_pairs)

#: what each page reads on its first render: its PAGE_SECTIONS (the benchmark's table) plus
#: what the page script and the overview's headlines (ui/charts.headlines) also read
PAGE_READS: dict[str, tuple[str, ...]] = {
    page: tuple(dict.fromkeys(PAGE_SECTIONS[page] + extra))
    for page, extra in {
        "overview": ("raters", "recheck", "guideline_units", "department_shifts", "high_potential"),
        "distributions": ("score_box", "grade_shares", "unit_pairs"),
        "raters": ("agreement", "g_study", "decision_study"),
        "attribution": ("manager_changes",),
        "potential": ("nine_box_counts", "potential_check"),
    }.items()
}
ALPHA_MAX_UNITS = 15_000  # the krippendorff package holds units x V x V arrays: cap its input


def _codes(ratings: pl.DataFrame, col: str) -> pl.Expr:
    """Integer codes of a text key: a Categorical's own (free), a String's after a cast."""
    e = pl.col(col)
    if not isinstance(ratings.schema[col], (pl.Categorical, pl.Enum)):
        e = e.cast(pl.Categorical)
    return e.to_physical().cast(pl.UInt64)


def _bits(x: int) -> int:
    return max(int(x).bit_length(), 1)


def icc_input(ratings: pl.DataFrame) -> pl.DataFrame:
    """Non-self pair means, the first ``ICC_K`` raters (by id) of each employee and cycle, with
    group = cycle | top-level department: one complete targets x slots matrix per group.

    Why this shape: grouping millions of rows on three text keys dominated the ICC. Here the
    cycle (its order), the employee's and the rater's integer codes are packed into one u64
    per rating row and aggregated on that single key in one lazy pass; "the first raters by
    id" needs the raters' text order only among the few thousand distinct raters (a small
    sort), then one sort of the pair keys. ``employee_id`` comes out as a person code (the
    targets' identity is all the ICC needs) and ``group`` as Categorical text."""
    empty = pl.DataFrame(
        schema={"group": pl.String, "employee_id": pl.UInt64, "slot": pl.Int64, "score": pl.Float64}
    )
    order = ratings.select(
        pl.col("cycle_order").min().alias("lo"),
        pl.col("cycle_order").max().alias("hi"),
        pl.col("cycle_order").null_count().alias("nulls"),
    ).row(0, named=True)
    if order["hi"] is None:
        return empty
    if order["nulls"]:
        raise ValueError("ratings without a cycle order")
    rows = (
        ratings.lazy()
        .with_row_index("_row")
        .filter((pl.col("rater_role") != "self") & pl.col("rater_id").is_not_null())
    )
    cyc = (pl.col("cycle_order") - order["lo"]).cast(pl.UInt64)
    bc = _bits(order["hi"] - order["lo"])
    if isinstance(ratings.schema["employee_id"], (pl.Categorical, pl.Enum)):
        # employee codes come with the frame: (cycle, employee, rater) packed into one u64
        be = _bits(ratings.select(_codes(ratings, "employee_id").max()).item() or 0)
        if bc + be > 32:  # rater codes take the low 32 bits
            raise OverflowError("cycle order and employee codes do not fit the packed key")
        pairs = (
            rows.group_by(
                k=(cyc * (1 << be) + _codes(ratings, "employee_id")) * (1 << 32)
                + _codes(ratings, "rater_id")
            )
            .agg(pl.col("score").mean(), pl.col("_row").min())
            .select(
                p=pl.col("k") // (1 << 32), r=pl.col("k") % (1 << 32), score="score", _row="_row"
            )
            .collect()
        )
    else:
        # text ids: hashing them once in the group-by is cheaper than casting every row;
        # the codes are taken on the (fewer) pairs
        pairs = (
            rows.group_by("cycle_order", "employee_id", "rater_id")
            .agg(pl.col("score").mean(), pl.col("_row").min())
            .collect()
        )
        pairs = pairs.select(
            cyc.alias("c"),
            _codes(pairs, "employee_id").alias("e"),
            _codes(pairs, "rater_id").alias("r"),
            "score",
            "_row",
        )
        be = _bits(pairs["e"].max() or 0)
        pairs = pairs.select(
            p=pl.col("c") * (1 << be) + pl.col("e"), r="r", score="score", _row="_row"
        )
    if pairs.height == 0:
        return empty
    person = pairs["p"].to_numpy()
    r = pairs["r"].to_numpy().astype(np.int64)
    # the raters' text order, from one row of each distinct rater (a few thousand strings)
    seen = np.zeros(int(r.max()) + 1, dtype=np.int64)
    seen[r] = np.arange(r.size)
    codes = np.flatnonzero(np.bincount(r))
    ids = ratings["rater_id"].gather(pairs["_row"].gather(seen[codes]))
    rank = np.zeros(seen.size, dtype=np.uint64)
    rank[codes[ids.arg_sort().to_numpy()]] = np.arange(codes.size, dtype=np.uint64)
    order = (person << np.uint64(_bits(codes.size))) | rank[r]
    ib = _bits(person.size)
    if _bits(int(order.max())) + ib <= 64:  # the pair index rides in the low bits: a plain
        srt = pl.Series(order << np.uint64(ib) | np.arange(person.size, dtype=np.uint64)).sort()
        by = (srt.to_numpy() & np.uint64((1 << ib) - 1)).astype(np.int64)  # sort, 3x arg_sort
    else:
        by = pl.Series(order).arg_sort().to_numpy()
    person = person[by]
    start = np.flatnonzero(np.r_[True, person[1:] != person[:-1]])
    n = np.diff(np.r_[start, person.size])
    slot = np.arange(person.size) - np.repeat(start, n)
    keep = (slot < ICC_K) & (np.repeat(n, n) >= ICC_K)
    sel = pairs.select("score", "_row")[by[keep]]  # the kept pairs only, in slot order
    person = person[keep]
    # group = cycle | top-level department, labelled once per distinct (cycle, department)
    heads = ratings.select(pl.col("cycle_id", "department").gather(sel["_row"][::ICC_K]))
    labels = heads.unique().with_columns(
        group=(
            pl.col("cycle_id").cast(pl.String)
            + "|"
            + pl.col("department").cast(pl.String).str.split("/").list.first()
        ).cast(pl.Categorical)
    )
    group = heads.join(
        labels, on=["cycle_id", "department"], how="left", maintain_order="left", nulls_equal=True
    )["group"]
    m = group.len()
    return pl.DataFrame(
        {
            "group": group.gather(np.repeat(np.arange(m), ICC_K)),
            "employee_id": person,
            "slot": np.tile(np.arange(ICC_K, dtype=np.int64), m),
            "score": sel["score"],
        }
    )


def alpha_input(ratings: pl.DataFrame) -> pl.DataFrame:
    """Non-self pair means (mean over dimensions) of the cycles on the 1-5 scale (all but the
    last demo cycle, which is 0-100 and would give ~600 distinct values)."""
    last = ratings["cycle_order"].max()
    return (
        ratings.lazy()
        .filter(
            (pl.col("rater_role") != "self")
            & pl.col("rater_id").is_not_null()
            & (pl.col("cycle_order") < last)
        )
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg(pl.col("score").mean())
        .collect()
    )


def alpha_sample(pairs: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Every m-th employee (by the number in the id) so at most ALPHA_MAX_UNITS units per cycle
    reach the krippendorff package; returns (sample, m). m = 1 keeps everything."""
    per_cycle = pairs.group_by("cycle_id").agg(pl.col("employee_id").n_unique().alias("u"))
    most = int(per_cycle["u"].max() or 0)
    m = max(1, math.ceil(most / ALPHA_MAX_UNITS))
    if m == 1:
        return pairs, 1
    num = pl.col("employee_id").cast(pl.String).str.extract(r"(\d+)").cast(pl.Int64)
    return pairs.filter(num % m == 0), m


def _alpha_per_cycle(pairs: pl.DataFrame) -> pl.DataFrame:
    rows = []
    for cyc in sorted(pairs["cycle_id"].unique().to_list()):  # a handful of cycles
        c = pairs.filter(pl.col("cycle_id") == cyc)
        # the point estimate, as the krippendorff package computes it (no bootstrap interval)
        a = reliability.krippendorff_alpha(
            c, "employee_id", "rater_id", "score", level="interval", n_boot=0
        )
        row = a.select("alpha", "n_units", "n_pairable_values").row(0, named=True)
        rows.append({"cycle_id": cyc, **row})
    return pl.DataFrame(rows)


def arrow_size(frame: pl.DataFrame) -> int:
    """Bytes of the frame as plain Arrow (ids and labels as strings, whatever dtypes it uses),
    one column at a time: casting every text column at once would itself take more memory
    than the analyses whose peak is measured against this size."""
    text = {c for c, t in frame.schema.items() if isinstance(t, (pl.Categorical, pl.Enum))}
    return sum(
        frame.select(pl.col(c).cast(pl.String) if c in text else pl.col(c)).estimated_size()
        for c in frame.columns
    )


def cold_copy(data: ScopeData, materialised: bool = True) -> ScopeData:
    """The frames of a freshly loaded scope with an empty section memo: what a page sees on its
    first render. ``data.extras`` must be as :func:`load_scope` left it, with or without the
    company parts materialised at import time (keys ``co:*``); ``materialised=False`` drops
    those so every model is fitted from the ratings (the cost without materialisation)."""
    fields = {k: getattr(data, k) for k in data.__dataclass_fields__}
    fields["extras"] = {
        k: v for k, v in data.extras.items() if materialised or not k.startswith("co:")
    }
    return ScopeData(**fields)


def _analyses(rec: Recorder, info: dict, data: ScopeData, folder: Path) -> None:
    """Each analysis on the ratings frame, best of up to 3 while runs are short; results and
    the analyst's shared inputs go to Parquet. Its frames are freed on return, so they do not
    count in the findings' and pages' memory."""
    ratings = data.ratings
    _distributions(rec, ratings, folder)
    _reliability(rec, info, ratings, folder)
    eff = _raters(rec, info, ratings, folder)
    adj = _changes(rec, ratings, eff, folder)
    _potential(rec, info, data, eff, adj, folder)


def _distributions(rec: Recorder, ratings: pl.DataFrame, folder: Path) -> None:
    """Employee scores, their department level and the summary per unit and cycle."""
    n = ratings.height

    def distributions_() -> pl.DataFrame:
        scores = distributions.department_level(
            distributions.employee_scores(ratings), 1, alias="unit"
        )
        return distributions.summary(scores, ["unit", "cycle_id"], min_n=5)

    summ = rec.run(
        "distributions",
        distributions_,
        n,
        "employee_scores + department_level + summary(unit, cycle)",
    )
    summ.select(
        "unit", "cycle_id", "n", "mean", "sd", "median", "q1", "q3", "skewness", "kurtosis"
    ).write_parquet(folder / "ours_distributions.parquet")


def _reliability(rec: Recorder, info: dict, ratings: pl.DataFrame, folder: Path) -> None:
    """ICC per group and Krippendorff's alpha per cycle (and on the analyst's sample)."""
    n = ratings.height
    icc = rec.run(
        "icc",
        lambda: reliability.icc_by_group(
            icc_input(ratings), "group", "employee_id", "slot", "score"
        ),
        n,
        "pair means + slots (bench code) + reliability.icc_by_group",
    )
    info["icc_groups"] = int(icc["group"].n_unique())
    icc.select(
        pl.col("group").cast(pl.String), "type", "icc", "f", "pval", "ci95_low", "ci95_high"
    ).write_parquet(folder / "ours_icc.parquet")

    alpha = rec.run(
        "alpha",
        lambda: _alpha_per_cycle(alpha_input(ratings)),
        n,
        "pair means (bench code) + reliability.krippendorff_alpha per cycle",
    )
    sample, m = alpha_sample(alpha_input(ratings))
    info["alpha_sample_every"] = m
    alpha.write_parquet(folder / "ours_alpha.parquet")
    (alpha if m == 1 else _alpha_per_cycle(sample)).write_parquet(
        folder / "ours_alpha_sample.parquet"
    )


def _raters(rec: Recorder, info: dict, ratings: pl.DataFrame, folder: Path) -> pl.DataFrame:
    """Rater effects, then the source means and the re-check list; returns the effects."""
    n = ratings.height
    eff = rec.run(
        "rater_effects",
        lambda: raters.rater_effects(ratings),
        n,
        "raters.rater_effects (shrunk + fixed)",
    )
    info["raters"] = eff.height
    eff.select("rater_id", "effect", "effect_fixed", "se", "identified", "n_pairs").write_parquet(
        folder / "effects.parquet"
    )

    def gaps_() -> tuple[pl.DataFrame, pl.DataFrame]:
        sm = gaps.source_means(ratings)
        return sm, gaps.recheck_from_means(sm)

    sm, rc = rec.run(
        "gaps",
        gaps_,
        n,
        "gaps.source_means + gaps.recheck_list on it (both sections of the raters page)",
    )
    info["recheck_rows"] = rc.height
    sm.select(
        "cycle_id",
        "employee_id",
        "self",
        "manager",
        "peer",
        "skip_level",
        "n_peer",
        "peer_sd",
        "gap_self_manager",
        "gap_manager_peer",
    ).write_parquet(folder / "ours_gaps.parquet")
    return eff


def _changes(rec: Recorder, ratings: pl.DataFrame, eff: pl.DataFrame, folder: Path) -> pl.DataFrame:
    """Score changes with the rater effects, and the adjusted scores (returned)."""
    n = ratings.height
    ch = rec.run(
        "attribution",
        lambda: attribution.score_changes(ratings, eff),
        n,
        "attribution.score_changes with rater effects",
    )
    ch.select(
        "employee_id",
        "from_cycle",
        "to_cycle",
        "change",
        "change_se",
        "company",
        "department",
        "rater",
        "individual",
    ).write_parquet(folder / "ours_attribution.parquet")

    adj = rec.run(
        "adjusted_scores",
        lambda: raters.adjusted_scores(ratings, eff),
        n,
        "raters.adjusted_scores (input of potential)",
    )
    adj.select("cycle_id", "cycle_order", "employee_id", "raw", "adjusted").write_parquet(
        folder / "adjusted.parquet"
    )
    return adj


def _potential(
    rec: Recorder,
    info: dict,
    data: ScopeData,
    eff: pl.DataFrame,
    adj: pl.DataFrame,
    folder: Path,
) -> None:
    """The performance profile, the high-potential list and the decliners."""
    ratings = data.ratings
    emp_all = data.extras["company_employees"]

    def potential_() -> tuple:
        prof = potential.performance_profile(adj, emp_all, data.outcomes, ratings, data.cycles, eff)
        return prof, potential.high_potential(prof, top_n=50), potential.decliners(prof)

    prof, hp, dec = rec.run(
        "potential",
        potential_,
        adj.height,
        "performance_profile (slopes, percentiles, sources, proxy) + high_potential + decliners",
    )
    info["high_potential_rows"], info["decliner_rows"] = hp.height, dec.height
    prof.select(
        "employee_id", "n_cycles", "slope", "slope_se", "slope_p", "pct_adjusted", "peer_group"
    ).write_parquet(folder / "ours_potential.parquet")


def _fresh_db(path: Path):
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    return db.connect(path)


def _keep_on_guard(rec: Recorder, mem: RssSampler, path: Path):
    """The memory guard's callback: write what was measured before it stopped the worker."""

    def partial() -> None:
        rec.info["rss_peak_by_phase"] = dict(mem.peaks)
        rec.info["stopped_by_memory_guard_in"] = mem.phase
        write_json(path, rec.as_dict())

    return partial


def _finish(rec: Recorder, mem: RssSampler, path: Path) -> dict:
    """Stop sampling, keep the peaks per phase, write the worker's record."""
    rec.info["rss_peak_by_phase"] = mem.stop()
    rec.info["ru_maxrss"] = peak_rss_bytes()
    result = rec.as_dict()
    write_json(path, result)
    return result


def run_ours(folder: Path, pages: bool = True) -> dict:
    rec = Recorder("ours")
    mem = RssSampler(guard_file=folder / "ours_guard.json").start()
    rec.info["rss_baseline"] = rss_bytes()  # interpreter + libraries, before any data
    info = rec.info

    mem.on_guard = _keep_on_guard(rec, mem, folder / "ours.json")

    # ---- import, validation included ------------------------------------------------------
    rows = int(read_json(folder / "prepare.json")["info"]["rating_rows"])  # what prepare wrote
    for fmt in ("csv", "parquet"):
        # DuckDB's native load of the same file again, just before ours: the ratio then compares
        # runs a few seconds apart, not minutes (a shared machine drifts by 20-30% in between)
        mem.set_phase(f"native_{fmt}")
        native_load(
            folder / f"reviews.{fmt}",
            fmt,
            folder / f"native_{fmt}.duckdb",
            rec,
            rows=rows,
            item=f"native_{fmt}_adjacent",
        )
        mem.set_phase(f"import_{fmt}")
        path = folder / f"ours_{fmt}.duckdb"
        con = _fresh_db(path)
        with rec.time(f"import_{fmt}", note="ingest.import_file into a fresh DuckDB file") as x:
            res = ingest.import_file(con, folder / f"reviews.{fmt}", lang="en")
            x["rows"] = res.rows_read
        info[f"import_{fmt}"] = {
            "rows_read": res.rows_read,
            "loaded": res.loaded,
            "quarantined": res.quarantined,
        }
        if fmt == "csv":
            con.close()
            path.unlink(missing_ok=True)
    info["db_bytes_reviews"] = os.path.getsize(folder / "ours_parquet.duckdb")
    mem.set_phase("side_tables")
    _side_tables(con, folder)

    # ---- company models fitted once after the import (the dashboard's import step) ------------
    errors = info.setdefault("errors", {})
    mem.set_phase("materialise")
    try:
        with rec.time(
            "materialise",
            note="materialise.refresh: company model fits stored in DuckDB after the import",
        ) as x:
            parts = materialise.refresh(con)
            x["rows"] = sum(parts.values())
        info["materialised_parts"] = parts
    except Exception as exc:  # noqa: BLE001 -- record, go on
        errors["materialise"] = f"{type(exc).__name__}: {exc}"[:500]

    last = con.execute("SELECT cycle_id FROM cycles ORDER BY ordering DESC LIMIT 1").fetchone()
    con.close()

    # ---- one new cycle on top of the others: import it, refresh what it changed -------------
    mem.set_phase("new_cycle")
    try:
        _new_cycle(folder, last[0], rec)
    except Exception as exc:  # noqa: BLE001 -- record, go on
        errors["new_cycle"] = f"{type(exc).__name__}: {exc}"[:500]
    return _finish(rec, mem, folder / "ours.json")


def _side_tables(con, folder: Path) -> None:
    """The roster, outcomes, KPIs and appeals of every cycle (not timed: not ratings)."""
    tables = {t.name: t for t in S.TABLES}
    for name in SIDE_TABLES:
        t = tables[name]
        con.register("_side", t.conform(pl.read_parquet(folder / f"{name}.parquet")).to_arrow())
        con.execute(f"INSERT INTO {db.q(t.name)} SELECT * FROM _side")
        con.unregister("_side")
    con.execute("CHECKPOINT")


def _new_cycle(folder: Path, last: str, rec: Recorder) -> None:
    """The time from a new cycle's file to a dashboard that shows it from the store: the
    database of every cycle but ``last`` is built and refreshed (not timed), then ``last``'s
    ratings are imported and the store refreshed (timed: ``new_cycle_import``, and the refresh
    in its two transactions, ``new_cycle_ready``: the overview and every single cycle stored,
    what the dashboard shows first; ``new_cycle_all_cycles``: the all-cycles models, the company
    and department sections; analytics.findings.materialise.refresh). The refresh keeps the
    other cycles' stored models."""
    reviews = pl.scan_parquet(folder / "reviews.parquet")
    earlier, latest = folder / "reviews_earlier.parquet", folder / "reviews_last.parquet"
    # the demo's last cycle is on 0-100, the earlier ones on 1-5: a new cycle on another scale
    # than the stored one is imported with the change declared, as a user would
    mapping_file = folder / "new_cycle_mapping.toml"
    mapping_file.write_text(f'[scales]\n"*" = {{ "{last}" = "0-100" }}\n', encoding="utf-8")
    mapping = load_mapping(mapping_file)
    path = folder / "ours_new_cycle.duckdb"
    cli_path = folder / "ours_new_cycle_cli.duckdb"
    try:
        reviews.filter(pl.col("cycle") != last).sink_parquet(earlier)
        reviews.filter(pl.col("cycle") == last).sink_parquet(latest)
        con = _fresh_db(path)
        ingest.import_file(con, earlier, lang="en")
        _side_tables(con, folder)
        materialise.refresh(con)
        con.execute("CHECKPOINT")
        con.close()
        shutil.copyfile(path, cli_path)  # the same earlier database for the CLI's run below
        con = db.connect(path)
        before = db.data_version(con)
        with rec.time("new_cycle_import", note=f"ingest.import_file of cycle {last} alone") as x:
            res = ingest.import_file(con, latest, mapping, lang="en")
            x["rows"] = res.rows_read
        marks: list[tuple[float, float, bool]] = []
        t0, c0 = time.perf_counter(), time.process_time()
        parts = materialise.refresh(
            con,
            lambda later: marks.append((time.perf_counter(), time.process_time(), later)),
        )
        t2, c2 = time.perf_counter(), time.process_time()
        (t1, c1, two), rows = marks[0], sum(parts.values())
        note = "materialise.refresh after it, "
        rec.timings.append(
            Timing(
                "new_cycle_ready",
                rec.side,
                t1 - t0,
                c1 - c0,
                rows,
                note + "first transaction: the overview and every single cycle stored",
            )
        )
        rec.timings.append(
            Timing(
                "new_cycle_all_cycles",
                rec.side,
                t2 - t1,
                c2 - c1,
                rows,
                note + "second transaction: all-cycles models, company and department sections",
            )
        )
        kept = store.read_catalog(con).filter(pl.col("written_version") == before)
        rec.info["new_cycle"] = {
            "cycle": last,
            "rows": res.rows_read,
            "cycles_kept": sorted(set(kept["scope_key"].to_list()) - {""}),
            "two_transactions": two,
            "load_avg": os.getloadavg(),
        }
        con.close()
        _new_cycle_cli(cli_path, latest, mapping_file, rec)
    finally:
        for p in (
            path,
            Path(str(path) + ".wal"),
            cli_path,
            Path(str(cli_path) + ".wal"),
            mapping_file,
        ):
            p.unlink(missing_ok=True)
        for p in (earlier, latest):
            p.unlink(missing_ok=True)


def _new_cycle_cli(path: Path, latest: Path, mapping: Path, rec: Recorder) -> None:
    """The same new cycle as a user imports it: ``python -m analytics import`` in a process of
    its own, through the one writer (copy the database file, import and refresh in the copy,
    rename it in). Timed from starting the process to the line that says the dashboard shows
    the new cycle (``new_cycle_cli_ready``: Python's imports, the copy, the import, the first
    transaction and the rename), and to its end (``new_cycle_cli_total``: the second write
    too). CPU is the child's for the whole run: a process's CPU cannot be split at a line."""
    ready_line = words("store.cli_ready", "en", seconds=0).split("(")[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analytics",
            "import",
            str(latest),
            "--db",
            str(path),
            "--mapping",
            str(mapping),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PERFLENS_LANG": "en"},
    )
    ready = None
    assert proc.stderr is not None
    for line in proc.stderr:
        if ready is None and ready_line in line:
            ready = time.perf_counter() - t0
    code = proc.wait()
    total = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if code != 0 or ready is None:
        raise RuntimeError(f"analytics import exited {code}; ready line seen: {ready is not None}")
    note = "python -m analytics import, a process of its own (copy, import, refresh, rename)"
    rec.timings.append(
        Timing(
            "new_cycle_cli_ready",
            rec.side,
            ready,
            float("nan"),
            None,
            note + ": to the line that the dashboard shows it",
        )
    )
    rec.timings.append(Timing("new_cycle_cli_total", rec.side, total, cpu, None, note + ": all"))


def run_ours_analyses(folder: Path) -> dict:
    """Worker 2b, in a process of its own (as the report CLI runs a findings build): the
    analytics input, each analysis and the full findings builds on the database the import
    worker left. Why apart: memory that the import's materialisation freed stays with the
    allocators of the process that freed it, so in one process this phase's peak was mostly
    the previous phase's."""
    rec = Recorder("ours_analyses")
    mem = RssSampler(guard_file=folder / "ours_analyses_guard.json").start()
    rec.info["rss_baseline"] = rss_bytes()
    info = rec.info
    errors = info.setdefault("errors", {})

    mem.on_guard = _keep_on_guard(rec, mem, folder / "ours_analyses.json")
    con = db.connect(folder / "ours_parquet.duckdb")

    # ---- the analytics input --------------------------------------------------------------
    mem.set_phase("load_scope")
    # without the parts stored at import: the analyses and the build that fits every model do
    # not read them (the product never holds them while fitting: a scope either has them or
    # fits); they are read before the build that uses them
    with rec.time(
        "load_scope",
        note="scope.load_scope(con, Scope(), materialised=False): DuckDB join -> Polars",
    ) as x:
        data = load_scope(con, Scope(), materialised=False)
        x["rows"] = data.ratings.height
    ratings = data.ratings
    info["rating_rows"] = ratings.height
    mem.set_phase("io")  # bench scaffolding, not the analytics (not timed, memory not counted)
    info["arrow_bytes"] = arrow_size(ratings)
    # the analyst reads plain text columns, as before the frame became Categorical (pandas would
    # turn Parquet dictionary columns into categories: a different baseline); streamed, so the
    # text copy is never whole in memory
    ratings.lazy().with_columns(pl.col(pl.Categorical).cast(pl.String)).sink_parquet(
        folder / "ratings.parquet", engine="streaming"
    )

    # ---- each analysis ---------------------------------------------------------------------
    mem.set_phase("analyses")
    n = ratings.height
    _analyses(rec, info, data, folder)

    # ---- full findings build ------------------------------------------------------------
    mem.set_phase("findings")
    for item, mat in (("findings", False), ("findings_materialised", True)):
        if mat:  # what load_scope(con, Scope()) adds: the company parts stored at import
            t0 = time.perf_counter()
            data.extras.update(load_company_parts(con))
            info["load_materialised_s"] = round(time.perf_counter() - t0, 3)
            info["materialised_in_scope"] = sorted(k for k in data.extras if k.startswith("co:"))
            if not info["materialised_in_scope"]:
                continue
        try:
            with rec.time(
                item,
                rows=n,
                note="findings.build_findings, every report section, "
                + (
                    "reading the parts materialised at import"
                    if mat
                    else "fitting every model from the ratings"
                ),
            ):
                f = build_findings(data=cold_copy(data, materialised=mat))
            info["findings_sections"] = len(f.sections)
            del f
        except Exception as exc:  # noqa: BLE001 -- a module mid-change: record, go on
            errors[item] = f"{type(exc).__name__}: {exc}"[:500]

    con.close()
    return _finish(rec, mem, folder / "ours_analyses.json")
