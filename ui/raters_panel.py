"""The rater page's comparison of managers with their ratees' anonymous peer panel
(:mod:`analytics.stats.raters_panel`): where peer ratings carry no rater id, the model cannot
estimate a manager, but the peers rated the same people in the same cycles."""

from __future__ import annotations

import streamlit as st

from analytics.findings.panel_words import panel_count_parts
from analytics.findings.scope import Scope
from ui import cache, tables
from ui.i18n import t

__all__ = ["PANEL_COLUMNS", "show_panel"]

#: the table's columns, in order
PANEL_COLUMNS = (
    "rater_id",
    "n_ratees",
    "n_pairs",
    "n_cycles",
    "status",
    "effect",
    "ci95_low",
    "ci95_high",
    "effect_sd",
    "q_value",
    "gap_manager_peer",
    "reason",
)


def show_panel(scope: Scope, version: str) -> None:
    """Heading, method and caveat, the counts, and the table; nothing where no manager could
    be compared (no peer ratings beside a manager's, or the model estimates every manager)."""
    panel = cache.section("rater_panel", scope, version)
    if panel is None or panel.height == 0:
        return
    unit = tables.scope_unit()
    st.subheader(t("raters.panel"), anchor="peer-panel")  # the overview links here
    st.caption(
        t(
            "raters.panel_note",
            centre=unit.diff(panel["gap_centre"][0]),
            thr=unit.diff(panel["threshold"][0]),
            score_scale=unit.scale,
        )
    )
    parts = panel_count_parts(panel)  # no "0 severe"; "likely" as the model says it
    st.caption(t("raters.panel_counts", all=panel.height, parts=parts))
    cols = [c for c in PANEL_COLUMNS if c in panel.columns]
    tables.show(
        panel.select(cols),
        key="raters_panel",
        csv_name="perflens_rater_panel.csv",
        person_col=None,
        first=("status", "effect", "ci95_low", "ci95_high", "reason"),  # kept at 1280 px
    )
