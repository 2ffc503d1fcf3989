"""What the review of issue 17 saw on the pages (AppTest): an empty cell reads "—", never
"None"; a quarantine reason is shown whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.ingest.pipeline import import_file
from analytics.store import db
from analytics.text import render
from tests.app.apptest import open_page

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
LANGS = {"zh": "中文", "en": "English"}


def _db(tmp_path: Path, monkeypatch, *files: Path) -> Path:
    """A database of ``files`` imported without the model fits, served to the pages; an import
    on the data page fits none either (:func:`_no_model_fits`: the page's import refreshed with
    ``ui.datafile``'s own name of ``refresh``, which patching ``materialise`` left in place, 1
    to 1.5 CPU s an import; no test here reads a stored result)."""
    from tests.app.test_data_page import _no_model_fits

    _no_model_fits(monkeypatch)
    path = tmp_path / "t.duckdb"
    con = db.connect(path)
    for f in files:
        import_file(con, f, lang="en")
    con.close()
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return path


def _page(page: str, lang: str, **state: object) -> AppTest:
    return open_page(page, lang, 120, **state)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_page_shows_empty_cells_as_a_dash(tmp_path, monkeypatch, lang):
    """A Workday export has no team, level or job family, and its outcomes no final score or
    potential: the header says they were not imported (rev19e, session 45) and the tables
    say "—" for them, never "None"."""
    case = BAD / "m_workday_en_total"
    _db(tmp_path, monkeypatch, case / "workday_performance_reviews.csv")
    at = _page("pages/person.py", lang, employee="E2001")
    header = next(m.value for m in at.markdown if "E2001" in m.value)
    assert "None" not in header and " - " not in header, header
    for field in ("team", "level", "family"):
        assert render(f"person.no_{field}", lang) in header, (field, header)
    assert at.dataframe, "no table on the person page"
    for frame in at.dataframe:
        assert frame.proto.placeholder == "—"  # Streamlit's own default prints "None"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quarantine_reasons_are_shown_whole(tmp_path, monkeypatch, lang):
    """The reason column is wide and its rows tall enough for the longest reason to wrap
    (Streamlit wraps a cell's text only in rows taller than 4rem)."""
    _db(tmp_path, monkeypatch, BAD / "l_grade_repeated_per_rater" / "宽表_含等级.csv")
    at = _page("pages/data.py", lang)
    table = next(f for f in at.dataframe if "row_number" in f.value.columns)
    reason = table.value.iloc[0, -1]
    assert len(reason) > 30, reason  # a sentence longer than the default width shows
    config = json.loads(table.proto.columns)
    width = next(v["width"] for k, v in config.items() if k.endswith("reason"))
    assert width >= 400  # as wide as leaves the other columns room at 1280 px
    if lang == "en":  # 125 characters: two lines of the wide column (the Chinese one fits one)
        assert table.proto.row_height > 64
    assert table.proto.placeholder == "—"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_page_counts_what_the_import_will(tmp_path, monkeypatch, lang):
    """A wide GBK export of 20 people with 合计 and 平均 rows: before the import the page says
    20 data rows (not 22), that the 2 summary rows are skipped, and the 80 rows the import then
    reports as loaded."""
    import shutil

    from analytics.text import render
    from analytics.text.messages import render_page

    _db(tmp_path, monkeypatch)
    name = "部门评分汇总.csv"
    folder = tmp_path / "uploads"
    folder.mkdir()
    shutil.copyfile(BAD / "v_cell_totals_rows_gbk" / name, folder / name)
    at = _page("pages/data.py", lang, data_uploads={name: str(folder / name)})
    texts = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    detected = next(m.value for m in at.markdown if name in m.value)
    assert ("20 行" if lang == "zh" else "20 rows") in detected and "22" not in detected, detected
    skipped = render_page("summary_rows_skipped", lang, file=name, n=2, rows=["22:合计", "23:平均"])
    assert skipped in texts, texts
    assert render("data.will_load", lang, rows=80) in texts, texts
    from ui import shell

    at.session_state[shell.REDIRECT_KEY] = True  # past ensure_entry's rerun (test_data_page)
    at.button(key=f"data_import_{name}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    said = "\n".join(s.value for s in at.success)
    assert ("导入 80 行" if lang == "zh" else "80 rows loaded") in said, said


def _small_company(path: Path) -> Path:
    """Two departments over four quarters, ratings only (no grade): 销售中心 has 4 people,
    研发中心 8, each rated by a manager and a peer on two dimensions."""
    rows = ["工号,姓名,部门,考核周期,评价人,评价关系,考核维度,得分"]
    people = [(f"S{i}", "销售中心/华东区") for i in range(4)]
    people += [(f"R{i}", "研发中心/平台组") for i in range(8)]
    for q in range(1, 5):
        for k, (e, dept) in enumerate(people):
            boss = "M1" if e.startswith("S") else "M2"
            peer = people[(k + 1) % len(people)][0]
            for j, dim in enumerate(("业绩", "协作")):
                rows.append(f"{e},{e}名,{dept},2025Q{q},{boss},上级,{dim},{1 + (k + q + j) % 5}")
                rows.append(f"{e},{e}名,{dept},2025Q{q},{peer},同事,{dim},{1 + (k + 2 * q) % 5}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def four_quarters(tmp_path_factory) -> Path:
    """:func:`_small_company` imported and refreshed, once for both languages (the page only
    reads it)."""
    from analytics.findings.materialise import refresh

    folder = tmp_path_factory.mktemp("four_quarters")
    path = folder / "t.duckdb"
    con = db.connect(path)
    import_file(con, _small_company(folder / "four_quarters.csv"), lang="en")
    refresh(con)
    con.close()
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_distributions_count_people_of_the_latest_cycle_and_say_why_a_chart_is_missing(
    four_quarters, monkeypatch, lang
):
    """销售中心 has 4 people in each of 4 cycles: the box plot said n=16 (person-cycles) while the
    small-unit rule said n<5. Both now count people in the latest cycle (n=4, marked small),
    the page says so, and the guideline chart of a file without grades is a sentence saying
    why, not an empty chart."""
    from analytics.text import render

    monkeypatch.setenv("PERFLENS_DB", str(four_quarters))
    at = _page("pages/distributions.py", lang)
    captions = "\n".join(c.value for c in at.caption)
    assert render("dist.n_counts", lang, cycle="2025Q4", min_n=5) in captions, captions
    assert render("dist.small_units", lang, min_n=5, cycle="2025Q4", units=["销售中心"]) in captions
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    names = [tr.get("name") or "" for c in charts for tr in c["data"]]
    boxes = [n for n in names if "<br>n=" in n]
    # a unit under 5 people: its label says why, and it gets no box (rev23b item 13, msg24)
    small = "销售中心<br>" + render("fig.box_too_few", lang, n=4, min=5)
    assert small in boxes and "研发中心<br>n=8" in boxes, names
    kinds = {tr.get("name"): tr["type"] for c in charts for tr in c["data"]}
    assert kinds[small] == "scatter" and kinds["研发中心<br>n=8"] == "box"
    infos = "\n".join(i.value for i in at.info)
    assert render("dist.no_grades", lang, cycle="2025Q4") in infos, infos
    assert all(c["data"] for c in charts), "an empty chart is drawn"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ambiguous_grades_are_declared_on_the_data_page(tmp_path, monkeypatch, lang):
    """Per-dimension grades A/B/C/D fit S-D and A-E: the page refuses the file saying so and
    offers a scale box per dimension; choosing A-E for each loads them (A = 1)."""
    import shutil

    from analytics.text import render
    from analytics.text.messages import render_page
    from ui import shell

    path = _db(tmp_path, monkeypatch)
    name = "北森_维度等级_2025Q4.csv"
    folder = tmp_path / "uploads"
    folder.mkdir()
    shutil.copyfile(BAD / "m_grades_per_dimension_ambiguous" / name, folder / name)
    at = _page("pages/data.py", lang, data_uploads={name: str(folder / name)})
    errors = "\n".join(e.value for e in at.error)
    assert (
        render_page(
            "grade_scale_ambiguous",
            lang,
            file=name,
            labels=["A", "B", "C", "D"],
            dimensions=["业绩", "创新", "协作"],
            candidates=["grade:SABCD (S/A/B/C/D)", "grade:ABCDE (A/B/C/D/E)"],
            example='scales = { "*" = "grade:ABCDE" }',
        )
        in errors
    ), errors
    # the choices read as grades, not codes (rev17d F11)
    shown = at.selectbox(key=f"data_scale_{name}_业绩").options
    assert render("import.grade_scale_word", lang, labels="A/B/C/D/E") in shown
    assert not [o for o in shown if o.startswith("grade:")], shown
    for dim in ("业绩", "创新", "协作"):
        at.selectbox(key=f"data_scale_{name}_{dim}").set_value("grade:ABCDE").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.session_state[shell.REDIRECT_KEY] = True
    at.button(key=f"data_import_{name}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    con = db.connect(path, read_only=True)
    try:
        got = con.execute("SELECT min(score), count(*) FROM reviews WHERE score_raw = 'A'")
        assert got.fetchone()[0] == 1.0
    finally:
        con.close()
