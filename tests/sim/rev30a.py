"""rev30a's design (``/tmp/rev-rev30a/gen.py``, session 30) without the workbook: 420 people
in 4 departments, teams of 5-9 under a leader, leaders under a head, 6 monthly cycles; each
person rated by their manager (true + noise) and 2-3 peers who compress (80 + 0.35 (true -
77), clipped to 75-85): members by team-mates, leaders by the department's other leaders,
heads by the other heads. Planted: a lenient (+6) and a severe (-6) leader, a stretching one
(twice the spread) and a central one (everyone 80). :func:`rates` counts over seeds what the
rater table finds (docs/methods.md, "Pairs outside the rater's main role"). Run:
``python -m tests.sim.rev30a 20``."""

# ruff: noqa
# fmt: off
from __future__ import annotations

import numpy as np
import polars as pl

def company(seed):
    rng = np.random.default_rng(seed)
    DEPTS = [("A", 252), ("B", 60), ("C", 56), ("D", 52)]
    emps = {}; nid = [101]
    def new(dept, team, mgr, role):
        i = f"{nid[0]:05d}"; nid[0] += 1
        emps[i] = dict(id=i, dept=dept, team=team, mgr=mgr, role=role, ability=float(rng.normal(77, 6)))
        return i
    heads, teams = {}, {}
    for dept, n in DEPTS:
        h = new(dept, dept + "0", "00001", "head"); heads[dept] = h
        remaining = n - 1; k = 1
        while remaining > 0:
            size = int(rng.integers(5, 10))
            if remaining - size < 5 and remaining - size != 0:
                size = remaining if remaining <= 9 else remaining - 5
            t = f"{dept}{k}"; k += 1
            L = new(dept, t, h, "leader")
            teams[t] = dict(dept=dept, leader=L, members=[new(dept, t, L, "member") for _ in range(size - 1)])
            remaining -= size
    def pick(dept, exclude=()):
        return [t for t, v in teams.items() if v["dept"] == dept and len(v["members"]) >= 6 and t not in exclude][0]
    T_str, T_len, T_sev = pick("B"), pick("C"), pick("D")
    T_cen = pick("C", (T_len,))
    rows = []
    for m in range(6):
        for e in emps.values():
            ts = e["ability"] + rng.normal(0, 2)
            L = teams[e["team"]]["leader"] if e["role"] == "member" else e["mgr"]
            r = ts + rng.normal(0, 3)
            if e["role"] == "member":
                t = e["team"]
                if t == T_str: r = 77 + 2 * (r - 77)
                if t == T_len: r += 6
                if t == T_sev: r -= 6
                if t == T_cen: r = 80
            rows.append((e["id"], m, L, "manager", min(100, max(0, round(r)))))
            if e["role"] == "member":
                pool = [x for x in teams[e["team"]]["members"] if x != e["id"]]
            elif e["role"] == "leader":
                pool = [t["leader"] for t in teams.values() if t["dept"] == e["dept"] and t["leader"] != e["id"]]
            else:
                pool = [h for h in heads.values() if h != e["id"]]
            k = min(len(pool), int(rng.integers(2, 4)))
            for p in rng.choice(pool, k, replace=False):
                s = round(80 + 0.35 * (ts - 77) + rng.normal(0, 1.5))
                rows.append((e["id"], m, str(p), "peer", min(85, max(75, s))))
    df = pl.DataFrame(rows, schema=["employee_id", "cycle_id", "rater_id", "rater_role", "score"], orient="row")
    df = df.with_columns(pl.col("cycle_id").cast(pl.String), score=pl.col("score") / 100, dimension=pl.lit("overall"))
    truth = dict(lenient=teams[T_len]["leader"], severe=teams[T_sev]["leader"], stretch=teams[T_str]["leader"],
                 central=teams[T_cen]["leader"], heads=list(heads.values()),
                 managers=[t["leader"] for t in teams.values()])
    return df, truth

def rates(seeds):
    from analytics.stats import raters
    out = dict(len_found=0, sev_found=0, heads_flagged=0, managers_false=0, others_false=0, central=0, ct_false=0)
    for s in seeds:
        df, tr = company(s)
        t = raters.rater_table(df)
        flagged = set(t.filter(pl.col("status") == "flagged")["rater_id"])
        eff = dict(zip(t["rater_id"], t["effect"]))
        out["len_found"] += tr["lenient"] in flagged and eff[tr["lenient"]] > 0
        out["sev_found"] += tr["severe"] in flagged and eff[tr["severe"]] < 0
        out["heads_flagged"] += len(flagged & set(tr["heads"]))
        plain = set(tr["managers"]) - {tr["lenient"], tr["severe"]}
        out["managers_false"] += len(flagged & plain)
        out["others_false"] += len(flagged - plain - set(tr["heads"]) - {tr["lenient"], tr["severe"]})
        ctf = set(t.filter(pl.col("ct_status") == "flagged")["rater_id"])
        out["central"] += tr["central"] in ctf
        out["ct_false"] += len(ctf - {tr["central"]})
    return out


if __name__ == "__main__":
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(rates(range(n)))


def one_cycle_rates(seeds, cycle="5"):
    """One month of the same companies, as a meeting packet fits it: raters named lenient or
    severe per company, those with q >= 0.05 among them, and the planted two found."""
    from analytics.stats import raters
    out = dict(named=0, named_q_over=0, planted_found=0)
    for s in seeds:
        df, tr = company(s)
        t = raters.rater_table(df.filter(pl.col("cycle_id") == cycle))
        named = t.filter(pl.col("status") == "flagged")
        out["named"] += named.height
        out["named_q_over"] += named.filter(pl.col("q_value") >= 0.05).height
        out["planted_found"] += len(set(named["rater_id"]) & {tr["lenient"], tr["severe"]})
    return out
