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
    "calib.reopen_no_reason": {
        "zh": "重新打开校准会 {session} 需要填写理由。",
        "en": "Reopening calibration session {session} needs a reason.",
    },
    "calib.no_category": {
        "zh": "{person}：每次调整都需要选择理由类别。",
        "en": "{person}: every change needs a reason category: choose one.",
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
        "zh": "没有可撤销的调整：{who} 在本次校准会中没有尚未撤销的调整。",
        "en": "Nothing to undo: {who} has no change in this session that is not undone yet.",
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
        "zh": "{cycle} 周期导入的等级 {grades} 不在指导分布（{allowed}）中，共 {n} 人：{people}。如果是源数据的笔误，请改正后重新导入；如果公司用自己的等级，请给出公司自己的等级及比例。",
        "en": "In cycle {cycle}, the imported grades {grades} are not in the guideline ({allowed}); {n:#person holds|people hold} them: {people}. If it is a typo in the source data, correct it and import again; if the company uses its own grades, give them and their shares.",
    },
    "calib.no_ratings": {
        "zh": "{cycle} 周期没有可用于调整后排名的评分：无法按指导分布给出建议等级。",
        "en": "Cycle {cycle} has no ratings to rank by adjusted score: the what-if cannot propose grades.",
    },
    "calib.not_signed": {
        "zh": "校准会 {session} 尚未签字：回写文件只导出已签字的校准会。",
        "en": "Calibration session {session} is not signed off: the write-back file is only exported for a signed-off session.",
    },
    "calib.bad_coefficients": {
        "zh": "等级系数 “{text}” 无法读取：写成 S=2,A=1.5,B=1,C=0.5,D=0。",
        "en": "Grade coefficients “{text}” cannot be read: write them as S=2,A=1.5,B=1,C=0.5,D=0.",
    },
    "calib.base_not_number": {
        "zh": "基数列「{column}」中的 “{value}” 既不是金额，也不在薪级金额表中：请给出薪级金额，例如 P5=8000,P6=10000。",
        "en": "“{value}” in the base column “{column}” is neither an amount nor a band in the band amounts: give them, e.g. P5=8000,P6=10000.",
    },
    "calib.base_unknown": {
        "zh": "导出文件中没有列「{column}」（或本数据集导入时未保留原始行）：无法作为奖金基数。",
        "en": "The export has no column “{column}” (or the dataset was imported before original rows were kept): it cannot be the base amount.",
    },
    "calib.coefficients_missing": {
        "zh": "等级系数里没有 {missing} 的系数（已写：{given}），这些人会按 0 分配：请为本校准会的每个等级写上系数，例如 {example}。",
        "en": "The grade coefficients have none for {missing} (given: {given}), so those people would get 0: write a coefficient for every grade of this session, e.g. {example}.",
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
    # a grade the guideline proposed when the session was created (rev21 item 8: read
    # "what-if 提议" and the author "what_if")
    "calib.reason.what_if": {
        "zh": "按指导分布提议（指导分布套用于校正后排名）",
        "en": "Proposed by the guideline (applied to the rater-adjusted ranking)",
    },
    "calib.author.what_if": {"zh": "系统（按指导分布提议）", "en": "System (guideline proposal)"},
    "calib.status.draft": {"zh": "草稿", "en": "Draft"},
    "calib.status.in_progress": {"zh": "进行中", "en": "In progress"},
    "calib.status.closed": {"zh": "已签字关闭", "en": "Signed off"},
    "calib.action.create": {"zh": "创建", "en": "Created"},
    "calib.action.propose": {"zh": "按指导分布提议", "en": "Proposed by the guideline"},
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
        # the printable record of a signed-off session (analytics.calibration.record)
        "calib.record_title": {"zh": "校准会记录", "en": "Calibration session record"},
        "calib.record_scope": {
            "zh": "校准会 #{session} · 周期 {cycle} · 范围 {scope}",
            "en": "Session #{session} · cycle {cycle} · scope {scope}",
        },
        "calib.record_people": {
            "zh": "主持人：{facilitator} · 参会人：{participants} · 指导分布：{guideline}",
            "en": "Facilitator: {facilitator} · Participants: {participants} · Guideline: {guideline}",
        },
        "calib.record_signed": {
            "zh": "由 {who} 于 {at} 签字确认。",
            "en": "Signed off by {who} at {at}.",
        },
        "calib.record_moves": {"zh": "等级调整", "en": "Grade decisions"},
        # the warnings on the page at sign-off (rev25a item 10)
        "calib.record_warnings": {
            "zh": "签字时页面上的提醒",
            "en": "Warnings on the page at sign-off",
        },
        "calib.record_adverse": {
            "zh": "签字人确认已核对最终等级和不利影响检查（{n} 条提醒）。",
            "en": "The signer confirmed having checked the final grades and the adverse-impact check ({n:#warning|warnings}).",
        },
        "calib.record_count": {
            "zh": "本次校准会共 {people} 人，其中 {n} 人的等级有决定（调整或提议），每人列出调整前后的等级、理由类别与说明、修改人和时间。",
            "en": "{n} of the session's {people} people had their grade decided (moved or proposed): each with the grade before and after, the reason category and note, who decided and when.",
        },
        "cs.download_record": {
            "zh": "下载校准会记录（可打印 HTML）",
            "en": "Download session record (printable HTML)",
        },
        # column headers of the calibration frames (exports, the session page)
        "column.final_grade": {"zh": "校准后等级", "en": "Final grade"},
        # an appended header the export already has but for case (rev30b item 9)
        "calib.header_calibrated": {"zh": "{header}（校准）", "en": "{header} (calibrated)"},
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
        # the before/after table's moves, counted on the grade people left (rev26a item 8)
        "column.moved_up_from": {"zh": "由此等级上调", "en": "Moved up from this grade"},
        "column.moved_down_from": {"zh": "由此等级下调", "en": "Moved down from this grade"},
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

TEXT.update(
    {
        "calib.decisions_unreadable": {
            "zh": "无法读取决定文件 {file}：{detail}",
            "en": "Cannot read the decisions file {file}: {detail}",
        },
        "calib.decisions_columns": {
            "zh": "决定文件 {file} 缺少列：{missing}（员工编号、校准后等级、理由类别、理由说明）。",
            "en": "The decisions file {file} lacks the columns {missing} (employee_id, final_grade, reason_category, reason_text).",
        },
        "calib.decisions_empty": {
            "zh": "决定文件 {file} 第 {row} 行的 “{column}” 为空。",
            "en": "{file}, row {row}: “{column}” is empty.",
        },
        "calib.decisions_category": {
            "zh": "决定文件 {file} 第 {row} 行 “{column}” 的值 “{value}” 不是理由类别（{allowed}）。",
            "en": "{file}, row {row}, “{column}”: “{value}” is not a reason category ({allowed}).",
        },
        "calib.unsigned": {"zh": "（未签字）", "en": "(not signed)"},
        "calib.scope_people": {"zh": "{n:,} 人：{people}", "en": "{n:,} people: {people}"},
        "calib.decisions_grade": {
            "zh": "决定文件 {file} 第 {row} 行 “{column}” 的值 “{value}” 不在指导分布的等级中（{allowed}）。",
            "en": "{file}, row {row}, “{column}”: “{value}” is not a grade of the guideline ({allowed}).",
        },
        "calib.decisions_person": {
            "zh": "决定文件 {file} 第 {row} 行 “{column}” 的值 “{value}” 不是本校准会的人员。",
            "en": "{file}, row {row}, “{column}”: “{value}” is not one of this session's people.",
        },
        # overlapping sessions: one signed-off grade per person and cycle
        "calib.overlap_signed": {
            "zh": "校准会 {session} 不能签字：{cycle} 周期中有 {n} 人已在已签字的校准会 {others} 中定级。每人每周期只能有一个签字的等级：请先重新打开校准会 {others}，或在那里完成调整。",
            "en": "Session {session} cannot be signed off: signed-off session {others} already grades {n} of its people for {cycle}. A person has one signed-off grade per cycle: reopen session {others} first, or make the changes there.",
        },
        "calib.overlap_created": {
            "zh": "注意：{cycle} 周期中，本校准会与校准会 {others} 有 {n} 人重叠。重叠的人只能在一个校准会中签字（另一个需先重新打开）。",
            "en": "Note: in {cycle}, this session shares {n:#person|people} with session {others}. Overlapping people can be signed off in one session only (reopen the other first).",
        },
        # the calibrate command
        "calib.created": {
            "zh": "已创建校准会 {session}：{cycle}，{scope}，{n} 人（起点：{start}）。",
            "en": "Created calibration session {session}: {cycle}, {scope}, {n} people (start: {start}).",
        },
        "calib.start.imported": {"zh": "导入等级", "en": "imported grades"},
        "calib.start.what_if": {
            "zh": "按指导分布的调整后排名（全部重新分级）",
            "en": "the guideline applied to the adjusted ranking (everyone re-graded)",
        },
        "calib.start.stepwise": {
            "zh": "按指导分布逐级调整边界人员",
            "en": "the guideline reached one grade step at a time (people at the grade boundaries)",
        },
        "calib.applied": {
            "zh": "校准会 {session}：已保存 {changed} 项调整，{unchanged} 项与当前等级相同未记录。",
            "en": "Session {session}: {changed} changes saved, {unchanged} already at that grade (not recorded).",
        },
        "calib.undone": {
            "zh": "已撤销 {person} 的调整：{before} → {after}。",
            "en": "Undid the change of {person}: {before} → {after}.",
        },
        "calib.signed": {
            "zh": "校准会 {session} 已由 {who} 签字关闭。",
            "en": "Session {session} signed off by {who}.",
        },
        "calib.reopened": {
            "zh": "校准会 {session} 已重新打开。",
            "en": "Session {session} reopened.",
        },
        "calib.none": {"zh": "还没有校准会。", "en": "No calibration sessions yet."},
        "calib.bonus_total": {
            "zh": "奖金池 {pool:,.2f} {currency}（{scheme:@calib.scheme}{base}）：校准前分配 {before:,.2f}，校准后分配 {after:,.2f}，共 {n:,} 人。{which:@calib.currency_from}",
            "en": "Pool {pool:,.2f} {currency} ({scheme:@calib.scheme}{base}): {before:,.2f} shared out before calibration, {after:,.2f} after, {n} people. {which:@calib.currency_from}",
        },
        # the bonus pool's currency: the one entered, else this default, and which it is
        # ("100,000.00" had none, rev21 item 11)
        # none is guessed (rev31b item 7: "100,000.00 CNY" for a company paying in USD)
        "calib.currency_default": {"zh": "（未填币种）", "en": "(no currency entered)"},
        "calib.currency_from.default": {
            "zh": "未填写币种，金额按奖金池本身的单位；请在“币种”中填写。",
            "en": "No currency was entered, so none is named: the amounts are in the pool's own "
            "currency; enter it under Currency.",
        },
        "calib.currency_from.entered": {
            "zh": "金额单位为所填币种。",
            "en": "Amounts in the currency entered.",
        },
        "cs.currency": {"zh": "币种", "en": "Currency"},
        "clihelp.calibrate_currency": {
            "zh": "bonus：奖金池的币种（不填则不写币种）",
            "en": "bonus: the pool's currency (none named when not given)",
        },
        "calib.bonus_base": {"zh": "，基数列「{column}」", "en": ", base column “{column}”"},
        "calib.scheme.grade": {"zh": "按等级系数", "en": "by grade coefficients"},
        "calib.scheme.rank": {"zh": "按排名", "en": "by ranking"},
        "calib.bad_guideline": {
            "zh": "指导分布 “{text}” 无法读取：写成 {example}（合计 100%）。",
            "en": "Guideline “{text}” cannot be read: write it as {example} (summing to 100%).",
        },
        # the field left empty (its placeholder shows the grades: rev33a finding 7)
        "calib.no_guideline": {
            "zh": "请填写指导分布：写成 {example}（合计 100%）。",
            "en": "Fill in the guideline: write it as {example} (summing to 100%).",
        },
    }
)

# the calibrate command's help and usage refusals (beside the rest of clihelp.* in cli_help.py:
# kept here with the command's other words)
TEXT.update(
    {
        "clihelp.calibrate": {
            "zh": "校准会：创建、列出、按决定文件调整（含理由）、撤销、签字、重新打开、导出回写文件",
            "en": "calibration sessions: create, list, apply decisions with reasons, undo, sign off, reopen, export the write-back file",
        },
        "clihelp.calibrate_action": {
            "zh": "create | list | apply | undo | signoff | reopen | export | bonus",
            "en": "create | list | apply | undo | signoff | reopen | export | bonus",
        },
        "clihelp.calibrate_pool": {
            "zh": "bonus：奖金池总额（按分精确分完）",
            "en": "bonus: the pool, shared out to the cent",
        },
        "clihelp.calibrate_coefficients": {
            "zh": "bonus：等级系数，例如 S=2,A=1.5,B=1,C=0.5,D=0（默认：本校准会的等级从最好 2 到最差 0 均匀递减）",
            "en": "bonus: grade coefficients, e.g. S=2,A=1.5,B=1,C=0.5,D=0 (default: the session's grades from 2 for the best to 0 for the worst, evenly)",
        },
        "clihelp.calibrate_scheme": {
            "zh": "bonus：按等级系数（grade）或按排名（rank：先按等级，同等级内按导入的最终得分）",
            "en": "bonus: by grade coefficients (grade) or by ranking (rank: by grade, then the imported final score within a grade)",
        },
        "clihelp.calibrate_base": {
            "zh": "bonus：导出文件中作为奖金基数的列（如 月薪、奖金基数、薪级），与权重相乘",
            "en": "bonus: the export's column holding the base amount (a salary, a target bonus or a salary band), multiplying the weight",
        },
        "clihelp.calibrate_bands": {
            "zh": "bonus：薪级对应金额，例如 P5=8000,P6=10000（基数列为薪级时）",
            "en": "bonus: amounts of the salary bands, e.g. P5=8000,P6=10000 (when the base column holds bands)",
        },
        "clihelp.calibrate_per_person": {
            "zh": "bonus：同时列出每个人校准前后的金额（按部门和员工编号），便于逐分核对",
            "en": "bonus: also list each person's amount before and after (by department and id), to check every cent",
        },
        "cli.calibrate_pool": {
            "zh": "bonus 需要 --pool 奖金池总额。",
            "en": "bonus needs --pool AMOUNT.",
        },
        "clihelp.calibrate_session": {
            "zh": "校准会编号（list 给出）",
            "en": "the session's number (from list)",
        },
        "clihelp.calibrate_as": {
            "zh": "以角色文件中的此用户身份操作，只能看到和修改其范围内的校准会（默认：运行命令的管理员，记为 {default}）",
            "en": "act as this user of the roles file: only sessions within their reach are listed, opened or changed (default: the operator, recorded as {default})",
        },
        "clihelp.calibrate_cycle": {
            "zh": "create：周期，例如 2025Q4",
            "en": "create: the cycle, e.g. 2025Q4",
        },
        "clihelp.calibrate_department": {
            "zh": "create：部门（含其下所有部门），例如 研发中心",
            "en": "create: a department and everything below it, e.g. 研发中心",
        },
        "clihelp.calibrate_people": {
            "zh": "create：员工编号，以逗号或空格分隔（代替 --department）",
            "en": "create: employee ids separated by commas or spaces (instead of --department)",
        },
        "clihelp.calibrate_facilitator": {
            "zh": "create：主持人（默认 --as）",
            "en": "create: the facilitator (default: --as)",
        },
        "clihelp.calibrate_participant": {
            "zh": "create：参会人（可重复）",
            "en": "create: a participant (repeatable)",
        },
        "clihelp.calibrate_guideline": {
            "zh": 'create：指导分布，例如 "S 10%, A 20%, B 50%, C 15%, D 5%"（默认即此；也可写 S=0.1,A=0.2,…）',
            "en": 'create: the guideline, e.g. "S 10%, A 20%, B 50%, C 15%, D 5%" (the default; S=0.1,A=0.2,… also reads)',
        },
        "clihelp.calibrate_start": {
            "zh": "create：建议等级取自导入等级（imported）、按指导分布的调整后排名（what_if，全部重新分级）或按指导分布逐级调整（stepwise，只调整等级边界上的人，每人一级）",
            "en": "create: proposed grades from the import (imported), the guideline applied to the adjusted ranking (what_if, everyone re-graded) or the guideline reached one grade step at a time (stepwise, only the people at the grade boundaries, one grade each)",
        },
        "clihelp.calibrate_decisions": {
            "zh": "apply：决定 CSV（员工编号、校准后等级、理由类别、理由说明）",
            "en": "apply: CSV of decisions (employee_id, final_grade, reason_category, reason_text)",
        },
        "clihelp.calibrate_category": {
            "zh": "reopen：理由类别（kpi_evidence、rater_effect、peer_evidence、other；默认 other）",
            "en": "reopen: reason category (kpi_evidence, rater_effect, peer_evidence, other; default other)",
        },
        "clihelp.calibrate_reason": {"zh": "reopen：理由说明", "en": "reopen: the reason"},
        "clihelp.calibrate_out": {
            "zh": "export：回写文件（.xlsx 或 .csv），仅限已签字的校准会",
            "en": "export: the write-back file (.xlsx or .csv), for a signed-off session",
        },
        "cli.calibrate_session": {
            "zh": "请给出校准会编号（python -m analytics calibrate list 列出）。",
            "en": "Give the session's number (python -m analytics calibrate list shows them).",
        },
        "cli.calibrate_decisions": {
            "zh": "apply 需要 --decisions 决定文件（CSV）。",
            "en": "apply needs --decisions FILE (a CSV).",
        },
        "cli.calibrate_scope": {
            "zh": "create 需要 --department 或 --people 之一（不能同时给出）。",
            "en": "create needs either --department or --people (not both).",
        },
        "cli.calibrate_out": {
            "zh": "export 需要 --out 文件，类型为 .xlsx 或 .csv。",
            "en": "export needs --out FILE ending in .xlsx or .csv.",
        },
        "cli.calibrate_cycle": {"zh": "create 需要 --cycle 周期。", "en": "create needs --cycle."},
    }
)

# the calibration session page (pages/meeting.py)
TEXT.update(
    {
        "nav.calibration_session": {"zh": "校准会", "en": "Calibration session"},
        "cs.title": {"zh": "校准会", "en": "Calibration session"},
        "cs.new": {"zh": "新建校准会", "en": "New session"},
        "cs.cycle": {"zh": "周期", "en": "Cycle"},
        "cs.department": {"zh": "部门（含下属部门）", "en": "Department (and below)"},
        "cs.scope_kind": {"zh": "范围", "en": "Scope"},
        "cs.scope_kind.department": {"zh": "部门（含下属部门）", "en": "A department (and below)"},
        "cs.scope_kind.people": {"zh": "人员名单", "en": "A list of people"},
        "cs.people": {
            "zh": "员工编号（以逗号、空格或换行分隔）",
            "en": "Employee ids (separated by commas, spaces or new lines)",
        },
        "cs.facilitator": {"zh": "主持人", "en": "Facilitator"},
        "cs.participants": {
            "zh": "参会人（以逗号分隔）",
            "en": "Participants (separated by commas)",
        },
        "cs.start": {"zh": "建议等级的起点", "en": "Start the proposed grades from"},
        "cs.start_note": {
            "zh": "两种按指导分布的起点不同：“调整后排名”按校正分从高到低重新分配每个人的等级，改动的人通常远多于校准会材料的“需调整 N 人”；"
            "“逐级调整”只在超出或不足指导分布的等级边界上，按校正分把最低的下调一级、最高的上调一级。"
            "“需调整 N 人”是按人数计的最少改动，要做到它往往须让人跨级（如 A 直接降到 C），所以逐级调整改动的人不少于 N。",
            "en": "The two starts from the guideline differ: 'adjusted ranking' hands out every grade again down the adjusted scores and usually changes far more people than the packet's 'N people to move'; "
            "'one grade step at a time' moves only the people at the boundaries of grades above or below their targets, the lowest adjusted scores down one grade and the highest up one. "
            "'N people to move' is the fewest changes by count, which often needs jumps past a grade (an A straight to C), so the step-wise start changes at least N.",
        },
        "cs.start_summary": {
            "zh": "起点改动了 {changed} 人的等级；按人数计，达到指导分布最少需改动 {fewest} 人（校准会材料的“需调整”）。",
            "en": "The start changed {changed:#person's grade|people's grades}; by count, the fewest changes to the guideline are {fewest} (the packet's 'people to move').",
        },
        "cs.guideline": {"zh": "指导分布", "en": "Guideline"},
        "cs.people_line": {
            "zh": "主持人：{facilitator} · 参会人：{participants} · 起点：{start} · 指导分布：{guideline}",
            "en": "Facilitator: {facilitator} · Participants: {participants} · Start: {start} · Guideline: {guideline}",
        },
        "cs.create": {"zh": "创建", "en": "Create"},
        "cs.none": {
            "zh": "还没有校准会：在上方为一个部门新建。",
            "en": "No session yet: create one for a department above.",
        },
        # the same with "A list of people" chosen in the form above (s45 A item 4)
        "cs.none_people": {
            "zh": "还没有校准会：在上方为一份人员名单新建。",
            "en": "No session yet: create one for a list of people above.",
        },
        "cs.label": {
            "zh": "#{session} {cycle} {scope}（{status}）",
            "en": "#{session} {cycle} {scope} ({status})",
        },
        "cs.open": {"zh": "校准会", "en": "Session"},
        "cs.closed": {"zh": "已由 {who} 于 {at} 签字关闭。", "en": "Signed off by {who} at {at}."},
        "cs.move_help": {
            "zh": "调整一个人的校准后等级：必须选择理由类别并写明理由，才会保存。",
            "en": "Change one person's final grade: a reason category and a reason are required before it is saved.",
        },
        "cs.person": {"zh": "员工", "en": "Employee"},
        "cs.grade": {"zh": "校准后等级", "en": "Final grade"},
        # beside the person chosen, before a new grade is picked (rev32a finding 7)
        "cs.grade_now": {
            "zh": "当前校准后等级：**{grade}**（导入时：{imported}）",
            "en": "Final grade now: **{grade}** (imported: {imported})",
        },
        "cs.category": {"zh": "理由类别", "en": "Reason category"},
        "cs.reason": {"zh": "理由", "en": "Reason"},
        "cs.save": {"zh": "保存调整", "en": "Save change"},
        "cs.pending": {
            "zh": "表格中有未保存的调整：{moves}。请选择理由类别并写明理由后保存。",
            "en": "Changes in the table not saved yet: {moves}. Give a reason category and a reason to save them.",
        },
        "cs.stale_cleared": {
            "zh": "你未保存的调整已清除，页面已显示对方修改后的等级：请据此重新决定并填写理由。",
            "en": "Your unsaved changes were cleared and the page now shows the grade they set: decide again, with a reason, from there.",
        },
        "cs.save_pending": {"zh": "保存表格中的调整", "en": "Save the table's changes"},
        "cs.undo": {"zh": "撤销我上一次保存的调整", "en": "Undo my last save"},
        "cs.undo_help": {
            "zh": "撤销你最近一次保存的全部调整：一次保存移动了几个人，这几个人都回到移动前的等级（审计记录中每人一条撤销）。别人的调整不会被撤销。",
            "en": "Takes back everything your last save changed: if it moved several people, all of them return to the grade they had before (one undo entry each in the audit trail). Other people's changes are never undone.",
        },
        "cs.signoff": {"zh": "签字关闭", "en": "Sign off"},
        "cs.status_now": {"zh": "当前状态：{status}", "en": "Status now: {status}"},
        "cs.signoff_confirm": {
            "zh": "我已核对最终等级和不利影响检查（{n} 条提醒），确认签字关闭",
            "en": "I have checked the final grades and the adverse-impact check ({n:#warning|warnings}) and sign off",
        },
        "cs.signoff_why": {
            "zh": "勾选上面的确认后即可签字关闭（勾选后页面刷新完成时按钮才可用）。",
            "en": "Tick the confirmation above to sign off (the button turns on once the page "
            "has updated after the tick).",
        },
        "cs.fit": {"zh": "与指导分布的对比（实时）", "en": "Against the guideline (live)"},
        "cs.bars_imported": {"zh": "导入等级", "en": "Imported"},
        "cs.bars_final": {"zh": "校准后", "en": "Final"},
        "cs.to_move": {
            "zh": "达到指导分布需调整 **{n}** 人（符合指导分布的同规模团队通常也有 {med} 人，90% 情况下不超过 {p90} 人）。",
            "en": "**{n}** people to move to meet the guideline (a unit of this size that follows it shows {med}, and at most {p90} in 90% of cases).",
        },
        "cs.bonus": {"zh": "奖金池", "en": "Bonus pool"},
        "cs.pool": {"zh": "奖金池总额", "en": "Pool"},
        "cs.coefficients": {"zh": "等级系数", "en": "Grade coefficients"},
        "cs.scheme": {"zh": "分配方式", "en": "Scheme"},
        "cs.base": {
            "zh": "奖金基数列（导出文件中的列）",
            "en": "Base amount column (from the export)",
        },
        "cs.base_none": {"zh": "无（只按权重）", "en": "None (weights only)"},
        "cs.bands": {
            "zh": "薪级金额（基数列为薪级时）",
            "en": "Band amounts (when the column holds bands)",
        },
        "cs.bonus_spent": {
            "zh": "校准后共分配 {after:,.2f} {currency}（奖金池 {pool:,.2f} {currency}），{n} 人。{which:@calib.currency_from}",
            "en": "{after:,.2f} {currency} shared out after calibration (pool {pool:,.2f} {currency}), {n} people. {which:@calib.currency_from}",
        },
        "cs.bonus_no_changes": {
            "zh": "尚无等级调整，每人的奖金与按导入等级分配时相同；调整等级后，这里列出金额变动的人。",
            "en": "No grade has changed yet, so everyone's bonus is as on the imported grades; "
            "once grades change, the people whose amount moves are listed here.",
        },
        # the people whose amount the moves changed (left32 item 6, rev31b finding 7)
        "cs.bonus_people": {"zh": "奖金有变化的人", "en": "Whose bonus changed"},
        "cs.bonus_people_note": {
            "zh": "{n} 人的奖金因等级调整而变化：先列出等级被调整的 {moved} 人，其余的人等级未变，"
            "只因奖金池总额固定、份额随之变化。每人列出调整前后的等级和金额；表下可下载 CSV。",
            "en": "{n:#person's|people's} bonus changed with the grade moves: first the {moved} "
            "whose grade was moved, then those whose grade stayed and whose share of the fixed "
            "pool moved with it. Each with the grade and the amount before and after; the CSV "
            "below the table holds the same.",
        },
        "cs.bonus_same": {
            "zh": "等级调整没有改变任何人的奖金金额。",
            "en": "The grade changes left everyone's bonus as it was.",
        },
        "cs.what_if": {
            "zh": "假设：按调整后排名套用指导分布",
            "en": "What-if: the guideline applied to the adjusted ranking",
        },
        "column.how_close": {"zh": "离分界多近", "en": "How close to the boundary"},
        "cs.close_call_words": {
            "zh": "临界：相差 {d}，区间跨越分界",
            "en": "close call: {d} away, interval spans it",
        },
        "cs.close_z_words": {
            "zh": "相差 {d}（{z:.1f} 个标准误）",
            "en": "{d} away ({z:.1f} SE)",
        },
        # people tied at a grade cut: which of them moves is the meeting's choice (rev32b 3)
        "cs.tied_words": {
            "zh": "临界：与另外 {n} 人同为 {score} 分，分界落在同分者之间；谁调整由会议决定（此处仅按工号顺序）",
            "en": "close call: tied with {n:#other|others} at {score}; the cut falls among "
            "them, so which of them moves is for the meeting to decide (here only by id order)",
        },
        "cs.what_if_ties": {
            "zh": "有 {n} 人在等级分界处同分：指导分布的名额落在同分者之间，假设只按工号顺序取舍；谁上调或下调由会议决定。",
            "en": "{n:#person is|people are} tied at a grade cut: the guideline's places fall "
            "among equal scores, and the what-if picks among them by id order only; which of "
            "them moves is for the meeting to decide.",
        },
        "column.tied": {"zh": "同分人数（分界处）", "en": "Tied with (at a cut)"},
        "cs.close_no_se_words": {
            "zh": "相差 {d}（区间无法估计）",
            "en": "{d} away (no interval)",
        },
        "cs.what_if_note": {
            "zh": "只列出会上调或下调的人和临界者（95% 区间跨越等级分界）：会议讨论这些人，而不是所有人。",
            "en": "Only who would move up or down, and the close calls (the 95% interval spans a grade boundary): the meeting discusses these, not everyone.",
        },
        "cs.audit": {"zh": "修改记录", "en": "Audit trail"},
        "cs.audit_order": {"zh": "最新的修改在最上面。", "en": "Newest change first."},
        # a save's confirmation beside the control that saved it (rev21 item 8)
        "cs.saved": {
            "zh": "已保存 {n} 项调整：{changes}。修改记录（最新在最上面）、实时指导分布对比和奖金已更新。",
            "en": "Saved {n:#change|changes}: {changes}. The audit trail (newest first), the live guideline fit and the bonus are updated.",
        },
        "cs.saved_move": {"zh": "{who} {old} → {new}", "en": "{who} {old} → {new}"},
        "cs.undone": {
            "zh": "已撤销你上一次保存的 {n} 项调整：{changes}。修改记录（最新在最上面）、实时指导分布对比和奖金已更新。",
            "en": "Undid your last save, {n:#change|changes}: {changes}. The audit trail (newest first), the live guideline fit and the bonus are updated.",
        },
        "cs.download_xlsx": {"zh": "下载回写文件（XLSX）", "en": "Download write-back (XLSX)"},
        "cs.download_csv": {"zh": "下载回写文件（CSV）", "en": "Download write-back (CSV)"},
        "cs.reopen_reason": {"zh": "重新打开的理由", "en": "Why reopen"},
        "cs.reopen": {"zh": "重新打开", "en": "Reopen"},
    }
)
