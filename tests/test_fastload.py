"""The DuckDB-native import path loads exactly what the general path loads, or steps aside.

Every file below is imported twice into fresh databases: once as a user would (the fast path
takes it when it can) and once with the fast path switched off. The stored reviews, the
quarantine and the counts must be identical, and the test also asserts which path ran, so a
fast path that silently stopped firing (or fired on a dirty file) fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from analytics.demo.company import generate
from analytics.ingest import pipeline as ingest
from analytics.ingest.mapping import Mapping
from analytics.store import db
from analytics.text.messages import ImportRejected

COMPARE = [
    "cycle_id",
    "employee_id",
    "rater_id",
    "rater_role",
    "dimension",
    "score_raw",
    "score",
    "scale",
    "weight",
    "comment",
    "submitted_at",
]


#: the empty database each test's fresh ones are copies of (:func:`_new_db`)
EMPTY: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def empty_db(tmp_path_factory):
    """A database with every table and nothing in it, made once for the module: each fresh
    database of its tests is a copy (:func:`_new_db`), as tests/test_bad_exports.py's cases
    are. Why: about 100 fresh databases, each creating the schema (about 60 statements: 44 ms
    of CPU for a new file against 25 for a copy)."""
    path = tmp_path_factory.mktemp("fastload_empty") / "empty.duckdb"
    db.connect(path).close()
    EMPTY.append(path)
    yield path
    EMPTY.clear()


def _new_db(path: Path):
    """A read-write connection to a new, empty database at ``path`` (a copy of
    :func:`empty_db`'s)."""
    shutil.copyfile(EMPTY[0], path)
    return db.connect(path)


def _import(path: Path, tmp: Path, fast: bool, monkeypatch, tag: str, con=None, mapping=None):
    """Import ``path``; returns (connection, result, whether the fast path loaded it)."""
    con = con or _new_db(tmp / f"{tag}_{'fast' if fast else 'general'}.duckdb")
    ran = {"fast": False}
    real = ingest._import_fast

    def spy(*args, **kwargs):
        if not fast:
            return None
        out = real(*args, **kwargs)
        ran["fast"] = out is not None
        return out

    monkeypatch.setattr(ingest, "_import_fast", spy)
    result = ingest.import_file(con, path, mapping, lang="en")
    monkeypatch.setattr(ingest, "_import_fast", real)
    return con, result, ran["fast"]


def _reviews(con) -> pl.DataFrame:
    return db.query(con, f"SELECT {', '.join(COMPARE)} FROM reviews ORDER BY ALL")


def _quarantine(con) -> pl.DataFrame:
    return db.query(
        con, 'SELECT row_number, "column", raw_value, reason_code FROM quarantine ORDER BY ALL'
    )


def _both(path: Path, tmp: Path, monkeypatch, tag: str):
    fast_con, fast_res, ran = _import(path, tmp, True, monkeypatch, tag)
    gen_con, gen_res, _ = _import(path, tmp, False, monkeypatch, tag)
    assert _reviews(fast_con).equals(_reviews(gen_con))
    assert _quarantine(fast_con).equals(_quarantine(gen_con))
    assert fast_res.loaded == gen_res.loaded
    assert fast_res.rows_read == gen_res.rows_read
    assert fast_res.quarantined == gen_res.quarantined
    cyc = 'SELECT cycle_id, label, cadence, start, "end", ordering FROM cycles ORDER BY ALL'
    assert db.query(fast_con, cyc).equals(db.query(gen_con, cyc))
    return fast_con, gen_con, fast_res, ran


def _write_csv(path: Path, header: list[str], rows: list[tuple]) -> Path:
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def demo_long():
    """The benchmark's long shape: English headers, six cycles, one of them on 0-100."""
    data = generate(n_employees=200, n_cycles=6, seed=11)  # the fewest the demo makes
    return data.reviews.select(
        "employee_id",
        pl.col("cycle_id").alias("cycle"),
        "rater_id",
        "rater_role",
        "dimension",
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


def test_a_cycle_with_dimensions_on_different_scales_takes_the_fast_path(
    tmp_path, monkeypatch, demo_long
):
    five = demo_long.group_by("cycle").agg(pl.col("score").max()).filter(pl.col("score") <= 5)
    cycle = sorted(five.get_column("cycle"))[0]
    dim = sorted(demo_long.get_column("dimension").unique())[0]
    mixed = demo_long.with_columns(
        pl.when((pl.col("cycle") == cycle) & (pl.col("dimension") == dim))
        .then(pl.col("score") * 20)
        .otherwise(pl.col("score"))
        .alias("score")
    )
    csv = tmp_path / "mixed.csv"
    mixed.write_csv(csv)
    fast_con, _, res, ran = _both(csv, tmp_path, monkeypatch, "mixed")
    assert ran and res.loaded == {"reviews": mixed.height}
    scales = (
        _reviews(fast_con)
        .filter(pl.col("cycle_id") == cycle)
        .group_by("dimension")
        .agg(pl.col("scale").unique())
    )
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
    _fast_con, _, _res, ran = _both(path, tmp_path, monkeypatch, "dirty")
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
    con = _new_db(tmp_path / "atomic.duckdb")
    ingest.import_file(con, _write_csv(tmp_path / "v1.csv", CN_HEADER, CN_ROWS[:3]))
    before = {
        t: db.query(con, f'SELECT * FROM "{t}" ORDER BY ALL')
        for t in ("reviews", "cycles", "imports")
    }
    version = db.data_version(con)

    def failing(*_a, **_k):
        raise RuntimeError("disk full")  # after the reviews were inserted

    monkeypatch.setattr(ingest, "_log", failing)
    with pytest.raises(RuntimeError):
        ingest.import_file(con, _write_csv(tmp_path / "v2.csv", CN_HEADER, CN_ROWS[3:]))
    for t, frame in before.items():
        assert db.query(con, f'SELECT * FROM "{t}" ORDER BY ALL').equals(frame), t
    assert db.data_version(con) == version


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
    from analytics.ingest import fastload

    pq = tmp_path / "dup.parquet"
    pl.concat([demo_long, demo_long.tail(1)]).write_parquet(pq)
    _, _, res, ran = _both(pq, tmp_path, monkeypatch, "dup")
    assert not ran and res.quarantined == 1
    con = _new_db(tmp_path / "clean.duckdb")
    con.register("_clean", demo_long.rename({"cycle": "cycle_id"}))
    assert not fastload.has_duplicates(con, "_clean")
    con.register("_dup", pl.concat([demo_long, demo_long.head(1)]).rename({"cycle": "cycle_id"}))
    assert fastload.has_duplicates(con, "_dup")


# --- the CSV's one-parse load: guessed from sampled rows, checked and mended on the loaded rows


@pytest.fixture
def calls(monkeypatch):
    """Counts the fast path's steps: whether the file was profiled (a second parse) and which
    mends the guessed load needed."""
    from analytics.ingest import fastload

    seen = {"profile": 0, "mend": [], "fill": False}
    profile, fix = fastload.profile, fastload.fix_loaded

    def spy_profile(*a, **k):
        seen["profile"] += 1
        return profile(*a, **k)

    def spy_fix(con, loaded, import_id):
        seen["mend"].append(loaded.mend)
        seen["fill"] = seen["fill"] or loaded.fill_self
        return fix(con, loaded, import_id)

    monkeypatch.setattr(fastload, "profile", spy_profile)
    monkeypatch.setattr(fastload, "fix_loaded", spy_fix)
    return seen


@pytest.fixture
def head_only(monkeypatch):
    """Guess from the file's first rows only (no rows read further on), so later rows hold
    what the guess did not see."""
    from analytics.ingest import fastload

    monkeypatch.setattr(fastload, "csv_spots", lambda *_a, **_k: [])


def _late(frame: pl.DataFrame, after: int = 2000) -> pl.Expr:
    """Rows past the sampled head."""
    return pl.int_range(pl.len()) >= after


def test_demo_csv_is_parsed_once(tmp_path, monkeypatch, demo_long, calls):
    csv = tmp_path / "reviews.csv"
    demo_long.write_csv(csv)
    _, _, _res, ran = _both(csv, tmp_path, monkeypatch, "once")
    assert ran and calls["profile"] == 0 and calls["mend"] == [{}]


def test_a_scale_the_head_guessed_wrong_is_mended(
    tmp_path, monkeypatch, demo_long, calls, head_only
):
    """The first rows show every cycle's scores <= 5; later rows of one (cycle, dimension)
    reach 100, and one unsampled cycle is on 0-100: only those rows are rewritten, and the
    tables are the general path's."""
    first = demo_long.get_column("cycle")[0]
    dim = sorted(demo_long.get_column("dimension").unique())[0]
    late_hundred = (pl.col("cycle") == first) & (pl.col("dimension") == dim) & _late(demo_long)
    frame = demo_long.with_columns(
        pl.when(late_hundred).then(pl.col("score") * 20).otherwise(pl.col("score")).alias("score")
    )
    csv = tmp_path / "late100.csv"
    frame.write_csv(csv)
    fast_con, _, _res, ran = _both(csv, tmp_path, monkeypatch, "late100")
    assert ran and calls["profile"] == 0
    mended = {(cyc, tuple(dims), right) for (cyc, _, right), dims in calls["mend"][0].items()}
    assert (first, (dim,), (0.0, 100.0)) in mended
    assert {c for c, _, _ in mended} == {first, "2026Q2"}
    scales = _reviews(fast_con).filter((pl.col("cycle_id") == first) & (pl.col("dimension") == dim))
    assert set(scales["scale"]) == {"0-100"}


def test_labels_and_self_raters_past_the_head_are_mended(
    tmp_path, monkeypatch, demo_long, calls, head_only
):
    """Chinese cycle labels (only the first cycle's in the head) and self-ratings without a
    rater only after the head: relabelled and filled in on the loaded rows."""
    labels = {f"{y}Q{q}": f"{y}年第{q}季度" for y in (2025, 2026) for q in (1, 2, 3, 4)}
    frame = demo_long.with_columns(
        pl.col("cycle").replace(labels),
        pl.when((pl.col("rater_role") == "self") & _late(demo_long))
        .then(None)
        .otherwise(pl.col("rater_id"))
        .alias("rater_id"),
    )
    csv = tmp_path / "cn_labels.csv"
    frame.write_csv(csv)
    fast_con, _, _res, ran = _both(csv, tmp_path, monkeypatch, "cnlab")
    assert ran and calls["profile"] == 0 and calls["fill"]
    assert {cid for (cyc, cid, _) in calls["mend"][0] if cyc != cid} == {
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
    }
    assert set(_reviews(fast_con)["cycle_id"]) == set(labels) - {"2026Q3", "2026Q4"}


def test_an_id_read_as_a_label_is_told_apart(tmp_path, monkeypatch, demo_long, calls, head_only):
    """The head names a cycle '2025年第1季度' (loaded as 2025Q1); a late row says '2025Q1'. The
    stored ids alone could not tell the two apart: the row is loaded marked, so the file is
    profiled, and two spellings of one cycle past the head send it the general way."""
    frame = demo_long.with_columns(
        pl.when(_late(demo_long) | (pl.col("cycle") != "2025Q1"))
        .then(pl.col("cycle"))
        .otherwise(pl.lit("2025年第1季度"))
        .alias("cycle")
    )
    csv = tmp_path / "two_spellings.csv"
    frame.write_csv(csv)
    _, _, _res, ran = _both(csv, tmp_path, monkeypatch, "marked")
    assert not ran and calls["profile"] == 1


@pytest.mark.parametrize(
    "late, profiled, fast",
    [
        ({"score": "A"}, 0, False),  # a grade after the sampled rows: the general path words it
        ({"score": "999"}, 0, False),  # out of range
        ({"employee_id": " E1"}, 0, False),  # padded id
        ({"rater_role": "boss"}, 0, False),  # unknown role
        ({"rater_id": ""}, 0, False),  # a manager without rater
        ({"rater_role": "上级"}, 1, True),  # a known spelling the sample missed: profile, then load
        ({"cycle": "2025年第1季度"}, 0, False),  # a second spelling of a sampled cycle
    ],
)
def test_a_late_row_the_guess_did_not_see(
    tmp_path, monkeypatch, demo_long, calls, head_only, late, profiled, fast
):
    """One row past the sampled head breaks what the guess assumed: the guessed load rolls
    back, and the file takes the general path (or, when the loaded rows cannot tell, is
    profiled and loaded as before), with the general path's tables."""
    rows = demo_long.cast(pl.String)
    i = rows.height - 100
    while rows.row(i, named=True)["rater_role"] != "manager":
        i += 1
    patch = rows.slice(i, 1).with_columns(pl.lit(v).alias(k) for k, v in late.items())
    frame = pl.concat([rows.slice(0, i), patch, rows.slice(i + 1)])
    csv = tmp_path / "late.csv"
    frame.write_csv(csv)
    _, _, _res, ran = _both(csv, tmp_path, monkeypatch, "late")
    assert ran is fast and calls["profile"] == profiled


def test_a_late_duplicate_falls_back(tmp_path, monkeypatch, demo_long, calls):
    csv = tmp_path / "dup.csv"
    pl.concat([demo_long, demo_long.slice(demo_long.height // 2, 1)]).write_csv(csv)
    _, _, res, ran = _both(csv, tmp_path, monkeypatch, "latedup")
    assert not ran and res.quarantined == 1 and calls["profile"] == 0


def _split_by_cycle(demo_long: pl.DataFrame, tmp_path: Path) -> tuple[Path, Path, pl.DataFrame]:
    """v1: the first four cycles; v2: a re-export of the last two of them (one score changed,
    one rating withdrawn) plus two new cycles."""
    cycles = demo_long.get_column("cycle").unique(maintain_order=True).to_list()
    v1 = demo_long.filter(pl.col("cycle").is_in(cycles[:4]))
    v2 = demo_long.filter(pl.col("cycle").is_in(cycles[2:]))
    v2 = v2.with_columns(
        pl.when(pl.int_range(pl.len()) == 5)
        .then(pl.lit(1.0))
        .otherwise(pl.col("score"))
        .alias("score")
    ).slice(1)
    first, second = tmp_path / "v1.csv", tmp_path / "v2.csv"
    v1.write_csv(first)
    v2.write_csv(second)
    return first, second, v2


def test_reimport_of_stored_cycles_on_the_guessed_load(tmp_path, monkeypatch, demo_long, calls):
    first, second, v2 = _split_by_cycle(demo_long, tmp_path)
    outs = _reimport_both_ways(first, second, tmp_path, monkeypatch, "big")
    assert outs[True][2] and calls["profile"] == 0
    assert _reviews(outs[True][0]).equals(_reviews(outs[False][0]))
    for attr in ("replaced", "changed", "rows_loaded"):
        assert getattr(outs[True][1], attr) == getattr(outs[False][1], attr), attr
    # the same ratings again in another row order: every key replaced, nothing changed
    again = tmp_path / "v2_again.csv"
    v2.reverse().write_csv(again)
    con, res, ran = _import(again, tmp_path, True, monkeypatch, "bigTrue", con=outs[True][0])
    assert ran and res.changed == 0 and res.replaced == v2.height
    assert _reviews(con).equals(_reviews(outs[False][0]))


def test_a_failed_reimport_keeps_the_stored_cycles(tmp_path, monkeypatch, demo_long, calls):
    """A re-export whose late row is bad falls back to the general path with the stored rows
    intact until it replaces them; one that fails outright changes nothing."""
    first, second, v2 = _split_by_cycle(demo_long, tmp_path)
    bad = v2.cast(pl.String).with_columns(
        pl.when(pl.int_range(pl.len()) == v2.height - 10)
        .then(pl.lit("999"))
        .otherwise(pl.col("score"))
        .alias("score")
    )
    bad.write_csv(second)
    outs = _reimport_both_ways(first, second, tmp_path, monkeypatch, "badre")
    assert not outs[True][2]
    assert _reviews(outs[True][0]).equals(_reviews(outs[False][0]))
    assert outs[True][1].quarantined == outs[False][1].quarantined == 1

    con = _new_db(tmp_path / "fail.duckdb")
    ingest.import_file(con, first)
    before = {
        t: db.query(con, f'SELECT * FROM "{t}" ORDER BY ALL')
        for t in ("reviews", "cycles", "imports")
    }
    v2.write_csv(second)

    def failing(*_a, **_k):
        raise RuntimeError("disk full")  # after the guessed load replaced the stored rows

    monkeypatch.setattr(ingest, "_log", failing)
    with pytest.raises(RuntimeError):
        ingest.import_file(con, second)
    for t, frame in before.items():
        assert db.query(con, f'SELECT * FROM "{t}" ORDER BY ALL').equals(frame), t


def test_a_malformed_late_line_fails_the_guessed_load_once(tmp_path, monkeypatch, demo_long, calls):
    """DuckDB refuses a line with a field too many in the guessed load itself: the file goes
    the general way at once (profiling it would fail the same way)."""
    csv = tmp_path / "ragged.csv"
    demo_long.write_csv(csv)
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[-50] += ",extra"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = _new_db(tmp_path / "ragged.duckdb")
    assert (
        ingest._import_fast(
            con, csv, "ragged.csv", "", "x", None, None, None, "en", lambda *_: None
        )
        is None
    )
    assert calls["profile"] == 0 and calls["mend"] == []
    assert db.query(con, "SELECT count(*) AS n FROM reviews")["n"][0] == 0


# --- scales kept in the database (issue 17): both paths read a file on the same scales -------
SCALE_HEADER = ["工号", "考核周期", "评价人工号", "评价关系", "考核维度", "得分"]


def _ratings(cycle: str, values: list[int], start: int = 1) -> list[tuple]:
    return [
        (f"E{start + i:04d}", cycle, f"M{i % 3}", "上级", "业绩", v) for i, v in enumerate(values)
    ]


def _after_setup(setup: Path, path: Path, tmp: Path, monkeypatch, tag: str):
    """``path`` imported after ``setup`` on each path: (fast con, result, ran), (general ...)."""
    out = {}
    for fast in (True, False):
        con = _new_db(tmp / f"{tag}_{fast}.duckdb")
        ingest.import_file(con, setup, lang="en")
        out[fast] = _import(path, tmp, fast, monkeypatch, tag, con=con)
    assert _reviews(out[True][0]).equals(_reviews(out[False][0]))
    assert _quarantine(out[True][0]).equals(_quarantine(out[False][0]))
    scales = "SELECT kind, cycle_id, dimension, scale, source FROM dimension_scales ORDER BY ALL"
    assert db.query(out[True][0], scales).equals(db.query(out[False][0], scales))
    assert out[True][1].warnings == out[False][1].warnings
    return out


def test_a_typo_in_a_clean_long_file_goes_the_general_way(tmp_path, monkeypatch):
    values = [((i * 7) % 5) + 1 for i in range(30)]
    values[11] = 6
    path = _write_csv(tmp_path / "typo.csv", SCALE_HEADER, _ratings("2025Q3", values))
    con, _, res, ran = _both(path, tmp_path, monkeypatch, "typo")
    assert not ran and res.quarantined == 1
    assert set(db.query(con, "SELECT DISTINCT scale FROM reviews")["scale"]) == {"1-5"}


def test_a_small_new_cycle_file_keeps_the_stored_scale_on_both_paths(tmp_path, monkeypatch):
    setup = _write_csv(
        tmp_path / "q2.csv", SCALE_HEADER, _ratings("2025Q2", [3 + i % 8 for i in range(40)])
    )
    small = _write_csv(tmp_path / "q3.csv", SCALE_HEADER, _ratings("2025Q3", [2, 3, 4, 5, 4]))
    out = _after_setup(setup, small, tmp_path, monkeypatch, "small")
    got = db.query(out[True][0], "SELECT DISTINCT scale FROM reviews WHERE cycle_id = '2025Q3'")
    assert got["scale"].to_list() == ["1-10"]
    assert not out[True][2]  # the fast path detects 1-5 here, so it steps aside


def test_a_new_cycle_on_another_scale_is_refused_then_loads_declared(tmp_path, monkeypatch):
    """A new cycle on 0-100 after a stored 1-5 is refused on both paths; with its scale
    declared for that cycle the fast path still loads it (the declared scale is the one it
    detects), the same as the general path, with no warning."""
    setup = _write_csv(
        tmp_path / "q2.csv", SCALE_HEADER, _ratings("2025Q2", [1 + i % 5 for i in range(30)])
    )
    newer = _write_csv(
        tmp_path / "q3.csv", SCALE_HEADER, _ratings("2025Q3", [50 + i for i in range(30)])
    )
    con = _new_db(tmp_path / "refused.duckdb")
    ingest.import_file(con, setup, lang="en")
    with pytest.raises(ImportRejected) as exc:
        ingest.import_file(con, newer, lang="en")
    assert exc.value.code == "scale_changed"
    assert exc.value.params["stored"] == "1-5" and exc.value.params["found"] == "0-100"
    mapping = Mapping(scales={"业绩": {"2025Q3": "0-100"}})
    out = {}
    for fast in (True, False):
        con = _new_db(tmp_path / f"declared_{fast}.duckdb")
        ingest.import_file(con, setup, lang="en")
        out[fast] = _import(
            newer, tmp_path, fast, monkeypatch, "declared", con=con, mapping=mapping
        )
    assert _reviews(out[True][0]).equals(_reviews(out[False][0]))
    assert out[True][2]  # the fast path loaded it
    assert out[True][1].warnings == out[False][1].warnings == []
    got = db.query(out[True][0], "SELECT source FROM dimension_scales WHERE cycle_id = '2025Q3'")
    assert got["source"].to_list() == ["mapping"]
