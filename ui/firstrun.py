"""The empty-database screen: load the demo enterprise or go to the upload page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import cache
from ui.i18n import get_lang, t

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def demo_files() -> list[Path]:
    return sorted(p for p in DEMO_DIR.glob("*") if p.suffix in (".csv", ".xlsx", ".parquet"))


def load_demo() -> None:
    """Import the bundled demo exports (generating them first if the folder is empty).

    The import and the model fits are loaded here, on the click: the empty-database screen
    itself needs neither (they bring in the whole ingest layer and the statistics)."""
    from analytics.demo.company import MAPPING_NAME
    from analytics.findings.materialise import refresh
    from analytics.ingest.pipeline import import_files, load_mapping

    files = demo_files()
    if not files:
        from analytics.demo.company import generate, write_exports

        files = write_exports(generate(), DEMO_DIR)
    # the demo's last cycle moved to 0-100: declared in the mapping shipped beside its files
    mapping = load_mapping(DEMO_DIR / MAPPING_NAME if (DEMO_DIR / MAPPING_NAME).exists() else None)
    bar = st.progress(0.0, text=t("firstrun.loading"))
    waiting = st.empty()
    with cache.writing(on_wait=lambda: waiting.info(t("db.waiting", file=cache.db_path()))) as con:
        waiting.empty()
        import_files(
            con,
            files,
            mapping,
            lang=get_lang(),
            progress=lambda f, _s: bar.progress(min(f * 0.7, 1.0)),
        )
        bar.progress(0.8, text=t("data.materialising"))
        refresh(con)
    cache.clear()


def first_run() -> None:
    st.title(t("firstrun.title"))
    st.write(t("firstrun.body"))
    row = st.container(horizontal=True)
    if row.button(t("firstrun.demo"), type="primary", key="firstrun_demo"):
        load_demo()
        st.rerun()
    if row.button(t("firstrun.upload"), key="firstrun_upload"):
        st.switch_page("pages/data.py")
