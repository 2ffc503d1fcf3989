"""The markdown tables the simulations print for ``docs/methods.md`` (one row per design, one
column per measure), shared so that every simulation's table reads the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = ["print_table"]


def print_table(
    columns: Sequence[tuple[str, str]],
    rows: Iterable[tuple[str, Mapping[str, float]]],
    percent: Callable[[str], bool],
) -> None:
    """Print a markdown table: ``columns`` are (key, header) pairs, each row a label and its
    values by key; a value whose key ``percent`` accepts is printed as a whole percentage,
    any other to two decimals, NaN as an empty cell."""
    print("| design | " + " | ".join(h for _, h in columns) + " |")
    print("| --- " * (len(columns) + 1) + "|")
    for label, values in rows:
        cells = []
        for key, _ in columns:
            v = values[key]
            cells.append("" if v != v else f"{v:.0%}" if percent(key) else f"{v:.2f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
