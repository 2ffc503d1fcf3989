"""rev29b (a statistician's simulated company): the effect at the middle of the scale taken
against raters of the same role, at the people the role rates (item 1)."""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.stats import raters as R


def okafor_like(seed: int = 29) -> tuple[pl.DataFrame, dict[str, float]]:
    """The reviewer's design, smaller: 2 departments of 6 teams of 7, each person rated by the
    manager (true level, one planted +0.08 and one -0.08), the department's skip-level (true
    level) and 3 peers of their own team who compress everyone to 0.75 + 0.2 (level - 0.70),
    2 cycles, 3 dimensions. Peers rate their own team only, as in the reviewer's file."""
    rng = np.random.default_rng(seed)
    planted = {"D0M1": 0.08, "D1M3": -0.08}
    rows = []
    for d in range(2):
        for t in range(6):
            team = [f"D{d}T{t}P{k}" for k in range(7)]
            level = rng.normal(0.70, 0.08, 7)
            for c in ("C1", "C2"):
                now = level + rng.normal(0, 0.02, 7)
                for who, a in zip(team, now):
                    mates = [p for p in team if p != who][:3]
                    raters = [(f"D{d}M{t}", "manager", a + planted.get(f"D{d}M{t}", 0), 0.04)]
                    raters += [(f"D{d}H", "skip_level", a, 0.05)]
                    raters += [(q, "peer", 0.75 + 0.2 * (a - 0.70), 0.02) for q in mates]
                    for rid, role, base, sd in raters:
                        for dim in ("delivery", "collaboration", "ownership"):
                            s = float(np.clip(base + rng.normal(0, sd), 0, 1))
                            rows.append((c, who, rid, role, dim, s))
    df = pl.DataFrame(
        rows,
        schema=["cycle_id", "employee_id", "rater_id", "rater_role", "dimension", "score"],
        orient="row",
    ).with_columns(cycle_order=pl.col("cycle_id").str.slice(1).cast(pl.Int32), weight=pl.lit(1.0))
    return df, planted


def test_the_middle_is_the_role_s_people_on_the_role_s_slope() -> None:
    """rev29b item 1: managers spread people 2.5 times as much as their compressing peers, so
    on each manager's own slope the effect at the middle of the scale (from the mean ratee,
    in the consensus net of the peers' effects, which took each team's level in) read -0.111
    and +0.103 for unbiased managers and -0.025 for one planted +8 ("scale use differs"). It
    is now the gap against the role's pooled slope at the people the role rates: checked by
    hand from the pair means, the planted managers flagged, no unbiased one."""
    df, planted = okafor_like()
    eff = R.rater_effects(df)
    mgr = eff.filter(pl.col("main_role") == "manager").sort("rater_id")
    # by hand: per pair, the other raters' mean of the same person and cycle (leave this rater
    # out, their own scores), less the cycle's mean ratee (the mean of the ratees' pair means)
    pairs = df.group_by("cycle_id", "employee_id", "rater_id", "rater_role").agg(
        y=pl.col("score").mean()
    )
    pairs = pairs.with_columns(
        s=pl.col("y").sum().over("cycle_id", "employee_id"),
        m=pl.len().over("cycle_id", "employee_id"),
        ybar=pl.col("y").mean().over("cycle_id", "employee_id"),
    )
    centre = pairs.group_by("cycle_id", "employee_id").agg(pl.col("ybar").first())
    centre = centre.group_by("cycle_id").agg(mid=pl.col("ybar").mean())
    x = (
        pairs.join(centre, on="cycle_id")
        .with_columns(x=(pl.col("s") - pl.col("y")) / (pl.col("m") - 1) - pl.col("mid"))
        .group_by("rater_id")
        .agg(x=pl.col("x").mean(), n=pl.len())
    )
    m = mgr.join(x, on="rater_id")
    judged = m.filter(pl.col("discrimination").is_not_null())  # the role's middle: its raters
    x_role = (judged["x"] * judged["n"]).sum() / judged["n"].sum()  # with a slope of their own
    by_hand = m["effect"] - (m["discrimination_role"] - 1.0) * (m["x"] - x_role)
    assert np.allclose(m["effect_centre"], by_hand, atol=1e-9)
    role_slope = m["discrimination_role"][0]
    assert (m["discrimination_role"] == role_slope).all() and 1.8 < role_slope < 4.0
    flagged = mgr.filter(pl.col("flag").is_not_null() | pl.col("fdr_flag").is_not_null())
    want = {r: "lenient" if e > 0 else "severe" for r, e in planted.items()}
    got = {
        r: (f or lf or "").removeprefix("likely_")
        for r, f, lf in zip(flagged["rater_id"], flagged["flag"], flagged["fdr_flag"])
    }
    assert got == want, mgr.select("rater_id", "effect", "effect_centre", "status")
    unbiased = mgr.filter(~pl.col("rater_id").is_in(list(planted)))
    assert unbiased["effect_centre"].abs().max() < 0.05, unbiased["effect_centre"]


def test_a_manager_who_alone_rates_a_whole_department_cautions_its_ranked_people() -> None:
    """rev29b item 3a: MF1 rated all 12 of Finance and nobody else did (not estimable, no rest
    of the department to set the team against: ``team_rest_n`` 0); 5 of the 21 ranked were
    Finance people with an empty Caution. A manager nobody else shares people with but whose
    department has others (M2, a team compared with the rest) and one not estimable for
    another reason (M3) get no such caution."""
    from analytics.stats import cautions
    from analytics.text import render_column

    def reason(code: str) -> dict:
        return {"code": code, "params": {"n": 12}}

    raters = pl.DataFrame(
        {
            "rater_id": ["MF1", "M2", "M3"],
            "status": ["not_estimable", "not_estimable", "not_estimable"],
            "status_reason": [
                reason("own_ratees_only"),
                reason("own_ratees_only"),
                reason("small_connected_set"),
            ],
            "n_ratees": [12, 6, 1],
            "team_rest_n": [0, 20, 0],
            "team_diff": [None, 0.0, None],
            "team_ci95_low": [None, -0.01, None],
            "team_ci95_high": [None, 0.01, None],
            "threshold": [0.03] * 3,
        }
    )
    rows = pl.DataFrame({"rank": [1, 2, 3], "employee_id": ["F1", "P2", "P3"]})
    changes = pl.DataFrame(
        {
            "employee_id": ["F1", "P2", "P3"],
            "manager_from": ["MF1", "M2", "M3"],
            "manager_to": ["MF1", "M2", "M3"],
        }
    )
    out = cautions.with_rater_cautions(rows, changes, raters)
    codes = out["caution"].list.eval(pl.element().struct.field("code")).to_list()
    assert codes == [["caution_whole_department"], [], []]
    en = render_column(out["caution"], "en", "reason")[0].to_list()
    assert en == [
        "the whole department is rated by one manager, MF1 (12 people), and by nobody else: "
        "the department's level and that manager's standard cannot be told apart, and their "
        "leniency is not corrected (other people's scores are), so the rank is not reliable"
    ]


def test_the_department_one_manager_rates_alone_is_named_with_the_rater() -> None:
    """rev29b item 3b: the Distributions page says which department's level includes one
    rater's standard that cannot be estimated (Finance and MF1, 12 people)."""
    from analytics.stats.cautions import whole_department_raters

    alone = {"code": "own_ratees_only", "params": {"n": 12}}
    raters = pl.DataFrame(
        {
            "rater_id": ["MF1", "M2"],
            "status": ["not_estimable", "clear"],
            "status_reason": [alone, {"code": "clear_power", "params": {"n": 7}}],
            "n_ratees": [12, 7],
            "team_rest_n": [0, 30],
        }
    )
    changes = pl.DataFrame(
        {
            "employee_id": ["F1", "F2", "S1"],
            "dept": ["Finance", "Finance", "Sales"],
            "manager_from": ["MF1", "MF1", "M2"],
            "manager_to": ["MF1", "MF1", "M2"],
        }
    )
    got = whole_department_raters(raters, changes)
    assert got.to_dicts() == [{"dept": "Finance", "rater_id": "MF1", "n": 12}]
    assert whole_department_raters(raters, None).is_empty()


def test_a_strict_flag_without_likely_is_said_in_a_sentence() -> None:
    """rev29b item 4: MS1 read "lenient" with "Likely (FDR)" blank (q 0.060): a sentence says
    the two columns are separate tests, counted over the raters where it happens only."""
    from analytics.findings.headlines import rater_status_lines

    raters = R.rater_effects(okafor_like()[0])  # D0M1 and D1M3 flagged, both tiers
    assert raters.filter(pl.col("flag").is_not_null())["fdr_flag"].is_not_null().all()
    assert "raters.strict_not_likely" not in dict(rater_status_lines(raters))
    raters = raters.with_columns(
        fdr_flag=pl.when(pl.col("rater_id") == "D0M1").then(None).otherwise("fdr_flag")
    )
    lines = dict(rater_status_lines(raters))
    assert lines.get("raters.strict_not_likely") == {"n": 1}
