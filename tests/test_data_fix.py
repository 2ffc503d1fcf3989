"""Fixing a refused file (issues 17 and 19): the preview the Data page shows before an import
(:mod:`analytics.ingest.preview`), the page's words that name no command-line option, the
Western encodings named for Latin text, scales declared per cycle, the history and the
quarantine worded in the reader's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from analytics.ingest.history import worded_imports, worded_quarantine
from analytics.ingest.mapping import Mapping, load_mapping
from analytics.ingest.pipeline import import_file
from analytics.ingest.preview import DIMENSION, mapping_with, scale_table, view_file
from analytics.ingest.readers import choose_encoding
from analytics.ingest.scales import declared_scale
from analytics.store import db
from analytics.text import entries, render
from analytics.text.messages import ImportRejected, render_page

BAD = Path(__file__).parent / "data" / "bad"
CP1252 = BAD / "d_enc_cp1252_title_id_refused" / "Leistung_Q3_2026.csv"
CLI_WORDS = re.compile(r"--|映射文件|mapping file|python -m")
CLI_ONLY = {
    "bad_header_row_arg",
    "see_quarantine",
    "quarantine_summary",
    "bad_mapping",
    "new_database",
}  # the command line's own


def test_the_page_names_no_command_line_option():
    """Every import message whose words name an option or a mapping file has page words that
    name the page's controls instead (both languages); the page's words never name one."""
    known = entries()
    for key, words in known.items():
        if key.startswith("import_page."):
            assert f"import.{key[12:]}" in known, key
            for lang in ("zh", "en"):
                assert not CLI_WORDS.search(words[lang]), (key, lang)
        if not key.startswith("import."):
            continue
        code = key[7:]
        if code in CLI_ONLY or code.startswith("mapping_"):
            continue
        if CLI_WORDS.search(words["zh"]) or CLI_WORDS.search(words["en"]):
            assert f"import_page.{code}" in known, code


def test_a_latin_cp1252_file_names_the_western_encodings_first():
    with pytest.raises(ImportRejected) as exc:
        choose_encoding(CP1252.read_bytes(), CP1252.name)
    assert exc.value.code == "encoding_doubtful"
    assert exc.value.params["candidates"][:2] == ["cp1252", "latin-1"]


def test_a_chinese_file_is_not_offered_western_encodings():
    data = ("工号,姓名\nE1,张三\n" * 50).encode("big5", errors="ignore")
    try:
        choose_encoding(data, "x.csv")
    except ImportRejected as exc:
        assert "cp1252" not in exc.value.params.get("candidates", "")


def test_declared_scale_per_cycle_and_for_every_dimension():
    declared = {"业绩": {"2026Q2": "0-100"}, "*": "1-5", "协作": "1-10"}
    assert declared_scale(declared, "业绩", "2026Q2") == "0-100"
    assert declared_scale(declared, "业绩", "2026Q1") == "1-5"  # falls back to "*"
    assert declared_scale(declared, "协作", "2026Q2") == "1-10"
    assert declared_scale({"业绩": {"2026年第2季度": "0-100"}}, "业绩", "2026Q2") == "0-100"
    assert declared_scale(None, "业绩", "2026Q2") is None


def test_a_mapping_file_declares_a_scale_per_cycle(tmp_path):
    ok = tmp_path / "ok.toml"
    ok.write_text('[scales]\n"业绩" = { "2026Q2" = "0-100" }\n', encoding="utf-8")
    assert load_mapping(ok).scales == {"业绩": {"2026Q2": "0-100"}}
    bad = tmp_path / "bad.toml"
    bad.write_text('[scales]\n"业绩" = { "2026Q2" = "0-1000x" }\n', encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        load_mapping(bad)
    assert exc.value.code == "mapping_bad_scale" and "2026Q2" in exc.value.params["dimension"]


def _setup_db(tmp_path: Path):
    con = db.connect(tmp_path / "t.duckdb")
    import_file(con, BAD / "d_scale_new_cycle_refused" / "2025Q2_评分.csv", lang="en")
    return con


def test_a_file_refused_for_its_id_column_is_fixed_by_mapping_it(tmp_path):
    con = _setup_db(tmp_path)
    reading = Mapping(encoding="cp1252", header_row=2)
    view, _ = view_file(con, CP1252, reading, {}, lang="en")
    (table,) = view.tables
    assert table.problem is not None and table.problem.code == "no_employee_column"
    assert table.roles["Name"] == "name" and table.roles["Personnel no."] == ""
    assert not view.importable
    view, final = view_file(con, CP1252, reading, {"Personnel no.": "employee_id"}, lang="en")
    (table,) = view.tables
    assert view.importable, view.problem
    assert table.roles["Communication"] == DIMENSION and table.roles["Age"] == ""
    assert table.attributes == ["Age"]
    assert ("not_a_dimension", {"file": CP1252.name, "column": "Age"}) in view.warnings
    assert {(c.dimension, c.scale, c.source) for c in view.scales} == {
        (d, "1-5", "detected") for d in ("Communication", "Teamwork", "Delivery")
    }
    assert final.columns == {"Personnel no.": "employee_id"}
    res = import_file(con, CP1252, final, lang="en")  # the import does what the preview said
    assert res.loaded["reviews"] == 48
    assert ("not_a_dimension", {"file": CP1252.name, "column": "Age"}) in res.warnings
    assert con.execute("SELECT name FROM employees WHERE employee_id = 'P001'").fetchone()[0] == (
        "Müller"
    )


def test_a_file_refused_for_its_encoding_is_kept_in_the_view(tmp_path):
    con = _setup_db(tmp_path)
    view, _ = view_file(con, CP1252, Mapping(), {}, lang="zh")
    assert view.problem is not None and view.problem.code == "encoding_doubtful"
    assert "--" not in view.problem.message("zh", page=True)
    assert "--encoding" in view.problem.message("zh")  # the command line's words


def test_a_new_cycle_on_another_scale_names_the_dimension_to_declare(tmp_path):
    con = _setup_db(tmp_path)
    path = BAD / "d_scale_new_cycle_refused" / "2025Q3_评分_百分制.csv"
    view, _ = view_file(con, path, Mapping(), {}, lang="en")
    assert view.problem is not None and view.problem.code == "scale_changed"
    assert view.dimensions == ["业绩"] and not view.importable
    view, final = view_file(con, path, Mapping(scales={"业绩": "0-100"}), {}, lang="en")
    assert view.importable and final.scales == {"业绩": "0-100"}
    assert [(c.scale, c.source) for c in view.scales] == [("0-100", "mapping")]


def test_every_dimension_of_a_new_cycle_on_another_scale_is_offered_at_once(tmp_path):
    """Two dimensions moved to 0-100 in the new cycle: one refusal names both, the page offers
    a scale for both, and declaring both makes the file importable (not one per attempt)."""
    case = BAD / "x17_scale_new_cycle_all_dims_refused"
    con = db.connect(str(tmp_path / "t.duckdb"))
    import_file(con, case / "2025Q2_上级评价.csv")
    path = case / "2025Q3_上级评价_百分制.csv"
    view, _ = view_file(con, path, Mapping(), {}, lang="zh")
    assert view.problem is not None and view.problem.code == "scales_changed"
    assert {"业绩", "协作"} <= set(view.dimensions) and not view.importable
    assert "--" not in view.problem.message("zh", page=True)
    both = {"业绩": {"2025Q3": "0-100"}, "协作": {"2025Q3": "0-100"}}
    view, _ = view_file(con, path, Mapping(scales=both), {}, lang="zh")
    assert view.importable


def test_a_workbook_s_scales_are_listed_once(tmp_path):
    """Three sheets of the same dimensions: the page's scale table has one row per
    (dimension, cycle), as detected (the later sheets were listed again as kept)."""
    con = db.connect(str(tmp_path / "t.duckdb"))
    path = BAD / "x17_sheets_scale_listed_once_xlsx" / "2025Q3_各部门考核.xlsx"
    view, _ = view_file(con, path, Mapping(), {}, lang="zh")
    shown = scale_table(view.scales, "en")
    assert shown.select("dimension", "cycle_id", "scale", "scale_source").rows() == [
        ("业绩", "2025Q3", "1-10", render("import.scale_source_detected", "en")),
        ("协作", "2025Q3", "1-10", render("import.scale_source_detected", "en")),
    ]


def test_an_encoding_guess_is_a_warning_before_the_import(tmp_path):
    """A Latin export read by a guess: cp1252 (not the detector's first, cp1250), said as a
    warning on the page before the import, not as a note."""
    con = db.connect(str(tmp_path / "t.duckdb"))
    path = BAD / "x17_enc_cp1252_not_cp1250" / "Bewertung_Q3_2026.csv"
    view, _ = view_file(con, path, Mapping(), {}, lang="zh")
    assert view.importable
    assert ("encoding_guessed", {"file": path.name, "encoding": "cp1252"}) in view.warnings
    assert all(code != "encoding_guessed" for tv in view.tables for code, _ in tv.notes)


def test_a_stored_message_missing_a_newer_parameter_keeps_its_words():
    """An import refused before the refusal's words took more parameters (the header's row):
    the history shows its stored words, never a template with braces."""
    frame = pl.DataFrame(
        {
            "message_code": ["no_employee_column"],
            "message_params": [
                json.dumps({"file": "a.csv", "sheet": "", "expected": "工号", "found": "X"})
            ],
            "message": ["文件 a.csv：缺少员工工号列"],
        }
    )
    assert worded_imports(frame, "en")["message"].to_list() == ["文件 a.csv：缺少员工工号列"]


def test_mapping_with_the_user_s_choices():
    auto = {"工号": "employee_id", "业绩": DIMENSION, "能力": DIMENSION, "年龄": "", "备注": ""}
    # a dimension left out, a field unmapped, an unmapped column given a field
    got = mapping_with(Mapping(), {"能力": "", "备注": "comment", "工号": "employee_id"}, auto)
    assert got.exclude == ["能力"] and got.dimensions == []
    assert got.columns == {"备注": "comment", "工号": "employee_id"}
    # an attribute made a dimension: the detected dimensions stay
    got = mapping_with(Mapping(), {"年龄": DIMENSION}, auto)
    assert got.dimensions == ["业绩", "能力", "年龄"]


def test_history_and_reasons_in_the_reader_s_language(tmp_path):
    con = db.connect(tmp_path / "h.duckdb")
    path = tmp_path / "typo.csv"
    rows = ["工号,考核周期,评价人工号,评价关系,考核维度,得分"]
    rows += [f"E{i:03d},2025Q3,M001,上级,业绩,{1 + i % 5}" for i in range(40)]
    rows.append("E999,2025Q3,M001,上级,业绩,7")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_file(con, path, lang="zh")  # stored in Chinese
    quarantine = db.query(con, "SELECT * FROM quarantine")
    assert quarantine["reason"][0] == render("import.out_of_scale", "zh", scale="1-5")
    en = worded_quarantine(quarantine, "en")
    assert en["reason"][0] == render("import.out_of_scale", "en", scale="1-5")  # its own scale
    assert json.loads(quarantine["reason_params"][0]) == {"scale": "1-5"}
    imports = db.query(con, "SELECT * FROM imports")
    assert worded_imports(imports, "en")["message"][0].startswith(f"File {path.name}:")
    # a row written before the codes were kept shows its stored words
    old = imports.with_columns(imports["message"].alias("message"))
    old = old.with_columns(old["message_code"].clear(n=old.height).alias("message_code"))
    assert worded_imports(old, "en")["message"][0] == imports["message"][0]
    older = quarantine.with_columns(quarantine["reason_params"].clear(n=1).alias("reason_params"))
    assert worded_quarantine(older, "en")["reason"][0] == quarantine["reason"][0]


def test_page_words_fall_back_to_the_shared_ones():
    assert render_page("empty_file", "en", file="x.csv") == render(
        "import.empty_file", "en", file="x.csv"
    )


SCORE_HEADER = BAD / "f_dim_header_names_score" / "2025Q4_能力评估.csv"


def test_a_column_whose_header_names_a_field_is_made_a_dimension(tmp_path):
    """评分 is read as the score of the row; chosen a dimension it is one, in the preview, in
    the mapping the import gets, and in the import."""
    con = db.connect(tmp_path / "t.duckdb")
    view, final = view_file(con, SCORE_HEADER, Mapping(), {}, lang="en")
    (table,) = view.tables
    assert table.roles["评分"] == "score" and table.roles["业绩"] == ""
    assert DIMENSION in table.options["评分"]
    choices = {"评分": DIMENSION, "业绩": DIMENSION, "协作": DIMENSION}
    view, final = view_file(con, SCORE_HEADER, Mapping(), choices, lang="en")
    (table,) = view.tables
    assert view.importable, view.problem
    assert {c: table.roles[c] for c in choices} == choices
    assert "评分" in final.dimensions and "评分" not in final.columns
    assert {c.dimension for c in view.scales} == {"业绩", "协作", "评分"}
    res = import_file(con, SCORE_HEADER, final, lang="en")
    assert res.loaded["reviews"] == 72
    got = con.execute("SELECT dimension, count(*) FROM reviews GROUP BY 1").fetchall()
    assert dict(got) == {"协作": 24, "业绩": 24, "评分": 24}


def test_a_dimension_is_not_offered_where_the_import_cannot_read_one(tmp_path):
    """A long file (a dimension column and a score column): no column can be made a dimension
    column, so the choice is not offered; beside a score column neither, until that one is
    made a dimension."""
    con = db.connect(tmp_path / "t.duckdb")
    path = BAD / "d_partial_correction" / "2025Q3_360.csv"
    view, _ = view_file(con, path, Mapping(), {}, lang="en")
    (table,) = view.tables
    assert all(DIMENSION not in table.options[c] for c in table.columns)
    view, _ = view_file(con, SCORE_HEADER, Mapping(), {}, lang="en")
    assert DIMENSION not in view.tables[0].options["业绩"]
    view, _ = view_file(con, SCORE_HEADER, Mapping(), {"评分": DIMENSION}, lang="en")
    assert view.tables[0].roles["评分"] == DIMENSION
    assert DIMENSION in view.tables[0].options["业绩"]


def test_a_field_chosen_for_a_column_is_taken_from_the_detected_one(tmp_path):
    con = db.connect(tmp_path / "t.duckdb")
    choices = {"姓名": "employee_id"}
    view, final = view_file(con, SCORE_HEADER, Mapping(), choices, lang="en")
    (table,) = view.tables
    assert table.roles["姓名"] == "employee_id" and table.roles["工号"] == ""
    assert final.columns == {"姓名": "employee_id", "工号": ""}
    import_file(con, SCORE_HEADER, final, lang="en")  # the import reads it so
    got = con.execute("SELECT DISTINCT employee_id FROM reviews ORDER BY 1 LIMIT 1").fetchall()
    assert got[0][0].startswith("员工")


def _ratings(ids: list, path: Path, roles=("自评", "上级")) -> None:
    rows = [
        (i, "2025Q3", r, rel, s)
        for i in ids
        for r, rel in (("M001", "上级"), (i, "自评"))
        if rel in roles
        for s in ("3",)
    ]
    frame = pl.DataFrame(
        rows, schema=["工号", "考核周期", "评价人工号", "评价关系", "得分"], orient="row"
    )
    frame = frame.with_columns(pl.col("评价人工号").cast(pl.String))
    if path.suffix == ".parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path)


def test_the_preview_spells_ids_as_the_import_does(tmp_path):
    """Stored ids 00123 …; a correction exported through Excel holds them as numbers (123.0):
    the preview maps them as the import does, so the ratings it says will drop are the ones
    the import drops (the former manager's), not every stored rating of other people."""
    con = db.connect(tmp_path / "t.duckdb")
    _ratings(["00123", "00124", "00125"], tmp_path / "stored.csv")
    import_file(con, tmp_path / "stored.csv", lang="en")
    fix = tmp_path / "更正.parquet"
    pl.DataFrame(
        {
            "工号": [123.0, 124.0],
            "考核周期": ["2025Q3"] * 2,
            "评价人工号": ["M002"] * 2,  # a new manager: M001's ratings are replaced
            "评价关系": ["上级"] * 2,
            "得分": [4.0, 5.0],
        }
    ).write_parquet(fix)
    view, final = view_file(con, fix, Mapping(), {}, lang="en")
    assert view.importable, view.problem
    (drop,) = [p for c, p in view.warnings if c == "ratings_will_drop"]
    assert (drop["people"], drop["dropped"]) == (2, 2)  # M001's two manager ratings
    assert [c for c, _ in view.notes] == ["ids_zeros_restored"]
    res = import_file(con, fix, final, lang="en")
    (dropped,) = [p for c, p in res.warnings if c == "ratings_dropped"]
    assert dropped["dropped"] == drop["dropped"]
    got = con.execute("SELECT DISTINCT employee_id FROM reviews ORDER BY 1").fetchall()
    assert got == [("00123",), ("00124",), ("00125",)]
