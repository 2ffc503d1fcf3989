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
}
