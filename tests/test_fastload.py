"""The DuckDB-native import path loads exactly what the general path loads, or steps aside.

Every file below is imported twice into fresh databases: once as a user would (the fast path
takes it when it can) and once with the fast path switched off. The stored reviews, the
quarantine and the counts must be identical, and the test also asserts which path ran, so a
fast path that silently stopped firing (or fired on a dirty file) fails here.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics import db, ingest
from analytics.demo import generate

COMPARE = ["cycle_id", "employee_id", "rater_id", "rater_role", "dimension", "score_raw", "score",
           "scale", "weight", "comment", "submitted_at"]


def _import(path: Path, tmp: Path, fast: bool, monkeypatch, tag: str, con=None):
    """Import ``path``; returns (connection, result, whether the fast path loaded it)."""
    con = con or db.connect(tmp / f"{tag}_{'fast' if fast else 'general'}.duckdb")
    ran = {"fast": False}
    real = ingest._import_fast

    def spy(*args, **kwargs):
        if not fast:
            return None
        out = real(*args, **kwargs)
        ran["fast"] = out is not None
        return out

    monkeypatch.setattr(ingest, "_import_fast", spy)
    result = ingest.import_file(con, path, lang="en")
    monkeypatch.setattr(ingest, "_import_fast", real)
    return con, result, ran["fast"]


def _reviews(con) -> pl.DataFrame:
    return db.query(con, f"SELECT {', '.join(COMPARE)} FROM reviews ORDER BY ALL")


def _quarantine(con) -> pl.DataFrame:
    return db.query(con, "SELECT row_number, \"column\", raw_value, reason_code FROM quarantine ORDER BY ALL")


def _both(path: Path, tmp: Path, monkeypatch, tag: str):
    fast_con, fast_res, ran = _import(path, tmp, True, monkeypatch, tag)
    gen_con, gen_res, _ = _import(path, tmp, False, monkeypatch, tag)
    assert _reviews(fast_con).equals(_reviews(gen_con))
    assert _quarantine(fast_con).equals(_quarantine(gen_con))
    assert fast_res.loaded == gen_res.loaded
    assert fast_res.rows_read == gen_res.rows_read
    assert fast_res.quarantined == gen_res.quarantined
    cyc = "SELECT cycle_id, label, cadence, start, \"end\", ordering FROM cycles ORDER BY ALL"
    assert db.query(fast_con, cyc).equals(db.query(gen_con, cyc))
    return fast_con, gen_con, fast_res, ran


def _write_csv(path: Path, header: list[str], rows: list[tuple]) -> Path:
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def demo_long():
    """The benchmark's long shape: English headers, six cycles, one of them on 0-100."""
    data = generate(n_employees=300, n_cycles=6, seed=11)
    return data.reviews.select(
        "employee_id", pl.col("cycle_id").alias("cycle"), "rater_id", "rater_role", "dimension",
        pl.col("score_raw").cast(pl.Float64).alias("score"),
    )


def test_demo_csv_and_parquet_take_the_fast_path_and_match(tmp_path, monkeypatch, demo_long):
    csv = tmp_path / "reviews.csv"
    demo_long.write_csv(csv)
    fast_con, _, res, ran = _both(csv, tmp_path, monkeypatch, "csv")
    assert ran and res.loaded == {"reviews": demo_long.height}
    assert set(_reviews(fast_con)["scale"].unique()) == {"1-5", "0-100"}
    pq = tmp_path / "reviews.parquet"
    demo_long.write_parquet(pq)  # typed double scores: text written as the general path does
    _, _, res, ran = _both(pq, tmp_path, monkeypatch, "parquet")
    assert ran and res.loaded == {"reviews": demo_long.height}


def test_a_cycle_with_dimensions_on_different_scales_takes_the_fast_path(tmp_path, monkeypatch,
                                                                        demo_long):
    five = demo_long.group_by("cycle").agg(pl.col("score").max()).filter(pl.col("score") <= 5)
    cycle = sorted(five.get_column("cycle"))[0]
    dim = sorted(demo_long.get_column("dimension").unique())[0]
    mixed = demo_long.with_columns(
        pl.when((pl.col("cycle") == cycle) & (pl.col("dimension") == dim))
        .then(pl.col("score") * 20).otherwise(pl.col("score")).alias("score"))
    csv = tmp_path / "mixed.csv"
    mixed.write_csv(csv)
    fast_con, _, res, ran = _both(csv, tmp_path, monkeypatch, "mixed")
    assert ran and res.loaded == {"reviews": mixed.height}
    scales = _reviews(fast_con).filter(pl.col("cycle_id") == cycle) \
        .group_by("dimension").agg(pl.col("scale").unique())
    by_dim = {d: set(s) for d, s in scales.iter_rows()}
    assert by_dim[dim] == {"0-100"}
    assert all(v == {"1-5"} for d, v in by_dim.items() if d != dim)


CN_HEADER = ["工号", "考核周期", "评价人工号", "评价人角色", "考核维度", "得分", "备注列"]
CN_ROWS = [
    ("E1", "2025年第1季度", "", "自评", "专业能力", "4", "x"),
    ("E1", "2025年第1季度", "M1", "上级", "专业能力", "3.5", ""),
    ("E1", "2025Q1", "P1", "同事", "专业能力", "5", "y"),
    ("E2", "2025年第1季度", "E2", "self", "专业能力", "2", ""),
    ("E2", "2025年第1季度", "M1", "Manager", "专业能力", "1", ""),
    ("E2", "2025年第2季度", "M1", "上级", "", "3", ""),
    ("E1", "2025年第2季度", "M1", "上级", "", "4.5", ""),
]


def test_chinese_labels_roles_and_missing_self_rater_take_the_fast_path(tmp_path, monkeypatch):
    path = _write_csv(tmp_path / "cn.csv", CN_HEADER, CN_ROWS)
    fast_con, _, res, ran = _both(path, tmp_path, monkeypatch, "cn")
    assert ran and res.rows_loaded == len(CN_ROWS)
    df = _reviews(fast_con)
    assert set(df["cycle_id"]) == {"2025Q1", "2025Q2"}
    assert set(df["rater_role"]) == {"self", "manager", "peer"}
    assert df.filter(pl.col("dimension") == "overall").height == 2
    e1_self = df.filter((pl.col("employee_id") == "E1") & (pl.col("rater_role") == "self"))
    assert e1_self["rater_id"].to_list() == ["E1"]


@pytest.mark.parametrize(
    "change, why",
    [
        ((0, 0, " E1"), "padded id"),
        ((0, 0, "E1\u3000"), "ideographic space after an id"),
        ((1, 2, " M1"), "padded rater id (checked on the loaded rows)"),
        ((1, 2, "M1\u3000"), "ideographic space after a rater id"),
        ((1, 5, "999"), "out of range"),
        ((1, 5, "A"), "grade label"),
        ((1, 5, "80%"), "percent"),
        ((1, 3, "boss"), "unknown role"),
        ((1, 0, ""), "empty employee"),
        ((1, 2, ""), "manager without rater id"),
        ((0, 2, "X9"), "self rated by someone else"),
        ((2, 1, ""), "empty cycle"),
        ((1, 5, "1_0"), "number DuckDB and Polars read differently"),
        (None, "duplicate rating"),
    ],
)
def test_files_needing_quarantine_take_the_general_path(tmp_path, monkeypatch, change, why):
    rows = [list(r) for r in CN_ROWS]
    if change is None:
        rows.append(list(rows[1]))
    else:
        i, j, value = change
        rows[i][j] = value
    path = _write_csv(tmp_path / "dirty.csv", CN_HEADER, [tuple(r) for r in rows])
    fast_con, _, res, ran = _both(path, tmp_path, monkeypatch, "dirty")
    assert not ran, why


def _reimport_both_ways(first, second, tmp_path, monkeypatch, tag: str) -> dict:
    """``first`` then ``second`` into one fresh database per path: {fast?: (con, result of the
    second import, whether the fast path ran for it)}."""
    outs = {}
    for fast in (True, False):
        con, _, _ = _import(first, tmp_path, fast, monkeypatch, f"{tag}{fast}")
        _, res, ran = _import(second, tmp_path, fast, monkeypatch, f"{tag}{fast}", con=con)
        outs[fast] = (con, res, ran)
    return outs


def test_corrected_reexport_replaces_on_the_fast_path(tmp_path, monkeypatch):
    first = _write_csv(tmp_path / "v1.csv", CN_HEADER, CN_ROWS)
    fixed = [list(r) for r in CN_ROWS if r[0] == "E1"]
    fixed[1][5] = "2"  # one score corrected
    fixed = fixed[:-1]  # and one rating withdrawn
    second = _write_csv(tmp_path / "v2.csv", CN_HEADER, [tuple(r) for r in fixed])
    outs = _reimport_both_ways(first, second, tmp_path, monkeypatch, "re")
    assert outs[True][2] and not outs[False][2]
    assert _reviews(outs[True][0]).equals(_reviews(outs[False][0]))
    for attr in ("replaced", "changed", "rows_loaded"):
        assert getattr(outs[True][1], attr) == getattr(outs[False][1], attr), attr
    assert outs[True][1].replaced == 3  # E1's 2025Q1 ratings; E1's 2025Q2 rating is not in the file


def test_unclean_ids_in_a_reexport_fall_back_from_the_staged_load(tmp_path, monkeypatch):
    """A re-export of stored cycles is staged before replacing: a padded rater id found on the
    staged rows must still send the file the exact way, leaving the first import intact."""
    first = _write_csv(tmp_path / "v1.csv", CN_HEADER, CN_ROWS)
    rows = [list(r) for r in CN_ROWS]
    rows[4][2] = "M1 "
    second = _write_csv(tmp_path / "v2.csv", CN_HEADER, [tuple(r) for r in rows])
    outs = _reimport_both_ways(first, second, tmp_path, monkeypatch, "pad")
    assert not outs[True][2]
    assert _reviews(outs[True][0]).equals(_reviews(outs[False][0]))
    assert outs[True][1].quarantined == outs[False][1].quarantined


def test_fast_import_is_atomic_when_failing_midway(tmp_path, monkeypatch):
    con = db.connect(tmp_path / "atomic.duckdb")
    ingest.import_file(con, _write_csv(tmp_path / "v1.csv", CN_HEADER, CN_ROWS[:3]))
    before = {t: db.query(con, f'SELECT * FROM "{t}" ORDER BY ALL') for t in ("reviews", "cycles", "imports")}
    version = db.data_version(con)

    def failing(*_a, **_k):
        raise RuntimeError("disk full")  # after the reviews were inserted

    monkeypatch.setattr(ingest, "_log", failing)
    with pytest.raises(RuntimeError):
        ingest.import_file(con, _write_csv(tmp_path / "v2.csv", CN_HEADER, CN_ROWS[3:]))
    for t, frame in before.items():
        assert db.query(con, f'SELECT * FROM "{t}" ORDER BY ALL').equals(frame), t
    assert db.data_version(con) == version


def test_nearest_quantile_index_matches_polars():
    from analytics.fastload import _nearest_index

    for n in (1, 2, 3, 10, 101, 199, 200, 201, 1001, 12345):
        values = pl.Series(range(n), dtype=pl.Float64)
        assert values.quantile(0.995, "nearest") == float(_nearest_index(n)), n


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_gbk_and_bom_csv_are_copied_to_utf8_and_take_the_fast_path(tmp_path, monkeypatch, encoding):
    path = _write_csv(tmp_path / "cn.csv", CN_HEADER, CN_ROWS)
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    fast_con, _, res, ran = _both(path, tmp_path, monkeypatch, encoding)
    assert ran and res.rows_loaded == len(CN_ROWS)
    assert res.detections[0].encoding == encoding
    assert "专业能力" in set(_reviews(fast_con)["dimension"])


def test_duplicate_key_in_a_large_file_is_found_by_the_hash_count(tmp_path, monkeypatch, demo_long):
    """The duplicate check counts distinct key hashes in Polars: one repeated rating among
    thousands (in a Parquet file, far from the sample rows) still sends the file the exact way,
    and a clean file's check says no."""
    from analytics import fastload

    pq = tmp_path / "dup.parquet"
    pl.concat([demo_long, demo_long.tail(1)]).write_parquet(pq)
    _, _, res, ran = _both(pq, tmp_path, monkeypatch, "dup")
    assert not ran and res.quarantined == 1
    con = db.connect(tmp_path / "clean.duckdb")
    con.register("_clean", demo_long.rename({"cycle": "cycle_id"}))
    assert not fastload.has_duplicates(con, "_clean")
    con.register("_dup", pl.concat([demo_long, demo_long.head(1)]).rename({"cycle": "cycle_id"}))
    assert fastload.has_duplicates(con, "_dup")
