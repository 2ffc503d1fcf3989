"""The cheaper paths of session 30 (suite30p) give the outputs the slower ones gave."""

from __future__ import annotations

import math
from datetime import date, datetime

import polars as pl

from analytics.export.report import json_records, rounded


def test_rounded_keeps_four_significant_digits_or_the_whole_number():
    assert rounded(0.6340260014359295) == 0.634
    assert rounded(-0.00012345678) == -0.0001235
    assert rounded(999.96) == 1000.0  # rounds up into the next power of ten
    assert rounded(9999.4) == 9999.0
    assert rounded(12345.6) == 12346.0  # a longer whole part stays whole
    assert rounded(-123456.7) == -123457.0
    assert rounded(3.14159265, 6) == 3.14159
    assert rounded(0.0) == 0.0 and math.isnan(rounded(math.nan)) and rounded(math.inf) == math.inf


def test_json_records_round_floats_and_blank_what_json_cannot_hold():
    frame = pl.DataFrame(
        {
            "unit_name": ["销售", "研发"],
            "n": [3, 4],
            "ok": [True, None],
            "score": [3.14159, math.nan],
            "effect": [-math.inf, 12345.6],
            "ci": [[1.23456, None], [math.inf]],
            "day": [date(2024, 1, 2), None],
            "at": [datetime(2024, 1, 2, 3, 4), None],
            "pair": [{"lo": 0.000123456, "hi": 999.96}, {"lo": None, "hi": 1.0}],
        }
    )
    assert json_records(frame, "en") == [
        {
            "unit_name": "销售",
            "n": 3,
            "ok": True,
            "score": 3.142,
            "effect": None,
            "ci": [1.235, None],
            "day": "2024-01-02",
            "at": "2024-01-02T03:04:00",
            "pair": {"lo": 0.0001235, "hi": 1000.0},
        },
        {
            "unit_name": "研发",
            "n": 4,
            "ok": None,
            "score": None,
            "effect": 12346.0,
            "ci": [None],
            "day": None,
            "at": None,
            "pair": {"lo": None, "hi": 1.0},
        },
    ]
