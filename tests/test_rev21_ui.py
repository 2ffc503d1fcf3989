"""Review 21's chart, search and dataset-key items below the pages: the heat map's colours
centre on the mean with a range that means something on the scale, and two cycles sit side by
side (item 9); the guideline chart promises error bars only where it draws them (item 9); the
person search matches every word in the id, name, department or team (item 6); a Chinese
dataset name keeps its characters in the key, distinct from a similar name, and keys given
before keep working (item 10)."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from analytics.export import figures
from analytics.findings.units import Unit
from analytics.store import datasets
from analytics.text import render


def _cells(means: list[float], cycles: tuple[str, ...] = ("2025H2", "2026H1")) -> pl.DataFrame:
    """Units × cycles of 1-5 means (converted to 0-1, as stored), 100 people each."""
    rows = [
        (f"部门{i // len(cycles)}", cycles[i % len(cycles)], 100, (m - 1) / 4, False)
        for i, m in enumerate(means)
    ]
    return pl.DataFrame(rows, schema=["unit", "cycle_id", "n", "mean", "small_n"], orient="row")


ONE_TO_FIVE = Unit("1-5", 1.0, 5.0)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heat_map_colours_centre_on_the_mean_over_a_tenth_of_the_scale(lang):
    """rev21: means 3.33-3.47 got the whole red-blue range (two cells reading 3.4 came out
    light blue and salmon); now the range is the mean ± 0.4 (a tenth of 1-5's span), so they
    are pale, and the colour bar and the hover say where the centre is."""
    means = [3.33, 3.47, 3.38, 3.42]
    fig = figures.heatmap(_cells(means), lang, ONE_TO_FIVE)
    marker = fig.data[0].marker
    centre = sum(means) / len(means)
    assert marker.cmin == pytest.approx(centre - 0.4) and marker.cmax == pytest.approx(centre + 0.4)
    title = marker.colorbar.title.text
    words = render("fig.heat_centre", lang, mean=f"{centre:.2f}", half="0.40")
    assert words in title
    assert render("fig.heat_centre_tick", lang, mean=f"{centre:.2f}") in marker.colorbar.ticktext
    assert render("fig.heat_diff", lang, mean=f"{centre:.2f}") in fig.data[0].hovertemplate
    assert set(fig.data[0].textfont.color) == {"#222"}  # pale cells: dark text on all of them
    # a cell far from the mean widens the range, still symmetric about the mean
    wide = [2.5, 3.5, 3.5, 3.5]
    marker = figures.heatmap(_cells(wide), lang, ONE_TO_FIVE).data[0].marker
    mid = sum(wide) / 4
    assert marker.cmin == pytest.approx(2.5) and marker.cmax == pytest.approx(2 * mid - 2.5)
    # on 0-100 the tenth is 10 points
    hundred = Unit("0-100", 0.0, 100.0)
    marker = figures.heatmap(_cells(means), lang, hundred).data[0].marker
    assert marker.cmax - marker.cmin == pytest.approx(20.0)


def test_two_cycles_sit_side_by_side_in_the_middle():
    fig = figures.heatmap(_cells([3.3, 3.4]), "zh", ONE_TO_FIVE)
    lo, hi = fig.layout.xaxis.range
    assert (lo, hi) == (-2.0, 3.0)  # the 2 columns in the middle of 6 places, not the edges
    many = ("C1", "C2", "C3", "C4", "C5", "C6", "C7")
    fig = figures.heatmap(_cells([3.0] * 7, many), "zh", ONE_TO_FIVE)
    assert tuple(fig.layout.xaxis.range) == (-0.5, 6.5)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_guideline_chart_promises_error_bars_only_when_drawn(lang):
    shares = pl.DataFrame(
        {
            "unit": ["导入等级"] * 2,
            "grade": ["S", "A"],
            "share": [0.2, 0.8],
            "count": [2, 8],
            "n": [10, 10],
        }
    )
    counted = figures.guideline_bars(shares, lang)
    assert not counted.data[0].error_y.visible
    assert _plain(counted.layout.title.text) == render("fig.guideline_bars_counted", lang)
    with_ci = shares.with_columns(share_lo=pl.col("share") - 0.1, share_hi=pl.col("share") + 0.1)
    drawn = figures.guideline_bars(with_ci, lang)
    assert drawn.data[0].error_y.visible
    assert _plain(drawn.layout.title.text) == render("fig.guideline_bars", lang)


def _plain(title: str) -> str:
    """A chart title without the line break and the smaller type of its second line."""
    # the first line keeps the space before the parenthesis (figures._title, session 45)
    one_line = re.sub(r"\s*<br>\s*", " ", title)
    return re.sub(r"<span[^>]*>|</span>", "", one_line).replace(" （", "（")


def test_person_search_matches_every_word_in_any_field():
    from analytics.findings.person import match_people

    people = pl.DataFrame(
        {
            "employee_id": ["1008", "1051", "1401", "10510", "2001"],
            "name": ["王伟", "王伟", "王伟", "王伟华", "Wei Wang"],
            "department": ["销售中心", "销售中心", "研发中心", "研发中心", "研发中心"],
            "team": ["华东区", "华北区", "平台组", None, "平台组"],
        }
    )
    ids = lambda q: match_people(people, q)["employee_id"].to_list()  # noqa: E731
    assert ids("王伟") == ["1008", "1051", "1401", "10510"]  # exact names first, then 王伟华
    assert ids("王伟 销售") == ["1008", "1051"]
    assert ids("华北") == ["1051"]  # the team
    assert ids("1051") == ["1051", "10510"]  # the exact id first
    assert ids("wei") == ["2001"]  # case ignored
    assert ids("") == people["employee_id"].to_list()
    assert ids("无此人") == []


def test_a_chinese_dataset_name_keeps_its_characters_in_the_key(tmp_path):
    dbp = str(tmp_path / "perflens.duckdb")
    first = datasets.create("华创科技2026上半年", dbp)
    second = datasets.create("华创科技2026下半年", dbp)
    assert first.key == "华创科技2026上半年" and second.key == "华创科技2026下半年"
    assert datasets.create("ACME Ltd", dbp).key == "acme-ltd"
    assert datasets.create("２０２６ 上半年", dbp).key == "2026-上半年"  # full-width digits
    assert datasets.create("华创科技/2026上半年", dbp).key == "华创科技-2026上半年"
    assert datasets.create("***", dbp).key == "dataset-1"  # no letter or digit at all
    assert datasets.find("华创科技2026上半年", dbp) == first
    assert first.file.name == "华创科技2026上半年.duckdb"


def test_keys_given_before_keep_working(tmp_path):
    """A registry written by an older version (the key ``2026`` for a Chinese name) opens
    under that key and name as before: a key is never recomputed."""
    dbp = tmp_path / "perflens.duckdb"
    registry = datasets.registry_path(str(dbp))
    registry.write_text(
        json.dumps(
            {
                "datasets": [
                    {"key": "2026", "name": "华创科技2026上半年", "created": "2026-12-05T06:00:00"}
                ],
                "deleted": [],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    old = datasets.require("2026", str(dbp))
    assert old.key == "2026" and datasets.require("华创科技2026上半年", str(dbp)) == old
    assert old.file.name == "2026.duckdb"
    new = datasets.create("华创科技2026下半年", str(dbp))
    assert new.key == "华创科技2026下半年" and new.key != old.key


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_words_the_people_without_a_team(tmp_path, lang, no_model_fit):
    """imp21's leftover, checked: a department's people who have no team (beside two teams) are
    one unit, worded
    "未分配" / "Unassigned" in every cell of the workbook, never the code ``unassigned``
    (the cells go through the renderer by column name: ``unit``, ``unit_a``, ``unit_b``)."""
    import zipfile

    from analytics.cli import main
    from tests.test_datasets import DEPTS, partial_team_csv

    dbp = tmp_path / "c.duckdb"
    assert main(["import", str(partial_team_csv(tmp_path / "c.csv", 30, 3)), "--db", str(dbp)]) == 0
    out = tmp_path / f"r_{lang}.xlsx"
    args = ["--lang", lang, "report", "--db", str(dbp), "--department", DEPTS[0], "--out"]
    assert main([*args, str(out)]) == 0
    with zipfile.ZipFile(out) as book:
        cells = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert render("unit.unassigned", lang) in cells
    assert "unassigned" not in cells
