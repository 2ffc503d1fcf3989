"""The keys that the sidebar binds to the address, and the session's keys that go with them,
in one place. Each sidebar widget's key is its query parameter (``?lang=``, ``?cycle=``,
``?dept=`` ...), so a copied address reopens the same view.

Read by :mod:`ui.state` (the filters, a drill, the person shown), :mod:`ui.carry` (the
parameters carried across a page change) and :mod:`ui.datasets` (what a switch of dataset
clears). Why a module of names only: the entry imports :mod:`ui.carry` before any heavy
module, and :mod:`ui.cache` (which :mod:`ui.state` imports) imports :mod:`ui.datasets`; the
lists were written out in ``ui.carry`` and ``ui.datasets`` apart (issue 19, rev34b).
"""

from __future__ import annotations

__all__ = [
    "DRILLED_KEY",
    "FILTER_KEYS",
    "FILTER_PARAMS",
    "LANG_PARAM",
    "LAST_PERSON_KEY",
    "PERSON_KEY",
    "SIDEBAR_PARAMS",
]

#: the language switch's key and query parameter (every page's sidebar)
LANG_PARAM = "lang"
#: each sidebar filter: its field of the scope -> its widget's key and query parameter
FILTER_KEYS = {
    "cycles": "cycle",
    "department": "dept",
    "team": "team",
    "level": "level",
    "job_family": "family",
    "rater_role": "role",
}
#: the sidebar filters' query parameters
FILTER_PARAMS = tuple(FILTER_KEYS.values())
#: every query parameter the sidebar binds: the language switch's and the filters'
SIDEBAR_PARAMS = (LANG_PARAM, *FILTER_PARAMS)
#: session-state key: the cycles a drill picked with a unit (``ui.state.drill``)
DRILLED_KEY = "_drilled_cycles"
#: ``?employee=``: the person the person page shows (every route into a person sets it)
PERSON_KEY = "employee"
#: session-state key: the person the person page showed last (the attribution page opens on them)
LAST_PERSON_KEY = "_person_shown"
