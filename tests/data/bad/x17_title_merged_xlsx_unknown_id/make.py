"""An English-headed workbook whose report title is merged across its first row. (generated
input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook, write  # noqa: E402

HEAD = [
    "Personnel no.",
    "Name",
    "Department",
    "Review cycle",
    "Rater",
    "Role",
    "Teamwork",
    "Delivery",
]
ROWS = [
    [pid, name, dept, "2026Q3", rater, role, (k + j) % 5 + 1, (k + 2 * j) % 5 + 1]
    for k, (pid, name, dept) in enumerate(
        [
            ("P001", "Wang Fang", "Sales East"),
            ("P002", "Li Wei", "Sales East"),
            ("P003", "Zhang Min", "Purchasing"),
            ("P004", "Chen Jie", "Purchasing"),
        ]
    )
    for j, (rater, role) in enumerate([(pid, "self"), ("P900", "manager")])
]

wb = workbook(HERE / "Q3_results.xlsx")
ws = wb.add_worksheet("Q3 2026")
ws.merge_range(0, 0, 0, len(HEAD) - 1, "2026年Q3绩效考核结果导出")
ws.write_row(1, 0, HEAD)
write(ws, 2, ROWS)
wb.close()
