"""The odd-cell rules of analytics.ingest.screen (issue 17 review rev17: M1, M2, M3, M7) and the
Distributions grade chart for a company's own grades (M6), as pure functions."""

from __future__ import annotations

import polars as pl

from analytics.export import figures
from analytics.ingest.screen import (
    dimension_weight,
    header_repeat_rows,
    percent_fraction,
    put_sheet_errors,
    screen,
)
from analytics.stats.distributions import grade_shares, grades_outside


def test_dimension_weight_forms():
    assert dimension_weight("业绩(60%)") == ("业绩", 0.6)
    assert dimension_weight("能力（权重30%）") == ("能力", 0.3)
    assert dimension_weight("态度 (weight: 10%)") == ("态度", 0.1)
    assert dimension_weight("业绩") == ("业绩", None)
    assert dimension_weight("(60%)") == ("(60%)", None)


def test_percent_fraction_and_mixed_units():
    frame = pl.DataFrame({"weight": ["40%", "0.6", None, "６０％"]})
    out, mixed = percent_fraction(frame, "weight")
    assert out.get_column("weight").to_list() == ["0.4", "0.6", None, "0.6"]
    assert mixed
    _, mixed = percent_fraction(pl.DataFrame({"weight": ["40%", "60%"]}), "weight")
    assert not mixed


def test_repeated_header_row_and_error_cells():
    base = pl.DataFrame(
        {
            "__row": [2, 3, 4],
            "employee_id": ["E1", "工号", "E2"],
            "cycle": ["2025Q3", "考核周期", "2025Q3"],
            "业绩": ["4", "业绩", "#DIV/0!"],
        }
    )
    headers = {"employee_id": "工号", "cycle": "考核周期", "业绩": "业绩"}
    assert base.select(header_repeat_rows(base, headers)).to_series().to_list() == [
        False,
        True,
        False,
    ]
    out, errors, repeats = screen(base, headers)
    assert repeats == [3]
    assert out.get_column("业绩").to_list() == ["4", None]
    assert errors.rows() == [(4, "业绩", "#DIV/0!")]


def test_na_error_cell_told_from_typed_placeholder():
    sheet = pl.DataFrame({"a": ["工号", "E1"], "b": ["得分", None]})  # as read, no header
    body = put_sheet_errors(sheet, [(2, 2, "#N/A")]).slice(1)
    body = body.rename({"a": "employee_id", "b": "score"}).with_columns(__row=pl.lit(2))
    _, errors, _ = screen(body, {})
    assert errors.get_column("raw").to_list() == ["#N/A"]
    typed = pl.DataFrame({"__row": [2], "score": ["#N/A"]})
    assert screen(typed, {})[1].height == 0  # a typed #N/A stays a placeholder


def test_own_grades_charted_in_scale_order():
    scores = pl.DataFrame(
        {"unit": ["x"] * 6, "grade": ["良好", "优秀", "合格", "良好", "待改进", "合格"]}
    )
    assert grades_outside(scores, {"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05}) == [
        "优秀",
        "良好",
        "合格",
        "待改进",
    ]
    fig = figures.guideline_bars(grade_shares(scores, ["unit"]), "zh")
    bars = [t for t in fig.data if t.type == "bar"]
    assert list(bars[0].x) == ["优秀", "良好", "合格", "待改进"]
    assert list(bars[0].y) == [1 / 6, 2 / 6, 2 / 6, 1 / 6]
    sabcd = grade_shares(pl.DataFrame({"unit": ["x"] * 2, "grade": ["A", "B"]}), ["unit"])
    bars = [t for t in figures.guideline_bars(sabcd, "zh").data if t.type == "bar"]
    assert list(bars[0].x) == ["S", "A", "B", "C", "D"]
