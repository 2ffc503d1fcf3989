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
        "zh": "文件 {file}：导入 {loaded} 行，替换已有 {replaced} 行，隔离 {quarantined} 行（{cells} 个单元格）。",
        "en": "File {file}: {loaded} rows loaded, {replaced} existing rows replaced, {quarantined} rows quarantined ({cells} cells).",
    },
    "import.out_of_scale": {
        "zh": "分数超出该维度的分制 {scale}",
        "en": "score outside the dimension's scale {scale}",
    },
    "import.no_scale": {
        "zh": "分值不符合任何标准分制（1-5 / 1-10 / 0-100）",
        "en": "values fit no standard scale (1-5 / 1-10 / 0-100)",
    },
    "import.ambiguous_number": {
        "zh": "数字有歧义：本列使用小数逗号（如 0,4），此值可能是千分位也可能是小数",
        "en": "ambiguous number: this column uses decimal commas (like 0,4), so this value may be thousands or a decimal",
    },
    "import.rater_is_employee": {
        "zh": "评价人就是员工本人，但评价关系不是自评（不作为上级/同事评分导入）",
        "en": "the rater is the employee, but the role is not self (not loaded as a manager or peer rating)",
    },
    "import.scale_ambiguous": {
        "zh": '文件 {file}：维度「{dimension}」（周期 {cycle}）的分值同样符合 {a} 和 {b} 两种分制，无法判断。请在映射文件的 scales 中写明，例如 scales = {{ "{dimension}" = "{b}" }}，再用 --mapping 导入。',
        "en": 'File {file}: the values of dimension \'{dimension}\' (cycle {cycle}) fit the scales {a} and {b} equally. Declare the scale under scales in a mapping file, e.g. scales = {{ "{dimension}" = "{b}" }}, and import with --mapping.',
    },
    "import.scale_conflict": {
        "zh": '文件 {file}：维度「{dimension}」在周期 {cycle} 已按 {stored} 分制存储，但本文件的分值大多符合 {found}。如果分制确已改变，请在映射文件的 scales 中写明（例如 scales = {{ "{dimension}" = "{found}" }}），再用 --mapping 导入。',
        "en": 'File {file}: dimension \'{dimension}\' of cycle {cycle} is stored on the scale {stored}, but most values of this file fit {found}. If the scale really changed, declare it under scales in a mapping file (e.g. scales = {{ "{dimension}" = "{found}" }}) and import with --mapping.',
    },
    "import.scale_line_detected": {
        "zh": "分制 {scale}（按数据识别）：{dimensions}",
        "en": "Scale {scale} (detected from the values): {dimensions}",
    },
    "import.scale_line_stored": {
        "zh": "分制 {scale}（沿用数据库中已有的分制）：{dimensions}",
        "en": "Scale {scale} (kept from the database): {dimensions}",
    },
    "import.scale_line_mapping": {
        "zh": "分制 {scale}（映射文件指定）：{dimensions}",
        "en": "Scale {scale} (declared in the mapping): {dimensions}",
    },
    "import.final_score_dimension": {"zh": "最终得分", "en": "final score"},
    "import.overall_dimension": {"zh": "总评（不分维度）", "en": "overall (no dimension)"},
    "import.warnings_header": {
        "zh": "警告（数据已导入，请核对）：",
        "en": "Warnings (the data was imported; please check):",
    },
    "import.summary_rows_skipped": {
        "zh": "文件 {file}：跳过 {n} 个汇总行（合计/平均等，行号:内容 {rows}）。",
        "en": "File {file}: skipped {n} summary rows (totals/averages; row:text {rows}).",
    },
    "import.placeholders_missing": {
        "zh": "文件 {file}：{n} 个单元格是占位符（NaN、N/A、—、无 等），按缺失值处理。",
        "en": "File {file}: {n} cells hold placeholders (NaN, N/A, —, none …) and were read as missing values.",
    },
    "import.undated_cycle": {
        "zh": "文件 {file}：无法从周期「{label}」读出日期（应如 2025Q3、2025年第3季度、2025年7-9月），它将排在已知日期的周期之后。请在源数据中写明年份，或在数据页调整周期顺序。",
        "en": "File {file}: no date can be read from the cycle '{label}' (expected e.g. 2025Q3, 2025年第3季度, 2025年7-9月); it sorts after the dated cycles. Put the year in the source data or set the cycle order on the Data page.",
    },
    "import.not_a_dimension": {
        "zh": "文件 {file}：数值列「{column}」看起来是人员属性（年龄、工龄、出勤等），未作为评价维度导入。如果它确是评价维度，请在映射文件的 dimensions 中写明。",
        "en": "File {file}: the numeric column '{column}' looks like a personal attribute (age, tenure, attendance …) and was not loaded as a rating dimension. If it is one, list it under dimensions in a mapping file.",
    },
    "import.dimension_odd_scale": {
        "zh": '文件 {file}：列「{column}」按 {scale} 分制作为评价维度导入，而其他维度是 {common}。如果它不是评价维度，请用 --exclude "{column}"（或映射文件的 exclude）排除后重新导入。',
        "en": "File {file}: the column '{column}' was loaded as a rating dimension on the scale {scale}, while the other dimensions use {common}. If it is not a rating, re-import with --exclude \"{column}\" (or exclude in a mapping file).",
    },
    "import.scale_differs": {
        "zh": "文件 {file}：维度「{dimension}」在周期 {cycle} 按 {scale} 分制读取，而在周期 {other} 为 {earlier}。如果不对，请在映射文件的 scales 中写明。",
        "en": "File {file}: dimension '{dimension}' of cycle {cycle} was read on the scale {scale}, while cycle {other} uses {earlier}. If that is wrong, declare the scale under scales in a mapping file.",
    },
    "import.dates_month_first": {
        "zh": "文件 {file}：列「{column}」的日期（如 03/04/2025）无法区分日/月，已按 月/日/年 读取。",
        "en": "File {file}: the dates of column '{column}' (like 03/04/2025) do not tell day from month; they were read as month/day/year.",
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
