"""Words of agreement on grades (kappa) and of the G and D studies (how many raters and cycles
make a score dependable): their sections, columns, codes and the rater page's sentences."""

TEXT = {
    # --- sections (exports and tables) ---------------------------------------------------------
    "section.agreement": {"zh": "等级一致性（Kappa）", "en": "Agreement on grades (kappa)"},
    "section.g_study": {
        "zh": "分数的方差来源（概化研究）",
        "en": "Sources of score variance (G study)",
    },
    "section.decision_study": {
        "zh": "评价人与周期数的决策研究",
        "en": "Raters and cycles needed (D study)",
    },
    # --- columns --------------------------------------------------------------------------------
    "column.kappa": {"zh": "一致性系数 κ", "en": "Kappa"},
    "column.n_categories": {"zh": "等级数", "en": "Categories"},
    "column.p_observed": {"zh": "实际一致率", "en": "Observed agreement"},
    "column.p_expected": {"zh": "随机一致率", "en": "Chance agreement"},
    "column.facet": {"zh": "方差来源", "en": "Source of variance"},
    "column.estimate": {"zh": "估计值", "en": "Estimate"},
    "column.variance": {"zh": "方差（负值记为0）", "en": "Variance (negative as 0)"},
    "column.n_levels": {"zh": "水平数", "en": "Levels"},
    "column.estimable": {"zh": "可估计", "en": "Estimable"},
    "column.confounded_with": {"zh": "无法区分于", "en": "Not separable from"},
    "column.n_people": {"zh": "使用人数", "en": "People used"},
    "column.n_person_cycles": {"zh": "人次（人×周期）", "en": "Person-cycles"},
    "column.n_obs": {"zh": "评分对数", "en": "Rater-person scores"},
    "column.n_people_total": {"zh": "总人数", "en": "People in scope"},
    "column.g_coef": {"zh": "概化系数 Eρ²（排序）", "en": "Eρ² (ranking)"},
    "column.phi": {"zh": "可靠性 Φ（对照标准）", "en": "Φ (against a standard)"},
    "column.g_coef_ci95_low": {"zh": "Eρ² 95%下限", "en": "Eρ² 95% low"},
    "column.g_coef_ci95_high": {"zh": "Eρ² 95%上限", "en": "Eρ² 95% high"},
    "column.phi_ci95_low": {"zh": "Φ 95%下限", "en": "Φ 95% low"},
    "column.phi_ci95_high": {"zh": "Φ 95%上限", "en": "Φ 95% high"},
    "column.variance_ci95_low": {"zh": "方差95%下限", "en": "Variance 95% low"},
    "column.variance_ci95_high": {"zh": "方差95%上限", "en": "Variance 95% high"},
    "column.share_ci95_low": {"zh": "占比95%下限", "en": "Share 95% low"},
    "column.share_ci95_high": {"zh": "占比95%上限", "en": "Share 95% high"},
    "column.rel_error_var": {"zh": "相对误差方差", "en": "Relative error variance"},
    "column.abs_error_var": {"zh": "绝对误差方差", "en": "Absolute error variance"},
    "column.universe_var": {"zh": "真分数方差", "en": "Universe-score variance"},
    # --- measures and designs of the kappa table -------------------------------------------------
    "measure.cohen_kappa": {"zh": "Cohen κ（不加权）", "en": "Cohen's κ (unweighted)"},
    "measure.cohen_kappa_linear": {"zh": "Cohen κ（线性加权）", "en": "Cohen's κ (linear weights)"},
    "measure.cohen_kappa_quadratic": {
        "zh": "Cohen κ（二次加权）",
        "en": "Cohen's κ (quadratic weights)",
    },
    "measure.fleiss_kappa": {"zh": "Fleiss κ", "en": "Fleiss' κ"},
    "design.self_vs_manager": {"zh": "自评 vs 上级评", "en": "self vs manager"},
    "design.raters_of_person": {
        "zh": "同一人的所有他评人之间",
        "en": "among each person's raters (not self)",
    },
    # --- why a kappa or a variance component is not estimated --------------------------------
    "reason.not_grades": {
        "zh": "分数不是等级：量表可取的值超过 11 个（如 1-5 分保留一位小数、0-100 分），κ 不适用；"
        "这类分数的一致性见上方信度表",
        "en": "the scores are not grades: their scale has more than 11 possible values (e.g. "
        "1-5 in tenths, 0-100), so kappa does not apply; the reliability table above measures "
        "their agreement",
    },
    # reason: the rows' reason, a phrase (a list of one: rendered with its n)
    "raters.reliability_blank": {
        "zh": "{cycles}：{measure:@measure}无法估计，{reason:clauses}。",
        "en": "{measure:@measure} cannot be estimated in {cycles}: {reason:clauses}.",
    },
    # a measure on one ratee, or two (analytics.stats.reliability.MIN_RATEES): alpha of one
    # person is 0 whatever the scores (rev23a item 14)
    "reason.too_few_ratees": {
        "zh": "被评人太少（n={n}；至少需要 {min} 位有两位及以上可识别评价人的被评人）",
        "en": "too few ratees (n={n}; at least {min} people with two or more identified "
        "raters are needed)",
    },
    "reason.no_nested": {
        "zh": "没有人有 {k} 位可识别的评价人（ICC 的嵌套设计取每人 {k} 位评价人）",
        "en": "no one has {k} identified raters (the ICC's nested design takes {k} raters of each person)",
    },
    "reason.too_few_nested": {
        "zh": "被评人太少（n={n}；至少需要 {min} 位各有 {k} 位可识别评价人的被评人）",
        "en": "too few ratees (n={n}; at least {min} people with {k} identified raters each "
        "are needed)",
    },
    # said of the cycles listed before it, one or several: not "本周期" (rev25b item 13)
    "reason.no_self_manager": {
        "zh": "没有人在同一周期内同时有一份自评和一份上级评分",
        "en": "no one has both a self and a manager rating in the same cycle",
    },
    "reason.no_two_raters": {
        "zh": "没有人在同一周期内有两份或以上的他评",
        "en": "no one has two or more ratings by others in the same cycle",
    },
    "reason.one_identified_rater": {
        "zh": "没有人有两位可识别的评价人：每人在每个周期最多只有一位带工号的评价人（没有评价人工号的评分无法配对），评价人之间的一致性无法估计",
        "en": "no one has two identified raters: in each cycle a person's ratings come from "
        "at most one rater with an id (ratings without a rater id cannot be paired), so "
        "agreement between raters cannot be estimated",
    },
    "reason.no_variation": {
        "zh": "所有分数相同，无法估计一致性",
        "en": "every score is the same: agreement cannot be estimated",
    },
    "reason.fewer_than_k_people": {
        "zh": "所选范围人数太少，显示会透露个别同事或下属的评分（隐私保护）",
        "en": "the selection holds too few people to show it without revealing single peers' "
        "or subordinates' ratings (privacy)",
    },
    "reason.too_few_subjects": {
        "zh": "可配对的评分太少，无法估计",
        "en": "too few paired ratings to estimate",
    },
    "reason.one_category": {
        "zh": "所有评分落在同一等级，随机一致率为 100%，无法估计",
        "en": "every rating in one grade: chance agreement is total, cannot be estimated",
    },
    "reason.one_level": {
        "zh": "数据中只有一个水平（如只有一个周期），无法估计",
        "en": "only one level in the data (e.g. one cycle): cannot be estimated",
    },
    "reason.confounded": {
        "zh": "在此数据中与另一来源无法区分，已并入该来源",
        "en": "cannot be told apart from another source in these data; counted in it",
    },
    "reason.design": {
        "zh": "评价设计无法区分这些方差来源",
        "en": "the rating design cannot separate these sources",
    },
    "reason.too_few_observations": {
        "zh": "评分太少，无法估计",
        "en": "too few ratings to estimate",
    },
    "reason.one_cycle": {
        "zh": "只有一个周期，无法估计增加周期的效果",
        "en": "one cycle only: what more cycles add cannot be estimated",
    },
    "reason.one_rater": {
        "zh": "每人只有一位可识别的评价人（没有评价人工号的同事评分不算）：评价人×被评人部分无法与"
        "被评人本身分开，因此无法估计增加评价人的效果",
        "en": "each person has one identified rater (peer ratings without rater ids count as "
        "none): the rater x person part cannot be told apart from the person's own, so what "
        "more raters add cannot be estimated",
    },
    "reason.nested_rater": {
        "zh": "无法分开：每人只有一位评价人（少于 5% 的人换过评价人），评价人的宽严与其团队成员的"
        "真实水平在数据中是同一个数，已计入“无法区分于”所列的一项；各评价人的宽严见评价人表"
        "（用换过评价人的人作联系）",
        "en": "cannot be separated: each person has one rater (fewer than 5% changed rater), so a "
        "rater's standard and their team's real level are the same number in the data; counted "
        "in the part named under 'Not separable from'. The rater table estimates raters where "
        "people who changed rater link them",
    },
    "reason.no_person_variance": {
        "zh": "被评人之间的差异无法与评价人的宽严分开（例如每人只由一位评价人评分），或估计为 0："
        "这不说明人与人没有差别，只是无法估计可靠性",
        "en": "the differences between people cannot be separated from their raters' standards "
        "(e.g. each person is rated by one rater only), or were estimated at 0: this does not "
        "mean people do not differ, only that reliability cannot be estimated",
    },
    # --- variance components ----------------------------------------------------------------
    "facet.p": {"zh": "被评人（真实差异）", "en": "person (true differences)"},
    "facet.r": {"zh": "评价人宽严", "en": "rater severity"},
    "facet.c": {"zh": "周期整体", "en": "cycle"},
    "facet.pr": {"zh": "评价人×被评人", "en": "rater x person"},
    "facet.pc": {"zh": "被评人×周期（个人起伏）", "en": "person x cycle (ups and downs)"},
    "facet.rc": {"zh": "评价人×周期", "en": "rater x cycle"},
    "facet.residual": {"zh": "残差（含随机误差）", "en": "residual (with random error)"},
    # --- rater page ------------------------------------------------------------------------------
    "raters.agreement": {"zh": "等级一致性（Kappa）", "en": "Agreement on grades (kappa)"},
    "raters.agreement_on_demand": {
        "zh": "该范围的一致性系数（κ）与评分可靠性（G/D 研究）需要按本范围的评分重新计算，约需数秒，点击后显示。",
        "en": "Kappa and the score dependability study (G and D studies) for this scope are computed from its own ratings, which takes a few seconds: shown on request.",
    },
    "raters.agreement_compute": {
        "zh": "计算一致性与可靠性",
        "en": "Compute agreement and dependability",
    },
    "raters.agreement_note": {
        "zh": "κ=1 表示完全一致，κ=0 表示与随机一致无异。自评与上级评用 Cohen κ（加权版本按等级间"
        "距离给部分分），同一人的他评人之间用 Fleiss κ；括号为 95% 置信区间，n 为“人×维度”数。"
        "只用于等级或最多 11 档的评分。κ 低说明评分人看法不同，不说明谁对谁错。",
        "en": "κ = 1 is full agreement, κ = 0 no more than chance. Self against manager: "
        "Cohen's κ (the weighted forms give partial credit by the distance between grades); "
        "among a person's raters: Fleiss' κ; with 95% intervals, n = person x dimension. "
        "Only for grades or scales of at most 11 points. A low κ says the raters see people "
        "differently, not which of them is right.",
    },
    "raters.dstudy": {
        "zh": "需要几位评价人、几个周期？",
        "en": "How many raters and cycles make a score dependable?",
    },
    "raters.dstudy_reaches": {
        "zh": "按本范围的方差分量估计：每人 {raters} 位评价人、{cycles} 个周期时，个人分数的可靠性 Φ "
        "达到 {phi:.2f}（95%区间 {lo:.2f}–{hi:.2f}；目标 {target:.2f}）。目前平均每人每周期 "
        "{now:.1f} 位评价人、{n_cycles} 个周期：Φ 约 {phi_now:.2f}。",
        "en": "From this scope's variance components: with {raters:#rater|raters} per person in each of "
        "{cycles:#cycle|cycles} a person's score reaches a dependability Φ of {phi:.2f} (95% interval "
        "{lo:.2f}–{hi:.2f}; target {target:.2f}). Now: {now:.1f} raters per person and cycle "
        "over {n_cycles:#cycle|cycles}, Φ about {phi_now:.2f}.",
    },
    "raters.dstudy_may_reach": {
        "zh": "按本范围的方差分量估计：每人 {raters} 位评价人、{cycles} 个周期时，个人分数的可靠性 Φ "
        "估计为 {phi:.2f}，可能达到目标 {target:.2f}，但 95%区间 {lo:.2f}–{hi:.2f} 的下限低于目标，"
        "结论不确定。目前平均每人每周期 {now:.1f} 位评价人、{n_cycles} 个周期：Φ 约 {phi_now:.2f}。",
        "en": "From this scope's variance components: with {raters:#rater|raters} per person in each of "
        "{cycles:#cycle|cycles} a person's score may reach the target dependability of {target:.2f} "
        "(Φ {phi:.2f}), but its 95% interval {lo:.2f}–{hi:.2f} starts below the target, so this "
        "is not certain. Now: {now:.1f} raters per person and cycle over {n_cycles:#cycle|cycles}, "
        "Φ about {phi_now:.2f}.",
    },
    "raters.dstudy_sure": {
        "zh": "每人 {raters} 位评价人、{cycles} 个周期时，整个区间（下限 {lo:.2f}）才高于 {target:.2f}。",
        "en": "With {raters:#rater|raters} over {cycles:#cycle|cycles} the whole interval (from {lo:.2f}) is "
        "above {target:.2f}.",
    },
    "raters.dstudy_not_sure": {
        "zh": "在最多 10 位评价人、4 个周期的设计中，没有一种的整个区间高于 {target:.2f}。",
        "en": "No design up to 10 raters and 4 cycles has its whole interval above {target:.2f}.",
    },
    "raters.dstudy_never": {
        "zh": "即使每人 10 位评价人、4 个周期，可靠性 Φ 也只有 {phi:.2f}，达不到 {target:.2f}："
        "分数的差异主要来自评价人与周期，而非被评人本身。",
        "en": "Even 10 raters over 4 cycles reach only Φ = {phi:.2f}, short of {target:.2f}: "
        "score differences come mostly from raters and cycles, not from the people rated.",
    },
    "raters.dstudy_one_rater": {
        "zh": "无法推算增加评价人的效果：{reason:@reason}。上面只推算同一位评价人、更多周期的情形。",
        "en": "Adding raters cannot be projected: {reason:@reason}. Only more cycles with the "
        "same one rater are projected above.",
    },
    "raters.dstudy_raters_in_person": {
        "zh": "注意：在可识别的评价人中，每人只由自己的上级评分（没有评价人工号的评分在此不算），各位上级的尺度（宽严）与其团队成员的真实差异无法分开，"
        "Φ 把这部分算作个人的真实差异：Φ 只说明分数稳定（同一上级给同一人的分数前后一致），"
        "不说明分数准确（不同上级之间的宽严差异并未扣除）。",
        "en": "Note: of the identified raters, each person is rated by their own manager only "
        "(ratings without a rater id count as none here), so each manager's standard "
        "(leniency) cannot be told apart from their people's real differences, and Φ counts it "
        "as the people's: Φ says the scores are stable (the same manager scores the same person "
        "alike), not that they are accurate (the differences between managers' standards are "
        "not taken out).",
    },
    "raters.dstudy_never_cycles": {
        "zh": "即使同一位评价人评 {cycles} 个周期，可靠性 Φ 也只有 {phi:.2f}，达不到 {target:.2f}。",
        "en": "Even {cycles} cycles with the same one rater reach only Φ = {phi:.2f}, short of "
        "{target:.2f}.",
    },
    "raters.kappa_blank": {
        "zh": "{measures:@measure}：{cycles} 均无法计算，因为{reason:@reason}。",
        "en": "{measures:@measure}: cannot be computed in {cycles}, as {reason:@reason}.",
    },
    "raters.dstudy_unknown": {
        "zh": "无法估计评价人与周期数的效果：{reason:@reason}",
        "en": "How many raters and cycles are needed cannot be estimated: {reason:@reason}",
    },
    "raters.dstudy_note": {
        "zh": "假设每人有自己的评价人（上级、同事），各周期评价同一人；维度视为固定并取平均。Φ "
        "用于对照固定标准（定级），Eρ² 用于人与人之间的排序。方差分量基于 {n_people} 人（本范围"
        "共 {n_total} 人）；95%区间来自对被评人的 {n_boot} 次自助重抽样（评价人与周期的抽样"
        "误差按其水平数加入），区间跨过目标时结论不确定；负的方差估计记为 0。",
        "en": "Assumes each person has raters of their own (manager, peers) who rate them in every "
        "cycle; the dimensions are fixed and averaged. Φ is for scores read against a standard "
        "(grades), Eρ² for ranking people. Variance components from {n_people} people (of "
        "{n_total} in scope); 95% intervals from {n_boot} bootstrap resamples of the people "
        "rated (the sampling of raters and cycles added through their numbers of levels); an "
        "interval that straddles the target leaves the answer open; negative estimates count "
        "as 0.",
    },
    "raters.gstudy_components": {
        "zh": "方差来源（概化研究）",
        "en": "Sources of variance (G study)",
    },
}
