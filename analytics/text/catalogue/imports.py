"""Import errors, quarantine reasons and import results (``import.<code>``): the ingest layer
raises and records the codes, the CLI and the Data page say the same words."""

TEXT: dict[str, dict[str, str]] = {
    "import.file_missing": {"zh": "文件 {file}：不存在。", "en": "File {file}: not found."},
    "import.unreadable": {
        "zh": "文件 {file}：无法按 {format} 格式读取（{detail}）。",
        "en": "File {file}: cannot be read as {format} ({detail}).",
    },
    "import.unknown_format": {
        "zh": "文件 {file}：不支持的文件类型 '{ext}'（请使用 .csv、.xlsx、.xls 或 .parquet；其他表格请在 Excel 中另存为 .xlsx 或 CSV）。",
        "en": "File {file}: unsupported file type '{ext}' (use .csv, .xlsx, .xls or .parquet; save other tables from Excel as .xlsx or CSV).",
    },
    "import.xls_not_excel": {
        "zh": "文件 {file}：扩展名是 .xls，但内容不是 Excel 工作簿，而是{kind:@xls_kind}（钉钉、OA 等系统常这样导出），无法直接读取。请用 Excel 打开它，另存为“Excel 工作簿 (.xlsx)”或“CSV UTF-8 (逗号分隔)”，再导入新文件。",
        "en": "File {file}: named .xls, but it is no Excel workbook: it is {kind:@xls_kind} (DingTalk, OA systems and others export so), which cannot be read as it is. Open it in Excel, save it as “Excel Workbook (.xlsx)” or “CSV UTF-8 (Comma delimited)”, and import the new file.",
    },
    "xls_kind.html": {"zh": "网页（HTML）格式的表格", "en": "a web page (HTML) table"},
    "xls_kind.text": {"zh": "文本格式的表格", "en": "a text table"},
    "import.xls_unreadable": {
        "zh": "文件 {file}：旧版 Excel (.xls) 文件无法读取（可能已损坏或受密码保护）。请用 Excel 打开它，另存为“Excel 工作簿 (.xlsx)”或“CSV UTF-8 (逗号分隔)”，再导入新文件。",
        "en": "File {file}: the old Excel (.xls) file cannot be read (it may be damaged or password-protected). Open it in Excel, save it as “Excel Workbook (.xlsx)” or “CSV UTF-8 (Comma delimited)”, and import the new file.",
    },
    "import.unknown_encoding": {
        "zh": "文件 {file}：无法识别文本编码（已尝试 UTF-8、UTF-16/32（带 BOM）、GB18030/GBK；检测到的候选：{candidates}，但读出的文字都不像正常文本）。请用 --encoding（或映射文件中的 encoding）指定编码。",
        "en": "File {file}: unknown text encoding (tried UTF-8, UTF-16/32 with BOM, GB18030/GBK; detected candidates: {candidates}, none of which reads as plausible text). Give the encoding with --encoding (or encoding in the mapping file).",
    },
    "import.encoding_doubtful": {
        "zh": "文件 {file}：按 GB18030/GBK 解码后文字不合理（如“{example}”），文件可能是 {candidates} 编码。为避免写入乱码，未导入；请用 --encoding（或映射文件中的 encoding）指定编码。",
        "en": "File {file}: decoded as GB18030/GBK the text is implausible (e.g. “{example}”); the file may be in {candidates}. Nothing was imported, to keep garbled text out; give the encoding with --encoding (or encoding in the mapping file).",
    },
    "import.bad_encoding": {
        "zh": "文件 {file}：无法按编码 {encoding} 读取（编码名称未知或文件内容不符）。",
        "en": "File {file}: cannot be read in the encoding {encoding} (unknown name, or the bytes do not fit it).",
    },
    "import.encoding_guessed": {
        "zh": "文件 {file}：编码由检测推断为 {encoding}（非确定）；已有员工的姓名、部门和团队不会被本文件覆盖。如不正确，请用 --encoding 指定。",
        "en": "File {file}: the encoding was inferred as {encoding} (not certain); names, departments and teams already stored are not overwritten from this file. If wrong, give it with --encoding.",
    },
    "import.roster_kept_newer": {
        "zh": "文件 {file}：{n} 名员工在数据库中已有更新周期的数据（如 {examples}），其姓名、部门等保留最新周期的写法；本文件只补充空缺的字段。",
        "en": "File {file}: {n:#employee has|employees have} data of a later cycle in the database (e.g. {examples}); their name, department and other attributes stay as the latest cycle has them, and this file only fills blanks.",
    },
    "import.names_kept": {
        "zh": "文件 {file}：因编码为推断，{n} 名员工保留了已存储的姓名/部门/团队（文件中的写法不同）。",
        "en": "File {file}: the encoding being a guess, {n:#employee|employees} keep their stored name/department/team (the file spells them differently).",
    },
    "import.bad_header_row": {
        "zh": "文件 {file}{sheet}：指定的表头行 {row} 超出了文件的前几行（表头须在前 30 行内）。",
        "en": "File {file}{sheet}: the header row {row} given is beyond the rows read for the header (it must be within the first 30).",
    },
    "import.bad_header_row_arg": {
        "zh": "--header-row {row}：表头行号须为 1、2、3……",
        "en": "--header-row {row}: the header row must be 1, 2, 3 …",
    },
    "import.header_row": {
        "zh": "文件 {file}{sheet}：表头在第 {row} 行（其上方的 {skipped} 行标题或说明已跳过）。如不正确，请用 --header-row 指定。",
        "en": "File {file}{sheet}: header found in row {row} (rows above it skipped as title or notes: {skipped}). If wrong, give it with --header-row.",
    },
    "import.header_rows": {
        "zh": "文件 {file}{sheet}：表头为第 {row}–{last} 行的合并表头（其上方的 {skipped} 行标题或说明已跳过）。如不正确，请用 --header-row 指定。",
        "en": "File {file}{sheet}: merged header in rows {row}–{last} (rows above it skipped as title or notes: {skipped}). If wrong, give it with --header-row.",
    },
    "import.header_rows_top": {
        "zh": "文件 {file}{sheet}：表头为第 {row}–{last} 行的合并表头，两行列名已合并。如不正确，请用 --header-row 指定。",
        "en": "File {file}{sheet}: merged header in rows {row}–{last}; the two rows of column names were joined. If wrong, give it with --header-row.",
    },
    "import.merged_cells_filled": {
        "zh": "文件 {file}：工作表 '{sheet}' 中的合并单元格 {ranges} 的值已填入合并范围内的每一行（文件只在第一个单元格保存该值）。",
        "en": "File {file}: sheet '{sheet}': the value of each merged cell range {ranges} was filled into every row of its range (the file stores it in the first cell only).",
    },
    "import.sheet_skipped_empty": {
        "zh": "文件 {file}：工作表 '{sheet}' 为空或是图表，已跳过。",
        "en": "File {file}: sheet '{sheet}' is empty or a chart; skipped.",
    },
    "import.sheet_skipped_no_table": {
        "zh": "文件 {file}：工作表 '{sheet}' 中没有可识别的数据表（未找到含员工工号的表头），已跳过。",
        "en": "File {file}: sheet '{sheet}' holds no recognisable table (no header with an employee id); skipped.",
    },
    "import.header_row_no_header": {
        "zh": "文件 {file}：指定的表头行（第 {row} 行，工作表 '{sheet}'）不是表头：该行内容为 {cells}，其中没有员工工号等可识别的列名。请检查 --header-row（或映射文件的 header_row）应指向哪一行；不指定时会自动查找表头。",
        "en": "File {file}: the header row given (row {row}, sheet '{sheet}') is no header: it holds {cells}, none of them a column name PerfLens knows (employee id …). Check which row --header-row (or header_row in the mapping file) should name; without it the header is found automatically.",
    },
    "import.no_table_in_workbook": {
        "zh": "文件 {file}：没有任何工作表包含可识别的数据表（需要一行含员工工号等列名的表头，位于前 30 行内）。工作表：{sheets}。",
        "en": "File {file}: no sheet holds a recognisable table (a header row naming the employee id and other columns, within the first 30 rows). Sheets: {sheets}.",
    },
    "import.cycle_from_month_column": {"zh": "{column}（→考核周期）", "en": "{column} (→ cycle)"},
    "import.kpi_months_mapped": {
        "zh": "文件 {file}{sheet}：没有考核周期列，已按「{column}」列的月份归入数据库中已有的周期：{pairs}。如不正确，请在文件中加上考核周期列后重新导入。",
        "en": "File {file}{sheet}: no cycle column; the months of column '{column}' were put in the cycles the database holds: {pairs}. If that is wrong, add a cycle column to the file and import it again.",
    },
    "import.kpi_months_no_cycle": {
        "zh": "文件 {file}{sheet}：缺少考核周期列，且「{column}」列的月份无法各自对应到数据库中唯一一个已有周期（月份 → 所在周期：{months}；已有周期：{cycles}）。该文件未导入。请在文件中加上考核周期列（{expected}）后重新导入。",
        "en": "File {file}{sheet}: no cycle column, and the months of column '{column}' do not each lie in exactly one cycle the database holds (month → cycles it lies in: {months}; stored cycles: {cycles}). The file was not imported. Add a cycle column ({expected}) to the file and import it again.",
    },
    "import.sheets_roster_conflict": {
        "zh": "文件 {file}：{n} 名员工的人员信息在不同工作表中不一致（例如工号 {employee} 的「{column}」在工作表「{sheet}」第 {row} 行为 {value}，在工作表「{other_sheet}」第 {other_row} 行为 {other_value}）；已采用靠后工作表中的值。请核对源文件。",
        "en": "File {file}: {n:#person's|people's} details differ between sheets (e.g. employee {employee} '{column}' is {value} in sheet '{sheet}' row {row}, {other_value} in sheet '{other_sheet}' row {other_row}); the later sheet's value was kept. Check the source file.",
    },
    "import.sheets_conflict": {
        "zh": "文件 {file}：{n} 条记录在不同工作表中的值不一致（例如工作表「{sheet}」第 {row} 行「{column}」为 {value}，工作表「{other_sheet}」第 {other_row} 行为 {other_value}），无法判断哪一个正确：这些记录在各工作表中的值均已隔离，未导入。请在源文件中更正后重新导入。",
        "en": "File {file}: {n:#record differs|records differ} between sheets (e.g. sheet '{sheet}' row {row} '{column}' is {value}, sheet '{other_sheet}' row {other_row} says {other_value}); which is right cannot be told, so every sheet's version was quarantined, not loaded. Correct the source file and import it again.",
    },
    "import.sheet_conflict": {
        "zh": "与工作表「{other_sheet}」第 {other_row} 行的值 {other_value} 不一致（同一条记录），两者都未导入",
        "en": "differs from sheet '{other_sheet}' row {other_row} ({other_value}) for the same record; neither was loaded",
    },
    "import.sheets_repeat": {
        "zh": "文件 {file}：{n} 条记录在多个工作表中重复出现且没有新的字段，只计一次。",
        "en": "File {file}: {n:#record appears|records appear} again in a later sheet with no field of its own; counted once.",
    },
    "import.sheets_joined": {
        "zh": "文件 {file}：{n} 条记录也在前面的工作表（{sheets}）中，各合并为一条记录：本工作表补充其 {columns}，其余字段取自前面的工作表。",
        "en": "File {file}: {n:#record is|records are} also in an earlier sheet ({sheets}), each joined into one record: this sheet adds {columns}, the other fields come from the earlier sheet.",
    },
    "import.sheets_field_differs": {
        "zh": "文件 {file}：{n} 条记录在不同工作表中的「{column}」不同（例如记录 {record}：工作表「{sheet}」第 {row} 行为 {value}，工作表「{other_sheet}」第 {other_row} 行为 {other_value}），已保留第一个工作表的值。如不正确，请在源文件中更正后重新导入。",
        "en": "File {file}: {n:#record has|records have} a different '{column}' in different sheets (e.g. record {record}: sheet '{sheet}' row {row} says {value}, sheet '{other_sheet}' row {other_row} says {other_value}); the first sheet's value was kept. If it is wrong, correct the source file and import it again.",
    },
    "import.ids_cleaned": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号去除了全角字符、不可见字符或首尾空格（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id|ids} had full-width characters, invisible characters or outer spaces removed (e.g. {examples}).",
    },
    "import.scores_without_rater": {
        "zh": "文件 {file}{sheet}：列 {columns} 是按周期的评分，但文件中没有评价人工号或评价关系列，无法作为评分导入；为避免静默丢弃这些分数，本文件未导入。请加上评价人工号或评价关系列（例如评价关系一列写“上级”）后再导入。",
        "en": 'File {file}{sheet}: columns {columns} hold scores per cycle, but the file has no rater id or rater role column, so they cannot be loaded as ratings; the file was not imported rather than drop those scores. Add a rater id or a rater role column (e.g. a role column saying "manager") and import it again.',
    },
    "import.ids_decimal_dropped": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号是写成小数的整数（表格软件的数字格式），已去掉小数部分（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id was a whole number written as a decimal|ids were whole numbers written as decimals} (a spreadsheet's number format); the decimal part was dropped (e.g. {examples}).",
    },
    "import.ids_scientific": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号被表格软件写成了科学计数法，已还原为整数（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id was|ids were} written in scientific notation by a spreadsheet and written out as whole numbers (e.g. {examples}).",
    },
    "import.ids_scientific_lost": {
        "zh": "文件 {file}：{n} 个工号是丢失了位数的科学计数法（如 {examples}），无法还原，可能代表多名不同的员工；含这些工号的行已隔离，未导入。请在源表中把工号列设为文本后重新导出。",
        "en": "File {file}: {n:#id|ids} in scientific notation lost digits (e.g. {examples}) and cannot be restored; several people may share one such id, so their rows were quarantined, not loaded. Set the id column to text in the source sheet and export it again.",
    },
    "import.roles_unknown": {
        "zh": '文件 {file}：列「{column}」的评价关系 {values} 无法识别（应为 自评/上级/同事/隔级/下属），这 {n} 条评分进入隔离区，不会导入。请在映射文件的 roles 中写明每个值是哪种评价关系（例如 roles = {{ "{example}" = "manager" }}，可用 self/manager/peer/skip_level/subordinate），再用 --mapping 导入。',
        "en": 'File {file}: the rater roles {values} of column \'{column}\' are not recognised (known: self/manager/peer/skip-level/subordinate), so {n:#rating goes|ratings go} to the quarantine, not imported. Say which role each value is under roles in a mapping file (e.g. roles = {{ "{example}" = "manager" }}; roles are self/manager/peer/skip_level/subordinate) and import with --mapping.',
    },
    "import.roles_inferred": {
        "zh": "文件 {file}：{n} 条评分没有评价关系（没有评价关系列或为空），已推断：自评 {self} 条（评价人即本人）、上级 {manager} 条（评价人为其直属上级）、同事 {peer} 条（其余）。如不对，请在文件中加上评价关系列，或在映射中指定。",
        "en": "File {file}: {n:#rating has|ratings have} no rater role (no role column, or blank), so the roles were inferred: self {self} (the rater is the person), manager {manager} (the rater is their manager), peer {peer} (everyone else). If that is wrong, add a rater role column to the file or map one.",
    },
    "import.roles_manager_known": {
        "zh": "文件 {file}：其中 {n} 条没有评价关系的评分，评价人在数据库中是该员工的上级（周期 {cycles} 的上级评分），已按上级评分导入，而不是同事评分（如 员工 ← 评价人：{examples}）。如不对，请在文件中加上评价关系列（每行写“上级”“同事”等）后重新导入。",
        "en": "File {file}: {n:#rating without a rater role is|ratings without a rater role are} by a rater the database has as the person's manager (manager ratings of cycle {cycles}): loaded as manager ratings, not peer ratings (e.g. person ← rater: {examples}). If that is wrong, add a rater role column (manager, peer … on each row) to the file and import it again.",
    },
    "import.roles_manager_known_field": {
        "zh": "文件 {file}：其中 {n} 条没有评价关系的评分，评价人是数据库中记录的该员工直属上级，已按上级评分导入，而不是同事评分（如 员工 ← 评价人：{examples}）。如不对，请在文件中加上评价关系列（每行写“上级”“同事”等）后重新导入。",
        "en": "File {file}: {n:#rating without a rater role is|ratings without a rater role are} by the person's manager as stored in the database: loaded as manager ratings, not peer ratings (e.g. person ← rater: {examples}). If that is wrong, add a rater role column (manager, peer … on each row) to the file and import it again.",
    },
    "import.ids_case_folded_upper": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号按已有工号统一为大写（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id|ids} written in upper case to match the existing ids (e.g. {examples}).",
    },
    "import.ids_case_folded_upper_file": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号按文件中其他工号统一为大写（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id|ids} written in upper case like the file's other ids (e.g. {examples}).",
    },
    "import.ids_case_folded_lower_file": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号按文件中其他工号统一为小写（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id|ids} written in lower case like the file's other ids (e.g. {examples}).",
    },
    "import.ids_case_folded_lower": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号按已有工号统一为小写（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id|ids} written in lower case to match the existing ids (e.g. {examples}).",
    },
    "import.ids_case_ambiguous": {
        "zh": "文件 {file}（工号列：{columns}）：以下工号仅大小写与其他工号不同，无法确定是否同一人，保持原样：{examples}。",
        "en": "File {file} (id columns: {columns}): these ids differ from others only in case and cannot be matched for sure; kept as they are: {examples}.",
    },
    "import.ids_zeros_restored": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号补回前导零后与已有工号一致，已按已有工号导入（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id matches an existing id once its leading zeros are restored and was loaded as that id|ids match existing ids once their leading zeros are restored and were loaded as those} (e.g. {examples}).",
    },
    "import.ids_zeros_restored_file": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个写成数字的工号补回前导零后与本文件中写成文本的工号一致（如 {examples}），按同一人导入。",
        "en": "File {file} (id columns: {columns}): {n:#id|ids} written as numbers match ids written as text in this file once the leading zeros are restored (e.g. {examples}); loaded as the same people.",
    },
    "import.ids_zeros_rewidened": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号只是前导零的位数与已有工号不同（去掉前导零后数字相同，姓名一致或一方无姓名），已按已有工号导入（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id differs from an existing id only in its number of leading zeros (same number, and the same name or no name on one side) and was loaded as that id|ids differ from existing ids only in their number of leading zeros (same number, and the same name or no name on one side) and were loaded as those} (e.g. {examples}).",
    },
    "import.ids_zeros_names_differ": {
        "zh": '文件 {file}（工号列：{columns}）：{n} 对工号去掉前导零后数字相同，但姓名不同，按两个人分别导入，未合并：{pairs}。如确为同一人（例如改过名），请在映射文件中声明后重新导入，如 TOML：[same_ids] 加一行 "101" = "00101"（文件中的工号 = 已有工号）。',
        "en": 'File {file} (id columns: {columns}): {n:#pair of ids has|pairs of ids have} the same number once leading zeros are dropped but different names; loaded as separate people, not joined: {pairs}. If a pair is really one person (a changed name, say), declare it in the mapping file and import again, e.g. in TOML: [same_ids] with a line "101" = "00101" (the file\'s id = the existing id).',
    },
    "import.ids_same_declared": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号按映射中 same_ids 的声明与已有工号视为同一人（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#id was|ids were} loaded as the same person as the id the mapping's same_ids names (e.g. {examples}).",
    },
    "import.ids_zeros_widened": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个工号是比其他工号短的数字，而其他工号都是补零到 {width} 位的文本；这是 Excel 把工号当作数字、去掉了前导零。已补回前导零，按同一人导入（如 {examples}）。如不对，请在源表中把工号列设为文本后重新导出。",
        "en": "File {file} (id columns: {columns}): {n:#id is a number|ids are numbers} shorter than the other ids, which are all text zero-padded to {width} digits: Excel read them as numbers and dropped the leading zeros. The zeros were restored and they were loaded as those people (e.g. {examples}). If that is wrong, set the id column to text in the source sheet and export it again.",
    },
    "import.ids_zeros_stored_short": {
        "zh": "文件 {file}（工号列：{columns}）：{n} 个补零的工号，在此前的导入中以去掉前导零的数字形式存储（Excel 当作数字读取所致），已按已存储的工号导入，与同一人合并（如 {examples}）。",
        "en": "File {file} (id columns: {columns}): {n:#zero-padded id was|zero-padded ids were} stored by an earlier import as a number without the leading zeros (Excel read it as a number); loaded as the stored id, the same person (e.g. {examples}).",
    },
    "import.ids_zeros_ambiguous": {
        "zh": "文件 {file}（工号列：{columns}）：以下工号补前导零后可对应多个已有工号，无法确定，保持原样：{examples}。",
        "en": "File {file} (id columns: {columns}): these ids could be several existing ids once leading zeros are restored; not guessed, kept as they are: {examples}.",
    },
    "import.role_weights_set": {
        "zh": "文件 {file} 的映射设定了人员得分的来源权重：上级 {manager:g}、同事 {peer:g}、"
        "隔级 {skip_level:g}、自评 {self_weight:g}、下级 {subordinate:g}。所有页面、导出和分析的"
        "人员得分与变化都按此计算；缺少某一来源的人，按其现有来源的权重重新归一。",
        "en": "The mapping of file {file} set the source weights of the person score: manager "
        "{manager:g}, peer {peer:g}, skip-level {skip_level:g}, self {self_weight:g}, upward "
        "{subordinate:g}. Every page, export and analysis computes a person's score and change "
        "with them; a person without one of the sources is scored on the sources they have, "
        "their weights rescaled to sum to 1.",
    },
    "import.restored": {
        "zh": "文件 {file}：此前（{when}）导入过相同内容；其后的导入改动了这些数据，现已按本文件恢复。",
        "en": "File {file}: this content was imported before ({when}); later imports had changed that data, which is now restored from this file.",
    },
    "import.unchanged_import": {
        "zh": "文件 {file}：当前数据已与此文件一致（该内容于 {when} 导入，导入编号 {import_id}），本次未做任何更改。",
        "en": "File {file}: the stored data already matches this file (content imported on {when}, import {import_id}); nothing changed.",
    },
    "import.no_employee_column": {
        "zh": '文件 {file}{sheet}：缺少员工工号列（应为以下之一：{expected}）。表头（第 {row} 行）的列：{found}。如果其中一列是员工工号，请在映射文件的 columns 中写明（例如 columns = {{ "{example}" = "employee_id" }}），再用 --mapping 导入；如果表头不在第 {row} 行，请用 --header-row 指定。',
        "en": 'File {file}{sheet}: no employee id column (expected one of: {expected}). Columns of the header (row {row}): {found}. If one of them holds the employee ids, name it under columns in a mapping file (e.g. columns = {{ "{example}" = "employee_id" }}) and import with --mapping; if the header is not in row {row}, give it with --header-row.',
    },
    "import.no_cycle_column": {
        "zh": "文件 {file}{sheet}：缺少考核周期列（应为以下之一：{expected}）。",
        "en": "File {file}{sheet}: no cycle column (expected one of: {expected}).",
    },
    "import.no_data_columns": {
        "zh": "文件 {file}{sheet}：未识别到评分、考核结果、KPI 或申诉列。实际列：{found}。",
        "en": "File {file}{sheet}: no recognised rating, outcome, KPI or appeal columns. Columns found: {found}.",
    },
    "import.zero_bytes": {
        "zh": "文件 {file} 是空文件（0 字节）：请重新导出，或确认选的是正确的文件。",
        "en": "File {file} is empty (0 bytes): export it again, or check that it is the right file.",
    },
    "import.header_row_no_header_csv": {
        "zh": "文件 {file}：指定的表头行（第 {row} 行）不是表头：该行内容为 {cells}，其中没有员工工号等可识别的列名。请检查 --header-row（或映射文件的 header_row）应指向哪一行；不指定时会自动查找表头。",
        "en": "File {file}: the header row given (row {row}) is no header: it holds {cells}, none of them a column name PerfLens knows (employee id …). Check which row --header-row (or header_row in the mapping file) should name; without it the header is found automatically.",
    },
    "import.empty_file": {
        "zh": "文件 {file}：没有数据行。",
        "en": "File {file}: contains no data rows.",
    },
    "import.bad_mapping": {
        "zh": "映射文件 {file}：{detail}",
        "en": "Mapping file {file}: {detail}",
    },
    "import.repeated_header_field": {
        "zh": "文件 {file}{sheet}：第 {letters} 列的表头都是「{column}」，无法判断哪一列是要导入的数据，本文件未导入。请在源表中把它们改成不同的列名（例如 自评得分、上级得分）后再导入。",
        "en": "File {file}{sheet}: columns {letters} are both headed '{column}', so which one holds the data cannot be told; the file was not imported. Give them different headers in the source sheet (e.g. self score, manager score) and import it again.",
    },
    "import.repeated_header": {
        "zh": "文件 {file}{sheet}：第 {letters} 列的表头都是「{column}」；第二列按「{renamed}」读取。请核对这两列的含义。",
        "en": "File {file}{sheet}: columns {letters} are both headed '{column}'; the second is read as '{renamed}'. Please check what the two columns mean.",
    },
    "import.sheet_not_found": {
        "zh": "文件 {file}：找不到工作表 '{sheet}'（现有工作表：{found}）。",
        "en": "File {file}: sheet '{sheet}' not found (sheets: {found}).",
    },
    "import.empty_employee_id": {"zh": "员工工号为空", "en": "empty employee id"},
    "import.id_lost_digits": {
        "zh": "工号被表格软件写成了丢失位数的科学计数法，无法还原（可能代表多名员工）",
        "en": "id written in scientific notation by a spreadsheet, digits lost (may stand for several people)",
    },
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
    "import.conflicting_outcome": {
        "zh": "同一周期同一员工在前面的行里已有不同的等级/最终得分/潜力，保留第一行的等级/最终得分/潜力；本行的评分照常导入",
        "en": "an earlier row gives this employee a different grade/final score/potential for the same cycle; the first row's grade/final score/potential is kept, this row's ratings still load",
    },
    "import.conflicting_record": {
        "zh": "同一周期同一员工已在第 {first} 行出现，本行的结果（分数/等级/考核人）与之不同：保留第 {first} 行，本行整行不导入（评分、考核人、等级、姓名等均不使用）",
        "en": "this employee and cycle already appear in row {first} with other results (score/grade/rater): row {first} is kept and this whole row is not loaded (its ratings, rater, grade and name are not used)",
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
    "import.resolved_before_filed": {
        "zh": "处理日期早于申诉日期",
        "en": "resolution date before the appeal date",
    },
    "import.appeal_outcome_unknown": {
        "zh": "不是已知的处理结果（可用：维持、驳回、撤回、改判、上调、下调、部分改判、部分支持；"
        "待处理或留空表示尚未处理）",
        "en": "not a known appeal outcome (use: upheld, rejected, withdrawn, overturned, raised, "
        "lowered, partially; pending or empty while open)",
    },
    "import.empty_kpi": {"zh": "指标名称为空", "en": "empty KPI name"},
    "import.duplicate_import": {
        "zh": "文件 {file}：相同内容已于 {when} 导入（导入编号 {import_id}），本次未做任何更改。",
        "en": "File {file}: identical content was already imported on {when} (import {import_id}); nothing changed.",
    },
    "import.import_done": {
        "zh": "文件 {file}：导入 {loaded} 行，替换已有 {replaced} 行，隔离 {quarantined} 行（{cells} 个单元格）。",
        "en": "File {file}: {loaded:#row|rows} loaded, {replaced:#existing row|existing rows} replaced, {quarantined:#row|rows} quarantined ({cells:#cell|cells}).",
    },
    "import.roster_done": {
        "zh": "文件 {file}：更新 {people} 名员工的花名册（新增 {new}，部门变更 {departments}，职级变更 {levels}），隔离 {quarantined} 行（{cells} 个单元格）。",
        "en": "File {file}: the roster of {people:#employee|employees} updated ({new} new, {departments:#department change|department changes}, {levels:#level change|level changes}), {quarantined:#row|rows} quarantined ({cells:#cell|cells}).",
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
        "zh": '文件 {file}：维度「{dimension:@dim?}」（周期 {cycle}）的分值同样符合 {a} 和 {b} 两种分制，无法判断。请在映射文件的 scales 中写明，例如 scales = {{ "{dimension}" = "{b}" }}，再用 --mapping 导入。',
        "en": 'File {file}: the values of dimension \'{dimension:@dim?}\' (cycle {cycle}) fit the scales {a} and {b} equally. Declare the scale under scales in a mapping file, e.g. scales = {{ "{dimension}" = "{b}" }}, and import with --mapping.',
    },
    "import.scale_conflict": {
        "zh": '文件 {file}：维度「{dimension:@dim?}」在周期 {cycle} 已按 {stored} 分制存储，但本文件的分值大多符合 {found}。如果分制确已改变，请在映射文件的 scales 中写明（例如 scales = {{ "{dimension}" = "{found}" }}），再用 --mapping 导入。',
        "en": 'File {file}: dimension \'{dimension:@dim?}\' of cycle {cycle} is stored on the scale {stored}, but most values of this file fit {found}. If the scale really changed, declare it under scales in a mapping file (e.g. scales = {{ "{dimension}" = "{found}" }}) and import with --mapping.',
    },
    "import.scale_changed": {
        "zh": '文件 {file}：维度（列）「{dimension:@dim?}」在新周期 {cycle} 的分值符合 {found} 分制，而数据库中该维度按 {stored} 分制存储（周期 {other}）。该文件未导入。如果分制确已改变，请在映射文件的 scales 中写明新周期的分制（例如 scales = {{ "{dimension}" = {{ "{cycle}" = "{found}" }} }}），再用 --mapping 导入。',
        "en": 'File {file}: the values of dimension (column) \'{dimension:@dim?}\' in the new cycle {cycle} fit the scale {found}, while the database keeps {stored} for it (cycle {other}). The file was not imported. If the scale really changed, declare the new cycle\'s scale under scales in a mapping file (e.g. scales = {{ "{dimension}" = {{ "{cycle}" = "{found}" }} }}) and import with --mapping.',
    },
    "import.scales_changed": {
        "zh": "文件 {file}：以下 {n} 项（维度 · 新周期）的分值符合另一种分制，与数据库中按更早周期存储的分制不同（维度 · 新周期：已存储分制（其周期）→ 本文件的分制）：{changes}。该文件未导入。如果分制确已改变，请在映射文件的 scales 中一次写明全部新周期的分制（{example}），再用 --mapping 导入。",
        "en": "File {file}: the values of {n} (dimension · new cycle) pairs fit another scale than the one the database keeps from an earlier cycle (dimension · new cycle: stored scale (its cycle) → this file's scale): {changes}. The file was not imported. If the scales really changed, declare every new cycle's scale at once under scales in a mapping file ({example}) and import with --mapping.",
    },
    "import.ratings_dropped": {
        "zh": '文件 {file}：一个文件替换它所含的员工 × 评价关系 × 维度的已存储评分；{people} 名员工在 {cycles} 个周期（{cycle_list}）中有 {dropped} 条已存储的评分属于这些评价关系和维度，但其评价人不在本文件中，已被删除。如果这些评分应当保留（例如同事评分按评价人分多个文件导出），请用 --mode add（或映射文件中的 mode = "add"）重新导入它们所在的文件。',
        "en": 'File {file}: a file replaces the stored ratings of the employees × rater roles × dimensions it holds; {dropped:#stored rating|stored ratings} of {people:#employee|employees} in {cycles:#cycle|cycles} ({cycle_list}) belong to those roles and dimensions but their raters are not in this file, and were dropped. If they should stay (peer ratings exported one file per rater, say), import the file that held them again with --mode add (or mode = "add" in the mapping file).',
    },
    "import.ratings_replaced": {
        "zh": "文件 {file}：已替换 {people} 名员工在周期 {cycle_list} 中的{roles:@role}评分（{dimensions} 个维度；一个文件替换它所含的员工 × 评价关系 × 维度的已存储评分）。其他评价关系和维度的已存储评分保持不变。",
        "en": "File {file}: replaced the stored {roles:@role} ratings of {people:#employee|employees} in cycle {cycle_list} ({dimensions:#dimension|dimensions}; a file replaces the stored ratings of the employees × rater roles × dimensions it holds). Stored ratings of other roles and dimensions stay as they were.",
    },
    "import.outcome_fields_kept": {
        "zh": "文件 {file}：本文件只含{fields:@field}，已替换 {people} 名员工已存储结果中的这些字段；其已存储的{kept:@field}保持不变（一个文件只替换它有列的结果字段）。",
        "en": "File {file}: the file holds only {fields:@field}; those fields of {people:#employee's|employees'} stored results were replaced, and their stored {kept:@field} stay as they were (a file replaces only the result fields it has a column for).",
    },
    "import.mapping_bad_mode": {
        "zh": "映射文件 {file}：mode = “{mode}” 无效，可选值：{modes}（replace：替换本文件所含员工 × 评价关系 × 维度的已存储评分；add：只替换完全相同的评分（同一评价人、评价关系、维度），不删除任何其他评分）。",
        "en": "Mapping file {file}: mode = “{mode}” is not valid; use one of {modes} (replace: the file replaces the stored ratings of the employees × rater roles × dimensions it holds; add: it replaces only the very same ratings (same rater, role, dimension) and deletes nothing else).",
    },
    "import.grade_scale_word": {"zh": "等级 {labels}", "en": "grades {labels}"},
    "import.grade_column_no_scale": {
        "zh": "文件 {file}：等级列「{column}」的等级（{labels}）不属于任何已知等级制（{known}），已按原样保存，但不会按等级制换算或排序。如需按等级制使用，请在源数据中把它们改写为某个已知等级制的等级后重新导入。",
        "en": "File {file}: the grades of column '{column}' ({labels}) belong to no known grade scale ({known}); they are stored as written but not read on a grade scale or ranked. To use them as grades, rewrite them in the source data with the grades of a known scale and import it again.",
    },
    "import.department_movers": {
        "zh": "文件 {file}：{n} 人在不同周期的部门不同。每人只保存一个部门（其最新一行的部门），所以每个周期都按最新部门（{latest}）显示，包括较早的周期：按部门 × 周期看到的是按最新组织架构重新划分的历史。例如：{people}",
        "en": "File {file}: {n:#person is|people are} in different departments in different cycles. A person keeps one department (that of their latest row), so every cycle is shown by their latest department ({latest}), the earlier cycles too: department × cycle views show the history re-cut by the latest org chart. For example: {people}",
    },
    "import.department_two_in_cycle": {
        "zh": "文件 {file}：{n} 人在同一周期属于不止一个部门（周期 部门 → 保存的部门）：{people}。每人只保存一个部门，即其最新一行的部门；其评分都已导入，按该部门统计。",
        "en": "File {file}: {n:#person is|people are} in more than one department in one cycle (cycle departments → the department kept): {people}. A person keeps one department, that of their latest row; all their ratings are loaded and counted under it.",
    },
    "import.rater_two_names": {
        "zh": "文件 {file}：{n} 个评价人（或上级）工号在本文件中写有不止一个姓名（工号：姓名（行号）→ 保留的姓名）：{people}。每个工号只保存一个姓名：其最新一行（按周期和行号）的姓名。",
        "en": "File {file}: {n:#rater (or manager) id is|rater (or manager) ids are} written with more than one name in this file (id: name (rows) → the name kept): {people}. An id keeps one name: that of its latest row (by cycle, then row).",
    },
    "import.rater_name_not_roster": {
        "zh": "文件 {file}：{n} 个评价人（或上级）的姓名与花名册中同一工号的姓名不同（工号：本文件的姓名 → 花名册的姓名）：{people}。显示花名册中的姓名。",
        "en": "File {file}: {n:#rater's (or manager's) name differs|raters' (or managers') names differ} from the roster's name of the same id (id: this file's name → the roster's): {people}. The roster's name is shown.",
    },
    "import.team_movers": {
        "zh": "文件 {file}：{n} 人在同一部门内不同周期的团队不同；每个周期都按其最新团队（{latest}）显示。",
        "en": "File {file}: {n:#person is|people are} in different teams of one department in different cycles; every cycle is shown by their latest team ({latest}).",
    },
    "import.department_renamed": {
        "zh": "文件 {file}：部门「{old}」看起来更名为「{new}」（{old} 最后一期的 {of} 人中有 {n} 人在下一期出现在 {new}）。已按原样保存：仍以「{old}」为最新部门的人（例如此后离开的人）会单独显示在旧名下。",
        "en": "File {file}: department '{old}' looks renamed to '{new}' ({n} of the {of} people of its last cycle are in '{new}' the next cycle). Stored as written: anyone whose latest department is still '{old}' (someone who left since, say) shows under the old name on their own.",
    },
    "import.grade_spaces_removed": {
        "zh": "文件 {file}：列「{column}」中 {n} 个等级内含多余空格，已去掉空格后按已知等级导入（行号：工号 周期 原值 → 读作）：{cells}。如不对，请在源表中改正后重新导入。",
        "en": "File {file}: in column '{column}', {n:#grade has|grades have} a stray space inside: read as the known grade without the space (row: id cycle written → read as): {cells}. If that is wrong, correct the source and import it again.",
    },
    "import.grade_respelled": {
        "zh": "文件 {file}：列「{column}」中 {n} 个等级是同一等级的另一种写法（大小写、全角半角或空格不同），已按该等级导入（行号：工号 周期 原值 → 读作）：{cells}。如不对，请在源表中改正后重新导入。",
        "en": "File {file}: in column '{column}', {n:#grade is|grades are} another spelling of a grade (case, width or spaces): read as that grade (row: id cycle written → read as): {cells}. If that is wrong, correct the source and import it again.",
    },
    "import.grade_cells_off_scale": {
        "zh": "文件 {file}：等级列「{column}」的 {total} 个等级中有 {n} 个（{labels}）不属于其余等级所在的等级制，看起来是笔误：这些单元格已隔离（见隔离表：行号、工号、姓名、周期），这些员工本周期的等级按缺失处理，其他数据照常导入；其余等级按等级制读取。行号：工号 姓名 周期 等级：{cells}",
        "en": "File {file}: {n:#grade|grades} ({labels}) of the {total} in grade column '{column}' belong to no scale the others fit and look like typos: those cells were quarantined (see the quarantine: row, id, name, cycle), those people's grade for that cycle is missing and the rest of their data loaded; the other grades are read on their scale. Row: id name cycle grade: {cells}",
    },
    "import.grade_off_scale": {
        "zh": "等级 “{grade}” 不属于该列其余等级的等级制（员工 {employee} {name}，周期 {cycle}）：该等级未导入，请在源数据中改正后重新导入",
        "en": "Grade “{grade}” is not on the scale of the column's other grades (employee {employee} {name}, cycle {cycle}): the grade was not imported; correct it in the source data and import again",
    },
    "import.grade_column_scale_some": {
        "zh": "文件 {file}：等级列「{column}」的等级制：{scales}（按数据识别；等级按原样保存）；文件只用到其中 {n} 个等级：{used}",
        "en": "File {file}: grade column '{column}' on the grade scale {scales} (detected from the values; grades are stored as written); the file uses {n} of its {k} grades: {used}",
    },
    "import.grade_column_scale": {
        "zh": "文件 {file}：等级列「{column}」的等级制：{scales}（按数据识别；等级按原样保存）",
        "en": "File {file}: grade column '{column}' on the grade scale {scales} (detected from the values; grades are stored as written)",
    },
    "import.grade_column_no_guideline": {
        "zh": "文件 {file}：等级列「{column}」的等级没有默认的强制分布指引（默认指引 S 10%、A 20%、B 50%、C 15%、D 5% 只用于记录了 S 且所有等级都是 S/A/B/C/D 的数据），因此不会与指引比较，直到为这些等级设定比例：在“分数分布”页的“本数据集的强制分布指引”中设定（已设定的指引不变）。",
        "en": "File {file}: the grades of column '{column}' have no default guideline (the default, S 10%, A 20%, B 50%, C 15%, D 5%, applies only where an S is recorded and every grade is S/A/B/C/D), so nothing is compared with a guideline until their shares are set: set them under “This dataset's guideline” on the Distributions page (a guideline already set stays as it is).",
    },
    "import.grades_as_ratings": {
        "zh": "文件 {file}{sheet}：列「{column}」每行是一位评价人对一个维度给出的等级，按评分读取（等级由高到低依次对应分制的高低）。",
        "en": "File {file}{sheet}: column '{column}' holds one grade per rater and dimension on each row, read as ratings (the grades, best first, mapped onto the scale in order).",
    },
    "import.grade_scale_ambiguous": {
        "zh": "文件 {file}：等级 {labels}（维度：{dimensions}）同时属于多种等级制：{candidates}，各等级对应的分数不同，无法判断。该文件未导入。请在映射文件的 scales 中写明等级制，例如 {example}，再用 --mapping 导入。",
        "en": "File {file}: the grades {labels} (dimensions: {dimensions}) belong to several grade scales: {candidates}, which score them differently. The file was not imported. Declare the grade scale under scales in a mapping file, e.g. {example}, and import with --mapping.",
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
    # the command line's progress line while a file is imported
    "import.progress": {"zh": "{file}：{stage}", "en": "{file}: {stage}"},
    "import.stage_read": {"zh": "读取", "en": "reading"},
    "import.stage_detect": {"zh": "识别格式", "en": "detecting the layout"},
    "import.stage_validate": {"zh": "校验", "en": "checking values"},
    "import.stage_write": {"zh": "写入", "en": "writing"},
    "import.stage_done": {"zh": "完成", "en": "done"},
    # the dimension of a file's single overall score (schema.OVERALL), as templates show it
    # ({dimension:@dim?}: another dimension is its own name)
    "dim.overall": {"zh": "总评（不分维度）", "en": "overall (no dimension)"},
    "import.final_score_dimension": {"zh": "最终得分", "en": "final score"},
    "import.warnings_header": {
        "zh": "警告（数据已导入，请核对）：",
        "en": "Warnings (the data was imported; please check):",
    },
    "import.summary_rows_skipped": {
        "zh": "文件 {file}：跳过 {n} 个汇总行（合计/平均等，行号:内容 {rows}）。",
        "en": "File {file}: skipped {n:#summary row|summary rows} (totals/averages; row:text {rows}).",
    },
    "import.new_database": {
        "zh": "已新建数据库 {file}（该路径原先没有数据库；若是路径写错，请删除它并检查 --db）。",
        "en": "New database created at {file} (none was there; if the path is a typo, delete it and check --db).",
    },
    "import.grade_numbers_as_score": {
        "zh": '文件 {file}：列 {column} 全是数字（{values}），按最终得分（分制见下）导入，而不是等级。如果它确是等级，请在映射文件的 columns 中写明 "{column}" = "grade"。',
        "en": 'File {file}: column {column} holds numbers only ({values}) and was loaded as the final score (its scale below), not as grades. If it is a grade, say "{column}" = "grade" under columns in the mapping file.',
    },
    "import.header_repeated_skipped": {
        "zh": "文件 {file}：第 {rows} 行重复了表头（多个导出拼接而成），已跳过，不作为员工或周期导入。",
        "en": "File {file}: row {rows} repeats the header line (exports joined together) and was skipped, not read as an employee or a cycle.",
    },
    "import.field_code_row_skipped": {
        "zh": "文件 {file}{sheet}：第 {row} 行（{cells}）是表头下的第二行表头（字段代码或列名），已跳过，不作为员工或周期导入。",
        "en": "File {file}{sheet}: row {row} ({cells}) is a second header row under the header (field codes or column names) and was skipped, not read as an employee or a cycle.",
    },
    "import.excel_error": {
        "zh": "Excel 错误值（公式出错），不是分数或数值；请在源表中修正公式后重新导入，数据库中该项原有的值保持不变",
        "en": "an Excel error value (a formula that failed), not a score or a number; fix the formula in the source and import again; any value already stored for it is kept",
    },
    "import.excel_errors_quarantined": {
        "zh": "文件 {file}：{n} 个单元格是 Excel 错误值（#DIV/0!、#REF! 等），已逐个隔离（行号:列=值 {cells}）；数据库中这些项原有的值保持不变。",
        "en": "File {file}: {n:#cell holds|cells hold} an Excel error value (#DIV/0!, #REF! …), each quarantined (row:column=value {cells}); any value already stored for them is kept.",
    },
    "import.percent_mixed": {
        "zh": "文件 {file}：列 {column} 既有百分数（如 40%）也有普通数字；百分数按小数读入（40% = 0.4），普通数字按原样读入（0.4 = 40%，40 = 4000%）。请核对该列的单位是否一致。",
        "en": "File {file}: column {column} mixes percentages (such as 40%) and plain numbers; a percentage is read as a fraction (40% = 0.4) and a plain number as written (0.4 = 40%, 40 = 4000%). Check that the column uses one unit.",
    },
    "import.dimension_weight_header": {
        "zh": "文件 {file}：表头 {headers} 含权重：维度按去掉权重后的名称导入（如「业绩(60%)」→ 维度「业绩」），权重记入该维度评分的权重（60% = 0.6），因此权重不同的周期仍是同一维度。",
        "en": "File {file}: the headers {headers} carry a weight: the dimension is the name without it ('业绩(60%)' -> dimension '业绩') and the weight is kept as its ratings' weight (60% = 0.6), so cycles with other weights share the dimension.",
    },
    "import.unit_near_duplicate_same_people": {
        "zh": "文件 {file}（列 {column}）：「{value}」的 {n} 人在同一周期的其他行都写作「{like}」（共 {n_like} 人），且两者只差一个字：很可能是笔误（行 {rows}{more:clauses}）。未自动更正：每人只保存一个部门（其最新一行的），其评分按该部门统计。要改为「{like}」，请在源数据中把这些行改正后重新导入。",
        "en": "File {file} (column {column}): the {n:#person|people} with '{value}' have '{like}' ({n_like:#person|people} in all) on their other rows of the same cycle, one character apart: very likely a typo (rows {rows}{more:clauses}). Not corrected by itself: a person keeps one department (that of their latest row) and their ratings count under it. To make it '{like}', correct those rows in the source data and import again.",
    },
    "import.rows_more": {"zh": "，另有 {n} 行", "en": " and {n:#more|more}"},
    "import.unit_near_duplicate": {
        "zh": "文件 {file}（列 {column}）：「{value}」只有 {n} 人使用，与 {n_like} 人使用的「{like}」只差一个字，可能是笔误（行 {rows}{more:clauses}）。已按原文导入为单独的单元；如是笔误，请在源数据中改正后重新导入。",
        "en": "File {file} (column {column}): '{value}' is used by {n:#person|people} only and is one character away from '{like}', used by {n_like:#person|people}: perhaps a typo (rows {rows}{more:clauses}). Imported as written, as a unit of its own; if it is a typo, correct the source data and import again.",
    },
    "import.placeholders_missing": {
        "zh": "文件 {file}：{n} 个单元格是占位符（NaN、N/A、—、无 等），按缺失值处理。",
        "en": "File {file}: {n:#cell holds|cells hold} placeholders (NaN, N/A, —, none …), read as missing values.",
    },
    "import.undated_cycle": {
        "zh": "文件 {file}：无法从周期「{label}」读出日期（应如 2025Q3、2025年第3季度、2025年7-9月），它将排在已知日期的周期之后。请在源数据中写明年份。",
        "en": "File {file}: no date can be read from the cycle '{label}' (expected e.g. 2025Q3, 2025年第3季度, 2025年7-9月); it sorts after the dated cycles. Put the year in the source data.",
    },
    "import.undated_cycle_has_year": {
        "zh": "文件 {file}：周期「{label}」写了年份，但读不出是哪个季度、半年或月份（应如 2025Q3、2025年第3季度、2025年7-9月），它将排在已知日期的周期之后。请把周期改写成这样的名称。",
        "en": "File {file}: the cycle '{label}' names a year but not which quarter, half or month (expected e.g. 2025Q3, 2025年第3季度, 2025年7-9月); it sorts after the dated cycles. Rewrite the cycle in such a form.",
    },
    "import.cycle_from_date": {
        "zh": "文件 {file}：周期列中的「{label}」是日期（{day}），按其所在周期读作 {cycle}（季度末日期读作该季度，其他日期读作所在月份）。如不正确，请在源数据中把周期写成 2025Q3、2025-07 这样的名称。",
        "en": "File {file}: the cycle '{label}' is a date ({day}) and was read as the cycle holding it, {cycle} (a quarter's last day is that quarter, another day its month). If that is wrong, write the cycle as 2025Q3 or 2025-07 in the source data.",
    },
    "import.hidden_rows_loaded": {
        "zh": "文件 {file}：工作表 '{sheet}' 中有 {n} 行在 Excel 中被隐藏（或被筛选掉）：已照常导入（行号 {rows}）。如果它们不应导入，请在源文件中删除这些行。",
        "en": "File {file}: {n:#row is|rows are} hidden (or filtered out) in sheet '{sheet}' in Excel: loaded like the others (rows {rows}). If they should not be loaded, delete them in the source file.",
    },
    "import.not_rated_missing": {
        "zh": "文件 {file}（列 {columns}）：{n} 个单元格写着「未评」「缺考」等，表示没有评分，按缺失值处理（不计入统计）。如果它们应算作某个分数，请在源数据中填写分数后重新导入。",
        "en": "File {file} (columns {columns}): {n:#cell says|cells say} a rating was not given (未评, 缺考, not rated), read as missing (left out of every statistic). If they should count as a score, enter it in the source data and import again.",
    },
    "import.row_number_ignored": {
        "zh": "文件 {file}{sheet}：列 {columns} 是行序号，已忽略（不导入）。",
        "en": "File {file}{sheet}: column {columns} numbers the rows and was ignored (not loaded).",
    },
    "import.not_a_dimension": {
        "zh": "文件 {file}：数值列「{column}」看起来是人员属性（年龄、工龄、出勤等），未作为评价维度导入。如果它确是评价维度，请在映射文件的 dimensions 中写明。",
        "en": "File {file}: the numeric column '{column}' looks like a personal attribute (age, tenure, attendance …) and was not loaded as a rating dimension. If it is one, list it under dimensions in a mapping file.",
    },
    "import.dimension_odd_scale": {
        "zh": '文件 {file}：列「{column}」按 {scale} 分制作为评价维度导入，而其他维度是 {common}。如果它确是按 {scale} 打分的评价维度（例如百分制的业绩），无需处理：该分制已存入数据库，以后的导入不再提示；如果它不是评价维度（例如出勤天数），请用 --exclude "{column}"（或映射文件的 exclude）排除后重新导入。',
        "en": "File {file}: the column '{column}' was loaded as a rating dimension on the scale {scale}, while the other dimensions use {common}. If it is a rating on {scale} (a performance score out of 100, say), nothing needs doing: the scale is now stored and later imports will not ask again; if it is not a rating (days of attendance, say), re-import with --exclude \"{column}\" (or exclude in a mapping file).",
    },
    "import.scale_differs": {
        "zh": "文件 {file}：维度「{dimension:@dim?}」在周期 {cycle} 按 {scale} 分制读取，而在周期 {other} 为 {earlier}。如果不对，请在映射文件的 scales 中写明。",
        "en": "File {file}: dimension '{dimension:@dim?}' of cycle {cycle} was read on the scale {scale}, while cycle {other} uses {earlier}. If that is wrong, declare the scale under scales in a mapping file.",
    },
    "import.dates_month_first": {
        "zh": "文件 {file}：列「{column}」中 {n} 行的日期无法区分日/月，已按 月/日/年 读取（行号: 原值 → 日期：{examples}）。如果它们是 日/月/年，请在源表中写成 YYYY-MM-DD 后重新导入。",
        "en": "File {file}: the dates of column '{column}' ({n:#row|rows}) do not tell day from month; they were read as month/day/year (row: value → date read: {examples}). If they are day/month/year, write them as YYYY-MM-DD in the file and import again.",
    },
    "import.quarantine_summary": {
        "zh": "文件 {file}：{rows} 行（共 {total} 行，{share:.0%}）有单元格进入隔离区（共 {cells} 个单元格），这些值没有导入。查看原因：python -m analytics quarantine --import-id {import_id}",
        "en": "File {file}: {rows:#row|rows} of {total} ({share:.0%}) had cells quarantined ({cells:#cell|cells} in all), and those values were not imported. See the reasons with: python -m analytics quarantine --import-id {import_id}",
    },
    "import.see_quarantine": {
        "zh": "查看隔离原因：python -m analytics quarantine --import-id {import_id}",
        "en": "See the reasons with: python -m analytics quarantine --import-id {import_id}",
    },
    "import.total_missing": {
        "zh": "文件 {file}：{n} 人次的「{total}」为空（如 {examples}），他们在该周期没有分数（维度得分已导入，但不代替总分）。如需分析，请在源表中补上总分后重新导入。",
        "en": "File {file}: '{total}' is empty for {n:#person-cycle|person-cycles} (e.g. {examples}), so they have no score in that cycle (their dimension scores were loaded but do not replace the total). To analyse them, fill in the total in the source sheet and import again.",
    },
    "import.records_repeated": {
        "zh": "文件 {file}：{n} 人次在同一周期出现两次且结果不同（如 {examples}），保留先出现的一行，后一行整行未导入（其评分、考核人、等级都不使用；行号见隔离记录）。如后一行才对，请在源表中删去前一行后重新导入。",
        "en": "File {file}: {n:#person-cycle appears|person-cycles appear} twice with different results (e.g. {examples}); the first row is kept and the later one is not loaded at all (its ratings, rater and grade are not used; the quarantine names the rows). If the later row is right, delete the earlier one in the source sheet and import again.",
    },
    "import.records_repeated_same": {
        "zh": "文件 {file}：{n} 行与同一人同一周期的前一行完全相同，按一行读取（行号 = 前一行行号（工号 周期））：{rows}。如确为两条不同记录，请在源表中改正后重新导入。",
        "en": "File {file}: {n:#row repeats|rows repeat} an earlier row of the same person and cycle exactly: read once (row = earlier row (id cycle)): {rows}. If they are different records, correct the source and import it again.",
    },
    "import.total_out_of_scale": {
        "zh": "文件 {file}：{n} 人次的「{total}」超出 {scale} 的范围（如 {examples}），已隔离，他们在该周期没有分数（维度得分已导入，但不代替总分）。请在源表中改正后重新导入。",
        "en": "File {file}: '{total}' is outside the range {scale} for {n:#person-cycle|person-cycles} (e.g. {examples}); quarantined, so they have no score in that cycle (their dimension scores were loaded but do not replace the total). Correct it in the source sheet and import again.",
    },
    "import.total_quarantined": {
        "zh": "文件 {file}：{n} 人次的「{total}」不是有效分数（如 {examples}，原因见隔离记录），已隔离，他们在该周期没有分数（维度得分已导入，但不代替总分）。请在源表中改正后重新导入。",
        "en": "File {file}: '{total}' is no valid score for {n:#person-cycle|person-cycles} (e.g. {examples}; the quarantine gives the reasons); quarantined, so they have no score in that cycle (their dimension scores were loaded but do not replace the total). Correct it in the source sheet and import again.",
    },
    "import.managers_changed": {
        "zh": "文件 {file}：{n} 名员工在不同周期由不同的上级考核（上级变更），如 {examples:parts}；每个周期的考核人随该周期的评分保存，不是数据不一致。",
        "en": "File {file}: {n:#employee was|employees were} rated by a different manager in different cycles (a manager change), e.g. {examples:parts}; each cycle's rater is kept with that cycle's ratings: not an inconsistency.",
    },
    # one example of a manager change: the person, then each cycle's manager (rev28a item 5)
    "import.manager_change_example": {
        "zh": "{person:clauses}：{steps:steps}",
        "en": "{person:clauses}: {steps:steps}",
    },
    "import.manager_change_step": {
        "zh": "{cycle} 上级 {manager:clauses}",
        "en": "{cycle} manager {manager:clauses}",
    },
    # a person in an import message: the id said to be one (a bare 1 reads as a count)
    "import.person_id_named": {"zh": "{name}（工号 {id}）", "en": "{name} (id {id})"},
    "import.person_id": {"zh": "工号 {id}", "en": "id {id}"},
    "import.cycle_chosen_for_sheet": {
        "zh": "文件 {file} [{sheet}]：工作表中没有考核周期列，按所选周期「{cycle}」导入（作为「{column}」列）。",
        "en": "File {file} [{sheet}]: the sheet has no cycle column; imported as the chosen cycle '{cycle}' (as column '{column}').",
    },
    "import.sheet_not_imported": {
        "zh": "文件 {file}：工作表「{sheet}」未导入（其他工作表已导入）：{reason}",
        "en": "File {file}: sheet '{sheet}' was not imported (the other sheets were): {reason}",
    },
    "import.scores_decimal_comma": {
        "zh": "文件 {file}：{n} 个分数写成小数逗号，已按小数读取（行号:列 {examples}）。如果逗号分隔的是两个分数，请在源文件中改正后重新导入。",
        "en": "File {file}: {n:#score was|scores were} written with a decimal comma and read as a decimal (row:column {examples}). If the comma separates two scores, correct the file and import it again.",
    },
    "import.scores_unit_read": {
        "zh": "文件 {file}：{n} 个分数带单位“分”（如 {examples}），已按数字读取（85分 → 85）。",
        "en": "File {file}: {n:#score was|scores were} written with the unit 分 (e.g. {examples}) and read as the number (85分 -> 85).",
    },
    "import.cycle_from_sheet": {
        "zh": "文件 {file} [{sheet}]：工作表中没有考核周期列，周期取自工作表名称「{sheet}」（已作为「{column}」列导入）。如不对，请在文件中加上考核周期列后重新导入。",
        "en": "File {file} [{sheet}]: the sheet has no cycle column, so the cycle is taken from the sheet's name '{sheet}' (imported as column '{column}'). If that is wrong, add a cycle column to the file and import it again.",
    },
    "import.roles_one_rater_manager": {
        "zh": '文件 {file}：没有评价关系列，每人每周期只有一位评价人（列「{column}」），{n} 条评分已按此人直属上级的评分（上级评价）导入。如不对，请在文件中加上评价关系列（或在映射文件的 columns 中写明哪一列是评价关系，例如 columns = {{ "关系" = "rater_role" }}），再用 --mapping 导入。',
        "en": 'File {file}: there is no rater role column and each person has one rater per cycle (column \'{column}\'), so {n:#rating was|ratings were} loaded as ratings by the person\'s manager. If that is wrong, add a rater role column to the file (or name the column holding the roles under columns in a mapping file, e.g. columns = {{ "Relation" = "rater_role" }}) and import with --mapping.',
    },
    "import.manager_column_as_rater": {
        "zh": '文件 {file}{sheet}：没有评价人列，分数按列「{column}」中的直属上级给出的评分导入（每个周期的上级随评分保存）。如不对，请在映射文件的 columns 中把「{column}」写为直属上级工号（columns = {{ "{column}" = "manager_id" }}），再用 --mapping 导入。',
        "en": "File {file}{sheet}: there is no rater column, so the scores were loaded as ratings by the manager in column '{column}' (each cycle's manager is kept with its ratings). If that is wrong, map '{column}' to the manager id in a mapping file (columns = {{ \"{column}\" = \"manager_id\" }}) and import with --mapping.",
    },
    "import.total_is_score": {
        "zh": "文件 {file}{sheet}：「{total}」作为每人的分数（公司的总分及其权重）；{columns} 作为评价维度保留（权重 0，不参与平均，不替代总分）。",
        "en": "File {file}{sheet}: '{total}' is each person's score (the company's total, with its weighting); {columns} are kept as rating dimensions (weight 0: not averaged, they do not replace the total).",
    },
    "import.total_as_rating": {
        "zh": '文件 {file}{sheet}：列「{column}」在同一人同一周期的各行（各评价人，见列「{rater}」）取值不同，因此按每位评价人给的评分导入，而不是每人的最终得分。如它其实是每人的最终得分，请在映射文件的 columns 中写明（columns = {{ "{column}" = "final_score" }}），再用 --mapping 导入。',
        "en": "File {file}{sheet}: column '{column}' differs between the rows of one person and cycle (one per rater, see column '{rater}'), so it is imported as each rater's score, not as the person's final score. If it is the final score, say so under columns in a mapping file (columns = {{ \"{column}\" = \"final_score\" }}) and import with --mapping.",
    },
    "import.rater_without_scores": {
        "zh": '文件 {file}{sheet}：有评价人列「{rater}」，但没有评价人给的分数列，分数和等级只作为考核结果导入；评价人宽严、评价人之间的比较等评价人分析将不可用；数据集中若没有任何评分，“总览”和“分数分布”页显示考核结果的分布和与指导分布的比较，其他分析页面（以评价人的评分为基础）不显示。如有一列是评价人给的分数，请在映射文件的 columns 中写明（例如 columns = {{ "总分" = "score" }}），再用 --mapping 导入。',
        "en": "File {file}{sheet}: there is a rater column ('{rater}') but no column of the raters' scores, so scores and grades load as results only; the rater analyses (leniency, comparing raters) will be unavailable, and a dataset with no ratings at all shows the results' distributions and their fit to the guideline on the Overview and Distributions pages, and no other analysis page (they are built on raters' ratings). If a column holds the rater's score, say so under columns in a mapping file (e.g. columns = {{ \"Total\" = \"score\" }}) and import with --mapping.",
    },
    "import.no_rater_results_only": {
        "zh": '文件 {file}{sheet}：没有评价人列，分数和等级只作为考核结果导入；评价人宽严、评价人之间的比较等评价人分析将不可用；数据集中若没有任何评分，“总览”和“分数分布”页显示考核结果的分布和与指导分布的比较，其他分析页面（以评价人的评分为基础）不显示。如有一列是评价人（考核人）工号，请在映射文件的 columns 中写明（例如 columns = {{ "考核人工号" = "rater_id" }}）；如分数是每人直属上级给的评分，请把分数列写为 manager_score（不要把上级列写为 rater_id：那会把它们读成同事的评分），再用 --mapping 导入。',
        "en": "File {file}{sheet}: there is no rater column, so scores and grades load as results only; the rater analyses (leniency, comparing raters) will be unavailable, and a dataset with no ratings at all shows the results' distributions and their fit to the guideline on the Overview and Distributions pages, and no other analysis page (they are built on raters' ratings). If a column holds the rater's id, name it under columns in a mapping file (e.g. columns = {{ \"Reviewer ID\" = \"rater_id\" }}); if the scores are each person's manager's rating, map the score column to manager_score (not the manager column to rater_id: that reads them as peers' ratings), and import with --mapping.",
    },
    "import.columns_not_imported": {
        "zh": '文件 {file}{sheet}：以下列不导入：{columns}。如需导入，请在映射文件的 columns 中写明其含义（例如 columns = {{ "岗位" = "job_family" }}），再用 --mapping 导入。',
        "en": 'File {file}{sheet}: these columns are not imported: {columns}. To import one, say what it holds under columns in a mapping file (e.g. columns = {{ "Job" = "job_family" }}) and import with --mapping.',
    },
    "import.score_columns_not_imported": {
        "zh": "文件 {file}{sheet}：以下列是评分（评分范围内的数字或等级），但没有导入，任何分析都不包含它们：{columns}。请在映射文件的 columns 中写明各列是谁的评分（self_score、manager_score、peer_score …），或用 --exclude 有意排除。",
        "en": "File {file}{sheet}: these columns hold ratings (numbers in a rating scale, or grades) but are not imported, so no analysis includes them: {columns}. Say whose rating each is under columns in a mapping file (self_score, manager_score, peer_score …), or leave it out on purpose with --exclude.",
    },
    "import.score_as_manager_rating": {
        "zh": '文件 {file}{sheet}：列「{column}」按上级的评分读取（评价人 = 列「{rater}」），与各评价关系的评分列（自评、同事 …）并列。如不对（例如它是最终得分），请在映射文件的 columns 中写明（"{column}" = "final_score"）。',
        "en": 'File {file}{sheet}: column \'{column}\' read as the manager\'s rating (rater = {rater}), beside the columns of the other rater roles (self, peer …). If it is something else (the final score, say), declare it under columns in a mapping file ("{column}" = "final_score").',
    },
    "import.score_by_manager": {
        "zh": '文件 {file}{sheet}：没有评价人列，每人每周期一行，列「{column}」按直属上级（列「{rater}」）给此人的评分读取（评价关系：上级），评价人分析可用。如不对（例如它是最终得分），请在映射文件的 columns 中写明（"{column}" = "final_score"）。',
        "en": "File {file}{sheet}: there is no rater column and each person has one row per cycle, so column '{column}' is read as the rating by the person's manager (column '{rater}', role manager), and the rater analyses are available. If it is something else (the final score, say), declare it under columns in a mapping file (\"{column}\" = \"final_score\").",
    },
    "import.score_as_manager_no_rater": {
        "zh": "文件 {file}{sheet}：列「{column}」按上级的评分读取，与各评价关系的评分列（自评、同事 …）并列；文件中没有直属上级列，这些评分的评价人无法识别。如有一列是上级工号，请在映射文件的 columns 中把它写为 manager_id；如「{column}」是最终得分，写为 final_score。",
        "en": "File {file}{sheet}: column '{column}' read as the manager's rating, beside the columns of the other rater roles (self, peer …); the file has no manager column, so these ratings have no identified rater. If a column holds the manager's id, map it to manager_id under columns in a mapping file; if '{column}' is the final score, map it to final_score.",
    },
    "import.score_as_final_score": {
        "zh": "文件 {file}{sheet}：已有上级评分列，列「{column}」按最终得分（考核结果）读取。如不对，请在映射文件的 columns 中写明它的含义。",
        "en": "File {file}{sheet}: there is a manager score column already, so column '{column}' was read as the final score (a result). If that is wrong, say what it holds under columns in a mapping file.",
    },
    "import.manager_rater_empty": {
        "zh": "文件 {file}：列「{column}」中 {n} 条上级评分所在行的「{rater}」为空（如没有上级的部门负责人）：作为评价人不明的上级评分保留，计入人员得分和自评/上级/同事对比，但不进入评价人宽严、评价人一致性等针对具体评价人的统计。",
        "en": "File {file}: in column '{column}', {n:#manager rating has|manager ratings have} an empty '{rater}' (department heads without a manager, say): kept as manager ratings with no identified rater, counted in person scores and the self/manager/peer comparison but left out of the statistics of individual raters (leniency, agreement between raters).",
    },
    "import.manager_rater_missing": {
        "zh": "文件 {file}：文件中没有直属上级列或评价人列，列「{column}」的 {n} 条上级评分没有可识别的评价人：计入人员得分和自评/上级/同事对比，但不进入评价人宽严、评价人一致性等针对具体评价人的统计。如有一列是上级工号，请在映射文件的 columns 中把它写为 manager_id。",
        "en": "File {file}: the file has no manager or rater column, so in column '{column}' {n:#manager rating has|manager ratings have} no identified rater: counted in person scores and the self/manager/peer comparison but left out of the statistics of individual raters (leniency, agreement between raters). If a column holds the manager's id, map it to manager_id under columns in a mapping file.",
    },
    "import.role_rater_unknown": {
        "zh": "文件 {file}：列「{column}」的 {n} 条{role:@rater_kind}评分没有评价人工号（每个评价关系一列的宽表不列出{role:@rater_kind}评价人）：作为评价人不明的{role:@rater_kind}评分保留，按该评价关系的权重计入人员得分，并计入各评价来源的对比；{role:@rater_kind}评价人的统计（宽严、评价人之间的一致性）无法使用它们。",
        "en": "File {file}: in column '{column}' ({role:@rater_kind} ratings), {n:#rating names|ratings name} no rater (a table of one column per role does not say who the {role:@rater_kind} raters are): kept with an unidentified rater, counted in person scores with their role's weight and in the comparison of sources; statistics of {role:@rater_kind} raters (leniency, agreement between raters) cannot use them.",
    },
    "rater_kind.self": {"zh": "自评", "en": "self"},
    "rater_kind.manager": {"zh": "上级", "en": "manager"},
    "rater_kind.peer": {"zh": "同事", "en": "peer"},
    "rater_kind.skip_level": {"zh": "隔级", "en": "skip-level"},
    "rater_kind.subordinate": {"zh": "下属", "en": "subordinate"},
    "import.unmapped_columns": {
        "zh": "未映射的列（未导入）：{columns}",
        "en": "Unmapped columns (not loaded): {columns}",
    },
    "import.dimension_columns": {
        "zh": "作为评价维度读取的列：{columns}",
        "en": "Columns read as rating dimensions: {columns}",
    },
}
