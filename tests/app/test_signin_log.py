"""The dashboard's side of issue 20 that needs no browser (AppTest): the no-provider default
(the local administrator's badge, in both languages), the access log's section (shown to HR
administrators only, worded), a download and a person page logged, an upload removed once it is
imported. The sign-in itself is the browser journey (tests/e2e/test_signin.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.store import accesslog
from analytics.text import render
from tests.app.test_data_page import BAD, LANGS, _click, _data_page, small_db  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_provider_is_the_local_administrator_with_a_badge(demo_db, monkeypatch, lang):
    monkeypatch.setenv("PERFLENS_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = LANGS[lang]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    sidebar = "\n".join(m.value for m in at.sidebar.markdown) + "\n".join(
        c.value for c in at.sidebar.caption
    )
    assert render("signin.local_badge", lang) in sidebar.replace("\\", "")
    assert "-badge[" not in sidebar  # words that wrap, not a one-line badge cut with "…"
    assert at.session_state["viewer"].user == "local-admin"
    assert at.title[0].value == render("nav.overview", lang)


def _section_app(default_db: Path, role: str, departments: tuple[str, ...] = ()) -> AppTest:
    def script(default_db: str, role: str, departments: tuple) -> None:
        import os

        os.environ["PERFLENS_DB"] = default_db
        from analytics.auth.roles import Viewer
        from ui import audit
        from ui.auth import set_viewer

        set_viewer(Viewer(user="someone@example.com", role=role, departments=departments))
        audit.section("en")
        data = audit.download(lambda: b"x", "one.csv")
        data()  # as Streamlit calls it on a click

    return AppTest.from_function(script, args=(str(default_db), role, departments))


def test_the_access_log_is_shown_to_hr_admin_only_and_downloads_are_logged(tmp_path):
    db = tmp_path / "perflens.duckdb"
    accesslog.append(
        db, accesslog.Entry("import", "hr@example.com", "hr_admin", file="a.csv", detail="loaded")
    )
    at = _section_app(db, "dept_head", ("研发中心",))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.subheader and not at.dataframe  # nothing of the log for a department head
    log = accesslog.read(db)
    assert log.row(0, named=True)["file"] == "one.csv"  # their download is logged all the same
    assert log.row(0, named=True)["reach"] == "研发中心"

    at = _section_app(db, "hr_admin")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == "Access log"
    shown = at.dataframe[0].value
    assert list(shown.columns)[:3] == ["When", "Action", "User"]
    assert set(shown["Action"]) == {"download", "import"}
    assert "loaded" in set(shown["Detail"]) and "Department head" in set(shown["Role"])


def test_an_imported_upload_is_removed_and_logged(small_db, tmp_path):  # noqa: F811
    name = "2025Q2_评分.csv"
    at = _data_page(tmp_path, "en", {name: BAD / "d_scale_new_cycle_refused" / name})
    kept = Path(at.session_state["data_uploads"][name])
    assert kept.exists()
    _click(at, f"data_import_{name}")
    assert not at.exception, [e.value for e in at.exception]
    assert not kept.exists()  # the server keeps no copy of an imported upload
    entry = accesslog.read(small_db).row(0, named=True)
    assert (entry["event"], entry["file"], entry["user"]) == ("import", name, "local-admin")
    assert entry["detail"] == "duplicate"  # the same file the database was built from
    at.run()  # the next run: no panel for the file, its result said once more at the top
    assert not [b for b in at.button if b.key == f"data_import_{name}"]


def test_a_person_page_view_is_logged_once(demo_db, tmp_path, monkeypatch):
    db = tmp_path / "perflens.duckdb"
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("PERFLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    from ui import shell

    person = accesslog_person(db)
    at.query_params["employee"] = person
    at.switch_page(str(ROOT / "pages" / "person.py")).run()
    at.session_state[shell.REDIRECT_KEY] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    views = accesslog.read(db).filter(event="person_view")
    assert views["detail"].to_list() == [person]


def accesslog_person(db: Path) -> str:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT min(employee_id) FROM employees").fetchone()[0]
    finally:
        con.close()


def test_the_identity_and_groups_read_from_the_token():
    from ui.signin import identity

    claims = {"sub": "00u1", "email": " Li.Na@example.com ", "groups": ["a", "b"], "roles": "x"}
    assert identity(claims, "groups") == ("Li.Na@example.com", ["a", "b"])
    assert identity(claims, "roles") == ("Li.Na@example.com", ["x"])  # one group as a string
    assert identity({"sub": "ou_7", "preferred_username": "lina"}, "groups") == ("lina", [])
    assert identity({"sub": "ou_7"}, "groups") == ("ou_7", [])
