"""rev25b items 2-5, 9-13: sentences that say what the statistic does (session 25, words25)."""

from __future__ import annotations

import html

import polars as pl
import pytest

from analytics.export.packet import to_packet_html
from analytics.text import render
from tests import test_appeals


# --- item 2: the company part of the department shifts is a weighted median -----------------
def test_shifts_note_says_weighted_median_in_both_languages():
    en, zh = render("attr.shifts_note", "en"), render("attr.shifts_note", "zh")
    assert "people-weighted median of the departments' mean adjusted changes" in en
    assert "√(π/2" in en and "fewer than three departments" in en
    assert "按人数加权中位数" in zh and "√(π/2" in zh and "少于三个部门" in zh
    # the old sentence called the median a mean of all employees, with a t interval
    assert not en.startswith("Company is the mean adjusted change")
    assert not zh.startswith("公司因素为该对周期全体员工校正后变动的均值")


def test_packet_says_what_the_company_column_is(small_rd_findings):
    shifts = small_rd_findings.sections.get("department_shifts")
    assert shifts is not None and shifts.height, "the scope has department shifts"
    for lang in ("en", "zh"):
        page = to_packet_html(small_rd_findings, lang)
        title = f"<h2>{html.escape(render('section.department_shifts', lang))}</h2>"
        section = page.split(title)[1].split("</section>")[0]
        assert html.escape(render("attr.shifts_note", lang)) in section, lang
    assert isinstance(shifts, pl.DataFrame)


# --- item 9: the packet's department shift only between the chosen cycles -----------------
def test_scope_shift_only_between_the_chosen_cycles():
    """rev25b item 9: 市场部 with 2025Q4 and 2026Q1 chosen cited 2025Q3→2025Q4 too (a pair
    that ends in a chosen cycle but starts before the selection). Of two cycles or more, only
    the pairs between them; of one (the meeting's cycle), the entry into it, as before."""
    from analytics.export.packet import scope_shift_words
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope
    from analytics.findings.stories import scope_shift_lines
    from tests.test_scope_shift import P100, _shifts

    one = _shifts("one_down").filter(pl.col("dept") == "D0")
    pairs = (("2025Q3", "2025Q4"), ("2025Q4", "2026Q1"), ("2026Q1", "2026Q2"))
    shifts = pl.concat(one.with_columns(from_cycle=pl.lit(a), to_cycle=pl.lit(b)) for a, b in pairs)
    chosen = scope_shift_lines(shifts, ("2025Q4", "2026Q1"), P100)
    assert chosen.select("from_cycle", "to_cycle").rows() == [("2025Q4", "2026Q1")]
    assert scope_shift_lines(shifts, ("2025Q4",), P100)["from_cycle"].to_list() == ["2025Q3"]
    assert scope_shift_lines(shifts, ("2025Q3", "2026Q1"), P100).height == 0  # not adjacent
    f = Findings(Scope(cycles=("2025Q4", "2026Q1"), department="D0"), sections={}, unit=P100)
    f.scope_shifts = shifts
    words = scope_shift_words(f, "en")
    assert len(words) == 1 and "2025Q4→2026Q1" in words[0] and "2025Q3" not in words[0]


# --- items 11, 12: the command line's appeals list and calibrate create --people -----------
@pytest.fixture()
def tiny(tmp_path):
    """tests/test_appeals.py's six graded people and roles file."""
    return test_appeals.tiny.__wrapped__(tmp_path)


def test_appeals_list_keeps_one_persons_appeals(tiny, capsys):
    """rev25b item 11: ``appeals list --employee ID`` printed every appeal (the option is
    documented for add); it now lists only that person's, and --help says so."""
    _cli = test_appeals._cli
    path, roles = tiny
    base = ["--db", str(path), "--roles", str(roles)]
    for person in ("E2", "E5"):
        code, out = _cli(
            capsys, "--lang", "en", "appeals", "add", *base, "--employee", person,
            "--cycle", "2025Q4", "--reason", "KPI", "--filed", "2026-01-05",
        )  # fmt: skip
        assert code == 0, out
    code, out = _cli(capsys, "--lang", "en", "appeals", "list", *base)
    assert "E2" in out and "E5" in out
    code, out = _cli(capsys, "--lang", "en", "appeals", "list", *base, "--employee", "E5")
    assert code == 0 and "E5" in out and "E2" not in out and "A2" in out, out
    code, out = _cli(capsys, "--lang", "en", "appeals", "list", *base, "--employee", "E9")
    assert render("appeals.none_listed", "en") in out
    code, out = _cli(
        capsys, "--lang", "en", "appeals", "list", *base, "--audit", "--employee", "E2"
    )
    assert "A1" in out and "A2" not in out, out
    assert "list: only this person's appeals" in render("clihelp.appeals_employee", "en")


def test_calibrate_create_reads_people_separated_by_spaces(tmp_path, capsys):
    """rev25b item 12: ``--people "E2 E3"`` was read as one id ("E2 E3 lies outside ...");
    spaces and commas both separate, as in the person search."""
    from analytics.calibration import sessions
    from analytics.cli import main
    from tests.test_calibration import _db, _roles

    path = _db(tmp_path)
    base = ["--db", str(path), "--roles", _roles(tmp_path)]
    for n, given in enumerate(("E2 E3", "E2, E3", "E2,E3  "), start=1):
        argv = ["calibrate", "create", *base, "--cycle", "2025Q4", "--people", given]
        assert main(["--lang", "en", *argv, "--as", "alice"]) == 0, capsys.readouterr()
        assert f"Created calibration session {n}" in capsys.readouterr().out
        assert sorted(sessions.load(path, str(n)).grades["employee_id"]) == ["E2", "E3"]


# --- item 13: the KPI drivers' axis title fits beside the plot ------------------------------
def test_kpi_axis_title_fits_the_plot_height():
    """rev25b item 13: at 1280 px the y-axis title "contribution to change in weighted
    attainment (percentage points…" was longer than the plot and ran into the chart's title."""
    from analytics.export.figures import kpi_driver_bars, text_px

    drivers = pl.DataFrame(
        {
            "dept": ["市场部", "市场部", "研发中心"],
            "to_cycle": ["2026Q1", "2026Q1", "2026Q1"],
            "kpi": ["收入", "回款", "收入"],
            "contribution": [0.012, -0.004, 0.008],
        }
    )
    for lang in ("en", "zh"):
        fig = kpi_driver_bars(drivers, lang)
        m = fig.layout.margin
        plot = fig.layout.height - m.t - m.b
        title = fig.layout.yaxis.title.text
        assert title == render("fig.kpi_axis", lang)
        assert text_px(title, 14) < 0.8 * plot, (lang, text_px(title, 14), plot)


# --- item 5: an interval with neither end known reads "cannot be estimated" ----------------
def test_a_sentence_without_its_interval_says_cannot_be_estimated():
    """rev25b item 5: one person's inflation trend read "95% CI — to —" and "1 people". A
    sentence given an interval of which neither end is known is worded by its
    ``_no_interval`` variant (wherever it is rendered: the page, or a caller that passes
    the interval as it is); with both ends, as before."""
    params = dict(slope=-0.004, lo=None, hi=float("nan"), unit="0-1", d=3, p=None, n=6, people=1)
    en = render("dist.inflation_result", "en", **params)
    assert "— to —" not in en and "1 people" not in en
    assert "n=6 scores of 1 person; the 95% CI and p cannot be estimated" in en
    zh = render("dist.inflation_result", "zh", **params)
    assert "— 至 —" not in zh and "95% CI 与 p 值无法估计" in zh
    known = render("dist.inflation_result", "en", **params | dict(lo=-0.05, hi=0.02, p=0.4))
    assert "95% CI -0.050 to +0.020" in known and "p=0.4" in known
    assert "scores of 2 people" in render("dist.inflation_result", "en", **params | {"people": 2})
