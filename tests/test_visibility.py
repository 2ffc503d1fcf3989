"""Who sees what (analytics.findings.visibility): a department head's, a manager's and an
analyst's views of the demo company: no row about anyone outside the reach, no peer rater id,
no name, comment or raw id when pseudonymised, in every section, every export and the CLI's
``report --as``. Each check names people known to exist outside the reach, so a leak fails."""

from __future__ import annotations

import io
import json
import re
import shutil

import openpyxl
import polars as pl
import pytest

from analytics import cli
from analytics.auth.pseudonym import dataset_key
from analytics.auth.roles import LOCAL_ADMIN, Viewer
from analytics.export import report as export
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.person import person_frames
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.sections import SECTIONS, compute_section
from analytics.findings.visibility import OutOfScope, view_for
from analytics.text import render, render_frame
from tests.readonly import reading
from tests.textscan import found

HEAD = Viewer("li.na@example.com", "dept_head", ("研发中心",))
ANALYST = Viewer("data@example.com", "analyst")
ID = re.compile(r"E\d{6}")


@pytest.fixture(scope="module")
def db_file(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("vis") / "perflens.duckdb"
    shutil.copyfile(demo_db, path)
    return path


@pytest.fixture(scope="module")
def con(db_file):
    with reading(db_file) as c:
        yield c


@pytest.fixture(scope="module")
def roster(con) -> pl.DataFrame:
    return con.sql("SELECT employee_id, name, department FROM employees").pl()


def inside(roster: pl.DataFrame, subtree: str) -> set[str]:
    d = roster.filter(
        (pl.col("department") == subtree) | pl.col("department").str.starts_with(subtree + "/")
    )
    return set(d["employee_id"].to_list())


def outsider_names(roster: pl.DataFrame, allowed: set[str]) -> set[str]:
    """Names of people outside the reach that no insider's name contains (a shared or nested
    name is not a leak)."""
    ins = roster.filter(pl.col("employee_id").is_in(list(allowed)))["name"].drop_nulls().to_list()
    out = roster.filter(~pl.col("employee_id").is_in(list(allowed)))["name"].drop_nulls()
    return {n for n in out.to_list() if len(n) >= 2 and not any(n in i for i in ins)}


def leaks(text: str, allowed: set[str], names: set[str]) -> tuple[set[str], set[str]]:
    ids = set(ID.findall(text)) - allowed
    return ids, found(names, text)


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def exports(findings) -> dict[str, str]:
    """Every export of the findings as text (each in one of the two languages: the rows are
    the same in both)."""
    return {
        "json": json.dumps(export.to_json(findings, "zh"), ensure_ascii=False),
        "xlsx": xlsx_text(export.to_xlsx(findings, "en")),
        "html": export.to_html(findings, "zh"),
        "csv": "\n".join(
            export.to_csv(f, "en", findings.unit).decode("utf-8-sig", "replace")
            for f in findings.sections.values()
            if f.width
        ),
    }


def test_the_demo_has_outsiders_and_peer_raters_to_leak(con, roster):
    """The checks below can fail: the company has people outside 研发中心, and people inside it
    are reviewed by peers from outside it."""
    allowed = inside(roster, "研发中心")
    assert 300 < len(allowed) < roster.height - 1000
    outside_peers = con.execute(
        """SELECT count(DISTINCT r.rater_id) FROM reviews r JOIN employees e USING (employee_id)
           JOIN employees re ON re.employee_id = r.rater_id
           WHERE r.rater_role = 'peer' AND starts_with(e.department, '研发中心')
             AND NOT starts_with(re.department, '研发中心')"""
    ).fetchone()[0]
    assert outside_peers > 0
    assert len(outsider_names(roster, allowed)) > 1000


def test_clip_keeps_a_department_head_inside_their_subtree(con, roster):
    view = view_for(HEAD, con)
    assert view.allowed == inside(roster, "研发中心")
    assert view.clip(Scope()) == Scope(department="研发中心")
    assert view.clip(Scope(department="研发中心/平台研发部")) == Scope(
        department="研发中心/平台研发部"
    )
    for other in ("市场部", "研发", "研发中心X", "销售中心/华东区"):  # prefixes are not subtrees
        with pytest.raises(OutOfScope) as exc:
            view.clip(Scope(department=other))
        assert exc.value.code == "department_outside"
        assert other in exc.value.message("zh") and other in exc.value.message("en")
    hrbp = view_for(Viewer("bp", "hrbp", ("销售中心/华东区", "财务部")), con)
    assert hrbp.clip(Scope()) == Scope(within=("销售中心/华东区", "财务部"))
    nobody = view_for(Viewer("x", "none"), con)
    with pytest.raises(OutOfScope):
        nobody.clip(Scope())
    assert view_for(LOCAL_ADMIN, con).clip(Scope(department="市场部")) == Scope(department="市场部")


def test_manager_sees_their_team_only(con, roster):
    boss = con.execute(
        "SELECT manager_id FROM employees WHERE manager_id IS NOT NULL "
        "GROUP BY 1 HAVING count(*) BETWEEN 3 AND 30 ORDER BY 1 LIMIT 1"
    ).fetchone()[0]
    team = {
        r[0]
        for r in con.execute(
            "SELECT employee_id FROM employees WHERE manager_id = $m", {"m": boss}
        ).fetchall()
    }
    view = view_for(Viewer("m", "manager", employee_id=boss), con)
    assert team <= view.allowed and boss not in view.allowed
    # their own id is kept where it names them (their team's manager_id), not emptied
    mine = view.frame(pl.DataFrame({"employee_id": sorted(team), "manager_id": boss}))
    assert set(mine["manager_id"].to_list()) == {boss}
    data = load_scope_lazy(con, view.clip(Scope()))
    assert set(data.employees["employee_id"].to_list()) == view.allowed
    scores = view.frame(compute_section("scores", data))
    assert set(scores["employee_id"].to_list()) <= view.allowed


def test_department_head_sections_name_no_outsider_and_no_peer_rater(con, roster):
    view = view_for(HEAD, con)
    allowed = set(view.allowed)
    names = outsider_names(roster, allowed)
    data = load_scope_lazy(con, view.clip(Scope()))
    raw_raters = compute_section("raters", data)
    assert set(raw_raters["rater_id"].to_list()) - allowed  # unguarded: outsiders are there
    for name in SECTIONS:
        frame = view.frame(compute_section(name, data))
        if frame is None:
            continue
        for lang in ("zh", "en"):
            text = "\n".join(map(str, render_frame(frame, lang).iter_rows()))
            ids, found = leaks(text, allowed, names)
            assert not ids and not found, (name, sorted(ids)[:5], sorted(found)[:5])
        if name == "raters":
            assert not set(frame["main_role"].cast(pl.String)) & {"peer", "subordinate"}
            mixed = frame["role_mix"].explode().drop_nulls().struct.field("params")
            assert not set(mixed.struct.field("role")) & {"peer", "subordinate"}


def test_a_raters_role_mix_shows_no_peer_share_below_hr_admin():
    """A skip-level rater who also gave peer ratings: below hr_admin their role mix names only
    the manager, skip-level and self shares (as shares of those), so a department head cannot
    tell that they rated someone as a peer; the administrator sees the whole mix."""
    from analytics.findings.visibility import View
    from analytics.text import phrase

    mix = pl.DataFrame(
        {
            "rater_id": ["E1", "E1", "E1", "E2", "E2"],
            "rater_role": ["skip_level", "peer", "manager", "manager", "self"],
            "share": [0.79, 0.13, 0.08, 0.75, 0.25],
        }
    )
    raters = (
        mix.group_by("rater_id", maintain_order=True)
        .agg(role_mix=phrase("role_share", role=pl.col("rater_role"), share=pl.col("share")))
        .with_columns(main_role=pl.Series(["skip_level", "manager"]), n=pl.Series([870, 40]))
    )
    head = View(HEAD, Scope(within=HEAD.departments), frozenset({"E1", "E2"}))
    shown = head.frame(raters)
    assert shown.schema == raters.schema
    words = render_frame(shown, "en")["role_mix"].to_list()
    assert words == [["Skip-level 91%", "Manager 9%"], ["Manager 75%", "Self 25%"]]
    assert "同事" not in str(render_frame(shown, "zh")["role_mix"].to_list())
    admin = View(LOCAL_ADMIN, Scope(), None).frame(raters)
    assert render_frame(admin, "en")["role_mix"].to_list()[0] == [
        "Skip-level 79%", "Peer 13%", "Manager 8%",
    ]  # fmt: skip


def test_the_recheck_lists_largest_gap_does_not_give_a_suppressed_peer_mean():
    """rev33a #1: a re-check row of 2 peers showed the manager's 1.1 beside the largest gap
    1.55 (the manager - peer one): 1.1 + 1.55 = 2.65, the mean of the peers' 2.7 and 2.6.
    Below hr_admin the largest gap of a row of fewer than k peers is the self - manager gap
    where that was flagged, else empty, and the list is ranked again on it."""
    from analytics.findings.visibility import View
    from analytics.stats.gaps import recheck_from_means

    manager, peer, self_ = [1.1, 2.0, 2.0], [2.65, 3.4, 3.2], [None, 3.0, None]
    means = pl.DataFrame(
        {
            "cycle_id": ["2026Q1"] * 3,
            "employee_id": ["1261", "1300", "1400"],
            "self": self_,
            "manager": manager,
            "peer": peer,
            "n_peer": [2, 2, 4],
            "peer_sd": [0.0707, 0.1, 0.2],
        }
    ).with_columns(
        gap_self_manager=pl.col("self") - pl.col("manager"),
        gap_manager_peer=pl.col("manager") - pl.col("peer"),
    )
    recheck = recheck_from_means(means)
    # the leak, as the administrator sees it: manager + largest gap = the 2 peers' mean
    assert recheck["employee_id"].to_list() == ["1261", "1300", "1400"]
    assert recheck["max_gap"].round(2).to_list() == [1.55, 1.4, 1.2]
    head = View(HEAD, Scope(within=HEAD.departments), frozenset({"1261", "1300", "1400"}))
    shown = head.frame(recheck)
    assert shown.schema == recheck.schema
    rows = {r["employee_id"]: r for r in shown.iter_rows(named=True)}
    assert rows["1261"]["peer"] is None and rows["1261"]["gap_manager_peer"] is None
    assert rows["1261"]["max_gap"] is None  # manager 1.1 shown, nothing to add to it
    assert rows["1300"]["peer"] is None  # its self - manager gap, 1.0, not the peers' 1.4
    assert round(rows["1300"]["max_gap"], 2) == 1.0
    assert round(rows["1400"]["max_gap"], 2) == 1.2 and rows["1400"]["peer"] == 3.2  # 4 peers
    # ranked on what is shown: 1.2, 1.0, then the row with no gap left
    assert shown["employee_id"].to_list() == ["1400", "1300", "1261"]
    assert shown["rank"].to_list() == [1, 2, 3]


def test_a_rater_off_the_roster_who_rated_only_people_in_reach_is_in_it():
    """rev33b #2: in a manager-only design the managers have no roster row, and the
    Engineering head saw none of them ("0 of the 13 raters ... outside your scope"). A rater
    off the roster who rated only people in the reach (9001) is in it: their row, name and
    person page; one who also rated someone outside (9002) or who is on the roster outside
    (1100), or who rated only as a peer (9004), is not."""
    import duckdb

    from analytics.findings.visibility import off_roster_raters
    from analytics.store import db

    con = duckdb.connect()
    db.ensure_schema(con)
    con.execute(
        "INSERT INTO employees (employee_id, name, department) VALUES "
        "('1001', 'A', 'Engineering'), ('1002', 'B', 'Engineering/Platform'), "
        "('1100', 'C', 'Sales')"
    )
    ratings = [
        ("9001", "1001"), ("9001", "1002"),  # only Engineering: inside
        ("9002", "1002"), ("9002", "1100"),  # also Sales: outside
        ("1100", "1001"),  # on the roster, in Sales: outside
        ("9003", "9003"),  # rates only themself: no one in reach
        ("9004", "1001"),  # a peer only: anonymous, not named even so
    ]  # fmt: skip
    rows = pl.DataFrame(ratings, schema=["rater_id", "employee_id"], orient="row")
    role = pl.when(pl.col("rater_id") == "9004").then(pl.lit("peer")).otherwise(pl.lit("manager"))
    rows = rows.with_columns(cycle_id=pl.lit("2026"), rater_role=role, score=0.5)
    con.execute("INSERT INTO review_rows BY NAME SELECT * FROM rows")
    eng = Viewer("eng.head@acme.com", "dept_head", ("Engineering",))
    assert off_roster_raters(con, frozenset({"1001", "1002"})) == {"9001"}
    assert off_roster_raters(con, frozenset()) == frozenset()
    view = view_for(eng, con)
    assert view.allowed == {"1001", "1002", "9001"}
    assert [view.sees(r) for r in ("9001", "9002", "1100", "9004")] == [True] + [False] * 3
    table = pl.DataFrame(
        {"rater_id": ["9001", "9002", "1100"], "main_role": ["manager"] * 3, "n": [2, 2, 1]}
    )
    assert view.frame(table)["rater_id"].to_list() == ["9001"]
    assert view.left_out(table) == 2
    assert view_for(LOCAL_ADMIN, con).allowed is None


def test_small_groups_are_suppressed_in_words(con):
    view = view_for(HEAD, con)
    data = load_scope_lazy(con, view.clip(Scope()))
    # 研发中心 itself, its head alone, is no unit of the comparisons (a unit of one person is
    # left out of them, rev19b); a unit of two is, and is suppressed below k = 3
    assert compute_section("lone_units", data)["unit"].to_list()
    raw = compute_section("distribution", data)
    assert raw["n"].min() > 1
    raw = raw.with_columns(n=pl.when(pl.int_range(pl.len()) == 0).then(2).otherwise(pl.col("n")))
    few = raw.filter(pl.col("n") < HEAD.k)
    assert few.height == 1
    shown = view.frame(raw).head(1)  # the unit of two, in its cycle
    assert shown["n"].null_count() == shown.height and shown["mean"].null_count() == shown.height
    zh = render_frame(shown, "zh")["privacy"].to_list()
    en = render_frame(shown, "en")["privacy"].to_list()
    assert set(zh) == {"已隐藏（少于 3 人）"} and set(en) == {"suppressed (fewer than 3)"}
    assert view_for(LOCAL_ADMIN, con).frame(raw) is raw  # the administrator: as it is


@pytest.mark.timeout(900)  # every export of every section (slow on a busy 2-core machine)
def test_department_head_exports_hold_no_outsider(con, roster):
    view = view_for(HEAD, con)
    allowed = set(view.allowed)
    names = outsider_names(roster, allowed)
    findings = build_findings(con, view=view)
    assert findings.scope == Scope(department="研发中心")
    admin = build_findings(con, department="研发中心", sections=("raters",))  # unguarded
    assert leaks(str(admin["raters"].rows()), allowed, names)[0]  # outsiders (raters) there
    for kind, text in exports(findings).items():
        ids, found = leaks(text, allowed, names)
        assert not ids and not found, (kind, sorted(ids)[:5], sorted(found)[:5])
    with pytest.raises(OutOfScope):
        build_findings(con, department="市场部", view=view)


def test_person_record_outside_is_refused_and_peers_stay_anonymous(con, roster):
    view = view_for(HEAD, con)
    outsider = sorted(set(roster["employee_id"].to_list()) - set(view.allowed))[0]
    with pytest.raises(OutOfScope) as exc:
        view.person(outsider, person_frames(con, outsider))
    assert exc.value.code == "person_outside" and outsider in exc.value.message("en")
    insider = con.execute(
        """SELECT r.employee_id FROM reviews r JOIN employees e USING (employee_id)
           WHERE starts_with(e.department, '研发中心/') AND r.rater_role = 'peer'
           GROUP BY 1 ORDER BY count(DISTINCT r.rater_id) DESC LIMIT 1"""
    ).fetchone()[0]
    raw = person_frames(con, insider)
    assert raw["ratings"].filter(pl.col("rater_role") == "peer")["rater_id"].null_count() == 0
    rec = view.person(insider, raw)
    peers = rec["ratings"].filter(pl.col("rater_role").is_in(["peer", "subordinate"]))
    assert peers.height and peers["rater_id"].null_count() == peers.height
    assert peers["comment"].null_count() == peers.height
    for frame in rec.values():
        assert not set(ID.findall(frame.write_csv())) - set(view.allowed)
    # a cycle with fewer than k peer raters: its peer reviews are left out, and listed
    small = Viewer(HEAD.user, HEAD.role, HEAD.departments, k=1000)
    few = view_for(small, con).person(insider, raw)
    assert few["ratings"].filter(pl.col("rater_role") == "peer").is_empty()
    assert few["suppressed"].height > 0
    with pytest.raises(OutOfScope):
        view_for(ANALYST, con, key=b"k" * 32).person(insider, raw)


@pytest.fixture(scope="module")
def small(small_demo_db, tmp_path_factory):
    """The small demo (300 people, 3 cycles) copied (its pseudonym key is made beside it), a
    read-only connection to it and its roster: for the analyst's view, whose checks (no name,
    comment or raw id anywhere) do not depend on the company's size, and whose every export
    of the 2,000-person demo took a fifth of a minute."""
    path = tmp_path_factory.mktemp("vis_small") / "perflens.duckdb"
    shutil.copyfile(small_demo_db, path)
    with reading(path) as c:
        yield c, path, c.sql("SELECT employee_id, name, department FROM employees").pl()


def test_analyst_sees_no_name_comment_or_raw_id(small):
    con, db_file, roster = small
    key = dataset_key(db_file)
    view = view_for(ANALYST, con, key=key)
    assert view.pseudonymised
    names = {n for n in roster["name"].drop_nulls().to_list() if len(n) >= 2}
    comments = {
        c[0]
        for c in con.execute(
            "SELECT DISTINCT comment FROM reviews WHERE comment IS NOT NULL"
        ).fetchall()
    }
    assert names and comments
    findings = build_findings(con, view=view)
    assert findings.names is not None and findings.names.is_empty()
    texts = exports(findings)
    for kind, text in texts.items():
        assert not ID.findall(text), (kind, ID.findall(text)[:5])
        assert not found(names, text), kind
        assert not found(comments, text), kind
    # hashed ids, the same for the same person in two builds of the dataset's key
    hp = findings["high_potential"]["employee_id"].to_list()
    assert hp and all(re.fullmatch(r"P-[0-9a-f]{16}", h) for h in hp)
    one = ("high_potential",)
    again = build_findings(con, sections=one, view=view_for(ANALYST, con, key=dataset_key(db_file)))
    assert again["high_potential"]["employee_id"].to_list() == hp
    # an administrator's export asked pseudonymised is the same
    admin = build_findings(
        con, sections=one, view=view_for(LOCAL_ADMIN, con, key=key, pseudonymised=True)
    )
    assert admin["high_potential"]["employee_id"].to_list() == hp


@pytest.fixture()
def roles_file(tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text(
        'k = 3\n[users."li.na@example.com"]\nrole = "dept_head"\ndepartments = ["研发中心"]\n'
        '[groups]\n"perflens-analysts" = "analyst"\n',
        encoding="utf-8",
    )
    return roles


def test_cli_report_as_user(db_file, roster, tmp_path, roles_file):
    allowed = inside(roster, "研发中心")
    names = outsider_names(roster, allowed)
    base = ["report", "--db", str(db_file), "--roles", str(roles_file)]
    for ext in ("json", "xlsx"):
        out = tmp_path / f"r.{ext}"
        assert cli.main([*base, "--out", str(out), "--as", "Li.Na@example.com"]) == 0
        text = xlsx_text(out.read_bytes()) if ext == "xlsx" else out.read_text("utf-8")
        ids, found = leaks(text, allowed, names)
        assert not ids and not found, (ext, sorted(ids)[:5], sorted(found)[:5])
        assert "研发中心" in text
    # the group claim: an analyst's report is pseudonymised
    out = tmp_path / "a.json"
    assert (
        cli.main([*base, "--out", str(out), "--as", "a@x.com", "--group", "perflens-analysts"]) == 0
    )
    text = out.read_text("utf-8")
    assert not ID.findall(text) and "P-" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_report_as_refuses_outside_in_words(
    db_file, tmp_path, roles_file, capsys, lang, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here, nor at home
    monkeypatch.setenv("HOME", str(tmp_path))
    base = ["--lang", lang, "report", "--db", str(db_file), "--roles", str(roles_file)]
    out = tmp_path / "x.json"
    args = [*base, "--out", str(out), "--as", "li.na@example.com", "--department", "市场部"]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert (
        "市场部" in err and ("不在你的查看范围内" if lang == "zh" else "not in your scope") in err
    )
    assert cli.main([*base, "--out", str(out), "--as", "stranger@example.com"]) == 2
    err = capsys.readouterr().err
    assert (
        "stranger@example.com" in err
        and ("HR 管理员" if lang == "zh" else "HR administrator") in err
    )
    assert not out.exists()
    # both refusals logged: who, what, when
    from analytics.store import accesslog

    refused = accesslog.read(db_file).filter(event="refused").head(2)
    assert refused["user"].to_list() == ["stranger@example.com", "li.na@example.com"]
    assert refused["detail"].to_list() == ["no_role", "department: 市场部"]
    assert refused["via"].to_list() == ["cli", "cli"]
    # the contact the dashboard names, when one is configured
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[perflens]\ncontact = "HR-IT hr-it@x.cn"\n', encoding="utf-8"
    )
    assert cli.main([*base, "--out", str(out), "--as", "stranger@example.com"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == render(
        "cli.no_role_contact", lang, user="stranger@example.com", contact="HR-IT hr-it@x.cn"
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('[users."a@b"]\nrole = "boss"\n', encoding="utf-8")
    assert cli.main([*base[:-1], str(bad), "--out", str(out), "--as", "a@b"]) == 2
    assert str(bad) in capsys.readouterr().err and not out.exists()


def test_the_text_scan_finds_what_a_substring_search_finds():
    text = json.dumps(
        {"a": ["x李娜y", "<td>王芳</td>"], "b": "整体符合预期，继续"}, ensure_ascii=False
    )
    text += "\n<p>张伟 说</p>"
    # "娜王": both characters there, in two runs of Chinese apart (never joined into one)
    needles = {"李娜", "王芳", "张伟", "赵六", "整体符合预期", "预期，继续", "x李", "娜王"}
    assert found(needles, text) == {n for n in needles if n in text}
    assert found(needles, text) == needles - {"赵六", "娜王"}


def test_a_raters_counts_are_of_the_roles_shown_below_hr_admin():
    """With the peer share hidden, the rater's n (870) still told a department head how many
    peer ratings they gave (issue 20, rev20b m1): below hr_admin, n, the pairs and the ratees
    count the manager, skip-level and self roles only; the effect is not touched (the rater's
    own standard, from all their ratings); the administrator sees the totals."""
    from analytics.findings.visibility import View
    from analytics.text import phrase

    mix = pl.DataFrame(
        {
            "rater_id": ["E1", "E1", "E1", "E2"],
            "rater_role": ["skip_level", "peer", "manager", "manager"],
            "share": [0.8, 0.1, 0.1, 1.0],
            "ratings": [696, 87, 87, 40],
            "pairs": [116, 15, 14, 8],
            "ratees": [29, 5, 4, 8],
        }
    )
    raters = (
        mix.group_by("rater_id", maintain_order=True)
        .agg(
            role_mix=phrase(
                "role_share",
                role=pl.col("rater_role"),
                share=pl.col("share"),
                ratings=pl.col("ratings"),
                pairs=pl.col("pairs"),
                ratees=pl.col("ratees"),
            )
        )
        .with_columns(
            main_role=pl.Series(["skip_level", "manager"]),
            n=pl.Series([870, 40], dtype=pl.UInt32),
            n_pairs=pl.Series([145, 8], dtype=pl.UInt32),
            n_ratees=pl.Series([38, 8], dtype=pl.UInt32),
            effect=pl.Series([0.05, -0.02]),
        )
    )
    head = View(HEAD, Scope(within=HEAD.departments), frozenset({"E1", "E2"}))
    shown = head.frame(raters)
    assert shown.schema == raters.schema
    assert shown.select("n", "n_pairs", "n_ratees").rows() == [(783, 130, 33), (40, 8, 8)]
    assert shown["effect"].to_list() == [0.05, -0.02]
    admin = View(LOCAL_ADMIN, Scope(), None).frame(raters)
    assert admin.select("n", "n_pairs", "n_ratees").rows() == [(870, 145, 38), (40, 8, 8)]


def test_a_source_summary_of_fewer_than_k_people_shows_no_peer_mean():
    """fix34m: a manager's team of two, their peer means 0.40 and 0.60 (each of two peers,
    which the person page suppresses): the summary's peer row, mean 0.50 and SD 0.1414, gave
    both (0.50 -/+ 0.1414/sqrt(2)), and a team of one its person's own. Below hr_admin the
    peer, subordinate and manager - peer rows of fewer than k people keep their n only; the
    manager row, and the administrator's view, stay."""
    from analytics.findings.visibility import View
    from analytics.stats.gaps import source_summary

    means = pl.DataFrame(
        {
            "cycle_id": ["2026Q1"] * 2,
            "employee_id": ["1", "2"],
            "self": [None, 0.7],
            "manager": [0.5, 0.5],
            "peer": [0.4, 0.6],
        }
    ).with_columns(
        gap_self_manager=pl.col("self") - pl.col("manager"),
        gap_manager_peer=pl.col("manager") - pl.col("peer"),
    )
    summary = source_summary(means)
    peer = summary.filter(pl.col("measure") == "peer")
    assert peer["mean"].item() - peer["sd"].item() / 2**0.5 == pytest.approx(0.4)  # the leak
    shown = View(HEAD, Scope(within=HEAD.departments), frozenset({"1", "2"})).frame(summary)
    assert shown.schema == summary.schema
    row = {r["measure"]: r for r in shown.iter_rows(named=True)}
    for m in ("peer", "gap_manager_peer"):
        assert row[m]["n"] == 2
        assert [row[m][c] for c in ("mean", "sd", "ci95_low", "ci95_high")] == [None] * 4
    assert row["manager"]["mean"] == pytest.approx(0.5) and row["self"]["mean"] == 0.7
    assert View(LOCAL_ADMIN, Scope(), None).frame(summary).equals(summary)


def test_off_roster_pairs_once_per_version_give_every_viewers_raters():
    """fix34m: the pairs of raters off the roster are read once per data version and
    filtered per viewer, with the same raters as reading them per viewer (the rule of
    rev33b #2, written out here over a mix of roles): a rater is in a reach when every person
    they rated is and they rated someone in a named role."""
    import random

    import duckdb

    from analytics.findings.visibility import off_roster_pairs, off_roster_raters
    from analytics.store import db

    con = duckdb.connect()
    db.ensure_schema(con)
    people = [f"{i}" for i in range(1000, 1030)]
    con.execute(
        "INSERT INTO employees (employee_id, name, department) SELECT * FROM "
        "(SELECT unnest($e), unnest($e), unnest($d))",
        {"e": people, "d": ["Eng" if i < 15 else "Sales" for i in range(30)]},
    )
    rnd = random.Random(7)
    roles = ["manager", "skip_level", "peer", "subordinate", None]
    rows = [
        (f"9{r:03d}", rnd.choice(people[:15] if r % 3 else people), rnd.choice(roles))
        for r in range(40)
        for _ in range(rnd.randint(1, 4))
    ] + [("1000", "1001", "manager"), ("9100", "9100", "self")]
    frame = pl.DataFrame(rows, schema=["rater_id", "employee_id", "rater_role"], orient="row")
    frame = frame.with_columns(cycle_id=pl.lit("2026"), score=0.5)
    con.execute("INSERT INTO review_rows BY NAME SELECT * FROM frame")

    def by_hand(allowed: set[str]) -> set[str]:
        off = frame.filter(
            ~pl.col("rater_id").is_in(people) & (pl.col("rater_id") != pl.col("employee_id"))
        )
        per = off.group_by("rater_id").agg(
            pl.col("employee_id").is_in(list(allowed)).all().alias("inside"),
            pl.col("rater_role").is_in(["peer", "subordinate"]).not_().any().alias("named"),
        )
        return set(per.filter(pl.col("inside") & pl.col("named"))["rater_id"])

    pairs = off_roster_pairs(con)
    for allowed in (set(people[:15]), set(people), set(people[:5])):
        expected = by_hand(allowed)
        assert expected and off_roster_raters(con, frozenset(allowed)) == expected
        assert off_roster_raters(None, frozenset(allowed), pairs) == expected
    eng = Viewer("eng.head@acme.com", "dept_head", ("Eng",))
    before = view_for(eng, con).allowed
    con.execute("DELETE FROM review_rows")  # the view reads the pairs kept, not the rows
    assert view_for(eng, con, off_roster=pairs).allowed == before > set(people[:15])
