"""Managers against an anonymous peer panel on simulated companies (fast subset of
``python -m tests.sim.peer_panel``; the full table is in docs/methods.md)."""

from __future__ import annotations

from tests.sim.peer_panel import PANEL_DESIGNS, panel_rates


def test_null_designs_flag_almost_nobody_and_planted_managers_are_found():
    designs = {
        k: PANEL_DESIGNS[k]
        for k in ("null", "null, managers 0.05 above peers", "planted 0.5 SD", "planted 0.8 SD")
    }
    rates = {r["design"]: r for r in panel_rates(10, designs).iter_rows(named=True)}
    for name in ("null", "null, managers 0.05 above peers"):  # the offset is centred away
        assert rates[name]["false_flags_per_company"] <= 0.2
        assert 0.02 <= rates[name]["p05_among_null"] <= 0.08  # the test near its nominal 5%
        assert rates[name]["coverage"] >= 0.92
    assert rates["planted 0.5 SD"]["found"] >= 0.15  # 30% over 40 companies
    assert rates["planted 0.8 SD"]["found"] >= 0.6  # 75% over 40 companies
    assert rates["planted 0.8 SD"]["wrong_sign"] == 0


def test_a_biased_peer_panel_is_read_as_the_managers_leniency():
    """The caveat on the page, measured: peers who rate their own team 0.3 SD high or low in
    every cycle make the manager look severe or lenient; the method cannot tell the two."""
    rates = panel_rates(10, {"bias": PANEL_DESIGNS["null, team peer bias 0.3 SD"]}).row(
        0, named=True
    )
    assert rates["false_flags_per_company"] >= 1.0
    assert rates["coverage"] < 0.9
