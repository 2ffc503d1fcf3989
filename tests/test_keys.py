"""keys: the dense integer codes and the cycle-order map shared by the statistics."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats

from analytics.stats.keys import (
    combine_codes,
    cycle_order_map,
    dense_codes,
    int_codes,
    relabel,
    sort_order,
    sorted_by,
    sorted_codes,
    value_codes,
)
from analytics.stats.quantiles import t_quantile


@pytest.mark.parametrize("top", [30, 10**12])  # the table path and the ranked path
def test_int_codes_are_np_unique_inverse(top: int) -> None:
    key = np.random.default_rng(1).integers(0, top, size=2_000)
    codes, n = int_codes(key)
    uniq, inv = np.unique(key, return_inverse=True)
    assert n == uniq.size and np.array_equal(codes, inv)
    assert int_codes(np.array([], dtype=np.int64))[1] == 0
    assert relabel(np.array([], dtype=np.int64))[1] == 0
    a, b = key % 7, key % 5
    assert np.array_equal(combine_codes(a, b, 5)[0], np.unique(a * 5 + b, return_inverse=True)[1])


@pytest.mark.parametrize("top", [1, 7, 5_000, 3_000_000])  # one value; dense; sparse table
def test_relabel_is_np_unique_inverse_as_int64(top: int) -> None:
    key = np.random.default_rng(2).integers(0, top, size=20_000)
    codes, n = relabel(key.astype(np.int32))  # any integer dtype in, int64 codes out
    uniq, inv = np.unique(key, return_inverse=True)
    assert codes.dtype == np.int64 and n == uniq.size and np.array_equal(codes, inv)


@pytest.mark.parametrize("nulls_last", [False, True])
def test_sorted_by_is_polars_sort_of_unique_keys(nulls_last: bool) -> None:
    """The packed integer key orders rows as Polars' sort does: text as text (Categorical and
    String, CJK included), an Enum by its categories, integers by value, nulls first or last;
    floats fall back to the sort itself."""
    rng = np.random.default_rng(3)
    words = np.array(["b", "a", "", "研发", "Z", "a b", None], dtype=object)
    for _ in range(40):
        n = int(rng.integers(1, 50))
        f = pl.DataFrame(
            {
                "s": rng.choice(words, n).tolist(),
                "c": pl.Series(rng.choice(words, n).tolist(), dtype=pl.Categorical),
                "e": pl.Series(
                    rng.choice(np.array(["x", "y", "z", None], dtype=object), n).tolist(),
                    dtype=pl.Enum(["z", "x", "y"]),
                ),
                "i": pl.Series([None if v < 0 else int(v) for v in rng.integers(-3, 5, n)]),
                "f": rng.normal(size=n),
                "row": np.arange(n),  # makes the keys unique
            }
        )
        by = [*rng.permutation(["s", "c", "e", "i"]).tolist(), "row"]
        assert sorted_by(f, by, nulls_last).equals(f.sort(by, nulls_last=nulls_last))
        assert sorted_by(f, ["f", "row"], nulls_last).equals(f.sort(["f", "row"]))


def test_sort_order_is_stable_and_its_key_tells_the_runs() -> None:
    """Rows with equal keys keep their order (as a sort with ``maintain_order``), and the
    packed key of the sorted rows changes exactly where a key column does: the pair means
    read their runs off it (findings.parts.company_pairs)."""
    rng = np.random.default_rng(4)
    n = 3_000
    f = pl.DataFrame(
        {
            "a": pl.Series(rng.choice(["x", "y", "研发"], n).tolist(), dtype=pl.Categorical),
            "b": pl.Series(rng.choice(["p", "q", None], n).tolist()),
            "c": rng.integers(0, 4, n),
            "row": np.arange(n),
        }
    )
    by = ["a", "b", "c"]
    order = sort_order(f, by)
    assert order is not None
    want = f.sort(by, maintain_order=True)
    assert f[order.rows].equals(want) and sorted_by(f, by).equals(want)
    keys = want.select(by)
    runs = keys.select(pl.any_horizontal(pl.all().ne_missing(pl.all().shift(1)))).to_series()
    assert np.array_equal(np.diff(order.key) != 0, runs.to_numpy()[1:])
    assert np.all(np.diff(order.key) >= 0) and order.steps[-1] == 1
    person = order.key // order.steps[1]  # (a, b) alone
    prefix = keys.select(pl.any_horizontal(pl.col("a", "b").ne_missing(pl.col("a", "b").shift(1))))
    assert np.array_equal(np.diff(person) != 0, prefix.to_series().to_numpy()[1:])
    assert sort_order(f, ["row"]).rows.tolist() == list(range(n))
    assert sort_order(f.with_columns(pl.col("c").cast(pl.Float64)), ["c"]) is None


@pytest.mark.parametrize("dtype", [pl.String, pl.Categorical])
def test_dense_codes_equal_values_equal_codes_null_its_own(dtype) -> None:
    s = pl.Series(["b", None, "a", "b", "c", None], dtype=dtype)
    codes, n = dense_codes(s)
    assert n == 4 and sorted(set(codes.tolist())) == [0, 1, 2, 3]
    assert codes[0] == codes[3] and codes[1] == codes[5] and codes[1] not in codes[[0, 2, 4]]


@pytest.mark.parametrize("dtype", [pl.String, pl.Categorical])
def test_sorted_codes_follow_text_order(dtype) -> None:
    s = pl.Series(["zeta", "alpha", None, "mid", "alpha"], dtype=dtype)
    codes, values = sorted_codes(s)
    assert values.to_list() == [None, "alpha", "mid", "zeta"] and values.dtype == pl.String
    assert codes.tolist() == [3, 1, 0, 2, 1]


@pytest.mark.parametrize("dtype", [pl.String, pl.Categorical, pl.Enum(["c", "a", "b"])])
def test_value_codes_ordered_follow_the_values_and_unordered_match_equal_values(dtype) -> None:
    s = pl.Series(["b", "a", "c", "b", "a"], dtype=dtype)
    assert value_codes(s).tolist() == [1, 0, 2, 1, 0]  # text order, whatever the dtype
    loose = value_codes(s, ordered=False)
    assert sorted(set(loose.tolist())) == [0, 1, 2] and loose[0] == loose[3] != loose[1]
    numbers = pl.Series([10.5, -1.0, 10.5, 3.0])
    for ordered in (True, False):
        assert value_codes(numbers, ordered).tolist() == [2, 0, 2, 1]
        assert value_codes(numbers, ordered).dtype == np.int64


def test_the_statistics_have_no_dense_code_helpers_of_their_own() -> None:
    """One implementation (analytics.stats.keys), not a private copy per module."""
    import ast
    from pathlib import Path

    stats_dir = Path(__file__).resolve().parents[1] / "analytics" / "stats"
    for path in stats_dir.glob("*.py"):
        if path.name == "keys.py":
            continue
        names = {
            n.name for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef)
        }
        assert not names & {"_dense", "_codes", "_dense_codes", "_int_codes"}, path.name


def test_cycle_order_map_from_frame_cycles_or_text() -> None:
    frame = pl.DataFrame({"cycle_id": ["2024H2", "2024H1", "2024H2"]})
    by_text = cycle_order_map(frame)
    assert by_text.rows() == [("2024H1", 0), ("2024H2", 1)]
    cycles = pl.DataFrame({"cycle_id": ["2024H1", "2024H2"], "ordering": [5, 2]})
    assert sorted(cycle_order_map(frame, cycles).rows()) == [("2024H1", 5), ("2024H2", 2)]
    own = frame.with_columns(cycle_order=pl.Series([9, 8, 9]))
    assert sorted(cycle_order_map(own, cycles).rows()) == [("2024H1", 8), ("2024H2", 9)]
    cat = frame.with_columns(pl.col("cycle_id").cast(pl.Categorical))
    assert cycle_order_map(cat)["cycle_id"].dtype == pl.Categorical


def test_t_quantile_is_scipy_t_ppf() -> None:
    df = np.array([1, 5, 5, 30, 2.5, 1e6, np.inf, np.nan, 0, -2])
    got = t_quantile(df, 0.975)
    np.testing.assert_array_equal(got, stats.t.ppf(0.975, df))
    many = np.random.default_rng(2).random(40_000) * 50 + 0.5  # the threaded path
    np.testing.assert_array_equal(t_quantile(many, 0.9), stats.t.ppf(0.9, many))
