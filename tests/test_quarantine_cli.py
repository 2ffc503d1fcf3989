"""``python -m analytics quarantine``: the CSV it writes is neutralised like every report
export, and what it prints carries no terminal control sequences from the cells."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from analytics.cli import main
from analytics.store import db
from tests.conftest import skip_model_fit

CASE = Path(__file__).parent / "data" / "bad" / "v_quarantine_formula_cells"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """The folder of :func:`dbfile`, imported once for the module's tests (each gets a copy)."""
    folder = tmp_path_factory.mktemp("quarantine_cli")
    with pytest.MonkeyPatch.context() as mp:
        skip_model_fit(mp)
        path = str(folder / "q.duckdb")
        assert main(["import", str(CASE / "评分.csv"), "--db", path, "--quiet"]) == 0
    return folder


@pytest.fixture
def dbfile(imported, tmp_path, monkeypatch):
    """The case's export imported (no model fit): a copy in ``tmp_path`` of the module's one
    import (:func:`imported`, with what the import wrote beside the database); each of the four
    tests imported it again (0.45 s each)."""
    skip_model_fit(monkeypatch)
    shutil.copytree(imported, tmp_path, dirs_exist_ok=True)
    return str(tmp_path / "q.duckdb")


def test_quarantine_csv_is_neutralised(dbfile, tmp_path, capsys):
    out = tmp_path / "q.csv"
    assert main(["quarantine", "--db", dbfile, "--out", str(out)]) == 0
    frame = pl.read_csv(out, infer_schema=False)
    values = [v for col in frame.columns for v in frame[col].drop_nulls().to_list()]
    assert not [v for v in values if v[:1] in ("=", "+", "-", "@", "\t", "\r")], values
    assert "'=cmd|' /C calc'!A0" in values
    assert any(v.startswith("'=HYPERLINK(") for v in values)


def test_quarantine_console_strips_control_characters(dbfile, capsys):
    con = db.connect(dbfile)
    con.execute(
        'INSERT INTO quarantine (import_id, file, row_number, "column", raw_value, reason, '
        "reason_code) VALUES ('x', 'evil.csv', 2, '得分', $v, 'r', 'not_a_score')",
        {"v": "\x1b[31m5\x1b[0m\x07\x9b2J"},
    )
    con.close()
    capsys.readouterr()
    assert main(["quarantine", "--db", dbfile]) == 0
    printed = capsys.readouterr().out
    assert "evil.csv" in printed
    assert not any(ch in printed for ch in ("\x1b", "\x07", "\x9b"))


@pytest.mark.parametrize(
    ("lang", "headers"),
    [
        ("zh", ["文件", "行号", "列", "原始值", "原因"]),
        ("en", ["File", "Row", "Column", "Raw value", "Reason"]),
    ],
)
def test_quarantine_in_the_reader_s_words(dbfile, tmp_path, capsys, lang, headers):
    """On screen a table with the reader's headers and reasons, no frame dump (shape, column
    types) and no reason code; the CSV has the same headers (the Data page's download)."""
    capsys.readouterr()
    assert main(["--lang", lang, "quarantine", "--db", dbfile]) == 0
    printed = capsys.readouterr().out
    assert all(h in printed for h in headers), printed
    for leak in ("shape:", "reason_code", "row_number", "raw_value", " str ", "not_a_score"):
        assert leak not in printed, (leak, printed)
    out = tmp_path / "q.csv"
    assert main(["--lang", lang, "quarantine", "--db", dbfile, "--out", str(out)]) == 0
    assert pl.read_csv(out, infer_schema=False).columns == headers


def test_an_empty_quarantine_is_said_so(tmp_path, capsys, monkeypatch):
    import analytics.findings.materialise as materialise

    monkeypatch.setattr(materialise, "refresh", lambda con, *a, **k: None)
    path = str(tmp_path / "e.duckdb")
    clean = Path(__file__).parent / "data" / "bad" / "clean_long_csv"
    assert main(["import", *map(str, sorted(clean.glob("*.csv"))), "--db", path, "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--lang", "zh", "quarantine", "--db", path]) == 0
    assert capsys.readouterr().out.strip() == "隔离区为空：没有被隔离的单元格。"


def test_an_import_whose_cells_moved_to_a_later_import_says_so(tmp_path, capsys, monkeypatch):
    """The same file imported again (another header row): its quarantined cells are kept once,
    under the later import; asked for the first import, the command says where they went."""
    import analytics.findings.materialise as materialise

    monkeypatch.setattr(materialise, "refresh", lambda con, *a, **k: None)
    path = str(tmp_path / "r.duckdb")
    src = str(
        Path(__file__).parent
        / "data"
        / "bad"
        / "x17_quarantine_reimport_header_row"
        / "2025Q3_考核结果.csv"
    )
    assert main(["import", src, "--db", path, "--quiet"]) == 0
    con = db.connect(path)
    first = con.execute("SELECT import_id FROM imports").fetchone()[0]
    con.close()
    assert main(["import", src, "--db", path, "--quiet", "--header-row", "2"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "quarantine", "--db", path, "--import-id", first]) == 0
    assert "no longer has them" in capsys.readouterr().out


def test_quarantine_prints_each_reason_in_full(tmp_path, capsys, monkeypatch):
    """The table does not cut a reason short: the row and sheet it names are its point (rev17d
    F11: "duplicate rating … (first at row N)" lost its row number)."""
    import analytics.findings.materialise as materialise

    monkeypatch.setattr(materialise, "refresh", lambda con, *a, **k: None)
    book = CASE.parent / "i17e_sheets_summary_conflict_xlsx" / "绩效汇总_2025Q3.xlsx"
    path = str(tmp_path / "q.duckdb")
    assert main(["import", str(book), "--db", path, "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "quarantine", "--db", path]) == 0
    out = capsys.readouterr().out
    assert "differs from sheet '销售中心' row 2 (1) for the same record; neither was loaded" in out
    assert "…" not in out
