"""The write-back keeps the HR system's own export (issue 21, "original columns kept"): every
original header in its order, the cells as exported (numbers stay numbers, ids text), the
export's grade column untouched, the final grade, change and reason appended."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from analytics.calibration import original, sessions, writeback
from analytics.calibration.moves import Move

T0 = datetime(2026, 12, 4, 9, 0, 0)

HEADERS = [
    "工号",
    "姓名",
    "部门",
    "直属上级",
    "考核周期",
    "是否校准",
    "性别",
    "年龄段",
    "销售额",
    "最终得分",
    "绩效等级",
]
ROWS = [
    ["E001", "张三", "研发中心/平台", "M01", "2025Q4", "是", "男", "30-39岁", 120000, 4.52, "S"],
    ["E002", "李四", "研发中心/平台", "M01", "2025Q4", "否", "女", "20-29岁", 98000.5, 3.9, "A"],
    ["E003", "王五", "研发中心/平台", "M01", "2025Q4", "是", "男", "40-49岁", 87000, 3.03, "B"],
    ["E004", "赵六", "研发中心/应用", "M02", "2025Q4", "否", "女", "30-39岁", 76000, 3.2, "B"],
    ["E005", "钱七", "研发中心/应用", "M02", "2025Q4", "是", "女", "20-29岁", 65000, 3.1, "B"],
    ["E006", "孙八", "研发中心/应用", "M02", "2025Q4", "否", "男", "30-39岁", 54000, 2.8, "B"],
    ["E007", "周九", "研发中心/应用", "M02", "2025Q4", "是", "男", "40-49岁", 43000, 2.1, "C"],
    ["E008", "吴十", "研发中心/应用", "M02", "2025Q4", "否", "女", "50岁及以上", 32000, 1.5, "D"],
]


def _import(src, path) -> None:
    """``src`` imported by the CLI into ``path`` with no model fit: a calibration session and
    its write-back read the ratings and grades, no stored result (each fit of these eight
    people cost 1.5 CPU s)."""
    from analytics.cli import main
    from analytics.findings import materialise

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(materialise, "refresh", lambda con, *a, **k: {})
        assert main(["import", str(src), "--db", str(path), "--quiet"]) == 0


def imported(tmp_path):
    """The export (:data:`HEADERS`, :data:`ROWS`) written as XLSX and imported; the dataset.
    A module that only needs the dataset takes :func:`imported_copy`."""
    src = tmp_path / "考核结果.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for r in ROWS:
        sheet.append(r)
    book.save(src)
    path = tmp_path / "w.duckdb"
    _import(src, path)
    return path


def imported_copy(tmp_path_factory) -> Path:
    """A private copy (a folder of its own) of :func:`imported`'s dataset, imported once per
    test run (:func:`tests.conftest.built_copy`) for every module that tests this export: this
    one, tests/test_fixrev30b.py and tests/app's fixrev30b, meeting-forms and import28 pages
    each imported it again (0.8-1.5 CPU s each)."""
    from tests.conftest import built_copy

    return built_copy(tmp_path_factory, "writeback_export", imported, "w.duckdb")


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """The export imported, a session of 研发中心 with three moves, signed off: once for the
    module; a test that writes to the
    dataset writes to a copy."""
    path = imported_copy(tmp_path_factory)
    sid = sessions.create(path, cycle="2025Q4", department="研发中心", author="hr", at=T0)
    moves = [
        Move("E003", "A", "kpi_evidence", "=KPI 130%", 0),
        Move("E006", "C", "peer_evidence", "peers", 0),
        Move("E007", "B", "other", "project rescued", 0),
    ]
    for m in moves:
        sessions.apply(path, sid, [m], "hr", T0)
    sessions.sign_off(path, sid, "boss", T0)
    s = sessions.load(path, sid)
    return path, s


def test_the_write_back_is_the_original_export_plus_the_decision(signed):
    path, s = signed
    own = original.load(path, s)
    assert own is not None and own.headers == HEADERS
    rows = sessions.writeback_rows(path, s)
    for lang, added in (
        ("zh", ["校准后等级", "等级变化", "理由类别", "理由说明", "修改人", "修改时间"]),
        ("en", ["Final grade", "Change", "Reason category", "Reason", "Changed by", "Changed at"]),
    ):
        book = openpyxl.load_workbook(io.BytesIO(writeback.to_xlsx(s, rows, lang, original=own)))
        sheet = book.worksheets[0]
        head = [c.value for c in sheet[1]]
        assert head == HEADERS + added  # original headers untranslated, in order
        got = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
        assert sorted(got) == [r[0] for r in ROWS]
        for r in ROWS:
            assert list(got[r[0]][: len(HEADERS)]) == r  # numbers stay numbers, text as is
        assert isinstance(got["E003"][HEADERS.index("最终得分")], float)
        changed = {k: v[len(HEADERS) : len(HEADERS) + 4] for k, v in got.items() if v[-5]}
        assert sorted(changed) == ["E003", "E006", "E007"]
        assert changed["E003"][:2] == ("A", "B → A")
        assert changed["E003"][3] == "'=KPI 130%"  # neutralised
        assert changed["E006"][:2] == ("C", "B → C") and changed["E006"][3] == "peers"
        assert changed["E007"][:2] == ("B", "C → B")
        assert got["E001"][len(HEADERS)] == "S" and got["E001"][-5] is None
        # the export's own grade column keeps the grade before the meeting
        assert got["E003"][HEADERS.index("绩效等级")] == "B"


def test_the_csv_write_back_keeps_the_cells_as_written(signed):
    path, s = signed
    rows = sessions.writeback_rows(path, s)
    text = writeback.to_csv(s, rows, "en", original.load(path, s)).decode("utf-8-sig")
    lines = text.splitlines()
    assert (
        lines[0]
        == ",".join(HEADERS) + ",Final grade,Change,Reason category,Reason,Changed by,Changed at"
    )
    e3 = next(line for line in lines if line.startswith("E003,"))
    assert e3.startswith("E003,王五,研发中心/平台,M01,2025Q4,是,男,40-49岁,87000,3.03,B,A,B → A,")
    assert "KPI evidence" in e3 and "'=KPI 130%" in e3


def test_a_dataset_without_original_rows_keeps_the_canonical_write_back(signed, tmp_path):
    import shutil

    from analytics import schema as S
    from analytics.store import access, db

    path, s = signed
    assert original.load(path, s) is not None
    path = shutil.copyfile(path, tmp_path / "w.duckdb")  # the module's dataset kept whole
    with access.writing(path) as con:
        con.execute(f"DELETE FROM {db.q(S.SOURCE_ROWS.name)}")
    assert original.load(path, s) is None


def test_the_bonus_command_with_a_base_column_of_the_export(signed, capsys):
    from analytics.cli import main

    path, s = signed
    base = ["calibrate", "bonus", s.row["session_id"], "--db", str(path), "--pool", "100000"]
    assert main(["--lang", "en", *base, "--scheme", "rank", "--base", "销售额"]) == 0
    out = capsys.readouterr().out
    assert "Pool 100,000.00 (no currency entered) (by ranking, base column “销售额”)" in out
    assert "100,000.00 shared out before calibration, 100,000.00 after, 8 people" in out
    assert main(["--lang", "zh", *base, "--base", "姓名"]) == 2  # names are no amounts
    assert "基数列「姓名」" in capsys.readouterr().err
    assert main(["--lang", "en", *base[:-2]]) == 2
    assert "bonus needs --pool" in capsys.readouterr().err


RATER_HEADERS = [
    "工号",
    "姓名",
    "部门",
    "考核周期",
    "评价人工号",
    "评价关系",
    "业绩达成",
    "绩效等级",
]


def test_an_export_written_a_row_per_rater_gives_one_person_row(tmp_path):
    """Reviewer rev22 minor 8: an export of one row per rater (the grade repeated on each) gave
    each person their self-review's row back, rater id, role and scores included. The
    write-back holds the person's record: the columns that are the same on all their rows
    (the grade kept), in the export's order; the rater's columns are left out."""
    src = tmp_path / "评价明细.csv"
    grades = {"E001": "A", "E002": "B", "E003": "B", "E004": "C"}
    lines = [",".join(RATER_HEADERS)]
    for i, (emp, grade) in enumerate(grades.items()):
        for rater, role, score in ((emp, "自评", 5), ("M01", "上级", 3 + i % 2), ("P9", "同事", 4)):
            lines.append(f"{emp},员工{i},研发中心/平台,2025Q4,{rater},{role},{score},{grade}")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "r.duckdb"
    _import(src, path)
    sid = sessions.create(path, cycle="2025Q4", department="研发中心", author="local-admin", at=T0)
    sessions.apply(path, sid, [Move("E003", "A", "kpi_evidence", "KPI", 0)], "local-admin", T0)
    sessions.sign_off(path, sid, "local-admin", T0)
    s = sessions.load(path, sid)
    own = original.load(path, s)
    assert own is not None
    assert own.headers == ["工号", "姓名", "部门", "考核周期", "绩效等级"]
    rows = sessions.writeback_rows(path, s)
    book = openpyxl.load_workbook(io.BytesIO(writeback.to_xlsx(s, rows, "zh", original=own)))
    sheet = book.worksheets[0]
    got = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert sorted(got) == sorted(grades)
    assert got["E003"][:5] == ("E003", "员工2", "研发中心/平台", "2025Q4", "B")
    assert got["E003"][5:7] == ("A", "B → A")
    # the changed-by column names the local administrator as the audit sheet does
    head = [c.value for c in sheet[1]]
    assert got["E003"][head.index("修改人")] == "本机管理员"


def test_the_write_back_and_the_record_say_the_same_local_time(signed, monkeypatch):
    """left29 item 3: a change stored at 09:00 UTC (T0) is 17:00 in Shanghai. The printed record
    said "2026年12月4日 17:00（UTC+08:00）" while the write-back (CSV, the workbook's rows and
    its audit sheet) wrote "2026-12-04 09:00:00" without a zone: now every file says 17:00
    with its offset (the CSV as ISO 8601, which a program reads; the workbook as a real time
    shown in the page's words)."""
    from analytics.calibration import record

    monkeypatch.setenv("PERFLENS_TZ", "Asia/Shanghai")
    path, s = signed
    rows, own = sessions.writeback_rows(path, s), original.load(path, s)
    stamp = "2026-12-04 17:00:00+08:00"
    text = writeback.to_csv(s, rows, "zh", own).decode("utf-8-sig")
    e3 = next(line for line in text.splitlines() if line.startswith("E003,"))
    assert e3.endswith(f",{stamp}"), e3
    canonical = writeback.to_csv(s, rows, "en").decode("utf-8-sig")
    assert canonical.count(stamp) == 3 and "09:00:00" not in canonical
    # the workbook: a real time (17:00, the zone's), in the page's words by its number format
    # (session 45: the cell read "2026-12-07 23:57:19+00:00" beside the pages' words)
    local, shown = datetime(2026, 12, 4, 17, 0), 'yyyy"年"m"月"d"日 "hh:mm"（UTC+08:00）"'
    book = openpyxl.load_workbook(io.BytesIO(writeback.to_xlsx(s, rows, "zh", original=own)))
    head = [c.value for c in book.worksheets[0][1]]
    at = head.index("修改时间")
    got = {r[0].value: r[at] for r in book.worksheets[0].iter_rows(min_row=2)}
    assert got["E003"].value == local and got["E003"].number_format == shown
    assert got["E001"].value is None
    audit = list(book.worksheets[2].iter_rows())
    at = [c.value for c in audit[0]].index("修改时间")
    assert {(r[at].value, r[at].number_format) for r in audit[1:]} == {(local, shown)}
    canonical = openpyxl.load_workbook(io.BytesIO(writeback.to_xlsx(s, rows, "en")))
    sheet = canonical.worksheets[0]
    at = [c.value for c in sheet[1]].index("Changed at")
    e3 = next(r[at] for r in sheet.iter_rows(min_row=2) if r[0].value == "E003")
    assert e3.value == local and e3.number_format == '[$-409]d" "mmm" "yyyy", "hh:mm" UTC+08:00"'
    page = record.record_html(s, rows, "zh")
    assert "2026年12月4日 17:00（UTC+08:00）" in page and "09:00" not in page


def _ids_back(tmp_path, name: str, ids: list) -> dict:
    """An export of 研发中心 whose 工号 cells are ``ids`` (as the workbook holds them), imported,
    a session signed off: each stored id and its 工号 cell in the write-back workbook."""
    src, path = tmp_path / f"{name}.xlsx", tmp_path / f"{name}.duckdb"
    book = openpyxl.Workbook()
    book.active.append(["工号", "姓名", "部门", "考核周期", "最终得分", "绩效等级"])
    for i, emp in enumerate(ids):
        book.active.append([emp, f"员工{i}", "研发中心", "2025Q4", 3.5 + i / 10, "AB"[i % 2]])
    book.save(src)
    _import(src, path)
    sid = sessions.create(path, cycle="2025Q4", department="研发中心", author="hr", at=T0)
    sessions.sign_off(path, sid, "boss", T0)
    s = sessions.load(path, sid)
    rows, own = sessions.writeback_rows(path, s), original.load(path, s)
    out = openpyxl.load_workbook(io.BytesIO(writeback.to_xlsx(s, rows, "zh", original=own)))
    return dict(zip(rows["employee_id"], [r[0] for r in out.worksheets[0].iter_rows(min_row=2)]))


def test_the_write_back_gives_ids_back_as_the_workbook_held_them(tmp_path):
    """left29 item 4: 工号 as numbers in the workbook (123) come back as numbers, not as the
    text "123"; as text with leading zeros ("000123") they come back as that text, not 123.
    fix34m: one text cell among numbers ("1013.0", "E125") made the whole column text, and a
    number beside them came back as text; each cell comes back as the workbook held it: the
    number 124 as 124 (though the id plan stored it 000124, the width of the others), the
    text "1013.0" as that text (though stored 001013)."""
    numbers = _ids_back(tmp_path, "n", [123, 124, 1005])
    assert {k: (c.value, c.data_type) for k, c in numbers.items()} == {
        "123": (123, "n"),
        "124": (124, "n"),
        "1005": (1005, "n"),
    }
    mixed = _ids_back(tmp_path, "t", ["000123", 124, "000777", "001005", "1013.0", "E125"])
    assert {k: (c.value, c.data_type) for k, c in mixed.items()} == {
        "000123": ("000123", "s"),
        "000124": (124, "n"),
        "000777": ("000777", "s"),
        "001005": ("001005", "s"),
        "001013": ("1013.0", "s"),
        "E125": ("E125", "s"),
    }
