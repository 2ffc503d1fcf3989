"""Screenshots of the dashboard: the browser journey's helper, and the script that refreshes
``docs/screenshots/``.

``python -m tests.e2e.screens [--out DIR] [--full]`` starts the dashboard on the demo (the
bundled exports imported as ``make run`` does) and takes every page in both languages at
1280x800 and 1920x1080 (``<page>_<lang>_<width>.png``); without ``--out`` into
``docs/screenshots/``. The PNGs are stored with a 256-colour palette (a third of the size,
text stays sharp). ``--full`` takes whole pages instead of the window (the window made as tall
as the page, which scrolls inside it; to look at every chart, not committed: a page is several
screens long).

The browser journey (``tests/e2e/test_browser.py``) calls :func:`screenshot` into a temporary
folder; only this script writes ``docs/screenshots/`` (one set, one naming).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.e2e.waits import LAYOUT, settled

__all__ = ["CHARTS_DRAWN", "DOCS", "SIZES", "main", "save_small", "screenshot", "take_all"]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: the two window sizes HR uses (a laptop and a desktop screen)
SIZES = ((1280, 800), (1920, 1080))


def save_small(png: bytes, path: Path) -> Path:
    """Write ``png`` as a palette PNG (256 colours): screenshots are text and flat colours."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


#: every chart of the page has drawn its SVG (Plotly draws after the script run has ended)
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(el => el.querySelector('.main-svg'))"""


def screenshot(page, name: str, folder: Path) -> Path:
    """PNG of the current window into ``folder``; returns its path. Waits for the charts to
    draw and their last layout pass to end (the charts and tables in the same places over two
    looks; not a fixed wait: the journey has already waited for the page's run and tables)."""
    folder.mkdir(parents=True, exist_ok=True)
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    settled(page, LAYOUT)
    return save_small(page.screenshot(full_page=False), folder / f"{name}.png")


def take_all(base: str, out: Path, full: bool = False, log=print) -> list[Path]:
    """Every page in both languages at both :data:`SIZES` into ``out``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from analytics.text import render
    from bench.browser_pages import DRAWN, LANGS, PAGES, idle_script, page_url
    from bench.startup import CHROMIUM, LAUNCH_ARGS

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, code in PAGES:
                    for lang in LANGS:
                        for attempt in (1, 2):  # once more if a load hangs on a busy machine
                            page.goto(page_url(base, name, lang), wait_until="commit")
                            try:
                                page.wait_for_function(
                                    idle_script(render(code, lang)), timeout=90_000
                                )
                                break
                            except PlaywrightTimeout:
                                if attempt == 2:
                                    raise
                        page.wait_for_function(DRAWN, timeout=60_000)
                        settled(page, LAYOUT, gap_ms=300)  # Plotly's and the grids' layout
                        path = out / f"{name}_{lang}_{width}.png"
                        if full:  # the app scrolls inside the window: make the window as tall
                            tall = page.evaluate(
                                "() => document.querySelector('[data-testid=\"stMain\"]')"
                                ".scrollHeight"
                            )
                            page.set_viewport_size({"width": width, "height": max(height, tall)})
                            settled(page, LAYOUT, gap_ms=300)
                        save_small(page.screenshot(), path)
                        page.set_viewport_size({"width": width, "height": height})
                        paths.append(path)
                        log(f"[screens] {path.name}")
                page.close()
        finally:
            browser.close()
    return paths


def main(argv: list[str] | None = None) -> int:
    from bench.startup import DashboardServer, start_demo_db

    ap = argparse.ArgumentParser(prog="python -m tests.e2e.screens", description=__doc__)
    ap.add_argument("--out", type=Path, default=DOCS, help="folder (default docs/screenshots)")
    ap.add_argument("--full", action="store_true", help="whole pages, not the window")
    ap.add_argument("--db", type=Path, help="a database to serve (default: import the demo)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="perflens_screens_") as tmp:
        server = DashboardServer(args.db or start_demo_db(Path(tmp)))
        try:
            server.wait_healthy()
            take_all(server.base, args.out, args.full)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
