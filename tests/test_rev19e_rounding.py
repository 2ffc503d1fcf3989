"""rev19e minor 9: the attribution page's sentences rounded each number by its own size ("平均变动
-0.4" beside "-0.42": ``{x:+g}`` of a value rounded to two decimals drops the trailing zero;
``{x:+.2g}`` keeps two significant digits). One rule now: a score or a change is written in the
points of the sentence's scale to that scale's decimals (the renderer's ``pt`` spec, from the
``score_scale`` parameter): one on 0-100, two on 1-5 and grade steps, three on the 0-1 score."""

from __future__ import annotations

import re

import polars as pl
import pytest

from analytics.findings.stories import TEAM_SHIFT_SCHEMA, material_shift, team_shift_sentences
from analytics.findings.units import Unit, convert
from analytics.text import render, render_column, scale_digits
from analytics.text.render import entries, phrase

P5 = Unit("1-5", 1.0, 5.0)
P100 = Unit("0-100", 0.0, 100.0)
MIXED = Unit("mixed")
#: a signed or unsigned decimal number in a sentence (not an integer count, a cycle, "95%")
NUMBER = re.compile(r"(?<![\w.])[+-]?\d+\.(\d+)(?![\d%])")


def decimals(sentence: str) -> set[int]:
    return {len(d) for d in NUMBER.findall(sentence)}


def without_kpi(sentence: str, lang: str) -> str:
    """The sentence before its KPI clause (percentage points of attainment: another quantity,
    one decimal)."""
    template = entries()["story.team_shift_story"][lang]
    lead = template.split("{kpi}")[0].rsplit("。" if lang == "zh" else ". ", 1)[-1]
    return sentence.split(lead)[0]


@pytest.mark.parametrize(
    ("scale", "digits"),
    [("0-100", 1), ("1-5", 2), ("grade:SABCD", 2), ("mixed", 3), (None, 3), ("0-10", 2)],
)
def test_scale_digits_is_the_units_rule(scale, digits):
    assert scale_digits(scale) == digits
    if scale and scale != "mixed" and not scale.startswith("grade:"):
        lo, hi = (float(v) for v in scale.split("-"))
        assert Unit(scale, lo, hi).digits == digits  # tables and sentences alike
    assert MIXED.digits == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pt_spec_writes_the_scales_decimals(lang):
    one = render("story.shift_story_no_kpi", lang, dept="销售中心", from_cycle="a", to_cycle="b",
                 n=40, scale="1-5", score_scale="1-5", change=-0.4, company=-0.42, department=0.1,
                 lo=-0.6, hi=-0.25, rater=0.0, individual=-0.08)  # fmt: skip
    assert "-0.40" in one and "-0.42" in one and "+0.10" in one and "-0.25" in one
    assert "-0.4 " not in one and "-0.4（" not in one
    assert decimals(one) == {2}, one
    hundred = render("story.shift_story_no_kpi", lang, dept="d", from_cycle="a", to_cycle="b",
                     n=40, scale="0-100", score_scale="0-100", change=-8.0, company=-8.94,
                     department=3.0, lo=-12.0, hi=-0.5, rater=-0.04, individual=-2.02)  # fmt: skip
    assert "-8.0" in hundred and "-8.9" in hundred and decimals(hundred) == {1}, hundred
    assert "-0.0" not in hundred  # rounds to nothing: no sign
    # worded higher / lower, the size to the same decimals
    team = render("story.team_shift_story_no_kpi", lang, dept="乙/南", from_cycle="a",
                  to_cycle="b", n=20, change=-0.4, shift=-0.3, lo=-0.5, hi=-0.1, company=0.0,
                  department=-0.02, rater=0.0, individual=-0.38, score_scale="1-5")  # fmt: skip
    lower = render("common.lower_by", lang, mag="0.30")
    assert lower in team and decimals(team) == {2}, team


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("unit", [P5, P100], ids=["1-5", "0-100"])
def test_team_sentences_use_one_rounding(lang, unit):
    """A list of team sentences (values chosen so that ``g`` would drop a trailing zero: -0.40
    on 1-5, -8.0 on 0-100) gives every number of every sentence the scale's decimals."""
    cols = [c for c in TEAM_SHIFT_SCHEMA if c not in ("dept", "from_cycle", "to_cycle")]
    rows = [  # on the 0-1 score: n, shift and its interval, p_holm, the parts, the KPI
        dict(
            zip(
                cols,
                (20, -0.1, -0.12, -0.08, 0.01, -0.1, 0.0, -0.005, 0.0, -0.095, "销售额", 0.05),
                strict=True,
            )
        )
        | {"dept": "乙/南"},
        dict(
            zip(
                cols,
                (18, 0.08, 0.05, 0.11, 0.02, 0.105, 0.02, 0.0, 0.0, 0.085, None, None),
                strict=True,
            )
        )
        | {"dept": "丙/东"},
    ]
    rows = [r | {"from_cycle": "c1", "to_cycle": "c2"} for r in rows]
    table = pl.DataFrame(rows, schema=TEAM_SHIFT_SCHEMA)
    words = render_column(team_shift_sentences(table, unit)["story"], lang, "story").to_list()
    assert len(words) == 2
    for sentence in words:
        assert decimals(without_kpi(sentence, lang)) == {unit.digits}, sentence
    first = words[0]
    assert (f"{-0.1 * unit.span:+.{unit.digits}f}") in first  # "-0.40" / "-10.0", not "-0.4"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("unit", [P5, P100, MIXED], ids=["1-5", "0-100", "mixed"])
def test_attribution_reasons_and_notes_use_the_scales_decimals(lang, unit):
    """The rater-change and manager-change reasons (listed under the shift sentences) and the
    notes' material threshold: the same rule (they had ``.2g``: "-0.4" beside "-0.42")."""
    frame = pl.DataFrame({"reason": [0]}).select(
        phrase(
            "manager_change_not_separable",
            dept=pl.lit("乙"),
            from_cycle=pl.lit("c1"),
            to_cycle=pl.lit("c2"),
            manager_from=pl.lit("m1"),
            manager_to=pl.lit("m2"),
            n=pl.lit(12),
            n_stable=pl.lit(30),
            diff=pl.lit(-0.1),
            lo=pl.lit(-0.105),
            hi=pl.lit(-0.02),
        ).alias("reason")
    )
    (said,) = render_column(convert(frame, unit)["reason"], lang, "reason").to_list()
    assert decimals(said) == {unit.digits}, said
    note = render("attr.shift_limits", lang, **material_shift(unit))
    assert decimals(note) == {unit.digits}, note
