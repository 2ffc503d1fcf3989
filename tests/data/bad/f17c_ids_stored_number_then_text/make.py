"""A 钉钉 Q3 workbook whose whole id column Excel turned into numbers (130, 131, 132: nothing
in the file says they had zeros), then the Q4 CSV of the same people with text ids 00130…
plus two new people. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

NAMES = {129: "周超华", 130: "吴敏华", 131: "徐勇华", 132: "孙秀英华", 133: "胡静华"}
wb = workbook(HERE / "钉钉_2025Q3.xlsx")
ws = wb.add_worksheet("考核结果")
ws.write_row(0, 0, ["工号", "姓名", "考核周期", "评价人工号", "评价关系", "业绩", "能力"])
for k, i in enumerate((130, 131, 132)):
    ws.write_row(1 + k, 0, [i, NAMES[i], "2025Q3", "M002", "上级", 3 + k % 3, 2 + k])
wb.close()

lines = ["工号,姓名,考核周期,评价人工号,评价关系,业绩,能力"]
for k, i in enumerate(NAMES):
    lines.append(f"{i:05d},{NAMES[i]},2025Q4,M002,上级,{1 + k % 5},{5 - k % 5}")
(HERE / "北森_2025Q4.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
