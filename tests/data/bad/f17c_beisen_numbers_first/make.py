"""北森 Q3 workbook (instruction sheet, title and note rows, 基本信息/考核得分 merged over the
header, single fields merged over both header rows, 合计/平均 rows; Excel turned every third id
of 研发中心 into a number: 101, 104), then the Q4 GB18030 CSV with text ids and a rater but no
role column, then a Q3 correction with the text id 00104. (generated input: run this file to
write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import workbook  # noqa: E402

PEOPLE = [
    (f"{101 + i:05d}", n)
    for i, n in enumerate(
        [
            "王伟",
            "李磊",
            "张涛",
            "刘芳",
            "陈军",
            "杨明",
            "赵娜",
            "黄洋",
            "周超",
            "吴敏",
            "徐勇",
            "孙秀英",
        ]
    )
]


def q3(i: int) -> list[int]:
    return [60 + (i * 7) % 39, 1 + (i * 3) % 5, 1 + (i * 2 + 1) % 5]


wb = workbook(HERE / "华辰_2025Q3_绩效结果.xlsx")
ws = wb.add_worksheet("填写说明")
ws.write_column(0, 0, ["填写说明", "1. 业绩为百分制，能力、价值观为5分制", "2. 请勿修改表头"])
for sheet, group, mgr in (("研发中心", PEOPLE[:6], "M001"), ("销售中心", PEOPLE[6:], "M002")):
    ws = wb.add_worksheet(sheet)
    ws.merge_range("A1:K1", "华辰科技2025年第三季度绩效考核结果汇总表")
    ws.write("A2", "导出时间：2025-10-08 09:12  导出人：HRBP 张敏  数据来源：北森绩效云")
    ws.merge_range("A3:C3", "基本信息")
    for col, name in zip("DEF", ["考核周期", "评价人工号", "评价关系"]):
        ws.merge_range(f"{col}3:{col}4", name)
    ws.merge_range("G3:I3", "考核得分")
    ws.merge_range("J3:J4", "绩效等级")
    ws.merge_range("K3:K4", "潜力")
    ws.write_row("A4", ["工号", "姓名", "部门"])
    ws.write_row("G4", ["业绩", "能力", "价值观"])
    for k, (eid, name) in enumerate(group):
        i = int(eid) - 101
        idv = int(eid) if sheet == "研发中心" and k % 3 == 0 else eid  # Excel ate the zeros
        yj, nl, jz = q3(i)
        grade = "优秀" if yj >= 90 else "良好" if yj >= 80 else "合格" if yj >= 65 else "待改进"
        row = [idv, name, sheet, "2025年第三季度", mgr, "上级", yj, nl, jz, grade, "中"]
        ws.write_row(4 + k, 0, row)
    n = len(group)
    ws.write_row(4 + n, 0, ["合计", "", "", "", "", "", sum(q3(int(e) - 101)[0] for e, _ in group)])
    ws.write_row(5 + n, 0, ["平均", "", "", "", "", "", 80])
wb.close()

lines = [
    "华辰科技2025年第四季度绩效考核结果,,,,,,,",
    "员工编号,姓名,所属部门,考核周期,评价人,业绩,能力,价值观",
]
for i, (eid, name) in enumerate(PEOPLE):
    dept, mgr = ("研发中心", "M001") if i < 6 else ("销售中心", "M002")
    lines.append(f"{eid},{name},{dept},2025年第四季度,{mgr},{70 + i},{1 + i % 5},{1 + (i + 2) % 5}")
(HERE / "华辰_2025Q4.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))

fix = ["工号,姓名,考核周期,评价人工号,评价关系,能力", "00104,刘芳,2025Q3,M001,上级,2"]
(HERE / "Q3能力更正.csv").write_bytes(("\r\n".join(fix) + "\r\n").encode("gbk"))
