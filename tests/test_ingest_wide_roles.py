"""Wide-by-role exports keep every rating (ing24): the English ``rating / self_rating /
peer_rating`` export of the reviewer (rev23b) loaded self and peer nowhere and ``rating`` as the
final score. Now the role columns are read by header, the generic ``rating`` beside them is
the manager's (rater = the manager column), and every rating kept without a rater (the heads'
with no manager id, the peers a wide table never names) is counted in a warning, in the
reader's language. A ``rating`` column with no role columns is still the final score."""

from __future__ import annotations

from contextlib import closing

import duckdb
import polars as pl
import pytest

from analytics.cli import main
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.stories import gaps_unestimable
from analytics.ingest import pipeline as ingest
from analytics.ingest.preview import view_file
from analytics.store import db
from analytics.text import render
from analytics.text.messages import render_page
from tests.test_ingest import write_csv
from tests.test_rev23b import CYCLES, HEADER, MANAGER_ONLY, import_wide, wide_export

#: a department head (no manager), a manager, two staff; 2025Q2 holds manager ratings only,
#: E2 wrote no self-review in 2025Q1
ROWS = [
    ("H1", "Hana", "Sales", "", "2025Q1", "4.0", "", ""),
    ("M1", "Milo", "Sales", "H1", "2025Q1", "3.5", "4.0", "3.0"),
    ("E1", "Ann", "Sales", "M1", "2025Q1", "3.0", "3.5", "3.2"),
    ("E2", "Bob", "Sales", "M1", "2025Q1", "2.5", "", "2.8"),
    ("H1", "Hana", "Sales", "", "2025Q2", "4.2", "", ""),
    ("M1", "Milo", "Sales", "H1", "2025Q2", "3.6", "", ""),
    ("E1", "Ann", "Sales", "M1", "2025Q2", "3.1", "", ""),
    ("E2", "Bob", "Sales", "M1", "2025Q2", "2.7", "", ""),
]


@pytest.fixture()
def con():
    with closing(db.connect(":memory:")) as c:
        yield c


def _ratings(con) -> pl.DataFrame:
    return db.query(
        con,
        "SELECT cycle_id, employee_id, rater_role, rater_id, score FROM reviews "
        "ORDER BY rater_role, cycle_id, employee_id",
    )


def _by_role(con) -> dict[str, tuple[int, int]]:
    """rater role -> (ratings, ratings without a rater)."""
    got = db.query(
        con,
        "SELECT rater_role, count(*) AS n, count(*) - count(rater_id) AS no_rater "
        "FROM reviews GROUP BY 1",
    )
    return {r: (n, k) for r, n, k in got.iter_rows()}


def _warned(res) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for code, params in res.warnings:
        out.setdefault(code, []).append(params)
    return out


def test_the_english_wide_export_loads_three_kinds_of_rating(tmp_path, con):
    path = write_csv(tmp_path / "wide.csv", HEADER, ROWS)
    res = ingest.import_file(con, path, lang="en")
    assert res.detections[0].shape == "wide_role"
    assert res.detections[0].mapping["rating"] == "manager_score"
    # by hand: 8 rows of manager ratings (H1's two with no manager id), self M1 and E1 in
    # 2025Q1, peer M1, E1 and E2 in 2025Q1 = 13; nothing else
    assert res.loaded["reviews"] == 13
    assert _by_role(con) == {"manager": (8, 2), "self": (2, 0), "peer": (3, 3)}
    got = _ratings(con)
    mgr = got.filter(pl.col("rater_role") == "manager")
    raters = dict(zip(mgr["employee_id"] + "@" + mgr["cycle_id"], mgr["rater_id"]))
    assert raters == {
        "H1@2025Q1": None,
        "H1@2025Q2": None,
        "M1@2025Q1": "H1",
        "M1@2025Q2": "H1",
        "E1@2025Q1": "M1",
        "E1@2025Q2": "M1",
        "E2@2025Q1": "M1",
        "E2@2025Q2": "M1",
    }
    assert mgr.filter(pl.col("employee_id") == "E1")["score"].to_list() == pytest.approx(
        [0.5, 0.525]  # 3.0 and 3.1 on 1-5
    )
    own = got.filter(pl.col("rater_role") == "self")
    assert (own["rater_id"] == own["employee_id"]).all()
    # no final score was made of it, and no column was left out
    assert "outcomes" not in res.loaded
    assert not res.detections[0].unmapped
    warned = _warned(res)
    assert warned["score_as_manager_rating"] == [
        {"file": "wide.csv", "sheet": "", "column": "rating", "rater": "manager_id"}
    ]
    assert warned["manager_rater_empty"] == [
        {"file": "wide.csv", "column": "rating", "n": 2, "role": "manager", "rater": "manager_id"}
    ]
    assert warned["role_rater_unknown"] == [
        {"file": "wide.csv", "column": "peer_rating", "n": 3, "role": "peer"}
    ]
    assert "no_rater_results_only" not in warned and "columns_not_imported" not in warned


@pytest.mark.parametrize(
    "lang,said",
    [
        ("en", ["column 'rating' read as the manager's rating (rater = manager_id)",
                "in column 'rating', 2 manager ratings have an empty 'manager_id'",
                "in column 'peer_rating' (peer ratings), 3 ratings name no rater",
                "statistics of peer raters"]),
        ("zh", ["列「rating」按上级的评分读取（评价人 = 列「manager_id」）",
                "列「rating」中 2 条上级评分所在行的「manager_id」为空",
                "列「peer_rating」的 3 条同事评分没有评价人工号",
                "同事评价人的统计"]),
    ],
)  # fmt: skip
def test_the_command_line_says_how_the_columns_were_read(
    tmp_path, capsys, lang, said, no_model_fit
):
    path = write_csv(tmp_path / "wide.csv", HEADER, ROWS)
    dbp = tmp_path / "w.duckdb"
    assert main(["--lang", lang, "import", str(path), "--db", str(dbp), "--quiet"]) == 0
    out = capsys.readouterr()
    text = out.out + out.err
    for words in said:
        assert words in text, (words, text)
    # the page says the same, naming its own control instead of the mapping file
    page = render_page(
        "score_as_manager_rating", lang, file="wide.csv", sheet="", column="rating", rater="x"
    )
    assert render("data.mapping", lang) in page
    assert "mapping file" not in page and "映射文件" not in page
    assert ("mapping file" if lang == "en" else "映射文件") in text  # the command line's words


def test_a_rating_column_beside_a_manager_column_is_the_managers_rating(tmp_path, con):
    """No role or rater columns, one row a person and cycle: ``rating`` beside a manager column
    is the manager's rating of the person, rated by that column (rev31b item 2: it stayed each
    person's final score, and no rater analysis could use it); the head without a manager has
    an unidentified rater, said."""
    header = HEADER[:6]
    path = write_csv(tmp_path / "plain.csv", header, [r[:6] for r in ROWS])
    res = ingest.import_file(con, path, lang="en")
    assert res.loaded == {"reviews": 8, "employees": 4}
    assert [code for code, _ in res.warnings] == ["score_by_manager", "manager_rater_empty"]
    got = db.query(con, "SELECT employee_id, rater_id, rater_role, score FROM reviews ORDER BY ALL")
    assert got.filter(pl.col("employee_id") == "E2")["score"].to_list() == pytest.approx(
        [0.375, 0.425]
    )
    assert got["rater_id"].to_list() == ["M1", "M1", "M1", "M1", None, None, "H1", "H1"]
    assert set(got["rater_role"]) == {"manager"}


def test_a_chinese_wide_file_reads_its_four_roles(tmp_path, con):
    header = ["工号", "姓名", "部门", "直属上级工号", "考核周期", "评分", "自评分", "同事评分"]
    header += ["隔级评分"]
    rows = [
        ("A1", "王总", "销售中心", "", "2025年第1季度", "4.5", "", "", ""),
        ("B1", "李经理", "销售中心", "A1", "2025年第1季度", "4", "4.5", "3.5", ""),
        ("C1", "张三", "销售中心", "B1", "2025年第1季度", "3", "4", "3.5", "3"),
        ("C2", "赵四", "销售中心", "B1", "2025年第1季度", "3.5", "3", "", "4"),
    ]
    path = write_csv(tmp_path / "宽表.csv", header, rows, "gbk")
    res = ingest.import_file(con, path, lang="zh")
    det = res.detections[0]
    assert det.shape == "wide_role"
    assert {c: det.mapping[c] for c in header[5:]} == {
        "评分": "manager_score",
        "自评分": "self_score",
        "同事评分": "peer_score",
        "隔级评分": "skip_level_score",
    }
    # by hand: manager 4 (A1's without a rater), self 3, peer 2, skip-level 2
    assert _by_role(con) == {
        "manager": (4, 1),
        "self": (3, 0),
        "peer": (2, 2),
        "skip_level": (2, 2),
    }
    warned = _warned(res)
    assert warned["score_as_manager_rating"][0]["rater"] == "直属上级工号"
    assert warned["manager_rater_empty"][0]["n"] == 1
    unknown = {p["role"]: p["n"] for p in warned["role_rater_unknown"]}
    assert unknown == {"peer": 2, "skip_level": 2}
    words = [render(f"import.{c}", "zh", **p) for c, p in res.warnings]
    assert any("列「隔级评分」的 2 条隔级评分没有评价人工号" in w for w in words), words


def test_a_rater_column_beside_the_role_columns_rates_the_generic_score(tmp_path, con):
    """考核人工号 (a rater column) with 得分 beside 自评得分: one rater a person and cycle, the
    manager's rating by that rater (before, the table was read as long and the self column
    was dropped without a word)."""
    header = ["工号", "考核人工号", "考核周期", "得分", "自评得分"]
    rows = [
        ("C1", "B1", "2025Q1", "80", "90"),
        ("C2", "B1", "2025Q1", "70", "75"),
        ("B1", "", "2025Q1", "85", "88"),
    ]
    res = ingest.import_file(con, write_csv(tmp_path / "r.csv", header, rows), lang="zh")
    assert res.detections[0].shape == "wide_role"
    got = _ratings(con)
    mgr = got.filter(pl.col("rater_role") == "manager")
    assert dict(zip(mgr["employee_id"], mgr["rater_id"])) == {"B1": None, "C1": "B1", "C2": "B1"}
    assert _by_role(con) == {"manager": (3, 1), "self": (3, 0)}
    warned = _warned(res)
    assert warned["score_as_manager_rating"][0]["rater"] == "考核人工号"
    assert warned["manager_rater_empty"][0] | {} == {
        "file": "r.csv",
        "column": "得分",
        "n": 1,
        "role": "manager",
        "rater": "考核人工号",
    }


def test_without_a_manager_column_the_rating_is_the_managers_with_no_rater(tmp_path, con):
    header = ["employee_id", "cycle", "rating", "self_rating"]
    rows = [("E1", "2025Q1", "3", "4"), ("E2", "2025Q1", "4", "")]
    res = ingest.import_file(con, write_csv(tmp_path / "n.csv", header, rows), lang="en")
    assert _by_role(con) == {"manager": (2, 2), "self": (1, 0)}
    warned = _warned(res)
    assert warned["score_as_manager_no_rater"] == [
        {"file": "n.csv", "sheet": "", "column": "rating"}
    ]
    assert warned["manager_rater_missing"] == [
        {"file": "n.csv", "column": "rating", "n": 2, "role": "manager"}
    ]


def test_beside_a_manager_column_of_scores_the_rating_is_the_final_score(tmp_path, con):
    header = ["employee_id", "manager_id", "cycle", "rating", "self_rating", "manager_rating"]
    rows = [("E1", "M1", "2025Q1", "3.5", "4", "3"), ("E2", "M1", "2025Q1", "4.5", "", "4")]
    res = ingest.import_file(con, write_csv(tmp_path / "f.csv", header, rows), lang="en")
    assert _by_role(con) == {"manager": (2, 0), "self": (1, 0)}
    finals = db.query(con, "SELECT employee_id, final_score FROM outcomes ORDER BY 1")
    assert finals["final_score"].to_list() == pytest.approx([0.625, 0.875])
    assert [p["column"] for p in _warned(res)["score_as_final_score"]] == ["rating"]


def test_a_column_of_ratings_not_imported_is_a_warning_of_its_own(tmp_path, con):
    """A long table (several raters a person) with a self column it cannot read, a column of
    1-5 numbers and a text column: the two holding ratings are warned as ratings not
    imported, the text column as a column not imported."""
    header = ["工号", "评价人工号", "评价关系", "考核周期", "得分", "自评得分", "extra", "备注"]
    rows = [
        ("E1", "E1", "自评", "2025Q1", "4", "4", "3", "ok"),
        ("E1", "M1", "上级", "2025Q1", "3", "4", "4", "fine"),
        ("E1", "P1", "同事", "2025Q1", "5", "4", "2", "good"),
    ]
    res = ingest.import_file(con, write_csv(tmp_path / "l.csv", header, rows), lang="en")
    assert res.detections[0].shape == "long" and res.loaded["reviews"] == 3
    warned = _warned(res)
    assert warned["score_columns_not_imported"][0]["columns"] == ["extra", "自评得分"]
    assert warned["columns_not_imported"][0]["columns"] == ["备注"]


def test_the_data_page_preview_shows_the_roles_and_takes_a_change(tmp_path, con):
    """The preview reads ``rating`` as the manager's score (the user sees it and the warning
    before the import); set to the final score, the file loads self and peer ratings and the
    ratings as outcomes, and the warning is gone."""
    path = write_csv(tmp_path / "wide.csv", HEADER, ROWS)
    view, _ = view_file(con, path, lang="en")
    table = view.tables[0]
    assert table.roles["rating"] == "manager_score"
    assert table.roles["self_rating"] == "self_score" and table.roles["peer_rating"] == "peer_score"
    assert table.rows_to_load == 13
    codes = [c for c, _ in view.warnings]
    assert {"score_as_manager_rating", "manager_rater_empty", "role_rater_unknown"} <= set(codes)
    view, final = view_file(con, path, choices={"rating": "final_score"}, lang="en")
    assert view.tables[0].roles["rating"] == "final_score"
    assert view.tables[0].rows_to_load == 5 + 8  # self 2 + peer 3, 8 final scores
    assert "score_as_manager_rating" not in [c for c, _ in view.warnings]
    ingest.import_file(con, path, final, lang="en")
    assert _by_role(con) == {"self": (2, 0), "peer": (3, 3)}
    assert db.query(con, "SELECT count(*) AS n FROM outcomes")["n"][0] == 8


def test_the_reviewers_file_reads_as_the_reviewers_mapping_did(
    tmp_path, wide_mapped_db, no_model_fit
):
    """company300.csv as it is (no mapping) loads what the reviewer's hand mapping loads,
    rating for rating: 1,800 manager ratings (30 heads' with no rater), 1,180 self and 1,180
    peer; the rater sections work on it and the manager-only cycles say the disagreement
    cannot be estimated."""
    rows = wide_export()
    (tmp_path / "auto").mkdir()
    auto = import_wide(tmp_path / "auto", rows, mapped=False)
    hand = wide_mapped_db  # the same rows imported with the mapping (once per run, conftest)
    q = "SELECT cycle_id, employee_id, rater_id, rater_role, dimension, score FROM reviews"
    q += " ORDER BY ALL"
    got = {}
    for name, path in (("auto", auto), ("hand", hand)):
        c = duckdb.connect(str(path), read_only=True)
        try:
            got[name] = c.sql(q).pl()
            if name == "auto":
                counts = c.sql(
                    "SELECT rater_role, count(*), count(*) - count(rater_id) FROM reviews "
                    "GROUP BY 1 ORDER BY 1"
                ).fetchall()
                scope = load_scope_lazy(c, Scope())
                summary = compute_section("source_summary", scope)
                reliability = compute_section("reliability", scope)
                raters = compute_section("raters", scope)
        finally:
            c.close()
    assert counts == [("manager", 1800, 30), ("peer", 1180, 1180), ("self", 1180, 0)]
    assert got["auto"].equals(got["hand"])
    assert gaps_unestimable(summary)[0] == sorted(MANAGER_ONLY)
    alpha = reliability.filter(pl.col("measure") == "krippendorff_alpha_interval")
    assert alpha.height == len(CYCLES)
    assert set(alpha["reason"].struct.field("code")) == {"one_identified_rater"}  # msg24: a phrase
    # the 30 managers who rate someone (5 heads, 25 managers), each an estimated rater
    assert raters.height == 30 and raters["rater_id"].null_count() == 0
