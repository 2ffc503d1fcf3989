"""Which rows a report carries: the per-person tables (every person's score change, adjusted
score and rater effect) keep the people a reader acts on, and say how many they leave out.

A calibration report of a 2,000-person company held 10,000 score changes, 12,000 adjusted
scores and 2,001 raters (17 MB of JSON, 5 MB of workbook), nearly all of them unremarkable.
By default a report keeps, of those three tables:

- ``attribution``: the changes that are material (at least
  :data:`~analytics.findings.methods.MIN_SHIFT`, a person's material change) and whose 95%
  interval excludes zero, and the latest change of a person another section names (re-check,
  against the trend, high potential, hidden strengths, decliners, risers);
- ``adjusted``: the latest cycle's scores whose adjustment is material, and those of the people
  another section names;
- ``raters``: the raters with a flag, a likely flag or a scale-use status, or whose team
  stands apart from the rest of its department (its interval leaves out 0).

Everything else stays in the other sections, whole. ``full=True`` keeps every row (the CLI's
``report --full``; each page's CSV download holds its whole table too). Columns that only
repeat another (a cycle's order beside its id) are left out of every report.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analytics.findings.headlines import section_title
from analytics.findings.methods import MIN_SHIFT
from analytics.findings.report import Findings
from analytics.findings.units import Unit
from analytics.stats.attribution import person_parts
from analytics.text import render

__all__ = [
    "REPEATED_COLUMNS",
    "TRIMMED",
    "Kept",
    "kept_words",
    "left_out_for_role",
    "report_rows",
]

#: columns that repeat another column of the same table (the cycle's id says its order)
REPEATED_COLUMNS: frozenset[str] = frozenset({"cycle_order", "from_order", "to_order"})

#: the sections whose rows are people (or raters) and are cut to those a reader acts on
TRIMMED: tuple[str, ...] = ("attribution", "adjusted", "raters")

#: sections whose people are "named" by the report: their rows of the trimmed tables stay
_NAMING = (
    "recheck",
    "against_trend",
    "high_potential",
    "hidden_strengths",
    "decliners",
    "risers",
)


@dataclass(frozen=True)
class Kept:
    """How much of a trimmed section a report carries: ``shown`` of ``total`` rows, chosen by
    the catalogue sentence ``code`` with ``params``."""

    section: str
    shown: int
    total: int
    code: str
    params: dict
    #: the sentence around the rule: a report's cut (the full table: the page's CSV), or
    #: ``report.left_out_role``: rows the viewer's role is not shown, on no page either
    template: str = "report.kept"


def _named(findings: Findings) -> pl.Series:
    ids = [
        findings.sections[s]["employee_id"].cast(pl.String)
        for s in _NAMING
        if s in findings.sections and "employee_id" in findings.sections[s].columns
    ]
    return pl.concat(ids).unique() if ids else pl.Series("employee_id", [], pl.String)


def _shift(unit: Unit | None) -> tuple[float, str]:
    """The material threshold in the unit the report shows, and the unit's scale code."""
    if unit is None or unit.mixed:
        return MIN_SHIFT, "mixed"
    return unit.diff(MIN_SHIFT), unit.scale


def _attribution(frame: pl.DataFrame, named: pl.Series) -> pl.Expr:
    material = pl.col("change").abs() >= MIN_SHIFT
    excludes_zero = (pl.col("change_ci95_low") > 0) | (pl.col("change_ci95_high") < 0)
    latest = pl.col("to_order") == pl.col("to_order").max()
    return (material & excludes_zero).fill_null(False) | (
        latest & pl.col("employee_id").is_in(named)
    )


def _adjusted(frame: pl.DataFrame, named: pl.Series) -> pl.Expr:
    latest = pl.col("cycle_order") == pl.col("cycle_order").max()
    material = (pl.col("adjustment").abs() >= MIN_SHIFT).fill_null(False)
    return latest & (material | pl.col("employee_id").is_in(named))


def _raters(frame: pl.DataFrame, named: pl.Series) -> pl.Expr:
    conds = [pl.col("status").is_in(["flagged", "scale_use"]).fill_null(False)]
    if "flags" in frame.columns:
        conds.append(pl.col("flags").list.len().fill_null(0) > 0)
    if "fdr_flag" in frame.columns:
        conds.append(pl.col("fdr_flag").is_not_null())
    if {"team_ci95_low", "team_ci95_high"} <= set(frame.columns):
        # a team whose interval against the rest of its department leaves out 0: the only
        # rater evidence of manager-only data (rev30b item 8: Team F's -0.84 [-1.40, -0.27])
        apart = (pl.col("team_ci95_low") > 0) | (pl.col("team_ci95_high") < 0)
        conds.append(apart.fill_null(False))
    return pl.any_horizontal(conds)


_RULES = {
    "attribution": (_attribution, ("change", "change_ci95_low", "change_ci95_high", "to_order")),
    "adjusted": (_adjusted, ("cycle_order", "adjustment")),
    "raters": (_raters, ("status",)),
}


def left_out_for_role(findings: Findings, name: str) -> Kept | None:
    """The rows of section ``name`` the viewer's role is not shown
    (:attr:`~analytics.findings.report.Findings.left_out`: raters outside the reach, peer and
    subordinate raters) as a :class:`Kept` of the whole section; None when none are."""
    hidden = findings.left_out.get(name, 0)
    frame = findings.sections.get(name)
    if not hidden or frame is None:
        return None
    shown = frame.height
    return Kept(name, shown, shown + hidden, "report.role_rule_raters", {}, _ROLE_TEMPLATE)


def kept_words(k: Kept, lang: str, sections: dict[str, pl.DataFrame]) -> tuple[str, str, str]:
    """A :class:`Kept` in words: the section's title, its rule, and the whole sentence."""
    section = section_title(k.section, sections, lang)
    rule = render(k.code, lang, **k.params)
    text = render(k.template, lang, section=section, shown=k.shown, total=k.total, rule=rule)
    return section, rule, text


#: the sentence of a section's rows left out for the viewer's role (:class:`Kept`)
_ROLE_TEMPLATE = "report.left_out_role"


def report_rows(
    findings: Findings, full: bool = False
) -> tuple[dict[str, pl.DataFrame], list[Kept]]:
    """The sections as a report writes them (repeated columns left out; the per-person
    sections cut to the rows a reader acts on unless ``full``) and what each cut kept."""
    named = _named(findings)
    shift, scale = _shift(findings.unit)
    out: dict[str, pl.DataFrame] = {}
    kept: list[Kept] = []
    for name, frame in findings.sections.items():
        role = left_out_for_role(findings, name)
        if role is not None:  # raters the role is not shown: said before any cut
            kept.append(role)
        rule = _RULES.get(name)
        if not full and rule is not None and set(rule[1]) <= set(frame.columns) and frame.height:
            cut = frame.filter(rule[0](frame, named))
            params = {"shift": shift, "score_scale": scale} if name != "raters" else {}
            if name == "adjusted" and "cycle_id" in frame.columns:
                params["cycle"] = frame.sort("cycle_order")["cycle_id"][-1]
            kept.append(Kept(name, cut.height, frame.height, f"report.kept_{name}", params))
            frame = cut
        if name == "attribution":  # a new manager not estimated: no rater part, a merged one
            frame = person_parts(frame)
        out[name] = frame.drop([c for c in frame.columns if c in REPEATED_COLUMNS])
    return out, kept
