"""Sections that take parameters (a guideline now): computed on demand with any value, stored
at import only for the defaults, cached by the dashboard keyed on the values."""

from __future__ import annotations

import shutil

import polars as pl
import pytest
import streamlit as st
from polars.testing import assert_frame_equal

from analytics.findings import sections
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.stats.distributions import DEFAULT_GUIDELINE

OTHER = {"S": 0.20, "A": 0.30, "B": 0.40, "C": 0.07, "D": 0.03}


def test_another_guideline_is_computed_on_demand(demo_con, monkeypatch):
    lazy = load_scope_lazy(demo_con, Scope())
    stored = lazy.stored_section("guideline_grades")
    assert stored is not None  # the default is stored at import
    asked: list[str] = []
    real = lazy.stored_section
    monkeypatch.setattr(lazy, "stored_section", lambda name, **kw: asked.append(name) or real(name))

    got = sections.compute_section("guideline_grades", lazy, guideline=OTHER)
    assert asked == []  # another guideline is never the stored section
    shares = dict(got.select("grade", "expected_share").unique().iter_rows())
    assert shares == pytest.approx(OTHER)
    default = sections.compute_section("guideline_grades", lazy)
    assert asked == ["guideline_grades"]
    assert dict(default.select("grade", "expected_share").unique().iter_rows()) == pytest.approx(
        DEFAULT_GUIDELINE
    )
    assert_frame_equal(default, stored)
    # the observed counts are the scope's whatever the guideline; the expected ones move
    key = ["unit", "grade"]
    both = got.join(default, on=key, suffix="_d")
    assert both.height == got.height == default.height
    assert (both["count"] == both["count_d"]).all()
    assert not (both["expected_count"] == both["expected_count_d"]).all()
    # the defaults spelled out are the stored section; a parameter a section lacks is an error
    spelled = sections.compute_section("guideline_grades", lazy, guideline=dict(DEFAULT_GUIDELINE))
    assert asked == ["guideline_grades"] * 2
    assert_frame_equal(spelled, stored)
    with pytest.raises(TypeError):
        sections.compute_section("raters", lazy, guideline=OTHER)


def test_the_dashboard_caches_a_section_per_parameter_value(tmp_path, demo_db, monkeypatch):
    from ui import cache

    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    monkeypatch.setenv("PERFLENS_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    calls: list[object] = []
    real = sections.SECTIONS["guideline_units"]

    def counting(data, **params):
        calls.append(params.get("guideline"))
        return real(data, **params)

    monkeypatch.setitem(sections.SECTIONS, "guideline_units", counting)
    try:
        v = cache.version()
        first = cache.section("guideline_units", Scope(), v, guideline=OTHER)
        again = cache.section("guideline_units", Scope(), v, guideline=dict(OTHER))
        assert calls == [OTHER]  # computed once for this value
        assert_frame_equal(first, again)
        default = cache.section("guideline_units", Scope(), v)
        assert calls == [OTHER]  # the default is read from the store
        assert not first["people_to_move"].equals(default["people_to_move"])
        dept = first["unit"][0]
        narrowed = cache.section("guideline_units", Scope(department=dept), v, guideline=OTHER)
        assert calls == [OTHER, OTHER] and narrowed.height >= 1
        assert isinstance(narrowed, pl.DataFrame)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
