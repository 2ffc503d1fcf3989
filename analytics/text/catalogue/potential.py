"""High-potential page strings."""

TEXT: dict[str, dict[str, str]] = {
    "pot.title": {"zh": "高潜识别", "en": "High potential"},
    "pot.note_company": {
        "zh": "绩效 = 校正评价人宽严后的分数在全公司中的百分位（数据中没有岗位序列、职级）；潜力 = 导入的潜力评级；"
        "没有评级的人以代理值代替：学习成长/领导力维度相对本人其他维度的高低，"
        "它衡量成长维度上的相对长处，不是绩效的复述。",
        "en": "Performance = the percentile of the rater-adjusted score in the whole company (the "
        "data hold no job family or level); potential = the imported potential rating; without one, "
        "a proxy: how the learning/leadership dimensions stand against the person's other "
        "dimensions, a relative strength in growth dimensions, not performance restated.",
    },
    "pot.note": {
        "zh": "绩效 = 校正评价人宽严后的分数在同岗位序列、同职级中的百分位；潜力 = 导入的潜力评级；"
        "没有评级的人以代理值代替：学习成长/领导力维度相对本人其他维度的高低（同组百分位），"
        "它衡量成长维度上的相对长处，不是绩效的复述。",
        "en": "Performance = rater-adjusted score as a percentile within job family × level; "
        "potential = the imported potential rating. Without one, a proxy: how far the "
        "learning/leadership dimensions stand above the person's own other dimensions "
        "(percentile in the same group), a relative strength, not a restatement of performance.",
    },
    "pot.check_outcome": {
        "zh": "{n} / {all} 人的潜力来自导入的潜力评级（最新一期）。",
        "en": "{n} of {all:#person|people}: potential from the imported potential rating (latest).",
    },
    "pot.check_outcome_earlier": {
        "zh": "{n} / {all} 人在其最新一期（有记录的最后一期）没有潜力评级：潜力采用另一期（{cycles}）的导入潜力评级。",
        "en": "No potential rating in their latest cycle (the last one with a record) for {n} of {all:#person|people}: their potential is the imported rating of another cycle ({cycles}).",
    },
    "pot.check_proxy": {
        "zh": "{n} / {all} 人没有潜力评级，以代理值代替。代理与绩效百分位的相关 r = {r:.2f}"
        "（95% 区间 {lo:.2f} 至 {hi:.2f}，{n_r} 人）：两条轴衡量的是不同的东西。代理只说明成长维度上的相对长处，"
        "不能证明潜力。",
        "en": "No potential rating for {n} of {all:#person|people}: a proxy stands in. It correlates "
        "r = {r:.2f} (95% interval {lo:.2f} to {hi:.2f}, {n_r} people) with the performance "
        "percentile, so the two axes measure different things. The proxy shows a relative "
        "strength on the growth dimensions; it does not prove potential.",
    },
    "pot.check_proxy_restates": {
        "zh": "{n} / {all} 人没有潜力评级，以代理值代替；但代理与绩效百分位高度相关 r = {r:.2f}"
        "（95% 区间 {lo:.2f} 至 {hi:.2f}，{n_r} 人），主要在复述绩效，不宜作为潜力依据。",
        "en": "No potential rating for {n} of {all:#person|people}, and a proxy stands in, but it "
        "correlates r = {r:.2f} (95% interval {lo:.2f} to {hi:.2f}, {n_r} people) with the "
        "performance percentile: it mostly restates performance; do not read it as potential.",
    },
    "pot.check_proxy_no_r": {
        "zh": "{n} / {all} 人没有潜力评级，以代理值代替；人数太少，无法估计代理与绩效的相关。",
        "en": "No potential rating for {n} of {all:#person|people}, and a proxy stands in; too few "
        "people to estimate how far it follows performance.",
    },
    "pot.check_not_recorded": {
        "zh": "{n} / {all} 人的潜力未记录（没有潜力评级，也没有可作对比的学习成长/领导力维度）："
        "他们不进入九宫格，只按绩效看。",
        "en": "{n} of {all:#person|people}: potential not recorded (no potential rating and no "
        "learning/leadership dimension to contrast): they are left out of the 9-box and seen "
        "on performance only.",
    },
    "pot.box": {"zh": "九宫格", "en": "9-box"},
    "pot.near_boundary": {
        "zh": "{n} 人中有 {near} 人接近格子边界：其绩效百分位或潜力的 95% 区间跨过分界线，"
        "放在相邻格子同样说得通，讨论时不宜只看格子。{axis}"
        "潜力代理值的区间按各周期波动（全员合并估计）计算；导入的潜力评级视为确定。",
        "en": "Near a box boundary: {near} of {n:#person|people}. The 95% interval of their "
        "performance percentile or potential crosses a cut, so the next box fits them as well; "
        "discuss them by more than their box. {axis}The potential proxy's interval comes from "
        "its cycle-to-cycle spread (pooled over everyone); an imported potential rating counts "
        "as certain.",
    },
    "pot.certainty_unknown": {
        "zh": "{n} 人中有 {k} 人的格子确定性无法估计：其绩效百分位或潜力没有 95% 区间，"
        "无法判断放在相邻格子是否同样说得通；这并不表示他们的格子是确定的。",
        "en": "Box certainty cannot be estimated for {k} of {n:#person|people}: their "
        "performance percentile or potential has no 95% interval here, so whether the next box "
        "fits them as well cannot be told; it does not mean their boxes are firm.",
    },
    # the performance axis, as the cycles chosen make it (rev24b item 6: with one cycle the
    # page said both "that cycle's percentile" and "shrunk over cycles")
    "pot.axis_shrunk": {
        "zh": "绩效轴为各期水平按可靠性收缩后（经验贝叶斯，与高潜排序相同）在同组中的百分位，"
        "单独一期的偶然高低不会把人移到别的格子；绩效区间为该水平区间在同组中的位置；",
        "en": "The performance axis is the percentile of the person's level over cycles shrunk "
        "by its reliability (empirical Bayes, as in the high-potential ranking), so one lucky "
        "or unlucky cycle does not move a person to another box; its interval is where that "
        "level's interval falls in the peer group. ",
    },
    "pot.axis_one_cycle": {
        "zh": "绩效区间为该周期分数的 95% 区间在同组中的位置；",
        "en": "The performance interval is where that cycle's score interval falls in the peer "
        "group. ",
    },
    "pot.box_one_cycle": {
        "zh": "只选了一个周期（{cycle}）：绩效轴为该周期校正后分数在同组中的百分位及其 95% 区间；"
        "跨周期的水平收缩需要至少两个周期。",
        "en": "One cycle selected ({cycle}): the performance axis is that cycle's rater-adjusted "
        "score as a percentile in the peer group, with its 95% interval; shrinking the level "
        "over cycles needs at least two cycles.",
    },
    "pot.box_empty": {
        "zh": "本范围内没有人能放进九宫格：需要绩效百分位和潜力（潜力评级，或学习成长/领导力维度的代理值），"
        "本范围的人缺少其中之一。",
        "en": "Nobody in this scope can be placed in the 9-box: it needs a performance "
        "percentile and a potential (a potential rating, or the proxy from the "
        "learning/leadership dimensions), and the people here lack one of them.",
    },
    "pot.box_members": {
        "zh": "格子 {box}「{label}」中的人员（{n} 人）",
        "en": "People in box {box} “{label}” ({n})",
    },
    # an empty cell clicked (n=0): nobody there, not a data problem (rev28b item 8)
    "pot.box_nobody": {
        "zh": "当前范围内没有人落在格子 {box}「{label}」（{cycles}）。",
        "en": "Nobody in this scope is in box {box} “{label}” ({cycles}).",
    },
    "pot.list": {"zh": "高潜名单（含理由）", "en": "High-potential list with reasons"},
    "pot.list_note_no_potential": {
        "zh": "潜力未记录：下列名单只按绩效排序，不是高潜名单。没有潜力数据，潜力一项不计入，"
        "其余三项按现有数据重新归一：排序分 = 绩效水平同群百分位 62% + 上升趋势 23% + 稳定优秀 15%"
        "（即原权重 40%、15%、10% 各除以三者之和 65%），按 0-100% 计，最高可到 100%。"
        "分数附 95% 区间；区间重叠的两人，名次先后并不可靠。",
        "en": "Potential not recorded: this list is ranked on performance only, not a high-potential "
        "list. With no potential data the potential part is left out and the other three are "
        "rescaled over what exists: ranking score = performance level percentile in the peer "
        "group 62% + upward trend 23% + consistently strong 15% (their weights 40%, 15% and "
        "10%, each divided by their sum, 65%), on 0-100%, so the top can reach 100%. Scores "
        "carry 95% intervals; two people "
        "whose intervals overlap are not reliably in that order.",
    },
    "pot.list_note": {
        "zh": "综合分 = 潜力 35% + 绩效水平同群百分位 40% + 上升趋势 15% + 稳定优秀 10%，各项按 0-100% 计，"
        "越高越靠前。综合分附 95% 区间：绩效水平、趋势与潜力代理值各自的区间按权重合并（视为相互独立）；"
        "区间重叠的两人，名次先后并不可靠。格子确定性见“格子确定性”列。",
        "en": "Composite = 35% potential + 40% performance level (peer percentile) + 15% "
        "rising trend + 10% consistently top, each on 0-100%: higher ranks first. "
        "The composite has a 95% interval: the intervals of the performance level, the "
        "trend and the potential proxy, weighted and combined (taken as independent); two "
        "people whose intervals overlap are not reliably ranked. How sure the box is: the "
        "Box certainty column.",
    },
    # the list and the person page count different cycles: say which (rev24b item 10)
    "pot.list_cycles": {
        "zh": "名单只用所选的 {n} 个周期（{cycles}）：绩效水平、上升趋势和“n 个周期中 k 个进入同组前 20%”"
        "都只数这些周期；个人页用此人的全部周期，数字可以不同。",
        "en": "The list uses only the cycles selected ({cycles}): the performance level, "
        "the trend and \u201ctop 20% of peers for k of n cycles\u201d count these cycles "
        "alone; the person page uses the person's whole history, so its numbers can differ.",
    },
    "pot.list_rule": {
        "zh": "名单取本范围 {ranked} 人中综合分前 {share:.0%}（向上取整），最多 {cap} 人：列出的人数是名单上限，不是一项发现。",
        "en": "The list holds the top {share:.0%} of the {ranked} people ranked in this scope "
        "(rounded up), at most {cap}: its length is the list's cap, not a finding.",
    },
    # rev25a item 1: rows whose rating manager the ratings cannot correct for
    "pot.list_cautions": {
        "zh": "其中 {k} 人的评分上级被标记（跨周期联系估计的宽严，或趋中倾向且团队与本部门其余人员差距大），"
        "或其团队与本部门其余人员差距大（见“注意”列）。名次没有为此校正：只有上级评分时，"
        "上级的尺度与团队的真实水平在数据中是同一个数，无法从中扣除。",
        "en": "{k} of them have a rating manager who is flagged (leniency estimated through "
        "the links across cycles, or central tendency with a team far from the rest of its "
        "department) or a team far from the rest of its department (see 'Caution'). The rank "
        "is not corrected for it: with manager ratings only, the manager's standard and the "
        "team's real level are one number in the data and cannot be taken out.",
    },
    # rev25a item 2: a trend list net of the department shifts the attribution identifies
    "pot.trend_netted": {
        "zh": "本名单 {n} 人中 {k} 人的趋势含趋势归因识别出的部门整体变动，已先扣除再判断（见原因列）："
        "部门整体的变动不算作个人的上升或下滑。",
        "en": "{k} of the {n} people listed have a trend that includes a department shift "
        "identified on Trend attribution; it was taken out before judging (see the reasons): "
        "a whole department's move is not counted as a person's rise or decline.",
    },
    "pot.hidden": {
        "zh": "被低估人员（剔除评价人严格效应后表现突出）",
        "en": "Hidden strengths (strong once rater severity is removed)",
    },
    "pot.decliners": {"zh": "持续下滑人员", "en": "Sustained decliners"},
    # why the hidden-strengths list is empty (analytics.findings.headlines.hidden_empty_line)
    "pot.hidden_needs_cycles": {
        "zh": "被低估人员需要能估计评价人宽严：只选了一个周期（{cycle}），其中没有评价人的宽严可以估计（每人只有一位可识别的评价人），"
        "因此没有人的校正后分数与原始分数不同。至少需要两个周期：换过评价人的人把评价人联系起来（且要有人换过）。这不表示没有被低估的人。",
        "en": "Hidden strengths need raters whose standard can be estimated: with one cycle "
        "selected ({cycle}), no rater's can (each person has one identified rater), so no one's "
        "adjusted score differs from their raw one. It needs at least two cycles, where people "
        "who changed rater link the raters (if some did). This does not mean there are none.",
    },
    "pot.hidden_no_raters": {
        "zh": "被低估人员需要能估计评价人宽严：本范围内没有评价人的宽严可以估计（原因见评价人页），因此没有人的校正后分数与原始分数不同，"
        "无法判断。这不表示没有被低估的人。",
        "en": "Hidden strengths need raters whose standard can be estimated: in this scope none "
        "can (the rater page says why), so no one's adjusted score differs from their raw one, "
        "and it cannot be judged. This does not mean there are none.",
    },
    "pot.hidden_none": {
        "zh": "本范围内没有人在剔除评价人严格效应后，在同类人员中的百分位提高 {gap} 个百分点以上。",
        "en": "No one in this scope ranks {gap} or more percentile points higher among their "
        "peers once their raters' severity is taken out.",
    },
    "pot.trend_needs_cycles": {
        "zh": "持续上升/下滑需要至少 {n} 个有评分的周期，本范围只有 {k} 个周期，无法判断。",
        "en": "A sustained rise or decline needs at least {n} cycles with a score; this scope "
        "has {k}, so it cannot be judged.",
    },
    "pot.trend_rule": {
        "zh": "列入条件：至少 {n} 个周期有评分；每期变化至少为量表的 {change:.0%}；"
        "斜率的 95% 区间不含 0，其标准误不低于全员合并的周期间波动给出的标准误"
        "（三个点可以恰好连成直线，自身标准误为 0 并不说明变化可靠）。按斜率大小排序。"
        "只有两期评分的人、或变化起伏大的人不列入（两期的变化见趋势归因）。"
        "期间换了上级且新上级尺度无法估计的人照列，但加注：其变化不能读作本人的进步或退步。"
        "斜率按扣除趋势归因识别出的部门整体变动（显著且广泛的）后的分数计算。"
        "这是筛查名单，未对筛查的人数作多重比较校正：没有真实趋势的人约有 2.5% 会偶然列入。",
        "en": "Listed: a score in at least {n} cycles; a change of at least {change:.0%} of "
        "the scale per cycle; the slope's 95% interval excludes 0, with a standard error no "
        "smaller than the one the cycle-to-cycle noise pooled over everyone gives (three "
        "points can fall on a line by chance: an SE of 0 of their own proves nothing). "
        "Ranked by the size of the slope. People with two scored cycles, or whose scores "
        "swing, are not listed (a two-cycle change is on the trend-attribution page). "
        "A person whose manager changed to one whose standard cannot be estimated is listed "
        "with a note: the change cannot be read as their own. The slope is fitted on the "
        "scores less the department shifts identified on Trend attribution (significant and "
        "broad). A screening list, not corrected "
        "for the number of people screened: about 2.5% of people with no real trend pass by "
        "chance.",
    },
    "pot.risers": {"zh": "持续上升人员", "en": "Sustained risers"},
    "pot.clear": {"zh": "清除格子选择", "en": "Clear box selection"},
    "pot.backtest": {
        "zh": "回测：上期名单本期表现如何",
        "en": "Backtest: how last cycle's list did this cycle",
    },
    "pot.backtest_none": {
        "zh": "回测需要至少两个周期：本范围只有一个有评分的周期，无法估计。",
        "en": "The backtest needs at least two cycles: this scope has one rated cycle, so it "
        "cannot be estimated.",
    },
    "pot.backtest_no_list": {
        "zh": "按截至 {before} 的数据排不出高潜名单：名单至少需要本范围内有 {k} 人，因此回测无法估计。",
        "en": "No high-potential list could be ranked on data up to {before}: the list needs "
        "at least {k} people in the scope, so the backtest cannot be estimated.",
    },
    "pot.list_too_few": {
        "zh": "本范围不到 {k} 人，不列高潜名单（人数太少时，前五分之一只是一两个人，不成其为名单）。",
        "en": "No high-potential list for a scope of fewer than {k} people (the top fifth of a "
        "handful is one or two people, not a list).",
    },
    "pot.backtest_unrated": {
        "zh": "按截至 {before} 的数据排出的名单（{n_listed} 人）中，没有人在 {after} 有评分，无法估计。",
        "en": "None of the {n_listed} people the list ranked on data up to {before} was rated "
        "in {after}: it cannot be estimated.",
    },
    "pot.backtest_list": {
        "zh": "按截至 {before} 的数据排出的高潜名单 {n_listed} 人中，{n} 人在 {after} 有评分："
        "平均位于同群第 {pct:.0%} 百分位（95% 区间 {ci:clauses}），{top:.0%}（{tci:clauses}）"
        "仍在同群前 {band:.0%}，{below:.0%} 跌到中位以下；全员在前 {band:.0%} 的占比为 "
        "{all_top:.0%}。",
        "en": "Of the {n_listed} people the list ranked on data up to {before}, {n} were rated "
        "in {after}: on average ranked above {pct:.0%} of their peer group (95% interval "
        "{ci:clauses}); {top:.0%} ({tci:clauses}) stayed in the top "
        "{band:.0%} and {below:.0%} fell below the median, against {all_top:.0%} of everyone "
        "in the top {band:.0%}.",
    },
    "pot.backtest_plain": {
        "zh": "对照：只按 {before} 一期百分位取前 {n_listed} 人，{after} 平均位于第 {pct:.0%} 百分位"
        "（{ci:clauses}），{top:.0%} 仍在前 {band:.0%}。名单还计入潜力与成长趋势，"
        "并不只为预测下期绩效；若名单远低于这一对照，说明其排序经不起下一期检验。",
        "en": "For comparison, the {n_listed} with the highest {before} percentile alone: "
        "ranked above {pct:.0%} of their peer group in {after} on average ({ci:clauses}), {top:.0%} in "
        "the top {band:.0%}. The list also weighs potential and trajectory, so it is not meant "
        "to predict the next cycle alone; a list far below this line does not hold up.",
    },
    "pot.backtest_caveat": {
        "zh": "说明：回测所用的评价人宽严校正基于全部周期估计，比上期当时所知略多；它检验名单在下一期的稳定性，"
        "不能证明名单中的人具有潜力。",
        "en": "The rater adjustment used here is estimated on every cycle, so the backtest "
        "knows slightly more than last cycle did. It tests whether the list holds up one "
        "cycle later; it does not prove that the people on it have potential.",
    },
    "backtest.high_potential": {"zh": "上期高潜名单", "en": "Last cycle's high-potential list"},
    "backtest.top_percentile": {
        "zh": "上期百分位最高的同样人数",
        "en": "As many by last cycle's percentile alone",
    },
    "backtest.everyone": {"zh": "全员", "en": "Everyone"},
    "reason.box_performance": {
        "zh": "绩效水平高于同群 {perf:.0%}",
        "en": "performance above {perf:.0%} of peers",
    },
    "reason.box_potential": {"zh": "潜力 {pot:.0%}", "en": "potential {pot:.0%}"},
    "reason.box_near_boundary": {
        "zh": "接近格子边界，可能属于相邻格子",
        "en": "near a box boundary: could sit in the next box",
    },
}
