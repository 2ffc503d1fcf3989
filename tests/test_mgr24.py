"""Manager-only designs (teams of 3-8, half-year cycles; rev23a item 6, session 24): the
variance components when raters are nested in people, central tendency pooled over cycles,
the team means against their department, and rater leniency identified through people who
change manager between cycles."""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.stats import agreement


def _near_nested(seed: int = 3, movers: int = 3) -> pl.DataFrame:
    """120 people in 24 teams of 5, 3 cycles; person variance 1, rater variance 0.5, noise
    0.25; ``movers`` people of team 0 change to team 1's manager in the last cycle."""
    rng = np.random.default_rng(seed)
    lead = rng.normal(0, np.sqrt(0.5), 24)
    rows = []
    for p in range(120):
        level = rng.normal(0, 1)
        for c in range(3):
            team = 1 if (p < movers and c == 2) else p // 5
            score = level + lead[team] + rng.normal(0, 0.5)
            rows.append((f"E{p}", f"M{team}", f"c{c}", score))
    return pl.DataFrame(rows, schema=["person", "rater", "cycle", "score"], orient="row")


def test_nested_raters_cannot_be_separated_in_the_variance_components():
    """Item 4: with 3 of 120 people changing manager, method 1 split the team's level between
    the raters and the people as if people were assigned to managers at random (the
    reviewer's export: raters 3.1 "estimable", people 0). Now the rater rows say they cannot
    be separated (``nested_rater``, inside the person's) and the person's part holds both:
    about 1 + 0.5."""
    df = _near_nested()
    assert agreement.raters_nested(df)
    g = agreement.g_study(df, "person", "rater", "score", "cycle", boot=20)
    rows = {r["component"]: r for r in g.iter_rows(named=True)}
    assert list(rows) == ["p", "r", "c", "pr", "pc", "rc", "residual"]
    for e, into in (("r", "p"), ("pr", "p"), ("rc", "residual")):
        assert (rows[e]["estimable"], rows[e]["reason"], rows[e]["confounded_with"]) == (
            False,
            "nested_rater",
            into,
        )
        assert rows[e]["estimate"] is None and rows[e]["variance_ci95_low"] is None
    assert rows["r"]["n_levels"] == 24
    assert 1.0 < rows["p"]["estimate"] < 2.2  # person + rater (1.5), 120 people
    assert rows["p"]["variance_ci95_low"] < rows["p"]["estimate"] < rows["p"]["variance_ci95_high"]
    d = agreement.decision_study(g)
    assert d.filter(pl.col("n_raters") > 1)["phi"].null_count() == 36
    # a 360-like design (most people with several raters) is not nested: estimated as before
    crossed = pl.concat([df, df.with_columns(rater=pl.col("person") + "_peer")])
    assert not agreement.raters_nested(crossed)
    assert agreement.g_study(crossed, "person", "rater", "score", "cycle", boot=0).filter(
        pl.col("component") == "r"
    )["estimable"].to_list() == [True]
