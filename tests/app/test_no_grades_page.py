"""A dataset of ratings only (no grades) on 0-100 (review of issue 19, M3): the distributions
page says it cannot compare with the guideline and then prints no people to move; its
inflation sentence is in points on 0-100, as its chart; the overview lists no count of
nothing as a headline (AppTest on a 30-person file; assertions use catalogue words). With
grades (the small demo): the guideline table keeps which way and how many (M1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.cli import main
from analytics.text import render
from tests.app.test_data_page import LANGS
from tests.conftest import built_copy
from tests.test_datasets import company_csv

ROOT = Path(__file__).resolve().parents[2]


def _import_hundred(folder: Path) -> None:
    path = company_csv(folder / "h.csv", 30, 1, 5, 3)
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        head, score = line.rsplit(",", 1)
        out.append(f"{head},{int(score) * 20 if score.isdigit() else score}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    assert main(["import", str(path), "--db", str(folder / "h.duckdb"), "--quiet"]) == 0


@pytest.fixture(scope="module")
def hundred(tmp_path_factory) -> Path:
    """30 people, 2 cycles, scores on 0-100 (1-5 x 20), no grade column; findings stored. A
    private copy, imported once per test run for this module and
    tests/app/test_rev19d_pages.py."""
    return built_copy(tmp_path_factory, "hundred", _import_hundred, "h.duckdb")


def _page(db: Path, monkeypatch, lang: str, page: str | None) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = LANGS[lang]
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts + [i.value for i in at.info])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_grades_no_moves_and_inflation_in_points(hundred, monkeypatch, lang):
    at = _page(hundred, monkeypatch, lang, "pages/distributions.py")
    body = _text(at)
    assert render("dist.no_grades", lang, cycle="2025H2") in body
    moved = r"需调整 \d+ 人" if lang == "zh" else r"\d+ to move"
    assert not re.search(moved, body)  # no grades: no one to move
    words = render("unit.points", lang, scale="0-100")
    line = next(m.value for m in at.markdown if "95% CI" in str(m.value) and words in m.value)
    slope = float(re.search(r"[+-]\d[\d.e+-]*", line).group())
    assert abs(slope) > 0.05 or slope == 0  # points, not a 0-1 fraction of the scale


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_lists_no_count_of_nothing(hundred, monkeypatch, lang):
    at = _page(hundred, monkeypatch, lang, None)
    body = "\n".join(str(m.value) for m in at.markdown)
    zero_guideline = render("overview.headline_recheck", lang, n=0)
    assert zero_guideline not in body
    assert "- 0 " not in body


@pytest.mark.parametrize("page", ["pages/attribution.py", "pages/potential.py", "pages/raters.py"])
def test_pages_with_priority_tables_render(hundred, monkeypatch, page):
    _page(hundred, monkeypatch, "zh", page)


def test_guideline_table_shows_direction_and_moves(small_demo_db, tmp_path, monkeypatch):
    """With recorded grades: the guideline table keeps which way and how many at 1280 (its
    column config hides neither), and the sentences under it say which way."""
    import json
    import shutil

    db = tmp_path / "small.duckdb"
    shutil.copy(small_demo_db, db)
    at = _page(db, monkeypatch, "zh", "pages/distributions.py")
    table = next(d for d in at.dataframe if "direction" in d.value.columns)
    config = json.loads(table.proto.columns)
    assert config.get("direction", {}).get("width"), config  # the config that fit() wrote
    for col in ("unit", "direction", "top_excess", "people_to_move"):
        assert not config.get(col, {}).get("hidden"), col
    words = [
        render(f"direction.{d}", "zh")
        for d in ("inflated", "deflated", "mixed", "in_line", "in_line_sides")
    ]
    moves = [
        c.value for c in at.caption if "需调整" in c.value and "同规模合规部门通常为" in c.value
    ]
    assert moves and all(any(w in m for w in words) for m in moves)
