"""Messages about the database file and the command line's arguments: what is wrong with the
file or the command, and what to do, in one line each."""

TEXT: dict[str, dict[str, str]] = {
    "db.is_directory": {
        "zh": "数据库 {file} 是一个文件夹：--db 需要一个数据库文件的路径（例如 data/perflens.duckdb）。",
        "en": "Database {file} is a folder: --db needs the path of a database file "
        "(for example data/perflens.duckdb).",
    },
    "db.missing": {
        "zh": "数据库 {file} 不存在：请检查 --db 的路径，或先用 import 或 demo 导入数据。",
        "en": "Database {file} does not exist: check the --db path, or import data first "
        "(import or demo).",
    },
    "db.not_a_database": {
        "zh": "{file} 不是 PerfLens 数据库，或文件已损坏：请检查 --db 的路径；若文件已损坏，"
        "请从备份恢复，或换一个新路径重新导入。",
        "en": "{file} is not a PerfLens database, or it is damaged: check the --db path; if the "
        "file is damaged, restore it from a backup or import again into a new path.",
    },
    "db.newer_format": {
        "zh": "数据库 {file} 由更新版本的程序写入，当前版本无法打开：请升级 PerfLens。",
        "en": "Database {file} was written by a newer version and cannot be opened by this one: "
        "upgrade PerfLens.",
    },
    "db.locked": {
        "zh": "数据库 {file} 正被另一个程序独占打开：请关闭旧版本的仪表盘或其他直接打开该文件的程序后重试。",
        "en": "Database {file} is held open exclusively by another program: close an older "
        "dashboard or any other program that opened the file directly, then try again.",
    },
    "db.no_access": {
        "zh": "无法写入数据库 {file} 所在的文件夹（{detail}）：请检查权限和剩余磁盘空间，或换一个 --db 路径。",
        "en": "Cannot write beside database {file} ({detail}): check the permissions and free "
        "disk space, or choose another --db path.",
    },
    "db.waiting": {
        "zh": "数据库 {file} 正在被另一个导入写入：等待其完成后继续…",
        "en": "Database {file} is being written by another import: waiting for it to finish…",
    },
    "db.refreshing": {
        "zh": "正在更新预计算结果…",
        "en": "Refreshing the stored results…",
    },
    "db.refreshed": {
        "zh": "数据库 {file}：预计算结果已是最新。",
        "en": "Database {file}: the stored results are up to date.",
    },
    "cli.demo_wrote": {"zh": "写出演示导出文件：{files}", "en": "Wrote demo exports: {files}"},
    "cli.quarantine_empty": {
        "zh": "隔离区为空：没有被隔离的单元格。",
        "en": "The quarantine is empty: no cell was quarantined.",
    },
    "cli.quarantine_empty_import": {
        "zh": "导入 {import_id} 没有（或已不再有）被隔离的单元格：同一文件再次导入时，相同的隔离单元格归入最近一次导入。",
        "en": "Import {import_id} has no quarantined cells (or no longer has them: when a file is imported again, the same quarantined cells belong to its latest import).",
    },
    "cli.quarantine_more": {
        "zh": "仅显示前 {shown} 个单元格，共 {total} 个；用 --limit 显示更多，或用 --out 文件.csv 全部导出。",
        "en": "Showing the first {shown} of {total:#cell|cells}; show more with --limit, or write them all with --out file.csv.",
    },
    "cli.path_is_directory": {
        "zh": "{file} 是一个文件夹：请列出要导入的文件，例如 {example}。",
        "en": "{file} is a folder: name the files to import, for example {example}.",
    },
    "cli.report_type": {
        "zh": "无法写出 {file}：报告只支持 .xlsx、.json、.html 和 .pdf 文件，请换一个扩展名。",
        "en": "Cannot write {file}: a report is an .xlsx, .json, .html or .pdf file; choose one "
        "of these extensions.",
    },
    "cli.out_not_writable": {
        "zh": "无法写出 {file}（{detail}）：请检查文件夹是否存在以及写入权限。",
        "en": "Cannot write {file} ({detail}): check that the folder exists and may be written.",
    },
    "cli.demo_employees": {
        "zh": "演示公司至少需要 {min} 名员工（--employees {given}）：请把 --employees 设为 {min} 或以上。",
        "en": "The demo company needs at least {min:#employee|employees} (--employees {given}): set "
        "--employees to {min} or more.",
    },
    "cli.demo_cycles": {
        "zh": "演示公司至少需要 {min} 个考核周期（--cycles {given}）：请把 --cycles 设为 {min} 或以上。",
        "en": "The demo company needs at least {min} review cycles (--cycles {given}): set "
        "--cycles to {min} or more.",
    },
    "cli.demo_refused": {
        "zh": "无法生成演示公司（{detail}）：请调整 --employees / --cycles。",
        "en": "Cannot generate the demo company ({detail}): change --employees / --cycles.",
    },
    "cli.failed": {
        "zh": "{file}：操作未完成（{detail}）。数据库保持原样；请重试，若问题仍在，请把这一行发给管理员。",
        "en": "{file}: the operation did not finish ({detail}). The database is unchanged; try "
        "again, and if it persists send this line to your administrator.",
    },
}

# why a reading library refused a file (analytics.ingest.liberrors), in the import family
TEXT |= {
    "import.csv_ragged": {
        "zh": "文件 {file} 第 {row} 行有 {found} 列，而表头只有 {expected} 列：该行多半有未加引号的"
        "分隔符“{sep}”；请修正该行，或在 Excel 中打开后另存为 CSV 或 XLSX 再导入。",
        "en": "File {file}, row {row}: {found:#cell|cells}, but the header has {expected}: the row "
        "probably holds an unquoted separator '{sep}'; fix that row, or open the file in Excel "
        "and save it as CSV or XLSX, then import again.",
    },
    "import.csv_open_quote": {
        "zh": "文件 {file} 第 {row} 行的引号没有闭合，之后的内容都被读成同一个单元格：请修正该行的引号后再导入。",
        "en": "File {file}, row {row}: a quote opens and never closes, so the rest of the file "
        "reads as one cell; fix the quotes in that row, then import again.",
    },
    "import.csv_unreadable": {
        "zh": "文件 {file} 无法作为 CSV 表格读取：请确认它是文本表格，或在 Excel 中另存为 CSV（UTF-8）或 XLSX 后再导入。",
        "en": "File {file} cannot be read as a CSV table: check that it is a text table, or save "
        "it from Excel as CSV (UTF-8) or XLSX, then import again.",
    },
    "import.xlsx_unreadable": {
        "zh": "文件 {file} 不是可读取的 Excel 工作簿（可能已损坏、加密、下载不完整，或是改了扩展名的 .xls）："
        "请在 Excel 中打开并另存为 .xlsx 后再导入。",
        "en": "File {file} is not a readable Excel workbook (damaged, encrypted, cut off in "
        "download, or an .xls renamed): open it in Excel and save it as .xlsx, then import again.",
    },
    "import.xlsx_sheet_unreadable": {
        "zh": "文件 {file} 的工作表“{sheet}”无法读取：请在 Excel 中检查该工作表，另存为 .xlsx 后再导入，"
        "或用 --sheet 选择其他工作表。",
        "en": "File {file}, sheet '{sheet}' cannot be read: check that sheet in Excel and save "
        "the workbook as .xlsx again, or choose another sheet with --sheet.",
    },
    "import.parquet_unreadable": {
        "zh": "文件 {file} 不是可读取的 Parquet 文件（可能已损坏或不完整）：请重新导出后再导入。",
        "en": "File {file} is not a readable Parquet file (damaged or incomplete): export it "
        "again, then import.",
    },
}

# a mapping file's refusals (analytics.ingest.mappingcheck) and the command line's
TEXT |= {
    "import.mapping_missing": {
        "zh": "映射文件 {file} 不存在或无法读取：请检查 --mapping 的路径。",
        "en": "Mapping file {file} does not exist or cannot be read: check the --mapping path.",
    },
    "import.mapping_syntax": {
        "zh": "映射文件 {file} 不是有效的 {kind}：请检查括号、引号和逗号。",
        "en": "Mapping file {file} is not valid {kind}: check its brackets, quotes and commas.",
    },
    "import.mapping_syntax_at": {
        "zh": "映射文件 {file} 第 {line} 行不是有效的 {kind}：请检查该行的括号、引号和逗号。",
        "en": "Mapping file {file}, line {line}: not valid {kind}; check the brackets, quotes "
        "and commas of that line.",
    },
    "import.mapping_not_table": {
        "zh": "映射文件 {file}：{key} 应是“名称 = 文字”的对照表（JSON 对象或 TOML 表），而不是 {found}。",
        "en": "Mapping file {file}: {key} must be a table of name = text (a JSON object or a "
        "TOML table), not {found}.",
    },
    "import.mapping_not_list": {
        "zh": "映射文件 {file}：{key} 应是表头名称的列表，例如 ['沟通', '协作']，而不是 {found}。",
        "en": "Mapping file {file}: {key} must be a list of header names, for example "
        "['Communication', 'Teamwork'], not {found}.",
    },
    "import.mapping_bad_scale": {
        "zh": "映射文件 {file}：维度“{dimension}”的量表“{value}”无法识别：请写成“最低-最高”（如 1-5、"
        "1-10、0-100），或 {grades} 之一。",
        "en": "Mapping file {file}: the scale '{value}' of dimension '{dimension}' is not "
        "understood: write it as lowest-highest (such as 1-5, 1-10, 0-100) or one of {grades}.",
    },
    "import.mapping_bad_role_weights": {
        "zh": "映射文件 {file}：role_weights 应是“来源 = 权重”的表，权重为不小于 0 的数且总和大于 0，"
        "每个来源只写一次，来源写作 {roles} 之一或评价关系的写法（如 上级、同事、隔级）；而不是 "
        '{found}。例如 role_weights = {{ "上级" = 0.6, "同事" = 0.2, "隔级" = 0.2 }}。',
        "en": "Mapping file {file}: role_weights must be a table of source = weight, each weight "
        "a number of at least 0 and their sum above 0, each source once, named as one of "
        "{roles} or as the ratings name it (such as 上级, 同事, 隔级); not {found}. For example "
        "role_weights = {{ manager = 0.6, peer = 0.2, skip_level = 0.2 }}.",
    },
    "import.mapping_unknown_keys": {
        "zh": "映射文件 {file}：不认识的键 {keys}（可用：{known}）。",
        "en": "Mapping file {file}: unknown keys {keys} (known: {known}).",
    },
    "import.mapping_unknown_fields": {
        "zh": "映射文件 {file}：columns 指向不认识的字段 {fields}（可用：{known}）。",
        "en": "Mapping file {file}: columns names unknown fields {fields} (known: {known}).",
    },
    "cli.path_missing": {
        "zh": "文件 {file} 不存在：请检查路径和文件名（当前文件夹：{folder}）。",
        "en": "File {file} does not exist: check the path and the file name (current folder: "
        "{folder}).",
    },
}
