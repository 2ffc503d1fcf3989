"""Writes 评分_下载中断.xlsx: a real workbook of the clean ratings, cut off after half its bytes
(a download interrupted, a mail attachment truncated). Run: python make.py"""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
rows = [
    line.split(",")
    for line in (HERE.parent / "clean_long_csv" / "ratings.csv")
    .read_text(encoding="utf-8")
    .splitlines()
]
buf = io.BytesIO()
book = xlsxwriter.Workbook(buf, {"in_memory": True})
sheet = book.add_worksheet("评分明细")
for r, row in enumerate(rows):
    for c, value in enumerate(row):
        sheet.write(r, c, float(value) if r and c == 7 else value)
book.close()
data = buf.getvalue()
(HERE / "评分_下载中断.xlsx").write_bytes(data[: len(data) // 2])
