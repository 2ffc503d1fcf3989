"""One uploaded file on the Data page: read it as the user says (encoding, header row), show
what each column is read as and let the user change it, show the scales and warnings before
the import, then import with exactly that mapping. The decisions are the ingest layer's
(:mod:`analytics.ingest.preview`); this module only wires widgets to them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from analytics import schema as S
from analytics import text
from analytics.findings.materialise import refresh
from analytics.ingest.mapping import Mapping
from analytics.ingest.pipeline import import_file
from analytics.ingest.preview import (
    DIMENSION,
    ENCODINGS,
    FIELDS,
    GROUP_COLUMN,
    KPI_COLUMN,
    MUST_CONFIRM,
    SCALES,
    FileView,
    TableView,
    scale_table,
    view_file,
)
from analytics.ingest.readers import FORMATS
from analytics.ingest.scalebook import scale_lines, scale_word
from analytics.store import access, db
from analytics.store import datasets as store_datasets
from analytics.store.access import DatabaseProblem
from analytics.store.datasets import Dataset, DatasetProblem
from analytics.text.messages import ImportRejected, distinct, render_page
from ui import audit, cache, datasets, tables, uploads
from ui.i18n import choose, t

__all__ = ["FLASH", "TARGET_KEYS", "Target", "file_panel", "show_said"]

#: an existing dataset, or the name typed for a new one ("" while none is typed)
Target = Dataset | str
#: session-state key: messages of an import that switched the dataset, shown after the rerun
FLASH = "data_said"
#: the Data page's target widgets (:mod:`ui.datasetpanel`): set anew after a switch
TARGET_KEYS = ("data_target", "data_new_name")


def _field_label(f: str, lang: str) -> str:
    if f == "":
        return t("data.ignore", lang)
    if f in (KPI_COLUMN, GROUP_COLUMN):
        return t("data.kpi_column" if f == KPI_COLUMN else "data.group_column", lang)
    return t("data.dimension", lang) if f == DIMENSION else t(f"field.{f}", lang)


def _scale_label(s: str, lang: str) -> str:
    """A scale choice as the user reads it: grade scales by their grades (等级 S/A/B/C/D)."""
    return t("data.scale_auto", lang) if s == "" else scale_word(s, lang)


def _dim_label(dim: str, lang: str) -> str:
    """A dimension as the user calls it: a file's single overall score is worded."""
    return text.render(f"dim.{dim}", lang) if dim == S.OVERALL else dim


def _remember(store: dict, item: str, key: str) -> None:
    """A widget's on_change: keep what the user chose (the widget's state may be dropped in a
    run that does not draw it; the choice is not)."""
    store[item] = st.session_state[key]


def _controls(name: str, path: Path, lang: str) -> Mapping:
    """Encoding (text files) and header row: how the file is read."""
    left, mid, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    encoding = ""
    if FORMATS.get(path.suffix.lower()) == "csv":
        encoding = left.selectbox(
            t("data.encoding"),
            ["", *ENCODINGS],
            key=f"data_enc_{name}",
            format_func=lambda e: t("data.encoding_auto", lang) if e == "" else e,
            placeholder=choose(),
        )
    header = mid.number_input(
        t("data.header_row"),
        min_value=1,
        max_value=30,
        value=None,
        step=1,
        key=f"data_hdr_{name}",
        placeholder=t("data.header_row_auto"),
    )
    # help as a line of the catalogue, not Streamlit's tooltip (its button is labelled "Help
    # for …" in English whatever the language: rev30a item 11)
    mid.caption(t("data.header_row_help"))
    if right.button(t("data.remove"), key=f"data_rm_{name}"):
        uploads.remove(name)
        st.rerun()
    return Mapping(
        scales=uploads.choices(name).declared(),
        roles=uploads.choices(name).declared_roles(),
        header_row=int(header) if header else None,
        encoding=encoding or None,
        mode="add" if st.session_state.get(_add_key(name)) else "replace",
        sheet_cycles=dict(st.session_state.get(_sheet_cycles_key(name), {})),
    )


def _sheet_cycles_key(name: str) -> str:
    return f"data_sheet_cycles_{name}"


def _sheet_cycle_input(name: str, i: int, sheet: str) -> None:
    """A sheet without a cycle column whose name gives none: the user types its cycle (kept
    per file and sheet, read by :func:`_controls` into the mapping's ``sheet_cycles``)."""
    store = st.session_state.setdefault(_sheet_cycles_key(name), {})
    key = f"data_sheet_cycle_{name}_{i}"
    st.session_state.setdefault(key, store.get(sheet, ""))
    st.text_input(
        t("data.sheet_cycle"),
        key=key,
        on_change=_remember,
        args=(store, sheet, key),
    )
    st.caption(t("data.sheet_cycle_help"))


def _add_key(name: str) -> str:
    return f"data_add_{name}"


def _column_grid(name: str, i: int, tv: TableView, lang: str) -> None:
    """One selectbox per source column: what it is read as, with every choice applied (the
    import reads it so). A rating dimension is offered only where the import can read the
    column as one."""
    chosen = uploads.choices(name).columns
    st.markdown("**" + t("data.mapping", lang) + "**")
    st.caption(t("data.columns_caption", lang))
    cells = st.columns(3)
    for j, col in enumerate(tv.columns):
        key = f"data_col_{name}_{i}_{col}"
        st.session_state[key] = tv.roles.get(col, "")
        cells[j % 3].selectbox(
            col,
            tv.options.get(col, FIELDS),
            key=key,
            format_func=lambda f: _field_label(f, lang),
            placeholder=choose(),
            on_change=_remember,
            args=(chosen, col, key),
        )


def _pick_scale(choices: uploads.Choices, dim: str, cycle: str | None, key: str) -> None:
    """A scale selectbox's on_change: keep the choice (see ``_remember``)."""
    choices.choose_scale(dim, st.session_state[key], cycle)


def _scale_controls(name: str, view: FileView, lang: str) -> None:
    """A scale per dimension; per cycle for a dimension the file holds several cycles of."""
    choices = uploads.choices(name)
    if not view.dimensions:
        return
    st.caption(t("data.scale_override"))
    boxes: list[tuple[str, str | None]] = []
    for dim in view.dimensions:
        cycles = view.cycles.get(dim, [])
        boxes.extend([(dim, c) for c in cycles] if len(cycles) > 1 else [(dim, None)])
    if any(c is not None for _, c in boxes):
        st.caption(t("data.scale_per_cycle"))
    cells = st.columns(4)
    for j, (dim, cycle) in enumerate(boxes):
        if j and not j % 4:  # a row of four at a time: read across, not down (rev30a item 11)
            cells = st.columns(4)
        if cycle is None:
            key, label = f"data_scale_{name}_{dim}", _dim_label(dim, lang)
            st.session_state[key] = choices.scales.get(dim, "")
        else:
            key = f"data_scale_{name}_{dim}_{cycle}"
            label = t("data.scale_cycle", lang, dimension=dim, cycle=cycle)
            st.session_state[key] = choices.cycle_scales.get((dim, cycle), "")
        cells[j % 4].selectbox(
            label,
            ["", *SCALES],
            key=key,
            format_func=lambda v: _scale_label(v, lang),
            placeholder=choose(),
            on_change=_pick_scale,
            args=(choices, dim, cycle, key),
        )


#: what a rater-role value can be read as on the page: a role, or "" (not loaded)
ROLE_CHOICES = ("", *S.RATER_ROLES)


def _role_controls(name: str, view: FileView, lang: str) -> None:
    """A role per rater-role value the file writes that no known word names (上级领导, 项目同事):
    the mapping's ``roles`` in place, as a column is mapped in the grid. A value once chosen
    stays offered (it is no longer unknown, the choice can still change)."""
    choices = uploads.choices(name)
    values = list(dict.fromkeys([*view.unknown_roles, *choices.roles]))
    if not values:
        return
    st.markdown("**" + t("data.role_values", lang) + "**")
    st.caption(t("data.role_values_caption", lang))
    cells = st.columns(4)
    for j, value in enumerate(values):
        if j and not j % 4:
            cells = st.columns(4)
        key = f"data_role_{name}_{value}"
        st.session_state[key] = choices.roles.get(value, "")
        cells[j % 4].selectbox(
            value,
            ROLE_CHOICES,
            key=key,
            format_func=lambda r: t("data.ignore", lang) if r == "" else t(f"role.{r}", lang),
            placeholder=choose(),
            on_change=_remember,
            args=(choices.roles, value, key),
        )


def _import(name: str, path: Path, mapping: Mapping, lang: str, target: Target) -> None:
    """Import into ``target`` (a dataset, or the name of a new one, created here and not kept
    when the file is refused). Importing into another dataset than the one shown switches to
    it: its messages are shown after the rerun that draws the sidebar with it."""
    shown = datasets.current()
    created = None
    try:
        if isinstance(target, Dataset):
            ds = target
        else:
            ds = created = store_datasets.create(target, datasets.default_db())
    except DatasetProblem as exc:
        st.error(exc.message(lang))
        return
    bar = st.progress(0.0, text=t("data.importing", file=name))
    said: list[tuple[str, str]] = []
    try:
        waiting = st.empty()
        with cache.writing(
            on_wait=lambda w=waiting: w.info(t("db.waiting", file=str(ds.file))), path=ds.file
        ) as con:
            waiting.empty()
            res = import_file(
                con,
                path,
                mapping=mapping,
                lang=lang,
                display_name=name,
                progress=lambda f, _s: bar.progress(min(f * 0.7, 1.0)),
            )
            if res.status == "loaded":
                bar.progress(0.8, text=t("data.materialising"))
                refresh(con, until_ready=True)  # the all-cycles models: in the background
            bar.progress(1.0)
    except ImportRejected as exc:
        if created is not None:
            store_datasets.discard(created.key, datasets.default_db())
        audit.log("import", file=name, detail="rejected", dataset=ds.key)
        st.error(t("data.rejected") + exc.message(lang, page=True))
        return
    except DatabaseProblem as exc:
        if created is not None:
            store_datasets.discard(created.key, datasets.default_db())
        st.error(exc.message(lang))
        return
    if ds.is_default:
        store_datasets.revive_default(datasets.default_db())
    audit.log("import", file=name, detail=res.status, dataset=ds.key)
    uploads.remove(name)  # imported: the server keeps no copy of the upload (docs/security.md)
    cache.clear()
    if created is not None:
        said.append(
            # by its name: the key is for links and the command line (rev19d)
            ("success", text.render("dataset.created_named", lang, name=ds.label(lang)))
        )
    said.append(("info" if res.status == "duplicate" else "success", res.message(lang)))
    if lines := scale_lines(res.scales, lang, page=True):  # the scales it was read on (rev19d)
        said.append(("info", "\n".join([t("data.imported_scales"), *(f"- {x}" for x in lines)])))
    for code, params in res.notes:  # ids mapped, sheets, a restore, totals rows
        said.append(("info", render_page(code, lang, **params)))
    for code, params in distinct(res.warnings):  # guesses the user did not make
        said.append(("warning", render_page(code, lang, **params)))
    if res.quarantined:
        said.append(("warning", t("data.see_quarantine")))  # the table below
    if ds.key != shown.key:
        said.append(("info", t("dataset.switched", name=ds.label(lang))))
        for key in TARGET_KEYS:  # the dataset imported into is the one shown from now on
            st.session_state.pop(key, None)
        datasets.switch(ds.key)
    # said at the top after the rerun that draws the sidebar with the dataset and empties the
    # uploader (the file is imported: its panel is gone, rev19d)
    st.session_state[FLASH] = said
    uploads.clear_uploader()
    st.rerun()


def show_said(said: list[tuple[str, str]]) -> None:
    """Messages of the import or deletion just done (kept across the rerun that switched)."""
    for kind, words in said:
        getattr(st, kind)(words)


def _target_connection(target: Target, stored: tuple | None) -> duckdb.DuckDBPyConnection:
    """What the file is previewed against: the target dataset's stored cycles, scales and ids
    (``stored``: its file's identity, None when there is no file); an empty database for a
    new dataset (a cursor of the process's one: the preview only reads,
    :func:`~analytics.ingest.preview.view_file`)."""
    if isinstance(target, Dataset) and stored is not None:
        return cache.reader(target.file)
    return _empty_database().cursor()


#: session-state key: upload name -> (what its preview was made of, the preview, its mapping)
_PREVIEWS = "data_previews"


def _preview(
    name: str, path: Path, mapping: Mapping, lang: str, target: Target
) -> tuple[FileView, Mapping]:
    """The upload's preview (:func:`~analytics.ingest.preview.view_file`), made once per (the
    target's stored data, the upload, the mapping, the column choices, the language) and
    reused by the runs that change none of these. Why: every click on the page is a run, and
    each read, detected and prepared the whole file again (0.65 CPU s for the small demo's
    three exports, 300 people; more for a real one). What the preview reads of the target
    changes only by a write, and a write replaces the file (a new
    :func:`~analytics.store.access.identity`); an upload replaced under the same name has a
    new uploader id and file identity; the mapping holds the header row, encoding, scales,
    sheet cycles and mode."""
    choices = dict(uploads.choices(name).columns)
    stored = access.identity(target.file) if isinstance(target, Dataset) else None
    key = (
        str(target.file) if isinstance(target, Dataset) and stored is not None else None,
        stored,
        str(path),
        access.identity(path),
        uploads.upload_id(name),
        repr(mapping),
        repr(choices),
        lang,
    )
    kept: dict[str, tuple] = st.session_state.setdefault(_PREVIEWS, {})
    for gone in kept.keys() - uploads.files().keys():  # imported or removed
        del kept[gone]
    if name in kept and kept[name][0] == key:
        return kept[name][1], kept[name][2]
    con = _target_connection(target, stored)
    view, final = view_file(con, path, mapping, choices, name, lang)
    kept[name] = (key, view, final)
    return view, final


@st.cache_resource(show_spinner=False)
def _empty_database() -> duckdb.DuckDBPyConnection:
    """An in-memory database with every canonical table and no row, made once per process.
    Why: each run of the Data page with a file for a new dataset made one (a DuckDB instance
    and its tables: about 55 ms CPU a run, and every choice on the page is a run)."""
    con = duckdb.connect(":memory:")
    db.ensure_schema(con)
    return con


def _confirmed(name: str, view: FileView) -> bool:
    """A file that would delete stored data (a partial correction drops the ratings it does
    not hold) is imported only once the user ticks that they understand; else True."""
    drops = view.importable and any(code in MUST_CONFIRM for code, _ in view.warnings)
    if drops or st.session_state.get(_add_key(name)):
        # the way out: keep them, the file then replaces only the very same ratings
        st.checkbox(t("data.keep_add"), key=_add_key(name))
        st.caption(t("data.keep_add_help"))
    if not drops:
        return True
    return st.checkbox(t("data.confirm_drop"), key=f"data_confirm_{name}")


def file_panel(name: str, path: Path, lang: str, target: Target) -> None:
    """The whole panel of one uploaded file, imported into ``target``."""
    st.subheader(t("data.file_heading", file=name))
    mapping = _controls(name, path, lang)
    view, final = _preview(name, path, mapping, lang, target)
    for i, tv in enumerate(view.tables):
        if tv.detection is not None:
            det = tv.detection
            st.markdown(
                "**"
                + t(
                    # a workbook has no text encoding: no "编码 -" (rev23a item 18)
                    "data.detected" if det.encoding else "data.detected_workbook",
                    file=name,
                    sheet=f" [{det.sheet}]" if det.sheet else "",
                    shape=text.render(f"shape.{det.shape}", lang),
                    tables=[text.render(f"table.{n}", lang) for n in det.tables],
                    rows=det.n_rows if tv.data_rows is None else tv.data_rows,
                    encoding=det.encoding,
                )
                + "**"
            )
        elif tv.sheet:
            st.markdown("**" + t("data.sheet_heading", sheet=tv.sheet) + "**")
        for code, params in tv.notes:  # header row, sheets, encoding, totals rows skipped
            st.caption(render_page(code, lang, **params))
        if tv.roster is not None:  # a roster: the people it updates, not "0 rows" (rev22)
            st.caption(t("data.will_update_roster", **tv.roster))
        elif tv.rows_joined:  # a 潜力 sheet: its few new rows and the records it completes
            st.caption(t("data.will_load_joined", rows=tv.rows_to_load, joined=tv.rows_joined))
        elif tv.rows_to_load is not None:  # the number the import will report
            st.caption(t("data.will_load", rows=tv.rows_to_load))
        _held_back(tv.held_back, lang, f"data_held_{name}_{i}")
        if tv.problem is not None and len(view.tables) > 1 and view.importable:
            st.warning(t("data.sheet_left_out") + tv.problem.message(lang, page=True))
        elif tv.problem is not None:
            st.error(t("data.rejected") + tv.problem.message(lang, page=True))
        if tv.problem is not None and tv.problem.code == "no_cycle_column" and tv.sheet:
            _sheet_cycle_input(name, i, tv.sheet)
        _column_grid(name, i, tv, lang)
        if tv.attributes:
            st.caption(t("data.attributes", columns=list(tv.attributes)))
        if st.toggle(t("data.preview"), key=f"data_prev_{name}_{i}"):
            # an empty cell of the file stays empty; our CSV, the file's own headers
            tables.plain(tv.preview, f"data_preview_{name}_{i}", {}, placeholder="")
    _role_controls(name, view, lang)
    if view.tables:
        st.markdown("**" + t("data.scales") + "**")
        shown = scale_table(view.scales, lang)
        if shown.height:
            st.caption(t("data.scales_caption"))
            config, hidden = tables.fit(shown, tables.headers(shown, lang))
            tables.plain(shown, f"data_scales_{name}", config)
            tables.more_columns(hidden)
        _scale_controls(name, view, lang)
    if view.problem is not None:
        st.error(t("data.rejected") + view.problem.message(lang, page=True))
    if view.notes:  # ids the import will spell as the stored ones (said as done: "before")
        st.caption(t("data.ids_preview"))
    for code, params in view.notes:
        st.info(render_page(code, lang, **params))
    for code, params in distinct(view.warnings):
        st.warning(render_page(code, lang, **params))
    if not view.importable:
        st.caption(t("data.not_ready"))
    if target == "":  # the button waits for the new dataset's name: said (rev21 item 10)
        st.warning(t("dataset.name_needed"), icon=":material/edit:")
    confirmed = _confirmed(name, view)
    if st.button(
        t("data.import") + f" {name}",
        key=f"data_import_{name}",
        type="primary",
        disabled=not (view.importable and confirmed) or target == "",
    ):
        _import(name, path, final, lang, target)


#: the cells the preview names one by one before the import (the rest: in the quarantine after)
HELD_BACK_SHOWN = 5


def _held_back(held: pl.DataFrame | None, lang: str, key: str) -> None:
    """The cells the import will hold back, named as the quarantine names them afterwards
    (file and sheet, row, column, value, reason): the first few (rev28a item 9)."""
    if held is None or not held.height:
        return
    # the file is the panel's own (its heading): the row, column, value and reason fit whole
    # (the reason was hidden behind "1 more column" by the file's long name, session 44)
    shown = held.head(HELD_BACK_SHOWN).drop("file")
    # rows: an unknown role's one line holds back the row's ratings of every dimension
    rows = held["row_number"].n_unique()
    st.caption(t("data.will_hold_back", rows=rows, shown=shown.height))
    tables.reasons_table(shown, lang, key, first=("row_number", "column", "raw_value", "reason"))


def _css_text(text: str) -> str:
    """``text`` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_words(lang: str) -> str:
    """A style sheet that shows the file uploader's button, its limits line and the line shown
    while a file is dragged over it in ``lang`` from the catalogue: Streamlit writes "Upload",
    "1GB per file • ..." and "Drag and drop files here" in English only, and the Chinese page
    read half in English."""
    drop = '[data-testid="stFileUploaderDropzone"]'
    button = f'{drop} button [data-testid="stMarkdownContainer"] p'
    limits = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    dragged = f"{drop} > div:not([data-testid]) > span"  # "Drag and drop files here"
    return (
        "<style>"
        f"{button}, {limits}, {dragged} {{ font-size: 0; }}"
        f"{button}::after {{ content: {_css_text(t('data.upload_button'))}; font-size: 1rem; }}"
        f"{limits}::after {{ content: {_css_text(t('data.upload_limits'))};"
        " font-size: 0.875rem; }"
        f"{dragged}::after {{ content: {_css_text(t('data.upload_drop'))};"
        " font-size: 0.875rem; }"
        "</style>"
    )
