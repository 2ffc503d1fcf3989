"""A workbook with an instruction sheet, the data, an empty sheet and a chart sheet. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import HEAD, rows, workbook, write  # noqa: E402

wb = workbook(HERE / "workbook.xlsx")
ws = wb.add_worksheet("填写说明")
ws.write(0, 0, "填写说明")
ws.write(1, 0, "1. 工号请填写系统工号；2. 得分为 1-5 分；3. 不要修改表头。")
ws.write(2, 0, "联系人：HRBP 张三")
data = wb.add_worksheet("考核结果")
data.write_row(0, 0, HEAD)
write(data, 1, rows())
wb.add_worksheet("空白")
chart = wb.add_chartsheet("分布图")
c = wb.add_chart({"type": "column"})
c.add_series({"values": "=考核结果!$H$2:$H$41"})
chart.set_chart(c)
wb.close()
