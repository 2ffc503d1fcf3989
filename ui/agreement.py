"""The rater page's agreement block: kappa on grades, and how many raters and cycles make a
person's score dependable (G and D studies), with the sentence an HR leader reads once."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.findings.headlines import blank_row_lines, blank_table_reasons, dstudy_lines
from analytics.findings.scope import Scope
from analytics.findings.visibility import FEW_PEOPLE_POOLED
from analytics.stats.agreement import G_BOOT
from ui import cache, tables
from ui.i18n import t

__all__ = ["TARGET", "show_agreement"]

#: the dependability a person's score should reach for a grade decision
TARGET = 0.8


def dstudy_sentence(g_study: pl.DataFrame, study: pl.DataFrame) -> str:
    """The D study in sentences (:func:`analytics.findings.headlines.dstudy_lines`)."""
    return " ".join(t(code, **params) for code, params in dstudy_lines(g_study, study, TARGET))


def _present(frame: pl.DataFrame, *cols: str) -> pl.DataFrame:
    """``cols`` of ``frame`` that it has (results stored before the intervals have none)."""
    return frame.select(c for c in cols if c in frame.columns)


def _on_demand(scope: Scope, version: str) -> bool:
    """Whether the block waits for a click: its sections are not stored for this scope and
    have not been asked for in this session. Stored: the company, each single cycle, each
    top-level department and each second-level one above the size rule
    (``store.STORED_SUB_DEPARTMENT_RATINGS``); not: a smaller sub-department, a deeper one, a
    team, a filter. Kappa and the G study on a scope's own rows took 3.3 s for the largest
    sub-department at 40M ratings (now stored), three times the page's budget; every other
    part of the page shows at once."""
    if cache.scope_data(scope, version).stored_section("agreement") is not None:
        return False
    asked = f"agreement_asked:{scope}:{version}"
    if st.session_state.get(asked):
        return False
    st.subheader(t("raters.agreement"))
    st.caption(t("raters.agreement_on_demand"))
    st.button(
        t("raters.agreement_compute"),
        key="raters_agreement_compute",
        on_click=st.session_state.__setitem__,  # before the rerun the click starts
        args=(asked, True),
    )
    return True


def show_agreement(scope: Scope, version: str) -> None:
    """Kappa table, the D study's sentence and table, the G study's components (for a scope
    whose sections are not stored, once asked for: :func:`_on_demand`)."""
    if _on_demand(scope, version):
        return
    kappa = cache.section("agreement", scope, version)
    st.subheader(t("raters.agreement"))
    st.caption(t("raters.agreement_note"))
    kappa, lines = blank_row_lines(kappa)  # rows of no value: why, once per reason
    if kappa is not None and kappa.height:
        tables.show(kappa, key="raters_kappa", csv_name="perflens_kappa.csv", person_col=None)
    for code, params in lines:  # not rows of "—" (rev24a item 11, left25 item 7)
        st.info(t(code, **params))

    g_study = cache.section("g_study", scope, version)
    study = cache.section("decision_study", scope, version)
    st.subheader(t("raters.dstudy"))
    withheld = any(params.get("reason") == FEW_PEOPLE_POOLED for _, params in lines)
    if withheld:  # the same reason as the kappa's, not "no data" (rev35 finding 1)
        st.info(t("raters.dstudy_unknown", reason=FEW_PEOPLE_POOLED))
        return
    if g_study is None or study is None or g_study.is_empty():
        st.caption(t("common.no_data"))
        return
    st.info(dstudy_sentence(g_study, study))
    first = g_study.row(0, named=True)
    st.caption(
        t(
            "raters.dstudy_note",
            n_people=first["n_people"],
            n_total=first["n_people_total"],
            n_boot=G_BOOT,
        )
    )
    # blank for one reason: the sentence above says it, no table of dashes (rev23a 16)
    if len(blank_table_reasons(study, ("phi",))) == 1:
        _components(g_study)
        return
    wide = _present(
        study,
        "n_raters",
        "n_cycles",
        "phi",
        "phi_ci95_low",
        "phi_ci95_high",
        "g_coef",
        "g_coef_ci95_low",
        "g_coef_ci95_high",
        "reason",
    )
    tables.show(wide, key="raters_dstudy", csv_name="perflens_dstudy.csv", person_col=None)
    _components(g_study)


def _components(g_study: pl.DataFrame) -> None:
    """The G study's variance components, in an expander opened on demand."""
    with tables.lazy_expander(t("raters.gstudy_components"), key="raters_gstudy_open") as opened:
        if not opened:
            return
        tables.show(
            _present(
                g_study,
                "facet",
                "variance",
                "variance_ci95_low",
                "variance_ci95_high",
                "share",
                "share_ci95_low",
                "share_ci95_high",
                "n_levels",
                "reason",
                "confounded_with",
            ),
            key="raters_gstudy",
            person_col=None,
        )
