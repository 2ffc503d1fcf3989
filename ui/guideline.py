"""The dataset's own forced-distribution guideline (rev23a item 4): read from its database
(:func:`analytics.findings.scope.guideline_of`), shown on the Distributions page and edited
there by those who may import data (grades and percentages, summing to 100%). Saved, it moves
the data version on, so the guideline sections, the overview, the exports and every cache are
computed with it."""

from __future__ import annotations

import streamlit as st

from analytics.calibration.fit import guideline_text
from analytics.findings.scope import Scope, guideline_of
from analytics.stats.distributions import GuidelineError, check_guideline
from analytics.store.settings import write_guideline
from ui import cache
from ui.auth import current_viewer
from ui.i18n import t

__all__ = ["current", "editor", "parse_rows", "start_text"]


def current(version: str) -> tuple[dict[str, float] | None, list[str]]:
    """The dataset's guideline (None: its grades are not S-D and no shares were entered yet)
    and its grades, best first."""
    return guideline_of(cache.scope_data(Scope(), version))


def start_text(version: str) -> tuple[str, str | None]:
    """The new meeting's guideline field's start, as its value and its placeholder: the
    dataset's guideline as the value; without one, an empty field whose placeholder shows the
    grades with the shares to fill in (rev33a finding 7: "优秀 %, 良好 %, …" was the value, to
    be overwritten)."""
    guideline, grades = current(version)
    if guideline is not None:
        return guideline_text(guideline), None
    return "", ", ".join(f"{g} %" for g in grades)


def parse_rows(rows: list[tuple[str, float | None]]) -> dict[str, float]:
    """The editor's rows (grade, percent; empty grades skipped) as shares, checked
    (:class:`GuidelineError`: ``duplicate``, ``empty``, ``negative``, ``sum``)."""
    named = [(str(g).strip(), p) for g, p in rows if str(g or "").strip()]
    seen: set[str] = set()
    twice = sorted({g for g, _ in named if g in seen or seen.add(g)})
    if twice:
        raise GuidelineError("duplicate", grades=twice)
    unread = [g for g, p in named if p is None]
    if unread:
        raise GuidelineError("negative", grades=unread)
    return check_guideline({g: float(p) / 100 for g, p in named})


def editor(version: str) -> tuple[dict[str, float] | None, list[str]]:
    """Draw the guideline line and, for those who may import, its editor (open while no shares
    are set); returns :func:`current`."""
    guideline, grades = current(version)
    words = guideline_text(guideline) if guideline else t("guideline.not_set")
    if not current_viewer().may_write:
        st.caption(t("guideline.readonly", guideline=words))
        return guideline, grades
    shares = guideline or {}
    # keyed (a notice above must not collapse the editor); the key names whether a
    # guideline is set, so the editor still opens by itself while none is
    with st.expander(
        t("guideline.edit"), expanded=guideline is None, key=f"gl_edit_{guideline is None}"
    ):
        st.caption(t("guideline.intro"))
        rows = []
        for i, grade in enumerate(grades, start=1):
            c1, c2 = st.columns(2)
            name = c1.text_input(t("guideline.grade", i=i), grade, key=f"gl_grade_{i}")
            share = shares.get(grade)
            pct = c2.number_input(
                t("guideline.share"),
                min_value=0.0,
                max_value=100.0,
                value=None if share is None else round(share * 100, 4),
                step=1.0,
                key=f"gl_share_{i}",
            )
            rows.append((name, pct))
        saved = st.button(t("guideline.save"), key="gl_save")
        if saved:
            try:
                new = parse_rows(rows)
            except GuidelineError as exc:
                st.error(t(f"guideline.{exc.code}", **exc.params))
            else:
                with cache.writing() as con:
                    changed = write_guideline(con, new)
                if changed:
                    cache.clear()
                    st.session_state["gl_saved"] = guideline_text(new)
                    st.rerun()
                st.info(t("guideline.unchanged"))
    if st.session_state.pop("gl_saved", None):
        st.success(t("guideline.saved", guideline=words))
    return guideline, grades
