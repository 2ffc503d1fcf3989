"""Every report section of a scope at once: what the report CLI writes and the Calibration page
shows (:class:`Findings`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from analytics.auth.roles import AuthProblem
from analytics.findings.headlines import report_whole
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.methods import ATTRIBUTION_SECTIONS
from analytics.findings.names import known_names
from analytics.findings.parts import fit_parts
from analytics.findings.scope import Scope, ScopeData, guideline_of
from analytics.findings.sections import (
    REPORT_SECTIONS,
    WHOLE_ROWS,
    compute_section,
    compute_sections,
    needs_ratings,
    queued_after,
    unit_column,
)
from analytics.findings.units import Unit, unit_of
from analytics.findings.units import cycle_units as units_of_cycles
from analytics.findings.visibility import unit_sizes
from analytics.stats.attribution import variance_decomposition

if TYPE_CHECKING:
    from analytics.findings.visibility import View

__all__ = ["CARRIED", "Findings", "build_findings", "carried_sections"]

#: the attribution sections a one-cycle scope takes from every cycle's rows of the change into
#: its cycle (the variance decomposition recomputed on those rows)
CARRIED = ATTRIBUTION_SECTIONS


@dataclass
class Findings:
    """The sections of one scope by name (:data:`~analytics.findings.sections.SECTIONS`), in the
    order asked; a section without data is an empty frame. Exports (XLSX, JSON, HTML) and the
    Calibration page read this object, so they agree by construction."""

    scope: Scope
    sections: dict[str, pl.DataFrame] = field(default_factory=dict)
    #: ``employee_id, name`` of the company roster: exports put names beside ids
    #: (:func:`~analytics.findings.names.with_names`); None leaves them out
    names: pl.DataFrame | None = None
    #: the scale the scope's scores are shown on (:mod:`analytics.findings.units`); None: 0-1
    unit: Unit | None = None
    #: each cycle's scale where ``unit`` mixes scales (:func:`~analytics.findings.units.cycle_units`):
    #: a sentence about two cycles on one scale speaks in its points
    cycle_units: dict[str, Unit] | None = None
    #: why the scope's results are withheld from this view, as a catalogue code and its
    #: parameters (``auth.scope_too_small``: the small-scope rule of
    #: :meth:`~analytics.findings.visibility.View.small_scope`); the sections are then empty
    withheld: tuple[str, dict] | None = None
    #: a department scope's ``department_shifts`` over every cycle (the scope's own shift
    #: against the rest of the company, which a one-cycle scope has no pair for); None: the
    #: scope's own section holds it (every cycle) or it was not asked for
    scope_shifts: pl.DataFrame | None = None
    #: a department scope of some cycles: its units' and its own mean per cycle over every
    #: cycle, each beside the company's mean of that cycle (``unit, cycle_id, n, mean,
    #: small_n, company_mean``: the packet's heat map against the company, rev26a item 5);
    #: None when not asked for, or the cycles are on other scales than the scope's
    heat_company: pl.DataFrame | None = None
    #: the scope's cycles (every cycle: all; a one-cycle scope's carried change: both of its
    #: cycles) as the imported files named them, where that is not their code (``2026H1`` ->
    #: ``2026年上半年``: rev26a item 9); empty when none differs
    cycle_labels: dict[str, str] = field(default_factory=dict)
    #: a one-cycle scope's change into its cycle (``from_cycle``, ``to_cycle``): the attribution
    #: sections (:data:`CARRIED`) hold the all-cycles rows of that pair, since a meeting on one
    #: cycle is about the change into it (rev27a item 1); None: the scope's own rows
    carried: tuple[str, str] | None = None
    #: per rater section (one row per rater), the rows the viewer's role leaves out
    #: (:meth:`~analytics.findings.visibility.View.left_out`): raters outside the reach and
    #: peer and subordinate raters; the file says so beside the rows it holds
    left_out: dict[str, int] = field(default_factory=dict)
    #: what a view that may not see individuals is told beside the results (catalogue codes
    #: and parameters: :meth:`~analytics.findings.visibility.View.privacy_notes`)
    privacy_notes: list[tuple[str, dict]] = field(default_factory=list)
    #: the whole scope's people graded in the guideline's cycle and of them with its top
    #: grade, the units of one person included (:func:`~analytics.findings.headlines.
    #: report_whole`): "as a whole" counts them as /distributions does (issue 19 item 2); None
    #: for a view that may not see individuals (the whole less its units would be one person)
    whole_grades: tuple[int, ...] | None = None
    #: the dataset's grades when it has no guideline for them (A/B/C/D: the S-D default does
    #: not apply, rev29a item 3), said on the cover; empty when a guideline applies
    guideline_unset: list[str] = field(default_factory=list)
    #: the scope's units, one level below it (:func:`~analytics.findings.sections.unit_column`):
    #: the guideline's lines call a leaf department's teams teams, not departments (left31)
    unit_kind: str = "department"
    #: the sections asked for that a scope of results only cannot have: they read ratings by
    #: rater (:func:`~analytics.findings.sections.needs_ratings`); their frames are empty, and
    #: the files say once why instead of "nothing to discuss" (session 45 G item 3)
    needs_ratings: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.sections[name]


def _company_employees(data: ScopeData) -> pl.DataFrame:
    """The whole roster when the scope holds it (raters outside a department have names too)."""
    roster = data.company_table("company_employees")
    return data.employees if roster is None else roster


def build_findings(
    con: duckdb.DuckDBPyConnection | None = None,
    cycles: list[str] | tuple[str, ...] | None = None,
    department: str | None = None,
    data: ScopeData | None = None,
    sections: tuple[str, ...] = REPORT_SECTIONS,
    unit: Unit | None = None,
    view: View | None = None,
    cycle_units: dict[str, Unit] | None = None,
    all_cycles: ScopeData | None = None,
) -> Findings:
    """All report sections for a scope (from a connection, read lazily: only what the sections
    need; or from already loaded scope data). ``unit``: the scale scores are shown on (read
    from ``con`` when not given; ``cycle_units`` likewise, each cycle's scale where ``unit``
    mixes scales). ``view``: whose report (:mod:`analytics.findings.visibility`):
    the scope clipped to their reach (:class:`~analytics.findings.visibility.OutOfScope` for a
    department outside it), every section and the names as they may see them; scope data
    given must already be clipped. ``all_cycles``: for a department scope of some cycles, the
    same scope over every cycle (read from ``con`` when not given), whose department shifts
    give the calibration packet the scope's own shift beside the guideline's moves
    (``Findings.scope_shifts``)."""
    if data is None:
        assert con is not None
        scope = Scope(cycles=tuple(cycles or ()), department=department)
        data = load_scope_lazy(con, view.clip(scope) if view is not None else scope)
    elif view is not None and view.clip(data.scope) != data.scope:
        raise ValueError("build_findings: the scope data is not clipped to the view")
    if view is not None:
        try:
            view.check_size(data)
        except AuthProblem as problem:  # no row and no aggregate of a scope this small
            return Findings(data.scope, withheld=(f"auth.{problem.code}", problem.params))
    if unit is None and con is not None:
        unit = unit_of(con, data.scope.cycles)
    if cycle_units is None and con is not None:  # a pair across a change of scale (s44 A 9)
        cycle_units = units_of_cycles(con)
    names = known_names(_company_employees(data), data.company_table("company_rater_names"))
    out = Findings(
        data.scope,
        names=view.names(names) if view is not None else names,
        unit=unit,
        cycle_units=cycle_units,
        privacy_notes=view.privacy_notes(data.scope) if view is not None else [],
    )
    if con is not None:
        out.cycle_labels = cycle_labels(con, data.scope.cycles)
    out.needs_ratings = needs_ratings(data, sections)
    if set(sections) >= set(REPORT_SECTIONS):
        # every section: every part, fitted side by side, each section queued on the same
        # threads after the parts it reads (the second thread computes those that read no
        # rater model while the first fits it, instead of waiting for it)
        frames = fit_parts(
            data,
            meanwhile=[(queued_after(n), partial(compute_section, n, data)) for n in sections],
        )
    else:
        frames = compute_sections(data, sections)
    sizes = None  # a view that may not see individuals: no unit's numbers by subtraction
    if view is not None and not view.sees_individuals:
        (scores,) = compute_sections(data, ("scores",))
        sizes = unit_sizes(scores)
    people = cache(lambda: int(data.summary_counts()["employees"]))
    for name, frame in zip(sections, frames):
        if view is not None and not view.sees_individuals and name in WHOLE_ROWS:
            frame = frame.head(0) if frame is not None else None  # less its units: a head's
        if view is not None:  # a handful of peers' ratings pooled: counted once, if asked
            frame = view.pooled(name, frame, people)
        if view is not None:
            hidden = view.left_out(frame)
            if hidden:
                out.left_out[name] = hidden
            frame = view.frame(frame, sizes)
        out.sections[name] = frame if frame is not None else pl.DataFrame()
    if "guideline_grades" in sections:
        own, grades = guideline_of(data)
        out.guideline_unset = grades if own is None else []
        out.unit_kind = unit_column(data)[1]
    if "guideline_grades" in sections and (view is None or view.sees_individuals):
        (check,) = compute_sections(data, ("guideline_check",))
        out.whole_grades = report_whole(out.sections["guideline_grades"], check)
    one_cycle = len(data.scope.cycles) == 1 and any(n in sections for n in CARRIED)
    if (data.scope.department and data.scope.cycles) or one_cycle:
        if all_cycles is None and con is not None:
            all_cycles = load_scope_lazy(con, replace(data.scope, cycles=()))
        if all_cycles is not None and data.scope.department:
            (shifts,) = compute_sections(all_cycles, ("department_shifts",))
            out.scope_shifts = view.frame(shifts) if view is not None else shifts
            if con is not None and unit is not None and unit_of(con, ()) == unit:
                out.heat_company = heat_against_company(con, all_cycles, view)
        if all_cycles is not None and one_cycle:
            _carry(out, all_cycles, data.scope.cycles[0], sections, view)
    if con is not None and out.carried is not None:  # the cycle it changed from, named too
        out.cycle_labels = cycle_labels(con, (*data.scope.cycles, *out.carried))
    return out


def cycle_labels(con: duckdb.DuckDBPyConnection, cycles: tuple[str, ...] = ()) -> dict[str, str]:
    """``cycles`` (every cycle: all of them) as the imported files named them, in time order,
    where that name is not the code the store keeps (``2026年上半年`` for ``2026H1``)."""
    rows = con.execute(
        "SELECT cycle_id, label FROM cycles WHERE label IS NOT NULL AND label <> cycle_id "
        "AND (len($c) = 0 OR list_contains($c, cycle_id)) ORDER BY ordering",
        {"c": list(cycles)},
    ).fetchall()
    return dict(rows)


def heat_against_company(
    con: duckdb.DuckDBPyConnection, all_cycles: ScopeData, view: View | None
) -> pl.DataFrame | None:
    """``Findings.heat_company``: the department's units (``heatmap``) and the department as
    a whole (``distribution_company`` of its scope, named as the department) per cycle, with
    the company's mean of each cycle. None for a view that may not see the whole company (its
    mean is then not its to compare with) or when no cycle has a company mean."""
    company = Scope()
    if view is not None and view.clip(company) != company:
        return None
    (whole,) = compute_sections(load_scope_lazy(con, company), ("distribution_company",))
    units, own = compute_sections(all_cycles, ("heatmap", "distribution_company"))
    if view is not None:
        units, own = view.frame(units), view.frame(own)
    if whole is None or not whole.height or units is None or own is None:
        return None
    cols = ("unit", "cycle_id", "n", "mean", "small_n")
    dept = str(all_cycles.scope.department)
    cells = pl.concat(
        [
            own.with_columns(unit=pl.lit(dept)).select(cols),
            units.filter(pl.col("unit") != dept).select(cols),
        ],
        how="vertical_relaxed",
    )
    means = whole.filter(~pl.col("small_n")).select("cycle_id", company_mean="mean")
    return cells.join(means, on="cycle_id", how="inner", maintain_order="left")


def carried_sections(
    every: dict[str, pl.DataFrame], cycle: str, variance: bool = True
) -> dict[str, pl.DataFrame]:
    """The attribution sections of every cycle (``every``, by name of :data:`CARRIED` but
    ``variance``) narrowed to the change into ``cycle``, with the variance decomposition of
    those rows (unless ``variance`` is False: the overview's headlines); empty when no change
    leads into ``cycle`` (its first cycle)."""
    out = {
        name: frame.filter(pl.col("to_cycle").cast(pl.String) == cycle)
        for name, frame in every.items()
        if name != "variance" and "to_cycle" in frame.columns
    }
    changes = out.get("attribution")
    if changes is None or changes.height == 0:
        return {}
    if variance:
        out["variance"] = variance_decomposition(changes)
    return out


def _carry(
    out: Findings,
    all_cycles: ScopeData,
    cycle: str,
    sections: tuple[str, ...],
    view: View | None,
) -> None:
    """Put the change into ``cycle`` (from every cycle's rows) in ``out``'s attribution
    sections and say which pair it is (``out.carried``)."""
    names = [n for n in CARRIED if n != "variance"]
    every = dict(zip(names, compute_sections(all_cycles, names), strict=True))
    carried = carried_sections({k: v for k, v in every.items() if v is not None}, cycle)
    if not carried:
        return
    for name in (n for n in CARRIED if n in sections and n in carried):
        out.sections[name] = view.frame(carried[name]) if view is not None else carried[name]
    first = carried["attribution"]["from_cycle"].cast(pl.String)
    out.carried = (first.mode().sort()[0], cycle)
