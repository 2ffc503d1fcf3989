"""A person's attributes from a file: the roster (``employees``, a person's last row wins) and
the group attributes (``person_groups``: gender, age band, tenure, declared columns)."""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.cells import as_dates
from analytics.ingest.detect import ROSTER_FIELDS, Detection
from analytics.ingest.kpis import GROUP_PREFIX
from analytics.ingest.problems import Context, Notice
from analytics.ingest.readers import ROW
from analytics.store import db


def groups_frame(base: pl.DataFrame, det: Detection) -> pl.DataFrame:
    """``person_groups`` rows of a table: one per person, cycle (null without a cycle column)
    and group column with a value; a person's last row wins."""
    cycle = pl.col("cycle_id") if "cycle_id" in base.columns else pl.lit(None, pl.String)
    parts = [
        base.select(
            pl.col(ROW),
            "employee_id",
            cycle.alias("cycle_id"),
            pl.lit(g).alias("group_column"),
            pl.col(f"{GROUP_PREFIX}{g}").cast(pl.String).str.strip_chars().alias("value"),
        )
        for g in dict.fromkeys(det.group_columns.values())
    ]
    out = (
        pl.concat(parts)
        .filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
        .sort(ROW)
        .unique(["employee_id", "cycle_id", "group_column"], keep="last", maintain_order=True)
    )
    return S.PERSON_GROUPS.conform(out)


def employees_frame(
    base: pl.DataFrame, src_of: dict[str, str], ctx: Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The roster of a file (an employee's last row wins); a hire date that is no date is
    quarantined and left empty."""
    problems: list[pl.DataFrame] = []
    if "hire_date" in base.columns:
        base, problems, warns = as_dates(
            base, "hire_date", src_of.get("hire_date", "hire_date"), ctx.lang, ctx.file
        )
        ctx.warnings.extend(warns)
        # one reason per (row, cell): a roster repeated on every rating row says it once
        problems = [p.unique(["row_number", "column"]) for p in problems]
    cols = [f for f in ROSTER_FIELDS if f in base.columns]
    order = ["cycle_id", ROW] if "cycle_id" in base.columns else [ROW]
    out = (
        base.sort(order)
        .select(["employee_id", *cols, ROW])
        .unique("employee_id", keep="last", maintain_order=True)
    )
    ctx.warnings.extend(department_moves(base, ctx.file))  # history re-cut: said (rev22)
    # each person's source row: two sheets that disagree on a person are named by row
    ctx.origins[S.EMPLOYEES.name] = out.select(pl.col(ROW).alias("_row"))
    return S.EMPLOYEES.conform(out), problems


#: a department that disappears while another appears with at least this share of its people
#: (those of its last cycle) reads as renamed
RENAMED_SHARE = 0.8
#: people named in the warning about people who changed department between cycles
MOVERS_SHOWN = 3


def _renames(rows: pl.DataFrame) -> dict[str, tuple[str, int, int]]:
    """Apparent renames in ``rows`` (one per person and cycle: ``employee_id, cycle_id,
    department``): old -> (new, people of old's last cycle found in new's first, of them).
    A department absent from the file's last cycle whose people of its last cycle mostly
    (:data:`RENAMED_SHARE`) appear together in a department first seen the cycle after."""
    cycles = sorted(rows.get_column("cycle_id").unique().to_list())
    span = rows.group_by("department").agg(
        pl.col("cycle_id").min().alias("first"), pl.col("cycle_id").max().alias("last")
    )
    gone = span.filter(pl.col("last") < cycles[-1])
    out: dict[str, tuple[str, int, int]] = {}
    for old, last in gone.select("department", "last").iter_rows():
        after = cycles[cycles.index(last) + 1]
        people = rows.filter((pl.col("department") == old) & (pl.col("cycle_id") == last))
        there = (
            rows.filter(pl.col("cycle_id") == after)
            .join(people.select("employee_id"), on="employee_id")
            .join(span.filter(pl.col("first") == after), on="department")
            .group_by("department")
            .len()
            .sort("len", "department", descending=[True, False])
        )
        if there.height and there["len"][0] >= RENAMED_SHARE * people.height:
            out[old] = (there["department"][0], int(there["len"][0]), people.height)
    return out


def _two_departments(base: pl.DataFrame, file: str) -> tuple[list[Notice], list[str]]:
    """People in more than one department in one cycle (rows of 制造中心 and of 质量部 in
    2026Q2): a warning naming a few, each cycle's departments and the one kept (that of their
    latest row, as ``employees``); and their ids. Why: they were said as moving "制造中心
    (2025Q4) → 质量部 (2026Q2)" though both held in 2026Q2 and 制造中心 is kept (rev29a 9)."""
    rows = base.filter(pl.col("department").is_not_null()).sort("cycle_id", ROW)
    per = (
        rows.group_by("employee_id", "cycle_id", maintain_order=True)
        .agg(pl.col("department").unique(maintain_order=True).alias("_ds"))
        .filter(pl.col("_ds").list.len() > 1)
    )
    if not per.height:
        return [], []
    ids = per.get_column("employee_id").unique(maintain_order=True).to_list()
    last = rows.unique("employee_id", keep="last")
    kept = dict(last.select("employee_id", "department").rows())
    names = dict(last.select("employee_id", "name").rows()) if "name" in rows.columns else {}
    # one entry per person (each cycle of theirs named once), the first few people
    cycles: dict[str, list[str]] = {}
    for e, c, ds in per.filter(pl.col("employee_id").is_in(ids[:MOVERS_SHOWN])).iter_rows():
        cycles.setdefault(e, []).append(f"{c} {' / '.join(ds)}")
    people = [
        f"{e} {names.get(e) or ''}: {'; '.join(cs)} → {kept[e]}".replace(" :", ":")
        for e, cs in cycles.items()
    ]
    if len(ids) > len(people):
        people.append("…")
    params = {"file": file, "n": len(ids), "people": people}
    return [("department_two_in_cycle", params)], ids


def department_moves(base: pl.DataFrame, file: str) -> list[Notice]:
    """What the file says of departments over its cycles that one department per person
    (``employees``: the latest row's) does not keep: people whose department or team differs
    between cycles (every cycle is shown by their latest department; said with counts and a
    few named), and departments that look renamed (one disappears as another appears with
    mostly the same people). Nothing with one cycle or no department column."""
    if "cycle_id" not in base.columns or "department" not in base.columns:
        return []
    said, twice = _two_departments(base, file)
    base = base.filter(~pl.col("employee_id").is_in(twice))  # said as such, not as movers
    cols = ["department", *(["team"] if "team" in base.columns else [])]
    rows = (
        base.filter(pl.col("department").is_not_null())
        .sort("cycle_id", ROW)
        .unique(["employee_id", "cycle_id"], keep="last", maintain_order=True)
        .select("employee_id", "cycle_id", *cols, *(["name"] if "name" in base.columns else []))
    )
    if rows.get_column("cycle_id").n_unique() < 2:
        return said
    latest = rows.get_column("cycle_id").max()
    renames = _renames(rows)
    said += [
        (
            "department_renamed",
            {"file": file, "old": old, "new": new, "n": n, "of": of},
        )
        for old, (new, n, of) in renames.items()
    ]
    # a renamed department is the same one: its people did not move
    rows = rows.with_columns(
        pl.col("department").replace({o: n for o, (n, _, _) in renames.items()}).alias("_dept")
    )
    per = rows.group_by("employee_id", maintain_order=True).agg(
        pl.col("_dept").n_unique().alias("depts"),
        (pl.col("team").drop_nulls().n_unique() if "team" in cols else pl.lit(0)).alias("teams"),
    )
    movers = per.filter(pl.col("depts") > 1).get_column("employee_id")
    team_only = per.filter((pl.col("depts") == 1) & (pl.col("teams") > 1)).height
    if movers.len():
        shown: dict[str, str] = {}  # one person per way of moving first, then the others
        for emp in movers.head(20 * MOVERS_SHOWN).to_list():  # a few looked at, not all
            mine = rows.filter(pl.col("employee_id") == emp)
            steps = mine.unique("department", keep="first", maintain_order=True)
            way = " → ".join(
                f"{d} ({c})" for d, c in steps.select("department", "cycle_id").iter_rows()
            )
            name = mine["name"][-1] if "name" in mine.columns and mine["name"][-1] else ""
            shown.setdefault(way, f"{emp} {name}: {way}".replace(" :", ":"))
            if len(shown) == MOVERS_SHOWN:
                break
        said.append(
            (
                "department_movers",
                {"file": file, "n": movers.len(), "latest": latest, "people": list(shown.values())},
            )
        )
    if team_only:
        said.append(("team_movers", {"file": file, "n": team_only, "latest": latest}))
    return said


def roster_changes(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> dict[str, int]:
    """What a roster (``employees`` rows) does to the stored one: ``people`` it names, ``new``
    (not stored yet), ``departments`` and ``levels`` (stored with another non-empty value; a
    blank in the file keeps the stored value). The preview and the import say it so (rev22: a
    roster import read "0 rows")."""
    people = frame.get_column("employee_id").n_unique()
    rows = frame.select(
        "employee_id",
        *(pl.col(c).cast(pl.String) for c in ("department", "level") if c in frame.columns),
    ).unique("employee_id", keep="last")
    cur = con.cursor()  # the frame is registered on a cursor of its own
    try:
        cur.register("_roster", rows.to_arrow())
        t = db.q(S.EMPLOYEES.name)

        def differs(c: str) -> str:
            if c not in rows.columns:
                return "0"
            return (
                f"count(*) FILTER (WHERE o.employee_id IS NOT NULL AND n.{c} IS NOT NULL "
                f"AND o.{c} IS NOT NULL AND n.{c} <> o.{c})"
            )

        new, depts, levels = cur.execute(
            f"SELECT count(*) FILTER (WHERE o.employee_id IS NULL), {differs('department')}, "
            f"{differs('level')} FROM _roster n LEFT JOIN {t} o USING (employee_id)"
        ).fetchone()
    finally:
        cur.close()
    return {"people": people, "new": int(new), "departments": int(depts), "levels": int(levels)}
