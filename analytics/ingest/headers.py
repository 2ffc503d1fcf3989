"""Header recognition: map the column names of real HR exports onto canonical fields.

Matching is case-, width- (全角/半角) and whitespace-insensitive: both sides go through
:func:`normalise_header` before comparison.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "GROUP_FIELDS",
    "GROUP_SEP",
    "ROLE_VALUES",
    "SYNONYMS",
    "HeaderChoice",
    "choose_header",
    "column_letter",
    "field_of",
    "is_kpi_header",
    "map_headers",
    "normalise_header",
    "normalise_role",
]

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
        "worker id",
        "user id",
    ),
    "name": ("name", "employee name", "worker", "worker name", "姓名", "员工姓名"),
    "department": (
        "department",
        "dept",
        "supervisory organization",
        "supervisory org",
        "部门",
        "所属部门",
        "一级部门",
        "部门路径",
    ),
    "team": ("team", "团队", "二级部门", "小组"),
    "level": ("level", "grade level", "job level", "职级", "级别", "岗位职级"),
    "job_family": ("job_family", "job family", "岗位序列", "职位族", "岗位类别"),
    "manager_id": (
        "manager_id",
        "manager",
        "manager id",
        "直属上级",
        "上级工号",
        "直属上级工号",
        "汇报对象",
    ),
    "location": (
        "location",
        "工作地点",
        "办公地点",
        "地点",
        "地区",
        "所在地区",
        "region",
        "work location",
    ),
    "hire_date": ("hire_date", "hire date", "入职日期"),
    # group columns kept for the adverse-impact check (``person_groups``)
    "gender": ("gender", "sex", "性别"),
    "age_band": ("age_band", "age band", "age group", "年龄段", "年龄区间", "年龄组"),
    "tenure": ("tenure", "tenure band", "years of service", "司龄", "司龄段", "工龄段"),
    "cycle": (
        "cycle",
        "cycle_id",
        "period_label",
        "review cycle",
        "考核周期",
        "周期",
        "评估周期",
        "评估期",
        "考核期",
        "review period",
        "performance period",
        # a yearly review's cycle (rev31b item 1: an English HRIS export's "Review Year")
        "review year",
        "year",
        "performance year",
        "appraisal year",
        "evaluation year",
        "考核年度",
        "考核年份",
        "年度",
        "绩效年度",
        "评估年度",
        # a monthly review's cycle column (bare 月份 is a KPI's sub-period, read as the cycle
        # in a table of ratings or results without one: detect)
        "考核月份",
        "考核月",
        "评估月份",
        "评估月",
        "评价月份",
        "绩效月份",
        "review month",
    ),
    "rater_id": (
        "rater_id",
        "rater",
        "rater id",
        "reviewer",
        "评价人",
        "评价人工号",
        "评价人编号",
        "考核人工号",
        "考核人编号",
        "评估人编号",
        "评估人工号",
        "考评人工号",
        "评分人工号",
        "打分人工号",
        "评分人",
        "评估人",
        "reviewer id",
        "reviewer employee id",
        "rater user id",
    ),
    # the name beside the rater id (a rater who is rated by nobody is named only here); a bare
    # 评价人 / 评估人 / Reviewer beside an id column of its own is this too (map_headers)
    "rater_name": (
        "rater_name",
        "rater name",
        "reviewer name",
        "评价人姓名",
        "评估人姓名",
        "评分人姓名",
        "考核人姓名",
        "考评人姓名",
        "打分人姓名",
        "评价人名称",
    ),
    # the name beside the manager id (上级工号 + 上级姓名)
    "manager_name": ("manager_name", "manager name", "上级姓名", "直属上级姓名", "汇报对象姓名"),
    "rater_role": (
        "rater_role",
        "role",
        "rater role",
        "relationship",
        "reviewer role",
        "reviewer relationship",
        "reviewer type",
        "rater type",
        "rater relationship",
        "评价关系",
        "关系",
        "评价人关系",
        "评价人角色",
        "评价类型",
        "评估类型",
        "评估关系",
    ),
    "dimension": (
        "dimension",
        "competency",
        "考核维度",
        "考核指标",
        "评价维度",
        "指标名称",
        "question",
        "competency name",
    ),
    "score": ("score", "rating", "得分", "分数", "评分", "分值"),
    "weight": ("weight", "权重"),
    "comment": ("comment", "comments", "评语", "评价内容"),
    "submitted_at": ("submitted_at", "submitted at", "提交时间", "评价时间"),
    "grade": (
        "grade",
        "rating grade",
        "final grade",
        "overall rating",
        "performance rating",
        "final rating",
        "rating level",
        "评级",
        "绩效评级",
        "考核评级",
        "最终评级",
        "绩效等级",
        "等级",
        "考核结果",
        "最终等级",
        "考核等级",
    ),
    "final_score": ("final_score", "final score", "最终得分", "综合得分", "总分"),
    "potential": ("potential", "潜力", "潜力评级"),
    "calibrated": ("calibrated", "是否校准", "已校准"),
    # one column per rater role (wide by role): "_score" and "_rating" spellings, English
    # ("self rating", "self-rating" are the same once normalised) and Chinese
    "self_score": (
        "self_score",
        "self score",
        "自评得分",
        "自评分",
        "自评",
        "self_rating",
        "自评分数",
        "自我评分",
        "自评评分",
    ),
    "manager_score": (
        "manager_score",
        "manager score",
        "上级评分",
        "上级得分",
        "直属上级评分",
        "manager_rating",
        "supervisor rating",
        "supervisor score",
        "上级评分数",
        "上级打分",
        "上级分数",
    ),
    "peer_score": (
        "peer_score",
        "peer score",
        "同事评分",
        "同事得分",
        "互评得分",
        "同级评分",
        "peer_rating",
        "同事打分",
        "同事分数",
        "互评分",
        "互评评分",
    ),
    "skip_level_score": (
        "skip_level_score",
        "skip level score",
        "隔级评分",
        "隔级上级评分",
        "skip_level_rating",
        "skip manager rating",
        "隔级得分",
        "隔级打分",
        "隔级上级得分",
    ),
    "subordinate_score": (
        "subordinate_score",
        "subordinate score",
        "下属评分",
        "subordinate_rating",
        "upward rating",
        "下属得分",
    ),
    "kpi": ("kpi", "kpi name", "指标", "kpi指标"),
    "period": ("period", "month", "月份", "子周期"),
    "target": ("target", "目标值", "目标"),
    "actual": ("actual", "实际值", "完成值", "实际"),
    "attainment": ("attainment", "达成率", "完成率"),
    "filed_at": ("filed_at", "filed at", "appeal date", "申诉日期", "申诉时间"),
    "reason": ("reason", "appeal reason", "申诉原因", "申诉理由"),
    "status": ("status", "appeal status", "处理状态", "申诉状态"),
    "grade_before": (
        "grade_before",
        "grade before",
        "原等级",
        "申诉前等级",
        "原绩效等级",
        "原考核等级",
    ),
    "grade_after": ("grade_after", "grade after", "调整后等级", "申诉后等级", "调整后绩效等级"),
    "outcome": (
        "outcome",
        "appeal outcome",
        "处理结果",
        "申诉结果",
        "处理意见",
        "复核结果",
        "申诉处理结果",
        "申诉结论",
        "处理结论",
        "复核意见",
    ),
    "resolver": ("resolver", "resolved by", "handled by", "处理人", "经办人", "处理负责人"),
    "resolved_at": (
        "resolved_at",
        "resolved at",
        "resolution date",
        "处理日期",
        "处理时间",
        "结案日期",
    ),
}

#: the group fields kept per person (and cycle) in ``person_groups``; location and level are
#: group columns too but stay in ``employees``
GROUP_FIELDS: tuple[str, ...] = ("gender", "age_band", "tenure")

# headers of a KPI given one per column in a wide export (销售额, new_customers): words of
# results, never of ratings (业绩 and 绩效 name rating dimensions, so they are not here)
_KPI_ZH = (
    "销售额", "销售量", "销量", "新客户", "客户数", "回款", "营收", "营业额", "收入", "利润",
    "毛利", "订单", "签约额", "合同额", "成交额", "业务量", "产量",
)  # fmt: skip
_KPI_EN = frozenset(
    {"sales", "revenue", "customers", "bookings", "profit", "orders", "deals", "gmv",
     "quota", "calls", "tickets"}
)  # fmt: skip


#: headers of a KPI's attainment given one per column (目标完成率 '85%', '120%'): a share of the
#: target, never a rating on 0-100 (session 44: read as a dimension and its 120% quarantined)
_ATTAINMENT_ZH = ("完成率", "达成率", "完成度", "达成度", "完成比", "达成比", "达标率", "完成情况")
_ATTAINMENT_EN = frozenset({"attainment"})
_ATTAINMENT_EN_RATE = (
    frozenset({"achievement", "achieved", "completion", "completed", "target"}),
    frozenset({"rate", "ratio", "pct", "percent", "percentage"}),
)


def is_attainment_header(header: str) -> bool:
    """True for a header naming how much of a target was reached (目标完成率, 达成率,
    Attainment, Achievement rate, % of target achieved): a KPI's attainment, not a rating."""
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    if any(w in text for w in _ATTAINMENT_ZH):
        return True
    words = set(re.split(r"[^a-z0-9%]+", text)) | ({"pct"} if "%" in text else set())
    done, rate = _ATTAINMENT_EN_RATE
    return bool(words & _ATTAINMENT_EN) or bool(words & done and words & rate)


def is_kpi_header(header: str) -> bool:
    """True for a header that names a business result (销售额, 新客户数, sales,
    new_customers): a numeric column under it is a KPI given one per column."""
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    if any(w in text for w in _KPI_ZH):
        return True
    return bool(set(re.split(r"[^a-z0-9]+", text)) & _KPI_EN)


# wide-by-role score columns -> rater role
ROLE_SCORE_FIELDS: dict[str, str] = {
    "self_score": "self",
    "manager_score": "manager",
    "peer_score": "peer",
    "skip_level_score": "skip_level",
    "subordinate_score": "subordinate",
}

#: the rater-relation words of HR systems' exports (直接上级 / 平级 / 间接上级 were quarantined as
#: unknown roles: 60% of a real-looking 360 file, session 44); a word that could name two roles
#: (领导, 主管 alone, 他评) is left to the mapping's ``roles``
ROLE_VALUES: dict[str, str] = {
    "self": "self",
    "自评": "self",
    "本人": "self",
    "自我评价": "self",
    "员工自评": "self",
    "本人自评": "self",
    "manager": "manager",
    "上级": "manager",
    "直属上级": "manager",
    "直接上级": "manager",
    "直接主管": "manager",
    "直属主管": "manager",
    "直属领导": "manager",
    "直接领导": "manager",
    "上级评价": "manager",
    "上级评分": "manager",
    "peer": "peer",
    "同事": "peer",
    "同级": "peer",
    "平级": "peer",
    "同级同事": "peer",
    "互评": "peer",
    "同事评价": "peer",
    "同事互评": "peer",
    "平级评价": "peer",
    "skip_level": "skip_level",
    "skip-level": "skip_level",
    "skiplevel": "skip_level",
    "skip level": "skip_level",
    "隔级": "skip_level",
    "隔级上级": "skip_level",
    "间接上级": "skip_level",
    "间接主管": "skip_level",
    "间接领导": "skip_level",
    "上上级": "skip_level",
    "隔级领导": "skip_level",
    "subordinate": "subordinate",
    "下属": "subordinate",
    "下级": "subordinate",
    "下属评价": "subordinate",
    "下级评价": "subordinate",
}

_SPACE = re.compile(r"[\s_\-]+")


def normalise_header(text: str) -> str:
    """NFKC (full-width -> half-width), lower case, drop whitespace, '_' and '-'."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text)).strip().lower())


_LOOKUP: dict[str, str] = {
    normalise_header(alias): field for field, aliases in SYNONYMS.items() for alias in aliases
}
_ROLE_LOOKUP: dict[str, str] = {normalise_header(k): v for k, v in ROLE_VALUES.items()}


GROUP_SEP = " / "  # joins the two rows of a merged header: "考核得分 / 上级"
# a group header over role columns ("考核得分" over 自评/上级) makes each a role's score column
_SCORE_GROUP = re.compile(r"得分|评分|分数|打分|score|rating")


def _overrides(overrides: dict[str, str] | None) -> dict[str, str]:
    return {normalise_header(k): v for k, v in (overrides or {}).items()}


def field_of(column: str, overrides: dict[str, str] | None = None) -> str | None:
    """The canonical field a column header names ("" when the user ignores it), else None.

    ``overrides`` must be normalised (:func:`normalise_header` keys). A joined two-row header
    ("考核得分 / 上级") is read as a whole, then by its lower part, then as a role's score when
    the upper part names scores.
    """
    overrides = overrides or {}
    key = normalise_header(column)
    if key in overrides:
        return overrides[key] or ""
    if key in _LOOKUP:
        return _LOOKUP[key]
    if GROUP_SEP not in column:
        return None
    group, sub = column.rsplit(GROUP_SEP, 1)
    sub_key = normalise_header(sub)
    if sub_key in overrides:
        return overrides[sub_key] or ""
    role = _ROLE_LOOKUP.get(sub_key)
    if role and _SCORE_GROUP.search(normalise_header(group)):
        return f"{role}_score"
    return _LOOKUP.get(sub_key)


def map_headers(
    columns: list[str], overrides: dict[str, str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Map source columns to canonical fields.

    Returns ``(mapping source->field, unmapped source columns)``. ``overrides`` (source header
    -> field, or -> "" / None to ignore a column) wins over the synonyms. When two source
    columns map to the same field the first keeps it and the second is reported unmapped.
    """
    norm = _overrides(overrides)
    mapping: dict[str, str] = {}
    unmapped: list[str] = []
    taken: set[str] = set()
    for col in _bare_raters_last(columns, norm):
        field_ = field_of(col, norm)
        if field_ == "rater_id" and normalise_header(col) in _BARE_RATER and "rater_id" in taken:
            field_ = "rater_name"  # 评价人 beside 评价人工号: the rater's name
        if field_ == "score" and normalise_header(col) in _BARE_RATING and "score" in taken:
            field_ = "grade"  # "Rating" beside "Score": the grade (rev31b item 1)
        if field_ and field_ not in taken:
            mapping[col] = field_
            taken.add(field_)
        elif field_ == "":
            continue  # explicitly ignored by the user
        else:
            unmapped.append(col)
    order = {c: i for i, c in enumerate(columns)}
    return dict(sorted(mapping.items(), key=lambda kv: order[kv[0]])), unmapped


#: headers that name the rater without saying id or name: the id alone, the name beside an
#: id column (评价人工号 + 评价人, Reviewer ID + Reviewer)
_BARE_RATER = frozenset(
    normalise_header(h) for h in ("评价人", "评估人", "评分人", "rater", "reviewer")
)


#: a bare "Rating": the score, or beside a column of scores ("Score", 得分) the grade
_BARE_RATING = frozenset({normalise_header("rating")})


def _bare_raters_last(columns: list[str], norm: dict[str, str]) -> list[str]:
    """``columns`` with the bare rater and rating headers (:data:`_BARE_RATER`,
    :data:`_BARE_RATING`, not the user's mapping) after the others, so that an id column of
    its own takes the rater id first and a score column the score."""
    later = _BARE_RATER | _BARE_RATING
    bare = [c for c in columns if normalise_header(c) in later and normalise_header(c) not in norm]
    return [c for c in columns if c not in bare] + bare


# --------------------------------------------------------------------------------------------
# which row holds the header
# --------------------------------------------------------------------------------------------
HEADER_SCAN = 30  # rows looked at for the header
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)%?$")


@dataclass
class HeaderChoice:
    """Where a table's header is: ``first``..``last`` (0-based rows of the sheet or file; two
    rows for a merged header) and the column names, one per column."""

    first: int
    last: int
    names: list[str] = field(default_factory=list)
    found: bool = True  # False: no row looked like a header, the first row is used as before

    @property
    def data_start(self) -> int:
        return self.last + 1


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _is_header(cells: list[str], overrides: dict[str, str]) -> bool:
    """A row is a header when it names the employee id and at least one more known field, or
    when most of its (at least 3) non-empty cells are known headers."""
    filled = [c for c in cells if c]
    if len(filled) < 2 or any(_NUMBER.match(c) for c in filled):
        return False
    fields = [f for f in (field_of(c, overrides) for c in filled) if f]
    if "employee_id" in fields and len(fields) >= 2:
        return True
    return len(fields) >= 3 and 2 * len(fields) > len(filled)


def column_letter(i: int) -> str:
    """Excel's column letter: 0 -> A, 26 -> AA (names a column whose header cell is empty)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _join(top: list[str], bottom: list[str]) -> list[str]:
    """Names for a two-row header: a merged cell of the upper row ("考核得分" over 自评/上级)
    spans the empty cells to its right that have a lower part; a column empty below keeps its
    upper name. A lower part keeps the group only when the group makes it a field it is not
    alone (考核得分 / 上级 -> the manager's score)."""
    width = max(len(top), len(bottom))
    top = top + [""] * (width - len(top))
    bottom = bottom + [""] * (width - len(bottom))
    names: list[str] = []
    group = ""
    for t, b in zip(top, bottom):
        if t:
            group = t
        elif not b:
            group = ""
        up = t or group
        if not b:
            names.append(up)
        elif not up or normalise_header(up) == normalise_header(b):
            names.append(b)
        else:
            joined = f"{up}{GROUP_SEP}{b}"
            names.append(joined if field_of(joined) != field_of(b) else b)
    return names


def _group_over_ids(head: list[str], below: list[str], norm: dict[str, str]) -> bool:
    """True when ``head`` is the upper row of a merged header whose lower row names the ids: a
    group header (基本信息 over 工号/姓名, 考核得分 over the competencies) with the single fields
    merged down over both rows. The upper row then looks like a header already (考核周期,
    评价人工号 ...), but it names no employee id, and the row below, holding no number, does
    once joined."""
    filled = [c for c in below if c]
    if len(filled) < 2 or any(_NUMBER.match(c) for c in filled):
        return False
    return any(field_of(c, norm) == "employee_id" for c in _join(head, below))


def _first_table_row(cells: list[list[str]]) -> int:
    """Without a recognised header: the first row of two or more filled cells, the rows above
    it holding one cell at most (a report title such as 2026年Q3绩效考核结果导出, a title
    merged across the row, a note, a blank row); 0 when no row has two cells."""
    return next((i for i, r in enumerate(cells) if sum(1 for c in r if c) >= 2), 0)


def _group_row(cells: list[str]) -> bool:
    """A row that may be the upper part of a merged header: not empty, and not a title or a
    note (one cell, in the first column)."""
    filled = [i for i, c in enumerate(cells) if c]
    return bool(filled) and filled != [0]


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for i, n in enumerate(names):
        n = n or column_letter(i)
        base, k = n, 2
        while n in seen:
            n, k = f"{base}_{k}", k + 1
        seen.add(n)
        out.append(n)
    return out


def choose_header(
    rows: list[list[object]],
    overrides: dict[str, str] | None = None,
    header_row: int | None = None,
) -> HeaderChoice:
    """Find the header among the first rows of a sheet or CSV (title and note rows above it are
    skipped) and join a merged two-row header.

    ``header_row`` (1-based, the user's) fixes the header's row. Below the header, a row whose
    employee id cell is empty, which holds no number and has a cell under an empty header cell
    (the span of a merged one) or a cell that is a header itself is the lower part of a merged
    header;
    above it, a row that turns a column into a field it is not alone is its upper part. Rows
    are lists of cells (None or text). Without a header among the first rows, the first row
    of two or more cells is the header (``found`` False; the one-cell rows above it, titles and
    notes, are skipped) and the caller words what is missing.
    """
    norm = _overrides(overrides)
    cells = [[_cell(c) for c in r] for r in rows[:HEADER_SCAN]]
    if not cells:
        return HeaderChoice(0, 0, [], found=False)
    if header_row is not None:
        h, found = header_row - 1, True
    else:
        h = next((i for i, r in enumerate(cells) if _is_header(r, norm)), None)
        found = h is not None
        h = _first_table_row(cells) if h is None else h
    if not 0 <= h < len(cells):  # a header row beyond the rows read: the caller refuses it
        return HeaderChoice(max(h, 0), max(h, 0), [], found=False)
    head = cells[h]
    first = last = h
    names = head
    below = cells[h + 1] if h + 1 < len(cells) else []
    id_col = next((i for i, c in enumerate(head) if field_of(c, norm) == "employee_id"), None)
    lower_part = (
        found
        and id_col is not None
        and (id_col >= len(below) or not below[id_col])
        and any(
            b
            and (
                i >= len(head)
                or not head[i]
                or field_of(b, norm) is not None
                or field_of(f"{head[i]}{GROUP_SEP}{b}", norm) is not None
            )
            for i, b in enumerate(below)
        )
        and not any(_NUMBER.match(c) for c in below if c)
    )
    if lower_part or (found and id_col is None and _group_over_ids(head, below, norm)):
        names, last = _join(head, below), h + 1
    elif found and h > 0 and _group_row(cells[h - 1]):
        joined = _join(cells[h - 1], head)
        before = {field_of(c, norm) for c in head} - {None, ""}
        after = {field_of(c, norm) for c in joined} - {None, ""}
        if after > before:
            names, first = joined, h - 1
    return HeaderChoice(first, last, _unique(names), found=found)


def normalise_role(value: str | None) -> str | None:
    """Canonical rater role for a raw value, or None when unknown."""
    if value is None:
        return None
    return _ROLE_LOOKUP.get(normalise_header(value))


def role_lookup() -> dict[str, str]:
    """Normalised raw role spelling -> canonical role (for vectorised replace)."""
    return dict(_ROLE_LOOKUP)
