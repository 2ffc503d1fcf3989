"""fixrev32a on the pages (AppTest): the fresh review rev32a's findings (王蕾, HRBP of a
900-person manufacturing group)."""

from __future__ import annotations

import re

from analytics.calibration import sessions
from analytics.text import render
from tests.app.apptest import open_page
from tests.app.conftest import smallest_team_session
from tests.app.test_pack24_record import _decided as decided


def _in_order(node) -> list:
    """The page's elements in the order they are drawn (blocks walked depth first)."""
    kids = getattr(node, "children", None)
    if kids is None:
        return [node]
    return [e for i in sorted(kids) for e in _in_order(kids[i])]


def test_the_move_form_and_the_signed_off_session(meeting_db, monkeypatch):
    """rev32a finding 7: the move form showed the person's grade only after a save ("…的校准后
    等级已是 优秀：没有调整，未记录"); now beside the person chosen. Then, signed off (finding 3):
    the three files were at the very bottom, under the audit table; now they follow the
    "signed off by" line (the reopen form beside them), before the grade table, and a click
    on one does not run the page again. One page for both: each run of it costs."""
    sid = smallest_team_session(meeting_db)
    s = sessions.load(meeting_db, sid)
    monkeypatch.setenv("PERFLENS_DB", str(meeting_db))
    at = open_page("pages/meeting.py", "zh", query={"dept": s.row["scope"]})
    for row in (1, 0):  # the grade of whoever is chosen (the form opens on the first)
        person = s.grades.row(row, named=True)
        at.selectbox(key="cs_person").set_value(person["employee_id"]).run()
        said = [m.value for m in at.markdown if m.value.startswith("当前校准后等级")]
        grade_now = render("cs.grade_now", "zh", grade=person["final"], imported=person["imported"])
        assert (
            said
            == [grade_now]
            == [f"当前校准后等级：**{person['final']}**（导入时：{person['imported']}）"]
        )
    en = render("cs.grade_now", "en", grade="B", imported="A")
    assert en == "Final grade now: **B** (imported: A)"
    decided(meeting_db, sid)  # one move with a reason, then signed off
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    drawn = _in_order(at.main)
    kinds = [getattr(e, "type", "") for e in drawn]
    (status,) = [i for i, k in enumerate(kinds) if k == "success"]
    assert "已由 lead 于" in drawn[status].value
    files = [i for i in range(len(drawn)) if getattr(drawn[i], "key", None) in KEYS]
    assert [drawn[i].key for i in files] == list(KEYS), kinds
    assert files == [status + 1, status + 2, status + 3], (status, files, kinds)
    assert kinds[status + 4 : status + 6] == ["text_input", "button"]  # the reopen form
    audit = [i for i, e in enumerate(drawn) if kinds[i] == "subheader" and e.value == "修改记录"]
    assert audit and audit[0] > files[-1] + 10
    assert all(drawn[i].proto.ignore_rerun for i in files)
    # rev32a finding 6: the audit table's times as the sign-off line says them, not
    # "2026-12-06 14:38:05+00:00"
    table = next(drawn[i] for i in range(audit[0], len(drawn)) if kinds[i] == "dataframe")
    cells = " | ".join(map(str, table.value.astype(str).to_numpy().ravel()))
    when = r"\d{4}年\d+月\d+日 \d\d:\d\d（UTC[^）]*）"
    assert re.search(f"于 {when}", drawn[status].value), drawn[status].value
    assert len(re.findall(when, cells)) >= 2, cells  # the move and the sign-off
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", cells), cells


#: the write-back's files: workbook, CSV, the printable record
KEYS = ("cs_xlsx", "cs_csv", "cs_record")
