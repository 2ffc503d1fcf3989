"""Person and calibration page strings."""

TEXT: dict[str, dict[str, str]] = {
    "person.title": {"zh": "员工档案", "en": "Person"},
    # the person picker's label: its options read "id name · department" (rev19e minor 3,
    # rev21 item 6), or the id alone where the roster has no names
    "person.pick": {"zh": "员工（工号 姓名 · 部门）", "en": "Employee (id, name · department)"},
    "person.pick_ids": {"zh": "员工工号", "en": "Employee id"},
    # an option of a person picker (the person page's, the attribution page's): the id first
    # (what the URL keeps), then the name, and on the person page the department
    "person.option": {"zh": "{id} {name}", "en": "{id} {name}"},
    "person.option_dept": {"zh": "{id} {name} · {dept}", "en": "{id} {name} · {dept}"},
    "person.option_id_dept": {"zh": "{id} · {dept}", "en": "{id} · {dept}"},
    # the person page's one search box (the list below it cannot be typed in: rev21 item 6)
    "person.search": {
        "zh": "查找员工（姓名 / 工号 / 部门 / 团队）",
        "en": "Find an employee (name / id / department / team)",
    },
    "person.search_hint": {
        "zh": "输入后按回车；多个词用空格分开，例如：王伟 销售",
        "en": "Type, then press Enter; several words separated by spaces",
    },
    "person.pick_scope": {
        "zh": "侧栏筛选（{scope}）下共 {n:,} 人，列表与搜索只在其中；清除筛选可查看全部 {total:,} 人。",
        "en": "The sidebar's filter ({scope}) holds {n:#person|people}; the list and the search stay within it. Clear the filter to see all {total:,}.",
    },
    "person.pick_all": {
        "zh": "列表含全部 {total:,} 人；在上方搜索姓名、工号或部门可直接找到某人。",
        "en": "The list holds all {total:#person|people}; search a name, id or department above to go straight to someone.",
    },
    "person.pick_more": {
        "zh": "列表显示前 {shown:,} 人，另有 {more:,} 人未列出：在上方输入姓名、工号或部门缩小范围。",
        "en": "The list shows the first {shown:,}; {more:,} more are not listed: type a name, id or department above to narrow it.",
    },
    "person.pick_more_found": {
        "zh": "找到 {found:,} 人，列表显示前 {shown:,} 人，另有 {more:,} 人未列出：请多输入几个字缩小搜索。",
        "en": "{found:,} found; the list shows the first {shown:,} and {more:,} more are not listed: refine the search.",
    },
    "person.search_found": {
        "zh": "“{query}”找到 {found:,} 人，都在上面的列表中。",
        "en": "“{query}” found {found:#person|people}, all in the list above.",
    },
    "person.search_none": {
        "zh": "没有找到与“{query}”匹配的员工（已在 {total:,} 人的姓名、工号、部门和团队中查找）。",
        "en": "No one matches “{query}” (the names, ids, departments and teams of {total:#person|people} searched).",
    },
    "person.none": {"zh": "请选择一名员工。", "en": "Pick an employee."},
    "person.header": {
        "zh": "{name}（{id}）· {dept} · {team} · {level} · {family} · 上级 {manager}",
        "en": "{name} ({id}) · {dept} · {team} · {level} · {family} · manager {manager}",
    },
    # the header's level and job family when the roster has none for them (rev19e: read "—")
    "person.no_level": {"zh": "职级未导入", "en": "level not imported"},
    "person.no_family": {"zh": "岗位序列未导入", "en": "job family not imported"},
    "person.no_team": {"zh": "团队未导入", "en": "team not imported"},
    # a person by name and id: the person header's manager, the access log's person views
    "person.named": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    # the person asked for is a rater the imported files name, whom no one rated (names30)
    "person.rater_only": {
        "zh": "{who} 是本数据集中的评价人，但无人评价过其本人，花名册中也没有其记录：下面是其评价过的人员；其打分的宽严见“评价人一致性”页。",
        "en": "{who} rates others in this dataset but is rated by no one and has no roster row: the people they rated are below; see how they rate on the Rater consistency page.",
    },
    "person.history": {"zh": "各周期评分", "en": "Scores across cycles"},
    "person.by_dimension": {
        "zh": "按维度与来源（最近周期）",
        "en": "By dimension and source (latest cycle)",
    },
    # dimensions of weight 0 (KPI/价值观 beside a company's 总分): apart, not in the score
    "person.zero_weight": {
        "zh": "{dims} 的权重为 0：只在下表中单独列出，不计入分数，上图和评价人表也不计入。",
        "en": "{dims} weigh 0: listed apart in the table below, no part of the score, the chart above or the raters' means.",
    },
    "person.raters": {
        "zh": "为其评分的评价人及其宽严效应",
        "en": "Who rated them, and those raters' effects",
    },
    "person.adjusted": {"zh": "校正后分数（提议）", "en": "Rater-adjusted score (proposal)"},
    "person.adjusted_none": {
        "zh": "这位员工的评价人宽严都无法估计（例如只有上级评分），没有做校正：校正后分数等于原始分数；"
        "区间只包含评分波动（由各周期之间分数的起伏估计），不包含评价人自身标准的不确定性。",
        "en": "None of this person's raters could be adjusted for (their standard cannot be "
        "estimated, e.g. only the manager rates): the adjusted score is the raw score, and its "
        "interval holds rating noise only (estimated from how scores move between cycles), "
        "not the uncertainty of the rater's own standard.",
    },
    "person.adjusted_no_interval": {
        "zh": "区间无法估计（只有一个周期，且没有其他人评价这位员工），表中留空。",
        "en": "The interval cannot be estimated (one cycle, and nobody else rates this person): "
        "left empty in the table.",
    },
    "person.attribution": {"zh": "变动归因", "en": "Change attribution"},
    "person.parts_interval": {
        "zh": "每一部分附 95% 区间（±1.96 标准误）：公司与部门部分按同期人员变动的离散程度，"
        "评价人部分按其评价人宽严效应的标准误，个人部分再加上本人各评价人之间的分歧。"
        "区间为空即无法估计：某一期只有一位评价人（无从知道换一位评价人分数会变多少）、"
        "新上级的尺度无法估计，或部门只有一人。区间跨过 0 的部分，方向并不确定。",
        "en": "Each part has a 95% interval (±1.96 SE): the company and department parts from "
        "the spread of everyone's changes, the rater part from the standard errors of the "
        "raters' effects, the individual part adding the disagreement between the person's "
        "own raters. An empty interval cannot be estimated: one rater on a side (nothing shows "
        "how much another rater would move the score), a new manager whose standard cannot "
        "be estimated, or a department of one. A part whose interval crosses 0 has no sure "
        "direction.",
    },
    "person.adjusted_fit_cycles": {
        "zh": "评价人的尺度按侧栏所选周期的全部评分估计，与其他页面及校准会（按会议周期估计）在同一周期上一致。",
        "en": "The raters' standards are estimated from every rating of the cycles selected in the sidebar: for one cycle, the same numbers as the other pages and the calibration meeting (which estimates its cycle's).",
    },
    "person.adjusted_fit_all": {
        "zh": "评价人的尺度按全部周期的评分估计；校准会只按会议周期估计，数值可能略有不同：在侧栏选该周期即看到会上的数。",
        "en": "The raters' standards are estimated from the ratings of all cycles; the calibration meeting estimates its own cycle's only, so its numbers may differ slightly: select that cycle in the sidebar to see the meeting's.",
    },
    "person.profile": {"zh": "高潜画像", "en": "Potential profile"},
    "person.potential_earlier": {
        "zh": "{latest} 的潜力评级为空：潜力沿用 {cycle} 的导入潜力评级。",
        "en": "The potential rating of {latest} is blank: the potential is the imported rating of {cycle}.",
    },
    "person.whole_history": {
        "zh": "本节按此人的全部周期计算（百分位与趋势看整段历史），不随侧栏的周期筛选变化。",
        "en": "This section uses all of this person's cycles (percentiles and trend need the whole history); the sidebar's cycle filter does not narrow it.",
    },
    "person.outcomes": {"zh": "考核结果", "en": "Outcomes"},
    "person.appeals": {"zh": "申诉", "en": "Appeals"},
    "person.kpis": {"zh": "KPI", "en": "KPIs"},
    "person.as_rater": {
        "zh": "作为评价人：TA 的团队（与其他评价人对同一人的看法对比）",
        "en": "As a rater: the people they rated, against everyone else's view of them",
    },
    "person.rater_view": {
        "zh": "原始差异：平均而言，TA 的评分比其他评价人对同一批人、同一周期的评分{than}（{unit}，95% 区间 {lo} 至 {hi}，{n} 个人×周期）。"
        "这是未扣除其他评价人各自尺度的原始差异，不是评价人页的效应估计。",
        "en": "Raw difference: on average they score {than} than everyone else for the same people in the same cycles ({unit}; 95% interval {lo} to {hi}, {n} person-cycles). "
        "This is the raw difference, with the other raters' own standards left in: not the rater page's estimate of their effect.",
    },
    "person.rater_view_few": {
        "zh": "TA 与其他评价人的原始差异无法估计（n={n} 个人×周期，少于评价人页估计所需的 {floor} 个）。",
        "en": "Their raw difference from other raters cannot be estimated (n={n} person-cycles, fewer than the {floor} the rater page needs for an estimate).",
    },
    "person.rater_model": {
        "zh": "评价人页的估计（加性模型：扣除被评人及其他评价人的尺度）：效应 {effect:+pt}（95% CI {lo:+pt} 至 {hi:+pt}；{score_scale:unit}），n={n} 条评分。",
        "en": "The rater page's estimate (additive model: net of who they rated and of the other raters' standards): effect {effect:+pt} (95% CI {lo:+pt} to {hi:+pt}; {score_scale:unit}), n={n} ratings.",
    },
    "person.rater_higher": {"zh": "高 {mag} 分", "en": "{mag} points higher"},
    "person.rater_lower": {"zh": "低 {mag} 分", "en": "{mag} points lower"},
    "person.rater_same": {"zh": "相同", "en": "no higher or lower"},
    "person.rater_view_none": {
        "zh": "TA 评价的人没有（或只有一个）同时被其他人评价，无法估计 TA 与其他评价人的差异。",
        "en": "Too few of the people they rated were also rated by someone else: the difference from other raters cannot be estimated.",
    },
    "person.rater_view_withheld": {
        "zh": "TA 与其他评价人的差异不向你的角色显示：其他评价人中同事或下属少于 {k} 人，"
        "减去可见的上级、隔级评分即得他们的平均分。",
        "en": "The difference from other raters is not shown to your role: fewer than {k} peers "
        "or subordinates are among the others, so less the manager's and skip-level's ratings "
        "shown elsewhere it would give their mean.",
    },
    "column.mean_score": {"zh": "TA 的平均分", "en": "Their mean"},
    "column.others_mean": {"zh": "其他评价人平均分", "en": "Others' mean"},
    "column.others_raters": {"zh": "其他评价人数", "en": "Other raters"},
    "column.others_anonymous": {
        "zh": "其他评价人中最少的同事/下属人数",
        "en": "Fewest peers/subordinates among others",
    },
    "column.diff_vs_others": {"zh": "与他人评分之差", "en": "Difference from others"},
    "person.rater_links": {
        "zh": "评价人页经跨周期联系估计 TA 的尺度为 {effect:+pt}（{score_scale:unit}；95% 区间 {lo:+pt} 至 "
        "{hi:+pt}，相对相连的上级）：依据 {n} 名换过上级的人，假设他们本身没有变化。上句的“无法估计”"
        "只指同一周期内没有其他人评价 TA 的被评人。",
        "en": "The rater page estimates this manager's standard at {effect:+pt} "
        "{score_scale:unit} (95% interval {lo:+pt} to {hi:+pt}, relative to the linked "
        "managers) through the links across cycles: from {n} people who changed manager, "
        "assuming they did not change themselves. 'Cannot be estimated' above means only that "
        "nobody else rated their people in the same cycle.",
    },
    "person.reasons": {"zh": "理由：{reasons}", "en": "Reasons: {reasons}"},
    "person.rank_caution": {"zh": "注意：{caution}", "en": "Caution: {caution}"},
    "cal.title": {"zh": "校准会材料", "en": "Calibration"},
    "cal.note": {
        "zh": "以下为当前范围的全部校准发现，与下载的校准报告内容一致。",
        "en": "All calibration findings for the current scope: exactly what the downloaded calibration report contains.",
    },
    # short, so the four buttons fit side by side at a 1280 px window (rev19d); what each
    # holds in its help
    "cal.download_xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "cal.download_xlsx_help": {
        "zh": "Excel 工作簿：每节一个工作表，包含每一行。",
        "en": "An Excel workbook: one sheet per section, every row.",
    },
    "cal.download_json": {"zh": "下载 JSON", "en": "Download JSON"},
    "cal.download_json_help": {
        "zh": "JSON：供其他系统读取的全部结果。",
        "en": "JSON: every result, for other systems to read.",
    },
    "cal.download_html": {"zh": "下载 HTML", "en": "Download HTML"},
    "cal.download_html_help": {
        "zh": "校准材料（HTML）：在浏览器中打开或打印。",
        "en": "The calibration packet as a web page: open or print it in a browser.",
    },
    "cal.download_pdf": {"zh": "下载 PDF", "en": "Download PDF"},
    "cal.download_pdf_help": {
        "zh": "校准材料（PDF，A4 横向）：封面的主要发现，之后每节一页起。",
        "en": "The calibration packet (PDF, A4 landscape): the headline findings on the cover, then the sections.",
    },
    "cal.sections": {"zh": "各节内容", "en": "Sections"},
    "cal.summary": {
        "zh": "{employees} 名员工，{raters} 位评价人，{ratings} 条评分",
        "en": "{employees:#employee|employees}, {raters:#rater|raters}, {ratings:#rating|ratings}",
    },
}
