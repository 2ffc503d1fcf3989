"""Distributions page strings."""

TEXT: dict[str, dict[str, str]] = {
    "dist.title": {"zh": "分数分布", "en": "Score distributions"},
    "dist.box": {"zh": "分布形态", "en": "Shape of the distribution"},
    "dist.guideline": {"zh": "与强制分布对比", "en": "Against the guideline distribution"},
    "dist.guideline_note": {
        "zh": "指导分布：S 10% / A 20% / B 50% / C 15% / D 5%。卡方拟合优度检验；期望人数 < 5 时使用蒙特卡洛 p 值；w 为效应量（Cohen's w）及 95% 置信区间。",
        "en": "Guideline: S 10% / A 20% / B 50% / C 15% / D 5%. Chi-square goodness of fit; Monte Carlo p when expected counts < 5; w is Cohen's effect size with 95% CI.",
    },
    "dist.heatmap": {
        "zh": "部门 × 周期（点击格子下钻）",
        "en": "Department × cycle (click a cell to drill down)",
    },
    "dist.inflation": {"zh": "分数膨胀", "en": "Rating inflation"},
    "dist.inflation_result": {
        "zh": "平均分每周期变化 {slope:+.4f}（95% CI {lo:+.4f} ~ {hi:+.4f}，p={p:.3g}，n={n}）",
        "en": "Mean changes by {slope:+.4f} per cycle (95% CI {lo:+.4f} to {hi:+.4f}, p={p:.3g}, n={n})",
    },
    "dist.tests": {"zh": "单元间差异检验", "en": "Differences between units"},
    "dist.kw": {
        "zh": "Kruskal-Wallis H={H:.2f}，df={df}，p={p:.3g}，ε²={eps:.3f}（95% CI {lo:.3f}~{hi:.3f}），n={n}，{k} 个单元",
        "en": "Kruskal-Wallis H={H:.2f}, df={df}, p={p:.3g}, ε²={eps:.3f} (95% CI {lo:.3f}–{hi:.3f}), n={n}, {k} units",
    },
    "dist.pairs": {
        "zh": "两两 Mann-Whitney 检验（Holm 校正）与秩双列相关效应量",
        "en": "Pairwise Mann-Whitney tests (Holm-corrected) with rank-biserial effect sizes",
    },
    "dist.summary": {"zh": "各单元描述统计", "en": "Summary per unit"},
    "dist.small_units": {
        "zh": "以下单元人数过少（n < {min_n}），未显示统计量：{units}",
        "en": "Too few people (n < {min_n}) to show statistics for: {units}",
    },
}
