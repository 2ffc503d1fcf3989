"""Writes two 考核表 whose competency headers carry the weight, which changes between cycles:
2025Q3 业绩(60%) / 能力（30%） / 态度(10%), then 2025Q4 业绩(50%) / 能力（40%） / 态度(10%)."""

from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
for cycle, weights in (("2025Q3", (60, 30, 10)), ("2025Q4", (50, 40, 10))):
    wb = xlsxwriter.Workbook(HERE / f"考核表_{cycle}.xlsx")
    ws = wb.add_worksheet("考核表")
    heads = [f"业绩({weights[0]}%)", f"能力（{weights[1]}%）", f"态度({weights[2]}%)"]
    ws.write_row(0, 0, ["工号", "姓名", "考核周期", "评价人工号", "评价关系", *heads])
    for i in range(5):
        ws.write_row(
            i + 1, 0, [f"E00{i + 1}", f"员工{i + 1}", cycle, "M01", "上级", 3, 4, 5 - i % 2]
        )
    wb.close()
