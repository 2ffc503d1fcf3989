"""What an import says comes from the catalogue in the reader's language: the command line's
progress stages, and the dimension of a file that has a single overall score."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics.ingest.pipeline import import_file, import_files
from analytics.store import db
from analytics.text.messages import ImportRejected

BAD = Path(__file__).parent / "data" / "bad"


@pytest.mark.parametrize(
    ("lang", "stages"), [("zh", {"读取", "完成"}), ("en", {"reading", "done"})]
)
def test_progress_stages_are_worded(tmp_path, lang, stages):
    con = db.connect(str(tmp_path / "t.duckdb"))
    seen: list[str] = []
    path = BAD / "s_title_rows_csv" / "export.csv"
    import_files(con, [path], progress=lambda _f, stage: seen.append(stage), lang=lang)
    words = {s.split("：" if lang == "zh" else ": ", 1)[1] for s in seen}
    assert stages <= words, seen
    if lang == "zh":  # no English stage name (read, detect, validate, write, done)
        assert not [w for w in words if re.search(r"[A-Za-z]", w)], words


def _overall(path: Path, cycle: str, scores: list[int]) -> Path:
    rows = ["工号,姓名,考核周期,评价人工号,评价关系,得分"]
    rows += [f"E{i:03d},员工{i},{cycle},M001,上级,{s}" for i, s in enumerate(scores, 1)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_overall_score_is_named_in_the_reader_s_words(tmp_path):
    """A file without dimensions moved from 1-5 to 0-100: the refusal names its overall score
    as the reader calls it, and the mapping entry keeps the key the mapping reads."""
    con = db.connect(str(tmp_path / "t.duckdb"))
    import_file(con, _overall(tmp_path / "q2.csv", "2025Q2", [1, 2, 3, 4, 5] * 6))
    with pytest.raises(ImportRejected) as exc:
        import_file(con, _overall(tmp_path / "q3.csv", "2025Q3", list(range(55, 100, 3)) * 2))
    zh, en = exc.value.message("zh"), exc.value.message("en")
    assert "「总评（不分维度）」" in zh and "'overall (no dimension)'" in en
    assert '"overall" = { "2025Q3" = "0-100" }' in zh
    assert "「overall」" not in zh and "「总评（不分维度）」" in exc.value.message("zh", page=True)


def test_a_table_s_overall_dimension_is_worded():
    """A ``dimension`` column on a page or in an export: the overall score in the reader's
    words, every other dimension its own name."""
    import polars as pl

    from analytics.text import render_frame

    frame = pl.DataFrame({"dimension": ["overall", "业绩"], "score": [0.5, 0.7]})
    assert render_frame(frame, "zh")["dimension"].to_list() == ["总评（不分维度）", "业绩"]
    assert render_frame(frame, "en")["dimension"].to_list() == ["overall (no dimension)", "业绩"]


def test_lists_in_messages_use_the_language_s_separator():
    """Chinese joins a list with "、", English with ", ": one helper (``join_list``), applied by
    the renderer to every list parameter, so no message joins its names beforehand."""
    from analytics.ingest.ids import plan_ids
    from analytics.text import join_list, render
    from analytics.text.messages import render as import_words

    assert join_list(["业绩", "协作"], "zh") == "业绩、协作"
    assert join_list(["Results", "Teamwork"], "en") == "Results, Teamwork"
    plan = plan_ids(["1001", "1002"], ["01001", "01002"], "f.csv", ["工号", "评价人"])
    code, params = plan.notes[0]
    zh, en = import_words(code, "zh", **params), import_words(code, "en", **params)
    assert "工号、评价人" in zh and "1001 → 01001、1002 → 01002" in zh, zh
    assert "工号, 评价人" in en and "1001 → 01001, 1002 → 01002" in en, en
    assert render("common.scope", "zh", scope=["a", "b"]) == "范围：a、b"


def test_a_warning_with_a_list_is_printed_once(tmp_path, capsys, no_model_fit):
    """Two cycles of one file on two scales: the warning names its dimensions as a list; the
    command line says it once (it had to hash the list to drop repeats)."""
    from analytics.cli import main

    src = tmp_path / "two.csv"
    rows = ["工号,姓名,考核周期,评价人,关系,考核维度,得分"]
    rows += [f"E{i},甲{i},2025Q2,M1,上级,业绩,{3 + i % 3}" for i in range(3)]
    rows += [f"E{i},甲{i},2025Q3,M1,上级,业绩,{70 + 9 * i}" for i in range(3)]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code = main(["--lang", "en", "import", str(src), "--db", str(tmp_path / "t.duckdb"), "--quiet"])
    out = capsys.readouterr()
    assert code == 0, out
    assert (out.out + out.err).count("dimension '业绩' of cycle 2025Q3 was read on") == 1, out
