"""Rankings and trend lists that say what a flagged manager or a department shift did (rev25a
items 1-5, session 25): the caution on ranked rows whose rating manager the ratings cannot
correct for, the trend lists net of the department shift the attribution identifies."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import cautions
from analytics.stats.potential import decliners
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


# --- item 2: the trend net of the identified department shift, by hand ----------------------


def _adjusted() -> pl.DataFrame:
    """A (D0) 0.80, 0.80, 0.74; B (D1) 0.80, 0.77, 0.74; C (D0) 0.80, 0.76 in the first two
    cycles only; cycles c1, c2, c3 at orders 0, 1, 2."""
    rows = [
        ("A", "D0/x", [0.80, 0.80, 0.74]),
        ("B", "D1", [0.80, 0.77, 0.74]),
        ("C", "D0", [0.80, 0.76]),
    ]
    return pl.DataFrame(
        [(f"c{k + 1}", k, who, dept, y, y) for who, dept, ys in rows for k, y in enumerate(ys)],
        schema=["cycle_id", "cycle_order", "employee_id", "department", "raw", "adjusted"],
        orient="row",
    )


def _shifts(significant: bool = True) -> pl.DataFrame:
    """D0 -0.02 into c2 (not significant) and -0.06 into c3; D1 +0.01 into c3 (not)."""
    return pl.DataFrame(
        {
            "dept": ["D0", "D0", "D1"],
            "to_cycle": ["c2", "c3", "c3"],
            "department": [-0.02, -0.06, 0.01],
            "significant": [False, significant, False],
        }
    )


def test_the_department_levels_add_up_the_identified_shifts_only():
    order = _adjusted().select("cycle_id", "cycle_order").unique()
    lv = cautions.department_levels(_shifts(), order)
    assert lv.sort("cycle_id").rows() == [("D0", "c1", 0.0), ("D0", "c2", 0.0), ("D0", "c3", -0.06)]
    assert cautions.department_levels(_shifts(False), order).height == 0


def test_the_trend_is_refitted_net_of_the_shift():
    """A: 0.80, 0.80, 0.74 less (0, 0, -0.06) = 0.80 each: slope 0 (the raw slope, -0.03 a
    cycle, is the department's); B (D1, no identified shift) keeps -0.03 a cycle with SE 0
    (a straight line); C's two cycles hold no shift: its slope stays -0.04."""
    prof = pl.DataFrame(
        {
            "employee_id": ["A", "B", "C"],
            "slope": [-0.03, -0.03, -0.04],
            "slope_se": [0.0, 0.0, None],
        }
    )
    out = cautions.net_trend(prof, _adjusted(), _shifts())
    got = {r["employee_id"]: r for r in out.iter_rows(named=True)}
    assert got["A"]["slope"] == pytest.approx(0.0, abs=1e-12)
    assert got["A"]["slope_se"] == pytest.approx(0.0, abs=1e-9)
    assert got["A"]["dept_net"] == pytest.approx(-0.06)
    assert (got["A"]["dept_net_dept"], got["A"]["dept_net_cycles"]) == ("D0", ["c3"])
    assert got["B"]["slope"] == pytest.approx(-0.03) and got["B"]["dept_net"] == 0.0
    assert got["C"]["slope"] == pytest.approx(-0.04) and got["C"]["dept_net"] == 0.0
    assert got["C"]["dept_net_dept"] is None
    # nothing identified: the profile's slope as it was
    same = cautions.net_trend(prof, _adjusted(), _shifts(False))
    assert same["slope"].to_list() == prof["slope"].to_list()
    assert same["dept_net"].to_list() == [0.0, 0.0, 0.0]


def test_only_the_people_of_a_shifted_department_are_refitted():
    """fit26b: the profile's own slope stays for everyone with no row in a department with an
    identified shift (B in D1 keeps the profile's -0.05 although its rows would refit to
    -0.03); a person who moved into the shifted department (M: D1 in c1, D0 after) is refitted
    on all their rows, the shift into c3 taken out: 0.80, 0.78, 0.70 + (0, 0, 0.06) -> -0.02."""
    adjusted = pl.concat(
        [
            _adjusted(),
            pl.DataFrame(
                {
                    "cycle_id": ["c1", "c2", "c3"],
                    "cycle_order": [0, 1, 2],
                    "employee_id": ["M"] * 3,
                    "department": ["D1", "D0", "D0/y"],
                    "raw": [0.80, 0.78, 0.70],
                    "adjusted": [0.80, 0.78, 0.70],
                }
            ),
        ]
    )
    prof = pl.DataFrame(
        {"employee_id": ["A", "B", "M"], "slope": [-0.03, -0.05, -0.05], "slope_se": [0.0] * 3}
    )
    got = {r["employee_id"]: r for r in cautions.net_trend(prof, adjusted, _shifts()).to_dicts()}
    assert got["B"]["slope"] == -0.05 and got["B"]["dept_net"] == 0.0
    assert got["A"]["slope"] == pytest.approx(0.0, abs=1e-12)
    assert got["M"]["slope"] == pytest.approx(-0.02)
    assert (got["M"]["dept_net"], got["M"]["dept_net_dept"]) == (pytest.approx(-0.06), "D0")


def test_a_netted_decliner_carries_the_shift_in_words():
    """A person whose own fall continues net of the shift is listed with the tag first."""
    prof = pl.DataFrame(
        {
            "employee_id": ["A"],
            "peer_group": ["company"],
            "peer_group_n": [10],
            "n_cycles": [3],
            "first_cycle": ["c1"],
            "latest_cycle": ["c3"],
            "first_adjusted": [0.9],
            "latest_adjusted": [0.7],
            "slope": [-0.1],
            "slope_se": [0.001],
            "slope_se_pooled": [0.01],
            "pct_adjusted": [0.1],
            "pct_raw": [0.1],
            "consistency": [0],
            "potential_band": [None],
            "potential_source": [None],
            "sources_agree": [None],
            "mgr_peer_gap": [None],
            "n_gap_cycles": [None],
            "potential_label": [None],
            "potential_cycle": [None],
            "potential_score": [None],
        }
    )
    netted = prof.with_columns(
        dept_net=pl.lit(-0.06),
        dept_net_dept=pl.lit("D0"),
        dept_net_cycles=pl.lit(["c3"]),
    )
    out = cautions.with_net_tags(decliners(netted), netted)
    assert out["dept_net"].to_list() == [-0.06]
    from analytics.findings.units import convert, unit_of_scales

    words = render_column(convert(out, unit_of_scales(["0-100"]))["reasons"], "zh", "reason")
    assert words[0].to_list()[0] == (
        "含部门整体变动 -6.0（D0 c3；0-100 分制），已从趋势中扣除：这部分是部门的，不是个人表现"
    )


def test_the_simulated_downturn_is_netted_and_planted_decliners_are_still_found():
    """Fast subset of ``python -m tests.sim.trend_net`` (50 seeds in docs/methods.md): a
    department of 220 of 900 falls 6 points in the last cycle, 3 people a department fall 6
    points a cycle of their own. Raw, about a sixth of the department's flat people were
    listed as decliners; net of the shift about as many as elsewhere, and the planted
    decliners are found as often."""
    from tests.sim.trend_net import trend_net_rates

    r = trend_net_rates(range(4))
    assert r["identified"] == 1.0
    assert r["raw_shifted_listed"] > 0.10
    assert r["net_shifted_listed"] < 0.04
    assert abs(r["net_others_listed"] - r["raw_others_listed"]) < 1e-12  # untouched
    assert r["net_recall"] >= 0.55 and r["net_recall"] >= r["raw_recall"] - 0.1


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
        names = ("high_potential", "decliners", "risers", "profile")
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
    # 000108 is linked with 000106 alone: not flagged (rev29a item 4), still cautioned
    assert by_rank[4] == by_rank[20] == by_rank[45] == ("caution_linked_pair", "000108")
    assert {by_rank[r] for r in (14, 22, 23, 29, 30, 31, 32)} == {("caution_flat_team", "000184")}
    # the managers named beside their ids from the roster (session 26), in either language
    zh = render_column(said["caution"], "zh", "reason").list.first().to_list()
    en = render_column(said["caution"], "en", "reason").list.first().to_list()
    by_rank_zh = dict(zip(said["rank"], zh, strict=True))
    assert "评分上级 张博颖（000108）" in by_rank_zh[4]
    assert "同一上级 韩帆玉（000184）" in by_rank_zh[14]
    assert "one manager, 韩帆玉 (000184)," in dict(zip(said["rank"], en, strict=True))[22]


def test_the_reviewers_decliners_are_net_of_the_sales_downturn(rev25a_sections):
    """rev25a item 2: 45 of the 54 decliners were 销售中心 people (24% of staff) falling with
    their department's -5.3 in 2026H1; net of it 13 are listed, 4 of them in 销售中心, each
    saying the shift was taken out; the two planted risers stay first."""
    dec, prof = rev25a_sections["decliners"], rev25a_sections["profile"]
    top = prof.select("employee_id", pl.col("department").str.split("/").list.first().alias("top"))
    sales = dec.join(top, on="employee_id").filter(pl.col("top") == "销售中心")
    assert dec.height == 13 and sales.height == 4
    assert (sales["dept_net"] * 100).round(1).to_list() == [-5.3] * 4
    assert (dec.filter(pl.col("dept_net") == 0).height, dec.height - sales.height) == (9, 9)
    first = sales["reasons"].list.first().struct.field("code").unique().to_list()
    assert first == ["trend_net_department"]
    assert rev25a_sections["risers"]["employee_id"].head(2).to_list() == ["000832", "000824"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_potential_page_counts_the_cautions_and_the_netted_rows(rev23a_db, monkeypatch, lang):
    from analytics.text import render
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(rev23a_db))
    at = open_page("pages/potential.py", lang)
    said = [c.value for c in at.caption]
    assert render("pot.list_cautions", lang, k=10) in said
    assert render("pot.trend_netted", lang, k=4, n=13) in said


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


# --- item 3: one answer across pages for the managers the links estimate ----------------------


def test_a_manager_change_says_it_is_the_rater_pages_estimate():
    """The team of 4 that moved from R9 to R1 (both estimated through these 4 people, +0.057
    and -0.057): the reason names both effects and the assumption; a team whose new manager
    is not link-estimated keeps its reason."""
    why = {"code": "manager_change_not_separable", "params": {"diff": 0.0}}
    teams = pl.DataFrame(
        {
            "dept": ["D", "D"],
            "from_cycle": ["c1", "c1"],
            "to_cycle": ["c2", "c2"],
            "manager_from": ["R9", "R4"],
            "manager_to": ["R1", "R3"],
            "n": [4, 5],
            "n_stable": [100, 100],
            "diff_vs_stable": [0.12, 0.01],
            "ci95_low": [0.10, -0.01],
            "ci95_high": [0.14, 0.03],
            "reason": [why, why],
        }
    )
    raters = _raters().vstack(
        _raters().head(1).with_columns(rater_id=pl.lit("R9"), effect=pl.lit(-0.057))
    )
    out = cautions.with_linked_managers(teams, raters)
    assert out["reason"].struct.field("code").to_list() == [
        "manager_change_linked",
        "manager_change_not_separable",
    ]
    from analytics.findings.units import convert, unit_of_scales

    words = render_column(convert(out.head(1), unit_of_scales(["0-100"]))["reason"], "zh", "reason")
    assert "这 4 名换过上级的人" in words[0] and "R1 +5.7，R9 -5.7" in words[0]
    assert "假设他们本身没有变化" in words[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lenient_managers_person_page_says_the_rater_pages_estimate(
    rev23a_db, monkeypatch, lang
):
    """rev25a item 3: 000108's page said only "cannot be estimated" while /raters flagged her
    +5.7 through 4 people; now it says both, and what each means."""
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(rev23a_db))
    at = open_page("pages/person.py", lang, employee="000108")
    said = [c.value for c in at.caption]
    word = "假设他们本身没有变化" if lang == "zh" else "assuming they did not change themselves"
    hits = [c for c in said if word in c]
    assert len(hits) == 1 and "+5.7" in hits[0] and " 4 " in hits[0], said


# --- item 4: the central-tendency rule as applied ---------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rater_page_states_the_pooled_rule_it_applies(rev23a_db, monkeypatch, lang):
    """rev25a item 4: "至少 8 位被评人" while 000184 with 7 was flagged on pooled cycles: the
    page now states the pooled rule (4 people, 8 ratings over the cycles)."""
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(rev23a_db))
    at = open_page("pages/raters.py", lang)
    said = [c.value for c in at.caption]
    word = "至少 4 位被评人、各周期合计至少 8 次评分" if lang == "zh" else "at least 4 people and 8"
    hits = [c for c in said if word in c]
    assert len(hits) == 1, said
    assert ("不足 8 位被评人" if lang == "zh" else "fewer than 8 people") in hits[0]


# --- item 5: the overview names the shift and the flat manager -------------------------------


def test_the_headlines_name_the_shift_in_points_and_the_flat_manager():
    from analytics.findings.headlines import headlines
    from analytics.findings.units import unit_of_scales
    from analytics.text import render

    shifts = pl.DataFrame(
        {
            "dept": ["销售中心", "生产中心"],
            "from_cycle": ["2025H2", "2025H2"],
            "to_cycle": ["2026H1", "2026H1"],
            "department": [-0.0532, 0.004],
            "significant": [True, False],
        }
    )
    raters = pl.DataFrame(
        {
            "rater_id": ["000184", "000101"],
            "flags": [["central_tendency"], []],
            "status": ["not_estimable", "not_estimable"],
            "fdr_flag": [None, None],
            "flag": [None, None],
            "mde80": [None, None],
            "threshold": [0.014, 0.014],
            "interval_method": [None, None],
        },
        schema_overrides={
            "fdr_flag": pl.String,
            "flag": pl.String,
            "mde80": pl.Float64,
            "interval_method": pl.String,
        },
    )
    found = {
        h.code: h
        for h in headlines(
            {"department_shifts": shifts, "raters": raters}, unit_of_scales(["0-100"])
        )
    }
    h = found["overview.headline_shift"]
    assert render(h.code, "zh", **h.params) == (
        "1 个部门在某周期出现显著整体变动（环境因素，不是个人表现）：销售中心 2026H1 整体 -5.3（0-100 分制）"
    )
    assert "销售中心 2026H1 -5.3 (points on 0-100)" in render(h.code, "en", **h.params)
    ct = found["overview.headline_raters_ct"]
    assert render(ct.code, "zh", **ct.params).startswith("1 位上级评分有趋中倾向（000184）")
    assert render(ct.code, "en", **ct.params).startswith("1 manager rates with central tendency")


def test_the_reviewers_moved_team_reads_as_the_rater_pages_estimate(rev23a_db):
    """rev25a item 3 on the reviewer's workbook: the 4 people who moved from 000106 to 000108
    are the team whose change the attribution compares and whose change the rater page's
    ±5.7 rests on; the row now says so in both languages."""
    import duckdb

    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section
    from analytics.findings.units import convert, unit_of_scales

    con = duckdb.connect(str(rev23a_db), read_only=True)
    try:
        teams = compute_section("manager_changes", load_scope_lazy(con, Scope()))
    finally:
        con.close()
    row = teams.filter((pl.col("manager_from") == "000106") & (pl.col("manager_to") == "000108"))
    assert row["reason"].struct.field("code").to_list() == ["manager_change_linked"]
    pts = convert(row, unit_of_scales(["0-100"]))
    zh = render_column(pts["reason"], "zh", "reason")[0]
    en = render_column(pts["reason"], "en", "reason")[0]
    assert "这 4 名换过上级的人" in zh and "000108 +5.7，000106 -5.7" in zh
    assert "from these 4 people who changed manager (000108 +5.7, 000106 -5.7)" in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overview_names_the_downturn_and_the_flat_manager(rev23a_db, monkeypatch, lang):
    """rev25a item 5 on the page: "销售中心 2026H1 整体 -5.3" in the shift headline, and a
    headline for 000184's central tendency."""
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(rev23a_db))
    at = open_page("pages/overview.py", lang)
    shown = " | ".join(str(m.value) for m in (*at.markdown, *at.info, *at.caption))
    shift = "销售中心 2026H1 整体 -5.3（0-100 分制）" if lang == "zh" else "销售中心 2026H1 -5.3"
    assert shift in shown, shown[:2000]
    # named beside the id, as the roster has them (rev28b item 10)
    flat = "趋中倾向（韩帆玉（000184））" if lang == "zh" else "central tendency (韩帆玉 (000184))"
    assert flat in shown, shown[:2000]
