"""What the meeting reads beside its grades, from the dataset: the rater-adjusted scores with
their intervals (the ``adjusted`` part of :mod:`analytics.findings`), for the what-if; and one
person's evidence, one click from the grade table (:func:`raters_of`, :func:`sources`), from
the frames of their record as the viewer may see it (``View.person``: below ``hr_admin`` no
peer or subordinate rater id, and a source of fewer than k raters left out)."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.units import Unit, pair_points
from analytics.stats.person_score import dimension_weighted_means

__all__ = [
    "ADJUSTED_COLUMNS",
    "RATER_COLUMNS",
    "adjusted_in_scope",
    "adjusted_of_scope",
    "attribution_line",
    "interval_known",
    "of_people",
    "raters_of",
    "sources",
]

#: the columns of the adjusted scores the meeting reads (:func:`adjusted_of_scope`)
ADJUSTED_COLUMNS = ("employee_id", "adjusted", "se", "ci95_low", "ci95_high")
#: what the rater table adds beside each of a person's raters
RATER_COLUMNS = ("status", "effect", "ci95_low", "ci95_high", "flags")


def adjusted_in_scope(
    con: duckdb.DuckDBPyConnection,
    cycle: str,
    people: Sequence[str],
    department: str | None = None,
) -> pl.DataFrame:
    """``employee_id, adjusted, se, ci95_low, ci95_high`` of ``people`` in ``cycle`` (read from
    the stored part when current, else fitted); empty when the cycle has no ratings."""
    return of_people(adjusted_of_scope(con, cycle, department), people)


def adjusted_of_scope(
    con: duckdb.DuckDBPyConnection, cycle: str, department: str | None = None
) -> pl.DataFrame:
    """``employee_id, adjusted, se, ci95_low, ci95_high`` of everyone in ``cycle`` (within
    ``department``), read from the stored part when current, else fitted; empty when the
    cycle has no ratings. Why apart from :func:`adjusted_in_scope`: the fit is the scope's,
    whoever the session's people are, so the meeting keeps it per scope and data version and
    a new session of the same department does not fit it again (:func:`of_people`)."""
    data = load_scope_lazy(con, Scope(cycles=(cycle,), department=department or None))
    frame = compute_section("adjusted", data)
    if frame is None or frame.is_empty():
        schema = dict.fromkeys(ADJUSTED_COLUMNS, pl.Float64) | {"employee_id": pl.String}
        return pl.DataFrame(schema=schema)
    return frame.filter(pl.col("cycle_id") == cycle).select(list(ADJUSTED_COLUMNS))


def of_people(adjusted: pl.DataFrame, people: Sequence[str]) -> pl.DataFrame:
    """The rows of :func:`adjusted_of_scope`'s ``adjusted`` about ``people`` (in its order)."""
    return adjusted.filter(pl.col("employee_id").is_in(list(people)))


def attribution_line(
    changes: pl.DataFrame | None,
    against: pl.DataFrame | None,
    cycle: str,
    unit: Unit | None,
    cycle_units: dict[str, Unit] | None = None,
) -> tuple[str, dict] | None:
    """The change into ``cycle`` of one person (their rows of the ``attribution`` and
    ``against_trend`` sections) as a catalogue line and its parameters: the change and its
    company, department, rater and individual parts, in ``unit``'s points; the ``_against``
    form when they moved against their department's shift; the ``_joint`` form (one "company
    or department" environment) where the two cannot be separated and the pair's
    ``environment_answer`` does not tell which moved. None without a change into the cycle. Why: the meeting's evidence for 000639 马思 did not say he rose +5.1 while
    销售中心 fell -5.3 (individual +10.3), the reason he was moved to 优秀 (rev27a item 6)."""
    if changes is None or not changes.height or "to_cycle" not in changes.columns:
        return None
    into = changes.filter(pl.col("to_cycle").cast(pl.String) == cycle)
    if not into.height:
        return None
    r = into.row(0, named=True)
    # a change across a change of scale: on the 0-1 score, as the attribution page (s44 A 9)
    unit = pair_points(unit, cycle_units, r["from_cycle"], r["to_cycle"])
    on = unit is not None and not unit.mixed

    def pts(name: str) -> float | None:
        value = r.get(name)
        return unit.diff(value) if on and value is not None else value  # type: ignore[union-attr]

    params = {
        "from_cycle": r["from_cycle"],
        "to_cycle": r["to_cycle"],
        "change": pts("change"),
        "company": pts("company"),
        "department": pts("department"),
        "rater": pts("rater"),
        "individual": pts("individual"),
        "score_scale": unit.scale if on else None,  # type: ignore[union-attr]
    }
    # company and department cannot be separated: one environment, their sum (rev30a item 1),
    # named as its pair's answer names it (``environment_answer``, :func:`analytics.export.
    # figures.with_environment_answer`), as the person page's waterfall does: the department's
    # own change, or a company-wide move, said as such (rev33a item 4: "公司或部门环境 … 无法
    # 分开" beside the meeting's "这是本部门自己的变动")
    joint = "_joint" if r.get("environment_joint") else ""
    if joint:
        from analytics.export.figures import OWN_ANSWERS

        env = (params["company"] or 0.0) + (params["department"] or 0.0)
        answer = r.get("environment_answer")
        if answer in OWN_ANSWERS or answer == "company":
            joint = ""
            params["company"], params["department"] = (
                (env, 0.0) if answer == "company" else (0.0, env)
            )
        else:
            params["environment"] = env
    moved = (
        against is not None
        and against.height > 0
        and "to_cycle" in against.columns
        and against.filter(pl.col("to_cycle").cast(pl.String) == cycle).height > 0
    )
    code = "cs.evidence_attribution_against" if moved else "cs.evidence_attribution"
    return (code + joint, params)


def interval_known(row: dict) -> bool:
    """Whether a person's adjusted score has a 95% interval to show: a standard error above 0
    and two ends apart. Without one (each person rated by one rater, and no second cycle to
    measure how much one rater's view varies: :func:`analytics.stats.raters.adjusted_scores`
    leaves ``se`` null) the panel says it cannot be estimated, never a zero width such as
    2.41–2.41, as the what-if shows its z as "—" for the same people."""
    se, lo, hi = row.get("se"), row.get("ci95_low"), row.get("ci95_high")
    ok = all(v is not None and v == v for v in (se, lo, hi))  # v == v: not NaN
    return bool(ok and se > 0 and hi > lo)


def raters_of(ratings: pl.DataFrame, raters: pl.DataFrame | None, employee_id: str) -> pl.DataFrame:
    """Who rated the person (their self-rating left out), one row per rater: ``rater_id,
    rater_role, n_given, mean_given`` and, from the rater table (``raters``: the ``raters``
    section), the rater's :data:`RATER_COLUMNS` (effect with its interval, status, flags).
    A rater whose id the viewer may not see (a peer below ``hr_admin``) is one row per role:
    an aggregate, without an effect."""
    given = ratings.filter(pl.col("rater_id").is_null() | (pl.col("rater_id") != employee_id))
    who = _given(given, ["rater_id", "rater_role"])
    if raters is not None:
        cols = [c for c in RATER_COLUMNS if c in raters.columns]
        who = who.join(raters.select("rater_id", *cols), on="rater_id", how="left")
    return who.sort("rater_role", "rater_id", nulls_last=True)


def sources(ratings: pl.DataFrame) -> pl.DataFrame:
    """The person's mean score by source (rater role): ``rater_role, n_given, mean_given``,
    sources in the order of the ratings (roles of fewer than k raters are already left out of
    the frame below ``hr_admin``)."""
    return _given(ratings, ["rater_role"]).sort("rater_role")


def _given(ratings: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """``by, n_given, mean_given``: the ratings' mean per ``by`` with the dimensions weighted
    as the person score weighs them (a weight-0 dimension beside a company's 总分 is no part
    of it, rev24a item 3); ``n_given`` counts the rows given, weighted or not."""
    means = dimension_weighted_means(ratings, by).select(*by, mean_given="score")
    return (
        ratings.group_by(by, maintain_order=True)
        .agg(n_given=pl.len())
        .join(means, on=by, how="left", nulls_equal=True)
    )
