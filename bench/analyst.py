"""Worker 3: the same computations written the way a competent analyst would.

Vectorised pandas for the aggregations, ``pingouin.intraclass_corr`` per group for the ICCs, the
``krippendorff`` package for alpha, a sparse least-squares fit (scipy ``lsqr`` on the ratee +
rater dummy design; statsmodels OLS would need a dense design of pairs x (ratees + raters)
floats, hundreds of GB already at 100k employee-cycles) for rater effects, and a
``groupby().apply(scipy.stats.linregress)`` per employee for the trajectories.

Runs in its own process; reads ``ratings.parquet``, ``effects.parquet`` and ``adjusted.parquet``
written by the ours worker, writes ``analyst.json`` and ``analyst_*.parquet`` for the checks.
Baselines that would run far beyond :data:`BUDGET_S` are run on a sample and extrapolated.
"""

from __future__ import annotations

import time
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg
from scipy import sparse, stats
from scipy.sparse import csgraph
from scipy.sparse.linalg import lsqr

from bench.common import Recorder, RssSampler, peak_rss_bytes, rss_bytes, write_json

__all__ = ["BUDGET_S", "run_analyst"]

BUDGET_S = 120.0  # an analyst baseline projected past this runs on a sample (extrapolated)
ICC_K = 3
ALPHA_MAX_UNITS = 15_000
ROLE_WEIGHTS = {"manager": 0.6, "peer": 0.2, "skip_level": 0.2, "self": 0.0, "subordinate": 0.0}
PG_TYPES = {
    "ICC(1,1)": "ICC1",
    "ICC(A,1)": "ICC2",
    "ICC(C,1)": "ICC3",
    "ICC(1,k)": "ICC1k",
    "ICC(A,k)": "ICC2k",
    "ICC(C,k)": "ICC3k",
}
SCORE_ROLES = ["manager", "peer", "skip_level"]


def _save(frame: pd.DataFrame, path: Path) -> None:
    frame.reset_index(drop=True).to_parquet(path, index=False)


# --------------------------------------------------------------------------------------------
# the analyst's code
# --------------------------------------------------------------------------------------------
def distributions(df: pd.DataFrame) -> pd.DataFrame:
    """Role-weighted person scores, then describe() per top-level department and cycle."""
    r = df[df["score"].notna()]
    w = r["weight"].astype("float64").fillna(1.0).clip(lower=0.0)
    r = r.assign(_w=w, _ws=w * r["score"])
    src = r.groupby(["cycle_id", "employee_id", "rater_role"], observed=True)[["_ws", "_w"]].sum()
    src = (src["_ws"] / src["_w"]).rename("m").reset_index()
    src["W"] = src["rater_role"].astype(str).map(ROLE_WEIGHTS).fillna(0.0)
    src = src[(src["W"] > 0) & src["m"].notna()]
    src["Wm"] = src["W"] * src["m"]
    emp = src.groupby(["cycle_id", "employee_id"], observed=True)[["Wm", "W"]].sum()
    emp["score"] = emp["Wm"] / emp["W"]
    dept = df.groupby("employee_id", observed=True)["department"].first()
    emp = emp.reset_index()
    emp["unit"] = emp["employee_id"].map(dept).astype(str).str.split("/").str[0]
    g = emp.groupby(["unit", "cycle_id"], observed=True)["score"]
    out = g.agg(n="count", mean="mean", sd="std", median="median", skewness="skew")
    out["q1"] = g.quantile(0.25)
    out["q3"] = g.quantile(0.75)
    out["kurtosis"] = g.apply(pd.Series.kurt)
    return out.reset_index()


def _pairs(df: pd.DataFrame) -> pd.DataFrame:
    r = df[(df["rater_role"] != "self") & df["rater_id"].notna()]
    return (
        r.groupby(["cycle_id", "employee_id", "rater_id"], observed=True)
        .agg(score=("score", "mean"), department=("department", "first"))
        .reset_index()
    )


def icc_pingouin(df: pd.DataFrame, rec_extra: dict) -> pd.DataFrame:
    """First ICC_K raters per employee and cycle; pingouin.intraclass_corr per cycle|department."""
    p = _pairs(df).sort_values(["cycle_id", "employee_id", "rater_id"])
    p["slot"] = p.groupby(["cycle_id", "employee_id"], observed=True).cumcount()
    p = p[p["slot"] < ICC_K]
    size = p.groupby(["cycle_id", "employee_id"], observed=True)["slot"].transform("size")
    p = p[size == ICC_K]
    p["group"] = p["cycle_id"].astype(str) + "|" + p["department"].astype(str).str.split("/").str[0]
    rows = []
    groups = list(p.groupby("group", observed=True))
    total_rows = sum(len(g) for _, g in groups)
    t0, done_rows = time.perf_counter(), 0
    for name, sub in groups:  # the analyst's per-group loop
        res = pg.intraclass_corr(data=sub, targets="employee_id", raters="slot", ratings="score")
        for row in res.itertuples():
            rows.append(
                {
                    "group": name,
                    "type": PG_TYPES[row.Type],
                    "icc": row.ICC,
                    "f": row.F,
                    "pval": row.pval,
                }
            )
        done_rows += len(sub)
        spent = time.perf_counter() - t0
        if spent > BUDGET_S and done_rows < total_rows:
            rec_extra["extrapolated_s"] = spent * total_rows / done_rows
            rec_extra["note"] += f"; sampled {len(rows) // 6}/{len(groups)} groups"
            break
    return pd.DataFrame(rows)


def alpha_krippendorff(df: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Per 1-5-scale cycle: units x values counts, then krippendorff.alpha (interval)."""
    last = df["cycle_order"].max()
    p = _pairs(df[df["cycle_order"] < last])
    p["score"] = p["score"].round(12)
    most = p.groupby("cycle_id", observed=True)["employee_id"].nunique().max()
    m = max(1, int(np.ceil(most / ALPHA_MAX_UNITS)))
    if m > 1:  # the package holds units x V x V floats: sample every m-th employee
        num = p["employee_id"].astype(str).str.extract(r"(\d+)", expand=False).astype("int64")
        p = p[num % m == 0]
    rows = []
    for cyc, c in p.groupby("cycle_id", observed=True):  # a handful of cycles
        vc = pd.crosstab(c["employee_id"], c["score"])
        a = krippendorff.alpha(
            value_counts=vc.to_numpy(),
            value_domain=vc.columns.to_numpy(),
            level_of_measurement="interval",
        )
        rows.append({"cycle_id": cyc, "alpha": a})
    return pd.DataFrame(rows), m


def rater_effects_lsqr(df: pd.DataFrame) -> pd.DataFrame:
    """Dimension-adjusted pair means; OLS y ~ ratee + rater dummies by sparse LSQR; rater
    effects centred within each connected rater set (the estimable contrasts)."""
    r = df[(df["rater_role"] != "self") & df["rater_id"].notna() & df["score"].notna()]
    dm = r.groupby("dimension", observed=True)["score"].mean()
    d = dm - dm.mean()
    r = r.assign(adj=r["score"] - r["dimension"].map(d).astype("float64").fillna(0.0))
    pairs = (
        r.groupby(["cycle_id", "employee_id", "rater_id", "rater_role"], observed=True)["adj"]
        .mean()
        .reset_index()
    )
    ratee_key = pairs["cycle_id"].astype(str) + "|" + pairs["employee_id"].astype(str)
    ri, ratees = pd.factorize(ratee_key)
    rj, rater_ids = pd.factorize(pairs["rater_id"])
    n_i, n_j, n_p = len(ratees), len(rater_ids), len(pairs)
    rows = np.arange(n_p)
    a = sparse.hstack(
        [
            sparse.csr_matrix((np.ones(n_p), (rows, ri)), shape=(n_p, n_i)),
            sparse.csr_matrix((np.ones(n_p), (rows, rj)), shape=(n_p, n_j)),
        ]
    ).tocsr()
    # one LSQR run; its iteration cap comes from a short probe so a run past the budget stops
    y = pairs["adj"].to_numpy()
    t0 = time.perf_counter()
    lsqr(a, y, atol=1e-14, btol=1e-14, iter_lim=20)
    per_iter = (time.perf_counter() - t0) / 20
    cap = max(200, int((BUDGET_S - (time.perf_counter() - t0)) / per_iter))
    sol = lsqr(a, y, atol=1e-14, btol=1e-14, iter_lim=cap)
    iters, converged, extra = int(sol[2]), sol[1] != 7, {"note": ""}
    if not converged:
        extra["note"] = (
            f"; NOT converged at its cap of {cap} iterations (~{BUDGET_S:.0f} s): "
            "time is a lower bound, numbers checked at smaller scales"
        )
        extra["lower_bound"] = True
    extra["note"] = f"; {iters} LSQR iterations" + extra["note"]
    b = sol[0][n_i:]
    m = np.bincount(ri, minlength=n_i)
    identified = np.bincount(rj, weights=(m[ri] > 1).astype(float), minlength=n_j) > 0
    graph = sparse.coo_matrix((np.ones(n_p), (ri, n_i + rj)), shape=(n_i + n_j, n_i + n_j))
    _, lab = csgraph.connected_components(graph, directed=False)
    comp = pd.Series(b[identified]).groupby(lab[n_i:][identified]).transform("mean").to_numpy()
    eff = np.full(n_j, np.nan)
    eff[identified] = b[identified] - comp
    out = pd.DataFrame({"rater_id": np.asarray(rater_ids), "effect_fixed": eff})
    out.attrs["lsqr"] = {"iterations": iters, "converged": converged}
    if not converged:
        out["effect_fixed"] = np.nan  # not a solution: no number check
    return out, extra


def gaps(df: pd.DataFrame) -> pd.DataFrame:
    """Per person and cycle: mean of each source (over its raters), peer SD, the two gaps, and
    the re-check list (|gap| > one grade)."""
    w = df["weight"].astype("float64").fillna(1.0)
    r = df[df["score"].notna() & (w > 0)]
    w = w[r.index]
    rk = (
        r["rater_id"]
        .astype(object)
        .where(r["rater_id"].notna(), "<" + r["rater_role"].astype(str) + ">")
    )
    r = r.assign(_rk=rk, _w=w, _ws=w * r["score"])
    keys = ["cycle_id", "employee_id", "rater_role", "_rk"]
    per = r.groupby(keys, observed=True)[["_ws", "_w"]].sum()
    per = (per["_ws"] / per["_w"]).rename("m").reset_index()
    per["rater_role"] = per["rater_role"].astype(str)
    src = per.pivot_table(
        index=["cycle_id", "employee_id"],
        columns="rater_role",
        values="m",
        aggfunc=["mean", "count"],
        observed=True,
    )
    out = src["mean"].copy()
    out["n_peer"] = src["count"]["peer"].fillna(0)
    out["peer_sd"] = (
        per[per["rater_role"] == "peer"]
        .groupby(["cycle_id", "employee_id"], observed=True)["m"]
        .std()
    )
    out["gap_self_manager"] = out["self"] - out["manager"]
    out["gap_manager_peer"] = out["manager"] - out["peer"]
    tcrit = stats.t.ppf(0.975, np.maximum(out["n_peer"] - 1, 1))
    se = out["peer_sd"] / np.sqrt(out["n_peer"])
    out["mp_ci95_low"] = out["gap_manager_peer"] - tcrit * se
    out["mp_ci95_high"] = out["gap_manager_peer"] + tcrit * se
    flag = ((out["gap_manager_peer"].abs() > 0.25) & (out["n_peer"] >= 2)) | (
        out["gap_self_manager"].abs() > 0.25
    )
    recheck = (
        out[flag]
        .assign(max_gap=lambda x: x[["gap_manager_peer", "gap_self_manager"]].abs().max(axis=1))
        .sort_values("max_gap", ascending=False)
    )
    out.attrs["recheck_rows"] = len(recheck)
    return out.reset_index()


def attribution(df: pd.DataFrame, effects: pd.DataFrame) -> pd.DataFrame:
    """Consecutive-cycle change per person split into company, department, rater, individual.

    The person score (docs/methods.md, "The person score"): rater j's dimension-weighted mean
    s_j, weighted by its role's weight renormalised over the roles present times its share of
    the role's dimension weights."""
    r = df[df["rater_role"].isin(SCORE_ROLES) & np.isfinite(df["score"])]
    w = r["weight"].astype("float64").fillna(1.0).clip(lower=0.0)
    r = r.assign(_w=w, _ws=w * r["score"])
    per = (
        r.groupby(["cycle_order", "employee_id", "rater_id", "rater_role"], observed=True)
        .agg(_ws=("_ws", "sum"), d=("_w", "sum"), dept_path=("department", "first"))
        .reset_index()
    )
    per = per[per["d"] > 0].copy()
    per["s"] = per["_ws"] / per["d"]
    per["W"] = per["rater_role"].astype(str).map(ROLE_WEIGHTS).fillna(0.0)
    per = per[per["W"] > 0].copy()
    role_d = per.groupby(["cycle_order", "employee_id", "rater_role"], observed=True)["d"]
    per["share"] = per["W"] * per["d"] / role_d.transform("sum")
    person = per.groupby(["cycle_order", "employee_id"], observed=True)["share"]
    per["w"] = per["share"] / person.transform("sum")
    eff = effects.set_index("rater_id")["effect"]
    per["eff"] = per["rater_id"].map(eff).astype("float64").fillna(0.0)
    per["ws"] = per["w"] * per["s"]
    per["weff"] = per["w"] * per["eff"]
    per["w2"] = per["w"] ** 2
    cyc = r.groupby("cycle_order", observed=True)["cycle_id"].first()
    emp = (
        per.groupby(["cycle_order", "employee_id"], observed=True)
        .agg(
            score=("ws", "sum"),
            score_sd=("s", "std"),
            effect=("weff", "sum"),
            w2=("w2", "sum"),
            n_raters=("s", "size"),
            dept_path=("dept_path", "first"),
        )
        .reset_index()
    )
    emp["adjusted"] = emp["score"] - emp["effect"]
    emp["dept"] = emp["dept_path"].astype(str).str.split("/").str[0]
    orders = np.sort(emp["cycle_order"].unique())
    nxt = pd.Series(orders[1:], index=orders[:-1])
    a = emp[emp["cycle_order"].isin(nxt.index)].copy()
    a["to_order"] = a["cycle_order"].map(nxt)
    p = a.merge(
        emp,
        left_on=["to_order", "employee_id"],
        right_on=["cycle_order", "employee_id"],
        suffixes=("_from", "_to"),
    )
    p["dept"] = p["dept_to"].fillna(p["dept_from"])
    p["change"] = p["score_to"] - p["score_from"]
    p["_da"] = p["adjusted_to"] - p["adjusted_from"]
    p["rater"] = p["effect_to"] - p["effect_from"]
    p["company"] = p.groupby("cycle_order_from")["_da"].transform("mean")
    dept_mean = p.groupby(["cycle_order_from", "dept"])["_da"].transform("mean")
    p["department"] = dept_mean - p["company"]
    p["individual"] = p["change"] - p["company"] - p["department"] - p["rater"]
    v1 = p["score_sd_from"] ** 2 * p["w2_from"]
    v2 = p["score_sd_to"] ** 2 * p["w2_to"]
    p["change_se"] = np.sqrt(v1 + v2)
    dfree = (v1 + v2) ** 2 / (v1**2 / (1 / p["w2_from"] - 1) + v2**2 / (1 / p["w2_to"] - 1))
    tq = stats.t.ppf(0.975, dfree)
    p["change_ci95_low"] = p["change"] - tq * p["change_se"]
    p["change_ci95_high"] = p["change"] + tq * p["change_se"]
    p["from_cycle"] = p["cycle_order_from"].map(cyc)
    return p[
        [
            "employee_id",
            "from_cycle",
            "change",
            "change_se",
            "company",
            "department",
            "rater",
            "individual",
        ]
    ]


def _pct(frame: pd.DataFrame, col: str, by: list[str]) -> pd.Series:
    # the specification (docs/methods.md): mid-rank percentile, scores equal to 1e-9 tie (the
    # same mean summed in another order differs in the last bits)
    g = frame.assign(_key=frame[col].round(9)).groupby(by, observed=True)["_key"]
    return (g.rank(method="average") - 0.5) / g.transform("count")


def potential(
    adj: pd.DataFrame, employees: pd.DataFrame, rec_extra: dict, min_group: int = 10
) -> pd.DataFrame:
    """Percentile within job family x level (falling back as the product does) and an OLS slope
    per employee with scipy.stats.linregress in a groupby-apply."""
    s = adj.merge(employees[["employee_id", "job_family", "level"]], on="employee_id", how="left")
    s["job_family"] = s["job_family"].fillna("(unknown)")
    s["level"] = s["level"].fillna("(unknown)")
    g1, g2 = ["cycle_id", "job_family", "level"], ["cycle_id", "job_family"]
    n1 = s.groupby(g1)["adjusted"].transform("size")
    n2 = s.groupby(g2)["adjusted"].transform("size")
    s["pct_adjusted"] = np.where(
        n1 >= min_group,
        _pct(s, "adjusted", g1),
        np.where(n2 >= min_group, _pct(s, "adjusted", g2), _pct(s, "adjusted", ["cycle_id"])),
    )
    latest = s.sort_values("cycle_order").groupby("employee_id").tail(1).set_index("employee_id")

    def fit(e: pd.DataFrame) -> pd.Series:
        if len(e) < 3:
            return pd.Series({"slope": np.nan, "slope_se": np.nan, "slope_p": np.nan})
        res = stats.linregress(e["cycle_order"], e["adjusted"])
        return pd.Series({"slope": res.slope, "slope_se": res.stderr, "slope_p": res.pvalue})

    ids = s["employee_id"].unique()
    t0 = time.perf_counter()
    probe = s[s["employee_id"].isin(ids[: min(len(ids), 2000)])]
    slopes = [probe.groupby("employee_id")[["cycle_order", "adjusted"]].apply(fit)]
    spent = time.perf_counter() - t0
    projected = spent * len(ids) / min(len(ids), 2000)
    if len(ids) > 2000:
        if projected <= BUDGET_S:
            rest = s[s["employee_id"].isin(ids[2000:])]
            slopes.append(rest.groupby("employee_id")[["cycle_order", "adjusted"]].apply(fit))
        else:
            rec_extra["extrapolated_s"] = projected
            rec_extra["note"] += f"; slopes fitted for 2000/{len(ids)} employees"
    out = pd.concat(slopes)
    out["pct_adjusted"] = latest["pct_adjusted"].reindex(out.index)
    top = out.sort_values("pct_adjusted", ascending=False).head(50)  # the high-potential list
    out.attrs["top"] = len(top)
    return out.reset_index()


# --------------------------------------------------------------------------------------------
# the worker
# --------------------------------------------------------------------------------------------
def run_analyst(folder: Path) -> dict:
    rec = Recorder("analyst")
    mem = RssSampler(guard_file=folder / "analyst_guard.json").start()
    rec.info["rss_baseline"] = rss_bytes()  # interpreter + libraries, before any data
    mem.set_phase("load")
    with rec.time("analyst_load", note="pandas.read_parquet; key columns as category") as x:
        df = pd.read_parquet(folder / "ratings.parquet")
        for col in ("cycle_id", "rater_role", "dimension", "department"):
            df[col] = df[col].astype("category")
        x["rows"] = len(df)
    effects = pd.read_parquet(folder / "effects.parquet")
    adj = pd.read_parquet(folder / "adjusted.parquet")
    employees = pd.read_parquet(folder / "employees.parquet")
    n = len(df)
    mem.set_phase("analyses")

    res = rec.run(
        "distributions", lambda: distributions(df), n, "groupby means + describe per unit, cycle"
    )
    _save(res, folder / "analyst_distributions.parquet")

    def icc_() -> tuple:
        x = {"_extra": True, "note": ""}
        return icc_pingouin(df, x), x

    res = rec.run("icc", icc_, n, "pandas pair means + pingouin.intraclass_corr per group")
    _save(res, folder / "analyst_icc.parquet")

    def alpha_() -> tuple:
        out, m = alpha_krippendorff(df)
        x = {"_extra": True, "m": m}
        if m > 1:
            x["note"] = f"; every {m}th employee (the package holds units x V^2 floats)"
        return (out, m), x

    res, m = rec.run("alpha", alpha_, n, "pandas crosstab + krippendorff.alpha per cycle")
    rec.info["alpha_sample_every"] = m
    if m > 1:  # its time grows linearly with units: extrapolate the sample's time
        rec.timings[-1].extrapolated_s = rec.timings[-1].wall_s * m
    _save(res, folder / "analyst_alpha.parquet")

    def effects_() -> tuple:
        out, x = rater_effects_lsqr(df)
        return out, {"_extra": True, **x}

    res = rec.run("rater_effects", effects_, n, "pandas pair means + scipy.sparse lsqr")
    rec.info["lsqr"] = res.attrs.get("lsqr")
    _save(res, folder / "analyst_rater_effects.parquet")

    res = rec.run("gaps", lambda: gaps(df), n, "groupby + pivot_table + scipy t")
    rec.info["recheck_rows"] = res.attrs.get("recheck_rows")
    _save(res, folder / "analyst_gaps.parquet")

    res = rec.run("attribution", lambda: attribution(df, effects), n, "groupby + merge + transform")
    _save(res, folder / "analyst_attribution.parquet")

    def potential_() -> tuple:
        x = {"_extra": True, "note": ""}
        return potential(adj, employees, x), x

    res = rec.run(
        "potential",
        potential_,
        len(adj),
        "rank per peer group + linregress per employee (groupby-apply)",
    )
    _save(res, folder / "analyst_potential.parquet")

    rec.info["rss_peak_by_phase"] = mem.stop()
    rec.info["ru_maxrss"] = peak_rss_bytes()
    result = rec.as_dict()
    write_json(folder / "analyst.json", result)
    return result
