"""left30: the leftovers of the issue 16/19 reviews: times with their zone in the appeals audit,
the access log and the meeting's stale-change message (item 4), integer ids of a Parquet
export written back as integers (item 5), the company parts equal from call to call (item 6)."""

from __future__ import annotations

import html
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


# --- item 1: a manager change said in words, not as sets --------------------------------------


def _team_with_a_second_manager() -> pl.DataFrame:
    """A changes frame (score_changes' columns) of 3 departments x 20 people: in A, a team of
    5 whose manager 00902 was replaced by 00907, where 00902 still rated 2 of them (their
    managers read "00902,00907", the lowest and highest who rated them)."""
    import numpy as np

    rng = np.random.default_rng(3)
    n = 60
    dept = np.repeat(np.array(["A", "B", "C"]), 20)
    old = ["00902"] * 5 + ["00999"] * 55
    new = ["00907"] * 3 + ["00902,00907"] * 2 + ["00999"] * 55
    change = rng.normal(0, 0.05, n)
    ch = pl.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(n)],
            "dept": dept,
            "from_cycle": "c1",
            "to_cycle": "c2",
            "from_order": 1,
            "change": change,
            "rater": 0.0,
            "company": 0.0,
            "manager_from": old,
            "manager_to": new,
            "manager_changed": [a != b for a, b in zip(old, new)],
        }
    )
    return ch.with_columns(
        manager_change_estimated=pl.when(pl.col("manager_changed")).then(False),
        n_pair=pl.len(),
        n_dept=pl.len().over("dept"),
        department=pl.col("change").mean().over("dept"),
    ).with_columns(individual=pl.col("change") - pl.col("department"))


def test_a_manager_still_rating_beside_the_new_one_is_said_in_words():
    from analytics.findings.names import with_names
    from analytics.stats.attribution import manager_changes
    from analytics.text import render_column

    out = manager_changes(_team_with_a_second_manager()).sort("n")
    assert out.select("manager_from", "manager_to", "manager_new", "manager_kept", "n").rows() == [
        ("00902", "00902,00907", "00907", "00902", 2),
        ("00902", "00907", "00907", None, 3),
    ]
    codes = out["reason"].struct.field("code").to_list()
    assert codes == ["manager_change_not_separable_kept", "manager_change_not_separable"]
    zh = render_column(out["reason"], "zh", "reason").to_list()
    en = render_column(out["reason"], "en", "reason").to_list()
    assert "上级由 00902 换为 00907，00902 也仍评价这 2 人" in zh[0] and "00902,00907" not in zh[0]
    assert "manager 00902 → 00907, 00902 also still rating these 2 people" in en[0]
    assert (
        "上级由 00902 换为 00907（3 人）" in zh[1] and "manager 00902 → 00907 (3 people)" in en[1]
    )
    # the new and the still-rating manager by name beside the id
    names = pl.DataFrame({"employee_id": ["00902", "00907"], "name": ["王伟", "李娜"]})
    named = with_names(out, names)
    assert named.select("manager_new_name", "manager_kept_name").rows() == [
        ("李娜", "王伟"),
        ("李娜", None),
    ]


def test_a_manager_who_stopped_rating_beside_another_is_said_in_words():
    from analytics.stats.attribution import manager_changes
    from analytics.text import render_column

    ch = _team_with_a_second_manager().with_columns(
        pl.col("manager_from").replace({"00902": "00902,00907"}),
        pl.col("manager_to").replace({"00907": "00907", "00902,00907": "00907"}),
    )
    ch = ch.with_columns(manager_changed=pl.col("manager_from") != pl.col("manager_to"))
    (row,) = manager_changes(ch).iter_rows(named=True)
    assert (row["manager_new"], row["manager_kept"], row["n"]) == (None, "00907", 5)
    assert row["reason"]["code"] == "manager_change_not_separable_dropped"
    zh, en = (render_column(pl.Series([row["reason"]]), lang, "reason")[0] for lang in ("zh", "en"))
    assert "这 5 人原由 00902,00907 评价，现只由 00907 评价" in zh
    assert "these 5 people, rated by 00902,00907 before, are now rated by 00907 alone" in en


# --- item 3: why company and department are not separated, once per pair ----------------------


@pytest.fixture(scope="module")
def two_dept_findings(tmp_path_factory):
    """The findings of fixstat29's company of two departments (3 quarters: 2 joint pairs)."""
    from analytics.findings.report import build_findings
    from tests.app.test_fixstat29_pages import import_two_departments
    from tests.conftest import built_copy

    dbp = built_copy(tmp_path_factory, "two_dept", import_two_departments, "two.duckdb")
    con = db.connect(dbp, read_only=True)
    try:
        yield build_findings(con)
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_and_the_packet_say_why_once_per_pair(two_dept_findings, lang):
    from analytics.export.packet import to_packet_html
    from analytics.export.report import to_xlsx
    from analytics.findings.headlines import section_title
    from analytics.findings.stories import joint_pairs
    from analytics.text import render

    f = two_dept_findings
    shifts = f.sections["department_shifts"]
    assert shifts["environment_joint"].all() and shifts.height == 4  # 2 departments x 2 pairs
    joint = joint_pairs(shifts)
    assert [p["params"] for p in joint["pairs"]] == [
        {"from_cycle": "2026Q1", "to_cycle": "2026Q2", "n_depts": 2},
        {"from_cycle": "2026Q2", "to_cycle": "2026Q3", "n_depts": 2},
    ]
    note = render("attr.environment_joint_pairs", lang, **joint)
    # why, per pair (two departments: too few; left31 names it in the pair)
    why = {"zh": "只有 2 个部门", "en": "only 2 departments"}[lang]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(f, lang)))
    sheet = book[section_title("department_shifts", f.sections, lang)[:31]]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    # each department's row says the two are not separated; why, once, in the note
    assert sum(why in c for c in cells) == 1 and cells.count(note) == 1
    rows = [c for c in cells if "制造中心 2026Q" in c or "质量部 2026Q" in c]
    assert len(rows) == 4 and all(why not in c for c in rows)
    assert all(("无法分开" if lang == "zh" else "cannot be separated") in c for c in rows)
    page = to_packet_html(f, lang)
    assert page.count(html.escape(note)) == 1


# --- item 7: nothing left running on DuckDB when the process ends ------------------------------


def test_the_end_of_the_process_begins_no_background_work_and_waits_for_it(monkeypatch):
    import time

    from analytics import runtime

    monkeypatch.setattr(runtime, "_ending", False)
    monkeypatch.setattr(runtime, "_started", {})
    monkeypatch.setattr(runtime, "_last_run_end", time.monotonic())  # a page just ended
    ran: list[int] = []
    thread = runtime.when_quiet("left30-quiet", lambda: ran.append(1))
    assert thread.is_alive()  # waiting for the quiet after the page
    assert runtime.end_background(5.0) and not thread.is_alive() and ran == []


def test_an_open_write_is_interrupted_and_the_file_keeps_what_it_had(tmp_path):
    import threading

    import duckdb

    from analytics.store import access

    path = tmp_path / "w.duckdb"
    with access.writing(path) as con:
        con.execute("CREATE TABLE kept AS SELECT 1 AS x")
    failed: list[BaseException] = []
    started = threading.Event()

    def write() -> None:
        try:
            with access.writing(path) as con:
                con.execute("CREATE TABLE lost AS SELECT 2 AS x")
                started.set()
                con.execute("SELECT count(*) FROM range(1000000000000) a").fetchall()
        except duckdb.Error as exc:
            failed.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    assert started.wait(30)
    time_left = 30.0
    while thread.is_alive() and time_left > 0:
        access.interrupt_writers()
        thread.join(0.05)
        time_left -= 0.05
    assert not thread.is_alive() and failed
    assert access.interrupt_writers() == 0  # none open
    con, _ = access.connect_reader(path)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert "kept" in tables and "lost" not in tables
