"""The minors rev19d found that no page test needs a browser for: numbers in sentences, table
cells and CSV files written one way (decimals by the scale, p-values as "<0.001", a U statistic
as a whole number), and the catalogue's plural forms."""

from __future__ import annotations

import io
import re

import polars as pl

from analytics.export.cells import format_number, number_kind
from analytics.export.report import to_csv
from analytics.findings.person import rater_view_line
from analytics.findings.units import MIXED, Unit
from analytics.text import render
from ui.tables import column_config, p_texts

LANGS = ("zh", "en")


def _decimals(text: str) -> set[int]:
    """How many decimals each number with a decimal point in ``text`` has."""
    return {len(m) for m in re.findall(r"\d\.(\d+)", text)}


def test_the_inflation_sentence_writes_its_numbers_with_one_number_of_decimals():
    """rev19d: "平均分每周期变化 -0.000285（95% CI -0.00156 ~ +0.000987）", p=2.17×10⁻¹⁶⁴."""
    mixed = Unit(MIXED)
    points = Unit("1-5", 1.0, 5.0)
    for lang in LANGS:
        text = render(
            "dist.inflation_result",
            lang,
            slope=mixed.diff(-0.000285),
            lo=mixed.diff(-0.00156),
            hi=mixed.diff(0.000987),
            unit=mixed.words(lang),
            d=mixed.digits,
            p=2.17e-164,
            n=12000,
            people=2000,
        )
        assert _decimals(text) == {3}, text
        assert "-0.002" in text and "+0.001" in text and "p<0.001" in text, text
        assert "×10" not in text and "0.000285" not in text, text
        text = render(
            "dist.inflation_result",
            lang,
            slope=points.diff(0.0114),
            lo=points.diff(0.008),
            hi=points.diff(0.015),
            unit=points.words(lang),
            d=points.digits,
            p=0.0123,
            n=500,
            people=250,
        )
        assert "+0.05" in text and "+0.03" in text and "+0.06" in text, text
        assert "p=0.012" in text, text
        kw = render(
            "dist.kw", lang, H=3.2, df=3, p=4e-31, eps=0.01, lo=0, hi=0.02, n=9, k=4, cycle="2026Q2"
        )
        assert "p<0.001" in kw and "×10" not in kw, kw


def test_the_person_page_rater_difference_has_one_number_of_decimals():
    """rev19d: "+0.0033 至 +0.027" on the Person page; rev19e: worded higher/lower."""
    view = {"diff": 0.0151, "lo": 0.0033, "hi": 0.027, "n": 40}
    for lang in LANGS:
        text = rater_view_line(view, Unit("mixed"), lang)
        assert "+0.003" in text and "+0.027" in text and "0.015" in text, text
        assert "0.0033" not in text and "+0.015" not in text, text


def test_table_p_values_read_as_the_sentences_write_them():
    """The pairwise table mixed "4e-31" and "0.0000011"; now "<0.001" or three decimals."""
    frame = pl.DataFrame({"unit_a": ["A", "B", "C", "D"], "p_holm": [4e-31, 1.1e-6, 0.0123, None]})
    assert p_texts(frame)["p_holm"].to_list() == ["<0.001", "<0.001", "0.012", None]
    assert format_number(443728.5, number_kind("U", pl.Float64)) == "443,728"


def test_the_u_statistic_column_is_a_whole_number_with_separators():
    frame = pl.DataFrame({"U": [443728.5], "p_holm": ["<0.001"]})
    for lang in LANGS:
        cfg = column_config(frame, lang)
        assert cfg["U"]["type_config"]["format"] == "%,.0f", cfg["U"]
        assert cfg["p_holm"]["type_config"]["type"] == "text", cfg["p_holm"]


def test_csv_numbers_are_rounded_as_the_screen_shows_them():
    """perflens_kappa.csv held "0.18551398695768564" while the screen showed 0.186."""
    frame = pl.DataFrame(
        {
            "rater_id": ["E1", "E2"],
            "kappa": [0.18551398695768564, 0.5],
            "U": [443728.5, 12.0],
            "p_holm": [4.1e-31, 0.012345],
        }
    )
    for lang in LANGS:
        text = to_csv(frame, lang).decode("utf-8-sig")
        assert "0.18551398695768564" not in text and "0.186" in text, text
        assert "443728.5" not in text and "443728" in text, text
        back = pl.read_csv(io.StringIO(text))
        assert back.schema[back.columns[2]] == pl.Int64, back.schema
        assert back[back.columns[3]].to_list() == [4.1e-31, 0.0123], back


def test_more_columns_says_one_column_in_the_singular():
    """rev19d: "1 more columns: the eye icon …" (Calibration › Summary tab)."""
    assert render("common.more_columns", "en", n=1).startswith("1 more column:")
    assert render("common.more_columns", "en", n=2).startswith("2 more columns:")
    assert render("common.more_columns", "zh", n=1).startswith("另有 1 列")


def test_the_guideline_reads_and_writes_percentages_and_still_reads_fractions():
    """rev19d: the field read "S=0.1,A=0.2,…" while the page writes "S 10% …" elsewhere."""
    import pytest

    from analytics.calibration.fit import guideline_text, parse_guideline
    from analytics.calibration.moves import Refused

    want = {"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05}
    for text in (
        "S 10%, A 20%, B 50%, C 15%, D 5%",
        "S=10%，A：20%, B 50％, C=15%, D 5%",
        "S=0.1,A=0.2,B=0.5,C=0.15,D=0.05",
    ):
        assert parse_guideline(text) == pytest.approx(want), text
    assert guideline_text(want) == "S 10%, A 20%, B 50%, C 15%, D 5%"
    assert parse_guideline(guideline_text({"S": 0.125, "A": 0.875})) == {"S": 0.125, "A": 0.875}
    for bad in ("S 10, A 90", "S 10%, A 20%", "S 50%, S 50%", "S"):
        with pytest.raises(Refused):
            parse_guideline(bad)


def test_the_local_administrator_is_named_not_keyed():
    from analytics.auth.roles import LOCAL_ADMIN, user_from_words, user_words

    for lang in LANGS:
        name = user_words(LOCAL_ADMIN.user, lang)
        assert name == render("signin.local_user", lang) and "local-admin" not in name
        assert user_from_words(f" {name} ") == LOCAL_ADMIN.user
    assert user_words("alice", "en") == "alice" and user_from_words("alice ") == "alice"


def test_the_page_names_a_new_dataset_without_its_key():
    for lang in LANGS:
        said = render("dataset.created_named", lang, name="星河科技")
        assert "星河科技" in said and "dataset-1" not in said and "{" not in said


def test_the_inflation_chart_draws_no_empty_top_share_axis():
    from analytics.export.figures import has_top_share, inflation_chart

    trend = pl.DataFrame(
        {
            "cycle_id": ["2025H1", "2025H2"],
            "cycle_order": [1, 2],
            "mean": [0.5, 0.55],
            "mean_lo": [0.45, 0.5],
            "mean_hi": [0.55, 0.6],
            "n": [30, 30],
            "top_share": [None, None],
        },
        schema_overrides={"top_share": pl.Float64},
    )
    for lang in LANGS:
        fig = inflation_chart(trend, lang)
        assert not has_top_share(trend) and len(fig.data) == 1, fig.data
        assert "yaxis2" not in fig.layout.to_plotly_json()
        graded = trend.with_columns(top_share=pl.Series([0.3, 0.32]))
        assert has_top_share(graded) and len(inflation_chart(graded, lang).data) == 2


def test_export_file_names_carry_the_dataset(monkeypatch):
    """rev19d: the demo and an imported dataset both downloaded perflens_calibration_all.xlsx."""
    from types import SimpleNamespace

    from analytics.export.report import report_filename
    from ui import datasets

    findings = SimpleNamespace(scope=SimpleNamespace(cycles=(), department=None))
    assert (
        report_filename(findings, "xlsx", "galaxy-v2") == "perflens_calibration_galaxy-v2_all.xlsx"
    )
    assert report_filename(findings, "xlsx", "default") != report_filename(
        findings, "xlsx", "galaxy-v2"
    )
    named = SimpleNamespace(key="dataset-1", label=lambda lang: "dataset-1")
    monkeypatch.setattr(datasets, "current", lambda: named)
    assert datasets.export_name("perflens_kappa.csv") == "perflens_dataset-1_kappa_zh.csv"
    assert datasets.export_name("quarantine.csv") == "dataset-1_quarantine_zh.csv"


def test_the_calibration_download_labels_fit_four_across_at_1280_px():
    """rev19d: "下载 Excel（每节一个工…", "Download the packet (PDF…" were cut at 1280 px; the
    labels are short (the detail in each button's help) and fit a quarter of the page."""
    from ui.tables import ROOM_PX

    column = (ROOM_PX - 3 * 16) / 4  # four columns with Streamlit's 16 px gaps

    def _text_px(text: str) -> float:  # a CJK character about 14 px wide, another about 8
        return sum(14 if ord(ch) > 0x2E80 else 8 for ch in text)

    for lang in LANGS:
        for fmt in ("xlsx", "json", "pdf", "html"):
            label = render(f"cal.download_{fmt}", lang)
            assert _text_px(label) + 2 * 16 <= column, (label, column)
            assert render(f"cal.download_{fmt}_help", lang)
