"""A 绩效汇总 workbook: an instructions sheet, a summary sheet (title row, ids as Excel numbers,
a 合计 row) and one sheet per department repeating its rows; the 销售中心 sheet disagrees with
the summary on one manager score and one grade. (generated input: run this file to write it
again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook, write  # noqa: E402

HEAD = [
    "工号",
    "姓名",
    "部门",
    "考核周期",
    "评价人工号",
    "评价关系",
    "业绩",
    "协作",
    "创新",
    "绩效等级",
]
NAMES = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周杰",
    "吴婷",
    "徐明",
    "孙悦",
]
rows = []
for i in range(12):
    dept = "销售中心" if i < 6 else "研发中心"
    scores = [(i * 3 + d) % 4 + 2 for d in range(3)]
    rows.append(
        [
            100101 + i,
            NAMES[i],
            dept,
            "2025年第三季度",
            900001 + i // 6,
            "上级",
            *scores,
            "SABCD"[i % 5],
        ]
    )

wb = workbook(HERE / "绩效汇总_2025Q3.xlsx")
ws = wb.add_worksheet("填写说明")
ws.write(0, 0, "本表由系统导出，请勿修改表头；各部门工作表与汇总表一致。")
ws = wb.add_worksheet("汇总")
ws.write(0, 0, "2025年第三季度绩效考核汇总表")
ws.write_row(1, 0, HEAD)
write(ws, 2, rows)
ws.write_row(2 + len(rows), 0, ["合计", "", "", "", "", "", 999, 999, 999, ""])
for dept in ("销售中心", "研发中心"):
    ws = wb.add_worksheet(dept)
    ws.write_row(0, 0, HEAD)
    mine = [list(r) for r in rows if r[2] == dept]
    if dept == "销售中心":
        mine[0][6] = 1  # 100101's manager 业绩: 2 in the summary
        mine[3][9] = "A"  # 100104's grade: C in the summary
    write(ws, 1, mine)
wb.close()
