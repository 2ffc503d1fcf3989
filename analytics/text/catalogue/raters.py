"""Rater consistency page strings."""

TEXT: dict[str, dict[str, str]] = {
    "raters.title": {"zh": "评价人一致性", "en": "Rater consistency"},
    "raters.reliability": {"zh": "评分信度", "en": "Reliability"},
    "raters.reliability_note": {
        "zh": "Krippendorff α（等距）适用于每人评价人不同的稀疏评价小组；ICC(1)/ICC(1,k) 适用于评价人嵌套于员工（每人各有上级与同事）的设计。区间为 95% 置信区间。“评价人数”是参与计算的不同评价人总数；ICC 每位员工取其评价人编号最小的 k 位评价人，不分角色（k 见“适用设计”，导出文件中为“每人评价人数”一列）；α 用全部评价人。",
        "en": "Krippendorff's alpha (interval) fits sparse panels where each employee has different raters; ICC(1)/ICC(1,k) fits raters nested in employees. Intervals are 95% CIs. 'Raters' counts the distinct raters in the calculation; the ICC takes each employee's k raters with the lowest rater ids, whatever their role (k is in 'Design', and in the exports' 'Raters per person' column); alpha uses every rater.",
    },
    "raters.effects": {"zh": "宽严效应", "en": "Leniency and severity"},
    "raters.role_gap": {
        "zh": "角色差距：{role:@role}评价人对同一批人的评分比{reference:@role}评价人平均相差 {gap:+pt}（95% 置信区间 {lo:+pt} 至 {hi:+pt}，{score_scale:unit}）。每位评价人的效应以同一主要角色的评价人为参照，这一差距不计入任何人的效应。",
        "en": "Role gap: {role:@role} raters score the same people {gap:+pt} compared with {reference:@role} raters on average (95% CI {lo:+pt} to {hi:+pt}, {score_scale:unit}). Each rater's effect is taken against raters of the same main role, so this gap is in no one's effect.",
    },
    "raters.compressed_others": {
        "zh": "{role:@role?}评价人给同一批人拉开的分数幅度是这些人其他评价人的 {slope:.1f} 倍（中位数）："
        "其他评价人（多为同事）把分数压缩在较窄的范围内。{role:@role?}的宽严只能部分地与他们比较：团队的"
        "真实强弱会部分计入其{role:@role?}的效应，只在{role:@role?}身份下表现出的宽严也可能被算到该团队"
        "同事的头上。因此这里“未标记”不等于无偏，个别标记也需结合其他信息核查。",
        "en": "{role:@role?} raters spread the same people {slope:.1f} times as widely as those "
        "people's other raters do (median): the others, mostly peers, squeeze their scores into "
        "a narrow range. A {role:@role?} rater's leniency can be measured against them only "
        "partly: part of a team's real strength enters its {role:@role?} rater's effect, and "
        "leniency shown only in that role can be put on the team's peers instead. So 'not "
        "flagged' here is not 'unbiased', and a flag needs checking against other evidence.",
    },
    "raters.effects_note": {
        "zh": "效应来自配对均值上的加性模型（配对均值 = 一位评价人对一人在一个周期各维度评分的平均，缺评维度的难度已扣除；配对均值 = 被评人效应 + 评价人效应 + 误差），是评价人与同一组相连评价人（通过共同被评人相连）中同一主要角色（上级比上级、同事比同事）平均水平之差；某角色评价人少于 3 位时以最大角色为参照。严格标记：整个 95% 置信区间超出 ±0.3 个员工分数标准差（每人每周期其各评价人配对均值的不加权平均的标准差，不是按角色加权的个人分数的标准差）；“可能偏宽松/偏严格”：控制错误发现率（5%）后显著且效应超过该阈值，即这类标记中预计约二十分之一有误；某一角色（通常是同事）的结果看不出真实差异时，该角色的评价人需要更强的证据才会被标记。没有其他可识别的评价人评价其下属的评价人无法估计，不显示为 0。点击图中的点或下方表格中的一行，查看该评价人。",
        "en": "Effects come from an additive model on pair means (a pair mean is one rater's scores of one person in one cycle, averaged over the dimensions, with a skipped dimension's difficulty taken out; pair mean = ratee + rater + error): each is the rater's difference from the raters of the same main role (managers against managers, peers against peers) linked to them through shared ratees; a role with fewer than 3 raters is taken against the largest role. Strict flag: the whole 95% CI lies beyond ±0.3 SD of employee scores (the SD of each person's unweighted mean over their raters' pair means per cycle, not of the role-weighted person score); 'likely lenient / severe': significant with the false discovery rate held at 5% and beyond that threshold, so about one in twenty such flags is expected to be wrong; where a role's results (usually peers') show no sign of real differences, its raters need stronger evidence to be flagged. A rater whose people nobody else identified rates cannot be estimated and is never shown as 0. Click a point on the chart or a row of the table below to see the rater.",
    },
    # why the effect reads smaller than a raw check (left32 item 5, rev31a finding 3)
    "raters.effect_shrunk_note": {
        "zh": "“评分效应”是收缩后的估计（部分汇合）：评分越少，越向 0 收缩；旁边的“原始差异(未收缩)”是同一模型不收缩的估计，"
        "评分少时噪声大。两者都与同一批人的同一角色其他评价人（上级比上级）相比；用上级评分减去同一批人的隔级或同事评分的"
        "手算结果还含有两个角色之间的差距，因此可能与两者都不同。标记和校正后的分数使用收缩后的效应。",
        "en": "'Effect' is shrunk (partial pooling): the fewer ratings it rests on, the more it is "
        "pulled toward 0; the 'Raw difference (unshrunk)' beside it is the same model's estimate "
        "without shrinkage, noisy where there are few ratings. Both compare the rater with the "
        "same people's other raters of the same role (managers with managers); a hand check of "
        "a manager's ratings minus the same people's skip-level or peer ratings also holds the "
        "gap between the two roles, so it may differ from both. The flags and the adjusted "
        "scores use the shrunk effect.",
    },
    # manager-only designs (session 24, rev23a item 6): said up front, in one sentence
    "raters.nested_upfront": {
        "zh": "{n} / {all} 位评价人所评的人在同一周期没有其他评价人（只有上级评分）：他们的宽严与团队真实水平"
        "在数据中是同一个数，因此不作判断；下方“团队与本部门其余人员的差距”给出每个团队的均分差和区间，"
        "那是团队水平与上级尺度的合计，不是宽严。",
        "en": "{n} of {all} raters rate people nobody else rated in the same cycle (manager "
        "ratings only): their standard and their team's real level are the same number in the "
        "data, so their leniency is not judged; 'Teams against the rest of their department' "
        "below gives each team's mean difference with its interval, which is the team's level "
        "and the manager's standard together, not leniency.",
    },
    "raters.nested_upfront_links": {
        "zh": "{n} / {all} 位评价人所评的人在同一周期没有其他评价人（只有上级评分）：他们的宽严与团队真实水平"
        "在数据中是同一个数；其中 {k} 位通过换过上级的人与其他上级相连，宽严按跨周期联系估计（相对于相连的"
        "上级），其余不作判断；下方“团队与本部门其余人员的差距”给出每个团队的均分差和区间，那是团队水平与"
        "上级尺度的合计，不是宽严。",
        "en": "{n} of {all} raters rate people nobody else rated in the same cycle (manager "
        "ratings only): their standard and their team's real level are the same number in the "
        "data; {k} of them are linked with other managers through people who changed manager, "
        "and their leniency is estimated through those links (relative to the linked "
        "managers); the others are not judged. 'Teams against the rest of their department' "
        "below gives each team's mean difference with its interval, which is the team's level "
        "and the manager's standard together, not leniency.",
    },
    "raters.team_means": {
        "zh": "团队与本部门其余人员的差距（不是宽严）",
        "en": "Teams against the rest of their department (not leniency)",
    },
    "raters.team_means_note": {
        "zh": "每位无法估计宽严的上级：其团队各周期的分数减去同部门、同周期其余人员的均分，"
        "先在每人的各周期内平均（每人计一次），再对人取平均，95% 区间按人数计算。团队确实更强与上级打分更宽，"
        "在这里无法区分：请当作需要了解的差距，而不是对上级的判断。",
        "en": "For each manager whose standard cannot be estimated: their team's scores less the "
        "mean of the rest of the department in the same cycle, averaged within each person "
        "first (a person counted once), then over the people, with a 95% interval over the "
        "people. A really stronger team and a more lenient manager cannot be told apart here: "
        "read it as a gap to understand, not a verdict on the manager.",
    },
    "raters.team_too_few": {
        "zh": "{n} 个团队没有区间：只有 {people} 人，95% 区间会比整个评分尺度还宽，人数太少，无法判断。",
        "en": "{n:#team has|teams have} no interval: with {people} people, the 95% interval would "
        "be wider than the whole scale, too few to tell.",
    },
    "raters.team_means_order": {
        "zh": "排序：已标记的上级在前，其次是 95% 区间不含 0 的团队，各按区间离 0 的距离从远到近，再按差距大小。",
        "en": "Order: flagged managers first, then teams whose 95% interval excludes 0, each by "
        "how far the interval stays from 0, then by the size of the gap.",
    },
    # the counts as clauses, each left out when it is 0 (rev21 item 11: "0 位无法估计")
    "raters.status_counts": {"zh": "{parts:clauses}。", "en": "{parts:clauses}."},
    "raters.n_flagged": {"zh": "{n} 位已标记", "en": "{n} flagged"},
    "raters.n_flagged_likely": {
        "zh": "{n} 位已标记（其中 {k} 位仅为“可能”）",
        "en": "{n} flagged ({k} of them only 'likely')",
    },
    "raters.n_clear": {"zh": "{n} 位未发现偏差", "en": "{n} clear"},
    "raters.n_pair_only": {
        "zh": "{n} 位只与另一位评价人相连（只知两人之差，不标记）",
        "en": "{n} linked with one other rater only (their difference, not flagged)",
    },
    "raters.interval_note": {
        "zh": "区间：{method:@interval}。",
        "en": "Intervals: {method:@interval}.",
    },
    "raters.interval_none": {
        "zh": "没有一位评价人的宽严可以估计，因此没有检验评价人之间是否有差异，也没有区间。",
        "en": "No rater's standard could be estimated, so whether raters differ was not tested "
        "and there are no intervals.",
    },
    "raters.strict_not_likely": {
        "zh": "{n} 位评价人有标记但“可能偏差（FDR）”一栏为空：标记要求这位评价人自身的 95% 区间完全超出阈值；"
        "“很可能”是另一项检验，要求差距至少达到阈值，且在同角色全部评价人一起检验、控制误报比例后（q ≤ 5%）仍不为 0。"
        "该栏为空不表示比标记更不确定，只是这项多重检验未达到 q ≤ 5%。",
        "en": '{n:#rater is|raters are} flagged with the "Likely (FDR)" column blank: the flag asks '
        'the rater\'s own 95% interval to lie wholly beyond the threshold; "likely" is a '
        "separate test, that the gap is at least the threshold and not 0 when every rater of "
        "the role is tested at once with the share of false findings controlled (q ≤ 5%). A blank there is not a weaker "
        "flag: that test of many raters did not reach q ≤ 5%.",
    },
    "raters.flag_limits": {
        "zh": "标记说明的是：这位评价人给的分数比同一批人的其他评价人高（低），且超出随机波动。"
        "它不证明评价人有偏：团队可能确实更强（更弱）而其他评价人拉不开差距，"
        "也可能是其他评价人有偏，或这位评价人更了解工作；“评分尺度用法不同”中也包含一些真实的宽严偏差。",
        "en": "A flag shows that this rater scored their people higher (lower) than the same "
        "people's other raters did, by more than chance. It does not prove bias: the team may "
        "really be stronger (weaker) while the other raters compress differences, the other "
        "raters may be the biased ones, or this rater may know the work better; 'scale use "
        "differs' also includes some real leniency or severity.",
    },
    "raters.not_estimable_note": {
        "zh": "{n} 位评价人无法估计：没有其他可识别的评价人评价他们的被评人，或通过共同被评人相连的评价人太少。他们的宽严与团队真实水平无法区分，因此列出原因，而不是显示为 0 或“未标记”。",
        "en": "{n} raters cannot be estimated: nobody else identified rates their people, or too few raters are linked to them through shared ratees. Their standard cannot be told apart from their teams' real level, so they are listed with the reason, never as 0 or 'not flagged'.",
    },
    "raters.power_note": {
        "zh": "{clear} 位未发现偏差的评价人中，有 {low} 位只有当效应超过阈值的两倍时才有 80% 把握被标记：对他们来说，“未标记”不等于“已核查且无偏”。",
        "en": "Of the {clear} clear raters, {low} could only be flagged with 80% power for an effect above twice the threshold: for them, 'not flagged' does not mean 'checked and clean'.",
    },
    "raters.scale_use_note": {
        "zh": "另有 {n} 位评价人的评分与他人差距明显，但不判定为偏宽松或偏严格：他们拉开差距的幅度与同一批被评人的其他评价人不同"
        "（区分度斜率偏离 1），或与他人吻合度差，或其被评人的 KPI 达成率同样高出（低出）相应幅度。"
        "这类差距可能来自评分尺度用法或团队真实水平，而非宽严；原因见“状态说明”。",
        "en": "{n} more raters differ clearly from the others but are not called lenient or "
        "severe: they spread people more or less than the same people's other raters do "
        "(slope away from 1), fit the others poorly, or their people's KPI attainment is "
        "higher (lower) by about as much. Such a gap may come from how the scale is used or "
        "from the team's real level rather than leniency; the reason is in 'Status detail'.",
    },
    "raters.flagged": {
        "zh": "有发现的评价人（{n} 位：{flagged} 位被标记为偏宽松/偏严格，含“可能”；其余为评分尺度用法不同、"
        "光环效应、趋中倾向或近因效应）",
        "en": "Raters with a finding ({n}: {flagged} flagged lenient or severe, 'likely' "
        "included; the others: scale use differs, halo, central tendency or recency)",
    },
    "raters.ct_halo": {
        "zh": "趋中倾向、光环效应与近因效应",
        "en": "Central tendency, halo and recency",
    },
    "raters.recency_note": {
        "zh": "近因效应：比较经理的评分与最后一期 KPI 达成、与整个周期 KPI 达成的相关。只对至少有 {min_n} 次"
        "有分期 KPI 的评价、{min} 位被评人的经理作判断（{few} 位评分太少，无法判断；{n_not} 位无法估计："
        "没有分期 KPI 或评分没有差别），并按检验的经理人数做多重比较校正；每个标记旁列出相关之差、"
        "95% 区间与校正后的 q 值。它只说明评分更贴近最后一期，不说明原因。",
        "en": "Recency compares how a manager's ratings correlate with the last period's KPI "
        "attainment and with the whole cycle's. Only managers with at least {min_n} ratings "
        "with KPIs by period, of at least {min} people, are judged ({few} have too few ratings "
        "to tell; {n_not} cannot be estimated: no KPIs by period, or no spread in their "
        "ratings), corrected for the number of managers tested; each label shows the "
        "difference of the correlations, its 95% interval and the corrected q. It shows that "
        "the ratings follow the last period, not why.",
    },
    "raters.halo_note": {
        "zh": "光环效应以同一批被评人的其他评价人为基准（各项能力本就均衡的团队不算光环）。"
        "趋中倾向与光环效应只对至少 {min} 位被评人的评价人作判断（{few} 位评价人评分太少，无法判断），"
        "并按检验的评价人数做多重比较校正；每个标记旁列出比值、95% 区间与校正后的 q 值。",
        "en": "Halo is judged against the same people's other raters (a team whose strengths "
        "are really even is not halo). Central tendency and halo are judged "
        "only for raters of at least {min} people ({few:#rater has|raters have} too few "
        "ratings to tell), corrected for the number of raters tested; each label shows its "
        "ratio, 95% interval and corrected q.",
    },
    # under it, only when there are some (rev25b item 13: "0 of 180 raters cannot be ...")
    "raters.halo_unestimable": {
        "zh": "{all} 位评价人中有 {n} 位无法估计光环效应：没有其他评价人对他们的被评人做多维度评分。",
        "en": "Halo cannot be estimated for {n} of {all:#rater|raters}: nobody else scored "
        "their people on several dimensions.",
    },
    # a manager-only design: central tendency on the rater's own ratings (rev25b item 10)
    "raters.ct_pooled": {
        "zh": "{all} 位评价人中有 {n} 位的被评人没有其他可识别的评价人评分（如只有上级评分的周期，或其他评分"
        "没有评价人工号），无法与同一批被评人的其他评价人比较趋中倾向：改为看其本人在所选各周期评分的分散程度，与本部门其他同类评价人相比"
        "（{judged} 位评分足够，作了判断）。确实水平接近的团队与压缩评分的评价人在此无法区分。",
        "en": "{n} of {all:#rater|raters} rate people nobody else identified rates (e.g. a "
        "cycle of manager ratings only, or other ratings without a rater id), so their central "
        "tendency cannot be set against the same "
        "people's other raters: it is judged instead on the spread of their own ratings over "
        "the cycles chosen, against the other such raters of their department ({judged} with "
        "enough ratings to judge). A team that is really alike looks the same here as a rater "
        "who squeezes the scale.",
    },
    # the central-tendency rule as it is applied to managers nobody else rates (rev25a item 4)
    "raters.ct_pooled_rule": {
        "zh": "只有上级评分的团队（{n} 位上级：没有其他可识别的评价人评价他们的被评人）不按上面的被评人数判断，"
        "而是把各周期的评分合并判断趋中倾向：至少 {people} 位被评人、各周期合计至少 {ratings} 次评分"
        "（{judged} 位上级据此作了判断）。因此不足 {min} 位被评人的上级也可能被标记。",
        "en": "Teams rated by their manager only ({n:#manager|managers} whose people nobody "
        "else identified rates) are not judged on the count of people above: their central tendency is "
        "judged on their ratings pooled over the cycles, with at least {people} people and "
        "{ratings} ratings over the cycles ({judged:#manager|managers} judged so). A manager of "
        "fewer than {min} people can therefore be flagged.",
    },
    "raters.halo_none": {
        "zh": "本范围无法判断光环效应：没有评价人对其被评人做多维度评分。趋中倾向只对至少 {min} 位被评人的"
        "评价人作判断（{few} 位评价人评分太少，无法判断），并按检验的评价人数做多重比较校正。",
        "en": "Halo cannot be judged in this scope: no rater scored their people on several "
        "dimensions. Central tendency is judged only for raters of at least {min} people "
        "({few:#rater has|raters have} too few ratings to tell), corrected for the number of "
        "raters tested.",
    },
    # the rater rows a role below hr_admin is not shown (View.left_out, docs/security.md)
    "raters.left_out_role": {
        "zh": "你的角色只看到{own}你查看范围内主要以上级、隔级上级或本人身份评分的评价人的统计。本范围的 "
        "{total} 位评价人中有 {hidden} 位不向你的角色显示（查看范围以外的评价人：在员工名单中属于其他部门，"
        "或不在名单中且也评价了范围以外的人员；以及主要以同事或下属身份评分的评价人）；下面的计数、标记、"
        "图表和光环效应说明只针对显示的 {shown} 位。",
        "en": "Your role sees {own}the statistics of the raters in your scope who rate "
        "mainly as manager, skip-level or self. Not shown to your role: {hidden} of the "
        "{total:#rater|raters} of people in this scope (raters outside your scope: on the "
        "roster elsewhere, or with no roster row and people outside your scope among those "
        "they rated; and those who rate mainly as peers or subordinates); the counts, flags, "
        "charts and the halo sentence below are of the {shown} shown.",
    },
    # a manager's own row (rev26b item 5: "the rater statistics of you yourself and …")
    "raters.left_out_own": {"zh": "你本人和", "en": "your own rater statistics and "},
    "raters.halo_none_role": {
        "zh": "显示给你的角色的评价人都无法判断光环效应；本范围其他评价人的统计不向你的角色显示（见上文）。"
        "趋中倾向只对至少 {min} 位被评人的评价人作判断（{few} 位评价人评分太少，无法判断），"
        "并按检验的评价人数做多重比较校正。",
        "en": "No rater shown to your role can be judged for halo; the other raters of this "
        "scope are not shown to your role (see above). Central tendency is judged only for "
        "raters of at least {min} people ({few:#rater has|raters have} too few ratings to "
        "tell), corrected for the number of raters tested.",
    },
    "raters.dumbbell": {"zh": "多来源评价分歧", "en": "Disagreement between sources"},
    "raters.recheck": {"zh": "复核清单", "en": "Re-check list"},
    "raters.recheck_count": {
        "zh": "本范围内共 {n} 个待复核案例。",
        "en": "{n:#case|cases} to re-check in this scope.",
    },
    "raters.source_summary": {
        "zh": "各评价来源的平均分与自评-上级差距",
        "en": "Mean score by source, and the self − manager gap",
    },
    "raters.source_summary_note": {
        "zh": "每人计一次（该来源各评价人的平均），均值附 95% t 区间与人数 n；差距为每人自身差距的平均"
        "（配对）。少于 2 人时无法估计区间。同一上级评多人时，上级均值及与其相关差距的区间偏窄："
        "它描述这些人的评分，不代表公司的所有上级。",
        "en": "Each person counts once (the mean of that source's raters), with the mean's 95% t "
        "interval and n people; a gap is the mean of each person's own gap (paired). Fewer than "
        "2 people: no interval. Where one manager rates many people, the interval of the "
        "manager's mean and of the gaps with it is too narrow: it describes these people's "
        "ratings, not the company's managers in general.",
    },
    "measure.self": {"zh": "自评均值", "en": "Self mean"},
    "measure.manager": {"zh": "上级评分均值", "en": "Manager mean"},
    "measure.peer": {"zh": "同事评分均值", "en": "Peer mean"},
    "measure.skip_level": {"zh": "隔级评分均值", "en": "Skip-level mean"},
    "measure.subordinate": {"zh": "下属评分均值", "en": "Subordinate mean"},
    "measure.gap_self_manager": {"zh": "自评 − 上级 差距", "en": "Self − manager gap"},
    "measure.gap_manager_peer": {"zh": "上级 − 同事 差距", "en": "Manager − peer gap"},
    "raters.dumbbell_none": {
        "zh": "本范围内没有自评、上级与同事评分相差超过阈值的员工（见下方复核清单的说明），因此没有图。",
        "en": "No one in this scope has self, manager and peer scores further apart than the threshold (see the re-check list's note below), so there is no chart.",
    },
    "raters.gaps_unestimable": {
        "zh": "{cycles}：自评、上级与同事评分的分歧无法估计，{why:@raters.gaps_why}。这不表示没有分歧。",
        "en": "Self, manager and peer disagreement cannot be estimated in {cycles}: {why:@raters.gaps_why}. This does not mean there is none.",
    },
    "raters.gaps_why.self_peer": {
        "zh": "本范围内没有自评或同事评分",
        "en": "there are no self or peer ratings in this scope",
    },
    "raters.gaps_why.manager": {
        "zh": "本范围内没有上级评分",
        "en": "there are no manager ratings in this scope",
    },
    "raters.gaps_why.unpaired": {
        "zh": "没有人同时有上级评分和自评或同事评分",
        "en": "no one has a manager rating together with a self or peer rating",
    },
    "raters.recheck_note": {
        "zh": "上级与同事平均分相差超过 {gap:pt}（{score_scale:unit}，即量表全距的四分之一），或自评与上级相差同样多的案例，按差距排序。点击行打开员工档案。",
        "en": "Cases where manager and peer means differ by more than {gap:pt} ({score_scale:unit}: a quarter of the scale's range), or self and manager do, ranked by gap. Click a row to open the person.",
    },
    "raters.counts_named_roles": {
        "zh": "为保护同事和下属评价的匿名性，评分数 n、评价对数和被评人数只计该评价人作为上级、隔级上级和本人的评分；效应仍由其全部评分估计（那是此人自己的尺度）。",
        "en": "To keep peer and subordinate reviews anonymous, the counts (n ratings, pairs, ratees) are of the rater's manager, skip-level and self ratings only; the effect is still estimated from all their ratings (it is the rater's own standard).",
    },
    "raters.selected": {
        "zh": "评价人 {rater}：效应 {effect:+pt}（95% CI {lo:+pt} 至 {hi:+pt}；{score_scale:unit}），n={n} 条评分，{ratees} 名被评人，标记：{flags}",
        "en": "Rater {rater}: effect {effect:+pt} (95% CI {lo:+pt} to {hi:+pt}; {score_scale:unit}), n={n} ratings, {ratees} ratees, flags: {flags}",
    },
    # a clicked rater whose effect cannot be estimated: why, and (a manager of a manager-only
    # design) the team's gap to the rest of the department, not dashes (rev30b item 14)
    "raters.selected_unestimated": {
        "zh": "评价人 {rater}：效应{why}。n={n} 条评分，{ratees} 名被评人，标记：{flags}",
        "en": "Rater {rater}: effect {why}. n={n} ratings, {ratees} ratees, flags: {flags}",
    },
    "raters.selected_team": {
        "zh": "团队与本部门其余人员的差距（不是宽严）：{gap:+pt}（95% CI {lo:+pt} 至 {hi:+pt}；{score_scale:unit}），{people} 人。",
        "en": "Team against the rest of the department (not leniency): {gap:+pt} (95% CI {lo:+pt} to {hi:+pt}; {score_scale:unit}), {people:#person|people}.",
    },
    "raters.none": {"zh": "无", "en": "none"},
    "raters.all_raters": {"zh": "全部评价人", "en": "All raters"},
}
