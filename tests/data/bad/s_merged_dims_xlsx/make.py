"""A two-row header: 能力评分 merged over three competency columns. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

wb = workbook(HERE / "competency.xlsx")
ws = wb.add_worksheet("能力评价")
for c, h in enumerate(["工号", "考核周期", "评价人工号", "评价关系"]):
    ws.merge_range(0, c, 1, c, h)
ws.merge_range(0, 4, 0, 6, "能力评分")
ws.write_row(1, 4, ["沟通", "执行力", "创新"])
r = 2
for i in range(1, 9):
    for rater, role in ((f"E{i:03d}", "自评"), ("M001", "上级")):
        ws.write_row(
            r,
            0,
            [
                f"E{i:03d}",
                "2025Q3",
                rater,
                role,
                (i + r) % 5 + 1,
                (i * 2 + r) % 5 + 1,
                (i * 3 + r) % 5 + 1,
            ],
        )
        r += 1
wb.close()
