"""Session 25's reviewer items on the pages (task left25), in both languages: the inflation
trend broken at a change of scale (rev23b item 9), ..."""

from __future__ import annotations

import json

import pytest

from analytics.findings.units import unit_of_scales
from analytics.store import db
from analytics.text import render
from tests.app.apptest import open_page


def _cycle_scales(path) -> list[tuple[str, str]]:
    """``(cycle_id, scale)`` in cycle order, from the rating batches."""
    con = db.connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT r.cycle_id, min(b.scale) FROM review_batches b JOIN "
            "(SELECT DISTINCT cycle_id, batch FROM review_rows) r USING (batch) "
            "JOIN cycles c ON c.cycle_id = r.cycle_id GROUP BY r.cycle_id, c.ordering "
            "ORDER BY c.ordering"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inflation_trend_is_not_tested_across_a_change_of_scale(demo, lang):
    """rev23b item 9: the small demo rates its last cycle on 0-100 and the others on 1-5. The
    page says where the scale changed and that the trend is not compared across it, gives the
    trend of the 1-5 cycles in points on 1-5 and says the 0-100 cycle alone has no trend; the
    chart's mean line is broken in two pieces with a marker at the change."""
    scales = _cycle_scales(demo)
    assert [s for _, s in scales] == ["1-5"] * (len(scales) - 1) + ["0-100"]
    at = open_page("pages/distributions.py", lang)
    words = [m.value for m in at.markdown]
    first, last = scales[0][0], scales[-2][0]
    one, hundred = (unit_of_scales([s]).words(lang) for s in ("1-5", "0-100"))
    assert (
        render("dist.inflation_scale_break", lang, before=one, after=hundred, cycle=scales[-1][0])
        in words
    )
    lead = render("dist.inflation_segment", lang, first=first, last=last, unit=one)
    trend = [w for w in words if w.startswith(lead)]
    assert len(trend) == 1 and one in trend[0]
    assert render("dist.inflation_segment_one", lang, cycle=scales[-1][0], unit=hundred) in words
    # no sentence of a trend over every cycle on the mixed 0-1 score (before: "... 0-1
    # score: scales mixed), p=0.383")
    assert not [w for w in words if render("unit.mixed", lang) in w]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    title = render("fig.inflation", lang)
    chart = next(
        c for c in charts if title in json.dumps(c["layout"].get("title", {}), ensure_ascii=False)
    )
    means = [tr for tr in chart["data"] if tr.get("legendgroup") == "mean"]
    assert [tr["x"] for tr in means] == [[c for c, _ in scales[:-1]], [scales[-1][0]]]
    marks = [
        s for s in chart["layout"].get("shapes", []) if s.get("line", {}).get("dash") == "dash"
    ]
    assert len(marks) == 1 and marks[0]["x0"] == len(scales) - 1.5
