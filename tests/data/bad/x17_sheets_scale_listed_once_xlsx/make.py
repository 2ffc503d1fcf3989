"""A workbook with one sheet per department, each the same long table of ratings on 1-10.
(generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import HEAD, workbook, write  # noqa: E402

wb = workbook(HERE / "2025Q3_各部门考核.xlsx")
for d, dept in enumerate(["研发中心", "销售中心", "职能部门"]):
    ws = wb.add_worksheet(dept)
    rows = []
    for i in range(1, 7):
        eid = f"E{d + 1}{i:02d}"
        for k, dim in enumerate(["业绩", "协作"]):
            rows.append(
                [
                    eid,
                    f"员工{d + 1}{i:02d}",
                    dept,
                    "2025Q3",
                    "M001",
                    "上级",
                    dim,
                    (i * 3 + k + d) % 10 + 1,
                ]
            )
    ws.write_row(0, 0, HEAD)
    write(ws, 1, rows)
wb.close()
