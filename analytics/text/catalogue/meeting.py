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
    "calib.session_outside": {
        "zh": "校准会 {session} 不在你的范围（{reach}）内：请向 HR 管理员申请。",
        "en": "Calibration session {session} lies outside your reach ({reach}): ask an HR administrator.",
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
    "cs.evidence_adjusted": {
        "zh": "{cycle} 校正分 **{adjusted:.2f}**（95% 区间 {lo:.2f}–{hi:.2f}），原始分 {raw:.2f}，{n} 位评价人。",
        "en": "{cycle} rater-adjusted score **{adjusted:.2f}** (95% interval {lo:.2f}–{hi:.2f}), raw {raw:.2f}, {n} raters.",
    },
    "cs.evidence_no_adjusted": {
        "zh": "{cycle} 没有该人员的校正分（无评分）。",
        "en": "No rater-adjusted score of this person in {cycle} (no ratings).",
    },
    "cs.evidence_sources": {"zh": "各来源平均分", "en": "Mean by source"},
}
