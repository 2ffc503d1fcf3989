"""A person whose new manager's standard cannot be estimated (rev18 D6): the person page and
the exports showed "rater +0.00, individual -0.66" as if both parts had been measured; the
rater part now reads "cannot be estimated" and the rest is one "individual + new manager"
part, with a sentence, in both languages."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.export import figures
from analytics.export.report import to_json
from analytics.findings.report import Findings
from analytics.findings.scope import Scope
from analytics.stats import attribution, raters
from analytics.text import render
from tests.sim.simulate import company, shift_company


@pytest.fixture(scope="module")
def changes() -> pl.DataFrame:
    c = shift_company("manager_change", 1)  # nested: the new manager N000 cannot be estimated
    eff = raters.rater_effects(c.ratings).with_columns(pl.col("effect_shrunk").alias("effect"))
    return attribution.score_changes(c.ratings, eff)


def test_person_parts_merge_the_individual_part_with_the_new_manager(changes) -> None:
    p = attribution.person_parts(changes)
    moved = p.filter(pl.col("manager_to") == "N000")
    assert moved.height == 24
    assert moved["rater"].is_null().all() and moved["individual"].is_null().all()
    raw = changes.filter(pl.col("manager_to") == "N000")
    assert moved["individual_new_manager"].to_list() == pytest.approx(
        (raw["individual"] + raw["new_manager"]).to_list()
    )
    total = moved.select(
        pl.sum_horizontal("company", "department", "individual_new_manager") - pl.col("change")
    )
    assert total.to_series().abs().max() < 1e-9  # the shown parts still add up
    stays = p.filter(pl.col("manager_to") != "N000")
    assert stays["rater"].is_not_null().all() and stays["individual_new_manager"].is_null().all()


def test_waterfall_says_the_rater_part_cannot_be_estimated(changes) -> None:
    row = (
        attribution.person_parts(changes).filter(pl.col("manager_to") == "N000").row(0, named=True)
    )
    for lang, words, merged in (
        ("en", "cannot be estimated", "individual + new manager"),
        ("zh", "无法估计", "个人 + 新上级"),
    ):
        w = figures.waterfall(row, lang).data[0]
        assert w.text[2] == words and list(w.x)[3] == merged
    other = changes.filter(pl.col("manager_to") != "N000").row(0, named=True)
    assert figures.waterfall(other, "en").data[0].text[2].startswith(("+", "-"))


def test_the_export_carries_the_merged_part_and_its_sentence(changes) -> None:
    f = Findings(scope=Scope(), sections={"attribution": changes})
    for lang, words in (
        ("en", "the rater part cannot be estimated"),
        ("zh", "评价人部分无法估计"),
    ):
        rows = to_json(f, lang, full=True)["attribution"]
        moved = [r for r in rows if r["manager_to"] == "N000"]
        assert moved and all(r["rater"] is None and r["individual"] is None for r in moved)
        assert all(r["individual_new_manager"] is not None for r in moved)
        assert all(words in r["parts_note"]["text"] for r in moved)
        assert all(r["parts_note"] is None for r in rows if r["manager_to"] != "N000")


def test_department_bars_still_add_up_with_a_new_manager(changes) -> None:
    fig = figures.attribution_bars(changes, "en")
    total = sum(sum(t.y) for t in fig.data)
    means = changes.group_by("dept", "to_cycle").agg(pl.col("change").mean())["change"].sum()
    assert total == pytest.approx(means, abs=1e-9)


def test_each_part_has_an_interval_or_says_it_cannot_be_estimated(changes) -> None:
    """rev19: the person page and the report showed a person's parts with no interval."""
    p = attribution.person_parts(changes)
    da = p["adjusted_to"] - p["adjusted_from"]
    # company: the weighted median of the departments' mean adjusted changes (three or more
    # departments here); its SE is the median's, sqrt((pi/2) s_W^2 / n), s_W^2 the pooled
    # within-department variance on n - K df (the mean's s / sqrt(n) before session 24)
    for order in p["from_order"].unique():
        rows = p.filter(pl.col("from_order") == order)
        d = (rows["adjusted_to"] - rows["adjusted_from"]).to_numpy()
        dept = rows["dept"].to_numpy()
        names = np.unique(dept)
        assert names.size >= 3
        ssw = sum(((d[dept == g] - d[dept == g].mean()) ** 2).sum() for g in names)
        se = (np.pi / 2 * ssw / (d.size - names.size) / d.size) ** 0.5
        assert rows["company_se"].to_list() == pytest.approx([se] * rows.height)
        assert (rows["company_ci95_high"] - rows["company"]).to_list() == pytest.approx(
            [1.959963984540054 * se] * rows.height
        )
    assert da.len() == p.height
    # a part that cannot be estimated has no interval; the merged part of a person with a new
    # manager whose standard is not estimated has one, and it holds the merged part
    moved = p.filter(pl.col("individual_new_manager").is_not_null())
    assert moved.height > 0
    assert moved["rater_ci95_low"].is_null().all() and moved["individual_ci95_low"].is_null().all()
    # nested design: one rater a side (no measure of the score's noise) and managers whose
    # standard cannot be estimated: no interval on the individual or the rater part, never a
    # zero-width [0, 0]
    assert moved["individual_new_manager_ci95_low"].is_null().all()
    stays = p.filter(pl.col("individual").is_not_null())
    assert stays["individual_ci95_low"].is_null().all()
    assert stays["rater_ci95_low"].is_null().all()
    assert stays["department_ci95_low"].is_not_null().all()
    assert (stays["department_ci95_low"] < stays["department_ci95_high"]).all()


def test_crossed_design_gives_every_part_an_interval() -> None:
    c = company("full_360", 1)
    eff = raters.rater_effects(c.ratings).with_columns(pl.col("effect_shrunk").alias("effect"))
    p = attribution.person_parts(attribution.score_changes(c.ratings, eff))
    for part in ("company", "department", "individual"):
        lo, hi = p[f"{part}_ci95_low"], p[f"{part}_ci95_high"]
        assert lo.is_not_null().mean() > 0.9, part
        assert (hi - lo).min() > 0, part
        ok = lo.is_not_null()
        assert ((lo < p[part]) & (p[part] < hi)).filter(ok).all(), part


def test_waterfall_shows_the_intervals_in_both_languages(changes) -> None:
    p = attribution.person_parts(changes)
    row = p.filter(pl.col("individual").is_not_null()).row(0, named=True)
    for lang in ("zh", "en"):
        text = figures.waterfall(row, lang).data[0].text
        assert "[" in text[0] and "[" in text[1]  # company and department intervals
        flat = text[3].replace("<br>", " " if lang == "en" else "")  # wrapped in short lines
        assert render("component.no_interval", lang) in flat  # one rater a side
