"""Numbers and words fit for a board pack (rev21 items 7 and 11): no signed zero, one number
of decimals within a sentence (the scale's, not significant digits), no "agree" without a
threshold, no clause counting 0, plain words before method names, when the data were
computed and when the file was made, the bonus pool's currency; and the potential-less
ranking renormalised over the parts that exist."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest

from analytics.export.cells import format_number, html_table
from analytics.findings.headlines import guideline_counts, headlines, rater_status_lines
from analytics.findings.units import PHRASE_SCORES
from analytics.stats.potential import AGREE_TOL, high_potential, performance_profile
from analytics.text import entries, render
from tests.test_potential import _panel

LANGS = ("zh", "en")


def test_a_negative_number_that_rounds_to_zero_has_no_sign() -> None:
    assert format_number(-0.00001, None) == "0.000"
    assert format_number(-0.0001, "percent") == "0.0%"
    assert format_number(-0.001, "money") == "0.00"
    assert format_number(-0.0006, None) == "-0.001"  # a real negative keeps its sign
    page = html_table(pl.DataFrame({"dept": ["研发中心"], "rater_change_share": [-2e-5]}), "zh")
    assert "-0.000" not in page and ">0.000<" in page


def test_no_template_rounds_a_score_by_significant_digits() -> None:
    """A score or a q-value at significant digits gave "-0.3 至 -0.22" and "0.078" beside
    "0.14": every sentence writes scores to its scale's decimals ({x:pt})."""
    bad = {
        code: t
        for code, e in entries().items()
        for t in e.values()
        if re.search(r"\{[a-z_]+:[+]?\.\d+g\}", t)
    }
    assert not bad, sorted(bad)
    for code, params in PHRASE_SCORES.items():
        for lang in LANGS:
            template = entries()[f"reason.{code}"][lang]
            for p in params:
                if "{" + p + ":" in template:
                    # pt0 (fixattr30): the scale's decimals, more only where a value that is
                    # not 0 would read 0 beside an interval excluding it (rev30a item 8)
                    spec = r":[+h]?l?p?pt0?\}"
                    assert re.search(r"\{" + p + spec, template), (code, p, template)


@pytest.mark.parametrize("lang", LANGS)
def test_an_interval_has_the_same_decimals_at_both_ends(lang: str) -> None:
    text = render(
        "reason.scale_use_slope",
        lang,
        dir="severe",
        slope=1.4,
        slope_lo=0.8,
        slope_hi=1.9,
        role_slope=1.3,
        centre=-0.25,
        centre_lo=-0.3,
        centre_hi=-0.22,
        score_scale="1-5",
    )
    assert "-0.25" in text and "-0.30" in text and "-0.22" in text
    q = render("reason.flag_likely", lang, dir="lenient", q=0.0041, thr=0.14, score_scale="1-5")
    assert "q=0.004" in q and "0.14" in q
    assert "q<0.001" in render(
        "reason.flag_likely", lang, dir="lenient", q=0.00002, thr=0.14, score_scale="1-5"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_close_sources_state_the_threshold(lang: str) -> None:
    text = render(
        "reason.sources_agree", lang, gap=0.37, tol=AGREE_TOL * 4, cycles=2, score_scale="1-5"
    )
    assert "0.37" in text and "0.40" in text
    assert "一致" not in text and "agree" not in text


def _raters(lenient: int, severe: int, insufficient: int) -> pl.DataFrame:
    flags = [["lenient"]] * lenient + [["severe"]] * severe
    n = lenient + severe + insufficient + 2
    flags += [[]] * (n - len(flags))
    status = ["flagged"] * (lenient + severe) + ["insufficient_data"] * insufficient
    status += ["clear"] * (n - len(status))
    return pl.DataFrame(
        {
            "rater_id": [f"R{i}" for i in range(n)],
            "flags": flags,
            "flag": [f[0] if f else None for f in flags],
            "fdr_flag": [None] * n,
            "status": status,
            "mde80": [0.1] * n,
            "threshold": [0.1] * n,
            "interval_method": ["blup"] * n,
        },
        schema_overrides={"fdr_flag": pl.String, "flag": pl.String, "flags": pl.List(pl.String)},
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_headline_leaves_out_clauses_that_count_zero(lang: str) -> None:
    (h,) = headlines({"raters": _raters(1, 0, 3)})
    text = render(h.code, lang, **h.params)
    assert not re.search(r"(^|[^\d.,])0 ", text), text  # "0 位无法估计", "0 位偏严格"
    assert render("overview.n_lenient", lang, n=1) in text
    assert render("overview.n_insufficient", lang, n=3) in text
    assert render("overview.n_severe", lang, n=1).split("1")[-1].strip() not in text
    (none,) = headlines({"raters": _raters(0, 0, 2)})
    worded = render(none.code, lang, **none.params)
    assert "2" in worded and not re.search(r"(^|[^\d.,])0 ", worded), worded


@pytest.mark.parametrize("lang", LANGS)
def test_the_rater_status_line_leaves_out_counts_of_zero(lang: str) -> None:
    """The PDF's "2 位已标记（其中 0 位仅为“可能”），553 位未发现偏差，0 位无法估计，40 位数据不足"."""
    (code, params), *_ = rater_status_lines(_raters(1, 1, 4))
    text = render(code, lang, **params)
    assert not re.search(r"(^|[^\d.,])0 ", text), text
    for part, n in (("raters.n_flagged", 2), ("raters.n_clear", 2), ("overview.n_insufficient", 4)):
        assert render(part, lang, n=n) in text
    assert render("overview.n_not_estimable", lang, n=1)[1:] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_guideline_headline_has_no_zero_clause_and_no_method_name(lang: str) -> None:
    guide = pl.DataFrame(
        {
            "cycle_id": ["2026H1"] * 3,
            "unit": ["销售中心", "研发中心", "财务部"],
            "significant": [True, False, False],
            "direction": ["inflated", None, None],
            "judged": [True, True, True],
            "n": [178, 190, 35],
            "people_to_move": [12, 0, 0],
        }
    )
    counted = guideline_counts(guide)
    text = render("overview.headline_guideline", lang, **counted)
    assert not re.search(r"(^|[^\d.,])0 ", text), text
    assert "Holm" not in text
    assert render("overview.n_way", lang, n=1, way="inflated") in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_lines_name_no_method_before_plain_words(lang: str) -> None:
    blup = render("interval.blup", lang)
    assert blup.index("BLUP") > len(blup) // 2
    kw = render(
        "dist.kw", lang, H=9.1, df=5, p=0.1, eps=0.010, lo=0.0, hi=0.021, n=597, k=6, cycle="2026Q2"
    )
    assert kw.index("Kruskal") > len(kw) // 2
    assert "0.000" in kw and "0.021" in kw and "—" not in kw


@pytest.mark.parametrize("lang", LANGS)
def test_the_packet_says_when_the_data_were_computed_and_the_file_exported(lang: str) -> None:
    text = render(
        "packet.cover_note", lang, at="2026-07-15T06:09:00+08:00", now="2026-07-15T06:16:00+08:00"
    )
    assert "06:09" in text and "06:16" in text
    assert ("数据计算于" in text) if lang == "zh" else ("computed" in text)


@pytest.mark.parametrize("lang", LANGS)
def test_the_bonus_pool_names_its_currency(lang: str) -> None:
    default = render("calib.currency_default", lang)
    text = render(
        "cs.bonus_spent",
        lang,
        after=100000.0,
        pool=100000.0,
        n=597,
        currency=default,
        which="default",
    )
    assert f"100,000.00 {default}" in text
    assert render("calib.currency_from.default", lang) in text
    usd = render("cs.bonus_spent", lang, after=5.0, pool=5.0, n=1, currency="USD", which="entered")
    assert "5.00 USD" in usd and render("calib.currency_from.entered", lang) in usd


def test_without_potential_the_ranking_is_renormalised_over_what_exists() -> None:
    scores, employees = _panel()
    prof = performance_profile(scores, employees)
    assert prof["potential_score"].is_null().all()
    hp = high_potential(prof, top_n=None)
    joined = hp.join(prof, on="employee_id", suffix="_prof")
    traj = joined["trajectory_pct"].to_numpy()
    cons = joined["consistency_share"].fill_null(0.0).to_numpy()
    perf = joined["pct_shrunk"].fill_null(0.5).to_numpy()
    want = (0.40 * perf + 0.15 * traj + 0.10 * cons) / 0.65
    np.testing.assert_allclose(joined["composite"].to_numpy(), want, rtol=1e-12)
    assert hp["composite"].max() > 0.825  # 0.35 x 0.5 for everyone capped it there
    # with a potential recorded for someone, the weights stay as they are
    some = prof.with_columns(
        potential_score=pl.when(pl.col("employee_id") == "e05").then(0.9).otherwise(None)
    )
    hp2 = high_potential(some, top_n=None).join(some, on="employee_id", suffix="_prof")
    pot = hp2["potential_score"].fill_null(0.5).to_numpy()
    want2 = (
        0.35 * pot
        + 0.40 * hp2["pct_shrunk"].fill_null(0.5).to_numpy()
        + 0.15 * hp2["trajectory_pct"].to_numpy()
        + 0.10 * hp2["consistency_share"].fill_null(0.0).to_numpy()
    )
    np.testing.assert_allclose(hp2["composite"].to_numpy(), want2, rtol=1e-12)
