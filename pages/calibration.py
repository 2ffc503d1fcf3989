"""Calibration: the findings of the current scope with downloads (XLSX, CSV per table, JSON,
HTML), identical to what the report CLI writes for the same scope."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

from analytics.export.report import report_filename
from analytics.findings.headlines import section_title
from analytics.findings.report import CARRIED, Findings, carried_sections
from analytics.findings.sections import REPORT_SECTIONS, RESULT_SECTIONS
from ui import audit, cache, datasets, shell, tables
from ui.i18n import t
from ui.shell import page_start

lang, scope, version = page_start("cal.title")
st.caption(t("cal.note"))
shell.ratings_or_results(scope, version)  # results only: the sections they have
results_only = cache.results_only(scope, version)  # the other tabs say what they need
viewer = cache.view(version).viewer
# pseudonymised downloads: an option for anyone, always so for the analyst
pseudo = viewer.pseudonymised or st.toggle(t("cal.pseudonymise"), key="cal_pseudo")


def section(name: str) -> pl.DataFrame:
    """A section of the report as the report has it (an empty frame where it has no data),
    read on its own. Why not the whole report (``cache.findings``): assembling its 27
    sections cost the page's first visit of a scope 1.8-3.3 CPU s at 40M ratings (the rater
    table alone is 210,001 rows), and the page shows the open tab's; the downloads build it
    when clicked."""
    frame = cache.section(name, scope, version)
    if name in CARRIED and (pair := carried(name)) is not None:
        frame = pair
    return pl.DataFrame() if frame is None else frame


def carried(name: str) -> pl.DataFrame | None:
    """A one-cycle scope's attribution section as the report carries it: the change into its
    cycle from every cycle's rows (rev27a item 1; :func:`carried_sections`), so the tab shows
    what the downloads hold; None where no change leads into the cycle (its first) or the
    scope has several cycles."""
    if len(scope.cycles) != 1:
        return None
    every_scope = replace(scope, cycles=())
    every = {
        n: f
        for n in {name, "attribution"} - {"variance"}
        if (f := cache.section(n, every_scope, version)) is not None
    }
    return carried_sections(every, scope.cycles[0]).get(name)


# the report's scope (the file names say it): the sidebar's, clipped to the viewer's reach
findings = Findings(cache.view(version).clip(scope))
summary = section("summary").row(0, named=True)
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
        key=f"cal_{fmt}",
        type="primary" if fmt == "xlsx" else "secondary",
        mime=mime,
    )
    column.caption(t(f"cal.download_{fmt}_help"))  # not a tooltip: "Help for …" in English

st.subheader(t("cal.sections"))
names = list(REPORT_SECTIONS)
# the high-potential list's title says whether potential was recorded (section_title)
titled = {n: section(n) for n in ("high_potential", "potential_check")}
# lazy: only the open tab's table is drawn (26 tables cost most of the page's run and browser)
tabs = st.tabs(
    [section_title(n, titled, lang) for n in names], key="cal_section", on_change="rerun"
)
for tab, name in zip(tabs, names):
    if tab.open:
        with tab:
            if results_only and name not in RESULT_SECTIONS:  # not an empty table, unsaid
                st.info(t("cal.tab_needs_ratings"))
                continue
            frame = section(name)
            if name in CARRIED and (changes := carried("attribution")) is not None:
                start = changes["from_cycle"].cast(pl.String).mode().sort()[0]  # as the packet
                st.caption(t("packet.carried", from_cycle=start, to_cycle=scope.cycles[0]))
            csv_name = report_filename(findings, "csv", section=name)  # + dataset, language
            tables.show(frame, key=f"cal_{name}", csv_name=csv_name)
