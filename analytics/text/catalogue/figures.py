"""Figure titles, axes and legends (analytics.export.figures), and the printable report."""

TEXT: dict[str, dict[str, str]] = {
    "fig.legend_thinned": {
        "zh": "{name}（显示 {shown:,} / {total:,}）",
        "en": "{name} ({shown:,} of {total:,} shown)",
    },
    "fig.ratings": {"zh": "评分数", "en": "Ratings"},
    # a monthly cycle's tick on a chart's axis (its code 2026-05 in English)
    "fig.cycle_month": {"zh": "{year}年{month}月", "en": "{code}"},
    "fig.employees": {"zh": "员工数", "en": "Employees"},
    "fig.unit_means": {
        "zh": "各单元平均分（{cycle}，95% 置信区间；点击柱子下钻）",
        "en": "Mean score per unit ({cycle}, 95% CI; click a bar to drill down)",
    },
    "fig.unit_means_no_drill": {
        "zh": "各单元平均分（{cycle}，95% 置信区间）",
        "en": "Mean score per unit ({cycle}, 95% CI)",
    },
    "fig.score_axis": {"zh": "分数", "en": "score"},
    "fig.score_box": {
        "zh": "各单元员工分数分布（{cycle}，n 为该周期人数；框内 × 为均值）",
        "en": "Employee scores per unit ({cycle}, n = people in that cycle; × = mean)",
    },
    # a unit under the page's size rule on the box plot's axis: no box (rev23b item 13)
    "fig.box_outliers": {"zh": "须线以外的人", "en": "People beyond the whiskers"},
    "fig.box_too_few": {"zh": "n={n}，不足 {min} 人不画箱线", "en": "n={n}: under {min}, no box"},
    "fig.guideline": {"zh": "强制分布指导", "en": "Guideline"},
    "fig.share": {"zh": "占比", "en": "Share"},
    "fig.guideline_bars": {
        "zh": "等级占比与强制分布（误差线为 95% 置信区间）",
        "en": "Grade shares vs guideline (error bars: 95% CI)",
    },
    "fig.guideline_bars_counted": {
        "zh": "等级占比与强制分布（本场人员的实际人数，无误差线）",
        "en": "Grade shares vs guideline (this session's people counted: no error bars)",
    },
    "fig.mean": {"zh": "均值", "en": "mean"},
    "fig.mean_score": {"zh": "平均分", "en": "mean score"},
    "fig.too_few": {"zh": "人数过少", "en": "too few"},
    "fig.heatmap": {
        "zh": "部门 × 周期 平均分（灰色 ⚠ 表示人数过少）",
        "en": "Mean score, department × cycle (grey ⚠: too few people)",
    },
    # the heat map's colours: centred on the mean of everyone shown, a symmetric range of at
    # least a tenth of the scale (rev21 item 9), said on the colour bar and in the hover
    "fig.heat_centre": {
        "zh": "颜色以平均 {mean} 为中心，±{half}",
        "en": "colour centred on the mean {mean}, ±{half}",
    },
    "fig.heat_centre_tick": {"zh": "平均 {mean}", "en": "mean {mean}"},
    # a department's packet of one cycle: every cycle against the company (rev26a item 5)
    "fig.heatmap_company": {
        "zh": "部门 × 周期 平均分与公司同周期平均之差（灰色 ⚠ 表示人数过少）",
        "en": "Mean score against the company's of the same cycle, department × cycle "
        "(grey ⚠: too few people)",
    },
    "fig.heat_company": {
        "zh": "颜色为与公司同周期平均之差，±{half}",
        "en": "colour: the difference from the company's mean of the cycle, ±{half}",
    },
    "fig.heat_company_tick": {"zh": "与公司持平", "en": "as the company"},
    "fig.heat_company_diff": {
        "zh": "与公司同周期平均之差",
        "en": "vs the company's mean of the cycle",
    },
    "fig.heat_diff": {"zh": "与平均 {mean} 之差", "en": "vs the mean {mean}"},
    "fig.top_share": {"zh": "{grades} 占比", "en": "{grades} share"},
    "fig.inflation": {"zh": "分数膨胀趋势（95% 置信区间）", "en": "Rating inflation (95% CI)"},
    # a change of scale inside the inflation series: the line breaks there (rev23b item 9)
    "fig.scale_break": {"zh": "量表 {before} → {after}", "en": "scale: {before} → {after}"},
    "fig.ratings_log": {"zh": "评分条数（对数）", "en": "ratings (log)"},
    "fig.rater_effect_axis": {"zh": "评分效应", "en": "rater effect"},
    "fig.rater_effects": {
        "zh": "评价人宽严效应与 95% 置信区间",
        "en": "Rater leniency/severity with 95% CI",
    },
    "fig.spread_ratio": {
        "zh": "离散度比（评价人 / 其他评价人）",
        "en": "spread ratio (rater / other raters)",
    },
    "fig.halo_ratio": {
        "zh": "维度离散度比（评价人 / 公司基线）",
        "en": "dimension-spread ratio (rater / baseline)",
    },
    "fig.consistency": {
        "zh": "趋中倾向与光环效应（虚线为阈值 0.5）",
        "en": "Central tendency and halo (dotted: 0.5 thresholds)",
    },
    "fig.dumbbell": {"zh": "{roles} 分歧", "en": "Gaps: {roles}"},
    "fig.mean_change": {"zh": "平均变动", "en": "mean change"},
    "fig.shift_panel_points": {
        "zh": "同一分制的周期之间（{unit}）",
        "en": "Between cycles on one scale ({unit})",
    },
    "fig.shift_panel_mixed": {
        "zh": "跨分制的周期之间（0-1 标准分）",
        "en": "Between cycles on different scales (0-1 score)",
    },
    "fig.attribution": {
        "zh": "各部门分数变动的来源（按结束周期）",
        "en": "Where score changes come from, per department",
    },
    "fig.performance_axis": {
        "zh": "绩效（校正后，同群百分位）",
        "en": "Performance (adjusted, peer percentile)",
    },
    "fig.potential_axis": {"zh": "潜力", "en": "Potential"},
    "fig.nine_box": {"zh": "九宫格（点击格子查看名单）", "en": "9-box (click a cell for the list)"},
    "fig.nine_box_print": {
        "zh": "九宫格（各格人数与占比）",
        "en": "9-box (people and share per box)",
    },
    "fig.person_history": {
        "zh": "各周期按评价来源的平均分",
        "en": "Mean score per cycle by source",
    },
    # short enough to stand beside the plot (rev25b item 13: clipped into the title at 1280
    # px); what it is a contribution to, the note under the chart says
    "fig.kpi_axis": {
        "zh": "贡献（百分点）",
        "en": "contribution (percentage points)",
    },
    "fig.kpi_drivers": {"zh": "KPI 驱动因素", "en": "KPI drivers"},
    "report.title": {"zh": "绩效校准报告", "en": "Calibration report"},
    "report.more": {"zh": "… 另有 {n} 行", "en": "… {n} more"},
    "report.kept_attribution": {
        "zh": "只列出变化至少 {shift:pt}（{score_scale:unit}）且 95% 置信区间不含 0 的人，以及报告其他部分点名的人的最近一次变化",
        "en": "only changes of at least {shift:pt} {score_scale:unit} whose 95% CI excludes zero, and the latest change of the people other sections name",
    },
    "report.kept_adjusted": {
        "zh": "只列出 {cycle} 校正量至少 {shift:pt}（{score_scale:unit}）的人，以及报告其他部分点名的人",
        "en": "only {cycle} scores adjusted by at least {shift:pt} {score_scale:unit}, and the people other sections name",
    },
    "report.kept_raters": {
        "zh": "只列出有标记、可能有偏差或量表使用异常的评价人，以及团队与本部门其余人员的差距区间不含 0 的评价人",
        "en": "only raters with a flag, a likely flag or a scale-use status, and those whose team's interval against the rest of its department leaves out 0",
    },
    # the decision study's rows of no value, said once (rev26a item 7)
    "report.dstudy_blank": {
        "zh": "另有 {n} 行（评价人数 {raters}）无法估计，未列出：{reason:@reason}。",
        "en": "{n} more rows ({raters} raters) cannot be estimated and are not listed: "
        "{reason:@reason}.",
    },
    "report.share_clipped": {
        "zh": "占比的 95% 区间按“估计 ± 1.96 × 标准误”计算，超出 0–100% 的一端已截到 0% 或 100%（占比不会小于 0 或大于 100%）。",
        "en": "A share's 95% interval is the estimate ± 1.96 standard errors; an end beyond 0-100% is cut to 0% or 100% (a share cannot be below 0 or above 100%).",
    },
    "report.kept": {
        "zh": "{section}：共 {total:,} 行，列出 {shown:,} 行（{rule}）。完整表格：对应页面的 CSV 下载。",
        "en": "{section}: {shown:,} of {total:,} rows ({rule}). The whole table: the page's CSV download.",
    },
    # rater rows the viewer's role is not shown (analytics.export.rows, View.left_out)
    "report.left_out_role": {
        "zh": "{section}：本范围的 {total:,} 位评价人中，{shown:,} 位向你的角色显示（{rule}）。",
        "en": "{section}: {shown:,} of the {total:,} raters of people in this scope are shown "
        "to your role ({rule}).",
    },
    "report.role_rule_raters": {
        "zh": "只显示你查看范围内主要以上级、隔级上级或本人身份评分的评价人（经理还能看到自己的一行；"
        "不在员工名单中、只评价了你查看范围内人员的评价人也算在范围内）；查看范围以外的评价人（在名单中属于其他部门，"
        "或不在名单中且也评价了范围以外的人员）和主要以同事或下属身份评分的评价人不向你的角色显示，页面上也不显示",
        "en": "only the raters in your scope who rate mainly as manager, skip-level or self (a "
        "manager also sees their own row; a rater with no roster row who rated only people in "
        "your scope is in it); raters outside your scope (on the roster elsewhere, or with no "
        "roster row and people outside your scope among those they rated) and those who rate "
        "mainly as peers or subordinates are not shown to your role, on the pages either",
    },
    "report.kept_sheet": {"zh": "省略的行", "en": "Rows left out"},
    "report.withheld_sheet": {"zh": "未显示", "en": "Not shown"},
    # the cycles as the imported files named them, beside the codes (issue 19 item 3): a cell
    # of a cycle column, and the summary sheet's note
    "report.cycle_named": {"zh": "{cycle}（{label}）", "en": "{cycle} ({label})"},
    "report.cycle_names": {
        "zh": "本工作簿中的周期代码对应导入文件中的周期名称：{names}。",
        "en": "The cycle codes in this workbook stand for the imported files' cycles: {names}.",
    },
    "report.kept_section": {"zh": "部分", "en": "Section"},
    "report.kept_shown": {"zh": "列出行数", "en": "Rows listed"},
    "report.kept_total": {"zh": "全部行数", "en": "All rows"},
    "report.kept_rule": {"zh": "说明", "en": "Which rows"},
    "packet.none": {"zh": "本范围内没有此项。", "en": "Nothing of this kind in this scope."},
    # why a department's packet and its meeting count different people to move (rev25a item 7)
    "packet.moves_differ": {
        "zh": "注：这里的需调整 {moves} 人是 {units} 个偏离的下级{kind:@unit_word}各自达到指导分布所需人数之和，只计这些{kind:@unit_word}中本周期有分数和等级的 {people} 人；校准会把 {dept} 本周期所有有等级的人（含不属于任何下级{kind:@unit_word}的人、没有分数的人）作为一个整体计算，所以两处的人数和需调整人数可能不同。",
        "en": "Note: the {moves} to move here are the sum of what each of the {units} {kind:@unit_word} below it off the guideline would move on its own, counting their {people} people with a score and a grade this cycle; the calibration meeting takes every graded person of {dept} this cycle (those in none of them and those without a score too) as one group, so the two counts of people and of moves can differ.",
    },
    # a department scope whose own shift was stated above (rev25a item 7)
    "packet.shift_see_above": {
        "zh": "本范围内的下级部门没有各自的整体变动；{dept} 本身在 {from_cycle}→{to_cycle} 的整体变动见上文“{where}”。",
        "en": "No sub-department moved on its own; {dept}'s own shift {from_cycle}→{to_cycle} is stated above, under '{where}'.",
    },
    # the raters whose standard cannot be estimated, named with the reason (rev29b item 3)
    "packet.not_estimable_named": {
        "zh": "无法估计的评价人（其评分的宽严计入其被评人的分数，无法校正）：{raters}",
        "en": "Raters who cannot be estimated (their standard stays in their people's scores, "
        "uncorrected): {raters}",
    },
    "packet.not_estimable_more": {
        "zh": "另有 {n} 位，见完整工作簿",
        "en": "{n} more in the full workbook",
    },
    "packet.none_kept": {
        "zh": "本范围内没有需要讨论的行；全部 {n:,} 行见完整工作簿。",
        "en": "No row in this scope needs discussing; all {n:,} rows are in the full workbook.",
    },
    # no rater flagged, but teams stand apart from their department (rev32b item 1)
    "packet.teams_below": {
        "zh": "本范围内没有被标记的评价人（全部 {n:,} 行见完整工作簿）；但有 {k:,} 个团队与本部门其余人员的差距 95% 区间不含 0，见下表。",
        "en": "No rater is flagged in this scope (all {n:,} rows are in the full workbook), but "
        "{k:,} teams stand apart from the rest of their department (the 95% interval leaves "
        "out 0): see the table below.",
    },
    # a one-cycle packet's attribution is the change into its cycle (rev27a item 1)
    "packet.carried": {
        "zh": "本周期校准讨论的是从 {from_cycle} 到 {to_cycle} 的变化：变动归因、部门整体变动和逆势变动人员取自全部周期中这两个相邻周期的比较。",
        "en": "A meeting on one cycle discusses the change into it: the change attribution, the department shifts and the people who moved against their department are those of {from_cycle} to {to_cycle}, from the comparison of every cycle.",
    },
    # a scope of results only: the sections that read ratings by rater, said once, not as
    # "nothing to discuss" (session 45 G item 3); the workbook's summary sheet and the JSON
    # say the same (report.needs_ratings)
    "packet.needs_ratings": {
        "zh": "以下各项需要评价人逐一给出的评分（自评、上级、同事等），而本范围只有考核结果（最终得分和等级），因此本材料不含这些项：{topics}。",
        "en": "These sections need the ratings raters gave one by one (self, manager, peers …), and this scope holds results only (final scores and grades), so this packet leaves them out: {topics}.",
    },
    "report.needs_ratings": {
        "zh": "以下各项需要评价人逐一给出的评分（自评、上级、同事等），而本范围只有考核结果（最终得分和等级），因此本文件不含这些项：{topics}。",
        "en": "These sections need the ratings raters gave one by one (self, manager, peers …), and this scope holds results only (final scores and grades), so this file leaves them out: {topics}.",
    },
    "packet.nothing_here": {
        "zh": "本范围内以下各项没有需要讨论的行，不另设页：{topics}。",
        "en": "Nothing to discuss in this scope, so no page of their own: {topics}.",
    },
    "packet.more": {
        "zh": "另有 {n:,} 行见校准工作簿（XLSX）。",
        "en": "{n:,} more rows are in the calibration workbook (XLSX).",
    },
    # the ranking's cautions in the packet (rev26a item 1): a mark on the row, the sentence
    # under the table, and the marked rows below the first ones printed too
    "packet.caution_mark": {"zh": "名次不可靠，见注{k}", "en": "rank not reliable, note {k}"},
    "packet.caution_note": {"zh": "注{k}：{text}。", "en": "Note {k}: {text}."},
    "packet.marked_beyond": {
        "zh": "前 {rows} 行之后，带“注意”的 {n} 行也列在表中（与页面标记的行相同）。",
        "en": "Below the first {rows} rows, the {n} rows with a caution are listed too (the rows "
        "the page marks). ",
    },
    # a department x cycle heat map of one cycle: one column, nothing to compare (rev26a item 5)
    # the cycles' codes beside the imported files' names (rev26a item 9)
    "packet.cycle_name": {"zh": "{cycle} = {label}", "en": "{cycle} = {label}"},
    "packet.cycle_names": {
        "zh": "本材料中的周期代码对应导入文件中的周期名称：{names}。",
        "en": "The cycle codes in this packet stand for the imported files' cycles: {names}.",
    },
    "packet.heatmap_company": {
        "zh": "下图是本部门（“{dept}”一行为部门整体）及其下级部门在所有周期（不只本次的 {cycle}）"
        "的平均分与公司同周期平均之差：部门整体在某一周期的变动从中可见。",
        "en": "The chart below shows the department (the row '{dept}': as a whole) and its units "
        "in every cycle, not only {cycle}, against the company's mean of each cycle: a move of "
        "the whole department in one cycle shows in it.",
    },
    "packet.heatmap_one_cycle": {
        "zh": "本范围只含一个周期（{cycle}），部门 × 周期热力图只有一列，颜色没有可比较之处，略去；各周期的对比见包含所有周期的校准包或“分布”页。",
        "en": "This scope holds one cycle ({cycle}): the department x cycle heat map would be one column with nothing to compare, so it is left out; the packet of every cycle or the Distributions page compares the cycles.",
    },
    "packet.of_all": {
        "zh": "（本表只列需要讨论的行，全部 {n:,} 行见完整工作簿。）",
        "en": "(Only the rows to discuss are listed; all {n:,} rows are in the full workbook.)",
    },
    "packet.cover_note": {
        "zh": "数据计算于 {at:when}，本文件导出于 {now:when}。每节列出会议需要讨论的行；完整数据见同一范围的校准工作簿。",
        "en": "Data computed {at:when}; this file exported {now:when}. Each section lists the rows the meeting discusses; the full data is in the calibration workbook of the same scope.",
    },
    "packet.no_chromium": {
        "zh": "找不到用于打印 PDF 的 Chromium：{path}。请安装 chromium 或设置 PERFLENS_CHROMIUM。",
        "en": "No Chromium to print the PDF with at {path}: install chromium or set PERFLENS_CHROMIUM.",
    },
    "packet.print_timeout": {
        "zh": "PDF 未能生成：打印用的浏览器在 {seconds} 秒内没有完成。服务器可能正忙，请稍后再点一次；也可以下载 HTML 版，在浏览器中打印。",
        "en": "The PDF could not be made: the browser that prints it did not finish within {seconds} s. The server may be busy: click again in a moment, or download the HTML and print it from your browser.",
    },
    "packet.print_failed": {
        "zh": "PDF 未能生成：打印用的浏览器出错（{reason}）。请再点一次；仍不行时，下载 HTML 版，在浏览器中打印。",
        "en": "The PDF could not be made: the browser that prints it failed ({reason}). Click again; if it fails again, download the HTML and print it from your browser.",
    },
}
