"""PerfLens entry: runtime set-up, page config, language, shared sidebar filters, navigation,
first-run screen.

The imports below load neither Polars nor NumPy (``tests/test_shell.py`` checks it), so
:func:`analytics.runtime.configure` still sets the allocator before Polars reads it.
"""

from __future__ import annotations

import streamlit as st

from analytics import runtime
from ui import shell
from ui.i18n import LANG_LABELS

runtime.configure()

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

with shell.entry_run():
    nav = shell.navigation()
    if nav.url_path != "data" and shell.database_empty():
        shell.first_run()
    else:
        if nav.url_path != "data":
            shell.sidebar_filters()
        nav.run()
