"""rev30a's import and small page findings (fiximp30): a long 360 table's 总分 is the raters'
score, 考核月份 names the cycle, a grade with a stray space, quarantine by scope, the nits."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.ingest import pipeline as ingest
from analytics.ingest.detect import detect_file
from analytics.ingest.mapping import Mapping
from analytics.store import db
from analytics.text.messages import render_page

HEAD_360 = "工号,姓名,考核月份,评价人工号,评价人,评价关系,总分"


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _long_360(path: Path, totals: dict[str, list[int]]) -> Path:
    """Two people, two months, self / manager / peer rows with the given 总分 per person."""
    lines = [HEAD_360]
    for month in ("2026年5月", "2026年6月"):
        for emp, (s, m, p) in totals.items():
            lines += [
                f"{emp},员工{emp},{month},{emp},员工{emp},自评,{s}",
                f"{emp},员工{emp},{month},00900,王经理,上级,{m}",
                f"{emp},员工{emp},{month},00901,李同事,同事,{p}",
            ]
    return _csv(path, lines)


@pytest.fixture()
def con():
    c = db.connect(":memory:")
    yield c
    c.close()


def test_a_long_360_tables_total_is_each_raters_score(tmp_path, con):
    """rev30a item 5: 总分 differing between the raters' rows was read as the final score, the
    shape as results, and the preview asked to map the (mapped) rater column."""
    path = _long_360(tmp_path / "360.csv", {"00101": [85, 78, 80], "00102": [90, 70, 75]})
    (det, _), *_ = detect_file(path)
    assert det.shape == "long" and det.tables[0] == "reviews"
    assert det.mapping["总分"] == "score" and det.mapping["考核月份"] == "cycle"
    assert det.mapping["评价人工号"] == "rater_id" and det.mapping["评价人"] == "rater_name"
    assert [c for c, _ in det.warnings] == ["total_as_rating"]
    said = render_page("total_as_rating", "zh", **det.warnings[0][1])
    assert "「总分」" in said and "“最终得分”" in said and "评价人工号" in said
    assert "total_as_rating" not in render_page("total_as_rating", "en", **det.warnings[0][1])
    res = ingest.import_file(con, path, lang="zh")
    assert res.loaded["reviews"] == 12 and res.quarantined == 0
    got = con.execute(
        "SELECT rater_role, round(avg(score), 4) FROM reviews GROUP BY 1 ORDER BY 1"
    ).fetchall()
    # 0-100 stored on 0-1: manager (78 + 70) / 2 = 74, peer (80 + 75) / 2 = 77.5, self 87.5
    assert got == [("manager", 0.74), ("peer", 0.775), ("self", 0.875)]


def test_a_final_score_repeated_on_each_raters_row_stays_a_result(tmp_path):
    """The same total on every row of a person and cycle is the person's result: kept as the
    final score, and the warning names the rater column instead of asking to map one."""
    path = _long_360(tmp_path / "r.csv", {"00101": [80, 80, 80], "00102": [75, 75, 75]})
    (det, _), *_ = detect_file(path)
    assert det.mapping["总分"] == "final_score" and "reviews" not in det.tables
    assert [c for c, _ in det.warnings] == ["rater_without_scores"]
    said = render_page("rater_without_scores", "zh", **det.warnings[0][1])
    assert "「评价人工号」" in said and "设为“评价人工号”" not in said and "“得分”" in said


def test_the_users_final_score_is_kept_as_set(tmp_path):
    path = _long_360(tmp_path / "u.csv", {"00101": [85, 78, 80], "00102": [90, 70, 75]})
    (det, _), *_ = detect_file(path, Mapping(columns={"总分": "final_score"}))
    assert det.mapping["总分"] == "final_score"
    assert [c for c, _ in det.warnings] == ["rater_without_scores"]


@pytest.mark.parametrize("header", ["考核月份", "考核月", "评估月份", "月份"])
def test_a_month_column_names_the_cycle_of_ratings(tmp_path, header):
    """rev30a item 6: 考核月份 refused as "no cycle column"."""
    path = _csv(tmp_path / "m.csv", [f"工号,{header},绩效等级", "00101,2026年5月,A"])
    (det, _), *_ = detect_file(path)
    assert det.mapping[header] == "cycle" and det.tables == ["outcomes"]


def test_a_kpi_month_stays_the_month_inside_its_cycle(tmp_path):
    path = _csv(
        tmp_path / "k.csv",
        ["工号,考核周期,指标名称,月份,目标值,实际值", "00101,2026Q1,销售额,1月,10,9"],
    )
    (det, _), *_ = detect_file(path)
    assert det.mapping["月份"] == "period" and "kpi_results" in det.tables


def test_a_grade_with_a_stray_space_is_the_known_grade(tmp_path, con):
    """rev30a item 7: "良 好" was quarantined as a typo and the grade counted as missing. A
    stray space (half or full width) is cleaned with a warning naming the cells; a real typo
    (良好好) is still quarantined."""
    grades = ["优秀", "良好", "合格", "待改进"] * 8
    rows = [f"{i:05d},2026Q1,{g}" for i, g in enumerate(grades, start=1)]
    rows += ["00033,2026Q1,良 好", "00034,2026Q1,良\u3000好", "00035,2026Q1,良好好"]
    path = _csv(tmp_path / "g.csv", ["工号,考核周期,绩效等级", *rows])
    res = ingest.import_file(con, path, lang="zh")
    stored = dict(con.execute("SELECT employee_id, grade FROM outcomes").fetchall())
    assert stored["00033"] == stored["00034"] == "良好" and stored["00035"] is None
    warned = dict(res.warnings)
    assert warned["grade_spaces_removed"]["cells"] == [
        "34: 00033 2026Q1 “良 好” → “良好”",
        "35: 00034 2026Q1 “良\u3000好” → “良好”",
    ]
    assert warned["grade_spaces_removed"]["column"] == "绩效等级"
    assert warned["grade_cells_off_scale"]["labels"] == ["良好好"]
    held = con.execute("SELECT row_number, raw_value FROM quarantine").fetchall()
    assert held == [(36, "良好好")]


def test_monthly_cycles_are_named_in_the_readers_language_on_the_axis():
    """rev30a item 11: the overview's chart read "May 2026 / Jul 2026" in the Chinese UI
    (Plotly took the codes 2026-05 … for dates)."""
    import polars as pl

    from analytics.export.figures import cycle_counts

    per = pl.DataFrame(
        {"cycle_id": ["2026-05", "2026-06", "2026-10"], "ratings": [9, 9, 8], "employees": [3] * 3}
    )
    for lang, ticks in (
        ("zh", ("2026年5月", "2026年6月", "2026年10月")),
        ("en", ("2026-05", "2026-06", "2026-10")),
    ):
        axis = cycle_counts(per, lang).layout.xaxis
        assert axis.type == "category" and axis.ticktext == ticks
        assert axis.tickvals == ("2026-05", "2026-06", "2026-10")
    # a cycle code that is no month keeps its code
    quarters = per.with_columns(pl.Series("cycle_id", ["2025Q4", "2026Q1", "2026Q2"]))
    assert cycle_counts(quarters, "zh").layout.xaxis.ticktext == ("2025Q4", "2026Q1", "2026Q2")


def test_no_widget_takes_a_streamlit_tooltip():
    """rev30a item 11: Streamlit labels a ``help=`` tooltip's button "Help for 新数据集名称" in
    English whatever the language; the help is a line of the catalogue under the widget."""
    import ast

    root = Path(__file__).resolve().parents[1]
    found = []
    for path in [
        root / "dashboard.py",
        *(root / "ui").glob("*.py"),
        *(root / "pages").glob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and any(k.arg == "help" for k in node.keywords):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_the_scale_list_is_in_cycle_order(tmp_path, con):
    """rev30a item 11: the scale-override list read 05, 09, 06, 10, 07, 08: the preview lists
    the cycles in order (this holds), the page put them four to a row into the same four
    columns, so the page's order ran down each column; it now draws a row of four at a time."""
    from analytics.ingest.preview import view_file

    lines = [HEAD_360]
    for month in ("2026年9月", "2026年5月", "2026年10月", "2026年6月"):
        lines += [f"00101,甲,{month},00900,王经理,上级,{s}" for s in (70, 80)]
    view, _ = view_file(con, _csv(tmp_path / "m.csv", lines))
    assert view.cycles["overall"] == ["2026-05", "2026-06", "2026-09", "2026-10"]
    source = (Path(__file__).resolve().parents[1] / "ui" / "datafile.py").read_text("utf-8")
    assert "if j and not j % 4:" in source


def test_teams_sort_naturally():
    """rev30a item 11: 技术10组 came before 技术1组 (sorted as text)."""
    import polars as pl

    from analytics.export.figures import heatmap
    from analytics.schema import natural_key

    teams = ["技术10组", "技术2组", "技术1组", "产品1组", "A10", "A9"]
    assert sorted(teams, key=natural_key) == [
        "A9",
        "A10",
        "产品1组",
        "技术1组",
        "技术2组",
        "技术10组",
    ]
    cells = pl.DataFrame(
        {
            "unit": ["技术10组", "技术2组", "技术1组"],
            "cycle_id": ["2026-05"] * 3,
            "mean": [0.7, 0.8, 0.75],
            "n": [6, 6, 6],
            "small_n": [False] * 3,
        }
    )
    axis = heatmap(cells, "zh").layout.yaxis
    assert list(axis.categoryarray) == ["技术10组", "技术2组", "技术1组"]  # top to bottom: 1, 2, 10


def test_kruskal_wallis_ties_do_not_hang_on_the_16th_digit():
    """rev30a item 11: H moved from 46.12 to 46.22 after only saving a guideline. The guideline
    moved the data version, so the scores were computed afresh instead of read from the store;
    the same scores summed in another order differed in the 16th digit (766 of 2,520 in
    rev30a's data) and ties were broken by that. Scores are ranked rounded to 9 decimals."""
    import polars as pl

    from analytics.stats.distributions import compare_units

    noisy = 0.1 + 0.2  # 0.30000000000000004
    exact = [0.3, 0.3, 0.5, 0.3, 0.6, 0.7]
    units = ["a", "a", "a", "b", "b", "b"]
    frame = pl.DataFrame({"unit": units, "score": exact})
    h_exact = compare_units(frame, "unit", min_n=1)["omnibus"]["H"][0]
    noise = frame.with_columns(pl.Series("score", [0.3, noisy, 0.5, noisy, 0.6, 0.7]))
    assert compare_units(noise, "unit", min_n=1)["omnibus"]["H"][0] == pytest.approx(h_exact)
    # by hand: ranks a = 2, 2, 4 (three 0.3 tie at rank 2), b = 2, 5, 6; N = 6
    # H = 12 / 42 × (8² / 3 + 13² / 3) − 21 = 1.1905; tie correction 1 − 24 / 210
    assert h_exact == pytest.approx((12 / 42 * (64 / 3 + 169 / 3) - 21) / (1 - 24 / 210))
