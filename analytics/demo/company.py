"""A deterministic demo enterprise: org chart, 360° reviews, KPIs, outcomes and appeals.

Why: the dashboard, the importer tests and the benchmark need realistic data whose answers
are *known*. Everything is drawn from one seed with NumPy and assembled with Polars (no Python
loop over employees or rating rows), so the same seed gives identical frames and 200,000
employees x 6 cycles (about 38 million rating rows) generate in well under a minute.
Planted effects (lenient and severe managers, central tendency, halo, recency, a sales
downturn, manager changes, rising stars and decliners) are recorded in
:attr:`DemoData.truth`, so every analysis can be checked against ground truth.
:func:`write_exports` writes the data the way real HR systems export it (GBK CSV wide by
dimension, long Parquet, multi-sheet xlsx); importing those files gives back these frames.

Latent model of one rating (normalised scale, before clipping to [0, 1])::

    x = 0.55 + performance (ability_i,c with a slow drift, plus monthly noise averaged
        over the quarter) + department effect + dimension effect + person x dimension
        profile + rater effect (non-self) or self inflation and self bias (self) + noise

Recency raters replace the quarter's performance by the ratee's last-month KPI attainment.
Ordinary rater effects are small and bounded (sd 0.01, |e| <= 0.02), so that every material
rater bias is a planted one. Scores are quantised the way the export writes them: 1-5 in
steps of 0.5 for every cycle but the last, 0-100 integers for the last one; ``score`` is
exactly what an importer computes from ``score_raw``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import polars as pl

from analytics import schema
from analytics.stats.apportion import largest_remainder

__all__ = [
    "CEO_ID",
    "DEPARTMENTS",
    "DIMENSIONS",
    "EXPORT_NAMES",
    "GRADES",
    "GRADE_SHARES",
    "MAPPING_NAME",
    "MIN_EMPLOYEES",
    "ROLE_LABELS_CN",
    "ROLE_WEIGHTS",
    "DemoData",
    "exports_folder",
    "generate",
    "workbook_sheets",
    "write_exports",
    "write_mapping",
]

# --------------------------------------------------------------------------------------------
# fixed vocabulary of the demo company
# --------------------------------------------------------------------------------------------

MIN_EMPLOYEES = 200  # below this the fixed org chart (8 x 2 x 2-4 teams) has empty teams
CEO_ID = "E000000"  # rates the department heads; outside the employee table (the board level)

#: (top-level department, headcount share, job family, two sub-departments)
DEPARTMENTS: tuple[tuple[str, float, str, tuple[str, str]], ...] = (
    ("销售中心", 0.22, "销售", ("华东区", "华南区")),
    ("研发中心", 0.22, "研发", ("平台研发部", "应用研发部")),
    ("客户服务中心", 0.16, "客服", ("热线服务部", "在线服务部")),
    ("产品中心", 0.10, "产品", ("产品规划部", "用户体验部")),
    ("运营中心", 0.10, "运营", ("业务运营部", "数据运营部")),
    ("市场部", 0.08, "市场", ("品牌推广部", "市场活动部")),
    ("财务部", 0.06, "职能", ("财务核算部", "资金管理部")),
    ("人力资源部", 0.06, "职能", ("招聘配置部", "薪酬绩效部")),
)
JOB_FAMILIES: tuple[str, ...] = ("销售", "研发", "客服", "市场", "产品", "运营", "职能")
SHOCK_DEPARTMENT = "销售中心"

LOCATIONS: tuple[str, ...] = ("北京", "上海", "深圳", "杭州", "成都")
_LOC_DEFAULT = (0.45, 0.25, 0.15, 0.10, 0.05)
_LOC_BY_SUB: dict[str, tuple[float, ...]] = {
    "华东区": (0.0, 0.6, 0.0, 0.4, 0.0),
    "华南区": (0.0, 0.0, 0.85, 0.0, 0.15),
    "平台研发部": (0.5, 0.0, 0.0, 0.3, 0.2),
    "应用研发部": (0.3, 0.0, 0.2, 0.2, 0.3),
    "热线服务部": (0.0, 0.0, 0.0, 0.3, 0.7),
    "在线服务部": (0.0, 0.0, 0.0, 0.4, 0.6),
}

DIMENSIONS: tuple[str, ...] = ("专业能力", "执行力", "沟通协作", "创新", "学习成长", "领导力")
_DIM_EFFECT = np.array([0.02, 0.03, 0.01, -0.04, 0.0, -0.03])

ROLES: tuple[str, ...] = ("self", "manager", "peer", "skip_level")
ROLE_LABELS_CN: dict[str, str] = {
    "self": "自评",
    "manager": "上级",
    "peer": "同事",
    "skip_level": "隔级",
}
#: weights of the rater roles in the final score (self counts 0); renormalised when absent
ROLE_WEIGHTS: dict[str, float] = {"self": 0.0, "manager": 0.6, "peer": 0.2, "skip_level": 0.2}

GRADES: tuple[str, ...] = ("S", "A", "B", "C", "D")
GRADE_SHARES: tuple[float, ...] = (0.10, 0.20, 0.50, 0.15, 0.05)
POTENTIALS: tuple[str, ...] = ("高", "中", "低")
POTENTIAL_SHARES: tuple[float, ...] = (0.15, 0.55, 0.30)

LEVELS: tuple[str, ...] = ("P1", "P2", "P3", "P4", "P5", "P6", "P7", "M1", "M2", "M3")
_LEVEL_TARGET_FACTOR = np.array([0.6, 0.75, 0.9, 1.0, 1.2, 1.4, 1.6, 2.0, 3.0, 4.0])

# KPI catalogue: 2 KPIs per family group (销售, 研发, 客服, other) with weight 0.6 / 0.4.
# name, base monthly target, decimals of the actual, cap of the actual, scales with level,
# sensitivity of attainment to latent performance, scale of the month-to-month noise
# (percentages near their ceiling move less than sales or counts)
_KPIS: tuple[tuple[str, float, int, float, bool, float, float], ...] = (
    ("销售额(万元)", 60.0, 1, np.inf, True, 1.2, 1.0),
    ("新客户数", 12.0, 0, np.inf, True, 1.0, 1.0),
    ("按期交付率", 88.0, 1, 100.0, False, 0.5, 0.35),
    ("创新提案数", 4.0, 0, np.inf, False, 1.0, 1.0),
    ("接听量", 900.0, 0, np.inf, False, 0.9, 0.8),
    ("客户满意度", 88.0, 1, 100.0, False, 0.4, 0.35),
    ("重点任务完成率", 100.0, 1, 150.0, False, 0.9, 1.0),
    ("流程改进数", 5.0, 0, np.inf, False, 1.0, 1.0),
)
_KPI_WEIGHTS = (0.6, 0.4)
_FAMILY_KPI_GROUP = {"销售": 0, "研发": 1, "客服": 2}  # every other family -> 3

_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
_GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华建文辉玲鹏飞宇浩婷雪琳晨欣怡佳子梓涵思雨博俊嘉一诗晓红海波宁慧颖凯斌亮鑫帆然轩睿泽瑞璐倩萌阳昊凡悦"
)
_CN_TEAM_NO = ("一", "二", "三", "四")

_COMMENTS: tuple[tuple[str, ...], ...] = (
    (
        "与预期有差距，需制定改进计划",
        "该维度表现偏弱，建议加强",
        "完成度不足，需要更多投入",
        "有明显提升空间",
    ),
    ("整体符合预期", "表现稳定，继续保持", "能够胜任当前工作", "基本达到要求，可进一步提升"),
    ("表现突出，超出预期", "是团队中的标杆", "成果显著，值得肯定", "主动担当，贡献突出"),
)
_APPEAL_REASONS: tuple[str, ...] = (
    "对绩效等级有异议，认为未充分考虑本季度项目贡献",
    "上级评价与实际工作表现不符",
    "KPI目标调整后未同步更新考核标准",
    "季度中调整了工作内容，考核未予考虑",
    "同事评价样本过少，结果不具代表性",
    "市场环境变化导致业绩下滑，非个人原因",
    "病假期间的工作量未被合理折算",
    "强制分布导致等级偏低，与实际贡献不符",
)
_APPEAL_STATUS: tuple[str, ...] = ("已受理", "已驳回", "已调整")
_APPEAL_STATUS_P = (0.2, 0.5, 0.3)

#: file names written by :func:`write_exports` ({last} = last cycle id)
EXPORT_NAMES: dict[str, str] = {
    "csv": "绩效评估_360明细.csv",
    "parquet": "reviews_{last}.parquet",
    "xlsx": "考核结果与KPI.xlsx",
}
#: the mapping written beside the exports: the last cycle's scales, declared (the company moved
#: from 1-5 to 0-100 in its last cycle, and a new cycle on another scale than the stored one is
#: refused unless declared)
MAPPING_NAME = "mapping.toml"
_XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit minus the header row

# model parameters (recorded in truth["params"])
_P: dict[str, float] = {
    "base": 0.55,
    "ability_sd": 0.10,
    "manager_ability_shift": 0.03,
    "ability_drift_sd": 0.02,
    "monthly_performance_sd": 0.05,
    "department_sd": 0.03,
    "sub_department_sd": 0.015,
    "profile_sd": 0.03,
    "rater_sd": 0.01,
    "rater_bound": 0.02,
    "self_inflation": 0.05,
    "self_bias_sd": 0.03,
    "noise_sd": 0.06,
    "lenient_shift": 0.10,
    "severe_shift": -0.10,
    "central_pull": 0.25,
    "halo_noise_sd": 0.01,
    "department_shock": -0.10,
    "sales_kpi_shock": -0.15,
    "rising_star_slope": 0.06,
    "decliner_slope": -0.05,
    "skip_level_share": 0.30,
    "appeal_rate_low_grades": 0.15,
    "calibrated_share": 0.90,
    "kpi_noise_sd": 0.22,
}

_IC, _TEAM_MGR, _SUB_MGR, _HEAD = 0, 1, 2, 3


@dataclass
class DemoData:
    """The generated company: canonical frames (see :mod:`analytics.schema`) plus ground truth.

    ``reviews`` holds one row per (cycle, employee, rater, dimension); ``truth`` lists every
    planted effect so analyses can be validated against it (it is JSON-serialisable).
    """

    employees: pl.DataFrame
    cycles: pl.DataFrame
    reviews: pl.DataFrame
    kpi_results: pl.DataFrame
    outcomes: pl.DataFrame
    appeals: pl.DataFrame
    truth: dict[str, Any] = field(default_factory=dict)
    #: gender and age band per person (``PERSON_GROUPS``, no cycle): drawn from a stream of
    #: their own, so the other frames are those of the same seed without them
    person_groups: pl.DataFrame = field(default_factory=schema.PERSON_GROUPS.empty)


# --------------------------------------------------------------------------------------------
# organisation
# --------------------------------------------------------------------------------------------


@dataclass
class _Org:
    """Structural arrays of the company (index = structural position, CEO = index n)."""

    n: int
    kind: np.ndarray  # _IC / _TEAM_MGR / _SUB_MGR / _HEAD
    dept: np.ndarray  # 0..7
    sub: np.ndarray  # 0..15 (global), -1 for department heads
    team: np.ndarray  # initial team (ICs and team managers), -1 otherwise
    team_sub: np.ndarray  # per team: global sub-department
    team_names: list[str]
    team_size: np.ndarray  # per team: number of ICs
    head_of_dept: np.ndarray  # per department: employee index
    mgr_of_sub: np.ndarray  # per sub-department: employee index
    team_mgr: np.ndarray  # (n_cycles, n_teams): manager of each team per cycle
    peer_group: np.ndarray  # per employee: peer-group id
    level: np.ndarray  # index into LEVELS
    hire_days: np.ndarray  # days since 1970-01-01
    location: np.ndarray  # index into LOCATIONS
    idnum: np.ndarray  # numeric part of the employee id, CEO = 0 at index n
    ids: pl.Series  # employee id strings, CEO last
    names: pl.Series


def _team_name(sub: str, k: int) -> str:
    stem = sub[:-1] if sub[-1] in "区部组" else sub
    return f"{stem}{_CN_TEAM_NO[k]}组"


class _Teams(NamedTuple):
    """Team sizes of the demo company: which sub-department each team is in, its IC count."""

    team_sub: np.ndarray
    team_size: np.ndarray
    team_names: list[str]
    n_ic: int


def _teams(n: int, rng: np.random.Generator) -> _Teams:
    """Stage 1 of :func:`_build_org`: departments -> sub-departments -> teams sized by the
    departments' shares, so that every team has at least three ICs."""
    n_dept = len(DEPARTMENTS)
    n_sub = 2 * n_dept
    shares = np.array([d[1] for d in DEPARTMENTS])
    split = np.clip(0.5 + rng.normal(0, 0.05, n_dept), 0.4, 0.6)
    teams_per_sub = rng.integers(2, 5, n_sub)
    min_team = 3
    for _ in range(10):  # teams depend on IC counts and vice versa; a few passes converge
        n_teams = int(teams_per_sub.sum())
        n_ic = n - n_dept - n_sub - n_teams
        floor_ic = 2 * 2 * min_team  # every sub-department can hold two minimal teams
        if n_ic < floor_ic * n_dept:
            raise ValueError(f"n_employees must be at least {MIN_EMPLOYEES}")
        dept_ic = (
            floor_ic
            + largest_remainder(
                np.array([n_ic - floor_ic * n_dept]), shares / shares.sum(), ties="position"
            )[0]
        )
        first = np.clip(
            np.round(dept_ic * split).astype(np.int64), 2 * min_team, dept_ic - 2 * min_team
        )
        sub_ic = np.stack([first, dept_ic - first], axis=1).reshape(-1)
        capped = np.minimum(teams_per_sub, sub_ic // min_team)
        if np.array_equal(capped, teams_per_sub):
            break
        teams_per_sub = capped

    team_sub = np.repeat(np.arange(n_sub), teams_per_sub)
    team_size = np.empty(n_teams, dtype=np.int64)
    team_names: list[str] = []
    pos = 0
    for s in range(n_sub):  # loop over sub-departments (16), not employees
        t = int(teams_per_sub[s])
        shares_t = rng.dirichlet(np.full(t, 4.0))
        team_size[pos : pos + t] = min_team + rng.multinomial(sub_ic[s] - min_team * t, shares_t)
        sub_name = DEPARTMENTS[s // 2][3][s % 2]
        team_names += [_team_name(sub_name, k) for k in range(t)]
        pos += t

    return _Teams(team_sub, team_size, team_names, n_ic)


def _attributes(
    kind: np.ndarray, sub: np.ndarray, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage 3 of :func:`_build_org`: hire days, level and location of each person."""
    n_dept, n_sub = len(DEPARTMENTS), 2 * len(DEPARTMENTS)
    # hire dates: heads earliest, ICs spread with more recent hires
    start = {
        _HEAD: (2010, 2016),
        _SUB_MGR: (2012, 2019),
        _TEAM_MGR: (2014, 2022),
        _IC: (2015, 2025),
    }
    lo = np.array([(date(start[k][0], 1, 1) - date(1970, 1, 1)).days for k in range(4)])
    hi = np.array([(date(start[k][1], 1, 1) - date(1970, 1, 1)).days for k in range(4)])
    u = rng.beta(1.3, 1.0, n)  # skewed towards recent hires
    hire_days = (lo[kind] + u * (hi[kind] - lo[kind])).astype(np.int64)
    tenure = ((date(2025, 1, 1) - date(1970, 1, 1)).days - hire_days) / 365.25
    ic_level = np.clip(np.round(1.6 + tenure / 2.2 + rng.normal(0, 0.8, n)), 1, 7) - 1
    level = np.select(
        [kind == _HEAD, kind == _SUB_MGR, kind == _TEAM_MGR], [9, 8, 7], ic_level
    ).astype(np.int64)

    loc_w = np.array(
        [_LOC_BY_SUB.get(DEPARTMENTS[s // 2][3][s % 2], _LOC_DEFAULT) for s in range(n_sub)]
    )
    loc_w = np.vstack([loc_w, np.array(_LOC_DEFAULT)])  # row n_sub: heads (HQ-biased)
    cum = np.cumsum(loc_w / loc_w.sum(axis=1, keepdims=True), axis=1)
    row = np.where(sub >= 0, sub, n_sub)
    location = np.minimum((rng.random(n)[:, None] > cum[row]).sum(axis=1), len(LOCATIONS) - 1)
    location[:n_dept] = 0  # department heads sit at HQ (北京)

    return hire_days, level, location


def _ids_and_names(
    n: int, hire_days: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, pl.Series, pl.Series]:
    """Stage 4 of :func:`_build_org`: employee ids in hire order (the CEO is E000000) and
    generated Chinese names."""
    # employee ids follow hire order (random tie-break), CEO is E000000
    order = np.lexsort((rng.random(n), hire_days))
    idnum = np.empty(n + 1, dtype=np.int64)
    idnum[order] = np.arange(1, n + 1)
    idnum[n] = 0
    width = max(6, len(str(n)))
    ids = (
        pl.select(pl.concat_str([pl.lit("E"), pl.Series(idnum).cast(pl.String).str.zfill(width)]))
        .to_series()
        .rename("employee_id")
    )

    surname = pl.Series(_SURNAMES).gather(rng.integers(0, len(_SURNAMES), n))
    g1 = pl.Series(_GIVEN).gather(rng.integers(0, len(_GIVEN), n))
    g2 = pl.Series(_GIVEN).gather(rng.integers(0, len(_GIVEN), n))
    two = pl.Series(rng.random(n) < 0.7)
    names = (
        pl.select(pl.concat_str([surname, g1, pl.when(two).then(g2).otherwise(pl.lit(""))]))
        .to_series()
        .rename("name")
    )

    return idnum, ids, names


def _build_org(n: int, n_cycles: int, rng: np.random.Generator) -> _Org:
    """Departments -> sub-departments -> teams, sized by share; ICs filled team by team. In
    stages (the random draws in the same order): teams, structure, attributes, ids."""
    n_dept = len(DEPARTMENTS)
    n_sub = 2 * n_dept
    team_sub, team_size, team_names, n_ic = _teams(n, rng)
    n_teams = len(team_size)

    # structural order: heads, sub-department managers, team managers, ICs (grouped by team)
    kind = np.concatenate(
        [
            np.full(n_dept, _HEAD),
            np.full(n_sub, _SUB_MGR),
            np.full(n_teams, _TEAM_MGR),
            np.full(n_ic, _IC),
        ]
    ).astype(np.int8)
    ic_team = np.repeat(np.arange(n_teams), team_size)
    team = np.concatenate([np.full(n_dept + n_sub, -1), np.arange(n_teams), ic_team])
    sub = np.concatenate([np.full(n_dept, -1), np.arange(n_sub), team_sub, team_sub[ic_team]])
    dept = np.where(sub >= 0, sub // 2, 0)
    dept[:n_dept] = np.arange(n_dept)
    head_of_dept = np.arange(n_dept)
    mgr_of_sub = n_dept + np.arange(n_sub)
    team_mgr0 = n_dept + n_sub + np.arange(n_teams)
    team_mgr = np.tile(team_mgr0, (n_cycles, 1))

    # peer groups: ICs -> own team; team managers -> team managers of the same department
    # (small departments pooled); sub-department managers; department heads
    tm_group = np.arange(n_dept) + n_teams
    tm_count = np.bincount(team_sub // 2, minlength=n_dept)
    small = tm_count < 3
    if small.any():
        tm_group[small] = n_teams + int(np.flatnonzero(small)[0])
        if tm_count[small].sum() < 3:
            tm_group[small] = n_teams + int(np.argmax(tm_count))
    peer_group = np.where(kind == _IC, team, 0)
    peer_group = np.where(kind == _TEAM_MGR, tm_group[dept], peer_group)
    peer_group = np.where(kind == _SUB_MGR, n_teams + n_dept, peer_group)
    peer_group = np.where(kind == _HEAD, n_teams + n_dept + 1, peer_group)

    hire_days, level, location = _attributes(kind, sub, n, rng)
    idnum, ids, names = _ids_and_names(n, hire_days, rng)

    return _Org(
        n=n,
        kind=kind,
        dept=dept,
        sub=sub,
        team=team,
        team_sub=team_sub,
        team_names=team_names,
        team_size=team_size,
        head_of_dept=head_of_dept,
        mgr_of_sub=mgr_of_sub,
        team_mgr=team_mgr,
        peer_group=peer_group,
        level=level,
        hire_days=hire_days,
        location=location,
        idnum=idnum,
        ids=ids,
        names=names,
    )


# --------------------------------------------------------------------------------------------
# planted truth: special raters and manager changes
# --------------------------------------------------------------------------------------------


def _plant_raters(org: _Org, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Choose disjoint sets of team managers with the rater biases to plant.

    Managers of teams with >= 5 ICs are preferred so each planted rater rates enough people;
    when there are too few, the largest remaining teams are used.
    """
    n_teams = len(org.team_names)
    perm = rng.permutation(n_teams)
    big = perm[org.team_size[perm] >= 5]
    small = perm[org.team_size[perm] < 5]
    pool = list(np.concatenate([big, small[np.argsort(-org.team_size[small], kind="stable")]]))
    n_recency = 2 if n_teams >= 30 else 1
    sizes = {"central_tendency": 2, "halo": 2, "recency": n_recency, "lenient": 8, "severe": 8}
    if sum(sizes.values()) > n_teams:
        raise ValueError("too few teams to plant the rater effects")
    # recency needs month-to-month KPI movement: prefer teams whose KPIs are not percentages
    # near a ceiling and that miss the sales shock (市场, 产品, 运营, 职能)
    family = [DEPARTMENTS[int(org.team_sub[t]) // 2][2] for t in range(n_teams)]
    moving = [t for t in pool if _FAMILY_KPI_GROUP.get(family[t], 3) == 3]
    out: dict[str, np.ndarray] = {}
    for name, k in sizes.items():
        if name == "recency" and len(moving) >= k:
            chosen = moving[:k]
        else:
            chosen = pool[:k]
        pool = [t for t in pool if t not in chosen]
        moving = [t for t in moving if t not in chosen]
        out[name] = org.team_mgr[0, np.array(chosen, dtype=np.int64)]
    return out


def _plant_manager_changes(
    org: _Org, n_cycles: int, planted: dict[str, np.ndarray], rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Swap the managers of three pairs of teams inside one sub-department each.

    One swap moves a lenient manager and one a severe manager into a new team, so a rater
    component shows in trend attribution for the receiving teams (and the teams they left).
    Returns records (team index, cycle index, old and new manager index) and updates
    ``org.team_mgr`` in place.
    """
    if n_cycles < 2:
        return []
    lenient, severe = set(planted["lenient"].tolist()), set(planted["severe"].tolist())
    special = set().union(*(set(v.tolist()) for v in planted.values()))
    mgr0 = org.team_mgr[0]
    n_teams = len(org.team_names)
    used: set[int] = set()
    used_subs: set[int] = set()
    changes: list[dict[str, Any]] = []
    later = np.arange(2, n_cycles + 1)
    cycles = rng.choice(later, size=3, replace=len(later) < 3)

    def partner(team: int) -> int | None:
        same = [
            t
            for t in rng.permutation(n_teams).tolist()
            if org.team_sub[t] == org.team_sub[team] and t != team and t not in used
        ]
        ordinary = [t for t in same if int(mgr0[t]) not in special]
        fallback = [t for t in same if int(mgr0[t]) not in lenient | severe]
        return (ordinary or fallback or [None])[0]

    team_of_mgr = {int(m): t for t, m in enumerate(mgr0)}
    seeds = [
        list(planted["lenient"]),
        list(planted["severe"]),
        [mgr0[t] for t in rng.permutation(n_teams) if int(mgr0[t]) not in special],
    ]
    for k, candidates in enumerate(seeds):
        for m in candidates:
            a = team_of_mgr[int(m)]
            if a in used or int(org.team_sub[a]) in used_subs:
                continue
            b = partner(a)
            if b is None:
                continue
            c = int(cycles[k]) - 1  # 0-based cycle index from which the new manager rates
            ma, mb = int(mgr0[a]), int(mgr0[b])
            org.team_mgr[c:, a] = mb
            org.team_mgr[c:, b] = ma
            changes.append({"team": b, "cycle": c, "old": mb, "new": ma})
            changes.append({"team": a, "cycle": c, "old": ma, "new": mb})
            used |= {a, b}
            used_subs.add(int(org.team_sub[a]))
            break
    return changes


# --------------------------------------------------------------------------------------------
# per-cycle machinery
# --------------------------------------------------------------------------------------------


def _sample_peers(org: _Org, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """2-4 distinct peers per employee from their peer group, never themselves.

    Members of a group are contiguous after sorting; offsets 1..size-1 drawn without
    replacement (sequential rank trick, vectorised over employees) map to other members.
    Returns (rater index array (n, 4), validity mask (n, 4)).
    """
    n = org.n
    order = np.argsort(org.peer_group, kind="stable")
    g = org.peer_group[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, n])
    grp_of = np.repeat(np.arange(len(starts)), sizes)
    pos_sorted = np.arange(n) - starts[grp_of]
    size = np.empty(n, dtype=np.int64)
    pos = np.empty(n, dtype=np.int64)
    start = np.empty(n, dtype=np.int64)
    size[order], pos[order], start[order] = sizes[grp_of], pos_sorted, starts[grp_of]
    m = size - 1  # candidates
    k = np.minimum(rng.integers(2, 5, n), m)
    chosen = np.zeros((n, 0), dtype=np.int64)  # picks so far, sorted per row
    drawn = []  # picks in draw order: the first k form a uniform random subset
    for j in range(4):  # loop over peer slots, vectorised over employees
        r = np.floor(rng.random(n) * np.maximum(m - j, 1)).astype(np.int64)
        for col in range(j):  # skip over earlier picks, in ascending order
            r += r >= chosen[:, col]
        drawn.append(r)
        chosen = np.sort(np.column_stack([chosen, r]), axis=1)
    picks = np.column_stack(drawn)
    valid = np.arange(4)[None, :] < k[:, None]  # slots j >= m are never kept (k <= m)
    peers = order[start[:, None] + (pos[:, None] + picks + 1) % size[:, None]]
    return peers, valid


@dataclass
class _CycleOut:
    reviews: pl.DataFrame
    kpi: pl.DataFrame
    outcomes: pl.DataFrame
    appeals: pl.DataFrame


def _quarter_months(cycle_start: date) -> list[str]:
    return [f"{cycle_start.year}-{cycle_start.month + k:02d}" for k in range(3)]


def _cycle_table(n_cycles: int) -> pl.DataFrame:
    """Quarterly cycles from 2025Q1 on."""
    rows = []
    for k in range(n_cycles):
        year, q = 2025 + k // 4, k % 4 + 1
        start = date(year, 3 * q - 2, 1)
        end_month = 3 * q
        end = date(year + (end_month == 12), end_month % 12 + 1, 1)
        end = date.fromordinal(end.toordinal() - 1)
        rows.append(
            {
                "cycle_id": f"{year}Q{q}",
                "label": f"{year}Q{q}",
                "cadence": "quarterly",
                "start": start,
                "end": end,
                "ordering": k + 1,
            }
        )
    return schema.CYCLES.conform(pl.DataFrame(rows))


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------


def generate(n_employees: int = 2000, n_cycles: int = 6, seed: int = 7) -> DemoData:
    """Generate the demo company deterministically from ``seed``.

    Parameters
    ----------
    n_employees : number of employees (>= 200); the org chart (8 departments x 2
        sub-departments x 2-4 teams) is fixed, so larger companies have larger teams.
    n_cycles : number of quarterly review cycles from 2025Q1.
    seed : the only source of randomness; the same seed gives identical frames.

    Returns
    -------
    DemoData with schema-conforming frames and the planted ``truth``.
    """
    if n_employees < MIN_EMPLOYEES:
        raise ValueError(f"n_employees must be at least {MIN_EMPLOYEES}")
    if n_cycles < 1:
        raise ValueError("n_cycles must be at least 1")
    n = int(n_employees)
    # independent streams per stage, so adding a draw in one stage leaves the others intact
    rng_org, rng_plant, rng_people = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3)
    )
    cycle_rngs = [
        np.random.default_rng(s) for s in np.random.SeedSequence([seed, 1]).spawn(n_cycles)
    ]

    org = _build_org(n, n_cycles, rng_org)
    planted = _plant_raters(org, rng_plant)
    changes = _plant_manager_changes(org, n_cycles, planted, rng_plant)
    cycles = _cycle_table(n_cycles)
    cycle_ids = cycles["cycle_id"].to_list()
    shock_cycle = 3 if n_cycles >= 4 else None  # 0-based index of cycle 4

    people = _people(org, planted, n, n_cycles, rng_plant, rng_people)
    w = _World(n, n_cycles, shock_cycle, org, planted, cycles, **people, **_lookups(org, n))
    outs = [_one_cycle(w, c, cycle_rngs[c]) for c in range(n_cycles)]  # vectorised inside
    stars, decliners, by_id = w.stars, w.decliners, w.by_id
    employees = _employees_frame(org, by_id)
    demo = DemoData(
        employees=employees,
        cycles=cycles,
        reviews=pl.concat([o.reviews for o in outs], rechunk=False),
        kpi_results=pl.concat([o.kpi for o in outs], rechunk=False),
        outcomes=pl.concat([o.outcomes for o in outs], rechunk=False),
        appeals=pl.concat([o.appeals for o in outs], rechunk=False),
    )
    demo.person_groups = _person_groups(employees, seed)
    demo.truth = _truth(
        org, planted, changes, stars, decliners, cycle_ids, shock_cycle, demo, n, n_cycles, seed
    )
    return demo


@dataclass
class _World:
    """Everything fixed before the cycles are drawn: the org, the planted effects, the
    people's ability paths and biases, and the KPI and frame lookups."""

    n: int
    n_cycles: int
    shock_cycle: int | None
    org: _Org
    planted: dict[str, np.ndarray]
    cycles: pl.DataFrame
    # people: ability paths (cycles x people), planted trajectories, biases
    stars: np.ndarray
    decliners: np.ndarray
    ability: np.ndarray
    unit_eff: np.ndarray
    profile: np.ndarray
    self_bias: np.ndarray
    rater_eff: np.ndarray
    has_skip: np.ndarray
    calib_draw: np.ndarray
    special: np.ndarray
    # KPI and frame lookups
    kidx: np.ndarray
    kpi_dec: np.ndarray
    kpi_cap: np.ndarray
    kpi_sens: np.ndarray
    kpi_noise: np.ndarray
    kpi_w: np.ndarray
    sens_w: np.ndarray
    target: np.ndarray
    by_id: np.ndarray
    in_sales: np.ndarray


def _people(
    org: _Org,
    planted: dict[str, np.ndarray],
    n: int,
    n_cycles: int,
    rng_plant: np.random.Generator,
    rng_people: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Ability paths with the planted rising stars and decliners, unit effects, dimension
    profiles, self and rater biases (the planted raters' effects included)."""
    P = _P
    ic_idx = np.flatnonzero(org.kind == _IC)
    pick = rng_plant.choice(ic_idx, size=min(25, len(ic_idx)), replace=False)
    stars, decliners = np.sort(pick[:15]), np.sort(pick[15:25])
    ability0 = rng_people.normal(0, P["ability_sd"], n)
    ability0 += np.where(org.kind != _IC, P["manager_ability_shift"], 0.0)
    ability0[stars] = rng_people.normal(0.04, 0.02, len(stars))  # around (just above) average
    ability0[decliners] = rng_people.normal(0.05, 0.03, len(decliners))
    drift = rng_people.normal(0, P["ability_drift_sd"], (n_cycles, n))
    drift[0] = 0
    ability = ability0[None, :] + np.cumsum(drift, axis=0)
    steps = np.arange(n_cycles)[:, None]
    ability[:, stars] += P["rising_star_slope"] * steps
    ability[:, decliners] += P["decliner_slope"] * steps

    dept_eff = rng_people.normal(0, P["department_sd"], len(DEPARTMENTS))
    sub_eff = rng_people.normal(0, P["sub_department_sd"], 2 * len(DEPARTMENTS))
    unit_eff = dept_eff[org.dept] + np.where(org.sub >= 0, sub_eff[np.maximum(org.sub, 0)], 0.0)
    profile = rng_people.normal(0, P["profile_sd"], (n, len(DIMENSIONS)))
    self_bias = rng_people.normal(0, P["self_bias_sd"], n)
    # ordinary raters: small effects, truncated so that every material rater effect is planted
    # (and listed in truth); central/halo/recency raters get none, so their bias is pure
    rater_eff = _truncated_normal(rng_people, P["rater_sd"], P["rater_bound"], n + 1)  # n = CEO
    for key in ("central_tendency", "halo", "recency"):
        rater_eff[planted[key]] = 0.0
    rater_eff[planted["lenient"]] += P["lenient_shift"]
    rater_eff[planted["severe"]] += P["severe_shift"]
    has_skip = rng_people.random(n) < P["skip_level_share"]
    calib_draw = rng_people.random((n_cycles, n))
    special = np.zeros(n + 1, dtype=np.int8)  # 1 central, 2 halo, 3 recency
    special[planted["central_tendency"]] = 1
    special[planted["halo"]] = 2
    special[planted["recency"]] = 3

    return {
        "stars": stars,
        "decliners": decliners,
        "ability": ability,
        "unit_eff": unit_eff,
        "profile": profile,
        "self_bias": self_bias,
        "rater_eff": rater_eff,
        "has_skip": has_skip,
        "calib_draw": calib_draw,
        "special": special,
    }


def _lookups(org: _Org, n: int) -> dict[str, np.ndarray]:
    """Per-employee KPI assignments and targets, employee rows in id order, the sales unit."""
    P = _P
    fam_of_dept = np.array([JOB_FAMILIES.index(d[2]) for d in DEPARTMENTS])
    family = fam_of_dept[org.dept]
    kpi_group = np.array([_FAMILY_KPI_GROUP.get(f, 3) for f in JOB_FAMILIES])[family]
    kidx = kpi_group[:, None] * 2 + np.arange(2)[None, :]  # (n, 2)
    kpi_base = np.array([k[1] for k in _KPIS])
    kpi_dec = np.array([k[2] for k in _KPIS])
    kpi_cap = np.array([k[3] for k in _KPIS])
    kpi_scaled = np.array([k[4] for k in _KPIS])
    kpi_sens = np.array([k[5] for k in _KPIS])
    kpi_noise = np.array([k[6] for k in _KPIS]) * P["kpi_noise_sd"]
    kpi_w = np.array(_KPI_WEIGHTS)
    sens_w = (kpi_sens[kidx] * kpi_w).sum(axis=1)  # attainment change per unit performance
    factor = np.where(kpi_scaled[kidx], _LEVEL_TARGET_FACTOR[org.level][:, None], 1.0)
    target = _round_to(kpi_base[kidx] * factor, kpi_dec[kidx])
    by_id = np.argsort(org.idnum[:n], kind="stable")  # employee rows in id order
    in_sales = org.dept == [d[0] for d in DEPARTMENTS].index(SHOCK_DEPARTMENT)
    return {
        "kidx": kidx,
        "kpi_dec": kpi_dec,
        "kpi_cap": kpi_cap,
        "kpi_sens": kpi_sens,
        "kpi_noise": kpi_noise,
        "kpi_w": kpi_w,
        "sens_w": sens_w,
        "target": target,
        "by_id": by_id,
        "in_sales": in_sales,
    }


def _one_cycle(w: _World, c: int, rng: np.random.Generator) -> _CycleOut:
    """One review cycle's frames; ``rng`` is the cycle's own stream, drawn in a fixed order."""
    n, P = w.n, _P
    cyc = w.cycles.row(c, named=True)
    last = c == w.n_cycles - 1
    eta = rng.normal(0, P["monthly_performance_sd"], (n, 3))
    perf_month = w.ability[c][:, None] + eta
    perf_q = perf_month.mean(axis=1)
    kpi, recent_signal = _cycle_kpis(w, c, cyc, rng, perf_month)
    ratee, rater, role = _cycle_pairs(w, c, rng)
    x = _cycle_scores(w, c, rng, ratee, rater, role, perf_q, recent_signal)
    reviews, score = _cycle_reviews(w, cyc, rng, last, x, ratee, rater, role)
    outcomes, grade = _cycle_outcomes(w, c, cyc, rng, last, score, ratee, role)
    appeals = _cycle_appeals(w, cyc, rng, grade)
    return _CycleOut(reviews, kpi, outcomes, appeals)


def _cycle_kpis(
    w: _World, c: int, cyc: dict, rng: np.random.Generator, perf_month: np.ndarray
) -> tuple[pl.DataFrame, np.ndarray]:
    """KPI results (employee x KPI x month), and what a recency rater sees: last month's
    weighted attainment in performance units."""
    n, P, org = w.n, _P, w.org
    kidx, target, kpi_dec, kpi_cap = w.kidx, w.target, w.kpi_dec, w.kpi_cap
    kpi_sens, kpi_noise, kpi_w, sens_w = w.kpi_sens, w.kpi_noise, w.kpi_w, w.sens_w
    by_id, in_sales = w.by_id, w.in_sales
    kpi_shock = P["sales_kpi_shock"] if c == w.shock_cycle else 0.0
    lat = (
        1.0
        + kpi_sens[kidx][:, :, None] * perf_month[:, None, :]
        + rng.normal(0, 1, (n, 2, 3)) * kpi_noise[kidx][:, :, None]
        + np.where(in_sales, kpi_shock, 0.0)[:, None, None]
    )
    actual = np.minimum(np.maximum(target[:, :, None] * lat, 0.0), kpi_cap[kidx][:, :, None])
    actual = _round_to(actual, kpi_dec[kidx][:, :, None])
    tgt3 = np.broadcast_to(target[:, :, None], actual.shape)
    o = by_id
    kp = pl.DataFrame(
        {
            "cycle_id": pl.repeat(cyc["cycle_id"], n * 6, eager=True),
            "employee_id": org.ids.gather(pl.Series(np.repeat(o, 6), dtype=pl.UInt32)),
            "kpi": pl.Series([k[0] for k in _KPIS]).gather(
                pl.Series(np.repeat(kidx[o], 3, axis=1).ravel(), dtype=pl.UInt32)
            ),
            "period": pl.Series(_quarter_months(cyc["start"])).gather(
                pl.Series(np.tile(np.arange(3, dtype=np.uint32), n * 2))
            ),
            "target": tgt3[o].ravel(),
            "actual": actual[o].ravel(),
            "weight": np.tile(np.repeat(np.array(_KPI_WEIGHTS), 3), n),
        }
    ).with_columns(attainment=pl.col("actual") / pl.col("target"))
    kpi = schema.KPI_RESULTS.conform(kp)
    # what a recency rater sees: last month's weighted attainment, in performance units
    att_month = ((actual / tgt3) * kpi_w[None, :, None]).sum(axis=1)
    recent_signal = (att_month[:, 2] - 1.0) / sens_w

    return kpi, recent_signal


def _cycle_pairs(
    w: _World, c: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who rates whom this cycle (self, manager, peers, skip-level), sorted by ratee."""
    n, org, has_skip = w.n, w.org, w.has_skip
    # managers this cycle
    mgr = np.full(n, n, dtype=np.int64)  # heads -> CEO
    mgr = np.where(org.kind == _SUB_MGR, org.head_of_dept[org.dept], mgr)
    team_now = np.where(org.kind == _TEAM_MGR, -1, org.team)
    mgr = np.where(org.kind == _TEAM_MGR, org.mgr_of_sub[np.maximum(org.sub, 0)], mgr)
    mgr = np.where(org.kind == _IC, org.team_mgr[c][np.maximum(team_now, 0)], mgr)
    mgr_ext = np.r_[mgr, -1]
    skip = np.where(mgr < n, mgr_ext[np.minimum(mgr, n)], -1)
    skip = np.where(has_skip & (skip >= 0) & (skip < n), skip, -1)

    peers, pvalid = _sample_peers(org, rng)
    everyone = np.arange(n)
    ratee = np.concatenate(
        [everyone, everyone, np.repeat(everyone, 4)[pvalid.ravel()], everyone[skip >= 0]]
    )
    rater = np.concatenate([everyone, mgr, peers.ravel()[pvalid.ravel()], skip[skip >= 0]])
    role = np.concatenate(
        [
            np.zeros(n),
            np.ones(n),
            np.full(int(pvalid.sum()), 2),
            np.full(int((skip >= 0).sum()), 3),
        ]
    ).astype(np.int64)
    srt = np.lexsort((org.idnum[rater], role, org.idnum[ratee]))
    ratee, rater, role = ratee[srt], rater[srt], role[srt]
    return ratee, rater, role


def _cycle_scores(
    w: _World,
    c: int,
    rng: np.random.Generator,
    ratee: np.ndarray,
    rater: np.ndarray,
    role: np.ndarray,
    perf_q: np.ndarray,
    recent_signal: np.ndarray,
) -> np.ndarray:
    """Latent scores (pairs x dimensions, 0-1) with the planted rater behaviours."""
    P, planted, special, in_sales = _P, w.planted, w.special, w.in_sales
    self_bias, rater_eff, unit_eff, profile = w.self_bias, w.rater_eff, w.unit_eff, w.profile
    # latent scores (pairs x dimensions)
    is_self = role == 0
    perf = np.where((role == 1) & (special[rater] == 3), recent_signal[ratee], perf_q[ratee])
    shift = np.where(is_self, P["self_inflation"] + self_bias[ratee], rater_eff[rater])
    if c == w.shock_cycle:
        shift = shift + np.where(in_sales[ratee], P["department_shock"], 0.0)
    x = (P["base"] + perf + unit_eff[ratee] + shift)[:, None] + _DIM_EFFECT[None, :]
    x += profile[ratee]
    x += rng.normal(0, P["noise_sd"], x.shape)
    for r in planted["central_tendency"]:  # two raters: pull to their own mean
        rows = np.flatnonzero((rater == r) & ~is_self)
        if len(rows):
            m = x[rows].mean()
            x[rows] = m + P["central_pull"] * (x[rows] - m)
    halo_rows = np.flatnonzero((special[rater] == 2) & ~is_self)
    x[halo_rows] = x[halo_rows].mean(axis=1, keepdims=True) + rng.normal(
        0, P["halo_noise_sd"], (len(halo_rows), len(DIMENSIONS))
    )
    x = np.clip(x, 0.0, 1.0)

    return x


def _cycle_reviews(
    w: _World,
    cyc: dict,
    rng: np.random.Generator,
    last: bool,
    x: np.ndarray,
    ratee: np.ndarray,
    rater: np.ndarray,
    role: np.ndarray,
) -> tuple[pl.DataFrame, np.ndarray]:
    """The reviews frame (row = pair x dimension) on the cycle's scale (the last cycle on
    0-100 with comments and submission times), and the scores as an importer reads them."""
    org, n_pairs = w.org, len(ratee)
    if last:
        code = np.rint(100 * x).astype(np.int64)
        score = code / 100.0
        labels, scale = [str(v) for v in range(101)], "0-100"
    else:
        code = np.rint(8 * x).astype(np.int64)  # raw = 1 + code / 2
        score = code / 8.0
        labels = [f"{1 + v / 2:g}" for v in range(9)]
        scale = "1-5"

    # ---- reviews frame (row = pair x dimension) -------------------------------------
    n_dim = len(DIMENSIONS)
    rows_pair = np.repeat(np.arange(n_pairs), n_dim)
    comment = submitted = None
    if last:
        band = np.digitize(score, [0.45, 0.70])
        cidx = band * 4 + rng.integers(0, 4, score.shape)
        cidx = np.where(rng.random(score.shape) < 0.25, -1, cidx).ravel()
        flat_comments = pl.Series([t for b in _COMMENTS for t in b], dtype=pl.String)
        comment = pl.select(
            pl.when(pl.Series(cidx) >= 0)
            .then(flat_comments.gather(pl.Series(np.maximum(cidx, 0))))
            .otherwise(None)
        ).to_series()
        end_us = np.datetime64(cyc["end"], "us")
        offs = (
            rng.integers(1, 16, n_pairs).astype(np.int64) * 86_400
            + rng.integers(9 * 3600, 22 * 3600, n_pairs)
        ) * 1_000_000
        submitted = pl.Series((end_us + offs.astype("timedelta64[us]"))[rows_pair])
    reviews = pl.DataFrame(
        {
            "cycle_id": pl.repeat(cyc["cycle_id"], n_pairs * n_dim, eager=True),
            "employee_id": org.ids.gather(pl.Series(ratee[rows_pair], dtype=pl.UInt32)),
            "rater_id": org.ids.gather(pl.Series(rater[rows_pair], dtype=pl.UInt32)),
            "rater_role": pl.Series(ROLES).gather(pl.Series(role[rows_pair], dtype=pl.UInt32)),
            "dimension": pl.Series(DIMENSIONS).gather(
                pl.Series(np.tile(np.arange(n_dim, dtype=np.uint32), n_pairs))
            ),
            "score_raw": pl.Series(labels).gather(pl.Series(code.ravel(), dtype=pl.UInt32)),
            "score": score.ravel(),
            "scale": pl.repeat(scale, n_pairs * n_dim, eager=True),
        }
    )
    if last:
        reviews = reviews.with_columns(comment=comment, submitted_at=submitted)
    reviews = schema.REVIEWS.conform(reviews)

    return reviews, score


def _cycle_outcomes(
    w: _World,
    c: int,
    cyc: dict,
    rng: np.random.Generator,
    last: bool,
    score: np.ndarray,
    ratee: np.ndarray,
    role: np.ndarray,
) -> tuple[pl.DataFrame, np.ndarray]:
    """Final scores, forced-distribution grades and potential ratings, and the grades."""
    n, P, org, ability, by_id = w.n, _P, w.org, w.ability, w.by_id
    is_self = role == 0
    # ---- outcomes ----------------------------------------------------------------
    pair_mean = score.mean(axis=1)
    total = np.zeros(n)
    wsum = np.zeros(n)
    for code_r, name in enumerate(ROLES):  # loop over roles
        sel = role == code_r
        weight = ROLE_WEIGHTS[name]
        if weight == 0:
            continue
        s = np.bincount(ratee[sel], weights=pair_mean[sel], minlength=n)
        cnt = np.bincount(ratee[sel], minlength=n)
        present = cnt > 0
        total += np.where(present, weight * s / np.maximum(cnt, 1), 0.0)
        wsum += np.where(present, weight, 0.0)
    final = total / wsum
    if last:
        final_raw = np.round(100 * final, 1)
        final = final_raw / 100
    else:
        final_raw = np.round(1 + 4 * final, 2)
        final = (final_raw - 1) / 4
    ranking = np.lexsort((rng.random(n), -final))
    grade = np.empty(n, dtype=np.int64)
    cuts = np.round(np.cumsum(GRADE_SHARES)[:-1] * n).astype(np.int64)
    grade[ranking] = np.searchsorted(cuts, np.arange(n), side="right")
    nonself = ~is_self
    growth = score[:, 4:6].mean(axis=1)
    g_sum = np.bincount(ratee[nonself], weights=growth[nonself], minlength=n)
    g_cnt = np.bincount(ratee[nonself], minlength=n)
    growth_i = g_sum / np.maximum(g_cnt, 1)
    trend = ability[c] - ability[max(c - 2, 0)]
    # potential is about growth: trend and the learning/leadership dimensions dominate
    pot = 0.4 * _z(growth_i) + 1.0 * _z(trend) + 0.2 * _z(ability[c]) + 0.5 * rng.normal(0, 1, n)
    pot_rank = np.empty(n, dtype=np.int64)
    pot_rank[np.argsort(-pot, kind="stable")] = np.arange(n)
    potential = np.searchsorted(np.round(np.cumsum(POTENTIAL_SHARES)[:-1] * n), pot_rank, "right")
    calibrated = w.calib_draw[c] < P["calibrated_share"]
    oc = pl.DataFrame(
        {
            "cycle_id": pl.repeat(cyc["cycle_id"], n, eager=True),
            "employee_id": org.ids.gather(pl.Series(by_id, dtype=pl.UInt32)),
            "final_score_raw": pl.Series(final_raw[by_id]),
            "final_score": final[by_id],
            "grade": pl.Series(GRADES).gather(pl.Series(grade[by_id], dtype=pl.UInt32)),
            "potential": pl.Series(POTENTIALS).gather(pl.Series(potential[by_id], dtype=pl.UInt32)),
            "calibrated": calibrated[by_id],
        }
    )
    decimals = 1 if last else 2
    oc = oc.with_columns(final_score_raw=_fmt_score(pl.col("final_score_raw"), decimals))
    outcomes = schema.OUTCOMES.conform(oc)

    return outcomes, grade


def _cycle_appeals(
    w: _World, cyc: dict, rng: np.random.Generator, grade: np.ndarray
) -> pl.DataFrame:
    """Appeals filed by some of the people with the lowest grades."""
    n, P, org, by_id = w.n, _P, w.org, w.by_id
    # ---- appeals -------------------------------------------------------------------
    low = (grade >= 3) & (rng.random(n) < P["appeal_rate_low_grades"])
    who = by_id[low[by_id]]
    n_app = len(who)
    status = rng.choice(len(_APPEAL_STATUS), size=n_app, p=_APPEAL_STATUS_P)
    g_before = grade[who]
    g_after = np.where(status == 2, g_before - 1, g_before)
    filed = np.datetime64(cyc["end"], "D") + rng.integers(5, 26, n_app).astype("timedelta64[D]")
    ap = pl.DataFrame(
        {
            "cycle_id": pl.repeat(cyc["cycle_id"], n_app, eager=True),
            "employee_id": org.ids.gather(pl.Series(who, dtype=pl.UInt32)),
            "filed_at": pl.Series(filed, dtype=pl.Date),
            "reason": pl.Series(_APPEAL_REASONS).gather(
                pl.Series(rng.integers(0, len(_APPEAL_REASONS), n_app), dtype=pl.UInt32)
            ),
            "status": pl.Series(_APPEAL_STATUS).gather(pl.Series(status, dtype=pl.UInt32)),
            "grade_before": pl.Series(GRADES).gather(pl.Series(g_before, dtype=pl.UInt32)),
            "grade_after": pl.Series(GRADES).gather(pl.Series(g_after, dtype=pl.UInt32)),
        }
    ).with_columns(
        grade_after=pl.when(pl.col("status") == "已受理")
        .then(None)
        .otherwise(pl.col("grade_after"))
    )
    appeals = schema.APPEALS.conform(ap)

    return appeals


def _truncated_normal(rng: np.random.Generator, sd: float, bound: float, size: int) -> np.ndarray:
    """N(0, sd) redrawn outside [-bound, bound] (vectorised rejection, a few rounds)."""
    out = rng.normal(0, sd, size)
    for _ in range(50):
        bad = np.flatnonzero(np.abs(out) > bound)
        if not len(bad):
            break
        out[bad] = rng.normal(0, sd, len(bad))
    return np.clip(out, -bound, bound)


def _round_to(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Round element-wise to per-element decimal places (vectorised)."""
    scale = 10.0**decimals
    return np.round(values * scale) / scale


def _z(v: np.ndarray) -> np.ndarray:
    sd = v.std()
    return (v - v.mean()) / sd if sd > 0 else np.zeros_like(v)


def _fmt_score(expr: pl.Expr, decimals: int) -> pl.Expr:
    """Shortest text of a non-negative score rounded to ``decimals`` (3.6, 4, 72.5).

    This is the text an importer keeps from a numeric spreadsheet cell, so the canonical
    ``final_score_raw`` equals what the import path produces from the xlsx.
    """
    scale = 10**decimals
    scaled = (expr * scale).round(0).cast(pl.Int64)
    body = (scaled // scale).cast(pl.String)
    text = body + pl.lit(".") + (scaled % scale).cast(pl.String).str.zfill(decimals)
    return text.str.strip_chars_end("0").str.strip_chars_end(".")


#: the demo's gender and age-band labels, as an HR system exports them
GENDERS: tuple[str, ...] = ("男", "女")
AGE_BANDS: tuple[str, ...] = ("20-29岁", "30-39岁", "40-49岁", "50岁及以上")


def _person_groups(employees: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Gender (45% 女) and age band (21 at hire plus a gamma(1.5, 5) spread, plus the years
    since) of each employee, from a generator of its own (``SeedSequence([seed, 2])``): no
    effect of either on any rating is planted, so the meeting's adverse-impact section shows
    what chance alone gives."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    n = employees.height
    gender = np.where(rng.random(n) < 0.45, 1, 0)
    hired = employees["hire_date"].to_numpy().astype("datetime64[D]")
    years = (np.datetime64("2026-06-30") - hired).astype(np.int64) / 365.25
    age = 21 + years + rng.gamma(1.5, 5.0, n)
    band = np.clip(((age - 20) // 10).astype(np.int64), 0, len(AGE_BANDS) - 1)
    ids = employees["employee_id"]
    return schema.PERSON_GROUPS.conform(
        pl.DataFrame(
            {
                "employee_id": pl.concat([ids, ids]),
                "group_column": ["gender"] * n + ["age_band"] * n,
                "value": [GENDERS[g] for g in gender] + [AGE_BANDS[b] for b in band],
            }
        )
    )


def _employees_frame(org: _Org, by_id: np.ndarray) -> pl.DataFrame:
    """Current (after the last cycle) employee master data, one row per employee, id order."""
    n = org.n
    final_mgr = org.team_mgr[-1]
    # team managers' current team: the team they manage in the last cycle
    team_now = org.team.copy()
    tm = np.flatnonzero(org.kind == _TEAM_MGR)
    where_mgr = {int(m): t for t, m in enumerate(final_mgr)}
    team_now[tm] = np.array([where_mgr[int(m)] for m in tm])  # loop over team managers only
    manager = np.full(n, n, dtype=np.int64)
    manager = np.where(org.kind == _SUB_MGR, org.head_of_dept[org.dept], manager)
    manager = np.where(org.kind == _TEAM_MGR, org.mgr_of_sub[np.maximum(org.sub, 0)], manager)
    manager = np.where(org.kind == _IC, final_mgr[np.maximum(team_now, 0)], manager)
    dept_names = [d[0] for d in DEPARTMENTS]
    sub_paths = [f"{d[0]}/{s}" for d in DEPARTMENTS for s in d[3]]
    unit = pl.Series(dept_names + sub_paths)
    unit_idx = np.where(org.sub >= 0, len(dept_names) + org.sub, org.dept)
    team_names = pl.Series([*org.team_names, None], dtype=pl.String)
    team_idx = np.where(team_now >= 0, team_now, len(org.team_names))
    fam_of_dept = np.array([JOB_FAMILIES.index(d[2]) for d in DEPARTMENTS])

    def take(values: pl.Series | list, idx: np.ndarray) -> pl.Series:
        return pl.Series(values).gather(pl.Series(idx[by_id], dtype=pl.UInt32))

    frame = pl.DataFrame(
        {
            "employee_id": org.ids.gather(pl.Series(by_id, dtype=pl.UInt32)),
            "name": org.names.gather(pl.Series(by_id, dtype=pl.UInt32)),
            "department": take(unit, unit_idx),
            "team": take(team_names, team_idx),
            "job_family": take(list(JOB_FAMILIES), fam_of_dept[org.dept]),
            "level": take(list(LEVELS), org.level),
            "manager_id": org.ids.gather(pl.Series(manager[by_id], dtype=pl.UInt32)),
            "location": take(list(LOCATIONS), org.location),
            "hire_date": pl.Series(org.hire_days[by_id].astype("datetime64[D]"), dtype=pl.Date),
        }
    )
    return schema.EMPLOYEES.conform(frame)


def _truth(
    org: _Org,
    planted: dict[str, np.ndarray],
    changes: list[dict[str, Any]],
    stars: np.ndarray,
    decliners: np.ndarray,
    cycle_ids: list[str],
    shock_cycle: int | None,
    demo: DemoData,
    n: int,
    n_cycles: int,
    seed: int,
) -> dict[str, Any]:
    """JSON-serialisable record of every planted effect, the parameters and the row counts."""
    ids = org.ids.to_list()

    def idl(idx: np.ndarray) -> list[str]:
        return sorted(ids[int(i)] for i in idx)

    sub_paths = [f"{d[0]}/{s}" for d in DEPARTMENTS for s in d[3]]
    lenient, severe = set(planted["lenient"].tolist()), set(planted["severe"].tolist())
    return {
        "seed": seed,
        "params": {
            "n_employees": n,
            "n_cycles": n_cycles,
            "seed": seed,
            **_P,
            "dimension_effects": dict(zip(DIMENSIONS, _DIM_EFFECT.tolist())),
            "role_weights": ROLE_WEIGHTS,
            "grade_shares": dict(zip(GRADES, GRADE_SHARES)),
            "potential_shares": dict(zip(POTENTIALS, POTENTIAL_SHARES)),
        },
        "ceo_id": CEO_ID,
        "scales": {
            cid: ("0-100" if k == n_cycles - 1 else "1-5") for k, cid in enumerate(cycle_ids)
        },
        "lenient_raters": idl(planted["lenient"]),
        "severe_raters": idl(planted["severe"]),
        "central_tendency_raters": idl(planted["central_tendency"]),
        "halo_raters": idl(planted["halo"]),
        "recency_raters": idl(planted["recency"]),
        "department_shock": (
            {
                "department": SHOCK_DEPARTMENT,
                "cycle_id": cycle_ids[shock_cycle],
                "shift": _P["department_shock"],
            }
            if shock_cycle is not None
            else None
        ),
        "manager_changes": [
            {
                "team": org.team_names[ch["team"]],
                "department": sub_paths[int(org.team_sub[ch["team"]])],
                "cycle_id": cycle_ids[ch["cycle"]],
                "old_manager_id": ids[ch["old"]],
                "new_manager_id": ids[ch["new"]],
                "new_manager_bias": (
                    "lenient" if ch["new"] in lenient else "severe" if ch["new"] in severe else None
                ),
            }
            for ch in changes
        ],
        "rising_stars": idl(stars),
        "decliners": idl(decliners),
        "counts": {
            "employees": demo.employees.height,
            "cycles": demo.cycles.height,
            "reviews": demo.reviews.height,
            "kpi_results": demo.kpi_results.height,
            "outcomes": demo.outcomes.height,
            "appeals": demo.appeals.height,
        },
    }


# --------------------------------------------------------------------------------------------
# exports
# --------------------------------------------------------------------------------------------


def _cn_cycle(col: str) -> pl.Expr:
    """2025Q1 -> 2025年第1季度 (the spelling Chinese HR systems print)."""
    return pl.concat_str(
        [pl.col(col).str.slice(0, 4), pl.lit("年第"), pl.col(col).str.slice(5, 1), pl.lit("季度")]
    )


def _write_gbk_csv(frame: pl.DataFrame, path: Path, chunk_rows: int = 200_000) -> None:
    """Write ``frame`` as GBK CSV in chunks (Polars writes UTF-8 only; many HR systems do not)."""
    with open(path, "wb") as fh:
        for start in range(0, max(frame.height, 1), chunk_rows):  # loop over chunks
            part = frame.slice(start, chunk_rows)
            text = part.write_csv(include_header=start == 0, line_terminator="\r\n")
            fh.write(text.encode("gbk"))


def _write_sheet(wb: Any, name: str, frame: pl.DataFrame) -> None:
    """One long sheet with a bold frozen header and autofilter, typed cells.

    Written row by row in xlsxwriter's constant-memory mode (cells go straight to disk), with
    one typed writer per column; past Excel's row limit the rows continue on ``name_2`` ...
    """
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    num_fmt = wb.add_format({"num_format": "0.00"})
    for k, start in enumerate(range(0, max(frame.height, 1), _XLSX_MAX_ROWS)):
        part = frame.slice(start, _XLSX_MAX_ROWS)
        ws = wb.add_worksheet(name if k == 0 else f"{name}_{k + 1}")
        writers = []  # (typed writer, cell format) per column
        for j, (col, dtype) in enumerate(part.schema.items()):
            if dtype == pl.Date:
                writers.append((ws.write_datetime, date_fmt))
                width = 12
            elif dtype.is_numeric():
                writers.append((ws.write_number, num_fmt if dtype.is_float() else None))
                width = 10
            else:
                writers.append((ws.write_string, None))
                longest = part[col].str.len_chars().max() if part.height else 0
                width = min(max(int(longest or 0) * 2 + 2, 10), 60)
            ws.set_column(j, j, max(width, 2 * len(col) + 2))
        ws.write_row(0, 0, part.columns, header)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(part.height, 1), part.width - 1)
        columns = [part[c].to_list() for c in part.columns]
        for r, row in enumerate(zip(*columns), start=1):  # export: one Python call per cell
            for c, ((write, fmt), v) in enumerate(zip(writers, row)):
                if v is not None:
                    write(r, c, v, fmt)


def exports_folder(db_file: Path) -> Path:
    """Where ``python -m analytics demo`` writes the exports when no ``--out`` is given: a
    folder beside the database file it imports them into (``<db>.demo``, ignored by git), so
    that making a demo never writes into the tracked ``data/demo``."""
    return db_file.with_name(db_file.name + ".demo")


def workbook_sheets(demo: DemoData) -> dict[str, pl.DataFrame]:
    """The sheets of the demo's xlsx export by name: outcomes (with the person's gender and
    age band), KPIs, appeals; long, with Chinese headers. Public so that a test can compare the
    shipped workbook with what the generator makes without writing it again."""
    last = demo.cycles.sort("ordering")["cycle_id"].to_list()[-1]
    scale_last = pl.col("cycle_id") == last
    groups = demo.person_groups.pivot(on="group_column", index="employee_id", values="value")
    results = demo.outcomes.join(groups, on="employee_id", how="left").select(
        pl.col("employee_id").alias("工号"),
        pl.col("cycle_id").alias("考核周期"),
        pl.when(scale_last)
        .then(pl.col("final_score") * 100)
        .otherwise(1 + 4 * pl.col("final_score"))
        .round(2)
        .alias("最终得分"),
        pl.col("grade").alias("绩效等级"),
        pl.col("potential").alias("潜力"),
        pl.when(pl.col("calibrated")).then(pl.lit("是")).otherwise(pl.lit("否")).alias("是否校准"),
        *[
            pl.col(c).alias(h)
            for c, h in (("gender", "性别"), ("age_band", "年龄段"))
            if c in groups.columns
        ],
    )
    kpi = demo.kpi_results.select(
        pl.col("employee_id").alias("工号"),
        pl.col("cycle_id").alias("考核周期"),
        pl.col("kpi").alias("指标名称"),
        pl.col("period").alias("月份"),
        pl.col("target").alias("目标值"),
        pl.col("actual").alias("实际值"),
        pl.col("weight").alias("权重"),
    )
    appeals = demo.appeals.select(
        pl.col("employee_id").alias("工号"),
        pl.col("cycle_id").alias("考核周期"),
        pl.col("filed_at").alias("申诉日期"),
        pl.col("reason").alias("申诉原因"),
        pl.col("status").alias("处理状态"),
        pl.col("grade_before").alias("原等级"),
        pl.col("grade_after").alias("调整后等级"),
    )
    return {"考核结果": results, "KPI": kpi, "申诉": appeals}


def write_exports(demo: DemoData, out_dir: Path, workbook: bool = True) -> list[Path]:
    """Write the demo as three realistic HR-system exports plus ``truth.json``.

    Why: the importer must be exercised on the shapes it will meet — a GBK CSV wide by
    dimension (all cycles but the last), a long English Parquet for the last cycle (0-100
    scale) and a multi-sheet xlsx with outcomes, KPIs and appeals.

    ``workbook=False`` leaves the xlsx out (its path is still returned): the slow one, which a
    test compares sheet by sheet through :func:`workbook_sheets` instead.

    Returns
    -------
    The export paths (CSV, Parquet, xlsx); ``truth.json`` is written beside them but not
    returned.
    """
    import xlsxwriter

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cycle_ids = demo.cycles.sort("ordering")["cycle_id"].to_list()
    last = cycle_ids[-1]
    emp = demo.employees

    # 1. GBK CSV, wide by dimension, every cycle but the last, employee master data joined
    role_order = {r: k for k, r in enumerate(ROLES)}
    rv = demo.reviews.filter(pl.col("cycle_id") != last).select(
        "cycle_id", "employee_id", "rater_id", "rater_role", "dimension", "score_raw"
    )
    wide = rv.pivot(
        on="dimension",
        on_columns=list(DIMENSIONS),
        index=["cycle_id", "employee_id", "rater_id", "rater_role"],
        values="score_raw",
    )
    order = demo.cycles.select("cycle_id", "ordering")
    wide = (
        wide.join(order, on="cycle_id", how="left")
        .with_columns(_r=pl.col("rater_role").replace_strict(role_order, return_dtype=pl.Int8))
        .sort("ordering", "employee_id", "_r", "rater_id")
        .join(emp, on="employee_id", how="left", maintain_order="left")
    )
    csv_frame = wide.select(
        pl.col("employee_id").alias("工号"),
        pl.col("name").alias("姓名"),
        pl.col("department").alias("部门"),
        pl.col("team").alias("团队"),
        pl.col("job_family").alias("岗位序列"),
        pl.col("level").alias("职级"),
        pl.col("manager_id").alias("直属上级"),
        pl.col("location").alias("工作地点"),
        pl.col("hire_date").alias("入职日期"),
        _cn_cycle("cycle_id").alias("考核周期"),
        pl.col("rater_id").alias("评价人工号"),
        pl.col("rater_role").replace_strict(ROLE_LABELS_CN).alias("评价关系"),
        *[pl.col(d) for d in DIMENSIONS],
    )
    csv_path = out_dir / EXPORT_NAMES["csv"]
    _write_gbk_csv(csv_frame, csv_path)

    # 2. Parquet, long, English headers, last cycle on the 0-100 scale
    pq_path = out_dir / EXPORT_NAMES["parquet"].format(last=last)
    demo.reviews.filter(pl.col("cycle_id") == last).select(
        "employee_id",
        pl.col("cycle_id").alias("cycle"),
        "rater_id",
        "rater_role",
        "dimension",
        pl.col("score_raw").cast(pl.Int64).alias("score"),
        "comment",
        "submitted_at",
    ).write_parquet(pq_path)

    # 3. xlsx: outcomes (with the person's gender and age band), KPIs, appeals (long, Chinese
    # headers)
    xlsx_path = out_dir / EXPORT_NAMES["xlsx"]
    if workbook:
        with xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True}) as wb:
            for name, frame in workbook_sheets(demo).items():
                _write_sheet(wb, name, frame)

    (out_dir / "truth.json").write_text(
        json.dumps(demo.truth, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    write_mapping(demo, out_dir)
    return [csv_path, pq_path, xlsx_path]


def write_mapping(demo: DemoData, out_dir: Path) -> Path:
    """``mapping.toml`` beside the exports: the scale of every cycle, declared for every
    dimension ("*") and for the final score (最终得分), as an HR team whose scale changed tells
    the importer (the last cycle moved from 1-5 to 0-100). Every cycle, not only the changed
    one: the files may be imported in any order, and a cycle on another scale than a stored
    neighbour's is refused unless declared. Import the exports with it
    (``python -m analytics import … --mapping mapping.toml``)."""
    order = demo.cycles.sort("ordering")["cycle_id"].to_list()
    scales = demo.truth["scales"]
    lines = [
        "# The demo company's scale per cycle: it moved from 1-5 to 0-100 in its last cycle.",
        "# Declared here, since PerfLens refuses a cycle on another scale than the one stored",
        "# for its dimensions unless the change is declared.",
        "[scales]",
    ]
    cells = ", ".join(f'"{c}" = "{scales[c]}"' for c in order)
    lines += [f'"{key}" = {{ {cells} }}' for key in ("*", "最终得分")]
    path = Path(out_dir) / MAPPING_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
