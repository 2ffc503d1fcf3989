"""What the last reviews left (left32), below the pages."""

from __future__ import annotations

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.runtime import Runtime

from ui import stinternals


def test_the_rerun_of_a_session_whose_download_failed_finds_streamlits_names():
    """left32 item 1: a failed download asks its session to run again through names below
    Streamlit's public API; an upgrade that renames them fails here, not silently."""
    get, soon, rerun = stinternals.RERUN_NAMES
    assert hasattr(Runtime, get) and hasattr(AppSession, soon) and hasattr(AppSession, rerun)
