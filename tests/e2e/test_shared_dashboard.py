"""The dashboard and the command line share a database (a real ``streamlit run`` process, a real
CLI import in another process, Chromium reading the page).

Before: the dashboard held a read-write DuckDB connection for its lifetime, and DuckDB locks a
file per process, so ``python -m analytics import`` died with a lock traceback while it ran.
Now the import succeeds while the dashboard serves, the page keeps showing the old numbers
during the import, and shows the new ones after it, without a restart.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_browser import assert_no_error, menu_to, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_data")]

ROOT = Path(__file__).resolve().parents[2]
CLEAN = ROOT / "tests" / "data" / "bad" / "clean_long_csv" / "ratings.csv"


def _metric(page, label: str) -> int:
    cell = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return int(cell.inner_text().split()[-1].replace(",", ""))


def _overview(page, base: str, by_menu: bool = False) -> tuple[int, int]:
    """The overview's ratings and employees: the page loaded (a new session), or opened from
    the page shown by the sidebar's menu (``by_menu``: the same session's next run)."""
    if by_menu:
        menu_to(page, "overview", "en")
    else:
        page.goto(f"{base}/?lang=English")
    page.get_by_role("heading", name="Overview").first.wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    assert_no_error(page)
    return _metric(page, "Ratings"), _metric(page, "Employees")


@pytest.fixture()
def shared(data_server):
    """The dashboard on a copy of the small demo that the other Data-page tests change too
    (tests/conftest.py ``data_server``, one ``xdist_group``): each test here adds its own ten
    people (other ids) and counts from what the page shows before it. Why not a server of
    this module's own: its start and its first overview cost more than either test's steps."""
    return data_server["app"], data_server["db"]


def test_cli_import_while_the_dashboard_serves(tmp_path, shared, browser):
    app, path = shared
    logged = len(app.lines)  # the server's log from here on (the other tests' before it)
    new = tmp_path / "new_people.csv"  # ten new people, 40 ratings
    new.write_text(CLEAN.read_text(encoding="utf-8").replace("E0", "N0"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    ratings, employees = _overview(page, app.base)
    proc = subprocess.Popen(
        [sys.executable, "-m", "analytics", "--lang", "en", "import", str(new), "--db", path],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = set()
    # the dashboard keeps serving the data before, whole: looked at up to three times while
    # the import runs (each look a page load, 2-4 CPU s of Chromium and the server; it looked
    # for as long as the import ran, a dozen times on a loaded machine)
    for _ in range(3):
        if proc.poll() is not None:
            break
        seen.add(_overview(page, app.base))
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in out + err and "lock" not in err.lower()
    assert (ratings, employees) in seen  # served during the import
    assert seen <= {(ratings, employees), (ratings + 40, employees + 10)}
    # the next page run shows the new data, no restart
    assert _overview(page, app.base) == (ratings + 40, employees + 10)
    page.close()
    server_log = "".join(line for _t, line in app.lines[logged:])
    assert "Traceback" not in server_log, server_log[-2000:]


def test_data_page_import_waits_for_a_cli_import_with_a_message(tmp_path, shared, browser):
    """The Data page's import while another writer (a CLI import) holds the database: the page
    says it waits, then imports when the other write is done."""
    import fcntl
    import os

    from analytics.store import access

    app, path = shared
    upload = tmp_path / "补录.csv"
    upload.write_text(CLEAN.read_text(encoding="utf-8").replace("E0", "W0"), encoding="utf-8")
    lock = os.open(f"{path}{access.LOCK_SUFFIX}", os.O_RDWR | os.O_CREAT)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        ratings, employees = _overview(page, app.base)
        menu_to(page, "data", "en")  # from the overview, by the sidebar's menu (it loaded it)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        button = page.get_by_role("button", name="Import 补录.csv")
        button.wait_for(timeout=60_000)
        fcntl.flock(lock, fcntl.LOCK_EX)  # another import is writing
        button.click()
        page.get_by_text("is being written by another import: waiting").first.wait_for(
            timeout=60_000
        )
        fcntl.flock(lock, fcntl.LOCK_UN)  # done: the page's import goes ahead
        page.get_by_text("40 rows loaded").first.wait_for(timeout=300_000)
        wait_idle(page, timeout=300_000)
        assert_no_error(page)
        assert page.get_by_text("waiting").count() == 0  # the notice is gone
        # the page's next run shows the import (the CLI's import: the test above, by a load)
        assert _overview(page, app.base, by_menu=True) == (ratings + 40, employees + 10)
        page.close()
    finally:
        os.close(lock)
