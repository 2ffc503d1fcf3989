"""What the statistics say, as codes: reasons, flags, nine-box cells, designs and the words
put into them. Parameters are named in each template; numbers are formatted here."""

TEXT: dict[str, dict[str, str]] = {
    # --- reasons: potential lists (analytics.stats.potential) -------------------------------
    "reason.top_pct_in_peer_group": {
        "zh": "{cycle} 在{group:@unit?}（n={n}）中位列前{pct:.0%}",
        "en": "top {pct:.0%} of {group:@unit?} (n={n}) in {cycle}",
    },
    # the same for a view that may not see individuals: the group is left out (rev28b item 2)
    "reason.top_pct_in_own_peer_group": {
        "zh": "{cycle} 在同类人员中位列前{pct:.0%}",
        "en": "top {pct:.0%} of their peer group in {cycle}",
    },
    "reason.consistently_top": {
        "zh": "{cycles}个周期中有{k}个周期位列同类前{band:.0%}",
        "en": "top {band:.0%} of peers for {k} of {cycles} cycles",
    },
    "reason.rising": {
        "zh": "每周期上升 {slope:pt}（±{hw:pt}，{score_scale:unit}，{cycles}个周期）",
        "en": "rising {slope:pt} per cycle (±{hw:pt}, {score_scale:unit}, {cycles} cycles)",
    },
    "reason.falling": {
        "zh": "每周期下降 {slope:pt}（±{hw:pt}，{score_scale:unit}，{p:p}，{cycles}个周期）",
        "en": "falling {slope:pt} per cycle (±{hw:pt}, {score_scale:unit}, {p:p}, {cycles} cycles)",
    },
    "reason.sources_agree": {
        "zh": "同事与经理评分相近：平均相差 {gap:pt}，不超过 {tol:pt}（量表全距的 10%；{score_scale:unit}，{cycles}个周期）",
        "en": "peers and manager close: mean gap {gap:pt}, within {tol:pt} (a tenth of the "
        "scale's range; {score_scale:unit}, over {cycles} cycles)",
    },
    "reason.rated_high_potential": {
        "zh": "{cycle} 潜力评级为高（原始评级：{label}）",
        "en": "rated high potential ({label}) in {cycle}",
    },
    "reason.high_potential_proxy": {
        "zh": "学习成长/领导力维度明显高于本人其他维度（潜力代理 {score:.2f}，非潜力评级）",
        "en": "learning/leadership dimensions well above their own other dimensions "
        "(potential proxy {score:.2f}, not a potential rating)",
    },
    "reason.under_rated": {
        "zh": "评价人偏严：百分位 原始 {raw:.0f} → 调整后 {adjusted:.0f}",
        "en": "under-rated by severe raters: percentile {raw:.0f} raw → {adjusted:.0f} adjusted",
    },
    "reason.severe_raters": {
        "zh": "{cycle} 评价人平均效应 {effect:+pt}（{score_scale:unit}）；百分位差 {gap:.0f} 点（阈值 {min_gap:.0f}），"
        "{cycles}个周期平均差 {mean_gap:.0f} 点",
        "en": "raters' mean effect {effect:+pt} {score_scale:unit} in {cycle}; percentile gap {gap:.0f} points "
        "(≥ {min_gap:.0f}), mean gap {mean_gap:.0f} over {cycles} cycles",
    },
    "reason.declined": {
        "zh": "从 {first_cycle} 的 {first:pt} 降至 {cycle} 的 {latest:pt}（{score_scale:unit}）；"
        "目前在{group:@unit?}中位于第 {pct:.0f} 百分位",
        "en": "from {first:pt} in {first_cycle} to {latest:pt} in {cycle} ({score_scale:unit}); "
        "now percentile {pct:.0f} of {group:@unit?}",
    },
    # a rise or fall with a new manager whose standard is not estimated (rev24a item 5)
    "reason.trend_new_manager": {
        "zh": "上级在 {cycle} 由 {old} 换为 {new}，新上级的尺度无法估计：这段变化与换上级同时发生，"
        "不能读作此人的真实进步或退步",
        "en": "the manager changed from {old} to {new} in {cycle}, and the new manager's "
        "standard cannot be estimated: this change coincides with the new manager and cannot "
        "be read as the person's own",
    },
    # a trend netted of its department's shift: the percentile is the company's (rev26a item 4)
    "reason.declined_company_pct": {
        "zh": "从 {first_cycle} 的 {first:pt} 降至 {cycle} 的 {latest:pt}（{score_scale:unit}）；"
        "按记录的分数（未扣除部门整体变动），目前在全公司{group:@unit?}中位于第 {pct:.0f} 百分位",
        "en": "from {first:pt} in {first_cycle} to {latest:pt} in {cycle} ({score_scale:unit}); "
        "on the score as recorded (the department shift not taken out), now percentile "
        "{pct:.0f} of {group:@unit?} company-wide",
    },
    "reason.rose_company_pct": {
        "zh": "从 {first_cycle} 的 {first:pt} 升至 {cycle} 的 {latest:pt}（{score_scale:unit}）；"
        "按记录的分数（未扣除部门整体变动），目前在全公司{group:@unit?}中位于第 {pct:.0f} 百分位",
        "en": "from {first:pt} in {first_cycle} to {latest:pt} in {cycle} ({score_scale:unit}); "
        "on the score as recorded (the department shift not taken out), now percentile "
        "{pct:.0f} of {group:@unit?} company-wide",
    },
    # the same, where the rater page estimates both managers through the links (rev27a item 2)
    "reason.trend_new_manager_linked": {
        "zh": "上级在 {cycle} 由 {old} 换为 {new}：评价人页依据 {links} 名换过上级的人，经跨周期联系估计 "
        "{new} {to_effect:+pt}、{old} {from_effect:+pt}（{score_scale:unit}），假设这些人本身没有变化；"
        "这段变化中约 {gap:+pt} 可能是两位上级尺度之差，不能全部读作此人的真实进步或退步",
        "en": "the manager changed from {old} to {new} in {cycle}: the rater page estimates "
        "{new} at {to_effect:+pt} and {old} at {from_effect:+pt} {score_scale:unit} through the "
        "{links} people who changed manager, assuming they did not change themselves; about "
        "{gap:+pt} of this change may be the difference between the two managers' standards, "
        "not all of it the person's own",
    },
    # how a new manager's standard is known (/attribution's 更换上级的团队; rev27a item 2)
    "reason.scale_by_sources": {
        "zh": "由其他评价来源估计，已从变动中扣除",
        "en": "estimated from the other rating sources, taken out of the change",
    },
    "reason.scale_by_links": {
        "zh": "经跨周期联系估计（见评价人页），未从变动中扣除",
        "en": "estimated through the links across cycles (rater page), not taken out of the change",
    },
    "reason.scale_not_estimated": {"zh": "无法估计", "en": "not estimated"},
    "reason.rose": {
        "zh": "从 {first_cycle} 的 {first:pt} 升至 {cycle} 的 {latest:pt}（{score_scale:unit}）；"
        "目前在{group:@unit?}中位于第 {pct:.0f} 百分位",
        "en": "from {first:pt} in {first_cycle} to {latest:pt} in {cycle} ({score_scale:unit}); "
        "now percentile {pct:.0f} of {group:@unit?}",
    },
    # --- cautions on a ranked row (analytics.stats.cautions; rev25a item 1) ----------------
    "reason.caution_linked_rater": {
        "zh": "评分上级 {who:who} 经跨周期联系估计{dir:@flag} {effect:+pt}（{score_scale:unit}；"
        "依据 {n} 名换过上级的人，假设他们本身没有变化），未从分数中扣除：名次不可靠",
        "en": "rating manager {who:who} is {dir:@flag} by {effect:+pt} {score_scale:unit} through "
        "the links across cycles (estimated from {n} people who changed manager, assuming they "
        "did not change themselves), not subtracted from the score: the rank is not reliable",
    },
    "reason.caution_linked_pair": {
        "zh": "评分上级 {who:who} 只与另一位上级经跨周期联系相连，相对两人的平均 {effect:+pt}（{score_scale:unit}；"
        "依据 {n} 名换过上级的人）：不知是谁偏了，未从分数中扣除，名次不可靠",
        "en": "rating manager {who:who} is linked across cycles with one other manager only, the two "
        "{effect:+pt} {score_scale:unit} each from their mean (from {n} people who changed manager): which one is off "
        "is unknown, nothing was subtracted from the score: the rank is not reliable",
    },
    # the person page's adjusted score, a rater estimated through the links only (rev26a 2)
    "reason.adjusted_linked_pair": {
        "zh": "评价人 {who:who} 只与另一位评价人经跨周期联系相连（相对两人的平均 {effect:+pt}，{score_scale:unit}；"
        "依据 {n} 名换过上级的人），不知是谁偏了，未用于校正：校正后分数等于原始分数，"
        "区间只包含评分波动，不包含该评价人标准的不确定性。",
        "en": "Rater {who:who} is linked across cycles with one other rater only ({effect:+pt} "
        "{score_scale:unit} from the two's mean, from {n} people who changed manager): which one is off is "
        "unknown, so it is not used for the adjustment: the adjusted score is the raw score, and its "
        "interval holds rating noise only, not the uncertainty of that rater's standard.",
    },
    "reason.adjusted_linked_rater": {
        "zh": "评价人 {who:who} 的尺度只由跨周期联系估计（{dir:@flag} {effect:+pt}，{score_scale:unit}；"
        "依据 {n} 名换过上级的人，假设他们本身没有变化），未用于校正：校正后分数等于原始分数，"
        "区间只包含评分波动，不包含该评价人标准的不确定性。",
        "en": "Rater {who:who}'s standard is estimated through the links across cycles only "
        "({dir:@flag} by {effect:+pt} {score_scale:unit}, from {n} people who changed manager, "
        "assuming they did not change themselves) and is not used for the adjustment: the "
        "adjusted score is the raw score, and its interval holds rating noise only, not the "
        "uncertainty of that rater's standard.",
    },
    "reason.caution_flat_team": {
        "zh": "该团队由同一上级 {who:who} 评分，团队均分比本部门其余人员{gap:hlpt}（{score_scale:unit}；"
        "95% 区间 {lo:+pt} 至 {hi:+pt}，{n} 人）且几乎无差异（趋中倾向）：名次不可靠",
        "en": "this team is rated by one manager, {who:who}, whose team mean is {gap:hlpt} than the "
        "rest of the department ({score_scale:unit}; 95% interval {lo:+pt} to {hi:+pt}, {n} "
        "people) with almost no spread (central tendency): the rank is not reliable",
    },
    "reason.caution_team_gap": {
        "zh": "该团队由同一上级 {who:who} 评分，团队均分比本部门其余人员{gap:hlpt}（{score_scale:unit}；"
        "95% 区间 {lo:+pt} 至 {hi:+pt}，{n} 人）：团队的真实水平与上级的尺度无法分开，名次不可靠",
        "en": "this team is rated by one manager, {who:who}, whose team mean is {gap:hlpt} than the "
        "rest of the department ({score_scale:unit}; 95% interval {lo:+pt} to {hi:+pt}, {n} "
        "people): the team's real level and the manager's standard cannot be told apart, so "
        "the rank is not reliable",
    },
    # a team of one or two rated by its manager only: the standard unknown (rev30b item 10)
    "reason.caution_small_team": {
        "zh": "该团队只有 {n} 人，只由上级 {who:who} 评分，没有其他评价人：团队均分比本部门其余人员"
        "{gap:hlpt}（{score_scale:unit}；95% 区间 {lo:+pt} 至 {hi:+pt}），人数太少，上级的尺度无法估计，名次不可靠",
        "en": "this team of {n} is rated by its manager, {who:who}, and by nobody else: its mean "
        "is {gap:hlpt} than the rest of the department ({score_scale:unit}; 95% interval {lo:+pt} "
        "to {hi:+pt}), too few people to estimate the manager's standard, so the rank is not "
        "reliable",
    },
    # one manager rates the whole department and nobody else rates its people (rev29b item 3)
    "reason.caution_whole_department": {
        "zh": "整个部门只由上级 {who:who} 一人评分（{n} 人），没有其他评价人：部门的水平与该上级的尺度"
        "无法分开，其宽严未被校正（其他人的分数已按评价人校正），名次不可靠",
        "en": "the whole department is rated by one manager, {who:who} ({n} people), and by nobody "
        "else: the department's level and that manager's standard cannot be told apart, and "
        "their leniency is not corrected (other people's scores are), so the rank is not reliable",
    },
    # a trend net of the department's shift the attribution identifies (rev25a item 2)
    "reason.trend_net_department": {
        "zh": "含部门整体变动 {shift:+pt}（{dept} {shift_cycles}；{score_scale:unit}），"
        "已从趋势中扣除：这部分是部门的，不是个人表现",
        "en": "includes the department shift of {shift:+pt} ({dept} {shift_cycles}; {score_scale:unit}), "
        "taken out of the trend: that part is the department's, not the person's",
    },
    # --- reasons: attribution (analytics.stats.attribution) ---------------------------------
    "reason.department_shift_significant": {
        "zh": "{dept} {from_cycle}→{to_cycle}：部门整体变动 {shift:+pt}（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}），"
        "Holm {p:p} < {alpha:g}，本部门 n={n}，其他 n={n_rest}",
        "en": "{dept} {from_cycle}→{to_cycle}: department shift {shift:+pt} {score_scale:unit} "
        "(95% CI {lo:+pt}…{hi:+pt}), Holm {p:p} < {alpha:g}, n={n} vs {n_rest} others",
    },
    "reason.scope_shift_department_wide": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 整体变动 {shift:+pt}（{score_scale:unit}；"
        "95% CI {lo:+pt}…{hi:+pt}），是相对公司其他部门共同变动的差（本部门 n={n}，其他 n={n_rest}）。"
        "这是整个部门的变动（如市场变化），不是个人表现：按指导分布调整等级，会把部门整体的变动转嫁到个人身上，"
        "请先决定这一变动是否应当改变个人等级。",
        "en": "Department-wide shift: {dept} moved {shift:+pt} {score_scale:unit} as a whole in "
        "{from_cycle}→{to_cycle} (95% CI {lo:+pt}…{hi:+pt}) against the common move of the rest "
        "of the company (n={n} vs {n_rest} others). This is a move of the whole department (a "
        "market change, say), not of its people: moving grades to the guideline would pass it "
        "on to individuals, so decide first whether it should change anyone's grade.",
    },
    # managers changed in some of its teams: the part of the teams without a new manager, as
    # the department's story says it (left29 item 9)
    "reason.scope_shift_department_wide_stable": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 未换上级的团队变动 {shift:+pt}"
        "（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}），是相对公司其他部门共同变动的差（本部门 n={n}，"
        "其中 {n_new} 人换了上级，其变动计入评价人变化；其他 n={n_rest}）。这是整个部门的变动（如市场变化），"
        "不是个人表现：按指导分布调整等级，会把部门整体的变动转嫁到个人身上，请先决定这一变动是否应当改变个人等级。",
        "en": "Department-wide shift: {dept}'s teams without a new manager moved {shift:+pt} "
        "{score_scale:unit} in {from_cycle}→{to_cycle} (95% CI {lo:+pt}…{hi:+pt}) against the "
        "common move of the rest of the company (n={n}, of whom {n_new} under a new manager, "
        "whose move counts as a change of rater, vs {n_rest} others). This is a move of the "
        "whole department (a market change, say), not of its people: moving grades to the "
        "guideline would pass it on to individuals, so decide first whether it should change "
        "anyone's grade.",
    },
    "reason.scope_shift_none_stable": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 未换上级的团队相对公司其他部门的共同变动为 "
        "{shift:+pt}（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}；本部门 n={n}，其中 {n_new} 人换了上级；"
        "其他 n={n_rest}），不算部门整体变动。",
        "en": "Department-wide shift: {dept}'s teams without a new manager moved {shift:+pt} "
        "{score_scale:unit} in {from_cycle}→{to_cycle} against the common move of the rest of "
        "the company (95% CI {lo:+pt}…{hi:+pt}; n={n}, of whom {n_new} under a new manager, vs "
        "{n_rest} others): no department-wide shift.",
    },
    "reason.scope_shift_joint_dominant": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 变动 {shift:+pt0}（{score_scale:unit}；95% CI {lo:+pt0}…{hi:+pt0}；"
        "本部门 n={n}），公司其余部门 {rest:+pt0}（n={n_rest}）。本部门占一半以上人员：无法判断这是全公司的变动（如市场、政策）"
        "还是本部门自己的变动。无论哪种，这都不是个人表现：按指导分布调整等级会把它转嫁到个人身上，请先决定这一变动是否应当改变个人等级。",
        "en": "Department-wide shift: {dept} moved {shift:+pt0} {score_scale:unit} in {from_cycle}→{to_cycle} (95% CI "
        "{lo:+pt0}…{hi:+pt0}; n={n}) against {rest:+pt0} in the other departments (n={n_rest}). This department holds more "
        "than half of the people: whether this is a company-wide move (the market, a policy) or the department's own "
        "cannot be told. Either way it is not its people's performance: moving grades to the guideline would pass it on "
        "to individuals, so decide first whether it should change anyone's grade.",
    },
    "reason.scope_shift_joint_own": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 变动 {shift:+pt0}（{score_scale:unit}；95% CI {lo:+pt0}…{hi:+pt0}；"
        "本部门 n={n}），公司其余部门没有变动（{rest:+pt0}，95% CI {rest_lo:+pt0}…{rest_hi:+pt0}；n={n_rest}）：这是本部门自己的变动。"
        "按指导分布调整等级会把它转嫁到个人身上，请先决定这一变动是否应当改变个人等级。",
        "en": "Department-wide shift: {dept} moved {shift:+pt0} {score_scale:unit} in {from_cycle}→{to_cycle} (95% CI "
        "{lo:+pt0}…{hi:+pt0}; n={n}); the other departments did not move ({rest:+pt0}, 95% CI {rest_lo:+pt0}…{rest_hi:+pt0}; "
        "n={n_rest}): this is the department's own change. Moving grades to the guideline would pass it on to "
        "individuals, so decide first whether it should change anyone's grade.",
    },
    "reason.scope_shift_joint_company": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 变动 {shift:+pt0}（{score_scale:unit}；95% CI {lo:+pt0}…{hi:+pt0}；"
        "本部门 n={n}），公司其余部门同向变动 {rest:+pt0}（95% CI {rest_lo:+pt0}…{rest_hi:+pt0}；n={n_rest}）：这是全公司的变动"
        "（如市场、政策），不是本部门自己的变动。这不是个人表现：按指导分布调整等级会把它转嫁到个人身上，请先决定这一变动是否应当改变个人等级。",
        "en": "Department-wide shift: {dept} moved {shift:+pt0} {score_scale:unit} in {from_cycle}→{to_cycle} (95% CI "
        "{lo:+pt0}…{hi:+pt0}; n={n}) and the other departments the same way, {rest:+pt0} (95% CI {rest_lo:+pt0}…"
        "{rest_hi:+pt0}; n={n_rest}): a company-wide move (the market, a policy), not the department's own. It is not "
        "its people's performance: moving grades to the guideline would pass it on to individuals, so decide first "
        "whether it should change anyone's grade.",
    },
    # the department over half of the people and the rest both stayed (left32 item 2)
    "reason.scope_shift_joint_none": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 变动 {shift:+pt0}（{score_scale:unit}；95% CI {lo:+pt0}…{hi:+pt0}；"
        "本部门 n={n}），公司其余部门 {rest:+pt0}（95% CI {rest_lo:+pt0}…{rest_hi:+pt0}；n={n_rest}）：两者都没有实质变动，"
        "什么都没有变动——既不是本部门的变动，也不是全公司的变动。",
        "en": "Department-wide shift: {dept} moved {shift:+pt0} {score_scale:unit} in {from_cycle}→{to_cycle} (95% CI "
        "{lo:+pt0}…{hi:+pt0}; n={n}), the other departments {rest:+pt0} (95% CI {rest_lo:+pt0}…{rest_hi:+pt0}; "
        "n={n_rest}): neither moved materially, so nothing moved: neither the department's own change nor a "
        "company-wide move.",
    },
    "reason.scope_shift_joint": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 相对本部门上一周期变动 {shift:+pt0}（{score_scale:unit}；"
        "95% CI {lo:+pt0}…{hi:+pt0}；n={n}），公司其余部门 {rest:+pt0}（n={n_rest}）。部门太少或另一个部门占一半以上人员，"
        "公司整体与部门环境无法分开，不给本部门相对公司的部分。",
        "en": "Department-wide shift: {dept} moved {shift:+pt0} {score_scale:unit} against its own previous cycle in "
        "{from_cycle}→{to_cycle} (95% CI {lo:+pt0}…{hi:+pt0}; n={n}), the other departments {rest:+pt0} (n={n_rest}). "
        "There are too few departments, or another holds more than half of the people: the company and the department "
        "environment cannot be separated, so no part against the company is given.",
    },
    "reason.scope_shift_none": {
        "zh": "部门整体变动：{dept} 在 {from_cycle}→{to_cycle} 相对公司其他部门的共同变动为 {shift:+pt}"
        "（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}；本部门 n={n}，其他 n={n_rest}），不算部门整体变动。",
        "en": "Department-wide shift: {dept} moved {shift:+pt} {score_scale:unit} in "
        "{from_cycle}→{to_cycle} against the common move of the rest of the company (95% CI "
        "{lo:+pt}…{hi:+pt}; n={n} vs {n_rest} others): no department-wide shift.",
    },
    "reason.department_shift_not_significant": {
        "zh": "{dept} {from_cycle}→{to_cycle}：部门整体变动 {shift:+pt}（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}），"
        "Holm {p:p} ≥ {alpha:g}，本部门 n={n}，其他 n={n_rest}",
        "en": "{dept} {from_cycle}→{to_cycle}: department shift {shift:+pt} {score_scale:unit} "
        "(95% CI {lo:+pt}…{hi:+pt}), Holm {p:p} ≥ {alpha:g}, n={n} vs {n_rest} others",
    },
    "reason.department_shift_rater_change_estimated": {
        "zh": "{dept} {from_cycle}→{to_cycle}：变动 {shift:+pt}（{score_scale:unit}）集中在更换了上级的团队（{n_changed}/{n} 人，"
        "占变动的 {share:.0%}），未换上级的团队变动 {broad:+pt}（Holm {broad_p:p}），不算部门整体变动。"
        "新上级的尺度已由其他评价来源估计并扣除；余下的变动可能是这些团队的真实变化，也可能是模型未捕捉到的尺度差异",
        "en": "{dept} {from_cycle}→{to_cycle}: the change of {shift:+pt} {score_scale:unit} sits in the teams whose "
        "manager changed ({n_changed} of {n} people, {share:.0%} of the change); the teams without "
        "a manager change moved {broad:+pt} (Holm {broad_p:p}), so this is not a department-wide "
        "shift. The new managers' standard was estimated from other sources and taken out; what "
        "remains may be a real change in those teams or a difference of standard the model did "
        "not catch",
    },
    "reason.parts_not_separable": {
        "zh": "上级由 {old} 换为 {new}，新上级的尺度无法估计（只有上级评分）：评价人部分无法估计，个人部分与上级更换无法区分开，合并为“个人 + 新上级”部分，不能读作此人的真实变化。",
        "en": "The manager changed from {old} to {new}, and the new manager's standard cannot be estimated (only the manager rates): the rater part cannot be estimated, and the individual part cannot be separated from the change of manager; it is shown merged as “individual + new manager” and cannot be read as a real change of this person.",
    },
    "reason.department_shift_rater_change_not_separable": {
        "zh": "{dept} {from_cycle}→{to_cycle}：评价人变化——变动 {shift:+pt}（{score_scale:unit}）集中在更换了上级的团队"
        "（{n_changed}/{n} 人，占变动的 {share:.0%}），未换上级的团队变动 {broad:+pt}（Holm {broad_p:p}），"
        "不算部门整体变动。只有上级评分，新上级的尺度无法与团队的真实变化区分开",
        "en": "{dept} {from_cycle}→{to_cycle}: rater change: the change of {shift:+pt} {score_scale:unit} sits in "
        "the teams whose manager changed ({n_changed} of {n} people, {share:.0%} of the change); "
        "the teams without a manager change moved {broad:+pt} (Holm {broad_p:p}), so this is not "
        "a department-wide shift. Only the manager rates these people: the new manager's "
        "standard cannot be separated from a real change in the team",
    },
    # the why (a department over half of the people, too few departments) is said once per
    # pair, above the lines (stories.joint_pairs: attr.environment_joint_pairs); each line
    # short (left31)
    "reason.department_shift_joint": {
        "zh": "{dept} {from_cycle}→{to_cycle}：校正后平均变动 {mean:+pt0}（{score_scale:unit}，{n} 人），公司其余部门 {rest_mean:+pt0}"
        "（{n_rest} 人），相差 {diff:+pt0}（95% CI {diff_lo:+pt0}…{diff_hi:+pt0}）；公司与部门环境无法分开："
        "无法判断这是全公司的变动（如市场、政策）还是 {dept} 自己的变动",
        "en": "{dept} {from_cycle}→{to_cycle}: mean adjusted change {mean:+pt0} {score_scale:unit} ({n} people) against "
        "{rest_mean:+pt0} in the other departments ({n_rest} people), a difference of {diff:+pt0} (95% CI {diff_lo:+pt0}…{diff_hi:+pt0}); "
        "company and department environment cannot be separated: whether this is a company-wide move "
        "(the market, a policy) or {dept}'s own cannot be told",
    },
    # one department over half of the people, the rest did not move / moved the same way
    # (fixattr31, rev31a item 2)
    "reason.department_shift_joint_own": {
        "zh": "{dept} {from_cycle}→{to_cycle}：校正后平均变动 {mean:+pt0}（{score_scale:unit}，{n} 人）；公司其余部门"
        "（n={n_rest}）没有变动（{rest_mean:+pt0}，95% CI {rest_lo:+pt0}…{rest_hi:+pt0}），相差 {diff:+pt0}"
        "（95% CI {diff_lo:+pt0}…{diff_hi:+pt0}，Holm {diff_p:p}）：这是 {dept} 自己的变动，列为部门整体变动",
        "en": "{dept} {from_cycle}→{to_cycle}: mean adjusted change {mean:+pt0} {score_scale:unit} ({n} people); the "
        "other departments (n={n_rest}) did not move ({rest_mean:+pt0}, 95% CI {rest_lo:+pt0}…{rest_hi:+pt0}), a "
        "difference of {diff:+pt0} (95% CI {diff_lo:+pt0}…{diff_hi:+pt0}, Holm {diff_p:p}): this is {dept}'s own "
        "change, listed as a department shift",
    },
    "reason.department_shift_joint_company": {
        "zh": "{dept} {from_cycle}→{to_cycle}：校正后平均变动 {mean:+pt0}（{score_scale:unit}，{n} 人）；公司其余部门"
        "（n={n_rest}）同向变动 {rest_mean:+pt0}（95% CI {rest_lo:+pt0}…{rest_hi:+pt0}），相差 {diff:+pt0}"
        "（95% CI {diff_lo:+pt0}…{diff_hi:+pt0}）：这是全公司的变动（如市场、政策），不是 {dept} 自己的变动，"
        "不列为部门整体变动",
        "en": "{dept} {from_cycle}→{to_cycle}: mean adjusted change {mean:+pt0} {score_scale:unit} ({n} people); the "
        "other departments (n={n_rest}) moved the same way, {rest_mean:+pt0} (95% CI {rest_lo:+pt0}…{rest_hi:+pt0}), "
        "a difference of {diff:+pt0} (95% CI {diff_lo:+pt0}…{diff_hi:+pt0}): a company-wide move (the market, a "
        "policy), not {dept}'s own; no department shift",
    },
    # ... or neither moved materially (left32 item 2)
    "reason.department_shift_joint_none": {
        "zh": "{dept} {from_cycle}→{to_cycle}：校正后平均变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人）；公司其余部门（n={n_rest}）{rest_mean:+pt0}（95% CI {rest_lo:+pt0}…{rest_hi:+pt0}）：两者的区间都在"
        "±{thr:pt0} 的实质变动以内，什么都没有变动：既不是部门整体变动，也不是全公司的变动",
        "en": "{dept} {from_cycle}→{to_cycle}: mean adjusted change {mean:+pt0} {score_scale:unit} (95% CI {lo:+pt0}…"
        "{hi:+pt0}, {n} people); the other departments (n={n_rest}) {rest_mean:+pt0} (95% CI {rest_lo:+pt0}…"
        "{rest_hi:+pt0}): both intervals lie within the material shift of ±{thr:pt0}, so nothing moved: neither a "
        "department shift nor a company-wide move",
    },
    "reason.department_shift_joint_few": {
        "zh": "{dept} {from_cycle}→{to_cycle}：校正后平均变动 {mean:+pt0}（{score_scale:unit}，{n} 人），公司其余部门 {rest_mean:+pt0}"
        "（{n_rest} 人），相差 {diff:+pt0}（95% CI {diff_lo:+pt0}…{diff_hi:+pt0}）；公司与部门环境无法分开",
        "en": "{dept} {from_cycle}→{to_cycle}: mean adjusted change {mean:+pt0} {score_scale:unit} ({n} people) against "
        "{rest_mean:+pt0} in the other departments ({n_rest} people), a difference of {diff:+pt0} (95% CI {diff_lo:+pt0}…{diff_hi:+pt0}); "
        "company and department environment cannot be separated",
    },
    "reason.department_shift_joint_other": {
        "zh": "{dept} {from_cycle}→{to_cycle}：相对本部门上一周期变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人），没有明确变动；公司与部门环境无法分开",
        "en": "{dept} {from_cycle}→{to_cycle}: {mean:+pt0} {score_scale:unit} against its own previous cycle (95% CI "
        "{lo:+pt0}…{hi:+pt0}, {n} people): no clear move; company and department environment cannot be separated",
    },
    "reason.department_shift_joint_other_moved": {
        "zh": "{dept} {from_cycle}→{to_cycle}：相对本部门上一周期变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人）；公司与部门环境无法分开",
        "en": "{dept} {from_cycle}→{to_cycle}: {mean:+pt0} {score_scale:unit} against its own previous cycle (95% CI "
        "{lo:+pt0}…{hi:+pt0}, {n} people); company and department environment cannot be separated",
    },
    # ... each line as its pair's answer says (left32 item 4: "cannot be separated" beside a
    # pair answered company-wide)
    "reason.department_shift_joint_other_own": {
        "zh": "{dept} {from_cycle}→{to_cycle}：相对本部门上一周期变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人），没有明确变动；这一对周期的变动是 {dominant} 自己的变动",
        "en": "{dept} {from_cycle}→{to_cycle}: {mean:+pt0} {score_scale:unit} against its own previous cycle (95% CI "
        "{lo:+pt0}…{hi:+pt0}, {n} people): no clear move; the pair's move is {dominant}'s own change",
    },
    "reason.department_shift_joint_other_moved_own": {
        "zh": "{dept} {from_cycle}→{to_cycle}：相对本部门上一周期变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人）；这一对周期的主要变动是 {dominant} 自己的变动，其余部门整体没有变动",
        "en": "{dept} {from_cycle}→{to_cycle}: {mean:+pt0} {score_scale:unit} against its own previous cycle (95% CI "
        "{lo:+pt0}…{hi:+pt0}, {n} people); the pair's move is {dominant}'s own change, the other departments as a "
        "whole did not move",
    },
    "reason.department_shift_joint_other_company": {
        "zh": "{dept} {from_cycle}→{to_cycle}：相对本部门上一周期变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人），没有明确变动；这一对周期的变动是全公司的变动（如市场、政策）",
        "en": "{dept} {from_cycle}→{to_cycle}: {mean:+pt0} {score_scale:unit} against its own previous cycle (95% CI "
        "{lo:+pt0}…{hi:+pt0}, {n} people): no clear move; the pair's move is company-wide (the market, a policy)",
    },
    "reason.department_shift_joint_other_moved_company": {
        "zh": "{dept} {from_cycle}→{to_cycle}：相对本部门上一周期变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人）；这一对周期的变动是全公司的变动（如市场、政策），不是某个部门自己的变动",
        "en": "{dept} {from_cycle}→{to_cycle}: {mean:+pt0} {score_scale:unit} against its own previous cycle (95% CI "
        "{lo:+pt0}…{hi:+pt0}, {n} people); the pair's move is company-wide (the market, a policy), not one "
        "department's own",
    },
    "reason.department_shift_joint_other_none": {
        "zh": "{dept} {from_cycle}→{to_cycle}：相对本部门上一周期变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人），没有明确变动；这一对周期 {dominant} 与其余部门都没有实质变动",
        "en": "{dept} {from_cycle}→{to_cycle}: {mean:+pt0} {score_scale:unit} against its own previous cycle (95% CI "
        "{lo:+pt0}…{hi:+pt0}, {n} people): no clear move; in this pair neither {dominant} nor the other departments "
        "moved materially",
    },
    "reason.department_shift_joint_other_moved_none": {
        "zh": "{dept} {from_cycle}→{to_cycle}：相对本部门上一周期变动 {mean:+pt0}（{score_scale:unit}，95% CI {lo:+pt0}…{hi:+pt0}，"
        "{n} 人）；这一对周期 {dominant} 与其余部门整体都没有实质变动",
        "en": "{dept} {from_cycle}→{to_cycle}: {mean:+pt0} {score_scale:unit} against its own previous cycle (95% CI "
        "{lo:+pt0}…{hi:+pt0}, {n} people); in this pair neither {dominant} nor the other departments as a whole "
        "moved materially",
    },
    "reason.manager_change_estimated": {
        "zh": "{dept} {from_cycle}→{to_cycle}：上级由 {manager_from} 换为 {manager_to}（{n} 人）。"
        "新上级的尺度已由其他评价来源估计，评价人部分 {rater:+pt}（{score_scale:unit}）；扣除后相对本部门未换上级的 {n_stable} 人 "
        "{diff:+pt}（95% CI {lo:+pt}…{hi:+pt}）",
        "en": "{dept} {from_cycle}→{to_cycle}: manager {manager_from} → {manager_to} ({n} people). "
        "The new manager's standard was estimated from other sources: rater part {rater:+pt} {score_scale:unit}; "
        "after it, {diff:+pt} against the department's {n_stable} people without a manager "
        "change (95% CI {lo:+pt}…{hi:+pt})",
    },
    "reason.manager_change_not_separable": {
        "zh": "{dept} {from_cycle}→{to_cycle}：上级由 {manager_from} 换为 {manager_to}（{n} 人），"
        "相对本部门未换上级的 {n_stable} 人 {diff:+pt}（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}）。"
        "评价人变化：新上级的尺度无法与团队的真实变化区分开",
        "en": "{dept} {from_cycle}→{to_cycle}: manager {manager_from} → {manager_to} ({n} people), "
        "{diff:+pt} {score_scale:unit} against the department's {n_stable} people without a manager change "
        "(95% CI {lo:+pt}…{hi:+pt}). Rater change: the new manager's standard cannot be "
        "separated from a real change in the team",
    },
    # a manager of the earlier cycle still rates the team beside the new one, or one of its
    # managers stopped: said as words, not as the sets "00902 → 00902,00907" (left30 item 1)
    "reason.manager_change_estimated_kept": {
        "zh": "{dept} {from_cycle}→{to_cycle}：上级由 {manager_from} 换为 {manager_new}，{manager_kept} 也仍评价这 {n} 人。"
        "新上级的尺度已由其他评价来源估计，评价人部分 {rater:+pt}（{score_scale:unit}）；扣除后相对本部门未换上级的 {n_stable} 人 "
        "{diff:+pt}（95% CI {lo:+pt}…{hi:+pt}）",
        "en": "{dept} {from_cycle}→{to_cycle}: manager {manager_from} → {manager_new}, {manager_kept} also still "
        "rating these {n} people. The new manager's standard was estimated from other sources: rater part "
        "{rater:+pt} {score_scale:unit}; after it, {diff:+pt} against the department's {n_stable} people "
        "without a manager change (95% CI {lo:+pt}…{hi:+pt})",
    },
    "reason.manager_change_estimated_dropped": {
        "zh": "{dept} {from_cycle}→{to_cycle}：这 {n} 人原由 {manager_from} 评价，现只由 {manager_kept} 评价。"
        "评价人的尺度已由其他评价来源估计，评价人部分 {rater:+pt}（{score_scale:unit}）；扣除后相对本部门未换上级的 {n_stable} 人 "
        "{diff:+pt}（95% CI {lo:+pt}…{hi:+pt}）",
        "en": "{dept} {from_cycle}→{to_cycle}: these {n} people, rated by {manager_from} before, are now rated "
        "by {manager_kept} alone. The raters' standards were estimated from other sources: rater part "
        "{rater:+pt} {score_scale:unit}; after it, {diff:+pt} against the department's {n_stable} people "
        "without a manager change (95% CI {lo:+pt}…{hi:+pt})",
    },
    "reason.manager_change_not_separable_kept": {
        "zh": "{dept} {from_cycle}→{to_cycle}：上级由 {manager_from} 换为 {manager_new}，{manager_kept} 也仍评价这 {n} 人；"
        "相对本部门未换上级的 {n_stable} 人 {diff:+pt}（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}）。"
        "评价人变化：新上级的尺度无法与团队的真实变化区分开",
        "en": "{dept} {from_cycle}→{to_cycle}: manager {manager_from} → {manager_new}, {manager_kept} also still "
        "rating these {n} people; {diff:+pt} {score_scale:unit} against the department's {n_stable} people "
        "without a manager change (95% CI {lo:+pt}…{hi:+pt}). Rater change: the new manager's standard "
        "cannot be separated from a real change in the team",
    },
    "reason.manager_change_not_separable_dropped": {
        "zh": "{dept} {from_cycle}→{to_cycle}：这 {n} 人原由 {manager_from} 评价，现只由 {manager_kept} 评价；"
        "相对本部门未换上级的 {n_stable} 人 {diff:+pt}（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}）。"
        "评价人变化：评价人尺度的变化无法与团队的真实变化区分开",
        "en": "{dept} {from_cycle}→{to_cycle}: these {n} people, rated by {manager_from} before, are now rated "
        "by {manager_kept} alone; {diff:+pt} {score_scale:unit} against the department's {n_stable} people "
        "without a manager change (95% CI {lo:+pt}…{hi:+pt}). Rater change: the change of standard "
        "cannot be separated from a real change in the team",
    },
    # the rater page estimates the two managers through these very people (rev25a item 3)
    "reason.manager_change_linked": {
        "zh": "{dept} {from_cycle}→{to_cycle}：上级由 {manager_from} 换为 {manager_to}（{n} 人），"
        "相对本部门未换上级的 {n_stable} 人 {diff:+pt}（{score_scale:unit}；95% CI {lo:+pt}…{hi:+pt}）。"
        "评价人页正是依据这 {links} 名换过上级的人估计两位上级的宽严（{manager_to} {to_effect:+pt}，"
        "{manager_from} {from_effect:+pt}），假设他们本身没有变化；若他们确有变化，就无法与新上级的尺度区分",
        "en": "{dept} {from_cycle}→{to_cycle}: manager {manager_from} → {manager_to} ({n} "
        "people), {diff:+pt} {score_scale:unit} against the department's {n_stable} people "
        "without a manager change (95% CI {lo:+pt}…{hi:+pt}). The rater page estimates the two "
        "managers' standards from these {links} people who changed manager ({manager_to} "
        "{to_effect:+pt}, {manager_from} {from_effect:+pt}), assuming they did not change "
        "themselves; if they did, it cannot be told from the new manager's standard",
    },
    "reason.against_department_trend": {
        "zh": "{dept}整体{dept_dir:@word} {shift:pt}（{score_scale:unit}；Holm {p:p}，n={n_dept}），"
        "而此人相对部门{own_dir:@word} {individual:pt}（z={z:+.1f}，阈值 {threshold:g}；n={n}）",
        "en": "{dept} {dept_dir:@word} {shift:pt} {score_scale:unit} (Holm {p:p}, n={n_dept}) while this person "
        "{own_dir:@word} {individual:pt} beyond the department "
        "(z={z:+.1f}, threshold {threshold:g}; n={n})",
    },
    "reason.against_company_trend": {
        "zh": "全公司整体{co_dir:@word} {company:pt0}（{score_scale:unit}，95% 区间不含 0，n={n}），"
        "而此人相对本部门{own_dir:@word} {individual:pt}（z={z:+.1f}，阈值 {threshold:g}）",
        "en": "the whole company {co_dir:@word} {company:pt0} {score_scale:unit} (95% interval excludes 0, n={n}) "
        "while this person {own_dir:@word} {individual:pt} beyond their department "
        "(z={z:+.1f}, threshold {threshold:g})",
    },
    "reason.against_joint_trend": {
        "zh": "公司或部门环境{co_dir:@word} {company:pt0}（{score_scale:unit}，95% 区间不含 0，n={n}；一个部门占一半以上人员"
        "或部门太少，无法分开是全公司还是本部门的变动），而此人相对本部门{own_dir:@word} {individual:pt}（z={z:+.1f}，阈值 {threshold:g}）",
        "en": "the company or department environment {co_dir:@word} {company:pt0} {score_scale:unit} "
        "(95% interval excludes 0, n={n}; one department holds more than half of the people, or there are too few "
        "departments, to tell a company-wide move from the department's own) while this person {own_dir:@word} "
        "{individual:pt} beyond their department (z={z:+.1f}, threshold {threshold:g})",
    },
    # --- reasons: re-check list (analytics.stats.gaps) ----------------------------------------
    "reason.manager_peer": {
        "zh": "上级与同事评分差距过大",
        "en": "manager and peers disagree",
    },
    "reason.self_manager": {
        "zh": "自评与上级评分差距过大",
        "en": "self and manager disagree",
    },
    # --- words put into other templates ({x:@word}) -------------------------------------------
    "word.rose": {"zh": "上升", "en": "rose"},
    "word.fell": {"zh": "下降", "en": "fell"},
    # --- rater flags (analytics.stats.raters.RATER_FLAGS) ---------------------------------------
    "flag.none": {"zh": "未标记", "en": "not flagged"},
    "flag.lenient": {"zh": "偏宽松", "en": "lenient"},
    "flag.severe": {"zh": "偏严格", "en": "severe"},
    "flag.central_tendency": {"zh": "趋中倾向", "en": "central tendency"},
    "flag.halo": {"zh": "光环效应", "en": "halo"},
    "flag.recency": {"zh": "近因效应", "en": "recency"},
    # the tier beside the strict flag: false discovery rate controlled (Benjamini-Hochberg)
    "flag.likely_lenient": {"zh": "可能偏宽松", "en": "likely lenient"},
    "flag.likely_severe": {"zh": "可能偏严格", "en": "likely severe"},
    # --- what can be said about a rater's leniency (analytics.stats.raters.RATER_STATUSES) ----
    "status.flagged": {"zh": "已标记", "en": "Flagged"},
    "status.clear": {"zh": "未发现偏差", "en": "Clear"},
    "status.not_estimable": {"zh": "无法估计", "en": "Cannot be estimated"},
    "status.insufficient_data": {"zh": "数据不足", "en": "Too little data"},
    "status.pair_only": {
        "zh": "无法区分：只有两位评价人相连",
        "en": "Cannot tell which: only 2 raters linked",
    },
    "status.scale_use": {"zh": "评分尺度用法不同", "en": "Scale use differs"},
    "interval.pct_range": {"zh": "{lo:+.1%} 至 {hi:+.1%}", "en": "{lo:+.1%} to {hi:+.1%}"},
    "interval.share_range": {"zh": "{lo:.0%} 至 {hi:.0%}", "en": "{lo:.0%} to {hi:.0%}"},
    "interval.not_estimable": {"zh": "无法估计", "en": "cannot be estimated"},
    "status.estimated": {"zh": "已估计", "en": "Estimated"},
    "status.partly_estimated": {"zh": "部分可估计", "en": "Partly estimated"},
    "interval.blup": {
        "zh": "评分少的评价人的效应按评价人之间的实际差异向平均收缩（方法：随机效应 BLUP）",
        "en": "the effects of raters with few ratings pulled towards the average by how much "
        "raters really differ (method: random effects, BLUP)",
    },
    "interval.links": {
        "zh": "跨周期联系的固定效应（不收缩，相对于相连评价人的平均）",
        "en": "fixed effects through links across cycles (not shrunk, relative to the linked raters' mean)",
    },
    "interval.fixed": {"zh": "固定效应（不收缩）", "en": "fixed effects (not shrunk)"},
    "interval.fixed_fallback": {
        "zh": "固定效应（不收缩）：检验无法把评价人之间的差异与 0 区分开；这不说明评价人标准一致，"
        "较小的差异可能检测不到",
        "en": "fixed effects (not shrunk): the test could not tell the spread between raters "
        "from 0; this does not show that raters share one standard, only that smaller "
        "differences may go unseen",
    },
    # --- why a unit's rater share is (not) identified (attribution.variance_decomposition) ----
    "reason.rater_share_not_identified": {
        "zh": "无法估计：本单元没有一位评价人的宽严可被估计（例如只有上级评分），评价人部分按 0 处理，"
        "其尺度落在个人部分中，因此无法判断评价人解释了多少变动",
        "en": "cannot be estimated: no rater's standard in this unit could be estimated (e.g. "
        "only the manager rates), so the rater part is set to 0 by convention and the raters' "
        "standards sit in the individual part; how much of the change the raters explain is "
        "unknown",
    },
    "reason.rater_share_partly_identified": {
        "zh": "部分可估计：只有部分变动的评价人宽严可被估计，其余按 0 计，占比只反映可估计的评价人",
        "en": "partly estimated: only some changes have raters whose standard could be "
        "estimated; the others count as 0, so the share reflects the estimated raters only",
    },
    # --- why a rater has that status (analytics.stats.raters.STATUS_REASONS) ------------------
    "reason.own_ratees_only": {
        "zh": "无法估计：其 {n} 名被评人没有其他评价人，评分宽严与团队真实水平无法区分",
        "en": "cannot be estimated: nobody else rates their {n} ratees, so their standard "
        "cannot be told apart from the team's real level",
    },
    "reason.link_flag_strict": {
        "zh": "{dir:@flag}（跨周期联系）：整个 95% 置信区间超出 ±{thr:pt}（{score_scale:unit}），"
        "且控制错误发现率后显著（{q:q}）。"
        "依据是换过评价人的 {n} 人：同一人在这位和另一位评价人手下的分数之差，已扣除部门当期的整体变动；"
        "效应是相对于通过换人相连的 {raters} 位评价人的平均（共 {shared} 人相连）；只有两位相连时，这只说明两人相差多少，不说明是谁偏了",
        "en": "{dir:@flag} (links across cycles): the whole 95% CI lies beyond ±{thr:pt} "
        "{score_scale:unit}, significant with the false discovery rate controlled ({q:q}). It rests on {n} people who changed rater: the same person's scores "
        "under this rater and another, net of their department's change that cycle; the effect "
        "is relative to the mean of the {raters} raters these changes link ({shared} linking "
        "people); where only two raters are linked it says how far apart they are, not which one is off",
    },
    "reason.link_pair": {
        "zh": "无法区分是谁偏了（跨周期联系）：只有两位评价人通过换人相连（{n} 人），效应 {effect:+pt}（{score_scale:unit}）"
        "是两人之差的一半：只说明两人相差多少，不说明是谁偏宽松或偏严格，因此不标记；"
        "差值也包含换人时这些人自己的变化和部门当期未扣尽的变动",
        "en": "cannot tell which (links across cycles): only two raters are linked ({n} people), and the effect "
        "{effect:+pt} {score_scale:unit} is half their difference: it says how far apart they are, not which one "
        "is lenient or severe, so neither is flagged; the difference also holds these people's own change at "
        "the change of rater and any department move not taken out",
    },
    "reason.link_flag_likely": {
        "zh": "可能{dir:@flag}（跨周期联系）：控制错误发现率后显著（{q:q}），效应超过 ±{thr:pt}"
        "（{score_scale:unit}），但区间未整体超出；依据是换过评价人的 {n} 人，相对于相连的 {raters} 位"
        "评价人的平均；只有两位相连时只说明两人相差多少",
        "en": "likely {dir:@flag} (links across cycles): significant with the false discovery "
        "rate controlled ({q:q}) and beyond ±{thr:pt} {score_scale:unit}, but the CI does not "
        "lie wholly beyond it; rests on {n} people who changed rater, relative to the mean of "
        "the {raters} linked raters; with two, only how far apart they are",
    },
    "reason.link_clear": {
        "zh": "未发现实质性宽严（跨周期联系：依据换过评价人的 {n} 人，相对于相连的 {raters} 位评价人的平均，"
        "阈值 ±{thr:pt}（{score_scale:unit}））",
        "en": "no material leniency or severity found (links across cycles: {n} people who "
        "changed rater, relative to the mean of the {raters} linked raters; threshold "
        "±{thr:pt} {score_scale:unit})",
    },
    "reason.link_none": {
        "zh": "无法估计：没有一位被评人在任何周期由其他评价人评过，评分宽严与团队真实水平无法区分",
        "en": "cannot be estimated: no ratee was rated by another rater in any cycle, so their "
        "standard cannot be told apart from the team's real level",
    },
    "reason.link_few": {
        "zh": "数据不足：换过评价人、把这位评价人与其他人相连的只有 {n} 人（至少需 {min} 人）",
        "en": "too little data: only {n} people who changed rater link this rater with "
        "others (at least {min} needed)",
    },
    "reason.link_large_set": {
        "zh": "无法估计：通过换人相连的评价人有 {raters} 位，超过本方法一次可精确求解的规模",
        "en": "cannot be estimated: {raters} raters are linked through people who changed "
        "rater, more than this method solves exactly at once",
    },
    "reason.link_no_df": {
        "zh": "数据不足：没有剩余自由度来估计误差",
        "en": "too little data: no residual degrees of freedom to estimate the error",
    },
    "reason.ill_conditioned": {
        "zh": "无法估计：评价设计中评价人之间的联系太弱，宽严效应的方程组解不稳定，"
        "给出的数值不可信",
        "en": "cannot be estimated: the raters are linked too weakly through shared ratees "
        "for the leniency equations to have a stable solution, so any number would be "
        "unreliable",
    },
    "reason.small_connected_set": {
        "zh": "无法估计：通过共同被评人相连的评价人只有 {raters} 位（至少需 {min} 位），"
        "无法判断是谁有偏差",
        "en": "cannot be estimated: only {raters:#rater is|raters are} linked through shared "
        "ratees "
        "(at least {min} needed), so the data cannot tell which of them differs",
    },
    "reason.no_residual_df": {
        "zh": "数据不足：没有剩余自由度，无法估计误差",
        "en": "too little data: no residual degrees of freedom to estimate the error",
    },
    "reason.few_shared_ratees": {
        "zh": "数据不足：仅 {shared} 名被评人同时有其他评价人（至少需 {min} 名）",
        "en": "too little data: only {shared} of their ratees are also rated by someone else "
        "(at least {min} needed)",
    },
    "reason.halo_no_other_raters": {
        "zh": "光环效应无法估计：没有其他评价人对同一批被评人做多维度评分，"
        "无法区分光环与团队各项能力本就均衡",
        "en": "halo cannot be estimated: nobody else scored the same people on several "
        "dimensions, so halo cannot be told from a team whose strengths are really even",
    },
    "reason.ct_flagged": {
        "zh": "趋中倾向：给不同人的分数拉开的幅度只有同一批被评人其他评价人的 {ratio:.2f} 倍"
        "（95% 区间 {lo:.2f}–{hi:.2f}，{n} 位被评人；已按检验的评价人数做多重比较校正，{q:q}）",
        "en": "central tendency: spreads people only {ratio:.2f} times as widely as the same "
        "people's other raters (95% interval {lo:.2f}–{hi:.2f}, {n} ratees; {q:q} after "
        "correcting for the number of raters tested)",
    },
    "reason.ct_role_flagged": {
        "zh": "趋中倾向（作为{role:@role?}评分）：给不同人的分数拉开的幅度只有同一批被评人其他评价人的 "
        "{ratio:.2f} 倍（95% 区间 {lo:.2f}–{hi:.2f}，{n} 位被评人；已按检验的评价人数做多重比较校正，{q:q}）",
        "en": "central tendency (rating as {role:@role?}): spreads people only {ratio:.2f} times "
        "as widely as the same people's other raters (95% interval {lo:.2f}–{hi:.2f}, {n} "
        "ratees; {q:q} after correcting for the number of raters tested)",
    },
    "reason.ct_role_typical_flagged": {
        "zh": "趋中倾向（作为{role:@role?}评分）：与同一批被评人的其他评价人相比，给不同人的分数拉开的幅度"
        "只有一般{role:@role?}的 {ratio:.2f} 倍（一般{role:@role?}是其他评价人的 {typical:.2f} 倍；"
        "95% 区间 {lo:.2f}–{hi:.2f}，{n} 位被评人；已按检验的评价人数做多重比较校正，{q:q}）",
        "en": "central tendency (rating as {role:@role?}): against the same people's other raters, "
        "spreads people only {ratio:.2f} times as widely as a typical {role:@role?} rater does "
        "(a typical one spreads them {typical:.2f} times as widely as the others; 95% interval "
        "{lo:.2f}–{hi:.2f}, {n} ratees; {q:q} after correcting for the number of raters tested)",
    },
    "reason.halo_flagged": {
        "zh": "光环效应：同一人各维度之间的分差只有同一批被评人其他评价人的 {ratio:.2f} 倍"
        "（95% 区间 {lo:.2f}–{hi:.2f}，{n} 位被评人；已按检验的评价人数做多重比较校正，{q:q}）",
        "en": "halo: separates a person's dimensions only {ratio:.2f} times as much as the same "
        "people's other raters (95% interval {lo:.2f}–{hi:.2f}, {n} ratees; {q:q} after "
        "correcting for the number of raters tested)",
    },
    "reason.ct_pooled_flagged": {
        "zh": "趋中倾向（各周期合并判断）：给本团队不同人的分数拉开的幅度只有本部门其他评价人对各自团队的 "
        "{ratio:.2f} 倍（95% 区间 {lo:.2f}–{hi:.2f}，{n} 人、{units} 次评分，同一人每个周期计一次；"
        "已按检验的评价人数做多重比较校正，{q:q}）。注意：没有其他人评过同一批人，真正水平整齐的团队"
        "看起来也是这样",
        "en": "central tendency (cycles pooled): spreads their team only {ratio:.2f} times as "
        "widely as the department's other raters spread theirs (95% interval {lo:.2f}–{hi:.2f}, "
        "{n} people, {units} ratings, a person counted once per cycle; {q:q} after correcting "
        "for the number of raters tested). Caution: nobody else rated the same people, and a "
        "team that is really even looks the same",
    },
    "reason.ct_pooled_too_few": {
        "zh": "{kind:@flag}（各周期合并）：只有 {units} 次评分、{n} 人（至少需 {min_units} 次评分、"
        "{min} 人），无法判断",
        "en": "{kind:@flag} (cycles pooled): only {units} ratings of {n} people (at least "
        "{min_units} ratings of {min} people needed): too few to tell",
    },
    "reason.pattern_too_few": {
        "zh": "{kind:@flag}：只有 {n} 位被评人（少于 {min} 位），评分太少，无法判断",
        "en": "{kind:@flag}: only {n} ratees (fewer than {min}): too few ratings to tell",
    },
    "reason.rec_flagged": {
        "zh": "近因效应：评分与最后一期 KPI 达成的相关（{r_last:.2f}）比与整个周期的（{r_whole:.2f}）"
        "高 {diff:.2f}（95% 区间 {lo:.2f}–{hi:.2f}，{n} 位被评人、{units} 次评价；"
        "已按检验的评价人数做多重比较校正，{q:q}）；这只说明评分更贴近最后一期，不说明原因",
        "en": "recency: ratings correlate {diff:.2f} more with the last period's KPI attainment "
        "({r_last:.2f}) than with the whole cycle's ({r_whole:.2f}) (95% interval "
        "{lo:.2f}–{hi:.2f}, {n} ratees, {units} ratings; {q:q} after correcting for the number "
        "of raters tested); this shows the ratings follow the last period, not why",
    },
    "reason.rec_too_few": {
        "zh": "近因效应：只有 {n} 位被评人、{units} 次有分期 KPI 的评价（至少需 {min} 位、{min_units} 次），"
        "评分太少，无法判断",
        "en": "recency: only {n} ratees and {units} ratings with KPIs by period (at least {min} "
        "and {min_units} needed): too few ratings to tell",
    },
    "reason.recency_no_kpi_periods": {
        "zh": "近因效应无法估计：其被评人没有按期（一个周期内至少两期）的 KPI 结果",
        "en": "recency cannot be estimated: none of their ratees has KPI results by period "
        "(two or more periods in a cycle)",
    },
    "reason.recency_no_spread": {
        "zh": "近因效应无法估计：其评分或被评人的 KPI 达成没有差别，无法计算相关",
        "en": "recency cannot be estimated: their ratings or their ratees' KPI attainment do not "
        "vary, so no correlation can be computed",
    },
    "ct_basis.same_ratees": {
        "zh": "同一批被评人的其他评价人",
        "en": "the same people's other raters",
    },
    "ct_basis.pooled_cycles": {
        "zh": "本部门其他评价人对各自团队（各周期合并）",
        "en": "the department's other raters' own teams (cycles pooled)",
    },
    "pattern.flagged": {"zh": "已标记", "en": "Flagged"},
    "pattern.clear": {"zh": "未发现", "en": "Not found"},
    "pattern.too_few": {"zh": "评分太少，无法判断", "en": "Too few ratings to tell"},
    "pattern.not_estimable": {"zh": "无法估计", "en": "Cannot be estimated"},
    "reason.too_few_ratings": {
        "zh": "数据不足：评分条数低于下限，未估计宽严",
        "en": "too little data: fewer ratings than the minimum, leniency not estimated",
    },
    "reason.flag_strict": {
        "zh": "{dir:@flag}：整个 95% 置信区间超出 ±{thr:pt}（{score_scale:unit}）",
        "en": "{dir:@flag}: the whole 95% CI lies beyond ±{thr:pt} {score_scale:unit}",
    },
    "reason.flag_likely": {
        "zh": "可能{dir:@flag}：控制错误发现率后显著（{q:q}），效应超过 ±{thr:pt}（{score_scale:unit}），"
        "但区间未整体超出",
        "en": "likely {dir:@flag}: significant with the false discovery rate controlled "
        "({q:q}) and beyond ±{thr:pt} {score_scale:unit}, but the CI does not lie wholly beyond it",
    },
    "reason.scale_use_not_checked": {
        "zh": "数据不足，暂不标记：差异 {effect:+pt}（{score_scale:unit}，{q:q}）达到“可能{dir:@flag}”，"
        "但此人只评了 {n} 人，又没有 KPI，无法检查其评分尺度用法（未检查尺度用法）；"
        "团队真实较强、而其他来源压缩评分时也会出现这样的差异",
        "en": "too little data, not flagged: a gap of {effect:+pt} {score_scale:unit} ({q:q}) "
        "reaches 'likely {dir:@flag}', but with {n} ratees and no KPIs this rater's scale use "
        "could not be checked (scale use not checked); a genuinely strong team whose other "
        "raters compress their scores shows the same gap",
    },
    "reason.clear_power": {
        "zh": "未发现实质性宽严（“未发现偏差”指低于实质性阈值 ±{thr:pt}，不等于没有差异：区间可能不含 0）；"
        "能以 80% 把握发现的最小效应为 {mde:pt}（{score_scale:unit}，{mde_sd:.2f} SD）",
        "en": "no material leniency or severity found ('clear' means below the materiality "
        "threshold ±{thr:pt}, not no difference: the interval may exclude 0); smallest effect "
        "found with 80% power: {mde:pt} {score_scale:unit} ({mde_sd:.2f} SD)",
    },
    "reason.clear_low_power": {
        "zh": "未标记，但只有超过 {mde:pt}（{score_scale:unit}，{mde_sd:.2f} SD，阈值的两倍以上）的效应才有 80% "
        "把握被发现：未标记不等于已核查无偏",
        "en": "not flagged, but only effects above {mde:pt} {score_scale:unit} ({mde_sd:.2f} SD, over twice the "
        "threshold) would be found with 80% power: not flagged is not checked and clean",
    },
    "reason.scale_use_kpi": {
        "zh": "评分尺度用法不同，不判定为{dir:@flag}：其被评人的 KPI 达成率同样高出（或低出）相应幅度，"
        "KPI 可解释的部分为 {kpi:+pt}（效应 {effect:+pt}，{score_scale:unit}）",
        "en": "scale use differs, not claimed {dir:@flag}: their people's KPI attainment is "
        "higher (or lower) by about as much; the KPIs account for {kpi:+pt} of the "
        "{effect:+pt} gap ({score_scale:unit})",
    },
    "reason.scale_use_slope": {
        "zh": "评分尺度用法不同，不判定为{dir:@flag}：其评分拉开差距的幅度是同一批被评人其他评价人的 "
        "{slope:.2f} 倍（95% CI {slope_lo:.2f} 至 {slope_hi:.2f}；同角色评价人平均 {role_slope:.2f} 倍），"
        "而其被评人偏离同角色评价人所评的人的中间水平；按同角色的尺度，在这一中间水平处的差距为 "
        "{centre:+pt}（{centre_lo:+pt} 至 {centre_hi:+pt}，{score_scale:unit}），"
        "差距可能来自尺度用法而非宽严",
        "en": "scale use differs, not claimed {dir:@flag}: they spread people {slope:.2f} "
        "times as much as the same people's other raters (95% CI {slope_lo:.2f} to "
        "{slope_hi:.2f}; raters of their role {role_slope:.2f} times on average) and their "
        "people sit away from those their role's raters rate; on their role's slope, at "
        "those people, the gap is {centre:+pt} ({centre_lo:+pt} to "
        "{centre_hi:+pt}, {score_scale:unit}): the gap may be how they use the scale, not leniency",
    },
    "reason.scale_use_fit": {
        "zh": "评分尺度用法不同，不判定为{dir:@flag}：即使在同一周期、同一评价关系之内，其评分与同一批被评人"
        "其他评价人的吻合度也差（拟合均方 {fit:.2f}，超过 1.5），单一的宽严数值不能概括其评分",
        "en": "scale use differs, not claimed {dir:@flag}: even within one cycle and role, their "
        "ratings fit the same people's other raters poorly (mean-square {fit:.2f}, above 1.5), "
        "so one leniency number does not describe them",
    },
    # --- a rater's mix of roles (analytics.stats.raters) ----------------------------------------
    # --- a unit that is not a department: the company as a whole (peer group, variance row) ---
    # a reason's peer group for a view that may not see individuals (rev28b item 2)
    "unit.peer_group_hidden": {"zh": "同类人员", "en": "their peer group"},
    "unit.company": {"zh": "全公司", "en": "Company"},
    "unit.company_no_groups": {
        "zh": "全公司（未导入职级/岗位序列）",
        "en": "whole company (no level or job family imported)",
    },
    "unit.no_groups": {
        "zh": "未填职级/岗位序列的员工",
        "en": "people with no level or job family",
    },
    "unit.no_job_family": {
        "zh": "未填岗位序列的员工",
        "en": "people with no job family",
    },
    "unit.unassigned": {"zh": "未分配", "en": "Unassigned"},
    # a manager's reach as one unit (analytics.findings.sections.YOUR_TEAM, rev23b item 11)
    "unit.your_team": {"zh": "你的团队", "en": "your team"},
    "scope.all_cycles": {"zh": "全部周期", "en": "all cycles"},
    "unit.scope": {
        "zh": "{cycles:@scope?} / {department:@unit?}{extra}",
        "en": "{cycles:@scope?} / {department:@unit?}{extra}",
    },
    # a manager's scope: their team, by the roster's team names (the summary's "scope")
    "unit.scope_team": {
        "zh": "{cycles:@scope?} / 你的团队（{department}）{extra}",
        "en": "{cycles:@scope?} / your team ({department}){extra}",
    },
    "unit.department": {"zh": "部门", "en": "Department"},
    "mix.role_share": {"zh": "{role:@role} {share:.0%}", "en": "{role:@role} {share:.0%}"},
    # --- nine-box cells (box = 3 * potential band + performance band + 1) ----------------------
    # low performance, low potential: the same meaning in both (rev19e: 待改进 is also a grade)
    "box.talent_risk": {"zh": "人才风险", "en": "Talent risk"},
    "box.effective_contributor": {"zh": "稳定贡献者", "en": "Effective contributor"},
    "box.trusted_professional": {"zh": "专业骨干", "en": "Trusted professional"},
    "box.inconsistent_performer": {"zh": "待发展者", "en": "Inconsistent performer"},
    "box.core_player": {"zh": "中坚力量", "en": "Core player"},
    "box.high_performer": {"zh": "高绩效者", "en": "High performer"},
    "box.rough_diamond": {"zh": "潜力待发掘", "en": "Rough diamond"},
    "box.growth_employee": {"zh": "成长之星", "en": "Growth employee"},
    "box.star": {"zh": "明星", "en": "Star"},
    "certainty.certain": {"zh": "确定", "en": "Certain"},
    "certainty.near_boundary": {
        "zh": "接近边界（可能属于相邻格子）",
        "en": "Near a boundary (could sit in the next box)",
    },
    "certainty.not_estimable": {"zh": "无法估计", "en": "Cannot be estimated"},
    "band.low": {"zh": "低", "en": "Low"},
    "band.medium": {"zh": "中", "en": "Medium"},
    "band.high": {"zh": "高", "en": "High"},
    "source.outcome": {"zh": "潜力评级", "en": "potential rating"},
    "source.proxy": {"zh": "推算（评价维度）", "en": "proxy (rating dimensions)"},
    "answer.own": {"zh": "本部门自己的变动", "en": "the department's own change"},
    "answer.company": {"zh": "全公司的变动", "en": "a company-wide move"},
    "answer.none": {"zh": "都没有变动", "en": "nothing moved"},
    "answer.joint": {
        "zh": "无法判断（公司或部门）",
        "en": "cannot be told (company or department)",
    },
    "trend.department": {"zh": "部门整体变动", "en": "the department's shift"},
    "trend.company": {"zh": "公司整体变动", "en": "the company's move"},
    "trend.environment": {
        "zh": "公司或部门环境（无法分开）",
        "en": "company or department (cannot be told apart)",
    },
    "direction.up": {"zh": "上升", "en": "up"},
    "direction.down": {"zh": "下降", "en": "down"},
    "direction.inflated": {
        "zh": "偏高（高等级偏多或低等级偏少）",
        "en": "inflated (more top or fewer bottom grades)",
    },
    "direction.deflated": {
        "zh": "偏低（高等级偏少或低等级偏多）",
        "en": "deflated (fewer top or more bottom grades)",
    },
    "direction.mixed": {
        "zh": "偏离但方向不一（两端同时偏多或同时偏少）",
        "en": "off the guideline, mixed (both ends crowded, or both thin)",
    },
    "direction.mixed_middle": {
        "zh": "偏离：两端都偏少（高、低等级同时偏少，等级集中在中间）",
        "en": "off the guideline: both ends thin (fewer top and fewer bottom grades, bunched "
        "in the middle)",
    },
    "direction.mixed_ends": {
        "zh": "偏离：两端都偏多（高、低等级同时偏多，中间等级偏少）",
        "en": "off the guideline: both ends crowded (more top and more bottom grades, fewer "
        "in the middle)",
    },
    "direction.in_line": {
        "zh": "全部等级一并检验（χ²；多个单元时已做多重校正）：未超出随机波动（不等于符合；高、低等级占比各自的区间另列）",
        "en": "all grades tested together (χ², corrected for the number of units where there "
        "are several): within chance (not proof of fit; the top and bottom shares' own "
        "intervals are given apart)",
    },
    # within chance by the test of all grades, yet a side's own interval excludes its share:
    # which test decides, and why they disagree (rev23b item 11)
    "direction.in_line_sides": {
        "zh": "未超出随机波动：以全部等级一并检验为准（χ²；期望频数小时用蒙特卡罗 p；只有多个单元时才做多重校正）。高或低等级占比各自的 95% 区间这里不含指导比例：这个区间只看一个占比，没有为同时看两端做校正，且 Wilson 区间比一旁的精确二项检验略宽松，临界时两者会不一致；请把它当作值得查看的线索，而不是已确认的偏离",
        "en": "within chance: the test of all grades together decides (χ², its Monte-Carlo p where expected counts are small, corrected for the number of units only where there are several). The top or bottom share's own 95% interval excludes the guideline's share here: it looks at one share alone, with no correction for looking at both ends, and the Wilson interval is a little less strict than the exact binomial test beside it, so near the edge they can disagree; read it as where to look, not as a shown departure",
    },
    "direction.too_small": {"zh": "人数过少，无法判断", "en": "too small to judge"},
    # --- reliability table ----------------------------------------------------------------------
    # short enough to show whole in the rater page's table at 1280 px (the caption above it
    # says which design each measure fits): the longer words were cut (rev19b minor 11)
    "design.sparse_panels": {"zh": "每人评价人不同", "en": "any raters per person"},
    # which raters the ICC rows use (rev29b item 4: on the reviewer's file the first three by
    # id were the three peers, ICC 0.70 beside an α of 0.40 over every rater)
    "design.raters_nested": {
        "zh": "每人 k={k} 位评价人（不分角色）",
        "en": "k={k} raters each, any role",
    },
    "measure.krippendorff_alpha_interval": {
        "zh": "Krippendorff α（等距）",
        "en": "Krippendorff's α (interval)",
    },
    "measure.ICC": {"zh": "ICC(1) 与 ICC(1,k)", "en": "ICC(1) and ICC(1,k)"},
    "measure.ICC1": {"zh": "ICC(1)", "en": "ICC(1)"},
    "measure.ICC1k": {"zh": "ICC(1,k)", "en": "ICC(1,k)"},
    # --- the designs of the ICC forms (analytics.stats.reliability.ICC_FORMS) ----------------
    "icc_form.single_one_way": {
        "zh": "单个评价人，单向随机（评价人嵌套于被评者）",
        "en": "single rater, one-way random (raters nested in targets)",
    },
    "icc_form.single_two_way_random": {
        "zh": "单个评价人，双向随机，绝对一致性",
        "en": "single rater, two-way random, absolute agreement",
    },
    "icc_form.single_two_way_mixed": {
        "zh": "单个评价人，双向混合，一致性",
        "en": "single rater, two-way mixed, consistency",
    },
    "icc_form.mean_one_way": {
        "zh": "k 位评价人的均值，单向随机（评价人嵌套于被评者）",
        "en": "mean of k raters, one-way random (raters nested in targets)",
    },
    "icc_form.mean_two_way_random": {
        "zh": "k 位评价人的均值，双向随机，绝对一致性",
        "en": "mean of k raters, two-way random, absolute agreement",
    },
    "icc_form.mean_two_way_mixed": {
        "zh": "k 位评价人的均值，双向混合，一致性",
        "en": "mean of k raters, two-way mixed, consistency",
    },
    # --- parts of a score change (attribution) ----------------------------------------------
    "component.company": {"zh": "公司整体", "en": "company"},
    "component.department": {"zh": "部门环境", "en": "department"},
    "component.environment": {
        "zh": "公司或部门环境（无法分开）",
        "en": "company or department (cannot be separated)",
    },
    "component.company_joint": {"zh": "公司整体（并入环境）", "en": "company (in the environment)"},
    "component.rater": {"zh": "评价人变化", "en": "rater"},
    "component.rater_sources": {"zh": "评价人与来源变化", "en": "raters and sources"},
    "component.individual": {"zh": "个人", "en": "individual"},
    "component.individual_new_manager": {"zh": "个人 + 新上级", "en": "individual + new manager"},
    "component.not_estimable": {"zh": "无法估计", "en": "cannot be estimated"},
    "component.no_interval": {"zh": "区间无法估计", "en": "interval cannot be estimated"},
    "component.no_interval_few_peers": {
        "zh": "区间不显示：同事或下属评价人少于 {k} 人",
        "en": "interval not shown: fewer than {k} peers or subordinates",
    },
    "component.change": {"zh": "总变动", "en": "change"},
}
