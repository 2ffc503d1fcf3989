"""Where the overview's "view" links land: the heading of the section that holds the evidence
(ui.charts.ANCHOR_OF_HEADLINE). The central-tendency finding landed on the leniency heading, a
screen above its own section (helper A, session 44)."""

from __future__ import annotations

import re
from pathlib import Path

from ui.charts import ANCHOR_OF_HEADLINE

ROOT = Path(__file__).resolve().parents[1]


def _anchors() -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pages").glob("*.py"))
    text += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ui").glob("*.py"))
    return set(re.findall(r'anchor="([a-z_]+)"', text))


def test_every_link_lands_on_a_heading_that_exists():
    assert set(ANCHOR_OF_HEADLINE.values()) <= _anchors()


def test_central_tendency_findings_land_on_their_own_section():
    for code in ("overview.headline_raters_ct", "overview.headline_raters_ct_other"):
        assert ANCHOR_OF_HEADLINE[code] == "ct_halo"
