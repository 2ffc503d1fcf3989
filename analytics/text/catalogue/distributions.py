"""Distributions page strings."""

TEXT: dict[str, dict[str, str]] = {
    "dist.title": {"zh": "分数分布", "en": "Score distributions"},
    "dist.box": {"zh": "分布形态", "en": "Shape of the distribution"},
    "dist.guideline": {"zh": "与强制分布对比", "en": "Against the guideline distribution"},
    "dist.guideline_note": {
        "zh": "指导分布：{guideline}，按最新周期每人计一次。高/低等级超出 = 该部门 {top}（{bottom}）占比减去指导占比，附 95% Wilson 区间。显著性为卡方拟合优度检验（期望人数 < 5 时用蒙特卡洛 p 值），并对所有部门做 Holm 校正；高等级或低等级期望人数不足 1 人、或少于 5 人的部门不作判断。“同规模合规部门”一栏是完全按指导分布评级、同样人数的部门仅因随机也会出现的需调整人数。",
        "en": "Guideline: {guideline}, each person counted once, in the latest cycle. Top (bottom) excess = the unit's {top} ({bottom}) share minus the guideline share, with a 95% Wilson interval. Significance: chi-square goodness of fit (Monte Carlo p when expected counts < 5), Holm-corrected over all units; units with fewer than 5 people or less than one person expected in the top or bottom grades are not judged. The compliant-unit columns show how many people a unit of the same size that grades exactly by the guideline would have to move by chance alone.",
    },
    # the dataset's own guideline (rev23a item 4): kept in its database, edited on this page
    "dist.guideline_missing": {
        "zh": "本数据集的等级为 {grades}，还没有设定各等级的指导比例，因此暂不与指引比较：请在上方“本数据集的强制分布指引”中填写各等级的比例（合计 100%）。",
        "en": "This dataset grades {grades} and has no guideline shares for them yet, so nothing is compared with a guideline: enter each grade's share (summing to 100%) in “This dataset's guideline” above.",
    },
    "guideline.edit": {"zh": "本数据集的强制分布指引", "en": "This dataset's guideline"},
    "guideline.intro": {
        "zh": "每个等级一行，从最好到最差；比例为百分数，合计 100%。保存后，分布页、概览、校准会材料（PDF/HTML/Excel）和新建校准会都使用这一指引。",
        "en": "One row per grade, best first; shares in percent, summing to 100%. Once saved, this page, the overview, the calibration packet (PDF/HTML/Excel) and new calibration meetings use it.",
    },
    "guideline.grade": {"zh": "等级 {i}", "en": "Grade {i}"},
    "guideline.share": {"zh": "比例（%）", "en": "Share (%)"},
    "guideline.save": {"zh": "保存指引", "en": "Save the guideline"},
    "guideline.saved": {
        "zh": "已保存本数据集的指引：{guideline}。",
        "en": "Saved this dataset's guideline: {guideline}.",
    },
    "guideline.unchanged": {"zh": "指引没有变化。", "en": "The guideline is unchanged."},
    "guideline.readonly": {
        "zh": "本数据集的指引：{guideline}。只有可以导入数据的管理员可以修改。",
        "en": "This dataset's guideline: {guideline}. Only an administrator, who may import data, can change it.",
    },
    "guideline.not_set": {"zh": "（尚未设定）", "en": "(not set yet)"},
    "guideline.empty": {
        "zh": "指引至少要有一个等级：请填写等级名称和比例。",
        "en": "The guideline needs at least one grade: enter the grades and their shares.",
    },
    "guideline.negative": {
        "zh": "等级 {grades} 的比例无法读取或小于 0：请填写 0 到 100 之间的百分数。",
        "en": "The share of {grades} cannot be read or is below 0: enter a percentage from 0 to 100.",
    },
    "guideline.sum": {
        "zh": "各等级比例合计为 {total:.1%}，应为 100%：请调整后再保存。",
        "en": "The shares add up to {total:.1%}, not 100%: adjust them and save again.",
    },
    "guideline.duplicate": {
        "zh": "等级 {grades} 出现了不止一次：每个等级只写一行。",
        "en": "The grade {grades} is listed more than once: one row per grade.",
    },
    "dist.guideline_cycle": {"zh": "周期：{cycle}", "en": "Cycle: {cycle}"},
    "dist.grades_outside": {
        "zh": "导入的等级（{grades}）不在强制分布指引的等级（{guideline}）中，因此不显示与指引的比较；"
        "下方仍按导入的等级显示各部门的等级占比。如需比较，请为这些等级设定指引比例。",
        "en": "The imported grades ({grades}) are not the guideline's grades ({guideline}), so no "
        "comparison with the guideline is shown; the grade shares below use the imported grades. "
        "To compare, set guideline shares for these grades.",
    },
    "dist.off_units": {
        "zh": "{n} 个{kind:@unit_word}偏离强制分布超出随机波动（已考虑同时比较多个{kind:@unit_word}）：{names:@unit?}。需调整人数最多的 {k} 个：",
        "en": "{n} {kind_n:@unit_word} off the guideline beyond chance (allowing for the many {kind:@unit_word} compared): {names:@unit?}. The {k} with the most people to move:",
    },
    # one unit judged (a department with no teams): no "teams", no "many compared"
    "dist.off_one_unit": {
        "zh": "{names:@unit?} 偏离强制分布超出随机波动：",
        "en": "{names:@unit?} is off the guideline beyond chance:",
    },
    # policy or department: the whole scope against the guideline, its units against the rest
    # of it (rev25a item 6, headlines.guideline_whole_lines)
    "unit.this_scope": {"zh": "本范围", "en": "This scope"},
    "dist.whole_below": {
        "zh": "{scope:@unit?}整体（{n} 人）的{grade}占比为 {share:.1%}（95% 区间 {lo:.1%}–{hi:.1%}），低于指导分布的 {target:.0%}：整体都低于指导分布，这是政策层面的差距，不只是某个{kind_one:@unit_word}的问题。",
        "en": "{scope:@unit?} as a whole ({n} people) gives {grade} to {share:.1%} (95% interval {lo:.1%}–{hi:.1%}), below the guideline's {target:.0%}: the whole is below the guideline, a gap of policy, not only of one {kind_one:@unit_word}.",
    },
    "dist.whole_above": {
        "zh": "{scope:@unit?}整体（{n} 人）的{grade}占比为 {share:.1%}（95% 区间 {lo:.1%}–{hi:.1%}），高于指导分布的 {target:.0%}：整体都高于指导分布，这是政策层面的差距，不只是某个{kind_one:@unit_word}的问题。",
        "en": "{scope:@unit?} as a whole ({n} people) gives {grade} to {share:.1%} (95% interval {lo:.1%}–{hi:.1%}), above the guideline's {target:.0%}: the whole is above the guideline, a gap of policy, not only of one {kind_one:@unit_word}.",
    },
    # a scope of one unit (a department with no teams, rev s45 tester item 2): nothing within it
    # to compare, so no "not only of one team" and no unit against the rest
    "dist.whole_below_alone": {
        "zh": "{scope:@unit?}整体（{n} 人）的{grade}占比为 {share:.1%}（95% 区间 {lo:.1%}–{hi:.1%}），低于指导分布的 {target:.0%}；其下只有这一个单元，无从相互比较。",
        "en": "{scope:@unit?} as a whole ({n} people) gives {grade} to {share:.1%} (95% interval {lo:.1%}–{hi:.1%}), below the guideline's {target:.0%}; it is one unit, with nothing within it to compare.",
    },
    "dist.whole_above_alone": {
        "zh": "{scope:@unit?}整体（{n} 人）的{grade}占比为 {share:.1%}（95% 区间 {lo:.1%}–{hi:.1%}），高于指导分布的 {target:.0%}；其下只有这一个单元，无从相互比较。",
        "en": "{scope:@unit?} as a whole ({n} people) gives {grade} to {share:.1%} (95% interval {lo:.1%}–{hi:.1%}), above the guideline's {target:.0%}; it is one unit, with nothing within it to compare.",
    },
    "dist.whole_units_lower": {
        "zh": "与其余人员相比，{names:@unit?} 的{grade}占比明显更低（Fisher 精确检验，经 Holm 校正）：这是{kind_one:@unit_word}层面的差异。",
        "en": "Against everyone else, {grade} is clearly rarer in {names:@unit?} (Fisher exact test, Holm-corrected): a difference of {kind_one:@unit_word}.",
    },
    "dist.whole_units_higher": {
        "zh": "与其余人员相比，{names:@unit?} 的{grade}占比明显更高（Fisher 精确检验，经 Holm 校正）：这是{kind_one:@unit_word}层面的差异。",
        "en": "Against everyone else, {grade} is clearly more common in {names:@unit?} (Fisher exact test, Holm-corrected): a difference of {kind_one:@unit_word}.",
    },
    "dist.whole_units_alike": {
        "zh": "与其余人员相比，{units} 个{kind:@unit_word}的{grade}占比都没有明显不同（Fisher 精确检验，经 Holm 校正）：差距在整体，不在个别{kind:@unit_word}。",
        "en": "Against everyone else, no {kind_one:@unit_word} ({units} {kind_n:@unit_word} compared) gives {grade} clearly more or less often (Fisher exact test, Holm-corrected): the gap is the whole's, not one {kind_one:@unit_word}'s.",
    },
    "dist.moves_reading": {
        "zh": "{unit:@unit?}：{n} 人，{direction}，需调整 {moves} 人；同规模合规部门通常为 {median} 人，90% 的情况下不超过 {p90} 人。",
        "en": "{unit:@unit?}: {n} people, {direction}, {moves} to move; a compliant unit of {n} typically shows {median}, and {p90} or fewer in 9 cases out of 10.",
    },
    "dist.heatmap": {
        "zh": "部门 × 周期（点击格子下钻）",
        "en": "Department × cycle (click a cell to drill down)",
    },
    # a click on the people with no team or department (imp21): no unit to narrow to
    "dist.unassigned_no_drill": {
        "zh": "“未分配”是花名册上没有团队或部门的人，不是一个可以下钻的单元：请在员工档案中按姓名查看他们。",
        "en": "“Unassigned” are the people with no team or department on the roster, not a unit to drill into: look them up by name on the Person page.",
    },
    # a click on a leaf department's own bar (it has no teams): nothing below it to narrow to
    "dist.no_teams_no_drill": {
        "zh": "{unit} 下没有团队：这一栏就是本部门的全部人员，无法再下钻。请在员工档案中按姓名查看个人。",
        "en": "{unit} has no teams: this bar is the whole department, with nothing below it to drill into. Look people up by name on the Person page.",
    },
    # a click on the people placed at the scope's department itself (its head): this page
    "dist.own_department_no_drill": {
        "zh": "“{unit}”是直接挂在该部门本身的人（通常是部门负责人），不是下一级单元：本页显示的就是他们所在的范围。",
        "en": "“{unit}” are the people placed at the department itself (usually its head), not a unit below it: this page already shows their scope.",
    },
    "dist.inflation": {"zh": "分数膨胀", "en": "Rating inflation"},
    "dist.inflation_one_cycle": {
        "zh": "只选了一个周期（{cycle}）：图中是该周期的平均分及其 95% 区间；看趋势需要至少 2 个周期。",
        "en": "One cycle selected ({cycle}): the chart shows its mean with the 95% interval; a trend needs 2 or more cycles.",
    },
    "dist.inflation_no_grades": {
        "zh": "不显示高等级占比：本范围的周期没有记录等级。",
        "en": "No top-grade share is shown: the cycles in scope record no grades.",
    },
    "dist.inflation_unknown_grades": {
        "zh": "不显示高等级占比：记录的等级（{grades}）不属于已知的等级制，无法判断哪些是高等级。",
        "en": "No top-grade share is shown: the recorded grades ({grades}) are on no known grade scale, so which of them are top grades cannot be told.",
    },
    "dist.inflation_result": {
        "zh": "平均分每周期变化 {slope:+.{d}f}（95% CI {lo:+.{d}f} 至 {hi:+.{d}f}；{unit}），{p:p}，n={n} 个分数，来自 {people} 人（同一人各周期的分数不独立：标准误按人聚类）",
        "en": "Mean changes by {slope:+.{d}f} per cycle (95% CI {lo:+.{d}f} to {hi:+.{d}f}; {unit}), {p:p}, n={n} scores of {people:#person|people} (one person's scores across cycles are not independent: standard error clustered by person)",
    },
    # too few people or scores for the clustered standard error (one person): no "— to —"
    "dist.inflation_result_no_interval": {
        "zh": "平均分每周期变化 {slope:+.{d}f}（{unit}），n={n} 个分数，来自 {people} 人；95% CI 与 p 值无法估计：同一人各周期的分数不独立，标准误按人聚类，至少需要 2 人、3 个分数。",
        "en": "Mean changes by {slope:+.{d}f} per cycle ({unit}), n={n} scores of {people:#person|people}; the 95% CI and p cannot be estimated: one person's scores across cycles are not independent, so the standard error is clustered by person, which needs at least 2 people and 3 scores.",
    },
    # the top grades' share, beside the mean's sentence (rev26b item 2): in percentage points
    # per cycle, clustered by person as the mean's; {grades} the scale's own words ("S+A")
    "dist.inflation_top_result": {
        "zh": "{grades} 占比每周期变化 {slope:+.1f} 个百分点（95% CI {lo:+.1f} 至 {hi:+.1f}），{p:p}，n={n} 个等级，来自 {people} 人（同一人各周期的等级不独立：标准误按人聚类）",
        "en": "The {grades} share changes by {slope:+.1f} percentage points per cycle (95% CI {lo:+.1f} to {hi:+.1f}), {p:p}, n={n} grades of {people:#person|people} (one person's grades across cycles are not independent: standard error clustered by person)",
    },
    "dist.inflation_top_result_no_interval": {
        "zh": "{grades} 占比每周期变化 {slope:+.1f} 个百分点，n={n} 个等级，来自 {people} 人；95% CI 与 p 值无法估计：同一人各周期的等级不独立，标准误按人聚类，至少需要 2 人、3 个等级，且等级要有变化。",
        "en": "The {grades} share changes by {slope:+.1f} percentage points per cycle, n={n} grades of {people:#person|people}; the 95% CI and p cannot be estimated: one person's grades across cycles are not independent, so the standard error is clustered by person, which needs at least 2 people, 3 grades and grades that vary.",
    },
    # no slope at all (graded in one cycle only, or no one graded): said, not 0
    "dist.inflation_top_none": {
        "zh": "{grades} 占比的趋势无法估计：只有一个周期记录了等级（n={n} 个等级）。",
        "en": "The {grades} share's trend cannot be estimated: only one cycle records grades (n={n:#grade|grades}).",
    },
    # under the chart: marginal bars of each cycle are not the paired comparison
    "dist.inflation_paired_note": {
        "zh": "图中每个周期的 {grades} 占比区间各自独立计算；区间重叠并不表示同一批人“没有变化”：趋势检验比较的是同一人在各周期的等级（配对），见下文。",
        "en": "Each cycle's {grades} share interval in the chart is computed on its own; bars that overlap do not mean “no change” for the same people: the trend's test compares each person's grades across cycles (paired), below.",
    },
    # a change of scale is a break in the series, not a trend (rev23b item 9)
    "dist.inflation_scale_break": {
        "zh": "量表在 {cycle} 从 {before} 改为 {after}：趋势不跨越这次变化比较（换算成 0-1 标准分要假设两个量表的最低分与最高分含义相同，无法检验），每段量表单独检验。",
        "en": "The scale changed from {before} to {after} in {cycle}: the trend is not compared across it (on the 0-1 score that would assume the two scales' lowest and highest mean the same, which cannot be checked); each scale's cycles are tested on their own.",
    },
    "dist.inflation_segment": {
        "zh": "{first}–{last}（{unit}）：",
        "en": "{first}–{last} ({unit}): ",
    },
    "dist.inflation_segment_one": {
        "zh": "{cycle}（{unit}）：该量表只有这一个周期，段内没有趋势可检验。",
        "en": "{cycle} ({unit}): the only cycle on this scale, so there is no trend within it to test.",
    },
    "dist.tests": {"zh": "单元间差异检验", "en": "Differences between units"},
    "dist.kw": {
        "zh": "{cycle} 各单元的分数是否不同：{p:p}；差异大小 ε²={eps:.3f}（95% 区间 {lo:.3f} 至 {hi:.3f}）；n={n} 人（每人一个分数），{k} 个单元（方法：Kruskal-Wallis 检验，H={H:.2f}，df={df}）",
        "en": "Whether the units' scores differ in {cycle}: {p:p}; size of the difference ε²={eps:.3f} (95% interval {lo:.3f} to {hi:.3f}); n={n} people (one score each), {k} units (method: Kruskal-Wallis test, H={H:.2f}, df={df})",
    },
    "dist.pairs": {
        "zh": "两两 Mann-Whitney 检验（Holm 校正）与秩双列相关效应量：{cycle}，每人一个分数",
        "en": "Pairwise Mann-Whitney tests (Holm-corrected) with rank-biserial effect sizes: {cycle}, one score per person",
    },
    "dist.summary": {"zh": "各单元描述统计", "en": "Summary per unit"},
    "dist.lone_units": {
        "zh": "只有 1 人的单元不参与单元之间的比较（一个人的分数不是单元的水平，也会暴露此人的分数；常见的是直接挂在部门上的负责人）：{units:@unit?}。这些人仍计入本范围的总数和各人员表。",
        "en": "Units of one person are left out of the comparisons between units (one person's score is no unit's level, and would show that person's score; usually a head placed at the department itself): {units:@unit?}. They still count in the scope's totals and in the tables of people.",
    },
    "dist.small_units": {
        "zh": "以下单元在 {cycle} 人数过少（n < {min_n}），未显示统计量：{units}",
        "en": "Too few people in {cycle} (n < {min_n}) to show statistics for: {units}",
    },
    "dist.n_counts": {
        "zh": "本页图中的 n 均为最新周期（{cycle}）的人数（每人一个分数，不是评分条数）；少于 {min_n} 人的单元不计算统计量。",
        "en": "n in these charts is the number of people in the latest cycle ({cycle}), one score each (not ratings); units with fewer than {min_n} people get no statistics.",
    },
    "dist.no_unit_means": {
        "zh": "{cycle} 没有哪个单元达到 {min_n} 人，因此不显示各单元平均分和箱线图。请放宽筛选范围。",
        "en": "No unit has {min_n} or more people in {cycle}, so no unit means or box plots are shown. Widen the filters.",
    },
    # fewer than two units to compare in the latest cycle: no test, no empty table
    "dist.no_tests": {
        "zh": "{cycle} 达到 {min_n} 人的单元不足两个，因此不做单元间的检验。",
        "en": "Fewer than two units have {min_n} or more people in {cycle}, so the units are not compared.",
    },
    # the units left to compare are fewer than two because one was hidden for privacy
    "dist.no_tests_withheld": {
        "zh": "不做单元间的比较：{units} 对你的角色隐藏（见上方说明）。",
        "en": "Units are not compared: {units} is hidden for your role (see above).",
    },
    "dist.lone_only": {
        "zh": "本范围的每个单元都只有 1 人（见上方说明），没有可汇总的单元。",
        "en": "Every unit in this scope holds one person (see above), so there is no unit to summarise.",
    },
    # every unit under the size rule in every cycle (a level filter leaving one person per
    # department, rev23b item 8): no empty grid
    "dist.no_heat_cells": {
        "zh": "没有哪个单元在任何周期达到 {min_n} 人，因此不显示部门 × 周期的平均分。请放宽筛选范围。",
        "en": "No unit has {min_n} or more people in any cycle, so no department × cycle means "
        "are shown. Widen the filters.",
    },
    "dist.one_rater_department": {
        "zh": "{dept} 的全部 {n} 人只由 {rater_id} 一人评分，没有其他评价人：该部门的水平包含这位评价人无法估计的宽严，"
        "不能与其他部门直接比较。",
        "en": "All {n} people of {dept} are rated by {rater_id} alone, by no other rater: the "
        "department's level includes that rater's leniency, which cannot be estimated, so it "
        "cannot be compared with other departments as it stands.",
    },
    "dist.no_grades": {
        "zh": "当前范围在 {cycle} 没有记录绩效等级（导入的数据只有评分，或筛选后没有带等级的人），无法与强制分布对比。",
        "en": "No performance grades are recorded in the current scope for {cycle} (the data holds ratings only, or the filters leave no one with a grade), so there is nothing to compare with the guideline.",
    },
    "dist.no_grade_units": {
        "zh": "{cycle} 没有哪个单元有至少 {min_n} 名带等级的员工，因此不显示等级占比。请放宽筛选范围。",
        "en": "No unit has {min_n} or more people with a grade in {cycle}, so no grade shares are shown. Widen the filters.",
    },
}
