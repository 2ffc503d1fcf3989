"""Rankings and trend lists that say what a flagged manager or a department shift did (rev25a
items 1-5, session 25): the caution on ranked rows whose rating manager the ratings cannot
correct for, the trend lists net of the department shift the attribution identifies."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import cautions
from analytics.text import render_column

# --- item 1: the caution rule, by hand -----------------------------------------------------


def _raters() -> pl.DataFrame:
    """Six managers (threshold 0.014 on the 0-1 score): R1 lenient through links (+0.057, 4
    linking people); R2 central tendency, team +0.10 [0.09, 0.11]; R3 team +0.035 [0.02, 0.05]
    without a flag; R4 team interval [-0.01, 0.05] (holds 0); R5 lenient on the same-ratee
    model (subtracted from the score already); R6 central tendency, team [-0.01, 0.02]."""
    return pl.DataFrame(
        {
            "rater_id": ["R1", "R2", "R3", "R4", "R5", "R6"],
            "flag": ["lenient", None, None, None, "lenient", None],
            "interval_method": ["links", None, None, None, "contrast", None],
            "effect": [0.057, None, None, None, 0.05, None],
            "n_shared_ratees": pl.Series([4, 0, 0, 0, 30, 0], dtype=pl.UInt32),
            "ct_status": ["clear", "flagged", "clear", "clear", "clear", "flagged"],
            "team_diff": [None, 0.10, 0.035, 0.02, None, 0.005],
            "team_ci95_low": [None, 0.09, 0.02, -0.01, None, -0.01],
            "team_ci95_high": [None, 0.11, 0.05, 0.05, None, 0.02],
            "team_people": [None, 7, 5, 6, None, 4],
            "threshold": [0.014] * 6,
        }
    )


def test_the_caution_rule_names_the_managers_the_score_is_not_corrected_for():
    got = cautions.rater_cautions(_raters())
    codes = dict(zip(got["rater_id"], got["caution"].struct.field("code"), strict=True))
    # R4's interval holds 0, R5's effect is subtracted already, R6 is flat but not far
    assert codes == {
        "R1": "caution_linked_rater",
        "R2": "caution_flat_team",
        "R3": "caution_team_gap",
    }
    one = got.filter(pl.col("rater_id") == "R2")["caution"].struct.field("params")
    assert one.struct.field("gap").to_list() == [0.10]
    assert one.struct.field("n").to_list() == [7]


def test_each_ranked_row_gets_its_managers_caution_with_the_number():
    """P1 rated by R1 in both cycles, P2 moved from R4 to R2, P3 rated by R5: P1 and P2 carry
    the caution of their manager, P3 none; the rows keep their order."""
    rows = pl.DataFrame({"rank": [1, 2, 3], "employee_id": ["P3", "P1", "P2"]})
    changes = pl.DataFrame(
        {
            "employee_id": ["P1", "P2", "P3"],
            "manager_from": ["R1", "R4", "R5"],
            "manager_to": ["R1", "R2", "R5"],
        }
    )
    out = cautions.with_rater_cautions(rows, changes, _raters())
    assert out["employee_id"].to_list() == ["P3", "P1", "P2"]
    codes = out["caution"].list.eval(pl.element().struct.field("code")).to_list()
    assert codes == [[], ["caution_linked_rater"], ["caution_flat_team"]]
    from analytics.findings.units import convert, unit_of_scales

    pts = convert(out, unit_of_scales(["0-100"]))
    zh = render_column(pts["caution"], "zh", "reason")
    assert zh[2].to_list() == [
        "该团队由同一上级 R2 评分，团队均分比本部门其余人员高 10.0（0-100 分制；"
        "95% 区间 +9.0 至 +11.0，7 人）且几乎无差异（趋中倾向）：名次不可靠"
    ]
    en = render_column(pts["caution"], "en", "reason")[1].to_list()[0]
    assert "lenient by +5.7" in en and "4 people who changed manager" in en
    assert "did not change themselves" in en


# --- the reviewer's workbook, imported through the CLI ----------------------------------------


@pytest.fixture(scope="module")
def rev25a_sections(rev23a_db):
    import duckdb

    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section

    con = duckdb.connect(str(rev23a_db), read_only=True)
    try:
        s = load_scope_lazy(con, Scope())
        names = ("high_potential", "profile")
        yield {n: compute_section(n, s) for n in names}
    finally:
        con.close()


def test_the_reviewers_ranking_says_which_rows_rest_on_a_flagged_manager(rev25a_sections):
    """rev25a item 1: 10 of the 50 names come from 000184's flat team (ranks 14, 22, 23,
    29-32) and 000108's lenient one (4, 20, 45); each carries its caution, no other row."""
    h = rev25a_sections["high_potential"]
    assert h.height == 50
    said = h.filter(pl.col("caution").list.len() > 0)
    assert said["rank"].to_list() == [4, 14, 20, 22, 23, 29, 30, 31, 32, 45]
    codes = said["caution"].list.first().struct.field("code")
    raters = said["caution"].list.first().struct.field("params").struct.field("rater")
    by_rank = dict(zip(said["rank"], zip(codes, raters, strict=True), strict=True))
    assert by_rank[4] == by_rank[20] == by_rank[45] == ("caution_linked_rater", "000108")
    assert {by_rank[r] for r in (14, 22, 23, 29, 30, 31, 32)} == {("caution_flat_team", "000184")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_potential_page_counts_the_cautions_and_the_netted_rows(rev23a_db, monkeypatch, lang):
    from analytics.text import render
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(rev23a_db))
    at = open_page("pages/potential.py", lang)
    said = [c.value for c in at.caption]
    assert render("pot.list_cautions", lang, k=10) in said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_person_box_says_the_flat_managers_caution(rev23a_db, monkeypatch, lang):
    """The reviewer's 000688 (rank 14, 000184's team): the green box, then the caution."""
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(rev23a_db))
    at = open_page("pages/person.py", lang, employee="000688")
    warned = [w.value for w in at.warning]
    word = "名次不可靠" if lang == "zh" else "the rank is not reliable"
    hits = [w for w in warned if word in w and "000184" in w]
    assert len(hits) == 1, warned
    assert ("10.0" in hits[0]) and at.success
