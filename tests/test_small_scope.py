"""The small-scope rule (rev24b item 3): filters that leave fewer than 5 people (财务部 has one
M3, its head) show a view that may not see individuals (the analyst, a pseudonymised export)
no row and no aggregate, in every export and ``report --as``; for every role no high-potential
list of fewer than 5 people, and an interval that cannot be computed is worded, not "— to —"."""

from __future__ import annotations

import io
import json
import shutil

import polars as pl
import pytest

from analytics.auth.pseudonym import dataset_key
from analytics.auth.roles import LOCAL_ADMIN, Viewer
from analytics.export.report import to_html, to_json, to_xlsx
from analytics.findings.headlines import backtest_lines, interval_words
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.methods import MIN_N
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.visibility import MIN_SCOPE_PEOPLE, view_for
from analytics.store import db
from analytics.text import render

ANALYST = Viewer("ana@example.com", "analyst")
#: the reviewer's scope: one person, 财务部's head
HEAD_ONLY = Scope(department="财务部", level="M3")
SENTENCE = {
    "en": "This selection holds 1 person; results for fewer than 5 people are not shown to your role",
    "zh": "当前筛选范围只有 1 人；少于 5 人的范围不向你的角色显示结果",
}


@pytest.fixture(scope="module")
def small(small_demo_db, tmp_path_factory):
    """A copy of the small demo (its pseudonym key beside it) and a read-only connection."""
    path = tmp_path_factory.mktemp("small_scope") / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)
    con = db.connect(path, read_only=True)
    yield path, con
    con.close()


def test_the_rule_in_one_place(small):
    path, con = small
    assert MIN_SCOPE_PEOPLE == MIN_N == 5  # the minimum Distributions shows a unit's numbers for
    analyst = view_for(ANALYST, con, key=dataset_key(path))
    admin = view_for(LOCAL_ADMIN, con)
    exported = view_for(LOCAL_ADMIN, con, key=dataset_key(path), pseudonymised=True)
    head = view_for(Viewer("li", "dept_head", ("财务部",)), con)
    for n in range(1, 5):
        problem = analyst.small_scope(n)
        assert problem is not None and problem.code == "scope_too_small"
        assert problem.params == {"n": n, "k": 5}
        assert exported.small_scope(n) is not None  # an export asked pseudonymised: the same
        assert admin.small_scope(n) is None and head.small_scope(n) is None  # they see names
    assert analyst.small_scope(5) is None and analyst.small_scope(300) is None
    assert analyst.small_scope(0) is None  # nothing to show: the page's own "no data"
    assert not analyst.sees_individuals and admin.sees_individuals and head.sees_individuals
    problem = analyst.small_scope(1)
    for lang, words in SENTENCE.items():
        assert problem.message(lang).startswith(words)
    assert "3 people" in analyst.small_scope(3).message("en")


def test_exports_of_a_one_person_scope_hold_no_rows_for_the_analyst(small):
    path, con = small
    analyst = view_for(ANALYST, con, key=dataset_key(path))
    data = load_scope_lazy(con, analyst.clip(HEAD_ONLY))
    # the scope the reviewer found: its one person, the head at 财务部's root, is left out of
    # the analyst's scopes (rev27b item 2), and the selection is still refused in words
    assert data.summary_counts()["employees"] == 0
    findings = build_findings(con, data=data, view=analyst)
    assert findings.withheld == ("auth.scope_too_small", {"n": 1, "k": 5})
    assert findings.sections == {}
    out = to_json(findings, "en")
    assert out["withheld"].startswith(SENTENCE["en"])
    assert set(out) == {"scope", "withheld"}  # no section, no count, no id
    text = json.dumps(out, ensure_ascii=False)
    assert "P-" not in text and "employee_id" not in text
    book = pl.read_excel(io.BytesIO(to_xlsx(findings, "zh")), sheet_id=0, has_header=False)
    assert list(book) == [render("report.withheld_sheet", "zh")]  # one sheet, two lines
    sheet = next(iter(book.values()))
    assert sheet.height == 2 and sheet[1, 0].startswith(SENTENCE["zh"])
    html = to_html(findings, "en")
    assert SENTENCE["en"] in html and "<table" not in html and "P-" not in html
    # the administrator keeps the scope's results (its one person's changes included)
    admin = load_scope_lazy(con, HEAD_ONLY)  # the administrator's scope keeps the head
    full = build_findings(con, data=admin, view=view_for(LOCAL_ADMIN, con))
    assert full.withheld is None and full["attribution"].height > 0


def test_report_as_the_analyst_writes_a_withheld_file(small, tmp_path, monkeypatch, capsys):
    """``report --as``: the command line's only person filters are cycles and a department
    subtree, and no subtree of the small demo is under 5 people, so the threshold is raised
    here (the one constant) to make 财务部 (28 people) small; the roles file makes ``ana`` an
    analyst."""
    from analytics.cli import main
    from analytics.findings import visibility

    path, _ = small
    monkeypatch.setattr(visibility, "MIN_SCOPE_PEOPLE", 100)
    roles = tmp_path / "roles.toml"
    roles.write_text('[users."ana@example.com"]\nrole = "analyst"\n', encoding="utf-8")
    monkeypatch.setenv("PERFLENS_ROLES", str(roles))
    out = tmp_path / "r.json"
    args = ["report", "--db", str(path), "--as", "ana@example.com", "--department", "财务部"]
    assert main(["--lang", "en", *args, "--out", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert set(written) == {"scope", "withheld"}
    assert "results for fewer than 100 people are not shown" in written["withheld"]
    assert "results for fewer than 100 people" in capsys.readouterr().err
    # the administrator's report of the same department keeps its rows
    full = tmp_path / "full.json"
    assert main(["report", "--db", str(path), "--department", "财务部", "--out", str(full)]) == 0
    assert json.loads(full.read_text(encoding="utf-8"))["attribution"]


def test_no_high_potential_list_of_fewer_than_five_for_any_role(small):
    _, con = small
    data = load_scope_lazy(con, HEAD_ONLY)
    assert compute_section("high_potential", data).height == 0  # not "1 of 1 people"
    assert compute_section("nine_box_counts", data)["n"].sum() == 1  # the head is placed
    lines = backtest_lines(compute_section("hipo_backtest", data))
    assert [code for code, _ in lines] == ["pot.backtest_no_list"]
    said = render(lines[0][0], "en", **lines[0][1])
    assert "cannot be estimated" in said and "at least 5 people" in said
    wider = load_scope_lazy(con, Scope(department="财务部"))  # 28 people: a list
    assert compute_section("high_potential", wider).height > 0


def test_an_interval_that_cannot_be_computed_is_said_so():
    assert interval_words(None, None) == [{"code": "interval.not_estimable", "params": {}}]
    assert interval_words(float("nan"), 0.4)[0]["code"] == "interval.not_estimable"
    row = {
        "cycle_before": "2025Q2",
        "cycle_after": "2025Q3",
        "n_listed": 1,
        "n_rated": 1,
        "pct_mean": 0.3,
        "pct_ci95_low": None,  # one person: no t interval
        "pct_ci95_high": None,
        "top_band": 0.2,
        "top_band_share": 0.0,
        "top_band_ci95_low": 0.0,
        "top_band_ci95_high": 0.79,
        "below_median_share": 1.0,
    }
    frame = pl.DataFrame(
        [row | {"backtest_group": g} for g in ("high_potential", "top_percentile", "everyone")]
    )
    for lang, words in (("en", "95% interval cannot be estimated"), ("zh", "95% 区间 无法估计")):
        said = [render(code, lang, **params) for code, params in backtest_lines(frame)]
        assert words in said[0], said[0]
        assert "0% to 79%" in said[0] or "0% 至 79%" in said[0]
        assert "—" not in " ".join(said)
