"""Data: upload exports, preview the detected shape and mapping, correct it, import with
progress; import history and the quarantine with reasons."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from analytics import text
from analytics.export.report import to_csv
from analytics.findings.materialise import refresh
from analytics.ingest.headers import SYNONYMS
from analytics.ingest.pipeline import (
    Mapping,
    detect_file,
    import_file,
    preview_scales,
    scale_lines,
)
from analytics.store.access import DatabaseProblem
from analytics.text import render_frame
from analytics.text.messages import ImportRejected, render
from ui import cache, tables
from ui.firstrun import load_demo
from ui.i18n import get_lang, t
from ui.shell import ensure_entry

ensure_entry()  # a deep link on a fresh server: run through the entry script first

lang = get_lang()
st.title(t("data.title"))
FIELDS = ["", "__dimension__", *sorted(SYNONYMS)]


def field_label(f: str) -> str:
    return t("data.ignore") if f == "" else t("data.dimension") if f == "__dimension__" else f


uploads = st.file_uploader(
    t("data.upload"),
    type=["csv", "xlsx", "parquet", "tsv", "txt"],
    accept_multiple_files=True,
    key="data_upload",
)
for up in uploads or []:
    folder = Path(tempfile.gettempdir()) / "perflens_uploads"
    folder.mkdir(exist_ok=True)
    path = folder / up.name
    path.write_bytes(up.getvalue())
    try:
        detections = detect_file(path)
    except ImportRejected as exc:
        st.error(t("data.rejected") + exc.message(lang))
        continue
    overrides: dict[str, str] = {}
    dims: list[str] = []
    exclude: list[str] = []
    for i, (det, preview) in enumerate(detections):
        sheet = f" [{det.sheet}]" if det.sheet else ""
        st.markdown(
            "**"
            + t(
                "data.detected",
                file=det.file,
                sheet=sheet,
                shape=text.render(f"shape.{det.shape}", lang),
                tables=", ".join(text.render(f"table.{name}", lang) for name in det.tables),
                rows=det.n_rows,
                encoding=det.encoding or "-",
            )
            + "**"
        )
        for code, params in det.notes:  # header row used, sheets skipped, encoding guessed
            st.caption(render(code, lang, **params))
        rows = (
            [(c, f) for c, f in det.mapping.items()]
            + [(c, "__dimension__") for c in det.dimension_columns]
            + [(c, "") for c in det.not_dimensions]
            + [(c, "") for c in det.unmapped]
        )
        frame = pl.DataFrame(rows, schema=["source", "field"], orient="row")
        edited = st.data_editor(
            frame,
            hide_index=True,
            key=f"data_map_{up.name}_{i}",
            disabled=["source"],
            column_config={
                "source": t("data.source_col"),
                "field": st.column_config.SelectboxColumn(
                    t("data.field"), options=FIELDS, format_func=field_label
                ),
            },
        )
        if st.toggle(t("data.preview"), key=f"data_prev_{up.name}_{i}"):
            st.dataframe(preview, hide_index=True)
        for src, fld in pl.DataFrame(edited).iter_rows():
            if fld == "__dimension__":
                dims.append(src)
                overrides[src] = ""
            elif not fld and src in det.dimension_columns + det.not_dimensions:
                exclude.append(src)  # a numeric column set to "ignore": never a dimension
            elif fld != det.mapping.get(src):
                overrides[src] = fld or ""
    mapping = Mapping(
        columns={k: v for k, v in overrides.items() if k not in dims and k not in exclude},
        dimensions=dims,
        exclude=exclude,
    )
    # the scales (and warnings) this import would use, before it runs
    try:
        choices, warnings = preview_scales(cache.connection(), path, mapping, lang=lang)
    except ImportRejected as exc:
        st.error(exc.message(lang))
    else:
        for line in scale_lines(choices, lang):
            st.caption(line)
        for code, params in warnings:
            st.warning(render(code, lang, **params))
    if st.button(t("data.import") + f" {up.name}", key=f"data_import_{up.name}", type="primary"):
        bar = st.progress(0.0, text=t("data.importing", file=up.name))
        try:
            waiting = st.empty()
            with cache.writing(
                on_wait=lambda w=waiting: w.info(t("db.waiting", file=cache.db_path()))
            ) as con:
                waiting.empty()
                res = import_file(
                    con,
                    path,
                    mapping=mapping,
                    lang=lang,
                    progress=lambda f, s, bar=bar: bar.progress(min(f * 0.7, 1.0), text=s),
                )
                if res.status == "loaded":
                    bar.progress(0.8, text=t("data.materialising"))
                    refresh(con, until_ready=True)  # the all-cycles models: in the background
                bar.progress(1.0)
        except ImportRejected as exc:
            st.error(t("data.rejected") + exc.message(lang))
        except DatabaseProblem as exc:
            st.error(exc.message(lang))
        else:
            cache.clear()
            (st.info if res.status == "duplicate" else st.success)(res.message(lang))
            for code, params in res.notes:  # ids mapped, sheets, a restore, totals rows
                st.info(render(code, lang, **params))
            for code, params in res.warnings:  # guesses the user did not make
                st.warning(render(code, lang, **params))
            if res.quarantined:
                st.warning(t("data.see_quarantine"))  # the table below, not a CLI command

if st.button(t("data.demo"), key="data_demo"):
    load_demo()
    st.rerun()

version = cache.version()
st.subheader(t("data.history"))
imports = cache.table("imports", version).sort("started_at", descending=True)
if imports.height:
    history = imports.select(
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
    st.dataframe(
        render_frame(history, lang),  # status and shape worded in the reader's language
        hide_index=True,
        column_config=tables.headers(history.columns, lang),
    )
else:
    st.caption(t("data.none"))

st.subheader(t("data.quarantine"))
quarantine = cache.table("quarantine", version)
if quarantine.height:
    # reasons in the reader's language, from the stored code
    reasons = {
        c: render(c, lang, scale="(1-5 / 1-10 / 0-100)", first="?")
        for c in quarantine["reason_code"].unique().to_list()
    }
    shown = quarantine.with_columns(
        pl.when(pl.col("reason_code") == "duplicate_rating")
        .then(pl.col("reason"))
        .otherwise(pl.col("reason_code").replace_strict(reasons, default=None))
        .alias("reason")
    )
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
