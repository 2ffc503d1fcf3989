"""Findings of the second fresh-user review of issue 19 (rev19b), asserted through catalogue
keys: the 9-box member list ranked with its reasons shown (M-B), each guideline excess with its
interval, the overview saying which tables are company-wide, words instead of TRUE / FALSE,
identifiers and scientific notation, and a deleted dataset's link naming the dataset."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics.export.cells import for_people
from analytics.text import render
from tests.app.apptest import open_page
from tests.readonly import rows

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"zh": "中文", "en": "English"}


def _page(page: str, lang: str, **state: object) -> AppTest:
    return open_page(page, lang, 240, **state)


def _shown(table) -> list[str]:
    """The columns a table shows without its column menu (``tables.fit`` hides the rest)."""
    config = json.loads(table.proto.columns)
    return [c for c in table.value.columns if not config.get(c, {}).get("hidden")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nine_box_members_are_ranked_with_their_reasons_shown(demo, lang):
    at = open_page("pages/potential.py", lang, query={"box": "9"})
    (members,) = [d for d in at.dataframe if "performance_pct" in d.value.columns]
    shown = _shown(members)
    assert shown[:2] == ["rank", "employee_id"] and "reasons" in shown, shown
    assert members.value["rank"].tolist() == list(range(1, len(members.value) + 1))
    first = members.value["reasons"].iloc[0]
    # in words, from the catalogue: the performance phrase with the person's percentile
    performance = render("reason.box_performance", lang, perf=0.5).split("50%")[0]
    assert next(iter(first)).startswith(performance), first


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_guideline_table_shows_each_excess_with_its_interval(demo, lang):
    at = _page("pages/distributions.py", lang)
    (table,) = [d for d in at.dataframe if "top_excess" in d.value.columns]
    assert "top_excess_ci" in _shown(table), _shown(table)
    ci = [v for v in table.value["top_excess_ci"].to_list() if v]
    word = render("interval.pct_range", lang, lo=0.1, hi=0.2).replace("+10.0%", "").strip()
    word = word.replace("+20.0%", "").strip()  # "至" / "to"
    assert ci and all(re.fullmatch(rf"[+-]\d+\.\d% {word} [+-]\d+\.\d%", v) for v in ci), ci


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_says_its_count_tables_are_company_wide_when_filtered(demo, lang):
    ((dept,),) = rows(demo, "SELECT split_part(department, '/', 1) FROM employees LIMIT 1")
    said = render("overview.company_wide", lang)
    at = _page("pages/overview.py", lang, dept=dept)
    assert [c.value for c in at.caption].count(said) == 3  # per cycle, per role, completion
    at = _page("pages/overview.py", lang)
    assert said not in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_deleted_datasets_link_names_the_dataset(demo, lang):
    from analytics.store import datasets

    made = datasets.create("西南分公司", demo)
    made.file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo, made.file)  # written by its first import
    datasets.delete(made.key, demo)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.session_state["lang"] = LANGS[lang]
    at.query_params["dataset"] = made.key
    at.run()
    said = " ".join(e.value for e in at.error)
    # the dataset by its name; its key (now the name itself, Chinese kept: ui22) is no extra
    assert "西南分公司" in said, said
    assert made.key == "西南分公司" or f"“{made.key}”" not in said, said
    assert render("dataset.deleted_url", lang, name="西南分公司", at="", known="")[:8] in said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exports_word_booleans(lang):
    """The Chinese workbook had 388 TRUE / FALSE cells (rev19b minor 6)."""
    from openpyxl import load_workbook

    frame = pl.DataFrame({"significant": [True, False, None]})
    assert for_people(frame, lang).to_series().to_list() == [
        render("common.yes", lang),
        render("common.no", lang),
        None,
    ]
    import xlsxwriter

    from analytics.export.xlsx import write_sheet

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    write_sheet(wb, "s", for_people(frame, lang))
    wb.close()
    cells = [c.value for row in load_workbook(buf).active.iter_rows(min_row=2) for c in row]
    assert not any(isinstance(v, bool) for v in cells), cells


def test_kept_rows_note_names_no_command():
    for lang in ("zh", "en"):
        note = render("report.kept", lang, section="x", total=9, shown=1, rule="y")
        assert "report --full" not in note and "--" not in note


def test_small_numbers_in_sentences_are_not_in_scientific_notation():
    for lang in ("zh", "en"):
        text = render(
            "dist.inflation_result",
            lang,
            slope=-0.00278,
            lo=-0.00553,
            hi=-3.4e-05,
            unit="",
            d=4,
            p=3e-30,
            n=2544,
            people=1272,
        )
        assert not re.search(r"\de[-+]\d", text), text
        # one number of decimals for the estimate and its interval; a tiny p as "<0.001", as
        # the tables write it (rev19d)
        assert "-0.0028" in text and "-0.0000" not in text and "p<0.001" in text, text


def test_refusal_lists_header_words_not_the_identifier(tmp_path):
    from analytics.ingest import pipeline as ingest
    from analytics.store import db
    from analytics.text.messages import ImportRejected

    path = tmp_path / "x.csv"
    path.write_text("人员编码,姓名,得分\nA1,王,3\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        ingest.import_file(db.connect(":memory:"), path)
    assert exc.value.code == "no_employee_column"
    for lang in ("zh", "en"):
        assert "employee_id" not in exc.value.message(lang, page=True), exc.value.message(lang)


def test_english_roles_statuses_and_bands_are_words_not_codes():
    for code in (
        "role.self",
        "role.manager",
        "role.peer",
        "role.skip_level",
        "status.flagged",
        "status.clear",
        "band.low",
        "band.high",
        "fig.potential_axis",
        "fig.performance_axis",
    ):
        word = render(code, "en")
        assert word[0].isupper(), (code, word)
