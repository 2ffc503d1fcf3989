"""The calibration meeting (analytics.calibration, the calibrate command, the session page)."""

TEXT: dict[str, dict[str, str]] = {
    # refusals (analytics.calibration.moves.Refused): nothing was written
    "calib.stale": {
        "zh": "{person} 的等级在你打开之后已被 {who} 于 {when} 修改（{before} → {after}），你的修改未保存：请刷新后再决定。",
        "en": "{person}'s grade was changed by {who} at {when} ({before} → {after}) after you opened it; your change was not saved: reload and decide again.",
    },
    "calib.closed": {
        "zh": "校准会 {session} 已由 {who} 签字关闭，不能再修改：请先重新打开。",
        "en": "Calibration session {session} was signed off by {who} and is closed: reopen it first.",
    },
    "calib.not_closed": {
        "zh": "校准会 {session} 未关闭，无需重新打开。",
        "en": "Calibration session {session} is not closed; there is nothing to reopen.",
    },
    "calib.no_reason": {
        "zh": "{person}：每次调整都需要填写理由。",
        "en": "{person}: every change needs a reason.",
    },
    "calib.bad_category": {
        "zh": "{person}：理由类别 “{category}” 无效，可选：{allowed}。",
        "en": "{person}: reason category “{category}” is not one of {allowed}.",
    },
    "calib.bad_grade": {
        "zh": "{person}：等级 “{grade}” 不在指导分布中（{allowed}）。",
        "en": "{person}: grade “{grade}” is not in the guideline ({allowed}).",
    },
    "calib.not_in_session": {
        "zh": "{person} 不在校准会 {session} 的范围内。",
        "en": "{person} is not in calibration session {session}.",
    },
    "calib.nothing_to_undo": {
        "zh": "{who} 在本次校准会中没有可撤销的调整。",
        "en": "{who} has no change in this session to undo.",
    },
    "calib.no_session": {
        "zh": "没有编号为 {session} 的校准会。",
        "en": "There is no calibration session {session}.",
    },
    "calib.empty_scope": {
        "zh": "{cycle} 周期中 {scope} 没有任何人员。",
        "en": "Nobody in {scope} has data in cycle {cycle}.",
    },
    "calib.grades_outside": {
        "zh": "导入的等级 {grades} 不在指导分布（{allowed}）中：请给出公司自己的等级及比例。",
        "en": "The imported grades {grades} are not in the guideline ({allowed}): give the company's own grades and shares.",
    },
    "calib.not_signed": {
        "zh": "校准会 {session} 尚未签字：回写文件只导出已签字的校准会。",
        "en": "Calibration session {session} is not signed off: the write-back file is only exported for a signed-off session.",
    },
    "calib.bad_coefficients": {
        "zh": "等级系数 “{text}” 无法读取：写成 S=2,A=1.5,B=1,C=0.5,D=0。",
        "en": "Grade coefficients “{text}” cannot be read: write them as S=2,A=1.5,B=1,C=0.5,D=0.",
    },
    "calib.no_weight": {
        "zh": "奖金池无法分配：所有人的权重都为 0。",
        "en": "The bonus pool cannot be shared out: every weight is 0.",
    },
    # words
    "calib.reason.kpi_evidence": {"zh": "KPI 证据", "en": "KPI evidence"},
    "calib.reason.rater_effect": {"zh": "评分者效应", "en": "Rater effect"},
    "calib.reason.peer_evidence": {"zh": "同事评价证据", "en": "Peer evidence"},
    "calib.reason.other": {"zh": "其他", "en": "Other"},
    "calib.status.draft": {"zh": "草稿", "en": "Draft"},
    "calib.status.in_progress": {"zh": "进行中", "en": "In progress"},
    "calib.status.closed": {"zh": "已签字关闭", "en": "Signed off"},
    "calib.action.create": {"zh": "创建", "en": "Created"},
    "calib.action.move": {"zh": "调整", "en": "Moved"},
    "calib.action.undo": {"zh": "撤销", "en": "Undone"},
    "calib.action.signoff": {"zh": "签字", "en": "Signed off"},
    "calib.action.reopen": {"zh": "重新打开", "en": "Reopened"},
    "calib.direction.up": {"zh": "上调", "en": "up"},
    "calib.direction.down": {"zh": "下调", "en": "down"},
    "calib.direction.same": {"zh": "不变", "en": "same"},
}

TEXT.update(
    {
        "calib.sheet_writeback": {"zh": "校准结果回写", "en": "Calibrated grades"},
        "calib.sheet_summary": {"zh": "校准前后对比", "en": "Original vs calibrated"},
        "calib.sheet_audit": {"zh": "修改记录", "en": "Audit trail"},
        # column headers of the calibration frames (exports, the session page)
        "column.final_grade": {"zh": "校准后等级", "en": "Final grade"},
        "column.imported_grade": {"zh": "导入等级", "en": "Imported grade"},
        "column.proposed_grade": {"zh": "建议等级", "en": "Proposed grade"},
        "column.grade_change": {"zh": "等级变化", "en": "Change"},
        "column.reason_category": {"zh": "理由类别", "en": "Reason category"},
        "column.reason_text": {"zh": "理由说明", "en": "Reason"},
        "column.changed_by": {"zh": "修改人", "en": "Changed by"},
        "column.changed_at": {"zh": "修改时间", "en": "Changed at"},
        "column.original_count": {"zh": "校准前人数", "en": "Original"},
        "column.calibrated_count": {"zh": "校准后人数", "en": "Calibrated"},
        "column.moved_up": {"zh": "上调人数", "en": "Moved up"},
        "column.moved_down": {"zh": "下调人数", "en": "Moved down"},
        "column.audit_seq": {"zh": "序号", "en": "No."},
        "column.audit_action": {"zh": "操作", "en": "Action"},
        "column.audit_undoes": {"zh": "撤销的序号", "en": "Undoes No."},
        "column.from_value": {"zh": "原值", "en": "From"},
        "column.to_value": {"zh": "新值", "en": "To"},
        "column.what_if_grade": {"zh": "按指导分布的等级", "en": "What-if grade"},
        "column.current_grade": {"zh": "当前等级", "en": "Current grade"},
        "column.boundary_score": {"zh": "最近等级分界", "en": "Nearest boundary"},
        "column.boundary_distance": {"zh": "距分界", "en": "Distance to boundary"},
        "column.close_call": {
            "zh": "临界（区间跨越分界）",
            "en": "Close call (interval spans the boundary)",
        },
        "column.move_direction": {"zh": "调整方向", "en": "Direction"},
        "column.bonus_amount": {"zh": "奖金", "en": "Bonus"},
        "column.bonus_before": {"zh": "校准前奖金", "en": "Bonus before"},
        "column.bonus_after": {"zh": "校准后奖金", "en": "Bonus after"},
        "column.bonus_change": {"zh": "奖金变化", "en": "Bonus change"},
        "column.headcount": {"zh": "人数", "en": "People"},
        "column.grades_changed": {"zh": "已调整人数", "en": "Grades changed"},
        "column.session_id": {"zh": "校准会", "en": "Session"},
        "column.session_scope": {"zh": "范围", "en": "Scope"},
        "column.facilitator": {"zh": "主持人", "en": "Facilitator"},
        "column.signed_by": {"zh": "签字人", "en": "Signed off by"},
        "column.signed_at": {"zh": "签字时间", "en": "Signed off at"},
        "column.created_by": {"zh": "创建人", "en": "Created by"},
        "column.created_at": {"zh": "创建时间", "en": "Created at"},
    }
)
