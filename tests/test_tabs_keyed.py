"""Every tab bar in the dashboard has a key.

Measured in Chromium (Streamlit 1.67, session 44): an unkeyed ``st.tabs`` is drawn anew on its
first tab when an element above it appears or goes between two runs; with a ``key`` the
chosen tab stays. On the meeting page a facilitator who moved people from the grade bins was
sent back to the grade table when a notice appeared above the tabs (a flaky browser journey,
session 43's run N), and missed the move's confirmation."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tab_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "tabs"
    ]


def test_every_tab_bar_has_a_key() -> None:
    files = [*ROOT.glob("dashboard.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]
    calls = {f"{p.relative_to(ROOT)}:{c.lineno}": c for p in files for c in _tab_calls(p)}
    assert len(calls) >= 2  # the meeting page's and the calibration page's, at least
    unkeyed = [where for where, c in calls.items() if "key" not in {k.arg for k in c.keywords}]
    assert unkeyed == []
