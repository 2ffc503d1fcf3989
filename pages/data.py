"""Data: upload exports, fix each in place (encoding, header row, what each column is, a
dimension's scale) with the scales and warnings shown before the import, import with progress;
import history and the quarantine with reasons, in the reader's language."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.export.report import to_csv
from analytics.ingest.history import worded_imports, worded_quarantine
from analytics.text import render_frame
from ui import cache, tables, uploads
from ui.datafile import file_panel
from ui.firstrun import load_demo
from ui.i18n import get_lang, t
from ui.shell import ensure_entry

ensure_entry()  # a deep link on a fresh server: run through the entry script first

lang = get_lang()
st.title(t("data.title"))

# the files are kept in this session (its own folder): a rerun reads the same bytes again
uploads.take(
    st.file_uploader(
        t("data.upload"),
        type=["csv", "xlsx", "parquet", "tsv", "txt"],
        accept_multiple_files=True,
        key="data_upload",
    )
)
for name, path in uploads.files().items():
    file_panel(name, path, lang)

if st.button(t("data.demo"), key="data_demo"):
    load_demo()
    st.rerun()

version = cache.version()
st.subheader(t("data.history"))
imports = cache.table("imports", version).sort("started_at", descending=True)
if imports.height:
    # a file of several tables may have several shapes: each worded, once
    shapes = pl.col("shape").str.split(",").list.unique(maintain_order=True)
    history = worded_imports(imports.with_columns(shapes), lang).select(
        "file",
        "status",
        "shape",
        "rows_loaded",
        "rows_quarantined",
        "cells_quarantined",
        "rows_replaced",
        "finished_at",
        "message",
    )
    shown = render_frame(history, lang).with_columns(pl.col("shape").list.join(", "))
    st.dataframe(
        shown,  # status and shape worded in the reader's language
        hide_index=True,
        column_config=tables.headers(history.columns, lang),
    )
else:
    st.caption(t("data.none"))

st.subheader(t("data.quarantine"))
quarantine = cache.table("quarantine", version)
if quarantine.height:
    # reasons in the reader's language, with each cell's own scale or first row
    shown = worded_quarantine(quarantine, lang)
    shown = shown.select("file", "row_number", "column", "raw_value", "reason")
    st.dataframe(
        shown.head(5000),
        hide_index=True,
        column_config=tables.headers(shown.columns, lang),
    )
    st.download_button(
        t("data.quarantine_dl"),
        lambda: to_csv(shown, lang),  # headers in the reader's language, raw values neutralised
        file_name="perflens_quarantine.csv",
        mime="text/csv",
        key="data_quarantine_dl",
    )
else:
    st.caption(t("data.none"))
