"""Managers against an anonymous peer panel (analytics.stats.raters_panel): the section on the
rater page, its reasons, the overview's headline and the rater table's reason."""

_CAVEAT_ZH = "这是与同事平均分的比较：若某团队的同事评分本身偏宽或偏严，结果也会随之变动"
_CAVEAT_EN = (
    "against the peers' mean: a peer panel that is itself lenient or severe for a team "
    "moves this too"
)

TEXT: dict[str, dict[str, str]] = {
    "raters.panel": {"zh": "上级与匿名同事评分的比较", "en": "Managers against the peer panel"},
    "raters.panel_note": {
        "zh": "同事评分没有评价人工号时，上面的模型无法估计上级的宽严；但同事在同一周期评价了同一批人。"
        "对每位上级：其每位被评人在同一周期的“上级评分 − 同事平均分”，先按人跨周期取平均（同一人多个周期只算一次），"
        "再对被评人取平均，并减去全公司的平均差距（{centre:+pt}，{score_scale:unit}），"
        "因此上级普遍比同事打分高或低不会被当作宽严。区间为 95% t 区间，方差取该上级自身与全体上级合并方差中较大者"
        "（用自身方差时自由度 = 被评人数 − 1）。"
        "标记规则与用词与评价人模型相同：整个 95% 区间超出 ±{thr:pt}（员工分数标准差的 0.3 倍）为“偏宽松/偏严格”；"
        "按比较的上级人数控制错误发现率（BH，q < 0.05）后显著、效应至少 ±{thr:pt}，但区间未整体超出，为“可能偏宽松/偏严格”。"
        "模型能估计的上级沿用模型结果，不在此列。" + _CAVEAT_ZH + "。",
        "en": "Where the peer ratings carry no rater id, the model above cannot estimate a "
        "manager; but the peers rated the same people in the same cycle. For each manager: "
        "each ratee's manager rating minus their peers' mean in the same cycle, averaged over "
        "cycles per person (a person seen in several cycles counts once), then over the "
        "ratees, minus the company's mean gap ({centre:+pt} {score_scale:unit}), so a general "
        "manager/peer offset is not read as leniency. Intervals are 95% t intervals on the "
        "larger of the manager's own variance and the variance pooled over managers (df = "
        "ratees - 1 with their own). Flagged with the rater model's rules and words: "
        "'lenient' or 'severe' when the whole 95% interval lies beyond ±{thr:pt} (0.3 SD of "
        "employee scores); 'likely lenient' or 'likely severe' when significant with the "
        "false discovery rate held at 5% over the managers compared (BH, q < 0.05) and at "
        "least ±{thr:pt}, but the interval crosses it. Managers the model can estimate keep "
        "the model's result and are not listed. " + _CAVEAT_EN[0].upper() + _CAVEAT_EN[1:] + ".",
    },
    # the counts as clauses, each left out when it is 0 (as raters.status_counts)
    "raters.panel_counts": {
        "zh": "{all} 位上级与同事评分比较：{parts:clauses}。",
        "en": "{all} managers compared with the peer panel: {parts:clauses}.",
    },
    "raters.panel_n_lenient": {"zh": "{n} 位偏宽松", "en": "{n} lenient"},
    "raters.panel_n_severe": {"zh": "{n} 位偏严格", "en": "{n} severe"},
    "raters.panel_n_likely_lenient": {"zh": "{n} 位可能偏宽松", "en": "{n} likely lenient"},
    "raters.panel_n_likely_severe": {"zh": "{n} 位可能偏严格", "en": "{n} likely severe"},
    "raters.panel_n_clear": {"zh": "{n} 位未发现实质性宽严", "en": "{n} clear"},
    "raters.panel_n_few": {
        "zh": "{n} 位被评人太少，无法比较",
        "en": "{n} with too few ratees to compare",
    },
    # the model's count of raters it cannot estimate, for the managers the peer panel compares
    # instead: a different case from "nobody else rates their people" (left25 item 5)
    "raters.not_estimable_panel": {
        "zh": "另有 {n} 位上级模型也无法估计，但原因不同：他们的被评人另有同事评分，只是没有评价人工号，"
        "模型无法把这些同事当作评价人相连。他们改为与被评人的匿名同事平均分比较（见下方“上级与匿名同事评分"
        "的比较”）：那是与同事的差距，不是模型的宽严，同事本身也可能偏宽或偏严。",
        "en": "{n} managers are not estimated by the model for another reason: their people do "
        "have peer ratings, but with no rater id, so the model cannot link them through those "
        "peers. They are compared with their people's anonymous peer panel instead (see "
        "'Managers against the peer panel' below): a gap to the peers' mean, not the model's "
        "leniency, and the peers may be lenient or severe themselves.",
    },
    "reason.panel_flagged": {
        "zh": "与同事相比{dir:@flag}：上级 − 同事的差距与全公司平均相差 {effect:+pt}，整个 95% 区间 "
        "（{lo:+pt} 至 {hi:+pt}，{score_scale:unit}）超出 ±{thr:pt}（{n} 位被评人、{pairs} 对评分；"
        "已按比较的上级人数做多重比较校正，{q:q}）；" + _CAVEAT_ZH,
        "en": "{dir:@flag} against the peer panel: manager minus peer {effect:+pt} beyond the "
        "company's mean gap, the whole 95% interval ({lo:+pt} to {hi:+pt} {score_scale:unit}) "
        "beyond ±{thr:pt} ({n} ratees, {pairs} pairs of ratings; {q:q} after correcting for "
        "the number of managers compared); " + _CAVEAT_EN,
    },
    # significant and beyond the threshold, the interval crossing it: the model's "likely"
    "reason.panel_flagged_likely": {
        "zh": "与同事相比可能{dir:@flag}：上级 − 同事的差距与全公司平均相差 {effect:+pt}，超出 ±{thr:pt}，"
        "按比较的上级人数控制错误发现率后显著（{q:q}），但 95% 区间（{lo:+pt} 至 {hi:+pt}，"
        "{score_scale:unit}）未整体超出阈值（{n} 位被评人、{pairs} 对评分）；" + _CAVEAT_ZH,
        "en": "likely {dir:@flag} against the peer panel: manager minus peer {effect:+pt} "
        "beyond the company's mean gap, beyond ±{thr:pt} and significant with the false "
        "discovery rate controlled over the managers compared ({q:q}), but the 95% interval "
        "({lo:+pt} to {hi:+pt} {score_scale:unit}) does not lie wholly beyond the threshold "
        "({n} ratees, {pairs} pairs of ratings); " + _CAVEAT_EN,
    },
    "reason.panel_clear": {
        "zh": "与同事相比未发现实质性宽严：差距与全公司平均相差 {effect:+pt}（95% 区间 {lo:+pt} 至 {hi:+pt}，"
        "{score_scale:unit}；{n} 位被评人、{pairs} 对评分；{q:q}；阈值 ±{thr:pt}）；" + _CAVEAT_ZH,
        "en": "no material leniency or severity against the peer panel: {effect:+pt} beyond the "
        "company's mean gap (95% interval {lo:+pt} to {hi:+pt} {score_scale:unit}; {n} ratees, "
        "{pairs} pairs of ratings; {q:q}; threshold ±{thr:pt}); " + _CAVEAT_EN,
    },
    "reason.panel_too_few": {
        "zh": "只有 {n} 位被评人同时有上级与同事评分（至少需 {min} 位），太少，无法与同事比较",
        "en": "only {n} ratees have both a manager and a peer rating (at least {min} needed): "
        "too few to compare with the peer panel",
    },
    "reason.own_ratees_peer_panel": {
        "zh": "模型无法估计：其 {n} 名被评人的其他评分只有不带评价人工号的同事评分，模型无法使用；"
        "改为与同事平均分比较（见“上级与匿名同事评分的比较”）：上级 − 同事的差距与全公司平均相差 "
        "{effect:+pt}（95% 区间 {lo:+pt} 至 {hi:+pt}，{score_scale:unit}；{pairs} 对评分；{q:q}），"
        "{verdict:@panelverdict}；" + _CAVEAT_ZH,
        "en": "the rater model cannot estimate them: the other ratings of their {n} ratees are "
        "peer ratings with no rater id, which the model cannot use; compared with the peers' "
        "mean instead (see 'Managers against the peer panel'): manager minus peer "
        "{effect:+pt} beyond the company's mean gap (95% interval {lo:+pt} to {hi:+pt} "
        "{score_scale:unit}; {pairs} pairs of ratings; {q:q}), {verdict:@panelverdict}; "
        + _CAVEAT_EN,
    },
    "reason.own_ratees_peer_panel_few": {
        "zh": "模型无法估计：其 {n} 名被评人的其他评分只有不带评价人工号的同事评分，模型无法使用；"
        "同时有上级与同事评分的被评人少于 {min} 位，也无法与同事平均分比较",
        "en": "the rater model cannot estimate them: the other ratings of their {n} ratees are "
        "peer ratings with no rater id, which the model cannot use; fewer than {min} ratees "
        "have both a manager and a peer rating, too few to compare with the peers' mean either",
    },
    "panelverdict.lenient": {
        "zh": "判定为偏宽松（整个 95% 区间超出阈值）",
        "en": "lenient (the whole 95% interval beyond the threshold)",
    },
    "panelverdict.severe": {
        "zh": "判定为偏严格（整个 95% 区间超出阈值）",
        "en": "severe (the whole 95% interval beyond the threshold)",
    },
    "panelverdict.likely_lenient": {
        "zh": "判定为可能偏宽松（控制错误发现率后显著，但区间未整体超出阈值）",
        "en": "likely lenient (significant with the false discovery rate controlled, but the "
        "interval does not lie wholly beyond the threshold)",
    },
    "panelverdict.likely_severe": {
        "zh": "判定为可能偏严格（控制错误发现率后显著，但区间未整体超出阈值）",
        "en": "likely severe (significant with the false discovery rate controlled, but the "
        "interval does not lie wholly beyond the threshold)",
    },
    "panelverdict.clear": {
        "zh": "未发现实质性宽严",
        "en": "no material leniency or severity",
    },
    "status.too_few": {"zh": "数据太少", "en": "Too few to tell"},
    "column.gap_centre": {"zh": "全公司平均差距", "en": "Company mean gap"},
    "overview.headline_raters_panel": {
        "zh": "与匿名同事评分相比，{parts:clauses}（共比较 {all} 位上级；"
        "这是与同事平均分的比较，同事本身的宽严也会影响结果）",
        "en": "Against the anonymous peer panel, {parts:clauses} (of {all} managers compared; "
        "against the peers' mean, so the peers' own standard moves this too)",
    },
    "section.rater_panel": {"zh": "上级与同事评分比较", "en": "Managers vs peer panel"},
}
