"""Review rev21/rev21b findings on the calibration meeting, against hand-worked examples: the
person's evidence says an interval cannot be estimated instead of a zero width (M7); the
what-if says in words how close each listed person is to the boundary; ``calibrate bonus
--per-person`` prints everyone's amount (the pool spent to the cent); a decisions file's bad
row is named by file, row and column; ``calibrate list`` prints no "null" for an unsigned
session."""

from __future__ import annotations

import polars as pl
import pytest

from analytics import schema as S
from analytics.calibration import bonus, evidence, sessions
from analytics.calibration.decisions import read_decisions
from analytics.calibration.moves import Refused
from analytics.cli import main
from analytics.findings.units import Unit
from analytics.store import access, db
from analytics.text import render

#: eleven people of one department: S1 A3 B5 C1 D1 (rev21b's hand check)
GRADES = ["S", "A", "A", "A", "B", "B", "B", "B", "B", "C", "D"]
IDS = [f"P{i:02d}" for i in range(1, 12)]


@pytest.fixture
def eleven(tmp_path):
    path = tmp_path / "m.duckdb"
    emp = pl.DataFrame({"employee_id": IDS, "name": IDS, "department": ["测试部"] * 11})
    out = pl.DataFrame({"cycle_id": ["2025Q4"] * 11, "employee_id": IDS, "grade": GRADES})
    with access.writing(path) as con:
        for table, frame in ((S.EMPLOYEES, emp), (S.OUTCOMES, out)):
            rows = table.conform(frame)  # noqa: F841
            con.execute(f"INSERT INTO {db.q(table.name)} SELECT * FROM rows")
    sid = sessions.create(path, cycle="2025Q4", department="测试部", author="hr")
    return path, sid


def test_per_person_amounts_by_hand():
    """Weights 2 + 3 x 1.5 + 5 x 1 + 0.5 + 0 = 12, so one unit is 10000 / 12 = 833.33...:
    S 1666.666..., A 1250, B 833.333..., C 416.666..., D 0. The floors leave 3 cents; the
    largest remainders (.67: S and C, then .33: the five Bs, the smallest id first) get
    one each: S 1666.67, C 416.67, P05 833.34, the other Bs 833.33; the sum is 10000.00."""
    people = pl.DataFrame(
        {"employee_id": IDS, "department": ["测试部"] * 11, "imported": GRADES, "final": GRADES}
    )
    got = bonus.person_amounts(people, 10000, bonus.DEFAULT_COEFFICIENTS)
    amounts = dict(zip(got["employee_id"], got["bonus_after"], strict=True))
    assert amounts == {
        "P01": 1666.67,
        "P02": 1250.0, "P03": 1250.0, "P04": 1250.0,
        "P05": 833.34, "P06": 833.33, "P07": 833.33, "P08": 833.33, "P09": 833.33,
        "P10": 416.67,
        "P11": 0.0,
    }  # fmt: skip
    assert round(sum(got["bonus_after"]) * 100) == 1_000_000  # to the cent
    assert got["bonus_before"].to_list() == got["bonus_after"].to_list()
    assert set(got["bonus_change"]) == {0.0}
    # a move S -> A: the before column keeps the imported grades' amounts
    moved = people.with_columns(final=pl.when(pl.col("employee_id") == "P01").then(pl.lit("A"))
                                .otherwise(pl.col("final")))  # fmt: skip
    got = bonus.person_amounts(moved, 10000, bonus.DEFAULT_COEFFICIENTS)
    assert round(sum(got["bonus_after"]) * 100) == 1_000_000
    p01 = got.filter(pl.col("employee_id") == "P01").row(0, named=True)
    # weights now 1.5 x 4 + 5 + 0.5 = 11.5: 10000 x 1.5 / 11.5 = 1304.347... -> 1304.35
    assert (p01["bonus_before"], p01["bonus_after"]) == (1666.67, 1304.35)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_calibrate_bonus_per_person_and_list_not_signed(eleven, lang, capsys):
    path, sid = eleven
    base = ["--lang", lang, "calibrate", "--db", str(path)]
    assert main([*base, "bonus", sid, "--pool", "10000", "--per-person"]) == 0
    out = capsys.readouterr().out
    # each person's cents, money written for reading (1,666.67, not 1666.670: issue 21)
    assert "1,666.67" in out and "833.34" in out and "416.67" in out
    assert "1666.67" not in out and "1666.670" not in out and "1e4" not in out
    assert "10,000.00" in out
    assert out.count("833.33") == 8  # four Bs, before and after
    assert render("column.final_grade", lang) in out  # the per-person table's header
    assert render("calib.bonus_total", lang, pool=10000.0, scheme="grade", base="",
                  before=10000.0, after=10000.0, n=11, which="default",
                  currency=render("calib.currency_default", lang)) in out  # fmt: skip
    assert main([*base, "bonus", sid, "--pool", "10000"]) == 0  # without: departments only
    assert "833.34" not in capsys.readouterr().out
    assert main([*base, "list"]) == 0
    out = capsys.readouterr().out
    assert "null" not in out and render("calib.unsigned", lang) in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_decision_row_names_the_file_row_and_column(eleven, tmp_path, lang, capsys):
    path, sid = eleven
    cases = {
        "grade.csv": ("P03,B,kpi_evidence,ok\nP09,X,kpi_evidence,bad\n", "decisions_grade"),
        "person.csv": ("P03,B,kpi_evidence,ok\nZ99,A,kpi_evidence,bad\n", "decisions_person"),
        "reason.csv": ("P03,B,kpi_evidence,ok\nP09,A,kpi_evidence,\n", "decisions_empty"),
    }
    for name, (rows, code) in cases.items():
        file = tmp_path / name
        file.write_text("employee_id,final_grade,reason_category,reason_text\n" + rows)
        argv = ["--lang", lang, "calibrate", "--db", str(path), "apply", sid]
        assert main([*argv, "--decisions", str(file)]) == 2
        err = capsys.readouterr().err
        with pytest.raises(Refused) as refused:
            read_decisions(file, dict.fromkeys(IDS, 0), ["S", "A", "B", "C", "D"])
        assert refused.value.code == code and refused.value.params["row"] == 3
        assert refused.value.message(lang) in err and name in err, err
        column = {"decisions_grade": "final_grade", "decisions_person": "employee_id"}
        assert column.get(code, "reason_text") in err
    assert sessions.load(path, sid).audit["action"].to_list() == ["create"]  # nothing saved


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_rater_per_person_says_the_interval_cannot_be_estimated(lang):
    """M7: the stats leave ``se`` null when each person has one rater and no second cycle
    (never a zero width); the panel says so, and a zero-width interval is not shown either."""
    known = {"adjusted": 0.6, "se": 0.05, "ci95_low": 0.5, "ci95_high": 0.7}
    assert evidence.interval_known(known)
    assert not evidence.interval_known(known | {"se": None, "ci95_low": None, "ci95_high": None})
    assert not evidence.interval_known(known | {"se": 0.0, "ci95_low": 0.6, "ci95_high": 0.6})
    assert not evidence.interval_known(known | {"se": float("nan")})
    words = render("cs.evidence_adjusted_no_interval", lang, cycle="2025Q4", adjusted=2.41,
                   raw=2.41, n=1)  # fmt: skip
    assert "2.41–2.41" not in words and "—" in words  # names the what-if's "—"
    assert {"zh": "无法估计", "en": "cannot be estimated"}[lang] in words
    assert {"zh": "1 位评价人", "en": "1 rater."}[lang] in words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_what_if_says_how_close_each_person_is(lang):
    """On a 1-5 cycle (4 points per unit of the 0-1 scale): 0.001 from the boundary with it
    inside the interval is a close call 0.00 away; 0.1 (0.40 points) at z = -2.5 is 2.5
    standard errors away; without a standard error only the distance is said."""
    from ui import calibration

    calls = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c"],
            "boundary_distance": [0.001, -0.1, 0.05],
            "z": [0.02, -2.5, None],
            "close_call": [True, False, False],
        }
    )
    got = calibration.how_close(calls, Unit("1-5", 1.0, 5.0), lang)["how_close"].to_list()
    assert got == [
        render("cs.close_call_words", lang, d="0.00"),
        render("cs.close_z_words", lang, d="0.40", z=2.5),
        render("cs.close_no_se_words", lang, d="0.20"),
    ]
    assert {"zh": "相差 0.40（2.5 个标准误）", "en": "0.40 away (2.5 SE)"}[lang] == got[1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_calibrate_list_words_a_people_list_scope(eleven, lang, capsys):
    """A session on a list of people printed its scope as the stored list (``["P01", ...]``,
    issue 21): it says how many, and the first five with their names, then "…"; the
    session page's picker says the same without names."""
    path, _ = eleven
    with access.writing(path) as con:  # names of their own, to see them printed
        con.execute(f"UPDATE {db.q(S.EMPLOYEES.name)} SET name = '名' || employee_id")
    people = IDS[:7]
    sessions.create(path, cycle="2025Q4", people=people, author="hr")
    assert main(["--lang", lang, "calibrate", "--db", str(path), "list"]) == 0
    out = capsys.readouterr().out
    assert "[" not in out and '"P01"' not in out
    shown = [f"{p} 名{p}" for p in people[: sessions.SCOPE_NAMED]] + ["…"]
    listed = render("calib.scope_people", lang, n=7, people=render_list(shown, lang))
    assert listed.replace(" ", "")[:30] in out.replace(" ", "").replace("\n", "")
    assert "P06" not in out.split(render("column.status", lang))[-1]  # only the first five
    assert sessions.scope_words("people", '["P01", "P02"]', lang) == render(
        "calib.scope_people", lang, n=2, people=render_list(["P01", "P02"], lang)
    )
    assert sessions.scope_words("department", "测试部", lang) == "测试部"


def render_list(items: list[str], lang: str) -> str:
    from analytics.text import join_list

    return join_list(items, lang)


def test_bonus_tables_show_money_with_two_decimals_and_separators():
    """The session page and the workbook showed amounts as 1863.350 and 100000.000 (rev21
    minor 4): money has two decimals and thousands separators, shares stay percentages."""
    from analytics.export.cells import format_number, number_kind
    from ui.tables import column_config

    frame = pl.DataFrame(
        {
            "department": ["a"],
            "bonus_before": [100000.0],
            "bonus_change": [-1863.35],
            "share": [0.125],
        }
    )
    cfg = column_config(frame, "en")
    assert cfg["bonus_before"]["type_config"]["format"] == "%,.2f"
    assert cfg["bonus_change"]["type_config"]["format"] == "%,.2f"
    assert cfg["share"]["type_config"]["format"] == "percent"
    kinds = {c: number_kind(c, t) for c, t in frame.schema.items()}
    assert format_number(100000.0, kinds["bonus_before"]) == "100,000.00"
    assert format_number(-1863.35, kinds["bonus_change"]) == "-1,863.35"
    assert format_number(0.125, kinds["share"]) == "12.5%"
