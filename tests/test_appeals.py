"""Appeals: the statistics against hand-worked numbers, the store and the CLI's round trip
with its audit rows, who may record one, and the sentences in both languages."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl
import pytest

from analytics.stats import appeals as A
from analytics.stats.intervals import newcombe_difference


def _unit(rater: str, n: int, decided: int, changed: int, start: int) -> tuple[list, list]:
    """``n`` graded people of ``rater``; the first ``decided`` appealed, ``changed`` of them
    overturned (the rest upheld)."""
    ids = [f"{rater}-{i}" for i in range(start, start + n)]
    graded = [("C1", e, rater, "D-" + rater) for e in ids]
    app = [
        ("C1", e, "overturned" if i < changed else "upheld") for i, e in enumerate(ids[:decided])
    ]
    return graded, app


def _frames(units):
    graded, app = [], []
    for u in units:
        g, a = _unit(*u)
        graded += g
        app += a
    return (
        pl.DataFrame(
            graded, schema=["cycle_id", "employee_id", "rater_id", "department"], orient="row"
        ),
        pl.DataFrame(app, schema=["cycle_id", "employee_id", "outcome"], orient="row"),
    )


def test_rates_and_wilson_intervals_by_hand():
    # R1: 20 graded, 6 appealed, 4 of them overturned; R2: 60 graded, 30 appealed, 3 overturned
    graded, app = _frames([("R1", 20, 6, 4, 0), ("R2", 60, 30, 3, 100)])
    app = pl.concat(
        [
            app,
            pl.DataFrame(
                {"cycle_id": ["C1"], "employee_id": ["R2-130"], "outcome": [None]},
                schema=app.schema,
            ),
        ]
    )
    out = A.appeal_rates(graded, app, "rater_id").sort("rater_id")
    r1, r2 = out.row(0, named=True), out.row(1, named=True)
    assert (r1["n"], r1["n_appealed"], r1["n_decided"], r1["n_overturned"]) == (20, 6, 6, 4)
    # the open appeal counts as an appeal, not as a decision
    assert (r2["n"], r2["n_appealed"], r2["n_decided"], r2["n_overturned"]) == (60, 31, 30, 3)
    # Wilson 4/6 by hand: centre (p + z²/2n)/(1 + z²/n) = 0.601611, half-width 0.301618
    assert r1["overturn_rate"] == pytest.approx(4 / 6)
    assert r1["overturn_ci95_low"] == pytest.approx(0.299993, abs=1e-6)
    assert r1["overturn_ci95_high"] == pytest.approx(0.903229, abs=1e-6)
    # Wilson 6/20 by hand: centre 0.332224, half-width 0.186748
    assert r1["appeal_rate"] == pytest.approx(0.3)
    assert r1["appeal_ci95_low"] == pytest.approx(0.145477, abs=1e-6)
    assert r1["appeal_ci95_high"] == pytest.approx(0.518973, abs=1e-6)
    by_dept = A.appeal_rates(graded, app, "department")
    assert by_dept["n"].sum() == 80 and set(by_dept["department"]) == {"D-R1", "D-R2"}


def test_a_person_cycle_listed_twice_counts_once_unless_the_caller_deduplicated():
    # appeal_findings makes the graded person-cycles one row each once, and tells the three
    # counts so (page25: the company's 1.26M at 40M ratings took ~0.17 CPU s a count)
    graded, app = _frames([("R1", 20, 6, 4, 0), ("R2", 60, 30, 3, 100)])
    twice = pl.concat([graded, graded.head(5)])  # R1's first five (all appealed) again
    once = A.appeal_rates(twice, app, "rater_id")
    assert once.equals(A.appeal_rates(graded, app, "rater_id"))
    unique = twice.unique(["cycle_id", "employee_id"])
    assert A.appeal_rates(unique, app, "rater_id", deduplicated=True).equals(once)
    # the flag is trusted: rows the caller left twice are counted twice
    r1 = A.appeal_rates(twice, app, "rater_id", deduplicated=True).filter(
        pl.col("rater_id") == "R1"
    )
    assert (r1["n"][0], r1["n_appealed"][0], r1["n_decided"][0]) == (25, 11, 11)


def test_overturn_signal_fisher_holm_and_newcombe_by_hand():
    # R1 4/6 overturned against the rest 3/30: Fisher one-sided p = P(X >= 4), X ~
    # Hypergeometric(36, 7, 6) = (C(7,4)C(29,2) + C(7,5)C(29,1) + C(7,6)) / C(36,6)
    # = (14210 + 609 + 7) / 1947792 = 0.0076117; R3 has 3 decided appeals: too few
    # R3 has 3 decided appeals: too few to test; R4 5 decided, none overturned
    units = [
        ("R1", 20, 6, 4, 0),
        ("R2", 60, 30, 3, 100),
        ("R3", 10, 3, 3, 200),
        ("R4", 9, 5, 0, 300),
    ]
    out = A.overturn_signal(A.appeal_rates(*_frames(units), "rater_id")).sort("rater_id")
    r1, r2, r3, r4 = (out.row(i, named=True) for i in range(4))
    from math import comb

    def tail(k, n, big_k, big_n):  # P(X >= k), X ~ Hypergeometric(big_n, big_k, n)
        top = min(n, big_k) + 1
        return sum(comb(big_k, x) * comb(big_n - big_k, n - x) for x in range(k, top)) / comb(
            big_n, n
        )

    # 44 decided appeals in all, 10 overturned
    assert r1["p_value"] == pytest.approx(tail(4, 6, 10, 44), rel=1e-9)
    assert r2["p_value"] == pytest.approx(tail(3, 30, 10, 44), rel=1e-9)
    assert r4["p_value"] == pytest.approx(1.0)
    assert (r1["rest_decided"], r1["rest_overturned"]) == (38, 6)
    # Holm over the three raters tested: the smallest p times 3, then 2, then 1 (monotone)
    assert r1["p_holm"] == pytest.approx(min(1, 3 * r1["p_value"]))
    assert r3["signal"] == "too_few" and r3["p_value"] is None and r3["p_holm"] is None
    assert r1["signal"] == ("high" if 3 * r1["p_value"] < 0.05 else "not_high")
    assert r2["signal"] == "not_high" and r4["signal"] == "not_high"

    # the two-rater table of the docstring: p = 14826 / 1947792
    two = A.overturn_signal(
        A.appeal_rates(*_frames([("R1", 20, 6, 4, 0), ("R2", 60, 30, 3, 100)]), "rater_id")
    ).sort("rater_id")
    assert two["p_value"][0] == pytest.approx(14826 / 1947792, rel=1e-9)
    assert two["signal"][0] == "high"
    # Newcombe's hybrid score interval of 4/6 - 3/30 = 0.566667 by hand: the Wilson
    # intervals (0.299993, 0.903229) and (0.034599, 0.256211) combined
    assert two["overturn_diff"][0] == pytest.approx(0.566667, abs=1e-6)
    assert two["diff_ci95_low"][0] == pytest.approx(0.168105, abs=1e-5)
    assert two["diff_ci95_high"][0] == pytest.approx(0.812102, abs=1e-5)


def test_wilson_and_newcombe_match_scipy():
    from scipy.stats import binomtest

    ci = binomtest(4, 6).proportion_ci(method="wilson")
    d, lo, hi = newcombe_difference(np.array([4]), np.array([6]), np.array([3]), np.array([30]))
    assert d[0] == pytest.approx(4 / 6 - 0.1) and lo[0] < d[0] < hi[0]
    graded, app = _frames([("R1", 6, 6, 4, 0)])
    r = A.appeal_rates(graded, app, "rater_id").row(0, named=True)
    assert (r["overturn_ci95_low"], r["overturn_ci95_high"]) == pytest.approx((ci.low, ci.high))


def test_signal_on_an_empty_company_and_small_counts():
    assert A.overturn_signal(A.appeal_rates(*_frames([]), "rater_id")).is_empty()
    graded, app = _frames([("R1", 4, 4, 4, 0), ("R2", 8, 8, 0, 100)])
    out = A.overturn_signal(A.appeal_rates(graded, app, "rater_id"))
    assert set(out["signal"]) == {"too_few"}  # 4 decided < MIN_DECIDED; R2's rest 4 < MIN_REST


def test_resolution_times_median_iqr_and_open():
    frame = pl.DataFrame(
        {
            "department": ["a"] * 5 + ["b"],
            "filed_at": [date(2026, 1, d) for d in (1, 1, 1, 1, 1, 1)],
            "resolved_at": [
                date(2026, 1, 3),
                date(2026, 1, 5),
                date(2026, 1, 11),
                None,
                None,
                None,
            ],
            "outcome": ["upheld", "overturned", "partially", "upheld", None, None],
        }
    )
    out = A.resolution_times(frame, "department", as_of=date(2026, 1, 31)).row(0, named=True)
    # days 2, 4, 10: median 4, quartiles 3 and 7 (linear); one decided without a date; one open
    assert (out["n_appeals"], out["n_open"], out["n_timed"]) == (5, 1, 3)
    assert (out["median_days"], out["q1_days"], out["q3_days"]) == (4.0, 3.0, 7.0)
    assert out["oldest_open_days"] == 30
    overall = A.resolution_times(frame).row(0, named=True)
    assert overall["n_open"] == 2 and overall["n_appeals"] == 6


# --------------------------------------------------------------------------------------------
# recorded appeals: the CLI's round trip, the audit trail, who may
# --------------------------------------------------------------------------------------------
RESULTS = "工号,姓名,部门,直属上级,考核周期,绩效等级\n" + "".join(
    f"E{i},员工{i},{'研发中心/平台部' if i <= 3 else '销售中心'},M{1 if i <= 3 else 2},2025Q4,"
    f"{'BCDBCD'[i - 1]}\n"
    for i in range(1, 7)
)


def _tiny_db(tmp_path, results: str):
    """The database of ``results`` and the roles file: a department head of 研发中心, a manager
    and a pseudonymised analyst."""
    from analytics.ingest import pipeline as ingest
    from analytics.store import db

    src = tmp_path / "results.csv"
    src.write_text(results, encoding="utf-8")
    path = tmp_path / "d.duckdb"
    con = db.connect(path)
    ingest.import_file(con, src)
    con.close()
    roles = tmp_path / "roles.toml"
    roles.write_text(
        '[users."li"]\nrole = "dept_head"\ndepartments = ["研发中心"]\n'
        '[users."wang"]\nrole = "manager"\nemployee_id = "M1"\n'
        '[users."ana"]\nrole = "analyst"\n',
        encoding="utf-8",
    )
    return path, roles


@pytest.fixture()
def tiny(tmp_path):
    """Six people with a final grade in 2025Q4: E1-E3 in 研发中心/平台部, E4-E6 in 销售中心;
    a roles file with a department head of 研发中心 and a manager."""
    return _tiny_db(tmp_path, RESULTS)


@pytest.fixture()
def five_each(tmp_path):
    """As :func:`tiny` with five people in each department (E1-E5 in 研发中心/平台部, E6-E10 in
    销售中心): the pseudonymised analyst sees rows about people only where every kept
    combination of department, team and level holds at least 5 (priv27); in ``tiny`` no row
    about a person reaches her."""
    results = "工号,姓名,部门,直属上级,考核周期,绩效等级\n" + "".join(
        f"E{i},员工{i},{'研发中心/平台部' if i <= 5 else '销售中心'},M{1 if i <= 5 else 2},2025Q4,"
        f"{'BCDBCDBCDB'[i - 1]}\n"
        for i in range(1, 11)
    )
    return _tiny_db(tmp_path, results)


def _cli(capsys, *argv: str) -> tuple[int, str]:
    from analytics.cli import main

    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_cli_add_list_resolve_round_trip_with_audit(tiny, capsys):
    from analytics.calibration import appeals

    path, roles = tiny
    base = ["--db", str(path), "--roles", str(roles)]
    code, out = _cli(
        capsys, "--lang", "en", "appeals", "add", *base, "--employee", "E2", "--cycle", "2025Q4",
        "--reason", "KPI miscounted", "--filed", "2026-01-05", "--as", "li",
    )  # fmt: skip
    assert code == 0 and "Appeal A1 recorded: E2, 2025Q4, grade appealed C." in out, out
    code, out = _cli(
        capsys, "--lang", "zh", "appeals", "resolve", "A1", *base, "--outcome", "部分改判",
        "--grade-after", "B", "--resolved", "2026-01-20", "--as", "li",
    )  # fmt: skip
    assert code == 0 and "申诉 A1 已处理：部分改判（C → B），处理人 li，2026-01-20。" in out, out
    # a second resolution is refused, naming who decided and when
    code, out = _cli(
        capsys, "--lang", "en", "appeals", "resolve", "A1", *base, "--outcome", "upheld"
    )  # fmt: skip
    assert code == 2 and "already resolved by li on 2026-01-20 (partially)" in out, out
    code, out = _cli(capsys, "--lang", "en", "appeals", "list", *base)
    assert code == 0 and "Recorded here" in out and "Partially overturned" in out, out
    code, out = _cli(capsys, "--lang", "zh", "appeals", "list", *base, "--audit")
    assert code == 0 and "登记申诉" in out and "处理申诉" in out, out
    trail = appeals.audit(path)
    assert trail.select(
        "seq", "appeal_id", "action", "author", "from_value", "to_value"
    ).rows() == [
        (1, "A1", "record", "li", None, "C"),
        (2, "A1", "resolve", "li", "C", "B"),
    ]
    assert trail["at"].is_not_null().all() and trail["outcome"].to_list() == [None, "partially"]
    row = appeals.recorded(path).row(0, named=True)
    assert (row["outcome"], row["resolver"], str(row["resolved_at"])) == (
        "partially", "li", "2026-01-20",
    )  # fmt: skip
    assert oct(appeals.store_path(path).stat().st_mode)[-3:] == "600"


def test_who_may_record_and_what_a_department_head_sees(tiny, capsys):
    from analytics.calibration import appeals

    path, roles = tiny
    base = ["--db", str(path), "--roles", str(roles)]
    add = ["appeals", "add", *base, "--cycle", "2025Q4", "--reason", "x", "--filed", "2026-01-05"]
    # outside the department head's subtree; a manager (reads only); an unknown user (no role):
    # refused, nothing saved
    code, out = _cli(capsys, "--lang", "en", *add, "--employee", "E5", "--as", "li")
    assert code == 2 and "li may not record or resolve E5's appeals" in out, out
    code, out = _cli(capsys, "--lang", "en", *add, "--employee", "E1", "--as", "wang")
    assert code == 2 and "wang's role (Manager) reads appeals only" in out, out
    code, out = _cli(capsys, "--lang", "en", *add, "--employee", "E1", "--as", "nobody")
    assert code == 2 and "nobody has no PerfLens role yet" in out, out
    assert appeals.recorded(path).is_empty() and appeals.audit(path).is_empty()
    code, out = _cli(capsys, "--lang", "zh", *add, "--employee", "E9", "--cycle", "2025Q4")
    assert code == 2 and "E9 在 2025Q4 没有最终等级" in out, out
    for person in ("E1", "E5"):  # the administrator (no --as): anyone
        assert _cli(capsys, "--lang", "en", *add, "--employee", person)[0] == 0
    code, out = _cli(capsys, "--lang", "en", "appeals", "list", *base, "--as", "li")
    assert "E1" in out and "E5" not in out, out
    code, out = _cli(capsys, "--lang", "en", "appeals", "resolve", "A2", *base, "--as", "li",
                     "--outcome", "upheld")  # fmt: skip
    assert code == 2 and "li may not record or resolve E5's appeals" in out, out


def test_cli_analyst_reads_pseudonymised_and_nobody_is_told_whom_to_ask(
    five_each, capsys, monkeypatch, tmp_path
):
    """``appeals --as``: an analyst lists the appeals and their trail under the dataset's
    pseudonyms (the key created on first use, as ``report --as``), with no reason or person
    named; recording or resolving is refused in words; a user with no role is told whom to
    ask. Every refusal leaves a "refused" row in the access log."""
    from analytics.auth.pseudonym import dataset_key, key_path, pseudonym
    from analytics.store import accesslog

    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here, nor at home
    monkeypatch.setenv("HOME", str(tmp_path))
    path, roles = five_each
    base = ["--db", str(path), "--roles", str(roles)]
    add = ["appeals", "add", *base, "--cycle", "2025Q4", "--filed", "2026-01-05"]
    assert _cli(capsys, "--lang", "en", *add, "--employee", "E2", "--reason", "KPI 漏算")[0] == 0
    assert not key_path(path).exists()
    for lang in ("en", "zh"):
        for extra in ((), ("--audit",)):
            code, out = _cli(
                capsys, "--lang", lang, "appeals", "list", *base, "--as", "ana", *extra
            )
            assert code == 0, out
            assert pseudonym(dataset_key(path), "E2") in out and "A1" in out, out
            assert "E2" not in out and "KPI 漏算" not in out and "员工2" not in out, out
            assert "local-admin" not in out, out  # who recorded it: not named either
    code, out = _cli(
        capsys, "--lang", "en", *add, "--employee", "E1", "--reason", "x", "--as", "ana"
    )
    assert code == 2 and "ana's role (Analyst (pseudonymised)) reads appeals only" in out, out
    code, out = _cli(capsys, "--lang", "zh", "appeals", "resolve", "A1", *base, "--outcome",
                     "upheld", "--as", "ana")  # fmt: skip
    assert code == 2 and "ana 的角色（分析师（匿名化））只能查看申诉" in out, out
    assert appeals_count(path) == 1
    code, out = _cli(capsys, "--lang", "en", "appeals", "list", *base, "--as", "nobody")
    assert code == 2 and "nobody has no PerfLens role yet and sees no data" in out, out
    assert "A1" not in out
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[perflens]\ncontact = "HR-IT hr-it@x.cn"\n', encoding="utf-8"
    )
    code, out = _cli(capsys, "--lang", "en", "appeals", "list", *base, "--as", "nobody")
    assert code == 2 and "Please ask HR-IT hr-it@x.cn" in out, out
    refused = accesslog.read(path).filter(event="refused").sort("at")
    assert refused.select("user", "via", "detail").rows() == [
        ("ana", "cli", "appeals add: appeal_read_only"),
        ("ana", "cli", "appeals resolve: appeal_read_only"),
        ("nobody", "cli", "no_role"),
        ("nobody", "cli", "no_role"),
    ]


def appeals_count(path) -> int:
    from analytics.calibration import appeals

    return appeals.recorded(path).height


def test_findings_within_a_department_heads_reach(tiny):
    """The statistics as a department head of 研发中心 sees them: their people's appeals and
    departments only; the company's rates stay the whole company's (an aggregate)."""
    from analytics.auth.roles import Viewer
    from analytics.calibration import appeals
    from analytics.calibration.appeal_findings import appeal_findings, sentences
    from analytics.findings.visibility import view_for
    from analytics.store import access

    path, _ = tiny
    con, _ = access.connect_reader(path)
    try:
        admin = view_for(Viewer("root", "hr_admin"), con)
        for person in ("E1", "E2", "E5"):
            appeals.submit(path, admin, cycle="2025Q4", employee_id=person, filed_at=date(2026, 1, 2),
                           reason="x", at=datetime(2026, 1, 3))  # fmt: skip
        head = view_for(Viewer("li", "dept_head", departments=("研发中心",)), con)
        mine = appeal_findings(con, path, head, as_of=date(2026, 1, 10))
        every = appeal_findings(con, path, admin, as_of=date(2026, 1, 10))
    finally:
        con.close()
    assert sorted(mine.appeals["employee_id"]) == ["E1", "E2"]
    assert mine.by_department["department"].to_list() == ["研发中心/平台部"]
    assert mine.by_department["n_appealed"].to_list() == [2]
    assert mine.times["n_open"][0] == 2 and mine.times["oldest_open_days"][0] == 8
    assert mine.company["n_appealed"][0] == 3 == every.company["n_appealed"][0]
    assert sorted(every.by_department["department"]) == ["研发中心/平台部", "销售中心"]
    codes = [c for c, _ in sentences(every)]
    assert codes[0] == "appeals.company_undecided" and codes[-1] == "appeals.not_proof"
    assert "appeals.times_none" in codes  # nothing decided yet


def test_deleting_a_dataset_archives_its_appeals(tmp_path):
    """A deleted dataset's recorded appeals go into its archive folder: a new dataset of the
    same name starts without them."""
    from analytics.auth.roles import LOCAL_ADMIN
    from analytics.calibration import appeals
    from analytics.findings.visibility import view_for
    from analytics.ingest import pipeline as ingest
    from analytics.store import access, datasets, db

    default = tmp_path / "perflens.duckdb"
    ds = datasets.create("ACME", default)
    src = tmp_path / "results.csv"
    src.write_text(RESULTS, encoding="utf-8")
    con = db.connect(ds.file)
    ingest.import_file(con, src)
    con.close()
    con, _ = access.connect_reader(ds.file)
    view = view_for(LOCAL_ADMIN, con)
    con.close()
    appeals.submit(ds.file, view, cycle="2025Q4", employee_id="E1", filed_at=date(2026, 1, 2),
                   reason="x", at=datetime(2026, 1, 3))  # fmt: skip
    assert appeals.store_path(ds.file).exists()
    gone = datasets.delete(ds.key, default)
    assert not appeals.store_path(ds.file).exists()
    assert (gone.archive / appeals.store_path(ds.file).name).exists()
    again = datasets.create("ACME", default)
    assert appeals.recorded(again.file).is_empty()


def test_findings_from_graded_people_given_equal_those_computed(tiny):
    """The dashboard scans the rating rows for who graded whom once per data version
    (``ui.appeals._graded``) and hands that frame to every scope's statistics: the same
    statistics as each scope computing it itself, company-wide and within a scope."""
    from analytics.auth.roles import Viewer
    from analytics.calibration import appeals
    from analytics.calibration.appeal_findings import appeal_findings, graded_people
    from analytics.findings.scope import Scope
    from analytics.findings.visibility import view_for
    from analytics.store import access

    path, _ = tiny
    con, _ = access.connect_reader(path)
    try:
        admin = view_for(Viewer("root", "hr_admin"), con)
        for person in ("E1", "E5"):
            appeals.submit(path, admin, cycle="2025Q4", employee_id=person, filed_at=date(2026, 1, 2),
                           reason="x", at=datetime(2026, 1, 3))  # fmt: skip
        graded = graded_people(con)
        assert graded.height == 6
        for scope in (None, Scope(department="研发中心"), Scope(cycles=("2025Q4",))):
            own = appeal_findings(con, path, admin, as_of=date(2026, 1, 10), scope=scope)
            given = appeal_findings(
                con, path, admin, as_of=date(2026, 1, 10), scope=scope, graded=graded
            )
            for name in ("by_rater", "by_department", "times", "company", "appeals"):
                assert getattr(given, name).equals(getattr(own, name)), (scope, name)
            assert given.scoped == own.scoped
        assert graded.equals(graded_people(con))  # not changed by its readers
        inside = appeal_findings(
            con, path, admin, scope=Scope(department="研发中心"), graded=graded
        )
        assert inside.appeals["employee_id"].cast(pl.String).to_list() == ["E1"]  # the scope's
    finally:
        con.close()


def test_rates_of_too_few_decided_appeals_are_not_shown():
    """rev25a item 8: the sentence said every rater's overturn rate cannot be estimated (fewer
    than 5 decided appeals) while the table showed 0.0% / 50.0% and differences of -20.0% /
    +35.7%. A rater below MIN_DECIDED has no rate nor difference (their counts stay); a rater
    with enough of their own but too few elsewhere keeps their rate, not the difference."""
    units = [("R1", 20, 6, 4, 0), ("R2", 60, 30, 3, 100), ("R3", 10, 2, 1, 200)]
    out = A.overturn_signal(A.appeal_rates(*_frames(units), "rater_id")).sort("rater_id")
    r1, r3 = out.row(0, named=True), out.row(2, named=True)
    assert r3["signal"] == "too_few" and (r3["n_decided"], r3["n_overturned"]) == (2, 1)
    for col in ("overturn_rate", "overturn_ci95_low", "overturn_ci95_high", "overturn_diff"):
        assert r3[col] is None, col
    assert (r3["diff_ci95_low"], r3["diff_ci95_high"]) == (None, None)
    assert r3["rest_rate"] == pytest.approx(7 / 36)  # the others' rate is estimable
    assert r1["overturn_rate"] == pytest.approx(4 / 6) and r1["overturn_diff"] is not None
    # R2 has 8 decided of its own, the rest only 4: its rate stands, the comparison does not
    graded, app = _frames([("R1", 4, 4, 4, 0), ("R2", 8, 8, 0, 100)])
    two = A.overturn_signal(A.appeal_rates(graded, app, "rater_id")).sort("rater_id")
    assert two["overturn_rate"].to_list() == [None, 0.0]
    assert two["overturn_diff"].to_list() == [None, None]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_analyst_is_told_rows_were_withheld_and_why(tiny, capsys, lang):
    """Issue 19 item 1: in ``tiny`` (three people in each top-level department) k-anonymity
    keeps every row about a person from the analyst: the list said "No appeals to show."; it
    now says how many rows were withheld, and why in the pages' words (auth.rows_coarsened)."""
    from analytics.text import render

    path, roles = tiny
    base = ["--db", str(path), "--roles", str(roles)]
    add = ["appeals", "add", *base, "--cycle", "2025Q4", "--filed", "2026-01-05", "--reason", "x"]
    for person in ("E2", "E5"):
        assert _cli(capsys, "--lang", lang, *add, "--employee", person)[0] == 0
    why = render("auth.rows_coarsened", lang, k=5)
    for extra, rows in (((), 2), (("--audit",), 2)):
        code, out = _cli(capsys, "--lang", lang, "appeals", "list", *base, "--as", "ana", *extra)
        assert code == 0 and render("appeals.none_listed", lang) not in out, out
        assert render("appeals.rows_withheld", lang, n=rows) in out and why in out, out
        assert "A1" not in out and "E2" not in out, out
    # the administrator sees both and is told nothing withheld
    code, out = _cli(capsys, "--lang", lang, "appeals", "list", *base)
    assert "E2" in out and "E5" in out and why not in out, out


def test_the_appeals_store_is_used_without_a_duckdb_instance_of_its_own(tiny, capsys, monkeypatch):
    """A recorded appeal is written and read with the appeals file attached to the process's
    in-memory DuckDB instance (about 2 ms), not through a connection of its own (a new
    instance, 20-30 ms of CPU each); when done, the file is closed and unlocked: another
    process opens it and reads the appeal."""
    import duckdb

    from analytics.calibration import appeals
    from tests.readonly import first_elsewhere

    path, roles = tiny
    opens = []
    real = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: opens.append(a) or real(*a, **k))
    code, out = _cli(
        capsys, "--lang", "en", "appeals", "add", "--db", str(path), "--roles", str(roles),
        "--employee", "E2", "--cycle", "2025Q4", "--reason", "KPI miscounted",
        "--filed", "2026-01-05", "--as", "li",
    )  # fmt: skip
    assert code == 0, out
    assert appeals.recorded(path)["appeal_id"].to_list() == ["A1"]
    assert appeals.audit(path)["action"].to_list() == ["record"]
    store = appeals.store_path(path)
    assert [a for a in opens if str(store) in map(str, a)] == []
    assert first_elsewhere(store, "SELECT appeal_id FROM appeal_records") == "A1"
