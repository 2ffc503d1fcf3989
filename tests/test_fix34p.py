"""fix34p: the privacy findings 2, 3 and 6 of rev34a on hand-made frames: a person's change SE
and the intervals on it, and a rater's "others' mean", withheld below hr_admin where fewer
than k peers or subordinates are in them."""

from __future__ import annotations

import math

import polars as pl
import pytest

from analytics.auth.roles import LOCAL_ADMIN, Viewer
from analytics.findings.scope import Scope
from analytics.findings.visibility import View
from analytics.stats.attribution import person_parts, score_changes

HRBP = Viewer("wang.lei@example.com", "hrbp", ("生产中心",))

# 1261 崔华军 of rev34a: manager, skip-level and 2 peers in 2026Q1 and 2026Q2 (1-5 points);
# 1262 beside him with 3 peers
_RATED = {  # (cycle, person): manager, skip-level, peers
    ("2026Q1", "1261"): (1.1, 1.7, (2.7, 2.6)),
    ("2026Q2", "1261"): (1.4, 2.2, (3.0, 2.8)),
    ("2026Q1", "1262"): (3.0, 3.2, (3.1, 2.9, 3.3)),
    ("2026Q2", "1262"): (3.4, 3.0, (3.5, 3.3, 3.0)),
}


def _ratings() -> pl.DataFrame:
    rows = []
    for (c, e), (m, s, peers) in _RATED.items():
        given = [("m", "manager", m), ("s", "skip_level", s)]
        given += [(f"p{i}", "peer", x) for i, x in enumerate(peers, 1)]
        rows += [(c, 1 if c == "2026Q1" else 2, e, r, role, x, "生产中心") for r, role, x in given]
    cols = ["cycle_id", "cycle_order", "employee_id", "rater_id", "rater_role", "score"]
    return pl.DataFrame(rows, schema=[*cols, "department"], orient="row")


def _sd(xs: list[float]) -> float:
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


@pytest.fixture(scope="module")
def changes() -> pl.DataFrame:
    return score_changes(_ratings(), None).sort("employee_id")


def _view(viewer: Viewer) -> View:
    return View(viewer=viewer, reach=Scope(), allowed=frozenset({"1261", "1262"}))


def test_change_se_is_the_raters_spread_and_counts_the_fewest_peers(changes):
    one = changes.row(0, named=True)
    # w2 = 0.6^2 + 0.2^2 + 0.1^2 + 0.1^2 = 0.42 (manager, skip-level, 2 peers sharing 0.2)
    v1, v2 = _sd([1.1, 1.7, 2.7, 2.6]) ** 2, _sd([1.4, 2.2, 3.0, 2.8]) ** 2
    assert one["change_se"] == pytest.approx(math.sqrt(0.42 * (v1 + v2)))
    assert one["change_se"] == pytest.approx(0.679448, abs=1e-6)  # the review's number
    assert (one["n_anonymous_from"], one["n_anonymous_to"]) == (2, 2)
    assert changes.row(1, named=True)["n_anonymous_from"] == 3


def test_below_hr_admin_the_spread_of_two_peers_is_withheld_with_its_reason(changes):
    shown = person_parts(_view(HRBP).frame(changes))
    one, three = shown.row(0, named=True), shown.row(1, named=True)
    for col in ("change_se", "change_ci95_low", "change_ci95_high", "individual_se"):
        assert one[col] is None, col
        assert three[col] is not None, col
    assert one["individual_ci95_low"] is None and three["individual_ci95_low"] is not None
    assert one["privacy"] == {"code": "spread_fewer_than_k", "params": {"k": 3}}
    assert three["privacy"] is None
    # the change and its parts stay: the scores' difference is shown anyway
    assert one["change"] == pytest.approx(changes["change"][0])
    assert one["individual"] == pytest.approx(changes["individual"][0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_waterfall_says_why_in_lines_drawn_at_full_size(changes, lang):
    """rev34b: the reason was one long line Plotly shrank to the bar's width (~5 px high at
    1280x800). Now in short lines, and the bars' text is never shrunk."""
    from analytics.export import figures
    from analytics.text import render

    row = person_parts(_view(HRBP).frame(changes)).row(0, named=True)
    trace = figures.waterfall(row, lang).data[0]
    assert trace.constraintext == "none"
    said = trace.text[3].split("<br>", 1)[1]  # under the individual part's value
    whole = render("component.no_interval_few_peers", lang, k=3)
    assert said.replace("<br>", " " if lang == "en" else "") == whole
    assert said.count("<br>") >= 1 and max(len(line) for line in said.split("<br>")) <= 22


def test_the_administrator_and_a_k_of_2_see_the_se(changes):
    for viewer in (LOCAL_ADMIN, Viewer("x@example.com", "hrbp", ("生产中心",), k=2)):
        shown = _view(viewer).frame(changes)
        assert shown["change_se"].null_count() == 0


def test_as_rater_others_mean_with_two_peers_among_them_is_withheld():
    # 1249 rated 1261 (others: skip-level 2.2 and 2 peers, mean 2.53), 1262 (skip-level and
    # 3 peers) and 1263 (the skip-level alone: a named rater, shown on their own page anyway)
    rated = pl.DataFrame(
        {
            "cycle_id": ["2025Q1"] * 3,
            "employee_id": ["1261", "1262", "1263"],
            "rater_role": ["manager"] * 3,
            "mean_score": [1.9, 3.0, 2.5],
            "n": [6, 6, 6],
            "others_mean": [2.53, 3.1, 2.2],
            "diff_vs_others": [-0.63, -0.1, 0.3],
            "others_raters": [3, 4, 1],
            "others_anonymous": [2, 3, None],
        }
    )
    view = View(viewer=HRBP, reach=Scope(), allowed=frozenset({"1261", "1262", "1263"}))
    shown = view.frame(rated)
    assert shown["others_mean"].to_list() == [None, 3.1, 2.2]
    assert shown["diff_vs_others"].to_list() == [None, -0.1, 0.3]
    assert shown["privacy"].struct.field("code").to_list() == ["others_fewer_than_k", None, None]
    assert _view(LOCAL_ADMIN).frame(rated)["others_mean"].null_count() == 0


@pytest.mark.parametrize(
    ("lang", "title"),
    [("zh", "自评 / 上级 / 隔级 分歧"), ("en", "Gaps: Self / Manager / Skip-level")],
)
def test_the_dumbbell_is_titled_by_the_roles_drawn_and_its_rows_name_their_cycle(lang, title):
    from analytics.export.figures import dumbbell

    # the re-check list as a scoped viewer gets it: the peer means of 2 peers emptied
    recheck = pl.DataFrame(
        {
            "cycle_id": ["2025Q1", "2025Q2"],
            "employee_id": ["1146", "1146"],
            "self": [4.0, 3.5],
            "manager": [5.0, 2.0],
            "peer": [None, None],
            "skip_level": [4.2, 2.4],
        },
        schema_overrides={"peer": pl.Float64},
    )
    fig = dumbbell(recheck, lang)
    assert fig.layout.title.text == title
    assert [tr.name for tr in fig.data] == title.removeprefix("Gaps: ").split(" ")[::2][:3]
    assert list(fig.data[0].y) == ["1146 · 2025Q1", "1146 · 2025Q2"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_rater_whose_every_others_mean_is_withheld_is_told_why(lang):
    from analytics.findings.person import as_rater_lines, rater_view
    from analytics.findings.units import Unit
    from analytics.text import render

    rated = pl.DataFrame(
        {
            "employee_id": ["1261", "1262"],
            "mean_score": [0.3, 0.5],
            "others_mean": [0.4, 0.45],
            "diff_vs_others": [-0.1, 0.05],
            "others_anonymous": [2, 2],
        }
    )
    shown = _view(HRBP).frame(rated)
    view = rater_view(shown)
    assert view is not None and view["withheld"] == 3
    lines = as_rater_lines(view, None, "1249", Unit("1-5", 1.0, 5.0), lang)
    assert lines == [render("person.rater_view_withheld", lang, k=3)]
    assert rater_view(rated) is not None and "withheld" not in rater_view(rated)
