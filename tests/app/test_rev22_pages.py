"""rev22 on the pages: where departments are shown by cycle, a line says they are as of the
latest cycle when the imports found people in other departments in earlier cycles (AppTest on
a 30-person, 3-cycle file with two movers and a rename; words from the catalogue)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.cli import main
from analytics.text import render
from tests.app.test_data_page import LANGS
from tests.test_ingest import write_csv
from tests.test_rev22_import import HEADER, messy_rows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("moved")
    path = write_csv(tmp / "moves.csv", HEADER, messy_rows())
    dbp = tmp / "m.duckdb"
    assert main(["import", str(path), "--db", str(dbp), "--quiet"]) == 0
    return dbp


def _page(db: Path, monkeypatch, lang: str, page: str) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = LANGS[lang]
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "page"), [("zh", "pages/distributions.py"), ("en", "pages/attribution.py")]
)
def test_departments_by_cycle_say_they_are_as_of_the_latest_cycle(moved, monkeypatch, lang, page):
    at = _page(moved, monkeypatch, lang, page)
    renamed = render("common.latest_departments_renamed", lang, pairs=["总部/旧部 → 总部/新部"])
    line = render("common.latest_departments", lang, latest="2025Q3", n=2, renamed=renamed)
    captions = [c.value for c in at.caption]
    assert line in captions, captions


def test_no_line_without_movers(demo, monkeypatch):
    at = _page(demo, monkeypatch, "zh", "pages/distributions.py")
    head = render("common.latest_departments", "zh", latest="X", n=0, renamed="")[:6]
    assert not [c.value for c in at.caption if c.value.startswith(head)]
