"""left30: the leftovers of the issue 16/19 reviews: times with their zone in the appeals audit,
the access log and the meeting's stale-change message (item 4), integer ids of a Parquet
export written back as integers (item 5), the company parts equal from call to call (item 6)."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import schema as S
from analytics.findings import parts
from analytics.findings.scope import Scope, ScopeData, load_scope
from analytics.store import db

#: 09:00 UTC as stored (no zone) is 17:00 in Shanghai
T0 = datetime(2026, 12, 4, 9, 0, 0)
STAMP = "2026-12-04 17:00:00+08:00"


# --- item 4: one way to say a stored time -----------------------------------------------------


def test_the_appeals_audit_says_its_times_in_the_zone_with_the_offset(monkeypatch):
    from analytics.calibration import appeals

    monkeypatch.setenv("PERFLENS_TZ", "Asia/Shanghai")
    row = dict.fromkeys(S.APPEAL_AUDIT.empty().columns)
    row |= {"seq": 1, "appeal_id": "A1", "action": "record", "employee_id": "E2", "at": T0}
    trail = pl.DataFrame([row], schema=S.APPEAL_AUDIT.empty().schema)
    out = appeals.audit_frame(trail, "zh")
    assert out["changed_at"].to_list() == [STAMP]


def test_the_access_log_says_its_times_in_the_zone_with_the_offset(monkeypatch):
    from analytics.text.render import render
    from ui.audit import worded

    monkeypatch.setenv("PERFLENS_TZ", "Asia/Shanghai")
    log = pl.DataFrame(
        {
            "at": [T0],
            "event": ["sign_in"],
            "user": ["E2"],
            "role": ["manager"],
            "reach": ["E2"],
            "via": ["dashboard"],
            "dataset": ["demo"],
            "scope": [""],
            "file": [""],
            "detail": [""],
        }
    )
    for lang in ("zh", "en"):
        out = worded(log, lang)
        assert out[render("accesslog.col.at", lang)].to_list() == [STAMP]


def test_the_stale_change_message_says_the_time_in_the_zone(monkeypatch):
    from analytics.calibration import moves

    monkeypatch.setenv("PERFLENS_TZ", "Asia/Shanghai")
    assert moves.when(T0) == STAMP and moves.when(None) == ""


# --- item 5: a Parquet export's integer ids come back as integers ------------------------------


def _parquet_ids_back(tmp_path, name: str, ids: pl.Series) -> dict:
    """A Parquet export of 研发中心 whose 工号 column is ``ids``, imported, a session signed
    off: each stored id and its 工号 cell in the write-back workbook."""
    from analytics.calibration import original, sessions, writeback
    from analytics.cli import main

    src, path = tmp_path / f"{name}.parquet", tmp_path / f"{name}.duckdb"
    n = ids.len()
    pl.DataFrame(
        {
            "工号": ids,
            "姓名": [f"员工{i}" for i in range(n)],
            "部门": ["研发中心"] * n,
            "考核周期": ["2025Q4"] * n,
            "最终得分": [3.5 + i / 10 for i in range(n)],
            "绩效等级": ["AB"[i % 2] for i in range(n)],
        }
    ).write_parquet(src)
    assert main(["import", str(src), "--db", str(path), "--quiet"]) == 0
    sid = sessions.create(path, cycle="2025Q4", department="研发中心", author="hr", at=T0)
    sessions.sign_off(path, sid, "boss", T0)
    s = sessions.load(path, sid)
    rows, own = sessions.writeback_rows(path, s), original.load(path, s)
    assert own is not None
    out = openpyxl.load_workbook(io.BytesIO(writeback.to_xlsx(s, rows, "zh", original=own)))
    return dict(zip(rows["employee_id"], [r[0] for r in out.worksheets[0].iter_rows(min_row=2)]))


def test_a_parquet_exports_integer_ids_go_back_as_integers(tmp_path):
    """left30 item 5: 工号 stored as integers in the Parquet file (123) came back as the text
    "123"; text ids with leading zeros ("000123") stay that text."""
    numbers = _parquet_ids_back(tmp_path, "n", pl.Series([123, 124, 1005], dtype=pl.Int64))
    assert {k: (c.value, c.data_type) for k, c in numbers.items()} == {
        "123": (123, "n"),
        "124": (124, "n"),
        "1005": (1005, "n"),
    }
    text = _parquet_ids_back(tmp_path, "t", pl.Series(["000123", "000124", "001005"]))
    assert {k: (c.value, c.data_type) for k, c in text.items()} == {
        "000123": ("000123", "s"),
        "000124": ("000124", "s"),
        "001005": ("001005", "s"),
    }


# --- item 6: the same parts from call to call --------------------------------------------------


def _fresh(data: ScopeData) -> ScopeData:
    fields = {k: getattr(data, k) for k in data.__dataclass_fields__}
    return ScopeData(
        **{**fields, "extras": {k: v for k, v in data.extras.items() if k.startswith("company_")}}
    )


def test_the_rating_pairs_come_in_the_order_of_their_first_row():
    """A hash group-by gives its groups in an order that changes from call to call; the pairs
    every company model sums over are in their first row's order (left30 item 6)."""
    from analytics.stats.keys import rating_pairs

    n = 4000
    ratings = pl.DataFrame(
        {
            "cycle_id": ["C1"] * n,
            "employee_id": [f"E{(i * 7919) % 997}" for i in range(n)],
            "rater_id": [f"R{i % 13}" for i in range(n)],
            "rater_role": ["manager"] * n,
            "dimension": ["d"] * n,
            "score": [float(i % 5) for i in range(n)],
        }
    )
    got = rating_pairs(ratings)
    assert (
        got["_row"].is_sorted() and got.height == ratings.unique(["employee_id", "rater_id"]).height
    )
    assert got["_row"][:3].to_list() == [0, 1, 2]


def test_the_rater_table_is_the_same_to_the_last_bit_twice_and_on_two_threads(small_demo_db):
    """The rater table's ct_ci95_high differed by up to 1e-12 between two fits of the same data
    (on one thread as on two): the pairs' and the recency join's order changed from call to
    call. Now every column is equal to the last bit."""
    con = db.connect(small_demo_db, read_only=True)
    data = load_scope(con, Scope(), materialised=False)
    con.close()
    tables = []
    for threads in (1, 1, 2):
        d = _fresh(data)
        parts.fit_parts(d, ["rater_table"], threads=threads)
        tables.append(d.extras["co:rater_table"])
    assert tables[0].height > 100
    for other in tables[1:]:
        assert_frame_equal(tables[0], other, check_exact=True)


@pytest.fixture(autouse=True)
def _no_zone_leak(monkeypatch):
    monkeypatch.delenv("PERFLENS_TZ", raising=False)


# --- item 2: the import says when no default guideline applies to the grades -------------------


@pytest.mark.parametrize(
    ("grades", "said"),
    [
        ("ABCD", True),  # fits S-D and A-E, no S: no default (rev29a item 3)
        ("ABCDE", True),
        ("SABCD", False),  # the default S-D guideline applies
        ("SAB", False),
    ],
)
def test_the_import_says_the_grades_have_no_default_guideline(tmp_path, grades, said):
    from analytics.ingest import pipeline as ingest
    from analytics.text import render
    from tests.test_ingest import write_csv

    header = ["工号", "姓名", "部门", "考核周期", "最终得分", "绩效等级"]
    rows = [
        (f"E{i:03d}", f"员工{i}", "研发中心", "2025Q4", "3", grades[i % len(grades)])
        for i in range(20)
    ]
    path = write_csv(tmp_path / "g.csv", header, rows)
    con = db.connect(":memory:")
    try:
        res = ingest.import_file(con, path)
    finally:
        con.close()
    assert res.status == "loaded"
    notes = [(c, p) for c, p in res.notes if c == "grade_column_no_guideline"]
    assert bool(notes) is said
    if said:
        ((_, params),) = notes
        zh = render("import.grade_column_no_guideline", "zh", **params)
        en = render("import.grade_column_no_guideline", "en", **params)
        assert "「绩效等级」" in zh and "分数分布" in zh and "本数据集的强制分布指引" in zh
        assert (
            "'绩效等级'" in en and "Distributions page" in en and "This dataset's guideline" in en
        )
