"""Tests of analytics.stats.gaps with hand-worked numbers."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import gaps as G

SCHEMA = {
    "cycle_id": pl.String,
    "cycle_order": pl.Int32,
    "employee_id": pl.String,
    "rater_id": pl.String,
    "rater_role": pl.String,
    "dimension": pl.String,
    "score": pl.Float64,
    "weight": pl.Float64,
}


def ratings() -> pl.DataFrame:
    rows = []

    def add(emp, rater, role, a, b, wa=1.0, wb=1.0):
        rows.append(("2025Q1", 1, emp, rater, role, "a", a, wa))
        rows.append(("2025Q1", 1, emp, rater, role, "b", b, wb))

    # E1: self 0.5; manager 1.0 (w3) / 0.0 (w1) -> 0.75; peers 0.25 and 0.5 -> 0.375
    add("E1", "E1", "self", 0.5, 0.5)
    add("E1", "M", "manager", 1.0, 0.0, 3.0, 1.0)
    add("E1", "P1", "peer", 0.25, 0.25)
    add("E1", "P2", "peer", 0.5, 0.5)
    # E2: self 1.0, manager 0.5, a single peer 0.0
    add("E2", "E2", "self", 1.0, 1.0)
    add("E2", "M", "manager", 0.5, 0.5)
    add("E2", "P1", "peer", 0.0, 0.0)
    # E3: everyone 0.5, skip-level 0.75, one aggregated (null id) peer source
    add("E3", "E3", "self", 0.5, 0.5)
    add("E3", "M", "manager", 0.5, 0.5)
    add("E3", "P1", "peer", 0.5, 0.5)
    add("E3", None, "peer", 0.25, 0.75)
    add("E3", "S", "skip_level", 0.75, 0.75)
    # E4: self 0.25, manager 0.75, peers 0.5, 0.5, 0.25
    add("E4", "E4", "self", 0.25, 0.25)
    add("E4", "M", "manager", 0.75, 0.75)
    add("E4", "P1", "peer", 0.5, 0.5)
    add("E4", "P2", "peer", 0.5, 0.5)
    add("E4", "P3", "peer", 0.25, 0.25)
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").with_columns(
        department=pl.lit("销售中心/华东区"),
        team=pl.lit("T"),
        level=pl.lit("P5"),
        job_family=pl.lit("销售"),
        manager_id=pl.lit("M"),
    )


def test_source_means_hand_worked() -> None:
    sm = G.source_means(ratings())
    assert sm["employee_id"].to_list() == ["E1", "E2", "E3", "E4"]
    e1 = sm.row(0, named=True)
    assert e1["self"] == 0.5 and e1["manager"] == 0.75 and e1["peer"] == 0.375
    assert e1["n_peer"] == 2 and e1["n_manager"] == 1 and e1["n_self"] == 1
    assert e1["skip_level"] is None and e1["n_skip_level"] == 0
    assert e1["peer_sd"] == pytest.approx(0.1767766953)  # sd(0.25, 0.5)
    assert e1["gap_self_manager"] == -0.25 and e1["gap_manager_peer"] == 0.375
    assert e1["department"] == "销售中心/华东区" and e1["cycle_order"] == 1
    e3 = sm.row(2, named=True)
    # the aggregated peer source (mean 0.5) counts as one rater
    assert e3["n_peer"] == 2 and e3["peer"] == 0.5
    assert e3["skip_level"] == 0.75 and e3["n_skip_level"] == 1
    assert sm.row(1, named=True)["peer_sd"] is None  # one peer


def test_recheck_list_hand_worked() -> None:
    rl = G.recheck_list(ratings())
    assert rl["employee_id"].to_list() == ["E2", "E4", "E1"]
    assert rl["rank"].to_list() == [1, 2, 3]
    e2, e4, e1 = (rl.row(i, named=True) for i in range(3))
    # E2: one peer only -> no manager_peer flag although |0.5 - 0.0| > 0.25
    assert e2["reasons"] == ["self_manager"]
    assert e2["gap_self_manager"] == 0.5
    assert e2["max_gap"] == 0.5
    # E4: both reasons; self gap -0.5 is the largest
    assert e4["reasons"] == ["manager_peer", "self_manager"]
    assert e4["gap_manager_peer"] == pytest.approx(0.75 - 1.25 / 3)
    assert e4["max_gap"] == 0.5
    # peer sd(0.5, 0.5, 0.25) = 0.1443376, SE = 0.0833333, t(0.975, 2) = 4.3026527
    assert e4["mp_se"] == pytest.approx(0.0833333333)
    assert e4["mp_ci95_low"] == pytest.approx(0.3333333333 - 4.3026527 * 0.0833333333, rel=1e-6)
    assert e4["mp_ci95_high"] == pytest.approx(0.3333333333 + 4.3026527 * 0.0833333333, rel=1e-6)
    # E1: self gap exactly -0.25 is NOT beyond 0.25; manager-peer 0.375 with 2 peers is
    assert e1["reasons"] == ["manager_peer"]
    assert "gap_manager_peer_points" not in rl.columns  # one unit: 0-1, as the means (rev19e)
    # SE = 0.1767767 / sqrt(2) = 0.125, t(0.975, 1) = 12.7062047
    assert e1["mp_se"] == pytest.approx(0.125)
    assert e1["mp_ci95_low"] == pytest.approx(0.375 - 12.7062047 * 0.125, rel=1e-6)
    assert e1["mp_ci95_high"] == pytest.approx(0.375 + 12.7062047 * 0.125, rel=1e-6)
    assert e1["threshold"] == 0.25 and e1["self_threshold"] == 0.25


def test_recheck_thresholds_and_min_peers() -> None:
    rl = G.recheck_list(ratings(), threshold=0.4, self_threshold=0.6, min_peers=1)
    # only E2's manager-peer gap 0.5 (now allowed with 1 peer) is beyond 0.4
    assert rl["employee_id"].to_list() == ["E2"]
    assert rl["reasons"].to_list() == [["manager_peer"]]
    assert rl["mp_ci95_low"][0] is None  # no CI from a single peer


def test_no_weight_column_and_empty_result() -> None:
    df = ratings().drop("weight")
    sm = G.source_means(df)
    # unweighted: manager of E1 = mean(1.0, 0.0)
    assert sm.filter(pl.col("employee_id") == "E1")["manager"][0] == 0.5
    same = df.filter(pl.col("employee_id") == "E3")
    assert G.recheck_list(same).height == 0


# --- determinism: gaps of exactly one grade and ties in the ranking ---------------------------
# Five peers whose mean is 0.25 in exact arithmetic; summed in different orders the float mean
# is 0.25 - 6e-17, 0.25 or 0.25 + 6e-17, so a manager at 0.5 sits exactly one grade above them.
_TIED_PEERS = (0.14, 0.58, 0.35, 0.13, 0.05)


def _tie_ratings(order: list[int]) -> pl.DataFrame:
    rows = []
    for emp, mgr in (("A", 0.5), ("B", 0.75), ("C", 0.75)):
        rows.append(("2025Q1", 1, emp, "M", "manager", "a", mgr, 1.0))
        peers = [0.25, 0.25] if emp == "C" else _TIED_PEERS  # C: the same 0.5 gap, exact
        for i in order[: len(peers)] if emp != "C" else range(2):
            rows.append(("2025Q1", 1, emp, f"P{i}", "peer", "a", peers[i], 1.0))
    # E: clearly more than one grade (0.26), flagged
    rows.append(("2025Q1", 1, "E", "M", "manager", "a", 0.51, 1.0))
    rows += [("2025Q1", 1, "E", f"P{i}", "peer", "a", 0.25, 1.0) for i in range(2)]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def test_recheck_exact_one_grade_is_never_flagged_whatever_the_row_order() -> None:
    import itertools

    results = []
    for order in itertools.permutations(range(5)):
        frame = _tie_ratings(list(order))
        # the row order changes the order of the float sums
        results.append(G.recheck_list(frame.sample(fraction=1.0, shuffle=True, seed=sum(order))))
    first = results[0]
    assert first["employee_id"].to_list() == ["B", "C", "E"]  # A's exact 0.25 is not a flag
    assert first["rank"].to_list() == [1, 2, 3]  # B and C tie on 0.5: the id decides
    for other in results[1:]:
        assert other.select("employee_id", "rank", "reasons").equals(
            first.select("employee_id", "rank", "reasons")
        )


def test_recheck_from_given_source_means() -> None:
    df = ratings()
    sm = G.source_means(df)
    # the ratings are not needed once the source means are at hand
    assert G.recheck_from_means(sm).equals(G.recheck_list(df))
    with pytest.raises(ValueError, match=r"column\(s\) not in source_means"):
        G.recheck_from_means(sm.drop("peer_sd"))


def test_categorical_ratings_give_the_same_frames() -> None:
    df = ratings()
    cat = df.with_columns(
        pl.col(
            "cycle_id",
            "employee_id",
            "rater_role",
            "dimension",
            "department",
            "team",
            "level",
            "job_family",
            "manager_id",
        ).cast(pl.Categorical)
    )
    assert G.source_means(cat).equals(G.source_means(df))
    assert G.recheck_list(cat).equals(G.recheck_list(df))


def test_source_summary_hand_worked() -> None:
    """Self means .5, 1, .5, .25; gaps self - manager -.25, .5, 0, -.5 (paired, per person);
    one skip-level rating: no interval."""
    from scipy import stats

    s = G.source_summary(G.source_means(ratings()))
    row = {r["measure"]: r for r in s.iter_rows(named=True)}
    assert list(row) == [
        "self",
        "manager",
        "peer",
        "skip_level",
        "gap_self_manager",
        "gap_manager_peer",
    ]
    self_ = row["self"]
    assert self_["n"] == 4 and self_["mean"] == pytest.approx(0.5625)
    lo, hi = stats.t.interval(0.95, 3, loc=0.5625, scale=stats.sem([0.5, 1.0, 0.5, 0.25]))
    assert self_["ci95_low"] == pytest.approx(lo) and self_["ci95_high"] == pytest.approx(hi)
    gap = row["gap_self_manager"]
    assert gap["n"] == 4 and gap["mean"] == pytest.approx((-0.25 + 0.5 + 0 - 0.5) / 4)
    lo, hi = stats.t.interval(0.95, 3, loc=gap["mean"], scale=stats.sem([-0.25, 0.5, 0, -0.5]))
    assert gap["ci95_low"] == pytest.approx(lo) and gap["ci95_high"] == pytest.approx(hi)
    skip = row["skip_level"]
    assert skip["n"] == 1 and skip["mean"] == 0.75 and skip["ci95_low"] is None
