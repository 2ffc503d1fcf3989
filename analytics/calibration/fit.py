"""The session's grades against the guideline, live, and the guideline what-if.

Both reuse the statistics of :mod:`analytics.stats.distributions`: the live fit is
:func:`~analytics.stats.distributions.guideline_fit_grades` of the final grades (signed excess
per grade = ``diff_count`` / ``diff_share``, ``people_to_move`` with its reference range
``move_median`` .. ``move_p90``); the what-if hands out the guideline's target counts
(:func:`~analytics.stats.distributions.guideline_targets`, the same largest-remainder
allocation) down the rater-adjusted ranking; the step-wise moves (:func:`stepwise_moves`)
move only the people at the boundaries of grades over or under their targets, one grade each,
chosen by the same adjusted scores.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

from analytics.calibration.moves import Refused
from analytics.stats.distributions import guideline_fit_grades, guideline_targets

__all__ = [
    "FIT_COLUMNS",
    "WHAT_IF_COLUMNS",
    "example_guideline",
    "guideline_text",
    "live_fit",
    "parse_guideline",
    "start_counts",
    "stepwise_moves",
    "what_if",
]


#: one grade's share in a guideline: "S 10%", "S=10%", "S：10%" or, as before, "S=0.1"
_SHARE = re.compile(r"^\s*(.+?)\s*(?:[=:：]\s*|\s+)(\d*\.?\d+)\s*([%％]?)\s*$")


def parse_guideline(text: str, grades: Sequence[str] = ()) -> dict[str, float]:
    """``"S 10%, A 20%, B 50%, C 15%, D 5%"`` (best grade first, as :func:`guideline_text`
    writes it; ``=`` or ``:`` between grade and share accepted) or the older fractions
    ``"S=0.1,A=0.2,B=0.5,C=0.15,D=0.05"``; the shares sum to 100% (10% as a bare ``10`` is
    not read). :class:`~.moves.Refused` ``bad_guideline`` otherwise (``no_guideline`` for an
    empty text), its example written in ``grades`` (the dataset's, best first: 优秀 15%,
    良好 35% …), else in S/A/B/C/D."""
    if not text.strip():  # left empty: asked for, with how it is written
        raise Refused("no_guideline", example=example_guideline(grades))
    shares: dict[str, float] = {}
    for part in re.split(r"[,，;；、]", text):
        if not part.strip():
            continue
        match = _SHARE.match(part)
        if match is None or match[1] in shares:
            raise Refused("bad_guideline", text=text, example=example_guideline(grades))
        shares[match[1]] = float(match[2]) / (100 if match[3] else 1)
    if not shares or abs(sum(shares.values()) - 1.0) > 1e-6:
        raise Refused("bad_guideline", text=text, example=example_guideline(grades))
    return shares


#: example shares (percent, best grade first) by the number of grades; others: about equal
_EXAMPLE_SHARES = {
    2: (50, 50),
    3: (20, 60, 20),
    4: (15, 35, 40, 10),
    5: (10, 20, 50, 15, 5),
    6: (5, 15, 30, 30, 15, 5),
}


def example_guideline(grades: Sequence[str] = ()) -> str:
    """A guideline to show how one is written, in ``grades`` (best first) when given
    (rev28a item 7: the example named S/A/B/C/D to a dataset of 优秀/良好/合格/待改进)."""
    grades = list(grades) or ["S", "A", "B", "C", "D"]
    n = len(grades)
    pct = _EXAMPLE_SHARES.get(n)
    if pct is None:  # whole percents, the rest on the middle grade: they sum to 100
        pct = [100 // n] * n
        pct[n // 2] += 100 - sum(pct)
    return guideline_text({g: p / 100 for g, p in zip(grades, pct, strict=True)})


def guideline_text(shares: Mapping[str, float]) -> str:
    """A guideline as people write it and :func:`parse_guideline` reads it back:
    ``"S 10%, A 20%, B 50%, C 15%, D 5%"`` (12.5% kept as 12.5%)."""
    return ", ".join(f"{g} {round(v * 100, 4):g}%" for g, v in shares.items())


#: the live fit's columns a meeting reads (one row per guideline grade, best first)
FIT_COLUMNS = (
    "grade",
    "count",
    "share",
    "expected_share",
    "target_count",
    "diff_count",
    "diff_share",
    "people_to_move",
    "move_median",
    "move_p90",
)


def live_fit(grades: pl.DataFrame, guideline: Mapping[str, float], column: str = "final"):
    """The distribution of ``column`` (the final grades; people without one are left out)
    against the guideline: :data:`FIT_COLUMNS`, one row per grade. ``diff_count`` is the
    signed excess (people above the guideline's target count, negative: missing), and
    ``people_to_move`` the fewest grade changes that reach the targets, beside
    ``move_median`` / ``move_p90``: what a unit of this size that follows the guideline shows
    by chance (the reference range)."""
    frame = grades.select(pl.col(column).alias("grade"), pl.lit(0.0).alias("score"))
    return guideline_fit_grades(frame, None, guideline).select(FIT_COLUMNS)


WHAT_IF_COLUMNS = (
    "employee_id",
    "rank",
    "adjusted",
    "ci95_low",
    "ci95_high",
    "current_grade",
    "what_if_grade",
    "move_direction",
    "boundary_score",
    "boundary_distance",
    "z",
    "close_call",
    "tied",
)


def _tied_at_cuts(score: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Per position of ``score`` (sorted, best first): how many others share its score where
    that tie straddles a grade cut (some of them on each side of it), else -1 (null). Why
    (rev32b item 3): 1036, 1050 and 1058 all scored 76 with 13 places in Exceeds; only 1058,
    last by id, moved down, "Close call: No, 0.0 away": the order chose, not the meeting."""
    tied = np.full(score.size, -1, dtype=np.int64)
    for c in cuts:
        if score[c - 1] != score[c]:
            continue
        group = np.flatnonzero(score == score[c])
        tied[group] = group.size - 1
    return tied


def what_if(
    adjusted: pl.DataFrame,
    current: pl.DataFrame,
    guideline: Mapping[str, float],
    column: str = "final",
) -> pl.DataFrame:
    """The guideline applied to the rater-adjusted ranking of the people in scope.

    ``adjusted``: one row per person (``employee_id, adjusted, se, ci95_low, ci95_high``: the
    ``adjusted`` part); ``current``: ``employee_id`` and their grade now (``column``). People
    are ranked by adjusted score, best first (ties by id, and then 0 apart from the boundary
    between them); the first ``target[S]`` get S, the next ``target[A]`` A, and so on
    (``guideline_targets``: the largest-remainder counts of the guideline fit).

    Returns :data:`WHAT_IF_COLUMNS` (below, by their short names): ``direction`` ``up`` / ``down`` / ``same`` (the what-if
    grade against the current one; ``same`` when there is no current grade to compare),
    ``boundary`` the nearest grade boundary on the adjusted scale (the midpoint between the
    last person of a grade and the first of the next), ``distance = adjusted - boundary``,
    ``z = distance / se``, and ``close_call`` when the boundary lies inside the person's 95%
    interval: the ranking cannot tell which side they belong on. ``tied``: how many others
    share the person's score where that tie straddles a grade cut (null otherwise); they are
    close calls too, and which of them takes the guideline's last places is the meeting's
    choice (the what-if grade among them follows the order by id only). Sorted: the moves first,
    close calls first within them, then by ``|z|``. People without an adjusted score are
    left out (no ratings to rank them by).
    """
    grades = list(guideline)
    order = {g: i for i, g in enumerate(grades)}
    ranked = (
        adjusted.select("employee_id", "adjusted", "se", "ci95_low", "ci95_high")
        .filter(pl.col("adjusted").is_not_null() & pl.col("adjusted").is_not_nan())
        .join(
            current.select("employee_id", pl.col(column).alias("current")),
            on="employee_id",
            how="inner",
        )
        .sort(["adjusted", "employee_id"], descending=[True, False])
    )
    n = ranked.height
    if n == 0:
        return pl.DataFrame(schema=dict.fromkeys(WHAT_IF_COLUMNS, pl.String)).head(0)
    targets = guideline_targets(n, guideline)
    labels = np.repeat(np.asarray(grades, dtype=object), [targets[g] for g in grades])
    score = ranked.get_column("adjusted").to_numpy()
    cuts = np.cumsum([targets[g] for g in grades])[:-1]  # first position of the next grade
    cuts = np.unique(cuts[(cuts > 0) & (cuts < n)])
    mids = (score[cuts - 1] + score[cuts]) / 2.0 if cuts.size else np.array([])
    pos = np.arange(n)
    if cuts.size:
        # the boundary just above a person (the last cut at or before them) and just below
        above = np.searchsorted(cuts, pos, side="right") - 1
        below = above + 1
        d_above = np.where(above >= 0, np.abs(score - mids[np.maximum(above, 0)]), np.inf)
        d_below = np.where(
            below < cuts.size, np.abs(score - mids[np.minimum(below, cuts.size - 1)]), np.inf
        )
        nearest = np.where(
            d_above <= d_below, mids[np.maximum(above, 0)], mids[np.minimum(below, cuts.size - 1)]
        )
    else:
        nearest = np.full(n, np.nan)
    out = ranked.with_columns(
        pl.Series("rank", pos + 1, dtype=pl.Int64),
        pl.Series("what_if", labels, dtype=pl.String),
        pl.Series("boundary", nearest, dtype=pl.Float64).fill_nan(None),
        pl.Series("tied", _tied_at_cuts(score, cuts), dtype=pl.Int64),
    ).with_columns(
        distance=pl.col("adjusted") - pl.col("boundary"),
        tied=pl.when(pl.col("tied") >= 0).then(pl.col("tied")),
    )
    cur = pl.col("current").replace_strict(order, default=None, return_dtype=pl.Int64)
    new = pl.col("what_if").replace_strict(order, default=None, return_dtype=pl.Int64)
    out = out.with_columns(
        z=pl.when(pl.col("se") > 0).then(pl.col("distance") / pl.col("se")),
        close_call=pl.col("boundary")
        .is_between(pl.col("ci95_low"), pl.col("ci95_high"))
        .fill_null(False)
        | pl.col("tied").is_not_null(),
        direction=pl.when(cur.is_null())
        .then(pl.lit("same"))
        .when(new < cur)
        .then(pl.lit("up"))
        .when(new > cur)
        .then(pl.lit("down"))
        .otherwise(pl.lit("same")),
    )
    return (
        out.sort(
            [pl.col("direction") == "same", ~pl.col("close_call"), pl.col("z").abs(), "rank"],
            nulls_last=True,
        )
        .rename(
            {
                "current": "current_grade",
                "what_if": "what_if_grade",
                "direction": "move_direction",
                "boundary": "boundary_score",
                "distance": "boundary_distance",
            }
        )
        .select(WHAT_IF_COLUMNS)
    )


def stepwise_moves(
    adjusted: pl.DataFrame, current: pl.DataFrame, guideline: Mapping[str, float]
) -> pl.DataFrame:
    """The guideline reached one grade step at a time from ``current``'s grades (``final``):
    ``employee_id, grade`` of the people moved. Boundary by boundary (S|A, A|B, ...), as many
    people cross it as the grades above hold more (or fewer) than their targets: of the grade
    above, the lowest adjusted scores go down one grade; of the grade below, the highest go up
    one. Passes repeat until every boundary holds (a person crosses two only when a grade
    between is empty, or when the adjusted scores put a newcomer at the boundary again).

    Why not exactly the live fit's ``people_to_move`` (the fewest changes by count, the
    packet's "N people to move"): with inflated top grades those fewest changes send the lowest
    A straight to C past every B (a count-minimal matching of excess to missing places), which
    no meeting would take as a proposal. These moves keep each grade's order by adjusted score
    at its boundaries and change every grade by one step; they number at least
    ``people_to_move``. A person without an adjusted score ranks at the grade's median; people
    without a grade the guideline names are left alone."""
    grades = list(guideline)
    empty = pl.DataFrame(schema={"employee_id": pl.String, "grade": pl.String})
    people = (
        current.select("employee_id", pl.col("final").alias("grade"))
        .filter(pl.col("grade").is_in(grades))
        .join(adjusted.select("employee_id", "adjusted"), on="employee_id", how="left")
    )
    if people.is_empty():
        return empty
    targets = guideline_targets(people.height, guideline)
    above_target = np.cumsum([targets[g] for g in grades])
    people = people.with_columns(
        pl.col("adjusted").fill_nan(None).fill_null(pl.col("adjusted").median().over("grade")),
        at=pl.col("grade").replace_strict(
            {g: i for i, g in enumerate(grades)}, return_dtype=pl.Int32
        ),
    )
    ids, score = people["employee_id"].to_numpy(), people["adjusted"].fill_null(0.0).to_numpy()
    at = people["at"].to_numpy().copy()
    # by adjusted score, ties by id: the order in which a grade's people reach its boundaries
    rank = np.lexsort((ids, score))
    for _ in range(len(grades) ** 2):  # a handful of grades; each pass moves across each boundary
        moved = False
        for b in range(len(grades) - 1):
            flow = int((at <= b).sum() - above_target[b])
            if flow > 0:  # the grade above holds too many: its lowest go down one
                mine = rank[at[rank] == b][:flow]
                at[mine] = b + 1
            elif flow < 0:  # too few above: the highest of the grade below go up one
                mine = rank[at[rank] == b + 1][::-1][:-flow]
                at[mine] = b
            else:
                continue
            moved = moved or len(mine) > 0
        if not moved:
            break
    out = people.with_columns(to=pl.Series(at, dtype=pl.Int32)).filter(pl.col("to") != pl.col("at"))
    return out.select(
        "employee_id", pl.col("to").replace_strict(dict(enumerate(grades))).alias("grade")
    ).sort("employee_id")


def start_counts(grades: pl.DataFrame, guideline: Mapping[str, float]) -> tuple[int, int]:
    """A session start's two numbers (``grades``: the session's ``imported`` and ``proposed``
    grades): how many grades the start changed, and the fewest changes that bring the imported
    grades to ``guideline`` (the live fit's ``people_to_move``, the packet's count)."""
    changed = grades.filter(pl.col("proposed").ne_missing(pl.col("imported"))).height
    fit = live_fit(grades, guideline, "imported")
    fewest = fit["people_to_move"].drop_nulls()
    return changed, int(fewest[0]) if fewest.len() else 0
