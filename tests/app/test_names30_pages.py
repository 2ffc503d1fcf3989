"""names30 where raters are shown: a rater who is no ratee (a director, an external reviewer) is
shown by the name the import gave beside their id on the rater page, in a ratee's raters view,
on the person page, in the workbook, the JSON and the packet; the pseudonymised analyst sees no
rater's name, an HRBP only the names in their reach."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from analytics.auth.roles import Viewer
from analytics.cli import main
from analytics.export.report import to_html, to_json, to_xlsx
from analytics.findings.report import build_findings
from analytics.findings.visibility import view_for
from analytics.store import db
from analytics.text import render
from tests.app.apptest import open_page
from tests.test_ingest import write_csv
from tests.test_names30 import DIRECTOR, EN, EXTERNAL, company_rows

NAMES = ("王总监", "李外聘")


@pytest.fixture(scope="module")
def company_db(tmp_path_factory) -> Path:
    """The company of tests/test_names30.py (20 people, two raters who are no ratee), imported
    with English headers through the command line (its results stored)."""
    folder = tmp_path_factory.mktemp("names30_pages")
    path, dbp = write_csv(folder / "ratings.csv", EN, company_rows()), folder / "names.duckdb"
    assert main(["import", str(path), "--db", str(dbp), "--quiet"]) == 0
    return dbp


def test_a_rater_who_is_no_ratee_is_named_in_the_workbook_json_and_packet(company_db):
    con = db.connect(company_db, read_only=True)
    try:
        findings = build_findings(con)
    finally:
        con.close()
    sheets = pl.read_excel(to_xlsx(findings, "en", full=True), sheet_id=0, engine="calamine")
    raters = sheets["Raters"]
    assert set(raters.select("Rater ID", "Rater name").rows()) >= {DIRECTOR, EXTERNAL}
    records = to_json(findings, "en", full=True)["raters"]
    assert {(r["rater_id"], r["rater_name"]) for r in records} >= {DIRECTOR, EXTERNAL}
    # the packet's chart of rater effects labels each rater "id name" (in the figure's JSON)
    packet = to_html(findings, "en")
    assert all(json.dumps(f"{i} {n}")[1:-1] in packet for i, n in (DIRECTOR, EXTERNAL))


def test_the_analyst_sees_no_rater_name_and_an_hrbp_those_in_reach(company_db):
    con = db.connect(company_db, read_only=True)
    try:
        key = b"k" * 32
        view = view_for(Viewer("ana@example.com", "analyst"), con, key=key, pseudonymised=True)
        seen = build_findings(con, sections=("raters",), view=view)
        # an HRBP reads the names in their reach only: a rater no roster places is in none
        hrbp = view_for(Viewer("b@example.com", "hrbp", ("销售中心",)), con)
        theirs = dict(build_findings(con, sections=("raters",), view=hrbp).names.iter_rows())
    finally:
        con.close()
    assert theirs["E001"] == "员工E001" and "E020" not in theirs and "D900" not in theirs
    assert seen.names is not None and seen.names.height == 0
    raters = seen.sections["raters"]
    assert raters.height and "rater_name" not in raters.columns
    assert not {"D900", "X901"} & set(raters["rater_id"].to_list())  # pseudonyms only
    assert "王总监" not in json.dumps(to_json(seen, "en", full=True), ensure_ascii=False)


def _shown(at) -> str:
    """Every text and table cell the page drew."""
    parts = [e.value for kind in ("info", "markdown", "caption", "warning") for e in at.get(kind)]
    parts += [df.value.to_string() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(("lang", "said"), [("zh", "王总监（D900）"), ("en", "王总监 (D900)")])
def test_the_rater_page_names_a_rater_who_is_no_ratee(company_db, monkeypatch, lang, said):
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/raters.py", lang, query={"rater": "D900"})
    assert any(said in i.value for i in at.info), [i.value for i in at.info]
    # the table of every rater: the external reviewer by name beside the id
    at.session_state["raters_all_open"] = True
    at.run()
    rows = [df.value for df in at.dataframe if "X901" in df.value.to_string()]
    assert rows and any("李外聘" in df.to_string() for df in rows)


def test_a_ratees_raters_view_names_them(company_db, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/person.py", "en", employee="E001")
    raters = [df.value for df in at.dataframe if "D900" in df.value.to_string()]
    assert raters and all(n in raters[0].to_string() for n in NAMES), raters


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_person_page_says_who_a_rater_rated_by_no_one_is(company_db, monkeypatch, lang):
    """The rater page's "open person" of the director led to "D900 was not found"."""
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/person.py", lang, employee="D900")
    who = render("person.named", lang, name="王总监", id="D900")
    assert [i.value for i in at.info if who in i.value] == [
        render("person.rater_only", lang, who=who)
    ]
    assert not at.warning or "D900" not in " ".join(w.value for w in at.warning)
    # the people they rated, with their scores (rev33b #3: the page stopped at the sentence)
    assert render("person.as_rater", lang) in [h.value for h in at.subheader]
    rated = [df.value for df in at.dataframe if "E020" in df.value.to_string()]
    assert rated and set(rated[0]["employee_id"]) == {f"E{i:03d}" for i in range(1, 21)}
    assert rated[0].shape[0] == 40 and rated[0]["mean_score"].notna().all()  # 20 people, 2 cycles


def test_the_analyst_sees_no_raters_name(company_db, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(company_db))
    at = open_page("pages/raters.py", "en", viewer=Viewer("ana@example.com", "analyst"))
    at.session_state["raters_all_open"] = True
    at.run()
    shown = _shown(at)
    assert at.dataframe and "D900" not in shown  # pseudonyms in the rows the analyst sees
    assert not any(n in shown for n in NAMES)
