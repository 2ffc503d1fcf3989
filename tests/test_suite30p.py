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


def test_expected_fingerprint_names_the_method_of_every_kind_of_stored_table():
    """The catalog check looks fingerprints up in one dict (methods.fingerprints()): the same
    answers as asking the method of each table, with or without the dict passed in."""
    from analytics.findings import methods
    from analytics.findings.stored import expected_fingerprint

    section, part = methods.section_fingerprint, methods.part_fingerprint
    want = {
        "mat_sec_summary": section("summary"),
        "mat_dsec_summary": section("summary"),
        "mat_xsec_summary": section("summary"),
        "mat_csec_summary": section("summary"),
        "mat_cyc_effects": part("effects"),
        "mat_effects": part("effects"),
        "mat_dept_raters": methods.store_fingerprint("dept_raters"),
        "mat_excluded": methods.store_fingerprint("excluded"),
        "mat_graded": methods.store_fingerprint("graded"),
        "mat_overview_counts": methods.store_fingerprint("overview"),
        "mat_sec_no_such_section": None,  # a section since removed
        "mat_no_such_part": None,
        "mat_schemas": None,  # the store's own table
        "reviews": None,
    }
    known = methods.fingerprints()
    assert {t: expected_fingerprint(t) for t in want} == want
    assert {t: expected_fingerprint(t, known) for t in want} == want
    assert len(set(want.values()) - {None}) == 6  # the kinds are told apart


def test_odd_grade_labels_reads_each_label_once_with_the_same_answer():
    from analytics.ingest.outcomes import odd_grade_labels

    grades = ["S", "A", "B", "C", "D"] * 8 + ["Ｓ", "a ", "B+", None]  # Ｓ and "a " are S and A
    assert odd_grade_labels(pl.Series(grades)) == ["B+"]
    assert odd_grade_labels(pl.Series(["S", "A", "B+", "B+", "B+"])) == []  # too many: a scale
    assert odd_grade_labels(pl.Series(["S", "A", "B", "C"] * 10)) == []
