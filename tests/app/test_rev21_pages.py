"""Review 21 on pages (AppTest on a 30-person file with no team, level or potential; assertions
use catalogue words, both languages): a department's people without a team are the unit
"未分配" / "Unassigned" in the distribution chart, never the code (item 2); the potential page
ranked with no potential recorded is titled and explained as a performance ranking, as the
overview and the exports say, without the potential weight or "同职级" (item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.cli import main
from analytics.text import render
from tests.app.apptest import direct
from tests.app.test_data_page import LANGS
from tests.conftest import built_copy
from tests.test_datasets import DEPTS, company_csv

ROOT = Path(__file__).resolve().parents[2]


def _import_plain(folder: Path) -> None:
    path = company_csv(folder / "c.csv", 30, 1, 5, 3)
    assert main(["import", str(path), "--db", str(folder / "c.duckdb"), "--quiet"]) == 0


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    """A private copy of 30 people in one cycle (no grade, potential or KPI) imported by the
    CLI, imported once per test run for this module and tests/app/test_rev21_ui_pages.py."""
    return built_copy(tmp_path_factory, "rev21_plain", _import_plain, "c.duckdb")


def _page(db: Path, monkeypatch, lang: str, page: str, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.session_state["lang"] = LANGS[lang]
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.switch_page(direct(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_department_without_teams_is_named_as_itself_not_unassigned(plain, monkeypatch, lang):
    """A leaf department whose people have no team is one unit named as the department
    (rev23b item 13: "Legal", not "Unassigned"), never the code "unassigned"."""
    at = _page(plain, monkeypatch, lang, "pages/distributions.py", {"dept": DEPTS[0]})
    (chart,) = [c for c in at.get("plotly_chart") if "dist_units" in c.proto.id]
    bars = json.loads(chart.proto.spec)["data"][0]
    assert bars["customdata"] == [DEPTS[0]]
    labels = " ".join(str(x) for d in json.loads(chart.proto.spec)["data"] for x in d["y"] + d["x"])
    assert render("unit.unassigned", lang) not in labels
    assert "unassigned" not in labels


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_potential_page_without_potential_is_a_performance_ranking(plain, monkeypatch, lang):
    at = _page(plain, monkeypatch, lang, "pages/potential.py")
    heads = [h.value for h in at.subheader]
    captions = "\n".join(c.value for c in at.caption)
    assert render("section.high_potential_no_potential", lang) in heads
    assert render("pot.list", lang) not in heads
    assert render("pot.list_note_no_potential", lang) in captions
    assert render("pot.list_note", lang) not in captions
    assert "35%" not in captions
    assert render("pot.note_company", lang) in captions
    assert render("pot.note", lang) not in captions


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_attribution_without_kpis_says_so_under_the_kpi_heading(plain, monkeypatch, lang):
    """Reviewer rev22 nit 14: the KPI drivers heading stood over nothing, not even "no KPI
    imported"; a file without KPIs now says why the section is empty."""
    at = _page(plain, monkeypatch, lang, "pages/attribution.py")
    assert render("attr.kpi", lang) in [h.value for h in at.subheader]
    assert render("attr.kpi_none", lang) in [c.value for c in at.caption]
