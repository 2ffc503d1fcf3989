"""The counts of the managers compared with the anonymous peer panel
(:func:`analytics.stats.raters_panel.panel_leniency`) in words: the rater page and the
overview's headline say the same ones."""

from __future__ import annotations

import polars as pl

from analytics.text import phrase_value

__all__ = ["PANEL_FLAGS", "panel_count_parts"]

#: ``flag`` of a flagged row, the rater model's words: the whole interval beyond the threshold,
#: or only significant and beyond it ("likely"; rev25b item 4)
PANEL_FLAGS = ("lenient", "severe", "likely_lenient", "likely_severe")


def panel_count_parts(panel: pl.DataFrame, rest: bool = True) -> list[dict[str, object]]:
    """The counts of ``panel`` as clauses (``raters.panel_n_*``, a count of 0 left out): each
    flag, then with ``rest`` the clear and those with too few ratees."""
    flag, status = panel["flag"], panel["status"]
    counts = [(f"raters.panel_n_{f}", int((flag == f).sum())) for f in PANEL_FLAGS]
    if rest:
        counts += [
            ("raters.panel_n_clear", int((status == "clear").sum())),
            ("raters.panel_n_few", int((status == "too_few").sum())),
        ]
    return [phrase_value(code, n=n) for code, n in counts if n]
