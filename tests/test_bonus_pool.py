"""The bonus pool's ranking scheme and base amounts (issue 21), against hand-worked examples:
the pool is spent to the cent."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.calibration import bonus
from analytics.calibration.moves import Refused

ORDER = ("S", "A", "B", "C", "D")


def _people() -> pl.DataFrame:
    """p1 A 0.8, p2 B 0.6, p3 B 0.4, p4 C 0.9 (a high score, a low grade); bases 10000,
    8000, 8000, 5000."""
    return pl.DataFrame(
        {
            "employee_id": ["p1", "p2", "p3", "p4"],
            "department": ["X", "X", "Y", "Y"],
            "imported": ["A", "B", "B", "C"],
            "final": ["A", "B", "B", "C"],
            "score": [0.8, 0.6, 0.4, 0.9],
            "base": [10000.0, 8000.0, 8000.0, 5000.0],
        }
    )


def _after(people, scheme, base):
    ranked = people.with_columns(bonus.rank_key(ORDER, "final").alias("_rank"))
    if scheme == "rank":
        return bonus.allocate(ranked, 1000, scheme="rank", score="_rank", base=base)
    return bonus.allocate(people, 1000, grade="final", base=base)


def test_ranking_with_a_base_amount_by_hand():
    # rank by grade, then score: p1, p2, p3, p4 (p4's 0.9 does not lift a C above the Bs);
    # weights 4, 3, 2, 1 times bases: 40000, 24000, 16000, 5000 of 85000. 100000 cents:
    # exact 47058.82, 28235.29, 18823.53, 5882.35; floors 99998; the 2 cents left go to the
    # largest remainders .82 (p1) and .53 (p3).
    got = _after(_people(), "rank", "base")
    assert got["weight"].to_list() == [40000.0, 24000.0, 16000.0, 5000.0]
    assert got["bonus_amount"].to_list() == [470.59, 282.35, 188.24, 58.82]
    assert round(sum(got["bonus_amount"]), 2) == 1000.00


def test_grade_coefficients_with_a_base_amount_by_hand():
    # 1.5, 1, 1, 0.5 times bases: 15000, 8000, 8000, 2500 of 33500; exact cents 44776.12,
    # 23880.60 twice, 7462.69; floors 99998; the 2 cents go to .69 (p4) and, of the tied
    # .60, to the smaller id p2.
    got = _after(_people(), "grade", "base")
    assert got["bonus_amount"].to_list() == [447.76, 238.81, 238.80, 74.63]
    assert round(sum(got["bonus_amount"]), 2) == 1000.00


def test_a_move_in_the_ranking_scheme_moves_money():
    people = _people().with_columns(
        final=pl.Series(["A", "B", "C", "B"])  # p3 down, p4 up: p4 now ranks above p3
    )
    totals, changes = bonus.session_bonus(people, 1000, {}, scheme="rank", order=ORDER)
    # before: weights 4, 3, 2, 1 of 10: 400, 300, 200, 100; after: p4 (B, 0.9) ranks 2nd:
    # p1 4, p4 3, p2 2, p3 1: 400, 200, 100, 300
    # the moved first (p4 up, p3 down), largest change first; then who only lost a share
    cols = ["employee_id", "bonus_before", "bonus_after", "bonus_change"]
    assert changes.select(cols).rows() == [("p4", 100.0, 300.0, 200.0),
                                           ("p3", 200.0, 100.0, -100.0),
                                           ("p2", 300.0, 200.0, -100.0)]  # fmt: skip
    assert changes.filter(pl.col("employee_id") == "p3")["final_grade"].to_list() == ["C"]
    assert totals["bonus_after"].sum() == totals["bonus_before"].sum() == 1000


def test_base_amounts_from_numbers_and_bands():
    got = bonus.base_amounts(
        {"a": 12000, "b": "P5", "c": "9,500", "d": None}, "薪级", {"P5": 8000.0}
    )
    assert got["base"].to_list() == [12000.0, 8000.0, 9500.0, None]
    with pytest.raises(Refused) as e:
        bonus.base_amounts({"a": "P7"}, "薪级", {"P5": 8000.0})
    assert e.value.code == "base_not_number" and "P7" in e.value.message("en")


def test_default_coefficients_follow_the_sessions_grades():
    """rev23a item 9: S-D keeps 2/1.5/1/0.5/0; the company's 优秀-待改进 gets the same shape
    (best 2, worst 0, evenly), so the pool shares out instead of "every weight is 0"."""
    assert bonus.default_coefficients(ORDER) == bonus.DEFAULT_COEFFICIENTS
    own = ("优秀", "良好", "合格", "待改进")
    coef = bonus.default_coefficients(own)
    assert coef == {"优秀": 2.0, "良好": 1.33, "合格": 0.67, "待改进": 0.0}
    assert bonus.parse_coefficients(bonus.coefficient_text(coef)) == coef
    people = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d"],
            "department": ["X"] * 4,
            "imported": list(own),
            "final": list(own),
        }
    )
    totals, _ = bonus.session_bonus(people, 400, coef, order=own)
    assert totals["bonus_after"].sum() == pytest.approx(400)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_missing_coefficient_names_the_grades(lang):
    """The S-D coefficients on a session of 优秀-待改进 grades: refused naming the grades
    without a coefficient and the session's own defaults, not "every weight is 0"."""
    own = ("优秀", "良好", "合格", "待改进")
    people = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d"],
            "department": ["X"] * 4,
            "imported": list(own),
            "final": list(own),
        }
    )
    with pytest.raises(Refused) as exc:
        bonus.session_bonus(people, 400, bonus.DEFAULT_COEFFICIENTS, order=own)
    assert exc.value.code == "coefficients_missing"
    text = exc.value.message(lang)
    for grade in own:
        assert grade in text
    assert "优秀=2,良好=1.33,合格=0.67,待改进=0" in text
    # one grade missing of four: named alone
    with pytest.raises(Refused) as exc:
        bonus.session_bonus(people, 400, {"优秀": 2, "良好": 1, "合格": 0.5}, order=own)
    assert exc.value.params["missing"] == ["待改进"]
