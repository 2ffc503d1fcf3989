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


#: (JavaScript) the page's idle probe, installed once per document: when anything on the page
#: last changed during a wait (an element, attribute or text, the URL), when the app's run state
#: last changed, and when the page last asked the server for a run (a BackMsg whose first field
#: is ``rerun_script``, number 11: its first byte is 0x5A); ``since``: when the wait began.
#: Every change of the page is watched only while a wait lasts (``watch()`` at its start, let go
#: once idle): changes before the wait began never counted (``since``), and watching the whole
#: document for a page's life made Chromium record every change of every chart and table; the
#: run state is watched always (one attribute: cheap), as a run asked for before the wait may
#: end before it
_PROBE = """(() => {
    const now = performance.now();
    if (window.__plIdle) return window.__plIdle;
    const s = (window.__plIdle = {changed: now, state: 0, asked: 0, href: location.href, since: now});
    new MutationObserver(() => { s.state = performance.now(); }).observe(document,
        {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
    const all = new MutationObserver(() => { s.changed = performance.now(); });
    s.watch = () => {
        all.disconnect();
        all.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
    };
    s.rest = () => all.disconnect();
    s.watch();  // opened during a wait (the probe is installed by one)
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
        const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, 1)
            : data instanceof ArrayBuffer ? new Uint8Array(data, 0, 1) : null;
        if (!bytes || bytes[0] === 0x5a) s.asked = s.changed = performance.now();
        return send.apply(this, arguments);
    };
    return s;
})()"""
#: the app is idle: its run state reads "notRunning", no status widget, no run asked for is
#: unanswered (at most 5 s: a request the server merged into a run already under way), and
#: nothing on the page has changed for ``quiet`` ms since the wait began (a document opened
#: during the wait: since it opened); idle, the probe stops watching every change
IDLE = f"""(quiet) => {{
    const s = {_PROBE}, now = performance.now();
    if (location.href !== s.href) {{ s.href = location.href; s.changed = now; }}
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (s.asked > s.state && now - s.asked < 5000) return false;
    if (now - Math.max(s.changed, s.state, s.since) < quiet) return false;
    s.rest();
    return true;
}}"""


#: the quiet a wait asks for by default (ms): what an action's effects need to show (a run
#: asked for: at once, through the WebSocket; the URL written after a run; a table's layout)
QUIET_MS = 100


def wait_idle(page, timeout: float = 90_000, quiet: float = QUIET_MS) -> None:
    """Wait until the app has finished what the page asked of it and the page has settled.

    The old wait slept 300 ms, looked for the "Running..." widget and slept 300 ms more (0.6 s
    a call, hundreds of calls a run), but that widget shows only once a run has lasted 500 ms,
    so a run under way was seldom waited for. This waits for the app's own signals: its run
    state (``data-test-script-state``), a run request sent and not yet answered, and ``quiet``
    ms without any change on the page (a rerun the script asks for, the URL written after the
    run, a table's layout). Looked at every 20 ms, in the page (every 50 ms made each call
    wait 25 ms more on average, for a look that costs microseconds). :data:`QUIET_MS` was
    250 ms: a floor every call paid (400-500 calls a run, most of them on a page already idle),
    though what it waits for shows within a frame or two: a run asked for is seen when it is
    sent, a run under way in the run state."""
    page.evaluate(f"() => {{ const s = {_PROBE}; s.since = performance.now(); s.watch(); }}")
    page.wait_for_function(IDLE, arg=quiet, timeout=timeout, polling=20)
