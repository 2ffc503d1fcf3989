"""High potential: a clickable 9-box with counts, the ranked list with reasons, hidden
strengths and sustained decliners."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.export import figures
from analytics.findings.headlines import (
    backtest_lines,
    hidden_empty_line,
    hipo_headline,
    potential_lines,
    section_title,
)
from analytics.findings.methods import MIN_N
from analytics.findings.stories import box_members
from analytics.stats.potential import (
    HIGH_POTENTIAL_COLUMNS,
    HIGH_POTENTIAL_DETAIL,
    NO_GROUPS,
    TREND_MIN_CHANGE,
    TREND_MIN_CYCLES,
)
from ui import cache, charts, state, tables
from ui.i18n import t
from ui.shell import no_data, page_start

lang, scope, version = page_start("pot.title")
counts = cache.section("nine_box_counts", scope, version)
if counts is None or counts.height == 0:
    no_data(scope, version)
check = cache.section("potential_check", scope, version)
hipo = cache.section("high_potential", scope, version)
# ranked with no potential recorded: a performance ranking, said as the overview and the
# exports say it, without the potential weight nobody has (rev21 item 7)
no_potential = (
    hipo is not None and hipo_headline(hipo, check).code == "overview.headline_hipo_no_potential"
)
# no job family or level in the data: the percentile is the company's, not "同职级"
no_groups = (
    hipo is not None
    and "peer_group" in hipo.columns
    and hipo.height > 0
    and hipo["peer_group"].is_in(list(NO_GROUPS)).all()
)
st.caption(t("pot.note_company" if no_groups else "pot.note"))
for code, params in potential_lines(check):
    st.caption(t(code, **params))  # where the potential axis comes from, and how sure

placed = int(counts["n"].sum() or 0)
# nobody placed: the 9-box is a note, and the ranking has the page's width, not 3/5 of it
# beside an empty column (rev26a item 9: its 注意 cut after about 10 characters at 1280 px)
left, right = st.columns([2, 3]) if placed else (st.container(), st.container())
share = 0.6 if placed else 1.0
picked = None
with left:
    st.subheader(t("pot.box"))
    one_cycle = len(scope.cycles) == 1
    if placed:
        if one_cycle:  # the axis is that cycle's percentile (stats.potential)
            st.caption(t("pot.box_one_cycle", cycle=scope.cycles[0]))
        ev = charts.plot(
            charts.figure(
                ("pot_grid", scope, version, lang), lambda: figures.nine_box_grid(counts, lang)
            ),
            on_select="rerun",
            key="pot_grid",
            selection_mode="points",
        )
        # how sure the boxes are; none known is said, not "0 near a boundary" (rev30b item 3)
        unknown = int(counts.get_column("n_not_estimable", default=pl.Series([0])).sum() or 0)
        if "n_near_boundary" in counts.columns and unknown < placed:
            st.caption(
                t(
                    "pot.near_boundary",
                    near=int(counts["n_near_boundary"].fill_null(0).sum()),
                    n=placed,
                    # only the axis these cycles make: one cycle has no level to shrink
                    axis=t("pot.axis_one_cycle" if one_cycle else "pot.axis_shrunk"),
                )
            )
        if unknown:
            st.caption(t("pot.certainty_unknown", k=unknown, n=placed))
        picked = charts.selected(ev)
    else:  # words, not nine cells of n=0 and "0 of 0 people" (rev19c M1)
        st.info(t("pot.box_empty"))
with right:
    box = state.picked_box(picked)  # in the URL: a copied link reopens the cell
    if box:
        boxes = cache.section("nine_box", scope, version)
        members = box_members(boxes, box)  # strongest first, with the reason
        code = counts.filter(pl.col("box") == box)["box_label"]
        label = t(f"box.{code[0]}") if code.len() else ""
        st.subheader(t("pot.box_members", box=box, label=label, n=members.height))
        if members.height:
            tables.show(members, key="pot_members", share=0.6)
        else:  # an empty cell: nobody there, not "no data" (rev28b item 8)
            cycles = ", ".join(scope.cycles) or t("scope.all_cycles")
            st.info(t("pot.box_nobody", box=box, label=label, cycles=cycles))
        st.button(t("pot.clear"), key="pot_clear", on_click=state.clear_box)
    else:
        title = section_title(
            "high_potential", {"high_potential": hipo, "potential_check": check}, lang
        )
        st.subheader(title if no_potential else t("pot.list"))
        if hipo is None or hipo.height == 0:  # people placed, but too few to list (MIN_N)
            st.info(t("pot.list_too_few", k=MIN_N))
        else:
            st.caption(t("pot.list_note_no_potential" if no_potential else "pot.list_note"))
            # the length is the cap; the person page counts the whole history (rev24b item 10)
            st.caption(t("pot.list_rule", **hipo_headline(hipo, check).params))
            if scope.cycles:
                cycles = ", ".join(scope.cycles)
                st.caption(t("pot.list_cycles", n=len(scope.cycles), cycles=cycles))
            tables.show(
                hipo.select(
                    c
                    for c in HIGH_POTENTIAL_COLUMNS
                    if c in hipo.columns and c not in HIGH_POTENTIAL_DETAIL
                ),
                key="pot_hipo",
                csv_name="perflens_high_potential.csv",
                share=share,  # the reasons first (tables.PRIORITY)
            )
            if "caution" in hipo.columns and (k := int((hipo["caution"].list.len() > 0).sum())):
                st.caption(t("pot.list_cautions", k=k))  # rev25a item 1

st.subheader(t("pot.backtest"))
backtest = cache.section("hipo_backtest", scope, version)
for code, params in backtest_lines(backtest):
    st.caption(t(code, **params))
if backtest is not None and backtest.height and backtest["n_rated"].sum():
    tables.show(
        backtest.drop("top_band"),
        key="pot_backtest",
        person_col=None,
        first=("pct_mean", "top_band_share", "below_median_share"),
    )

st.subheader(t("pot.hidden"))
hidden = cache.section("hidden_strengths", scope, version)
# (no cycle chosen: the scope's own cycles, as the overview counts them)
cycles = list(scope.cycles) or [
    c for c in cache.section("summary", scope, version)["cycles"][0].split(", ") if c
]
if hidden.is_empty():  # why, not "no data" (left25 item 6)
    code, params = hidden_empty_line(cache.section("raters", scope, version), cycles)
    st.info(t(code, **params))
else:
    tables.show(
        hidden.select(
            [
                c
                for c in (
                    "employee_id",
                    "peer_group",
                    "latest_raw",
                    "latest_adjusted",
                    "rater_effect",
                    "pct_raw",
                    "pct_adjusted",
                    "reasons",
                )
                if c in hidden.columns
            ]
        ),
        key="pot_hidden",
    )
#: the columns of the sustained-trajectory tables (risers, decliners), as the page shows them:
#: the change net of the department's shift, the shift taken out, the reasons (kept visible at
#: 1280 px: ``tables.PRIORITY``), the first and latest scores, then the slope: a riser
#: net of a falling department read as "+2.6 over a year", its netted change and reasons
#: hidden (rev26a item 4)
TRAJECTORY_COLUMNS = (
    "employee_id",
    "net_change",
    "dept_net",
    "reasons",
    "first_adjusted",
    "latest_adjusted",
    "peer_group",
    "slope",
    "slope_ci95_low",
    "slope_ci95_high",
    "slope_p",
    "n_cycles",
    "with_new_manager",
)
# fewer cycles than a trend needs: say so, not "no data" (rev24a item 14)
n_cycles = len(cycles)
few = n_cycles < TREND_MIN_CYCLES
for title, name in (("pot.risers", "risers"), ("pot.decliners", "decliners")):
    st.subheader(t(title))
    if few:
        st.info(t("pot.trend_needs_cycles", n=TREND_MIN_CYCLES, k=n_cycles))
        continue
    moved = cache.section(name, scope, version)
    tables.show(
        moved.select([c for c in TRAJECTORY_COLUMNS if c in moved.columns]),
        key=f"pot_{name}",
        csv_name=f"perflens_{name}.csv",  # headers as shown (not the grid's codes: rev26a 9)
    )
    if "dept_net" in moved.columns and (k := int((moved["dept_net"] != 0).sum())):
        st.caption(t("pot.trend_netted", k=k, n=moved.height))  # rev25a item 2
if not few:  # the rule, so who is missing can be told from it (rev24a item 5)
    st.caption(t("pot.trend_rule", n=TREND_MIN_CYCLES, change=TREND_MIN_CHANGE))
