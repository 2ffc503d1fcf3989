"""At a 1280 px window the tables whose columns do not all fit keep the ones that answer their
question (review of issue 19, M1): which way a unit is off and how many people would move,
the reasons of the high-potential list, a rater's status and effect with its interval, a
department shift with its interval and status."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.findings.sections import GUIDELINE_DIRECTION_COLUMNS
from analytics.findings.units import Unit
from analytics.stats.potential import HIGH_POTENTIAL_COLUMNS, HIGH_POTENTIAL_DETAIL
from analytics.text import render_frame
from ui import tables
from ui.consistency import RATER_TABLE_COLUMNS

MIXED = Unit("mixed")


def _frame(columns: tuple[str, ...] | list[str], values: dict) -> pl.DataFrame:
    """Two rows: a column's value from ``values``, else a float such as an estimate."""
    return pl.DataFrame({c: [values.get(c, -0.123456)] * 2 for c in columns})


GUIDE = _frame(
    GUIDELINE_DIRECTION_COLUMNS,
    {
        "unit": "销售中心/华东区",
        "cycle_id": "2025Q4",
        "n": 424,
        "direction": "inflated",
        "people_to_move": 62,
        "move_median": 14,
        "move_p90": 21,
        "top_grades": 130,
        "bottom_grades": 20,
    },
).with_columns(significant=pl.lit(True))
HIPO = _frame(
    [c for c in HIGH_POTENTIAL_COLUMNS if c not in HIGH_POTENTIAL_DETAIL],
    {
        "rank": 1,
        "employee_id": "E001234",
        "box": 9,
        "box_label": "star",
        "box_certainty": "clear",
        "n_cycles": 3,
        "peer_group": "销售中心/华东区/华东一组",
        "reasons": ["绩效处于同组前 5%", "近 3 个周期持续上升"],
    },
).with_columns(name=pl.lit("王敏洋"))
RATERS = _frame(
    tuple(c for c in RATER_TABLE_COLUMNS if c != "pattern_reason"),  # the rater page's table
    {
        "rater_id": "E000209",
        "main_role": "manager",
        "n": 120,
        "n_ratees": 12,
        "status": "flagged",
        "flags": ["lenient", "halo"],
        "fdr_flag": "lenient",
        "status_reason": "fitted",
    },
)
SHIFTS = _frame(
    (
        "dept",
        "from_cycle",
        "to_cycle",
        "n",
        "department",
        "ci95_low",
        "ci95_high",
        "p_holm",
        "company",
        "company_ci95_low",
        "company_ci95_high",
        "holm_significant",
        "listed_shift",
        "rater_change_share",
        "confounded_with_rater_change",
    ),
    {
        "dept": "销售中心",
        "from_cycle": "2025Q3",
        "to_cycle": "2025Q4",
        "n": 424,
        "holm_significant": True,
        "listed_shift": True,
        "confounded_with_rater_change": False,
    },
)
# key, frame, the share of the page the table has, the columns that must show
CASES = [
    ("dist_guideline_table", GUIDE, 1.0, ("unit", "direction", "top_excess", "people_to_move")),
    ("pot_hipo", HIPO, 0.6, ("rank", "employee_id", "name", "reasons")),
    ("raters_flagged", RATERS, 1.0, ("rater_id", "status", "flags", "effect", "ci95_low")),
    (
        "attr_shifts",
        SHIFTS,
        1.0,
        ("dept", "department", "ci95_low", "ci95_high", "holm_significant", "listed_shift"),
    ),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("key", "frame", "share", "wanted"), CASES, ids=[c[0] for c in CASES])
def test_priority_columns_are_kept(key, frame, share, wanted, lang) -> None:
    shown = render_frame(frame, lang)
    keep = [c for c in ("employee_id", "name") if c in shown.columns]
    first = [*keep, *tables.PRIORITY[key]]
    config, _ = tables.fit(shown, tables.column_config(shown, lang, MIXED), share, first)
    hidden = [c for c in wanted if config[c].get("hidden")]
    assert not hidden, f"{key} ({lang}) hides {hidden}"
