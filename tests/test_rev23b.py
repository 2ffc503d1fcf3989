"""rev23b (a Head of People Analytics' review): the statistics built on what the data cannot
carry. Between-unit tests on one score per person (item 1), and the rater page on a
"wide" English export where the manager is the only identified rater and two cycles hold
manager ratings only (items 2-5), imported through the real path."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest
from scipy import stats

from analytics.cli import main
from analytics.export import figures
from analytics.findings.headlines import dstudy_lines
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.stories import gaps_unestimable
from analytics.stats import agreement, attribution
from analytics.stats.distributions import TIE_DECIMALS
from analytics.text import phrase_value, render
from tests.test_ingest import write_csv

CYCLES = ("2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2")
MANAGER_ONLY = {"2025Q3", "2026Q1"}
DEPTS = ("Sales", "Engineering", "Finance", "Operations", "HR")
HEADER = ["employee_id", "name", "department", "manager_id", "cycle", "rating"]
HEADER += ["self_rating", "peer_rating"]


def wide_export(seed: int = 23, n: int = 300) -> list[tuple]:
    """The reviewer's generator (/tmp/rev-rev23b/p3/gen.py): 5 heads, 25 managers, staff; a
    person's level and their manager's leniency persist across cycles; self and one peer
    rating (no peer id) in four cycles, the manager's alone in 2025Q3 and 2026Q1."""
    rnd = random.Random(seed)
    people = [(f"A{i + 1:04d}", d, "") for i, d in enumerate(DEPTS)]
    mgrs = []
    for i in range(25):
        d = DEPTS[i % 5]
        e = f"A{len(people) + 1:04d}"
        people.append((e, d, people[i % 5][0]))
        mgrs.append((e, d))
    while len(people) < n:
        m, d = rnd.choice(mgrs)
        people.append((f"A{len(people) + 1:04d}", d, m))
    true = {p[0]: rnd.gauss(0, 0.5) for p in people}
    lenient = {p[0]: rnd.gauss(0, 0.3) for p in people}

    def r(x: float) -> str:
        return f"{round(min(5, max(1, x)), 1)}"

    rows = []
    for c in CYCLES:
        for e, d, m in people:
            base = 3.2 + true[e] + (lenient[m] if m else 0)
            rating = r(base + rnd.gauss(0, 0.35))
            s = p = ""
            if c not in MANAGER_ONLY and m:
                s = r(base + 0.4 + rnd.gauss(0, 0.4))
                p = r(3.2 + true[e] + rnd.gauss(0, 0.4))
            rows.append((e, f"Person {e}", d, m, c, rating, s, p))
    return rows


MAPPING = (
    '[columns]\nrating = "manager_score"\nself_rating = "self_score"\npeer_rating = "peer_score"\n'
)


def import_wide(folder: Path, rows: list[tuple], mapped: bool = True) -> Path:
    """The rows imported into ``folder``/acme.duckdb with the reviewer's mapping (map.toml), or
    as they are (``mapped`` False: the detection reads the roles, ing24)."""
    path = write_csv(folder / "company300.csv", HEADER, rows)
    toml = folder / "map.toml"
    toml.write_text(MAPPING, encoding="utf-8")
    dbp = folder / "acme.duckdb"
    mapping = ["--mapping", str(toml)] if mapped else []
    # the CLI's import: the findings stored as a company's are (else a page computes them)
    assert main(["import", str(path), "--db", str(dbp), *mapping, "--quiet"]) == 0
    return dbp


@pytest.fixture(scope="module")
def wide_con(wide_mapped_db):
    con = duckdb.connect(str(wide_mapped_db), read_only=True)  # shared by the processes
    yield con
    con.close()


def _section(con: duckdb.DuckDBPyConnection, name: str, cycles: tuple[str, ...] = ()):
    return compute_section(name, load_scope_lazy(con, Scope(cycles=cycles)))


def test_units_are_compared_on_one_score_per_person_in_the_latest_cycle(wide_con):
    """Item 1: Kruskal-Wallis and the pairwise tests pooled every cycle, n = people x cycles
    (12,000 for 2,000 people in 6 cycles), with intervals about sqrt(6) too narrow. Now: the
    latest cycle, n = people, the same H as scipy on that cycle's scores by hand."""
    scores = _section(wide_con, "scores")
    latest = scores.filter(scores["cycle_id"] == CYCLES[-1])
    kw = _section(wide_con, "unit_tests")
    assert kw.height == 1
    row = kw.row(0, named=True)
    assert row["cycle_id"] == CYCLES[-1]
    assert row["n"] == latest.height == 300  # people, not 1,800 person-cycles
    # ranked as compare_units ranks: equal but for the 16th digit is a tie (fiximp30)
    groups = [g["score"].round(TIE_DECIMALS).to_numpy() for _, g in latest.group_by("unit")]
    h, p = stats.kruskal(*groups)
    assert row["H"] == pytest.approx(h, rel=1e-9) and row["pval"] == pytest.approx(p, rel=1e-9)
    pairs = _section(wide_con, "unit_pairs")
    assert set(pairs["cycle_id"]) == {CYCLES[-1]}
    sizes = dict(latest.group_by("unit").len().iter_rows())
    for a, b, na, nb in pairs.select("unit_a", "unit_b", "n_a", "n_b").iter_rows():
        assert (na, nb) == (sizes[a], sizes[b])
    # a chosen cycle is that cycle's people
    q3 = _section(wide_con, "unit_tests", ("2025Q3",))
    assert q3["cycle_id"].to_list() == ["2025Q3"] and q3["n"][0] == 300


def test_a_cycle_of_manager_ratings_only_says_the_disagreement_cannot_be_estimated(wide_con):
    """Item 3: in 2025Q3 (manager ratings only) the rater page said "no one ... further apart"
    and "0 cases to re-check", and the source-means table listed the manager alone. Now the
    self and peer rows are there with n = 0 and no mean, and the cycle is named as one where
    the disagreement cannot be estimated, for want of self and peer ratings."""
    q3 = _section(wide_con, "source_summary", ("2025Q3",))
    n = dict(q3.select("measure", "n").iter_rows())
    assert n["manager"] == 300
    assert {m: n[m] for m in ("self", "peer", "gap_self_manager", "gap_manager_peer")} == {
        "self": 0,
        "peer": 0,
        "gap_self_manager": 0,
        "gap_manager_peer": 0,
    }
    assert q3.filter(pl.col("n") == 0)["mean"].null_count() == 4
    assert gaps_unestimable(q3) == (["2025Q3"], [{"cycles": ["2025Q3"], "why": "self_peer"}])
    both = _section(wide_con, "source_summary")
    blind, notes = gaps_unestimable(both)
    assert blind == sorted(MANAGER_ONLY) and notes == [{"cycles": blind, "why": "self_peer"}]
    for lang, words in (
        ("en", "cannot be estimated in 2025Q3, 2026Q1"),
        ("zh", "2025Q3、2026Q1："),
    ):
        said = render("raters.gaps_unestimable", lang, **notes[0])
        assert words in said and render("raters.gaps_why.self_peer", lang) in said
    # a cycle with every source is estimable, its counts as before
    q1 = _section(wide_con, "source_summary", ("2025Q1",))
    assert gaps_unestimable(q1) == ([], [])
    assert q1.filter(pl.col("measure") == "gap_self_manager")["n"][0] == 295


@pytest.mark.parametrize("mapped", [True, False])
def test_the_rater_page_of_manager_only_cycles_says_cannot_be_estimated(
    tmp_path, monkeypatch, mapped, no_model_fit
):
    """Item 3 on the page (AppTest): a dataset of manager-only cycles shows the reason under
    the chart's and the re-check list's headings, and no "0 cases to re-check"; the same
    whether the file is imported with the reviewer's mapping or as it is (ing24)."""
    rows = [r for r in wide_export(n=60) if r[4] in MANAGER_ONLY]
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(import_wide(tmp_path, rows, mapped)))
    for lang in ("en", "zh"):
        at = open_page("pages/raters.py", lang)  # (no overview run first: it asserts nothing)
        captions = [c.value for c in at.caption]
        said = render("raters.gaps_unestimable", lang, cycles=sorted(MANAGER_ONLY), why="self_peer")
        assert captions.count(said) == 2, captions
        assert render("raters.recheck_count", lang, n=0) not in captions
        assert render("raters.dumbbell_none", lang) not in captions
        alpha = render(  # item 5: the blank alpha says why, under the table
            "raters.reliability_blank",
            lang,
            measure="krippendorff_alpha_interval",
            reason=[phrase_value("reason.one_identified_rater")],  # a phrase (its n: msg24)
            cycles=sorted(MANAGER_ONLY),
        )
        assert alpha in captions, captions
        # item 14: one dimension, so no halo: said, not "0 of 0 raters cannot be estimated"
        assert not any("0 of 0" in c or "0 / 0" in c for c in captions), captions
        assert any(
            c.startswith(render("raters.halo_none", lang, min=0, few=0)[:20]) for c in captions
        ), captions


def _nested_design(raters_per_person: int, seed: int = 5) -> pl.DataFrame:
    """60 people in 12 teams, 3 cycles; each person rated by ``raters_per_person`` raters of
    their own (the first, the team's manager; others, peers of their own), rater x person
    interaction 0.3 SD: with one rater it is inside the person's component."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(60):
        true = rng.normal(0, 1)
        raters = [f"M{p % 12}"] + [f"P{p}_{k}" for k in range(1, raters_per_person)]
        for r in raters:
            inter = rng.normal(0, 0.3)
            for c in ("c1", "c2", "c3"):
                rows.append((f"E{p}", r, c, true + inter + rng.normal(0, 0.5)))
    return pl.DataFrame(rows, schema=["person", "rater", "cycle", "score"], orient="row")


def test_more_raters_are_not_projected_when_each_person_has_one_rater():
    """Item 4: with one identified rater per person, rater x person is confounded with the
    person and the D study still gave Phi for 2-10 raters (0.84 with 4 raters on the reviewer's
    data). Now those rows have no Phi and the reason ``one_rater``; the raters' own component
    cannot be separated from the people's (mgr24: it was kept as resting on random
    assignment, which a manager's team is not): not estimable, inside the person's. With
    three raters per person both are estimated as before."""
    one = agreement.g_study(_nested_design(1), "person", "rater", "score", "cycle", boot=20)
    assert agreement.one_rater_per_person(one)
    r = one.filter(pl.col("component") == "r").row(0, named=True)
    assert (r["reason"], r["estimable"], r["confounded_with"]) == ("nested_rater", False, "p")
    assert r["estimate"] is None and r["n_levels"] == 12
    d = agreement.decision_study(one)
    more = d.filter(pl.col("n_raters") > 1)
    assert set(more["reason"]) == {"one_rater"} and more["phi"].null_count() == more.height
    first = d.filter(pl.col("n_raters") == 1)
    assert first["phi"].null_count() == 0 and first["reason"].null_count() == first.height
    three = agreement.g_study(_nested_design(3), "person", "rater", "score", "cycle", boot=20)
    assert not agreement.one_rater_per_person(three)
    assert three.filter(pl.col("component") == "r")["reason"].null_count() == 1
    d3 = agreement.decision_study(three)
    assert d3["phi"].null_count() == 0 and d3["reason"].null_count() == d3.height


def test_the_wide_export_says_why_more_raters_cannot_be_projected(wide_con):
    """Item 4 on the reviewer's design: peers carry no rater id, so each person has one rater
    (their manager); the sentence says more raters cannot be projected, and why."""
    g = _section(wide_con, "g_study")
    d = _section(wide_con, "decision_study")
    assert g.filter(pl.col("facet") == "pr")["confounded_with"].to_list() == ["p"]
    assert g.filter(pl.col("facet") == "r")["reason"].to_list() == ["nested_rater"]
    assert d.filter(pl.col("n_raters") > 1)["phi"].null_count() == 36
    codes = [code for code, _ in dstudy_lines(g, d)]
    assert codes[-1] == "raters.dstudy_one_rater"
    for lang in ("zh", "en"):
        words = render("reason.one_rater", lang)
        said = render("raters.dstudy_one_rater", lang, reason="one_rater")
        assert words in said and ("ids" in words if lang == "en" else "工号" in words)


def test_blank_reliability_and_kappa_say_the_true_reason(wide_con):
    """Item 5: Krippendorff's alpha was blank in every cycle with no reason (the peer ratings
    of a wide export carry no rater id, so each person has one identified rater), and every
    kappa said "no grades this cycle ... see the reliability table for 0-100 scores" for a
    1-5 scale in tenths, the manager-only cycles included. Now each says its own reason."""
    rel = _section(wide_con, "reliability")
    alpha = rel.filter(pl.col("measure") == "krippendorff_alpha_interval")
    assert alpha.height == 6 and alpha["value"].null_count() == 6
    assert set(alpha["reason"].struct.field("code")) == {"one_identified_rater"}
    kappa = _section(wide_con, "agreement")
    why = {(c, m): r for c, m, r in kappa.select("cycle_id", "measure", "reason").iter_rows()}
    for cycle in CYCLES:
        cohen, fleiss = why[(cycle, "cohen_kappa")], why[(cycle, "fleiss_kappa")]
        if cycle in MANAGER_ONLY:  # no self rating, one rating by others per person
            assert (cohen, fleiss) == ("no_self_manager", "no_two_raters"), cycle
        else:  # self, manager and a peer on 1-5 in tenths: 41 values, not grades
            assert (cohen, fleiss) == ("not_grades", "not_grades"), cycle
    en = render("reason.not_grades", "en")
    assert "0-100 scores" not in en and "1-5 in tenths" in en
    assert "工号" in render("reason.one_identified_rater", "zh")
    assert "rater id" in render("reason.one_identified_rater", "en")


def _mix_only(seed: int = 3) -> pl.DataFrame:
    """40 people in two departments over 3 cycles; each manager's rating of a person is the
    same in every cycle, and nothing about anyone changes. Peers rate in c1 and c3 (each
    person's peers differ from the manager by their own amount), not in c2: only the mix of
    sources moves the score."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(40):
        e, m = f"E{i:02d}", f"M{i % 4}"
        mgr, peer = rng.uniform(0.3, 0.9), rng.uniform(0.1, 0.9)
        for c in ("c1", "c2", "c3"):
            rows.append((c, e, m, "manager", mgr, "甲部" if i < 20 else "乙部"))
            if c != "c2":
                rows.append((c, e, f"P{i}", "peer", peer, "甲部" if i < 20 else "乙部"))
    df = pl.DataFrame(
        rows,
        schema=["cycle_id", "employee_id", "rater_id", "rater_role", "score", "department"],
        orient="row",
    )
    return df.with_columns(
        cycle_order=pl.col("cycle_id").str.slice(1).cast(pl.Int32),
        dimension=pl.lit("overall"),
        weight=pl.lit(1.0),
    )


def test_a_change_in_the_sources_is_not_an_individual_change():
    """Item 2: a manager-only cycle beside cycles with peers moved each score by the peers'
    difference from the manager, and the trend attribution called it the person's own change
    (A0901: "individual -0.39" while the manager's rating rose 0.1). On a simulation where
    only the mix of sources changes: before, individual parts up to +/-0.1 and more; now every
    individual, company and department part is 0, the whole change is the sources' part
    (counted in the rater part), and ``sources_changed`` says so."""
    ch = attribution.score_changes(_mix_only())
    assert ch.height == 80 and ch["sources_changed"].all()
    assert ch["change"].abs().max() > 0.05  # the scores did move
    for part in ("individual", "company", "department", "new_manager"):
        assert ch[part].abs().max() < 1e-12, part
    assert (ch["rater"] - ch["change"]).abs().max() < 1e-12
    assert (ch["sources"] - ch["change"]).abs().max() < 1e-12
    # the parts still add up to the change
    total = ch["company"] + ch["department"] + ch["rater"] + ch["new_manager"] + ch["individual"]
    assert (total - ch["change"]).abs().max() < 1e-12
    # the waterfall's rater bar says it holds the sources
    row = attribution.person_parts(ch.head(1)).row(0, named=True)
    for lang in ("zh", "en"):
        labels = list(figures.waterfall(row, lang).data[0].x)
        assert labels[2] == render("component.rater_sources", lang), labels


def test_the_reviewers_person_keeps_their_own_change_apart_from_the_sources(wide_con):
    """Item 2 on the reviewer's A0901-like people: in a pair across a manager-only cycle the
    individual part is the like-with-like change (the manager's rating), the sources' part
    is the rest; in a pair with the same sources nothing moves to ``sources``."""
    ch = _section(wide_con, "attribution")
    same = ch.filter(pl.col("from_cycle") == "2025Q1")  # 2025Q1 -> 2025Q2: both 360
    assert not same["sources_changed"].any() and same["sources"].abs().max() == 0
    across = ch.filter(pl.col("to_cycle") == "2025Q3")  # into a manager-only cycle
    assert across.filter(pl.col("manager_from").is_not_null())["sources_changed"].all()
    total = ch["company"] + ch["department"] + ch["rater"] + ch["new_manager"] + ch["individual"]
    assert (total - ch["change"]).abs().max() < 1e-9


def test_the_person_page_says_the_sources_changed(tmp_path, monkeypatch, no_model_fit):
    """Item 2 on the person page (AppTest): the latest change (2026Q1, manager only, to
    2026Q2, with peers) names the sources' part under the waterfall, and the bar reads
    "raters and sources"."""
    from tests.app.apptest import open_page

    monkeypatch.setenv("PERFLENS_DB", str(import_wide(tmp_path, wide_export(n=60))))
    for lang in ("en", "zh"):
        at = open_page("pages/person.py", lang, employee="A0040")
        captions = [c.value for c in at.caption]
        said = render(
            "attr.waterfall_sources",
            lang,
            from_cycle="2026Q1",
            to_cycle="2026Q2",
            sources=0.0,
            score_scale="1-5",
        )
        head = said.split("：" if lang == "zh" else ": ")[0]  # the words before the points
        assert "2026Q1" in head and any(c.startswith(head) for c in captions), captions


def test_the_words_of_nothing_and_of_one(wide_con):
    """Item 14: "of 5 decided appeals 1 were overturned", "Of the 0 raters that can be
    estimated ... none", and a headline "No rater is found lenient or severe" when every rater
    could not be estimated (the reviewer's 30 managers)."""
    from analytics.findings.headlines import headlines

    names = ["n", "appealed", "rate", "lo", "hi", "decided", "overturned", "orate", "olo", "ohi"]
    values = (10, 5, 0.5, 0.2, 0.8, 5, 1, 0.2, 0.0, 0.6)
    said = render("appeals.scope", "en", **dict(zip(names, values)))
    assert "1 was overturned" in said
    raters = _section(wide_con, "raters")
    (h,) = [
        h for h in headlines({"raters": raters}) if h.area == "raters" and "scale_use" not in h.code
    ]
    assert h.code == "overview.headline_raters_unjudged"
    for lang, start in (("en", "None of the"), ("zh", f"{raters.height} 位")):
        text = render(h.code, lang, **h.params)
        assert text.startswith(start) and "cannot be estimated" in render(
            h.code, "en", **h.params
        ), text


def test_chinese_intervals_are_written_one_way():
    """Item 14: 中文 mixed "95% CI -0.028 ~ +0.032" and "95% 区间 0.000 至 0.020"; every
    interval between two numbers now reads "至"."""
    from analytics.text.render import entries

    mixed = [code for code, words in entries().items() if "} ~ {" in words.get("zh", "")]
    assert mixed == []
    said = render(
        "raters.selected",
        "zh",
        rater="E1",
        effect=0.1,
        lo=-0.1,
        hi=0.2,
        n=3,
        ratees=2,
        flags="无",
        score_scale="1-5",
    )
    assert " 至 " in said and "~" not in said


def test_one_lenient_rater_is_one_rater():
    """Item 14: the headline read "1 lenient raters"."""
    from analytics.text import phrase_value

    kinds = [phrase_value("overview.n_lenient", n=1), phrase_value("overview.n_severe", n=8)]
    said = render("overview.raters_strict", "en", kinds=kinds)
    assert said.startswith("1 lenient rater, 8 severe raters (") and "raters raters" not in said
