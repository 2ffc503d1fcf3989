"""Rows and cells that hold no data: totals rows (合计, Total, 部门平均) and placeholder cells
(NaN, N/A, —, 未评). Tested once per distinct text, the rows only by membership, because a
roster repeated on every rating row has few distinct values."""

from __future__ import annotations

import polars as pl

from analytics.ingest.readers import ROW
from analytics.ingest.scales import placeholder_expr

_SUMMARY_EXACT = frozenset(
    {"合计", "总计", "平均", "平均值", "平均分", "小计", "汇总", "总和", "均值",
     "total", "totals", "grandtotal", "subtotal", "average", "avg", "sum", "mean"}
)  # fmt: skip


_SUMMARY_END = ("合计", "总计", "小计", "平均", "平均值", "平均分", "汇总")
_SUMMARY_COUNT = r"^(合计|总计|小计|汇总|共计)\d+(\.\d+)?(人|名|项|个|条)?$"


def _summary_key(expr: pl.Expr) -> pl.Expr:
    return (
        expr.cast(pl.String)
        .str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"[\s:：_\-\(\)（）]", "")
    )


def summary_rows(base: pl.DataFrame) -> pl.Expr:
    """True for a totals/average row (合计, 总计, 平均, 小计, Total, Average, Sum) in the id or
    name column (or the department column of a row without id), e.g. 合计, Grand Total; 部门平均 / 华东区小计 too where the row has no id (a
    person named 王平均 has one)."""
    marks = []
    no_id = pl.col("employee_id").is_null()
    cols = [c for c in ("employee_id", "name", "department") if c in base.columns]
    # the rule runs on the distinct texts (cheap), every column in one pass; the rows only
    # test membership
    tags = base.select(e for col in cols for e in _summary_texts(col))
    for col in cols:
        exact, near = tags.get_column(f"{col}:exact"), tags.get_column(f"{col}:near")
        by_suffix = pl.col(col).is_in(near) & (no_id | pl.lit(col == "employee_id"))
        if col == "department":  # a 合计 label in the department column of an id-less row
            marks.append(no_id & (pl.col(col).is_in(exact) | pl.col(col).is_in(near)))
            continue
        marks.append(pl.col(col).is_in(exact) | by_suffix)
    if "employee_id" in base.columns and ROW in base.columns:
        marks.append(pl.col(ROW).is_in(_labelled_elsewhere(base)))
    return pl.any_horizontal(marks).fill_null(False) if marks else pl.lit(False)


def _summary_texts(col: str) -> tuple[pl.Expr, pl.Expr]:
    """The distinct texts of ``col`` that are a totals label (合计, Total) and those that end
    in one or give its count (部门平均, 小计：30人; at most 8 characters), each as a list."""
    texts = pl.col(col).unique(maintain_order=True).drop_nulls()  # one order for both uses
    key = _summary_key(texts)
    ends = pl.any_horizontal([key.str.ends_with(w) for w in _SUMMARY_END])
    # 小计：30人 / 合计 12 名: a totals label followed by its count
    ends = ends | key.str.contains(_SUMMARY_COUNT)
    return (
        texts.filter(key.is_in(list(_SUMMARY_EXACT))).implode().alias(f"{col}:exact"),
        texts.filter(ends & (key.str.len_chars() <= 8)).implode().alias(f"{col}:near"),
    )


def _labelled_elsewhere(base: pl.DataFrame) -> pl.Series:
    """The rows without an id whose totals label sits in another text column (合计 in the
    first column, the cycle's, of an export): their row numbers. Only the id-less rows are
    read, so a large file costs one filter."""
    no_id = base.filter(pl.col("employee_id").is_null())
    texts = [c for c, t in no_id.schema.items() if t == pl.String and c != ROW]
    if not no_id.height or not texts:
        return pl.Series(ROW, [], base.schema[ROW])
    keys = [_summary_key(pl.col(c)) for c in texts]
    label = pl.any_horizontal(
        [k.is_in(list(_SUMMARY_EXACT)) | k.str.contains(_SUMMARY_COUNT) for k in keys]
    )
    return no_id.filter(label.fill_null(False)).get_column(ROW)


# ids, names and labels: never placeholders (a role "-" is an unknown role, not a missing one)
_KEEP_AS_IS = ("employee_id", "rater_id", "name", "rater_role", "dimension", "kpi", ROW)


def drop_placeholders(
    base: pl.DataFrame, columns: list[str] | None = None, test=placeholder_expr
) -> tuple[pl.DataFrame, int]:
    """Placeholder cells (NaN, N/A, —, 无, -, #N/A, null; or what ``test`` marks) of the value
    columns (or ``columns``) made missing; how many there were. The texts are tested once each,
    the rows by membership."""
    if columns is None:
        columns = [c for c in base.columns if c not in _KEEP_AS_IS]
    if not columns:
        return base, 0
    # every column's distinct texts tested in one pass (a Series' steps each run on their own)
    texts = [pl.col(c).cast(pl.String).unique(maintain_order=True).drop_nulls() for c in columns]
    hits = base.select(t.filter(test(t).fill_null(False)).implode() for t in texts)
    found = {c: h for c, h in zip(columns, hits.row(0)) if len(h)}
    if not found:
        return base, 0
    marks = {
        c: pl.col(c).cast(pl.String).is_in(pl.Series(h, dtype=pl.String).implode())
        for c, h in found.items()
    }
    n = base.select(pl.sum_horizontal([m.cast(pl.Int64) for m in marks.values()]).sum()).item()
    base = base.with_columns(
        [pl.when(m).then(None).otherwise(pl.col(c)).alias(c) for c, m in marks.items()]
    )
    return base, int(n)
