"""The company's own scale: a dataset imported on 1-5 shows scores, effects and changes in
points on 1-5 (the person page, the rater tables, attribution), with the unit in the headers
of its exports; a dataset on 0-100 in points on 0-100; one that mixes scales keeps 0-1 and
says so (AppTest and the export writers; assertions use catalogue words)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from analytics.cli import main
from analytics.export.report import to_csv, to_xlsx
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.units import convert, unit_of, unit_of_scales
from analytics.store import access
from analytics.text import render
from tests.app.apptest import open_page
from tests.test_datasets import company_csv

ROOT = Path(__file__).resolve().parents[2]


def _hundred(path: Path, seed: int) -> Path:
    """company_csv's company with its 1-5 scores written on 0-100 (x20)."""
    company_csv(path, 30, 1, 5, seed)
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        head, score = line.rsplit(",", 1)
        out.append(f"{head},{int(score) * 20 if score.isdigit() else score}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def five(tmp_path_factory) -> Path:
    """A database of one company rated on 1-5 (findings stored)."""
    tmp = tmp_path_factory.mktemp("five")
    dbp = tmp / "five.duckdb"
    csv = company_csv(tmp / "five.csv", 40, 1, 5, 11)
    assert main(["import", str(csv), "--db", str(dbp), "--quiet"]) == 0
    return dbp


def _con(path: Path):
    con, _ = access.connect_reader(path)
    return con


def test_unit_of_a_dataset_and_of_mixed_scales(five, tmp_path, no_model_fit):
    con = _con(five)
    try:
        unit = unit_of(con)
    finally:
        con.close()
    assert (unit.scale, unit.lo, unit.hi, unit.mixed) == ("1-5", 1.0, 5.0, False)
    assert unit.words("zh") == render("unit.points", "zh", scale="1-5")
    # a 0-100 import into the same database: its cycles mix scales with the 1-5 ones
    hundred = _hundred(tmp_path / "h.csv", 3)
    text = hundred.read_text(encoding="utf-8").replace(",2025H", ",2026H")
    hundred.write_text(text, encoding="utf-8")
    mixed_db = tmp_path / "mixed.duckdb"
    import shutil

    shutil.copyfile(five, mixed_db)
    mapping = tmp_path / "m.toml"
    mapping.write_text('[scales]\n"*" = "0-100"\n', encoding="utf-8")  # the change declared
    args = ["import", str(hundred), "--db", str(mixed_db), "--quiet", "--mapping", str(mapping)]
    assert main(args) == 0
    con = _con(mixed_db)
    try:
        assert unit_of(con).mixed
        assert unit_of(con, ("2026H1",)).scale == "0-100"
        assert unit_of(con, ("2025H1", "2025H2")).scale == "1-5"
    finally:
        con.close()
    # a grade scale: grade steps, the lowest 0
    grades = unit_of_scales(["grade:SABCD"])
    assert (grades.lo, grades.hi) == (0.0, 4.0)
    assert "S=4" in grades.words("en")


def test_conversion_keeps_raw_plus_adjustment_equal_to_adjusted():
    unit = unit_of_scales(["1-5"])
    frame = pl.DataFrame(
        {
            "raw": [0.5, 0.75],
            "adjustment": [-0.044, 0.02],
            "adjusted": [0.456, 0.77],
            "ci95_low": [0.4, 0.7],
            "pct_raw": [0.5, 0.9],  # a percentile: never converted
            "n_raters": [3, 4],
        }
    )
    out = convert(frame, unit)
    assert out["raw"].to_list() == [3.0, 4.0]
    assert out["adjustment"].to_list() == pytest.approx([-0.176, 0.08])
    assert (out["raw"] + out["adjustment"]).to_list() == pytest.approx(out["adjusted"].to_list())
    assert out["ci95_low"].to_list() == pytest.approx([2.6, 3.8])  # bounds the adjusted level
    assert out["pct_raw"].to_list() == [0.5, 0.9] and out["n_raters"].to_list() == [3, 4]
    assert convert(frame, unit_of_scales(["1-5", "0-100"])).equals(frame)  # mixed: 0-1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_headers_say_the_unit(five, tmp_path, lang):
    con = _con(five)
    try:
        findings = build_findings(con)
    finally:
        con.close()
    assert findings.unit.scale == "1-5"
    book = openpyxl.load_workbook(io_bytes(to_xlsx(findings, lang)), read_only=True)
    heads = {c for ws in book.worksheets for c in next(ws.iter_rows(max_row=1, values_only=True))}
    points = render("unit.points", lang, scale="1-5")
    effect = render("unit.header", lang, label=render("column.effect", lang), unit=points)
    adjusted = render("unit.header", lang, label=render("column.adjusted", lang), unit=points)
    assert effect in heads and adjusted in heads
    # the values are points: adjusted scores between 1 and 5
    sheet = book[render("section.adjusted", lang)[:31]]
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index(adjusted)
    values = [r[col] for r in rows[1:] if r[col] is not None]
    assert values and all(1.0 <= v <= 5.0 for v in values) and max(values) > 1.5
    # a CSV of a mixed scope: 0-1, said so
    mixed = unit_of_scales(["1-5", "0-100"])
    csv = to_csv(pl.DataFrame({"effect": [0.05]}), lang, mixed).decode("utf-8-sig")
    assert csv.splitlines()[0] == render(
        "unit.header", lang, label=render("column.effect", lang), unit=render("unit.mixed", lang)
    )


def io_bytes(data: bytes):
    import io

    return io.BytesIO(data)


def _app(five: Path, monkeypatch, lang: str, page: str, **state):
    monkeypatch.setenv("PERFLENS_DB", str(five))
    return open_page(page, lang, 180, **state)


def _frames(at) -> dict[int, pl.DataFrame]:
    """The page's tables in order (values as shown: the frame handed to st.dataframe)."""
    return {i: pl.from_pandas(df.value) for i, df in enumerate(at.dataframe)}


def _section(five: Path, name: str) -> pl.DataFrame:
    con = _con(five)
    try:
        return compute_section(name, load_scope_lazy(con, Scope()))
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_page_in_points(five, monkeypatch, lang):
    adjusted = _section(five, "adjusted")
    emp = adjusted.sort("adjusted", descending=True)["employee_id"][0]
    at = _app(five, monkeypatch, lang, "pages/person.py", employee=emp)
    captions = "\n".join(c.value for c in at.caption)
    assert render("unit.caption", lang, unit=render("unit.points", lang, scale="1-5")) in captions
    adj = frames_with(at, "adjustment")
    mine = adjusted.filter(pl.col("employee_id") == emp).sort("cycle_order")
    assert adj["raw"].to_list() == pytest.approx((1 + 4 * mine["raw"]).to_list())
    assert adj["adjustment"].to_list() == pytest.approx((4 * mine["adjustment"]).to_list())
    assert (adj["raw"] + adj["adjustment"]).to_list() == pytest.approx(adj["adjusted"].to_list())
    dims = next(f for f in _frames(at).values() if f.columns[0] == "dimension")
    scores = [v for c in dims.columns if c != "dimension" for v in dims[c].to_list() if v]
    assert scores and all(1.0 <= v <= 5.0 for v in scores)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rater_table_and_attribution_in_points(five, monkeypatch, lang):
    raters = _section(five, "raters")
    # every rater's table draws when its expander is open (ui.tables.lazy_expander)
    at = _app(five, monkeypatch, lang, "pages/raters.py", raters_all_open=True)
    shown = frames_with(at, "effect")
    assert shown is not None
    want = dict(zip(raters["rater_id"], raters["effect"], strict=True))
    got = dict(zip(shown["rater_id"], shown["effect"], strict=True))
    assert got and all(got[r] == pytest.approx(4 * want[r]) for r in got if got[r] is not None)
    shifts = _section(five, "department_shifts")
    at = _app(five, monkeypatch, lang, "pages/attribution.py")
    captions = "\n".join(c.value for c in at.caption)
    assert render("unit.caption", lang, unit=render("unit.points", lang, scale="1-5")) in captions
    shown = frames_with(at, "department")  # the department shifts, in points
    assert shown is not None and shifts.height
    key = ["dept", "from_cycle", "to_cycle"]
    both = shown.join(shifts, on=key, suffix="_01")
    assert both.height == shifts.height
    for col in ("department", "ci95_low", "ci95_high"):
        assert both[col].to_list() == pytest.approx((4 * both[f"{col}_01"]).to_list())


def frames_with(at, column: str) -> pl.DataFrame | None:
    for frame in _frames(at).values():
        if column in frame.columns and frame[column].dtype.is_float():
            return frame
    return None


def test_duckdb_reads_the_scale_per_batch(five):
    con = duckdb.connect(str(five), read_only=True)
    try:
        assert con.execute("SELECT DISTINCT scale FROM review_batches").fetchall() == [("1-5",)]
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_charts_in_points(lang):
    from analytics.export import figures

    unit = unit_of_scales(["1-5"])
    row = {
        "employee_id": "E1",
        "from_cycle": "A",
        "to_cycle": "B",
        "company": 0.01,
        "department": -0.05,
        "rater": 0.0,
        "individual": 0.02,
        "change": -0.02,
    }
    fig = figures.waterfall(row, lang, unit)
    assert list(fig.data[0].y) == pytest.approx([0.04, -0.2, 0.0, 0.08, -0.08])
    assert fig.layout.yaxis.title.text == unit.words(lang)
    ratings = pl.DataFrame(
        {"cycle_id": ["A", "A"], "cycle_order": [1, 1], "rater_role": ["manager"] * 2},
    ).with_columns(score=pl.Series([0.5, 1.0]))
    history = figures.person_history(ratings, lang, unit)
    assert list(history.data[0].y) == [4.0]  # mean of 3 and 5
    assert unit.words(lang) in history.layout.yaxis.title.text
    mixed = figures.waterfall(row, lang, unit_of_scales(["1-5", "0-100"]))
    assert list(mixed.data[0].y) == pytest.approx([0.01, -0.05, 0.0, 0.02, -0.02])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_report_says_its_unit_and_converts_like_the_workbook(five, lang):
    from analytics.export.report import to_json
    from analytics.text import entries

    con = _con(five)
    try:
        findings = build_findings(con)
    finally:
        con.close()
    out = to_json(findings, lang, full=True)
    assert out["unit"] == {
        "scale": "1-5",
        "mixed": False,
        "low": 1.0,
        "high": 5.0,
        "text": render("unit.points", lang, scale="1-5"),
    }
    raw = findings.sections["adjusted"]
    rows = out["adjusted_scores"]
    assert len(rows) == raw.height
    for row, want in zip(rows, raw.iter_rows(named=True), strict=True):
        assert row["adjusted"] == pytest.approx(1 + 4 * want["adjusted"], rel=5e-4)
        assert row["adjustment"] == pytest.approx(4 * want["adjustment"], rel=5e-4, abs=1e-9)
        assert row["raw"] + row["adjustment"] == pytest.approx(row["adjusted"], rel=1e-3)
    effects = {r["rater_id"]: r["effect"] for r in out["raters"] if r["effect"] is not None}
    want = dict(zip(findings.sections["raters"]["rater_id"], findings.sections["raters"]["effect"]))
    assert effects and all(effects[k] == pytest.approx(4 * want[k], rel=5e-4) for k in effects)
    # floats keep 4 significant digits; a sentence keeps the parameters its template uses
    reason = next(r["status_reason"] for r in out["raters"] if r["status_reason"])
    template = entries()[f"reason.{reason['code']}"][lang]
    assert reason["params"] and all("{" + k in template for k in reason["params"])
    assert reason["text"] == render(f"reason.{reason['code']}", lang, **reason["params"])
    # a scope on mixed scales: 0-1, and the unit says so
    from dataclasses import replace

    mixed = to_json(replace(findings, unit=unit_of_scales(["1-5", "0-100"])), lang, full=True)
    assert mixed["unit"]["mixed"] and mixed["unit"]["text"] == render("unit.mixed", lang)
    assert mixed["adjusted_scores"][0]["adjusted"] == pytest.approx(raw["adjusted"][0], rel=5e-4)


def test_every_sentence_stating_a_score_names_its_unit():
    """Each reason whose parameters are scores (units.PHRASE_SCORES) says the scale it is in,
    in both languages, and its parameters exist in the template."""
    from analytics.findings.units import PHRASE_SCORES
    from analytics.text import entries

    for code, params in PHRASE_SCORES.items():
        for lang in ("zh", "en"):
            template = entries()[f"reason.{code}"][lang]
            assert "{score_scale:unit}" in template, (code, lang)
            assert all("{" + p + ":" in template for p in params), (code, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sentences_in_points_with_the_scale_named(lang):
    from analytics import text

    frame = pl.DataFrame({"x": [0.05, None], "pct": [0.9, 0.8]}).with_columns(
        pl.when(pl.col("x").is_not_null())
        .then(text.phrase("flag_strict", dir=pl.lit("lenient"), thr=pl.col("x")))
        .alias("status_reason"),
        pl.concat_list(
            text.phrase(
                "declined",
                first=pl.lit(0.75),
                latest=pl.lit(0.5),
                first_cycle=pl.lit("A"),
                cycle=pl.lit("B"),
                pct=pl.col("pct") * 100,
                group=pl.lit("G"),
            ),
            text.phrase(
                "top_pct_in_peer_group",
                pct=pl.col("pct"),
                group=pl.lit("G"),
                n=pl.lit(9),
                cycle=pl.lit("B"),
            ),
        ).alias("reasons"),
    )
    five = text.render_frame(convert(frame, unit_of_scales(["1-5"])), lang)
    where = text.unit_words("1-5", lang)
    assert five["status_reason"][0] == render(
        "reason.flag_strict", lang, dir="lenient", thr=0.2, score_scale="1-5"
    )
    assert "0.2" in five["status_reason"][0] and where in five["status_reason"][0]
    assert five["status_reason"][1] is None  # a missing sentence stays missing
    declined, top = five["reasons"][0].to_list()
    assert "4" in declined and "3" in declined and where in declined  # levels: 1 + 4x
    assert top == render("reason.top_pct_in_peer_group", lang, pct=0.9, group="G", n=9, cycle="B")
    # 0-100: one decimal's worth; mixed: 0-1, said
    hundred = text.render_frame(convert(frame, unit_of_scales(["0-100"])), lang)
    assert "5" in hundred["status_reason"][0] and "0-100" in hundred["status_reason"][0]
    mixed = text.render_frame(convert(frame, unit_of_scales(["1-5", "0-100"])), lang)
    assert "0.05" in mixed["status_reason"][0]
    assert text.unit_words(None, lang) in mixed["status_reason"][0]
    # a sentence rendered without a unit (never converted) says 0-1, not a raw template
    plain = text.render_frame(frame, lang)["status_reason"][0]
    assert "{" not in plain and text.unit_words(None, lang) in plain


def test_a_table_of_source_means_and_gaps_converts_each_row_as_what_it_is():
    """``source_summary``: a source's mean is a level, a gap between two sources a difference;
    the interval follows its row, and a standard error is always a difference."""
    frame = pl.DataFrame(
        {
            "measure": ["self", "gap_self_manager"],
            "n": [10, 10],
            "mean": [0.5, 0.05],
            "sd": [0.1, 0.1],
            "ci95_low": [0.45, 0.0],
            "ci95_high": [0.55, 0.1],
        }
    )
    out = convert(frame, unit_of_scales(["1-5"]))
    assert out["mean"].to_list() == pytest.approx([3.0, 0.2])
    assert out["ci95_low"].to_list() == pytest.approx([2.8, 0.0])
    assert out["ci95_high"].to_list() == pytest.approx([3.2, 0.4])
    assert out["sd"].to_list() == pytest.approx([0.4, 0.4])
    adjusted = pl.DataFrame({"adjusted": [0.5], "se": [0.01], "ci95_low": [0.48]})
    got = convert(adjusted, unit_of_scales(["1-5"])).row(0, named=True)
    assert got == pytest.approx({"adjusted": 3.0, "se": 0.04, "ci95_low": 2.92})
