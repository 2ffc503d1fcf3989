"""Writes 绩效_2025Q3.xlsx: a wide workbook whose formulas failed in three cells (#DIV/0!,
#REF!, #N/A); xlsxwriter stores the given cached result, as Excel would."""

from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
wb = xlsxwriter.Workbook(HERE / "绩效_2025Q3.xlsx")
ws = wb.add_worksheet("评分")
ws.write_row(0, 0, ["工号", "姓名", "考核周期", "评价人工号", "评价关系", "业绩", "能力"])
for i in range(6):
    ws.write_row(i + 1, 0, [f"E00{i + 1}", f"员工{i + 1}", "2025Q3", "M01", "上级", 3 + i % 3, 4])
ws.write_formula(2, 5, "=1/0", None, "#DIV/0!")
ws.write_formula(3, 6, "=#REF!", None, "#REF!")
ws.write_formula(4, 5, "=NA()", None, "#N/A")
wb.close()
