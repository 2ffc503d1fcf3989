"""High-potential page strings."""

STRINGS = {
    "pot.title": ("高潜识别", "High potential"),
    "pot.note": (
        "绩效 = 校正评价人宽严后的分数在同岗位序列、同职级中的百分位；潜力 = 潜力评级（若有），否则为学习成长/领导力维度与同事评价的代理指标。",
        "Performance = rater-adjusted score as a percentile within job family × level; potential = the potential rating when supplied, otherwise a proxy from learning/leadership dimensions and peer ratings.",
    ),
    "pot.box": ("九宫格", "9-box"),
    "pot.box_members": (
        "格子 {box}「{label}」中的人员（{n} 人）",
        "People in box {box} “{label}” ({n})",
    ),
    "pot.list": ("高潜名单（含理由）", "High-potential list with reasons"),
    "pot.hidden": (
        "被低估人员（剔除评价人严格效应后表现突出）",
        "Hidden strengths (strong once rater severity is removed)",
    ),
    "pot.decliners": ("持续下滑人员", "Sustained decliners"),
    "pot.clear": ("清除格子选择", "Clear box selection"),
}
