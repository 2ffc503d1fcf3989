"""rev28a's import and meeting minors (issue 19): appeal outcomes 上调/下调 under 结果, ids named
in import messages, the write-back's names and id order, the sheet warning, the preview's
dropped rows, the level that was imported, local times."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics.ingest import pipeline as ingest
from analytics.store import db


@pytest.fixture()
def con():
    c = db.connect(":memory:")
    yield c
    c.close()


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_bytes("\n".join(rows).encode("gb18030") + b"\n")
    return path


def test_appeal_outcome_under_jieguo_with_raise_and_lower(tmp_path, con):
    """Her appeals CSV: 结果 is the outcome beside 申诉日期; 上调/下调 are overturned, 维持 and
    撤回 upheld; an unknown word is refused in the reader's language, with its values."""
    path = _csv(
        tmp_path / "申诉记录.csv",
        [
            "工号,周期,申诉日期,结果",
            "000001,2025H2,2026/1/15,上调",
            "000002,2025H2,2026/1/15,下调",
            "000003,2025H2,2026/1/15,维持",
            "000004,2025H2,2026/1/15,撤回",
            "000005,2025H2,2026/1/15,再议",
        ],
    )
    res = ingest.import_file(con, path, lang="zh")
    got = dict(db.query(con, "SELECT employee_id, outcome FROM appeals").rows())
    assert got == {
        "000001": "overturned",
        "000002": "overturned",
        "000003": "upheld",
        "000004": "upheld",
        "000005": None,
    }
    assert res.quarantined == 1
    zh = db.query(con, "SELECT reason FROM quarantine").item()
    assert "上调" in zh and "下调" in zh and not re.search(r"[A-Za-z]", zh), zh
    res_en = ingest.import_file(db.connect(":memory:"), path, lang="en")
    assert res_en.quarantined == 1


def test_bare_result_header_is_no_outcome_without_appeal_columns(tmp_path):
    """结果 alone (a grade sheet's) is not read as an appeal outcome; beside 申诉日期 it is."""
    from analytics.ingest.detect import detect_file

    grades = _csv(tmp_path / "g.csv", ["工号,周期,绩效等级,结果", "1,2025H2,A,好"])
    assert "outcome" not in detect_file(grades)[0][0].mapping.values()
    appeals = _csv(tmp_path / "a.csv", ["工号,周期,申诉日期,结果", "1,2025H2,2026/1/15,上调"])
    assert detect_file(appeals)[0][0].mapping["结果"] == "outcome"


def test_write_back_names_people_and_counts_ids(tmp_path):
    """Her 最终等级 sheet had no 姓名: the write-back adds it after the export's columns; ids
    sort as numbers (1, 2, 10, 100), not as text (1, 10, 100, 2)."""
    import polars as pl

    from analytics.calibration.original import Original
    from analytics.calibration.sessions import id_order
    from analytics.calibration.writeback import APPENDED, on_original

    ids = ["10", "2", "100", "1", "E7", "000003"]
    got = pl.DataFrame({"employee_id": ids}).sort(*id_order("employee_id"))
    assert got["employee_id"].to_list() == ["1", "2", "000003", "10", "100", "E7"]
    rows = pl.DataFrame(
        {"employee_id": ["1", "2"], "name": ["王欣", "李静"]} | {c: [None, None] for c in APPENDED},
        schema_overrides=dict.fromkeys(APPENDED, pl.String),
    )
    bare = Original(["工号", "等级"], {"1": ["1", "A"], "2": ["2", "B"]}, "工号", ["f.xlsx"])
    headers, body = on_original(bare, rows, "zh", typed=False)
    assert headers[:4] == ["工号", "等级", "姓名", "校准后等级"] and body[0][:3] == [
        "1",
        "A",
        "王欣",
    ]
    assert on_original(bare, rows, "en")[0][2] == "Name"
    named = Original(["工号", "姓名"], {"1": ["1", "王欣"], "2": ["2", "李静"]}, "工号", ["f"])
    assert on_original(named, rows, "zh")[0].count("姓名") == 1


def test_manager_change_names_people_beside_their_ids():
    """ "1 (2025H1 2 → 2025H2 3)" read like counts: each id is said to be one (工号) and named
    where the file's roster (or the stored one) has the name."""
    import polars as pl

    from analytics.ingest.prepare import Prepared
    from analytics.ingest.sheets import manager_changes
    from analytics.text.messages import render

    reviews = pl.DataFrame(
        {
            "cycle_id": ["2025H1", "2025H2"],
            "employee_id": ["1", "1"],
            "rater_id": ["2", "3"],
            "rater_role": ["manager", "manager"],
        }
    )
    people = pl.DataFrame({"employee_id": ["1", "2"], "name": ["王欣", "张三"]})
    prep = Prepared({"reviews": reviews, "employees": people}, [], pl.DataFrame(), 2)
    ((code, params),) = manager_changes([prep], "f.xlsx", {"3": "李四"})
    zh, en = render(code, "zh", **params), render(code, "en", **params)
    assert "王欣（工号 1）：2025H1 上级 张三（工号 2） → 2025H2 上级 李四（工号 3）" in zh, zh
    assert "王欣 (id 1): 2025H1 manager 张三 (id 2) → 2025H2 manager 李四 (id 3)" in en, en
    from analytics.text.messages import distinct

    assert distinct([(code, params), (code, dict(params))]) == [(code, params)]  # said once


def _two_sheets(path: Path) -> Path:
    """Her workbook in small: 考核明细 (ratings with their rater) and 最终等级 (results)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    rows = {
        "考核明细": [["工号", "周期", "评价人工号", "评价关系", "维度", "得分"]]
        + [[str(e), "2025H1", "9", "上级", "业绩", str(70 + e)] for e in range(1, 5)]
        + [["1", "2025H1", "9", "上级", "业绩", "70"], ["2", "2025H1", "9", "上级", "业绩", "999"]],
        "最终等级": [["工号", "周期", "最终得分", "等级"]]
        + [[str(e), "2025H1", str(70 + e), "良好"] for e in range(1, 5)],
    }
    for name, table in rows.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(table):
            ws.write_row(r, 0, row)
    wb.close()
    return path


def test_no_rater_warning_when_another_sheet_has_the_raters(tmp_path, con):
    """The 最终等级 sheet warned "评价人分析将不可用" though 考核明细 carries the raters: no
    longer, neither in the preview nor after the import; a results file alone still warns."""
    from analytics.ingest.preview import view_file

    path = _two_sheets(tmp_path / "绩效.xlsx")
    view, _ = view_file(con, path)
    assert "no_rater_results_only" not in [c for c, _ in view.warnings]
    res = ingest.import_file(con, path)
    assert "no_rater_results_only" not in [c for c, _ in res.warnings]
    alone = _csv(tmp_path / "r.csv", ["工号,周期,最终得分,等级", "1,2025H1,71,良好"])
    fresh = db.connect(":memory:")
    assert "no_rater_results_only" in [c for c, _ in ingest.import_file(fresh, alone).warnings]


def test_preview_names_the_cells_it_will_hold_back(tmp_path, con):
    """ "将写入 N 行" said 2 fewer rows than found without saying which: the preview names
    them (file and sheet, row, column, value, reason) as the quarantine does afterwards."""
    from analytics.ingest.preview import view_file

    path = _two_sheets(tmp_path / "绩效.xlsx")
    view, _ = view_file(con, path, lang="zh")
    held = view.tables[0].held_back
    assert held is not None and held["row_number"].to_list() == [6, 7]
    assert held["file"].to_list() == ["绩效.xlsx[考核明细]"] * 2
    assert held["raw_value"].to_list() == ["70", "999"]
    assert "第 2 行" in held["reason"][0] and "0-100" not in held["reason"][0]
    assert view.tables[1].held_back.height == 0
    res = ingest.import_file(con, path)
    after = db.query(con, "SELECT row_number, raw_value FROM quarantine ORDER BY 1")
    assert res.quarantined == 2 and after.rows() == [(6, "70"), (7, "999")]


@pytest.mark.parametrize("families", [0, 5])
def test_a_small_level_group_is_not_said_to_have_no_level(families):
    """184 王欣's level (M2) was imported but its group is small: his peer group is the company
    ("全公司"), or those without a job family, never "no level or job family imported"."""
    import polars as pl

    from analytics.stats.potential import performance_profile
    from analytics.text import render

    ids = [str(i) for i in range(15)]
    emp = pl.DataFrame(
        {
            "employee_id": ids,
            "department": ["销售中心"] * 15,
            "level": ["M2"] * 3 + ["P1"] * 12,
            "job_family": [None] * (15 - families) + ["研发"] * families,
        },
        schema_overrides={"job_family": pl.String},
    )
    scores = pl.DataFrame(
        {"cycle_id": ["2026H1"] * 15, "employee_id": ids, "adjusted": [60.0 + i for i in range(15)]}
    )
    prof = performance_profile(scores, emp, min_group=10)
    group = prof.filter(pl.col("employee_id") == "0")["peer_group"].item()
    assert group == ("company" if families == 0 else "no_job_family"), group
    words = render(f"unit.{group}", "zh")
    assert "未导入" not in words and words in ("全公司", "未填岗位序列的员工")
    assert render(f"unit.{group}", "en") in ("Company", "people with no job family")


@pytest.mark.parametrize("n", range(1, 9))
def test_a_guideline_example_in_any_grades_reads_back(n):
    """The refusal's example is a guideline in the dataset's own grades that reads back and
    sums to 100%; without grades it stays S/A/B/C/D."""
    from analytics.calibration.fit import example_guideline, parse_guideline
    from analytics.calibration.moves import Refused

    grades = [f"G{i}" for i in range(n)]
    assert list(parse_guideline(example_guideline(grades))) == grades
    with pytest.raises(Refused) as refused:
        parse_guideline("15, 35, 40, 10", ["优秀", "良好", "合格", "待改进"])
    assert refused.value.params["example"] == "优秀 15%, 良好 35%, 合格 40%, 待改进 10%"
    assert example_guideline() == "S 10%, A 20%, B 50%, C 15%, D 5%"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_times_stored_in_utc_are_said_in_the_local_zone_and_named(lang, monkeypatch):
    """Packet, record and sign-off said "02:31（UTC）" to a reader in Beijing: a UTC time is
    shown in the configured (else the machine's) zone, with its offset; a stamp that carries
    its own offset is kept as written."""
    from datetime import UTC, datetime

    from analytics.calibration.record import when
    from analytics.text.render import format_when

    monkeypatch.setenv("PERFLENS_TZ", "Asia/Shanghai")
    want = {"zh": "2026年12月6日 10:40（UTC+08:00）", "en": "6 Dec 2026, 10:40 UTC+08:00"}[lang]
    assert format_when("2026-12-06T02:40:00Z", lang) == want
    assert when(datetime(2026, 12, 6, 2, 40, 5), lang) == want  # the record's, stored naive UTC
    assert when(datetime(2026, 12, 6, 2, 40, tzinfo=UTC), lang) == want
    assert format_when("2026-12-06T04:30:00+05:30", lang).endswith(("（UTC+05:30）", "UTC+05:30"))
    monkeypatch.setenv("PERFLENS_TZ", "UTC")
    assert format_when("2026-12-06T02:40:00Z", "zh") == "2026年12月6日 02:40（UTC）"
