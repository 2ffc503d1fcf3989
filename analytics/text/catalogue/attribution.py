"""Trend attribution page strings."""

TEXT: dict[str, dict[str, str]] = {
    "attr.title": {"zh": "趋势归因", "en": "Trend attribution"},
    "attr.note": {
        "zh": "每位员工相邻周期的分数变动 = 公司整体变动 + 部门环境变动 + 评价人效应变化（如更换上级，或评分来源变化，如只有一个周期有同事评分）+ 个人部分，四部分之和等于观测变动。",
        "en": "Each employee's change between consecutive cycles = company shift + department (environment) shift + change of rater effect (e.g. new manager, or a change of rating sources such as peer ratings in one cycle only) + individual part; the parts add up to the observed change.",
    },
    "attr.stacked": {"zh": "各部门变动来源", "en": "Where changes come from"},
    "attr.variance": {
        "zh": "变动方差分解",
        "en": "Variance of changes: environment vs rater vs individual",
    },
    "attr.variance_note": {
        "zh": "各占比附 95% 区间（按员工聚类的德尔塔法（Delta 方法），员工数见“员工数”列）；少于 2 名员工的单元无法估计区间，留空。区间说明占比的抽样不确定性，不说明原因。没有一位评价人的宽严可被估计时（如只有上级评分），评价人占比为“无法估计”，而不是 0。",
        "en": "Each share has a 95% interval (delta method, clustered by employee; the number of employees is in the Employees column); a unit with fewer than 2 employees has no interval (left empty: cannot be estimated). The interval is the share's sampling uncertainty, not a cause. Where no rater's standard could be estimated (e.g. only the manager rates), the rater share reads 'cannot be estimated', not 0.",
    },
    "attr.shifts_note": {
        "zh": "公司因素为该对周期各部门校正后平均变动的按人数加权中位数：各部门按平均变动排序、按人数累计，取位于全体员工中间的那个部门的平均变动；只变动了不到一半员工所在部门时，它不随之移动。其 95% 区间为 ± t × 中位数的标准误 √(π/2 × 部门内方差 ÷ 员工数)。少于三个部门时，公司因素为全体员工校正后变动的均值，附其 95% t 区间。",
        "en": "Company is the people-weighted median of the departments' mean adjusted changes in the cycle pair: the departments lined up by their mean change and counted by their people, the mean change of the department that holds the middle employee; departments holding less than half of the people do not move it. Its 95% interval is ± t × the median's standard error, √(π/2 × within-department variance ÷ employees). With fewer than three departments, company is the mean adjusted change of all employees, with its 95% t interval.",
    },
    "attr.shifts": {
        "zh": "部门整体变动（显著性经 Holm 校正）",
        "en": "Department shifts (Holm-corrected)",
    },
    "attr.waterfall": {"zh": "个人变动拆解", "en": "One person's change"},
    "attr.pick": {"zh": "选择员工与周期", "en": "Employee and cycle pair"},
    "attr.pick_note": {
        "zh": "未查找时，列表为变动最大的 {n} 人；在上方按姓名、工号、部门或团队可查找任何有变动的人。",
        "en": "Without a search the list holds the {n} largest movers; search above by name, id, department or team for anyone with a change.",
    },
    "attr.pick_note_pseudonymised": {
        "zh": "未查找时，列表为变动最大的 {n} 人；在上方按匿名编号（P-…，可只输入一部分）可查找任何有变动的人。你的角色看不到姓名和人员名单，因此不能按姓名、部门或团队查找。",
        "en": "Without a search the list holds the {n} largest movers; search above by pseudonymised id (P-…, or part of it) for anyone with a change. Your role sees no names or roster, so names, departments and teams cannot be searched.",
    },
    "attr.not_found": {
        "zh": "本范围内没有与“{emp}”匹配的人员变动记录。",
        "en": "No change in this scope of anyone matching “{emp}”.",
    },
    "attr.against": {"zh": "逆势变动人员", "en": "People who moved against their department"},
    "attr.against_none": {
        "zh": "没有人的个人部分逆着所在部门的整体变动达到 {z:g} 个标准差（|个人 z| ≥ {z:g}），"
        "所以这里没有列出任何人；任何人的变动都可在上方“个人变动拆解”中查看。",
        "en": "Nobody's own part of the change stands {z:g} SD or more against their "
        "department's shift (|individual z| ≥ {z:g}), so nobody is listed; anyone's change "
        'can be split under "One person\'s change" above.',
    },
    "story.team_shift_story": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）整体变动：平均变动 {change:+pt}（{score_scale:unit}），比全公司{shift:hlpt}（95%区间 {lo:+pt} 至 {hi:+pt}，同时比较多个团队后仍显著）。其中全公司 {company:+pt}、一级部门环境 {department:+pt}、评价人变化 {rater:+pt}；其余 {individual:+pt} 是本团队自己的整体变动：部门环境只算到一级部门，所以它计入了本团队每个人的“个人”部分。变动最大的 KPI：{kpi}（{kpi_change:+.1f} 个百分点达成率）。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people) moved as a team: mean change {change:+pt} ({score_scale:unit}), {shift:hlpt} than the company (95% interval {lo:+pt} to {hi:+pt}, significant even allowing for the many teams compared). Of it, company {company:+pt}, top-level department environment {department:+pt}, change of rater {rater:+pt}; the remaining {individual:+pt} is the team's own shift: the department environment is measured at the top level only, so it is counted in each team member's individual part. KPI that moved most: {kpi} ({kpi_change:+.1f} points of attainment).",
    },
    "story.team_shift_story_no_kpi": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）整体变动：平均变动 {change:+pt}（{score_scale:unit}），比全公司{shift:hlpt}（95%区间 {lo:+pt} 至 {hi:+pt}，同时比较多个团队后仍显著）。其中全公司 {company:+pt}、一级部门环境 {department:+pt}、评价人变化 {rater:+pt}；其余 {individual:+pt} 是本团队自己的整体变动：部门环境只算到一级部门，所以它计入了本团队每个人的“个人”部分。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people) moved as a team: mean change {change:+pt} ({score_scale:unit}), {shift:hlpt} than the company (95% interval {lo:+pt} to {hi:+pt}, significant even allowing for the many teams compared). Of it, company {company:+pt}, top-level department environment {department:+pt}, change of rater {rater:+pt}; the remaining {individual:+pt} is the team's own shift: the department environment is measured at the top level only, so it is counted in each team member's individual part.",
    },
    "attr.team_stories": {"zh": "二级部门（团队）的整体变动", "en": "Sub-department (team) shifts"},
    "attr.significant_not_listed": {
        "zh": "另有 {n} 个部门的部门部分在 Holm 校正后显著，但小于实质门槛（{material:pt}，{score_scale:unit}）或并非遍及各团队，因此表中“列为整体变动”未勾选。",
        "en": "{n:#more department has|more departments have} a department part that is significant after Holm correction but below the material threshold ({material:pt} {score_scale:unit}) or not broad across the department's teams, so 'Listed as a shift' is not ticked in the table.",
    },
    "attr.significant_not_listed_teams": {
        "zh": "另有 {n} 个部门的部门部分在 Holm 校正后显著，但小于实质门槛（{material:pt}，{score_scale:unit}）或并非遍及各团队，因此表中“列为整体变动”未勾选；其中集中在某个二级部门的变动见下方“二级部门（团队）的整体变动”。",
        "en": "{n:#more department has|more departments have} a department part that is significant after Holm correction but below the material threshold ({material:pt} {score_scale:unit}) or not broad across the department's teams, so 'Listed as a shift' is not ticked in the table; a change that sits in one sub-department is under 'Sub-department (team) shifts' below.",
    },
    "attr.kpi": {"zh": "KPI 驱动因素", "en": "KPI drivers"},
    # under the heading when no KPI moved with a score change: never an empty section (rev22)
    "attr.kpi_none": {
        "zh": "本范围没有可用于归因的 KPI 结果（未导入 KPI，或 KPI 只有一个周期）：分数变化无法与 KPI 对照。",
        "en": "No KPI results to attribute with in this scope (none imported, or KPIs of one cycle only): score changes cannot be set against KPIs.",
    },
    "attr.kpi_note": {
        "zh": "贡献以加权达成率的百分点计、带正负号：各 KPI 的贡献相加等于该部门员工加权达成率的平均变动。权重与达成率为该 KPI 在两个周期的平均值（有该 KPI 的员工）。正负贡献并存时不给“占比”：此时占比会超过 100% 或为负，没有意义。",
        "en": "Contributions are in percentage points of weighted attainment, with their sign: the KPIs' contributions add up to the mean change of the department's weighted attainment. Weight and attainment are the KPI's means in the two cycles (employees who had it). Where contributions of both signs mix, no 'share' is given: it would exceed 100% or be negative, which means nothing.",
    },
    "attr.n_changes": {"zh": "{n:,} 个员工×周期变动", "en": "{n:,} employee changes"},
    "attr.one_cycle": {
        "zh": "趋势归因比较相邻两个周期的变动，当前只选了 {cycle} 一个周期。请在左侧“考核周期”中再选一个或多个周期（或清空以查看全部周期）。",
        "en": "Trend attribution compares consecutive cycles, and only {cycle} is selected. Choose one or more further cycles in the sidebar's Cycles (or clear it for all cycles).",
    },
    "story.shift_story": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）：平均变动 {change:+pt} 分（{scale} 分制），其中全公司 {company:+pt}、部门环境 {department:+pt}（95%区间 {lo:+pt} 至 {hi:+pt}）、评价人变化 {rater:+pt}、个人因素 {individual:+pt}。变动最大的 KPI：{kpi}（{kpi_change:+.1f} 个百分点达成率）。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people): mean change {change:+pt} points ({scale}), of which company {company:+pt}, department environment {department:+pt} (95% interval {lo:+pt} to {hi:+pt}), change of rater {rater:+pt}, individual {individual:+pt}. KPI that moved most: {kpi} ({kpi_change:+.1f} points of attainment).",
    },
    "story.shift_story_no_kpi": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）：平均变动 {change:+pt} 分（{scale} 分制），其中全公司 {company:+pt}、部门环境 {department:+pt}（95%区间 {lo:+pt} 至 {hi:+pt}）、评价人变化 {rater:+pt}、个人因素 {individual:+pt}。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people): mean change {change:+pt} points ({scale}), of which company {company:+pt}, department environment {department:+pt} (95% interval {lo:+pt} to {hi:+pt}), change of rater {rater:+pt}, individual {individual:+pt}.",
    },
    "story.shift_story_new_manager": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）：平均变动 {change:+pt} 分（{scale} 分制），其中全公司 {company:+pt}、部门环境 {department:+pt}（由未更换上级的团队估计，95%区间 {lo:+pt} 至 {hi:+pt}）、评价人变化 {rater:+pt}（更换了上级的团队多出的变动：新上级的尺度无法与这些团队的真实变化区分开）、个人因素 {individual:+pt}。变动最大的 KPI：{kpi}（{kpi_change:+.1f} 个百分点达成率）。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people): mean change {change:+pt} points ({scale}), of which company {company:+pt}, department environment {department:+pt} (from the teams whose manager did not change; 95% interval {lo:+pt} to {hi:+pt}), change of rater {rater:+pt} (the excess in the teams with a new manager: the new managers' standard cannot be separated from a real change in those teams), individual {individual:+pt}. KPI that moved most: {kpi} ({kpi_change:+.1f} points of attainment).",
    },
    "story.shift_story_new_manager_no_kpi": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）：平均变动 {change:+pt} 分（{scale} 分制），其中全公司 {company:+pt}、部门环境 {department:+pt}（由未更换上级的团队估计，95%区间 {lo:+pt} 至 {hi:+pt}）、评价人变化 {rater:+pt}（更换了上级的团队多出的变动：新上级的尺度无法与这些团队的真实变化区分开）、个人因素 {individual:+pt}。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people): mean change {change:+pt} points ({scale}), of which company {company:+pt}, department environment {department:+pt} (from the teams whose manager did not change; 95% interval {lo:+pt} to {hi:+pt}), change of rater {rater:+pt} (the excess in the teams with a new manager: the new managers' standard cannot be separated from a real change in those teams), individual {individual:+pt}.",
    },
    "story.shift_story_mixed": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）：平均变动 {change:+pt}（0-1 标准分：所选周期量表不一），其中全公司 {company:+pt}、部门环境 {department:+pt}（95%区间 {lo:+pt} 至 {hi:+pt}）、评价人变化 {rater:+pt}、个人因素 {individual:+pt}。变动最大的 KPI：{kpi}（{kpi_change:+.1f} 个百分点达成率）。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people): mean change {change:+pt} (0-1 score: the chosen cycles mix scales), of which company {company:+pt}, department environment {department:+pt} (95% interval {lo:+pt} to {hi:+pt}), change of rater {rater:+pt}, individual {individual:+pt}. KPI that moved most: {kpi} ({kpi_change:+.1f} points of attainment).",
    },
    "story.shift_story_no_kpi_mixed": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）：平均变动 {change:+pt}（0-1 标准分：所选周期量表不一），其中全公司 {company:+pt}、部门环境 {department:+pt}（95%区间 {lo:+pt} 至 {hi:+pt}）、评价人变化 {rater:+pt}、个人因素 {individual:+pt}。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people): mean change {change:+pt} (0-1 score: the chosen cycles mix scales), of which company {company:+pt}, department environment {department:+pt} (95% interval {lo:+pt} to {hi:+pt}), change of rater {rater:+pt}, individual {individual:+pt}.",
    },
    "story.shift_story_new_manager_mixed": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）：平均变动 {change:+pt}（0-1 标准分：所选周期量表不一），其中全公司 {company:+pt}、部门环境 {department:+pt}（由未更换上级的团队估计，95%区间 {lo:+pt} 至 {hi:+pt}）、评价人变化 {rater:+pt}（更换了上级的团队多出的变动：新上级的尺度无法与这些团队的真实变化区分开）、个人因素 {individual:+pt}。变动最大的 KPI：{kpi}（{kpi_change:+.1f} 个百分点达成率）。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people): mean change {change:+pt} (0-1 score: the chosen cycles mix scales), of which company {company:+pt}, department environment {department:+pt} (from the teams whose manager did not change; 95% interval {lo:+pt} to {hi:+pt}), change of rater {rater:+pt} (the excess in the teams with a new manager: the new managers' standard cannot be separated from a real change in those teams), individual {individual:+pt}. KPI that moved most: {kpi} ({kpi_change:+.1f} points of attainment).",
    },
    "story.shift_story_new_manager_no_kpi_mixed": {
        "zh": "{dept}（{from_cycle}→{to_cycle}，{n} 人）：平均变动 {change:+pt}（0-1 标准分：所选周期量表不一），其中全公司 {company:+pt}、部门环境 {department:+pt}（由未更换上级的团队估计，95%区间 {lo:+pt} 至 {hi:+pt}）、评价人变化 {rater:+pt}（更换了上级的团队多出的变动：新上级的尺度无法与这些团队的真实变化区分开）、个人因素 {individual:+pt}。",
        "en": "{dept} ({from_cycle}→{to_cycle}, {n} people): mean change {change:+pt} (0-1 score: the chosen cycles mix scales), of which company {company:+pt}, department environment {department:+pt} (from the teams whose manager did not change; 95% interval {lo:+pt} to {hi:+pt}), change of rater {rater:+pt} (the excess in the teams with a new manager: the new managers' standard cannot be separated from a real change in those teams), individual {individual:+pt}.",
    },
    "attr.stories": {"zh": "显著的部门整体变动", "en": "Significant department shifts"},
    "attr.shift_limits": {
        "zh": "只有显著（Holm 校正）、实质且遍及本部门各团队的变动才列为部门整体变动。实质：部门部分至少为后一周期人员分数标准差的 {sd_pct:.0f}%（Cohen 的“小”效应），且至少 {floor:pt}；本范围为 {material:pt}（{score_scale:unit}）。遍及各团队：本部门未更换上级的团队单独看也有同向、显著且实质的变动。它说明该部门的评分相对公司其他部分变了，但不能证明原因（市场、政策，或本部门评价人共同的尺度变化）。集中在更换了上级的团队的变动列为评价人变化：如果只有上级评分，新上级的尺度无法与团队的真实变化区分开。",
        "en": "A department shift is listed only when it is significant (Holm-corrected), material and broad across the department's teams. Material: the department part is at least {sd_pct:.0f}% of the SD of the people's scores in the later cycle (Cohen's 'small' effect) and at least {floor:pt}; in this scope {material:pt} ({score_scale:unit}). Broad: its teams without a manager change moved the same way by themselves, significantly and materially. It shows that the department's scores moved against the rest of the company; it does not prove why (market, policy, or a standard the department's raters share). A change that sits in the teams whose manager changed is shown as a rater change: where only the manager rates, the new manager's standard cannot be separated from a real change in those teams.",
    },
    "attr.rater_changes": {
        "zh": "集中在更换上级团队的变动（评价人变化）",
        "en": "Changes that sit in teams with a new manager (rater change)",
    },
    "attr.waterfall_new_manager": {
        "zh": "此人的上级由 {old} 换为 {new}，且新上级的尺度无法估计（只有上级评分）：评价人部分无法估计；“个人 + 新上级”部分包含新上级的尺度，不能读作此人的真实变化；部门部分由上级未更换的同事估计。见下方“更换上级的团队”。",
        "en": "This person's manager changed from {old} to {new}, and the new manager's standard cannot be estimated (only the manager rates): the rater part cannot be estimated, and the “individual + new manager” part above holds the new manager's standard and cannot be read as a real change of this person; the department part is estimated from the colleagues whose manager did not change. See “Teams whose manager changed” below.",
    },
    # the new manager estimated through the links across cycles (rev26a item 3)
    "attr.waterfall_new_manager_linked": {
        "zh": "此人的上级由 {old} 换为 {new}。评价人页依据 {links} 名换过上级的人，经跨周期联系估计两位上级的宽严："
        "{new} {to_effect:+pt}，{old} {from_effect:+pt}（{score_scale:unit}），假设这些人本身没有变化。"
        "这一估计正来自他们的分数变化，不能再用来拆分同一变化，因此上图的“个人 + 新上级”部分仍包含新上级的尺度："
        "若假设成立，其中约 {gap:+pt} 是两位上级尺度之差。见下方“更换上级的团队”。",
        "en": "This person's manager changed from {old} to {new}. The rater page estimates both "
        "managers' standards through the links across cycles, from {links} people who changed "
        "manager: {new} {to_effect:+pt}, {old} {from_effect:+pt} {score_scale:unit}, assuming "
        "those people did not change themselves. That estimate comes from these very changes "
        "and cannot split them again, so the “individual + new manager” part above still holds "
        "the new manager's standard: if the assumption holds, about {gap:+pt} of it is the "
        "difference between the two managers' standards. See “Teams whose manager changed” below.",
    },
    "attr.waterfall_new_manager_estimated": {
        "zh": "此人的上级由 {old} 换为 {new}；新上级的尺度已由其他评价来源估计，其影响即上图的评价人部分。",
        "en": "This person's manager changed from {old} to {new}; the new manager's standard was estimated from other sources, and its effect is the rater part above.",
    },
    "attr.waterfall_sources": {
        "zh": "{from_cycle} 与 {to_cycle} 给此人评分的来源不同（例如只有一个周期有同事评分）：变动中的 {sources:+pt} 分（{score_scale:unit}）来自来源的变化，计入“评价人与来源变化”；个人部分只比较两个周期都有的来源。",
        "en": "The sources that rated this person differ between {from_cycle} and {to_cycle} (for example peer ratings in one of them only): {sources:+pt} of the change ({score_scale:unit}) comes from that and is in the “raters and sources” part; the individual part compares only the sources both cycles have.",
    },
    "attr.sources_changed": {
        "zh": "{pairs}：{n} / {total} 个变动的评分来源在两个周期间不同（例如只有一个周期有同事评分）。这些变动的个人部分只比较两个周期都有的来源，其余的移动计入评价人变化，而不是个人自己的变化。",
        "en": "In {pairs}, the rating sources of {n} of the {total} changes differ between the two cycles (for example peer ratings in one cycle only). For these the individual part compares only the sources both cycles have; the rest of the move is counted as a change of rater, not as the person's own change.",
    },
    "attr.environment_joint": {
        "zh": "公司整体与部门环境无法分开（部门太少，或一个部门占一半以上人员）",
        "en": "Company and department environment cannot be separated (too few departments, or one holds more than half of the people)",
    },
    # why, once per cycle pair: the departments' rows say only that the two are not separated
    # (left30 item 3)
    "attr.environment_joint_pairs": {
        "zh": "{pairs:clauses}：公司整体与部门环境无法分开，二者合为“公司与部门环境”，不判断是公司还是某个部门变了；各部门的行只给本部门自己的变动（与公司其余人员或本部门上一周期比较），不拆出相对公司的部分。",
        "en": '{pairs:clauses}: the company and the department environment cannot be separated; the two are one "company and department environment", whether the company or a department moved is not judged, and each department\'s line gives only its own change (against the rest of the company or its own previous cycle), no part against the company.',
    },
    # the page's note under its heading (attr.environment_joint, which says why)
    "attr.environment_joint_in_pairs": {
        "zh": "{pairs:clauses}：二者合为“公司与部门环境”，不判断是公司还是某个部门变了；下列各部门的行只给本部门自己的变动（与公司其余人员或本部门上一周期比较）。",
        "en": '{pairs:clauses}: the two are one "company and department environment"; whether the company or a department moved is not judged, and each department\'s line below gives only its own change (against the rest of the company or its own previous cycle).',
    },
    # a pair and why its company and department cannot be separated, said once for the pair
    # (left31: a dominant department's pair was explained again in every department's line)
    "attr.joint_pair": {
        "zh": "{from_cycle}→{to_cycle}（只有 {n_depts} 个部门）",
        "en": "{from_cycle}→{to_cycle} (only {n_depts:#department|departments})",
    },
    "attr.joint_pair_dominant": {
        "zh": "{from_cycle}→{to_cycle}（{dominant} 占一半以上人员）",
        "en": "{from_cycle}→{to_cycle} ({dominant} holds more than half of the people)",
    },
    "attr.manager_changes": {"zh": "更换上级的团队", "en": "Teams whose manager changed"},
    "attr.manager_changes_note": {
        "zh": "每个更换了上级的团队与本部门未换上级的人比较。这些人的变动与评价人的更换同时发生，因此不列入逆势变动人员。新上级的尺度若能通过其他评价来源（同事、隔级上级）估计，已从变动中扣除；若只有上级评分，则无法区分新上级的尺度与团队的真实变化，差异本身不说明团队变好或变差。",
        "en": "Each team whose manager changed, against the department's people without a manager change. Their change coincides with a change of rater, so they are not listed as against the trend. Where the new manager's standard could be estimated through other sources (peers, skip-levels) it is taken out of the change; where only the manager rates, the new manager's standard cannot be separated from a real change in the team, and the difference alone does not show that the team got better or worse.",
    },
    "attr.no_stories": {
        "zh": "当前范围内没有列为部门整体变动的变动（须 Holm 校正后显著、达到实质门槛且遍及本部门各团队，见下方说明）。",
        "en": "No department shift in this scope is listed (it must be significant after Holm correction, material and broad across the department's teams: see the note below).",
    },
    # a change across a change of scale (rev28b item 7): the distributions refuse the trend
    # across it; the attribution says why its changes there cannot be read as a rise or fall
    "attr.scale_break": {
        "zh": "量表在 {cycle} 从 {before} 改为 {after}：{from_cycle} → {cycle} 的变化按 0-1 标准分计算，这要假设两个量表的最低分与最高分含义相同，无法检验；因此这些变化及其拆分无法把真实的升降与量表本身的变化区分开（分数分布页也不跨越这次变化比较趋势）。",
        "en": "The scale changed from {before} to {after} in {cycle}: the changes {from_cycle} → {cycle} are on the 0-1 score, which assumes the two scales' lowest and highest mean the same, and that cannot be checked; so these changes and their parts cannot tell a real rise or fall from the change of scale itself (Distributions does not compare the trend across it either).",
    },
    "attr.waterfall_title": {"zh": "{who}：{start} → {end}", "en": "{who}: {start} → {end}"},
    "attr.waterfall_scale_break": {
        "zh": "该变化跨越量表变更（{before} → {after}）：按 0-1 标准分比较要假设两个量表的最低分与最高分含义相同，无法检验，无法把真实的升降与量表本身的变化区分开。",
        "en": "This change crosses the change of scale ({before} → {after}): on the 0-1 score it assumes the two scales' lowest and highest mean the same, which cannot be checked, so it cannot tell a real rise or fall from the change of scale itself.",
    },
}
