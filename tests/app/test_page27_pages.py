"""The rater page reads the columns of the rater table it draws (``ui.consistency.PAGE_COLUMNS``),
not the whole table (page27: at 40M ratings 28 of its 78 columns, 210,001 raters): drawn from
those columns alone it is the page drawn from the whole table, element for element, and each
column listed changes the page when left out (the list names no column the page does not draw).
Two stores between them hold every listed column: the small demo and the reviewer's workbook
(a manager-only design: the team means, central tendency pooled over cycles)."""

from __future__ import annotations

import json
import re

import duckdb
import pytest
import streamlit as st
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

import ui.consistency as consistency
from tests.app.apptest import LANGS, ROOT, direct
from tests.app.conftest import reader_copy
from ui import cache


@pytest.fixture()
def stores(demo, rev23a_db, tmp_path_factory):
    """The small demo and a private copy of the reviewer's workbook (the dashboard opens its
    file for writing; :func:`tests.app.conftest.reader_copy`: this test writes to neither);
    every cached page value forgotten after (this test draws the page from other columns under
    the same cache keys)."""
    workbook = reader_copy(rev23a_db, tmp_path_factory, "page27")
    yield {"demo": demo, "workbook": workbook}
    _forget()


def _forget() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


def _stored_columns(path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = 'mat_sec_raters' ORDER BY ordinal_position"
            ).fetchall()
        ]
    finally:
        con.close()


def _elements(node, out: list[str]) -> list[str]:
    """Every element's message, without what differs between two runs of the same page: a
    download's file id, the hash in an element's id, a chart's data revision."""
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "DESCRIPTOR"):
        d = MessageToDict(proto)
        d.pop("deferredFileId", None)
        if isinstance(d.get("id"), str):
            d["id"] = re.sub(r"^\$\$ID-[0-9a-f]+-", "", d["id"])
        if isinstance(d.get("spec"), str):
            d["spec"] = re.sub(r'"datarevision":\s*[^,}]*', "", d["spec"])
        out.append(json.dumps(d, sort_keys=True, ensure_ascii=False))
    for child in getattr(node, "children", {}).values():
        _elements(child, out)
    return out


class Rater:
    """The company's rater page (zh) of one store, in one session: drawn again from another
    list of the rater table's columns by a rerun. The first run draws the rater page itself
    (:func:`direct`), not the overview first (a cold run of every headline, never read here)."""

    def __init__(self, monkeypatch, path) -> None:
        self.monkeypatch, self.path = monkeypatch, path
        self.at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
        self.at.session_state["lang"] = LANGS["zh"]
        self.at.switch_page(direct("pages/raters.py"))

    def page(self, columns, fresh: bool = False) -> list[str]:
        """The page drawn from ``columns``; an error is what it draws. Every value the page
        derives from the rater table is derived again (``cache.derived`` keeps nothing: its
        keys do not name the columns; the columns read are cached under their list), and with
        ``fresh`` every cached value is computed anew."""
        if fresh:
            _forget()
        self.monkeypatch.setenv("PERFLENS_DB", str(self.path))
        self.monkeypatch.setattr(consistency, "PAGE_COLUMNS", tuple(columns))
        self.at.run()
        if self.at.exception:
            return [f"error: {e.value}" for e in self.at.exception]
        return _elements(self.at._tree, [])


def test_the_rater_page_reads_the_columns_it_draws_and_no_other(stores, monkeypatch):
    monkeypatch.setattr(cache, "derived", lambda key, build: build())
    listed = consistency.PAGE_COLUMNS
    drawn = {}
    for name, path in stores.items():
        stored = _stored_columns(path)
        assert len(stored) > len(listed), name  # the page reads part of the table
        rater = Rater(monkeypatch, path)
        whole = rater.page(stored, fresh=True)
        assert not whole[0].startswith("error"), whole
        drawn[name] = (rater, set(stored), rater.page(listed, fresh=True))
        # no column the page draws is missing from the list: from the list alone, the same page
        assert drawn[name][2] == whole, name
    # each listed column changes the page when left out, in a store that has it (the stores are
    # tried in turn until one page changes: one is enough to show the page draws it)
    idle = []
    for column in listed:
        holders = [(r, page) for r, stored, page in drawn.values() if column in stored]
        assert holders, f"{column}: in neither store, its use untested"
        without = [c for c in listed if c != column]
        if not any(r.page(without) != page for r, page in holders):
            idle.append(column)
    assert idle == []
