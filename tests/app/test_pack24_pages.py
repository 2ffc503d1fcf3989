"""The rater and distributions pages on rev24a's kind of data (AppTest): manager-only ratings
give a Kappa table blank in every row, said once per reason instead (item 11); four sales
departments all off the guideline are all named on /distributions, with their count (item
13)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics.findings.headlines import guideline_counts
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.writes import writing
from analytics.store import settings
from analytics.text import render
from tests.app.apptest import open_page
from tests.test_pack24 import GRADES, sales_copy

OWN = dict(zip(GRADES, (0.2, 0.4, 0.3, 0.1), strict=True))


@pytest.fixture(scope="module")
def sales(tmp_path_factory) -> Path:
    """The module's private copy of the sales company with its own guideline, served to the
    pages of every test here: they only read it (the kappa asked for on demand is kept in the
    session, not written), so the zh and en runs of a page share its cached sections, as two
    readers of a running server do. Why not a copy per test: each copy is a new path, every
    section of the page computed again (and a background refresh of its own) for each."""
    dbp = sales_copy(tmp_path_factory, "sales_pages")
    with writing(dbp) as w:
        settings.write_guideline(w, OWN)
    return dbp


def _words(at) -> list[str]:
    return [str(e.value) for kind in ("caption", "info", "markdown") for e in getattr(at, kind)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rater_page_says_why_kappa_is_blank_instead_of_a_table(sales, monkeypatch, lang):
    path = sales
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = open_page("pages/raters.py", lang)
    if "raters_agreement_compute" in [b.key for b in at.button]:  # not stored: on demand
        at.button(key="raters_agreement_compute").click().run()
    infos = [i.value for i in at.info]
    reason = render("reason.no_self_manager", lang)
    assert any(reason in x for x in infos), infos
    assert not [d for d in at.dataframe if "kappa" in d.value.columns]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_distributions_page_names_every_department_off_the_guideline(sales, monkeypatch, lang):
    path = sales
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = open_page("pages/distributions.py", lang, query={"dept": "销售中心"})
    con = duckdb.connect(str(path), read_only=True)
    try:
        fit = compute_section("guideline_units", load_scope_lazy(con, Scope(department="销售中心")))
    finally:
        con.close()
    off = guideline_counts(fit)
    assert off["n"] >= 2 and "…" not in off["names"]
    said = render("dist.off_units", lang, k=min(3, off["n"]), **off)
    assert said in [c.value for c in at.caption], _words(at)
