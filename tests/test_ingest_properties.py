"""Property-based tests (hypothesis) for the value rules of the importer: scale detection,
number parsing, cycle parsing. No input makes them raise anything but a named refusal, and the
detected scale does not move when up to 2% of the values are typos."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analytics import schema as S
from analytics.ingest.cycles import parse_cycle
from analytics.ingest.scales import (
    ScaleBook,
    detect_numeric,
    normalise_scores,
    number_expr,
    placeholder_expr,
    resolve_scale,
)
from analytics.text.messages import ImportRejected, render

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TYPO = st.one_of(
    st.integers(-50, 1000).map(float),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 6.0, 7.0, 11.0, 45.0, 55.0, 99.0, 105.0, 1000.0]),
)


def _dist(values: list[float]) -> list[tuple[float, int]]:
    counts: dict[float, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items())


@st.composite
def clean_and_typos(draw):
    """(a clean sample of a standard scale, its scale, typos: at most 2% of the sample)."""
    kind = draw(st.sampled_from(["1-5", "1-10", "0-10", "0-100"]))
    n = draw(st.integers(20, 400))
    if kind == "1-5":
        values = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
        values += draw(st.lists(st.sampled_from([1.5, 2.5, 3.5, 4.5]), max_size=n // 4))
    elif kind in ("1-10", "0-10"):
        values = draw(st.lists(st.integers(0 if kind == "0-10" else 1, 10), min_size=n, max_size=n))
        above = sum(v > 5 for v in values) / len(values)
        assume(above >= 0.3)
        if kind == "0-10":
            assume(sum(v < 1 for v in values) / len(values) >= 0.1)
    else:
        values = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
        assume(sum(v > 10 for v in values) / len(values) >= 0.6)
    typos = draw(st.lists(TYPO, max_size=int(0.02 * len(values))))
    lo, hi = kind.split("-")
    return [float(v) for v in values], (float(lo), float(hi)), typos


@SETTINGS
@given(clean_and_typos())
def test_scale_detection_is_stable_under_two_percent_typos(sample):
    values, scale, typos = sample
    assert detect_numeric(_dist(values)).scale == scale
    assert detect_numeric(_dist(values + typos)).scale == scale


@SETTINGS
@given(st.lists(st.tuples(st.floats(allow_nan=True), st.integers(-3, 50)), max_size=60))
def test_scale_detection_never_raises_and_names_its_outcome(dist):
    guess = detect_numeric(dist)
    if guess.scale is None:
        assert guess.between is None or len(guess.between) == 2
    else:
        lo, hi = guess.scale
        assert (lo, hi) in {(1.0, 5.0), (0.0, 5.0), (1.0, 10.0), (0.0, 10.0), (0.0, 100.0)}


CELL = st.one_of(
    st.integers(-20, 200).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["NaN", "N/A", "—", "无", "-", "#N/A", "null", "", " ", "S", "A", "优秀", "85%"]
    ),
    st.sampled_from(["0,4", "3,5", "1,500", "=1+1", "\x1b[31m5", "4.0", "1e3", "inf"]),
    st.text(max_size=6),
    st.none(),
)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), CELL), min_size=1, max_size=80))
def test_normalise_scores_quarantines_with_a_named_reason_or_refuses_by_name(rows):
    frame = pl.DataFrame(
        {
            "cycle_id": ["2025Q3"] * len(rows),
            "dimension": [d for d, _ in rows],
            "raw": [v for _, v in rows],
        },
        schema={"cycle_id": pl.String, "dimension": pl.String, "raw": pl.String},
    )
    try:
        out, choices = normalise_scores(
            frame, "raw", ["cycle_id", "dimension"], dimension_col="dimension", file="f.csv"
        )
    except ImportRejected as exc:
        assert exc.code in {"scale_ambiguous", "scale_conflict", "grade_scale_ambiguous"}
        assert "scales" in exc.message("zh") and "scales" in exc.message("en")
        return
    problems = set(out.get_column("score_problem").drop_nulls())
    assert problems <= {"out_of_scale", "no_scale", "not_a_score"}
    for code in problems:  # every reason has words in both languages
        assert render(code, "zh", scale="1-5") != code and render(code, "en", scale="1-5") != code
    scored = out.filter(pl.col("score").is_not_null())
    assert scored.select(pl.col("score").is_between(0, 1).all()).item() in (True, None)
    # a cell that is neither missing nor scored always says why
    raw = pl.col("raw").str.strip_chars()
    missing = raw.is_null() | (raw == "") | placeholder_expr(raw)
    unexplained = out.filter(
        ~missing & pl.col("score").is_null() & pl.col("score_problem").is_null()
    )
    assert unexplained.height == 0, unexplained
    assert {c.dimension for c in choices} <= {"a", "b"}


@SETTINGS
@given(st.lists(st.integers(1, 5), min_size=1, max_size=19))
def test_a_small_file_keeps_the_dimension_s_stored_scale(values):
    book = ScaleBook()
    book.add("rating", "2025Q3", "d", "1-10")
    for cycle in ("2025Q3", "2025Q4"):  # the stored cycle, and a new one of the dimension
        choice = resolve_scale(
            "rating", cycle, "d", _dist([float(v) for v in values]), book, None, "f"
        )
        assert choice.scale == "1-10"


@SETTINGS
@given(st.lists(st.integers(1, 5), min_size=1, max_size=19))
def test_ratings_of_five_or_less_are_never_read_on_a_stored_0_100(values):
    """On 0-100 a 4 would be 4%: the stored cycle refuses by name, and so does a new cycle
    (its scale differs from the stored one: declared only); a file's own earlier cycle on
    0-100 reads the later one on the values' own scale with the earlier one named (a
    warning)."""
    book = ScaleBook()
    book.add("rating", "2025Q3", "d", "0-100")
    dist = _dist([float(v) for v in values])
    with pytest.raises(ImportRejected) as exc:
        resolve_scale("rating", "2025Q3", "d", dist, book, None, "f")
    assert exc.value.code == "scale_conflict"
    with pytest.raises(ImportRejected) as exc:
        resolve_scale("rating", "2025Q4", "d", dist, book, None, "f")
    assert exc.value.code == "scale_changed"
    assert exc.value.params["stored"] == "0-100"
    within = ScaleBook()
    within.add("rating", "2025Q3", "d", "0-100", stored=False)
    choice = resolve_scale("rating", "2025Q4", "d", dist, within, None, "f")
    assert choice.scale in ("1-5", "0-5") and choice.earlier == "0-100"


@SETTINGS
@given(
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    st.integers(0, 999),
    st.integers(1, 999),
    st.integers(1, 99),
)
def test_number_parsing(x, whole, thousands, frac):
    texts = [repr(x), f"{x!r}%", f"{whole},{frac:02d}", f"{thousands},{whole:03d}", f" {whole} "]
    got = pl.select(number_expr(pl.Series(texts, dtype=pl.String))).to_series().to_list()
    assert got[0] == pytest.approx(x) and got[1] == pytest.approx(x)
    assert got[2] == pytest.approx(float(f"{whole}.{frac:02d}"))
    assert got[3] == float(thousands * 1000 + whole)
    assert got[4] == float(whole)


@SETTINGS
@given(st.text(max_size=20))
def test_number_parsing_never_raises_and_gives_only_finite_numbers(text):
    got = pl.select(number_expr(pl.lit(text, dtype=pl.String))).item()
    assert got is None or math.isfinite(got)


@SETTINGS
@given(st.text(max_size=24))
def test_cycle_parsing_never_raises(label):
    info = parse_cycle(label)
    assert info.cadence in S.CADENCES
    assert (info.start is None) == (info.end is None)
    if info.start is not None:
        assert info.start <= info.end
    else:
        assert info.cadence == "other"


@SETTINGS
@given(st.integers(2000, 2099), st.integers(1, 4))
def test_quarter_spellings_meet(year, q):
    first, last = 3 * q - 2, 3 * q
    spellings = [
        f"{year}Q{q}",
        f"{year % 100:02d}Q{q}",
        f"{year}年第{q}季度",
        f"{year}年{first}-{last}月",
        f"{year}年{first}月-{last}月",
        f"Q{q} {year}",
    ]
    for label in spellings:
        info = parse_cycle(label)
        assert info.cycle_id == f"{year}Q{q}", label
        assert info.start == date(year, first, 1)
