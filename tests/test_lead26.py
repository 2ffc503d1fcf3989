"""Session 26's mends from the second read of session 25's change: Firth's profile interval
from cold starts (a demo meeting page's sparse group), the inflation chart's scale break named
as the page's sentence names it."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.stats import firth

# a sparse adverse-impact design from the demo's meeting page (an intercept, the group of
# interest, a second group, a standardised score, level): 34 people, 5 selected, 1 of them in
# the group of interest; warm-started constrained fits left the lower end's bracket on one side
_Y = [
    1,
    0,
    1,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
]
_X = [
    [1.0, 0.0, 1.0, 0.8699641321251098, 3.0],
    [1.0, 0.0, 0.0, 0.08285783858109133, 2.0],
    [1.0, 0.0, 0.0, 0.6869449441120189, 1.0],
    [1.0, 0.0, 1.0, -0.37923583888576495, 4.0],
    [1.0, 0.0, 1.0, 0.03189977643582363, 5.0],
    [1.0, 0.0, 0.0, 1.3403806858076877, 6.0],
    [1.0, 0.0, 1.0, 0.7914072105012144, 5.0],
    [1.0, 0.0, 1.0, 0.07224108646510467, 2.0],
    [1.0, 0.0, 1.0, -0.849136120114203, 4.0],
    [1.0, 0.0, 0.0, -0.2843695197616219, 1.0],
    [1.0, 0.0, 0.0, -0.14644757104393902, 4.0],
    [1.0, 0.0, 1.0, -0.9417926520708806, 5.0],
    [1.0, 0.0, 1.0, -0.9986956257988066, 5.0],
    [1.0, 0.0, 1.0, -2.078375657942434, 1.0],
    [1.0, 0.0, 1.0, -0.6017437095427995, 5.0],
    [1.0, 0.0, 0.0, -0.8178862249531819, 5.0],
    [1.0, 0.0, 1.0, 1.4392343955454205, 3.0],
    [1.0, 0.0, 0.0, -0.1548545359924599, 1.0],
    [1.0, 0.0, 1.0, 0.41696186952651226, 3.0],
    [1.0, 0.0, 0.0, 0.7240556621229007, 1.0],
    [1.0, 0.0, 1.0, -0.6005547272262679, 4.0],
    [1.0, 1.0, 0.0, -0.12640304912849698, 4.0],
    [1.0, 0.0, 1.0, 0.21967489371504126, 4.0],
    [1.0, 0.0, 1.0, -0.32819368800769916, 3.0],
    [1.0, 1.0, 0.0, 1.5059014940039974, 2.0],
    [1.0, 1.0, 0.0, -0.19986768655506879, 3.0],
    [1.0, 0.0, 1.0, -0.6646756835861842, 3.0],
    [1.0, 1.0, 0.0, -0.554268505614329, 2.0],
    [1.0, 1.0, 0.0, -0.606415550076127, 4.0],
    [1.0, 0.0, 1.0, 0.24464352236220765, 3.0],
    [1.0, 1.0, 0.0, 0.31954940830370754, 4.0],
    [1.0, 1.0, 0.0, 1.0183346554931807, 2.0],
    [1.0, 0.0, 1.0, 0.10060848459626814, 3.0],
    [1.0, 0.0, 1.0, 0.4682562866029761, 2.0],
]


def _profile_gap(fit: firth.Firth, b: float) -> float:
    """2·(max loglik - max loglik given beta_1 = b) - q, the constrained maximum found by
    SciPy's BFGS over the other four coefficients from the full fit's estimate: a search
    independent of the module's own Newton steps."""
    from scipy.optimize import minimize

    y, x = np.array(_Y, dtype=float), np.array(_X)

    def minus(free: np.ndarray) -> float:
        value = firth.penalised_loglik(y, x, np.insert(free, 1, b))
        return -value if np.isfinite(value) else 1e12

    best = minimize(minus, np.delete(fit.params, 1), method="BFGS", options={"gtol": 1e-10})
    return 2.0 * (fit.loglik + best.fun) - firth.CHI2_95


def test_the_profile_interval_of_a_sparse_group_is_where_the_profile_crosses_q():
    """Both ends are roots of the profile: the deviance at each end is chi-square's 3.841
    (within 1e-4), inside a step of 0.05 it is below, outside above. Session 25's warm starts
    gave -19.26 for the lower end, where the deviance exceeds q by 2.47."""
    y, x = np.array(_Y, dtype=float), np.array(_X)
    fit = firth.firth_logit(y, x)
    lo, hi = firth.profile_interval(y, x, fit, 1)
    assert lo is not None and hi is not None
    assert lo < fit.params[1] < hi
    for end, inward in ((lo, 0.05), (hi, -0.05)):
        assert _profile_gap(fit, end) == pytest.approx(0.0, abs=1e-4)
        assert _profile_gap(fit, end + inward) < 0 < _profile_gap(fit, end - inward)
    assert lo == pytest.approx(-12.0437, abs=1e-3)
    assert hi == pytest.approx(1.7343, abs=1e-3)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_inflation_charts_scale_break_names_the_scales_as_the_sentence_does(lang):
    """C1-C2 on 1-5, C3-C4 on 0-100: the dashed line's label reads the units' words
    ('1-5 分 → 0-100 分', 'scale: points, 1-5 → points, 0-100'), the same words as the page's
    sentence (stories.inflation_sentences), not the stored codes."""
    from analytics.export.figures import inflation_chart
    from analytics.findings.units import Unit, unit_of_scales
    from analytics.stats import distributions
    from analytics.text import render

    rows = [
        (f"C{t}", t, person, v)
        for person, series in {"A": [0.5, 0.6, 0.2, 0.3], "B": [0.4, 0.5, 0.3, 0.4]}.items()
        for t, v in enumerate(series, start=1)
    ]
    scores = pl.DataFrame(
        rows, schema=["cycle_id", "cycle_order", "employee_id", "score"], orient="row"
    )
    scales = pl.DataFrame(
        {"cycle_id": ["C1", "C2", "C3", "C4"], "scale": ["1-5", "1-5", "0-100", "0-100"]}
    )
    trend = distributions.inflation_within_scales(scores, scales)
    fig = inflation_chart(trend, lang, Unit("mixed"))
    labels = [a.text for a in fig.layout.annotations]
    one, hundred = (unit_of_scales([s]).words(lang) for s in ("1-5", "0-100"))
    assert labels == [render("fig.scale_break", lang, before=one, after=hundred)]
    assert "1-5" in labels[0] and "0-100" in labels[0]


def _ranked_with_cautions(names: pl.DataFrame | None) -> pl.DataFrame:
    """test_rank25's three ranked people: P1 under R1 (lenient through the links), P2 moved
    from R4 to R2 (a flat team far from its department), P3 under R5 (no caution)."""
    from analytics.stats import cautions
    from tests.test_rank25 import _raters

    rows = pl.DataFrame({"rank": [1, 2, 3], "employee_id": ["P3", "P1", "P2"]})
    changes = pl.DataFrame(
        {
            "employee_id": ["P1", "P2", "P3"],
            "manager_from": ["R1", "R4", "R5"],
            "manager_to": ["R1", "R2", "R5"],
        }
    )
    return cautions.with_rater_cautions(rows, changes, _raters(), names)


NAMES = pl.DataFrame({"employee_id": ["R1", "R2"], "name": ["韩帆玉", "徐雨思"]})


def test_a_caution_names_the_manager_beside_the_id():
    """Issue 19: a person appears with their name. With the roster the sentence reads
    "韩帆玉（R1）" / "韩帆玉 (R1)"; without it, the id alone, as before."""
    from analytics.text import render_column

    named = _ranked_with_cautions(NAMES)["caution"]
    zh = render_column(named, "zh", "reason").to_list()
    en = render_column(named, "en", "reason").to_list()
    assert zh[1][0].startswith("评分上级 韩帆玉（R1） 经跨周期联系估计偏宽松")
    assert zh[2][0].startswith("该团队由同一上级 徐雨思（R2） 评分")
    assert en[1][0].startswith("rating manager 韩帆玉 (R1) is lenient")
    bare = render_column(_ranked_with_cautions(None)["caution"], "en", "reason").to_list()
    assert bare[1][0].startswith("rating manager R1 is lenient")
    assert zh[0] == [] and bare[0] == []


def test_a_pseudonymised_view_hashes_the_cautions_manager_and_drops_the_name():
    """The analyst's view (pseudonymised): the ranked people's ids and the managers' ids inside
    the cautions (a list of phrases) are the dataset's pseudonyms, and no name is left; before
    session 26 the caution kept the real manager id (000108 on the reviewer's workbook)."""
    from analytics.auth.pseudonym import pseudonym, rater_pseudonym
    from analytics.auth.roles import Viewer
    from analytics.findings.scope import Scope
    from analytics.findings.visibility import View
    from analytics.text import render_column

    key = b"k" * 32
    view = View(Viewer("data@example.com", "analyst"), Scope(), None, key=key, pseudonymised=True)
    shown = view.frame(_ranked_with_cautions(NAMES))
    assert shown["employee_id"].to_list() == [pseudonym(key, p) for p in ("P3", "P1", "P2")]
    params = shown["caution"].list.first().struct.field("params")
    assert params.struct.field("rater").to_list() == [
        None,
        rater_pseudonym(key, "R1"),  # managers as raters: their own namespace (rev28b 3)
        rater_pseudonym(key, "R2"),
    ]
    who = params.struct.field("who")
    assert who.struct.field("name").to_list() == [None, None, None]
    words = " ".join(s for row in render_column(shown["caution"], "zh", "reason") for s in row)
    assert rater_pseudonym(key, "R1") in words and rater_pseudonym(key, "R2") in words
    assert not any(x in words for x in ("韩帆玉", "徐雨思", "R1", "R2"))


def test_a_manager_sees_the_names_of_managers_in_reach_only():
    """A manager whose reach holds P1, P2 and R1: R1 is named; R2 (outside the reach) is
    neither id nor name, the sentence shows the missing mark."""
    from analytics.auth.roles import Viewer
    from analytics.findings.scope import Scope
    from analytics.findings.visibility import View
    from analytics.text import render_column

    view = View(Viewer("m", "manager", employee_id="R9"), Scope(), frozenset({"P1", "P2", "R1"}))
    shown = view.frame(_ranked_with_cautions(NAMES))
    assert shown["employee_id"].to_list() == ["P1", "P2"]
    en = [row[0] for row in render_column(shown["caution"], "en", "reason").to_list()]
    assert en[0].startswith("rating manager 韩帆玉 (R1) is lenient")
    assert en[1].startswith("this team is rated by one manager, —, whose")
    assert "徐雨思" not in en[1] and "R2" not in en[1]
