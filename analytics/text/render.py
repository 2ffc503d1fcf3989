"""Codes and parameters in, words out: the one renderer behind pages, exports and figures.

How an analysis says something without words
--------------------------------------------
* A **code** column (String, or List(String)) holds bare codes: a rater's ``flags``
  (``["lenient"]``), a ``main_role`` (``"manager"``), a ``box_label`` (``"star"``).
* A **phrase** column holds ``Struct{code: String, params: Struct{...}}`` (or a List of them,
  one per reason), where ``params`` holds the numbers and names the sentence needs, typed, e.g.
  ``{code: "top_pct_in_peer_group", params: {pct: 0.05, group: "研发 P4", n: 83, cycle: ...}}``.
  Build one with :func:`phrase` and a list with :func:`phrases`. Phrases with different
  parameters share one column: Polars unites the params' fields (a field another code does not
  use is null). Numbers stay numbers until display, so stored and recomputed parts compare with
  the usual float tolerance, and DuckDB stores the structs as they are.

Which family a column's codes belong to is fixed by its name (:data:`CODED_COLUMNS`: the
``reasons`` column's codes are looked up as ``reason.<code>``). Numbers are formatted by the
template (``{pct:.0%}``, ``{slope:+.3f}``), never stored as text; an integer without a spec
gets thousands separators (381,630) and a signed number that rounds to zero loses its sign
("0.000", not "-0.000"). Extra format specs:
``{x:clauses}`` (``{x:parts}``) renders a list of phrase values (:func:`phrase_value`) and
joins them with a comma (a semicolon; ``{x:steps}`` an arrow): a sentence drops a clause by leaving it out.
``{p:p}`` writes a p-value as ``p=0.012`` / ``p<0.001`` (``{q:q}`` a q-value alike); ``{at:when}`` a time stamp as
people write it (:func:`format_when`); ``{n:#row|rows}`` a count with its
noun in the singular for 1 (English: "1 row", "2 rows"); ``{x:@family}`` renders the value as
the code ``family.<value>`` in the same language (``{dir:@word}`` → "rose" / "上升");
``{x:@family?}`` does so only when the catalogue has that code and otherwise prints the value
as it is (a peer group is a data value such as "研发 P4", or the code ``company``). ``{x:pt}``
(``{x:+pt}`` signed, ``{x:hlpt}`` worded higher/lower) writes a score or a change in points to
the decimals of the sentence's scale (its ``score_scale`` parameter: one on 0-100, two on 1-5
and grade steps, three on the 0-1 score; :func:`scale_digits`), so every number of a sentence,
and of a list of sentences on one scale, is rounded alike ("-0.40" beside "-0.42", not "-0.4":
rev19e minor 9). A missing
value (null, NaN) prints as "—"; a sentence given an interval ``lo`` to ``hi`` with neither end
known is worded by ``<code>_no_interval`` where the catalogue has one ("the 95% CI cannot be
estimated", not "95% CI — to —": docs/security.md, rev25b item 5). A list or tuple prints its items joined by the language's list
separator (:func:`join_list`: "、" in Chinese, ", " in English): messages pass lists of names,
never a string joined beforehand.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from analytics.text.catalogue import LANGS, entries

__all__ = [
    "CODED_COLUMNS",
    "DEFAULT_LANG",
    "LANGS",
    "OPEN_FAMILIES",
    "SCORE_SCALE",
    "codes_in",
    "display_zone",
    "entries",
    "format_p",
    "format_when",
    "is_phrase",
    "iso_when",
    "join_list",
    "phrase",
    "phrase_dtype",
    "phrase_value",
    "phrases",
    "render",
    "render_column",
    "render_frame",
    "render_strict",
    "scale_digits",
    "sheet_when",
    "unit_words",
    "with_phrases",
]

DEFAULT_LANG = "zh"

#: column name -> code family; only String / Struct columns (and lists of them) are rendered,
#: so a Boolean ``flag`` (a department shift's) passes through untouched
CODED_COLUMNS: dict[str, str] = {
    "reasons": "reason",
    "reason": "reason",
    "caution": "reason",  # a ranked row's rating manager (analytics.stats.cautions)
    "privacy": "reason",
    "flag_reason": "reason",
    "scale_estimate": "reason",  # how a new manager's standard is known (stats.cautions)
    "parts_note": "reason",
    "flags": "flag",
    "flag": "flag",
    "main_role": "role",
    "role_reference": "role",
    "rater_role": "role",
    "role_mix": "mix",
    "box_label": "box",
    "box_certainty": "certainty",
    "design": "design",
    "measure": "measure",
    "icc_form": "icc_form",  # analytics.stats.reliability.ICC_FORMS
    "facet": "facet",
    "confounded_with": "facet",
    "potential_source": "source",
    "potential_band": "band",  # a 9-box row as a word (findings.stories.box_members)
    "direction": "direction",
    "trend": "trend",  # what a person moved against (analytics.stats.attribution.against_trend)
    # one department over half: its own change, company-wide, or cannot be told (fixattr31)
    "environment_answer": "answer",
    # data values (department paths, job family + level) except the code of the whole company
    "peer_group": "unit",
    "dept": "unit",
    "scope": "unit",
    "unit": "unit",
    "story": "story",
    "unit_a": "unit",
    "unit_b": "unit",
    "shape": "shape",
    "status": "status",  # an import's status, a rater's (analytics.stats.raters.RATER_STATUSES)
    "status_reason": "reason",
    "share_rater_status": "status",  # attribution.RATER_SHARE_STATUSES
    "share_rater_reason": "reason",
    "halo_reason": "reason",
    "pattern_reason": "reason",  # raters.rater_table: a central-tendency, halo or recency label's
    "rec_reason": "reason",  # evidence; why recency cannot be estimated
    "ct_status": "pattern",  # analytics.stats.raters.PATTERN_STATUSES
    "ct_basis": "ct_basis",  # the same people's other raters, or the cycles pooled (mgr24)
    "ct_role": "role",  # the role central tendency was judged in (fixrater30)
    "halo_status": "pattern",
    "rec_status": "pattern",
    "fdr_flag": "flag",
    "interval_method": "interval",
    "top_excess_ci": "interval",  # findings.sections.with_excess_intervals
    "bottom_excess_ci": "interval",
    "grade_source": "grade_source",
    "backtest_group": "backtest",
    "outcome": "appeal_outcome",  # an appeal's (analytics.schema.APPEAL_OUTCOMES)
    "appeal_source": "appeal_source",
    "signal": "appeal_signal",  # analytics.stats.appeals.SIGNALS
    # a dimension's own name, except the single overall score of a file without dimensions
    "dimension": "dim",
}
#: families whose columns hold data values beside their codes: a value the catalogue does not
#: know is a name (a department, a peer group), shown as it is and not reported by codes_in
OPEN_FAMILIES: frozenset[str] = frozenset({"unit", "status", "dim"})

_MISSING = "—"
_SEP = "\x1f"  # between code and params in a lookup key (never in a code)


def format_p(p: float) -> str:
    """A p-value as people read it: ``p=0.012``, or ``p<0.001`` below one in a thousand."""
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def display_zone() -> tzinfo | None:
    """The time zone times are shown in: ``$PERFLENS_TZ`` (an IANA name, Asia/Shanghai) when
    set and known, else None, the machine's own (rev28a item 12: a Chinese user read UTC)."""
    name = os.environ.get("PERFLENS_TZ", "").strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return None


def _when_parts(when: datetime) -> tuple[datetime, str, str]:
    """``when`` in the zone it is said in, its catalogue pattern's code and its offset's words
    ("+08:00"): a UTC time in the zone of :func:`display_zone`, another offset as it is."""
    offset = when.utcoffset()
    if offset is not None and not offset:  # stored in UTC: said in the reader's zone
        when = when.astimezone(display_zone())
        offset = when.utcoffset()
    code = (
        "common.when" if offset is None else "common.when_utc" if not offset else "common.when_zone"
    )
    minutes = 0 if offset is None else int(offset.total_seconds() // 60)
    zone = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return when, code, zone


def format_when(value: object, lang: str = DEFAULT_LANG) -> str:
    """A time stamp (a ``datetime`` or an ISO 8601 string such as ``2026-12-04T14:57:40Z``) as
    people write it: "2026年12月4日 14:57" / "4 Dec 2026, 14:57"; a UTC time in the zone of
    :func:`display_zone` with its offset ("2026年12月4日 22:57（UTC+08:00）", "UTC" on a machine
    in UTC); a time carrying another offset as it is, with that offset.
    A value that is no time stamp is printed as it is."""
    try:
        when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    lang = _lang(lang)
    words = entries()
    when, code, zone = _when_parts(when)
    return words[code][lang].format(
        zone=zone,
        y=when.year,
        m=when.month,
        d=when.day,
        mon=words["common.months"][lang].split()[when.month - 1],
        hm=f"{when.hour:02d}:{when.minute:02d}",
    )


#: :func:`format_when`'s fields as a spreadsheet's number format writes them
_SHEET_WHEN = {"y": "yyyy", "m": "m", "d": "d", "mon": "mmm", "hm": "hh:mm"}


def sheet_when(value: datetime, lang: str = DEFAULT_LANG) -> tuple[datetime, str]:
    """A stored time (naive: UTC) for a spreadsheet cell: the time in the zone
    :func:`format_when` says it in, without a zone (a spreadsheet's times have none), and the
    number format that shows it in :func:`format_when`'s words, its zone written out
    ("2026年12月4日 17:00（UTC+08:00）"): a real time a program reads, the page's words a person
    reads (session 45: the write-back's cell read "2026-12-07 23:57:19+00:00")."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    when, code, zone = _when_parts(aware)
    lang = _lang(lang)
    fields = re.split(r"\{(\w+)\}", entries()[code][lang].replace("{zone}", zone))
    # text between the fields quoted ("年", " UTC+08:00"), the fields as the sheet writes them;
    # English month names whatever the reader's spreadsheet speaks ([$-409]: en-US)
    shown = "".join(
        _SHEET_WHEN[part] if i % 2 else f'"{part}"' if part else "" for i, part in enumerate(fields)
    )
    return when.replace(tzinfo=None), ("[$-409]" if lang == "en" else "") + shown


def iso_when(value: datetime | str | None) -> str | None:
    """A stored time (naive: UTC, as the calibration sessions keep it) for a file a program
    reads: ISO 8601 to the second in the zone of :func:`display_zone`, with its offset
    ("2026-12-04 22:57:40+08:00"), the zone the screen and the printed record say it in (left29
    item 3: the write-back said the UTC time without a zone)."""
    if value is None:
        return None
    if not isinstance(value, datetime):  # text read back: kept when it is no time stamp
        try:
            value = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return aware.astimezone(display_zone()).isoformat(sep=" ", timespec="seconds")


def join_list(items: Iterable[object], lang: str = DEFAULT_LANG) -> str:
    """Items as one list in ``lang``: "业绩、协作" / "Results, Teamwork" (``common.list_sep``)."""
    return entries()["common.list_sep"][_lang(lang)].join(str(i) for i in items)


#: the specs that join a list of phrase values (:func:`phrase_value`) rendered one by one:
#: ``clauses`` with a comma, ``parts`` with a semicolon. Why: a headline leaves out a clause
#: whose count is 0 ("0 位无法估计", rev21 item 11) by leaving it out of the list
_JOINERS = {
    "clauses": "common.clause_sep",
    "parts": "common.part_sep",
    "sentences": "common.sentence_sep",
    "steps": "common.step_sep",
}

#: the ``pt`` specs (:class:`_Value`): unsigned, signed, worded higher or lower
_POINTS = frozenset({"pt", "+pt", "hlpt"})
#: ``pt0``: points, with up to two more decimals where a value not 0 would read 0
_POINTS_NONZERO = frozenset({"pt0", "+pt0"})


class _Value:
    """A parameter as a template sees it: ``str.format`` plus the ``p``, ``@family``, ``hl``
    (a signed difference worded higher or lower by its size, ``hl.2f``: the size's format) and
    ``pt`` (points to ``digits`` decimals, the sentence scale's) specs, and "—" for a missing
    value. (``format_map`` over these runs in C; a ``string.Formatter`` subclass parses every
    template in Python, several times slower per reason.)"""

    __slots__ = ("digits", "lang", "value")

    def __init__(self, value: object, lang: str, digits: int = 3) -> None:
        self.value = value
        self.lang = lang
        self.digits = digits

    def __format__(self, spec: str) -> str:
        value = self.value
        if spec in _POINTS:  # points to the scale's decimals: {x:+pt} -> +0.40 on 1-5
            spec = f"{spec[:-2]}.{self.digits}f"
        elif spec in _POINTS_NONZERO:  # the same, a value not 0 never written as 0
            spec = f"{spec[:-3]}.{_nonzero_digits(value, self.digits)}f"
        if spec == "unit":  # the scale scores were converted to, as a sentence says it
            return unit_words(value, self.lang)  # type: ignore[arg-type]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return _MISSING
        # a person: "韩帆玉（000184）" / "Han Fanyu (000184)", the id alone unnamed; a list of
        # them: each so, joined below
        if spec == "who" and not isinstance(value, (list, tuple)):
            person = value if isinstance(value, Mapping) else {"id": value}
            name, pid = person.get("name"), person.get("id")
            if pid is None:  # outside the viewer's reach: no id, no name
                return _MISSING
            if not name:
                return str(pid)
            return render_strict("common.person_named", self.lang, name=name, id=pid)
        if spec in _JOINERS:  # sentences' parts: each a phrase value, none of them empty
            sep = render_strict(_JOINERS[spec], self.lang)
            return sep.join(
                render_strict(str(v["code"]), self.lang, **(v.get("params") or {}))  # type: ignore[union-attr]
                for v in (value or ())  # type: ignore[union-attr]
            )
        if isinstance(value, (list, tuple)):  # each item as the spec says, then joined
            items = (_Value(v, self.lang, self.digits).__format__(spec) for v in value)
            return join_list(items, self.lang)
        if spec == "p":
            return format_p(float(value))  # type: ignore[arg-type]
        if spec == "q":  # a q-value (a p-value corrected for many tests): q=0.012 / q<0.001
            return "q" + format_p(float(value))[1:]  # type: ignore[arg-type]
        if spec == "when":  # a time stamp as people write it, not ISO 8601
            return format_when(value, self.lang)
        if spec.startswith("hl"):  # a signed difference as words: {d:hl} -> 低 0.34 / 0.34 lower
            mag = _Value(abs(float(value)), self.lang, self.digits).__format__(spec[2:] or "g")  # type: ignore[arg-type]
            code = "common.higher_by" if value > 0 else "common.lower_by"  # type: ignore[operator]
            return render_strict(code if value else "common.no_difference", self.lang, mag=mag)
        if spec.startswith("#"):  # a count and its noun: {n:#row|rows} -> 1 row, 2 rows
            one, _, many = spec[1:].partition("|")
            count = f"{value:,}" if isinstance(value, int) else str(value)
            return f"{count} {one if value == 1 else many or one}"
        if spec.startswith("@"):
            family, optional = spec[1:].removesuffix("?"), spec.endswith("?")
            code = f"{family}.{value}"
            if optional and code not in entries():
                return str(value)  # a data value (a group's own name), not a code
            return render_strict(code, self.lang)
        if not spec and isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"  # a count: 381,630, not 381630
        text = format(value, spec)
        if isinstance(value, float) and "e" in text:  # "g" chose scientific notation
            text = _plain(text)
        if isinstance(value, float) and _SIGNED_ZERO.fullmatch(text):
            return text[1:]  # rounds to nothing: "0.000", not "-0.000" or "+0"
        return text


def _nonzero_digits(value: object, digits: int) -> int:
    """The decimals a score is written with: the scale's, or up to two more where a value that
    is not 0 would round to 0 (rev30a item 8: "下降 0.0（…95% 区间不含 0）" for -0.04 points;
    "95% CI 0.0…+1.6" for +0.02, an interval that excludes 0)."""
    if not isinstance(value, float) or not math.isfinite(value) or value == 0:
        return digits
    for d in range(digits, digits + 3):
        if round(abs(value), d) > 0:
            return d
    return digits


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _plain(text: str) -> str:
    """A number that ``{:.3g}`` wrote in scientific notation as people read it: -3.4e-05 ->
    -0.000034, 1.23e+06 -> 1,230,000; below one in a million 3e-30 -> 3×10⁻³⁰ (review of issue
    19: "-3.4e-05" in a sentence)."""
    mantissa, _, exp = text.partition("e")
    power = int(exp)
    if power < -6:
        return f"{mantissa}×10{str(power).translate(_SUPERSCRIPT)}"
    number = Decimal(text)
    sign = "+" if text.startswith("+") else ""
    return format(number, f"{sign},f" if power >= 0 else f"{sign}f")


#: a signed number that rounds to zero ("-0", "+0.000", "-0.0%")
_SIGNED_ZERO = re.compile(r"[+-]0(\.0*)?%?")

#: the parameter a sentence's scores were converted with (``analytics.findings.units``): the
#: scale's name ("1-5", "0-100", "grade:SABCD"), or "mixed" / absent for the 0-1 score
SCORE_SCALE = "score_scale"


def scale_digits(scale: str | None) -> int:
    """The decimals a score or a change on ``scale`` is written with (a sentence's
    ``score_scale``, a table's unit): one on a 0-100 scale (any range of 50 points or more),
    two on 1-5 and on grade steps, three on the 0-1 score (mixed scales, or none named)."""
    if not scale or scale == "mixed":
        return 3
    if scale.startswith("grade:"):
        return 2
    try:
        lo, hi = (float(v) for v in scale.split("-", 1))
    except ValueError:
        return 3
    return 1 if hi - lo >= 50 else 2


def unit_words(scale: str | None, lang: str = DEFAULT_LANG) -> str:
    """How a sentence names the unit of its scores (``{score_scale:unit}``): "points on 1-5" /
    "1-5 分制", grade steps, or the 0-1 score where the scope mixes scales (or the sentence was
    not converted)."""
    if not scale or scale == "mixed":
        return render_strict("unit.in_01", lang)
    if scale.startswith("grade:"):
        grades = scale.split(":", 1)[1]
        return render_strict(
            "unit.in_grades", lang, low=grades[-1], high=grades[0], top=len(grades) - 1
        )
    return render_strict("unit.in_points", lang, scale=scale)


def _lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def render_strict(code: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """Like :func:`render`, but an unknown code or a parameter the template lacks raises."""
    lang = _lang(lang)
    if _no_interval(params) and f"{code}_no_interval" in entries():
        code = f"{code}_no_interval"  # "cannot be estimated", not "95% CI — to —"
    template = entries()[code][lang]
    if not params:
        return template
    # the decimals of the sentence's scale, for its scores' ``pt`` spec (unconverted: 0-1)
    digits = scale_digits(params.get(SCORE_SCALE))  # type: ignore[arg-type]
    values = {k: _Value(v, lang, digits) for k, v in params.items()}
    if SCORE_SCALE not in values:  # a sentence rendered unconverted: its scores are 0-1
        values[SCORE_SCALE] = _Value(None, lang)
    return template.format_map(values)


def _no_interval(params: Mapping[str, object]) -> bool:
    """Whether ``params`` give an interval ``lo`` to ``hi`` of which neither end is known."""
    if "lo" not in params or "hi" not in params:
        return False
    return all(
        v is None or (isinstance(v, float) and math.isnan(v)) for v in (params["lo"], params["hi"])
    )


def render(code: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The words for ``code`` in ``lang`` (``"zh"`` or ``"en"``), formatted with ``params``.

    An unknown code comes back as itself and a template whose parameters are missing comes back
    unformatted, so a page never fails on a word; tests check every code a statistic emits.

    >>> render("reason.top_pct_in_peer_group", "en", pct=0.05, group="R&D P4", n=83, cycle="2025Q4")
    'top 5% of R&D P4 (n=83) in 2025Q4'
    """
    try:
        return render_strict(code, lang, **params)
    except KeyError:
        entry = entries().get(code)
        return code if entry is None else entry[_lang(lang)]
    except (IndexError, ValueError, TypeError):
        return entries()[code][_lang(lang)]


# --- building coded columns (used by the statistics) ------------------------------------------
def phrase(code: str, **params: pl.Expr | str | float | int | None) -> pl.Expr:
    """A phrase expression ``Struct{code, params}``; params are expressions or constants,
    e.g. ``phrase("top_pct_in_peer_group", pct=pl.col("top") / 100, group=pl.col("peer_group"))``.
    """
    fields = [(v if isinstance(v, pl.Expr) else pl.lit(v)).alias(k) for k, v in params.items()]
    args = pl.struct(fields) if fields else pl.lit(None, pl.Struct({}))
    return pl.struct(pl.lit(code, pl.String).alias("code"), args.alias("params"))


def phrase_dtype(**params: pl.DataType) -> pl.Struct:
    """The dtype of a phrase column whose codes take ``params`` (for schemas of built frames)."""
    return pl.Struct({"code": pl.String, "params": pl.Struct(params)})


def phrase_value(code: str, **params: object) -> dict[str, object]:
    """One phrase as a Python value (for frames built row by row; see :func:`phrase_dtype`)."""
    return {"code": code, "params": params}


def is_phrase(dtype: pl.DataType) -> bool:
    """Whether ``dtype`` is that of a phrase (``Struct{code, params: Struct}``)."""
    return (
        isinstance(dtype, pl.Struct)
        and [f.name for f in dtype.fields] == ["code", "params"]
        and isinstance(dtype.fields[1].dtype, pl.Struct)
    )


def phrases(*conditional: pl.Expr) -> pl.Expr:
    """A List(Struct) of the given phrases that are not null (``pl.when(c).then(phrase(...))``)."""
    return pl.concat_list(list(conditional)).list.drop_nulls()


def with_phrases(
    frame: pl.DataFrame, name: str, *conditional: pl.Expr, like: pl.Expr | None = None
) -> pl.DataFrame:
    """``frame`` with column ``name``: :func:`phrases` of ``conditional`` (the same values and
    dtype), built from the phrases that are there rather than from every item of every row.
    ``like``: an expression giving the same list in another dtype (its params' fields in
    another order, as a list that nests one of phrases has), which the column then takes.

    Why: ``concat_list`` of Struct items runs a slow path in Polars 2.1 (0.7 CPU s for two
    phrases of 42,000 rows; the reasons of 42,000 profiles took 4.5 s, the sustained lists of
    40M ratings 0.6 s each). Here each item is one column cast to the list's item dtype (by
    field name, as ``concat_list`` unites them); its rows that hold a phrase are stacked in
    item order, gathered per row into a list, and rows without any get an empty list."""
    dtype = frame.head(0).select(like if like is not None else phrases(*conditional))
    dtype = dtype.to_series().dtype
    if frame.height == 0:
        return frame.with_columns(pl.lit([], dtype=dtype).alias(name))
    inner = dtype.inner  # type: ignore[attr-defined]
    rows = frame.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
        *(item.cast(inner).alias(f"_item{i}") for i, item in enumerate(conditional)),
    )
    stacked = pl.concat(
        [
            rows.select("_row", pl.col(f"_item{i}").alias(name)).filter(pl.col(name).is_not_null())
            for i in range(len(conditional))
        ]
    )
    listed = (
        stacked.sort("_row", maintain_order=True).group_by("_row", maintain_order=True).agg(name)
    )
    lists = (
        rows.select("_row")
        .join(listed, on="_row", how="left", maintain_order="left")
        .select(pl.col(name).fill_null(pl.lit([], dtype=dtype)))
    )
    return frame.with_columns(lists.get_column(name))


# --- rendering coded columns (used by pages, exports, figures) --------------------------------
def _key_expr(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr | None:
    """One String per code (or code + params) to look up, or None when not a coded dtype."""
    if is_phrase(dtype):
        params = expr.struct.field("params").struct.json_encode().fill_null("{}")
        return expr.struct.field("code") + pl.lit(_SEP) + params
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        return expr.cast(pl.String)
    return None


def _keys(series: pl.Series) -> pl.Series | None:
    dtype = series.dtype
    if isinstance(dtype, pl.List):
        inner = _key_expr(pl.element(), dtype.inner)
        return None if inner is None else series.list.eval(inner)
    key = _key_expr(pl.col(series.name), dtype)
    return None if key is None else series.to_frame().select(key.alias(series.name)).to_series()


def _split(key: str) -> tuple[str, dict]:
    code, _, params = key.partition(_SEP)
    return code, (json.loads(params) if params else None) or {}


def render_column(series: pl.Series, lang: str, family: str) -> pl.Series:
    """``series`` of codes or phrases (or lists of them) as words; other dtypes unchanged.

    Each distinct code + params is rendered once, then mapped back, so a long column costs
    about as much as its distinct reasons.
    """
    keys = _keys(series)
    if keys is None:
        return series
    flat = keys.explode() if isinstance(keys.dtype, pl.List) else keys
    words = {}
    known = entries()
    for key in flat.drop_nulls().unique().to_list():
        code, params = _split(key)
        full = f"{family}.{code}"
        # a value that is no code (free text of an older stored part) is shown as it is
        words[key] = render(full, lang, **params) if full in known else code
    if not words:
        return keys
    look = pl.element() if isinstance(keys.dtype, pl.List) else pl.col(keys.name)
    mapped = look.replace_strict(words, default=None, return_dtype=pl.String)
    if isinstance(keys.dtype, pl.List):
        return keys.list.eval(mapped)
    return keys.to_frame().select(mapped).to_series()


#: a 9-box band held as its number (0 low, 1 medium, 2 high: ``stats.potential.band``), worded
#: like the 9-box axis for reading: the workbook's 9-box sheet showed 0 / 1 / 2 (rev19c M4)
BAND_NUMBERS: frozenset[str] = frozenset({"perf_band", "pot_band", "potential_band"})
_BAND_CODES = {0: "low", 1: "medium", 2: "high"}

#: columns holding a time stamp: worded as people write a time (:func:`format_when`), not as
#: the ISO string kept for machines (the workbook's "Generated at" read 2026-12-04T17:20:39:
#: review of issue 19, rev19b)
WHEN_COLUMNS = frozenset({"generated_at"})


def render_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """``frame`` with every coded column (:data:`CODED_COLUMNS`) rendered in ``lang``, a band's
    number (:data:`BAND_NUMBERS`) as its word and its time stamps (:data:`WHEN_COLUMNS`)
    written for reading."""
    out = []
    for name in frame.columns:
        series = frame.get_column(name)
        if name in BAND_NUMBERS and series.dtype.is_integer():
            codes = series.replace_strict(_BAND_CODES, default=None, return_dtype=pl.String)
            out.append(render_column(codes, lang, "band").alias(name))
            continue
        family = CODED_COLUMNS.get(name)
        if family is not None:
            out.append(render_column(series, lang, family).alias(name))
        elif name in WHEN_COLUMNS:
            words = [None if v is None else format_when(v, lang) for v in series.to_list()]
            out.append(pl.Series(name, words, dtype=pl.String))
    return frame.with_columns(out) if out else frame


def codes_in(frames: Iterable[pl.DataFrame] | pl.DataFrame) -> dict[str, list[Mapping]]:
    """Catalogue codes the coded columns of ``frames`` use, each with the params seen with it."""
    if isinstance(frames, pl.DataFrame):
        frames = [frames]
    seen: dict[str, list[Mapping]] = {}
    for frame in frames:
        for name in frame.columns:
            family = CODED_COLUMNS.get(name)
            keys = None if family is None else _keys(frame.get_column(name))
            if keys is None:
                continue
            flat = keys.explode() if isinstance(keys.dtype, pl.List) else keys
            known = entries()
            for key in flat.drop_nulls().unique().to_list():
                code, params = _split(key)
                full = f"{family}.{code}"
                if family in OPEN_FAMILIES and full not in known:
                    continue  # a name, not a code
                seen.setdefault(full, []).append(params)
    return seen
