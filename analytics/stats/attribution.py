"""Why did a score change? Split each employee's change between two cycles into parts.

Every observed change of an employee's (non-self) score between consecutive cycles is split
exactly into a company part (everyone moved), a department part (the environment of the
unit, e.g. a market downturn in one sales region), a rater part (who rated the person:
mostly a new manager who is more lenient or severe) and an individual remainder. The parts
are computed on rater-adjusted scores so that a rater effect is never counted twice, and they
add up to the observed change by construction. Department shifts are tested (Welch t, Holm
across departments), people who moved against a significant department trend are listed, and
KPI changes are split into per-KPI contributions.

Pure, vectorised functions over Polars frames; see ``docs/methods.md``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

from analytics.schema import COMPANY_UNIT, KPI_DRIVER_FRACTIONS, RATER_ROLES
from analytics.stats.checks import require_columns
from analytics.stats.keys import (
    ROW,
    align_keys,
    as_string,
    combine_codes,
    cycle_order_map,
    sorted_by,
    sorted_codes,
)
from analytics.stats.multiplicity import holm_by
from analytics.stats.person_score import (
    RaterViews,
    rater_means,
    rater_means_from_pairs,
    views_of,
    with_rater_weights,
)
from analytics.stats.person_score import role_weights as person_role_weights
from analytics.stats.quantiles import t_quantile
from analytics.text import phrase

__all__ = [
    "AGAINST_COLUMNS",
    "AGAINST_Z",
    "KPI_DRIVER_FRACTIONS",
    "MIN_SHIFT",
    "KpiCells",
    "against_trend",
    "department_shifts",
    "kpi_drivers_by_department",
    "kpi_drivers_by_employee",
    "kpi_drivers_of_departments",
    "largest_movers",
    "manager_changes",
    "person_parts",
    "score_changes",
    "score_changes_from_pairs",
    "variance_decomposition",
    "weighted_attainment",
]


_PAIR = ["from_cycle", "to_cycle"]


# --------------------------------------------------------------------------------------------
# small shared helpers (also used by analytics.stats.potential)
# --------------------------------------------------------------------------------------------


#: a material change on the 0-1 score (0.2 points on a 1-5 scale, 5 on 0-100): a person's
#: change, a person against the trend
MIN_SHIFT = 0.05
#: a material department shift is at least this share of the SD of the pair's person scores
#: (Cohen's "small" standardised effect, d = 0.2) ...
SHIFT_SD = 0.2
#: ... and at least this much on the 0-1 score (1 point on 0-100, 0.04 on 1-5), so a company
#: whose scores hardly spread does not call a trivial move a shift (docs/methods.md, "Department
#: shifts": the measured error rates)
SHIFT_FLOOR = 0.01


def _dept_expr(depth: int | None, col: str = "department") -> pl.Expr:
    """Department path cut to its first ``depth`` levels (None or <= 0 keeps the full path)."""
    base = pl.col(col).fill_null("(unknown)")
    if depth is None or depth <= 0:
        return base
    return base.str.split("/").list.head(depth).list.join("/")


class KpiCells:
    """KPI results aggregated to (employee x KPI) x cycle matrices (NumPy, no row loops).

    ``A``/``W``: mean attainment / normalised weight, NaN where the KPI has no result;
    rows of the matrices are (employee, KPI) combinations ``ek_e``/``ek_k``; columns are the
    cycles ``cycles`` (cycle_id values, in code order); ``orders``: the results' own
    (cycle_id, cycle_order) when they carry a ``cycle_order``, else None.

    Why a stage of its own: the score changes (weighted attainment per side) and the KPI
    drivers both start from the cells of the company's KPI results, and building them hashes
    every KPI row's ids (1.3 s at 6M KPI rows). A caller that needs both builds the cells once
    and passes them wherever KPI results are taken.
    """

    def __init__(self, kpi_results: pl.DataFrame) -> None:
        self.orders = (
            cycle_order_map(kpi_results).with_columns(pl.col("cycle_id").cast(pl.String))
            if "cycle_order" in kpi_results.columns
            else None
        )
        att = pl.coalesce(
            pl.col("attainment").cast(pl.Float64),
            pl.when(pl.col("target") != 0)
            .then(pl.col("actual") / pl.col("target"))
            .cast(pl.Float64),
        )
        f = kpi_results.select(
            "cycle_id",
            "employee_id",
            "kpi",
            _a=att.fill_nan(None),
            _w=pl.col("weight").cast(pl.Float64),
        ).filter(pl.col("cycle_id").is_not_null() & pl.col("employee_id").is_not_null())
        e_idx, self.employees = sorted_codes(f["employee_id"])
        k_idx, self.kpis = sorted_codes(f["kpi"])
        c_idx, self.cycles = sorted_codes(f["cycle_id"])
        n_k, n_c = len(self.kpis), len(self.cycles)
        ek_idx, n_ek = combine_codes(e_idx, k_idx, n_k)
        ek_u = np.empty(n_ek, dtype=np.int64)  # the (employee, KPI) key of each code
        ek_u[ek_idx] = e_idx * max(n_k, 1) + k_idx
        self.ek_e, self.ek_k = ek_u // max(n_k, 1), ek_u % max(n_k, 1)
        cell = ek_idx * n_c + c_idx
        size = n_ek * n_c
        periods = np.bincount(cell, minlength=size)

        def _mean(column: str) -> np.ndarray:
            vals = f[column].to_numpy().astype(np.float64, copy=False)
            ok = np.isfinite(vals)
            if ok.all():  # the usual case: every row counts, so the counts are the periods
                # (no masked copies of 7.6M cells and values per column at 40M ratings)
                num, cnt = np.bincount(cell, vals, minlength=size), periods
            else:
                num = np.bincount(cell[ok], vals[ok], minlength=size)
                cnt = np.bincount(cell[ok], minlength=size)
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(cnt > 0, num / np.maximum(cnt, 1), np.nan).reshape(n_ek, n_c)

        A = _mean("_a")
        w_raw = _mean("_w")
        self.n_periods = periods.reshape(n_ek, n_c)
        present = np.isfinite(A)
        # per (employee, cycle): KPIs without weight count 0, unless none has one -> all equal
        ec = self.ek_e[:, None] * n_c + np.arange(n_c)[None, :]
        n_ec = max(len(self.employees), 1) * n_c
        has_w = np.bincount(ec[present & np.isfinite(w_raw)], minlength=n_ec) > 0
        w_fill = np.where(np.isfinite(w_raw), np.clip(w_raw, 0.0, None), 0.0)
        w_fill = np.where(has_w[ec], w_fill, 1.0)
        w_fill = np.where(present, w_fill, 0.0)
        tot = np.bincount(ec.ravel(), w_fill.ravel(), minlength=n_ec)[ec]
        with np.errstate(invalid="ignore", divide="ignore"):
            W = np.where(present & (tot > 0), w_fill / tot, np.nan)
        self.A = np.where(np.isfinite(W), A, np.nan)
        self.W = W

    def of_employees(self, employee_ids: pl.Series) -> KpiCells:
        """These cells restricted to the (employee, KPI) rows of ``employee_ids`` (the same
        codes and cycles, fewer rows). Why: a statistic that reads a few people's KPIs (the
        drivers of the teams that moved) need not walk everyone's cells."""
        keep = self.employees.cast(pl.String).is_in(employee_ids.cast(pl.String).implode())
        rows = keep.to_numpy()[self.ek_e]
        sub = copy.copy(self)
        sub.ek_e, sub.ek_k = self.ek_e[rows], self.ek_k[rows]
        sub.A, sub.W, sub.n_periods = self.A[rows], self.W[rows], self.n_periods[rows]
        return sub


def _cells(kpi: pl.DataFrame | KpiCells) -> KpiCells:
    return kpi if isinstance(kpi, KpiCells) else KpiCells(kpi)


def weighted_attainment(kpi_results: pl.DataFrame | KpiCells) -> pl.DataFrame:
    """Per (cycle_id, employee_id, kpi): attainment and weight normalised to sum 1 per cycle.

    Returns
    -------
    pl.DataFrame
        cycle_id, employee_id, kpi, attainment, weight, weighted (= weight * attainment),
        n_periods.

    Notes
    -----
    a_k = mean over sub-periods of attainment (``actual / target`` when attainment is null);
    w_k = mean weight over sub-periods. Weights are normalised per (cycle, employee):
    w~_k = w_k / sum_j w_j; KPIs without a weight count 0 unless no KPI of that employee has a
    weight, then all count equally. Weighted attainment A = sum_k w~_k a_k.

    References
    ----------
    Kaplan, R. S., & Norton, D. P. (1996). The Balanced Scorecard. Harvard Business School
    Press (weighted KPI scorecards).
    """
    cells = _cells(kpi_results)
    r, c = np.nonzero(np.isfinite(cells.W))
    return pl.DataFrame(
        {
            "cycle_id": cells.cycles.gather(c),
            "employee_id": cells.employees.gather(cells.ek_e[r]),
            "kpi": cells.kpis.gather(cells.ek_k[r]),
            "attainment": cells.A[r, c],
            "weight": cells.W[r, c],
            "weighted": cells.A[r, c] * cells.W[r, c],
            "n_periods": cells.n_periods[r, c].astype(np.int64),
        }
    )


def _attainment_per_employee(kpi_results: pl.DataFrame | KpiCells) -> pl.DataFrame:
    """Per (cycle_id, employee_id): ``kpi`` = the sum of :func:`weighted_attainment`'s
    ``weighted`` over the employee's KPIs, summed on the cells. Why: the (employee, KPI, cycle)
    frame of text ids only to group it again held 1 GiB at 6M KPI rows."""
    cells = _cells(kpi_results)
    n_c = len(cells.cycles)
    r, c = np.nonzero(np.isfinite(cells.W))
    key = cells.ek_e[r] * n_c + c
    size = max(len(cells.employees), 1) * n_c
    total = np.bincount(key, weights=cells.A[r, c] * cells.W[r, c], minlength=size)
    cell = np.flatnonzero(np.bincount(key, minlength=size))
    return pl.DataFrame(
        {
            "cycle_id": cells.cycles.gather(cell % n_c),
            "employee_id": cells.employees.gather(cell // n_c),
            "kpi": total[cell],
        }
    )


# --------------------------------------------------------------------------------------------
# score_changes
# --------------------------------------------------------------------------------------------


def _one_order_per_cycle(ratings: pl.DataFrame) -> bool:
    """Whether cycle_id and cycle_order name the same cycles (one order per cycle, no order
    shared by two cycles): then pairs keyed by cycle_id are the pairs keyed by cycle_order."""
    per = (
        ratings.lazy()
        .group_by("cycle_id")
        .agg(
            lo=pl.col("cycle_order").min(),
            hi=pl.col("cycle_order").max(),
            nulls=pl.col("cycle_order").null_count(),
            n=pl.len(),
        )
        .collect()
    )
    if per.height == 0 or per["cycle_id"].null_count():
        return False
    one = ((per["lo"] == per["hi"]).fill_null(False) & (per["nulls"] == 0)) | (
        per["nulls"] == per["n"]
    )
    return bool(one.all()) and per["lo"].n_unique() == per.height


def _employee_cycle(
    ratings: pl.DataFrame,
    rater_effects: pl.DataFrame | None,
    role_weights: Mapping[str, float] | None,
    dept_depth: int | None,
    pairs: pl.DataFrame | None = None,
    weighted: pl.DataFrame | RaterViews | None = None,
) -> pl.DataFrame:
    """Aggregate ratings to (cycle, employee, rater) then to (cycle, employee)."""
    need = ("cycle_id", "cycle_order", "employee_id", "rater_id", "rater_role", "score")
    require_columns(ratings, (*need, "department"), "ratings")
    # a row index travels with the aggregates, so the text attributes (cycle_id, department)
    # are gathered once for the (cycle, employee) rows at the end; the integer cycle_order is
    # the cycle key
    per_cycle_effects = rater_effects is not None and "cycle_id" in rater_effects.columns
    views = _weighted_rater_views(
        ratings, role_weights, per_cycle_effects, pairs=pairs, weighted=weighted
    )
    standards = _rater_standards(views, ratings, rater_effects, per_cycle_effects)
    weights = person_role_weights(role_weights)
    roles = [r for r in RATER_ROLES if weights.get(r, 0.0) > 0]
    emp = _employee_aggregates(views, standards, roles)
    return _with_cycle_and_department(emp, ratings, dept_depth)


def _weighted_rater_views(
    ratings: pl.DataFrame,
    role_weights: Mapping[str, float] | None,
    per_cycle_effects: bool,
    pairs: pl.DataFrame | None,
    weighted: pl.DataFrame | RaterViews | None,
) -> RaterViews:
    """Each rater's view of each (cycle_order, person) and its weight in the person score,
    grouped to (cycle, person)."""
    if pairs is not None and _one_order_per_cycle(ratings):
        # the shared pass (keys.rating_pairs, keyed by cycle_id): the same pairs, and the same
        # weights and groups per (cycle_id, person) as per (cycle_order, person), when each
        # cycle has one order and no two cycles share one
        if weighted is not None:
            return views_of(weighted)
        return views_of(
            with_rater_weights(
                rater_means_from_pairs(ratings, pairs, role_weights, extra=["cycle_order"]),
                role_weights,
                ("cycle_order", "employee_id"),
            ).collect()
        )
    keys = ("cycle_order", "employee_id")
    per_rater = rater_means(
        ratings,
        role_weights,
        extra=["cycle_id"] if per_cycle_effects else [],
        keys=(*keys, "rater_id", "rater_role"),
    )
    return RaterViews(with_rater_weights(per_rater, role_weights, keys).collect(), keys)


def _rater_standards(
    views: RaterViews,
    ratings: pl.DataFrame,
    rater_effects: pl.DataFrame | None,
    per_cycle_effects: bool,
) -> pl.DataFrame:
    """Each view's rater effect, its SE and whether it is identified (all 0 without effects),
    one row per row of ``views``."""
    if rater_effects is None:
        zero = np.zeros(views.frame.height)
        return pl.DataFrame({"_eff": zero, "_effse": zero, "_ident": zero.astype(bool)})
    if not {"rater_id", "effect"} <= set(rater_effects.columns):
        raise ValueError("rater_effects needs columns rater_id and effect")
    keys = ["cycle_id", "rater_id"] if per_cycle_effects else ["rater_id"]
    eff = (
        align_keys(rater_effects.lazy(), ratings.schema, keys)
        .filter(pl.col("rater_id").is_not_null())
        .group_by(keys)
        .agg(
            _eff=pl.col("effect").cast(pl.Float64).mean(),
            _effse=(
                pl.col("se").cast(pl.Float64).mean()
                if "se" in rater_effects.columns
                else pl.lit(None, pl.Float64)
            ),
            _id_ok=(
                pl.col("identified").fill_null(False).all()
                if "identified" in rater_effects.columns
                else pl.lit(True)
            ),
        )
        .collect()
    )
    # a rater's standard is estimated when it has an effect that the model could identify
    # (the ``identified`` column of raters.rater_effects; a frame without it: every given
    # effect counts as estimated)
    return views.per_row(eff, keys).select(
        _eff=pl.col("_eff").fill_null(0.0).fill_nan(0.0),
        _effse=pl.col("_effse").fill_null(0.0).fill_nan(0.0),
        _ident=pl.col("_eff").is_not_null()
        & pl.col("_eff").is_not_nan()
        & pl.col("_id_ok").fill_null(False),
    )


def _employee_aggregates(
    views: RaterViews, standards: pl.DataFrame, roles: Sequence[str]
) -> pl.DataFrame:
    """The sums from rater views to a person's cycle over the shared grouping
    (:class:`~analytics.stats.person_score.RaterViews`): score, rater part, managers, and per
    role of ``roles`` (those with weight) its weight and weighted adjusted view."""
    frame = views.frame
    w, s = frame["w"].to_numpy(), frame["s"].to_numpy()
    eff, effse = standards["_eff"].to_numpy(), standards["_effse"].to_numpy()
    ident = standards["_ident"].to_numpy()
    role = frame["rater_role"]
    # each source's weight and weighted adjusted view, so a change between cycles rated by
    # different sources can be compared on the sources of both (rev23b)
    adjusted_view = (s - eff) * w
    per_role = {}
    for r in roles:
        mine = (role == r).fill_null(False).to_numpy()
        per_role[f"_w_{r}"] = views.sum(np.where(mine, w, 0.0))
        per_role[f"_a_{r}"] = views.sum(np.where(mine, adjusted_view, 0.0))
    w2 = w * w
    emp = views.key_frame(["cycle_order", "employee_id"]).with_columns(
        **per_role,
        score_sd=views.std(s),
        # the rater part's sampling variance: sum_j w_j^2 se_j^2 (a rater without an
        # estimated effect counts 0, as in the part itself)
        effect_var=views.sum(w2 * effse * effse),
        # some rater with weight has no estimated effect: the rater part is a convention (0
        # for them), so it has no interval
        effect_missing=views.any(~ident & (w > 0)),
        w2=views.sum(w2),
        n_ratings=pl.Series(views.sum(frame["n"].to_numpy().astype(np.float64))).cast(
            frame.schema["n"]
        ),
        n_raters=pl.Series(views.count(), dtype=pl.UInt32),
        n_anonymous=_fewest_anonymous(views, role),
        _row=pl.Series(views.min(frame[ROW].to_numpy()), dtype=frame.schema[ROW]),
    )
    return (
        pl.concat([emp, _managers(views, role, ident)], how="horizontal")
        .with_columns(
            score=views.sum(s * w),
            effect=views.sum(eff * w),
            manager=pl.when(pl.col("_lo") == pl.col("_hi"))
            .then(pl.col("_lo"))
            .otherwise(pl.col("_lo") + pl.lit(",") + pl.col("_hi")),
        )
        .drop("_lo", "_hi")
    )


#: the rater roles a viewer below hr_admin sees only as aggregates of at least k raters
#: (analytics.findings.visibility.ANONYMOUS_ROLES; stats do not import findings)
ANONYMOUS_ROLES = ("peer", "subordinate")


def _fewest_anonymous(views: RaterViews, role: pl.Series) -> pl.Series:
    """Per group of ``views``: the fewest raters of an anonymous role (peer, subordinate)
    among those present, null where none rated. Why (rev34a finding 2): ``change_se`` is the
    spread of a person's raters; with 2 peers, the named raters' ratings and the peers' mean
    in reach, it gave each peer's own rating, so a view below hr_admin withholds it where this
    count is below k (:meth:`~analytics.findings.visibility.View.frame`)."""
    fewest = np.full(views.size, np.inf)
    for r in ANONYMOUS_ROLES:
        n = views.sum((role == r).fill_null(False).to_numpy().astype(np.float64))
        fewest = np.where(n > 0, np.minimum(fewest, n), fewest)
    out = pl.Series("n_anonymous", np.where(np.isinf(fewest), np.nan, fewest))
    return out.fill_nan(None).cast(pl.UInt32)


def _managers(views: RaterViews, role: pl.Series, ident: np.ndarray) -> pl.DataFrame:
    """Per group of ``views``: the manager "set" (one id, or the lowest and highest id when
    several managers rated: ``_lo``, ``_hi``) and whether every manager-role rater's standard
    is estimated (null without a manager rating). A group-by of the manager rows only, on the
    shared integer codes."""
    rater = views.frame["rater_id"]
    is_mgr = ((role == "manager") & rater.is_not_null()).fill_null(False)
    mine = is_mgr.to_numpy()
    mgr = (
        pl.DataFrame({"_g": views.code[mine], "_m": rater.filter(is_mgr), "_i": ident[mine]})
        .group_by("_g")
        .agg(_lo=pl.col("_m").min(), _hi=pl.col("_m").max(), manager_estimated=pl.col("_i").all())
    )
    groups = pl.DataFrame({"_g": np.arange(views.size, dtype=views.code.dtype)})
    return groups.join(mgr, on="_g", how="left", maintain_order="left").select(
        "manager_estimated", "_lo", "_hi"
    )


def _with_cycle_and_department(
    emp: pl.DataFrame, ratings: pl.DataFrame, dept_depth: int | None
) -> pl.DataFrame:
    """Cycle id and department (path and cut) gathered by row index; the adjusted score."""
    emp = emp.with_columns(
        ratings.select(pl.col("cycle_id"), pl.col("department").alias("department_path"))[
            emp["_row"]
        ]
    )
    # the department cut on the few distinct paths, looked up per person; the text columns
    # stay Categorical (cheap join keys) until score_changes hands out String
    paths = (
        emp.select(pl.col("department_path").unique())
        .with_columns(_p=pl.col("department_path").cast(pl.String))
        .with_columns(dept=_dept_expr(dept_depth, "_p"))
        .drop("_p")
    )
    emp = emp.join(paths, on="department_path", how="left", nulls_equal=True, maintain_order="left")
    return emp.with_columns(adjusted=pl.col("score") - pl.col("effect")).drop("_row")


def score_changes(
    ratings: pl.DataFrame,
    rater_effects: pl.DataFrame | None = None,
    kpi_results: pl.DataFrame | KpiCells | None = None,
    dept_depth: int | None = 1,
    role_weights: Mapping[str, float] | None = None,
) -> pl.DataFrame:
    """Split each employee's score change between consecutive cycles into additive parts.

    Calibration meetings ask "did this person get worse, or did the whole region have a bad
    quarter, or did they just get a tougher manager?". The split answers that per person.

    Parameters
    ----------
    ratings
        One row per rating (see module conventions).
    rater_effects
        Frame with ``rater_id`` and ``effect`` (leniency, in score units), optionally
        ``cycle_id`` (then matched per cycle). Raters without an effect count 0. ``None``:
        no rater adjustment (the rater part is 0).
    kpi_results
        Optional :data:`analytics.schema.KPI_RESULTS` frame (or its :class:`KpiCells`); adds
        weighted attainment per side.
    dept_depth
        Department levels used for the department part (1 = top level; None = full path).
    role_weights
        Role weights of the person score (:mod:`analytics.stats.person_score`; default
        manager 0.6, peer 0.2, skip_level 0.2, self and upward 0).

    Returns
    -------
    pl.DataFrame
        One row per employee and consecutive cycle pair rated in both cycles: employee_id,
        dept, department_path, from_cycle, to_cycle, from_order, to_order, score_from,
        score_to, adjusted_from, adjusted_to, change, change_se, change_ci95_low,
        change_ci95_high, company, department, rater, new_manager (see below), individual,
        rater_effect_from, rater_effect_to (null where a rater of that side with weight could
        not be estimated: its 0 is a convention), manager_from, manager_to, manager_changed,
        manager_change_estimated (a changed manager whose old and new standards were both
        estimated: True; not estimated, so not separable from a real change: False; null
        without a change), n_ratings_from, n_ratings_to, n_raters_from, n_raters_to,
        n_anonymous_from, n_anonymous_to (the fewest peer or subordinate raters of a side, null
        without any: what a view below hr_admin withholds ``change_se`` on), n_pair, n_dept (and kpi_from, kpi_to, kpi_change when ``kpi_results`` is given).

    Notes
    -----
    Score y_et = the person score (:mod:`analytics.stats.person_score`): sum_j w_j s_j with s_j
    rater j's (dimension-weighted) mean and w_j = W_r / sum_{roles present} W_r x D_j / D_r,
    the weights of ``analytics.stats.raters.adjusted_scores``; rater part r_et = sum_j w_j b_j
    over the same raters; adjusted a_et = y_et - r_et.
    For a cycle pair (t, t+1) over the panel P of employees rated in both, and department D:

    - company      = the weighted median over departments D (weights n_D) of
                     mean_D(a_t+1) - mean_D(a_t); with one or two departments in the pair,
                     mean_P(a_t+1) - mean_P(a_t) (session 24: a shift confined to departments
                     of less than half the panel does not move it)
    - department   = mean_D(a_t+1) - mean_D(a_t) - company
    - rater        = r_e,t+1 - r_e,t
    - individual   = (y_e,t+1 - y_e,t) - company - department - rater
                   = (a_e,t+1 - a_e,t) - [mean_D(a_t+1) - mean_D(a_t)]

    so the four parts sum to the observed change exactly, and individual parts sum to zero
    within each department and pair. Where some of the department's people got a new manager
    whose standard could not be estimated, mean_D is taken over the people whose manager did
    not change, and each such new manager's team gets its excess over it as
    new_manager = mean_team(a_t+1 - a_t) - mean_stable(a_t+1 - a_t) (the new manager's
    standard, not separable from a real change of that team); individual is what is left, and
    the five parts sum to the change (new_manager is 0 everywhere else). change_se uses the between-rater spread per side,
    var = sd(s_j)^2 * sum_j w_j^2 (= sd^2/k for equal weights); the interval is
    change +/- 1.96 change_se (the parts' model), clipped to [-1, 1].

    References
    ----------
    Oaxaca, R. (1973). Male-female wage differentials in urban labor markets. International
    Economic Review 14(3), 693-709 (additive decomposition of a difference).
    Hoffman, B. J., Lance, C. E., Bynum, B., & Gentry, W. A. (2010). Rater source effects are
    alive and well after all. Personnel Psychology 63(1), 119-151 (rater effects in ratings).
    """
    emp = _employee_cycle(ratings, rater_effects, role_weights, dept_depth)
    return _changes(emp, kpi_results)


def score_changes_from_pairs(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    rater_effects: pl.DataFrame | None = None,
    kpi_results: pl.DataFrame | KpiCells | None = None,
    dept_depth: int | None = 1,
    role_weights: Mapping[str, float] | None = None,
    weighted: pl.DataFrame | RaterViews | None = None,
) -> pl.DataFrame:
    """:func:`score_changes` starting from ``pairs`` = :func:`analytics.stats.keys.rating_pairs`
    of ``ratings`` (the rows are then not grouped again, unless cycle_id and cycle_order do not
    name the same cycles). Why: several company models start from the same pairs.
    ``weighted``: the raters' weights in the person score when already at hand
    (:func:`analytics.stats.person_score.rater_weights_from_pairs` of the same inputs, or
    its :func:`~analytics.stats.person_score.rater_views_from_pairs`, grouped once for all)."""
    emp = _employee_cycle(ratings, rater_effects, role_weights, dept_depth, pairs, weighted)
    return _changes(emp, kpi_results)


def _cycle_pairs(emp: pl.DataFrame) -> pl.DataFrame:
    """Stage 1 of :func:`_changes`: each employee's row in a cycle beside their row in the next
    cycle (columns ``<name>_from`` / ``<name>_to``), with the pair's cycle ids and orders."""
    cyc = (
        emp.lazy()
        .select("cycle_order", "cycle_id")
        .unique()
        .sort("cycle_order")
        .with_columns(
            to_order=pl.col("cycle_order").shift(-1),
            to_cycle=pl.col("cycle_id").shift(-1),
        )
        .drop_nulls("to_order")
        .rename({"cycle_order": "from_order", "cycle_id": "from_cycle"})
        .collect()
    )
    cols = [
        "employee_id",
        "score",
        "score_sd",
        "w2",
        "effect",
        "effect_var",
        "effect_missing",
        "adjusted",
        "n_ratings",
        "n_raters",
        "n_anonymous",
        "department_path",
        "manager",
        "manager_estimated",
        "dept",
        *(f"_{k}_{r}" for r in RATER_ROLES for k in ("w", "a") if f"_w_{r}" in emp.columns),
    ]
    # integer cycle keys for the joins and windows; cycle ids come from the small pair table.
    # Joined eagerly: in a lazy plan the optimiser joined the two sides on the employee alone
    # first (every cycle with every cycle, 6M rows for 1M) and kept the next cycle after:
    # 1.1 GiB for a 0.13 GiB result at 31.8M ratings, against 0.27 GiB this way
    a = (
        emp.select(["cycle_order", *cols])
        .rename({c: f"{c}_from" for c in cols[1:]})
        .rename({"cycle_order": "from_order"})
        .join(cyc, on="from_order", how="inner")
    )
    b = (
        emp.select(["cycle_order", *cols])
        .rename({c: f"{c}_to" for c in cols[1:]})
        .rename({"cycle_order": "to_order"})
    )
    return a.join(b, on=["to_order", "employee_id"], how="inner")


#: the parts' standard errors (:func:`_with_part_se`)
PART_SE = ("company_se", "department_se", "rater_se", "new_manager_se", "individual_se")


def _decompose(pairs: pl.DataFrame) -> pl.LazyFrame:
    """Stage 2 of :func:`_changes`: a change split into company, department, rater and
    individual parts, with its standard error."""
    pairs = pairs.lazy().with_columns(
        dept=pl.coalesce("dept_to", "dept_from"),
        department_path=pl.coalesce("department_path_to", "department_path_from"),
        change=pl.col("score_to") - pl.col("score_from"),
        rater=pl.col("effect_to") - pl.col("effect_from"),
        **_like_with_like([r for r in RATER_ROLES if f"_w_{r}_from" in pairs.columns]),
    )
    pairs = pairs.with_columns(
        rater=pl.col("rater") + pl.col("sources"),  # the sources that rated them changed
        _dept_mean=pl.col("_da").mean().over(["from_order", "dept"]),
        n_pair=pl.len().over("from_order"),
        n_dept=pl.len().over(["from_order", "dept"]),
    )
    pairs = pairs.join(
        _company_part(pairs), on="from_order", how="left", maintain_order="left"
    ).with_columns(department=pl.col("_dept_mean") - pl.col("company"))
    pairs = (
        pairs.with_columns(
            _v1=pl.col("score_sd_from").pow(2) * pl.col("w2_from"),
            _v2=pl.col("score_sd_to").pow(2) * pl.col("w2_to"),
        )
        .with_columns(
            change_se=(pl.col("_v1") + pl.col("_v2")).sqrt(),
            manager_changed=pl.when(
                pl.col("manager_from").is_null() | pl.col("manager_to").is_null()
            )
            .then(pl.lit(None, dtype=pl.Boolean))
            .otherwise(pl.col("manager_from") != pl.col("manager_to")),
        )
        .with_columns(
            # a manager change whose old and new managers' standards were both estimated (its
            # effect is in ``rater``); False: not separable from a real change; null: no change
            manager_change_estimated=pl.when(pl.col("manager_changed")).then(
                pl.col("manager_estimated_from").fill_null(False)
                & pl.col("manager_estimated_to").fill_null(False)
            ),
        )
    )
    return _with_part_se(
        _with_new_manager(pairs).with_columns(
            individual=pl.col("change")
            - pl.col("company")
            - pl.col("department")
            - pl.col("rater")
            - pl.col("new_manager"),
        )
    )


#: with fewer departments than this in a cycle pair the company part is the panel's mean: a
#: median of two departments would pick the larger one, which is no common move
MIN_DEPTS_ROBUST = 3
#: the weighted median's variance over the mean's for normal data, large samples (pi / 2)
MEDIAN_VAR_FACTOR = float(np.pi / 2)
#: one department over half of the people (``environment_joint``): the other departments'
#: own change counts as "did not move" when its 95% interval holds 0 or lies within this share
#: of the dominant department's change either way; the difference counts as "small against
#: the move" when its interval lies within the same share (:func:`_environment_answer`;
#: docs/methods.md, "One department over half of the people: its own change, company-wide, or
#: cannot be told": 0.25 keeps a rest that moves half as much out of "own" in 20 of 20 seeds)
OWN_REST_SHARE = 0.25


def _company_part(pairs: pl.LazyFrame) -> pl.LazyFrame:
    """Stage 2a' of :func:`_changes`: per cycle pair (``from_order``), the company part: the
    weighted median of the departments' mean adjusted changes, each department weighted by its
    people (the mean of the two middle values where the cumulative weight is exactly half),
    and ``_n_depts``, the number of departments. Where company and department cannot be
    separated because one of ``MIN_DEPTS_ROBUST`` or more departments holds over half of the
    people (``environment_joint``, :func:`joint_environment`) it is 0 and the department part
    carries the whole environment, the department's own mean change. With fewer than
    ``MIN_DEPTS_ROBUST`` departments (also ``environment_joint``) it is the panel's mean, as
    in session 29.

    Why 0 there (rev30a item 1): the weighted median was the dominant department's own move
    (技术中心, 60% of the people, -4.2), so that department read "department 0.0" and the three
    flat ones "+3.1 to +5.0, Holm p=1e-18". The two cannot be told apart; the parts still add
    up to the person's change and the individual part (against the department's mean) stays.

    Why (rev24a item 4, rev23a item 7): the panel's mean moved with any large department, so a
    market downturn of 6 points in a sales centre of a third of the company moved the company
    part by -1.05 and every flat department read +1.1 to +1.6 against it, "Holm significant".
    The weighted median is not moved by departments holding less than half of the panel
    however far they move, so a shift confined to some departments stays theirs."""
    dm = (
        pairs.group_by(["from_order", "dept"])
        .agg(_m=pl.col("_da").mean(), _w=pl.col("_da").count(), _s=pl.col("_da").sum())
        .drop_nulls("_m")
        .sort(["from_order", "_m"])
        .with_columns(
            _cw=pl.col("_w").cum_sum().over("from_order"),
            _W=pl.col("_w").sum().over("from_order"),
        )
    )
    half = pl.col("_cw") * 2
    return (
        dm.group_by("from_order")
        .agg(
            _lo=pl.col("_m").filter(half >= pl.col("_W")).first(),
            _hi=pl.col("_m").filter(half > pl.col("_W")).first(),
            _mean=pl.col("_s").sum() / pl.col("_w").sum(),
            _n_depts=pl.len(),
            _wmax=pl.col("_w").max(),
            _wsum=pl.col("_w").sum(),
        )
        .with_columns(environment_joint=joint_environment(pl.col("_n_depts"), "_wmax", "_wsum"))
        .select(
            "from_order",
            "_n_depts",
            "environment_joint",
            # not separable (fixattr30): the whole environment is the department's own mean
            # change (the department part), the company part 0, not the dominant one's move
            company=pl.when(pl.col("_n_depts") < MIN_DEPTS_ROBUST)
            .then(pl.col("_mean"))
            .when(pl.col("environment_joint"))
            .then(pl.lit(0.0))
            .otherwise((pl.col("_lo") + pl.col("_hi")) / 2),
        )
    )


def joint_environment(n_depts: pl.Expr, largest: str, total: str) -> pl.Expr:
    """Whether a cycle pair's company and department environment cannot be separated (rev29a
    item 1, rev30a item 1): fewer than ``MIN_DEPTS_ROBUST`` departments, or one department
    holds more than half of the pair's people (the departments' weighted median, the company
    part, is then that department's own move)."""
    return (n_depts < MIN_DEPTS_ROBUST) | (pl.col(largest) * 2 > pl.col(total))


def _like_with_like(roles: Sequence[str]) -> dict[str, pl.Expr]:
    """Stage 2a of :func:`_changes`: ``_da``, the adjusted change on the sources (rater roles
    with weight) present in both cycles, each side's weights renormalised over them;
    ``sources``, the rest of the adjusted change, which comes from a source present in one
    cycle only; ``sources_changed``, whether the sources differ. ``sources`` is added to the
    rater part (who rated the person changed) and the other parts read ``_da``. Why (rev23b
    item 2): a manager-only cycle beside a cycle with peers moved the score by the peers'
    difference from the manager (4.9 -> 4.525 while the manager's own rating rose 0.1), and
    the whole move was called the person's own ("individual -0.39"). Where no weighted source
    is in both cycles, the sides are compared as they are (``sources`` 0)."""
    full = pl.col("adjusted_to") - pl.col("adjusted_from")
    both = [(pl.col(f"_w_{r}_from") > 0) & (pl.col(f"_w_{r}_to") > 0) for r in roles]
    one = [(pl.col(f"_w_{r}_from") > 0) != (pl.col(f"_w_{r}_to") > 0) for r in roles]

    def shared(side: str) -> tuple[pl.Expr, pl.Expr]:
        w = pl.sum_horizontal(
            pl.when(b).then(pl.col(f"_w_{r}_{side}")).otherwise(0.0) for r, b in zip(roles, both)
        )
        a = pl.sum_horizontal(
            pl.when(b).then(pl.col(f"_a_{r}_{side}")).otherwise(0.0) for r, b in zip(roles, both)
        )
        return w, a

    if not roles:
        return {"_da": full, "sources": pl.lit(0.0), "sources_changed": pl.lit(False)}

    (w_from, a_from), (w_to, a_to) = shared("from"), shared("to")
    changed = pl.any_horizontal(one) & (w_from > 0) & (w_to > 0)
    like = pl.when(changed).then(a_to / w_to - a_from / w_from).otherwise(full)
    return {"_da": like, "sources": full - like, "sources_changed": changed}


def _with_part_se(pairs: pl.LazyFrame) -> pl.LazyFrame:
    """Stage 2c of :func:`_changes`: a standard error for each part (issue 18, rev19).

    - company: the weighted median of the departments (:func:`_company_part`),
      ``sqrt((pi/2) s_W^2 / n_P)`` with ``s_W^2`` the pooled within-department variance; with
      fewer than ``MIN_DEPTS_ROBUST`` departments the panel's mean, ``s_P / sqrt(n_P)``;
    - department: the reference group's mean (the department, or its stable teams) less the
      company part: ``s_R^2 / n_R + company_se^2`` (taken as independent); with the mean,
      which holds the group, ``s_R^2 / n_R + s_P^2 / n_P - 2 s_R^2 / n_P``;
    - rater: ``sqrt(sum_j w_j^2 se_j^2)`` over both sides (the raters' effect SEs); null
      when some rater with weight has no estimated effect (the part is then a convention);
    - new manager: the team's mean less the stable teams' mean, ``s_T^2/n_T + s_S^2/n_S``;
    - individual: the person's own adjusted change less the reference mean:
      ``change_se^2 + rater_se^2 + s_R^2 / n_R`` (null where ``change_se`` is: one rater on a
      side leaves no measure of how much the score would move with other raters).
    A mean over one person has no SE (null: cannot be estimated)."""
    grp = ["from_order", "dept"]
    changed = pl.col("manager_changed").fill_null(False)
    split = (pl.col("_n_unsep") > 0) & pl.col("_m_stable").is_not_null()
    ref = pl.when(split).then(~changed).otherwise(pl.lit(True))  # the reference group
    own = pl.when(split & pl.col("_unsep"))  # the person's reference is their new team
    robust = pl.col("_n_depts") >= MIN_DEPTS_ROBUST
    joint = pl.col("environment_joint") & robust  # the company part is 0 (_company_part)
    # the pooled within-department variance: the noise of a department mean without a shift
    ssw = (pl.col("_da") - pl.col("_dept_mean")).pow(2).sum().over("from_order")
    pairs = pairs.with_columns(
        _vp=pl.when(robust)
        .then(
            pl.when(pl.col("n_pair") > pl.col("_n_depts")).then(
                MEDIAN_VAR_FACTOR * ssw / (pl.col("n_pair") - pl.col("_n_depts"))
            )
        )
        .otherwise(pl.col("_da").var().over("from_order"))
        / pl.col("n_pair"),
        _sp2=pl.col("_da").var().over("from_order"),
        _sr2=pl.when(ref).then(pl.col("_da")).var().over(grp),
        _nr=ref.sum().over(grp).cast(pl.Float64),
        _st2=pl.when(pl.col("_unsep")).then(pl.col("_da")).var().over([*grp, "manager_to"]),
        _nt=pl.col("_unsep").sum().over([*grp, "manager_to"]).cast(pl.Float64),
        _rv=pl.col("effect_var_from").fill_null(0.0) + pl.col("effect_var_to").fill_null(0.0),
    )
    ref_var = pl.col("_sr2") / pl.col("_nr")
    team_var = pl.col("_st2") / pl.col("_nt")
    return pairs.with_columns(
        company_se=pl.when(joint).then(pl.lit(0.0)).otherwise(pl.col("_vp").sqrt()),
        # the reference mean less the company part: with the median, taken as independent
        # (conservative where the department holds the median); with the mean, which
        # contains the reference group, less twice their covariance; not separable: the
        # reference mean alone (the company part is 0)
        department_se=pl.when(joint)
        .then(ref_var)
        .when(robust)
        .then(ref_var + pl.col("_vp"))
        .otherwise(
            ref_var + pl.col("_sp2") / pl.col("n_pair") - 2 * pl.col("_sr2") / pl.col("n_pair")
        )
        .clip(lower_bound=0.0)
        .sqrt(),
        rater_se=pl.when(
            pl.col("effect_missing_from").fill_null(True)
            | pl.col("effect_missing_to").fill_null(True)
        )
        .then(pl.lit(None, pl.Float64))
        .otherwise(pl.col("_rv").sqrt()),
        new_manager_se=own.then((team_var + ref_var).sqrt()).otherwise(pl.lit(0.0)),
        individual_se=(
            pl.col("change_se").pow(2) + pl.col("_rv") + own.then(team_var).otherwise(ref_var)
        ).sqrt(),
    )


def _with_new_manager(pairs: pl.LazyFrame) -> pl.LazyFrame:
    """Stage 2b of :func:`_changes`: where some of a department's people got a new manager
    whose standard could not be estimated, the department part is the mean adjusted change of
    the department's people whose manager did not change (minus the company part), and each
    new-manager team's excess over it is ``new_manager``: the new manager's standard, which
    cannot be separated from a real change in that team. Why: the department part had taken
    the new managers' severity into the department's environment (a real shock plus three
    severe new managers read "department -0.39, change of rater +0"), and colleagues whose
    manager did not change were judged against it. Elsewhere ``new_manager`` is 0 and the
    department part is the whole department's, as before."""
    grp = ["from_order", "dept"]
    changed = pl.col("manager_changed").fill_null(False)
    unsep = changed & ~pl.col("manager_change_estimated").fill_null(False)
    pairs = pairs.with_columns(
        _unsep=unsep,
        _n_unsep=unsep.sum().over(grp),
        _m_stable=pl.when(~changed).then(pl.col("_da")).mean().over(grp),
        _m_team=pl.when(unsep).then(pl.col("_da")).mean().over([*grp, "manager_to"]),
    )
    split = (pl.col("_n_unsep") > 0) & pl.col("_m_stable").is_not_null()
    return pairs.with_columns(
        department=pl.when(split)
        .then(pl.col("_m_stable") - pl.col("company"))
        .otherwise(pl.col("department")),
        new_manager=pl.when(split & pl.col("_unsep"))
        .then(pl.col("_m_team") - pl.col("_m_stable"))
        .otherwise(pl.lit(0.0)),
    )
    return pairs


#: the normal 97.5% quantile: the change's interval uses the parts' variance model and quantile
Z975 = 1.959963984540054
#: a change on the 0-1 score lies in [-1, 1]: no interval of a change reaches beyond it
CHANGE_BOUNDS = (-1.0, 1.0)


def _change_ci(changes: pl.LazyFrame) -> pl.DataFrame:
    """Stage 3 of :func:`_changes`: the 95% interval of each change, ``change +/- 1.96 SE``
    with the SE of the parts (:func:`_with_part_se`), clipped to the feasible [-1, 1]; null
    where ``change_se`` is (one rater on a side: cannot be estimated). A change with no
    sampling error gets the point as its interval.

    Why (rev18b R1): the interval had been a t on a Welch-Satterthwaite df that took the
    role-weighted effective number of raters ``1/sum w^2`` (about 2.3 for manager 0.6 and two
    peers) as the df of the spread: df 1-3 and t up to 12, so [-5.0, +5.6] on a 0-1 score while
    the same person's individual part read [+0.04, +0.59]. The page's parts and the export's
    row rule now read one variance model.

    Collected on Polars' in-memory engine: the decomposition is a chain of window means and
    variances, which the streaming engine (Polars 2's default) ran at three times the CPU
    (0.27 against 0.09 s at 8M ratings; its group-bys, e.g. :func:`_employee_aggregates`,
    are the other way round, so they stay on it)."""
    lo, hi = CHANGE_BOUNDS
    half = Z975 * pl.col("change_se")
    return changes.with_columns(
        change_ci95_low=(pl.col("change") - half).clip(lo, hi),
        change_ci95_high=(pl.col("change") + half).clip(lo, hi),
    ).collect(engine="in-memory")


def _with_kpi_change(
    out: pl.DataFrame, kpi_results: pl.DataFrame | KpiCells | None
) -> pl.DataFrame:
    """Stage 4 of :func:`_changes`: each side's weighted KPI attainment and its change (null
    where the person has no KPI result in that cycle). Looked up by integer codes in the
    (employee x cycle) table of the cells: joining the attainments by text ids moved every
    column of the changes twice (0.14 CPU s at 8M ratings, 0.03 s this way)."""
    if kpi_results is None:
        return out
    cells = _cells(kpi_results)
    table = _attainment_table(cells)
    e = _positions(out["employee_id"], cells.employees)
    side = {}
    for name, col in (("kpi_from", "from_cycle"), ("kpi_to", "to_cycle")):
        c = _positions(out[col], cells.cycles)
        ok = (e >= 0) & (c >= 0)
        val = np.full(out.height, np.nan)
        val[ok] = table[e[ok], c[ok]]
        side[name] = pl.Series(name, val).fill_nan(None)
    return out.with_columns(**side).with_columns(kpi_change=pl.col("kpi_to") - pl.col("kpi_from"))


def _attainment_table(cells: KpiCells) -> np.ndarray:
    """(employee x cycle) of the cells: the weighted attainment summed over the employee's
    KPIs (as :func:`_attainment_per_employee`), NaN where the employee has none that cycle."""
    n_c = len(cells.cycles)
    r, c = np.nonzero(np.isfinite(cells.W))
    key = cells.ek_e[r] * n_c + c
    size = max(len(cells.employees), 1) * n_c
    total = np.bincount(key, weights=cells.A[r, c] * cells.W[r, c], minlength=size)
    total = total.astype(np.float64, copy=False)
    total[np.bincount(key, minlength=size) == 0] = np.nan
    return total.reshape(max(len(cells.employees), 1), n_c)


def _positions(values: pl.Series, levels: pl.Series) -> np.ndarray:
    """Each value's position in ``levels`` (distinct), -1 where it is not there or null."""
    lut = pl.DataFrame(
        {"_v": levels.cast(pl.String), "_i": np.arange(levels.len(), dtype=np.int64)}
    )
    found = pl.DataFrame({"_v": values.cast(pl.String)}).join(
        lut, on="_v", how="left", maintain_order="left"
    )
    return found["_i"].fill_null(-1).to_numpy()


def _changes(emp: pl.DataFrame, kpi_results: pl.DataFrame | KpiCells | None) -> pl.DataFrame:
    """score_changes from the (cycle, employee) frame of :func:`_employee_cycle`, in stages:
    consecutive-cycle pairs, the decomposition, the interval, the KPI change."""
    out = _change_ci(_decompose(_cycle_pairs(emp)))
    out = out.select(
        "employee_id",
        "dept",
        "department_path",
        "from_cycle",
        "to_cycle",
        "from_order",
        "to_order",
        "score_from",
        "score_to",
        "adjusted_from",
        "adjusted_to",
        "change",
        "change_se",
        "change_ci95_low",
        "change_ci95_high",
        "company",
        "department",
        "rater",
        "sources",
        "sources_changed",
        "new_manager",
        "individual",
        *PART_SE,
        # null where some rater of the side could not be estimated: their 0 is a convention,
        # not an estimate (rev29b item 3d: MF1, who alone rates Finance, read 0.0)
        *(
            pl.when(pl.col(f"effect_missing_{side}").fill_null(True))
            .then(pl.lit(None, pl.Float64))
            .otherwise(pl.col(f"effect_{side}"))
            .alias(f"rater_effect_{side}")
            for side in ("from", "to")
        ),
        "manager_from",
        "manager_to",
        "manager_changed",
        "manager_change_estimated",
        "n_ratings_from",
        "n_ratings_to",
        "n_raters_from",
        "n_raters_to",
        "n_anonymous_from",
        "n_anonymous_to",
        "n_pair",
        "n_dept",
        "environment_joint",
    )
    # Categorical ids (db.ratings_frame) go out as String, sorted as text
    out = sorted_by(as_string(out), ["from_order", "dept", "employee_id"])
    return _with_kpi_change(out, kpi_results)


def _as_changes(changes_or_ratings: pl.DataFrame, **kw) -> pl.DataFrame:
    if {"individual", "department", "change"} <= set(changes_or_ratings.columns):
        return changes_or_ratings
    if "score" in changes_or_ratings.columns:
        return score_changes(changes_or_ratings, **kw)
    raise ValueError("expected the output of score_changes() or a ratings frame")


def largest_movers(changes: pl.DataFrame, n: int) -> tuple[list[str], frozenset[str]]:
    """The ``n`` people whose largest change (in absolute value, over their cycle pairs) is
    largest, ties by id, and everyone with a change: the Attribution page's waterfall lists
    the first and finds anyone of the second typed by id (a list of every person would be
    200,000 entries at enterprise scale)."""
    ranked = (
        changes.group_by("employee_id")
        .agg(pl.col("change").abs().max().alias("_m"))
        .sort(["_m", "employee_id"], descending=[True, False], nulls_last=True)
    )["employee_id"]
    return ranked.head(n).to_list(), frozenset(ranked.to_list())


def person_parts(changes: pl.DataFrame) -> pl.DataFrame:
    """One person's parts as a page or an export shows them: where their new manager's
    standard could not be estimated (``manager_changed`` and not ``manager_change_estimated``),
    ``rater`` and ``individual`` are null (the rater part cannot be estimated, and what is left
    cannot be told from it), ``individual_new_manager`` is their sum with ``new_manager`` (the
    merged "individual + new manager" part) and ``parts_note`` says so (a phrase,
    ``parts_not_separable``). Why: the person page showed "rater +0.00, individual -0.66" for
    such a person, as if both had been measured. Other rows keep their parts; a frame without
    the manager columns is returned as it is."""
    need = {"manager_changed", "manager_change_estimated", "rater", "individual"}
    if not need <= set(changes.columns):
        return _with_part_ci(changes)
    unsep = pl.col("manager_changed").fill_null(False) & ~pl.col(
        "manager_change_estimated"
    ).fill_null(False)
    extra = pl.col("new_manager").fill_null(0.0) if "new_manager" in changes.columns else 0.0
    old = pl.col("manager_from") if "manager_from" in changes.columns else pl.lit(None, pl.String)
    new = pl.col("manager_to") if "manager_to" in changes.columns else pl.lit(None, pl.String)
    out = changes.with_columns(
        individual_new_manager=pl.when(unsep).then(pl.col("individual") + extra),
        parts_note=pl.when(unsep).then(
            phrase("parts_not_separable", old=old.cast(pl.String), new=new.cast(pl.String))
        ),
    ).with_columns(
        rater=pl.when(unsep).then(pl.lit(None, pl.Float64)).otherwise(pl.col("rater")),
        individual=pl.when(unsep).then(pl.lit(None, pl.Float64)).otherwise(pl.col("individual")),
    )
    if {"individual_se", "new_manager_se"} <= set(out.columns):
        out = out.with_columns(
            individual_new_manager_se=pl.when(unsep).then(
                (pl.col("individual_se").pow(2) + pl.col("new_manager_se").pow(2)).sqrt()
            )
        )
    return _with_part_ci(out)


_PARTS = ("company", "department", "rater", "new_manager", "individual", "individual_new_manager")


def _with_part_ci(changes: pl.DataFrame) -> pl.DataFrame:
    """Each part's 95% interval, ``part ± 1.96 SE`` (``<part>_ci95_low`` / ``_high``), from
    the ``<part>_se`` columns of :func:`score_changes`; null where the part or its SE is (the
    page and the report then say "cannot be estimated"). A frame without the SEs (results
    stored before) is returned as it is. Why: the person page and the report showed a
    person's parts with no interval, so a -0.02 environment read as measured as well as a
    -0.20 individual part."""
    cols = set(changes.columns)
    z = 1.959963984540054
    out = []
    for part in _PARTS:
        se = f"{part}_se"
        if part in cols and se in cols:
            ok = pl.col(part).is_not_null() & pl.col(se).is_not_null() & pl.col(se).is_not_nan()
            out += [
                pl.when(ok).then(pl.col(part) - z * pl.col(se)).alias(f"{part}_ci95_low"),
                pl.when(ok).then(pl.col(part) + z * pl.col(se)).alias(f"{part}_ci95_high"),
            ]
    return changes.with_columns(out) if out else changes


# --------------------------------------------------------------------------------------------
# variance_decomposition
# --------------------------------------------------------------------------------------------


def variance_decomposition(
    changes: pl.DataFrame, by: str | Sequence[str] = "department"
) -> pl.DataFrame:
    """How much of the score changes comes from the environment, the raters, the person.

    Parameters
    ----------
    changes
        Output of :func:`score_changes`.
    by
        ``"department"`` (the ``dept`` column) or any column(s) of ``changes``, e.g.
        ``["dept", "to_cycle"]``. A company-wide row (``scope == "company"``) is appended.

    Returns
    -------
    pl.DataFrame
        by-columns, scope, n (employee-pairs), n_employees, mean_change, ss_total,
        ss_environment, ss_rater, ss_individual, ss_cross, share_environment, share_rater,
        share_individual, and for each share ``<share>_ci95_low`` / ``<share>_ci95_high`` (null when
    fewer than 2 employees or no change: cannot be estimated); n_rater_estimated (changes
    whose rater part was estimated), share_rater_status (:data:`RATER_SHARE_STATUSES`) and
    share_rater_reason (a reason code, null when estimated). ``not_estimable``: ss_rater,
    share_rater and its interval are null, not 0.

    Notes
    -----
    Sums of squares are taken about zero (not about the mean) because a shift of the whole
    department *is* the environment's contribution. With change = E + R + I
    (E = company + department), sum(change^2) = sum(c * change) over the three parts, so
    share_k = sum(c_k * change) / sum(change^2) adds up to 1 exactly (covariance or
    "projection" allocation; a share is negative when that part offsets the others).
    ss_k = sum(c_k^2) is reported too; ss_cross = ss_total - sum ss_k holds the cross terms
    (sum E*I = 0 within a department-pair by construction, so it is 2*sum(R*(E+I))).

    *Intervals.* A share is a ratio of sums, A_k / T with A_k = sum(c_k * change) and
    T = sum(change^2), and the environment part is itself a mean (of the rater-adjusted change
    d = change - rater, per cycle pair and department cell o). Its linearisation (delta
    method, influence of each row) is a_env,i = E_i change_i + mean_o(change) (d_i - mean_o(d)),
    a_rater,i = rater_i change_i, a_ind,i = change_i^2 - a_env,i - a_rater,i; summed per
    employee (a cluster: one person's changes over several cycle pairs are not independent),
    z_e = A_e - share * T_e, and se = sqrt(n_e/(n_e - 1) * sum_e (z_e - mean z)^2) / T with
    n_e employees; the 95% interval is share +/- t(n_e - 1) se. The cell means are taken over
    the rows at hand (exact for a department or the company; for a narrower scope the
    department part was fitted on more people than the rows here, and the interval is
    conservative). Coverage on simulated departments: see ``docs/methods.md``.

    References
    ----------
    Shorrocks, A. F. (1982). Inequality decomposition by factor components.
    Econometrica 50(1), 193-211 (the "natural" decomposition share = cov(c_k, y) / var(y)).
    """
    by_cols = [
        "dept" if b == "department" else b for b in ([by] if isinstance(by, str) else list(by))
    ]
    env = pl.col("company") + pl.col("department")
    aggs = [
        pl.len().alias("n"),
        pl.col("employee_id").n_unique().alias("n_employees"),
        pl.col("change").mean().alias("mean_change"),
        pl.col("change").pow(2).sum().alias("ss_total"),
        env.pow(2).sum().alias("ss_environment"),
        pl.col("rater").pow(2).sum().alias("ss_rater"),
        pl.col("individual").pow(2).sum().alias("ss_individual"),
        (env * pl.col("change")).sum().alias("_p_env"),
        (pl.col("rater") * pl.col("change")).sum().alias("_p_rater"),
        (pl.col("individual") * pl.col("change")).sum().alias("_p_ind"),
        # rows whose rater part was estimated (score_changes: rater_se null = a convention 0)
        (
            pl.col("rater_se").is_not_null().sum() if "rater_se" in changes.columns else pl.len()
        ).alias("n_rater_estimated"),
    ]
    lf = changes.lazy().drop_nulls(["change", "company", "department", "rater", "individual"])
    per = lf.group_by(by_cols).agg(aggs).with_columns(scope=pl.lit("department"))
    comp = (
        lf.select(aggs)
        .with_columns([pl.lit(COMPANY_UNIT if c == "dept" else None).alias(c) for c in by_cols])
        .with_columns(scope=pl.lit("company"))
    )
    per = per.collect().join(
        _share_se(lf, by_cols).collect(), on=by_cols, how="left", nulls_equal=True
    )
    comp = comp.collect().with_columns(_share_se(lf, []).collect())
    comp = comp.cast({c: per.schema[c] for c in by_cols})
    out = pl.concat([per.sort(by_cols), comp.select(per.columns)], how="vertical")
    tot = pl.col("ss_total")
    out = out.with_columns(
        ss_cross=tot - pl.col("ss_environment") - pl.col("ss_rater") - pl.col("ss_individual"),
        share_environment=pl.when(tot > 0).then(pl.col("_p_env") / tot),
        share_rater=pl.when(tot > 0).then(pl.col("_p_rater") / tot),
        share_individual=pl.when(tot > 0).then(pl.col("_p_ind") / tot),
    )
    out = _share_intervals(out)
    return out.select(
        *by_cols,
        "scope",
        "n",
        "n_employees",
        "mean_change",
        "ss_total",
        "ss_environment",
        "ss_rater",
        "ss_individual",
        "ss_cross",
        "share_environment",
        "share_environment_ci95_low",
        "share_environment_ci95_high",
        "share_rater",
        "share_rater_ci95_low",
        "share_rater_ci95_high",
        "share_individual",
        "share_individual_ci95_low",
        "share_individual_ci95_high",
        "n_rater_estimated",
        "share_rater_status",
        "share_rater_reason",
    )


_SHARES = ("environment", "rater", "individual")
#: whether a unit's rater share is identified (:func:`variance_decomposition`)
RATER_SHARE_STATUSES = ("estimated", "partly_estimated", "not_estimable")


def _share_intervals(out: pl.DataFrame) -> pl.DataFrame:
    """Stage 2 of :func:`variance_decomposition`: each share's 95% interval from the
    per-employee sums (a ratio estimator's SE, t on employees - 1 df), the rater share's
    status, and null where no rater part was estimated."""
    tq = t_quantile((out["_ne"] - 1).cast(pl.Float64).to_numpy())
    out = out.with_columns(_tq=pl.Series(tq).fill_nan(None), **_rater_share_status())
    for k in _SHARES:
        # z_e = A_e - share * T_e; sum_e (z_e - mean z)^2 from the per-employee sums
        sh, n = pl.col(f"share_{k}"), pl.col("_ne")
        ssz = (
            pl.col(f"_AA_{k}")
            - 2 * sh * pl.col(f"_AT_{k}")
            + sh.pow(2) * pl.col("_TT")
            - (pl.col(f"_A_{k}") - sh * pl.col("_T")).pow(2) / n
        ).clip(lower_bound=0.0)
        se = (n / (n - 1) * ssz).sqrt() / pl.col("_T")
        ok = (n > 1) & (pl.col("_T") > 0)
        out = out.with_columns(
            pl.when(ok).then(sh - pl.col("_tq") * se).alias(f"share_{k}_ci95_low"),
            pl.when(ok).then(sh + pl.col("_tq") * se).alias(f"share_{k}_ci95_high"),
        )
    # no rater part estimated: the rater share is not identified (null, never "0% [0%, 0%]")
    none = pl.col("share_rater_status") == "not_estimable"
    out = out.with_columns(
        pl.when(~none).then(pl.col(c)).alias(c)
        for c in ("ss_rater", "share_rater", "share_rater_ci95_low", "share_rater_ci95_high")
    )
    return out


def _rater_share_status() -> dict[str, pl.Expr]:
    """The rater share's status and reason code: ``not_estimable`` when no change in the unit
    has an estimated rater part (every rater with weight is unidentified, e.g. only the manager
    rates: the part is a convention 0 and the raters' standards sit in the individual and new
    manager parts); ``partly_estimated`` when some have; else ``estimated`` (rev18b R2)."""
    est, n = pl.col("n_rater_estimated"), pl.col("n")
    status = (
        pl.when(est == 0)
        .then(pl.lit("not_estimable"))
        .when(est < n)
        .then(pl.lit("partly_estimated"))
        .otherwise(pl.lit("estimated"))
    )
    reason = (
        pl.when(est == 0)
        .then(pl.lit("rater_share_not_identified"))
        .when(est < n)
        .then(pl.lit("rater_share_partly_identified"))
    )
    return {"share_rater_status": status, "share_rater_reason": reason}


def _share_se(lf: pl.LazyFrame, by_cols: list[str]) -> pl.LazyFrame:
    """Per group of ``by_cols`` (none: the whole frame), the per-employee sums a share's
    linearised standard error needs (see :func:`variance_decomposition`): the number of
    employees ``_ne``, and for each part k the sums over employees of A_e, A_e^2, A_e T_e,
    with T, T^2 (A_e, T_e: the employee's influence sums of the part and of change^2)."""
    cell = list(dict.fromkeys([*by_cols, "from_order", "dept"]))
    d = pl.col("change") - pl.col("rater")
    env = pl.col("company") + pl.col("department")
    rows = lf.with_columns(
        _a_environment=env * pl.col("change")
        + pl.col("change").mean().over(cell) * (d - d.mean().over(cell)),
        _a_rater=pl.col("rater") * pl.col("change"),
        _t=pl.col("change").pow(2),
    ).with_columns(_a_individual=pl.col("_t") - pl.col("_a_environment") - pl.col("_a_rater"))
    emp = rows.group_by([*by_cols, "employee_id"]).agg(
        pl.col("_t").sum().alias("_te"),
        *(pl.col(f"_a_{k}").sum().alias(f"_ae_{k}") for k in _SHARES),
    )
    aggs = [
        pl.len().alias("_ne"),
        pl.col("_te").sum().alias("_T"),
        pl.col("_te").pow(2).sum().alias("_TT"),
    ]
    for k in _SHARES:
        a = pl.col(f"_ae_{k}")
        aggs += [
            a.sum().alias(f"_A_{k}"),
            a.pow(2).sum().alias(f"_AA_{k}"),
            (a * pl.col("_te")).sum().alias(f"_AT_{k}"),
        ]
    return emp.group_by(by_cols).agg(aggs) if by_cols else emp.select(aggs)


# --------------------------------------------------------------------------------------------
# department_shifts
# --------------------------------------------------------------------------------------------


def _shift_welch(ch: pl.DataFrame) -> pl.DataFrame:
    """Stage 1 of :func:`department_shifts`: per cycle pair and department, the mean of the
    centred adjusted change against the rest of the company, its Welch t and df, and the
    department component with its standard error, from sums (no second pass over rows)."""
    x = (pl.col("change") - pl.col("rater")) - pl.col("company")  # centred: mean_P(x) = 0
    cols = set(ch.columns)
    mc = pl.col("manager_changed").fill_null(False) if "manager_changed" in cols else pl.lit(False)
    est = (
        pl.col("manager_change_estimated").fill_null(False)
        if "manager_change_estimated" in cols
        else pl.lit(False)
    )
    base = ch.lazy().drop_nulls(["change", "rater", "company"]).with_columns(_x=x, _mc=mc, _est=est)
    tot = base.group_by(_PAIR).agg(
        _N=pl.len(),
        _S1=pl.col("_x").sum(),
        _S2=pl.col("_x").pow(2).sum(),
        company=pl.col("company").first(),
        _joint=pl.col("environment_joint").first()
        if "environment_joint" in cols
        else pl.lit(None, pl.Boolean),
        # the spread of the people's scores in the later cycle (the materiality's unit)
        sd_scores=pl.col("score_to").std() if "score_to" in cols else pl.lit(None, pl.Float64),
    )
    stable = ~pl.col("_mc")
    dep = base.group_by([*_PAIR, "dept"]).agg(
        n=pl.len(),
        _s1=pl.col("_x").sum(),
        _s2=pl.col("_x").pow(2).sum(),
        _order=pl.col("from_order").first(),
        n_manager_changed=pl.col("_mc").sum().cast(pl.UInt32),
        _n_est=(pl.col("_mc") & pl.col("_est")).sum(),
        _t1=pl.col("_x").filter(stable).sum(),
        _t2=pl.col("_x").filter(stable).pow(2).sum(),
    )
    d = (
        dep.join(tot, on=_PAIR)
        .with_columns(n_rest=pl.col("_N") - pl.col("n"))
        .with_columns(
            _md=pl.col("_s1") / pl.col("n"),
            _mr=pl.when(pl.col("n_rest") > 0).then(
                (pl.col("_S1") - pl.col("_s1")) / pl.col("n_rest")
            ),
        )
        .with_columns(
            _vd=pl.when(pl.col("n") > 1).then(
                ((pl.col("_s2") - pl.col("n") * pl.col("_md").pow(2)) / (pl.col("n") - 1)).clip(
                    lower_bound=0.0
                )
            ),
            _vr=pl.when(pl.col("n_rest") > 1).then(
                (
                    (pl.col("_S2") - pl.col("_s2") - pl.col("n_rest") * pl.col("_mr").pow(2))
                    / (pl.col("n_rest") - 1)
                ).clip(lower_bound=0.0)
            ),
        )
        .with_columns(
            _a=pl.col("_vd") / pl.col("n"),
            _b=pl.col("_vr") / pl.col("n_rest"),
        )
        .with_columns(
            diff_vs_rest=pl.col("_md") - pl.col("_mr"),
            _se_diff=(pl.col("_a") + pl.col("_b")).sqrt(),
            df=(pl.col("_a") + pl.col("_b")).pow(2)
            / (
                pl.col("_a").pow(2) / (pl.col("n") - 1)
                + pl.col("_b").pow(2) / (pl.col("n_rest") - 1)
            ),
            department=pl.col("_md"),  # = m_D - company because x is centred on the company change
            mean_adjusted_change=pl.col("_md") + pl.col("company"),
            _scale=pl.col("n_rest") / pl.col("_N"),
            # the company part is the mean of the pair's N adjusted changes: its t interval
            company_se=pl.when(pl.col("_N") > 1).then(
                (
                    (pl.col("_S2") - pl.col("_S1").pow(2) / pl.col("_N")).clip(lower_bound=0.0)
                    / (pl.col("_N") - 1)
                    / pl.col("_N")
                ).sqrt()
            ),
        )
        .with_columns(
            t=pl.when(pl.col("_se_diff") > 0).then(pl.col("diff_vs_rest") / pl.col("_se_diff")),
            se=pl.col("_se_diff") * pl.col("_scale"),
        )
        .collect()
    )
    return _shift_broad(_shift_robust(d))


def _shift_robust(d: pl.DataFrame) -> pl.DataFrame:
    """Stage 1a of :func:`department_shifts`: where the company part is the weighted median of
    the departments (``MIN_DEPTS_ROBUST`` or more of them in the pair, see
    :func:`_company_part`), the department part ``m_D - company`` is tested against it rather
    than against the rest of the company: ``t = (m_D - c) / sqrt(s_D^2/n_D + v_c)`` with
    ``v_c = (pi/2) s_W^2 / N`` the median's variance (``s_W^2`` the pooled within-department
    variance), on the Welch-Satterthwaite df of the two terms (``n_D - 1`` and ``N - K``).
    Why: a flat department beside a large falling one differs from the rest of the company,
    which holds the fall, so the Welch test against the rest flagged every flat department
    (rev24a: +1.1 to +1.6 "Holm significant"). With fewer departments the test against the
    rest and the company mean are kept (``_robust`` False)."""
    k = pl.len().over(_PAIR)
    ssw = (pl.col("_s2") - pl.col("_s1").pow(2) / pl.col("n")).clip(lower_bound=0.0)
    d = d.with_columns(_nmax=pl.col("n").max().over(_PAIR)).with_columns(
        # the department against the rest, Welch (the joint pairs' comparison, kept)
        _wdf=pl.col("df"),
        _joint=pl.col("_joint").fill_null(joint_environment(k, "_nmax", "_N")),
        _robust=k >= MIN_DEPTS_ROBUST,
        _K=k.cast(pl.Float64),
        _vcm=pl.when(pl.col("_N") > k).then(
            MEDIAN_VAR_FACTOR * ssw.sum().over(_PAIR) / (pl.col("_N") - k) / pl.col("_N")
        ),
    )
    tot = pl.col("_a") + pl.col("_vcm")
    return _shift_joint(
        d.with_columns(
            company_se=pl.when(pl.col("_robust"))
            .then(pl.col("_vcm").sqrt())
            .otherwise(pl.col("company_se")),
            se=pl.when(pl.col("_robust")).then(tot.sqrt()).otherwise(pl.col("se")),
            t=pl.when(pl.col("_robust"))
            .then(pl.when(tot > 0).then(pl.col("_md") / tot.sqrt()))
            .otherwise(pl.col("t")),
            df=pl.when(pl.col("_robust"))
            .then(
                tot.pow(2)
                / (
                    pl.col("_a").pow(2) / (pl.col("n") - 1)
                    + pl.col("_vcm").pow(2) / (pl.col("_N") - pl.col("_K"))
                )
            )
            .otherwise(pl.col("df")),
        )
    )


def _shift_joint(d: pl.DataFrame) -> pl.DataFrame:
    """Stage 1a' of :func:`department_shifts`: where company and department cannot be
    separated (``_joint``, :func:`joint_environment`), the department part is the
    department's own mean change (the company part is 0), its interval the one-sample t on
    ``n - 1`` df and its one-sample t (the p-value of that interval; no test against the
    company, rev30a item 1). The department against the rest of the company
    (``diff_vs_rest``) keeps its Welch interval (``diff_vs_rest_ci95_*``) and gets its Welch
    p-value in :func:`_shift_tests` (``diff_p_value``, ``diff_p_holm``)."""
    j = pl.col("_joint") & pl.col("_robust")  # fewer departments: the panel's mean, as before
    own_t = pl.when(pl.col("_a") > 0).then(pl.col("_md") / pl.col("_a").sqrt())
    return d.with_columns(
        company_se=pl.when(j).then(None).otherwise(pl.col("company_se")),
        se=pl.when(j).then(pl.col("_a").sqrt()).otherwise(pl.col("se")),
        df=pl.when(j).then((pl.col("n") - 1).cast(pl.Float64)).otherwise(pl.col("df")),
        # the test of the interval shown: the department's own change against 0 (fixattr31:
        # the CSV paired this interval with an empty p, rev31a item 2)
        t=pl.when(j).then(own_t).otherwise(pl.col("t")),
    )


def _shift_broad(d: pl.DataFrame) -> pl.DataFrame:
    """Stage 1b of :func:`department_shifts`: the same Welch test on the department's people
    whose manager did not change (the teams without a manager change) against the rest of the
    company, and the split of the department component into that broad part and the part the
    teams with a new manager add (``rater_change_shift``), which sum to it exactly."""
    n_st = pl.col("n") - pl.col("n_manager_changed")
    return (
        d.lazy()
        .with_columns(_nst=n_st.cast(pl.Int64))
        .with_columns(
            _mst=pl.when(pl.col("_nst") > 0).then(pl.col("_t1") / pl.col("_nst")),
        )
        .with_columns(
            _vst=pl.when(pl.col("_nst") > 1).then(
                (
                    (pl.col("_t2") - pl.col("_nst") * pl.col("_mst").pow(2)) / (pl.col("_nst") - 1)
                ).clip(lower_bound=0.0)
            ),
        )
        .with_columns(
            _c=pl.col("_vst") / pl.col("_nst"),
            _nc=(pl.col("n") - pl.col("_nst")).cast(pl.Float64),
            # the variance of x in the teams with a new manager, from the same sums
            _vc=pl.when(pl.col("n") - pl.col("_nst") > 1).then(
                (
                    (
                        pl.col("_s2")
                        - pl.col("_t2")
                        - (pl.col("_s1") - pl.col("_t1")).pow(2) / (pl.col("n") - pl.col("_nst"))
                    )
                    / (pl.col("n") - pl.col("_nst") - 1)
                ).clip(lower_bound=0.0)
            ),
        )
        .with_columns(
            _bdiff=pl.col("_mst") - pl.col("_mr"),
            _bse=(pl.col("_c") + pl.col("_b")).sqrt(),
            _bdf=(pl.col("_c") + pl.col("_b")).pow(2)
            / (
                pl.col("_c").pow(2) / (pl.col("_nst") - 1)
                + pl.col("_b").pow(2) / (pl.col("n_rest") - 1)
            ),
        )
        .with_columns(
            # the stable teams' mean against the company mean (x is centred on it), the
            # department part score_changes gives them: m_S - company, with company =
            # (n_S m_S + n_C m_C + n_R m_R) / N, so its variance has three independent terms
            broad_shift=pl.col("_mst"),
            _e1=((pl.col("_N") - pl.col("_nst")) / pl.col("_N")).pow(2) * pl.col("_c"),
            _e2=(pl.col("n_rest") / pl.col("_N")).pow(2) * pl.col("_b"),
            _e3=(pl.col("_nc") / pl.col("_N")).pow(2)
            * pl.col("_vc").fill_null(0.0)
            / pl.col("_nc"),
            broad_t=pl.when(pl.col("_bse") > 0).then(pl.col("_bdiff") / pl.col("_bse")),
        )
        .with_columns(
            broad_se=(pl.col("_e1") + pl.col("_e2") + pl.col("_e3").fill_nan(0.0)).sqrt(),
            broad_df=(pl.col("_e1") + pl.col("_e2") + pl.col("_e3").fill_nan(0.0)).pow(2)
            / (
                pl.col("_e1").pow(2) / (pl.col("_nst") - 1)
                + pl.col("_e2").pow(2) / (pl.col("n_rest") - 1)
                + pl.when(pl.col("_nc") > 1)
                .then(pl.col("_e3").pow(2) / (pl.col("_nc") - 1))
                .otherwise(0.0)
            ),
            # against the weighted median (_shift_robust): the stable teams' mean less it
            _rb=pl.col("_c") + pl.col("_vcm"),
        )
        .pipe(_broad_against_median)
        .with_columns(
            # department = broad_shift + rater_change_shift = (n_R/N)(m_D - m_R), exactly
            rater_change_shift=pl.when(pl.col("n_manager_changed") == 0)
            .then(pl.lit(0.0))
            .otherwise(pl.col("department") - pl.col("broad_shift")),
            n_manager_changed_estimated=pl.col("_n_est").cast(pl.UInt32),
        )
        .with_columns(
            # none where the department has no part of its own: the department that is the
            # weighted median's is 0 up to rounding (1e-18), whose sign and whose being exactly
            # 0 followed the order the sums ran in (two threads against one). Between 0 and 1,
            # as the words say it ("占变动的 100%"): where the teams that kept their manager
            # moved the other way the ratio passes 1 (the CSV said 1.667, rev29a item 11)
            rater_change_share=pl.when(pl.col("department").abs() > 1e-12).then(
                (pl.col("rater_change_shift") / pl.col("department")).clip(0.0, 1.0)
            ),
        )
        .collect()
    )


def _broad_against_median(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Stage 1c of :func:`department_shifts`: where the company part is the departments'
    weighted median (``_robust``, :func:`_shift_robust`), the stable teams' test and interval
    against it rather than against the rest of the company."""
    robust = pl.col("_robust")
    # not separable (the company part is 0): the stable teams' own change against 0 (fixattr31)
    joint = robust & pl.col("_joint").fill_null(False)
    rb = pl.when(joint).then(pl.col("_c")).otherwise(pl.col("_rb"))
    df = (
        pl.when(joint)
        .then((pl.col("_nst") - 1).cast(pl.Float64))
        .otherwise(
            pl.col("_rb").pow(2)
            / (
                pl.col("_c").pow(2) / (pl.col("_nst") - 1)
                + pl.col("_vcm").pow(2) / (pl.col("_N") - pl.col("_K"))
            )
        )
    )
    return lf.with_columns(
        broad_se=pl.when(robust).then(rb.sqrt()).otherwise(pl.col("broad_se")),
        broad_df=pl.when(robust).then(df).otherwise(pl.col("broad_df")),
        broad_t=pl.when(robust)
        .then(pl.when(rb > 0).then(pl.col("_mst") / rb.sqrt()))
        .otherwise(pl.col("broad_t")),
        _bdf=pl.when(robust).then(df).otherwise(pl.col("_bdf")),
    )


def _shift_tests(d: pl.DataFrame, alpha: float) -> pl.DataFrame:
    """Stage 2 of :func:`department_shifts`: two-sided p-values, 95% intervals on the Welch df,
    Holm within each cycle pair, the flag at ``alpha``."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    def two_sided(t: str, df: str) -> np.ndarray:
        tv = d[t].fill_null(np.nan).to_numpy()
        dfv = d[df].fill_null(np.nan).fill_nan(np.nan).to_numpy()
        ok = np.isfinite(tv) & np.isfinite(dfv) & (dfv > 0)
        p = np.full(len(d), np.nan)
        p[ok] = 2.0 * stats.t.sf(np.abs(tv[ok]), dfv[ok])
        return p

    p, pb = two_sided("t", "df"), two_sided("broad_t", "_bdf")
    # each department against the rest of the company, Welch: the p-value of the interval
    # diff_vs_rest_ci95_* (where one department holds over half, the test of "its own
    # change", Holm across the pair's departments, fixattr31)
    d = d.with_columns(
        _tw=pl.when(pl.col("_se_diff") > 0).then(pl.col("diff_vs_rest") / pl.col("_se_diff"))
    )
    pw = two_sided("_tw", "_wdf")
    tqr = t_quantile((d["n_rest"] - 1).cast(pl.Float64).to_numpy())
    tq = t_quantile(d["df"].fill_null(np.nan).fill_nan(np.nan).to_numpy())
    tqw = t_quantile(d["_wdf"].fill_null(np.nan).fill_nan(np.nan).to_numpy())
    tqb = t_quantile(d["broad_df"].fill_null(np.nan).fill_nan(np.nan).to_numpy())
    tqc = t_quantile((d["_N"] - 1).cast(pl.Float64).to_numpy())
    d = d.with_columns(
        _tqc=pl.Series(tqc).fill_nan(None),
        p_value=pl.Series(p).fill_nan(None),
        broad_p_value=pl.Series(pb).fill_nan(None),
        _tq=pl.Series(tq).fill_nan(None),
        _tqb=pl.Series(tqb).fill_nan(None),
        diff_p_value=pl.Series(pw).fill_nan(None),
        # the other departments' own mean change (x is centred on the company part)
        rest_change=pl.col("_mr") + pl.col("company"),
        _tqr=pl.Series(tqr).fill_nan(None),
    )
    d = d.with_columns(
        ci95_low=pl.col("department") - pl.col("_tq") * pl.col("se"),
        ci95_high=pl.col("department") + pl.col("_tq") * pl.col("se"),
        broad_ci95_low=pl.col("broad_shift") - pl.col("_tqb") * pl.col("broad_se"),
        broad_ci95_high=pl.col("broad_shift") + pl.col("_tqb") * pl.col("broad_se"),
        company_ci95_low=pl.col("company") - pl.col("_tqc") * pl.col("company_se"),
        company_ci95_high=pl.col("company") + pl.col("_tqc") * pl.col("company_se"),
        diff_vs_rest_ci95_low=pl.col("diff_vs_rest")
        - pl.Series(tqw).fill_nan(None) * pl.col("_se_diff"),
        diff_vs_rest_ci95_high=pl.col("diff_vs_rest")
        + pl.Series(tqw).fill_nan(None) * pl.col("_se_diff"),
        rest_ci95_low=pl.col("rest_change") - pl.col("_tqr") * pl.col("_b").sqrt(),
        rest_ci95_high=pl.col("rest_change") + pl.col("_tqr") * pl.col("_b").sqrt(),
    )
    d = holm_by(d, "p_value", _PAIR)
    d = holm_by(d, "diff_p_value", _PAIR, out="diff_p_holm")
    return holm_by(d, "broad_p_value", _PAIR, out="broad_p_holm").with_columns(
        flag=(pl.col("p_holm") < alpha).fill_null(False)
    )


def _shift_rater_change(
    d: pl.DataFrame, alpha: float, min_shift: float, sd_share: float
) -> pl.DataFrame:
    """Stage 2b of :func:`department_shifts`: whether the shift is material and broad across
    the department's teams, or confounded with the change of manager in some of them."""
    # the pair's threshold: sd_share SD of the people's scores, at least min_shift
    d = d.with_columns(
        min_shift=pl.max_horizontal(
            pl.lit(float(min_shift)), pl.lit(float(sd_share)) * pl.col("sd_scores").fill_nan(None)
        )
    )
    same_sign = (pl.col("broad_shift").sign() == pl.col("department").sign()).fill_null(False)
    # the teams without a manager change moved by themselves: Holm-significant, same sign
    moved = (pl.col("broad_p_holm") < alpha).fill_null(False) & same_sign
    # materiality is judged on the department against the rest of the company (m_D - m_R),
    # not on its component (n_R/N)(m_D - m_R): the component of a large department is diluted
    # by its own weight in the company mean, so a whole sales organisation falling 5.2 points
    # read as -3.6 and stayed under the bar, while flat departments beside it read +1.2
    # (rev23a item 7). The broad part is scaled the same way: (m_S - m_R) = broad * N / n_R.
    # Against the weighted median (``_robust``) the part is not diluted: judged as it is.
    to_rest = (
        pl.when(pl.col("_robust"))
        .then(pl.lit(1.0))
        .otherwise((pl.col("n") + pl.col("n_rest")) / pl.col("n_rest"))
    )
    # ... and materially, or at least as much as the teams with a new manager add
    carries = ((pl.col("broad_shift") * to_rest).abs() >= pl.col("min_shift")) | (
        pl.col("broad_shift").abs() >= pl.col("rater_change_shift").abs()
    )
    broad_ok = moved & carries.fill_null(False)
    judged = pl.when(pl.col("_robust")).then(pl.col("department")).otherwise(pl.col("diff_vs_rest"))
    material = (judged.abs() >= pl.col("min_shift")).fill_null(False)
    shift = pl.col("flag") & material  # a significant, material department shift
    # company and department environment cannot be separated (rev29a item 1): fewer than
    # MIN_DEPTS_ROBUST departments, or one department holds more than half of the pair's
    # people (the company part is then mostly that department's own move): no department
    # shift is claimed, neither broad nor a rater change; the words say why
    # ... unless the department over half of the people moved by itself, the rest did not
    # (environment_answer "own", fixattr31): then it is a department shift like any other
    d = _environment_answer(d.with_columns(material=material), alpha)
    joint = pl.col("_joint") & (pl.col("environment_answer").fill_null("") != "own")
    return d.with_columns(
        broad=shift & ((pl.col("n_manager_changed") == 0) | broad_ok) & ~joint,
        # the stable teams did not move: the shift sits in the teams with a new manager (a
        # real shock the stable teams show, too small to be material, is neither)
        confounded_with_rater_change=shift & (pl.col("n_manager_changed") > 0) & ~moved & ~joint,
        environment_joint=pl.col("_joint"),
    )


def _environment_answer(d: pl.DataFrame, alpha: float) -> pl.DataFrame:
    """Stage 2c of :func:`department_shifts`: where one of three or more departments holds
    over half of the pair's people, ``environment_answer`` on every row of the pair:

    - ``own``: the dominant department against the rest (Welch, Holm across the pair's
      departments: ``diff_p_holm``) is significant and material, and the rest did not move
      (its 95% interval holds 0 or lies within ``OWN_REST_SHARE`` of the dominant's change);
    - ``company``: the rest moved the same way (its interval excludes 0, same sign) and the
      difference's interval holds 0 or lies within that share of the dominant's change, which
      is material and excludes 0: a company-wide move;
    - ``none``: neither moved: the dominant department's 95% interval and the rest's each lie
      within the pair's material shift (``min_shift``) either way (left32 item 2: "cannot be
      told" had been said of a pair where nothing moved);
    - ``joint``: anything else (the rest moved part of the way, the intervals are too wide):
      company or department cannot be told, as in session 30.

    Null in the other pairs. Why (rev31a item 2): 生产中心 (55% of the people) fell 0.37 while
    the four other departments (45%) stayed at +0.01 (95% CI holding 0); the app said "cannot be
    told" although the data answer it."""
    band = OWN_REST_SHARE * pl.col("department").abs()

    def within(lo: str, hi: str) -> pl.Expr:  # holds 0, or within the band either way
        return ((pl.col(lo) <= 0) & (pl.col(hi) >= 0)) | (
            (pl.col(lo) > -band) & (pl.col(hi) < band)
        )

    dom = pl.col("_joint") & pl.col("_robust") & _dominant()
    excl = (pl.col("ci95_low") > 0) | (pl.col("ci95_high") < 0)
    big = excl & (pl.col("department").abs() >= pl.col("min_shift"))
    own = (
        (pl.col("diff_p_holm") < alpha)
        & (pl.col("diff_vs_rest").abs() >= pl.col("min_shift"))
        & within("rest_ci95_low", "rest_ci95_high")
    )
    rest_moved = ((pl.col("rest_ci95_low") > 0) | (pl.col("rest_ci95_high") < 0)) & (
        pl.col("rest_change").sign() == pl.col("department").sign()
    )
    company = rest_moved & within("diff_vs_rest_ci95_low", "diff_vs_rest_ci95_high")

    def still(lo: str, hi: str) -> pl.Expr:  # the whole interval below the material shift
        return (pl.col(lo) > -pl.col("min_shift")) & (pl.col(hi) < pl.col("min_shift"))

    nothing = still("ci95_low", "ci95_high") & still("rest_ci95_low", "rest_ci95_high")
    answer = (
        pl.when(dom & big & own.fill_null(False))
        .then(pl.lit("own"))
        .when(dom & big & company.fill_null(False))
        .then(pl.lit("company"))
        .when(dom & nothing.fill_null(False))
        .then(pl.lit("none"))
        .when(dom)
        .then(pl.lit("joint"))
    )
    return d.with_columns(environment_answer=answer.drop_nulls().first().over(_PAIR))


def _dominant() -> pl.Expr:
    """Whether a department shifts row's department holds more than half of its pair's people."""
    return pl.col("n") * 2 > pl.col("n") + pl.col("n_rest")


def _shift_reason(alpha: float) -> pl.Expr:
    """Stage 3 of :func:`department_shifts`: the phrase of a tested shift, significant or not."""
    why = {
        "dept": pl.col("dept"),
        "from_cycle": pl.col("from_cycle"),
        "to_cycle": pl.col("to_cycle"),
        "shift": pl.col("department"),
        "lo": pl.col("ci95_low"),
        "hi": pl.col("ci95_high"),
        "p": pl.col("p_holm"),
        "alpha": float(alpha),
        "n": pl.col("n"),
        "n_rest": pl.col("n_rest"),
    }
    tested = pl.col("p_holm").is_not_null()
    # one parameter set for every code of the column (a phrase column has one dtype)
    mc = why | {
        "n_changed": pl.col("n_manager_changed"),
        # "all of the change" at most: the rest moved the other way (the column is clipped too)
        "share": pl.col("rater_change_share"),
        "broad": pl.col("broad_shift"),
        "broad_p": pl.col("broad_p_holm"),
        "mean": pl.col("mean_adjusted_change"),
        "diff": pl.col("diff_vs_rest"),
        "n_depts": pl.len().over(_PAIR),
        # not separable (fixattr30): the rest's own mean change, the difference's interval,
        # the department holding more than half of the people
        "rest_mean": pl.col("mean_adjusted_change") - pl.col("diff_vs_rest"),
        "diff_lo": pl.col("diff_vs_rest_ci95_low"),
        "diff_hi": pl.col("diff_vs_rest_ci95_high"),
        "dominant": pl.col("dept").filter(_dominant()).first().over(_PAIR),
        # its own change or a company-wide one (fixattr31): the rest's interval, the Holm p
        # of the difference
        "rest_lo": pl.col("rest_ci95_low"),
        "rest_hi": pl.col("rest_ci95_high"),
        "diff_p": pl.col("diff_p_holm"),
        # nothing moved (left32): the pair's material shift
        "thr": pl.col("min_shift"),
    }
    why = mc
    all_estimated = pl.col("n_manager_changed_estimated") == pl.col("n_manager_changed")
    joint = pl.col("environment_joint")
    # its own change's interval excludes 0 and it is material (the pair's threshold)
    moved = ((pl.col("ci95_low") > 0) | (pl.col("ci95_high") < 0)) & pl.col("material")
    answer = pl.col("environment_answer").fill_null("")
    return (
        pl.when(pl.col("confounded_with_rater_change") & all_estimated)
        .then(phrase("department_shift_rater_change_estimated", **mc))
        .when(pl.col("confounded_with_rater_change"))
        .then(phrase("department_shift_rater_change_not_separable", **mc))
        # one of fewer than three, or the one over half of the people: against the rest
        .when(joint & (pl.len().over(_PAIR) < MIN_DEPTS_ROBUST))
        .then(phrase("department_shift_joint_few", **mc))
        .when(joint & _dominant() & (pl.col("environment_answer") == "own"))
        .then(phrase("department_shift_joint_own", **mc))
        .when(joint & _dominant() & (pl.col("environment_answer") == "company"))
        .then(phrase("department_shift_joint_company", **mc))
        .when(joint & _dominant() & (pl.col("environment_answer") == "none"))
        .then(phrase("department_shift_joint_none", **mc))
        .when(joint & _dominant())
        .then(phrase("department_shift_joint", **mc))
        # beside a department over half of the people: its own change against its past, and
        # what the pair's answer says (left32 item 4: "cannot be separated" beside a pair
        # answered company-wide)
        .when(joint & moved.fill_null(False) & (answer == "own"))
        .then(phrase("department_shift_joint_other_moved_own", **mc))
        .when(joint & moved.fill_null(False) & (answer == "company"))
        .then(phrase("department_shift_joint_other_moved_company", **mc))
        .when(joint & moved.fill_null(False) & (answer == "none"))
        .then(phrase("department_shift_joint_other_moved_none", **mc))
        .when(joint & moved.fill_null(False))
        .then(phrase("department_shift_joint_other_moved", **mc))
        .when(joint & (answer == "own"))
        .then(phrase("department_shift_joint_other_own", **mc))
        .when(joint & (answer == "company"))
        .then(phrase("department_shift_joint_other_company", **mc))
        .when(joint & (answer == "none"))
        .then(phrase("department_shift_joint_other_none", **mc))
        .when(joint)
        .then(phrase("department_shift_joint_other", **mc))
        .when(tested & pl.col("flag"))
        .then(phrase("department_shift_significant", **why))
        .when(tested)
        .then(phrase("department_shift_not_significant", **why))
    )


def department_shifts(
    changes: pl.DataFrame,
    alpha: float = 0.05,
    min_shift: float = SHIFT_FLOOR,
    sd_share: float = SHIFT_SD,
    **score_kw,
) -> pl.DataFrame:
    """Which departments moved, as a unit, more than the company between two cycles?

    Parameters
    ----------
    changes
        Output of :func:`score_changes`, or a ratings frame (then ``score_changes`` is run with
        ``score_kw``).
    alpha
        Family-wise level for the Holm-corrected flag (per cycle pair, across departments).
    min_shift, sd_share
        A material shift: |department part| >= the pair's threshold ``min_shift`` column,
        max(min_shift, sd_share * SD of the pair's people's later-cycle scores) (0.2 SD,
        Cohen's small effect; at least 0.01 = 1 point on 0-100); used to tell a broad shift
        from one confounded with a manager change.

    Returns
    -------
    pl.DataFrame
        One row per cycle pair and department: from_cycle, to_cycle, dept, n, n_rest,
        company (with its 95% t interval company_ci95_low / _high over the pair's n + n_rest
        people), mean_adjusted_change, department (the component), ci95_low, ci95_high, se,
        diff_vs_rest, t, df, p_value, p_holm, flag, n_manager_changed,
        n_manager_changed_estimated, broad_shift, broad_ci95_low, broad_ci95_high,
        broad_p_holm, rater_change_shift, rater_change_share, sd_scores, min_shift (the
        pair's threshold), material, broad, confounded_with_rater_change, diff_p_value and
        diff_p_holm (the Welch test of diff_vs_rest, Holm across the pair's departments),
        rest_change with rest_ci95_low / _high (the other departments' own mean change, its
        one-sample interval), environment_answer (one of three or more departments over half
        of the people: own / company / none / joint, :func:`_environment_answer`; null
        elsewhere),
        flag_reason (a phrase, see :mod:`analytics.text`:
        department_shift_significant / _not_significant, or
        department_shift_rater_change_estimated / _not_separable for a confounded shift; null
        without a p-value).

    Notes
    -----
    Tested quantity: x_e = change_e - rater_e (the rater-adjusted change). With three or more
    departments in the pair, the company part c is their weighted median and the component
    m_D - c is tested against it (:func:`_shift_robust`): t = (m_D - c) / sqrt(s_D^2/n_D +
    (pi/2) s_W^2/N), Welch-Satterthwaite df; materiality on |m_D - c|. Otherwise, as before:
    with m_D, m_R the means in the department and in the rest of the company (N = n_D + n_R employees),
    company = (n_D m_D + n_R m_R)/N, so the department component
    m_D - company = (n_R/N)(m_D - m_R) exactly. Welch's t on m_D - m_R (unequal variances,
    Welch-Satterthwaite df) gives the p-value; the component's 95% CI is the Welch CI scaled
    by n_R/N, so CI and p agree. Each employee contributes one change per pair, so
    employee-clustered and ordinary standard errors coincide here. Holm's step-down
    correction is applied across the departments of each cycle pair.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. Biometrika 34, 28-35.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    Scandinavian Journal of Statistics 6, 65-70.

    *Manager changes.* People whose manager-role rater changed between the two cycles
    (``manager_changed`` of :func:`score_changes`) are the teams with a new manager. With m_S
    the mean of x over the department's other people (n_S of them), the component splits
    exactly into broad_shift = (n_R/N)(m_S - m_R) (what the teams without a manager change
    show) and rater_change_shift = (n_R/N)(m_D - m_S) = (n_R/N)(n_C/n_D)(m_C - m_S) (what the
    teams with a new manager add); rater_change_share = rater_change_shift / department, clipped
    to 0-1 (1: all of it, though the other teams moved the other way). The broad part gets
    the same Welch test (m_S against m_R; Holm across the departments of the pair). A flagged, material shift is ``broad`` (across the department's teams) when no
    manager changed in the department, or when its broad part alone is Holm-significant, of
    the same sign, and material (|broad_shift| >= min_shift) or at least as large as the
    rater-change part; otherwise it is ``confounded_with_rater_change``: it sits in the teams
    whose manager changed, and is a rater change rather than a department shift.
    A shift that is not flagged or not material is neither.
    Where the new managers' standards were estimated (identified through other raters), their
    effect is already out of x; where not (a manager-only, nested design), the new manager's
    standard cannot be separated from a real change in those teams.
    """
    ch = _as_changes(changes, **score_kw)
    d = _shift_rater_change(_shift_tests(_shift_welch(ch), alpha), alpha, min_shift, sd_share)
    d = d.with_columns(flag_reason=_shift_reason(alpha))
    return d.sort(["_order", "dept"]).select(
        "from_cycle",
        "to_cycle",
        "dept",
        "n",
        "n_rest",
        "company",
        "company_ci95_low",
        "company_ci95_high",
        "mean_adjusted_change",
        "department",
        "se",
        "ci95_low",
        "ci95_high",
        "diff_vs_rest",
        "diff_vs_rest_ci95_low",
        "diff_vs_rest_ci95_high",
        "diff_p_value",
        "diff_p_holm",
        "rest_change",
        "rest_ci95_low",
        "rest_ci95_high",
        "environment_answer",
        "t",
        "df",
        "p_value",
        "p_holm",
        "flag",
        "n_manager_changed",
        "n_manager_changed_estimated",
        "broad_shift",
        "broad_ci95_low",
        "broad_ci95_high",
        "broad_p_holm",
        "rater_change_shift",
        "rater_change_share",
        "sd_scores",
        "min_shift",
        "material",
        "broad",
        "confounded_with_rater_change",
        "environment_joint",
        "flag_reason",
    )


# --------------------------------------------------------------------------------------------
# against_trend
# --------------------------------------------------------------------------------------------


#: the columns a reader sees of :func:`against_trend` (the page, the packet)
AGAINST_COLUMNS = (
    "employee_id",
    "dept",
    "from_cycle",
    "to_cycle",
    "change",
    "department",
    "individual",
    "individual_z",
    "reason",
)


#: how far (in SDs of the individual parts) a person's own part must stand against their
#: department's shift to be listed as moving against it (:func:`against_trend`)
AGAINST_Z = 2.0


def against_trend(
    changes: pl.DataFrame,
    z: float = AGAINST_Z,
    alpha: float = 0.05,
    min_shift: float = SHIFT_FLOOR,
    require_significant: bool = True,
    shifts: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """People who moved strongly against their department's trend.

    A person who improved while their whole region fell is worth a second look in
    calibration (and vice versa): the department number hides them.

    Parameters
    ----------
    changes
        Output of :func:`score_changes`.
    z
        Minimum |individual| / SD(individual) (SD over all employees of the cycle pair).
    alpha, require_significant
        Keep only departments whose shift is Holm-significant at ``alpha``
        (from :func:`department_shifts`, or the ``shifts`` given).
    min_shift
        ... and material: |department component| >= the shift's own threshold (the
        ``min_shift`` column of :func:`department_shifts`: 0.2 SD of the pair's person scores,
        at least ``min_shift``, the floor given to it when ``shifts`` is not), so a trivial
        but significant shift in a large company is ignored.

    Returns
    -------
    pl.DataFrame
        employee_id, dept, from_cycle, to_cycle, change, company, department, rater,
        individual, sd_individual, individual_z, z_threshold, min_shift, n_pair, n_dept,
        department_p_holm, direction ('up' / 'down'), reason (the phrase
        against_department_trend, see :mod:`analytics.text`); sorted by |individual_z|.

    Notes
    -----
    Selected when sign(individual) = -sign(department), |department| >= min_shift and
    |individual_z| >= z. People whose manager changed between the two cycles are not listed
    (their change coincides with a change of rater: :func:`manager_changes` lists those
    teams), and a shift ``confounded_with_rater_change`` (:func:`department_shifts`) is no
    trend to move against. SD(individual) is taken over everyone of the pair.

    References
    ----------
    Aguinis, H., Gottfredson, R. K., & Joo, H. (2013). Best-practice recommendations for
    defining, identifying, and handling outliers. Organizational Research Methods 16(2),
    270-301 (z-score outlier rules).
    """
    if shifts is None:
        shifts = department_shifts(changes, alpha=alpha, min_shift=min_shift)
    sh = _against_shifts(shifts, min_shift)
    c = changes.lazy().with_columns(sd_individual=pl.col("individual").std().over(_PAIR))
    if "environment_joint" in changes.columns:  # the changes' own flag, the shifts' otherwise
        c = c.drop("environment_joint")
    if "manager_changed" in changes.columns:  # they are listed with manager_changes()
        c = c.filter(~pl.col("manager_changed").fill_null(False))
    c = (
        c.join(sh.lazy(), on=[*_PAIR, "dept"], how="left")
        .with_columns(
            individual_z=pl.when(pl.col("sd_individual") > 0).then(
                pl.col("individual") / pl.col("sd_individual")
            ),
            z_threshold=pl.lit(float(z)),
            min_shift=pl.col("min_shift").fill_null(float(min_shift)),
            environment_joint=pl.col("_joint").fill_null(False),
        )
        .with_columns(
            # the environment moved against: the company part, or where company and department
            # cannot be separated the department part that holds both (fixattr30)
            _env=pl.when(pl.col("_pooled").fill_null(False))
            .then(pl.col("department"))
            .otherwise(pl.col("company")),
        )
    )
    strong = pl.col("individual_z").abs() >= z
    cond = (
        (pl.col("individual").sign() == -pl.col("department").sign())
        & (pl.col("department") != 0)
        & (pl.col("department").abs() >= pl.col("min_shift"))
        & strong
    )
    if require_significant:
        cond = cond & pl.col("_sig").fill_null(False)
    # against a material, significant company-wide move (or the company and department
    # environment where the two cannot be separated), rev29a item 2
    co = (
        (pl.col("individual").sign() == -pl.col("_env").sign())
        & pl.col("_co_sig").fill_null(False)
        & strong
    )
    c = c.filter(cond | co).with_columns(
        direction=pl.when(pl.col("individual") > 0).then(pl.lit("up")).otherwise(pl.lit("down")),
        trend=pl.when(cond)
        .then(pl.lit("department"))
        # company or department: cannot be told (fixattr30), unless company-wide (fixattr31)
        .when(pl.col("environment_joint") & (pl.col("_answer").fill_null("") != "company"))
        .then(pl.lit("environment"))
        .otherwise(pl.lit("company")),
    )
    c = c.with_columns(reason=_against_reason(z))
    return (
        c.sort(pl.col("individual_z").abs(), descending=True)
        .select(
            "employee_id",
            "dept",
            "from_cycle",
            "to_cycle",
            "change",
            "company",
            "department",
            "rater",
            "individual",
            "sd_individual",
            "individual_z",
            "z_threshold",
            "min_shift",
            "n_pair",
            "n_dept",
            "department_p_holm",
            "direction",
            "trend",
            "reason",
        )
        .collect()
    )


def _against_shifts(shifts: pl.DataFrame, min_shift: float) -> pl.DataFrame:
    """Stage 1 of :func:`against_trend`: per cycle pair and department, whether its shift is a
    trend to move against (``_sig``), or the company's (or, not separable, the department's
    whole environment: ``_co_sig``), with the shift's threshold and Holm p."""
    # a shift confounded with a manager change is no department trend to move against
    confounded = (
        pl.col("confounded_with_rater_change").fill_null(False)
        if "confounded_with_rater_change" in shifts.columns
        else pl.lit(False)
    )
    # the shift's own materiality where department_shifts judged it (its pair's threshold)
    thr = pl.col("min_shift") if "min_shift" in shifts.columns else pl.lit(float(min_shift))
    joint = (
        pl.col("environment_joint").fill_null(False)
        if "environment_joint" in shifts.columns
        else pl.lit(False)
    )
    if "environment_answer" in shifts.columns:  # its own change: a department trend (fixattr31)
        joint = joint & (pl.col("environment_answer").fill_null("") != "own")
    return shifts.select(
        *_PAIR,
        "dept",
        pl.col("p_holm").alias("department_p_holm"),
        (pl.col("flag") & ~confounded & ~joint).alias("_sig"),
        thr.alias("min_shift"),
        # one of three or more departments holds over half: the department part holds it all
        (joint & (pl.len().over(_PAIR) >= MIN_DEPTS_ROBUST)).alias("_pooled"),
        joint.alias("_joint"),
        (
            pl.col("environment_answer")
            if "environment_answer" in shifts.columns
            else pl.lit(None, pl.String)
        ).alias("_answer"),
        # not separable: the department's own environment, significant and material
        pl.when(joint & (pl.len().over(_PAIR) >= MIN_DEPTS_ROBUST))
        .then(_environment_trend(shifts, thr))
        .otherwise(_company_trend(shifts, thr))
        .alias("_co_sig"),
    )


def _environment_trend(shifts: pl.DataFrame, thr: pl.Expr) -> pl.Expr:
    """Where company and department cannot be separated: whether the department's own
    environment (its part, the whole mean change) is a material move whose 95% interval
    excludes 0: a trend to move against."""
    excl = (pl.col("ci95_low") > 0) | (pl.col("ci95_high") < 0)
    return (excl & (pl.col("department").abs() >= thr)).fill_null(False)


def _company_trend(shifts: pl.DataFrame, thr: pl.Expr) -> pl.Expr:
    """Whether the pair's company part is a material, significant move (its 95% interval
    excludes 0 and |company| >= the pair's threshold): a trend to move against."""
    if not {"company", "company_ci95_low", "company_ci95_high"} <= set(shifts.columns):
        return pl.lit(False)
    excl = (pl.col("company_ci95_low") > 0) | (pl.col("company_ci95_high") < 0)
    return (excl & (pl.col("company").abs() >= thr)).fill_null(False)


def _against_reason(z: float) -> pl.Expr:
    """The reason of :func:`against_trend` as a phrase code with its parameters (the text
    layer words it): the department's move and the person's own, opposite one; or the
    company's (with the company and department environment joint where they cannot be
    separated) for a person listed against the company-wide trend."""
    why = dict(
        dept=pl.col("dept"),
        dept_dir=pl.when(pl.col("department") < 0).then(pl.lit("fell")).otherwise(pl.lit("rose")),
        shift=pl.col("department").abs(),
        p=pl.col("department_p_holm"),
        n_dept=pl.col("n_dept"),
        own_dir=pl.when(pl.col("individual") > 0).then(pl.lit("rose")).otherwise(pl.lit("fell")),
        individual=pl.col("individual").abs(),
        z=pl.col("individual_z"),
        threshold=float(z),
        # the environment's people: the department's where its part holds it all
        n=pl.when(pl.col("_pooled").fill_null(False) & (pl.col("trend") == "environment"))
        .then("n_dept")
        .otherwise("n_pair"),
        company=pl.col("_env").abs(),
        co_dir=pl.when(pl.col("_env") < 0).then(pl.lit("fell")).otherwise(pl.lit("rose")),
    )
    return (
        pl.when(pl.col("trend") == "department")
        .then(phrase("against_department_trend", **why))
        .when(pl.col("trend") == "environment")
        .then(phrase("against_joint_trend", **why))
        .otherwise(phrase("against_company_trend", **why))
    )


# --------------------------------------------------------------------------------------------
# manager_changes
# --------------------------------------------------------------------------------------------


#: a team smaller than this takes the pooled (Student) variance: its own variance from 1-3 df
#: gave Welch df near 1 and, for a team of 2, "-5.3...+4" on a 1-5 scale (rev18b R4)
SMALL_TEAM = 5
#: a difference of two changes on the 0-1 score lies in [-2, 2]
DIFF_BOUNDS = (-2.0, 2.0)


def manager_changes(changes: pl.DataFrame) -> pl.DataFrame:
    """The teams whose manager changed between two consecutive cycles, each against the
    department's people whose manager did not change.

    A new manager's standard moves every score of the team at once. Where that standard was
    estimated (the old and new managers share ratees with other raters), its effect is the
    ``rater`` part and the rest is compared; where not (only the manager rates: a nested
    design), a new manager's standard cannot be separated from a real change in the team, and
    the team's move is reported as a rater change, not as a department shift or as individual
    moves (:func:`against_trend` leaves these people out).

    Parameters
    ----------
    changes
        Output of :func:`score_changes`, or a ratings frame (then ``score_changes`` is run with
        its defaults).

    Returns
    -------
    pl.DataFrame
        One row per cycle pair, department and (manager_from, manager_to) with a change:
        dept, department_path (the team's unit: its people's most common path), from_cycle,
        to_cycle, manager_from, manager_to, manager_new (the later cycle's managers who did not
        rate the team before), manager_kept (those who rated it in both; null where none), n,
        mean_change, rater (mean rater part: the
        estimated change of standard, 0 where not estimated), estimated (the old and new
        managers' standards were estimated for every person of the team),
        adjusted_change (mean of change - rater - company), n_stable (the department's people
        without a manager change), stable_change (their mean), diff_vs_stable, se, ci95_low,
        ci95_high, reason (a phrase: manager_change_estimated / manager_change_not_separable);
        sorted by |diff_vs_stable|, largest first.

    Notes
    -----
    x_e = change_e - rater_e - company. diff_vs_stable = mean_team(x) - mean_S(x) with S the
    department's people of the pair whose manager did not change; se = sqrt(v_team/n +
    v_S/n_S) (Welch), the interval on the Welch-Satterthwaite df. A team of fewer than
    :data:`SMALL_TEAM` people takes the pooled variance s_p^2 (1/n + 1/n_S) on n + n_S - 2 df
    (assumes the team's people vary like their colleagues; a team of 1 or 2 has no usable
    variance of its own). Fewer than 2 stable colleagues: no interval (null). Ends are
    clipped to the feasible [-2, 2].
    """
    ch = _as_changes(changes)
    if "manager_changed" not in ch.columns:
        raise ValueError("expected the output of score_changes() with manager_changed")
    teams = _team_se(_teams_and_stable(ch)).collect()
    tq = t_quantile(teams["_df"].fill_null(np.nan).fill_nan(np.nan).to_numpy())
    lo, hi = DIFF_BOUNDS
    teams = teams.with_columns(_tq=pl.Series(tq, dtype=pl.Float64).fill_nan(None)).with_columns(
        ci95_low=(pl.col("diff_vs_stable") - pl.col("_tq") * pl.col("se")).clip(lo, hi),
        ci95_high=(pl.col("diff_vs_stable") + pl.col("_tq") * pl.col("se")).clip(lo, hi),
    )
    return (
        _with_manager_reason(_with_manager_sets(teams))
        .sort(
            [pl.col("_order"), pl.col("diff_vs_stable").abs(), "dept", "manager_to"],
            descending=[False, True, False, False],
            nulls_last=True,
        )
        .select(
            "dept",
            *(["department_path"] if "department_path" in teams.columns else []),
            "from_cycle",
            "to_cycle",
            "manager_from",
            "manager_to",
            "manager_new",
            "manager_kept",
            "n",
            "mean_change",
            "rater",
            "estimated",
            "adjusted_change",
            "n_stable",
            "stable_change",
            "diff_vs_stable",
            "se",
            "ci95_low",
            "ci95_high",
            "reason",
        )
    )


def _teams_and_stable(ch: pl.DataFrame) -> pl.LazyFrame:
    """Stage 1 of :func:`manager_changes`: per changed team, its mean adjusted change x and
    variance, beside the same department's people without a manager change (the reference)."""
    key = [*_PAIR, "dept"]
    base = (
        ch.lazy()
        .drop_nulls(["change", "rater", "company"])
        .with_columns(
            _x=pl.col("change") - pl.col("rater") - pl.col("company"),
            _mc=pl.col("manager_changed").fill_null(False),
        )
    )
    stable = (
        base.filter(~pl.col("_mc"))
        .group_by(key)
        .agg(
            n_stable=pl.len(),
            stable_change=pl.col("_x").mean(),
            _vs=pl.col("_x").var(),
        )
    )
    return (
        base.filter(pl.col("_mc"))
        .group_by([*key, "manager_from", "manager_to"])
        .agg(
            n=pl.len(),
            mean_change=pl.col("change").mean(),
            rater=pl.col("rater").mean(),
            estimated=pl.col("manager_change_estimated").fill_null(False).all()
            if "manager_change_estimated" in ch.columns
            else pl.lit(False),
            adjusted_change=pl.col("_x").mean(),
            _vt=pl.col("_x").var(),
            _order=pl.col("from_order").first(),
            # the team's own unit (its people's most common department path, ties by name):
            # ``dept`` is the level it is compared within, the same for every team (rev22)
            **(
                {"department_path": pl.col("department_path").mode().sort().first()}
                if "department_path" in ch.columns
                else {}
            ),
        )
        .join(stable, on=key, how="left")
        .with_columns(diff_vs_stable=pl.col("adjusted_change") - pl.col("stable_change"))
    )


def _team_se(teams: pl.LazyFrame) -> pl.LazyFrame:
    """Stage 2 of :func:`manager_changes`: the difference's SE and df, Welch for a team of
    :data:`SMALL_TEAM` or more, pooled (Student) below; no SE with fewer than 2 stable."""
    small = pl.col("n") < SMALL_TEAM
    return (
        teams.with_columns(
            _a=pl.col("_vt") / pl.col("n"),
            _b=pl.col("_vs") / pl.col("n_stable"),
            # pooled variance: the team's people vary like their stable colleagues
            _sp2=(
                (pl.col("n") - 1) * pl.col("_vt").fill_null(0.0)
                + (pl.col("n_stable") - 1) * pl.col("_vs")
            )
            / (pl.col("n") + pl.col("n_stable") - 2),
        )
        .with_columns(
            se=pl.when(small)
            .then((pl.col("_sp2") * (1 / pl.col("n") + 1 / pl.col("n_stable"))).sqrt())
            .otherwise((pl.col("_a") + pl.col("_b")).sqrt()),
            _df=pl.when(small)
            .then(pl.col("n") + pl.col("n_stable") - 2)
            .otherwise(
                (pl.col("_a") + pl.col("_b")).pow(2)
                / (
                    pl.col("_a").pow(2) / (pl.col("n") - 1)
                    + pl.col("_b").pow(2) / (pl.col("n_stable") - 1)
                )
            )
            .cast(pl.Float64),
        )
        .with_columns(se=pl.when(pl.col("n_stable") >= 2).then(pl.col("se")))
    )


def _with_manager_sets(teams: pl.DataFrame) -> pl.DataFrame:
    """``manager_new``: the team's managers of the later cycle who did not rate it before;
    ``manager_kept``: those who rated it in both cycles (null where none). A person's managers
    are one id or the lowest and highest of those who rated them ("00902,00907"), and a team
    whose manager 00902 was joined by 00907 read "00902 → 00902,00907" (left30 item 1): it is
    said as 00902 → 00907, 00902 still rating these people."""
    old = pl.col("manager_from").cast(pl.String).str.split(",")
    new = pl.col("manager_to").cast(pl.String).str.split(",")

    def ids(found: pl.Expr) -> pl.Expr:
        joined = found.list.sort().list.join(",")
        return pl.when(joined != "").then(joined)

    return teams.with_columns(
        manager_new=ids(new.list.set_difference(old)),
        manager_kept=ids(new.list.set_intersection(old)),
    )


def _manager_phrase(code: str, why: dict[str, pl.Expr]) -> pl.Expr:
    """The reason ``code`` as the managers changed: ``code`` where new managers replaced the
    old, ``<code>_kept`` where a manager of the earlier cycle still rates the team beside the
    new one, ``<code>_dropped`` where no one new rates it (one of its managers stopped)."""
    return (
        pl.when(pl.col("manager_new").is_null())
        .then(phrase(f"{code}_dropped", **why))
        .when(pl.col("manager_kept").is_not_null())
        .then(phrase(f"{code}_kept", **why))
        .otherwise(phrase(code, **why))
    )


def _with_manager_reason(teams: pl.DataFrame) -> pl.DataFrame:
    """Stage 3 of :func:`manager_changes`: the reason as a phrase code with its parameters
    (the text layer words it), estimated or not separable."""
    why = {
        "dept": pl.col("dept"),
        "from_cycle": pl.col("from_cycle"),
        "to_cycle": pl.col("to_cycle"),
        "manager_from": pl.col("manager_from"),
        "manager_to": pl.col("manager_to"),
        "manager_new": pl.col("manager_new"),
        "manager_kept": pl.col("manager_kept"),
        "n": pl.col("n"),
        "rater": pl.col("rater"),
        "diff": pl.col("diff_vs_stable"),
        "lo": pl.col("ci95_low"),
        "hi": pl.col("ci95_high"),
        "n_stable": pl.col("n_stable"),
    }
    return teams.with_columns(
        reason=pl.when(pl.col("estimated"))
        .then(_manager_phrase("manager_change_estimated", why))
        .otherwise(_manager_phrase("manager_change_not_separable", why))
    )


# --------------------------------------------------------------------------------------------
# kpi_drivers
# --------------------------------------------------------------------------------------------


def _kpi_contributions(
    kpi_results: pl.DataFrame | KpiCells,
    employees: pl.DataFrame | None,
    cycles: pl.DataFrame | None,
    dept_depth: int | None,
) -> pl.DataFrame:
    """Per employee, consecutive cycle pair and KPI: the contribution and its split (see
    :func:`kpi_drivers_by_employee`), with integer codes ``_e``/``_k``, ``from_order`` and
    ``dept`` when ``employees`` is given: the rows both drivers tables are built from."""
    cells = _cells(kpi_results)
    order = cells.orders
    if order is None:  # the cycles' table, else the ids in text order
        ids = pl.DataFrame({"cycle_id": cells.cycles})
        order = cycle_order_map(ids, cycles).with_columns(pl.col("cycle_id").cast(pl.String))
    cyc = (
        pl.DataFrame({"cycle_id": cells.cycles, "_col": np.arange(len(cells.cycles))})
        .join(order, on="cycle_id", how="inner")
        .sort("cycle_order")
    )
    cols_sorted = cyc["_col"].to_numpy()
    ids, ords = cyc["cycle_id"].to_list(), cyc["cycle_order"].to_list()
    n_e = len(cells.employees)
    present = np.isfinite(cells.W)
    # employee has any KPI in a cycle (for the panel: both cycles of a pair)
    emp_has = np.zeros((max(n_e, 1), len(cells.cycles)), dtype=bool)
    rr, cc = np.nonzero(present)
    emp_has[cells.ek_e[rr], cc] = True
    parts = []
    for i in range(len(cols_sorted) - 1):  # loop over cycle pairs only
        c0, c1 = cols_sorted[i], cols_sorted[i + 1]
        panel = emp_has[cells.ek_e, c0] & emp_has[cells.ek_e, c1]
        sel = np.flatnonzero((present[:, c0] | present[:, c1]) & panel)
        w0, w1 = cells.W[sel, c0], cells.W[sel, c1]
        a0, a1 = cells.A[sel, c0], cells.A[sel, c1]
        parts.append(
            pl.DataFrame(
                {
                    "_e": cells.ek_e[sel],
                    "_k": cells.ek_k[sel],
                    "weight_from": w0,
                    "weight_to": w1,
                    "attainment_from": a0,
                    "attainment_to": a1,
                },
            ).with_columns(
                pl.col("weight_from", "weight_to", "attainment_from", "attainment_to").fill_nan(
                    None
                ),
                from_order=pl.lit(ords[i], dtype=pl.Int64),
                from_cycle=pl.lit(ids[i], dtype=pl.String),
                to_cycle=pl.lit(ids[i + 1], dtype=pl.String),
            )
        )
    schema = {
        "_e": pl.Int64,
        "_k": pl.Int64,
        "from_order": pl.Int64,
        "from_cycle": pl.String,
        "to_cycle": pl.String,
        "weight_from": pl.Float64,
        "weight_to": pl.Float64,
        "attainment_from": pl.Float64,
        "attainment_to": pl.Float64,
    }
    k = pl.concat([p.select(list(schema)) for p in parts]) if parts else pl.DataFrame(schema=schema)
    z0 = pl.col("weight_from").fill_null(0.0), pl.col("attainment_from").fill_null(0.0)
    z1 = pl.col("weight_to").fill_null(0.0), pl.col("attainment_to").fill_null(0.0)
    k = k.with_columns(
        employee_id=cells.employees.gather(k["_e"].to_numpy())
        if k.height
        else pl.lit(None, dtype=pl.String),
        kpi=cells.kpis.gather(k["_k"].to_numpy()) if k.height else pl.lit(None, dtype=pl.String),
        contribution=z1[0] * z1[1] - z0[0] * z0[1],
        from_attainment=(z0[0] + z1[0]) / 2 * (z1[1] - z0[1]),
        from_weight=(z0[1] + z1[1]) / 2 * (z1[0] - z0[0]),
    )
    if employees is not None:
        dept_of = (
            pl.DataFrame({"employee_id": cells.employees})
            .join(
                employees.select("employee_id", _dept_expr(dept_depth).alias("dept")).unique(
                    "employee_id"
                ),
                on="employee_id",
                how="left",
            )["dept"]
            .fill_null("(unknown)")
        )
        k = k.with_columns(
            dept=dept_of.gather(k["_e"].to_numpy()) if k.height else pl.lit(None, dtype=pl.String)
        )
    return k


#: the fractions one employee's change has (a single change has no standard error or interval)
_PER_EMPLOYEE = frozenset(KPI_DRIVER_FRACTIONS) - {
    "contribution_se",
    "contribution_ci95_low",
    "contribution_ci95_high",
}


def _one_sign(keys: list[str]) -> pl.Expr:
    """Whether the contributions of the group ``keys`` all have one sign: only then is each a
    share of their sum (mixed signs gave shares of 137% and -37%, review rev19c M3)."""
    c = pl.col("contribution")
    return (c.min().over(keys) >= 0) | (c.max().over(keys) <= 0)


def kpi_drivers_by_employee(
    kpi_results: pl.DataFrame | KpiCells,
    employees: pl.DataFrame | None = None,
    cycles: pl.DataFrame | None = None,
    dept_depth: int | None = 1,
) -> pl.DataFrame:
    """Which weighted KPIs drove each employee's change in weighted attainment between two
    consecutive cycles.

    Parameters
    ----------
    kpi_results
        :data:`analytics.schema.KPI_RESULTS` rows (a ``cycle_order`` column is used if
        present), or their :class:`KpiCells`.
    employees
        Optional :data:`analytics.schema.EMPLOYEES`: adds each employee's ``dept``.
    cycles
        :data:`analytics.schema.CYCLES` for the order (``ordering``); else ``cycle_order`` in
        ``kpi_results``; else cycle_id sorted as text.
    dept_depth
        Department levels kept in ``dept`` (1 = top level; None = full path).

    Returns
    -------
    pl.DataFrame
        employee_id, [dept,] from_cycle, to_cycle, kpi, weight_from, weight_to,
        attainment_from, attainment_to, contribution, from_attainment, from_weight,
        total_change, share_of_change (null where the pair's contributions have mixed
        signs), rank (1 = largest |contribution| of the employee's pair).

    Notes
    -----
    With weights normalised per cycle (see :func:`weighted_attainment`),
    contribution_k = w_k(t+1) a_k(t+1) - w_k(t) a_k(t) (a KPI missing on one side counts
    w = a = 0 there), so sum_k contribution_k = A(t+1) - A(t) exactly. Each contribution is
    further split (midpoint / Bennet decomposition) into
    from_attainment = mean(w) * delta(a) and from_weight = mean(a) * delta(w), which add to it.
    Only employees with KPI results in both cycles enter.

    References
    ----------
    Bennet, T. L. (1920). The theory of measurement of changes in cost of living. Journal of
    the Royal Statistical Society 83(3), 455-462 (symmetric split of a product's change).
    """
    k = _kpi_contributions(kpi_results, employees, cycles, dept_depth)
    emp_keys = ["_e", "from_order"]
    # sort once (integer keys), then rank = position inside the (employee, pair) run
    k = k.with_columns(_abs=pl.col("contribution").abs()).sort(
        ["from_order", "_e", "_abs"], descending=[False, False, True]
    )
    idx = pl.int_range(pl.len(), dtype=pl.Int64)
    new = (pl.col("_e") != pl.col("_e").shift()) | (
        pl.col("from_order") != pl.col("from_order").shift()
    )
    k = k.with_columns(
        total_change=pl.col("contribution").sum().over(emp_keys),
        rank=idx - pl.when(new.fill_null(True)).then(idx).forward_fill() + 1,
    ).with_columns(
        share_of_change=pl.when((pl.col("total_change") != 0) & _one_sign(emp_keys)).then(
            pl.col("contribution") / pl.col("total_change")
        ),
    )
    cols = (
        ["employee_id"]
        + (["dept"] if "dept" in k.columns else [])
        + ["from_cycle", "to_cycle", "kpi"]
        + [c for c in KPI_DRIVER_FRACTIONS if c in _PER_EMPLOYEE]
        + ["rank"]
    )
    return k.select(cols)


def kpi_drivers_of_departments(
    kpi_results: pl.DataFrame | KpiCells,
    employees: pl.DataFrame,
    depts: pl.Series,
    cycles: pl.DataFrame | None = None,
    dept_depth: int | None = 1,
) -> pl.DataFrame:
    """The rows of :func:`kpi_drivers_by_department` of the departments ``depts`` (cut at
    ``dept_depth``), computed from their own people's KPI results only. The same numbers:
    each department's rows are sums over its own people. Why: the team shifts name the KPI of
    the few teams that moved, and every team's drivers cost 1.2 CPU s at 40M ratings."""
    wanted = pl.Series(depts).cast(pl.String).implode()
    mine = employees.filter(_dept_expr(dept_depth).is_in(wanted))
    cells = _cells(kpi_results).of_employees(mine["employee_id"])
    return kpi_drivers_by_department(cells, mine, cycles, dept_depth)


def kpi_drivers_by_department(
    kpi_results: pl.DataFrame | KpiCells,
    employees: pl.DataFrame,
    cycles: pl.DataFrame | None = None,
    dept_depth: int | None = 1,
) -> pl.DataFrame:
    """Which weighted KPIs drove each department's mean change in weighted attainment: the
    mean of :func:`kpi_drivers_by_employee`'s contributions per department, cycle pair and
    KPI (employees with no row for a KPI count 0), with a t-based 95% CI.

    Parameters
    ----------
    kpi_results, cycles, dept_depth
        As :func:`kpi_drivers_by_employee`.
    employees
        :data:`analytics.schema.EMPLOYEES` (for the department).

    Returns
    -------
    pl.DataFrame
        dept, from_cycle, to_cycle, kpi, n, weight_from, weight_to, attainment_from,
        attainment_to (the KPI's mean normalised weight and attainment on each side, over the
        employees who had it), contribution (mean), contribution_se, contribution_ci95_low / _high,
        from_attainment,
        from_weight (the parts of the contribution due to the change of attainment and of
        weight, not levels), total_change, share_of_change, rank; the department rows add up
        to the department's mean change. All are fractions of attainment: a contribution of
        -0.077 is -7.7 percentage points of weighted attainment. share_of_change is null
        where the pair's contributions have mixed signs (a part of a sum with terms of both
        signs is not a share: it read 137% and -37%).
    """
    if employees is None:
        raise ValueError("the department drivers need the employees frame")
    k = _kpi_contributions(kpi_results, employees, cycles, dept_depth)
    # department scope: employees with no row for a KPI contribute 0 to its mean
    n_emp = k.group_by(["dept", "from_order"]).agg(n=pl.col("_e").n_unique())
    g = (
        k.group_by(["dept", "from_order", "kpi"])
        .agg(
            _s1=pl.col("contribution").sum(),
            _s2=pl.col("contribution").pow(2).sum(),
            _fa=pl.col("from_attainment").sum(),
            _fw=pl.col("from_weight").sum(),
            # the KPI's mean weight and attainment on each side (among those who had it):
            # the levels the contribution moved between (rev19c M3: the workbook showed
            # the split of the contribution under "weight (from)" and none of these)
            weight_from=pl.col("weight_from").mean(),
            weight_to=pl.col("weight_to").mean(),
            attainment_from=pl.col("attainment_from").mean(),
            attainment_to=pl.col("attainment_to").mean(),
            from_cycle=pl.col("from_cycle").first(),
            to_cycle=pl.col("to_cycle").first(),
        )
        .join(n_emp, on=["dept", "from_order"])
    )
    g = g.with_columns(contribution=pl.col("_s1") / pl.col("n")).with_columns(
        contribution_se=pl.when(pl.col("n") > 1).then(
            (
                (pl.col("_s2") - pl.col("n") * pl.col("contribution").pow(2)).clip(lower_bound=0.0)
                / (pl.col("n") - 1)
                / pl.col("n")
            ).sqrt()
        ),
        from_attainment=pl.col("_fa") / pl.col("n"),
        from_weight=pl.col("_fw") / pl.col("n"),
    )
    tq = t_quantile((g["n"] - 1).cast(pl.Float64).to_numpy())
    grp = ["dept", "from_order"]
    g = (
        g.with_columns(_tq=pl.Series(tq).fill_nan(None))
        .with_columns(
            contribution_ci95_low=pl.col("contribution")
            - pl.col("_tq") * pl.col("contribution_se"),
            contribution_ci95_high=pl.col("contribution")
            + pl.col("_tq") * pl.col("contribution_se"),
            total_change=pl.col("contribution").sum().over(grp),
        )
        .with_columns(
            share_of_change=pl.when((pl.col("total_change") != 0) & _one_sign(grp)).then(
                pl.col("contribution") / pl.col("total_change")
            ),
            rank=pl.col("contribution")
            .abs()
            .rank("ordinal", descending=True)
            .over(grp)
            .cast(pl.Int64),
        )
    )
    return g.sort(["from_order", "dept", "rank"]).select(
        "dept", "from_cycle", "to_cycle", "kpi", "n", *KPI_DRIVER_FRACTIONS, "rank"
    )
