"""s45 A item 6: the person page's CSV downloads were named after the table only
(``perflens_演示公司_person_raters_zh.csv``), so two people's downloads overwrote each other:
the person shown (``?employee=``) is in the name now."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _person_table() -> None:
    import polars as pl

    from ui import tables

    tables.show(pl.DataFrame({"n": [1, 2]}), key="person_raters", person_col=None)
    tables.show(pl.DataFrame({"n": [3]}), key="person_hits", person_col=None)


def test_a_person_pages_csv_names_the_person(demo, monkeypatch):
    import streamlit

    names: list[str] = []
    real = streamlit.download_button

    def recording(*args, **kwargs):
        names.append(kwargs["file_name"])
        return real(*args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recording)
    at = AppTest.from_function(_person_table, default_timeout=60)
    at.session_state["lang"] = "English"
    at.query_params["employee"] = "E000014"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    raters, hits = names
    assert raters.startswith("perflens_") and raters.endswith("_person_E000014_raters_en.csv")
    assert hits.endswith("_person_hits_en.csv")  # the search's hits: not one person's


@pytest.mark.parametrize(
    ("key", "person", "name"),
    [
        ("person_raters", "E000014", "perflens_person_E000014_raters.csv"),
        ("person_as_rater_E000014", "E000014", "perflens_person_E000014_as_rater.csv"),
        ("person_raters", None, "perflens_person_raters.csv"),
        ("raters_kappa", "E000014", "perflens_raters_kappa.csv"),
    ],
)
def test_the_default_csv_name(key, person, name):
    from ui.tables import default_csv_name

    assert default_csv_name(key, person) == name
