"""A two-row header: 考核得分 merged over 自评/上级, 工号 merged down. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

wb = workbook(HERE / "scores.xlsx")
ws = wb.add_worksheet("Sheet1")
ws.merge_range(0, 0, 0, 7, "2025年第三季度考核得分")
top = ["工号", "姓名", "部门", "直属上级", "考核周期"]
for c, h in enumerate(top):
    ws.merge_range(1, c, 2, c, h)
ws.merge_range(1, 5, 1, 6, "考核得分")
ws.write(2, 5, "自评")
ws.write(2, 6, "上级")
ws.merge_range(1, 7, 2, 7, "绩效等级")
for i in range(1, 11):
    dept = "研发中心" if i <= 5 else "销售中心"
    ws.write_row(
        2 + i,
        0,
        [
            f"E{i:03d}",
            f"员工{i}",
            dept,
            "M001",
            "2025Q3",
            (i * 7) % 5 + 1,
            (i * 3) % 5 + 1,
            "ABCDB"[i % 5],
        ],
    )
wb.close()
