"""A workbook with only an instruction sheet and an empty sheet. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

wb = workbook(HERE / "template.xlsx")
ws = wb.add_worksheet("填写说明")
ws.write(0, 0, "请在“数据”页填写考核结果")
wb.add_worksheet("数据")
wb.close()
