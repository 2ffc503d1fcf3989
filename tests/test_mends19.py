"""Session 19 mends (code): one rounding of points for the department and team sentences, one
tuple of the KPI drivers' fraction columns for the attribution module and the labels, one
"start once" for the runtime's background imports."""

from __future__ import annotations

import threading

import polars as pl
import pytest

from analytics.findings import stories
from analytics.findings.units import Unit
from analytics.text import render_column
from tests.test_review19c import _team_drop_ratings


def test_points_round_by_the_pairs_scale():
    # the pair's points (``_span``) and decimals (``_digits``: its scale's, as the ``pt`` spec)
    frame = pl.DataFrame({"_span": [100.0, 4.0, 1.0], "_digits": [1, 2, 3], "x": [-0.03216] * 3})
    assert frame.select(stories._points("x"))["x"].to_list() == [-3.2, -0.13, -0.032]


def test_a_part_that_rounds_to_zero_is_worded_zero_not_minus_zero():
    """Two rows (Polars keeps -0.0 + 0.0 as -0.0 in a frame of more than one row): the
    sentence says "change of rater 0", never "-0"."""
    shifts = pl.DataFrame(
        {"dept": ["销售", "研发"], "from_cycle": ["Q1"] * 2, "to_cycle": ["Q2"] * 2, "n": [2, 2]}
        | {"department": [-0.08, -0.07], "ci95_low": [-0.09] * 2, "ci95_high": [-0.07, -0.06]}
        | {"significant": [True, True]}
    )
    parts = {c: [-0.04] * 4 for c in ("change", "company", "department", "individual")}
    changes = pl.DataFrame(
        {"dept": ["销售"] * 2 + ["研发"] * 2, "from_cycle": ["Q1"] * 4, "to_cycle": ["Q2"] * 4}
        | parts
        | {"rater": [-0.0001] * 4}
    )
    out = stories.shift_sentences(shifts, changes, None, Unit("0-100", 0.0, 100.0))
    for lang in ("zh", "en"):
        words = render_column(out["story"], lang, "story").to_list()
        assert len(words) == 2 and not any("-0 " in w or "-0，" in w or "-0。" in w for w in words)


def test_department_and_team_sentences_both_speak_through_one_rounding(monkeypatch):
    """Both sentence builders take their points from ``stories._points``: a change of the
    rounding lands in both (they carried a copy each)."""
    from analytics.stats.attribution import score_changes

    seen: list[str] = []
    real = stories._points

    def spy(col: str) -> pl.Expr:
        seen.append(col)
        return real(col) * 0 + 123.0

    monkeypatch.setattr(stories, "_points", spy)
    changes = score_changes(_team_drop_ratings())
    table = stories.team_shift_table(changes, changes)
    team = stories.team_shift_sentences(table, Unit("0-100", 0.0, 100.0))
    assert {"shift", "change", "ci95_low", "individual"} <= set(seen)
    assert "123.0" in str(team["story"][0])
    seen.clear()
    shifts = pl.DataFrame(
        {"dept": ["销售"], "from_cycle": ["Q1"], "to_cycle": ["Q2"], "n": [2]}
        | {"department": [-0.08], "ci95_low": [-0.09], "ci95_high": [-0.07]}
        | {"significant": [True]}
    )
    parts = {c: [-0.04, -0.04] for c in ("change", "company", "department", "rater", "individual")}
    dept = stories.shift_sentences(
        shifts,
        pl.DataFrame(
            {"dept": ["销售"] * 2, "from_cycle": ["Q1"] * 2, "to_cycle": ["Q2"] * 2} | parts
        ),
        None,
    )
    assert {"_change", "_department", "ci95_low", "_individual"} <= set(seen)
    assert "123.0" in str(dept["story"][0])


def test_kpi_driver_fractions_are_one_tuple_the_tables_and_the_labels_share():
    from analytics.stats.attribution import (
        KPI_DRIVER_FRACTIONS,
        kpi_drivers_by_department,
        kpi_drivers_by_employee,
    )
    from analytics.text.labels import PERCENT_COLUMNS, is_percent

    kpis = pl.DataFrame(
        {
            "cycle_id": ["c1", "c1", "c2", "c2"] * 2,
            "cycle_order": [1, 1, 2, 2] * 2,
            "employee_id": ["e1"] * 4 + ["e2"] * 4,
            "kpi": ["rev", "nps"] * 4,
            "weight": [0.6, 0.4, 0.5, 0.5] * 2,
            "attainment": [0.9, 0.8, 0.7, 1.0, 0.5, 0.6, 0.8, 0.9],
        }
    ).with_columns(
        target=pl.lit(100.0), actual=pl.col("attainment") * 100, period=pl.lit(None, pl.String)
    )
    people = pl.DataFrame({"employee_id": ["e1", "e2"], "department": ["a", "a"]})
    dept = kpi_drivers_by_department(kpis, people)
    emp = kpi_drivers_by_employee(kpis, people)
    assert dept.columns[5:-1] == list(KPI_DRIVER_FRACTIONS)
    fractions = [c for c in emp.columns if c in KPI_DRIVER_FRACTIONS]
    assert fractions == [c for c in KPI_DRIVER_FRACTIONS if c in emp.columns]
    assert "contribution" in fractions and "contribution_se" not in fractions
    # every fraction column is shown as a percentage, from the one tuple
    assert set(KPI_DRIVER_FRACTIONS) <= PERCENT_COLUMNS
    assert all(is_percent(c) for c in KPI_DRIVER_FRACTIONS)
    # and the drivers' sums hold: the contributions add up to the total change
    one = dept.filter(pl.col("dept") == "a")
    assert one["contribution"].sum() == pytest.approx(one["total_change"][0])


def test_start_once_starts_one_thread_whoever_asks(monkeypatch):
    """``runtime._start_once`` (behind ``preload`` and ``warm_imports``): eight threads asking
    at once get the same thread, and the target runs once."""
    from analytics import runtime

    monkeypatch.setattr(runtime, "_started", {})
    gate, runs = threading.Event(), []

    def target() -> None:
        runs.append(1)
        gate.wait(5)

    got: list[threading.Thread] = []
    askers = [
        threading.Thread(target=lambda: got.append(runtime._start_once("t-once", target)))
        for _ in range(8)
    ]
    for a in askers:
        a.start()
    for a in askers:
        a.join()
    assert len(got) == 8 and len(set(got)) == 1 and got[0].daemon and got[0].name == "t-once"
    gate.set()
    got[0].join(5)
    assert runs == [1] and runtime._start_once("t-once", target) is got[0] and runs == [1]
    # preload is one of its names: waiting for it and asking whether it runs read the same
    assert not runtime.preloading()
    runtime.wait_preload()  # nothing started: returns at once
