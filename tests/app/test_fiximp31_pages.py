"""fiximp31 on the Data page (AppTest): a workbook whose 潜力 sheet gives the potential of the
records of its 最终结果 sheet says, per sheet, the rows the import writes (as the import
counts them) and that the 潜力 sheet's records are joined with the column they add, in the
reader's language (rev31a 1)."""

from __future__ import annotations

import pytest

from analytics.store import db
from analytics.text import render
from analytics.text.messages import render_page
from tests.app.test_data_page import _data_page, _no_model_fits
from tests.test_fiximp31 import two_sheet_workbook


@pytest.fixture()
def empty_db(tmp_path, monkeypatch):
    """A new database (the workbook's first import): nothing to read before, no model fit."""
    _no_model_fits(monkeypatch)
    path = tmp_path / "empty.duckdb"
    db.connect(path).close()
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_preview_says_what_each_sheet_writes_and_joins(empty_db, tmp_path, lang):
    path = tmp_path / "华峰制造_考核结果.xlsx"
    two_sheet_workbook(path)
    at = _data_page(tmp_path, lang, {path.name: path})
    captions = [c.value for c in at.caption]
    # 最终结果 writes its 12 records; 潜力 one (the person 最终结果 lacks) and completes the
    # other five: not "1 row" alone, which read as a loss (rev32a finding 4)
    assert render("data.will_load", lang, rows=12) in captions
    assert render("data.will_load_joined", lang, rows=1, joined=5) in captions
    assert render("data.will_load", lang, rows=1) not in captions
    # the no-rater warning is the score sheet's: 潜力 has no score or grade (rev32a 4)
    warned = [w.value for w in at.warning if f"{path.name} [" in w.value]
    assert len(warned) == 1 and "[最终结果]" in warned[0], warned
    joined = render_page(
        "sheets_joined",
        lang,
        file=f"{path.name} [潜力]",
        n=5,
        columns=["潜力评级"],
        sheets=["最终结果"],
    )
    assert joined in captions
    assert not at.exception and not at.error
