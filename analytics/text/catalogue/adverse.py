"""Adverse impact (analytics.calibration.adverse): group and wide KPI columns kept at import,
the meeting page's section and its verdicts."""

TEXT: dict[str, dict[str, str]] = {
    # the import report
    "import.group_columns_kept": {
        "zh": "文件 {file}：列 {columns} 作为分组列保留（用于校准会的不利影响检查）。",
        "en": "File {file}: the columns {columns} were kept as group columns (for the calibration meeting's adverse-impact check).",
    },
    "import.kpi_columns_kept": {
        "zh": "文件 {file}：列 {columns} 作为 KPI 导入（每列一个指标，表头即指标名，单元格为实际值）。",
        "en": "File {file}: the columns {columns} were loaded as KPIs (one KPI a column, the header as its name, the cell as its actual value).",
    },
    "import.kpi_values_differ": {
        "zh": "文件 {file}：KPI 列「{column}」对 {n} 人在同一周期的不同行给出了不同的值（值（行号）：{examples}），每人只导入第一行的值。请核对源表中哪一个是该人的结果。",
        "en": "File {file}: the KPI column '{column}' gives {n:#person|people} different values on different rows of one cycle (value (row): {examples}); each person's first row was imported. Check the source for the person's result.",
    },
    "import.kpi_attainment_kept": {
        "zh": "文件 {file}：列 {columns} 是目标完成率，作为 KPI 导入（单元格即达成率，120% 记为 1.2，超过 100% 的值照常导入），不作为评价维度。如果它确是评价维度，请在映射文件的 dimensions 中写明，再用 --mapping 导入（数据导入页：在列映射中把它设为“（评价维度）”）。",
        "en": "File {file}: the columns {columns} hold target attainment and were loaded as KPIs (the cell is the attainment, 120% read as 1.2; values over 100% load as they are), not as rating dimensions. If one is a rating dimension, list it under dimensions in a mapping file and import with --mapping (on the Data page: set it to “(rating dimension)” in the column mapping).",
    },
    "import.mapping_columns_table": {
        "zh": "映射文件 {file}：{key} 应写成一个表，其中 columns 为表头列表，例如 [{key}] columns = ['性别', '籍贯']，而不是 {found}。",
        "en": "Mapping file {file}: {key} must be a table holding a list of headers, for example [{key}] columns = ['Gender', 'Region'], not {found}.",
    },
    # the Data page's choice of what a column is read as
    "data.kpi_column": {
        "zh": "KPI（每列一个指标，表头为指标名）",
        "en": "KPI (one a column, the header as its name)",
    },
    "data.group_column": {"zh": "分组列（不利影响检查）", "en": "Group column (adverse impact)"},
    "field.gender": {"zh": "性别（分组列）", "en": "Gender (group column)"},
    "field.age_band": {"zh": "年龄段（分组列）", "en": "Age band (group column)"},
    "field.tenure": {"zh": "司龄（分组列）", "en": "Tenure (group column)"},
    # the meeting page's section
    "adverse.title": {"zh": "不利影响检查（签字前）", "en": "Adverse impact (before sign-off)"},
    "adverse.intro": {
        "zh": "按分组比较校准后的高等级（{top}）比例和本次调整：四五分之一比率（各组比例 ÷ 最高组比例，低于 0.8 需关注）、Fisher 精确检验、比例差的 95% 区间，以及控制 KPI 与职级后的逻辑回归比值比（Firth 惩罚估计，轮廓似然区间，小组里也成立）。职级是控制因素，不作比较：各职级的比例仅供参考。少于 {k} 人的组不显示；少于 {min_n} 人的组只列人数，太少，无法判断，不参与比较。这是提醒，不阻止签字。",
        "en": "Top grades ({top}) after calibration and the session's moves, by group: the four-fifths ratio (a group's rate over the highest group's; below 0.8 needs a look), Fisher's exact test, the 95% interval of the rate difference, and a logistic regression's odds ratio at equal KPI and level (Firth-penalised, with a profile-likelihood interval, which holds in small groups). Level is held equal, not compared: its rates are context only. Groups of fewer than {k} people are not shown; groups of fewer than {min_n} are listed with their number of people only: too few to judge, not compared. A warning, not a block: sign-off stays possible.",
    },
    "adverse.none": {
        "zh": "本次校准会的人员没有分组列（性别、年龄段、地区、司龄、职级）：导入时带上这些列即可检查不利影响。",
        "en": "The session's people have no group columns (gender, age band, location, tenure, level): import them with the data to check adverse impact.",
    },
    "adverse.details": {"zh": "分组明细", "en": "Groups in detail"},
    "adverse.not_estimable": {"zh": "无法估计", "en": "cannot be estimated"},
    # the verdicts: what the data shows, and what it does not prove
    "adverse.verdict.flagged": {
        "zh": "{column:@adverse.group?}：在 {controls:@adverse.controls}相同的情况下，{group} 获得高等级的几率低于 {reference}（比值比 {odds_ratio:.2f}，95% 区间 {or_ci95_low:.2f}–{or_ci95_high:.2f}，不含 1；共 {n_groups} 个组如此）。已标记，请复核：评级差异不能由 KPI 解释；这并不单独证明存在偏见（未测量的因素也可能不同）。",
        "en": "{column:@adverse.group?}: at equal {controls:@adverse.controls}, {group} has lower odds of a top grade than {reference} (odds ratio {odds_ratio:.2f}, 95% interval {or_ci95_low:.2f}–{or_ci95_high:.2f}, excluding 1; {n_groups:#group|groups} flagged). Flagged for review: the KPIs do not explain the rating gap; this alone does not prove bias (what is not measured may differ).",
    },
    "adverse.verdict.kpi_explains": {
        "zh": "{column:@adverse.group?}：{n_groups} 个组的高等级比例低于 {reference}（{ref_rate:.1%}）的五分之四，最低的 {group} 的高等级比例为 {rate:.1%}，是 {reference} 的 {ratio:.2f} 倍；但在 {controls:@adverse.controls}相同的情况下比值比为 {odds_ratio:.2f}（95% 区间 {or_ci95_low:.2f}–{or_ci95_high:.2f}，包含 1，且排除了未控制时的 {raw_odds_ratio:.2f}）：差距来自 KPI 的差异，而不是评级。这不能说明 KPI 本身没有偏差。",
        "en": "{column:@adverse.group?}: {n_groups:#group is|groups are} below four-fifths of {reference}'s top-grade rate ({ref_rate:.1%}); the lowest, {group}, has {rate:.1%} top grades, a ratio of {ratio:.2f} to {reference}'s; but at equal {controls:@adverse.controls} the odds ratio is {odds_ratio:.2f} (95% interval {or_ci95_low:.2f}–{or_ci95_high:.2f}: it includes 1 and excludes the uncontrolled {raw_odds_ratio:.2f}): the KPI difference, not the rating, explains the gap. It does not show that the KPIs themselves are free of bias.",
    },
    "adverse.verdict.inconclusive": {
        "zh": "{column:@adverse.group?}：{n_groups} 个组的高等级比例低于 {reference}（{ref_rate:.1%}）的五分之四，最低的 {group} 的高等级比例为 {rate:.1%}，是 {reference} 的 {ratio:.2f} 倍（未控制时比值比 {raw_odds_ratio:.2f}）；在 {controls:@adverse.controls}相同的情况下比值比为 {odds_ratio:.2f}（95% 区间 {or_ci95_low:.2f}–{or_ci95_high:.2f}）。区间太宽，既不能说明 KPI 解释了差距，也不能说明评级偏低；人数更多时才能判断。",
        "en": "{column:@adverse.group?}: {n_groups:#group is|groups are} below four-fifths of {reference}'s top-grade rate ({ref_rate:.1%}); the lowest, {group}, has {rate:.1%} top grades, a ratio of {ratio:.2f} to {reference}'s (uncontrolled odds ratio {raw_odds_ratio:.2f}); at equal {controls:@adverse.controls} the odds ratio is {odds_ratio:.2f} (95% interval {or_ci95_low:.2f}–{or_ci95_high:.2f}). The interval is too wide to tell whether the KPIs explain the gap or the ratings are lower; more people are needed to decide.",
    },
    "adverse.verdict.below_unexplained": {
        "zh": "{column:@adverse.group?}：{n_groups} 个组的高等级比例低于 {reference}（{ref_rate:.1%}）的五分之四，{group} 的高等级比例为 {rate:.1%}，是 {reference} 的 {ratio:.2f} 倍（Fisher 检验 {p_value:p}）；控制{controls:@adverse.controls}后的效应无法估计（{why:@adverse.why}），因此不能判断 KPI 是否解释了差距。小组的比率很不稳定。",
        "en": "{column:@adverse.group?}: {n_groups:#group is|groups are} below four-fifths of {reference}'s top-grade rate ({ref_rate:.1%}); {group} has {rate:.1%} top grades, a ratio of {ratio:.2f} to {reference}'s (Fisher's test {p_value:p}); the effect at equal {controls:@adverse.controls} cannot be estimated ({why:@adverse.why}), so whether the KPIs explain the gap cannot be told. Ratios of small groups are unstable.",
    },
    "adverse.verdict.no_gap": {
        "zh": "{column:@adverse.group?}：各组高等级比例都不低于最高组（{reference}）的五分之四，控制 {controls:@adverse.controls}后也没有组明显偏低。组很小时真实差异可能看不出来：这不证明评级是公平的。",
        "en": "{column:@adverse.group?}: every group's top-grade rate is at least four-fifths of the highest group's ({reference}), and no group is clearly lower at equal {controls:@adverse.controls}. With small groups a real difference can go unseen: this does not prove the ratings fair.",
    },
    # level: a control in the other groups' models, not a protected group (rev24b item 8)
    "adverse.verdict.control": {
        "zh": "{column:@adverse.group?}：是控制因素，不是要标记的分组：其他分组在职级相同的情况下比较，职级也不是受保护的特征。各职级的高等级比例列在下表中，仅供参考，不作检验。",
        "en": "{column:@adverse.group?}: a control, not a group to flag: the other groups are compared at equal level, and level is not a protected attribute. The top-grade rates by level are in the table below as context only; they are not tested.",
    },
    "adverse.context_only": {
        "zh": "仅供参考：控制因素，不作比较",
        "en": "context only: a control, not compared",
    },
    "adverse.verdict.too_few": {
        "zh": "{column:@adverse.group?}：不足两个至少 {min_n} 人的组，无法比较。",
        "en": "{column:@adverse.group?}: fewer than two groups of at least {min_n} people; nothing is compared.",
    },
    # groups of k to MIN_COMPARE - 1 people: listed with their n, not compared (rev23a 10)
    "adverse.few_groups": {
        "zh": " {few} 人数太少（少于 {min_n} 人），无法判断，未参与比较。",
        "en": " Too few to judge (fewer than {min_n} people), not compared: {few}.",
    },
    "adverse.too_few_to_judge": {
        "zh": "人数太少（少于 {min_n} 人），无法判断",
        "en": "too few to judge (fewer than {min_n} people)",
    },
    # what was not controlled for, when nothing was
    "adverse.nocontrol.none": {
        "zh": "数据中没有 KPI 或职级",
        "en": "the data has no KPI results or levels",
    },
    "adverse.nocontrol.none_level_compared": {
        "zh": "职级就是这里比较的分组，不能同时作为控制因素；数据中没有导入 KPI 完成情况",
        "en": "level is the grouping compared here, so it cannot also be held equal, and no KPI results are imported",
    },
    # the same verdicts when the data has neither KPI results nor levels: nothing is controlled
    # for, so the odds ratio is the raw one and cannot speak for the ratings against
    # performance (rev22: "在 （没有 KPI 或职级可控制） 相同的情况下…" read as a broken sentence)
    "adverse.verdict.flagged_uncontrolled": {
        "zh": "{column:@adverse.group?}：{group} 获得高等级的几率低于 {reference}（比值比 {odds_ratio:.2f}，95% 区间 {or_ci95_low:.2f}–{or_ci95_high:.2f}，不含 1；共 {n_groups} 个组如此）。未控制任何因素：{controls:@adverse.nocontrol}，无法控制业绩差异：这只说明等级分布不同，不能说明差距来自评级而不是业绩。已标记，请复核。",
        "en": "{column:@adverse.group?}: {group} has lower odds of a top grade than {reference} (odds ratio {odds_ratio:.2f}, 95% interval {or_ci95_low:.2f}–{or_ci95_high:.2f}, excluding 1; {n_groups:#group|groups} flagged). Nothing was controlled for: {controls:@adverse.nocontrol}, so performance is not held equal: this shows the grades differ, not that the ratings rather than performance explain it. Flagged for review.",
    },
    "adverse.verdict.inconclusive_uncontrolled": {
        "zh": "{column:@adverse.group?}：{n_groups} 个组的高等级比例低于 {reference}（{ref_rate:.1%}）的五分之四，最低的 {group} 的高等级比例为 {rate:.1%}，是 {reference} 的 {ratio:.2f} 倍（比值比 {odds_ratio:.2f}，95% 区间 {or_ci95_low:.2f}–{or_ci95_high:.2f}，包含 1）。在这个人数下区间太宽，不能把差距与随机波动区分开；未控制任何因素：{controls:@adverse.nocontrol}，也无法控制业绩差异。",
        "en": "{column:@adverse.group?}: {n_groups:#group is|groups are} below four-fifths of {reference}'s top-grade rate ({ref_rate:.1%}); the lowest, {group}, has {rate:.1%} top grades, a ratio of {ratio:.2f} to {reference}'s (odds ratio {odds_ratio:.2f}, 95% interval {or_ci95_low:.2f}–{or_ci95_high:.2f}, including 1). At this number of people the interval is too wide to tell the gap from chance; nothing was controlled for: {controls:@adverse.nocontrol}, so performance is not held equal either.",
    },
    "adverse.verdict.below_unexplained_uncontrolled": {
        "zh": "{column:@adverse.group?}：{n_groups} 个组的高等级比例低于 {reference}（{ref_rate:.1%}）的五分之四，{group} 的高等级比例为 {rate:.1%}，是 {reference} 的 {ratio:.2f} 倍（Fisher 检验 {p_value:p}）；比值比无法估计（{why:@adverse.why}）。未控制任何因素：{controls:@adverse.nocontrol}，不能判断差距是否来自业绩。小组的比率很不稳定。",
        "en": "{column:@adverse.group?}: {n_groups:#group is|groups are} below four-fifths of {reference}'s top-grade rate ({ref_rate:.1%}); {group} has {rate:.1%} top grades, a ratio of {ratio:.2f} to {reference}'s (Fisher's test {p_value:p}); the odds ratio cannot be estimated ({why:@adverse.why}). Nothing was controlled for: {controls:@adverse.nocontrol}, so whether performance explains the gap cannot be told. Ratios of small groups are unstable.",
    },
    "adverse.verdict.no_gap_uncontrolled": {
        "zh": "{column:@adverse.group?}：各组高等级比例都不低于最高组（{reference}）的五分之四，也没有组的几率明显偏低（未控制任何因素：{controls:@adverse.nocontrol}）。组很小时真实差异可能看不出来：这不证明评级是公平的。",
        "en": "{column:@adverse.group?}: every group's top-grade rate is at least four-fifths of the highest group's ({reference}), and no group's odds are clearly lower (nothing was controlled for: {controls:@adverse.nocontrol}). With small groups a real difference can go unseen: this does not prove the ratings fair.",
    },
    # why the controlled effect has no estimate (analytics.calibration.adverse.group_odds_ratios)
    "adverse.why.degenerate": {
        "zh": "有组全是或全不是高等级",
        "en": "a group has no top grades or only top grades",
    },
    "adverse.why.unstable": {
        "zh": "在这个人数下回归的区间太宽，无法判断：可控制的因素几乎决定了等级",
        "en": "the regression's interval is too wide to tell at this number of people: what is controlled for almost decides the grades",
    },
    "adverse.why.too_small": {
        "zh": "人数少于回归需要估计的系数个数",
        "en": "fewer people than the regression has coefficients to estimate",
    },
    "adverse.controls.kpi_level": {"zh": "KPI 完成情况和职级", "en": "KPI results and level"},
    "adverse.controls.kpi": {"zh": "KPI 完成情况", "en": "KPI results"},
    "adverse.controls.level": {
        "zh": "职级（没有 KPI 可控制）",
        "en": "level (no KPI to control for)",
    },
    "adverse.controls.none": {
        "zh": "（没有 KPI 或职级可控制）",
        "en": "(no KPI or level to control for)",
    },
    "adverse.group.gender": {"zh": "性别", "en": "Gender"},
    "adverse.group.age_band": {"zh": "年龄段", "en": "Age band"},
    "adverse.group.location": {"zh": "地区", "en": "Location"},
    "adverse.group.tenure": {"zh": "司龄", "en": "Tenure"},
    "adverse.group.level": {"zh": "职级", "en": "Level"},
    # column headers of the section's table (the page, the write-back workbook)
    "column.group_column": {"zh": "分组列", "en": "Group column"},
    "column.group": {"zh": "组", "en": "Group"},
    "column.top_rate": {"zh": "高等级比例", "en": "Top-grade rate"},
    "column.impact_ratio": {"zh": "四五分之一比率", "en": "Four-fifths ratio"},
    "column.down_rate": {"zh": "下调比例", "en": "Moved down"},
    "column.up_rate": {"zh": "上调比例", "en": "Moved up"},
    "column.reference": {"zh": "参照组（最高）", "en": "Reference (highest)"},
    "column.rate_diff": {"zh": "与参照组之差", "en": "Difference to reference"},
    "column.diff_ci95_low": {"zh": "差 95% 下限", "en": "Difference 95% low"},
    "column.diff_ci95_high": {"zh": "差 95% 上限", "en": "Difference 95% high"},
    "column.odds_ratio": {
        "zh": "比值比（控制 KPI、职级）",
        "en": "Odds ratio (KPI, level held equal)",
    },
    "column.or_ci95_low": {"zh": "比值比 95% 下限", "en": "Odds ratio 95% low"},
    "column.or_ci95_high": {"zh": "比值比 95% 上限", "en": "Odds ratio 95% high"},
    "column.or_note": {"zh": "回归", "en": "Regression"},
    "calib.sheet_adverse": {"zh": "不利影响检查", "en": "Adverse impact"},
    "calib.sheet_adverse_groups": {"zh": "不利影响分组", "en": "Adverse impact by group"},
    "column.adverse_verdict": {"zh": "结论", "en": "What the data shows"},
}
