"""Import messages as the Data page says them (``import_page.<code>``): where the command line's
words (``import.<code>``) name an option or a mapping file, the page names its own controls.
Every other import message is the same on both (:func:`analytics.text.messages.render_page`)."""

TEXT: dict[str, dict[str, str]] = {
    "import_page.kpi_attainment_kept": {
        "zh": "文件 {file}：列 {columns} 是目标完成率，作为 KPI 导入（单元格即达成率，120% 记为 1.2，超过 100% 的值照常导入），不作为评价维度。如果它确是评价维度，请在上方“列映射”中把它设为“（评价维度）”。",
        "en": "File {file}: the columns {columns} hold target attainment and are read as KPIs (the cell is the attainment, 120% read as 1.2; values over 100% load as they are), not as rating dimensions. If one is a rating dimension, set it to “(rating dimension)” in “Column mapping” above.",
    },
    "import_page.roles_unknown": {
        "zh": "文件 {file}：列「{column}」的评价关系 {values} 无法识别（应为 自评/上级/同事/隔级/下属），这 {n} 条评分将进入隔离区，不会导入。请在上方“评价关系”中为每个值选择它是哪种评价关系。",
        "en": "File {file}: the rater roles {values} of column '{column}' are not recognised (known: self/manager/peer/skip-level/subordinate), so {n:#rating goes|ratings go} to the quarantine, not imported. Choose the role of each value under “Rater roles” above.",
    },
    "import_page.unknown_encoding": {
        "zh": "文件 {file}：无法识别文本编码（已尝试 UTF-8、UTF-16/32（带 BOM）、GB18030/GBK；检测到的候选：{candidates}，但读出的文字都不像正常文本）。请在上方“文本编码”中选择编码。",
        "en": "File {file}: unknown text encoding (tried UTF-8, UTF-16/32 with BOM, GB18030/GBK; detected candidates: {candidates}, none of which reads as plausible text). Choose the encoding under “Text encoding” above.",
    },
    "import_page.encoding_doubtful": {
        "zh": "文件 {file}：按 GB18030/GBK 解码后文字不合理（如“{example}”），文件可能是 {candidates} 编码。为避免写入乱码，暂不导入；请在上方“文本编码”中选择编码。",
        "en": "File {file}: decoded as GB18030/GBK the text is implausible (e.g. “{example}”); the file may be in {candidates}. It is not imported as it is, to keep garbled text out; choose the encoding under “Text encoding” above.",
    },
    "import_page.encoding_guessed": {
        "zh": "文件 {file}：编码由检测推断为 {encoding}（非确定）；已有员工的姓名、部门和团队不会被本文件覆盖。如不正确，请在上方“文本编码”中选择。",
        "en": "File {file}: the encoding was inferred as {encoding} (not certain); names, departments and teams already stored are not overwritten from this file. If wrong, choose it under “Text encoding” above.",
    },
    "import_page.ratings_dropped": {
        "zh": "文件 {file}：一个文件替换它所含的员工 × 评价关系 × 维度的已存储评分；{people} 名员工在 {cycles} 个周期（{cycle_list}）中有 {dropped} 条已存储的评分属于这些评价关系和维度，但其评价人不在本文件中，已被删除。如果这些评分应当保留，请重新上传它们所在的文件，并勾选“保留这些已存储的评分”后导入。",
        "en": "File {file}: a file replaces the stored ratings of the employees × rater roles × dimensions it holds; {dropped:#stored rating|stored ratings} of {people:#employee|employees} in {cycles:#cycle|cycles} ({cycle_list}) belong to those roles and dimensions but their raters are not in this file, and were dropped. If they should stay, upload the file that held them again and import it with “Keep those stored ratings” ticked.",
    },
    "import_page.ids_zeros_names_differ": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 对工号去掉前导零后数字相同，但姓名不同，按两个人分别导入，未合并：{pairs}。如确为同一人（例如改过名），请在源表中把该工号改为已有工号（如 101 改为 00101）后重新上传。",
        "en": "File {file} (id columns: {columns}): {n:#pair of ids has|pairs of ids have} the same number once leading zeros are dropped but different names; loaded as separate people, not joined: {pairs}. If a pair is really one person (a changed name, say), write the existing id in the source file (00101 for 101, say) and upload it again.",
    },
    "import_page.header_row": {
        "zh": "文件 {file}{sheet}：表头在第 {row} 行（其上方的 {skipped} 行标题或说明已跳过）。如不正确，请在上方“表头所在行”中指定。",
        "en": "File {file}{sheet}: header found in row {row} (rows above it skipped as title or notes: {skipped}). If wrong, set “Header row” above.",
    },
    "import_page.header_row_no_header_csv": {
        "zh": "文件 {file}：指定的表头行（第 {row} 行）不是表头：该行内容为 {cells}，其中没有员工工号等可识别的列名。请在上方“表头所在行”中改为正确的行，或清空它以自动查找表头。",
        "en": "File {file}: the header row given (row {row}) is no header: it holds {cells}, none of them a column name PerfLens knows (employee id …). Set the right row in “Header row” above, or clear it to find the header automatically.",
    },
    "import_page.header_row_no_header": {
        "zh": "文件 {file}：指定的表头行（第 {row} 行，工作表 '{sheet}'）不是表头：该行内容为 {cells}，其中没有员工工号等可识别的列名。请在上方“表头所在行”中改为正确的行，或清空它以自动查找表头。",
        "en": "File {file}: the header row given (row {row}, sheet '{sheet}') is no header: it holds {cells}, none of them a column name PerfLens knows (employee id …). Set the right row in “Header row” above, or clear it to find the header automatically.",
    },
    "import_page.header_rows": {
        "zh": "文件 {file}{sheet}：表头为第 {row}–{last} 行的合并表头（其上方的 {skipped} 行标题或说明已跳过）。如不正确，请在上方“表头所在行”中指定。",
        "en": "File {file}{sheet}: merged header in rows {row}–{last} (rows above it skipped as title or notes: {skipped}). If wrong, set “Header row” above.",
    },
    "import_page.header_rows_top": {
        "zh": "文件 {file}{sheet}：表头为第 {row}–{last} 行的合并表头，两行列名已合并。如不正确，请在上方“表头所在行”中指定。",
        "en": "File {file}{sheet}: merged header in rows {row}–{last}; the two rows of column names were joined. If wrong, set “Header row” above.",
    },
    "import_page.no_employee_column": {
        "zh": "文件 {file}{sheet}：未识别出员工工号列（可识别的列名：{expected}）。表头（第 {row} 行）的列：{found}。请在下方“列映射”中把工号所在的列设为“员工工号”；如果表头不在第 {row} 行，先在上方“表头所在行”中指定表头行。",
        "en": "File {file}{sheet}: no employee id column was recognised (known names: {expected}). Columns of the header (row {row}): {found}. In “Column mapping” below, set the column holding the ids to “Employee ID”; if the header is not in row {row}, set “Header row” above first.",
    },
    "import_page.no_cycle_column": {
        "zh": "文件 {file}{sheet}：未识别出考核周期列（可识别的列名：{expected}）。请在下方“列映射”中把周期所在的列设为“考核周期”；工作表中没有周期列时，请在下方“此工作表的考核周期”中填写（如 2026年上半年）。",
        "en": "File {file}{sheet}: no cycle column was recognised (known names: {expected}). In “Column mapping” below, set the column holding the cycle to “Cycle”; when a sheet has no cycle column, type its cycle under “This sheet's cycle” below (e.g. 2026H1).",
    },
    "import_page.no_data_columns": {
        "zh": "文件 {file}{sheet}：未识别到评分、考核结果、KPI 或申诉列。请在下方“列映射”中指定各列的含义（评分列可设为“评价维度”）。实际列：{found}。",
        "en": "File {file}{sheet}: no rating, outcome, KPI or appeal columns were recognised. Say what the columns hold in “Column mapping” below (a score column can be a “rating dimension”). Columns found: {found}.",
    },
    "import_page.scale_ambiguous": {
        "zh": "文件 {file}：维度「{dimension:@dim?}」（周期 {cycle}）的分值同样符合 {a} 和 {b} 两种分制，无法判断。请在上方“分制”中为「{dimension:@dim?}」选择分制。",
        "en": "File {file}: the values of dimension '{dimension:@dim?}' (cycle {cycle}) fit the scales {a} and {b} equally. Choose the scale of '{dimension:@dim?}' under “Scales” above.",
    },
    "import_page.grade_scale_ambiguous": {
        "zh": "文件 {file}：等级 {labels}（维度：{dimensions}）同时属于多种等级制：{candidates}，各等级对应的分数不同，无法判断。暂不导入。请在上方“分制”中为这些维度选择等级制。",
        "en": "File {file}: the grades {labels} (dimensions: {dimensions}) belong to several grade scales: {candidates}, which score them differently. Not imported as it is. Choose the grade scale of these dimensions under “Scales” above.",
    },
    "import_page.scale_conflict": {
        "zh": "文件 {file}：维度「{dimension:@dim?}」在周期 {cycle} 已按 {stored} 分制存储，但本文件的分值大多符合 {found}。如果分制确已改变，请在上方“分制”中为「{dimension:@dim?}」选择 {found}。",
        "en": "File {file}: dimension '{dimension:@dim?}' of cycle {cycle} is stored on the scale {stored}, but most values of this file fit {found}. If the scale really changed, choose {found} for '{dimension:@dim?}' under “Scales” above.",
    },
    "import_page.scales_changed": {
        "zh": "文件 {file}：以下 {n} 项（维度 · 新周期）的分值符合另一种分制，与数据库中按更早周期存储的分制不同（维度 · 新周期：已存储分制（其周期）→ 本文件的分制）：{changes}。暂不导入。如果分制确已改变，请在上方“分制”中为每一项选择本文件的分制。",
        "en": "File {file}: the values of {n} (dimension · new cycle) pairs fit another scale than the one the database keeps from an earlier cycle (dimension · new cycle: stored scale (its cycle) → this file's scale): {changes}. Not imported as it is. If the scales really changed, choose this file's scale for each under “Scales” above.",
    },
    "import_page.scale_changed": {
        "zh": "文件 {file}：维度（列）「{dimension:@dim?}」在新周期 {cycle} 的分值符合 {found} 分制，而数据库中该维度按 {stored} 分制存储（周期 {other}）。暂不导入。如果分制确已改变，请在上方“分制”中为「{dimension:@dim?}」选择 {found}。",
        "en": "File {file}: the values of dimension (column) '{dimension:@dim?}' in the new cycle {cycle} fit the scale {found}, while the database keeps {stored} for it (cycle {other}). Not imported as it is. If the scale really changed, choose {found} for '{dimension:@dim?}' under “Scales” above.",
    },
    "import_page.grade_numbers_as_score": {
        "zh": "文件 {file}：列 {column} 全是数字（{values}），按最终得分（分制见下）导入，而不是等级。如果它确是等级，请在“列映射”中把它设为“绩效等级”。",
        "en": "File {file}: column {column} holds numbers only ({values}) and is loaded as the final score (its scale below), not as grades. If it is a grade, set it to “Grade” in “Column mapping”.",
    },
    "import_page.score_columns_not_imported": {
        "zh": "文件 {file}{sheet}：以下列是评分（评分范围内的数字或等级），但没有导入，任何分析都不包含它们：{columns}。请在“列映射”中指定各列是谁的评分（自评得分、上级评分、同事评分 …），或设为“（不导入）”有意排除。",
        "en": "File {file}{sheet}: these columns hold ratings (numbers in a rating scale, or grades) but are not imported, so no analysis includes them: {columns}. Say whose rating each is in “Column mapping” (Self score, Manager score, Peer score …), or set it to “(not loaded)” to leave it out on purpose.",
    },
    "import_page.score_as_manager_rating": {
        "zh": "文件 {file}{sheet}：列「{column}」按上级的评分读取（评价人 = 列「{rater}」），与各评价关系的评分列（自评、同事 …）并列。如不对（例如它是最终得分），请在“列映射”中改为它的含义。",
        "en": "File {file}{sheet}: column '{column}' read as the manager's rating (rater = {rater}), beside the columns of the other rater roles (self, peer …). If it is something else (the final score, say), set what it holds in “Column mapping”.",
    },
    "import_page.score_by_manager": {
        "zh": "文件 {file}{sheet}：没有评价人列，每人每周期一行，列「{column}」按直属上级（列「{rater}」）给此人的评分读取（评价关系：上级），评价人分析可用。如不对（例如它是最终得分），请在“列映射”中把「{column}」设为“最终得分”。",
        "en": "File {file}{sheet}: there is no rater column and each person has one row per cycle, so column '{column}' is read as the rating by the person's manager (column '{rater}', role manager), and the rater analyses are available. If it is something else (the final score, say), set '{column}' to “Final score” in “Column mapping”.",
    },
    "import_page.score_as_manager_no_rater": {
        "zh": "文件 {file}{sheet}：列「{column}」按上级的评分读取，与各评价关系的评分列（自评、同事 …）并列；文件中没有直属上级列，这些评分的评价人无法识别。如有一列是上级工号，请在“列映射”中把它设为“直属上级工号”；如「{column}」是最终得分，请设为“最终得分”。",
        "en": "File {file}{sheet}: column '{column}' read as the manager's rating, beside the columns of the other rater roles (self, peer …); the file has no manager column, so these ratings have no identified rater. If a column holds the manager's id, set it to “Manager ID” in “Column mapping”; if '{column}' is the final score, set it to “Final score”.",
    },
    "import_page.score_as_final_score": {
        "zh": "文件 {file}{sheet}：已有上级评分列，列「{column}」按最终得分（考核结果）读取。如不对，请在“列映射”中改为它的含义。",
        "en": "File {file}{sheet}: there is a manager score column already, so column '{column}' was read as the final score (a result). If that is wrong, set what it holds in “Column mapping”.",
    },
    "import_page.manager_rater_missing": {
        "zh": "文件 {file}：文件中没有直属上级列或评价人列，列「{column}」的 {n} 条上级评分没有可识别的评价人：计入人员得分和自评/上级/同事对比，但不进入评价人宽严、评价人一致性等针对具体评价人的统计。如有一列是上级工号，请在“列映射”中把它设为“直属上级工号”。",
        "en": "File {file}: the file has no manager or rater column, so in column '{column}' {n:#manager rating has|manager ratings have} no identified rater: counted in person scores and the self/manager/peer comparison but left out of the statistics of individual raters (leniency, agreement between raters). If a column holds the manager's id, set it to “Manager ID” in “Column mapping”.",
    },
    "import_page.not_a_dimension": {
        "zh": "文件 {file}：数值列「{column}」看起来是人员属性（年龄、工龄、出勤等），不作为评价维度导入。如果它确是评价维度，请在“列映射”中把它设为“评价维度”。",
        "en": "File {file}: the numeric column '{column}' looks like a personal attribute (age, tenure, attendance …) and is not loaded as a rating dimension. If it is one, set it to “rating dimension” in “Column mapping”.",
    },
    "import_page.dimension_odd_scale": {
        "zh": "文件 {file}：列「{column}」按 {scale} 分制作为评价维度读取，而其他维度是 {common}。如果它确是按 {scale} 打分的评价维度（例如百分制的业绩），无需处理：导入后该分制存入数据库，以后不再提示；如果它不是评价维度（例如出勤天数），请在“列映射”中把它设为“不导入”。",
        "en": "File {file}: the column '{column}' is read as a rating dimension on the scale {scale}, while the other dimensions use {common}. If it is a rating on {scale} (a performance score out of 100, say), nothing needs doing: once imported, the scale is stored and later files will not ask again; if it is not a rating (days of attendance, say), set it to “not loaded” in “Column mapping”.",
    },
    "import_page.scale_differs": {
        "zh": "文件 {file}：维度「{dimension:@dim?}」在周期 {cycle} 按 {scale} 分制读取，而在周期 {other} 为 {earlier}。如果不对，请在“分制”中为它选择分制。",
        "en": "File {file}: dimension '{dimension:@dim?}' of cycle {cycle} is read on the scale {scale}, while cycle {other} uses {earlier}. If that is wrong, choose its scale under “Scales”.",
    },
    "import_page.scale_line_mapping": {
        "zh": "分制 {scale}（在本页指定）：{dimensions}",
        "en": "Scale {scale} (chosen on this page): {dimensions}",
    },
    "import_page.csv_ragged": {
        "zh": "文件 {file} 第 {row} 行有 {found} 列，而表头只有 {expected} 列。如果表头不在第 1 行（上面有标题或说明），请在上方“表头所在行”中指定；否则该行多半有未加引号的分隔符“{sep}”，请修正该行，或在 Excel 中另存为 CSV 或 XLSX 后重新上传。",
        "en": "File {file}, row {row}: {found:#cell|cells}, but the header has {expected}. If the header is not in row 1 (a title or note above it), set “Header row” above; otherwise the row probably holds an unquoted separator '{sep}': fix that row, or save the file from Excel as CSV or XLSX and upload it again.",
    },
    "import_page.xlsx_sheet_unreadable": {
        "zh": "文件 {file} 的工作表“{sheet}”无法读取：请在 Excel 中检查该工作表，另存为 .xlsx 后重新上传。",
        "en": "File {file}, sheet '{sheet}' cannot be read: check that sheet in Excel, save the workbook as .xlsx again and upload it.",
    },
    "import_page.roles_one_rater_manager": {
        "zh": "文件 {file}：没有评价关系列，每人每周期只有一位评价人（列「{column}」），{n} 条评分已按此人直属上级的评分（上级评价）导入。如不对，请在文件中加上评价关系列，或在“列映射”中指定。",
        "en": "File {file}: there is no rater role column and each person has one rater per cycle (column '{column}'), so {n:#rating was|ratings were} loaded as ratings by the person's manager. If that is wrong, add a rater role column to the file or map one in “Column mapping”.",
    },
    "import_page.manager_column_as_rater": {
        "zh": "文件 {file}{sheet}：没有评价人列，分数按列「{column}」中的直属上级给出的评分导入（每个周期的上级随评分保存）。如不对，请在“列映射”中把「{column}」改回“直属上级工号”。",
        "en": "File {file}{sheet}: there is no rater column, so the scores were loaded as ratings by the manager in column '{column}' (each cycle's manager is kept with its ratings). If that is wrong, set '{column}' back to “Manager ID” in “Column mapping”.",
    },
    "import_page.total_as_rating": {
        "zh": "文件 {file}{sheet}：列「{column}」在同一人同一周期的各行（各评价人，见列「{rater}」）取值不同，因此按每位评价人给的评分（得分）导入，而不是每人的最终得分。如它其实是每人的最终得分，请在“列映射”中把「{column}」设为“最终得分”。",
        "en": "File {file}{sheet}: column '{column}' differs between the rows of one person and cycle (one per rater, see column '{rater}'), so it is imported as each rater's score, not as the person's final score. If it is the final score, set '{column}' to “Final score” in “Column mapping”.",
    },
    "import_page.rater_without_scores": {
        "zh": "文件 {file}{sheet}：有评价人列「{rater}」，但没有评价人给的分数列，分数和等级只作为考核结果导入；评价人宽严、评价人之间的比较等评价人分析将不可用。如有一列是评价人给的分数，请在“列映射”中把它设为“得分”。",
        "en": "File {file}{sheet}: there is a rater column ('{rater}') but no column of the raters' scores, so scores and grades load as results only; the rater analyses (leniency, comparing raters) will be unavailable. If a column holds the rater's score, set it to “Score” in “Column mapping”.",
    },
    "import_page.no_rater_results_only": {
        "zh": "文件 {file}{sheet}：没有评价人列，分数和等级只作为考核结果导入；评价人宽严、评价人之间的比较等评价人分析将不可用。如有一列是评价人（考核人）工号，请在“列映射”中把它设为“评价人工号”；如分数是每人直属上级给的评分（上级工号列旁只有一列分数），请把分数列设为“上级评分”（把上级列设为“评价人工号”会把它们读成同事的评分）。",
        "en": "File {file}{sheet}: there is no rater column, so scores and grades load as results only; the rater analyses (leniency, comparing raters) will be unavailable. If a column holds the rater's id, set it to “Rater ID” in “Column mapping”; if the scores are each person's manager's rating (a manager id column beside one score), set the score column to “Manager score” (setting the manager column to “Rater ID” would read them as peers' ratings).",
    },
    "import_page.columns_not_imported": {
        "zh": "文件 {file}{sheet}：以下列不导入：{columns}。如需导入，请在“列映射”中指定其含义。",
        "en": "File {file}{sheet}: these columns are not imported: {columns}. To import one, say what it holds in “Column mapping”.",
    },
    "import.ratings_will_drop": {
        "zh": "文件 {file}：一个文件替换它所含的员工 × 评价关系 × 维度的已存储评分；{people} 名员工在 {cycles} 个周期（{cycle_list}）中有 {dropped} 条已存储的评分属于这些评价关系和维度，但其评价人不在本文件中，导入后将被删除。如果这些评分应当保留（例如同事评分按评价人分多个文件导出），请勾选下面的“保留这些已存储的评分”。",
        "en": "File {file}: a file replaces the stored ratings of the employees × rater roles × dimensions it holds; {dropped:#stored rating|stored ratings} of {people:#employee|employees} in {cycles:#cycle|cycles} ({cycle_list}) belong to those roles and dimensions but their raters are not in this file, and will be dropped. If they should stay (peer ratings exported one file per rater, say), tick “Keep those stored ratings” below.",
    },
    "import.scale_source_detected": {"zh": "按数据识别", "en": "detected from the values"},
    "import.scale_source_stored": {"zh": "沿用数据库中的分制", "en": "kept from the database"},
    "import.scale_source_mapping": {"zh": "已指定", "en": "declared"},
}
