"""The empty-database screen: load the demo enterprise or go to the upload page."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ui import cache
from ui.i18n import get_lang, t

#: the shipped demo exports (2,000 people, 6 cycles), what the demo button imports
DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def demo_dir() -> Path:
    """The folder of demo exports the demo button imports: ``$PERFLENS_DEMO_DIR`` when set, else
    :data:`DEMO_DIR`. Why: the browser test of the first-run screen serves a small demo's
    exports (300 people), the button's own import path, instead of importing the shipped 2,000
    people on every test run (half a minute of the server's CPU)."""
    return Path(os.environ.get("PERFLENS_DEMO_DIR") or DEMO_DIR)


def demo_files() -> list[Path]:
    folder = demo_dir()
    return sorted(p for p in folder.glob("*") if p.suffix in (".csv", ".xlsx", ".parquet"))


def demo_dataset():
    """Where the demo goes: the dataset shown when it is empty (the first-run screen), else
    the default dataset when it is empty or holds the demo already, else a dataset of the
    demo's name (made when there is none): never into a company's own data."""
    from analytics.store import access
    from analytics.store import datasets as store_datasets
    from ui import datasets

    if cache.overview(cache.version())["totals"]["ratings"][0] == 0:
        return datasets.current()
    base = datasets.default_db()
    default = store_datasets.resolve(None, base)
    if default.name_code == "dataset.demo_name" and not default.name:
        return default
    if not cache.dataset_log(str(default.file), access.identity(default.file))[1]:
        return default  # empty (or no file yet)
    name = t("dataset.demo_name")
    return store_datasets.find(name, base) or store_datasets.create(name, base)


def load_demo() -> None:
    """Import the demo exports (:func:`demo_dir`; generated first if the folder is empty) into
    :func:`demo_dataset`, and show it.

    The import and the model fits are loaded here, on the click: the empty-database screen
    itself needs neither (they bring in the whole ingest layer and the statistics)."""
    from analytics.demo.company import MAPPING_NAME
    from analytics.findings.materialise import refresh
    from analytics.ingest.mapping import load_mapping
    from analytics.ingest.pipeline import import_files
    from analytics.store import datasets as store_datasets
    from ui import datasets

    folder, files = demo_dir(), demo_files()
    if not files:
        from analytics.demo.company import generate, write_exports

        files = write_exports(generate(), folder)
    # the demo's last cycle moved to 0-100: declared in the mapping shipped beside its files
    mapping = load_mapping(folder / MAPPING_NAME if (folder / MAPPING_NAME).exists() else None)
    target = demo_dataset()
    bar = st.progress(0.0, text=t("firstrun.loading"))
    waiting = st.empty()
    with cache.writing(
        on_wait=lambda: waiting.info(t("db.waiting", file=str(target.file))), path=target.file
    ) as con:
        waiting.empty()
        results = import_files(
            con,
            files,
            mapping,
            lang=get_lang(),
            progress=lambda f, _s: bar.progress(min(f * 0.7, 1.0)),
        )
        bar.progress(0.8, text=t("data.materialising"))
        refresh(con)
    if target.is_default:
        store_datasets.revive_default(datasets.default_db(), demo=True)
    from ui import audit

    for path, res in zip(files, results, strict=False):
        status = getattr(res, "status", "rejected")  # an ImportRejected has none
        audit.log("import", file=Path(path).name, detail=status, dataset=target.key)
    cache.clear()
    if target.key != datasets.current().key:
        datasets.switch(target.key)


def no_ratings(may_write: bool) -> bool:
    """A dataset with people but no ratings (its ratings import deleted, a roster imported
    first): say so, and offer the Data page to the administrator, never the demo (it would
    land beside the company's roster). False when the dataset has no people either (rev22)."""
    from ui import datasets

    people = int(cache.overview(cache.version())["totals"]["employees"][0])
    if people == 0:
        return False
    name = datasets.current().label(get_lang())
    # (a dataset of results only opens its pages: ui.shell.database_empty, session 45)
    st.info(t("firstrun.no_ratings", name=name, n=people))
    if may_write and st.button(t("firstrun.upload"), key="firstrun_upload"):
        st.switch_page("pages/data.py")
    return True


def first_run() -> None:
    if no_ratings(may_write=True):
        return
    st.title(t("firstrun.title"))
    st.write(t("firstrun.body"))
    row = st.container(horizontal=True)
    if row.button(t("firstrun.demo"), type="primary", key="firstrun_demo"):
        load_demo()
        st.rerun()
    if row.button(t("firstrun.upload"), key="firstrun_upload"):
        st.switch_page("pages/data.py")
