"""Strings shared by the shell (navigation, filters, first run, roles)."""

TEXT: dict[str, dict[str, str]] = {
    "app.title": {"zh": "绩效透视 PerfLens", "en": "PerfLens 绩效透视"},
    "app.tagline": {
        "zh": "绩效评估数据的分布、评价人一致性、趋势归因与高潜识别",
        "en": "Score distributions, rater consistency, trend attribution and high potential",
    },
    "nav.overview": {"zh": "概览", "en": "Overview"},
    "nav.distributions": {"zh": "分数分布", "en": "Distributions"},
    "nav.raters": {"zh": "评价人一致性", "en": "Rater consistency"},
    "nav.attribution": {"zh": "趋势归因", "en": "Trend attribution"},
    "nav.potential": {"zh": "高潜识别", "en": "High potential"},
    "nav.calibration": {"zh": "校准会材料", "en": "Calibration"},
    "nav.person": {"zh": "员工档案", "en": "Person"},
    "nav.data": {"zh": "数据导入", "en": "Data"},
    "lang.label": {"zh": "语言 / Language", "en": "Language / 语言"},
    "filter.header": {"zh": "筛选范围", "en": "Scope"},
    "filter.cycles": {"zh": "考核周期", "en": "Cycles"},
    # a cycle whose file named it otherwise: the code beside that name (rev26a item 9)
    "filter.cycle_named": {"zh": "{cycle} = {label}", "en": "{cycle} = {label}"},
    "filter.cycle_names": {
        "zh": "导入文件中的周期名称：{names}",
        "en": "As the files name them: {names}",
    },
    "filter.department": {"zh": "部门（含下级）", "en": "Department (subtree)"},
    "filter.team": {"zh": "团队", "en": "Team"},
    "filter.level": {"zh": "职级", "en": "Level"},
    "filter.job_family": {"zh": "岗位序列", "en": "Job family"},
    "filter.rater_role": {"zh": "评价关系", "en": "Rater role"},
    "filter.all": {"zh": "全部", "en": "All"},
    "filter.dept_dropped": {
        "zh": "链接中的部门“{department}”不存在或不在你的查看范围内：显示的是你的全部范围。",
        "en": "The link's department “{department}” does not exist or is not in your scope: "
        "showing your whole scope.",
    },
    "filter.team_dropped": {
        "zh": "链接中的团队“{team}”不存在或不在你的查看范围内：未按团队筛选。",
        "en": "The link's team “{team}” does not exist or is not in your scope: no team "
        "filter applied.",
    },
    "crumb.company": {"zh": "全公司", "en": "Company"},
    "role.self": {"zh": "自评", "en": "Self"},
    "role.manager": {"zh": "上级", "en": "Manager"},
    # ?role= a selection cannot be: neither language's word for a rater role (rev35b)
    "filter.role_dropped": {
        "zh": "链接中的评价人角色“{role}”不存在：显示的是全部角色。",
        "en": "The link's rater role “{role}” does not exist: showing every role.",
    },
    "role.peer": {"zh": "同事", "en": "Peer"},
    "role.skip_level": {"zh": "隔级", "en": "Skip-level"},
    "role.subordinate": {"zh": "下属", "en": "Subordinate"},
    "firstrun.title": {"zh": "欢迎使用绩效透视", "en": "Welcome to PerfLens"},
    "firstrun.body": {
        "zh": "数据库中还没有数据。可以先载入内置的演示企业数据（约 2000 名员工、6 个季度），或在“数据导入”页上传贵司的绩效导出文件。",
        "en": "The database is empty. Load the built-in demo enterprise (about 2,000 employees, 6 quarters) or upload your own review exports on the Data page.",
    },
    "firstrun.no_ratings": {
        "zh": "数据集“{name}”中没有评分：其花名册仍在（{n} 名员工），但没有评分或考核结果（例如评分文件的导入已被删除）。请在“数据导入”页导入评分文件；分析页面在有评分后显示。",
        "en": "The dataset “{name}” has no ratings: its roster is there ({n:#employee|employees}) but no ratings or results (its ratings import was deleted, say). Import a ratings file on the Data page; the analysis pages show once there are ratings.",
    },
    "firstrun.demo": {"zh": "载入演示数据", "en": "Load demo data"},
    "firstrun.upload": {"zh": "上传我的数据", "en": "Upload my data"},
    "firstrun.loading": {"zh": "正在导入演示数据…", "en": "Importing demo data…"},
    "common.n": {"zh": "人数", "en": "n"},
    # a signed difference in words ({d:hl}, analytics.text.render): rev19e "比全公司多 -0.34"
    "common.higher_by": {"zh": "高 {mag}", "en": "{mag} higher"},
    # a person named beside their id in a sentence (render's {x:who})
    "common.person_named": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    "common.lower_by": {"zh": "低 {mag}", "en": "{mag} lower"},
    "common.no_difference": {"zh": "无差别", "en": "no higher or lower"},
    "common.too_few": {
        "zh": "人数过少（n={n} < {min_n}），不显示统计量",
        "en": "Too few people (n={n} < {min_n}); no statistic shown",
    },
    "common.no_data": {"zh": "当前范围内没有数据。", "en": "No data in the current scope."},
    "common.results_only_note": {
        "zh": "本范围只有考核结果（最终得分和等级），没有评价人给的评分：下面的分布、等级占比和与指导分布的比较都基于记录的最终得分和等级。",
        "en": "This scope holds results only (final scores and grades), no ratings given by raters: the distributions, grade shares and the guideline comparison below are of the recorded final scores and grades.",
    },
    "common.grades_only_note": {
        "zh": "本范围只有考核等级，没有最终得分，也没有评价人给的评分：下面的等级占比和与指导分布的比较基于记录的等级；各单元的均值与箱线图、部门 × 周期以及{sections}需要最终得分。",
        "en": "This scope holds grades only, no final scores and no ratings given by raters: the grade shares and the guideline comparison below are of the recorded grades; the unit means and box plots, department × cycle and {sections} need final scores.",
    },
    "cal.tab_needs_ratings": {
        "zh": "这一项需要评价人逐一给出的评分（自评、上级、同事等），而本范围只有考核结果（最终得分和等级），所以这里没有内容。",
        "en": "This section needs the ratings raters gave one by one (self, manager, peers …), and this scope holds results only (final scores and grades), so it has nothing here.",
    },
    "common.needs_ratings": {
        "zh": "本页需要评价人逐一给出的评分（自评、上级、同事等），而本范围只有考核结果（最终得分和等级）。考核结果的分布和与指导分布的比较见“{overview}”和“{dist}”页。",
        "en": "This page needs the ratings raters gave one by one (self, manager, peers …), and this scope holds results only (final scores and grades). The results' distributions and their fit to the guideline are on the “{overview}” and “{dist}” pages.",
    },
    "common.download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "common.latest_departments": {
        "zh": "部门按最新一期（{latest}）的组织架构显示：{n} 人在不同周期的部门不同，较早的周期也按其最新部门计入{renamed}。",
        "en": "Departments are as of the latest cycle ({latest}): {n:#person was|people were} in other departments in earlier cycles and count under their latest department there too{renamed}.",
    },
    "common.latest_departments_renamed": {
        "zh": "；看起来更名的部门：{pairs}",
        "en": "; departments that look renamed: {pairs}",
    },
    "common.more_columns": {
        "zh": "另有 {n} 列未显示：表格右上角的眼睛图标可选择显示哪些列。",
        "en": "{n:#more column|more columns}: the eye icon at the table's top right chooses the columns shown.",
    },
    "common.rows_shown": {
        "zh": "显示第 {first:,}–{last:,} 行，共 {total:,} 行；CSV 下载包含全部行。",
        "en": "Rows {first:,}–{last:,} of {total:,} shown; the CSV download has every row.",
    },
    "common.table_page": {"zh": "页码（共 {pages:,} 页）", "en": "Page (of {pages:,})"},
    "common.open_person": {"zh": "打开员工档案", "en": "Open person"},
    "common.ci": {"zh": "95% 置信区间", "en": "95% CI"},
    "common.sep": {"zh": "；", "en": "; "},
    # a select box's list when nothing matches what was typed (Streamlit writes "No results")
    "common.no_results": {"zh": "没有匹配的选项", "en": "No results"},
    # a select box with nothing chosen, and one with nothing to choose (Streamlit's own
    # placeholders "Choose an option" / "No options to select" are English only)
    "common.choose": {"zh": "请选择", "en": "Choose an option"},
    "common.choose_many": {"zh": "请选择（可多选）", "en": "Choose options"},
    "common.no_options": {"zh": "没有可选项", "en": "No options to select"},
    "common.yes": {"zh": "是", "en": "Yes"},
    "common.no": {"zh": "否", "en": "No"},
    "common.list_sep": {"zh": "、", "en": ", "},
    "common.clause_sep": {"zh": "，", "en": ", "},
    "common.part_sep": {"zh": "；", "en": "; "},
    "common.step_sep": {"zh": " → ", "en": " → "},  # one thing after another ({x:steps})
    # whole sentences, each with its full stop (as /distributions joins them)
    "common.sentence_sep": {"zh": " ", "en": " "},
    "common.scope": {"zh": "范围：{scope}", "en": "Scope: {scope}"},
    # a time stamp ({at:when}, analytics.text.render.format_when)
    "common.when": {"zh": "{y}年{m}月{d}日 {hm}", "en": "{d} {mon} {y}, {hm}"},
    "common.when_utc": {"zh": "{y}年{m}月{d}日 {hm}（UTC）", "en": "{d} {mon} {y}, {hm} UTC"},
    "common.when_zone": {
        "zh": "{y}年{m}月{d}日 {hm}（UTC{zone}）",
        "en": "{d} {mon} {y}, {hm} UTC{zone}",
    },
    "common.months": {
        "zh": "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
        "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    },
}
