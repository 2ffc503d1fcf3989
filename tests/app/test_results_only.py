"""A dataset of results only (a final score and grade per person, the commonest HR export) is
said to be that, with what it holds, not "no ratings or results (its import deleted, say)"
(helper B, session 44)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.cli import main
from analytics.text import render
from tests.app.apptest import LANGS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("results_only")
    rows = [
        f"E{9001 + i},一部,{c},{3 + i % 3},{'ABC'[i % 3]}"
        for c in ("2025Q4", "2026Q1")
        for i in range(10)
    ]
    src = folder / "results.csv"
    src.write_text(
        "\n".join(["工号,部门,考核周期,最终得分,绩效等级", *rows]) + "\n", encoding="utf-8"
    )
    path = folder / "perflens.duckdb"
    assert main(["--lang", "en", "import", str(src), "--db", str(path)]) == 0
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_entry_says_the_dataset_holds_results_only(results_db, lang, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(results_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = LANGS[lang]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    said = [i.value for i in at.info]
    name = render("dataset.default_name", lang)
    want = render("firstrun.results_only", lang, name=name, n=10, cycles=2)
    assert any(want.split("（")[0].split(" (")[0] in s for s in said), said
    assert any("10" in s and ("2 个周期" in s or "2 cycles" in s) for s in said), said
    assert not any(("花名册" if lang == "zh" else "roster") in s for s in said)  # no_ratings'
