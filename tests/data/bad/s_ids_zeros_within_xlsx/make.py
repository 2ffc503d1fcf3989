"""One workbook: roster sheet with text ids, ratings sheet with the same ids as numbers. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

wb = workbook(HERE / "all.xlsx")
ws = wb.add_worksheet("花名册")
ws.write_row(0, 0, ["工号", "姓名", "部门"])
for k, i in enumerate(range(1, 9)):
    ws.write_row(1 + k, 0, [f"{i:06d}", f"员工{i}", "销售中心"])
ws = wb.add_worksheet("评分")
ws.write_row(0, 0, ["工号", "考核周期", "评价人工号", "评价关系", "考核维度", "得分"])
r = 1
for i in range(1, 9):
    for rater, role in ((i, "自评"), (8, "上级")):
        ws.write_row(r, 0, [i, "2025Q3", rater, role, "业绩", (i + r) % 5 + 1])
        r += 1
wb.close()
