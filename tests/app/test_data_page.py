"""The Data page fixes a refused file in place (AppTest): the encoding, the header row, the id
column, a new cycle's scale; the detected scales and the warnings before the import, in the
reader's language; the uploads of one session kept apart from another's. Assertions use
catalogue words (render / render_page), not literal UI text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.ingest.pipeline import import_file
from analytics.store import db
from analytics.text import render
from analytics.text.messages import render_page
from tests.app.apptest import direct
from tests.conftest import skip_model_fit
from tests.test_ingest import write_csv
from tests.test_ingest_wide_roles import ROWS
from tests.test_rev23b import HEADER

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
CP1252 = BAD / "d_enc_cp1252_title_id_refused" / "Leistung_Q3_2026.csv"
LANGS = {"zh": "中文", "en": "English"}


@pytest.fixture()
def small_db(tmp_path, monkeypatch):
    """A small database (one cycle of ratings on 1-5) the page reads and imports into; the
    model fits after an import are left out (they are not what this tests)."""
    _no_model_fits(monkeypatch)
    path = tmp_path / "small.duckdb"
    con = db.connect(path)
    import_file(con, BAD / "d_scale_new_cycle_refused" / "2025Q2_评分.csv", lang="en")
    con.close()
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return path


def _no_model_fits(monkeypatch) -> None:
    """The model fits after an import (the page's, the writer's and the background refresh's)
    left out: they are not what these tests are about."""
    import ui.datafile

    skip_model_fit(monkeypatch)
    monkeypatch.setattr(ui.datafile, "refresh", lambda *a, **k: None)


def _data_page(tmp_path: Path, lang: str, files: dict[str, Path]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = LANGS[lang]
    folder = tmp_path / f"session_{lang}"
    folder.mkdir(exist_ok=True)
    kept = {}
    for name, src in files.items():  # as ui.uploads.take keeps an upload
        shutil.copyfile(src, folder / name)
        kept[name] = str(folder / name)
    at.session_state["data_uploads"] = kept
    at.switch_page(direct("pages/data.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, key: str) -> None:
    """Click a page's button. AppTest runs a page as the main script, so every run after the
    first passes through ``shell.ensure_entry``'s one rerun, which would drop the click: the
    run is marked as already handed over."""
    from ui import shell

    at.session_state[shell.REDIRECT_KEY] = True
    at.button(key=key).click().run()


def _tick(at: AppTest, key: str) -> None:
    """Tick a page's checkbox (past ``shell.ensure_entry``'s rerun, as :func:`_click`)."""
    from ui import shell

    at.session_state[shell.REDIRECT_KEY] = True
    at.checkbox(key=key).check().run()


def stored(path: Path, sql: str) -> list[tuple]:
    """The rows of ``sql`` in the database at ``path`` (read-only, closed at once)."""
    con = db.connect(path, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def _warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_cp1252_file_is_fixed_and_imported_on_the_page(small_db, tmp_path, lang):
    name = "Leistung_Q3_2026.csv"
    at = _data_page(tmp_path, lang, {name: CP1252})
    # refused as it is: the Western encodings named, the page's control, no command line
    assert "cp1252" in _errors(at) and "--" not in _errors(at)
    at.selectbox(key=f"data_enc_{name}").set_value("cp1252").run()
    assert not at.exception
    # the title row is taken for the header: the page says to set the header row
    at.number_input(key=f"data_hdr_{name}").set_value(2).run()
    assert not at.exception
    no_id = max(re.split(r"\{[^}]*\}", render("import_page.no_employee_column", lang)), key=len)
    assert no_id in _errors(at)
    # fields in the reader's words, "not loaded" for a column not mapped
    box = at.selectbox(key=f"data_col_{name}_0_Personnel no.")
    assert box.value == ""
    assert render("data.ignore", lang) in box.options
    assert render("field.employee_id", lang) in box.options
    assert "employee_id" not in box.options and "None" not in box.options
    box.set_value("employee_id").run()
    assert not at.exception
    assert not at.error, _errors(at)
    # before the import: the detected scales and the Age warning, in the page's words
    age = render_page("not_a_dimension", lang, file=name, column="Age")
    assert age in _warnings(at)
    shown = at.dataframe[0].value
    assert set(shown["scale"]) == {"1-5"}
    assert render("data.scales", lang) in "\n".join(m.value for m in at.markdown)
    _click(at, f"data_import_{name}")
    assert not at.exception
    assert not at.error, _errors(at)
    assert age in _warnings(at)
    con = db.connect(small_db, read_only=True)
    try:
        got = con.execute("SELECT name FROM employees WHERE employee_id = 'P001'").fetchone()[0]
        n = con.execute("SELECT count(*) FROM reviews WHERE cycle_id = '2026Q3'").fetchone()[0]
    finally:
        con.close()
    assert got == "Müller" and n == 48


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_age_and_tenure_columns_are_warned_before_the_import(small_db, tmp_path, lang):
    """A GBK summary with a title row, the id column headed 人员代码, and 年龄/工龄 beside the
    competencies: fixed on the page, the two attribute columns are warned about before the
    import and listed as left out; they can be made dimensions by choice."""
    name = "绩效汇总_华东.csv"
    at = _data_page(tmp_path, lang, {name: BAD / "d_attr_age_gbk_title" / name})
    at.number_input(key=f"data_hdr_{name}").set_value(2).run()
    at.selectbox(key=f"data_col_{name}_0_人员代码").set_value("employee_id").run()
    assert not at.exception and not at.error, _errors(at)
    for column in ("年龄", "工龄"):
        assert render_page("not_a_dimension", lang, file=name, column=column) in _warnings(at)
    assert render("data.attributes", lang, columns=["年龄", "工龄"]) in "\n".join(
        c.value for c in at.caption
    )
    assert at.selectbox(key=f"data_col_{name}_0_业绩").value == "__dimension__"
    assert at.selectbox(key=f"data_col_{name}_0_年龄").value == ""
    # the import log, the scales and the file's preview offer our CSV (headers as shown), the
    # grid's own (column codes) hidden, a key naming the upload spelled as the browser's class
    # spells it (left29 item 7)
    from ui import shell

    at.session_state[shell.REDIRECT_KEY] = True
    at.toggle(key=f"data_prev_{name}_0").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    buttons = [b.key for b in at.get("download_button")]
    styles = " ".join(h.proto.body for h in at.get("html"))
    for key, spelled in (
        ("data_history", "data_history"),
        (f"data_scales_{name}", "data_scales_----_---csv"),
        (f"data_preview_{name}_0", "data_preview_----_---csv_0"),
    ):
        assert f"{key}_csv" in buttons, buttons
        assert f"[class*='st-key-{spelled}'] button" in styles, styles


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_cycle_on_another_scale_is_declared_on_the_page(small_db, tmp_path, lang):
    name = "2025Q3_评分_百分制.csv"
    at = _data_page(tmp_path, lang, {name: BAD / "d_scale_new_cycle_refused" / name})
    want = render_page(
        "scale_changed",
        lang,
        file=name,
        dimension="业绩",
        cycle="2025Q3",
        found="0-100",
        stored="1-5",
        other="2025Q2",
    )
    assert want in _errors(at)
    assert at.button(key=f"data_import_{name}").disabled
    at.selectbox(key=f"data_scale_{name}_业绩").set_value("0-100").run()
    assert not at.exception and not at.error, _errors(at)
    shown = at.dataframe[0].value
    assert shown["scale"].to_list() == ["0-100"]
    assert shown["scale_source"].to_list() == [render("import.scale_source_mapping", lang)]
    _click(at, f"data_import_{name}")
    assert not at.exception and not at.error, _errors(at)
    con = db.connect(small_db, read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM reviews WHERE scale = '0-100'").fetchone()[0]
    finally:
        con.close()
    assert n == 30


def test_a_manager_correction_drops_nothing_and_needs_no_confirmation(tmp_path, monkeypatch):
    """A file correcting the manager ratings of 2 people covers just those ratings: the page
    warns of no drop, asks for no confirmation, and the import keeps their self and peer
    ratings (issue 17: a second file for the same cycle)."""
    _no_model_fits(monkeypatch)
    case = BAD / "d_partial_correction"
    path = tmp_path / "p.duckdb"
    con = db.connect(path)
    import_file(con, case / "2025Q3_360.csv", lang="en")
    con.close()
    monkeypatch.setenv("PERFLENS_DB", str(path))
    name = "2025Q3_上级评分更正.csv"
    at = _data_page(tmp_path, "en", {name: case / name})
    assert "dropped" not in _warnings(at)
    assert not [c for c in at.checkbox if c.key in (f"data_confirm_{name}", f"data_add_{name}")]
    assert not at.button(key=f"data_import_{name}").disabled


def test_two_sessions_keep_their_same_named_uploads_apart(tmp_path):
    """ui.uploads: each session its own folder, so two files of one name never collide."""
    from streamlit.testing.v1 import AppTest as _App

    script = tmp_path / "two.py"
    script.write_text(
        "import streamlit as st\n"
        "from ui import uploads\n"
        "class Up:\n"
        "    def __init__(self, data):\n"
        "        self.name, self.file_id, self._d = '绩效.csv', str(id(self)), data\n"
        "    def getvalue(self):\n"
        "        return self._d\n"
        "uploads.take([Up(st.session_state['bytes'])])\n"
        "st.write(str(uploads.files()['绩效.csv']))\n",
        encoding="utf-8",
    )
    paths, sessions = [], []  # the sessions kept alive: a session's folder goes with it
    for data in (b"a,b\n1,2\n", b"x,y\n3,4\n"):
        at = _App.from_file(str(script), default_timeout=30)
        at.session_state["bytes"] = data
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        sessions.append(at)
        paths.append(Path(at.markdown[0].value))
    assert paths[0] != paths[1] and paths[0].name == paths[1].name == "绩效.csv"
    assert paths[0].read_bytes() == b"a,b\n1,2\n" and paths[1].read_bytes() == b"x,y\n3,4\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_column_headed_as_a_field_is_made_a_dimension_on_the_page(small_db, tmp_path, lang):
    """评分 is read as the row's score: made a rating dimension it is one, and 业绩/协作 can then
    be made dimensions (not offered beside a score column); the import loads the three."""
    name = "2025Q4_能力评估.csv"
    at = _data_page(tmp_path, lang, {name: BAD / "f_dim_header_names_score" / name})
    dim = render("data.dimension", lang)
    assert dim in at.selectbox(key=f"data_col_{name}_0_评分").options
    assert dim not in at.selectbox(key=f"data_col_{name}_0_业绩").options
    for col in ("评分", "业绩", "协作"):
        at.selectbox(key=f"data_col_{name}_0_{col}").set_value("__dimension__").run()
        assert not at.exception and not at.error, _errors(at)
    for col in ("评分", "业绩", "协作"):
        assert at.selectbox(key=f"data_col_{name}_0_{col}").value == "__dimension__"
    assert set(at.dataframe[0].value["dimension"]) == {"评分", "业绩", "协作"}
    _click(at, f"data_import_{name}")
    assert not at.exception and not at.error, _errors(at)
    con = db.connect(small_db, read_only=True)
    try:
        got = con.execute(
            "SELECT dimension, count(*) FROM reviews WHERE cycle_id = '2025Q4' GROUP BY 1"
        ).fetchall()
    finally:
        con.close()
    assert dict(got) == {"评分": 24, "业绩": 24, "协作": 24}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_of_two_cycles_on_two_scales_is_declared_per_cycle(small_db, tmp_path, lang):
    """2025Q2 on 1-5 and 2025Q3 on 0-100 in one file: a scale box per cycle of 业绩; the new
    cycle declared 0-100, the earlier one stays 1-5."""
    case = BAD / "d_scale_new_cycle_refused"
    q2 = (case / "2025Q2_评分.csv").read_text(encoding="utf-8").splitlines()
    q3 = (case / "2025Q3_评分_百分制.csv").read_text(encoding="utf-8").splitlines()
    name = "2025Q2-Q3_评分.csv"
    both = tmp_path / name
    both.write_text("\n".join([*q2, *q3[1:]]) + "\n", encoding="utf-8")
    at = _data_page(tmp_path, lang, {name: both})
    differs = render_page(
        "scale_differs",
        lang,
        file=name,
        dimension="业绩",
        cycle="2025Q3",
        scale="0-100",
        other="2025Q2",
        earlier="1-5",
    )
    assert differs in _warnings(at)
    boxes = {b.key for b in at.selectbox}
    assert {f"data_scale_{name}_业绩_2025Q2", f"data_scale_{name}_业绩_2025Q3"} <= boxes
    assert f"data_scale_{name}_业绩" not in boxes
    box = at.selectbox(key=f"data_scale_{name}_业绩_2025Q3")
    assert box.label == render("data.scale_cycle", lang, dimension="业绩", cycle="2025Q3")
    box.set_value("0-100").run()
    assert not at.exception and not at.error, _errors(at)
    shown = at.dataframe[0].value
    assert dict(zip(shown["cycle_id"], shown["scale"])) == {"2025Q2": "1-5", "2025Q3": "0-100"}
    mapped = render("import.scale_source_mapping", lang)
    assert dict(zip(shown["cycle_id"], shown["scale_source"]))["2025Q3"] == mapped
    _click(at, f"data_import_{name}")
    assert not at.exception and not at.error, _errors(at)
    con = db.connect(small_db, read_only=True)
    try:
        got = con.execute("SELECT cycle_id, scale, count(*) FROM reviews GROUP BY 1, 2").fetchall()
    finally:
        con.close()
    assert sorted(got) == [("2025Q2", "1-5", 30), ("2025Q3", "0-100", 30)]


def test_the_page_s_drop_count_follows_the_import_s_ids(tmp_path, monkeypatch):
    """Stored ids 00123, 00124 (self and manager ratings); a new manager's ratings saved through
    Excel hold them as numbers 123.0, 124.0: the page says the ids are restored and that the
    former manager's 2 ratings will drop (the file covers the people's manager ratings); the
    user keeps them instead (add mode): no drop, no confirmation, all 6 ratings stored."""
    import polars as pl

    _no_model_fits(monkeypatch)
    head = ["工号", "考核周期", "评价人工号", "评价关系", "得分"]
    rows = [(i, "2025Q3", r, rel, "3") for i in ("00123", "00124") for r, rel in
            (("M001", "上级"), (i, "自评"))]  # fmt: skip
    stored = tmp_path / "stored.csv"
    pl.DataFrame(rows, schema=head, orient="row").write_csv(stored)
    path = tmp_path / "p.duckdb"
    con = db.connect(path)
    import_file(con, stored, lang="en")
    con.close()
    monkeypatch.setenv("PERFLENS_DB", str(path))
    fix = tmp_path / "更正.parquet"
    pl.DataFrame(
        dict(zip(head, [[123.0, 124.0], ["2025Q3"] * 2, ["M002"] * 2, ["上级"] * 2, [4.0, 5.0]]))
    ).write_parquet(fix)
    at = _data_page(tmp_path, "en", {fix.name: fix})
    drop = render(
        "import.ratings_will_drop",
        "en",
        file=fix.name,
        people=2,
        cycles=1,
        cycle_list="2025Q3",
        dropped=2,
    )
    assert drop in _warnings(at)
    restored = render_page("ids_zeros_restored", "en", file=fix.name, n=2, columns="工号, 评价人工号",
                           examples="123 → 00123, 124 → 00124")  # fmt: skip
    assert restored in "\n".join(i.value for i in at.info)
    assert render("data.ids_preview", "en") in "\n".join(c.value for c in at.caption)
    # ratings would drop: the import waits for the user's confirmation
    assert at.button(key=f"data_import_{fix.name}").disabled
    assert at.checkbox(key=f"data_confirm_{fix.name}").label == render("data.confirm_drop", "en")
    # the way out: keep the stored ratings (add mode); nothing drops, nothing to confirm
    assert at.checkbox(key=f"data_add_{fix.name}").label == render("data.keep_add", "en")
    _tick(at, f"data_add_{fix.name}")
    assert drop not in _warnings(at)
    assert not [c for c in at.checkbox if c.key == f"data_confirm_{fix.name}"]
    assert not at.button(key=f"data_import_{fix.name}").disabled
    _click(at, f"data_import_{fix.name}")
    assert not at.exception and not at.error, _errors(at)
    con = db.connect(path, read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        con.close()
    assert n == 6


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_uploader_words_and_counts_in_the_reader_s_language(small_db, tmp_path, lang):
    """The uploader's own button and limits line come from the catalogue (Streamlit writes
    them in English only), and the import log's counts are thousands-separated numbers."""
    at = _data_page(tmp_path, lang, {})
    assert not at.exception
    styles = [e.proto.body for e in at.get("html")]
    for code in ("data.upload_button", "data.upload_limits"):
        assert any(render(code, lang) in s for s in styles), code
    config = {
        c.get("label"): c.get("type_config", {}) for f in at.dataframe for c in _column_configs(f)
    }
    rows = render("column.rows_loaded", lang)
    assert config.get(rows, {}).get("format") == "localized", config.get(rows)


def _column_configs(frame) -> list[dict]:
    import json

    return list(json.loads(frame.proto.columns or "{}").values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wide_export_s_rating_is_shown_as_the_manager_s_and_can_be_changed(
    small_db, tmp_path, lang
):
    """ing24: the English wide export (rating, self_rating, peer_rating): before the import the
    page shows ``rating`` read as the manager's score and says so, with the heads' ratings
    with no manager id and the peers with no rater counted; the user makes it the final score
    and the import loads self and peer ratings and the final scores."""
    name = "wide.csv"
    at = _data_page(tmp_path, lang, {name: write_csv(tmp_path / name, HEADER, ROWS)})
    assert not at.error, _errors(at)
    box = at.selectbox(key=f"data_col_{name}_0_rating")
    assert box.value == "manager_score"
    said = {"file": name, "sheet": "", "column": "rating"}
    read = render_page("score_as_manager_rating", lang, **said, rater="manager_id")
    heads = render_page(
        "manager_rater_empty", lang, file=name, column="rating", n=2, rater="manager_id"
    )
    peers = render_page(
        "role_rater_unknown", lang, file=name, column="peer_rating", n=3, role="peer"
    )
    for words in (read, heads, peers):
        assert words in _warnings(at), _warnings(at)
    box.set_value("final_score").run()
    assert not at.exception and not at.error, _errors(at)
    assert read not in _warnings(at) and peers in _warnings(at)
    _click(at, f"data_import_{name}")
    assert not at.exception and not at.error, _errors(at)
    con = db.connect(small_db, read_only=True)
    try:
        roles = con.execute(
            "SELECT rater_role, count(*) FROM reviews WHERE employee_id IN "
            "('H1', 'M1', 'E1', 'E2') GROUP BY 1"
        ).fetchall()
        finals = con.execute("SELECT count(final_score) FROM outcomes").fetchone()[0]
    finally:
        con.close()
    assert dict(roles) == {"self": 2, "peer": 3} and finals == 8


def test_the_preview_is_made_once_per_file_mapping_and_stored_data(small_db, tmp_path, monkeypatch):
    """ui.datafile: a run of the Data page that changes nothing the preview reads (a preview
    toggle) reuses it; a scale chosen, a write to the target dataset and an upload replaced
    under the same name each make it anew, and the page then shows what a fresh page shows.
    Why: every click is a run, and each parsed and prepared the whole file again."""
    import ui.datafile
    from ui import shell

    made: list[str] = []
    view_file = ui.datafile.view_file
    monkeypatch.setattr(
        ui.datafile, "view_file", lambda *a, **k: made.append(a[1].name) or view_file(*a, **k)
    )
    name = "2025Q3_评分_百分制.csv"
    at = _data_page(tmp_path, "en", {name: BAD / "d_scale_new_cycle_refused" / name})
    assert len(made) == 1 and at.button(key=f"data_import_{name}").disabled
    refused, grids = _errors(at), len(at.dataframe)
    at.session_state[shell.REDIRECT_KEY] = True
    at.toggle(key=f"data_prev_{name}_0").set_value(True).run()
    assert not at.exception and len(made) == 1  # nothing the preview reads changed
    assert _errors(at) == refused and len(at.dataframe) == grids + 1  # the file's first rows
    at.selectbox(key=f"data_scale_{name}_业绩").set_value("0-100").run()
    assert not at.exception and not at.error and len(made) == 2  # the mapping changed
    at.run()
    assert len(made) == 2
    # a write to the target dataset (a new file): the stored scales may have changed
    con = db.connect(small_db)
    import_file(con, BAD / "d_scale_new_cycle_refused" / name, mapping=_scales_0_100(), lang="en")
    con.close()
    at.run()
    assert not at.exception and len(made) == 3
    # the upload replaced under the same name: read anew
    kept = Path(at.session_state["data_uploads"][name])
    lines = kept.read_text(encoding="utf-8").splitlines()
    kept.write_text("\n".join(lines[:-5]) + "\n", encoding="utf-8")
    at.run()
    assert not at.exception and len(made) == 4
    assert render("data.will_load", "en", rows=25) in [c.value for c in at.caption]


def _scales_0_100():
    from analytics.ingest.mapping import Mapping

    return Mapping(scales={"业绩": "0-100"})
