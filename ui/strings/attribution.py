"""Trend attribution page strings."""

STRINGS = {
    "attr.title": ("趋势归因", "Trend attribution"),
    "attr.note": (
        "每位员工相邻周期的分数变动 = 公司整体变动 + 部门环境变动 + 评价人效应变化（如更换上级）+ 个人部分，四部分之和等于观测变动。",
        "Each employee's change between consecutive cycles = company shift + department (environment) shift + change of rater effect (e.g. new manager) + individual part; the parts add up to the observed change.",
    ),
    "attr.stacked": ("各部门变动来源", "Where changes come from"),
    "attr.variance": ("变动方差分解", "Variance of changes: environment vs rater vs individual"),
    "attr.shifts": ("部门整体变动（显著性经 Holm 校正）", "Department shifts (Holm-corrected)"),
    "attr.waterfall": ("个人变动拆解", "One person's change"),
    "attr.pick": ("选择员工与周期", "Employee and cycle pair"),
    "attr.pick_note": (
        "列表为变动最大的 {n} 人；输入工号可查看任何人。",
        "The list holds the {n} largest movers; type an employee id to see anyone.",
    ),
    "attr.find": ("按工号查找", "Find by employee id"),
    "attr.not_found": (
        "本范围内没有工号 {emp} 的变动记录。",
        "No change of employee {emp} in this scope.",
    ),
    "attr.against": ("逆势变动人员", "People who moved against their department"),
    "attr.kpi": ("KPI 驱动因素", "KPI drivers"),
    "attr.n_changes": ("{n} 个员工×周期变动", "{n} employee changes"),
}
