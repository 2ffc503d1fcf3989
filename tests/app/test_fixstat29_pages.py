"""fixstat29 (rev29a items 1-2): a company of two departments cannot tell its own move from a
department's. The attribution page says so in a sentence per department (not a department
shift), the overview's headline says it, and a person rising strongly while the company fell
is listed against the trend."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from analytics.cli import main
from analytics.text import render
from tests.app.apptest import open_page
from tests.conftest import built_copy
from tests.test_ingest import write_csv

HEADER = ["employee_id", "name", "department", "manager_id", "cycle", "rating"]


def two_departments(seed: int = 29) -> list[tuple]:
    """40 people: 制造中心 30 (5 managers), 质量部 10 (2 managers), manager ratings only in
    three quarters; 制造中心 falls 0.6 points in 2026Q3, and E0107 rises 1.2 points there."""
    rnd = random.Random(seed)
    people = []
    for i in range(40):
        dept = "制造中心" if i < 30 else "质量部"
        mgr = f"M{i // 6 + 1:02d}" if i < 30 else f"M{(i - 30) // 5 + 6:02d}"
        people.append((f"E{i + 100:04d}", dept, mgr, rnd.gauss(3.2, 0.5)))
    rows = []
    for c in ("2026Q1", "2026Q2", "2026Q3"):
        for e, d, m, true in people:
            x = true + rnd.gauss(0, 0.15)
            if c == "2026Q3":
                x += -0.6 if d == "制造中心" else 0.0
                x += 1.8 if e == "E0107" else 0.0
            rows.append((e, f"员工{e}", d, m, c, f"{min(5.0, max(1.0, round(x, 1)))}"))
    return rows


def import_two_departments(folder: Path) -> None:
    """:func:`two_departments` imported by the CLI into ``folder``/two.duckdb (the rating a
    manager's)."""
    path = write_csv(folder / "ratings.csv", HEADER, two_departments())
    toml = folder / "map.toml"
    toml.write_text('[columns]\nrating = "manager_score"\n', encoding="utf-8")
    dbp = folder / "two.duckdb"
    assert main(["import", str(path), "--db", str(dbp), "--mapping", str(toml), "--quiet"]) == 0


@pytest.fixture(scope="module")
def two_dept_db(tmp_path_factory) -> Path:
    """A private copy of :func:`import_two_departments`, imported once per test run for this
    module, tests/app/test_left30_pages.py and tests/test_left30.py."""
    return built_copy(tmp_path_factory, "two_dept", import_two_departments, "two.duckdb")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_departments_are_said_not_split(two_dept_db, monkeypatch, lang):
    monkeypatch.setenv("PERFLENS_DB", str(two_dept_db))
    at = open_page("pages/attribution.py", lang)
    md = [m.value for m in at.markdown]
    head = render("attr.environment_joint", lang)
    assert any(head in m for m in md), md
    # each department's line (left31: short, the why once above them)
    apart = (
        "公司与部门环境无法分开" if lang == "zh" else "company and department environment cannot"
    )
    joint = [m for m in md if m.startswith("- ") and apart in m]
    assert joint and any("制造中心" in m and "2026Q2→2026Q3" in m for m in joint), joint
    # in the scale's points, not on 0-1 (rev30a item 8)
    on_01 = render("unit.in_01", lang)
    assert not any(on_01 in m for m in joint) and all("1-5" in m for m in joint), joint
    # the planted fall is no department shift of 制造中心, and no rater change either
    assert not any(render("attr.rater_changes", lang) in m for m in md)
    # the riser is listed against the company(-and-department) trend
    against = [df for df in at.dataframe if "E0107" in df.value.to_string()]
    assert against, "E0107 rose against the company's fall"
    ov = open_page("pages/overview.py", lang)
    words = " ".join(m.value for m in ov.markdown)
    assert ("无法分开" if lang == "zh" else "cannot be separated") in words
