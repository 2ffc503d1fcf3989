"""Parts of the rater consistency page (pages/raters.py) that say what a table cannot: the
reliability table, or its sentences where every row is blank; what the central tendency and
halo sentence leaves out."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.findings.headlines import blank_table_reasons
from analytics.findings.scope import Scope
from analytics.findings.stories import blank_reasons
from ui import cache, tables
from ui.i18n import t

__all__ = ["ct_too_few", "pattern_notes", "show_reliability"]


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
