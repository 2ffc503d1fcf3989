"""What the statistics say, as codes: reasons, flags, nine-box cells, designs and the words
put into them. Parameters are named in each template; numbers are formatted here."""

TEXT: dict[str, dict[str, str]] = {
    # --- reasons: potential lists (analytics.stats.potential) -------------------------------
    "reason.top_pct_in_peer_group": {
        "zh": "{cycle} 在{group:@unit?}（n={n}）中位列前{pct:.0%}",
        "en": "top {pct:.0%} of {group:@unit?} (n={n}) in {cycle}",
    },
    "reason.consistently_top": {
        "zh": "{cycles}个周期中有{k}个周期位列同类前{band:.0%}",
        "en": "top {band:.0%} of peers for {k} of {cycles} cycles",
    },
    "reason.rising": {
        "zh": "每周期上升 {slope:.3f}（±{hw:.3f}，{cycles}个周期）",
        "en": "rising {slope:.3f} per cycle (±{hw:.3f}, {cycles} cycles)",
    },
    "reason.falling": {
        "zh": "每周期下降 {slope:.3f}（±{hw:.3f}，{p:p}，{cycles}个周期）",
        "en": "falling {slope:.3f} per cycle (±{hw:.3f}, {p:p}, {cycles} cycles)",
    },
    "reason.sources_agree": {
        "zh": "同事与经理评价一致（平均差 {gap:.2f}，{cycles}个周期）",
        "en": "peers and manager agree (mean gap {gap:.2f} over {cycles} cycles)",
    },
    "reason.rated_high_potential": {
        "zh": "{cycle} 潜力评级为高（原始评级：{label}）",
        "en": "rated high potential ({label}) in {cycle}",
    },
    "reason.high_potential_proxy": {
        "zh": "学习成长/领导力与同事评价突出（潜力 {score:.2f}，推算）",
        "en": "strong learning/leadership and peer ratings (potential {score:.2f}, proxy)",
    },
    "reason.under_rated": {
        "zh": "评价人偏严：百分位 原始 {raw:.0f} → 调整后 {adjusted:.0f}",
        "en": "under-rated by severe raters: percentile {raw:.0f} raw → {adjusted:.0f} adjusted",
    },
    "reason.severe_raters": {
        "zh": "{cycle} 评价人平均效应 {effect:+.3f}；百分位差 {gap:.0f} 点（阈值 {min_gap:.0f}），"
        "{cycles}个周期平均差 {mean_gap:.0f} 点",
        "en": "raters' mean effect {effect:+.3f} in {cycle}; percentile gap {gap:.0f} points "
        "(≥ {min_gap:.0f}), mean gap {mean_gap:.0f} over {cycles} cycles",
    },
    "reason.declined": {
        "zh": "从 {first_cycle} 的 {first:.2f} 降至 {cycle} 的 {latest:.2f}；"
        "目前在{group}中位于第 {pct:.0f} 百分位",
        "en": "from {first:.2f} in {first_cycle} to {latest:.2f} in {cycle}; "
        "now percentile {pct:.0f} of {group}",
    },
    # --- reasons: attribution (analytics.stats.attribution) ---------------------------------
    "reason.department_shift_significant": {
        "zh": "{dept} {from_cycle}→{to_cycle}：部门整体变动 {shift:+.3f}（95% CI {lo:.3f}…{hi:.3f}），"
        "Holm {p:p} < {alpha:g}，本部门 n={n}，其他 n={n_rest}",
        "en": "{dept} {from_cycle}→{to_cycle}: department shift {shift:+.3f} "
        "(95% CI {lo:.3f}…{hi:.3f}), Holm {p:p} < {alpha:g}, n={n} vs {n_rest} others",
    },
    "reason.department_shift_not_significant": {
        "zh": "{dept} {from_cycle}→{to_cycle}：部门整体变动 {shift:+.3f}（95% CI {lo:.3f}…{hi:.3f}），"
        "Holm {p:p} ≥ {alpha:g}，本部门 n={n}，其他 n={n_rest}",
        "en": "{dept} {from_cycle}→{to_cycle}: department shift {shift:+.3f} "
        "(95% CI {lo:.3f}…{hi:.3f}), Holm {p:p} ≥ {alpha:g}, n={n} vs {n_rest} others",
    },
    "reason.against_department_trend": {
        "zh": "{dept}整体{dept_dir:@word} {shift:.3f}（Holm {p:p}，n={n_dept}），"
        "而此人相对部门{own_dir:@word} {individual:.3f}（z={z:+.1f}，阈值 {threshold:g}；n={n}）",
        "en": "{dept} {dept_dir:@word} {shift:.3f} (Holm {p:p}, n={n_dept}) while this person "
        "{own_dir:@word} {individual:.3f} beyond the department "
        "(z={z:+.1f}, threshold {threshold:g}; n={n})",
    },
    # --- reasons: re-check list (analytics.stats.gaps) ----------------------------------------
    "reason.manager_peer": {
        "zh": "上级与同事评分差距过大",
        "en": "manager and peers disagree",
    },
    "reason.self_manager": {
        "zh": "自评与上级评分差距过大",
        "en": "self and manager disagree",
    },
    # --- words put into other templates ({x:@word}) -------------------------------------------
    "word.rose": {"zh": "上升", "en": "rose"},
    "word.fell": {"zh": "下降", "en": "fell"},
    # --- rater flags (analytics.stats.raters.RATER_FLAGS) ---------------------------------------
    "flag.none": {"zh": "未标记", "en": "not flagged"},
    "flag.lenient": {"zh": "偏宽松", "en": "lenient"},
    "flag.severe": {"zh": "偏严格", "en": "severe"},
    "flag.central_tendency": {"zh": "趋中倾向", "en": "central tendency"},
    "flag.halo": {"zh": "光环效应", "en": "halo"},
    "flag.recency": {"zh": "近因效应", "en": "recency"},
    # --- a rater's mix of roles (analytics.stats.raters) ----------------------------------------
    # --- a unit that is not a department: the company as a whole (peer group, variance row) ---
    "unit.company": {"zh": "全公司", "en": "Company"},
    "unit.unassigned": {"zh": "未分配", "en": "Unassigned"},
    "scope.all_cycles": {"zh": "全部周期", "en": "all cycles"},
    "unit.scope": {
        "zh": "{cycles:@scope?} / {department:@unit?}{extra}",
        "en": "{cycles:@scope?} / {department:@unit?}{extra}",
    },
    "unit.department": {"zh": "部门", "en": "Department"},
    "mix.role_share": {"zh": "{role:@role} {share:.0%}", "en": "{role:@role} {share:.0%}"},
    # --- nine-box cells (box = 3 * potential band + performance band + 1) ----------------------
    "box.talent_risk": {"zh": "待改进", "en": "Talent risk"},
    "box.effective_contributor": {"zh": "稳定贡献者", "en": "Effective contributor"},
    "box.trusted_professional": {"zh": "专业骨干", "en": "Trusted professional"},
    "box.inconsistent_performer": {"zh": "待发展者", "en": "Inconsistent performer"},
    "box.core_player": {"zh": "中坚力量", "en": "Core player"},
    "box.high_performer": {"zh": "高绩效者", "en": "High performer"},
    "box.rough_diamond": {"zh": "潜力待发掘", "en": "Rough diamond"},
    "box.growth_employee": {"zh": "成长之星", "en": "Growth employee"},
    "box.star": {"zh": "明星", "en": "Star"},
    "band.low": {"zh": "低", "en": "low"},
    "band.medium": {"zh": "中", "en": "medium"},
    "band.high": {"zh": "高", "en": "high"},
    "source.outcome": {"zh": "潜力评级", "en": "potential rating"},
    "source.proxy": {"zh": "推算（评价维度）", "en": "proxy (rating dimensions)"},
    "direction.up": {"zh": "上升", "en": "up"},
    "direction.down": {"zh": "下降", "en": "down"},
    "direction.inflated": {"zh": "偏高（高等级过多）", "en": "inflated (too many top grades)"},
    "direction.deflated": {"zh": "偏低（高等级过少）", "en": "deflated (too few top grades)"},
    "direction.as_guideline": {"zh": "与指导分布无显著差异", "en": "no clear departure"},
    "direction.too_few": {"zh": "人数过少，无法判断", "en": "too few people to tell"},
    # --- reliability table ----------------------------------------------------------------------
    "design.sparse_panels": {
        "zh": "稀疏评价小组（每人评价人不同）",
        "en": "sparse panels (any raters per employee)",
    },
    "design.raters_nested": {
        "zh": "评价人嵌套于员工（每人 k={k} 位）",
        "en": "raters nested in employees (k={k} per employee)",
    },
    "measure.krippendorff_alpha_interval": {
        "zh": "Krippendorff α（等距）",
        "en": "Krippendorff's α (interval)",
    },
    "measure.ICC1": {"zh": "ICC(1)", "en": "ICC(1)"},
    "measure.ICC1k": {"zh": "ICC(1,k)", "en": "ICC(1,k)"},
    # --- parts of a score change (attribution) ----------------------------------------------
    "component.company": {"zh": "公司整体", "en": "company"},
    "component.department": {"zh": "部门环境", "en": "department"},
    "component.rater": {"zh": "评价人变化", "en": "rater"},
    "component.individual": {"zh": "个人", "en": "individual"},
    "component.change": {"zh": "总变动", "en": "change"},
}
