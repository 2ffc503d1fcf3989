"""The calibration packet prints (issue 19): a cover with the headline findings in sentences,
one section per topic with only the rows to discuss, every table within the page width, A4
landscape, and a department's packet in about ten pages. Printed with the Debian Chromium."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from collections import Counter
from pathlib import Path

import pytest

from analytics.export.packet import LONG_ROWS, PACKET, pdf_bytes, to_packet_html
from analytics.findings.headlines import headlines
from analytics.findings.report import build_findings
from analytics.text import render
from analytics.text.labels import section_label
from bench.startup import CHROMIUM, LAUNCH_ARGS

A4_LANDSCAPE = (841.92, 594.96)  # points
CONTENT_PX = round((297 - 2 * 12) / 25.4 * 96)  # the page width inside the margins, CSS px
CONTENT_HEIGHT_PX = (210 - 2 * 11) / 25.4 * 96


@pytest.fixture(scope="module")
def department(demo_db):
    from analytics.store import db

    con = db.connect(demo_db)
    try:
        yield build_findings(con, department="研发中心")
    finally:
        con.close()


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_packet_html_opens_with_headlines_and_keeps_to_the_rows_to_discuss(department, lang):
    page = to_packet_html(department, lang)
    for h in headlines(department.sections, names=department.names):
        assert render(h.code, lang, **h.params) in page.replace("&#x27;", "'")
    for topic in PACKET:
        rows = department.sections[topic.section].height
        if topic.section in WHERE_IT_APPLIES and not rows:  # not this data's design: unsaid
            assert section_label(topic.section, lang) not in page
            continue
        assert section_label(topic.section, lang) in page
    shown = [t for t in PACKET if department.sections[t.section].height or t.section in CHARTED]
    sections = re.split(r"<section[^>]*>", page)[1:]
    assert len(sections) == len(shown) >= 6
    for topic, html_section in zip(shown, sections):
        rows = html_section.count("<tr>") - 1  # the header row
        assert rows <= topic.rows, (topic.section, rows)
    assert not re.search(r">[a-z]+(_[a-z]+)+<", page)  # no identifier as a header or cell


#: topics whose page has a chart or sentences besides the table: a page even when it is empty
CHARTED = {"guideline_units", "reliability", "raters", "department_shifts", "high_potential"}
#: topics of some rating designs only (managers against an anonymous peer panel, peer24):
#: without rows not named anywhere (the demo names its peers)
WHERE_IT_APPLIES = {"rater_panel"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_topic_is_named_on_the_cover_not_given_a_page(department, lang):
    """Three pages of a department's packet once held one line each, "Nothing of this kind in
    this scope" (review of issue 19): such topics are named in one line on the cover."""
    emptied = dataclasses.replace(
        department,
        sections={
            **department.sections,
            "recheck": department.sections["recheck"].clear(),
            "decliners": department.sections["decliners"].clear(),
        },
    )
    page = to_packet_html(emptied, lang)
    cover, *sections = re.split(r"<section[^>]*>", page)
    gone = [t.section for t in PACKET if not emptied.sections[t.section].height]
    gone = [x for x in gone if x not in CHARTED and x not in WHERE_IT_APPLIES]
    assert {"recheck", "decliners"} <= set(gone)
    labels = [section_label(x, lang) for x in gone]
    assert render("packet.nothing_here", lang, topics=labels) in cover
    assert not any(label in x for x in sections for label in labels)
    unsaid = [t for t in PACKET if t.section in WHERE_IT_APPLIES and not s_height(emptied, t)]
    assert len(sections) == len(PACKET) - len(gone) - len(unsaid)
    assert render("packet.none", lang) not in page


def s_height(findings, topic) -> int:
    return findings.sections[topic.section].height


#: each header cell's lines as printed: how many characters on each (by the top of each
#: character's box)
HEADER_LINES = """() => [...document.querySelectorAll('th')].map(c => {
  const lines = new Map();
  const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode()); ) {
    for (let i = 0; i < n.length; i++) {
      if (/\\s/.test(n.data[i])) continue;
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const top = Math.round(r.getBoundingClientRect().top);
      lines.set(top, (lines.get(top) || 0) + 1);
    }
  }
  return [c.innerText, [...lines.values()]];
})"""


def _laid_out(*html_texts: str) -> list[dict]:
    """Each of ``html_texts`` laid out at the printed width (in a page of its own, one Chromium
    for them all: a launch is most of a layout's time): the widths of tables and charts, cells
    whose text runs out of them, short cells on more than one line, each header's lines, and
    the first section's place."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            return [_measured(browser, html_text) for html_text in html_texts]
        finally:
            browser.close()


def _measured(browser, html_text: str) -> dict:
    """:func:`_laid_out` of one text, in a new page of ``browser``."""
    page = browser.new_page(viewport={"width": CONTENT_PX, "height": 700})
    try:
        page.set_content(html_text, wait_until="load")
        page.emulate_media(media="print")
        return {
            "widths": page.evaluate(
                "() => [...document.querySelectorAll('table, .chart')].map(e => e.scrollWidth)"
            ),
            "spilled": page.evaluate(
                "() => [...document.querySelectorAll('td, th')]"
                ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText)"
            ),
            # a short name (a unit, a cycle, an id) stays on one line
            "broken": page.evaluate(
                "() => [...document.querySelectorAll('td')].filter(c => c.innerText.length"
                " <= 8 && !c.innerText.includes(' ') && (() => { const r ="
                " document.createRange(); r.selectNodeContents(c);"
                " return r.getBoundingClientRect().height > 24; })()).map(c => c.innerText)"
            ),
            "headers": page.evaluate(HEADER_LINES),
            "fonts": page.evaluate(
                "() => [...document.querySelectorAll('table')]"
                ".map(e => parseFloat(getComputedStyle(e).fontSize))"
            ),
            "first": page.evaluate(
                "() => { const s = document.querySelector('section');"
                " if (!s) return [null, null]; const c = s.querySelector('table');"
                " return [getComputedStyle(s).breakBefore,"
                " c ? c.getBoundingClientRect().bottom : null]; }"
            ),
            "breaks": page.evaluate(
                "() => [...document.querySelectorAll('section')]"
                ".map(s => [getComputedStyle(s).breakBefore, getComputedStyle(s).breakInside,"
                " !!s.querySelector('.chart'), s.querySelectorAll('tbody tr').length])"
            ),
        }
    finally:
        page.close()


@pytest.fixture(scope="module")
def laid_out(department):
    """``laid_out(page, lang)``: the text of ``page`` in ``lang`` and :func:`_laid_out` of it,
    for the department's packet (``"packet"``) and :func:`_short_columns_page` (``"short"``),
    all four made at the first call, in one Chromium. Why: the two packet tests shared one
    launch, and each language of the short columns' test launched one of its own (a launch is
    about 1.1 CPU s of Chromium, most of a layout's)."""
    made: dict[tuple[str, str], tuple[str, dict]] = {}

    def get(page: str, lang: str) -> tuple[str, dict]:
        if not made:
            texts = {("packet", k): to_packet_html(department, k) for k in ("zh", "en")}
            texts |= {("short", k): _short_columns_page(department, k) for k in ("zh", "en")}
            made.update(zip(texts, zip(texts.values(), _laid_out(*texts.values()))))
        return made[page, lang]

    return get


@pytest.fixture(scope="module")
def packet_laid_out(laid_out):
    """``packet_laid_out(lang)``: the department's packet in ``lang`` and :func:`_laid_out` of
    it (:func:`laid_out`), for the two tests that read it."""
    return lambda lang: laid_out("packet", lang)


def _bad_headers(headers: list) -> list:
    """Headers printed on more than two lines, or with a line of one character ("样/本/量",
    "Holm 校正p/值": rev22 nit 15)."""
    return [(text, n) for text, n in headers if len(n) > 2 or (len(n) == 2 and min(n) < 2)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_fits_the_printed_page(packet_laid_out, lang):
    """Laid out at the printed width, no table or chart is wider than the page, no cell's
    text runs out of its column (a unit's name squeezed to one character a line, a count
    spilling into the next column: the widths once went by the longest header), and every
    header is on at most two lines, none with a character alone on a line."""
    html_text, shown = packet_laid_out(lang)
    # every table printed is measured (a topic without rows is named on the cover, no table)
    assert len(shown["widths"]) >= html_text.count("<table") > 0
    assert max(shown["widths"]) <= CONTENT_PX, (max(shown["widths"]), CONTENT_PX)
    assert not shown["spilled"], shown["spilled"][:10]
    assert not shown["broken"], shown["broken"][:10]
    assert len(shown["headers"]) == html_text.count("<th>")
    assert not _bad_headers(shown["headers"]), _bad_headers(shown["headers"])


def _short_columns_page(department, lang: str) -> str:
    """Three tables of short columns beside a long text (one without it), in the packet's
    style: the page :func:`test_short_columns_keep_their_headers_beside_a_long_text` lays
    out."""
    import polars as pl

    from analytics.export.cells import html_table

    long = "; ".join(["2026Q2 上级与同事评分差距大，需复核 the gap is large"] * 12)
    frame = pl.DataFrame(
        {
            "dept": ["研发中心/后端研发部", "研发中心/测试部"],
            "cycle_id": ["2026Q2", "2025Q4"],
            "n": [126, 63],
            "top_excess": [0.123, -0.05],
            "people_to_move": [23, 7],
            "p_holm": [0.0004, 0.5],
            "reasons": [long, long[:200]],
        }
    )
    wide = frame.with_columns(
        pl.col("top_excess").alias(f"ci95_{k}") for k in ("low", "high")
    ).with_columns(pl.col("n").alias(x) for x in ("n_targets", "n_raters", "raters_per_person"))
    wide = wide.with_columns(pl.col("p_holm").alias(x) for x in ("p_value", "q_value"))
    page = "".join(html_table(f, lang) for f in (frame, wide, wide.drop("reasons")))
    style = re.search(r"<style>.*?</style>", to_packet_html(department, lang), re.S)[0]
    return f"<!DOCTYPE html><html><head>{style}</head><body>{page}</body></html>"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_short_columns_keep_their_headers_beside_a_long_text(laid_out, lang):
    """The reviewer's packet printed "样/本/量" and "Holm 校正p/值" one character a line: the
    widths went by shares of the text, so a long text column squeezed the short ones below
    their headers. Laid out in px, each column gets its minimum first (a number or a cycle
    whole, its header on two lines), and the text column wraps in what is left. A table
    whose minimums do not fit the page is printed smaller, not broken a character a line.
    (The page: :func:`_short_columns_page`, laid out with the packet's: :func:`laid_out`.)"""
    _page, shown = laid_out("short", lang)
    assert not _bad_headers(shown["headers"]), _bad_headers(shown["headers"])
    assert not shown["broken"], shown["broken"]
    assert not shown["spilled"], shown["spilled"]
    assert max(shown["widths"]) <= CONTENT_PX
    assert shown["fonts"][0] == 10.5  # room enough: the packet's own size


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_topics_flow_and_the_first_table_is_on_page_one(packet_laid_out, lang):
    """Page 1 was five bullet lines and white space (rev22 nit 15): the first topic starts
    under a short cover, its table (the rows to discuss, before its chart) on page 1. No topic
    is forced onto a page of its own (pages of three rows and of one line, rev24a item 12):
    a short topic is kept whole, one with a chart may break (its chart does not)."""
    _html, shown = packet_laid_out(lang)
    (first, bottom), breaks = shown["first"], shown["breaks"]
    assert first == "auto" and breaks and {b for b, *_ in breaks} == {"auto"}
    for _, inside, chart, rows in breaks:  # long: a chart, or more rows than LONG_ROWS
        assert inside == ("auto" if chart or rows > LONG_ROWS else "avoid"), (inside, chart, rows)
    assert any(chart for _, _, chart, _ in breaks)
    assert bottom is not None and bottom <= CONTENT_HEIGHT_PX, (bottom, CONTENT_HEIGHT_PX)


@pytest.fixture(scope="module")
def department_pdf(department) -> tuple[str, bytes]:
    """The department's Chinese packet, its HTML and its print: printed once for the tests."""
    page = to_packet_html(department, "zh")
    return page, pdf_bytes(page)


def test_department_packet_prints_on_about_ten_a4_landscape_pages(department_pdf):
    _, pdf = department_pdf
    assert pdf.startswith(b"%PDF")
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and (float(box[1]), float(box[2])) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    assert 4 <= _pages(pdf) <= 12, _pages(pdf)


#: the CJK Radicals Supplement, the Kangxi radicals and the CJK Strokes
RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\u31c0-\u31ef]")


def test_the_pdf_text_layer_reads_the_ideographs_the_packet_writes(department_pdf):
    """The tester's find: the printed packet looked right but copied and searched as "研发中⼼",
    "部⻔", "丁⻜" (Kangxi and supplement radicals: Noto Sans CJK draws 心 and ⼼ with one glyph
    and Chromium named it by the lower code point), about 800 of them a packet, so a search for
    the department or a person found nothing. Now the text has the department as the data
    writes it, no radical, and no ideograph that the packet's HTML does not have."""
    from pypdf import PdfReader

    page, pdf = department_pdf
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "研发中心" in text and "部门" in text
    assert not RADICALS.search(text), Counter(RADICALS.findall(text)).most_common(5)
    written = set(html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), page)))
    ideographs = {c for c in text if "\u4e00" <= c <= "\u9fff"}
    assert len(ideographs) > 300 and not ideographs - written, sorted(ideographs - written)


def test_report_command_writes_the_pdf(demo_db, tmp_path):
    from analytics.cli import main

    out = tmp_path / "packet.pdf"
    assert (
        main(
            [
                "--lang",
                "en",
                "report",
                "--db",
                str(demo_db),
                "--out",
                str(out),
                "--department",
                "研发中心",
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF") and _pages(out.read_bytes()) >= 4
    assert Path(out).stat().st_size > 50_000
