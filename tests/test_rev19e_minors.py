"""Minor findings of the fresh-user review of issue 19 (rev19e) below the pages."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from analytics.export.report import file_part, report_filename
from analytics.text import render


def test_file_part_keeps_chinese_and_replaces_what_a_file_system_refuses():
    assert file_part("华东试点") == "华东试点"
    assert file_part("销售中心/华东区") == "销售中心-华东区"
    assert file_part('a\\b:c*?"<>|d  e') == "a-b-c-d-e"
    assert file_part("../..") == "-"  # no way out of the download folder
    assert file_part("Q1 2026") == "Q1-2026"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_names_carry_the_dataset_name_and_the_language(lang):
    """rev19e minor 11: 中文 and English downloads had one name, and an imported dataset's
    file its key (dataset-1), not its name (华东试点)."""
    company = SimpleNamespace(scope=SimpleNamespace(cycles=(), department=None))
    assert report_filename(company, "xlsx", "华东试点", lang) == (
        f"perflens_calibration_华东试点_all_{lang}.xlsx"
    )
    other = "zh" if lang == "en" else "en"
    assert report_filename(company, "xlsx", "华东试点", lang) != report_filename(
        company, "xlsx", "华东试点", other
    )
    dept = SimpleNamespace(
        scope=SimpleNamespace(cycles=("2026Q1", "2026Q2"), department="销售/华东")
    )
    assert report_filename(dept, "pdf", "华东/试点", lang) == (
        f"perflens_calibration_华东-试点_2026Q1-2026Q2_销售-华东_{lang}.pdf"
    )
    assert report_filename(dept, "csv", section="recheck") == (
        "perflens_calibration_2026Q1-2026Q2_销售-华东_recheck.csv"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_downloads_carry_the_dataset_name_and_the_language(monkeypatch, lang):
    from ui import datasets

    named = SimpleNamespace(key="dataset-1", label=lambda _lang: "华东/试点")
    monkeypatch.setattr(datasets, "current", lambda: named)
    monkeypatch.setattr(datasets, "get_lang", lambda: lang)
    assert datasets.export_name("perflens_kappa.csv") == f"perflens_华东-试点_kappa_{lang}.csv"
    assert datasets.export_name("quarantine.csv") == f"华东-试点_quarantine_{lang}.csv"


def test_readme_page_table_lists_every_sidebar_page():
    """rev19e nit: the README's page table left out the 校准会 (Calibration session) page."""
    from pathlib import Path

    from ui.pagelist import PAGES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| ")]
    for _path, code, _url, _icon in PAGES:
        zh, en = render(code, "zh"), render(code, "en")
        assert any(line.startswith(f"| {zh} {en} |") for line in rows), (zh, en)


def test_nine_box_bottom_left_means_the_same_in_both_languages():
    """rev19e nit: box 1 read "Talent risk" in English and 待改进 ("needs improvement", also a
    grade's name) in Chinese."""
    assert render("box.talent_risk", "en") == "Talent risk"
    assert render("box.talent_risk", "zh") == "人才风险"
