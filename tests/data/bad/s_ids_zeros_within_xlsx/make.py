"""One workbook: roster sheet with text ids, ratings sheet with the same ids as numbers."""

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


wb = workbook("all.xlsx")
ws = wb.add_worksheet("花名册")
ws.write_row(0, 0, ["工号", "姓名", "部门"])
for k, i in enumerate(range(1, 9)):
    ws.write_row(1 + k, 0, [f"{i:06d}", f"员工{i}", "销售中心"])
ws = wb.add_worksheet("评分")
ws.write_row(0, 0, ["工号", "考核周期", "评价人工号", "评价关系", "考核维度", "得分"])
r = 1
for i in range(1, 9):
    for rater, role in ((i, "自评"), (8, "上级")):
        ws.write_row(r, 0, [i, "2025Q3", rater, role, "业绩", (i + r) % 5 + 1])
        r += 1
wb.close()
