"""The Data page deletes one import of the dataset (after a confirmation: its rows go, the
other import's stay, the log keeps its line) and renames a dataset (its key stays), in both
languages (AppTest; assertions use catalogue words)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics.ingest.pipeline import import_file
from analytics.store import datasets, db
from analytics.text import render
from tests.app.apptest import direct
from tests.app.test_data_page import LANGS, _click, _no_model_fits
from tests.test_datasets import company_csv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def two_imports(tmp_path, monkeypatch):
    """The default dataset with two imports of different cycles (model fits left out)."""
    _no_model_fits(monkeypatch)
    path = tmp_path / "two.duckdb"
    first = company_csv(tmp_path / "first.csv", 10, 2, 5, 1)
    second = company_csv(tmp_path / "second.csv", 8, 2, 5, 2)
    text = second.read_text(encoding="utf-8").replace(",2025H", ",2026H")
    second.write_text(text, encoding="utf-8")
    con = db.connect(path)
    import_file(con, first, lang="en")
    import_file(con, second, lang="en")
    con.close()
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return path


def _page(lang: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = LANGS[lang]
    at.switch_page(direct("pages/data.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _count(path: Path, sql: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_import_deleted_after_a_confirmation(two_imports, lang):
    ids = dict(
        duckdb.connect(str(two_imports), read_only=True)
        .execute("SELECT file, import_id FROM imports")
        .fetchall()
    )
    kept = _count(
        two_imports, f"SELECT count(*) FROM reviews WHERE import_id = '{ids['second.csv']}'"
    )
    at = _page(lang)
    pick = at.selectbox(key="imports_pick_default")
    assert set(pick.options) == {
        render("imports.option", lang, file=f, time=t, rows=r)
        for f, t, r in duckdb.connect(str(two_imports), read_only=True)
        .execute("SELECT file, strftime(started_at, '%Y-%m-%d %H:%M'), rows_loaded FROM imports")
        .fetchall()
    }
    pick.set_value(ids["first.csv"])
    _click(at, "imports_del_default")
    warned = "\n".join(w.value for w in at.warning)
    assert (
        render(
            "imports.confirm",
            lang,
            name=render("dataset.default_name", lang),
            file="first.csv",
            time="",
            rows=0,
        ).split("“")[0]
        in warned
    )
    assert "first.csv" in warned
    assert _count(two_imports, "SELECT count(*) FROM imports WHERE status = 'deleted'") == 0
    _click(at, "imports_yes_default")
    assert not at.exception, [e.value for e in at.exception]
    said = "\n".join(s.value for s in at.success)
    deleted = _count(two_imports, "SELECT count(*) FROM imports WHERE status = 'deleted'")
    assert deleted == 1
    assert _count(two_imports, "SELECT count(*) FROM review_rows") == kept
    assert render("imports.deleted_page", lang, file="first.csv", ratings=1, other=0)[:6] in said
    assert "first.csv" in said
    # only the other import is left to delete; the log still lists both
    assert at.selectbox(key="imports_pick_default").options == [
        at.selectbox(key="imports_pick_default").format_func(ids["second.csv"])
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_dataset_is_renamed_and_keeps_its_key(two_imports, lang):
    at = _page(lang)
    at.text_input(key="dataset_rename_name_default").input(f"总部 {lang}")
    _click(at, "dataset_rename_default")
    assert not at.exception, [e.value for e in at.exception]
    said = "\n".join(s.value for s in at.success)
    old = render("dataset.default_name", lang)
    assert (
        render("dataset.renamed", lang, old=old, name=f"总部 {lang}", dataset_key="default") in said
    )
    (only,) = datasets.live(str(two_imports))
    assert only.key == "default" and only.label(lang) == f"总部 {lang}"
