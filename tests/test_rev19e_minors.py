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


def _unit_frames():
    import polars as pl

    units = ["研发中心", "销售中心", "财务部", "人力资源部"]
    means = [0.61, 0.72, 0.55, 0.72]  # a tie: broken by the unit's name in both charts
    dist = pl.DataFrame(
        {
            "unit": units,
            "cycle_id": ["2026Q2"] * 4,
            "mean": means,
            "mean_lo": [m - 0.05 for m in means],
            "mean_hi": [m + 0.05 for m in means],
            "n": [40, 30, 20, 25],
            "small_n": [False] * 4,
        }
    )
    box = pl.DataFrame(
        {
            "unit": list(reversed(units)),
            "cycle_id": ["2026Q2"] * 4,
            "n": [25, 20, 30, 40],
            "q1": [0.5] * 4,
            "median": [0.6] * 4,
            "q3": [0.7] * 4,
            "mean": list(reversed(means)),
            "lowerfence": [0.3] * 4,
            "upperfence": [0.9] * 4,
        }
    )
    return dist, box


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bar_chart_and_box_plot_order_units_alike(lang):
    """rev19e nit: the distribution page's bar chart and box plot ordered departments apart."""
    from analytics.export.figures import score_box, unit_means

    dist, box = _unit_frames()
    bars = list(unit_means(dist, lang).data[0].x)
    boxes = [trace.customdata[0] for trace in score_box(box, lang).data]
    assert bars == boxes == ["人力资源部", "销售中心", "研发中心", "财务部"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unit_means_title_invites_a_click_only_where_there_is_a_level_below(lang):
    """rev19e nit: at team level the bar chart still said "点击柱子下钻" with nothing below."""
    from analytics.export.figures import unit_means

    dist, _ = _unit_frames()
    title = unit_means(dist, lang, drills=True).layout.title.text
    flat = unit_means(dist, lang, drills=False).layout.title.text
    assert ("点击" in title) or ("click" in title)  # the layout splits the title in two lines
    assert "2026Q2" in flat and ("点击" not in flat) and ("click" not in flat)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_codes_get_their_words_beside_them(lang):
    """rev19e nit: the 中文 JSON held box_label "star", main_role "manager" without words, while
    ``design`` had its text: a coded column's words stand beside it in ``<name>_text``."""
    import json

    import polars as pl

    from analytics.export.report import json_records

    frame = pl.DataFrame(
        {
            "box_label": ["star", None],
            "main_role": ["manager", "peer"],
            "dept": ["研发中心", "company"],
            "flags": [["lenient"], []],
        }
    )
    first, second = json_records(frame, lang)
    assert list(first)[:3] == ["box_label", "box_label_text", "main_role"]
    assert first["box_label_text"] == render("box.star", lang)
    assert first["main_role_text"] == render("role.manager", lang)
    assert first["flags_text"] == [render("flag.lenient", lang)]
    assert "dept_text" not in first  # a department's path is a value, not a code
    assert second["dept_text"] == render("unit.company", lang)
    assert "box_label_text" not in second and "flags_text" not in second
    json.dumps([first, second], ensure_ascii=False)
