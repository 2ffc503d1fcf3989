"""What the last reviews left (left32), below the pages."""

from __future__ import annotations

import inspect

import polars as pl
import pytest
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.runtime import Runtime

from analytics import text
from analytics.export import figures
from analytics.findings.headlines import headlines
from analytics.findings.stories import joint_pairs, scope_shift_lines
from analytics.findings.units import convert, unit_of_scales
from tests.test_fixattr31 import SIZES, _case
from ui import stinternals


def test_the_rerun_of_a_session_whose_download_failed_finds_streamlits_names():
    """left32 item 1: a failed download asks its session to run again through names below
    Streamlit's public API; an upgrade that renames them fails here, not silently."""
    get, soon, rerun, *own = stinternals.RERUN_NAMES
    assert hasattr(Runtime, get) and hasattr(AppSession, soon) and hasattr(AppSession, rerun)
    for name in own:  # an instance's (the client state; whether a run is under way)
        assert f"self.{name} = " in inspect.getsource(AppSession.__init__), name


# ---- items 2-4: one department over half of the people (tests/test_fixattr31.py's frames) ----

UNIT = unit_of_scales(["0-100"])


@pytest.fixture(scope="module")
def still():  # D0 (60 of 100) and the rest flat; e000 rises 0.12
    return _case(dict.fromkeys(SIZES, 0.0))


def _said(sh: pl.DataFrame, lang: str) -> dict[str, str]:
    words = text.render_column(convert(sh, UNIT)["flag_reason"], lang, "reason")
    return dict(zip(sh["dept"].to_list(), words.to_list()))


def test_a_dominant_departments_pair_where_nothing_moved_says_so(still):
    """left32 item 2: D0 +0.18 points (95% CI -0.36…+0.73, hand: (0.12 - 0.01) / 60 on 0-1),
    the rest +0.1 (-0.3…+0.5), both within the pair's material shift of 1.0 point: "nothing
    moved", not "company-wide or its own cannot be told"; no department named, no headline."""
    _ch, sh, _own = still
    assert sh["environment_answer"].to_list() == ["none"] * 4
    d0 = sh.filter(pl.col("dept") == "D0").row(0, named=True)
    assert d0["department"] == pytest.approx(0.11 / 60)
    assert d0["min_shift"] == pytest.approx(0.01) and -0.01 < d0["rest_ci95_low"] < 0
    assert d0["flag_reason"]["code"] == "department_shift_joint_none"
    assert not sh["significant"].any()
    zh, en = _said(sh, "zh"), _said(sh, "en")
    assert "+0.2（0-100 分制，95% CI -0.4…+0.7，60 人）" in zh["D0"]
    assert "（n=40）+0.1（95% CI -0.3…+0.5）" in zh["D0"] and "±1.0" in zh["D0"]
    assert "什么都没有变动" in zh["D0"] and "无法判断" not in zh["D0"]
    assert "so nothing moved" in en["D0"] and "cannot be told" not in en["D0"]
    for d in ("D1", "D2", "D3"):  # the other lines follow the answer (item 4)
        assert "D0 与其余部门都没有实质变动" in zh[d] and "无法分开" not in zh[d], zh[d]
        assert "neither D0 nor the other departments moved" in en[d]
    codes = {h.code for h in headlines({"department_shifts": sh}, UNIT)}
    assert not {c for c in codes if c.startswith("overview.headline_joint")}, codes
    line = scope_shift_lines(sh.filter(pl.col("dept") == "D0"), ("c2",), UNIT)
    assert line["line"][0]["code"] == "scope_shift_joint_none" and not line["significant"][0]
    assert "什么都没有变动" in text.render_column(line["line"], "zh", "reason")[0]
    assert text.render_column(sh["environment_answer"], "en", "answer")[0] == "nothing moved"


def test_the_other_departments_lines_follow_the_pairs_answer():
    """left32 item 4: beside a pair answered company-wide (all four fall 5 points) or D0's
    own (D0 alone), each other department's line says so, not "cannot be separated"."""
    _ch, sh, _own = _case(dict.fromkeys(SIZES, -0.05))
    zh, en = _said(sh, "zh"), _said(sh, "en")
    for d in ("D1", "D2", "D3"):
        code = sh.filter(pl.col("dept") == d)["flag_reason"][0]["code"]
        assert code == "department_shift_joint_other_moved_company"
        assert "全公司的变动" in zh[d] and "无法分开" not in zh[d], zh[d]
        assert "company-wide" in en[d] and "cannot be separated" not in en[d]
    assert "-4.9 points on 0-100 against its own previous cycle (95% CI -5.7…-4.0" in en["D1"]
    _ch, sh, _own = _case({"D0": -0.05, "D1": 0.0, "D2": 0.0, "D3": 0.0})
    zh = _said(sh, "zh")
    assert "没有明确变动；这一对周期的变动是 D0 自己的变动" in zh["D1"], zh["D1"]
    # no "whether the company or a department moved is not judged" note above the lines of a
    # pair the data answer (it read "only 4 departments" there); an untold pair keeps it
    assert joint_pairs(sh) is None
    _ch, sh, _own = _case({"D0": -0.05, "D1": 0.0, "D2": 0.0, "D3": -0.05})
    (pair,) = joint_pairs(sh)["pairs"]
    assert pair["code"] == "attr.joint_pair_dominant" and pair["params"]["dominant"] == "D0"


def _bars(rows: pl.DataFrame, shifts: pl.DataFrame, person: str, lang: str):
    row = figures.with_environment_answer(rows.filter(pl.col("employee_id") == person), shifts)
    bars = figures.waterfall(row.row(0, named=True), lang, UNIT).data[0]
    return list(bars.x[:2]), list(bars.y[:2])


def test_the_waterfall_names_the_environment_bar_as_the_pairs_answer(still):
    """left32 item 3: the person's waterfall named a joint pair's bar "company or department
    (cannot be separated)" whatever the answer; now as the attribution bars: D0's own fall
    (-4.7 = (59 * -5 - 1 + 12) / 60 points, e000's department) on the department bar, a
    company-wide fall on the company bar, and "cannot be separated" only where not told."""
    ch, sh, _own = _case({"D0": -0.05, "D1": 0.0, "D2": 0.0, "D3": 0.0})
    names, values = _bars(ch, sh, "e000", "zh")
    assert names == ["公司整体", "部门环境"] and values == pytest.approx([0.0, -4.7])
    ch, sh, _own = _case(dict.fromkeys(SIZES, -0.05))
    names, values = _bars(ch, sh, "e001", "en")
    assert names == ["company", "department"] and values == pytest.approx([-4.7, 0.0])
    ch, sh, _own = still
    assert _bars(ch, sh, "e000", "en")[0] == ["company", "department"]  # nothing moved
    # the rest moved part of the way (tests/test_fixattr30.py): cannot be told, as before
    ch, sh, _own = _case({"D0": -0.05, "D1": 0.0, "D2": 0.0, "D3": -0.05})
    assert sh["environment_answer"][0] == "joint"
    names, _values = _bars(ch, sh, "e000", "zh")
    assert names == [text.render(f"component.{c}", "zh") for c in ("company_joint", "environment")]
