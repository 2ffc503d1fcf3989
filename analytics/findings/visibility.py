"""Who sees what: every scope, section, person record, roster and report passes through a
:class:`View` of the viewer (:class:`~analytics.auth.roles.Viewer`) before it is shown or
written.

- **Row-level scope** (:meth:`View.clip`): a scope is intersected with the viewer's reach: a
  department head's or HRBP's subtrees (``Scope.within``, or the one subtree as the scope's
  department), a manager's team (``Scope.people``: whose manager they are on the roster, or
  whom they rated as manager). A department asked for outside the reach (a sidebar value, a
  URL's ``?department=``, ``report --department``) raises :class:`OutOfScope`; a person outside
  it is "not in your scope" (:meth:`View.person`). Company-wide models (rater effects, the
  company component of a change, peer-group percentiles) are still fitted on every rating and
  then narrowed, so a department head sees the company baselines as aggregates only.
- **Rows that name someone else** (:meth:`View.frame`): rows about a person outside the reach
  are dropped (the person column: ``employee_id``, else ``rater_id``; a rater row of the viewer
  themself stays: a manager's own rating standard names no one); another person column
  (``manager_id``, ``manager_from`` ...) naming an outsider is emptied. How many rater rows a
  role is not shown (:meth:`View.left_out`) is said beside those shown.
- **Peer anonymity**, below ``hr_admin``: no individual peer or subordinate rater (their rows in
  the rater table, their ids and comments on the person page, a person's peer reviews on their
  own record, the peer and subordinate shares of another rater's role mix); a source mean
  of fewer than ``k`` raters is suppressed (emptied, and the page says so) with every value
  it could be worked out from beside the scores shown (its SD, the manager - peer gap and
  interval, a re-check row's largest gap and rank), and so are unit rows of fewer than ``k``
  people.
- **Pseudonymised** (the analyst, or any export asked so): person ids become keyed hashes
  (:mod:`analytics.auth.pseudonym`), names and comments are left out.
- **Row-level quasi-identifiers** (:meth:`View.k_anonymous`), for a view that may not see
  individuals: a row about one person keeps its department path, team, level and job family
  only as coarse as makes every combination kept hold at least :data:`MIN_SCOPE_PEOPLE` people
  of the company (:func:`generalised_roster`: one choice per top-level department, the same on
  every page and export); managers' ids, location and hire date are left out; a person whose
  top-level department is smaller than that is left out (rev27b item 1).
- **People at a department's root** (:func:`root_few`), for such a view: the 1..k-1 people
  placed at a department's own root (not in any of its sub-departments: its head) are left out
  of every scope (``Scope.excluded``), so a department less its sub-departments is nobody
  (rev27b item 2: 财务部 − 财务核算部 − 资金管理部 gave the head's score).
- **Small scopes** (:meth:`View.small_scope`), for a view that may not see individuals (the
  pseudonymised one): a scope, after every filter, of fewer than :data:`MIN_SCOPE_PEOPLE`
  people shows nothing of it, neither rows nor aggregates (a department and level that hold
  one person, its head, would show that person's changes, box and backtest); a sentence
  says why (:class:`OutOfScope` ``scope_too_small``). Pages stop there, exports hold no rows.

The administrator's view (:data:`~analytics.auth.roles.LOCAL_ADMIN` when no sign-in is
configured) changes nothing: every frame is returned as it is.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace

import duckdb
import polars as pl

from analytics import schema as S
from analytics import text
from analytics.auth.pseudonym import pseudonymise
from analytics.auth.roles import AuthProblem, Viewer
from analytics.findings.methods import MIN_N
from analytics.findings.names import NAME_COLUMNS
from analytics.findings.scope import Scope, ScopeData, person_filter, root_few
from analytics.stats.raters_panel import PANEL_MIN_RATEES
from analytics.store import db

__all__ = [
    "ANONYMOUS_ROLES",
    "FEW_PEOPLE_POOLED",
    "GROUP_COLUMNS",
    "MIN_SCOPE_PEOPLE",
    "POOLED_SECTIONS",
    "RATER_COUNTS",
    "TEXT_COLUMNS",
    "OutOfScope",
    "View",
    "banded_counts",
    "generalised_roster",
    "hidden_by_subtraction",
    "off_roster_pairs",
    "off_roster_raters",
    "root_few",
    "team_of",
    "unit_sizes",
    "view_for",
    "withheld_units",
]

#: rater roles shown below hr_admin only as aggregates of at least k raters
ANONYMOUS_ROLES = ("peer", "subordinate")
#: the fewest people a scope must hold for a view that may not see individuals (the analyst) to
#: be shown its results: the minimum Distributions computes a unit's statistics for
MIN_SCOPE_PEOPLE = MIN_N
#: sections whose values pool every rating of the scope's people, peers' and subordinates'
#: too: agreement on grades (kappa with its observed and chance agreement) and the G and D
#: studies. Over fewer than k people they describe a handful of peers' own ratings (rev35
#: finding 1: kappa of one person's two peers, with the role filter on them, told on which of
#: 6 dimensions they agreed and how many of their ratings fell in each grade: 12 of 46,656
#: possible pairs of ratings were left)
POOLED_SECTIONS = ("agreement", "g_study", "decision_study")
#: the reason said where they are withheld (a ``reason`` code of the agreement table)
FEW_PEOPLE_POOLED = "fewer_than_k_people"
#: free text a pseudonymised view leaves out (comments, an appeal's reason)
TEXT_COLUMNS = ("comment", "reason_text", "appeal_reason")
#: person-id columns (every one gets a name column beside it in tables and exports)
ID_COLUMNS = tuple(NAME_COLUMNS)
NAME_COLUMN_NAMES = tuple(NAME_COLUMNS.values())
#: the columns that name a group in a breakdown (a row per group, its size in ``n``)
GROUP_COLUMNS = ("unit", "dept")
#: the column saying why a group's numbers are not shown (a ``reason`` phrase)
PRIVACY = "privacy"
#: its reason for a unit hidden by complementary suppression (:meth:`View.complement`)
SUBTRACTION = "suppressed_by_subtraction"
#: what a suppressed group keeps
_KEEP = (
    *GROUP_COLUMNS,
    "cycle_id",
    "from_cycle",
    "to_cycle",
    "grade",
    "kpi",
    "perf_band",
    "pot_band",
    "box_label",
)
#: per-source means of a person (sources, recheck) and what is computed from them
_SOURCE_DEPENDENTS = {
    "peer": (
        "peer_sd",
        "gap_manager_peer",
        "mp_se",
        "mp_ci95_low",
        "mp_ci95_high",
    ),
    "subordinate": (),
}


class OutOfScope(AuthProblem):
    """What was asked lies outside the viewer's reach (or the viewer has no role)."""


def team_of(con: duckdb.DuckDBPyConnection, manager_id: str) -> tuple[str, ...]:
    """A manager's team: the people whose manager they are on the roster, and those they rated
    as manager (themselves excluded), sorted."""
    rows = con.execute(
        f"""
        SELECT employee_id FROM {db.q(S.EMPLOYEES.name)} WHERE manager_id = $m
        UNION
        SELECT DISTINCT employee_id FROM {db.q(S.REVIEW_ROWS.name)}
        WHERE rater_id = $m AND rater_role = 'manager'""",
        {"m": manager_id},
    ).fetchall()
    return tuple(sorted({r[0] for r in rows if r[0] is not None and r[0] != manager_id}))


def _inside(department: str, subtrees: tuple[str, ...]) -> bool:
    return any(department == d or department.startswith(d.rstrip("/") + "/") for d in subtrees)


#: phrase parameters that hold a person's id under another name than an id column's
_PHRASE_ID_FIELDS = ("rater",)
#: a phrase parameter naming a person: ``{id, name}`` (render's ``{x:who}``)
_PERSON_FIELD = "who"


def _rewrite_ids(
    frame: pl.DataFrame, fn: Callable[[pl.Series], pl.Series], skip: str | None = None
) -> pl.DataFrame:
    """``fn`` applied to every person-id column but ``skip``, and to the person ids a phrase
    column (or a list of phrases: a ranked row's cautions) carries in its parameters (a manager
    change's ``manager_from``, a caution's ``rater`` ...); a person named in a parameter
    (``who``: id and name) keeps the name only where ``fn`` kept the id."""
    out = frame
    for col in ID_COLUMNS:
        if col in out.columns and col != skip:
            out = out.with_columns(fn(out[col]).alias(col))
    for name, dtype in frame.schema.items():
        if text.is_phrase(dtype):
            out = out.with_columns(_rewrite_phrases(out[name], fn))
        elif (
            isinstance(dtype, pl.List)
            and text.is_phrase(dtype.inner)
            and _carries_people(dtype.inner)
        ):
            flat = (
                pl.DataFrame({name: out[name]})
                .with_row_index("_row")
                .explode(name, empty_as_null=True)  # every row kept, its empty list a null
            )
            flat = flat.with_columns(_rewrite_phrases(flat[name], fn))
            lists = flat.group_by("_row", maintain_order=True).agg(pl.col(name).drop_nulls())
            rebuilt = lists[name].zip_with(
                out[name].is_not_null(),
                pl.Series(name, [None], lists[name].dtype).new_from_index(0, out.height),
            )
            out = out.with_columns(rebuilt)
    return out


def _carries_people(dtype: pl.DataType) -> bool:
    """Whether a phrase dtype's parameters hold a person's id or name."""
    params = dict(dtype.to_schema())["params"]  # type: ignore[union-attr]
    fields = set(params.to_schema())  # type: ignore[union-attr]
    return bool(fields & {*ID_COLUMNS, *_PHRASE_ID_FIELDS, _PERSON_FIELD})


def _rewrite_phrases(phrases: pl.Series, fn: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """A phrase column with ``fn`` applied to the person ids among its parameters."""
    if not _carries_people(phrases.dtype):
        return phrases
    params = phrases.struct.field("params")
    fields = [f.name for f in params.dtype.fields]  # type: ignore[union-attr]
    ids = [f for f in fields if f in ID_COLUMNS or f in _PHRASE_ID_FIELDS]
    unnested = params.struct.unnest()
    unnested = unnested.with_columns([fn(unnested[f]).alias(f) for f in ids])
    if _PERSON_FIELD in fields:
        person = unnested[_PERSON_FIELD]
        pid = person.struct.field("id")
        new = fn(pid)
        kept = (new.cast(pl.String) == pid.cast(pl.String)).fill_null(False)
        named = person.struct.field("name").zip_with(
            kept, pl.Series([None], dtype=pl.String).new_from_index(0, len(person))
        )
        rebuilt_person = pl.DataFrame({"id": new, "name": named}).to_struct(_PERSON_FIELD)
        unnested = unnested.with_columns(rebuilt_person)
    rebuilt = pl.DataFrame(
        {"code": phrases.struct.field("code"), "params": unnested.to_struct("params")}
    ).to_struct(phrases.name)
    return rebuilt.zip_with(
        phrases.is_not_null(),
        pl.Series(phrases.name, [None], rebuilt.dtype).new_from_index(0, rebuilt.len()),
    )


def _named_roles_only(mix: pl.Expr, fields: tuple[str, ...] = ()) -> pl.Expr:
    """A rater's role mix (phrases ``role_share``: role, share) without its peer and
    subordinate shares, the rest as shares of the rater's named-role ratings: "skip-level 79%
    · peer 13% · manager 8%" would tell that this person gave peer ratings; "skip-level 91% ·
    manager 9%" does not."""
    params = pl.element().struct.field("params")
    role, share = params.struct.field("role"), params.struct.field("share")
    shown = ~role.is_in(ANONYMOUS_ROLES)
    others = [params.struct.field(f).alias(f) for f in fields if f not in ("role", "share")]
    rebuilt = pl.struct(
        pl.element().struct.field("code").alias("code"),
        pl.struct(
            role.alias("role"), (share / share.filter(shown).sum()).alias("share"), *others
        ).alias("params"),
    )
    return mix.list.eval(rebuilt.filter(shown))


def _mix_params(raters: pl.DataFrame) -> dict[str, pl.DataType]:
    """The parameters of the ``role_share`` phrases of a rater table's ``role_mix``."""
    return _phrase_params(raters.schema["role_mix"])


def _phrase_params(dtype: pl.DataType) -> dict[str, pl.DataType]:
    """The parameters of a phrase column (or a list of phrases): name -> dtype."""
    inner = dtype.inner if isinstance(dtype, pl.List) else dtype
    params = dict(inner.to_schema()).get("params") if isinstance(inner, pl.Struct) else None
    return dict(params.to_schema()) if isinstance(params, pl.Struct) else {}


#: a rater's counts and the ``role_share`` parameter that counts them per role
_ROLE_COUNTS = {"n": "ratings", "n_pairs": "pairs", "n_ratees": "ratees"}


def _named_counts(raters: pl.DataFrame) -> list[pl.Expr]:
    """A rater's counts (ratings ``n``, ``n_pairs``, ``n_ratees``) in their manager,
    skip-level and self roles only. Why: with the peer share hidden, a total of all roles
    still told a department head how many peer ratings the rater gave (870 ratings of which
    the named roles account for 757). The effect stays estimated from all the rater's
    ratings: it is the rater's own standard, which their peer ratings show as well as the
    others; only the counts are of the roles shown (docs/security.md). A table stored
    before the role counts existed keeps its counts."""
    fields = _mix_params(raters)
    out = []
    for col, field in _ROLE_COUNTS.items():
        if col not in raters.columns or field not in fields:
            continue
        p = pl.element().struct.field("params")
        shown = ~p.struct.field("role").is_in(ANONYMOUS_ROLES)
        named = pl.col("role_mix").list.eval(p.struct.field(field).filter(shown).sum())
        out.append(named.list.first().cast(raters.schema[col]).fill_null(pl.col(col)).alias(col))
    return out


@dataclass(frozen=True)
class View:
    """A viewer's view of one dataset: their reach (``reach``: a scope of the people they may
    see; ``allowed``: those people's ids, None for everyone) and the pseudonym key."""

    viewer: Viewer
    reach: Scope
    allowed: frozenset[str] | None
    key: bytes | None = None
    #: ids hashed, names and comments left out (the analyst; an export asked so)
    pseudonymised: bool = False
    #: a manager's: the departments their people are in on the roster (a department asked for
    #: that holds none of them lies outside the reach, as it does for a department head)
    reach_departments: tuple[str, ...] = ()
    #: a view that may not see individuals: the people at a department's root left out of
    #: every scope (:func:`root_few`), and each person's quasi-identifiers as coarse as its
    #: rows may carry them (:func:`generalised_roster`)
    excluded: tuple[str, ...] = ()
    #: ``(department, people)`` of those left out at each department's root
    excluded_at: tuple[tuple[str, int], ...] = ()
    coarse: pl.DataFrame | None = dataclasses.field(default=None, compare=False, hash=False)

    @property
    def is_everything(self) -> bool:
        """Nothing to clip, hide or hash: the administrator's plain view."""
        return self.viewer.is_admin and not self.pseudonymised

    @property
    def sees_individuals(self) -> bool:
        """Whether this view may be shown one identifiable person's results: not when
        pseudonymised (the analyst; an export asked so), whose ids, names and comments are
        hidden, so a filter that leaves one person must not give their numbers away."""
        return not self.pseudonymised

    # --- scopes ----------------------------------------------------------------------------
    def small_scope(self, people: int) -> OutOfScope | None:
        """The small-scope rule: for a view that may not see individuals, a scope (after every
        filter) of ``people`` people, 0 < people < :data:`MIN_SCOPE_PEOPLE`, is refused: the
        problem to say (``scope_too_small``), else None. An empty scope is left to the page's
        own "no data"."""
        if self.sees_individuals or people <= 0 or people >= MIN_SCOPE_PEOPLE:
            return None
        return OutOfScope("scope_too_small", n=people, k=MIN_SCOPE_PEOPLE)

    def pooled(
        self, name: str, frame: pl.DataFrame | None, people: Callable[[], int]
    ) -> pl.DataFrame | None:
        """Section ``name`` as this viewer may see it when it is one of :data:`POOLED_SECTIONS`:
        for a viewer who may not see peers' ratings (below hr_admin), over 1..k-1 rated people
        (``people()``, counted only then) the agreement table keeps its rows with no value and
        the reason :data:`FEW_PEOPLE_POOLED`, the G and D studies no rows. Other sections,
        other viewers and larger scopes: ``frame`` as it is."""
        if frame is None or name not in POOLED_SECTIONS or self.viewer.sees_rater_ids:
            return frame
        if not 0 < people() < self.viewer.k:
            return frame
        if name != "agreement" or "reason" not in frame.columns:
            return frame.head(0)
        kept = {"cycle_id", "measure", "design", "reason"}
        return frame.with_columns(
            *(pl.lit(None, frame.schema[c]).alias(c) for c in frame.columns if c not in kept),
            pl.lit(FEW_PEOPLE_POOLED, frame.schema["reason"]).alias("reason"),
        )

    def check_size(self, data: ScopeData) -> None:
        """:meth:`small_scope` of the people rated in ``data`` (a clipped scope's data):
        raises the problem. Counts only for a view that may not see individuals."""
        if self.sees_individuals:
            return
        people = int(data.summary_counts()["employees"])
        if not people and data.scope.excluded:  # only people left out at a department's root:
            # refused in words as before (财务部 M3: "holds 1 person"), not an empty report
            roster = data.company_table("company_employees")
            if roster is None:
                roster = data.employees
            people = roster.filter(person_filter(replace(data.scope, excluded=()))).height
        problem = self.small_scope(people)
        if problem is not None:
            raise problem

    def clip(self, scope: Scope) -> Scope:
        """``scope`` intersected with the reach; :class:`OutOfScope` for a department outside
        it or a viewer with no role. A view that may not see individuals leaves the people at
        a department's root out (:func:`root_few`)."""
        clipped = self._clip(scope)
        if self.excluded and not self.sees_individuals:
            return replace(clipped, excluded=self.excluded)
        return clipped

    def _clip(self, scope: Scope) -> Scope:
        v = self.viewer
        if v.denied:
            raise OutOfScope("no_role", user=v.user)
        if v.sees_everyone:
            return scope
        if v.role == "manager":
            if scope.department and not any(
                _inside(d, (scope.department,)) for d in self.reach_departments
            ):
                raise OutOfScope("department_outside", department=scope.department)
            if scope.team and scope.team not in self.reach.teams:
                raise OutOfScope("team_outside", team=scope.team)
            return replace(scope, within=(), people=self.reach.people, teams=self.reach.teams)
        subtrees = self.reach.within
        if scope.department:
            if not _inside(scope.department, subtrees):
                raise OutOfScope("department_outside", department=scope.department)
            return replace(scope, within=(), people=())  # the department is inside: enough
        if len(subtrees) == 1:
            return replace(scope, department=subtrees[0], within=(), people=())
        return replace(scope, within=subtrees, people=())

    # --- frames ----------------------------------------------------------------------------
    def frame(
        self, frame: pl.DataFrame | None, sizes: pl.DataFrame | None = None
    ) -> pl.DataFrame | None:
        """A section's (or any table's) rows as this viewer may see them. ``sizes``: the
        scope's people per unit and cycle (:func:`unit_sizes`), for complementary suppression
        (:meth:`complement`) in a view that may not see individuals."""
        if frame is None or self.is_everything:
            return frame
        out = frame
        subject = next((c for c in ("employee_id", "rater_id") if c in out.columns), None)
        if self.allowed is not None:
            # the viewer's own id is no outsider to them (a manager is their team's manager),
            # and their own rater row is their own standard, naming no one (docs/security.md)
            own = {self.viewer.employee_id} if self.viewer.employee_id else set()
            allowed = list(self.allowed | own)
            if subject is not None:
                kept = allowed if subject == "rater_id" else list(self.allowed)
                out = out.filter(pl.col(subject).cast(pl.String).is_in(kept))

            def inside_only(col: pl.Series) -> pl.Series:
                keep = col.cast(pl.String).is_in(allowed)
                return col.zip_with(
                    keep, pl.Series([None], dtype=col.dtype).new_from_index(0, col.len())
                )

            out = _rewrite_ids(out, inside_only, skip=subject)
        if not self.viewer.sees_rater_ids:
            out = self._anonymous(out, subject)
        if not self.sees_individuals and subject == "employee_id":
            out = self.k_anonymous(out)
        if self.pseudonymised:
            out = self._pseudonymise(out)
        if self.pseudonymised and subject == "rater_id" and "employee_id" not in out.columns:
            out = banded_counts(out)
        if sizes is not None and subject is None and not self.sees_individuals:
            out = self.complement(out, sizes)
        return out

    def k_anonymous(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Rows about people (``employee_id``) with their quasi-identifiers as coarse as
        :func:`generalised_roster` chose for each person: department paths (``department``,
        ``department_path``, ``dept``, and a ``unit`` finer than the department kept) cut to
        the depth kept, ``team``, ``level`` and ``job_family`` emptied where dropped, the
        columns in :data:`ALWAYS_DROPPED` emptied; rows of people the roster does not place
        with k others (a top-level department under k, or off the roster) are left out."""
        if self.coarse is None or "employee_id" not in frame.columns:
            return frame
        coarse = self.coarse.drop("_cut").rename({c: f"_g_{c}" for c in QUASI_IDENTIFIERS})
        out = frame.with_columns(pl.col("employee_id").cast(pl.String).alias("_eid")).join(
            coarse.rename({"employee_id": "_eid"}), on="_eid", how="inner", maintain_order="left"
        )
        gdept = pl.col("_g_department")
        fixes = []
        for col in frame.columns:
            dtype = frame.schema[col]
            textual = dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum)
            if col in ("department", "department_path", "dept", "team", "level", "job_family"):
                if not textual:  # a number, not a name: attribution's department component
                    continue
                if col in ("team", "level", "job_family"):
                    fixes.append(pl.col(f"_g_{col}").cast(pl.String).cast(dtype).alias(col))
                else:
                    fixes.append(gdept.cast(pl.String).cast(dtype).alias(col))
            elif col in ALWAYS_DROPPED or col in PEER_GROUP_COLUMNS:
                fixes.append(pl.lit(None, dtype).alias(col))
            elif _names_peer_group(dtype):  # reasons: "top 20% of 职能 M1 (n=10)"
                fixes.append(_peer_group_hidden(pl.col(col), dtype).alias(col))
            elif col == "unit" and textual:  # a sub-department finer than kept, a team dropped
                unit = pl.col("unit").cast(pl.String)
                finer = unit.str.starts_with(gdept + "/") | (
                    pl.col("_g_team").is_null() & pl.col("team").is_not_null()
                    if "team" in frame.columns
                    else pl.lit(False)
                )
                fixes.append(pl.when(finer).then(gdept).otherwise(unit).cast(dtype).alias(col))
        out = out.with_columns(fixes)
        return out.drop("_eid", *(f"_g_{c}" for c in QUASI_IDENTIFIERS))

    def rows_withheld(self, frame: pl.DataFrame | None) -> int:
        """How many of ``frame``'s rows about people (``employee_id``) inside the reach
        :meth:`k_anonymous` leaves out for this view (people the roster does not place with k
        others); 0 for a view that sees individuals or a frame not about people."""
        if frame is None or self.coarse is None or "employee_id" not in frame.columns:
            return 0
        if self.sees_individuals:
            return 0
        if self.allowed is not None:
            frame = frame.filter(pl.col("employee_id").cast(pl.String).is_in(list(self.allowed)))
        return frame.height - self.k_anonymous(frame).height

    def privacy_notes(self, scope: Scope) -> list[tuple[str, dict]]:
        """What a page or an export says for a view that may not see individuals, as catalogue
        codes and parameters: the people left out at a department's root inside ``scope``
        (``auth.root_left_out``), and which quasi-identifiers rows about people carry coarser
        or not at all (``auth.rows_coarsened``). [] for every other view."""
        if self.sees_individuals or self.coarse is None:
            return []
        inside = [
            (d, n)
            for d, n in self.excluded_at
            if not scope.department or _inside(d, (scope.department,))
        ]
        notes: list[tuple[str, dict]] = []
        if inside:
            depts = " + ".join(d for d, _ in inside)
            notes.append(
                (
                    "auth.root_left_out",
                    {"n": sum(n for _, n in inside), "depts": depts, "k": MIN_SCOPE_PEOPLE},
                )
            )
        notes.append(("auth.rows_coarsened", {"k": MIN_SCOPE_PEOPLE}))
        return notes

    def complement(self, frame: pl.DataFrame, sizes: pl.DataFrame) -> pl.DataFrame:
        """Complementary suppression, for a view that may not see individuals: the rows of a
        unit breakdown whose unit (in its cycle) holds fewer than :data:`MIN_SCOPE_PEOPLE`
        people (as a scope that small is refused: their numbers emptied, their size and small
        flag kept) or is named by :func:`withheld_units` (every number emptied), and the
        ``privacy`` column says why. A frame with a ``cycle_id`` is matched per cycle, pairs of
        units (``unit_a``, ``unit_b``) when either is hidden, a frame of units without cycles
        on the scope's latest cycle (``sizes`` in cycle order). Other frames are returned as
        they are."""
        cols = set(frame.columns)
        pairs = {"unit_a", "unit_b"} <= cols
        if frame.is_empty() or sizes.is_empty() or not ("unit" in cols or pairs):
            return frame
        k = MIN_SCOPE_PEOPLE
        flags = pl.concat(
            [
                withheld_units(sizes, k).with_columns(pl.lit(SUBTRACTION).alias("_why")),
                sizes.filter(pl.col("n") < k).select(
                    "unit", "cycle_id", pl.lit("suppressed_fewer_than_k").alias("_why")
                ),
            ]
        )
        if "cycle_id" not in cols:  # one cycle's units (the scope's latest)
            flags = flags.filter(pl.col("cycle_id") == sizes["cycle_id"][-1])
        if flags.is_empty():
            return frame
        on = ["cycle_id"] if "cycle_id" in cols else []
        flags = flags.select(*on, "unit", "_why").unique(subset=[*on, "unit"])
        out = frame.with_row_index("_row")
        whys = [
            out.select("_row", *(pl.col(c).cast(pl.String) for c in (*on, col)))
            .join(flags.rename({"unit": col}), on=[*on, col], how="inner")
            .select("_row", "_why")
            for col in (("unit_a", "unit_b") if pairs else ("unit",))
        ]
        why = pl.concat(whys).sort("_why").unique(subset="_row", keep="first")
        if why.is_empty():
            return frame
        out = out.join(why, on="_row", how="left")
        hide, few = pl.col("_why").is_not_null(), pl.col("_why") != SUBTRACTION
        sized = {"n", "small_n", "min_n", "n_a", "n_b"}  # a small unit's size stays
        keep = {*_KEEP, "unit_a", "unit_b", PRIVACY}
        out = out.with_columns(
            pl.when(hide & ~few).then(None).otherwise(pl.col(c)).alias(c)
            if c in sized
            else pl.when(hide).then(None).otherwise(pl.col(c)).alias(c)
            for c in frame.columns
            if c not in keep
        )
        said = (
            pl.when(few)
            .then(text.phrase("suppressed_fewer_than_k", k=k))
            .when(hide)
            .then(text.phrase(SUBTRACTION, k=k))
        )
        if PRIVACY in cols:  # a row suppressed already (fewer than k) keeps its own reason
            said = pl.coalesce(pl.col(PRIVACY), said)
        out = out.with_columns(said.alias(PRIVACY))
        return out.drop("_row", "_why")

    def left_out(self, frame: pl.DataFrame | None) -> int:
        """How many of a rater section's rows (one per rater: ``rater_id`` its subject) this view
        leaves out: raters outside the reach, and those who rate mainly as peers or subordinates
        (peer anonymity); 0 for the administrator. Pages and reports say so beside the rows
        shown, so the rows left read as what the role sees, not as every rater of the scope."""
        if frame is None or self.is_everything or "rater_id" not in frame.columns:
            return 0
        if "employee_id" in frame.columns:  # rows about people, not one per rater
            return 0
        shown = self.frame(frame)
        return frame.height - (0 if shown is None else shown.height)

    def _anonymous(self, frame: pl.DataFrame, subject: str | None) -> pl.DataFrame:
        """Peer anonymity: no peer or subordinate rater named, no source mean of fewer than k
        raters, no unit row of fewer than k people."""
        k = self.viewer.k
        out = frame
        if subject == "rater_id" and "main_role" in out.columns:  # the rater table
            out = out.filter(~pl.col("main_role").cast(pl.String).is_in(ANONYMOUS_ROLES))
        if subject == "rater_id" and "rater_role" in out.columns:  # a rater's rows by role
            out = out.filter(~pl.col("rater_role").cast(pl.String).is_in(ANONYMOUS_ROLES))
        if subject == "rater_id" and "role_mix" in out.columns:
            fields = tuple(_mix_params(out))
            out = out.with_columns(
                *_named_counts(out), _named_roles_only(pl.col("role_mix"), fields)
            )
        for src in ANONYMOUS_ROLES:
            n = f"n_{src}"
            if src in out.columns and n in out.columns:
                few = pl.col(n) < k
                cols = [src, *(c for c in _SOURCE_DEPENDENTS[src] if c in out.columns)]
                out = out.with_columns(
                    [pl.when(few).then(None).otherwise(pl.col(c)).alias(c) for c in cols]
                )
        out = _others_withheld(_spread_withheld(out, k), k)  # rev34a findings 2, 3
        out = _largest_gap_without_peers(out, k)
        if subject == "rater_id":
            out = _panel_of_few(out, k)
        out = _few_people_per_source(out, k)
        out = self._small_groups(out, subject)
        if "rater_role" in out.columns and "rater_id" in out.columns and subject != "rater_id":
            anon = pl.col("rater_role").cast(pl.String).is_in(ANONYMOUS_ROLES)
            out = out.with_columns(
                pl.when(anon).then(None).otherwise(pl.col("rater_id")).alias("rater_id")
            )
            if "comment" in out.columns:
                out = out.with_columns(
                    pl.when(anon).then(None).otherwise(pl.col("comment")).alias("comment")
                )
        return out

    def _small_groups(self, frame: pl.DataFrame, subject: str | None) -> pl.DataFrame:
        """A group breakdown's rows of fewer than k people: every number emptied (not a zero)
        and the ``privacy`` column says why."""
        k = self.viewer.k
        if subject is not None:
            return frame
        if "n" in frame.columns and any(c in frame.columns for c in GROUP_COLUMNS):
            few = pl.col("n") < k
        elif {"unit_a", "n_a", "n_b"} <= set(frame.columns):  # pairs of units
            few = (pl.col("n_a") < k) | (pl.col("n_b") < k)
        else:
            return frame
        if frame.is_empty() or not frame.select(few.any()).item():
            return frame
        keep = {*_KEEP, "unit_a", "unit_b"}
        hide = pl.col("_few")
        return (
            frame.with_columns(few.fill_null(False).alias("_few"))
            .with_columns(
                [
                    pl.when(hide).then(None).otherwise(pl.col(c)).alias(c)
                    for c in frame.columns
                    if c not in keep
                ]
            )
            .with_columns(
                pl.when(hide).then(text.phrase("suppressed_fewer_than_k", k=k)).alias(PRIVACY)
            )
            .drop("_few")
        )

    def _pseudonymise(self, frame: pl.DataFrame) -> pl.DataFrame:
        assert self.key is not None, "a pseudonymised view needs the dataset's key"
        out = frame.drop([c for c in (*NAME_COLUMN_NAMES, *TEXT_COLUMNS) if c in frame.columns])
        key = self.key
        # a person as a rater (rater_id, a manager's id, a caution's rater, a named manager)
        # gets a pseudonym of their own: not the one their rows as an employee carry
        return _rewrite_ids(
            out, lambda col: pseudonymise(col, key, rater=col.name != "employee_id")
        )

    def names(self, names: pl.DataFrame | None) -> pl.DataFrame | None:
        """The roster's ``employee_id, name`` this viewer may read beside ids (none when
        pseudonymised)."""
        if names is None or self.is_everything:
            return names
        if self.pseudonymised:
            return names.clear()
        if self.allowed is None:
            return names
        return names.filter(pl.col("employee_id").is_in(list(self.allowed)))

    def sees(self, employee_id: str) -> bool:
        """Whether ``employee_id`` is in the reach."""
        return not self.viewer.denied and (self.allowed is None or employee_id in self.allowed)

    def person(self, employee_id: str, frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
        """One person's record (:func:`~analytics.findings.person.person_frames`) as this viewer
        may see it: :class:`OutOfScope` for a person outside the reach; below hr_admin their
        peer and subordinate reviews without rater ids or comments, a source's reviews in a
        cycle dropped when fewer than k raters gave them (listed in ``suppressed``: cycle_id,
        rater_role), and the people they reviewed as a peer or subordinate left out."""
        if self.pseudonymised:
            raise OutOfScope("person_pseudonymised")
        if not self.sees(employee_id):
            raise OutOfScope("person_outside", employee_id=employee_id)
        if self.is_everything:
            return frames
        out = dict(frames)
        ratings = out["ratings"]
        suppressed = self.suppressed(ratings)
        if not self.viewer.sees_rater_ids and ratings.height:
            anon = pl.col("rater_role").is_in(ANONYMOUS_ROLES)
            enough = pl.col("rater_id").n_unique().over("cycle_id", "rater_role") >= self.viewer.k
            ratings = ratings.filter(~anon | enough)
        out["ratings"] = ratings
        rated = out["rated_by_them"]
        if not self.viewer.sees_rater_ids and rated.height:
            rated = rated.filter(~pl.col("rater_role").is_in(ANONYMOUS_ROLES))
        out["rated_by_them"] = rated
        # the ratings are about this person: their rater column is not the rows' subject
        out["ratings"] = ratings.with_columns(pl.lit(employee_id).alias("employee_id"))
        out = {name: self.frame(f) for name, f in out.items()}
        out["ratings"] = out["ratings"].drop("employee_id")
        out["suppressed"] = pl.DataFrame(
            suppressed, schema={"cycle_id": pl.String, "rater_role": pl.String}, orient="row"
        )
        return out

    def suppressed(self, ratings: pl.DataFrame) -> list[tuple[str, str]]:
        """(cycle, rater role) of a person's anonymous reviews left out for fewer than k
        raters (what the person page says in words)."""
        if self.viewer.sees_rater_ids or not ratings.height:
            return []
        few = (
            ratings.filter(pl.col("rater_role").is_in(ANONYMOUS_ROLES))
            .group_by("cycle_id", "rater_role")
            .agg(n=pl.col("rater_id").n_unique())
            .filter(pl.col("n") < self.viewer.k)
            .sort("cycle_id", "rater_role")
        )
        return [(c, r) for c, r in few.select("cycle_id", "rater_role").iter_rows()]


def _largest_gap_without_peers(frame: pl.DataFrame, k: int) -> pl.DataFrame:
    """The re-check list (:func:`~analytics.stats.gaps.recheck_from_means`) with its largest
    gap (``max_gap``) left without the manager - peer gap on rows whose peer mean is
    suppressed (fewer than ``k`` peers): beside the manager's score it gave the peers' mean
    (rev33a #1: 1.1 + 1.55 = 2.65, the mean of 2 peers). What stays is the self - manager gap
    where that was flagged, else nothing; the rows are sorted and ranked again on what stays,
    so neither the order nor ``rank`` places the hidden gap among the others."""
    if not {"max_gap", "n_peer"} <= set(frame.columns) or frame.is_empty():
        return frame
    few = (pl.col("n_peer") < k).fill_null(False)
    if not frame.select(few.any()).item():
        return frame
    own: pl.Expr = pl.lit(None, dtype=frame.schema["max_gap"])
    if {"reasons", "gap_self_manager"} <= set(frame.columns):
        flagged = pl.col("reasons").list.contains("self_manager")
        own = pl.when(flagged).then(pl.col("gap_self_manager").abs())
    out = frame.with_columns(pl.when(few).then(own).otherwise(pl.col("max_gap")).alias("max_gap"))
    if not {"rank", "cycle_id", "employee_id"} <= set(out.columns):
        return out
    cols = out.columns
    return (
        out.sort(
            [pl.col("max_gap").round(9), "cycle_id", "employee_id"],
            descending=[True, False, False],
            nulls_last=True,
        )
        .drop("rank")
        .with_row_index("rank", offset=1)
        .with_columns(pl.col("rank").cast(frame.schema["rank"]))
        .select(cols)
    )


#: a row's numbers against the peer panel (:mod:`analytics.stats.raters_panel`): the manager -
#: peer gap and all that is computed from it, emptied for fewer than k ratees
_PANEL_VALUES = (
    "gap_manager_peer",
    "effect",
    "effect_sd",
    "se",
    "ci95_low",
    "ci95_high",
    "p_value",
    "q_value",
    "flag",
)
#: the peer panel's reasons (the panel's own; the rater table's) said for too few ratees
_PANEL_FEW = {
    "reason": ("panel_too_few", ("panel_too_few", "panel_clear", "panel_flagged",
                                  "panel_flagged_likely")),
    "status_reason": ("own_ratees_peer_panel_few", ("own_ratees_peer_panel",)),
}  # fmt: skip


def _panel_of_few(frame: pl.DataFrame, k: int) -> pl.DataFrame:
    """Managers compared with their ratees' anonymous peer panel (the panel's rows; the rater
    table's reasons that quote them) when fewer than ``k`` ratees are behind the comparison:
    the gap, effect, interval, p, q and flag emptied, the status "too few" and the reason the
    one of too few ratees, its minimum ``k``. Why: a manager with one ratee showed the manager
    - peer gap of that one person (manager 0.55, gap +0.05: the panel's mean 0.50, which the
    person page suppresses for fewer than k raters); an anonymous panel is one source per
    ratee, so the gap is an aggregate of k panels only from k ratees on."""
    out = frame
    if {"gap_manager_peer", "n_ratees", "status"} <= set(out.columns):
        few = (pl.col("n_ratees") < k).fill_null(True)
        out = out.with_columns(
            *(pl.when(few).then(None).otherwise(pl.col(c)).alias(c)
              for c in _PANEL_VALUES if c in out.columns),
            pl.when(few).then(pl.lit("too_few")).otherwise(pl.col("status")).alias("status"),
        )  # fmt: skip
        if "reason" in out.columns and text.is_phrase(out.schema["reason"]):
            out = out.with_columns(_reason_of_few("reason", few, k, out.schema["reason"]))
    if "status_reason" in out.columns and text.is_phrase(out.schema["status_reason"]):
        params = pl.col("status_reason").struct.field("params")
        code = pl.col("status_reason").struct.field("code")
        has_n = "n" in _phrase_params(out.schema["status_reason"])
        few = code.is_in(_PANEL_FEW["status_reason"][1]) & (
            (params.struct.field("n") < k).fill_null(True) if has_n else pl.lit(True)
        )
        out = out.with_columns(_reason_of_few("status_reason", few, k, out.schema["status_reason"]))
    return out


#: a source summary's measures that are (or hold) an anonymous source's mean
_ANONYMOUS_MEASURES = (*ANONYMOUS_ROLES, "gap_manager_peer")


def _few_people_per_source(frame: pl.DataFrame, k: int) -> pl.DataFrame:
    """A source summary (:func:`analytics.stats.gaps.source_summary`: per cycle and measure,
    ``n`` people, mean, SD, interval) with the peer, subordinate and manager - peer rows of
    fewer than ``k`` people emptied but for ``n``. Why: a manager's team of one showed that
    person's peer mean (n = 1), which the person page suppresses for fewer than k peers; of
    two, the mean and SD gave both people's peer means (mean -/+ SD/sqrt(2))."""
    if not {"measure", "n", "mean"} <= set(frame.columns) or frame.is_empty():
        return frame
    few = pl.col("measure").cast(pl.String).is_in(_ANONYMOUS_MEASURES) & (pl.col("n") < k)
    values = [c for c in ("mean", "sd", "ci95_low", "ci95_high") if c in frame.columns]
    return frame.with_columns(pl.when(few).then(None).otherwise(pl.col(c)).alias(c) for c in values)


def _reason_of_few(col: str, few: pl.Expr, k: int, dtype: pl.DataType) -> pl.Expr:
    """The reason phrase ``col`` of a panel comparison said as too few ratees (minimum ``k``)
    where ``few``, its numbers emptied (the count of ratees stays: it gives no score)."""
    code_few = _PANEL_FEW[col][0]
    have = _phrase_params(dtype)
    numbers = [f for f in ("effect", "lo", "hi", "q", "thr", "pairs", "verdict") if f in have]
    said = pl.struct(
        pl.lit(code_few, pl.String).alias("code"),
        pl.col(col)
        .struct.field("params")
        .struct.with_fields(
            *(pl.lit(None, have[f]).alias(f) for f in numbers),
            *(
                [pl.lit(max(k, PANEL_MIN_RATEES), have["min"]).alias("min")]
                if "min" in have
                else []
            ),
        )
        .alias("params"),
    )
    return pl.when(few & pl.col(col).is_not_null()).then(said).otherwise(pl.col(col)).alias(col)


#: the quasi-identifiers a row about a person keeps as coarse as k allows (coarsest last)
QUASI_IDENTIFIERS = ("department", "team", "level", "job_family")
#: person columns a view that may not see individuals never gets in rows about people: a
#: manager's pseudonym ties a row to its team (and tells the org chart), location and hire
#: date narrow a cell further
ALWAYS_DROPPED = (
    "manager_id",
    "manager_from",
    "manager_to",
    "manager_new",
    "manager_kept",
    "location",
    "hire_date",
    "tenure",
)
#: a person's peer group (job family + level, at most as coarse as one of them) and its size:
#: not generalised with the rest, so left out of rows about people for a view that may not see
#: individuals, and out of the reasons that name it (rev28b item 2: joined by pseudonym with
#: another sheet's department, 14 pseudonyms fell in groups of 2-4)
PEER_GROUP_COLUMNS = ("peer_group", "peer_group_n")
#: the word a reason's peer group becomes (catalogue ``unit.peer_group_hidden``), and the code
#: of the reason that also gave the group's size
PEER_GROUP_HIDDEN = "peer_group_hidden"
_GROUP_SIZED = ("top_pct_in_peer_group", "top_pct_in_own_peer_group")


def _names_peer_group(dtype: pl.DataType) -> bool:
    """Whether ``dtype`` is a phrase (or a list of phrases) with a ``group`` parameter."""
    inner = dtype.inner if isinstance(dtype, pl.List) else dtype
    if not text.is_phrase(inner):
        return False
    params = dict(inner.to_schema())["params"]  # type: ignore[union-attr]
    return "group" in dict(params.to_schema())  # type: ignore[union-attr]


def _peer_group_hidden(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A phrase column (or a list of phrases) with its ``group`` parameter said as "their peer
    group", and the reason that gave the group's size (``n``) said without it."""
    listed = isinstance(dtype, pl.List)
    item = pl.element() if listed else col
    code, params = item.struct.field("code"), item.struct.field("params")
    sized = code.is_in(_GROUP_SIZED[:1])
    group = pl.field("group")
    rebuilt = pl.struct(
        pl.when(sized).then(pl.lit(_GROUP_SIZED[1])).otherwise(code).alias("code"),
        params.struct.with_fields(
            pl.when(group.is_not_null()).then(pl.lit(PEER_GROUP_HIDDEN)).alias("group"),
            *([pl.when(~sized).then(pl.field("n")).alias("n")] if _has_n(dtype) else []),
        ).alias("params"),
    )
    if listed:
        return col.list.eval(rebuilt).cast(dtype)
    return pl.when(col.is_not_null()).then(rebuilt).cast(dtype)


def _has_n(dtype: pl.DataType) -> bool:
    inner = dtype.inner if isinstance(dtype, pl.List) else dtype
    params = dict(inner.to_schema())["params"]  # type: ignore[union-attr]
    return "n" in dict(params.to_schema())  # type: ignore[union-attr]


#: the kept columns tried at each department depth, finest first
_LADDER = (
    ("team", "level", "job_family"),
    ("team", "level"),
    ("team", "job_family"),
    ("level", "job_family"),
    ("level",),
    ("team",),
    ("job_family",),
    (),
)


#: a rater row's counts a pseudonymised view gets banded (ratings, pairs and ratees tell a
#: team's size: 792 ratings = 22 ratees x 6 cycles x 6 dimensions), ratee counts first
RATEE_COUNTS = ("n_ratees", "n_shared_ratees", "ct_n_ratees", "halo_n_ratees", "rec_n_ratees")
RATER_COUNTS = (*RATEE_COUNTS, "n", "n_pairs", "rec_n", "ct_n_ratings")
#: the bands' lower bounds: ratees up to 50+, ratings and pairs up to 1000+
_RATEE_BANDS = (1, 5, 10, 20, 50)
_COUNT_BANDS = (*_RATEE_BANDS, 100, 200, 500, 1000)


def _band(col: str, bounds: tuple[int, ...]) -> pl.Expr:
    """A count as its band ("10-19", "50+"; "0" stays), a string."""
    return _banded(pl.col(col), bounds).alias(col)


def _banded(c: pl.Expr, bounds: tuple[int, ...]) -> pl.Expr:
    out = pl.when(c.is_null()).then(None).when(c < bounds[0]).then(pl.lit("0"))
    for lo, hi in itertools.pairwise(bounds):
        out = out.when(c < hi).then(pl.lit(f"{lo}-{hi - 1}"))
    return out.otherwise(pl.lit(f"{bounds[-1]}+"))


#: the counts a rater row's reasons say ("…, 5 ratees, 15 ratings"), per reason column: the
#: phrase parameter and its bands (ratees, else ratings)
_REASON_COUNTS = {
    "status_reason": {"n": _RATEE_BANDS, "shared": _RATEE_BANDS},
    "pattern_reason": {"n": _RATEE_BANDS, "units": _COUNT_BANDS},
    "reason": {"n": _RATEE_BANDS, "pairs": _COUNT_BANDS},  # the peer panel's
}


def _banded_reason(phrase: pl.Expr, counts: dict[str, tuple[int, ...]], have: set) -> pl.Expr:
    """A reason phrase (``code``, ``params``) with the ``counts`` among its parameters
    (``have``) as bands: its words then say "5-9 ratees", as the table's columns do."""
    params = phrase.struct.field("params")
    bands = [_banded(params.struct.field(f), b).alias(f) for f, b in counts.items() if f in have]
    out = pl.struct(phrase.struct.field("code"), params.struct.with_fields(bands))
    return pl.when(phrase.is_null()).then(None).otherwise(out)


def banded_counts(raters: pl.DataFrame) -> pl.DataFrame:
    """A rater table's counts (:data:`RATER_COUNTS`) and the counts its reasons say
    (:data:`_REASON_COUNTS`, left29 item 6) as bands, and the counts inside its role mix left
    out (the shares stay), for a pseudonymised view (rev28b item 3: a flagged rater's
    exact ratee count and department named the one manager of that size there)."""
    out = raters.with_columns(
        _band(c, _RATEE_BANDS if c in RATEE_COUNTS else _COUNT_BANDS)
        for c in RATER_COUNTS
        if c in raters.columns and raters.schema[c].is_integer()
    )
    for col, counts in _REASON_COUNTS.items():
        have = set(_phrase_params(raters.schema[col])) if col in raters.columns else set()
        if not have & set(counts):
            continue
        if isinstance(raters.schema[col], pl.List):
            said = pl.col(col).list.eval(_banded_reason(pl.element(), counts, have))
        else:
            said = _banded_reason(pl.col(col), counts, have)
        out = out.with_columns(said.alias(col))
    mix = _mix_params(raters) if "role_mix" in raters.columns else {}
    counted = [f for f in _ROLE_COUNTS.values() if f in mix]
    if counted:
        params = pl.element().struct.field("params")
        nulls = [pl.lit(None, mix[f]).alias(f) for f in counted]
        out = out.with_columns(
            pl.col("role_mix").list.eval(
                pl.struct(
                    pl.element().struct.field("code"),
                    params.struct.with_fields(nulls).alias("params"),
                )
            )
        )
    return out


def generalised_roster(roster: pl.DataFrame, k: int) -> pl.DataFrame:
    """``employee_id`` and its :data:`QUASI_IDENTIFIERS` as coarse as a view that may not see
    individuals gets them in rows, and ``_cut`` (its department path shortened): per top-level
    department, the finest of (department depth, then :data:`_LADDER`'s columns) under which
    every combination of the company's people there holds at least ``k``; the same choice for
    everyone of that top-level department, so no row stands out by being coarser. People of a
    top-level department of fewer than ``k`` (or with none) are left out: nothing reaches k."""
    people = roster.select(
        pl.col("employee_id").cast(pl.String),
        *(pl.col(c).cast(pl.String) for c in QUASI_IDENTIFIERS),
    ).filter(pl.col("department").is_not_null())
    people = people.with_columns(
        pl.col("department").str.split("/").alias("_parts"),
    ).with_columns(pl.col("_parts").list.first().alias("_top"))
    deepest = int(people["_parts"].list.len().max() or 1) if people.height else 1
    tried = []
    for rank, (depth, cols) in enumerate((d, c) for d in range(deepest, 0, -1) for c in _LADDER):
        cut = pl.col("_parts").list.head(depth).list.join("/")
        cells = people.with_columns(cut.alias("_d")).group_by("_top", "_d", *cols).len()
        ok = cells.group_by("_top").agg((pl.col("len").min() >= k).alias("ok"))
        tried.append(ok.filter("ok").select("_top", pl.lit(rank).alias("_rank")))
    if not tried:
        return pl.DataFrame(
            schema={
                "employee_id": pl.String,
                **dict.fromkeys(QUASI_IDENTIFIERS, pl.String),
                "_cut": pl.Boolean,
            }
        )
    choice = pl.concat(tried).group_by("_top").agg(pl.col("_rank").min())
    steps = [(d, c) for d in range(deepest, 0, -1) for c in _LADDER]
    depth_of = pl.DataFrame(
        {
            "_rank": list(range(len(steps))),
            "_depth": [d for d, _ in steps],
            **{f"_keep_{c}": [c in cols for _, cols in steps] for c in QUASI_IDENTIFIERS[1:]},
        }
    ).with_columns(pl.col("_rank").cast(choice.schema["_rank"]))
    out = people.join(choice, on="_top", how="inner").join(depth_of, on="_rank", how="left")
    return out.select(
        "employee_id",
        pl.col("_parts").list.head(pl.col("_depth")).list.join("/").alias("department"),
        *(
            pl.when(pl.col(f"_keep_{c}")).then(pl.col(c)).otherwise(None).alias(c)
            for c in QUASI_IDENTIFIERS[1:]
        ),
        (pl.col("_parts").list.len() > pl.col("_depth")).alias("_cut"),
    )


def unit_sizes(scores: pl.DataFrame | None) -> pl.DataFrame:
    """``unit, cycle_id, n``: the people of each unit in each cycle of a scope's scores (the
    ``scores`` section: one row per person and cycle, the units of one person included, whom
    the unit breakdowns leave out), cycles in their order. What :meth:`View.complement`
    reads."""
    schema = {"unit": pl.String, "cycle_id": pl.String, "n": pl.UInt32}
    if scores is None or scores.is_empty() or not {"unit", "cycle_id"} <= set(scores.columns):
        return pl.DataFrame(schema=schema)
    order = "cycle_order" if "cycle_order" in scores.columns else "cycle_id"
    return (
        scores.group_by("unit", "cycle_id")
        .agg(pl.len().cast(pl.UInt32).alias("n"), pl.col(order).first().alias("_order"))
        .sort("_order", "unit")
        .select(pl.col("unit").cast(pl.String), pl.col("cycle_id").cast(pl.String), "n")
    )


def withheld_units(sizes: pl.DataFrame, k: int) -> pl.DataFrame:
    """``unit, cycle_id`` of the units to hide for complementary suppression: in each cycle,
    the units of fewer than ``k`` people are hidden already (left out, or their numbers
    emptied); when they hold 1..k-1 people together, the scope's totals less the units shown
    would give those few people's numbers (财务部: 130 people, two units shown of 66 and 63,
    the head alone left out: his score by subtraction, rev26b item 1), so the smallest units
    shown are hidden too (by size, then name) until the hidden units hold at least ``k``.
    Every shown unit has at least ``k`` people, so one more is always enough; a cycle whose
    hidden units hold none, or at least ``k``, hides nothing more."""
    small = pl.col("n") < k
    hidden = pl.col("n").filter(small).sum().over("cycle_id")
    shown_so_far = pl.when(small).then(0).otherwise(pl.col("n")).cum_sum().over("cycle_id")
    ranked = sizes.sort("cycle_id", "n", "unit").with_columns(
        hidden.fill_null(0).alias("_hidden"), shown_so_far.alias("_upto")
    )
    before = pl.col("_hidden") + pl.col("_upto") - pl.col("n")  # hidden before this unit
    more = ~small & (pl.col("_hidden") > 0) & (before < k)
    return ranked.filter(more).select("unit", "cycle_id")


def hidden_by_subtraction(frame: pl.DataFrame | None) -> pl.Series:
    """The units of a frame that :meth:`View.complement` hid (in frame order): what a page
    names beside the units it shows."""
    if frame is None or PRIVACY not in frame.columns or "unit" not in frame.columns:
        return pl.Series("unit", [], pl.String)
    code = pl.col(PRIVACY).struct.field("code") == SUBTRACTION
    return frame.filter(code.fill_null(False))["unit"].unique(maintain_order=True)


def off_roster_pairs(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """``rater_id, employee_id`` (String), distinct: whom each rater without a roster row
    rated (themselves aside, in any role), of the raters who rated someone in a named role
    (manager, skip-level ...; one who rated only as a peer or subordinate is never named:
    peer anonymity). The same for every viewer of a data version, so the
    dashboard computes it once per version (``ui.cache``) and :func:`off_roster_raters`
    filters it per viewer (it was 0.7-0.9 CPU s per viewer at 40M ratings)."""
    e, r = db.q(S.EMPLOYEES.name), db.q(S.REVIEW_ROWS.name)
    anon = ", ".join(f"'{a}'" for a in ANONYMOUS_ROLES)
    return db.query(
        con,
        f"""
        WITH off AS (
            SELECT r.rater_id, r.employee_id, r.rater_role
            FROM {r} r ANTI JOIN {e} e ON e.employee_id = r.rater_id
            WHERE r.rater_id IS NOT NULL AND r.employee_id <> r.rater_id)
        SELECT DISTINCT CAST(rater_id AS VARCHAR) AS rater_id,
            CAST(employee_id AS VARCHAR) AS employee_id
        FROM off WHERE rater_id IN (
            SELECT rater_id FROM off
            WHERE rater_role IS NOT NULL AND CAST(rater_role AS VARCHAR) NOT IN ({anon}))""",
    )


def off_roster_raters(
    con: duckdb.DuckDBPyConnection | None,
    allowed: frozenset[str],
    pairs: pl.DataFrame | None = None,
) -> frozenset[str]:
    """The raters without a roster row who rated only people in ``allowed`` (themselves
    aside): their findings are made of ratings inside the reach alone, so they are inside it
    (rev33b #2: the managers 9001-9032 of a manager-only design had no roster row, and the
    Engineering head was told all 13 of his managers were outside his scope). A rater off the
    roster who also rated someone outside stays outside, and so does one who rated only as a
    peer or subordinate (peer anonymity: not even their name beside "rates others").
    ``pairs``: :func:`off_roster_pairs` of ``con``, computed once per data version (else read
    from ``con`` now)."""
    if not allowed:
        return frozenset()
    if pairs is None:
        assert con is not None, "off_roster_raters needs a connection or the pairs"
        pairs = off_roster_pairs(con)
    if pairs.is_empty():
        return frozenset()
    inside = pairs.group_by("rater_id").agg(pl.col("employee_id").is_in(list(allowed)).all())
    return frozenset(inside.filter(pl.col("employee_id"))["rater_id"].to_list())


def view_for(
    viewer: Viewer,
    con: duckdb.DuckDBPyConnection,
    key: bytes | None = None,
    pseudonymised: bool | None = None,
    off_roster: pl.DataFrame | None = None,
) -> View:
    """The viewer's view of the dataset ``con`` reads: their reach on its roster.
    ``pseudonymised``: hash ids and leave names and comments out (default: the analyst);
    ``key``: the dataset's pseudonym key (:func:`analytics.auth.pseudonym.dataset_key`), needed
    then. ``off_roster``: :func:`off_roster_pairs` of ``con`` where the caller keeps it per
    data version (else read now, for a viewer with a bounded reach)."""
    pseudo = (
        viewer.pseudonymised if pseudonymised is None else pseudonymised or viewer.pseudonymised
    )
    departments: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    excluded_at: tuple[tuple[str, int], ...] = ()
    coarse = None
    if pseudo:  # a view that may not see individuals (View.sees_individuals)
        everyone = db.read_table(con, S.EMPLOYEES)
        excluded = root_few(everyone, MIN_SCOPE_PEOPLE)
        at = everyone.filter(pl.col("employee_id").is_in(list(excluded)))
        excluded_at = tuple(at.group_by("department").len().sort("department").iter_rows())
        shown = everyone.filter(~pl.col("employee_id").is_in(list(excluded)))
        coarse = generalised_roster(shown, MIN_SCOPE_PEOPLE)
    if viewer.sees_everyone or viewer.denied:
        reach = Scope()
        allowed = None if viewer.sees_everyone else frozenset()
    else:
        if viewer.role == "manager":
            reach = Scope(people=team_of(con, viewer.employee_id or "") or ("",))
        else:
            reach = Scope(within=viewer.departments)
        roster = db.read_table(con, S.EMPLOYEES).filter(person_filter(reach))
        allowed = frozenset(roster["employee_id"].cast(pl.String).to_list())
        # raters off the roster who rated only people in reach (not the viewer: a manager
        # whom the roster does not place is no member of their own team)
        allowed |= off_roster_raters(con, allowed, off_roster) - {viewer.employee_id}
        if viewer.role != "manager" and viewer.employee_id:  # a head named in the roles file:
            allowed -= {viewer.employee_id}  # not their own record (rev28b item 11)
        if viewer.role == "manager":  # the team's names and departments, as on the roster
            reach = replace(reach, teams=tuple(sorted(roster["team"].drop_nulls().unique())))
            departments = tuple(sorted(roster["department"].drop_nulls().unique()))
    return View(
        viewer=viewer,
        reach=reach,
        allowed=allowed,
        key=key,
        pseudonymised=pseudo,
        reach_departments=departments,
        excluded=excluded,
        excluded_at=excluded_at,
        coarse=coarse,
    )


#: a change's columns built from the person's between-rater spread (attribution's
#: ``change_se``: sqrt(w2 (sd_from^2 + sd_to^2))) and the intervals built on it
SPREAD_COLUMNS = tuple(
    f"{part}_{end}"
    for part in ("change", "individual", "individual_new_manager")
    for end in ("se", "ci95_low", "ci95_high")
)
#: the reason said where they are withheld (``privacy``)
SPREAD_WITHHELD = "spread_fewer_than_k"


def _spread_withheld(frame: pl.DataFrame, k: int) -> pl.DataFrame:
    """A person's changes (attribution) without :data:`SPREAD_COLUMNS` where either cycle has
    1..k-1 raters of an anonymous role (``n_anonymous_from`` / ``_to``), and ``privacy`` says
    why. Why (rev34a finding 2): the SD of 4 raters, beside the manager's and skip-level's
    ratings and the peers' mean, has one solution on the data's 0.1 grid: each of the 2 peers'
    own ratings (1261 2026Q1 -> Q2, SE 0.679448: peers 2.6 and 2.7, then 2.8 and 3.0). The
    change and its parts stay (their sum is the scores' difference, shown anyway)."""
    sides = [c for c in ("n_anonymous_from", "n_anonymous_to") if c in frame.columns]
    hidden = [c for c in SPREAD_COLUMNS if c in frame.columns]
    if not sides or not hidden or frame.is_empty():
        return frame
    few = pl.any_horizontal((pl.col(c) < k).fill_null(False) for c in sides)
    return _withheld(frame, few, hidden, SPREAD_WITHHELD, k)


def _withheld(
    frame: pl.DataFrame, few: pl.Expr, hidden: list[str], code: str, k: int
) -> pl.DataFrame:
    """``frame`` with the ``hidden`` columns emptied on the rows ``few`` picks, and ``privacy``
    saying why there (the phrase ``code``; a row's own reason kept)."""
    if not frame.select(few.any()).item():
        return frame
    said = pl.when(few).then(text.phrase(code, k=k))
    if PRIVACY in frame.columns:
        said = pl.coalesce(pl.col(PRIVACY), said)
    return frame.with_columns(
        *(pl.when(few).then(None).otherwise(pl.col(c)).alias(c) for c in hidden),
        said.alias(PRIVACY),
    )


#: the reason said where a rater's "others' mean" is withheld (``privacy``)
OTHERS_WITHHELD = "others_fewer_than_k"


def _others_withheld(frame: pl.DataFrame, k: int) -> pl.DataFrame:
    """A rater's rows (a person's "as a rater": ``others_mean``, everyone else's mean of the
    same person in the same cycle) without that mean and the difference from it where the
    others hold 1..k-1 peers or subordinates (``others_anonymous``), and ``privacy`` says why.
    Why (rev34a finding 3): the others of 1249's row for 1261 were the skip-level and 2 peers
    (3 >= k), and the skip-level's own rating is listed on the skip-level's page: 3 x 2.53 -
    2.2 gave the 2 peers' mean. Mixed with named raters, the few are no longer hidden."""
    if "others_anonymous" not in frame.columns or frame.is_empty():
        return frame
    few = (pl.col("others_anonymous") < k).fill_null(False)
    hidden = [c for c in ("others_mean", "diff_vs_others") if c in frame.columns]
    return _withheld(frame, few, hidden, OTHERS_WITHHELD, k)
