"""The one place PerfLens reaches into Streamlit below its public API.

Streamlit 1.67 has no public way to carry a widget-bound query parameter (``?lang=``,
``?dept=`` ...) through ``st.switch_page``: the switch refuses to clear a bound parameter. So
:func:`release_query_bindings` unbinds them first through the session's ``QueryParams``
(``get_binding_for_param``, ``unbind_widget``). ``tests/test_stinternals.py``
runs it in an AppTest against the installed Streamlit and fails with the missing name if an
upgrade changes any of them; the browser test of Back after a row route covers the whole route.

:func:`skip_direct_run_check` spares the first element of a server's first page Streamlit's
check whether it runs in a Python shell (``delta_generator._use_warning_has_been_displayed``).

:func:`end_legacy_pages` ends Streamlit's legacy ``pages/``-folder mode before the server's first
session (``PagesManager.uses_pages_directory``, which ``st.navigation`` itself clears on its
first call). Why: in that mode the first session's first run is wrapped as the page
"dashboard", so the language switch bound to ``?lang=`` belonged to that page; the first
sidebar click then dropped ``lang`` as another page's parameter and the page came up in
Chinese (session 33). ``tests/test_stinternals.py`` fails if the name is gone.

:func:`frontend_chunks` names the files of Streamlit's frontend that hold an element type's
code (``PlotlyChart.D9Z0_fxz.js``), which the browser otherwise loads only when it first draws
such an element (:mod:`ui.preload`). The names carry a content hash that changes with each
Streamlit release; ``tests/app/test_preload.py`` fails if the frontend no longer loads them so.

:func:`empty_dropdown_class` finds the CSS class of the line a select box shows when no option
matches what was typed ("No results", in English whatever the page's language), so that the
line can be worded from the catalogue (:func:`ui.shell.dropdown_words`);
``tests/test_stinternals.py`` fails if the installed frontend no longer draws it so.

:func:`page_request`, :func:`shown_page` and :func:`restore_query_params` let :mod:`ui.carry` put
back the sidebar's parameters a page change lost (``PagesManager.intended_page_script_hash`` and
``current_page_script_hash``, the run context's ``is_history_navigation``, ``QueryParams``'
``set_initial_query_params_from_current``); :func:`unchecked_state` writes what a stopped run must
still remember (``SafeSessionState``'s ``_state`` and ``_lock``), unless :func:`superseded` says
another run of the session has started (``Runtime.get_app_session``, the session's
``_scriptrunner``, a runner's ``_requests``). ``tests/test_stinternals.py`` fails if a name is
gone.

:func:`grid_table` converts a Polars frame into the Arrow table ``st.dataframe`` makes of it
(``dataframe_util.convert_pandas_df_to_arrow_table`` of the frame's pandas copy, as its
``dataframe`` element does for a Polars frame), so that a table drawn on every run is converted
once and the grid still receives the same bytes; ``tests/app/test_table_pages.py`` fails if
the element Streamlit sends differs.

:func:`keep_deferred_downloads` keeps a download button's file function (``st.download_button``
with a callable ``data``) for :data:`DEFERRED_GRACE_S` after a later run stopped naming it,
instead of until the end of the next run of *any* session (``MediaFileManager``'s
``_remove_orphaned_deferred_callables``); ``tests/app/test_hang31_pages.py`` fails if the
manager no longer has the names it replaces. It also notes a download whose file could not be
made (its function raised, or it was gone) for the session that clicked it and asks that
session to run again (:func:`failed_downloads`), so the page says so in its reader's language:
Streamlit's own word was an English line under the button for five seconds (left32 item 1).
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

__all__ = [
    "DEFERRED_GRACE_S",
    "DEFERRED_KEPT_MAX",
    "DEFERRED_NAMES",
    "QUERY_PARAM_METHODS",
    "RERUN_NAMES",
    "RUNNER_NAMES",
    "USE_WARNING_FLAG",
    "bound_params",
    "empty_dropdown_class",
    "end_legacy_pages",
    "failed_downloads",
    "forget_query_param",
    "frontend_chunks",
    "frontend_dir",
    "grid_table",
    "keep_deferred_downloads",
    "note_failed_downloads",
    "page_request",
    "release_query_bindings",
    "restore_query_params",
    "said_failed_download",
    "shown_page",
    "shown_page_path",
    "skip_direct_run_check",
    "superseded",
    "unchecked_state",
    "write_bound_params",
]

#: the module-level flag of ``streamlit.delta_generator`` that says its one-time check is done
USE_WARNING_FLAG = "_use_warning_has_been_displayed"


def skip_direct_run_check() -> None:
    """Mark Streamlit's "use streamlit run" warning as already given, for a process started by
    ``streamlit run`` (the launcher, :mod:`ui.serve`, knows it is).

    Why: the first element any session draws calls ``env_util.is_repl()``, whose
    ``inspect.stack()`` reads the source of every frame of the script thread: 0.1-0.35 s of
    the first page after a server start (session 19), for a warning that only applies to a
    script run as ``python dashboard.py``. Nothing happens when the flag is gone (an upgrade):
    the check then runs as before."""
    from streamlit import delta_generator

    if hasattr(delta_generator, USE_WARNING_FLAG):
        setattr(delta_generator, USE_WARNING_FLAG, True)


def end_legacy_pages() -> None:
    """Tell Streamlit, before any session starts, that the app names its pages with
    ``st.navigation`` (as its first ``st.navigation`` call would), so that no session's run is
    wrapped as the legacy page "dashboard" (see the module docstring)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


#: the non-public ``QueryParams`` methods used here (checked by the test against Streamlit)
QUERY_PARAM_METHODS = (
    "get_binding_for_param",
    "is_bound",
    "unbind_widget",
    "set_with_no_forward_msg",
    "discard_param_no_forward_msg",
    "_send_query_param_msg",
    "set_initial_query_params_from_current",
)
#: the non-public names of ``SafeSessionState`` behind its stop check: the state and its lock
SAFE_STATE_NAMES = ("_state", "_lock")
#: the non-public names that tell which page a run was asked for and which page it showed
#: (``PagesManager``'s, and the run context's flag of a Back/Forward request)
PAGE_NAMES = ("intended_page_script_hash", "current_page_script_hash", "is_history_navigation")


def release_query_bindings(params: Iterable[str]) -> None:
    """Unbind the widgets bound to ``params`` so ``st.switch_page`` may carry their values (the
    next run binds them again, to the same values)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:  # no session (a bare script): nothing is bound
        return
    with ctx.session_state.query_params() as qp:
        for key in params:
            binding = qp.get_binding_for_param(key)
            if binding is not None:
                qp.unbind_widget(binding.widget_id)


def bound_params(params: Iterable[str]) -> set[str]:
    """Those of ``params`` a widget is bound to (the browser keeps them across a link)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:  # no session (a bare script): nothing is bound
        return set()
    with ctx.session_state.query_params() as qp:
        return {key for key in params if qp.is_bound(key)}


def write_bound_params(values: dict[str, object], send: bool = True) -> None:
    """Write the values widgets bound to the URL are about to take (``{"cycle": ["2026Q2"],
    "dept": "销售中心"}``; None or an empty list: the parameter removed) into the URL in one
    change, before those widgets are drawn; also parameters no widget is bound to (the person
    picker's ``?employee=`` with its ``?pair=``), which ``st.query_params`` would write one
    message, one history entry, each.

    Why: each bound widget whose value a script sets writes its own parameter, one browser
    history entry each (a heat-map cell sets the cycle and the unit: Back went first to the
    cycle without the unit, a view never shown, rev19e minor 6). Written here first, each
    widget finds the URL already holding its value and writes nothing more. The values must
    be as the widget words them (its options' ``str``: the sidebar's filters have no
    ``format_func`` but the rater role's, which a drill never sets). ``send=False``: the
    session's copy of the URL only, no message (a link the browser is about to follow carries
    them: what the run ends with is what :func:`ui.carry.remember` keeps)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:  # no session (a bare script): no URL
        return
    with ctx.session_state.query_params() as qp:
        for key, value in values.items():
            if value is None or (isinstance(value, list | tuple) and not value):
                qp.discard_param_no_forward_msg(key)
            elif isinstance(value, list | tuple):
                qp.set_with_no_forward_msg(key, [str(v) for v in value])
            else:
                qp.set_with_no_forward_msg(key, str(value))
        if send:
            qp._send_query_param_msg()  # one message: one history entry


def page_request() -> tuple[str | None, bool]:
    """The page this run was asked for (its script hash; None when asked by name: a session's
    first load from an address) and whether the browser asked by Back/Forward."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return None, False
    wanted = getattr(ctx.pages_manager, PAGE_NAMES[0], None) or None
    return wanted, bool(getattr(ctx, PAGE_NAMES[2], False))


def shown_page() -> str | None:
    """The script hash of the page this run shows (once ``st.navigation`` has resolved it)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return None if ctx is None else getattr(ctx.pages_manager, PAGE_NAMES[1], None)


def shown_page_path() -> str | None:
    """The script path of the page this run shows (None: no session, or not yet resolved)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    shown = shown_page()
    if ctx is None or not shown:
        return None
    page = ctx.pages_manager.get_pages().get(shown)
    return None if page is None else str(page.get("script_path") or "") or None


def restore_query_params(values: dict[str, str | list[str]]) -> None:
    """Put ``values`` back into the URL at the start of a run, before the widgets bound to them
    are drawn, so those widgets take them as from an address the browser opened (the values
    seed the widgets) and the browser's address shows them again (one message)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not values:
        return
    with ctx.session_state.query_params() as qp:
        for key, value in values.items():
            qp.set_with_no_forward_msg(key, value)
        qp.set_initial_query_params_from_current()  # what a bound widget is seeded from
        qp._send_query_param_msg()


#: the names that tell whether a run is still its session's: ``Runtime.get_app_session``, the
#: session's ``_scriptrunner`` (None while it is replaced) and that runner's ``_requests`` (the
#: run context's ``script_requests`` when it is this run's runner)
RUNNER_NAMES = ("get_app_session", "_scriptrunner", "_requests")


def superseded() -> bool:
    """Whether this run's session already has another run: the browser asked for a run (a
    click) while this one was under way, and Streamlit (``runner.fastReruns``, its default)
    stopped this run and started the next one at once, on another thread, over the same
    session state, address and pages. This run then only ends (its next element, or state
    access, raises the stop; its ``finally`` blocks still run) and must not write what the
    session keeps for later runs: what it would read there is already the next run's (the
    address the click sent, the page it asked for; session 34, :func:`ui.carry.remember`).

    Read what is to be written *before* asking: Streamlit makes the next run's runner the
    session's before that runner's thread starts, so a run not superseded when asked read
    its own values. False without a running server (AppTest) or when the installed
    Streamlit lacks :data:`RUNNER_NAMES` (``tests/test_stinternals.py`` fails then)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or ctx.script_requests is None or not runtime.exists():
        return False
    get = getattr(runtime.get_instance(), RUNNER_NAMES[0], None)
    session = get(ctx.session_id) if get else None
    if session is None or not hasattr(session, RUNNER_NAMES[1]):
        return False
    runner = getattr(session, RUNNER_NAMES[1])
    return getattr(runner, RUNNER_NAMES[2], None) is not ctx.script_requests


@contextmanager
def unchecked_state() -> Iterator[tuple[MutableMapping[str, Any], Any] | None]:
    """The session's state and its URL's ``QueryParams``, read and written without Streamlit's
    check whether the browser asked to stop the run (``SafeSessionState`` makes it at every
    access of ``st.session_state`` and ``st.query_params``, and raises the stop there): for
    what a run must still write in its ``finally`` once it is being stopped. None outside a
    session."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        yield None
        return
    safe = ctx.session_state
    with getattr(safe, SAFE_STATE_NAMES[1]):
        state = getattr(safe, SAFE_STATE_NAMES[0])
        yield state, state.query_params


def forget_query_param(key: str) -> None:
    """Drop ``?key=`` from the session's copy of the URL without a message to the browser (no
    history entry), so no URL the session writes in this run (a drill, a filter's, the
    dataset's, a route into a person) carries it.

    Why every run: the browser's frontend sends its own copy of the query string with each
    rerun, a copy that only a message from the session updates; a parameter the page removed
    from the address itself (``history.replaceState``) comes back with it, and went back into
    the address with the session's next URL change (the landed ``?section=``, rev19e nit 14:
    the first fix dropped it once and failed 1 browser run in 5)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with ctx.session_state.query_params() as qp:
        qp.discard_param_no_forward_msg(key)


def frontend_dir() -> Path:
    """The folder of the installed Streamlit's frontend scripts (served under ``static/js/``)."""
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static" / "js"


@functools.cache
def frontend_chunks(names: tuple[str, ...]) -> tuple[str, ...]:
    """The file names of the frontend chunks ``names`` (``("PlotlyChart",)`` ->
    ``("PlotlyChart.D9Z0_fxz.js",)``): each the one ``NAME.<hash>.js`` of the installed
    Streamlit; a name with none or several such files is left out (nothing to preload)."""
    found = []
    for name in names:
        files = sorted(frontend_dir().glob(f"{name}.*.js"))
        if len(files) == 1 and files[0].name.count(".") == 2:
            found.append(files[0].name)
    return tuple(found)


@functools.cache
def empty_dropdown_class() -> str | None:
    """The CSS class of the line Streamlit's select box shows when no option matches what was
    typed: its frontend writes "No results" there in English only (rev21 item 6: on a Chinese
    page). Read from the installed frontend: the component ``renderEmptyState`` draws is a
    styled span whose ``target`` is a fixed class name of this Streamlit build. None when the
    frontend is laid out otherwise (the line then stays as Streamlit writes it)."""
    import re

    files = sorted(frontend_dir().glob("Selectbox.*.js"))
    if len(files) != 1:
        return None
    code = files[0].read_text(encoding="utf-8", errors="replace")
    drawn = re.search(r"renderEmptyState:\(\)=>\w+\((\w+),\{children:`No results`\}\)", code)
    if drawn is None:
        return None
    span = re.search(rf"\b{re.escape(drawn.group(1))}=\w+\(`span`,\{{target:`(\w+)`\}}\)", code)
    return span.group(1) if span else None


#: how long a download's file function outlives the last run that drew its button: the button
#: stays on the screen while the next run of its page is under way (minutes on a loaded
#: machine) and after a run that was stopped before it drew the button again
DEFERRED_GRACE_S = 900.0
#: at most this many such functions are kept (the oldest dropped first): each holds its table
DEFERRED_KEPT_MAX = 256
#: the non-public ``MediaFileManager`` names :func:`keep_deferred_downloads` uses
DEFERRED_NAMES = (
    "_lock",
    "_deferred_callables",
    "_files_by_session_and_coord",
    "_drop_deferred_id",
    "_remove_orphaned_deferred_callables",
    "execute_deferred",
)
#: the names asking another session to run again: ``Runtime.get_app_session``, then the
#: session's ``_call_soon_on_event_loop`` and ``request_rerun`` (on the server's event loop)
#: with its last ``_client_state`` (its page, URL and widgets: Streamlit's own rerun on a
#: saved source file does so; without it the run had no page and no query string)
RERUN_NAMES = (
    "get_app_session",
    "_call_soon_on_event_loop",
    "request_rerun",
    "_client_state",
    "_state",
)
_KEEPING = "_perflens_keeps_deferred"
#: how many dropped file functions are remembered (their session and file name): a click on
#: one of them is said to the session that drew it
DROPPED_KEPT = 2048
#: session id -> the downloads that failed for it since its page last said so:
#: (file name, ``failed`` or ``gone``, the error's first line)
_FAILED: dict[str, list[tuple[str, str, str]]] = {}
_FAILED_LOCK = threading.Lock()


def failed_downloads() -> list[tuple[str, str, str]]:
    """The downloads of this session whose file could not be made and that no run has said
    yet, each ``(file name, kind, detail)``: ``failed`` (the export raised: ``detail`` its
    error) or ``gone`` (the button's file function was no longer kept). Each stays until
    :func:`said_failed_download`: a run stopped before it said one (the rerun the failure
    asks for stops the run under way at its next element) leaves it to the next run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return []
    with _FAILED_LOCK:
        return list(_FAILED.get(ctx.session_id, []))


def said_failed_download(failure: tuple[str, str, str]) -> None:
    """``failure`` (one of :func:`failed_downloads`) has been said to this session."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _FAILED_LOCK:
        left = _FAILED.get(ctx.session_id, [])
        if failure in left:
            left.remove(failure)
        if not left:
            _FAILED.pop(ctx.session_id, None)


def _rerun(session_id: str) -> None:
    """Ask the session ``session_id`` to run again (from any thread), unless a run of it is
    under way: that run says the failure at its end (:func:`ui.shell.failed_downloads`; a
    second run stopped it and the browser dropped its message, and a run after it cleared
    its message as stale). Nothing when the session is gone or the installed Streamlit lacks
    :data:`RERUN_NAMES`."""
    from streamlit import runtime

    if not runtime.exists():
        return
    get = getattr(runtime.get_instance(), RERUN_NAMES[0], None)
    session = get(session_id) if get else None
    soon = getattr(session, RERUN_NAMES[1], None)
    if soon is None or not all(hasattr(session, name) for name in RERUN_NAMES[2:]):
        return
    if getattr(session._state, "value", None) == "APP_IS_RUNNING":  # it says it at its end
        return
    from streamlit.proto.ClientState_pb2 import ClientState

    state = ClientState()
    state.CopyFrom(session._client_state)
    state.fragment_id = ""  # the whole page (its last run may have been a fragment's)
    state.is_auto_rerun = False
    soon(lambda: session.request_rerun(state))


def note_failed_downloads(mgr, rerun: Callable[[str], None] = _rerun) -> None:
    """Make ``mgr`` (a ``MediaFileManager``) note each click whose file cannot be made for the
    session that drew the button (:func:`failed_downloads`) and ``rerun`` that session, so its
    page says so; the click still fails as before (the browser's button stops its spinner).

    Why (left32 item 1): an export that raised, or a file function no longer kept, gave only a
    line in the server's log and Streamlit's English "Failed to generate file for download"
    under the button for five seconds: a dead button to the reader."""
    dropped: OrderedDict[str, tuple[str, str]] = OrderedDict()  # id -> (session, file name)
    drop, execute = mgr._drop_deferred_id, mgr.execute_deferred

    def drop_noted(file_id: str) -> None:  # under the manager's lock
        entry = mgr._deferred_callables.get(file_id)
        if entry is not None:
            dropped[file_id] = (entry["session_id"], entry["filename"] or "")
            while len(dropped) > DROPPED_KEPT:
                dropped.popitem(last=False)
        drop(file_id)

    def execute_noted(file_id: str) -> str:
        with mgr._lock:
            entry = mgr._deferred_callables.get(file_id)
            owner = (
                (entry["session_id"], entry["filename"] or "") if entry else dropped.get(file_id)
            )
        try:
            return execute(file_id)
        except Exception as exc:
            if owner is not None:
                cause = exc.__cause__ or exc
                first = str(cause).splitlines()[0] if str(cause) else ""
                detail = f"{type(cause).__name__}: {first}"[:200]
                with _FAILED_LOCK:
                    noted = _FAILED.setdefault(owner[0], [])
                    noted[:] = [*noted[-9:], (owner[1], "failed" if entry else "gone", detail)]
                rerun(owner[0])
            raise

    mgr._drop_deferred_id = drop_noted
    mgr.execute_deferred = execute_noted


def keep_deferred_downloads() -> bool:
    """Keep every deferred download's file function for :data:`DEFERRED_GRACE_S` after no
    session's page names it any more (at most :data:`DEFERRED_KEPT_MAX` of them), once per
    process; whether they are kept so (False without a runtime, or when the installed
    Streamlit lacks :data:`DEFERRED_NAMES`: downloads then behave as Streamlit made them).

    Why (rev31b finding 11, "Deferred file … not found": the click downloaded nothing, with no
    word): Streamlit forgets a session's buttons when its next full run *starts* and drops
    every function no session names when *any* session's run ends. While one user's page ran
    again (30 s and more on a loaded machine) the buttons it still showed pointed to
    functions another user's run had just dropped; a run stopped by the next click dropped
    those its stopped part had not drawn again. Called with the manager's lock held."""
    from streamlit import runtime

    if not runtime.exists():
        return False
    mgr = runtime.get_instance().media_file_mgr
    if getattr(mgr, _KEEPING, False):
        return True
    if not all(hasattr(mgr, name) for name in DEFERRED_NAMES):
        return False
    unnamed: dict[str, float] = {}  # file id -> when no session named it any more

    def collect() -> None:  # MediaFileManager.remove_orphaned_files, under its lock
        named = {f for refs in mgr._files_by_session_and_coord.values() for f in refs.values()}
        now = time.monotonic()
        for file_id in mgr._deferred_callables:
            if file_id in named:
                unnamed.pop(file_id, None)
            else:
                unnamed.setdefault(file_id, now)
        oldest = sorted(unnamed, key=unnamed.__getitem__)
        excess = len(oldest) - DEFERRED_KEPT_MAX
        for i, file_id in enumerate(oldest):
            gone = file_id not in mgr._deferred_callables  # revoked (a disabled button)
            if gone or i < excess or now - unnamed[file_id] > DEFERRED_GRACE_S:
                mgr._drop_deferred_id(file_id)
                del unnamed[file_id]

    mgr._remove_orphaned_deferred_callables = collect
    note_failed_downloads(mgr)
    setattr(mgr, _KEEPING, True)
    return True


def grid_table(frame: pl.DataFrame) -> pa.Table:
    """``frame`` (a Polars frame) as the Arrow table ``st.dataframe`` sends for it: through
    pandas (its types and its index's metadata), as Streamlit 1.67 converts a Polars frame
    (``convert_anything_to_pandas_df``, ``convert_pandas_df_to_arrow_table``). Handed to
    ``st.dataframe`` the table is only serialised: the caller keeps it for a frame drawn again."""
    from streamlit import dataframe_util

    return dataframe_util.convert_pandas_df_to_arrow_table(frame.to_pandas())
