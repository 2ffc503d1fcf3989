"""Header recognition: map the column names of real HR exports onto canonical fields.

Matching is case-, width- (全角/半角) and whitespace-insensitive: both sides go through
:func:`normalise_header` before comparison.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ROLE_VALUES", "SYNONYMS", "map_headers", "normalise_header", "normalise_role"]

# canonical field -> accepted header spellings (English and Chinese)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee_id",
        "employee id",
        "emp_id",
        "staff id",
        "工号",
        "员工编号",
        "员工id",
        "人员编号",
        "员工工号",
    ),
    "name": ("name", "employee name", "姓名", "员工姓名"),
    "department": ("department", "dept", "部门", "所属部门", "一级部门", "部门路径"),
    "team": ("team", "团队", "二级部门", "小组"),
    "level": ("level", "grade level", "job level", "职级", "级别"),
    "job_family": ("job_family", "job family", "岗位序列", "职位族", "岗位类别"),
    "manager_id": ("manager_id", "manager", "manager id", "直属上级", "上级工号", "汇报对象"),
    "location": ("location", "工作地点", "办公地点", "地点"),
    "hire_date": ("hire_date", "hire date", "入职日期"),
    "cycle": ("cycle", "cycle_id", "period_label", "review cycle", "考核周期", "周期", "评估周期"),
    "rater_id": ("rater_id", "rater", "rater id", "reviewer", "评价人", "评价人工号", "评分人"),
    "rater_role": (
        "rater_role",
        "role",
        "rater role",
        "relationship",
        "评价关系",
        "评价人角色",
        "评价类型",
    ),
    "dimension": ("dimension", "competency", "考核维度", "考核指标", "评价维度", "指标名称"),
    "score": ("score", "rating", "得分", "分数", "评分"),
    "weight": ("weight", "权重"),
    "comment": ("comment", "comments", "评语", "评价内容"),
    "submitted_at": ("submitted_at", "submitted at", "提交时间", "评价时间"),
    "grade": ("grade", "rating grade", "final grade", "绩效等级", "等级", "考核结果"),
    "final_score": ("final_score", "final score", "最终得分", "综合得分", "总分"),
    "potential": ("potential", "潜力", "潜力评级"),
    "calibrated": ("calibrated", "是否校准", "已校准"),
    "self_score": ("self_score", "self score", "自评得分", "自评分", "自评"),
    "manager_score": ("manager_score", "manager score", "上级评分", "上级得分", "直属上级评分"),
    "peer_score": ("peer_score", "peer score", "同事评分", "同事得分", "互评得分", "同级评分"),
    "skip_level_score": ("skip_level_score", "skip level score", "隔级评分", "隔级上级评分"),
    "subordinate_score": ("subordinate_score", "subordinate score", "下属评分"),
    "kpi": ("kpi", "kpi name", "指标", "kpi指标"),
    "period": ("period", "month", "月份", "子周期"),
    "target": ("target", "目标值", "目标"),
    "actual": ("actual", "实际值", "完成值", "实际"),
    "attainment": ("attainment", "达成率", "完成率"),
    "filed_at": ("filed_at", "filed at", "appeal date", "申诉日期", "申诉时间"),
    "reason": ("reason", "appeal reason", "申诉原因", "申诉理由"),
    "status": ("status", "appeal status", "处理状态", "申诉状态"),
    "grade_before": ("grade_before", "grade before", "原等级", "申诉前等级"),
    "grade_after": ("grade_after", "grade after", "调整后等级", "申诉后等级"),
}

# wide-by-role score columns -> rater role
ROLE_SCORE_FIELDS: dict[str, str] = {
    "self_score": "self",
    "manager_score": "manager",
    "peer_score": "peer",
    "skip_level_score": "skip_level",
    "subordinate_score": "subordinate",
}

ROLE_VALUES: dict[str, str] = {
    "self": "self",
    "自评": "self",
    "本人": "self",
    "自我评价": "self",
    "manager": "manager",
    "上级": "manager",
    "直属上级": "manager",
    "上级评价": "manager",
    "peer": "peer",
    "同事": "peer",
    "同级": "peer",
    "互评": "peer",
    "同事评价": "peer",
    "skip_level": "skip_level",
    "skip-level": "skip_level",
    "skiplevel": "skip_level",
    "skip level": "skip_level",
    "隔级": "skip_level",
    "隔级上级": "skip_level",
    "subordinate": "subordinate",
    "下属": "subordinate",
    "下级": "subordinate",
}

_SPACE = re.compile(r"[\s_\-]+")


def normalise_header(text: str) -> str:
    """NFKC (full-width -> half-width), lower case, drop whitespace, '_' and '-'."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text)).strip().lower())


_LOOKUP: dict[str, str] = {
    normalise_header(alias): field for field, aliases in SYNONYMS.items() for alias in aliases
}
_ROLE_LOOKUP: dict[str, str] = {normalise_header(k): v for k, v in ROLE_VALUES.items()}


def map_headers(
    columns: list[str], overrides: dict[str, str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Map source columns to canonical fields.

    Returns ``(mapping source->field, unmapped source columns)``. ``overrides`` (source header
    -> field, or -> "" / None to ignore a column) wins over the synonyms. When two source
    columns map to the same field the first keeps it and the second is reported unmapped.
    """
    overrides = {normalise_header(k): v for k, v in (overrides or {}).items()}
    mapping: dict[str, str] = {}
    unmapped: list[str] = []
    taken: set[str] = set()
    for col in columns:
        key = normalise_header(col)
        field = overrides[key] if key in overrides else _LOOKUP.get(key)
        if field and field not in taken:
            mapping[col] = field
            taken.add(field)
        elif key in overrides and not overrides[key]:
            continue  # explicitly ignored by the user
        else:
            unmapped.append(col)
    return mapping, unmapped


def normalise_role(value: str | None) -> str | None:
    """Canonical rater role for a raw value, or None when unknown."""
    if value is None:
        return None
    return _ROLE_LOOKUP.get(normalise_header(value))


def role_lookup() -> dict[str, str]:
    """Normalised raw role spelling -> canonical role (for vectorised replace)."""
    return dict(_ROLE_LOOKUP)
