"""A group row above the header: 基本信息 over 工号..., 考核得分 over 自评/上级. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

wb = workbook(HERE / "groups.xlsx")
ws = wb.add_worksheet("汇总")
ws.merge_range(0, 0, 0, 3, "基本信息")
ws.merge_range(0, 4, 0, 5, "考核得分")
ws.write_row(1, 0, ["工号", "姓名", "直属上级", "考核周期", "自评", "上级"])
for i in range(1, 7):
    ws.write_row(
        1 + i, 0, [f"E{i:03d}", f"员工{i}", "M001", "2025Q3", (i % 5) + 1, ((i + 2) % 5) + 1]
    )
wb.close()
