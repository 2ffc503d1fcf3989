"""The dashboard as a department head and as an analyst (AppTest, the viewer set in the session
as the sign-in gate sets it): every page, every sidebar department and rater role, crafted URL
parameters (``?dept=`` another subtree, ``?employee=`` an outsider, ``?dataset=`` another
dataset) show no row about anyone outside the reach and no peer rater id; the analyst sees no
name, comment or raw id. Outsiders are people known to exist in the demo company, so a leak
fails (tests/test_visibility.py covers the downloads, the exports and ``report --as``)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics import schema as S
from analytics.auth.roles import Viewer, ask_whom
from analytics.store import datasets
from tests.app.test_pages import PAGES as ALL_PAGES
from tests.textscan import found

ROOT = Path(__file__).resolve().parents[2]
#: the administrator's page (imports, deletions, quarantine) is not offered below hr_admin
ADMIN_ONLY = ("pages/data.py",)
#: the calibration meeting: offered to hr_admin, hrbp and dept_head, not to a manager or analyst
MEETING = "pages/meeting.py"
PAGES = [p for p in ALL_PAGES if p not in ADMIN_ONLY]
HEAD = Viewer("li.na@example.com", "dept_head", ("研发中心",))
ANALYST = Viewer("data@example.com", "analyst")
ID = re.compile(r"E\d{6}")
TEXT_KINDS = (
    "title",
    "subheader",
    "header",
    "markdown",
    "caption",
    "info",
    "warning",
    "success",
    "error",
    "text",
    "metric",
)


@pytest.fixture(scope="module")
def company(demo_db, tmp_path_factory):
    """The demo database copied, a second dataset (the same company) beside it, the roster."""
    folder = tmp_path_factory.mktemp("scope_pages")
    path = folder / "perflens.duckdb"
    shutil.copyfile(demo_db, path)
    other = datasets.create("Second company", path)
    other.file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_db, other.file)
    con = duckdb.connect(str(path), read_only=True)
    roster = pl.from_arrow(
        con.sql("SELECT employee_id, name, department FROM employees").to_arrow_table()
    )
    comments = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT comment FROM reviews WHERE comment IS NOT NULL"
        ).fetchall()
    }
    # someone in 研发中心 whom at least 3 peers reviewed in one cycle
    peer_rich = con.execute(
        """SELECT r.employee_id FROM reviews r JOIN employees e USING (employee_id)
           WHERE starts_with(e.department, '研发中心/') AND r.rater_role = 'peer'
           GROUP BY r.employee_id, r.cycle_id HAVING count(DISTINCT r.rater_id) >= 3
           ORDER BY 1 LIMIT 1"""
    ).fetchone()[0]
    con.close()
    inside = roster.filter(
        (pl.col("department") == "研发中心") | pl.col("department").str.starts_with("研发中心/")
    )
    allowed = set(inside["employee_id"].to_list())
    ins_names = inside["name"].drop_nulls().to_list()
    outsider_names = {
        n
        for n in roster.filter(~pl.col("employee_id").is_in(list(allowed)))["name"].drop_nulls()
        if len(n) >= 2 and not any(n in i for i in ins_names)
    }
    return {
        "db": path,
        "other": other.key,
        "roster": roster,
        "allowed": allowed,
        "outsider_names": outsider_names,
        "names": {n for n in roster["name"].drop_nulls().to_list() if len(n) >= 2},
        "comments": comments,
        "peer_rich": peer_rich,
    }


def start(company, monkeypatch, viewer: Viewer, **params: str) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(company["db"]))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.session_state["viewer"] = viewer
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def haystack(at: AppTest) -> str:
    """Everything the page shows as text: words, every table cell, chart data, options."""
    parts: list[str] = []
    for kind in TEXT_KINDS:
        for el in at.get(kind):
            parts.append(str(getattr(el, "value", "")))
            parts.append(str(getattr(el, "label", "")))
    for el in at.dataframe:
        parts.append(el.value.to_csv())
    for el in at.get("plotly_chart"):
        parts.append(json.dumps(json.loads(el.proto.spec), ensure_ascii=False))
    for kind in ("selectbox", "multiselect", "radio"):
        for el in at.get(kind):
            parts += [str(o) for o in el.options]
    return "\n".join(parts)


def refused(at: AppTest, page: str) -> bool:
    """``page``, not offered to the role, opened by its address (rev26b item 3): the sentence
    that it is not available to the role, and none of the page (it is not run)."""
    at.switch_page(page).run()
    said = " ".join(w.value for w in at.warning)
    words = ("is not available to your role", "不向你的角色")
    return not at.exception and any(w in said for w in words)


def assert_no_outsider(at: AppTest, company, where: str) -> None:
    assert not at.exception, (where, [e.value for e in at.exception])
    text = haystack(at)
    ids = set(ID.findall(text)) - company["allowed"]
    names = found(company["outsider_names"], text)
    assert not ids and not names, (where, sorted(ids)[:5], sorted(names)[:5])


def test_department_head_walks_every_page_and_sidebar_value(company, monkeypatch):
    at = start(company, monkeypatch, HEAD)
    depts = at.sidebar.selectbox(key="dept").options
    assert depts and all(d == "研发中心" or d.startswith("研发中心/") for d in depts), depts
    roles = S.RATER_ROLES  # the selectbox shows them worded
    assert_no_outsider(at, company, "overview")
    for admin_page in ADMIN_ONLY:  # imports, quarantine: not offered, refused by address
        assert refused(at, admin_page), admin_page
    for page in PAGES:
        at.switch_page(page).run()
        assert_no_outsider(at, company, page)
        assert "研发中心" in haystack(at) or page.endswith("person.py"), page
    at.switch_page("pages/raters.py").run()
    for dept in depts:  # every sidebar department, on the pages that list people
        at.session_state["dept"] = dept
        for page in ("pages/raters.py", "pages/potential.py", "pages/calibration.py"):
            at.switch_page(page).run()
            assert_no_outsider(at, company, f"{page} dept={dept}")
    at.session_state["dept"] = None
    for role in roles:  # every rater role
        at.session_state["role"] = role
        at.switch_page("pages/calibration.py").run()
        assert_no_outsider(at, company, f"calibration role={role}")
    at.session_state["role"] = None
    walk_calibration_tabs(at, company, "calibration")


def walk_calibration_tabs(at: AppTest, company, where: str) -> None:
    """The packet page draws only its open tab: open each one in turn (every section's table
    is checked, not only the first)."""
    at.switch_page("pages/calibration.py").run()
    labels = [tab.label for tab in at.tabs]
    assert len(labels) > 10, labels
    drawn = 0
    for label in labels:
        at.session_state["cal_section"] = label
        at.run()
        assert_no_outsider(at, company, f"{where} tab={label}")
        drawn += len(at.dataframe)
    assert drawn >= len(labels) // 2, (drawn, len(labels))  # the tabs' tables were drawn


def test_department_head_crafted_urls(company, monkeypatch):
    # ?dept= another subtree: refused in words, or the head's own subtree; never 市场部's rows
    at = start(company, monkeypatch, HEAD, dept="市场部")
    for page in ("pages/overview.py", "pages/raters.py", "pages/calibration.py"):
        at.switch_page(page).run()
        assert_no_outsider(at, company, f"{page} ?dept=市场部")
    walk_calibration_tabs(at, company, "?dept=市场部")
    # ?employee= an outsider: "not found or not in your scope", nothing about them
    outsider = sorted(set(company["roster"]["employee_id"].to_list()) - company["allowed"])[5]
    at = start(company, monkeypatch, HEAD, employee=outsider)
    at.switch_page("pages/person.py").run()
    assert not at.exception
    said = " ".join(w.value for w in at.warning)
    assert outsider in said and "不在你的查看范围内" in said
    text = haystack(at).replace(said, "")
    assert not (set(ID.findall(text)) - company["allowed"]), sorted(set(ID.findall(text)))[:5]
    # an insider's record: their outside peer raters are not named, peers only per role
    insider = company["peer_rich"]
    at = start(company, monkeypatch, HEAD, employee=insider)
    at.switch_page("pages/person.py").run()
    assert_no_outsider(at, company, "person insider")
    (raters,) = [d.value for d in at.dataframe if {"rater_role", "n_given"} <= set(d.value.columns)]
    peers = raters[raters["rater_role"].isin(["同事", "下属"])]
    assert len(peers) and peers["rater_id"].isna().all(), raters.head()
    assert raters["rater_id"].notna().any()  # the manager and the person themselves
    # ?dataset= another dataset: the same reach there
    at = start(company, monkeypatch, HEAD, dataset=company["other"])
    for page in ("pages/raters.py", "pages/potential.py"):
        at.switch_page(page).run()
        assert_no_outsider(at, company, f"{page} ?dataset=other")


def test_analyst_sees_no_name_comment_or_raw_id(company, monkeypatch):
    at = start(company, monkeypatch, ANALYST, employee=sorted(company["allowed"])[0])
    assert refused(at, MEETING)  # no calibration sessions for a pseudonymised view
    for page in [p for p in PAGES if p != MEETING]:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        text = haystack(at)
        assert not ID.findall(text), (page, ID.findall(text)[:5])
        assert not found(company["names"], text), page
        assert not found(company["comments"], text), page
    assert "P-" in haystack(at.switch_page("pages/potential.py").run())


def test_department_head_meets_only_within_their_subtree(company, monkeypatch):
    """The meeting page lists the head's own department's session only; a crafted
    ``?session=`` of another department's is refused in words and shows none of its people;
    a manager is not offered the page."""
    from analytics.calibration import sessions
    from analytics.calibration.moves import Move
    from analytics.calibration.reach import MEETING_ROLES
    from analytics.text import render
    from ui.shell import ROLE_PAGES

    assert ROLE_PAGES["meeting"] == MEETING_ROLES
    path = company["db"]
    con = duckdb.connect(str(path), read_only=True)
    (cycle,) = con.execute("SELECT max(cycle_id) FROM outcomes").fetchone()
    insider, dept = con.execute(  # someone whom at least 3 peers reviewed in the cycle
        """SELECT r.employee_id, any_value(e.department) FROM reviews r JOIN employees e
           USING (employee_id) WHERE starts_with(e.department, '研发中心/')
           AND r.rater_role = 'peer' AND r.cycle_id = $c GROUP BY r.employee_id
           HAVING count(DISTINCT r.rater_id) >= 3 ORDER BY 1 LIMIT 1""",
        {"c": cycle},
    ).fetchone()
    con.close()
    own = sessions.create(path, cycle=cycle, department=dept, author="hr")
    other = sessions.create(path, cycle=cycle, department="市场部", author="hr")
    at = start(company, monkeypatch, HEAD)
    at.switch_page(MEETING).run()
    assert_no_outsider(at, company, "meeting")
    assert len(at.selectbox(key="cs_open").options) == 1
    assert at.selectbox(key="cs_open").value == own
    # the evidence of one person, one click away: their peers as one aggregate row, no id
    at.selectbox(key=f"cs_evidence_{own}").set_value(insider).run()
    assert_no_outsider(at, company, "meeting evidence")
    tables = [d.value for d in at.dataframe]
    (raters,) = [d for d in tables if {"rater_id", "n_given", "status"} <= set(d.columns)]
    peers = raters[raters["rater_role"].isin(["同事", "下属"])]
    assert len(peers) and peers["rater_id"].isna().all(), raters.head()
    assert raters["rater_id"].notna().any()  # the manager, named, with their effect
    (by_source,) = [d for d in tables if list(d.columns)[:2] == ["rater_role", "n_given"]]
    assert "同事" in set(by_source["rater_role"])
    at = start(company, monkeypatch, HEAD, session=other)
    at.switch_page(MEETING).run()
    said = " ".join(e.value for e in at.error)
    assert said == ask_whom(
        render("calib.session_outside", "zh", session=other, reach=["研发中心"]), "zh", None
    )
    assert_no_outsider(at, company, "meeting ?session=市场部")
    assert at.selectbox(key="cs_open").value == own
    # drift: a manager whose people were moved down in both of their signed-off sessions is
    # a finding on the rater page (two cycles: one person-cycle counts once, and a second
    # sign-off of the same people in one cycle is refused)
    con = duckdb.connect(str(path), read_only=True)
    (previous,) = con.execute(
        "SELECT max(cycle_id) FROM outcomes WHERE cycle_id < $c", {"c": cycle}
    ).fetchone()
    con.close()
    second = sessions.create(path, cycle=previous, department=dept, author="hr")
    g = sessions.load(path, own).grades.filter(pl.col("final").is_in(["A", "B"]))
    both = set(g["employee_id"]) & set(sessions.load(path, second).grades["employee_id"])
    con = duckdb.connect(str(path), read_only=True)
    boss, person = con.execute(
        "SELECT manager_id, employee_id FROM employees WHERE list_contains($ids, employee_id) "
        "AND manager_id IS NOT NULL ORDER BY 2 LIMIT 1",
        {"ids": sorted(both)},
    ).fetchone()
    con.close()
    for sid in (own, second):
        s = sessions.load(path, sid)
        row = s.grades.filter(pl.col("employee_id") == person).row(0, named=True)
        sessions.apply(path, sid, [Move(person, "D", "rater_effect", "x", row["version"])], "hr")
        sessions.sign_off(path, sid, "hr")
    at = start(company, monkeypatch, HEAD)
    at.switch_page("pages/raters.py").run()
    assert_no_outsider(at, company, "raters drift")
    flag = render("cs.drift_flag", "zh", rater="R", down=2, sessions=2, moved_down=2,
                  moved_up=0, n=2).split("R", 1)[1].split("（")[0]  # fmt: skip
    said = [w.value for w in at.warning if flag in w.value]
    assert len(said) == 1 and boss in said[0], [w.value for w in at.warning]
    manager = Viewer("m@example.com", "manager", employee_id=sorted(company["allowed"])[0])
    at = start(company, monkeypatch, manager)
    assert refused(at, MEETING)
