"""rev28a's page minors (AppTest): the cells an import will hold back named before it."""

from __future__ import annotations

import pytest

from analytics.text import render
from tests.app.test_data_page import _data_page, _no_model_fits
from tests.test_import28 import _two_sheets


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_preview_names_the_cells_it_will_hold_back(tmp_path, monkeypatch, lang):
    _no_model_fits(monkeypatch)
    monkeypatch.setenv("PERFLENS_DB", str(tmp_path / "empty.duckdb"))
    name = "绩效.xlsx"
    at = _data_page(tmp_path, lang, {name: _two_sheets(tmp_path / name)})
    captions = "\n".join(c.value for c in at.caption)
    assert render("data.will_hold_back", lang, cells=2, shown=2) in captions, captions
    held = [d.value for d in at.dataframe if "raw_value" in d.value.columns]
    assert len(held) == 1, held
    assert held[0]["row_number"].to_list() == [6, 7]
    assert held[0]["raw_value"].to_list() == ["70", "999"]
