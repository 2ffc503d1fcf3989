"""Shared by the make.py scripts of the s_* cases that write XLSX files: the rating rows they
start from and a workbook whose bytes do not depend on when it was made."""

from datetime import datetime
from pathlib import Path

import xlsxwriter

HEAD = ["工号", "姓名", "部门", "考核周期", "评价人工号", "评价关系", "考核维度", "得分"]


def rows(ids=lambda i: f"E{i:03d}", roles=("自评", "上级"), n=10, seed=0):
    """Ten people, two dimensions, a self and a manager rating each (long format)."""
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


def workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(path)
    wb.set_properties({"created": datetime(2025, 10, 8, 9, 0)})
    return wb


def write(ws, first_row: int, data: list[list]) -> None:
    for k, row in enumerate(data):
        ws.write_row(first_row + k, 0, row)


def role_sheets(path: Path) -> None:
    """Self ratings in one sheet, the manager ratings of the same people in another."""
    wb = workbook(path)
    for name, role in (("自评", "自评"), ("上级评价", "上级")):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, HEAD)
        write(ws, 1, rows(roles=(role,)))
    wb.close()
