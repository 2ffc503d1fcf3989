"""The Data page's datasets: where an upload is imported (a dataset, or a new one named by
the user), each dataset with its imports, deleting one import or a whole dataset after a
confirmation, renaming a dataset (its key, and so its links, stay), and the deleted datasets
with the import log and quarantine kept when they were deleted."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.calibration.sessions import built_on_import
from analytics.findings.writes import delete_import
from analytics.ingest.history import worded_imports, worded_quarantine
from analytics.store import access
from analytics.store import datasets as store_datasets
from analytics.store.datasets import Dataset
from analytics.store.removal import DELETED, ImportMissing
from analytics.text import render_frame
from analytics.text.render import render
from ui import audit, cache, datasets, tables
from ui.datafile import FLASH, TARGET_KEYS, Target
from ui.i18n import choose, t

__all__ = ["NEW", "history", "manage", "target_picker"]

#: the target selectbox's option for a new dataset (never shown: worded by format_func)
NEW = "\x00new"
_CONFIRM = "_dataset_confirm"
_CONFIRM_IMPORT = "_import_confirm"


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
    choice = st.selectbox(
        t("dataset.target"),
        options,
        key=target,
        format_func=lambda k: labels[k],
        placeholder=choose(),
    )
    if choice == NEW:
        name = st.text_input(t("dataset.new_name"), key=new_name)
        # help in the catalogue's words: Streamlit's tooltip button reads "Help for …"
        st.caption(t("dataset.new_name_help"))
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
    config, hidden = tables.fit(shown, tables.headers(log, lang))
    tables.plain(shown, key, config)  # status and shape worded; our CSV, headers as shown
    tables.more_columns(hidden)


def _delete(ds: Dataset, lang: str) -> None:
    shown = datasets.current()
    store_datasets.delete(ds.key, datasets.default_db())
    audit.log("delete_dataset", dataset=ds.key, detail=ds.label(lang))
    cache.clear()
    st.session_state.pop(_CONFIRM, None)
    said = [("success", t("dataset.deleted_page", name=ds.label(lang)))]
    if ds.key == shown.key:  # the dataset shown is gone: show another
        other = datasets.listing()[0]
        datasets.switch(other.key)
        said.append(("info", t("dataset.switched", name=other.label(lang))))
    st.session_state[FLASH] = said
    st.rerun()


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _delete_import(ds: Dataset, row: dict) -> None:
    """Remove the import's data and refresh the findings, in one write; said after the rerun."""
    st.session_state.pop(_CONFIRM_IMPORT, None)
    try:
        with st.spinner(t("db.refreshing")):
            removed = delete_import(ds.file, row["import_id"])
    except ImportMissing:  # deleted meanwhile (another tab, the command line)
        removed = None
    except Exception as exc:  # noqa: BLE001 - the write was thrown away: said, no traceback
        detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        said = [("error", t("imports.failed", file=row["file"], detail=detail[:200]))]
        st.session_state[FLASH] = said
        st.rerun()
    cache.clear()
    if removed is not None:
        audit.log("delete_import", file=row["file"], detail=row["import_id"], dataset=ds.key)
        st.session_state[FLASH] = [
            (
                "success",
                t(
                    "imports.deleted_page",
                    file=row["file"],
                    ratings=removed.ratings,
                    other=removed.other_rows,
                ),
            )
        ]
    st.rerun()


def _imports_panel(ds: Dataset, log: pl.DataFrame, lang: str) -> None:
    """Delete one of the dataset's imports (those still holding data), after a confirmation."""
    loaded = log.filter(pl.col("status") == "loaded").sort("started_at", descending=True)
    if not loaded.height:
        return
    rows = {r["import_id"]: r for r in loaded.iter_rows(named=True)}

    def label(import_id: str) -> str:  # worded in ``lang`` (also called outside the run)
        r = rows[import_id]
        rows_loaded = r["rows_loaded"] or 0
        # a roster: the people it updated, not "0 rows" (rev22)
        key = (
            "imports.option_roster" if r.get("message_code") == "roster_done" else "imports.option"
        )
        return render(key, lang, file=r["file"], time=_when(r["started_at"]), rows=rows_loaded)

    st.markdown(f"**{t('imports.section')}**")
    confirm = st.session_state.get(_CONFIRM_IMPORT)
    if confirm is not None and confirm[0] == ds.key and confirm[1] in rows:
        row = rows[confirm[1]]
        st.warning(
            t(
                "imports.confirm",
                name=ds.label(lang),
                file=row["file"],
                time=_when(row["started_at"]),
                rows=row["rows_loaded"] or 0,
            )
        )
        if row["rows_replaced"]:
            st.caption(t("imports.replaced_note", replaced=row["rows_replaced"]))
        built = built_on_import(ds.file, row["import_id"])  # sessions on these grades (rev22)
        if built.height:
            shown = [f"#{s} {c}" for s, c in built.select("session_id", "cycle_id").iter_rows()]
            st.warning(t("imports.confirm_sessions", n=built.height, sessions=shown))
        buttons = st.container(horizontal=True)
        if buttons.button(t("imports.confirm_yes"), key=f"imports_yes_{ds.key}", type="primary"):
            _delete_import(ds, row)
        if buttons.button(t("dataset.confirm_no"), key=f"imports_no_{ds.key}"):
            st.session_state.pop(_CONFIRM_IMPORT, None)
            st.rerun()
        return
    line = st.container(horizontal=True, vertical_alignment="bottom")
    chosen = line.selectbox(
        t("imports.pick"),
        list(rows),
        key=f"imports_pick_{ds.key}",
        format_func=label,
        placeholder=choose(rows),
    )
    if line.button(t("imports.delete"), key=f"imports_del_{ds.key}"):
        st.session_state[_CONFIRM_IMPORT] = (ds.key, chosen)
        st.rerun()


def _rename_panel(ds: Dataset, lang: str) -> None:
    """A new name for the dataset; its key (``?dataset=``) stays."""
    line = st.container(horizontal=True, vertical_alignment="bottom")
    name = line.text_input(
        t("dataset.rename_name"),
        key=f"dataset_rename_name_{ds.key}",
    )
    clicked = line.button(t("dataset.rename"), key=f"dataset_rename_{ds.key}")
    st.caption(t("dataset.rename_help", dataset_key=ds.key))  # not a tooltip ("Help for …")
    if clicked:
        old = ds.label(lang)
        try:
            new = store_datasets.rename(ds.key, name or "", datasets.default_db())
        except store_datasets.DatasetProblem as exc:
            st.error(exc.message(lang))
            return
        st.session_state[FLASH] = [
            ("success", t("dataset.renamed", old=old, name=new.label(lang), dataset_key=new.key))
        ]
        st.session_state.pop(f"dataset_rename_name_{ds.key}", None)
        st.rerun()


def manage(lang: str) -> None:
    """Every dataset with its imports and a delete button (confirmed), then the deleted."""
    st.subheader(t("dataset.section"))
    st.caption(t("dataset.caption"))
    shown = datasets.current()
    confirm = st.session_state.get(_CONFIRM)
    for ds in datasets.listing():
        log, ratings, results = cache.dataset_log(str(ds.file), access.identity(ds.file))
        title = t(  # results only: its results counted, not "0 ratings" (session 45 G item 5)
            "dataset.imports_title" if ratings or not results else "dataset.imports_title_results",
            name=ds.label(lang),
            imports=log.filter(pl.col("status") != DELETED).height,
            ratings=ratings,
            results=results,
        )
        picked = st.session_state.get(_CONFIRM_IMPORT)
        opened = ds.key in (shown.key, confirm) or (picked is not None and picked[0] == ds.key)
        with st.expander(title, expanded=opened, key=f"dataset_box_{ds.key}_{opened}"):
            history(log, lang, key=f"dataset_log_{ds.key}")
            _imports_panel(ds, log, lang)
            _rename_panel(ds, lang)
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
        with st.expander(title, key=f"dataset_gone_{rec.archive.name}"):
            history(store_datasets.kept_imports(rec), lang, key=f"dataset_kept_{rec.archive.name}")
            kept = store_datasets.kept_quarantine(rec)
            if kept.height:
                shown_q = worded_quarantine(kept, lang).select(
                    "file", "row_number", "column", "raw_value", "reason"
                )
                shown_q = shown_q.head(5000)
                key = f"dataset_kept_q_{rec.archive.name}"
                tables.reasons_table(shown_q, lang, key, first=("reason",))
