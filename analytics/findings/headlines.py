"""The headline findings of a scope: the counts that matter for the calibration meeting, as
codes with parameters (the overview page lists them with a link; the printed packet opens with
them). One place decides what a headline says, so the screen and the paper agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

__all__ = ["HEADLINE_SECTIONS", "Headline", "headlines"]

#: the sections the headlines read
HEADLINE_SECTIONS = ("raters", "recheck", "guideline_units", "department_shifts", "high_potential")


@dataclass(frozen=True)
class Headline:
    """``code`` (a catalogue entry ``overview.headline_*``), its parameters, and the area of the
    product that shows the evidence (``raters``, ``distributions``, ``attribution``,
    ``potential``)."""

    code: str
    area: str
    params: dict = field(default_factory=dict)


def headlines(sections: Mapping[str, pl.DataFrame | None]) -> list[Headline]:
    """The headlines that the given sections support, in reading order (a missing or empty
    section gives none of its headlines)."""
    out: list[Headline] = []
    raters = sections.get("raters")
    if raters is not None and raters.height:
        flags = raters.explode("flags")["flags"]
        out.append(
            Headline(
                "overview.headline_raters",
                "raters",
                {
                    "lenient": int((flags == "lenient").sum()),
                    "severe": int((flags == "severe").sum()),
                },
            )
        )
    recheck = sections.get("recheck")
    if recheck is not None:
        out.append(Headline("overview.headline_recheck", "raters", {"n": recheck.height}))
    guide = sections.get("guideline_units")
    if guide is not None and guide.height:
        dev = guide.filter(pl.col("significant"))
        out.append(
            Headline(
                "overview.headline_guideline",
                "distributions",
                {
                    "n": dev.height,
                    "moves": int(dev["people_to_move"].sum() or 0),
                    "inflated": guide.filter(pl.col("direction") == "inflated").height,
                    "deflated": guide.filter(pl.col("direction") == "deflated").height,
                },
            )
        )
    shifts = sections.get("department_shifts")
    if shifts is not None and shifts.height:
        out.append(
            Headline(
                "overview.headline_shift", "attribution", {"n": int(shifts["significant"].sum())}
            )
        )
    hipo = sections.get("high_potential")
    if hipo is not None:
        out.append(Headline("overview.headline_hipo", "potential", {"n": hipo.height}))
    return out
