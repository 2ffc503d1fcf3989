"""The rater page shows a recency label with its evidence, in both languages (session 23): the
difference of the correlations, its interval, the ratees and ratings and the corrected q beside
the flag in the table of raters with a finding (key ``raters_flagged``), the rule under the
central tendency and halo note, the printed packet's rater table and the workbook's rater
sheet with the same words and the corrected q. The small demo plants two recency managers (5 people over 3 cycles each)."""

from __future__ import annotations

import html
import io

import openpyxl
import polars as pl
import pytest

from analytics.export.packet import to_packet_html
from analytics.export.report import to_xlsx
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.stats.raters import RECENCY_MIN_N, RECENCY_MIN_RATEES
from analytics.store import access
from analytics.text import render, render_column
from analytics.text.labels import section_label
from tests.app.apptest import open_page


@pytest.fixture(scope="module")
def raters(small_demo_db) -> pl.DataFrame:
    con, _ = access.connect_reader(small_demo_db)
    try:
        return compute_section("raters", load_scope_lazy(con, Scope()))
    finally:
        con.close()


def _evidence(raters: pl.DataFrame, lang: str) -> dict[str, str]:
    """Each recency-labelled rater's evidence, worded in ``lang``."""
    flagged = raters.filter(pl.col("flags").list.contains("recency")).sort("rater_id")
    words = render_column(flagged["pattern_reason"], lang, "reason").to_list()
    lead = render("flag.recency", lang)
    return {
        r: next(w for w in ws if w.startswith(lead))
        for r, ws in zip(flagged["rater_id"], words, strict=True)
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rater_page_shows_the_recency_evidence(demo, raters, lang):
    evidence = _evidence(raters, lang)
    assert len(evidence) == 2, evidence  # the demo's two planted recency managers
    # the list of every rater draws when its expander is open (key ``raters_all_open``)
    at = open_page("pages/raters.py", lang, raters_all_open=True)
    # the table of raters with a finding and the list of every rater (AppTest gives a table
    # that takes no selection no key: they are told apart by their length)
    tables = [d.value for d in at.dataframe if {"rater_id", "pattern_reason"} <= set(d.value)]
    assert len(tables) == 2 and len(tables[0]) < len(tables[1]), [len(x) for x in tables]
    for table in tables:
        shown = dict(zip(table["rater_id"], table["pattern_reason"].astype(str), strict=True))
        for rater, text in evidence.items():
            assert text in shown[rater], (text, shown[rater])
    for rater, text in evidence.items():
        row = raters.filter(pl.col("rater_id") == rater).row(0, named=True)
        assert f"{row['rec_ci95_low']:.2f}–{row['rec_ci95_high']:.2f}" in text
        assert row["rec_q_value"] < 0.05 and row["rec_status"] == "flagged"
    status = raters["rec_status"]
    note = render(
        "raters.recency_note",
        lang,
        min_n=RECENCY_MIN_N,
        min=RECENCY_MIN_RATEES,
        few=int((status == "too_few").sum()),
        n_not=int((status == "not_estimable").sum()),
    )
    assert note in [c.value for c in at.caption]
    assert render("raters.ct_halo", lang) in [h.value for h in at.subheader]


@pytest.fixture(scope="module")
def findings(small_demo_db):
    con, _ = access.connect_reader(small_demo_db)
    try:
        return build_findings(con)
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_packet_prints_the_recency_evidence(findings, raters, lang):
    text = html.unescape(to_packet_html(findings, lang))
    for words in _evidence(raters, lang).values():
        assert words in text, words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_rater_sheet_carries_the_recency_evidence(findings, raters, lang):
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(findings, lang)), read_only=True)
    sheet = book[section_label("raters", lang)[:31]]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    for column in ("pattern_reason", "rec_q_value", "rec_status"):
        assert render(f"column.{column}", lang) in header, (column, header)
    text = [str(c) for r in rows[1:] for c in r if isinstance(c, str)]
    for words in _evidence(raters, lang).values():
        assert any(words in c for c in text), words
    flagged = render("pattern.flagged", lang)
    status = header.index(render("column.rec_status", lang))
    assert sum(r[status] == flagged for r in rows[1:]) == 2
