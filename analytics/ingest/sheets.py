"""Sheets of one workbook that disagree on the same record (a summary sheet and a department
sheet giving a person different scores): neither version loads, each is quarantined naming
the other."""

from __future__ import annotations

import json

import polars as pl

from analytics import schema as S
from analytics.ingest.prepare import Prepared
from analytics.ingest.problems import QUARANTINE_SCHEMA, Notice
from analytics.ingest.readers import RawTable
from analytics.ingest.replace import TABLE_BY_NAME
from analytics.text.messages import render
from analytics.text.render import phrase_value

#: the values two sheets of one workbook must agree on for the same record (table -> fields,
#: each with the column holding what the file wrote)
_SHEET_VALUES: dict[str, dict[str, str]] = {
    S.REVIEWS.name: {"score": "score_raw"},
    S.OUTCOMES.name: {"final_score": "final_score_raw", "grade": "grade", "potential": "potential"},
}


def sheet_conflicts(
    tables: list[RawTable], prepared: list[Prepared], file: str, lang: str
) -> list[Notice]:
    """Records that two sheets of one workbook hold with different values (a summary sheet
    and a department sheet disagreeing on a person's score): neither is loaded; each version
    is quarantined (``sheet_conflict``) naming the other sheet, its row and value, and one
    warning per table gives the count and the first example. Mutates ``prepared`` (frames,
    origins and quarantine); returns the warnings."""
    warnings: list[Notice] = []
    for tname, values in _SHEET_VALUES.items():
        parts = [
            (raw.sheet or "", p)
            for raw, p in zip(tables, prepared)
            if tname in p.frames and tname in p.origins and p.frames[tname].height
        ]
        if len(parts) < 2:
            continue
        key = list(TABLE_BY_NAME[tname].key)
        keyed = [pl.col(k).cast(pl.String).fill_null("").alias(f"_k{i}") for i, k in enumerate(key)]
        ks = [f"_k{i}" for i in range(len(key))]
        clash = _clashing_values(tname, values, [p for _, p in parts], keyed, ks)
        if not clash.height:
            continue
        bad_keys = clash.select(ks).unique()
        sheets = [sheet for sheet, _ in parts]
        for n, (_, p) in enumerate(parts):
            mine = clash.filter(pl.col("_sheet") == n).unique(["_row", "_col"], maintain_order=True)
            if mine.height:
                extra = _conflict_cells(mine, sheets, lang)
                # the sheet's own records carry the person (employee_id), these do not
                p.quarantine = pl.concat([p.quarantine, extra], how="diagonal_relaxed").sort(
                    "row_number"
                )
            frame, origin = p.frames[tname], p.origins[tname]
            kept = (
                pl.concat([frame, origin], how="horizontal")
                .with_columns(keyed)
                .join(bad_keys, on=ks, how="anti", maintain_order="left")
            )
            p.frames[tname], p.origins[tname] = (
                kept.select(frame.columns),
                kept.select(origin.columns),
            )
        ex = clash.row(0, named=True)
        other = ex["_other"]
        warnings.append(
            (
                "sheets_conflict",
                {
                    "file": file,
                    "n": bad_keys.height,
                    "sheet": sheets[ex["_sheet"]],
                    "row": ex["_row"],
                    "column": ex["_col"],
                    "value": ex["_raw"],
                    "other_sheet": sheets[other["s"]],
                    "other_row": other["r"],
                    "other_value": other["v"],
                },
            )
        )
    return warnings


def _clashing_values(
    tname: str,
    values: dict[str, str],
    parts: list[Prepared],
    keyed: list[pl.Expr],
    ks: list[str],
) -> pl.DataFrame:
    """Every sheet's version of the records (keys ``ks``) whose field values differ between
    sheets: sheet number, source row and column, the value as written and the version of
    another sheet it differs from (``_other``: sheet, row, value)."""
    rows = []
    for n, p in enumerate(parts):
        frame, origin = p.frames[tname], p.origins[tname]
        for fld, raw_col in values.items():
            if fld not in frame.columns:
                continue
            col = (
                origin.get_column("_col")
                if "_col" in origin.columns
                else pl.Series("_col", [p.columns.get(fld, fld)] * frame.height)
            )
            rows.append(
                frame.select(
                    *keyed,
                    pl.lit(fld).alias("_field"),
                    pl.col(fld).cast(pl.String).alias("_value"),
                    pl.col(raw_col).cast(pl.String).alias("_raw"),
                ).with_columns(
                    pl.lit(n).alias("_sheet"),
                    origin.get_column("_row").alias("_row"),
                    col.alias("_col"),
                )
            )
    group = [*ks, "_field"]
    clash = (
        pl.concat(rows)
        .filter(pl.col("_value").is_not_null())
        .filter(
            (pl.col("_value").n_unique().over(group) > 1)
            & (pl.col("_sheet").n_unique().over(group) > 1)
        )
        .sort("_sheet", "_row")
    )
    if not clash.height:
        return clash
    # each version against the record's first version, the first against the first that differs
    first = clash.group_by(group, maintain_order=True).agg(
        pl.col("_sheet", "_row", "_raw", "_value").first().name.prefix("_a"),
        pl.col("_sheet", "_row", "_raw")
        .filter(pl.col("_value") != pl.col("_value").first())
        .first()
        .name.prefix("_b"),
    )
    return clash.join(first, on=group, how="left").with_columns(
        pl.when(pl.col("_value") == pl.col("_a_value"))
        .then(pl.struct(s=pl.col("_b_sheet"), r=pl.col("_b_row"), v=pl.col("_b_raw")))
        .otherwise(pl.struct(s=pl.col("_a_sheet"), r=pl.col("_a_row"), v=pl.col("_a_raw")))
        .alias("_other")
    )


def _conflict_cells(mine: pl.DataFrame, sheets: list[str], lang: str) -> pl.DataFrame:
    """Quarantine records of one sheet's conflicting cells, each naming the other version."""
    recs = []
    for row, col, raw_value, other in mine.select("_row", "_col", "_raw", "_other").iter_rows():
        params = {
            "other_sheet": sheets[other["s"]],
            "other_row": other["r"],
            "other_value": other["v"],
        }
        recs.append(
            {
                "row_number": row,
                "column": col,
                "raw_value": raw_value,
                "reason_code": "sheet_conflict",
                "reason": render("sheet_conflict", lang, **params),
                "reason_params": json.dumps(params, ensure_ascii=False),
            }
        )
    return pl.DataFrame(recs, schema=QUARANTINE_SCHEMA)


def manager_changes(
    prepared: list[Prepared], file: str, known: dict[str, str] | None = None
) -> list[Notice]:
    """People whose manager (the rater of their manager ratings) differs between cycles of a
    file: a manager change, kept per cycle with the ratings, said in one note with examples
    (not a disagreement between sheets). Each person of an example is named beside the id
    (工号) where the file's roster or ``known`` (id -> name, the stored roster) has the name."""
    parts = [p.frames[S.REVIEWS.name] for p in prepared if S.REVIEWS.name in p.frames]
    if not parts:
        return []
    rows = (
        pl.concat([f.select("cycle_id", "employee_id", "rater_id", "rater_role") for f in parts])
        .filter(pl.col("rater_role") == "manager")
        .unique(["cycle_id", "employee_id", "rater_id"])
        .sort("employee_id", "cycle_id")
    )
    per = rows.group_by("employee_id", maintain_order=True).agg(
        pl.col("rater_id").n_unique().alias("k"),
        pl.col("cycle_id").cast(pl.String),
        pl.col("rater_id").cast(pl.String),
    )
    changed = per.filter(pl.col("k") > 1)
    if not changed.height:
        return []
    names = {**(known or {}), **_file_names(prepared)}
    examples = []
    for emp, _, cycles, raters in changed.head(3).iter_rows():
        steps = [
            phrase_value("import.manager_change_step", cycle=c, manager=_person(r, names))
            for i, (c, r) in enumerate(zip(cycles, raters, strict=True))
            if i == 0 or r != raters[i - 1]
        ]
        examples.append(
            phrase_value("import.manager_change_example", person=_person(emp, names), steps=steps)
        )
    return [("managers_changed", {"file": file, "n": changed.height, "examples": examples})]


def _file_names(prepared: list[Prepared]) -> dict[str, str]:
    """id -> name from the file's own roster (its people's names)."""
    out: dict[str, str] = {}
    for p in prepared:
        people = p.frames.get(S.EMPLOYEES.name)
        if people is not None and "name" in people.columns:
            for emp, name in people.select("employee_id", "name").drop_nulls().iter_rows():
                out[str(emp)] = str(name)
    return out


def _person(emp: str, names: dict[str, str]) -> list[dict[str, object]]:
    """A person as a one-phrase list (``{x:clauses}``): 王欣（工号 184）, or 工号 184 unnamed."""
    name = names.get(emp)
    if name:
        return [phrase_value("import.person_id_named", id=emp, name=name)]
    return [phrase_value("import.person_id", id=emp)]


def combined_roster(
    tables: list[RawTable], prepared: list[Prepared], file: str
) -> tuple[pl.DataFrame | None, list[Notice]]:
    """The roster of a workbook's sheets: per person, each attribute from the last sheet that
    gives one (a sheet without a team or manager column never blanks another sheet's), and a
    warning when two sheets give a person different values (file, sheets, rows, values)."""
    e = S.EMPLOYEES.name
    parts = [(raw.sheet or "", p) for raw, p in zip(tables, prepared) if e in p.frames]
    if not parts:
        return None, []
    attrs = [c for c in S.EMPLOYEES.names if c != "employee_id"]
    long = pl.concat(
        [
            p.frames[e].with_columns(
                pl.lit(n).alias("_sheet"),
                (p.origins[e]["_row"] if e in p.origins else pl.lit(None, pl.Int64))
                .cast(pl.Int64)
                .alias("_row"),
            )
            for n, (_, p) in enumerate(parts)
        ],
        how="diagonal_relaxed",
    )
    merged = long.group_by("employee_id", maintain_order=True).agg(
        pl.col(c).drop_nulls().last() for c in attrs
    )
    if len(parts) < 2:
        return S.EMPLOYEES.conform(merged), []
    cells = (
        long.unpivot(attrs, index=["employee_id", "_sheet", "_row"], variable_name="_col")
        .with_columns(pl.col("value").cast(pl.String).str.strip_chars())
        .filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
    )
    bad = (
        cells.group_by("employee_id", "_col")
        .agg(pl.col("value").n_unique().alias("k"))
        .filter(pl.col("k") > 1)
    )
    if not bad.height:
        return S.EMPLOYEES.conform(merged), []
    ex = cells.join(bad.select("employee_id", "_col"), on=["employee_id", "_col"]).sort(
        "employee_id", "_col", "_sheet"
    )
    first = ex.row(0, named=True)
    other = ex.filter(
        (pl.col("employee_id") == first["employee_id"])
        & (pl.col("_col") == first["_col"])
        & (pl.col("value") != first["value"])
    ).row(0, named=True)
    sheets = [s for s, _ in parts]
    col = parts[first["_sheet"]][1].columns.get(first["_col"], first["_col"])
    warning: Notice = (
        "sheets_roster_conflict",
        {
            "file": file,
            "n": bad.select("employee_id").n_unique(),
            "employee": first["employee_id"],
            "column": col,
            "sheet": sheets[first["_sheet"]],
            "row": first["_row"],
            "value": first["value"],
            "other_sheet": sheets[other["_sheet"]],
            "other_row": other["_row"],
            "other_value": other["value"],
        },
    )
    return S.EMPLOYEES.conform(merged), [warning]
