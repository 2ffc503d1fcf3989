"""Two sheets that repeat two ratings (a copied block)."""

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


wb = workbook("repeat.xlsx")
data = rows()
ws = wb.add_worksheet("一部")
ws.write_row(0, 0, HEAD)
write(ws, 1, data[:20])
ws = wb.add_worksheet("二部")
ws.write_row(0, 0, HEAD)
write(ws, 1, data[18:])
wb.close()
