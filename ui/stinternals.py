"""The one place PerfLens reaches into Streamlit below its public API.

Streamlit 1.67 has no public way to carry a widget-bound query parameter (``?lang=``,
``?dept=`` ...) through ``st.switch_page``: the switch refuses to clear a bound parameter. So
:func:`release_query_bindings` unbinds them first through the session's ``QueryParams``
(``is_bound``, ``get_binding_for_param``, ``unbind_widget``). ``tests/test_stinternals.py``
runs it in an AppTest against the installed Streamlit and fails with the missing name if an
upgrade changes any of them; the browser test of Back after a row route covers the whole route.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["QUERY_PARAM_METHODS", "release_query_bindings"]

#: the non-public ``QueryParams`` methods used here (checked by the test against Streamlit)
QUERY_PARAM_METHODS = ("is_bound", "get_binding_for_param", "unbind_widget")


def release_query_bindings(params: Iterable[str], keep_if_bound: str) -> bool:
    """Unbind the widgets bound to ``params`` so ``st.switch_page`` may carry their values;
    False (nothing released) when ``keep_if_bound`` is bound, i.e. the page that binds it is
    the one running (the switch would land on itself)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:  # no session (a bare script): nothing is bound
        return True
    with ctx.session_state.query_params() as qp:
        if qp.is_bound(keep_if_bound):
            return False
        for key in params:
            binding = qp.get_binding_for_param(key)
            if binding is not None:
                qp.unbind_widget(binding.widget_id)
    return True
