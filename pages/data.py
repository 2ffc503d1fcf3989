"""Data: choose the dataset to import into (or name a new one), upload exports, fix each in
place (encoding, header row, what each column is, a dimension's scale) with the scales and
warnings shown before the import, import with progress; the shown dataset's import history
and quarantine with reasons, in the reader's language; every dataset with its imports, and
deleting one after a confirmation."""

from __future__ import annotations

import streamlit as st

from analytics.export.report import to_csv
from analytics.ingest.history import worded_quarantine
from ui import audit, cache, datasetpanel, datasets, tables, uploads
from ui.auth import current_viewer
from ui.datafile import FLASH, file_panel, show_said, uploader_words
from ui.firstrun import load_demo
from ui.i18n import get_lang, t
from ui.shell import ensure_entry

ensure_entry()  # a deep link on a fresh server: run through the entry script first
if not current_viewer().may_write:  # imports, deletions and the raw quarantine: HR admin only
    audit.refuse("page", "data", t("auth.admin_only"))
    st.stop()

lang = get_lang()
st.title(t("data.title"))
show_said(st.session_state.pop(FLASH, []))  # an import or deletion that switched the dataset

target = datasetpanel.target_picker(lang)
st.html(uploader_words(lang))  # the uploader's button and limits in the reader's language
# the files are kept in this session (its own folder): a rerun reads the same bytes again
uploads.take(
    st.file_uploader(
        t("data.upload"),
        type=["csv", "xlsx", "xls", "parquet", "tsv", "txt"],
        accept_multiple_files=True,
        key=uploads.uploader_key(),  # a new key after an import: emptied
    )
)
for name, path in uploads.files().items():
    file_panel(name, path, lang, target)

if st.button(t("data.demo"), key="data_demo"):
    load_demo()
    st.rerun()

version = cache.version()
st.caption(t("dataset.current", name=datasets.current().label(lang)))
st.subheader(t("data.history"))
datasetpanel.history(cache.table("imports", version), lang, key="data_history")

st.subheader(t("data.quarantine"))
quarantine = cache.table("quarantine", version)
if quarantine.height:
    # reasons in the reader's language, with each cell's own scale or first row
    shown = worded_quarantine(quarantine, lang)
    shown = shown.select("file", "row_number", "column", "raw_value", "reason")
    shown_head = shown.head(5000)
    # the value beside its row and column: "35" is what the user corrects (rev22)
    first = ("row_number", "column", "raw_value", "reason")
    tables.reasons_table(shown_head, lang, "data_quarantine", first=first)
    tables.own_csv_only("data_quarantine")  # ours below: the grid's wrote the column codes
    quarantine_csv = datasets.export_name("perflens_quarantine.csv")
    st.download_button(
        t("data.quarantine_dl"),
        # headers in the reader's language, raw values neutralised; the access log notes it
        audit.download(lambda: to_csv(shown, lang), quarantine_csv),
        file_name=quarantine_csv,
        mime="text/csv",
        key="data_quarantine_dl",
    )
else:
    st.caption(t("data.none"))

datasetpanel.manage(lang)
audit.section(lang)  # HR administrators only: who did what, when, in which scope
