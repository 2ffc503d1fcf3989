"""rev30b's findings (Priya Nair, a manager-only A-D company), each on a small case worked by
hand: the meeting's participants are names, not words (item 2); ..."""

from __future__ import annotations

from datetime import datetime

import pytest

from analytics.calibration import record, sessions
from tests.test_writeback_original import imported

T0 = datetime(2026, 12, 6, 9, 0, 0)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """tests/test_writeback_original.py's 8-person export imported (about 1.5 CPU s)."""
    return imported(tmp_path_factory.mktemp("fixrev30b"))


def test_participants_are_split_on_commas_and_new_lines_never_on_spaces():
    assert sessions.split_names("Priya Nair, Daniel Ong (Sales head)") == [
        "Priya Nair",
        "Daniel Ong (Sales head)",
    ]
    assert sessions.split_names("王 伟，赵敏、李娜;Ann Lee\n Bo Chen ,, ") == [
        "王 伟",
        "赵敏",
        "李娜",
        "Ann Lee",
        "Bo Chen",
    ]
    assert sessions.split_names("") == []


def test_the_signed_record_names_each_participant_whole(small):
    names = sessions.split_names("Priya Nair, Daniel Ong (Sales head)")
    sid = sessions.create(
        small, cycle="2025Q4", department="研发中心", author="hr", participants=names, at=T0
    )
    sessions.sign_off(small, sid, "boss", T0)
    s = sessions.load(small, sid)
    page = record.record_html(s, sessions.writeback_rows(small, s), "en")
    assert "Participants: Priya Nair, Daniel Ong (Sales head)" in page
