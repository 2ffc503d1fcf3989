"""A report workbook: merged title row and a note row above the header. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import HEAD, rows, workbook, write  # noqa: E402

wb = workbook(HERE / "report.xlsx")
ws = wb.add_worksheet("考核结果")
bold = wb.add_format({"bold": True, "align": "center"})
ws.merge_range(0, 0, 0, 7, "2025年第三季度绩效考核结果汇总表", bold)
ws.merge_range(1, 0, 1, 7, "说明：得分为五分制，自评与上级评价分别列出。")
ws.write_row(2, 0, HEAD, bold)
data = rows()
data[2][7] = "待定"  # data row 3 (缺考 would be read as not rated) -> sheet row 6
write(ws, 3, data)
wb.close()
