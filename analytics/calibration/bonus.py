"""The bonus pool: a fixed pool shared out by grade coefficients or by rank, to the cent.

Method (docs/methods.md "Bonus pool"): each person's weight is ``coefficient[grade]`` (or, by
rank, ``n + 1 - rank`` of their score, best = n, ties sharing the mean rank; in a session the
rank is by grade, then by the imported final score: :func:`rank_key`), times their base amount
when a base column is given (a salary, or a band's target bonus: :func:`base_amounts`). The pool, in cents,
is split in proportion to the weights: everyone gets the floor of their exact share, and the
cents left over (fewer than the number of people) go one each to the largest fractional
remainders, ties to the larger weight and then the smaller employee id (the largest-remainder
or Hamilton method). So the amounts sum to the pool exactly, and nobody is more than one cent
from their exact share. Exact arithmetic (fractions), so the result does not depend on
floating-point order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import polars as pl

from analytics.calibration.moves import Refused

__all__ = [
    "DEFAULT_COEFFICIENTS",
    "SCHEMES",
    "allocate",
    "base_amounts",
    "changed_amounts",
    "check_coefficients",
    "coefficient_text",
    "default_coefficients",
    "department_totals",
    "parse_coefficients",
    "person_amounts",
    "rank_key",
    "session_bonus",
]

#: how weights are set: by grade coefficients, or by rank in the session
SCHEMES: tuple[str, ...] = ("grade", "rank")

DEFAULT_COEFFICIENTS: dict[str, float] = {"S": 2.0, "A": 1.5, "B": 1.0, "C": 0.5, "D": 0.0}


def default_coefficients(grades: Sequence[str]) -> dict[str, float]:
    """The default coefficients for a session's grades (best first): evenly from 2 for the
    best to 0 for the worst, rounded to 2 decimals, so S-D gets :data:`DEFAULT_COEFFICIENTS`
    and 优秀/良好/合格/待改进 gets 2, 1.33, 0.67, 0 (rev23a item 9). One grade weighs 1."""
    grades = list(grades)
    if len(grades) < 2:
        return dict.fromkeys(grades, 1.0)
    last = len(grades) - 1
    return {g: round(2.0 * (last - i) / last, 2) for i, g in enumerate(grades)}


def coefficient_text(coefficients: Mapping[str, float]) -> str:
    """``{"S": 2.0, "A": 1.5}`` -> ``"S=2,A=1.5"``: what :func:`parse_coefficients` reads."""
    return ",".join(f"{g}={v:g}" for g, v in coefficients.items())


def check_coefficients(
    coefficients: Mapping[str, float], grades: Sequence[str | None], order: Sequence[str] = ()
) -> None:
    """Refused (``coefficients_missing``) naming the grades held in the session that have no
    coefficient (a missing grade would silently weigh 0), with the default coefficients of
    ``order`` (the session's grades, best first) as the example to write."""
    missing = sorted({g for g in grades if g is not None} - set(coefficients))
    if missing:
        example = default_coefficients(order or [*coefficients, *missing])
        raise Refused(
            "coefficients_missing",
            missing=missing,
            given=list(coefficients) or "—",
            example=coefficient_text(example),
        )


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


def rank_key(order: Sequence[str], grade: str, score: str = "score") -> pl.Expr:
    """The ranking scheme's order in a session: the grade (``order``: best first), the
    imported final score (0-1) breaking ties inside a grade, no score last in its grade; no
    grade (or one outside ``order``): unranked (weight 0). A move therefore moves the person
    past everyone of the grades between."""
    idx = pl.col(grade).replace_strict(
        {g: float(i) for i, g in enumerate(order)}, default=None, return_dtype=pl.Float64
    )
    within = pl.col(score).cast(pl.Float64).fill_null(0.0).clip(0.0, 1.0)
    return (len(order) - idx) * 2 + within


def base_amounts(
    values: Mapping[str, Any], column: str, bands: Mapping[str, float] | None = None
) -> pl.DataFrame:
    """``employee_id, base``: each person's base amount from a column of their export
    (``values``: cell by person): a number as it is (``12,000`` too), a band (``P5``) by
    ``bands``; an empty cell is null (weight 0). Refused (``base_not_number``) naming the
    column and the cell when a cell is neither."""
    bands = bands or {}
    out: list[float | None] = []
    for v in values.values():
        if v is None or isinstance(v, (int, float)):
            out.append(None if v is None else float(v))
            continue
        text = str(v).strip()
        if text in bands:
            out.append(float(bands[text]))
            continue
        try:
            out.append(float(text.replace(",", "")))
        except ValueError:
            raise Refused("base_not_number", column=column, value=text) from None
    return pl.DataFrame(
        {"employee_id": list(values), "base": out},
        schema={"employee_id": pl.String, "base": pl.Float64},
    )


def _shared_out(
    people: pl.DataFrame,
    pool: float,
    coefficients: Mapping[str, float],
    scheme: str,
    order: Sequence[str],
    base: str | None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The pool shared out on the imported grades and on the final ones (:func:`allocate`);
    by coefficients, every grade held must have one (:func:`check_coefficients`)."""
    if scheme != "rank":
        held = people.get_column("imported").to_list() + people.get_column("final").to_list()
        check_coefficients(coefficients, held, order)

    def shared(grade: str) -> pl.DataFrame:
        if scheme == "rank":
            ranked = people.with_columns(rank_key(order, grade).alias("_rank"))
            return allocate(ranked, pool, scheme="rank", score="_rank", base=base)
        return allocate(people, pool, coefficients, grade=grade, base=base)

    return shared("imported"), shared("final")


def person_amounts(
    people: pl.DataFrame,
    pool: float,
    coefficients: Mapping[str, float],
    scheme: str = "grade",
    order: Sequence[str] = (),
    base: str | None = None,
) -> pl.DataFrame:
    """Everyone's amount before and after the session's moves (the parameters of
    :func:`session_bonus`): ``employee_id, department, imported_grade, final_grade,
    bonus_before, bonus_after, bonus_change``, by department and id, so that each cent can be
    checked by hand; each of the two amount columns sums to the pool exactly."""
    before, after = _shared_out(people, pool, coefficients, scheme, order, base)
    return _amounts(before, after).sort(["department", "employee_id"], nulls_last=True)


def _amounts(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """Each person's grade and amount before and after (:func:`person_amounts`' columns)."""
    return (
        before.select(
            "employee_id",
            "department",
            pl.col("imported").alias("imported_grade"),
            pl.col("final").alias("final_grade"),
            pl.col("bonus_amount").alias("bonus_before"),
        )
        .join(
            after.select("employee_id", pl.col("bonus_amount").alias("bonus_after")),
            on="employee_id",
        )
        .with_columns(bonus_change=(pl.col("bonus_after") - pl.col("bonus_before")).round(2))
    )


def changed_amounts(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """The people whose amount the session's moves changed, with their grade before and after
    (:func:`person_amounts`' columns): those whose grade moved first, then by the size of the
    change, largest first, and id. Why (rev31b finding 7): the page listed ids and amounts
    only, so who had been moved, and who only lost a share of the pool, was not to be seen."""
    moved = pl.col("imported_grade").ne_missing(pl.col("final_grade"))
    return (
        _amounts(before, after)
        .filter(pl.col("bonus_change") != 0)
        .sort([moved, pl.col("bonus_change").abs(), "employee_id"], descending=[True, True, False])
    )


def session_bonus(
    people: pl.DataFrame,
    pool: float,
    coefficients: Mapping[str, float],
    scheme: str = "grade",
    order: Sequence[str] = (),
    base: str | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The pool shared out on the imported grades and on the final ones (``people``:
    ``employee_id, department, imported, final``, with ``score`` for the ranking scheme and
    the ``base`` column when given): per department ``department, bonus_before, headcount,
    bonus_after, bonus_change``, and per person :func:`changed_amounts` (with the grades before
    and after, left32 item 6). ``scheme="rank"`` ranks by
    :func:`rank_key` on ``order`` (the guideline's grades, best first)."""

    before, after = _shared_out(people, pool, coefficients, scheme, order, base)
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
    return totals, changed_amounts(before, after)
