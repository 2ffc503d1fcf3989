"""rev19d: the English calibration packet of the whole company printed its cover's last line
("Generated … Each section lists …") alone on page 2 (13 pages against 12 in Chinese). The
cover, laid out at the printed page's size, fits one A4 landscape page in both languages."""

from __future__ import annotations

import pytest

from bench.startup import CHROMIUM, LAUNCH_ARGS

CONTENT_PX = round((297 - 2 * 12) / 25.4 * 96)  # the page inside the margins (@page), CSS px
CONTENT_HEIGHT_PX = (210 - 2 * 11) / 25.4 * 96


@pytest.fixture(scope="module")
def covers(demo_company):
    """The company packet's cover in each language laid out at the printed width (one
    Chromium for both: a launch is most of a layout's time): its height and the tops of its
    notes. The packet of the demo as its import left it (tests/conftest.py ``demo_company``,
    built once per run)."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for lang in ("zh", "en"):
                page = browser.new_page(viewport={"width": CONTENT_PX, "height": 700})
                page.set_content(demo_company.packet[lang], wait_until="load")
                page.emulate_media(media="print")
                height = page.evaluate(
                    "() => document.querySelector('.cover').getBoundingClientRect().height"
                )
                note_top = page.evaluate(
                    "() => [...document.querySelectorAll('.cover .note')].map("
                    "e => e.getBoundingClientRect().top)"
                )
                page.close()
                out[lang] = height, note_top
        finally:
            browser.close()
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_whole_company_cover_fits_one_page(covers, lang):
    height, note_top = covers[lang]
    assert height <= CONTENT_HEIGHT_PX, (height, CONTENT_HEIGHT_PX)
    assert note_top and min(note_top) < CONTENT_HEIGHT_PX / 3  # said near the top, not last
