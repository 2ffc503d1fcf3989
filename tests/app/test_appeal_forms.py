"""The appeal form on the person page keeps what the user typed when the save is refused and
clears it when the appeal is recorded (session 45: ``clear_on_submit`` cleared a refused form
too, and the refusal shown above the unkeyed expander collapsed it: the typed reason was lost)."""

from __future__ import annotations

import datetime as dt

import duckdb

from analytics.calibration import appeals
from tests.app.apptest import open_page


def test_a_refused_appeal_keeps_the_typed_reason_and_a_saved_one_clears_it(demo):
    con = duckdb.connect(str(demo), read_only=True)
    try:
        emp = con.execute("SELECT employee_id FROM outcomes ORDER BY 1 LIMIT 1").fetchone()[0]
    finally:
        con.close()
    at = open_page("pages/person.py", "en", employee=emp)
    reason = "the KPI sheet was missing"
    at.text_area(key="person_appeal_reason").input(reason)
    later = dt.date.today() + dt.timedelta(days=5)  # refused: filed in the future
    at.date_input(key="person_appeal_filed").set_value(later)
    at.button(key="person_appeal_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1, [e.value for e in at.error]  # the refusal, said
    assert at.text_area(key="person_appeal_reason").value == reason
    assert at.date_input(key="person_appeal_filed").value == later
    assert appeals.recorded(str(demo)).is_empty()  # nothing saved
    at.date_input(key="person_appeal_filed").set_value(dt.date.today())
    at.button(key="person_appeal_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.text_area(key="person_appeal_reason").value == ""
    saved = appeals.recorded(str(demo))
    assert saved["reason"].to_list() == [reason] and saved["employee_id"].to_list() == [emp]
