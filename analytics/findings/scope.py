"""A scope (cycles, department subtree, team, level, job family, rater role) and the frames in it.

The UI's sidebar filters, the report CLI and the findings builder all describe "what to look
at" with one :class:`Scope`, so the dashboard and the exported report agree by construction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import duckdb
import polars as pl

from analytics import schema as S
from analytics import text
from analytics.findings.methods import PART_METHODS
from analytics.findings.stored import is_current, load_company_parts
from analytics.findings.units import cycle_scales_frame
from analytics.stats.distributions import dataset_guideline
from analytics.store import db
from analytics.store import parts as store
from analytics.store.raternames import read_rater_names
from analytics.store.settings import read_guideline, read_role_weights

__all__ = [
    "COMPANY_TABLES",
    "Scope",
    "ScopeData",
    "completion_roles",
    "filter_options",
    "guideline_frame",
    "guideline_of",
    "load_scope",
    "overview_counts",
    "person_filter",
    "rating_counts",
    "read_side_table",
    "role_weights_frame",
    "role_weights_of",
    "root_few",
    "rows_about",
]


def role_weights_frame(weights: dict[str, float] | None) -> pl.DataFrame:
    """The dataset's role weights (``store.settings``) as a frame for ``ScopeData.extras``
    (``company_role_weights``; its values are frames): no rows for the default weights."""
    items = sorted((weights or {}).items())
    return pl.DataFrame(
        {"rater_role": [r for r, _ in items], "weight": [float(w) for _, w in items]},
        schema={"rater_role": pl.String, "weight": pl.Float64},
    )


def guideline_frame(guideline: dict[str, float] | None) -> pl.DataFrame:
    """The guideline the dataset keeps (``store.settings``) as a frame for ``ScopeData.extras``
    (``company_guideline``): ``grade, share`` best first; no rows when it keeps none."""
    items = list((guideline or {}).items())
    return pl.DataFrame(
        {"grade": [g for g, _ in items], "share": [float(v) for _, v in items]},
        schema={"grade": pl.String, "share": pl.Float64},
    )


def guideline_of(data: ScopeData) -> tuple[dict[str, float] | None, list[str]]:
    """The dataset's guideline and its grades (:func:`analytics.stats.distributions.
    dataset_guideline`): the one it keeps, else S-D's default when the recorded grades are S-D,
    else None (shares not entered yet) with the recorded scale's grades."""
    frame = data.company_table("company_guideline")
    kept = (
        None if frame is None or frame.is_empty() else dict(frame.select("grade", "share").rows())
    )
    outcomes = data.company_table("company_outcomes")
    if outcomes is None:
        outcomes = data.outcomes
    present = (
        outcomes.get_column("grade").cast(pl.String).drop_nulls().unique().to_list()
        if "grade" in outcomes.columns
        else []
    )
    return dataset_guideline(kept, present)


def role_weights_of(data: ScopeData) -> dict[str, float] | None:
    """The role weights of the person score in ``data`` (None: the default weights)."""
    frame = data.company_table("company_role_weights")
    if frame is None or frame.is_empty():
        return None
    return dict(zip(frame["rater_role"].to_list(), frame["weight"].to_list()))


@dataclass(frozen=True)
class Scope:
    """What to look at: cycles (none: every cycle), a department subtree, team, level, job family
    and rater role (None: no filter). Hashable and small, so caches key on it; the role filter
    narrows ratings only (a person stays in scope whoever rated them)."""

    cycles: tuple[str, ...] = ()
    department: str | None = None  # a subtree: the unit and every path below it
    team: str | None = None
    level: str | None = None
    job_family: str | None = None
    rater_role: str | None = None
    #: the viewer's reach (:mod:`analytics.findings.visibility` sets these, never a widget):
    #: department subtrees a person must be in (none: no limit), and the people a manager may
    #: see (none: no limit), with the roster's teams of those people (words only: the scope's
    #: label says "your team (财务核算一组)", not "Company")
    within: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    #: people left out of every total for a view that may not see individuals: the 1..k-1
    #: people placed at a department's own root, not in any of its sub-departments (its head:
    #: the department less its sub-departments would be that person, rev27b item 2)
    excluded: tuple[str, ...] = ()

    def key(self) -> tuple:
        return tuple(asdict(self).values())

    def narrowed(self) -> bool:
        """Some person or role filter: fewer people (or ratings) than the company's."""
        return any(
            (
                self.department,
                self.team,
                self.level,
                self.job_family,
                self.rater_role,
                self.within,
                self.people,
                self.excluded,
            )
        )

    def department_only(self) -> bool:
        """A department (any depth) and no team, level, job family or role filter: what is
        stored per department path at import serves it (cycles are checked by the caller)."""
        return (
            bool(self.department)
            and not (self.team or self.level or self.job_family or self.rater_role)
            and not (self.within or self.people or self.excluded)
        )

    def label(self, lang: str = "en") -> str:
        """The scope in words (report titles, the summary's scope): data values as they are,
        the defaults worded by the text layer."""
        parts = [",".join(self.cycles) or text.render("scope.all_cycles", lang), self.where(lang)]
        parts += [v for v in (self.team, self.level, self.job_family, self.rater_role) if v]
        return " / ".join(parts)

    def where(self, lang: str = "en") -> str:
        """The department (or departments, or a manager's team, or the company) in words."""
        return self.department or " + ".join(self.within) or self.reach_words(lang)

    def reach_words(self, lang: str = "en") -> str:
        """The whole of what this scope may hold, in words, where no department names it: a
        manager's team ("your team (财务核算一组)"), else the company."""
        if not self.people:
            return text.render("unit.company", lang)
        if not self.teams:
            return text.render("auth.team_reach", lang)
        return text.render("auth.team_reach_named", lang, teams=" + ".join(self.teams))


#: the company's side tables a scope holds in ``ScopeData.extras`` (:meth:`ScopeData.company_table`)
COMPANY_TABLES = frozenset(
    {
        "company_employees",
        "company_outcomes",
        "company_kpi",
        "company_role_weights",
        "company_guideline",
        # each cycle's scale where the dataset mixes scales (no rows on one scale): the
        # inflation trend is tested within one scale only (rev23b item 9)
        "company_cycle_scales",
        # the names files gave beside rater and manager ids (``rater_names``): shown beside a
        # rater who is no ratee, the roster's name first (findings.names.known_names)
        "company_rater_names",
    }
)


@dataclass
class ScopeData:
    """The frames of one :class:`Scope`, and what the findings may ask of them.

    The frames: ``ratings`` (``db.ratings_frame`` columns: ratings about the people in scope,
    of the rater role in scope), ``company_ratings`` (every rating of the scope's cycles: the
    company parts are fitted on them), ``employees``, ``cycles``, and the people in scope's
    ``outcomes``, ``kpi_results`` and ``appeals``. ``extras`` is the memo of intermediate
    results (``co:<part>`` for a fitted company part; ``company_employees``,
    ``company_outcomes``, ``company_kpi``: the company's side tables).

    This class holds every frame in memory (:func:`load_scope`). Subclasses read them lazily
    (:class:`~analytics.findings.lazyscope.LazyScopeData`, from DuckDB and the parts stored at
    import) or share the company's (the materialisation's department scopes); they override the
    capability methods below to answer without reading rating rows. The defaults answer from
    the frames, and say "nothing stored" (None, False) where only a store could answer.
    """

    scope: Scope
    ratings: pl.DataFrame
    company_ratings: pl.DataFrame
    employees: pl.DataFrame
    cycles: pl.DataFrame
    outcomes: pl.DataFrame
    kpi_results: pl.DataFrame
    appeals: pl.DataFrame
    extras: dict = field(default_factory=dict)

    # --- questions the sections ask (defaults: from the frames) ----------------------------
    def has_ratings(self) -> bool:
        """Whether the scope holds any rating (no section has data otherwise)."""
        return self.ratings.height > 0

    def rater_ids(self) -> pl.DataFrame:
        """The distinct non-null ``rater_id`` of the ratings in scope (one column)."""
        return self.ratings.select("rater_id").drop_nulls().unique()

    def summary_counts(self) -> dict:
        """:func:`rating_counts` of the ratings in scope."""
        return rating_counts(self.ratings.lazy())

    def pair_means(self) -> pl.DataFrame | None:
        """Non-self ratings in scope averaged per (cycle_id, employee_id, rater_id), sorted, with
        the rater ``slot`` and ``_m`` (:func:`~analytics.findings.parts.sorted_pairs`), when the
        scope has them without aggregating its rows here; None: aggregate ``ratings``."""
        return None

    def grade_inputs(self) -> tuple[pl.DataFrame, pl.DataFrame, list[str]] | None:
        """The scope's ratings gathered for kappa (``agreement.grade_agreement_of``: the self
        and manager score of each person x dimension, the non-self scores counted per person x
        dimension, the cycles) when the scope has them without reading its rows here; None:
        gather them from ``ratings``."""
        return None

    def company_table(self, name: str) -> pl.DataFrame | None:
        """The company's side table ``name`` (one of :data:`COMPANY_TABLES`: the whole roster,
        the outcomes, KPI results and role weights of the scope's cycles) when the scope holds
        it; None otherwise. An unknown name raises ``KeyError``."""
        if name not in COMPANY_TABLES:
            raise KeyError(f"no company table {name!r}")
        return self.extras.get(name)

    def holds_company_table(self, name: str) -> bool:
        """Whether :meth:`company_table` ``name`` is in memory already (this class holds every
        one it has; a lazily loaded scope only those read so far), so asking for it reads
        nothing. An unknown name raises ``KeyError``."""
        if name not in COMPANY_TABLES:
            raise KeyError(f"no company table {name!r}")
        return name in self.extras

    def has_company_part(self, name: str) -> bool:
        """Whether company part ``name`` is at hand without fitting it: memoised in this scope
        or stored at import (a lazily loaded scope reads it on first use). A name that is no
        company part raises ``KeyError``, so a misspelt name cannot quietly turn a stored path
        off."""
        if name not in PART_METHODS:
            raise KeyError(f"no company part {name!r}")
        return "co:" + name in self.extras

    # --- what was stored at import (defaults: nothing) --------------------------------------
    def stored_section(self, name: str, employee_id: str | None = None) -> pl.DataFrame | None:
        """Section ``name`` of this scope as stored at import, when current (only one
        employee's rows with ``employee_id``); None: compute it."""
        return None

    def part_in_scope(self, name: str) -> pl.DataFrame | None:
        """The in-scope rows of company part ``name`` read from the store; None: narrow the
        whole part (memoised or fitted) instead."""
        return None

    def part_rows(self, name: str, employee_id: str) -> pl.DataFrame | None:
        """One employee's rows of the stored all-cycles company part ``name``; None when not
        stored."""
        return None

    def stores_for_cycles(self, name: str) -> bool:
        """Whether :meth:`company_part_for_cycles` gives ``name`` (a part computed cycle by cycle,
        ``parts.CYCLE_SEPARABLE``) for this subset of cycles without fitting it."""
        return False

    def company_part_for_cycles(self, name: str) -> pl.DataFrame | None:
        """For a subset of cycles: the stored all-cycles part ``name`` restricted to them; None
        when not stored (or for the all-cycles scope, whose parts load whole)."""
        return None

    def release_if_fitted(self) -> bool:
        """Let go of the rating rows once no company part needs them (every part is memoised
        or stored); whether they were released. In memory: never (they are the scope)."""
        return False


def _dept_filter(col: pl.Expr, department: str | None) -> pl.Expr:
    """The unit and its subtree. Works on String and Categorical paths: the prefix test runs on
    the categories (a String column, the small employees table, is cast first)."""
    if not department:
        return pl.lit(True)
    prefix = department.rstrip("/") + "/"
    return (col == department) | col.cast(pl.Categorical).cat.starts_with(prefix)


def person_filter(scope: Scope) -> pl.Expr:
    """The people of ``scope`` (department subtree, team, level, job family; the viewer's
    subtrees and people) on a frame with those columns: the employees table, or ratings that
    carry the ratee's attributes."""
    cond = _dept_filter(pl.col("department"), scope.department)
    if scope.within:
        reach = pl.lit(False)
        for subtree in scope.within:
            reach = reach | _dept_filter(pl.col("department"), subtree).fill_null(False)
        cond = cond & reach
    if scope.people:
        cond = cond & pl.col("employee_id").cast(pl.String).is_in(list(scope.people))
    if scope.excluded:
        cond = cond & ~pl.col("employee_id").cast(pl.String).is_in(list(scope.excluded))
    for col in ("team", "level", "job_family"):
        val = getattr(scope, col)
        if val:
            cond = cond & (pl.col(col) == val)
    return cond


def root_few(roster: pl.DataFrame, k: int) -> tuple[str, ...]:
    """Ids of the people placed at a department's own root (their department has
    sub-departments and they are in none of them) where that root holds 1..k-1 people: a
    department's totals less its sub-departments' would be theirs, sorted. A view that may
    not see individuals leaves them out of every scope (``Scope.excluded``,
    :mod:`analytics.findings.visibility`); the import stores the sections without them
    (:mod:`analytics.findings.materialise`)."""
    depts = roster["department"].drop_nulls().unique()
    parents = {d.rsplit("/", 1)[0] for d in depts.to_list() if "/" in d}
    parents |= {p for d in parents for p in _ancestors(d)}
    if not parents:
        return ()
    at_root = roster.filter(pl.col("department").is_in(sorted(parents)))
    few = at_root.group_by("department").agg(pl.col("employee_id"), pl.len().alias("n"))
    few = few.filter(pl.col("n") < k)
    return tuple(sorted(few["employee_id"].explode().cast(pl.String).to_list()))


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


#: text columns of the company's side tables read as Categorical: the KPI results run to
#: millions of rows (db.read_table says why)
COMPACT_TEXT: dict[str, tuple[str, ...]] = {
    S.KPI_RESULTS.name: ("cycle_id", "employee_id", "kpi"),
}


def read_side_table(con: duckdb.DuckDBPyConnection, table: S.Table) -> pl.DataFrame:
    """A company side table (outcomes, KPI results, appeals) as the scopes hold it: its
    :data:`COMPACT_TEXT` columns Categorical."""
    return db.read_table(con, table, COMPACT_TEXT.get(table.name, ()))


def load_scope(
    con: duckdb.DuckDBPyConnection, scope: Scope, materialised: bool = True
) -> ScopeData:
    """All frames of a scope. Ratings carry the ratee's attributes; the role filter applies to
    ratings only (a person stays in scope whoever rated them). ``materialised=False``: without
    the company parts stored at import (the import's own refresh fits them anew)."""
    company = db.ratings_frame(con, list(scope.cycles) or None)
    ratings = company.filter(person_filter(scope)) if scope.narrowed() else company
    if scope.rater_role:
        ratings = ratings.filter(pl.col("rater_role") == scope.rater_role)
    all_employees = db.read_table(con, S.EMPLOYEES)
    employees = all_employees.filter(person_filter(scope))
    cycles = db.read_table(con, S.CYCLES).sort("ordering")
    everyone = not scope.narrowed()  # the whole roster: side tables shared when they can be

    def company_table(table: S.Table) -> pl.DataFrame:
        frame = read_side_table(con, table)
        if scope.cycles:
            frame = frame.filter(pl.col("cycle_id").is_in(list(scope.cycles)))
        return frame

    outcomes, kpis, appeals = (company_table(t) for t in (S.OUTCOMES, S.KPI_RESULTS, S.APPEALS))
    extras: dict = {
        "company_employees": all_employees,
        "company_outcomes": outcomes,
        "company_kpi": kpis,
        "company_role_weights": role_weights_frame(read_role_weights(con)),
        "company_guideline": guideline_frame(read_guideline(con)),
        "company_cycle_scales": cycle_scales_frame(con),
        "company_rater_names": read_rater_names(con),
    }
    all_cycles = not scope.cycles or set(scope.cycles) >= set(cycles["cycle_id"].to_list())
    if all_cycles and materialised:
        extras.update(load_company_parts(con))
    return ScopeData(
        scope=scope,
        ratings=ratings,
        company_ratings=company,
        employees=employees,
        cycles=cycles,
        outcomes=rows_about(outcomes, employees, everyone),
        kpi_results=rows_about(kpis, employees, everyone),
        appeals=rows_about(appeals, employees, everyone),
        extras=extras,
    )


def rating_counts(rows: pl.LazyFrame) -> dict:
    """The summary's counts of rating rows: sorted cycle ids, distinct ratees and raters, rows.
    Lazily, so the distinct counts run in parallel (a Series' n_unique hashes the tens of
    millions of text rater ids on one thread: 3 s against 0.4 s at 31.8M ratings)."""
    cycles, n = pl.collect_all(
        [
            rows.select(pl.col("cycle_id").unique().sort()),
            rows.select(
                employees=pl.col("employee_id").n_unique(),
                raters=pl.col("rater_id").drop_nulls().n_unique(),
                ratings=pl.len(),
            ),
        ]
    )
    return {
        "cycles": cycles["cycle_id"].cast(pl.String).to_list(),
        "employees": n["employees"].item(),
        "raters": n["raters"].item(),
        "ratings": n["ratings"].item(),
    }


def rows_about(
    frame: pl.DataFrame, people: pl.DataFrame, everyone: bool = False, col: str = "employee_id"
) -> pl.DataFrame:
    """The rows of ``frame`` whose ``col`` names someone in ``people`` (its ``employee_id``,
    cast to ``frame``'s dtype: String or Categorical).

    ``everyone``: ``people`` is the whole roster (the company scope). Then ``frame`` itself is
    returned when every row is about someone on it (an anti-join finds none that is not), so
    the scope and the company share one copy of millions of KPI results or part rows instead of
    holding a semi-joined second one (0.84 GiB at 31.8M ratings)."""
    ids = people.select(pl.col("employee_id").cast(frame.schema[col]).alias(col))
    if everyone and frame.join(ids, on=col, how="anti").is_empty():
        return frame
    return frame.join(ids, on=col, how="semi")


def result_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """The people and cycles with a result (final score, grade or potential) loaded: what a
    dataset of results only holds, when it has no rating to analyse (helper B, session 44:
    such a dataset was said to hold "no ratings or results")."""
    people, cycles = con.execute(
        "SELECT count(DISTINCT employee_id), count(DISTINCT cycle_id) FROM outcomes"
    ).fetchone()
    return int(people), int(cycles)


_OVERVIEW_PARTS = ("per_cycle", "per_role", "completion", "totals")


def overview_counts(
    con: duckdb.DuckDBPyConnection,
    use_materialised: bool = True,
    rows_sql: tuple[str, dict] | None = None,
) -> dict[str, pl.DataFrame]:
    """What is loaded: ratings and people per cycle, per department and rater role, and the
    completion of self/manager/peer reviews per top-level department. Read from the copy
    stored at import when it is current (these scan every rating). ``rows_sql``: only the
    rating rows that ``FROM ... WHERE ...`` (alias ``r``) and its parameters pick, counted
    now (a scoped viewer's reach: rev35 finding 2, a department head read every other
    department's completion and the company's counts); the totals then count those rows'
    people, raters and cycles."""
    if rows_sql is not None:
        return _overview_of_rows(con, f"(SELECT r.* {rows_sql[0]})", rows_sql[1])
    if use_materialised and is_current(con):
        try:
            return {
                n: db.query(con, f"SELECT * FROM {db.q(store.OVERVIEW_PREFIX + n)}")
                for n in _OVERVIEW_PARTS
            }
        except duckdb.CatalogException:
            pass
    return _overview_of_rows(con, db.q(S.REVIEW_ROWS.name), None)


def _overview_of_rows(
    con: duckdb.DuckDBPyConnection, rows: str, params: dict | None
) -> dict[str, pl.DataFrame]:
    """:func:`overview_counts` of the rating rows ``rows`` (a table or a subquery)."""
    scoped = params is not None
    per_cycle = db.query(
        con,
        f"""
        SELECT r.cycle_id, any_value(c.ordering) AS ordering, count(*) AS ratings,
               count(DISTINCT r.employee_id) AS employees, count(DISTINCT r.rater_id) AS raters
        FROM {rows} r LEFT JOIN cycles c USING (cycle_id) GROUP BY r.cycle_id ORDER BY ordering""",
        params,
    )
    per_role = db.query(
        con,
        f"""
        SELECT rater_role, count(*) AS ratings, count(DISTINCT employee_id) AS employees
        FROM {rows} GROUP BY rater_role ORDER BY ratings DESC, rater_role""",
        params,
    )
    # one column per rater role (S.RATER_ROLES: skip-level and subordinate too, rev23a item
    # 13); the page shows the roles the dataset holds (``completion_roles``)
    has = ", ".join(f"bool_or(rater_role = '{r}') AS has_{r}" for r in S.RATER_ROLES)
    done = ", ".join(f"avg(has_{r}::INT) AS {r}_done" for r in S.RATER_ROLES)
    completion = db.query(
        con,
        f"""
        WITH people AS (
            SELECT DISTINCT r.cycle_id, r.employee_id,
                   split_part(coalesce(e.department, '?'), '/', 1) AS department
            FROM {rows} r LEFT JOIN employees e USING (employee_id)),
        has AS (
            SELECT cycle_id, employee_id, {has}
            FROM {rows} GROUP BY cycle_id, employee_id)
        SELECT p.department, count(*) AS employee_cycles, {done}
        FROM people p JOIN has h USING (cycle_id, employee_id)
        GROUP BY p.department ORDER BY p.department""",
        params,
    )
    if scoped:  # the reach's own people, cycles, ratings and raters (no import or quarantine
        # count of the whole dataset: the page counts the reach's quarantined rows itself)
        totals = db.query(
            con,
            f"""
            SELECT count(DISTINCT employee_id) AS employees, count(DISTINCT cycle_id) AS cycles,
                   count(*) AS ratings, count(DISTINCT rater_id) AS raters
            FROM {rows} r""",
            params,
        )
    else:
        totals = db.query(
            con,
            f"""
            SELECT (SELECT count(*) FROM employees) AS employees,
                   (SELECT count(*) FROM cycles) AS cycles,
                   (SELECT count(*) FROM {rows}) AS ratings,
                   (SELECT count(DISTINCT rater_id) FROM {rows}) AS raters,
                   (SELECT count(*) FROM imports WHERE status = 'loaded') AS imports,
                   -- rows, as the page says: one row may have several quarantined cells
                   (SELECT count(DISTINCT (file, row_number)) FROM quarantine) AS quarantined""",
        )
    return {
        "per_cycle": per_cycle,
        "per_role": per_role,
        "completion": completion,
        "totals": totals,
    }


def completion_roles(completion: pl.DataFrame) -> tuple[list[str], list[str]]:
    """The rater roles of the overview's completion table (``overview_counts``) in
    ``S.RATER_ROLES`` order: those the dataset holds (some person rated in that role, so a
    column ``<role>_done`` above 0 somewhere), and the usual ones (self, manager, peer) it holds
    none of. A source the company does not use read as 0% done in every department, and a
    skip-level review it does use had no column (rev23a item 13)."""
    usual = ("self", "manager", "peer")
    held, unused = [], []
    for role in S.RATER_ROLES:
        col = f"{role}_done"
        if col in completion.columns and bool((completion[col].fill_null(0) > 0).any()):
            held.append(role)
        elif role in usual:
            unused.append(role)
    return held, unused


def filter_options(con: duckdb.DuckDBPyConnection) -> dict:
    """Values for the sidebar filters (departments include every ancestor path)."""
    emp = db.read_table(con, S.EMPLOYEES)
    rows = db.query(con, "SELECT cycle_id, label FROM cycles ORDER BY ordering")
    cycles = rows["cycle_id"].to_list()
    # the cycle as the imported file named it, where that is not its code (2026年上半年 for
    # 2026H1: rev26a item 9)
    named = rows.filter(pl.col("label").is_not_null() & (pl.col("label") != pl.col("cycle_id")))
    depts: set[str] = set()
    for path in emp["department"].drop_nulls().unique().to_list():  # distinct paths only
        parts = path.split("/")
        depts.update("/".join(parts[: i + 1]) for i in range(len(parts)))

    def values(col: str) -> list[str]:  # 技术2组 before 技术10组
        return sorted(emp[col].drop_nulls().unique().to_list(), key=S.natural_key)

    teams_by_dept: dict[str, set[str]] = {}
    for path, team in emp.select("department", "team").drop_nulls().unique().iter_rows():
        parts = path.split("/")
        for i in range(len(parts)):
            teams_by_dept.setdefault("/".join(parts[: i + 1]), set()).add(team)
    return {
        "teams_by_dept": {k: sorted(v, key=S.natural_key) for k, v in teams_by_dept.items()},  # type: ignore[dict-item]
        "cycles": cycles,
        "cycle_labels": dict(named.iter_rows()),  # type: ignore[dict-item]
        "departments": sorted(depts, key=S.natural_key),
        "teams": values("team"),
        "levels": values("level"),
        "job_families": values("job_family"),
        "roles": list(S.RATER_ROLES),
    }
