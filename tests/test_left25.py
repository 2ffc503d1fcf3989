"""Session 25's reviewer items (issue 19, task left25), as pure functions: a change of scale
breaks the inflation trend into runs (rev23b item 9), ... Hand-worked numbers."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import distributions


def _scores(values: dict[str, list[float]]) -> pl.DataFrame:
    """People's 0-1 scores in cycles C1..C4 (orders 1..4)."""
    rows = [
        (f"C{t}", t, person, v)
        for person, series in values.items()
        for t, v in enumerate(series, start=1)
    ]
    return pl.DataFrame(
        rows, schema=["cycle_id", "cycle_order", "employee_id", "score"], orient="row"
    )


SCALES = pl.DataFrame(
    {"cycle_id": ["C1", "C2", "C3", "C4"], "scale": ["1-5", "1-5", "0-100", "0-100"]}
)


def test_a_change_of_scale_breaks_the_inflation_trend():
    """rev23b item 9. Two people, C1-C2 on 1-5 and C3-C4 on 0-100, on the 0-1 score: A 0.50,
    0.60 | 0.20, 0.30; B 0.40, 0.50 | 0.30, 0.40. Cycle means 0.45, 0.55 | 0.25, 0.35: each
    run rises by 0.10 a cycle. Across the change the OLS slope is
    sum (t - 2.5)(m - 0.4) / sum (t - 2.5)^2 = (-0.075 * 4) / 5 = -0.06, a fall that is the
    scale's: the trend is tested within each run only."""
    scores = _scores({"A": [0.5, 0.6, 0.2, 0.3], "B": [0.4, 0.5, 0.3, 0.4]})
    pooled = distributions.inflation_trend(scores)
    assert pooled["slope"][0] == pytest.approx(-0.06)
    out = distributions.inflation_within_scales(scores, SCALES)
    assert out["segment"].to_list() == [1, 1, 2, 2]
    assert out["segment_scale"].to_list() == ["1-5", "1-5", "0-100", "0-100"]
    assert out["slope"].to_list() == pytest.approx([0.1, 0.1, 0.1, 0.1])
    assert out["trend_n"].to_list() == [4, 4, 4, 4]
    assert out["mean"].to_list() == pytest.approx([0.45, 0.55, 0.25, 0.35])


def test_one_scale_is_one_run_and_the_same_trend():
    """On one scale (no rows of scales, or one scale throughout) nothing is split: the frame is
    :func:`inflation_trend`'s with ``segment`` 1."""
    scores = _scores({"A": [0.5, 0.6, 0.2, 0.3], "B": [0.4, 0.5, 0.3, 0.4]})
    same = SCALES.with_columns(pl.lit("1-5").alias("scale"))
    for scales in (None, same.clear(), same):
        out = distributions.inflation_within_scales(scores, scales)
        assert out["segment"].unique().to_list() == [1]
        assert out["slope"][0] == pytest.approx(-0.06)
    # one scale: no run to name (null), the same whether the scales were given or not
    assert distributions.inflation_within_scales(scores, same)["segment_scale"][0] is None


def test_a_run_of_one_cycle_has_no_trend():
    """C1-C3 on 1-5, C4 on 0-100: the last run is one cycle, its slope empty."""
    scores = _scores({"A": [0.5, 0.6, 0.7, 0.3], "B": [0.4, 0.5, 0.6, 0.4]})
    scales = SCALES.with_columns(pl.Series("scale", ["1-5", "1-5", "1-5", "0-100"]))
    out = distributions.inflation_within_scales(scores, scales)
    assert out["segment"].to_list() == [1, 1, 1, 2]
    assert out["slope"].to_list()[:3] == pytest.approx([0.1] * 3)
    assert out["slope"][3] is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_trend_in_words_is_per_scale_in_its_points(lang):
    """The two runs of the first test: the change of scale said, then each run's slope in its
    own points: 0.10 on the 0-1 score is 0.1 x 4 = +0.40 points on 1-5 and 0.1 x 100 = +10.00
    points on 0-100 (two decimals on 1-5, one on 0-100)."""
    from analytics.findings.stories import inflation_sentences
    from analytics.findings.units import Unit, unit_of_scales
    from analytics.text import render

    scores = _scores({"A": [0.5, 0.6, 0.2, 0.3], "B": [0.4, 0.5, 0.3, 0.4]})
    trend = distributions.inflation_within_scales(scores, SCALES)
    words = inflation_sentences(trend, Unit("mixed"), lang)
    one, hundred = (unit_of_scales([s]).words(lang) for s in ("1-5", "0-100"))
    assert words[0] == render(
        "dist.inflation_scale_break", lang, before=one, after=hundred, cycle="C3"
    )
    assert len(words) == 3
    assert words[1].startswith(
        render("dist.inflation_segment", lang, first="C1", last="C2", unit=one)
    )
    assert words[2].startswith(
        render("dist.inflation_segment", lang, first="C3", last="C4", unit=hundred)
    )
    assert "+0.40" in words[1] and "+10.0" in words[2]


def _wilson(x: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = x / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z / den * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    return centre - half, centre + half


def test_one_unit_within_chance_with_its_sides_off_says_which_test_decides():
    """rev23b item 11: a manager's one unit of 30, S 1, A 3, B 15, C 8, D 3 against S 10 / A 20
    / B 50 / C 15 / D 5 %. Expected 3, 6, 15, 4.5, 1.5: chi2 = 4/3 + 9/6 + 0 + 12.25/4.5 +
    2.25/1.5 = 7.056 on 4 df (p 0.133; its Monte-Carlo p decides, an expected count being
    below 5). Top (S+A) 4/30: Wilson 0.0531 to 0.2976, minus 0.30: wholly below 0; bottom (C+D)
    11/30: Wilson 0.2187 to 0.5453, minus 0.20: wholly above 0. The unit is within chance, and
    its direction is ``in_line_sides``, whose words say which test decides and why the two
    disagree (not "within chance after correction")."""
    from analytics.text import render

    grades = ["S"] + ["A"] * 3 + ["B"] * 15 + ["C"] * 8 + ["D"] * 3
    scores = pl.DataFrame(
        {"unit": ["u"] * 30, "cycle_id": ["C1"] * 30, "grade": grades, "score": [0.5] * 30}
    )
    fit = distributions.guideline_fit_units(scores, ["unit", "cycle_id"]).row(0, named=True)
    assert fit["chi2"] == pytest.approx(4 / 3 + 9 / 6 + 12.25 / 4.5 + 2.25 / 1.5)
    lo, hi = _wilson(4, 30)
    assert (fit["top_excess_lo"], fit["top_excess_hi"]) == pytest.approx((lo - 0.3, hi - 0.3))
    lo, hi = _wilson(11, 30)
    assert (fit["bottom_excess_lo"], fit["bottom_excess_hi"]) == pytest.approx((lo - 0.2, hi - 0.2))
    assert fit["top_excess_hi"] < 0 < fit["bottom_excess_lo"]
    assert not fit["significant"] and fit["p_used"] == fit["pval_mc"] > 0.05
    assert fit["direction"] == "in_line_sides"
    en = render("direction.in_line_sides", "en")
    assert "the test of all grades together decides" in en and "after correction" not in en
    assert "以全部等级一并检验为准" in render("direction.in_line_sides", "zh")
    # within chance with both sides' intervals covering 0: the plain wording
    even = ["S"] * 3 + ["A"] * 6 + ["B"] * 15 + ["C"] * 5 + ["D"]
    fit = distributions.guideline_fit_units(scores.with_columns(pl.Series("grade", even)), "unit")
    assert fit["direction"][0] == "in_line"


def test_a_managers_reach_is_one_unit_named_their_team(small_con):
    """rev23b item 11: ``report --as`` a manager labelled their 30 people with the whole top
    department's name ('财务部') and the scope "Company". A scope of a manager's people (no
    department chosen) is one unit, ``your_team`` ("your team" / "你的团队"), in the units,
    the guideline's table and the scope's words."""
    from analytics.export.report import json_records
    from analytics.findings.scope import Scope, load_scope
    from analytics.findings.sections import YOUR_TEAM, compute_section

    manager, team = small_con.execute(
        "SELECT manager_id, list(employee_id ORDER BY employee_id) FROM employees "
        "WHERE manager_id IS NOT NULL GROUP BY manager_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    data = load_scope(small_con, Scope(people=(manager, *team)))
    for name in ("distribution", "guideline_units"):
        assert compute_section(name, data)["unit"].unique().to_list() == [YOUR_TEAM], name
    guideline = json_records(compute_section("guideline_units", data), "en")[0]
    assert guideline["unit_text"] == "your team"
    scope = json_records(compute_section("summary", data), "zh")[0]["scope"]
    assert scope["text"].endswith("你的团队")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_managers_compared_with_the_peer_panel_are_not_said_to_be_rated_by_nobody_else(lang):
    """left25 item 5: with anonymous peer ratings the model cannot estimate a manager, but the
    peers did rate their people. Of 3 raters not estimated, 1 has people nobody else rates
    (``own_ratees_only``) and 2 are compared with the peer panel: the sentence "cannot be
    estimated: nobody else rates their people" counts 1, and the 2 get their own sentence."""
    from analytics.findings.headlines import rater_status_lines
    from analytics.text import phrase_value, render
    from tests.test_finding_words import _raters

    reasons = ["own_ratees_only", "own_ratees_peer_panel", "own_ratees_peer_panel_few"]
    raters = _raters(["not_estimable"] * 3 + ["clear"], [None] * 4).with_columns(
        pl.Series("status_reason", [phrase_value(r, n=4) for r in reasons] + [None])
    )
    lines = dict(rater_status_lines(raters))
    assert lines["raters.not_estimable_note"] == {"n": 1}
    assert lines["raters.not_estimable_panel"] == {"n": 2}
    panel = render("raters.not_estimable_panel", lang, n=2)
    assert ("nobody else" not in panel) and ("没有其他人评价" not in panel)
    # with no manager compared with the panel, the one sentence as before
    only = dict(rater_status_lines(raters.head(1)))
    assert only["raters.not_estimable_note"] == {"n": 1}
    assert "raters.not_estimable_panel" not in only


def test_why_hidden_strengths_are_empty():
    """left25 item 6: no rater estimated and one cycle: it needs two cycles; no rater estimated
    over several: none can be estimated; raters estimated: nobody rose by 20 points."""
    from analytics.findings.headlines import hidden_empty_line

    none = pl.DataFrame(
        {"rater_id": ["R1", "R2"], "effect": [None, None]}, schema_overrides={"effect": pl.Float64}
    )
    some = none.with_columns(pl.Series("effect", [0.1, None]))
    assert hidden_empty_line(none, ["2026H1"]) == ("pot.hidden_needs_cycles", {"cycle": "2026H1"})
    assert hidden_empty_line(none, ["2025H2", "2026H1"]) == ("pot.hidden_no_raters", {})
    assert hidden_empty_line(None, ["2025H2", "2026H1"]) == ("pot.hidden_no_raters", {})
    assert hidden_empty_line(some, ["2026H1"]) == ("pot.hidden_none", {"gap": 20})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_kappa_sheet_has_no_blank_rows(small_rd_findings, lang):
    """left25 item 7: the workbook's (and the calibration packet's) Kappa sheet kept rows of
    no value beside a reason (the small demo's 0-100 cycle records no grades to compare). Each
    row left has a kappa; the blank ones are said once per reason, below the table."""
    import io

    import openpyxl

    from analytics.export import report as export
    from analytics.findings.headlines import blank_row_lines, section_title
    from analytics.text import render

    kappa = small_rd_findings.sections["agreement"]
    table, lines = blank_row_lines(kappa)
    assert lines and table.height and table.height < kappa.height  # both kinds of row
    assert table["kappa"].null_count() == 0
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(small_rd_findings, lang)))
    title = section_title("agreement", small_rd_findings.sections, lang)
    sheet = book[export.sheet_name(title)]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    header = rows[0]
    k = next(
        i for i, h in enumerate(header) if h and str(h).startswith(render("column.kappa", lang))
    )
    body = rows[1 : 1 + table.height]
    assert all(r[k] is not None for r in body)
    said = [r[0] for r in rows[1 + table.height :]]
    assert said == [render(code, lang, **params) for code, params in lines]


def _appeal_db(folder, people: int):
    """A results-only dataset of ``people`` people in Legal (one cycle, grades) with one
    appeal recorded for T2, and a roles file naming the analyst."""
    from analytics.cli import main
    from tests.test_ingest import write_csv

    rows = [
        (f"T{i}", f"P{i}", "Legal", "" if i == 1 else "T1", "2026Q2", str(60 + i), "ABCD"[i % 4])
        for i in range(1, people + 1)
    ]
    header = ["employee_id", "name", "department", "manager_id", "cycle", "score", "grade"]
    csv = write_csv(folder / "t.csv", header, rows)
    dbp = folder / "t.duckdb"
    assert main(["import", str(csv), "--db", str(dbp), "--quiet"]) == 0
    add = ["appeals", "add", "--db", str(dbp), "--employee", "T2", "--cycle", "2026Q2"]
    assert main([*add, "--reason", "too low"]) == 0
    roles = folder / "roles.toml"
    roles.write_text('k = 3\n[users."ana@example.com"]\nrole = "analyst"\n', encoding="utf-8")
    return dbp, roles


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_appeals_as_the_analyst_keep_the_small_scope_rule(tmp_path, capsys, lang, no_model_fit):
    """left25 item 8: ``appeals list --as`` the pseudonymised analyst listed the appeals of a
    3-person dataset (a pseudonym, its grade and outcome), which ``report --as`` and the pages
    withhold from that role below 5 people. Now it says why and lists none; with 6 people it
    lists pseudonyms only (the dataset's keyed hash, as the report's), never the id. (The
    imports fit no model: the appeals list reads no stored result.)"""
    from analytics.auth.pseudonym import dataset_key, pseudonym
    from analytics.cli import main
    from analytics.text import render

    (tmp_path / "three").mkdir()
    dbp, roles = _appeal_db(tmp_path / "three", 3)
    capsys.readouterr()
    listing = ["--lang", lang, "appeals", "list", "--db", str(dbp), "--roles", str(roles)]
    assert main([*listing, "--as", "ana@example.com"]) == 0
    out = capsys.readouterr()
    assert render("auth.scope_too_small", lang, n=3, k=5) in out.err
    assert "P-" not in out.out and "T2" not in out.out
    assert main(listing) == 0  # the administrator still sees the appeal
    assert "T2" in capsys.readouterr().out
    (tmp_path / "six").mkdir()
    dbp, roles = _appeal_db(tmp_path / "six", 6)
    capsys.readouterr()
    listing = ["--lang", lang, "appeals", "list", "--db", str(dbp), "--roles", str(roles)]
    assert main([*listing, "--as", "ana@example.com"]) == 0
    out = capsys.readouterr().out
    assert pseudonym(dataset_key(dbp), "T2") in out and "T2 " not in out
