"""The command line's help (``python -m analytics [command] --help``): argparse's headings and
every option's help, in the language ``--lang`` / ``$PERFLENS_LANG`` chooses."""

TEXT: dict[str, dict[str, str]] = {
    "clihelp.description": {
        "zh": "PerfLens 绩效透视：导入绩效考核导出文件，生成校准报告。",
        "en": "PerfLens: import performance-review exports and write calibration reports.",
    },
    "clihelp.usage": {"zh": "用法：", "en": "usage: "},
    "clihelp.positionals": {"zh": "位置参数", "en": "positional arguments"},
    "clihelp.options": {"zh": "选项", "en": "options"},
    "clihelp.commands": {"zh": "命令", "en": "commands"},
    "clihelp.help": {"zh": "显示本帮助并退出", "en": "show this help message and exit"},
    "clihelp.lang": {
        "zh": "提示语言（默认 zh，或环境变量 PERFLENS_LANG）",
        "en": "message language (default zh, or $PERFLENS_LANG)",
    },
    "clihelp.db": {"zh": "数据库文件（默认 {default}）", "en": "database file (default {default})"},
    "clihelp.dataset": {
        "zh": "数据集（默认：默认数据集）",
        "en": "the dataset (default: the default one)",
    },
    "clihelp.quiet": {"zh": "不显示进度", "en": "no progress bar"},
    "clihelp.import": {
        "zh": "导入绩效考核导出文件（CSV / XLSX / Parquet）",
        "en": "import evaluation exports (CSV/XLSX/Parquet)",
    },
    "clihelp.files": {"zh": "要导入的文件", "en": "the files to import"},
    "clihelp.files_metavar": {"zh": "文件", "en": "FILE"},
    "clihelp.mapping": {
        "zh": "映射文件（JSON / TOML）：columns、scales、roles、dimensions",
        "en": "JSON/TOML file: columns, scales, roles, dimensions",
    },
    "clihelp.sheet": {"zh": "只读取这个 XLSX 工作表", "en": "only this XLSX sheet"},
    "clihelp.exclude": {
        "zh": "不导入的源列（可重复），例如 --exclude 年龄",
        "en": "a source column never to load (repeatable), e.g. --exclude 年龄",
    },
    "clihelp.column_metavar": {"zh": "列名", "en": "COLUMN"},
    "clihelp.header_row": {
        "zh": "表头所在的行号（其上方为标题、说明）",
        "en": "row number of the header (above it: titles, notes)",
    },
    "clihelp.import_mode": {
        "zh": "与已存储数据的关系：replace（默认）替换本文件所含员工 × 评价关系 × 维度的已存储评分（上级评分文件只替换上级评分，自评文件再补上自评）；add 只替换同一评价人、评价关系、维度的评分，不删除任何其他评分（例如同事评分按评价人分多个文件导出）",
        "en": "how the file meets the stored data: replace (the default) replaces the stored ratings of the employees × rater roles × dimensions the file holds (a manager-review file replaces manager ratings only, a self-review file then adds the self ratings); add replaces only ratings of the same rater, role and dimension and deletes nothing else (peer ratings exported one file per rater, say)",
    },
    "clihelp.encoding": {
        "zh": "CSV 文件的文本编码，例如 cp1252、gbk、utf-16",
        "en": "text encoding of CSV files, e.g. cp1252, gbk, utf-16",
    },
    "clihelp.users_dataset": {
        "zh": "--department 在这个数据集中核对（默认：默认数据集）",
        "en": "the dataset --department is checked in (default: the default one)",
    },
    "clihelp.import_dataset": {
        "zh": "导入到这个数据集（不存在时新建）；默认：默认数据集",
        "en": "import into this dataset (created when new); default: the default dataset",
    },
    "clihelp.name_metavar": {"zh": "名称", "en": "NAME"},
    "clihelp.demo": {
        "zh": "生成演示企业的数据并导入",
        "en": "generate the demo enterprise and import it",
    },
    "clihelp.demo_out": {
        "zh": "演示导出文件写到这个文件夹（默认：数据库文件旁的「数据库文件名.demo」）",
        "en": "folder for the demo exports (default: <database file>.demo beside the database)",
    },
    "clihelp.demo_employees": {
        "zh": "员工人数（默认 {default}）",
        "en": "number of employees (default {default})",
    },
    "clihelp.demo_cycles": {
        "zh": "考核周期数（默认 {default}）",
        "en": "number of cycles (default {default})",
    },
    "clihelp.demo_seed": {
        "zh": "随机种子（默认 {default}）",
        "en": "random seed (default {default})",
    },
    "clihelp.demo_dataset": {
        "zh": "把演示数据载入这个数据集",
        "en": "load the demo into this dataset",
    },
    "clihelp.quarantine": {
        "zh": "显示隔离的行及原因（或用 --out 写成 CSV）",
        "en": "show (or --out CSV) quarantined rows with reasons",
    },
    "clihelp.import_id": {
        "zh": "只看这次导入（导入结果中给出的编号）",
        "en": "only this import (the id an import's report gives)",
    },
    "clihelp.limit": {
        "zh": "屏幕上显示的单元格数（默认 {default}）",
        "en": "cells shown on screen (default {default})",
    },
    "clihelp.quarantine_out": {
        "zh": "把全部隔离单元格写到这个 CSV 文件",
        "en": "write every cell to this CSV file",
    },
    "clihelp.refresh": {
        "zh": "完成中断的导入：刷新过期的预计算结果，清理残留文件",
        "en": "finish an interrupted import: refresh stale stored results, remove leftovers",
    },
    "clihelp.report": {
        "zh": "写出校准结论（.json、.xlsx、.html 或 .pdf）",
        "en": "write calibration findings (.json, .xlsx, .html or .pdf)",
    },
    "clihelp.report_out": {
        "zh": "报告文件（按扩展名决定格式）",
        "en": "the report file (its extension decides the format)",
    },
    "clihelp.cycle": {
        "zh": "考核周期编号（可重复）；默认全部",
        "en": "cycle id (repeatable); default all",
    },
    "clihelp.department": {
        "zh": "部门及其下级部门，例如 销售中心",
        "en": "department subtree, e.g. 销售中心",
    },
    "clihelp.datasets": {
        "zh": "列出数据集，重命名一个，或删除一个（需加 --yes）",
        "en": "list the datasets, rename one, or delete one (with --yes)",
    },
    "clihelp.datasets_action": {
        "zh": "list（列出）、delete（删除）或 rename（重命名）",
        "en": "list, delete or rename",
    },
    "clihelp.datasets_name": {
        "zh": "要删除或重命名的数据集（编号或名称）",
        "en": "the dataset to delete or rename (its key or name)",
    },
    "clihelp.datasets_new_name": {
        "zh": "重命名：新名称（编号不变）",
        "en": "rename: the new name (the key stays)",
    },
    "clihelp.imports": {
        "zh": "列出数据集的各次导入，或删除一次导入的数据（需加 --yes）",
        "en": "list a dataset's imports, or delete one import's data (with --yes)",
    },
    "clihelp.imports_action": {
        "zh": "list（列出）或 delete（删除）",
        "en": "list or delete",
    },
    "clihelp.imports_id": {
        "zh": "要删除的导入（list 给出的编号）",
        "en": "the import to delete (its id, from list)",
    },
    "clihelp.default_db": {"zh": "默认数据库", "en": "the default database"},
    "clihelp.yes": {"zh": "确认删除", "en": "confirm the deletion"},
    "clihelp.error": {"zh": "{prog}：错误：{message}", "en": "{prog}: error: {message}"},
    "clihelp.err_required": {
        "zh": "缺少必需的参数：{names}",
        "en": "the following arguments are required: {names}",
    },
    "clihelp.err_unrecognized": {
        "zh": "无法识别的参数：{names}",
        "en": "unrecognized arguments: {names}",
    },
    "clihelp.err_choice": {
        "zh": "参数 {arg}：{value} 不是可选值（可选：{names}）",
        "en": "argument {arg}: invalid choice: {value} (choose from {names})",
    },
    "clihelp.err_int": {
        "zh": "参数 {arg}：{value} 不是整数",
        "en": "argument {arg}: invalid int value: {value}",
    },
    "clihelp.err_one": {
        "zh": "参数 {arg}：需要一个值",
        "en": "argument {arg}: expected one argument",
    },
    "clihelp.user_metavar": {"zh": "用户", "en": "USER"},
    "clihelp.group_metavar": {"zh": "组", "en": "GROUP"},
    "clihelp.file_metavar": {"zh": "文件", "en": "FILE"},
    "clihelp.report_as": {
        "zh": "以这位用户的身份写报告：只含其角色可见的范围（角色见角色文件）",
        "en": "write the report as this user sees it: only their role's scope (roles file)",
    },
    "clihelp.report_group": {
        "zh": "该用户在登录提供方中的组（可重复），按角色文件的组映射取角色",
        "en": "a group the user has at the sign-in provider (repeatable): the roles file maps it",
    },
    "clihelp.roles_file": {
        "zh": "角色文件（默认：环境变量 PERFLENS_ROLES，否则 data/roles.toml）",
        "en": "the roles file (default: $PERFLENS_ROLES, else data/roles.toml)",
    },
    "clihelp.report_full": {
        "zh": "JSON 和工作簿列出每个人的全部行（默认只列需要关注的人，并注明省略了多少行）",
        "en": "every person's rows in the JSON and the workbook (by default only the people to act on, with a count of the rest)",
    },
    "clihelp.pseudonymise": {
        "zh": "匿名化：工号换成加密哈希编号，不含姓名和评语（分析师角色总是如此）",
        "en": "pseudonymised: keyed-hash ids, no names, no comments (always so for an analyst)",
    },
    "clihelp.users": {
        "zh": "列出、添加或移除角色文件中的用户角色",
        "en": "list, add or remove users' roles in the roles file",
    },
    "clihelp.users_action": {"zh": "list、add 或 remove", "en": "list, add or remove"},
    "clihelp.users_user": {
        "zh": "登录身份（通常是邮箱），不区分大小写",
        "en": "the sign-in identity (usually an e-mail), any case",
    },
    "clihelp.users_role": {"zh": "角色", "en": "the role"},
    "clihelp.users_department": {
        "zh": "可查看的部门及其下级（hrbp、dept_head 需要；可重复）",
        "en": "a department subtree they see (hrbp, dept_head need one; repeatable)",
    },
    "clihelp.users_employee": {
        "zh": "本人的工号（manager 需要：其团队是他管理或以经理身份评价的人）",
        "en": "their own employee id (a manager needs it: their team is whom they manage or rate as manager)",
    },
}
