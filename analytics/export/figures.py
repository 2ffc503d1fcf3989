"""Pure Plotly figure builders: tidy frame in, figure out; used by the pages and the HTML report.

Every statistical figure carries n and its interval (error bars or hover), and clickable marks
carry ``customdata`` with the id to drill into (unit, rater, employee, box).
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from analytics.findings.report import Findings
from analytics.stats.distributions import DEFAULT_GUIDELINE

__all__ = [
    "attribution_bars",
    "consistency_chart",
    "cycle_counts",
    "dumbbell",
    "empty",
    "guideline_bars",
    "heatmap",
    "inflation_chart",
    "kpi_driver_bars",
    "nine_box_grid",
    "person_history",
    "rater_effects_chart",
    "report_figures",
    "score_box",
    "unit_means",
    "waterfall",
]

COLORS = {
    "self": "#9aa5b1",
    "manager": "#1f77b4",
    "peer": "#2ca02c",
    "skip_level": "#9467bd",
    "subordinate": "#8c564b",
    "lenient": "#d62728",
    "severe": "#1f3a93",
    "central_tendency": "#ff7f0e",
    "halo": "#e377c2",
    "recency": "#17becf",
    "none": "#b8b8b8",
    "company": "#7f7f7f",
    "department": "#ff7f0e",
    "rater": "#9467bd",
    "individual": "#2ca02c",
}


def _zh(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


#: most unflagged raters drawn in a rater chart: with 200,000 raters every point (and its error
#: bar) would make a figure of tens of MB that the browser cannot draw; flagged raters are
#: always all drawn
MAX_CONTEXT_POINTS = 3000


def _thin(frame: pl.DataFrame, by: str, cap: int = MAX_CONTEXT_POINTS) -> pl.DataFrame:
    """At most about ``cap`` rows, evenly spaced in the order of ``by`` (then rater id), so the
    points keep the shape of the whole cloud; the same rows every time."""
    if frame.height <= cap:
        return frame
    step = -(-frame.height // cap)
    return frame.sort(by, "rater_id", nulls_last=True).gather_every(step)


def _legend(lang: str, name: str, shown: int, total: int) -> str:
    if shown == total:
        return f"{name} ({total})"
    return _zh(
        lang, f"{name}（显示 {shown:,} / {total:,}）", f"{name} ({shown:,} of {total:,} shown)"
    )


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, font=dict(size=15)),
        height=height,
        margin=dict(l=10, r=10, t=46, b=10),
        template="plotly_white",
        legend=dict(orientation="h", y=-0.18),
        font=dict(family="Noto Sans CJK SC, Microsoft YaHei, sans-serif"),
    )
    return fig


def empty(text: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, "", 200)


def cycle_counts(per_cycle: pl.DataFrame, lang: str) -> go.Figure:
    """Ratings (bars) and employees (line, right axis) per cycle."""
    x = per_cycle["cycle_id"].to_list()
    fig = go.Figure(
        go.Bar(
            x=x, y=per_cycle["ratings"].to_list(), name=_zh(lang, "评分数", "Ratings"), customdata=x
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=per_cycle["employees"].to_list(),
            name=_zh(lang, "员工数", "Employees"),
            yaxis="y2",
            mode="lines+markers",
        )
    )
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", showgrid=False))
    return _layout(fig, "", 360)


def unit_means(dist: pl.DataFrame, lang: str) -> go.Figure:
    """Mean score per unit with 95% CI (latest cycle in scope); bars carry the unit for drill-down."""
    last = dist.filter(pl.col("cycle_id") == dist["cycle_id"].max())
    last = last.sort("mean", descending=True, nulls_last=True)
    ok = last.filter(~pl.col("small_n"))
    fig = go.Figure(
        go.Bar(
            x=ok["unit"].to_list(),
            y=ok["mean"].to_list(),
            customdata=ok["unit"].to_list(),
            error_y=dict(
                type="data",
                array=(ok["mean_hi"] - ok["mean"]).to_list(),
                arrayminus=(ok["mean"] - ok["mean_lo"]).to_list(),
            ),
            text=[f"n={n}" for n in ok["n"].to_list()],
            textposition="inside",
            hovertemplate="%{x}<br>mean %{y:.3f}<br>%{text}<extra></extra>",
            marker_color="#1f77b4",
        )
    )
    cycle = last["cycle_id"][0] if last.height else ""
    return _layout(
        fig,
        _zh(
            lang,
            f"各单元平均分（{cycle}，95% 置信区间；点击柱子下钻）",
            f"Mean score per unit ({cycle}, 95% CI; click a bar to drill down)",
        ),
    )


def score_box(stats: pl.DataFrame, lang: str, min_n: int = 5) -> go.Figure:
    """Box per unit of employee scores (0-1) from precomputed statistics (the ``score_box``
    section: quartiles, mean, whiskers), n in the label; small units marked. Plotly draws the
    same boxes as from every person's score, but no score is sent to the browser (outlier
    points are not drawn): at 200,000 people that is the difference between a page and a wait."""
    fig = go.Figure()
    for row in stats.filter(pl.col("median").is_not_null()).iter_rows(named=True):
        n = row["n"]
        label = f"{row['unit']} (n={n}{'⚠' if n < min_n else ''})"
        fig.add_trace(
            go.Box(
                x=[label],
                name=label,
                q1=[row["q1"]],
                median=[row["median"]],
                q3=[row["q3"]],
                mean=[row["mean"]],
                lowerfence=[row["lowerfence"]],
                upperfence=[row["upperfence"]],
                boxmean=True,
                customdata=[row["unit"]],
                showlegend=False,
                marker_color="#1f77b4" if n >= min_n else "#bbbbbb",
            )
        )
    fig.update_yaxes(title=_zh(lang, "分数（0-1 标准化）", "score (0-1 normalised)"))
    return _layout(
        fig, _zh(lang, "各单元员工分数分布（框内 × 为均值）", "Employee scores per unit (× = mean)")
    )


def guideline_bars(
    grades: pl.DataFrame, lang: str, guideline: dict[str, float] | None = None
) -> go.Figure:
    """Actual grade shares per unit (bars with 95% CI) against the guideline (markers)."""
    guideline = guideline or DEFAULT_GUIDELINE
    fig = go.Figure()
    order = list(guideline)
    for unit in grades["unit"].unique(maintain_order=True).to_list():
        g = grades.filter(pl.col("unit") == unit)
        g = g.with_columns(pl.col("grade").cast(pl.Enum(order), strict=False)).sort("grade")
        n = int(g["n"][0]) if g.height else 0
        err_hi = (g["share_hi"] - g["share"]).to_list() if "share_hi" in g.columns else None
        err_lo = (g["share"] - g["share_lo"]).to_list() if "share_lo" in g.columns else None
        fig.add_trace(
            go.Bar(
                x=g["grade"].cast(pl.String).to_list(),
                y=g["share"].to_list(),
                name=f"{unit} (n={n})",
                customdata=[unit] * g.height,
                error_y=dict(
                    type="data", array=err_hi, arrayminus=err_lo, visible=err_hi is not None
                ),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=order,
            y=[guideline[k] for k in order],
            mode="markers+lines",
            name=_zh(lang, "强制分布指导", "guideline"),
            marker=dict(symbol="diamond", size=12, color="black"),
            line=dict(dash="dot", color="black"),
        )
    )
    fig.update_yaxes(tickformat=".0%", title=_zh(lang, "占比", "share"))
    fig.update_layout(barmode="group")
    return _layout(
        fig,
        _zh(
            lang,
            "等级占比与强制分布（误差线为 95% 置信区间）",
            "Grade shares vs guideline (error bars: 95% CI)",
        ),
    )


def heatmap(cells: pl.DataFrame, lang: str) -> go.Figure:
    """Mean score per unit × cycle as a grid of square markers (selectable, unlike a Plotly
    heatmap trace); cells with too few people are grey and show no mean."""
    units = cells["unit"].unique().sort().to_list()
    ok = cells.filter(~pl.col("small_n") & pl.col("mean").is_not_null())
    small = cells.filter(pl.col("small_n") | pl.col("mean").is_null())
    size = 24  # marker size *1.6 ≈ 38 px: fits the 44 px row pitch below
    fig = go.Figure(
        go.Scatter(
            x=ok["cycle_id"].to_list(),
            y=ok["unit"].to_list(),
            mode="markers+text",
            marker=dict(
                symbol="square",
                size=size * 1.6,
                color=ok["mean"].to_list(),
                colorscale="RdBu",
                showscale=True,
                colorbar=dict(title=_zh(lang, "均值", "mean")),
            ),
            text=[f"{m:.2f}" for m in ok["mean"].to_list()],
            textfont=dict(size=10),
            customdata=list(zip(ok["unit"].to_list(), ok["cycle_id"].to_list(), ok["n"].to_list())),
            hovertemplate="%{y} · %{x}<br>mean %{marker.color:.3f}<br>n=%{customdata[2]}<extra></extra>",
            name=_zh(lang, "平均分", "mean"),
        )
    )
    if small.height:
        fig.add_trace(
            go.Scatter(
                x=small["cycle_id"].to_list(),
                y=small["unit"].to_list(),
                mode="markers+text",
                marker=dict(symbol="square", size=size * 1.6, color="#dddddd"),
                text=["⚠"] * small.height,
                customdata=list(
                    zip(small["unit"].to_list(), small["cycle_id"].to_list(), small["n"].to_list())
                ),
                hovertemplate="%{y} · %{x}<br>n=%{customdata[2]} (too few)<extra></extra>",
                name=_zh(lang, "人数过少", "too few"),
                showlegend=False,
            )
        )
    fig.update_xaxes(type="category", categoryorder="category ascending")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=units[::-1])
    return _layout(
        fig,
        _zh(
            lang,
            "部门 × 周期 平均分（灰色 ⚠ 表示人数过少）",
            "Mean score, department × cycle (grey ⚠: too few people)",
        ),
        110 + 44 * max(len(units), 4),
    )


def inflation_chart(trend: pl.DataFrame, lang: str) -> go.Figure:
    """Mean per cycle with 95% CI, and the top-grade share on a second axis."""
    t = trend.sort("cycle_order")
    fig = go.Figure(
        go.Scatter(
            x=t["cycle_id"].to_list(),
            y=t["mean"].to_list(),
            mode="lines+markers",
            name=_zh(lang, "平均分", "mean score"),
            error_y=dict(
                type="data",
                array=(t["mean_hi"] - t["mean"]).to_list(),
                arrayminus=(t["mean"] - t["mean_lo"]).to_list(),
            ),
            customdata=t["n"].to_list(),
            hovertemplate="%{x}: %{y:.3f} (n=%{customdata})<extra></extra>",
        )
    )
    if "top_share" in t.columns:
        fig.add_trace(
            go.Scatter(
                x=t["cycle_id"].to_list(),
                y=t["top_share"].to_list(),
                yaxis="y2",
                mode="lines+markers",
                name=_zh(lang, "S+A 占比", "S+A share"),
                line=dict(dash="dot"),
            )
        )
        fig.update_layout(
            yaxis2=dict(overlaying="y", side="right", tickformat=".0%", showgrid=False)
        )
    return _layout(fig, _zh(lang, "分数膨胀趋势（95% 置信区间）", "Rating inflation (95% CI)"))


def rater_effects_chart(raters: pl.DataFrame, lang: str) -> go.Figure:
    """Effect with 95% CI against the number of ratings; flagged raters highlighted."""
    fig = go.Figure()
    r = raters.with_columns(pl.coalesce(pl.col("flag"), pl.lit("none")).alias("_f"))
    names = {
        "none": _zh(lang, "未标记", "not flagged"),
        "lenient": _zh(lang, "偏宽松", "lenient"),
        "severe": _zh(lang, "偏严格", "severe"),
    }
    for flag in ("none", "lenient", "severe"):
        g = r.filter(pl.col("_f") == flag)
        if g.height == 0:
            continue
        total = g.height
        if flag == "none":
            g = _thin(g, "n")
        fig.add_trace(
            go.Scatter(
                x=g["n"].to_list(),
                y=g["effect"].to_list(),
                mode="markers",
                name=_legend(lang, names[flag], g.height, total),
                marker=dict(
                    color=COLORS[flag],
                    size=7 if flag == "none" else 10,
                    opacity=0.45 if flag == "none" else 0.95,
                ),
                error_y=dict(
                    type="data",
                    array=(g["ci95_high"] - g["effect"]).to_list(),
                    arrayminus=(g["effect"] - g["ci95_low"]).to_list(),
                    thickness=1,
                    color=COLORS[flag],
                ),
                customdata=g["rater_id"].to_list(),
                hovertemplate="%{customdata}<br>n=%{x}<br>effect %{y:.3f}<extra></extra>",
            )
        )
    fig.add_hline(y=0, line=dict(color="#444", width=1))
    fig.update_xaxes(title=_zh(lang, "评分条数（对数）", "ratings (log)"), type="log")
    fig.update_yaxes(title=_zh(lang, "评分效应（0-1 分）", "rater effect (0-1 score)"))
    return _layout(
        fig, _zh(lang, "评价人宽严效应与 95% 置信区间", "Rater leniency/severity with 95% CI"), 420
    )


def consistency_chart(raters: pl.DataFrame, lang: str) -> go.Figure:
    """Central tendency (spread ratio) against halo (dimension-spread ratio); flags coloured."""
    r = raters.filter(pl.col("ct_ratio").is_not_null() & pl.col("halo_ratio").is_not_null())
    r = r.with_columns(
        pl.when(pl.col("flags").list.contains("halo"))
        .then(pl.lit("halo"))
        .when(pl.col("flags").list.contains("central_tendency"))
        .then(pl.lit("central_tendency"))
        .otherwise(pl.lit("none"))
        .alias("_f")
    )
    names = {
        "none": _zh(lang, "未标记", "not flagged"),
        "halo": _zh(lang, "光环效应", "halo"),
        "central_tendency": _zh(lang, "趋中倾向", "central tendency"),
    }
    fig = go.Figure()
    for flag in ("none", "central_tendency", "halo"):
        g = r.filter(pl.col("_f") == flag)
        if g.height:
            total = g.height
            if flag == "none":
                g = _thin(g, "ct_ratio")
            fig.add_trace(
                go.Scatter(
                    x=g["ct_ratio"].to_list(),
                    y=g["halo_ratio"].to_list(),
                    mode="markers",
                    name=_legend(lang, names[flag], g.height, total),
                    customdata=g["rater_id"].to_list(),
                    marker=dict(
                        color=COLORS[flag],
                        size=7 if flag == "none" else 11,
                        opacity=0.45 if flag == "none" else 0.95,
                    ),
                    hovertemplate="%{customdata}<br>spread ratio %{x:.2f}<br>halo ratio %{y:.2f}<extra></extra>",
                )
            )
    fig.add_vline(x=0.5, line=dict(dash="dot", color="#ff7f0e"))
    fig.add_hline(y=0.5, line=dict(dash="dot", color="#e377c2"))
    fig.update_xaxes(
        title=_zh(lang, "离散度比（评价人 / 其他评价人）", "spread ratio (rater / other raters)")
    )
    fig.update_yaxes(
        title=_zh(
            lang, "维度离散度比（评价人 / 公司基线）", "dimension-spread ratio (rater / baseline)"
        )
    )
    return _layout(
        fig,
        _zh(
            lang,
            "趋中倾向与光环效应（虚线为阈值 0.5）",
            "Central tendency and halo (dotted: 0.5 thresholds)",
        ),
        420,
    )


def dumbbell(sources: pl.DataFrame, lang: str, limit: int = 30) -> go.Figure:
    """Self / manager / peer (/ skip-level) means per employee, largest manager-peer gaps first."""
    s = sources.head(limit)
    ids = s["employee_id"].to_list()
    fig = go.Figure()
    for role in ("self", "manager", "peer", "skip_level"):
        if role in s.columns:
            fig.add_trace(
                go.Scatter(
                    x=s[role].to_list(),
                    y=ids,
                    mode="markers",
                    name=role,
                    marker=dict(color=COLORS[role], size=10),
                    customdata=ids,
                )
            )
    lo = s.select(pl.min_horizontal([c for c in ("self", "manager", "peer") if c in s.columns]))
    hi = s.select(pl.max_horizontal([c for c in ("self", "manager", "peer") if c in s.columns]))
    for y, a, b in zip(ids, lo.to_series().to_list(), hi.to_series().to_list()):
        fig.add_shape(
            type="line", x0=a, x1=b, y0=y, y1=y, line=dict(color="#ccc", width=3), layer="below"
        )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title=_zh(lang, "平均分（0-1）", "mean score (0-1)"))
    return _layout(
        fig, _zh(lang, "自评 / 上级 / 同事 分歧", "Self / manager / peer gaps"), 120 + 22 * len(ids)
    )


def attribution_bars(changes: pl.DataFrame, lang: str) -> go.Figure:
    """Mean contributions (company, department, rater, individual) per department and cycle pair."""
    agg = (
        changes.group_by("dept", "to_cycle")
        .agg(
            pl.len().alias("n"),
            *[pl.col(c).mean() for c in ("company", "department", "rater", "individual")],
        )
        .sort("dept", "to_cycle")
    )
    x = [agg["dept"].to_list(), agg["to_cycle"].to_list()]
    fig = go.Figure()
    names = {
        "company": _zh(lang, "公司整体", "company"),
        "department": _zh(lang, "部门环境", "department"),
        "rater": _zh(lang, "评价人变化", "rater"),
        "individual": _zh(lang, "个人", "individual"),
    }
    for comp in ("company", "department", "rater", "individual"):
        fig.add_trace(
            go.Bar(
                x=x,
                y=agg[comp].to_list(),
                name=names[comp],
                marker_color=COLORS[comp],
                customdata=agg["dept"].to_list(),
                hovertext=[f"n={n}" for n in agg["n"].to_list()],
            )
        )
    fig.update_yaxes(title=_zh(lang, "平均变动（0-1 分）", "mean change (0-1 score)"))
    fig = _layout(
        fig,
        _zh(
            lang,
            "各部门分数变动的来源（按结束周期）",
            "Where score changes come from, per department",
        ),
        480,
    )
    # the two-level category axis needs the room below it: legend goes above the plot
    fig.update_layout(
        barmode="relative",
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
        margin=dict(t=70, b=20),
    )
    fig.update_xaxes(tickfont=dict(size=10))
    return fig


def waterfall(row: dict, lang: str) -> go.Figure:
    """One employee's change split into company, department, rater and individual parts."""
    labels = [
        _zh(lang, "公司整体", "company"),
        _zh(lang, "部门环境", "department"),
        _zh(lang, "评价人变化", "rater"),
        _zh(lang, "个人", "individual"),
        _zh(lang, "总变动", "change"),
    ]
    vals = [row["company"], row["department"], row["rater"], row["individual"], row["change"]]
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=vals,
            measure=["relative"] * 4 + ["total"],
            text=[f"{v:+.3f}" for v in vals],
            textposition="outside",
        )
    )
    title = f"{row['employee_id']}: {row['from_cycle']} → {row['to_cycle']}"
    return _layout(fig, title, 340)


def nine_box_grid(counts: pl.DataFrame, lang: str) -> go.Figure:
    """3×3 grid of performance × potential with counts. Cells are layout rectangles shaded by
    count; a transparent marker at each centre makes the cell clickable (Plotly heatmap traces
    do not report selections)."""
    import plotly.colors as pc

    label_col = "box_label_zh" if lang == "zh" else "box_label_en"
    names = [_zh(lang, "低", "low"), _zh(lang, "中", "medium"), _zh(lang, "高", "high")]
    c = counts.sort("box")
    top = max(int(c["n"].max() or 0), 1)
    fig = go.Figure()
    for p, q, n in c.select("perf_band", "pot_band", "n").iter_rows():
        color = pc.sample_colorscale("Blues", [0.08 + 0.8 * n / top])[0]
        fig.add_shape(
            type="rect",
            x0=p - 0.48,
            x1=p + 0.48,
            y0=q - 0.48,
            y1=q + 0.48,
            fillcolor=color,
            line=dict(width=0),
            layer="below",
        )
    fig.add_trace(
        go.Scatter(
            x=c["perf_band"].to_list(),
            y=c["pot_band"].to_list(),
            mode="markers+text",
            marker=dict(symbol="square", size=60, color="rgba(0,0,0,0)"),
            text=[
                f"<b>{lab}</b><br>n={n} ({sh:.0%})"
                for lab, n, sh in zip(
                    c[label_col].to_list(), c["n"].to_list(), c["share"].to_list()
                )
            ],
            textfont=dict(size=12, color="#111"),
            customdata=c["box"].to_list(),
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    axis = dict(
        tickvals=[0, 1, 2], ticktext=names, range=[-0.5, 2.5], showgrid=False, zeroline=False
    )
    fig.update_xaxes(
        **axis,
        title=_zh(lang, "绩效（校正后，同群百分位）", "performance (adjusted, peer percentile)"),
    )
    fig.update_yaxes(**axis, title=_zh(lang, "潜力", "potential"))
    return _layout(
        fig, _zh(lang, "九宫格（点击格子查看名单）", "9-box (click a cell for the list)"), 440
    )


def person_history(ratings: pl.DataFrame, lang: str) -> go.Figure:
    """One person's mean score per cycle and source."""
    agg = (
        ratings.group_by("cycle_id", "cycle_order", "rater_role")
        .agg(pl.col("score").mean().alias("mean"), pl.len().alias("n"))
        .sort("cycle_order")
    )
    fig = go.Figure()
    for role in ("self", "manager", "peer", "skip_level", "subordinate"):
        g = agg.filter(pl.col("rater_role") == role)
        if g.height:
            fig.add_trace(
                go.Scatter(
                    x=g["cycle_id"].to_list(),
                    y=g["mean"].to_list(),
                    name=role,
                    mode="lines+markers",
                    marker_color=COLORS[role],
                    customdata=g["n"].to_list(),
                    hovertemplate="%{x}: %{y:.3f} (n=%{customdata})<extra></extra>",
                )
            )
    fig.update_yaxes(title=_zh(lang, "平均分（0-1）", "mean score (0-1)"))
    return _layout(fig, _zh(lang, "各周期按评价来源的平均分", "Mean score per cycle by source"))


def kpi_driver_bars(drivers: pl.DataFrame, lang: str) -> go.Figure:
    """Contribution of each weighted KPI to the change of weighted attainment."""
    d = drivers.sort("to_cycle")
    fig = go.Figure()
    for kpi in d["kpi"].unique().sort().to_list():
        g = d.filter(pl.col("kpi") == kpi)
        fig.add_trace(
            go.Bar(
                x=[g["dept"].to_list(), g["to_cycle"].to_list()],
                y=g["contribution"].to_list(),
                name=kpi,
            )
        )
    fig.update_layout(barmode="relative")
    fig.update_yaxes(
        title=_zh(lang, "对加权达成率变动的贡献", "contribution to change in weighted attainment")
    )
    return _layout(fig, _zh(lang, "KPI 驱动因素", "KPI drivers"), 420)


def report_figures(findings: Findings, lang: str) -> list[go.Figure]:
    """The key charts of the printable report."""
    s = findings.sections
    figs = []
    if "distribution" in s and s["distribution"].height:
        figs.append(
            heatmap(s["distribution"].select("unit", "cycle_id", "n", "mean", "small_n"), lang)
        )
    if "raters" in s and s["raters"].height:
        figs.append(rater_effects_chart(s["raters"], lang))
    if "nine_box_counts" in s and s["nine_box_counts"].height:
        figs.append(nine_box_grid(s["nine_box_counts"], lang))
    if "attribution" in s and s["attribution"].height:
        figs.append(attribution_bars(s["attribution"], lang))
    return figs
