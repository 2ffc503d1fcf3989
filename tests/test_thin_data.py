"""Pages that say true things when the data is thin (rev23a items 13, 14, 16; rev23b items 8,
13, 14): reliability on one ratee is "too few ratees (n=1)", not "0.000 [0.000, 0.000]"
(here, in the workbook and the packet); the completion table's sources; a D study blank for
one reason; the box plot's small units; the latest cycle and its grades where every unit is
one person; the leniency help's model. ``thin_company`` is the small manager-only company
the page tests (tests/app/test_thin_data_pages.py) open."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import polars as pl
import pytest

from analytics.cli import main
from analytics.export import figures
from analytics.findings.headlines import blank_table_reasons
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.parts import reliability_from_pairs
from analytics.findings.scope import Scope, completion_roles
from analytics.findings.sections import compute_section
from analytics.findings.stories import blank_reasons
from analytics.stats import reliability
from analytics.text import phrase_value, render, render_frame

ROOT = Path(__file__).resolve().parents[1]
#: the thin company's people in each department (its manager not counted)
TEAMS = (("法务部", 3), ("销售部", 8), ("研发部", 8))


def thin_csv(path: Path) -> Path:
    """A results export like rev23a's, small: one 总分 and 绩效等级 per person and cycle, the
    manager the only rater (评价人工号, 评价关系 上级), KPI-like dimensions 业绩 / 能力 on
    0-100. Three managers (职级 M1), each alone in a department with their team (P1) and
    rated by the director D01 (never rated); 法务部 holds 4 people in all. In 2025H2 E02 moved
    and is listed twice, once per manager: since dup24 the later row of a results table (one
    总分 a person and cycle) is a conflicting record, quarantined whole, so no one in 2025H2
    has two identified raters."""
    rnd = random.Random(24)
    lines = ["工号,姓名,部门,职级,考核周期,评价人工号,评价关系,业绩,能力,总分,绩效等级"]
    people = []
    for dept, n in TEAMS:
        manager = f"M{len(people) + 1:02d}"
        people.append((manager, dept, "M1", "D01"))
        people += [(f"E{len(people) + 1 + i:02d}", dept, "P1", manager) for i in range(n)]
    for cycle in ("2025H1", "2025H2"):
        for emp, dept, level, manager in people:
            total, grade = None, rnd.choice(["S", "A", "B", "B", "B", "C"])
            raters = [manager, "M05"] if (cycle, emp) == ("2025H2", "E02") else [manager]
            for rater in raters:
                a, b = rnd.randint(60, 95), rnd.randint(60, 95)
                total = total if total is not None else round(0.7 * a + 0.3 * b, 1)
                row = (emp, f"员工{emp}", dept, level, cycle, rater, "上级", a, b, total, grade)
                lines.append(",".join(str(v) for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def thin_company(folder: Path) -> Path:
    """:func:`thin_csv` imported by the CLI (its findings stored, as after `make run`)."""
    dbp = folder / "thin.duckdb"
    path = thin_csv(folder / "thin.csv")
    assert main(["import", str(path), "--db", str(dbp), "--quiet"]) == 0
    return dbp


def thin_copy(tmp_path_factory, name: str) -> Path:
    """A private copy of :func:`thin_company`, imported once per test run
    (:func:`tests.conftest.built_once`) for this module and the page tests."""
    from tests.conftest import built_once

    built = built_once(tmp_path_factory, "thin", thin_company) / "thin.duckdb"
    path = tmp_path_factory.mktemp(name) / "thin.duckdb"
    shutil.copyfile(built, path)
    return path


@pytest.fixture(scope="module")
def thin_db(tmp_path_factory) -> Path:
    return thin_copy(tmp_path_factory, "thin")


def _pairs(people: dict[str, list[float]], cycle: str = "c1") -> pl.DataFrame:
    rows = [(cycle, e, f"R{i}", v) for e, vs in people.items() for i, v in enumerate(vs)]
    return pl.DataFrame(rows, schema=["cycle_id", "employee_id", "rater_id", "score"], orient="row")


def test_alpha_of_one_ratee_is_zero_whatever_the_scores():
    """Why the minimum: with one pairable unit, alpha is 0 for any scores and its bootstrap
    interval [0, 0] (docs/methods.md, "Too few ratees")."""
    rng = np.random.default_rng(24)
    for m in (2, 3, 5):
        one = _pairs({"E1": rng.uniform(0, 1, m).tolist()}).select(
            "employee_id", "rater_id", "score"
        )
        a = reliability.krippendorff_alpha(one, "employee_id", "rater_id", "score", "interval")
        r = a.row(0, named=True)
        assert r["alpha"] == pytest.approx(0.0, abs=1e-12)
        assert (r["ci95_low"], r["ci95_high"]) == pytest.approx((0.0, 0.0), abs=1e-12)


def test_reliability_below_three_ratees_is_too_few_with_its_n():
    """One and two ratees: no value, no interval, ``too_few_ratees`` with n; three: a value.
    The ICC of two people with three raters each: ``too_few_nested``. No one with two raters:
    ``one_identified_rater``, as before."""
    one = reliability_from_pairs(_pairs({"E1": [0.5, 0.7]}))
    (row,) = one.iter_rows(named=True)
    assert (row["value"], row["ci95_low"], row["ci95_high"]) == (None, None, None)
    assert row["reason"] == phrase_value("too_few_ratees", n=1, min=3, k=None)
    assert row["n_targets"] == 1 and row["n_raters"] == 2
    two = reliability_from_pairs(_pairs({"E1": [0.5, 0.7, 0.6], "E2": [0.3, 0.2, 0.4]}))
    by = dict(zip(two["measure"], two.iter_rows(named=True)))
    assert by["krippendorff_alpha_interval"]["reason"]["params"]["n"] == 2
    for icc in ("ICC1", "ICC1k"):
        assert by[icc]["value"] is None
        assert by[icc]["reason"] == phrase_value("too_few_nested", n=2, min=3, k=3)
    three = reliability_from_pairs(
        _pairs({"E1": [0.5, 0.7, 0.6], "E2": [0.3, 0.2, 0.4], "E3": [0.9, 0.8, 0.7]})
    )
    assert three["value"].null_count() == 0 and three["reason"].is_null().all()
    none = reliability_from_pairs(_pairs({"E1": [0.5], "E2": [0.3]}))
    assert none["reason"].struct.field("code").to_list() == ["one_identified_rater"]
    assert reliability.MIN_RATEES == 3
    for lang, words in (("zh", "被评人太少（n=1"), ("en", "too few ratees (n=1")):
        assert render_frame(one, lang)["reason"][0].startswith(words)
        blank, icc = blank_reasons(one)  # and the ICC: no one with its 3 raters (left31)
        said = render("raters.reliability_blank", lang, **blank)
        assert words in said and "{" not in said and "c1" in said
        assert icc["measure"] == "ICC" and icc["cycles"] == ["c1"]


def test_the_thin_company_has_no_alpha_of_one_person_anywhere(thin_db, tmp_path):
    """rev23a item 14 on the reviewer's shape: the section, the workbook and the packet say
    why 2025H2 has no alpha (no one with two identified raters: the second row of the person
    listed twice is quarantined since dup24) and print no 0.000 (one ratee: see above)."""
    con = duckdb.connect(str(thin_db), read_only=True)
    try:
        rel = compute_section("reliability", load_scope_lazy(con, Scope()))
    finally:
        con.close()
    h2 = rel.filter(pl.col("cycle_id") == "2025H2").row(0, named=True)
    assert h2["value"] is None and h2["n_targets"] == 0
    assert h2["reason"]["code"] == "one_identified_rater"
    xlsx, html = tmp_path / "r.xlsx", tmp_path / "r.html"
    for out in (xlsx, html):
        assert main(["report", "--db", str(thin_db), "--out", str(out)]) == 0
    said = "没有人有两位可识别的评价人"
    sheet = openpyxl.load_workbook(xlsx)["评分信度"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any(str(c).startswith(said) for c in cells), cells
    assert 0.0 not in [c for c in cells if isinstance(c, float)], cells  # no alpha of 0
    page = html.read_text(encoding="utf-8")
    part = page[page.index("评分信度") :]
    part = part[: part.index("</table>")]
    assert said in part and "0.000" not in part


def test_completion_shows_the_sources_the_dataset_holds():
    """rev23a item 13: no self / peer columns of 0% for a manager-only company; the skip-level
    review it holds has a column."""
    frame = pl.DataFrame(
        {
            "department": ["a", "b"],
            "employee_cycles": [4, 5],
            "self_done": [0.0, 0.0],
            "manager_done": [1.0, 0.8],
            "peer_done": [0.0, None],
            "skip_level_done": [0.0, 0.4],
            "subordinate_done": [0.0, 0.0],
        }
    )
    assert completion_roles(frame) == (["manager", "skip_level"], ["self", "peer"])
    old = frame.select("department", "self_done", "manager_done", "peer_done")  # stored before
    assert completion_roles(old) == (["manager"], ["self", "peer"])


def test_the_overview_counts_every_role(thin_db):
    from analytics.findings.scope import overview_counts

    con = duckdb.connect(str(thin_db), read_only=True)
    try:
        completion = overview_counts(con, use_materialised=False)["completion"]
    finally:
        con.close()
    assert completion_roles(completion) == (["manager"], ["self", "peer"])
    assert completion["manager_done"].to_list() == [1.0, 1.0, 1.0]
    assert completion["skip_level_done"].to_list() == [0.0, 0.0, 0.0]


def test_a_d_study_blank_for_one_reason_is_one_sentence():
    """rev23a item 16: 40 rows of "—" for one reason are not shown (the sentence says it); a
    table with a value, or with two reasons, is."""
    blank = pl.DataFrame({"phi": [None] * 4, "reason": ["no_person_variance"] * 4})
    blank = blank.cast({"phi": pl.Float64})
    assert blank_table_reasons(blank, ("phi",)) == ["no_person_variance"]
    some = blank.with_columns(pl.Series("phi", [0.7, None, None, None]))
    assert blank_table_reasons(some, ("phi",)) == []
    two = blank.with_columns(pl.Series("reason", ["one_rater", *["no_person_variance"] * 3]))
    assert blank_table_reasons(two, ("phi",)) == ["one_rater", "no_person_variance"]  # 2: a table
    assert (
        blank_table_reasons(blank.with_columns(pl.lit(None, pl.String).alias("reason")), ("phi",))
        == []
    )


def test_a_unit_under_five_gets_no_box_and_its_label_says_why():
    """rev23b item 13: a 3-person unit's "box" had single people's scores for whiskers."""
    stats = pl.DataFrame(
        {
            "unit": ["Legal", "Sales"],
            "cycle_id": ["2026Q2"] * 2,
            "n": [3, 8],
            "q1": [0.6, 0.5],
            "median": [0.7, 0.6],
            "q3": [0.8, 0.7],
            "mean": [0.7, 0.6],
            "lowerfence": [0.55, 0.3],
            "upperfence": [0.85, 0.9],
        }
    )
    for lang in ("zh", "en"):
        fig = figures.score_box(stats, lang, 5)
        boxes = [t for t in fig.data if t.type == "box"]
        assert [b.customdata[0] for b in boxes] == ["Sales"]
        (legal,) = [t for t in fig.data if t.customdata[0] == "Legal"]
        assert legal.type == "scatter" and list(legal.y) == [None]
        assert render("fig.box_too_few", lang, n=3, min=5) in legal.x[0]
        assert "0.85" not in str(fig.layout.yaxis.range or "")


def test_the_latest_cycle_and_its_grades_where_every_unit_is_one_person(thin_db):
    """rev23b item 8: a level filter leaving one manager per department; the guideline check
    names the latest cycle and counts the people with a grade (the unit sections are empty)."""
    con = duckdb.connect(str(thin_db), read_only=True)
    try:
        data = load_scope_lazy(con, Scope(level="M1"))
        check = compute_section("guideline_check", data).row(0, named=True)
        box = compute_section("score_box", data)
        lone = compute_section("lone_units", data)
    finally:
        con.close()
    assert (check["cycle_id"], check["n_graded"]) == ("2025H2", 3)
    assert box.is_empty() and lone.height == 6  # 3 departments x 2 cycles, one person each


def test_the_leniency_help_says_the_model_methods_md_fits():
    """rev23b item 14: the help said "score = ratee + rater + dimension"; the model is fitted
    on pair means (dimensions averaged, a skipped one's difficulty taken out) with no
    dimension term, as docs/methods.md says."""
    methods = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    assert "**Model.** `y_p = a_i + b_j + e_p` on pair means." in methods
    en, zh = render("raters.effects_note", "en"), render("raters.effects_note", "zh")
    assert "pair mean = ratee + rater + error" in en and "dimension)" not in en
    assert "配对均值 = 被评人效应 + 评价人效应 + 误差" in zh and "维度效应" not in zh
