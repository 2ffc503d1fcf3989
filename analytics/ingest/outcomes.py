"""The outcomes table of a file: final scores (on their own scale), grades (and the grade scale
they belong to), potential, calibrated. A file repeating a person's outcome on every rater's
row states one fact; a different one conflicts."""

from __future__ import annotations

import unicodedata

import polars as pl

from analytics import schema as S
from analytics.ingest.detect import Detection
from analytics.ingest.headers import ROLE_SCORE_FIELDS
from analytics.ingest.mapping import Mapping
from analytics.ingest.problems import Context, Notice, problem_rows, score_problem_rows
from analytics.ingest.readers import ROW
from analytics.ingest.scales import grade_labels, normalise_scores


def outcome_columns(base: pl.DataFrame) -> set[str]:
    """The outcome columns a table carries (as ``outcomes_frame`` reads them): the final score
    (or a lone score with no rater), grade, potential, calibrated."""
    out = {f for f in ("grade", "potential", "calibrated") if f in base.columns}
    if "final_score" in base.columns or (
        "score" in base.columns and "rater_id" not in base.columns
    ):
        out |= {"final_score_raw", "final_score"}
    return out


def grade_column_line(outcomes: pl.DataFrame, column: str, file: str) -> list[Notice]:
    """The grade scale a grade column's labels belong to, said like a score's scale: the one
    holding them all, or every one that does (the grades are stored as written; the scale is
    what the guideline check reads them on); a warning when no known scale holds them."""
    labels = {S.grade_key(g) for g in outcomes.get_column("grade").drop_nulls().unique().to_list()}
    fits = [n for n, labs in S.GRADE_KEYS.items() if labels and labels <= set(labs)]
    whole = [n for n in fits if len(S.GRADE_SCALES[n]) == len(labels)]
    fits = whole if len(whole) == 1 else fits
    if not fits:
        if not labels:
            return []
        shown = sorted(outcomes.get_column("grade").drop_nulls().unique().to_list())[:6]
        known = [grade_labels(n) for n in S.GRADE_SCALES]
        return [
            (
                "grade_column_no_scale",
                {"file": file, "column": column, "labels": shown, "known": known},
            )
        ]
    scales = [grade_labels(n) for n in fits]
    said: list[Notice] = [
        ("grade_column_scale", {"file": file, "column": column, "scales": scales})
    ]
    if len(fits) == 1 and len(labels) < len(S.GRADE_SCALES[fits[0]]):
        # the grades the file uses, as it writes them: not only a scale of five it does not
        # all use (rev32b item 8: Exceeds/Meets/Partially Meets/Does Not Meet was said as
        # "Outstanding/Exceeds Expectations/.../Does Not Meet Expectations" alone)
        keys = list(S.GRADE_KEYS[fits[0]])
        written = outcomes.get_column("grade").drop_nulls().unique().to_list()
        used = sorted(written, key=lambda g: (keys.index(S.grade_key(g)), g))
        params = {"file": file, "column": column, "scales": scales, "used": "/".join(used)}
        said[0] = (
            "grade_column_scale_some",
            params | {"n": len(labels), "k": len(S.GRADE_SCALES[fits[0]])},
        )
    # the code's default guideline (S 10% ... D 5%) applies only where an S is recorded and
    # every grade is S-D (distributions.dataset_guideline): other grades have none until one
    # is set, which the note listing A/B/C/D/E did not say (left30 item 2)
    if not ("S" in labels and labels <= set(S.GRADE_KEYS["SABCD"])):
        said.append(("grade_column_no_guideline", {"file": file, "column": column}))
    return said


def is_record_table(det: Detection) -> bool:
    """Whether each row of the table is a person's whole record of a cycle (a results table
    with one rater a person, a wide-by-source table, a results-only table): a second row of
    the same person and cycle is then a second record, not another rater's row."""
    if "outcomes" not in det.tables:
        return False
    # a table with rows of its own per person (KPIs, appeals) repeats the outcome on each
    results_only = not {"reviews", "kpi_results", "appeals"} & set(det.tables)
    return bool(
        det.rater_is_manager or det.total_column or det.shape == "wide_role" or results_only
    )


def repeated_records(
    base: pl.DataFrame, det: Detection, src_of: dict[str, str], ctx: Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """A record table (:func:`is_record_table`) without the rows that repeat a person and
    cycle of an earlier row with other values (outcome, rater, scores): the first row is kept
    and the later row is quarantined whole (``conflicting_record``, naming the first row), so
    none of its cells loads anywhere (ratings, rater, outcome, name: rev24a item 2, whose
    duplicate's rating and rater still counted after the message said the first row was
    kept). A row repeating the first exactly is left to the tables' own rules (one fact);
    other tables are returned as they are (:func:`outcomes_frame` quarantines an outcome
    that differs between two raters' rows, and the ratings load)."""
    if not is_record_table(det) or "cycle_id" not in base.columns:
        return base, []
    fields = [c for c in ("final_score", "grade", "potential", "calibrated") if c in base.columns]
    if not fields:
        return base, []
    values = [
        *fields,
        *(c for c in ("score", "rater_id", "manager_id", *ROLE_SCORE_FIELDS) if c in base.columns),
        *det.dimension_columns,
    ]
    key = ("cycle_id", "employee_id")
    rows = base.sort(ROW).with_columns(pl.col(ROW).min().over(key).alias("_first"))
    differs = pl.any_horizontal(
        [
            pl.col(c).cast(pl.String).ne_missing(pl.col(c).cast(pl.String).first().over(key))
            for c in values
        ]
    )
    clash = (pl.col(ROW) != pl.col("_first")) & differs
    _said_repeats(rows.filter((pl.col(ROW) != pl.col("_first")) & ~differs), ctx)
    if not rows.select(clash.any()).item():
        return base, []
    label = next((src_of[f] for f in ("grade", "final_score", "potential") if f in src_of), None)
    shown = pl.concat_str(
        [pl.col(c).cast(pl.String) for c in fields], separator=" / ", ignore_nulls=True
    )
    hit = rows.filter(clash)
    problems = [
        problem_rows(
            hit,
            pl.col("_first") == first,
            label or src_of["employee_id"],
            shown,
            "conflicting_record",
            ctx.lang,
            first=str(first),  # a row number, not a count: no thousands separator
        )
        for first in hit.get_column("_first").unique(maintain_order=True).to_list()
    ]
    examples = [f"{e} ({c})" for c, e in hit.select("cycle_id", "employee_id").head(5).iter_rows()]
    ctx.warnings.append(
        ("records_repeated", {"file": ctx.file, "n": hit.height, "examples": examples})
    )
    return base.filter(~pl.col(ROW).is_in(hit.get_column(ROW).implode())), problems


def _said_repeats(same: pl.DataFrame, ctx: Context) -> None:
    """Rows of a record table that repeat an earlier row of their person and cycle exactly are
    one fact, read once; said with their rows, not dropped without a word (a results file's
    two identical rows loaded as one with no line about them: helper B, session 44)."""
    if same.is_empty():
        return
    rows = [
        f"{r} = {f} ({e} {c})"
        for r, f, e, c in same.select(ROW, "_first", "employee_id", "cycle_id").head(5).iter_rows()
    ]
    ctx.warnings.append(
        ("records_repeated_same", {"file": ctx.file, "n": same.height, "rows": rows})
    )


def outcomes_frame(
    base: pl.DataFrame, src_of: dict[str, str], mapping: Mapping, ctx: Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Final scores, grades, potential: a bad final score is quarantined alone, the row's
    grade and potential still load."""
    lang = ctx.lang
    problems: list[pl.DataFrame] = []
    score_field = (
        "final_score"
        if "final_score" in base.columns
        else ("score" if "score" in base.columns and "rater_id" not in base.columns else None)
    )
    cols = {"cycle_id": pl.col("cycle_id"), "employee_id": pl.col("employee_id"), ROW: pl.col(ROW)}
    for f in ("grade", "potential", "calibrated"):
        cols[f] = pl.col(f) if f in base.columns else pl.lit(None, pl.String)
    cols["final_score_raw"] = pl.col(score_field) if score_field else pl.lit(None, pl.String)
    out = base.select([e.alias(k) for k, e in cols.items()])
    out = out.filter(
        pl.any_horizontal(pl.col("final_score_raw", "grade", "potential").is_not_null())
    )
    if score_field:
        # a final score's scale is declared under its column's name (never by "*")
        final = mapping.scales.get(src_of[score_field])
        out, choices = normalise_scores(
            out,
            "final_score_raw",
            ["cycle_id"],
            {S.OVERALL: final} if final is not None else None,
            kind="final",
            book=ctx.book,
            file=ctx.file,
            label=src_of[score_field],
        )
        ctx.scales.extend(choices)
        bad = pl.col("final_score_raw").is_not_null() & pl.col("score").is_null()
        out = out.with_columns(
            pl.when(bad)
            .then(pl.coalesce(pl.col("score_problem"), pl.lit("not_a_score")))
            .alias("score_problem")
        )
        problems.extend(score_problem_rows(out, src_of[score_field], "final_score_raw", lang))
        out = out.with_columns(
            pl.when(bad).then(None).otherwise(pl.col("final_score_raw")).alias("final_score_raw")
        ).rename({"score": "final_score"})
    truthy = ["是", "y", "yes", "true", "1", "已校准", "t"]
    out = out.with_columns(
        pl.when(pl.col("calibrated").is_null())
        .then(None)
        .otherwise(pl.col("calibrated").str.to_lowercase().is_in(truthy))
        .alias("calibrated")
    )
    if "grade" in src_of:
        out = _respelled_grades(out, base, src_of["grade"], ctx)
    # a file with one row per rater repeats the person's grade on each row: the same outcome
    # again is the same fact (kept once, nothing quarantined); a different one conflicts
    key = ("cycle_id", "employee_id")
    fields = [
        c for c in ("final_score_raw", "grade", "potential", "calibrated") if c in out.columns
    ]
    out = out.sort(ROW)
    dup = pl.col(ROW) != pl.col(ROW).min().over(key)
    differs = pl.any_horizontal([pl.col(c).ne_missing(pl.col(c).first().over(key)) for c in fields])
    label = next((src_of[f] for f in ("grade", "final_score", "potential") if f in src_of), None)
    problems.append(
        problem_rows(
            out,
            dup & differs,
            label or src_of["employee_id"],
            pl.concat_str(
                [pl.col(c).cast(pl.String) for c in fields], separator=" / ", ignore_nulls=True
            ),
            "conflicting_outcome",
            lang,
        )
    )
    out = out.filter(~dup)
    if "grade" in src_of:
        out = _odd_grades(out, base, src_of["grade"], ctx, problems)
    ctx.origins["outcomes"] = out.select(pl.col(ROW).alias("_row"))
    return S.OUTCOMES.conform(out), problems


#: at most this many grade cells (or this share of them, when more) may lie outside the scale
#: the others all fit before those few are read as typos (quarantined) rather than as a scale
#: of the company's own
ODD_GRADES_MAX = 3
ODD_GRADES_SHARE = 0.01


def odd_grade_labels(grades: pl.Series) -> list[str]:
    """The grade labels of ``grades`` (one per person and cycle) that are typos on a known
    grade scale: when every other cell fits one scale and these lie outside all the fitting
    scales, in at most :data:`ODD_GRADES_MAX` cells (or :data:`ODD_GRADES_SHARE` of them) and
    in under a tenth of them. Empty when the labels fit a scale whole or are a scale of
    their own (then :func:`grade_column_line` says so)."""
    by_key: dict[str, int] = {}  # each distinct label read once, its cells counted by Polars
    for label, n in grades.drop_nulls().value_counts(name="n").rows():
        key = S.grade_key(label)
        by_key[key] = by_key.get(key, 0) + n
    counts = list(by_key.items())
    total = sum(n for _, n in counts)
    allowed = max(ODD_GRADES_MAX, int(total * ODD_GRADES_SHARE))
    odd_sets = set()
    for labs in S.GRADE_KEYS.values():
        odd = frozenset(k for k, _ in counts if k not in labs)
        if not odd:  # one scale holds every label: a rare S among S-D is no A-E typo (rev44)
            return []
        odd_n = sum(n for k, n in counts if k in odd)
        if len(counts) - len(odd) >= 2 and odd_n <= allowed and odd_n * 10 < total:
            odd_sets.add(odd)
    if len(odd_sets) != 1:  # none, or several scales that each leave other cells out
        return []
    (odd,) = odd_sets
    return sorted({g for g in grades.drop_nulls().unique().to_list() if S.grade_key(g) in odd})


def _odd_grades(
    out: pl.DataFrame, base: pl.DataFrame, column: str, ctx: Context, problems: list
) -> pl.DataFrame:
    """The outcomes with a typo grade (a "B+" among S/A/B/C/D grades) made missing, each such
    cell quarantined with the person and cycle named and said in a warning (rev22): the rest
    of the column is read on its scale; the row's final score and potential still load."""
    odd = odd_grade_labels(out.get_column("grade"))
    if not odd:
        return out
    mask = pl.col("grade").is_in(odd)
    cells = _named_cells(out.filter(mask), base)
    for row, cycle, emp, name, grade in cells.select(
        ROW, "cycle_id", "employee_id", "_name", "grade"
    ).iter_rows():
        problems.append(
            problem_rows(
                cells,
                pl.col(ROW) == row,
                column,
                pl.col("grade"),
                "grade_off_scale",
                ctx.lang,
                grade=grade,
                employee=emp,
                name=name or "",
                cycle=cycle,
            )
        )
    shown = _cells_shown(cells)
    ctx.warnings.append(
        (
            "grade_cells_off_scale",
            {
                "file": ctx.file,
                "column": column,
                "n": cells.height,
                "total": out.get_column("grade").drop_nulls().len(),
                "labels": odd,
                "cells": shown,
            },
        )
    )
    return out.with_columns(pl.when(mask).then(None).otherwise(pl.col("grade")).alias("grade"))


def _named_cells(cells: pl.DataFrame, base: pl.DataFrame) -> pl.DataFrame:
    """``cells`` (outcome rows) with the person's name of their source row (``_name``)."""
    names = (
        base.select(ROW, pl.col("name").cast(pl.String).alias("_name"))
        if "name" in base.columns
        else base.select(ROW, pl.lit(None, pl.String).alias("_name"))
    )
    return cells.join(names, on=ROW, how="left").sort(ROW)


def _cells_shown(cells: pl.DataFrame, after: dict[str, str] | None = None) -> list[str]:
    """The first cells as a warning names them: row, person, cycle, the grade (and what it
    was read as, from ``after``)."""
    return [
        f"{r}: {e} {n or ''} {c} “{g}”{f' → “{after[g]}”' if after else ''}".replace("  ", " ")
        for r, e, n, c, g in cells.select(ROW, "employee_id", "_name", "cycle_id", "grade")
        .head(5)
        .iter_rows()
    ]


def _folded(label: str) -> str:
    """A grade label without what its writer did not mean: width (Ｓ), case (a), spaces."""
    return "".join(unicodedata.normalize("NFKC", label).casefold().split())


#: every grade label of the known scales by its :func:`_folded` spelling
_SCALE_SPELLING = {_folded(g): g for labs in S.GRADE_SCALES.values() for g in labs}


def grade_spellings(grades: pl.Series) -> dict[str, str]:
    """The labels of ``grades`` that are another spelling of one grade (a stray space, another
    case or width), each with the spelling it is read as: a known scale's own, else the
    column's most frequent one. Why: 'a' beside 'A' was stored as a grade of its own, and its
    share column ("share_a") clashed with A's in DuckDB, whose names ignore case: every page
    showing grade shares stopped with an error (helper B, session 44)."""
    counts = grades.drop_nulls().value_counts(name="n", sort=True).rows()
    first: dict[str, str] = {}  # the most frequent spelling of each folded label
    for label, _ in counts:
        first.setdefault(_folded(label), label)
    target = {}
    for label, _ in counts:
        key = _folded(label)
        target[label] = _SCALE_SPELLING.get(key) or first[key]
    return {g: f for g, f in target.items() if f != g}


def _respelled_grades(
    out: pl.DataFrame, base: pl.DataFrame, column: str, ctx: Context
) -> pl.DataFrame:
    """A grade written in another spelling ("良 好", "a" among "A", "Ｂ") is that grade: the
    cell is read as the grade's spelling and each is named in a warning (file and sheet, row,
    person, cycle, column), not quarantined as a typo nor kept as a grade of its own (rev30a
    item 7; session 44). A label that is a grade's short form ("Partially Meets") is left as
    it is."""
    fixed = grade_spellings(out.get_column("grade"))
    if not fixed:
        return out
    cells = _named_cells(out.filter(pl.col("grade").is_in(list(fixed))), base)
    spaces_only = all("".join(g.split()) == f for g, f in fixed.items())
    ctx.warnings.append(
        (
            "grade_spaces_removed" if spaces_only else "grade_respelled",
            {
                "file": ctx.file,
                "column": column,
                "n": cells.height,
                "cells": _cells_shown(cells, fixed),
            },
        )
    )
    return out.with_columns(pl.col("grade").replace(fixed))
