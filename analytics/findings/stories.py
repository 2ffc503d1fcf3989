"""One sentence per department shift: what moved, by how much, which part is environment, rater
change or individual, and which KPI moved with it (HR asked for the sentence; the three tables
and the KPI drivers had to be combined by hand).

Pure frames to frames: the inputs are the sections ``department_shifts``, ``attribution`` and
``kpi_drivers`` of one scope; the output carries a phrase per shift that the text layer words.
Scores are on the 0-1 scale of the stored score; the sentence gives points on the scope's own
scale (:mod:`analytics.findings.units`); where the scope mixes scales, on the scale the pair's
two cycles share, or the 0-1 score, said to be one, for a pair across scales.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import polars as pl

from analytics import text
from analytics.findings.units import Unit, convert, pair_points, unit_of_scales
from analytics.stats.attribution import SHIFT_FLOOR, SHIFT_SD, department_shifts
from analytics.stats.gaps import RECHECK_GAP, unestimable_gaps
from analytics.stats.reliability import NESTED_K

__all__ = [
    "TEAM_SHIFT_SCHEMA",
    "blank_reasons",
    "box_members",
    "department_part",
    "gaps_unestimable",
    "inflation_paired_note",
    "inflation_sentences",
    "joint_pairs",
    "linked_manager_params",
    "material_shift",
    "rater_change_sentences",
    "recheck_gap",
    "scale_breaks",
    "scope_shift_lines",
    "shift_sentences",
    "sources_changed_pairs",
    "sources_params",
    "team_shift_sentences",
    "team_shift_table",
    "with_team_drivers",
]

_KEY = ["dept", "from_cycle", "to_cycle"]
_PAIR_KEY = ["from_cycle", "to_cycle"]


def material_shift(unit: Unit | None, shifts: pl.DataFrame | None = None) -> dict[str, object]:
    """The parameters of ``attr.shift_limits``: the department-shift threshold in ``unit``'s
    points, so the note names the scale on screen (review of issue 19). The threshold is
    :func:`department_shifts`' per cycle pair (0.2 SD of the pair's person scores, at least
    1 point on 0-100): the largest of the pairs in ``shifts`` (the floor without them)."""
    thr = SHIFT_FLOOR
    if shifts is not None and "min_shift" in shifts.columns and shifts.height:
        thr = float(shifts["min_shift"].max() or SHIFT_FLOOR)
    base = {"sd_pct": 100 * SHIFT_SD}
    if unit is None or unit.mixed:
        return base | {"material": thr, "floor": SHIFT_FLOOR, "score_scale": "mixed"}
    span = unit.span
    return base | {"material": thr * span, "floor": SHIFT_FLOOR * span, "score_scale": unit.scale}


def recheck_gap(unit: Unit | None) -> dict[str, object]:
    """The parameters of ``raters.recheck_note``: the re-check list's gap in ``unit``'s points
    (25 on 0-100, 1 on 1-5); the note said "1 point on a 5-point scale (0.25 normalised)" to
    a 0-100 company (review rev19c M4)."""
    if unit is None or unit.mixed:
        return {"gap": RECHECK_GAP, "score_scale": "mixed"}
    return {"gap": RECHECK_GAP * unit.span, "score_scale": unit.scale}


def blank_reasons(frame: pl.DataFrame | None, value: str = "value") -> list[dict[str, object]]:
    """One ``raters.reliability_blank`` parameter set per (measure, reason) of the rows whose
    ``value`` is blank, with their cycles: the page says why under the table, where a column
    of reasons would take the intervals' width (Krippendorff's alpha was blank in every cycle
    with no reason: rev23b item 5)."""
    if frame is None or "reason" not in frame.columns:
        return []
    blank = frame.filter(pl.col(value).is_null() & pl.col("reason").is_not_null())
    groups = blank.group_by("measure", "reason", maintain_order=True).agg(
        pl.col("cycle_id").unique(maintain_order=True)
    )
    # the reason a phrase (its n: "too few ratees (n=1)", rev23a item 14): a list of one
    # phrase of the whole code, as the template's joiner renders it
    said = [
        {
            "measure": m,
            "reason": [text.phrase_value(f"reason.{r['code']}", **(r["params"] or {}))],
            "cycles": cycles,
        }
        for m, r, cycles in groups.iter_rows()
    ]
    # a cycle where no one has the ICC's k raters has no ICC row at all: said too, or only
    # alpha reads as not estimable (rev30b item 15: a manager-only company)
    nested = frame.filter(pl.col("measure").str.starts_with("ICC"))["cycle_id"]
    without = frame.filter(~pl.col("cycle_id").is_in(nested.implode()))["cycle_id"]
    if without.len():
        reason = [text.phrase_value("reason.no_nested", k=NESTED_K)]
        said.append(
            {
                "measure": "ICC",
                "reason": reason,
                "cycles": without.unique(maintain_order=True).to_list(),
            }
        )
    return said


def sources_params(row: dict, unit: Unit | None) -> dict[str, object]:
    """The ``attr.waterfall_sources`` parameters of one change (a row of ``attribution``):
    its cycles and the sources' part in ``unit``'s points (the 0-1 score where scales mix)."""
    value = row.get("sources")
    return {
        "from_cycle": row["from_cycle"],
        "to_cycle": row["to_cycle"],
        "sources": unit.diff(value) if unit is not None else value,
        "score_scale": unit.scale if unit is not None else "mixed",
    }


def linked_manager_params(
    row: dict, teams: pl.DataFrame | None, unit: Unit | None
) -> dict[str, object] | None:
    """The ``attr.waterfall_new_manager_linked`` parameters of one change (a row of
    ``attribution``) whose new manager the rater page estimates through the links across cycles
    (the ``manager_changes`` row of the same managers and cycles carries the reason
    ``manager_change_linked``): both managers' effects, their difference (``gap``) and the
    people it rests on, in ``unit``'s points; None otherwise. Why: the waterfall said the new
    manager's standard "cannot be estimated" while the rater page gave +5.7 and -5.7 from the
    same four people (rev26a item 3)."""
    need = {"manager_from", "manager_to", "from_cycle", "to_cycle", "reason"}
    if teams is None or not teams.height or not need <= set(teams.columns):
        return None
    same = teams.filter(
        (pl.col("manager_from").cast(pl.String) == str(row.get("manager_from")))
        & (pl.col("manager_to").cast(pl.String) == str(row.get("manager_to")))
        & (pl.col("from_cycle") == row.get("from_cycle"))
        & (pl.col("to_cycle") == row.get("to_cycle"))
        & (pl.col("reason").struct.field("code") == "manager_change_linked")
    )
    if not same.height:
        return None
    p = same["reason"].struct.field("params").struct.unnest().row(0, named=True)
    to, fr = p.get("to_effect"), p.get("from_effect")
    if to is None or fr is None:
        return None
    scale = unit if unit is not None and not unit.mixed else None
    return {
        "old": row.get("manager_from"),
        "new": row.get("manager_to"),
        "to_effect": scale.diff(to) if scale else to,
        "from_effect": scale.diff(fr) if scale else fr,
        "gap": scale.diff(to - fr) if scale else to - fr,
        "links": p.get("links"),
        "score_scale": scale.scale if scale else "mixed",
    }


def joint_pairs(shifts: pl.DataFrame | None) -> dict[str, object] | None:
    """The ``attr.environment_joint_pairs`` parameters: the cycle pairs whose company and
    department environment cannot be separated (``environment_joint`` of
    :func:`~analytics.stats.attribution.department_shifts`) and that the data do not answer
    (``environment_answer`` own / company / none: its lines say so), each with its number of
    departments, in cycle order; None where there are none. Why once: each department's row of
    each such pair said why at length, a dozen times on a view of every cycle (left30 item 3);
    the rows say that the two are not separated, this note why, once per pair."""
    if shifts is None or "environment_joint" not in shifts.columns or not shifts.height:
        return None
    joint = shifts.filter(pl.col("environment_joint").fill_null(False))
    if "environment_answer" in joint.columns:  # a pair the data answer is not "not judged":
        # its lines say the answer (own, company-wide, nothing moved; left32)
        told = pl.col("environment_answer").is_in(["own", "company", "none"]).fill_null(False)
        joint = joint.filter(~told)
    if not joint.height:
        return None
    # in the order of the rows (department_shifts lists its pairs in cycle order); why, per
    # pair: the department over half of the people (its row is ``department_shift_joint``),
    # else too few departments (rev30a: 技术中心's pair was explained again in every line)
    own = pl.col("flag_reason").struct.field("code") == "department_shift_joint"
    dominant = (
        pl.col("dept").filter(own).first() if "flag_reason" in joint.columns else pl.lit(None)
    )
    pairs = joint.group_by(_PAIR_KEY, maintain_order=True).agg(
        n_depts=pl.len(), dominant=dominant.cast(pl.String)
    )
    said = []
    for r in pairs.iter_rows(named=True):
        code = "attr.joint_pair" if r["dominant"] is None else "attr.joint_pair_dominant"
        said.append(text.phrase_value(code, **{k: v for k, v in r.items() if v is not None}))
    return {"pairs": said}


def sources_changed_pairs(changes: pl.DataFrame | None) -> dict[str, object] | None:
    """The ``attr.sources_changed`` parameters: the cycle pairs (``pairs``, "2025Q2→2025Q3")
    where some people's rating sources differ between the two cycles, and how many changes
    (``n``) of the ``total``; None where none do (rev23b item 2)."""
    if changes is None or "sources_changed" not in changes.columns:
        return None
    moved = changes.filter(pl.col("sources_changed").fill_null(False))
    if moved.is_empty():
        return None
    pairs = (
        moved.select("from_order", "from_cycle", "to_cycle")
        .unique()
        .sort("from_order")
        .select(pl.concat_str("from_cycle", pl.lit("→"), "to_cycle"))
        .to_series()
        .to_list()
    )
    return {"pairs": pairs, "n": moved.height, "total": changes.height}


def gaps_unestimable(summary: pl.DataFrame | None) -> tuple[list[str], list[dict[str, object]]]:
    """The cycles of a ``source_summary`` where self, manager and peer disagreement cannot be
    estimated, and one ``raters.gaps_unestimable`` parameter set per reason (its cycles and a
    ``raters.gaps_why`` word): a cycle of manager ratings only said "no one ... further
    apart" and "0 cases to re-check" (rev23b item 3)."""
    if summary is None or summary.is_empty():
        return [], []
    blind = unestimable_gaps(summary)
    by_why: dict[str, list[str]] = {}
    for cycle, missing in blind.iter_rows():
        why = (
            "manager"
            if "manager" in missing
            else "self_peer"
            if {"self", "peer"} <= set(missing)
            else "unpaired"
        )
        by_why.setdefault(why, []).append(cycle)
    notes = [{"cycles": cycles, "why": why} for why, cycles in by_why.items()]
    return blind["cycle_id"].to_list(), notes


def shift_sentences(
    shifts: pl.DataFrame,
    changes: pl.DataFrame,
    drivers: pl.DataFrame | None,
    unit: Unit | None = None,
    cycle_units: dict[str, Unit] | None = None,
) -> pl.DataFrame:
    """``dept, from_cycle, to_cycle, n, significant, story`` for each Holm-significant department
    shift (largest first), the ``story`` a phrase ``shift_story``: the mean change of the
    department's people with its parts (company, department, rater change, individual: the
    means of :func:`~analytics.stats.attribution.score_changes`' parts, which add up to the
    change), the department part's 95% interval, and the KPI that contributed most (if any).
    In ``unit``'s points; where it mixes scales, in the scale the pair's two cycles share
    (``cycle_units``: :func:`~analytics.findings.units.cycle_units`), else the 0-1 score."""
    if shifts is None or shifts.height == 0 or "significant" not in shifts.columns:
        return pl.DataFrame()
    sig = shifts.filter(pl.col("significant"))
    if sig.height == 0:
        return pl.DataFrame()
    new_mgr = pl.col("new_manager") if "new_manager" in changes.columns else pl.lit(0.0)
    parts = changes.group_by(_KEY).agg(
        pl.len().alias("_n"),
        *(
            pl.col(c).mean().alias(f"_{c}")
            for c in ("change", "company", "department", "rater", "individual")
        ),
        new_mgr.mean().alias("_new_manager"),
    )
    # the department part and its interval as the department's own line says them
    # (:func:`department_part`); the new managers' excess is part of the rater change
    out = (
        department_part(sig)
        .select(
            *_KEY,
            "n",
            "significant",
            pl.col("_part_lo").alias("ci95_low"),
            pl.col("_part_hi").alias("ci95_high"),
        )
        .join(parts, on=_KEY, how="left")
    )
    out = out.with_columns(
        _rater=pl.col("_rater") + pl.col("_new_manager").fill_null(0.0),
        _unsep=pl.col("_new_manager").fill_null(0.0).abs() > 1e-12,
    )
    if drivers is not None and drivers.height and "contribution" in drivers.columns:
        top = (
            drivers.sort(pl.col("contribution").abs(), descending=True)
            .group_by(_KEY, maintain_order=True)
            .first()
            .select(*_KEY, pl.col("kpi").alias("_kpi"), pl.col("contribution").alias("_kpi_c"))
        )
        out = out.join(top, on=_KEY, how="left")
    else:
        out = out.with_columns(
            pl.lit(None, pl.String).alias("_kpi"), pl.lit(None, pl.Float64).alias("_kpi_c")
        )
    # the page's scale: the company's own; where the scope mixes scales, the scale the pair's
    # two cycles share (2025Q3 -> 2025Q4 both on 1-5: points on 1-5, as HR reads them); a pair
    # across scales keeps the 0-1 score the page shows then, said to be one (a 0-100 "share of
    # the range" matched neither the page nor the cycles' scale: review of issue 19, M4)
    out = out.join(_pair_scales(out, unit, cycle_units), on=["from_cycle", "to_cycle"], how="left")
    params = dict(
        scale=pl.col("_scale"),
        # the scale's decimals for every number of the sentence (the renderer's ``pt`` spec)
        score_scale=pl.col("_unit_scale"),
        dept=pl.col("dept"),
        from_cycle=pl.col("from_cycle"),
        to_cycle=pl.col("to_cycle"),
        n=pl.col("_n"),
        **(_part_points("_") | {"individual": _rest_points("_")}),
        kpi=pl.col("_kpi"),
        kpi_change=pl.col("_kpi_c") * 100,
    )
    # one parameter set for every code of the column (a phrase column has one dtype)
    story = pl.when(pl.lit(False)).then(None)
    for own, mixed in ((pl.col("_own"), ""), (~pl.col("_own"), "_mixed")):
        story = (
            story.when(own & pl.col("_kpi").is_null() & pl.col("_unsep"))
            .then(text.phrase(f"shift_story_new_manager_no_kpi{mixed}", **params))
            .when(own & pl.col("_kpi").is_null())
            .then(text.phrase(f"shift_story_no_kpi{mixed}", **params))
            .when(own & pl.col("_unsep"))
            .then(text.phrase(f"shift_story_new_manager{mixed}", **params))
            .when(own)
            .then(text.phrase(f"shift_story{mixed}", **params))
        )
    return (
        out.with_columns(story.alias("story"))
        .sort(pl.col("_department").abs(), descending=True)
        .select(*_KEY, "n", "significant", "story")
    )


def department_part(shifts: pl.DataFrame) -> pl.DataFrame:
    """``shifts`` (``department_shifts`` rows) with the one department part every sentence
    about a shift says, and its 95% interval: ``_part``, ``_part_lo``, ``_part_hi``, and
    ``_stable`` (True: managers changed in some of its teams, and the part is the teams
    without a new manager, ``broad_shift`` and its interval; the new managers' excess is a
    change of rater). Else the department's whole shift (``department``, ``ci95_*``). Why
    (left29 item 9): the department's own line said the whole shift's interval (-4.5…-3.1)
    while its story said the stable teams' (-4.7…-3.1) for the same shift."""
    if {"broad_shift", "broad_ci95_low", "broad_ci95_high"} <= set(shifts.columns):
        stable = pl.col("n_manager_changed").fill_null(0) > 0
    else:
        stable = pl.lit(False)
    pairs = (
        ("_part", "broad_shift", "department"),
        ("_part_lo", "broad_ci95_low", "ci95_low"),
        ("_part_hi", "broad_ci95_high", "ci95_high"),
    )
    return shifts.with_columns(_stable=stable).with_columns(
        pl.when(pl.col("_stable")).then(pl.col(b)).otherwise(pl.col(w)).alias(name)
        if b in shifts.columns
        else pl.col(w).alias(name)
        for name, b, w in pairs
        if w in shifts.columns  # a story's frame may carry the interval only
    )


def scope_shift_lines(
    shifts: pl.DataFrame | None,
    cycles: tuple[str, ...] = (),
    unit: Unit | None = None,
    cycle_units: dict[str, Unit] | None = None,
) -> pl.DataFrame:
    """``dept, from_cycle, to_cycle, significant, line`` for the department scope's own shift
    in the pairs of cycles within ``cycles`` (both ends chosen; of one cycle, the pair that ends
    in it, the entry into the meeting's cycle; none: the latest pair), read from the
    scope's ``department_shifts`` section over every cycle (the company-level fit, one row per
    top-level department of the scope): the department part against the company part (the
    weighted median of the departments' shifts) in ``unit``'s points, its 95% interval and n,
    the ``line`` a phrase ``scope_shift_department_wide`` (a Holm-significant, material,
    broad shift: moving grades to the guideline would pass it on to individuals) or
    ``scope_shift_none``.

    Why (rev24a item 4): the calibration meeting for 销售中心 2026H1 said "90 people to move to
    the guideline" and the packet "department shift: nothing in this scope", while the whole
    centre was 5-6 points below the rest of the company that cycle (a market downturn): the
    meeting would have moved 90 people's grades to the guideline without knowing it. Of two
    cycles or more, only the pairs between them (rev25b item 9: 市场部 2025Q4 + 2026Q1 cited
    2025Q3→2025Q4, a cycle not chosen)."""
    empty = pl.DataFrame()
    need = {"dept", "from_cycle", "to_cycle", "department", "ci95_low", "ci95_high", "n"}
    if shifts is None or shifts.height == 0 or not need <= set(shifts.columns):
        return empty
    ends = pl.col("to_cycle").is_in(list(cycles))
    if len(cycles) > 1:
        ends = ends & pl.col("from_cycle").is_in(list(cycles))
    rows = (
        shifts.filter(ends)
        if cycles
        else shifts.filter(pl.col("to_cycle") == shifts["to_cycle"][-1])
    )
    if rows.height == 0:
        return empty
    if "significant" in rows.columns:
        sig = pl.col("significant").fill_null(False)
    else:
        sig = (
            pl.col("flag").fill_null(False)
            & pl.col("material").fill_null(False)
            & pl.col("broad").fill_null(False)
        )
    out = department_part(rows.with_columns(significant=sig)).join(
        _pair_scales(rows, unit, cycle_units), on=["from_cycle", "to_cycle"], how="left"
    )
    if "environment_joint" in out.columns and "diff_vs_rest" in out.columns:
        whole = pl.col("environment_joint").fill_null(False)
        out = out.with_columns(
            _rest=pl.col("mean_adjusted_change") - pl.col("diff_vs_rest"),
            **{
                c: pl.when(whole).then(pl.col(w)).otherwise(pl.col(c))
                for c, w in (
                    ("_part", "department"),
                    ("_part_lo", "ci95_low"),
                    ("_part_hi", "ci95_high"),
                )
            },
        )
    else:
        out = out.with_columns(_rest=pl.lit(None, pl.Float64))
    out = _with_answer(out)
    new = pl.col("n_manager_changed") if "n_manager_changed" in out.columns else pl.lit(0)
    joint = _joint_rows(out)
    params = dict(
        dept=pl.col("dept"),
        from_cycle=pl.col("from_cycle"),
        to_cycle=pl.col("to_cycle"),
        # the department part its story says too (department_part: one interval per shift)
        shift=_points("_part"),
        lo=_points("_part_lo"),
        hi=_points("_part_hi"),
        n=pl.col("n"),
        n_new=new.fill_null(0).cast(pl.Int64),
        n_rest=pl.col("n_rest"),
        score_scale=pl.col("_unit_scale"),
        # company and department not separable: the other departments' own mean change
        rest=pl.col("_rest") * pl.col("_span"),  # unrounded: +0.05, not 0.0 (pt0)
        rest_lo=pl.col("_rest_lo") * pl.col("_span"),
        rest_hi=pl.col("_rest_hi") * pl.col("_span"),
    )
    # not separable (rev30a item 1): the department's own change, no claim either way, unless
    # the data answer it (fixattr31): its own change, or a company-wide move
    dominant = joint & (pl.col("n") > pl.col("n_rest"))
    line = (
        pl.when(dominant & (pl.col("_answer") == "own"))
        .then(text.phrase("scope_shift_joint_own", **params))
        .when(dominant & (pl.col("_answer") == "company"))
        .then(text.phrase("scope_shift_joint_company", **params))
        .when(dominant & (pl.col("_answer") == "none"))  # nothing moved (left32 item 2)
        .then(text.phrase("scope_shift_joint_none", **params))
        .when(dominant)
        .then(text.phrase("scope_shift_joint_dominant", **params))
        .when(joint)
        .then(text.phrase("scope_shift_joint", **params))
    )
    for stable, end in ((pl.col("_stable"), "_stable"), (~pl.col("_stable"), "")):
        line = (
            line.when(stable & pl.col("significant"))
            .then(text.phrase(f"scope_shift_department_wide{end}", **params))
            .when(stable)
            .then(text.phrase(f"scope_shift_none{end}", **params))
        )
    return out.with_columns(line.alias("line")).select(*_KEY, "significant", "line")


def _with_answer(out: pl.DataFrame) -> pl.DataFrame:
    """``out`` with ``_answer`` (the pair's ``environment_answer``: own / company / none / joint) and
    the other departments' 95% interval ``_rest_lo`` / ``_rest_hi``, null where not given."""
    cols = {
        "_answer": ("environment_answer", pl.String),
        "_rest_lo": ("rest_ci95_low", pl.Float64),
        "_rest_hi": ("rest_ci95_high", pl.Float64),
    }
    return out.with_columns(
        (pl.col(c) if c in out.columns else pl.lit(None, t)).alias(name)
        for name, (c, t) in cols.items()
    )


def _joint_rows(out: pl.DataFrame) -> pl.Expr:
    """Whether a row of :func:`scope_shift_lines` is a pair whose company and department
    cannot be separated; its ``_part`` columns then read the department's whole change and
    ``_rest`` the other departments' (as ``scope_shift_lines`` adds them)."""
    if "environment_joint" not in out.columns:
        return pl.lit(False)
    return pl.col("environment_joint").fill_null(False)


def _points(col: str) -> pl.Expr:
    """Column ``col`` (on the 0-1 score) in the points of the pair's scale (``_span`` of
    :func:`_pair_scales`), rounded to the decimals the sentence writes them with (``_digits``,
    the renderer's ``pt`` spec: 0-100: -3.2; 1-5: -0.13; 0-1: -0.026). The department and the
    team sentences both speak through it. A part that rounds to -0.0 is worded "0" by the
    renderer (an added ``+ 0.0`` here did not clear the sign in a frame of more than one row:
    Polars 2.1 keeps -0.0 + 0.0 as -0.0 there)."""
    return _written(pl.col(col) * pl.col("_span"))


def _written(value: pl.Expr) -> pl.Expr:
    """``value`` (points) rounded to the decimals the sentence writes (``_digits``)."""
    digits = pl.col("_digits")
    return (
        pl.when(digits == 1)
        .then(value.round(1))
        .when(digits == 2)
        .then(value.round(2))
        .otherwise(value.round(3))
    )


def _rest_points(prefix: str) -> pl.Expr:
    """The individual part as a sentence writes it: the change less the company, department
    and rater parts, each as written (:func:`_points`), so that the parts add up to the change
    as written. Why: Sales IC3 read "-0.59, of which company -0.13, department -0.35, rater
    0.00" with the individual part unsaid; rounded on its own it reads -0.10 (rev30b item 16)."""
    said = [_points(prefix + p) for p in ("company", "department", "rater")]
    rest = _points(prefix + "change") - said[0] - said[1] - said[2]
    return _written(rest)


def _part_points(prefix: str) -> dict[str, pl.Expr]:
    """A change and its parts in points (:func:`_points`), by the phrase parameter they fill:
    ``change``, ``company``, ``department``, ``rater``, ``individual`` (columns ``prefix`` +
    name) and the department part's interval ``lo``, ``hi`` (``ci95_low``, ``ci95_high``)."""
    parts = ("change", "company", "department", "rater", "individual")
    return {p: _points(prefix + p) for p in parts} | {
        "lo": _points("ci95_low"),
        "hi": _points("ci95_high"),
    }


def _pair_scales(
    frame: pl.DataFrame, unit: Unit | None, cycle_units: dict[str, Unit] | None
) -> pl.DataFrame:
    """``from_cycle, to_cycle, _span, _scale, _own, _unit_scale, _digits`` for each cycle pair
    of ``frame``: the points and the scale name a sentence about that pair speaks in (``_own``
    False: the 0-1 score, said to be one; ``_unit_scale`` as ``{score_scale:unit}`` takes it)
    and the decimals its numbers are written with (:func:`~analytics.text.render.scale_digits`
    of ``_unit_scale``, as the ``pt`` spec writes them)."""
    rows = []
    for a, b in frame.select("from_cycle", "to_cycle").unique().iter_rows():
        u = pair_points(unit, cycle_units, a, b)
        own = u is not None and not u.mixed
        scale = u.scale if own else "0-1"
        if scale.startswith("grade:"):
            scale = scale.split(":", 1)[1]  # grade steps of S/A/B/C/D ...
        named = u.scale if own else "mixed"
        rows.append((a, b, u.span if own else 1.0, scale, own, named, text.scale_digits(named)))
    return pl.DataFrame(
        rows,
        schema={
            "from_cycle": frame.schema["from_cycle"],
            "to_cycle": frame.schema["to_cycle"],
            "_span": pl.Float64,
            "_scale": pl.String,
            "_own": pl.Boolean,
            "_unit_scale": pl.String,
            "_digits": pl.Int64,
        },
        orient="row",
    )


def rater_change_sentences(
    shifts: pl.DataFrame | None,
    unit: Unit | None = None,
    cycle_units: dict[str, Unit] | None = None,
) -> pl.DataFrame:
    """``dept, from_cycle, to_cycle, reason`` for each department change that is significant
    and material but sits in the teams whose manager changed (``confounded_with_rater_change``
    of :func:`~analytics.stats.attribution.department_shifts`): not a department shift but a
    rater change, the ``reason`` a phrase saying whether the new managers' standard was
    estimated or cannot be separated from a real change in those teams (largest first), its
    changes in ``unit``'s points (per pair of cycles as :func:`shift_sentences`)."""
    if shifts is None or shifts.height == 0 or "confounded_with_rater_change" not in shifts.columns:
        return pl.DataFrame()
    hit = shifts.filter(pl.col("confounded_with_rater_change").fill_null(False))
    out = hit.sort(pl.col("department").abs(), descending=True).select(
        *_KEY, pl.col("flag_reason").alias("reason")
    )
    if out.height == 0 or not (unit is not None and unit.mixed and cycle_units):
        return convert(out, unit)
    parts = [
        convert(part, pair_points(unit, cycle_units, a, b))
        for (a, b), part in out.with_row_index("_i").group_by(["from_cycle", "to_cycle"])
    ]
    return pl.concat(parts, how="vertical_relaxed").sort("_i").drop("_i")


def box_members(nine_box: pl.DataFrame, box: int) -> pl.DataFrame:
    """The people of one 9-box cell, ranked strongest first (performance, then potential), each
    with the reasons they sit there in words (``reasons``): their performance against their
    peers, their potential and, when their interval crosses a cut, that they sit near a
    boundary and could be in the next box (``reason.box_*``). Why reasons: the list was a
    ranking without them, and why someone is a star had to be looked up elsewhere (review of
    issue 19, M-B). For reading: the percentile as ``performance_pct`` (shown as a percent) and
    the potential as its band (``potential_band``: low / medium / high, the box's row, worded
    like the 9-box axis), not the 0-1 values behind them; the box itself is the list's title."""
    members = nine_box.filter(pl.col("box") == box)
    near = (
        pl.col("box_certainty") == "near_boundary"
        if "box_certainty" in members.columns
        else pl.lit(False)
    )
    return (
        members.sort(
            ["performance", "potential", "employee_id"],
            descending=[True, True, False],
            nulls_last=True,
        )
        .with_row_index("rank", offset=1)
        .select(
            pl.col("rank").cast(pl.Int64),
            "employee_id",
            text.phrases(
                pl.when(pl.col("performance").is_not_null()).then(
                    # whole percents rounded down: 0.995 is above 99% of peers, not 100%
                    text.phrase(
                        "box_performance", perf=pl.col("performance").mul(100).floor() / 100
                    )
                ),
                pl.when(pl.col("potential").is_not_null()).then(
                    text.phrase("box_potential", pot=pl.col("potential"))
                ),
                pl.when(near).then(text.phrase("box_near_boundary")),
            ).alias("reasons"),
            pl.col("performance").alias("performance_pct"),
            # box = 3 * potential band + performance band + 1 (stats.potential.nine_box)
            pl.col("box")
            .sub(1)
            .floordiv(3)
            .replace_strict(
                {0: "low", 1: "medium", 2: "high"}, default=None, return_dtype=pl.String
            )
            .alias("potential_band"),
            *(["box_certainty"] if "box_certainty" in members.columns else []),
        )
    )


#: the columns of :func:`team_shift_table` (an empty table has them too: the stored section
#: and one computed on demand compare equal)
TEAM_SHIFT_SCHEMA: dict[str, pl.DataType] = {
    "dept": pl.String(),
    "from_cycle": pl.String(),
    "to_cycle": pl.String(),
    "n": pl.UInt32(),
    "shift": pl.Float64(),
    "ci95_low": pl.Float64(),
    "ci95_high": pl.Float64(),
    "p_holm": pl.Float64(),
    "change": pl.Float64(),
    "company": pl.Float64(),
    "department": pl.Float64(),
    "rater": pl.Float64(),
    "individual": pl.Float64(),
    "kpi": pl.String(),
    "kpi_change": pl.Float64(),
}


def _team_key() -> pl.Expr:
    """A change's unit one level below the top department (``销售中心/华南区``), else its top
    department: the key a team is tested by against the rest of the company."""
    return (
        pl.col("department_path")
        .fill_null(pl.col("dept"))
        .str.split("/")
        .list.head(2)
        .list.join("/")
    )


#: the columns of the score changes the team shifts read (the test and the mean parts)
_TEAM_COLUMNS = (
    *_KEY,
    "from_order",
    "department_path",
    "change",
    "company",
    "department",
    "rater",
    "individual",
    "new_manager",
    "manager_changed",
    "manager_change_estimated",
)


def _teams_keyed(
    company_changes: pl.DataFrame, in_scope: pl.DataFrame
) -> tuple[pl.DataFrame, bool]:
    """The company's changes in the scope's cycle pairs, the columns the team test reads only,
    keyed by team (:func:`_team_key`), and whether those are every pair of the company. Why
    the columns first: the pair filter and the key moved all 50 columns of the changes (a
    third of the team shifts' time at 8M ratings); the filter is skipped where the scope has
    every pair of the company (its usual case)."""
    cols = [c for c in _TEAM_COLUMNS if c in company_changes.columns]
    keyed = company_changes.select(cols)
    pairs = in_scope.select(_PAIR_KEY).unique()
    every = pairs.height >= keyed.select(_PAIR_KEY).unique().height
    if not every:
        keyed = keyed.join(pairs, on=_PAIR_KEY, how="semi", maintain_order="left")
    return keyed.with_columns(dept=_team_key()), every


def team_shift_table(
    company_changes: pl.DataFrame,
    in_scope: pl.DataFrame,
    drivers: pl.DataFrame | None = None,
    tested: Callable[[pl.DataFrame], pl.DataFrame] = department_shifts,
) -> pl.DataFrame:
    """The sub-departments (second level) that moved as a unit: the same test as
    :func:`~analytics.stats.attribution.department_shifts` (against the company part, the
    weighted median of the top-level departments, or with fewer than three departments Welch
    against the rest of the company; Holm per cycle pair, material and broad) with the unit keyed one level down, kept
    for the sub-departments of ``in_scope`` (the scope's rows of the changes).

    Why: the department part of a change is measured at the top level, so a whole team's fall
    (华南区 -9.5 points while 华东区 stayed flat) landed in its people's individual parts and no
    sentence said it (review rev19c M2). Returns per significant team: dept, from_cycle,
    to_cycle, n, shift (the team's component against the company), ci95_low, ci95_high,
    p_holm, the means of the change's parts over the team (change, company, department = the
    top department's part, rater, individual: the team's own shift sits here) and the KPI that
    moved most (``kpi``, ``kpi_change`` as a fraction of attainment) when ``drivers`` (per
    team, :func:`~analytics.stats.attribution.kpi_drivers_by_department` at depth 2) is given.
    ``tested``: the test of every team of the company when the scope has all its cycle pairs
    (called with the keyed changes; default :func:`department_shifts` of them).
    """
    empty = pl.DataFrame(schema=TEAM_SHIFT_SCHEMA)
    need = {"department_path", "dept", "from_cycle", "to_cycle"}
    if company_changes is None or in_scope is None or in_scope.height == 0:
        return empty
    if not need <= set(company_changes.columns) or not need <= set(in_scope.columns):
        return empty
    keyed, every = _teams_keyed(company_changes, in_scope)
    teams = (
        in_scope.select("department_path", "dept").unique().select(_team_key().alias("dept"))
    ).unique()["dept"]
    teams = teams.filter(teams.str.contains("/", literal=True))
    if teams.len() == 0 or keyed.height == 0:
        return empty
    # every team of the company tested together (Holm per pair over them), then the scope's
    # kept: with every pair, the same test of the same frame in every scope (``tested`` may
    # give the one already run: the import tests the company and each department's scope)
    shifts = (tested if every else department_shifts)(keyed).filter(
        pl.col("dept").is_in(teams.implode())
        & pl.col("flag").fill_null(False)
        & pl.col("material").fill_null(False)
        & ~pl.col("confounded_with_rater_change").fill_null(False)
        & pl.col("broad").fill_null(False)
    )
    if shifts.height == 0:
        return empty
    new_mgr = pl.col("new_manager") if "new_manager" in keyed.columns else pl.lit(0.0)
    parts = keyed.group_by(_KEY).agg(
        *(pl.col(c).mean() for c in ("change", "company", "department", "individual")),
        (pl.col("rater") + new_mgr.fill_null(0.0)).mean().alias("rater"),
    )
    out = shifts.select(
        *_KEY, "n", pl.col("department").alias("shift"), "ci95_low", "ci95_high", "p_holm"
    ).join(parts, on=_KEY, how="left")
    return with_team_drivers(out, drivers)


def with_team_drivers(table: pl.DataFrame, drivers: pl.DataFrame | None) -> pl.DataFrame:
    """``table`` (:func:`team_shift_table`'s rows, with or without their ``kpi`` columns) with
    the KPI that moved most per team (``kpi``, ``kpi_change``) from ``drivers`` (null without
    them), in the table's order and columns. Why apart: a caller first learns whether any team
    moved, and computes the drivers per team only then, without testing the teams again."""
    out = table.drop("kpi", "kpi_change", strict=False)
    if drivers is not None and drivers.height and "contribution" in drivers.columns:
        top = (
            drivers.sort(pl.col("contribution").abs(), descending=True)
            .group_by(_KEY, maintain_order=True)
            .first()
            .select(*_KEY, "kpi", pl.col("contribution").alias("kpi_change"))
        )
        out = out.join(top, on=_KEY, how="left")
    else:
        out = out.with_columns(kpi=pl.lit(None, pl.String), kpi_change=pl.lit(None, pl.Float64))
    out = out.sort([pl.col("shift").abs(), "dept", "from_cycle"], descending=[True, False, False])
    return out.select(pl.col(c).cast(t) for c, t in TEAM_SHIFT_SCHEMA.items())


def team_shift_sentences(
    table: pl.DataFrame | None,
    unit: Unit | None = None,
    cycle_units: dict[str, Unit] | None = None,
) -> pl.DataFrame:
    """``dept, from_cycle, to_cycle, story`` for each row of :func:`team_shift_table`: what
    moved, by how much in ``unit``'s points (where it mixes scales, in the scale the pair's two
    cycles share, as :func:`shift_sentences`), which part is company, top department, rater
    change, and that the team's own shift is counted in its people's individual parts."""
    if table is None or table.height == 0:
        return pl.DataFrame()
    table = table.join(
        _pair_scales(table, unit, cycle_units), on=["from_cycle", "to_cycle"], how="left"
    )
    params = dict(
        dept=pl.col("dept"),
        from_cycle=pl.col("from_cycle"),
        to_cycle=pl.col("to_cycle"),
        n=pl.col("n"),
        shift=_points("shift"),
        **_part_points(""),
        kpi=pl.col("kpi"),
        kpi_change=pl.col("kpi_change") * 100,
        score_scale=pl.col("_unit_scale"),
    )
    story = (
        pl.when(pl.col("kpi").is_null())
        .then(text.phrase("team_shift_story_no_kpi", **params))
        .otherwise(text.phrase("team_shift_story", **params))
    )
    return table.select(*_KEY, story.alias("story"))


def inflation_sentences(trend: pl.DataFrame, unit: Unit, lang: str) -> list[str]:
    """The trend in words: one sentence per run of cycles on one scale (``segment``), each in
    its own scale's points, after a sentence per change of scale saying the trend is not
    compared across it (rev23b item 9). On one scale: the one sentence, as before."""
    if trend.is_empty():
        return []
    segments = trend.partition_by("segment", maintain_order=True) if "segment" in trend else [trend]
    out = []
    for before, after in pairwise(segments):
        out.append(
            text.render(
                "dist.inflation_scale_break",
                lang,
                before=unit_of_scales([before["segment_scale"][0]]).words(lang),
                after=unit_of_scales([after["segment_scale"][0]]).words(lang),
                cycle=after.sort("cycle_order")["cycle_id"][0],
            )
        )
    for part in segments:
        r = part.sort("cycle_order").row(0, named=True)
        u = unit if len(segments) == 1 else unit_of_scales([r["segment_scale"]])
        lead = ""
        if len(segments) > 1:
            cycles = part.sort("cycle_order")["cycle_id"]
            if cycles.len() == 1:
                out.append(
                    text.render(
                        "dist.inflation_segment_one", lang, cycle=cycles[0], unit=u.words(lang)
                    )
                )
                continue
            lead = text.render(
                "dist.inflation_segment", lang, first=cycles[0], last=cycles[-1], unit=u.words(lang)
            )
        if r["slope"] is None:
            continue
        top = _top_share_words(r, lang)  # beside the mean's: the top grades' share (rev26b 2)
        out.append(
            lead
            + text.render(
                "dist.inflation_result",
                lang,
                # in the page's points, as the chart above (the slope is fitted on 0-1)
                slope=u.diff(r["slope"]),
                lo=u.diff(r["slope_lo"]),
                hi=u.diff(r["slope_hi"]),
                unit=u.words(lang),
                d=u.digits,  # the decimals of the tables' scores: 3 on 0-1, 2 on 1-5
                p=r["slope_pval"],
                n=r["trend_n"],
                people=r["trend_people"],
            )
        )
        out += [top] if top else []
    return out


def _top_share_words(r: dict, lang: str) -> str | None:
    """The top grades' share trend of one run of cycles (``r``, a row of
    :func:`~analytics.stats.distributions.inflation_trend`), in percentage points per cycle and
    the scale's own words for its top grades ("S+A", "优秀+良好"), clustered by person as the
    mean's; "cannot be estimated" when no slope could be fitted (not 0); nothing without a
    top share (no grades, or grades on no known scale: the page says why)."""
    if r.get("top_grades") is None or not r.get("top_trend_n"):
        return None
    if r["top_slope"] is None:  # graded in one cycle only: no trend, not a flat one
        return text.render(
            "dist.inflation_top_none", lang, grades=r["top_grades"], n=r["top_trend_n"]
        )
    slope, lo, hi = (  # a share per cycle -> percentage points per cycle
        None if r[c] is None else 100.0 * r[c]
        for c in ("top_slope", "top_slope_lo", "top_slope_hi")
    )
    return text.render(
        "dist.inflation_top_result",
        lang,
        grades=r["top_grades"],
        slope=slope,
        lo=lo,
        hi=hi,
        p=r["top_slope_pval"],
        n=r["top_trend_n"],
        people=r["top_trend_people"],
    )


def inflation_paired_note(trend: pl.DataFrame, lang: str) -> str | None:
    """The note under the inflation chart when it draws a top-grade share for 2 or more
    cycles: its per-cycle Wilson bars are marginal, so overlapping bars do not mean "no change"
    for the same people, whose grades the trend's test pairs (rev26b item 2)."""
    if "top_grades" not in trend.columns or trend.height < 2:
        return None
    graded = trend.filter(pl.col("top_share").is_not_null())
    if graded.height < 2 or graded["top_grades"][0] is None:
        return None
    return text.render("dist.inflation_paired_note", lang, grades=graded["top_grades"][0])


def scale_breaks(changes: pl.DataFrame, units: dict[str, Unit]) -> list[dict]:
    """The cycle pairs of ``changes`` whose two cycles were imported on different scales
    (``units``: :func:`analytics.findings.units.cycle_units`), in cycle order, each as
    ``{from_cycle, cycle, before, after}`` (the later cycle, the two cycles' units). Why: a
    change across a change of scale is on the 0-1 score, which assumes the two scales' lowest
    and highest mean the same; the distributions refuse the trend across it, so the
    attribution says so above its changes and under such a change (rev28b item 7: it opened
    on a change of -0.605 from 1-5 to 0-100 without a word)."""
    if not units or changes.height == 0:
        return []
    pairs = changes.select("from_cycle", "to_cycle", "to_order").unique().sort("to_order")
    out = []
    for first, then, _ in pairs.iter_rows():
        before, after = units.get(first), units.get(then)
        if before is not None and after is not None and before.scale != after.scale:
            out.append({"from_cycle": first, "cycle": then, "before": before, "after": after})
    return out
