"""fixrev31b on the Data page (AppTest): an English manager-only export (title rows, "Review
Year", "Manager ID", "Score", "Rating") is read without hand mapping: the year as the cycle,
"Rating" as the grade and the score as the manager's rating, said in the reader's language
(rev31b items 1-2)."""

from __future__ import annotations

import pytest

from analytics.text.messages import render_page
from tests.app.test_data_page import _data_page, small_db  # noqa: F401 (a fixture)
from tests.test_fixrev31b import _manager_only


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_manager_only_export_is_read_as_the_managers_ratings(small_db, tmp_path, lang):  # noqa: F811
    path = _manager_only(tmp_path / "acme_reviews.xlsx")
    at = _data_page(tmp_path, lang, {path.name: path})
    said = "\n".join(
        str(e.value) for kind in (at.warning, at.caption, at.markdown, at.info) for e in kind
    )
    where = {"file": path.name, "sheet": " [Sheet]", "column": "Score", "rater": "Manager ID"}
    assert render_page("score_by_manager", lang, **where) in said, said[:3000]
    assert "no_cycle_column" not in said and "no_rater_results_only" not in said
    assert not at.exception and not at.error
