"""Screenshot helper for the browser journey: PNGs for the README.

Writes into a temporary folder during normal runs; with ``PERFLENS_UPDATE_SCREENSHOTS=1`` it
refreshes the committed images in ``docs/screenshots/``.
"""

from __future__ import annotations

import os
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(page, name: str, tmp_dir: Path) -> Path:
    """Full-page PNG of the current page; returns its path."""
    folder = DOCS if os.environ.get("PERFLENS_UPDATE_SCREENSHOTS") == "1" else tmp_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    # let charts and tables finish drawing (they render after the script run ends)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(path), full_page=False)
    return path
