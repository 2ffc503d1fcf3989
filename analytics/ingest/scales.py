"""Detect rating scales and normalise raw scores onto one common 0-1 scale.

Rule (docs/methods.md, "Score normalisation"; README "Data format"):
- numeric values: the scale is declared (mapping ``scales``), kept from the database for a
  (cycle, dimension) that has one, or detected from the *bulk* of the values, never their tail.
  Each distinct value falls in the smallest standard range that holds it: 0-5, 5-10, 10-100.
  0-100 when at least half of the values are above 10; 1-10 when at least a fifth of the rest
  are above 5; 1-5 when at most 5% are (those are typos, quarantined one by one). Shares in
  between fit two scales equally: the file is refused and the user declares the scale.
  The lower end is 0 for 0-100, or when at least 5% of the values are below 1.
  score = (x - lo) / (hi - lo); values outside [lo, hi] are quarantined (``out_of_scale``).
- kept scales (``schema.DIMENSION_SCALES``, :func:`resolve_scale`): a (cycle, dimension) with a
  stored scale is read on it; a file whose bulk contradicts it (most values outside it, or all
  at most 10 on a stored 0-100) is refused until the mapping declares the change. A new cycle
  of a known dimension takes the scale of its nearest stored cycle when its values fit it (a group of
  fewer than 20 values that fits 1-10 stays 1-10 even if they are all 5 or below); values
  clearly on another scale are refused (``scale_changed``, naming the stored scale and the
  one found) until the mapping declares the new cycle's scale. Within one file, a later cycle
  that moves away from the file's own earlier cycle is read on its scale with a warning.
- declared scales (mapping ``scales``): per dimension (``"*"`` for every dimension, the final
  score's column name for the final score), a scale for all cycles (``"1-5"``) or per cycle
  (``{ "2026Q2" = "0-100" }``); see :func:`declared_scale`.
- grade labels (S/A/B/C/D, A-E, 优秀/良好/合格/待改进/不合格): the first known grade scale that
  contains every label of the group; score = (k - 1 - rank) / (k - 1), best grade = 1, worst = 0.

Why shares and not a percentile: one typo 6 among 30 ratings on 1-5 is above the 99.5th
percentile's reach of any small group, so a percentile rule rescaled every rating of the group.
A share moves by at most 2 points when 2% of the values are typos, and the thresholds sit
further apart than that (``tests/test_ingest_properties.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from analytics import schema as S
from analytics.ingest.cycles import parse_cycle
from analytics.text.messages import ImportRejected

__all__ = [
    "ScaleBook",
    "ScaleChoice",
    "ScaleGuess",
    "declared_scale",
    "detect_numeric",
    "file_scales",
    "grade_labels",
    "grade_score_table",
    "inside_share",
    "normalise_scores",
    "number_expr",
    "parse_scale",
    "resolve_scale",
    "scale_name",
    "scales_changed",
    "time_order",
]

NUMERIC_SCALES: tuple[tuple[float, float], ...] = ((1.0, 5.0), (1.0, 10.0), (0.0, 100.0))
TYPO_SHARE = 0.05  # values beyond the smaller scale up to this share are typos
BULK_SHARE = 0.2  # from this share on they are the bulk of the larger scale
HALF = 0.5  # above 10 for at least half of the values: 0-100
ZERO_SHARE = 0.05  # values below 1 from this share on: the scale starts at 0
SMALL_GROUP = 20  # fewer values than this keep a dimension's earlier 1-5 / 1-10 scale
PLACEHOLDERS = frozenset(
    {"nan", "n/a", "na", "#n/a", "null", "none", "-", "--", "—", "——", "–", "无", "空", "/", "#"}
)
# words saying a rating was not given (the person was not rated or missed the assessment): missing
# values, but the user is warned, since they may stand for a decision (a zero, a retake)
NOT_RATED = frozenset({"未评", "未评价", "未评分", "未考核", "缺考", "not rated", "unrated"})


def scale_name(scale: tuple[float, float] | None) -> str | None:
    """(1.0, 5.0) -> '1-5'."""
    if scale is None:
        return None
    lo, hi = scale
    fmt = lambda v: str(int(v)) if float(v).is_integer() else repr(float(v))  # noqa: E731
    return f"{fmt(lo)}-{fmt(hi)}"


def parse_scale(text: str) -> tuple[float, float] | tuple[str, None]:
    """'1-5' -> (1.0, 5.0); 'grade:SABCD' -> ('SABCD', None)."""
    text = text.strip()
    if text.startswith("grade:"):
        name = text.split(":", 1)[1]
        if name not in S.GRADE_SCALES:
            raise ValueError(f"unknown grade scale {name!r}; known: {', '.join(S.GRADE_SCALES)}")
        return name, None
    lo, hi = text.split("-", 1)
    low, high = float(lo), float(hi)
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"not a scale: {text!r} (use e.g. 1-5, 1-10, 0-100)")
    return low, high


@dataclass(frozen=True)
class ScaleGuess:
    """What the values of one (cycle, dimension) say: a scale, or the two they fit equally
    (``between``), or none (no standard scale holds their bulk)."""

    scale: tuple[float, float] | None
    between: tuple[str, str] | None = None


def _finite(dist: Iterable[tuple[float, int]]) -> list[tuple[float, int]]:
    return [(float(v), int(n)) for v, n in dist if v is not None and math.isfinite(v) and n > 0]


def detect_numeric(dist: Iterable[tuple[float, int]]) -> ScaleGuess:
    """The standard scale of a distribution of (distinct value, count): the bulk's, never the
    tail's (module docstring). Never raises."""
    vals = _finite(dist)
    total = sum(n for _, n in vals)
    b5 = sum(n for v, n in vals if 0 <= v <= 5)
    b10 = sum(n for v, n in vals if 5 < v <= 10)
    b100 = sum(n for v, n in vals if 10 < v <= 100)
    inside = b5 + b10 + b100
    if inside == 0 or inside < HALF * total:
        return ScaleGuess(None)
    small = "1-10" if b5 + b10 and b10 / (b5 + b10) >= BULK_SHARE else "1-5"
    if b100 / inside >= HALF:
        return ScaleGuess((0.0, 100.0))
    if b100 / inside > BULK_SHARE:
        return ScaleGuess(None, (small, "0-100"))
    f10 = b10 / (b5 + b10)
    if TYPO_SHARE < f10 < BULK_SHARE:
        return ScaleGuess(None, ("1-5", "1-10"))
    hi = 10.0 if f10 >= BULK_SHARE else 5.0
    in_range = sum(n for v, n in vals if 0 <= v <= hi)
    zeros = sum(n for v, n in vals if 0 <= v < 1)
    lo = 0.0 if in_range and zeros / in_range >= ZERO_SHARE else 1.0
    return ScaleGuess((lo, hi))


def inside_share(dist: Iterable[tuple[float, int]], scale: tuple[float, float]) -> float:
    """Share of the finite values inside ``scale`` (1.0 for no values)."""
    vals = _finite(dist)
    total = sum(n for _, n in vals)
    if not total:
        return 1.0
    return sum(n for v, n in vals if scale[0] <= v <= scale[1]) / total


@dataclass(frozen=True)
class ScaleChoice:
    """The scale one (kind, cycle, dimension) of a file is read on, and why.

    ``source``: mapping (declared), stored (kept from the database for this cycle, or from an
    earlier cycle of the dimension), detected. ``earlier``: the dimension's scale before, when
    this choice differs from it (a visible warning, or a declared change)."""

    kind: str  # rating | final
    cycle_id: str
    dimension: str
    scale: str | None
    source: str
    earlier: str | None = None
    earlier_cycle: str | None = None  # the cycle of ``earlier``
    label: str | None = None  # what the user calls it, when not the dimension (最终得分)


@dataclass
class ScaleBook:
    """The scales the database keeps, (kind, cycle, dimension) -> scale, in the order of their
    cycles (:meth:`add`), and for a cycle not stored yet the one to start from
    (:meth:`reference`). An entry added with ``stored=False`` is a cycle of the file being
    read (resolved before a later cycle of the same file), not one the database keeps."""

    known: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # (kind, dimension) -> [(cycle start or None, cycle id, scale, stored)] in the order added
    cycles: dict[tuple[str, str], list[tuple[date | None, str, str, bool]]] = field(
        default_factory=dict
    )

    def add(
        self, kind: str, cycle_id: str, dimension: str, scale: str, stored: bool = True
    ) -> None:
        self.known[(kind, cycle_id, dimension)] = scale
        entries = self.cycles.setdefault((kind, dimension), [])
        entries[:] = [e for e in entries if e[1] != cycle_id]
        entries.append((parse_cycle(cycle_id).start, cycle_id, scale, stored))

    def reference(self, kind: str, cycle_id: str, dimension: str) -> tuple[str, str, bool] | None:
        """(cycle, scale, stored) a new cycle of the dimension is compared with: the nearest
        earlier dated cycle, else the nearest later one, else (undated) the last one added;
        ``stored``: that cycle's scale is the database's (not the file's own earlier cycle)."""
        entries = self.cycles.get((kind, dimension))
        if not entries:
            return None
        start = parse_cycle(cycle_id).start
        dated = [e for e in entries if e[0] is not None]
        if start is None or not dated:
            best = entries[-1]
        else:
            earlier = [e for e in dated if e[0] < start]
            best = max(earlier, key=lambda e: e[0]) if earlier else min(dated, key=lambda e: e[0])
        return best[1], best[2], best[3]


def _numeric(text: str | None) -> tuple[float, float] | None:
    if not text or text.startswith("grade:"):
        return None
    try:
        value = parse_scale(text)
    except ValueError:
        return None
    return value if value[1] is not None else None  # type: ignore[return-value]


def time_order(cycle_id: str, *rest: str) -> tuple:
    """Sort key of (cycle, ...) groups: dated cycles by start, undated ones last. Groups are
    resolved in this order, each added to the book, so a file's later cycles start from its
    earlier ones."""
    start = parse_cycle(cycle_id).start
    return (start is None, start or date.min, cycle_id, *rest)


def _far_apart(found: tuple[float, float], kept: tuple[float, float]) -> bool:
    """True when values whose bulk sits on ``found`` cannot be ratings on ``kept``: all of
    them at most 10 on a 0-100 scale (a 4 would be 4%). 1-5 against 1-10 is not far apart:
    a few ratings on 1-10 are often all 5 or below."""
    return kept[1] >= 100 and found[1] <= 10


def resolve_scale(
    kind: str,
    cycle_id: str,
    dimension: str,
    dist: list[tuple[float, int]],
    book: ScaleBook | None,
    declared: str | None,
    file: str,
    label: str | None = None,
) -> ScaleChoice:
    """The scale of one group: declared, else stored, else detected (module docstring).
    Raises ImportRejected when the values fit two scales equally, contradict the stored
    scale with their bulk, or put a new cycle on another scale than the dimension's stored
    one: the user declares the scale in the mapping."""
    book = book or ScaleBook()
    shown = label or dimension
    stored = book.known.get((kind, cycle_id, dimension))
    if declared is not None:
        earlier = stored if stored and stored != declared else None
        return ScaleChoice(kind, cycle_id, dimension, declared, "mapping", earlier, label=label)
    guess = detect_numeric(dist)
    found = scale_name(guess.scale)
    stored_num = _numeric(stored)
    if stored_num is not None:
        if (
            guess.scale is not None
            and found != stored
            and (inside_share(dist, stored_num) < HALF or _far_apart(guess.scale, stored_num))
        ):
            raise ImportRejected(
                "scale_conflict",
                file=file,
                dimension=shown,
                cycle=cycle_id,
                stored=stored,
                found=found,
            )
        return ScaleChoice(kind, cycle_id, dimension, stored, "stored", label=label)
    ref = book.reference(kind, cycle_id, dimension)
    ref_cycle, previous, ref_stored = ref if ref else (None, None, False)
    prev_num = _numeric(previous)
    total = sum(n for _, n in _finite(dist))
    if prev_num is not None:
        fits = inside_share(dist, prev_num)
        if found == previous:  # the values say it themselves: the stored one, when it is
            source = "stored" if ref_stored else "detected"
            return ScaleChoice(kind, cycle_id, dimension, found, source, label=label)
        if guess.scale is None and fits >= 1 - BULK_SHARE:
            return ScaleChoice(kind, cycle_id, dimension, previous, "stored", label=label)
        if (
            guess.scale is not None
            and fits >= 1 - TYPO_SHARE
            and total < SMALL_GROUP
            and not _far_apart(guess.scale, prev_num)
        ):
            return ScaleChoice(kind, cycle_id, dimension, previous, "stored", label=label)
        if guess.scale is not None and ref_stored:  # a new cycle on another scale: declared only
            raise ImportRejected(
                "scale_changed",
                file=file,
                dimension=shown,
                cycle=cycle_id,
                found=found,
                stored=previous,
                other=ref_cycle,
            )
        if guess.scale is not None:
            return ScaleChoice(
                kind, cycle_id, dimension, found, "detected", previous, ref_cycle, label
            )
    if guess.between is not None:
        a, b = guess.between
        raise ImportRejected(
            "scale_ambiguous", file=file, dimension=shown, cycle=cycle_id, a=a, b=b
        )
    return ScaleChoice(kind, cycle_id, dimension, found, "detected", label=label)


def scales_changed(changed: list[ImportRejected]) -> ImportRejected:
    """One refusal for every (dimension, new cycle) whose values moved to another scale than
    the stored one (``scale_changed`` alone for one), with the mapping entry declaring them
    all: the user fixes the file once, not one dimension per attempt."""
    if len(changed) == 1:
        return changed[0]
    params = [exc.params for exc in changed]
    declared: dict[str, dict[str, str]] = {}
    for p in params:
        declared.setdefault(str(p["dimension"]), {})[str(p["cycle"])] = str(p["found"])
    example = ", ".join(
        f'"{dim}" = {{ ' + ", ".join(f'"{c}" = "{sc}"' for c, sc in cycles.items()) + " }"
        for dim, cycles in declared.items()
    )
    return ImportRejected(
        "scales_changed",
        file=params[0]["file"],
        n=len(params),
        changes="; ".join(
            f"{p['dimension']} · {p['cycle']}: {p['stored']} ({p['other']}) → {p['found']}"
            for p in params
        ),
        example=f"scales = {{ {example} }}",
        dimensions=list(declared),
    )


def file_scales(choices: Iterable[ScaleChoice]) -> list[ScaleChoice]:
    """The scale of each (kind, cycle, dimension) of a file, over its tables: the first table's
    choice (a later sheet reads the same group on it, as kept, and is not listed again)."""
    first: dict[tuple[str, str, str], ScaleChoice] = {}
    for c in choices:
        first.setdefault((c.kind, c.cycle_id, c.dimension), c)
    return list(first.values())


def grade_score_table() -> pl.DataFrame:
    """(grade_scale, grade label, normalised score) for every known ordinal scale."""
    rows = []
    for name, labels in S.GRADE_KEYS.items():
        k = len(labels)
        for rank, label in enumerate(labels):
            rows.append((name, label, (k - 1 - rank) / (k - 1)))
    return pl.DataFrame(rows, schema=["grade_scale", "grade_key", "grade_score"], orient="row")


def _grade_keys(values: pl.Series) -> dict[str, str]:
    """NFKC + upper case per *distinct* label (so full-width Ｓ equals S, 'a' equals 'A')."""
    return {v: S.grade_key(v) for v in values.drop_nulls().unique()}


_THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
_DECIMAL_COMMA = r"^[+-]?\d*,\d+$"


def number_expr(text: pl.Expr, decimal_comma: bool = True) -> pl.Expr:
    """A number from export text: trimmed, '%' and the unit 分 (points: '4分') dropped, '1,234'
    (thousands) and, when ``decimal_comma``, '0,4' / '3,5' (a decimal comma) read; null when it
    is no finite number."""
    t = text.cast(pl.String).str.normalize("NFKC").str.strip_chars()  # full-width ４ too
    t = t.str.strip_suffix("%").str.strip_suffix("分")
    t = t.str.strip_chars()
    t = pl.when(t.str.contains(_THOUSANDS)).then(t.str.replace_all(",", "")).otherwise(t)
    if decimal_comma:
        t = pl.when(t.str.contains(_DECIMAL_COMMA)).then(t.str.replace(",", ".")).otherwise(t)
    v = t.cast(pl.Float64, strict=False)
    return pl.when(v.is_finite()).then(v)


def placeholder_expr(text: pl.Expr) -> pl.Expr:
    """True where a cell holds a missing-value placeholder (NaN, N/A, —, 无, -, #N/A, null)."""
    return text.cast(pl.String).str.strip_chars().str.to_lowercase().is_in(list(PLACEHOLDERS))


def not_rated_expr(text: pl.Expr) -> pl.Expr:
    """True where a cell says the rating was not given (未评, 缺考, not rated)."""
    return text.cast(pl.String).str.strip_chars().str.to_lowercase().is_in(list(NOT_RATED))


def _grade_scales(df: pl.DataFrame, group_cols: list[str]) -> pl.DataFrame:
    """Each group's grade scale: the one that covers most of its grade labels (ties: the
    earlier of schema.GRADE_SCALES)."""
    gtable = grade_score_table()
    labels = df.filter(pl.col("_gkey").is_not_null()).select([*group_cols, "_gkey"]).unique()
    empty = df.select(group_cols).clear().with_columns(pl.lit(None, pl.String).alias("grade_scale"))
    if not labels.height:
        return empty
    return (
        labels.join(gtable, left_on="_gkey", right_on="grade_key", how="inner")
        .group_by([*group_cols, "grade_scale"])
        .agg(pl.len().alias("_hits"))
        .with_columns(
            pl.col("grade_scale")
            .replace_strict({n: i for i, n in enumerate(S.GRADE_SCALES)}, return_dtype=pl.Int32)
            .alias("_pref")
        )
        .sort([*group_cols, "_hits", "_pref"], descending=[False] * len(group_cols) + [True, False])
        .group_by(group_cols, maintain_order=True)
        .first()
        .select([*group_cols, "grade_scale"])
    )


def grade_labels(scale: str) -> str:
    """A grade scale's labels in order, best first: 'grade:CN4' -> '优秀/良好/合格/待改进'."""
    return "/".join(S.GRADE_SCALES.get(scale.removeprefix("grade:"), ()))


def _file_grade_scale(labels: set[str], stored: set[str]) -> str | None:
    """The one grade scale that holds every label of the file: the only scale holding them
    all, else the one the database keeps for these dimensions (a later file without 不合格
    stays on the five grades), else the one whose labels are exactly these (优秀/良好/合格/
    待改进: CN4, not CN5); None when several fit equally."""
    fits = [n for n, labs in S.GRADE_KEYS.items() if labels <= set(labs)]
    if len(fits) == 1:
        return fits[0]
    kept = [n for n in fits if n in stored]
    if len(kept) == 1:
        return kept[0]
    whole = [n for n in fits if len(S.GRADE_SCALES[n]) == len(labels)]
    return whole[0] if len(whole) == 1 else None


def _resolve_grades(
    df: pl.DataFrame,
    group_cols: list[str],
    declared: Declared | None,
    dim_of,
    *,
    kind: str,
    book: ScaleBook | None,
    file: str,
    label: str | None,
) -> tuple[pl.DataFrame, list[ScaleChoice]]:
    """The grade scale of each group holding grade labels, and a scale choice per group (shown
    like a numeric scale). Declared in the mapping, else one scale for the whole file: the one
    holding all its labels (:func:`_file_grade_scale`), over the groups whose values are mostly
    grades. Labels that fit several scales equally
    (A/B/C/D: S-D or A-E) are refused, naming the mapping entry that decides; labels of no one
    scale keep each group's best-covering scale (the others are quarantined, not a score)."""
    per_group = _grade_scales(df, group_cols)
    schema = {**{c: df.schema[c] for c in group_cols}, "grade_scale": pl.String}
    labels = df.filter(pl.col("_gkey").is_not_null()).select([*group_cols, "_gkey"]).unique()
    if not labels.height:
        return per_group, []
    known = {g for labs in S.GRADE_KEYS.values() for g in labs}
    # a group is graded when its grades are at least as many as its numbers; a stray letter
    # among numbers is no grade scale's evidence: it is quarantined alone (not a score)
    counts = df.group_by(group_cols).agg(
        pl.col("_gkey").is_not_null().sum().alias("_labels"),
        pl.col("_num").is_not_null().sum().alias("_numbers"),
    )
    graded = {tuple(r[:-2]) for r in counts.iter_rows() if r[-2] and r[-2] >= r[-1]}
    groups: dict[tuple, set[str]] = {}
    for row in labels.iter_rows():
        if tuple(row[:-1]) in graded:
            groups.setdefault(tuple(row[:-1]), set()).add(row[-1])
    if not groups:
        return per_group.clear(), []
    book = book or ScaleBook()
    declared_of: dict[tuple, str] = {}
    stored: set[str] = set()
    for g in groups:
        text = declared_scale(declared, dim_of(g), str(g[0])) or ""
        if text.startswith("grade:"):
            declared_of[g] = text.removeprefix("grade:")
        kept = book.known.get((kind, str(g[0]), dim_of(g))) or ""
        ref = book.reference(kind, str(g[0]), dim_of(g))
        for t in (kept, ref[1] if ref else ""):
            if t.startswith("grade:"):
                stored.add(t.removeprefix("grade:"))
    free = {g: labs & known for g, labs in groups.items() if g not in declared_of}
    union = set().union(*free.values()) if free else set()
    chosen = _file_grade_scale(union, stored) if union else None
    fits = [n for n, labs in S.GRADE_KEYS.items() if union and union <= set(labs)]
    if chosen is None and len(fits) > 1:
        order = {g: i for n in fits for i, g in enumerate(S.GRADE_KEYS[n])}
        dims = list(dict.fromkeys(label or dim_of(g) for g in sorted(free, key=str)))
        key = label or "*"
        raise ImportRejected(
            "grade_scale_ambiguous",
            file=file,
            labels=sorted(union, key=lambda v: order.get(v, 99)),
            candidates=[f"grade:{n} ({grade_labels(n)})" for n in fits],
            dimensions=dims,
            example=f'scales = {{ "{key}" = "grade:{fits[-1]}" }}',
        )
    rows, choices = [], []
    best = {tuple(r[:-1]): r[-1] for r in per_group.iter_rows()}
    for g in sorted(groups, key=lambda g: time_order(str(g[0]), *map(str, g[1:]))):
        if g in declared_of:
            name, source = declared_of[g], "mapping"
        elif chosen is not None:
            name, source = chosen, "stored" if chosen in stored else "detected"
        else:
            name, source = best.get(g), "detected"
        if name is None:
            continue
        rows.append((*g, name))
        scale = f"grade:{name}"
        choices.append(ScaleChoice(kind, str(g[0]), dim_of(g), scale, source, label=label))
        book.add(kind, str(g[0]), dim_of(g), scale, stored=False)
    return pl.DataFrame(rows, schema=schema, orient="row"), choices


Declared = dict[str, "str | dict[str, str]"]


def declared_scale(declared: Declared | None, dimension: str, cycle_id: str) -> str | None:
    """The scale a mapping's ``scales`` declares for ``dimension`` in ``cycle_id``, else None.

    A key is a dimension (or the final score's column name), or ``"*"`` for every dimension;
    its value a scale for every cycle (``"1-5"``) or a table cycle -> scale
    (``{"2026Q2": "0-100"}``, a cycle as its id or as a label that parses to it). The
    dimension's own key wins over ``"*"``."""
    for key in (dimension, "*"):
        value = (declared or {}).get(key)
        if isinstance(value, str):
            return value
        for cycle, scale in (value or {}).items():
            if cycle == cycle_id or parse_cycle(cycle).cycle_id == cycle_id:
                return scale
    return None


def normalise_scores(
    frame: pl.DataFrame,
    raw_col: str,
    group_cols: list[str],
    declared: Declared | None = None,
    dimension_col: str | None = None,
    *,
    kind: str = "rating",
    book: ScaleBook | None = None,
    file: str = "",
    label: str | None = None,
) -> tuple[pl.DataFrame, list[ScaleChoice]]:
    """Add ``score`` (0-1), ``scale`` and ``score_problem`` (null, not_a_score, out_of_scale,
    no_scale); return it with the numeric scale chosen for each group (:func:`resolve_scale`).

    ``group_cols`` is ``[cycle_id]`` or ``[cycle_id, dimension_col]``. ``declared`` maps a
    dimension name (or ``"*"``) to a scale text such as ``"1-5"`` or ``"grade:SABCD"``, or to
    a table cycle -> scale text (:func:`declared_scale`).
    """
    declared = declared or {}
    book = book if book is not None else ScaleBook()
    df = _parsed(frame, raw_col)
    dim_of = (lambda g: g[1]) if len(group_cols) > 1 else (lambda g: S.OVERALL)
    scales, choices = _numeric_scales(
        df, group_cols, declared, dim_of, kind=kind, book=book, file=file, label=label
    )
    df = df.join(scales, on=group_cols, how="left", nulls_equal=True)
    graded, grade_choices = _resolve_grades(
        df, group_cols, declared, dim_of, kind=kind, book=book, file=file, label=label
    )
    choices.extend(grade_choices)
    df = df.join(graded, on=group_cols, how="left", nulls_equal=True)
    gtable = grade_score_table()
    df = df.join(
        gtable.rename({"grade_scale": "_gs"}),
        left_on=["grade_scale", "_gkey"],
        right_on=["_gs", "grade_key"],
        how="left",
    )
    return _scored(df), choices


def _parsed(frame: pl.DataFrame, raw_col: str) -> pl.DataFrame:
    """``frame`` with ``_num`` (the cell's number), ``_gradetxt`` (the text when it is neither
    a number nor a missing value) and ``_gkey`` (that text's grade key). Each distinct text is
    parsed once (a rating column holds few), then mapped onto the rows."""
    raw = pl.col(raw_col).cast(pl.String).str.strip_chars()
    texts = frame.select(raw.unique().drop_nulls().alias("_t"))
    t = pl.col("_t")
    missing = (t == "") | placeholder_expr(t)
    texts = texts.with_columns(
        pl.when(missing).then(None).otherwise(number_expr(t)).alias("_v")
    ).with_columns(pl.when(pl.col("_v").is_null() & ~missing).then(t).alias("_g"))
    old = texts.get_column("_t")
    df = frame.with_columns(
        raw.replace_strict(old, texts.get_column("_v"), default=None).alias("_num"),
        raw.replace_strict(old, texts.get_column("_g"), default=None).alias("_gradetxt"),
    )
    keys = _grade_keys(df.get_column("_gradetxt"))
    return df.with_columns(
        pl.col("_gradetxt")
        .replace_strict(keys, default=None, return_dtype=pl.String)
        .alias("_gkey")
    )


def _numeric_scales(
    df: pl.DataFrame,
    group_cols: list[str],
    declared: Declared,
    dim_of,
    *,
    kind: str,
    book: ScaleBook,
    file: str,
    label: str | None,
) -> tuple[pl.DataFrame, list[ScaleChoice]]:
    """The numeric scale of each group (``_lo``, ``_hi``, ``_sname``), chosen from its values'
    distribution by :func:`resolve_scale`, earlier cycles first (a later cycle of this file
    starts from an earlier one's scale); every cycle whose scale changed is refused at once."""
    dists = (
        df.filter(pl.col("_num").is_not_null())
        .group_by([*group_cols, "_num"])
        .agg(pl.len().alias("_n"))
        .sort("_num")
    )
    per_group: dict[tuple, list[tuple[float, int]]] = {}
    for row in dists.iter_rows():
        per_group.setdefault(tuple(row[: len(group_cols)]), []).append((row[-2], row[-1]))
    choices: list[ScaleChoice] = []
    rows = []
    in_time = lambda item: time_order(str(item[0][0]), *map(str, item[0][1:]))  # noqa: E731
    changed: list[ImportRejected] = []
    for g, dist in sorted(per_group.items(), key=in_time):
        dim = dim_of(g)
        decl = declared_scale(declared, dim, str(g[0]))
        if decl is not None and decl.startswith("grade:"):
            continue
        try:
            choice = resolve_scale(kind, str(g[0]), dim, dist, book, decl, file, label)
        except ImportRejected as exc:
            if exc.code != "scale_changed":
                raise
            changed.append(exc)
            continue
        if choice.scale:
            book.add(kind, choice.cycle_id, choice.dimension, choice.scale, stored=False)
        choices.append(choice)
        num = _numeric(choice.scale)
        rows.append((*g, num[0] if num else None, num[1] if num else None, choice.scale))
    if changed:
        raise scales_changed(changed)
    schema = {
        **{c: df.schema[c] for c in group_cols},
        "_lo": pl.Float64,
        "_hi": pl.Float64,
        "_sname": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row"), choices


def _scored(df: pl.DataFrame) -> pl.DataFrame:
    """``score`` (0-1), ``scale`` and ``score_problem`` from the parsed cell and its group's
    numeric scale or grade, helper columns dropped."""
    num_ok = pl.col("_num").is_between(pl.col("_lo"), pl.col("_hi"))
    is_num = pl.col("_num").is_not_null()
    # the range as a full column: a column Polars holds as one repeated value (a join's output)
    # is divided by multiplying with its reciprocal, which is not what DuckDB's fast path
    # computes (57 / 100 = 0.5700000000000001 instead of 0.57)
    width = pl.col("_hi") - pl.col("_lo") + pl.col("_num") * 0.0
    df = df.with_columns(
        pl.when(is_num & num_ok)
        .then((pl.col("_num") - pl.col("_lo")) / width)
        .when(pl.col("grade_score").is_not_null())
        .then(pl.col("grade_score"))
        .otherwise(None)
        .alias("score"),
        pl.when(is_num)
        .then(pl.col("_sname"))
        .when(pl.col("_gkey").is_not_null())
        .then(pl.lit("grade:") + pl.col("grade_scale"))
        .alias("scale"),
        pl.when(is_num & pl.col("_lo").is_null())
        .then(pl.lit("no_scale"))
        .when(is_num & ~num_ok.fill_null(False))
        .then(pl.lit("out_of_scale"))
        .when(pl.col("_gkey").is_not_null() & pl.col("grade_score").is_null())
        .then(pl.lit("not_a_score"))
        .alias("score_problem"),
    )
    drop = ["_num", "_gradetxt", "_gkey", "_hi", "_lo", "_sname", "grade_scale", "grade_score"]
    return df.drop(drop, strict=False)
