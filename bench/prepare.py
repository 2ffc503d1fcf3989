"""Worker 1: generate the demo company at one scale and write the files the others read.

Writes, into the scale's folder: ``reviews.csv`` and ``reviews.parquet`` (the LONG canonical
shape with English headers employee_id, cycle, rater_id, rater_role, dimension, score — what
the import is timed on), the side tables (employees, outcomes, kpi_results, appeals) as Parquet,
and times DuckDB's own native load of both review files as the reference for the import.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import polars as pl

from analytics.demo import company as demo_mod
from bench.common import N_CYCLES, Recorder, RssSampler, write_json

__all__ = ["SIDE_TABLES", "native_load", "run_prepare"]

SIDE_TABLES = ("employees", "outcomes", "kpi_results", "appeals")


def native_load(
    path: Path, fmt: str, db_path: Path, rec: Recorder, rows: int, item: str | None = None
) -> None:
    """Time DuckDB's own ``CREATE TABLE AS SELECT * FROM read_csv/read_parquet`` of ``path``
    into a fresh file (deleted after) as ``item`` (default ``native_<fmt>``)."""
    if db_path.exists():
        db_path.unlink()
    con = duckdb.connect(str(db_path))
    try:
        reader = "read_csv" if fmt == "csv" else "read_parquet"
        with rec.time(
            item or f"native_{fmt}", rows=rows, note=f"CREATE TABLE AS SELECT * FROM {reader}"
        ):
            con.execute(f"CREATE TABLE t AS SELECT * FROM {reader}(?)", [str(path)])
        got = con.execute("SELECT count(*) FROM t").fetchone()[0]
        assert got == rows, (got, rows)
    finally:
        con.close()
        db_path.unlink(missing_ok=True)


def run_prepare(scale: int, out: Path, seed: int = 7) -> dict:
    """Generate ``scale`` employee-cycles (n_employees = scale / 6) and write the inputs."""
    out.mkdir(parents=True, exist_ok=True)
    n_emp = max(demo_mod.MIN_EMPLOYEES, round(scale / N_CYCLES))
    rec = Recorder("prepare")
    mem = RssSampler(guard_file=out / "prepare_guard.json").start()
    with rec.time("generate", note=f"demo.generate({n_emp}, {N_CYCLES})") as x:
        data = demo_mod.generate(n_employees=n_emp, n_cycles=N_CYCLES, seed=seed)
        x["rows"] = data.reviews.height
    long = data.reviews.select(
        "employee_id",
        pl.col("cycle_id").alias("cycle"),
        "rater_id",
        "rater_role",
        "dimension",
        pl.col("score_raw").cast(pl.Float64).alias("score"),
    )
    with rec.time("write_files", rows=long.height):
        long.write_csv(out / "reviews.csv")
        long.write_parquet(out / "reviews.parquet")
        for name in SIDE_TABLES:
            getattr(data, name).write_parquet(out / f"{name}.parquet")
    rows = long.height
    rec.info.update(
        scale=scale,
        n_employees=n_emp,
        n_cycles=N_CYCLES,
        rating_rows=rows,
        employee_cycles=n_emp * N_CYCLES,
        csv_bytes=os.path.getsize(out / "reviews.csv"),
        parquet_bytes=os.path.getsize(out / "reviews.parquet"),
    )
    del data, long
    for fmt in ("parquet", "csv"):
        native_load(out / f"reviews.{fmt}", fmt, out / f"native_{fmt}.duckdb", rec, rows)
    rec.info["rss_peak_by_phase"] = mem.stop()
    result = rec.as_dict()
    write_json(out / "prepare.json", result)
    return result
