"""A year-end workbook from an HR system: the results in one sheet and the appeal register
(申诉记录) in another, under a merged title, ids typed as Excel numbers, dates as Excel dates
(one typed as text that is no date), an outcome word that is none of 维持/改判/部分改判 (转复议).
(generated input: run this file to write it again)"""

import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook, write  # noqa: E402

GRADES = ["A", "B", "C", "B", "D", "C", "B", "C", "A", "C"]
RESULTS = [
    [1000 + i, f"员工{i}", "研发中心/平台部" if i <= 5 else "销售中心/华东区", "2025年度", g]
    for i, g in enumerate(GRADES, start=1)
]
HEAD = ["员工编号", "姓名", "考核周期", "申诉日期", "申诉理由", "处理结果", "处理人", "处理日期"]
APPEALS = [
    [
        1003,
        "员工3",
        "2025年度",
        date(2026, 1, 12),
        "项目贡献未体现",
        "维持",
        "HRBP 李静",
        date(2026, 1, 20),
    ],
    [
        1005,
        "员工5",
        "2025年度",
        date(2026, 1, 13),
        "直属上级打分偏低",
        "改判",
        "HRBP 李静",
        date(2026, 1, 28),
    ],
    [
        1006,
        "员工6",
        "2025年度",
        "2026年1月32日",
        "目标中途调整",
        "部分改判",
        "HRBP 王磊",
        date(2026, 2, 2),
    ],
    [
        1008,
        "员工8",
        "2025年度",
        date(2026, 1, 15),
        "对等级有异议",
        "转复议",
        "HRBP 王磊",
        date(2026, 1, 16),
    ],
    [1010, "员工10", "2025年度", date(2026, 1, 18), "考核流程不规范", None, None, None],
]

wb = workbook(HERE / "年度绩效_含申诉.xlsx")
day = wb.add_format({"num_format": "yyyy-mm-dd"})
ws = wb.add_worksheet("绩效结果")
ws.write_row(0, 0, ["员工编号", "姓名", "部门", "考核周期", "绩效等级"])
write(ws, 1, RESULTS)
ws = wb.add_worksheet("申诉记录")
ws.merge_range(0, 0, 0, len(HEAD) - 1, "2025年度绩效申诉处理登记表")
ws.write_row(1, 0, HEAD)
for k, row in enumerate(APPEALS):
    for j, v in enumerate(row):
        if isinstance(v, date):
            ws.write_datetime(2 + k, j, v, day)
        elif v is not None:
            ws.write(2 + k, j, v)
wb.close()
