"""The worked examples of docs/architecture.md run against the code as it is.

Each Python block of the page starts with a comment naming where it goes; here each is run in
that module's namespace (a copy: nothing is added to the real module), against the demo
company, so an example that names a function that does not exist, or a column the real
sections do not have, fails here instead of misleading the next developer."""

from __future__ import annotations

import ast
import doctest
import re
from pathlib import Path

import polars as pl
import pytest

from analytics import text
from analytics.export import report
from analytics.findings import sections
from analytics.findings.report import Findings
from analytics.findings.scope import Scope, load_scope
from analytics.stats import distributions
from analytics.text import catalogue

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(
    r"```python\n(.*?)```", (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"), re.S
)


def block(start: str) -> str:
    """The one Python block of the page whose first line starts with ``start``."""
    found = [b for b in BLOCKS if b.startswith(start)]
    assert len(found) == 1, (start, len(found))
    return found[0]


def run(source: str, namespace: dict) -> dict:
    exec(compile(source, "docs/architecture.md", "exec"), namespace)
    return namespace


def test_every_block_is_checked_here():
    starts = (
        "# analytics/stats/potential.py",
        "# analytics/text/catalogue/findings.py",
        ">>> ",
        "# analytics/stats/distributions.py",
        "# tests/test_distributions.py",
        "# analytics/findings/sections.py",
        "# pages/spread.py",
        "# ui/pagelist.py",
        "# analytics/export/report.py",
    )
    assert len(BLOCKS) == len(starts)
    for start in starts:
        block(start)


def test_the_text_example_is_the_code_and_renders_as_shown():
    source = block("# analytics/stats/potential.py")
    call = source.split("\n", 1)[1]
    squeeze = lambda s: re.sub(r"\s+|#[^\n]*", "", s)  # noqa: E731
    potential = (ROOT / "analytics" / "stats" / "potential.py").read_text(encoding="utf-8")
    assert squeeze(call) in squeeze(potential)
    expr = eval(call, {"phrase": text.phrase, "pl": pl, "top": pl.lit(5.0)})
    people = pl.DataFrame({"peer_group": ["company"], "peer_group_n": [83], "latest_cycle": ["Q4"]})
    got = text.render_frame(people.select(reasons=text.phrases(expr)), "en")["reasons"][0]
    assert got.to_list() == ["top 5% of Company (n=83) in Q4"]

    table = run(block("# analytics/text/catalogue/findings.py"), {})["TEXT"]
    assert table and all(catalogue.entries()[code] == words for code, words in table.items())

    test = doctest.DocTestParser().get_doctest(block(">>> "), {}, "architecture", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@pytest.fixture()
def unit_spread(monkeypatch):
    """The example statistic, as if added to analytics.stats.distributions."""
    ns = run(block("# analytics/stats/distributions.py"), dict(vars(distributions)))
    monkeypatch.setattr(distributions, "unit_spread", ns["unit_spread"], raising=False)
    return ns["unit_spread"]


def test_the_new_statistic_and_its_test_run(unit_spread):
    ns = run(block("# tests/test_distributions.py"), {"pl": pl, "pytest": pytest})
    ns["test_unit_spread_finds_the_wide_unit"]()


def test_the_new_section_and_the_markdown_export_run_on_the_demo(unit_spread, demo_con):
    ns = run(block("# analytics/findings/sections.py"), dict(vars(sections)))
    data = load_scope(demo_con, Scope())
    spread = ns["_unit_spread"](data)
    distribution = sections.compute_section("distribution", data)
    # the same units and cycles as the distribution section beside it
    assert (
        spread.select("unit", "cycle_id")
        .sort(pl.all())
        .equals(distribution.select("unit", "cycle_id").sort(pl.all()))
    )
    assert spread.height > 1 and (spread["iqr"] >= 0).all()

    to_markdown = run(block("# analytics/export/report.py"), dict(vars(report)))["to_markdown"]
    findings = Findings(Scope(), {"distribution": distribution, "unit_spread": spread})
    md = to_markdown(findings, "en")
    assert md.startswith("## ") and "## unit_spread" in md and "| --- |" in md
    assert md.count("\n| ") >= distribution.height + spread.height


def test_the_new_page_renders(unit_spread, demo_db, tmp_path, monkeypatch):
    """The page example, with its section and catalogue entries, drawn by Streamlit."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from analytics.findings import methods

    ns = run(block("# analytics/findings/sections.py"), dict(vars(sections)))
    monkeypatch.setitem(sections.SECTIONS, "unit_spread", ns["_unit_spread"])
    monkeypatch.setitem(methods.SECTION_METHODS, "unit_spread", methods.SECTION_METHODS["raters"])
    shell = block("# ui/pagelist.py")
    from ui import pagelist

    line = next(x for x in shell.splitlines() if x.startswith("PAGES = "))
    example = ast.literal_eval(line[line.index('("') : line.rindex(")", 0, -1) + 1])
    assert len(example) == len(pagelist.PAGES[0])  # the example's line has the real shape
    table = run(shell[shell.index("TEXT = ") :], {})["TEXT"]
    for code, words in table.items():
        monkeypatch.setitem(catalogue.entries(), code, words)
    page = tmp_path / "spread.py"
    page.write_text(block("# pages/spread.py"), encoding="utf-8")
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    st.cache_data.clear()
    at = AppTest.from_file(str(page), default_timeout=180)
    at.run()
    at.run()  # a page run alone reruns once to leave Streamlit's legacy mode (ui.shell)
    assert not at.exception, [e.value for e in at.exception]
    assert at.caption[-1].value == table["spread.caption"]["zh"]
    st.cache_data.clear()
