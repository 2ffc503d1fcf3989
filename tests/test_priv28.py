"""The pseudonymised analyst cannot re-identify anyone by joining sections (rev28b items 2
and 3): every sheet of her calibration workbook joined by pseudonym leaves each combination of
the quasi-identifiers kept (department path, team, level, job family, peer group) shared by at
least k people of the company; reasons name no peer group; raters carry pseudonyms of their
own (``R-``), so a flagged rater is not the person whose score and change the other sheets
give, and their ratee counts are banded."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from analytics import schema as S
from analytics.auth.pseudonym import dataset_key
from analytics.auth.roles import Viewer
from analytics.export import report as export
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import REPORT_SECTIONS, build_findings
from analytics.findings.scope import Scope
from analytics.findings.visibility import MIN_SCOPE_PEOPLE, view_for
from analytics.store import db
from tests.readonly import reading

ANALYST = Viewer("data@example.com", "analyst")
K = MIN_SCOPE_PEOPLE
#: the workbook's (English) headers of the quasi-identifiers a row about a person may carry
QI = {
    "Department": "department",
    "Department path": "department",
    "Team": "team",
    "Level": "level",
    "Job family": "job_family",
    "Peer group": "peer_group",
}


@pytest.fixture(scope="module")
def workbook(demo_db):
    """The analyst's calibration workbook of the company over all cycles (what rev28b
    downloaded), every sheet as rows of header -> value, and the company's roster."""
    with reading(demo_db) as con:
        view = view_for(ANALYST, con, key=dataset_key(demo_db))
        data = load_scope_lazy(con, view.clip(Scope()))
        found = build_findings(con, view=view, data=data, sections=REPORT_SECTIONS)
        roster = db.read_table(con, S.EMPLOYEES)
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(found, "en")), read_only=True)
    sheets = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        ids = ("Employee ID", "Rater ID", "Manager (from)")
        header = next((i for i, r in enumerate(rows) if r and set(ids) & set(r)), None)
        if header is not None:
            names = [str(h) for h in rows[header]]
            sheets[sheet.title] = [dict(zip(names, r, strict=False)) for r in rows[header + 1 :]]
    return sheets, roster


def people_matching(roster: pl.DataFrame, profile: dict[str, str]) -> int:
    match = pl.lit(True)
    for col, value in profile.items():
        if col == "department":  # a path cut short stands for its subtree
            match &= (pl.col(col) == value) | pl.col(col).str.starts_with(value + "/")
        elif col == "peer_group":  # job family and level ("职能 M1"), or one of them
            pair = pl.concat_str(pl.col("job_family"), pl.lit(" "), pl.col("level"))
            match &= (pair == value) | (pl.col("job_family") == value) | (pl.col("level") == value)
        else:
            match &= pl.col(col) == value
    return roster.filter(match).height


def test_every_sheet_joined_by_pseudonym_leaves_k_people_per_combination(workbook):
    sheets, roster = workbook
    profiles: dict[str, dict[str, str]] = {}
    for rows in sheets.values():
        for row in rows:
            pid = row.get("Employee ID")
            if not pid:
                continue
            profile = profiles.setdefault(pid, {})
            for header, col in QI.items():
                value = row.get(header)
                if value in (None, ""):
                    continue
                value = str(value)
                if col == "department" and len(profile.get(col, "")) > len(value):
                    continue  # the finest path any sheet gives
                profile[col] = value
    assert len(profiles) > 500
    few = {}
    for pid, profile in profiles.items():
        n = people_matching(roster, profile)
        if n < K:
            few[pid] = (profile, n)
    assert not few, (len(few), list(few.items())[:3])


def test_no_reason_names_a_peer_group(workbook):
    sheets, roster = workbook
    groups = (
        roster.select(pl.concat_str("job_family", pl.lit(" "), "level").unique().drop_nulls())
        .to_series()
        .to_list()
    )
    reasons = [
        str(row["Reasons"]) for rows in sheets.values() for row in rows if row.get("Reasons")
    ]
    assert len(reasons) > 50
    named = [r for r in reasons if any(g in r for g in groups)]
    assert not named, named[:3]


def test_raters_carry_pseudonyms_of_their_own_and_banded_counts(workbook):
    sheets, _ = workbook
    people = {
        row["Employee ID"] for rows in sheets.values() for row in rows if row.get("Employee ID")
    }
    raters = [row for row in sheets["Raters"] if row.get("Rater ID")]
    assert len(raters) > 10 and len(people) > 500
    assert all(str(r["Rater ID"]).startswith("R-") for r in raters)
    managers = {
        row[c] for row in sheets["Manager changed"] for c in ("Manager (from)", "Manager (to)")
    } - {None}
    assert managers and all(str(m).startswith("R-") for m in managers), managers
    assert all(str(p).startswith("P-") for p in people)
    assert not people & ({r["Rater ID"] for r in raters} | managers)
    bands = {"0", "1-4", "5-9", "10-19", "20-49", "50+"}
    assert {r["Ratees"] for r in raters} <= bands, {r["Ratees"] for r in raters}
    counts = {str(r[h]) for r in raters for h in ("n", "Rater-ratee pairs")}
    assert all(c.endswith("+") or "-" in c for c in counts), counts  # "500-999", "1000+"


def test_a_raters_pseudonym_is_another_keyed_hash():
    from analytics.auth.pseudonym import pseudonym, pseudonymise, rater_pseudonym

    key = b"k" * 32
    assert rater_pseudonym(key, "E1").startswith("R-") and len(rater_pseudonym(key, "E1")) == 18
    assert rater_pseudonym(key, "E1")[2:] != pseudonym(key, "E1")[2:]
    assert rater_pseudonym(key, "E1") != rater_pseudonym(b"j" * 32, "E1")
    col = pseudonymise(pl.Series("rater_id", ["E1", None]), key, rater=True)
    assert col.to_list() == [rater_pseudonym(key, "E1"), None]


@pytest.fixture(scope="module")
def con(demo_db):
    with reading(demo_db) as c:
        yield c


def test_a_head_named_in_the_roles_file_is_left_out_of_their_own_reach(con):
    """rev28b item 11: 财务部's head E000004 sat in his own reach (person page, his manager's
    ratings of him); with his employee id in the roles file he is not, his department is."""
    plain = view_for(Viewer("h@example.com", "dept_head", ("财务部",)), con)
    named = view_for(Viewer("h@example.com", "dept_head", ("财务部",), employee_id="E000004"), con)
    assert plain.sees("E000004") and not named.sees("E000004")
    assert plain.allowed - named.allowed == {"E000004"} and named.sees("E000100") is False
    data = load_scope_lazy(con, named.clip(Scope(cycles=("2026Q1",))))
    rows = build_findings(con, view=named, data=data, sections=("adjusted",)).sections["adjusted"]
    assert rows.height > 100 and "E000004" not in rows["employee_id"].to_list()


def test_report_as_a_role_with_nobody_in_the_dataset_says_so(demo_db, tmp_path, capsys):
    """rev28b item 1 for ``report --as``: the file holds no rows, and the role is told why."""
    from analytics import cli
    from analytics.text import render

    roles = tmp_path / "roles.toml"
    roles.write_text(
        '[users."h@example.com"]\nrole = "dept_head"\ndepartments = ["西南分公司"]\n', "utf-8"
    )
    db_file = tmp_path / "perflens.duckdb"
    db_file.write_bytes(demo_db.read_bytes())
    out = tmp_path / "r.json"
    base = ["--lang", "en", "report", "--db", str(db_file), "--roles", str(roles)]
    assert cli.main([*base, "--out", str(out), "--cycle", "2026Q1", "--as", "h@example.com"]) == 0
    said = render("auth.no_reach_in_dataset", "en", role=render("auth.role.dept_head", "en"))
    assert said in capsys.readouterr().err
    assert '"raters":[]' in out.read_text("utf-8")


def test_counts_are_banded_and_the_chart_places_a_band_at_its_lower_end():
    from analytics.export import figures
    from analytics.findings.visibility import banded_counts

    raters = pl.DataFrame(
        {
            "rater_id": ["R-a", "R-b", "R-c"],
            "n": [792, 1416, 12],
            "n_ratees": [39, 50, 4],
            "effect": [0.09, -0.1, 0.0],
            "ci95_low": [0.05, -0.2, -0.1],
            "ci95_high": [0.12, -0.05, 0.1],
            "flag": ["lenient", "severe", None],
        }
    )
    banded = banded_counts(raters)
    assert banded["n_ratees"].to_list() == ["20-49", "50+", "1-4"]
    assert banded["n"].to_list() == ["500-999", "1000+", "10-19"]
    fig = figures.rater_effects_chart(banded, "en")
    xs = {x: t for tr in fig.data for x, t in zip(tr.x, tr.text, strict=True)}
    assert set(xs) == {500, 1000, 10}
    assert xs[500].endswith("n=500-999") and "n=%{x}" not in fig.data[0].hovertemplate
