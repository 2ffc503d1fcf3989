"""Human labels (中文/English) for section names and column names in exports and tables.

Export headers follow the chosen language; unknown columns keep their canonical name so nothing
is ever hidden. The dashboard uses the same labels for its tables.
"""

from __future__ import annotations

__all__ = ["COLUMN_LABELS", "SECTION_LABELS", "column_label", "section_label"]

SECTION_LABELS: dict[str, tuple[str, str]] = {
    "summary": ("概要", "Summary"),
    "distribution": ("分数分布", "Distribution"),
    "distribution_company": ("全公司分布", "Company distribution"),
    "guideline_units": ("强制分布偏离", "Guideline fit"),
    "guideline_grades": ("等级占比对比", "Grade shares vs guideline"),
    "unit_tests": ("单元间差异检验", "Between-unit test"),
    "unit_pairs": ("两两比较", "Pairwise comparisons"),
    "inflation": ("分数膨胀趋势", "Rating inflation"),
    "reliability": ("评分信度", "Reliability"),
    "raters": ("评价人一致性", "Raters"),
    "recheck": ("复核清单", "Re-check list"),
    "adjusted": ("校正后分数", "Rater-adjusted scores"),
    "attribution": ("变动归因", "Trend attribution"),
    "variance": ("方差分解", "Variance decomposition"),
    "department_shifts": ("部门整体变动", "Department shifts"),
    "against_trend": ("逆势变动人员", "Against the trend"),
    "kpi_drivers": ("KPI驱动", "KPI drivers"),
    "nine_box_counts": ("九宫格", "9-box"),
    "high_potential": ("高潜名单", "High potential"),
    "hidden_strengths": ("被低估人员", "Hidden strengths"),
    "decliners": ("持续下滑", "Decliners"),
}

COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "scope": ("范围", "Scope"),
    "cycles": ("周期", "Cycles"),
    "cycle_id": ("周期", "Cycle"),
    "department": ("部门", "Department"),
    "dept": ("部门", "Department"),
    "unit": ("单元", "Unit"),
    "team": ("团队", "Team"),
    "level": ("职级", "Level"),
    "job_family": ("岗位序列", "Job family"),
    "employee_id": ("工号", "Employee ID"),
    "name": ("姓名", "Name"),
    "rater_id": ("评价人工号", "Rater ID"),
    "employees": ("员工数", "Employees"),
    "raters": ("评价人数", "Raters"),
    "ratings": ("评分数", "Ratings"),
    "generated_at": ("生成时间", "Generated at"),
    "n": ("样本量", "n"),
    "mean": ("均值", "Mean"),
    "sd": ("标准差", "SD"),
    "median": ("中位数", "Median"),
    "mean_lo": ("均值95%下限", "Mean 95% low"),
    "mean_hi": ("均值95%上限", "Mean 95% high"),
    "q1": ("下四分位", "Q1"),
    "q3": ("上四分位", "Q3"),
    "iqr": ("四分位距", "IQR"),
    "skewness": ("偏度", "Skewness"),
    "kurtosis": ("峰度", "Kurtosis"),
    "small_n": ("样本过少", "Too few"),
    "grade": ("等级", "Grade"),
    "share": ("占比", "Share"),
    "expected_share": ("指导占比", "Guideline share"),
    "count": ("人数", "Count"),
    "target_count": ("指导人数", "Guideline count"),
    "diff_share": ("占比差", "Share difference"),
    "chi2": ("卡方", "Chi-square"),
    "df": ("自由度", "df"),
    "pval": ("p值", "p"),
    "p_used": ("p值（采用）", "p (used)"),
    "pval_mc": ("蒙特卡洛p值", "Monte Carlo p"),
    "w": ("效应量w", "Effect size w"),
    "w_lo": ("w 95%下限", "w 95% low"),
    "w_hi": ("w 95%上限", "w 95% high"),
    "people_to_move": ("需调整人数", "People to move"),
    "significant": ("显著", "Significant"),
    "H": ("H统计量", "H"),
    "epsilon_sq": ("ε²效应量", "Epsilon squared"),
    "pval_holm": ("Holm校正p值", "Holm p"),
    "r_rb": ("秩双列相关", "Rank-biserial r"),
    "measure": ("指标", "Measure"),
    "value": ("数值", "Value"),
    "design": ("适用设计", "Design"),
    "ci95_low": ("95%下限", "95% CI low"),
    "ci95_high": ("95%上限", "95% CI high"),
    "n_targets": ("被评人数", "Targets"),
    "n_raters": ("评价人数", "Raters"),
    "effect": ("评分效应", "Effect"),
    "effect_sd": ("效应(SD)", "Effect (SD)"),
    "se": ("标准误", "SE"),
    "n_ratees": ("被评人数", "Ratees"),
    "main_role": ("主要角色", "Main role"),
    "flags": ("标记", "Flags"),
    "ct_ratio": ("离散度比", "Spread ratio"),
    "halo_ratio": ("光环指数比", "Halo ratio"),
    "self": ("自评", "Self"),
    "manager": ("上级", "Manager"),
    "peer": ("同事", "Peer"),
    "skip_level": ("隔级", "Skip-level"),
    "gap_manager_peer": ("上级-同事差", "Manager − peer"),
    "gap_self_manager": ("自评-上级差", "Self − manager"),
    "reasons": ("原因", "Reasons"),
    "reasons_zh": ("原因", "Reasons (中文)"),
    "rank": ("排名", "Rank"),
    "max_gap": ("最大差距", "Largest gap"),
    "raw": ("原始分", "Raw"),
    "adjusted": ("校正分", "Adjusted"),
    "adjustment": ("校正量", "Adjustment"),
    "from_cycle": ("起始周期", "From"),
    "to_cycle": ("结束周期", "To"),
    "change": ("变动", "Change"),
    "company": ("公司因素", "Company"),
    "rater": ("评价人因素", "Rater"),
    "individual": ("个人因素", "Individual"),
    "manager_changed": ("更换上级", "Manager changed"),
    "share_environment": ("环境占比", "Environment share"),
    "share_rater": ("评价人占比", "Rater share"),
    "share_individual": ("个人占比", "Individual share"),
    "p_holm": ("Holm校正p值", "Holm p"),
    "kpi": ("KPI", "KPI"),
    "contribution": ("贡献", "Contribution"),
    "box": ("九宫格", "Box"),
    "box_label_zh": ("格子", "Box (中文)"),
    "box_label_en": ("格子(英文)", "Box"),
    "composite": ("综合分", "Composite"),
    "slope": ("每周期斜率", "Slope per cycle"),
    "pct_adjusted": ("同群百分位(校正)", "Peer percentile (adjusted)"),
    "pct_raw": ("同群百分位(原始)", "Peer percentile (raw)"),
    "peer_group": ("比较群体", "Peer group"),
    "top_share": ("高等级占比", "Top-grade share"),
    "slope_pval": ("趋势p值", "Trend p"),
}


def column_label(col: str, lang: str) -> str:
    entry = COLUMN_LABELS.get(col)
    if entry is None:
        return col
    return entry[0] if lang == "zh" else entry[1]


def section_label(name: str, lang: str) -> str:
    entry = SECTION_LABELS.get(name)
    if entry is None:
        return name
    return entry[0] if lang == "zh" else entry[1]
