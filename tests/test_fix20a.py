"""Review of issue 19 (rev19e): the re-check list's gaps in the unit of the means beside them
(major 1), a peer group without level or job family worded (major 2), the no-potential
ranking titled as the overview words it (minor 12)."""

from __future__ import annotations

import io
import json

import polars as pl
import pytest

from analytics.export.packet import to_packet_html
from analytics.export.report import to_csv, to_json, to_xlsx
from analytics.findings.report import build_findings
from analytics.findings.units import unit_of
from analytics.text import render
from analytics.text.labels import column_label


def _cycles(con) -> list[str]:
    return [
        c for (c,) in con.execute("SELECT DISTINCT cycle_id FROM reviews ORDER BY 1").fetchall()
    ]


def _gap_rows(findings) -> list[dict]:
    rows = to_json(findings, "en", full=True)["recheck"]
    assert rows, "the scope flags somebody"
    return rows


@pytest.mark.parametrize("which", ["first", "last", "all"])
def test_recheck_gap_in_the_unit_of_the_means_beside_it(small_con, which):
    cycles = _cycles(small_con)
    scope = {"first": cycles[:1], "last": cycles[-1:], "all": cycles}[which]
    unit = unit_of(small_con, scope)
    assert (unit.scale, unit.mixed) == {
        "first": ("1-5", False),
        "last": ("0-100", False),
        "all": ("mixed", True),
    }[which]
    f = build_findings(small_con, cycles=scope)
    rows = _gap_rows(f)
    lo, hi = {"first": (1, 5), "last": (0, 100), "all": (0, 1)}[which]
    mp = [r for r in rows if r["manager"] is not None and r["peer"] is not None]
    assert mp
    for r in mp:
        assert lo <= r["manager"] <= hi and lo <= r["peer"] <= hi
        # the gap is the difference of the two columns beside it (JSON keeps 4 significant digits)
        assert r["gap_manager_peer"] == pytest.approx(r["manager"] - r["peer"], abs=0.002 * hi)
        assert "gap_manager_peer_points" not in r
    # a flag is a quarter of the scale's range: 1 point on 1-5, 25 on 0-100, 0.25 on 0-1
    biggest = max(abs(r["gap_manager_peer"]) for r in mp)
    assert biggest > 0.25 * (hi - lo)
    # the workbook's sheet: the same numbers, the header naming the unit
    label = column_label("gap_manager_peer", "zh")
    head = render("unit.header", "zh", label=label, unit=unit.words("zh"))
    book = pl.read_excel(io.BytesIO(to_xlsx(f, "zh", full=True)), sheet_id=0)
    sheet = next(s for s in book.values() if head in s.columns)
    manager = render(
        "unit.header", "zh", label=column_label("manager", "zh"), unit=unit.words("zh")
    )
    peer = render("unit.header", "zh", label=column_label("peer", "zh"), unit=unit.words("zh"))
    both = sheet.drop_nulls([manager, peer, head])
    assert both.height == len(mp)
    diff = (both[manager] - both[peer] - both[head]).abs().max()
    assert diff < 0.002 * (hi - lo)
    assert "上级-同事差(分)" not in "".join(sheet.columns)
    # the CSV of the section and the packet: the same header
    csv = to_csv(f.sections["recheck"], "zh", f.unit).decode("utf-8-sig")
    assert head in csv.splitlines()[0]
    assert head in to_packet_html(f, "zh")
    assert render(
        "unit.header", "en", label=column_label("gap_manager_peer", "en"), unit=unit.words("en")
    ) in to_packet_html(f, "en")
    json.dumps(to_json(f, "zh"))  # still serialisable
