"""Read CSV (UTF-8, UTF-8 BOM, GBK/GB18030; comma, tab, semicolon), XLSX and Parquet exports.

Every reader returns :class:`RawTable` objects whose columns are all text, so validation sees
exactly what the user typed, plus the offset that turns a frame index into the row number the
user sees in Excel or a text editor.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analytics.ingest import liberrors
from analytics.text.messages import ImportRejected

__all__ = [
    "FORMATS",
    "ROW",
    "RawTable",
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


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def detect_encoding(data: bytes) -> str:
    """'utf-8-sig', 'utf-8' or 'gb18030' (a superset of GBK); raises ValueError otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        pass
    raise ValueError("unknown encoding")


def _detect_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda k: counts[k])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(first_line, delimiters=",\t;|").delimiter
        except csv.Error:
            return ","
    return best


def _polars_csv(source, sep: str, name: str) -> pl.DataFrame:
    try:
        return pl.read_csv(source, separator=sep, infer_schema=False, truncate_ragged_lines=False)
    except Exception as exc:  # polars raises several types for malformed CSV
        text = source.getvalue().decode("utf-8") if isinstance(source, io.BytesIO) else None
        raise liberrors.csv_refusal(name, text, sep) from exc


def _utf8_separator(path: Path) -> str | None:
    """The separator of a UTF-8 CSV without BOM (judged on its first 64 KiB), else None."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the sample's end is still UTF-8
        if exc.start < len(head) - 3:
            return None
    return _detect_separator(head.decode("utf-8", errors="ignore").split("\n", 1)[0])


def _read_csv(path: Path) -> list[RawTable]:
    """UTF-8 files go straight from disk to Polars (no copy in Python); a BOM or a GBK/GB18030
    file is decoded once and handed over as UTF-8."""
    sep = _utf8_separator(path)
    if sep is not None:
        try:
            frame = pl.read_csv(
                path,
                separator=sep,
                infer_schema=False,
                truncate_ragged_lines=False,
                encoding="utf8",
            )
        except pl.exceptions.PolarsError:  # invalid UTF-8 further down the file: decode it below
            frame = None
        if frame is not None:
            return [RawTable(path.name, None, clean_text(frame, 2), 2, "csv", "utf-8", sep)]
    data = path.read_bytes()
    try:
        encoding = detect_encoding(data)
    except ValueError:
        raise ImportRejected("unknown_encoding", file=path.name) from None
    text = data.decode(encoding)
    del data
    if text.startswith("\ufeff"):
        text = text[1:]
    sep = _detect_separator(text.split("\n", 1)[0])
    frame = _polars_csv(io.BytesIO(text.encode("utf-8")), sep, path.name)
    return [RawTable(path.name, None, clean_text(frame, 2), 2, "csv", encoding, sep)]


def _read_xlsx(path: Path, sheet: str | None) -> list[RawTable]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:
        raise liberrors.xlsx_refusal(path.name) from exc
    names = reader.sheet_names
    if sheet is not None and sheet not in names:
        raise ImportRejected("sheet_not_found", file=path.name, sheet=sheet, found=", ".join(names))
    tables = []
    for name in [sheet] if sheet is not None else names:
        try:
            frame = reader.load_sheet(name, dtypes="string").to_polars()
        except Exception as exc:
            raise liberrors.xlsx_refusal(path.name, name) from exc
        if frame.width == 0 or frame.height == 0:
            continue
        tables.append(RawTable(path.name, name, clean_text(frame, 2), 2, "xlsx"))
    return tables


def _read_parquet(path: Path) -> list[RawTable]:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:
        raise liberrors.parquet_refusal(path.name) from exc
    # Parquet row numbers count from 1 (no header row)
    return [RawTable(path.name, None, clean_text(frame, 1), 1, "parquet")]


ROW = "__row"  # the user's row number, carried through validation into quarantine


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
    plain UTF-8 already or in no encoding we read (the full reader words that rejection)."""
    if FORMATS.get(path.suffix.lower()) != "csv" or _utf8_separator(path) is not None:
        return None
    with open(path, "rb") as fh:
        bom = fh.read(3) == b"\xef\xbb\xbf"
    encoding = "utf-8-sig" if bom else "gb18030"
    target = folder / (path.stem + ".utf8.csv")
    try:
        with (
            open(path, encoding=encoding, newline="") as src,
            open(target, "w", encoding="utf-8", newline="") as dst,
        ):
            for chunk in iter(lambda: src.read(1 << 20), ""):
                dst.write(chunk)
    except (UnicodeDecodeError, OSError):
        return None
    return target, encoding


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
            sep = _utf8_separator(path)
            if sep is None:
                return None
            frame = _csv_head(path, sep, n_rows)
            return RawTable(path.name, None, clean_text(frame, 2), 2, "csv", "utf-8", sep)
        if fmt == "parquet":
            return RawTable(
                path.name, None, clean_text(pl.read_parquet(path, n_rows=n_rows), 1), 1, "parquet"
            )
    except (pl.exceptions.PolarsError, OSError):  # unreadable: the full reader words the rejection
        return None
    return None


def read_tables(path: str | Path, sheet: str | None = None) -> list[RawTable]:
    """Read one export file into text tables; raises ImportRejected for file-level problems."""
    path = Path(path)
    if not path.exists():
        raise ImportRejected("file_missing", file=str(path))
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportRejected("unknown_format", file=path.name, ext=path.suffix)
    if fmt == "csv":
        tables = _read_csv(path)
    elif fmt == "xlsx":
        tables = _read_xlsx(path, sheet)
    else:
        tables = _read_parquet(path)
    if not any(t.frame.height for t in tables):
        raise ImportRejected("empty_file", file=path.name)
    return tables
