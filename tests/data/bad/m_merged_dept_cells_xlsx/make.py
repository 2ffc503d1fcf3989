"""A hand-made workbook: a title row, 部门 merged down each department's block, and a 合计 row
whose label sits in the 部门 column. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

wb = workbook(HERE / "2025Q3考核汇总.xlsx")
ws = wb.add_worksheet("考核结果")
ws.merge_range(0, 0, 0, 5, "2025年第三季度绩效考核结果（手工汇总）")
ws.write_row(1, 0, ["部门", "工号", "姓名", "考核周期", "上级评分", "绩效等级"])
blocks = [("人力资源部", 6), ("研发中心", 7), ("销售中心", 7)]
r, n = 2, 0
for dept, size in blocks:
    ws.merge_range(r, 0, r + size - 1, 0, dept)
    for k in range(size):
        n += 1
        score = 60 + (n * 7) % 40
        ws.write_row(r + k, 1, [f"E{1000 + n}", f"员工{n}", "2025Q3", score, "ABCD"[n % 4]])
    r += size
ws.write(r, 0, "合计")
ws.write_formula(r, 4, f"=AVERAGE(E3:E{r})", None, 78.5)
wb.close()
