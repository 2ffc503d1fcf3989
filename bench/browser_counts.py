"""What each page sends and draws, in the browser: ``python -m bench.browser_counts --db PATH``.

For every page (company-wide, and with ``--filter`` the department filter of
:mod:`bench.browser_pages`) on one server: a warm-up load, then ``--loads`` full page loads
(:func:`bench.browser_pages.load_page`), each counted:

- **wall**: the request to idle, and to drawn (every chart's SVG there, the screen still);
- **server CPU**: the dashboard process' user + system seconds during the load (the machine
  is shared: CPU moves less with the other jobs than wall time);
- **what the websocket carried**: every byte of the server's messages, the Arrow bytes and rows
  of the tables (``Dataframe.arrow_data``) and the bytes of the Plotly specs;
- **what the browser holds**: DOM nodes, Plotly points (every trace's x values: SVG traces and
  WebGL ones apart) and SVG point marks.

Why: the page data is fast at 40M ratings (docs/benchmarks.md "page data"), but a page that
sends 200,000 raters to draw as SVG markers is not; the counts show which table or chart grows
with the company and whether a fix bounded it, whatever the machine's load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from analytics.text import render
from bench.browser_pages import FILTER, LANGS, PAGES, load_page, page_url
from bench.common import write_json
from bench.startup import CHROMIUM, LAUNCH_ARGS, DashboardServer

__all__ = ["BROWSER_COUNTS", "main", "markdown", "measure", "message_sizes"]

ROOT = Path(__file__).resolve().parent.parent
#: Plotly points (x values of every trace, SVG and WebGL apart) and DOM nodes on screen
BROWSER_COUNTS = """() => {
    let svg = 0, gl = 0;
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        for (const tr of gd.data || []) {
            const n = tr.x ? tr.x.length : (tr.values ? tr.values.length : 0);
            if ((tr.type || '').endsWith('gl')) gl += n; else svg += n;
        }
    }
    return {
        svg_points: svg,
        gl_points: gl,
        point_marks: document.querySelectorAll('.js-plotly-plot path.point').length,
        dom_nodes: document.getElementsByTagName('*').length,
        charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
        tables: document.querySelectorAll('[data-testid="stDataFrame"]').length,
    };
}"""


def message_sizes(payload: bytes) -> dict[str, int]:
    """Bytes of one server message (a ``ForwardMsg``), and of the tables' Arrow data (with
    their rows) and the Plotly specs in it."""
    import pyarrow as pa
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    out = {"ws_bytes": len(payload), "arrow_bytes": 0, "arrow_rows": 0, "plotly_bytes": 0}
    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - not a message of this Streamlit's protocol
        return out
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return out
    el = msg.delta.new_element
    kind = el.WhichOneof("type")
    if kind == "dataframe":
        data = el.dataframe.arrow_data.data
        if el.dataframe.HasField("lazy_data"):
            data = el.dataframe.lazy_data.initial_chunk.data
        out["arrow_bytes"] = len(data)
        if data:
            out["arrow_rows"] = pa.ipc.open_stream(data).read_all().num_rows
    elif kind == "plotly_chart":
        out["plotly_bytes"] = len(el.plotly_chart.spec)
    return out


def _count_load(page, server: DashboardServer, url: str, title: str) -> dict[str, float]:
    got: list[dict[str, int]] = []

    def on_ws(ws) -> None:
        ws.on(
            "framereceived", lambda p: got.append(message_sizes(p)) if isinstance(p, bytes) else 0
        )

    page.on("websocket", on_ws)
    cpu0 = server.cpu_seconds()
    try:
        requested, idle, drawn = load_page(page, url, title)
    finally:
        page.remove_listener("websocket", on_ws)
    time.sleep(0.3)  # the server's last messages of the run
    row: dict[str, float] = {
        "idle_s": idle - requested,
        "drawn_s": drawn - requested,
        "server_cpu_s": server.cpu_seconds() - cpu0,
    }
    for key in ("ws_bytes", "arrow_bytes", "arrow_rows", "plotly_bytes"):
        row[key] = sum(m[key] for m in got)
    row |= page.evaluate(BROWSER_COUNTS)
    return row


def measure(db: Path, loads: int = 2, filtered: bool = False, lang: str = "zh", log=print):
    """One server on ``db``; per page (company-wide, and with ``filtered`` the department
    filter too): a warm-up load, then ``loads`` counted loads; the median of each count."""
    from playwright.sync_api import sync_playwright

    rows = []
    result: dict[str, object] = {"load_avg_start": os.getloadavg(), "loads": loads, "db": str(db)}
    result["db_bytes"] = db.stat().st_size
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        server = DashboardServer(db)
        try:
            server.wait_healthy()
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for filters in ({}, FILTER) if filtered else ({},):
                for name, code in PAGES:
                    title = render(code, lang)
                    url = page_url(server.base, name, lang, filters)
                    load_page(page, url, title)  # warm-up: caches filled
                    runs = [_count_load(page, server, url, title) for _ in range(loads)]
                    row = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                    row |= {
                        "page": name,
                        "filter": "&".join(f"{k}={v}" for k, v in filters.items()),
                    }
                    rows.append(row)
                    log(
                        f"[counts] {name} {row['filter'] or 'company'}: {row['idle_s']:.2f} s, "
                        f"cpu {row['server_cpu_s']:.2f} s, {row['svg_points']:.0f}+"
                        f"{row['gl_points']:.0f} points, {row['dom_nodes']:.0f} nodes, "
                        f"{row['arrow_rows']:.0f} rows / {row['arrow_bytes'] / 1e3:.0f} kB Arrow, "
                        f"{row['plotly_bytes'] / 1e3:.0f} kB Plotly, {row['ws_bytes'] / 1e6:.2f} MB"
                    )
            page.close()
        finally:
            server.stop()
            browser.close()
    result |= {"rows": rows, "load_avg_end": os.getloadavg()}
    return result


def markdown(result: dict) -> str:
    """The table as docs/benchmarks.md shows it."""
    load = tuple(round(x, 1) for x in result["load_avg_start"])
    load_end = tuple(round(x, 1) for x in result["load_avg_end"])
    lines = [
        f"Database {result['db_bytes'] / 2**30:.2f} GiB; load average at the start / end "
        f"{load} / {load_end} (2 cores); median of {result['loads']} loads after a warm-up.",
        "",
        "| page | filter | idle s | drawn s | server CPU s | Plotly points (SVG + WebGL) "
        "| DOM nodes | table rows sent | Arrow kB | Plotly spec kB | websocket MB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['page']} | {r['filter'] or '-'} | {r['idle_s']:.2f} | {r['drawn_s']:.2f} | "
            f"{r['server_cpu_s']:.2f} | {r['svg_points']:,.0f} + {r['gl_points']:,.0f} | "
            f"{r['dom_nodes']:,.0f} | {r['arrow_rows']:,.0f} | {r['arrow_bytes'] / 1e3:,.0f} | "
            f"{r['plotly_bytes'] / 1e3:,.0f} | {r['ws_bytes'] / 1e6:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.browser_counts", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--db", type=Path, required=True, help="the database to serve")
    ap.add_argument("--loads", type=int, default=2, help="counted loads per page")
    ap.add_argument("--filter", action="store_true", help="also with the department filter")
    ap.add_argument("--lang", choices=tuple(LANGS), default="zh")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args(argv)
    result = measure(args.db, args.loads, args.filter, args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    write_json(args.out / "browser_counts.json", result)
    text = markdown(result)
    (args.out / "browser_counts.md").write_text(text + "\n", encoding="utf-8")
    print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
