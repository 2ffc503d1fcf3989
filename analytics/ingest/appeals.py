"""Appeals from a file: dates checked (resolved not before filed), outcomes worded by HR read
as codes of ``schema.APPEAL_OUTCOMES`` (an open word leaves the appeal open)."""

from __future__ import annotations

import polars as pl

from analytics import schema as S
from analytics.ingest.cells import as_dates
from analytics.ingest.detect import APPEAL_FIELDS
from analytics.ingest.problems import Context, problem_rows
from analytics.ingest.readers import ROW

#: how appeal sheets word an outcome (normalised: NFKC, lower case, no spaces) -> its code
#: (``schema.APPEAL_OUTCOMES``); a status that says nothing of the outcome (已受理) leaves it open.
#: 撤回 (withdrawn) closes the appeal with the grade standing: upheld; 上调/下调 change the grade:
#: overturned (the direction is in grade_before/grade_after when the sheet gives them)
_UPHELD = (
    "维持", "维持原判", "维持原等级", "驳回", "已驳回", "不予支持", "不支持", "未支持", "不成立",
    "申诉不成立", "撤回", "已撤回", "upheld", "rejected", "dismissed", "withdrawn",
)  # fmt: skip
_OVERTURNED = (
    "改判", "已改判", "已调整", "调整", "支持", "予以支持", "成立", "申诉成立", "上调", "已上调",
    "下调", "已下调", "调高", "调低", "升级", "降级", "overturned", "changed", "raised",
    "lowered", "upgraded", "downgraded",
)  # fmt: skip
_PARTIALLY = (
    "部分改判", "部分调整", "部分支持", "部分成立", "partially", "partial", "partiallyoverturned",
)  # fmt: skip
APPEAL_OUTCOME_WORDS: dict[str, str] = {
    **dict.fromkeys(_UPHELD, "upheld"),
    **dict.fromkeys(_OVERTURNED, "overturned"),
    **dict.fromkeys(_PARTIALLY, "partially"),
}


#: an outcome that names the new grade (调整为合格, 改为B, changed to B): overturned, the grade
#: after it the rest of the cell; one that keeps the grade (维持原绩效等级 …): upheld
_CHANGED_TO = r"^(?:调整为|调整到|调整成|改为|改成|改判为|上调为|下调为|调为|changedto|overturnedto|adjustedto)"
_KEPT = r"^(?:维持|保持|keep|kept)"


APPEAL_OPEN_WORDS = frozenset(
    ("待处理", "处理中", "已受理", "受理中", "未处理", "open", "pending", "inprogress")
)


def appeals_frame(
    base: pl.DataFrame, src_of: dict[str, str], ctx: Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    out = base.select(
        pl.col(ROW),
        pl.col("cycle_id"),
        pl.col("employee_id"),
        *[
            (pl.col(f) if f in base.columns else pl.lit(None, pl.String)).alias(f)
            for f in APPEAL_FIELDS
        ],
    )
    out, problems, warns = as_dates(
        out, "filed_at", src_of.get("filed_at", "filed_at"), ctx.lang, ctx.file
    )
    ctx.warnings.extend(warns)
    if "resolved_at" in src_of:
        src = src_of.get("resolved_at", "resolved_at")
        out, p, warns = as_dates(out, "resolved_at", src, ctx.lang, ctx.file)
        problems.extend(p)
        ctx.warnings.extend(warns)
        early = pl.col("resolved_at") < pl.col("filed_at")
        problems.append(
            problem_rows(
                out,
                early.fill_null(False),
                src,
                pl.col("resolved_at"),
                "resolved_before_filed",
                ctx.lang,
            )
        )
        out = out.with_columns(
            pl.when(early).then(None).otherwise(pl.col("resolved_at")).alias("resolved_at")
        )
    out, p = _appeal_outcomes(out, src_of, ctx.lang)
    problems.extend(p)
    return S.APPEALS.conform(out), problems


def _appeal_outcomes(
    out: pl.DataFrame, src_of: dict[str, str], lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """``outcome`` as a code of ``schema.APPEAL_OUTCOMES`` (:data:`APPEAL_OUTCOME_WORDS`); an
    empty cell or an open word (待处理) leaves the appeal open; any other word is quarantined
    (``appeal_outcome_unknown``) and the appeal loads open. Without an outcome column, a status
    that says the outcome (已驳回, 已调整) gives it."""
    words = {**APPEAL_OUTCOME_WORDS, **dict.fromkeys(APPEAL_OPEN_WORDS, "")}
    key = (
        pl.col("outcome")
        .cast(pl.String)
        .str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"[\s_\-]", "")
    )
    code = key.replace_strict(words, default=None, return_dtype=pl.String)
    changed = key.str.contains(_CHANGED_TO).fill_null(False)
    code = (
        pl.when(code.is_null() & changed)
        .then(pl.lit("overturned"))
        .when(code.is_null() & key.str.contains(_KEPT).fill_null(False))
        .then(pl.lit("upheld"))
        .otherwise(code)
    )
    if "outcome" in src_of:  # the new grade as written after 调整为 (B, not b)
        written = pl.col("outcome").cast(pl.String).str.normalize("NFKC").str.strip_chars()
        after = written.str.replace(
            r"(?i)^(调整为|调整到|调整成|改为|改成|改判为|上调为|下调为|调为|changed\s*to|overturned\s*to|adjusted\s*to)\s*",
            "",
        )
        out = out.with_columns(
            pl.when(pl.col("grade_after").is_null() & changed)
            .then(after)
            .otherwise(pl.col("grade_after"))
            .alias("grade_after")
        )
    if "outcome" not in src_of:
        status = pl.col("status").cast(pl.String).str.normalize("NFKC").str.to_lowercase()
        code = status.str.replace_all(r"[\s_\-]", "").replace_strict(
            APPEAL_OUTCOME_WORDS, default=None, return_dtype=pl.String
        )
        return out.with_columns(code.alias("outcome")), []
    unknown = (key.is_not_null() & (key != "") & code.is_null()).fill_null(False)
    problems = [
        problem_rows(
            out,
            unknown,
            src_of["outcome"],
            pl.col("outcome"),
            "appeal_outcome_unknown",
            lang,
        )
    ]
    return out.with_columns(
        pl.when(code == "").then(None).otherwise(code).alias("outcome")
    ), problems
