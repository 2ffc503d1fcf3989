"""A two-row header: 能力评分 merged over three competency columns."""

from datetime import datetime
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
HEAD = ["工号", "姓名", "部门", "考核周期", "评价人工号", "评价关系", "考核维度", "得分"]


def rows(ids=lambda i: f"E{i:03d}", roles=("自评", "上级"), n=10, seed=0):
    out = []
    for i in range(1, n + 1):
        eid = ids(i)
        dept = "研发中心" if i <= n // 2 else "销售中心"
        for d, dim in enumerate(["业绩", "协作"]):
            for r, role in enumerate(["自评", "上级"]):
                if role in roles:
                    rater = eid if role == "自评" else "M001"
                    score = (i * 7 + d * 3 + r + seed) % 5 + 1
                    out.append([eid, f"员工{i}", dept, "2025Q3", rater, role, dim, score])
    return out


def workbook(name):
    """A workbook whose bytes do not depend on when it was made."""
    wb = xlsxwriter.Workbook(HERE / name)
    wb.set_properties({"created": datetime(2025, 10, 8, 9, 0)})
    return wb


def write(ws, first_row, data):
    for k, row in enumerate(data):
        ws.write_row(first_row + k, 0, row)


wb = workbook("competency.xlsx")
ws = wb.add_worksheet("能力评价")
for c, h in enumerate(["工号", "考核周期", "评价人工号", "评价关系"]):
    ws.merge_range(0, c, 1, c, h)
ws.merge_range(0, 4, 0, 6, "能力评分")
ws.write_row(1, 4, ["沟通", "执行力", "创新"])
r = 2
for i in range(1, 9):
    for rater, role in ((f"E{i:03d}", "自评"), ("M001", "上级")):
        ws.write_row(
            r,
            0,
            [
                f"E{i:03d}",
                "2025Q3",
                rater,
                role,
                (i + r) % 5 + 1,
                (i * 2 + r) % 5 + 1,
                (i * 3 + r) % 5 + 1,
            ],
        )
        r += 1
wb.close()
