"""Bilingual (中文/English) messages for import errors and quarantine reasons.

Analytics code raises and records *codes with parameters*; the words are chosen here, in the
user's language, so the CLI and the UI say the same thing.
"""

from __future__ import annotations

__all__ = ["DEFAULT_LANG", "MESSAGES", "ImportRejected", "render"]

DEFAULT_LANG = "zh"

MESSAGES: dict[str, dict[str, str]] = {
    # --- file-level rejections -------------------------------------------------------------
    "file_missing": {
        "en": "File {file}: not found.",
        "zh": "文件 {file}：不存在。",
    },
    "unreadable": {
        "en": "File {file}: cannot be read as {format} ({detail}).",
        "zh": "文件 {file}：无法按 {format} 格式读取（{detail}）。",
    },
    "unknown_format": {
        "en": "File {file}: unsupported file type '{ext}' (use .csv, .xlsx or .parquet).",
        "zh": "文件 {file}：不支持的文件类型 '{ext}'（请使用 .csv、.xlsx 或 .parquet）。",
    },
    "unknown_encoding": {
        "en": "File {file}: unknown text encoding (tried UTF-8, UTF-8 with BOM, GB18030/GBK).",
        "zh": "文件 {file}：无法识别文本编码（已尝试 UTF-8、带 BOM 的 UTF-8、GB18030/GBK）。",
    },
    "no_employee_column": {
        "en": "File {file}{sheet}: no employee id column (expected one of: {expected}). "
        "Columns found: {found}.",
        "zh": "文件 {file}{sheet}：缺少员工工号列（应为以下之一：{expected}）。实际列：{found}。",
    },
    "no_cycle_column": {
        "en": "File {file}{sheet}: no cycle column (expected one of: {expected}).",
        "zh": "文件 {file}{sheet}：缺少考核周期列（应为以下之一：{expected}）。",
    },
    "no_data_columns": {
        "en": "File {file}{sheet}: no recognised rating, outcome, KPI or appeal columns. "
        "Columns found: {found}.",
        "zh": "文件 {file}{sheet}：未识别到评分、考核结果、KPI 或申诉列。实际列：{found}。",
    },
    "empty_file": {
        "en": "File {file}: contains no data rows.",
        "zh": "文件 {file}：没有数据行。",
    },
    "bad_mapping": {
        "en": "Mapping file {file}: {detail}",
        "zh": "映射文件 {file}：{detail}",
    },
    "sheet_not_found": {
        "en": "File {file}: sheet '{sheet}' not found (sheets: {found}).",
        "zh": "文件 {file}：找不到工作表 '{sheet}'（现有工作表：{found}）。",
    },
    # --- row-level quarantine reasons ------------------------------------------------------
    "empty_employee_id": {"en": "empty employee id", "zh": "员工工号为空"},
    "empty_cycle": {"en": "empty cycle", "zh": "考核周期为空"},
    "empty_rater_id": {"en": "empty rater id", "zh": "评价人工号为空"},
    "unknown_role": {
        "en": "unknown rater role (use self/manager/peer/skip_level/subordinate)",
        "zh": "无法识别的评价关系（应为 自评/上级/同事/隔级/下属）",
    },
    "not_a_score": {"en": "not a number or known grade", "zh": "不是数字，也不是已知等级"},
    "out_of_range": {"en": "score outside the scale {scale}", "zh": "分数超出量表范围 {scale}"},
    "duplicate_rating": {
        "en": "duplicate rating for the same cycle/employee/rater/dimension (first at row {first})",
        "zh": "同一周期/员工/评价人/维度的重复评分（首次出现在第 {first} 行）",
    },
    "self_rater_mismatch": {
        "en": "self review whose rater differs from the employee",
        "zh": "自评记录的评价人与员工本人不一致",
    },
    "not_a_number": {"en": "not a number", "zh": "不是数字"},
    "not_a_date": {"en": "not a date", "zh": "不是日期"},
    "empty_kpi": {"en": "empty KPI name", "zh": "指标名称为空"},
    # --- import results --------------------------------------------------------------------
    "duplicate_import": {
        "en": "File {file}: identical content was already imported on {when} (import {import_id});"
        " nothing changed.",
        "zh": "文件 {file}：相同内容已于 {when} 导入（导入编号 {import_id}），本次未做任何更改。",
    },
    "import_done": {
        "en": "File {file}: {loaded} rows loaded, {replaced} existing rows replaced, "
        "{quarantined} rows quarantined.",
        "zh": "文件 {file}：导入 {loaded} 行，替换已有 {replaced} 行，隔离 {quarantined} 行。",
    },
    "see_quarantine": {
        "en": "See the reasons with: python -m analytics quarantine --import-id {import_id}",
        "zh": "查看隔离原因：python -m analytics quarantine --import-id {import_id}",
    },
    "unmapped_columns": {
        "en": "Unmapped columns (not loaded): {columns}",
        "zh": "未映射的列（未导入）：{columns}",
    },
    "dimension_columns": {
        "en": "Columns read as rating dimensions: {columns}",
        "zh": "作为评价维度读取的列：{columns}",
    },
}


def render(code: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The message for ``code`` in ``lang`` (falls back to English, then to the code)."""
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    template = entry.get(lang) or entry["en"]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


class ImportRejected(Exception):
    """A file-level problem: the whole file is refused and nothing is written."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, "en", **params))

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return render(self.code, lang, **self.params)
