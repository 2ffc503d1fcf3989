"""The minors rev19b left (issue 19): a one-person unit in the unit comparisons, the readable
"Generated at", the reliability table's design shown whole at 1280 px, the 9-box labels kept
readable when a cell is selected, and the packet's cover naming the departments off the
guideline. (The shift sentences' scale per pair of cycles: tests/test_stories.py.)"""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from analytics import text
from analytics.findings.headlines import headlines
from analytics.text import render, render_frame


def test_a_one_person_unit_is_left_out_of_the_unit_comparisons(small_demo_db):
    """A department's head on the roster at the department itself made a "unit" of one beside
    its sub-departments (销售中心 n=1, rev19b minor 10): it is listed in ``lone_units`` and is
    in none of the comparisons of units, while the scope's totals still count the person."""
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section

    with duckdb.connect(str(small_demo_db), read_only=True) as con:
        tops = [
            d
            for (d,) in con.execute(
                "SELECT DISTINCT department FROM employees WHERE department NOT LIKE '%/%'"
            ).fetchall()
        ]
        found = False
        for dept in sorted(tops):
            data = load_scope_lazy(con, Scope(department=dept))
            lone = compute_section("lone_units", data)
            if lone is None or lone.height == 0:
                continue
            found = True
            assert set(lone["n"].to_list()) == {1}
            key = lone.select("unit", "cycle_id")
            for name in ("distribution", "heatmap"):
                frame = compute_section(name, data)
                assert frame.join(key, on=["unit", "cycle_id"], how="semi").height == 0, name
                assert frame["n"].min() > 1, name
            for name in ("guideline_units", "score_box", "unit_ranks"):
                frame = compute_section(name, data)
                if frame is not None and "unit" in frame.columns:
                    assert not set(frame["unit"]) & set(lone["unit"]), name
            # the person is still in the scope: the summary counts everyone
            summary = compute_section("summary", data)
            scores = compute_section("scores", data)
            assert summary["employees"][0] >= scores["employee_id"].n_unique()
        assert found, "the small demo has no department with a head at the department itself"


def test_generated_at_reads_as_a_local_time_with_its_zone():
    """The summary's time stamp read 2026-12-04T17:20:39 in the workbook: it is worded as
    people write a time, with its zone (rev19b)."""
    frame = pl.DataFrame({"generated_at": ["2026-12-04T20:30:12+00:00"], "employees": [3]})
    assert render_frame(frame, "en")["generated_at"][0] == "4 Dec 2026, 20:30 UTC"
    assert render_frame(frame, "zh")["generated_at"][0] == "2026年12月4日 20:30（UTC）"
    east = frame.with_columns(pl.lit("2026-12-05T04:30:12+08:00").alias("generated_at"))
    assert render_frame(east, "en")["generated_at"][0] == "5 Dec 2026, 04:30 UTC+08:00"
    from analytics.export.report import to_csv

    csv = to_csv(frame, "en").decode("utf-8-sig")
    assert "4 Dec 2026, 20:30 UTC" in csv and "T20:30" not in csv


def test_the_sections_stamp_their_time_with_its_zone(small_demo_db):
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section

    with duckdb.connect(str(small_demo_db), read_only=True) as con:
        summary = compute_section("summary", load_scope_lazy(con, Scope()))
    stamp = summary["generated_at"][0]
    assert stamp[-6] in "+-" and ":" in stamp[-6:], stamp  # an offset: "UTC" or "UTC+08:00"
    assert "." not in stamp  # no microseconds


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reliability_design_is_shown_whole_at_1280(lang):
    """The rater page's reliability table cut its design ("raters nested in employees (k=3
    per emplo", rev19b minor 11): the words now fit the width the table gives them."""
    from ui.tables import column_config, fit

    measures = ["krippendorff_alpha_interval", "icc1", "icc1k"]
    frame = pl.DataFrame(
        {
            "cycle_id": ["2025Q1"] * 3,
            "measure": measures,
            "value": [0.853, 0.833, 0.937],
            "ci95_low": [0.84, 0.82, 0.93],
            "ci95_high": [0.86, 0.84, 0.94],
            "n_targets": [2000] * 3,
            "n_raters": [1913, 3, 3],
            "design": pl.Series(
                [
                    text.phrase_value("sparse_panels"),
                    text.phrase_value("raters_nested", k=3),
                    text.phrase_value("raters_nested", k=3),
                ],
                dtype=text.phrase_dtype(k=pl.Int64),
            ),
        }
    )
    shown = render_frame(frame, lang)
    config, _ = fit(shown, column_config(shown, lang))
    assert not config["design"].get("hidden")

    def px(s: str) -> float:  # as the grid draws it, with a cell's padding
        return int(sum(14 if ord(ch) > 0x2E80 else 7.5 for ch in s)) + 18

    for col in ("measure", "design"):
        longest = max(px(v) for v in shown[col].to_list())
        assert config[col]["width"] >= longest, (col, config[col]["width"], longest)


def test_nine_box_labels_stay_readable_when_a_cell_is_selected():
    """The labels were the markers' text, which Plotly fades on every unselected point once a
    cell is clicked (rev19b minor 12): they are annotations, and a selection changes nothing
    drawn."""
    from analytics.export.figures import nine_box_grid

    counts = pl.DataFrame(
        {
            "box": [1, 9],
            "perf_band": [0, 2],
            "pot_band": [0, 2],
            "n": [10, 400],
            "share": [0.02, 0.8],
            "box_label": ["talent_risk", "star"],
        }
    )
    fig = nine_box_grid(counts, "en")
    (marker,) = fig.data
    assert marker.mode == "markers" and not marker.text
    assert marker.unselected.marker.opacity == 1
    labels = [a.text for a in fig.layout.annotations]
    assert any(render("box.star", "en") in a and "n=400" in a for a in labels)


def test_the_guideline_headline_names_the_departments_off_it():
    """The cover of a department's packet said "1 of 2 departments off" without naming it
    (rev19b minor 13): the headline names them, the largest moves first; every one of them up
    to 8 (rev24a: "4 个部门中 4 个（…、…）" hid the fourth), the largest three and "…" beyond."""
    guide = pl.DataFrame(
        {
            "unit": ["销售中心/华东区", "销售中心/华南区", "a", "b", "c"],
            "cycle_id": ["2025Q4"] * 5,
            "n": [198, 225, 30, 30, 30],
            "judged": [True] * 5,
            "significant": [True, False, True, True, True],
            "direction": ["inflated", "in_line", "deflated", "deflated", "mixed"],
            "people_to_move": [50, 13, 4, 9, 2],
            "grade_source": ["recorded"] * 5,
        }
    )
    (h,) = headlines({"guideline_units": guide})
    assert h.params["names"] == ["销售中心/华东区", "b", "a", "c"]
    zh = render(h.code, "zh", **h.params)
    # the method's name is left to the methods note: plain words (rev21 item 11)
    assert "（已考虑同时比较多个部门：销售中心/华东区、b、a、c）" in zh
    many = pl.concat(
        [guide.head(1)]
        + [
            guide.slice(2, 1).with_columns(unit=pl.lit(f"d{i}"), people_to_move=pl.lit(i, pl.Int64))
            for i in range(9)
        ]
    )
    (h,) = headlines({"guideline_units": many})
    assert h.params["names"] == ["销售中心/华东区", "d8", "d7", "…"]
    one = guide.head(2)
    (h,) = headlines({"guideline_units": one})
    en = render(h.code, "en", **h.params)
    assert "in 1 of 2 departments (销售中心/华东区):" in en


def test_a_csv_writes_percentiles_as_percentages_with_the_sign_in_the_header():
    """A page's CSV wrote a percentile as 0.875 (review of issue 19, rev19c): a CSV carries no
    number format, so shares and percentiles are written as percentages, "%" in the header."""
    import polars as pl

    from analytics.export.report import to_csv

    frame = pl.DataFrame({"employee_id": ["E1"], "performance_pct": [0.875], "n": [3]})
    zh = pl.read_csv(to_csv(frame, "zh"), encoding="utf8-lossy")
    en = pl.read_csv(to_csv(frame, "en"), encoding="utf8-lossy")
    assert zh.columns[1].endswith("（%）") and en.columns[1].endswith(" (%)")
    assert zh[0, 1] == en[0, 1] == 87.5
    assert zh[0, 2] == 3  # a count is not a share
