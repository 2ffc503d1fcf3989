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
}
