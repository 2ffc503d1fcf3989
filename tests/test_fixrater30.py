"""fixrater30: rater findings in a 360 design where peers compress (rev30a items 2-4).

A company like the reviewer's (monthly 0-100, scaled to 0-1 here): each member is rated by
their team leader and three team-mates, the leaders by the head and by other leaders as
peers; peers squeeze everyone into 80 + 0.35 (true - 77). Small frames: a few hundred pairs.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.stats import raters as R
from analytics.text import render


def company(
    teams: int = 8, size: int = 8, cycles: int = 4, seed: int = 30, central: str | None = "L00"
) -> pl.DataFrame:
    """Teams of ``size`` members under a leader L00.., the leaders under the head H; the
    leader ``central`` gives every member 80."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, str, str, str, float]] = []
    leaders = [f"L{t:02d}" for t in range(teams)]
    members = {lead: [f"E{t:02d}{k}" for k in range(size)] for t, lead in enumerate(leaders)}
    ability = {p: rng.normal(77, 6) for lead in leaders for p in [lead, *members[lead]]}
    for c in range(cycles):
        cyc = f"2026-0{c + 1}"
        for lead in leaders:
            for person, boss, pool in [(lead, "H", [x for x in leaders if x != lead])] + [
                (m, lead, [x for x in members[lead] if x != m]) for m in members[lead]
            ]:
                true = ability[person] + rng.normal(0, 2)
                boss_score = 80.0 if boss == central else true + rng.normal(0, 3)
                rows.append((cyc, person, boss, "manager", boss_score))
                for peer in rng.choice(pool, 3, replace=False):
                    score = np.clip(80 + 0.35 * (true - 77) + rng.normal(0, 1.5), 75, 85)
                    rows.append((cyc, person, str(peer), "peer", float(score)))
    frame = pl.DataFrame(
        rows, schema=["cycle_id", "employee_id", "rater_id", "rater_role", "score"], orient="row"
    )
    return frame.with_columns(pl.col("score").round(0) / 100, dimension=pl.lit("overall"))


def test_central_tendency_is_judged_in_the_role_where_it_holds() -> None:
    """rev30a item 3: a leader who gives all her people exactly 80 and rates other leaders as
    a peer. Pooled over both roles her spread against the same people's other raters was
    0.81 (the peers' ratings she gives spread like anyone's, and her members' other raters
    are compressing peers): not flagged. Judged as a manager, against the managers' typical
    spread, she is."""
    df = company()
    ct = R.central_tendency(df)
    row = ct.filter(pl.col("rater_id") == "L00").row(0, named=True)
    assert row["role"] == "manager" and row["flag"] == "central_tendency"
    assert row["ratio"] == pytest.approx(0.0, abs=1e-6) and row["n_ratees"] == 8
    # the managers' typical spread against compressing peers: about 1 / 0.35 wider
    assert 2.0 < row["role_ratio"] < 4.0
    # nobody else: the other leaders as managers, and every peer, are clear or too few
    assert ct.filter(pl.col("flag").is_not_null())["rater_id"].to_list() == ["L00"]
    # pooled over her roles (the rule before) she was not flagged
    pooled = R._central_from_pairs(R._pair_frame(df), 0.5, 0.05, 8)
    before = pooled.filter(pl.col("rater_id") == "L00").row(0, named=True)
    assert before["flag"] is None and before["n_ratees"] > 8 and before["ratio"] > 0.5


def test_the_reason_names_the_role_in_both_languages() -> None:
    t = R.rater_table(company())
    row = t.filter(pl.col("rater_id") == "L00").row(0, named=True)
    assert row["ct_status"] == "flagged" and row["ct_role"] == "manager"
    (said,) = [r for r in row["pattern_reason"] if r["params"]["kind"] == "central_tendency"]
    assert said["code"] == "ct_role_typical_flagged"
    zh = render(f"reason.{said['code']}", "zh", **said["params"])
    en = render(f"reason.{said['code']}", "en", **said["params"])
    assert "作为上级评分" in zh and "一般上级" in zh and "manager" not in zh
    assert "rating as Manager" in en and f"{row['ct_role_ratio']:.2f}" in en


def test_no_central_rater_no_label() -> None:
    ct = R.central_tendency(company(central=None, seed=31))
    assert ct.filter(pl.col("flag").is_not_null()).height == 0


def test_pairs_outside_the_main_role_are_put_on_its_scale() -> None:
    """Hand-worked: peers rate every person exactly 0.03 above the managers; M2 rates E3, E4
    as their manager and E1 as a peer. Her peer pair is moved by the peers' gap onto the
    manager scale (0.63 -> 0.60); every other pair is as given."""
    true = {"E1": 0.6, "E2": 0.7, "E3": 0.8, "E4": 0.5}
    plan = [("M1", "manager", "E1"), ("M1", "manager", "E2"), ("M2", "manager", "E3")]
    plan += [("M2", "manager", "E4"), ("P1", "peer", "E1"), ("P1", "peer", "E3")]
    plan += [("P2", "peer", "E2"), ("P2", "peer", "E4"), ("M2", "peer", "E1")]
    df = pl.DataFrame(
        [
            ("c1", e, r, role, true[e] + (0.03 if role == "peer" else 0.0), "overall")
            for r, role, e in plan
        ],
        schema=["cycle_id", "employee_id", "rater_id", "rater_role", "score", "dimension"],
        orient="row",
    )
    pairs = R._pair_frame(df)
    des = R._design(pairs)
    y = pairs["y"].to_numpy()
    got = R._on_main_role_scale(y, des, R._role_codes(pairs, des)[0])
    moved = (pairs["rater_id"] == "M2") & (pairs["rater_role"] == "peer")
    assert got[moved.to_numpy()] == pytest.approx(y[moved.to_numpy()] - 0.03, abs=1e-12)
    assert got[~moved.to_numpy()] == pytest.approx(y[~moved.to_numpy()], abs=1e-12)


def test_a_head_rated_against_leaders_who_rate_as_peers_is_not_severe(monkeypatch) -> None:
    """rev30a item 2: the leaders are rated by the head (manager) and by other leaders as
    peers, who rate 3 points above managers. With one level per rater by main role the
    leaders' peer ratings carried the manager level and the head read severe (here -2.7
    points; in the reviewer's company -3.1 and -3.2, strictly flagged). On the manager
    scale the head is about 0."""
    df = company(seed=200, central=None)
    head = R.rater_table(df).filter(pl.col("rater_id") == "H").row(0, named=True)
    assert abs(head["effect"]) < 0.01 and head["status"] == "clear"
    monkeypatch.setattr(R, "_on_main_role_scale", lambda y, des, role: y)
    before = R.rater_table(df).filter(pl.col("rater_id") == "H").row(0, named=True)
    assert before["effect"] < -0.02 and before["ci95_high"] < 0


def test_with_fixed_intervals_a_flag_needs_the_false_discovery_rate_too() -> None:
    """rev30a item 4: in one cycle, where the F test cannot tell raters apart (fixed
    intervals), a peer with 3 ratees whose interval lay beyond the threshold was named lenient
    in the packet's headline at q 0.999. Here E010 (4 ratees, -6.5 points, q 0.24) is such a
    rater: not flagged, and no flag anywhere without q < 0.05."""
    t = R.rater_table(company(cycles=1, seed=8, central=None))
    assert set(t["interval_method"]) == {"fixed_fallback"}
    e010 = t.filter(pl.col("rater_id") == "E010").row(0, named=True)
    assert e010["ci95_high"] < -e010["threshold"] and e010["effect"] <= -e010["threshold"]
    assert e010["q_value"] >= 0.05 and e010["status"] == "clear" and e010["flags"] == []
    named = t.filter(pl.col("flags").list.set_intersection(["lenient", "severe"]).list.len() > 0)
    assert named.height and (named["q_value"] < 0.05).all()


def test_the_page_says_when_managers_are_compared_with_compressing_peers() -> None:
    """rev30a item 2: where the same people's other raters compress, the page says a
    manager's leniency can be measured against them only partly, with the managers' median
    slope; where roles spread people alike (the simulation's same-scale companies), nothing."""
    from ui.consistency import compressed_against

    t = R.rater_table(company(central=None))
    (got,) = compressed_against(t)
    managers = t.filter((pl.col("main_role") == "manager") & pl.col("discrimination").is_not_null())
    assert got == ("manager", pytest.approx(managers["discrimination"].median()))
    assert got[1] > 1.5
    zh = render("raters.compressed_others", "zh", role=got[0], slope=got[1])
    en = render("raters.compressed_others", "en", role=got[0], slope=got[1])
    assert f"{got[1]:.1f} 倍" in zh and "上级评价人" in zh and "manager" not in zh
    assert f"{got[1]:.1f} times" in en and en.startswith("Manager raters")
    same = t.with_columns(pl.lit(1.0).alias("discrimination"))
    assert compressed_against(same) == []


def test_a_label_in_the_peer_role_is_not_headlined_as_a_flat_team() -> None:
    """The overview and the packet said "2 位上级评分有趋中倾向（武诺琪（00428）、石娜桂（00263））：团队
    成员的分数几乎没有差异" on rev30a's data, though 00263 was labelled for his ratings of other
    leaders as a peer. The managers' headline keeps the managers; the others have their own."""
    from analytics.findings.headlines import headlines

    raters = pl.DataFrame(
        {
            "rater_id": ["L00", "L05", "E01"],
            "flags": [["central_tendency"], ["central_tendency"], []],
            "ct_role": ["manager", "peer", "peer"],
            # judged, none lenient or severe: the rater headlines are the central tendency's
            "status": ["clear"] * 3,
            "fdr_flag": [None] * 3,
            "flag": [None] * 3,
            "mde80": [0.1] * 3,
            "threshold": [0.1] * 3,
            "interval_method": ["model"] * 3,
        },
        schema_overrides={"fdr_flag": pl.String, "flag": pl.String},
    )
    found = {h.code: h for h in headlines({"raters": raters})}  # the public way (left31)
    assert set(found) == {"overview.headline_raters_ct", "overview.headline_raters_ct_other"}
    mgr, other = found["overview.headline_raters_ct"], found["overview.headline_raters_ct_other"]
    assert render(mgr.code, "zh", **mgr.params).startswith("1 位上级评分有趋中倾向（L00）")
    zh = render(other.code, "zh", **other.params)
    assert zh.startswith("1 位评价人以同事等非上级身份评分时有趋中倾向（L05）")
    assert render(other.code, "en", **other.params).startswith(
        "1 rater rates with central tendency in a role other than manager (L05)"
    )
