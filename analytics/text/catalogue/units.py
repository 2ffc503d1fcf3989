"""Strings about the unit scores are shown in: points on the company's own scale, grade steps,
or the 0-1 value where a scope mixes scales (:mod:`analytics.findings.units`)."""

TEXT: dict[str, dict[str, str]] = {
    "unit.points": {"zh": "{scale} 分", "en": "points, {scale}"},
    "unit.grade_steps": {
        "zh": "等级档差，{low}=0 … {high}={top}",
        "en": "grade steps, {low}=0 … {high}={top}",
    },
    "unit.score01": {"zh": "0-1 分", "en": "0-1 score"},
    # the unit inside a sentence ({score_scale:unit}, analytics.text.render.unit_words)
    "unit.in_points": {"zh": "{scale} 分制", "en": "points on {scale}"},
    "unit.in_grades": {
        "zh": "等级档差，{low}=0 … {high}={top}",
        "en": "grade steps, {low}=0 … {high}={top}",
    },
    "unit.in_01": {"zh": "0-1 标准分", "en": "on the 0-1 score"},
    "unit.mixed": {"zh": "0-1 标准分：量表不一", "en": "0-1 score: scales mixed"},
    "unit.squared": {"zh": "{unit}的平方", "en": "{unit}, squared"},
    "unit.header": {"zh": "{label}（{unit}）", "en": "{label} ({unit})"},
    "unit.caption": {
        "zh": "分数、效应与变化以公司自己的量表显示：{unit}。",
        "en": "Scores, effects and changes are shown on the company's own scale: {unit}.",
    },
    "unit.caption_mixed": {
        "zh": "所选范围的评分来自不同量表（如 1-5 与 0-100），因此分数、效应与变化以 0-1 标准分显示"
        "（0 为量表最低分，1 为最高分）；选择单个考核周期可按该周期的量表显示分数。",
        "en": "The ratings in this scope come from different scales (such as 1-5 and 0-100), "
        "so scores, effects and changes are shown as 0-1 scores (0 the scale's lowest, 1 its "
        "highest); choose a single cycle to see points on its scale.",
    },
}
