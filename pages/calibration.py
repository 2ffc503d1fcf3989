"""Calibration: the findings of the current scope with downloads (XLSX, CSV per table, JSON,
HTML), identical to what the report CLI writes for the same scope."""

from __future__ import annotations

import streamlit as st

from analytics.export.report import report_filename
from analytics.findings.headlines import section_title
from ui import audit, cache, datasets, tables
from ui.i18n import t
from ui.shell import page_start

lang, scope, version = page_start("cal.title")
st.caption(t("cal.note"))
if not cache.has_data(scope, version):
    st.info(t("common.no_data"))
    st.stop()
viewer = cache.view(version).viewer
# pseudonymised downloads: an option for anyone, always so for the analyst
pseudo = viewer.pseudonymised or st.toggle(t("cal.pseudonymise"), key="cal_pseudo")
findings = cache.findings(scope, version)
summary = findings["summary"].row(0, named=True)
st.markdown(
    t(
        "cal.summary",
        employees=summary["employees"],
        raters=summary["raters"],
        ratings=f"{summary['ratings']:,}",
    )
)

#: the whole report's downloads: format -> MIME type (the first is the primary button)
DOWNLOADS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
    "html": "text/html",
}
# the dataset's name and the language in the file names: two datasets' (and languages') files
# kept apart
dataset = datasets.current().label(lang)
for column, (fmt, mime) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS.items()):
    column.download_button(
        t(f"cal.download_{fmt}"),
        audit.download(  # the access log notes each download when it is clicked
            cache.report_bytes(scope, version, fmt, lang, pseudo),
            report_filename(findings, fmt, dataset, lang),
        ),
        file_name=report_filename(findings, fmt, dataset, lang),
        help=t(f"cal.download_{fmt}_help"),
        key=f"cal_{fmt}",
        type="primary" if fmt == "xlsx" else "secondary",
        mime=mime,
    )

st.subheader(t("cal.sections"))
names = list(findings.sections)
# lazy: only the open tab's table is drawn (26 tables cost most of the page's run and browser)
tabs = st.tabs(
    [section_title(n, findings.sections, lang) for n in names], key="cal_section", on_change="rerun"
)
for tab, name in zip(tabs, names):
    if tab.open:
        with tab:
            frame = findings[name]
            csv_name = report_filename(findings, "csv", section=name)  # + dataset, language
            tables.show(frame, key=f"cal_{name}", csv_name=csv_name)
