"""The calibration meeting's grade bins and performance × potential grid (ui/bins.py,
analytics.calibration.bins) and drift by group (analytics.calibration.drift, the rater page)."""

TEXT: dict[str, dict[str, str]] = {
    # where the grades are changed: the table or the bins
    "cs.tab_table": {"zh": "等级表", "en": "Grade table"},
    "cs.tab_bins": {"zh": "等级分布格", "en": "Grade bins"},
    "cs.bins_help": {
        "zh": "在等级栏中勾选一人或多人（可跨栏），选择要移到的等级、理由类别并写明理由，再点击移动按钮：与等级表相同的规则，每人一条修改记录。",
        "en": "Tick one or more people in the bins (in any bins), choose the grade to move them to, a reason category and a reason, then press the move button: the same rules as the grade table, one audit entry per person.",
    },
    "cs.bins_layout": {"zh": "视图", "en": "View"},
    "cs.bins_by_grade": {"zh": "按等级", "en": "By grade"},
    "cs.bins_grid": {"zh": "绩效 × 潜力（九宫格）", "en": "Performance × potential (9-box)"},
    "cs.bins_grid_note": {
        "zh": "每行一个绩效等级，每列一个潜力档。在这里移动只改变校准后的绩效等级（行）；潜力（列）保持导入值不变。",
        "en": "One row per performance grade, one column per potential band. Moving someone here changes their final performance grade (the row) only; their potential (the column) stays as imported.",
    },
    "cs.bins_cell": {"zh": "{band} · {n} 人", "en": "{band} · {n}"},
    "cs.bins_head": {"zh": "**{grade}** · {n} 人", "en": "**{grade}** · {n}"},
    "cs.bins_no_grade": {"zh": "无等级", "en": "No grade"},
    "cs.bins_empty": {"zh": "（无人）", "en": "(nobody)"},
    "cs.bins_close_legend": {
        "zh": "临界：此人 95% 区间跨越假设分析中的等级分界，排名无法确定其归属。",
        "en": "Close call: the person's 95% interval spans a grade boundary of the what-if; the ranking cannot tell which side they belong on.",
    },
    "cs.pot.high": {"zh": "高潜力", "en": "High potential"},
    "cs.pot.medium": {"zh": "中潜力", "en": "Medium potential"},
    "cs.pot.low": {"zh": "低潜力", "en": "Low potential"},
    "cs.pot.unrated": {"zh": "未评潜力", "en": "No potential rating"},
    "cs.bins_moved": {
        "zh": "已将 {n} 人移到 {grade}：{people}。修改记录、实时指导分布对比和奖金已更新。",
        "en": "Moved {n:#person|people} to {grade}: {people}. The audit trail, the live guideline fit and the bonus are updated.",
    },
    "cs.bins_unchanged": {
        "zh": "{people} 已是 {grade}，未作修改（不记录）。",
        "en": "{people} already had {grade}: nothing changed, nothing recorded.",
    },
    "cs.bins_selected": {"zh": "已选 {n} 人：{people}", "en": "{n} selected: {people}"},
    "cs.bins_none_selected": {
        "zh": "尚未选择人员：请在上面的等级栏中勾选。",
        "en": "Nobody selected yet: tick people in the bins above.",
    },
    "cs.bins_target": {"zh": "移到等级", "en": "Move to grade"},
    "cs.bins_reason": {"zh": "移动的理由", "en": "Reason for the move"},
    "cs.bins_move": {"zh": "将所选 {n} 人移到 {grade}", "en": "Move the {n} selected to {grade}"},
    # a move without a reason category or a reason: said for the move (it named the first
    # person's id alone: "E000308: every change needs a reason category", session 44)
    "cs.bins_need_reason": {
        "zh": "移动所选 {n} 人前，请选择理由类别并填写理由：没有调整被保存。",
        "en": "Before moving the {n} selected, choose a reason category and write a reason: "
        "nothing was saved.",
    },
    "cs.bins_closed": {
        "zh": "校准会已签字关闭：等级分布格只读。",
        "en": "The session is signed off: the bins are read-only.",
    },
    "column.bin_score": {"zh": "校正分（95%区间）", "en": "Adjusted (95% CI)"},
    "column.close_mark": {"zh": "临界", "en": "Close call"},
    # drift by group (the rater page)
    "cs.drift_groups": {
        "zh": "按群体（性别、年龄段、地区、司龄、职级）",
        "en": "By group (gender, age band, location, tenure, level)",
    },
    "cs.drift_groups_note": {
        "zh": "每组在已签字校准会中被下调、上调的人次比例，附 Wilson 95% 区间和人次；少于 {k} 人的组不显示数字；没有人参加已签字校准会的组写“无法估计”，而不是 0。",
        "en": "Each group's share of person-sessions moved down and up in signed-off sessions, with Wilson 95% intervals and the counts; groups of fewer than {k} people show no number; a group with nobody in a signed-off session says 'cannot be estimated', not 0.",
    },
    "cs.drift_groups_none": {
        "zh": "数据中没有群体列（性别、年龄段、司龄……）。",
        "en": "The data has no group columns (gender, age band, tenure, …).",
    },
    "cs.drift_not_estimable": {
        "zh": "无法估计（无人参加已签字的校准会）",
        "en": "cannot be estimated (nobody in a signed-off session)",
    },
    "column.people": {"zh": "人数", "en": "People"},
    "column.down_ci95_low": {"zh": "下调比例 95%下限", "en": "Moved down 95% CI low"},
    "column.down_ci95_high": {"zh": "下调比例 95%上限", "en": "Moved down 95% CI high"},
    "column.up_ci95_low": {"zh": "上调比例 95%下限", "en": "Moved up 95% CI low"},
    "column.up_ci95_high": {"zh": "上调比例 95%上限", "en": "Moved up 95% CI high"},
    "column.drift_note": {"zh": "说明", "en": "Note"},
}
