"""fiximp30 on the pages: the overview's quarantined rows are those of the people the viewer may
see (rev30a item 10: a 市场中心 head read "隔离行 1" for a 技术中心 person's row)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.auth.roles import Viewer
from analytics.cli import main
from tests.app.apptest import open_page
from tests.test_ingest import write_csv
from tests.test_names30 import EN, company_rows

#: a 销售中心 person's score that is no score, and a row with no employee id (no department)
BAD = [
    ("E003", "员工E003", "销售中心", "2025Q4", "E009", "员工E009", "同事", "好"),
    ("", "某人", "研发中心", "2025Q4", "E009", "员工E009", "同事", "4"),
]


@pytest.fixture(scope="module")
def company_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fiximp30_pages")
    path = write_csv(folder / "ratings.csv", EN, company_rows() + BAD)
    dbp = folder / "q.duckdb"
    assert main(["import", str(path), "--db", str(dbp), "--quiet"]) == 0
    return dbp


@pytest.mark.parametrize(
    ("viewer", "held"),
    [
        (None, 2),  # the administrator: both rows, the one of no known person too
        (Viewer("s@example.com", "dept_head", ("销售中心",)), 1),
        (Viewer("r@example.com", "hrbp", ("研发中心",)), 0),
        (Viewer("m@example.com", "manager", employee_id="D900"), 1),  # rated all as manager
        (Viewer("ana@example.com", "analyst"), 1),
    ],
)
def test_the_overviews_quarantine_count_is_the_viewers(company_db, monkeypatch, viewer, held):
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    state = {"viewer": viewer} if viewer else {}
    at = open_page("pages/overview.py", "zh", **state)
    tile = next(m for m in at.metric if m.label == "隔离行")
    assert tile.value == str(held)


def test_a_stale_box_leaves_the_person_pages_url(company_db, monkeypatch):
    """rev30a item 11: ``box=9`` (the 9-box cell of the potential page) stayed in the URL of
    员工档案; the rater another page picked too. The language and the person stay."""
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/person.py", "zh", employee="E003", query={"box": "9", "rater": "D900"})
    assert "box" not in at.query_params and "rater" not in at.query_params
    assert at.query_params["employee"] == "E003"
