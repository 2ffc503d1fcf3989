"""Import errors, quarantine reasons and import results (``import.<code>``): the ingest layer
raises and records the codes, the CLI and the Data page say the same words."""

TEXT: dict[str, dict[str, str]] = {
    "import.file_missing": {"zh": "文件 {file}：不存在。", "en": "File {file}: not found."},
    "import.unreadable": {
        "zh": "文件 {file}：无法按 {format} 格式读取（{detail}）。",
        "en": "File {file}: cannot be read as {format} ({detail}).",
    },
    "import.unknown_format": {
        "zh": "文件 {file}：不支持的文件类型 '{ext}'（请使用 .csv、.xlsx 或 .parquet）。",
        "en": "File {file}: unsupported file type '{ext}' (use .csv, .xlsx or .parquet).",
    },
    "import.unknown_encoding": {
        "zh": "文件 {file}：无法识别文本编码（已尝试 UTF-8、带 BOM 的 UTF-8、GB18030/GBK）。",
        "en": "File {file}: unknown text encoding (tried UTF-8, UTF-8 with BOM, GB18030/GBK).",
    },
    "import.no_employee_column": {
        "zh": "文件 {file}{sheet}：缺少员工工号列（应为以下之一：{expected}）。实际列：{found}。",
        "en": "File {file}{sheet}: no employee id column (expected one of: {expected}). Columns found: {found}.",
    },
    "import.no_cycle_column": {
        "zh": "文件 {file}{sheet}：缺少考核周期列（应为以下之一：{expected}）。",
        "en": "File {file}{sheet}: no cycle column (expected one of: {expected}).",
    },
    "import.no_data_columns": {
        "zh": "文件 {file}{sheet}：未识别到评分、考核结果、KPI 或申诉列。实际列：{found}。",
        "en": "File {file}{sheet}: no recognised rating, outcome, KPI or appeal columns. Columns found: {found}.",
    },
    "import.empty_file": {
        "zh": "文件 {file}：没有数据行。",
        "en": "File {file}: contains no data rows.",
    },
    "import.bad_mapping": {
        "zh": "映射文件 {file}：{detail}",
        "en": "Mapping file {file}: {detail}",
    },
    "import.sheet_not_found": {
        "zh": "文件 {file}：找不到工作表 '{sheet}'（现有工作表：{found}）。",
        "en": "File {file}: sheet '{sheet}' not found (sheets: {found}).",
    },
    "import.empty_employee_id": {"zh": "员工工号为空", "en": "empty employee id"},
    "import.empty_cycle": {"zh": "考核周期为空", "en": "empty cycle"},
    "import.empty_rater_id": {"zh": "评价人工号为空", "en": "empty rater id"},
    "import.unknown_role": {
        "zh": "无法识别的评价关系（应为 自评/上级/同事/隔级/下属）",
        "en": "unknown rater role (use self/manager/peer/skip_level/subordinate)",
    },
    "import.not_a_score": {"zh": "不是数字，也不是已知等级", "en": "not a number or known grade"},
    "import.out_of_range": {
        "zh": "分数超出量表范围 {scale}",
        "en": "score outside the scale {scale}",
    },
    "import.duplicate_rating": {
        "zh": "同一周期/员工/评价人/维度的重复评分（首次出现在第 {first} 行）",
        "en": "duplicate rating for the same cycle/employee/rater/dimension (first at row {first})",
    },
    "import.self_rater_mismatch": {
        "zh": "自评记录的评价人与员工本人不一致",
        "en": "self review whose rater differs from the employee",
    },
    "import.not_a_number": {"zh": "不是数字", "en": "not a number"},
    "import.not_a_date": {"zh": "不是日期", "en": "not a date"},
    "import.empty_kpi": {"zh": "指标名称为空", "en": "empty KPI name"},
    "import.duplicate_import": {
        "zh": "文件 {file}：相同内容已于 {when} 导入（导入编号 {import_id}），本次未做任何更改。",
        "en": "File {file}: identical content was already imported on {when} (import {import_id}); nothing changed.",
    },
    "import.import_done": {
        "zh": "文件 {file}：导入 {loaded} 行，替换已有 {replaced} 行，隔离 {quarantined} 行。",
        "en": "File {file}: {loaded} rows loaded, {replaced} existing rows replaced, {quarantined} rows quarantined.",
    },
    "import.see_quarantine": {
        "zh": "查看隔离原因：python -m analytics quarantine --import-id {import_id}",
        "en": "See the reasons with: python -m analytics quarantine --import-id {import_id}",
    },
    "import.unmapped_columns": {
        "zh": "未映射的列（未导入）：{columns}",
        "en": "Unmapped columns (not loaded): {columns}",
    },
    "import.dimension_columns": {
        "zh": "作为评价维度读取的列：{columns}",
        "en": "Columns read as rating dimensions: {columns}",
    },
}
