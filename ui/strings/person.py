"""Person and calibration page strings."""

STRINGS = {
    "person.title": ("员工档案", "Person"),
    "person.pick": ("员工工号", "Employee id"),
    "person.search": ("按姓名 / 工号 / 部门搜索", "Search by name / id / department"),
    "person.pick_note": (
        "列表显示 {shown:,} / {total:,} 人；用下方搜索缩小范围。",
        "The list shows {shown:,} of {total:,} people; narrow it with the search below.",
    ),
    "person.none": ("请选择一名员工。", "Pick an employee."),
    "person.header": (
        "{name}（{id}）· {dept} · {team} · {level} · {family} · 上级 {manager}",
        "{name} ({id}) · {dept} · {team} · {level} · {family} · manager {manager}",
    ),
    "person.history": ("各周期评分", "Scores across cycles"),
    "person.by_dimension": ("按维度与来源（最近周期）", "By dimension and source (latest cycle)"),
    "person.raters": ("为其评分的评价人及其宽严效应", "Who rated them, and those raters' effects"),
    "person.adjusted": ("校正后分数（提议）", "Rater-adjusted score (proposal)"),
    "person.attribution": ("变动归因", "Change attribution"),
    "person.profile": ("高潜画像", "Potential profile"),
    "person.outcomes": ("考核结果", "Outcomes"),
    "person.appeals": ("申诉", "Appeals"),
    "person.kpis": ("KPI", "KPIs"),
    "person.as_rater": ("作为评价人给出的评分", "Ratings they gave"),
    "person.reasons": ("理由：{reasons}", "Reasons: {reasons}"),
    "cal.title": ("校准会材料", "Calibration"),
    "cal.note": (
        "以下为当前范围的全部校准发现，与命令 `python -m analytics report` 对同一范围输出的内容一致。",
        "All calibration findings for the current scope: exactly what `python -m analytics report` writes for the same scope.",
    ),
    "cal.download_xlsx": ("下载 Excel（每节一个工作表）", "Download Excel (one sheet per section)"),
    "cal.download_json": ("下载 JSON", "Download JSON"),
    "cal.download_html": ("下载可打印 HTML 报告", "Download printable HTML report"),
    "cal.sections": ("各节内容", "Sections"),
    "cal.summary": (
        "{employees} 名员工，{raters} 位评价人，{ratings} 条评分",
        "{employees} employees, {raters} raters, {ratings} ratings",
    ),
}
