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
