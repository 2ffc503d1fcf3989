"""pack25 (rev25a items 6-10) on the pages, in both languages (AppTest, catalogue words)."""

from __future__ import annotations

import pytest

from analytics.text import render
from tests.app.apptest import open_page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_appeals_rates_of_too_few_read_cannot_be_estimated(demo, lang):
    """rev25a item 8: the rater page's appeals table showed 0.0% / 50.0% and differences for
    raters the sentence above says cannot be estimated; those cells now read the words, the
    estimable raters keep their numbers and a name never reads them."""
    at = open_page("pages/raters.py", lang)
    (table,) = [d for d in at.dataframe if "overturn_diff" in d.value.columns]
    frame = table.value
    few = frame["signal"] == render("appeal_signal.too_few", lang)
    assert few.any() and (frame.loc[few, "n_decided"] > 0).any()  # rates there were 0%-100%
    for col in ("overturn_rate", "overturn_diff", "diff_ci95_low"):
        assert frame.loc[few, col].isna().all(), col
    assert table.proto.placeholder == render("appeals.not_estimable", lang)
    named = [c for c in frame.columns if c.endswith("_name")]
    assert named and frame[named].notna().all().all()
    said = "\n".join([*(m.value for m in at.markdown), *(c.value for c in at.caption)])
    # the demo: every rater of an appeal has too few decided ones, as the sentence says
    assert few.all()
    words = render("appeals.cannot_estimate_any", lang, n=987654, min=5)
    assert words[: words.index("987")] in said, said[-1500:]
