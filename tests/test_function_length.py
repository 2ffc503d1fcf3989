"""No function under ``analytics/`` grows above 100 lines of code (its docstring excluded).

Why: issue 16 asks for the long functions to be split at their natural stages; a function of
several jobs grows back one flag at a time. The measure is the one the split was made with:
the lines from ``def`` to the function's last line, less its docstring's lines (blank lines
and comments inside count; a nested function counts in its parent too).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 100


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """(name, first line, code lines without the docstring) of every function in ``source``."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        span = node.end_lineno - node.lineno + 1
        first = node.body[0]
        doc = ast.get_docstring(node, clean=False) is not None and isinstance(first, ast.Expr)
        out.append(
            (node.name, node.lineno, span - (first.end_lineno - first.lineno + 1 if doc else 0))
        )
    return out


def test_no_function_under_analytics_is_above_the_limit():
    files = sorted((ROOT / "analytics").rglob("*.py"))
    assert len(files) > 50  # the package is where it is expected
    longest = 0
    too_long = []
    for path in files:
        for name, line, length in function_lengths(path.read_text(encoding="utf-8")):
            longest = max(longest, length)
            if length > LIMIT:
                too_long.append(f"{path.relative_to(ROOT)}:{line} {name}: {length} lines")
    assert not too_long, "split these at their natural stages:\n" + "\n".join(too_long)
    assert longest > 20  # the functions were measured


def test_the_measure_counts_code_not_the_docstring():
    """A function of 101 code lines is caught; the same with a long docstring and 100 code
    lines is not; a method and a nested function are measured too."""
    body = "".join(f"    x{i} = {i}\n" for i in range(99))
    long_one = f"def f():\n{body}    return 0\n"  # def + 99 + return = 101
    doc = '    """Why.\n\n' + "    more words\n" * 30 + '    """\n'
    documented = f"def g():\n{doc}{body}    return 0\n".replace("    x98 = 98\n", "")
    nested = "class C:\n    def m(self):\n        def inner():\n            return 1\n" + (
        "        return inner()\n"
    )
    lengths = {name: n for name, _, n in function_lengths(long_one + documented + nested)}
    assert lengths["f"] == 101 > LIMIT
    assert lengths["g"] == 100 <= LIMIT
    assert lengths == {"f": 101, "g": 100, "m": 4, "inner": 2}
