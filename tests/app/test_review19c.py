"""Findings of the third fresh-user review of issue 19 (rev19c) on the high-potential page and
its exports: the 9-box filled for one selected cycle (M1), the backtest's percentile interval
inside 0-100% (M5), 0-1 values read as percentages and bands as words (M4), and a printed 9-box
that does not ask to click (minor 2)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from analytics.export.cells import for_people, number_kind
from analytics.stats.intervals import logit_mean_interval
from analytics.stats.potential import nine_box, nine_box_counts, performance_profile
from analytics.text import render
from tests.app.apptest import open_page


def _latest_cycle(path: Path) -> str:
    from analytics.store import db

    con = db.connect(path, read_only=True)
    try:
        return con.execute("SELECT max(cycle_id) FROM outcomes").fetchone()[0]
    finally:
        con.close()


def _one_cycle(n: int = 60) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(3)
    ids = [f"e{i:02d}" for i in range(n)]
    scores = pl.DataFrame(
        {
            "cycle_id": "C1",
            "cycle_order": 1,
            "employee_id": ids,
            "raw": rng.normal(70, 8, n),
        }
    ).with_columns(adjusted=pl.col("raw"))
    employees = pl.DataFrame(
        {"employee_id": ids, "job_family": "研发", "level": "P5", "department": "研发中心"}
    )
    outcomes = pl.DataFrame(
        {"employee_id": ids, "cycle_id": "C1", "potential": (["高", "中", "低"] * n)[:n]}
    )
    return scores, employees, outcomes


def test_one_cycle_places_everyone_in_the_nine_box_by_that_cycles_percentile():
    """One cycle has no cycle-to-cycle noise to shrink the level by: the level's percentile was
    null for everyone and the 9-box empty (rev19c M1). Now it is the cycle's percentile."""
    scores, employees, outcomes = _one_cycle()
    prof = performance_profile(scores, employees, outcomes=outcomes)
    assert prof["pct_shrunk"].to_list() == prof["pct_adjusted"].to_list()
    counts = nine_box_counts(nine_box(prof))
    assert int(counts["n"].sum()) == employees.height
    assert (counts["n"] > 0).sum() >= 6  # three potential rows x performance thirds


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_selected_cycle_shows_a_filled_nine_box(demo, lang):
    cycle = _latest_cycle(demo)
    at = open_page("pages/potential.py", lang, cycle=[cycle])
    said = [c.value for c in at.caption]
    assert render("pot.box_one_cycle", lang, cycle=cycle) in said, said
    axis = render("pot.axis_one_cycle", lang)
    empty = render("pot.near_boundary", lang, near=0, n=0, axis=axis)
    assert empty not in said and render("pot.box_empty", lang) not in [i.value for i in at.info]
    # the sentence after its counts: what two renderings with other counts share at the end
    one, other = (render("pot.near_boundary", lang, near=k, n=9 - k, axis=axis) for k in (0, 1))
    same = 0
    while same < min(len(one), len(other)) and one[-1 - same] == other[-1 - same]:
        same += 1
    tail = one[-same:]
    assert len(tail) > 60, tail
    assert any(c.endswith(tail) for c in said), said  # the grid's sentence, not "0 of 0"
    # one method only: not also "shrunk over cycles ... one lucky cycle" (rev24b item 6)
    shrunk = render("pot.axis_shrunk", lang).strip()
    assert not any(shrunk in c for c in said), said


@pytest.mark.parametrize(
    "values", [[0.99, 0.95, 0.25], [0.9, 0.55, 0.75], [0.05, 0.15, 0.25], [0.6, 0.6, 0.6]]
)
def test_a_mean_percentiles_interval_stays_inside_0_and_1(values):
    """A plain t interval of three percentiles ran to 124% (rev19c M5)."""
    mean, lo, hi, n = logit_mean_interval(np.array(values))
    assert n == 3 and 0 <= lo <= mean <= hi <= 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nine_box_bands_are_words_and_the_composite_a_percentage(lang):
    scores, employees, outcomes = _one_cycle()
    counts = nine_box_counts(nine_box(performance_profile(scores, employees, outcomes=outcomes)))
    shown = for_people(counts, lang)
    words = {render(f"band.{b}", lang) for b in ("low", "medium", "high")}
    for col in ("perf_band", "pot_band"):
        header = render(f"column.{col}", lang)
        assert set(shown[header].to_list()) == words, shown[header].to_list()
    for col in ("composite", "composite_ci95_low", "potential_score", "pct_adjusted"):
        assert number_kind(col, pl.Float64) == "percent", col


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_packet_and_workbook_read_as_people_do(small_demo_db, lang):
    """The printed 9-box does not ask to click; the workbook's 9-box bands are words and the
    high-potential composite a percentage (it was 0.922 on a 0.000 format)."""
    from openpyxl import load_workbook

    from analytics.export.packet import to_packet_html
    from analytics.export.report import to_xlsx
    from analytics.findings.report import build_findings
    from analytics.store import db

    con = db.connect(small_demo_db, read_only=True)
    try:
        findings = build_findings(con)
    finally:
        con.close()
    page = to_packet_html(findings, lang)
    # the chart's JSON writes Chinese as \\u escapes
    for code, printed in (("fig.nine_box", False), ("fig.nine_box_print", True)):
        title = render(code, lang)
        assert (title in page or json.dumps(title)[1:-1] in page) is printed, code
    wb = load_workbook(io.BytesIO(to_xlsx(findings, lang)))
    sheets = {ws.title: ws for ws in wb.worksheets}
    grid = sheets[render("section.nine_box_counts", lang)[:31]]
    head = [c.value for c in grid[1]]
    band = head.index(render("column.perf_band", lang))
    assert {r[band].value for r in grid.iter_rows(min_row=2)} <= {
        render(f"band.{b}", lang) for b in ("low", "medium", "high")
    }
    hipo = sheets[render("section.high_potential", lang)[:31]]
    head = [c.value for c in hipo[1]]
    comp = hipo.cell(row=2, column=head.index(render("column.composite", lang)) + 1)
    assert comp.number_format == "0.0%" and 0 < comp.value < 1
