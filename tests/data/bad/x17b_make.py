"""Writes the inputs of the x17b_* cases (rev17 minors: wide KPI percentages, a wrong CSV
header row, a cycle as an Excel date, 序号, a 0-byte
file, hidden rows). Run it to write them again."""

from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
LONG = "工号,姓名,部门,考核周期,评价人,评价关系,考核维度,得分\n"


def csv(case: str, name: str, text: str) -> None:
    (HERE / case / name).write_text(text, encoding="utf-8")


def people(n: int = 30):
    return [
        (f"E{1001 + i}", f"员工{i + 1}", ["销售部", "研发部", "市场部"][i % 3]) for i in range(n)
    ]


rows = "".join(
    f"{e},{nm},{d},2026Q1,{100 + i * 5},{70 + i % 30}%\n" for i, (e, nm, d) in enumerate(people(10))
)
csv("x17b_kpi_wide_percent", "kpi_wide.csv", "工号,姓名,部门,考核周期,销售额,回款率\n" + rows)
rows = "".join(
    f"{e},{nm},{d},2026Q1,M9001,上级,业绩,{1 + i % 5}\n" for i, (e, nm, d) in enumerate(people(10))
)
csv("x17b_header_row_csv_names_row", "title_rows.csv", "2026年Q1绩效考核结果导出\n" + LONG + rows)
rows = "".join(
    f"{i + 1},{e},{nm},{d},2026Q1,M9001,上级,{1 + i % 5},{1 + (i + 2) % 5}\n"
    for i, (e, nm, d) in enumerate(people())
)
csv(
    "x17b_row_number_column",
    "with_row_numbers.csv",
    "序号,工号,姓名,部门,考核周期,评价人,评价关系,业绩,能力\n" + rows,
)
(HERE / "x17b_zero_bytes" / "empty.csv").write_bytes(b"")

wb = openpyxl.Workbook()
ws = wb.active
ws.append(["工号", "姓名", "部门", "考核周期", "最终得分"])
for i, (e, nm, d) in enumerate(people()):
    ws.append([e, nm, d, datetime(2026, 3, 31), 60 + i])
wb.save(HERE / "x17b_cycle_excel_date" / "cycle_date.xlsx")

wb = openpyxl.Workbook()
ws = wb.active
ws.append(["工号", "姓名", "部门", "考核周期", "评价人", "评价关系", "考核维度", "得分"])
for i, (e, nm, d) in enumerate(people()):
    ws.append([e, nm, d, "2026Q1", "M9001", "上级", "业绩", 1 + i % 5])
for r in range(5, 10):
    ws.row_dimensions[r].hidden = True
wb.save(HERE / "x17b_hidden_rows_xlsx" / "hidden_rows.xlsx")
