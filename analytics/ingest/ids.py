"""Identities: one spelling per person across files and within one.

Exports write the same id several ways: full-width digits and letters (``Ｅ０００００１``), a
zero-width space or BOM copied along, a lower-case ``e000001`` among upper-case ids, and ``123``
where Excel turned the text ``00123`` into a number. :func:`plan_ids` decides, for the distinct
ids of a file and the ids already stored, which spelling each file id becomes, and says every
decision (``notes``: message codes with parameters); an id that could be two stored people is
left as it is and listed.

:func:`settle_ids` applies the plan to a file's tables (the import and the Data page's preview
both call it). What the rules need to know of the stored ids (any lower case, upper case,
leading zeros) is kept in ``meta`` (:func:`id_facts`, :func:`save_id_facts`), so that an import
reads the stored ids only when :func:`ids_need_plan` says a rule could apply.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.clean import summary_rows
from analytics.ingest.detect import Detection
from analytics.ingest.problems import Notice
from analytics.ingest.readers import RawTable
from analytics.store import db

__all__ = [
    "ID_DOUBTS",
    "UNCLEAN",
    "IdPlan",
    "id_facts",
    "ids_need_plan",
    "normalise_id",
    "plan_ids",
    "save_id_facts",
    "settle_ids",
    "split_id_doubts",
]

# format and control characters (zero-width space, BOM, direction marks, soft hyphen, ...)
_INVISIBLE = re.compile(
    r"[\u0000-\u001f\u007f-\u009f\u00ad\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff]"
)
_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# what normalise_id may change, as one regex for vectorised checks (Polars/Rust syntax): an
# invisible or full-width character, a no-break space, a combining mark, outer white space
UNCLEAN = (
    r"[\x00-\x1f\x7f-\x9f\xa0\xad\x{0300}-\x{036f}\x{180e}\x{200b}-\x{200f}"
    r"\x{202a}-\x{202e}\x{2060}-\x{2064}\x{2066}-\x{206f}\x{feff}\x{ff01}-\x{ff5e}"
    r"\x{3000}]|^\s|\s$|^[0-9]+\.0+$|^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$"
)
# a whole number that a spreadsheet wrote as a decimal (1001 as "1001.0")
_DECIMAL_ID = re.compile(r"[0-9]+\.0+")
# a number a spreadsheet wrote in scientific notation (1002 as "1.002E+03")
_SCIENTIFIC_ID = re.compile(r"([0-9])(?:\.([0-9]+))?[eE]\+?([0-9]+)")
_EXAMPLES = 5


def normalise_id(value: str | None) -> str | None:
    """Full-width letters and digits to half-width, invisible characters removed, outer
    spaces trimmed (incl. the ideographic and no-break ones); None for what is left empty."""
    if value is None:
        return None
    text = _INVISIBLE.sub("", str(value).translate(_WIDE))
    text = text.replace("\u00a0", " ").strip()
    if not text:
        return None
    return unicodedata.normalize("NFC", text)


def _from_scientific(text: str) -> str | None:
    """The whole number a spreadsheet wrote in scientific notation: ``"1.002E+03"`` -> ``"1002"``;
    ``""`` when its digits were lost (``"1.23457E+17"``: an 18-digit id shown with 6; or not a
    whole number); None when ``text`` is not in scientific notation."""
    m = _SCIENTIFIC_ID.fullmatch(text)
    if m is None:
        return None
    lead, frac, exp = m.group(1), m.group(2) or "", int(m.group(3))
    if len(frac) != exp or lead == "0":
        return ""  # fewer digits than the number has (or a fraction): they cannot be restored
    return lead + frac


def lost_digits(value: str | None) -> bool:
    """True for an id a spreadsheet wrote in scientific notation with fewer digits than it has
    (``"1.00123E+11"``): several people may share that text, so it identifies nobody."""
    if value is None:
        return False
    text = str(value).strip()
    return text.isascii() and _from_scientific(text) == ""


def _cased(ids: Iterable[str]) -> list[str]:
    return [i for i in ids if i.upper() != i.lower()]


def _one_case(ids: list[str]) -> str | None:
    """'upper' or 'lower' when every id with letters is written in that case, else None."""
    if ids and all(i == i.upper() for i in ids):
        return "upper"
    if ids and all(i == i.lower() for i in ids):
        return "lower"
    return None


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _padded_width(ids: Iterable[str]) -> int | None:
    """The width of the ids when they are zero-padded numbers of one width (``00101``): every
    digits-only id with a leading zero has that width, and most digits-only ids have it. A
    shorter number among them is one a spreadsheet read as a number and stripped of its zeros.
    None for any other id scheme."""
    numbers = [i for i in ids if _digits(i)]
    widths = {len(i) for i in numbers if i.startswith("0") and len(i) > 1}
    if len(widths) != 1:
        return None
    (width,) = widths
    full = sum(1 for i in numbers if len(i) == width)
    return width if 2 * full > len(numbers) else None


def _main_width(ids: Iterable[str]) -> int | None:
    """The width most zero-padded digits-only ids have, when more than half of them have it."""
    widths = Counter(len(i) for i in ids if _digits(i) and i.startswith("0") and len(i) > 1)
    if not widths:
        return None
    top, count = widths.most_common(1)[0]
    return top if 2 * count > sum(widths.values()) else None


def _same_name(name: str) -> str:
    """A name as compared across two ids: width, invisible characters, spaces and case aside."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", name))
    return "".join(text.split()).casefold()


@dataclass
class IdPlan:
    """Which file ids change (raw -> stored spelling) and what the user is told."""

    mapping: dict[str, str | None] = field(default_factory=dict)  # None: nothing but blanks
    notes: list[tuple[str, dict]] = field(default_factory=list)


def _examples(pairs: list[tuple[str, str]]) -> list[str]:
    """Up to a few "raw → stored" examples, a list the renderer joins in the user's language."""
    shown = [f"{_show(a)} → {_show(b)}" for a, b in pairs[:_EXAMPLES]]
    return shown + (["…"] if len(pairs) > _EXAMPLES else [])


def _show(text: str) -> str:
    """An id as the user can read it: invisible characters made visible, quoted when it has
    outer spaces ("“E10875 ”")."""
    shown = _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return f"“{shown}”" if shown != shown.strip() else shown


def plan_ids(
    file_ids: Iterable[str | None],
    known: Iterable[str | None],
    file: str = "",
    columns: list[str] | str = "-",
    names: dict[str, str] | None = None,
    stored_names: dict[str, str] | None = None,
    declared: dict[str, str] | None = None,
) -> IdPlan:
    """The spelling each of a file's distinct ids gets, given the ids already stored.

    1. width and invisible characters (always); a whole number written as a decimal by a
       spreadsheet (``1001.0``) loses its ``.0``, and one written in scientific notation with
       all its digits (``1.002E+03``) is written out (always, with a note); one whose digits
       the notation lost (``1.23457E+17``) is listed; its rows are quarantined by the
       pipeline (:func:`lost_digits`): it cannot be matched, and it may stand for several people;
    2. case: when every stored id with letters is in one case, the file's ids take it; with
       nothing stored, an id whose other-case twin is in the file takes the file's case when
       every other id of the file is in that case;
    3. leading zeros: a digits-only id that is not stored itself and equals exactly one stored
       (or in-file) id once that one's leading zeros are dropped becomes that id; two or more
       such ids are listed as ambiguous and the id is kept; with no such id, a number shorter
       than the ids around it, which are zero-padded to one width (``101`` among ``00102``,
       ``00103``, stored or in the file), is padded to that width; and a zero-padded id that is
       not stored while its number form is (``00130`` when an earlier file stored ``130``)
       becomes the stored one; a zero-padded id of another width (``0101``, ``000104``) that
       equals exactly one stored id, or one of the file's main width, once the zeros are
       dropped becomes that id. Each says which ids it joined. No join is made when both ids
       carry a name and the names differ (``names``: a file id's name in the file;
       ``stored_names``: the stored ones): two people are kept apart, and each pair is listed
       with how to declare them one person (the mapping's ``same_ids``, given as ``declared``:
       file id -> stored id, applied as declared before any rule).

    ``file`` and ``columns`` (where the ids are) go into the notes.
    """
    raw = {i for i in file_ids if i is not None}
    stored = {k for k in known if k}
    plan = IdPlan()
    norm = {r: normalise_id(r) for r in raw}
    cleaned = [(r, n) for r, n in norm.items() if n is not None and n != r]
    if cleaned:
        plan.notes.append(
            ("ids_cleaned", {"file": file, "n": len(cleaned), "examples": _examples(cleaned)})
        )
    current = {r: n for r, n in norm.items() if n is not None}
    current = _spell_numbers(current, file, plan.notes)
    joined = [(n, declared[n]) for n in sorted(set(current.values())) if n in (declared or {})]
    if joined:  # the joins the mapping declares
        plan.notes.append(
            ("ids_same_declared", {"file": file, "n": len(joined), "examples": _examples(joined)})
        )
        current = {r: (declared or {}).get(n, n) for r, n in current.items()}
    current = _fold_case(current, stored, file, plan.notes)
    in_file: dict[str, str] = {}  # an id as spelt now -> its name in the file
    for r, n in current.items():
        if (names or {}).get(r):
            in_file.setdefault(n, (names or {})[r])
    zeros = _ZeroJoins(current, stored, {n for _, n in joined}, in_file, stored_names or {})
    plan.notes.extend(zeros.notes(file))
    plan.mapping = {r: n for r, n in zeros.current.items() if n != r}
    plan.mapping |= {r: None for r, n in norm.items() if n is None}
    for _code, params in plan.notes:
        params["columns"] = columns
    return plan


def _spell_numbers(current: dict[str, str], file: str, notes: list) -> dict[str, str]:
    """Step 1 of :func:`plan_ids` after cleaning: whole numbers a spreadsheet wrote as decimals
    (``1001.0``) or in scientific notation with all their digits written out; the ones whose
    digits the notation lost are listed (their rows are quarantined by the pipeline)."""
    decimals = [
        (r, n) for r, n in sorted(current.items()) if n.isascii() and _DECIMAL_ID.fullmatch(n)
    ]
    if decimals:
        shown = _examples([(n, n.split(".")[0]) for _, n in decimals])
        notes.append(("ids_decimal_dropped", {"file": file, "n": len(decimals), "examples": shown}))
        current = current | {r: n.split(".")[0] for r, n in decimals}
    exact, lost = [], []
    for r, n in sorted(current.items()):
        whole = _from_scientific(n) if n.isascii() else None
        if whole is not None:
            (exact if whole else lost).append((r, n, whole))
    if exact:
        shown = _examples([(n, w) for _, n, w in exact])
        notes.append(("ids_scientific", {"file": file, "n": len(exact), "examples": shown}))
        current = current | {r: w for r, _, w in exact}
    if lost:
        shown = [_show(n) for _, n, _ in lost[: 2 * _EXAMPLES]]
        notes.append(("ids_scientific_lost", {"file": file, "n": len(lost), "examples": shown}))
    return current


def _fold_case(current: dict[str, str], stored: set[str], file: str, notes: list) -> dict[str, str]:
    """Step 2 of :func:`plan_ids`: the file's ids take the one case of the stored ids (or, with
    nothing stored, of the file's other ids when an id has its other-case twin in the file);
    ids whose case cannot be decided are listed and kept."""
    stored_case = _one_case(_cased(stored))
    values = set(current.values())
    if stored_case is None and not _cased(stored):
        twins = {v for v in _cased(values) if v.upper() in values and v.lower() in values}
        if twins:
            case = _one_case([v for v in _cased(values) if v not in twins])
            if case is None:
                odd = sorted(twins)[: 2 * _EXAMPLES]
                notes.append(("ids_case_ambiguous", {"file": file, "examples": odd}))
            stored_case = case
    if stored_case is None and _cased(stored):
        lowered = {s.lower() for s in stored}
        odd = sorted(v for v in _cased(values) if v not in stored and v.lower() in lowered)
        if odd:
            notes.append(("ids_case_ambiguous", {"file": file, "examples": odd[: 2 * _EXAMPLES]}))
    if stored_case is None:
        return current
    fold = str.upper if stored_case == "upper" else str.lower
    # each id once, as cleaned: "e0053 " and "e0053" are one id (rev30b item 12: 8 ids were
    # counted 16 and shown twice), and with nothing stored the case is the file's own
    folded = sorted({n for n in current.values() if fold(n) != n})
    if folded:
        shown = _examples([(n, fold(n)) for n in folded])
        code = f"ids_case_folded_{stored_case}" + ("" if _cased(stored) else "_file")
        notes.append((code, {"file": file, "n": len(folded), "examples": shown}))
    return {r: fold(n) for r, n in current.items()}


class _ZeroJoins:
    """Step 3 of :func:`plan_ids`, leading zeros: each rule joins an id to another spelling of
    the same number (restored, widened, stored short, re-widened), never across two names."""

    def __init__(
        self,
        current: dict[str, str],
        stored: set[str],
        fixed: set[str],
        in_file: dict[str, str],
        stored_names: dict[str, str],
    ) -> None:
        self.current = dict(current)
        self.stored, self.fixed = stored, fixed
        self.in_file, self.stored_names = in_file, stored_names
        reference = stored | set(current.values())
        self.padded: dict[str, list[str]] = {}
        for ref in reference:
            if _digits(ref) and ref.startswith("0"):
                self.padded.setdefault(ref.lstrip("0"), []).append(ref)
        self.width = _padded_width(reference)
        self.main = _main_width(current.values())
        self.done: dict[str, list[tuple[str, str]]] = {
            code: []
            for code in (
                "ids_zeros_restored",
                "ids_zeros_restored_file",
                "ids_zeros_widened",
                "ids_zeros_stored_short",
                "ids_zeros_rewidened",
            )
        }
        self.ambiguous: list[str] = []
        self.apart: list[str] = []
        self._numbers()
        self._stored_short()
        self._other_widths()

    def _clash(self, a: str, b: str) -> str | None:
        """The other name when ``a`` and ``b`` both carry a name and the names differ."""
        mine = self.in_file.get(a)
        for theirs in (self.stored_names.get(b), self.in_file.get(b)):
            if mine and theirs and _same_name(mine) != _same_name(theirs):
                return f"{_show(a)} {mine} ≠ {_show(b)} {theirs}"
        return None

    def _join(self, r: str, n: str, target: str, code: str) -> None:
        pair = self._clash(n, target)
        if pair is None:
            self.current[r] = target
            self.done[code].append((n, target))
        else:
            self.apart.append(pair)

    def _numbers(self) -> None:
        """A number not stored itself: the one stored or in-file id it is once zeros are
        dropped, or padded to the width of the zero-padded ids around it."""
        for r, n in sorted(self.current.items()):
            if not _digits(n) or n.startswith("0") or n in self.stored or n in self.fixed:
                continue
            options = sorted(self.padded.get(n, []))
            if len(options) == 1:
                # an id stored before, or one of this file (a new dataset has none stored)
                stored = options[0] in self.stored
                code = "ids_zeros_restored" if stored else "ids_zeros_restored_file"
                self._join(r, n, options[0], code)
            elif len(options) > 1:
                self.ambiguous.append(f"{n} ({' / '.join(options)})")
            elif self.width is not None and len(n) < self.width:
                self.current[r] = n.zfill(self.width)
                self.done["ids_zeros_widened"].append((n, self.current[r]))

    def _stored_short(self) -> None:
        """A zero-padded id whose number form an earlier import stored (Excel had eaten its
        zeros): the stored person, not a second one."""
        current = self.current
        twins = Counter(v.lstrip("0") for v in set(current.values()) if _digits(v) and v[:1] == "0")
        for r, n in sorted(current.items()):
            short = n.lstrip("0") if _digits(n) and n.startswith("0") else ""
            kept = n in self.stored or n in self.fixed
            if short in self.stored and not kept and twins[short] == 1:
                self._join(r, n, short, "ids_zeros_stored_short")

    def _other_widths(self) -> None:
        """A zero-padded id of another width (0101 or 000104 where the ids are 00101...): the
        stored id, or the file's id of its main width, with the same number."""
        for r, n in sorted(self.current.items()):
            if not _digits(n) or not n.startswith("0") or n in self.stored or n in self.fixed:
                continue
            if self.current[r] != n:
                continue
            options = sorted(
                x
                for x in self.padded.get(n.lstrip("0"), [])
                if x != n
                and (x in self.stored or (self.main is not None and len(x) == self.main != len(n)))
            )
            if len(options) == 1:
                self._join(r, n, options[0], "ids_zeros_rewidened")
            elif len(options) > 1:
                self.ambiguous.append(f"{n} ({' / '.join(options)})")

    def notes(self, file: str) -> list[tuple[str, dict]]:
        """What the user is told: each rule's joins, the pairs kept apart, the ambiguous ids."""
        out: list[tuple[str, dict]] = []
        for code, pairs in self.done.items():
            if pairs:
                params = {"file": file, "n": len(pairs), "examples": _examples(pairs)}
                if code == "ids_zeros_widened":
                    params["width"] = self.width
                out.append((code, params))
        if self.apart:
            more = ["…"] if len(self.apart) > 4 * _EXAMPLES else []
            shown = self.apart[: 4 * _EXAMPLES] + more
            out.append(
                ("ids_zeros_names_differ", {"file": file, "n": len(self.apart), "pairs": shown})
            )
        if self.ambiguous:
            out.append(
                ("ids_zeros_ambiguous", {"file": file, "examples": self.ambiguous[: 2 * _EXAMPLES]})
            )
        return out


#: id lines that name a guess not made: an id kept as written though it may be a stored person
ID_DOUBTS = ("ids_zeros_ambiguous", "ids_case_ambiguous", "ids_zeros_names_differ")


def split_id_doubts(notes: list[Notice]) -> tuple[list[Notice], list[Notice]]:
    """The id plan's lines: (what was done, the ambiguous ids kept as written: warnings)."""
    return [n for n in notes if n[0] not in ID_DOUBTS], [n for n in notes if n[0] in ID_DOUBTS]


_ID_FIELDS = ("employee_id", "rater_id", "manager_id")


def _known_sql(review_where: str = "TRUE") -> str:
    """Every stored id (with repeats): employees, their managers, outcome holders, rated people
    and raters (of the ratings matching ``review_where``), as one column ``id``."""
    rows, emp = db.q(S.REVIEW_ROWS.name), db.q(S.EMPLOYEES.name)
    return (
        f"SELECT employee_id AS id FROM {emp} UNION ALL SELECT manager_id FROM {emp} "
        f"UNION ALL SELECT employee_id FROM {db.q(S.OUTCOMES.name)} "
        f"UNION ALL SELECT employee_id FROM {rows} WHERE {review_where} "
        f"UNION ALL SELECT rater_id FROM {rows} WHERE {review_where}"
    )


def _known_ids(con: duckdb.DuckDBPyConnection, review_where: str = "TRUE") -> set[str]:
    """The distinct stored ids (see ``_known_sql``)."""
    sql = f"SELECT DISTINCT id FROM ({_known_sql(review_where)}) WHERE id IS NOT NULL"
    return {r[0] for r in con.execute(sql).fetchall()}


def _stored_any(con: duckdb.DuckDBPyConnection, review_where: str, cond: str) -> bool:
    """True when a stored id matches the SQL condition ``cond`` on ``id`` (stops at the first)."""
    return con.execute(
        f"SELECT EXISTS (SELECT 1 FROM ({_known_sql(review_where)}) WHERE {cond})"
    ).fetchall()[0][0]


# what the id rules need to know of the stored ids, kept in ``meta`` so that an import does
# not read every stored id: whether any has a lower-case letter, an upper-case letter, or is
# digits with leading zeros. Imports only add to them (an id replaced away leaves its fact
# set: the checks then plan the ids, never skip a rule)
_FACTS_KEY = "id_facts"


_FACTS = ("lower", "upper", "zero")


def _facts_of(ids: pl.Series) -> dict[str, bool]:
    ids = ids.drop_nulls()
    return {
        "lower": bool((ids != ids.str.to_uppercase()).any()),
        "upper": bool((ids != ids.str.to_lowercase()).any()),
        "zero": bool(ids.str.contains(r"^0[0-9]*$").any()),
    }


def id_facts(con: duckdb.DuckDBPyConnection, review_where: str = "TRUE") -> dict[str, bool]:
    """The stored ids' facts: from ``meta``, or read from the ids once (an older database)."""
    meta = db.q(S.META.name)
    rows = con.execute(f"SELECT value FROM {meta} WHERE key = $k", {"k": _FACTS_KEY}).fetchall()
    if rows:
        return json.loads(rows[0][0])
    row = con.execute(
        "SELECT coalesce(bool_or(id <> upper(id)), false), "
        "coalesce(bool_or(id <> lower(id)), false), "
        "coalesce(bool_or(regexp_full_match(id, '0[0-9]*')), false) "
        f"FROM ({_known_sql(review_where)}) WHERE id IS NOT NULL"
    ).fetchall()[0]
    return dict(zip(_FACTS, map(bool, row)))


def save_id_facts(con: duckdb.DuckDBPyConnection, before: dict[str, bool], ids: pl.Series) -> None:
    """Add an import's ids to the stored facts (inside the import's transaction)."""
    now = _facts_of(ids)
    facts = {k: bool(before.get(k, True) or now[k]) for k in _FACTS}
    meta = db.q(S.META.name)
    con.execute(f"DELETE FROM {meta} WHERE key = $k", {"k": _FACTS_KEY})
    con.execute(f"INSERT INTO {meta} VALUES ($k, $v)", {"k": _FACTS_KEY, "v": json.dumps(facts)})


def ids_need_plan(
    con: duckdb.DuckDBPyConnection, ids: pl.Series, facts: dict[str, bool], review_where: str
) -> bool:
    """False when no id rule (``ids.plan_ids``) can change or list any of these ids, decided
    from the stored ids' ``facts`` without reading them: no id to clean; the file's ids with
    letters are in one case and no stored id has a letter of the other case; no digits-only
    id without leading zeros that a stored or file id with leading zeros could be (only this
    last check reads stored ids, and only when some have leading zeros). True: plan them."""
    ids = ids.drop_nulls().unique()
    if ids.len() == 0:
        return False
    if ids.str.contains(UNCLEAN).any():
        return True
    cased = ids.filter(ids.str.to_uppercase() != ids.str.to_lowercase())
    if cased.len():
        upper = bool((cased == cased.str.to_uppercase()).all())
        lower = bool((cased == cased.str.to_lowercase()).all())
        if not (upper or lower):
            return True  # the file mixes cases
        if facts["lower" if upper else "upper"]:
            return True  # stored ids all in the other case, or mixed: the plan decides
    digits = ids.filter(ids.str.contains(r"^[0-9]+$"))
    bare = digits.filter(~digits.str.starts_with("0"))
    zeros = digits.filter(digits.str.starts_with("0"))
    if bare.len():
        if zeros.str.strip_chars_start("0").is_in(bare.implode()).any():
            return True
        if zeros.len() and zeros.str.len_chars().max() > bare.str.len_chars().min():
            return True  # a number shorter than the file's zero-padded ids: the plan decides
        if facts["zero"]:
            shortest = int(bare.str.len_chars().min())
            if _stored_any_in(
                con,
                review_where,
                bare,
                "id LIKE '0%' AND regexp_full_match(id, '[0-9]+') "
                f"AND (ltrim(id, '0') IN (SELECT v FROM _ids) OR length(id) > {shortest})",
            ):
                return True
    if zeros.str.len_chars().n_unique() > 1:
        return True  # zero-padded to several widths (0101 among 00102...): the plan decides
    if zeros.len() and facts["zero"]:
        wide = int(zeros.str.len_chars().min())
        if _stored_any_in(
            con,
            review_where,
            zeros.str.strip_chars_start("0"),
            f"id LIKE '0%' AND length(id) <> {wide} AND regexp_full_match(id, '[0-9]+') "
            "AND ltrim(id, '0') IN (SELECT v FROM _ids)",
        ):
            return True  # a stored id padded to another width (0101 against stored 00101)
    # the number form of a zero-padded id, stored by an earlier import
    return bool(zeros.len()) and _stored_any_in(
        con,
        review_where,
        zeros.str.strip_chars_start("0"),
        "regexp_full_match(id, '[1-9][0-9]*') AND id IN (SELECT v FROM _ids)",
    )


def _stored_any_in(
    con: duckdb.DuckDBPyConnection, review_where: str, values: pl.Series, cond: str
) -> bool:
    """``_stored_any`` with ``values`` readable in ``cond`` as the table ``_ids`` (column v)."""
    con.register("_ids", pl.DataFrame({"v": values}).to_arrow())
    try:
        return _stored_any(con, review_where, cond)
    finally:
        con.unregister("_ids")


def _id_plan(
    con: duckdb.DuckDBPyConnection,
    name: str,
    tables: list[RawTable],
    dets: list[Detection],
    declared: dict[str, str] | None = None,
) -> tuple[IdPlan, pl.Series, dict[str, bool]]:
    """How the ids of every table of a file are spelt once stored (see ``ids.plan_ids``), the
    ids as they will be stored, and the stored ids' facts before the import."""
    values: set[str] = set()
    names: dict[str, str] = {}
    for raw, det in zip(tables, dets):
        # a totals row (合计, Total) is skipped by ``prepare``: its "id" is never repaired
        named = {f: c for c, f in det.mapping.items() if f in ("employee_id", "name")}
        frame = raw.frame
        if "employee_id" in named:
            keys = frame.select(pl.col(c).alias(f) for f, c in named.items())
            frame = frame.filter(~keys.select(summary_rows(keys)).to_series())
        for src, fld in det.mapping.items():
            if fld in _ID_FIELDS:
                values.update(frame.get_column(src).drop_nulls().unique().to_list())
                # as written before the reader trimmed them ("E10875 "): the rules say so
                values.update(raw.padded.get(src, []))
        if "employee_id" in named and "name" in named:
            pairs = frame.select(
                pl.col(named["employee_id"]).cast(pl.String).alias("i"),
                pl.col(named["name"]).cast(pl.String).str.strip_chars().alias("n"),
            ).filter(pl.col("i").is_not_null() & (pl.col("n").str.len_chars() > 0))
            for i, n in pairs.unique("i", keep="first", maintain_order=True).iter_rows():
                names.setdefault(i, n)
    ids = pl.Series(sorted(values), dtype=pl.String)
    facts = id_facts(con)
    declared = {
        k2: v2
        for k, v in (declared or {}).items()
        if (k2 := normalise_id(k)) is not None and (v2 := normalise_id(v)) is not None
    }
    wanted = bool(declared) and any(normalise_id(v) in declared for v in values)
    if not wanted and not ids_need_plan(con, ids, facts, "TRUE"):
        return IdPlan(), ids, facts
    columns = list(
        dict.fromkeys(
            src + (f" [{raw.sheet}]" if raw.sheet and len(tables) > 1 else "")
            for raw, det in zip(tables, dets)
            for src, fld in det.mapping.items()
            if fld in _ID_FIELDS
        )
    )
    plan = plan_ids(
        values, _known_ids(con), name, columns, names, _stored_names(con, values), declared
    )
    stored = pl.Series([plan.mapping.get(v, v) for v in values], dtype=pl.String)
    return plan, stored, facts


def _stored_names(con: duckdb.DuckDBPyConnection, values: set[str]) -> dict[str, str]:
    """The stored names of the digits-only ids that a file's digits-only ids could join (the
    same number once leading zeros are dropped)."""
    numbers = {v.lstrip("0") for v in (normalise_id(x) for x in values) if v and _digits(v)}
    if not numbers:
        return {}
    con.register("_nums", pl.DataFrame({"v": sorted(numbers)}, schema={"v": pl.String}).to_arrow())
    try:
        rows = con.execute(
            f"SELECT employee_id, name FROM {db.q(S.EMPLOYEES.name)} "
            "WHERE name IS NOT NULL AND regexp_full_match(employee_id, '[0-9]+') "
            "AND ltrim(employee_id, '0') IN (SELECT v FROM _nums)"
        ).fetchall()
    finally:
        con.unregister("_nums")
    return {i: n for i, n in rows if n and n.strip()}


def settle_ids(
    con: duckdb.DuckDBPyConnection,
    name: str,
    tables: list[RawTable],
    dets: list[Detection],
    declared: dict[str, str] | None = None,
) -> tuple[IdPlan, pl.Series, dict[str, bool]]:
    """Spell the ids of a file's tables as they will be stored (width, invisible characters,
    case, leading zeros against the stored ids: ``ids.plan_ids``), rewriting the tables' id
    columns in place; the plan (its notes say each change), the ids as stored and the stored
    ids' facts. The import and the Data page's preview both call this, so they agree.
    ``declared``: the mapping's ``same_ids`` (file id -> stored id, one person)."""
    plan, stored, facts = _id_plan(con, name, tables, dets, declared)
    _apply_ids(tables, dets, plan)
    return plan, stored, facts


def _apply_ids(tables: list[RawTable], dets: list[Detection], plan: IdPlan) -> None:
    """Rewrite the id columns of the tables as the plan says (before validation)."""
    if not plan.mapping:
        return
    for raw, det in zip(tables, dets):
        cols = [src for src, fld in det.mapping.items() if fld in _ID_FIELDS]
        raw.frame = raw.frame.with_columns(
            pl.col(c).replace_strict(plan.mapping, default=pl.col(c), return_dtype=pl.String)
            for c in cols
        )
