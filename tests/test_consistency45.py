"""One number per quantity between views (session 45, helper C; the tester's s44 A items 5,
7, 9, 14, 15): the person page's rater lines, the adjusted scores' fit, the changes across a
scale change and the headline's unit."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.findings.person import as_rater_lines, rater_view
from analytics.findings.units import Unit
from analytics.stats.raters import MIN_SHARED_RATEES
from analytics.text import render, render_column

MIXED = Unit("mixed", 0.0, 1.0)


def _rated(diffs: list[float]) -> pl.DataFrame:
    return pl.DataFrame(
        {"employee_id": [f"E{i}" for i in range(len(diffs))], "diff_vs_others": diffs}
    )


def _rater_row(**over) -> pl.DataFrame:
    row = {
        "rater_id": "E000426",
        "status": "flagged",
        "effect": 0.108224,
        "ci95_low": 0.0965,
        "ci95_high": 0.1199,
        "flags": [["lenient"]],
        "interval_method": "blup",
        "flag": "lenient",
        "n_shared_ratees": 26,
        "n": 894,
    }
    return pl.DataFrame({k: [v] if not isinstance(v, list) else v for k, v in (row | over).items()})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_raw_difference_below_the_rater_pages_floor_is_not_a_number(lang):
    # s44 A 15: "低 1.2 分（95% 区间 -44.4 至 +42.1，2 个人×周期）" from two person-cycles
    view = rater_view(_rated([-0.3, 0.28]))
    assert view["n"] == 2 < MIN_SHARED_RATEES and view["lo"] is not None
    lines = as_rater_lines(view, None, "E001826", Unit("0-100", 0.0, 100.0), lang)
    assert lines == [render("person.rater_view_few", lang, n=2, floor=MIN_SHARED_RATEES)]
    # at the floor the difference is shown, worded as the raw difference it is
    view = rater_view(_rated([-0.3, 0.28, 0.1]))
    assert as_rater_lines(view, None, "E001826", MIXED, lang)[0].startswith(
        render("person.rater_view", lang, than="", lo="", hi="", n=0, unit="")[:4]
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_person_page_gives_the_rater_pages_estimate_beside_the_raw_difference(lang):
    # s44 A 7b: the rater page's +0.108 (95% CI +0.097 to +0.120, n=894 ratings) and the
    # person page's raw "0.108 higher (+0.102 to +0.114, 149 person-cycles)" were two quantities
    # shown as one; the person page now says the rater page's numbers in its words
    view = rater_view(_rated([0.1, 0.12, 0.104, 0.11]))
    lines = as_rater_lines(view, _rater_row(), "E000426", MIXED, lang)
    model = render(
        "person.rater_model",
        lang,
        effect=0.108224,
        lo=0.0965,
        hi=0.1199,
        score_scale=MIXED.scale,
        n=894,
    )
    assert lines[-1] == model and len(lines) == 2
    assert "+0.108" in model and "+0.097" in model and "+0.120" in model and "894" in model
    # a rater the page cannot estimate: no model line
    lines = as_rater_lines(view, _rater_row(effect=None), "E000426", MIXED, lang)
    assert len(lines) == 1


FIVE, HUNDRED = Unit("1-5", 1.0, 5.0), Unit("0-100", 0.0, 100.0)
UNITS = {"2026Q1": FIVE, "2026Q2": HUNDRED}


def test_a_change_across_a_change_of_scale_is_on_the_0_1_score_in_the_meeting():
    # s44 A 9: the meeting (its cycle on 0-100) said 2026Q1 -> 2026Q2 as "+3.1 (0-100)"
    from analytics.calibration.evidence import attribution_line
    from analytics.findings.units import pair_points

    assert pair_points(HUNDRED, UNITS, "2026Q1", "2026Q2").mixed
    assert pair_points(HUNDRED, {**UNITS, "2026Q1": HUNDRED}, "2026Q1", "2026Q2") == HUNDRED
    assert pair_points(HUNDRED, {}, "2026Q1", "2026Q2") == HUNDRED  # one scale: as given
    changes = pl.DataFrame(
        {
            "from_cycle": ["2026Q1"],
            "to_cycle": ["2026Q2"],
            "change": [0.031],
            "company": [0.01],
            "department": [0.005],
            "rater": [0.006],
            "individual": [0.01],
        }
    )
    code, params = attribution_line(changes, None, "2026Q2", HUNDRED, UNITS)
    assert code == "cs.evidence_attribution"
    assert params["change"] == pytest.approx(0.031) and params["score_scale"] is None
    _, same = attribution_line(changes, None, "2026Q2", HUNDRED, {"2026Q1": HUNDRED})
    assert same["change"] == pytest.approx(3.1) and same["score_scale"] == "0-100"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_meetings_department_shift_across_a_change_of_scale_is_on_the_0_1_score(lang):
    from analytics.findings.stories import scope_shift_lines
    from analytics.stats.attribution import department_shifts, score_changes
    from tests.sim.company_part import shifted_company

    shifts = department_shifts(score_changes(shifted_company("one_down", 3)))
    units = {"2025H2": FIVE, "2026H1": HUNDRED}
    lines = scope_shift_lines(shifts.filter(pl.col("dept") == "D0"), ("2026H1",), HUNDRED, units)
    said = render_column(lines["line"], lang, "reason")[0]
    d = shifts.filter(pl.col("dept") == "D0")["department"][0]
    assert "0-1" in said and f"{d:+.3f}" in said
    assert f"{d * 100:+.1f}" not in said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_headline_names_a_shift_on_one_scale_in_its_points(lang):
    # s44 A 14: "销售中心 2025Q4 整体 -0.102（0-1 标准分）" on the overview and the packet's cover
    # beside the attribution's "-0.41 分（1-5 分制）" for the same shift
    from analytics.findings.headlines import headlines
    from analytics.findings.units import MIXED

    shifts = pl.DataFrame(
        {
            "dept": ["销售中心", "市场部"],
            "from_cycle": ["2025Q3", "2026Q1"],
            "to_cycle": ["2025Q4", "2026Q2"],
            "department": [-0.1025, 0.05],
            "significant": [True, True],
        }
    )
    units = {"2025Q3": FIVE, "2025Q4": FIVE, "2026Q1": FIVE, "2026Q2": HUNDRED}
    found = headlines({"department_shifts": shifts}, Unit(MIXED), cycle_units=units)
    said = render(found[0].code, lang, **found[0].params)
    assert "-0.41" in said and "-0.102" not in said  # one scale: its points, named
    assert "1-5" in said
    assert "+0.050" in said  # across the change of scale: the 0-1 score, said so
    # without the cycles' units: as before, the 0-1 score
    found = headlines({"department_shifts": shifts}, Unit(MIXED))
    assert "-0.102" in render(found[0].code, lang, **found[0].params)


GUIDE = {"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05}


def test_the_stepwise_moves_take_the_boundary_people_one_grade_each():
    # s44 A 5: the packet's "需调整 50 人" against the ranking start's 112 changed grades
    from analytics.calibration.fit import live_fit, start_counts, stepwise_moves
    from analytics.stats.distributions import guideline_targets

    rng = np.random.default_rng(45)
    n = 198
    grades = rng.choice(list(GUIDE), n, p=[0.22, 0.3, 0.4, 0.05, 0.03])
    current = pl.DataFrame({"employee_id": [f"E{i:04d}" for i in range(n)], "final": grades})
    # adjusted scores that order the grades (a newcomer from above outranks the grade's own
    # people, so it is not at the next boundary again)
    level = current["final"].replace_strict({g: 4 - i for i, g in enumerate(GUIDE)})
    adjusted = current.select(
        "employee_id", adjusted=0.2 * level.cast(pl.Float64) + rng.uniform(0, 0.15, n)
    )
    adjusted = adjusted.with_columns(  # one without a score: ranked at the grade's median
        adjusted=pl.when(pl.col("employee_id") == "E0000").then(None).otherwise("adjusted")
    )
    moved = stepwise_moves(adjusted, current, GUIDE)
    to_move = live_fit(current, GUIDE)["people_to_move"][0]
    after = current.join(moved.rename({"grade": "new"}), on="employee_id", how="left")
    after = after.with_columns(proposed=pl.coalesce("new", "final"), imported="final")
    counts = dict(after.group_by("proposed").len().iter_rows())
    targets = guideline_targets(n, GUIDE)
    assert counts == {g: c for g, c in targets.items() if c}
    # the step-wise count, by hand: each boundary's flow is taken by its own people
    order = {g: i for i, g in enumerate(GUIDE)}
    before = current["final"].replace_strict(order).to_numpy()
    flows = [
        abs(int((before <= b).sum()) - sum(targets[g] for g in list(GUIDE)[: b + 1]))
        for b in range(len(GUIDE) - 1)
    ]
    steps = after.select(
        (pl.col("proposed").replace_strict(order) - pl.col("final").replace_strict(order)).abs()
    ).to_series()
    assert steps.sum() == sum(flows)  # every grade step is one boundary's flow, none wasted
    # no grade is empty and the adjusted scores order the grades: nobody jumps past a grade
    assert steps.max() == 1 and moved.height == sum(flows) >= to_move > 0
    assert moved["employee_id"].is_unique().all()
    assert start_counts(after, GUIDE) == (sum(flows), to_move)
    # of a grade, the ones moved up are its highest adjusted scores, down its lowest
    scored = after.join(adjusted, on="employee_id").with_columns(
        up=pl.col("proposed").replace_strict(order) < pl.col("final").replace_strict(order),
        down=pl.col("proposed").replace_strict(order) > pl.col("final").replace_strict(order),
    )
    for g in GUIDE:
        mine = scored.filter((pl.col("final") == g) & pl.col("adjusted").is_not_null())
        ups, stay = mine.filter(pl.col("up")), mine.filter(~pl.col("up") & ~pl.col("down"))
        downs = mine.filter(pl.col("down"))
        if ups.height and stay.height:
            assert ups["adjusted"].min() >= stay["adjusted"].max()
        if downs.height and stay.height:
            assert downs["adjusted"].max() <= stay["adjusted"].min()
    # a scope that already fits: nobody moves
    fitted = after.select("employee_id", final="proposed")
    assert stepwise_moves(adjusted, fitted, GUIDE).is_empty()
    # adjusted scores that do not follow the grades: a newcomer may cross the next boundary
    # too, but the targets are reached and no step is wasted
    noise = adjusted.with_columns(adjusted=pl.Series(rng.normal(0.6, 0.1, n)))
    moved = stepwise_moves(noise, current, GUIDE)
    after = current.join(moved.rename({"grade": "new"}), on="employee_id", how="left")
    after = after.with_columns(proposed=pl.coalesce("new", "final"))
    assert dict(after.group_by("proposed").len().iter_rows()) == {
        g: c for g, c in targets.items() if c
    }
    steps = after.select(
        (pl.col("proposed").replace_strict(order) - pl.col("final").replace_strict(order)).abs()
    ).to_series()
    assert steps.sum() == sum(flows) and moved.height >= to_move


def test_the_stepwise_moves_by_hand():
    # targets of 10 people at 10/20/40/20/10%: S 1, A 2, B 4, C 2, D 1
    from analytics.calibration.fit import stepwise_moves

    guide = {"S": 0.1, "A": 0.2, "B": 0.4, "C": 0.2, "D": 0.1}
    ids = [f"P{i}" for i in range(10)]
    score = [0.9, 0.7, 0.8, 0.6, 0.5, 0.55, 0.52, 0.3, 0.2, 0.25]
    adjusted = pl.DataFrame({"employee_id": ids, "adjusted": score})
    # imported 3 S, 0 A, 4 B, 3 C, 0 D. S|A: 3 at S against 1, the two lowest S (P1 0.7,
    # P2 0.8) go to A; A|B: 3 against 3; B|C: 7 against 7; C|D: 10 against 9, the lowest C
    # (P8 0.2) goes to D
    current = pl.DataFrame({"employee_id": ids, "final": list("SSSBBBBCCC")})
    assert dict(stepwise_moves(adjusted, current, guide).iter_rows()) == {
        "P1": "A",
        "P2": "A",
        "P8": "D",
    }
    # imported 7 B, 2 C, 1 D: S|A needs one from an empty A; A|B: the three highest B (P0,
    # P2, P1) go up to A; the next pass takes A's highest (P0) on to S, two steps through the
    # grade that was empty
    current = pl.DataFrame({"employee_id": ids, "final": list("BBBBBBBCCD")})
    assert dict(stepwise_moves(adjusted, current, guide).iter_rows()) == {
        "P0": "S",
        "P1": "A",
        "P2": "A",
    }


def test_a_stepwise_session_says_both_counts(small_demo_db, tmp_path):
    from analytics.calibration import sessions
    from analytics.calibration.fit import start_counts
    from analytics.calibration.start import guideline_start

    path = tmp_path / "m.duckdb"
    path.write_bytes(small_demo_db.read_bytes())
    cycle = "2025Q3"
    counts = {}
    for start in ("what_if", "stepwise"):
        proposed = guideline_start(path, cycle, None, None, GUIDE, start)
        sid = sessions.create(
            path, cycle=cycle, proposed=proposed, author="hr", start=start, guideline=GUIDE
        )
        s = sessions.load(path, sid)
        assert s.row["start"] == start
        counts[start] = start_counts(s.grades, s.guideline)
    (ranked, fewest), (moved, fewest_too) = counts["what_if"], counts["stepwise"]
    assert fewest == fewest_too and ranked >= moved >= fewest


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_packets_department_shift_across_a_change_of_scale_carries_the_caveat(lang):
    from types import SimpleNamespace

    from analytics.export.packet import scope_shift_words
    from analytics.findings.scope import Scope
    from analytics.stats.attribution import department_shifts, score_changes
    from tests.sim.company_part import shifted_company

    shifts = department_shifts(score_changes(shifted_company("one_down", 3)))
    findings = SimpleNamespace(
        scope=Scope(cycles=("2026H1",), department="D0"),
        scope_shifts=shifts.filter(pl.col("dept") == "D0"),
        sections={},
        unit=HUNDRED,
        cycle_units={"2025H2": FIVE, "2026H1": HUNDRED},
    )
    said = scope_shift_words(findings, lang)
    caveat = render(
        "attr.waterfall_scale_break", lang, before=FIVE.words(lang), after=HUNDRED.words(lang)
    )
    assert len(said) == 2 and said[1] == caveat and "0-1" in said[0]
    findings.cycle_units = {"2025H2": HUNDRED, "2026H1": HUNDRED}  # one scale: no caveat
    assert len(scope_shift_words(findings, lang)) == 1


def test_the_calibrate_command_starts_from_the_stepwise_moves(small_demo_db, tmp_path, capsys):
    from analytics.calibration import sessions
    from analytics.calibration.fit import start_counts
    from analytics.cli import main

    path = tmp_path / "m.duckdb"
    path.write_bytes(small_demo_db.read_bytes())
    roles = tmp_path / "roles.toml"
    roles.write_text('[users.alice]\nrole = "hr_admin"\n', encoding="utf-8")
    argv = ["--lang", "en", "calibrate", "create", "--db", str(path), "--roles", str(roles)]
    argv += [
        "--cycle",
        "2025Q3",
        "--department",
        "研发中心",
        "--as",
        "alice",
        "--start",
        "stepwise",
    ]
    assert main(argv) == 0
    assert render("calib.start.stepwise", "en") in capsys.readouterr().out
    s = sessions.load(path, "1")
    changed, fewest = start_counts(s.grades, s.guideline)
    assert s.row["start"] == "stepwise" and changed >= fewest
