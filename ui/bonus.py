"""The bonus pool section of the session page (pages/meeting.py): the scheme (grade
coefficients or ranking), the pool, the coefficients, a column of the export as the base
amount (a salary, or a band with its amounts), then the tables before and after the session's
moves, cached on the session's version and the parameters."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.calibration import bonus, original, pool
from analytics.calibration.moves import Refused
from analytics.calibration.sessions import Session
from ui import cache, tables
from ui.i18n import choose, t

__all__ = ["section"]


@st.cache_data(max_entries=32, show_spinner=False)
def _tables(key: tuple, params: tuple, _people: pl.DataFrame, order: tuple):
    """``params``: pool, coefficients, scheme, base column, bands (all in the cache key)."""
    pool_total, coefficients, scheme, base, _bands = params
    return bonus.session_bonus(
        _people,
        pool_total,
        dict(coefficients),
        scheme=scheme,
        order=order,
        base="base" if base else None,
    )


def section(session: Session, path: str, lang: str) -> None:
    """The bonus pool: choices, the per-department and per-person tables, what was spent."""
    st.subheader(t("cs.bonus"))
    c1, c2, c3 = st.columns(3)
    scheme = c1.radio(
        t("cs.scheme"),
        bonus.SCHEMES,
        format_func=lambda v: t(f"calib.scheme.{v}", lang),
        horizontal=True,
        key="cs_scheme",
    )
    total = c2.number_input(t("cs.pool"), min_value=0.0, value=100000.0, step=1000.0, key="cs_pool")
    # the pool's currency: the one entered, else the catalogue's default, said which (rev21)
    currency = c2.text_input(t("cs.currency"), "", key="cs_currency").strip()
    # the default keyed to the session's own grades: best 2 ... worst 0 (rev23a item 9)
    coef_text = bonus.coefficient_text(bonus.default_coefficients(session.grades_allowed))
    if scheme == "grade":
        coef_text = c3.text_input(
            t("cs.coefficients"), coef_text, key=f"cs_coef_{session.row['session_id']}"
        )
    own = original.load(path, session)
    columns = pool.base_columns(own)
    c4, c5 = st.columns(2)
    base = c4.selectbox(
        t("cs.base"),
        [None, *columns],
        format_func=lambda v: t("cs.base_none", lang) if v is None else v,
        key="cs_base",
        placeholder=choose(),
    )
    bands_text = c5.text_input(t("cs.bands"), "", key="cs_bands") if base else ""
    try:
        coefficients = bonus.parse_coefficients(coef_text)
        bands = bonus.parse_coefficients(bands_text) if bands_text.strip() else None
        people = pool.bonus_people(path, session, own, base, bands)
        key = (cache.db_path(), session.row["session_id"], int(session.row["version"]))
        coef = tuple(coefficients.items())
        params = (float(total), coef, scheme, base, tuple((bands or {}).items()))
        totals, changes = _tables(key, params, people, tuple(session.grades_allowed))
    except Refused as exc:
        st.warning(exc.message(lang))
        return
    st.caption(
        t(
            "cs.bonus_spent",
            after=float(totals["bonus_after"].sum()),
            pool=float(total),
            n=people.height,
            currency=currency or t("calib.currency_default"),
            which="entered" if currency else "default",
        )
    )
    tables.show(totals, key="cs_bonus_dept", person_col=None)
    if changes.height:  # who, grade before and after, amount before and after (left32)
        moved = changes.filter(pl.col("imported_grade").ne_missing(pl.col("final_grade")))
        st.markdown(f"**{t('cs.bonus_people')}**")
        st.caption(t("cs.bonus_people_note", n=changes.height, moved=moved.height))
        tables.show(changes, key="cs_bonus_people", person_col="employee_id")
    else:  # nobody's amount moved: said why (not "no data" under the table above, rev19d)
        moved = people.filter(pl.col("final").ne_missing(pl.col("imported"))).height
        st.caption(t("cs.bonus_same" if moved else "cs.bonus_no_changes"))
