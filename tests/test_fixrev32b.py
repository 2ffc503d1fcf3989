"""rev32b (Daniel, an English CHRO's manager-only 0-100 export): the meeting packet carries the
manager findings, a signed-off grade reaches the person, the what-if names its ties, the
packet's heat map is as tall as its rows (fixrev32b)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.export.packet import to_packet_html
from analytics.findings.report import Findings
from analytics.findings.scope import Scope
from analytics.findings.units import Unit
from analytics.stats import raters
from analytics.text import render
from tests.sim.simulate import company

P100 = Unit("0-100", 0.0, 100.0)


def _manager_only_sections() -> dict[str, pl.DataFrame]:
    # a manager-only company's rater table, its first three managers' team gaps set by hand
    # (stored on 0-1): Chris Thompson's team +9.3 (3.9 to 14.6) on 0-100, one crossing 0
    r = company("manager_only", seed=3, n_teams=3, team_size=4, n_cycles=2).ratings
    table = raters.rater_table(r).head(3)
    raters_ = table.with_columns(
        rater_id=pl.Series(["9020", "9011", "9005"]),
        team_diff=pl.Series([0.0926, 0.011, -0.057]),
        team_ci95_low=pl.Series([0.039, -0.03, -0.100]),
        team_ci95_high=pl.Series([0.146, 0.05, -0.014]),
        team_people=pl.Series([6, 5, 5]),
        team_cycles=pl.Series([5, 5, 5]),
    )
    changes = pl.DataFrame(
        {
            "from_cycle": ["2024"],
            "to_cycle": ["2025"],
            "dept": ["Sales"],
            "manager_from": ["9014"],
            "manager_to": ["9100"],
            "n": [6],
            "mean_change": [-0.01667],
            "diff_vs_stable": [-0.05857],
            "ci95_low": [-0.107],
            "ci95_high": [-0.010],
        }
    )
    return {"raters": raters_, "manager_changes": changes}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_packet_shows_the_manager_findings_of_a_manager_only_design(lang):
    """rev32b item 1: the packet said "No row in this scope needs discussing" of the raters
    and left out "Manager changed", while the workbook kept 4 teams apart from their
    department (Chris Thompson +9.3) and Sales 9014 → 9100 at -5.9."""
    names = pl.DataFrame({"employee_id": ["9020"], "name": ["Chris Thompson"]})
    page = to_packet_html(
        Findings(Scope(), _manager_only_sections(), unit=P100, names=names), lang
    ).replace("&#x27;", "'")
    assert render("packet.none_kept", lang, n=3) not in page
    assert render("packet.teams_below", lang, n=3, k=2) in page
    assert render("raters.team_means", lang) in page
    teams = page.split(render("raters.team_means", lang))[1]
    assert "Chris Thompson" in teams and ">9.3<" in teams and ">3.9<" in teams
    assert ">-5.7<" in teams and "9011" not in teams.split("</table>")[0]  # crosses 0: not kept
    changed = page.split(render("section.manager_changes", lang))[-1]
    assert ">9100<" in changed and ">-5.9<" in changed and ">-10.7<" in changed
