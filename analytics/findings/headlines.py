"""The headline findings of a scope: the counts that matter for the calibration meeting, as
codes with parameters (the overview page lists them with a link; the printed packet opens with
them). One place decides what a headline says, so the screen and the paper agree."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from analytics.findings.fewnames import with_few_names
from analytics.findings.methods import MIN_N
from analytics.findings.panel_words import panel_count_parts
from analytics.findings.sections import YOUR_TEAM
from analytics.findings.units import Unit, pair_points
from analytics.stats.agreement import decision_study, smallest_design
from analytics.stats.distributions import tail_grades
from analytics.stats.intervals import wilson_interval
from analytics.stats.potential import HIDDEN_MIN_GAP, LIST_SHARE, LIST_TOP_N
from analytics.stats.raters import CT_POOLED_MIN_PEOPLE, CT_POOLED_MIN_RATINGS, PATTERN_MIN_RATEES
from analytics.stats.raters_panel import PANEL_REASONS
from analytics.stats.versus_rest import shares_versus_rest
from analytics.text import phrase_value, render
from analytics.text.labels import section_label

if TYPE_CHECKING:
    from analytics.findings.scope import Scope

__all__ = [
    "ALL_NAMED",
    "HEADLINE_SECTIONS",
    "NAMED",
    "NAMED_RATERS",
    "RATER_COLUMNS",
    "RATER_LINE_COLUMNS",
    "Headline",
    "backtest_lines",
    "blank_row_lines",
    "blank_table_reasons",
    "ct_rule_lines",
    "dstudy_lines",
    "guideline_counts",
    "guideline_policy_lines",
    "guideline_whole_lines",
    "headlines",
    "hidden_empty_line",
    "hipo_headline",
    "interval_words",
    "potential_lines",
    "rater_status",
    "rater_status_lines",
    "raters_in_person",
    "report_whole",
    "section_title",
    "shift_clauses",
    "unit_words",
    "whole_graded",
    "whole_scope_name",
]

#: how many units off the guideline the headline names when there are more than
#: :data:`ALL_NAMED` (the rest as "…", their number in the sentence)
NAMED = 3

#: up to this many units off the guideline, the headline names every one ("4 个部门中 4 个
#: （华北销售部、华东销售部、大客户部、…）" hid the fourth of four: rev24a item 12)
ALL_NAMED = 8

#: the sections the headlines read
HEADLINE_SECTIONS = (
    "raters",
    "rater_panel",
    "recheck",
    "guideline_units",
    "guideline_grades",  # the whole scope against the guideline: policy or department
    "department_shifts",
    "team_shifts",
    "against_trend",
    "high_potential",
    "potential_check",
)
#: the columns of the rater table :func:`headlines` reads (with :func:`rater_status`): a
#: caller may hand it these alone (the overview: 7 of the table's 72 columns)
RATER_COLUMNS = (
    "rater_id",
    "flags",
    "status",
    "fdr_flag",
    "flag",
    "mde80",
    "threshold",
    "interval_method",
)
#: the columns of the rater table the rater page's sentences read: :func:`rater_status_lines`
#: (with :func:`rater_status`), :func:`nested_lines` and :func:`ct_rule_lines`
RATER_LINE_COLUMNS = (
    "n",
    "status",
    "status_reason",
    "fdr_flag",
    "flag",
    "mde80",
    "threshold",
    "interval_method",
    "ct_basis",
    "ct_status",
)


@dataclass(frozen=True)
class Headline:
    """``code`` (a catalogue entry ``overview.headline_*``), its parameters, and the area of the
    product that shows the evidence (``raters``, ``distributions``, ``attribution``,
    ``potential``)."""

    code: str
    area: str
    params: dict = field(default_factory=dict)


def headlines(
    sections: Mapping[str, pl.DataFrame | None],
    unit: Unit | None = None,
    scope_name: str = "company",
    whole: tuple[int, ...] | None = None,
    names: pl.DataFrame | None = None,
    unset: Sequence[str] = (),
    units: str = "department",
    cycle_units: dict[str, Unit] | None = None,
) -> list[Headline]:
    """The headlines that the given sections support, in reading order (a missing or empty
    section gives none of its headlines). A count of nothing is not a headline: "0 raters
    lenient", "0 cases to re-check", "0 of 2 departments off" are left out (review of issue
    19, M3), and so is the guideline when no grade was recorded (its grades derived from the
    scores, nothing to move). ``unit``: the scope's scale, in whose points the department
    shifts are named (None: the 0-1 score, said so). ``scope_name``: the scope as a whole
    (:func:`whole_scope_name`), as the guideline's policy line names it; ``whole``: its
    people graded and of them with the top grade, units of one included (:func:`report_whole`).
    ``names``: the roster the reader may read (``employee_id, name``), beside the raters' ids
    ("韩欣（E001204）"); None or empty (a pseudonymised view): the ids alone (rev28b item 10).
    ``unset``: the dataset's grades when it has no guideline for them (A/B/C/D, rev29a item 3:
    :func:`~analytics.findings.scope.guideline_of`), said with where to set one. ``units``:
    the scope's unit column (:func:`~analytics.findings.sections.unit_column`), whose word the
    guideline's headline says ("teams" in a leaf department: :func:`unit_words`).
    ``cycle_units``: each cycle's unit (:func:`~analytics.findings.units.cycle_units`): a change
    between two cycles on one scale is named in that scale's points where ``unit`` mixes
    scales, as the attribution page names it (s44 A 14: "销售中心 2025Q4 整体 -0.102（0-1 标准分）"
    beside its "-0.41 分（1-5 分制）")."""
    out: list[Headline] = []
    raters = sections.get("raters")

    def who(named: pl.DataFrame) -> list[dict]:  # the few raters said, named (not the table:
        # 210,001 raters at 40M ratings, on every overview run, session 30)
        if "rater_id" not in named.columns:
            return []
        if names is not None:
            named = with_few_names(named.drop("rater_name", strict=False), names)
        return _who(named)

    if raters is not None and raters.height:
        flags = raters["flags"].explode()  # the column alone: the table is 72 columns wide
        counts = rater_status(raters)
        lenient, severe = int((flags == "lenient").sum()), int((flags == "severe").sum())
        unsure = counts["not_estimable"] + counts["insufficient_data"]
        # none flagged: said as none, and only while some raters could not be judged at all
        code = (
            "headline_raters"
            if lenient + severe + counts["likely_only"]
            # no rater could be judged: lead with that, not "no rater is lenient" (rev23b 14)
            else "headline_raters_unjudged"
            if unsure == raters.height
            else "headline_raters_none"
        )
        if code == "headline_raters" or unsure:
            params = {
                "lenient": lenient,
                "severe": severe,
                # named as the flat manager is (rev27a item 7): "1 位偏宽松（000108）"
                "lenient_who": who(_flagged(raters, "lenient")),
                "severe_who": who(_flagged(raters, "severe")),
                "likely": counts["likely_only"],
                "not_estimable": counts["not_estimable"],
                "insufficient": counts["insufficient_data"],
                "all": raters.height,
            }
            unjudged = _counted(  # the clauses of headline_raters_unjudged
                ("overview.n_not_estimable", counts["not_estimable"]),
                ("overview.n_insufficient", counts["insufficient_data"]),
            )
            params |= _rater_parts(params) | {"kinds": unjudged}
            out.append(Headline(f"overview.{code}", "raters", params))
        # a gap that would have been a flag but is put down to scale use is no claim, yet it
        # is large: the headline counts it as one for a human to look at (rev22 item 4, rev21
        # item 3: a plainly severe manager read "scale use differs" and the headline only
        # named the others)
        if counts["scale_use"]:
            out.append(
                Headline("overview.headline_raters_scale_use", "raters", {"n": counts["scale_use"]})
            )
        if int((flags == "central_tendency").sum()):  # a flat manager (rev25a item 5)
            out.extend(_ct_headlines(raters, who))
    panel = sections.get("rater_panel")  # managers against the anonymous peers (flagged only)
    if panel is not None and panel.height and panel["flag"].is_not_null().any():
        # the rater model's words: "likely" where the interval crosses the threshold
        params = {
            "parts": panel_count_parts(panel, rest=False),
            "all": int((panel["status"] != "too_few").sum()),
        }
        out.append(Headline("overview.headline_raters_panel", "raters", params))
    recheck = sections.get("recheck")
    if recheck is not None and recheck.height:
        out.append(Headline(_recheck_code(recheck), "raters", {"n": recheck.height}))
    out += _guideline_headlines(sections, scope_name, whole, unset, units)
    out += _shift_headlines(sections.get("department_shifts"), unit, cycle_units)
    against = sections.get("against_trend")
    if against is not None and against.height:  # they follow the shift (rev28a item 2)
        out.append(
            Headline(
                "overview.headline_against",
                "attribution",
                against_named(against, unit, cycle_units),
            )
        )
    teams = sections.get("team_shifts")
    if teams is not None and teams.height:  # a whole team moved (rev19c M2)
        out.append(Headline("overview.headline_team_shift", "attribution", {"n": teams.height}))
    hipo = sections.get("high_potential")
    if hipo is not None:
        out.append(hipo_headline(hipo, sections.get("potential_check")))
    return out


def _guideline_headlines(
    sections: Mapping[str, pl.DataFrame | None],
    scope_name: str,
    whole: tuple[int, ...] | None,
    unset: Sequence[str],
    units: str = "department",
) -> list[Headline]:
    """:func:`headlines`' guideline lines: no guideline for the dataset's grades (``unset``),
    the units off it (called by their word: ``units``), the whole scope's gap (policy)."""
    out: list[Headline] = []
    if unset:  # nothing is compared with a guideline until one is set (rev29a item 3)
        out.append(
            Headline("overview.headline_guideline_unset", "distributions", {"grades": list(unset)})
        )
    guide = sections.get("guideline_units")
    if guide is not None and "grade_source" in guide.columns:
        guide = guide.filter(pl.col("grade_source") != "derived")  # recorded grades only
    if guide is not None and guide.height and (counted := guideline_counts(guide, units))["n"]:
        one = "_one" if counted["units"] == 1 else ""  # one unit judged: no "many compared"
        out.append(Headline(f"overview.headline_guideline{one}", "distributions", counted))
    # the whole scope's gap (policy) and the units apart from the rest, as /distributions
    # says it: "6 of 6 departments off" alone hid it (rev26a item 6)
    if policy := guideline_policy_lines(sections.get("guideline_grades"), scope_name, whole, units):
        lines = [phrase_value(code, **params) for code, params in policy]
        out.append(Headline("overview.headline_policy", "distributions", {"lines": lines}))
    return out


def _recheck_code(recheck: pl.DataFrame) -> str:
    """The re-check headline naming only the sources the cases hold beside the manager: self,
    peers, or both (rev29a item 12: "peer/self" where no peer rated anyone)."""
    held = [
        role
        for role in ("self", "peer")
        if role in recheck.columns and recheck.get_column(role).is_not_null().any()
    ]
    return "overview.headline_recheck" + ("" if len(held) != 1 else f"_{held[0]}")


#: the managers with central tendency the overview names by id, the rest counted
NAMED_RATERS = 3
#: a cycle pair of the department shifts
_PAIR_COLS = ("from_cycle", "to_cycle")


def _in_points(
    unit: Unit | None, cycle_units: dict[str, Unit] | None, row: dict
) -> tuple[Callable[[float | None], float | None], str | None]:
    """How a change of ``row`` (its ``from_cycle`` -> ``to_cycle``) is said: the function from
    the 0-1 score to its points and the scale's name (None: the 0-1 score, said so), in the
    unit of its pair of cycles (:func:`~analytics.findings.units.pair_points`)."""
    u = pair_points(unit, cycle_units, row.get("from_cycle"), row.get("to_cycle"))
    if u is None or u.mixed:
        return (lambda v: v), None
    return u.diff, u.scale


def _shift_headlines(
    shifts: pl.DataFrame | None, unit: Unit | None, cycle_units: dict[str, Unit] | None = None
) -> list[Headline]:
    """The department shifts' headlines: the shifts named, the cycle pairs whose company and
    department cannot be separated, the changes that sit in teams with a new manager."""
    out: list[Headline] = []
    if shifts is None or not shifts.height:
        return out
    significant = shifts.filter(pl.col("significant").fill_null(False))
    if moved := significant["dept"].n_unique():  # departments, each once (rev33a finding 6)
        named = {"n": moved, "shifts": shift_clauses(shifts, unit, cycle_units)}  # rev25a 5
        out.append(Headline("overview.headline_shift", "attribution", named))
    if "environment_joint" in shifts.columns and shifts["environment_joint"].any():
        # company and department not separable: said, not split (rev29a item 1); a pair the
        # data answer (its own change, or company-wide: fixattr31; nothing moved: left32) is not
        # one of them
        told = pl.col("environment_answer").is_in(["own", "company", "none"]).fill_null(False)
        if "environment_answer" not in shifts.columns:
            told = pl.lit(False)
        k = shifts.filter(pl.col("environment_joint") & ~told).select(_PAIR_COLS).n_unique()
        if k:
            out.append(Headline("overview.headline_joint", "attribution", {"n": k}))
        out += _dominant_headline(shifts, unit, cycle_units)
    if "confounded_with_rater_change" in shifts.columns:
        k = int(shifts["confounded_with_rater_change"].fill_null(False).sum())
        if k:
            out.append(Headline("overview.headline_rater_change", "attribution", {"n": k}))
    return out


def _dominant_headline(
    shifts: pl.DataFrame, unit: Unit | None, cycle_units: dict[str, Unit] | None = None
) -> list[Headline]:
    """The latest pair whose company and department cannot be separated because one
    department holds more than half of the people, said as that department against the rest
    ("技术中心 2026-10 -4.2, the other departments +0.05 (n 252 vs 168)"), if it moved
    materially against them (rev30a item 1: the overview had said "company -4.2")."""
    need = {"diff_vs_rest", "diff_vs_rest_ci95_low", "diff_vs_rest_ci95_high", "material"}
    if not need <= set(shifts.columns):
        return []
    answer = (
        pl.col("environment_answer").fill_null("joint")
        if "environment_answer" in shifts.columns
        else pl.lit("joint")
    )
    rows = shifts.filter(
        pl.col("environment_joint").fill_null(False)
        & (answer != "own")  # its own change: named as a department shift (fixattr31)
        & (answer != "none")  # nothing moved (left32 item 2): nothing to say
        & (pl.col("n") > pl.col("n_rest"))
        # company-wide: the department answered as moving with the rest (fixattr31)
        & pl.when(answer == "company")
        .then(True)
        .otherwise(
            ((pl.col("diff_vs_rest_ci95_low") > 0) | (pl.col("diff_vs_rest_ci95_high") < 0))
            & (pl.col("diff_vs_rest").abs() >= pl.col("min_shift"))
        )
    )
    if not rows.height:
        return []
    r = rows.row(-1, named=True)
    pts, scale = _in_points(unit, cycle_units, r)
    named = {
        "dept": r["dept"],
        "cycle": r["to_cycle"],
        "shift": pts(r["department"]),
        "rest": pts(r["mean_adjusted_change"] - r["diff_vs_rest"]),
        "n_dept": r["n"],
        "n_rest": r["n_rest"],
        "score_scale": scale,
    }
    # the rest moved the same way: a company-wide move (fixattr31)
    code = "company" if r.get("environment_answer") == "company" else "dominant"
    return [Headline(f"overview.headline_joint_{code}", "attribution", named)]


def shift_clauses(
    shifts: pl.DataFrame, unit: Unit | None = None, cycle_units: dict[str, Unit] | None = None
) -> list[dict]:
    """The significant department shifts as clauses ("销售中心 2026H1 整体 -5.3（0-100 分制）"),
    in ``unit``'s points (the 0-1 score when None or mixed): the department with the largest
    first, each department named once with its cycles in order ("生产中心 2026Q1 整体 -0.37、
    2026Q2 整体 +0.35", not 生产中心 twice as if two departments: rev33a finding 6)."""
    rows = shifts.filter(pl.col("significant").fill_null(False))
    order = "to_order" if "to_order" in rows.columns else "to_cycle"
    rows = (
        rows.with_columns(_top=pl.col("department").abs().max().over("dept"))
        .sort(["_top", "dept", order], descending=[True, False, False])
        .with_columns(_first=pl.col("dept").is_first_distinct())
    )
    out = []
    for r in rows.iter_rows(named=True):
        pts, scale = _in_points(unit, cycle_units, r)  # the pair's own scale (s44 A 14)
        out.append(
            phrase_value(
                "overview.shift_named" if r["_first"] else "overview.shift_named_again",
                dept=r["dept"],
                cycle=r["to_cycle"],
                shift=pts(r["department"]),
                score_scale=scale,
            )
        )
    return out


def against_named(
    against: pl.DataFrame, unit: Unit | None = None, cycle_units: dict[str, Unit] | None = None
) -> dict[str, object]:
    """The people against their department's shift (``against_trend``, largest first) as the
    headline's parameters: the first :data:`NAMED_RATERS` by name (their id without one) with
    their own part in ``unit``'s points, and how many more."""
    who = pl.col("name") if "name" in against.columns else pl.lit(None, pl.String)
    rows = against.head(NAMED_RATERS).with_columns(
        _who=pl.coalesce(who, pl.col("employee_id").cast(pl.String))
    )
    people = []
    for r in rows.iter_rows(named=True):
        pts, scale = _in_points(unit, cycle_units, r)  # the pair's own scale (s44 A 14)
        people.append(
            phrase_value(
                "overview.against_named",
                who=r["_who"],
                dept=r["dept"],
                cycle=r["to_cycle"],
                individual=pts(r["individual"]),
                score_scale=scale,
            )
        )
    more = against.height - rows.height
    return {"n": against.height, "people": people, "more": _counted(("overview.n_more", more))}


def _ct_headlines(
    raters: pl.DataFrame, who: Callable[[pl.DataFrame], list[dict]]
) -> list[Headline]:
    """The central-tendency headlines: the managers ("团队成员的分数几乎没有差异"), and apart
    from them the raters labelled in another role (``ct_role``, fixrater30: a leader whose
    ratings of other leaders as a peer barely differ is no manager of a flat team)."""
    named = raters.filter(pl.col("flags").list.contains("central_tendency"))
    manager = (
        (pl.col("ct_role") == "manager").fill_null(True)
        if "ct_role" in named.columns
        else pl.lit(True)
    )
    out = []
    for code, group in (
        ("overview.headline_raters_ct", named.filter(manager)),
        ("overview.headline_raters_ct_other", named.filter(~manager)),
    ):
        if group.height:
            ids = who(group.head(NAMED_RATERS))  # the few said, named (speed30)
            more = max(group.height - len(ids), 0) if ids else 0
            out.append(Headline(code, "raters", {"n": group.height, "ids": ids, "more": more}))
    return out


def _counted(*pairs: tuple[str, int]) -> list[dict]:
    """The clauses ``(code, n)`` whose count is not 0, as phrase values: a headline leaves
    out "0 位无法估计" rather than print it (rev21 item 11)."""
    return [phrase_value(code, n=n) for code, n in pairs if n]


def _flagged(raters: pl.DataFrame, flag: str) -> pl.DataFrame:
    """The first :data:`NAMED_RATERS` raters flagged ``flag`` (``lenient``, ``severe``), the
    largest effects first; none without ids."""
    if "rater_id" not in raters.columns:
        return raters.clear()
    named = raters.filter(pl.col("flags").list.contains(flag))
    if "effect" in named.columns:
        named = named.sort(pl.col("effect").abs(), descending=True, nulls_last=True)
    return named.head(NAMED_RATERS)


def _who(raters: pl.DataFrame) -> list[dict]:
    """Each rater as the ``{x:who}`` spec words a person: ``{"id", "name"}`` (the name null
    where the reader may not read it: the id alone)."""
    name = raters["rater_name"] if "rater_name" in raters.columns else [None] * raters.height
    return [
        {"id": str(i), "name": n} for i, n in zip(raters["rater_id"].to_list(), name, strict=True)
    ]


def _named_count(code: str, n: int, who: list[str]) -> list[dict]:
    """A count clause ``code`` (left out at 0), its raters named when all of them are known
    (``code + "_named"``: "1 位偏宽松（000108）", as the flat manager is); more than :data:`NAMED_RATERS`:
    counted only (the rater page lists them)."""
    if not n:
        return []
    if not who or len(who) < n:
        return [phrase_value(code, n=n)]
    return [phrase_value(code + "_named", n=n, ids=who)]


def _rater_parts(c: dict[str, object]) -> dict[str, list[dict]]:
    """The raters headline's ``parts`` (``{parts:parts}``): the strict flags (their raters
    named), the likely ones and the raters that could not be judged, each left out when its
    counts are 0."""
    parts = []
    kinds = _named_count(
        "overview.n_lenient", c["lenient"], c.get("lenient_who") or []
    ) + _named_count("overview.n_severe", c["severe"], c.get("severe_who") or [])
    if kinds:
        parts.append(phrase_value("overview.raters_strict", kinds=kinds))
    if c["likely"]:
        more = "overview.raters_likely_more" if kinds else "overview.raters_likely"
        parts.append(phrase_value(more, n=c["likely"]))
    unsure = _counted(
        ("overview.n_not_estimable", c["not_estimable"]),
        ("overview.n_insufficient", c["insufficient"]),
    )
    if unsure:
        parts.append(phrase_value("overview.raters_unsure", all=c["all"], kinds=unsure))
    return {"parts": parts}


def hipo_headline(hipo: pl.DataFrame, check: pl.DataFrame | None) -> Headline:
    """The high-potential headline. Why not one count: a list ranked with no potential
    recorded is a performance list (missing potential counts 0.5 for everyone), and must not be
    announced as "high-potential candidates" (review of issue 18, D10)."""
    if "potential_score" in hipo.columns:
        missing = int(hipo["potential_score"].is_null().sum())
    else:
        missing = 0
    if check is not None and check.height:
        c = check.row(0, named=True)
        if c["n_people"] and c["n_not_recorded"] == c["n_people"]:
            missing = hipo.height
    # the count is the list's size: the rule that sets it goes with it (rev24b item 10)
    ranked = int(hipo["n"][0]) if "n" in hipo.columns and hipo.height else hipo.height
    rule = {"n": hipo.height, "ranked": ranked, "share": LIST_SHARE, "cap": LIST_TOP_N}
    if hipo.height and missing == hipo.height:
        return Headline("overview.headline_hipo_no_potential", "potential", rule)
    if missing:
        return Headline("overview.headline_hipo_some", "potential", {**rule, "k": missing})
    return Headline("overview.headline_hipo", "potential", rule)


def section_title(name: str, sections: Mapping[str, pl.DataFrame], lang: str) -> str:
    """The title of section ``name`` in ``sections``: the high-potential list ranked with no
    potential recorded is titled a performance ranking, as the overview's headline words it
    (rev19e minor 12: the packet and the workbook said "高潜名单")."""
    hipo = sections.get("high_potential")
    if name == "high_potential" and hipo is not None:
        code = hipo_headline(hipo, sections.get("potential_check")).code
        if code == "overview.headline_hipo_no_potential":
            return render("section.high_potential_no_potential", lang)
    return section_label(name, lang)


#: the directions off the guideline in the order a tie is listed in
_WAYS = ("inflated", "deflated", "mixed_middle", "mixed_ends", "mixed")


def unit_words(kind: str, n: int | None = None) -> str:
    """The ``unit_word`` code of a scope's units (``kind``: the unit column of
    :func:`~analytics.findings.sections.unit_column`): teams where its units are teams (a leaf
    department's, a team's, a manager's people), else departments; ``n``: the count it agrees
    with (one: the singular). Why: a department scope's headline called its teams
    "departments" ("1 of 6 departments off" in 销售中心, left31)."""
    word = "team" if kind in ("team", YOUR_TEAM) else "department"
    return f"{word}_one" if n == 1 else word


def guideline_counts(guide: pl.DataFrame, kind: str = "department") -> dict[str, object]:
    """What the guideline section says, counted in people: its one cycle (the scope's latest),
    the units judged and too small to judge, those off the guideline after Holm's correction
    (``names``: every one up to :data:`ALL_NAMED`, else the first :data:`NAMED` by people to
    move) and by direction, and the people in those units (one row per person in one cycle, so these are
    distinct employees, not person-cycles) with how many of them would change grade."""
    dev = guide.filter(pl.col("significant"))
    cycles = guide["cycle_id"].drop_nulls().unique().sort() if "cycle_id" in guide.columns else []
    # which units: the cover of a department's packet said "1 of 2 departments off" without
    # naming it (rev19b minor 13); the largest moves first, the first NAMED of them
    order = [c for c in ("people_to_move", "n") if c in dev.columns]
    named = dev.sort(order, descending=True, nulls_last=True) if order else dev
    shown = dev.height if dev.height <= ALL_NAMED else NAMED
    names = [str(u) for u in named["unit"].head(shown).to_list()] if "unit" in dev.columns else []
    if dev.height > len(names) and names:
        names.append("…")
    ways = dev.group_by("direction").len()
    way = dict(zip(ways["direction"].to_list(), ways["len"].to_list(), strict=True))
    # the most common direction counted, each other one named (which department is the
    # "two-sided" one: rev26a item 6), in the words of the page's table (``direction.*``)
    order = sorted(way, key=lambda w: (-way[w], _WAYS.index(w) if w in _WAYS else len(_WAYS)))
    clauses = [
        phrase_value("overview.n_way", n=int(way[w]), way=w)
        if i == 0
        else phrase_value(
            "overview.way_named",
            way=w,
            names=[str(u) for u in dev.filter(pl.col("direction") == w)["unit"].to_list()],
        )
        for i, w in enumerate(order)
    ]
    too_small = guide.height - int(guide["judged"].sum())
    return {
        "cycle": ", ".join(str(c) for c in cycles),
        "n": dev.height,
        "names": names,
        "units": int(guide["judged"].sum()),
        "too_small": too_small,
        "inflated": int(way.get("inflated", 0)),
        "deflated": int(way.get("deflated", 0)),
        "mixed": int(way.get("mixed", 0) + way.get("mixed_middle", 0) + way.get("mixed_ends", 0)),
        "people": int(dev["n"].sum() or 0),
        "moves": int(dev["people_to_move"].sum() or 0),
        # the headline's clauses, each left out when its count is 0 (rev21 item 11)
        "ways": clauses,
        "small": [
            phrase_value("overview.too_small_units", n=too_small, kind=unit_words(kind))
            for _ in range(bool(too_small))
        ],
        # the units' word ("teams" where they are: ``kind``, :func:`unit_words`)
        "kind": unit_words(kind),
        "kind_n": unit_words(kind, dev.height),
    }


def guideline_whole_lines(
    shares: pl.DataFrame,
    guideline: Mapping[str, float],
    scope_name: str = "company",
    whole: tuple[int, ...] | None = None,
    units: str = "department",
) -> list[tuple[str, dict]]:
    """Policy or department (rev25a item 6: "6 of 6 departments off" hid that the company as a
    whole gives 7.6% of its top grade against the guideline's 20%): the whole scope's share of
    the guideline's top grade (``shares``: the ``grade_shares`` section, one cycle, each unit's
    grade counts) with its Wilson 95% interval against the guideline's, and the units whose
    share differs from the rest of the scope's (two-sided Fisher exact test, Holm across the
    units; the difference with Newcombe's interval). ``scope_name``: :func:`whole_scope_name`.
    ``whole``: (people graded, of them with the top grade) of the whole scope where it holds
    more than its units (a head placed at the department itself, a unit of one left out of the
    comparisons): "as a whole" then counts everyone (rev27b item 4: 167 of 168 people).
    The same for the guideline's bottom grades (:func:`~analytics.stats.distributions.
    tail_grades`, rev30b item 1). As ``(code, params)``; [] when the whole scope's interval
    holds the guideline's share on both sides (no policy gap to tell apart), or no grade.
    ``units``: the scope's unit column, whose word the lines say (:func:`unit_words`)."""
    top = next(iter(guideline), None)
    need = {"unit", "grade", "n", "count"}
    if top is None or shares.is_empty() or not need <= set(shares.columns):
        return []
    top_whole = (whole[0], whole[1]) if whole is not None else None
    side = partial(_whole_side, shares, scope_name=scope_name, unit_kind=units)
    lines = side([top], float(guideline[top]), whole=top_whole)
    # the bottom grades too (rev30b item 1: Sales' 10% A was within chance of 15%, its 43%
    # C+D against 25% never said); "as a whole" counts everyone there too (``whole``'s third)
    bottom = tail_grades(guideline)[1]
    if bottom and bottom != [top]:
        target = float(sum(guideline[g] for g in bottom))
        low_whole = (whole[0], whole[2]) if whole is not None and len(whole) > 2 else None
        lines += side(bottom, target, whole=low_whole)
    return lines


def _whole_side(
    shares: pl.DataFrame,
    grades: list[str],
    target: float,
    scope_name: str,
    whole: tuple[int, int] | None,
    unit_kind: str,
) -> list[tuple[str, dict]]:
    """:func:`guideline_whole_lines` for one side of the guideline (``grades``, their summed
    guideline share ``target``): [] when the whole scope's Wilson interval holds ``target``."""
    per = (
        shares.group_by("unit")
        .agg(n=pl.col("n").first(), k=pl.col("count").filter(pl.col("grade").is_in(grades)).sum())
        .filter(pl.col("n") > 0)
        .sort("unit")
    )
    n_all, k_all = int(per["n"].sum()), int(per["k"].sum())
    if whole is not None and whole[0] > n_all:
        n_all, k_all = whole
    if not n_all:
        return []
    lo, hi = (float(v[0]) for v in wilson_interval(np.array([k_all]), np.array([n_all])))
    if lo <= target <= hi:
        return []
    p, diff, dlo, dhi = shares_versus_rest(per["k"].to_numpy(), per["n"].to_numpy())
    off = np.nan_to_num(p, nan=1.0) < 0.05
    units = per.with_columns(
        diff=pl.Series(diff), lo=pl.Series(dlo), hi=pl.Series(dhi), off=pl.Series(off)
    )
    lower = units.filter(pl.col("off") & (pl.col("diff") < 0))["unit"].to_list()
    higher = units.filter(pl.col("off") & (pl.col("diff") > 0))["unit"].to_list()
    grade = "+".join(grades)
    kind = {"kind": unit_words(unit_kind), "kind_one": unit_words(unit_kind, 1)}  # or teams
    params = kind | {
        "scope": scope_name,
        "grade": grade,
        "share": k_all / n_all,
        "lo": lo,
        "hi": hi,
        "target": target,
        "n": n_all,
    }
    code = "dist.whole_below" if hi < target else "dist.whole_above"
    if per.height < 2:  # one unit (a department with no teams): no unit against the rest
        return [(f"{code}_alone", params)]
    lines = [(code, params)]
    if not lower and not higher:
        alike = {"units": per.height, "grade": grade, "kind_n": unit_words(unit_kind, per.height)}
        return [*lines, ("dist.whole_units_alike", kind | alike)]
    for names, code in ((lower, "dist.whole_units_lower"), (higher, "dist.whole_units_higher")):
        if names:
            lines.append((code, kind | {"names": names, "grade": grade}))
    return lines


def guideline_policy_lines(
    grades: pl.DataFrame | None,
    scope_name: str = "company",
    whole: tuple[int, ...] | None = None,
    units: str = "department",
) -> list[tuple[str, dict]]:
    """:func:`guideline_whole_lines` read from the report's ``guideline_grades`` section (each
    unit's count of each guideline grade in the scope's latest cycle, recorded grades only,
    with the guideline's share beside it, in the guideline's order): the overview, the
    packet's cover and the workbook's summary say the policy gap /distributions says.
    ``whole``: :func:`whole_graded`, so that "as a whole" counts everyone there too."""
    need = {"unit", "grade", "n", "count", "expected_share"}
    if grades is None or grades.is_empty() or not need <= set(grades.columns):
        return []
    if "grade_source" in grades.columns:
        grades = grades.filter(pl.col("grade_source") != "derived")
    guideline = dict(
        grades.select("grade", "expected_share").unique("grade", maintain_order=True).iter_rows()
    )
    return guideline_whole_lines(grades.select(need), guideline, scope_name, whole, units)


def whole_graded(
    check: pl.DataFrame | None, cycle: str | None, top: str | None
) -> tuple[int, ...] | None:
    """(people graded, of them with ``top``) in ``cycle`` of the whole scope, the units of one
    person included, read from its ``guideline_check`` section: what :func:`guideline_whole_lines`
    counts "as a whole" on every page and export (rev27b item 4, issue 19 item 2). None when
    the section is of another cycle or guideline (its first grade not ``top``) or has no count."""
    need = {"cycle_id", "guideline_grades", "n_graded", "n_top"}
    if check is None or check.height != 1 or not need <= set(check.columns) or top is None:
        return None
    row = check.row(0, named=True)
    if row["cycle_id"] != cycle or not row["guideline_grades"]:
        return None
    if row["guideline_grades"][0] != top or row["n_graded"] is None or row["n_top"] is None:
        return None
    if row.get("n_bottom") is not None:  # and of them with a bottom grade (rev30b item 1)
        return int(row["n_graded"]), int(row["n_top"]), int(row["n_bottom"])
    return int(row["n_graded"]), int(row["n_top"])


def report_whole(grades: pl.DataFrame | None, check: pl.DataFrame | None) -> tuple[int, ...] | None:
    """:func:`whole_graded` for the cycle and top grade of a ``guideline_grades`` section."""
    if grades is None or grades.is_empty() or not {"cycle_id", "grade"} <= set(grades.columns):
        return None
    return whole_graded(check, grades["cycle_id"][0], grades["grade"][0])


def whole_scope_name(scope: Scope) -> str:
    """How :func:`guideline_whole_lines` names a scope as a whole: the company (``company``),
    its team or the last part of its department, else ``this_scope`` (a level, a job family).
    A scope clipped to a viewer's reach names the reach: its departments (an HRBP of two) or a
    manager's teams, never the company it is a part of (rev35b)."""
    if scope.level or scope.job_family:
        return "this_scope"
    if scope.team:
        return scope.team
    if scope.department:
        return last_part(scope.department)
    if scope.within:
        return " + ".join(last_part(d) for d in scope.within)
    if scope.people:  # a manager's reach: the teams they lead, else "this scope"
        return " + ".join(scope.teams) or "this_scope"
    return "company"


def last_part(department: str) -> str:
    """The last part of a department path (研发中心/平台部 -> 平台部)."""
    return department.rstrip("/").rsplit("/", 1)[-1]


def rater_status(raters: pl.DataFrame) -> dict[str, object]:
    """What the rater table can say, counted: raters per ``status``
    (:data:`analytics.stats.raters.RATER_STATUSES`; ``scale_use``: a gap not claimed as
    leniency because the rater's scale use differs), ``panel`` (of the ``not_estimable``, the
    managers compared with their people's anonymous peer panel instead), ``likely_only`` (in the FDR tier without
    the strict flag), ``low_power`` (clear, but the strict flag would need an effect above
    twice the threshold for 80% power) and the ``interval_method`` of the fit (None when the
    table has none of these columns: a table stored by an older version)."""
    out: dict[str, object] = {
        "flagged": 0,
        "clear": 0,
        "not_estimable": 0,
        "insufficient_data": 0,
        "scale_use": 0,
        "pair_only": 0,
        "likely_only": 0,
        "low_power": 0,
        "panel": 0,
        "interval_method": None,
    }
    if "status" not in raters.columns:
        return out
    # counted on the columns they read: filtering the whole table (72 columns, sentences and
    # lists; 210,001 rows at 40M ratings) cost a scope's first rater page and overview ~0.5 s
    read = raters.select("status", "fdr_flag", "flag", "mde80", "threshold")
    for status, n in read.group_by("status").len().iter_rows():
        if status in out:
            out[status] = int(n)
    if "status_reason" in raters.columns:  # not estimated, but compared with the peer panel
        code = raters["status_reason"].struct.field("code")
        out["panel"] = int(
            ((raters["status"] == "not_estimable") & code.is_in(PANEL_REASONS)).sum()
        )
    out["likely_only"] = read.filter(
        pl.col("fdr_flag").is_not_null() & pl.col("flag").is_null()
    ).height
    out["low_power"] = read.filter(
        (pl.col("status") == "clear") & (pl.col("mde80") > 2 * pl.col("threshold"))
    ).height
    # the same-ratee model's method where it tested a rater, else that of the links across
    # cycles where they did (a manager-only design, session 24), else the model's
    tested = pl.col("status").is_in(["flagged", "clear", "scale_use"])
    links = pl.col("interval_method") == "links"
    method = raters.select("status", "interval_method")
    methods = pl.concat(
        [
            method.filter(tested & ~links)["interval_method"],
            method.filter(tested & links)["interval_method"],
            method["interval_method"],
        ]
    ).drop_nulls()
    out["interval_method"] = methods[0] if methods.len() else None
    return out


#: the reasons of a rater whom nobody else's rating of the same people can place (a
#: manager-only team), estimated through links across cycles or not
_NESTED_CODES = (
    "own_ratees_only",
    "link_flag_strict",
    "link_flag_likely",
    "link_clear",
    "link_pair",
    "link_few",
)


def nested_lines(raters: pl.DataFrame) -> list[tuple[str, dict]]:
    """The rater page's first sentence on a manager-only design (at least half of the fitted
    raters rate people nobody else rated in the same cycle), as ``(code, params)``: what
    cannot be judged and why, how many are estimated through links across cycles, and where
    the team means against the department are (session 24, rev23a item 6). Empty otherwise."""
    if "status_reason" not in raters.columns or "n" not in raters.columns:
        return []
    # the columns it reads: filtering the whole table (72 columns, 210,001 rows at 40M
    # ratings) cost every run of the rater page ~0.1 s
    read = [c for c in ("n", "status_reason", "interval_method") if c in raters.columns]
    fitted = raters.select(read).filter(pl.col("n").is_not_null())
    code = fitted["status_reason"].struct.field("code")
    nested = int(code.is_in(_NESTED_CODES).sum())
    if not fitted.height or 2 * nested < fitted.height:
        return []
    links = int((fitted["interval_method"] == "links").sum()) if nested else 0
    params = {"n": nested, "all": fitted.height, "k": links}
    return [("raters.nested_upfront_links" if links else "raters.nested_upfront", params)]


def ct_rule_lines(raters: pl.DataFrame) -> list[tuple[str, dict]]:
    """The central-tendency rule as it is applied to managers nobody else rates (their ratings
    pooled over the cycles: ``ct_basis`` = pooled_cycles), as ``(code, params)``: how many, how
    many were judged, and the pooled minimums; empty where no rater was judged so (rev25a item
    4: the page said "at least 8 ratees" while a manager of 7 was flagged on 21 ratings)."""
    if "ct_basis" not in raters.columns or not (raters["ct_basis"] == "pooled_cycles").any():
        return []
    pooled = raters.filter(pl.col("ct_basis") == "pooled_cycles")
    params = {
        "n": pooled.height,
        "judged": int(pooled["ct_status"].is_in(["flagged", "clear"]).sum()),
        "people": CT_POOLED_MIN_PEOPLE,
        "ratings": CT_POOLED_MIN_RATINGS,
        "min": PATTERN_MIN_RATEES,
    }
    return [("raters.ct_pooled_rule", params)]


def rater_status_lines(raters: pl.DataFrame) -> list[tuple[str, dict]]:
    """The sentences under the rater effects (page and packet), as ``(code, params)``: how many
    raters are flagged, clear, cannot be estimated or have too little data; how many gaps are
    not claimed as leniency because scale use differs; which intervals;
    and, when the flag is weak for many raters, that "not flagged" is not "checked and clean"."""
    c = rater_status(raters)
    if c["interval_method"] is None:
        return []
    counts = {
        k: c[k] for k in ("flagged", "likely_only", "clear", "not_estimable", "insufficient_data")
    }
    flagged = (
        [phrase_value("raters.n_flagged_likely", n=c["flagged"], k=c["likely_only"])]
        if c["likely_only"]
        else _counted(("raters.n_flagged", c["flagged"]))
    )
    parts = flagged + _counted(
        ("raters.n_clear", c["clear"]),
        ("raters.n_pair_only", c["pair_only"]),  # their difference only (rev29a item 4)
        ("overview.n_not_estimable", c["not_estimable"]),
        ("overview.n_insufficient", c["insufficient_data"]),
    )
    lines: list[tuple[str, dict]] = (
        [("raters.status_counts", counts | {"parts": parts})] if parts else []
    )
    tested = c["flagged"] + c["clear"] + c["scale_use"] + c["pair_only"]
    if tested:
        lines.append(("raters.interval_note", {"method": c["interval_method"]}))
    else:  # nothing was compared: no interval method to name, no spread tested
        lines.append(("raters.interval_none", {}))
    if c["scale_use"]:
        lines.append(("raters.scale_use_note", {"n": c["scale_use"]}))
    if c["flagged"] or c["scale_use"]:  # what a flag does not prove, where there are flags
        lines.append(("raters.flag_limits", {}))
    # the managers compared with their people's anonymous peer panel are not "nobody else
    # rates their people": said apart, in their own words (left25 item 5)
    panel = c["panel"]
    if c["not_estimable"] - panel:
        lines.append(("raters.not_estimable_note", {"n": c["not_estimable"] - panel}))
    if panel:
        lines.append(("raters.not_estimable_panel", {"n": panel}))
    if c["low_power"]:
        lines.append(("raters.power_note", {"low": c["low_power"], "clear": c["clear"]}))
    if strict_only := _strict_not_likely(raters):  # the two flag columns (rev29b item 4)
        lines.append(("raters.strict_not_likely", {"n": strict_only}))
    return lines


def _strict_not_likely(raters: pl.DataFrame) -> int:
    """How many raters carry the strict flag with no "likely" beside it. Why (rev29b item 4):
    MS1 read "lenient" with "Likely (FDR)" blank at q = 0.060, taken as "less sure than
    likely"; the two are separate tests, said in a sentence where it happens."""
    if not {"flag", "fdr_flag"} <= set(raters.columns):
        return 0
    both = pl.col("flag").is_in(["lenient", "severe"]) & pl.col("fdr_flag").is_null()
    return raters.filter(both).height


def potential_lines(check: pl.DataFrame | None) -> list[tuple[str, dict]]:
    """The sentences above the nine-box (page and packet), as ``(code, params)``: where the
    potential axis comes from, how far the proxy follows performance, and who has none."""
    if check is None or check.height == 0:
        return []
    c = check.row(0, named=True)
    lines: list[tuple[str, dict]] = []
    earlier = c.get("n_earlier") or 0  # a stored check of an older version has none
    if c["n_outcome"] - earlier:
        lines.append(("pot.check_outcome", {"n": c["n_outcome"] - earlier, "all": c["n_people"]}))
    if earlier:  # a blank in their latest cycle: an earlier rating carried forward (rev22)
        cycles = list(c.get("earlier_cycles") or [])
        lines.append(
            ("pot.check_outcome_earlier", {"n": earlier, "all": c["n_people"], "cycles": cycles})
        )
    if c["n_proxy"]:
        params = {"n": c["n_proxy"], "all": c["n_people"]}
        if c["r"] is None:
            lines.append(("pot.check_proxy_no_r", params))
        else:
            code = "pot.check_proxy_restates" if c["restates"] else "pot.check_proxy"
            lines.append(
                (
                    code,
                    params
                    | {"r": c["r"], "lo": c["r_ci95_low"], "hi": c["r_ci95_high"], "n_r": c["n_r"]},
                )
            )
    if c["n_not_recorded"]:
        lines.append(("pot.check_not_recorded", {"n": c["n_not_recorded"], "all": c["n_people"]}))
    return lines


def interval_words(lo: float | None, hi: float | None) -> list[dict]:
    """An interval of shares for a sentence's ``{x:clauses}``: "12% to 40%", or "cannot be
    estimated" when either end is missing (one person has no t interval), never "— to —"."""
    missing = any(v is None or v != v for v in (lo, hi))  # None or NaN
    if missing:
        return [phrase_value("interval.not_estimable")]
    return [phrase_value("interval.share_range", lo=lo, hi=hi)]


def backtest_lines(backtest: pl.DataFrame | None) -> list[tuple[str, dict]]:
    """The backtest of the high-potential list in sentences (page and packet), as
    ``(code, params)``: where last cycle's list stands this cycle, the plain ranking beside
    it, and what the backtest does not prove."""
    if backtest is None or backtest.height == 0:
        return [("pot.backtest_none", {})]
    rows = {r["backtest_group"]: r for r in backtest.iter_rows(named=True)}
    hipo, plain, everyone = rows["high_potential"], rows["top_percentile"], rows["everyone"]
    base = {"before": hipo["cycle_before"], "after": hipo["cycle_after"]}
    if not hipo["n_listed"]:  # no list: the scope ranked too few people (MIN_N)
        return [("pot.backtest_no_list", base | {"k": MIN_N})]
    if not hipo["n_rated"]:
        return [("pot.backtest_unrated", base | {"n_listed": hipo["n_listed"]})]

    def params(r: dict) -> dict:
        return base | {
            "n_listed": r["n_listed"],
            "n": r["n_rated"],
            "pct": r["pct_mean"],
            "lo": r["pct_ci95_low"],
            "hi": r["pct_ci95_high"],
            "ci": interval_words(r["pct_ci95_low"], r["pct_ci95_high"]),
            "top": r["top_band_share"],
            "tlo": r["top_band_ci95_low"],
            "thi": r["top_band_ci95_high"],
            "tci": interval_words(r["top_band_ci95_low"], r["top_band_ci95_high"]),
            "below": r["below_median_share"],
            "band": r["top_band"],
        }

    lines = [("pot.backtest_list", params(hipo) | {"all_top": everyone["top_band_share"]})]
    if plain["n_rated"]:
        lines.append(("pot.backtest_plain", params(plain)))
    lines.append(("pot.backtest_caveat", {}))
    return lines


def blank_table_reasons(
    frame: pl.DataFrame | None, values: tuple[str, ...], reason: str = "reason"
) -> list[str]:
    """The reasons of a table every row of which is blank (each of ``values`` null) and says
    why (its ``reason`` set), in the order they first appear; [] where a row has a value or
    no reason (or the table no rows). Such a table is a wall of "—" beside the same words:
    the page says each reason once instead (the D study's 40 rows, rev23a item 16; the Kappa
    table's 12 rows on manager-only data, rev24a item 11)."""
    if frame is None or frame.is_empty() or reason not in frame.columns:
        return []
    if any(c not in frame.columns for c in values):
        return []
    blank = all(frame[c].null_count() == frame.height for c in values)
    why = frame[reason]
    if not blank or why.null_count():
        return []
    return why.unique(maintain_order=True).to_list()


def _blank(frame: pl.DataFrame, values: tuple[str, ...], reason: str) -> pl.Expr:
    """The rows of ``frame`` with no value (each of ``values`` null) and a reason."""
    return pl.all_horizontal(pl.col(c).is_null() for c in values) & pl.col(reason).is_not_null()


def blank_row_lines(
    frame: pl.DataFrame | None, values: tuple[str, ...] = ("kappa",), reason: str = "reason"
) -> tuple[pl.DataFrame | None, list[tuple[str, dict]]]:
    """The Kappa table (``agreement``) without its rows of no value, and those rows in
    sentences, one per reason with the measures and cycles it holds for, as ``(code,
    params)`` (``raters.kappa_blank``). Rows of "—" beside a reason were a wall of dashes on
    the page (rev24a item 11) and are still blank rows in the workbook and the packet's
    (left25 item 7): a reason is said once, and the rows with a value stay a table (empty
    when none has one)."""
    if frame is None or frame.is_empty() or reason not in frame.columns:
        return frame, []
    if any(c not in frame.columns for c in values):
        return frame, []
    blank = frame.filter(_blank(frame, values, reason))
    lines = []
    for why in blank[reason].unique(maintain_order=True).to_list():
        rows = blank.filter(pl.col(reason) == why)
        params = {
            "measures": rows["measure"].unique(maintain_order=True).to_list(),
            "cycles": rows["cycle_id"].unique(maintain_order=True).to_list(),
            "reason": why,
        }
        lines.append(("raters.kappa_blank", params))
    return frame.filter(~_blank(frame, values, reason)), lines


def dstudy_lines(
    g_study: pl.DataFrame, study: pl.DataFrame, target: float = 0.8
) -> list[tuple[str, dict]]:
    """The decision study in sentences, as ``(code, params)``: the fewest raters x cycles
    whose dependability reaches ``target``, said as reached only when the interval's lower end
    is above it too ("may reach" otherwise, with the fewest that surely reach, if any); or how
    far the most reach, or why it cannot be estimated; and where the scope stands now. Where
    the raters' standards sit inside the people's part (each person one manager,
    ``nested_rater``), a line after the Φ says what it then means: stable, not accurate (rev25a
    item 9; the workbook's component rows said so, the page's Φ 0.86 did not)."""
    lines = _dstudy_design_lines(g_study, study, target)
    if lines[0][0] == "raters.dstudy_unknown" or not raters_in_person(g_study):
        return lines
    # after the Φ it qualifies, before why more raters cannot be projected
    at = next((i for i, (c, _) in enumerate(lines) if c == "raters.dstudy_one_rater"), None)
    at = len(lines) if at is None else at
    return [*lines[:at], ("raters.dstudy_raters_in_person", {}), *lines[at:]]


def raters_in_person(g_study: pl.DataFrame) -> bool:
    """Whether the G study's rater severity is counted in the person's component (it cannot
    be separated from the people's: ``confounded_with`` the person, ``p``)."""
    key = "facet" if "facet" in g_study.columns else "component"
    if "confounded_with" not in g_study.columns or key not in g_study.columns:
        return False
    rows = g_study.filter((pl.col(key) == "r") & (pl.col("confounded_with") == "p"))
    return rows.height > 0


def _dstudy_design_lines(
    g_study: pl.DataFrame, study: pl.DataFrame, target: float
) -> list[tuple[str, dict]]:
    """:func:`dstudy_lines` but for the caveat of the raters counted as the people."""

    usable = study.filter(pl.col("phi").is_not_null())
    if usable.is_empty():
        reason = study["reason"].drop_nulls()
        return [("raters.dstudy_unknown", {"reason": reason[0] if reason.len() else "design"})]
    # one identified rater per person: no row for 2+ raters, and the sentence says why (rev23b)
    one = [("raters.dstudy_one_rater", {"reason": "one_rater"})]
    one = one if (study["reason"] == "one_rater").any() else []
    first = g_study.row(0, named=True)
    n_cycles = int(first["n_cycles"])
    now = first["n_obs"] / first["n_person_cycles"] if first["n_person_cycles"] else None
    best = smallest_design(usable, target)
    if best is None:
        if one:
            top = usable.sort("phi").row(-1, named=True)
            params = {"cycles": top["n_cycles"], "phi": top["phi"], "target": target}
            return [("raters.dstudy_never_cycles", params), *one]
        return [("raters.dstudy_never", {"phi": usable["phi"].max(), "target": target})]
    # the present design: the scope's mean raters per person and cycle, its cycles
    here = decision_study(g_study.rename({"facet": "component"}), [now or 1.0], [n_cycles])
    lo, hi = best.get("phi_ci95_low"), best.get("phi_ci95_high")
    params = {
        "raters": best["n_raters"],
        "cycles": best["n_cycles"],
        "phi": best["phi"],
        "lo": lo if lo is not None else best["phi"],
        "hi": hi if hi is not None else best["phi"],
        "target": target,
        "now": now,
        "n_cycles": n_cycles,
        "phi_now": here["phi"][0],
    }
    if lo is None or lo >= target:
        return [("raters.dstudy_reaches", params), *one]
    lines = [("raters.dstudy_may_reach", params)]
    sure = (
        smallest_design(usable.drop_nulls("phi_ci95_low"), target, "phi_ci95_low")
        if "phi_ci95_low" in usable.columns
        else None
    )
    if sure is None:
        lines.append(("raters.dstudy_not_sure", {"target": target}))
    else:
        lines.append(
            (
                "raters.dstudy_sure",
                {
                    "raters": sure["n_raters"],
                    "cycles": sure["n_cycles"],
                    "lo": sure["phi_ci95_low"],
                    "target": target,
                },
            )
        )
    return lines + one


def hidden_empty_line(raters: pl.DataFrame | None, cycles: list[str]) -> tuple[str, dict]:
    """Why the hidden-strengths list is empty, as ``(code, params)`` (left25 item 6: it said
    "no data"): a hidden strength is a person whose percentile rises once their raters'
    severity is taken out, so with no rater's standard estimated in the scope (``raters``: the
    rater table; ``effect`` null for every rater) no one can be one. In one cycle that is the
    design (one identified rater per person): it needs at least two cycles, where people who
    changed rater link the raters; over several, the rater page says why. With raters
    estimated, nobody's percentile rose by the threshold."""
    estimated = (
        raters is not None and "effect" in raters.columns and raters["effect"].is_not_null().any()
    )
    if estimated:
        return "pot.hidden_none", {"gap": round(HIDDEN_MIN_GAP * 100)}
    if len(cycles) == 1:
        return "pot.hidden_needs_cycles", {"cycle": cycles[0]}
    return "pot.hidden_no_raters", {}
