"""One employee's record: ratings by cycle/source/dimension, outcomes, appeals, raters."""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

from analytics import schema as S
from analytics.findings.names import with_names
from analytics.findings.units import Unit, convert
from analytics.stats.person_score import dimension_weight
from analytics.stats.potential import carried_forward
from analytics.stats.quantiles import t_quantile
from analytics.stats.raters import MIN_SHARED_RATEES
from analytics.store import db
from analytics.text import phrase, render, render_column, unit_words

__all__ = [
    "RATER_TABLE_COLUMNS",
    "adjusted_lines",
    "adjusted_notes",
    "as_rater_lines",
    "by_dimension",
    "linked_rater_lines",
    "match_people",
    "outcomes_shown",
    "person_frames",
    "potential_line",
    "rank_caution_line",
    "rater_model_line",
    "rater_view",
    "rater_view_line",
    "scales_of",
    "search_people",
    "zero_weight_dimensions",
]


#: the rater table's columns the person page reads (:func:`~analytics.calibration.evidence.
#: raters_of`'s, :func:`linked_rater_lines`' and :func:`as_rater_lines`'): not the whole table
#: (78 columns of 210,001 raters at 40M ratings, session 27)
RATER_TABLE_COLUMNS = (
    "rater_id",
    *("status", "effect", "ci95_low", "ci95_high", "flags"),  # evidence.RATER_COLUMNS
    *("interval_method", "flag", "n_shared_ratees", "n"),
)

#: a review's dimension weight as the person score reads it (no weight: 1; below 0: 0)
_WEIGHT = "CASE WHEN weight IS NULL OR isnan(weight) THEN 1.0 ELSE greatest(weight, 0.0) END"


def person_frames(con: duckdb.DuckDBPyConnection, employee_id: str) -> dict[str, pl.DataFrame]:
    """Frames for the person page (parameterised queries only). Each reads this person's
    rows and, for ``rated_by_them``, the rows of the people they rated, by filters the store
    serves by person: the view of their team read every review (40M ratings: 4.3-4.7 CPU s,
    most of the person page's first visit; session 27)."""
    p = {"e": employee_id}
    return {
        # the roster's manager, else the manager who rated them last (a results workbook's
        # 考核人工号 names one per cycle and no roster manager: the header read "上级 —")
        "employee": db.query(
            con,
            """
            SELECT * REPLACE (coalesce(manager_id, (
                SELECT r.rater_id FROM reviews r LEFT JOIN cycles c USING (cycle_id)
                WHERE r.employee_id = $e AND r.rater_role = 'manager' AND r.rater_id <> $e
                ORDER BY c.ordering DESC NULLS LAST, r.cycle_id DESC, r.rater_id LIMIT 1
            )) AS manager_id)
            FROM employees WHERE employee_id = $e""",
            p,
        ),
        "ratings": db.query(
            con,
            """
            SELECT r.cycle_id, c.ordering AS cycle_order, r.rater_id, r.rater_role, r.dimension,
                   r.score_raw, r.score, r.scale, r.weight, r.comment
            FROM reviews r LEFT JOIN cycles c USING (cycle_id)
            WHERE r.employee_id = $e ORDER BY c.ordering, r.rater_role, r.rater_id, r.dimension""",
            p,
        ),
        "outcomes": db.query(
            con,
            """
            SELECT o.cycle_id, o.final_score_raw, o.final_score, o.grade, o.potential, o.calibrated,
                   (SELECT any_value(s.scale) FROM dimension_scales s
                    WHERE s.kind = 'final' AND s.cycle_id = o.cycle_id) AS final_scale
            FROM outcomes o LEFT JOIN cycles c USING (cycle_id)
            WHERE o.employee_id = $e ORDER BY c.ordering""",
            p,
        ),
        "appeals": db.query(
            con,
            """
            SELECT cycle_id, filed_at, reason, status, grade_before, grade_after
            FROM appeals WHERE employee_id = $e ORDER BY filed_at""",
            p,
        ),
        "kpis": db.query(
            con,
            """
            SELECT cycle_id, kpi, period, target, actual, weight, attainment
            FROM kpi_results WHERE employee_id = $e ORDER BY cycle_id, kpi, period""",
            p,
        ),
        "rated_by_them": db.query(
            con,
            f"""
            WITH mine AS (
                SELECT cycle_id, employee_id, rater_role,
                       sum(d * score) FILTER (WHERE d > 0) / sum(d) FILTER (WHERE d > 0)
                           AS mean_score,
                       count(*) AS n
                FROM (SELECT *, {_WEIGHT} AS d FROM reviews
                      WHERE rater_id = $e AND employee_id <> $e) GROUP BY ALL
            ), others AS (  -- the same people in the same cycles, as everyone else saw them
                SELECT r.cycle_id, r.employee_id,
                       sum(r.d * r.score) FILTER (WHERE r.d > 0)
                           / sum(r.d) FILTER (WHERE r.d > 0) AS others_mean,
                       count(DISTINCT r.rater_id) AS others_raters,
                       -- the fewest peers or subordinates among them (null: none), what a
                       -- view below hr_admin withholds the mean on (rev34a finding 3)
                       nullif(least(
                           coalesce(nullif(count(DISTINCT r.rater_id) FILTER (
                               WHERE r.rater_role = 'peer'), 0), 1000000000),
                           coalesce(nullif(count(DISTINCT r.rater_id) FILTER (
                               WHERE r.rater_role = 'subordinate'), 0), 1000000000)
                       ), 1000000000) AS others_anonymous
                FROM (  -- their people's rows only (read by person, not all the reviews)
                    SELECT *, {_WEIGHT} AS d FROM reviews
                    WHERE employee_id IN (SELECT employee_id FROM mine)
                      AND rater_id <> $e AND rater_id <> employee_id
                ) r SEMI JOIN mine USING (cycle_id, employee_id) GROUP BY ALL
            )
            SELECT mine.*, others.others_mean, mine.mean_score - others.others_mean AS diff_vs_others,
                   others.others_raters, others.others_anonymous
            FROM mine LEFT JOIN others USING (cycle_id, employee_id)
            ORDER BY cycle_id, employee_id""",
            p,
        ),
    }


def by_dimension(ratings: pl.DataFrame) -> pl.DataFrame:
    """The person's latest cycle in ``ratings``: one row per dimension, one column per source
    (rater role) holding its mean score there, in :data:`analytics.schema.RATER_ROLES` order
    (self, manager, peer ...; any other role after them by name). Why: the pivot's columns
    followed a ``group_by``'s order, which differs between runs, so a reader saw the columns
    move between two visits of one person (session 27)."""
    last = ratings.filter(pl.col("cycle_order") == ratings["cycle_order"].max())
    wide = (
        last.group_by("dimension", "rater_role")
        .agg(pl.col("score").mean())
        .pivot("rater_role", index="dimension", values="score")
        .sort("dimension")
    )
    roles = [c for c in wide.columns if c != "dimension"]
    known = [r for r in S.RATER_ROLES if r in roles]
    return wide.select("dimension", *known, *sorted(set(roles) - set(known)))


def zero_weight_dimensions(ratings: pl.DataFrame) -> list[str]:
    """The dimensions of ``ratings`` whose every row weighs 0 (the KPI and 价值观 columns
    kept beside a company's 总分): shown apart, no part of the score or its chart."""
    if "weight" not in ratings.columns or not ratings.height:
        return []
    w = dimension_weight(ratings)
    zero = ratings.group_by("dimension").agg((w == 0).all().alias("_z")).filter("_z")
    return sorted(zero.get_column("dimension").to_list())


def search_people(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """id + name + department of everyone, for the person picker, with the team, level and job
    family the sidebar's filters narrow it by."""
    return db.query(
        con,
        "SELECT employee_id, name, department, team, level, job_family FROM employees"
        " ORDER BY employee_id",
    )


#: the person search's fields: a term found in any of them keeps the person
SEARCH_FIELDS = ("employee_id", "name", "department", "team")


def match_people(people: pl.DataFrame, query: str) -> pl.DataFrame:
    """The rows of ``people`` (:func:`search_people`'s columns) that ``query`` finds: every
    whitespace-separated term occurs (case ignored) in the id, name, department or team
    ("王伟 销售" keeps the 王伟 of 销售中心); people whose id or name is a term exactly come
    first (typing "1051" or "王伟" lists that person above 10510 or 王伟华), then id order. An
    empty query keeps everyone."""
    terms = [term.lower() for term in query.split()]
    if not terms:
        return people
    fields = [c for c in SEARCH_FIELDS if c in people.columns]
    text = [pl.col(c).cast(pl.String).fill_null("").str.to_lowercase() for c in fields]
    keep = pl.lit(True)
    exact = pl.lit(False)
    for term in terms:
        keep = keep & pl.any_horizontal([col.str.contains(term, literal=True) for col in text])
        exact = exact | pl.any_horizontal([col == term for col in text[:2]])
    return (
        people.filter(keep)
        .with_columns(exact.alias("_exact"))
        .sort("_exact", "employee_id", descending=[True, False])
        .drop("_exact")
    )


def rater_view(rated: pl.DataFrame) -> dict | None:
    """How a rater's scores of their people compare with everyone else's scores of the same
    people in the same cycles: the mean difference (0-1 score), its 95% t interval over the
    (cycle, person) pairs, and how many pairs had another rater. None when no pair had one
    (the difference cannot be estimated, which is not a difference of zero)."""
    d = (
        rated.get_column("diff_vs_others").drop_nulls()
        if "diff_vs_others" in rated.columns
        else None
    )
    if d is None or d.len() == 0:
        return _withheld_view(rated)
    n = d.len()
    mean = float(d.mean())
    if n < 2:
        return {"diff": mean, "lo": None, "hi": None, "n": n}
    half = float(t_quantile(np.array([n - 1.0]), 0.975)[0]) * float(d.std()) / n**0.5
    return {"diff": mean, "lo": mean - half, "hi": mean + half, "n": n}


def _withheld_view(rated: pl.DataFrame) -> dict | None:
    """:func:`rater_view` where every pair's others' mean is withheld for the viewer (fewer
    than k peers or subordinates among the others: ``privacy`` says ``others_fewer_than_k``):
    ``{"withheld": k}``, so the page says why instead of "too few pairs" (rev34a finding 3);
    else None."""
    if "privacy" not in rated.columns:
        return None
    why = rated["privacy"].drop_nulls()
    why = why.filter(why.struct.field("code") == "others_fewer_than_k")
    if why.len() == 0:
        return None
    k = why.struct.field("params").struct.field("k")[0]
    return {"diff": None, "lo": None, "hi": None, "n": 0, "withheld": k}


def potential_line(profile: pl.DataFrame | None, lang: str) -> str | None:
    """The sentence under a person's profile when their potential is an imported rating of
    an earlier cycle than their latest (a blank there, carried forward: rev22), else None."""
    carried = profile.filter(carried_forward()) if profile is not None else None
    if carried is None or carried.height == 0:
        return None
    r = carried.row(0, named=True)
    return render(
        "person.potential_earlier", lang, latest=r["latest_cycle"], cycle=r["potential_cycle"]
    )


def adjusted_notes(rows: pl.DataFrame) -> list[str]:
    """Catalogue codes of the sentences under a person's adjusted scores: none of their
    raters could be adjusted for (the score is the raw score and its interval holds rating
    noise only, not the rater's standard), and an interval that cannot be estimated. Why: in
    a manager-only company the table otherwise reads as a measured correction (review D1)."""
    codes = []
    adj = rows["n_adjusted_raters"] if "n_adjusted_raters" in rows.columns else None
    if adj is not None and rows.height and (adj == 0).all():
        codes.append("person.adjusted_none")
    if "se" in rows.columns and rows["se"].is_null().any():
        codes.append("person.adjusted_no_interval")
    return codes


def linked_rater_lines(
    raters: pl.DataFrame | None,
    rater_ids: list[str],
    names: pl.DataFrame | None,
    unit: Unit | None,
    lang: str,
) -> list[str]:
    """The sentences under a person's adjusted scores for each of ``rater_ids`` whose standard
    the rater table estimates through the links across cycles only (flagged lenient or severe,
    ``interval_method`` = ``links``): estimated, and not used for the adjustment. Why: the
    raters' table above says "flagged +5.7 lenient" and the box said no rater's standard could
    be estimated (rev26a item 2). [] when none."""
    need = {"rater_id", "interval_method", "flag", "effect"}
    if raters is None or not rater_ids or not need <= set(raters.columns):
        return []
    # flagged, or linked with one other rater only (their difference: rev29a item 4)
    pair = pl.col("status") == "pair_only" if "status" in raters.columns else pl.lit(False)
    linked = raters.filter(
        pl.col("rater_id").cast(pl.String).is_in(rater_ids)
        & (pl.col("interval_method") == "links")
        & (pl.col("flag").is_in(["lenient", "severe"]) | pair)
    )
    if linked.height == 0:
        return []
    named = with_names(linked.with_columns(pl.col("rater_id").cast(pl.String)), names)
    name = pl.col("rater_name") if "rater_name" in named.columns else pl.lit(None, pl.String)
    n = (
        pl.col("n_shared_ratees").cast(pl.Int64)
        if "n_shared_ratees" in named.columns
        else pl.lit(None, pl.Int64)
    )
    why = {
        "who": pl.struct(id=pl.col("rater_id"), name=name),
        "dir": pl.col("flag"),
        "effect": pl.col("effect"),
        "n": n,
    }
    said = named.select(
        caution=pl.when(pl.col("flag").is_not_null())
        .then(phrase("adjusted_linked_rater", **why))
        .otherwise(phrase("adjusted_linked_pair", **why))
    )
    return render_column(convert(said, unit)["caution"], lang, "reason").to_list()


def adjusted_lines(
    rows: pl.DataFrame,
    raters: pl.DataFrame | None,
    rater_ids: list[str],
    names: pl.DataFrame | None,
    unit: Unit | None,
    lang: str,
) -> list[str]:
    """The sentences under a person's adjusted scores: :func:`adjusted_notes`, where a rater
    estimated through the links only (:func:`linked_rater_lines`) takes the place of "none of
    the raters could be adjusted for" (rev26a item 2)."""
    linked = linked_rater_lines(raters, rater_ids, names, unit, lang)
    notes = [c for c in adjusted_notes(rows) if not (linked and c == "person.adjusted_none")]
    return [render(c, lang) for c in notes] + linked


def scales_of(ratings: pl.DataFrame) -> pl.DataFrame:
    """``cycle_id, scale``: the scale(s) each cycle of a person's ratings was imported on
    (several joined by " / ")."""
    if not ratings.height or "scale" not in ratings.columns:
        return pl.DataFrame(schema={"cycle_id": pl.String, "scale": pl.String})
    return (
        ratings.group_by("cycle_id")
        .agg(pl.col("scale").drop_nulls().unique().sort().str.join(" / "))
        .with_columns(pl.col("scale").replace("", None))
    )


def outcomes_shown(outcomes: pl.DataFrame, ratings: pl.DataFrame) -> pl.DataFrame:
    """A person's outcomes as the page shows them: the final score as imported with the scale
    of its cycle beside it, and the normalised one named as 0-1 (``final_score_01``). Why: "最终
    得分（原始） 43.9" sat beside an unlabelled "0.439", and over all cycles the imported column
    mixed 3.4 and 43.9 with no scale (rev19e minor 4).

    The scale is the final score's own, as the import read it (``final_scale``: a 0-100 result
    beside 1-5 ratings read "分制 1-5", rev21 item 5); the ratings' scale only where the import
    kept none.

    The 0-1 score only where the rows' final scores lie on several scales (or one unknown):
    on one scale the score as imported is already in its points, and a "0.794" beside
    "79.4 (0-100)" is a number of the analyses' own the company never wrote (rev24a item 7,
    the own-scale rule of :mod:`analytics.findings.units`)."""
    if "final_score" not in outcomes.columns:
        return outcomes
    out = outcomes.join(scales_of(ratings), on="cycle_id", how="left")
    if "final_scale" in outcomes.columns:
        out = out.with_columns(pl.coalesce("final_scale", "scale").alias("scale"))
    cols = [c for c in outcomes.columns if c not in ("final_score", "final_scale")]
    at = cols.index("final_score_raw") + 1 if "final_score_raw" in cols else len(cols)
    scored = out.filter(pl.col("final_score").is_not_null())["scale"]
    one = scored.null_count() == 0 and scored.n_unique() <= 1
    order = [*cols[:at], "scale", *([] if one else ["final_score_01"]), *cols[at:]]
    return out.rename({"final_score": "final_score_01"}).select(order)


def rater_view_line(view: dict, unit: Unit, lang: str) -> str:
    """:func:`rater_view` as a sentence: the difference worded higher or lower with its size
    ("低 2.4 分" / "2.4 points lower"), it and the interval in ``unit``'s points to the unit's
    decimals (one on 0-100, three on the 0-1 score). Why: "-2.352（0-100 分制）" read wrong and
    carried three decimals on a 100-point scale (rev19e minor 9)."""
    d = unit.digits
    diff = round(unit.diff(view["diff"]), d)
    code = "person.rater_higher" if diff > 0 else "person.rater_lower" if diff < 0 else None
    than = (
        render(code, lang, mag=f"{abs(diff):.{d}f}") if code else render("person.rater_same", lang)
    )
    return render(
        "person.rater_view",
        lang,
        than=than,
        lo=f"{unit.diff(view['lo']):+.{d}f}",
        hi=f"{unit.diff(view['hi']):+.{d}f}",
        n=view["n"],
        unit=unit_words(None if unit.mixed else unit.scale, lang),
    )


def as_rater_lines(
    view: dict | None, raters: pl.DataFrame | None, rater_id: str, unit: Unit, lang: str
) -> list[str]:
    """The sentences under a person's "as a rater" table: their team as they saw it against
    everyone else's view (:func:`rater_view_line`, or that it cannot be estimated: no pair, or
    fewer pairs than the rater page's floor :data:`MIN_SHARED_RATEES`), then the rater page's
    own estimate of their standard, in its words and numbers (:func:`rater_model_line`). Why:
    the raw difference "0.108 higher (+0.102 to +0.114, 149 person-cycles)" stood for the
    rater page's "+0.108 (95% CI +0.097 to +0.120), n=894 ratings" without saying they are two
    quantities, and a difference from 2 person-cycles (-44.4 to +42.1) was shown (s44 A 7, 15)."""
    ok = view and view["lo"] is not None
    few = view and not view.get("withheld") and 0 < view["n"] < MIN_SHARED_RATEES
    out = [rater_view_line(view, unit, lang) if ok else render("person.rater_view_none", lang)]
    if few:  # below the rater page's floor: no number (s44 A 15)
        out = [render("person.rater_view_few", lang, n=view["n"], floor=MIN_SHARED_RATEES)]
    if view and view.get("withheld"):  # every others' mean withheld for the viewer's role
        out = [render("person.rater_view_withheld", lang, k=view["withheld"])]
    if raters is None or "interval_method" not in raters.columns:
        return out
    row = raters.filter((pl.col("rater_id") == rater_id) & pl.col("effect").is_not_null())
    if row.height:
        out.append(rater_model_line(row.row(0, named=True), unit, lang))
    return out


def rater_model_line(r: dict, unit: Unit, lang: str) -> str:
    """The rater page's estimate of a rater's standard (their row of the rater table) as the
    person page says it: through the links across cycles (``interval_method`` ``links``:
    ``person.rater_links``, with the people it rests on), else the rater page's effect, 95%
    interval and n ratings as its rater card has them (``person.rater_model``, the same
    numbers and unit as ``raters.selected``)."""
    if r.get("interval_method") == "links":
        on = not unit.mixed
        return render(
            "person.rater_links",
            lang,
            effect=unit.diff(r["effect"]) if on else r["effect"],
            lo=unit.diff(r["ci95_low"]) if on else r["ci95_low"],
            hi=unit.diff(r["ci95_high"]) if on else r["ci95_high"],
            n=r["n_shared_ratees"],
            score_scale=unit.scale if on else None,
        )
    return render(
        "person.rater_model",
        lang,
        effect=unit.diff(r["effect"]),
        lo=unit.diff(r["ci95_low"]),
        hi=unit.diff(r["ci95_high"]),
        score_scale=unit.scale,
        n=r.get("n"),
    )


def rank_caution_line(row: pl.DataFrame, unit: Unit | None, lang: str) -> str | None:
    """The person's ranked row's caution (:mod:`analytics.stats.cautions`) as the sentence the
    person page shows under the reasons' box; None without one (rev25a item 1)."""
    if "caution" not in row.columns or not row.height or not row["caution"].list.len()[0]:
        return None
    said = render_column(convert(row, unit)["caution"], lang, "reason")[0]
    return render("person.rank_caution", lang, caution=render("common.sep", lang).join(said))
