"""The reviews table of a file, in stages: one row per rating whatever the shape, rater roles
(mapped or inferred), rater ids, scores and weights, duplicates, submission times."""

from __future__ import annotations

import polars as pl

from analytics import schema as S
from analytics.ingest.cells import as_dates, as_numbers, time_of_day
from analytics.ingest.detect import Detection
from analytics.ingest.headers import ROLE_SCORE_FIELDS, normalise_header, role_lookup
from analytics.ingest.mapping import Mapping
from analytics.ingest.problems import Context, Notice, problem_rows, score_problem_rows
from analytics.ingest.readers import ROW
from analytics.ingest.scales import normalise_scores, number_expr
from analytics.ingest.screen import split_dimension_weights


def _long_rows(base: pl.DataFrame, det: Detection, src_of: dict[str, str]) -> pl.DataFrame:
    """Stage 1 of :func:`reviews_frame`: one row per rating whatever the file's shape (long, one
    column per dimension, one column per rater role), with the source column of each score."""
    keep = [ROW, "cycle_id", "employee_id"] + [
        f
        for f in ("rater_id", "rater_role", "weight", "comment", "submitted_at", "manager_id")
        if f in base.columns
    ]
    if det.shape == "long":
        long = base.select(
            keep + ["score"] + (["dimension"] if "dimension" in base.columns else [])
        )
        long = long.rename({"score": "score_raw"}).with_columns(
            pl.lit(src_of["score"]).alias("_src_col")
        )
        if "dimension" not in long.columns:
            long = long.with_columns(pl.lit(S.OVERALL).alias("dimension"))
        # an empty score (or a placeholder such as NaN) is a missing rating, not a bad one
        long = long.with_columns(pl.col("dimension").fill_null(S.OVERALL)).filter(
            pl.col("score_raw").is_not_null()
        )
    elif det.shape == "wide_dimension":
        long = _dimension_rows(base, det, keep)
    else:  # wide_role
        role_fields = [f for f in ROLE_SCORE_FIELDS if f in base.columns]
        long = (
            base.select(keep + role_fields)
            .unpivot(index=keep, on=role_fields, variable_name="_field", value_name="score_raw")
            .filter(pl.col("score_raw").is_not_null())
        )
        long = long.with_columns(
            pl.col("_field")
            .replace_strict(ROLE_SCORE_FIELDS, return_dtype=pl.String)
            .alias("rater_role"),
            pl.col("_field")
            .replace_strict({f: src_of[f] for f in role_fields}, return_dtype=pl.String)
            .alias("_src_col"),
            pl.lit(S.OVERALL).alias("dimension"),
        )
        # the manager's rater: the rater column (考核人工号) when there is one, else the
        # person's manager (manager_id); none: kept with an unidentified rater (said)
        mgr = next(
            (pl.col(c) for c in ("rater_id", "manager_id") if c in long.columns),
            pl.lit(None, pl.String),
        )
        long = long.with_columns(
            pl.when(pl.col("rater_role") == "self")
            .then(pl.col("employee_id"))
            .when(pl.col("rater_role") == "manager")
            .then(mgr)
            .otherwise(pl.lit(None, pl.String))
            .alias("rater_id")
        ).drop("_field")
    for col in ("rater_id", "weight", "comment", "submitted_at"):
        if col not in long.columns:
            long = long.with_columns(pl.lit(None, pl.String).alias(col))
    return long


def _dimension_rows(base: pl.DataFrame, det: Detection, keep: list[str]) -> pl.DataFrame:
    """One row per dimension column of each row; with a total (总分, ``det.total_column``) the
    total is a rating of its own (the score) and the dimensions get weight 0: kept as
    dimensions, not averaged into the score in place of the company's weighting."""
    total = det.total_column
    on = det.dimension_columns + ([total] if total else [])
    frame = base.select(keep + det.dimension_columns + (["final_score"] if total else []))
    if total:
        frame = frame.rename({"final_score": total})
    long = (
        frame.with_columns(pl.col(on).cast(pl.String))
        .unpivot(index=keep, on=on, variable_name="dimension", value_name="score_raw")
        .filter(pl.col("score_raw").is_not_null())
        .with_columns(pl.col("dimension").alias("_src_col"))
    )
    if total and det.dimension_columns:
        weight = pl.col("weight").cast(pl.String) if "weight" in long.columns else pl.lit(None)
        long = long.with_columns(
            pl.when(pl.col("dimension") == total)
            .then(weight)
            .otherwise(pl.lit("0"))
            .cast(pl.String)
            .alias("weight")
        )
    return long


def _rater_roles(
    long: pl.DataFrame,
    det: Detection,
    src_of: dict[str, str],
    mapping: Mapping,
    lang: str,
    known: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, list[pl.DataFrame], dict[str, int]]:
    """Stage 2: rater roles mapped to the canonical ones (unknown ones quarantined), missing
    ones inferred: self (rater = employee), manager (rater = manager column, or a manager
    the database knows: ``known``, see ``managers.known_managers``), else peer; and how many
    ratings got each inferred role (a guess the user must see), ``known`` counting those
    made managers by the stored pairs."""
    problems: list[pl.DataFrame] = []
    roles = role_lookup() | {normalise_header(k): v for k, v in mapping.roles.items()}
    if "rater_role" in long.columns and det.shape != "wide_role":
        raw_role = pl.col("rater_role")
        keys = {v: normalise_header(v) for v in long.get_column("rater_role").drop_nulls().unique()}
        long = long.with_columns(
            raw_role.replace_strict(
                {k: roles.get(n) for k, n in keys.items()}, default=None, return_dtype=pl.String
            ).alias("_role"),
            raw_role.alias("_role_raw"),
        )
        bad = raw_role.is_not_null() & pl.col("_role").is_null()
        problems.append(
            problem_rows(long, bad, src_of["rater_role"], raw_role, "unknown_role", lang)
        )
        long = long.filter(~bad).with_columns(pl.col("_role").alias("rater_role")).drop("_role")
    if "rater_role" not in long.columns:
        long = long.with_columns(pl.lit(None, pl.String).alias("rater_role"))
    # no role given: infer self (rater = employee), manager (rater = manager column) else peer
    mgr = pl.col("manager_id") if "manager_id" in long.columns else pl.lit(None, pl.String)
    guessed = long.get_column("rater_role").is_null()
    pairs = ["employee_id", "rater_id"]
    if known is not None and known.height and guessed.any() and "rater_id" in long.columns:
        flag = known.select(*pairs, pl.lit(True).alias("_known")).unique(pairs)
        long = long.join(flag, on=pairs, how="left", maintain_order="left")
    else:
        long = long.with_columns(pl.lit(None, pl.Boolean).alias("_known"))
    by_known = (
        pl.col("rater_role").is_null()
        & (pl.col("rater_id") != pl.col("employee_id")).fill_null(True)
        & (pl.col("rater_id") != mgr).fill_null(True)
        & pl.col("_known").fill_null(False)
    )
    long = long.with_columns(by_known.alias("_known")).with_columns(
        pl.when(pl.col("rater_role").is_not_null())
        .then(pl.col("rater_role"))
        .when(pl.col("rater_id") == pl.col("employee_id"))
        .then(pl.lit("self"))
        .when((pl.col("rater_id") == mgr) | pl.col("_known"))
        .then(pl.lit("manager"))
        # one rater a person and cycle (a results table): the person's manager, said apart
        .otherwise(pl.lit("one_rater" if det.rater_is_manager else "peer"))
        .alias("rater_role")
    )
    inferred = dict(long.filter(guessed).get_column("rater_role").value_counts().iter_rows())
    inferred["known"] = int(long.get_column("_known").sum())
    one = pl.col("rater_role") == "one_rater"
    long = long.with_columns(
        pl.when(one).then(pl.lit("manager")).otherwise("rater_role").alias("rater_role")
    )
    return long.drop("_known"), problems, inferred


def _known_params(long: pl.DataFrame, ctx: Context, n: int) -> dict:
    """The line's parameters: how many ratings, a few (employee ← rater) pairs, the cycles in
    which the database has those raters as the people's managers."""
    assert ctx.managers is not None
    hits = (
        long.filter(pl.col("rater_role") == "manager")
        .select("employee_id", "rater_id")
        .unique(maintain_order=True)
        .join(ctx.managers, on=["employee_id", "rater_id"], how="inner")
    )
    examples = [f"{e} ← {r}" for e, r in hits.select("employee_id", "rater_id").head(5).iter_rows()]
    cycles = sorted(
        {c.strip() for v in hits.get_column("known_from").drop_nulls() for c in v.split(",")}
    )
    params = {"file": ctx.file, "n": n, "examples": examples + (["…"] if hits.height > 5 else [])}
    return params | ({"cycles": cycles} if cycles else {})


def _rater_ids(
    long: pl.DataFrame, det: Detection, src_of: dict[str, str], lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Stage 3: a self rating's rater is the employee; a self rating by someone else, or (in
    files with rater ids) a rating without a rater, is quarantined."""
    problems: list[pl.DataFrame] = []
    long = long.with_columns(
        pl.when((pl.col("rater_role") == "self") & pl.col("rater_id").is_null())
        .then(pl.col("employee_id"))
        .otherwise(pl.col("rater_id"))
        .alias("rater_id")
    )
    rater_src = src_of.get("rater_id", src_of.get("rater_role", src_of["employee_id"]))
    mismatch = (pl.col("rater_role") == "self") & (pl.col("rater_id") != pl.col("employee_id"))
    problems.append(
        problem_rows(long, mismatch, rater_src, pl.col("rater_id"), "self_rater_mismatch", lang)
    )
    long = long.filter(~mismatch)
    if det.shape != "wide_role":
        # a rating by the employee under another role (上级 …) is no manager rating
        own = (pl.col("rater_role") != "self") & (pl.col("rater_id") == pl.col("employee_id"))
        role_src = src_of.get("rater_role", rater_src)
        said = pl.col("_role_raw") if "_role_raw" in long.columns else pl.col("rater_role")
        problems.append(problem_rows(long, own, role_src, said, "rater_is_employee", lang))
        long = long.filter(~own.fill_null(False))
        empty = pl.col("rater_id").is_null()
        problems.append(
            problem_rows(long, empty, rater_src, pl.col("rater_id"), "empty_rater_id", lang)
        )
        long = long.filter(~empty)
    return long, problems


def _scores_and_weights(
    long: pl.DataFrame, src_of: dict[str, str], mapping: Mapping, ctx: Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Stage 4: scores normalised to 0-1 per cycle and dimension, weights as numbers; a score
    that is not a score or outside its scale is quarantined, that rating only."""
    problems: list[pl.DataFrame] = []
    long, choices = normalise_scores(
        long,
        "score_raw",
        ["cycle_id", "dimension"],
        mapping.scales or None,
        dimension_col="dimension",
        kind="rating",
        book=ctx.book,
        file=ctx.file,
    )
    ctx.scales.extend(choices)
    long = long.with_columns(
        pl.when(pl.col("score").is_null() & pl.col("score_problem").is_null())
        .then(pl.lit("not_a_score"))
        .otherwise(pl.col("score_problem"))
        .alias("score_problem")
    )
    problems.extend(score_problem_rows(long, pl.col("_src_col"), "score_raw", ctx.lang))
    long = long.filter(pl.col("score_problem").is_null())
    _say_units(long, ctx)
    _say_decimal_commas(long, ctx)
    # --- weight ----------------------------------------------------------------------------
    long, p = as_numbers(long, "weight", src_of.get("weight", "weight"), ctx.lang)
    problems.extend(p)
    return long, problems


def _say_missing_totals(
    read: pl.DataFrame,
    long: pl.DataFrame,
    problems: list[pl.DataFrame],
    det: Detection,
    ctx: Context,
) -> None:
    """People rated on the dimensions whose total (总分) is empty: the total is the score,
    so they have none in that cycle; said in a warning with examples. A total that was there
    but quarantined (a 101 on 0-100) is not empty: said apart, with its value and scale
    (rev24a item 6: the 101 was counted among the empty totals). ``read``: the ratings as
    read, before their scores were checked; ``long``: the ones whose score is one;
    ``problems``: the score checks' quarantine (source row, reason code and parameters)."""
    total = det.total_column
    if not total or not det.dimension_columns:
        return
    key = ["cycle_id", "employee_id", "rater_id"]
    has = read.group_by(key).agg((pl.col("dimension") == total).any().alias("_t"))
    missing = has.filter(~pl.col("_t")).sort(key)
    if missing.height:
        examples = [f"{e} ({c})" for c, e, _ in missing.select(key).head(5).iter_rows()]
        params = {"file": ctx.file, "total": total, "n": missing.height, "examples": examples}
        ctx.warnings.append(("total_missing", params))
    totals = read.filter(pl.col("dimension") == total)
    bad = totals.join(long.select(ROW, "dimension"), on=[ROW, "dimension"], how="anti")
    why = pl.concat(problems) if problems else pl.DataFrame()
    if bad.height and why.height:  # each bad total's reason (the quarantine's, by its row)
        why = why.with_columns(
            _scale=pl.col("reason_params").str.json_path_match("$.scale")
        ).rename({"reason_code": "_problem"})
        bad = bad.join(why.select(ROW, "_problem", "_scale").unique(ROW), on=ROW, how="left")
    else:
        bad = bad.with_columns(_problem=pl.lit(None, pl.String), _scale=pl.lit(None, pl.String))
    for code in ("out_of_scale", None):  # outside its scale (said so), else no score
        part = bad.filter(
            pl.col("_problem") == code if code else pl.col("_problem").ne_missing("out_of_scale")
        ).sort(key)
        if not part.height:
            continue
        examples = [
            f"{e} ({c}) {v}"
            for c, e, v in part.select("cycle_id", "employee_id", "score_raw").head(5).iter_rows()
        ]
        params = {"file": ctx.file, "total": total, "n": part.height, "examples": examples}
        if code:
            scales = part.get_column("_scale").drop_nulls().unique().sort().to_list()
            params["scale"] = " / ".join(scales)
        ctx.warnings.append(("total_out_of_scale" if code else "total_quarantined", params))


def _say_unidentified_raters(long: pl.DataFrame, src_of: dict[str, str], ctx: Context) -> None:
    """A wide-by-role table's ratings kept with no rater: the manager's where the manager
    (or rater) column is empty or missing, and every peer, skip-level and subordinate rating
    (such a table names none of those raters). Each role column is said in a warning with its
    count: the rater statistics leave those ratings out."""
    rater_col = src_of.get("rater_id", src_of.get("manager_id"))
    unknown = long.filter(pl.col("rater_id").is_null() & (pl.col("rater_role") != "self"))
    order = {r: i for i, r in enumerate(ROLE_SCORE_FIELDS.values())}  # the manager's first
    counts = unknown.group_by("rater_role", "_src_col").len()
    counts = counts.sort(pl.col("rater_role").replace_strict(order, default=len(order)), "_src_col")
    for role, column, n in counts.iter_rows():
        params = {"file": ctx.file, "column": column, "n": n, "role": role}
        if role != "manager":
            ctx.warnings.append(("role_rater_unknown", params))
        elif rater_col:
            ctx.warnings.append(("manager_rater_empty", params | {"rater": rater_col}))
        else:
            ctx.warnings.append(("manager_rater_missing", params))


def _say_units(long: pl.DataFrame, ctx: Context) -> None:
    """Scores written with the unit 分 (85分) are read as their number: said in a note."""
    raw = pl.col("score_raw").cast(pl.String)
    with_unit = long.filter(raw.str.contains(r"\d\s*分\s*$").fill_null(False))
    if with_unit.height:
        examples = with_unit.get_column("score_raw").cast(pl.String).unique(maintain_order=True)
        params = {"file": ctx.file, "n": with_unit.height, "examples": examples.head(3).to_list()}
        ctx.notes.append(("scores_unit_read", params))


#: a score written with a decimal comma ('4,5', '3,75'): read as 4.5 (scales.number_expr)
_DECIMAL_COMMA_SCORE = r"^\s*[+-]?\d*,\d{1,2}\s*(分)?\s*$"


def _say_decimal_commas(long: pl.DataFrame, ctx: Context) -> None:
    """Scores written with a decimal comma (4,5) are read as decimals (4.5): a warning naming
    the file, the first rows and the column with the cell as written and as read, so a "4,5"
    meant as two scores is caught (rev29a item 11: it was read with no line saying so)."""
    raw = pl.col("score_raw").cast(pl.String)
    cells = long.filter(raw.str.contains(_DECIMAL_COMMA_SCORE).fill_null(False)).sort(ROW)
    if not cells.height:
        return
    shown = cells.head(3).select(ROW, "_src_col", raw, number_expr(raw).alias("_read"))
    examples = [
        f"{row}:{col} “{text.strip()}” → {num:g}" for row, col, text, num in shown.iter_rows()
    ]
    params = {"file": ctx.file, "n": cells.height, "examples": examples}
    ctx.warnings.append(("scores_decimal_comma", params))


def _first_ratings(long: pl.DataFrame, lang: str) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Stage 5: of duplicated ratings (cycle, employee, rater, role, dimension) the first row
    wins; the others are quarantined, one reason per first row (for the first 200)."""
    problems: list[pl.DataFrame] = []
    key = [
        pl.col("cycle_id"),
        pl.col("employee_id"),
        pl.col("rater_id").fill_null(""),
        pl.col("rater_role"),
        pl.col("dimension"),
    ]
    long = long.with_columns(pl.col(ROW).min().over(key).alias("_first"))
    dup = pl.col(ROW) != pl.col("_first")
    dups = long.filter(dup)
    if dups.height:
        firsts = dups.get_column("_first").unique().to_list()
        # one message per distinct first row keeps the reason specific
        parts = [
            problem_rows(
                dups,
                pl.col("_first") == f,
                pl.col("_src_col"),
                pl.col("score_raw"),
                "duplicate_rating",
                lang,
                first=f,
            )
            for f in firsts[:200]
        ]
        rest = dups.filter(~pl.col("_first").is_in(firsts[:200]))
        if rest.height:
            parts.append(
                problem_rows(
                    rest,
                    pl.lit(True),
                    pl.col("_src_col"),
                    pl.col("score_raw"),
                    "duplicate_rating",
                    lang,
                    first="?",
                )
            )
        problems.extend(parts)
    long = long.filter(~dup)
    return long, problems


#: the unknown role values a warning names one by one (the quarantine lists every cell)
ROLE_VALUES_SHOWN = 8


def unknown_roles_warning(problems: list[pl.DataFrame], file: str) -> list[Notice]:
    """The rater-role values no known word or mapping entry names (上级领导, 跨部门协作): one
    warning naming them and how many ratings they hold back, with the fix (the mapping's
    ``roles``; on the Data page, a role chosen for each value in place). Session 44: 60% of a
    360 file went to the quarantine with one line a cell and no word of the fix."""
    bad = [p for p in problems if p.height]
    if not bad:
        return []
    cells = pl.concat(bad).filter(pl.col("reason_code") == "unknown_role")
    if not cells.height:
        return []
    counts = cells.group_by("raw_value", maintain_order=True).len()
    values = counts.get_column("raw_value").to_list()
    params = {
        "file": file,
        "column": cells.get_column("column")[0],
        "values": values[:ROLE_VALUES_SHOWN] + (["…"] if len(values) > ROLE_VALUES_SHOWN else []),
        "n": cells.height,
        "example": values[0],
    }
    return [("roles_unknown", params)]


def reviews_frame(
    base: pl.DataFrame, det: Detection, src_of: dict[str, str], mapping: Mapping, ctx: Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The reviews table of a file and its quarantined rows, in stages: long rows, roles,
    rater ids, scores and weights, duplicates."""
    lang = ctx.lang
    long = _long_rows(base, det, src_of)
    long, weighted = split_dimension_weights(long)  # 业绩(60%): dimension 业绩, weight 0.6
    if weighted:
        ctx.notes.append(("dimension_weight_header", {"file": ctx.file, "headers": [*weighted]}))
    long, roles, inferred = _rater_roles(long, det, src_of, mapping, lang, ctx.managers)
    ctx.warnings.extend(unknown_roles_warning(roles, ctx.file))
    known, one = inferred.pop("known", 0), inferred.pop("one_rater", 0)
    if one:  # the one rater of a results table read as the person's manager: said apart
        params = {"file": ctx.file, "column": det.rater_is_manager, "n": one}
        ctx.warnings.append(("roles_one_rater_manager", params))
    if inferred and one and not sum(inferred.values()):
        inferred = {}
    if inferred:  # no role column (or blank roles): the roles were guessed, say how
        ctx.warnings.append(
            (
                "roles_inferred",
                {
                    "file": ctx.file,
                    "n": sum(inferred.values()),
                    "self": inferred.get("self", 0),
                    "manager": inferred.get("manager", 0),
                    "peer": inferred.get("peer", 0),
                },
            )
        )
    if known:  # made managers by the stored pairs: say by which
        params = _known_params(long, ctx, known)
        code = "roles_manager_known" if "cycles" in params else "roles_manager_known_field"
        ctx.warnings.append((code, params))
    long, ids = _rater_ids(long, det, src_of, lang)
    read = long
    long, scores = _scores_and_weights(long, src_of, mapping, ctx)
    said = [
        q.select(pl.col("row_number").alias(ROW), "reason_code", "reason_params") for q in scores
    ]
    _say_missing_totals(read, long, said, det, ctx)
    long, dups = _first_ratings(long, lang)
    if det.shape == "wide_role":
        _say_unidentified_raters(long, src_of, ctx)
    stamp = pl.col("submitted_at").cast(pl.String)
    long = long.with_columns(stamp.str.to_datetime(strict=False, time_unit="us").alias("_ts"))
    long, bad_dates, warns = as_dates(
        long.with_columns(pl.when(pl.col("_ts").is_null()).then(stamp).alias("_day")),
        "_day",
        src_of.get("submitted_at", "submitted_at"),
        lang,
        ctx.file,
    )
    ctx.warnings.extend(warns)
    day = pl.col("_day").cast(pl.Datetime("us")) + time_of_day(stamp).fill_null(pl.duration())
    long = long.with_columns(pl.coalesce(pl.col("_ts"), day).alias("submitted_at"))
    ctx.origins["reviews"] = long.select(
        pl.col(ROW).alias("_row"), pl.col("_src_col").alias("_col")
    )
    return S.REVIEWS.conform(long), [*roles, *ids, *scores, *dups, *bad_dates]
