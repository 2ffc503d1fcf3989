"""rev22 on the pages: where departments are shown by cycle, a line says they are as of the
latest cycle when the imports found people in other departments in earlier cycles (AppTest on
a 30-person, 3-cycle file with two movers and a rename; words from the catalogue)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.cli import main
from analytics.text import render
from tests.app.apptest import direct
from tests.app.test_data_page import LANGS
from tests.test_ingest import write_csv
from tests.test_rev22_import import HEADER, messy_rows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("moved")
    path = write_csv(tmp / "moves.csv", HEADER, messy_rows())
    dbp = tmp / "m.duckdb"
    assert main(["import", str(path), "--db", str(dbp), "--quiet"]) == 0
    return dbp


def _page(db: Path, monkeypatch, lang: str, page: str) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = LANGS[lang]
    at.switch_page(direct(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "page"), [("zh", "pages/distributions.py"), ("en", "pages/attribution.py")]
)
def test_departments_by_cycle_say_they_are_as_of_the_latest_cycle(moved, monkeypatch, lang, page):
    at = _page(moved, monkeypatch, lang, page)
    renamed = render("common.latest_departments_renamed", lang, pairs=["总部/旧部 → 总部/新部"])
    line = render("common.latest_departments", lang, latest="2025Q3", n=2, renamed=renamed)
    captions = [c.value for c in at.caption]
    assert line in captions, captions


def test_no_line_without_movers(demo, monkeypatch):
    at = _page(demo, monkeypatch, "zh", "pages/distributions.py")
    head = render("common.latest_departments", "zh", latest="X", n=0, renamed="")[:6]
    assert not [c.value for c in at.caption if c.value.startswith(head)]


def _messy_file(tmp_path: Path) -> Path:
    """The messy export: a "B+" among S-D grades, an id with a trailing space, a score of 35
    on 1-5, two movers and a renamed department."""
    rows = []
    for r in messy_rows({(5, "2025Q2"): "B+"}):
        if r[0] == "E007" and r[4] == "2025Q3":
            r = (r[0] + " ", *r[1:])
        if r[0] == "E003" and r[4] == "2025Q1" and r[6] == "上级":
            r = (*r[:7], "35", r[8])
        rows.append(r)
    return write_csv(tmp_path / "绩效考核明细_2025Q1-Q3_总部全员导出.csv", HEADER, rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_result_says_what_it_fixed_and_the_quarantine_shows_the_value(
    tmp_path, monkeypatch, lang
):
    from tests.app.test_data_page import _click, _data_page, _no_model_fits

    _no_model_fits(monkeypatch)
    monkeypatch.setenv("PERFLENS_DB", str(tmp_path / "empty.duckdb"))
    path = _messy_file(tmp_path)
    at = _data_page(tmp_path, lang, {path.name: path})
    before = "\n".join(w.value for w in at.warning)
    assert render("import.grade_cells_off_scale", lang, file=path.name, column="绩效等级", n=1,
                  total=90, labels=["B+"], cells=["70: E005 员工5 2025Q2 “B+”"]) in before  # fmt: skip
    assert render("import.grade_column_no_scale", lang, file="x", column="x", labels=[],
                  known=[])[:8] not in before  # fmt: skip
    _click(at, f"data_import_{path.name}")
    assert not at.exception and not at.error, [e.value for e in at.error]
    infos = "\n".join(i.value for i in at.info)
    warnings = "\n".join(w.value for w in at.warning)
    # the id rule applied: one line (the README promises it)
    cleaned = render("import.ids_cleaned", lang, file=path.name, n=1,
                     examples=["“E007 ” → E007"], columns=["工号", "评价人工号"])  # fmt: skip
    assert cleaned in infos
    assert "E005" in warnings and "B+" in warnings  # the typo grade, named
    assert render("import.department_movers", lang, file=path.name, n=2, latest="2025Q3",
                  people=["x"])[:12] in warnings  # fmt: skip
    # the quarantine shows each cell's value by default ("35", "B+"), no column hidden
    quarantine = next(d for d in at.dataframe if "raw_value" in d.value.columns)
    assert {"35", "B+"} <= set(quarantine.value["raw_value"].to_list())
    # (a long file name, as real exports have, left no room for the value before)
    config = json.loads(quarantine.proto.columns)
    assert not [c for c, cfg in config.items() if cfg.get("hidden") and c != "_index"], config
    # its CSV is ours (headers as shown), the grid's own (column codes) hidden (issue 19 item 5)
    assert "data_quarantine_dl" in [b.key for b in at.get("download_button")]
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "st-key-data_quarantine']" in styles


def test_a_roster_import_says_whom_it_updated(tmp_path, monkeypatch):
    from analytics.ingest.pipeline import import_file
    from analytics.store import db
    from tests.app.test_data_page import _click, _data_page, _no_model_fits

    _no_model_fits(monkeypatch)
    dbp = tmp_path / "r.duckdb"
    con = db.connect(dbp)
    import_file(con, write_csv(tmp_path / "m.csv", HEADER, messy_rows()))
    con.close()
    monkeypatch.setenv("PERFLENS_DB", str(dbp))
    roster = write_csv(
        tmp_path / "花名册.csv",
        ["工号", "姓名", "部门", "职级"],
        [
            ("E001", "员工1", "总部/丙部", "P5"),
            ("E002", "员工2", "总部/乙部", "P6"),
            ("E099", "新人", "总部/乙部", "P4"),
        ],
    )
    at = _data_page(tmp_path, "zh", {roster.name: roster})
    counts = {"people": 3, "new": 1, "departments": 1, "levels": 0}
    assert render("data.will_update_roster", "zh", **counts) in [c.value for c in at.caption]
    _click(at, f"data_import_{roster.name}")
    assert not at.exception and not at.error
    done = render("import.roster_done", "zh", file=roster.name, quarantined=0, cells=0, **counts)
    assert done in [s.value for s in at.success]
    assert "更新 3 名员工的花名册（新增 1，部门变更 1，职级变更 0）" in done


def test_a_dataset_left_without_ratings_says_so_and_names_the_sessions_first(tmp_path, monkeypatch):
    """Deleting the ratings import of a dataset whose roster remains: the confirmation names
    the calibration session built on those grades; afterwards the pages say the dataset has
    no ratings (and offer the Data page), not that the database is empty."""
    from analytics.calibration import sessions
    from analytics.findings.writes import delete_import
    from analytics.ingest.pipeline import import_file
    from analytics.store import db
    from tests.app.test_data_page import _click, _data_page, _no_model_fits

    _no_model_fits(monkeypatch)
    dbp = tmp_path / "d.duckdb"
    con = db.connect(dbp)
    res = import_file(con, write_csv(tmp_path / "m.csv", HEADER, messy_rows()))
    con.close()
    sid = sessions.create(dbp, cycle="2025Q3", department="总部", author="hr")
    built = sessions.built_on_import(dbp, res.import_id)
    assert built["session_id"].to_list() == [sid] and built["cycle_id"].to_list() == ["2025Q3"]
    monkeypatch.setenv("PERFLENS_DB", str(dbp))
    at = _data_page(tmp_path, "zh", {})
    _click(at, "imports_del_default")  # the one import: asked to confirm
    said = render("imports.confirm_sessions", "zh", n=1, sessions=[f"#{sid} 2025Q3"])
    assert said in [w.value for w in at.warning]
    delete_import(dbp, res.import_id)
    assert sessions.built_on_import(dbp, res.import_id).is_empty()  # nothing of it is left
    for lang in ("zh", "en"):
        at = _page(dbp, monkeypatch, lang, "pages/overview.py")
        infos = [i.value for i in at.info]
        assert render("firstrun.no_ratings", lang, name=_default_name(lang), n=30) in infos
        body = render("firstrun.body", lang)
        assert body not in [m.value for m in at.markdown]
        assert [b for b in at.button if b.key == "firstrun_upload"]


def _default_name(lang: str) -> str:
    from analytics.store import datasets

    return datasets.resolve(None, Path("x.duckdb")).label(lang)


@pytest.fixture(scope="module")
def blank_potential(tmp_path_factory) -> Path:
    """The messy export with a 潜力 column, blank for E001-E003 in the latest cycle."""
    tmp = tmp_path_factory.mktemp("potential")
    levels = ("高", "中", "低")
    rows = [
        (*r, "" if r[4] == "2025Q3" and r[0] in ("E001", "E002", "E003") else levels[i % 3])
        for i, r in enumerate(messy_rows())
    ]
    path = write_csv(tmp / "pot.csv", [*HEADER, "潜力"], rows)
    dbp = tmp / "p.duckdb"
    assert main(["import", str(path), "--db", str(dbp), "--quiet"]) == 0
    return dbp


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_potential_carried_from_an_earlier_cycle_is_said(blank_potential, monkeypatch, lang):
    at = _page(blank_potential, monkeypatch, lang, "pages/potential.py")
    captions = [c.value for c in at.caption]
    earlier = render("pot.check_outcome_earlier", lang, n=3, all=30, cycles=["2025Q2"])
    assert earlier in captions, captions
    assert render("pot.check_outcome", lang, n=27, all=30) in captions
    monkeypatch.setenv("PERFLENS_DB", str(blank_potential))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = LANGS[lang]
    at.query_params["employee"] = "E001"
    at.switch_page(direct("pages/person.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    line = render("person.potential_earlier", lang, latest="2025Q3", cycle="2025Q2")
    assert line in [c.value for c in at.caption]


def test_the_potential_check_counts_ratings_carried_forward():
    import polars as pl

    from analytics.findings.headlines import potential_lines
    from analytics.stats.potential import potential_check

    profile = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d"],
            "potential_source": ["outcome", "outcome", "outcome", "proxy"],
            "potential_score": [1.0, 0.5, 0.0, 0.4],
            "pct_adjusted": [0.2, 0.5, 0.7, 0.9],
            "latest_cycle": ["2026Q3", "2026Q3", "2026Q2", "2026Q3"],
            "potential_cycle": ["2026Q3", "2026Q2", "2026Q2", None],
        }
    )
    c = potential_check(profile).row(0, named=True)
    assert (c["n_outcome"], c["n_earlier"], c["earlier_cycles"]) == (3, 1, ["2026Q2"])
    lines = dict(potential_lines(potential_check(profile)))
    assert lines["pot.check_outcome"] == {"n": 2, "all": 4}
    assert lines["pot.check_outcome_earlier"] == {"n": 1, "all": 4, "cycles": ["2026Q2"]}
