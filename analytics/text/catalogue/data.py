"""Data page strings."""

TEXT: dict[str, dict[str, str]] = {
    "data.title": {"zh": "数据导入", "en": "Data"},
    "data.upload": {
        "zh": "上传绩效导出文件（CSV / XLSX / Parquet，支持 GBK 编码与中文表头）",
        "en": "Upload review exports (CSV / XLSX / Parquet; GBK and Chinese headers welcome)",
    },
    "data.detected": {
        "zh": "识别结果：{file}{sheet} — 形态 {shape}，写入 {tables}，{rows} 行，编码 {encoding}",
        "en": "Detected: {file}{sheet} — shape {shape}, feeds {tables}, {rows} rows, encoding {encoding}",
    },
    "data.mapping": {
        "zh": "列映射（可修改后再导入）",
        "en": "Column mapping (correct it before loading)",
    },
    "data.source_col": {"zh": "源列名", "en": "Source column"},
    "data.field": {"zh": "对应字段", "en": "Maps to"},
    "data.ignore": {"zh": "（忽略）", "en": "(ignore)"},
    "data.dimension": {"zh": "（评价维度）", "en": "(rating dimension)"},
    "data.preview": {"zh": "前 20 行预览", "en": "Preview of the first 20 rows"},
    "data.import": {"zh": "导入", "en": "Import"},
    "data.importing": {"zh": "正在导入 {file}…", "en": "Importing {file}…"},
    "data.rejected": {"zh": "文件被拒绝：", "en": "File rejected: "},
    "data.history": {"zh": "导入记录", "en": "Import history"},
    "data.quarantine": {
        "zh": "隔离区（未导入的行及原因）",
        "en": "Quarantine (rows not loaded, with reasons)",
    },
    "data.quarantine_dl": {"zh": "下载隔离明细 CSV", "en": "Download quarantine CSV"},
    "data.demo": {"zh": "载入演示数据", "en": "Load demo data"},
    "data.materialising": {
        "zh": "正在预计算评价人效应、归因与高潜画像…",
        "en": "Pre-computing rater effects, attribution and profiles…",
    },
    "data.none": {"zh": "暂无记录。", "en": "Nothing yet."},
    "column.file": {"zh": "文件", "en": "File"},
    "column.status": {"zh": "状态", "en": "Status"},
    "column.rows_loaded": {"zh": "导入行数", "en": "Rows loaded"},
    "column.rows_quarantined": {"zh": "隔离行数", "en": "Rows quarantined"},
    "column.rows_replaced": {"zh": "替换行数", "en": "Rows replaced"},
    "column.finished_at": {"zh": "完成时间", "en": "Finished"},
    "column.message": {"zh": "说明", "en": "Message"},
    "column.row_number": {"zh": "行号", "en": "Row"},
    "column.column": {"zh": "列", "en": "Column"},
    "column.raw_value": {"zh": "原始值", "en": "Raw value"},
    "column.shape": {"zh": "形态", "en": "Shape"},
}
