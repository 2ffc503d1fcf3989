"""Every select box of the dashboard says its placeholder in the reader's language (issue 19):
without ``placeholder=``, Streamlit shows "Choose an option" / "Choose options" / "No options
to select" in English on a Chinese page (and in a box that has a value, once its text is
cleared). The browser scan (tests/e2e/test_issue19_words.py) sees the pages as they open; this
reads every call, also those of forms a scan does not reach."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SELECTS = {"selectbox", "multiselect"}


def _calls_without_placeholder(source: str) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SELECTS
        and not any(k.arg == "placeholder" for k in node.keywords)
    ]


def test_the_check_finds_a_select_box_without_words():
    assert _calls_without_placeholder(
        "st.selectbox('x', [1])\nst.sidebar.multiselect('y', [])"
    ) == [1, 2]
    assert not _calls_without_placeholder("st.selectbox('x', [1], placeholder=choose())")


def test_every_select_box_has_a_placeholder():
    files = [ROOT / "dashboard.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]
    missing = {
        str(path.relative_to(ROOT)): lines
        for path in files
        if (lines := _calls_without_placeholder(path.read_text(encoding="utf-8")))
    }
    assert not missing, missing
