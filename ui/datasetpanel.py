"""The Data page's datasets: where an upload is imported (a dataset, or a new one named by
the user), each dataset with its imports, deleting one after a confirmation, and the deleted
ones with the import log and quarantine kept when they were deleted."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.ingest.history import worded_imports, worded_quarantine
from analytics.store import access
from analytics.store import datasets as store_datasets
from analytics.store.datasets import Dataset
from analytics.text import render_frame
from ui import cache, datasets, tables
from ui.datafile import FLASH, TARGET_KEYS, Target
from ui.i18n import t

__all__ = ["NEW", "history", "manage", "target_picker"]

#: the target selectbox's option for a new dataset (never shown: worded by format_func)
NEW = "\x00new"
_CONFIRM = "_dataset_confirm"


def target_picker(lang: str) -> Target:
    """Import into: an existing dataset (the one shown first) or a new one; returns it, or
    the name typed for a new one ("" while none)."""
    live = datasets.listing()
    shown = datasets.current()
    options = [d.key for d in live] + [NEW]
    labels = {d.key: d.label(lang) for d in live} | {NEW: t("dataset.target_new")}
    target, new_name = TARGET_KEYS
    if st.session_state.get(target) not in options:
        st.session_state[target] = shown.key
    choice = st.selectbox(t("dataset.target"), options, key=target, format_func=lambda k: labels[k])
    if choice == NEW:
        name = st.text_input(t("dataset.new_name"), key=new_name, help=t("dataset.new_name_help"))
        return " ".join((name or "").split())
    return next(d for d in live if d.key == choice)


def history(imports: pl.DataFrame, lang: str, key: str) -> None:
    """An import log, latest first, worded in the reader's language."""
    if not imports.height:
        st.caption(t("data.none"))
        return
    imports = imports.sort("started_at", descending=True)
    # a file of several tables may have several shapes: each worded, once
    shapes = pl.col("shape").str.split(",").list.unique(maintain_order=True)
    log = worded_imports(imports.with_columns(shapes), lang).select(
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
    shown = render_frame(log, lang).with_columns(pl.col("shape").list.join(", "))
    st.dataframe(
        shown,  # status and shape worded in the reader's language
        hide_index=True,
        column_config=tables.headers(log.columns, lang),
        placeholder=tables.EMPTY,
        key=key,
    )


def _delete(ds: Dataset, lang: str) -> None:
    shown = datasets.current()
    store_datasets.delete(ds.key, datasets.default_db())
    cache.clear()
    st.session_state.pop(_CONFIRM, None)
    said = [("success", t("dataset.deleted_page", name=ds.label(lang)))]
    if ds.key == shown.key:  # the dataset shown is gone: show another
        other = datasets.listing()[0]
        datasets.switch(other.key)
        said.append(("info", t("dataset.switched", name=other.label(lang))))
    st.session_state[FLASH] = said
    st.rerun()


def manage(lang: str) -> None:
    """Every dataset with its imports and a delete button (confirmed), then the deleted."""
    st.subheader(t("dataset.section"))
    st.caption(t("dataset.caption"))
    shown = datasets.current()
    confirm = st.session_state.get(_CONFIRM)
    for ds in datasets.listing():
        log, ratings = cache.dataset_log(str(ds.file), access.identity(ds.file))
        title = t("dataset.imports_title", name=ds.label(lang), imports=log.height, ratings=ratings)
        with st.expander(title, expanded=ds.key == shown.key or ds.key == confirm):
            history(log, lang, key=f"dataset_log_{ds.key}")
            if confirm == ds.key:
                st.warning(t("dataset.confirm", name=ds.label(lang)))
                row = st.container(horizontal=True)
                if row.button(
                    t("dataset.confirm_yes"), key=f"dataset_yes_{ds.key}", type="primary"
                ):
                    _delete(ds, lang)
                if row.button(t("dataset.confirm_no"), key=f"dataset_no_{ds.key}"):
                    st.session_state.pop(_CONFIRM, None)
                    st.rerun()
            elif st.button(t("dataset.delete"), key=f"dataset_del_{ds.key}"):
                st.session_state[_CONFIRM] = ds.key
                st.rerun()
    gone = store_datasets.deleted(datasets.default_db())
    if not gone:
        return
    st.subheader(t("dataset.deleted_section"))
    for rec in gone:
        title = t("dataset.deleted_title", name=rec.label(lang), deleted_at=rec.deleted_at)
        with st.expander(title):
            history(store_datasets.kept_imports(rec), lang, key=f"dataset_kept_{rec.archive.name}")
            kept = store_datasets.kept_quarantine(rec)
            if kept.height:
                shown_q = worded_quarantine(kept, lang).select(
                    "file", "row_number", "column", "raw_value", "reason"
                )
                shown_q = shown_q.head(5000)
                reason_cfg, row_height = tables.long_text(shown_q, "reason", lang)
                st.dataframe(
                    shown_q,
                    hide_index=True,
                    column_config=tables.headers(shown_q.columns, lang) | reason_cfg,
                    row_height=row_height,
                    placeholder=tables.EMPTY,
                    key=f"dataset_kept_q_{rec.archive.name}",
                )
