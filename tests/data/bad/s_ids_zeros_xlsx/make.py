"""Ratings whose ids Excel stored as numbers (101) for text ids 00101 in the roster. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

roster = "工号,姓名,部门\n" + "".join(f"{i:05d},员工{i},研发中心\n" for i in range(101, 111))
(HERE / "roster.csv").write_text(roster, encoding="utf-8")
wb = workbook(HERE / "ratings.xlsx")
ws = wb.add_worksheet("评分")
ws.write_row(0, 0, ["工号", "考核周期", "评价人工号", "评价关系", "考核维度", "得分"])
r = 1
for i in range(101, 111):
    emp = i if i != 105 else "00105"  # one cell kept as text
    for rater, role in ((emp, "自评"), (110, "上级")):
        ws.write_row(r, 0, [emp, "2025Q3", rater, role, "业绩", (i + r) % 5 + 1])
        r += 1
wb.close()
