"""A 360 file whose rater-role values no known word names (上级领导, 项目同事, 跨部门协作): the
Data page says which values and how many ratings before the import, shows the held-back
cells with their reason (it was hidden behind "1 more column"), and maps each value to a role
in place, as the command line's mapping ``roles`` does (session 44, helper B item 5).
Assertions use catalogue words."""

from __future__ import annotations

import pytest

from analytics.text import render
from analytics.text.messages import render_page
from tests.app.test_data_page import (
    _click,
    _column_configs,
    _data_page,
    _errors,
    _warnings,
    small_db,
    stored,
)
from tests.test_messy_exports45 import roles_file

__all__ = ["small_db"]  # the fixture, shared


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unknown_role_values_are_named_and_mapped_on_the_page(small_db, tmp_path, lang):
    name = "i_roles_units_cycles_360_export.csv"  # a long name, as exports have
    at = _data_page(tmp_path, lang, {name: roles_file(tmp_path / name)})
    assert not at.error, _errors(at)
    values = ["上级领导", "项目同事", "跨部门协作"]
    said = render_page(
        "roles_unknown", lang, file=name, column="评价关系", values=values, n=36, example="上级领导"
    )
    assert said in _warnings(at), _warnings(at)
    assert "--mapping" not in said and render("data.role_values", lang) in said
    # the held-back cells with their reason in view, not behind "1 more column"
    (held,) = [f for f in at.dataframe if {"raw_value", "reason"} <= set(f.value.columns)]
    shown = {c.get("label"): c for c in _column_configs(held)}
    reason = render("column.reason", lang)
    assert reason in shown and not shown[reason].get("hidden"), shown
    more = render("common.more_columns", lang, n=1)
    assert more not in "\n".join(c.value for c in at.caption)
    # each value mapped in place: the warning goes, nothing is held back
    for value, role in zip(values, ("manager", "peer", "peer"), strict=True):
        box = at.selectbox(key=f"data_role_{name}_{value}")
        assert box.value == "" and render("role.manager", lang) in box.options
        box.set_value(role).run()
        assert not at.exception, [e.value for e in at.exception]
    assert said not in _warnings(at)
    assert at.selectbox(key=f"data_role_{name}_上级领导").value == "manager"  # still offered
    _click(at, f"data_import_{name}")
    assert not at.exception and not at.error, _errors(at)
    got = stored(
        small_db,
        "SELECT rater_role, count(*) FROM reviews WHERE employee_id LIKE 'E70%' GROUP BY 1",
    )
    held_back = stored(small_db, "SELECT count(*) FROM quarantine")[0][0]
    assert dict(got) == {"self": 12, "manager": 12, "peer": 24}
    assert held_back == 0
