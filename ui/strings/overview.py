"""Overview page strings."""

STRINGS = {
    "overview.title": ("概览", "Overview"),
    "overview.employees": ("员工", "Employees"),
    "overview.cycles": ("考核周期", "Cycles"),
    "overview.ratings": ("评分记录", "Ratings"),
    "overview.raters": ("评价人", "Raters"),
    "overview.quarantined": ("隔离行", "Quarantined rows"),
    "overview.per_cycle": ("各周期数据量", "Data per cycle"),
    "overview.per_role": ("按评价关系", "By rater role"),
    "overview.completion": (
        "各部门评价完成率（自评 / 上级 / 同事）",
        "Review completion per department (self / manager / peer)",
    ),
    "overview.headlines": ("主要发现", "Headline findings"),
    "overview.headline_raters": (
        "{lenient} 位评价人偏宽松，{severe} 位偏严格（95% 置信区间整体超出 ±0.3 SD）",
        "{lenient} lenient and {severe} severe raters (whole 95% CI beyond ±0.3 SD)",
    ),
    "overview.headline_recheck": (
        "{n} 个案例上级与同事/自评分歧过大，需复核",
        "{n} cases where manager and peer/self disagree enough to re-check",
    ),
    "overview.headline_guideline": (
        "{n} 个部门偏离公司强制分布（需调整 {moves} 人）",
        "{n} departments deviate from the guideline ({moves} people to move)",
    ),
    "overview.headline_hipo": ("{n} 名高潜员工候选", "{n} high-potential candidates"),
    "overview.headline_shift": (
        "{n} 个部门在某周期出现显著整体变动（环境因素）",
        "{n} department shifts that are significant (environment)",
    ),
    "overview.go": ("查看", "Open"),
    "col.cycle": ("周期", "Cycle"),
    "col.ratings": ("评分数", "Ratings"),
    "col.employees": ("员工数", "Employees"),
    "col.raters": ("评价人数", "Raters"),
    "col.role": ("评价关系", "Role"),
    "col.department": ("部门", "Department"),
    "col.employee_cycles": ("员工×周期", "Employee-cycles"),
    "col.self_done": ("自评完成率", "Self done"),
    "col.manager_done": ("上级评完成率", "Manager done"),
    "col.peer_done": ("同事评完成率", "Peer done"),
}
