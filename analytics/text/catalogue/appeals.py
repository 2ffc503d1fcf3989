"""Appeals (申诉): outcomes, where an appeal comes from, the statistics' sentences, the forms
of the person, rater and meeting pages, the command line's lines and its refusals."""

TEXT = {
    # codes of the frames' columns (analytics.text.render.CODED_COLUMNS)
    "appeal_outcome.upheld": {"zh": "维持", "en": "Upheld (grade stands)"},
    "appeal_outcome.overturned": {"zh": "改判", "en": "Overturned"},
    "appeal_outcome.partially": {"zh": "部分改判", "en": "Partially overturned"},
    "appeal_source.imported": {"zh": "导入", "en": "Imported"},
    "appeal_source.recorded": {"zh": "系统登记", "en": "Recorded here"},
    "appeal_signal.high": {"zh": "改判率偏高", "en": "Overturned more often"},
    "appeal_signal.not_high": {"zh": "未见偏高", "en": "Not higher"},
    "appeal_signal.too_few": {"zh": "样本不足，无法估计", "en": "Too few to estimate"},
    # an empty rate, difference or p value of the rater table (rev25a item 8)
    "appeals.not_estimable": {"zh": "无法估计", "en": "cannot be estimated"},
    "appeal_action.record": {"zh": "登记申诉", "en": "Appeal recorded"},
    "appeal_action.resolve": {"zh": "处理申诉", "en": "Appeal resolved"},
    # column headers
    "column.appeal_source": {"zh": "来源", "en": "Source"},
    "column.appeal_id": {"zh": "申诉编号", "en": "Appeal"},
    "column.appeal_reason": {"zh": "申诉理由", "en": "Reason"},
    "column.outcome": {"zh": "处理结果", "en": "Outcome"},
    "column.resolver": {"zh": "处理人", "en": "Resolved by"},
    "column.resolved_at": {"zh": "处理日期", "en": "Resolved"},
    "column.recorded_by": {"zh": "登记人", "en": "Recorded by"},
    "column.n_appealed": {"zh": "申诉人次", "en": "Appealed"},
    "column.appeal_rate": {"zh": "申诉率", "en": "Appeal rate"},
    "column.appeal_ci95_low": {"zh": "申诉率95%下限", "en": "Appeal rate 95% low"},
    "column.appeal_ci95_high": {"zh": "申诉率95%上限", "en": "Appeal rate 95% high"},
    "column.n_decided": {"zh": "已处理", "en": "Decided"},
    "column.n_overturned": {"zh": "改判（含部分）", "en": "Overturned (incl. partly)"},
    "column.overturn_rate": {"zh": "改判率", "en": "Overturn rate"},
    "column.overturn_ci95_low": {"zh": "改判率95%下限", "en": "Overturn rate 95% low"},
    "column.overturn_ci95_high": {"zh": "改判率95%上限", "en": "Overturn rate 95% high"},
    "column.rest_rate": {"zh": "其他评价人改判率", "en": "Others' overturn rate"},
    "column.rest_decided": {"zh": "其他评价人已处理", "en": "Others decided"},
    "column.rest_overturned": {"zh": "其他评价人改判", "en": "Others overturned"},
    "column.overturn_diff": {"zh": "改判率差", "en": "Difference"},
    "column.signal": {"zh": "判断", "en": "Signal"},
    "column.n_appeals": {"zh": "申诉数", "en": "Appeals"},
    "column.n_open": {"zh": "未处理", "en": "Open"},
    "column.n_timed": {"zh": "有处理时长", "en": "Timed"},
    "column.median_days": {"zh": "处理天数中位数", "en": "Median days"},
    "column.q1_days": {"zh": "天数下四分位", "en": "Days Q1"},
    "column.q3_days": {"zh": "天数上四分位", "en": "Days Q3"},
    "column.oldest_open_days": {"zh": "最久未处理天数", "en": "Oldest open (days)"},
    # the statistics in words (analytics.calibration.appeal_findings.sentences)
    "appeals.title": {"zh": "申诉与改判", "en": "Appeals and overturns"},
    "appeals.none": {
        "zh": "没有申诉记录（可导入申诉表，或在员工页登记）。",
        "en": "No appeals (import an appeal sheet, or record one on the person page).",
    },
    "appeals.company": {
        "zh": "全公司 {n} 人次获得最终等级，其中 {appealed} 人次申诉（{rate:.1%}，95% CI {lo:.1%} 至 {hi:.1%}）；已处理 {decided} 件，改判（含部分改判）{overturned} 件（{orate:.0%}，95% CI {olo:.0%} 至 {ohi:.0%}）。",
        "en": "Company-wide {n} final grades, {appealed} appealed ({rate:.1%}, 95% CI {lo:.1%} to {hi:.1%}); of {decided} decided appeals {overturned:#was|were} overturned in full or in part ({orate:.0%}, 95% CI {olo:.0%} to {ohi:.0%}).",
    },
    "appeals.company_undecided": {
        "zh": "全公司 {n} 人次获得最终等级，其中 {appealed} 人次申诉（{rate:.1%}，95% CI {lo:.1%} 至 {hi:.1%}）；尚无已处理的申诉，改判率无法估计。",
        "en": "Company-wide {n} final grades, {appealed} appealed ({rate:.1%}, 95% CI {lo:.1%} to {hi:.1%}); no appeal is decided yet, so the overturn rate cannot be estimated.",
    },
    "appeals.scope": {
        "zh": "此范围内 {n} 人次获得最终等级，其中 {appealed} 人次申诉（{rate:.1%}，95% CI {lo:.1%} 至 {hi:.1%}）；已处理 {decided} 件，改判（含部分改判）{overturned} 件（{orate:.0%}，95% CI {olo:.0%} 至 {ohi:.0%}）。",
        "en": "In this scope {n} final grades, {appealed} appealed ({rate:.1%}, 95% CI {lo:.1%} to {hi:.1%}); of {decided} decided appeals {overturned:#was|were} overturned in full or in part ({orate:.0%}, 95% CI {olo:.0%} to {ohi:.0%}).",
    },
    "appeals.scope_undecided": {
        "zh": "此范围内 {n} 人次获得最终等级，其中 {appealed} 人次申诉（{rate:.1%}，95% CI {lo:.1%} 至 {hi:.1%}）；尚无已处理的申诉，改判率无法估计。",
        "en": "In this scope {n} final grades, {appealed} appealed ({rate:.1%}, 95% CI {lo:.1%} to {hi:.1%}); no appeal is decided yet, so the overturn rate cannot be estimated.",
    },
    "appeals.signal_high": {
        "zh": "评价人 {rater} 的等级被改判 {overturned}/{decided} 件（{rate:.0%}），其他评价人为 {rest:.0%}：高出 {diff:.0%}（95% CI {lo:.0%} 至 {hi:.0%}，Fisher 精确检验经 Holm 校正 {p:p}）。值得复核其评分，但这不等于评分有误。",
        "en": "Rater {rater}'s grades were overturned in {overturned} of {decided} decided appeals ({rate:.0%}) against {rest:.0%} for the other raters: {diff:.0%} higher (95% CI {lo:.0%} to {hi:.0%}; Fisher exact test, Holm-corrected {p:p}). Worth a look at their grading; not proof that it is wrong.",
    },
    "appeals.signal_none": {
        "zh": "在可估计的 {tested} 名评价人（每人至少 {min} 件已处理申诉）中，没有人的改判率显著高于其他评价人（Fisher 精确检验，Holm 校正）。",
        "en": "Of the {tested:#rater|raters} that can be estimated (at least {min} decided appeals each), none has an overturn rate clearly above the other raters' (Fisher exact test, Holm-corrected).",
    },
    "appeals.cannot_estimate_any": {
        "zh": "所有评价人的改判率都无法估计：{n} 名评价人的已处理申诉都不足 {min} 件。",
        "en": "No rater's overturn rate can be estimated: {n:#rater has|raters have} fewer than {min} decided appeals.",
    },
    "appeals.cannot_estimate": {
        "zh": "另有 {n} 名评价人已处理申诉不足 {min} 件，改判率无法估计。",
        "en": "For {n:#more rater|more raters}, with fewer than {min} decided appeals, the overturn rate cannot be estimated.",
    },
    "appeals.times": {
        "zh": "处理用时：中位数 {median:.0f} 天（四分位 {q1:.0f} 至 {q3:.0f} 天，{n} 件有申诉和处理日期）；另有 {open} 件尚未处理，未计入用时。",
        "en": "Time to resolve: median {median:.0f} days (IQR {q1:.0f} to {q3:.0f}; {n:#appeal|appeals} with both dates); {open} still open, not in these times.",
    },
    "appeals.times_none": {
        "zh": "没有同时带申诉日期和处理日期的已处理申诉，处理用时无法计算；{open} 件尚未处理。",
        "en": "No decided appeal has both dates, so the time to resolve cannot be computed; {open} still open.",
    },
    "appeals.not_proof": {
        "zh": "注意：申诉反映的是谁选择申诉（了解流程、预期能赢的人更常申诉），改判反映的是复核人的判断；两者都不是评价人全部等级的随机样本，不能证明评分偏差。",
        "en": "Note: an appeal reflects who chooses to appeal (people who know the process or expect to win appeal more), and an overturn the reviewer's judgement; neither is a random sample of a rater's grades, so neither proves biased rating.",
    },
    "appeals.by_rater": {"zh": "按评价人（直属上级）", "en": "By rater (the manager)"},
    "appeals.by_department": {"zh": "按部门", "en": "By department"},
    "appeals.times_title": {"zh": "处理用时", "en": "Time to resolve"},
    "appeals.list": {"zh": "申诉记录", "en": "Appeals"},
    "appeals.audit": {"zh": "申诉审计记录", "en": "Appeals audit trail"},
    "appeals.session": {"zh": "本场校准人员的申诉", "en": "Appeals of the people in this session"},
    # the forms
    "appeals.record": {"zh": "登记申诉", "en": "Record an appeal"},
    "appeals.person": {"zh": "申诉人", "en": "Appellant"},
    "appeals.cycle": {"zh": "申诉的考核周期", "en": "Cycle appealed"},
    "appeals.filed": {"zh": "申诉日期", "en": "Appeal date"},
    "appeals.reason": {"zh": "申诉理由", "en": "Appeal reason"},
    "appeals.save": {"zh": "保存申诉", "en": "Save the appeal"},
    "appeals.resolve": {"zh": "处理申诉", "en": "Resolve an appeal"},
    "appeals.which": {"zh": "申诉", "en": "Appeal"},
    "appeals.outcome": {"zh": "处理结果", "en": "Outcome"},
    "appeals.resolver": {"zh": "处理人（留空为本人）", "en": "Resolved by (empty: you)"},
    "appeals.resolved_at": {"zh": "处理日期", "en": "Resolution date"},
    "appeals.grade_after": {"zh": "改判后等级", "en": "Grade after"},
    "appeals.save_resolution": {"zh": "保存处理结果", "en": "Save the resolution"},
    "appeals.read_only": {
        "zh": "你的角色只能查看申诉；登记和处理申诉需要 HR 管理员，或管辖该员工的 HRBP / 部门负责人。",
        "en": "Your role can read appeals only; recording and resolving them takes an HR administrator, or the HRBP / department head whose scope holds the person.",
    },
    # the command line
    "appeals.recorded": {
        "zh": "已登记申诉 {appeal}：{person}，{cycle}，申诉等级 {grade}。",
        "en": "Appeal {appeal} recorded: {person}, {cycle}, grade appealed {grade}.",
    },
    "appeals.resolved": {
        "zh": "申诉 {appeal} 已处理：{outcome}（{before} → {after}），处理人 {who}，{day}。",
        "en": "Appeal {appeal} resolved: {outcome} ({before} → {after}) by {who} on {day}.",
    },
    "appeals.none_listed": {"zh": "没有可查看的申诉。", "en": "No appeals to show."},
    # an analyst's list: rows about people withheld (visibility.View.k_anonymous), followed
    # by the pages' words for why (auth.rows_coarsened)
    "appeals.rows_withheld": {
        "zh": "不向你的角色显示：{n} 行个人明细。",
        "en": "Not shown to your role: {n:#row|rows} about people.",
    },
    "cli.appeals_bad_date": {
        "zh": "「{value}」不是日期（请用 2026-01-15 这样的格式）。",
        "en": "'{value}' is not a date (use the form 2026-01-15).",
    },
    "cli.appeals_needs": {
        "zh": "appeals {action} 需要 {options}。",
        "en": "appeals {action} needs {options}.",
    },
    # refusals (analytics.calibration.moves.Refused: the calib. family)
    "calib.appeal_not_allowed": {
        "zh": "{who} 不能登记或处理 {person} 的申诉：只有 HR 管理员，或管辖该员工的 HRBP / 部门负责人可以。未保存任何内容。",
        "en": "{who} may not record or resolve {person}'s appeals: only an HR administrator, or the HRBP / department head whose scope holds them, may. Nothing was saved.",
    },
    "calib.appeal_read_only": {
        "zh": "{who} 的角色（{role:@auth.role}）只能查看申诉，不能登记或处理：只有 HR 管理员，或管辖该员工的 HRBP / 部门负责人可以。未保存任何内容。",
        "en": "{who}'s role ({role:@auth.role}) reads appeals only and may not record or resolve them: only an HR administrator, or the HRBP / department head whose scope holds the person, may. Nothing was saved.",
    },
    "calib.appeal_no_grade": {
        "zh": "{person} 在 {cycle} 没有最终等级，无法对其申诉。未保存任何内容。",
        "en": "{person} has no final grade in {cycle}, so there is nothing to appeal. Nothing was saved.",
    },
    "calib.appeal_no_reason": {
        "zh": "{person}：申诉需要填写理由。未保存任何内容。",
        "en": "{person}: an appeal needs a reason. Nothing was saved.",
    },
    "calib.appeal_in_future": {
        "zh": "{person}：申诉日期 {day} 在今天之后。未保存任何内容。",
        "en": "{person}: the appeal date {day} is after today. Nothing was saved.",
    },
    "calib.appeal_bad_outcome": {
        "zh": "「{outcome}」不是处理结果（可用：{allowed}）。未保存任何内容。",
        "en": "'{outcome}' is not an appeal outcome (use: {allowed}). Nothing was saved.",
    },
    "calib.appeal_unknown": {
        "zh": "没有编号为 {appeal} 的登记申诉（导入的申诉请在申诉表中修改后重新导入）。",
        "en": "There is no recorded appeal {appeal} (an imported appeal is changed in its sheet and imported again).",
    },
    "calib.appeal_decided": {
        "zh": "申诉 {appeal} 已由 {who} 于 {day} 处理（{outcome}），未再修改。",
        "en": "Appeal {appeal} was already resolved by {who} on {day} ({outcome}); nothing changed.",
    },
    "calib.appeal_resolved_early": {
        "zh": "申诉 {appeal}：处理日期 {day} 早于申诉日期 {filed}。未保存任何内容。",
        "en": "Appeal {appeal}: the resolution date {day} is before the appeal date {filed}. Nothing was saved.",
    },
    "calib.appeal_needs_grade": {
        "zh": "申诉 {appeal}：改判或部分改判需要填写改判后等级。未保存任何内容。",
        "en": "Appeal {appeal}: an overturn (in full or in part) needs the grade after. Nothing was saved.",
    },
    # the appeals command's help
    "clihelp.appeals": {
        "zh": "申诉：登记（add）、列出（list）、处理（resolve），写入审计记录",
        "en": "appeals: record (add), list, resolve; each written to the audit trail",
    },
    "clihelp.appeals_action": {
        "zh": "add 登记，list 列出（--audit 列出审计记录），resolve 处理",
        "en": "add records one, list shows them (--audit: the audit trail), resolve decides one",
    },
    "clihelp.appeals_id": {
        "zh": "resolve：申诉编号（如 A1）",
        "en": "resolve: the appeal (e.g. A1)",
    },
    "clihelp.appeals_as": {
        "zh": "以该用户身份（在角色文件中查找；默认 {default}，即本地管理员）",
        "en": "as this user (looked up in the roles file; default {default}, the local administrator)",
    },
    "clihelp.appeals_employee": {
        "zh": "add：员工工号；list：只列出此人的申诉（按列表显示的编号，化名视图用 P- 编号）",
        "en": "add: the person's employee id; list: only this person's appeals (the id as the "
        "list shows it: the P- id in a pseudonymised view)",
    },
    "clihelp.appeals_cycle": {"zh": "add：考核周期", "en": "add: the cycle of the grade"},
    "clihelp.appeals_filed": {
        "zh": "add：申诉日期（默认今天）",
        "en": "add: the appeal date (default today)",
    },
    "clihelp.appeals_reason": {"zh": "add：申诉理由", "en": "add: the reason"},
    "clihelp.appeals_session": {
        "zh": "add：在哪场校准会登记（可选）",
        "en": "add: the calibration session it is recorded in (optional)",
    },
    "clihelp.appeals_outcome": {
        "zh": "resolve：处理结果（维持 / 改判 / 部分改判，或 upheld / overturned / partially）",
        "en": "resolve: the outcome (upheld / overturned / partially, or 维持 / 改判 / 部分改判)",
    },
    "clihelp.appeals_resolved": {
        "zh": "resolve：处理日期（默认今天）",
        "en": "resolve: the resolution date (default today)",
    },
    "clihelp.appeals_resolver": {
        "zh": "resolve：处理人（默认 --as 的用户）",
        "en": "resolve: who decided (default the --as user)",
    },
    "clihelp.appeals_grade_after": {
        "zh": "resolve：改判后等级（改判、部分改判时必填）",
        "en": "resolve: the grade after (needed for an overturn)",
    },
    "clihelp.appeals_audit": {"zh": "list：列出审计记录", "en": "list: show the audit trail"},
}
