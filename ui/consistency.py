"""Parts of the rater consistency page (pages/raters.py) that say what a table cannot: the
reliability table, or its sentences where every row is blank; what the central tendency and
halo sentence leaves out. And the one list of the rater table's columns the page draws
(:data:`PAGE_COLUMNS`), which it reads alone."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.export.figures import CONSISTENCY_COLUMNS, RATER_EFFECTS_COLUMNS
from analytics.findings.headlines import RATER_LINE_COLUMNS, blank_table_reasons
from analytics.findings.scope import Scope
from analytics.findings.stories import blank_reasons
from analytics.findings.units import Unit
from analytics.text import render_column
from ui import cache, tables
from ui.i18n import get_lang, t

__all__ = [
    "PAGE_COLUMNS",
    "PATTERN_COLUMNS",
    "RATER_TABLE_COLUMNS",
    "TEAM_COLUMNS",
    "ct_too_few",
    "pattern_notes",
    "rater_card",
    "show_reliability",
    "show_role_gaps",
]

#: the columns of the page's rater tables (the flagged raters, every rater), in their order;
#: a clicked rater's sentence reads some of them
RATER_TABLE_COLUMNS = (
    "rater_id",
    "main_role",
    "n",
    "n_ratees",
    "status",
    "effect",
    "ci95_low",
    "ci95_high",
    "effect_fixed",  # the raw difference beside the shrunk effect (left32 item 5)
    "effect_sd",
    "flags",
    "fdr_flag",
    "mde80",
    "discrimination",
    "infit",
    "effect_centre",
    "status_reason",
    "pattern_reason",
    "ct_ratio",
    "halo_ratio",
)
#: each role's gap to the reference role (stat28): :func:`show_role_gaps`
ROLE_GAP_COLUMNS = ("main_role", "role_gap", "role_gap_low", "role_gap_high", "role_reference")
#: a manager's team against the rest of its department (mgr24): the teams' table
TEAM_COLUMNS = (
    "team_diff",
    "team_ci95_low",
    "team_ci95_high",
    "team_people",
    "team_rest_n",
    "team_cycles",
)
#: what the central tendency, halo and recency sentences count (:func:`ct_too_few`,
#: :func:`pattern_notes` and the page's own)
PATTERN_COLUMNS = (
    "ct_status",
    "ct_basis",
    "halo_index",
    "halo_status",
    "halo_reason",
    "rec_status",
)
#: every column of the rater table the page draws (those a table has: the team columns only
#: in a manager-only design), read alone (:func:`ui.cache.section_columns`). Why: at 40M
#: ratings the table is 210,001 raters of 78 columns, and the page draws 28 of them.
#: ``tests/app/test_page27_pages.py`` fails if the page draws a column not listed here, or
#: one listed here makes no difference to it
PAGE_COLUMNS = tuple(
    dict.fromkeys(
        (
            *RATER_TABLE_COLUMNS,
            *ROLE_GAP_COLUMNS,
            *TEAM_COLUMNS,
            *PATTERN_COLUMNS,
            *RATER_LINE_COLUMNS,
            *RATER_EFFECTS_COLUMNS,
            *CONSISTENCY_COLUMNS,
        )
    )
)


def show_reliability(scope: Scope, version: str) -> None:
    """Heading, method, the table and under it why a value is blank. A table whose every row
    is blank and says why is its sentences alone, as Kappa's (rev25b item 13: six rows of "—"
    with Targets 0 and Raters 0 above the sentence that explains them)."""
    st.subheader(t("raters.reliability"))
    st.caption(t("raters.reliability_note"))
    # "Raters" is the distinct raters in every row; the ICC's k is worded by its design (k=3
    # raters per person): its own column too would push the intervals off the table at 1280 px
    reliability = cache.section("reliability", scope, version)
    if not blank_table_reasons(reliability, ("value",)):
        shown = reliability.drop("raters_per_person", "reason", strict=False)
        tables.show(shown, key="raters_reliability")
    for blank in blank_reasons(reliability):  # a blank value says why (rev23b item 5)
        st.caption(t("raters.reliability_blank", **blank))


def ct_too_few(raters: pl.DataFrame, rated: pl.DataFrame, both: pl.Expr) -> int:
    """The raters the central tendency and halo sentence counts as too few to tell: ``both``
    (too few for either) where halo is judged for some (``rated``), else too few for central
    tendency (rev25b item 10: "0 raters have too few ratings" where nine had, halo being
    judged for none)."""
    if "halo_status" not in raters.columns:
        return 0
    # on the two columns it counts, not the whole table (210,001 x 72 at 40M ratings)
    statuses = raters.select("ct_status", "halo_status")
    return statuses.filter(both if rated.height else pl.col("ct_status") == "too_few").height


def pattern_notes(raters: pl.DataFrame, rated: pl.DataFrame) -> None:
    """Under that sentence: the raters whose halo cannot be estimated, only when there are some
    (rev25b item 13: "0 of 180 raters cannot be estimated"); the raters whose people nobody
    else rates (a cycle of manager ratings only), whose central tendency is judged on their own
    ratings, not against the same people's other raters (rev25b item 10)."""
    if n := int(rated["halo_reason"].is_not_null().sum()):
        st.caption(t("raters.halo_unestimable", n=n, all=rated.height))
    if "ct_basis" in raters.columns:
        pooled = raters.filter(pl.col("ct_basis") == "pooled_cycles")
        if pooled.height:
            judged = pooled.filter(pl.col("ct_status").is_in(["flagged", "clear"])).height
            st.caption(t("raters.ct_pooled", n=pooled.height, judged=judged, all=raters.height))


#: a role whose raters spread the same people at least this many times as widely as those
#: people's other raters (median of their discrimination) is said to be compared with
#: compressing raters (:func:`compressed_against`)
COMPRESSED_SLOPE = 1.5


def compressed_against(raters: pl.DataFrame) -> list[tuple[str, float]]:
    """The main roles (with 3 or more raters with a slope) whose median ``discrimination`` is
    at least :data:`COMPRESSED_SLOPE`, with it: their people's other raters compress (rev30a
    item 2: managers 2.4-2.8 times as wide as peers who squeeze everyone into 75-85), and the
    page says that their leniency can be measured against them only partly."""
    if not {"main_role", "discrimination"} <= set(raters.columns):
        return []
    per = (
        raters.filter(pl.col("discrimination").is_not_null() & pl.col("main_role").is_not_null())
        .group_by("main_role")
        .agg(pl.col("discrimination").median().alias("slope"), pl.len().alias("n"))
        .filter((pl.col("n") >= 3) & (pl.col("slope") >= COMPRESSED_SLOPE))
        .sort("main_role")
    )
    return [(r, float(v)) for r, v in zip(per["main_role"], per["slope"], strict=True)]


def show_role_gaps(raters: pl.DataFrame, unit: Unit) -> None:
    """One sentence per role with a gap to the reference role (stat28): how much its raters
    score the same people above or below the reference role's, with its 95% CI, in the
    scope's points. The effects are taken against raters of the same role, so the gap is
    said here or nowhere (rev28a item 4: managers a point stricter than peers)."""
    if "role_gap" not in raters.columns:
        return
    gaps = (
        raters.filter(pl.col("role_gap").is_not_null())
        .group_by("main_role", maintain_order=True)
        .agg(pl.col("role_gap", "role_gap_low", "role_gap_high", "role_reference").first())
        .sort("main_role")
    )
    for role, slope in compressed_against(raters):
        st.caption(t("raters.compressed_others", role=role, slope=slope))
    for g in gaps.iter_rows(named=True):
        st.caption(
            t(
                "raters.role_gap",
                role=g["main_role"],
                reference=g["role_reference"],
                gap=unit.diff(g["role_gap"]),
                lo=unit.diff(g["role_gap_low"]),
                hi=unit.diff(g["role_gap_high"]),
                score_scale=unit.scale,
            )
        )


def rater_card(rows: pl.DataFrame, rater: str, unit: Unit) -> str:
    """The sentence of the rater clicked (``rows``: their one row of the rater table, ``rater``
    their name and id as shown): the effect with its interval; where it cannot be estimated,
    why, and a manager's team against the rest of the department (the manager-only design's
    evidence), not "effect — (95% CI — to —)" (rev30b item 14)."""
    r = rows.row(0, named=True)
    flags = t("common.sep").join(t(f"flag.{f}") for f in r["flags"]) or t("raters.none")
    counts = {"rater": rater, "n": r["n"], "ratees": r["n_ratees"], "flags": flags}
    if r["effect"] is not None:
        return t(
            "raters.selected",
            effect=unit.diff(r["effect"]),  # points (0-1 where scales are mixed: the same)
            lo=unit.diff(r["ci95_low"]),
            hi=unit.diff(r["ci95_high"]),
            score_scale=unit.scale,  # the unit's words and decimals ({x:+pt})
            **counts,
        )
    why = None
    if r.get("status_reason") is not None:
        why = render_column(rows.get_column("status_reason"), get_lang(), "reason")[0]
    said = t("raters.selected_unestimated", why=why or t("interval.not_estimable"), **counts)
    if r.get("team_diff") is None:
        return said
    team = t(
        "raters.selected_team",
        gap=unit.diff(r["team_diff"]),
        lo=unit.diff(r["team_ci95_low"]),
        hi=unit.diff(r["team_ci95_high"]),
        score_scale=unit.scale,
        people=r["team_people"],
    )
    return f"{said}\n\n{team}"
