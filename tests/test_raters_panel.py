"""Managers against an anonymous peer panel (analytics.stats.raters_panel; rev24b item 4): a
hand-worked small company, and the reviewer's wide export (manager + unnamed peers + self in
four of six cycles), where the rater model calls every manager "cannot be estimated"."""

from __future__ import annotations

import random
import shutil

import duckdb
import numpy as np
import polars as pl
import pytest
from scipy import stats

from analytics.findings.headlines import headlines
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.stats.multiplicity import bh
from analytics.stats.raters_panel import panel_leniency, with_panel_reasons
from analytics.text import phrase_value, render, render_frame
from tests.app.apptest import open_page
from tests.test_rev23b import DEPTS, MANAGER_ONLY

#: (manager, ratee) -> manager minus peer gap per cycle (None: no peer rating that cycle)
GAPS = {
    ("A", "a1"): (0.10, 0.12),
    ("A", "a2"): (0.10, None),
    ("A", "a3"): (0.12, 0.06),
    ("B", "b1"): (0.00, 0.00),
    ("B", "b2"): (-0.05, 0.05),
    ("B", "b3"): (-0.06, 0.00),
    ("C", "c1"): (-0.10, -0.10),
    ("C", "c2"): (-0.05, None),
    ("C", "c3"): (-0.15, -0.05),
    ("D", "d1"): (0.05, 0.05),  # two ratees: too few to compare (at least 3)
    ("D", "d2"): (0.00, None),
}


def small_company() -> pl.DataFrame:
    """Peers 0.5 on average (a panel of two anonymous rows, 0.45 and 0.55), the manager 0.5 +
    the gap; a self rating and a manager rating without a peer beside it count for nothing."""
    rows = []
    for (m, e), ds in GAPS.items():
        for c, d in zip(("c1", "c2"), ds):
            rows.append((c, e, m, "manager", 0.5 + (0.2 if d is None else d)))
            rows.append((c, e, e, "self", 0.9))
            if d is not None:
                rows += [(c, e, None, "peer", 0.45), (c, e, None, "peer", 0.55)]
    return pl.DataFrame(
        rows,
        schema=["cycle_id", "employee_id", "rater_id", "rater_role", "score"],
        orient="row",
    )


def test_hand_worked_gaps_centre_and_intervals():
    """By hand: ratee means over cycles (A: 0.11, 0.10, 0.09; B: 0, 0, -0.03; C: -0.10,
    -0.05, -0.10; D: 0.05, 0), manager means of them (0.10, -0.01, -0.08333, 0.025), the
    company's mean over the 11 ratee means (centre = 0.07/11 = 0.00636), effects = gap -
    centre (A +0.0936, B -0.0164, C -0.0897); se² = V_j (1 - 2 w_j) + s²_p / N with w_j =
    n/N, the pooled variance s²_p = (2(.0001) + 2(.0003) + 2(.00083333) + 1(.00125)) / 7 =
    0.000531 and V_j = max(var_j, s²_p) / n: A and B take the pooled variance (t on its 7 df),
    C its own 0.000833 (t on n - 1 = 2 df): A t = 8.25, p = 0.000075; B 1.44, 0.192; C 6.79,
    0.021; BH: q = 0.000224, 0.192, 0.0315: A lenient, C severe, B clear."""
    out = panel_leniency(small_company(), sd_employee=0.1)
    row = {r["rater_id"]: r for r in out.iter_rows(named=True)}
    assert set(row) == {"A", "B", "C", "D"}
    assert [row[m]["n_ratees"] for m in "ABCD"] == [3, 3, 3, 2]
    assert [row[m]["n_pairs"] for m in "ABCD"] == [5, 6, 5, 3]  # ratee-cycles with both
    assert row["A"]["gap_manager_peer"] == pytest.approx(0.10)
    assert row["B"]["gap_manager_peer"] == pytest.approx(-0.01)
    assert row["C"]["gap_manager_peer"] == pytest.approx(-0.25 / 3)
    centre = 0.07 / 11
    assert row["A"]["gap_centre"] == pytest.approx(centre)
    assert row["A"]["effect"] == pytest.approx(0.10 - centre)
    assert row["C"]["effect"] == pytest.approx(-0.25 / 3 - centre)
    s2p = (2 * 0.0001 + 2 * 0.0003 + 2 * 0.00083333333 + 1 * 0.00125) / 7
    se_a = np.sqrt(s2p / 3 * (1 - 2 * 3 / 11) + s2p / 11)  # the pooled variance: larger
    se_c = np.sqrt(0.00083333333 / 3 * (1 - 2 * 3 / 11) + s2p / 11)  # its own: larger
    assert row["C"]["se"] == pytest.approx(se_c, rel=1e-6)
    assert row["A"]["se"] == pytest.approx(se_a, rel=1e-6)
    t = stats.t.ppf(0.975, 7)  # the pooled variance's df
    eff_a = 0.10 - centre
    assert row["A"]["ci95_low"] == pytest.approx(eff_a - t * se_a, rel=1e-6)
    assert row["A"]["ci95_high"] == pytest.approx(eff_a + t * se_a, rel=1e-6)
    p_a = 2 * stats.t.sf(eff_a / se_a, 7)
    assert p_a == pytest.approx(0.000075, abs=1e-6)
    assert row["C"]["p_value"] == pytest.approx(2 * stats.t.sf((0.25 / 3 + centre) / se_c, 2))
    assert row["A"]["p_value"] == pytest.approx(p_a, rel=1e-6)
    # BH over the three managers compared (D has too few ratees and no test)
    p = [row[m]["p_value"] for m in "ABC"]
    assert [row[m]["q_value"] for m in "ABC"] == pytest.approx(list(bh(np.array(p))))
    assert row["D"]["status"] == "too_few" and row["D"]["se"] is None
    assert [row[m]["q_value"] for m in "ABC"] == pytest.approx([0.000224, 0.192, 0.0315], abs=1e-3)
    # threshold 0.3 x 0.1; A +0.094, q 0.0002 -> lenient; C -0.090, q 0.03 -> severe; B clear
    assert row["A"]["threshold"] == pytest.approx(0.03)
    assert (row["A"]["flag"], row["B"]["flag"], row["C"]["flag"]) == ("lenient", None, "severe")
    assert [row[m]["status"] for m in "ABCD"] == ["flagged", "clear", "flagged", "too_few"]
    assert row["C"]["effect_sd"] == pytest.approx((-0.25 / 3 - centre) / 0.1)


def test_an_interval_crossing_the_threshold_is_only_likely():
    """rev25b item 4: the panel printed "lenient" under the rule the rater model calls "likely
    lenient" (FDR-significant and beyond the threshold, the interval crossing it). With the
    threshold at 0.3 x 0.25 = 0.075: A +0.094 (interval +0.067 to +0.120, q 0.0002) and C
    -0.090 (-0.147 to -0.033, q 0.03) are likely lenient and likely severe; at 0.03 (the hand-
    worked case above) both intervals lie wholly beyond it: lenient and severe."""
    out = panel_leniency(small_company(), sd_employee=0.25)
    row = {r["rater_id"]: r for r in out.iter_rows(named=True)}
    assert row["A"]["threshold"] == pytest.approx(0.075)
    assert row["A"]["ci95_low"] < 0.075 < row["A"]["effect"]
    assert (row["A"]["flag"], row["B"]["flag"], row["C"]["flag"]) == (
        "likely_lenient",
        None,
        "likely_severe",
    )
    assert [row[m]["status"] for m in "ABCD"] == ["flagged", "clear", "flagged", "too_few"]
    en = render_frame(out.select("rater_id", "reason"), "en")
    said = dict(zip(en["rater_id"], en["reason"], strict=True))
    assert said["A"].startswith("likely lenient against the peer panel: manager minus peer +0.094")
    assert "does not lie wholly beyond the threshold" in said["A"]
    assert said["C"].startswith("likely severe against the peer panel")
    zh = render_frame(out.select("reason"), "zh")["reason"].to_list()
    assert any(r.startswith("与同事相比可能偏宽松") for r in zh), zh
    table = with_panel_reasons(_model_table(), out.filter(pl.col("rater_id") != "B"))
    model_said = render_frame(table, "en")["status_reason"][0]
    assert "likely lenient (significant with the false discovery rate controlled" in model_said
    strict = panel_leniency(small_company(), sd_employee=0.1)
    assert strict.filter(pl.col("rater_id") == "A")["flag"].item() == "lenient"
    strict_said = render_frame(strict.filter(pl.col("rater_id") == "A"), "en")["reason"][0]
    assert strict_said.startswith("lenient against the peer panel")
    assert "the whole 95% interval (+0.067 to +0.120" in strict_said


def test_a_manager_the_model_estimates_keeps_the_model():
    """A manager the rater model estimates is not compared (but their ratees still make the
    company's mean gap); a not-estimable one is, and the model's table then says the true
    reason with the estimate, its interval and the verdict, in both languages."""
    model = pl.DataFrame(
        {
            "rater_id": ["A", "B", "C", "D"],
            "status": ["clear", "not_estimable", "not_estimable", "not_estimable"],
        }
    )
    out = panel_leniency(small_company(), model, sd_employee=0.1)
    assert sorted(out["rater_id"]) == ["B", "C", "D"]
    assert out["gap_centre"][0] == pytest.approx(0.07 / 11)
    c = out.filter(pl.col("rater_id") == "C").row(0, named=True)
    reason = render_frame(out.filter(pl.col("rater_id") == "C").select("reason"), "en")
    assert reason["reason"][0].startswith("no material leniency" if c["flag"] is None else "")
    assert (
        "a peer panel that is itself lenient or severe for a team moves this too"
        in (reason["reason"][0])
    )


def test_a_model_that_estimates_every_manager_leaves_an_empty_panel_of_the_same_columns():
    """When the model estimates every manager the panel has no row and its gaps are not
    computed, but it keeps the columns and dtypes of a panel with rows (those of a panel whose
    managers have no peer-rated ratee too), so a stored part or a join reads it alike."""
    company = small_company()
    some = panel_leniency(company, sd_employee=0.1)
    everyone = pl.DataFrame({"rater_id": ["A", "B", "C", "D"], "status": ["clear"] * 4})
    none = panel_leniency(company, everyone, sd_employee=0.1)
    assert none.height == 0 and none.schema == some.schema
    no_peers = company.filter(pl.col("rater_role") != "peer")
    assert panel_leniency(no_peers, sd_employee=0.1).schema == some.schema
    one_left = everyone.with_columns(status=pl.Series(["clear"] * 3 + ["not_estimable"]))
    assert panel_leniency(company, one_left, sd_employee=0.1)["rater_id"].to_list() == ["D"]


def _model_table() -> pl.DataFrame:
    from analytics.text import phrase

    table = pl.DataFrame(
        {
            "rater_id": ["A", "B", "X", "C"],
            "status": ["not_estimable", "not_estimable", "clear", "not_estimable"],
            "n_ratees": [3, 3, 9, 3],
        }
    )
    n = pl.col("n_ratees").cast(pl.Int64)
    return table.with_columns(
        status_reason=pl.when(pl.col("status") == "clear")
        .then(phrase("clear_power", n=n, thr=0.03))
        .when(pl.col("rater_id") == "C")  # a set of two: that reason is true, and stays
        .then(phrase("small_connected_set", n=n, thr=None))
        .otherwise(phrase("own_ratees_only", n=pl.col("n_ratees").cast(pl.Int64), thr=None))
    )


def test_the_model_table_says_the_true_reason():
    panel = panel_leniency(small_company(), sd_employee=0.1).filter(pl.col("rater_id") != "B")
    table = with_panel_reasons(_model_table(), panel)
    code = table["status_reason"].struct.field("code").to_list()
    assert code == [
        "own_ratees_peer_panel",
        "own_ratees_only",
        "clear_power",
        "small_connected_set",
    ]
    assert table["status"].to_list() == ["not_estimable", "not_estimable", "clear", "not_estimable"]
    en = render_frame(table, "en")["status_reason"].to_list()
    assert en[0].startswith("the rater model cannot estimate them: the other ratings of their 3")
    assert "+0.094 beyond the company's mean gap" in en[0] and "5 pairs of ratings" in en[0]
    assert "lenient (the whole 95% interval beyond the threshold)" in en[0]
    assert en[1].startswith("cannot be estimated: nobody else rates their 3 ratees")
    zh = render_frame(table, "zh")["status_reason"].to_list()
    assert zh[0].startswith("模型无法估计") and "判定为偏宽松" in zh[0]


def test_a_manager_of_fewer_than_k_ratees_shows_no_gap_below_hr_admin():
    """fix34m: D rated two people (d1: manager 0.55 and 0.55, d2: 0.50), each with an
    anonymous peer panel (one source, which the person page suppresses below k = 3): D's gap
    +0.025 beside the manager scores the head reads gave the panels' mean, 0.5 (a manager of
    one ratee: that ratee's peer mean). Below hr_admin a panel row of fewer than k ratees keeps
    its counts only, said as too few; the administrator and the rows of k ratees keep theirs.
    With k = 4 (a roles file's), A's flag and figures go too, in the panel and in the rater
    table's reason that quotes them."""
    from analytics.auth.roles import LOCAL_ADMIN, Viewer
    from analytics.findings.visibility import View

    panel = panel_leniency(small_company(), sd_employee=0.1)
    assert panel.filter(pl.col("rater_id") == "D")["gap_manager_peer"].item() == pytest.approx(
        0.025
    )
    ids = frozenset({"A", "B", "C", "D"})
    head = Viewer("h@x.com", "dept_head", ("X",))
    shown = View(head, Scope(within=("X",)), ids).frame(panel)
    assert shown.schema == panel.schema
    row = {r["rater_id"]: r for r in shown.iter_rows(named=True)}
    values = ("gap_manager_peer", "effect", "effect_sd", "ci95_low", "ci95_high", "q_value")
    assert [row["D"][c] for c in values] == [None] * len(values)
    assert row["D"]["status"] == "too_few" and row["D"]["n_ratees"] == 2
    assert row["A"]["gap_manager_peer"] == pytest.approx(0.10) and row["A"]["flag"] == "lenient"
    en = render_frame(shown, "en").filter(pl.col("rater_id") == "D")["reason"].item()
    assert en.startswith("only 2 ratees have both") and "0.0" not in en
    admin = View(LOCAL_ADMIN, Scope(), None).frame(panel)
    assert admin.equals(panel)
    k4 = View(Viewer("h@x.com", "dept_head", ("X",), k=4), Scope(within=("X",)), ids)
    strict = {r["rater_id"]: r for r in k4.frame(panel).iter_rows(named=True)}
    assert [strict[m]["status"] for m in "ABCD"] == ["too_few"] * 4
    assert [strict[m]["flag"] for m in "ABCD"] == [None] * 4
    said = render_frame(k4.frame(panel), "en")["reason"].to_list()
    assert all(w.startswith("only 3 ratees") or w.startswith("only 2") for w in said)
    assert all("at least 4 needed" in w for w in said)
    table = with_panel_reasons(_model_table(), panel.filter(pl.col("rater_id") != "B"))
    reason = render_frame(k4.frame(table), "en")["status_reason"].to_list()[0]
    assert "fewer than 4 ratees have both" in reason and "+0.094" not in reason
    kept = render_frame(View(head, Scope(within=("X",)), ids).frame(table), "en")
    assert "+0.094 beyond the company's mean gap" in kept["status_reason"].to_list()[0]


def planted(seed: int = 23, n: int = 300) -> dict[str, float]:
    """The managers' planted leniency of the reviewer's generator (drawn before any rating)."""
    rnd = random.Random(seed)
    people = [(f"A{i + 1:04d}", d, "") for i, d in enumerate(DEPTS)]
    mgrs = []
    for i in range(25):
        e = f"A{len(people) + 1:04d}"
        people.append((e, DEPTS[i % 5], people[i % 5][0]))
        mgrs.append(e)
    while len(people) < n:
        rnd.choice(mgrs)
        people.append((f"A{len(people) + 1:04d}", "", ""))
    for _ in people:
        rnd.gauss(0, 0.5)
    return {p[0]: rnd.gauss(0, 0.3) for p in people}


def reviewer_export(seed: int = 23) -> list[tuple]:
    """The reviewer's company300.csv exactly (/tmp/rev-rev23b/p3/gen.py; checked byte for byte
    against the reviewer's file): wide_export's draws,
    but a head's rating is drawn twice (gen.py overwrites it), which moves every later draw."""
    rnd = random.Random(seed)
    people = [(f"A{i + 1:04d}", f"Head {d}", d, "") for i, d in enumerate(DEPTS)]
    mgrs = []
    for i in range(25):
        d = DEPTS[i % 5]
        e = f"A{len(people) + 1:04d}"
        people.append((e, f"Manager {i}", d, people[i % 5][0]))
        mgrs.append((e, d))
    while len(people) < 300:
        m, d = rnd.choice(mgrs)
        people.append((f"A{len(people) + 1:04d}", f"Staff {len(people) + 2}", d, m))
    true = {p[0]: rnd.gauss(0, 0.5) for p in people}
    mlen = {p[0]: rnd.gauss(0, 0.3) for p in people}

    def r(x: float) -> str:
        return f"{round(min(5, max(1, x)), 1)}"

    rows = []
    for c in ("2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"):
        for e, nm, d, m in people:
            base = 3.2 + true[e] + (mlen.get(m, 0) if m else 0)
            rating = r(base + rnd.gauss(0, 0.35))
            s = p = ""
            if c not in MANAGER_ONLY and m:
                s = r(base + 0.4 + rnd.gauss(0, 0.4))
                p = r(3.2 + true[e] + rnd.gauss(0, 0.4))
            if not m:
                rating = r(3.5 + rnd.gauss(0, 0.3))
            rows.append((e, nm, d, m, c, rating, s, p))
    return rows


@pytest.fixture(scope="module")
def wide_db(reviewer_raw_db):
    """``reviewer_export()`` imported as it is (conftest: once per run, read-only here)."""
    return reviewer_raw_db


def test_the_reviewers_file_finds_the_planted_managers(wide_db):
    """rev24b item 4, imported as the file is: every manager was "cannot be estimated: nobody
    else rates their people". Now A0026 (planted +0.57 points) is lenient and A0016 (-0.64)
    severe against the peer panel; the estimates follow the planted leniency (r > 0.9)."""
    con = duckdb.connect(str(wide_db), read_only=True)
    try:
        data = load_scope_lazy(con, Scope())
        panel = compute_section("rater_panel", data)
        raters = compute_section("raters", data)
        heads = headlines({"raters": raters, "rater_panel": panel})
        q3 = compute_section("rater_panel", load_scope_lazy(con, Scope(cycles=("2025Q3",))))
        q3_raters = compute_section("raters", load_scope_lazy(con, Scope(cycles=("2025Q3",))))
    finally:
        con.close()
    assert panel.height == 30  # 25 managers and the 5 heads who rate them
    row = {r["rater_id"]: r for r in panel.iter_rows(named=True)}
    a26, a16 = row["A0026"], row["A0016"]
    truth = planted()
    assert truth["A0026"] == pytest.approx(0.57, abs=0.005)  # the reviewer's planted values
    assert truth["A0016"] == pytest.approx(-0.64, abs=0.005)
    # points on 1-5 (x 4): the reviewer's hand check was +0.53 +- 0.09 and -0.54 +- 0.08
    assert a26["flag"] == "lenient" and a26["effect"] * 4 == pytest.approx(0.5426, abs=1e-3)
    assert a26["se"] * 4 == pytest.approx(0.0920, abs=1e-3)  # the pooled variance: larger
    assert a16["flag"] == "severe" and a16["effect"] * 4 == pytest.approx(-0.5324, abs=1e-3)
    assert a16["se"] * 4 == pytest.approx(0.0795, abs=1e-3)
    assert a26["n_ratees"] == 7 and a26["n_pairs"] == 28  # 7 people x 4 cycles with peers
    joined = panel.with_columns(
        planted=pl.col("rater_id").replace_strict(truth, return_dtype=pl.Float64)
    )
    assert joined.select(pl.corr("effect", "planted")).item() > 0.9
    flagged = joined.filter(pl.col("flag").is_not_null())
    assert flagged.height >= 12
    wrong = flagged.filter((pl.col("effect") > 0) != (pl.col("planted") > 0))
    assert wrong.height == 0
    # the model's table: the true reason, the estimate in it
    reasons = raters.select("rater_id", pl.col("status_reason").struct.field("code"))
    assert set(reasons["code"]) == {"own_ratees_peer_panel"}
    assert (raters["status"] == "not_estimable").all()
    codes = [h.code for h in heads]
    assert "overview.headline_raters_panel" in codes
    h = heads[codes.index("overview.headline_raters_panel")]
    assert sum(int(part["params"]["n"]) for part in h.params["parts"]) == flagged.height
    # the model's words (rev25b item 4): A0012 +0.24 (+0.05 to +0.42, threshold 0.20) and
    # A0028 are only likely lenient, as the model would call them; A0026 wholly beyond
    assert a26["ci95_low"] > a26["threshold"] and row["A0012"]["flag"] == "likely_lenient"
    assert row["A0028"]["flag"] == "likely_lenient"
    assert row["A0012"]["ci95_low"] < row["A0012"]["threshold"] < row["A0012"]["effect"]
    said = render(h.code, "en", **h.params)
    assert said.startswith("Against the anonymous peer panel, 4 lenient, 5 severe, 4 likely")
    # a manager-only cycle has no peers: nothing compared, the old reason stays
    assert q3.height == 0
    assert set(q3_raters["status_reason"].struct.field("code")) == {"own_ratees_only"}


def test_the_rater_page_shows_the_peer_panel(wide_db, tmp_path, monkeypatch):
    """The rater page (AppTest, both languages): the section's heading, the method with the
    caveat, the counts, and the note under the model's counts."""
    monkeypatch.setenv("PERFLENS_DB", str(shutil.copyfile(wide_db, tmp_path / "acme.duckdb")))
    for lang in ("en", "zh"):
        at = open_page("pages/raters.py", lang)  # (straight to the page: no overview run)
        assert render("raters.panel", lang) in [s.value for s in at.subheader]
        captions = [c.value for c in at.caption]
        assert render("raters.not_estimable_panel", lang, n=30) in captions
        # none of the 30 is said to have people "nobody else rates" (left25 item 5)
        assert not [
            c for c in captions if c.startswith(render("raters.not_estimable_note", lang, n=30)[:8])
        ]
        caveat = "同事评分本身偏宽或偏严" if lang == "zh" else "a peer panel that is itself lenient"
        assert any(caveat in c for c in captions), captions
        parts = [
            phrase_value("raters.panel_n_lenient", n=4),
            phrase_value("raters.panel_n_severe", n=5),
            phrase_value("raters.panel_n_likely_lenient", n=4),
            phrase_value("raters.panel_n_likely_severe", n=2),
            phrase_value("raters.panel_n_clear", n=15),
        ]  # no "0 with too few ratees"; "likely" as the model says it (rev25b item 4)
        assert render("raters.panel_counts", lang, all=30, parts=parts) in captions, captions
