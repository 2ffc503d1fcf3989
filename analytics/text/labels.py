"""Human labels for section names and column names in exports and tables.

The words are catalogue entries ``section.<name>`` and ``column.<name>``; headers follow the
chosen language, and an unknown column keeps its canonical name so nothing is ever hidden.
"""

from __future__ import annotations

from analytics.schema import KPI_DRIVER_FRACTIONS
from analytics.text.render import entries, render

__all__ = [
    "MONEY_COLUMNS",
    "PERCENT_COLUMNS",
    "P_COLUMNS",
    "column_label",
    "is_count_statistic",
    "is_money",
    "is_p_value",
    "is_percent",
    "section_label",
]

#: columns that hold a share (0-1) and are shown as a percentage on pages and in exports
PERCENT_COLUMNS: frozenset[str] = frozenset(
    {
        "share",
        "weight",  # a KPI's weight and attainment: fractions (analytics.ingest.kpis)
        "attainment",
        "expected_share",
        "moved_down_share",
        "moved_up_share",
        "down_ci95_low",  # drift by group (analytics.calibration.drift)
        "down_ci95_high",
        "up_ci95_low",
        "up_ci95_high",
        "diff_share",
        "share_environment",
        "share_rater",
        "share_individual",
        "share_environment_ci95_low",
        "share_environment_ci95_high",
        "share_rater_ci95_low",
        "share_rater_ci95_high",
        "share_individual_ci95_low",
        "share_individual_ci95_high",
        "top_share",
        "performance_pct",  # a 9-box member's percentile (findings.stories.box_members)
        "top_share_lo",
        "top_share_hi",
        "top_rate",  # adverse impact (analytics.calibration.adverse)
        "down_rate",
        "up_rate",
        "rate_diff",
        "diff_ci95_low",
        "diff_ci95_high",
        "appeal_rate",  # appeals (analytics.stats.appeals): shares, as the sentence above
        "appeal_ci95_low",
        "appeal_ci95_high",
        "overturn_rate",
        "overturn_ci95_low",
        "overturn_ci95_high",
        "rest_rate",
        "overturn_diff",
        "self_done",
        "manager_done",
        "peer_done",
        "skip_level_done",
        "subordinate_done",
        "pct_adjusted",
        "pct_ci95_low",
        "pct_ci95_high",
        "pct_shrunk",
        "pct_shrunk_ci95_low",
        "pct_shrunk_ci95_high",
        "pct_raw",
        "kpi_from",  # weighted attainment on each side of a change, and its change
        "kpi_to",
        "kpi_change",
        "consistency_share",
        "top_expected_share",
        "top_excess",
        "top_excess_lo",
        "top_excess_hi",
        "bottom_expected_share",
        "bottom_excess",
        "bottom_excess_lo",
        "bottom_excess_hi",
        "trajectory_pct",
        "trajectory_prob",
        "trajectory_prob_ci95_low",
        "trajectory_prob_ci95_high",
        "slope_reliability",
        "pct_mean",
        "top_band",
        "top_band_share",
        "top_band_ci95_low",
        "top_band_ci95_high",
        "below_median_share",
        "below_median_ci95_low",
        "below_median_ci95_high",
        # a KPI's weights and attainments, and its contribution to the change of weighted
        # attainment with its parts: fractions of attainment, shown as % (percentage points)
        *KPI_DRIVER_FRACTIONS,
        # the high-potential composite and its parts are on 0-1 (weighted percentiles and the
        # potential rating's 0 / 0.5 / 1): read as percentages, not as 0.922 (rev19c M4)
        "composite",
        "composite_ci95_low",
        "composite_ci95_high",
        "potential_score",
        "potential_ci95_low",
        "potential_ci95_high",
        "performance_ci95_low",
        "performance_ci95_high",
        "performance_latest",
    }
)


#: columns that hold a p-value: shown as "<0.001" or with two significant digits, never 0.000
P_COLUMNS: frozenset[str] = frozenset(
    {"pval", "p_used", "pval_mc", "pval_holm", "p_holm", "p_value", "g_pval", "q_value"}
    | {"slope_p", "slope_pval", "department_p_holm", "top_p", "bottom_p", "top_slope_pval"}
)


#: columns that hold an amount of money (the bonus pool's): two decimals with thousands
#: separators, never "100000.000" (review of issue 21)
MONEY_COLUMNS: frozenset[str] = frozenset(
    {"bonus_before", "bonus_after", "bonus_change", "bonus_amount"}
)


#: columns that hold a test statistic counted in pairs of people (Mann-Whitney U, a sum of
#: ranks): a whole number with thousands separators, never "443728.500" (rev19d)
COUNT_STATISTIC_COLUMNS: frozenset[str] = frozenset({"U"})


def is_count_statistic(col: str) -> bool:
    """Whether column ``col`` holds a statistic read as a whole number (:data:`COUNT_STATISTIC_COLUMNS`)."""
    return col in COUNT_STATISTIC_COLUMNS


def is_money(col: str) -> bool:
    """Whether column ``col`` holds an amount of money."""
    return col in MONEY_COLUMNS


def is_p_value(col: str) -> bool:
    """Whether column ``col`` holds a p-value (or a q-value: one corrected for many tests)."""
    return col in P_COLUMNS or col.endswith(("_p_value", "_q_value"))


def is_percent(col: str) -> bool:
    """Whether column ``col`` holds a 0-1 share (``share_<grade>`` included)."""
    return col in PERCENT_COLUMNS or col.startswith("share_")


def column_label(col: str, lang: str, numeric: bool = False) -> str:
    """The header of column ``col`` in ``lang`` (the column's own name when it has none).

    ``numeric``: the column holds numbers. A score change's parts are named like the units
    they belong to (``department`` is the department's part of a change beside ``dept``, the
    department's name); a numeric column with a ``column.<name>_part`` entry is worded by it.

    ``share_<grade>`` (one column per grade of the company's own scale: ``share_S``,
    ``share_优秀``) is worded through ``column.share_of_grade``: its grades are data, not code."""
    code = f"column.{col}"
    if numeric and f"{code}_part" in entries():
        return render(f"{code}_part", lang)
    if code in entries():
        return render(code, lang)
    if col.startswith("share_") and len(col) > len("share_"):
        return render("column.share_of_grade", lang, grade=col[len("share_") :])
    return col


def section_label(name: str, lang: str) -> str:
    """The title of section ``name`` in ``lang`` (its own name when it has none)."""
    code = f"section.{name}"
    return render(code, lang) if code in entries() else name
