"""Write calibration findings as JSON, XLSX (one sheet per section), CSV or a printable HTML file.

Spreadsheet cells that a spreadsheet program would run as a formula (text starting with
``=``, ``+``, ``-``, ``@``, tab or CR) are neutralised with a leading apostrophe (OWASP CSV
injection guidance). Every format words its codes through :func:`analytics.text.render_frame`
(the same renderer as the pages): headers, reasons, flags and roles follow the chosen language.
JSON keys and single codes (flags, roles) stay canonical so scripts can rely on them; a phrase
(a reason) is written as ``{"code", "params", "text"}``.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
import string
from datetime import date, datetime
from pathlib import Path

import polars as pl

from analytics.export.cells import (
    cycle_names_line,
    for_people,
    named_cycles,
    neutralise,
    number_kind,
    without_empty_columns,
)
from analytics.export.rows import Kept, kept_words, report_rows
from analytics.export.xlsx import reading_formats, workbook, write_sheet
from analytics.findings.headlines import blank_row_lines, section_title
from analytics.findings.names import with_names
from analytics.findings.report import CARRIED, Findings
from analytics.findings.stories import joint_pairs
from analytics.findings.units import MIXED, Unit, convert, converted, shown_parts
from analytics.text import CODED_COLUMNS, entries, is_phrase, render
from analytics.text.labels import is_p_value, is_percent

__all__ = [
    "file_part",
    "json_records",
    "neutralise",
    "report_filename",
    "sheet_name",
    "to_csv",
    "to_html",
    "to_json",
    "to_xlsx",
    "withheld_words",
    "write_report",
]


#: what no file name may hold on Windows, macOS or Linux: path separators, the characters
#: Windows refuses, control characters; white space too (a name easy to pass to a shell)
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')


def file_part(text: str) -> str:
    """``text`` as a part of a file name: Chinese and other letters kept, a path separator or a
    character a file system refuses replaced by ``-`` ("销售中心/华东区" -> "销售中心-华东区")."""
    return _NOT_IN_FILE_NAMES.sub("-", text).strip("-. ") or "-"


def report_filename(
    findings: Findings,
    ext: str,
    dataset: str | None = None,
    lang: str | None = None,
    section: str | None = None,
) -> str:
    """``perflens_calibration_<dataset>_<cycles>[_<department>][_<team>][_<level>][_<job
    family>][_<section>][_<lang>].<ext>``, e.g. ``perflens_calibration_华东试点_all_zh.xlsx``:
    the dataset's name keeps two datasets' downloads apart (rev19d), the language a 中文 and an
    English download of the same view (rev19e minor 11: both were
    ``perflens_calibration_default_all.xlsx``), the team and the level filtered the team's and a
    level's download from its department's (rev26b item 5: ``…_研发中心-平台研发部_en.json`` was
    the team 平台研发一组's)."""
    scope = findings.scope
    cycles = file_part("-".join(scope.cycles) or "all")
    narrower = [getattr(scope, f, None) for f in ("team", "level", "job_family")]
    parts = [dataset, cycles, scope.department, *narrower, section, lang]
    return "_".join(["perflens_calibration", *(file_part(p) for p in parts if p)]) + f".{ext}"


# --- JSON ---------------------------------------------------------------------------------------
#: significant digits a float keeps in the JSON report (never fewer than its whole part's):
#: estimates whose standard errors are hundredths of a point lose nothing, and
#: 0.6340260014359295 takes 6 characters, not 18
JSON_DIGITS = 4
#: significant digits a workbook cell keeps (its number format shows fewer): sums and
#: differences a reader computes in the spreadsheet stay exact to the shown decimals
XLSX_DIGITS = 6


_INFINITIES = (math.inf, -math.inf)


def rounded(value: float, digits: int = JSON_DIGITS) -> float:
    """``value`` to ``digits`` significant digits, or to a whole number when its whole part
    has more digits (12,345.6 stays 12346, not 12350)."""
    if value == 0 or math.isnan(value) or math.isinf(value):
        return value
    short = 10.0 ** (digits - 1)  # below it the whole part has fewer digits than kept: the
    if -short < value < short:  # same digits, without the logarithm
        return float(f"{value:.{digits}g}")
    whole = math.floor(math.log10(abs(value))) + 1
    return float(f"{value:.{max(digits, whole)}g}")


def _jsonable(value):
    kind = type(value)  # the common plain types first: a report has hundreds of thousands
    if kind is str or kind is int or value is None:
        return value
    if kind is float:
        return None if value != value or value in _INFINITIES else rounded(value)
    if kind is dict:
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return rounded(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@functools.cache
def _fields(code: str) -> frozenset[str]:
    """The parameters a catalogue entry's templates name (either language)."""
    entry = entries().get(code) or {}
    return frozenset(
        name.split(".")[0].split("[")[0]
        for template in entry.values()
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    )


def _phrase(value: dict | None, family: str, lang: str) -> dict | None:
    """A sentence as code, the parameters its template uses (a column's phrases share one
    struct: the fields of other codes are left out) and its text."""
    if value is None:
        return None
    params = value["params"] or {}
    code = f"{family}.{value['code']}"
    text = render(code, lang, **params)
    fields = _fields(code)
    used = {k: v for k, v in params.items() if v is not None and k in fields}
    return {"code": value["code"], "params": used, "text": text}


def json_records(frame: pl.DataFrame, lang: str) -> list[dict]:
    """``frame``'s rows as the JSON report writes them: phrases as code, parameters and text,
    a column of codes with its words beside it."""
    rows = frame.to_dicts()
    for name, dtype in frame.schema.items():
        family = CODED_COLUMNS.get(name)
        if family is None:
            continue
        if is_phrase(dtype):
            for r in rows:
                r[name] = _phrase(r[name], family, lang)
        elif isinstance(dtype, pl.List) and is_phrase(dtype.inner):
            for r in rows:
                r[name] = [_phrase(v, family, lang) for v in r[name] or []]
        elif dtype == pl.String or dtype == pl.List(pl.String):
            _words_beside(rows, name, family, lang)
    return [_jsonable(r) for r in rows]


def _words_beside(rows: list[dict], name: str, family: str, lang: str) -> None:
    """A column of codes (``box_label`` "star", ``flags`` ["lenient"]) gets its words beside it
    in ``<name>_text`` where the catalogue words its codes ("明星"), as a phrase column's
    ``text`` (rev19e nit: the 中文 JSON held "star", "manager", "certain" without words); data
    values (a department's path) have no words and get none."""
    known = entries()

    def words(code: object) -> str | None:
        key = f"{family}.{code}"
        return render(key, lang) if code is not None and key in known else None

    for i, r in enumerate(rows):
        value = r[name]
        said = [words(v) for v in value] if isinstance(value, list) else words(value)
        if said is not None and said != [] and (not isinstance(said, list) or all(said)):
            # right after the code: a reader sees the two together
            at = list(r).index(name) + 1
            items = list(r.items())
            rows[i] = dict([*items[:at], (f"{name}_text", said), *items[at:]])


def _unit(unit: Unit | None, lang: str) -> dict:
    """What the ``unit`` key says: the scale the scores are on (``1-5``, ``0-100``,
    ``grade:SABCD``, or ``mixed``: then 0-1), the points of 0 and 1, and in words."""
    unit = unit if unit is not None else Unit(MIXED)
    return {
        "scale": unit.scale,
        "mixed": unit.mixed,
        "low": unit.lo,
        "high": unit.hi,
        "text": unit.words(lang),
    }


def _kept(kept: list[Kept], lang: str, sections: dict[str, pl.DataFrame]) -> list[dict]:
    """What a report left out of each per-person section, in words and as numbers."""
    out = []
    for k in kept:
        _, rule, text = kept_words(k, lang, sections)
        out.append(
            {
                "section": k.section,
                "shown": k.shown,
                "total": k.total,
                "rule": {"code": k.code, "params": _jsonable(k.params), "text": rule},
                "text": text,
            }
        )
    return out


def withheld_words(findings: Findings, lang: str) -> str | None:
    """Why the scope's results are not in the file (the small-scope rule of
    :meth:`~analytics.findings.visibility.View.small_scope`), in ``lang``; None when they are."""
    if findings.withheld is None:
        return None
    code, params = findings.withheld
    return render(code, lang, **params)


def _scope_shift(findings: Findings, lang: str) -> list[str]:
    from analytics.export.packet import scope_shift_words  # the packet loads on first use

    return scope_shift_words(findings, lang)


def to_json(findings: Findings, lang: str = "zh", full: bool = False) -> dict:
    """The findings as a JSON-ready dict with the documented top-level keys; reasons carry
    their code, parameters and text in ``lang``. Scores, effects and changes are on the
    company's own scale as the workbook shows them (``unit`` says which: points on one scale,
    or 0-1 where the scope mixes scales), to :data:`JSON_DIGITS` significant digits. The
    per-person sections keep the rows a reader acts on unless ``full``
    (:mod:`analytics.export.rows`); ``rows_left_out`` says what each left out."""
    if findings.withheld is not None:  # the small-scope rule: no row, no aggregate
        return {
            "scope": {"cycles": list(findings.scope.cycles), "label": findings.scope.label(lang)},
            "withheld": withheld_words(findings, lang),
        }
    sections, kept = report_rows(findings, full)
    s = {k: convert(with_names(v, findings.names), findings.unit) for k, v in sections.items()}
    get = lambda name: s.get(name, pl.DataFrame())  # noqa: E731
    records = lambda name: json_records(get(name), lang)  # noqa: E731
    raters = get("raters")
    if raters.height:
        raters = raters.with_columns(
            pl.col("flags").list.eval(
                pl.element().filter(
                    pl.element().is_in(["lenient", "severe", "central_tendency", "halo", "recency"])
                )
            )
        )
    summary = get("summary")
    return {
        "unit": _unit(findings.unit, lang),
        "scope": {
            "cycles": list(findings.scope.cycles),
            "department": findings.scope.department,
            "label": findings.scope.label(lang),
            **(json_records(summary, lang)[0] if summary.height else {}),
            # the imported files' names of the cycles where not their codes (issue 19 item 3)
            **({"cycle_labels": findings.cycle_labels} if findings.cycle_labels else {}),
        },
        "distribution": {
            "units": records("distribution"),
            # the department or team as a whole, then its units (rev30b item 1)
            "guideline_scope": records("guideline_scope"),
            "guideline": records("guideline_units"),
            "guideline_grades": records("guideline_grades"),
            # the scope's own department shift beside the guideline's moves (rev24a item 4)
            "department_shift": _scope_shift(findings, lang),
            "between_units": records("unit_tests"),
            "pairwise": records("unit_pairs"),
            "inflation": records("inflation"),
        },
        "reliability": records("reliability"),
        "raters": json_records(raters, lang),
        "rater_panel": records("rater_panel"),  # managers against the anonymous peer panel
        "recheck": records("recheck"),
        "adjusted_scores": records("adjusted"),
        "attribution": records("attribution"),
        "attribution_summary": {
            "variance": records("variance"),
            "department_shifts": records("department_shifts"),
            "against_trend": records("against_trend"),
            "manager_changes": records("manager_changes"),
            "kpi_drivers": records("kpi_drivers"),
        },
        "potential_check": records("potential_check"),
        "high_potential": records("high_potential"),
        "nine_box": records("nine_box_counts"),
        "hidden_strengths": records("hidden_strengths"),
        "decliners": records("decliners"),
        "risers": records("risers"),
        "rows_left_out": _kept(kept, lang, findings.sections),
        # a scope of results only: the sections it cannot have, and why (session 45 G item 3)
        **(
            {"needs_ratings": {"sections": list(findings.needs_ratings), "text": words[0]}}
            if (words := _needs_ratings_line(findings, lang))
            else {}
        ),
        # a pseudonymised view: who is left out, what rows carry coarser (rev27b items 1, 2)
        **({"privacy_notes": notes} if (notes := _privacy_notes(findings, lang)) else {}),
    }


def _privacy_notes(findings: Findings, lang: str) -> list[str]:
    return [render(code, lang, **params) for code, params in findings.privacy_notes]


# --- XLSX / CSV -----------------------------------------------------------------------------------
def section_sheet_label(name: str, sections: dict[str, pl.DataFrame], lang: str) -> str:
    """Section ``name``'s sheet label: its short form (``sheet.<name>``) where its title does
    not fit Excel's 31 characters whole ("Guideline fit of the scope as a", session 44), else
    its title."""
    code = f"sheet.{name}"
    return render(code, lang) if code in entries() else section_title(name, sections, lang)


def sheet_name(label: str) -> str:
    """A section's label as a sheet name (Excel allows 31 characters): a longer label drops its
    parenthesis rather than end mid-word ("Sources of score variance (G st", review of issue
    19)."""
    if len(label) > 31:
        for mark in (" (", "（"):
            if mark in label:
                label = label[: label.index(mark)]
                break
    return label[:31].rstrip()


def _kept_sheet(wb, kept: list[Kept], lang: str, sections: dict[str, pl.DataFrame]) -> None:
    """A last sheet saying what the per-person sheets left out and how to get every row."""
    rows = []
    for k in kept:
        section, _, text = kept_words(k, lang, sections)
        rows.append((section, k.shown, k.total, text))
    heads = [render(f"report.kept_{c}", lang) for c in ("section", "shown", "total", "rule")]
    frame = pl.DataFrame(rows, schema=heads, orient="row")
    write_sheet(wb, sheet_name(render("report.kept_sheet", lang)), frame)


def _needs_ratings_line(findings: Findings, lang: str) -> list[str]:
    """The summary sheet's line of a scope of results only: the sections it has no sheet for,
    as they are titled, and why (they need ratings by rater: session 45 G item 3, where 22
    sheets were blank, with no header and no word)."""
    if not findings.needs_ratings:
        return []
    topics = [section_title(n, findings.sections, lang) for n in findings.needs_ratings]
    return [render("report.needs_ratings", lang, topics=topics)]


def _headline_rows(wb, ws, findings: Findings, lang: str, first_row: int) -> None:
    """Below the summary's counts: the headline sentences that open the printed packet, so
    the workbook's first sheet says what was found, not only how much data there was."""
    from analytics.export.packet import cover_lines  # the packet's module loads on first use

    bold = wb.add_format({"bold": True})
    ws.write_string(first_row, 0, render("overview.headlines", lang), bold)
    for i, line in enumerate(cover_lines(findings, lang), start=first_row + 1):
        ws.write_string(i, 0, line)  # a string cell: never a formula


#: a float smaller than this in magnitude is a rounding residue of a sum (a cross term's sum of
#: squares 5.55e-13, a department factor 1.3e-16: rev26a item 7), written as 0
TINY = 1e-9


def _dstudy_blank(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, dict]]]:
    """The decision study without its rows of no value (Φ blank, a reason), and those rows
    said once per reason with the numbers of raters they hold for (``report.dstudy_blank``):
    36 of the reviewer's 40 rows repeated "无法估计增加评价人的效果" (rev26a item 7)."""
    if not {"phi", "reason", "n_raters"} <= set(frame.columns):
        return frame, []
    blank = pl.col("phi").is_null() & pl.col("reason").is_not_null()
    rows = frame.filter(blank)
    lines = []
    for why in rows["reason"].unique(maintain_order=True).to_list():
        same = rows.filter(pl.col("reason") == why)
        raters = same["n_raters"].unique().sort().to_list()
        lines.append(("report.dstudy_blank", {"n": same.height, "raters": raters, "reason": why}))
    return frame.filter(~blank), lines


def _share_bounds(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, dict]]]:
    """A share's 95% interval (``share_<part>_ci95_low`` / ``_high``, the variance section's
    ``share ± 1.96 SE``) kept within 0-100%, and a note where an end was: 环境占比95%下限
    -1.8% read as a share below nothing (rev26a item 7)."""
    ends = [
        c
        for c, dtype in frame.schema.items()
        if c.startswith("share_") and c.endswith(("_ci95_low", "_ci95_high")) and dtype.is_float()
    ]
    if not ends:
        return frame, []
    out = frame.with_columns(pl.col(c).clip(0.0, 1.0) for c in ends)
    moved = any(frame[c].ne_missing(out[c]).any() for c in ends)
    return out, [("report.share_clipped", {})] if moved else []


def _no_residues(frame: pl.DataFrame) -> pl.DataFrame:
    """Floats below :data:`TINY` in magnitude as 0, but a p-value's: 7.6e-42 is a p-value,
    shown "<0.001" by its format, not a residue to write as 0."""
    return frame.with_columns(
        pl.when(pl.col(c).abs() < TINY).then(0.0).otherwise(pl.col(c)).alias(c)
        for c, dtype in frame.schema.items()
        if dtype.is_float() and not is_p_value(c)
    )


def _cells(frame: pl.DataFrame) -> pl.DataFrame:
    """Floats to :data:`XLSX_DIGITS` significant digits (a longer whole number stays whole)."""
    return frame.with_columns(
        pl.when(pl.col(c).abs() >= 10**XLSX_DIGITS)
        .then(pl.col(c).round(0))
        .otherwise(pl.col(c).round_sig_figs(XLSX_DIGITS))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype.is_float()
    )


def to_xlsx(findings: Findings, lang: str = "zh", full: bool = False) -> bytes:
    """One sheet per section, header row frozen and bold, Chinese text intact; numbers to
    :data:`XLSX_DIGITS` significant digits, formatted for reading. The per-person sheets keep
    the rows a reader acts on unless ``full``; a last sheet says what they left out."""
    buf = io.BytesIO()
    wb = workbook(buf)
    if findings.withheld is not None:  # the small-scope rule: one sheet saying why, no rows
        ws = wb.add_worksheet(sheet_name(render("report.withheld_sheet", lang)))
        ws.write_string(0, 0, findings.scope.label(lang))
        ws.write_string(1, 0, withheld_words(findings, lang) or "")
        wb.close()
        return buf.getvalue()
    used: set[str] = set()
    sections, kept = report_rows(findings, full)
    for name, frame in sections.items():
        if name == "guideline_scope" and frame.is_empty():  # the company: its units are all
            continue
        if name in findings.needs_ratings:  # results only: named on the summary sheet, with why
            continue
        lines: list[tuple[str, dict]] = []
        if name == "agreement":  # rows of no value: a sentence per reason below (left25 7)
            frame, lines = blank_row_lines(frame)
        if name == "decision_study":  # the same: one note per reason (rev26a item 7)
            frame, lines = _dstudy_blank(frame)
        if name == "department_shifts" and (joint := joint_pairs(frame)):
            # why company and department are not separated, once per pair (left30 item 3)
            lines.append(("attr.environment_joint_pairs", joint))
        if findings.carried is not None and name in CARRIED:  # the change into the cycle
            start, end = findings.carried
            lines.append(("packet.carried", {"from_cycle": start, "to_cycle": end}))
        frame, clipped = _share_bounds(frame)  # a share's interval within 0-100%
        lines = [*lines, *clipped]
        # a column empty in every row (a grade no unit of the scope uses) left out
        frame = without_empty_columns(with_names(frame, findings.names))
        frame = shown_parts(frame, findings.unit)  # the parts add up as shown (rev28b 6)
        sheet = sheet_name(section_sheet_label(name, findings.sections, lang))
        while sheet in used:
            sheet = sheet[:28] + f"_{len(used)}"
        used.add(sheet)
        kinds = reading_formats(wb, frame.schema, findings.unit)  # scores to the scale's decimals
        frame = named_cycles(_no_residues(frame), findings.cycle_labels, lang)
        out = _cells(for_people(frame, lang, findings.unit))
        if out.height or not lines:
            ws = write_sheet(wb, sheet, out, kinds, autofilter=True)
        else:  # no row has a value: the sentences alone, no header over nothing
            ws = wb.add_worksheet(sheet)
        said = [render(code, lang, **params) for code, params in lines]
        if name == "summary":  # the cycles' own names under its counts, as the packet's cover
            said += cycle_names_line(findings.cycle_labels, lang, "report.cycle_names")
            said += _needs_ratings_line(findings, lang)
        for i, words in enumerate(said, start=out.height + 2 if out.height else 0):
            ws.write_string(i, 0, words)  # a string cell, no formula
        if name == "summary":
            _headline_rows(wb, ws, findings, lang, first_row=out.height + 2 + len(said))
    if kept:
        _kept_sheet(wb, kept, lang, findings.sections)
    wb.close()
    return buf.getvalue()


def _csv_rounded(
    frame: pl.DataFrame, out: pl.DataFrame, pct: list[str], unit: Unit | None
) -> pl.DataFrame:
    """``out`` (``frame`` as people read it) with its numbers rounded as the screen shows them
    (not "0.18551398695768564", rev19d): scores in points to the unit's decimals, money to 2,
    a U statistic to a whole number, p-values to 3 significant digits, other numbers to 3."""
    scored = set(converted(frame.schema))
    exprs = []
    for (old, dtype), new in zip(frame.schema.items(), out.columns, strict=True):
        if not dtype.is_float() or old in pct or not out.schema[new].is_float():
            continue
        kind = number_kind(old, dtype)
        col = pl.col(new)
        if kind == "p":
            exprs.append(col.round_sig_figs(3))
        elif kind == "int":
            exprs.append(col.round(0).cast(pl.Int64))
        elif kind == "money":
            exprs.append(col.round(2))
        elif old in scored and unit is not None:
            exprs.append(col.round(unit.digits))
        else:
            exprs.append(col.round(3))
    return out.with_columns(exprs) if exprs else out


def _interval_bounds(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with each interval phrase of percentages (``top_excess_ci``: "-10.3% to
    +5.1%") as its two bounds, numbers (``top_excess_lo``, ``top_excess_hi``) in its place.
    Why: in a CSV the phrase opening with a sign took the apostrophe that keeps a spreadsheet
    from running it as a formula ("'-10.3% to +5.1%", rev30b item 17); numbers need none."""
    exprs = []
    for name, dtype in frame.schema.items():
        base = name.removesuffix("_ci")
        fields = {f.name: f.dtype for f in getattr(dtype, "fields", ())}
        inner = {f.name for f in getattr(fields.get("params"), "fields", ())}
        if base == name or "code" not in fields or inner != {"lo", "hi"}:
            exprs.append(pl.col(name))
            continue
        params = pl.col(name).struct.field("params")
        exprs.extend(
            params.struct.field(b).cast(pl.Float64).alias(f"{base}_{b}") for b in ("lo", "hi")
        )
    return frame.select(exprs)


def to_csv(frame: pl.DataFrame, lang: str = "zh", unit: Unit | None = None) -> bytes:
    """UTF-8 with BOM (so Excel opens Chinese text correctly), translated headers, neutralised;
    scores on ``unit``'s scale with the unit in their headers; shares and percentiles as
    percentages with "%" in their header (a CSV carries no number format: 0.875 read as a
    percentile of 0.875, review of issue 19); an interval phrase as its two bounds. A
    percentage beside its interval's bounds is written to their one decimal, as the page
    shows it ("18.3", not "18.333" beside "+6.6% to +30.9%": rev30b item 17)."""
    frame = shown_parts(frame, unit)  # a change's parts add up as shown (rev28b item 6)
    bounded = {c.removesuffix("_ci") for c in frame.columns if c.endswith("_ci")}
    frame = _interval_bounds(frame)
    pct = [c for c, t in frame.schema.items() if t.is_float() and is_percent(c)]
    one = {c for c in pct if c in bounded or c.removesuffix("_lo").removesuffix("_hi") in bounded}
    out = for_people(
        frame.with_columns((pl.col(c) * 100).round(1 if c in one else 3) for c in pct), lang, unit
    )
    out = _csv_rounded(frame, out, pct, unit)
    out = out.with_columns(  # a value rounded to zero without its sign: "0.0", not "-0.0"
        pl.when(pl.col(c) == 0).then(pl.lit(0.0, dtype)).otherwise(pl.col(c)).alias(c)
        for c, dtype in out.schema.items()
        if dtype.is_float()
    )
    sign = "（%）" if lang == "zh" else " (%)"
    out = out.rename(
        {
            new: new + sign
            for old, new in zip(frame.columns, out.columns, strict=True)
            if old in pct and sign.strip() not in new  # "95% low" is no unit: (%) added
        }
    )
    return out.write_csv(include_bom=True).encode("utf-8")


# --- HTML ---------------------------------------------------------------------------------------
def to_html(findings: Findings, lang: str = "zh") -> str:
    """The printable calibration packet (:mod:`analytics.export.packet`): A4 landscape, a cover
    with the headline findings, one section per topic; every row of every section is in the
    workbook."""
    from analytics.export.packet import to_packet_html

    return to_packet_html(findings, lang)


def write_report(findings: Findings, path: Path, lang: str = "zh", full: bool = False) -> Path:
    """Write by extension: .json, .xlsx, .html or .pdf (the packet printed by Chromium);
    ``full``: every row of the per-person sections in the JSON and the workbook."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ext = path.suffix.lower()
    if ext == ".json":
        path.write_text(
            json.dumps(to_json(findings, lang, full), ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
    elif ext == ".xlsx":
        path.write_bytes(to_xlsx(findings, lang, full))
    elif ext in (".html", ".htm"):
        path.write_text(to_html(findings, lang), encoding="utf-8")
    elif ext == ".pdf":
        from analytics.export.packet import to_pdf

        to_pdf(to_html(findings, lang), path, lang)
    else:
        raise ValueError(f"unsupported report type {ext!r}: use .json, .xlsx, .html or .pdf")
    return path
