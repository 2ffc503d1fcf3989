"""Person: one employee's history by source and dimension, their raters' effects, adjusted
score, attribution, potential profile, outcomes and appeals."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.calibration import evidence, signed
from analytics.export import figures
from analytics.findings.fewnames import with_few_names
from analytics.findings.person import (
    RATER_TABLE_COLUMNS,
    adjusted_lines,
    as_rater_lines,
    by_dimension,
    outcomes_shown,
    potential_line,
    rank_caution_line,
    rater_view,
    scales_of,
    zero_weight_dimensions,
)
from analytics.findings.scope import Scope
from analytics.findings.units import convert, unit_of_scales
from analytics.stats.attribution import person_parts
from analytics.text import render_column
from ui import appeals, audit, cache, charts, tables
from ui.i18n import get_lang, t
from ui.personpicker import pick_person, shown_person
from ui.shell import ensure_entry, reach_guard, unit_caption
from ui.state import PAIR_PARAM, current_scope, person_breadcrumb

ensure_entry()  # a deep link on a fresh server: run through the entry script first

PICK_MAX = 200  # people in the picker and the search's table

lang = get_lang()
version = cache.version()
# the sidebar's cycles (rev19d M1): the history, scores, raters and changes are those cycles',
# in the points of their scale when they share one; the profile is the whole history (said)
cycles = current_scope().cycles
unit, whole_unit = cache.unit(cycles, version), cache.unit((), version)


def _in_cycles(frame: pl.DataFrame, *cols: str) -> pl.DataFrame:
    """``frame``'s rows whose ``cols`` (default ``cycle_id``) are all selected cycles."""
    if not cycles or frame is None:
        return frame
    keep = pl.lit(True)
    for col in cols or ("cycle_id",):
        if col in frame.columns:
            keep = keep & pl.col(col).cast(pl.String).is_in(list(cycles))
    return frame.filter(keep)


st.title(t("person.title"))
reach_guard(None, version)
if cache.view(version).pseudonymised:
    # ?employee= asked: logged as others' (rev28b 13)
    audit.refuse("person", shown_person(), t("auth.person_pseudonymised"), say=st.info)
    st.stop()
unit_caption(unit)
emp = pick_person(version, PICK_MAX)  # ?employee=, the picker following it
if not emp:
    st.info(t("person.none"))
    st.stop()


def _manager(manager_id: str | None) -> str | None:
    """The manager as people know them: "韩欣（E000209）", the id alone when the roster has no
    name the viewer may read (rev19: the header showed the id without a name)."""
    if not manager_id:
        return None
    known = cache.names(version).filter(pl.col("employee_id") == manager_id)["name"]
    name = known[0] if known.len() else None
    return t("person.named", name=name, id=manager_id) if name else manager_id


try:
    rec = cache.person(emp, version)
except cache.OutOfScope as problem:  # ?employee= someone outside the viewer's reach
    audit.refuse("person", emp, t(f"auth.{problem.code}", **problem.params))
    st.stop()
if rec["employee"].height:
    audit.person_view(emp)  # the access log: once per person and session
    e = rec["employee"].row(0, named=True)
    person_breadcrumb(current_scope(), _manager(emp) or emp)  # back up to the unit (rev28b)
    st.markdown(
        "**"
        + t(
            "person.header",
            name=e["name"] or "",
            id=emp,
            # an empty field reads "—" (the renderer's missing value), as in the tables
            dept=e["department"] or None,
            team=e["team"] or t("person.no_team"),  # said, as the level (session 45 G 7)
            level=e["level"] or t("person.no_level"),  # said, not "—" (rev19e nit)
            family=e["job_family"] or t("person.no_family"),
            manager=_manager(e["manager_id"]),
        )
        + "**"
    )
ratings = _in_cycles(rec["ratings"])
for cycle, role in rec.get("suppressed", pl.DataFrame()).iter_rows():
    st.caption(
        t(
            "auth.peer_suppressed",
            cycle=cycle,
            role=t(f"role.{role}"),
            k=cache.view(version).viewer.k,
        )
    )
if ratings.height:
    st.subheader(t("person.history"))
    charts.plot(
        charts.figure(
            ("person_history", emp, cycles, unit, version, lang),  # its cycles, unit (rev24b)
            lambda: figures.person_history(ratings, lang, unit),
        ),
        key="person_history",
    )
    st.subheader(t("person.by_dimension"))
    if zero := zero_weight_dimensions(ratings):  # the score's weighting, as the chart has it
        st.caption(t("person.zero_weight", dims=zero))
    tables.show(by_dimension(ratings), key="person_dims", unit=unit, person_col=None)

company = Scope()  # the whole history's statistics: company-wide, every cycle
# the raters' effects company-wide in the selected cycles
raters = cache.section_columns("raters", Scope(cycles=cycles), version, RATER_TABLE_COLUMNS)
if raters is not None and ratings.height:
    # below hr_admin a peer's id is empty: the peers are one row per role, an aggregate
    st.subheader(t("person.raters"))
    tables.show(
        evidence.raters_of(ratings, raters, emp), key="person_raters", unit=unit, person_col=None
    )

mine = cache.person_fit("adjusted", emp, cycles, version)  # the selected cycles' fit
if mine is not None:
    mine = mine.sort("cycle_order")
    if mine.height:
        st.subheader(t("person.adjusted"))
        st.caption(t("person.adjusted_fit_cycles" if cycles else "person.adjusted_fit_all"))
        rated_by = ratings["rater_id"].drop_nulls().cast(pl.String).unique().to_list()
        for line in adjusted_lines(mine, raters, rated_by, cache.names(version), unit, lang):
            st.caption(line)  # not adjusted for (or a rater estimated through the links only)
        tables.show(
            mine.select(
                "cycle_id", "raw", "adjustment", "adjusted", "ci95_low", "ci95_high", "n_raters"
            ),
            key="person_adjusted",
            unit=unit,
            person_col=None,
        )

mine = cache.person_fit("attribution", emp, cycles, version)  # the attribution page's fit
if mine is not None:
    mine = mine.sort("to_order")
    if mine.height:
        st.subheader(t("person.attribution"))
        # a new manager whose standard cannot be estimated: no rater part, a merged one
        mine = person_parts(mine)
        # the change a link opened (?pair=: the attribution page's), else the latest
        shown = mine.filter(pl.col("to_cycle") == (st.query_params.get(PAIR_PARAM) or ""))
        shown = charts.with_answer(shown if shown.height else mine.tail(1), cycles, version)
        last = with_few_names(shown, cache.names(version)).row(0, named=True)
        fig = charts.waterfall(last, lang, unit, ("person", emp, last["to_cycle"], version))
        charts.plot(fig, key="person_waterfall")
        note = last.get("parts_note") and render_column(shown["parts_note"], lang, "reason")[0]
        charts.waterfall_notes(st, last, unit, note)  # the parts note; the sources changed
        parts = ["company", "department", "rater", "individual"]
        if (
            "individual_new_manager" in mine.columns
            and mine["individual_new_manager"].is_not_null().any()
        ):
            parts.append("individual_new_manager")
        cols = ["from_cycle", "to_cycle", "change"]
        for part in parts:  # each part beside its 95% interval (null: cannot be estimated)
            ends = [f"{part}_ci95_low", f"{part}_ci95_high"]
            cols += [part, *(c for c in ends if c in mine.columns)]
        cols += ["parts_note"] if "individual_new_manager" in parts else []
        cols += ["privacy"] if "privacy" in mine.columns else []  # fewer than k peers: no SE
        if "company_ci95_low" in mine.columns:
            st.caption(t("person.parts_interval"))
        tables.show(
            mine.select(*cols, "manager_changed"),
            key="person_changes",
            unit=unit,
            person_col=None,
        )

mine = cache.person_rows("profile", emp, version)
hipo = cache.section("high_potential", company, version)
# the profile is the person's whole history: in the points of its one scale when their
# cycles share one (a trend of 0-1 beside a 0-100 banner, rev19e minor 4), else 0-1 labelled
own = scales_of(rec["ratings"])["scale"]
whole_unit = unit_of_scales(own.to_list()) if own.len() and own.is_not_null().all() else whole_unit
if mine is not None and mine.height:
    st.subheader(t("person.profile"))
    if cycles:  # percentiles and trend over every cycle: the filter does not narrow them
        st.caption(t("person.whole_history"))
    tables.show(
        mine.select(
            "peer_group",
            "pct_adjusted",
            "pct_raw",
            "consistency",
            "slope",
            "slope_ci95_low",
            "slope_ci95_high",
            "potential_score",
            "potential_source",
        ),
        key="person_profile",
        unit=whole_unit,
        person_col=None,
    )
    if line := potential_line(mine, lang):  # carried from an earlier cycle (rev22)
        st.caption(line)
    row = hipo.filter(pl.col("employee_id") == emp) if hipo is not None else pl.DataFrame()
    if row.height:
        words = render_column(convert(row, whole_unit)["reasons"], lang, "reason")[0]
        st.success(t("person.reasons", reasons=t("common.sep").join(words)))
        if caution := rank_caution_line(row, whole_unit, lang):  # rev25a item 1
            st.warning(caution)

for key, frame in (
    ("outcomes", signed.worded(outcomes_shown(_in_cycles(rec["outcomes"]), rec["ratings"]), lang)),
    ("kpis", _in_cycles(rec["kpis"])),
    ("as_rater", _in_cycles(rec["rated_by_them"])),
):
    if frame.height:
        st.subheader(t(f"person.{key}"))
        if key == "as_rater":  # their team as they saw it against everyone else's view
            view = rater_view(frame)
            for line in as_rater_lines(view, raters, emp, unit, lang):  # + links (rev25a 3)
                st.caption(line)  # points on the scale (0-1 where mixed)
        tables.show(
            frame,
            key=f"person_{key}_{emp}" if key == "as_rater" else f"person_{key}",  # no loop (s44)
            unit=unit,
            person_col="employee_id" if key == "as_rater" else None,
        )
appeals.person_section(
    emp, _in_cycles(rec["outcomes"]).drop("final_scale", strict=False), version, cycles
)  # imported and recorded; the forms
