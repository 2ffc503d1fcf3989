"""Waits of the browser tests for what the page does after its run, polled instead of slept:
the tests slept fixed times (0.3-2.5 s, some once per page) for a chart's or a grid's last
layout pass, a hover, a redraw that must not come; on a quiet machine most of it idle, on a
loaded one sometimes too short."""

from __future__ import annotations

import json
import time

#: (JavaScript) where every chart and every shown table is, and how big, and the page's height:
#: what a layout pass moves
LAYOUT = """() => [...document.querySelectorAll(
    '[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], .dvn-scroller')]
    .map(el => { const r = el.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height, el.scrollWidth]; })
    .concat([[document.body.scrollHeight]])"""

#: (JavaScript) the chart under the page point ``[x, y]`` knows the point the pointer is over
#: (Plotly's ``_hoverdata``, which its click event reports: a click on a chart the pointer has
#: not hovered yet selects nothing)
HOVERED = """([x, y]) => {
    const el = document.elementFromPoint(x, y);
    const chart = el && el.closest('.js-plotly-plot');
    return !!(chart && chart._hoverdata && chart._hoverdata.length);
}"""


def _look(expression: str, gap_ms: int) -> str:
    """JavaScript: ``expression`` (a function's source) evaluated ``gap_ms`` ms from now, at
    the next frame the browser draws, as JSON. (Not once the main thread is idle: on a loaded
    machine ``requestIdleCallback`` waited up to its 2 s timeout, longer than the old sleeps.)"""
    return (
        f"() => new Promise(done => setTimeout(() => requestAnimationFrame("
        f"() => done(JSON.stringify(({expression})()))), {gap_ms}))"
    )


def settled(page, expression: str, gap_ms: int = 60, looks: int = 2, timeout_s: float = 60):
    """The value of the JavaScript function ``expression`` once it has read the same (and not
    null) ``looks`` times in a row, each look ``gap_ms`` ms after the last, at a drawn frame:
    a layout pass, a redraw, a write still under way shows as a change between two looks."""
    script = _look(expression, gap_ms)
    seen, same = None, 0
    deadline = time.monotonic() + timeout_s
    while True:
        now = page.evaluate(script)
        shown = now not in (None, "null")  # null: what it reads is not drawn yet
        same = same + 1 if shown and now == seen else 0
        if shown and same >= looks - 1:
            return json.loads(now)
        assert time.monotonic() < deadline, f"never settled: {str(now)[:300]}"
        seen = now


def hover(page, x: float, y: float, timeout_ms: float = 5_000) -> bool:
    """Move the pointer to page point ``(x, y)`` and wait until the chart there has the point
    under it (Plotly hovers on a throttled move): whether it did within ``timeout_ms``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.mouse.move(x, y)
    try:
        page.wait_for_function(HOVERED, arg=[x, y], timeout=timeout_ms, polling=20)
        return True
    except PlaywrightTimeout:  # nothing under the pointer to hover: the click says so
        return False
