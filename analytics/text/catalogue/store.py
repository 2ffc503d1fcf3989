"""Strings about the stored results (the notice while they are refreshed)."""

TEXT: dict[str, dict[str, str]] = {
    "store.refreshing": {
        "zh": "预计算结果正在后台更新：当前页面的数字为即时计算，可能稍慢。",
        "en": "Stored results are being refreshed in the background: the numbers on this page "
        "are computed now, which may be slower.",
    },
    "store.stale": {
        "zh": "预计算结果未能更新：页面数字为即时计算。",
        "en": "Stored results could not be refreshed: the numbers on this page are computed now.",
    },
    "store.refreshing_all_cycles": {
        "zh": "全周期模型正在后台更新：总览与每个单周期的结果已是最新；跨全部周期的数字为即时计算，"
        "可能稍慢。",
        "en": "The all-cycles models are being refreshed in the background: the overview and "
        "each single cycle are up to date; numbers over all cycles are computed now, which may "
        "be slower.",
    },
    "store.headlines_refreshing": {
        "zh": "全周期的要点正在后台更新，完成后显示于此；选择单个周期可立即查看该周期的要点。",
        "en": "The all-cycles headlines are being refreshed in the background and appear here "
        "when done; choose a single cycle to see its headlines now.",
    },
    "store.cli_materialising": {
        "zh": "正在预计算结果…",
        "en": "Pre-computing results…",
    },
    "store.cli_ready": {
        "zh": "看板首先显示的结果已存储（{seconds:.0f} 秒）：总览与每个单周期。",
        "en": "Stored what the dashboard shows first ({seconds:.0f} s): the overview and every "
        "single cycle.",
    },
    "store.cli_all_cycles": {
        "zh": "正在重算全周期模型与各部门结果。可按 Ctrl-C 中断：已存储的结果不受影响，"
        "其余由看板在后台完成。",
        "en": "Refitting the all-cycles models and the departments' results. Ctrl-C stops this "
        "without losing what is stored; the dashboard then finishes it in the background.",
    },
    "store.cli_done": {
        "zh": "全周期模型与各部门结果已更新（{seconds:.0f} 秒）。",
        "en": "The all-cycles models and the departments' results are refreshed ({seconds:.0f} s).",
    },
    "store.cli_interrupted": {
        "zh": "已中断：全周期模型与各部门结果未更新，看板会在后台重算；在此之前，"
        "跨全部周期的数字由看板即时计算。",
        "en": "Interrupted: the all-cycles models and the departments' results were not "
        "refreshed; the dashboard refits them in the background, and computes numbers over "
        "all cycles on demand until then.",
    },
}
