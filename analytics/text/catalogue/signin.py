"""Sign-in (the gate before every page, the sidebar's identity) and the access log."""

TEXT: dict[str, dict[str, str]] = {
    # --- no provider: the embedded default ------------------------------------------------
    "signin.local_badge": {
        "zh": "未配置登录：本机管理员",
        "en": "No sign-in configured: local administrator",
    },
    "signin.local_help": {
        "zh": "没有配置登录服务（.streamlit/secrets.toml 中的 [auth]），所以只有一位用户：本机管理员，"
        "可以看到全部数据。服务只监听本机（localhost）。配置方法见 docs/security.md。",
        "en": "No sign-in provider is configured ([auth] in .streamlit/secrets.toml), so there "
        "is one user, the local administrator, who sees everything. The server listens on this "
        "machine only (localhost). See docs/security.md to configure sign-in.",
    },
    "signin.local_user": {"zh": "本机管理员", "en": "local administrator"},
    # a sign-off without sign-in, of a session that names its host (rev26a item 9)
    "signin.local_signer": {
        "zh": "{who}（未配置登录，无法识别是谁签字；本次主持人：{host}）",
        "en": "{who} (no sign-in configured, so who signed cannot be told; the host: {host})",
    },
    "signin.exposed": {
        "zh": "没有配置登录，但服务监听在 {address}：能访问这个端口的任何人都能看到全部数据。"
        "请用 make run（只监听本机）启动，或配置登录（docs/security.md）。",
        "en": "No sign-in is configured, but the server listens on {address}: anyone who can "
        "reach this port sees everything. Start it with make run (this machine only) or "
        "configure sign-in (docs/security.md).",
    },
    # --- the sign-in screen --------------------------------------------------------------
    "signin.title": {"zh": "请登录", "en": "Please sign in"},
    "signin.body": {
        "zh": "绩效数据只向有权限的人展示。请用公司账号登录，登录后看到的范围取决于您的角色。",
        "en": "Performance data is shown only to those allowed to see it. Sign in with your "
        "company account; what you see depends on your role.",
    },
    "signin.button": {"zh": "登录", "en": "Sign in"},
    "signin.button_with": {"zh": "用 {provider} 登录", "en": "Sign in with {provider}"},
    "signin.failed": {
        "zh": "登录配置有误（.streamlit/secrets.toml 的 [auth]）：{detail}",
        "en": "The sign-in configuration ([auth] in .streamlit/secrets.toml) is not usable: "
        "{detail}",
    },
    "signin.roles_problem": {
        "zh": "角色文件有问题，暂时无法判断您能看到什么：{problem}",
        "en": "The roles file has a problem, so what you may see cannot be decided: {problem}",
    },
    # --- signed in ---------------------------------------------------------------------------
    "signin.as": {"zh": "已登录：{user}", "en": "Signed in: {user}"},
    "signin.role": {"zh": "角色：{role}", "en": "Role: {role}"},
    "signin.reach_departments": {
        "zh": "可见范围：{departments}（含下级部门）",
        "en": "You see: {departments} (sub-departments included)",
    },
    "signin.reach_team": {
        "zh": "可见范围：工号 {employee} 的团队",
        "en": "You see: the team of employee {employee}",
    },
    "signin.reach_all": {"zh": "可见范围：全公司", "en": "You see: the whole company"},
    "signin.reach_pseudonymised": {
        "zh": "可见范围：全公司（匿名化：无姓名、无评语、工号经哈希处理）",
        "en": "You see: the whole company, pseudonymised (no names, no comments, hashed ids)",
    },
    "signin.logout": {"zh": "退出登录", "en": "Sign out"},
    "signin.denied_title": {"zh": "您还没有查看权限", "en": "You have no access yet"},
    "signin.denied": {
        "zh": "您已用 {user} 登录，但还没有被分配角色，因此看不到任何数据。请联系 {contact} 为您开通。",
        "en": "You are signed in as {user}, but no role is assigned to you, so you see no data. "
        "Please ask {contact} to give you access.",
    },
    "signin.contact_default": {
        "zh": "贵司的 HR 系统管理员",
        "en": "your company's HR system administrator",
    },
    # --- the access log ------------------------------------------------------------------
    "accesslog.title": {"zh": "访问日志", "en": "Access log"},
    "accesslog.caption": {
        "zh": "登录、导入、删除、导出和查看员工档案的记录（只追加，不可修改），仅 HR 管理员可见。",
        "en": "Sign-ins, imports, deletions, exports and person-page views (append-only, never "
        "changed); shown to HR administrators only.",
    },
    "accesslog.none": {"zh": "还没有记录。", "en": "Nothing logged yet."},
    "accesslog.download": {"zh": "下载访问日志（CSV）", "en": "Download the access log (CSV)"},
    "accesslog.failed": {
        "zh": "访问日志 {file} 无法写入（{detail}）。",
        "en": "The access log {file} could not be written ({detail}).",
    },
    # a download whose file could not be made (left32 item 1): said after the click, not a
    # dead button
    "download.failed": {
        "zh": "文件 {file} 未能生成（{detail}）。请再点一次它的下载按钮；仍然失败时请刷新页面（F5）"
        "后再试，并把这条信息告诉系统管理员。",
        "en": "The file {file} could not be made ({detail}). Click its download button again; if "
        "it fails again, reload the page (F5) and try once more, and pass this message to your "
        "administrator.",
    },
    "download.gone": {
        "zh": "文件 {file} 未能下载：页面已重新计算，那个下载按钮已过期。请再点一次下载按钮（按钮已更新）；"
        "仍然不行请刷新页面（F5）。",
        "en": "The file {file} could not be downloaded: the page was computed again since, and that "
        "button had expired. Click the download button again (it has been renewed); if that "
        "fails, reload the page (F5).",
    },
    "accesslog.event.sign_in": {"zh": "登录", "en": "sign-in"},
    "accesslog.event.import": {"zh": "导入", "en": "import"},
    "accesslog.event.delete_dataset": {"zh": "删除数据集", "en": "dataset deleted"},
    "accesslog.event.delete_import": {"zh": "删除一次导入", "en": "import deleted"},
    "accesslog.event.export": {"zh": "下载", "en": "download"},
    "accesslog.event.report": {"zh": "命令行报告", "en": "command-line report"},
    "accesslog.event.person_view": {"zh": "查看员工档案", "en": "person page viewed"},
    "accesslog.event.refused": {"zh": "被拒绝的访问", "en": "refused"},
    "accesslog.refused.person": {"zh": "员工", "en": "person"},
    "accesslog.refused.session": {"zh": "校准会", "en": "calibration session"},
    "accesslog.refused.department": {"zh": "部门", "en": "department"},
    "accesslog.refused.team": {"zh": "团队", "en": "team"},
    "accesslog.refused.rater": {"zh": "评价人", "en": "rater"},
    # a page the role is not offered, reached by its address ("meeting?session=1")
    "accesslog.refused.page": {"zh": "页面", "en": "page"},
    # a new calibration session for a list of people, some outside the reach
    "accesslog.refused.people": {"zh": "人员名单", "en": "list of people"},
    # a selection too small for a view that may not see individuals (rev28b item 13)
    "accesslog.refused.selection": {"zh": "筛选范围", "en": "selection"},
    "accesslog.refused_sep": {"zh": "：", "en": ": "},
    "accesslog.via.dashboard": {"zh": "看板", "en": "dashboard"},
    "accesslog.via.cli": {"zh": "命令行", "en": "command line"},
    "accesslog.os_account": {"zh": "系统账户 {user}", "en": "OS account {user}"},
    "accesslog.col.at": {"zh": "时间", "en": "When"},
    "accesslog.col.event": {"zh": "操作", "en": "Action"},
    "accesslog.col.user": {"zh": "用户", "en": "User"},
    "accesslog.col.role": {"zh": "角色", "en": "Role"},
    "accesslog.col.reach": {"zh": "权限范围", "en": "Reach"},
    "accesslog.col.via": {"zh": "途径", "en": "Via"},
    "accesslog.col.dataset": {"zh": "数据集", "en": "Dataset"},
    "accesslog.col.scope": {"zh": "筛选范围", "en": "Scope"},
    "accesslog.col.file": {"zh": "文件", "en": "File"},
    "accesslog.col.detail": {"zh": "详情", "en": "Detail"},
}
