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
        header = next((i for i, r in enumerate(rows) if r and "Employee ID" in r), None)
        if header is None:
            header = next((i for i, r in enumerate(rows) if r and "Rater ID" in r), None)
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
