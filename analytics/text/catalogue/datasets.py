"""Strings about datasets: a database holds several named datasets (each its own company's
data), chosen in the sidebar and with ``--dataset`` on the command line."""

TEXT: dict[str, dict[str, str]] = {
    "dataset.default_name": {"zh": "默认数据集", "en": "Default dataset"},
    "dataset.demo_name": {"zh": "演示公司", "en": "Demo company"},
    "dataset.unknown": {
        "zh": "没有名为“{name}”的数据集。现有数据集：{known}。",
        "en": "There is no dataset named “{name}”. The datasets are: {known}.",
    },
    "dataset.unknown_url": {
        "zh": "链接中的数据集“{name}”不存在（可能已被删除）。请在侧边栏选择一个数据集，或打开：{known}。",
        "en": "The dataset “{name}” in the link does not exist (it may have been deleted). "
        "Choose a dataset in the sidebar, or open: {known}.",
    },
    "dataset.deleted_url": {
        "zh": "链接中的数据集“{name}”已于 {at:when} 删除。请在侧边栏选择一个数据集，或打开：{known}。",
        "en": "The dataset “{name}” in the link was deleted on {at:when}. "
        "Choose a dataset in the sidebar, or open: {known}.",
    },
    "dataset.open_default": {"zh": "打开数据集“{name}”", "en": "Open dataset “{name}”"},
    "dataset.name_empty": {
        "zh": "请输入新数据集的名称。",
        "en": "Type a name for the new dataset.",
    },
    "dataset.name_long": {
        "zh": "数据集名称最多 {max} 个字符。",
        "en": "A dataset name has at most {max} characters.",
    },
    "dataset.name_taken": {
        "zh": "已有名为“{name}”的数据集：请换一个名称，或选择导入到该现有数据集。",
        "en": "A dataset named “{name}” exists already: choose another name, or import into "
        "that existing dataset.",
    },
    "dataset.registry_unreadable": {
        "zh": "数据集清单 {file} 无法读取：请检查该文件（它是 JSON 格式），或将其移走后重试。",
        "en": "The dataset list {file} cannot be read: check the file (it is JSON), or move it "
        "away and try again.",
    },
    "dataset.used": {
        "zh": "数据集：{name}（{key}）",
        "en": "Dataset: {name} ({key})",
    },
    "dataset.created": {
        "zh": "已新建数据集“{name}”（{key}），数据只导入其中，不与其他数据集合并。",
        "en": "Created the new dataset “{name}” ({key}); the data goes into it alone, never "
        "merged with another dataset.",
    },
    "dataset.created_named": {
        "zh": "已新建数据集“{name}”，数据只导入其中，不与其他数据集合并。",
        "en": "Created the new dataset “{name}”; the data goes into it alone, never merged with "
        "another dataset.",
    },
    "dataset.discarded": {
        "zh": "新数据集“{name}”未保留：没有文件导入成功。",
        "en": "The new dataset “{name}” was not kept: no file was imported.",
    },
    "dataset.list_header": {
        "zh": "数据集（键 · 名称 · 创建时间 · 导入次数 · 文件）：",
        "en": "Datasets (key · name · created · imports · file):",
    },
    "dataset.list_deleted_header": {
        "zh": "已删除的数据集（其导入记录与隔离区保存在所列文件夹中）：",
        "en": "Deleted datasets (their import log and quarantine are kept in the folder shown):",
    },
    "dataset.list_deleted_row": {
        "zh": "{key} · {name} · 删除于 {deleted_at:when} · {archive}",
        "en": "{key} · {name} · deleted {deleted_at:when} · {archive}",
    },
    "dataset.confirm_needed": {
        "zh": "将删除数据集“{name}”（{key}）及其 {imports} 次导入的全部数据；导入记录与隔离区会保留。"
        "确认删除请加上 --yes 再运行一次。",
        "en": "This deletes the dataset “{name}” ({key}) with all data of its "
        "{imports:#import|imports}; the import log and the quarantine are kept. To confirm, run the command "
        "again with --yes.",
    },
    "dataset.deleted": {
        "zh": "已删除数据集“{name}”（{key}）；导入记录与隔离区保存在 {archive}。",
        "en": "Deleted the dataset “{name}” ({key}); its import log and quarantine are kept in "
        "{archive}.",
    },
    "cli.dataset_name_needed": {
        "zh": "请说明要删除哪个数据集，例如：python -m analytics datasets delete 华东分公司 --yes",
        "en": "Say which dataset to delete, for example: python -m analytics datasets delete "
        "acme --yes",
    },
    # the sidebar and the Data page
    "dataset.pick": {"zh": "数据集", "en": "Dataset"},
    "dataset.section": {"zh": "数据集", "en": "Datasets"},
    "dataset.caption": {
        "zh": "每个数据集是一家公司（或一次试用）的独立数据：分析、报告与导出从不混合不同数据集。",
        "en": "Each dataset holds one company's (or one trial's) data on its own: findings, "
        "reports and exports never mix datasets.",
    },
    "dataset.target": {"zh": "导入到", "en": "Import into"},
    "dataset.target_new": {"zh": "新数据集…", "en": "A new dataset…"},
    "dataset.new_name": {"zh": "新数据集名称", "en": "Name of the new dataset"},
    "dataset.new_name_help": {
        "zh": "例如公司名称。导入的数据只进入这个数据集。",
        "en": "For example the company's name. The imported data goes into this dataset alone.",
    },
    "dataset.name_needed": {
        "zh": "请先在上方“新数据集名称”中填写名称，才能导入到新数据集。",
        "en": "Name the new dataset above (“Name of the new dataset”) to import into it.",
    },
    "dataset.current": {
        "zh": "当前查看的数据集：{name}",
        "en": "Dataset shown: {name}",
    },
    "dataset.imports_title": {
        "zh": "{name} · {imports:,} 次导入 · {ratings:,} 条评分",
        "en": "{name} · {imports:#import|imports} · {ratings:#rating|ratings}",
    },
    "dataset.imports_title_results": {
        "zh": "{name} · {imports:,} 次导入 · {results:,} 条考核结果",
        "en": "{name} · {imports:#import|imports} · {results:#result|results}",
    },
    "dataset.delete": {"zh": "删除此数据集", "en": "Delete this dataset"},
    "dataset.confirm": {
        "zh": "确定删除数据集“{name}”吗？其全部评分、人员与分析结果都将删除，无法恢复；"
        "导入记录与隔离区会保留在“已删除的数据集”中。",
        "en": "Delete the dataset “{name}”? All its ratings, people and findings are removed "
        "and cannot be restored; the import log and the quarantine are kept under “Deleted "
        "datasets”.",
    },
    "dataset.confirm_yes": {"zh": "确认删除", "en": "Yes, delete it"},
    "dataset.confirm_no": {"zh": "取消", "en": "Cancel"},
    "dataset.deleted_page": {
        "zh": "已删除数据集“{name}”。",
        "en": "Deleted the dataset “{name}”.",
    },
    "dataset.switched": {
        "zh": "现在显示数据集“{name}”。",
        "en": "Now showing the dataset “{name}”.",
    },
    "dataset.deleted_section": {"zh": "已删除的数据集", "en": "Deleted datasets"},
    "dataset.deleted_title": {
        "zh": "{name} · 删除于 {deleted_at:when}",
        "en": "{name} · deleted {deleted_at:when}",
    },
    # one import of a dataset deleted (its log line and quarantine stay)
    "imports.list_header": {
        "zh": "数据集“{name}”的导入（编号 · 文件 · 时间 · 状态 · 导入行数）：",
        "en": "Imports of the dataset “{name}” (id · file · time · status · rows loaded):",
    },
    "imports.list_empty": {
        "zh": "数据集“{name}”还没有导入。",
        "en": "The dataset “{name}” has no imports yet.",
    },
    "imports.unknown": {
        "zh": "数据集“{name}”中没有可删除的导入“{import_id}”（不存在或已删除）。可删除的导入：{known}。",
        "en": "The dataset “{name}” has no import “{import_id}” to delete (unknown, or deleted "
        "already). Imports that can be deleted: {known}.",
    },
    "imports.confirm_needed": {
        "zh": "将从数据集“{name}”中删除导入 {import_id}（{file}，{time}，导入 {rows} 行）的全部数据，"
        "并重新计算分析结果；导入记录与隔离区会保留。确认删除请加上 --yes 再运行一次。",
        "en": "This removes all data of the import {import_id} ({file}, {time}, "
        "{rows:#row|rows} loaded) from the dataset “{name}” and computes the findings again; "
        "the import log and the quarantine are kept. To confirm, run the command again with "
        "--yes.",
    },
    "imports.deleted": {
        "zh": "已删除导入 {import_id}（{file}）：移除 {ratings} 条评分与 {other} 行其他数据"
        "{cycles}，分析结果已重新计算；导入记录与隔离区保留。",
        "en": "Deleted the import {import_id} ({file}): {ratings:#rating|ratings} and "
        "{other:#other row|other rows} removed{cycles}, findings computed again; the import "
        "log and the quarantine are kept.",
    },
    "imports.deleted_cycles": {
        "zh": "，不再有数据的考核周期已移除：{cycles}",
        "en": "; cycles left without data removed: {cycles}",
    },
    "imports.replaced_note": {
        "zh": "注意：该导入替换掉的 {replaced} 行旧数据不会随删除恢复；如需恢复，删除后请重新导入原来的文件。",
        "en": "Note: the {replaced:#earlier row|earlier rows} this import replaced do not come "
        "back with the deletion; to restore them, import the original file again after it.",
    },
    "cli.import_id_needed": {
        "zh": "请说明要删除哪次导入，例如：python -m analytics imports delete 编号 --dataset "
        "华东分公司 --yes（编号见 imports list）",
        "en": "Say which import to delete, for example: python -m analytics imports delete ID "
        "--dataset acme --yes (the ids are listed by imports list)",
    },
    "status.deleted": {"zh": "已删除", "en": "deleted"},
    # the Data page: one import deleted
    "imports.section": {"zh": "删除一次导入", "en": "Delete one import"},
    "imports.pick": {"zh": "要删除的导入", "en": "Import to delete"},
    "imports.option": {
        "zh": "{file} · {time} · {rows} 行",
        "en": "{file} · {time} · {rows:#row|rows}",
    },
    "imports.option_roster": {
        "zh": "{file} · {time} · 花名册 {rows} 人",
        "en": "{file} · {time} · roster of {rows:#employee|employees}",
    },
    "imports.confirm_sessions": {
        "zh": "这次导入的评分上建有 {n} 个校准会（{sessions}）。删除后它们仍保存在数据集中（不会被删除）；但如果数据集因此不再有任何评分，校准会页面将无法打开它们（包括审计记录与回写文件），直到重新导入评分。",
        "en": "{n:#calibration session is|calibration sessions are} built on this import's grades ({sessions}). They stay in the dataset (nothing of them is deleted); but if the dataset is left with no ratings at all, the meeting page cannot open them (nor their audit trail or write-back) until ratings are imported again.",
    },
    "imports.delete": {"zh": "删除这次导入", "en": "Delete this import"},
    "imports.confirm": {
        "zh": "确定从数据集“{name}”中删除导入“{file}”（{time}，{rows} 行）吗？其数据将被移除，"
        "分析结果将重新计算；导入记录与隔离区会保留。",
        "en": "Delete the import “{file}” ({time}, {rows:#row|rows}) from the dataset "
        "“{name}”? Its data is removed and the findings are computed again; the import log "
        "and the quarantine are kept.",
    },
    "imports.confirm_yes": {"zh": "确认删除这次导入", "en": "Yes, delete this import"},
    "imports.deleted_page": {
        "zh": "已删除导入“{file}”：移除 {ratings} 条评分与 {other} 行其他数据，分析结果已重新计算。",
        "en": "Deleted the import “{file}”: {ratings:#rating|ratings} and "
        "{other:#other row|other rows} removed, findings computed again.",
    },
    "imports.failed": {
        "zh": "导入“{file}”未能删除，数据集保持不变：{detail}",
        "en": "The import “{file}” could not be deleted; the dataset is unchanged: {detail}",
    },
    # renaming a dataset (its key, and the links that carry it, stay)
    "dataset.rename": {"zh": "重命名", "en": "Rename"},
    "dataset.rename_name": {"zh": "新名称", "en": "New name"},
    "dataset.rename_help": {
        "zh": "只改显示的名称：已分享的链接（?dataset={dataset_key}）仍然有效。",
        "en": "Only the name shown changes: links shared before (?dataset={dataset_key}) keep working.",
    },
    "dataset.renamed": {
        "zh": "已将数据集“{old}”重命名为“{name}”（键 {dataset_key} 不变，原有链接仍然有效）。",
        "en": "Renamed the dataset “{old}” to “{name}” (its key {dataset_key} stays: links keep working).",
    },
    "cli.dataset_rename_needed": {
        "zh": "请说明要重命名的数据集和新名称，例如：python -m analytics datasets rename acme "
        "华东分公司",
        "en": "Say which dataset to rename and its new name, for example: python -m analytics "
        'datasets rename acme "ACME Ltd"',
    },
}
