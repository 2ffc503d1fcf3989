"""PerfLens entry: runtime set-up, page config, language, sign-in, the dataset, shared sidebar
filters, navigation, first-run screen.

:func:`analytics.runtime.configure` runs before any import that loads Polars or NumPy
(``tests/test_shell.py`` checks it), so the allocator settings are in place when Polars loads.
"""

from __future__ import annotations

from analytics import runtime

runtime.configure()  # first: Polars reads the allocator settings once, when it loads

import sys  # noqa: E402

import streamlit as st  # noqa: E402 - after configure(), see above

from ui import pagelist  # noqa: E402 - Streamlit only

if "polars" not in sys.modules:  # a fresh server: no raw file names while the words load
    pagelist.hide_file_names()

from ui import shell, signin  # noqa: E402 - loads Polars (the text layer)
from ui.i18n import LANG_LABELS  # noqa: E402

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
    gate = signin.check()  # who is looking: the local administrator, or the signed-in user
    nav = shell.navigation(menu=gate.allowed)
    signin.show(gate)  # the badge, or who is signed in; the sign-in screen, or whom to ask
    if not gate.allowed:  # nothing else is drawn
        st.stop()
    shell.dataset_picker()  # ?dataset=: every page reads the chosen dataset alone
    if nav.url_path != "data" and shell.database_empty():
        shell.first_run()
    else:
        if nav.url_path != "data":
            shell.sidebar_filters()
        nav.run()
runtime.warm_imports()  # once the first page is drawn: the statistics libraries, in the background
