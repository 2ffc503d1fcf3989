"""rev32b (Daniel, an English CHRO's manager-only 0-100 export): the meeting packet carries the
manager findings, a signed-off grade reaches the person, the what-if names its ties, the
packet's heat map is as tall as its rows (fixrev32b)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.export.packet import to_packet_html
from analytics.findings.report import Findings
from analytics.findings.scope import Scope
from analytics.findings.units import Unit
from analytics.stats import raters
from analytics.text import render
from tests.sim.simulate import company

P100 = Unit("0-100", 0.0, 100.0)


def _manager_only_sections() -> dict[str, pl.DataFrame]:
    # a manager-only company's rater table, its first three managers' team gaps set by hand
    # (stored on 0-1): Chris Thompson's team +9.3 (3.9 to 14.6) on 0-100, one crossing 0
    r = company("manager_only", seed=3, n_teams=3, team_size=4, n_cycles=2).ratings
    table = raters.rater_table(r).head(3)
    raters_ = table.with_columns(
        rater_id=pl.Series(["9020", "9011", "9005"]),
        team_diff=pl.Series([0.0926, 0.011, -0.057]),
        team_ci95_low=pl.Series([0.039, -0.03, -0.100]),
        team_ci95_high=pl.Series([0.146, 0.05, -0.014]),
        team_people=pl.Series([6, 5, 5]),
        team_cycles=pl.Series([5, 5, 5]),
    )
    changes = pl.DataFrame(  # Sales' change leaves out 0; Support's (9300 → 9301) does not
        {
            "from_cycle": ["2024", "2025"],
            "to_cycle": ["2025", "2026"],
            "dept": ["Sales", "Support"],
            "manager_from": ["9014", "9300"],
            "manager_to": ["9100", "9301"],
            "n": [6, 4],
            "mean_change": [-0.01667, 0.01],
            "diff_vs_stable": [-0.05857, 0.02],
            "ci95_low": [-0.107, -0.03],
            "ci95_high": [-0.010, 0.07],
        }
    )
    return {"raters": raters_, "manager_changes": changes}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_packet_shows_the_manager_findings_of_a_manager_only_design(lang):
    """rev32b item 1: the packet said "No row in this scope needs discussing" of the raters
    and left out "Manager changed", while the workbook kept 4 teams apart from their
    department (Chris Thompson +9.3) and Sales 9014 → 9100 at -5.9."""
    names = pl.DataFrame({"employee_id": ["9020"], "name": ["Chris Thompson"]})
    page = to_packet_html(
        Findings(Scope(), _manager_only_sections(), unit=P100, names=names), lang
    ).replace("&#x27;", "'")
    assert render("packet.none_kept", lang, n=3) not in page
    assert render("packet.teams_below", lang, n=3, k=2) in page
    assert render("raters.team_means", lang) in page
    teams = page.split(render("raters.team_means", lang))[1]
    assert "Chris Thompson" in teams and ">9.3<" in teams and ">3.9<" in teams
    assert ">-5.7<" in teams and "9011" not in teams.split("</table>")[0]  # crosses 0: not kept
    changed = page.split(render("section.manager_changes", lang))[-1]
    assert ">9100<" in changed and ">-5.9<" in changed and ">-10.7<" in changed
    assert ">9301<" not in changed  # its interval crosses 0: in the workbook only


def test_a_signed_off_grade_reaches_the_persons_outcomes(tmp_path):
    """rev32b item 2: 1007 moved Exceeds → Meets in a signed-off session still read Grade
    "Exceeds", Calibrated "—" on his page. The outcomes now carry the session's grade, the
    session, who signed it off and when; an unsigned session decides nothing."""
    from datetime import datetime

    from analytics.calibration import bins, sessions
    from analytics.calibration.signed import signed_grades, with_signed_grades
    from tests.test_adverse import stored_session

    at = datetime(2026, 12, 6, 14, 12)
    path, sid = stored_session(tmp_path)  # E1 imported A
    s = sessions.load(path, sid)
    cycle = s.row["cycle_id"]
    seen = dict(zip(s.grades["employee_id"], s.grades["version"], strict=True))
    sessions.apply(path, sid, bins.moves_for(["E1"], "B", "other", "x", seen), "hr", at=at)
    outcomes = pl.DataFrame(
        {"cycle_id": [cycle], "grade": ["A"], "calibrated": [None]},
        schema_overrides={"calibrated": pl.Boolean},
    )
    assert signed_grades(path, "E1").is_empty()  # in progress: not decided yet
    assert with_signed_grades(outcomes, signed_grades(path, "E1")).equals(outcomes)
    sessions.sign_off(path, sid, "Daniel", at=at)
    row = with_signed_grades(outcomes, signed_grades(path, "E1")).row(0, named=True)
    assert row == {
        "cycle_id": cycle,
        "grade": "A",
        "final_grade": "B",
        "session_id": sid,
        "signed_by": "Daniel",
        "signed_at": at,
        "calibrated": True,
    }
    assert signed_grades(path, "X404")["final_grade"].to_list() == []  # not in the session


def test_people_tied_at_a_grade_cut_are_a_close_call_for_the_meeting():
    """rev32b item 3: 1036, 1050 and 1058 all scored 76 with 13 places in Exceeds; only 1058
    moved down, "Close call: No, 0.0 away". Three tied at the cut of a 3/3 guideline: all
    three are close calls, each tied with 2 others, and the words leave the choice to the
    meeting; a score alone on its side of the cut is not tied."""
    from analytics.calibration.fit import what_if
    from ui.calibration import how_close

    ids = ["1001", "1002", "1036", "1050", "1058", "1090"]
    scores = [0.90, 0.80, 0.76, 0.76, 0.76, 0.50]
    adjusted = pl.DataFrame(
        {"employee_id": ids, "adjusted": scores, "se": [None] * 6}
    ).with_columns(ci95_low=pl.lit(None, pl.Float64), ci95_high=pl.lit(None, pl.Float64))
    current = pl.DataFrame({"employee_id": ids, "final": ["A"] * 5 + ["B"]})
    out = what_if(adjusted.cast({"se": pl.Float64}), current, {"A": 0.5, "B": 0.5}).sort("rank")
    assert out["tied"].to_list() == [None, None, 2, 2, 2, None]
    assert out["close_call"].to_list() == [False, False, True, True, True, False]
    assert out["what_if_grade"].to_list() == ["A", "A", "A", "B", "B", "B"]
    for lang, words in (("en", "tied with 2 others at 76.0"), ("zh", "与另外 2 人同为 76.0 分")):
        said = how_close(out, P100, lang)["how_close"].to_list()
        assert [words in (x or "") for x in said] == [False, False, True, True, True, False]
        assert ("meeting" if lang == "en" else "会议") in said[3]


def test_a_long_heat_map_is_printed_as_tall_as_its_rows_in_parts():
    """rev32b item 4: Engineering's 13 teams were printed in the 330 px of 4 rows (every other
    label skipped, values hidden). Now each part is as tall as its rows, 13 rows print as 7 +
    6 on the colours of the whole grid, and a short grid stays one chart of its own height."""
    from analytics.export.packet import HEAT_PAGE_HEIGHT, chart_size, heat_pages

    teams = [f"Engineering/ENG-{i}" for i in range(1, 14)]
    cells = pl.DataFrame(
        {
            "unit": [u for u in teams for _ in range(2)],
            "cycle_id": ["2025", "2026"] * 13,
            "n": [5] * 26,
            "mean": [0.60 + 0.01 * i for i in range(26)],
            "small_n": [False] * 26,
        }
    )
    parts = heat_pages(cells, "en", P100)
    rows = [len(set(f.data[0].y)) for f in parts]
    assert rows == [7, 6]
    assert [chart_size(f)[1] for f in parts] == [110 + 44 * 7, 110 + 44 * 6]
    assert all(h <= HEAT_PAGE_HEIGHT for _, h in map(chart_size, parts))
    assert {(f.data[0].marker.cmin, f.data[0].marker.cmax) for f in parts} == {
        (parts[0].data[0].marker.cmin, parts[0].data[0].marker.cmax)
    }  # one colour scale over both parts
    assert teams[0] in parts[0].data[0].y and teams[12] in parts[1].data[0].y
    (one,) = heat_pages(cells.filter(pl.col("unit").is_in(teams[:3])), "en", P100)
    assert chart_size(one)[1] == 110 + 44 * 4  # the figure's own height (at least 4 rows)


def test_a_click_on_a_change_opens_the_person_on_that_change(monkeypatch):
    """rev32b item 5: ticking Tim Hill's 2024→2025 row (−11.0) in "People who moved against
    their department" opened the person on 2025→2026 (+0.0): the link had no ``pair=``. The
    row's own pair is carried now; a table without changes opens the person alone."""
    from types import SimpleNamespace

    import streamlit as st

    from ui import state, tables

    opened = []
    monkeypatch.setattr(state, "open_person", lambda e, pair=None: opened.append((e, pair)))
    monkeypatch.setattr(tables.cache, "version", lambda: "v")
    monkeypatch.setattr(tables, "get_lang", lambda: "en")
    monkeypatch.setattr(tables, "our_csv", lambda *a, **k: None)
    monkeypatch.setattr(tables, "more_columns", lambda hidden: None)
    monkeypatch.setattr(  # (shown, config, hidden, clickable, names, the grid's data)
        tables, "_worded", lambda frame, *a: (frame.slice(*a[4]), {}, [], True, None, None)
    )
    click = SimpleNamespace(selection=SimpleNamespace(rows=[1], cells=[]))
    monkeypatch.setattr(st, "dataframe", lambda *a, **k: click)
    changes = pl.DataFrame(
        {
            "employee_id": ["1004", "1053"],
            "from_cycle": ["2025", "2024"],
            "to_cycle": ["2026", "2025"],
        }
    )
    tables.show(changes, key="attr_against_t", unit=P100)
    tables.show(changes.drop("from_cycle", "to_cycle"), key="people_t", unit=P100)
    assert opened == [("1053", "2025"), ("1053", None)]


def test_reopen_without_a_reason_says_what_is_missing(tmp_path):
    """rev32b item 7: "Reopen" with an empty "Why reopen" said "#1: every change needs a
    reason." at the top of the page. The refusal names the session and what is missing (the
    page shows it beside the button, under "Why reopen"); nothing is reopened."""
    from analytics.calibration import sessions
    from analytics.calibration.moves import Refused
    from tests.test_adverse import stored_session

    path, sid = stored_session(tmp_path)
    sessions.sign_off(path, sid, "hr")
    with pytest.raises(Refused) as e:
        sessions.reopen(path, sid, "hr", "other", "  ")
    assert e.value.code == "reopen_no_reason"
    assert e.value.message("en") == f"Reopening calibration session {sid} needs a reason."
    assert e.value.message("zh") == f"重新打开校准会 {sid} 需要填写理由。"
    assert sessions.load(path, sid).row["status"] == "closed"


def test_the_grade_scale_line_names_the_grades_the_file_uses():
    """rev32b item 8: Acme's four grades (Exceeds/Meets/Partially Meets/Does Not Meet) were said
    as the Workday scale of five "Outstanding/Exceeds Expectations/..." alone. The line now
    names the file's own grades, in the scale's order; a file using the whole scale is said
    as before."""
    from analytics.ingest.outcomes import grade_column_line
    from analytics.text.messages import render as render_notice

    acme = pl.DataFrame({"grade": ["Meets", "Exceeds", "Does Not Meet", "Partially Meets"]})
    ((code, params), _) = grade_column_line(acme, "Rating", "acme.xlsx")
    assert code == "grade_column_scale_some"
    en = render_notice(code, "en", **params)
    assert en.endswith(
        "the file uses 4 of its 5 grades: Exceeds/Meets/Partially Meets/Does Not Meet"
    )
    assert "文件只用到其中 4 个等级：Exceeds/Meets/Partially Meets/Does Not Meet" in render_notice(
        code, "zh", **params
    )
    whole = pl.DataFrame({"grade": ["S", "A", "B", "C", "D"]})
    assert grade_column_line(whole, "绩效等级", "x.csv")[0][0] == "grade_column_scale"
