"""Issue 17 review rev17 (minor 1, 8): an import that loads nothing leaves no new database
behind, and the Data page's per-sheet counts add up to what the import loads."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from analytics.cli import main
from analytics.ingest.preview import view_file
from analytics.store import db


def test_a_refused_import_into_a_new_path_creates_nothing(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    target = tmp_path / "typo.duckdb"
    code = main(["--lang", "en", "import", str(empty), "--db", str(target), "--quiet"])
    out = capsys.readouterr()
    assert code == 1
    assert "is empty (0 bytes)" in out.err
    assert "New database" not in out.out + out.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.csv"]


def test_the_sheets_will_load_counts_add_up_to_the_import(tmp_path, no_model_fit):
    """Two sheets holding the same ratings and a third with others: 10 + 0 + 5, not 10+10+5."""
    book = tmp_path / "sheets.xlsx"
    wb = openpyxl.Workbook()
    head = ["工号", "姓名", "考核周期", "评价人", "评价关系", "考核维度", "得分"]
    for title, ids in (("A", range(10)), ("B", range(10)), ("C", range(10, 15))):
        ws = wb.create_sheet(title)
        ws.append(head)
        for i in ids:
            ws.append([f"E{i:03d}", f"P{i}", "2026Q1", "M1", "上级", "业绩", 1 + i % 5])
    del wb["Sheet"]
    wb.save(book)
    con = db.connect(tmp_path / "p.duckdb")
    try:
        view, _ = view_file(con, book)
    finally:
        con.close()
    assert [t.rows_to_load for t in view.tables] == [10, 0, 5]
    code = main(["import", str(book), "--db", str(tmp_path / "p.duckdb"), "--quiet"])
    assert code == 0
    con = db.connect(tmp_path / "p.duckdb")
    try:
        assert con.execute("select count(*) from reviews").fetchone()[0] == 15
    finally:
        con.close()
    assert Path(book).exists()
