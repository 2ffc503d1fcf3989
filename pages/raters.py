"""Rater consistency: reliability, leniency/severity with CIs, central tendency, halo and
recency, self/manager/peer gaps and the re-check list."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.export import figures
from analytics.findings.fewnames import with_few_names
from analytics.findings.headlines import ct_rule_lines, nested_lines, rater_status_lines
from analytics.findings.stories import gaps_unestimable, recheck_gap
from analytics.stats.links import team_gap_order
from analytics.stats.raters import PATTERN_MIN_RATEES, RECENCY_MIN_N, RECENCY_MIN_RATEES
from analytics.text import join_list
from ui import appeals, audit, cache, calibration, charts, state, tables
from ui.agreement import show_agreement
from ui.auth import current_viewer
from ui.consistency import (
    PAGE_COLUMNS,
    RATER_TABLE_COLUMNS,
    ct_too_few,
    pattern_notes,
    rater_card,
    show_reliability,
    show_role_gaps,
)
from ui.i18n import t
from ui.raters_panel import show_panel
from ui.shell import land_at, no_data, page_start

lang, scope, version = page_start("raters.title")
# the columns the page draws, read alone (ui/consistency.py: 28 of the table's 78 at 40M)
raters = cache.section_columns("raters", scope, version, PAGE_COLUMNS)
if raters is None:
    no_data(scope, version)
# names are joined to what is drawn only (the charts' points, a clicked rater; the tables name
# their own rows): at 40M ratings joining the company's ~210,000 raters to the roster cost
# 0.12-0.14 CPU s of a first visit (session 30). The sentences and the flagged rows are derived
# once per scope and data version (counting them on every run cost ~0.6 s of a run)

show_reliability(scope, version)  # or its sentences alone (ui/consistency.py)
show_agreement(scope, version)  # kappa on grades; raters and cycles needed (ui/agreement.py)

st.subheader(t("raters.effects"), anchor="leniency")  # the overview links here
for code, params in nested_lines(raters):  # manager-only: what cannot be judged, up front
    st.warning(t(code, **params))
st.caption(t("raters.effects_note"))
show_role_gaps(raters, tables.scope_unit())  # managers against peers of the same people
# the raters this role is not shown, said before any count of those shown (rev25b item 1: a
# manager's page said "0 flagged" where the administrator saw him and two others severe)
hidden = cache.left_out("raters", scope, version)
if hidden:
    own = t("raters.left_out_own") if current_viewer().employee_id else ""
    total = raters.height + hidden
    st.info(t("raters.left_out_role", own=own, hidden=hidden, total=total, shown=raters.height))
if not current_viewer().sees_rater_ids:  # peer anonymity: counts of the roles shown only
    st.caption(t("raters.counts_named_roles"))
ev = None
if raters["effect"].is_not_null().any():  # every rater not estimable: no empty chart
    ev = charts.plot(
        charts.figure(
            ("raters_effects", scope, version, lang),
            lambda: figures.rater_effects_chart(
                raters,
                lang,
                tables.scope_unit(),
                context=charts.SCREEN_CONTEXT_POINTS,
                names=cache.names(version),
            ),
        ),
        on_select="rerun",
        key="raters_effects",
        selection_mode="points",
    )
status_lines = cache.derived(("raters_status", scope, version), lambda: rater_status_lines(raters))
for code, params in status_lines:  # what can and cannot be said, how sure
    st.caption(t(code, **params))
# the rater clicked, kept in ?rater= (a copied link reopens it); one outside this scope: none
picked = state.picked_rater(charts.selected(ev))
rows = raters.filter(pl.col("rater_id") == picked) if picked else raters.clear()
if picked and not rows.height:  # a link to a rater outside the scope: said, not dropped
    audit.refuse("rater", picked, t("auth.rater_outside", rater_id=picked))
if rows.height:
    unit = tables.scope_unit()
    named = with_few_names(rows, cache.names(version))
    name = named["rater_name"][0] if "rater_name" in named.columns else None
    shown = t("person.named", name=name, id=picked) if name else picked
    with st.container(key="rater_picked"):  # Back from the person lands here (ui/shell.py)
        st.info(rater_card(named, shown, unit))
        state.person_link(st, picked, t("common.open_person"))  # one history entry
    land_at("rater_picked")
likely = pl.col("fdr_flag").is_not_null() if "fdr_flag" in raters.columns else pl.lit(False)
scale = pl.col("status") == "scale_use" if "status" in raters.columns else pl.lit(False)
flagged = cache.derived(
    ("raters_flagged", scope, version),
    lambda: raters.filter((pl.col("flags").list.len() > 0) | likely | scale),
)
cols = [c for c in RATER_TABLE_COLUMNS if c in raters.columns]
n_flagged = int((flagged["status"] == "flagged").sum()) if "status" in flagged.columns else 0
# a click on a row opens the rater, as a click on its dot does (rev28a item 13)
pick = ("rater_id", state.open_rater) if "rater_id" in cols else None
if raters.height or not hidden:  # none shown to the role: said above, not "0 flagged"
    st.markdown(f"**{t('raters.flagged', n=flagged.height, flagged=n_flagged)}**")
    shrunk = "interval_method" in raters.columns and raters["interval_method"].eq("blup").any()
    if shrunk and "effect_fixed" in cols:  # it reads below the raw difference: why (left32)
        st.caption(t("raters.effect_shrunk_note"))
    tables.show(flagged.select(cols), key="raters_flagged", person_col=None, pick=pick)
if "team_diff" in raters.columns and raters["team_diff"].is_not_null().any():  # mgr24
    st.markdown(f"**{t('raters.team_means')}**")  # what a manager-only design can show
    st.caption(t("raters.team_means_note"))
    st.caption(t("raters.team_means_order"))  # flagged, then away from 0 (rev27a item 4)
    teams = with_few_names(team_gap_order(raters), cache.names(version))
    few = teams.filter(pl.col("team_ci95_low").is_null() & (pl.col("team_people") >= 1))
    if few.height:  # no interval wider than the scale (rev31b item 8)
        people = join_list(sorted(set(few["team_people"].to_list())), lang)
        st.caption(t("raters.team_too_few", n=few.height, people=people))
    team_cols = [c for c in teams.columns if c.startswith("team_") or c == "rater_name"]
    tables.show(  # a row opens the rater as elsewhere (rev32b item 6)
        teams.select("rater_id", *team_cols), key="raters_teams", person_col=None, pick=pick
    )
with tables.lazy_expander(t("raters.all_raters"), key="raters_all_open") as opened:
    if opened:
        tables.show(
            raters.select(cols),
            key="raters_all",
            csv_name="perflens_raters.csv",
            person_col=None,
            pick=pick,
        )
show_panel(scope, version)  # managers against the anonymous peer panel (ui/raters_panel.py)

st.subheader(t("raters.ct_halo"), anchor="ct_halo")  # the overview links here
# counted on the columns they read: filtering the whole table (72 columns, 210,001 rows at 40M
# ratings) on every run cost more than the counts
if "halo_reason" in raters.columns:
    rated = raters.select("halo_index", "halo_reason").filter(pl.col("halo_index").is_not_null())
    few = (pl.col("ct_status") == "too_few") & (pl.col("halo_status") == "too_few")
    # not "0 of 0 raters"; nor "no one scored several dimensions" of raters not shown
    none = "raters.halo_none_role" if hidden else "raters.halo_none"
    st.caption(
        t(
            "raters.halo_note" if rated.height else none,
            n_not=rated["halo_reason"].is_not_null().sum(),
            n_all=rated.height,
            min=PATTERN_MIN_RATEES,
            few=ct_too_few(raters, rated, few),
        )
    )
    pattern_notes(raters, rated)  # what the sentence leaves out (ui/consistency.py)
for code, params in ct_rule_lines(raters):  # the pooled rule as applied (rev25a item 4)
    st.caption(t(code, **params))
if "rec_status" in raters.columns and raters["rec_status"].is_not_null().any():
    rec_status = raters["rec_status"]
    st.caption(
        t(
            "raters.recency_note",
            min_n=RECENCY_MIN_N,
            min=RECENCY_MIN_RATEES,
            few=int((rec_status == "too_few").sum()),
            n_not=int((rec_status == "not_estimable").sum()),
        )
    )
both = raters.select("ct_ratio", "halo_ratio").drop_nulls().height
if both:  # a manager-only design has no halo ratio: no empty plot (rev23a item 6)
    charts.plot(
        charts.figure(
            ("raters_consistency", scope, version, lang),
            lambda: figures.consistency_chart(
                raters, lang, context=charts.SCREEN_CONTEXT_POINTS, names=cache.names(version)
            ),
        ),
        key="raters_consistency",
    )

recheck = cache.section("recheck", scope, version)
if recheck is not None:
    recheck = cache.derived(
        ("recheck_named", scope, version), lambda: with_few_names(recheck, cache.names(version))
    )
summary = cache.section("source_summary", scope, version)
# cycles without the sources a disagreement needs: "cannot be estimated", never "none" (rev23b)
blind, blind_notes = gaps_unestimable(summary)
all_blind = bool(blind) and set(blind) == set(summary["cycle_id"])
st.subheader(t("raters.dumbbell"))
if not (recheck is not None and recheck.height):  # say why the heading has nothing under it
    if all_blind:  # no one could be further apart: the sources are missing
        for note in blind_notes:
            st.caption(t("raters.gaps_unestimable", **note))
    else:
        st.caption(t("raters.dumbbell_none"))
else:
    ev = charts.plot(
        charts.figure(
            ("raters_dumbbell", scope, version, lang),
            lambda: figures.dumbbell(recheck, lang, unit=tables.scope_unit()),
        ),
        key="raters_dumbbell",
        on_select="rerun",
        selection_mode="points",
    )
    person = charts.selected(ev)
    if person:
        state.open_person(str(person))
st.subheader(t("raters.recheck"), anchor="recheck")  # the overview links here
if recheck is not None and not (all_blind and recheck.height == 0):  # the overview's count
    st.caption(t("raters.recheck_count", n=recheck.height))
for note in blind_notes:
    st.caption(t("raters.gaps_unestimable", **note))
st.caption(t("raters.recheck_note", **recheck_gap(tables.scope_unit())))
if recheck is not None:
    show = [
        c
        for c in (
            "rank",
            "cycle_id",
            "employee_id",
            "department",
            "team",
            "self",
            "manager",
            "peer",
            "n_peer",
            "gap_manager_peer",
            "mp_ci95_low",
            "mp_ci95_high",
            "gap_self_manager",
            "reasons",
        )
        if c in recheck.columns
    ]
    tables.show(recheck.select(show), key="raters_recheck", csv_name="perflens_recheck.csv")
if summary is not None and summary.height:
    st.subheader(t("raters.source_summary"))
    st.caption(t("raters.source_summary_note"))
    tables.show(
        summary.select("cycle_id", "measure", "n", "mean", "ci95_low", "ci95_high"),
        key="raters_source_summary",
        csv_name="perflens_source_means.csv",
        person_col=None,
    )
appeals.rater_section(scope, version)  # appeal and overturn rates (ui/appeals.py)
calibration.drift_section(version)  # who gets moved in calibration sessions, by manager
