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

# a fresh server (or one whose launcher is still importing): no raw file names while the words load
if "polars" not in sys.modules or runtime.preloading():
    pagelist.hide_file_names()
runtime.wait_preload()  # python -m ui.serve: the first page's imports, started with the server

from ui import carry, returnto, shell, signin  # noqa: E402 - loads Polars (the text layer)
from ui.i18n import LANG_LABELS  # noqa: E402
from ui.preload import preload_for  # noqa: E402

st.set_page_config(page_title="PerfLens 绩效透视", page_icon=":material/bar_chart:", layout="wide")

# back from the sign-in provider (at the root address): where this browser left from
returnto.returning()
# ?section= (a link into a section of a page) is the session's to keep, never to write back
shell.take_section()
# a menu click before the browser drew the sidebar's widgets lost their parameters: put back
carry.restore()
# a constant label: a label that changed with the language would make a new widget and lose the click
st.sidebar.segmented_control(
    "语言 / Language",
    list(LANG_LABELS),
    key="lang",
    bind="query-params",
    default="中文",  # the way back from sign-in writes its language into the address (returnto)
    required=True,
)

with shell.entry_run():
    shell.dropdown_words()  # a select box's "No results" in the reader's language
    gate = signin.check()  # who is looking: the local administrator, or the signed-in user
    nav = shell.navigation(menu=gate.allowed)
    if gate.allowed:  # the browser loads the chart code while the page computes (ui/preload.py)
        preload_for(nav.url_path)
    signin.show(gate, nav.url_path)  # the badge, or who is signed in; sign-in, or whom to ask
    if not gate.allowed:  # nothing else is drawn
        st.stop()
    returnto.go_back(nav.url_path)  # the deep link the browser signed in from
    shell.dataset_picker()  # ?dataset=: every page reads the chosen dataset alone
    page = nav.url_path
    if shell.refuse_page(page):  # a page not for this role, reached by its address: its name
        shown = "refused"  # and why, in the reader's language; no page run
    elif page != "data" and shell.database_empty():
        shown = "first run"
    elif shell.no_reach(page):  # a scoped role with nobody in this dataset: said
        shown = "no reach"
    else:
        shown = "page"
    if shown == "page" and page != "data":
        shell.sidebar_filters()
    else:  # no filters drawn: none in the address either (one history entry a click)
        from ui import state

        state.no_filters()
    shell.draw_menu(gate.allowed)  # after the filters: a click on it carries them
    if shown == "first run":
        shell.first_run()
    elif shown == "page":
        nav.run()
        if page != "data":  # what every scope's pages share, in the quiet after this run
            from ui import cache, scopewarm  # after the page: its imports are the page's

            cache.warm(cache.version())
            scopewarm.after_page(cache.version())  # the scope's heavy pages, in the quiet
runtime.warm_imports()  # once the first page is drawn: the statistics libraries, in the background
