"""PerfLens entry: page config, language, shared sidebar filters, navigation, first-run screen."""

from __future__ import annotations

from pathlib import Path

# isort: off
from analytics import runtime

runtime.configure()  # first: the allocator settings must be in place before Polars loads
# isort: on
import streamlit as st  # noqa: E402

from ui import cache, state
from ui.i18n import LANG_LABELS, t

st.set_page_config(page_title="PerfLens 绩效透视", page_icon=":material/bar_chart:", layout="wide")

# a constant label: a label that changed with the language would make a new widget and lose the click
st.sidebar.segmented_control(
    "语言 / Language",
    list(LANG_LABELS),
    key="lang",
    bind="query-params",
    default="中文",
    required=True,
)

PAGES = [
    ("pages/overview.py", "nav.overview", "overview", ":material/dashboard:"),
    ("pages/distributions.py", "nav.distributions", "distributions", ":material/bar_chart:"),
    ("pages/raters.py", "nav.raters", "raters", ":material/balance:"),
    ("pages/attribution.py", "nav.attribution", "attribution", ":material/trending_up:"),
    ("pages/potential.py", "nav.potential", "potential", ":material/star:"),
    ("pages/calibration.py", "nav.calibration", "calibration", ":material/fact_check:"),
    ("pages/person.py", "nav.person", "person", ":material/person:"),
    ("pages/data.py", "nav.data", "data", ":material/upload_file:"),
]
here = Path(__file__).parent
pages = [
    st.Page(path, title=t(key), url_path=url, icon=icon, default=(url == "overview"))
    for path, key, url, icon in PAGES
    if (here / path).exists()
]
nav = st.navigation(pages)

empty = cache.overview(cache.version())["totals"]["ratings"][0] == 0
if empty and nav.url_path != "data":
    from ui.firstrun import first_run

    first_run()
else:
    if nav.url_path != "data":
        st.sidebar.subheader(t("filter.header"))
        state.sidebar_filters()
    nav.run()
