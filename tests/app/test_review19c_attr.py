"""rev19c on the pages: the department-shift table shows Holm significance beside "listed as
a shift" (one "significant" box unticked beside p = 1.6e-7 read as a contradiction), the KPI
drivers show the KPI's weights and attainments, and the cycle filter has no English
"Select all" (Streamlit's own text, which its front end cannot word)."""

from __future__ import annotations

from tests.app.apptest import open_page


def test_attribution_tables_and_cycle_filter(demo):
    at = open_page("pages/attribution.py", "zh")
    (shifts,) = [d for d in at.dataframe if "listed_shift" in d.value.columns]
    assert "holm_significant" in shifts.value.columns
    assert "significant" not in shifts.value.columns
    kpi = [d for d in at.dataframe if "contribution" in d.value.columns]
    if kpi:  # the demo records KPIs: their levels, no share of a mixed-sign sum
        cols = kpi[0].value.columns
        assert {"weight_from", "attainment_from", "attainment_to"} <= set(cols)
        assert "share_of_change" not in cols
    (cycles,) = [m for m in at.sidebar.multiselect if m.key == "cycle"]
    assert cycles.proto.select_all == 0  # 0: never shown (Streamlit 1.67's encoding)
