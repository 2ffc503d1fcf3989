"""Overview page strings."""

TEXT: dict[str, dict[str, str]] = {
    "overview.title": {"zh": "概览", "en": "Overview"},
    "overview.employees": {"zh": "员工", "en": "Employees"},
    "overview.cycles": {"zh": "考核周期", "en": "Cycles"},
    "overview.ratings": {"zh": "评分记录", "en": "Ratings"},
    # everyone who rated, self-ratings too; the headline counts raters of others (rev19e 13)
    "overview.raters": {"zh": "评价人（含自评）", "en": "Raters (incl. self)"},
    "overview.raters_help": {
        "zh": "给出过评分的人数，包括只给自己评分（自评）的员工。主要发现中的评价人只计评价他人的人，所以人数可能更少。",
        "en": "Everyone who gave a rating, including employees who only rated themselves "
        "(self-ratings). The headline findings count only those who rate others, so they may "
        "count fewer.",
    },
    "overview.quarantined": {"zh": "隔离行", "en": "Quarantined rows"},
    "overview.per_cycle": {"zh": "各周期数据量", "en": "Data per cycle"},
    "overview.company_wide": {
        "zh": "全公司、全部周期的数据，不随侧边栏的筛选变化。",
        "en": "The whole company in every cycle: the sidebar's filters do not apply here.",
    },
    "overview.reach_wide": {
        "zh": "{scope}全部周期的数据（你可查看的范围），不随侧边栏的筛选变化。",
        "en": "{scope} in every cycle (what you may see): the sidebar's filters do not apply here.",
    },
    "overview.per_role": {"zh": "按评价关系", "en": "By rater role"},
    # the sources the dataset holds, in S.RATER_ROLES order (rev23a item 13)
    "overview.completion": {
        "zh": "各部门评价完成率（{roles:@role}）",
        "en": "Review completion per department ({roles:@role})",
    },
    "overview.completion_unused": {
        "zh": "本数据集没有以下来源的评分，表中不列：{roles:@role}。",
        "en": "This dataset holds no ratings from these sources, so they have no column: "
        "{roles:@role}.",
    },
    "overview.headlines": {"zh": "主要发现", "en": "Headline findings"},
    # a headline's parts and clauses are lists (``{x:parts}``, ``{x:clauses}``): a clause whose
    # count is 0 is left out of the list, not printed as "0 位无法估计" (rev21 item 11)
    "overview.headline_raters": {"zh": "{parts:parts}", "en": "{parts:parts}"},
    # "by the rater model": the peer-panel headline below may call managers lenient (rev25b 4)
    "overview.headline_raters_none": {
        "zh": "没有评价人被评价人模型判定为偏宽松或偏严格；{parts:parts}",
        "en": "The rater model finds no rater lenient or severe; {parts:parts}",
    },
    "overview.headline_raters_unjudged": {
        "zh": "{all} 位评价他人的评价人都无法由评价人模型判定宽严（{kinds:clauses}），因此模型不能说谁偏宽松或偏严格",
        "en": "None of the {all} raters of others can be judged by the rater model ({kinds:clauses}), so the model calls no one lenient or severe",
    },
    "overview.headline_raters_scale_use": {
        "zh": "{n} 位评价人与同一批被评人的其他评价人差距明显，但可能来自评分尺度用法或团队真实水平，"
        "未判定为偏宽松或偏严格：差距需人工查看（原因见评价人页“状态说明”）",
        "en": "Rater gaps that need a human look (clear gaps to the same people's other "
        "raters that may come from how the scale is used or from the team's real level, so "
        "they are not called lenient or severe; the reason is in the rater page's 'Status "
        "detail'): {n}",
    },
    "overview.raters_strict": {
        "zh": "评价人中 {kinds:clauses}（95% 置信区间整体超出 ±0.3 SD）",
        "en": "{kinds:clauses} (whole 95% CI beyond ±0.3 SD)",
    },
    "overview.n_lenient": {"zh": "{n} 位偏宽松", "en": "{n:#lenient rater|lenient raters}"},
    "overview.n_severe": {"zh": "{n} 位偏严格", "en": "{n:#severe rater|severe raters}"},
    # the raters named, as the flat manager is, when at most NAMED_RATERS (rev27a item 7)
    "overview.n_lenient_named": {
        "zh": "{n} 位偏宽松（{ids:who}）",
        "en": "{n:#lenient rater|lenient raters} ({ids:who})",
    },
    "overview.n_severe_named": {
        "zh": "{n} 位偏严格（{ids:who}）",
        "en": "{n:#severe rater|severe raters} ({ids:who})",
    },
    "overview.raters_likely": {
        "zh": "{n} 位可能偏宽松或偏严格（控制错误发现率：约二十分之一可能有误）",
        "en": "{n} likely lenient or severe (false discovery rate controlled: about one in "
        "twenty may be wrong)",
    },
    "overview.raters_likely_more": {
        "zh": "另有 {n} 位可能偏宽松或偏严格（控制错误发现率：约二十分之一可能有误）",
        "en": "{n} more likely lenient or severe (false discovery rate controlled: about one "
        "in twenty may be wrong)",
    },
    "overview.raters_unsure": {
        "zh": "{all} 位评价他人的评价人中 {kinds:clauses}（对他们“未标记”不说明什么）",
        "en": "of {all} raters of others, {kinds:clauses} (for them 'not flagged' says nothing)",
    },
    "overview.n_not_estimable": {"zh": "{n} 位无法估计", "en": "{n} cannot be estimated"},
    "overview.n_insufficient": {"zh": "{n} 位数据不足", "en": "{n} have too little data"},
    "overview.headline_recheck": {
        "zh": "{n} 个案例上级与同事/自评分歧过大，需复核",
        "en": "{n:#case where manager and peer/self disagree|cases where manager and peer/self disagree} enough to re-check",
    },
    # only the roles the data holds (rev29a item 12: "peer/self" in a dataset with no peers)
    "overview.headline_recheck_self": {
        "zh": "{n} 个案例上级与自评分歧过大，需复核",
        "en": "{n:#case where manager and self disagree|cases where manager and self disagree} enough to re-check",
    },
    "overview.headline_recheck_peer": {
        "zh": "{n} 个案例上级与同事分歧过大，需复核",
        "en": "{n:#case where manager and peers disagree|cases where manager and peers disagree} enough to re-check",
    },
    "overview.headline_guideline_unset": {
        "zh": "尚未为等级 {grades} 设定强制分布指引，因此没有与指引比较：请在“分数分布”页的“本数据集的强制分布指引”中填写各等级的比例。",
        "en": "No guideline is set for the grades {grades}, so nothing is compared with a guideline: enter each grade's share in “This dataset's guideline” on the Distributions page.",
    },
    # one unit judged (a department with no teams, tester G session 45 item 2): named alone,
    # no "1 of 1 teams" nor "allowing for the many compared"
    "overview.headline_guideline_one": {
        "zh": "{cycle} 周期：{names:@unit?} 偏离强制分布超出随机波动：{ways:clauses}；共 {people} 人，需调整 {moves} 人{small:clauses}",
        "en": "{cycle}: {names:@unit?} is off the guideline beyond chance: {ways:clauses}; {moves} of its {people} people would change grade{small:clauses}",
    },
    "overview.headline_guideline": {
        "zh": "{cycle} 周期：{units} 个{kind:@unit_word}中 {n} 个偏离强制分布超出随机波动（已考虑同时比较多个{kind:@unit_word}：{names:@unit?}）：{ways:clauses}；这些{kind:@unit_word}共 {people} 人，需调整 {moves} 人{small:clauses}",
        "en": "{cycle}: off the guideline beyond chance (allowing for the many {kind:@unit_word} compared) in {n} of {units} {kind:@unit_word} ({names:@unit?}): {ways:clauses}; {moves} of their {people} people would change grade{small:clauses}",
    },
    # the units a scope's guideline lines count, by the level below it: a department's teams
    # are teams, not departments (left31); "_one" agrees with a count of one
    "unit_word.department": {"zh": "部门", "en": "departments"},
    "unit_word.department_one": {"zh": "部门", "en": "department"},
    "unit_word.team": {"zh": "团队", "en": "teams"},
    "unit_word.team_one": {"zh": "团队", "en": "team"},
    # which way the units off the guideline go, in the words of the page's table (rev26a
    # item 6: "5 个高等级偏少，1 个两端不一" named no department, the page called all six 偏低)
    "overview.n_way": {"zh": "{n} 个{way:@direction}", "en": "{n} {way:@direction}"},
    "overview.way_named": {
        "zh": "{names:@unit?} {way:@direction}",
        "en": "{names:@unit?} {way:@direction}",
    },
    # the whole scope against the guideline, as /distributions says it (rev26a item 6)
    "overview.headline_policy": {"zh": "{lines:sentences}", "en": "{lines:sentences}"},
    "overview.too_small_units": {
        "zh": "（另有 {n} 个{kind:@unit_word}人数过少，无法判断）",
        "en": " ({n} more too small to judge)",
    },
    # the count is the list's size, not a finding: the rule says so wherever it is shown
    # (rev24b item 10: "26 candidates" for a department was its cap, 20% of the scope)
    "overview.headline_hipo": {
        "zh": "{n} 名高潜员工候选（名单取本范围 {ranked} 人中综合分前 {share:.0%}，最多 {cap} 人）",
        "en": "{n} high-potential candidates (the list holds the top {share:.0%} of the "
        "{ranked} people ranked in this scope, at most {cap})",
    },
    "overview.headline_hipo_no_potential": {
        "zh": "潜力未记录：下列 {n} 人只按绩效排序，不是高潜名单（名单取本范围 {ranked} 人中前 {share:.0%}，"
        "最多 {cap} 人）",
        "en": "Potential not recorded: the {n} people listed are ranked on performance only, "
        "not a high-potential list (the list holds the top {share:.0%} of the {ranked} people "
        "ranked in this scope, at most {cap})",
    },
    "overview.headline_hipo_some": {
        "zh": "{n} 名高潜员工候选（名单取本范围 {ranked} 人中综合分前 {share:.0%}，最多 {cap} 人；"
        "其中 {k} 人潜力未记录，只按绩效排序）",
        "en": "{n} high-potential candidates (the list holds the top {share:.0%} of the "
        "{ranked} people ranked in this scope, at most {cap}; {k} of them with no potential "
        "recorded: ranked on performance only)",
    },
    "overview.headline_team_shift": {
        "zh": "{n} 个二级部门（团队）在某周期出现显著整体变动，计入其成员的个人部分（见趋势归因）",
        "en": "Significant team (sub-department) shifts: {n}, counted in their members' individual parts (see trend attribution)",
    },
    "overview.headline_shift": {
        "zh": "{n} 个部门在某周期出现显著整体变动（环境因素，不是个人表现）：{shifts:clauses}",
        "en": "Significant department shifts: {n} (environment, not the people's own): "
        "{shifts:clauses}",
    },
    # the people against their department's shift (rev28a item 2)
    "overview.headline_against": {
        "zh": "逆势变动人员 {n} 人（所在部门或全公司整体变动，而本人的个人部分明显反向，值得在校准中单独讨论）：{people:clauses}{more:clauses}",
        "en": "{n:#person moved|people moved} against their department's or the company's shift (the department or the whole company moved, their own part clearly the other way: worth a separate look in calibration): {people:clauses}{more:clauses}",
    },
    "overview.against_named": {
        "zh": "{who}（{dept:@unit?} {cycle} 个人部分 {individual:+pt}，{score_scale:unit}）",
        "en": "{who} ({dept:@unit?} {cycle}, own part {individual:+pt}, {score_scale:unit})",
    },
    "overview.n_more": {"zh": "等，另有 {n} 人", "en": " and {n:#other|others}"},
    "overview.shift_named": {
        "zh": "{dept:@unit?} {cycle} 整体 {shift:+pt}（{score_scale:unit}）",
        "en": "{dept:@unit?} {cycle} {shift:+pt} ({score_scale:unit})",
    },
    # the same department's shift in a later cycle, its name said once (rev33a finding 6)
    "overview.shift_named_again": {
        "zh": "{cycle} 整体 {shift:+pt}（{score_scale:unit}）",
        "en": "{cycle} {shift:+pt} ({score_scale:unit})",
    },
    # a flat manager among the findings (rev25a item 5)
    "overview.headline_raters_ct": {
        "zh": "{n} 位上级评分有趋中倾向（{ids:who}）：团队成员的分数几乎没有差异，其名次与差距不可靠",
        "en": "{n:#manager rates|managers rate} with central tendency ({ids:who}): their people's "
        "scores barely differ, so their ranks and gaps are not reliable",
    },
    "overview.headline_raters_ct_other": {
        "zh": "{n} 位评价人以同事等非上级身份评分时有趋中倾向（{ids:who}）：给不同人的分数几乎没有差异",
        "en": "{n:#rater rates|raters rate} with central tendency in a role other than manager "
        "({ids:who}): the scores they give different people barely differ",
    },
    "overview.headline_joint": {
        "zh": "{n} 对周期只有两个部门或一个部门占一半以上人员：公司整体与部门环境无法分开，不列部门整体变动（各部门与其余人员的差异见趋势归因）",
        "en": "{n:#cycle pair has|cycle pairs have} two departments, or one holding more than half of the people: the company and the "
        "department environment cannot be separated, so no department shift is named (each department against the rest: see trend attribution)",
    },
    "overview.headline_joint_dominant": {
        "zh": "{dept} {cycle} 变动 {shift:+pt0}（{score_scale:unit}，{n_dept} 人），其余部门 {rest:+pt0}（{n_rest} 人）："
        "{dept} 占一半以上人员，无法判断这是全公司的变动（如市场、政策）还是 {dept} 自己的变动",
        "en": "{dept} {cycle} moved {shift:+pt0} {score_scale:unit} ({n_dept} people) against {rest:+pt0} in the other "
        "departments ({n_rest} people): {dept} holds more than half of the people, so whether this is a company-wide "
        "move (the market, a policy) or {dept}'s own cannot be told",
    },
    "overview.headline_joint_company": {
        "zh": "{dept} {cycle} 变动 {shift:+pt0}（{score_scale:unit}，{n_dept} 人），其余部门同向变动 {rest:+pt0}（{n_rest} 人）："
        "这是全公司的变动（如市场、政策），不是 {dept} 自己的变动，不列为部门整体变动",
        "en": "{dept} {cycle} moved {shift:+pt0} {score_scale:unit} ({n_dept} people) and the other departments the same "
        "way, {rest:+pt0} ({n_rest} people): a company-wide move (the market, a policy), not {dept}'s own; no department "
        "shift is named",
    },
    "overview.headline_rater_change": {
        "zh": "{n} 个部门的变动集中在更换了上级的团队：列为评价人变化，而非部门整体变动",
        "en": "{n:#department change sits|department changes sit} in the teams whose manager "
        "changed: shown as rater changes, not as department shifts",
    },
    # the rater headlines below hr_admin are of the raters the role is shown (View.left_out)
    "overview.raters_left_out_role": {
        "zh": "评价人相关的结论只针对向你的角色显示的评价人：本范围另有 {hidden} 位评价人（查看范围以外的评价人，"
        "以及主要以同事或下属身份评分的评价人）不向你的角色显示，见“评价人”页。",
        "en": "The rater headlines are of the raters shown to your role. Not shown to your "
        "role: {hidden:#other rater|other raters} of people in this scope (outside your scope, "
        "or rating mainly as peers or subordinates); see the Raters page.",
    },
    "overview.go": {"zh": "查看", "en": "Open"},
    "column.employee_cycles": {"zh": "员工×周期", "en": "Employee-cycles"},
    "column.self_done": {"zh": "自评完成率", "en": "Self done"},
    "column.manager_done": {"zh": "上级评完成率", "en": "Manager done"},
    "column.peer_done": {"zh": "同事评完成率", "en": "Peer done"},
    "column.skip_level_done": {"zh": "隔级评完成率", "en": "Skip-level done"},
    "column.subordinate_done": {"zh": "下属评完成率", "en": "Subordinate done"},
}
