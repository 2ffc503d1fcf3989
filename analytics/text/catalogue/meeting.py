"""The calibration meeting's reach, storage and evidence panel (analytics.calibration.reach,
sessions, evidence; pages/meeting.py)."""

TEXT: dict[str, dict[str, str]] = {
    # refusals (analytics.calibration.moves.Refused): nothing was written
    "calib.stale_session": {
        "zh": "校准会 {session} 在你查看之后已被 {who} 于 {when} 修改（{action:@calib.action}），你的操作未保存：请刷新后再决定。",
        "en": "Calibration session {session} was changed by {who} at {when} ({action:@calib.action}) after you looked at it; your action was not saved: reload and decide again.",
    },
    "calib.role_no_sessions": {
        "zh": "{user} 的角色（{role:@auth.role}）不参加校准会：校准会只对 HR 管理员、HRBP 和部门负责人开放。",
        "en": "{user}'s role ({role:@auth.role}) does not take part in calibration sessions: they are open to HR administrators, HRBPs and department heads.",
    },
    "calib.scope_outside": {
        "zh": "{scope} 不在你的范围（{reach}）内：只能为自己范围内的部门创建校准会。",
        "en": "{scope} lies outside your reach ({reach}): you can create sessions only for departments within it.",
    },
    "calib.people_outside": {
        "zh": "列出的人员中有 {n} 人找不到或不在你的查看范围内（{ids}）：只能为自己范围内的人员创建校准会。",
        "en": "{n:#listed person was not found or is|listed people were not found or are} not in your scope ({ids}): you can create sessions only for people within it.",
    },
    "calib.session_outside": {
        "zh": "校准会 {session} 不在你的范围（{reach}）内。",
        "en": "Calibration session {session} lies outside your reach ({reach}).",
    },
    # the move form (ui/calibration.move_form): it opens on the person's current grade
    "cs.no_change": {
        "zh": "{who}的校准后等级已是 {grade}：没有调整，未记录。",
        "en": "{who}'s final grade is already {grade}: no change, nothing recorded.",
    },
    "cs.grade_missing": {
        "zh": "请先选择校准后等级。",
        "en": "Choose the final grade first.",
    },
    # the person's evidence beside the grade table (ui/calibration.evidence_panel)
    "cs.evidence": {"zh": "人员证据", "en": "The person's evidence"},
    "cs.evidence_pick": {
        "zh": "选择一位人员查看证据",
        "en": "Choose a person to see their evidence",
    },
    "cs.evidence_none": {"zh": "选择人员……", "en": "Choose a person…"},
    "cs.evidence_head": {
        "zh": "**{name}**（{id}）· {dept} · 导入等级 {imported} · 建议等级 {proposed} · 校准后等级 **{final}**",
        "en": "**{name}** ({id}) · {dept} · imported grade {imported} · proposed {proposed} · final **{final}**",
    },
    # the scale's decimals (one on 0-100), as every other page (rev27a item 6)
    "cs.evidence_adjusted": {
        "zh": "{cycle} 校正分 **{adjusted:pt}**（95% 区间 {lo:pt}–{hi:pt}），原始分 {raw:pt}，{n} 位评价人。",
        "en": "{cycle} rater-adjusted score **{adjusted:pt}** (95% interval {lo:pt}–{hi:pt}), raw {raw:pt}, {n:#rater|raters}.",
    },
    # the change into the session's cycle, in parts (rev27a item 6)
    "cs.evidence_attribution": {
        "zh": "变动归因 {from_cycle}→{to_cycle}：变动 {change:+pt}（{score_scale:unit}），其中公司整体 {company:+pt}、"
        "部门 {department:+pt}、评价人 {rater:+pt}、个人 {individual:+pt}。",
        "en": "Change {from_cycle}→{to_cycle}: {change:+pt} {score_scale:unit}, of which company "
        "{company:+pt}, department {department:+pt}, rater {rater:+pt}, individual {individual:+pt}.",
    },
    "cs.evidence_attribution_joint": {
        "zh": "变动归因 {from_cycle}→{to_cycle}：变动 {change:+pt}（{score_scale:unit}），其中公司或部门环境 {environment:+pt}"
        "（一个部门占一半以上人员或部门太少，无法分开是全公司还是本部门的变动）、评价人 {rater:+pt}、个人 {individual:+pt}。",
        "en": "Change {from_cycle}→{to_cycle}: {change:+pt} {score_scale:unit}, of which company or department "
        "{environment:+pt} (one department holds more than half of the people, or there are too few departments, to tell "
        "a company-wide move from the department's own), rater {rater:+pt}, individual {individual:+pt}.",
    },
    "cs.evidence_attribution_against_joint": {
        "zh": "变动归因 {from_cycle}→{to_cycle}：变动 {change:+pt}（{score_scale:unit}），其中公司或部门环境 {environment:+pt}"
        "（一个部门占一半以上人员或部门太少，无法分开是全公司还是本部门的变动）、评价人 {rater:+pt}、个人 {individual:+pt}。"
        "**逆势变动**：此人与所在环境的变动方向相反，按指导分布调整等级时不应把环境的变动转嫁到他身上。",
        "en": "Change {from_cycle}→{to_cycle}: {change:+pt} {score_scale:unit}, of which company or department "
        "{environment:+pt} (one department holds more than half of the people, or there are too few departments, to tell "
        "a company-wide move from the department's own), rater {rater:+pt}, individual {individual:+pt}. **Against the "
        "trend**: this person moved against that environment; moving grades to the guideline should not pass its "
        "change on to them.",
    },
    "cs.evidence_attribution_against": {
        "zh": "变动归因 {from_cycle}→{to_cycle}：变动 {change:+pt}（{score_scale:unit}），其中公司整体 {company:+pt}、"
        "部门 {department:+pt}、评价人 {rater:+pt}、个人 {individual:+pt}。**逆势变动**：此人与部门整体变动方向相反，"
        "按指导分布调整等级时不应把部门的变动转嫁到他身上。",
        "en": "Change {from_cycle}→{to_cycle}: {change:+pt} {score_scale:unit}, of which company "
        "{company:+pt}, department {department:+pt}, rater {rater:+pt}, individual {individual:+pt}. "
        "**Against the trend**: this person moved against their department's shift; moving grades "
        "to the guideline should not pass the department's change on to them.",
    },
    "cs.evidence_adjusted_no_interval": {
        "zh": "{cycle} 校正分 **{adjusted:pt}**，原始分 {raw:pt}，{n} 位评价人。95% 区间**无法估计**：本周期每人只有一位评价人，也没有第二个周期可以衡量一位评价人的评分会波动多少，因此无法区分评价人的宽严和本人的表现；假设分析中此人的 z 值同样显示为“—”。",
        "en": "{cycle} rater-adjusted score **{adjusted:pt}**, raw {raw:pt}, {n:#rater|raters}. The 95% interval **cannot be estimated**: each person has a single rater in this cycle and no second cycle shows how much one rater's view varies, so a rater's leniency cannot be told apart from the person's own result; the what-if shows this person's z as \"—\" for the same reason.",
    },
    "cs.evidence_no_adjusted": {
        "zh": "{cycle} 没有该人员的校正分（无评分）。",
        "en": "No rater-adjusted score of this person in {cycle} (no ratings).",
    },
    "cs.evidence_sources": {"zh": "各来源平均分", "en": "Mean by source"},
    # drift of calibration moves (analytics.calibration.drift, the rater page)
    "cs.drift": {
        "zh": "校准调整的去向（按上级和部门）",
        "en": "Calibration moves by manager and department",
    },
    "cs.drift_note": {
        "zh": "只统计已签字的校准会：每人的校准后等级与会上建议等级相比上调或下调。上级为花名册中该员工的直属上级。",
        "en": "Signed-off sessions only: each person's final grade against the grade the session proposed, up or down. A person's manager is the roster's.",
    },
    "cs.drift_none": {
        "zh": "还没有已签字的校准会。",
        "en": "No signed-off calibration session yet.",
    },
    "cs.drift_flag": {
        "zh": "{rater} 的下属在 {sessions} 场已签字校准会中有 {down} 场被净下调（共下调 {moved_down} 人次、上调 {moved_up} 人次，{n} 人次参会）：评分可能偏宽，值得复核。",
        "en": "{rater}'s people were moved down on balance in {down} of {sessions} signed-off calibration sessions ({moved_down} moved down, {moved_up} up, of {n}): their ratings may run lenient; worth a look.",
    },
    "cs.drift_flag_none": {
        "zh": "没有上级的下属在多数（至少 {min} 场）校准会中被净下调。",
        "en": "No manager's people were moved down on balance in most of their sessions (at least {min}).",
    },
    "column.sessions": {"zh": "校准会场数", "en": "Sessions"},
    "column.down_sessions": {"zh": "净下调场数", "en": "Sessions moved down"},
    "column.up_sessions": {"zh": "净上调场数", "en": "Sessions moved up"},
    "column.moved_down_share": {"zh": "下调比例", "en": "Moved down (share)"},
    "column.moved_up_share": {"zh": "上调比例", "en": "Moved up (share)"},
    "column.drift_down": {"zh": "多数场次被下调", "en": "Moved down in most sessions"},
    "column.move_steps": {"zh": "调整级数", "en": "Grade steps"},
}
