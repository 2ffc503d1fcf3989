"""Import pipeline: formats, encodings, shapes, header synonyms, validation, atomicity, idempotency."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics import schema as S
from analytics.ingest import pipeline as ingest
from analytics.ingest import write
from analytics.ingest.detect import detect_file
from analytics.ingest.headers import map_headers
from analytics.ingest.mapping import Mapping, load_mapping
from analytics.ingest.write import set_cycle_order
from analytics.store import db
from analytics.store.batches import Batches, drop_unused
from analytics.text.messages import ImportRejected

LONG_ROWS = [
    # 工号, 考核周期, 评价人工号, 评价关系, 考核维度, 得分
    ("E1", "2025Q1", "E1", "自评", "专业能力", "4"),
    ("E1", "2025Q1", "M1", "上级", "专业能力", "3.5"),
    ("E1", "2025Q1", "P1", "同事", "专业能力", "5"),
    ("E2", "2025Q1", "E2", "本人", "专业能力", "2"),
    ("E2", "2025Q1", "M1", "直属上级", "专业能力", "1"),
    ("E2", "2025Q1", "P2", "互评", "专业能力", "3"),
]
LONG_HEADER = ["工号", "考核周期", "评价人工号", "评价关系", "考核维度", "得分"]


def write_csv(
    path: Path, header: list[str], rows: list[tuple], encoding: str = "utf-8", sep: str = ","
) -> Path:
    text = "\n".join(sep.join(r) for r in [tuple(header), *rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture()
def con():
    c = db.connect(":memory:")
    yield c
    c.close()


def reviews(con) -> pl.DataFrame:
    return db.query(con, "SELECT * FROM reviews ORDER BY employee_id, rater_role")


def counts(con) -> dict[str, int]:
    return {
        t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
        for t in (*S.TABLES, S.REVIEWS)
        if t.name not in ("meta",)
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_csv_encodings_and_separators(tmp_path, con, encoding, sep):
    path = write_csv(tmp_path / "r.csv", LONG_HEADER, LONG_ROWS, encoding, sep)
    res = ingest.import_file(con, path)
    assert res.status == "loaded" and res.loaded == {"reviews": 6} and res.quarantined == 0
    df = reviews(con)
    assert sorted(df["rater_role"].unique().to_list()) == ["manager", "peer", "self"]
    # 1-5 scale detected: (x - 1) / 4
    e1_mgr = df.filter((pl.col("employee_id") == "E1") & (pl.col("rater_role") == "manager"))
    assert e1_mgr["score"][0] == pytest.approx(0.625)
    assert e1_mgr["scale"][0] == "1-5"
    assert df["dimension"].unique().to_list() == ["专业能力"]


def test_gbk_detected_not_utf8(tmp_path, con):
    path = write_csv(tmp_path / "g.csv", LONG_HEADER, LONG_ROWS, "gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert detect_file(path)[0][0].encoding == "gb18030"


def test_unknown_encoding_rejected_with_file_name(tmp_path, con):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x81\x30\xff\xfe\x00\xff" * 10)
    with pytest.raises(ImportRejected) as exc:
        ingest.import_file(con, path)
    assert exc.value.code == "unknown_encoding"
    assert "bad.csv" in exc.value.message("zh") and "编码" in exc.value.message("zh")
    assert "encoding" in exc.value.message("en")
    assert counts(con)["reviews"] == 0


def test_xlsx_every_sheet_and_named_sheet(tmp_path, con):
    import xlsxwriter

    path = tmp_path / "book.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("评分")
    for i, row in enumerate([tuple(LONG_HEADER), *LONG_ROWS]):
        for j, v in enumerate(row):
            ws.write_number(i, j, float(v)) if i and j == 5 else ws.write(i, j, v)
    ws2 = wb.add_worksheet("考核结果")
    for i, row in enumerate(
        [
            ("员工编号", "评估周期", "最终得分", "等级"),
            ("E1", "2025Q1", "88", "A"),
            ("E2", "2025Q1", "61", "C"),
        ]
    ):
        for j, v in enumerate(row):
            ws2.write(i, j, v)
    wb.close()
    res = ingest.import_file(con, path)
    assert res.loaded == {"reviews": 6, "outcomes": 2}
    # numbers typed as numbers in Excel keep their plain spelling
    assert sorted(reviews(con)["score_raw"].to_list()) == ["1", "2", "3", "3.5", "4", "5"]
    out = db.query(con, "SELECT * FROM outcomes ORDER BY employee_id")
    assert out["final_score"].to_list() == pytest.approx([0.88, 0.61])
    assert out["grade"].to_list() == ["A", "C"]

    con2 = db.connect(":memory:")
    res2 = ingest.import_file(con2, path, sheet="考核结果")
    assert res2.loaded == {"outcomes": 2}
    with pytest.raises(ImportRejected) as exc:
        ingest.import_file(con2, path, sheet="没有")
    assert exc.value.code == "sheet_not_found"


def test_parquet_long_english_headers_0_100(tmp_path, con):
    path = tmp_path / "r.parquet"
    pl.DataFrame(
        {
            "Employee ID": ["E1", "E1", "E2"],
            "Cycle": ["2026Q2"] * 3,
            "Rater": ["E1", "M1", "M1"],
            "Rater Role": ["self", "manager", "manager"],
            "Dimension": ["x", "x", "x"],
            "Score": [80.0, 65.5, 100.0],
            "Submitted At": ["2026-06-30 10:00:00"] * 3,
        }
    ).write_parquet(path)
    res = ingest.import_file(con, path)
    assert res.loaded == {"reviews": 3}
    df = reviews(con)
    assert df["score"].to_list() == pytest.approx([0.655, 0.8, 1.0]) or sorted(
        df["score"].to_list()
    ) == pytest.approx([0.655, 0.8, 1.0])
    assert set(df["scale"]) == {"0-100"}
    assert df["submitted_at"].dt.year().to_list() == [2026] * 3


def test_wide_by_dimension_melts_and_feeds_roster(tmp_path, con):
    header = [
        "工号",
        "姓名",
        "部门",
        "团队",
        "职级",
        "岗位序列",
        "直属上级",
        "考核周期",
        "评价人工号",
        "评价关系",
        "专业能力",
        "执行力",
        "备注",
    ]
    rows = [
        (
            "E1",
            "张三",
            "销售中心/华东区",
            "华东一组",
            "P3",
            "销售",
            "M1",
            "2025年第1季度",
            "E1",
            "自评",
            "4",
            "4.5",
            "x",
        ),
        (
            "E1",
            "张三",
            "销售中心/华东区",
            "华东一组",
            "P3",
            "销售",
            "M1",
            "2025年第1季度",
            "M1",
            "上级",
            "3",
            "",
            "y",
        ),
    ]
    path = write_csv(tmp_path / "wide.csv", header, rows, "gbk")
    det = detect_file(path)[0][0]
    assert det.shape == "wide_dimension"
    assert det.dimension_columns == ["专业能力", "执行力"]
    assert det.unmapped == ["备注"]  # reported, not silently dropped
    res = ingest.import_file(con, path)
    assert res.loaded["reviews"] == 3  # the empty cell is not a rating
    emp = db.query(con, "SELECT * FROM employees")
    assert emp.row(0, named=True)["department"] == "销售中心/华东区"
    assert emp.row(0, named=True)["manager_id"] == "M1"
    cyc = db.query(con, "SELECT * FROM cycles")
    assert cyc.row(0, named=True)["cycle_id"] == "2025Q1"


def test_wide_by_role(tmp_path, con):
    header = [
        "员工ID",
        "员工姓名",
        "所属部门",
        "上级工号",
        "周期",
        "自评得分",
        "上级评分",
        "同事评分",
        "最终得分",
        "绩效等级",
    ]
    rows = [
        ("E1", "李四", "研发中心", "M9", "2025年上半年", "90", "80", "70", "78", "B"),
        ("E2", "王五", "研发中心", "M9", "2025年上半年", "60", "", "75", "70", "C"),
    ]
    path = write_csv(tmp_path / "role.csv", header, rows, "utf-8-sig")
    det = detect_file(path)[0][0]
    assert det.shape == "wide_role"
    assert set(det.tables) == {"reviews", "outcomes", "employees"}
    ingest.import_file(con, path)
    df = reviews(con)
    assert df.height == 5
    mgr = df.filter(pl.col("rater_role") == "manager").row(0, named=True)
    assert mgr["rater_id"] == "M9" and mgr["dimension"] == S.OVERALL
    peer = df.filter(pl.col("rater_role") == "peer")
    assert peer["rater_id"].null_count() == 2  # aggregated peer score: rater unknown
    assert db.query(con, "SELECT cadence FROM cycles")["cadence"][0] == "semiannual"


@pytest.mark.parametrize(
    "header,field",
    [
        ("工号", "employee_id"),
        ("员工编号", "employee_id"),
        ("员工ID", "employee_id"),
        ("人员编号", "employee_id"),
        ("ＥＭＰＬＯＹＥＥ　ＩＤ", "employee_id"),
        (" employee_id ", "employee_id"),
        ("姓名", "name"),
        ("员工姓名", "name"),
        ("部门", "department"),
        ("所属部门", "department"),
        ("一级部门", "department"),
        ("团队", "team"),
        ("二级部门", "team"),
        ("小组", "team"),
        ("职级", "level"),
        ("级别", "level"),
        ("岗位序列", "job_family"),
        ("职位族", "job_family"),
        ("岗位类别", "job_family"),
        ("直属上级", "manager_id"),
        ("上级工号", "manager_id"),
        ("汇报对象", "manager_id"),
        ("考核周期", "cycle"),
        ("周期", "cycle"),
        ("评估周期", "cycle"),
        ("评价人", "rater_id"),
        ("评价人工号", "rater_id"),
        ("评分人", "rater_id"),
        ("评价关系", "rater_role"),
        ("评价人角色", "rater_role"),
        ("评价类型", "rater_role"),
        ("考核维度", "dimension"),
        ("考核指标", "dimension"),
        ("评价维度", "dimension"),
        ("指标名称", "dimension"),
        ("得分", "score"),
        ("分数", "score"),
        ("评分", "score"),
        ("权重", "weight"),
        ("绩效等级", "grade"),
        ("等级", "grade"),
        ("考核结果", "grade"),
        ("潜力", "potential"),
        ("潜力评级", "potential"),
        ("评语", "comment"),
        ("评价内容", "comment"),
        ("Rater Role", "rater_role"),
        ("SCORE", "score"),
    ],
)
def test_header_synonyms(header, field):
    mapping, unmapped = map_headers([header])
    assert mapping == {header: field} and unmapped == []


@pytest.mark.parametrize(
    "raw,role",
    [
        ("自评", "self"),
        ("本人", "self"),
        ("上级", "manager"),
        ("直属上级", "manager"),
        ("同事", "peer"),
        ("同级", "peer"),
        ("互评", "peer"),
        ("隔级", "skip_level"),
        ("隔级上级", "skip_level"),
        ("下属", "subordinate"),
        ("Skip-Level", "skip_level"),
    ],
)
def test_role_values(tmp_path, con, raw, role):
    rater = "E1" if role == "self" else "R1"
    path = write_csv(tmp_path / "r.csv", LONG_HEADER, [("E1", "2025Q1", rater, raw, "d", "3")])
    ingest.import_file(con, path)
    assert reviews(con)["rater_role"].to_list() == [role]


def test_mapping_override_file(tmp_path, con):
    path = write_csv(
        tmp_path / "odd.csv",
        ["ID号", "Period", "Who", "Rel", "What", "Pts"],
        [("E1", "2025Q1", "M1", "boss", "d", "7")],
    )
    mp = tmp_path / "map.json"
    mp.write_text(
        json.dumps(
            {
                "columns": {
                    "ID号": "employee_id",
                    "Period": "cycle",
                    "Who": "rater_id",
                    "Rel": "rater_role",
                    "What": "dimension",
                    "Pts": "score",
                },
                "roles": {"boss": "manager"},
                "scales": {"*": "1-10"},
            }
        ),
        encoding="utf-8",
    )
    res = ingest.import_file(con, path, mapping=load_mapping(mp))
    assert res.loaded == {"reviews": 1}
    row = reviews(con).row(0, named=True)
    assert row["rater_role"] == "manager" and row["score"] == pytest.approx(6 / 9)


def test_no_employee_column_rejected(tmp_path, con):
    path = write_csv(tmp_path / "noid.csv", ["姓名", "考核周期", "得分"], [("张三", "2025Q1", "3")])
    with pytest.raises(ImportRejected) as exc:
        ingest.import_file(con, path)
    assert exc.value.code == "no_employee_column"
    msg = exc.value.message("zh")
    assert "noid.csv" in msg and "工号" in msg
    log = db.query(con, "SELECT status, file FROM imports")
    assert log.rows() == [("rejected", "noid.csv")]
    assert counts(con)["reviews"] == 0


def test_row_problems_go_to_quarantine_with_row_column_value(tmp_path, con):
    rows = [
        ("E1", "2025Q1", "E1", "自评", "d", "4"),  # row 2 ok
        ("E1", "2025Q1", "M1", "上级", "d", "7"),  # row 3 out of range for 1-5
        ("E1", "2025Q1", "P1", "老板", "d", "3"),  # row 4 unknown role
        ("E1", "2025Q1", "P2", "同事", "d", "3"),  # row 5 ok
        ("E1", "2025Q1", "P2", "同事", "d", "4"),  # row 6 duplicate of row 5
        ("", "2025Q1", "P3", "同事", "d", "3"),  # row 7 empty employee id
        ("E2", "2025Q1", "E3", "自评", "d", "3"),  # row 8 self review by someone else
        ("E2", "2025Q1", "", "同事", "d", "3"),  # row 9 empty rater
        ("E2", "2025Q1", "M1", "上级", "d", "优"),  # row 10 not a score
    ] + [("E9", "2025Q1", f"R{i}", "同事", "d", "2") for i in range(300)]  # scale evidence: 1-5
    path = write_csv(tmp_path / "bad_rows.csv", LONG_HEADER, rows)
    res = ingest.import_file(con, path)
    q = db.query(
        con,
        'SELECT row_number, "column", raw_value, reason_code, reason FROM quarantine '
        "ORDER BY row_number",
    )
    got = {(r[0], r[1], r[2], r[3]) for r in q.rows()}
    assert got == {
        (3, "得分", "7", "out_of_scale"),
        (4, "评价关系", "老板", "unknown_role"),
        (6, "得分", "4", "duplicate_rating"),
        (7, "工号", None, "empty_employee_id"),
        (8, "评价人工号", "E3", "self_rater_mismatch"),
        (9, "评价人工号", None, "empty_rater_id"),
        (10, "得分", "优", "not_a_score"),
    }
    assert "第 5 行" in q.filter(pl.col("reason_code") == "duplicate_rating")["reason"][0]
    assert res.quarantined == 7
    assert res.loaded["reviews"] == 2 + 300  # good rows load


def test_reimport_same_content_is_noop(tmp_path, con):
    path = write_csv(tmp_path / "r.csv", LONG_HEADER, LONG_ROWS)
    first = ingest.import_file(con, path)
    version = db.data_version(con)
    before = counts(con)
    copy = tmp_path / "copy_same_bytes.csv"
    copy.write_bytes(path.read_bytes())
    again = ingest.import_file(con, copy)
    assert again.status == "duplicate" and again.import_id == first.import_id
    assert "nothing changed" in again.message("en") and "未做任何更改" in again.message("zh")
    assert counts(con) == before and db.data_version(con) == version


def test_corrected_reexport_replaces_cycle_rows(tmp_path, con):
    ingest.import_file(con, write_csv(tmp_path / "v1.csv", LONG_HEADER, LONG_ROWS))
    # E2's peer rating was P3's, not P2's: P2's is withdrawn (the file covers E2's peer ratings)
    corrected = [(*r[:2], "P3", *r[3:]) if r[2] == "P2" else r for r in LONG_ROWS]
    corrected = [(*r[:5], "2") if r[2] == "M1" and r[0] == "E1" else r for r in corrected]  # fixed
    res = ingest.import_file(con, write_csv(tmp_path / "v2.csv", LONG_HEADER, corrected))
    df = reviews(con)
    assert df.height == 6 and "P2" not in df["rater_id"].to_list()
    assert res.replaced == 5  # the withdrawn rating is deleted, not replaced (ratings_dropped)
    assert [p["dropped"] for c, p in res.warnings if c == "ratings_dropped"] == [1]
    # one score changed and one rater changed (old+new row each)
    assert res.changed == 4
    e1m = df.filter((pl.col("employee_id") == "E1") & (pl.col("rater_role") == "manager"))
    assert e1m["score_raw"].to_list() == ["2"]
    log = db.query(con, "SELECT rows_replaced, message FROM imports ORDER BY started_at")
    assert log["rows_replaced"].to_list() == [0, 5]
    # v1's rows are all replaced: its batch goes too, v2's stays
    assert db.query(con, "SELECT import_id FROM review_batches")["import_id"].to_list() == [
        res.import_id
    ]


def test_import_is_atomic_when_failing_midway(tmp_path, con, monkeypatch):
    ingest.import_file(con, write_csv(tmp_path / "v1.csv", LONG_HEADER, LONG_ROWS))
    before = {
        t: db.query(con, f'SELECT * FROM "{t}" ORDER BY ALL')
        for t in ("reviews", "employees", "cycles", "imports")
    }
    version = db.data_version(con)
    calls = {"n": 0}
    real = write.insert_frame

    def failing(c, table, frame):
        calls["n"] += 1
        if table.name == "imports":
            raise RuntimeError("disk full")  # fails after reviews/quarantine were written
        return real(c, table, frame)

    monkeypatch.setattr(write, "insert_frame", failing)  # the tables
    monkeypatch.setattr(ingest, "insert_frame", failing)  # the import log
    rows = [
        ("E3", "2025Q2", "E3", "自评", "d", "4"),
        ("E1", "2025Q1", "M1", "上级", "d", "1"),
        ("E4", "2025Q2", "M1", "上级", "d", "9999"),
    ]
    header = [*LONG_HEADER, "部门"]
    with pytest.raises(RuntimeError):
        ingest.import_file(con, write_csv(tmp_path / "v2.csv", header, [(*r, "X部") for r in rows]))
    assert calls["n"] >= 2
    for t, frame in before.items():
        assert db.query(con, f'SELECT * FROM "{t}" ORDER BY ALL').equals(frame), t
    assert db.data_version(con) == version
    assert counts(con)["quarantine"] == 0


def test_cycle_ordering_across_spellings(tmp_path, con):
    rows = [
        ("E1", lab, "E1", "自评", "d", "3")
        for lab in ("2025年第3季度", "2025Q1", "Q2 2025", "春季特别评估")
    ]
    ingest.import_file(con, write_csv(tmp_path / "c.csv", LONG_HEADER, rows))
    cyc = db.query(con, "SELECT cycle_id, ordering FROM cycles ORDER BY ordering")
    assert cyc["cycle_id"].to_list() == ["2025Q1", "2025Q2", "2025Q3", "春季特别评估"]
    set_cycle_order(con, ["春季特别评估", "2025Q1", "2025Q2", "2025Q3"])
    cyc = db.query(con, "SELECT cycle_id FROM cycles ORDER BY ordering")
    assert cyc["cycle_id"][0] == "春季特别评估"


def test_kpi_and_appeals_sheets(tmp_path, con):
    kpi = write_csv(
        tmp_path / "kpi.csv",
        ["工号", "考核周期", "指标名称", "月份", "目标值", "实际值", "权重"],
        [
            ("E1", "2025Q1", "销售额", "2025-01", "100", "120", "0.6"),
            ("E1", "2025Q1", "新客户数", "2025-01", "10", "x", "0.4"),
        ],
    )
    res = ingest.import_file(con, kpi)  # the bad cell alone is quarantined: its row loads
    assert res.loaded == {"kpi_results": 2} and res.quarantined == 1
    assert db.query(con, "SELECT actual FROM kpi_results WHERE kpi = '新客户数'").item() is None
    k = db.query(con, "SELECT * FROM kpi_results WHERE kpi = '销售额'").row(0, named=True)
    assert k["attainment"] == pytest.approx(1.2) and k["period"] == "2025-01"
    app = write_csv(
        tmp_path / "app.csv",
        ["工号", "考核周期", "申诉日期", "申诉原因", "处理状态", "原等级", "调整后等级"],
        [("E1", "2025Q1", "2025/04/03", "不认可", "已调整", "C", "B")],
    )
    ingest.import_file(con, app)
    a = db.query(con, "SELECT * FROM appeals").row(0, named=True)
    assert str(a["filed_at"]) == "2025-04-03" and a["grade_after"] == "B"
    assert a["outcome"] == "overturned"  # no 处理结果 column: 已调整 says it


# --------------------------------------------------------------------------------------------
# storage: review_rows + review_batches behind the reviews view
# --------------------------------------------------------------------------------------------
def test_each_import_and_scale_is_one_batch(tmp_path, con):
    """Two imports on two scales: each (import, scale) is numbered once, every stored row
    points at its own, and the reviews view gives each row its import and scale back."""
    a = ingest.import_file(con, write_csv(tmp_path / "a.csv", LONG_HEADER, LONG_ROWS))
    rows_b = [
        ("E9", "2025Q2", "M1", "上级", "专业能力", "80"),
        ("E9", "2025Q2", "E9", "自评", "专业能力", "3"),
        ("E8", "2025Q2", "M1", "上级", "专业能力", "55"),
    ]
    declared = Mapping(scales={"专业能力": {"2025Q2": "0-100"}})  # a new cycle's change
    b = ingest.import_file(con, write_csv(tmp_path / "b.csv", LONG_HEADER, rows_b), declared)
    batches = db.query(con, "SELECT import_id, scale FROM review_batches ORDER BY ALL")
    assert sorted(batches.rows()) == sorted([(a.import_id, "1-5"), (b.import_id, "0-100")])
    assert db.query(con, "SELECT count(DISTINCT batch) AS n FROM review_rows")["n"][0] == 2
    view = db.query(con, "SELECT employee_id, score_raw, scale, import_id FROM reviews")
    e9 = view.filter(pl.col("employee_id") == "E9").sort("score_raw")
    assert e9.rows() == [("E9", "3", "0-100", b.import_id), ("E9", "80", "0-100", b.import_id)]
    assert set(view.filter(pl.col("employee_id") == "E1")["import_id"]) == {a.import_id}
    assert list(db.query(con, "SELECT * FROM reviews LIMIT 0").columns) == S.REVIEWS.names


def test_database_of_an_earlier_version_is_moved_into_batches(tmp_path):
    """A database whose ``reviews`` is still a table (before review_rows) opens with every
    rating kept, as rows and batches behind the view; opening it again changes nothing."""
    path = tmp_path / "old.duckdb"
    raw = duckdb.connect(str(path))
    cols = ", ".join(f'"{c}" {db._duck_type(t)}' for c, t in S.REVIEWS.columns.items())
    raw.execute(f"CREATE TABLE reviews ({cols})")
    raw.execute("""INSERT INTO reviews VALUES
        ('2025Q1', 'E1', 'M1', 'manager', 'd', '4', 0.75, '1-5', NULL, 'ok', NULL, 'imp1'),
        ('2025Q1', 'E2', 'M1', 'manager', 'd', '2', 0.25, '1-5', 0.5, NULL, NULL, 'imp1'),
        ('2025Q2', 'E1', 'M1', 'manager', 'd', '70', 0.7, '0-100', NULL, NULL, NULL, 'imp2'),
        ('2025Q2', 'E2', NULL, 'peer', 'd', 'A', 0.75, 'grade:SABCD', NULL, NULL, NULL, NULL)""")
    before = raw.sql("SELECT * FROM reviews ORDER BY ALL").fetchall()
    raw.close()
    for _ in range(2):
        con = db.connect(path)
        assert con.sql("SELECT * FROM reviews ORDER BY ALL").fetchall() == before
        assert (
            con.execute("SELECT count(*) FROM review_batches").fetchone()[0] == 3
        )  # distinct (import, scale)
        assert (
            con.execute(
                "SELECT count(*) FROM duckdb_views() WHERE view_name = 'reviews'"
            ).fetchone()[0]
            == 1
        )
        con.close()


def test_reexport_through_the_general_path_keeps_every_row_batched(tmp_path, con):
    """A corrected export with a bad row takes the general path: the rows it replaces go with
    their batch, and every stored row keeps its import and scale in the view."""
    first = ingest.import_file(con, write_csv(tmp_path / "v1.csv", LONG_HEADER, LONG_ROWS))
    rows = [*LONG_ROWS[:3], ("E1", "2025Q1", "P9", "同事", "专业能力", "abc")]  # quarantined
    res = ingest.import_file(con, write_csv(tmp_path / "v2.csv", LONG_HEADER, rows))
    assert res.quarantined == 1 and res.replaced == 3
    df = reviews(con)
    assert df.height == 6 and df["scale"].null_count() == 0
    assert set(df.filter(pl.col("employee_id") == "E1")["import_id"]) == {res.import_id}
    assert set(df.filter(pl.col("employee_id") == "E2")["import_id"]) == {first.import_id}
    assert sorted(db.query(con, "SELECT import_id FROM review_batches")["import_id"]) == sorted(
        [first.import_id, res.import_id]
    )


def test_an_unused_batch_is_dropped_and_numbered_anew(con):
    """drop_unused forgets a batch no row points at, the running import's too, so the import
    numbers that scale again (a stale number would leave its rows without a scale)."""
    batches = Batches("imp")
    five, hundred = batches.number(con, "1-5"), batches.number(con, "0-100")
    assert five != hundred and batches.number(con, "1-5") == five
    con.execute(
        "INSERT INTO review_rows (cycle_id, employee_id, rater_id, rater_role, dimension, "
        "score_raw, score, batch) VALUES ('c', 'E1', 'M1', 'manager', 'd', '4', 0.75, $b)",
        {"b": five},
    )
    assert drop_unused(con, batches) == 1
    assert batches.numbers == {"1-5": five}
    again = batches.number(con, "0-100")
    assert again not in (five, hundred)
    assert sorted(db.query(con, "SELECT scale FROM review_batches")["scale"]) == ["0-100", "1-5"]
    assert db.query(con, "SELECT scale, import_id FROM reviews").rows() == [("1-5", "imp")]


def test_a_database_from_before_dimension_scales_keeps_its_scales(tmp_path):
    """Opening a database written before ``dimension_scales`` (and ``cells_quarantined``)
    adds them; the scales its ratings were read on are kept, so a 3-row correction of a 1-10
    cycle is read on 1-10, not re-detected as 1-5."""
    case = Path(__file__).parent / "data" / "bad" / "v_scale_correction_keeps_1_10"
    path = tmp_path / "old.duckdb"
    con = db.connect(path)
    ingest.import_file(con, case / "2025Q3_评分.csv")
    con.execute("DROP TABLE dimension_scales")
    con.execute("ALTER TABLE imports DROP COLUMN cells_quarantined")
    con.execute("DELETE FROM meta WHERE key = $k", {"k": db.SCHEMA_FINGERPRINT_KEY})  # as then
    con.close()
    con = db.connect(path)
    assert con.execute("SELECT scale FROM dimension_scales").fetchall() == [("1-10",)]
    res = ingest.import_file(con, case / "2025Q3_更正.csv")
    assert [(c.scale, c.source) for c in res.scales] == [("1-10", "stored")]
    assert con.execute("SELECT cells_quarantined FROM imports ORDER BY started_at").fetchall() == [
        (None,),
        (0,),
    ]
    con.close()


def test_mapping_exclude_and_ignore_leave_columns_out(tmp_path, con):
    """``exclude`` (or its spelling ``ignore``) in a mapping file leaves source columns out,
    matched like headers (width, case, spaces)."""
    path = write_csv(
        tmp_path / "wide.csv",
        ["工号", "考核周期", "评价人工号", "评价关系", "业绩", "能力", "满意度指数", "部门"],
        [(f"E{i}", "2025Q1", "M1", "上级", "4", "3", str(60 + i), "研发") for i in range(5)],
    )
    mapping = tmp_path / "m.toml"
    mapping.write_text('ignore = ["满意度指数"]\nexclude = ["ＢＵ", " 部门 "]\n', encoding="utf-8")
    m = load_mapping(mapping)
    assert m.exclude == ["ＢＵ", " 部门 ", "满意度指数"]
    res = ingest.import_file(con, path, mapping=m)
    assert res.detections[0].dimension_columns == ["业绩", "能力"]
    assert res.detections[0].excluded == ["满意度指数", "部门"]
    assert (
        db.query(con, "SELECT count(*) AS n FROM employees WHERE department IS NOT NULL")[
            "n"
        ].item()
        == 0
    )


def test_scales_seeded_from_as_many_ratings_each_keep_the_one_read_last(tmp_path):
    """left29 item 8: seeding ``dimension_scales`` in a database written before it took the
    commonest scale of a (cycle, dimension) by ``arg_max``, either one on a tie. A tie keeps
    the scale of the batch stored last (the later file), whichever batch holds more rows of
    other dimensions, and a clear majority still wins."""
    path = tmp_path / "tie.duckdb"
    con = db.connect(path)
    con.execute("INSERT INTO review_batches VALUES (1, 'a', '1-10'), (2, 'b', '1-5')")
    rows = [
        ("C1", "业绩", 1), ("C1", "业绩", 1), ("C1", "业绩", 2), ("C1", "业绩", 2),  # tie: 2
        ("C1", "能力", 2), ("C1", "能力", 1), ("C1", "能力", 1),  # 1-10 by 2 to 1
        ("C2", "业绩", 2), ("C2", "业绩", 1),  # tie: 2
    ]  # fmt: skip
    for i, (cycle, dim, batch) in enumerate(rows):
        con.execute(
            "INSERT INTO review_rows (cycle_id, employee_id, dimension, score, batch) "
            "VALUES ($c, $e, $d, 0.5, $b)",
            {"c": cycle, "e": f"E{i}", "d": dim, "b": batch},
        )
    con.execute("DROP TABLE dimension_scales")
    con.execute("DELETE FROM meta WHERE key = $k", {"k": db.SCHEMA_FINGERPRINT_KEY})
    con.close()
    con = db.connect(path)
    got = con.execute("SELECT cycle_id, dimension, scale FROM dimension_scales ORDER BY ALL")
    assert got.fetchall() == [("C1", "业绩", "1-5"), ("C1", "能力", "1-10"), ("C2", "业绩", "1-5")]
    con.close()
