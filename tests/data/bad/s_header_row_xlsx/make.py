"""An instruction sheet and a data sheet whose header is in row 3, given with --header-row 3. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import HEAD, rows, workbook, write  # noqa: E402

wb = workbook(HERE / "book.xlsx")
ws = wb.add_worksheet("填写说明")
for k, line in enumerate(["填写说明", "1. 工号为系统工号", "2. 得分 1-5 分", "3. 请勿修改表头"]):
    ws.write(k, 0, line)
ws = wb.add_worksheet("结果")
ws.write(0, 0, "2025年第三季度考核结果")
ws.write(1, 0, "数据来源：绩效系统导出")
ws.write_row(2, 0, HEAD)
write(ws, 3, rows())
wb.close()
