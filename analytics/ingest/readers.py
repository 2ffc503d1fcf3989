"""Read CSV (UTF-8, UTF-8 BOM, UTF-16/32 with BOM, GBK/GB18030, other legacy encodings by
detection; comma, tab, semicolon), XLSX and Parquet exports.

Every reader returns :class:`RawTable` objects whose columns are all text, so validation sees
exactly what the user typed, plus the offset that turns a frame index into the row number the
user sees in Excel or a text editor. Title and note rows above the header are skipped and a
merged two-row header is joined (:func:`analytics.ingest.headers.choose_header`); sheets
without a table are skipped. What was decided is said in each table's ``notes``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analytics.ingest import liberrors, screen
from analytics.ingest.headers import (
    HEADER_SCAN,
    HeaderChoice,
    choose_header,
    column_letter,
    field_of,
    normalise_header,
)
from analytics.ingest.xlsxparts import UNREADABLE, cell_position, chart_sheets, worksheets
from analytics.text.messages import ImportRejected

__all__ = [
    "FORMATS",
    "ROW",
    "Decoding",
    "RawTable",
    "choose_encoding",
    "clean_text",
    "detect_encoding",
    "file_sha256",
    "read_tables",
    "sample_table",
    "utf8_copy",
]

FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",  # old Excel: read when it is one (:func:`_read_xls`), else refused with the fix
    ".parquet": "parquet",
    ".pq": "parquet",
}


@dataclass
class RawTable:
    """One sheet (or the whole file) as text columns."""

    file: str
    sheet: str | None
    frame: pl.DataFrame
    row_offset: int  # row number of the user's first data row (header is row_offset - 1)
    format: str
    encoding: str | None = None
    separator: str | None = None
    # (message code, parameters): header row used, sheets skipped, encoding doubts
    notes: list[tuple[str, dict]] = field(default_factory=list)
    header_rows: tuple[int, int] = (1, 1)  # the user's rows holding the header (first, last)
    doubtful_text: bool = False  # decoded by a guess: stored names are not overwritten
    # guesses the user did not make (the encoding): warnings, shown before and after an import
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    # column -> its distinct values as written with outer spaces ("E10875 "), which the text
    # columns no longer show (trimmed): the id rules say how many ids they joined (rev22)
    padded: dict[str, list[str]] = field(default_factory=dict)
    # id columns a workbook holds as numbers (not text): written back as numbers (left29)
    numbers: frozenset[str] = frozenset()
    # id column -> the rows (ROW) whose cell the workbook holds as a number, and the number
    # as read, for an id column of numbers and text cells (123 beside "1013.0" or "E124"):
    # each such cell written back as the number held, whatever the id became (fix34m)
    number_cells: dict[str, dict[int, str]] = field(default_factory=dict)
    # the text cells of those columns as read ("1013.0", which the id plan spells 1013)
    held_text: dict[str, dict[int, str]] = field(default_factory=dict)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 1 << 20  # bytes of a file the encoding is judged on
# text a wrong decoding produces: an ideograph (or a Greek, Cyrillic, Arabic, Hangul letter)
# inside a Latin word (cp1252 "Müller" read as GB18030 gives "M黮ler"), three accented Latin letters or symbols in a row (GBK read as
# cp1252 gives "ÕÅÈý"), C1 control characters, the replacement character
_GARBLED = re.compile(
    r"[A-Za-z][\u0370-\u1fff\u2c00-\ud7ff\uf900-\ufffc][A-Za-z]"
    r"|[\u00a1-\u00ff\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]{3,}"
    r"|[\u0080-\u009f\ufffd]"
)


@dataclass
class Decoding:
    """How a text file is read: the codec, and whether it is a guess (``doubtful``)."""

    encoding: str
    doubtful: bool = False
    label: str = ""  # what the user is told (UTF-16 for the BOM codec "utf-16", ...)


def _garbled(text: str) -> str | None:
    """A stretch of text that shows a wrong decoding, else None. A common ideograph between
    Latin letters ("A级B类") is text; a rare one (outside GB2312, as 黮 in "M黮ler") is not."""
    for m in _GARBLED.finditer(text):
        hit = m.group(0)
        if len(hit) == 3 and _common_hanzi(hit[1]):
            continue
        return text[max(0, m.start() - 3) : m.end() + 3].strip()
    return None


def _common_hanzi(char: str) -> bool:
    """True for an ideograph of GB2312 (the 6,763 characters of everyday Chinese)."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return "\u4e00" <= char <= "\u9fff"


def choose_encoding(
    data: bytes, file: str, forced: str | None = None, sample_size: int = _SAMPLE
) -> Decoding:
    """The encoding of a text file's bytes (judged on the first ``sample_size`` bytes, a MiB);
    raises ImportRejected.

    A BOM (UTF-8, UTF-16, UTF-32) decides; then valid UTF-8; then GB18030 (GBK) when its text
    reads right. Otherwise `charset-normalizer` names the candidates, ordered by its confidence
    over the whole sample, and a candidate whose text reads right is used as a guess
    (``doubtful``). Bytes that are valid GB18030 but read wrong, or no candidate reading right,
    are refused with the candidates named: the user gives ``--encoding``.
    """
    if forced:
        try:
            codecs.lookup(forced)
            data[:sample_size].decode(forced, errors="strict")
        except LookupError:
            raise ImportRejected("bad_encoding", file=file, encoding=forced) from None
        except UnicodeDecodeError as exc:
            if exc.start < min(len(data), sample_size) - 4:
                raise ImportRejected("bad_encoding", file=file, encoding=forced) from None
        return Decoding(forced, label=forced)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoding(codec, label=codec.upper().replace("-SIG", " BOM"))
    sample = data[:sample_size]
    try:
        sample.decode("utf-8")
        return Decoding("utf-8", label="UTF-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and len(data) > len(sample):
            return Decoding("utf-8", label="UTF-8")  # a character cut at the sample's end
    gb_text = _decode(sample, "gb18030", len(data) > len(sample))
    if gb_text is not None and _garbled(gb_text) is None:
        return Decoding("gb18030", label="GB18030")
    from charset_normalizer import from_bytes

    names = [m.encoding for m in from_bytes(sample)]
    readable = [
        n
        for n in names
        if n != "gb18030"
        and (t := _decode(sample, n, len(data) > len(sample))) is not None
        and _garbled(t) is None
    ]
    western = _western(sample, len(data) > len(sample))
    if gb_text is not None:  # valid GB18030 that reads wrong: never loaded by a guess
        raise ImportRejected(
            "encoding_doubtful",
            file=file,
            example=_garbled(gb_text),
            candidates=_candidates(western, readable or names) or ["?"],
        )
    if not readable:
        raise ImportRejected(
            "unknown_encoding", file=file, candidates=_candidates(western, names) or "-"
        )
    # Latin text that reads right in Windows Western too: that one (charset-normalizer often
    # ranks a Central European code page first for José, Zürich), still a guess
    guess = next((w for w in western if w == "cp1252"), readable[0])
    return Decoding(guess, doubtful=True, label=guess)


_WESTERN = ("cp1252", "latin-1")  # Windows Western (Excel's "ANSI" in Europe and America), ISO


def _western(sample: bytes, cut: bool) -> list[str]:
    """The Western encodings the bytes read right in when the text is Latin: mostly ASCII,
    each other byte a letter inside a word (Müller, Süd), as a Western European export is.
    charset-normalizer often ranks Central European code pages first for such short text."""
    if not sample:
        return []
    high = sum(b >= 0x80 for b in sample)
    if not high or high > 0.1 * len(sample):
        return []
    out = []
    for name in _WESTERN:
        text = _decode(sample, name, cut)
        if (
            text is not None
            and _garbled(text) is None
            and re.search(r"[A-Za-z][À-ÿ]|[À-ÿ][a-z]", text)
        ):
            out.append(name)
    return out


def _candidates(first: list[str], rest: list[str], limit: int = 4) -> list[str]:
    """The encodings a refusal names: ``first`` (plausible Western ones), then the detector's,
    at most ``limit`` beyond the first."""
    return list(dict.fromkeys([*first, *[n for n in rest if n != "gb18030"][:limit]]))


def _decode(sample: bytes, encoding: str, cut: bool) -> str | None:
    """The sample decoded, or None; a character cut at the end of a partial sample is dropped."""
    try:
        return sample.decode(encoding)
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(sample) - 4:
            return sample[: exc.start].decode(encoding, errors="ignore")
        return None
    except LookupError:
        return None


def detect_encoding(data: bytes) -> str:
    """The codec :func:`choose_encoding` picks; raises ValueError when it refuses the bytes."""
    try:
        return choose_encoding(data, "-").encoding
    except ImportRejected as exc:
        raise ValueError(exc.code) from None


def _detect_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda k: counts[k])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(first_line, delimiters=",\t;|").delimiter
        except csv.Error:
            return ","
    return best


def _head_rows(text: str, sep: str) -> tuple[list[list[str]], list[int]]:
    """The first rows of a CSV text and, for each, the physical lines read up to its end."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            rows.append(row)
            lines.append(reader.line_num)
            if len(rows) >= HEADER_SCAN:
                break
    except csv.Error:
        pass
    return rows, lines


@dataclass
class _CsvLayout:
    """Where a CSV's header is, its separator and the lines before its first data row."""

    separator: str
    choice: HeaderChoice
    skip_lines: int  # physical lines up to the end of the header

    @property
    def plain(self) -> bool:
        """The header is the first line alone: Polars reads it as it is."""
        return self.choice.first == 0 and self.choice.last == 0


def _csv_layout(
    head: str, columns: dict[str, str] | None, header_row: int | None, file: str
) -> _CsvLayout:
    """Separator and header of a CSV from its first rows: the separator that gives a header the
    most columns, else the first line's most frequent one."""
    head = head.removeprefix("\ufeff")
    best: _CsvLayout | None = None
    for sep in (",", "\t", ";", "|"):
        if sep not in head:
            continue
        rows, lines = _head_rows(head, sep)
        if header_row is not None and header_row > len(rows):
            raise ImportRejected("bad_header_row", file=file, sheet="", row=header_row)
        choice = choose_header(rows, columns, header_row)
        if choice.found and (best is None or len(choice.names) > len(best.choice.names)):
            best = _CsvLayout(sep, choice, lines[choice.last] if choice.names else 0)
    if header_row is not None and (
        best is None or not _csv_row_names_fields(head, header_row, columns)
    ):
        _refuse_csv_header_row(head, header_row, file)
    if best is None or (header_row is None and best.plain):
        sep = _detect_separator(_first_table_line(head))
        if best is None or best.separator != sep:
            rows, lines = _head_rows(head, sep)
            choice = choose_header(rows, columns)  # not found: one-cell title rows skipped
            best = _CsvLayout(sep, choice, lines[choice.last] if rows else 1)
    return best


def _csv_row_names_fields(head: str, header_row: int, columns: dict[str, str] | None) -> bool:
    """True when the given (1-based) row names a known field with some separator."""
    return any(
        _names_fields(_head_rows(head, sep)[0], header_row, columns)
        for sep in (",", "\t", ";", "|")
        if sep in head
    )


def _refuse_csv_header_row(head: str, header_row: int, file: str) -> None:
    """--header-row names a CSV row that is no header: refused naming the row and its cells
    (as for a workbook), split with the separator that gives the row the most cells."""
    best: list[str] = []
    for sep in (",", "\t", ";", "|", None):
        rows = _head_rows(head, sep)[0] if sep else [[x] for x in head.splitlines()]
        row = rows[header_row - 1] if header_row <= len(rows) else []
        cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
        if len(cells) > len(best):
            best = cells
    raise ImportRejected("header_row_no_header_csv", file=file, row=header_row, cells=best[:8])


def _first_table_line(head: str) -> str:
    """The first line holding a separator (a one-cell title line above it has none)."""
    lines = head.split("\n", HEADER_SCAN)[:HEADER_SCAN]
    return next((x for x in lines if any(s in x for s in ",\t;|")), lines[0])


def _header_notes(raw: RawTable, choice: HeaderChoice, forced: bool) -> None:
    """Say which row holds the header when it is not the first alone."""
    first, last = choice.first + 1, choice.last + 1
    raw.header_rows = (first, last)
    if forced or first > 1 or last > first:
        code = "header_row" if last == first else "header_rows" if first > 1 else "header_rows_top"
        raw.notes.append(
            (
                code,
                {
                    "file": raw.file,
                    "sheet": f" [{raw.sheet}]" if raw.sheet else "",
                    "row": first,
                    "last": last,
                    "skipped": choice.first,
                },
            )
        )


def _polars_csv(source, sep: str, name: str) -> pl.DataFrame:
    try:
        return pl.read_csv(source, separator=sep, infer_schema=False, truncate_ragged_lines=False)
    except Exception as exc:  # polars raises several types for malformed CSV
        text = source.getvalue().decode("utf-8") if isinstance(source, io.BytesIO) else None
        raise liberrors.csv_refusal(name, text, sep) from exc


def _utf8_separator(path: Path) -> str | None:
    """The separator of a UTF-8 CSV without BOM (judged on its first 64 KiB), else None."""
    head = _utf8_head(path)
    if head is None:
        return None
    return _detect_separator(head.split("\n", 1)[0])


def _utf8_head(path: Path) -> str | None:
    """The first 64 KiB of a UTF-8 CSV without BOM as text, else None."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the sample's end is still UTF-8
        if exc.start < len(head) - 3:
            return None
    return head.decode("utf-8", errors="ignore")


def _read_layout(source, layout: _CsvLayout, name: str, encoding: str | None) -> pl.DataFrame:
    """Polars reads the CSV from its first data row; the header's names come from the layout."""
    if layout.plain:
        return _polars_csv(source, layout.separator, name, encoding=encoding)
    frame = _polars_csv(
        source, layout.separator, name, encoding=encoding, skip_lines=layout.skip_lines
    )
    names = list(layout.choice.names)
    names += [f"_{i + 1}" for i in range(len(names), frame.width)]
    return frame.rename(dict(zip(frame.columns, names[: frame.width])))


def _polars_csv(
    source, sep: str, name: str, encoding: str | None = None, skip_lines: int | None = None
) -> pl.DataFrame:
    extra: dict = {"encoding": "utf8"} if encoding else {}
    if skip_lines is not None:
        extra |= {"skip_lines": skip_lines, "has_header": False}
    try:
        return pl.read_csv(
            source, separator=sep, infer_schema=False, truncate_ragged_lines=False, **extra
        )
    except Exception as exc:  # polars raises several types for malformed CSV
        text = source.getvalue().decode("utf-8") if isinstance(source, io.BytesIO) else None
        raise liberrors.csv_refusal(name, text, sep, skip_lines or 0) from exc


def _read_csv(
    path: Path,
    columns: dict[str, str] | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
) -> list[RawTable]:
    """UTF-8 files go straight from disk to Polars (no copy in Python); another encoding is
    decoded once and handed over as UTF-8. Title rows above the header are skipped."""
    head = None if encoding else _utf8_head(path)
    if head is not None:
        layout = _csv_layout(head, columns, header_row, path.name)
        try:
            frame = _read_layout(path, layout, path.name, "utf8")
        except ImportRejected:  # invalid UTF-8 further down the file: decode it below
            frame = None
        if frame is not None:
            return [_csv_table(path, frame, layout, "utf-8", header_row is not None, columns)]
    data = path.read_bytes()
    decoding = choose_encoding(data, path.name, encoding)
    try:
        text = data.decode(decoding.encoding)
    except UnicodeDecodeError:
        if encoding:
            raise ImportRejected("bad_encoding", file=path.name, encoding=encoding) from None
        # the first MiB read as one encoding, the rest does not: judge the whole file
        decoding = choose_encoding(data, path.name, sample_size=len(data))
        try:
            text = data.decode(decoding.encoding)
        except UnicodeDecodeError:  # e.g. a UTF-16 byte-order mark before an odd byte count
            raise ImportRejected(
                "bad_encoding", file=path.name, encoding=decoding.encoding
            ) from None
    del data
    text = text.removeprefix("\ufeff")
    layout = _csv_layout(text[: 1 << 16], columns, header_row, path.name)
    frame = _read_layout(io.BytesIO(text.encode("utf-8")), layout, path.name, None)
    raw = _csv_table(path, frame, layout, decoding.encoding, header_row is not None, columns)
    if decoding.doubtful:
        raw.doubtful_text = True
        raw.warnings.append(("encoding_guessed", {"file": path.name, "encoding": decoding.label}))
    return [raw]


def _csv_table(
    path: Path,
    frame: pl.DataFrame,
    layout: _CsvLayout,
    encoding: str,
    forced: bool,
    columns: dict[str, str] | None,
) -> RawTable:
    """The CSV's table: text columns numbered from its first data row, and the header's note;
    a second header row of field codes under the header skipped and said."""
    first = layout.skip_lines + 1
    raw = RawTable(
        path.name, None, clean_text(frame, first), first, "csv", encoding, layout.separator
    )
    raw.padded = padded_values(frame)
    _header_notes(raw, layout.choice, forced)
    _skip_field_codes(raw, columns)
    return raw


def _field_codes_first(frame: pl.DataFrame, first_row: int, columns: dict[str, str] | None) -> bool:
    """True when the table's row ``first_row``, its first under the header, is a second header
    row of field codes (:func:`screen.field_code_row`)."""
    overrides = {normalise_header(k): v for k, v in (columns or {}).items()}
    ids = [c for c in frame.columns if field_of(c, overrides) == "employee_id"]
    return screen.field_code_row(frame, ids, first_row, overrides, ROW)


def _skip_field_codes(raw: RawTable, columns: dict[str, str] | None) -> None:
    """A second header row under the header (emp_no, dept_name, period … under 工号, 部门,
    考核周期, as many HR systems export) is dropped, with a warning naming its row and cells,
    so that it is never loaded as an employee or a cycle."""
    if not _field_codes_first(raw.frame, raw.row_offset, columns):
        return
    first = raw.frame.row(0, named=True)
    cells = [v for c, v in first.items() if c != ROW and v is not None]
    sheet = f" [{raw.sheet}]" if raw.sheet else ""
    shown = cells[:5] + (["…"] if len(cells) > 5 else [])
    params = {"file": raw.file, "sheet": sheet, "row": first[ROW], "cells": shown}
    raw.warnings.append(("field_code_row_skipped", params))
    raw.frame = raw.frame.slice(1)


def _read_xlsx(
    path: Path,
    sheet: str | None,
    columns: dict[str, str] | None = None,
    header_row: int | None = None,
) -> list[RawTable]:
    """Every sheet with a table (a header naming the employee id, found among its first rows);
    sheets without one (instructions, charts, empty sheets) are skipped and said so."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:
        raise liberrors.xlsx_refusal(path.name) from exc
    names = reader.sheet_names
    charts = chart_sheets(path)
    merged = _merged_ranges(path)
    errors = screen.sheet_errors(path)  # error cells (#DIV/0!) the reader returns empty
    hidden = screen.hidden_rows(path)  # rows hidden in Excel: loaded, and said
    if sheet is not None and sheet not in names:
        raise ImportRejected("sheet_not_found", file=path.name, sheet=sheet, found=names)
    tables: list[RawTable] = []
    unknown: list[RawTable] = []  # sheets with a table but no header PerfLens knows
    skipped: list[tuple[str, dict]] = []
    given_rows: dict[str, tuple[int, list]] = {}  # sheet -> (its rows, the given row's cells)
    for name in [sheet] if sheet is not None else names:
        frame = None if name in charts else _sheet_frame(reader, path, name, errors)
        if frame is None or frame.width == 0 or frame.height == 0:
            skipped.append(("sheet_skipped_empty", {"file": path.name, "sheet": name}))
            continue
        rows = [list(r) for r in frame.head(HEADER_SCAN).iter_rows()]
        if (
            header_row is not None
            and sheet is None
            and not _names_fields(rows, header_row, columns)
        ):
            # the row given is no header in this sheet (an instruction sheet): not a table
            skipped.append(("sheet_skipped_no_table", {"file": path.name, "sheet": name}))
            if header_row <= len(rows):
                given_rows[name] = (frame.height, rows[header_row - 1])
            continue
        if header_row is not None and header_row > len(rows):
            raise ImportRejected(
                "bad_header_row", file=path.name, sheet=f" [{name}]", row=header_row
            )
        choice = choose_header(rows, columns, header_row)
        raw, body = _sheet_table(
            path, name, frame, choice, merged.get(name, []), hidden.get(name, []), header_row
        )
        if not choice.found and sheet is None:
            skipped.append(("sheet_skipped_no_table", {"file": path.name, "sheet": name}))
            if _table_like(rows[choice.first] if rows else [], body):
                unknown.append(raw)
            continue
        _skip_field_codes(raw, columns)  # before the id columns' types are read
        raw.numbers = _number_ids(reader, name, raw, choice, columns)
        raw.number_cells = _number_id_cells(path, name, raw, columns)
        raw.held_text = {
            c: dict(
                raw.frame.filter(~pl.col(ROW).is_in(list(cells)) & pl.col(c).is_not_null())
                .select(ROW, c)
                .iter_rows()
            )
            for c, cells in raw.number_cells.items()
        }
        tables.append(raw)
    return _workbook_tables(path, names, tables, unknown, skipped, given_rows, header_row)


def _sheet_frame(reader, path: Path, name: str, errors: dict) -> pl.DataFrame:
    """One sheet's cells as text with its error cells put back; unreadable: the file is refused."""
    try:
        frame = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        return screen.put_sheet_errors(frame, errors.get(name, []))
    except Exception as exc:
        raise liberrors.xlsx_refusal(path.name, name) from exc


#: a whole number as Excel shows a number cell: no leading zero (``000123`` is text)
_WHOLE = r"^(0|[1-9][0-9]*)$"


def _number_ids(
    reader, name: str, raw: RawTable, choice: HeaderChoice, columns: dict[str, str] | None
) -> frozenset[str]:
    """The id columns (employee, rater, manager) of the sheet's table that the workbook holds
    as numbers: every cell a whole number once read as text, and the sheet's column of
    numbers when read with its types (a column mixing text and numbers is read as text).
    Why: the write-back gives each cell back as the export held it, and an id column is
    otherwise written as text (``000123`` must not become 123, left29 item 4)."""
    ids = [
        (i, c)
        for i, c in _id_columns(raw, columns)
        if raw.frame.get_column(c).drop_nulls().len()
        and raw.frame.select(pl.col(c).drop_nulls().str.contains(_WHOLE).all()).item()
    ]
    if not ids:
        return frozenset()
    # the rows between the header and the first kept one (blank, or a second header row of
    # field codes, skipped) are left out of the typed read, as a text cell makes a column text
    above = raw.frame.item(0, ROW) - raw.row_offset
    try:
        typed = reader.load_sheet(
            name,
            header_row=choice.last,
            use_columns=[i for i, _ in ids],
            skip_rows=above if above > 0 else None,
        ).to_polars()
    except Exception:  # noqa: BLE001 -- unread: the ids stay text, as before
        return frozenset()
    return frozenset(c for (_, c), t in zip(ids, typed.dtypes) if t.is_numeric())


def _id_columns(raw: RawTable, columns: dict[str, str] | None) -> list[tuple[int, str]]:
    """(position, header) of the sheet table's id columns (employee, rater, manager)."""
    overrides = {normalise_header(k): v for k, v in (columns or {}).items()}
    body = [c for c in raw.frame.columns if c != ROW]
    return [(i, c) for i, c in enumerate(body) if (field_of(c, overrides) or "").endswith("_id")]


#: a cell the sheet's XML holds as a number: no type, or ``t="n"``
_TYPED = re.compile(r'\bt="([a-zA-Z]+)"')


def _number_id_cells(
    path: Path, name: str, raw: RawTable, columns: dict[str, str] | None
) -> dict[str, dict[int, str]]:
    """For each id column that is not all numbers (:func:`_number_ids`) yet holds a whole
    number as read: the rows (``ROW``) whose cell the workbook holds as a number, with that
    number as read (an id plan may pad 124 to 000124 later). Why: one
    text cell ("1013.0", "E124", a totals row's 合计) made the whole column text, and the
    write-back gave 123 and 124 back as the text "123", "124". Read from the sheet's XML
    (the reader tells a column's type, not a cell's); {} when the parts cannot be read."""
    mixed = {
        i + 1: c
        for i, c in _id_columns(raw, columns)
        if c not in raw.numbers and raw.frame.select(pl.col(c).str.contains(_WHOLE).any()).item()
    }
    if not mixed:
        return {}
    found: dict[str, set[int]] = {c: set() for c in mixed.values()}
    try:
        sheet = next((w for w in worksheets(path, holding="<c ") if w.name == name), None)
        for m in screen.CELL.finditer(sheet.xml if sheet is not None else ""):
            ref, typed = screen.REF.search(m.group(1)), _TYPED.search(m.group(1))
            if ref is None or (typed is not None and typed.group(1) != "n"):
                continue
            row, col = sheet.relative(*cell_position(ref.group(1)))  # type: ignore[union-attr]
            if col in mixed and "<v>" in m.group(2):
                found[mixed[col]].add(row)
    except UNREADABLE:
        return {}
    out = {}
    for c, rows in found.items():
        held = raw.frame.filter(pl.col(ROW).is_in(list(rows)) & pl.col(c).str.contains(_WHOLE))
        if held.height:
            out[c] = dict(held.select(ROW, c).iter_rows())
    return out


def _sheet_table(
    path: Path,
    name: str,
    frame: pl.DataFrame,
    choice: HeaderChoice,
    merged: list,
    hidden: list[int],
    header_row: int | None,
) -> tuple[RawTable, pl.DataFrame]:
    """The sheet's table under the chosen header with its notes, and its body before cleaning."""
    frame, filled = _fill_merged(frame, merged, choice.data_start)
    body = frame.slice(choice.data_start)
    cols = list(choice.names) + [f"_{i + 1}" for i in range(len(choice.names), body.width)]
    body = body.rename(dict(zip(body.columns, cols[: body.width])))
    raw = RawTable(
        path.name, name, clean_text(body, choice.data_start + 1), choice.data_start + 1, "xlsx"
    )
    raw.padded = padded_values(body)
    _header_notes(raw, choice, header_row is not None)
    if filled:
        raw.notes.append(
            ("merged_cells_filled", {"file": path.name, "sheet": name, "ranges": filled})
        )
    shown_hidden = [r for r in hidden if r > choice.last + 1]
    if shown_hidden:
        raw.notes.append(
            (
                "hidden_rows_loaded",
                {
                    "file": path.name,
                    "sheet": name,
                    "n": len(shown_hidden),
                    "rows": shown_hidden[:10],
                },
            )
        )
    return raw, body


def _workbook_tables(
    path: Path,
    names: list[str],
    tables: list[RawTable],
    unknown: list[RawTable],
    skipped: list[tuple[str, dict]],
    given_rows: dict[str, tuple[int, list]],
    header_row: int | None,
) -> list[RawTable]:
    """The tables found (skipped sheets noted on the first), the unknown one, or why none."""
    if not tables and unknown:  # a table whose id column is unknown: its columns are named
        tables = unknown[:1]
        skipped = [s for s in skipped if s[1]["sheet"] != tables[0].sheet]
    if not tables and given_rows:  # --header-row named a row that is no header: say what it holds
        # the largest sheet (the data, not an instruction sheet)
        first, (_, cells) = max(given_rows.items(), key=lambda kv: kv[1][0])
        shown = [str(c) for c in cells if c not in (None, "")][:8]
        raise ImportRejected(
            "header_row_no_header", file=path.name, sheet=first, row=header_row, cells=shown
        )
    if not tables and any(code == "sheet_skipped_no_table" for code, _ in skipped):
        raise ImportRejected("no_table_in_workbook", file=path.name, sheets=names)
    if tables:
        tables[0].notes[:0] = skipped
    return tables


def _table_like(header: list, body: pl.DataFrame) -> bool:
    """A header row of at least three filled cells with rows below it: a table, though its
    header names no field PerfLens knows (an instruction sheet has one cell a row)."""
    return sum(1 for c in header if c is not None and str(c).strip()) >= 3 and body.height > 0


def _names_fields(rows: list[list], header_row: int, columns: dict[str, str] | None) -> bool:
    """True when the given (1-based) row exists and a cell of it names a known field."""
    if header_row > len(rows):
        return False
    overrides = {normalise_header(k): v for k, v in (columns or {}).items()}
    return any(c is not None and field_of(str(c), overrides) for c in rows[header_row - 1])


def _merged_ranges(path: Path) -> dict[str, list[tuple[str, int, int, int, int]]]:
    """Per sheet name, its merged cell ranges as (text, first row, first column, last row,
    last column), 1-based, moved so that (1, 1) is the first filled cell the reader returns;
    {} when the workbook's parts cannot be read (the reader words that)."""
    out: dict[str, list[tuple[str, int, int, int, int]]] = {}
    try:
        for sheet in worksheets(path, holding="<mergeCell"):
            refs = re.findall(r'<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"', sheet.xml)
            out[sheet.name] = [
                (f"{a}:{b}", *sheet.relative(*cell_position(a)), *sheet.relative(*cell_position(b)))
                for a, b in refs
            ]
    except UNREADABLE:
        return {}
    return {name: ranges for name, ranges in out.items() if ranges}


def _fill_merged(
    frame: pl.DataFrame, ranges: list[tuple[str, int, int, int, int]], data_start: int
) -> tuple[pl.DataFrame, list[str]]:
    """Every cell of a merged range below the header takes the range's value (Excel shows it
    across the whole range; the file stores it in the first cell only); the ranges filled.
    Ranges in the header rows are left to :func:`choose_header`."""
    filled: list[str] = []
    cols = frame.columns
    for text, r1, c1, r2, c2 in sorted(ranges, key=lambda x: (x[1], x[2])):
        if r1 - 1 < data_start or r1 < 1 or c1 < 1 or c2 > len(cols) or r2 > frame.height:
            continue
        if (r1, c1) == (r2, c2):
            continue
        value = frame.item(r1 - 1, cols[c1 - 1])
        if value is None:
            continue
        idx = pl.int_range(pl.len())
        inside = (idx >= r1 - 1) & (idx <= r2 - 1)
        frame = frame.with_columns(
            pl.when(inside).then(pl.lit(value, dtype=frame.schema[c])).otherwise(pl.col(c)).alias(c)
            for c in cols[c1 - 1 : c2]
        )
        filled.append(text)
    return frame, filled


def _read_parquet(path: Path) -> list[RawTable]:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:
        raise liberrors.parquet_refusal(path.name) from exc
    # Parquet row numbers count from 1 (no header row)
    raw = RawTable(path.name, None, clean_text(frame, 1), 1, "parquet")
    raw.padded = padded_values(frame)
    # the file's integer columns: an id column among them is written back as numbers, as a
    # workbook's number ids are (left30 item 5: they came back as the text "123")
    raw.numbers = frozenset(str(c) for c, t in frame.schema.items() if t.is_integer())
    return [raw]


ROW = "__row"  # the user's row number, carried through validation into quarantine


def padded_values(frame: pl.DataFrame) -> dict[str, list[str]]:
    """Each text column's distinct values written with outer spaces (not only spaces), before
    :func:`clean_text` trims them: one pass over the text columns, then the few columns that
    have any."""

    def padded(c: str) -> pl.Expr:
        trimmed = pl.col(c).str.strip_chars()
        return (pl.col(c) != trimmed) & (trimmed != "")

    text = [c for c, t in frame.schema.items() if t == pl.String]
    if not text or frame.height == 0:
        return {}
    flags = frame.select(padded(c).any().alias(c) for c in text).row(0, named=True)
    return {
        c: frame.filter(padded(c)).get_column(c).unique().sort().to_list()
        for c, has in flags.items()
        if has
    }


def clean_text(frame: pl.DataFrame, first_row: int) -> pl.DataFrame:
    """All columns to trimmed text; empty strings become null; fully empty rows dropped.

    Adds :data:`ROW` (the row number the user sees) before dropping anything.
    """
    cols = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.String:
            expr = col.str.strip_chars()
        elif dtype.is_float():
            # 4.0 -> "4", 3.5 -> "3.5": what the user would have typed
            expr = (
                pl.when(col == col.round(0))
                .then(col.cast(pl.Int64, strict=False).cast(pl.String))
                .otherwise(col.cast(pl.String))
            )
        else:
            expr = col.cast(pl.String)
        cols.append(pl.when(expr == "").then(None).otherwise(expr).alias(str(name)))
    out = frame.select(cols)
    if not out.width:
        return out
    keep = ~pl.all_horizontal([pl.col(c).is_null() for c in out.columns])
    return (
        out.with_row_index(ROW, offset=first_row)
        .with_columns(pl.col(ROW).cast(pl.Int64))
        .filter(keep)
    )


def utf8_copy(path: Path, folder: Path) -> tuple[Path, str] | None:
    """A UTF-8 copy of a CSV written with a BOM or in GBK/GB18030, made in 1 MiB chunks (the
    file is never held in memory), with the encoding it was read in; None when the file is
    plain UTF-8 already, or its encoding is a guess or refused (the full reader words that)."""
    if FORMATS.get(path.suffix.lower()) != "csv" or _utf8_separator(path) is not None:
        return None
    with open(path, "rb") as fh:
        head = fh.read(_SAMPLE)
    try:
        decoding = choose_encoding(head, path.name)
    except ImportRejected:
        return None
    if decoding.doubtful or decoding.encoding not in ("utf-8-sig", "gb18030"):
        return None
    target = folder / (path.stem + ".utf8.csv")
    try:
        with (
            open(path, encoding=decoding.encoding, newline="") as src,
            open(target, "w", encoding="utf-8", newline="") as dst,
        ):
            for chunk in iter(lambda: src.read(1 << 20), ""):
                dst.write(chunk)
    except (UnicodeDecodeError, OSError):
        return None
    return target, decoding.encoding


def _csv_head(path: Path, sep: str, n_rows: int) -> pl.DataFrame:
    """The first ``n_rows`` rows of a UTF-8 CSV, parsed from the file's first bytes only.

    Why: Polars given the path with ``n_rows`` still touches the whole file (0.03-0.1 CPU s
    at 140 MB, growing with the file); the first 256 KiB cost 0.005 s. The head is cut after
    its last line break and grown until it holds one row more than asked (a row cut inside a
    quoted line break can then only be that extra row: rows parse in order), else the whole
    file is read.
    """
    size = 1 << 18
    with open(path, "rb") as fh:
        while True:
            fh.seek(0)
            head = fh.read(size)
            if len(head) < size:
                break
            cut = head[: head.rfind(b"\n") + 1]
            try:
                frame = pl.read_csv(
                    io.BytesIO(cut),
                    separator=sep,
                    infer_schema=False,
                    n_rows=n_rows + 1,
                    truncate_ragged_lines=False,
                    encoding="utf8",
                )
            except pl.exceptions.PolarsError:
                frame = None  # a cut inside a quoted field, or a bad row: read more
            if frame is not None and frame.height == n_rows + 1:
                return frame.head(n_rows)
            size *= 4
    return pl.read_csv(
        path,
        separator=sep,
        infer_schema=False,
        n_rows=n_rows,
        truncate_ragged_lines=False,
        encoding="utf8",
    )


def sample_table(path: str | Path, n_rows: int = 1000) -> RawTable | None:
    """The first rows of a UTF-8 CSV or a Parquet file, for detection before DuckDB reads the
    whole file itself (:mod:`analytics.ingest.fastload`); None for files only the full readers take."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    try:
        if fmt == "csv":
            head = _utf8_head(path)
            if head is None:
                return None
            layout = _csv_layout(head, None, None, path.name)
            if not layout.plain:  # title rows or a merged header: the full reader
                return None
            sep = layout.separator
            frame = _csv_head(path, sep, n_rows)
            if _has_repeated_headers(frame):  # the full reader words or drops them
                return None
            text = clean_text(frame, 2)
            if _field_codes_first(text, 2, None):  # the full reader skips and says it
                return None
            return RawTable(path.name, None, text, 2, "csv", "utf-8", sep)
        if fmt == "parquet":
            return RawTable(
                path.name, None, clean_text(pl.read_parquet(path, n_rows=n_rows), 1), 1, "parquet"
            )
    except (pl.exceptions.PolarsError, OSError, ImportRejected):
        return None  # unreadable: the full reader words the rejection
    return None


#: how an old Excel (.xls) file starts: the OLE2 compound document signature
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read_xls(
    path: Path,
    sheet: str | None,
    columns: dict[str, str] | None,
    header_row: int | None,
) -> list[RawTable]:
    """An old Excel (.xls) workbook, read like an XLSX one. Many systems (钉钉, OA exports)
    write a web page or a text table under the .xls name: refused, saying what the file really
    is and the fix (open it in Excel, save as .xlsx or CSV); so is an .xls the reader cannot
    read."""
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise ImportRejected("xls_unreadable", file=path.name) from exc
    if not head.startswith(_OLE2):
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        kind = "html" if text.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")) else "text"
        raise ImportRejected("xls_not_excel", file=path.name, kind=kind)
    try:
        tables = _read_xlsx(path, sheet, columns, header_row)
    except ImportRejected as exc:
        if exc.code in ("xlsx_unreadable", "xlsx_sheet_unreadable"):
            raise ImportRejected("xls_unreadable", file=path.name) from exc
        raise
    for t in tables:
        t.format = "xls"
    return tables


def read_tables(
    path: str | Path,
    sheet: str | None = None,
    columns: dict[str, str] | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
) -> list[RawTable]:
    """Read one export file into text tables; raises ImportRejected for file-level problems.

    ``columns`` (the user's header mapping) helps find the header; ``header_row`` (1-based)
    fixes it; ``encoding`` fixes a text file's encoding.
    """
    path = Path(path)
    if not path.exists():
        raise ImportRejected("file_missing", file=str(path))
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportRejected("unknown_format", file=path.name, ext=path.suffix)
    if path.is_file() and path.stat().st_size == 0:
        raise ImportRejected("zero_bytes", file=path.name)
    if fmt == "csv":
        tables = _read_csv(path, columns, header_row, encoding)
    elif fmt == "xlsx":
        tables = _read_xlsx(path, sheet, columns, header_row)
    elif fmt == "xls":
        tables = _read_xls(path, sheet, columns, header_row)
    else:
        tables = _read_parquet(path)
    if not any(t.frame.height for t in tables):
        raise ImportRejected("empty_file", file=path.name)
    for t in tables:
        _repeated_headers(t, columns)
    return tables


_REPEATED = re.compile(r"(.*)_duplicated_([0-9]+)")  # Polars' name for a repeated header


def _has_repeated_headers(frame: pl.DataFrame) -> bool:
    return any(c == "" or _REPEATED.fullmatch(c) for c in frame.columns)


def _repeated_headers(raw: RawTable, columns: dict[str, str] | None) -> None:
    """Columns without a header that hold nothing (a spreadsheet's trailing empty columns) are
    dropped quietly; a header written twice is refused when it names a field PerfLens reads
    (which of the two is meant cannot be told), else kept under a name with its column letter
    and a warning naming both columns."""
    frame = raw.frame
    names = [c for c in frame.columns if c != ROW]
    overrides = {normalise_header(k): v for k, v in (columns or {}).items()}
    drop: list[str] = []
    rename: dict[str, str] = {}
    sheet = f" [{raw.sheet}]" if raw.sheet else ""
    for i, c in enumerate(names):
        m = _REPEATED.fullmatch(c)
        first = m.group(1) if m else c
        if first.strip() == "":
            if frame.get_column(c).null_count() == frame.height:
                drop.append(c)
            continue
        if m is None or first not in names:
            continue
        letters = [column_letter(names.index(first)), column_letter(i)]
        if field_of(first, overrides):
            raise ImportRejected(
                "repeated_header_field",
                file=raw.file,
                sheet=sheet,
                column=first,
                letters=letters,
            )
        rename[c] = f"{first} [{letters[1]}]"
        raw.warnings.append(
            (
                "repeated_header",
                {
                    "file": raw.file,
                    "sheet": sheet,
                    "column": first,
                    "letters": letters,
                    "renamed": rename[c],
                },
            )
        )
    if drop or rename:
        raw.frame = frame.drop(drop).rename(rename)
