"""Write calibration findings as JSON, XLSX (one sheet per section), CSV or a printable HTML file.

Spreadsheet cells that a spreadsheet program would run as a formula (text starting with
``=``, ``+``, ``-``, ``@``, tab or CR) are neutralised with a leading apostrophe (OWASP CSV
injection guidance). Every format words its codes through :func:`analytics.text.render_frame`
(the same renderer as the pages): headers, reasons, flags and roles follow the chosen language.
JSON keys and single codes (flags, roles) stay canonical so scripts can rely on them; a phrase
(a reason) is written as ``{"code", "params", "text"}``.
"""

from __future__ import annotations

import html
import io
import json
import math
from datetime import date, datetime
from pathlib import Path

import polars as pl

from analytics.findings.names import with_names
from analytics.findings.report import Findings
from analytics.text import CODED_COLUMNS, is_phrase, render, render_frame
from analytics.text.labels import column_label, is_p_value, is_percent, section_label

__all__ = [
    "neutralise",
    "report_filename",
    "to_csv",
    "to_html",
    "to_json",
    "to_xlsx",
    "write_report",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with '; ', and text that could run as a formula prefixed with an apostrophe."""
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            col = col.cast(pl.List(pl.String)).list.join("; ")
            dtype = pl.String
        if dtype == pl.String:
            col = pl.when(col.str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + col).otherwise(col)
        exprs.append(col.alias(name))
    return frame.select(exprs)


def _for_people(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Codes worded, text neutralised, headers translated: what a spreadsheet or page shows."""
    return _headers(neutralise(render_frame(frame, lang)), lang)


def _headers(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    seen: set[str] = set()
    mapping = {}
    for col, dtype in frame.schema.items():
        label = column_label(col, lang, numeric=dtype.is_numeric())
        if label in seen:
            label = f"{label} ({col})"
        seen.add(label)
        mapping[col] = label
    return frame.rename(mapping)


def report_filename(findings: Findings, ext: str) -> str:
    cycles = "-".join(findings.scope.cycles) or "all"
    dept = ("_" + findings.scope.department.replace("/", "-")) if findings.scope.department else ""
    return f"perflens_calibration_{cycles}{dept}.{ext}"


# --- JSON ---------------------------------------------------------------------------------------
def _jsonable(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _phrase(value: dict | None, family: str, lang: str) -> dict | None:
    if value is None:
        return None
    params = value["params"] or {}
    text = render(f"{family}.{value['code']}", lang, **params)
    used = {k: v for k, v in params.items() if v is not None}  # fields of other codes are null
    return {"code": value["code"], "params": used, "text": text}


def _records(frame: pl.DataFrame, lang: str) -> list[dict]:
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
    return [_jsonable(r) for r in rows]


def to_json(findings: Findings, lang: str = "zh") -> dict:
    """The findings as a JSON-ready dict with the documented top-level keys; reasons carry
    their code, parameters and text in ``lang``."""
    s = {k: with_names(v, findings.names) for k, v in findings.sections.items()}
    get = lambda name: s.get(name, pl.DataFrame())  # noqa: E731
    records = lambda name: _records(get(name), lang)  # noqa: E731
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
        "scope": {
            "cycles": list(findings.scope.cycles),
            "department": findings.scope.department,
            "label": findings.scope.label(lang),
            **(_records(summary, lang)[0] if summary.height else {}),
        },
        "distribution": {
            "units": records("distribution"),
            "guideline": records("guideline_units"),
            "guideline_grades": records("guideline_grades"),
            "between_units": records("unit_tests"),
            "pairwise": records("unit_pairs"),
            "inflation": records("inflation"),
        },
        "reliability": records("reliability"),
        "raters": _records(raters, lang),
        "recheck": records("recheck"),
        "adjusted_scores": records("adjusted"),
        "attribution": records("attribution"),
        "attribution_summary": {
            "variance": records("variance"),
            "department_shifts": records("department_shifts"),
            "against_trend": records("against_trend"),
            "kpi_drivers": records("kpi_drivers"),
        },
        "high_potential": records("high_potential"),
        "nine_box": records("nine_box_counts"),
        "hidden_strengths": records("hidden_strengths"),
        "decliners": records("decliners"),
    }


# --- XLSX / CSV -----------------------------------------------------------------------------------
def _number_kind(col: str, dtype: pl.DataType) -> str | None:
    """How a spreadsheet column's numbers are formatted (None: not a number column)."""
    if dtype.is_float():
        return "percent" if is_percent(col) else "p" if is_p_value(col) else "float"
    if dtype.is_integer():
        return "int"
    return None


def to_xlsx(findings: Findings, lang: str = "zh") -> bytes:
    """One sheet per section, header row frozen and bold, Chinese text intact."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "nan_inf_to_errors": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    head = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True})
    formats = {  # numbers for reading: the cell keeps its full value, the format rounds it
        "percent": wb.add_format({"num_format": "0.0%"}),
        "p": wb.add_format({"num_format": '[<0.001]"<0.001";0.000'}),
        "float": wb.add_format({"num_format": "0.000"}),
        "int": wb.add_format({"num_format": "#,##0"}),
    }
    used: set[str] = set()
    for name, frame in findings.sections.items():
        frame = with_names(frame, findings.names)
        sheet = section_label(name, lang)[:31]
        while sheet in used:
            sheet = sheet[:28] + f"_{len(used)}"
        used.add(sheet)
        ws = wb.add_worksheet(sheet)
        out = _for_people(frame, lang)
        for j, (col, (name, dtype)) in enumerate(zip(out.columns, frame.schema.items())):
            ws.write_string(0, j, col, head)
            ws.set_column(
                j, j, max(10, min(40, len(col) * 2)), formats.get(_number_kind(name, dtype))
            )
        for i, row in enumerate(out.iter_rows(), start=1):
            for j, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, bool):
                    ws.write_boolean(i, j, value)
                elif isinstance(value, (int, float)):
                    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                        continue
                    ws.write_number(i, j, value)
                else:
                    ws.write_string(i, j, str(value))
        ws.freeze_panes(1, 0)
        if out.width:
            ws.autofilter(0, 0, max(out.height, 1), out.width - 1)
    wb.close()
    return buf.getvalue()


def to_csv(frame: pl.DataFrame, lang: str = "zh") -> bytes:
    """UTF-8 with BOM (so Excel opens Chinese text correctly), translated headers, neutralised."""
    return _for_people(frame, lang).write_csv(include_bom=True).encode("utf-8")


# --- HTML ---------------------------------------------------------------------------------------
def _format_number(v: float, kind: str | None) -> str:
    """The same reading format as the spreadsheet's: 12.5%, <0.001, 0.123."""
    if kind == "percent":
        return f"{v:.1%}"
    if kind == "p":
        return "<0.001" if v < 0.001 else f"{v:.3f}"
    return f"{v:,.3f}"


def _html_table(frame: pl.DataFrame, lang: str, limit: int = 50) -> str:
    if frame.height == 0:
        return "<p><em>—</em></p>"
    out = _for_people(frame.head(limit), lang)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in out.columns)
    kinds = [_number_kind(name, dtype) for name, dtype in frame.schema.items()]
    rows = []
    for row in out.iter_rows():
        cells = []
        for v, kind in zip(row, kinds):
            if isinstance(v, float):
                txt = "" if math.isnan(v) else _format_number(v, kind)
            elif isinstance(v, int) and not isinstance(v, bool):
                txt = f"{v:,}"
            else:
                txt = "" if v is None else str(v)
            cells.append(f"<td>{html.escape(txt)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = render("report.more", lang, n=frame.height - limit) if frame.height > limit else ""
    more = f"<p class='more'>{html.escape(more)}</p>" if more else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def to_html(findings: Findings, lang: str = "zh") -> str:
    """A self-contained printable report: key charts (Plotly inlined once) and every table."""
    import plotly.io as pio

    from analytics.export import figures

    title = render("report.title", lang)
    figs = figures.report_figures(findings, lang)
    parts = [
        f"<h1>{title} · PerfLens</h1>",
        f"<p class='scope'>{html.escape(findings.scope.label(lang))}</p>",
    ]
    first = True
    for fig in figs:
        parts.append(
            pio.to_html(
                fig,
                include_plotlyjs=bool(first),
                full_html=False,
                config={"displayModeBar": False},
            )
        )
        first = False
    for name, frame in findings.sections.items():
        frame = with_names(frame, findings.names)
        parts.append(f"<h2>{html.escape(section_label(name, lang))}</h2>")
        parts.append(_html_table(frame, lang))
    style = """
    body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px;color:#222}
    table{border-collapse:collapse;font-size:11px;margin-bottom:12px}
    th,td{border:1px solid #ccc;padding:2px 6px;text-align:left}
    th{background:#e8eef7} h2{margin-top:28px;border-bottom:2px solid #1f77b4}
    .more{color:#888;font-size:11px} @media print{h2{page-break-before:auto}}"""
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{style}</style></head><body>{''.join(parts)}</body></html>"
    )


def write_report(findings: Findings, path: Path, lang: str = "zh") -> Path:
    """Write by extension: .json, .xlsx or .html."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ext = path.suffix.lower()
    if ext == ".json":
        path.write_text(
            json.dumps(to_json(findings, lang), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    elif ext == ".xlsx":
        path.write_bytes(to_xlsx(findings, lang))
    elif ext in (".html", ".htm"):
        path.write_text(to_html(findings, lang), encoding="utf-8")
    else:
        raise ValueError(f"unsupported report type {ext!r}: use .json, .xlsx or .html")
    return path
