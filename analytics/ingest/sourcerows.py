"""The original rows of a file's results (``SOURCE_ROWS``), kept at import: uploads are removed
after an import, yet the calibration write-back must give the HR system its own export back
(every header, in its order, with the cells as written)."""

from __future__ import annotations

import json

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.headers import ROLE_SCORE_FIELDS
from analytics.ingest.prepare import Prepared
from analytics.ingest.readers import ROW, RawTable
from analytics.store import db

__all__ = ["RATING_FIELDS", "source_rows", "store_source_rows"]


def source_rows(raw: RawTable, prep: Prepared, import_id: str) -> pl.DataFrame:
    """The original row of each outcome ``prep`` loads from ``raw``: its headers and cells as
    read (JSON lists), the id columns' headers and whether the file carries the grade."""
    keys = prep.outcome_rows
    if keys is None or keys.is_empty():
        return S.SOURCE_ROWS.empty()
    headers = _person_headers(raw, prep, [c for c in raw.frame.columns if c != ROW])
    # the id columns are text (00123 stays 00123), but for one a workbook holds as numbers
    ids = [
        c
        for f, c in prep.columns.items()
        if f.endswith("_id") and c in headers and c not in raw.numbers
    ]
    body = keys.join(raw.frame, on=ROW, how="inner", maintain_order="left")
    # an id column of numbers and text cells: each cell as the workbook held it (124, not the
    # 000124 the id plan spelt; "1013.0", not 1013): the write-back gives the export back
    held = {c: {**raw.held_text.get(c, {}), **cells} for c, cells in raw.number_cells.items()}
    body = body.with_columns(
        pl.col(ROW)
        .replace_strict(list(h), list(h.values()), default=pl.col(c), return_dtype=pl.String)
        .alias(c)
        for c, h in held.items()
        if c in headers
    )
    # each row's cells as one JSON list, built by Polars (no Python loop over the rows)
    cells = (
        body.select(
            pl.struct(pl.concat_list([pl.col(h).cast(pl.String) for h in headers]).alias("c"))
            .struct.json_encode()
            .str.strip_prefix('{"c":')
            .str.strip_suffix("}")
        )
        .to_series()
        .rename("cells")
    )
    return S.SOURCE_ROWS.conform(
        body.select("cycle_id", "employee_id", pl.col(ROW).alias("row_number")).with_columns(
            file=pl.lit(raw.file),
            sheet=pl.lit(raw.sheet, pl.String),
            headers=pl.lit(json.dumps(headers, ensure_ascii=False)),
            cells=cells,
            id_header=pl.lit(prep.columns.get("employee_id"), pl.String),
            text_headers=_text_headers(body, ids, raw.number_cells),
            has_grade=pl.lit("grade" in prep.columns),
            import_id=pl.lit(import_id),
        )
    )


def _text_headers(
    body: pl.DataFrame, ids: list[str], number_cells: dict[str, dict[int, str]]
) -> pl.Series:
    """Per row, the JSON list of its id columns' headers whose cell is text: every one of
    ``ids`` but those the workbook holds as a number in that row (``number_cells``: an id
    column of numbers and text cells, 123 beside "1013.0"), so each cell goes back as held."""
    if not any(c in number_cells for c in ids):  # one list for every row, as before
        return pl.repeat(json.dumps(ids, ensure_ascii=False), body.height, eager=True)
    kept = [
        pl.when(~pl.col(ROW).is_in(list(number_cells[c]))).then(pl.lit(c))
        if c in number_cells
        else pl.lit(c)
        for c in ids
    ]
    return (
        body.select(
            pl.struct(pl.concat_list(kept).list.drop_nulls().alias("c"))
            .struct.json_encode()
            .str.strip_prefix('{"c":')
            .str.strip_suffix("}")
        )
        .to_series()
        .rename("text_headers")
    )


#: the fields of one rating, not of the person: their columns differ between a person's rows of
#: an export written one row per rater, and are not the HR system's person record
RATING_FIELDS = frozenset(
    {"rater_id", "rater_role", "dimension", "score", "weight", "comment", "submitted_at"}
    | set(ROLE_SCORE_FIELDS)
)


def _person_headers(raw: RawTable, prep: Prepared, headers: list[str]) -> list[str]:
    """The headers of the person's record: all of them for a file of one row per person; for
    one written a row per rater (the grade repeated on each), those whose cells are the same
    on every row of a person and cycle. Why: the write-back gives the HR system one row per
    person, and the first of several rows was the self-review's, with its rater and scores
    under the export's headers (rev22). A column mapped to a field of the person (the grade,
    the name) is kept even where a typo makes it differ."""
    keys = [prep.columns[f] for f in ("employee_id", "cycle") if prep.columns.get(f) in headers]
    if prep.columns.get("employee_id") not in keys:
        return headers
    person = {c for f, c in prep.columns.items() if f not in RATING_FIELDS}
    rest = [h for h in headers if h not in keys]
    if not rest or raw.frame.select(pl.struct(keys).is_unique().all()).item():
        return headers
    varies = (
        raw.frame.group_by(keys)
        .agg(pl.col(h).n_unique().gt(1).alias(h) for h in rest)
        .select(pl.col(rest).any())
        .row(0, named=True)
    )
    return [h for h in headers if h in person or h in keys or not varies[h]]


def store_source_rows(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Store original rows, replacing those of the same person, cycle, file and sheet (a
    re-import of the file keeps one row per person)."""
    if frame.is_empty():
        return
    con.register("_src", S.SOURCE_ROWS.conform(frame).to_arrow())
    try:
        t = db.q(S.SOURCE_ROWS.name)
        same = " AND ".join(
            f"o.{db.q(c)} IS NOT DISTINCT FROM n.{db.q(c)}" for c in S.SOURCE_ROWS.key
        )
        cols = ", ".join(db.q(c) for c in S.SOURCE_ROWS.names)
        con.execute(f"DELETE FROM {t} o USING _src n WHERE {same}")
        con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM _src")
    finally:
        con.unregister("_src")
