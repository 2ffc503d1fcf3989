"""The calibration meeting's adverse-impact section (pages/meeting.py calls :func:`section`):
one sentence per group column, a warning where a group's top-grade rate is below four-fifths
or lower at equal KPIs, never a block; the groups in detail below."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics import text
from analytics.calibration import impact
from analytics.calibration.adverse import Adverse
from analytics.calibration.sessions import Session
from ui import cache, tables
from ui.auth import current_viewer
from ui.i18n import t

__all__ = ["section", "shown_groups", "verdict_lines"]

#: verdicts said as a warning; the others as information
WARN = ("flagged", "below_unexplained", "inconclusive")


@st.cache_data(max_entries=16, show_spinner=False)
def _result(path: str, data_key: str, sid: str, version: int, k: int, _session: Session):
    return impact.for_session(path, _session, k)


def verdict_lines(result: Adverse, lang: str) -> list[tuple[str, str]]:
    """``(verdict, sentence)`` per group column, worst first."""
    out = []
    for r in result.verdicts.iter_rows(named=True):
        params = {key: v for key, v in r.items() if key not in ("group_column", "verdict")}
        words = text.render(
            f"adverse.verdict.{r['verdict']}", lang, column=r["group_column"], **params
        )
        out.append((r["verdict"], words))
    return out


def shown_groups(result: Adverse, k: int, lang: str) -> pl.DataFrame:
    """The groups as the page and the write-back workbook show them: the group column worded,
    rates as shares, suppressed groups' numbers empty with the reason, "cannot be estimated"
    where the regression could not give an odds ratio."""
    g = result.groups
    named = {
        c: text.render(f"adverse.group.{c}", lang)
        for c in g["group_column"].unique().to_list()
        if f"adverse.group.{c}" in text.entries()
    }
    missing = (
        ~pl.col("reference") & ~pl.col("suppressed") & ~pl.col("or_estimable").fill_null(False)
    )
    return g.select(
        pl.col("group_column").replace(named),
        "group",
        "n",
        "top_rate",
        pl.col("impact_ratio").round(2),
        "down_rate",
        "up_rate",
        "rate_diff",
        "diff_ci95_low",
        "diff_ci95_high",
        "p_value",
        pl.col("odds_ratio").round(2),
        pl.col("or_ci95_low").round(2),
        pl.col("or_ci95_high").round(2),
        pl.when(missing).then(pl.lit(t("adverse.not_estimable", lang))).alias("or_note"),
        "reference",
        pl.when(pl.col("suppressed"))
        .then(text.phrase("suppressed_fewer_than_k", k=k))
        .alias("privacy"),
    )


def section(path: str, session: Session, lang: str) -> None:
    """Draw the section for ``session`` of the dataset at ``path``."""
    k = current_viewer().k
    data_key = cache.version().rsplit(":", 1)[0]
    row = session.row
    result = _result(str(path), data_key, row["session_id"], row["version"], k, session)
    st.subheader(t("adverse.title"))
    if result.verdicts.is_empty():
        st.caption(t("adverse.none"))
        return
    st.caption(t("adverse.intro", top=result.top, k=k))
    for verdict, words in verdict_lines(result, lang):
        (st.warning if verdict in WARN else st.info)(words)
    with st.expander(t("adverse.details")):
        tables.show(shown_groups(result, k, lang), key="cs_adverse", person_col=None)
