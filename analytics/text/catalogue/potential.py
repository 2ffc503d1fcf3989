"""High-potential page strings."""

TEXT: dict[str, dict[str, str]] = {
    "pot.title": {"zh": "高潜识别", "en": "High potential"},
    "pot.note": {
        "zh": "绩效 = 校正评价人宽严后的分数在同岗位序列、同职级中的百分位；潜力 = 潜力评级（若有），否则为学习成长/领导力维度与同事评价的代理指标。",
        "en": "Performance = rater-adjusted score as a percentile within job family × level; potential = the potential rating when supplied, otherwise a proxy from learning/leadership dimensions and peer ratings.",
    },
    "pot.box": {"zh": "九宫格", "en": "9-box"},
    "pot.box_members": {
        "zh": "格子 {box}「{label}」中的人员（{n} 人）",
        "en": "People in box {box} “{label}” ({n})",
    },
    "pot.list": {"zh": "高潜名单（含理由）", "en": "High-potential list with reasons"},
    "pot.hidden": {
        "zh": "被低估人员（剔除评价人严格效应后表现突出）",
        "en": "Hidden strengths (strong once rater severity is removed)",
    },
    "pot.decliners": {"zh": "持续下滑人员", "en": "Sustained decliners"},
    "pot.clear": {"zh": "清除格子选择", "en": "Clear box selection"},
    "reason.box_position": {
        "zh": "校正后绩效位于同群第 {perf:.0%} 百分位，潜力 {pot:.0%}",
        "en": "adjusted performance at the {perf:.0%} percentile of the peer group, potential {pot:.0%}",
    },
}
