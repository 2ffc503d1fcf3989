"""The appeal statistics count who was graded by one DuckDB aggregate over who graded whom
(``graded_counts``, session 28: at 40M ratings its 1.26M rows are never read into Python) and
add the appealed person-cycles' counts onto those totals (``appeal_rates(..., totals=)``)."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from analytics.calibration.appeal_findings import graded_counts
from analytics.stats import appeals as A

GRADED = pl.DataFrame(
    {
        "cycle_id": ["Q1", "Q1", "Q1", "Q2", "Q2", "Q2"],
        "employee_id": ["E1", "E2", "E3", "E1", "E4", "E5"],
        "rater_id": ["M1", "M1", None, "M2", "M2", "M1"],
        "department": ["A", "A", "B", "A", None, "B"],
    }
)
APPEALS = pl.DataFrame(
    {
        "cycle_id": ["Q1", "Q2", "Q2", "Q3"],
        "employee_id": ["E1", "E4", "E1", "E9"],
        "outcome": ["overturned", None, "upheld", "overturned"],
        "filed_at": [date(2026, 1, 2)] * 4,
        "resolved_at": [date(2026, 1, 9), None, date(2026, 1, 5), date(2026, 1, 3)],
    }
)
KEYS = APPEALS.select("cycle_id", "employee_id").unique()


def _as_dict(frame: pl.DataFrame) -> dict:
    return dict(frame.sort(frame.columns[0]).iter_rows())


def test_graded_counts_by_hand():
    con = duckdb.connect()
    totals, rows = graded_counts(con, KEYS, graded=GRADED)
    # a null rater or department is in no unit's count; the company counts every row
    assert _as_dict(totals["rater_id"]) == {"M1": 3, "M2": 2}
    assert _as_dict(totals["department"]) == {"A": 3, "B": 2}
    assert totals["unit"].rows() == [("company", 6)]
    # the appealed person-cycles that were graded (Q3/E9 was not)
    assert sorted(rows.rows()) == [("Q1", "E1", "M1", "A"), ("Q2", "E1", "M2", "A"),
                                   ("Q2", "E4", "M2", None)]  # fmt: skip
    people = pl.DataFrame({"employee_id": ["E1", "E3", "E5"]})
    totals, rows = graded_counts(con, KEYS, ["Q1"], (people,), graded=GRADED)
    assert _as_dict(totals["rater_id"]) == {"M1": 1}
    assert _as_dict(totals["department"]) == {"A": 1, "B": 1}
    assert totals["unit"].rows() == [("company", 2)]
    assert rows.rows() == [("Q1", "E1", "M1", "A")]
    totals, rows = graded_counts(con, KEYS, ["Q9"], graded=GRADED)  # no one graded: no row
    assert all(frame.is_empty() for frame in totals.values()) and rows.is_empty()


def test_rates_onto_totals_equal_the_rates_of_every_graded_row():
    """Every unit with a graded person-cycle is in the rates (M1 in Q2 and department B with
    no appeal: n_appealed 0), with the counts of the rates computed from every row."""
    con = duckdb.connect()
    totals, rows = graded_counts(con, KEYS, graded=GRADED)
    for by in ("rater_id", "department"):
        whole = A.appeal_rates(GRADED, APPEALS, by)
        onto = A.appeal_rates(rows, APPEALS, by, deduplicated=True, totals=totals[by])
        assert onto.equals(whole), by
    whole = A.appeal_rates(GRADED.with_columns(unit=pl.lit("company")), APPEALS, "unit")
    assert whole.select("n", "n_appealed", "n_decided", "n_overturned").row(0) == (6, 3, 2, 1)
    onto = A.appeal_rates(
        rows.with_columns(unit=pl.lit("company")), APPEALS, "unit", totals=totals["unit"]
    )
    assert onto.equals(whole)
    b = A.appeal_rates(rows, APPEALS, "department", totals=totals["department"]).row(1, named=True)
    assert (b["department"], b["n"], b["n_appealed"], b["appeal_rate"]) == ("B", 2, 0, 0.0)
