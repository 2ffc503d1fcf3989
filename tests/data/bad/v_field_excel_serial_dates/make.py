"""Writes 花名册.xlsx: a roster whose 入职日期 cells are Excel serial numbers (a date column
exported without its date format), one typed as text, one that is no date."""

from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
ROWS = [
    ("E0001", "王伟", "研发中心/平台部", 44743),  # 2022-07-01
    ("E0002", "李芳", "销售中心/华东区", 43466),  # 2019-01-01
    ("E0003", "张娜", "销售中心/华南区", 45292),  # 2024-01-01
    ("E0004", "刘敏", "职能中心/人力资源部", "2021/3/15"),
    ("E0005", "陈静", "研发中心/平台部", "待定"),
]

with xlsxwriter.Workbook(str(HERE / "花名册.xlsx")) as wb:
    ws = wb.add_worksheet("花名册")
    for c, h in enumerate(("工号", "姓名", "部门", "入职日期")):
        ws.write(0, c, h)
    for r, row in enumerate(ROWS, start=1):
        for c, v in enumerate(row):
            ws.write(r, c, v)
