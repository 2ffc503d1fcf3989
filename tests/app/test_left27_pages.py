"""left27 on the pages, both languages, on the reviewer's workbook (conftest's ``rev23a_db``):
the sidebar's cycles named as her file names them (rev26a item 9), the trend tables' netted
change and reasons in view (rev26a item 4)."""

from __future__ import annotations

import json

import pytest

from analytics.text import render
from tests.app.apptest import open_page
from tests.app.conftest import reader_copy
from ui.tables import GRID_CSV


@pytest.fixture(scope="module")
def workbook_db(rev23a_db, tmp_path_factory):
    """A private copy: the dashboard opens its file for writing; this process's untouched one
    (:func:`tests.app.conftest.reader_copy`: the tests here only read it)."""
    return reader_copy(rev23a_db, tmp_path_factory, "left27")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cycles_and_trend_tables_on_the_potential_page(workbook_db, monkeypatch, lang):
    """Her sheet 2026年上半年 is stored as 2026H1: under the sidebar's cycle choice, a line says
    which name each code stands for (the options stay the codes the address holds). The
    risers' and decliners' tables show the change net of the department shift, the shift
    taken out and the reasons (with the first and latest scores), none hidden at 1280 px; their
    CSV is ours (the headers as shown), the grid's own (column codes) hidden."""
    monkeypatch.setenv("PERFLENS_DB", str(workbook_db))
    at = open_page("pages/potential.py", lang)
    named = render("filter.cycle_named", lang, cycle="2026H1", label="2026年上半年")
    (line,) = [c.value for c in at.sidebar.caption if named in c.value]
    assert line.startswith(render("filter.cycle_names", lang, names=["x"])[:6]), line
    assert at.sidebar.multiselect(key="cycle").options == ["2025H1", "2025H2", "2026H1"]
    for key in ("pot_risers", "pot_decliners"):
        (table,) = [d for d in at.dataframe if d.proto.id and key in d.proto.id]
        # the grid's own CSV (column codes) hidden where ours (headers as shown) is drawn
        styles = [h.proto.body for h in at.get("html")]
        assert any(f"st-key-{key}" in x and GRID_CSV in x for x in styles), key
        assert f"{key}_csv" in [b.key for b in at.get("download_button")]
        config = json.loads(table.proto.columns)
        for col in ("net_change", "dept_net", "reasons"):  # the scores: in the reasons' words
            assert col in config and not config[col].get("hidden"), (key, col, config.get(col))
