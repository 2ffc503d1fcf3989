"""Rater consistency page strings."""

TEXT: dict[str, dict[str, str]] = {
    "raters.title": {"zh": "评价人一致性", "en": "Rater consistency"},
    "raters.reliability": {"zh": "评分信度", "en": "Reliability"},
    "raters.reliability_note": {
        "zh": "Krippendorff α（等距）适用于每人评价人不同的稀疏评价小组；ICC(1)/ICC(1,k) 适用于评价人嵌套于员工（每人各有上级与同事）的设计。区间为 95% 置信区间。",
        "en": "Krippendorff's alpha (interval) fits sparse panels where each employee has different raters; ICC(1)/ICC(1,k) fits raters nested in employees. Intervals are 95% CIs.",
    },
    "raters.effects": {"zh": "宽严效应", "en": "Leniency and severity"},
    "raters.effects_note": {
        "zh": "效应来自加性模型（分数 = 被评人效应 + 评价人效应 + 维度效应），按评价人评分数收缩；仅当整个 95% 置信区间都超出 ±0.3 个员工分数标准差（因而也不含 0）时标记。点击点查看该评价人。",
        "en": "Effects come from an additive model (score = ratee + rater + dimension), shrunk by the number of ratings; flagged only when the whole 95% CI lies beyond ±0.3 SD of employee scores (so it also excludes 0). Click a point to see the rater.",
    },
    "raters.flagged": {"zh": "被标记的评价人", "en": "Flagged raters"},
    "raters.ct_halo": {"zh": "趋中倾向与光环效应", "en": "Central tendency and halo"},
    "raters.dumbbell": {"zh": "多来源评价分歧", "en": "Self / manager / peer disagreement"},
    "raters.recheck": {"zh": "复核清单", "en": "Re-check list"},
    "raters.recheck_note": {
        "zh": "上级与同事平均分相差超过 1 分（5 分制，即标准化 0.25），或自评与上级相差超过 1 分的案例，按差距排序。点击行打开员工档案。",
        "en": "Cases where manager and peer means differ by more than 1 point on a 5-point scale (0.25 normalised), or self and manager do, ranked by gap. Click a row to open the person.",
    },
    "raters.selected": {
        "zh": "评价人 {rater}：效应 {effect:+.3f}（95% CI {lo:+.3f} ~ {hi:+.3f}），n={n} 条评分，{ratees} 名被评人，标记：{flags}",
        "en": "Rater {rater}: effect {effect:+.3f} (95% CI {lo:+.3f} to {hi:+.3f}), n={n} ratings, {ratees} ratees, flags: {flags}",
    },
    "raters.none": {"zh": "无", "en": "none"},
    "raters.all_raters": {"zh": "全部评价人", "en": "All raters"},
}
