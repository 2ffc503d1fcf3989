"""The bonus pool: a fixed pool shared out by grade coefficients or by rank, to the cent.

Method (docs/methods.md "Bonus pool"): each person's weight is ``coefficient[grade]`` (or, by
rank, ``n + 1 - rank`` of their score, best = n, ties sharing the mean rank), times their base
amount when a base column is given (a salary or a band's target bonus). The pool, in cents,
is split in proportion to the weights: everyone gets the floor of their exact share, and the
cents left over (fewer than the number of people) go one each to the largest fractional
remainders, ties to the larger weight and then the smaller employee id (the largest-remainder
or Hamilton method). So the amounts sum to the pool exactly, and nobody is more than one cent
from their exact share. Exact arithmetic (fractions), so the result does not depend on
floating-point order.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import polars as pl

from analytics.calibration.moves import Refused

__all__ = [
    "DEFAULT_COEFFICIENTS",
    "allocate",
    "change",
    "department_totals",
    "parse_coefficients",
    "session_bonus",
]

DEFAULT_COEFFICIENTS: dict[str, float] = {"S": 2.0, "A": 1.5, "B": 1.0, "C": 0.5, "D": 0.0}


def parse_coefficients(text: str, code: str = "bad_coefficients") -> dict[str, float]:
    """``"S=2,A=1.5,B=1"`` -> ``{"S": 2.0, "A": 1.5, "B": 1.0}`` (``，`` and ``：`` too), in
    the order given; :class:`Refused` ``code`` otherwise (the guideline's ``bad_guideline``)."""
    out: dict[str, float] = {}
    for part in text.replace("，", ",").replace("：", "=").replace(":", "=").split(","):
        if not part.strip():
            continue
        grade, sep, value = part.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not sep or not grade.strip() or not number >= 0:
            raise Refused(code, text=text)
        out[grade.strip()] = number
    if not out:
        raise Refused(code, text=text)
    return out


def allocate(
    people: pl.DataFrame,
    pool: float,
    coefficients: Mapping[str, float] | None = None,
    *,
    grade: str = "grade",
    scheme: str = "grade",
    score: str = "score",
    base: str | None = None,
) -> pl.DataFrame:
    """Each person's share of ``pool`` (``employee_id``, their other columns, ``weight``,
    ``bonus_amount`` in the pool's currency, to the cent; see the module's method).

    ``scheme="grade"``: weight = ``coefficients[grade]`` (default
    :data:`DEFAULT_COEFFICIENTS`; a grade without a coefficient, or no grade, weighs 0).
    ``scheme="rank"``: weight = ``n + 1 - rank`` of ``score`` (best first, ties averaged;
    no score weighs 0). ``base``: a column multiplying the weight (null counts as 0).
    Refused (``no_weight``) when every weight is 0 and the pool is not."""
    coefficients = dict(DEFAULT_COEFFICIENTS if coefficients is None else coefficients)
    if scheme == "rank":
        n = people.get_column(score).drop_nulls().len()
        weight = (n + 1 - pl.col(score).rank("average", descending=True)).fill_null(0.0)
    else:
        weight = (
            pl.col(grade)
            .replace_strict(coefficients, default=0.0, return_dtype=pl.Float64)
            .fill_null(0.0)
        )
    if base is not None:
        weight = weight * pl.col(base).cast(pl.Float64).fill_null(0.0)
    frame = people.with_columns(weight.cast(pl.Float64).alias("weight"))
    cents = _hamilton(
        round(Fraction(pool) * 100),
        frame.get_column("weight").to_list(),
        frame.get_column("employee_id").to_list(),
    )
    return frame.with_columns(pl.Series("bonus_amount", [c / 100 for c in cents], dtype=pl.Float64))


def _hamilton(total: int, weights: list[float], ids: list[str]) -> list[int]:
    """``total`` units split in proportion to ``weights`` by largest remainder (ties: larger
    weight, then smaller id)."""
    fw = [Fraction(w) for w in weights]
    w_sum = sum(fw)
    if w_sum == 0:
        if total:
            raise Refused("no_weight")
        return [0] * len(weights)
    quota = [total * w / w_sum for w in fw]
    floor = [q.numerator // q.denominator for q in quota]
    left = total - sum(floor)
    order = sorted(range(len(quota)), key=lambda i: (-(quota[i] - floor[i]), -fw[i], ids[i]))
    for i in order[:left]:
        floor[i] += 1
    return floor


def department_totals(amounts: pl.DataFrame, department: str = "department") -> pl.DataFrame:
    """``department, headcount, bonus_amount`` (the sum), largest first."""
    return (
        amounts.group_by(department)
        .agg(headcount=pl.len(), bonus_amount=pl.col("bonus_amount").sum().round(2))
        .sort(["bonus_amount", department], descending=[True, False])
    )


def change(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """What the session's moves did to each person's amount: ``employee_id, before, after,
    change`` (``bonus_before``, ``bonus_after``, ``bonus_change``) for everyone whose amount
    changed, largest change first."""
    return (
        before.select("employee_id", pl.col("bonus_amount").alias("bonus_before"))
        .join(
            after.select("employee_id", pl.col("bonus_amount").alias("bonus_after")),
            on="employee_id",
        )
        .with_columns(bonus_change=(pl.col("bonus_after") - pl.col("bonus_before")).round(2))
        .filter(pl.col("bonus_change") != 0)
        .sort([pl.col("bonus_change").abs(), "employee_id"], descending=[True, False])
    )


def session_bonus(
    people: pl.DataFrame, pool: float, coefficients: Mapping[str, float]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The pool shared out on the imported grades and on the final ones (``people``:
    ``employee_id, department, imported, final``): per department ``department,
    bonus_before, headcount, bonus_after, bonus_change``, and per person :func:`change`."""
    before = allocate(people, pool, coefficients, grade="imported")
    after = allocate(people, pool, coefficients, grade="final")
    totals = (
        department_totals(before)
        .select("department", pl.col("bonus_amount").alias("bonus_before"))
        .join(
            department_totals(after).select(
                "department", "headcount", pl.col("bonus_amount").alias("bonus_after")
            ),
            on="department",
        )
        .with_columns(bonus_change=(pl.col("bonus_after") - pl.col("bonus_before")).round(2))
    )
    return totals, change(before, after)
