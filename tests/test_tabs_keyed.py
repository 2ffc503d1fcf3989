"""Every tab bar and expander in the dashboard has a key; no form clears a refused submit.

Measured in Chromium (Streamlit 1.67, session 44): an unkeyed ``st.tabs`` is drawn anew on its
first tab when an element above it appears or goes between two runs; with a ``key`` the
chosen tab stays. On the meeting page a facilitator who moved people from the grade bins was
sent back to the grade table when a notice appeared above the tabs (a flaky browser journey,
session 43's run N), and missed the move's confirmation. The same holds for ``st.expander`` (session 44, checked in
Chromium): the appeal forms sat in unkeyed expanders, and a refused appeal's error drawn above
closed them; with ``clear_on_submit`` the typed reason was gone as well (session 45)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _calls(path: Path, name: str) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
    ]


def _all_calls(name: str) -> dict[str, ast.Call]:
    files = [*ROOT.glob("dashboard.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]
    return {f"{p.relative_to(ROOT)}:{c.lineno}": c for p in files for c in _calls(p, name)}


def _unkeyed(calls: dict[str, ast.Call]) -> list[str]:
    return [where for where, c in calls.items() if "key" not in {k.arg for k in c.keywords}]


def test_every_tab_bar_has_a_key() -> None:
    calls = _all_calls("tabs")
    assert len(calls) >= 2  # the meeting page's and the calibration page's, at least
    assert _unkeyed(calls) == []


def test_every_expander_has_a_key() -> None:
    calls = _all_calls("expander")
    assert len(calls) >= 5  # the appeal forms, the guideline editor, the new session, ...
    assert _unkeyed(calls) == []


def test_no_form_clears_a_refused_submit() -> None:
    """A form is cleared by its save when the save succeeds (ui/appeals.py ``_save``), not by
    ``clear_on_submit``, which also clears a submit the store refuses."""
    cleared = [
        where
        for where, c in _all_calls("form").items()
        for k in c.keywords
        if k.arg == "clear_on_submit"
        and not (isinstance(k.value, ast.Constant) and not k.value.value)
    ]
    assert cleared == []
