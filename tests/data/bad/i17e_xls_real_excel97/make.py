"""An old Excel 97-2003 (.xls) export: a title row, ids as Excel numbers, a 合计 row.
(generated input: run this file to write it again; needs xlwt, a test-only tool: pip install xlwt)"""

from pathlib import Path

import xlwt

HERE = Path(__file__).parent
HEAD = ["工号", "姓名", "部门", "考核周期", "评价人工号", "评价关系", "业绩", "协作"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆"]
wb = xlwt.Workbook(encoding="utf-8")
ws = wb.add_sheet("考核结果")
ws.write(0, 0, "2025年第三季度绩效考核结果（旧版系统导出）")
for c, h in enumerate(HEAD):
    ws.write(1, c, h)
for i, name in enumerate(NAMES):
    row = [100101 + i, name, "研发中心/平台部", "2025Q3", 900001, "上级", 3 + i % 3, 2 + i % 4]
    for c, v in enumerate(row):
        ws.write(2 + i, c, v)
ws.write(2 + len(NAMES), 1, "合计")
ws.write(2 + len(NAMES), 6, xlwt.Formula("SUM(G3:G8)"))
wb.save(str(HERE / "旧系统_考核结果_2025Q3.xls"))
