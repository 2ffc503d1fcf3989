"""Cautions on ranked and listed people whose score rests on a manager the ratings cannot
correct for, and the department x cycle shift netted out of the trend lists.

A manager-only export gives each person one rater a cycle: a manager's standard and their
team's real level are one number (:mod:`analytics.stats.links`). The ranking cannot be
corrected for it, but a row whose rating manager is flagged (lenient or severe through the
links across cycles, or central tendency with a team far from its department), or whose team
stands far from the rest of its department, says so with the number (rev25a item 1).

A department's shift in a cycle, identified by the attribution (``department_shifts``,
significant), is the department's and not the person's: :func:`net_trend` takes it out of each
person's scores before the slope of the trend lists is fitted (rev25a item 2).

Pure, vectorised Polars; the sentences are codes with parameters (the catalogue words them).
"""

from __future__ import annotations

import polars as pl

from analytics.text import phrase

__all__ = [
    "RATER_CAUTIONS",
    "SMALL_TEAM",
    "department_levels",
    "net_trend",
    "person_managers",
    "rater_cautions",
    "whole_department_raters",
    "with_linked_managers",
    "with_linked_trend_reasons",
    "with_net_tags",
    "with_rater_cautions",
    "with_scale_estimate",
]

#: the caution codes (catalogue ``reason.<code>``)
RATER_CAUTIONS = (
    "caution_linked_rater",
    "caution_linked_pair",
    "caution_flat_team",
    "caution_team_gap",
    "caution_whole_department",
    "caution_small_team",
)

#: a team of at most this many people, rated by its manager only, has a standard nobody can
#: estimate: its people's rank gets the caution a lenient team's gets (rev30b item 10)
SMALL_TEAM = 2


def person_managers(changes: pl.DataFrame | None) -> pl.DataFrame:
    """``employee_id, rater_id``: each person's managers in the cycles of ``changes`` (the
    score changes of :func:`analytics.stats.attribution.score_changes`: the manager before and
    after each change), one row per distinct pair."""
    schema = {"employee_id": pl.String, "rater_id": pl.String}
    if changes is None or not {"manager_from", "manager_to"} <= set(changes.columns):
        return pl.DataFrame(schema=schema)
    return (
        pl.concat(
            [
                changes.select(
                    pl.col("employee_id").cast(pl.String),
                    pl.col(c).cast(pl.String).alias("rater_id"),
                )
                for c in ("manager_from", "manager_to")
            ]
        )
        .drop_nulls()
        .unique(maintain_order=True)
    )


def rater_cautions(raters: pl.DataFrame, names: pl.DataFrame | None = None) -> pl.DataFrame:
    """``rater_id, caution``: one phrase per rater whose people's rank cannot be trusted; the
    others have no row.

    - ``caution_linked_rater``: flagged lenient or severe through the links across cycles
      (``interval_method`` = ``links``), which is subtracted from nobody's score;
    - ``caution_linked_pair``: linked with one other rater only (``pair_only``), the two
      materially apart: not flagged (which one is off is unknown), the rank rests on it;
    - ``caution_flat_team``: central tendency (``ct_status`` flagged) and the team's 95%
      interval against the rest of its department entirely beyond the materiality threshold;
    - ``caution_team_gap``: the team's interval entirely beyond the threshold, without a flag;
    - ``caution_small_team``: nobody else rates the rater's people and their team has at
      most :data:`SMALL_TEAM` people: its gap to the rest of the department (E0197's 2:
      +1.24 [-2.83, +5.31]) cannot tell the standard, and the rank rests on it (rev30b 10);
    - ``caution_whole_department``: nobody else rates the rater's people (``not_estimable``,
      ``own_ratees_only``) and they rate the whole department (``team_rest_n`` 0: no rest of
      it to set the team against), so the department's level holds their uncorrected
      standard (rev29b item 3: MF1 rated all of Finance, 5 of the 21 ranked, no caution).

    Raters whose effect the same-ratee model estimates are subtracted from the adjusted score
    already and get none. ``names`` (``employee_id, name``, the roster's): the manager is
    named beside the id in the sentence (``who``), looked up for the cautioned raters only."""
    cols = set(raters.columns)
    thr = pl.col("threshold") if "threshold" in cols else pl.lit(0.0)
    linked = (
        (pl.col("interval_method") == "links") & pl.col("flag").is_in(["lenient", "severe"])
        if {"interval_method", "flag"} <= cols
        else pl.lit(False)
    )
    # two linked raters far apart: not flagged (which one is off is unknown), but the rank of
    # their people rests on a difference nobody took out (rev29a item 4)
    pair = (
        (pl.col("interval_method") == "links")
        & (pl.col("status") == "pair_only")
        & (pl.col("effect").abs() >= thr)
        if {"interval_method", "status", "effect"} <= cols
        else pl.lit(False)
    )
    if {"team_diff", "team_ci95_low", "team_ci95_high"} <= cols:
        far = (pl.col("team_ci95_low") > thr) | (pl.col("team_ci95_high") < -thr)
    else:
        far = pl.lit(False)
    flat = far & (pl.col("ct_status") == "flagged") if "ct_status" in cols else pl.lit(False)
    whole = (
        (pl.col("status") == "not_estimable")
        & (pl.col("status_reason").struct.field("code") == "own_ratees_only")
        & (pl.col("team_rest_n") == 0)
        if {"status", "status_reason", "team_rest_n"} <= cols
        else pl.lit(False)
    )
    small = (
        (pl.col("status") == "not_estimable")
        & (pl.col("status_reason").struct.field("code") == "own_ratees_only")
        & (pl.col("team_people") <= SMALL_TEAM)
        if {"status", "status_reason", "team_people"} <= cols
        else pl.lit(False)
    )
    said = raters.with_columns(
        pl.col("rater_id").cast(pl.String),
        _linked=linked.fill_null(False),
        _pair=pair.fill_null(False),
        _flat=flat.fill_null(False),
        _far=far.fill_null(False),
        _whole=whole.fill_null(False),
        _small=small.fill_null(False),
    ).filter(
        pl.col("_linked") | pl.col("_pair") | pl.col("_far") | pl.col("_whole") | pl.col("_small")
    )
    return _worded(_named(said, names), cols)


def whole_department_raters(
    raters: pl.DataFrame | None, changes: pl.DataFrame | None
) -> pl.DataFrame:
    """``dept, rater_id, n``: each department whose people one manager alone rates (the
    ``caution_whole_department`` raters of :func:`rater_cautions`), found through the people's
    managers in ``changes`` (:func:`person_managers`; ``dept`` from the changes), ``n`` the
    rater's ratees. Why (rev29b item 3b): Finance showed as the highest department on the
    Distributions page with no word that its level and its only rater's standard are one
    number in the data."""
    schema = {"dept": pl.String, "rater_id": pl.String, "n": pl.Int64}
    if raters is None or raters.height == 0 or changes is None or "dept" not in changes.columns:
        return pl.DataFrame(schema=schema)
    said = rater_cautions(raters).filter(
        pl.col("caution").struct.field("code") == "caution_whole_department"
    )
    people = person_managers(changes).join(said.select("rater_id"), on="rater_id")
    depts = changes.select(pl.col("employee_id").cast(pl.String), pl.col("dept").cast(pl.String))
    return (
        people.join(depts.unique(), on="employee_id")
        .join(
            said.select("rater_id", n=pl.col("caution").struct.field("params").struct.field("n")),
            on="rater_id",
        )
        .group_by("dept", "rater_id")
        .agg(pl.col("n").first().cast(pl.Int64))
        .sort("dept", "rater_id")
    )


def _named(said: pl.DataFrame, names: pl.DataFrame | None) -> pl.DataFrame:
    """``said`` with ``_name``: the roster's name of each rater (null without one)."""
    if names is None or names.height == 0 or said.height == 0:
        return said.with_columns(_name=pl.lit(None, pl.String))
    lookup = names.select(
        pl.col("employee_id").cast(pl.String).alias("rater_id"), pl.col("name").alias("_name")
    )
    return said.join(lookup, on="rater_id", how="left", maintain_order="left")


def _worded(said: pl.DataFrame, cols: set[str]) -> pl.DataFrame:
    """The caution phrase of each row of ``said`` (flags ``_linked``, ``_flat``, ``_far``,
    ``_whole``)."""
    rater = pl.col("rater_id")
    who = pl.struct(id=rater, name=pl.col("_name"))
    team = {
        "rater": rater,
        "who": who,
        "gap": pl.col("team_diff") if "team_diff" in cols else pl.lit(None, pl.Float64),
        "lo": pl.col("team_ci95_low") if "team_diff" in cols else pl.lit(None, pl.Float64),
        "hi": pl.col("team_ci95_high") if "team_diff" in cols else pl.lit(None, pl.Float64),
        "n": pl.col("team_people") if "team_people" in cols else pl.lit(None, pl.Int64),
    }
    link = {
        "rater": rater,
        "who": who,
        "dir": pl.col("flag") if "flag" in cols else pl.lit(None, pl.String),
        "effect": pl.col("effect") if "effect" in cols else pl.lit(None, pl.Float64),
        "n": pl.col("n_shared_ratees").cast(pl.Int64)
        if "n_shared_ratees" in cols
        else pl.lit(None, pl.Int64),
    }
    whole_dept = {
        "rater": rater,
        "who": who,
        "n": pl.col("n_ratees").cast(pl.Int64) if "n_ratees" in cols else pl.lit(None, pl.Int64),
    }
    return said.select(
        rater.alias("rater_id"),
        caution=pl.when(pl.col("_linked"))
        .then(phrase("caution_linked_rater", **link))
        .when(pl.col("_pair"))
        .then(phrase("caution_linked_pair", **link))
        .when(pl.col("_whole"))
        .then(phrase("caution_whole_department", **whole_dept))
        .when(pl.col("_flat"))
        .then(phrase("caution_flat_team", **team))
        .when(pl.col("_far"))
        .then(phrase("caution_team_gap", **team))
        .otherwise(phrase("caution_small_team", **team)),
    )


def with_rater_cautions(
    rows: pl.DataFrame,
    changes: pl.DataFrame | None,
    raters: pl.DataFrame | None,
    names: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """``rows`` (with ``employee_id``) with ``caution``: the list of :func:`rater_cautions` of
    the person's managers (:func:`person_managers`), empty when none; row order kept.
    ``names``: the roster's, to name the managers in the sentences."""
    empty = pl.lit([], pl.List(pl.Null))
    if raters is None or raters.height == 0 or rows.height == 0:
        return rows.with_columns(caution=empty)
    said = person_managers(changes).join(rater_cautions(raters, names), on="rater_id", how="inner")
    per = said.group_by("employee_id", maintain_order=True).agg(pl.col("caution"))
    key = rows.schema["employee_id"]
    out = rows.join(
        per.with_columns(pl.col("employee_id").cast(key)),
        on="employee_id",
        how="left",
        maintain_order="left",
    )
    if per.height == 0:
        return out.with_columns(caution=empty)
    return out.with_columns(pl.col("caution").fill_null([]))


def department_levels(shifts: pl.DataFrame | None, order: pl.DataFrame) -> pl.DataFrame:
    """``dept, cycle_id, dept_level``: each department's level in each cycle that its
    identified shifts (``shifts`` rows with ``significant`` true: ``dept, to_cycle,
    department``) add up to, cycle after cycle (0 before the first); ``order``: ``cycle_id,
    cycle_order``. Only departments with an identified shift have rows."""
    schema = {"dept": pl.String, "cycle_id": pl.String, "dept_level": pl.Float64}
    need = {"dept", "to_cycle", "department", "significant"}
    if shifts is None or not need <= set(shifts.columns):
        return pl.DataFrame(schema=schema)
    hit = shifts.filter(pl.col("significant").fill_null(False)).select(
        pl.col("dept").cast(pl.String),
        pl.col("to_cycle").cast(pl.String).alias("cycle_id"),
        pl.col("department").cast(pl.Float64).alias("_step"),
    )
    if hit.height == 0:
        return pl.DataFrame(schema=schema)
    cyc = order.select(pl.col("cycle_id").cast(pl.String), pl.col("cycle_order"))
    return (
        hit.select("dept")
        .unique()
        .join(cyc, how="cross")
        .join(hit, on=["dept", "cycle_id"], how="left")
        .sort("dept", "cycle_order")
        .with_columns(dept_level=pl.col("_step").fill_null(0.0).cum_sum().over("dept"))
        .select("dept", "cycle_id", "dept_level")
    )


def net_trend(
    profile: pl.DataFrame, adjusted: pl.DataFrame, shifts: pl.DataFrame | None
) -> pl.DataFrame:
    """``profile`` with ``slope`` and ``slope_se`` refitted on each person's adjusted scores
    less their department's identified shifts (:func:`department_levels`), as the profile fits
    them (OLS on the cycle order, n - 2 df), and ``dept_net``: the shift taken out between the
    person's first and latest cycle (0 where none), ``dept_net_dept`` and ``dept_net_cycles``
    (the department, the cycles of its identified steps in that span). The trend lists test the
    netted slope (:func:`analytics.stats.potential.decliners` recomputes its interval and p
    from ``slope_se`` and the pooled floor). Without an identified shift, ``slope`` is the
    profile's.

    ``adjusted``: ``cycle_id, employee_id, cycle_order, department, adjusted`` (the
    rater-adjusted scores the profile's slope is fitted on)."""
    order = adjusted.select("cycle_id", "cycle_order").unique().sort("cycle_order")
    levels = department_levels(shifts, order)
    if levels.height == 0:
        return profile.with_columns(
            dept_net=pl.lit(0.0),
            dept_net_dept=pl.lit(None, pl.String),
            dept_net_cycles=pl.lit(None, pl.List(pl.String)),
        )
    rows = (
        _shifted_people(adjusted.filter(pl.col("adjusted").is_not_null()), levels)
        .select(
            pl.col("employee_id").cast(pl.String),
            pl.col("cycle_id").cast(pl.String),
            pl.col("cycle_order").cast(pl.Float64).alias("_x"),
            "dept",
            "adjusted",
        )
        .join(levels, on=["dept", "cycle_id"], how="left")
        .with_columns(pl.col("dept_level").fill_null(0.0))
        .with_columns(_y=pl.col("adjusted") - pl.col("dept_level"))
    )
    fit = _ols(rows).join(_steps(rows), on="employee_id", how="left")
    key = profile.schema["employee_id"]
    return (
        profile.join(
            fit.with_columns(pl.col("employee_id").cast(key)),
            on="employee_id",
            how="left",
            maintain_order="left",
        )
        .with_columns(
            slope=pl.when(pl.col("_b").is_not_null()).then("_b").otherwise("slope"),
            slope_se=pl.when(pl.col("_b").is_not_null()).then("_se").otherwise("slope_se"),
            dept_net=pl.col("dept_net").fill_null(0.0),
        )
        .drop("_b", "_se")
    )


def _shifted_people(adjusted: pl.DataFrame, levels: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``adjusted`` of the people with some row in a department with an identified
    shift (``levels``' departments), every row of theirs, with ``dept`` (the top level of the
    row's department). Why: everyone else's netted slope is the profile's own (nothing to take
    out), so refitting them only cost the time (a third of the netted profile at 8M ratings,
    one shifted department); the top level is cut on the few distinct paths, not per row."""
    paths = adjusted.select(pl.col("department").unique()).with_columns(
        dept=pl.col("department").cast(pl.String).str.split("/").list.first()
    )
    shifted = paths.filter(pl.col("dept").is_in(levels["dept"].unique().implode()))["department"]
    who = adjusted.filter(pl.col("department").is_in(shifted.implode()))["employee_id"].unique()
    rows = adjusted.filter(pl.col("employee_id").is_in(who.implode()))
    return rows.join(paths, on="department", how="left", nulls_equal=True, maintain_order="left")


def _ols(rows: pl.DataFrame) -> pl.DataFrame:
    """Per person: the OLS slope ``_b`` of ``_y`` on ``_x`` and its SE ``_se`` (n - 2 df),
    closed form on centred sums as the profile has it."""
    dx, dy = pl.col("_x") - pl.col("_x").mean(), pl.col("_y") - pl.col("_y").mean()
    b = pl.col("_sxy") / pl.col("_sxx")
    resid = (pl.col("_syy") - b * pl.col("_sxy")).clip(lower_bound=0.0)
    return (
        rows.group_by("employee_id")
        .agg(_n=pl.len(), _sxx=(dx**2).sum(), _sxy=(dx * dy).sum(), _syy=(dy**2).sum())
        .select(
            "employee_id",
            _b=pl.when(pl.col("_sxx") > 1e-9).then(b),
            _se=pl.when((pl.col("_n") > 2) & (pl.col("_sxx") > 1e-9)).then(
                (resid / (pl.col("_n") - 2) / pl.col("_sxx")).sqrt()
            ),
        )
    )


def _steps(rows: pl.DataFrame) -> pl.DataFrame:
    """Per person: ``dept_net`` (their department's level at their latest cycle less at their
    first), the department, and the cycles in between where it stepped."""
    step = pl.col("dept_level").diff().over("employee_id").fill_null(0.0)
    return (
        rows.sort("employee_id", "_x")
        .with_columns(_step=step)
        .group_by("employee_id", maintain_order=True)
        .agg(
            dept_net=pl.col("dept_level").last() - pl.col("dept_level").first(),
            dept_net_dept=pl.col("dept").last(),
            dept_net_cycles=pl.col("cycle_id").filter(pl.col("_step").abs() > 0),
        )
        .with_columns(
            dept_net_dept=pl.when(pl.col("dept_net").abs() > 0).then("dept_net_dept"),
            dept_net_cycles=pl.when(pl.col("dept_net").abs() > 0).then("dept_net_cycles"),
        )
    )


def with_net_tags(rows: pl.DataFrame, netted: pl.DataFrame) -> pl.DataFrame:
    """The trend list ``rows`` (:func:`analytics.stats.potential.decliners` or ``risers`` of
    the :func:`net_trend` profile ``netted``) with ``dept_net`` (the department shift taken out
    of the person's trend, 0 where none) and, where it is not 0, the phrase
    ``trend_net_department`` first in ``reasons`` (the department, the shift and its cycles),
    and ``net_change``: the latest score less the first, less ``dept_net`` (the change the
    list judged, beside the scores it came from: a riser of a falling department read as
    "62.2 -> 64.8", rev26a item 4). On a tagged row the percentile of the ``rose`` /
    ``declined`` phrase is said to be the company's, the shift not taken out of it."""
    if "dept_net" not in netted.columns:
        return rows.with_columns(dept_net=pl.lit(0.0), net_change=_change(pl.lit(0.0)))
    key = rows.schema["employee_id"]
    tags = netted.select(
        pl.col("employee_id").cast(key), "dept_net", "dept_net_dept", "dept_net_cycles"
    )
    out = rows.join(tags, on="employee_id", how="left", maintain_order="left").with_columns(
        pl.col("dept_net").fill_null(0.0)
    )
    out = out.with_columns(net_change=_change(pl.col("dept_net")))
    tag = pl.when(pl.col("dept_net") != 0).then(
        phrase(
            "trend_net_department",
            dept=pl.col("dept_net_dept"),
            shift=pl.col("dept_net"),
            shift_cycles=pl.col("dept_net_cycles"),  # not "cycles": a count elsewhere
        )
    )
    if not (out["dept_net"] != 0).any():
        return out.drop("dept_net_dept", "dept_net_cycles")
    return _tagged_first(out, tag).drop("dept_net_dept", "dept_net_cycles")


def _change(dept_net: pl.Expr) -> pl.Expr:
    """A trend list's change from the first score to the latest, ``dept_net`` taken out."""
    return pl.col("latest_adjusted") - pl.col("first_adjusted") - dept_net


#: the trend phrases whose percentile is the company's, said so on a row netted of its
#: department's shift (the percentile is not netted: it ranks the score as recorded)
_COMPANY_PCT = {"rose": "rose_company_pct", "declined": "declined_company_pct"}


def _company_pct(reasons: pl.Expr) -> pl.Expr:
    """``reasons`` with each ``rose`` / ``declined`` phrase's code swapped for its wording
    that says the percentile is the company's (:data:`_COMPANY_PCT`)."""
    code = pl.element().struct.field("code")
    swapped = code.replace(_COMPANY_PCT)
    return reasons.list.eval(pl.element().struct.with_fields(swapped.alias("code")))


def _tagged_first(rows: pl.DataFrame, tag: pl.Expr) -> pl.DataFrame:
    """``rows`` with the phrase ``tag`` (null where it does not apply) first in ``reasons``,
    the rows in their order. Why the rows apart: ``concat_list`` of phrase lists ran at about
    50 microseconds a row (0.08 CPU s for 1,571 decliners at 8M ratings); only the tagged rows
    need it, the others take the joined list's dtype by a cast (by field name, new fields
    null), 0.016 s in all."""
    has = pl.col("dept_net") != 0
    ordered = rows.with_row_index("_i")
    hit = ordered.filter(has).with_columns(
        reasons=_company_pct(pl.concat_list(tag, pl.col("reasons")).list.drop_nulls())
    )
    rest = ordered.filter(~has).with_columns(
        pl.col("reasons").cast(hit.schema["reasons"], strict=False)
    )
    return pl.concat([hit, rest]).sort("_i").drop("_i")


def with_linked_managers(teams: pl.DataFrame, raters: pl.DataFrame | None) -> pl.DataFrame:
    """The manager changes (:func:`analytics.stats.attribution.manager_changes`) whose new
    manager the rater table estimates through the links across cycles (``interval_method`` =
    links): their ``reason`` is ``manager_change_linked``, which gives both managers' effects
    and the people they rest on, "assuming they did not change themselves" (the rater page's
    estimate comes from these very changes). Other rows unchanged."""
    need = {"rater_id", "interval_method", "effect", "n_shared_ratees"}
    if raters is None or not need <= set(raters.columns) or not teams.height:
        return teams
    linked = raters.filter(
        (pl.col("interval_method") == "links") & pl.col("effect").is_not_null()
    ).select(
        pl.col("rater_id").cast(pl.String),
        pl.col("effect").alias("_eff"),
        pl.col("n_shared_ratees").cast(pl.Int64).alias("_links"),
    )
    if not linked.height:
        return teams
    to = linked.rename({"rater_id": "_to", "_eff": "_to_eff", "_links": "_to_links"})
    fr = linked.rename({"rater_id": "_from", "_eff": "_from_eff"}).drop("_links")
    out = (
        teams.with_columns(
            _to=pl.col("manager_to").cast(pl.String), _from=pl.col("manager_from").cast(pl.String)
        )
        .join(to, on="_to", how="left", maintain_order="left")
        .join(fr, on="_from", how="left", maintain_order="left")
    )
    params = {
        k: pl.col(k)
        for k in ("dept", "from_cycle", "to_cycle", "manager_from", "manager_to", "n", "n_stable")
    }
    params |= {
        "diff": pl.col("diff_vs_stable"),
        "lo": pl.col("ci95_low"),
        "hi": pl.col("ci95_high"),
        "to_effect": pl.col("_to_eff"),
        "from_effect": pl.col("_from_eff"),
        "links": pl.col("_to_links"),
    }
    return out.with_columns(
        reason=pl.when(pl.col("_to_eff").is_not_null())
        .then(phrase("manager_change_linked", **params))
        .otherwise(pl.col("reason"))
    ).drop("_to", "_from", "_to_eff", "_to_links", "_from_eff")


def with_scale_estimate(teams: pl.DataFrame) -> pl.DataFrame:
    """The manager changes with ``scale_estimate``: how the new manager's standard is known, as
    a phrase: from the other rating sources (taken out of the change), through the links across
    cycles (the rater page's estimate, :func:`with_linked_managers`; not taken out), or not at
    all. Why: the column "standard estimated" was unticked for the pair the rater page and the
    waterfall estimate (000108 +5.7, 000106 -5.7; rev27a item 2)."""
    if not {"estimated", "reason"} <= set(teams.columns):
        return teams
    linked = pl.col("reason").struct.field("code") == "manager_change_linked"
    return teams.with_columns(
        scale_estimate=pl.when(pl.col("estimated").fill_null(False))
        .then(phrase("scale_by_sources"))
        .when(linked)
        .then(phrase("scale_by_links"))
        .otherwise(phrase("scale_not_estimated"))
    )


def with_linked_trend_reasons(trend: pl.DataFrame, teams: pl.DataFrame | None) -> pl.DataFrame:
    """A sustained riser's or decliner's ``reasons`` (:func:`analytics.stats.potential.risers`)
    with the new-manager mark (``trend_new_manager``, "the new manager's standard cannot be
    estimated") worded as the waterfall words it (``trend_new_manager_linked``: both managers'
    effects and their difference) where ``teams`` (the manager changes after
    :func:`with_linked_managers`) estimates that pair through the links across cycles. Why: the
    list said "cannot be estimated" for 000301 while /raters gave 000108 +5.7 and 000106 -5.7
    from the same people (rev27a item 2). A list of a few dozen rows: walked in Python."""
    if not trend.height or "reasons" not in trend.columns or teams is None or not teams.height:
        return trend
    if "reason" not in teams.columns:
        return trend
    linked = teams.filter(pl.col("reason").struct.field("code") == "manager_change_linked")
    if not linked.height:
        return trend
    p = linked["reason"].struct.field("params").struct.unnest()
    known = {
        (str(r["manager_from"]), str(r["manager_to"]), str(r["to_cycle"])): r
        for r in p.iter_rows(named=True)
        if r.get("to_effect") is not None and r.get("from_effect") is not None
    }
    rows, changed = [], False
    for reasons in trend["reasons"].to_list():
        out = []
        for item in reasons or []:
            q = (item or {}).get("params") or {}
            key = (str(q.get("old")), str(q.get("new")), str(q.get("cycle")))
            if item and item.get("code") == "trend_new_manager" and key in known:
                r = known[key]
                extra = {
                    "to_effect": r["to_effect"],
                    "from_effect": r["from_effect"],
                    "gap": r["to_effect"] - r["from_effect"],
                    "links": r.get("links"),
                }
                item = {"code": "trend_new_manager_linked", "params": {**q, **extra}}
                changed = True
            out.append(item)
        rows.append(out)
    if not changed:
        return trend
    old = trend.schema["reasons"]
    assert isinstance(old, pl.List) and isinstance(old.inner, pl.Struct)
    params = dict(old.inner.to_schema()["params"].to_schema())  # type: ignore[union-attr]
    params |= {"to_effect": pl.Float64, "from_effect": pl.Float64, "gap": pl.Float64}
    params |= {"links": pl.Int64}
    dtype = pl.List(pl.Struct({"code": pl.String, "params": pl.Struct(params)}))
    return trend.with_columns(reasons=pl.Series("reasons", rows, dtype=dtype))
