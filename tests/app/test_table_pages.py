"""A table of 200,000 rows (every rater or person of a 40M-rating company) sends one page of
rows to the browser, says which rows of how many, offers the other pages, and downloads whole
as CSV (issue 19: no page above 1.5 s at 40M ratings). Run alone (AppTest.from_function)."""

from __future__ import annotations

import io
import shutil

import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics.text import render
from ui import tables

LANGS = {"zh": "中文", "en": "English"}
N = 200_000


def _table() -> None:
    import polars as pl
    import streamlit as st

    from ui import tables

    frame = pl.DataFrame(
        {
            "employee_id": [f"E{i:07d}" for i in range(200_000)],
            "effect": [i / 200_000 for i in range(200_000)],
        }
    )
    tables.show(frame, key="big", person_col="employee_id")
    st.session_state["shown_total"] = frame.height


@pytest.fixture()
def served(small_demo_db, tmp_path, monkeypatch):
    path = tmp_path / "perflens.duckdb"
    shutil.copy(small_demo_db, path)  # the download writes the access log
    monkeypatch.setenv("PERFLENS_DB", str(path))
    got: list[dict] = []
    real = st.download_button

    def download_button(label, data, **kw):  # the CSV as a click would fetch it
        got.append({"label": label, "data": data() if callable(data) else data, **kw})
        return real(label, data, **kw)

    monkeypatch.setattr(st, "download_button", download_button)
    return got


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_table_sends_a_page_and_downloads_whole(served, lang):
    at = AppTest.from_function(_table, default_timeout=120)
    at.session_state["lang"] = LANGS[lang]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.dataframe[0].value
    assert len(shown) == tables.PAGE_ROWS
    assert shown["employee_id"].iloc[0] == "E0000000"
    said = [c.value for c in at.caption]
    want = render("common.rows_shown", lang, first=1, last=tables.PAGE_ROWS, total=N)
    assert want in said, said
    # the whole table, every row, in the CSV (headers in the reader's language)
    assert served and served[-1]["label"] == render("common.download_csv", lang)
    csv = served[-1]["data"]
    whole = pl.read_csv(io.BytesIO(csv if isinstance(csv, bytes) else csv.encode()))
    assert whole.height == N
    # the last page: the rest of the rows, and the rows it shows said
    pages = tables.pages(N)
    assert at.number_input[0].label == render("common.table_page", lang, pages=pages)
    at.number_input[0].set_value(pages).run()
    assert not at.exception, [e.value for e in at.exception]
    last = at.dataframe[0].value
    first = (pages - 1) * tables.PAGE_ROWS
    assert len(last) == N - first
    assert last["employee_id"].iloc[0] == f"E{first:07d}"
    want = render("common.rows_shown", lang, first=first + 1, last=N, total=N)
    assert want in [c.value for c in at.caption]


def test_a_short_table_is_whole_without_pages(small_demo_db, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(small_demo_db))

    def short() -> None:
        import polars as pl

        from ui import tables

        tables.show(pl.DataFrame({"employee_id": ["E1", "E2"], "n": [1, 2]}), key="short")

    at = AppTest.from_function(short, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe[0].value) == 2
    assert not at.number_input and not at.caption


def _short() -> None:
    import polars as pl

    from ui import tables

    tables.show(pl.DataFrame({"employee_id": ["E1", "E2"], "cycle_id": ["A", "B"]}), key="short")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_short_table_has_our_csv_with_the_headers_shown(served, lang):
    """Issue 19 item 5: a table without a CSV button of ours offered only the grid's own, which
    writes the frame's column codes (employee_id, cycle_id): Streamlit 1.67 names the CSV's columns
    after the frame, not after column_config's labels. Every table now has ours (the headers
    as shown), and the grid's is hidden on it."""
    from analytics.text.labels import column_label

    at = AppTest.from_function(_short, default_timeout=60)
    at.session_state["lang"] = LANGS[lang]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "short_csv" in [b.key for b in at.get("download_button")]
    assert any(
        "st-key-short" in h.proto.body and tables.GRID_CSV in h.proto.body for h in at.get("html")
    )
    (got,) = served
    data = got["data"]
    csv = pl.read_csv(io.BytesIO(data if isinstance(data, bytes) else data.encode()))
    assert csv.columns[0] == column_label("employee_id", lang) != "employee_id"
    assert column_label("cycle_id", lang) in csv.columns and csv.height == 2
    assert "cycle_id" not in csv.columns


def test_pages_count() -> None:
    assert tables.pages(0) == 1
    assert tables.pages(tables.PAGE_ROWS) == 1
    assert tables.pages(tables.PAGE_ROWS + 1) == 2
    assert tables.pages(N) == N // tables.PAGE_ROWS


def _both_ways() -> None:
    """One frame of every kind of column a page's table holds (null integers, dates, text
    with gaps, lists, booleans, an enum), drawn by ``st.dataframe`` from the Polars frame and
    from :func:`ui.stinternals.grid_table`'s table of it."""
    from datetime import date

    import polars as pl
    import streamlit as st

    from ui import stinternals

    frame = pl.DataFrame(
        {
            "employee_id": ["E1", "E2", None],
            "n": [1, None, 3],
            "effect": [0.5, None, -1.25],
            "day": [date(2025, 1, 2), None, date(2026, 3, 4)],
            "flags": [["halo"], [], None],
            "flagged": [True, False, None],
            "grade": pl.Series(["A", "B", None], dtype=pl.Enum(["A", "B"])),
        }
    )
    for data in (frame, stinternals.grid_table(frame)):
        st.dataframe(data, hide_index=True, column_config={"n": "N"}, placeholder="—")


def test_a_table_is_sent_as_streamlit_sends_its_polars_frame():
    """The grid receives the same element (Arrow bytes, column config) from the table
    :func:`ui.stinternals.grid_table` converts once as from the Polars frame Streamlit
    converted on every run (session 38): the tables of every page are drawn from it."""
    at = AppTest.from_function(_both_ways)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    polars_made, ours = (e.proto for e in at.dataframe)
    assert polars_made.arrow_data.data == ours.arrow_data.data
    polars_made.ClearField("id")
    ours.ClearField("id")
    assert polars_made == ours
