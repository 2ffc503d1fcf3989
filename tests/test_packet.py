"""The calibration packet prints (issue 19): a cover with the headline findings in sentences,
one section per topic with only the rows to discuss, every table within the page width, A4
landscape, and a department's packet in about ten pages. Printed with the Debian Chromium."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from analytics.export.packet import PACKET, pdf_bytes, to_packet_html
from analytics.findings.headlines import headlines
from analytics.findings.report import build_findings
from analytics.text import render
from analytics.text.labels import section_label
from bench.startup import CHROMIUM, LAUNCH_ARGS

A4_LANDSCAPE = (841.92, 594.96)  # points
CONTENT_PX = round((297 - 2 * 12) / 25.4 * 96)  # the page width inside the margins, CSS px


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
    for h in headlines(department.sections):
        assert render(h.code, lang, **h.params) in page.replace("&#x27;", "'")
    for topic in PACKET:
        assert section_label(topic.section, lang) in page
    shown = [t for t in PACKET if department.sections[t.section].height or t.section in CHARTED]
    sections = page.split("<section>")[1:]
    assert len(sections) == len(shown) >= 6
    for topic, html_section in zip(shown, sections):
        rows = html_section.count("<tr>") - 1  # the header row
        assert rows <= topic.rows, (topic.section, rows)
    assert not re.search(r">[a-z]+(_[a-z]+)+<", page)  # no identifier as a header or cell


#: topics whose page has a chart or sentences besides the table: a page even when it is empty
CHARTED = {"guideline_units", "reliability", "raters", "department_shifts", "high_potential"}


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
    cover, *sections = page.split("<section>")
    gone = [t.section for t in PACKET if not emptied.sections[t.section].height]
    gone = [x for x in gone if x not in CHARTED]
    assert {"recheck", "decliners"} <= set(gone)
    labels = [section_label(x, lang) for x in gone]
    assert render("packet.nothing_here", lang, topics=labels) in cover
    assert not any(label in x for x in sections for label in labels)
    assert len(sections) == len(PACKET) - len(gone)
    assert render("packet.none", lang) not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_fits_the_printed_page(department, lang):
    """Laid out at the printed width, no table or chart is wider than the page, and no cell's
    text runs out of its column (a unit's name squeezed to one character a line, a count
    spilling into the next column: the widths once went by the longest header)."""
    from playwright.sync_api import sync_playwright

    html_text = to_packet_html(department, lang)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": CONTENT_PX, "height": 700})
            page.set_content(html_text, wait_until="load")
            page.emulate_media(media="print")
            widths = page.evaluate(
                "() => [...document.querySelectorAll('table, .chart')].map(e => e.scrollWidth)"
            )
            spilled = page.evaluate(
                "() => [...document.querySelectorAll('td, th')]"
                ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText)"
            )
            # a short name (a unit, a cycle, an id) stays on one line
            broken = page.evaluate(
                "() => [...document.querySelectorAll('td')].filter(c => c.innerText.length <= 8"
                " && !c.innerText.includes(' ') && (() => { const r = document.createRange();"
                " r.selectNodeContents(c); return r.getBoundingClientRect().height > 24; })())"
                ".map(c => c.innerText)"
            )
        finally:
            browser.close()
    assert len(widths) >= len(PACKET)
    assert max(widths) <= CONTENT_PX, (max(widths), CONTENT_PX)
    assert not spilled, spilled[:10]
    assert not broken, broken[:10]


def test_department_packet_prints_on_about_ten_a4_landscape_pages(department, tmp_path):
    pdf = pdf_bytes(to_packet_html(department, "zh"))
    assert pdf.startswith(b"%PDF")
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and (float(box[1]), float(box[2])) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    assert 4 <= _pages(pdf) <= 12, _pages(pdf)


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
