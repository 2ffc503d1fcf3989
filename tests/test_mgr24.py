"""Manager-only designs (teams of 3-8, half-year cycles; rev23a item 6, session 24): the
variance components when raters are nested in people, central tendency pooled over cycles,
the team means against their department, and rater leniency identified through people who
change manager between cycles."""

from __future__ import annotations

import pickle

import duckdb
import numpy as np
import polars as pl
import pytest

from analytics.findings.headlines import nested_lines
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.stats import agreement, raters
from analytics.store import db
from analytics.text import render, render_column, render_frame
from tests.app.apptest import open_page
from tests.sim.managers import manager_rates


def _near_nested(seed: int = 3, movers: int = 3) -> pl.DataFrame:
    """120 people in 24 teams of 5, 3 cycles; person variance 1, rater variance 0.5, noise
    0.25; ``movers`` people of team 0 change to team 1's manager in the last cycle."""
    rng = np.random.default_rng(seed)
    lead = rng.normal(0, np.sqrt(0.5), 24)
    rows = []
    for p in range(120):
        level = rng.normal(0, 1)
        for c in range(3):
            team = 1 if (p < movers and c == 2) else p // 5
            score = level + lead[team] + rng.normal(0, 0.5)
            rows.append((f"E{p}", f"M{team}", f"c{c}", score))
    return pl.DataFrame(rows, schema=["person", "rater", "cycle", "score"], orient="row")


def test_nested_raters_cannot_be_separated_in_the_variance_components():
    """Item 4: with 3 of 120 people changing manager, method 1 split the team's level between
    the raters and the people as if people were assigned to managers at random (the
    reviewer's export: raters 3.1 "estimable", people 0). Now the rater rows say they cannot
    be separated (``nested_rater``, inside the person's) and the person's part holds both:
    about 1 + 0.5."""
    df = _near_nested()
    assert agreement.raters_nested(df)
    g = agreement.g_study(df, "person", "rater", "score", "cycle", boot=20)
    rows = {r["component"]: r for r in g.iter_rows(named=True)}
    assert list(rows) == ["p", "r", "c", "pr", "pc", "rc", "residual"]
    for e, into in (("r", "p"), ("pr", "p"), ("rc", "residual")):
        assert (rows[e]["estimable"], rows[e]["reason"], rows[e]["confounded_with"]) == (
            False,
            "nested_rater",
            into,
        )
        assert rows[e]["estimate"] is None and rows[e]["variance_ci95_low"] is None
    assert rows["r"]["n_levels"] == 24
    assert 1.0 < rows["p"]["estimate"] < 2.2  # person + rater (1.5), 120 people
    assert rows["p"]["variance_ci95_low"] < rows["p"]["estimate"] < rows["p"]["variance_ci95_high"]
    d = agreement.decision_study(g)
    assert d.filter(pl.col("n_raters") > 1)["phi"].null_count() == 36
    # a 360-like design (most people with several raters) is not nested: estimated as before
    crossed = pl.concat([df, df.with_columns(rater=pl.col("person") + "_peer")])
    assert not agreement.raters_nested(crossed)
    assert agreement.g_study(crossed, "person", "rater", "score", "cycle", boot=0).filter(
        pl.col("component") == "r"
    )["estimable"].to_list() == [True]


# --- the reviewer's workbook (rev23a's generator, the same draws) -----------------------------


@pytest.fixture(scope="module")
def rev23a(rev23a_db):
    """rev23a's original workbook imported as it is written (conftest's ``rev23a_db``, built
    once per run), its planted truth and its rater table."""
    truth = pickle.loads((rev23a_db.parent / "truth.pkl").read_bytes())
    con = duckdb.connect(str(rev23a_db), read_only=True)
    try:
        ratings = db.ratings_frame(con)
    finally:
        con.close()
    return truth, ratings, raters.rater_table(ratings)


def test_the_reviewers_severe_and_lenient_managers_are_found_through_the_team_that_moved(rev23a):
    """rev23a item 6: "158 位无法估计"; 000106 (about -8) whose team of 4 moves in 2026H1 to
    000108 (about +6, who keeps his own team) was not found although the same 4 people are
    rated by both. Now the two are linked by those 4 people and estimated across cycles, net
    of 生产中心's change that cycle: 000106 and 000108 each 5.8 points from the
    pair's mean (the truth: 0.85 x 14 = 11.9 points apart on the 总分 = 0.7 KPI + 0.3 价值观)."""
    truth, _ratings, tab = rev23a
    assert (truth["severe"]["id"], truth["lenient"]["id"]) == (106, 108)
    x = {r["rater_id"]: r for r in tab.iter_rows(named=True)}
    sev, len_ = x["000106"], x["000108"]
    # only the two of them are linked: their difference, not which one is off, so neither
    # is flagged (rev29a item 4: a neutral manager who left read "lenient" beside a severe
    # successor); the effect and its interval are kept
    for r, sign in ((sev, -1), (len_, 1)):
        assert r["status"] == "pair_only" and r["flag"] is None and r["fdr_flag"] is None
        assert r["interval_method"] == "links" and r["status_reason"]["code"] == "link_pair"
        assert (r["set_raters"], r["n_shared_ratees"]) == (2, 4)
        assert sign * r["effect"] == pytest.approx(0.058, abs=0.002)  # 5.8 points on 0-100
        assert r["ci95_low"] < r["effect"] < r["ci95_high"]
        assert sign * (r["ci95_high"] if sign < 0 else r["ci95_low"]) > r["threshold"]
        assert r["effect_shrunk"] is None  # relative to the pair: subtracted from no score
    assert sev["effect"] + len_["effect"] == pytest.approx(0.0, abs=1e-12)
    assert len_["effect"] - sev["effect"] == pytest.approx(0.85 * 0.14, abs=0.01)
    # nobody is flagged; the rest of the managers say why they cannot be estimated
    assert tab.filter(pl.col("status") == "flagged").height == 0
    codes = tab.filter(pl.col("n").is_not_null())["status_reason"].struct.field("code")
    # every other manager: 156 (the duplicate row that made 000103 and 000110 share 000317
    # in 2025H2 is quarantined whole since dup24)
    assert int((codes == "own_ratees_only").sum()) == 156
    for lang, said in (
        ("zh", "通过换人相连（4 人）"),
        ("en", "only two raters are linked (4 people)"),
    ):
        text = render_column(
            tab.filter(pl.col("rater_id") == "000106")["status_reason"], lang, "reason"
        )
        assert said in text[0] and (
            "两人之差的一半" in text[0] or "half their difference" in text[0]
        )


def test_the_reviewers_central_tendency_manager_is_judged(rev23a):
    """rev23a item 6: 000184 gives everyone 88-90 and was never judged ("只对至少 8 位被评人"),
    teams being 3-8. His 21 ratings of 7 people over three cycles are pooled: spread 0.12 of
    the department's other managers' (95% interval 0.08-0.24), q < 0.001: central tendency,
    with the caution beside it."""
    truth, _ratings, tab = rev23a
    assert truth["central_tendency"]["id"] == 184
    r = tab.filter(pl.col("rater_id") == "000184").row(0, named=True)
    assert r["ct_basis"] == "pooled_cycles" and r["ct_status"] == "flagged"
    assert (r["ct_n_ratees"], r["ct_n_ratings"]) == (7, 21)
    assert r["ct_ratio"] == pytest.approx(0.12, abs=0.01)
    assert r["ct_ci95_low"] < r["ct_ratio"] < r["ct_ci95_high"] < 0.5
    assert r["ct_q_value"] < 0.001 and "central_tendency" in r["flags"]
    assert tab.filter(pl.col("ct_status") == "flagged")["rater_id"].to_list() == ["000184"]
    cell = tab.filter(pl.col("rater_id") == "000184")["pattern_reason"]
    text = "; ".join(render_column(cell, "en", "reason")[0].to_list())
    assert "0.12" in text and "21 ratings" in text and "a team that is really even" in text
    # a manager of 3 people over two cycles is too few to tell, and says so
    few = tab.filter((pl.col("ct_status") == "too_few") & (pl.col("ct_n_ratings") < 8))
    assert few.height >= 1
    said = "；".join(render_column(few.head(1)["pattern_reason"], "zh", "reason")[0].to_list())
    assert "各周期合并" in said and "至少需 8 次评分" in said


def test_the_reviewers_page_sentence_and_team_means(rev23a):
    """rev23a item 6: say up front what cannot be judged; offer the team mean against the
    rest of its department with n and an interval, labelled as not leniency."""
    _truth, _ratings, tab = rev23a
    lines = nested_lines(tab)
    assert lines == [("raters.nested_upfront_links", {"n": 158, "all": 158, "k": 2})]
    for lang in ("zh", "en"):
        words = render(lines[0][0], lang, **lines[0][1])
        assert "158" in words and ("不是宽严" in words if lang == "zh" else "not leniency" in words)
    team = tab.filter(pl.col("rater_id") == "000184").row(0, named=True)
    # everyone 88-90 while the department averages about 79: +10 points, team and standard
    assert team["team_diff"] == pytest.approx(0.100, abs=0.005)
    assert team["team_ci95_low"] < team["team_diff"] < team["team_ci95_high"]
    assert (team["team_people"], team["team_cycles"]) == (7, 3)
    # the linked managers have an effect, not a team mean
    assert tab.filter(pl.col("rater_id") == "000106")["team_diff"].to_list() == [None]


# --- simulated manager-only companies (tests/sim/managers.py) ---------------------------------


def test_links_find_planted_managers_and_flag_few_on_a_null_company():
    """Fast subset of ``python -m tests.sim.managers``: 3 null companies (takeovers, moves, a
    department downturn in the last cycle when two of its teams change manager) and 3 with
    planted managers +-6 points. Measured at 20 seeds in docs/methods.md."""
    null = manager_rates(range(3), plant=False)
    assert null["estimated_per_company"] > 30  # the links reach most managers
    assert null["false_flags"] <= 1 and null["ct_false"] == 0
    # without the department x cycle term the downturn is read as the new managers' severity
    blind = manager_rates(range(3), plant=False, one_department=True)
    assert blind["false_flags"] >= 3 > null["false_flags"]
    planted = manager_rates(range(3), plant=True)
    assert planted["wrong_sign"] == 0 and planted["unlinked_with_effect"] == 0
    assert planted["found"] >= 2 and planted["ct_recall_judged"] >= 0.9
    none = manager_rates(range(2), plant=True, p_takeover=0.0, p_move=0.0, downturn=0.0)
    # no links but the two forced takeovers of department 0: few managers estimated
    assert none["estimated_per_company"] <= 6


# --- the page and the export on the reviewer's workbook, imported through the CLI ----------
# (rev23a_db: tests/conftest.py, built once a run)


def test_the_variance_sheet_says_the_raters_cannot_be_separated(rev23a_db):
    """rev23a item 6: the XLSX sheet 分数的方差来源 said "评价人宽严 3.147, 可估计 是" and
    "被评人 0"; now the rater row cannot be separated (5 of 900 people changed manager) and
    the people hold the rest."""
    con = duckdb.connect(str(rev23a_db), read_only=True)
    try:
        g = compute_section("g_study", load_scope_lazy(con, Scope()))
    finally:
        con.close()
    rows = {r["facet"]: r for r in g.iter_rows(named=True)}
    assert (rows["r"]["estimable"], rows["r"]["reason"]) == (False, "nested_rater")
    assert rows["r"]["variance"] is None and rows["r"]["confounded_with"] == "p"
    assert rows["p"]["estimable"] and rows["p"]["share"] > 0.5
    sheet = render_frame(g.select("facet", "estimable", "reason"), "zh")
    said = sheet.filter(pl.col("facet") == render("facet.r", "zh"))["reason"][0]
    assert said.startswith("无法分开")


def test_the_rater_page_says_up_front_what_cannot_be_judged(rev23a_db, monkeypatch):
    """rev23a item 6 on the page (AppTest): one sentence first, the two managers the links
    estimate in the chart's table, the team means with their interval and the words that
    they are not leniency."""
    monkeypatch.setenv("PERFLENS_DB", str(rev23a_db))
    for lang in ("en", "zh"):
        at = open_page("pages/raters.py", lang)
        said = render("raters.nested_upfront_links", lang, n=158, all=158, k=2)
        assert [w.value for w in at.warning][:1] == [said]
        assert render("raters.team_means_note", lang) in [c.value for c in at.caption]
        bold = [m.value for m in at.markdown]
        assert f"**{render('raters.team_means', lang)}**" in bold


def test_two_linked_raters_carry_their_difference_not_a_flag():
    """rev29a item 4 by hand: A's 4 people move to B in c2 and score 0.10 higher there (B's
    other 4 and C's 4 stay, flat). The links give B - A = +0.10, as +0.05 and -0.05 from the
    pair's mean, with their intervals, far beyond a 0.01 threshold; but two linked raters say
    how far apart they are, not which one is off: neither is flagged."""
    from analytics.stats.links import link_effects

    wobble = [0.004, -0.004, 0.002, -0.002]
    rows = []
    for c, cycle in enumerate(("c1", "c2", "c3")):
        for i in range(4):
            moved = c > 0
            rows.append((cycle, f"a{i}", "B" if moved else "A", 0.5 + 0.10 * moved + wobble[i]))
            rows.append((cycle, f"b{i}", "B", 0.6 + wobble[(i + c) % 4]))
            rows.append((cycle, f"c{i}", "C", 0.4 + wobble[(i + 2 * c) % 4]))
    pairs = pl.DataFrame(rows, schema=["cycle_id", "employee_id", "rater_id", "y"], orient="row")
    got = link_effects(pairs, None, threshold=0.01)
    x = {r["rater_id"]: r for r in got.iter_rows(named=True)}
    assert x["B"]["link_effect"] == pytest.approx(0.05, abs=0.003)
    assert x["A"]["link_effect"] == pytest.approx(-0.05, abs=0.003)
    assert x["A"]["link_set_raters"] == x["B"]["link_set_raters"] == 2
    assert x["B"]["link_ci95_low"] > 0.01 and x["A"]["link_ci95_high"] < -0.01  # far apart
    assert x["A"]["link_flag"] is None and x["B"]["link_flag"] is None
    assert x["A"]["link_fdr_flag"] is None and x["B"]["link_fdr_flag"] is None


def test_a_team_is_compared_with_the_whole_rest_of_its_department():
    """rev29a item 6 by hand: one department, three cycles; teams A 0.70, B 0.50, F 0.60 and
    C 0.40 (whose 4 people C hands to E in c3: C and E are linked, not nested). A's gap is
    0.70 - (0.50 + 0.40 + 0.60) / 3 = +0.20 over the 12 other pairs a cycle (36 in all); with
    the rest cut to the nested managers B and F it had read 0.70 - 0.55 = +0.15 over 24."""
    from analytics.stats import raters
    from tests.sim.frames import ratings_frame

    wob = np.array([0.01, -0.01, 0.02, -0.02])
    level = {"A": 0.70, "B": 0.50, "C": 0.40, "F": 0.60}
    blocks = []
    for c in range(3):
        emp, rater, y = [], [], []
        for t, lv in level.items():
            for i in range(4):
                emp.append(f"{t}{i}")
                rater.append("E" if (t == "C" and c == 2) else t)
                y.append(lv + wob[(i + c) % 4])
        n = len(emp)
        blocks.append(
            ratings_frame(
                f"c{c + 1}",
                c + 1,
                np.array(emp),
                np.array(rater),
                np.full(n, "manager"),
                np.array(y)[:, None],
                ("总分",),
                np.full(n, "D"),
                np.array(rater),
            )
        )
    tab = raters.rater_table(pl.concat(blocks))
    a = tab.filter(pl.col("rater_id") == "A").row(0, named=True)
    assert a["status_reason"]["code"] == "own_ratees_only"
    assert a["team_diff"] == pytest.approx(0.20, abs=1e-9)
    assert (a["team_rest_n"], a["team_people"], a["team_cycles"]) == (36, 4, 3)
    assert tab.filter(pl.col("rater_id").is_in(["C", "E"]))["team_diff"].null_count() == 2
