"""rev23a's generator (a 900-person manufacturing and sales company, manager-only ratings,
teams of 3-8, three half-year cycles), as the reviewer wrote it (``/tmp/rev-rev23a/gen.py``,
session 23), made a function: :func:`rev23a_workbook` writes the same
``绩效考核结果_2025-2026.xlsx`` (the same seeds, the same draws) to any path and returns the
planted truth: the severe manager 000106 (-8) whose team of 4 moves in 2026H1 to the lenient
000108 (+6, who keeps his own team), the central-tendency manager 000184 (everyone 88-90), the
sales downturn (-6 in 2026H1) and the two risers. Only the output path, the random generators
(local instead of global) and the print were changed; the appeals CSV is left out."""

# ruff: noqa
# fmt: off
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

__all__ = ["rev23a_workbook"]


def rev23a_workbook(path: Path, with_period: bool = False) -> dict:
    rng = np.random.default_rng(23)
    rnd = random.Random(23)
    SUR = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    GIV = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国志红玉兰文辉鹏飞斌宇浩凯健俊帆琳晶婷雪颖欣怡佳子涵梓轩思远博文天宇浩然晨曦雨萱诗琪嘉豪")
    used = set()
    def name():
        while True:
            n = rnd.choice(SUR) + "".join(rnd.choice(GIV) for _ in range(rnd.choice([1, 2, 2])))
            if n not in used:
                used.add(n); return n

    DEPTS = {
        "生产中心": ["冲压车间", "焊装车间", "总装车间", "设备部"],
        "销售中心": ["华东销售部", "华南销售部", "华北销售部", "大客户部"],
        "研发中心": ["产品设计部", "工艺部", "测试部"],
        "质量部": ["来料检验科", "过程质量科"],
        "供应链中心": ["采购部", "物流部", "计划部"],
        "职能中心": ["人力资源部", "财务部", "行政部"],
    }
    POSTS = {"生产中心": ["操作工", "班组长", "设备工程师"], "销售中心": ["销售代表", "客户经理"], "研发中心": ["研发工程师", "测试工程师"],
             "质量部": ["质检员", "质量工程师"], "供应链中心": ["采购专员", "物流专员", "计划员"], "职能中心": ["HR专员", "会计", "行政专员"]}
    people = {}  # id -> dict
    nid = [100]
    def new(dept, sub, post, level, mgr):
        nid[0] += 1 + (1 if rng.random() < 0.1 else 0)
        i = nid[0]
        people[i] = dict(id=i, name=name(), dept=dept, sub=sub, post=post, level=level, mgr=mgr,
                         ability=float(rng.normal(0, 4.5)), trend=0.0)
        return i
    CEO = 1
    people[CEO] = dict(id=1, name="周建国", dept="总经办", sub="总经办", post="总经理", level="M5", mgr=None, ability=0, trend=0)
    target = 900
    heads = {}
    teams = []  # (leader, [members])
    for d, subs in DEPTS.items():
        h = new(d, d, "中心总监", "M4", CEO); heads[d] = h
        for s in subs:
            sh = new(d, s, "部门经理", "M3", h)
            nteams = 8 if d in ("生产中心", "销售中心") else 7
            for t in range(nteams):
                tl = new(d, s, "主管", "M1", sh)
                teams.append([tl, []])
    # fill members: sizes 3-8
    rest = target - len(people) + 1  # CEO not exported
    sizes = []
    while sum(sizes) < rest:
        sizes.append(int(rng.integers(3, 9)))
    sizes[-1] -= sum(sizes) - rest
    if sizes[-1] < 3:
        sizes[-2] -= 3 - sizes[-1]; sizes[-1] = 3
    assert len(sizes) <= len(teams), (len(sizes), len(teams))
    # ensure some 3-person teams
    for k, (tl, mem) in enumerate(teams[:len(sizes)]):
        p = people[tl]
        for _ in range(sizes[k]):
            mem.append(new(p["dept"], p["sub"], rnd.choice(POSTS[p["dept"]]), rnd.choice(["P1", "P2", "P3", "P4"]), tl))
    teams = [t for t in teams if t[1]]

    # rater leniency
    len_eff = {p: float(rng.normal(0, 1.2)) for p in people}
    # plants: pick teams in 生产中心 / 研发中心
    prod_teams = [t for t in teams if people[t[0]]["dept"] == "生产中心" and 4 <= len(t[1]) <= 5]
    ct_team = [t for t in teams if people[t[0]]["dept"] == "研发中心" and len(t[1]) >= 6][0]
    sev_team, len_team = prod_teams[0], [t for t in prod_teams[1:] if people[t[0]]["sub"] == people[prod_teams[0][0]]["sub"]][0]
    SEV, LEN, CT = sev_team[0], len_team[0], ct_team[0]
    len_eff[SEV] = -8.0; len_eff[LEN] = +6.0; len_eff[CT] = 0.0
    risers = [t[1][0] for t in teams if people[t[0]]["dept"] in ("质量部", "供应链中心") and len(t[1]) >= 5][:2]
    for r in risers:
        people[r]["ability"] = -5.0
    CYCLES = ["2025年上半年", "2025年下半年", "2026年上半年"]
    def mgr_in(pid, c):
        m = people[pid]["mgr"]
        if c == 2 and m == SEV:
            return LEN
        return m
    def score(pid, c):
        p = people[pid]; m = mgr_in(pid, c)
        if m == CT:
            k = round(float(rng.uniform(87.5, 90.5)), 1); v = round(float(rng.uniform(87.5, 90.5)), 1)
            tot = round(0.7 * k + 0.3 * v, 1)
            return k, v, max(88.0, min(90.0, tot))
        env = -6.0 if (c == 2 and p["dept"] == "销售中心") else 0.0
        rise = 9.0 * c if pid in risers else 0.0
        base = 79 + p["ability"] + len_eff.get(m, 0) + env + rise + float(rng.normal(0, 2.0))
        k = round(base + float(rng.normal(0, 2.5)), 1)
        v = round(base * 0.5 + 40 + float(rng.normal(0, 2.0)), 1)
        k, v = min(k, 99.5), min(v, 99.5)
        return k, v, round(0.7 * k + 0.3 * v, 1)
    def grade(t):
        return "优秀" if t >= 86 else "良好" if t >= 78 else "合格" if t >= 70 else "待改进"
    rows = {c: [] for c in range(3)}
    for c in range(3):
        for pid, p in people.items():
            if pid == CEO: continue
            m = mgr_in(pid, c); sk = people[m]["mgr"] if m and people[m]["mgr"] else None
            k, v, t = score(pid, c)
            rows[c].append(dict(id=pid, name=p["name"], dept=p["dept"], sub=people[m]["sub"] if p["post"] not in ("中心总监", "部门经理", "主管") and m in (SEV, LEN) else p["sub"],
                                post=p["post"], level=p["level"], mgr=people[m]["name"], mgrid=m,
                                skip=people[sk]["name"] if sk else "", k=k, v=v, t=t, g=grade(t)))
    truth = dict(central_tendency=dict(id=CT, name=people[CT]["name"], team=ct_team[1]),
                 severe=dict(id=SEV, name=people[SEV]["name"], team=sev_team[1], effect=-8),
                 lenient=dict(id=LEN, name=people[LEN]["name"], team=len_team[1], effect=6, note="takes over severe team in 2026H1"),
                 downturn=dict(dept="销售中心", cycle="2026年上半年", effect=-6),
                 risers=[dict(id=r, name=people[r]["name"]) for r in risers])
    # dirty plants
    dirty = {}
    r = rows[2]
    # blank 总分 cells (3): 2026H1
    blanks = [r[50]["id"], r[300]["id"], r[600]["id"]]
    for i in (50, 300, 600): r[i]["t"] = None
    # "85分" in 2025H2 KPI
    rows[1][120]["k"] = "85分"; dirty["85分"] = rows[1][120]["id"]
    # 101 总分 in 2026H1
    r[400]["t"] = 101; r[400]["g"] = "优秀"; dirty["101"] = r[400]["id"]
    # duplicate person in 2025H2: transferred, listed twice with different 考核人 and scores
    dup = dict(rows[1][200]); other_tl = [t for t in teams if t[0] != people[dup["id"]]["mgr"] and people[t[0]]["dept"] == dup["dept"]][0][0]
    dup.update(mgr=people[other_tl]["name"], mgrid=other_tl, k=round(dup["k"] - 4, 1), t=round(dup["t"] - 3, 1)); dup["g"] = grade(dup["t"])
    rows[1].insert(len(rows[1]) // 2, dup); dirty["duplicate_2025H2"] = dup["id"]
    dirty["blank_total_2026H1"] = blanks
    truth["dirty"] = dirty

    wb = Workbook()
    ws = wb.active; ws.title = "说明"
    for line in ["填写说明", "1. 本文件由人力资源部绩效管理系统导出，包含2025年上半年、2025年下半年和2026年上半年考核结果。",
                 "2. 总分 = KPI得分 × 70% + 价值观得分 × 30%，满分100分。",
                 "3. 绩效等级指导比例：优秀20%、良好40%、合格30%、待改进10%。",
                 "4. 考核人为直属上级，隔级考核人为上级的上级。本数据仅供校准会使用，请勿外传。"]:
        ws.append([line])
    HDR = ["工号", "姓名", "一级部门", "二级部门", "岗位", "职级", "考核人", "考核人工号", "隔级考核人", "KPI得分", "价值观得分", "总分", "绩效等级"]
    def avg(xs):
        xs = [x for x in xs if isinstance(x, (int, float))]
        return round(sum(xs) / len(xs), 1)
    def sheet(title, cycles, as_text, period_col):
        ws = wb.create_sheet(title)
        hdr = (["考核周期"] if period_col else []) + HDR
        ws.append([f"XX制造有限公司 {title}绩效考核结果"]); ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(hdr))
        ws["A1"].font = Font(bold=True, size=14); ws["A1"].alignment = Alignment(horizontal="center")
        ws.append(["导出日期：2026-07-01 09:32", None, None, None, None, None, None, None, "导出人：hr_admin"])
        ws.append(hdr)
        n = 0; tot = 0
        for c in cycles:
            for x in rows[c]:
                fid = f"{x['id']:06d}" if as_text else x["id"]
                mid = f"{x['mgrid']:06d}" if as_text else x["mgrid"]
                vals = ([CYCLES[c]] if period_col else []) + [fid, x["name"], x["dept"], x["sub"], x["post"], x["level"], x["mgr"], mid, x["skip"], x["k"], x["v"], x["t"], x["g"]]
                ws.append(vals)
                if as_text:
                    ws.cell(ws.max_row, 1 + period_col).number_format = "@"; ws.cell(ws.max_row, 8 + period_col).number_format = "@"
                n += 1
        # 合计/平均 row
        last = ws.max_row
        off = 1 if period_col else 0
        colk = chr(ord("J") + off); colv = chr(ord("K") + off); colt = chr(ord("L") + off)
        ws.append(([""] if period_col else []) + ["合计/平均", f"共{n}人", None, None, None, None, None, None, None,
                   avg([x["k"] for c in cycles for x in rows[c]]), avg([x["v"] for c in cycles for x in rows[c]]), avg([x["t"] for c in cycles for x in rows[c]]), None])
    sheet("2025年度", [0, 1], as_text=False, period_col=True)
    PC = with_period
    sheet("2026年上半年", [2], as_text=True, period_col=PC)
    wb.save(path)
    return truth
