"""Adverse impact of a calibration session (issue 21): the four-fifths ratio, the two-proportion
interval and test, the Firth-penalised logistic regression at equal KPI and level, against
hand-worked numbers and statsmodels called directly; level as a control, not a group; the issue's two simulated checks; the section read from a
dataset for a session."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from analytics import schema as S
from analytics.calibration import adverse as A
from analytics.text import render
from tests.sim.adverse import simulated_session

GRADES = ["S", "A", "B", "C", "D"]


def _people(groups: dict[str, tuple[int, int]], proposed_down: dict[str, int] | None = None):
    """Per group (n, top): the first ``top`` people graded A, the rest B; ``proposed_down``:
    how many of a group's B people were proposed A (moved down in the session)."""
    rows = []
    for g, (n, top) in groups.items():
        down = (proposed_down or {}).get(g, 0)
        for i in range(n):
            final = "A" if i < top else "B"
            proposed = "A" if top <= i < top + down else final
            rows.append((f"{g}{i}", proposed, final, g))
    return pl.DataFrame(rows, schema=["employee_id", "proposed", "final", "gender"], orient="row")


def test_top_grades_are_the_guidelines_top_bands():
    assert A.top_grades(GRADES) == ["S", "A"]
    assert A.top_grades(["优秀", "良好", "合格", "待改进"]) == ["优秀", "良好"]
    assert A.top_grades(["A", "B", "C"]) == ["A"]


def test_four_fifths_ratio_by_hand():
    """男 10 people, 5 top (0.5); 女 10 people, 2 top (0.2) and 3 moved down; X 2 people
    (below k=3: suppressed, not the reference though its rate 1.0 is the highest)."""
    people = _people({"男": (10, 5), "女": (10, 2), "X": (2, 2)}, {"女": 3})
    r = A.group_rates(people, "gender", GRADES, k=3)
    row = dict(zip(r["group"], r.iter_rows(named=True)))
    assert row["男"]["reference"] and not row["女"]["reference"]
    assert row["男"]["top_rate"] == 0.5 and row["女"]["top_rate"] == 0.2
    assert row["女"]["impact_ratio"] == pytest.approx(0.2 / 0.5)  # 0.4 < 0.8
    assert row["男"]["impact_ratio"] == 1.0
    assert row["女"]["down_rate"] == pytest.approx(0.3) and row["女"]["up_rate"] == 0.0
    x = row["X"]
    assert x["suppressed"] and x["n"] == 2
    assert x["top_rate"] is None and x["impact_ratio"] is None and x["top_count"] is None


def test_wilson_and_newcombe_interval_against_the_published_example():
    """Newcombe (1998), Statistics in Medicine 17:873, Table II, example (a): 56/70 - 48/80,
    method 10 (hybrid score): 0.0524 to 0.3339."""
    d, lo, hi = A.newcombe_diff(56, 70, 48, 80)
    assert d == pytest.approx(0.2)
    assert (round(lo, 4), round(hi, 4)) == (0.0524, 0.3339)
    lo, hi = A.wilson(56, 70)  # Wilson: (p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n)
    assert (round(lo, 4), round(hi, 4)) == (0.6918, 0.8770)


def test_fisher_exact_by_hand():
    """[[3, 1], [1, 3]]: P(3) = C(4,3)C(4,1)/C(8,4) = 16/70, P(4) = 1/70; two-sided sums the
    tables as unlikely or less: (1 + 16 + 16 + 1) / 70."""
    assert A.fisher_p(3, 4, 1, 4) == pytest.approx(34 / 70)


def _profile_gap(x1: int, n1: int, x2: int, n2: int, b1: float) -> float:
    """2·(max penalised log-likelihood - its maximum over the intercept with the group's log
    odds ratio held at ``b1``) for a group (x1 of n1 top) against a reference (x2 of n2),
    written out from the counts: log-likelihood ``x·log p + (n-x)·log(1-p)`` per cell plus
    ½·log det of the 2x2 information [[w1 + w2, w1], [w1, w1]] with ``w = n·p(1-p)``, so
    det = w1·w2. Independent of :mod:`analytics.stats.firth`."""
    from scipy.optimize import minimize_scalar

    def pll(b0: float, b: float) -> float:
        p1, p2 = 1 / (1 + math.exp(-(b0 + b))), 1 / (1 + math.exp(-b0))
        ll = x1 * math.log(p1) + (n1 - x1) * math.log(1 - p1)
        ll += x2 * math.log(p2) + (n2 - x2) * math.log(1 - p2)
        return ll + 0.5 * math.log(n1 * p1 * (1 - p1) * n2 * p2 * (1 - p2))

    best_b1 = math.log(((x1 + 0.5) / (n1 - x1 + 0.5)) / ((x2 + 0.5) / (n2 - x2 + 0.5)))
    best_b0 = math.log((x2 + 0.5) / (n2 - x2 + 0.5))
    top = pll(best_b0, best_b1)
    held = -minimize_scalar(lambda b0: -pll(b0, b1), bounds=(-20, 20), method="bounded").fun
    return 2 * (top - held)


def test_regression_without_covariates_is_haldanes_cross_product_ratio():
    """Reference 12 people, 6 top; group 12 people, 3 top. Without covariates Firth's estimate
    is the cross-product ratio with 0.5 added to every cell (Haldane):
    (3.5/9.5)/(6.5/6.5) = 7/19; the profile interval's ends are where twice the drop of the
    penalised log-likelihood, maximised over the intercept, is chi2_1(0.95) = 3.8415."""
    people = _people({"男": (12, 6), "女": (12, 3)})
    ors, controls = A.group_odds_ratios(people, "gender", "男", ["男", "女"], GRADES)
    assert controls == "none"
    r = ors.row(0, named=True)
    assert r["or_estimable"] and r["odds_ratio"] == pytest.approx(7 / 19, rel=1e-6)
    low, high = math.log(r["or_ci95_low"]), math.log(r["or_ci95_high"])
    assert low < math.log(7 / 19) < high
    assert _profile_gap(3, 12, 6, 12, low) == pytest.approx(3.8415, abs=2e-3)
    assert _profile_gap(3, 12, 6, 12, high) == pytest.approx(3.8415, abs=2e-3)


def test_the_remembered_fit_follows_the_grades_and_the_groups():
    """The regression's fit is remembered by its data (the meeting computes the section again
    after every move): a move into a top grade refits (Haldane's ratio of the new counts), a
    move between two grades that are not top is the same fit, a person's group changed is a
    new fit. A cache keyed on less than the model's data fails here with the old ratio."""

    def ratio(people: pl.DataFrame) -> float:
        ors, _ = A.group_odds_ratios(people, "gender", "男", ["男", "女"], GRADES)
        return ors["odds_ratio"][0]

    people = _people({"男": (12, 6), "女": (12, 3)})
    assert ratio(people) == pytest.approx(7 / 19, rel=1e-6)  # (3.5/9.5)/(6.5/6.5)
    final = pl.col("final")
    up = people.with_columns(
        pl.when(pl.col("employee_id") == "女3").then(pl.lit("A")).otherwise(final).alias("final")
    )
    assert ratio(up) == pytest.approx(9 / 17, rel=1e-6)  # (4.5/8.5)/(6.5/6.5)
    down = up.with_columns(
        pl.when(pl.col("employee_id") == "女5").then(pl.lit("C")).otherwise(final).alias("final")
    )
    assert ratio(down) == pytest.approx(9 / 17, rel=1e-6)  # B -> C: no top grade changed
    assert ratio(people) == pytest.approx(7 / 19, rel=1e-6)  # and back
    moved = up.with_columns(
        pl.when(pl.col("employee_id") == "女0")
        .then(pl.lit("男"))
        .otherwise(pl.col("gender"))
        .alias("gender")
    )
    # a top-graded woman counted with the men: 7 of 13 against 3 of 11
    assert ratio(moved) == pytest.approx((3.5 / 8.5) / (7.5 / 6.5), rel=1e-6)


def test_a_sparse_cell_gets_a_profile_interval_not_a_wald_one():
    """rev24b item 8: a small group near separation (1 of 9 top against 6 of 12). The Wald
    interval of maximum likelihood, exp(log(1/8) ± 1.96·√(1 + 1/8 + 1/6 + 1/6)) = 0.012 to
    1.31, rests on a normal log odds ratio that one top grade cannot give; Firth's estimate is
    (1.5/8.5)/(6.5/6.5) = 0.1765 and its profile interval's ends satisfy the likelihood-ratio
    equation (checked from the counts), and its lower end (0.015) is above Wald's."""
    people = _people({"男": (12, 6), "女": (9, 1)})
    ors, _ = A.group_odds_ratios(people, "gender", "男", ["男", "女"], GRADES)
    r = ors.row(0, named=True)
    assert r["or_estimable"] and r["odds_ratio"] == pytest.approx(1.5 / 8.5, rel=1e-6)
    low, high = math.log(r["or_ci95_low"]), math.log(r["or_ci95_high"])
    for end in (low, high):
        assert _profile_gap(1, 9, 6, 12, end) == pytest.approx(3.8415, abs=2e-3)
    wald_low = math.exp(math.log(1 / 8) - A.Z95 * math.sqrt(1 + 1 / 8 + 1 / 6 + 1 / 6))
    assert r["or_ci95_low"] == pytest.approx(0.0154, abs=5e-4) and r["or_ci95_low"] > wald_low


def test_regression_with_kpi_and_level_approaches_maximum_likelihood():
    """Firth's bias correction is of order 1/n: with 4,000 people the estimate and the profile
    interval agree with statsmodels' maximum likelihood and Wald interval to about 1%."""
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    n = 4000
    g = np.where(np.arange(n) % 3 == 0, "女", "男")
    kpi = rng.normal(0, 1, n)
    level = rng.integers(4, 8, n)
    y = (kpi + 0.3 * (level - 5.5) - 0.5 * (g == "女") + rng.logistic(0, 1, n) > 0.8).astype(int)
    people = pl.DataFrame(
        {
            "employee_id": [f"E{i}" for i in range(n)],
            "proposed": np.where(y == 1, "A", "B"),
            "final": np.where(y == 1, "A", "B"),
            "gender": g,
            "kpi_score": kpi,
            "level": [f"P{v}" for v in level],
        }
    )
    ors, controls = A.group_odds_ratios(people, "gender", "男", ["男", "女"], GRADES)
    x = np.column_stack([np.ones(n), (g == "女").astype(float), kpi, level.astype(float)])
    fit = sm.Logit(y, x).fit(disp=0)
    lo, hi = np.exp(fit.conf_int()[1])
    r = ors.row(0, named=True)
    assert controls == "kpi_level"
    assert r["odds_ratio"] == pytest.approx(math.exp(fit.params[1]), rel=0.01)
    assert (r["or_ci95_low"], r["or_ci95_high"]) == pytest.approx((lo, hi), rel=0.01)


def test_separation_and_tiny_groups_cannot_be_estimated():
    """A group with no top grade (separation) gets no odds ratio, and says so; a group below
    k is neither shown nor fitted."""
    people = _people({"男": (12, 6), "女": (8, 0), "X": (2, 1)})
    res = A.adverse_impact(people, ["gender"], GRADES, k=3)
    g = {r["group"]: r for r in res.groups.iter_rows(named=True)}
    assert not g["女"]["or_estimable"] and g["女"]["odds_ratio"] is None
    assert g["女"]["impact_ratio"] == 0.0
    assert g["X"]["suppressed"] and g["X"]["or_estimable"] is None
    v = res.verdicts.row(0, named=True)
    assert v["verdict"] == "below_unexplained" and v["group"] == "女"
    assert "cannot be estimated" in render(
        "adverse.verdict.below_unexplained", "en", column="gender", **_params(v)
    )


def test_kpi_scores_are_mean_z_scores_within_each_kpi():
    kpi = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "a", "b", "c"],
            "kpi": ["销售额"] * 3 + ["新客户数"] * 3,
            "attainment": [None] * 6,
            "actual": [100.0, 200.0, 300.0, 5.0, 5.0, 20.0],
        }
    )
    got = dict(A.kpi_scores(kpi).iter_rows())
    # 销售额: z = -1, 0, 1; 新客户数: mean 10, sd √75: z = -5/√75, -5/√75, 10/√75
    s = math.sqrt(75)
    assert got["a"] == pytest.approx((-1 - 5 / s) / 2)
    assert got["c"] == pytest.approx((1 + 10 / s) / 2)


# --------------------------------------------------------------------------------------------
# the simulated checks
# --------------------------------------------------------------------------------------------
def _params(v: dict) -> dict:
    return {k: x for k, x in v.items() if k not in ("group_column", "verdict")}


def test_lower_kpis_explain_a_gap_below_four_fifths():
    """(a) 女's raw top-grade rate is below four-fifths of 男's only because its KPI results
    are lower: the ratio is below 0.8, the controlled odds ratio's interval covers 1, and the
    sentence says the KPI difference explains the gap. (Over 200 such sessions of 200 people:
    87% say so, docs/methods.md "Adverse impact".)"""
    res = A.adverse_impact(simulated_session(1, kpi_gap=1.0), ["gender"], GRADES)
    women = res.groups.filter(pl.col("group") == "女").row(0, named=True)
    assert women["impact_ratio"] < 0.8
    assert women["or_ci95_low"] < 1 < women["or_ci95_high"]
    v = res.verdicts.row(0, named=True)
    assert v["verdict"] == "kpi_explains"
    en = render("adverse.verdict.kpi_explains", "en", column="gender", **_params(v))
    zh = render("adverse.verdict.kpi_explains", "zh", column="gender", **_params(v))
    assert "the KPI difference, not the rating, explains the gap" in en
    assert "差距来自 KPI 的差异，而不是评级" in zh and "性别" in zh


def test_equal_kpis_lower_ratings_are_flagged():
    """(b) equal KPI results, 女 rated lower (1.5 logits): flagged."""
    res = A.adverse_impact(simulated_session(1, bias=1.5), ["gender"], GRADES)
    women = res.groups.filter(pl.col("group") == "女").row(0, named=True)
    assert women["or_ci95_high"] < 1
    v = res.verdicts.row(0, named=True)
    assert v["verdict"] == "flagged" and v["group"] == "女"
    assert "Flagged for review" in render(
        "adverse.verdict.flagged", "en", column="gender", **_params(v)
    )


# --------------------------------------------------------------------------------------------
# read from a dataset for a session
# --------------------------------------------------------------------------------------------
def stored_session(folder, grades: str = "SABBBCSABBCD"):
    """A dataset of 12 people of 研发中心 (men at even positions) graded ``grades`` in 2025Q4,
    with gender (2025Q4, and a cycle-less value for E0) and tenure in years (person_groups),
    level and location (employees) and one KPI; and a session over them: (path, session id)."""
    from analytics.calibration import sessions
    from analytics.store import access, db

    path = folder / "a.duckdb"
    n = 12
    ids = [f"E{i}" for i in range(n)]
    emp = pl.DataFrame(
        {
            "employee_id": ids,
            "name": ids,
            "department": ["研发中心"] * n,
            "level": [f"P{5 + i % 2}" for i in range(n)],
            "location": ["上海" if i < 6 else "北京" for i in range(n)],
        }
    )
    out = pl.DataFrame({"cycle_id": ["2025Q4"] * n, "employee_id": ids, "grade": list(grades)})
    groups = pl.DataFrame(
        {
            "employee_id": ids + ids[:1] + ids,
            "cycle_id": ["2025Q4"] * n + [None] + [None] * n,
            "group_column": ["gender"] * n + ["gender"] + ["tenure"] * n,
            "value": ["男", "女"] * 6 + ["女"] + [str(i * 1.5) for i in range(n)],
        }
    )
    kpi = pl.DataFrame(
        {
            "cycle_id": ["2025Q4"] * n,
            "employee_id": ids,
            "kpi": ["销售额"] * n,
            "actual": [float(i) for i in range(n)],
        }
    )
    with access.writing(path) as con:
        for table, frame in (
            (S.EMPLOYEES, emp),
            (S.OUTCOMES, out),
            (S.PERSON_GROUPS, groups),
            (S.KPI_RESULTS, kpi),
        ):
            rows = table.conform(frame)  # noqa: F841
            con.execute(f"INSERT INTO {db.q(table.name)} SELECT * FROM rows")
    sid = sessions.create(
        path, cycle="2025Q4", department="研发中心", author="hr", at=datetime(2026, 12, 4)
    )
    return path, sid


def test_the_section_of_a_stored_session(tmp_path):
    """Groups from person_groups (a cycle's value over a cycle-less one, tenure in years
    banded), location and level from employees, KPIs from kpi_results."""
    from analytics.calibration import impact, sessions
    from analytics.store import access

    path, sid = stored_session(tmp_path)
    s = sessions.load(path, sid)
    con, _ = access.connect_reader(path)
    try:
        people, columns = impact.session_people(con, "2025Q4", s.grades)
    finally:
        con.close()
    assert columns == ["gender", "location", "tenure", "level"]
    first = people.filter(pl.col("employee_id") == "E0").row(0, named=True)
    assert first["gender"] == "男"  # the cycle's value, not the cycle-less 女
    assert first["tenure"] == "0-1" and first["kpi_score"] < 0
    assert people.filter(pl.col("employee_id") == "E5")["tenure"][0] == "5-10"  # 7.5 years
    res = impact.for_session(path, s, k=3)
    assert set(res.verdicts["group_column"]) == {"gender", "location", "tenure", "level"}
    assert res.top == ["S", "A"]


def test_the_write_back_workbook_carries_the_section(tmp_path):
    import io

    import openpyxl

    from analytics.calibration import impact, sessions, writeback

    path, sid = stored_session(tmp_path, grades="SBABSCABBCBD")  # no woman graded S or A
    sessions.sign_off(path, sid, "hr")
    s = sessions.load(path, sid)
    res = impact.for_session(path, s, k=3)
    book = openpyxl.load_workbook(
        io.BytesIO(writeback.to_xlsx(s, sessions.writeback_rows(path, s), "en", res))
    )
    assert book.sheetnames[-2:] == ["Adverse impact", "Adverse impact by group"]
    said = [r[1] for r in book["Adverse impact"].iter_rows(min_row=2, values_only=True)]
    assert any(w.startswith("Gender: 1 group is below four-fifths of 男's") for w in said)
    head = [c.value for c in book["Adverse impact by group"][1]]
    assert "Four-fifths ratio" in head and "Odds ratio (KPI, level held equal)" in head
    # numbers formatted for reading, not 0.3627450980392157 (rev22 minor 8)
    sheet = book["Adverse impact by group"]
    fmt = {h: sheet.cell(2, j + 1).number_format for j, h in enumerate(head)}
    assert fmt["Top-grade rate"] == "0.0%" and fmt["Four-fifths ratio"] == "0.000"


def test_deleting_an_import_removes_its_group_columns(tmp_path):
    from analytics.ingest.pipeline import import_file
    from analytics.store import db
    from analytics.store.removal import remove_import

    case = Path(__file__).parent / "data" / "bad" / "ai21_wide_groups_kpi_gbk_title"
    con = db.connect(tmp_path / "d.duckdb")
    try:
        res = import_file(con, case / "销售中心_2025Q4_考核结果.csv", lang="en")
        assert res.loaded["person_groups"] == 30 and res.loaded["kpi_results"] == 19
        assert res.message_params["loaded"] == 29  # outcomes and KPIs: attributes not counted
        removed = remove_import(con, res.import_id)
        assert removed.other_rows == 10 + 19 + 30
        assert con.execute("SELECT count(*) FROM person_groups").fetchone()[0] == 0
    finally:
        con.close()


def test_the_data_page_reads_a_column_as_a_kpi_or_a_group(tmp_path):
    """Detected KPI columns show as KPIs; choosing "KPI" / "group column" for unknown headers
    sets the mapping's kpi_columns / groups; "not loaded" leaves a detected KPI out."""
    from analytics.ingest.preview import GROUP_COLUMN, KPI_COLUMN, view_file
    from analytics.store import db

    bad = Path(__file__).parent / "data" / "bad"
    con = db.connect(":memory:")
    try:
        wide = bad / "ai21_wide_groups_kpi_gbk_title" / "销售中心_2025Q4_考核结果.csv"
        view, _ = view_file(con, wide)
        roles = view.tables[0].roles
        assert roles["销售额(万元)"] == roles["新客户数"] == KPI_COLUMN
        assert roles["性别"] == "gender" and roles["司龄"] == "tenure"
        view, mapping = view_file(con, wide, choices={"新客户数": ""})
        assert mapping.exclude == ["新客户数"]
        assert view.tables[0].detection.kpi_columns == ["销售额(万元)"]
        declared = bad / "ai21_declared_groups_kpis" / "q4_results.csv"
        choices = {"Hometown": GROUP_COLUMN, "Visits": KPI_COLUMN}
        view, mapping = view_file(con, declared, choices=choices)
        assert (mapping.groups, mapping.kpi_columns) == (["Hometown"], ["Visits"])
        assert view.tables[0].roles["Hometown"] == GROUP_COLUMN
        assert view.tables[0].rows_to_load == 8 + 7  # outcomes and KPIs, not the groups
    finally:
        con.close()


def test_sentences_give_each_groups_rate_and_the_ratio_as_a_ratio():
    """Reviewer rev21 M1: 男 9/49 = 18.4% top grades, 女 11/39 = 28.2%; the ratio
    (9/49)/(11/39) = 0.651 is said as "0.65", never as "65%" after 男's name."""
    people = _people({"男": (49, 9), "女": (39, 11)})
    res = A.adverse_impact(people, ["gender"], GRADES, k=3)
    v = res.verdicts.row(0, named=True)
    assert v["group"] == "男" and v["reference"] == "女"
    assert v["rate"] == pytest.approx(9 / 49) and v["ref_rate"] == pytest.approx(11 / 39)
    assert v["ratio"] == pytest.approx((9 / 49) / (11 / 39))  # 0.6512
    words = {r[0]: r[1] for r in A.sentences(res, "en").select("verdict", "adverse_verdict").rows()}
    en = A.sentences(res, "en")["adverse_verdict"][0]
    zh = A.sentences(res, "zh")["adverse_verdict"][0]
    assert words and "18.4% top grades" in en and "(28.2%)" in en and "0.65 to 女's" in en
    assert "65%" not in en and "65%" not in zh
    assert "男 的高等级比例为 18.4%" in zh and "女（28.2%）" in zh and "的 0.65 倍" in zh


def test_groups_in_detail_hide_small_groups_and_keep_true_decimals():
    """Groups under k are left out of the table (the caption says they are not shown); the
    ratio (9·39)/(49·11) = 351/539 = 0.6512 is not rounded to 0.65 and then shown as "0.650"."""
    people = _people({"男": (49, 9), "女": (39, 11), "X": (2, 1)})
    res = A.adverse_impact(people, ["gender"], GRADES, k=3)
    table = A.readable(res, "en")
    assert sorted(table["group"].to_list()) == ["女", "男"]
    men = table.filter(pl.col("group") == "男")
    assert men["impact_ratio"][0] == pytest.approx(351 / 539)  # 0.6512


def test_kpi_that_separates_the_grades_says_the_interval_is_too_wide():
    """Reviewer rev21 minor 15: 40 people, grades follow the KPI exactly (top iff KPI > 0),
    女 10/20 top and 男 2/20: no group has none or only top grades, so the reason given is the
    regression's too-wide interval at this n, not "a group with no or only top grades"."""
    people = _people({"女": (20, 10), "男": (20, 2)})
    kpi = [1.0 + i / 10 if f == "A" else -1.0 - i / 10 for i, f in enumerate(people["final"])]
    people = people.with_columns(pl.Series("kpi_score", kpi))
    res = A.adverse_impact(people, ["gender"], GRADES, k=3)
    v = res.verdicts.row(0, named=True)
    assert v["verdict"] == "below_unexplained" and v["group"] == "男"
    assert v["why"] == "unstable"
    en = render("adverse.verdict.below_unexplained", "en", column="gender", **_params(v))
    zh = render("adverse.verdict.below_unexplained", "zh", column="gender", **_params(v))
    assert "too wide to tell at this number of people" in en and "no top grades" not in en
    assert "区间太宽" in zh and "10.0% top grades" in en and "(50.0%)" in en and "0.20" in en


def test_the_workbook_sentences_name_the_group_column_in_words():
    """Reviewer rev21 minor 7: the sheet's first column says 性别 / Gender, not ``gender``."""
    res = A.adverse_impact(_people({"男": (49, 9), "女": (39, 11)}), ["gender"], GRADES, k=3)
    assert A.sentences(res, "zh")["group_column"].to_list() == ["性别"]
    assert A.sentences(res, "en")["group_column"].to_list() == ["Gender"]


@pytest.mark.parametrize(
    ("groups", "verdict"),
    [
        ({"男": (49, 9), "女": (39, 11)}, "inconclusive"),  # OR interval includes 1
        ({"男": (60, 6), "女": (60, 30)}, "flagged"),  # 10% against 50%: excludes 1
        ({"男": (30, 15), "女": (30, 14)}, "no_gap"),
    ],
)
def test_with_nothing_to_control_for_no_sentence_claims_a_control(groups, verdict):
    """Reviewer rev22 minor 7: without KPI results or levels the sentence read "在 （没有 KPI
    或职级可控制） 相同的情况下比值比为 0.23": it claimed a control that was not made. Now
    each verdict has its own words when ``controls`` is "none", and says that performance
    could not be controlled for."""
    res = A.adverse_impact(_people(groups), ["gender"], GRADES, k=3)
    v = res.verdicts.row(0, named=True)
    assert v["verdict"] == verdict and v["controls"] == "none"
    zh = A.sentences(res, "zh")["adverse_verdict"][0]
    en = A.sentences(res, "en")["adverse_verdict"][0]
    assert "相同的情况下" not in zh and "可控制）" not in zh and "没有 KPI 或职级" in zh
    assert "at equal" not in en and "no KPI results or levels" in en


def test_with_kpis_the_sentence_names_the_control():
    """The controlled wording stays where a control was made (simulated KPIs and levels)."""
    res = A.adverse_impact(simulated_session(1, bias=1.5), ["gender"], GRADES)
    v = res.verdicts.row(0, named=True)
    assert v["controls"] != "none"
    assert "at equal" in A.sentences(res, "en")["adverse_verdict"][0]
    assert "相同的情况下" in A.sentences(res, "zh")["adverse_verdict"][0]


def _levels(groups: dict[str, tuple[int, int]], column: str = "level") -> pl.DataFrame:
    """:func:`_people` grouped by level (or ``column``) instead of gender (no KPI results)."""
    return _people(groups).rename({"gender": column})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_group_of_four_is_too_few_to_judge(lang):
    """rev23a item 10: 4 部门经理 (M3) with no top grade against P3's 31 of 45 read "M3 的高等级
    比例为 0.0%，是 P3 的 0.00 倍（Fisher 检验 p=0.014）". A group under MIN_COMPARE is listed
    with its n as too few to judge and compared with nothing: no rate, no test, no verdict."""
    assert A.MIN_COMPARE == 5
    res = A.adverse_impact(
        _levels({"P3": (45, 31), "M3": (4, 0), "P2": (30, 20)}, "location"), ["location"], GRADES
    )
    m3 = res.groups.filter(pl.col("group") == "M3").row(0, named=True)
    assert m3["too_few"] and m3["n"] == 4 and not m3["suppressed"]
    assert m3["top_rate"] is None and m3["impact_ratio"] is None and m3["p_value"] is None
    v = res.verdicts.row(0, named=True)
    assert v["group"] != "M3" and v["verdict"] == "no_gap" and v["few"] == ["M3 (n=4)"]
    words = A.sentences(res, lang)["adverse_verdict"][0]
    assert (
        "M3 (n=4)" in words
        and render("adverse.few_groups", lang, few=["M3 (n=4)"], min_n=5) in words
    )
    assert "p=" not in words
    shown = A.readable(res, lang)
    note = shown.filter(pl.col("group") == "M3")["or_note"][0]
    assert note == render("adverse.too_few_to_judge", lang, min_n=5)
    # with the small group alone beside the reference: nothing compared, said so
    alone = A.adverse_impact(
        _levels({"P3": (45, 31), "M3": (4, 0)}, "location"), ["location"], GRADES
    )
    assert alone.verdicts["verdict"][0] == "too_few"
    assert "M3 (n=4)" in A.sentences(alone, lang)["adverse_verdict"][0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_level_is_a_control_not_a_flagged_group(lang):
    """rev24b item 8: "Level: at equal KPI results, P1 has lower odds of a top grade than P2
    (odds ratio 0.05 ...) Flagged for review". Level is held equal in the other groups'
    regressions and is not a protected attribute: its rates (28/40 = 70% and 8/40 = 20%, a gap
    that was flagged before) are shown as context, with no reference, ratio, test, odds ratio
    or flag, and the verdict says it is a control."""
    people = _levels({"P3": (40, 28), "P5": (40, 8)}).with_columns(
        pl.Series("gender", ["男", "女"] * 40)
    )
    res = A.adverse_impact(people, ["gender", "level"], GRADES)
    v = {r["group_column"]: r for r in res.verdicts.iter_rows(named=True)}
    assert v["level"]["verdict"] == "control" and v["level"]["controls"] == "control"
    assert v["gender"]["controls"] == "level"  # the other group is compared at equal level
    level = res.groups.filter(pl.col("group_column") == "level")
    assert dict(zip(level["group"], level["top_rate"])) == {"P3": 0.7, "P5": 0.2}
    for c in ("impact_ratio", "p_value", "odds_ratio", "or_ci95_low", "rate_diff"):
        assert level[c].null_count() == 2, c
    assert not level["reference"].any()
    words = dict(A.sentences(res, lang).select("verdict", "adverse_verdict").rows())
    assert words["control"] == render(
        "adverse.verdict.control", lang, column="level", **_params(v["level"])
    )
    assert "Flagged" not in words["control"] and "已标记" not in words["control"]
    notes = A.readable(res, lang).filter(pl.col("group") == "P5")["or_note"].to_list()
    assert notes == [render("adverse.context_only", lang)]
