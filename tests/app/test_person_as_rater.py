"""A click on a row of the person page's "as a rater" table opens that person once: the next
person's table was drawn under the same key with the clicked row still selected, so it opened
its own first person, and so on without end (helper N, session 44)."""

from __future__ import annotations

import duckdb
import pytest

from tests.app.apptest import open_page


def _raters_of_raters(path) -> tuple[str, str]:
    """A rater whose first rated person (as the table lists them) rates people too."""
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute(
            "SELECT r.rater_id, min(r.employee_id) FROM reviews r "
            "WHERE r.rater_id <> r.employee_id "
            "AND r.rater_id IN (SELECT employee_id FROM employees) GROUP BY 1 "
            "HAVING min(r.employee_id) IN (SELECT rater_id FROM reviews "
            "WHERE rater_id <> employee_id) ORDER BY 1 LIMIT 1"
        ).fetchone()
    assert row is not None
    return row[0], row[1]


@pytest.mark.parametrize("lang", ["zh"])
def test_a_row_opens_its_person_once(demo, lang):
    rater, _ = _raters_of_raters(demo)
    at = open_page("pages/person.py", lang, timeout=60, employee=rater)  # the loop: a timeout
    key = next(d.key for d in at.dataframe if (d.key or "").startswith("person_as_rater"))
    at.session_state[key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    opened = at.query_params.get("employee")
    assert opened and opened != rater
    at.run()  # the opened person's page again: still them, no click of its own
    assert at.query_params.get("employee") == opened
