"""The Streamlit internals PerfLens relies on, checked against the installed Streamlit, so an
upgrade that changes them fails here with the name rather than as a browser-test timeout."""

from __future__ import annotations

import os

from streamlit.runtime.state.query_params import QueryParams
from streamlit.testing.v1 import AppTest

from ui.returnto import xsrf_token
from ui.stinternals import QUERY_PARAM_METHODS, USE_WARNING_FLAG, skip_direct_run_check


def test_query_param_methods_exist():
    missing = [m for m in QUERY_PARAM_METHODS if not callable(getattr(QueryParams, m, None))]
    assert not missing, f"Streamlit's QueryParams lost {missing}: update ui/stinternals.py"


def test_direct_run_check_flag_exists_and_is_set():
    from streamlit import delta_generator

    assert isinstance(getattr(delta_generator, USE_WARNING_FLAG, None), bool), (
        f"Streamlit's delta_generator lost {USE_WARNING_FLAG}: update ui/stinternals.py"
    )
    skip_direct_run_check()
    assert getattr(delta_generator, USE_WARNING_FLAG) is True


def test_legacy_pages_flag_exists_and_is_ended():
    """The launcher's end of the legacy ``pages/`` mode (the browser test of the first session's
    menu click, tests/e2e/test_deep_link.py, shows why)."""
    from streamlit.runtime.pages_manager import PagesManager

    from ui.stinternals import end_legacy_pages

    before = PagesManager.uses_pages_directory
    assert "uses_pages_directory" in vars(PagesManager), "update ui/stinternals.py"
    try:
        end_legacy_pages()
        assert PagesManager.uses_pages_directory is False
    finally:
        PagesManager.uses_pages_directory = before


def _release_script():
    import streamlit as st

    from ui.stinternals import release_query_bindings

    st.selectbox("lang", ["中文", "English"], key="lang", bind="query-params")
    st.selectbox("dept", ["", "研发中心"], key="dept", bind="query-params")
    st.text_input("team", key="team", bind="query-params")  # not carried: stays bound
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    release_query_bindings(["lang", "dept"])
    with get_script_run_ctx().session_state.query_params() as qp:
        bound = {k: qp.is_bound(k) for k in ("lang", "dept", "team")}
        st.write(f"lang={bound['lang']} dept={bound['dept']} team={bound['team']}")


def test_release_unbinds_the_carried_parameters_only():
    at = AppTest.from_function(_release_script).run()
    assert not at.exception, at.exception
    assert at.markdown[0].value == "lang=False dept=False team=True"


def test_xsrf_token_reads_the_cookies_streamlit_makes():
    from streamlit.web.server.starlette import starlette_app_utils as sa

    token = os.urandom(16)
    first = sa.generate_xsrf_token_string(token)
    second = sa.generate_xsrf_token_string(token)
    assert first != second  # masked afresh per page load ...
    assert xsrf_token(first) == xsrf_token(second) == token  # ... the token inside is steady
    assert sa.decode_xsrf_token_string(first)[0] == token
    assert xsrf_token(token.hex()) == token  # version 1: the hex alone
    assert xsrf_token("2|zz|00|1") is None
    assert xsrf_token("2|0102|0a0b|1") is None  # a mask must be 4 bytes
    assert xsrf_token('"' + first + '"') == token  # quoted as some browsers send it


def test_the_select_box_no_results_line_is_found_in_the_installed_frontend():
    """The class of the line a select box shows when nothing matches (Streamlit writes "No
    results" in English only): found, and it is the class of the span that holds those
    words, so an upgrade that draws the line otherwise fails here, not on a Chinese page."""
    from ui.stinternals import empty_dropdown_class, frontend_dir

    found = empty_dropdown_class()
    assert found and found.isalnum(), found
    (selectbox,) = frontend_dir().glob("Selectbox.*.js")
    code = selectbox.read_text(encoding="utf-8")
    assert f"target:`{found}`" in code and "`No results`" in code


def test_the_page_and_state_names_carry_relies_on_exist():
    """ui.carry's reading of the page asked for and shown, and its writing past the stop check
    (the browser test of a menu click before the sidebar is drawn shows why)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
    from streamlit.runtime.state.safe_session_state import SafeSessionState

    from ui.stinternals import PAGE_NAMES, SAFE_STATE_NAMES

    intended, current, history = PAGE_NAMES
    assert isinstance(getattr(PagesManager, intended, None), property), "update ui/stinternals"
    assert isinstance(getattr(PagesManager, current, None), property), "update ui/stinternals"
    assert history in ScriptRunContext.__dataclass_fields__, "update ui/stinternals"
    from streamlit.runtime.state.session_state import SessionState

    safe = SafeSessionState(SessionState(), lambda: None)
    assert set(SAFE_STATE_NAMES) <= set(vars(safe)), "update ui/stinternals"
    assert callable(getattr(QueryParams, "set_initial_query_params_from_current", None))


def _carry_script():
    import streamlit as st

    from ui.stinternals import restore_query_params, unchecked_state

    restore_query_params({"dept": "研发中心", "cycle": ["2026Q1", "2026Q2"]})
    st.selectbox("dept", ["销售中心", "研发中心"], index=None, key="dept", bind="query-params")
    st.multiselect("cycle", ["2026Q1", "2026Q2"], key="cycle", bind="query-params")
    with unchecked_state() as (state, params):
        state["_kept"] = params.get_all("cycle")
    st.write(f"{st.session_state.dept} {st.session_state.cycle} {st.session_state._kept}")


def test_restored_parameters_seed_their_widgets_and_unchecked_state_writes():
    at = AppTest.from_function(_carry_script).run()
    assert not at.exception, at.exception
    assert at.markdown[0].value == "研发中心 ['2026Q1', '2026Q2'] ['2026Q1', '2026Q2']"
    assert at.query_params["dept"] == "研发中心"


def test_the_names_telling_a_superseded_run_exist():
    """ui.carry's remember at a run's end is skipped when the browser's next request has
    started another run of the session (tests/e2e/test_deep_link.py's stopped first run)."""
    import inspect

    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.runtime import Runtime
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    from ui.stinternals import RUNNER_NAMES

    get, runner, requests = RUNNER_NAMES
    assert callable(getattr(Runtime, get, None)), "update ui/stinternals"
    assert f"self.{runner}" in inspect.getsource(AppSession.__init__), "update ui/stinternals"
    assert f"self.{runner} = None" in inspect.getsource(AppSession.request_rerun)
    assert f"self.{requests} = " in inspect.getsource(ScriptRunner.__init__)
    # the run context's script_requests is its runner's
    assert f"script_requests=self.{requests}" in inspect.getsource(ScriptRunner)


def test_a_run_is_superseded_once_its_session_runs_another(monkeypatch):
    """superseded(): False while the session's runner is this run's (and without a server:
    AppTest); True once Streamlit replaced it (None meanwhile, then the next run's runner)."""
    from types import SimpleNamespace

    import streamlit.runtime as st_runtime
    import streamlit.runtime.scriptrunner as scriptrunner

    from ui.stinternals import superseded

    own, other = object(), object()
    session = SimpleNamespace(_scriptrunner=SimpleNamespace(_requests=own))
    ctx = SimpleNamespace(script_requests=own, session_id="s1")
    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda: ctx)
    monkeypatch.setattr(st_runtime, "exists", lambda: False)
    assert not superseded()
    server = SimpleNamespace(get_app_session=lambda sid: session if sid == "s1" else None)
    monkeypatch.setattr(st_runtime, "exists", lambda: True)
    monkeypatch.setattr(st_runtime, "get_instance", lambda: server)
    assert not superseded()
    session._scriptrunner = None  # AppSession.request_rerun: stopped, the next one not made yet
    assert superseded()
    session._scriptrunner = SimpleNamespace(_requests=other)
    assert superseded()
    ctx.session_id = "gone"  # a session closed meanwhile: nothing to keep apart
    assert not superseded()
