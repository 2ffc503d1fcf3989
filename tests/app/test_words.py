"""Words, not identifiers (issue 19): every header, code and number a user sees on a page or in
an export is worded in the chosen language and formatted for reading.

The checks read what is shown, not what the code meant to show: table headers as Streamlit
received them (the column config's label, else the frame's column name), string cells of every
table, and the workbook's header row, cells and number formats.
"""

from __future__ import annotations

import io
import json
import re

import openpyxl
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics.store import db
from analytics.text.labels import column_label
from tests.app.test_pages import PAGES, ROOT

SNAKE = re.compile(r"^[A-Za-z0-9]+(_[A-Za-z0-9]+)+$")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: a Chinese header may be a symbol or an abbreviation every reader knows
ASCII_OK = {"KPI", "n", "p", "H", "SD", "IQR", "Q1", "Q3", "ICC", "AUC", "df", "w"}
#: a code left in a cell of the Chinese UI: a lower-case English word or phrase
ENGLISH_CELL = re.compile(r"^[a-z][a-z ]{3,}$")


def _bad_header(label: str, lang: str) -> bool:
    if SNAKE.match(label):
        return True
    return lang == "zh" and not CJK.search(label) and label not in ASCII_OK


def _bad_cell(value: str, lang: str) -> bool:
    return bool(SNAKE.match(value)) or (lang == "zh" and bool(ENGLISH_CELL.match(value)))


@pytest.fixture(scope="module")
def findings(demo_db):
    from analytics.findings.report import build_findings

    con = db.connect(demo_db)
    try:
        cycles = [r[0] for r in con.execute("SELECT cycle_id FROM cycles ORDER BY 1").fetchall()]
        yield {
            "company": build_findings(con),
            "cycle": build_findings(con, cycles=[cycles[-1]]),
            "department": build_findings(con, department="研发中心"),
        }
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_findings_column_has_a_header(findings, lang):
    missing = {
        (scope, name, col)
        for scope, f in findings.items()
        for name, frame in f.sections.items()
        for col in frame.columns
        if _bad_header(column_label(col, lang), lang)
    }
    assert not missing, sorted(missing)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_columns_of_a_section_share_a_header(findings, lang):
    """Two columns under one header leave the reader guessing (and the export appends the
    identifier to tell them apart)."""
    twice = set()
    for scope, f in findings.items():
        for name, frame in f.sections.items():
            labels = [
                column_label(c, lang, numeric=d.is_numeric()) for c, d in frame.schema.items()
            ]
            twice |= {(scope, name, lab) for lab in labels if labels.count(lab) > 1}
    assert not twice, sorted(twice)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_is_worded_and_formatted(findings, lang):
    from analytics.export.report import to_xlsx

    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(findings["department"], lang)))
    bad, formats = set(), {}
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        bad |= {(ws.title, h) for h in header if isinstance(h, str) and _bad_header(h, lang)}
        for row in ws.iter_rows(min_row=2, max_row=60):
            for cell in row:
                if isinstance(cell.value, str) and _bad_cell(cell.value, lang):
                    bad.add((ws.title, cell.value))
                if isinstance(cell.value, float):
                    formats[(ws.title, header[cell.column - 1])] = cell.number_format
    assert not bad, sorted(bad)[:20]
    share = "占比" if lang == "zh" else "Share"
    p_head = "p值" if lang == "zh" else "p"
    shares = {f for (_, h), f in formats.items() if h == share}
    p_values = {f for (_, h), f in formats.items() if h == p_head}
    assert shares == {"0.0%"}, shares
    assert p_values == {'[<0.001]"<0.001";0.000'}, p_values
    assert "General" not in set(formats.values()), {k for k, f in formats.items() if f == "General"}


@pytest.fixture(scope="module")
def person_id(demo_db):
    con = db.connect(demo_db)
    try:
        return con.execute(
            "SELECT employee_id FROM employees WHERE department LIKE '研发中心%' ORDER BY 1 LIMIT 1"
        ).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_show_words_not_identifiers(demo_db, person_id, monkeypatch, lang):
    """Every page with a department filter set and a person chosen: headers and string cells."""
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = "中文" if lang == "zh" else "English"
    at.query_params["employee"] = person_id
    at.run()
    at.sidebar.selectbox(key="dept").set_value("研发中心").run()
    bad: dict[str, set[str]] = {}
    tables = 0
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        for frame in at.dataframe:
            tables += 1
            config = json.loads(frame.proto.columns or "{}")
            value = frame.value
            value = value if isinstance(value, pl.DataFrame) else pl.from_pandas(value)
            for id_col, name_col in (("employee_id", "name"), ("rater_id", "rater_name")):
                if id_col in value.columns and name_col not in value.columns:
                    bad.setdefault(page, set()).add(f"{id_col} without {name_col}")
            for col, dtype in value.schema.items():
                label = (config.get(col) or {}).get("label") or col
                if _bad_header(label, lang):
                    bad.setdefault(page, set()).add(f"header {label}")
                if dtype == pl.String:
                    cells = value[col].drop_nulls().unique().head(500).to_list()
                    bad.setdefault(page, set()).update(
                        f"{label}={c}" for c in cells if _bad_cell(c, lang)
                    )
    assert tables >= 15, tables  # the pages did show their tables
    assert not any(bad.values()), {k: sorted(v)[:10] for k, v in bad.items() if v}
