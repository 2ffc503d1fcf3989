"""``python -m tests.e2e.held_run_serve [streamlit run options]``: the dashboard as ``ui.serve``
starts it, with the order of two threads that a loaded machine makes now and then forced, for
``tests/e2e/test_deep_link.py`` (test-only).

A session's first run holds, once its sidebar's menu is drawn, until the browser's next
request has started the next run (at most :data:`HOLD_S`): a menu click then stops a first run
still under way. The next run, before it puts back the parameters the click lost
(:func:`ui.carry.restore`), waits for the held run to end: the stopped run ends after the next
one began and before it puts back, the order that lost every parameter 1 click in 6 under load
(session 34). Streamlit (``runner.fastReruns``) starts the next run on a thread of its own as
soon as it asks the run under way to stop.
"""

from __future__ import annotations

import threading

from analytics import runtime

#: at most this long a first run holds for the click, and the next run waits for it to end
HOLD_S = 60.0

_held: list[threading.Thread] = []  # the first run holding, while it holds
_next_started = threading.Event()


def _patch() -> None:
    import streamlit as st

    from ui import carry, shell

    draw_menu, restore = shell.draw_menu, carry.restore

    def held_draw_menu(menu: bool = True) -> None:
        first = not st.session_state.get("_menu_drawn")
        draw_menu(menu)
        if first and menu:
            _held[:] = [threading.current_thread()]
            _next_started.wait(HOLD_S)
            st.session_state.get("_held")  # Streamlit's stop check: the stop raised here

    def late_restore() -> dict[str, str | list[str]]:
        held = [thread for thread in _held if thread is not threading.current_thread()]
        if held:
            _held.clear()
            _next_started.set()
            held[0].join(HOLD_S)
            _next_started.clear()
        return restore()

    shell.draw_menu = held_draw_menu
    carry.restore = late_restore


if __name__ == "__main__":
    runtime.configure()  # first, as ui.serve's: before Polars loads
    _patch()
    from ui import serve

    serve.main()
